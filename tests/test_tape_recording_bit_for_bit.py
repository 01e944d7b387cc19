"""Recording with fewer Python and numpy calls per pass gives the same tapes, bit for bit (2026-12-05).

The row reduction (fewer numpy calls: a condition number decided by Frobenius norms where they suffice, the pivot
block's inverse computed once, T is the pivot block when one block holds every output, the identity put into the
Python rows), the products' fusion (the reads counted over the whole term table at once), a DOT's terms
appended whole, and the parameter terms split from the others in one pass must do the same arithmetic in the same
order: checked against the earlier formulations, written out here as references, on witness systems (the family
and its pinned form, with and without lifted parameters) and on systems built to take the other branches (two
blocks of outputs, a term table that is not the DOTs' ranges in order).
"""

from collections import Counter
from operator import itemgetter

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.dimension import dimension
from algnet.analyses.witness_system import witness_setup
from algnet.homotopy import tape_blocks
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
from algnet.homotopy.tape import DOT, MUL, TapeBuilder, Tracer, record
import algnet.homotopy.tape as tape_module

FIELDS = ("code", "values", "lo", "hi", "outputs", "dot_idx", "dot_idx2", "dot_coef", "transform", "param_map")


def _same_tape(a, b):
    for f in FIELDS:
        x, y = getattr(a, f), getattr(b, f)
        if x is None or y is None:
            assert x is None and y is None, f
            continue
        x, y = np.asarray(x), np.asarray(y)
        assert x.shape == y.shape and x.dtype == y.dtype, f
        assert x.tobytes() == y.tobytes(), f          # bit for bit (signed zeros too)


def _reference_materialize(self, t):
    """TapeBuilder.materialize as it was: the terms appended one by one."""
    if t.reg >= 0:
        return t.reg
    if not t.lin:
        r = self._const_reg(t.const)
    elif t.const == 0 and len(t.lin) == 1 and next(iter(t.lin.values())) == 1:
        r = next(iter(t.lin))
    else:
        key = (DOT, tuple(sorted(t.lin.items(), key=itemgetter(0))), t.const)
        r = self._memo.get(key)
        if r is None:
            start = len(self.dot_idx)
            for reg_, c in t.lin.items():
                self.dot_idx.append(reg_)
                self.dot_coef.append(c)
            if t.const != 0:
                self.dot_idx.append(self._const_reg(1 + 0j))
                self.dot_coef.append(t.const)
            r = self._memo[key] = self._emit(DOT, start, len(self.dot_idx), spans=list(t.lin))
    t.reg = r
    return r


def _reference_fuse(self, outs):
    """TapeBuilder._fuse_products as it was: the reads and the fused terms found DOT by DOT."""
    idx = self.dot_idx
    reads = list(outs)
    for op, a, b, c in self.code:
        if op == DOT:
            reads += idx[a:b]
        else:
            reads += [a, b]
    uses = Counter(reads)
    producer = {c: (a, b) for op, a, b, c in self.code if op == MUL}
    self.dot_idx2 = idx2 = [-1] * len(idx)
    removed = set()
    for op, a, b, c in (self.code if producer else ()):
        if op != DOT:
            continue
        for t in range(a, b):
            r = idx[t]
            if r in producer and uses[r] == 1:
                idx[t], idx2[t] = producer[r]
                removed.add(r)
    if removed:
        self.code = [ins for ins in self.code if not (ins[0] == MUL and ins[3] in removed)]


def _reference_reduce(b, outs):
    """reduce_output_blocks as it was: T from the identity, the pivot columns set to the identity in numpy."""
    k = len(outs)
    code, idx, idx2, coef, lo, hi = b.code, b.dot_idx, b.dot_idx2, b.dot_coef, b.lo, b.hi
    producer, used = {}, set()
    for t, (op, a, c2, c) in enumerate(code):
        if op == DOT:
            producer[c] = t
            used.update(idx[a:c2])
            used.update(idx2[a:c2])
        else:
            used.update((a, c2))
    xdep = [h > l and l < b.n for l, h in zip(lo, hi)] + [False]
    seen = Counter(outs)
    rows, groups = {}, {}
    for i, o in enumerate(outs):
        if seen[o] != 1 or o in used or o not in producer:
            continue
        _, a, c2, _ = code[producer[o]]
        heavy, cheap = {}, {}
        for key, c in zip(zip(idx[a:c2], idx2[a:c2]), coef[a:c2]):
            d = heavy if (xdep[key[0]] or xdep[key[1]]) else cheap
            d[key] = d.get(key, 0j) + c
        rows[i] = (heavy, cheap)
        groups.setdefault(tuple(sorted(heavy)), []).append(i)
    T = None
    for keys, grp in groups.items():
        g, s = len(grp), len(keys)
        if g < 2 or s <= g:
            continue
        C = np.array([[rows[i][0][key] for key in keys] for i in grp], dtype=np.complex128)
        piv = _reference_pivots(C, [_reference_key_cost(b, key) for key in keys], *tape_blocks.PIVOT_BY_COST)
        if piv is None:
            piv = tape_blocks._pivot_columns(C)
            if piv is None or not tape_blocks._condition(C[:, piv]) < tape_blocks._MAX_BLOCK_CONDITION:
                continue
        M = np.linalg.inv(C[:, piv])
        Cn = M @ C
        Cn[:, piv] = np.eye(g)
        Ml, Cnl = M.tolist(), Cn.tolist()
        for r_, i in enumerate(grp):
            cheap = {}
            for m_, i2 in zip(Ml[r_], grp):
                for key, c in rows[i2][1].items():
                    cheap[key] = cheap.get(key, 0j) + m_ * c
            terms = [(key, c) for key, c in zip(keys, Cnl[r_]) if c != 0]
            terms += [(key, c) for key, c in cheap.items() if c != 0]
            start = len(idx)
            regs = []
            for (r1, r2), c in terms:
                idx.append(r1)
                idx2.append(r2)
                coef.append(complex(c))
                regs += [r for r in (r1, r2) if r >= 0 and hi[r] > lo[r]]
            o = outs[i]
            code[producer[o]] = (DOT, start, len(idx), o)
            lo[o], hi[o] = (min(lo[r] for r in regs), max(hi[r] for r in regs)) if regs else (0, 0)
        if T is None:
            T = np.eye(k, dtype=np.complex128)
        T[np.ix_(grp, grp)] = C[:, piv]
    if T is not None:
        tape_blocks.compact_terms(b)
    return T


