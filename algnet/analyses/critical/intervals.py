"""Rigorous float64 disc enclosures of the gradient system over batches of polydiscs.

:class:`DiscEvaluation` gives :class:`~algnet.analyses.critical.system.GradientFamily` the methods
``evaluate_interval`` and ``image_interval`` that :func:`algnet.homotopy.certify.krawczyk_batch`
uses: the same formulas as the family's ball evaluation (the Hessian's second derivatives by Cauchy's
formula on circles, each circle point a disc, the roots of unity enclosed by ball arithmetic), in
the disc arithmetic of :mod:`algnet.homotopy.discs`, with one run of the network's program on one sample
for a whole batch of points (each scalar of the program holds the discs of every sample input and every point:
a Python-level disc operation per node of the program, not per node and sample; the values are read off the
Jacobian's forward pass), and the Cauchy sums of every column of one circle size in one disc product.
(Rigour does not depend on the layout: every disc operation encloses its exact result elementwise, the sample
inputs enter as exact discs of radius 0.)

Examples
--------
>>> import numpy as np
>>> from algnet.analyses.critical.system import example_family
>>> fam = example_family("linear 2-1-2", "generic")
>>> G, H = fam.evaluate_interval(np.ones((2, 3)), np.full(2, 1e-6), fam.loss.u)
>>> G.m.shape, H.m.shape
((2, 3), (2, 3, 3))
"""

from __future__ import annotations

import numpy as np

from algnet.core.numbers import acb

__all__ = ["DiscEvaluation"]


