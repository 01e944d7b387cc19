"""What the boundary search of :func:`~.voronoi.voronoi` will do, before it runs.

The nearest-point solver looks for the critical points of the loss where d mu drops rank (boundary and
singular points of M) with one total-degree homotopy on the slice (:func:`~.rankdrop.rank_drop_points`):
(2D - 1)^n paths, D the degree of the outputs in the parameters and n = dim M. Above
:data:`~.rankdrop.BOUNDARY_PATHS` paths (the compiled projective route, when the coefficients are homogeneous
in the parameters) or :data:`~.rankdrop.AFFINE_PATHS` (the affine route, tracked in python) the search is
skipped and the answer is incomplete: the nearest point may be a boundary point that was never a
candidate. :func:`boundary_search_estimate` says which case applies from the shape of the network (dim M
from a theorem or certified ranks mod p, :func:`~.estimate_bounds.shape_dimension`, else an upper bound: then the
paths are an upper bound too),
with the paths and CPU seconds of the search.

Examples
--------
>>> from algnet import parse_spec
>>> boundary_search_estimate(parse_spec("dense 2-1-1 r=2")).searched      # 3^2 = 9 paths
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["BoundarySearchEstimate", "boundary_search_estimate", "strata_cover_boundary", "AFFINE_SECONDS_PER_PATH",
           "RESOLVE_ATTEMPTS"]

#: CPU seconds of one path of the affine route (python tracker): 20-40 ms (rankdrop's module note).
AFFINE_SECONDS_PER_PATH = 0.04
#: Total-degree homotopies at most per target whose boundary paths still fail after the re-tracking and the detours
#: (:meth:`~.nearest.NearestPointSolver._rank_drop_at`: another gamma when the first leaves a path failed).
RESOLVE_ATTEMPTS = 2


@dataclass(frozen=True)
class BoundarySearchEstimate:
    """The boundary search's plan (:func:`boundary_search_estimate`).

    ``total_degree`` (2D - 1)^n (a float; inf when it overflows); ``exact`` (n is dim M, by a theorem or certified ranks
    mod p, not an upper bound); ``searched``: True (at most AFFINE_PATHS paths: searched on either route), False (above
    BOUNDARY_PATHS: skipped, the answer incomplete), None (in between: searched on the compiled route only, when
    the coefficients are homogeneous in the parameters); ``paths`` and ``cpu_seconds`` of the search at most (up
    to :data:`~.rankdrop.UNION_RUNS` + 1 homotopies of ``homotopy_paths`` each: :func:`~.rankdrop.rank_drop_union`);
    ``note``. ``resolve_paths`` and ``resolve_cpu_seconds``: the worst case of the re-solves at the targets (every
    target whose boundary paths still fail after the re-tracking and the detours gets one total-degree homotopy of
    its own, :meth:`~.nearest.NearestPointSolver._rank_drop_at`; a second only when that one fails too):
    :data:`RESOLVE_ATTEMPTS` x ``samples`` x ``paths``; :attr:`worst_cpu_seconds` is the search with them.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> e = boundary_search_estimate(parse_spec("linear 2-1-2"), strata=False)
    >>> e.total_degree, e.homotopy_paths, e.paths, e.exact      # up to 4 + 1 homotopies of 3^3 paths
    (27.0, 27, 135, True)
    """

    total_degree: float
    exact: bool
    searched: bool | None
    paths: int
    cpu_seconds: float
    note: str
    resolve_paths: int = 0
    resolve_cpu_seconds: float = 0.0
    homotopy_paths: int = 0

    @property
    def worst_cpu_seconds(self) -> float:
        """CPU seconds of the shared search and of the re-solves at every target (the worst case)."""
        return self.cpu_seconds + self.resolve_cpu_seconds

    def with_targets(self, samples: int) -> "BoundarySearchEstimate":
        """This plan with the worst case of the re-solves at ``samples`` targets (:data:`RESOLVE_ATTEMPTS` each),
        stated in the note.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> e = boundary_search_estimate(parse_spec("dense 2-1-1 r=2"), strata=False).with_targets(10)
        >>> e.homotopy_paths, e.resolve_paths, "at worst" in e.note    # 5^2 paths; 2 x 10 x 25 more at worst
        (25, 500, True)
        """
        from dataclasses import replace

        if not self.paths or not samples:
            return self
        per = self.cpu_seconds / self.paths
        k = RESOLVE_ATTEMPTS * int(samples) * self.homotopy_paths
        return replace(self, resolve_paths=k, resolve_cpu_seconds=k * per,
                       note=f"{self.note}; at worst {RESOLVE_ATTEMPTS} more total-degree homotopies of "
                            f"{self.homotopy_paths} paths at each of the {int(samples)} targets (where boundary "
                            f"paths still fail): {k} paths, {k * per:.1f} CPU s more")


def strata_cover_boundary(net) -> str | None:
    """Why the subnetwork strata make the boundary search unnecessary for the nearest point of ``net``, or None.

    The nearest point y* of the real neuromanifold M_R to a target, when attained, is mu(theta*) for a real
    critical point theta* of L. If d mu drops rank at theta*, the search needs y* among its candidates some other
    way: it is when every real point where d mu drops rank maps into the real image of a subnetwork stratum (whose
    own critical points are candidates; y*, nearest on M_R, is nearest on that smaller set too), and so on down to
    the origin. This holds for a linear network x -> W_L ... W_1 x without biases (narrowest width r): d mu has
    maximal rank wherever the end-to-end matrix has rank r (Trager-Kohn-Bruna 2020, arXiv:1910.01671), so
    it drops rank only at matrices of rank k < r, and every real matrix of rank k is W'_L ... W'_1 with real
    factors of the stratum of narrowest width k (a real rank factorization); the strata must hold every such k.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> strata_cover_boundary(parse_spec("linear 3-2-3")).startswith("linear network")
    True
    >>> strata_cover_boundary(parse_spec("dense 2-1-1 r=2")) is None           # (t^2, ...): a real boundary
    True
    """
    import re

    from algnet.architectures.dense import DenseNetwork

    widths = getattr(net, "widths", None)
    if not isinstance(net, DenseNetwork) or getattr(net, "r", None) != 1 or getattr(net, "bias", True) or not widths:
        return None
    from algnet.analyses.critical.spurious import _candidate_strata

    r = min(widths)
    ranks = set()
    for name, _ in _candidate_strata(net):
        found = re.fullmatch(r"widths ((?:\d+-)+\d+)", name)
        if found is None:
            return None
        ranks.add(min(int(w) for w in found.group(1).split("-")))
    if not set(range(1, r)) <= ranks:
        return None
    return (f"linear network: d mu drops rank only where the end-to-end matrix has rank below {r} (Trager-Kohn-Bruna "
            "2020), and every such real matrix is reached by real weights of a narrower subnetwork stratum, "
            "whose critical points are candidates: no boundary search needed")


def boundary_search_estimate(net, loss="frobenius", strata: bool = True,
                             samples: int = 0) -> BoundarySearchEstimate:
    """Whether the rank-drop (boundary) search of the Voronoi sampling will run, and its paths and CPU seconds;
    with ``strata`` (the subnetwork strata among the candidates) none is needed where they cover the rank-drop
    locus (:func:`strata_cover_boundary`); with ``samples`` targets, the worst case of the re-solves at the targets
    (:meth:`BoundarySearchEstimate.with_targets`).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> e = boundary_search_estimate(parse_spec("dense 3-3-3-1 r=2"))
    >>> e.searched, e.paths                 # (2 * 7 - 1)^dim M paths: far above the cap
    (False, 0)
    >>> "not searched" in e.note
    True
    >>> e = boundary_search_estimate(parse_spec("linear 3-2-3"))    # 3^8 paths, but the strata cover the locus
    >>> e.searched, e.paths, e.note.startswith("boundary points covered")
    (True, 0, True)
    """
    from algnet.analyses.critical.estimate import critical_estimate, dimension_exact, remembered_parameter_degree
    from algnet.analyses.critical.rankdrop import AFFINE_PATHS, BOUNDARY_PATHS, UNION_RUNS

    covered = strata_cover_boundary(net) if strata else None
    if covered is not None:
        return BoundarySearchEstimate(0.0, True, True, 0, 0.0, f"boundary points covered by the strata ({covered})")
    est = critical_estimate(net, loss, classify=False)
    n, exact = est.dim, dimension_exact(est.dim_source)
    try:
        D = max(1, remembered_parameter_degree(net))
    except Exception:           # a family without a degree bound: the search is called at D = 2 (as the estimate)
        D = 2
    d = max(1, 2 * D - 1)
    total = float(d) ** n if n * math.log10(d) < 300 else math.inf
    size = (f"{d}^{n} = {total:.0f}" if math.isfinite(total) else f"{d}^{n}") + " paths" + (
        "" if exact else f" at most (dim M <= {n})")
    runs = (f"{UNION_RUNS} total-degree homotopies at most (until one adds no point) and one at a second target (the "
            f"count checked), each of {size}")
    if total <= AFFINE_PATHS:
        one = int(total)
        return BoundarySearchEstimate(total, exact, True, (UNION_RUNS + 1) * one,
                                      (UNION_RUNS + 1) * one * max(est.per_path, AFFINE_SECONDS_PER_PATH),
                                      f"boundary points searched: {runs}", homotopy_paths=one).with_targets(samples)
    if total > BOUNDARY_PATHS:
        may = "" if exact else " (may be skipped: dim M is only bounded)"
        return BoundarySearchEstimate(total, exact, False if exact else None, 0, 0.0,
                                      f"boundary points not searched{may}: the total-degree homotopy has {size}, "
                                      f"more than {BOUNDARY_PATHS}; the nearest points are then among the smooth "
                                      "and stratum candidates only (incomplete)")
    one = int(total)
    return BoundarySearchEstimate(total, exact, None, (UNION_RUNS + 1) * one, (UNION_RUNS + 1) * one * est.per_path,
                                  f"boundary points searched on the compiled route only ({runs}, more than "
                                  f"{AFFINE_PATHS} for the affine route): when the coefficients are not "
                                  "homogeneous in the parameters the search is skipped (incomplete)",
                                  homotopy_paths=one).with_targets(samples)
