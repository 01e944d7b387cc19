"""The exact decision boundary of a partition: zero set of one output, or the argmax boundary between classes.

Examples
--------
>>> from algnet import parse_spec
>>> from algnet.relu.regions import linear_regions
>>> part = linear_regions(parse_spec("relu 2-2-1"), [1, 0, 0, 1, 0, 0, 1, 1, -1])   # relu(x) + relu(y) = 1
>>> db = part.decision_boundary()
>>> db.kind, len(db.polylines)
('zero set of output 0', 1)
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd

import numpy as np

from algnet.errors import ParameterError
from algnet.relu.geometry import Polygon, polygon_signs, split_polygon
from algnet.relu.partition import DecisionBoundary

__all__ = ["decision_boundary"]


def decision_boundary(part, output=None) -> DecisionBoundary:
    """See :meth:`algnet.relu.partition.RegionPartition.decision_boundary`.

    One output: the zero set, met from either sign (an edge where the output vanishes between two regions of the
    same sign is on it too). Where the output vanishes on whole regions the zero set has area: the segments are
    then its boundary, and ``zero_regions`` counts those regions. Several outputs: where the argmax changes or
    the top is tied; where the top outputs tie on whole cells, the boundary of that tie set (``tie_regions``).
    Each piece is listed once, though the two regions beside it both meet it.

    Examples
    --------
    -ReLU(x) vanishes on the half-plane x <= 0 (by hand): its edge x = 0 in [-1, 1]^2, one region with zero output:

    >>> from algnet.relu.model import PLModel
    >>> from algnet.relu.regions import linear_regions
    >>> db = decision_boundary(linear_regions(PLModel.from_layers([([[1, 0]], [0]), ([[-1]], [0])])))
    >>> db.kind, db.zero_regions, [sorted(tuple(map(int, p)) for p in seg) for seg, _ in db.segments]
    ('boundary of the zero set of output 0', 1, [[(0, -1), (0, 1)]])

    ReLU(x) + ReLU(y) - 1 vanishes on x + y = 1 in the positive quadrant, on
    x = 1 below it and on y = 1 left of it (by hand):

    >>> from algnet import parse_spec
    >>> from algnet.relu.regions import linear_regions
    >>> part = linear_regions(parse_spec("relu 2-2-1"), [1, 0, 0, 1, 0, 0, 1, 1, -1], box=(-2, 2, -2, 2))
    >>> [(int(x), int(y)) for x, y in decision_boundary(part).polylines[0]]
    [(-2, 1), (0, 1), (1, 0), (1, -2)]
    """
    return _decision_boundary(part, output)

def _candidates(regions, output):
    """The regions the boundary may meet: those whose float data with proved error bounds (recorded by the
    filtered engine) does not rule it out; the others need no exact vertices or maps."""
    from algnet.relu.filtered import boundary_free

    idx = [i for i, r in enumerate(regions) if r._hint is not None]
    free = set(np.asarray(idx)[boundary_free([regions[i]._hint for i in idx], output)].tolist()) if idx else set()
    return [r for i, r in enumerate(regions) if i not in free]


def _edges_on(P: Polygon, line):
    out = []
    k = len(P.verts)
    for i in range(k):
        if P.lines[i] is line:
            out.append((P.verts[i], P.verts[(i + 1) % k]))
    return out


def _norm_pt(v):
    X, Y, W = v
    if W == 0:
        g = gcd(X, Y) or 1
        return ("inf", (X // g, Y // g))
    return (Fraction(X, W), Fraction(Y, W))


def _primitive(L):
    """The line a x + b y + c = 0 as primitive integers, (a, b) lexicographically positive, and the factor's sign
    (+1 when L is a positive multiple of the result): the side L > 0 is then the side key > 0 times that sign."""
    fr = [Fraction(x) for x in L]
    den = 1
    for x in fr:
        den = den * x.denominator // gcd(den, x.denominator)
    ints = [int(x * den) for x in fr]
    g = gcd(*ints) or 1
    ints = [x // g for x in ints]
    sign = 1 if (ints[0], ints[1]) > (0, 0) else -1
    return tuple(sign * x for x in ints), sign


def _param(key, p):
    """Position of the point p (finite, or ('inf', direction)) along the line key."""
    a, b, _ = key
    if p[0] == "inf":
        return float("inf") if -b * p[1][0] + a * p[1][1] > 0 else float("-inf")
    return -b * p[0] + a * p[1]


class _Lines:
    """Segments grouped by their supporting line, cut at every endpoint met on that line, so that pieces
    collected from both neighbours of an edge (or overlapping collinear edges) are counted once."""

    def __init__(self):
        self.raw = []                                   # (key, side, p, q, label)
        self.cuts = {}

    def add(self, line, p, q, label=None):
        key, side = _primitive(line)
        ts = self.cuts.setdefault(key, {})
        ts[_param(key, p)] = p
        ts[_param(key, q)] = q
        self.raw.append((key, side, p, q, label))

    def pieces(self):
        """(key, side, (t0, t1), (p0, p1), label, oriented) for each raw segment's elementary pieces."""
        from bisect import bisect_left

        srt = {key: sorted(ts) for key, ts in self.cuts.items()}
        for key, side, p, q, label in self.raw:
            tp, tq = _param(key, p), _param(key, q)
            ts, pts = srt[key], self.cuts[key]
            i, j = bisect_left(ts, min(tp, tq)), bisect_left(ts, max(tp, tq))
            for m in range(i, j):
                t0, t1 = ts[m], ts[m + 1]
                yield key, side, (t0, t1), (pts[t0], pts[t1]) if tp < tq else (pts[t1], pts[t0]), label


