"""float64 polygons that know the lines of their edges, for the float64 region engines.

A :class:`FloatPolygon` holds its k vertices ``xy`` (k x 2) and, per vertex, a list ``edges`` of
``[s, a, b, c, ident]``. ``a x + b y + c = 0`` is the line of the edge from the vertex to the next (a side of the
box, or the zero line of the unit that cut there) and ``ident`` that line's identity, carried through the cuts
(``(0, k, -1)`` for side k of the box, the engine's own for a line it cuts with, None when not given: the exact
re-check of a decision at the vertex takes the exact lines by their identities); ``s`` is the vertex's scale: its
largest coordinate plus a bound of its rounding error, in units of 2^-52 (the error of a value ``a x + b y + c``
computed at the vertex is then about ``2^-52 (s (|a| + |b|) + |c|)``); ``scale`` is the largest ``s``.

A cut computes each new vertex as the intersection of the two lines that meet there (the cutting line and the
edge's own line, as the exact engines do in rationals), so its error scales with those lines' conditioning, not
with the length of the edge: interpolating along an edge of a box of side 1e16 rounds a vertex near the origin by
about 1 (2^-52 x 1e16), the intersection by about 2^-52 x its own coordinates. Where the two lines are nearly
parallel the intersection is worse conditioned than the interpolation along the edge, and the interpolated point
(with its own error bound) is taken instead.

Examples
--------
>>> F = box_polygon(-1e16, 1e16, -1e16, 1e16)
>>> P, M = split_polygon(F, F.xy @ [1.0, 1.0] - 1.0, (1.0, 1.0, -1.0))     # the line x + y = 1
>>> coordinates(P).tolist()
[[1e+16, -1e+16], [1e+16, 1e+16], [-1e+16, 1e+16]]
>>> F = box_polygon(-1e16, 1e16, -1e16, 1e16)
>>> P, _ = split_polygon(F, F.xy @ [1.0, 0.0] - 0.5, (1.0, 0.0, -0.5))    # x = 0.5, then y = 0.25 on it
>>> Q, _ = split_polygon(P, P.xy @ [0.0, 1.0] - 0.25, (0.0, 1.0, -0.25))
>>> [0.5, 0.25] in coordinates(Q).tolist()                  # interpolated along the edge, it would be (0.5, 0)
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["FloatPolygon", "box_polygon", "coordinates", "on_own_edges", "split_polygon", "vertex_units"]

EPS = 2.0**-52


class FloatPolygon:
    """A convex float64 polygon with its edges' lines and its vertices' rounding scales (see the module doc).

    Examples
    --------
    >>> F = box_polygon(0.0, 2.0, -1.0, 1.0)
    >>> F.xy.tolist(), F.scales().tolist(), F.scale
    ([[0.0, -1.0], [2.0, -1.0], [2.0, 1.0], [0.0, 1.0]], [1.0, 2.0, 2.0, 1.0], 2.0)
    """

    __slots__ = ("xy", "edges", "scale")

    def __init__(self, xy: np.ndarray, edges: list, scale: float):
        self.xy, self.edges, self.scale = xy, edges, scale

    def scales(self) -> np.ndarray:
        """(k,) the vertices' scales s."""
        return np.array([e[0] for e in self.edges])

    def __len__(self) -> int:
        return len(self.xy)

    def __repr__(self):
        return f"FloatPolygon({len(self.xy)} vertices, scale {self.scale:.3g})"


def box_polygon(x0: float, x1: float, y0: float, y1: float) -> FloatPolygon:
    """The box [x0, x1] x [y0, y1] (floats) as a polygon with its sides' lines; its corners are exact.

    Examples
    --------
    >>> [e[1:4] for e in box_polygon(0.0, 2.0, -1.0, 1.0).edges]          # the sides y = -1, x = 2, y = 1, x = 0
    [[0.0, 1.0, 1.0], [1.0, 0.0, -2.0], [0.0, 1.0, -1.0], [1.0, 0.0, -0.0]]
    >>> [e[4] for e in box_polygon(0.0, 2.0, -1.0, 1.0).edges]            # their identities
    [(0, 0, -1), (0, 1, -1), (0, 2, -1), (0, 3, -1)]
    """
    c = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    lines = [(0.0, 1.0, -y0), (1.0, 0.0, -x1), (0.0, 1.0, -y1), (1.0, 0.0, -x0)]
    s = [max(abs(x), abs(y)) for x, y in c]
    return FloatPolygon(np.array(c, dtype=float), [[v, *ln, (0, k, -1)] for k, (v, ln) in enumerate(zip(s, lines))],
                        max(s))


def coordinates(F: FloatPolygon) -> np.ndarray:
    """The (k, 2) vertices of a polygon.

    Examples
    --------
    >>> coordinates(box_polygon(0.0, 1.0, 0.0, 1.0)).tolist()
    [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]
    """
    return F.xy


def vertex_units(F: FloatPolygon, X: np.ndarray) -> np.ndarray:
    """(k, n): the rounding unit ``2^-52 (s (|a| + |b|) + |c|)`` of each line (columns a, b, c of X, 3 x n) at each
    vertex of F: the size of the error of its value there.

    Examples
    --------
    >>> vertex_units(box_polygon(0.0, 1.0, 0.0, 1.0), np.array([[1.0], [0.0], [-0.5]])).ravel().tolist() == [
    ...     2.0**-52 * v for v in (0.5, 1.5, 1.5, 1.5)]
    True
    """
    aX = np.abs(X)
    return EPS * (F.scales()[:, None] * (aX[0] + aX[1]) + aX[2])


