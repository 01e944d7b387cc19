"""Attention loose ends of 2026-12-05: expected dimensions of widening networks, the reduction route for
``layers LightningAttention(...)`` specs (one head and several), and the verify rows' statements.

Second methods: the dimension analysis (modular rank met by a proved bound) for the expected values, exact
evaluation over QQ of the parameter maps both ways for the multi-head reduction, the Henry-Marchetti-Kohn count
written out by hand, and a Bombieri-Weyl control (a singular isotropic section) for the transversality test.
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.dimension import dimension
from algnet.architectures.base import Exact


def _hmk(widths, ranks):
    # Henry-Marchetti-Kohn (THEOREMS 4), written out here
    l = len(ranks)
    return (sum(a * (2 * widths[i] - a) + widths[i + 1] * widths[i] for i, a in enumerate(ranks))
            - sum(w * w for w in widths[1:l]) - l)


@pytest.mark.parametrize("spec, narrow_widths, narrow_ranks", [
    ("attention d=2,3,2 a=2,2 t=2", (2, 2, 2), (2, 2)),
    ("attention d=2,3,1 a=2,2 t=2", (2, 2, 1), (2, 2)),
    ("attention d=2,3,3,2 a=2,3,2 t=2", (2, 2, 2, 2), (2, 2, 2)),
    ("attention d=2 a=3 dout=2 t=2", (2, 2), (2,)),
])
def test_expected_dimension_of_a_widening_network(spec, narrow_widths, narrow_ranks):
    net = parse_spec(spec)
    exp, src = net.expected_dimension()
    assert exp == _hmk(narrow_widths, narrow_ranks) != _hmk(net.widths, net.ranks)
    assert "same neuromanifold" in src and net.same_neuromanifold()[0] in src
    res = dimension(net, seed=0)
    assert res.certified and res.dimension == exp and res.defect == 0


def test_no_expected_dimension_where_the_narrower_network_has_none():
    assert parse_spec("attention d=2,3,2 a=1,2 t=2").expected_dimension() is None      # rank one, then two
    assert parse_spec("attention d=2,3,2 a=2,2 t=1").expected_dimension() is None      # one token


def test_layers_spec_of_one_head_layers_certified_by_the_reduction():
    spec = "layers LightningAttention(2, 3, 1), LightningAttention(3, 2, 2), input_shape=(2, 2)"
    res = dimension(spec, seed=0)
    assert res.certified and res.dimension == dimension("attention d=2,3,2 a=1,2 t=2", seed=0).dimension == 8
    assert res.upper_bound_source.startswith("same neuromanifold as a smaller network")
    assert "attention d=2,2,2 a=1,2 t=2" in res.upper_bound_source and "proved in layers_same_neuromanifold" in \
        res.upper_bound_source


def test_layers_spec_with_other_layers_has_no_reduction():
    from algnet.analyses.bounds.reduction import reduction_bound

    assert reduction_bound(parse_spec("layers LightningAttention(2, 3, 1), Linear(3, 1), input_shape=(2, 2)")) is None
    assert reduction_bound(parse_spec("layers LightningAttention(2, 2, 1), LightningAttention(2, 2, 2), "
                                      "input_shape=(2, 2)")) is None            # nothing to lower


def _multi_head_maps(wide, narrow, prm, h, d0):
    """Narrow parameters computing the wide function: layer 1's V -> its h identity blocks E_j (stacked S), the
    next layer's V, K, Q -> (.) B with B = [V_1 ... V_h] (the wide layer 1's output is B S)."""
    w = h * d0
    V1 = prm["V1"]                                      # (h * d1, d0): head j's rows j*d1 .. (j+1)*d1
    d1 = V1.shape[0] // h
    B = np.hstack([V1[j * d1:(j + 1) * d1] for j in range(h)])          # d1 x (h d0)
    E = np.zeros((h * w, d0), dtype=int).astype(object)
    for j in range(h):
        E[j * w + j * d0:j * w + (j + 1) * d0] = np.eye(d0, dtype=int)
    out = {"Q1": prm["Q1"], "K1": prm["K1"], "V1": E}
    for name in ("Q", "K", "V"):
        out[f"{name}2"] = prm[f"{name}2"].dot(B)
    return out


def test_multi_head_reduction_maps_agree_exactly():
    from algnet.architectures.attention import layers_same_neuromanifold

    wide = parse_spec("layers LightningAttention(2, 5, 2, heads=2), LightningAttention(5, 1, 2), input_shape=(2, 2)")
    small, reason = layers_same_neuromanifold(wide)
    narrow = parse_spec(small)
    assert small.startswith("layers LightningAttention(2, 4, 2, heads=2), LightningAttention(4, 1, 2)")
    assert "heads" in reason
    rng = np.random.default_rng(5)
    for _ in range(2):
        X = rng.integers(-9, 10, size=(3, 2, 2)).astype(object)
        th = np.array([int(t) for t in rng.integers(-9, 10, size=wide.n_params)], dtype=object)
        got = narrow.evaluate(narrow.flatten(_multi_head_maps(wide, narrow, wide.unflatten(th), 2, 2)), X,
                              backend=Exact())
        assert np.array_equal(got, wide.evaluate(th, X, backend=Exact()))
        th = np.array([int(t) for t in rng.integers(-9, 10, size=narrow.n_params)], dtype=object)
        prm = narrow.unflatten(th)                        # the converse: zero rows and columns added
        pad = {}
        for name, shape in wide.param_shapes:
            A = np.zeros(shape, dtype=int).astype(object)
            src = np.array(prm[name], dtype=object)
            if name == "V1":                              # heads stacked in rows: pad each head's block
                for j in range(2):
                    A[j * 5:j * 5 + 4] = src[j * 4:(j + 1) * 4]
            else:
                A[:src.shape[0], :src.shape[1]] = src
            pad[name] = A
        got = wide.evaluate(wide.flatten(pad), X, backend=Exact())
        assert np.array_equal(got, narrow.evaluate(th, X, backend=Exact()))


# ----------------------------------------------------------------------------------------- verify rows

def test_transversality_test_rejects_the_bombieri_metric():
    from math import factorial

    from algnet.theorems.checks.critical import quadric_section_smooth

    net = parse_spec("dense 3-1-1-1 r=2")
    mons = net.output_monomials()
    multinomial = [factorial(4) // (factorial(i) * factorial(j) * factorial(k)) for i, j, k in mons]
    # the coordinates of c (a . x)^4 are multinomial(4; alpha) a^alpha (the Frobenius weights of the row)
    assert net.coefficients([1] * net.n_params)[0] == multinomial
    assert quadric_section_smooth(mons, [m * m for m in multinomial])
    # Bombieri-Weyl: Q = diag(1 / multinomial), so the section is (a^T a)^4: singular everywhere
    assert not quadric_section_smooth(mons, multinomial)


def test_frobenius_row_disagrees_without_its_hypothesis(monkeypatch):
    from algnet.theorems.checks import critical as C
    from algnet.theorems.verification import all_checks, run_check

    from types import SimpleNamespace as NS

    check = next(c for c in all_checks(quick=False) if c.case == "dense 3-1-1-1 r=2 (frobenius)")
    assert "transversal" in check.source
    # the count itself is not this test's subject (the row runs it in `algnet verify`): a complete count of 79
    count = NS(ed_degree=79, seed=0, critical=NS(paths=79, trace_test_passed=True, trace_test_outcome=True,
                                                  trace_test="this count: passed", route="monodromy", complete=True,
                                                  certified_distinct=79, seconds=1.0, partial=False))
    from algnet.theorems import verification as V

    def fake(*args, **kwargs):
        V._RUNS[-1].append(count)          # as run_analysis records it: the row states the seed used
        return count

    monkeypatch.setattr(C, "run_analysis", fake)
    row = run_check(check)
    assert row.agree and row.predicted == 79 and "hypothesis checked" in row.detail
    monkeypatch.setattr(C, "quadric_section_smooth", lambda *a, **k: False)
    row = run_check(check)
    assert not row.agree and row.computed == 79 and "NOT shown" in row.detail


def test_no_ed_row_is_capped_at_the_budget():
    """A count no theorem bounds within the default budget stops there, partial: no verify row may be one."""
    from algnet.analyses.critical.estimate import critical_estimate
    from algnet.analyses.critical.estimate_bounds import default_cap
    from algnet.theorems.verification import all_checks

    rows = [c.case.rsplit(" (", 1) for c in all_checks(quick=False, slow=True)
            if c.case.endswith(("(frobenius)", "(generic)", "(bombieri)"))]
    assert len(rows) >= 20
    for spec, metric in rows:
        assert default_cap(critical_estimate(parse_spec(spec), metric[:-1])) is None, (spec, metric)


def test_detail_states_a_partial_count():
    from types import SimpleNamespace as NS

    from algnet.theorems.checks.critical import _detail

    c = NS(paths=50, trace_test_passed=False, route="monodromy", complete=False, certified_distinct=3, seconds=600.0,
           partial=True, partial_reason="stopped at the default budget", trace_test_outcome=False,
           trace_test="this count: NOT passed (residual 1.0e-03)")
    text = _detail(c)
    assert "NOT passed (residual 1.0e-03)" in text and "PARTIAL (stopped at the default budget)" in text
