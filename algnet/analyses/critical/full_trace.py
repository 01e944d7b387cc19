"""The full-size trace test of a set of critical points on a line of targets p0 + s v (two-sided, or one-sided against
the trace's exact value and slope at s = 0), robust to failed paths, and the slope of the trace by the implicit
function theorem.

Examples
--------
>>> import numpy as np
>>> fam, X, p0 = example_points("linear 2-1-2", "generic", at_target=False)  # generic ED degree of 2x2 rank <= 1: 6
>>> rng = np.random.default_rng(0)
>>> v = (rng.normal(size=4) + 1j * rng.normal(size=4)) * np.sqrt(np.mean(np.abs(p0) ** 2))
>>> full_trace_test(fam, X, p0, v, lambda Y: fam.image(Y).sum(axis=1), rng)[0].passed
True
"""

from __future__ import annotations

import numpy as np
from algnet.homotopy.tracker import whole

from algnet.analyses.critical.examples import example_points
from algnet.analyses.critical.image_rows import _img, _repeated

#: the examples' set-up (read by this module's doctests)
_EXAMPLES = (example_points,)

__all__ = ["full_trace_test", "trace_slope", "image_trace_slope", "tangent", "affine_residual"]

#: the rounding of :func:`trace_slope`'s difference quotients, relative to the moduli of the slopes
SLOPE_ROUNDING = 1e-12


def full_trace_test(fam, X, p0, v, functional, rng, detours: int = 3, residual=None, key=None, options=None,
                    one_sided: bool = False, start=None):
    """The trace test on the full-size line p0 + s v (s = 1, -1), robust to failed paths.

    For a complete set, the points reached at p0 + s v are the whole fiber there, whatever route the
    paths took. So when a path of the straight segment fails (or ends on an image another path
    reached), every point is tracked again along another route, through a random complex point near
    the segment (up to ``detours`` times), and the distinct endpoints of all routes are pooled: the test
    is decided when they are exactly k. More than k distinct endpoints prove the set is not closed
    under monodromy (incomplete: failed); an incomplete set with k endpoints fails the trace condition
    generically. Returns ``(TraceTestResult, detoured paths)``.

    ``residual(Y, p)`` (relative residuals of the rows of Y at p; an endpoint is kept below 1e-6) and
    ``key(Y)`` (rows equal for equal solutions) default to those of a gradient family
    (:func:`~.posdim.residuals`, the images); other families pass their own (:mod:`.realfiber`). ``options``: the
    tracker's (default :class:`~algnet.homotopy.tracker.TrackerOptions`).

    ``one_sided``: the points are tracked to s = 1 only, and the trace there is compared with its value and slope at
    s = 0 (:func:`trace_slope`: the implicit function theorem at the points, no path): the trace of a complete set
    is affine in s, so trace(1) = trace(0) + trace'(0) (:func:`affine_residual`); a missing point leaves the
    difference f(x(1)) - f(x(0)) - f'(x(0)) of its own branch, nonzero for a generic line as the second
    difference of the two-sided test is. Half the paths. ``start(X, p0, v)``: the functional's values and slopes at
    the points (default ``functional(X)`` and :func:`trace_slope`), for a caller that has them more cheaply.

    Examples
    --------
    >>> import numpy as np
    >>> fam, X, p0 = example_points("linear 2-1-2", "generic", at_target=False)
    >>> rng = np.random.default_rng(0)
    >>> v = (rng.normal(size=4) + 1j * rng.normal(size=4)) * np.sqrt(np.mean(np.abs(p0) ** 2))
    >>> f = lambda Y: fam.image(Y).sum(axis=1)
    >>> full_trace_test(fam, X, p0, v, f, rng)[0].passed, full_trace_test(fam, X[1:], p0, v, f, rng)[0].passed
    (True, False)
    >>> one = [full_trace_test(fam, Y, p0, v, f, rng, one_sided=True)[0] for Y in (X, X[1:])]
    >>> [t.passed for t in one], [t.paths for t in one]
    ([True, False], [6, 5])
    """
    from algnet.homotopy import monodromy as mono
    from algnet.homotopy.monodromy.options import MonodromyOptions, TraceTestResult
    from algnet.homotopy.monodromy.trace import accuracy_explains, trace_residual

    from algnet.analyses.critical.posdim import residuals

    if residual is None:
        def residual(Y, p):
            return residuals(fam, Y, p)
    if key is None:
        def key(Y):
            return _img(fam, Y)
    k = X.shape[0]
    scale = float(np.sqrt(np.mean(np.abs(p0) ** 2))) or 1.0
    ends, paths, detoured, failed, extra = [], 0, 0, 0, False
    for sgn in ((1.0,) if one_sided else (1.0, -1.0)):
        p1 = p0 + sgn * v
        pool = np.zeros((0, X.shape[1]), dtype=np.complex128)
        for attempt in range(detours + 1):
            if attempt == 0:
                Y = whole(mono.track_parameters(fam, X, p0, p1, options))
                ok = Y.success
                paths += k
            else:    # all points along another route
                pm = p0 + 0.5 * sgn * v + 0.5 * scale * (rng.normal(size=p0.shape) + 1j * rng.normal(size=p0.shape))
                a_ = whole(mono.track_parameters(fam, X, p0, pm, options))
                Y = whole(mono.track_parameters(fam, a_.x, pm, p1, options))
                ok = a_.success & Y.success
                paths += 2 * k
                detoured += k
            cand = np.concatenate([pool, Y.x])
            good = np.r_[np.ones(pool.shape[0], dtype=bool), ok & (residual(Y.x, p1) <= 1e-6)]
            good &= ~_repeated(key(cand), good)
            pool = cand[good]
            if pool.shape[0] >= k:
                break
        if pool.shape[0] > k:
            extra = True
        failed += max(k - pool.shape[0], 0)
        ends.append(pool[:k])
    tol = MonodromyOptions().trace_tolerance
    if failed or extra:
        return TraceTestResult(float("inf"), False, tol, paths, failed, None), detoured
    if one_sided:
        f0, d0 = (functional(X), trace_slope(fam, X, p0, v, functional)) if start is None else start(X, p0, v)
        f1, sets = functional(ends[0]), [(ends[0], p0 + v), (X, p0)]
        res, d = affine_residual(f1, f0, d0), abs(np.sum(f1) - np.sum(f0) - np.sum(d0))
        # the slopes' own error: the difference quotients' rounding (trace_slope), or none beside the points' (exact)
        extra = SLOPE_ROUNDING * float(np.sum(np.abs(d0))) if start is None else 0.0
        terms = (f1, f0, d0)
    else:
        terms = tuple(functional(Y) for Y in (ends[0], X, ends[1]))
        res, d = trace_residual(*terms), abs(np.sum(terms[0]) - 2 * np.sum(terms[1]) + np.sum(terms[2]))
        sets, extra = [(ends[0], p0 + v), (X, p0), (ends[1], p0 - v)], 0.0
    # as the monodromy trace test: the residual explained by the points' own accuracy too (large points hide small)
    passed = res < tol and len(X) > 0 and accuracy_explains(   # no points: vacuous
        float(d), float(sum(np.sum(np.abs(t)) for t in terms)), fam, sets, functional, extra=extra)
    return TraceTestResult(res, bool(passed), tol, paths, 0, None), detoured


