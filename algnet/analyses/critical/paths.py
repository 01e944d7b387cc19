"""Paths of the critical-point solver: the full-size trace test, the residual check of kept points,
tracking to the target, the batched rank test, and image bookkeeping (distinct and repeated images).

Examples
--------
>>> fam, X, p0 = example_points("linear 2-1-2", "generic", at_target=False)  # generic ED degree of 2x2 rank <= 1: 6
>>> _distinct(fam.image(X)), _distinct(fam.image(X[[0, 0, 1]]))
(6, 2)
"""

from __future__ import annotations

import numpy as np
from algnet.homotopy.tracker import whole

from algnet.analyses.critical.examples import example_points  # noqa: F401  (its home until 2026-12-05)

__all__ = ["full_trace_test", "trace_slope", "tangent", "affine_residual", "example_points", "default_options",
           "longer_paths", "LONG_PATHS"]


#: Step cap of every path when a theorem predicts at least :data:`LARGE_COUNT` critical points, and of the
#: monodromy that :func:`~.solve.solve_slice` runs again after a failed trace test (see :func:`default_options`).
LONG_PATHS = 1000
LARGE_COUNT = 100


def default_options(expected=None):
    """Monodromy options used here: paths capped at 300 steps (:data:`LONG_PATHS` when a theorem predicts
    ``expected`` >= :data:`LARGE_COUNT` points) and norm 1e6.

    Large systems have long paths that are not crawling to infinity: on conv k=2,2,2 r=2 (404 points, seed 2)
    the 486 paths stopped at 300 steps had |x| 2-335 (median 31; the successful endpoints 1-66, median 3.4),
    step sizes down to 4e-10 and stopped anywhere along the segment (t median 0.52); seeds 2 and 3 ended at
    391 and 399 points with a failed trace test. With 1000 steps seed 3 found all 404 (trace test passed, all
    certified, 113 CPU-s, 61 path failures instead of 145).

    A critical orbit whose pinned coordinate passes near zero has its slice
    representative near infinity; such paths crawl (on dense 2-1-1 r=3, seed 11,
    7 paths ran to the default 5000 steps: 83 s of 85 s). They are given up at
    300 steps (reported under ``path_failures``); monodromy reaches their
    endpoints along other loops and the trace test still decides completeness.
    When failed paths on the trace lines stop the run (conv k=3,2 r=2, seed 0,
    with 200 steps: 69 of 79 points), :func:`~.solve.solve_slice` runs a trace test of its
    own with the default tracker and, if it fails, monodromy again from the known
    points. With 1000 steps instead, conv k=3,2 completed in one run but the small
    cases took 4-5x longer (crawling paths run to the cap).

    Examples
    --------
    >>> o = default_options()
    >>> o.tracker.max_steps, o.tracker.divergence_norm, o.max_loops_no_progress
    (300, 1000000.0, 3)
    >>> default_options(expected=LARGE_COUNT).tracker.max_steps == LONG_PATHS
    True
    """
    from algnet.homotopy.monodromy import MonodromyOptions
    from algnet.homotopy.tracker import TrackerOptions

    steps = LONG_PATHS if expected is not None and expected >= LARGE_COUNT else 300
    return MonodromyOptions(max_loops_no_progress=3, tracker=TrackerOptions(max_steps=steps, divergence_norm=1e6))


def longer_paths(opt):
    """``opt`` with paths capped at :data:`LONG_PATHS` steps at least (the monodromy run again after a failed
    trace test).

    Examples
    --------
    >>> default_options().tracker.max_steps, longer_paths(default_options()).tracker.max_steps
    (300, 1000)
    >>> default_options(expected=404).tracker.max_steps
    1000
    """
    from dataclasses import replace

    if opt.tracker.max_steps >= LONG_PATHS:
        return opt
    return replace(opt, tracker=replace(opt.tracker, max_steps=LONG_PATHS))


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
    from algnet.homotopy.monodromy.trace import trace_residual

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
        res = affine_residual(functional(ends[0]), f0, d0)
    else:
        res = trace_residual(functional(ends[0]), functional(X), functional(ends[1]))
    return TraceTestResult(res, bool(res < tol), tol, paths, 0, None), detoured


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
    from algnet.homotopy.compiled import compile_homotopy, traceable
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


