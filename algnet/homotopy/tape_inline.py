"""Inlining of wide registers into the combinations that read them (fewer derivative lanes per evaluation).

A register's derivative lanes are an interval lo..hi of unknowns
(:mod:`algnet.homotopy.tape`), so a coefficient that depends on four
unknowns far apart (``c = w2_i0 w1_0j + w2_i1 w1_1j`` of a linear network:
unknowns j, 6 + j, 12 + 2 i, 13 + 2 i) spans up to 20 lanes, and every DOT
that reads it as a linear term pays them all. Replacing such a term
``co * c`` by c's own terms scaled by ``co`` (products of two unknowns:
one lane each) pays only the lanes of those terms. :func:`inline_wide_terms`
does this where a cost model says it is cheaper, and a register whose
every use was inlined is then dead (dropped with the other dead
instructions by :meth:`~algnet.homotopy.tape.TapeBuilder.finish`).
The same sums with the coefficients multiplied out: values equal up to
rounding (a few units in the last place of each term).

Examples
--------
Two coefficients on four unknowns each (lanes 0..5), read by two combinations: inlined, the tape
writes fewer lanes, with the same values and Jacobian up to rounding.

>>> import numpy as np
>>> from algnet.homotopy.tape import TapeBuilder, Tracer
>>> def build(inline):
...     b = TapeBuilder(6, 0)
...     x = b.x
...     c = [b.materialize(x[0] * x[5] + x[1] * x[4]), b.materialize(x[0] * x[4] - x[1] * x[5])]
...     c = [Tracer(b, {r: 1}, reg=r) for r in c]
...     return b.finish([2 * c[0] + 3 * c[1] + x[2], c[0] - c[1] + x[3]], reduce_outputs=False, inline=inline)
>>> t0, t1 = build(False), build(True)
>>> t0.lane_work(), t1.lane_work()      # 2 x (2 + 2) + 2 x (6 + 6 + 1) lanes against 2 x (4 x 2 + 1)
(34, 18)
>>> x, none = np.arange(1.0, 7.0), np.zeros(0)
>>> bool(np.allclose(t0.evaluate(x, none, none)[1], t1.evaluate(x, none, none)[1], rtol=1e-15, atol=0))
True
"""

from __future__ import annotations

__all__ = ["inline_wide_terms", "INLINE_COST"]

DOT = 3

#: Cost model of one term in the block kernel, in units of one derivative lane of a linear term:
#: a linear term ``lin + width``, a product term ``prod + prod_lane * (width a + width b)``; ``light``
#: weighs the light evaluation (values and one lane: ``lin_light`` / ``prod_light`` per term).
INLINE_COST = dict(lin=1.6, prod=2.2, prod_lane=1.5, light=0.67, lin_light=1.4, prod_light=1.3)


def _term_cost(lo, hi, r1, r2, k):
    w1 = hi[r1] - lo[r1]
    if r2 < 0:
        return k["lin"] + w1 + k["light"] * k["lin_light"]
    return k["prod"] + k["prod_lane"] * (w1 + hi[r2] - lo[r2]) + k["light"] * k["prod_light"]


def inline_wide_terms(b, outs, cost=None) -> int:
    """Inline DOT registers into the DOTs that read them as linear terms where the cost model
    (:data:`INLINE_COST`) finds it cheaper, in place on a builder; returns the number of registers
    inlined. Lane intervals are recomputed afterwards.

    Examples
    --------
    >>> from algnet.homotopy.tape import TapeBuilder, Tracer
    >>> b = TapeBuilder(6, 0)
    >>> r = b.materialize(b.x[0] * b.x[5] + b.x[1] * b.x[4])     # depends on 4 unknowns, spans lanes 0..5
    >>> outs = [b.materialize(Tracer(b, {2: 2, r: 3})), b.materialize(Tracer(b, {3: 1, r: -1}))]
    >>> b._fuse_products(outs)
    >>> inline_wide_terms(b, outs), (b.lo[r], b.hi[r]), [(b.lo[o], b.hi[o]) for o in outs]
    (1, (0, 6), [(0, 6), (0, 6)])
    >>> b.code                                   # two DOTs of three terms each; r's own DOT is gone
    [(3, 0, 3, ...), (3, 3, 6, ...)]
    """
    k = dict(INLINE_COST, **(cost or {}))
    lo, hi = b.lo, b.hi
    terms = {}                        # DOT register -> [(r1, r2, coef)]
    order = []
    for op, a, c2, c in b.code:
        if op == DOT:
            terms[c] = [(b.dot_idx[t], b.dot_idx2[t], b.dot_coef[t]) for t in range(a, c2)]
            order.append(c)
    pinned = set(outs)                # registers read other than as a linear DOT term
    readers: dict = {}                # register -> DOT registers reading it as a linear term
    for op, a, c2, c in b.code:
        if op != DOT:
            pinned.update((a, c2))
    for c, ts in terms.items():
        for r1, r2, _ in ts:
            if r2 >= 0:
                pinned.update((r1, r2))
            else:
                readers.setdefault(r1, set()).add(c)
    done = 0
    for r in order:
        users = readers.get(r)
        if not users or r in pinned:
            continue
        own = sum(_term_cost(lo, hi, r1, r2, k) for r1, r2, _ in terms[r])
        uses = sum(1 for u in users for r1, r2, _ in terms[u] if r1 == r and r2 < 0)
        old = uses * _term_cost(lo, hi, r, -1, k) + own + k["lin"] + (hi[r] - lo[r])
        if uses * own >= old:
            continue
        for u in users:
            new = []
            for r1, r2, co in terms[u]:
                if r1 == r and r2 < 0:
                    new += [(s1, s2, co * cs) for s1, s2, cs in terms[r]]
                    for s1, s2, _ in terms[r]:
                        if s2 < 0:
                            readers.setdefault(s1, set()).add(u)
                else:
                    new.append((r1, r2, co))
            terms[u] = _merged(new)
        del terms[r]
        readers.pop(r, None)
        done += 1
    if done:
        _rewrite(b, terms)
    return done


def _merged(ts):
    """Terms with equal registers summed (a product's two factors in either order), zeros dropped."""
    acc: dict = {}
    for r1, r2, co in ts:
        key = (r1, r2) if r2 < 0 or r1 <= r2 else (r2, r1)
        acc[key] = acc.get(key, 0j) + co
    return [(r1, r2, co) for (r1, r2), co in acc.items() if co != 0]


def _rewrite(b, terms):
    """The builder's code and term table from ``terms`` (inlined registers dropped), lane intervals
    recomputed in code order."""
    idx, idx2, coef, code = [], [], [], []
    for op, a, c2, c in b.code:
        if op == DOT:
            if c not in terms:
                continue
            start = len(idx)
            for r1, r2, co in terms[c]:
                idx.append(r1)
                idx2.append(r2)
                coef.append(co)
            a, c2 = start, len(idx)
            regs = [r for r1, r2, _ in terms[c] for r in (r1, r2) if r >= 0]
        else:
            regs = [a, c2]
        iv = [(b.lo[r], b.hi[r]) for r in regs if b.hi[r] > b.lo[r]]
        b.lo[c] = min(v[0] for v in iv) if iv else 0
        b.hi[c] = max(v[1] for v in iv) if iv else 0
        code.append((op, a, c2, c))
    b.dot_idx, b.dot_idx2, b.dot_coef, b.code = idx, idx2, coef, code
