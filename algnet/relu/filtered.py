"""Filtered exact region enumeration on a box: float64 arithmetic with proved error bounds, exact on demand.

The layerwise algorithm of :mod:`algnet.relu.regions` (cut every region by the zero lines of the
next layer's pre-activations) run on float64 numbers that carry a rigorous bound on their distance
to the exact value, the way CGAL's filtered predicates work:

* pre-activation maps ``N_l = A_l (act * N_(l-1)) + c_l`` are computed in float64 together with a
  componentwise bound ``E_l`` on their error (standard bound gamma_n |A| |H| for an n-term dot
  product, plus the propagated error of the previous layer and of non-representable weights);
* every polygon vertex is the intersection of two lines and carries a bound on the error of its
  float coordinates (from the errors of the two lines and the rounding of the cross product);
* the sign of a line at a vertex is decided in float64 when the computed value exceeds the bound;
  otherwise (near-degenerate cases: concurrent lines, offsets at the rounding level) the line and
  the vertex are recomputed in exact integer arithmetic and the sign is exact.

Every sign that shapes the partition is thus proved, so regions, activation patterns and counts
are exact. The exact integer data of a region (vertices, edge lines, output affine map) is a
function of its activation pattern and is computed on first access (see
:class:`~algnet.relu.partition.Region`).

Examples
--------
>>> from algnet import parse_spec
>>> from algnet.relu.regions import linear_regions
>>> net = parse_spec("relu 2-3-1")
>>> theta = [1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0]      # x = 0, y = 0, x + y = -1
>>> linear_regions(net, theta, box=(-2, 2, -2, 2)).count   # the filtered engine is the default on boxes
7
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.relu.float_products import thin_product
from algnet.relu.geometry import split_cycle
from algnet.relu.partition import pattern_str

__all__ = ["filtered_regions"]

U = 2.0**-53
_TINY = 2.0**-1000       # absolute slack against underflow in the bounds


def _gamma(n: int) -> float:
    return n * U / (1 - n * U)


def _fl(x):
    """(float, error bound) of a rational or integer x."""
    try:
        f = float(x)
    except OverflowError:
        return float("nan"), float("inf")
    if isinstance(x, int):
        return f, 0.0 if abs(x) < 2**53 or int(f) == x else abs(f) * U
    return f, 0.0 if Fraction(f) == x else abs(f) * U + _TINY


class FloatLayers:
    """float64 weights of a ReLU network with bounds on their rounding errors, and the slice map.

    ``H0`` (n0 x 3) and ``EH0``: z(u, v) = H0 (u, v, 1) up to EH0 componentwise.
    """

    def __init__(self, net, theta, sl):
        self.A, self.c, self.EA, self.Ec, self.absA, self.g = [], [], [], [], [], []
        for W, b in net.layers(theta):
            Wf = [[_fl(v) for v in row] for row in W]
            bf = [_fl(v) for v in b]
            A = np.array([[p[0] for p in row] for row in Wf], dtype=float).reshape(W.shape)
            EA = np.array([[p[1] for p in row] for row in Wf], dtype=float).reshape(W.shape)
            self.A.append(A)
            self.absA.append(np.abs(A))
            self.EA.append(EA if EA.any() else None)
            self.c.append(np.array([p[0] for p in bf], dtype=float))
            self.Ec.append(np.array([p[1] for p in bf], dtype=float))
            n = W.shape[1]
            self.g.append(_gamma(n + 2))
        n0 = net.widths[0]
        vals = [[_fl(sl.directions[0][i]), _fl(sl.directions[1][i]), _fl(sl.origin[i])] for i in range(n0)]
        self.H0 = np.array([[p[0] for p in row] for row in vals], dtype=float).reshape(n0, 3)
        self.EH0 = np.array([[p[1] for p in row] for row in vals], dtype=float).reshape(n0, 3)
        self.depth = len(self.A)

    def affine(self, l, H, EH):
        """(N, E): float pre-activations of layer l from the float hidden map H (error EH), and their bound.

        H may also be a stack (B, n, 3) of hidden maps (then N and E are (B, m, 3)).
        """
        A, absH = self.A[l], np.abs(H)
        N = thin_product(A, H)          # one thread (float_products: BLAS threads wait on a shared machine)
        N[..., 2] += self.c[l]
        g = self.g[l]
        E = thin_product(self.absA[l], EH + g * absH)
        E[..., 2] += g * np.abs(self.c[l]) + self.Ec[l]
        if self.EA[l] is not None:
            E += thin_product(self.EA[l], absH + EH)
        E *= 1 + 4 * g
        E += _TINY
        return N, E


class _Node:
    """A region entering layer ``l``: its parent (the region at layer l - 1) and the parent's activations."""

    __slots__ = ("parent", "act", "l", "_N")

    def __init__(self, parent, act, l):
        self.parent, self.act, self.l, self._N = parent, act, l, None

    def exact(self, L):
        """Exact integer pre-activation map of layer l of this region (cached)."""
        if self._N is None:
            from algnet.relu.regions import _affine

            H = L.H0 if self.parent is None else self.parent.exact(L) * self.act[:, None]
            self._N = _affine(L, self.l, H)
        return self._N

    def anc(self, l):
        n = self
        while n.l > l:
            n = n.parent
        return n

    def __getstate__(self):
        return (self.parent, self.act, self.l)

    def __setstate__(self, s):
        self.parent, self.act, self.l = s
        self._N = None


