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

On the witness systems of ``bench/bench_tracker.py`` (seed 0, coordinate slices) inlining halves the
instructions and cuts the derivative lanes of a full evaluation (:meth:`~algnet.homotopy.tape.Tape.lane_work`)
by up to two thirds (linear 6-2-4: 44 instructions and 2,568 lanes -> 20 and 840; linear 10-5-10: 153,613 ->
25,175 lanes), while a light evaluation (one lane per term and instruction) gets somewhat more lanes: the light
evaluation pays per term, and inlining adds terms, hence the weight of light terms in :data:`INLINE_COST` (a
step is about three full and two light evaluations). The cost model's units were fitted on synthetic tapes
(block kernel: a linear term of width w about 1 + 0.63 w ns per path, a product of two one-lane registers 3.3
ns; light evaluation 0.8-0.9 ns a term of either kind). Whole tracking on the systems whose tape changes:
1.03-1.28x less CPU, the same statuses, evaluation counts within 11 of 71,472-159,651, endpoints within 1.2e-13
(relative); whole degrees the same degrees and path counts at 1.04-1.30x less CPU (monodromy runs most steps
path by path, where inlining pays more).

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
    inlined. Lane intervals are recomputed afterwards. A reader's list is merged whole at its first inline
    and in place at the others (time of the inlined register's terms), so the cost is about the terms written,
    not terms x inlined (linear 20-10-20: 0.6 s of CPU against 7-8 s; ``bench/bench_tape.py``).

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
    lin, prod, lane = k["lin"], k["prod"], k["prod_lane"]
    lin_light, prod_light = k["light"] * k["lin_light"], k["light"] * k["prod_light"]
    terms = {}                        # DOT register -> [(r1, r2, coef)]
    order = []
    table = list(zip(b.dot_idx, b.dot_idx2, b.dot_coef))      # (r1, r2, coef) of every term, sliced per DOT
    for op, a, c2, c in b.code:
        if op == DOT:
            terms[c] = table[a:c2]
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
    merged: dict = {}                 # DOT register -> ({key: position}, {key: coefficient}) once something was inlined
    counts: dict = {}                 # DOT register (not merged) -> {register: its linear terms on it}
    done = 0
    for r in order:
        users = readers.get(r)
        if not users or r in pinned:
            continue
        if r in merged:               # r's terms as the merges left them, in their order
            terms[r] = _listed(merged.pop(r))
            counts.pop(r, None)
        # _term_cost of each of r's terms, its arithmetic inlined (the same sums in the same order)
        own = sum(lin + (hi[r1] - lo[r1]) + lin_light if r2 < 0 else
                  prod + lane * (hi[r1] - lo[r1] + hi[r2] - lo[r2]) + prod_light for r1, r2, _ in terms[r])
        uses = 0                      # how many linear terms of r's users read r
        for u in users:
            m = merged.get(u)
            if m is not None:
                if (r, -1) in m[1]:
                    uses += 1
                continue
            c = counts.get(u)
            if c is None:
                c = counts[u] = {}
                for r1, r2, _ in terms[u]:
                    if r2 < 0:
                        c[r1] = c.get(r1, 0) + 1
            uses += c.get(r, 0)
        old = uses * _term_cost(lo, hi, r, -1, k) + own + k["lin"] + (hi[r] - lo[r])
        if uses * own >= old:
            continue
        # r's terms with their keys in the merged form (a product's two factors in either order)
        own_terms = [((s1, s2) if s2 < 0 or s1 <= s2 else (s2, s1), cs) for s1, s2, cs in terms[r]]
        own_linear = [s1 for s1, s2, _ in terms[r] if s2 < 0]
        for u in users:
            m = merged.get(u)
            if m is None:             # u's first inline: its whole list merged once
                ts, found = _inlined(terms[u], r, own_terms)
                merged[u] = ({(r1, r2): (i,) for i, (r1, r2, _) in enumerate(ts)}, {(r1, r2): co for r1, r2, co in ts})
                counts.pop(u, None)
            else:                     # later ones touch only r's term and r's terms' keys
                found = _inline_into(m, r, own_terms)
            if found:                  # u read r (a register whose term cancelled stays listed, read by no one)
                for s1 in own_linear:
                    readers.setdefault(s1, set()).add(u)
        del terms[r]
        readers.pop(r, None)
        done += 1
    if done:
        for u, m in merged.items():
            terms[u] = _listed(m)
        _rewrite(b, terms)
    return done


def _listed(m):
    """A merged term dict as the term list, in the order of its positions."""
    pos, val = m
    return [(key[0], key[1], val[key]) for key in sorted(pos, key=pos.__getitem__)]


def _inline_into(m, r, own_terms):
    """:func:`_inlined` on a list already merged (``m``: ({key: position}, {key: coefficient}), no two equal
    keys, no zero and no negative zero), in place and in time of r's terms only: a key before r's term keeps its
    place and adds to its sum, the others take r's place (in the order they first come in r's terms; a key that
    came after r's term sums its old coefficient last), zeros dropped. Positions are tuples: r's place p, the keys
    put there ``p + (j,)``. Returns whether m had a linear term on r."""
    pos, val = m
    if (r, -1) not in val:
        return False
    p, co = pos.pop((r, -1)), val.pop((r, -1))
    acc: dict = {}
    for key, cs in own_terms:
        if key in acc:
            acc[key] = acc[key] + co * cs
        else:
            q = pos.get(key)
            acc[key] = (0j + val[key] if q is not None and q < p else 0j) + co * cs
    j = 0
    for key, v in acc.items():
        q = pos.get(key)
        if q is None or q > p:
            if q is not None:
                v = v + val[key]
            q = p + (j,)
            j += 1
        if v != 0:
            pos[key], val[key] = q, v
        elif key in val:
            del pos[key], val[key]
    return True


def _inlined(ts, r, own_terms):
    """(terms, found): the terms ``ts`` with each linear term on register r replaced by r's terms
    (``own_terms``: merged keys and coefficients) times its coefficient, then merged: equal registers summed in
    the order they come (a product's two factors in either order, each sum from 0j), zeros dropped; ``found``: ts
    had such a term."""
    acc: dict = {}
    get = acc.get
    found = False
    for r1, r2, co in ts:
        if r1 == r and r2 < 0:
            found = True
            for key, cs in own_terms:
                acc[key] = get(key, 0j) + co * cs
        else:
            key = (r1, r2) if r2 < 0 or r1 <= r2 else (r2, r1)
            acc[key] = get(key, 0j) + co
    return [(r1, r2, co) for (r1, r2), co in acc.items() if co != 0], found


def _rewrite(b, terms):
    """The builder's code and term table from ``terms`` (inlined registers dropped), lane intervals
    recomputed in code order."""
    idx, idx2, coef, code = [], [], [], []
    lo, hi = b.lo, b.hi
    for op, a, c2, c in b.code:
        if op == DOT:
            if c not in terms:
                continue
            start = len(idx)
            ts = terms[c]
            idx += [t[0] for t in ts]
            idx2 += [t[1] for t in ts]
            coef += [t[2] for t in ts]
            a, c2 = start, len(idx)
            regs = idx[a:c2] + [r for r in idx2[a:c2] if r >= 0]
        else:
            regs = (a, c2)
        l0, h0 = None, 0
        for r in regs:
            if hi[r] > lo[r]:
                if l0 is None or lo[r] < l0:
                    l0 = lo[r]
                if hi[r] > h0:
                    h0 = hi[r]
        lo[c], hi[c] = (0, 0) if l0 is None else (l0, h0)
        code.append((op, a, c2, c))
    b.dot_idx, b.dot_idx2, b.dot_coef, b.code = idx, idx2, coef, code
