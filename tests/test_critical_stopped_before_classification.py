"""A classification stopped (Ctrl-C, a time limit) after the gradient system was solved keeps the points found.

Seen: `algnet critical "layers Linear(2,2), Power(2), Linear(2,2), Power(3), Linear(2,1)" --seed 1 --no-spurious
--no-strata --time-limit 120` printed "critical points >= 0": monodromy had found 194 points at the generic complex
target, and the time limit stopped the parameter homotopy to the real target, whose (empty) list was reported.
The interrupts are stand-ins here; the counts are checked against theorems.
"""

import numpy as np

from algnet.analyses.critical import slice_solve, solve
from algnet.homotopy.monodromy.options import MonodromyResult


def _interrupt(*args, **kwargs):
    raise KeyboardInterrupt


def test_a_stop_before_the_classification_reports_the_generic_count(monkeypatch):
    """The 2x2 matrices of rank <= 1 are the cone over a smooth quadric surface in P^3; the generic ED degree of a
    smooth degree-d hypersurface of P^n is the sum of its polar degrees, d (1 + (d-1) + ... + (d-1)^(n-1)) (Draisma,
    Horobet, Ottaviani, Sturmfels, Thomas 2016): 2 (1 + 1 + 1) = 6. Stopped at the classification, the run reports
    those 6 points as a lower bound at the generic complex target, not 0."""
    monkeypatch.setattr(solve, "_classify_at_target", _interrupt)
    r = solve.critical_points("linear 2-1-2", loss="generic", seed=1, spurious=False, strata=False)
    assert r.partial and r.partial_reason == "interrupted"
    assert r.critical_points == 6 and r.function_space_points == 6 and r.pure == 6
    assert "stopped before the classification" in r.completeness
    assert r.real is None          # nothing is known at the real target
    text = r.summary()
    assert "stopped before the real points were classified" in text and "classify=True" not in text


def test_a_finished_classification_is_reported_as_before(monkeypatch):
    """Without a stop the classification's result stands: Eckart-Young gives 3 critical points of the Frobenius
    distance to the 2x2 rank <= 1 matrices (2 pure, the rank-0 point spurious)."""
    r = solve.critical_points("linear 2-1-2", loss="frobenius", seed=0, strata=False)
    assert not r.partial and r.function_space_points == 3 and r.pure == 2 and r.real is not None


def test_an_interrupted_trace_test_keeps_the_monodromy_points(monkeypatch):
    """A stop during the full trace test that follows a monodromy run without a decided trace test: the run's points
    are returned, marked partial (they were dropped with the interrupt before)."""
    from algnet.analyses.critical.system import example_family

    fam = example_family("linear 2-1-2", "generic")
    X = np.ones((2, fam.n_vars), complex)

    def stand_in(fam, x0, p0, *args, **kwargs):
        return MonodromyResult(solutions=X, keys=np.ones((2, 1), complex), parameters=p0, loops=1, paths=10,
                               path_failures={}, stop_reason="test", trace=None, seed=0, seconds=0.0, partial=False)

    monkeypatch.setattr(slice_solve, "_monodromy", stand_in)
    monkeypatch.setattr(slice_solve, "full_trace_test", _interrupt)
    monkeypatch.setattr(slice_solve, "_only_solutions", lambda fam, res, p0: (res, 0))
    res, p0, tr = slice_solve.solve_slice(fam, np.random.default_rng(0))
    assert res.partial and res.solutions.shape[0] == 2 and tr is None


def test_an_interrupted_residual_check_keeps_the_solutions(monkeypatch):
    """A stop while non-solutions are refined (:func:`~.paths._only_solutions`) keeps the points whose residual
    passed, marked partial, and drops the unrefined ones (the interrupt dropped every point before). The six
    solutions are the generic ED degree 6 of the 2x2 matrices of rank <= 1 (the first test's theorem)."""
    from dataclasses import replace

    from algnet.analyses.critical import paths, posdim
    from algnet.analyses.critical.system import example_family

    fam = example_family("linear 2-1-2", "generic")
    res, p0, tr = slice_solve.solve_slice(fam, np.random.default_rng(0))
    assert res.solutions.shape[0] == 6 and tr.passed
    bad = replace(res, solutions=np.vstack([res.solutions, res.solutions[:1] + 0.3]))
    monkeypatch.setattr(posdim, "project", _interrupt)
    out, dropped = paths._only_solutions(fam, bad, p0)
    assert out.partial and out.solutions.shape[0] == 6 and dropped == 1
