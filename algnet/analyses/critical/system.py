"""The gradient system of L = l o mu on a gauge slice, as a family in the target.

Unknowns: the free coordinates phi of theta on a *gauge slice* (the
coordinates that the known continuous symmetries move linearly and freely
are pinned to random real values, so each orbit meets the slice once; when
the generic fiber is larger than the symmetry orbits, further coordinates
are pinned as ``degree`` slices the fiber). Since L is constant on orbits
and the slice is transversal to them, theta on the slice is critical for L
exactly when the gradient along the slice vanishes:

    G(phi; u) = J_y(theta)_free^T Q (y(theta) - u) = 0,     y = T v(theta),

n_free equations in n_free unknowns, linear in the target u (the parameters
of the family). Its Jacobian is the Hessian of L along the slice,
J^T Q J + sum_a w_a d^2 y_a (w = Q (y - u)); the second derivatives come
from the straight-line program by Cauchy's formula on circles: along a
coordinate direction e_j the Jacobian J(theta + s e_j) is a polynomial in s
of degree at most d_j (the degree of the outputs in theta_j), so
dJ/ds(0) = (1 / (M rho)) sum_k J(theta + rho w^k e_j) w^-k with M = max(d_j, 2)
points w^k on a circle is exact (no truncation error; only rounding). The same
identity in ball arithmetic gives rigorous enclosures of the Hessian over a
box (Krawczyk certification).

Examples
--------
>>> import numpy as np
>>> from algnet import parse_spec
>>> from algnet.analyses.critical.loss import make_loss
>>> net = parse_spec("linear 2-1-2"); rng = np.random.default_rng(0)
>>> fam = gradient_family(net, make_loss(net, "frobenius", rng=rng), rng)
>>> fam.n_vars, fam.n_params, fam.gauge
(3, 4, (0,))
"""

from __future__ import annotations

import numpy as np

from algnet.analyses.witness import NetworkValues
from algnet.homotopy.systems import System

__all__ = ["GradientFamily", "gradient_family", "coordinate_degrees", "gauge_slice"]


def coordinate_degrees(net) -> np.ndarray:
    """Upper bound, per flat parameter, on the degree of the outputs in that parameter.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> coordinate_degrees(parse_spec("dense 2-2-1 r=2")).tolist()
    [2, 2, 2, 2, 1, 1]
    """
    from algnet.core.backends import DegreeBound
    from algnet.core.slp import Program

    out = []
    try:
        for name, shape in net.param_shapes:
            P = Program(DegreeBound(), {nm: np.zeros(s) for nm, s in net.param_shapes})
            for nm, node in P.params.items():
                node.value = (np.ones if nm == name else np.zeros)(node.value.shape)
            y = net.forward(P, P.input(np.zeros((1,) + tuple(net.input_shape))))
            out += [int(np.max(y.value))] * int(np.prod(shape))
        return np.array(out, dtype=np.int64)
    except Exception:  # derived networks evaluate through their parent: use the total degree
        return np.full(net.n_params, int(net.parameter_degree()), dtype=np.int64)


def gauge_slice(net, dim: int, rng):
    """(pinned coordinates, note): symmetry pivots, then fiber pivots up to n_params - dim.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> gauge_slice(parse_spec("conv k=2,2 r=2"), 3, np.random.default_rng(0))[0]
    (0,)
    """
    from algnet.analyses.degree import _gauge_coordinates

    n = net.n_params
    e = n - dim
    pinned: list = []
    note = "no known continuous symmetries"
    try:
        from algnet.analyses.fibers import gauge_coordinates

        theta = net.random_params(seed=int(rng.integers(2**31)), bound=2**10)
        pinned = list(gauge_coordinates(net, theta))[:e]
        if pinned:
            note = f"{len(pinned)} coordinates pinned by the known symmetries (one point per orbit)"
    except Exception:
        pinned = []
    if len(pinned) < e:
        free = [i for i in range(n) if i not in set(pinned)]
        Zc = rng.normal(size=(net.monomial_count() + 2,) + tuple(net.input_shape))
        th = rng.normal(size=n) + 1j * rng.normal(size=n)
        from algnet.core.backends import Complex

        J = net.jacobian(th, Zc, backend=Complex())[:, free]
        extra = _gauge_coordinates(J, e - len(pinned))
        pinned += [free[i] for i in extra]
        note += (f"; {e - len(pinned) + len(extra)} more pinned on the generic fiber (it is larger than the "
                 "known symmetry orbits): points are counted modulo the generic fiber")
    return tuple(sorted(int(i) for i in pinned)), note


