"""The trace test of the small routes on rebalanced representatives, each point on its own chart.

A layered slice (:mod:`.multihom`) meets the fiber of a critical image in a representative that can be far out
along the layer rescaling orbit theta_l -> t_l theta_l (prod_l t_l^d_l = 1, d_l the layers' degrees): on dense
2-1-1 r=7, cut (1, 0) forced, seed 9, the 19 critical points had representatives with |theta| up to 820 and
w ~ 820^-7, the homotopy's homogeneous coordinates mixed magnitudes 1 and 1e-20, and the trace test's paths lost the
image's accuracy (residual 1e-2 on a complete set; the count then fell to monodromy and was reported partial, 17).
The trace of a linear functional of the *images* does not depend on the chart: each critical point's image moves
along the line of targets p0 + s v the same way on every slice that meets its fiber transversally. So
:func:`chart_trace_test` moves each representative along its orbit to equal layer norms (:func:`rebalanced`),
tracks it on a random slice through that point (:func:`~.charts.chart_through`), and compares the trace at s = 1
with its value and exact slope at s = 0 (the one-sided test of :func:`~.full_trace.full_trace_test`; the slope by the
implicit function theorem and the image's Jacobian, :func:`~.full_trace.image_trace_slope`: extrapolated central
differences left 5e-13 on the 7 points of dense 2-1-1 r=3 (generic, seed 0), the exact slopes 9e-16, one point
dropped 2.3e-5 either way, and a test costs about 15% less). A failed
path is tracked again on another random chart through the same point (up to ``attempts`` charts).

Examples
--------
>>> import numpy as np
>>> from algnet.analyses.critical.paths import example_points
>>> fam, X, p0 = example_points("linear 2-1-2", "generic", at_target=False)
>>> rng = np.random.default_rng(0)
>>> v = (rng.normal(size=4) + 1j * rng.normal(size=4)) * np.sqrt(np.mean(np.abs(p0) ** 2))
>>> wt = rng.normal(size=4) + 1j * rng.normal(size=4)
>>> [chart_trace_test(fam, Y, p0, v, wt, rng).passed for Y in (X, X[1:])]
[True, False]
"""

from __future__ import annotations

import numpy as np

__all__ = ["rebalanced", "far_out", "chart_trace_test", "chart_certify", "charted_of", "FAR"]

#: The charts of this module serve a point whose representative's largest modulus is more than FAR times its
#: rebalanced one's (dense 2-1-1 r=7, cut (1, 0), seed 9: 822 and 571 against about 1.2). With FAR = 4 the old cut's
#: seeds 0, 2, 3, 8 of r=6 (a homotopy that lost points: the trace fails on every chart) ran the charts' trace test 7
#: times, 2.3 of their 8.7 CPU s
FAR = 30.0


def rebalanced(net, Th) -> np.ndarray:
    """The rows of ``Th`` (full parameter vectors) moved along the layer rescaling orbit theta_l -> t_l theta_l,
    prod_l t_l^d_l = 1 (the image is unchanged), to layers of equal largest modulus (the weighted geometric mean
    of the layers' moduli, weights d_l); unchanged where the coefficients are not multihomogeneous in the layers
    or a layer vanishes.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> net = parse_spec("dense 2-1-1 r=7")
    >>> th = np.array([[800.0, -300.0, 2e-19]])          # (a, b, w): y = w (a x0 + b x1)^7
    >>> tb = rebalanced(net, th)
    >>> bool(np.allclose(tb[0, :2] ** 7 * tb[0, 2], th[0, :2] ** 7 * th[0, 2], rtol=1e-12))   # the same image
    True
    >>> bool(np.isclose(np.abs(tb[0, :2]).max(), abs(tb[0, 2])))
    True
    """
    from algnet.analyses.critical.multihom import _groups, layer_degrees

    Th = np.array(np.atleast_2d(Th), dtype=np.complex128)
    degs = layer_degrees(net)
    groups = _groups(net)
    if degs is None or len(groups) < 2:
        return Th
    d = np.asarray(degs, dtype=float)
    norms = np.stack([np.abs(Th[:, a:b]).max(axis=1) for a, b in groups], axis=1)
    ok = np.all(norms > 0, axis=1) & np.all(np.isfinite(norms), axis=1)
    logs = np.log(np.where(ok[:, None], norms, 1.0))
    common = logs @ d / d.sum()                  # log of the balanced modulus: sum_l d_l (common - log n_l) = 0
    for k, (a, b) in enumerate(groups):
        Th[ok, a:b] *= np.exp(common[ok] - logs[ok, k])[:, None]
    return Th


def far_out(fam, X, far: float | None = None) -> np.ndarray:
    """Which slice points ``X`` of ``fam`` have a representative more than ``far`` (default :data:`FAR`) times larger
    (largest modulus) than their rebalanced one (:func:`rebalanced`): the points the charts of this module serve.

    Examples
    --------
    >>> import numpy as np
    >>> from types import SimpleNamespace
    >>> from algnet import parse_spec
    >>> fam = SimpleNamespace(net=parse_spec("dense 2-1-1 r=7"), theta=lambda X: X)     # theta = (a, b, w)
    >>> far_out(fam, np.array([[0.3, -0.2, 1.1], [400.0, 50.0, 1e-17], [40.0, 5.0, 1e-5]]) + 0j).tolist()
    [False, True, False]
    """
    X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
    Th = fam.theta(X)
    big = np.abs(Th).max(axis=1)
    return big > (FAR if far is None else far) * np.abs(rebalanced(fam.net, Th)).max(axis=1)