def _only_solutions(fam, res, p0, tol: float = 1e-6):
    """``(res, dropped)``: the monodromy result with every kept point a solution of G(.; p0) = 0.

    A point whose relative residual (:func:`~.posdim.residuals`) exceeds ``tol`` is refined by Gauss-Newton;
    it stays when that converges to a point where d mu has full rank (the component monodromy solves for;
    with some machines' rounding the point above converged to the cone's vertex, image 0, where d mu vanishes)
    and whose image no other kept point has, and is otherwise dropped
    and counted in ``path_failures["not a solution (residual check)"]`` (monodromy kept such a point on
    conv k=2,2 r=2, Frobenius loss, stratum w1=(*,0) w2=(0,*): residual 0.017).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.solve import solve_slice
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2", "generic")        # generic ED degree of 2x2 rank <= 1: 6
    >>> res, p0, _ = solve_slice(fam, np.random.default_rng(0))
    >>> from dataclasses import replace
    >>> bad = replace(res, solutions=np.vstack([res.solutions, res.solutions[:1] + 0.3]))
    >>> out, dropped = _only_solutions(fam, bad, p0)
    >>> out.solutions.shape[0], dropped, out.path_failures["not a solution (residual check)"]
    (6, 1, 1)
    """
    from dataclasses import replace

    from algnet.analyses.critical.posdim import project, residuals

    X = res.solutions
    if not X.shape[0]:
        return res, 0
    X = X.copy()
    good = residuals(fam, X, p0) <= tol
    for i in np.nonzero(~good)[0]:
        z, conv = project(fam, X[i], p0)
        if (conv and np.all(np.isfinite(z)) and residuals(fam, z[None, :], p0)[0] <= tol
                and _full_rank(fam, z[None, :], fam.dimension)[0][0]):
            Y = _img(fam, X[good])
            y = _img(fam, z[None, :])[0]
            if not np.any(np.max(np.abs(Y - y), axis=1) <= 1e-6 * (1 + np.max(np.abs(y)))):
                X[i], good[i] = z, True         # a new solution (no other kept point has its image)
    dropped = int((~good).sum())
    if not dropped:
        return (res if np.array_equal(X, res.solutions) else replace(res, solutions=X)), 0
    failures = dict(res.path_failures)
    failures["not a solution (residual check)"] = failures.get("not a solution (residual check)", 0) + dropped
    keys = res.keys[good] if getattr(res, "keys", None) is not None and len(res.keys) == len(good) else res.keys
    return replace(res, solutions=X[good], keys=keys, path_failures=failures), dropped


