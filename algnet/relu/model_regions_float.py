"""float64 regions of a trained piecewise-linear model on a box of a 2-D slice (fast, NOT exact).

The node-wise algorithm of :mod:`algnet.relu.model_regions` (affine nodes transform each region's
affine maps; activations cut by the zero lines of their pre-activations; max-pools cut into the
cells of constant argmax) run in float64 only: signs are the signs of rounded values and vertices
are rounded points (:mod:`algnet.relu.float_polygons`); pieces thinner than 2^-40 times their
vertices' scale are dropped as rounding slivers. It is offered beside the exact engine for models too
large for exact arithmetic; its count can differ from the exact one when regions are thin or lines
nearly concurrent or the box far larger than the regions, and its result says so (``exact=False``, ``certified=False``;
:mod:`algnet.relu.float_check` checks its regions in exact arithmetic, a proved lower bound, and
measures its rounding margin: ``verdict`` 'possibly wrong' when a sign was decided at the rounding
level and exact arithmetic at that vertex does not confirm it).

Examples
--------
>>> from algnet.relu.model import PLModel
>>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [-1])])   # relu(x) + relu(y) - 1
>>> part = model_regions_float(m, box=(-1, 1, -1, 1))
>>> part.count, sorted(part.patterns), part.exact
(4, ['00', '01', '10', '11'], False)
"""

from __future__ import annotations

import math
import time

import numpy as np

from algnet.errors import ParameterError
from algnet.time_caps import check_time_limit
from algnet.relu.float_check import MARGIN_THRESHOLD, MAX_RECHECKS, recheck_vertex_decisions
from algnet.relu.geometry import cut_by_lines
from algnet.relu.model import Activation, Affine, MaxPool, _float_op
from algnet.relu.model_regions import depth_first
from algnet.relu.partition import pattern_str, region_time_cap, stopped_text
from algnet.relu.float_margins import note_decisions, vertex_margin
from algnet.relu.float_polygons import EPS, box_polygon, coordinates, split_polygon, vertex_units
from algnet.relu.regions_float import FloatPartition
from algnet.relu.slices import Slice

__all__ = ["model_regions_float", "one_thread_linear", "relu_pools"]

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _cut(V, g, min_area, vals=None, ident=None):
    """(part of V where g >= 0, part where g <= 0) in float64, None for a piece of (nearly) no area. V: a float
    polygon (:mod:`algnet.relu.float_polygons`); ``min_area`` = (-, [rounding margin so far], ...) (:func:`_low`);
    a piece thinner than 2^-40 times its vertices' scale is dropped as a rounding sliver (and sets the margin to 0:
    a decision at the rounding level). ``vals``: the values of g at the vertices when the caller has them (and has
    measured their margin). ``ident``: g's identity (:func:`_note`)."""
    measure = vals is None
    if measure:
        vals = V.xy @ g[:2] + g[2]
    a, b, c = g.tolist()
    if a or b or c:
        r = float(np.abs(vals).min()) / (EPS * (V.scale * (abs(a) + abs(b)) + abs(c)))   # a lower bound of the margin
        if r < MARGIN_THRESHOLD:      # at each vertex's scale; a vertex on an edge along g is on g: no decision
            note = (lambda ratio, v: _note(V, ratio, g[None, :], [ident], np.sign(v), min_area)) if measure else None
            r, v = vertex_margin(V, vals[:, None], g[None, :], note=note)
            vals = v[:, 0]
        if measure and not r >= min_area[1][0]:
            min_area[1][0] = r
    lo, hi = vals.min(), vals.max()
    if not hi > 0:
        return None, V
    if not lo < 0:
        return V, None
    P, M = split_polygon(V, vals, g, ident)
    P = P if _thick(P, min_area, lambda: _on_line(V, vals > 0, g, ident, min_area)) else None
    M = M if _thick(M, min_area, lambda: _on_line(V, vals < 0, g, ident, min_area)) else None
    return P, M