def _cross(L, M):
    return (L[1] * M[2] - L[2] * M[1], L[2] * M[0] - L[0] * M[2], L[0] * M[1] - L[1] * M[0])


class _Ctx:
    """Exact fallbacks of one run: the exact layers and the box's exact lines."""

    def __init__(self, L, box_lines):
        self.L, self.box_lines = L, box_lines
        self.exact_calls = 0

    def line(self, node, ref):
        l, j, s = ref
        if l < 0:
            return self.box_lines[j]
        row = node.anc(l).exact(self.L)[j]
        return tuple(int(s * x) for x in row)

    def vertex(self, node, v):
        """Exact homogeneous vertex (W > 0) of the float vertex record v (cached in v[5])."""
        if v[5] is None:
            q = _cross(self.line(node, v[3]), self.line(node, v[4]))
            if q[2] < 0:
                q = (-q[0], -q[1], -q[2])
            v[5] = q
        return v[5]

    def sign(self, node, v, f):
        """Exact sign of the exact integer line f at the vertex record v."""
        self.exact_calls += 1
        X, Y, W = self.vertex(node, v)
        e = f[0] * X + f[1] * Y + f[2] * W
        return (e > 0) - (e < 0)


def _new_vertex(node, ctx, e1, e2):
    """Vertex record [x, y, ex, ref1, ref2, exact] at the intersection of two edge records (ref, a, b, c, err)."""
    r1, a1, b1, c1, d1 = e1
    r2, a2, b2, c2, d2 = e2
    X = b1 * c2 - c1 * b2
    Y = c1 * a2 - a1 * c2
    W = a1 * b2 - b1 * a2
    g2 = 2.2 * U
    eX = d1 * (abs(c2) + abs(b2)) + d2 * (abs(b1) + abs(c1)) + 2 * d1 * d2 + g2 * (abs(b1 * c2) + abs(c1 * b2))
    eY = d1 * (abs(c2) + abs(a2)) + d2 * (abs(a1) + abs(c1)) + 2 * d1 * d2 + g2 * (abs(c1 * a2) + abs(a1 * c2))
    eW = d1 * (abs(b2) + abs(a2)) + d2 * (abs(a1) + abs(b1)) + 2 * d1 * d2 + g2 * (abs(a1 * b2) + abs(b1 * a2))
    aW = abs(W)
    if aW > 2 * eW and aW == aW and eX < float("inf"):
        x, y = X / W, Y / W
        den = aW - eW
        ex = max((eX + abs(x) * (1 + U) * eW) / den + U * abs(x),
                 (eY + abs(y) * (1 + U) * eW) / den + U * abs(y)) * (1 + 16 * U) + _TINY
        if ex == ex:
            return [x, y, ex, r1, r2, None]
    v = [0.0, 0.0, 0.0, r1, r2, None]       # near-parallel: the vertex in exact arithmetic
    Xe, Ye, We = ctx.vertex(node, v)
    x, ex1 = _fl(Fraction(Xe, We))
    y, ex2 = _fl(Fraction(Ye, We))
    v[0], v[1], v[2] = x, y, max(ex1, ex2) * 2 + _TINY
    return v


