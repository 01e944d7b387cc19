"""Rigorous disc enclosures of the degree's witness system over batches of polydiscs.

The witness system of :mod:`algnet.analyses.degree` is F(theta) = (R v(theta) - c, A theta - b), with
v the network's values at K fixed sample inputs. :class:`WitnessDiscFamily` adds to
:class:`~algnet.analyses.degree.NetworkWitnessFamily` the two methods that
:func:`algnet.homotopy.certify.certify` uses to certify a whole witness set at once
(:func:`~algnet.homotopy.certify.krawczyk_batch`): ``evaluate_interval`` (discs containing F and
its Jacobian over polydiscs) and ``image_interval`` (discs containing the values v, to prove that
the images of the witness points are distinct). Both run the network's program once per block of
points in the float64 disc arithmetic of :mod:`algnet.homotopy.discs`: each scalar of the program
holds a (samples x points) array of discs, the sample inputs entering as exact float discs of shape
(K, 1) and the parameters as discs of shape (L,). The coefficients R, A, c, b and the sample inputs
are the float64 numbers the homotopy tracked, so the enclosures are of that exact system.

Measured (conv k=2,2,2,2 r=2: 8 unknowns, K = 495 sample inputs, 1,536 points; one core):
values and Jacobian over all points in 3 s of CPU; in ball arithmetic (python-flint ``acb``)
one point at a time costs about a second per point.

The example of :class:`WitnessDiscFamily` shows both methods on one witness system.
"""

from __future__ import annotations

import numpy as np

from algnet.analyses.degree import NetworkWitnessFamily

__all__ = ["WitnessDiscFamily", "BLOCK"]

#: Points per run of the disc program (memory: about 60 K n bytes per point with the Jacobian).
BLOCK = 256


