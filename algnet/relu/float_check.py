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
  engine decided, in units of ``2^-52 (s (|a| + |b|) + |c|)`` with ``s`` the vertex's scale: its largest
  coordinate plus a bound of its own rounding error (:mod:`algnet.relu.float_polygons`; the units are the errors
  of the decision).
  Below :data:`MARGIN_THRESHOLD` units a decision was taken at the level of the rounding errors: lines,
  vertices or regions may have been invented or lost, and the count is reported as possibly wrong. (Above it the
  engines may record a lower bound of the margin, measured against the largest unit of a piece's lines. No
  decision is counted where a line is identically zero, where a max-pool compares two equal float maps, where
  it meets again the zero line of a ReLU, an edge of the piece already measured, or at a vertex on an edge whose
  line it is (:func:`~algnet.relu.float_polygons.on_own_edges`).) The few decisions of either engine below the
  threshold at a vertex are re-checked in exact rationals (:mod:`algnet.relu.float_margins`; the lines taken by the
  identities the polygons' edges carry, exact from the weights: :func:`~algnet.relu.float_margins.mlp_exact_lines`,
  :func:`recheck_vertex_decisions`: the vertex as the exact meeting point of its two edge lines, the line's exact
  sign there; zero, a third line through the vertex, is on the line as in the exact engine), and so is a sliver
  the model engine cuts off at such vertices (no region when they lie exactly on the cutting line); only the
  decisions the exact values do not confirm lower the margin. The margin is not a proof: a count with a comfortable
  margin is a proved lower bound and the float64 estimate of the count, no more.

Examples
--------
>>> verdict_of(12, 12, 2.0**40), verdict_of(31, 28, 0.3), verdict_of(7, None, None)
('proved lower bound', 'possibly wrong', 'not verified')
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

# the rounding rules of the exact engine's float filter, one copy: the unit roundoff, gamma_n, the underflow slack
from algnet.relu.filtered import U as _U
from algnet.relu.filtered import _TINY, _gamma
from algnet.relu.float_products import row_blocks
from algnet.relu.partition import pattern_str

__all__ = ["MARGIN_THRESHOLD", "CHECK_CHUNK_BYTES", "check_chunks", "check_mlp_regions", "check_model_regions",
           "interior_points",
           "recheck_vertex_decisions", "verdict_of"]

#: Rounding margins (units of 2^-52 times the size of a decision's terms: see the module doc) below which a
#: float64 count is reported as possibly wrong: a vertex carries the rounding errors of the cuts that made it
#: (a few units each, more where a line meets an edge at a small angle), so a sign decided by fewer than about
#: a million units may be the sign of an error.
MARGIN_THRESHOLD = 2.0**20

ONE_THREAD_PRODUCTS = 3 * 65536     # multiplications per matrix product kept below OpenBLAS's threading threshold


def verdict_of(count: int, lower_bound, margin) -> str:
    """'proved lower bound' (every region checked and the margin above :data:`MARGIN_THRESHOLD`), 'possibly
    wrong', or 'not verified' (no check was run).

    Examples
    --------
    >>> verdict_of(30, 30, 1e9), verdict_of(31, 28, 1e9), verdict_of(30, 30, 0.02)
    ('proved lower bound', 'possibly wrong', 'possibly wrong')
    """
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
    sizes = np.array([len(P) for P in polygons])
    V = np.concatenate(polygons).astype(float, copy=False).reshape(-1, 2)
    return np.add.reduceat(V, np.concatenate([[0], np.cumsum(sizes)[:-1]]), axis=0) / sizes[:, None]


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
    return pattern_str(acts)


