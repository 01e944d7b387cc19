"""The gradient system of L = l o mu on a slice of the fibers, as a family in the target.

Unknowns: coordinates phi on an affine slice theta = c0 + N phi of dimension
dim M in parameter space, transversal to the generic fibers of mu (which
contain the orbits of the continuous symmetries), so each fiber meets it in
finitely many points:

* ``slice="random"`` (the default, used for the critical points): N and c0
  random complex. No real target is special for such a slice, so the
  parameter homotopy from the generic complex target where monodromy runs to
  the user's (real) target does not meet points where the slice stops being
  transversal or a representative runs off to infinity (a pinned coordinate
  that vanishes on a critical orbit). Points of one fiber are identified by
  their images.
* ``slice="pinned"``: the coordinates that the known continuous symmetries
  move linearly and freely are pinned to random real values (one point per
  orbit; real orbits keep real representatives), and further coordinates when
  the generic fiber is larger than the orbits. Used where a real parameter
  point is needed (the subnetwork strata, the Voronoi targets).

Since L is constant on fibers and the slice is transversal to them, theta on
the slice is critical for L exactly when the gradient along the slice
vanishes:

    G(phi; u) = N^T J_y(theta)^T Q (y(theta) - u) = 0,     y = T v(theta),

dim M equations in dim M unknowns, linear in the target u (the parameters
of the family). Its Jacobian is the Hessian of L along the slice,
N^T (J^T Q J + sum_a w_a d^2 y_a) N (w = Q (y - u)); the second derivatives come
from the straight-line program by Cauchy's formula on circles: along the
direction N_j the Jacobian J(theta + s N_j) is a polynomial in s of degree
below d_j (a bound on the degree of the outputs along N_j), so
dJ/ds(0) = (1 / (M rho)) sum_k J(theta + rho w^k N_j) w^-k with M = max(d_j, 2)
points w^k on a circle is exact (no truncation error; only rounding). The same
identity in ball arithmetic gives rigorous enclosures of the Hessian over a
box (Krawczyk certification). ``trace`` records G (values and the reverse-mode
Jacobian of the program over tracers) for the compiled path tracker, whose
forward mode gives the Hessian.

Examples
--------
>>> fam = example_family("linear 2-1-2")
>>> fam.n_vars, fam.n_params, fam.N.shape
(3, 4, (4, 3))
>>> example_family("linear 2-1-2", slice="pinned").gauge
(0,)
"""

from __future__ import annotations

import numpy as np

from algnet.analyses.critical.gradient_balls import GradientBalls
from algnet.analyses.critical.intervals import DiscEvaluation
from algnet.analyses.witness import NetworkValues
from algnet.errors import ParameterError
from algnet.homotopy.systems import System

__all__ = ["GradientFamily", "gradient_family", "coordinate_degrees", "gauge_slice", "example_family"]


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
    from algnet.analyses.network_input import kernel_coordinates

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
        extra = kernel_coordinates(J, e - len(pinned))
        pinned += [free[i] for i in extra]
        note += (f"; {e - len(pinned) + len(extra)} more pinned on the generic fiber (it is larger than the "
                 "known symmetry orbits): points are counted modulo the generic fiber")
    return tuple(sorted(int(i) for i in pinned)), note