def _on_line(V, side, g, ident, min_area) -> bool:
    """Leave to the exact re-check a sliver cut off the piece V by the line g on the vertices ``side``: it is no
    region when each of them lies exactly on g (three lines through one vertex), recorded with sign 0 (margin 0:
    the sliver stays a decision at the rounding level unless the re-check finds them on g)."""
    rec = min_area[3]
    ks = np.nonzero(side)[0].tolist()
    if len(rec[1]) + len(ks) > MAX_RECHECKS:
        return False
    p, E, gl = tuple(V.xy.mean(axis=0).tolist()), V.edges, [float(v) for v in g] + [ident]
    rec[1].extend((rec[0], p, E[v - 1][1:], E[v][1:], gl, 0.0, 0.0) for v in ks)
    return True


def _thick(P, min_area, on_line=None) -> bool:
    """Whether the float polygon P is wider than 2^-40 times its vertices' largest scale (else: a sliver, margin 0):
    twice its area above 2^-39 scale times its longest edge (a few vertices: plain floats are faster than numpy
    here)."""
    pts = P.xy.tolist()
    if len(pts) >= 3:
        a2 = m2 = 0.0
        x0, y0 = pts[-1]
        for x1, y1 in pts:
            a2 += x0 * y1 - y0 * x1
            dx, dy = x1 - x0, y1 - y0
            m2 = max(m2, dx * dx + dy * dy)
            x0, y0 = x1, y1
        if abs(a2) > 2.0**-39 * P.scale * math.sqrt(m2):
            return True
    if on_line is None or not on_line():      # a sliver left to the exact re-check (:func:`_on_line`): no decision yet
        min_area[1][0] = 0.0
    return False


def _relu_pair_cut(cell, a, b, min_area, ident):
    """The part of the piece ``cell`` where the ReLU output of map a is at least that of map b (both active units):
    at a vertex where both vanish (at the level of the rounding errors: where their zero lines, edges of the piece,
    meet) the difference vanishes too, exactly (it is no decision, and no sliver is cut there)."""
    V = cell.xy
    va, vb = V @ a[:2] + a[2], V @ b[:2] + b[2]
    both = _rounding_level(cell, va, a) & _rounding_level(cell, vb, b)
    vals = va - vb
    vals[both] = 0.0
    if not both.all():
        _low(cell, vals[~both][:, None], (a - b)[:, None], [ident], min_area, ~both)
    return _cut(cell, a - b, min_area, vals, ident)[0]


def _rounding_level(V, vals, X):
    """Where the values of the lines X (3 x ... : rows a, b, c) at the vertices of V are below the margin threshold
    (the rounding level): first against the units at the piece's largest scale, then at each vertex's."""
    a = np.abs(vals)
    if X.ndim == 1:                                  # one line: its bound at the largest scale in plain floats
        x, y, c = X.tolist()
        ab, ac = abs(x) + abs(y), abs(c)
    else:
        aX = np.abs(X)
        ab, ac = aX[0] + aX[1], aX[2]
    low = a <= (MARGIN_THRESHOLD * EPS) * (V.scale * ab + ac)
    if low.any():
        s = V.scales()
        low &= a <= (MARGIN_THRESHOLD * EPS) * ((s * ab if X.ndim == 1 else s[:, None] * ab) + ac)
    return low


def _low(V, vals, X, idents, min_area, keep=None) -> None:
    """Lower the rounding margin min_area[1][0] to the smallest |value| of ``vals`` (k x n, values of the lines of
    the columns of X, of identities ``idents``, at the vertices of V, or those of ``keep``) in units of 2^-52
    (s (|a| + |b|) + |c|), s the vertex's scale (:mod:`algnet.relu.float_check`,
    :func:`~algnet.relu.float_margins.vertex_margin`)."""
    aX = np.abs(X)
    umax = EPS * float((V.scale * (aX[0] + aX[1]) + aX[2]).max())
    r = np.abs(vals).min() / (umax or np.inf)               # a lower bound of the margin: enough above the threshold
    if r < MARGIN_THRESHOLD:
        rows = None if keep is None else np.nonzero(keep)[0]
        r, _ = vertex_margin(V, vals, X.T, rows=rows,
                             note=lambda ratio, v: _note(V, ratio, X.T, idents, np.sign(v), min_area, rows))
    if r < min_area[1][0]:
        min_area[1][0] = float(r)