def check_mlp_regions(net, theta, sl, box, polygons, patterns, layers=None) -> int:
    """Proved lower bound of the exact region count of a ReLU MLP on the box of the slice, from float regions:
    the number of distinct reported patterns whose region's interior point checks (see the module doc).
    ``layers``: the float64 weights [(W, b)] when the caller has them (each the rounded rational).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.relu.slices import Slice
    >>> sq = lambda x0, x1, y0, y1: np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=float)
    >>> net, theta = parse_spec("relu 2-1-1"), [1, 0, 0, 1, 0]                          # the line x = 0
    >>> halves = [sq(0, 1, -1, 1), sq(-1, 0, -1, 1)]
    >>> check_mlp_regions(net, theta, Slice.standard(2), (-1, 1, -1, 1), halves, ["1", "0"])
    2
    >>> check_mlp_regions(net, theta, Slice.standard(2), (-1, 1, -1, 1), halves, ["1", "1"])    # one wrong
    1
    """
    pts = interior_points(polygons)
    if not len(pts):
        return 0
    if layers is None:
        layers = [(W.astype(float), b.astype(float)) for W, b in net.layers(theta)]
    n0 = net.widths[0]
    H0 = np.array([[float(sl.directions[0][i]), float(sl.directions[1][i]), float(sl.origin[i])] for i in range(n0)])
    good, rest = set(), []
    for lo, hi in check_chunks(len(pts), [A.shape[0] for A, _ in layers[:-1]] or [1]):
        texts, decided = _mlp_float_patterns(pts[lo:hi], layers, H0)
        ok = _inside_box(pts[lo:hi], box)
        good |= {t for t, q, d in zip(texts, patterns[lo:hi], (ok & decided).tolist()) if d and t == q}
        rest += (lo + np.nonzero(ok & ~decided)[0]).tolist()
    if rest:                                   # the points the bounds cannot decide: exact rationals
        exact = [(W.tolist(), b.tolist()) for W, b in net.layers(theta)]
        for i in rest:
            pat = _exact_mlp_pattern(exact, sl, float(pts[i, 0]), float(pts[i, 1]))
            if pat is not None and pat == patterns[i]:
                good.add(pat)
    return len(good)


#: Bytes the float64 check of the regions (:func:`check_mlp_regions`, :func:`check_model_regions`) may hold at
#: once: the regions are checked in chunks of points whose values, error bounds and activations of the widest
#: layer (:data:`CHECK_BYTES_PER_VALUE` each) fit in it. All at once, relu 2-3000-1's 1.4 million regions held
#: about 400 GB.
CHECK_CHUNK_BYTES = 32 * 2**20
#: Bytes per point and unit of a layer that the check holds (the values, their bounds, their absolute values, the
#: products' blocks, the activations and the pattern characters): measured (tracemalloc) 59 on relu
#: 2-150-150-150-1, and the models' check (:func:`check_model_regions`, a value's constancy too) up to 160.
CHECK_BYTES_PER_VALUE = 160


