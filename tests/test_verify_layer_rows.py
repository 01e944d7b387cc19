"""The verify rows of networks written in the layer language: Product branches ending in a power, the exchange of
a unit between equal branches, a residual block at the output (their values by hand, in the rows' sources)."""

import numpy as np
import sympy as sp

from algnet import parse_spec
from algnet.theorems.checks.architectures import _layer_rows, checks
from algnet.theorems.verification import run_check


def test_the_layer_rows_agree_and_the_slow_ones_run_in_full_only():
    quick = _layer_rows(quick=True)
    assert len(quick) == 6 and len(_layer_rows(quick=False)) == 8
    assert {c.theorem for c in quick} <= {c.theorem for c in checks(quick=True)}
    for row in map(run_check, quick):
        assert row.agree, row


def test_a_double_root_cubic_is_what_the_product_makes():
    # independent of the rows: the output at integer weights is (a.x)^2 (b.x), whose discriminant vanishes, while
    # a generic binary cubic (x^3 + y^3, three distinct roots) has a nonzero discriminant
    net = parse_spec("layers Product([Linear(2, 1), Power(2)], Linear(2, 1))")
    a, b, pts = [2, -1], [3, 5], [[1, 2], [-1, 4], [3, 1], [2, -3]]
    vals = net.evaluate(a + b, pts).ravel().tolist()
    assert vals == [(a[0] * p + a[1] * q) ** 2 * (b[0] * p + b[1] * q) for p, q in pts]
    x, y = sp.symbols("x y")
    cubic = sp.Poly(sp.expand((a[0] * x + a[1] * y) ** 2 * (b[0] * x + b[1] * y)).subs(y, 1), x)
    assert sp.discriminant(cubic) == 0 and sp.discriminant(sp.Poly(x**3 + 1, x)) != 0


def test_the_residual_block_at_the_output_by_hand():
    # x -> A x + c (b.A x)^2: A, then l = A^T b and c; moving b by s and c by 1/s^2 keeps the map
    net = parse_spec("layers Linear(2, 2), Residual([Linear(2, 1), Power(2), Linear(1, 2)])")
    A, b, c = np.array([[1, 2], [-1, 3]]), np.array([2, -1]), np.array([4, 8])
    x = np.array([[1, -2], [3, 5]])
    hand = [list(A @ p + c * int(b @ A @ p) ** 2) for p in x]
    th = list(A.ravel()) + list(b) + list(c)
    assert net.evaluate(th, x.tolist()).tolist() == hand
    assert net.evaluate(list(A.ravel()) + list(2 * b) + list(c // 4), x.tolist()).tolist() == hand


def test_an_unknown_point_in_the_exchange_row_disagrees(monkeypatch):
    import algnet.theorems.checks.architectures as A

    class Two:      # the two factor orders counted, but as if the exchange were not a known symmetry
        fiber_count, identifiable_up_to_dimension, finite_symmetry_order, only_known_symmetries = 2, True, 1, False
        count_method, reason = "groebner", "monkeypatched"

        class evidence:     # noqa: N801 (the result's attribute)
            certified = True

    monkeypatch.setattr(A, "run_analysis", lambda *a, **k: Two())
    (check,) = [c for c in A._layer_rows(quick=True) if "two orders" in c.theorem]
    row = run_check(check)
    assert not row.agree and (row.computed, row.predicted) == (2, 2)
