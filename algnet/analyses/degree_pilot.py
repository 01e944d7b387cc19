"""A short monodromy pilot that estimates deg M and the time of the whole run (capture-recapture).

When no theorem gives the degree, the Bézout bound of
:mod:`algnet.analyses.degree_estimate` is a proved upper bound but can be
thousands of times the degree. The estimate of the work instead comes from
a pilot: the degree route's own monodromy search (the same witness system,
options and stopping rule) run for a few seconds, then its points
transported around a few fresh random loops.

* **Capture-recapture.** The k witness points known at the end of the pilot
  are *marked*. A fresh monodromy loop (p0 -> a -> b -> p0 through two
  random parameter values) permutes the N witness points over p0; the
  endpoints of the marked points that moved form the second sample, and
  those landing on marked points are the *recaptures*. If a moved point
  lands anywhere among the other points with the same chance, the share of
  recaptures estimates k / N: Lincoln–Petersen's estimator, in Chapman's
  nearly unbiased form (D. G. Chapman, *Some properties of the
  hypergeometric distribution with applications to zoological sample
  censuses*, Univ. Calif. Publ. Stat. 1 (1951) 131–160)::

      N ~ (k + 1) (n + 1) / (m + 1) - 1

  (:func:`chapman_estimate`; n moved endpoints, m of them on marked points,
  pooled over the loops). Reading a monodromy loop as a capture-recapture
  experiment is due to J. D. Hauenstein and S. N. Sherman, *Using monodromy
  to statistically estimate the number of solutions* (2020,
  arXiv:2005.00327). Points a loop leaves in place are left out of both
  counts: a loop moves only the sheets whose branch points it encircles
  (70-90% of them, :class:`~algnet.homotopy.monodromy.MonodromyOptions`),
  and counting the fixed ones as recaptures would bias N low. Points that
  are easier to reach are also likelier to be marked, so the estimate
  still tends to err low (measured: 0.5 to 1 x the degree); it is
  never below the points seen, nor above the Bézout bound.
* **Paths.** If each path of the search finds a new point with a chance
  proportional to the share of points not yet found (the exponential
  discovery model behind the coupon collector), k(P) = N (1 - exp(-c P / N)):
  the pilot's P paths for k points give c, and the whole search needs about
  P ln(2N) / ln(N / (N - k)) paths (until fewer than half a point is left to
  find), at least :data:`TAIL_FACTOR` times the pilot's (saturating the
  graph and the trace test after the last point). Measured against the
  runs of ``bench/bench_degree_estimate.py``: 0.77 to 1.2 of the paths
  tracked, except when the trace test forces many more loops.
* **Time.** seconds = paths x the pilot's CPU seconds per path (which include
  everything the real search does per path) x :func:`algnet.guards.load_factor`
  (the wall clock on a shared machine; CPU seconds keep the estimate from
  depending on the load while the pilot ran).

The pilot draws the same witness system and the same search as the degree
route's first attempt with the same seed (:func:`witness_setup`), so it is
the beginning of the real run: a pilot that finishes (its trace test
passes) has done the whole search, and the estimate is its count and time.

Examples
--------
>>> round(chapman_estimate(marked=50, caught=40, recaptured=20))   # 50 marked, 20 of 40 recaught: about 100
99
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from algnet.errors import ParameterError

__all__ = ["chapman_estimate", "recapture_counts", "WitnessSetup", "witness_setup", "PilotRun", "monodromy_pilot",
           "TAIL_FACTOR", "PILOT_SECONDS", "paths_ratio"]

#: Default wall-clock seconds of the pilot's monodromy search (the loops take at most as long again).
PILOT_SECONDS = 5.0

#: Least ratio of a complete run's paths to a pilot's (the pilot found every point but has not saturated the
#: graph nor passed the trace test): measured 1.3 to 3.1 on dense 3-2-3 r=2 and 3-2-2-1 r=2 (seeds 0, 1).
TAIL_FACTOR = 2.5


def paths_ratio(found: int, total: float) -> float:
    """Paths of the whole search per path of a pilot that found ``found`` of about ``total`` points: the
    exponential discovery model (module doc), ln(2N) / ln(N / (N - k)) with N >= k + 1, at least TAIL_FACTOR.

    Examples
    --------
    >>> round(paths_ratio(118, 1141), 1)        # a tenth found: about 70 times the pilot's paths
    70.8
    >>> paths_ratio(45, 45) == TAIL_FACTOR      # everything found: the tail only
    True
    """
    import math

    if found <= 0:
        raise ParameterError(f"found={found!r}: a pilot without points gives no ratio", hint="found >= 1")
    N = max(float(total), found + 1.0)
    return max(TAIL_FACTOR, math.log(2 * N) / math.log(N / (N - found)))


def chapman_estimate(marked: int, caught: int, recaptured: int) -> float:
    """Lincoln–Petersen population estimate in Chapman's form: (marked+1)(caught+1)/(recaptured+1) - 1.

    Parameters
    ----------
    marked : int
        Individuals marked in the first sample.
    caught : int
        Size of the second sample.
    recaptured : int
        Marked individuals in the second sample. Several second samples of the same marked set
        (the loops of :func:`monodromy_pilot`) are pooled by summing ``caught`` and ``recaptured``:
        each caught individual is marked with the same chance marked / N.

    Examples
    --------
    >>> chapman_estimate(10, 10, 10)          # everything recaught: about the marked ones
    10.0
    >>> chapman_estimate(10, 10, -1)
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: need 0 <= recaptured <= caught and marked >= 0, got marked=10, caught=10, ...
    """
    if not (0 <= recaptured <= caught) or marked < 0:
        raise ParameterError(f"need 0 <= recaptured <= caught and marked >= 0, got marked={marked}, caught={caught}, "
                             f"recaptured={recaptured}", hint="counts of a capture-recapture experiment")
    return (marked + 1) * (caught + 1) / (recaptured + 1) - 1


@dataclass
class WitnessSetup:
    """The witness system of the degree's monodromy route, ready to solve (:func:`witness_setup`).

    ``family`` (a :class:`~algnet.analyses.degree.NetworkWitnessFamily`), ``values`` (the network's
    values at the sample points, also the key that identifies witness points), ``theta0`` and ``p0``
    (a start solution and its offsets), ``trace_direction`` / ``trace_functional`` (the trace test),
    ``parameter_scale`` (typical size of each offset), ``sampler`` (random start points), ``dim``,
    ``solver_seed`` (the seed of the monodromy search that the degree route draws next), and what was
    drawn on the way: ``R`` (the value equations), ``A_random`` (the random affine slice, drawn whatever
    slice is used: the fiber count cuts the fibers with it), ``trace_weights`` (w: the trace functional
    is v(theta) . w), ``rng`` (the generator, after the solver's seed: the route's later draws go on
    from it).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> ws = witness_setup(parse_spec("linear 2-1-2"), dim=3, seed=0)
    >>> F, _ = ws.family.evaluate(ws.theta0[None, :], ws.p0[None, :])     # theta0 solves the member at p0
    >>> bool(np.max(np.abs(F)) < 1e-10)
    True
    """

    family: object
    values: object
    theta0: np.ndarray
    p0: np.ndarray
    trace_direction: np.ndarray
    trace_functional: object
    parameter_scale: np.ndarray
    sampler: object
    dim: int
    solver_seed: int = 0
    R: np.ndarray = None
    A_random: np.ndarray = None
    trace_weights: np.ndarray = None
    rng: object = None


def witness_setup(net, dim: int, seed=0, coordinate_slice: bool = True, scale: float = 1.0) -> WitnessSetup:
    """The witness system of M cut by random slices, as the monodromy degree route builds it.

    m = ``dim`` equations R v(theta) = c on the values v at random complex sample inputs, and
    e = N - dim slice equations A theta = b (a coordinate slice transversal to the fibers when
    ``coordinate_slice``, else random affine); ``scale`` multiplies the random start point. The
    degree route (:func:`algnet.analyses.degree_monodromy.monodromy_attempt`) builds its system with
    this function, so the same seed gives the same system and the same search (``solver_seed``): a
    pilot is the beginning of the real run.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> ws = witness_setup(parse_spec("linear 2-1-2"), dim=3, seed=0)
    >>> ws.family.n_vars, ws.family.n_params, ws.p0.shape
    (4, 4, (4,))
    """
    from algnet.analyses.degree import NetworkWitnessFamily
    from algnet.analyses.network_input import gauge_coordinates
    from algnet.analyses.witness import NetworkValues

    rng = np.random.default_rng(seed)
    n = net.n_params
    e = n - dim
    K = net.monomial_count()
    Z = (rng.normal(size=(K,) + tuple(net.input_shape)) + 1j * rng.normal(size=(K,) + tuple(net.input_shape)))
    Z /= np.sqrt(2)
    vals = NetworkValues(net, Z, rng)
    q = vals.q
    R = (rng.normal(size=(dim, q)) + 1j * rng.normal(size=(dim, q))) / np.sqrt(2 * q)
    A_random = (rng.normal(size=(e, n)) + 1j * rng.normal(size=(e, n))) / np.sqrt(2 * n)
    theta0 = scale * (rng.normal(size=n) + 1j * rng.normal(size=n)) / np.sqrt(2)
    A = A_random
    if coordinate_slice:
        S = gauge_coordinates(vals(theta0[None, :])[1][0], e)
        A = np.zeros((e, n), dtype=np.complex128)
        A[np.arange(e), S] = 1
    fam = NetworkWitnessFamily(vals, R, A)
    p0 = fam.start_parameters(theta0)[0]
    w = rng.normal(size=q) + 1j * rng.normal(size=q)
    vc = np.zeros(dim + e, dtype=np.complex128)
    vc[:dim] = (rng.normal(size=dim) + 1j * rng.normal(size=dim)) * np.sqrt(np.mean(np.abs(p0[:dim]) ** 2))
    pscale = np.empty(dim + e)
    pscale[:dim] = np.sqrt(np.mean(np.abs(p0[:dim]) ** 2))
    pscale[dim:] = np.sqrt(np.mean(np.abs(p0[dim:]) ** 2)) if e else 1.0

    def sampler(r, k):
        return scale * (r.normal(size=(k, n)) + 1j * r.normal(size=(k, n))) / np.sqrt(2)

    solver_seed = int(rng.integers(2**31))
    return WitnessSetup(fam, vals, theta0, p0, vc, lambda T: vals.values(T) @ w, pscale, sampler, dim,
                        solver_seed, R, A_random, w, rng)


@dataclass(frozen=True)
class PilotRun:
    """What a monodromy pilot found and measured (:func:`monodromy_pilot`).

    ``points`` known at p0 after the pilot's search (and its loops), ``paths`` and ``seconds`` of the
    search, ``finished`` (its trace test passed: ``points`` is the degree found by a complete run),
    ``loops`` fresh loops taken, ``moved`` endpoints that left their start point, ``recaptured`` of those
    landing on a marked point, ``estimate`` of the number of witness points (capture-recapture,
    module doc), ``loop_seconds`` and ``loop_paths`` of the fresh loops, ``cpu_seconds`` of the whole pilot
    (search and loops).

    Examples
    --------
    >>> p = PilotRun(points=40, paths=400, seconds=4.0, finished=False, marked=40, loops=4, moved=120,
    ...              recaptured=60, estimate=80.0, loop_seconds=4.0, loop_paths=480)
    >>> p.paths_per_point, round(p.seconds_per_path, 4)
    (10.0, 0.0091)
    """

    points: int
    paths: int
    seconds: float
    finished: bool
    marked: int
    loops: int
    moved: int
    recaptured: int
    estimate: float
    loop_seconds: float
    loop_paths: int = 0
    cpu_seconds: float = 0.0

    @property
    def cpu_seconds_per_path(self) -> float:
        """CPU seconds (this process) per path of the search and the loops together: unlike the wall
        clock, they do not depend on how many other jobs share the machine."""
        return self.cpu_seconds / max(self.paths + self.loop_paths, 1)

    @property
    def seconds_per_path(self) -> float:
        """Wall-clock seconds per path of the pilot's search and its fresh loops together (loops through
        far random nodes, like the graph's later growth, cost more per path than the first random starts:
        dense 3-2-2-1 r=2, 13 ms in the search, 40 ms in the loops, 50 ms in the whole run)."""
        return (self.seconds + self.loop_seconds) / max(self.paths + self.loop_paths, 1)

    @property
    def paths_per_point(self) -> float:
        """Paths per witness point of the pilot's search."""
        return self.paths / max(self.points, 1)

    def describe(self) -> str:
        if self.finished:
            return (f"a {self.seconds:.1f} s pilot finished the search: {self.points} points, trace test passed, "
                    f"{self.paths} paths")
        weak = "; few recaptures: a rough value" if self.recaptured < 5 else ""
        return (f"a {self.seconds:.1f} s pilot found {self.marked} points in {self.paths} paths; {self.loops} "
                f"fresh loops moved {self.moved} of them, {self.recaptured} onto found points: about "
                f"{self.estimate:.0f} points (Lincoln-Petersen, Chapman's form{weak})")


