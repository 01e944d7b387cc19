"""Options and results of the path tracker (:mod:`algnet.homotopy.tracker`).

:class:`TrackerOptions` (frozen, documented defaults with the measurements
behind them) and :class:`TrackResult` (endpoints, one status per path,
counters). Both are re-exported by :mod:`algnet.homotopy.tracker`.

Examples
--------
>>> TrackerOptions().predictor_tolerance, TrackerOptions(engine="numpy").engine
(0.0001, 'numpy')
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["TrackerOptions", "TrackResult", "STATUSES", "PREDICTORS", "ENDPOINT_NEWTON_TOLERANCE", "LIGHT_NEWTON_LIMIT",
           "SECOND_UPDATE_FLOOR", "FIRST_RETRY_FLOOR", "FIRST_STEP_MOTION", "PARALLEL_ROUND_SECONDS", "TO_END_ROUNDS",
           "usable_cores", "other_load", "auto_threads"]

#: relative size of the Newton update at a refined endpoint above which the path is "failed", not "success"
#: (converged endpoints have updates near 1e-14; a stalled non-solution has updates of order one)
ENDPOINT_NEWTON_TOLERANCE = 1e-6

#: light (simplified Newton) corrector iterations only when the first update is at most this many times
#: ``predictor_tolerance`` relative (see ``TrackerOptions.light_evaluations``). 30 and 100 (1,024 paths of the
#: eight bench systems, compiled, one thread): light evaluations 5-20% more, full ones -1.9% to +5%, rejected
#: steps 10-60% more, paths per CPU second within the noise: not adopted
LIGHT_NEWTON_LIMIT = 10.0

#: second Newton updates below this relative size count as this size in the step control
#: (``TrackerOptions.target_contraction``): below it they are rounding, which differs between the engines
SECOND_UPDATE_FLOOR = 1e-11

#: a path's step rejected before its first accepted step is retried at the step the rejected corrector's
#: first update asks for (the step control's factor 0.8 (tol / first)^(1/5)), within [this, 0.5] of the
#: rejected step, instead of half of it: the first step has no error estimate to go by (``initial_step``), and
#: 35-80% of the rejections of the bench systems came before a path's first accepted step, in chains of
#: halvings. Measured: see ``TrackerOptions.initial_step``
FIRST_RETRY_FLOOR = 0.2

#: a path's first step is at most this times (1 + |x|) / |dx/dt| at its start (max-norms; ``initial_step`` at
#: most): x moves by at most this relative size along the start velocity (the first accepted step of the bench
#: systems' paths scales with 1 / |dx/dt|: log-correlation -0.58 to -0.85; see ``TrackerOptions.initial_step``)
FIRST_STEP_MOTION = 0.2

#: ``TrackerOptions.predictor`` values (the series and Hermite predictors measured slower:
#: ``bench/_tracker_predictors.py``)
PREDICTORS = ("rk4",)

STATUSES = ("success", "singular", "diverged", "failed", "max_steps", "interrupted")

#: ``threads=0``: a kernel call is split over threads only when a round has at least this much estimated work
#: (seconds: five evaluations a path; a call takes several rounds, up to 200). The workers persist between calls
#: (a hand-over costs about 11 us, :mod:`algnet.homotopy.threads`). On ``degree(spec, method="monodromy")``
#: runs (each run's process CPU over its critical path on idle cores) 2e-5 allows 1.17-1.39x against 1.00-1.39x
#: for 2e-4 (the calls it adds take 0.3-1.4 ms of CPU each); 5e-6 and 0 give the same as 2e-5
PARALLEL_ROUND_SECONDS = 2e-5

#: ... rounds at least of a kernel call that runs every path to its end (path by path, fewer than
#: ``TrackerOptions.stop_all_below`` paths under way): a path of the degree runs takes 15-25 steps from its start
#: (bench/bench_degree.py), and such a call may continue paths half way. With one round, calls of 2-5 paths of
#: the degree runs' small systems stayed on one thread (estimated 1.4-3.4 us an evaluation: 14-34 us a round for
#: two paths) though each of their paths takes 0.1-0.5 ms of CPU, against the 11 us of a hand-over
TO_END_ROUNDS = 8


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity; the CPU count where that is unknown).

    Examples
    --------
    >>> usable_cores() >= 1
    True
    """
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):   # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