def _zero_set(part, k0):
    """Segments of the zero set of output k0 (its boundary when it vanishes on whole regions) and the number of
    regions on which it vanishes identically."""
    lines, zero = _Lines(), 0
    for r in _candidates(part.regions, k0):
        P = r.polygon()
        f = tuple(r.out_num[k0])
        if f[0] == 0 and f[1] == 0 and f[2] == 0:
            zero += 1                   # its edges are met from the neighbours where the output does not vanish
            continue
        s = polygon_signs(P, f)
        if max(s) > 0 and min(s) < 0:
            Pp, _ = split_polygon(P, f, s)
            for a, b in _edges_on(Pp, f):
                lines.add(f, _norm_pt(a), _norm_pt(b))
            continue
        kk = len(P.verts)               # the output keeps one sign here: it may vanish along edges (either sign)
        for i in range(kk):
            if s[i] == 0 and s[(i + 1) % kk] == 0 and P.lines[i][:2] != (0, 0):
                lines.add(P.lines[i], _norm_pt(P.verts[i]), _norm_pt(P.verts[(i + 1) % kk]))
    segs, seen = [], set()
    for key, _, ts, pq, _ in lines.pieces():
        if (key, ts) not in seen:
            seen.add((key, ts))
            segs.append((pq, (0, 1)))
    return segs, zero


def _class_cells(r, nout):
    """The cells of region r where the argmax is attained: (cell polygon, tied classes, touching) where
    touching[i] lists the classes tying the top along edge i of a cell won by one class."""
    P = r.polygon()
    for k in range(nout):
        cell, tied, gs = P, [k], {}
        for j in range(nout):
            if j == k:
                continue
            g = tuple(x - y for x, y in zip(r.out_num[k], r.out_num[j]))
            if g[0] == 0 and g[1] == 0:
                if g[2] < 0:
                    cell = None
                    break
                if g[2] == 0:
                    tied.append(j)
                continue
            s = polygon_signs(cell, g)
            if max(s) <= 0:
                cell = None
                break
            if min(s) < 0:
                cell = split_polygon(cell, g, s)[0]
            gs[j] = g
        if cell is None or min(tied) != k:          # a tie cell is produced once, by its smallest class
            continue
        kk = len(cell.verts)
        touching = [[] for _ in range(kk)]
        for j, g in gs.items():
            s = polygon_signs(cell, g)
            for i in range(kk):
                if s[i] == 0 and s[(i + 1) % kk] == 0 and cell.lines[i][:2] != (0, 0):
                    touching[i].append(j)
        yield cell, tuple(sorted(tied)), touching


