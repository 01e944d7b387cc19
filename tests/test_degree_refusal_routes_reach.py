"""What a refused ``degree`` suggests must be able to finish.

The Hilbert route (``method='hilbert'``) stops once the numerator Q(t) of the Hilbert series has two vanishing
coefficients after its last nonzero one; Q has degree >= 1 unless M is a linear space, so the run reaches degree 3
at least, and up to degree e it lists at least C(N + e, e) monomials of the N coordinates, refused above its limit
(MAX_MONOMIALS). ``dense 3-3-1 r=50`` has N = C(52, 2) = 1326 coordinates (ternary forms of degree 50): degree 3
alone needs C(1329, 3) ~ 3.9e8 monomials, so the route was suggested for a run that cannot finish.

A user's small ``time_limit`` cuts the monodromy pilot (at most the limit); a pilot that recaptures nothing gives
the Bezout bound (years), and the refusal then offered no larger limit although the default pilot might estimate
the count: it must say which limit gives the pilot its full time.
"""

import math

import pytest

from algnet import degree, parse_spec
from algnet.analyses import degree_estimate as E
from algnet.analyses.degree_pilot import PilotRun, schnabel_estimate
from algnet.analyses.hilbert.engine import MAX_MONOMIALS
from algnet.analyses.routes_estimate import hilbert_route
from algnet.errors import TooLargeError

BIG = "dense 3-3-1 r=50"


def _no_recapture_pilot():
    """7 points in 49 paths, 3 fresh loops moving 13 points, none back on a known one (dense 3-3-1 r=50, seed 0)."""
    est, lo, hi = schnabel_estimate([7, 7, 7], [4, 4, 5], [0, 0, 0])
    return PilotRun(7, 49, 5.1, False, 7, 3, 13, 0, est, 3.0, 39, 8.0, 5.1, 2.9, 0.0, (lo, hi))


@pytest.fixture
def pilots(monkeypatch):
    seconds = []

    def pilot(net, dim, seed=0, seconds_=None, **kw):
        seconds.append(kw.get("seconds", seconds_))
        return _no_recapture_pilot()

    monkeypatch.setattr(E, "_pilot", lambda *a, **k: 0.033)          # seconds a path (measured, median of 3)
    monkeypatch.setattr(E, "monodromy_pilot", pilot)
    return seconds


def test_the_hilbert_route_is_not_suggested_out_of_its_reach():
    net = parse_spec(BIG)
    assert net.ambient_dimension == math.comb(52, 2)
    assert math.comb(1326 + 3, 3) > MAX_MONOMIALS              # what degree 3 alone lists
    assert hilbert_route(net) is None


def test_the_refusal_says_the_hilbert_route_is_out_of_reach(pilots):
    with pytest.raises(TooLargeError) as e:
        E.guard_monodromy(parse_spec(BIG), 0, None, "")
    assert "method='hilbert')" not in e.value.hint and "out of reach" in e.value.hint


def test_a_reachable_hilbert_route_is_still_suggested_and_finishes():
    net = parse_spec("linear 3-2-3")                 # 3x3 matrices of rank <= 2: det = 0, degree 3 (by hand)
    assert hilbert_route(net).startswith("degree(method='hilbert')")
    assert degree(net, method="hilbert", seed=0).degree == 3


def test_a_small_time_limit_still_says_what_limit_would_do(pilots):
    with pytest.raises(TooLargeError) as e:
        E.guard_monodromy(parse_spec(BIG), 0, 1.0, "")
    assert pilots[-1] <= 1.0                          # the pilot stayed within the limit
    assert "larger time_limit" in e.value.hint
    need = float(e.value.hint.split("at least ")[1].split(" s")[0])
    # the limit named gives the pilot the seconds it gets without a limit
    with pytest.raises(TooLargeError):
        E.guard_monodromy(parse_spec(BIG), 0, need, "")
    with pytest.raises(TooLargeError):
        E.guard_monodromy(parse_spec(BIG), 0, None, "")
    assert pilots[-2] == pilots[-1] > 1.0