def chart_trace_test(fam, X, p0, v, wt, rng, attempts: int = 3, tol: float = 1e-6):
    """The one-sided trace test of the points ``X`` (slice points of the gradient family ``fam`` at the target p0)
    on the line p0 + s v, functional y -> wt . y of the images, each point tracked on its own random chart through
    its rebalanced representative (module doc). Returns a
    :class:`~algnet.homotopy.monodromy.options.TraceTestResult` (paths: the paths tracked; failed_paths: the points none
    of whose ``attempts`` charts ended within the residual ``tol``, or whose end repeats another's image). It passes
    by the monodromy trace test's rule: the relative residual below the trace tolerance and the residual explained by
    the points' own accuracy (:func:`~algnet.homotopy.monodromy.trace.accuracy_explains`, each point's
    :func:`~algnet.homotopy.monodromy.trace.newton_error` on its chart at both ends; an unknown error fails).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.paths import example_points
    >>> fam, X, p0 = example_points("dense 2-1-1 r=2", "generic", at_target=False)
    >>> rng = np.random.default_rng(1)
    >>> v, wt = (rng.normal(size=3) + 1j * rng.normal(size=3)), rng.normal(size=3) + 0j
    >>> t = chart_trace_test(fam, X, p0, v, wt, rng)
    >>> t.passed, t.paths, t.failed_paths
    (True, 4, 0)
    """
    from algnet.analyses.critical.charts import chart_through
    from algnet.analyses.critical.full_trace import affine_residual, image_trace_slope
    from algnet.analyses.critical.image_rows import _repeated
    from algnet.analyses.critical.posdim import residuals
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.monodromy import track_parameters
    from algnet.homotopy.monodromy.options import MonodromyOptions, TraceTestResult
    from algnet.homotopy.monodromy.trace import accuracy_explains, newton_error
    from algnet.homotopy.newton import newton
    from algnet.homotopy.tracker import whole

    X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
    p0 = np.asarray(p0, dtype=np.complex128)
    p1 = p0 + np.asarray(v, dtype=np.complex128)
    wt = np.asarray(wt, dtype=np.complex128)
    Thb = rebalanced(fam.net, fam.theta(X))
    f0, d0, f1, ends = [], [], [], []
    paths = failed = 0
    err = 0.0           # the points' own errors in the trace (newton_error on each point's chart, at both ends)
    for th in Thb:
        done = False
        for _ in range(attempts):
            g = chart_through(fam, th, rng)
            g.image_route = "numpy"           # a few images per chart: no image tape recorded
            z = np.zeros((1, g.n_vars), dtype=np.complex128)
            # the representative as found can be inaccurate far out (what this test is for): Newton on the chart
            z = newton(ParameterHomotopy(g, p0, p1), z, np.zeros(1), iterations=4)[0]
            if not np.all(np.isfinite(z)) or residuals(g, z, p0)[0] > tol:
                continue
            tk = whole(track_parameters(g, z, p0, p1))
            paths += 1
            if tk.status[0] != "success" or residuals(g, tk.x, p1)[0] > tol:
                continue
            first = g.first_order(z)           # the image and its Jacobian: the value and the exact slope at s = 0
            f0.append(first[0][0] @ wt)
            d0.append(image_trace_slope(g, z, p0, v, wt, first_order=first)[0])
            y1 = g.image(tk.x)[0]
            f1.append(y1 @ wt)
            ends.append(y1)
            err += sum(float(newton_error(g, Z, p, lambda Y: g.image(Y) @ wt)[0]) for Z, p in ((z, p0), (tk.x, p1)))
            done = True
            break
        failed += not done
    if ends:       # two points whose ends share an image: one path jumped (or the set repeats a point)
        failed += int(_repeated(np.array(ends), np.ones(len(ends), dtype=bool)).sum())
    tol_trace = MonodromyOptions().trace_tolerance
    if failed:
        return TraceTestResult(float("inf"), False, tol_trace, paths, failed, None)
    f1, f0, d0 = np.array(f1), np.array(f0), np.array(d0)
    res = affine_residual(f1, f0, d0)
    # the monodromy trace test's rule: a small relative residual explained by the points' own accuracy (the slopes
    # are exact: no error of their own beside the points')
    d, total = abs(np.sum(f1) - np.sum(f0) - np.sum(d0)), float(sum(np.sum(np.abs(a)) for a in (f1, f0, d0)))
    passed = res < tol_trace and accuracy_explains(d, total, None, [], None, extra=err)
    return TraceTestResult(res, bool(passed), tol_trace, paths, 0, None)



