"""Rigorous float64 disc enclosures of the gradient system over batches of polydiscs.

:class:`DiscEvaluation` gives :class:`~algnet.analyses.critical.system.GradientFamily` the methods
``evaluate_interval`` and ``image_interval`` that :func:`algnet.homotopy.certify.krawczyk_batch`
uses: the same formulas as the family's ball evaluation (the Hessian's second derivatives by Cauchy's
formula on circles, each circle point a disc, the roots of unity enclosed by ball arithmetic), in
the disc arithmetic of :mod:`algnet.homotopy.discs`, with one run of the network's program for a
whole batch of points (each scalar of the program holds the batch).

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
        ``Th`` (a :class:`~algnet.homotopy.discs.Disc` of shape (L, n)): one run of the program, each
        scalar of it a batch of L discs."""
        from algnet.homotopy.discs import Disc, DiscBackend, point_matmul, to_disc_arrays

        L = Th.m.shape[0]
        if self._E is not None:
            Th = point_matmul(self._E, Disc(Th.m.T, np.broadcast_to(Th.r, Th.m.shape).T))
            Th = Disc(Th.m.T, Th.r.T)
        rb = np.broadcast_to(Th.r, Th.m.shape)
        th = np.empty(Th.m.shape[1], dtype=object)
        th[:] = [Disc(Th.m[:, i], rb[:, i]) for i in range(Th.m.shape[1])]
        Z = np.asarray(self.values.Z)
        Zd = np.empty(Z.shape, dtype=object)
        Zd.reshape(-1)[:] = [Disc(complex(z)) for z in Z.reshape(-1)]
        net, B = self.values.net, DiscBackend()
        V = Disc(*to_disc_arrays(np.asarray(net.evaluate(th, Zd, backend=B), dtype=object).reshape(-1), L))
        if not jacobian:
            return V, None
        J = Disc(*to_disc_arrays(np.asarray(net.jacobian(th, Zd, backend=B), dtype=object), L))
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
        from algnet.homotopy.discs import Disc, U, disc_matmul, point_matmul

        Th = self._theta_disc(Xm, xr)
        L0, ns = Th.m.shape[0], self.n_vars
        mask = np.broadcast_to(np.asarray(hessian, dtype=bool), (L0,))
        hrows = np.nonzero(mask)[0]
        blocks = [Th]
        Thr = np.broadcast_to(Th.r, Th.m.shape)
        if hrows.size:
            Th_h = Disc(Th.m[hrows], Thr[hrows])
            rho = self._radius(Th_h.m)                                 # any positive radius: exact formula
            for j in range(ns):
                for wm, wr in _roots_of_unity(int(self.M[j])):
                    s = Disc(rho) * Disc(wm, wr)                                    # rho w_k (a disc)
                    blocks.append(Th_h + Disc(s.m[:, None], s.r[:, None]) * Disc(self.N[:, j][None, :]))
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
        off, Lh = L0, hrows.size
        for j in range(ns):
            Mj = int(self.M[j])
            acc = None
            for wm, wr in _roots_of_unity(Mj):
                term = Jy[off:off + Lh] * Disc(np.conj(wm), wr)
                acc = term if acc is None else acc + term
                off += Lh
            inv = 1.0 / (Mj * rho)
            dJ = acc * Disc(inv[:, None, None], 4 * U * inv[:, None, None])
            col = disc_matmul(Disc(np.swapaxes(dJ.m, 1, 2), np.swapaxes(np.broadcast_to(dJ.r, dJ.m.shape), 1, 2)), W)
            s = Disc(Hm[:, :, j], Hr[:, :, j]) + Disc(col.m[..., 0], col.r[..., 0])
            Hm[:, :, j], Hr[:, :, j] = s.m, s.r
        return G, Disc(Hm, Hr)


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
    """[(w, radius)]: float midpoints w of exp(2 pi i k / M) with radii that enclose them (ball arithmetic)."""
    if M not in _ROOTS:
        out = []
        for k in range(M):
            z = (acb(2 * k) / M).exp_pi_i()
            w = complex(float(z.real.mid()), float(z.imag.mid()))
            err = abs(acb(w.real, w.imag) - z)
            out.append((w, 2.0 * float(err.upper()) + 2.0 ** -996))
        _ROOTS[M] = out
    return _ROOTS[M]