def on_own_edges(F: FloatPolygon, L: np.ndarray) -> np.ndarray:
    """(k, n) bool: whether vertex i of F lies on an edge (the one entering it or the one leaving it) whose line is
    line j of L (n x 3 rows a, b, c; the same float line up to a factor: the cross product of the coefficients
    vanishes in float64). The value of such a line there is no decision: it vanishes on that edge. A zero row
    is on every edge.

    Examples
    --------
    >>> F = box_polygon(0.0, 1.0, 0.0, 1.0)                   # the side y = 0 leaves vertex 0 and enters vertex 1
    >>> on_own_edges(F, np.array([[0.0, 2.0, 0.0], [1.0, 1.0, 0.0]])).tolist()
    [[True, False], [True, False], [False, False], [False, False]]
    """
    E = np.array([e[1:4] for e in F.edges])                             # (k, 3): the line leaving each vertex
    L = np.asarray(L, dtype=float).reshape(-1, 3)
    out = np.zeros((len(E), len(L)), dtype=bool)
    for G in (E, np.roll(E, 1, axis=0)):                               # leaving, entering
        out |= ~np.cross(G[:, None, :], L[None, :, :]).any(axis=2)
    return out


def _meet(p, t, e, va, vb, g):
    """[x, y], s where the line g crosses the edge from vertex p (edge row e: s, a, b, c) to vertex t (values va, vb
    of g there, of opposite signs): the intersection of g with the edge's line, or the point interpolated along the
    edge where that is better conditioned, or where the intersection falls off the edge (beyond its error: the
    signs at the ends were decided at the rounding level)."""
    ga, gb, gc, _ = g
    sr, ea, eb, ec, _ = e
    det = ga * eb - ea * gb
    bound = sr if sr > t[2] else t[2]
    s = np.inf
    if det != 0.0:
        x = (gb * ec - eb * gc) / det
        y = (gc * ea - ec * ga) / det
        ed = abs(ga * eb) + abs(ea * gb)
        ax, ay = abs(x), abs(y)
        ex = (abs(gb * ec) + abs(eb * gc) + ax * ed) / abs(det)
        ey = (abs(gc * ea) + abs(ec * ga) + ay * ed) / abs(det)
        sm = (ax if ax > ay else ay) + 2.0 * (ex if ex > ey else ey)
        tol = EPS * (sm + bound)
        if (min(p[0], t[0]) - tol <= x <= max(p[0], t[0]) + tol
                and min(p[1], t[1]) - tol <= y <= max(p[1], t[1]) + tol):
            if sm <= bound:
                return [x, y], sm
            s = sm
    # along the edge: the errors of va and vb (at most the units of g at both ends) over their difference
    d = max(abs(t[0] - p[0]), abs(t[1] - p[1]))
    si = bound + 2.0 * d * ((sr + t[2]) * (abs(ga) + abs(gb)) + 2.0 * abs(gc)) / abs(va - vb)
    if not si >= s:
        tt = va / (va - vb)
        return [p[0] + tt * (t[0] - p[0]), p[1] + tt * (t[1] - p[1])], si
    return [x, y], s


def split_polygon(F: FloatPolygon, vals, g, ident=None) -> tuple:
    """(plus part, minus part) of the polygon F cut by the line g = (a, b, c), whose values at F's vertices are
    ``vals`` (of both signs); a new vertex is where g meets an edge's line (see the module doc); the edges along g
    carry the identity ``ident``.

    Examples
    --------
    >>> F = box_polygon(-1.0, 1.0, -1.0, 1.0)
    >>> P, M = split_polygon(F, F.xy[:, 0] - F.xy[:, 1], (1.0, -1.0, 0.0))          # the diagonal x = y, via 2 corners
    >>> coordinates(P).tolist(), coordinates(M).tolist()
    ([[-1.0, -1.0], [1.0, -1.0], [1.0, 1.0]], [[-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0]])
    """
    xy = F.xy.tolist()
    es = F.edges
    vs = vals.tolist() if isinstance(vals, np.ndarray) else list(vals)
    g = (g.tolist() if isinstance(g, np.ndarray) else [float(v) for v in g]) + [ident]
    k = len(xy)
    P, PE, M, ME = [], [], [], []
    sp = sm = 0.0
    for i in range(k):
        p, e = xy[i], es[i]
        j = i + 1 if i + 1 < k else 0
        a, b = vs[i], vs[j]
        if a > 0:
            P.append(p)
            PE.append(e)
            sp = e[0] if e[0] > sp else sp
            if b < 0:
                q, s = _meet(p, xy[j] + [es[j][0]], e, a, b, g)
                P.append(q)
                M.append(q)
                PE.append([s] + g)
                ME.append([s] + e[1:])
                sp = s if s > sp else sp
                sm = s if s > sm else sm
        elif a < 0:
            M.append(p)
            ME.append(e)
            sm = e[0] if e[0] > sm else sm
            if b > 0:
                q, s = _meet(p, xy[j] + [es[j][0]], e, a, b, g)
                M.append(q)
                P.append(q)
                ME.append([s] + g)
                PE.append([s] + e[1:])
                sp = s if s > sp else sp
                sm = s if s > sm else sm
        else:                          # on the line: the edge that leaves it in a part runs along g if it crosses
            P.append(p)
            M.append(p)
            PE.append(e if b >= 0 else e[:1] + g)
            ME.append(e if b <= 0 else e[:1] + g)
            sp = e[0] if e[0] > sp else sp
            sm = e[0] if e[0] > sm else sm
    return FloatPolygon(np.array(P), PE, sp), FloatPolygon(np.array(M), ME, sm)
