"""Voronoi cells of points of a neuromanifold, and where the nearest point of M lands.

The Voronoi cell of a point x of the real neuromanifold M is the set of
targets u whose nearest point of M is x. Near x it is x + the polar of the
tangent cone of M at x (first-order condition): at a smooth point the normal
space (dimension = codim M); at a crossing of smooth branches the
intersection of their normal spaces (often just x); at a cusp or a boundary
point of the semialgebraic set M it can be full-dimensional, so x is the
nearest point for a set of targets of positive measure (implicit bias of
training towards x).

**Nearest point** (:mod:`~algnet.analyses.critical.nearest`). M is the real
neuromanifold mu(R^n), a semialgebraic set: in general smaller than the real
points of its Zariski closure (the quadrant map (a, b) -> (a^2, b^2) reaches
the closed quadrant only). When the distance from a real target u to M
attains its minimum, it does so at mu(theta*) for a real critical point
theta* of L = |mu - u|^2 of least loss, and that is the nearest point: the
candidates are the critical points of the distance on the smooth part of M
(monodromy, once, at a complex target, then one parameter homotopy per
target), on every subnetwork stratum (the same on the stratum's
parametrization), the critical points of L where d mu drops rank (total-degree
homotopies at a complex target until one adds no point, the count checked at a
second one, :mod:`~.rankdrop`; their images are boundary or singular points of M, label ``"boundary (rank drop)"``), and
mu(0) (label ``"origin"``). Candidates that real weights do not reach are
excluded (a real critical point of the distance on the Zariski closure with
only non-real preimages is not a point of M). A target for which any path
fails is dropped and counted (a lost critical point could be the nearest).
When M is not closed the minimum need not be attained (the infimum is then
approached only as the weights run off to infinity): the least candidate is
then no local minimum of L over real weights (at a minimizer every real
preimage is one), and such a target is counted apart, "no nearest point"
(the image of (s, t) -> (s^2, s t) is {x > 0} and the origin: half of the
Gaussian targets have none). The test is local: a candidate that is a local
minimum while a lower infimum is approached elsewhere is not detected.

**Cell dimension at x = mu(theta)** (:mod:`~.voronoi_cell`). (1) Monte Carlo: targets x + eps v with
v uniform on the sphere; if the nearest point is x for some of them the
cell is full-dimensional (the hit fraction is reported). (2) Otherwise the
cell lies in the orthogonal complement of the sum of the tangent spaces of
the branches of M through x (the fiber points of x: the critical points of
the distance to u = x at distance 0 with a full-rank Jacobian): its dimension
is the codimension of that sum. (3) With no such branch (a singular or
boundary point): at the vertex of a cone M the cell is the polar cone of M,
elsewhere it lies in the polar of the tangent cone; the dimension of the
polar cone of sampled directions bounds the cell from above, targets in that
cone that land on x bound it from below (the cell is convex); a point whose
bounds do not meet is refused (NotApplicableError), never answered None.

Examples
--------
>>> r = voronoi("linear 2-1-2", samples=20, seed=0)
>>> r.samples, sorted(r.probabilities)[:1]
(20, ['smooth (top stratum)'])
"""

from __future__ import annotations

import secrets
import time

import numpy as np

from algnet.analyses.critical.estimate import guarded
from algnet.analyses.critical.loss import make_loss
from algnet.analyses.critical.nearest import BOUNDARY, TOP, UNATTAINED, NearestPointSolver
from algnet.analyses.critical.voronoi_result import VoronoiResult
from algnet.analyses.critical.voronoi_cell import cell_dimension, span_note
from algnet.errors import ParameterError

__all__ = ["voronoi", "NearestPointSolver", "wilson_interval", "TOP", "BOUNDARY"]


