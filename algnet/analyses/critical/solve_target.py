"""The classification step of :func:`~algnet.analyses.critical.solve.critical_points`: the points found at the
generic complex target tracked to the (real) target, certified and classified there (:func:`_classify_at_target`),
the spurious points of the subnetwork strata added (:func:`_add_spurious`), and the CriticalResult of the
classification (:func:`_full_result`). Split out of :mod:`algnet.analyses.critical.solve`, which re-exports them.

A classification stopped by Ctrl-C or a time limit keeps the points classified so far; the points tracked to the
target and not yet classified are counted (``unclassified``) and the counts are lower bounds. The public entry is
:func:`~algnet.analyses.critical.solve.critical_points`, whose examples run this step;
:func:`_without_strata_images` has one of its own.
"""

from __future__ import annotations

import time

import numpy as np

from algnet.analyses.critical.classify import (
    _certified_real_images,
    classify_points,
    ill_conditioned,
    merge_components,
)
from algnet.analyses.critical.paths import _distinct
from algnet.analyses.critical.posdim import IMAGE_DIMENSION_NOTE
from algnet.analyses.critical.results import CriticalResult, failed_paths, incomplete_reason
from algnet.analyses.critical.solve_notes import (_cert_note, _complete, _completeness, _route_note,
                                                  _strata_completeness, _strata_covered)
from algnet.analyses.critical.special import to_real_target

__all__: list = []      # the private steps of :mod:`algnet.analyses.critical.solve` (re-exported there)


def _classify_at_target(run, net, L, rng, dim, certify, smoothness, show_progress):
    """The points tracked from p0 to the (real) target u, certified there, classified (:func:`classify_points`; a
    target drawn here is generic, a given one or data may be special: ``smoothness`` tested at the images) and merged
    into components; sets the run's points and its tallies (lost, ill-conditioned, certified real).

    Stopped (Ctrl-C, a time limit) during the classification: ``run.points`` holds the points classified so far
    (merged), ``run.rest`` the images of the tracked points not yet classified, and the interrupt goes on."""
    from algnet.analyses.critical.refine import certify_points

    X, fam, cert = run.X0, run.fam, None
    if run.X0.shape[0]:
        fam, X, k, lost = to_real_target(net, L, rng, dim, run.fam, run.X0, run.p0)
        run.fam, run.lost = fam, lost
        run.paths += k
        if lost:
            run.failures["to target: lost"] = lost
    ill_at_target = ill_conditioned(fam, X, L.u)
    if certify and X.shape[0] and not run.partial:
        cert = certify_points(fam, X, L.u, key_ball=fam.image_ball, key_interval=fam.image_interval,
                              show_progress=show_progress)
        X = cert.centers
        run.certified_real = _certified_real_images(fam, cert)
    run.points = points = []
    try:
        classify_points(fam, X, L.u, dim, cert, smoothness=smoothness, show_progress=show_progress, into=points)
    except KeyboardInterrupt:
        run.rest = X[len(points):]          # tracked to the target, not classified (their images: _full_result)
        run.points = _merged(points, L)
        raise
    if cert is not None and X.shape[0]:
        # judged at the tracked endpoints (the certification's Newton steps can move an ill-conditioned point
        # anywhere: condition number 1e11-1e13 before, 3e4-2e5 after, on linear 2-1-2 at diag(1, 1 + 2^-36))
        run.ill = sum(bool(b) and not p.certified and p.dimension == 0 for b, p in zip(ill_at_target, points))
    run.points = _merged(points, L)
    run.classified = True


def _merged(points, L):
    """:func:`merge_components` of ``points`` at the loss ``L``'s target."""
    return merge_components(points, lambda y: L.value(y[None, :].astype(np.complex128), L.u)[0])


def _add_spurious(run, net, L, rng, dim, show_progress):
    """The spurious points of the subnetwork strata (:func:`~.spurious.spurious_points`) added to the run's points,
    in place of the rank-deficient ones whose image a stratum found again, and the components merged again."""
    from algnet.analyses.critical.spurious import spurious_points

    extra = spurious_points(net, L, dim, rng, show_progress=show_progress, report=run.strata_report)
    run.points = points = _without_strata_images(run.points, extra, dim) + extra
    # a positive-dimensional set met at several points of a stratum is one set (linear 3-2-3 at I: the
    # rank-one projections x x^T, x^T x = 1, were reported twice, at two complex points)
    run.points = merge_components(points, lambda y: L.value(y[None, :].astype(np.complex128), L.u)[0])


