"""The cheaper routes a refusal names, each offered only when its own estimate passes for that network.

A refusal (:class:`~algnet.errors.TooLargeError`) carries the estimate and a cheaper route. A route is named
here only when (a) it exists (the Python call, rewritten as command-line syntax by
:func:`algnet.cli.cli_syntax`), (b) its own estimate, made from the sizes alone, passes for the refused network,
and (c) it would not be refused in turn. Formerly the Hilbert and implicitization refusals named
``degree(method='monodromy')`` and a larger ``time_limit=`` for every network: for
``conv k=20,20,20 r=2`` the monodromy witness system needs 11.9 TiB (refused as impossible) and its set-up
10.9 years, and for ``attention d=4,3,3,2 a=2,2,2 t=3`` no theorem gives the degree and its witness system
needs 6.3e7 TiB; the degree of the convolutional network is a theorem's value (``degree(method='formula')``,
0.02 s), and neither network's Hilbert set-up fits the machine at any time limit.
"""

from __future__ import annotations

__all__ = ["LONGEST_TIME_LIMIT", "dimension_route", "degree_route", "hilbert_route", "hilbert_reach", "degree_routes",
           "pilot_limit_route", "time_limit_route", "cheaper_routes", "critical_routes", "strata_routes",
           "degree_auto_refusal"]

#: A larger ``time_limit=`` is offered only for a step estimated within this many seconds (a day): a time limit
#: of years is no route.
LONGEST_TIME_LIMIT = 86400.0
#: CPU seconds a refusal of ``degree(method='auto')`` may spend on its own estimate (the multihomogeneous Bezout
#: bound and two timed paths, :func:`degree_auto_refusal`): beyond them it gives what the sizes alone say
REFUSAL_CPU_SECONDS = 8.0


def dimension_route(net) -> str | None:
    """``"dimension() for the dimension"`` when :func:`~algnet.analyses.dimension_estimate.estimate_dimension`
    fits the memory limit and a day, else None.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> dimension_route(parse_spec("conv k=20,20,20 r=2"))
    'dimension() for the dimension'
    """
    from algnet.analyses.dimension_estimate import estimate_dimension
    from algnet.guards import memory_limit

    est = estimate_dimension(net)
    if est["memory"] <= memory_limit() and est["seconds"] <= LONGEST_TIME_LIMIT:
        return "dimension() for the dimension"
    return None


def theorem_degree(net):
    """``net.expected_degree()`` (a theorem's degree and its statement) when the family's degree theorem applies to
    ``net``, else None: a family without one, or whose theorem's hypotheses do not hold (a strided convolution, say:
    its NotApplicableError is the answer "no theorem", not an error of the caller's).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> theorem_degree(parse_spec("conv k=2,2,2 s=2,2,1 r=2")) is None         # the formula is for stride 1
    True
    >>> theorem_degree(parse_spec("conv k=2,2 r=2"))[0]                     # (Kohn et al.: stride 1)
    4
    """
    from algnet.errors import NotApplicableError

    if not hasattr(net, "expected_degree"):
        return None
    try:
        return net.expected_degree()
    except NotApplicableError:
        return None


def degree_route(net) -> str | None:
    """The degree's route that passes its own checks: a theorem's value (``method='formula'``) when one applies,
    else monodromy when its witness system fits the memory limit
    (:func:`~algnet.analyses.degree_estimate.witness_memory`) and the network is within the limits ``degree``'s
    automatic choice runs monodromy in without ``force``; else None.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> degree_route(parse_spec("conv k=20,20,20 r=2"))
    "degree(method='formula') for the degree (a theorem's value)"
    >>> degree_route(parse_spec("dense 2-2-2 r=3"))
    "degree(method='monodromy') for the degree (a pilot estimates it first)"
    >>> degree_route(parse_spec("attention d=4,3,3,2 a=2,2,2 t=3")) is None
    True
    """
    from algnet.analyses.degree_estimate import witness_memory
    from algnet.guards import DEGREE_AUTO_MAX_PARAMS, DEGREE_AUTO_MAX_VALUES, memory_limit

    if theorem_degree(net) is not None:
        return "degree(method='formula') for the degree (a theorem's value)"
    values = int(net.monomial_count()) * int(net.n_outputs)
    if net.n_params > DEGREE_AUTO_MAX_PARAMS or values > DEGREE_AUTO_MAX_VALUES:
        return None
    if witness_memory(net, min(int(net.n_params), int(net.ambient_dimension))) > memory_limit():
        return None
    return "degree(method='monodromy') for the degree (a pilot estimates it first)"


