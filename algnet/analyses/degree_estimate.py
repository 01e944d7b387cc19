"""How much a monodromy degree computation will cost, before it starts.

When no theorem gives the degree of M, :func:`algnet.analyses.degree.degree`
bounds it from above and estimates the work from that bound:

* **Bézout bound** (:mod:`algnet.analyses.degree_bezout`). The witness system (module doc of
  :mod:`algnet.analyses.degree`) is square in theta: m = dim M equations
  R v(theta) = c and e = N - m affine slice equations. Every point of M ∩ L
  has an isolated preimage on a slice transversal to the fibers, so deg M is
  at most the number of isolated solutions, which is at most the
  multihomogeneous Bézout number of the system. The parameters are grouped
  in the network's own blocks (its weight arrays); the degree d_l of the
  outputs in block l is read off the straight-line program (the
  :class:`~algnet.core.backends.DegreeBound` arithmetic with block l of
  degree one and the others of degree zero). With a coordinate slice that
  fixes g_l coordinates of block l and leaves a_l = n_l - g_l free
  (sum a_l = m), the bound is the coefficient of prod z_l^{a_l} in
  (sum d_l z_l)^m = m! prod d_l^{a_l} / a_l!. The slice is chosen among
  valid ones (the fibers' tangent space at a random point projects
  isomorphically onto the fixed coordinates) to make the bound small; the
  total-degree bound D^m (D = :meth:`parameter_degree`) is the fallback.
* **Paths.** Monodromy tracks about :data:`PATHS_PER_POINT` paths per
  witness point plus :data:`PATHS_FIXED` (measured on this project's
  examples: linear 3-1-3, 4-2-4, 5-2-5, 5-3-5, dense 2-2-1 r=4, 3-2-1 r=2,
  4-2-1 r=2, conv k=2,2 r=2: 8 to 20 per point, 37 paths for degree one).
* **Seconds per path.** A pilot: a few single paths of the witness system
  between random offsets are tracked and timed, times :data:`PILOT_OVERHEAD`
  (a path of the real run was measured at 3 to 10 times a pilot path: dense
  2-2-1 r=4, 3-2-1 r=2, 4-2-1 r=2, 3-2-2-1 r=2, whole runs including loops,
  retries, the trace test, failing paths and the dimension).
* **The estimate the guard uses.** The bound can be thousands of times the
  degree (deep networks), so the guard's figure comes from a monodromy
  pilot (:mod:`algnet.analyses.degree_pilot`): the real search run for a
  few seconds, the number of witness points estimated by capture-recapture
  on fresh loops, times the pilot's own paths per point and seconds per
  path. The bound stays reported next to it (a proved ceiling on the
  degree, and the paths and seconds it would mean at the pilot's speed).
  The per-path pilot above is the fallback when the search pilot found
  nothing before its time was up.

Examples
--------
>>> from algnet import parse_spec
>>> b = bezout_bound(parse_spec("linear 3-1-3"), dim=5, seed=0)      # the true degree is 6
>>> b.value >= 6, b.value <= 2 ** 5
(True, True)
"""

from __future__ import annotations

import logging
import math
import os
import time
from dataclasses import dataclass, replace

import numpy as np

# the Bézout bound has its own module; its names stay importable from here
from algnet.analyses.degree_bezout import BezoutBound, bezout_bound, block_degrees
from algnet.analyses.degree_pilot import PILOT_SECONDS, TAIL_FACTOR, monodromy_pilot, paths_ratio
from algnet.errors import TooLargeError

__all__ = ["BezoutBound", "MonodromyEstimate", "bezout_bound", "block_degrees", "estimate_monodromy",
           "check_monodromy_estimate", "guard_monodromy", "witness_memory", "check_witness_memory",
           "PATHS_PER_POINT", "PATHS_FIXED", "DEFAULT_TIME_BUDGET",
           "PILOT_OVERHEAD"]

#: Seconds of monodromy allowed by default when no theorem gives the degree (see ``degree(time_limit=)``).
DEFAULT_TIME_BUDGET = 3600.0

#: Paths tracked per witness point by the degree's monodromy (largest measured ratio, module doc).
PATHS_PER_POINT = 20
#: Seconds of a path of the real monodromy per second of a pilot path (largest measured ratio, module doc).
PILOT_OVERHEAD = 10.0