def chart_certify(fam, X, p, cert, seed: int = 20261205, far: float | None = None):
    """The certification ``cert`` of the points ``X`` of the gradient family ``fam`` at ``p``
    (:func:`~.refine.certify_points`), with each point it left undecided certified again on its own random chart
    (seeded by ``seed``) through its rebalanced representative (module doc), where that representative is more
    than ``far`` (default :data:`FAR`) times smaller than the point's: Krawczyk's test there proves a
    non-singular solution of the chart's gradient system, the same critical image. The image enclosures of all
    certified points (the chart's for these) decide distinctness; the centers stay the points of ``X`` (slice
    coordinates of ``fam``, far out), and the radii of those points are their chart's, so a box (center, radius)
    is not a certificate in ``fam``'s chart for them: the result's ``charted`` maps each such row to ``(theta,
    image midpoint, image radius)``, theta the certified centre in parameter coordinates (on its chart's slice,
    rebalanced) and the image enclosure the chart's (:func:`charted_of`; classify reports that theta and
    judges a real image by that enclosure).

    Examples
    --------
    >>> import numpy as np
    >>> from dataclasses import replace
    >>> from algnet.analyses.critical.paths import example_points
    >>> from algnet.analyses.critical.refine import certify_points
    >>> fam, X, p0 = example_points("dense 2-1-1 r=2", "generic", at_target=False)
    >>> c = certify_points(fam, X, p0, key_ball=fam.image_ball, key_interval=fam.image_interval)
    >>> miss = replace(c, mask=np.arange(len(c.mask)) > 0, certified=c.certified - 1)   # as if one were undecided
    >>> c2 = chart_certify(fam, X, p0, miss, far=0.0)         # (any point; by default only far-out ones)
    >>> (c.certified, c.distinct), (c2.certified, c2.distinct), "own random chart" in c2.method
    ((4, 4), (4, 4), True)
    """
    from dataclasses import replace

    from algnet.analyses.critical.charts import chart_through
    from algnet.analyses.critical.refine import certify_points
    from algnet.homotopy.certify import distinct_count
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.newton import newton

    todo = np.nonzero(~np.asarray(cert.mask, dtype=bool))[0]
    if not todo.size or not hasattr(fam, "c0") or not getattr(fam, "has_ball", False):
        return cert
    X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
    p = np.asarray(p, dtype=np.complex128)
    rng = np.random.default_rng(seed)
    # only representatives far out along the orbit (a balanced one's chart would fail the same way)
    todo = todo[far_out(fam, X[todo], far)]
    Thb = rebalanced(fam.net, fam.theta(X[todo]))
    mask, radii = np.array(cert.mask, dtype=bool), np.array(cert.radii, dtype=float)
    mids, rads, thetas = {}, {}, {}
    for i, th in zip(todo, Thb):
        g = chart_through(fam, th, rng)
        g.image_route = "numpy"
        z = newton(ParameterHomotopy(g, p, p), np.zeros((1, g.n_vars), dtype=np.complex128), np.zeros(1),
                   iterations=4)[0]
        if not np.all(np.isfinite(z)):
            continue
        c = certify_points(g, z, p, key_ball=g.image_ball, key_interval=g.image_interval, charts=False)
        if c.certified == 1:
            mask[i], radii[i] = True, float(c.radii[0])
            m_, r_ = g.image_interval(c.centers, c.radii)
            mids[i], rads[i] = m_[0], r_[0]
            thetas[i] = g.theta(c.centers)[0]
    gained = int(mask.sum()) - int(cert.certified)
    if not gained:
        return cert
    own = np.nonzero(mask & np.asarray(cert.mask, dtype=bool))[0]
    M = np.zeros((X.shape[0], fam.n_params), dtype=np.complex128)
    R = np.zeros((X.shape[0], fam.n_params))
    if own.size:
        M[own], R[own] = fam.image_interval(np.asarray(cert.centers)[own], np.asarray(cert.radii)[own])
    for i in mids:
        M[i], R[i] = mids[i], rads[i]
    rows = np.arange(X.shape[0], dtype=np.complex128)[:, None]     # the enclosures looked up by row
    distinct = distinct_count(rows, np.zeros(X.shape[0]), mask, np.ones(X.shape[0], dtype=bool), None,
                               lambda c, r: (M[c[:, 0].real.astype(int)], R[c[:, 0].real.astype(int)]))
    note = (f"; {gained} more on its own random chart through the representative rebalanced along the layer "
            "rescaling orbit (far out on the slice)")
    out = replace(cert, certified=int(mask.sum()), distinct=int(distinct), mask=mask, radii=radii,
                  method=cert.method + note)
    object.__setattr__(out, "charted", {int(i): (thetas[i], mids[i], rads[i]) for i in mids})   # (frozen result)
    return out


def charted_of(cert) -> dict:
    """The points of a certification that :func:`chart_certify` certified on their own chart: row -> (theta, image
    midpoint, image radius) (module doc of :func:`chart_certify`); empty for any other certification.

    Examples
    --------
    >>> charted_of(None)
    {}
    """
    return dict(getattr(cert, "charted", None) or {})