def monodromy_pilot(net, dim: int, seed=0, seconds: float = PILOT_SECONDS, loops: int = 4) -> PilotRun:
    """Run the degree's monodromy search for about ``seconds``, then estimate the witness points.

    Parameters
    ----------
    net : Network
    dim : int
        dim M (> 0).
    seed : int
    seconds : float
        Wall-clock cap of the search; the fresh loops are capped by as much again.
    loops : int
        Fresh loops after the search (each tracks 3 paths per marked point).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> p = monodromy_pilot(parse_spec("linear 2-1-2"), dim=3, seed=0, seconds=5)
    >>> p.finished, p.points                      # the pilot finished: deg = 2
    (True, 2)
    """
    from algnet.guards import time_cap
    from algnet.homotopy.monodromy import MonodromyOptions, MonodromySolver

    from algnet.analyses.degree_estimate import _check_dim

    _check_dim(net, dim)
    if dim < 1:
        raise ParameterError(f"dim={dim!r}: a pilot needs a positive-dimensional M", hint="dim M >= 1")
    ws = witness_setup(net, dim, seed=seed)
    opt = MonodromyOptions(max_loops_no_progress=3)
    solver = MonodromySolver(ws.family, opt, key=ws.values.values, parameter_scale=ws.parameter_scale,
                             sampler=ws.sampler)
    _warm_up(ws)
    t, c = time.perf_counter(), time.process_time()
    with time_cap(seconds) as cap:
        try:
            res = solver.solve(ws.theta0, ws.p0, trace_direction=ws.trace_direction, seed=ws.solver_seed,
                               trace_functional=ws.trace_functional)
        except KeyboardInterrupt:
            if not cap.expired:
                raise
            res = None          # the cap fired before the search began: nothing found
    secs = time.perf_counter() - t
    if res is None or (res.partial and not cap.expired):
        if res is not None:     # Ctrl-C from the user (the solver made it a partial result): stop here too
            raise KeyboardInterrupt
        return PilotRun(0, 0, secs, False, 0, 0, 0, 0, 0.0, 0.0, 0)
    finished = bool(not res.partial and res.trace is not None and res.trace.passed)
    k = len(res.solutions)
    if finished or k == 0:
        return PilotRun(k, res.paths, secs, finished, k, 0, 0, 0, float(k), 0.0, 0, time.process_time() - c)
    moved, recaptured, taken, found, lsec, lpaths = _recapture(ws, res, loops, seconds, seed)
    est = chapman_estimate(k, moved, recaptured) if moved else float(k)
    return PilotRun(k, res.paths, secs, False, k, taken, moved, recaptured, max(est, float(k + found)), lsec,
                    lpaths, time.process_time() - c)


