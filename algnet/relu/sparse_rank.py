"""Exact rank over QQ of a sparse matrix whose columns mostly have one or two nonzero entries.

The rescaling tangents of a network (:mod:`algnet.relu.symmetries`) are such a matrix: a parameter is an incoming
weight of at most one unit and is read by few units, so most parameter columns hold one or two entries. Their
rank is found by graph reasoning, exactly and in near-linear time, and only the rest by elimination:

* the columns with two entries (a at row u, b at row v) are the edges of a *gain graph* on the rows: within a
  connected component C they span the hyperplane phi_C . x = 0 of R^C, phi_C the potential with
  a phi_u + b phi_v = 0 on a spanning tree (union-find with gains), unless an edge violates the potential
  (the component is then unbalanced) or a column with one entry lies in C (grounded): then all of R^C;
* so rank(two-entry and one-entry columns) = sum over components of |C|, minus 1 for each balanced and
  ungrounded C, and the other columns add the rank of their images in the quotient R^rows / (that span), which
  is one coordinate phi_C . x_C per balanced ungrounded component: a small sparse matrix, eliminated exactly
  (fraction-free on integers, Fractions otherwise) with the sparsest column and row first.

Scaling a column by a nonzero number does not change the rank, so each column is first divided by its first
entry (a rescaling tangent's entries are +-theta_i: they become +-1 and the arithmetic stays in small integers).

Examples
--------
A triangle of three rows (oriented incidence columns, balanced): rank 2; a column with one entry grounds it:

>>> sparse_rank([{0: 1, 1: -1}, {1: 1, 2: -1}, {0: 1, 2: -1}])
2
>>> sparse_rank([{0: 1, 1: -1}, {1: 1, 2: -1}, {0: 1, 2: -1}, {2: 5}])
3
"""

from __future__ import annotations

import heapq
from fractions import Fraction
from math import gcd

__all__ = ["sparse_rank", "rank_work"]


def _div(x, y):
    """x / y exactly, staying an int when y is +-1 or divides x."""
    if y == 1:
        return x
    if y == -1:
        return -x
    if isinstance(x, int) and isinstance(y, int) and x % y == 0:
        return x // y
    return Fraction(x) / y


def _normalised(col: dict) -> dict:
    """The column divided by its first entry (zeros dropped)."""
    items = [(r, v) for r, v in col.items() if v != 0]
    if not items:
        return {}
    first = items[0][1]
    return {r: (1 if v == first else -1 if v == -first else _div(v, first)) for r, v in items}


class _GainForest:
    """Union-find over rows with phi_x = gain[x] * phi_(root of x), and per root: size, balanced, grounded."""

    def __init__(self):
        self.parent, self.gain, self.size, self.full = {}, {}, {}, {}

    def add(self, x):
        if x not in self.parent:
            self.parent[x], self.gain[x], self.size[x], self.full[x] = x, 1, 1, False

    def find(self, x):
        path = []
        while self.parent[x] != x:
            path.append(x)
            x = self.parent[x]
        g = 1
        for y in reversed(path):                      # compress: gains relative to the root
            g = self.gain[y] * g
            self.gain[y], self.parent[y] = g, x
        return x

    def edge(self, u, a, v, b):
        """The constraint a phi_u + b phi_v = 0."""
        ru, rv = self.find(u), self.find(v)
        gu, gv = self.gain[u] if u != ru else 1, self.gain[v] if v != rv else 1
        if ru == rv:
            if a * gu + b * gv != 0:
                self.full[ru] = True
            return
        if self.size[ru] > self.size[rv]:
            ru, rv, gu, gv, a, b = rv, ru, gv, gu, b, a
        # a gu phi_ru + b gv phi_rv = 0: phi_ru = -(b gv) / (a gu) phi_rv
        self.parent[ru], self.gain[ru] = rv, _div(-b * gv, a * gu)
        self.size[rv] += self.size[ru]
        self.full[rv] = self.full[rv] or self.full[ru]

    def potential(self, x):
        r = self.find(x)
        return r, (self.gain[x] if x != r else 1)