#: Below this many bytes a witness system is not compared with the machine (less than the next page of this
#: process's heap would have to be available); ``ALGNET_MEMORY_LIMIT`` set: compared all the same.
SMALL_WITNESS = 2**20

#: Paths tracked whatever the degree (trace test, first loops; measured: 37 for degree one).
PATHS_FIXED = 40

#: How the guard reads a pilot whose fresh loops recaptured no known point.
NO_RECAPTURE = ("no recapture, so capture-recapture gives no upper estimate of the count: the guard takes the "
                "Bézout bound")


@dataclass(frozen=True)
class MonodromyEstimate:
    """Paths and seconds a monodromy degree computation is expected to take.

    ``bound`` (a proved upper bound on the degree), ``paths`` / ``seconds`` (the estimate: from
    ``degree`` when one is set, a theorem's value or a pilot's capture-recapture estimate, else from the
    bound), ``pilot`` (the :class:`~algnet.analyses.degree_pilot.PilotRun` behind it, if any),
    ``cpu_seconds`` (a pilot's estimate in CPU seconds, before the load factor), ``paths_range`` (the
    paths at the ends of the pilot's interval for the count),
    ``bound_paths`` / ``bound_seconds`` (the same work at the bound: an upper estimate).

    Examples
    --------
    >>> est = MonodromyEstimate(BezoutBound(32, "a bound"), paths=680, seconds_per_path=0.01, seconds=6.8)
    >>> est.bound_paths, round(est.bound_seconds, 2), est.with_degree(3, "a guess").paths
    (680, 6.8, 100)
    """

    bound: BezoutBound
    paths: int
    seconds_per_path: float | None
    seconds: float | None

    degree: int | None = None
    degree_source: str = ""
    per_path_source: str = "pilot run"
    pilot: object = None
    cpu_seconds: float | None = None
    paths_range: tuple | None = None

    @property
    def bound_paths(self) -> int:
        """Paths at the Bézout bound (PATHS_PER_POINT per point + PATHS_FIXED)."""
        return PATHS_PER_POINT * self.bound.value + PATHS_FIXED

    @property
    def bound_seconds(self) -> float | None:
        """Seconds at the bound, at the estimate's seconds per path."""
        return None if self.seconds_per_path is None else self.bound_paths * self.seconds_per_path

    def with_degree(self, d: int, source: str) -> "MonodromyEstimate":
        """The same estimate computed from a (closer) degree value ``d`` instead of the bound."""
        paths = PATHS_PER_POINT * d + PATHS_FIXED
        secs = None if self.seconds_per_path is None else paths * self.seconds_per_path
        return replace(self, paths=paths, seconds=secs, degree=d, degree_source=source)

    def with_seconds_per_path(self, spp: float, source: str) -> "MonodromyEstimate":
        """The same estimate at ``spp`` seconds per path."""
        return replace(self, seconds_per_path=spp, seconds=self.paths * spp, per_path_source=source)

    def describe(self, timing: bool = True) -> str:
        """The estimate in words; ``timing=False`` leaves out what depends on the machine's speed (the
        seconds, and the closer degree tried only when they are over the budget), for reproducible results."""
        from algnet.guards import format_seconds

        s = f"the degree is at most {self.bound.value} ({self.bound.detail})"
        if not timing:
            return s + (f"; monodromy would track up to about {self.bound_paths} "
                        f"paths ({PATHS_PER_POINT} per point + {PATHS_FIXED})")
        if self.pilot is not None and self.degree is not None:
            p = self.pilot
            rng = ("" if self.paths_range is None else
                   f", {self.paths_range[0]} to {self.paths_range[1]} over the count's interval")
            at = f"; {NO_RECAPTURE}" if self.degree_source == NO_RECAPTURE else ""
            s = (f"estimate (used by the guard): about {self.degree} witness points ({p.describe()}{at}); about "
                 f"{self.paths} paths" + ("" if p.finished else
                                          f" ({self.paths / max(p.paths, 1):.1f} x the pilot's: exponential "
                                          f"discovery model, at least {TAIL_FACTOR:g}, at most {PATHS_PER_POINT} "
                                          f"per point + {PATHS_FIXED}{rng})"))
            if self.seconds is not None:
                s += f", about {format_seconds(self.seconds)} at {1000 * self.seconds_per_path:.1f} ms per path " \
                     f"({self.per_path_source})"
            s += f"; bound: {s_bound(self)}"
            return s
        if self.degree is not None:
            s += f", about {self.degree} by {self.degree_source}"
        s += f"; monodromy would track up to about {self.paths} paths ({PATHS_PER_POINT} per point + {PATHS_FIXED})"
        if self.seconds is not None:
            s += (f", about {format_seconds(self.seconds)} at {1000 * self.seconds_per_path:.1f} ms per path "
                  f"({self.per_path_source})")
        return s

    def with_pilot(self, pilot) -> "MonodromyEstimate":
        """The estimate from a monodromy pilot (:func:`~algnet.analyses.degree_pilot.monodromy_pilot`): its
        count and paths when it finished, else its capture-recapture estimate capped by the bound and the
        pilot's paths times :func:`~algnet.analyses.degree_pilot.paths_ratio`, at most PATHS_PER_POINT per
        point (:func:`_pilot_paths`); seconds at the pilot's CPU
        seconds per path times :func:`algnet.guards.load_factor` for one thread (``cpu_seconds``: without it)."""
        from algnet.guards import load_factor

        cpu = pilot.cpu_seconds_per_path
        f = load_factor(1)      # monodromy tracks on one thread
        src = f"the pilot's CPU seconds per path, search and loops, x single-thread load factor {f:.1f}"
        if pilot.finished:
            return replace(self, paths=pilot.paths, seconds_per_path=cpu * f, seconds=pilot.cpu_seconds * f,
                           cpu_seconds=pilot.cpu_seconds, degree=pilot.points,
                           degree_source="a pilot that finished the search", pilot=pilot, per_path_source=src)
        lo, hi = (min(float(self.bound.value), x) for x in pilot.interval)
        if not math.isfinite(pilot.interval[1]):
            # no fresh loop landed on a known point: the count has no upper estimate (the interval's upper end is
            # inf, degree_pilot.schnabel_estimate), and Chapman's value (marked + 1)(caught + 1) - 1 only says the
            # pilot saw few of the points (dense 3-3-1 r=50: 7 points, 0 of 13 recaptured, "about 145" for a
            # degree bounded by 1.3e12); the guard takes the bound, the one ceiling it has
            d, source = int(self.bound.value), NO_RECAPTURE
        else:
            d = int(round(min(float(self.bound.value), pilot.estimate)))
            source = "capture-recapture on a monodromy pilot"
        paths = _pilot_paths(pilot, d)
        span = tuple(_pilot_paths(pilot, x) for x in (lo, hi))
        return replace(self, paths=paths, seconds_per_path=cpu * f, seconds=paths * cpu * f,
                       cpu_seconds=paths * cpu, degree=d, degree_source=source,
                       pilot=pilot, per_path_source=src, paths_range=span)


