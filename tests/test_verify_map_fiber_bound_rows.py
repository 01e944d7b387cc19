"""The verify rows of the singular points of classical maps, of generic fibers counted mod p or as orbits of a
torus, and of the critical count stopped at the proven Segre bound: the rows appear, agree, and disagree when
their prediction or their computation is wrong; the hand values behind them against published ones."""

import pytest

from algnet.theorems.checks import singular as S
from algnet.theorems.verification import all_checks, run_check, verify

KEYS = {
    "singular points of a classical map: the hand-known locus": (3, 9),
    "generic fiber counted mod p = Sylvester's count k!": (1, 1),
    "monomial map: fiber orbits = components of the diagonal group": (1, 3),
    "critical count stopped at the proven Segre bound = Chern-class gED: P1 x P3": (1, 1),
    "critical count stopped at the proven Segre bound = Chern-class gED: P2 x P2": (0, 1),
}


def test_each_theorem_key_appears():
    quick = [c.theorem for c in all_checks(quick=True)]
    full = [c.theorem for c in all_checks(quick=False)]
    for key, (n_quick, n_full) in KEYS.items():
        assert (quick.count(key), full.count(key)) == (n_quick, n_full), key
    assert all(c.source[0].isupper() for c in all_checks(quick=False) if c.theorem in KEYS)


@pytest.mark.parametrize("key", ["classical map", "Sylvester", "monomial map", "proven Segre bound"])
def test_quick_rows_agree(key):
    rows = verify(quick=True, only=key).rows
    assert rows and all(r.agree for r in rows), [(r.case, r.computed, r.predicted, r.detail) for r in rows]


def test_full_map_rows_agree():
    rows = verify(only="classical map").rows
    assert len(rows) == 9 and all(r.agree and r.certified for r in rows), [(r.case, r.computed) for r in rows
                                                                            if not r.agree]


def test_a_wrong_hand_locus_disagrees():
    # the cross-cap's double line is y0 = y2 = 0; claiming y1 = y2 = 0 (the image of v = 0, smooth there) must fail
    name, polys, hand = next(m for m in S.MAPS if m[0].startswith("cross-cap"))
    wrong = [h if h[0] == "rank drop" else ("branches meet", 1, "singular", ["y1", "y2"]) for h in hand]
    row = run_check(S.Check("t", name, "x", S._map_loci(polys, wrong)))
    assert not row.agree and "elsewhere" in str(row.computed)
    # and a smooth verdict claimed where the tacnode is singular
    name, polys, hand = next(m for m in S.MAPS if m[0].startswith("tacnode"))
    row = run_check(S.Check("t", name, "x", S._map_loci(polys, [("branches meet", 0, "smooth", ["y0", "y1"])])))
    assert not row.agree


def test_a_wrong_orbit_count_disagrees(monkeypatch):
    check = next(c for c in all_checks(quick=True) if c.case == "map x^6*y^4")
    assert run_check(check).agree
    monkeypatch.setattr(S, "components_of_diagonal_group", lambda exponents: 4)     # the slice points, not orbits
    row = run_check(check)
    assert not row.agree and (row.computed, row.predicted) == (2, 4)


def test_components_of_the_diagonal_group_by_hand():
    # x^a y^b = c is gcd(a, b) orbits (x^(a/g) y^(b/g) = a g-th root of c); (x^2 z^2, y^2 z^2): x z = +-, y z = +-
    assert [S.components_of_diagonal_group([[a, b]]) for a, b in [(1, 2), (3, 2), (6, 4), (4, 6), (2, 2)]] \
        == [1, 1, 2, 2, 2]
    assert S.components_of_diagonal_group([[2, 0, 2], [0, 2, 2]]) == 4
    assert S.components_of_diagonal_group([[2, 1, 1], [1, 3, 1]]) == 1


def test_hand_chern_values_are_the_published_generic_ed_degrees():
    """The generic ED degrees of rank-one matrices (Draisma-Horobet-Ottaviani-Sturmfels-Thomas 2016, the Segre
    varieties with generic weights): 2 x n matrices 4n - 2 (6, 10, 14), 3 x 3: 39; the rows' hand values (in
    checks/critical.py) must be these."""
    from algnet.theorems.checks import critical as C

    rows = {c.case: c for c in C.checks(quick=False) if "proven Segre bound" in c.theorem}
    assert set(rows) == {"linear 4-1-2 (generic)", "linear 3-1-3 (generic)"}
    values = {case: run_check(c).predicted[0] for case, c in rows.items()}
    assert values == {"linear 4-1-2 (generic)": 4 * 4 - 2, "linear 3-1-3 (generic)": 39}


def test_the_bound_row_needs_the_stop(monkeypatch):
    """With the stop at the bound switched off the count is the same, found with a trace test: the row disagrees."""
    from algnet.analyses.critical import small, warm
    from algnet.theorems.checks import critical as C

    check = next(c for c in C.checks(quick=True) if "proven Segre bound" in c.theorem)
    monkeypatch.setattr(small, "bound_reached", lambda fam, sol, images=None: None)
    warm.clear_cache()
    row = run_check(check)
    warm.clear_cache()
    assert not row.agree and row.computed == (14, "no stop at the bound")