class DiscEvaluation:
    """Batched disc enclosures of G, its Jacobian and the images (mixed into ``GradientFamily``).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("dense 2-1-1 r=3", "generic")
    >>> X = np.random.default_rng(1).normal(size=(3, fam.n_vars)) + 0j
    >>> G, _ = fam.evaluate_interval(X, np.zeros(3), fam.loss.u, hessian=False)
    >>> Gf, _ = fam.evaluate(X, np.broadcast_to(fam.loss.u, (3, fam.n_params)))
    >>> bool(np.all(np.abs(G.m - Gf) <= G.r + 1e-9 * np.abs(Gf)))
    True
    """

    def _disc_values(self, Th, jacobian: bool = True):
        """Values (L, q) and Jacobians (L, q, n) in this network's parameters over parameter discs
        ``Th`` (a :class:`~algnet.homotopy.discs.Disc` of shape (L, n)): one run of the program on one sample, each
        scalar of it a batch of the K L discs of the K samples and L polydiscs (sample by sample: lane b L + l),
        the samples' inputs exact discs (radius 0) per lane; the values are read off the Jacobian's forward pass."""
        from algnet.homotopy.discs import Disc, DiscBackend, point_matmul, to_disc_arrays

        L = Th.m.shape[0]
        if self._E is not None:
            Th = point_matmul(self._E, Disc(Th.m.T, np.broadcast_to(Th.r, Th.m.shape).T))
            Th = Disc(Th.m.T, Th.r.T)
        Z = np.asarray(self.values.Z, dtype=np.complex128)
        K = Z.shape[0]
        Tm = np.tile(Th.m.T, (1, K))                           # (n, K L): parameter i on lane b L + l is Th[l, i]
        Tr = np.tile(np.broadcast_to(Th.r, Th.m.shape).T, (1, K))
        th = np.empty(Tm.shape[0], dtype=object)
        th[:] = [Disc(Tm[i], Tr[i]) for i in range(Tm.shape[0])]
        Zl = np.repeat(Z.reshape(K, -1).T, L, axis=1)          # (inputs, K L): sample b's input on its L lanes
        Zd = np.empty((1,) + Z.shape[1:], dtype=object)
        Zd.reshape(-1)[:] = [Disc(z) for z in Zl]
        net, B = self.values.net, DiscBackend()
        if not jacobian:
            Vo = np.asarray(net.evaluate(th, Zd, backend=B), dtype=object).reshape(-1)
            return _by_sample(Disc(*to_disc_arrays(Vo, K * L)), K, L), None
        Vo, Jo = _values_and_jacobian(net, th, Zd, B)
        V, J = _by_sample(Disc(*to_disc_arrays(Vo, K * L)), K, L), _by_sample(Disc(*to_disc_arrays(Jo, K * L)), K, L)
        if self._E is not None:
            J = _right_point(J, self._E)
        return V, J

    def _theta_disc(self, Xm, xr):
        from algnet.homotopy.discs import Disc, point_matmul

        Xm = np.atleast_2d(np.asarray(Xm, dtype=np.complex128))
        xr = np.broadcast_to(np.asarray(xr, dtype=np.float64).reshape(-1, 1), Xm.shape)
        Th = point_matmul(self.N, Disc(Xm.T, xr.T))            # (n, L)
        return Disc(Th.m.T, Th.r.T) + self.c0[None, :]

    def residual_ball(self, Xm, p=None, bits: int = 128):
        """Discs (midpoints, radii; (L, n_vars)) containing G at the float points ``Xm``, evaluated in
        ball arithmetic at ``bits`` of precision (for points where float64 rounding swamps the residual).

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.analyses.critical.system import example_family
        >>> fam = example_family("linear 2-1-2", "generic")
        >>> X = np.random.default_rng(1).normal(size=(2, 3)) + 0j
        >>> m, r = fam.residual_ball(X, fam.loss.u)
        >>> G, _ = fam.evaluate_interval(X, np.zeros(2), fam.loss.u, hessian=False)
        >>> bool(np.all(np.abs(m - G.m) <= r + G.r)), bool(np.all(r < 1e-15 * (1 + np.abs(m))))
        (True, True)
        """
        from algnet.core.numbers import acb_mat, ball_precision
        from algnet.homotopy.discs import ETA, U

        Xm = np.atleast_2d(np.asarray(Xm, dtype=np.complex128))
        L, ns, m = Xm.shape[0], self.n_vars, self.n_params
        M = np.zeros((L, ns), dtype=np.complex128)
        R = np.zeros((L, ns))
        with ball_precision(bits):
            pb = None if p is None else [acb(float(z.real), float(z.imag)) for z in np.asarray(p, dtype=np.complex128)]
            Qm = self._balls()[1]
            for i in range(L):
                y, J0 = self._jy_ball(self._theta_ball([acb(float(z.real), float(z.imag)) for z in Xm[i]]))
                res = acb_mat(m, 1, [y[a, 0] - (pb[a] if pb is not None else 0) for a in range(m)])
                G = J0.transpose() * (Qm * res)
                for j in range(ns):
                    g = G[j, 0]
                    M[i, j] = complex(float(g.real.mid()), float(g.imag.mid()))
                    R[i, j] = float(g.real.rad()) + float(g.imag.rad())
        # the float midpoints round the ball midpoints (u per part); float(rad) may round down (u)
        return M, R * (1 + 4 * U) + 2 * U * np.abs(M) + ETA

    def image_interval(self, Xm, xr):
        """Discs (midpoints, radii; (L, m)) containing the loss coordinates y over the polydiscs
        {|x_i - Xm_i| <= xr} of slice points (rigorous float64 arithmetic, :mod:`algnet.homotopy.discs`).
        Rows that :meth:`evaluate_interval` saw with a Hessian are taken from its run.

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.analyses.critical.system import example_family
        >>> fam = example_family("linear 2-1-2", "generic")
        >>> X = np.random.default_rng(0).normal(size=(2, 3)) + 0j
        >>> m, r = fam.image_interval(X, np.zeros(2))
        >>> bool(np.all(np.abs(m - fam.image(X)) <= r + 1e-12)), bool(r.max() < 1e-12)
        (True, True)
        """
        from algnet.homotopy.discs import point_matmul

        Xm = np.atleast_2d(np.asarray(Xm, dtype=np.complex128))
        xr = np.broadcast_to(np.asarray(xr, dtype=np.float64).reshape(-1), (Xm.shape[0],))
        cache = getattr(self, "_image_cache", None) or {}
        keys = [(Xm[i].tobytes(), float(xr[i])) for i in range(Xm.shape[0])]
        miss = [i for i, key in enumerate(keys) if key not in cache]
        if miss:
            V, _ = self._disc_values(self._theta_disc(Xm[miss], xr[miss]), jacobian=False)
            y = point_matmul(self.T, _t(V))                         # (m, L)
            yr = np.broadcast_to(y.r, y.m.shape)
            for a_, i in enumerate(miss):
                cache[keys[i]] = (y.m[:, a_], yr[:, a_])
        out = [cache[key] for key in keys]
        return np.array([o[0] for o in out]), np.array([o[1] for o in out])

    def evaluate_interval(self, Xm, xr, p=None, hessian=True):
        """Discs containing G and its Jacobian H over the polydiscs {|x_i - Xm_i| <= xr}.

        The batched, rigorous float64 counterpart of :meth:`evaluate_ball` (the same formulas: the
        Hessian's second derivatives by Cauchy's formula on circles, each circle point a disc, the roots
        of unity enclosed by ball arithmetic), for a whole batch of points in one run of the program.
        ``hessian``: True, False, or a boolean mask of the rows that need H. Returns ``(G, H)``:
        :class:`~algnet.homotopy.discs.Disc` of shapes (L, n_vars) and (rows with H, n_vars, n_vars)
        (None without). The images over the rows with H are kept for :meth:`image_interval`.

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.analyses.critical.system import example_family
        >>> fam = example_family("conv k=2,2 r=2", "generic")
        >>> X, u = np.random.default_rng(0).normal(size=(4, 3)) + 0j, fam.loss.u
        >>> G, H = fam.evaluate_interval(X, np.full(4, 1e-9), u)
        >>> Gf, Hf = fam.evaluate(X, np.broadcast_to(u, (4, fam.n_params)))
        >>> bool(np.all(np.abs(G.m - Gf) <= G.r + 1e-9)), bool(np.all(np.abs(H.m - Hf) <= H.r + 1e-9))
        (True, True)
        """
        from algnet.homotopy.discs import Disc, disc_matmul, point_matmul

        Th = self._theta_disc(Xm, xr)
        L0 = Th.m.shape[0]
        mask = np.broadcast_to(np.asarray(hessian, dtype=bool), (L0,))
        hrows = np.nonzero(mask)[0]
        blocks = [Th]
        Thr = np.broadcast_to(Th.r, Th.m.shape)
        if hrows.size:
            Th_h = Disc(Th.m[hrows], Thr[hrows])
            rho = self._radius(Th_h.m)                                 # any positive radius: exact formula
            # the points th + rho w N[:, j] on every circle (j, then its roots, then the rows: one product for all)
            wm, wr, _ = _circle_roots(self.M)
            s = Disc(rho[None, :]) * Disc(wm[:, None], wr[:, None])                  # rho w (discs; (K, Lh))
            cols = np.repeat(np.asarray(self.N, dtype=np.complex128).T, _sizes(self.M), axis=0)      # N[:, j] per root
            shifted = Th_h + Disc(s.m[..., None], s.r[..., None]) * Disc(cols[:, None, :])
            blocks.append(Disc(shifted.m.reshape(-1, shifted.m.shape[-1]),
                               np.broadcast_to(shifted.r, shifted.m.shape).reshape(-1, shifted.m.shape[-1])))
        Th_all = Disc(np.concatenate([b.m for b in blocks]),
                      np.concatenate([np.broadcast_to(b.r, b.m.shape) for b in blocks]))
        V, J = self._disc_values(Th_all)
        Jy = _right_point(point_matmul(self.T, J), self.N)          # (L, m, ns)
        y = point_matmul(self.T, _t(V[:L0]))                         # (m, L0)
        y = Disc(y.m.T, np.broadcast_to(y.r, y.m.shape).T)
        if hrows.size:     # the images over the boxes, for image_interval
            if getattr(self, "_image_cache", None) is None or len(self._image_cache) > 100000:
                self._image_cache = {}
            Xm2 = np.atleast_2d(np.asarray(Xm, dtype=np.complex128))
            xr2 = np.broadcast_to(np.asarray(xr, dtype=np.float64).reshape(-1), (L0,))
            for i in hrows:
                self._image_cache[(Xm2[i].tobytes(), float(xr2[i]))] = (y.m[i], y.r[i])
        if p is not None:
            y = y - Disc(np.asarray(p, dtype=np.complex128))
        W = point_matmul(self.Q, Disc(y.m[..., None], y.r[..., None]))        # (L0, m, 1)
        J0 = Jy[:L0]
        J0t = Disc(np.swapaxes(J0.m, 1, 2), np.swapaxes(np.broadcast_to(J0.r, J0.m.shape), 1, 2))
        G = disc_matmul(J0t, W)
        G = Disc(G.m[..., 0], G.r[..., 0])
        if not hrows.size:
            return G, None
        J0t, W = J0t[hrows], W[hrows]
        H = disc_matmul(J0t, point_matmul(self.Q, J0[hrows]))
        Hm, Hr = H.m.copy(), np.broadcast_to(H.r, H.m.shape).copy()
        _cauchy_columns(Jy, L0, hrows.size, self.M, rho, W, Hm, Hr)
        return G, Disc(Hm, Hr)


