"""What a float64 region count proves: its regions checked in exact arithmetic, and its rounding margin.

The float64 engines (:mod:`algnet.relu.regions_float`, :mod:`algnet.relu.model_regions_float`) decide every
sign by the sign of a rounded value and round every vertex, so their count is not proved. Two checks make the
result honest:

* a **lower bound** proved after the fact: for each float region, the average of its float vertices is taken
  as an exact point (a float is a rational) and its activation pattern is computed at that point in exact
  arithmetic (float64 with a rigorous error bound, exact rationals where the bound cannot decide). When the
  point lies strictly inside the box, no pre-activation vanishes there (none that is not identically zero on
  the region) and the exact pattern is the reported one, the region of that pattern has interior in the box.
  Distinct patterns are distinct regions, so the number of distinct checked patterns is a proved lower bound
  of the exact count;
* a **rounding margin** measured during the enumeration: the smallest ``|a x + b y + c|`` over every sign the
  engine decided, in units of ``2^-52 (S (|a| + |b|) + |c|)`` with ``S`` the largest coordinate of the box
  (the rounding error of a vertex grows with the coordinates: the units are the errors of the decision).
  Below :data:`MARGIN_THRESHOLD` units a decision was taken at the level of the rounding errors: lines,
  vertices or regions may have been invented or lost, and the count is reported as possibly wrong.

Examples
--------
>>> verdict_of(12, 12, 2.0**40), verdict_of(31, 28, 0.3), verdict_of(7, None, None)
('proved lower bound', 'possibly wrong', 'not verified')
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

__all__ = ["MARGIN_THRESHOLD", "check_mlp_regions", "check_model_regions", "interior_points", "margin_units",
           "verdict_of"]

#: Rounding margins (units of 2^-52 times the size of a decision's terms, :func:`margin_units`) below which a
#: float64 count is reported as possibly wrong: a vertex carries the rounding errors of the cuts that made it
#: (a few units each, more where a line meets an edge at a small angle), so a sign decided by fewer than about
#: a million units may be the sign of an error.
MARGIN_THRESHOLD = 2.0**20

_EPS = 2.0**-52


def margin_units(N: np.ndarray, scale: float) -> np.ndarray:
    """The rows of N (m x 3: lines a x + b y + c) multiplied by powers of two that make each line's margin unit
    ``2^-52 (scale (|a| + |b|) + |c|)`` lie in [1/2, 1): the signs and the cut points computed with the scaled
    lines are those of the lines (a power of two scales every rounded product and sum exactly), and the smallest
    ``|value|`` over the decisions is the rounding margin within a factor 2. A row that is exactly zero (a unit
    with no input and no bias: never positive) becomes (0, 0, -inf), negative everywhere and no margin.

    Examples
    --------
    >>> margin_units(np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 0.0]]), 1.0).tolist()
    [[2251799813685248.0, 0.0, 0.0], [0.0, 0.0, -inf]]
    """
    aN = np.abs(N)
    unit = _EPS * (scale * (aN[:, 0] + aN[:, 1]) + aN[:, 2])
    _, e = np.frexp(unit)
    out = np.ldexp(N, -e[:, None])
    zero = unit == 0
    if zero.any():
        out[zero] = (0.0, 0.0, -np.inf)
    return out


def verdict_of(count: int, lower_bound, margin) -> str:
    """'proved lower bound' (every region checked and the margin above :data:`MARGIN_THRESHOLD`), 'possibly
    wrong', or 'not verified' (no check was run)."""
    if lower_bound is None or margin is None:
        return "not verified"
    return "proved lower bound" if lower_bound == count and margin >= MARGIN_THRESHOLD else "possibly wrong"


def interior_points(polygons) -> np.ndarray:
    """(R, 2) float64: the average of each polygon's vertices (inside a convex polygon).

    Examples
    --------
    >>> interior_points([np.array([[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0]])]).tolist()
    [[1.0, 1.0]]
    """
    if not len(polygons):
        return np.zeros((0, 2))
    return np.array([np.asarray(P, dtype=float).mean(axis=0) for P in polygons]).reshape(-1, 2)


def _inside_box(pts: np.ndarray, box) -> np.ndarray:
    """Whether each point lies strictly inside the box, decided exactly."""
    ok = np.ones(len(pts), dtype=bool)
    for k, (lo, hi) in enumerate(((box[0], box[1]), (box[2], box[3]))):
        lo, hi = Fraction(lo), Fraction(hi)
        flo, fhi = float(lo), float(hi)
        if Fraction(flo) == lo and Fraction(fhi) == hi:
            ok &= (pts[:, k] > flo) & (pts[:, k] < fhi)
        else:
            ok &= np.array([lo < Fraction(float(x)) < hi for x in pts[:, k]], dtype=bool)
    return ok


def _pattern_text(acts) -> str:
    return "|".join("".join("1" if a else "0" for a in act) for act in acts)


def _exact_mlp_pattern(layers, sl, x: float, y: float):
    """The exact pattern string at the point (x, y) of the slice, or None when a pre-activation that is not
    identically zero on the point's region vanishes there (the point is on a boundary)."""
    u, v = Fraction(x), Fraction(y)
    n0 = len(sl.origin)
    M = [(Fraction(sl.directions[0][i]), Fraction(sl.directions[1][i]), Fraction(sl.origin[i])) for i in range(n0)]
    acts = []
    for W, b in layers[:-1]:
        M = [tuple(sum((Fraction(W[j][i]) * M[i][k] for i in range(len(M))), Fraction(0)) + (Fraction(b[j]) if k == 2
                                                                                              else 0)
                   for k in range(3)) for j in range(len(b))]
        act = []
        for j, (a, bb, c) in enumerate(M):
            val = a * u + bb * v + c
            if val == 0 and (a, bb, c) != (0, 0, 0):
                return None
            act.append(val > 0)
            if val <= 0:
                M[j] = (Fraction(0), Fraction(0), Fraction(0))
        acts.append(act)
    return _pattern_text(acts)


