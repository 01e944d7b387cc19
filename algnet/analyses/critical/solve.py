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

import secrets
import time

import numpy as np

from algnet.analyses.critical.estimate import guarded
from algnet.analyses.critical.classify import (
    _certified_real_images,
    classify_points,
    ill_conditioned,
    locate_points,
    merge_components,
)
from algnet.analyses.critical.loss import make_loss
from algnet.analyses.critical.results import CriticalResult, failed_paths, incomplete_reason
from algnet.analyses.critical.small import (certified_only, choose_route, remembered_dimension, remembered_network,
                                           route_probe, small_slice)
from algnet.analyses.critical.special import special_metric_rescue, to_real_target
from algnet.analyses.critical.system import gradient_family
from algnet.analyses.critical.paths import (  # noqa: F401  (re-exported: used by spurious, voronoi, tests)
    _distinct,
    _full_rank,
    _img,
    _only_solutions,
    _repeated,
    _to_target,
    default_options,
    full_trace_test,
    longer_paths,
)
from algnet.errors import NotApplicableError, ParameterError

__all__ = ["critical_points", "solve_slice", "full_trace_test", "METHODS", "method_name"]

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


def _sampler(n):
    def sample(rng, k):
        return (rng.normal(size=(k, n)) + 1j * rng.normal(size=(k, n))) / np.sqrt(2)

    return sample


def _monodromy(fam, x0, p0, seed, opt, direction, functional, scale, bar=None, show_progress=False,
               watch_tangent=False):
    """monodromy_solve on the gradient family, solutions identified by their images; with ``bar``
    (a tqdm bar) the number of images known at p0 is shown as they are found. ``watch_tangent``: once a point where
    the slice is tangent to the fiber is known at p0 (a solution of the slice system that is not critical), no new
    loops are added (the run ends when the graph's edges under way are done; :func:`solve_slice`)."""
    from dataclasses import replace

    from algnet.homotopy.monodromy import MonodromySolver

    class _Solver(MonodromySolver):
        checked = 0

        def process(self, stopped):
            out = super().process(stopped)
            base = self.graph.nodes[0]
            if bar is not None:
                bar.n = int(base.count)
                bar.refresh()
            if watch_tangent and self.opt.max_loops > 0 and base.count > self.checked:
                new = np.asarray(base.sols)[self.checked:base.count]
                self.checked = int(base.count)
                if not _full_rank(fam, new, fam.dimension)[1].all():
                    self.opt = replace(self.opt, max_loops=0)
            return out

    n, m = fam.n_vars, fam.n_params
    solver = _Solver(fam, opt, key=fam.image, parameter_scale=np.full(m, scale), sampler=_sampler(n))
    return solver.solve(x0, p0, seed=seed, trace_direction=direction, trace_functional=functional,
                        show_progress=show_progress and bar is None)