def _note(V, ratio, lines, idents, signs, min_area, rows=None) -> float:
    """Record the decisions of ``ratio`` below :data:`MARGIN_THRESHOLD` for the exact re-check
    (:func:`~algnet.relu.float_margins.note_decisions`, the node being cut: min_area[3][0]; the identity of a line:
    (node, unit, -1) for an activation's, (node, entry, other entry) for the difference of two entries of a
    max-pool); returns the smallest margin of the others."""
    return note_decisions(V, ratio, lines, idents, signs, min_area[3], rows)


def _activation_pieces(V, X, min_area):
    """Cut V by the zero lines of the columns of X (3 x n: u, v, constant rows)."""
    vals = V.xy @ X[:2] + X[2]
    node = min_area[3][0]
    _low(V, vals, X, _Idents(node), min_area)
    pos = (vals > 0).any(axis=0)
    neg = (vals < 0).any(axis=0)
    return cut_by_lines([(V, {})], np.nonzero(pos & neg)[0].tolist(),
                        lambda P, j: _cut(P, X[:, j], min_area, None, (node, j, -1)), pos & ~neg)


class _Idents:
    """The identities (node, j, -1) of the zero lines of an activation node's units, made on demand."""

    __slots__ = ("node",)

    def __init__(self, node):
        self.node = node

    def __getitem__(self, j):
        return (self.node, j, -1)


def _maxpool_pieces(V, X, windows, min_area, after_relu=False):
    """Cut V into the cells where the argmax of every window (first maximal entry) is constant. ``after_relu``: the
    entries are ReLU outputs (an exactly zero map is an inactive unit, and an active unit's zero line, met when it
    is compared with one, is an edge of the piece already measured when the piece was cut by it)."""
    vals = V.xy @ X[:2] + X[2]                                # (k, n)
    W = vals[:, windows]                                      # (k, n_out, kk)
    cand = np.argmax(W[0], axis=1)
    idx = np.arange(len(windows))
    decided = (W[:, idx, cand][..., None] >= W).all(axis=(0, 2))
    if decided.any():                                         # the margins of the argmaxes decided at once
        top = windows[idx, cand]
        # (n_out, kk): the entries the argmax beats, but not those of the same float map (equal on the whole piece:
        # the first one wins, as in the cells below)
        mask = decided[:, None] & (windows != top[:, None]) & ~(X[:, top][:, :, None] == X[:, windows]).all(axis=0)
        low = np.zeros(vals.shape, dtype=bool)
        if after_relu:
            zero = ~X.any(axis=0)
            mask &= ~zero[windows] & ~zero[top][:, None]
            low = _rounding_level(V, vals, X)                         # (k, n): vertices where an entry vanishes
        if mask.any():
            aX = np.abs(X)
            ab = aX[0] + aX[1]
            gap = np.abs(vals[:, top][..., None] - W)
            both = low[:, top][..., None] & low[:, windows]       # both vanish there: no decision
            U = EPS * (V.scale * ab + aX[2])                             # at the piece's largest scale
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = gap / (U[top][:, None] + U[windows])
                ratio[both] = np.inf
                r = float(np.fmin.reduce(ratio[:, mask], axis=None))
            if r < MARGIN_THRESHOLD:                 # at each vertex's; a comparison along an edge of the piece there
                o, j = np.nonzero(mask)
                a, b = top[o], windows[o, j]
                lines = (X[:, a] - X[:, b]).T
                U = vertex_units(V, X)                                                           # (k, n)

                def note(ratio, _):                     # the argmax beats each entry: a positive difference
                    ids = [(min_area[3][0], x, y) for x, y in zip(a.tolist(), b.tolist())]
                    return _note(V, ratio, lines, ids, np.ones(ratio.shape), min_area)

                r, _ = vertex_margin(V, gap[:, o, j], lines, unit=U[:, a] + U[:, b], skip=both[:, o, j], note=note,
                                     floor=min_area[1][0])
            if r < min_area[1][0]:
                min_area[1][0] = r
    pieces = [(V, [])]
    for o in range(len(windows)):
        if decided[o]:
            pieces = [(P, arg + [int(cand[o])]) for P, arg in pieces]
            continue
        w = windows[o].tolist()
        new = []
        for P, arg in pieces:
            for i in range(len(w)):
                if w.index(w[i]) != i:
                    continue                                   # padding repeats the first index
                cell = P
                for j in range(len(w)):
                    if w[j] == w[i] or cell is None:
                        continue
                    if after_relu:
                        if not (X[:, w[i]].any() and X[:, w[j]].any()):
                            if not X[:, w[i]].any() and (X[:, w[j]].any() or j < i):
                                cell = None                    # an inactive unit against an active one (>= 0)
                            continue
                        if not (X[:, w[i]] != X[:, w[j]]).any():
                            if j < i:
                                cell = None                    # the same map: the first entry wins
                            continue
                        cell = _relu_pair_cut(cell, X[:, w[i]], X[:, w[j]], min_area, (min_area[3][0], w[i], w[j]))
                        continue
                    g = X[:, w[i]] - X[:, w[j]]
                    if g[0] == 0 and g[1] == 0:
                        if g[2] < 0 or (g[2] == 0 and j < i):
                            cell = None
                        continue
                    cell = _cut(cell, g, min_area, None, (min_area[3][0], w[i], w[j]))[0]
                if cell is not None:
                    new.append((cell, arg + [i]))
        pieces = new
    return pieces