class GradientFamily(GradientBalls, DiscEvaluation, System):
    """G(phi; u) (module doc) with ``evaluate``, ``param_derivative``, ``trace``, and ``evaluate_ball`` /
    ``image_ball`` (:class:`~algnet.analyses.critical.gradient_balls.GradientBalls`).

    Examples
    --------
    >>> import numpy as np
    >>> fam = example_family("linear 2-1-2")
    >>> x = np.ones((1, 3)) + 0j
    >>> G, H = fam.evaluate(x, fam.loss.u[None, :])
    >>> bool(np.allclose(G, fam.gradient(x, fam.loss.u[None, :]))), H.shape   # H: the Jacobian of G
    (True, (1, 3, 3))

    The slice is affine: theta = c0 + N phi (N: n_params x n_vars). A pinned slice has N = the
    identity columns of the free coordinates and c0 = the pinned values; a random slice has a random
    complex N and c0.

    Attributes
    ----------
    net, loss : the network and :class:`~algnet.analyses.critical.loss.Loss`
    gauge : tuple of int
        Pinned flat parameters (empty on a random slice); ``pinned_values`` their (real) values.
    N, c0 : ndarray
        The slice theta = c0 + N phi.
    """

    def __init__(self, net, loss, gauge, pinned_values, rng, N=None, c0=None, circles=None):
        self.net = net
        self.loss = loss
        n = net.n_params
        if N is None:
            self.gauge = tuple(gauge)
            self.pinned_values = np.asarray(pinned_values, dtype=float)
            free = [i for i in range(n) if i not in set(self.gauge)]
            N = np.eye(n, dtype=np.complex128)[:, free]
            c0 = np.zeros(n, dtype=np.complex128)
            c0[list(self.gauge)] = self.pinned_values
            self.real = True
        else:
            self.gauge, self.pinned_values = (), np.zeros(0)
            self.real = False
        self.N = np.asarray(N, dtype=np.complex128)
        self.c0 = np.asarray(c0, dtype=np.complex128)
        self.n_vars = self.N.shape[1]
        self.n_params = loss.m
        # a network on a linear subspace of its parent's parameters (theta_parent = E theta) is
        # evaluated through the parent's batched program
        self._E = None
        base = net
        if hasattr(net, "basis") and hasattr(net, "parent"):
            base, self._E = net.parent, np.asarray(net.basis, dtype=np.complex128)
        # the batched program's check against the per-path route runs at its first use (a loaded structure's tape
        # check confirms it instead: :func:`.tape_store.restore`)
        self.values = NetworkValues(base, np.asarray(loss.Z, dtype=np.complex128), rng, defer_check=True)
        self.T = np.asarray(loss.T, dtype=np.complex128)
        self.Q = np.asarray(loss.Q, dtype=np.complex128)
        # ``circles``: the circle sizes a stored structure recorded (:mod:`.structure_store`, which computes them
        # again unless the structure's tapes pass their identity check with this program)
        # computed at its first use (:attr:`M`): a count that certifies by the compiled disc tape never reads it
        self._M = None if circles is None else np.asarray(circles, dtype=np.int64)
        later = getattr(rng, "deferred_normal", None)     # (draws computed at their first read: :meth:`_start_z0`)
        if later is None:
            self._z0 = rng.normal(size=loss.m) + 1j * rng.normal(size=loss.m)
        else:
            self._z0_later = later(((loss.m,), (loss.m,)), lambda a, b: a + 1j * b)
        self._cache = None
        self._Tc = None

    @property
    def M(self) -> np.ndarray:
        """The circle sizes of the Cauchy-formula Hessians (:meth:`circle_sizes`; a stored structure's recorded ones
        where given), computed at the first use: the small routes' first count of a structure certifies by the
        compiled disc tape and reads them only when its record is stored (0.06-0.07 ms of a linear 2-1-2 first
        count).

        Examples
        --------
        >>> fam = example_family("linear 2-1-2")
        >>> fam.M.tolist()
        [2, 2, 2]
        """
        if getattr(self, "_M", None) is None:
            self._M = self.circle_sizes()
        return self._M

    @M.setter
    def M(self, value):
        self._M = None if value is None else np.asarray(value, dtype=np.int64)

    def circle_sizes(self) -> np.ndarray:
        """The number of points M_j on the circle of each slice direction of the Cauchy-formula Hessians: the
        degree bound of the outputs along N_j, at least 2 (the formula is then exact).

        Examples
        --------
        >>> fam = example_family("linear 2-1-2")
        >>> fam.circle_sizes().tolist() == fam.M.tolist()
        True
        """
        net = self.net
        deg = coordinate_degrees(net)
        if self._E is not None:  # degree in u_j <= sum of the parent's degrees in the coordinates it moves
            pd = coordinate_degrees(net.parent)
            deg = np.minimum(deg, (np.abs(self._E.real) > 0).astype(np.int64).T @ pd)
        # degree of the outputs along the direction N_j: at most the sum of the degrees in the
        # coordinates it moves (a coordinate direction: that coordinate's degree)
        d = (np.abs(self.N) > 0).astype(np.int64).T @ deg
        try:
            from algnet.analyses.critical.estimate import remembered_parameter_degree

            d = np.minimum(d, remembered_parameter_degree(net))   # the total degree
        except Exception:
            pass
        # the columns of J(theta + s N_j) have degree <= d_j in s (derivatives in other directions do
        # not lower it): M >= d_j points on the circle make the formula exact (no power s^(1 + l M))
        return np.maximum(d, 2)

    @property
    def free(self):
        """The free flat parameters of a pinned slice (in order)."""
        return np.array([i for i in range(self.net.n_params) if i not in set(self.gauge)], dtype=np.int64)

    # ---------------------------------------------------------- coordinates
    def theta(self, X):
        """Full parameter vectors (N, n_params) of slice points X (N, n_vars)."""
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        return self.c0[None, :] + X @ self.N.T

    def _vj(self, Th):
        """Values and Jacobians (in this network's parameters) at full parameter vectors."""
        if self._E is None:
            return self.values(Th)
        V, J = self.values(Th @ self._E.T)
        return V, np.matmul(J, self._E)

    #: how :meth:`image` evaluates: None (the first call times the recorded tape against numpy), "tape" or
    #: "numpy" (set by a route that calls it on a few points only: recording the tape costs more than it saves)
    image_route = None

    def image(self, X):
        """Loss coordinates y (N, m) of slice points (by the compiled tape of the image map when numba
        runs: this is the key of every monodromy endpoint and the trace functional)."""
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        route = getattr(self, "_image_route", None) or self.image_route
        if route is None and X.shape[0]:
            # the tape whenever it is recorded (small programs), never chosen by timing: the first call in a process
            # timed numba's first load of the kernel, took numpy, and the trace functional then differed from later
            # runs with the same seed by rounding (trace residual 3.274e-14 against 3.285e-14, linear 2-1-2, seed
            # 1). Mean CPU per count over 4 seeds (monodromy, load about 8), numpy / tape: linear 2-1-2 0.020 /
            # 0.020 s, conv k=2,2 r=2 0.063 / 0.058, conv k=3,2 r=2 0.87 / 0.93, dense 2-1-1 r=3 0.020 / 0.019.
            route = "tape" if self._image_tape() is not None else "numpy"
            self._image_route = route
        return self._image_by_tape(X) if route == "tape" and X.shape[0] and self._image_tape() else self._image_numpy(X)

    def _image_by_tape(self, X):
        from algnet.homotopy.kernels import tape_eval_batch

        N, n, m = X.shape[0], self.n_vars, self.n_params
        F = np.empty((N, m), dtype=np.complex128)
        J = np.empty((N, m, n), dtype=np.complex128)
        Ht = np.empty((N, m), dtype=np.complex128)
        Z0 = np.zeros((N, 0), dtype=np.complex128)
        tape_eval_batch(*self._image_tape().args, n, np.ascontiguousarray(X), Z0, Z0, F, J, Ht)
        return F

    def _image_numpy(self, X):
        Th = self.theta(X)
        if self._E is not None:
            Th = Th @ self._E.T
        return self.values.values(Th) @ self.T.T

    def _image_tape(self):
        """The image map x -> T v(c0 + N x) recorded once per family (None: numba does not run, or the
        program cannot be recorded)."""
        if getattr(self, "_itape", None) is None:
            self._itape = False
            try:
                from algnet.homotopy.compiled_homotopy import compiled_available
                from algnet.homotopy.tape import TapeBuilder, TracerBackend

                if compiled_available() and self.values.q * self.n_vars <= 64:    # small programs only
                    b = TapeBuilder(self.n_vars, 0)
                    X = np.empty(self.n_vars, dtype=object)
                    X[:] = b.x
                    th = self.c0.astype(object) + _obj_matvec(self.N, X)
                    if self._E is not None:
                        th = _obj_matvec(self._E, th)
                    B = TracerBackend(b)
                    Zt = np.empty(self.values.Z.shape, dtype=object)
                    Zt.reshape(-1)[:] = [B.const(complex(z)) for z in np.asarray(self.values.Z).reshape(-1)]
                    V = np.asarray(self.values.net.evaluate(th, Zt, backend=B), dtype=object).reshape(-1)
                    self._itape = b.finish(list(_obj_matvec(self.T, V)), reduce_outputs=False)
            except Exception:   # an operation the recorder does not know: the numpy route
                self._itape = False
        return self._itape or None

    def first_order(self, X):
        """(y (N, m), J_y along the slice (N, m, n_vars))."""
        V, J = self._vj(self.theta(X))
        return V @ self.T.T, np.matmul(np.matmul(self.T, J), self.N)

    def gradient(self, X, P):
        y, Jf = self.first_order(X)
        W = (y - np.asarray(P, dtype=np.complex128)) @ self.Q
        return np.einsum("nai,na->ni", Jf, W)

    # ------------------------------------------------------------ evaluation
    def _radius(self, Th):
        return 0.5 * (1.0 + np.sqrt(np.mean(np.abs(Th) ** 2, axis=1)))

    def evaluate(self, X, P=None):
        return self.evaluate_with_image(X, P)[:2]

    def evaluate_with_image(self, X, P=None):
        """``(G, H, y)``: :meth:`evaluate`'s gradient and Jacobian and the image y (N, m) of the same evaluation
        (the values at X are its first rows: no second program run for the image).

        Examples
        --------
        >>> fam = example_family("linear 2-1-2")
        >>> x = np.array([[0.3, -0.2, 0.5j]])
        >>> G, H, y = fam.evaluate_with_image(x, fam.loss.u[None, :])
        >>> bool(np.allclose(y, fam._image_numpy(x))), G.shape, H.shape
        (True, (1, 3), (1, 3, 3))
        """
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        N, ns = X.shape[0], self.n_vars
        Th = self.theta(X)
        rho = self._radius(Th)
        M, wf, wb, Nc = self._circles()
        # the points on the circles, direction by direction (j), then point by point (k), as one array: the same
        # numbers as a block per direction (per-direction numpy calls would take most of a one-point evaluation)
        S = Th[None] + (rho[None, :, None] * wf[:, None, None]) * Nc[:, None, :]        # (sum M, N, n)
        V, J = self._vj(np.concatenate([Th, S.reshape(-1, Th.shape[1])]))
        Jy = np.matmul(np.matmul(self.T, J), self.N)                # (rows, m, ns)
        y = V[:N] @ self.T.T
        J0 = Jy[:N]
        Pm = 0.0 if P is None else np.asarray(P, dtype=np.complex128)
        W = (y - Pm) @ self.Q                                        # (N, m)
        G = np.einsum("nai,na->ni", J0, W)
        H = np.einsum("nai,ab,nbj->nij", J0, self.Q, J0)
        if len(set(M)) == 1:        # every direction on a circle of M points: all at once
            Mj = M[0]
            Jk = Jy[N:].reshape(ns, Mj, N, -1, ns)
            dJ = np.einsum("k,jknai->jnai", wb[0], Jk) / (Mj * rho[None, :, None, None])
            H += np.einsum("jnai,na->nij", dJ, W)
        else:
            off = N
            for j in range(ns):
                Mj = M[j]
                Jk = Jy[off:off + Mj * N].reshape(Mj, N, -1, ns)
                off += Mj * N
                dJ = np.einsum("k,knai->nai", wb[j], Jk) / (Mj * rho[:, None, None])
                H[:, :, j] += np.einsum("nai,na->ni", dJ, W)
        H = 0.5 * (H + np.swapaxes(H, 1, 2))
        self._cache = (X.copy(), J0)
        return G, H, y

    def _circles(self):
        """``(M, wf, wb, Nc)`` of the Cauchy formula (module doc), once per family: the circle sizes M_j, the points
        w^k of every circle one after another (direction j, then k), the conjugate points per direction, and the
        slice direction N_j of each point (rows of Nc)."""
        got = getattr(self, "_circ", None)
        if got is None or got[0] is not self.M or got[1] is not self.N:
            M = [int(v) for v in self.M]
            wf = np.concatenate([np.exp(2j * np.pi * np.arange(m) / m) for m in M])
            wb = [np.exp(-2j * np.pi * np.arange(m) / m) for m in M]
            Nc = self.N[:, np.repeat(np.arange(len(M)), M)].T
            got = self._circ = (self.M, self.N, (M, wf, wb, Nc))
        return got[2]

    def param_derivative(self, X, P, dP):
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        if self._cache is not None and self._cache[0].shape == X.shape and np.array_equal(self._cache[0], X):
            J0 = self._cache[1]
        else:
            J0 = self.first_order(X)[1]
        dP = np.broadcast_to(np.asarray(dP, dtype=np.complex128), (X.shape[0], self.n_params))
        return -np.einsum("nai,ab,nb->ni", J0, self.Q, dP)

    def _start_z0(self):
        """The random normal direction of :meth:`start_parameters` (drawn at construction, or at the first read from
        deferred draws: a stored structure's family)."""
        z0 = self.__dict__.get("_z0")
        if z0 is None:
            z0 = self._z0 = self._z0_later()
        return z0

    def start_parameters(self, X):
        """A target u for which each slice point is critical: u = y - Q^-1 z, z normal to M at y."""
        y, Jf = self.first_order(X)
        N = y.shape[0]
        z0 = self._start_z0()
        z0 = np.broadcast_to(z0, y.shape) * np.sqrt(np.mean(np.abs(y) ** 2, axis=1, keepdims=True) + 1e-300)
        A = np.einsum("nai,naj->nij", Jf, Jf)
        b = np.einsum("nai,na->ni", Jf, z0)
        try:
            c = np.linalg.solve(A, b[..., None])[..., 0]
        except np.linalg.LinAlgError:
            c = np.stack([np.linalg.lstsq(A[i], b[i], rcond=None)[0] for i in range(N)])
        z = z0 - np.einsum("nai,ni->na", Jf, c)
        return y - np.linalg.solve(self.Q, z.T).T

    # ------------------------------------------------------------ recording
    def trace(self, x, p):
        """G over :class:`~algnet.homotopy.tape.Tracer` values (recorded for the compiled tracker).

        G = N^T J_v^T c with the cotangent c = T^T Q (T v - p) of the values: one reverse pass of
        the program with c as its (non-constant) seed, instead of the full Jacobian J_v and its
        contraction with T (on conv k=2,2,2 r=2 the tape is about 3x smaller).
        """
        from algnet.homotopy.tape import TracerBackend

        x = list(x)
        B = TracerBackend(x[0].b if x else None)
        X = np.empty(len(x), dtype=object)
        X[:] = x
        th = self.c0.astype(object) + _obj_matvec(self.N, X)
        net = self.values.net
        if self._E is not None:
            th = _obj_matvec(self._E, th)
        Zt = np.empty(self.values.Z.shape, dtype=object)
        Zt.reshape(-1)[:] = [B.const(complex(z)) for z in np.asarray(self.values.Z).reshape(-1)]
        prog, yv = _forward(net, th, Zt, B)
        V = np.asarray(yv.value, dtype=object).reshape(-1)
        if self._Tc is None:
            self._Tc = (self.T.T @ self.Q @ self.T, self.T.T @ self.Q)
        A, Bp = self._Tc
        P = np.empty(len(p), dtype=object)
        P[:] = list(p)
        c = _obj_matvec(A, V) - _obj_matvec(Bp, P)                       # (q,), sample-major
        K, O = Zt.shape[0], net.n_outputs
        if prog is None:
            rows = np.asarray(net.jacobian(th, Zt, C=c.reshape(K, O), backend=B), dtype=object)   # (K, n)
        else:       # the reverse sweep of the forward pass above, not a second forward pass
            order = [n for n, _ in net.param_shapes]
            rows = np.asarray(prog.vjp(yv, B.asarray(c).reshape(yv.value.shape), order=order), dtype=object)
        g = np.array([sum(rows[:, i], 0) for i in range(rows.shape[1])], dtype=object)
        M = self.N if self._E is None else self._E @ self.N
        return list(_obj_matvec(M.T, g))