def _pilot_paths(pilot, n: float) -> int:
    """Paths of the whole search for about ``n`` points after a pilot that did not finish: the exponential
    discovery model (:func:`~algnet.analyses.degree_pilot.paths_ratio`), but at most :data:`PATHS_PER_POINT` per
    point plus :data:`PATHS_FIXED` (never below TAIL_FACTOR times the pilot's own paths). The model
    over-estimates when the pilot saw a small share of the points (module doc of degree_pilot: 4.7 times at
    over-estimates when the pilot saw a small share of the points (module doc of degree_pilot: 4.7 times at
    20% on conv k=3,2,2 r=2), the per-point ceiling is the largest ratio measured on whole runs (seed 0):
    attention d=3 a=1 t=2 (degree 2,970) took 56,507 paths (19.0 a point), its pilot (97% seen) estimated
    51,193; attention d=3 a=3 t=2, 1,400 of about 12,100 seen: the model gave 58 times the pilot's paths, 45 a
    point.

    Examples
    --------
    >>> from algnet.analyses.degree_pilot import PilotRun
    >>> p = PilotRun(100, 400, 1.0, False, 100, 4, 50, 5, 1000.0, 1.0)
    >>> _pilot_paths(p, 1000) == 20 * 1000 + 40, _pilot_paths(p, 100) == 1000     # the ceiling; the tail (2.5 x)
    (True, True)
    """
    model = pilot.paths * paths_ratio(pilot.points, max(float(n), float(pilot.points)))
    ceiling = max(PATHS_PER_POINT * float(n) + PATHS_FIXED, TAIL_FACTOR * pilot.paths)
    return int(round(min(model, ceiling)))