def _reference_pivots(C, cost, direct, tol, condition):
    """The pivot choice by cost as it was: every condition number by the SVD (``np.linalg.cond``)."""
    g = C.shape[0]
    piv = np.lexsort((-np.abs(C).max(axis=0), -np.asarray(cost, dtype=float)))[:g].tolist()
    if np.linalg.cond(C[:, piv]) <= direct:
        return piv
    piv = tape_blocks._costed_pivot_columns(C, cost, tol)
    return piv if piv is not None and np.linalg.cond(C[:, piv]) <= condition else None


def _reference_key_cost(b, key):
    """One term key's cost as _key_costs took it: the term's, or (a linear term on a DOT register) the smaller of
    that and the sum of the register's own terms' costs, every one by _term_cost."""
    from algnet.homotopy.tape_inline import INLINE_COST, _term_cost

    r1, r2 = key
    cost = _term_cost(b.lo, b.hi, r1, r2, INLINE_COST)
    own = {c: (a, c2) for op, a, c2, c in b.code if op == DOT}
    if r2 < 0 and r1 in own:
        a, c2 = own[r1]
        cost = min(cost, sum(_term_cost(b.lo, b.hi, s1, s2, INLINE_COST)
                             for s1, s2 in zip(b.dot_idx[a:c2], b.dot_idx2[a:c2])))
    return cost


def _reference_recording(m):
    m.setattr(TapeBuilder, "materialize", _reference_materialize)
    m.setattr(TapeBuilder, "_fuse_products", _reference_fuse)
    m.setattr(tape_module, "reduce_output_blocks", _reference_reduce)


def _setup(spec, seed, pin="fixed"):
    net = parse_spec(spec)
    return witness_setup(net, dimension(net, seed=0).dimension, seed=seed, pin=pin)


@pytest.mark.parametrize("spec", ["linear 4-2-4", "dense 3-2-2 r=2", "conv k=2,2,2 r=2", "linear 6-2-4"])
def test_witness_tapes_are_the_earlier_formulations(spec, monkeypatch):
    for seed in (0, 1):
        ws = _setup(spec, seed)
        for fam in (ws.family, ws.tracked):
            for mp in (False, True):
                t1 = record(fam, map_parameters=mp)
                with monkeypatch.context() as m:
                    _reference_recording(m)
                    t0 = record(fam, map_parameters=mp)
                _same_tape(t0, t1)
                assert t1.transform is not None          # a block was reduced: the branch under test ran


def _two_blocks():
    """Four outputs in (x, y, z, w): two over the squares of x, y, z, two over their products with w (two blocks of
    two outputs over three terms, each reduced)."""
    G = PolynomialSystem.from_terms([{(2, 0, 0, 0): 1, (0, 2, 0, 0): 2, (0, 0, 2, 0): 3},
                                     {(2, 0, 0, 0): 4, (0, 2, 0, 0): 5, (0, 0, 2, 0): 7},
                                     {(1, 0, 0, 1): 1, (0, 1, 0, 1): 6, (0, 0, 1, 1): 2},
                                     {(1, 0, 0, 1): 3, (0, 1, 0, 1): 1, (0, 0, 1, 1): 9}])
    return OffsetFamily(G)