def _to_target(fam, X, p0, u, rng, attempts: int = 3):
    """Track X from p0 to u (paths capped at 400 steps); a failed path is tracked again from p0
    through a random complex target (another route; default tracker, up to 5000 steps).
    Returns (endpoints, paths, lost). On dense 2-1-1 r=3 (seed 0) one path crawled for 5000 steps
    on the straight segment (20 s) and took a few hundred through a random intermediate target. A path still lost
    (and not ending on a positive-dimensional set) moves to fresh charts where it stalls (:func:`~.rechart.rechart_track`)
    and then to up to three other charts through its start (:func:`~.charts._target_rescue`), each endpoint carried
    back to this slice (both on their own generator): dense 3-1-1-1 r=2, generic loss, seeds
    0-7 (2026-12-05, load 7-9): 719960f one partial result (seed 2, 1 of 79 lost on three slices), now none; the
    rescue found every point handed to it (seed 1: 6 of 6 on the first slice, seed 2: 1 of 1, seed 5: 2 + 3);
    CPU of the whole classification, A/B interleaved twice, 719960f / this: seed 1 2.8 / 3.3 s, seed 2 2.6 / 2.35
    (and complete), seed 6 2.15 / 2.8 (its witness set for the carrying back: ~0.5 s)."""
    from algnet.homotopy.monodromy import track_parameters
    from algnet.homotopy.tracker import TrackerOptions

    from algnet.analyses.critical.posdim import residuals

    def solved(x, success):       # an endpoint called a success must solve G(.; u) = 0
        return success & (residuals(fam, x, u) <= 1e-6)

    tk = whole(track_parameters(fam, X, p0, u, TrackerOptions(max_steps=400)))
    paths = X.shape[0]
    good = solved(tk.x, tk.success)
    ok = good & ~_repeated(_img(fam, tk.x), good)
    out = [tk.x[ok]]
    todo = X[~ok]
    import zlib

    from algnet.analyses.critical.charts import _target_rescue
    from algnet.analyses.critical.rechart import rechart_rescue

    # a stalled path moves to fresh charts on the same segment (:func:`~.rechart.rechart_track`), before any other
    # route: the points of one route are a bijection (an endpoint of a detour can be another start's straight one)
    twice = 0
    if todo.shape[0]:       # its own generator (from the lost starts): the caller's draws stay as without it
        Z, todo, k = rechart_rescue(fam, todo, p0, u, np.random.default_rng(zlib.crc32(todo.tobytes())),
                                    stalls=np.real(np.asarray(tk.t))[~ok])
        paths, twice = paths + k, _keep_new(fam, out, Z)
    scale = float(np.sqrt(np.mean(np.abs(p0) ** 2))) or 1.0
    for _ in range(attempts):
        if not todo.shape[0]:
            break
        pm = p0 + scale * (rng.normal(size=p0.shape) + 1j * rng.normal(size=p0.shape))
        a = whole(track_parameters(fam, todo, p0, pm))
        b = whole(track_parameters(fam, a.x, pm, u))
        paths += 2 * todo.shape[0]
        done = np.concatenate(out)
        ok = a.success & solved(b.x, b.success)
        both = _img(fam, np.concatenate([done, b.x]))
        rep = _repeated(both, np.concatenate([np.ones(done.shape[0], bool), ok]))[done.shape[0]:]
        ok &= ~rep
        out.append(b.x[ok])
        todo = todo[~ok]
    if todo.shape[0]:
        # paths that end on a singular solution (a positive-dimensional critical set, or a multiple point):
        # stop just before the target and project onto {G(.; u) = 0}; kept when the point there is
        # critical with a singular Hessian (such endpoints are merged into components later)
        from algnet.analyses.critical.posdim import hessian_corank, project

        pd = u + 1e-6 * (p0 - u)
        a = whole(track_parameters(fam, todo, p0, pd))
        paths += todo.shape[0]
        keep = np.zeros(todo.shape[0], dtype=bool)
        # a path called singular even before pd is taken too when its projection is a zero of a loss >= 0 (the
        # fiber over a global minimum: linear 2-1-2 at the target 0, where every path ends so); not in general:
        # on linear 3-2-3 at the target I (seed 0) such endpoints put a second point with a mis-measured local
        # dimension on the rank-two projections (positive-dimensional sets (2, 1, 2) for the hand count's (2, 2))
        from algnet.analyses.critical.classify import zero_of_nonnegative_loss

        singular = np.asarray(a.status) == "singular"
        for i in np.nonzero(a.success | singular)[0]:
            z, conv = project(fam, a.x[i], u)
            if conv and hessian_corank(fam.evaluate(z[None, :], u)[1][0])[0] > 0 and (
                    a.success[i] or zero_of_nonnegative_loss(fam.loss, float(fam.loss.value(
                        fam.image(z[None, :])[0].real[None, :], u)[0]), u)):
                keep[i] = True
                a.x[i] = z
        out.append(a.x[keep])
        todo = todo[~keep]
    if todo.shape[0]:
        # the rest on another chart through each start, carried back to this slice (:func:`~.charts._target_rescue`)
        Z, todo, k = _target_rescue(fam, todo, p0, u, np.random.default_rng(zlib.crc32(todo.tobytes())))
        paths, twice = paths + k, twice + _keep_new(fam, out, Z)
    return np.concatenate(out), paths, int(todo.shape[0]) + twice


def _keep_new(fam, out, Z) -> int:
    """Append to ``out`` (a list of arrays of slice points) the points of Z whose image no point so far has; the
    number left out (an image found twice is one point kept and one lost)."""
    if not Z.shape[0]:
        return 0
    done = np.concatenate(out)
    new = ~_repeated(_img(fam, np.concatenate([done, Z])), np.ones(done.shape[0] + Z.shape[0], bool))[done.shape[0]:]
    out.append(Z[new])
    return int((~new).sum())