def solve_slice(fam, rng, show_progress=False, options=None, restarts: int = 2, expected=None,
                tangent_restarts: bool = True):
    """Monodromy on the gradient family at a generic complex target.

    ``expected`` (a count known from a theorem, or None) is the total of the progress bar and, without
    ``options``, chooses the step cap (:func:`default_options`); it is never the count. A monodromy run again
    after a failed trace test caps its paths at :data:`~.paths.LONG_PATHS` steps at least. Without
    ``tangent_restarts``, the monodromy adds no loops once a point where the slice is tangent to the fiber is known
    (a solution of the slice system that is not a critical point: this slice's solution set mixes them with the
    critical ones), and a run whose trace test failed with such points is returned as it is (its trace test not
    passed), for the caller to take another slice: on linear 3-1-3, Frobenius loss, seed 7, the slice had 9 such
    points beside the 3 critical ones, each monodromy run there went to its 200 loops (8-9 CPU s) and failed the
    trace test, three runs in all before the second slice found the 3 in 0.04 s.
    Returns ``(MonodromyResult, p0, trace)`` (trace: the last trace test or None); ``fam.trace_line``
    says on which line the trace test ran.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2", "generic")        # generic ED degree of 2x2 rank <= 1: 6
    >>> res, p0, tr = solve_slice(fam, np.random.default_rng(0))
    >>> res.solutions.shape[0], tr.passed
    (6, True)
    """
    from dataclasses import replace

    n = fam.n_vars
    opt = options or default_options(expected)
    phi0 = _sampler(n)(rng, 1)[0]
    p0 = fam.start_parameters(phi0[None, :])[0]
    scale = float(np.sqrt(np.mean(np.abs(p0) ** 2))) or 1.0
    m = fam.n_params
    vc = (rng.normal(size=m) + 1j * rng.normal(size=m)) * scale
    wt = rng.normal(size=m) + 1j * rng.normal(size=m)

    def functional(X):
        return fam.image(X) @ wt

    bar = None
    if show_progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=expected, desc="critical points", unit="point")
    line = "no trace test"
    try:
        res = _monodromy(fam, phi0, p0, int(rng.integers(2**31)), opt, vc, functional, scale, bar, show_progress,
                         watch_tangent=not tangent_restarts)
        tr = res.trace
        if tr is not None:
            line = "the monodromy graph's trace lines u0 +- v (|v| of the size of u0)"
        extra_paths = 0
        for attempt in range(restarts + 1):
            if res.partial or not res.solutions.shape[0] or (tr is not None and tr.passed):
                break
            if not tangent_restarts and not _full_rank(fam, res.solutions, fam.dimension)[1].all():
                if tr is None:       # stopped before its trace test was decided: not passed
                    from algnet.homotopy.monodromy.options import MonodromyOptions, TraceTestResult

                    tr = TraceTestResult(float("inf"), False, MonodromyOptions().trace_tolerance, 0, 0, None)
                break
            # a path failed on the graph's trace lines, or the run stopped before its trace test was
            # decided: a full-size trace test of its own, with detours around failing paths; if it
            # fails, monodromy again from every point known (another seed, another graph)
            w = vc * np.exp(2j * np.pi * rng.random())
            tr, detoured = full_trace_test(fam, res.solutions, p0, w, functional, rng)
            extra_paths += tr.paths
            line = ("a line u0 +- v of full size (|v| = |u0|)"
                    + (f", {detoured} path(s) re-tracked through detours" if detoured else ""))
            if tr.passed or attempt == restarts:
                break
            if options is None:
                opt = longer_paths(opt)     # the paths that failed were mostly stopped by the step cap
            res = _monodromy(fam, res.solutions, p0, int(rng.integers(2**31)), opt,
                             vc * np.exp(2j * np.pi * rng.random()), functional, scale, bar, show_progress)
            extra_paths += res.paths
            tr = res.trace
            if tr is not None:
                line = "the monodromy graph's trace lines u0 +- v (|v| of the size of u0)"
    finally:
        if bar is not None:
            bar.close()
    res, dropped = _only_solutions(fam, res, p0)
    if dropped and res.solutions.shape[0] and not res.partial and tr is not None and tr.passed:
        # the trace test ran on a set with a non-solution in it: decided again on the solutions alone
        tr, detoured = full_trace_test(fam, res.solutions, p0, vc * np.exp(2j * np.pi * rng.random()),
                                       functional, rng)
        extra_paths += tr.paths
        line = ("a line u0 +- v of full size (|v| = |u0|), after dropping a non-solution"
                + (f", {detoured} path(s) re-tracked through detours" if detoured else ""))
    if extra_paths:
        res = replace(res, paths=res.paths + extra_paths)
    fam.trace_line = line
    return res, p0, tr