def s_bound(est) -> str:
    """The bound's part of a description: the ceiling on the degree and the work it would mean."""
    from algnet.guards import format_seconds

    s = f"the degree is at most {est.bound.value} ({est.bound.detail}), up to about {est.bound_paths} paths"
    if est.bound_seconds is not None:
        s += f" or {format_seconds(est.bound_seconds)} at that speed"
    return s


def witness_memory(net, dim: int) -> int:
    """Peak bytes of the monodromy route's arrays (an estimate made from the sizes alone, nothing allocated).

    With K = the output monomials (the sample inputs, unisolvent), q = K * outputs values and n parameters:
    the sample inputs twice (K x input size; the evaluator's transposed copy), the random combination R
    (dim x q), a batch of 8 evaluations with their Jacobians at 4 copies (8 q (n + 1)), and the K x K
    matrix of monomial values that turns the witness points' values into coefficients, 3 K^2 at its peak
    (its power products, then a solve's copy). All complex128. Measured (peak resident
    size in fresh processes): dense 10-2-1 r=6 (K = 5,005) the witness set-up 49 MiB (model 59), the
    coefficient step 1,154 MiB (model 1,147); dense 8-2-1 r=6 (K = 1,716) 18.5 and 137 MiB (model 20, 135).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> witness_memory(parse_spec("linear 2-1-2"), dim=3) < 2**20
    True
    >>> witness_memory(parse_spec("dense 15-2-1 r=6"), dim=30) > 60 * 2**30      # K = 38,760: the K x K step
    True
    """
    K = int(net.monomial_count())
    q = K * int(net.n_outputs)
    n = int(net.n_params)
    size = int(np.prod(net.input_shape))
    return 16 * (2 * K * size + int(dim) * q + 4 * 8 * q * (n + 1) + 3 * K * K)


def check_witness_memory(net, dim: int, force: bool = False) -> int:
    """Refuse (TooLargeError, with :func:`witness_memory`'s estimate) a monodromy witness system that does not
    fit in memory, before anything is drawn; under ``force`` only one larger than the machine
    (:func:`algnet.guards.check_resources`). Returns the estimate in bytes.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> check_witness_memory(parse_spec("linear 2-1-2"), 3) < 2**20
    True
    >>> check_witness_memory(parse_spec("dense 40-2-1 r=6"), 80, force=True)
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: dense 40-2-1 r=6: the monodromy witness system (8145060 sample inputs, ...
    """
    from algnet.guards import check_resources, format_bytes

    mem = witness_memory(net, dim)
    if mem < SMALL_WITNESS and not os.environ.get("ALGNET_MEMORY_LIMIT"):
        return mem      # never above the limit: no /proc read (160 us of a degree run of 30 ms)
    K = int(net.monomial_count())
    check_resources(
        f"{net.spec}: the monodromy witness system ({K} sample inputs, one per monomial of the outputs; "
        f"{K * int(net.n_outputs)} values, a {K} x {K} matrix of monomial values; estimated {format_bytes(mem)})",
        memory=mem, force=force, values=K * int(net.n_outputs),
        hint=lambda: _witness_hint(net))
    return mem


def _witness_hint(net) -> str:
    """The cheaper routes of a refused witness system: the dimension, a theorem's degree only where one applies
    (not on attention networks, say), a smaller network."""
    from algnet.analyses.routes_estimate import theorem_degree

    formula = theorem_degree(net) is not None
    return ("the dimension alone ('algnet dim'), " + ("a theorem's degree (method='formula'), " if formula else "")
            + "or a network with fewer inputs or a lower degree (the witness system samples one input per monomial)")