def recapture_counts(start, end) -> tuple:
    """(moved, recaptured) of one loop: ``start[i]`` is the marked point a path left from, ``end[i]`` the
    marked point it arrived at, or -1 for an unmarked one. Points the loop left in place count in neither.

    Examples
    --------
    >>> import numpy as np
    >>> recapture_counts(np.array([0, 1, 2, 3]), np.array([0, 2, -1, 1]))   # 0 stays; 1->2, 3->1 recaught
    (3, 2)
    """
    start, end = np.asarray(start), np.asarray(end)
    moved = end != start
    return int(moved.sum()), int((moved & (end >= 0)).sum())


def _warm_up(ws):
    """Uncapped: imports and compiles what the search uses (a solve with random starts only, through the
    same scheduler and tracker; the compiled kernels are cached on disk), so that the cap measures the
    search, not a first compilation, and a loop's path (the single-path route)."""
    from algnet.homotopy.monodromy import MonodromyOptions, MonodromySolver, track_parameters

    MonodromySolver(ws.family, MonodromyOptions(max_loops=0), key=ws.values.values,
                    parameter_scale=ws.parameter_scale, sampler=ws.sampler).solve(ws.theta0, ws.p0, seed=0)
    track_parameters(ws.family, ws.theta0[None, :], ws.p0, ws.p0 * np.exp(0.3j))