def _another_slice(net, L, rng, dim, fam, res, p0, tr, show_progress, expected):
    """Monodromy once more on a new random slice after a failed trace test; the run whose trace test passed (else
    the one with more points) is kept, with the paths of both. The representatives of a few critical points on
    one slice can be ill-conditioned endpoints that every route drops (conv k=2,2,2 r=2, seed 2: 391 of 404 with
    300, 1000 or 2000 steps, 12-16 endpoints called singular at the target of their segment each time)."""
    from dataclasses import replace

    fam2 = gradient_family(net, L, rng, dim)
    res2, p02, tr2 = solve_slice(fam2, rng, show_progress=show_progress, expected=expected, restarts=1)
    if res2.partial or (tr2 is not None and tr2.passed) or res2.solutions.shape[0] > res.solutions.shape[0]:
        fam2.trace_line = (getattr(fam2, "trace_line", None) or "no trace test") + \
            " (a second random slice: the first one's trace test failed)"
        return fam2, replace(res2, paths=res2.paths + res.paths), p02, tr2
    return fam, replace(res, paths=res.paths + res2.paths), p0, tr


def _route_note(fam, route: str) -> str:
    if route in ("total degree", "multihomogeneous"):
        return f"a {route} homotopy (gamma trick) at a generic complex target"
    if route == "parameter homotopy":
        return ("a parameter homotopy in the metric and the target from generic solutions computed once per network "
                "structure, to a generic complex target")
    return "monodromy in the target"


