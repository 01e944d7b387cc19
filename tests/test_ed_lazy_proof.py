"""The proof that a map of P^1 is an embedding (Groebner bases over QQ, 0.1-6 s) runs only when ``ed_degree`` reports
its second method, after the count: the size estimate (run before every count, by sweeps and refusals) and a count
of critical points read the bound 3e - 2 from the exponents, with no Groebner basis.

Truths: 3e - 2 is the ED degree of an embedded rational curve of degree e (DHOST 2016, Thm. 5.8) and a bound for any
map of P^1 by forms of degree e (:func:`algnet.analyses.critical.curve_ed.curve_bound`: the critical points are zeros
of a binary form of degree 3e - 2); the cuspidal and the nodal cubic have generic ED degrees 6 and 7 (Macaulay2, see
tests/test_ed_curves.py), within it.
"""

import time

import pytest
import sympy

from algnet import parse_spec
from algnet.analyses.critical import critical_points, ed, ed_degree, estimate
from algnet.analyses.critical.estimate import critical_estimate

TWISTED_CUBIC = "map s^3; s^2*t; s*t^2; t^3"
QUARTIC = ("map 3*s^4 - 2*s^3*t + 5*s^2*t^2 - s*t^3 + 7*t^4; s^4 + 4*s^3*t - 6*s^2*t^2 + 2*s*t^3 - 3*t^4; "
           "-2*s^4 + s^3*t + s^2*t^2 + 8*s*t^3 + t^4; 5*s^4 - s^3*t - 3*s^2*t^2 + s*t^3 + 2*t^4; "
           "s^4 + s^3*t + s^2*t^2 + s*t^3 - 9*t^4")      # dense: its proof took seconds inside the estimate
CUSP = "map s^3; s^2*t; t^3"
NODE = "map s^2*t - t^3; s^3 - s*t^2; t^3"


@pytest.fixture
def no_groebner(monkeypatch):
    monkeypatch.setattr(estimate, "_SHAPES", {})
    monkeypatch.setattr(ed, "_FORMULAS", {})

    def refused(*args, **kwargs):
        raise RuntimeError("a Groebner basis was computed")

    monkeypatch.setattr(sympy, "groebner", refused)


@pytest.mark.parametrize("spec, e", [(TWISTED_CUBIC, 3), (QUARTIC, 4), ("map s^2; s*t; t^2", 2)])
@pytest.mark.parametrize("kind", ["generic", "frobenius"])
def test_the_estimate_of_a_map_of_p1_computes_no_groebner_basis(no_groebner, spec, e, kind):
    critical_estimate(parse_spec("map s^2; s*t"), kind, classify=False)        # (imports done)
    net = parse_spec(spec)
    t0 = time.process_time()
    est = critical_estimate(net, kind, classify=False)
    assert time.process_time() - t0 < 0.1
    assert est.points == 3 * e - 2 and not est.lower_bound and "at most" in est.points_source


@pytest.mark.parametrize("spec, truth", [(CUSP, 6), (NODE, 7)])
def test_the_estimate_bounds_singular_curves(no_groebner, spec, truth):
    est = critical_estimate(parse_spec(spec), "generic", classify=False)
    assert est.points >= truth and not est.lower_bound


def test_a_count_of_critical_points_computes_no_groebner_basis(no_groebner):
    res = critical_points(TWISTED_CUBIC, loss="generic", classify=False, seed=0)
    assert res.generic_pure_images == 7


def test_ed_degree_proves_the_formula_after_the_count(monkeypatch):
    monkeypatch.setattr(estimate, "_SHAPES", {})
    monkeypatch.setattr(ed, "_FORMULAS", {})
    events, real_groebner = [], sympy.groebner
    real_count = getattr(ed.critical_points, "__wrapped__", ed.critical_points)

    def groebner(*args, **kwargs):
        events.append("groebner")
        return real_groebner(*args, **kwargs)

    def count(*args, **kwargs):
        out = real_count(*args, **kwargs)
        events.append("count")
        return out

    count.__wrapped__ = count
    monkeypatch.setattr(sympy, "groebner", groebner)
    monkeypatch.setattr(ed, "critical_points", count)
    res = ed_degree(TWISTED_CUBIC, metric="generic", seed=0)
    assert res.ed_degree == res.formula == 7 and res.agrees
    assert events[0] == "count" and "groebner" in events      # the proof ran, after the count
    assert ed.ed_formula(parse_spec(TWISTED_CUBIC), "generic")[0] is None          # not proved without being asked
    assert ed.ed_formula(parse_spec(TWISTED_CUBIC), "generic", prove=True)[0] == 7


def test_a_stopped_count_is_not_followed_by_the_proof(no_groebner, monkeypatch):
    """A count stopped by its time limit returns its points as a lower bound; a proof of seconds after it would run
    past the limit, where the guard interrupts again (the partial count lost): the formula is not evaluated."""
    from dataclasses import replace

    real_count = getattr(ed.critical_points, "__wrapped__", ed.critical_points)

    def stopped(*args, **kwargs):
        return replace(real_count(*args, **kwargs), partial=True, partial_reason="interrupted")

    stopped.__wrapped__ = stopped
    monkeypatch.setattr(ed, "critical_points", stopped)
    res = ed_degree(TWISTED_CUBIC, metric="generic", seed=0)
    assert res.partial and res.formula is None and "stopped" in res.formula_source
