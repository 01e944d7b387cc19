"""Per-region statistics of a 2-D partition: area, perimeter, centroid, inradius, eccentricity.

:func:`region_statistics` turns an exact :class:`~algnet.relu.partition.RegionPartition`
(a box or the whole plane of a 2-D slice) into arrays with one entry per region,
in the slice coordinates (u, v):

* ``area`` -- exact (Fractions in ``area_exact``), float64 beside;
* ``centroid`` -- the centre of mass, exact, from the shoelace moments;
* ``perimeter`` -- sum of the edge lengths (float64: square roots);
* ``chebyshev_centre`` and ``inradius`` -- the largest inscribed disc (float64; the
  centre is checked exactly to lie in the closed region);
* ``eccentricity`` -- of the region's ellipse of inertia, sqrt(1 - lambda_min / lambda_max)
  of its second central moments (0 for a disc or a square, -> 1 for a needle; the
  convention of image region properties), from exact moments;
* ``edges`` -- number of edges.

Unbounded regions (a whole-plane partition) have infinite area and perimeter and no
centroid or eccentricity (NaN) unless ``box=`` clips them; regions that miss the box
get area 0 and NaN elsewhere.

Examples
--------
>>> from algnet.relu.constructions import arrangement_network
>>> from algnet.relu.regions import linear_regions
>>> net, th = arrangement_network([(1, 0, 0), (0, 1, 0)])           # the axes cut [-1, 1]^2 into 4 unit squares
>>> st = region_statistics(linear_regions(net, th, box=(-1, 1, -1, 1)))
>>> st.area.tolist(), st.perimeter.tolist(), st.inradius.tolist(), st.eccentricity.tolist()
([1.0, 1.0, 1.0, 1.0], [4.0, 4.0, 4.0, 4.0], [0.5, 0.5, 0.5, 0.5], [0.0, 0.0, 0.0, 0.0])
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

import numpy as np

from algnet.errors import ParameterError
from algnet.evidence import Evidence
from algnet.relu.geometry import clip_to_box, vertex_point

__all__ = ["RegionStatistics", "region_statistics", "polygon_moments", "chebyshev_disc"]


@dataclass(frozen=True, eq=False)
class RegionStatistics:
    """Arrays over the regions of a partition (see the module doc); entry i is region i.

    Examples
    --------
    The lines x = 0 and x = 1 cut the box [-1, 2] x [0, 1] into three unit squares; a unit
    square has area 1, perimeter 4, centroid at its centre and inscribed disc of radius 1/2:

    >>> from algnet.relu.constructions import arrangement_network
    >>> from algnet.relu.regions import linear_regions
    >>> st = region_statistics(linear_regions(*arrangement_network([(1, 0, 0), (1, 0, -1)]), box=(-1, 2, 0, 1)))
    >>> st.count, sorted(st.area_exact), st.perimeter.tolist(), st.inradius.tolist()
    (3, [Fraction(1, 1), Fraction(1, 1), Fraction(1, 1)], [4.0, 4.0, 4.0], [0.5, 0.5, 0.5])
    >>> sorted(st.centroid[:, 0].tolist()), st.evidence.certified
    ([-0.5, 0.5, 1.5], True)
    """

    patterns: tuple
    area_exact: tuple
    area: np.ndarray
    centroid: np.ndarray
    perimeter: np.ndarray
    chebyshev_centre: np.ndarray
    inradius: np.ndarray
    eccentricity: np.ndarray
    edges: np.ndarray
    bounded: np.ndarray
    box: tuple | None
    seconds: float

    @property
    def count(self) -> int:
        return len(self.patterns)

    @property
    def evidence(self) -> Evidence:
        return Evidence(method="exact polygons: shoelace moments (exact areas, centroids, inertia); float64 "
                               "perimeters, inscribed discs and eccentricities", certified=True,
                        proves=f"exact areas and centroids of {self.count} regions", seconds=self.seconds)

    def as_dict(self) -> dict:
        def fl(a):
            return [None if not np.isfinite(v) else float(v) for v in np.asarray(a, dtype=float).ravel()]

        d = {"regions": self.count, "patterns": list(self.patterns),
             "area": [None if a is None else str(a) for a in self.area_exact],
             "perimeter": fl(self.perimeter), "inradius": fl(self.inradius), "eccentricity": fl(self.eccentricity),
             "centroid": [fl(c) for c in self.centroid], "chebyshev_centre": [fl(c) for c in self.chebyshev_centre],
             "edges": self.edges.tolist(), "bounded": self.bounded.tolist(),
             "box": None if self.box is None else [str(v) for v in self.box]}
        ev = self.evidence.as_dict()
        d.update({k: ev[k] for k in ("certified", "method", "seed", "seconds", "partial")})
        return d

    def __repr__(self):
        fin = np.isfinite(self.area)
        return (f"RegionStatistics({self.count} regions, {int(fin.sum())} of finite area; total area "
                f"{float(np.sum(self.area[fin])):.6g}; median inradius {float(np.nanmedian(self.inradius)):.3g})")


def polygon_moments(points) -> tuple:
    """(area, centroid, central second moments (mu20, mu11, mu02)) of a simple polygon, exact.

    ``points``: its vertices in cyclic order (Fractions or ints), either orientation. The
    moments are per unit area: mu20 = (1/A) int (x - cx)^2, etc.

    Examples
    --------
    >>> A, c, mu = polygon_moments([(0, 0), (2, 0), (2, 1), (0, 1)])      # a 2 x 1 rectangle
    >>> A, c, mu
    (Fraction(2, 1), (Fraction(1, 1), Fraction(1, 2)), (Fraction(1, 3), Fraction(0, 1), Fraction(1, 12)))
    """
    P = [(Fraction(x), Fraction(y)) for x, y in points]
    a2 = sx = sy = sxx = syy = sxy = Fraction(0)
    for (x0, y0), (x1, y1) in zip(P, P[1:] + P[:1]):
        c = x0 * y1 - x1 * y0
        a2 += c
        sx += (x0 + x1) * c
        sy += (y0 + y1) * c
        sxx += (x0 * x0 + x0 * x1 + x1 * x1) * c
        syy += (y0 * y0 + y0 * y1 + y1 * y1) * c
        sxy += (x0 * y1 + 2 * x0 * y0 + 2 * x1 * y1 + x1 * y0) * c
    if a2 == 0:
        return Fraction(0), None, None
    A = a2 / 2
    cx, cy = sx / (6 * A), sy / (6 * A)
    mu20 = sxx / (12 * A) - cx * cx
    mu02 = syy / (12 * A) - cy * cy
    mu11 = sxy / (24 * A) - cx * cy
    return abs(A), (cx, cy), (mu20, mu11, mu02)


def _eccentricity(mu) -> float:
    m20, m11, m02 = (float(v) for v in mu)
    tr, dif = m20 + m02, math.hypot(m20 - m02, 2 * m11)
    lmax, lmin = (tr + dif) / 2, max((tr - dif) / 2, 0.0)
    return math.sqrt(max(0.0, 1 - lmin / lmax)) if lmax > 0 else float("nan")


def chebyshev_disc(lines) -> tuple:
    """(centre, radius) of the largest disc in the bounded polygon {a x + b y + c >= 0 for (a, b, c) in lines}.

    The optimum of max r s.t. n_i . z + d_i >= r (unit normals n_i) is a vertex of that 3-variable
    linear programme, so it is found among the triples of constraints (float64, vectorised).

    Examples
    --------
    >>> z, r = chebyshev_disc([(0, 1, 0), (1, 0, 0), (-1, -1, 1)])     # the triangle (0,0), (1,0), (0,1)
    >>> round(r, 12) == round((2 - 2 ** 0.5) / 2, 12), bool(np.allclose(z, [r, r]))
    (True, True)
    """
    L = np.array([[float(v) for v in l] for l in lines if (l[0], l[1]) != (0, 0)], dtype=float)
    nrm = np.hypot(L[:, 0], L[:, 1])
    N, d = L[:, :2] / nrm[:, None], L[:, 2] / nrm
    T = np.array(list(combinations(range(len(L)), 3)), dtype=np.int64).reshape(-1, 3)
    if not len(T):
        return None, float("nan")
    A = np.concatenate([N[T], -np.ones(T.shape + (1,))], axis=2)           # n . z - r = -d
    det = np.linalg.det(A)
    ok = np.abs(det) > 1e-12
    if not ok.any():
        return None, float("nan")
    sol = np.linalg.solve(A[ok], -d[T[ok]][..., None])[..., 0]            # (m, 3): z, r
    slack = sol[:, :2] @ N.T + d[None, :] - sol[:, 2:3]
    feas = slack.min(axis=1) >= -1e-9 * (1 + np.abs(sol).max(axis=1))
    if not feas.any():
        return None, float("nan")
    best = np.argmax(np.where(feas, sol[:, 2], -np.inf))
    return sol[best, :2], float(sol[best, 2])


def _inside(lines, z) -> bool:
    q = [Fraction(float(t)) for t in z]
    return all(a * q[0] + b * q[1] + c >= 0 for a, b, c in lines)


def region_statistics(partition, box=None) -> RegionStatistics:
    """Area, perimeter, centroid, inscribed disc, eccentricity and edge count of every region.

    Parameters
    ----------
    partition : RegionPartition
        From :func:`~algnet.relu.regions.linear_regions` (or ``model_regions``).
    box : (umin, umax, vmin, vmax), optional
        Clip every region to this box first (needed for finite values on unbounded regions).

    Returns
    -------
    RegionStatistics
        Arrays indexed like ``partition.regions``, in slice coordinates.

    Examples
    --------
    >>> from algnet.relu.constructions import arrangement_network
    >>> from algnet.relu.regions import linear_regions
    >>> net, th = arrangement_network([(1, 0, 0), (0, 1, 0), (1, 1, -1)])
    >>> st = region_statistics(linear_regions(net, th, plane=True), box=(-2, 2, -2, 2))
    >>> sum(st.area_exact)                     # the clipped regions tile the box
    Fraction(16, 1)
    """
    from algnet.relu.regions import parse_box

    t0 = time.perf_counter()
    bx = None if box is None else parse_box(box)
    regions = partition.regions
    n = len(regions)
    if not hasattr(partition, "regions"):
        raise ParameterError("region_statistics needs a RegionPartition", hint="linear_regions(net, theta, box=...)")
    area = np.full(n, np.inf)
    per = np.full(n, np.inf)
    cen = np.full((n, 2), np.nan)
    cheb = np.full((n, 2), np.nan)
    rad = np.full(n, np.nan)
    ecc = np.full(n, np.nan)
    edges = np.zeros(n, dtype=np.int64)
    exact = [None] * n
    bounded = np.zeros(n, dtype=bool)
    for i, R in enumerate(regions):
        P = R.polygon()
        if bx is not None:
            P = clip_to_box(P, bx)
            if P is None:
                area[i], per[i], exact[i] = 0.0, 0.0, Fraction(0)
                continue
        lines = list(dict.fromkeys(_canonical(l) for l in P.lines if (l[0], l[1]) != (0, 0)))
        edges[i] = len(lines)
        if not P.bounded:
            rad[i] = _unbounded_inradius(lines)
            continue
        bounded[i] = True
        pts = [vertex_point(v) for v in P.verts]
        A, c, mu = polygon_moments(pts)
        exact[i], area[i] = A, float(A)
        per[i] = sum(math.hypot(float(x1 - x0), float(y1 - y0)) for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]))
        if c is not None:
            cen[i] = [float(c[0]), float(c[1])]
            ecc[i] = _eccentricity(mu)
        z, r = chebyshev_disc(lines)
        if z is not None and _inside(lines, z):
            cheb[i], rad[i] = z, r
    return RegionStatistics(tuple(R.pattern for R in regions), tuple(exact), area, cen, per, cheb, rad, ecc, edges,
                            bounded, bx, time.perf_counter() - t0)


def _canonical(l):
    from math import gcd

    g = gcd(gcd(int(l[0]), int(l[1])), int(l[2])) or 1
    return (int(l[0]) // g, int(l[1]) // g, int(l[2]) // g)


def _unbounded_inradius(lines) -> float:
    """Inradius of an unbounded region: inf unless it lies in a strip (two antiparallel edges), then the
    largest disc is bounded by the narrowest strip or a corner (found among the triples of constraints)."""
    L = np.array([[float(v) for v in l] for l in lines], dtype=float)
    if not len(L):
        return float("inf")
    N = L[:, :2] / np.hypot(L[:, 0], L[:, 1])[:, None]
    # a direction with n_i . d > 0 for every edge lets the disc grow without bound
    angles = np.arctan2(N[:, 1], N[:, 0])
    cand = np.concatenate([angles, angles + 1e-9, angles - 1e-9, (angles[:, None] + angles[None, :]).ravel() / 2,
                           (angles[:, None] + angles[None, :]).ravel() / 2 + np.pi])
    D = np.stack([np.cos(cand), np.sin(cand)], axis=1)
    if ((D @ N.T).min(axis=1) > 1e-12).any():
        return float("inf")
    if len(L) == 2:                                                        # a strip
        d = L[:, 2] / np.hypot(L[:, 0], L[:, 1])
        return float(abs(d[0] + d[1]) / 2)
    _, r = chebyshev_disc(lines)
    return r