def _pilot(net, dim, seed, paths: int = 3, budget: float = 5.0):
    """Seconds per path: the median of ``paths`` single paths of the witness system between random
    offsets, after one untimed warm-up path (it compiles the tracker, which the real run reuses);
    the pilot stops early once its timed paths have taken ``budget`` seconds."""
    from algnet.analyses.degree import NetworkWitnessFamily
    from algnet.analyses.witness import NetworkValues
    from algnet.homotopy.monodromy import track_parameters

    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 11]))
    n = net.n_params
    e = n - dim
    K = net.monomial_count()
    Z = (rng.normal(size=(K,) + tuple(net.input_shape)) + 1j * rng.normal(size=(K,) + tuple(net.input_shape)))
    vals = NetworkValues(net, Z / np.sqrt(2), rng)
    q = vals.q
    R = (rng.normal(size=(dim, q)) + 1j * rng.normal(size=(dim, q))) / np.sqrt(2 * q)
    A = (rng.normal(size=(e, n)) + 1j * rng.normal(size=(e, n))) / np.sqrt(2 * n)
    fam = NetworkWitnessFamily(vals, R, A)
    times = []
    for k in range(paths + 1):
        theta = (rng.normal(size=n) + 1j * rng.normal(size=n)) / np.sqrt(2)
        p0 = fam.start_parameters(theta)[0]
        p1 = p0 + (rng.normal(size=p0.shape) + 1j * rng.normal(size=p0.shape)) * np.abs(p0)
        t = time.perf_counter()
        if track_parameters(fam, theta[None, :], p0, p1).partial:
            # Ctrl-C: the tracker kept the path as it was and returned (partial); a timing probe has nothing to
            # keep, and going on would swallow the Ctrl-C (a Ctrl-C during the first compilation of `algnet degree
            # "dense 3-3-3 r=2"` would run the computation to its end)
            raise KeyboardInterrupt
        if k:
            times.append(time.perf_counter() - t)
            if sum(times) > budget:
                break
    return float(np.median(times))


def estimate_monodromy(net, dim: int, seed=0, pilot: bool = True,
                       pilot_seconds: float = PILOT_SECONDS) -> MonodromyEstimate:
    """Bézout bound, and (with ``pilot``) the estimate of paths and seconds from a monodromy pilot.

    Without ``pilot`` the paths are the bound's (an upper estimate) and no seconds are given.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> est = estimate_monodromy(parse_spec("dense 2-2-1 r=4"), dim=3, seed=0, pilot=False)
    >>> est.bound.value >= 3, est.paths == 20 * est.bound.value + 40
    (True, True)
    >>> est = estimate_monodromy(parse_spec("linear 2-1-2"), dim=3, seed=0, pilot_seconds=5)
    >>> est.degree, est.pilot.finished                   # the pilot finished: its count is the estimate
    (2, True)
    """
    b = bezout_bound(net, dim, seed=seed)
    est = MonodromyEstimate(b, PATHS_PER_POINT * b.value + PATHS_FIXED, None, None)
    if not pilot:
        return est
    return _piloted(est, net, dim, seed, pilot_seconds)


def _piloted(est, net, dim, seed, pilot_seconds, show_progress=False):
    """``est`` from a monodromy pilot (its search's progress bar with ``show_progress``); when the pilot found
    nothing in its time, the bound's paths at a per-path pilot's seconds (times PILOT_OVERHEAD)."""
    p = monodromy_pilot(net, dim, seed=seed, seconds=pilot_seconds, show_progress=show_progress)
    if p.points:
        return est.with_pilot(p)
    return est.with_seconds_per_path(PILOT_OVERHEAD * _pilot(net, dim, seed), f"pilot path x {PILOT_OVERHEAD:g}")


#: Share of the time budget a search pilot may take (at least 2 s, at most PILOT_SECONDS, at most a time limit).
PILOT_SHARE = 0.02


def _pilot_seconds(time_limit) -> float:
    """Seconds of the search pilot under ``time_limit`` (None: the default budget): PILOT_SHARE of the budget,
    at least 2 s, at most PILOT_SECONDS, never above the limit it guards (dense 3-2-3 r=2 at --time-limit 0.5).

    Examples
    --------
    >>> _pilot_seconds(None), _pilot_seconds(100.0), _pilot_seconds(0.5)
    (5.0, 2.0, 0.5)
    """
    budget = DEFAULT_TIME_BUDGET if time_limit is None else time_limit
    return min(PILOT_SECONDS, max(2.0, PILOT_SHARE * budget), budget)


def check_monodromy_estimate(net, seed, time_limit, reason, known=None):
    """Refuse monodromy whose estimated time is above the budget; returns ``reason`` with the
    (timing-free) bound appended (:func:`guard_monodromy` without its pilot).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> check_monodromy_estimate(parse_spec("dense 3-3-3-1 r=2"), 0, 0.05, "")
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: dense 3-3-3-1 r=2: no theorem gives the degree; estimate (used by the guard): ...
    """
    return guard_monodromy(net, seed, time_limit, reason, known)[0]