def _forward(net, th, Zt, B):
    """(program, output node) of the network's recorded forward pass at ``th`` on the inputs Zt over the tracer
    backend B, where the network evaluates and differentiates by :class:`~algnet.architectures.base.Network`'s own
    program (else (None, its evaluation's values as a node-like object))."""
    from types import SimpleNamespace

    from algnet.architectures.base import Network

    if type(net).evaluate is Network.evaluate and type(net).jacobian is Network.jacobian:
        P = net._program(th, B, record=True)
        return P, net.forward(P, P.input(net._check_inputs(Zt, B)))
    return None, SimpleNamespace(value=np.asarray(net.evaluate(th, Zt, backend=B), dtype=object))


def _obj_matvec(A, v):
    """A (complex) times an object vector v: sums of constant multiples (affine tracer combinations)."""
    A = np.asarray(A)
    out = np.empty(A.shape[0], dtype=object)
    for i in range(A.shape[0]):
        out[i] = _obj_dot(A[i], v)
    return out


def _obj_dot(a, v):
    acc = 0
    for c, t in zip(a, v):
        c = complex(c)
        if c == 0:
            continue
        acc = acc + (t if c == 1 else c * t)
    return acc


def random_slice(n: int, dim: int, rng):
    """(N, c0): a random complex affine slice theta = c0 + N phi of dimension ``dim`` in C^n.

    Examples
    --------
    >>> import numpy as np
    >>> N, c0 = random_slice(4, 3, np.random.default_rng(0))
    >>> N.shape, c0.shape, np.iscomplexobj(N)
    ((4, 3), (4,), True)
    """
    N = (rng.normal(size=(n, dim)) + 1j * rng.normal(size=(n, dim))) / np.sqrt(2)
    c0 = (rng.normal(size=n) + 1j * rng.normal(size=n)) / np.sqrt(2)
    return N, c0