def _jacobian_ranks(fam, Th, rel=1e-7):
    """Numerical ranks ``(r_all, r_slice)`` of d mu (all parameters) and of d mu along the slice, at the
    parameter vectors Th (N, n), for all points at once: singular values above ``rel`` times the largest,
    and rank 0 where d mu vanishes (its largest singular value below 1e-10 (1 + |theta|)^2: the singular
    values are then rounding noise, which a relative threshold alone would call full rank; e.g.
    w (a x0 + b x1)^2 at a = b = 0). A rank below dim M is decided again in the coordinates log theta
    (:func:`_log_jacobian`, blind to how far out on a rescaling orbit the point lies; there d mu counts as
    vanishing below :data:`LOG_FLOOR` times the target's size): full where either says so. The one rank rule of
    this package (:func:`_full_rank`, :func:`~.classify.classify_points`).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2")      # theta = (a, b, c, d): the matrix (c, d)^T (a, b), rank <= 1
    >>> Th = np.array([[1, 2, 3, 4], [1, 2, 0, 0], [0, 0, 0, 0]], dtype=complex)
    >>> _jacobian_ranks(fam, Th)[0].tolist()      # dim M = 3; at (c, d) = 0 d mu has rank 2; at 0, rank 0
    [3, 2, 0]
    """
    Th = np.atleast_2d(np.asarray(Th, dtype=np.complex128))
    return ranks_and_images(fam, Th, rel)[:2]


def ranks_and_images(fam, Th, rel=1e-7, jacobians=None):
    """``(r_all, r_slice, images)``: the ranks of :func:`_jacobian_ranks` at the parameter vectors Th and the
    images T v(Th), from one run of the network's program (:mod:`.warm`). ``jacobians``: a list that receives the
    images' Jacobians along the slice (T J N, one per row: what ``fam.first_order`` gives with the images).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2")
    >>> X = np.array([[0.3, -0.2, 0.5]]) + 0j
    >>> r_all, r_slice, Y = ranks_and_images(fam, fam.theta(X))
    >>> int(r_all[0]), int(r_slice[0]), bool(np.allclose(Y, fam.image(X)))
    (3, 3, True)
    """
    V, J = fam._vj(Th)
    TJ = np.matmul(fam.T, J)
    floor = 1e-10 * (1.0 + np.max(np.abs(Th), axis=1)) ** 2
    TJN = np.matmul(TJ, fam.N)
    r_all, r_slice = _svd_rank(TJ, floor, rel), _svd_rank(TJN, floor, rel)
    if jacobians is not None:
        jacobians.append(TJN)
    # the same ranks in logarithmic coordinates (:func:`_log_jacobian`) where a rank is below dim M or the slice's
    # below d mu's: a rank is full where either rule says so. (Only there: 0.23 -> 0.48 ms for 30 points of dense
    # 2-1-1 r=3 on all rows, CPU, load 5.2, 2026-12-05)
    redo = (r_all < getattr(fam, "dimension", np.inf)) | (r_slice < r_all)
    if redo.any():
        la, ls = log_ranks(fam, TJ[redo], Th[redo], rel)
        r_all[redo] = np.maximum(r_all[redo], la)
        r_slice[redo] = np.maximum(r_slice[redo], ls)
    return r_all, r_slice, V @ fam.T.T


def _svd_rank(A, floor, rel=1e-7):
    """Per matrix of the stack A: the singular values above ``rel`` times the largest, 0 where the largest is not
    above ``floor`` (an array, one per matrix, or a number)."""
    s = np.linalg.svd(A, compute_uv=False)
    return np.where(s[:, 0] > floor, np.sum(s > rel * s[:, :1], axis=1), 0)


def log_ranks(fam, TJ, Th, rel=1e-7):
    """``(r_all, r_slice)``: the ranks of d mu (``TJ``, all parameters, at the parameter vectors ``Th``) and of d mu
    along the family's slice, decided in the coordinates log theta (:func:`_log_jacobian`; d mu counts as
    vanishing below :data:`LOG_FLOOR` times the target's size): the second rule of :func:`_jacobian_ranks`, blind
    to the layer rescaling's dynamic range, also used by :func:`~.rankdrop.full_rank` and
    :mod:`.spurious` (a rank is full where either rule says so).

    Examples
    --------
    At theta = (1, 1e8) the columns of TJ are 1e-7 and 1e-15 (mu unchanged by theta -> (t theta_1, theta_2 / t)):
    the relative threshold 1e-7 alone says rank 1; times diag |theta| they are equal, rank 2. (No slice and no
    target here: ``N`` the identity, the target's size 1.)

    >>> import numpy as np
    >>> from types import SimpleNamespace
    >>> TJ = np.array([[[1e-7, 0.0], [0.0, 1e-15]]], dtype=complex)
    >>> int(_svd_rank(TJ, 0.0)[0]), int(log_ranks(SimpleNamespace(), TJ, np.array([[1.0, 1e8]]))[0][0])
    (1, 2)
    """
    N = getattr(fam, "N", None)
    N = np.eye(TJ.shape[2], dtype=np.complex128) if N is None else N
    LJ, Q = _log_jacobian(TJ, Th, N)
    log_floor = LOG_FLOOR * _image_scale(fam)
    return _svd_rank(LJ, log_floor, rel), _svd_rank(np.matmul(LJ, Q), log_floor, rel)


