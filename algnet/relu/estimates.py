"""Estimates of the ReLU commands' heavy work, made before it starts (regions, local complexity).

Each estimate is compared with a budget of CPU seconds (:data:`~algnet.guards.DEFAULT_BUDGET`
unless the caller gives one) and with the memory limit
(:func:`algnet.guards.check_resources`); above it the work is refused with
the estimate and a cheaper route, unless ``force=True``.

* Regions of a 2-D section: the first hidden layer's m lines cut the plane into
  1 + m + (crossings) regions when no three of them meet in a point (Zaslavsky's
  theorem for line arrangements; parallel lines do not cross); later layers only
  refine this partition, so it is (up to concurrent lines) a lower bound on the
  count. The upper bound for all layers is Serra-Tjandraatmadja-Ramalingam's
  (ICML 2018, Theorem 1 with input dimension 2, or 1 for a 1-D input): the sum over the tuples
  (j_1, ..., j_L) with j_l <= min(2, n_1 - j_1, ..., n_(l-1) - j_(l-1), n_l) of the products of C(n_l, j_l). The CPU time of the exact engine on the
  whole plane grows like the work of adding the lines one at a time (each new line
  splits the regions it meets): sum over j < m of (1 + j + crossings among the first j).
* Local complexity: each point costs 2k forward passes (k directions).

Examples
--------
>>> est = plane_region_estimate((2, 2000, 1), [(1, 2 + j, j) for j in range(3)])
>>> est["lines"], est["first_layer_regions"]          # three lines in general position: 1 + 3 + 3
(3, 7)
"""

from __future__ import annotations

import math

import numpy as np

from algnet.guards import DEFAULT_BUDGET  # the one default budget (re-exported; CPU seconds here)

__all__ = ["DEFAULT_BUDGET", "PLANE_SECONDS_PER_UNIT", "BOX_SECONDS_PER_UNIT", "LC_SECONDS_PER_VERTEX",
           "plane_region_estimate", "box_region_estimate", "unit_rows", "region_upper_bound", "check_region_work",
           "LC_SECONDS_PER_MAC", "local_complexity_estimate", "check_local_complexity"]

#: CPU seconds per unit of work (one region met by one new line) of the exact whole-plane engine; measured on 2
#: cores: relu 2-150-1 6.6 s for 0.56 M units, relu 2-300-1 60.1 s for 4.5 M units (1.2e-5 and 1.3e-5).
PLANE_SECONDS_PER_UNIT = 1.2e-5
#: The same on a box (float filter with exact fallback; units from the box's lines and crossings inside), measured
#: on 2 cores: relu 2-300-1 on [-1, 1]^2 4.0 s for 1.4 M units, relu 2-600-1 16.2 s
#: for 10 M units (2.8e-6 and 1.6e-6).
BOX_SECONDS_PER_UNIT = 2.0e-6
#: CPU seconds per multiply-add and per cross-polytope vertex of the local complexity's float forward passes,
#: measured on 2 cores: relu 784-500-500-10 at 2000 points (k = 16) 19.4 s in torch,
#: 29.6 s in numpy (4.7e-10 and 7.1e-10 per multiply-add); relu 20-50-50-1 at 20000 points 4.0 s (6.3e-6 per vertex).
LC_SECONDS_PER_MAC = 4.5e-10
LC_SECONDS_PER_VERTEX = 4.0e-6


def region_upper_bound(hidden_widths, n0: int = 2) -> int:
    """Serra-Tjandraatmadja-Ramalingam's bound (ICML 2018, Thm. 1) on the regions of a ReLU network with input
    dimension ``n0`` (here the 2 of a plane section): the sum over the tuples (j_1, ..., j_L) with
    0 <= j_l <= min(n0, n_1 - j_1, ..., n_(l-1) - j_(l-1), n_l) of the products of C(n_l, j_l).

    A layer narrower than ``n0`` caps the later layers' j_l: two hidden layers of width 2 on the plane give 11,
    not the 16 of the product over the layers of the sums of C(n_l, j) for j <= min(n0, n_1, ..., n_l)
    (Montufar 2017's looser bound, which earlier versions of this function returned). Summed by dynamic
    programming over the cap min(n0, n_i - j_i), at most n0 + 1 states a layer.

    Examples
    --------
    >>> region_upper_bound([3])               # three lines: at most 1 + 3 + 3 regions
    7
    >>> region_upper_bound([4, 4])
    121
    >>> region_upper_bound([2, 2]), region_upper_bound([1, 3])
    (11, 5)
    """
    states = {int(n0): 1}         # cap min(n0, n_i - j_i over the layers so far) -> sum of the products
    for n in hidden_widths:
        n, nxt = int(n), {}
        for cap, total in states.items():
            for j in range(min(cap, n) + 1):
                c = min(cap, n - j)
                nxt[c] = nxt.get(c, 0) + total * math.comb(n, j)
        states = nxt
    return sum(states.values())