class WitnessDiscFamily(NetworkWitnessFamily):
    """The witness family with batched rigorous disc evaluations (module doc).

    Examples
    --------
    One witness system serves the examples of every method (:meth:`of`, :meth:`image_interval`,
    :meth:`evaluate_interval`):

    >>> import numpy as np
    >>> from algnet.analyses.degree_pilot import witness_setup
    >>> from algnet import parse_spec
    >>> ws = witness_setup(parse_spec("conv k=2,2 r=2"), dim=3, seed=1)
    >>> fam = WitnessDiscFamily.of(ws.family)                       # the same system, with the disc methods
    >>> fam.n_vars == ws.family.n_vars
    True

    The values over a polydisc of radius 1e-9 contain the float values at its center; at radius 0 the
    discs are the rounding error only:

    >>> m, r = fam.image_interval(ws.theta0[None, :], np.array([1e-9]))
    >>> bool(np.all(np.abs(m - ws.values.values(ws.theta0[None, :])) <= r))
    True
    >>> m, r = fam.image_interval(ws.theta0[None, :], np.zeros(1))
    >>> m.shape == (1, ws.values.q), bool(r.max() < 1e-12)
    (True, True)

    The start point theta0 solves the member at p0, and near it the discs of F and its Jacobian contain
    the float values at their centers:

    >>> G, H = fam.evaluate_interval(ws.theta0[None, :], np.array([1e-9]), ws.p0)
    >>> bool(np.all(np.abs(G.m) <= G.r + 1e-12)), H.m.shape == (1, fam.n_vars, fam.n_vars)
    (True, True)
    >>> X = ws.theta0[None, :] + 0.01
    >>> G, H = fam.evaluate_interval(X, np.array([1e-8]), ws.p0)
    >>> F, J = ws.family.evaluate(X, ws.p0[None, :])
    >>> bool(np.all(np.abs(G.m - F) <= G.r + 1e-12)), bool(np.all(np.abs(H.m - J) <= H.r + 1e-12))
    (True, True)
    """

    @classmethod
    def of(cls, family: NetworkWitnessFamily) -> "WitnessDiscFamily":
        """The same system (same values, R and A) with the disc methods (example: the class's)."""
        return cls(family.values, family.R, family.A)

    def _disc_run(self, Xm, xr, jacobian: bool):
        """Values (L, q) and, with ``jacobian``, Jacobians (L, q, n) over the polydiscs, in blocks."""
        from algnet.homotopy.discs import Disc

        L, q, n = Xm.shape[0], self.values.q, self.n_vars
        Vm, Vr = np.empty((L, q), dtype=np.complex128), np.empty((L, q))
        Jm = np.empty((L, q, n), dtype=np.complex128) if jacobian else None
        Jr = np.empty((L, q, n)) if jacobian else None
        for a in range(0, L, BLOCK):
            b = min(L, a + BLOCK)
            V, J = self._block(Xm[a:b], xr[a:b], jacobian)
            Vm[a:b], Vr[a:b] = V
            if jacobian:
                Jm[a:b], Jr[a:b] = J
        return Disc(Vm, Vr), (Disc(Jm, Jr) if jacobian else None)

    def _block(self, Xm, xr, jacobian):
        """One run of the network's program on a block of polydiscs (module doc)."""
        from algnet.homotopy.discs import Disc, DiscBackend

        vals, net = self.values, self.values.net
        L, n = Xm.shape
        K, O = vals.K, vals.n_out
        th = np.empty(n, dtype=object)
        th[:] = [Disc(Xm[:, i].copy(), xr.copy()) for i in range(n)]
        Z = np.asarray(vals.Z, dtype=np.complex128).reshape(K, -1)
        Zd = np.empty((1,) + tuple(np.shape(vals.Z)[1:]), dtype=object)
        Zd.reshape(-1)[:] = [Disc(Z[:, j][:, None].copy()) for j in range(Z.shape[1])]
        B = DiscBackend()
        y = np.asarray(net.evaluate(th, Zd, backend=B), dtype=object).reshape(-1)       # n_out discs (K, L)
        V = _stack(y, K, L)                                                             # (O, K, L)
        Vm = V[0].transpose(2, 1, 0).reshape(L, K * O)                                  # sample-major
        Vr = V[1].transpose(2, 1, 0).reshape(L, K * O)
        if not jacobian:
            return (Vm, Vr), None
        Jo = np.asarray(net.jacobian(th, Zd, backend=B), dtype=object).reshape(O, n)
        J = _stack(Jo.reshape(-1), K, L)                                                # (O n, K, L)
        Jm = J[0].reshape(O, n, K, L).transpose(3, 2, 0, 1).reshape(L, K * O, n)
        Jr = J[1].reshape(O, n, K, L).transpose(3, 2, 0, 1).reshape(L, K * O, n)
        return (Vm, Vr), (Jm, Jr)

    def image_interval(self, Xm, xr):
        """Discs (midpoints, radii; (L, q)) containing the network's values at the sample inputs over the
        polydiscs {|theta_i - Xm_i| <= xr}: the images of the witness points (for certified distinctness).
        Example: the class's.
        """
        Xm, xr = _inputs(Xm, xr)
        V, _ = self._disc_run(Xm, xr, False)
        return V.m, np.broadcast_to(V.r, V.m.shape).copy()

    def evaluate_interval(self, Xm, xr, p=None, hessian=True):
        """Discs containing F and its Jacobian over the polydiscs {|theta_i - Xm_i| <= xr}.

        ``p``: the offsets (c, b) (subtracted); ``hessian``: True, False, or a boolean mask of the rows
        whose Jacobian is wanted (the name is :func:`~algnet.homotopy.certify.krawczyk_batch`'s).
        Returns ``(G, H)``: :class:`~algnet.homotopy.discs.Disc` of shapes (L, n) and (rows, n, n),
        or H None. Example: the class's.
        """
        from algnet.homotopy.discs import Disc, point_matmul

        Xm, xr = _inputs(Xm, xr)
        L, n, m = Xm.shape[0], self.n_vars, self.m
        mask = np.broadcast_to(np.asarray(hessian, dtype=bool), (L,))
        rows = np.nonzero(mask)[0]
        V, _ = self._disc_run(Xm, xr, False)
        Fv = point_matmul(self.R, Disc(V.m.T, np.broadcast_to(V.r, V.m.shape).T))       # (m, L)
        Fa = point_matmul(self.A, Disc(Xm.T, np.broadcast_to(xr, (n, L))))            # (e, L)
        Gm = np.concatenate([Fv.m, Fa.m]).T
        Gr = np.concatenate([np.broadcast_to(Fv.r, Fv.m.shape), np.broadcast_to(Fa.r, Fa.m.shape)]).T
        G = Disc(Gm, Gr)
        if p is not None:
            G = G - Disc(np.asarray(p, dtype=np.complex128))
        if hessian is False or not rows.size:
            return G, None
        _, J = self._disc_run(Xm[rows], xr[rows], True)
        RJ = point_matmul(self.R, J)                                                   # (rows, m, n)
        Hm = np.empty((rows.size, n, n), dtype=np.complex128)
        Hr = np.zeros((rows.size, n, n))
        Hm[:, :m], Hr[:, :m] = RJ.m, np.broadcast_to(RJ.r, RJ.m.shape)
        Hm[:, m:] = self.A[None]
        return G, Disc(Hm, Hr)


def _inputs(Xm, xr):
    Xm = np.atleast_2d(np.asarray(Xm, dtype=np.complex128))
    xr = np.broadcast_to(np.asarray(xr, dtype=np.float64).reshape(-1), (Xm.shape[0],)).copy()
    return Xm, xr


def _stack(objs, K, L):
    """Midpoints and radii (len(objs), K, L) of discs of shape (K, L) or broadcastable, or exact numbers."""
    from algnet.homotopy.discs import Disc

    M = np.empty((len(objs), K, L), dtype=np.complex128)
    R = np.empty((len(objs), K, L))
    for i, v in enumerate(objs):
        d = Disc.coerce(v)
        M[i] = np.broadcast_to(d.m, (K, L))
        R[i] = np.broadcast_to(d.r, (K, L))
    return M, R
