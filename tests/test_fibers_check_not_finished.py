"""A monodromy fiber count that ends by its own stopping rule where the trace test says nothing (one image point)
is followed by a check mod p; when only that check is cut (by the budget or by its own cap), the count is complete by
the stopping rule: numerical, not partial (exit 0), "only known symmetries" decided from it, and the result says
the check did not finish. Truth: Sylvester's theorem -- a generic binary cubic is a sum of two cubes in exactly one
way, so the gauge-fixed fiber of dense 2-2-1 r=3 is the 2! orderings of its two terms; an exact count, the
Groebner basis over QQ, gives 2 as well."""

import time

from algnet.analyses import fibers_count, fibers_modular
from algnet.analyses.fibers import identifiability
from algnet.cli import main

SPEC = "dense 2-2-1 r=3"


def _no_time_left(real):
    def check(net, theta0, gauge, found, certified, budget, cpu, show_progress=False):
        return real(net, theta0, gauge, found, certified, 0.0, cpu, show_progress)     # the budget is spent
    return check


def _busy(*args, **kwargs):
    while True:         # interrupted by the check's own CPU cap
        time.sleep(0)


def test_the_truth_by_groebner_over_qq():
    r = identifiability(SPEC, seed=0, method="groebner")
    assert (r.fiber_count, r.count_status, r.finite_symmetry_order) == (2, "exact", 2)


def test_check_cut_by_the_budget_leaves_a_numerical_count_exit_0(monkeypatch, capsys):
    monkeypatch.setattr(fibers_count, "_modular_check", _no_time_left(fibers_modular._modular_check))
    assert main(["fibers", SPEC, "--method", "homotopy", "--seed", "0"]) == 0
    out = capsys.readouterr().out
    assert "PARTIAL" not in out and "only known symmetries: True" in out
    assert "fiber points mod continuous symmetries: 2 (" in out and "no time left for a Groebner basis" in out
    assert "numerical)" in out and "check mod p not finished" in out


def test_check_cut_by_its_own_cap_leaves_a_numerical_count(monkeypatch):
    monkeypatch.setattr(fibers_modular, "_modular_counts", _busy)
    monkeypatch.setattr(fibers_modular, "MODULAR_CHECK_CPU", 0.3)
    r = identifiability(SPEC, seed=1, method="homotopy")
    assert (r.fiber_count, r.count_status, r.partial, r.only_known_symmetries) == (2, "numerical", False, True)
    assert r.certified_points == 2 and not r.evidence.partial and not r.evidence.certified
    assert "did not finish" in r.count_method and "not checked" in r.evidence.proves