def _argmax_set(part, nout):
    """Segments where the argmax changes or the top is tied (the boundary of the tie set when outputs tie on whole
    regions) and the number of regions with such a tie."""
    lines, ties = _Lines(), 0
    for r in _candidates(part.regions, None):
        tie_here = False
        for cell, tied, touching in _class_cells(r, nout):
            tie_here = tie_here or len(tied) > 1
            kk = len(cell.verts)
            for i in range(kk):     # a class changes across an edge only where another output reaches the top
                if cell.lines[i][:2] != (0, 0) and (len(tied) > 1 or touching[i]):
                    lines.add(cell.lines[i], _norm_pt(cell.verts[i]), _norm_pt(cell.verts[(i + 1) % kk]),
                              (tied, tuple(touching[i])))
        ties += tie_here
    sides, order = {}, []
    for key, side, ts, pq, (tied, touch) in lines.pieces():
        if (key, ts) not in sides:
            sides[(key, ts)] = {}
            order.append((key, ts, pq))
        d = sides[(key, ts)]
        d[side] = tied
        d.setdefault("touch", set()).update(tied + touch if touch and len(tied) == 1 else ())
    segs = []
    for key, ts, pq in order:
        d = sides[(key, ts)]
        if 1 in d and -1 in d and d[1] != d[-1]:
            cls = set(d[1]) | set(d[-1])
        elif len(d["touch"]) > 1:
            cls = d["touch"]
        else:
            continue
        segs.append((pq, (min(cls), max(cls))))
    return segs, ties


def _decision_boundary(part, output):
    nout = len(part.regions[0].out_num) if part.regions else 1
    single = output is not None or nout == 1
    if output is not None and (isinstance(output, (bool, np.bool_)) or not isinstance(output, (int, np.integer))):
        raise ParameterError(f"output={output!r} is not an output index",
                             hint=f"an integer 0..{nout - 1}, or None for the boundary between the classes")
    k0 = 0 if output is None else int(output)
    if single and not 0 <= k0 < nout:
        raise ParameterError(f"output {k0} out of range (the network has {nout} outputs)", hint=f"0..{nout - 1}")
    if single:
        segs, zero = _zero_set(part, k0)
        kind = ("boundary of the zero set" if zero else "zero set") + f" of output {k0}"
        return DecisionBoundary(tuple(segs), tuple(_join(segs)), kind, zero_regions=zero)
    segs, ties = _argmax_set(part, nout)
    kind = "boundary of the argmax tie set" if ties else "argmax boundary"
    return DecisionBoundary(tuple(segs), tuple(_join(segs)), kind, tie_regions=ties)


def _join(segs):
    """Join segments sharing endpoints into polylines (exact matching)."""
    from collections import defaultdict

    adj = defaultdict(list)
    for idx, ((p, q), _) in enumerate(segs):
        adj[p].append(idx)
        adj[q].append(idx)
    used = [False] * len(segs)
    lines = []
    for start in range(len(segs)):
        if used[start]:
            continue
        used[start] = True
        p, q = segs[start][0]
        line = [p, q]
        for end in (1, 0):
            while True:
                tip = line[-1] if end else line[0]
                if tip[0] == "inf":
                    break
                nxt = [i for i in adj[tip] if not used[i]]
                if len(nxt) != 1 or len(adj[tip]) != 2:
                    break
                i = nxt[0]
                used[i] = True
                a, b = segs[i][0]
                o = b if a == tip else a
                if end:
                    line.append(o)
                else:
                    line.insert(0, o)
        lines.append(line)
    return lines
