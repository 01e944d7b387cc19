"""The rows `algnet verify` gained for capabilities of 2026-12 (rank-one-input attention, linear convolutions,
Segre-Veronese and Chern ED degrees on new sizes, Bombieri-Weyl eigenvector counts, Voronoi cells by hand, ReLU
functional dimension reaching D', the linear degree bound, secant varieties of rational normal curves).

The hand formulas of the checks are tested against values stated in THEOREMS.md or the literature; each new
theorem key must appear; the quick rows agree; a wrong prediction makes a row disagree.
"""

import importlib.util

import pytest

from algnet.theorems.verification import all_checks, run_check, verify

_TORCH = importlib.util.find_spec("torch") is not None     # the trained-model rows (tests/test_verify_trained_rows.py)

NEW = {
    "attention rank-one input: only sym(K^T Q) seen": (True, 8),
    "attention: a widening layer keeps the narrower network's dimension": (True, 3),
    "linear conv dimension |k|-L+1 (any strides)": (True, 5),
    "conv degree formula fails for r = 1": (True, 2),
    "sigma_k(C_d) degree binom(d-k+1, k)": (True, 3),
    "ED degree by Chern classes: v_4(P^2)": (False, 2),
    "non-overlapping linear conv: Eckart-Young": (False, 2),
    "Bombieri-Weyl ED degree ((d-1)^n - 1)/(d-2)": (True, 2),
    "ReLU functional dimension D' attained": (True, 7 + 3 * _TORCH),
    "dense r_l >= 2d_l - 1: expected dimension": (True, 7),
    "Voronoi cell of a cone vertex, M = -M: {0}": (False, 1),
    "symmetric determinantal degree (Harris-Tu)": (True, 3),
    "generic ED degree by Chern classes: P1 x P2": (False, 1),
}


def test_each_new_theorem_key_appears():
    full = [c.theorem for c in all_checks(quick=False)]
    quick = {c.theorem for c in all_checks(quick=True)}
    for key, (in_quick, n) in NEW.items():
        assert full.count(key) == n, key
        assert (key in quick) == in_quick, key
    cases = {(c.theorem, c.case) for c in all_checks(quick=False)}
    for case in ["conv k=2,2 r=3 (generic)", "conv k=2,2 r=4 (generic)", "conv k=2,1,2 r=2 (generic)"]:
        assert ("conv networks: critical points = generic ED degree of the Segre-Veronese variety", case) in cases
    assert ("linear networks: critical images on every rank stratum, pure = top rank", "linear 4-2-3") in cases
    assert ("Voronoi cell of a smooth point: dimension = codimension",
            "paraboloid (s, t, s^2 + t^2), the smooth point 0") in cases
    slow = {c.case for c in all_checks(slow=True) if c.slow}
    assert {"attention d=3 a=2 t=1 layers=2", "attention d=3,3,2 a=1,2 t=2", "attention d=4,2,2 a=1,2 t=2",
            "attention d=3,3,3 a=1,2 t=2", "attention d=3,3,2 a=1,3 t=2", "dense 3-1-1-1 r=2 (bombieri)",
            "attention d=2 a=2 t=1 layers=3", "attention d=2,2,2,2 a=2,1,2 t=2", "attention d=3,3,3,2 a=1,2,2 t=2",
            "attention d=3 a=2 t=1 layers=3", "attention d=2,3,2 a=2,2 t=2", "attention d=2,3,3,2 a=2,3,2 t=2",
            "attention d=2 a=3 dout=2 t=2"} <= slow
    assert ("generic fiber = known symmetries (points mod continuous part)", "attention d=2 a=1 dout=1 t=2") in cases


def test_hand_formulas_against_published_values():
    from algnet.theorems.checks.attention import hand_count, hmk_count
    from algnet.theorems.checks.critical import ged_p1xp1, ged_veronese_plane
    from algnet.theorems.checks.degree import harris_tu_degree

    # Harris-Tu: the Veronese surface (symmetric 3 x 3 of rank 1) has degree 4, v_2(P^3) has 2^3 = 8; the
    # symmetric 4 x 4 matrices of rank <= 2 have degree 10 (as tests/test_published_determinantal_and_attention.py);
    # full rank: 1
    assert [harris_tu_degree(n, r) for n, r in [(3, 1), (4, 1), (4, 2), (4, 4)]] == [4, 8, 10, 1]

    # THEOREMS 8: P^1 x P^1: 6, the Veronese surface: 13; conv k=2,2 r=2 (P^1 x P^1 under O(2, 1)): 14
    # (DHOST Thm. 5.8 with H = 2 h1 + h2)
    assert (ged_p1xp1(1, 1), ged_veronese_plane(2), ged_p1xp1(2, 1)) == (6, 13, 14)
    # THEOREMS 4: single layer 2ad + dd' - a^2 - 1 (a = d = t = 2, d' = 1: 5); deep equal widths
    # l(a(2d - a) + d^2) - (l - 1) d^2 - l (d = a = 2, l = 2: 10)
    assert hmk_count((2, 1), (2,)) == 5 and hmk_count((2, 2, 2), (2, 2)) == 2 * (4 + 4) - 4 - 2
    # the hand-field bounds of tests/test_attention_defect_kernel_fields.py (exact ranks over QQ): 20 - 12 = 8 for
    # d=2,2,2 a=1,2 t=2, 24 - 16 = 8 for d=2 a=2 t=1 layers=2, 33 - 18 = 15 for d=3,3,2 a=1,2 t=2
    assert (hand_count((2, 2, 2), (1, 2), 2), hand_count((2, 2, 2), (2, 2), 1), hand_count((3, 3, 2), (1, 2), 2)) \
        == (8, 8, 15)
    # a rank-one input stays rank one through the next layer: d=2,2,2,2 a=1,2,2 loses a direction in layers 2 and 3
    assert hand_count((2, 2, 2, 2), (1, 2, 2), 2) == hmk_count((2, 2, 2, 2), (1, 2, 2)) - 2 == 10
    # two tokens and full rank: the published count itself (nothing unseen)
    assert hand_count((2, 2, 2), (2, 2), 2) == hmk_count((2, 2, 2), (2, 2))


def test_new_quick_rows_agree():
    for key, (in_quick, _) in NEW.items():
        if in_quick:
            rows = verify(quick=True, only=key).rows
            assert rows and all(r.agree for r in rows), [(r.case, r.computed, r.predicted, r.detail) for r in rows]


def test_a_wrong_hand_count_disagrees(monkeypatch):
    from algnet.theorems.checks import attention as A

    check = next(c for c in A.checks(quick=True) if c.case == "attention d=2,2,1 a=1,2 t=2")
    assert run_check(check).agree
    monkeypatch.setattr(A, "hand_count", lambda w, a, t: 7)        # the published count, ignoring the unseen part
    row = run_check(check)
    assert not row.agree and (row.computed, row.predicted) == (6, 7)


@pytest.mark.parametrize("key", ["linear conv dimension", "fails for r = 1", "D' attained"])
def test_new_rows_name_their_source(key):
    rows = [c for c in all_checks(quick=True) if key in c.theorem]
    assert rows and all(c.source and c.source[0].isupper() for c in rows)
