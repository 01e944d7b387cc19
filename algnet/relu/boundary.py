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

    Examples
    --------
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


def _decision_boundary(part, output):
    segs = []
    nout = len(part.regions[0].out_num) if part.regions else 1
    single = output is not None or nout == 1
    if output is not None and (isinstance(output, (bool, np.bool_)) or not isinstance(output, (int, np.integer))):
        raise ParameterError(f"output={output!r} is not an output index",
                             hint=f"an integer 0..{nout - 1}, or None for the boundary between the classes")
    k0 = 0 if output is None else int(output)
    if single and not 0 <= k0 < nout:
        raise ParameterError(f"output {k0} out of range (the network has {nout} outputs)", hint=f"0..{nout - 1}")
    for r in _candidates(part.regions, k0 if single else None):
        P = r.polygon()
        if single:
            f = tuple(r.out_num[k0])
            if f[0] == 0 and f[1] == 0:
                continue
            s = polygon_signs(P, f)
            if max(s) > 0 and min(s) < 0:
                Pp, _ = split_polygon(P, f, s)
                for a, b in _edges_on(Pp, f):
                    segs.append(((_norm_pt(a), _norm_pt(b)), (0, 1)))
            elif max(s) > 0:  # the zero set may run along an edge of this region
                kk = len(P.verts)
                for i in range(kk):
                    if s[i] == 0 and s[(i + 1) % kk] == 0 and P.lines[i][:2] != (0, 0):
                        segs.append(((_norm_pt(P.verts[i]), _norm_pt(P.verts[(i + 1) % kk])), (0, 1)))
            continue
        for k in range(nout):
            cell = P
            gs = {}
            for j in range(nout):
                if j == k:
                    continue
                g = tuple(x - y for x, y in zip(r.out_num[k], r.out_num[j]))
                if g[0] == 0 and g[1] == 0:
                    if g[2] < 0 or (g[2] == 0 and j < k):
                        cell = None
                        break
                    continue
                s = polygon_signs(cell, g)
                if max(s) <= 0:
                    cell = None
                    break
                if min(s) < 0:
                    cell = split_polygon(cell, g, s)[0]
                    gs[j] = g
            if cell is None:
                continue
            for j, g in gs.items():
                if j < k:
                    continue
                for i in range(len(cell.verts)):
                    if cell.lines[i] == g:
                        a, b = cell.verts[i], cell.verts[(i + 1) % len(cell.verts)]
                        segs.append(((_norm_pt(a), _norm_pt(b)), (k, j)))
    return DecisionBoundary(tuple(segs), tuple(_join(segs)), "zero set of output %d" % k0 if single else "argmax boundary")


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
