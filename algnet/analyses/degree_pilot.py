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
  endpoints of the known points that moved are a catch, and those landing
  on known points are the *recaptures*; new points a loop finds are marked
  for the next one. If a moved point lands anywhere among the other points
  with the same chance, loop t is a capture occasion with M_t marked, C_t
  caught and R_t recaptured, and Schnabel's estimator in Chapman's form
  N ~ sum C_t M_t / (sum R_t + 1) applies (:func:`schnabel_estimate`, with a
  95% interval from the Poisson bounds of sum R_t; one loop: Lincoln-Petersen,
  :func:`chapman_estimate`). Reading a monodromy loop as a capture-recapture
  experiment is due to J. D. Hauenstein and S. N. Sherman, *Using monodromy
  to statistically estimate the number of solutions* (2020,
  arXiv:2005.00327). Points a loop leaves in place are left out of both
  counts: a loop moves only the sheets whose branch points it encircles
  (50-90% of them), and counting the fixed ones as recaptures would bias N
  low. The estimate is never below the points seen, nor (in the guard) above
  the Bézout bound. **Validity range** (measured, ``bench/bench_degree_estimate.py``,
  seeds 0-1, pilots of 1 and 4 CPU seconds): with at least
  :data:`MIN_RECAPTURES` recaptures and :data:`MIN_SHARE` of the estimate
  seen, the 95% interval held the true degree in every run (dense 2-2-2-1
  r=3: 70 in [68, 79]; dense 3-2-2-1 r=2: 45 in [45, 54]; conv k=3,2,2 r=2:
  384 in [381, 1366], [319, 476], [383, 425], [377, 409]); with 5
  recaptures at 7-9% seen (conv k=2,4,2 r=2, degree 640) the estimates were
  370 and 638 with intervals 190-1367 and 328-2357: outside the range the
  estimate is flagged as a rough value (:attr:`PilotRun.reliable`).
* **Paths.** If each path of the search finds a new point with a chance
  proportional to the share of points not yet found (the exponential
  discovery model behind the coupon collector), k(P) = N (1 - exp(-c P / N)):
  the pilot's P paths for k points give c, and the whole search needs about
  P ln(2N) / ln(N / (N - k)) paths (until fewer than half a point is left to
  find), at least :data:`TAIL_FACTOR` times the pilot's (saturating the
  graph and the trace test after the last point). Measured against the
  runs of ``bench/bench_degree_estimate.py``: 0.77 to 1.2 of the paths
  tracked when the pilot saw most of the points, except when the trace test
  forces many more loops; it over-estimates when the pilot saw few of them
  (the graph's saturation costs about the same paths per point throughout,
  not more and more per new point as a coupon collector would): conv k=3,2,2
  r=2 (degree 384, 5,087 to 8,213 paths), pilots that saw 20%, 36%, 88% and
  99% gave 4.7, 1.26, 0.93 and 1.7 times the paths. The guard's figure
  comes with the paths at both ends of the count's interval.
* **Time.** seconds = paths x the pilot's CPU seconds per path (which include
  everything the real search does per path) x :func:`algnet.guards.load_factor`
  (the wall clock on a shared machine; CPU seconds keep the estimate from
  depending on the load while the pilot ran).