def guard_monodromy(net, seed, time_limit, reason, known=None, show_progress: bool = False):
    """Refuse monodromy whose estimated time is above the budget; returns (``reason`` with the
    (timing-free) bound appended, the monodromy pilot when one ran and finished the search, else None).

    The estimate is the theorem's degree when one is ``known``, else a monodromy pilot's
    (:mod:`algnet.analyses.degree_pilot`), at the pilot's measured paths per point and seconds per
    path; the refusal states it and the Bézout bound (a proved ceiling) next to it. When even the
    bound's paths at a few timed paths' speed fit in the budget (and need no announcement), that
    worst case allows the run and no search pilot is made. A pilot that finished the search is never
    refused (the search is done; the degree route takes it instead of searching again,
    :func:`~algnet.analyses.degree_monodromy.monodromy_attempt`): it is returned.

    Parameters
    ----------
    net : Network
    seed : int
    time_limit : float or None
        The budget in seconds (None: :data:`DEFAULT_TIME_BUDGET`).
    reason : str
        The route's reason so far.
    known : (int, str), optional
        A theorem's degree and its statement.
    show_progress : bool
        The search pilot's progress bar: its search is the run's when it finishes (the route then shows none).

    Raises
    ------
    TooLargeError
        With ``paths``, ``seconds``, ``degree_estimate`` and ``degree_bound``, and a hint naming the
        cheaper routes.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> reason, pilot = guard_monodromy(parse_spec("linear 2-1-2"), 0, None, "")
    >>> pilot is None                     # even the bound's paths are quick: no search pilot ran
    True
    """
    from algnet.analyses.shared import dimension_result
    from algnet.guards import format_seconds

    dim = int(dimension_result(net, seed=seed).dimension)
    if dim == 0:
        return reason, None  # the monodromy route says why
    est = estimate_monodromy(net, dim, seed=seed, pilot=False)
    budget = DEFAULT_TIME_BUDGET if time_limit is None else time_limit
    pilot_seconds = _pilot_seconds(time_limit)
    if known is not None:
        est = est.with_degree(int(known[0]), f"a theorem ({known[1]})")
        est = est.with_seconds_per_path(PILOT_OVERHEAD * _pilot(net, dim, seed, budget=pilot_seconds),
                                        f"pilot path x {PILOT_OVERHEAD:g}")
    else:
        from algnet.guards import ANNOUNCE_SECONDS

        # the worst case first (the bound's paths at a few timed paths' speed): when even that is short, the
        # search pilot (which repeats the start of the run) is not needed to allow it
        worst = est.with_seconds_per_path(PILOT_OVERHEAD * _pilot(net, dim, seed, budget=pilot_seconds),
                                          f"pilot path x {PILOT_OVERHEAD:g}, at the bound's paths")
        est = worst if worst.seconds <= min(budget, ANNOUNCE_SECONDS) else _piloted(est, net, dim, seed,
                                                                                   pilot_seconds, show_progress)
    finished = est.pilot if est.pilot is not None and est.pilot.finished else None
    if est.seconds > budget and finished is None:
        which = "the time limit" if time_limit is not None else "the default budget"
        head = "no theorem gives the degree" if known is None else f"the degree is {known[0]} by a theorem"
        from algnet.analyses.routes_estimate import degree_routes, pilot_limit_route

        raise TooLargeError(
            f"{net.spec}: {head}; {est.describe()}: above {which} of {format_seconds(budget)}",
            paths=est.paths, seconds=est.seconds, degree_bound=est.bound.value, degree_estimate=est.degree,
            hint=degree_routes(net, seconds=est.seconds, time_limit=time_limit, theorem=known is not None,
                               degree=None if est.degree_source == NO_RECAPTURE else est.degree, dimension=dim,
                               larger_limit=pilot_limit_route(est, known, pilot_seconds, time_limit)))
    from algnet.guards import ANNOUNCE_SECONDS

    if est.seconds > ANNOUNCE_SECONDS and finished is None:
        # allowed, but never silently: the estimate is shown before the wait
        logging.getLogger("algnet").warning("algnet: starting a long monodromy: %s: %s; interrupting keeps the "
                                            "points found (a lower bound)", net.spec, est.describe())
    reason = reason or "monodromy on a witness set cut by random affine slices; trace test for completeness"
    # the result's reason stays reproducible from the seed: no seconds (and no pilot's count) in it
    return f"{reason}; estimate: {est.describe(timing=False)}", finished
