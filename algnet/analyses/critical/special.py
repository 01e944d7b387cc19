"""Non-generic metrics and targets: the trace test where it is valid, then a parameter homotopy in the metric;
a second slice for points lost on the way to a real target (:func:`to_real_target`).

For a special metric Q (the Frobenius or the Bombieri-Weyl metric on a Segre or Veronese variety) the
critical points of the distance to u can escape to infinity at finitely many complex targets on the trace
test's line u0 + s v: their trace has poles there and the test fails although every point was found
(Veronese v3(P1) with the Bombieri-Weyl metric: 3 points, ``trace test NOT passed``, before this module).
The test is valid for a generic metric Q_g (the ED correspondence is then proper over the targets,
Draisma-Horobet-Ottaviani-Sturmfels-Thomas 2016, Sec. 4), so:

1. monodromy and the trace test at (Q_g, u0) on the same slice (:func:`~.solve.solve_slice`);
2. a parameter homotopy in the metric, (Q_g, u0) -> (Q_m, u0) -> (Q, u0) with Q_m a random complex
   symmetric matrix (the gamma trick: the path avoids the discriminant, a proper complex subvariety, with
   probability one). By the coefficient-parameter theorem (Morgan-Sommese 1989; Sommese-Wampler 2005,
   Thm. 7.1.1) every isolated non-singular solution at (Q, u0) ends one of these paths;
3. a path that does not end is *at infinity* when its image diverges as t -> 1
   (:func:`~.charts.at_infinity`); otherwise it is tracked again on another random slice through its start
   (:func:`~.charts.other_chart`: the image path does not depend on the chart; a slice representative can run
   into the slice's rank-drop locus while its image stays finite), and only a path that fails there too is a
   failed path (the count is then a lower bound).

Examples
--------
>>> from algnet.analyses.critical.system import gradient_family
>>> from algnet.analyses.critical.loss import network_and_loss
>>> net, L, rng = network_and_loss("dense 2-1-1 r=3", "bombieri", seed=0)
>>> fam = gradient_family(net, L, rng, 2)
>>> res, p0, tr = special_metric_solve(fam, rng)
>>> res.solutions.shape[0] >= 3, tr.passed, res.path_failures.get("at infinity (special metric)", 0) > 0
(True, True, True)
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from algnet.homotopy.tracker import whole

__all__ = ["special_metric_solve", "special_metric_rescue", "to_real_target", "INFINITY", "RESCUE_CPU_SECONDS"]

#: the ``path_failures`` key of the paths classified as at infinity (not failures: see the module doc)
INFINITY = "at infinity (special metric)"


def _metric_paths(MG, fam, X, Qg, Q, p0, rng):
    """``(finite endpoints, paths at infinity, failed paths)`` of the points X at (Qg, p0) tracked to (Q, p0)
    through a random complex metric (module doc, step 2); a path that fails is tracked again on another chart
    (:func:`~.charts.other_chart`); two paths ending on one image count as failed."""
    from algnet.analyses.critical.charts import _carried_back, at_infinity, other_chart
    from algnet.analyses.critical.paths import _distinct
    from algnet.analyses.critical.posdim import residuals
    from algnet.homotopy.monodromy import track_parameters

    m = Qg.shape[0]
    B = rng.normal(size=(m, m)) + 1j * rng.normal(size=(m, m))
    Qm = Qg + (B + B.T) * (np.abs(Qg).max() / np.sqrt(8 * m))
    P0, Pm, P1 = (MG.parameters(A, p0) for A in (Qg, Qm, Q))
    a = whole(track_parameters(MG, X, P0, Pm))
    b = whole(track_parameters(MG, a.x, Pm, P1))
    ok = (np.asarray(a.status) == "success") & (np.asarray(b.status) == "success") \
        & (residuals(fam, b.x, p0) <= 1e-6)
    ok &= np.abs(b.x).max(axis=1) < 1e6 * (1 + np.abs(X).max())
    inf = failed = 0
    moved = []
    for i in np.nonzero(~ok)[0]:
        if a.status[i] == "success" and at_infinity(MG, fam, a.x[i], Pm, P1):
            inf += 1
            continue
        kind, y = other_chart(fam, MG.fam, X[i], (P0, Pm, P1), p0, rng)
        inf += kind == "infinity"
        failed += kind == "failed"
        if kind == "finite":
            moved.append(y)
    Xs = b.x[ok]
    if moved:
        Xs, lost = _carried_back(fam, Xs, moved, rng)
        failed += lost
    failed += Xs.shape[0] - _distinct(fam.image(Xs)) if Xs.shape[0] else 0
    return Xs, inf, failed


def _best_of_metrics(MG, fam, X, Qg, Q, p0, rng):
    """``(finite endpoints, at infinity, failed)`` of :func:`_metric_paths`, again through another random metric
    while some paths fail (up to three runs; the one with the fewest failures), and the paths tracked."""
    best, runs = None, 0
    for runs in range(1, 4):
        got = _metric_paths(MG, fam, X, Qg, Q, p0, rng)
        if best is None or got[2] < best[2]:
            best = got
        if not best[2]:
            break
    return best, 2 * runs * X.shape[0]


def _over_targets(MG, fam, X, Qg, Q, p0, rng, targets: int = 4):
    """``(best of :func:`_best_of_metrics`, its start points, its target, paths)``: when some paths went to
    infinity, the metric homotopy again at other generic targets p1 = c Q^(-1/2) (z + i z') (z, z' standard
    Gaussian, c matching the size of p0; the generic metric's points X moved there first by a parameter homotopy
    in the target, a target used only when every path ends on a distinct image), until the largest number of
    distinct finite endpoints is found at two of them (at most ``targets``); the target with the most is kept.

    Why: a random complex target can lie near the special metric's ED discriminant. Bombieri-Weyl, binary nonic
    (dense 2-1-1-1 r=3, ed_degree seed 2): one of the 9 eigenvectors l of the target
    p0 is nearly isotropic (l = (1, 0.07 + 0.91i), l . l = 0.21), so its critical image u(l) l^9 / (l . l)^9 has
    norm 9e10 against |p0| = 6e3; its metric path grows like the 16 paths to infinity up to t = 1 - 1e-8 (image
    1e8-1e9) and the tracker stops before it: 8 finite + 17 "at infinity". The number of isolated regular
    solutions at any target is at most the generic one and equal to it at a generic target (Sommese-Wampler 2005,
    Thm. 7.1.1), so the largest count is the best lower bound. How often (numpy, eigenvectors of 2,000-3,000
    random binary nonics): an image above 1e6 |target| for 23% of targets with i.i.d. complex Gaussian
    coefficients, 5% for Q^(-1/2)-scaled ones (the Bombieri-Weyl metric's own Gaussian); hence those. Cost: about
    5-10% more CPU on the nonic's ed_degree (and seed 2 complete: 9 points instead of 8).
    """
    from algnet.analyses.critical.paths import _distinct
    from algnet.homotopy.monodromy import track_parameters

    best, k = _best_of_metrics(MG, fam, X, Qg, Q, p0, rng)
    if not best[1]:
        return best, X, p0, k

    def found(got):
        return _distinct(fam.image(got[0])) if got[0].shape[0] else 0

    out, top, seen = (best, X, p0), found(best), []
    ev, V = np.linalg.eigh(0.5 * (Q + Q.T))
    W = (V / np.sqrt(np.maximum(np.abs(ev), 1e-12 * np.abs(ev).max()))) @ V.T      # Q^(-1/2)
    size = float(np.sqrt(np.mean(np.abs(p0) ** 2))) or 1.0
    want = _distinct(fam.image(X))
    for _ in range(targets):
        z = W @ (rng.normal(size=p0.shape) + 1j * rng.normal(size=p0.shape))
        p1 = z * (size / (float(np.sqrt(np.mean(np.abs(z) ** 2))) or 1.0))
        t = whole(track_parameters(MG, X, MG.parameters(Qg, p0), MG.parameters(Qg, p1)))
        k += X.shape[0]
        if not np.all(np.asarray(t.status) == "success") or _distinct(fam.image(t.x)) < want:
            continue
        got, k1 = _best_of_metrics(MG, fam, t.x, Qg, Q, p1, rng)
        k += k1
        n = found(got)
        seen.append(n)
        if n > top:
            out, top = (got, t.x, p1), n
        if seen.count(top) >= 2:
            break
    return (*out, k)


def special_metric_solve(fam, rng, show_progress: bool = False, expected=None, own=None):
    """``(MonodromyResult, p0, trace)`` of the slice family ``fam`` (a special metric) at a generic complex target
    p0, by the route of the module doc; the trace test returned is the generic metric's, marked not passed when a
    path neither ended nor went to infinity. Sets ``fam.completeness_note``. When the generic metric's trace test
    fails too, its run solves another system (another metric, another p0): ``own`` (the caller's run on ``fam``,
    its trace test not passed) is returned then if given, else that generic run.

    Examples
    --------
    The Bombieri-Weyl ED degree of binary quadrics, the symmetric 2 x 2 matrices of rank one (DHOST 2016, Cor.
    8.7: d = 2); the generic metric has 3d - 2 = 4:

    >>> from algnet.analyses.critical.system import gradient_family
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("dense 2-1-1 r=2", "bombieri", seed=1)
    >>> fam = gradient_family(net, L, rng, 2)
    >>> res, p0, tr = special_metric_solve(fam, rng)
    >>> from algnet.analyses.critical.paths import _full_rank
    >>> int(_full_rank(fam, res.solutions, 2)[1].sum()), tr.passed
    (2, True)
    """
    from algnet.analyses.critical.loss import Loss
    from algnet.analyses.critical.solve import solve_slice
    from algnet.analyses.critical.warm import MetricGradient
    from algnet.analyses.critical.warm_views import structure_copy

    L = fam.loss
    m = L.m
    A = rng.normal(size=(m, m))
    Qg = A @ A.T / m + np.eye(m) / 2
    famg = structure_copy(fam, Loss("generic", L.Z, L.T, Qg, L.u, L.coordinates))
    res, p0, tr = solve_slice(famg, rng, show_progress=show_progress)
    if res.partial or tr is None or not tr.passed or not res.solutions.shape[0]:
        fam.completeness_note = ("trace test NOT passed on the generic metric (the special metric's count is "
                                 "computed from it)")
        return (res, p0, tr) if own is None else own
    MG = MetricGradient(famg)
    X = res.solutions
    p00 = p0
    (Xs, inf, failed), X, p0, k = _over_targets(MG, fam, X, Qg, np.asarray(L.Q, dtype=float), p0, rng)
    failures = dict(res.path_failures)
    if inf:
        failures[INFINITY] = inf
    if failed:
        failures["failed (special metric)"] = failed
        tr = replace(tr, passed=False)
    fam.completeness_note = (
        f"trace test {'passed' if tr.passed else 'NOT passed'} for a generic metric ({X.shape[0]} points, on "
        f"{getattr(famg, 'trace_line', None) or 'its line'}), then a parameter homotopy in the metric to this one "
        f"through a random complex metric (Sommese-Wampler 2005, Thm. 7.1.1): {Xs.shape[0]} finite endpoints, "
        f"{inf} path(s) to infinity, {failed} failed (or on a repeated image)")
    fam.trace_line = getattr(famg, "trace_line", None)
    if p0 is not p00:
        fam.completeness_note += ("; counted at another generic target (more finite endpoints than at the first, which "
                                  "lies near this metric's ED discriminant), reached by a parameter homotopy in the "
                                  "target on the generic metric, every path ending on a distinct image")
    out = replace(res, solutions=Xs, keys=fam.image(Xs) if Xs.shape[0] else res.keys[:0], parameters=p0,
                  paths=res.paths + int(k), path_failures=failures, trace=tr)
    return out, p0, tr


#: CPU seconds the special-metric route may take (its generic metric's count): above the generic count's estimated
#: cost it is not started, and a run is stopped at this cap (the caller's run is kept, marked: its trace test
#: failed). linear 4-2-2-5 Frobenius, seed 3: over 9 CPU minutes on a generic count of thousands.
RESCUE_CPU_SECONDS = 60.0

#: the cap of a run whose cost the estimate knows (not a lower bound): this many times that estimate, at least
#: :data:`RESCUE_CPU_SECONDS`
RESCUE_ESTIMATE_FACTOR = 4.0


def _generic_estimate(net):
    """``(points, lower bound?, estimated CPU seconds)`` of a count on a generic metric (the special-metric route's
    cost), from :func:`~.estimate.critical_estimate`; None when it gives none."""
    from algnet.analyses.critical.estimate import critical_estimate
    from algnet.errors import AlgnetError

    try:
        est = critical_estimate(net, "generic", classify=False)
    except AlgnetError:
        return None
    return int(est.points), bool(est.lower_bound), float(est.cpu_seconds)


def _rescue_cap(est) -> float:
    """The CPU cap of the special-metric route given the generic count's estimate (module constants)."""
    if est is None or est[1]:
        return RESCUE_CPU_SECONDS
    return max(RESCUE_CPU_SECONDS, RESCUE_ESTIMATE_FACTOR * est[2])


def _not_rescued(fam, est, cap: float, why: str) -> None:
    """Sets ``fam.completeness_note``: the special-metric route not run or stopped (``why``), with its estimate."""
    what = ("no estimate of its cost" if est is None else
            f"estimated {'at least ' if est[1] else ''}{est[0]} point(s), {est[2]:.1f} CPU s by the cost model"
            f"{' (a lower bound)' if est[1] else ''}")
    fam.completeness_note = (
        f"trace test NOT passed (a special metric: its line can meet targets where points go to infinity), and the "
        f"special-metric route -- a count on a generic metric ({what}) -- {why} (cap {cap:.0f} CPU s, "
        f"special.RESCUE_CPU_SECONDS): the counts are lower bounds. Cheaper: another seed (a new slice and "
        f"target), or method='total degree' / 'multihomogeneous' where their paths are few")


def special_metric_rescue(fam, rng, res, p0, tr, options=None, show_progress: bool = False):
    """``(res, p0, tr)`` of a monodromy run on ``fam``, or, when its trace test failed under a non-generic metric
    (any loss kind but "generic") without Ctrl-C or user ``options``, those of :func:`special_metric_solve`
    (or the run given, still not passed, when the generic metric's trace test fails as well: the generic run's
    points solve another system).

    Bounded: the generic metric's count is estimated first (:func:`~.estimate.critical_estimate`); when the
    estimate is above the cap (:data:`RESCUE_CPU_SECONDS`, or :data:`RESCUE_ESTIMATE_FACTOR` times an estimate
    that is not a lower bound) the route is not started, else it runs under that CPU cap
    (:class:`~algnet.time_caps.time_cap`); not started or stopped, the run given is returned (its trace test not
    passed: the count is marked as a lower bound) and ``fam.completeness_note`` says why, with the estimate and a
    cheaper route.

    Examples
    --------
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2", "generic")
    >>> special_metric_rescue(fam, None, "res", "p0", None) == ("res", "p0", None)      # nothing to rescue
    True
    """
    from algnet.time_caps import time_cap

    if (options is not None or tr is None or tr.passed or getattr(res, "partial", False)
            or fam.loss.kind == "generic"):
        return res, p0, tr
    own = (res, p0, tr)
    est = _generic_estimate(fam.net)
    cap = _rescue_cap(est)
    if est is not None and est[2] > cap:
        _not_rescued(fam, est, cap, "was not started: its estimate is above the cap")
        return own
    with time_cap(cap, cpu=True) as capped:
        try:
            out = special_metric_solve(fam, rng, show_progress, own=own)
        except KeyboardInterrupt:
            if not capped.expired:
                raise
            out = None
    if capped.expired:
        _not_rescued(fam, est, cap, "was stopped at the cap")
        return own
    return out


def to_real_target(net, L, rng, dim, fam, X0, p0, slices: int = 2):
    """``(family, endpoints at L.u, paths, lost)``: the critical points X0 of ``fam`` at the generic complex target
    p0 tracked to the (real) target (:func:`~.paths._to_target`); while some are lost, once more (up to ``slices``
    times) from another random slice solved afresh (monodromy, trace test, :func:`special_metric_rescue`), kept when
    it loses fewer.

    Why: on linear 3-2-2-3 with the Frobenius loss and a Gaussian real target (seeds 0 and 1) the
    straight segment from p0 to u passed, near its end (t ~ 0.998), a point where the slice is nearly tangent to
    the fiber (slice Hessian condition 3e10 against 1e3-5e3 at p0 and 5e4 at the endpoint, which is a regular
    critical point): 1 of 3 pure points was lost after three random complex detours on 2 seeds of 6; another
    slice moves that tangency away from the paths. (The stall's cause there: the slice representative runs out
    along the fiber as the critical image shrinks from p0's size to u's; such a path moves to fresh charts
    through rebalanced points first, :mod:`.rechart`, and the second slice is rarely needed.)

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.solve import solve_slice
    >>> from algnet.analyses.critical.system import gradient_family
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[3.0, 0.0, 0.0, 1.0])
    >>> fam = gradient_family(net, L, rng, 3)
    >>> res, p0, tr = solve_slice(fam, rng)
    >>> fam2, X, paths, lost = to_real_target(net, L, rng, 3, fam, res.solutions, p0)
    >>> X.shape[0], lost            # Eckart-Young: the truncations 3 e1 e1^T and e2 e2^T
    (2, 0)
    """
    from algnet.analyses.critical.paths import _distinct, _full_rank, _to_target
    from algnet.analyses.critical.solve import solve_slice
    from algnet.analyses.critical.system import gradient_family

    X, paths, lost = _to_target(fam, X0, p0, L.u, rng)
    want = _distinct(fam.image(X0)) if lost else 0
    for _ in range(slices):
        if not lost:
            break
        fam2 = gradient_family(net, L, rng, dim)
        res, p02, tr = special_metric_rescue(fam2, rng, *solve_slice(fam2, rng))
        paths += res.paths
        Y0 = res.solutions
        if res.partial or tr is None or not tr.passed or not Y0.shape[0]:
            continue
        Y0 = Y0[_full_rank(fam2, Y0, dim)[1]]
        if _distinct(fam2.image(Y0)) < want:
            continue
        Y, k, lost2 = _to_target(fam2, Y0, p02, L.u, rng)
        paths += k
        if lost2 < lost:
            fam, X, lost = fam2, Y, lost2
    return fam, X, paths, lost
