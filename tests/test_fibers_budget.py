"""fibers: the Groebner count estimated before it is tried, and time budgets by algnet.guards' convention (a default
budget in CPU seconds, a limit the caller gives in wall-clock seconds)."""

import algnet.analyses.fibers as fibers
from algnet.analyses.fibers import count_budget, identifiability


def test_auto_skips_a_groebner_count_estimated_too_large():
    # dense 3-3-1 r=3: 9 unknowns, fiber equations of degrees 1, 2, 2, 3, 3, 3, 4, 4, 4 (Bezout 6912); sympy did not
    # finish in 20 CPU s and the auto route stalled 12 s on it. The gauge-fixed generic fiber is the 3! = 6
    # permutations of the hidden neurons (the known finite symmetries)
    r = identifiability("dense 3-3-1 r=3", seed=0)
    assert "no Groebner count: its estimate 6912" in r.reason and "did not finish" not in r.reason
    assert r.fiber_count == 6 == r.finite_symmetry_order


def test_budget_convention():
    assert count_budget(None) == (30.0, True, "30 CPU s (default budget)")
    assert count_budget(2.5) == (2.5, False, "2.5 s (wall clock)")
    assert count_budget(None, force=True)[0] is None


def test_default_budget_is_cpu_seconds(monkeypatch):
    # with no max_seconds the Newton count stops at the default budget, counted in CPU seconds and said so;
    # dense 2-2-2 r=2 has 2 gauge-fixed fiber points (2! permutations), theta_0 alone before the first start
    monkeypatch.setattr(fibers, "DEFAULT_COUNT_CPU", 1e-9)
    r = identifiability("dense 2-2-2 r=2", seed=0, method="newton")
    assert r.partial and r.fiber_count == 1 and "CPU s (default budget) cap" in r.count_method
