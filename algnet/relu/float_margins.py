"""The rounding margin of the signs a float64 region engine decides at a polygon's vertices, and the exact re-check
of the decisions taken at the rounding level.

Both float engines (:mod:`algnet.relu.regions_float`, :mod:`algnet.relu.model_regions_float`) cut float polygons
(:mod:`algnet.relu.float_polygons`) by lines and decide the sign of each line at each vertex.
:func:`vertex_margin` measures those decisions (:mod:`algnet.relu.float_check`: the smallest ``|a x + b y + c|`` in
units of ``2^-52 (s (|a| + |b|) + |c|)``, ``s`` the vertex's scale; a line along an edge of the piece at the vertex
is no decision), and hands those below :data:`~algnet.relu.float_check.MARGIN_THRESHOLD` to
:func:`note_decisions`, which records them (the vertex by the identities of its two edges' lines, the line by its
own) for :func:`recheck_decisions`: the vertex is the exact meeting point of the two exact lines and the decision
stands when the exact line is zero there (a third line through the vertex, as the exact engines decide) or has the
sign taken. The exact lines come from the engine (:func:`mlp_exact_lines`; for a PLModel,
:func:`~algnet.relu.float_check.recheck_vertex_decisions`) by the lines' identities, and a float line is only
taken for the exact one of its identity when it rounds it (the same line to about 2^-30 of its coefficients, the
same orientation).

Examples
--------
>>> from algnet.relu.float_polygons import box_polygon
>>> F = box_polygon(-1.0, 1.0, -1.0, 1.0)
>>> L = np.array([[1.0, 0.0, -1.0]])                                    # x = 1: the side of the box at x = 1
>>> r, vals = vertex_margin(F, F.xy @ L[:, :2].T + L[:, 2], L)
>>> r, vals[:, 0].tolist()                                               # its zeros are on its own edge
(4503599627370496.0, [-2.0, 0.0, 0.0, -2.0])
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.relu.float_check import MARGIN_THRESHOLD, MAX_RECHECKS
from algnet.relu.float_polygons import EPS, on_own_edges

__all__ = ["mlp_exact_lines", "note_decisions", "recheck_decisions", "vertex_margin"]


def vertex_margin(P, vals, lines, *, unit=None, skip=None, rows=None, again=None, note=None, floor=np.inf):
    """(margin, values) of the signs of the n lines ``lines`` (n x 3 rows a, b, c) decided at the vertices of the
    float polygon P, from their values ``vals`` there (k x n; at the vertices ``rows`` of P when given), for a caller
    whose cheaper bound (at the piece's largest scale) fell below the threshold.

    ``unit`` (k x n): the rounding unit of each value (default each line's at each vertex's scale,
    :func:`~algnet.relu.float_polygons.vertex_units`); ``skip`` (k x n bool): values that are no decision. Below the
    threshold, ``again()`` (when given) returns (values, units) taken again more closely, then the values of a line
    along an edge of P at the vertex (:func:`~algnet.relu.float_polygons.on_own_edges`) are no decision (and are
    returned as 0), then ``note(ratios, values)`` (when given) records the decisions still below the threshold and
    returns the smallest margin of the others (:func:`note_decisions`). ``floor``: the margin so far (the closer
    steps are skipped when they could not lower it). NaN (a zero line at a vertex of scale 0) is no decision.

    Examples
    --------
    >>> from algnet.relu.float_polygons import box_polygon
    >>> F = box_polygon(0.0, 1.0, 0.0, 1.0)
    >>> L = np.array([[1.0, 1.0, -1.0 - 2.0**-40]])                     # beside the corners (1, 0) and (0, 1)
    >>> r, _ = vertex_margin(F, F.xy @ L[:, :2].T + L[:, 2], L)
    >>> r == 2.0**-40 / (EPS * (3.0 + 2.0**-40))                # 2^-40 over the unit 2^-52 (1 (1 + 1) + 1 + 2^-40)
    True
    """
    if unit is None:
        s = P.scales() if rows is None else P.scales()[rows]
        aL = np.abs(lines)
        unit = EPS * (s[:, None] * (aL[:, 0] + aL[:, 1]) + aL[:, 2])
    a = np.abs(vals)
    if skip is not None:
        a[skip] = np.inf
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.fmin.reduce(a / unit, axis=None)
        if r < MARGIN_THRESHOLD and r < floor:
            if again is not None:
                vals, unit = again()
                a = np.abs(vals)
                if skip is not None:
                    a[skip] = np.inf
            own = on_own_edges(P, lines)
            if rows is not None:
                own = own[rows]
            a[own] = np.inf
            vals = np.where(own, 0.0, vals)
            ratio = a / unit
            r = np.fmin.reduce(ratio, axis=None)
            if note is not None and r < MARGIN_THRESHOLD:
                r = note(ratio, vals)
    return (np.inf if r != r else float(r)), vals


def note_decisions(P, ratio, lines, idents, signs, rec, rows=None) -> float:
    """Record the decisions of ``ratio`` (k x n: the margins of the n lines ``lines`` (n x 3), of identities
    ``idents``, at the vertices ``rows`` of P, default all; NaN: no decision) below the threshold, with the signs
    taken (``signs``, k x n), for :func:`recheck_decisions`: ``rec`` = [node being cut, records]; returns the
    smallest margin of the others. Past :data:`~algnet.relu.float_check.MAX_RECHECKS` records none is recorded
    and the smallest margin is returned.

    Examples
    --------
    >>> from algnet.relu.float_polygons import box_polygon
    >>> rec = [1, []]
    >>> note_decisions(box_polygon(0.0, 1.0, 0.0, 1.0), np.array([[2.0, 5.0], [9e9, 9e9], [9e9, 9e9], [9e9, 9e9]]),
    ...                [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], [(1, 0, -1), (1, 1, -1)], np.ones((4, 2)), rec)
    9000000000.0
    >>> [(r[2], r[3], r[4], r[6]) for r in rec[1]]        # at (0, 0): entered along x = 0, left along y = 0
    [([1.0, 0.0, -0.0, (0, 3, -1)], [0.0, 1.0, -0.0, (0, 0, -1)], [1.0, 0.0, 0.0, (1, 0, -1)], 2.0), \
([1.0, 0.0, -0.0, (0, 3, -1)], [0.0, 1.0, -0.0, (0, 0, -1)], [0.0, 1.0, 0.0, (1, 1, -1)], 5.0)]
    """
    with np.errstate(invalid="ignore"):
        low = ratio < MARGIN_THRESHOLD
    ks, js = np.nonzero(low)
    if len(rec[1]) + len(ks) > MAX_RECHECKS:
        return float(np.fmin.reduce(ratio, axis=None))
    rows = range(len(P)) if rows is None else rows.tolist()
    p = tuple(P.xy.mean(axis=0).tolist())
    E, L = P.edges, np.asarray(lines, dtype=float).tolist()
    for k, j in zip(ks.tolist(), js.tolist()):
        v = rows[k]
        rec[1].append((rec[0], p, E[v - 1][1:], E[v][1:], L[j] + [idents[j]], float(signs[k, j]),
                       float(ratio[k, j])))
    return float(np.fmin.reduce(np.where(low, np.inf, ratio), axis=None))


def recheck_decisions(suspects, exact_lines) -> float:
    """The smallest margin among the recorded decisions (:func:`note_decisions`) that exact arithmetic does not
    confirm (``inf`` when it confirms them all). A record is ``(node, point, entering, leaving, line, sign,
    margin)``: the sign ``sign`` (+1, -1, or 0: on the line) of ``line`` taken at the vertex where ``entering`` and
    ``leaving`` meet (each ``[a, b, c, identity]``), on a piece at ``node`` whose interior point is ``point``.
    ``exact_lines(node, point)`` gives that piece's exact lines by identity (a function of the identity: an exact
    (a, b, c), or None) or None (no piece there).

    Examples
    --------
    >>> x, y, d = [1.0, 0.0, 0.0, "x"], [0.0, 1.0, 0.0, "y"], [1.0, 1.0, 0.0, "d"]      # x + y = 0 through (0, 0)
    >>> exact = {"x": (1, 0, 0), "y": (0, 1, 0), "d": (1, 1, 0)}
    >>> recheck_decisions([(1, (0.5, 0.5), x, y, d, 1.0, 0.5)], lambda node, point: exact.get)
    inf
    >>> exact["d"] = (1, 1, Fraction(-1, 2**60))                       # x + y = 2^-60, rounded to x + y = 0
    >>> recheck_decisions([(1, (0.5, 0.5), x, y, d, 1.0, 0.5)], lambda node, point: exact.get)
    0.5
    """
    pieces, lines = {}, {}
    for node, point, enter, leave, line, sign, r in sorted(suspects, key=lambda rec: rec[-1]):
        key = (node, tuple(point))                  # the smallest margins first: the first one not confirmed is it
        if key not in pieces:
            pieces[key] = exact_lines(node, point)
        get = pieces[key]
        if get is None:
            return r
        found = []
        for e in (enter, leave, line):
            k = (key, e[3], e[0], e[1], e[2])
            if k not in lines:
                lines[k] = _exact_of(get, e)
            found.append(lines[k])
        if None in found or not _exact_sign_at_meet(*found, sign):
            return r
    return np.inf


def _exact_of(get, row):
    """The exact line of the identity row[3], when the float line row[:3] rounds it (the same line to about 2^-30
    of its coefficients, the same orientation); else None."""
    if row[3] is None:
        return None
    L = get(row[3])
    if L is None:
        return None
    f, v = np.array([float(t) for t in L]), np.asarray(row[:3], dtype=float)
    nf, nv = np.abs(f).max(), np.abs(v).max()
    if not (nf > 0 and nv > 0):
        return None
    f, v = f / nf, v / nv
    if np.abs(np.cross(f, v)).max() > 2.0**-30 or float(np.dot(f, v)) <= 0:
        return None
    return L


def _exact_sign_at_meet(L1, L2, g, sign) -> bool:
    """Whether the exact line g is zero, or has the sign ``sign``, where the exact lines L1 and L2 meet."""
    det = L1[0] * L2[1] - L2[0] * L1[1]
    if det == 0:
        return False
    x = Fraction(L1[1] * L2[2] - L2[1] * L1[2], det)
    y = Fraction(L1[2] * L2[0] - L2[2] * L1[0], det)
    val = g[0] * x + g[1] * y + g[2]
    return val == 0 or (val > 0) == (sign > 0) and sign != 0


def mlp_exact_lines(layers, sl, box):
    """``exact_lines(node, point)`` for :func:`recheck_decisions` of a ReLU MLP: the box's sides (identities
    ``(0, k, -1)``) and the zero lines of the units of the hidden layers 1 .. ``node`` (``(l, j, -1)``) on the piece
    of the exact activation pattern at the point, from the exact weights ``layers`` [(W, b)] (rationals); None when
    a unit that is not identically zero vanishes at the point (no piece there).

    Examples
    --------
    >>> from algnet.relu.slices import Slice
    >>> layers = [([[1, 0], [1, -1]], [0, 0]), ([[1, 1]], [Fraction(-1, 2)]), ([[1]], [0])]
    >>> get = mlp_exact_lines(layers, Slice.standard(2), (-1, 1, -1, 1))(2, (0.5, 0.25))
    >>> get((1, 1, -1)), get((2, 0, -1)), get((0, 1, -1))                # x - y; x + (x - y) - 1/2; x = 1
    ((Fraction(1, 1), Fraction(-1, 1), Fraction(0, 1)), (Fraction(2, 1), Fraction(-1, 1), Fraction(-1, 2)), \
(1, 0, Fraction(-1, 1)))
    """
    n0 = len(sl.origin)
    H0 = [(Fraction(sl.directions[0][i]), Fraction(sl.directions[1][i]), Fraction(sl.origin[i])) for i in range(n0)]
    Wb = [([[Fraction(w) for w in row] for row in (W.tolist() if hasattr(W, "tolist") else W)],
           [Fraction(c) for c in (b.tolist() if hasattr(b, "tolist") else b)]) for W, b in layers]
    x0, x1, y0, y1 = (Fraction(v) for v in box)
    sides = [(0, 1, -y0), (1, 0, -x1), (0, 1, -y1), (1, 0, -x0)]

    memo = {}                                     # (layer, the patterns of the layers before it): its lines

    def exact_lines(node, point):
        u, v = Fraction(point[0]), Fraction(point[1])
        out, key = [sides], ()
        for W, b in Wb[:node]:
            key += (len(out),)
            N = memo.get(key)
            if N is None:
                H = memo.get(key[:-1] + (-1,), H0)
                N = memo[key] = [tuple(sum((w * h[k] for w, h in zip(row, H)), c if k == 2 else 0) for k in range(3))
                                 for row, c in zip(W, b)]
            out.append(N)
            act = []
            for line in N:
                val = line[0] * u + line[1] * v + line[2]
                if val == 0 and any(line):
                    return None
                act.append(val > 0)
            key += (tuple(act),)
            if key + (-1,) not in memo:                 # the next layer's inputs on this piece
                memo[key + (-1,)] = [line if a else (0, 0, 0) for line, a in zip(N, act)]
        return lambda ident: out[ident[0]][ident[1]] if ident[0] < len(out) else None

    return exact_lines
