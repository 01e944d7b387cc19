"""A Groebner count estimates the cost of building its fiber equations before building them: a build whose single
flint products outlast any time cap is refused with the estimate and a cheaper route (or announced when forced with
no cap), and the build of ``method="auto"`` runs under the attempt's cap."""

import logging
import time

import pytest

import algnet.analyses.fibers as fibers
import algnet.analyses.fibers_count as fibers_count
from algnet import parse_spec
from algnet.errors import TooLargeError

#: parameter degree 27, 7 parameters: the bound on the terms of its symbolic expansion is 52743906 (the build by
#: interpolation at its 231 output monomials spent minutes in single flint products), but the direct symbolic
#: evaluation builds its 234 equations of 1590 terms in 9 ms
HEAVY = ("layers Product([Linear(2, 1), Polynomial(0, 1, 0, 1), Residual([Linear(1, 1), Polynomial(0, 1, 0, 1)])], "
         "Linear(2, 1)), Power(2), Linear(1, 2)")
#: parameter degree 43, 21 parameters: its supports are not computed in half a second, and the bound on its output
#: terms is 1743320964 (the build did not finish in 200 s of wall on a 2-core machine at load 10; with r=5 it took
#: 14 CPU s)
EXPENSIVE = "dense 3-3-3-1 r=6"


class Built(Exception):
    """Raised by the stand-in for the expensive build: it must not be reached."""


def _never(*args, **kwargs):
    raise Built("the fiber equations were built")


def test_estimate_counts_terms():
    from algnet.analyses.fibers_equations import equations_estimate

    # linear 1-1-1 with one pin: w2 w1 x, one term
    assert equations_estimate(parse_spec("linear 1-1-1"), (0,))[0] == 1
    # dense 4-1-1 r=6: v (a.x)^6 has C(9, 3) = 84 monomials in x, one term each (the expansion's bound)
    terms, seconds = equations_estimate(parse_spec("dense 4-1-1 r=6"), (0,))
    assert terms == 84 and seconds > 0


def test_forced_count_with_a_cap_is_refused_before_the_build(monkeypatch):
    monkeypatch.setattr(fibers_count, "fiber_equations", _never)     # the refusal comes before the build
    started = time.process_time()
    with pytest.raises(TooLargeError) as err:
        fibers.identifiability(EXPENSIVE, method="groebner", force=True, max_seconds=20, seed=0)
    # the estimate is cheap: CPU time, which the machine's load does not stretch (its wall time does)
    assert time.process_time() - started < 20
    text = str(err.value)
    assert "up to 1743320964 terms" in text and "parameter degree 43" in text and "homotopy" in text
    assert err.value.seconds > 20


def test_cheap_build_is_not_refused():
    # the degree-27 Product was refused at an estimate of 1050 s; its equations build in milliseconds. Their
    # supports, computed without coefficients, are the true ones here: the output terms equal the equations'
    # terms plus those that cancel in f_theta - f_theta0 (none for a generic theta_0: the same count)
    import numpy as np

    from algnet.analyses.fibers_equations import equations_cost, fiber_equations, gauge_coordinates

    net = parse_spec(HEAVY)
    theta0 = [int(v) for v in np.random.default_rng(0).integers(1, 30, size=net.n_params)]
    gauge = gauge_coordinates(net, theta0)
    terms, seconds, how = equations_cost(net, theta0, gauge)
    started = time.process_time()
    ctx, eqs, free = fiber_equations(net, theta0, gauge)
    spent = time.process_time() - started
    assert "supports" in how and seconds < 1.0 and spent <= seconds
    assert sum(len(e.to_dict()) for e in eqs) <= terms
    assert fibers_count._check_equations(net, gauge, 20.0, "20 s", True, theta0) == seconds     # not refused


def test_supports_bound_the_true_terms():
    # hand count: (a x0 + b x1)^2 with a pinned to 3 has the terms 9 x0^2, 6 b x0 x1, b^2 x1^2, and the pinned
    # point's output three more; the products are 2 x 2 term pairs for the square, 2 for each linear form
    from algnet.analyses.fibers_equations import support_pairs

    pairs, step, terms = support_pairs(parse_spec("dense 2-1-1 r=2"), [3, 2, 5], (0, 2))
    assert terms == 6 and step >= 4 and pairs >= 2 * 4


def test_unforced_groebner_is_refused(monkeypatch):
    monkeypatch.setattr(fibers_count, "fiber_equations", _never)
    with pytest.raises(TooLargeError):      # degree 27 > 8: the size limit (no force)
        fibers.identifiability(HEAVY, method="groebner", seed=0)


def test_forced_count_without_a_cap_is_announced(monkeypatch, caplog):
    monkeypatch.setattr(fibers_count, "fiber_equations", _never)
    monkeypatch.setattr(fibers_count, "_capped_equations", _never)
    with caplog.at_level(logging.WARNING, logger="algnet"), pytest.raises(Built):
        fibers.identifiability(EXPENSIVE, method="groebner", force=True, seed=0)
    assert any("fiber equations" in r.getMessage() and "estimated about" in r.getMessage() for r in caplog.records)


def test_auto_builds_its_equations_under_its_cap(monkeypatch):
    real = fibers_count.fiber_equations
    calls = []

    def slow_once(*args):       # the first build (auto's Groebner attempt) spins; later ones (mod p) are real
        calls.append(1)
        if len(calls) == 1:
            end = time.process_time() + 3.0
            while time.process_time() < end:
                pass
            raise AssertionError("the build was not stopped by the attempt's cap")
        return real(*args)

    monkeypatch.setattr(fibers_count, "fiber_equations", slow_once)
    monkeypatch.setattr(fibers_count, "GROEBNER_AUTO_CPU", 0.3)
    r = fibers.identifiability(parse_spec("dense 2-2-2 r=2"), seed=0)
    assert "fiber equations were not built" in r.reason and "route:" in r.reason
    # dense 2-2-2 r=2: the generic fiber modulo rescalings is the 2! permutations of the hidden neurons
    assert r.fiber_count == 2 and r.finite_symmetry_order == 2