def _crossing_pairs(P) -> tuple:
    """(lines, crossing pairs) of the rows (a, b, c) of the lines a x + b y + c = 0 (integers): rows with
    (a, b) = 0 are no line; two lines cross unless parallel (same direction, counted exactly)."""
    classes: dict = {}
    m = 0
    for a, b, _ in P:
        a, b = int(a), int(b)
        if a == 0 and b == 0:
            continue
        g = math.gcd(a, b)
        a, b = a // g, b // g
        if a < 0 or (a == 0 and b < 0):
            a, b = -a, -b
        classes[(a, b)] = classes.get((a, b), 0) + 1
        m += 1
    return m, m * (m - 1) // 2 - sum(k * (k - 1) // 2 for k in classes.values())


def _units(m: int, crossings: float) -> float:
    """Work of adding m lines one at a time: sum over j < m of the regions met, 1 + j + crossings among the first
    j (a crossing is among the first j lines with probability j(j-1) / (m(m-1)))."""
    return m + m * (m - 1) / 2 + (crossings * (m - 2) / 3 if m > 2 else 0.0)


def plane_region_estimate(widths, P) -> dict:
    """Regions of the whole plane cut by the first hidden layer (rows (a, b, c) of its lines, integers), the
    upper bound for all layers, and the CPU seconds of the exact engine's first layer (a lower estimate).

    Examples
    --------
    >>> est = plane_region_estimate((2, 4, 1), [(1, 0, 0), (2, 0, 1), (0, 1, 0), (1, 1, 5)])
    >>> est["lines"], est["crossings"], est["first_layer_regions"]     # two of the lines are parallel
    (4, 5, 10)
    """
    m, crossings = _crossing_pairs(P)
    return {"lines": m, "crossings": crossings, "first_layer_regions": 1 + m + crossings,
            "upper_bound": region_upper_bound(widths[1:-1], n0=min(2, int(widths[0]))),
            "cpu_seconds": PLANE_SECONDS_PER_UNIT * _units(m, crossings)}


def unit_rows(P) -> np.ndarray:
    """The rows (a, b, c) of lines a u + b v + c = 0 (floats, integers or fractions of any size) as float rows
    divided by their largest absolute entry: the same lines, entries in [-1, 1] (weights near 1e307 made the
    products of the crossing test overflow to inf and nan); rows of zeros stay zero.

    Examples
    --------
    >>> unit_rows([(2, -4, 1), (0, 0, 0)]).tolist()
    [[0.5, -1.0, 0.25], [0.0, 0.0, 0.0]]
    >>> unit_rows([(10**400, 3 * 10**400, -(10**400))]).tolist()       # beyond float64, exactly scaled first
    [[0.3333333333333333, 1.0, -0.3333333333333333]]
    >>> unit_rows(np.array([[1e307, -1.5e308, 0.0]])).tolist()
    [[0.06666666666666667, -1.0, 0.0]]
    """
    if isinstance(P, np.ndarray) and P.dtype.kind == "f":
        F = P.reshape(-1, 3).astype(float)
    else:
        from fractions import Fraction

        rows = []
        for row in np.asarray(P, dtype=object).reshape(-1, 3).tolist():
            q = [x if isinstance(x, float) else Fraction(x) for x in row]
            big = max(abs(x) for x in q)
            rows.append([float(Fraction(x) / Fraction(big)) if big else 0.0 for x in q])
        return np.array(rows, dtype=float).reshape(-1, 3)
    scale = np.abs(F).max(axis=1, keepdims=True) if F.size else np.ones((0, 1))
    return F / np.where(scale > 0, scale, 1.0)