#: the smallest d mu in logarithmic coordinates (relative to the target's size) at a point of full rank: below it
#: the image of the point is numerically the cone's vertex (``w ~ 1e-13`` in ``w (a x0 + b x1)^8``)
LOG_FLOOR = 1e-8


def _image_scale(fam) -> float:
    """The root mean square of the family's target (1 without one): the size of the images of its critical points."""
    u = getattr(getattr(fam, "loss", None), "u", None)
    if u is None:
        return 1.0
    s = float(np.sqrt(np.mean(np.abs(np.asarray(u)) ** 2)))
    return s if s > 0 else 1.0


def _log_jacobian(TJ, Th, N):
    """``(TJ D, Q)`` with D = diag |theta|: d mu in the coordinates log theta_j, and Q orthonormal columns spanning
    D^-1 N (the slice's directions in them), so that rank(TJ D Q) = rank(TJ N). The scalings of the network's
    layers that keep mu (theta_j -> t^(w_j) theta_j) leave TJ D unchanged, so its singular values do not depend on
    how far out on that orbit the slice met the fiber; TJ alone spans e.g. 1e7 between its columns at a
    representative of ``w (a x0 + b x1)^8`` with (a, b) ~ 7, w ~ 2e-7 (dense 2-1-1 r=8, seed 2 of 90e9934: a
    full-rank critical point called rank-deficient by the relative threshold and dropped from a complete count).

    Examples
    --------
    >>> import numpy as np
    >>> TJ = np.array([[[1e-8, 0.0], [0.0, 1.0]]], dtype=complex)     # theta = (1e8, 1): columns 1e-8 and 1
    >>> LJ, Q = _log_jacobian(TJ, np.array([[1e8, 1.0]]), np.eye(2)[:, :1] + 0j)
    >>> np.round(np.abs(LJ[0]), 12).tolist(), np.round(np.abs(Q[0]), 12).tolist()
    ([[1.0, 0.0], [0.0, 1.0]], [[1.0], [0.0]])
    """
    D = np.abs(Th)
    D = np.maximum(D, 1e-300 + 1e-30 * np.max(D, axis=1, keepdims=True))      # a zero coordinate: D stays invertible
    Q = np.linalg.qr(N[None, :, :] / D[:, :, None])[0]
    return TJ * D[:, None, :], Q


def _full_rank(fam, X, dim, rel=1e-7):
    """Masks ``(full, critical)`` of slice points, for all points at once: ``full`` where d mu (all
    parameters) has rank ``dim``; ``critical`` where d mu along the slice has the same rank as d mu, so
    that G = 0 (the gradient along the slice) gives a zero gradient of L in every direction (ranks by
    :func:`_jacobian_ranks`). A solution of G = 0 where the slice is tangent to the fiber is not
    critical; a random slice has finitely many for a generic target. The ranks of each point are remembered
    by the family (:func:`remembered_ranks`)."""
    r_all, r_slice = remembered_ranks(fam, X, rel)
    return r_all == dim, r_slice == r_all