def _recapture(ws, res, loops, seconds, seed):
    """Transport the marked points around fresh random loops: (moved, recaptured, loops taken, new
    points seen, seconds, paths tracked)."""
    from algnet.guards import time_cap
    from algnet.homotopy.monodromy import track_parameters

    fam, p0 = ws.family, ws.p0
    S, KS = res.solutions, res.keys
    k = len(S)
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 17]))
    scale = 10.0 * ws.parameter_scale      # the solver's random nodes (MonodromyOptions.loop_scale)
    moved = recaptured = taken = lpaths = 0
    new_keys: list = []
    t = time.perf_counter()
    with time_cap(seconds) as cap:
        try:
            for _ in range(loops):
                a, b = (scale * (rng.normal(size=p0.shape) + 1j * rng.normal(size=p0.shape)) / np.sqrt(2)
                        for _ in range(2))
                X, ok = S, np.ones(k, dtype=bool)
                for u, v in ((p0, a), (a, b), (b, p0)):
                    r = track_parameters(fam, X, u, v)
                    lpaths += X.shape[0]
                    ok &= np.array([s == "success" for s in r.status])
                    X = r.x
                idx = _match(ws.values.values(X[ok]), KS)
                mv, rc = recapture_counts(np.flatnonzero(ok), idx)
                moved += mv
                recaptured += rc
                K_new = ws.values.values(X[ok][idx < 0])
                new_keys.extend(K_new)
                taken += 1
        except KeyboardInterrupt:
            if not cap.expired:
                raise
    found = len(_distinct(np.array(new_keys))) if new_keys else 0
    return moved, recaptured, taken, found, time.perf_counter() - t, lpaths


def _match(K, ref, tol=1e-6):
    """Index of the row of ``ref`` equal to each row of K up to ``tol`` relative (max norm), else -1."""
    out = np.full(len(K), -1, dtype=np.int64)
    for i, key in enumerate(K):
        if not np.all(np.isfinite(key)):
            continue
        d = np.max(np.abs(ref - key), axis=1)
        j = int(np.argmin(d))
        if d[j] <= tol * (1 + float(np.max(np.abs(key)))):
            out[i] = j
    return out


def _distinct(K, tol=1e-6):
    """Distinct rows of K (finite ones) up to ``tol`` relative."""
    reps: list = []
    for key in K:
        if not np.all(np.isfinite(key)):
            continue
        if not reps or _match(key[None, :], np.array(reps), tol)[0] < 0:
            reps.append(key)
    return reps
