"""The small-system route: one projective total-degree homotopy for the gradient system.

For a network whose coefficients are homogeneous of degree D in the
parameters (no biases), the gradient system of :mod:`.system` on the slice
theta = c0 + N phi becomes homogeneous after substituting theta = c0 z0 + N z:

    G^h(z0, z; u) = N^T J(theta)^T Q (y(theta) - u z0^D),   degree d = 2 D - 1,

so G^h(1, phi) = G(phi; u) and G^h(z0, z) = z0^d G(z / z0). The homotopy

    H(z, t) = (1 - t) gamma (z_i^d - z0^d)_i + t G^h(z; u),    a . (z0, z) = 1

(a random complex gamma and a random affine chart a) starts at the d^n
points (1, w_1, ..., w_n) / (a . (1, w)) with w_i d-th roots of unity
(Bezout's bound d^n paths). With probability one in gamma the paths are
smooth for t < 1 and every isolated non-singular solution of G^h in P^n is
the end of exactly one path (the gamma trick: Sommese and Wampler, *The
numerical solution of systems of polynomials*, 2005, Thm. 8.4.1 and
Lemma 7.1.3): in exact arithmetic the count is complete for the isolated
non-singular solutions, with that probability. Endpoints that are singular
(positive-dimensional components, e.g. the rank-drop locus of the
parametrization, or multiple solutions) or at infinity (z0 = 0) are
excluded, as the definition of a critical point count asks. In floating
point a non-singular solution whose representative on the slice is far out
can end as a numerically singular endpoint and be excluded with them: the
caller (:func:`~.small.small_slice`) runs a trace test on the points found.

The homotopy is one family whose tape is recorded per call (the random slice,
Q, u and the chart are constants of the tape: as parameters they made it
slower to evaluate, :class:`HomogenizedGradient`), tracked by the compiled
tracker in one call.

Examples
--------
>>> from algnet.analyses.critical.system import example_family
>>> fam = example_family("linear 2-1-2", "generic")
>>> bezout_paths(fam)                 # gradient degree 2 * 2 - 1 = 3 in 3 unknowns
27
>>> import numpy as np
>>> sol = total_degree_solve(fam, np.random.default_rng(0))
>>> sol.complete, sol.excluded                 # every path ended; 10 at the positive-dimensional rank-drop locus
(True, {'singular endpoint': 10})
>>> len(one_per_image(fam.image(sol.solutions)))   # 6 critical images (ED degree) + 5 where the slice is tangent
11
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from algnet.errors import NotApplicableError
from algnet.homotopy.systems import System
from algnet.homotopy.tracker import whole

__all__ = ["HomogenizedGradient", "TotalDegreeSolution", "scaling_degree", "scaling_degrees", "homogeneous_degree",
           "endpoint_tally",
           "bezout_paths",
           "total_degree_solve", "one_per_image", "SMALL_PATHS"]

# method="auto": a small-system homotopy when its Bezout number is at most this many paths. Measured for the
# total-degree homotopy (CPU per ed_degree call, generic metric, load ~16): linear 2-1-2 (27 paths) 15.6 ms
# against 22.7 ms by monodromy; dense 2-1-1 r=3 (49 paths) 26 against 24 ms; conv k=2,2 r=2 (125 paths) 106
# against 63 ms. The multihomogeneous homotopy has its own threshold (multihom.MULTIHOM_PATHS).
SMALL_PATHS = 32

_CACHE: dict = {}


def _network_key(net):
    return (type(net).__module__, type(net).__name__, str(net.spec), int(net.n_params))


def scaling_degree(net, start: int = 0, stop: int | None = None, s: complex = 1.37 + 0.4j, seed: int = 7):
    """d when scaling the parameters ``start:stop`` by s multiplies every output coefficient by s^d (d >= 1),
    else None (not homogeneous in that block, or a network the complex backend cannot evaluate).

    Decided numerically at a random complex point, for d = 1 .. 4 * (the parameter degree).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("conv k=2,2 r=2")
    >>> scaling_degree(net), scaling_degree(net, 0, 2), scaling_degree(net, 2, 4)
    (3, 2, 1)
    """
    return scaling_degrees(net, [(start, stop)], s, seed)[0]


def scaling_degrees(net, blocks, s: complex = 1.37 + 0.4j, seed: int = 7) -> list:
    """:func:`scaling_degree` of each block ``(start, stop)`` of the parameters, at one random complex point (the
    network evaluated there once, then once per block scaled; every candidate degree tested in one comparison).
    One evaluation per block instead of a :func:`scaling_degree` call a layer (two evaluations, the parameter
    degree and one ``np.allclose`` a candidate degree, 20 us each): :func:`~.multihom.layer_degrees` in about 0.35
    instead of 0.6 ms of a new process's count (linear 2-1-2, dense 2-1-1 r=3, conv k=2,2 r=2).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> scaling_degrees(parse_spec("conv k=2,2 r=2"), [(0, None), (0, 2), (2, 4)])
    [3, 2, 1]
    """
    from algnet.analyses.critical.estimate import remembered_parameter_degree
    from algnet.core.backends import Complex

    rng = np.random.default_rng(seed)
    th = rng.normal(size=net.n_params) + 1j * rng.normal(size=net.n_params)
    Z = rng.normal(size=(3,) + tuple(net.input_shape))
    try:
        v1 = np.asarray(net.evaluate(th, Z, backend=Complex()), dtype=np.complex128).reshape(-1)
        top = 4 * int(remembered_parameter_degree(net))     # (the estimate's: 0.05-0.1 ms a call in a new process)
        scaled = []
        for start, stop in blocks:
            t2 = th.copy()
            t2[start:stop] *= s
            scaled.append(np.asarray(net.evaluate(t2, Z, backend=Complex()), dtype=np.complex128).reshape(-1))
    except Exception:   # a network the complex backend cannot evaluate: the route does not apply
        return [None] * len(blocks)
    tol = 1e-9 * (1 + np.abs(v1).max())
    want = (s ** np.arange(1, top + 1))[:, None] * v1[None, :]          # s^d v1, d = 1 .. top
    out = []
    for v2 in scaled:       # np.allclose(v2, s^d v1, rtol=1e-9, atol=tol) for every d at once; the least d
        ok = np.flatnonzero(np.all(np.abs(v2[None, :] - want) <= tol + 1e-9 * np.abs(want), axis=1))
        out.append(int(ok[0]) + 1 if ok.size else None)
    return out


def homogeneous_degree(net):
    """D when every output coefficient of ``net`` is homogeneous of degree D in the parameters, else None.

    Decided numerically at a random complex point by :func:`scaling_degree` (cached per network).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> homogeneous_degree(parse_spec("linear 2-1-2")), homogeneous_degree(parse_spec("conv k=2,2 r=2"))
    (2, 3)
    """
    key = ("degree",) + _network_key(net)
    if key not in _CACHE:
        # homogeneous of degree d_l in each layer's weights (already decided, :func:`~.multihom.layer_degrees`):
        # then of degree sum d_l in all parameters, and no third evaluation of the network is needed
        layers = _CACHE.get(("layers",) + _network_key(net))
        _CACHE[key] = int(sum(layers)) if layers else scaling_degree(net)
    return _CACHE[key]


def bezout_paths(fam):
    """Paths of the total-degree homotopy of a gradient family ((2 D - 1)^n), or None when it does not apply
    (coefficients not homogeneous, or a network given on a subspace of another's parameters).

    Examples
    --------
    >>> from algnet.analyses.critical.system import example_family
    >>> bezout_paths(example_family("conv k=2,2 r=2", "generic")), bezout_paths(example_family("dense 2-1-1 r=3"))
    (125, 49)
    """
    if getattr(fam, "_E", None) is not None:
        return None
    D = homogeneous_degree(fam.net)
    if D is None:
        return None
    return (2 * D - 1) ** fam.n_vars


def one_per_image(images, tol: float = 1e-6) -> np.ndarray:
    """Indices of the first row of each group of equal rows of ``images`` (up to a relative tolerance):
    one slice point per image (a random slice meets a fiber in several points).

    Examples
    --------
    >>> import numpy as np
    >>> one_per_image(np.array([[1.0, 2.0], [3.0, 4.0], [1.0, 2.0 + 1e-12]])).tolist()
    [0, 1]
    """
    Y = np.asarray(images)
    if Y.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    D = np.max(np.abs(Y[:, None, :] - Y[None, :, :]), axis=2)
    close = D <= tol * (1 + np.max(np.abs(Y), axis=1))[None, :]
    reps: list = []
    for i in range(Y.shape[0]):
        if not any(close[i, j] for j in reps):
            reps.append(i)
    return np.array(reps, dtype=np.int64)


def _obj(values):
    a = np.empty(len(values), dtype=object)
    a[:] = list(values)
    return a


def _lincomb(coefs, terms):
    """sum_j coefs[j] * terms[j] over tracers (constant coefficients; zeros skipped)."""
    acc = 0
    for c, t in zip(coefs, terms):
        c = complex(c)
        if c != 0:
            acc = acc + (t if c == 1 else c * t)
    return acc


def _network_data(net):
    """(D, Z, T) of ``net``, cached per network: the degree of homogeneity and a fixed coefficient map
    (sample inputs Z and c = T v); NotApplicableError when the coefficients are not homogeneous."""
    key = ("data",) + _network_key(net)
    hit = _CACHE.get(key)
    if hit is None:
        from algnet.analyses.critical.loss import coefficient_map

        D = homogeneous_degree(net)
        if D is None:
            raise NotApplicableError(f"{net.spec}: coefficients not homogeneous in the parameters",
                                     hint="method='monodromy'")
        hit = _CACHE[key] = (D,) + tuple(coefficient_map(net, np.random.default_rng(0)))
    return hit


class HomogenizedGradient(System):
    """H(z; p) = p_0 (z_i^d - z0^d)_i + p_1 G^h(z; u), a . z - 1 (module doc) for one gradient family.

    Unknowns z = (z0, z_1, ..., z_n); parameters p = (p_0, p_1) (the homotopy runs from (gamma, 0) to
    (0, 1)); the homogenized slice N^h = [c0 | N], Q, the target u and the chart a are constants of the
    recorded tape (recording it is about 1 ms on linear 2-1-2 and 3 ms on conv k=2,2 r=2; a tape with these
    as parameters was recorded once per network but evaluated 1.5-2x slower). Sample inputs Z (and the
    coefficient map T with c = T v) are fixed per network: the loss lives on the coefficients c, which do
    not depend on Z.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> from algnet.homotopy.tape import record
    >>> fam = example_family("linear 2-1-2", "generic")
    >>> H = HomogenizedGradient(fam, fam.loss.u, np.ones(4))
    >>> phi = np.array([0.3, -0.2, 0.5]) + 0j
    >>> F = record(H).evaluate(np.concatenate([[1.0], phi]), np.array([0.0, 1.0]), np.zeros(2))[0]
    >>> G = fam.gradient(phi[None, :], fam.loss.u[None, :])[0]
    >>> bool(np.allclose(F[:3], G))                # at z0 = 1 the homogenized gradient is the gradient
    True
    """

    n_params = 2

    def __init__(self, fam, u, chart):
        self.net = fam.net
        self.D, self.Z, self.T = _network_data(fam.net)
        self.d = 2 * self.D - 1
        self.n = int(fam.n_vars)
        self.m = self.T.shape[0]
        self.n_vars = self.n + 1
        self.Nh = np.concatenate([fam.c0[:, None], fam.N], axis=1)
        self.Q = np.asarray(fam.Q, dtype=np.complex128)
        self.u = np.asarray(u, dtype=np.complex128)
        self.chart = np.asarray(chart, dtype=np.complex128)

    def trace(self, x, p):
        from algnet.analyses.critical.system import _forward
        from algnet.homotopy.tape import TracerBackend

        n, npar, m, net = self.n, self.net.n_params, self.m, self.net
        x, p = list(x), list(p)
        B = TracerBackend(x[0].b)
        th = _obj([_lincomb(self.Nh[i], x) for i in range(npar)])
        Zt = np.empty(self.Z.shape, dtype=object)
        Zt.reshape(-1)[:] = [B.const(complex(z)) for z in np.asarray(self.Z).reshape(-1)]
        P, yv = _forward(net, th, Zt, B)
        V = np.asarray(yv.value, dtype=object).reshape(-1)
        y = [_lincomb(self.T[a], V) for a in range(m)]
        z0D = x[0] ** self.D
        r = [y[a] - complex(self.u[a]) * z0D for a in range(m)]
        w = [_lincomb(self.Q[a], r) for a in range(m)]
        c = _obj([_lincomb(self.T[:, j], w) for j in range(self.T.shape[1])])
        K, O = Zt.shape[0], net.n_outputs
        if P is None:
            rows = np.asarray(net.jacobian(th, Zt, C=c.reshape(K, O), backend=B), dtype=object)
        else:       # the reverse sweep of the forward pass above, not a second forward pass
            rows = np.asarray(P.vjp(yv, B.asarray(c).reshape(yv.value.shape), order=[n for n, _ in net.param_shapes]),
                              dtype=object)
        g = [sum(rows[:, i], 0) for i in range(rows.shape[1])]
        z0d = x[0] ** self.d
        out = [p[0] * (x[i + 1] ** self.d - z0d) + p[1] * _lincomb(self.Nh[:, i + 1], g) for i in range(n)]
        out.append(_lincomb(self.chart, x) - 1)
        return out


@dataclass
class TotalDegreeSolution:
    """Endpoints of the small-system route: ``solutions`` (finite non-singular, slice coordinates),
    ``paths`` tracked, ``path_failures`` (status -> count of paths that neither reached t = 1 nor ended
    singular), ``excluded`` (reason -> count of endpoints left out: singular, at infinity), ``complete``
    (no path failure), ``partial`` (interrupted), ``how`` (which homotopy ran), ``suspects`` (finite
    endpoints called singular although their Jacobian is better conditioned than 1e8: a diagnostic; a
    non-singular point among them is caught by the caller's trace test), ``trace`` (that trace test).

    Examples
    --------
    >>> import numpy as np
    >>> s = TotalDegreeSolution(np.zeros((0, 2)), 9, {"max_steps": 1}, complete=False)
    >>> s.complete, s.paths, s.solutions.shape     # a path stopped: no solution claimed complete
    (False, 9, (0, 2))
    """

    solutions: np.ndarray
    paths: int
    path_failures: dict = field(default_factory=dict)
    excluded: dict = field(default_factory=dict)
    complete: bool = True
    partial: bool = False
    how: str = ""
    loops: int = 0
    seconds: float = 0.0
    suspects: np.ndarray | None = None
    trace: object = None
    #: start points tracked (one per orbit where a layer's roots of unity act), retries not counted: the bound on
    #: the non-singular solutions that :func:`~.small.every_path_counted` compares the points with (0: unknown)
    tracked: int = 0


def _start_points(n: int, d: int, chart):
    """The d^n start solutions (1, w) / (a . (1, w)), w in the d-th roots of unity."""
    roots = np.exp(2j * np.pi * np.arange(d) / d)
    W = np.stack(np.meshgrid(*([roots] * n), indexing="ij"), axis=-1).reshape(-1, n)
    Zs = np.concatenate([np.ones((W.shape[0], 1)), W], axis=1)
    return Zs / (Zs @ chart)[:, None]


def _options(**kw):
    from algnet.homotopy.tracker import TrackerOptions

    # singular endpoints are given up at steps below 1e-7 within 1e-4 of t = 1 (they are excluded anyway; the
    # default 1e-12 costs 40% more evaluations). The tracker's default stop_batch (0.25: the kernel returns when a
    # quarter of the paths has stopped, and the rest continue in a fresh call, path by path below 16): one call for
    # all paths (stop_batch 1) takes the same evaluations and 15-30% more CPU from 16 paths on (multihomogeneous
    # homotopy, conv k=2,2 r=2, conv k=2,3 r=2, linear 3-1-3; within the noise below)
    # Below 16 paths one kernel call takes every path to its end (``stop_all_below``; the paths are stepped alike,
    # the endpoints bit for bit the same, 30 seeds each of linear 2-1-2, dense 2-1-1 r=3 and dense 3-1-1 r=2): no
    # Python between kernel calls for a first count's 4-13 paths (3-6% less CPU a solve)
    base = dict(max_steps=1000, min_step=1e-7, endgame_start=1e-4, stop_all_below=16)
    base.update(kw)
    return TrackerOptions(**base)


# a small route's homotopy with fewer paths than this is tracked by :func:`~algnet.homotopy.few_paths.track_few`
# (the compiled tracker's path-by-path bound, ``_BATCH_MIN_ACTIVE`` of :mod:`algnet.homotopy.compiled`)
_FEW_PATHS = 16


def _duplicates(Xe, status, tol: float = 1e-8):
    """Paths whose non-singular endpoint equals another's (a path jumped: a non-singular solution ends one
    path only, so a solution may be missing): all paths of each such group."""
    ok = np.flatnonzero(status == "success")
    dup = np.zeros(Xe.shape[0], dtype=bool)
    if ok.size > 1:
        Y = Xe[ok]
        D = np.max(np.abs(Y[:, None, :] - Y[None, :, :]), axis=2)
        close = D <= tol * (1 + np.max(np.abs(Y), axis=1))[None, :]
        np.fill_diagonal(close, False)
        dup[ok[close.any(axis=1)]] = True
    return dup


# endpoints the tracker calls singular with a Jacobian better conditioned than this are "suspects" (the step
# size collapsed near t = 1): the caller may certify them (measured: dense 2-1-1 r=4, a path passing a cluster
# of solutions with a vanishing last layer stopped at t = 1 - 1e-4 with condition number 81)
_SUSPECT_CONDITION = 1e8


def _run(H, P0, P1, X0, retry: bool = True):
    """Track X0 from P0 to P1; paths that fail (not success, not singular) or end at the same non-singular
    point as another path are tracked once more with small steps. Paths that fail again, or share an
    endpoint ("jumped"), count as failures. Endpoints called singular are not tracked again (measured:
    tracking the well-conditioned ones again with steps down to 1e-14 made conv k=2,2 r=2 7x slower; they
    approach multiple solutions, and a non-singular point lost among them is caught by the trace test of
    the caller). Returns (endpoints, statuses, paths tracked, partial, condition numbers)."""
    from algnet.homotopy.few_paths import track_few
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.tracker import track

    # fewer than 16 paths: the compiled tracker's kernel calls on one thread without its objects (the same
    # endpoints, statuses and condition numbers; the threads never change the paths' results), else the tracker
    res = track_few(H, X0, P0, P1, _options(threads=1)) if X0.shape[0] < _FEW_PATHS else None
    if res is None:
        res = track(ParameterHomotopy(H, P0, P1), X0, _options())
    status = np.array(res.status, dtype=object)
    Xe = res.x.copy()
    cond = np.asarray(res.condition, dtype=float).copy()
    paths = X0.shape[0]

    def suspects():
        return ((status != "success") & (status != "singular")) | _duplicates(Xe, status)

    bad = np.flatnonzero(suspects())
    if retry and bad.size and not res.partial:
        r2 = track(ParameterHomotopy(H, P0, P1), X0[bad], _options(max_steps=20000, max_step=0.02,
                                                                   predictor_tolerance=1e-7, min_step=1e-14,
                                                                   endgame_start=1e-9))
        whole(r2)            # a Ctrl-C in the retry: raised on (its paths are not failures)
        Xe[bad] = r2.x
        status[bad] = np.array(r2.status, dtype=object)
        cond[bad] = np.asarray(r2.condition, dtype=float)
        paths += bad.size
        status[_duplicates(Xe, status)] = "jumped"
    return Xe, status, paths, bool(res.partial), cond


def _split(Xe, status):
    """(finite non-singular points in slice coordinates, their mask, excluded counts, failure counts)."""
    ok = status == "success"
    scale = np.max(np.abs(Xe[:, 1:]), axis=1)
    at_inf = ok & (np.abs(Xe[:, 0]) <= 1e-8 * scale)
    fin = ok & ~at_inf
    excluded, failures = endpoint_tally(status, at_inf)
    return Xe[fin, 1:] / Xe[fin, :1], fin, excluded, failures


def endpoint_tally(status, at_inf):
    """(excluded, failures): the endpoints left out (singular, at infinity) and the failed paths by status.

    Examples
    --------
    >>> import numpy as np
    >>> st = np.array(["success", "singular", "failed", "success"])
    >>> endpoint_tally(st, np.array([False, False, False, True]))
    ({'singular endpoint': 1, 'at infinity': 1}, {'failed': 1})
    """
    excluded, failures = {}, {}
    if (status == "singular").any():
        excluded["singular endpoint"] = int((status == "singular").sum())
    if at_inf.any():
        excluded["at infinity"] = int(at_inf.sum())
    for s in status[(status != "success") & (status != "singular")]:
        failures[str(s)] = failures.get(str(s), 0) + 1
    return excluded, failures


def total_degree_solve(fam, rng, u=None) -> TotalDegreeSolution:
    """All isolated non-singular solutions of the gradient system of ``fam`` at target ``u`` (default: the
    family's loss target), by one total-degree homotopy with the gamma trick (module doc).

    Paths that fail before t = 1 are tracked again with smaller steps; if any still fails, ``complete``
    is False (the solutions are then a lower bound).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("dense 2-1-1 r=3", "generic")     # rational normal cubic: 3 * 3 - 2 = 7
    >>> sol = total_degree_solve(fam, np.random.default_rng(1))
    >>> sol.paths, sol.complete, sol.solutions.shape[1]
    (49, True, 2)
    """
    t0 = time.perf_counter()
    _check(fam)
    u = fam.loss.u if u is None else np.asarray(u)
    n = fam.n_vars
    gamma = complex(np.exp(2j * np.pi * rng.random()))
    chart = (rng.normal(size=n + 1) + 1j * rng.normal(size=n + 1)) / np.sqrt(2 * (n + 1))
    H = HomogenizedGradient(fam, u, chart)
    d = H.d
    X0 = _start_points(n, d, chart)
    Xe, status, paths, partial, cond = _run(H, np.array([gamma, 0.0]), np.array([0.0, 1.0]), X0)
    X, _, excluded, failures = _split(Xe, status)
    sus = (status == "singular") & (cond < _SUSPECT_CONDITION) & (np.abs(Xe[:, 0]) > 1e-8 * np.abs(Xe).max(axis=1))
    suspects = Xe[sus, 1:] / Xe[sus, :1]
    how = (f"one total-degree homotopy with the gamma trick ({X0.shape[0]} paths, Bezout's bound (2D - 1)^n "
           f"= {d}^{n}) on the homogenized gradient system")
    return TotalDegreeSolution(X, int(paths), failures, excluded, not failures and not partial, partial, how,
                               0, time.perf_counter() - t0, suspects, tracked=int(X0.shape[0]))


def _check(fam):
    if getattr(fam, "_E", None) is not None or getattr(fam.loss, "coordinates", "coefficients") != "coefficients":
        raise NotApplicableError("the total-degree route needs a network on its own parameters and a loss on the "
                                 "coefficients", hint="method='monodromy'")
    if _network_data(fam.net)[2].shape[0] != fam.n_params:
        raise NotApplicableError("loss coordinates are not the coefficients", hint="method='monodromy'")