The pilot draws the same witness system and the same search as the degree
route's first attempt with the same seed (:func:`witness_setup`), so it is
the beginning of the real run: a pilot that finishes (its trace test
passes) has done the whole search, and the estimate is its count and time.
Such a pilot keeps its search (:attr:`PilotRun.search`) with a fingerprint of
what it computed (:func:`search_fingerprint`: the network, dim M, the seed,
the witness system's arrays, the options); the degree route takes that
search instead of running it again when its own first attempt has the same
fingerprint (:func:`algnet.analyses.degree_monodromy.monodromy_attempt`).
A pilot that did not finish keeps nothing. Taking the pilot's search saves one of the two searches a degree
call would otherwise track (``degree(net, seed=0)`` with the default guard: 6-27% less CPU on dense 3-2-2 r=2,
dense 3-2-3 r=2, dense 3-2-2-1 r=2 and dense 3-3-3 r=2, the results the same).

Examples
--------
>>> round(chapman_estimate(marked=50, caught=40, recaptured=20))   # 50 marked, 20 of 40 recaught: about 100
99
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

import numpy as np

from algnet.analyses.witness_system import WitnessSetup, witness_setup
from algnet.errors import ParameterError

__all__ = ["chapman_estimate", "schnabel_estimate", "recapture_counts", "RecaptureCounts", "WitnessSetup",
           "witness_setup", "PilotRun", "monodromy_pilot", "TAIL_FACTOR", "PILOT_SECONDS", "paths_ratio",
           "MIN_RECAPTURES", "MIN_SHARE", "search_fingerprint", "LOOP_POINTS", "MIN_LOOP_POINTS", "LOOP_PATH_COST"]

#: Default CPU seconds of the pilot's monodromy search (the loops take at most as long again).
PILOT_SECONDS = 5.0

#: The capture-recapture estimate is trusted (module doc: measured validity range) with at least this many
#: recaptures and at least this share of the estimated points seen by the pilot.
MIN_RECAPTURES = 10
MIN_SHARE = 0.05

#: Most marked points a fresh loop of the pilot transports (a random subset, drawn afresh each loop; the catch is
#: their endpoints that moved, a recapture one landing on any known point): each moved point lands on a known one
#: with the chance marked / N whichever points were sent, so Schnabel's estimator is unchanged, and a loop costs
#: 3 x 256 paths at most. Transporting all of them, a pilot that found thousands of points took no loop within its
#: cap and kept the points seen as its count: attention d=3 a=2 t=3, seed 0, 2,400 points in 9,903 paths, 0 loops,
#: an estimate of 2,400 (1.6 min) for a run that had not finished after 300 s.
LOOP_POINTS = 256

#: Fewest marked points a fresh loop transports when the search's CPU per path says a loop of
#: :data:`LOOP_POINTS` would not fit in half of the loops' cap (below).
MIN_LOOP_POINTS = 16

#: A loop's path (between random parameters far from the start's) against a search path, CPU with the matching of
#: the endpoints: 1.3 against 0.48 ms on attention d=3 a=2 t=3, seed 0: about 2.7x, taken as 4.
LOOP_PATH_COST = 4.0

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
    >>> f"{paths_ratio(5, 1e17):.3e}"           # a tiny share found: about ln(2N) N / k (no 0 in floating point)
    '7.967e+17'
    """
    import math

    if found <= 0:
        raise ParameterError(f"found={found!r}: a pilot without points gives no ratio", hint="found >= 1")
    N = max(float(total), found + 1.0)
    if not math.isfinite(N):
        return math.inf
    # ln(N / (N - k)) as -log1p(-k / N): N / (N - k) rounds to 1 (a division by zero) once k / N < 1e-16
    return max(TAIL_FACTOR, math.log(2 * N) / -math.log1p(-found / N))


def schnabel_estimate(marked, caught, recaptured, confidence: float = 0.95) -> tuple:
    """Schnabel's multiple-recapture estimate with Chapman's + 1, and an interval: (N, low, high).

    Loop t of a pilot is one capture occasion: ``marked[t]`` points known before it, ``caught[t]``
    endpoints that moved, ``recaptured[t]`` of those on known points. With S = sum_t caught[t] marked[t]
    and R = sum_t recaptured[t], N = S / (R + 1) (Z. E. Schnabel, *The estimation of the total fish
    population of a lake*, Amer. Math. Monthly 45 (1938) 348-352; Chapman's form as in G. A. F. Seber,
    *The Estimation of Animal Abundance*, 2nd ed. 1982, sec. 6.2). The interval treats R as Poisson
    (conservative when most caught points are recaptured): R's exact (Garwood) bounds
    R_lo = chi2(a/2; 2R)/2 and R_hi = chi2(1 - a/2; 2R + 2)/2 give [S / R_hi, S / R_lo] (inf when R = 0).
    With one occasion it is Chapman's Lincoln-Petersen estimate up to the + 1's.

    Examples
    --------
    >>> n, lo, hi = schnabel_estimate([50], [40], [20])     # 50 known, 20 of 40 moved endpoints on them
    >>> round(n), round(lo), round(hi)
    (95, 65, 164)
    >>> schnabel_estimate([10], [10], [0])[2]
    inf
    """
    from scipy.stats import chi2

    M, C, Rt = (np.asarray(a, dtype=float).reshape(-1) for a in (marked, caught, recaptured))
    if not (M.shape == C.shape == Rt.shape) or np.any(Rt < 0) or np.any(Rt > C) or np.any(M < 0):
        raise ParameterError(f"need per-loop counts with 0 <= recaptured <= caught and marked >= 0, got "
                             f"marked={list(M)}, caught={list(C)}, recaptured={list(Rt)}",
                             hint="counts of a capture-recapture experiment, one entry per loop")
    S, R = float(np.sum(C * M)), float(np.sum(Rt))
    a = 1.0 - confidence
    r_lo = chi2.ppf(a / 2, 2 * R) / 2 if R > 0 else 0.0
    r_hi = chi2.ppf(1 - a / 2, 2 * R + 2) / 2
    return S / (R + 1), S / r_hi, (S / r_lo if r_lo > 0 else float("inf"))


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


@dataclass(frozen=True)
class PilotRun:
    """What a monodromy pilot found and measured (:func:`monodromy_pilot`).

    ``points`` known at p0 after the pilot's search (and its loops), ``paths`` and ``seconds`` of the
    search, ``finished`` (its trace test passed: ``points`` is the degree found by a complete run),
    ``loops`` fresh loops taken, ``moved`` endpoints that left their start point, ``recaptured`` of those
    landing on a marked point, ``estimate`` of the number of witness points (capture-recapture,
    module doc), ``loop_seconds`` and ``loop_paths`` of the fresh loops, ``cpu_seconds`` of the whole pilot
    (search and loops), ``search_cpu`` and ``loop_cpu`` (each capped), ``warm_up_cpu`` (the uncapped
    warm-up before them: imports, the compiled kernels), ``interval`` (a 95% interval of the estimate,
    :func:`schnabel_estimate`; the upper end inf when nothing was recaptured). A pilot that finished
    keeps its search: ``search`` (the solver's result) and ``fingerprint`` (:func:`search_fingerprint` of
    the computation it was); otherwise both are empty.

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
    search_cpu: float = 0.0
    loop_cpu: float = 0.0
    warm_up_cpu: float = 0.0
    interval: tuple = (0.0, float("inf"))
    search: object = field(default=None, repr=False, compare=False)
    fingerprint: str = field(default="", repr=False, compare=False)

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
        lo, hi = self.interval
        weak = "" if self.reliable else (f"; outside the estimator's validity range (fewer than {MIN_RECAPTURES} "
                                         f"recaptures or {MIN_SHARE:.0%} of the points seen): a rough value")
        return (f"a {self.search_cpu:.1f} CPU-s pilot found {self.marked} points in {self.paths} paths; {self.loops} "
                f"fresh loops moved {self.moved} known points, {self.recaptured} onto known points: an estimate of "
                f"{self.estimate:.0f} points (95% interval {lo:.0f} to {hi:.0f}; Schnabel's estimator{weak})")

    @property
    def reliable(self) -> bool:
        """Whether the capture-recapture estimate is inside its measured validity range (module doc):
        at least MIN_RECAPTURES recaptures and at least MIN_SHARE of the estimated points seen."""
        return self.finished or (self.recaptured >= MIN_RECAPTURES and self.points >= MIN_SHARE * self.estimate)


def monodromy_pilot(net, dim: int, seed=0, seconds: float = PILOT_SECONDS, loops: int = 4,
                    show_progress: bool = False) -> PilotRun:
    """Run the degree's monodromy search for about ``seconds``, then estimate the witness points.

    Parameters
    ----------
    net : Network
    dim : int
        dim M (> 0).
    seed : int
    seconds : float
        Cap of the search in CPU seconds of this process (SIGPROF: the same on an idle and on a shared
        machine); the fresh loops are capped by as much again. A warm-up before them (imports, the
        compiled kernels; ``warm_up_cpu``) is not counted.
    loops : int
        Fresh loops after the search (each tracks 3 paths per marked point, of at most :data:`LOOP_POINTS` of them).
    show_progress : bool
        The search's progress bar (the witness points found): a degree run that takes a finished pilot's
        search shows it here, where the search runs.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> p = monodromy_pilot(parse_spec("linear 2-1-2"), dim=3, seed=0, seconds=5)
    >>> p.finished, p.points                      # the pilot finished: deg = 2
    (True, 2)
    """
    from algnet.guards import time_cap
    from algnet.homotopy.monodromy import MonodromySolver

    from algnet.analyses.degree_bezout import _check_dim
    from algnet.analyses.degree_monodromy import degree_options

    _check_dim(net, dim)
    if dim < 1:
        raise ParameterError(f"dim={dim!r}: a pilot needs a positive-dimensional M", hint="dim M >= 1")
    ws = witness_setup(net, dim, seed=seed)
    opt = degree_options(net)              # the options of the run it predicts (node size by the network)
    solver = MonodromySolver(ws.tracked, opt, key=ws.values.values,
                             parameter_scale=ws.tracked_params(ws.parameter_scale), sampler=ws.sampler)
    c0 = time.process_time()
    _warm_up(ws)
    warm = time.process_time() - c0
    t, c = time.perf_counter(), time.process_time()
    with time_cap(seconds, cpu=True) as cap:
        try:
            res = solver.solve(ws.theta0, ws.tracked_params(ws.p0), trace_direction=ws.tracked_params(
                ws.trace_direction), seed=ws.solver_seed, trace_weights=ws.trace_weights, show_progress=show_progress)
        except KeyboardInterrupt:
            if not cap.expired:
                raise
            res = None          # the cap fired before the search began: nothing found
    secs, search_cpu = time.perf_counter() - t, time.process_time() - c
    if res is None or (res.partial and not cap.expired):
        if res is not None:     # Ctrl-C from the user (the solver made it a partial result): stop here too
            raise KeyboardInterrupt
        return PilotRun(0, 0, secs, False, 0, 0, 0, 0, 0.0, 0.0, 0, search_cpu, search_cpu, 0.0, warm)
    finished = bool(not res.partial and res.trace is not None and res.trace.passed)
    k = len(res.solutions)
    if finished or k == 0:
        kept = dict(search=res, fingerprint=search_fingerprint(net, dim, seed, ws, opt)) if finished else {}
        return PilotRun(k, res.paths, secs, finished, k, 0, 0, 0, float(k), 0.0, 0, search_cpu, search_cpu, 0.0,
                        warm, **kept)
    c = time.process_time()
    rec = _recapture(ws, res, loops, seconds, seed, cpu_per_path=search_cpu / max(res.paths, 1))
    loop_cpu = time.process_time() - c
    est, low, high = schnabel_estimate(rec.marked, rec.caught, rec.recaptured)
    est = max(est, float(k + rec.found))
    return PilotRun(k, res.paths, secs, False, k, rec.loops, sum(rec.caught), sum(rec.recaptured), est,
                    rec.seconds, rec.paths, search_cpu + loop_cpu, search_cpu, loop_cpu, warm,
                    (max(low, float(k + rec.found)), max(high, float(k + rec.found))))


def search_fingerprint(net, dim: int, seed, ws, opt, coordinate_slice: bool = True, scale: float = 1.0,
                       pin="fixed") -> str:
    """A digest of one monodromy search of the degree route: the network (its spec and sample values),
    dim M, the seed, the witness system's arrays (:class:`WitnessSetup`: start point, parameters, equations,
    trace direction and weights, parameter scale), the solver's seed, the tracked family's kind and the
    options. Two searches with the same digest are the same computation (the solver is deterministic given
    them), so one's result stands for the other's.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.degree_monodromy import degree_options
    >>> net = parse_spec("linear 2-1-2")
    >>> a, b = (search_fingerprint(net, 3, s, witness_setup(net, 3, seed=s), degree_options(net)) for s in (0, 0))
    >>> a == b, a == search_fingerprint(net, 3, 1, witness_setup(net, 3, seed=1), degree_options(net))
    (True, False)
    """
    h = hashlib.sha256(repr((str(net.spec), type(net).__name__, int(net.n_params), int(dim), repr(seed),
                             bool(coordinate_slice), float(scale), repr(pin), int(ws.solver_seed),
                             type(ws.tracked).__name__, repr(opt))).encode())
    for a in (ws.values.Z, ws.theta0, ws.p0, ws.R, ws.trace_direction, ws.trace_weights, ws.parameter_scale,
              ws.tracked_params(ws.p0)):
        a = np.ascontiguousarray(np.asarray(a, dtype=np.complex128))
        h.update(repr(a.shape).encode())
        h.update(a.tobytes())
    return h.hexdigest()


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

    from algnet.homotopy.pinned import free_unknowns

    fam, p0 = ws.tracked, ws.tracked_params(ws.p0)
    first = MonodromySolver(fam, MonodromyOptions(max_loops=0), key=ws.values.values,
                            parameter_scale=ws.tracked_params(ws.parameter_scale), sampler=ws.sampler).solve(
        ws.theta0, p0, seed=0)
    # Ctrl-C returns partial results from the solver and the tracker: a warm-up has nothing to keep, and the
    # Ctrl-C must reach the caller (swallowed, the run went on)
    if first.partial or track_parameters(fam, free_unknowns(fam, ws.theta0[None, :], p0), p0,
                                         p0 * np.exp(0.3j)).partial:
        raise KeyboardInterrupt


@dataclass(frozen=True)
class RecaptureCounts:
    """Loop-by-loop counts of the pilot's fresh loops (:func:`monodromy_pilot`).

    For loop t: ``marked[t]`` points known before it (the search's points and the new ones earlier loops
    found), ``caught[t]`` endpoints of known points that moved, ``recaptured[t]`` of those landing on a
    known point; ``found`` new points in all, ``loops`` taken, ``seconds`` (wall) and ``paths``.

    Examples
    --------
    >>> r = RecaptureCounts((40, 45), (30, 28), (25, 26), 5, 2, 1.0, 240)
    >>> schnabel_estimate(r.marked, r.caught, r.recaptured)[0] > 45
    True
    """

    marked: tuple
    caught: tuple
    recaptured: tuple
    found: int
    loops: int
    seconds: float
    paths: int


def _loop_points(k: int, seconds: float, cpu_per_path: float) -> int:
    """Marked points a fresh loop transports: all ``k``, at most :data:`LOOP_POINTS`, and few enough that a loop
    (3 paths a point, each costing up to :data:`LOOP_PATH_COST` times the search's CPU per path) takes at most half
    of ``seconds``, but not below :data:`MIN_LOOP_POINTS`. A loop cut by the cap counts for nothing, and on a
    loaded machine a path costs more CPU (shared caches): with 256 points a loop of attention d=3 a=2 t=3 fitted
    its 2 CPU-s on an idle machine but not under load 10-12, so the pilot took no loop and fell back to
    the points seen. Each loop's points are a random subset, so Schnabel's estimator is the same with fewer of them
    (see :data:`LOOP_POINTS`).

    Examples
    --------
    >>> _loop_points(1000, 2.0, 0.0005), _loop_points(1000, 20.0, 0.0005), _loop_points(10, 2.0, 0.0005)
    (166, 256, 10)
    """
    fit = int(0.5 * seconds / (3.0 * LOOP_PATH_COST * max(cpu_per_path, 1e-9)))
    return min(k, LOOP_POINTS, max(MIN_LOOP_POINTS, fit))


def _recapture(ws, res, loops, seconds, seed, cpu_per_path: float = 0.0) -> RecaptureCounts:
    """Transport the known points around fresh random loops (CPU-capped by ``seconds``): per-loop counts."""
    from algnet.guards import time_cap
    from algnet.homotopy.monodromy import track_parameters

    from algnet.homotopy.pinned import free_unknowns, full_points

    fam, p0 = ws.tracked, ws.tracked_params(ws.p0)
    S, KS = free_unknowns(fam, res.solutions, p0), res.keys
    k = len(S)
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 17]))
    # a loop transports at most LOOP_POINTS of the marked points (drawn afresh each loop): the catch is
    # their endpoints, every known point stays marked
    take = _loop_points(k, seconds, cpu_per_path)
    scale = 10.0 * ws.tracked_params(ws.parameter_scale)   # the solver's random nodes (MonodromyOptions.loop_scale)
    marked, caught, recaptured = [], [], []
    taken = lpaths = 0
    new_keys = np.zeros((0, KS.shape[1]), dtype=np.complex128)
    t = time.perf_counter()
    with time_cap(seconds, cpu=True) as cap:
        try:
            for _ in range(loops):
                a, b = (scale * (rng.normal(size=p0.shape) + 1j * rng.normal(size=p0.shape)) / np.sqrt(2)
                        for _ in range(2))
                sub = np.sort(rng.choice(k, size=take, replace=False)) if take < k else np.arange(k)
                X, ok = S[sub], np.ones(take, dtype=bool)
                for u, v in ((p0, a), (a, b), (b, p0)):
                    r = track_parameters(fam, X, u, v)     # a cap or Ctrl-C inside it returns a partial result
                    lpaths += X.shape[0]
                    ok &= np.array([s == "success" for s in r.status])
                    X = r.x
                    if cap.expired or r.partial:   # the user's Ctrl-C is raised on below (was: swallowed)
                        raise KeyboardInterrupt
                K_end = ws.values.values(full_points(fam, X[ok], p0))
                idx = _match(K_end, KS)
                mv, _ = recapture_counts(sub[ok], idx)
                moved = idx != sub[ok]
                known = (idx >= 0) | (_match(K_end, new_keys) >= 0 if len(new_keys) else False)
                marked.append(k + len(new_keys))
                caught.append(mv)
                recaptured.append(int(np.sum(moved & known)))
                fresh = _distinct(K_end[~known]) if np.any(~known) else []
                if fresh:
                    new_keys = np.concatenate([new_keys, np.array(fresh)])
                taken += 1
        except KeyboardInterrupt:
            if not cap.expired:
                raise
    return RecaptureCounts(tuple(marked), tuple(caught), tuple(recaptured), len(new_keys), taken,
                           time.perf_counter() - t, lpaths)