def _without_strata_images(points, extra, dim):
    """``points`` (the gradient system's, tracked to the target) without the rank-deficient ones whose image a
    stratum's search found again (``extra``): at a special target a path of the generic solve can end where d mu
    drops rank, at complex weights over a real image; the stratum's record of that image is the one classified
    at real weights (its Hessian modulo the stratum's symmetries), so one point an image, and the right type
    (conv k=2,2 r=1 at u = (1, 0, 1): 10 points for 6 images, the two minima typed saddles, before).

    Examples
    --------
    >>> from types import SimpleNamespace as P
    >>> a, b = P(image=(1.0, 0.0), rank=1), P(image=(0.0, 1.0), rank=2)
    >>> [p.image for p in _without_strata_images([a, b], [P(image=(1.0, 1e-12), rank=1)], 2)]
    [(0.0, 1.0)]
    """
    from algnet.analyses.critical.spurious import seen_image

    ys = [np.asarray(q.image, dtype=np.complex128) for q in extra]
    return [p for p in points if not (p.rank < dim and seen_image(np.asarray(p.image, dtype=np.complex128), ys))]


def _full_result(net, L, run, spurious, dim, seed, t0):
    """The CriticalResult of the classification (:func:`critical_points` with ``classify``)."""
    fam, tr, res, route, points, cert0 = run.fam, run.tr, run.res, run.route, run.points, run.cert0
    lost, ill, generic_pure, partial, failures = run.lost, run.ill, run.generic_pure, run.partial, run.failures
    strata_note, strata_report, certified_real, paths, loops = (run.strata_note, run.strata_report,
                                                                 run.certified_real, run.paths, run.loops)
    iso = [p for p in points if p.dimension == 0]
    pos = [p for p in points if p.dimension > 0]
    rest, rest_images = _rest_images(run)
    real = [p for p in points if p.real]
    kinds = [p.kind for p in iso if p.real] + [k for p in iso if p.real for _, k, _ in p.real_forms]
    completeness = _completeness(fam, tr)
    if lost:
        completeness += (f"; {lost} point(s) lost on the way to the target (the counts at the target are lower "
                         f"bounds; {generic_pure} pure images at the generic target)")
    if ill:
        completeness += (f"; ill-conditioned target: {ill} critical point(s) with a Hessian condition number above "
                         "1e7 not certified (their images are not reliable)")
    strata_bad = _strata_completeness(strata_report)
    completeness += strata_bad
    completeness += _strata_covered(strata_report)      # shown harmless: named, not partial
    if rest:
        completeness += (f"; stopped during the classification at the target: {len(points)} point(s) classified, "
                         f"{rest} tracked to the target and not classified (in the counts of critical points and "
                         "images; the pure, spurious, real and type counts are those of the classified points: "
                         "lower bounds)")
    method = (_route_note(fam, route) + " on the gradient of the loss along a gauge slice "
              f"({fam.gauge_note}); Cauchy-formula Hessians from the straight-line program; "
              + _cert_note(cert0) + ("; subnetwork strata searched for spurious points" if spurious else "")
              + f"; {strata_note}"
              + (f"; {IMAGE_DIMENSION_NOTE}" if pos or any(p.rank < dim for p in points) else ""))
    # an incomplete spurious search leaves the spurious (and total) counts lower bounds: partial, like a lost point
    # (linear 3-2-3, Frobenius, seed 1: one rank-1 point lost on stratum 3-1-3 was reported "= 6" of the 7 images)
    why = incomplete_reason(partial, _complete(route, res, tr), route, lost, ill, len(points) or int(generic_pure),
                            failed_paths(failures)) or (strata_bad.removeprefix("; ") or None)
    return CriticalResult(
        spec=net.spec, loss=L.kind, critical_points=len(iso) + rest,
        function_space_points=_distinct([p.image for p in points] + rest_images),
        pure=sum(p.pure for p in points), spurious=sum(not p.pure for p in points), real=len(real),
        minima=kinds.count("minimum") + kinds.count("degenerate minimum"), saddles=kinds.count("saddle"),
        maxima=kinds.count("maximum"), degenerate=kinds.count("degenerate") + kinds.count("degenerate minimum"),
        positive_dimensional=tuple(p.dimension for p in pos),
        certified=0 if cert0 is None else cert0.certified,
        certified_distinct=0 if cert0 is None else cert0.distinct,
        certified_real=int(certified_real), method=method, completeness=completeness,
        trace_test_residual=None if tr is None else tr.residual, trace_test_passed=None if tr is None else tr.passed,
        paths=int(paths), loops=int(loops), path_failures=failures, dimension=int(dim), gauge=fam.gauge_note,
        seed=seed, seconds=time.perf_counter() - t0, partial=why is not None, points=tuple(points), target=L.u,
        generic_pure_images=int(generic_pure), lost=int(lost), route=route,
        homotopy_complete=getattr(res, "complete", None) if route != "monodromy" else None, partial_reason=why,
        unclassified=rest)


def _rest_images(run):
    """(number, images) of the points tracked to the target and not classified (a classification cut short): their
    images by the run's family, or none counted when a second interrupt stops that evaluation."""
    rest = getattr(run, "rest", None)
    if rest is None or not len(rest):
        return 0, []
    try:
        return int(rest.shape[0]), [tuple(y) for y in run.fam.image(rest)]
    except KeyboardInterrupt:
        return int(rest.shape[0]), []
