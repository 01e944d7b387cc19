"""Recording a witness system's tape: the cheaper passes give the same tape.

The passes of ``TapeBuilder.finish`` were rewritten with less Python per term and must do the same arithmetic in
the same order: checked here against the reference formulations (the merge of an explicit substitution,
``np.linalg.cond``, a hand-computed complete pivoting), against the family's own numpy evaluation, and between
the two ways a pinned family traces its rows.
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.dimension import dimension
from algnet.analyses.witness import NetworkValues
from algnet.analyses.witness_family import NetworkWitnessFamily
from algnet.analyses.witness_system import witness_setup
from algnet.errors import ParameterError
from algnet.homotopy.pinned import FixedPinFamily, PinnedFamily
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
from algnet.homotopy.tape import record
from algnet.homotopy.tape_blocks import _condition, _pivot_columns
import algnet.homotopy.tape as tape_module
from algnet.homotopy import tape_inline
from algnet.homotopy.tape_inline import _inline_into, _inlined, _listed

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


def _setup(spec, seed, pin="fixed"):
    net = parse_spec(spec)
    return witness_setup(net, dimension(net, seed=0).dimension, seed=seed, pin=pin)


def _merged(ts):
    """The reference merge: equal registers summed in order from 0j (a product's factors in either order), zeros
    dropped."""
    acc = {}
    for r1, r2, co in ts:
        key = (r1, r2) if r2 < 0 or r1 <= r2 else (r2, r1)
        acc[key] = acc.get(key, 0j) + co
    return [(r1, r2, co) for (r1, r2), co in acc.items() if co != 0]


def test_inlining_merges_as_the_explicit_substitution_does():
    # the reference: r's terms substituted for each linear term on r (times its coefficient), then merged
    rng = np.random.default_rng(3)
    for trial in range(200):
        r = 7
        regs = list(rng.integers(0, 12, size=rng.integers(1, 9)))
        ts = [(int(a), int(b) if rng.random() < 0.4 else -1, complex(*rng.normal(size=2))) for a, b in
              zip(regs, rng.integers(0, 12, size=len(regs)))]
        if trial % 3 == 0:
            ts.append((r, -1, complex(*rng.normal(size=2))))
        if trial % 5 == 0:                           # a term that cancels exactly, and a negative zero
            ts += [(3, -1, 1.5 - 0.0j), (3, -1, -1.5 + 0.0j), (4, -1, complex(2.0, -0.0))]
        own = [(int(a), int(b) if rng.random() < 0.5 else -1, complex(*rng.normal(size=2)))
               for a, b in zip(rng.integers(0, 12, size=4), rng.integers(0, 12, size=4))]
        reference = []
        for r1, r2, co in ts:
            if r1 == r and r2 < 0:
                reference += [(s1, s2, co * cs) for s1, s2, cs in own]
            else:
                reference.append((r1, r2, co))
        reference = _merged(reference)
        own_keys = [((s1, s2) if s2 < 0 or s1 <= s2 else (s2, s1), cs) for s1, s2, cs in own]
        got, found = _inlined(ts, r, own_keys)
        assert found == any(t[0] == r and t[1] < 0 for t in ts)
        assert [(a, b) for a, b, _ in got] == [(a, b) for a, b, _ in reference]
        assert np.array([c for *_, c in got]).tobytes() == np.array([c for *_, c in reference]).tobytes()


def test_inlining_into_a_merged_list_is_the_whole_merge():
    # the incremental merge (only r's term and r's terms' keys touched, places as position tuples) against
    # _inlined rebuilding the whole merged list; keys before and after r's term, repeated keys in r's terms,
    # sums that cancel exactly, negative zeros from the products
    rng = np.random.default_rng(11)
    for trial in range(400):
        r = 7
        raw = [(int(a), int(b) if rng.random() < 0.4 else -1, complex(*rng.normal(size=2))) for a, b in
               zip(rng.integers(0, 12, size=rng.integers(1, 10)), rng.integers(0, 12, size=10))]
        if trial % 2 == 0:
            raw.insert(int(rng.integers(0, len(raw) + 1)), (r, -1, complex(*rng.normal(size=2))))
        ts, _ = _inlined(raw, -5, [])                     # a merged list (no term on register -5)
        own = [(int(a), int(b) if rng.random() < 0.5 else -1, complex(*rng.normal(size=2)))
               for a, b in zip(rng.integers(0, 12, size=5), rng.integers(0, 12, size=5))]
        own += [own[int(rng.integers(0, 5))]] if trial % 3 == 0 else []    # a key twice
        co = dict(((a, b), c) for a, b, c in ts).get((r, -1))
        if co is not None and trial % 5 == 0:             # a key before r whose sum cancels, a product of -0.0
            k0 = next(((a, b), c) for a, b, c in ts)
            own.append((k0[0][0], k0[0][1], -k0[1] / co))
            own.append((3, 5, complex(0.0, -0.0)))
        own_keys = [((s1, s2) if s2 < 0 or s1 <= s2 else (s2, s1), cs) for s1, s2, cs in own]
        want, found = _inlined(ts, r, own_keys)
        m = ({(a, b): (i,) for i, (a, b, _) in enumerate(ts)}, {(a, b): c for a, b, c in ts})
        assert _inline_into(m, r, own_keys) == found
        got = _listed(m)
        assert [(a, b) for a, b, _ in got] == [(a, b) for a, b, _ in want]
        assert np.array([c for *_, c in got]).tobytes() == np.array([c for *_, c in want]).tobytes()


def _inline_by_whole_merges(b, outs, cost=None):
    """The reference loop of inline_wide_terms (its earlier version): every inline rebuilds each reader's whole
    merged list (``_inlined``) and counts the uses by scanning them."""
    k = dict(tape_inline.INLINE_COST, **(cost or {}))
    lo, hi, cost_of = b.lo, b.hi, tape_inline._term_cost
    terms = {c: [(b.dot_idx[t], b.dot_idx2[t], b.dot_coef[t]) for t in range(a, c2)]
             for op, a, c2, c in b.code if op == tape_inline.DOT}
    pinned, readers = set(outs), {}
    for op, a, c2, c in b.code:
        if op != tape_inline.DOT:
            pinned.update((a, c2))
    for c, ts in terms.items():
        for r1, r2, _ in ts:
            if r2 >= 0:
                pinned.update((r1, r2))
            else:
                readers.setdefault(r1, set()).add(c)
    done = 0
    for r in list(terms):
        users = readers.get(r)
        if not users or r in pinned:
            continue
        own = sum(cost_of(lo, hi, r1, r2, k) for r1, r2, _ in terms[r])
        uses = sum(1 for u in users for t in terms[u] if t[0] == r and t[1] < 0)
        if uses * own >= uses * cost_of(lo, hi, r, -1, k) + own + k["lin"] + (hi[r] - lo[r]):
            continue
        own_terms = [((s1, s2) if s2 < 0 or s1 <= s2 else (s2, s1), cs) for s1, s2, cs in terms[r]]
        for u in users:
            terms[u], found = _inlined(terms[u], r, own_terms)
            if found:
                for s1, s2, _ in terms[r]:
                    if s2 < 0:
                        readers.setdefault(s1, set()).add(u)
        del terms[r]
        done += 1
    if done:
        tape_inline._rewrite(b, terms)
    return done


@pytest.mark.parametrize("spec", ["linear 4-2-4", "linear 6-2-4", "dense 3-2-3 r=2", "conv k=2,2,2 r=2",
                                  "attention d=2 a=2 dout=1 t=2"])
def test_inlining_records_the_tape_of_the_whole_merges(spec, monkeypatch):
    # the same tape, bit for bit, as the loop that rebuilds every reader's list per inline (the incremental
    # merge changes the cost, not the arithmetic); the witness family, its pinned form, the parameter map
    ws = _setup(spec, 1, "moving")
    for fam in (ws.family, ws.tracked):
        for mp in (False, True):
            t1 = record(fam, map_parameters=mp)
            with monkeypatch.context() as m:
                m.setattr(tape_module, "inline_wide_terms", _inline_by_whole_merges)
                t0 = record(fam, map_parameters=mp)
            _same_tape(t0, t1)
            assert len(t1.code) < len(record(fam, map_parameters=mp, inline=False).code)   # something inlined


def test_complete_pivoting_by_hand():
    # |5| at (0, 1) first; row 1 - (1/5) row 0 = (2.8, 0, 3.6): then column 2
    assert _pivot_columns(np.array([[1.0, 5.0, 2.0], [3.0, 1.0, 4.0]])) == [1, 2]
    # a taken column is never taken again, even when it holds the largest entry left
    assert _pivot_columns(np.array([[0.0, 9.0], [1.0, 9.0]])) == [1, 0]
    assert _pivot_columns(np.zeros((2, 3))) is None
    assert _pivot_columns(np.array([[1.0, 2.0], [2.0, 4.0]])) is None      # rank 1


def test_condition_is_numpys():
    rng = np.random.default_rng(0)
    for n in (1, 2, 5, 12):
        C = rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))
        assert _condition(C) == np.linalg.cond(C)
    assert _condition(np.zeros((2, 2), dtype=complex)) == np.inf == np.linalg.cond(np.zeros((2, 2)))
    assert _condition(np.array([[1.0, 2.0], [2.0, 4.0]])) > 1e15


class _NoRows(NetworkWitnessFamily):
    """The witness family without ``trace_rows``: a pinned family traces every row and drops the pinned ones."""

    trace_rows = None

    def trace(self, x, p):
        return NetworkWitnessFamily.trace_rows(self, x, p, range(self.m + self.e))


@pytest.mark.parametrize("spec", ["linear 4-2-4", "dense 3-2-2 r=2", "conv k=2,2,2 r=2"])
@pytest.mark.parametrize("pin", ["fixed", "moving"])
def test_a_pinned_family_records_the_same_tape_without_forming_its_pinned_rows(spec, pin):
    ws = _setup(spec, 1, pin)
    fam = ws.family
    other = _NoRows(fam.values, fam.R, fam.A)
    t = ws.tracked
    twin = FixedPinFamily(other, t.pins, t.values) if pin == "fixed" else PinnedFamily(other, t.pins)
    for mp in (False, True):
        _same_tape(record(t, map_parameters=mp), record(twin, map_parameters=mp))


@pytest.mark.parametrize("spec", ["linear 4-2-4", "dense 3-2-3 r=2", "linear 6-2-4", "conv k=2,3 r=2"])
def test_the_recorded_witness_tape_is_the_family(spec):
    # every pass at work (row reduction, inlining, lifted parameter forms): values, Jacobian and the
    # parameter derivative of the tape against the family's numpy evaluation, at random complex points
    ws = _setup(spec, 2)
    fam = ws.tracked
    tape = record(fam, map_parameters=True)
    assert tape.transform is not None and tape.param_map is not None
    rng = np.random.default_rng(5)
    for _ in range(3):
        x = rng.normal(size=fam.n_vars) + 1j * rng.normal(size=fam.n_vars)
        p = rng.normal(size=fam.n_params) + 1j * rng.normal(size=fam.n_params)
        dp = rng.normal(size=fam.n_params) + 1j * rng.normal(size=fam.n_params)
        F, J, Ht = tape.evaluate(x, p, dp)
        F0, J0 = fam.evaluate(x[None, :], p[None, :])
        Ht0 = fam.param_derivative(x[None, :], p[None, :], dp[None, :])
        scale = 1 + np.abs(J0).max()
        assert np.abs(F - F0[0]).max() < 1e-11 * scale
        assert np.abs(J - J0[0]).max() < 1e-11 * scale
        assert np.abs(Ht - Ht0[0]).max() < 1e-11 * scale


def test_a_subclass_that_overrides_trace_alone_is_traced_by_its_trace():
    class Doubled(NetworkWitnessFamily):              # its own trace: the value rows doubled
        def trace(self, x, p):
            out = NetworkWitnessFamily.trace(self, x, p)
            return [2 * v for v in out[:self.m]] + out[self.m:]

    ws = _setup("linear 3-1-3", 0)
    fam, t = ws.family, ws.tracked
    doubled = FixedPinFamily(Doubled(fam.values, fam.R, fam.A), t.pins, t.values)
    rng = np.random.default_rng(1)
    x = rng.normal(size=t.n_vars) + 1j * rng.normal(size=t.n_vars)
    p = rng.normal(size=t.n_params) + 1j * rng.normal(size=t.n_params)
    F = record(t).evaluate(x, p, p)[0]
    assert np.allclose(F, t.evaluate(x[None, :], p[None, :])[0][0], atol=1e-10)
    assert t.n_vars == fam.m                       # every kept row is a value row
    assert np.allclose(record(doubled).evaluate(x, p, p)[0], 2 * F, atol=1e-10)


def test_recording_is_deterministic():
    ws = _setup("linear 6-2-4", 0)
    _same_tape(record(ws.tracked, map_parameters=True), record(ws.tracked, map_parameters=True))


def test_pins_are_slices_reads_the_slice_exactly():
    net, rng = parse_spec("linear 2-1-2"), np.random.default_rng(0)
    vals = NetworkValues(net, rng.normal(size=(2, 2)) + 0j, rng)
    R = rng.normal(size=(3, vals.q))
    fam = NetworkWitnessFamily(vals, R, np.array([[0.0, 0.0, 1.0, 0.0]]))
    assert fam.pins_are_slices([(3, 2, 3)])
    assert not fam.pins_are_slices([(3, 1, 3)])          # the wrong unknown
    assert not fam.pins_are_slices([(3, 2, 2)])          # the wrong parameter
    assert not fam.pins_are_slices([(0, 2, 0)])          # a value equation, not a slice
    scaled = NetworkWitnessFamily(vals, R, np.array([[0.0, 0.0, 2.0, 0.0]]))
    assert not scaled.pins_are_slices([(3, 2, 3)])       # 2 theta_2 - p: not a pin
    with pytest.raises(ParameterError):                  # then the numeric check decides, and refuses it
        PinnedFamily(scaled, [(3, 2, 3)])
    assert PinnedFamily(fam, [(3, 2, 3)]).n_vars == 3


def test_a_family_without_the_exact_answer_is_checked_numerically():
    G = PolynomialSystem.from_terms([{(1, 1): 1}, {(0, 1): 1}])          # x0 x1 - p0, x1 - p1
    assert PinnedFamily(OffsetFamily(G), [(1, 1, 1)]).n_vars == 1
    with pytest.raises(ParameterError):
        PinnedFamily(OffsetFamily(G), [(0, 1, 0)])                       # x0 x1 - p0 is not a slice


def test_a_subclass_that_overrides_evaluate_alone_is_checked_numerically():
    class ScaledSlice(NetworkWitnessFamily):          # its slice rows read 2 theta_j - p: not pins
        def evaluate(self, X, P=None):
            F, J = NetworkWitnessFamily.evaluate(self, X, P)
            F, J = F.copy(), J.copy()
            F[:, self.m:] += np.asarray(X) @ self.A.T
            J[:, self.m:] *= 2
            return F, J

    ws = _setup("linear 3-1-3", 0)
    fam, t = ws.family, ws.tracked
    with pytest.raises(ParameterError):
        PinnedFamily(ScaledSlice(fam.values, fam.R, fam.A), t.pins)
    assert PinnedFamily(fam, t.pins).n_vars == t.n_vars