def _step(n, i, V, pats, env, last, min_area):
    op = n.op
    min_area[3][0] = i
    ins = [env[j] for j in n.inputs]
    if isinstance(op, Activation):
        X = ins[0]
        sl = op.slopes.astype(float)
        return [(P, pats + [act], _keep(env, i, np.where(act[None, :], X, X * sl[None, :]), last))
                for P, act in _activation_pieces(V, X, min_area)]
    if isinstance(op, MaxPool):
        X = ins[0]
        out = []
        for P, arg in _maxpool_pieces(V, X, op.windows, min_area, i in min_area[2]):
            sel = op.windows[np.arange(len(arg)), arg]
            out.append((P, pats + ["".join(_DIGITS[a % 36] for a in arg)], _keep(env, i, X[:, sel], last)))
        return out
    if isinstance(op, Affine):
        Wf, bf = op.arrays("float")
        Y = one_thread_linear(op, ins[0], Wf)
        Y[2] += op.bias_vector(bf)
    else:
        Y = _float_op(op, ins)
    return [(V, pats, _keep(env, i, Y, last))]


def one_thread_linear(op, X: np.ndarray, Wf: np.ndarray) -> np.ndarray:
    """``op.linear(X, Wf)`` (float64, no bias) without torch's threads: a convolution large enough for
    ``op.linear`` to hand it to torch's conv2d (whose intra-op threads oversubscribe a shared machine) runs here as,
    for each group, the weights (O_g x K) times the gathered patches as a stack of L maps with 3 columns
    (:func:`~algnet.relu.float_products.thin_product`); other affine nodes go to ``op.linear`` (numpy: the
    products of 3-row maps run in one OpenBLAS thread, measured the same CPU with one thread and with two).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> op = PLModel.from_layers([([[1, 2], [3, 4]], [0, 0]), ([[1, 1]], [0])]).nodes[1].op
    >>> one_thread_linear(op, np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), op.arrays("float")[0]).tolist()
    [[1.0, 3.0], [2.0, 4.0], [3.0, 7.0]]
    """
    from algnet.relu.float_products import thin_product

    G, L, K = op.idx.shape
    if op.conv is None or X.shape[0] * L * K <= TORCH_CONV_ENTRIES:
        return op.linear(X, Wf)
    Xp = np.concatenate([X, np.zeros((X.shape[0], 1))], axis=1)
    outs = []
    for g in range(G):
        P = Xp[:, op.idx[g]]                                                   # (B, L, K)
        Y = thin_product(np.ascontiguousarray(Wf[g]), np.ascontiguousarray(P.transpose(1, 2, 0)))   # (L, O_g, B)
        outs.append(Y.transpose(2, 1, 0))                                      # (B, O_g, L)
    return np.ascontiguousarray(np.concatenate(outs, axis=1).reshape(X.shape[0], -1))