def check_chunks(points: int, widths) -> list:
    """(start, stop) of the chunks of ``points`` points checked at once for layers of these ``widths`` (units):
    at most :data:`CHECK_CHUNK_BYTES` a chunk (:data:`CHECK_BYTES_PER_VALUE` per point and unit of the widest
    layer, plus its pattern characters), at least one point.

    Examples
    --------
    >>> check_chunks(10, [3])
    [(0, 10)]
    >>> len(check_chunks(10**6, [3000])), check_chunks(10**6, [3000])[-1][1]
    (14493, 1000000)
    """
    per_point = CHECK_BYTES_PER_VALUE * max(int(w) for w in widths) + sum(int(w) + 1 for w in widths)
    rows = max(1, CHECK_CHUNK_BYTES // per_point)
    return [(lo, min(lo + rows, points)) for lo in range(0, points, rows)]


def _mlp_float_patterns(pts, layers, H0):
    """(pattern strings, decided) of the points ``pts`` (R, 2) through the float64 ``layers``, with rigorous error
    bounds (``decided[r]``: every sign at point r is proved)."""
    w = np.column_stack([pts, np.ones(len(pts))])                     # (R, 3)
    g3 = _gamma(3)
    h = w @ H0.T                                                       # the inputs (R, n0)
    eh = np.abs(w) @ ((2 * _U + g3) * np.abs(H0)).T * (1 + 4 * g3) + _TINY     # H0: each entry rounded once
    decided = np.ones(len(pts), dtype=bool)
    acts = []
    for A, c in layers[:-1]:
        g, ah, aA = _gamma(A.shape[1] + 2), np.abs(h), np.abs(A)
        z = _rows_product(h, A) + c
        # the error of the inputs, of the rounded weights and biases (2u |A|, 2u |c|), and of the dot products
        g2 = g + 2 * _U
        e = _rows_product((1 + g2) * eh + g2 * ah, aA) + g2 * np.abs(c)
        e = e * (1 + 4 * g) + _TINY
        with np.errstate(invalid="ignore"):
            decided &= np.all(np.abs(z) > e, axis=1)
        pos = z > 0
        acts.append(pos)
        h, eh = np.where(pos, z, 0.0), np.where(pos, e, 0.0)          # relu: an inactive unit is exactly 0
    return _pattern_texts(acts, len(pts)), decided


def _rows_product(X: np.ndarray, A: np.ndarray) -> np.ndarray:
    """``X @ A.T`` in blocks of rows small enough for OpenBLAS to run each in one thread (its threads wait for each
    other on a shared machine, :mod:`algnet.relu.float_products`; OpenBLAS threads a product of m n k >= 4 x 65536
    multiplications: (3000 x 50) @ (50 x 50) took 6.0 ms of CPU at once, 1.7 ms in blocks of 100 rows, 0.50 ms in
    blocks of 80 rows)."""
    return row_blocks(X, A.T, ONE_THREAD_PRODUCTS)


def _pattern_texts(blocks, R: int) -> list:
    """The pattern strings of R points from per-layer (R, n_l) blocks: bool activations, or uint8 characters."""
    if not blocks:
        return [""] * R
    cols = []
    for k, blk in enumerate(blocks):
        if k:
            cols.append(np.full((R, 1), ord("|"), dtype=np.uint8))
        cols.append(blk.astype(np.uint8) + 48 if blk.dtype == bool else blk.astype(np.uint8))
    arr = np.ascontiguousarray(np.concatenate(cols, axis=1))
    return [row.decode() for row in arr.view(f"S{arr.shape[1]}").ravel().tolist()]


def check_model_regions(model, sl, box, polygons, patterns, digits: str) -> int:
    """Proved lower bound of the exact region count of a PLModel on the box of the slice, from float regions
    (as :func:`check_mlp_regions`: float64 with rigorous error bounds, the model's exact forward pass where they
    cannot decide): an activation unit must not vanish at the point, a max-pool window must have one maximal entry;
    ``digits`` writes an argmax.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> from algnet.relu.slices import Slice
    >>> m = PLModel.from_layers([([[1, 0]], [0]), ([[1]], [0])])                          # relu(x)
    >>> sq = lambda x0, x1: np.array([[x0, -1], [x1, -1], [x1, 1], [x0, 1]], dtype=float)
    >>> check_model_regions(m, Slice.standard(2), (-1, 1, -1, 1), [sq(0, 1), sq(-1, 0)], ["1", "0"], "0123")
    2
    """
    pts = interior_points(polygons)
    if not len(pts):
        return 0
    good = set()
    for lo, hi in check_chunks(len(pts), [max(int(n.size) for n in model.nodes)]):
        part = pts[lo:hi]
        ok = _inside_box(part, box)
        texts, decided = _model_float_patterns(model, sl, part, digits)
        rest = np.nonzero(ok & ~decided)[0]
        exact = dict(zip(rest.tolist(), _model_exact_patterns(model, sl, part[rest], digits))) if len(rest) else {}
        for r in np.nonzero(ok)[0].tolist():
            pat = texts[r] if decided[r] else exact[r]
            if pat is not None and pat == patterns[lo + r]:
                good.add(pat)
    return len(good)



def _slice_inputs(sl, n0, pts):
    """(X, E, C): float64 inputs o + x d0 + y d1 of the points, a bound on their error (exactly 0 where the input is
    a constant float), and whether each is constant along the slice."""
    rows = [(Fraction(sl.directions[0][i]), Fraction(sl.directions[1][i]), Fraction(sl.origin[i])) for i in range(n0)]
    H0 = np.array([[float(v) for v in row] for row in rows]).reshape(n0, 3)
    inexact = np.array([any(Fraction(float(v)) != v for v in row) for row in rows], dtype=bool)
    const = (H0[:, 0] == 0) & (H0[:, 1] == 0)
    w = np.column_stack([pts, np.ones(len(pts))])
    g3 = _gamma(3)
    raw = np.abs(w) @ ((2 * _U * inexact[:, None] + g3 * ~const[:, None]) * np.abs(H0)).T
    return w @ H0.T, _settle(raw, g3), np.broadcast_to(const, (len(pts), n0))


def _settle(raw: np.ndarray, g: float) -> np.ndarray:
    """A computed error bound made safe against the rounding of its own computation; an exact 0 stays 0 (the value
    had no error: e.g. a sum of exact zeros and a bias)."""
    return np.where(raw > 0, raw * (1 + 4 * g) + _TINY, 0.0)


def _affine_blocks(op, X: np.ndarray, Wg: np.ndarray) -> np.ndarray:
    """``op.linear(X, Wg)`` in blocks of rows of at most :data:`ONE_THREAD_PRODUCTS` products each (one BLAS
    thread, no torch)."""
    G, L, K = op.idx.shape
    rows = max(1, ONE_THREAD_PRODUCTS // max(1, L * K * Wg.shape[1]))
    if X.shape[0] <= rows:
        return op.linear(X, Wg)
    return np.concatenate([op.linear(X[i:i + rows], Wg) for i in range(0, X.shape[0], rows)])


def _model_float_patterns(model, sl, pts, digits):
    """(pattern strings, decided): the model's patterns at the points in float64 with rigorous error bounds;
    ``decided[r]`` when every sign and argmax at point r is proved. Each value also carries whether it is constant
    near the point (it does not depend on the slice's inputs there, e.g. a unit whose inputs are all constant
    pixels): an exact zero of a constant pre-activation, or a tie of constant entries of a max-pool, is so on the
    whole region, no boundary (the engines take the unit inactive and the first entry, as here)."""
    from algnet.relu.model import Activation, Affine, MaxPool

    R = len(pts)
    vals = {0: _slice_inputs(sl, model.input_size, pts)}
    decided = np.ones(R, dtype=bool)
    blocks = []
    last = model.last_use()
    end = max((i for i, n in enumerate(model.nodes) if isinstance(n.op, (Activation, MaxPool))), default=0)
    for i, n in enumerate(model.nodes[1:end + 1], start=1):                 # the nodes after the last cut: no need
        op = n.op
        X, E, C = vals[n.inputs[0]]
        if isinstance(op, Affine):
            vals[i] = _affine_bounds(op, X, E, C)
        elif isinstance(op, Activation):
            sf = op.slopes.astype(float)
            zero = C & (E == 0) & (X == 0)                        # identically zero near the point
            with np.errstate(invalid="ignore"):
                decided &= np.all((np.abs(X) > E) | zero, axis=1)
            pos = X > 0
            blocks.append(pos)
            Y = np.where(pos, X, X * sf)
            raw = np.where(pos, E, np.abs(sf) * E * (1 + 2 * _U) + 4 * _U * np.abs(Y))
            vals[i] = (Y, np.where(raw > 0, raw + _TINY, 0.0), np.where(pos, C, C | (sf == 0)))
        elif isinstance(op, MaxPool):
            vals[i] = _maxpool_bounds(op, X, E, C, decided)
            blocks.append(np.frombuffer(digits.encode(), dtype=np.uint8)[vals[i][3] % len(digits)])
            vals[i] = vals[i][:3]
        else:
            vals[i] = _combine_bounds(op, [vals[j] for j in n.inputs])
        vals = {k: v for k, v in vals.items() if k == i or last.get(k, -1) > i}
    return _pattern_texts(blocks, R), decided


def _affine_bounds(op, X, E, C):
    """(Y, E, C) of an affine node: the dot products (gamma_K), the rounded weights (2u |W|) and biases."""
    Wf, bf = op.arrays("float")
    key = "float_check"
    if key not in op._cache:
        bias = op.bias_vector(bf)
        inexact = op.bias_vector(np.array([Fraction(float(v)) != v for v in op.b.ravel().tolist()],
                                          dtype=float).reshape(bf.shape))
        op._cache[key] = (bias, np.abs(Wf), 2 * _U * np.abs(bias) * inexact)
    bias, aW, Eb = op._cache[key]
    g = _gamma(op.idx.shape[2] + 2) + 2 * _U
    Y = _affine_blocks(op, X, Wf) + bias
    R = X.shape[0]
    both = _affine_blocks(op, np.concatenate([E + g * (np.abs(X) + E), (~C).astype(float)]), aW)
    T, varying = both[:R], both[R:]                           # T: 0 where every input with a weight is an exact 0
    return Y, _settle(T + g * np.abs(bias) * (T > 0) + Eb, g), varying == 0


def _maxpool_bounds(op, X, E, C, decided):
    """(Y, E, C, argmax) of a max-pool; ``decided`` loses the points where an argmax is not proved."""
    win = op.windows
    V, EV, CV = X[:, win], E[:, win], C[:, win]                              # (R, n_out, kk)
    arg = np.argmax(V, axis=2)
    pick = lambda A: np.take_along_axis(A, arg[..., None], axis=2)        # noqa: E731
    top, etop, ctop = pick(V), pick(EV), pick(CV)
    same = win[None, :, :] == pick(np.broadcast_to(win, V.shape))
    tie = ctop & CV & (etop == 0) & (EV == 0) & (top == V)                  # equal constants: the first entry wins
    with np.errstate(invalid="ignore"):
        decided &= np.all((top - V > (etop + EV) * (1 + 4 * _U) + _TINY) | same | tie, axis=(1, 2))
    return top[..., 0], etop[..., 0], ctop[..., 0], arg


def _combine_bounds(op, ins):
    """(Y, E, C) of a linear combination (Combine) or a concatenation and permutation (Gather)."""
    from algnet.relu.model import Combine

    if isinstance(op, Combine):
        cf = [float(c) for c in op.coeffs]
        g = _gamma(len(ins) + 1) + 2 * _U
        Y = sum(c * x for c, (x, _, _) in zip(cf, ins))
        raw = sum(abs(c) * (e + g * (np.abs(x) + e)) for c, (x, e, _) in zip(cf, ins))
        C = ins[0][2]
        for _, _, c in ins[1:]:
            C = C & c
        return Y, _settle(raw, g), C
    return tuple(np.concatenate([v[k] for v in ins], axis=1)[:, op.perm] for k in range(3))


def _model_exact_patterns(model, sl, pts, digits) -> list:
    """The exact pattern strings at the points (None at a point on a boundary), by an exact forward pass of each
    point's value and of its derivatives along the slice (the affine map of its region, integer numerators). A unit
    that vanishes at the point is a boundary unless its map vanishes identically there (then it is inactive, as in
    the engines); a max-pool window with two maximal entries is a boundary unless their maps are the same (then the
    first entry wins, as in the engines)."""
    from algnet.relu.model import Activation, Affine, MaxPool, int_op
    from algnet.relu.model_ops import _common_den, _ints

    n0, R = model.input_size, len(pts)
    d0, d1, o = ([Fraction(v) for v in vec] for vec in (sl.directions[0], sl.directions[1], sl.origin))
    rows = []
    for x, y in pts.tolist():
        u, v = Fraction(x), Fraction(y)
        rows += [[o[i] + u * d0[i] + v * d1[i] for i in range(n0)], d0, d1]      # value, d/du, d/dv
    M = np.array(rows, dtype=object)
    S0 = _common_den(M.ravel().tolist())
    S = model.scales(S0)
    vals, last = {0: _ints(M, S0)}, model.last_use()
    first = list(range(0, 3 * R, 3))
    bad = np.zeros(R, dtype=bool)
    blocks = [[] for _ in range(R)]
    for i, n in enumerate(model.nodes[1:], start=1):
        op, X = n.op, vals[n.inputs[0]]
        if isinstance(op, Activation):
            val = X[0::3]
            pos = np.vectorize(lambda t: t > 0, otypes=[bool])(val)
            nil = np.vectorize(lambda t: t == 0, otypes=[bool])(X).reshape(R, 3, -1)
            bad |= (nil[:, 0] & ~nil.all(axis=1)).any(axis=1)           # vanishes at the point, not identically
            for r in range(R):
                blocks[r].append("".join("1" if b else "0" for b in pos[r].tolist()))
            vals[i] = np.where(np.repeat(pos, 3, axis=0), X * op.den, X * op.int_slopes()[None, :])
        elif isinstance(op, MaxPool):
            vals[i] = _exact_maxpool(op, X, R, bad, blocks, digits)
        else:
            vals[i] = int_op(op, [vals[j] for j in n.inputs], [S[j] for j in n.inputs], S[i],
                             bias_rows=first if isinstance(op, Affine) else None)
        vals = {k: w for k, w in vals.items() if k == i or last.get(k, -1) > i}
    return [None if bad[r] else "|".join(blocks[r]) for r in range(R)]


def _exact_maxpool(op, X, R, bad, blocks, digits):
    """The argmaxes of a max-pool at R points from their maps (rows value, d/du, d/dv of each point): appends each
    point's digits to ``blocks``, marks ``bad`` a point with two maximal entries of different maps; returns the
    maps of the chosen entries."""
    sel = np.zeros((R, len(op.windows)), dtype=np.int64)
    for r in range(R):
        if bad[r]:
            continue
        val, Xr = X[3 * r].tolist(), X[3 * r:3 * r + 3]
        arg = []
        for o, w in enumerate(op.windows.tolist()):
            idx = [k for k in range(len(w)) if w.index(w[k]) == k]             # padding repeats the first index
            top = max(val[w[k]] for k in idx)
            best = [k for k in idx if val[w[k]] == top]
            if any((Xr[:, w[k]] != Xr[:, w[best[0]]]).any() for k in best[1:]):
                bad[r] = True
                break
            arg.append(digits[best[0] % len(digits)])
            sel[r, o] = w[best[0]]
        blocks[r].append("".join(arg))
    return np.concatenate([X[3 * r:3 * r + 3][:, sel[r]] for r in range(R)]) if R else X[:, :0]


#: At most this many low-margin vertex decisions of one enumeration are re-checked in exact rationals
#: (:func:`~algnet.relu.float_margins.recheck_decisions`); beyond it the rest lower the margin as they are. The
#: re-check takes the smallest margins first and stops at the first one exact arithmetic does not confirm; when all
#: are confirmed it costs an exact forward pass per piece (some 0.1 ms for a small MLP, about 0.6 ms for a small
#: CNN) and a few exact products per decision: a bound on the time and memory of the rare enumeration that decides
#: that many signs at the rounding level, not a limit the ordinary ones meet.
MAX_RECHECKS = 1 << 14


def recheck_vertex_decisions(model, sl, box, suspects) -> float:
    """The smallest rounding margin among the low-margin vertex decisions of the PLModel engine that exact arithmetic
    does not confirm (``inf`` when it confirms them all; :func:`~algnet.relu.float_margins.recheck_decisions`). Each
    suspect is ``(node, point, entering, leaving, line, sign, margin)``: a sign ``sign`` (+1, -1 or 0) of the float
    line ``line`` taken at the vertex where the float lines ``entering`` and ``leaving`` meet, on a piece at node
    ``node`` whose interior point is ``point``; each line is ``[a, b, c, identity]``, the identity ``(0, k, -1)``
    for side k of the box (y = y0, x = x1, y = y1, x = x0), ``(n, j, -1)`` for the zero line of unit j of the input
    of the activation node n, ``(n, i, j)`` for the difference of the entries i and j of the input of the max-pool
    node n. The exact maps of that piece are computed at the point (an exact forward pass) and each line is the
    exact line of its identity there; the decision is confirmed when the exact line is zero where the two exact
    edge lines meet (the vertex lies on it, as the exact engine decides) or has the float sign.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> from algnet.relu.slices import Slice
    >>> m, sl = PLModel.from_layers([([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), ([[1, 1, 1]], [0])]), Slice.standard(2)
    >>> x, y, d = [1.0, 0.0, 0.0, (2, 0, -1)], [0.0, 1.0, 0.0, (2, 1, -1)], [1.0, 1.0, 0.0, (2, 2, -1)]   # node 2: relu
    >>> recheck_vertex_decisions(m, sl, (-1, 1, -1, 1), [(2, (0.5, 0.5), x, y, d, 1, 0.5)])    # through (0, 0)
    inf
    >>> top = [0.0, 1.0, -1.0, (0, 2, -1)]                                          # the side y = 1 of the box
    >>> recheck_vertex_decisions(m, sl, (-1, 1, -1, 1), [(2, (0.5, 0.5), x, top, d, -1, 0.5)])  # d(0, 1) > 0
    0.5
    """
    from algnet.relu.float_margins import recheck_decisions

    return recheck_decisions(suspects, lambda node, point: _exact_lines(model, box, node, point, sl))


def _exact_lines(model, box, node, point, sl):
    """The exact lines by identity (:func:`recheck_vertex_decisions`) on the piece containing the point at
    ``node`` (from the exact input maps of the activation and max-pool nodes up to it), or None when the point is
    on a boundary of the exact maps (no piece of maps there)."""
    maps = _exact_node_inputs(model, sl, point, node)
    if maps is None:
        return None
    pu, pv = Fraction(point[0]), Fraction(point[1])
    x0, x1, y0, y1 = (Fraction(v) for v in box)
    sides = [(0, 1, -y0), (1, 0, -x1), (0, 1, -y1), (1, 0, -x0)]

    def exact(ident):
        k, i, j = ident
        if k == 0:
            return sides[i]
        if k not in maps:
            return None
        X = maps[k][0]
        col = X[:, i] - X[:, j] if j >= 0 else X[:, i]
        a, b = col[1], col[2]
        return (a, b, col[0] - a * pu - b * pv)

    return exact


def _exact_node_inputs(model, sl, point, upto):
    """{k: ((3, n) exact input map of node k, its scale)} for the activation and max-pool nodes k <= ``upto`` at one
    point (rows: value, d/du, d/dv, integer numerators over the positive integer scale), or None when a max-pool
    window has two maximal entries of different maps there."""
    from algnet.relu.model import Activation, Affine, MaxPool, int_op
    from algnet.relu.model_ops import _common_den, _ints

    n0 = model.input_size
    d0, d1, o = ([Fraction(v) for v in vec] for vec in (sl.directions[0], sl.directions[1], sl.origin))
    u, v = Fraction(point[0]), Fraction(point[1])
    M = np.array([[o[i] + u * d0[i] + v * d1[i] for i in range(n0)], d0, d1], dtype=object)
    S0 = _common_den(M.ravel().tolist())
    S = model.scales(S0)
    vals, last, out = {0: _ints(M, S0)}, model.last_use(), {}
    bad = np.zeros(1, dtype=bool)
    for i, n in enumerate(model.nodes[1:upto + 1], start=1):
        op, X = n.op, vals[n.inputs[0]]
        if isinstance(op, Activation):
            out[i] = (X, S[n.inputs[0]])
            pos = np.vectorize(lambda t: t > 0, otypes=[bool])(X[0:1])
            vals[i] = np.where(np.repeat(pos, 3, axis=0), X * op.den, X * op.int_slopes()[None, :])
        elif isinstance(op, MaxPool):
            out[i] = (X, S[n.inputs[0]])
            vals[i] = _exact_maxpool(op, X, 1, bad, [[]], "0123456789")
            if bad[0]:
                return None
        else:
            vals[i] = int_op(op, [vals[j] for j in n.inputs], [S[j] for j in n.inputs], S[i],
                             bias_rows=[0] if isinstance(op, Affine) else None)
        vals = {k: w for k, w in vals.items() if k == i or last.get(k, -1) > i or k == upto}
    return out