def trace_slope(fam, X, p0, v, functional) -> np.ndarray:
    """d/ds of ``functional`` at the solutions X of the family ``fam`` at p0 along p0 + s v, at s = 0, one value a
    point: x'(0) = -F_x^{-1} F_p v by the implicit function theorem (the parameter homotopy's velocity at its start,
    no path tracked), then the directional derivative of ``functional`` along x'(0) by central differences of
    relative steps 1e-4 and 5e-5, extrapolated (error O(h^4) and rounding about 1e-12 relative: the trace test's
    tolerance is 1e-6). NaN for a point where F_x is singular (the test then fails).

    Examples
    --------
    x^2 = p at p = 4 along v = 1: x = +-2, x' = 1 / (2 x); the functional x^3 has slope 3 x^2 x' = +-3.

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))
    >>> d = trace_slope(fam, np.array([[2.0], [-2.0]]), [4.0], [1.0], lambda Y: Y[:, 0] ** 3)
    >>> np.round(d.real, 8).tolist()
    [3.0, -3.0]
    """
    X = np.asarray(X, dtype=np.complex128)
    Xd = tangent(fam, X, p0, v)
    h = 1e-4 * (1 + np.max(np.abs(X), axis=1)) / np.maximum(np.max(np.abs(Xd), axis=1), 1e-300)
    with np.errstate(invalid="ignore", over="ignore"):
        # central differences of steps h and h / 2, extrapolated (Richardson): error O(h^4) + rounding eps / h
        Y = np.concatenate([X + a * h[:, None] * Xd for a in (1.0, -1.0, 0.5, -0.5)])
        f = np.asarray(functional(Y)).reshape(4, X.shape[0])
        d1, d2 = (f[0] - f[1]) / (2 * h), (f[2] - f[3]) / h
        return (4 * d2 - d1) / 3