def _eliminate(cols: list) -> int:
    """Rank of sparse columns ({row: value}) by Gaussian elimination, sparsest column and pivot row first."""
    cols = {j: c for j, c in enumerate(cols) if c}
    rowcols = {}
    for j, c in cols.items():
        for r in c:
            rowcols.setdefault(r, set()).add(j)
    heap = [(len(c), j) for j, c in cols.items()]
    heapq.heapify(heap)
    rank = 0
    while heap:
        n, j = heapq.heappop(heap)
        c = cols.get(j)
        if c is None:
            continue
        if len(c) != n:
            heapq.heappush(heap, (len(c), j))
            continue
        del cols[j]
        if not c:
            continue
        rank += 1
        for r in c:
            rowcols[r].discard(j)
        piv = min(c, key=lambda r: len(rowcols[r]))
        p = c[piv]
        for k in list(rowcols[piv]):
            ck = cols[k]
            f = ck[piv]
            integral = isinstance(p, int) and isinstance(f, int)
            if integral:                               # fraction-free: ck = p ck - f c, then divide out the gcd
                for r in ck:
                    ck[r] *= p
            else:
                f = _div(f, p)
            for r, v in c.items():
                nv = ck.get(r, 0) - (f * v)
                if nv == 0:
                    if r in ck:
                        del ck[r]
                        rowcols[r].discard(k)
                else:
                    if r not in ck:
                        rowcols[r].add(k)
                    ck[r] = nv
            if integral and ck:
                g = 0
                for v in ck.values():
                    if not isinstance(v, int):
                        g = 1
                        break
                    g = gcd(g, v)
                    if g == 1:
                        break
                if g > 1:
                    for r in ck:
                        ck[r] //= g
            heapq.heappush(heap, (len(ck), k))
        del rowcols[piv]
    return rank


def sparse_rank(columns) -> int:
    """The rank over QQ of the matrix with the given sparse columns ({row: exact value}; ints or Fractions).

    Exact (no floating point, no prime): see the module doc for the method.

    Examples
    --------
    Two rows, columns (1, -1), (2, -2) (parallel) and (1, 1): rank 2; without the last, rank 1:

    >>> sparse_rank([{0: 1, 1: -1}, {0: 2, 1: -2}, {0: 1, 1: 1}]), sparse_rank([{0: 1, 1: -1}, {0: 2, 1: -2}])
    (2, 1)
    >>> sparse_rank([{0: 1, 1: 1, 2: 1}, {0: 1, 1: 2, 2: 3}, {0: 2, 1: 3, 2: 4}])     # the third: sum of two
    2
    """
    forest = _GainForest()
    big = []
    for col in columns:
        c = _normalised(col)
        for r in c:
            forest.add(r)
        if len(c) == 1:
            r = next(iter(c))
            forest.full[forest.find(r)] = True
        elif len(c) == 2:
            (u, a), (v, b) = c.items()
            forest.edge(u, a, v, b)
        elif c:
            big.append(c)
    roots = {forest.find(x) for x in forest.parent}
    rank = sum(forest.size[r] - (0 if forest.full[r] else 1) for r in roots)
    if not big:
        return rank
    quotient = []
    for c in big:
        q = {}
        for x, v in c.items():
            r, g = forest.potential(x)
            if not forest.full[r]:
                q[r] = q.get(r, 0) + g * v
        quotient.append({r: v for r, v in q.items() if v != 0})
    return rank + _eliminate(quotient)


def rank_work(columns) -> int:
    """The number of nonzero entries of sparse columns: what :func:`sparse_rank` reads (its time and memory grow
    about linearly in it when few columns hold three entries or more).

    Examples
    --------
    >>> rank_work([{0: 1, 1: -1}, {2: 3}])
    3
    """
    return sum(len(c) for c in columns)
