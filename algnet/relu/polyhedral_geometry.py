"""Exact geometry of polyhedral regions: the halfspaces of a box, and the vertices, faces and volumes of a region
cut by a box (input dimension <= 3 for faces and volumes), for :mod:`algnet.relu.polyhedral`.

Halfspaces are integer rows (a_1, ..., a_n, c): a.z + c >= 0. Vertices are solved in float64 and confirmed in exact
rationals; the volume of a 3-D region is the sum of the pyramids from its centroid over its faces, each face counted
once.

Examples
--------
>>> H = np.array([[1, 0, 0], [0, 1, 0]], dtype=object)              # the quadrant x, y >= 0 ...
>>> with_box(H, (0, 1), 2).tolist()                                  # ... in the box [0, 1]^2
[[1, 0, 0], [0, 1, 0], [1, 0, 0], [-1, 0, 1], [0, 1, 0], [0, -1, 1]]
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd

import numpy as np

__all__ = ["with_box", "region_vertices"]


def _norm_row(row):
    g = 0
    for v in row:
        g = gcd(g, int(v))
    return tuple(int(v) // g for v in row) if g else tuple(int(v) for v in row)


def with_box(H, box, n):
    """The halfspaces H (integer rows a_1..a_n, c: a.z + c >= 0) with those of the box [lo, hi]^n appended.

    ``box`` = (lo, hi) rationals, or None (H unchanged).

    Examples
    --------
    >>> H = np.array([[1, 1, 0]], dtype=object)                  # z_1 + z_2 >= 0
    >>> with_box(H, ("-1/2", 1), 2).tolist()
    [[1, 1, 0], [2, 0, 1], [-1, 0, 1], [0, 2, 1], [0, -1, 1]]
    """
    if box is None:
        return H
    lo, hi = Fraction(box[0]), Fraction(box[1])
    rows = []
    for i in range(n):
        e = [0] * (n + 1)
        e[i] = lo.denominator
        e[n] = -lo.numerator
        rows.append(e)                                       # z_i >= lo
        f = [0] * (n + 1)
        f[i] = -hi.denominator
        f[n] = hi.numerator
        rows.append(f)                                       # z_i <= hi
    B = np.array(rows, dtype=object).reshape(-1, n + 1)
    return np.concatenate([H.reshape(-1, n + 1), B], axis=0) if len(H) else B


def _solve(rows, n):
    """Exact solution of rows[:, :n] z = -rows[:, n] (square, n <= 3, Cramer's rule), or None if singular."""
    A = [[int(v) for v in r[:n]] for r in rows]
    b = [-int(r[n]) for r in rows]
    if n == 1:
        return None if A[0][0] == 0 else (Fraction(b[0], A[0][0]),)
    if n == 2:
        d = A[0][0] * A[1][1] - A[0][1] * A[1][0]
        if d == 0:
            return None
        return (Fraction(b[0] * A[1][1] - A[0][1] * b[1], d), Fraction(A[0][0] * b[1] - b[0] * A[1][0], d))
    d = _det3(*A)
    if d == 0:
        return None
    out = []
    for k in range(3):
        M = [[b[i] if j == k else A[i][j] for j in range(3)] for i in range(3)]
        out.append(Fraction(_det3(*M), d))
    return tuple(out)


def region_vertices(R, box, n):
    """Exact vertices of region ∩ box (rational n-tuples, sorted; cached on the region, per box).

    Every n-subset of the halfspaces is solved in float64 (vectorised); the nearly feasible ones are solved
    and checked exactly. ``R``: a :class:`PolyRegion` in R^n; ``box`` = (lo, hi): the box [lo, hi]^n.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> from algnet.relu.polyhedral import region_at
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> [tuple(map(str, v)) for v in region_vertices(region_at(m, [1, 1]), (-1, 1), 2)]    # the quadrant x, y >= 0
    [('0', '0'), ('0', '1'), ('1', '0'), ('1', '1')]
    """
    from itertools import combinations

    key = _box_key(box)
    if ("verts", key) in R._cache:
        return R._cache[("verts", key)]
    H = with_box(R.halfspaces, box, n)
    rows = H.tolist()
    Hf = H.astype(float)
    scale = np.abs(Hf).max(axis=1, keepdims=True)
    Hf = Hf / scale
    combos = np.array(list(combinations(range(len(rows)), n)), dtype=np.int64).reshape(-1, n)
    verts = set()
    for s0 in range(0, len(combos), 200_000):
        C = combos[s0:s0 + 200_000]
        A = Hf[C][:, :, :n]
        b = -Hf[C][:, :, n]
        det = np.linalg.det(A)
        ok = np.abs(det) > 1e-13
        Z = np.full((len(C), n), np.nan)
        if ok.any():
            Z[ok] = np.linalg.solve(A[ok], b[ok][..., None])[..., 0]
        slack = Z @ Hf[:, :n].T + Hf[:, n]
        cand = np.nonzero(ok & (np.nan_to_num(slack, nan=-1.0).min(axis=1) > -1e-7))[0]
        for k in cand.tolist():
            v = _solve([rows[j] for j in C[k]], n)
            if v is not None and v not in verts and all(
                    sum(a * t for a, t in zip(row[:-1], v)) + row[-1] >= 0 for row in rows):
                verts.add(v)
    R._cache[("verts", key)] = sorted(verts)
    R._cache[("H", key)] = H
    return R._cache[("verts", key)]


def _box_key(box):
    """The key of a box (lo, hi) in a region's cache: exact values, so (-1, 1) and ("-1", "1.0") are one box."""
    return None if box is None else (Fraction(box[0]), Fraction(box[1]))


def _faces(R, box, n):
    """{halfspace index: exact vertices on it} for faces with >= n vertices, each face once (a halfspace of the
    region that is also one of the box's, or two neurons with one zero set, is one face, not two)."""
    key = ("faces", _box_key(box))
    if key not in R._cache:
        V = region_vertices(R, box, n)
        H = R._cache[("H", _box_key(box))].tolist()
        faces = {}
        seen = set()
        for j, row in enumerate(H):
            plane = _norm_row(row)
            if plane in seen:
                continue
            seen.add(plane)
            on = [v for v in V if sum(a * t for a, t in zip(row[:-1], v)) + row[-1] == 0]
            if len(on) >= n:
                faces[j] = on
        R._cache[key] = faces
    return R._cache[key]


def _order_polygon(pts, normal):
    """Order coplanar exact points around their centroid (float angles of exact points in the plane)."""
    P = np.array([[float(t) for t in p] for p in pts])
    cen = P.mean(axis=0)
    nrm = np.array([float(t) for t in normal])
    u = np.cross(nrm, [1.0, 0, 0]) if abs(nrm[0]) < 0.9 else np.cross(nrm, [0, 1.0, 0])
    u /= np.linalg.norm(u)
    w = np.cross(nrm, u)
    ang = np.arctan2((P - cen) @ w, (P - cen) @ u)
    return [pts[i] for i in np.argsort(ang)]


def _det3(a, b, c):
    return (a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0])
            + a[2] * (b[0] * c[1] - b[1] * c[0]))


def _volume(R, box, n) -> Fraction:
    """Exact volume of region ∩ box for n <= 3."""
    V = region_vertices(R, box, n)
    if n == 1:
        vol = (max(V)[0] - min(V)[0]) if V else Fraction(0)
    elif n == 2:
        if len(V) < 3:
            vol = Fraction(0)
        else:
            pts = _order_polygon([v + (Fraction(0),) for v in V], (0, 0, 1))
            vol = abs(sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(pts, pts[1:] + pts[:1]))) / 2
    else:
        faces = _faces(R, box, 3)
        if len(V) < 4:
            vol = Fraction(0)
        else:
            cen = tuple(sum(v[i] for v in V) / len(V) for i in range(3))
            vol = Fraction(0)
            H = R._cache[("H", _box_key(box))].tolist()
            for j, on in faces.items():
                poly = _order_polygon(on, H[j][:3])
                a = tuple(x - y for x, y in zip(poly[0], cen))
                for p, q in zip(poly[1:-1], poly[2:]):
                    vol += abs(_det3(a, tuple(x - y for x, y in zip(p, cen)), tuple(x - y for x, y in zip(q, cen)))) / 6
    R._cache[("volume", _box_key(box))] = vol
    return vol