def box_region_estimate(P, box, pairs: int = 20000, seed: int = 0) -> dict:
    """Regions cut from ``box`` by the lines a u + b v + c = 0 of the float rows of ``P`` (m, 3): 1 + (lines
    meeting the box) + (crossings inside), a lower bound on the partition of which they are the first layer.

    The lines meeting the box are counted (float signs at the corners); the crossings inside are counted over
    every pair when there are at most ``pairs`` pairs, else estimated from ``pairs`` random pairs drawn with
    ``seed`` (statistical).

    Examples
    --------
    >>> box_region_estimate(np.array([[1.0, 0, 0], [0, 1.0, 0], [1.0, 1.0, 5.0]]), (-1, 1, -1, 1))
    {'lines': 2, 'crossings': 1.0, 'estimate': 4}
    """
    P = unit_rows(P)            # the same lines with entries in [-1, 1]: no product below overflows
    from algnet.relu.geometry import saturated_float

    x0, x1, y0, y1 = (saturated_float(v) for v in box)     # an estimate: a box beyond 1e300 is read as that
    corners = np.array([[x0, y0, 1], [x0, y1, 1], [x1, y0, 1], [x1, y1, 1]])
    with np.errstate(invalid="ignore", over="ignore"):
        vals = P @ corners.T
    meet = (vals.min(axis=1) < 0) & (vals.max(axis=1) > 0)
    Q = P[meet]
    m = int(Q.shape[0])
    crossings = 0.0
    if m >= 2:
        if m * (m - 1) // 2 <= int(pairs):               # few lines: every pair (the count is then exact)
            i, j = np.triu_indices(m, k=1)
        else:
            rng = np.random.default_rng(seed)
            i = rng.integers(0, m, size=int(pairs))
            j = (i + rng.integers(1, m, size=int(pairs))) % m
        a, b = Q[i], Q[j]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            det = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
            u = (a[:, 1] * b[:, 2] - a[:, 2] * b[:, 1]) / det
            v = (a[:, 2] * b[:, 0] - a[:, 0] * b[:, 2]) / det
        inside = np.isfinite(u) & np.isfinite(v) & (u > x0) & (u < x1) & (v > y0) & (v < y1)
        crossings = float(inside.mean()) * m * (m - 1) / 2
    return {"lines": m, "crossings": crossings, "estimate": int(round(1 + m + crossings))}


