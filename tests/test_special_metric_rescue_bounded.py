"""The special-metric route (a count on a generic metric after a special metric's trace test failed) is bounded.

Truth: Eckart-Young -- a generic m x n matrix has C(min(m, n), r) critical rank-r approximations for the Frobenius
distance (linear networks: r the narrowest layer), and the Chern-class count 404 of conv k=2,2,2 r=2 for a generic
metric (the estimate's formula, independent of any run). A route not run, or stopped at its cap, leaves the first
run's count marked as a lower bound (its trace test not passed), never an unmarked answer.
"""

import time
from dataclasses import replace
from math import comb
from types import SimpleNamespace

from algnet.analyses.critical import special
from algnet.analyses.critical.estimate import _dimension
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.paths import _distinct, _full_rank
from algnet.analyses.critical.solve import solve_slice
from algnet.analyses.critical.solve_notes import _complete
from algnet.analyses.critical.system import gradient_family


def _failed_run(spec, seed=0):
    """A Frobenius family with a monodromy run on it whose trace test is marked failed (as when its line met a
    target where points go to infinity)."""
    net, L, rng = network_and_loss(spec, "frobenius", seed=seed)
    dim = _dimension(net)[0]
    fam = gradient_family(net, L, rng, dim)
    res, p0, tr = solve_slice(fam, rng)
    return fam, rng, dim, (res, p0, replace(tr, passed=False))


def _pure(fam, X, dim):
    full = _full_rank(fam, X, dim)[0] if X.shape[0] else None
    return _distinct(fam.image(X[full])) if X.shape[0] and full.any() else 0


def test_within_its_budget_the_route_runs_and_meets_eckart_young():
    fam, rng, dim, own = _failed_run("linear 2-1-2")
    res, p0, tr = special.special_metric_rescue(fam, rng, *own)
    assert res is not own[0] and tr.passed
    assert _pure(fam, res.solutions, dim) == comb(2, 1)


def test_above_its_cap_by_the_estimate_the_route_is_not_started(monkeypatch):
    monkeypatch.setattr(special, "RESCUE_CPU_SECONDS", 1.0)
    monkeypatch.setattr(special, "RESCUE_ESTIMATE_FACTOR", 0.001)
    net, L, rng = network_and_loss("conv k=2,2,2 r=2", "bombieri", seed=0)
    fam = gradient_family(net, L, rng, _dimension(net)[0])
    own = (SimpleNamespace(partial=False), None, SimpleNamespace(passed=False))
    t = time.process_time()
    out = special.special_metric_rescue(fam, rng, *own)
    assert time.process_time() - t < 5.0
    assert out[0] is own[0] and out[2] is own[2] and _complete("monodromy", out[0], out[2]) is False
    assert "was not started" in fam.completeness_note and "404 point(s)" in fam.completeness_note
    assert "lower bounds" in fam.completeness_note


def test_a_run_past_its_cap_is_stopped_and_the_first_run_kept_marked(monkeypatch):
    """linear 4-2-2-5 Frobenius: its generic metric's count has thousands of points (over 9 CPU minutes,
    2026-12-05); with a cap of 0.5 CPU s and no estimate the route stops, the first run (Eckart-Young's 6 at most)
    stays, marked."""
    fam, rng, dim, own = _failed_run("linear 4-2-2-5")
    monkeypatch.setattr(special, "RESCUE_CPU_SECONDS", 0.5)
    monkeypatch.setattr(special, "_generic_estimate", lambda net: None)
    t = time.process_time()
    out = special.special_metric_rescue(fam, rng, *own)
    assert time.process_time() - t < 10.0
    assert out[0] is own[0] and _complete("monodromy", out[0], out[2]) is False
    assert "was stopped at the cap" in fam.completeness_note
    assert _pure(fam, out[0].solutions, dim) <= comb(4, 2)