#: rows x positions x kernel entries above which ``Affine.linear`` runs a float64 convolution by torch's conv2d
#: (:meth:`algnet.relu.model_ops.Affine.linear`); :func:`one_thread_linear` replaces exactly those.
TORCH_CONV_ENTRIES = 1 << 16


def relu_pools(model) -> frozenset:
    """The max-pool nodes whose entries are all ReLU outputs: their input is a ReLU (an activation of slope 0),
    or a reshape, concatenation or permutation (Gather) of such nodes, or a max-pool of them (its outputs are some
    of its entries), through any number of such steps. :func:`_maxpool_pieces` compares their entries as ReLU
    outputs (an exactly zero map is an inactive unit; where two entries vanish together, at a vertex where their
    zero lines meet, so does their difference: no decision).

    Examples
    --------
    >>> from algnet.relu.model import Gather, Node, PLModel, fractions_array
    >>> m = PLModel([Node(None, (), (2,), "input"), Node(Activation(fractions_array([0, 0])), (0,), (2,), "relu"),
    ...              Node(Gather(np.array([1, 0])), (1,), (1, 2), "swap"), Node(MaxPool(np.array([[0, 1]])), (2,), (1,),
    ...                                                                              "pool"),
    ...              Node(MaxPool(np.array([[0, 1]])), (0,), (1,), "pool of the inputs")])
    >>> sorted(relu_pools(m))                                     # the max-pool of the swapped ReLU outputs only
    [3]
    """
    from algnet.relu.model import Gather

    relu = set()
    for i, n in enumerate(model.nodes):
        op = n.op
        if isinstance(op, Activation) and not op.slopes.any():
            relu.add(i)
        elif isinstance(op, (Gather, MaxPool)) and n.inputs and all(j in relu for j in n.inputs):
            relu.add(i)
    return frozenset(i for i, n in enumerate(model.nodes) if isinstance(n.op, MaxPool) and n.inputs[0] in relu)


def _keep(env, i, Y, last):
    e = {k: v for k, v in env.items() if last.get(k, -1) > i}
    e[i] = Y
    return e