def _solve_at_target(fam, rng, u, show_progress=False, options=None):
    """Monodromy at a generic complex target, then a parameter homotopy to the target u.

    Returns ``(X, paths, loops, failures, trace, partial)``: the successful endpoints at u.
    """
    res, p0, tr = special_metric_rescue(fam, rng, *solve_slice(fam, rng, show_progress=show_progress, options=options),
                                        options, show_progress)
    paths, loops = res.paths, res.loops
    failures = dict(res.path_failures)
    X = res.solutions
    if X.shape[0]:
        X, k, lost = _to_target(fam, X, p0, u, rng)
        paths += k
        if lost:
            failures["to target: lost"] = lost
    return X, paths, loops, failures, tr, res.partial


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
        seed when omitted; ignored for data).
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
        The size estimate (:mod:`~algnet.analyses.critical.estimate`, milliseconds) raises TooLargeError above the memory limit or
        ``time_limit`` wall seconds (a default budget without) unless ``force``; the run stops at ``time_limit``.

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
    from algnet.guards import sigint_count

    ctrl_c = sigint_count()   # Ctrl-C that a path tracker swallows is still seen (partial below)
    t0 = time.perf_counter()
    net = remembered_network(net)
    if not getattr(net, "polynomial", True):
        raise NotApplicableError(f"{net.spec}: not a polynomial network", hint="critical points need a polynomial map")
    if method not in METHODS:
        raise ParameterError(f"unknown method {method!r}",
                             hint="method='auto', 'monodromy', 'total degree' or 'multihomogeneous'")
    seed = secrets.randbits(31) if seed is None else int(seed)
    rng = np.random.default_rng(seed)
    coefficients = None
    if method == "auto" and not classify and isinstance(loss, str):
        from algnet.analyses.critical.warm import warm_coefficients

        coefficients = warm_coefficients(net, loss, seed)     # a warm structure's (Z, T): none drawn per call
    L = make_loss(net, loss, target, rng, coefficients)
    dim = remembered_dimension(net, seed)
    if dim == 0:
        raise NotApplicableError(f"{net.spec}: the neuromanifold is a point", hint="every parameter is critical")
    # auto: the total-degree route for counts only; the classification (spurious search, strata, real
    # fibers) costs far more than the count, and its parameter homotopy to the real target starts from the
    # representative monodromy keeps
    if method == "auto" and not classify:
        # the warm route: a parameter homotopy from generic solutions computed once per structure (:mod:`.warm`)
        from algnet.analyses.critical.warm import ROUTE, warm_count

        hit = warm_count(net, L, dim, rng, certify=certify)
        if hit is not None:
            sol, p0, fam, cert0 = hit
            X0 = sol.solutions
            partial = sol.partial or sigint_count() > ctrl_c
            images = getattr(sol, "images", None)
            # a structure's first count is its structure-level solve (the small route at this call's parameters)
            route, tr = getattr(sol, "route", ROUTE), sol.trace
            try:
                out = _count_only(net, L, fam, X0, X0.shape[0], sol, tr, cert0, dim, seed, t0, partial, route,
                                  images=images)
            except KeyboardInterrupt:
                out = None
            if out is None or (sigint_count() > ctrl_c and not out.partial):
                # Ctrl-C during the final bookkeeping: the points found are reported as a lower bound
                out = _count_only(net, L, fam, X0, X0.shape[0], sol, tr, cert0, dim, seed, t0, True, route,
                                  images=images)
            return out
    probe = route_probe(net, L, dim)
    route = choose_route(probe, method if (method != "auto" or not classify) else "monodromy")
    expected = expected_count(net, L.kind)
    if route == "multihomogeneous":
        from algnet.analyses.critical.multihom import layered_family, layered_plan

        fam = layered_family(net, L, rng, dim, layered_plan(net, dim))
    else:
        fam = gradient_family(net, L, rng, dim)
    partial = False
    failures: dict = {}
    paths = loops = 0
    tr = res = None
    points: list = []
    cert = None
    cert0 = None
    generic_pure = 0
    lost = ill = 0
    certified_real = 0
    strata_note = "strata not located"
    strata_report: dict = {}
    try:
        from algnet.analyses.critical.refine import certify_points as _certify

        if route != "monodromy":
            res, p0 = small_slice(fam, rng, route)
            tr = getattr(res, "trace", None)
            if method == "auto" and not res.complete and not res.partial:
                # auto: an incomplete small route (a failed path, two runs that disagree) gives way to monodromy
                fam = gradient_family(net, L, rng, dim)
                route = "monodromy"
                res, p0, tr = solve_slice(fam, rng, show_progress=show_progress, options=options,
                                          expected=expected, restarts=2 if L.kind == "generic" else 0)
                res, p0, tr = special_metric_rescue(fam, rng, res, p0, tr, options, show_progress)
        else:
            res, p0, tr = solve_slice(fam, rng, show_progress=show_progress, options=options, expected=expected,
                                      tangent_restarts=options is not None, restarts=2 if L.kind == "generic" else 0)
            res, p0, tr = special_metric_rescue(fam, rng, res, p0, tr, options, show_progress)
            if not res.partial and tr is not None and not tr.passed and options is None:
                fam, res, p0, tr = _another_slice(net, L, rng, dim, fam, res, p0, tr, show_progress, expected)
        partial = res.partial
        paths, loops = res.paths, res.loops
        failures = dict(res.path_failures)
        X0 = res.solutions
        if X0.shape[0]:
            # solutions of the slice system where the slice is tangent to the fiber are not critical
            # points of L (the gradient vanishes along the slice only): dropped, and said so
            full, crit = _full_rank(fam, X0, dim)
            if not crit.all():
                failures["not critical (slice tangent to the fiber)"] = int((~crit).sum())
                X0, full = X0[crit], full[crit]
            generic_pure = _distinct(fam.image(X0[full])) if full.any() else 0
        # the count, at the generic complex target p0 where monodromy and the trace test ran
        if certify and X0.shape[0] and not partial:
            cert0 = _certify(fam, X0, p0, key_ball=fam.image_ball, key_interval=fam.image_interval,
                            show_progress=show_progress)
            if route != "monodromy" and not cert0.mask.all():
                X0, generic_pure = certified_only(fam, res, X0, cert0, dim)
                cert0 = _certify(fam, X0, p0, key_ball=fam.image_ball, key_interval=fam.image_interval)
        if not classify:
            partial = partial or sigint_count() > ctrl_c
            return _count_only(net, L, fam, X0, generic_pure, res, tr, cert0, dim, seed, t0, partial, route)
        # the classification, at the (real) target u
        X = X0
        if X0.shape[0]:
            fam, X, k, lost = to_real_target(net, L, rng, dim, fam, X0, p0)
            paths += k
            if lost:
                failures["to target: lost"] = lost
        ill_at_target = ill_conditioned(fam, X, L.u)
        if certify and X.shape[0] and not partial:
            cert = _certify(fam, X, L.u, key_ball=fam.image_ball, key_interval=fam.image_interval,
                           show_progress=show_progress)
            X = cert.centers
            certified_real = _certified_real_images(fam, cert)
        points = classify_points(fam, X, L.u, dim, cert)
        if cert is not None and X.shape[0]:
            # judged at the tracked endpoints (the certification's Newton steps can move an ill-conditioned point
            # anywhere: condition number 1e11-1e13 before, 3e4-2e5 after, on linear 2-1-2 at diag(1, 1 + 2^-36))
            ill = sum(bool(b) and not p.certified and p.dimension == 0 for b, p in zip(ill_at_target, points))
        points = merge_components(points, lambda y: L.value(y[None, :].astype(np.complex128), L.u)[0])
        if spurious and not partial:
            from algnet.analyses.critical.spurious import spurious_points

            points += spurious_points(net, L, dim, rng, show_progress=show_progress, report=strata_report)
        if strata and not partial:
            points, strata_note = locate_points(net, L, points, seed)
    except KeyboardInterrupt:
        partial = True
    if sigint_count() > ctrl_c:   # a path tracker turned Ctrl-C into failed paths: the counts are lower bounds
        partial = True
    iso = [p for p in points if p.dimension == 0]
    pos = [p for p in points if p.dimension > 0]
    real = [p for p in points if p.real]
    kinds = [p.kind for p in iso if p.real]
    completeness = _completeness(fam, tr)
    if lost:
        completeness += (f"; {lost} point(s) lost on the way to the target (the counts at the target are lower "
                         f"bounds; {generic_pure} pure images at the generic target)")
    if ill:
        completeness += (f"; ill-conditioned target: {ill} critical point(s) with a Hessian condition number above "
                         "1e7 not certified (their images are not reliable)")
    strata_bad = _strata_completeness(strata_report)
    completeness += strata_bad
    method = (_route_note(fam, route) + " on the gradient of the loss along a gauge slice "
              f"({fam.gauge_note}); Cauchy-formula Hessians from the straight-line program; "
              + _cert_note(cert0) + ("; subnetwork strata searched for spurious points" if spurious else "")
              + f"; {strata_note}")
    # an incomplete spurious search leaves the spurious (and total) counts lower bounds: partial, like a lost point
    # (linear 3-2-3, Frobenius, seed 1: one rank-1 point lost on stratum 3-1-3 was reported "= 6" of the 7 images)
    why = incomplete_reason(partial, _complete(route, res, tr), route, lost, ill, len(points) or int(generic_pure),
                            failed_paths(failures)) or (strata_bad.removeprefix("; ")
                                                                                      or None)
    return CriticalResult(
        spec=net.spec, loss=L.kind, critical_points=len(iso), function_space_points=_distinct([p.image for p in points]),
        pure=sum(p.pure for p in points), spurious=sum(not p.pure for p in points), real=len(real),
        minima=kinds.count("minimum"), saddles=kinds.count("saddle"), maxima=kinds.count("maximum"),
        degenerate=kinds.count("degenerate"), positive_dimensional=tuple(p.dimension for p in pos),
        certified=0 if cert0 is None else cert0.certified,
        certified_distinct=0 if cert0 is None else cert0.distinct,
        certified_real=int(certified_real), method=method, completeness=completeness,
        trace_test_residual=None if tr is None else tr.residual, trace_test_passed=None if tr is None else tr.passed,
        paths=int(paths), loops=int(loops), path_failures=failures, dimension=int(dim), gauge=fam.gauge_note,
        seed=seed, seconds=time.perf_counter() - t0, partial=why is not None, points=tuple(points), target=L.u,
        generic_pure_images=int(generic_pure), lost=int(lost), route=route,
        homotopy_complete=getattr(res, "complete", None) if route != "monodromy" else None, partial_reason=why)


