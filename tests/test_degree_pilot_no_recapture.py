"""A monodromy pilot whose fresh loops land on no known point gives no upper estimate of the witness points (the
95% interval of Schnabel's estimator is unbounded above): the guard must not take Chapman's small value for the count.
`algnet degree "dense 3-3-1 r=50"` (the third secant of v_50(P^2), dim 9, degree bounded by C(9,3) 50^6 = 1.3e12)
had a pilot find 7 points with 0 of 13 recaptured, an "estimate" of 145 points and 7.9 min, and the run was allowed
(minutes of monodromy with no end in sight)."""

import math

import pytest

import algnet
from algnet import parse_spec
from algnet.analyses import degree_estimate as E
from algnet.analyses import degree_monodromy
from algnet.analyses.degree_pilot import PilotRun, schnabel_estimate
from algnet.errors import TooLargeError


def _observed_pilot(recaptured=0):
    """The pilot measured on dense 3-3-1 r=50 (seed 0): 7 points in 49 paths, 3 fresh loops moving 13 points."""
    est, lo, hi = schnabel_estimate([7, 7, 7], [4, 4, 5], [0, 0, recaptured])
    return PilotRun(7, 49, 5.1, False, 7, 3, 13, recaptured, est, 3.0, 39, 8.0, 5.1, 2.9, 0.0, (lo, hi))


def test_no_recapture_means_no_upper_estimate():
    # the estimator's own interval: with nothing recaptured its upper end is inf (the count is unbounded by it)
    assert math.isinf(_observed_pilot(0).interval[1])


def test_degree_refuses_when_the_pilot_recaptured_nothing(monkeypatch):
    def no_run(*a, **k):
        raise AssertionError("the monodromy run started")

    monkeypatch.setattr(E, "_pilot", lambda *a, **k: 0.033)            # measured seconds per path (median of 3)
    monkeypatch.setattr(E, "monodromy_pilot", lambda *a, **k: _observed_pilot(0))
    monkeypatch.setattr(degree_monodromy, "monodromy_route", no_run)
    with pytest.raises(TooLargeError) as e:
        algnet.degree(parse_spec("dense 3-3-1 r=50"), seed=0)
    assert e.value.degree_bound == math.comb(9, 3) * 50 ** 6         # hand: 3 of the 9 equations linear, 6 of degree 50
    assert e.value.degree_estimate == e.value.degree_bound
    assert "no recapture" in e.value.message


def test_the_guard_refuses_when_the_pilot_recaptured_nothing(monkeypatch):
    monkeypatch.setattr(E, "_pilot", lambda *a, **k: 0.033)
    monkeypatch.setattr(E, "monodromy_pilot", lambda *a, **k: _observed_pilot(0))
    with pytest.raises(TooLargeError) as e:
        E.guard_monodromy(parse_spec("dense 3-3-1 r=50"), 0, None, "")
    assert e.value.degree_estimate == math.comb(9, 3) * 50 ** 6


def test_a_pilot_with_recaptures_keeps_its_estimate():
    p = _observed_pilot(recaptured=3)
    est = E.MonodromyEstimate(E.BezoutBound(10 ** 12, "a bound"), 0, None, None).with_pilot(p)
    assert est.degree == round(p.estimate) and est.degree < 100      # Chapman/Schnabel: 7 marked, 3 of 13 back