def model_regions_float(model, *, box=None, slice=None, max_regions: int | None = 1_000_000,
                        show_progress: bool = False, force: bool = False, time_limit=None) -> FloatPartition:
    """float64 partition of a box of a 2-D slice of a PLModel's input space (NOT exact; see the module doc).

    Parameters
    ----------
    model : PLModel (e.g. from :func:`algnet.relu.from_torch_model`: convolutions, pools, residual blocks)
    box, slice, max_regions, show_progress, force
        As in :func:`~algnet.relu.model_regions.model_regions` (a box only: no whole plane in float64; the
        estimate made first counts 8 bytes per entry of a piece's maps and a fifth of the exact engine's CPU
        seconds per region, :func:`algnet.relu.model_estimates.model_region_estimate`).
    time_limit : float, optional
        Stop after this many CPU seconds of the enumeration (the regions finished so far, ``partial=True``,
        ``stopped`` naming the limit).

    Returns
    -------
    FloatPartition
        float64 polygons, patterns (incl. max-pool argmax digits) and output maps; ``exact=False``.
        Regions are finished one at a time (depth first): after Ctrl-C the regions finished so far
        are returned with ``partial=True``. The products run in one thread (:func:`one_thread_linear`).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [1, 1]], [0, -1]), ([[1, -1]], [0])])
    >>> model_regions_float(m, box=(-2, 2, -2, 2)).count          # two lines crossing in the box
    4
    """
    from algnet.relu.regions import parse_box

    time_limit = check_time_limit(time_limit)
    n0 = model.input_size
    sl = Slice.coerce(slice, n0)
    box = parse_box(box if box is not None else (-1, 1, -1, 1))
    from algnet.relu.geometry import check_float_box
    from algnet.relu.model_estimates import check_model_regions, model_region_estimate, model_size

    check_float_box(box)
    from algnet.relu.model_regions import _box_text

    est = model_region_estimate(model, box=box, slice=sl, exact=False)
    check_model_regions(f"{model.spec} on the box {_box_text(box)} of the slice (float64 engine)", est,
                        max_regions=max_regions,
                        force=force, hint="a smaller box, or a smaller model")
    t0 = time.perf_counter()
    x0, x1, y0, y1 = (float(v) for v in box)
    # the box's scale (thinner pieces are rounding slivers) and the rounding margin, lowered as signs are decided
    # and the max-pools whose entries are ReLU outputs (:func:`relu_pools`, :func:`_maxpool_pieces`)
    # and the low-margin vertex decisions to re-check exactly: [node being cut, records (:func:`_note`)]
    min_area = (max(abs(x0), abs(x1), abs(y0), abs(y1)), [np.inf], relu_pools(model), [0, []])
    H0 = np.array([[float(sl.directions[0][i]) for i in range(n0)], [float(sl.directions[1][i]) for i in range(n0)],
                   [float(sl.origin[i]) for i in range(n0)]])
    last = model.last_use()
    nodes = model.nodes
    from algnet.relu.workers import memory_watch

    # once the enumeration ends, each region's coordinates and pattern text, and the check of the regions
    # (float_check.check_model_regions) in chunks of a fixed size: room for one kept besides the reserve
    from algnet.relu.float_check import CHECK_CHUNK_BYTES
    from algnet.relu.workers import MEMORY_RESERVE_BYTES

    after = 2 * model_size(model)["neurons"] + 512
    with region_time_cap(time_limit) as cap, memory_watch(est["bytes_per_region"], after_bytes=after,
                                                          reserve=MEMORY_RESERVE_BYTES + CHECK_CHUNK_BYTES) as watch:
        try:
            done, partial = depth_first((box_polygon(x0, x1, y0, y1), [], {0: H0}),
                                        len(nodes), lambda i, V, pats, env: _step(nodes[i], i, V, pats, env, last,
                                                                                  min_area),
                                        max_regions, "regions finished (float64)" if show_progress else None)
        except KeyboardInterrupt:
            if not cap.expired:
                raise
            done, partial = [], True
    done = [(coordinates(V), pattern_str(pats), env[len(nodes) - 1]) for V, pats, env in done]
    if not done and not partial:
        raise ParameterError("the box has no region", hint="check the box")
    from algnet.relu.float_check import check_model_regions

    polygons, patterns = tuple(d[0] for d in done), tuple(d[1] for d in done)
    lower = check_model_regions(model, sl, box, polygons, patterns, _DIGITS)
    suspects = min_area[3][1]
    if suspects and min_area[1][0] >= MARGIN_THRESHOLD:
        min_area[1][0] = min(min_area[1][0], recheck_vertex_decisions(model, sl, box, suspects))
    elif suspects:
        min_area[1][0] = min(min_area[1][0], min(r[-1] for r in suspects))
    return FloatPartition(model.spec, polygons, patterns, time.perf_counter() - t0,
                          outputs=tuple(d[2] for d in done), box=box, slice=sl,
                          partial=partial, method="nodewise polygon splitting of a PL model in float64 (not exact)",
                          stopped=(stopped_text(cap) or watch.stopped) if partial else "", lower_bound=lower,
                          margin=float(min_area[1][0]))