class GradientFamily(System):
    """G(phi; u) (module doc) with ``evaluate``, ``param_derivative``, ``evaluate_ball``.

    Attributes
    ----------
    net, loss : the network and :class:`~algnet.analyses.critical.loss.Loss`
    gauge : tuple of int
        Pinned flat parameters; ``pinned_values`` their (real) values.
    free : ndarray
        The free flat parameters (the unknowns, in order).
    """

    def __init__(self, net, loss, gauge, pinned_values, rng):
        self.net = net
        self.loss = loss
        self.gauge = tuple(gauge)
        self.pinned_values = np.asarray(pinned_values, dtype=float)
        n = net.n_params
        self.free = np.array([i for i in range(n) if i not in set(self.gauge)], dtype=np.int64)
        self.n_vars = len(self.free)
        self.n_params = loss.m
        # a network on a linear subspace of its parent's parameters (theta_parent = E theta) is
        # evaluated through the parent's batched program
        self._E = None
        base = net
        if hasattr(net, "basis") and hasattr(net, "parent"):
            base, self._E = net.parent, np.asarray(net.basis, dtype=np.complex128)
        self.values = NetworkValues(base, np.asarray(loss.Z, dtype=np.complex128), rng)
        self.T = np.asarray(loss.T, dtype=np.complex128)
        self.Q = np.asarray(loss.Q, dtype=np.complex128)
        self.real = True
        deg = coordinate_degrees(net)
        if self._E is not None:  # degree in u_j <= sum of the parent's degrees in the coordinates it moves
            pd = coordinate_degrees(net.parent)
            deg = np.minimum(deg, (np.abs(self._E.real) > 0).astype(np.int64).T @ pd)
        deg = deg[self.free]
        self.M = np.maximum(deg, 2)
        self._z0 = rng.normal(size=loss.m) + 1j * rng.normal(size=loss.m)
        self._cache = None

    # ---------------------------------------------------------- coordinates
    def theta(self, X):
        """Full parameter vectors (N, n_params) of slice points X (N, n_vars)."""
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        T = np.empty((X.shape[0], self.net.n_params), dtype=np.complex128)
        T[:, list(self.gauge)] = self.pinned_values
        T[:, self.free] = X
        return T

    def _vj(self, Th):
        """Values and Jacobians (in this network's parameters) at full parameter vectors."""
        if self._E is None:
            return self.values(Th)
        V, J = self.values(Th @ self._E.T)
        return V, np.matmul(J, self._E)

    def image(self, X):
        """Loss coordinates y (N, m) of slice points."""
        Th = self.theta(X)
        if self._E is not None:
            Th = Th @ self._E.T
        return self.values.values(Th) @ self.T.T

    def first_order(self, X):
        """(y (N, m), J_y restricted to the free coordinates (N, m, n_vars))."""
        V, J = self._vj(self.theta(X))
        return V @ self.T.T, np.matmul(self.T, J[:, :, self.free])

    def gradient(self, X, P):
        y, Jf = self.first_order(X)
        W = (y - np.asarray(P, dtype=np.complex128)) @ self.Q
        return np.einsum("nai,na->ni", Jf, W)

    # ------------------------------------------------------------ evaluation
    def _radius(self, Th):
        return 0.5 * (1.0 + np.sqrt(np.mean(np.abs(Th) ** 2, axis=1)))

    def evaluate(self, X, P=None):
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        N, ns = X.shape[0], self.n_vars
        Th = self.theta(X)
        rho = self._radius(Th)
        blocks = [Th]
        for j in range(ns):
            w = np.exp(2j * np.pi * np.arange(self.M[j]) / self.M[j])
            S = np.repeat(Th[None], self.M[j], axis=0)               # (M, N, n)
            S[:, :, self.free[j]] += rho[None, :] * w[:, None]
            blocks.append(S.reshape(-1, Th.shape[1]))
        V, J = self._vj(np.concatenate(blocks))
        Jy = np.matmul(self.T, J[:, :, self.free])                  # (rows, m, ns)
        y = V[:N] @ self.T.T
        J0 = Jy[:N]
        Pm = 0.0 if P is None else np.asarray(P, dtype=np.complex128)
        W = (y - Pm) @ self.Q                                        # (N, m)
        G = np.einsum("nai,na->ni", J0, W)
        H = np.einsum("nai,ab,nbj->nij", J0, self.Q, J0)
        off = N
        for j in range(ns):
            Mj = self.M[j]
            w = np.exp(-2j * np.pi * np.arange(Mj) / Mj)
            Jk = Jy[off:off + Mj * N].reshape(Mj, N, -1, ns)
            off += Mj * N
            dJ = np.einsum("k,knai->nai", w, Jk) / (Mj * rho[:, None, None])
            H[:, :, j] += np.einsum("nai,na->ni", dJ, W)
        H = 0.5 * (H + np.swapaxes(H, 1, 2))
        self._cache = (X.copy(), J0)
        return G, H

    def param_derivative(self, X, P, dP):
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        if self._cache is not None and self._cache[0].shape == X.shape and np.array_equal(self._cache[0], X):
            J0 = self._cache[1]
        else:
            J0 = self.first_order(X)[1]
        dP = np.broadcast_to(np.asarray(dP, dtype=np.complex128), (X.shape[0], self.n_params))
        return -np.einsum("nai,ab,nb->ni", J0, self.Q, dP)

    def start_parameters(self, X):
        """A target u for which each slice point is critical: u = y - Q^-1 z, z normal to M at y."""
        y, Jf = self.first_order(X)
        N = y.shape[0]
        z0 = np.broadcast_to(self._z0, y.shape) * np.sqrt(np.mean(np.abs(y) ** 2, axis=1, keepdims=True) + 1e-300)
        A = np.einsum("nai,naj->nij", Jf, Jf)
        b = np.einsum("nai,na->ni", Jf, z0)
        try:
            c = np.linalg.solve(A, b[..., None])[..., 0]
        except np.linalg.LinAlgError:
            c = np.stack([np.linalg.lstsq(A[i], b[i], rcond=None)[0] for i in range(N)])
        z = z0 - np.einsum("nai,ni->na", Jf, c)
        return y - np.linalg.solve(self.Q, z.T).T

    # ------------------------------------------------------------------ balls
    def _theta_ball(self, x):
        import flint

        th = [None] * self.net.n_params
        for i, v in zip(self.gauge, self.pinned_values):
            th[i] = flint.acb(float(v))
        for k, i in enumerate(self.free):
            th[i] = x[k]
        return th

    def _jy_ball(self, th):
        """(y as acb_mat (m x 1), J_y restricted to the free columns as acb_mat (m x ns))."""
        import flint

        if self._E is not None:
            import flint

            E = self._E.real.astype(np.int64)
            th = [sum((int(E[i, j]) * th[j] for j in np.nonzero(E[i])[0]), flint.acb(0)) for i in range(E.shape[0])]
            V, Jp = self.values.ball(th)
            J = np.empty((len(V), E.shape[1]), dtype=object)
            for a in range(len(V)):
                for j in range(E.shape[1]):
                    J[a, j] = sum((int(E[i, j]) * Jp[a, i] for i in np.nonzero(E[:, j])[0]), flint.acb(0))
        else:
            V, J = self.values.ball(th)
        q = len(V)
        Tm = _acb_mat(self.T)
        Vm = flint.acb_mat(q, 1, list(V))
        Jm = flint.acb_mat(q, self.n_vars, [J[a, int(i)] for a in range(q) for i in self.free])
        return Tm * Vm, Tm * Jm

    def evaluate_ball(self, x, p=None):
        import flint

        ns, m = self.n_vars, self.n_params
        th = self._theta_ball(list(x))
        y, J0 = self._jy_ball(th)
        Qm = _acb_mat(self.Q)
        R = flint.acb_mat(m, 1, [y[a, 0] - (p[a] if p is not None else 0) for a in range(m)])
        W = Qm * R
        G = J0.transpose() * W
        H = J0.transpose() * Qm * J0
        mid = [flint.acb(v.real.mid(), v.imag.mid()) for v in th]
        rad = 0.5 * (1.0 + float(np.sqrt(np.mean([abs(complex(float(v.real), float(v.imag))) ** 2 for v in mid]))))
        for j in range(ns):
            Mj = int(self.M[j])
            acc = flint.acb_mat(m, ns)
            for k in range(Mj):
                wk = (flint.acb(2 * k) / Mj).exp_pi_i()
                sh = list(th)
                i = int(self.free[j])
                sh[i] = th[i] + flint.acb(rad) * wk
                Jk = self._jy_ball(sh)[1]
                acc += Jk * (flint.acb(-2 * k) / Mj).exp_pi_i()
            dJ = acc * (1 / (flint.acb(Mj) * flint.acb(rad)))
            col = dJ.transpose() * W
            for i2 in range(ns):
                H[i2, j] += col[i2, 0]
        return [G[i, 0] for i in range(ns)], H

    def image_ball(self, x):
        """Loss coordinates over a box of slice points (for certified distinct images)."""
        y, _ = self._jy_ball(self._theta_ball(list(x)))
        return [y[a, 0] for a in range(self.n_params)]


def _acb_mat(A):
    import flint

    A = np.asarray(A, dtype=np.complex128)
    return flint.acb_mat(A.shape[0], A.shape[1],
                         [flint.acb(float(v.real), float(v.imag)) for v in A.ravel()])


def gradient_family(net, loss, rng, dim: int | None = None) -> GradientFamily:
    """The :class:`GradientFamily` of ``net`` and ``loss`` on a gauge slice (random real pins)."""
    if dim is None:
        from algnet.analyses.degree import _dimension

        dim = _dimension(net, int(rng.integers(2**31)))
    gauge, note = gauge_slice(net, dim, rng)
    # normal pins, redrawn below 1/2 in size: a pin near zero moves the slice representatives of most
    # orbits far out (a rescaled neuron), while equal sizes can make a pinned block singular (GL orbits)
    pins = rng.normal(size=len(gauge))
    while np.any(np.abs(pins) < 0.5):
        small = np.abs(pins) < 0.5
        pins[small] = rng.normal(size=int(small.sum()))
    fam = GradientFamily(net, loss, gauge, pins, rng)
    fam.gauge_note = note
    fam.dimension = dim
    return fam