def _cauchy_columns(Jy, L0, Lh, M, rho, W, Hm, Hr):
    """Adds to H = (Hm, Hr) (Lh, ns, ns; in place) its second-derivative part: column j is d(J_y)/d x_j^T W, the
    derivative by Cauchy's formula on the circle of M[j] points, (1 / (M_j rho)) sum_k J_y(th + rho w_k N_j) conj(w_k),
    for the columns of one circle size at once (the same disc operations, in the same order, as column by column)."""
    from algnet.homotopy.discs import Disc, U, disc_matmul

    sizes = _sizes(M)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    wm, wr, _ = _circle_roots(M)
    for Mj in sorted(set(sizes.tolist())):
        js = np.nonzero(sizes == Mj)[0]
        # the rows of J_y on the circles of these columns: (columns, roots, Lh, m, ns)
        idx = (L0 + (starts[js][:, None] + np.arange(Mj)[None, :])[..., None] * Lh + np.arange(Lh)).reshape(-1)
        Jr = np.broadcast_to(Jy.r, Jy.m.shape)
        shape = (js.size, Mj, Lh) + Jy.m.shape[1:]
        Jm, Jrr = Jy.m[idx].reshape(shape), Jr[idx].reshape(shape)
        k = (starts[js][:, None] + np.arange(Mj)[None, :])          # the roots' positions in _circle_roots
        w = Disc(np.conj(wm[k])[..., None, None, None], wr[k][..., None, None, None])
        acc = None
        for t in range(Mj):
            term = Disc(Jm[:, t], Jrr[:, t]) * Disc(w.m[:, t], w.r[:, t])
            acc = term if acc is None else acc + term
        inv = 1.0 / (Mj * rho)
        dJ = acc * Disc(inv[None, :, None, None], 4 * U * inv[None, :, None, None])       # (columns, Lh, m, ns)
        col = disc_matmul(Disc(np.swapaxes(dJ.m, -1, -2), np.swapaxes(np.broadcast_to(dJ.r, dJ.m.shape), -1, -2)),
                          W)                                                                 # (columns, Lh, ns, 1)
        s = Disc(Hm[:, :, js], Hr[:, :, js]) + Disc(np.moveaxis(col.m[..., 0], 0, -1),
                                                    np.moveaxis(np.broadcast_to(col.r, col.m.shape)[..., 0], 0, -1))
        Hm[:, :, js], Hr[:, :, js] = s.m, np.broadcast_to(s.r, s.m.shape)


