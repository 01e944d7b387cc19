"""Paths of the critical-point solver: the monodromy's step caps, the residual check of kept points, and tracking to
the target (with re-charting and rescues). The full-size trace test (:mod:`.full_trace`), the batched rank test
(:mod:`.slice_ranks`) and the image bookkeeping (:mod:`.image_rows`) are their own modules, re-exported here.

Examples
--------
>>> fam, X, p0 = example_points("linear 2-1-2", "generic", at_target=False)  # generic ED degree of 2x2 rank <= 1: 6
>>> _distinct(fam.image(X)), _distinct(fam.image(X[[0, 0, 1]]))
(6, 2)
"""

from __future__ import annotations

import numpy as np
from algnet.homotopy.tracker import whole

from algnet.analyses.critical.examples import example_points  # noqa: F401  (imported from here by other modules)
# re-exported: spurious, voronoi, warm and the tests import them from here
from algnet.analyses.critical.full_trace import (affine_residual, full_trace_test, image_trace_slope,  # noqa: F401
                                                 tangent, trace_slope)
from algnet.analyses.critical.image_rows import (CLOSE_BLOCK_BYTES, _close_blocks, _distinct,  # noqa: F401
                                                 _img, _repeated)
from algnet.analyses.critical.slice_ranks import (LOG_FLOOR, _full_rank, _image_scale,  # noqa: F401
                                                  _jacobian_ranks, _log_jacobian, _svd_rank, log_ranks,
                                                  ranks_and_images, remembered_ranks)

__all__ = ["full_trace_test", "trace_slope", "tangent", "affine_residual", "example_points", "default_options",
           "longer_paths", "LONG_PATHS", "in_chunks", "distinct_in_chunks"]


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


def in_chunks(fn, X, rows: int = 128, tries: int = 4):
    """``fn`` on the rows of ``X`` (an array, or a tuple of arrays per row), a chunk of ``rows`` at a time, the
    results joined; a chunk that an interrupt cut short is computed again, up to ``tries`` times (then the
    interrupt is raised). The bookkeeping of a run that a time limit stopped: the limit interrupts again every
    few seconds (:data:`~.guarded_run.REPEAT`), and on thousands of points the whole evaluation at once never
    ended (layers Linear(2,2,bias=True), Power(2), Linear(2,2), Power(3), Linear(2,1): 5219 points found, 0
    reported); a chunk takes far less than that period.

    Examples
    --------
    >>> import numpy as np
    >>> in_chunks(lambda Y: Y.sum(axis=1), np.arange(12.0).reshape(6, 2), rows=4).tolist()
    [1.0, 5.0, 9.0, 13.0, 17.0, 21.0]
    >>> full, crit = in_chunks(lambda Y: (Y[:, 0] > 2, Y[:, 1] > 2), np.arange(6.0).reshape(3, 2), rows=2)
    >>> full.tolist(), crit.tolist()
    ([False, False, True], [False, True, True])
    """
    out = []
    for a in range(0, X.shape[0], rows):
        for k in range(tries):
            try:
                out.append(fn(X[a:a + rows]))
                break
            except KeyboardInterrupt:
                if k == tries - 1:
                    raise
    if out and isinstance(out[0], tuple):
        return tuple(np.concatenate(parts) for parts in zip(*out))
    return np.concatenate(out) if out else fn(X)


def distinct_in_chunks(Y, tol: float = 1e-6, rows: int = 64, tries: int = 4) -> int:
    """The number of distinct rows of ``Y`` up to the relative tolerance of :func:`_distinct` (row i repeats
    representative j when max |Y_i - Y_j| <= tol (1 + max |Y_j|)), the representatives taken greedily in order as
    there, computed ``rows`` rows at a time, each chunk again after an interrupt (:func:`in_chunks`): the count of a
    run a time limit stopped (thousands of points; :func:`_distinct`'s single pass took 4.6 CPU s on 5219).

    Examples
    --------
    >>> import numpy as np
    >>> Y = np.array([[1.0, 0.0], [1.0 + 1e-9, 0.0], [0.0, 1.0], [2.0, 2.0], [0.0, 1.0]])
    >>> distinct_in_chunks(Y, rows=2), _distinct(Y)
    (3, 3)
    """
    Y = np.asarray(Y).reshape(len(Y), -1)
    reps = np.zeros((0, Y.shape[1]), dtype=Y.dtype)
    scale = np.zeros(0)
    for a in range(0, Y.shape[0], rows):
        for k in range(tries):
            try:
                B = Y[a:a + rows]
                old = (np.max(np.abs(B[:, None, :] - reps[None, :, :]), axis=2, initial=0.0) <= scale[None, :]).any(
                    axis=1) if reps.shape[0] else np.zeros(B.shape[0], dtype=bool)
                new = []
                for i in np.nonzero(~old)[0]:
                    y = B[i]
                    if not any(np.max(np.abs(y - B[j])) <= tol * (1 + np.max(np.abs(B[j]))) for j in new):
                        new.append(int(i))
                break
            except KeyboardInterrupt:
                if k == tries - 1:
                    raise
        if new:
            reps = np.vstack([reps, B[new]])
            scale = np.concatenate([scale, tol * (1 + np.max(np.abs(B[new]), axis=1))])
    return int(reps.shape[0])


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
    # a run cut short (Ctrl-C, a time limit) is checked in chunks: the limit interrupts again every few seconds
    good = (in_chunks(lambda Y: residuals(fam, Y, p0), X) if res.partial else residuals(fam, X, p0)) <= tol
    cut = False
    try:
        for i in np.nonzero(~good)[0]:
            z, conv = project(fam, X[i], p0)
            if (conv and np.all(np.isfinite(z)) and residuals(fam, z[None, :], p0)[0] <= tol
                    and _full_rank(fam, z[None, :], fam.dimension)[0][0]):
                Y = _img(fam, X[good])
                y = _img(fam, z[None, :])[0]
                if not np.any(np.max(np.abs(Y - y), axis=1) <= 1e-6 * (1 + np.max(np.abs(y)))):
                    X[i], good[i] = z, True         # a new solution (no other kept point has its image)
    except KeyboardInterrupt:
        # Ctrl-C or a time limit while refining: the points that passed the residual check stay, as a lower bound
        # (the interrupt dropped every point found before: layers Linear(2,2,bias=True), Power(2), Linear(2,2),
        # Power(3), Linear(2,1) ended "0 critical points" after 20497 paths)
        cut = True
    dropped = int((~good).sum())
    if cut:
        res = replace(res, partial=True)
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
    back to this slice (both on their own generator): on dense 3-1-1-1 r=2, generic loss, seeds 0-7, the rescue
    found every point handed to it and no classification stayed partial, at a CPU cost of about -10% to +30% of
    the whole classification (a witness set for the carrying back: ~0.5 s)."""
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
        from algnet.analyses.critical.posdim import hessian_corank, hessian_floor, project

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
            H = fam.evaluate(z[None, :], u)[1][0]
            if conv and hessian_corank(H, floor=hessian_floor(fam, z, u))[0] > 0 and (
                    a.success[i] or zero_of_nonnegative_loss(fam.loss, complex(fam.loss.value(
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
