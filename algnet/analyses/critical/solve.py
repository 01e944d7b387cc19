"""Critical points of L = l o mu by monodromy in the target, and their classification.

1. The gradient system on a gauge slice (:mod:`.system`) is a family in the
   target u. Any slice point phi is critical for the targets
   u = y(phi) - Q^-1 z with z normal to M at y(phi): random start pairs are
   free. Graph monodromy (:func:`algnet.homotopy.monodromy_solve`) in u,
   from those starts, at a generic complex target u0, collects the critical
   points of the component of the critical incidence that the starts lie on
   (the critical points with a submersive parametrization, which include
   every pure one). The trace test along a line u0 + s v, on a random linear
   function of the images mu(theta), checks completeness: M is a cone for
   networks without biases, so the critical points scale with u at infinity
   and their trace is affine in s exactly when the set is complete.
2. The points are tracked from u0 to the real target (a parameter homotopy),
   refined, and certified by Krawczyk's test in ball arithmetic (unique
   solution in a box; real when the box is conjugation-invariant; pairwise
   disjoint image balls prove distinct points of M).
3. Spurious critical points (where d mu drops rank, never reached from a
   submersive start) are searched on every subnetwork stratum of
   :func:`algnet.analyses.singular.stratum_networks`: the critical points of
   l on the stratum's image (the same monodromy) are lifted to the parent and
   kept when the parent's gradient vanishes there; the nullity of the Hessian
   (modulo the symmetry tangents) gives the dimension of the critical set.

For the count alone (``classify=False``) small systems take a single homotopy instead of monodromy
(:mod:`.small`: multihomogeneous or total degree, with a trace test); ``method`` chooses.

Examples
--------
>>> r = critical_points("linear 2-1-2", loss="frobenius", seed=0)
>>> r.function_space_points, r.pure, r.trace_test_passed, r.route
(3, 2, True, 'monodromy')
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from algnet.analyses.critical.estimate import guarded
from algnet.analyses.critical.classify import locate_points
from algnet.analyses.critical.loss import _generator, make_loss
from algnet.analyses.critical.results import CriticalResult
from algnet.analyses.critical.small import (certified_only, choose_route, remembered_dimension, remembered_network,
                                           route_probe, small_slice)
from algnet.analyses.critical.slice_solve import (  # noqa: F401  (re-exported: used by spurious, voronoi, tests)
    _another_slice,
    _short,
    _solve_at_target,
    solve_slice,
)
from algnet.analyses.critical.solve_count import _count_only, _warm, _warm_route
from algnet.analyses.critical.solve_notes import expected_count  # noqa: F401  (re-exported: small, tests)
from algnet.analyses.critical.solve_target import (  # noqa: F401  (re-exported: tests)
    _add_spurious,
    _classify_at_target,
    _full_result,
    _without_strata_images,
)
from algnet.analyses.critical.special import special_metric_rescue
from algnet.analyses.critical.system import gradient_family
from algnet.analyses.critical.paths import (  # noqa: F401  (re-exported: used by spurious, voronoi, tests)
    _distinct,
    _full_rank,
    _img,
    _only_solutions,
    _repeated,
    _to_target,
    default_options,
    distinct_in_chunks,
    full_trace_test,
    in_chunks,
    longer_paths,
)
from algnet.analyses.shared import check_seed
from algnet.errors import NotApplicableError, ParameterError
from algnet.interrupts import sigint_count

#: names other modules and tests import from here (their homes are :mod:`.slice_solve`, :mod:`.paths`,
#: :mod:`.solve_notes`, :mod:`.solve_target`); kept importable from this module
_REEXPORTED = (_another_slice, _short, _solve_at_target, expected_count, _without_strata_images, _img,
               _only_solutions, _repeated, _to_target, default_options, longer_paths)

__all__ = ["critical_points", "solve_slice", "full_trace_test", "METHODS", "method_name"]

#: Monodromy restarts on the loss's own metric while the points found are fewer than a theorem's count for it
#: (:func:`~.slice_solve.solve_slice`'s ``short_restarts``): before the special-metric route (a generic metric's count)
SHORT_RESTARTS = 2

#: The ways :func:`critical_points` solves the gradient system (``method=``).
METHODS = ("auto", "monodromy", "total degree", "multihomogeneous")


def method_name(value) -> str:
    """The route of :data:`METHODS` that ``value`` names, as given on the command line (``--method
    total-degree``) or in Python (``"total degree"``); ParameterError, in command-line syntax, otherwise.

    Examples
    --------
    >>> method_name("total-degree"), method_name("Monodromy")
    ('total degree', 'monodromy')
    >>> method_name("newton")
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: unknown method 'newton'
      hint: --method auto|monodromy|total-degree|multihomogeneous
    """
    name = " ".join(str(value).strip().lower().replace("-", " ").replace("_", " ").split())
    if name not in METHODS:
        raise ParameterError(f"unknown method {str(value)!r}",
                             hint="--method " + "|".join(m.replace(" ", "-") for m in METHODS))
    return name


@guarded("critical points")
def critical_points(net, loss="generic", target=None, seed=None, certify: bool = True, spurious: bool = True,
                    strata: bool = True, show_progress: bool = False, options=None,
                    classify: bool = True, method: str = "auto", force: bool = False,
                    time_limit: float | None = None) -> CriticalResult:
    """All complex critical points of L = l o mu, modulo the known symmetries, classified.

    Parameters
    ----------
    net : Network or str
    loss : {"generic", "frobenius"}, tuple (X, Y) of data, or array Q
        See :mod:`algnet.analyses.critical.loss`.
    target : array, optional
        The target u in function-space coordinates (random normal from the
        seed when omitted; refused with data, whose Y is the target).
    seed : int, optional
        Seeds every random choice (drawn and recorded when omitted).
    certify : bool
        Krawczyk certification of the isolated points (ball arithmetic).
    spurious : bool
        Also search the subnetwork strata for spurious critical points.
    strata : bool
        Locate the real and the spurious points on the strata of
        :func:`algnet.analyses.singular.strata` (:mod:`.locate`); the other
        points keep the label of the stratum they were found on.
    show_progress : bool
        A progress bar whose total is the count a theorem predicts, when one is known.
    classify : bool
        False: stop after the count at the generic complex target (what :func:`ed_degree` needs); the
        counts then describe that target (no real points, no spurious search).
    options : MonodromyOptions, optional
    method : {"auto", "monodromy", "total degree"}
        How the gradient system is solved at the generic complex target: monodromy with a trace test, or
        (small systems) one total-degree or multihomogeneous homotopy with the gamma trick
        (:mod:`.total_degree`, :mod:`.multihom`; every isolated non-singular solution ends a path with
        probability one), checked by a trace test (:mod:`.small`). "auto": with ``classify=False`` and a generic or
        Frobenius loss, first the warm route (:mod:`.warm`, ``route`` "parameter homotopy"): the first call of a
        network structure solves it once by its small route at random parameters of a fixed seed and caches the
        slice, the tapes and one point per critical image; every call then draws its own Q and u from ``seed``
        and tracks those points to its metric (at the structure's generic complex target; a fresh one where the
        metric is the structure's), complete when they end at as many certified images as the generic number;
        otherwise (and for other losses) the route of :func:`~.small.choose_route`; monodromy
        for the classification, and when a small route ends incomplete. The result's ``route`` says which ran.
    force, time_limit : bool, float
        The size estimate (:mod:`~algnet.analyses.critical.estimate`, milliseconds) raises TooLargeError above the
        memory limit or ``time_limit`` wall seconds (a default budget without) unless ``force``; the run stops at
        ``time_limit``: a classification stopped there keeps the points classified so far, and counts the rest as
        ``unclassified`` (lower bounds).

    Returns
    -------
    CriticalResult
        Ctrl-C returns the points found so far, ``partial`` (counts are lower bounds).

    Raises
    ------
    NotApplicableError
        Networks that are not polynomial maps, or with a zero-dimensional neuromanifold.
    ParameterError
        Bad loss, data or target.

    Examples
    --------
    >>> r = critical_points("linear 2-1-2", loss="generic", seed=1)
    >>> r.pure, r.certified_distinct >= r.pure
    (6, True)
    """
    ctrl_c = sigint_count()   # Ctrl-C that a path tracker swallows is still seen (partial below)
    t0 = time.perf_counter()
    net, L, dim, seed, rng = _problem(net, loss, target, seed, method, classify)
    # auto: the total-degree route for counts only; the classification (spurious search, strata, real
    # fibers) costs far more than the count, and its parameter homotopy to the real target starts from the
    # representative monodromy keeps
    if method == "auto" and not classify:
        out = _warm_route(net, L, dim, rng, certify, seed, t0, ctrl_c)
        if out is not None:
            return out
    run = _Run(*_route_family(net, L, rng, dim, method, classify))
    try:
        _solve_generic(run, net, L, rng, dim, method, options, show_progress)
        _keep_critical(run, dim)
        # the count, at the generic complex target p0 where monodromy and the trace test ran
        if certify and run.X0.shape[0] and not run.partial:
            _certify_generic(run, dim, show_progress)
        if not classify:
            partial = run.partial or sigint_count() > ctrl_c
            return _count_only(net, L, run.fam, run.X0, run.generic_pure, run.res, run.tr, run.cert0, dim, seed, t0,
                               partial, run.route)
        # the classification, at the (real) target u
        _classify_at_target(run, net, L, rng, dim, certify, target is not None or L.kind == "data", show_progress)
        if spurious and not run.partial:
            _add_spurious(run, net, L, rng, dim, show_progress)
        if strata and not run.partial:
            run.points, run.strata_note = locate_points(net, L, run.points, seed)
    except KeyboardInterrupt:
        run.partial = True
    if sigint_count() > ctrl_c:   # a path tracker turned Ctrl-C into failed paths: the counts are lower bounds
        run.partial = True
    if run.partial and not run.classified and run.rest is None:
        out = _unclassified(net, L, run, dim, seed, t0)
        if out is not None:
            return out
    return _full_result(net, L, run, spurious, dim, seed, t0)


@dataclass
class _Run:
    """What one run of :func:`critical_points` has found so far, shared by its steps: the route and family
    (which a fall-back replaces), the solution at the generic complex target p0 with its trace test, the points kept
    and their certification, and the classification's points and tallies. A Ctrl-C leaves what the steps had set."""

    route: str
    fam: object
    expected: int | None
    res: object = None
    p0: object = None
    tr: object = None
    X0: object = None
    partial: bool = False
    failures: dict = field(default_factory=dict)
    paths: int = 0
    loops: int = 0
    generic_pure: int = 0
    cert0: object = None
    points: list = field(default_factory=list)
    lost: int = 0
    ill: int = 0
    certified_real: int = 0
    strata_note: str = "strata not located"
    strata_report: dict = field(default_factory=dict)
    classified: bool = False
    rest: object = None


def _problem(net, loss, target, seed, method, classify):
    """(network, loss, dim M, seed, generator) of a :func:`critical_points` call, its input checked: the spec parsed
    (once per process), a polynomial network, a known method, the seed drawn when omitted, the loss (a warm
    structure's sample inputs and coefficient map where the warm route may run), and a neuromanifold of positive
    dimension."""
    net = remembered_network(net)
    if not getattr(net, "polynomial", True):
        raise NotApplicableError(f"{net.spec}: not a polynomial network", hint="critical points need a polynomial map")
    if method not in METHODS:
        raise ParameterError(f"unknown method {method!r}",
                             hint="method='auto', 'monodromy', 'total degree' or 'multihomogeneous'")
    seed = check_seed(seed, bits=31)         # ParameterError for "abc", -1, 1.5, NaN (was ValueError or int())
    rng = _generator(seed)       # np.random.default_rng(seed), the seed's state hashed once per process
    coefficients = None
    if method == "auto" and not classify and isinstance(loss, str):
        coefficients = _warm().warm_coefficients(net, loss, seed)     # a warm structure's (Z, T): none drawn per call
    L = make_loss(net, loss, target, rng, coefficients)
    dim = remembered_dimension(net, seed)
    if dim == 0:
        raise NotApplicableError(f"{net.spec}: the neuromanifold is a point", hint="every parameter is critical")
    return net, L, dim, seed, rng


def _route_family(net, L, rng, dim, method, classify):
    """(route, family, expected count): the route of ``method`` (monodromy for the classification under "auto"), its
    gradient family (the layered slice of the multihomogeneous route, else a random slice) and a theorem's count."""
    probe = route_probe(net, L, dim)
    route = choose_route(probe, method if (method != "auto" or not classify) else "monodromy")
    expected = expected_count(net, L.kind)
    if route == "multihomogeneous":
        from algnet.analyses.critical.multihom import layered_family, layered_plan

        fam = layered_family(net, L, rng, dim, layered_plan(net, dim))
    else:
        fam = _monodromy_family(net, L, rng, dim)
    return route, fam, expected


#: The monodromy route cuts the fibers by pinning the coordinates of least degree in the outputs
#: (:func:`~.charts.low_degree_family`) when the parameters' degrees differ at least this many times, else by a random
#: slice (:func:`~.system.gradient_family`). Measured on layers Linear(2,2), Power(2), Linear(2,2), Power(3),
#: Linear(2,1) (degrees 6, 3, 1; generic loss; seeds 1-3): 197 points with a passed trace test on each seed in
#: 2.7-3.0 CPU s, where the random slice passed on one seed of three in 14-40 CPU s (192 and 194 points on the others:
#: representatives near the rank-drop locus, paths that ran out of steps, 'singular' endpoints).
LOW_DEGREE_RATIO = 6


def _monodromy_family(net, L, rng, dim):
    """The gradient family of the monodromy route: on the least-degree pinned slice when the degrees of the
    parameters differ :data:`LOW_DEGREE_RATIO` times or more (and such a slice exists), else on a random slice."""
    from algnet.analyses.critical.system import coordinate_degrees

    deg = coordinate_degrees(net)
    if deg.size and deg.min() > 0 and deg.max() >= LOW_DEGREE_RATIO * deg.min():
        from algnet.analyses.critical.charts import low_degree_family

        fam = low_degree_family(net, L, rng, dim)
        if fam is not None:
            return fam
    return gradient_family(net, L, rng, dim)


def _solve_generic(run, net, L, rng, dim, method, options, show_progress):
    """The gradient system solved at a generic complex target: the small route (monodromy after it where "auto" and
    it ended incomplete) or monodromy with its rescues (another slice, the special-metric route); sets the run's
    route, family, solution, p0, trace test and the solution's tallies."""
    if run.route != "monodromy":
        run.res, run.p0 = small_slice(run.fam, rng, run.route)
        run.tr = getattr(run.res, "trace", None)
        if method == "auto" and not run.res.complete and not run.res.partial:
            # auto: an incomplete small route (a failed path, two runs that disagree) gives way to monodromy
            run.fam = gradient_family(net, L, rng, dim)
            run.route = "monodromy"
            run.res, run.p0, run.tr = solve_slice(run.fam, rng, show_progress=show_progress, options=options,
                                                  expected=run.expected, restarts=2 if L.kind == "generic" else 0,
                                                  short_restarts=SHORT_RESTARTS)
            run.res, run.p0, run.tr = special_metric_rescue(run.fam, rng, run.res, run.p0, run.tr, options,
                                                            show_progress)
    else:
        _monodromy(run, net, L, rng, dim, options, show_progress)
    run.partial = run.res.partial
    run.paths, run.loops = run.res.paths, run.res.loops
    run.failures = dict(run.res.path_failures)


def _monodromy(run, net, L, rng, dim, options, show_progress):
    """The monodromy route of :func:`_solve_generic`: monodromy on a random slice, another slice where a special
    metric stays short of a theorem's count, the special-metric route, and another slice where the trace test did
    not pass."""
    fam, expected = run.fam, run.expected
    run.res, run.p0, run.tr = solve_slice(fam, rng, show_progress=show_progress, options=options, expected=expected,
                                          tangent_restarts=options is not None,
                                          restarts=2 if L.kind == "generic" else 0, short_restarts=SHORT_RESTARTS)
    res, p0, tr = run.res, run.p0, run.tr
    if (options is None and L.kind != "generic" and not res.partial and tr is not None and not tr.passed
            and _short(fam, res, expected)):
        # a special metric still short of a theorem's count for it: another slice on it before the
        # special-metric route's generic count (thousands of points on linear 4-2-2-5)
        run.fam, run.res, run.p0, run.tr = _another_slice(net, L, rng, dim, fam, res, p0, tr, show_progress, expected)
    run.res, run.p0, run.tr = special_metric_rescue(run.fam, rng, run.res, run.p0, run.tr, options, show_progress)
    if not run.res.partial and run.tr is not None and not run.tr.passed and options is None:
        run.fam, run.res, run.p0, run.tr = _another_slice(net, L, rng, dim, run.fam, run.res, run.p0, run.tr,
                                                          show_progress, expected)


def _keep_critical(run, dim):
    """The solutions kept as critical points (``run.X0``) and their number of distinct full-rank images: solutions
    of the slice system where the slice is tangent to the fiber are not critical points of L (the gradient vanishes
    along the slice only): dropped, and said so."""
    X0 = run.res.solutions
    if X0.shape[0]:
        # a run cut short: in chunks (the time limit interrupts again every few seconds: :func:`~.paths.in_chunks`)
        cut = run.partial or run.res.partial
        full, crit = in_chunks(lambda Y: _full_rank(run.fam, Y, dim), X0) if cut else _full_rank(run.fam, X0, dim)
        if not crit.all():
            run.failures["not critical (slice tangent to the fiber)"] = int((~crit).sum())
            X0, full = X0[crit], full[crit]
        if full.any():
            run.generic_pure = (distinct_in_chunks(in_chunks(run.fam.image, X0[full])) if cut
                                else _distinct(run.fam.image(X0[full])))
        else:
            run.generic_pure = 0
    run.X0 = X0


def _certify_generic(run, dim, show_progress):
    """Krawczyk's test of the points at p0 (``run.cert0``); on a small route the candidates that fail it are left out
    and the count is then a lower bound (:func:`~.small.certified_only`)."""
    from algnet.analyses.critical.refine import certify_points

    fam = run.fam
    run.cert0 = certify_points(fam, run.X0, run.p0, key_ball=fam.image_ball, key_interval=fam.image_interval,
                               show_progress=show_progress)
    if run.route != "monodromy" and not run.cert0.mask.all():
        run.X0, run.generic_pure = certified_only(fam, run.res, run.X0, run.cert0, dim)
        run.cert0 = certify_points(fam, run.X0, run.p0, key_ball=fam.image_ball, key_interval=fam.image_interval)
    bound = getattr(run.res, "bound", None)      # the small route stopped at a proven bound (:mod:`.image_bound`)
    if bound is not None and run.cert0.distinct < bound[0]:
        run.res.complete = False
        fam.completeness_note = (f"NOT complete: the stop at the bound {bound[0]} needs that many certified images "
                                 f"with pairwise disjoint enclosures, {run.cert0.distinct} were (the counts are "
                                 "lower bounds); " + getattr(fam, "completeness_note", ""))


def _unclassified(net, L, run, dim, seed, t0):
    """The result of a run stopped (Ctrl-C, a time limit) after the points at the generic complex target were found
    and before their classification at the target was done: those points, counted as at the generic complex target
    (``classify=False``'s result, partial: the counts are lower bounds), or None when no point was found there.
    Reporting the classification's empty list instead said "critical points >= 0" after the count had found
    194 points (layers Linear(2,2), Power(2), Linear(2,2), Power(3), Linear(2,1), seed 1, a 120 s limit)."""
    from dataclasses import replace

    try:
        if run.X0 is None and run.res is not None:
            _keep_critical(run, dim)
        if run.X0 is None or not run.X0.shape[0]:
            return None
        images = in_chunks(run.fam.image, run.X0)
        out = _count_only(net, L, run.fam, run.X0, run.generic_pure, run.res, run.tr, run.cert0, dim, seed, t0,
                          True, run.route, images=images, distinct=distinct_in_chunks(images))
    except KeyboardInterrupt:       # a second interrupt of the cap while counting: the classification's result
        return None
    return replace(out, paths=max(out.paths, int(run.paths)),
                   completeness=("stopped before the classification at the target: the counts are those of the "
                                 "generic complex target where the gradient system was solved; " + out.completeness))