def remembered_ranks(fam, X, rel=1e-7, images=None):
    """The ranks ``(r_all, r_slice)`` of :func:`_jacobian_ranks` at the slice points X, remembered per point by the
    family (they depend on the network and the slice only, not on the metric or the target: the structure copies
    of :func:`~.warm_views.structure_copy` share them): the small routes ask for the ranks of the same points twice
    (one point per image, then the points kept). With ``images`` (a dict), the images of the points computed here
    are stored in it by row. The family keeps the images and slice Jacobians of the rows last computed
    (``_last_first_order``: the small route's trace test starts from them, :func:`~.small.homotopy_trace_test`).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2")
    >>> X = np.array([[0.3, -0.2, 0.5]]) + 0j
    >>> [int(r[0]) for r in remembered_ranks(fam, X)], [int(r[0]) for r in _jacobian_ranks(fam, fam.theta(X))]
    ([3, 3], [3, 3])
    """
    X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
    memo = getattr(fam, "_rank_memo", None)
    if memo is None or len(memo) > 4096:
        memo = {}
        try:
            fam._rank_memo = memo
        except AttributeError:       # a view without attributes of its own: nothing remembered
            pass
    keys = [(rel, row.tobytes()) for row in X]
    todo = [i for i, k in enumerate(keys) if k not in memo]
    if todo:
        jac: list = []
        r_all, r_slice, Y = ranks_and_images(fam, fam.theta(X[todo]), rel, jac)
        last = {}
        for j, i in enumerate(todo):
            memo[keys[i]] = (int(r_all[j]), int(r_slice[j]))
            last[keys[i][1]] = (Y[j], jac[0][j])
            if images is not None:
                images[keys[i][1]] = Y[j]
        try:
            fam._last_first_order = last
        except AttributeError:
            pass
    if not keys:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    out = np.array([memo[k] for k in keys], dtype=np.int64)
    return out[:, 0], out[:, 1]


def _img(fam, X):
    """Images of slice points (finite rows only; others inf)."""
    Y = np.full((X.shape[0], fam.n_params), np.inf, dtype=np.complex128)
    fin = np.all(np.isfinite(X), axis=1)
    if fin.any():
        Y[fin] = fam.image(X[fin])
    return Y


def _repeated(X, mask, tol=1e-6):
    """Rows (among ``mask``) equal to an earlier row: two paths that ended on the same image
    (a path jumped, possibly to another point of the same fiber); the later ones are tracked again
    along another route."""
    rep = np.zeros(X.shape[0], dtype=bool)
    idx = np.nonzero(mask)[0]
    if idx.size < 2:
        return rep
    Y = X[idx]
    for start, close in _close_blocks(Y, tol):          # row i close to the earlier row j, a block of rows at a time
        for a_ in range(max(start, 1), start + close.shape[0]):
            earlier = np.nonzero(close[a_ - start, :a_] & ~rep[idx[:a_]])[0]
            if earlier.size:
                rep[idx[a_]] = True
    return rep


#: Bytes of the (rows, k, m) differences :func:`_close_blocks` forms at a time. Forming all k x k x m at once took
#: 2.1 GB of resident memory in the trace test of linear 4-2-4's generic count (k about 2,700 endpoints, m = 16,
#: complex; measured 2026-12-05, VmHWM above the warmed-up process, against the guard's estimate of 1.2 MB).
CLOSE_BLOCK_BYTES = 16 * 2**20


def _close_blocks(Y, tol):
    """``(start, close)`` for blocks of rows of ``Y`` (k x m): ``close[i - start, j]`` is True when row i is within
    the relative sup-distance ``tol`` of row j (relative to row j's size), as one k x k matrix would say it, but
    never more than :data:`CLOSE_BLOCK_BYTES` of differences at a time.

    Examples
    --------
    >>> Y = np.array([[1.0, 0.0], [1.0 + 1e-9, 0.0], [0.0, 1.0]])
    >>> [(s, c.astype(int).tolist()) for s, c in _close_blocks(Y, 1e-6)]
    [(0, [[1, 1, 0], [1, 1, 0], [0, 0, 1]])]
    """
    k, m = Y.shape[0], max(Y.shape[1], 1)
    scale = tol * (1 + np.max(np.abs(Y), axis=1))[None, :] if Y.shape[1] else np.full((1, k), tol)
    rows = max(1, int(CLOSE_BLOCK_BYTES // (Y.itemsize * k * m)))
    for start in range(0, k, rows):
        D = np.max(np.abs(Y[start:start + rows, None, :] - Y[None, :, :]), axis=2, initial=0.0)
        yield start, D <= scale


def _distinct(images, tol=1e-6):
    """Number of distinct rows up to a relative tolerance."""
    Y = images if isinstance(images, np.ndarray) else np.asarray([np.asarray(y) for y in images])
    if Y.shape[0] == 0:
        return 0
    Y = Y.reshape(Y.shape[0], -1)
    reps: list = []
    for start, close in _close_blocks(Y, tol):      # row i within tolerance of rep j
        for i in range(start, start + close.shape[0]):
            if not any(close[i - start, j] for j in reps):
                reps.append(i)
    return len(reps)