def _count_only(net, L, fam, X0, generic_pure, res, tr, cert0, dim, seed, t0, partial, route="monodromy",
                images=None):
    """The CriticalResult of the generic complex target alone (``classify=False``; ``images``: those of X0,
    when known)."""
    n = int(X0.shape[0])
    why = incomplete_reason(partial, _complete(route, res, tr), route, found=n,
                            failed=failed_paths(res.path_failures))
    completeness = _completeness(fam, tr)
    method = (_route_note(fam, route) + " on the gradient of the loss along a slice "
              f"({fam.gauge_note}); recorded gradient, compiled tracker; " + _cert_note(cert0) + "; "
              "counts at the generic complex target only")
    return CriticalResult(
        spec=net.spec, loss=L.kind, critical_points=n,
        function_space_points=_distinct(fam.image(X0) if images is None else images) if n else 0,
        pure=int(generic_pure), spurious=n - int(generic_pure), real=0, minima=0, saddles=0, maxima=0,
        degenerate=0, positive_dimensional=(), certified=0 if cert0 is None else cert0.certified,
        certified_distinct=0 if cert0 is None else cert0.distinct, certified_real=0, method=method,
        completeness=completeness, trace_test_residual=None if tr is None else tr.residual,
        trace_test_passed=None if tr is None else tr.passed, paths=int(res.paths), loops=int(res.loops),
        path_failures=dict(res.path_failures), dimension=int(dim), gauge=fam.gauge_note, seed=seed,
        seconds=time.perf_counter() - t0, partial=why is not None, points=(), target=L.u,
        generic_pure_images=int(generic_pure), lost=0, route=route,
        homotopy_complete=getattr(res, "complete", None) if route != "monodromy" else None, partial_reason=why)