def _by_sample(D, K, L):
    """Discs (K L, q, ...) of one sample's program run, lane b L + l, as (L, K q, ...): polydisc l's values of the
    samples' outputs in turn (sample b's output o at b q + o, as a run over the K samples gives them)."""
    from algnet.homotopy.discs import Disc

    def order(a):
        a = a.reshape((K, L) + a.shape[1:])
        return np.swapaxes(a, 0, 1).reshape((L, K * a.shape[2]) + a.shape[3:])

    return Disc(order(D.m), order(np.broadcast_to(D.r, D.m.shape)))


def _values_and_jacobian(net, th, Zd, B):
    """The object arrays of the values (flat) and of the Jacobian rows of the network at parameters ``th`` on the
    inputs ``Zd`` over the backend B: where the network evaluates and differentiates by its own program, the values
    are read off the forward pass of the Jacobian's run (one forward pass, not two; the same operations)."""
    from algnet.architectures.base import Network

    if type(net).evaluate is not Network.evaluate or type(net).jacobian is not Network.jacobian:
        return (np.asarray(net.evaluate(th, Zd, backend=B), dtype=object).reshape(-1),
                np.asarray(net.jacobian(th, Zd, backend=B), dtype=object))
    X = net._check_inputs(Zd, B)
    nb, q = X.shape[0], net.n_outputs
    X = np.repeat(X, q, axis=0)                          # as Network.jacobian with C=None: a row per output
    C = B.asarray(np.tile(np.eye(q, dtype=np.int64), (nb, 1)))
    P = net._program(th, B, record=True)
    y = net.forward(P, P.input(X))
    V = np.asarray(y.value, dtype=object).reshape(nb, q, -1)[:, 0].reshape(-1)     # sample b's values (its first copy)
    J = P.vjp(y, C.reshape(y.value.shape), order=[n for n, _ in net.param_shapes])
    return V, np.asarray(J, dtype=object)