def check_region_work(spec: str, est: dict, *, domain: str, max_regions=None, force: bool = False,
                      budget: float | None = None, plane: bool = True, engine: str = "exact enumeration",
                      run_time_limit: float | None = None) -> dict:
    """Refuse (TooLargeError) a region enumeration whose first hidden layer alone is estimated above
    ``max_regions`` (twice it, the estimate being statistical on a box), above the memory limit (``est["memory"]``,
    when given: the first layer's regions with their exact maps) or above the CPU budget
    (:data:`~algnet.guards.DEFAULT_BUDGET` seconds when None), unless ``force`` (which lifts the budget, not ``max_regions``).
    ``est`` is :func:`plane_region_estimate` (``plane``) or the box estimate of
    :func:`algnet.relu.regions.first_layer_region_estimate` with ``cpu_seconds`` added; ``engine`` names the work
    (the float64 engine's estimate, :func:`algnet.relu.regions_float.check_float_regions`, passes its own);
    ``run_time_limit``: the run's own time limit, at which it stops (then no CPU budget applies).
    Returns ``est``.

    Examples
    --------
    >>> est = plane_region_estimate((2, 2000, 1), [(1, j, j * j) for j in range(2000)])
    >>> check_region_work("relu 2-2000-1", est, domain="whole plane")
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: relu 2-2000-1: the first hidden layer alone cuts the whole plane into about 2,001,001 regions ...
    >>> check_region_work("relu 2-2000-1", est, domain="whole plane", force=True)["lines"]
    2000
    """
    from algnet.errors import TooLargeError
    from algnet.guards import check_resources, format_bytes, format_seconds

    regions = int(est.get("first_layer_regions", est.get("estimate", 0)))
    later = (f"; all layers: about {est['regions_estimate']:,} (an estimate, not a bound; at most "
             f"{est['upper_bound']:,}, Serra-Tjandraatmadja-Ramalingam)" if "regions_estimate" in est else "")
    what = (f"{spec}: the first hidden layer alone cuts the {domain} into about {regions:,} regions "
            f"({est['lines']:,} lines, about {int(est['crossings']):,} crossings; later layers only add regions"
            f"{later})")
    exact = engine == "exact enumeration"
    cheaper = (("a window of the plane (box=(-1, 1, -1, 1), CLI: --box=-1,1,-1,1; or a smaller box)" if plane
                else "a smaller box") + ", a narrower network, or "
               + ("the float engine on a box (--float, not exact)" if exact
                  else "a time limit (time_limit=; the regions finished by then, marked partial)"))
    if max_regions is not None and regions > (1 if plane else 2) * max_regions:
        raise TooLargeError(f"{what}, above max_regions={max_regions:,}", regions_estimate=regions,
                            hint=cheaper + ", or a larger --max-regions")
    limit = math.inf if run_time_limit is not None else DEFAULT_BUDGET if budget is None else float(budget)
    against = "no budget: it stops at its time limit" if limit == math.inf else \
        f"against a budget of {format_seconds(limit)} of CPU"
    if "later_cpu_seconds" in est:      # the later layers' maps and cuts, once per region entering each
        work = (f"the {engine} (about {format_seconds(est['cpu_seconds'])} of CPU: the first layer's "
                f"cuts {format_seconds(est['first_layer_cpu_seconds'])}, then each of its regions through the later "
                f"layers {format_seconds(est['later_cpu_seconds'])} with the regions they split into; {against}"
                + (f"; memory about {format_bytes(est['memory'])}" if est.get("memory") is not None else "") + ")")
    else:
        work = f"the {engine} of the first layer alone (CPU time, {against})"
    check_resources(f"{what}; {work}",
                    seconds=est["cpu_seconds"], time_limit=None if limit == math.inf else limit, force=force,
                    hint=cheaper, run_time_limit=run_time_limit,
                    memory=est.get("memory"), regions_estimate=regions, cpu_seconds=est["cpu_seconds"])
    return est


def local_complexity_estimate(layer_sizes, points: int, directions: int, input_size: int) -> dict:
    """CPU seconds of the float local complexity: 2k forward passes per point, each about sum of the
    products of consecutive layer sizes multiply-adds (dense layers; convolutions cost less).

    Examples
    --------
    >>> est = local_complexity_estimate([784, 1000, 1000, 10], 10**6, 16, 784)
    >>> est["cpu_seconds"] > DEFAULT_BUDGET
    True
    """
    sizes = [int(input_size)] + [int(s) for s in layer_sizes]
    macs = sum(a * b for a, b in zip(sizes, sizes[1:]))
    per_point = 2 * int(directions) * (macs * LC_SECONDS_PER_MAC + LC_SECONDS_PER_VERTEX)
    return {"points": int(points), "macs_per_vertex": macs, "seconds_per_point": per_point,
            "cpu_seconds": per_point * int(points)}


def check_local_complexity(spec: str, est: dict, *, force: bool = False, budget: float | None = None) -> dict:
    """Refuse (TooLargeError) a local complexity estimated above the CPU budget (:data:`~algnet.guards.DEFAULT_BUDGET`), unless
    ``force``. Returns ``est``.

    Examples
    --------
    >>> check_local_complexity("relu 784-1000-1000-10", local_complexity_estimate([1000, 1000, 10], 10**7, 16, 784))
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: relu 784-1000-1000-10: local complexity at 10000000 points ...
    """
    from algnet.guards import check_resources, format_seconds

    limit = DEFAULT_BUDGET if budget is None else float(budget)
    exact = bool(est.get("exact"))
    check_resources(f"{spec}: {'exact ' if exact else ''}local complexity at {est['points']} points (2 x "
                    f"{est['macs_per_vertex']:,} multiply-adds per direction and point{' in exact rationals' if exact else ''}; "
                    f"CPU time, against a budget of {format_seconds(limit)} of CPU)",
                    seconds=est["cpu_seconds"], time_limit=limit, force=force,
                    hint=("the float64 signs (without --exact), " if exact else "")
                    + "a sample of the points (the first rows of --data), fewer directions=, or a smaller model",
                    cpu_seconds=est["cpu_seconds"])
    return est