def _signs(node, ctx, verts, f, ref):
    """Exact signs of the float line f = (a, b, c, err) at the vertex records (filter, exact fallback)."""
    a, b, c, e = f
    alpha = abs(a) + abs(b) + 2 * e
    beta = e + 3.3 * U * (abs(a) + abs(b) + abs(c))
    out = []
    fex = None
    for v in verts:
        x, y, ex = v[0], v[1], v[2]
        t = a * x + b * y + c
        B = (ex * alpha + (abs(x) + abs(y) + 1) * beta) * (1 + 8 * U) + _TINY
        if t > B:
            out.append(1)
        elif t < -B:
            out.append(-1)
        else:
            if fex is None:
                fex = ctx.line(node, ref)
            out.append(ctx.sign(node, v, fex))
    return out


def _split(node, ctx, verts, edges, signs, erec):
    """Split the polygon (vertex records, edge records) by the line of edge record erec (exact signs
    taking both signs): the plus and minus pieces, each (verts, edges)."""
    r, a, b, c, d = erec
    nrec = ((r[0], r[1], -r[2]), -a, -b, -c, d)
    return split_cycle(verts, edges, signs, erec, nrec, lambda i, j: _new_vertex(node, ctx, edges[i], erec))


def _process(node, ctx, verts, edges, N, E):
    """Cut one polygon by the zero lines of the rows of (N, E); returns [((verts, edges), act)].

    Depth first: a piece is split by the first line that crosses it, and each half is tested (one
    vectorised filter) only against the lines that crossed the piece, so lines that miss a piece are
    never looked at again below it.
    """
    l = node.l
    m = N.shape[0]
    e = E.max(axis=1)
    AB = _line_bounds(N, e)
    Nt = np.ascontiguousarray(N.T)
    Nx = None
    out = []
    stack = [(verts, edges, np.arange(m), np.zeros(m, dtype=bool))]
    while stack:
        pv, pe, cand, act = stack.pop()
        Vh = np.array([(v[0], v[1], 1.0) for v in pv])
        G = np.array([(v[2], abs(v[0]) + abs(v[1]) + 1.0) for v in pv])
        vals = Vh @ Nt[:, cand]
        bnd = G @ AB[:, cand]
        pos = vals > bnd
        neg = vals < -bnd
        if not (pos | neg).all():
            if Nx is None:
                Nx = node.exact(ctx.L)
            for i, jj in zip(*np.nonzero(~(pos | neg))):
                sg = ctx.sign(node, pv[i], tuple(int(x) for x in Nx[cand[jj]]))
                pos[i, jj] = sg > 0
                neg[i, jj] = sg < 0
        anypos = pos.any(axis=0)
        cross = anypos & neg.any(axis=0)
        keep = ~cross
        act[cand[keep]] = anypos[keep]
        if not cross.any():
            out.append(((pv, pe), act))
            continue
        ci = np.nonzero(cross)[0]
        if len(ci) <= _FEW:
            _sequential(node, ctx, pv, pe, cand[ci].tolist(), act, Nt, e, out)
            continue
        jj = ci[0]
        j = int(cand[jj])
        sg = (pos[:, jj].astype(np.int8) - neg[:, jj].astype(np.int8)).tolist()
        a, b, c = Nt[:, j].tolist()
        P, M = _split(node, ctx, pv, pe, sg, ((l, j, 1), a, b, c, float(e[j])))
        rest = cand[ci[1:]]
        a1 = act.copy()
        a1[j] = True
        act[j] = False
        stack.append((M[0], M[1], rest, act))
        stack.append((P[0], P[1], rest, a1))
    return out