def _boundary_plan(net, loss, force, time_limit, strata: bool = True, samples: int = 0):
    """The boundary search's estimate (:mod:`~.boundary_estimate`) with the worst case of its re-solves at the
    ``samples`` targets, refused (TooLargeError) when those CPU seconds exceed ``time_limit`` (or the default
    budget) unless ``force``; None for a network it cannot read."""
    from algnet.analyses.critical.boundary_estimate import boundary_search_estimate
    from algnet.guards import DEFAULT_BUDGET
    from algnet.errors import AlgnetError, TooLargeError

    if not getattr(net, "polynomial", True):
        return None
    try:
        plan = boundary_search_estimate(net, loss, strata, samples)
    except (AlgnetError, ValueError, TypeError):
        return None
    budget = DEFAULT_BUDGET if time_limit is None else float(time_limit)
    if plan.worst_cpu_seconds > budget and not force:
        raise TooLargeError(f"{net.spec}: Voronoi sampling: the boundary search alone: {plan.note}, about "
                            f"{plan.worst_cpu_seconds:.0f} CPU s at worst (limit {budget:.0f} s)",
                            paths=plan.paths + plan.resolve_paths,
                            hint="fewer samples, force=True, a larger time_limit=, or a smaller network")
    return plan


#: Targets solved together at most (the paths of a batch are tracked as one array), and the wall seconds of a batch
#: below which the next one doubles: a Ctrl-C or a time limit loses the batch under way only, and the first batch
#: is one target (on linear 3-2-3, targets whose paths need rescue took minutes each: a batch of 16 was lost whole).
BATCH, FAST = 16, 5.0


def _batches(targets):
    """The rows of ``targets`` in batches of 1, 2, 4, ... up to :data:`BATCH`, a batch doubling only when the one
    before took less than :data:`FAST` wall seconds (measured from the generator's own resumption).

    Examples
    --------
    >>> [b.shape[0] for b in _batches(np.zeros((40, 2)))]
    [1, 2, 4, 8, 16, 9]
    """
    start, k = 0, 1
    while start < targets.shape[0]:
        t0 = time.perf_counter()
        yield targets[start:start + k]
        start += k
        k = min(BATCH, 2 * k) if time.perf_counter() - t0 < FAST else k


def wilson_interval(k: int, n: int, z: float = 1.96):
    """95% Wilson score interval for a binomial proportion k / n.

    Examples
    --------
    >>> [round(float(v), 3) for v in wilson_interval(0, 100)]
    [0.0, 0.037]
    """
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (max(0.0, mid - half), min(1.0, mid + half))


