"""The cuts of the filtered exact region engine: polygons cut by the zero lines of a layer, every sign proved.

Each polygon vertex is the float64 intersection of two lines and carries a bound on the error of its coordinates
(from the errors of the two lines and the rounding of the cross product); the sign of a line at a vertex is decided
in float64 when the computed value exceeds the bound, otherwise (concurrent lines, offsets at the rounding level)
the line and the vertex are recomputed in exact integer arithmetic (:class:`_Ctx`) and the sign is exact.

Examples
--------
>>> from algnet import parse_spec
>>> from algnet.relu.filtered_layers import FloatLayers
>>> from algnet.relu.regions import _Layers
>>> from algnet.relu.slices import Slice
>>> net = parse_spec("relu 2-2-1")
>>> th = net.rational_params([1, 0, 0, 1, 0, 0, 1, 1, 0])
>>> sl = Slice.standard(2)
>>> F = FloatLayers(net, th, sl)
>>> node, verts, edges, ctx = box_start((-1, 1, -1, 1), _Layers(net, th, sl))
>>> N, E = F.affine(0, F.H0, F.EH0)
>>> sorted(act.astype(int).tolist() for _, act in _process(node, ctx, verts, edges, N, E))   # x = 0, y = 0: four
[[0, 0], [0, 1], [1, 0], [1, 1]]
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.relu.filtered_layers import _TINY, U, _fl
from algnet.relu.geometry import split_cycle

__all__ = []     # the engine's steps, used by filtered.py (not public)

_INF = float("inf")


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
        if B < _INF and B < t < _INF:          # (an overflow, inf or nan, proves nothing)
            out.append(1)
        elif B < _INF and -_INF < t < -B:
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
        fin = np.isfinite(vals) & np.isfinite(bnd)      # an overflow proves nothing: the sign is decided exactly
        pos = (vals > bnd) & fin
        neg = (vals < -bnd) & fin
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