def _line_bounds(N, e):
    """(2, m) factors of the filter's bound for the lines N (m x 3, coefficients a, b, c) with coefficient
    errors e (m,): at a float vertex (x, y) with coordinate error ex, the float value a x + b y + c is within
    ex * AB[0] + (|x| + |y| + 1) * AB[1] of the exact value of the exact line at the exact vertex (the bound
    of :func:`_signs`, vectorised)."""
    aN = np.abs(N)
    AB = np.empty((2, N.shape[0]))
    AB[0] = aN[:, 0] + aN[:, 1] + 2 * e
    AB[1] = e + 3.3 * U * aN.sum(axis=1)
    AB *= 1 + 8 * U
    AB += _TINY
    return AB


def _proved_signs(V, lines):
    """Signs of exact lines at exact vertices where the filter proves them, 0 where it cannot.

    ``V`` (k x 3): float vertices (x, y, ex); ``lines`` (k x m x 4): at each vertex, m float lines (a, b, c, e)
    (coefficients and their error bound). Returns (k, m) int8."""
    x, y, ex = V[:, 0:1], V[:, 1:2], V[:, 2:3]
    a, b, c, e = lines[..., 0], lines[..., 1], lines[..., 2], lines[..., 3]
    with np.errstate(over="ignore", invalid="ignore"):     # huge boxes: an overflow proves nothing (sign 0)
        vals = x * a + y * b + c
        aa, ab = np.abs(a), np.abs(b)
        bnd = (ex * (aa + ab + 2 * e) + (np.abs(x) + np.abs(y) + 1.0) * (e + 3.3 * U * (aa + ab + np.abs(c))))
        bnd = bnd * (1 + 8 * U) + 2 * _TINY
    ok = np.isfinite(vals) & np.isfinite(bnd)
    return ((vals > bnd) & ok).astype(np.int8) - ((vals < -bnd) & ok).astype(np.int8)