def image_trace_slope(fam, X, p0, v, wt, first_order=None, system=None, at=None, to_slice=None) -> np.ndarray:
    """d/ds of the linear functional y -> wt . y of the images at the solutions X of the gradient family ``fam`` at
    p0 along p0 + s v, at s = 0, one value a point, exactly: the image's Jacobian along the slice (``fam.first_order``,
    or ``first_order`` = (images, Jacobians) when the caller has them) applied to x'(0) = -F_x^{-1} F_p v
    (:func:`tangent`), no difference quotient. The slope of the small routes' trace test
    (:func:`~.small.homotopy_trace_test`, in its homogeneous coordinates) and of the charts'
    (:func:`~.rebalance.chart_trace_test`).
    Not finite where F_x is singular.

    ``system``, ``at``, ``to_slice``: x'(0) taken on another system whose solutions ``at`` (its own coordinates, the
    rows of X's points) move with its parameters p0 + s v -- a homotopy in homogeneous or chart coordinates --, and
    ``to_slice`` the coordinate map of its velocities to those of the slice (default: ``fam`` at X, the identity).

    Examples
    --------
    >>> import numpy as np
    >>> fam, X, p0 = example_points("linear 2-1-2", "generic", at_target=False)
    >>> v, wt = np.arange(1.0, 5.0) + 0.5j, np.array([1.0, -2.0, 0.5, 1j])
    >>> f = lambda Y: fam.image(Y) @ wt
    >>> bool(np.allclose(image_trace_slope(fam, X, p0, v, wt), trace_slope(fam, X, p0, v, f), rtol=1e-7))
    True

    The same contraction with x'(0) taken on a given system at given points, mapped to the slice (here the family
    itself and the identity; :func:`~.small.homotopy_trace_test` passes its homotopy, homogeneous points and chart map):

    >>> d = image_trace_slope(fam, X, p0, v, wt)
    >>> bool(np.array_equal(d, image_trace_slope(fam, X, p0, v, wt, system=fam, at=X, to_slice=lambda Xd: Xd)))
    True
    """
    X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
    _, Jf = fam.first_order(X) if first_order is None else first_order
    Xd = tangent(fam, X, p0, v) if system is None else to_slice(tangent(system, at, p0, v))
    with np.errstate(invalid="ignore", over="ignore"):
        return np.matmul(Jf, Xd[:, :, None])[:, :, 0] @ np.asarray(wt, dtype=np.complex128)


def tangent(fam, X, p0, v) -> np.ndarray:
    """x'(0) = -F_x^{-1} F_p v at the solutions X (rows) of ``fam`` at p0 along p0 + s v (:func:`trace_slope`), by
    the tape the tracker evaluates where the family is traceable; rows where F_x is singular are not finite.

    Examples
    --------
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))       # x^2 = p: x' = 1 / (2 x)
    >>> np.round(tangent(fam, np.array([[2.0], [-2.0]]), [4.0], [1.0]).real, 8).tolist()
    [[0.25], [-0.25]]
    """
    from algnet.homotopy.compiled_homotopy import compile_homotopy
    from algnet.homotopy.tape import traceable
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.tracker import batched_solve

    X = np.asarray(X, dtype=np.complex128)
    p0 = np.asarray(p0, dtype=np.complex128)
    H = ParameterHomotopy(fam, p0, p0 + np.asarray(v, dtype=np.complex128))
    # the tape the tracker evaluates (a family given by its trace alone has no other evaluation)
    _, Hx, Ht = (compile_homotopy(H) if traceable(fam) else H).evaluate(X, np.zeros(X.shape[0]))
    return -batched_solve(Hx, Ht)


def affine_residual(f1, f0, d0) -> float:
    """The modulus of sum f1 - sum f0 - sum d0 relative to the sum of all moduli: zero when the trace is affine
    between its values ``f0`` at s = 0 (slopes ``d0`` there) and ``f1`` at s = 1 (:func:`full_trace_test` with
    ``one_sided``); infinite when a slope is not finite.

    Examples
    --------
    >>> import numpy as np
    >>> affine_residual(np.array([5.0, 1.0]), np.array([2.0, 0.0]), np.array([3.0, 1.0]))
    0.0
    """
    f1, f0, d0 = (np.asarray(a, dtype=np.complex128) for a in (f1, f0, d0))
    if not np.all(np.isfinite(d0)):
        return float("inf")
    mags = float(np.sum(np.abs(f1)) + np.sum(np.abs(f0)) + np.sum(np.abs(d0)))
    return float(abs(np.sum(f1) - np.sum(f0) - np.sum(d0)) / max(mags, 1e-300))
