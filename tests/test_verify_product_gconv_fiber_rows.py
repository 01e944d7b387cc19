"""The verify rows of the Product combinator (products of two ternary linear forms: the quadrics of rank <= 2,
the cubic hypersurface det = 0 of the symmetric matrix, dimension 5 and degree 3) and of the generic fiber of a
cyclic group convolution (gconv n=3 layers=2 r=2: the 3 translations modulo the rescaling)."""

import sympy as sp

from algnet import parse_spec
from algnet.theorems.checks.architectures import checks
from algnet.theorems.verification import run_check


def _rows(prefix, quick=True):
    return [c for c in checks(quick=quick) if c.theorem.startswith(prefix)]


def test_the_product_rows_agree_with_the_hand_values():
    rows = _rows("Product layer: quadrics of rank <= 2")
    assert len(rows) == 2
    for row in map(run_check, rows):
        assert row.agree, row


def test_the_product_layer_gives_the_rank_two_quadrics():
    # independent of the rows: the network's output at symbolic weights is l * m, whose symmetric matrix has
    # determinant zero, while a generic quadric (x0^2 + x1^2 + x2^2) is not such a product
    net = parse_spec("layers Product(Linear(3, 1), Linear(3, 1))")
    a, b = [2, -1, 3], [1, 4, -5]
    x = [1, 2, -3]
    assert net.evaluate(a + b, [x]).tolist() == [[sum(p * q for p, q in zip(a, x)) * sum(p * q for p, q in zip(b, x))]]
    y = sp.symbols("y0:3")
    q = sp.expand(sum(p * v for p, v in zip(a, y)) * sum(p * v for p, v in zip(b, y)))
    assert sp.hessian(q, y).det() == 0 and sp.hessian(sum(v**2 for v in y), y).det() != 0


def test_the_gconv_fiber_row_counts_the_translations():
    assert not _rows("group-conv generic fiber")          # a Groebner count of seconds: full run only
    (check,) = _rows("group-conv generic fiber", quick=False)
    row = run_check(check)
    assert row.agree and row.computed == 3 == row.predicted
    assert "fiber" in check.theorem and check.case == "gconv n=3 layers=2 r=2"


def test_a_translation_of_both_filters_keeps_the_function():
    # w1(h) -> w1(h + a), w2(h) -> w2(h - a) on Z/3 (by hand in the layer's docstring): same outputs
    net = parse_spec("gconv n=3 layers=2 r=2")
    w1, w2, x = [1, 3, -2], [5, -1, 7], [[2, -1, 4], [1, 1, -3]]
    base = net.evaluate(w1 + w2, x).tolist()
    for a in range(3):
        t1 = [w1[(h + a) % 3] for h in range(3)]
        t2 = [w2[(h - a) % 3] for h in range(3)]
        assert net.evaluate(t1 + t2, x).tolist() == base


def test_a_fiber_with_an_unknown_point_disagrees(monkeypatch):
    import algnet.theorems.checks.architectures as A

    class Six:      # a fiber with twice the translations (as if a reflection h -> -h also kept the function)
        fiber_count, identifiable_up_to_dimension, count_certified, dimension_certified = 6, True, True, True
        count_method, reason = "groebner", "monkeypatched"

        class evidence:     # noqa: N801 (the result's attribute)
            certified = False

    monkeypatch.setattr(A, "run_analysis", lambda *a, **k: Six())
    (check,) = [c for c in A.checks(quick=False) if c.theorem.startswith("group-conv generic fiber")]
    row = run_check(check)
    assert not row.agree and (row.computed, row.predicted) == (6, 3)