def boundary_free(hints, output=None):
    """For each region, whether its float data proves that it meets no decision boundary (its exact data is
    then not needed for the boundary).

    ``hints``: one (V, O) per region, its float vertices (x, y, ex) and the float map of its outputs (rows
    a, b, c and the error bound e of the coefficients), as the filtered engine records them. For one output
    (``output`` an index): True where that output has the same strict sign at every vertex (the closed
    region holds no zero of it). For the argmax boundary (``output=None``): True where one output exceeds
    every other strictly at every vertex. Either way the exact boundary computation finds no segment there.

    Examples
    --------
    >>> V = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])      # a triangle, exact vertices
    >>> boundary_free([(V, np.array([[1.0, 1.0, 1.0, 0.0]])),                 # x + y + 1 > 0 on it
    ...                (V, np.array([[1.0, 1.0, -1.0, 0.0]]))], 0).tolist()   # x + y - 1 vanishes on an edge
    [True, False]
    >>> boundary_free([(V, np.array([[0.0, 0.0, 2.0, 0.0], [1.0, 0.0, 0.0, 0.0]]))]).tolist()  # 2 > x there
    [True]
    """
    if not len(hints):
        return np.zeros(0, dtype=bool)
    V = np.concatenate([h[0] for h in hints])
    O = np.stack([h[1] for h in hints])                              # (R, n_out, 4)
    sizes = np.array([len(h[0]) for h in hints])
    owner = np.repeat(np.arange(len(hints)), sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    if output is not None:
        s = _proved_signs(V, O[owner, output:output + 1])[:, 0]
        return (np.minimum.reduceat(s, starts) > 0) | (np.maximum.reduceat(s, starts) < 0)
    n_out = O.shape[1]
    if n_out == 1:
        return np.ones(len(hints), dtype=bool)
    first = V[starts]                                                 # the argmax at the first vertex
    k = np.argmax(first[:, 0:1] * O[..., 0] + first[:, 1:2] * O[..., 1] + O[..., 2], axis=1)
    top = O[np.arange(len(hints)), k][:, None, :]                    # (R, 1, 4)
    others = np.arange(n_out)[None, :] != k[:, None]                 # (R, n_out)
    D = top[..., :3] - O[..., :3]
    err = (top[..., 3] + O[..., 3] + U * np.abs(D).max(axis=2)) * (1 + 2 * U) + _TINY
    s = _proved_signs(V, np.concatenate([D, err[..., None]], axis=2)[owner])     # (k, n_out)
    s[~others[owner]] = 1                                             # the top output against itself
    return np.minimum.reduceat(s.min(axis=1), starts) > 0


_FEW = 16     # at most this many lines cross a piece: split it by them one after the other (no numpy)


def _sequential(node, ctx, verts, edges, lines, act, Nt, e, out):
    """Split a piece by a few lines known to cross it, one after the other (scalar filter per vertex)."""
    l = node.l
    pieces = [(verts, edges, act)]
    for j in lines:
        a, b, c = Nt[:, j].tolist()
        ej = float(e[j])
        ref = (l, j, 1)
        erec = (ref, a, b, c, ej)
        new = []
        for pv, pe, ac in pieces:
            sg = _signs(node, ctx, pv, (a, b, c, ej), ref)
            hi, lo = max(sg), min(sg)
            if hi > 0 and lo < 0:
                P, M = _split(node, ctx, pv, pe, sg, erec)
                a1 = ac.copy()
                a1[j] = True
                ac[j] = False
                new.append((P[0], P[1], a1))
                new.append((M[0], M[1], ac))
            else:
                ac[j] = hi > 0
                new.append((pv, pe, ac))
        pieces = new
    out.extend(((pv, pe), ac) for pv, pe, ac in pieces)


def box_start(box, L):
    """Root node, vertex and edge records of the box (xmin, xmax, ymin, ymax) and the run context."""
    from algnet.relu.geometry import box_polygon

    P = box_polygon(*box)
    ctx = _Ctx(L, [tuple(x) for x in P.lines])
    edges = []
    for j, (a, b, c) in enumerate(P.lines):
        fa, fb, fc = _fl(a), _fl(b), _fl(c)
        edges.append(((-1, j, 1), fa[0], fb[0], fc[0], max(fa[1], fb[1], fc[1])))
    verts = []
    for i, (X, Y, W) in enumerate(P.verts):
        x, ex1 = _fl(Fraction(X, W))
        y, ex2 = _fl(Fraction(Y, W))
        verts.append([x, y, max(ex1, ex2), (-1, (i - 1) % 4, 1), (-1, i, 1), (X, Y, W)])
    return _Node(None, None, 0), verts, edges, ctx


def run_filtered(F: FloatLayers, ctx, items, start: int, max_regions=None, progress=None, stop=None):
    """Run hidden layers start..stop-1 on items [(node, verts, edges, H, EH, pats)].

    Returns (the items entering layer ``stop`` (default: the output layer), stop).
    """
    from algnet.relu.workers import refuse_beyond

    stop = F.depth - 1 if stop is None else stop
    for l in range(start, stop):
        new = []
        for node, verts, edges, H, EH, pats in items:
            N, E = F.affine(l, H, EH)
            for (pv, pe), act in _process(node, ctx, verts, edges, N, E):
                m = act[:, None]
                new.append((_Node(node, act, l + 1), pv, pe, N * m, E * m, pats + [act]))
            refuse_beyond(len(new), max_regions, f" after hidden layer {l + 1}")
        items = new
        if progress is not None:
            progress(l + 1, len(items))
    return items, stop


#: Bytes the stacked float maps of :func:`compact` may take at once (a block of regions' (n x 3) maps and the
#: products of their output map and its bound: about :data:`COMPACT_ARRAYS` such stacks): numpy's element-wise
#: loops allocate their buffers with the interpreter lock released, and an allocation that fails there ends the
#: process (a segmentation fault, not a MemoryError), so a block is bounded by its bytes, not by a count (2048
#: regions of a 3000-wide last hidden layer were 147 MB a stack, about 1 GB at once).
COMPACT_BLOCK_BYTES = 32 * 2**20
COMPACT_ARRAYS = 8


def compact_block(width: int, block_bytes: int | None = None) -> int:
    """Regions stacked at once by :func:`compact` for a last hidden layer of ``width`` units: at most 2048, and
    their :data:`COMPACT_ARRAYS` stacks of (width x 3) float64 within :data:`COMPACT_BLOCK_BYTES`.

    Examples
    --------
    >>> compact_block(10), compact_block(3000)
    (2048, 58)
    """
    per = COMPACT_ARRAYS * 3 * 8 * max(int(width), 1)
    return int(max(1, min(2048, (COMPACT_BLOCK_BYTES if block_bytes is None else block_bytes) // per)))


def compact(items, F: FloatLayers, block: int | None = None):
    """Picklable per-region records of the items entering the output layer: (pattern string, vertex refs,
    edge refs, float hint). The hint (V, O) holds the float vertices (x, y, ex) and the float output map
    with its error bound (rows a, b, c, e), for :func:`boundary_free`. The maps are stacked ``block`` regions at
    a time (default :func:`compact_block` of the last hidden layer's width)."""
    out = []
    if block is None:
        block = compact_block(F.A[-1].shape[1])
    for s in range(0, len(items), block):
        blk = items[s:s + block]
        N, E = F.affine(F.depth - 1, np.stack([it[3] for it in blk]), np.stack([it[4] for it in blk]))
        NE = np.concatenate([N, E.max(axis=2)[..., None]], axis=2)
        Vall = np.array([v[:3] for it in blk for v in it[1]], dtype=float).reshape(-1, 3)
        o = 0
        for (node, verts, edges, H, EH, pats), O in zip(blk, NE):
            k = len(verts)
            out.append((pattern_str(pats), tuple([(v[3], v[4]) for v in verts]), tuple([e[0] for e in edges]),
                        (Vall[o:o + k], O)))
            o += k
    return out


class Materializer:
    """Exact vertices, edge lines and output map of regions from their patterns (shared prefixes computed once)."""

    def __init__(self, L, box_lines, records):
        self.L, self.box_lines, self.records = L, box_lines, records
        self._cache = {}

    def _chain(self, pattern: str):
        """Exact pre-activation maps of every layer along the pattern (hidden prefixes cached)."""
        from algnet.relu.regions import _affine

        blocks = pattern.split("|")
        Ns = []
        key = ""
        N = None
        for l in range(self.L.depth):
            if l:
                key = key + "|" + blocks[l - 1]
            M = self._cache.get(key) if l < self.L.depth - 1 else None
            if M is None:
                if l == 0:
                    H = self.L.H0
                else:
                    act = np.frombuffer(blocks[l - 1].encode(), dtype=np.uint8) == 49
                    H = N * act[:, None]
                M = _affine(self.L, l, H)
                if l < self.L.depth - 1:
                    self._cache[key] = M
            N = M
            Ns.append(N)
        return Ns

    def __call__(self, i):
        pattern, vrefs, erefs, _ = self.records[i]
        Ns = self._chain(pattern)
        rows = {}

        def line(ref):
            v = rows.get(ref)
            if v is None:
                l, j, s = ref
                if l < 0:
                    v = self.box_lines[j]
                else:
                    a, b, c = Ns[l][j].tolist()
                    v = (int(a), int(b), int(c)) if s > 0 else (-int(a), -int(b), -int(c))
                rows[ref] = v
            return v

        verts = []
        for r1, r2 in vrefs:
            q = _cross(line(r1), line(r2))
            verts.append(q if q[2] > 0 else (-q[0], -q[1], -q[2]))
        lines = tuple(line(r) for r in erefs)
        out = tuple(tuple(int(x) for x in row) for row in Ns[-1].tolist())
        return tuple(verts), lines, out


def _below(F, ctx, chunk):
    """Finish the regions of ``chunk`` (items entering hidden layer 2): compact records and the exact sign
    evaluations this took."""
    before = ctx.exact_calls
    items, _ = run_filtered(F, ctx, chunk, 1)
    return compact(items, F), ctx.exact_calls - before


def filtered_regions(net, theta, L, sl, box, workers=1, max_regions=None, progress=None):
    """Exact regions of a box of a slice by the filtered engine.

    Parameters
    ----------
    net, theta : a ReluNetwork and its rational parameters
    L : the exact integer layers (:class:`algnet.relu.regions._Layers`) used by the exact fallbacks
    sl : Slice
    box : (xmin, xmax, ymin, ymax) rationals
    workers, max_regions, progress : as in :func:`algnet.relu.regions.linear_regions`

    Returns
    -------
    (regions, workers used, stats): lazy :class:`~algnet.relu.partition.Region` objects, and
    ``stats["exact_sign_evaluations"]``, the number of signs the float filter left to exact arithmetic.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from algnet import parse_spec
    >>> from algnet.relu.regions import _Layers
    >>> from algnet.relu.slices import Slice
    >>> net = parse_spec("relu 2-2-1")
    >>> th = net.rational_params([1, 0, 0, 1, 0, 0, 1, 1, 0])
    >>> sl = Slice.standard(2)
    >>> regs, _, stats = filtered_regions(net, th, _Layers(net, th, sl), sl, (-1, 1, -1, 1))
    >>> sorted(r.pattern for r in regs), stats["exact_sign_evaluations"]   # x = 0 and y = 0 cut the box in four
    (['00', '01', '10', '11'], 0)
    """
    import gc

    was = gc.isenabled()
    gc.disable()          # millions of small containers, no cycles: the collector would rescan them all
    try:
        return _filtered_regions(net, theta, L, sl, box, workers, max_regions, progress)
    finally:
        if was:
            gc.enable()


def _filtered_regions(net, theta, L, sl, box, workers, max_regions, progress):
    from functools import partial as bind

    from algnet.relu.partition import Region
    from algnet.relu.workers import finish_chunks, size_limit

    F = FloatLayers(net, theta, sl)
    root, verts, edges, ctx = box_start(box, L)
    items = [(root, verts, edges, F.H0, F.EH0, [])]
    # the first hidden layer here, then depth first below each of its regions (in worker processes when
    # asked): Ctrl-C keeps the regions finished so far
    try:
        items, _ = run_filtered(F, ctx, items, 0, max_regions, stop=min(1, F.depth - 1))
    except KeyboardInterrupt:
        items = None
    if items is None:
        parts, used, partial = [], 1, True
    else:
        if progress is not None:
            progress(1, len(items))
        parts, used, partial = finish_chunks(bind(_below, F, ctx), items, workers if F.depth > 2 else 1,
                                             on_result=size_limit(max_regions, lambda r: len(r[0])))
    records = [r for p, _ in parts for r in p]
    if progress is not None:
        for l in range(2, F.depth):
            progress(l, len(records))
    calls = ctx.exact_calls + (sum(c for _, c in parts) if used > 1 else 0)
    mat = Materializer(L, ctx.box_lines, records)
    regions = [Region.lazy(rec[0], bind(mat, i), L.S_out, hint=rec[3]) for i, rec in enumerate(records)]
    return regions, used, {"exact_sign_evaluations": calls, "partial": partial}