def _t(D):
    """A disc (L, q) as (q, L) (columns for a matrix product from the left)."""
    from algnet.homotopy.discs import Disc

    return Disc(D.m.T, np.broadcast_to(D.r, D.m.shape).T)


def _right_point(D, A):
    """D @ A for discs D (..., a, b) and a float matrix A (b, c)."""
    from algnet.homotopy.discs import Disc, point_matmul

    r = np.broadcast_to(D.r, D.m.shape)
    out = point_matmul(np.asarray(A, dtype=np.complex128).T, Disc(np.swapaxes(D.m, -1, -2), np.swapaxes(r, -1, -2)))
    return Disc(np.swapaxes(out.m, -1, -2), np.swapaxes(np.broadcast_to(out.r, out.m.shape), -1, -2))


_ROOTS: dict = {}


def _roots_of_unity(M: int):
    """[(w, radius)]: float midpoints w of exp(2 pi i k / M) with radii that enclose them (ball arithmetic; the
    quarter turns, 4 k / M an integer, are 1, i, -1, -i exactly: no ball arithmetic, radius 2^-996 as for any root).

    >>> [w for w, _ in _roots_of_unity(4)], _roots_of_unity(2)[1][1] > 0
    ([(1+0j), 1j, (-1+0j), -1j], True)
    >>> w, r = _roots_of_unity(3)[1]
    >>> bool(abs(w - complex(-0.5, 3 ** 0.5 / 2)) <= r)
    True
    """
    if M not in _ROOTS:
        out = []
        for k in range(M):
            if (4 * k) % M == 0:
                out.append(((1, 1j, -1, -1j)[4 * k // M] + 0j, 2.0 ** -996))
                continue
            z = (acb(2 * k) / M).exp_pi_i()
            w = complex(float(z.real.mid()), float(z.imag.mid()))
            err = abs(acb(w.real, w.imag) - z)
            out.append((w, 2.0 * float(err.upper()) + 2.0 ** -996))
        _ROOTS[M] = out
    return _ROOTS[M]


def _sizes(M) -> np.ndarray:
    """The circle sizes M as an int array."""
    return np.asarray(M, dtype=np.int64).reshape(-1)


def _circle_roots(M):
    """The roots of :func:`_roots_of_unity` of every circle M[j], concatenated: ``(w, radii, sizes)``."""
    key = tuple(_sizes(M).tolist())
    got = _CIRCLES.get(key)
    if got is None:
        pairs = [wr for Mj in key for wr in _roots_of_unity(Mj)]
        got = _CIRCLES[key] = (np.array([w for w, _ in pairs], dtype=np.complex128),
                               np.array([r for _, r in pairs], dtype=np.float64), np.array(key, dtype=np.int64))
    return got


_CIRCLES: dict = {}