_OWN = [None, 0.0, 1.0]     # this process: (wall, CPU) at the start of the window, CPU per wall second


def other_load() -> float:
    """The 1-minute load average less this process's own share: the runnable jobs of others. The own
    share is this process's CPU seconds per wall second over the last 5-60 s (the load average's time
    constant is a minute), 1 until 5 s have passed.

    Examples
    --------
    >>> other_load() >= 0.0
    True
    """
    import os
    import time

    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):   # pragma: no cover - no load average
        return 0.0
    w, c = time.monotonic(), time.process_time()
    if _OWN[0] is None:
        _OWN[0], _OWN[1] = w, c
    elif w - _OWN[0] >= 5.0:
        _OWN[2] = (c - _OWN[1]) / (w - _OWN[0])
        if w - _OWN[0] >= 60.0:
            _OWN[0], _OWN[1] = w, c
    return max(0.0, load - min(_OWN[2], usable_cores()))


def auto_threads(threads: int, active: int, block: int, seconds_per_evaluation: float,
                 others: float | None = None, rounds: int = 1, cores: int | None = None) -> int:
    """Threads for one kernel call of the compiled tracker (``TrackerOptions.threads``; ``block``: paths per
    thread's unit of work: a block of the batched kernel, a few paths of the path-by-path kernel, the rows of
    the endpoint work; see :mod:`algnet.homotopy.compiled`): 1 for ``threads=1``;
    k for k >= 2; for ``threads=0`` the cores that others leave idle (usable cores less the load of
    other jobs, :func:`other_load`, rounded; at least 1) when the round has two blocks of paths or more
    and enough work (:data:`PARALLEL_ROUND_SECONDS` a round; ``rounds``: the rounds the call is expected to take
    at least, :data:`TO_END_ROUNDS` for a call that runs its paths to their end), else 1. Never more threads
    than blocks. ``cores``: :func:`usable_cores` as the caller last read it (read here when not given). The
    threads change the speed only: the groups of paths, and so the results, do not depend on them
    (:mod:`algnet.homotopy.path_groups`).

    Examples
    --------
    >>> auto_threads(2, 100, 32, 1e-5), auto_threads(2, 20, 32, 1e-5)      # 4 blocks; one block
    (2, 1)
    >>> auto_threads(0, 100, 32, 1e-9, others=0.0)                          # too little work to split
    1
    >>> auto_threads(0, 3, 1, 1e-6, others=0.0), auto_threads(0, 3, 1, 1e-6, others=0.0, rounds=TO_END_ROUNDS) > 1
    (1, True)
    >>> auto_threads(0, 100, 32, 1e-5, others=0.0) == min(usable_cores(), 4)   # an idle machine
    True
    >>> auto_threads(0, 100, 32, 1e-5, others=float(usable_cores()))          # no idle core
    1
    >>> auto_threads(0, 100, 32, 1e-5, others=0.5, cores=4), auto_threads(0, 100, 32, 1e-5, others=0.5, cores=1)
    (4, 1)
    """
    blocks = -(-max(active, 0) // max(block, 1))
    k = int(threads)
    if k == 1 or blocks < 2:
        return 1
    if k <= 0:
        if 5 * seconds_per_evaluation * active * max(rounds, 1) < PARALLEL_ROUND_SECONDS:
            return 1
        if cores is None:
            cores = usable_cores()
        busy = other_load() if others is None else others
        k = int(cores - busy + 0.5)
    return max(1, min(k, blocks))


@dataclass(frozen=True)
class TrackerOptions:
    """Options of :func:`track` (frozen; defaults in parentheses).

    Attributes
    ----------
    initial_step : float
        First step in t (0.05; 0.15 is 3% cheaper on the degree benchmarks
        but made a path jump in the close-path test of tests/test_homotopy.py:
        the first step has no error estimate to go by). Two rules for the
        start of a path, in all three engines: (1) the first step is at most
        :data:`FIRST_STEP_MOTION` (0.2) times (1 + |x|) / |dx/dt| at the
        start (the start velocity is evaluated for the first step anyway; the
        paths' first accepted steps scale with 1 / |dx/dt|); (2) a step
        rejected before the path's first accepted step is retried at the step
        the rejected corrector's first update asks for, within [0.2, 0.5] of
        it (:data:`FIRST_RETRY_FLOOR`; later rejections halve the step). On
        the bench systems (``bench/bench_tracker.py``, 256 paths, numpy
        engine) 0.74-2.59 of the 1.3-3.6 rejected steps a path came before
        the first accepted one, mostly halvings of 0.05 down to 0.0125-0.0016.
        On 1,024 paths of each of the eight bench systems (compiled engine, one thread) the two rules together
        cut the rejected steps a path by 2-6x and the full evaluations a path by 0.7-10.1%, for 1.5-5.4% more
        accepted steps; paths per CPU second 0.97-1.09x (the evaluations are the firm figure; the small systems
        pay the extra
        accepted steps' lane loops and the endpoint work). The same statuses, and
        the endpoints within 6.5e-10, except one path of conv k=2,3 that the
        tree without the rules tracked to another endpoint (a path jump: a
        tracking with predictor tolerance 1e-12 and steps <= 5e-4 ends where
        the rules' tracking does). Variants (numpy engine, 256 paths): 0.1 or
        0.3 for the motion bound: within 1.5% of 0.2; a retry floor of 0.05:
        the same within 0.5%; the retry rule after every rejection: fewer
        rejections but as many more accepted steps (the first update of a
        rejected corrector overestimates the error there); later contraction
        failures retried at h (theta_t / theta)^(1/5) within [0.25, 0.75]
        (theta = second / first update; theta_t 0.02 or 0.05) instead of
        halved: -0.5% to +2.5% evaluations, so halving stays. On the
        close-path segments (tests/test_homotopy.py's, seeds 0-199, eps 1e-9
        and 1e-6, 3,600 paths) the same 4 paths end off the tight reference
        with and without the rules (seeds 163 and 169), 112.1 evaluations a
        path both; monodromy degrees of seven bench systems (seeds 0-3): the
        same degrees, paths within 0.4%, CPU within noise.
    max_step : float
        Largest step in t (0.5).
    min_step : float
        Below this the path is given up (1e-12).
    step_growth : float
        Largest step factor after an accepted step (3.0; 5.0 saves under 1%
        and made a path jump in the close-path test).
    predictor_tolerance : float
        After an accepted step the next step is chosen so that the first
        Newton update (the RK4 prediction error, ~ h^5) would be about this
        relative size (1e-4; fewer evaluations than 1e-5 or 1e-6 on the
        degree benchmarks with the same results. Larger values save more
        (3e-4: 11%, 1e-3: 18% of the evaluations of the degree benchmarks)
        but paths jump on systems with close paths: 3e-4 and 1e-3 already
        did in a test of 60 random segments past near-branch points that
        1e-4 tracks exactly; the contraction test and the trace test are
        guards, not a licence). The step control's safety factor 0.9
        instead of 0.8 (``0.8 (tol / first)^(1/5)``; the same as a
        tolerance 1.8x looser) saves 3-7% of the evaluations (numpy engine, 256 paths of the bench systems);
        not adopted for that reason.
    target_contraction : float
        Step control from the corrector's contraction (0.001; 0: off, the
        fixed ``predictor_tolerance`` of earlier versions). The ratio theta
        of the second Newton update to the first grows with the prediction
        error (Newton: theta ~ omega |first update| / 2, omega the local
        curvature of the path's equations), so after a step with a second
        update the next step aims at the prediction error at which theta
        would be about this value, within ``tolerance_range`` times
        ``predictor_tolerance`` ([1e-5, 1e-3] by default): larger steps where the corrector
        converges fast (well-separated paths), smaller ones where it
        slows (near other paths, where a large prediction error could land
        in another path's basin); ``predictor_tolerance`` after a step
        without a second update. Measured (128 paths from random starts per system, compiled engine): 17% fewer
        evaluations summed over the eight systems of
        ``bench/bench_tracker.py`` (0.003: 21%), the same statuses and
        endpoints (within 6e-11) as the fixed tolerance, and within 1e-8 of
        a tight tracking (tests/test_tracker_step_control.py);
        on 400 close-path segments (tests/test_homotopy.py's
        ``_close_paths_family``, seeds 0-199, eps 1e-9 and 1e-6, 3,600
        paths), against a reference tracking with steps of at most 0.01,
        the paths that ended elsewhere than the reference were the same
        with the fixed tolerance and with 0.001 (2 paths of seed 169 in the
        last run; 4 in a run before the rounding floor of the second
        update); 0.003 moved 7, 0.01 with a tenfold wider range more.
    tolerance_range : tuple of two floats
        Range of the adapted predictor tolerance, as factors of
        ``predictor_tolerance`` ((0.1, 10.0)): a tight ``predictor_tolerance``
        keeps the adapted steps tight.
    corrector_tolerance : float
        Newton stops when the update norm is below this times (1 + |x|) (1e-9).
    max_corrector_iterations : int
        Newton iterations per step (3). 4 and 5 (512 paths of the eight systems of
        ``bench/bench_tracker.py``, compiled, one thread): full evaluations 4.8-8.4% fewer, rejected
        steps 20-40% fewer, 1.03-1.15x the paths per CPU second, but paths
        ended elsewhere than a tight tracking (predictor tolerance 1e-8,
        steps <= 0.02): 5 (4 iterations) and 7 (5) of the 4,096 paths
        against 1 with 3. With the start-of-path rules (``initial_step``),
        1,024 and 2,048 paths a system: 2-8% fewer evaluations, and against a
        tracking at tolerance 1e-12 with steps <= 5e-4, 4 (4 iterations), 6
        (5) and 0 (3) of the 8,192 paths off, 6, 8 and 0 of the 16,384. The
        steps a fourth iteration saves have first updates 100-600 times the
        tolerance (numpy engine, 256 paths): a prediction that far off is
        rejected, not corrected.
    contraction : float
        Every Newton update after the first must be at most this times the
        first (0.2): a cheap test that the prediction lies in the quadratic
        basin, against path jumping. A step is never accepted on its first
        update alone unless that update is already below the corrector
        tolerance.
    max_steps : int
        Steps per path (5000).
    divergence_norm : float
        A path whose max-norm exceeds this is declared diverged (1e8).
    singular_condition : float
        Endpoint Jacobian condition number (1-norm, rows scaled to max-norm 1;
        within a factor n of the 2-norm one) above this
        counts as singular (1e10).
    endgame_start : float
        A path whose step collapses within this distance of t = 1 ends as
        ``singular`` rather than ``failed`` (1e-6).
    final_newton_iterations : int
        Newton refinements of the endpoint at t = 1, at most (3). A path
        stops refining at the first update below 1e-12 (1 + |x|), which is
        not applied: the residual and condition number are those of the
        returned point, and the refinement usually costs two evaluations.
    reuse_velocity : bool
        Take the first RK4 stage k1 = dx/dt at an accepted point from the
        last corrector evaluation instead of evaluating H again (True): the
        solve against H_x there gives the velocity with the same
        factorization, at an iterate within the last Newton update of the
        accepted point (below ``corrector_tolerance``, or with
        ``newton_rate_acceptance`` below sqrt(corrector_tolerance x first
        update), ~1e-6 relative), which is negligible for a predictor. A
        rejected step leaves the point and its cached velocity unchanged.
        Saves one of the four predictor evaluations of every step; False
        evaluates k1 afresh (the reference behaviour, for tests).
    newton_rate_acceptance : bool
        Also accept a corrector whose update d_k (k >= 2) satisfies
        d_k^2 / d_(k-1) <= ``corrector_tolerance`` (1 + |x|) (True): with
        contracting updates the next update would be about
        d_k (d_k / d_(k-1)) (a linear-rate bound, pessimistic for Newton's
        quadratic convergence), so the point is already that accurate and
        a third evaluation is not needed. The contraction test against
        path jumping is unchanged; False waits for an update below the
        tolerance.
    light_evaluations : bool
        Re-use factorizations with *light* evaluations (True): H and one
        directional derivative H_x w + H_t, one tangent lane instead of the
        n + 1 of a full evaluation (the compiled kernels compute them in a
        pass over the values; the numpy engine forms them from a full
        evaluation, so both take the same steps). Two places: RK4's third
        stage (at the second stage's time, O(h^2) from its point) is
        k3 = k2 - H_x2^{-1} (H_x3 k2 + H_t3) with the second stage's
        factorization (one refinement: error O(h^4), the order of RK4's
        local error, h k3 enters the step); and the corrector iterations
        after the first are simplified Newton steps with the first
        iteration's factorization, the cached velocity refined the same way,
        used only when the first update is below ``LIGHT_NEWTON_LIMIT``
        (10) times ``predictor_tolerance`` relative (a large first update
        makes the frozen Jacobian's update sizes meaningless: a path was
        accepted off its curve in a test without this guard); above it the
        second iteration is a full one and a third, if needed, again a
        simplified one with the first iteration's factorization (after a
        full second update the iterate is within its square of the
        solution: on 1,024 paths of each bench system, compiled, the same statuses and steps within 0.1%,
        endpoints within 5e-11, full evaluations 0.6-2.4 a path fewer, 1.05-1.07x paths per CPU second on the
        three largest: ``algnet.homotopy.batched``). Measured on
        the eight systems of ``bench/bench_tracker.py`` (48 paths each,
        numpy engine): full evaluations per path 35-51% fewer, light ones
        28-71 a path added, steps per path the same or 7-25% fewer, the
        same statuses and endpoints within 3e-11; False: every evaluation
        is full (the reference behaviour of earlier versions).
    engine : {"auto", "compiled", "numpy"}
        "compiled": the steps run in numba (:mod:`algnet.homotopy.compiled`;
        parameter homotopies of families that implement ``trace``);
        "numpy": the batched numpy steps of this module; "auto" (default):
        compiled where it applies. Both take the same steps up to rounding.
    stop_batch : float
        Compiled engine: one call of ``PathTracker.step`` returns when at
        least this fraction of the active paths (at least one) has stopped
        (0.25; 0.0: at the first stop, as the numpy engine). Each path's
        steps are the same; only how often the caller (monodromy) sees
        stopped paths changes, and each time costs Python work (endpoint
        keys, graph updates, new transports): on six degree benchmarks (the
        ones of ``MonodromyOptions.random_starts``, seeds 0-2) 0.25 took 18%
        less CPU than 0.0 with the same paths per point (18.6 against
        18.9), 0.1 10% less.
    stop_all_below : int
        Compiled engine: with fewer paths than this under way, one call of
        ``PathTracker.step`` tracks them all to their end instead of returning
        at ``stop_batch`` of them (0, the default: never). The path-by-path
        kernel (under 16 paths) loses nothing by running them on, while each
        return costs the caller its Python work; the degree route sets 16
        (:data:`algnet.analyses.degree_monodromy.DEGREE_STOP_ALL_BELOW`, with the
        measurement).
    threads : int
        Compiled engine: threads sharing each kernel call (tracking and
        endpoint work). The paths under way are cut into groups that depend
        on their number only (:func:`algnet.homotopy.path_groups.group_bounds`:
        whole blocks, or a few paths each below 16 paths), each group stops
        at its own share of the call's stops, and the threads pull the groups
        one after another (:func:`algnet.homotopy.threads.share_jobs`); so
        the results (endpoints, statuses, the paths returned by each step,
        and monodromy's path counts and witness points for a seed) are the
        same bit for bit for every value and every load. 0 (default): per
        call, as many threads as cores that other jobs leave idle
        (:func:`auto_threads`: the 1-minute load average less this process's
        share), when the call has two groups or more and enough work; 1: one
        thread; k >= 2: k threads whenever there are two groups or more.
        On a loaded 2-core machine (``bench/bench_tracker.py``, 512 paths) two threads take the same wall time
        as one (the kernel scheduler shares the CPU between sessions, not threads) and 7-25% more CPU per path,
        so the default takes a second thread only where a core is idle. The gain on idle cores: see
        :mod:`algnet.homotopy.compiled`.
    block : int
        Compiled engine: paths per block of the path-batched kernel
        (:mod:`algnet.homotopy.batched`: the tape and the LU solves of a
        block of paths run together; 1.3-2.2x less CPU than path by path on
        the degree benchmarks' systems, see ``bench/bench_tracker.py``).
        0 (default): blocks of 32 when at least 16 paths are under way,
        else path by path; 1: path by path
        (:func:`algnet.homotopy.kernels.advance`, one thread); k >= 2: blocks
        of k. The steps are the same up to rounding.

    predictor : {"rk4"}
        The predictor ("rk4", the only one). The series predictors (Taylor
        and Padé from the tape in power-series arithmetic, Timme 2021) and
        the Hermite extrapolation of the path's history were tried in the
        path-batched kernel: 0.45-0.95x the paths per CPU second of RK4 on
        the eight systems of ``bench/bench_tracker.py``, and they added to
        the kernel's compile time even when unused, so they were removed
        (their measurements: ``bench/_tracker_predictors.py``).

    Examples
    --------
    >>> o = TrackerOptions(engine="numpy", light_evaluations=False)
    >>> o.predictor_tolerance, o.max_corrector_iterations, o.light_evaluations
    (0.0001, 3, False)
    """

    initial_step: float = 0.05
    max_step: float = 0.5
    min_step: float = 1e-12
    step_growth: float = 3.0
    predictor_tolerance: float = 1e-4
    corrector_tolerance: float = 1e-9
    max_corrector_iterations: int = 3
    contraction: float = 0.2
    max_steps: int = 5000
    divergence_norm: float = 1e8
    singular_condition: float = 1e10
    endgame_start: float = 1e-6
    final_newton_iterations: int = 3
    reuse_velocity: bool = True
    newton_rate_acceptance: bool = True
    light_evaluations: bool = True
    engine: str = "auto"
    stop_batch: float = 0.25
    stop_all_below: int = 0
    threads: int = 0
    block: int = 0
    target_contraction: float = 0.001
    tolerance_range: tuple = (0.1, 10.0)
    predictor: str = "rk4"

    def __post_init__(self):
        from algnet.errors import ParameterError

        if self.predictor not in PREDICTORS:
            raise ParameterError(f"unknown predictor {self.predictor!r}",
                                 hint=f"predictor is one of {PREDICTORS} (the series and Hermite predictors were "
                                      "measured slower and removed: bench/_tracker_predictors.py)")
        b = self.stop_all_below
        if isinstance(b, bool) or not isinstance(b, (int, np.integer)) or b < 0:
            raise ParameterError(f"stop_all_below={b!r} must be a non-negative integer",
                                 hint="paths under way below which a tracker call runs them to their end (0: never)")


@dataclass(frozen=True, eq=False)
class TrackResult:
    """Endpoints of tracked paths with one status per path.

    ``x`` (N, n) endpoints (the last point for paths that did not finish),
    ``t`` the time reached, ``status`` one string per path (see module doc),
    ``steps`` accepted steps, ``rejected`` rejected steps, ``condition``
    Jacobian condition estimates at the endpoints, ``residual`` the norm of
    H at the endpoint, ``partial`` True if interrupted, ``evaluations`` the
    number of path-evaluations of the homotopy (each call of
    ``H.evaluate`` counts the number of points it was given; values,
    Jacobian and t-derivative together count once), endpoint refinement
    included; ``light_evaluations`` how many of them were light (values and
    one directional derivative, see ``TrackerOptions.light_evaluations``).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
    >>> from algnet.homotopy.homotopies import ParameterHomotopy
    >>> from algnet.homotopy.tracker import track
    >>> H = ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [1.0], [4.0 + 1j])
    >>> r = track(H, np.array([[1.0], [-1.0]]))
    >>> r.summary(), bool(r.evaluations > r.light_evaluations > 0), bool(np.allclose(r.x[:, 0] ** 2, 4 + 1j))
    ({'success': 2}, True, True)
    """

    x: np.ndarray
    t: np.ndarray
    status: tuple
    steps: np.ndarray
    rejected: np.ndarray
    condition: np.ndarray
    residual: np.ndarray
    seconds: float = 0.0
    partial: bool = False
    options: TrackerOptions = field(default_factory=TrackerOptions)
    evaluations: int = 0
    light_evaluations: int = 0

    def count(self, status: str) -> int:
        return sum(1 for s in self.status if s == status)

    @property
    def success(self) -> np.ndarray:
        """Boolean mask of the successful paths."""
        return np.array([s == "success" for s in self.status], dtype=bool)

    def summary(self) -> dict:
        return {s: self.count(s) for s in STATUSES if self.count(s)}

    def __repr__(self):
        return (f"TrackResult(paths={len(self.status)}, {self.summary()}, steps={int(self.steps.sum())}, "
                f"evaluations={self.evaluations}, seconds={self.seconds:.3f}{', partial' if self.partial else ''})")