#: Vanishing trailing coefficients of the Hilbert series' numerator the degree's Hilbert route asks for (the
#: ``min_evidence`` of :func:`~algnet.analyses.hilbert.hilbert_function`, whose default it runs with).
HILBERT_EVIDENCE = 2


def hilbert_reach(net, degree: int | None = None, dimension: int | None = None) -> dict:
    """How far the degree's Hilbert route must go at least, and how many monomials that takes, from the sizes.

    The route stops once the numerator Q(t) of the Hilbert series has ``HILBERT_EVIDENCE`` vanishing coefficients
    after its last nonzero one, and Q(1) is the degree D. Q has degree s >= 1 unless M is a linear space, so the
    route reaches degree ``s + HILBERT_EVIDENCE`` >= 3. When the degree D (or an estimate of it) is given, s is at
    least the smallest s with C(c + s, s) >= D, c the codimension of M in its linear span (L - ``dimension``; L - 1
    when the dimension is not given): Macaulay's bound on the numerator's coefficients of a Cohen-Macaulay
    coordinate ring (an estimate otherwise). From degree 2 on the run works in the L coordinates left by the linear
    equations: up to degree e it lists at least C(L + e, e) monomials, refused above
    :data:`~algnet.analyses.hilbert.engine.MAX_MONOMIALS`. L is the rank of random points of M modulo a prime
    (:func:`_span_lower`) when it settles within its budget here, else the number N of coordinates (an estimate:
    most networks span all their coordinates). Returns ``{"degree": e, "monomials": count, "reachable":
    bool}``.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> hilbert_reach(parse_spec("linear 3-2-3"))                  # 9 coordinates: C(12, 3) monomials to degree 3
    {'degree': 3, 'monomials': 220, 'reachable': True}
    >>> r = hilbert_reach(parse_spec("dense 3-3-1 r=50"))          # 1326 coordinates
    >>> r["degree"], r["monomials"] > 10**8, r["reachable"]
    (3, True, False)
    >>> hilbert_reach(parse_spec("linear 3-2-3"), degree=3, dimension=8)   # det = 0: Q = 1 + t + t^2
    {'degree': 4, 'monomials': 715, 'reachable': True}
    >>> hilbert_reach(parse_spec("linear 3-2-3"), degree=10**12, dimension=8)["degree"]    # Q of degree 10^12 - 1
    1000000000001
    """
    from math import comb

    from algnet.analyses.hilbert.engine import MAX_MONOMIALS

    N = int(net.ambient_dimension)
    span, settled = _span_lower(net)     # the route works in the linear span of M after degree 1
    span = span if settled else N        # not measured here: M spans all coordinates (most networks do)
    c = max(1, span - (dimension if dimension is not None else 1))
    s = 1
    if degree is not None and degree > 1:
        # the smallest s with C(c + s, s) >= D: doubling then bisection (s can be huge when c is small)
        hi = 1
        while comb(c + hi, hi) < degree:
            hi *= 2
        lo = max(1, hi // 2)
        while lo < hi:
            mid = (lo + hi) // 2
            lo, hi = (mid + 1, hi) if comb(c + mid, mid) < degree else (lo, mid)
        s = max(s, lo)
    e = s + HILBERT_EVIDENCE
    if e > 10**6:       # C(N + e, e) >= e + 1: above the limit without computing a huge binomial
        return {"degree": e, "monomials": e + 1, "reachable": e + 1 <= MAX_MONOMIALS}
    count = comb(span + e, e)
    return {"degree": e, "monomials": count, "reachable": count <= MAX_MONOMIALS}


#: Points of M sampled (modulo a prime, in batches) for a lower bound of the dimension of its linear span, the CPU
#: seconds the sampling may take (a hint must not run for long: 400 points of dense 3-3-1 r=50 took 6.8 s), and
#: the largest number of output monomials (the sampler's Vandermonde matrix, m x m: m = 1326 took 4 s) it is tried
#: for.
SPAN_POINTS, SPAN_SECONDS, SPAN_MAX_MONOMIALS = 400, 1.5, 600


def _span_lower(net) -> tuple:
    """(s, settled): s <= the dimension of the linear span of M (as a cone: of M's points), the rank modulo a prime
    of random points of M (a proved lower bound), sampled in batches of 20 until the rank stops below the points
    (``settled``: then s is the span's dimension with high probability), :data:`SPAN_POINTS` points or
    :data:`SPAN_SECONDS` of CPU. ``(N, False)`` when the sampler is too large here (:data:`SPAN_MAX_MONOMIALS`).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> _span_lower(parse_spec("linear 3-2-3"))           # 3x3 matrices of rank <= 2 span all 9 entries
    (9, True)
    """
    import time

    from algnet.analyses.hilbert.sampler import modular_sampler
    from algnet.analyses.shared import network_primes
    from algnet.core.matrix import Matrix

    N, m = int(net.ambient_dimension), int(net.monomial_count())
    if m > SPAN_MAX_MONOMIALS or not getattr(net, "polynomial", True):
        return N, False
    t0 = time.process_time()
    p = network_primes(net, 1)[0]
    sampler = modular_sampler(net, p, 0)
    k, r = 0, 0
    while k < min(N + 2, SPAN_POINTS) and time.process_time() - t0 < SPAN_SECONDS:
        k = min(k + 20, N + 2, SPAN_POINTS)
        r = Matrix(sampler.points(k), p).rank()
        if r < k:
            return r, True
    return r, False


def hilbert_route(net, degree: int | None = None, dimension: int | None = None) -> str | None:
    """``degree(method='hilbert')`` with its set-up's estimate, when that set-up
    (:func:`~algnet.analyses.hilbert.engine.estimate_setup`) fits the memory limit and its default budget
    (:data:`~algnet.analyses.hilbert.engine.SETUP_SECONDS` CPU seconds), and the degrees it must reach
    (:func:`hilbert_reach`, from ``degree``, the degree or an estimate of it, and ``dimension`` when given) need no
    more monomials than its limit; else None. The graded pieces themselves are estimated (and refused over budget)
    when the route runs, since their sizes are known only after the set-up (the grading).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> hilbert_route(parse_spec("linear 3-2-3")).startswith("degree(method='hilbert')")
    True
    >>> hilbert_route(parse_spec("dense 30-30-30 r=2")) is None          # its set-up needs tens of GiB
    True
    >>> hilbert_route(parse_spec("dense 3-3-1 r=50")) is None            # degree 3 already: 3.9e8 monomials
    True
    """
    return _hilbert_route(net, degree, dimension)[0]


def _hilbert_route(net, degree, dimension) -> tuple:
    """(:func:`hilbert_route`'s answer, the reach when the set-up passed and the reach did not, else None): the
    set-up's estimate first (from counts), the reach (which samples points of M) only then."""
    from algnet.analyses.hilbert.engine import SETUP_SECONDS, estimate_setup
    from algnet.guards import format_bytes, format_seconds, memory_limit

    est = estimate_setup(net)
    if est["memory"] > memory_limit() or est["seconds"] > SETUP_SECONDS:
        return None, None
    reach = hilbert_reach(net, degree, dimension)
    if not reach["reachable"]:
        return None, reach
    return (f"degree(method='hilbert') (the Hilbert polynomial; its set-up estimated {format_bytes(est['memory'])} and "
            f"{format_seconds(est['seconds'])} of CPU)"), None


def degree_routes(net, *, seconds: float | None = None, time_limit: float | None = None,
                  forceable: bool = True, theorem: bool | None = None, degree: int | None = None,
                  dimension: int | None = None, larger_limit: str | None = None) -> str:
    """The hint of a refused ``degree`` (monodromy above its automatic limits or its budget): a theorem's value,
    the Hilbert polynomial and the dimension where their own estimates pass (:func:`degree_route`'s formula,
    :func:`hilbert_route`, :func:`dimension_route`), a smaller network, a larger ``time_limit=`` when the refused
    run's ``seconds`` are within a day, and ``force=True`` when ``forceable`` and no time limit was given.
    ``theorem``: whether a theorem gives the degree (None: ``net.expected_degree()`` decides). ``degree`` (an
    estimate of the degree) and ``dimension``: for the Hilbert route's reach (:func:`hilbert_reach`); when its
    monomials are above its limit (and its set-up within its own) the hint says so. ``larger_limit``: what a larger time
    limit would do (the caller's phrase), offered whatever the refused run's ``seconds``.
    Used for degree's refusals (its automatic size limits, :func:`~algnet.analyses.degree_estimate.guard_monodromy`),
    so that they offer more than ``force=True`` and check the Hilbert route before naming it.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> for part in degree_routes(parse_spec("dense 2-2-2 r=3"), seconds=900.0).split(", "):
    ...     print(part)                                               # doctest: +ELLIPSIS
    use degree(method='hilbert') (the Hilbert polynomial; its set-up estimated ... and ... of CPU)
    dimension() for the dimension
    a smaller network
    a larger time_limit=
    or force=True runs monodromy anyway
    >>> degree_routes(parse_spec("attention d=4,3,3,2 a=2,2,2 t=3"), seconds=1e12, time_limit=60.0)
    'use dimension() for the dimension, or a smaller network'
    >>> hint = degree_routes(parse_spec("dense 3-3-1 r=50"), seconds=1e12, degree=10**12, dimension=9)
    >>> "method='hilbert')" in hint, hint.split("too: ")[1]       # C(1317 + 5, 5) >= 10^12: Q of degree >= 5
    (False, 'it must reach degree 7 or more, 1.5e+18 monomials or more, above its limit of 3,000,000)')
    """
    from algnet.analyses.hilbert.engine import MAX_MONOMIALS

    route, reach = _hilbert_route(net, degree, dimension)
    first = [r for r in (route, dimension_route(net)) if r]
    if theorem is None:
        theorem = theorem_degree(net) is not None
    if theorem:
        first.insert(0, "degree(method='formula') (a theorem's value)")
    routes = (["use " + first[0]] + first[1:] if first else []) + ["a smaller network"]
    if larger_limit:
        routes.append(larger_limit)
    elif seconds is not None and seconds <= LONGEST_TIME_LIMIT:
        routes.append("a larger time_limit=")
    if forceable and time_limit is None:
        routes.append("force=True runs monodromy anyway")
    hint = ", ".join(routes[:-1]) + ", or " + routes[-1] if len(routes) > 1 else routes[0]
    if reach is not None:
        hint += (f" (the Hilbert polynomial is out of reach too: it must reach degree "
                 f"{reach['degree']} or more, {float(reach['monomials']):.2g} monomials or more, above its limit of "
                 f"{MAX_MONOMIALS:,})")
    return hint


def pilot_limit_route(est, known, pilot_seconds: float, time_limit) -> str | None:
    """What a larger time limit would do for a refused monodromy run, when the user's ``time_limit`` cut its search
    pilot below the pilot's seconds without a limit and the pilot then gave no estimate of the count (no point, or
    no recapture: the estimate ``est`` is the Bezout bound, often years, for which :func:`degree_routes` offers
    no larger limit); else None. ``known``: a theorem's degree (then no pilot estimates the count).

    Examples
    --------
    >>> from algnet.analyses.degree_estimate import BezoutBound, MonodromyEstimate
    >>> est = MonodromyEstimate(BezoutBound(10**12, "a bound"), 0, None, None)
    >>> pilot_limit_route(est, None, 1.0, 1.0)
    'a larger time_limit= (at least 250 s gives the pilot its full 5 s to estimate the count; at 1 s it had 1 s)'
    >>> pilot_limit_route(est, None, 5.0, 300.0) is None       # the pilot had its full time
    True
    """
    from algnet.analyses.degree_estimate import NO_RECAPTURE, PILOT_SHARE, _pilot_seconds

    full = _pilot_seconds(None)
    if time_limit is None or known is not None or pilot_seconds >= full:
        return None
    if est.degree is not None and est.degree_source != NO_RECAPTURE:
        return None             # the pilot estimated the count: the refusal's own seconds say what limit it needs
    need = full if full <= 2.0 else full / PILOT_SHARE      # the least limit at which _pilot_seconds gives it
    return (f"a larger time_limit= (at least {need:g} s gives the pilot its full {full:g} s to estimate the count; "
            f"at {time_limit:g} s it had {pilot_seconds:g} s)")


def time_limit_route(memory: float | None, seconds: float | None, what: str = "a time_limit= above the estimate"):
    """``what`` when a larger time limit can let the step run: its memory within the limit
    (:func:`algnet.guards.memory_limit`) and its time within :data:`LONGEST_TIME_LIMIT`; else None.

    Examples
    --------
    >>> time_limit_route(2**20, 600.0)
    'a time_limit= above the estimate'
    >>> time_limit_route(2**20, 3.4e8) is None        # 10.9 years
    True
    >>> time_limit_route(2**70, 60.0) is None         # refused for its memory all the same
    True
    """
    from algnet.guards import memory_limit

    if memory is not None and memory > memory_limit():
        return None
    if seconds is not None and seconds > LONGEST_TIME_LIMIT:
        return None
    return what


def cheaper_routes(net, *, memory: float | None = None, seconds: float | None = None, first: tuple = (),
                   time_limit: str | None = "a time_limit= above the estimate", dimension: bool = True,
                   degree: bool = True, smaller: str = "a smaller network") -> str:
    """The hint of a refusal of ``net``: the routes ``first`` (the caller's own, already checked), the
    dimension and the degree where their estimates pass (:func:`dimension_route`, :func:`degree_route`),
    a smaller network, and ``time_limit`` when :func:`time_limit_route` allows it for the refused step's
    ``memory`` and ``seconds``.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> for part in cheaper_routes(parse_spec("conv k=20,20,20 r=2"), memory=4.4e13, seconds=3.4e8).split(", "):
    ...     print(part)
    use dimension() for the dimension
    degree(method='formula') for the degree (a theorem's value)
    or a smaller network
    >>> hint = cheaper_routes(parse_spec("dense 2-2-2 r=3"), memory=2**20, seconds=600.0, first=("lower up_to=3",))
    >>> hint.startswith("lower up_to=3"), "method='monodromy'" in hint, hint.endswith("above the estimate")
    (True, True, True)
    """
    uses = [r for r in (dimension_route(net) if dimension else None, degree_route(net) if degree else None) if r]
    routes = list(first) + (["use " + uses[0]] + uses[1:] if uses else []) + [smaller]
    extra = time_limit_route(memory, seconds, time_limit) if time_limit else None
    if extra:
        routes.append(extra)
    return ", ".join(routes[:-1]) + ", or " + routes[-1] if len(routes) > 1 else routes[0]


def critical_routes(net, loss, *, classify: bool, samples, memory: float, seconds: float, budget: float) -> str:
    """The hint of a refused critical-point or ED-degree count: :func:`cheaper_routes`, with fewer ``samples=``
    when some are given, and the count alone (``algnet ed-degree --metric LOSS``) only when its own estimate
    (:func:`~algnet.analyses.critical.estimate.critical_estimate` with ``classify=False``) is within the memory
    limit and ``budget`` (CPU seconds).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> hint = critical_routes(parse_spec("conv k=20,20,20 r=2"), "frobenius", classify=True, samples=None,
    ...                        memory=1.1e13, seconds=4.9e62, budget=600.0)     # 10.1 TiB: nothing else runs
    >>> "ed-degree" in hint, "time_limit" in hint, hint.endswith("or a narrower or shallower network")
    (False, False, True)
    """
    from algnet.analyses.critical.estimate import critical_estimate
    from algnet.guards import memory_limit

    first = ("fewer samples=",) if samples else ()
    if classify and not samples and loss in ("generic", "frobenius", "bombieri"):     # the metrics of ed-degree
        alone = critical_estimate(net, loss, classify=False)
        if alone.memory <= memory_limit() and alone.cpu_seconds <= budget:
            first += (f"the count alone ('algnet ed-degree --metric {loss}'; in Python classify=False)",)
    return cheaper_routes(net, memory=memory, seconds=seconds, first=first, time_limit="a larger time_limit=",
                          smaller="a narrower or shallower network")


def strata_routes(net, depth: int, *, memory: float, seconds: float, budget: float) -> str:
    """The hint of refused subnetwork strata: :func:`cheaper_routes` (the dimension alone), with a lower
    ``depth=`` only when its own estimate (:func:`~algnet.analyses.singular.estimate.strata_estimate`) is within
    the memory limit and ``budget`` (CPU seconds).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> strata_routes(parse_spec("conv k=20,20,20 r=2"), 2, memory=4.1e6, seconds=1.3e5, budget=600.0)
    'use dimension() for the dimension, or a narrower network'
    """
    from algnet.analyses.singular.estimate import strata_estimate
    from algnet.guards import memory_limit

    first = ()
    for d in range(depth - 1, 0, -1):
        est = strata_estimate(net, d)
        if est["memory"] <= memory_limit() and est["cpu_seconds"] <= budget:
            first = (f"a lower depth={d}",)
            break
    return cheaper_routes(net, memory=memory, seconds=seconds, first=first, time_limit="a larger time_limit=",
                          degree=False, smaller="a narrower network")


def degree_auto_refusal(net, values: int, seed=0) -> tuple[str, dict]:
    """The message and the estimate of ``degree(method='auto')``'s refusal of a network above its automatic
    monodromy limits (:data:`~algnet.guards.DEGREE_AUTO_MAX_PARAMS`, :data:`~algnet.guards.DEGREE_AUTO_MAX_VALUES`)
    with no theorem for its degree: the witness system's memory
    (:func:`~algnet.analyses.degree_estimate.witness_memory` at dim M's upper bound, from the sizes) and its
    time, from two timed paths of that system
    (seconds per path): at least the fixed paths (before the first witness points), at most the paths at the
    Bezout bound on the degree. The bound and the timed paths get :data:`REFUSAL_CPU_SECONDS` of CPU in all; past
    them (a large witness system) the bound is the total-degree one, ``seconds_per_path`` is None and ``seconds``
    the set-up's budget (a lower bound). Returns ``(message, info)`` with ``memory_bytes``, ``seconds`` (the lower end),
    ``seconds_per_path``, ``degree_bound``, ``params`` and ``values`` for the error.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> msg, info = degree_auto_refusal(parse_spec("dense 6-10-7 r=2"), 147)
    >>> msg.split(":")[1].split(" and no formula")[0]
    ' 130 parameters and 147 sample values exceed the monodromy limits (120 parameters, 4000 values)'
    >>> info["memory_bytes"] < 2**30 and info["seconds"] > 0 and info["degree_bound"] > 10**50
    True
    """
    from algnet.analyses.degree_estimate import PATHS_FIXED, PATHS_PER_POINT, _pilot, estimate_monodromy, witness_memory
    from algnet.guards import DEGREE_AUTO_MAX_PARAMS, DEGREE_AUTO_MAX_VALUES, format_bytes, format_seconds, time_cap

    dim = min(int(net.n_params), int(net.ambient_dimension))
    memory = witness_memory(net, dim)
    # the total-degree bound needs no computation; the multihomogeneous one (a kernel basis and slices) and the two
    # timed paths (the witness system's tape) grow with the network: within REFUSAL_CPU_SECONDS, else the refusal
    # says what it could not time (a refusal must not itself run for minutes: dense 20-20-20 r=3 did, at 3.5 GiB)
    bound = max(1, int(net.parameter_degree())) ** dim
    per_path = None
    cap = time_cap(REFUSAL_CPU_SECONDS, cpu=True, repeat=0.5, counted=True)
    try:        # (around the block: a repeat of the cap may land after the first interrupt was handled)
        with cap:
            bound = estimate_monodromy(net, dim, seed=seed, pilot=False).bound.value
            per_path = _pilot(net, dim, seed, paths=2, budget=min(2.0, REFUSAL_CPU_SECONDS / 2))
    except KeyboardInterrupt:
        if not cap.expired:         # the user's Ctrl-C, not the cap
            raise
    if per_path is None:
        low, timing = float(REFUSAL_CPU_SECONDS), (
            f"a path too costly to time here (setting up and timing two paths took more than the "
            f"{format_seconds(REFUSAL_CPU_SECONDS)} of CPU this estimate may use), at least the set-up's "
            f"{format_seconds(REFUSAL_CPU_SECONDS)}, more with {PATHS_FIXED} paths before the first witness points "
            f"and up to {PATHS_PER_POINT} paths a point of the degree's Bezout bound {bound:.3g}")
    else:
        low = PATHS_FIXED * per_path
        up_paths = PATHS_PER_POINT * bound + PATHS_FIXED
        high = up_paths * per_path if up_paths < 10**300 else float("inf")
        timing = (f"{1e3 * per_path:.3g} ms a path (two timed paths), at least {format_seconds(low)} ({PATHS_FIXED} "
                  f"paths before the first witness points), up to {format_seconds(high)} at the degree's Bezout "
                  f"bound {bound:.3g} ({PATHS_PER_POINT} paths a point)")
    msg = (f"{net.spec}: {net.n_params} parameters and {values} sample values exceed the monodromy limits "
           f"({DEGREE_AUTO_MAX_PARAMS} parameters, {DEGREE_AUTO_MAX_VALUES} values) and no formula applies: "
           f"monodromy would need about {format_bytes(memory)} of memory (the witness system at dim M <= {dim}) and "
           + timing)
    return msg, {"memory_bytes": int(memory), "seconds": float(low),
                 "seconds_per_path": None if per_path is None else float(per_path),
                 "degree_bound": int(bound), "params": int(net.n_params), "values": int(values)}