def gradient_family(net, loss, rng, dim: int | None = None, slice: str = "random") -> GradientFamily:
    """The :class:`GradientFamily` of ``net`` and ``loss`` on a slice of the generic fibers.

    ``slice="random"``: a random complex affine slice of codimension n_params - dim (it meets every
    fiber in finitely many points, transversally, and no real target is special for it: the
    parameter homotopy to a real target does not pass through points where the slice degenerates).
    ``slice="pinned"``: the coordinates moved freely by the known symmetries are pinned to random
    real values (one point per orbit, real points of real orbits stay real).

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("linear 3-1-3")
    >>> fam = gradient_family(net, L, rng)
    >>> fam.n_vars, fam.dimension, net.n_params      # dim M = 5 of 6 parameters: a slice of codimension 1
    (5, 5, 6)
    """
    if dim is None:
        from algnet.analyses.network_input import network_dimension

        dim = network_dimension(net, int(rng.integers(2**31)))
    if slice == "random":
        N, c0 = random_slice(net.n_params, dim, rng)
        fam = GradientFamily(net, loss, (), (), rng, N=N, c0=c0)
        e = net.n_params - dim
        fam.gauge_note = ("a random complex affine slice of codimension " + str(e) + " (it meets each generic "
                          "fiber in finitely many points; one representative per image is kept)") if e else \
            "no slice needed (finite generic fibers; one representative per image is kept)"
        fam.dimension = dim
        return fam
    if slice != "pinned":
        raise ParameterError(f"unknown slice {slice!r}", hint="slice='random' or 'pinned'")
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


def example_family(spec: str, loss="frobenius", seed: int = 0, target=None, slice: str = "random") -> GradientFamily:
    """The gradient family of a network spec and a loss, all random choices from ``seed`` (the set-up of
    examples and tests; ``fam.net`` is the network).

    Examples
    --------
    >>> fam = example_family("conv k=2,2 r=2", "generic")
    >>> fam.loss.kind, fam.n_vars
    ('generic', 3)
    """
    from algnet.analyses.critical.loss import network_and_loss

    net, L, rng = network_and_loss(spec, loss, target=target, seed=seed)
    return gradient_family(net, L, rng, slice=slice)