@guarded("Voronoi sampling")
def voronoi(net, point=None, stratum=None, samples: int = 100, seed=None, loss="frobenius", target_scale=1.0,
            probes: int = 40, strata: bool = True, show_progress: bool = False, force: bool = False,
            time_limit: float | None = None) -> VoronoiResult:
    """Voronoi cell dimension of a point of M, and where the nearest point of M to a random target lies.

    Parameters
    ----------
    net : Network or str
    point : array, optional
        Parameters theta (real, flat); the cell of mu(theta) is measured.
    stratum : str, optional
        Name of a subnetwork stratum: the cell of a random real point of it is measured.
    samples : int
        Random targets u ~ N(0, target_scale^2 I) in function-space coordinates.
    seed : int, optional
    loss : {"frobenius", "generic"} or array Q
        The metric of "nearest" (default: Euclidean in the coefficients).
    target_scale : float
    probes : int
        Targets near the point for the full-dimensionality test.
    strata : bool
        Include the subnetwork strata among the candidate nearest points.
    show_progress : bool
    force, time_limit
        As for :func:`~.solve.critical_points`: the size estimate (:mod:`~algnet.analyses.critical.estimate`; one
        parameter homotopy of every critical point per target) refuses above the memory or the time limit unless
        ``force``; the run is
        interrupted at ``time_limit`` (the targets done, partial).

    Returns
    -------
    VoronoiResult
        ``probabilities`` and 95% Wilson ``intervals`` per stratum label
        (``"smooth (top stratum)"``, a stratum name, ``"boundary (rank drop)"``
        or ``"origin"``),
        over the targets with a nearest point (``probabilities_over`` says so in words),
        ``dropped`` targets; Ctrl-C returns the targets done, ``partial`` (so does a solver whose trace test
        or boundary search did not complete: ``partial_reason`` says which). A target whose distance to M has no
        minimum (M not closed there: the least candidate is no local minimum of the loss over real weights) has no
        nearest point: it is counted in ``no_nearest_point`` (and, as one of the ``dropped``, in ``dropped_reasons``:
        ``"no nearest point: ..."``), left out of the probabilities (an answer, not a gap: the result is not
        partial for it);
        ``no_nearest_point_interval`` is the 95% Wilson interval of the share of such targets among those decided.

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> cusp = parametrization(["t^2", "t^3"])
    >>> voronoi(cusp, point=[0], samples=0, seed=1).point_dimension     # the cusp: a 2-dimensional cell
    2
    """
    from algnet.analyses.network_input import as_network

    t0 = time.perf_counter()
    net = as_network(net)
    import numbers

    if isinstance(samples, bool) or not isinstance(samples, numbers.Integral) or samples < 0:
        raise ParameterError(f"samples={samples!r} must be a whole number >= 0 (0: the cell's dimension only)",
                             hint="--samples N")
    if isinstance(probes, bool) or not isinstance(probes, numbers.Integral) or probes < 1:
        raise ParameterError(f"probes={probes!r} must be a whole number >= 1 (targets near the point that test "
                             "whether its cell is full-dimensional)", hint="probes=40 (the default)")
    try:
        scale_ok = not isinstance(target_scale, bool) and np.isfinite(float(target_scale)) and float(target_scale) > 0
    except (TypeError, ValueError):
        scale_ok = False
    if not scale_ok:
        raise ParameterError(f"target_scale={target_scale!r} must be a finite number > 0 (the targets are "
                             "N(0, target_scale^2 I))", hint="target_scale=1.0 (the default)")
    target_scale = float(target_scale)
    seed = secrets.randbits(31) if seed is None else int(seed)
    rng = np.random.default_rng(seed)
    L = make_loss(net, loss, None, rng)
    pdim = note = None
    if stratum is not None and point is not None:     # the stratum's random point replaced the point given
        raise ParameterError("a point and a stratum were both given: each names the point whose cell is measured",
                             hint="point=[...] for a given point, stratum=NAME for a random point of a stratum")
    if stratum is not None:
        from algnet.analyses.critical.spurious import _candidate_strata

        found = dict(_candidate_strata(net))
        if stratum not in found:
            raise ParameterError(f"{net.spec}: no stratum named {stratum!r}",
                                 hint="known: " + "; ".join(sorted(found)) if found else
                                 "this network has no subnetwork stratum to sample (algnet singular SPEC lists its "
                                 "strata); measure a point with point=...")
        S = found[stratum]
        point = np.asarray(S.embed(rng.normal(size=S.n_params)), dtype=float)
    if point is not None:
        point = np.asarray(point, dtype=float).reshape(-1)
        if point.shape != (net.n_params,):
            raise ParameterError(f"point must have {net.n_params} parameters", hint="order: net.param_names()")
        if not np.all(np.isfinite(point)):
            raise ParameterError(f"point {point.tolist()} has a coordinate that is not a finite real number",
                                 hint="finite real parameters theta, e.g. point=[1, 0.5, -2, 1]")
    plan = _boundary_plan(net, loss, force, time_limit, strata, samples)
    solver = NearestPointSolver(net, L, rng, strata=strata, show_progress=show_progress)
    from algnet.guards import sigint_count

    ctrl_c = sigint_count()
    partial = False
    if point is not None:
        try:
            pdim, note, _ = cell_dimension(solver, point, rng, probes, 1e-3)
            if pdim is not None:          # M inside a proper linear subspace: the cell's dimension in it too
                span = span_note(solver, np.random.default_rng(seed + 1), pdim)
                note = f"{note}; {span}" if span else note
            if sigint_count() > ctrl_c:    # a path tracker turned Ctrl-C into failed paths: not a dimension
                raise KeyboardInterrupt
        except KeyboardInterrupt:         # the cell's dimension undecided (None), no target sampled: partial
            pdim, note, partial = None, "the dimension of the cell was not decided (interrupted)", True
    counts: dict = {}
    reasons: dict = {}
    dropped = done = off_m = 0
    nearest = []
    # every target drawn before the first is solved: the targets of a seed do not depend on the batches
    targets = target_scale * rng.normal(size=(0 if partial else samples, L.m))
    try:
        bar = None
        if show_progress and samples and not partial:
            from tqdm.auto import tqdm

            bar = tqdm(total=samples, desc="targets", unit="target")
        for U in _batches(targets):
            found = solver.nearest(U)
            if sigint_count() > ctrl_c:    # a path tracker turned Ctrl-C into failed paths: not a count
                raise KeyboardInterrupt
            for j, (r, why) in enumerate(zip(found, solver.reasons)):
                done += 1
                if r is None:
                    dropped += 1
                    reasons[why.split(" (")[0]] = reasons.get(why.split(" (")[0], 0) + 1
                    continue
                counts[r[0]] = counts.get(r[0], 0) + 1
                nearest.append((r[0], r[1]))
                # a nearest point at a positive distance: the only answers a non-closed image can make wrong
                off_m += bool(r[1] > 1e-12 * (1.0 + float(np.sum(U[j] ** 2))))
            if bar is not None:
                bar.update(U.shape[0])
    except KeyboardInterrupt:
        partial = True
    finally:
        if bar is not None:
            bar.close()
    kept = done - dropped
    probs = {k: v / kept for k, v in counts.items()} if kept else {}
    ints = {k: wilson_interval(v, kept) for k, v in counts.items()}
    method = ("nearest real point = image of a real critical point of L of least loss (the minimum over real "
              "weights, when attained: for a non-closed image the infimum may be lower), among the critical points "
              "of the distance on the smooth part (monodromy once on random complex slices of the fibers, trace "
              "test; one parameter homotopy per target), on the subnetwork strata, and of L where d mu drops rank "
              f"(boundary points: {solver.boundary.note}), reached by real weights (real parameter points searched "
              "behind the real images); Monte Carlo over Gaussian targets"
              + ("" if solver.complete else "; WARNING: a trace test or the boundary search did not complete (a "
                                            "critical point may be missing)"))
    why = "interrupted" if partial else None
    unattained = reasons.get(UNATTAINED.split(" (")[0], 0)
    if unattained:
        method += (f"; {unattained} of the {done} targets have no nearest point: the distance to M has an infimum that "
                   "no point of M attains (M is not closed there: the infimum is approached as the weights run off to "
                   "infinity); they are left out of the probabilities, with the dropped targets")
    if not solver.complete:     # one rule (results.py): a count that is not complete is partial and says why
        gap = "; ".join(solver.incomplete) or "a trace test or the boundary search did not complete"
        partial, why = True, why or (gap + ": a nearer point may be missing (a target may land on a piece that was "
                                           "not searched completely)")
    from algnet.analyses.critical.closed_image import with_closedness

    method, partial, why = with_closedness(net, seed, method, partial, why, off_m)
    if note:
        method += f"; cell of the point: {note}"
    if plan is not None:
        method += f"; estimated before the run: {plan.note}"
    if solver.boundary.paths and done:      # the work the estimate bounds by its worst case, as it was
        from algnet.analyses.critical.boundary_estimate import RESOLVE_ATTEMPTS

        method += (f"; the boundary points were solved afresh at {solver.resolved[0]} of the {done} targets: "
                   f"{solver.resolved[1]} paths (at worst {RESOLVE_ATTEMPTS} x {done} x {solver.boundary.paths})")
    return VoronoiResult(net.spec, pdim, stratum if stratum else (None if point is None else "given point"),
                         L.m - solver.dim, done, dropped, counts, probs, ints, seed, time.perf_counter() - t0,
                         partial, method, tuple(nearest), reasons, why, unattained,
                         wilson_interval(unattained, kept + unattained))
