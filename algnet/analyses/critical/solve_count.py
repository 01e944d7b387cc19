"""The results of a count at the generic complex target alone (``classify=False``), and the warm route's count.

:func:`_count_only` builds the CriticalResult of the points found at the generic complex target where the gradient
system was solved (no real points, types or spurious search); :func:`_warm_route` is the count by the warm route
(:mod:`.warm`: a parameter homotopy from the generic solutions a structure keeps). Split out of
:mod:`algnet.analyses.critical.solve`, which re-exports both.

Examples
--------
>>> from algnet.analyses.critical.solve import critical_points
>>> r = critical_points("linear 2-1-2", loss="frobenius", seed=0, classify=False)
>>> r.real is None, r.critical_points        # Eckart-Young: two rank-one critical points
(True, 2)
"""

from __future__ import annotations

import time

from algnet.analyses.critical.results import CriticalResult, failed_paths, incomplete_reason
from algnet.analyses.critical.solve_notes import _cert_note, _complete, _completeness, _route_note
from algnet.analyses.critical.paths import _distinct
from algnet.interrupts import sigint_count

__all__: list = []      # the private helpers of :mod:`algnet.analyses.critical.solve` (re-exported there)


def _warm_route(net, L, dim, rng, certify, seed, t0, ctrl_c):
    """The count by the warm route (:mod:`.warm`): its CriticalResult, or None when the route does not apply or
    did not end complete (the caller takes the other routes)."""
    # the warm route: a parameter homotopy from generic solutions computed once per structure (:mod:`.warm`)
    warm = _warm()
    hit = warm.warm_count(net, L, dim, rng, certify=certify)
    if hit is not None:
        sol, p0, fam, cert0 = hit
        X0 = sol.solutions
        partial = sol.partial or sigint_count() > ctrl_c
        images = getattr(sol, "images", None)
        distinct = getattr(sol, "distinct", None)       # the number of distinct images, when the route counted them
        # a structure's first count is its structure-level solve (the small route at this call's parameters)
        route, tr = getattr(sol, "route", warm.ROUTE), sol.trace
        n = int(X0.shape[0])
        if distinct is None and images is None and cert0 is not None and n and cert0.certified == cert0.distinct == n:
            # every point certified with an image enclosure disjoint from every other's (the structure-level
            # solve keeps only such points): n distinct images, proven; the images are not evaluated again
            distinct = n
        try:
            out = _count_only(net, L, fam, X0, X0.shape[0], sol, tr, cert0, dim, seed, t0, partial, route,
                              images=images, distinct=distinct)
        except KeyboardInterrupt:
            out = None
        if out is None or (sigint_count() > ctrl_c and not out.partial):
            # Ctrl-C during the final bookkeeping: the points found are reported as a lower bound
            out = _count_only(net, L, fam, X0, X0.shape[0], sol, tr, cert0, dim, seed, t0, True, route,
                              images=images, distinct=distinct)
        return out
    return None


def _warm():
    """The module :mod:`.warm` (imported by the first count that asks for it, not with this module; its functions read
    as its attributes at each call)."""
    got = _LATE.get("warm")
    if got is None:
        from algnet.analyses.critical import warm as got

        _LATE["warm"] = got
    return got


#: modules imported by the first call that needs them (:func:`_warm`)
_LATE: dict = {}


def _count_only(net, L, fam, X0, generic_pure, res, tr, cert0, dim, seed, t0, partial, route="monodromy",
                images=None, distinct=None):
    """The CriticalResult of the generic complex target alone (``classify=False``; ``images``: those of X0,
    when known; ``distinct``: their number of distinct rows, when counted)."""
    n = int(X0.shape[0])
    why = incomplete_reason(partial, _complete(route, res, tr), route, found=n,
                            failed=failed_paths(res.path_failures))
    completeness = _completeness(fam, tr)
    method = (_route_note(fam, route) + " on the gradient of the loss along a slice "
              f"({fam.gauge_note}); recorded gradient, compiled tracker; " + _cert_note(cert0) + "; "
              "counts at the generic complex target only")
    return CriticalResult(
        spec=net.spec, loss=L.kind, critical_points=n,
        function_space_points=(distinct if distinct is not None else
                               _distinct(fam.image(X0) if images is None else images)) if n else 0,
        pure=int(generic_pure), spurious=n - int(generic_pure), real=None, minima=None, saddles=None,
        maxima=None, degenerate=None, positive_dimensional=(), certified=0 if cert0 is None else cert0.certified,
        certified_distinct=0 if cert0 is None else cert0.distinct, certified_real=0, method=method,
        completeness=completeness, trace_test_residual=None if tr is None else tr.residual,
        trace_test_passed=None if tr is None else tr.passed, paths=int(res.paths), loops=int(res.loops),
        path_failures=dict(res.path_failures), dimension=int(dim), gauge=fam.gauge_note, seed=seed,
        seconds=time.perf_counter() - t0, partial=why is not None, points=(), target=L.u,
        generic_pure_images=int(generic_pure), lost=0, route=route,
        homotopy_complete=getattr(res, "complete", None) if route != "monodromy" else None, partial_reason=why)