def _complete(route, res, tr):
    """Whether the completeness check passed (the small route's own verdict, else the trace test's);
    None when none ran."""
    if route != "monodromy" and res is not None:
        return getattr(res, "complete", None)
    return None if tr is None else bool(tr.passed)


def _strata_completeness(report: dict) -> str:
    """The completeness of the spurious search, from the per-stratum ``report`` of
    :func:`~.spurious.spurious_points` ("" when every stratum passed its trace test and lost no point).

    Examples
    --------
    >>> _strata_completeness({"w1=(0,*)": {"trace_test_passed": True, "lost": 0}})
    ''
    >>> _strata_completeness({"a": {"trace_test_passed": False, "lost": 0}, "b": {"trace_test_passed": True, "lost": 2}})
    '; spurious search incomplete (its counts are lower bounds): trace test NOT passed on stratum a; 2 point(s) lost on the way to the target on stratum b'
    """
    bad = []
    for name, r in report.items():
        if not r.get("trace_test_passed"):
            bad.append(("no trace test" if r.get("trace_test_passed") is None else "trace test NOT passed")
                       + f" on stratum {name}")
        if r.get("lost"):
            bad.append(f"{r['lost']} point(s) lost on the way to the target on stratum {name}")
    return ("; spurious search incomplete (its counts are lower bounds): " + "; ".join(bad)) if bad else ""


def _cert_note(cert) -> str:
    """How the points were certified (the batched float64 test and the ball route, with counts)."""
    if cert is None:
        return "not certified"
    return cert.method or "Krawczyk certification"


def _completeness(fam, tr) -> str:
    """The completeness statement: the trace test's outcome and the line it ran on (or the total-degree
    homotopy's statement)."""
    note = getattr(fam, "completeness_note", None)
    if note:
        return note
    if tr is None:
        return "no trace test"
    where = getattr(fam, "trace_line", None)
    return ("trace test passed" if tr.passed else "trace test NOT passed") + (f" (on {where})" if where else "")


def expected_count(net, loss_kind):
    """The number of pure critical images a theorem predicts for this loss (the progress bar's
    total only; never reported as the count): Eckart-Young / the network's ``expected_ed_degree``
    for the Frobenius loss, the Chern-class formula for a generic one; None when none is known.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> expected_count(parse_spec("linear 3-1-3"), "frobenius"), expected_count(parse_spec("linear 3-1-3"), "data")
    (3, None)
    """
    if loss_kind not in ("frobenius", "generic"):
        return None
    try:
        from algnet.analyses.critical.ed import ed_formula

        value = ed_formula(net, loss_kind)[0]
        return None if value is None else int(value)
    except Exception:
        return None
