"""Monodromy on a slice: the gradient family solved at a generic complex target (graph monodromy in the target, its
trace test, a second slice after a failed one), and the parameter homotopy from there to a target.

Used by :func:`~.solve.critical_points` (``route`` "monodromy"), the spurious search (:mod:`.spurious`), the Voronoi
targets (:mod:`.voronoi`) and the special-metric rescue (:mod:`.special`).

Examples
--------
>>> import numpy as np
>>> from algnet.analyses.critical.system import example_family
>>> res, p0, tr = solve_slice(example_family("dense 2-1-1 r=2", "generic"), np.random.default_rng(1))
>>> res.solutions.shape[0], tr.passed          # the conic's generic ED degree 3 d - 2 = 4
(4, True)
"""

from __future__ import annotations

import numpy as np

from algnet.analyses.critical.paths import _full_rank, _only_solutions, _to_target, default_options, full_trace_test, longer_paths
from algnet.analyses.critical.special import special_metric_rescue
from algnet.analyses.critical.system import gradient_family

__all__ = ["solve_slice"]

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
                tangent_restarts: bool = True, short_restarts: int = 0):
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
    ``short_restarts``: the restarts allowed (at least) while the points found have fewer distinct images than
    ``expected``, a count a theorem gives for this metric (the set is then incomplete for certain, whatever the
    trace test says): for a special metric, whose own restarts are 0 (its trace test can fail on a complete set,
    :mod:`.special`), the cheap remedy before the special-metric route solves a generic metric (linear 4-2-2-5,
    Frobenius, seed 3: 5 of Eckart-Young's 6 on the first run, then a generic-metric count of thousands of points,
    over 9 CPU minutes; one restart here found the 6th).
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
        attempt = -1
        while not res.partial:
            attempt += 1
            if not res.solutions.shape[0] or (tr is not None and tr.passed):
                break
            allowed = max(restarts, short_restarts) if _short(fam, res, expected) else restarts
            if attempt > allowed:
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
            try:
                tr, detoured = full_trace_test(fam, res.solutions, p0, w, functional, rng)
            except KeyboardInterrupt:       # Ctrl-C or a time limit: the points known stay, as a lower bound
                res = replace(res, partial=True)
                break
            extra_paths += tr.paths
            line = ("a line u0 +- v of full size (|v| = |u0|)"
                    + (f", {detoured} path(s) re-tracked through detours" if detoured else ""))
            if tr.passed or attempt == allowed:
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


def _short(fam, res, expected) -> bool:
    """Whether the points of a monodromy result have fewer distinct images than ``expected`` (None: unknown)."""
    if expected is None or not res.solutions.shape[0]:
        return False
    from algnet.analyses.critical.image_rows import _distinct

    return _distinct(fam.image(res.solutions)) < int(expected)


def _another_slice(net, L, rng, dim, fam, res, p0, tr, show_progress, expected):
    """Monodromy once more on a new random slice after a failed trace test; the run whose trace test passed (else
    the one with more points) is kept, with the paths of both. The representatives of a few critical points on
    one slice can be ill-conditioned endpoints that every route drops (conv k=2,2,2 r=2, seed 2: 391 of 404 with
    300, 1000 or 2000 steps, 12-16 endpoints called singular at the target of their segment each time). A second
    run cut short (Ctrl-C, a time limit) with fewer points leaves the first run's points, marked partial (it
    replaced them before: conv k=2,2,2 s=2,2,1 r=2, Bombieri, 64 points became 0 under a time limit)."""
    from dataclasses import replace

    fam2 = gradient_family(net, L, rng, dim)
    res2, p02, tr2 = solve_slice(fam2, rng, show_progress=show_progress, expected=expected, restarts=1)
    # an interrupted second run (Ctrl-C, a time limit) is kept only when it found more: what the first found stays
    if (not res2.partial and tr2 is not None and tr2.passed) or res2.solutions.shape[0] > res.solutions.shape[0]:
        fam2.trace_line = (getattr(fam2, "trace_line", None) or "no trace test") + \
            " (a second random slice: the first one's trace test failed)"
        return fam2, replace(res2, paths=res2.paths + res.paths), p02, tr2
    return fam, replace(res, paths=res.paths + res2.paths, partial=res.partial or res2.partial), p0, tr


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