def check_mlp_regions(net, theta, sl, box, polygons, patterns) -> int:
    """Proved lower bound of the exact region count of a ReLU MLP on the box of the slice, from float regions:
    the number of distinct reported patterns whose region's interior point checks (see the module doc).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.relu.slices import Slice
    >>> sq = lambda x0, x1, y0, y1: np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=float)
    >>> net, theta = parse_spec("relu 2-1-1"), [1, 0, 0, 1, 0]                          # the line x = 0
    >>> check_mlp_regions(net, theta, Slice.standard(2), (-1, 1, -1, 1), [sq(0, 1, -1, 1), sq(-1, 0, -1, 1)], ["1", "0"])
    2
    >>> check_mlp_regions(net, theta, Slice.standard(2), (-1, 1, -1, 1), [sq(0, 1, -1, 1), sq(-1, 0, -1, 1)], ["1", "1"])
    1
    """
    from algnet.relu.filtered import FloatLayers, U, _TINY

    pts = interior_points(polygons)
    if not len(pts):
        return 0
    F = FloatLayers(net, theta, sl)
    w = np.column_stack([pts, np.ones(len(pts))])                     # (R, 3)
    aw = np.abs(w)
    g3 = 3 * U / (1 - 3 * U)
    h = w @ F.H0.T                                                     # the inputs (R, n0)
    eh = aw @ (F.EH0 + g3 * np.abs(F.H0)).T * (1 + 4 * g3) + _TINY
    decided = np.ones(len(pts), dtype=bool)
    acts = []
    for l in range(F.depth - 1):
        g, ah = F.g[l], np.abs(h)
        z = h @ F.A[l].T + F.c[l]
        e = eh @ F.absA[l].T + g * (ah @ F.absA[l].T + np.abs(F.c[l])) + F.Ec[l]
        if F.EA[l] is not None:
            e += (ah + eh) @ F.EA[l].T
        e = e * (1 + 4 * g) + _TINY
        with np.errstate(invalid="ignore"):
            decided &= np.all(np.abs(z) > e, axis=1)
        pos = z > 0
        acts.append(pos)
        h, eh = np.where(pos, z, 0.0), np.where(pos, e, 0.0)          # relu: an inactive unit is exactly 0
    ok = _inside_box(pts, box)
    layers = None
    good = set()
    for i in range(len(pts)):
        if not ok[i]:
            continue
        if decided[i]:
            pat = _pattern_text([a[i] for a in acts])
        else:
            if layers is None:
                layers = [(W.tolist(), b.tolist()) for W, b in net.layers(theta)]
            pat = _exact_mlp_pattern(layers, sl, float(pts[i, 0]), float(pts[i, 1]))
        if pat is not None and pat == patterns[i]:
            good.add(pat)
    return len(good)


def check_model_regions(model, sl, box, polygons, patterns, digits: str) -> int:
    """Proved lower bound of the exact region count of a PLModel on the box of the slice, from float regions
    (as :func:`check_mlp_regions`, the patterns computed by the model's exact forward pass): an activation unit
    must not vanish at the point, a max-pool window must have one maximal entry; ``digits`` writes an argmax.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> from algnet.relu.slices import Slice
    >>> m = PLModel.from_layers([([[1, 0]], [0]), ([[1]], [0])])                          # relu(x)
    >>> sq = lambda x0, x1: np.array([[x0, -1], [x1, -1], [x1, 1], [x0, 1]], dtype=float)
    >>> check_model_regions(m, Slice.standard(2), (-1, 1, -1, 1), [sq(0, 1), sq(-1, 0)], ["1", "0"], "0123")
    2
    """
    from algnet.relu.model import Activation

    pts = interior_points(polygons)
    if not len(pts):
        return 0
    ok = _inside_box(pts, box)
    n0 = model.input_size
    d0, d1, o = ([Fraction(v) for v in vec] for vec in (sl.directions[0], sl.directions[1], sl.origin))
    X = np.array([[o[i] + Fraction(float(x)) * d0[i] + Fraction(float(y)) * d1[i] for i in range(n0)]
                  for x, y in pts.tolist()], dtype=object)
    _, pre = model.forward(X, exact=True, preactivations=True)
    ops = [n.op for n in model.nodes if type(n.op).__name__ in ("Activation", "MaxPool")]
    good = set()
    for r in range(len(pts)):
        if not ok[r]:
            continue
        blocks = []
        for op, P in zip(ops, pre):
            row = P[r]
            if isinstance(op, Activation):
                if any(v == 0 for v in row):
                    break
                blocks.append("".join("1" if v > 0 else "0" for v in row))
                continue
            arg = []
            for w in op.windows.tolist():
                idx = [k for k in range(len(w)) if w.index(w[k]) == k]
                top = max(row[w[k]] for k in idx)
                best = [k for k in idx if row[w[k]] == top]
                if len(best) != 1:
                    break
                arg.append(digits[best[0] % len(digits)])
            if len(arg) != len(op.windows):
                break
            blocks.append("".join(arg))
        else:
            pat = "|".join(blocks)
            if pat == patterns[r]:
                good.add(pat)
    return len(good)