def _match(K, ref, tol=1e-6):
    """Index of the row of ``ref`` equal to each row of K up to ``tol`` relative (max norm), else -1.

    The rows compared in full are those whose projections on :data:`_MATCH_PROJECTIONS` fixed random directions w
    are within ``||w||_1`` times the tolerance (a necessary condition: ``|w . (x - y)| <= ||w||_1 max |x - y|``),
    so the answer is the same as comparing every row, at a few numbers per row instead of a key's length (the
    pilot's loops of attention d=3 a=2 t=3 match 256 endpoints against 2,300 keys of 1,485 values each: comparing
    every row took 4.6 CPU-s a loop)."""
    K, ref = np.asarray(K), np.asarray(ref)
    out = np.full(len(K), -1, dtype=np.int64)
    if len(K) == 0 or len(ref) == 0:
        return out
    W = _projections(ref.shape[1])
    w1 = np.sum(np.abs(W), axis=0)
    PR, PK = ref @ W, K @ W
    for i, key in enumerate(K):
        if not np.all(np.isfinite(key)):
            continue
        lim = tol * (1 + float(np.max(np.abs(key))))
        cand = np.flatnonzero(np.all(np.abs(PR - PK[i]) <= w1 * lim * (1 + 1e-6) + 1e-300, axis=1))
        if cand.size == 0:
            continue
        d = np.max(np.abs(ref[cand] - key), axis=1)
        j = int(np.argmin(d))
        if d[j] <= lim:
            out[i] = int(cand[j])
    return out


#: Random directions :func:`_match` filters its candidates by.
_MATCH_PROJECTIONS = 4


def _projections(n: int):
    """``_MATCH_PROJECTIONS`` fixed random complex directions in C^n (the same for every call of one length)."""
    rng = np.random.default_rng(np.random.SeedSequence([n, 23]))
    return rng.normal(size=(n, _MATCH_PROJECTIONS)) + 1j * rng.normal(size=(n, _MATCH_PROJECTIONS))


def _distinct(K, tol=1e-6):
    """Distinct rows of K (finite ones) up to ``tol`` relative."""
    K = np.asarray(K)
    reps = np.zeros_like(K)
    n = 0
    for key in K:
        if not np.all(np.isfinite(key)):
            continue
        if n == 0 or _match(key[None, :], reps[:n], tol)[0] < 0:
            reps[n] = key
            n += 1
    return list(reps[:n])