def test_two_blocks_put_their_pivot_blocks_into_the_identity(monkeypatch):
    fam = _two_blocks()
    t1 = record(fam, map_parameters=True)
    with monkeypatch.context() as m:
        _reference_recording(m)
        t0 = record(fam, map_parameters=True)
    _same_tape(t0, t1)
    T = t1.transform
    assert T.shape == (4, 4) and not T[:2, 2:].any() and not T[2:, :2].any()
    x, p = np.array([0.5, -1.0, 2.0, 1.5]), np.array([1.0, 2.0, 3.0, 4.0])
    F, J, _ = t1.evaluate(x, p, np.zeros(4))
    # by hand: x^2 + 2 y^2 + 3 z^2 - p0, 4 x^2 + 5 y^2 + 7 z^2 - p1, (x + 6 y + 2 z) w - p2, (3 x + y + 9 z) w - p3
    assert np.allclose(F, [13.25, 32.0, -5.25, 23.75], rtol=1e-13, atol=1e-13)
    assert np.allclose(J[0], [1.0, -4.0, 12.0, 0.0], rtol=1e-13, atol=1e-13)
    assert np.allclose(J[2], [1.5, 9.0, 3.0, -1.5], rtol=1e-13, atol=1e-13)


def test_fusion_of_a_table_that_is_not_the_ranges_in_order():
    # a term table with a term no DOT reads (as a pass may leave it before compaction), and DOTs out of order:
    # the reads are counted DOT by DOT, as the reference does
    def build():
        b = TapeBuilder(3, 0)
        x = b.x
        r = b.materialize(x[0] * x[1] + 2 * (x[1] * x[2]))
        s = b.materialize(Tracer(b, {r: 3 + 0j, 2: 1 + 0j}) * x[0] + x[1] * x[2])
        return b, [r, s]

    for perturb in ("orphan", "swap"):
        b0, outs = build()
        b1, _ = build()
        for b in (b0, b1):
            if perturb == "orphan":
                b.dot_idx.insert(0, 1)
                b.dot_coef.insert(0, 5 + 0j)
                b.code = [(op, a + 1, c2 + 1, c) if op == DOT else (op, a, c2, c) for op, a, c2, c in b.code]
            else:
                dots = [ins for ins in b.code if ins[0] == DOT]
                b.code = [ins for ins in b.code if ins[0] != DOT] + dots[::-1]
        _reference_fuse(b0, outs)
        b1._fuse_products(outs)
        assert b0.code == b1.code and b0.dot_idx == b1.dot_idx and b0.dot_idx2 == b1.dot_idx2
        assert any(r2 >= 0 for r2 in b1.dot_idx2)              # a product was fused


def test_lifted_parameter_forms_split_the_terms_as_before():
    # a DOT with parameter terms between the others: the form takes their sum, the others keep their order
    b = TapeBuilder(2, 3)
    x, p = b.x, b.p
    out = x[0] * x[1] + 2 * p[0] + x[0] - p[2] + 3 * p[0] + x[1] * x[1] + 0.5 * p[1]
    t = b.finish([out], reduce_outputs=False, inline=False, map_parameters=True)
    assert t.param_map.tolist() == [[5 + 0j, 0.5 + 0j, -1 + 0j]]
    x0, p0 = np.array([2.0, 3.0]), np.array([1.0, 2.0, 4.0])
    F, J, Ht = t.evaluate(x0, p0, np.array([1.0, 0.0, 0.0]))
    assert F.real.tolist() == [6.0 + 2 + 2 - 4 + 3 + 9 + 1] and J.real.tolist() == [[4.0, 8.0]]
    assert Ht.real.tolist() == [5.0]
    terms = [(int(r1), int(r2)) for r1, r2 in zip(t.dot_idx, t.dot_idx2)]
    assert [r2 >= 0 for _, r2 in terms] == [True, False, True, False]   # x0 x1, x0, x1 x1, then the form


def test_condition_at_most_decides_as_the_svd():
    # matrices of prescribed condition numbers around the limit (U diag(s) V^H, s from 1 down to 1/cond): the
    # Frobenius bound or the SVD, the same verdict as np.linalg.cond, and np.linalg.inv's inverse bit for bit
    rng = np.random.default_rng(5)
    decided = 0
    for trial in range(600):
        g = int(rng.integers(2, 17))
        limit = float(rng.choice([1e3, 1e4]))
        cond = limit * float(np.exp(rng.uniform(-3, 0.5)))
        U, _ = np.linalg.qr(rng.normal(size=(g, g)) + 1j * rng.normal(size=(g, g)))
        V, _ = np.linalg.qr(rng.normal(size=(g, g)) + 1j * rng.normal(size=(g, g)))
        s = np.exp(-np.log(cond) * rng.uniform(0, 1, size=g))
        s[0], s[-1] = 1.0, 1.0 / cond
        A = (U * s) @ V.conj().T
        ok, Ai = tape_blocks._condition_at_most(A, limit)
        assert ok == (np.linalg.cond(A) <= limit)
        assert Ai.tobytes() == np.linalg.inv(A).tobytes()
        decided += ok and np.vdot(A, A).real * np.vdot(Ai, Ai).real <= limit ** 2
    assert 0 < decided < 600                         # both routes taken
    ok, Ai = tape_blocks._condition_at_most(np.array([[1.0, 2.0], [2.0, 4.0]]), 1e8)
    assert not ok and Ai is None
