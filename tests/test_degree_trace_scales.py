"""The degree route's trace test sees witness points far out of the slice's scale.

Truth: the curve s -> (s^a, K s^(a-1)) is birational onto its image (s = K x / y), and a generic line
alpha x + beta y = gamma meets it where alpha s^a + beta K s^(a-1) = gamma: a points, so its degree is a
(for K = 1: the curve x^(a-1) = y^a). A witness set one point short must not pass the trace test: the result is
then the truth, or a lower bound that says so.
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.degree import degree
from algnet.analyses.degree_monodromy import degree_options, monodromy_attempt
from algnet.analyses.degree_probes import _homogeneous, probe_steps
from algnet.analyses.witness import NetworkValues
from algnet.analyses.witness_system import witness_setup


def _honest(res, truth):
    """A passed trace test vouches for the truth; otherwise the count is a lower bound that says so (or the Hilbert
    polynomial's fallback, a second method, answers)."""
    if res.method == "hilbert":
        assert res.degree == truth
    elif res.trace_test_passed and not res.partial:
        assert res.degree == truth, (res.degree, truth, res.reason)
    else:
        assert res.partial and res.lower_bound <= truth


@pytest.mark.parametrize("a,seed", [(20, 7), (25, 2), (30, 6), (50, 3)])
def test_monomial_curve_missing_far_point_fails_the_attempt(a, seed):
    # these seeds' searches stop one point (or 23 points: a = 50, seed 3) short, the trace test on the search's
    # line passes; on the longer line it must fail
    out = monodromy_attempt(parse_spec(f"map s^{a}; s^{a - 1}"), 1, seed, degree_options(), certify=False)
    assert out["degree"] <= a
    if out["degree"] < a:
        assert out["trace_test_passed"] is False
    else:
        assert out["trace_test_passed"] is True


@pytest.mark.parametrize("a,seed", [(20, 7), (25, 7), (30, 7), (50, 2)])
def test_monomial_curve_degree_is_honest(a, seed):
    _honest(degree(parse_spec(f"map s^{a}; s^{a - 1}"), seed=seed, certify=False, confirm=False), a)


@pytest.mark.parametrize("a,K,seed", [(10, 1000, 0), (10, 10 ** 6, 1), (20, 1000, 0), (20, 10 ** 6, 1)])
def test_huge_coefficient_degree_is_honest(a, K, seed):
    # the missing point is at |s| about K: offsets K^a, far beyond every random start point at the route's scale
    _honest(degree(parse_spec(f"map s^{a}; {K}*s^{a - 1}"), seed=seed, certify=False, confirm=False), a)


def test_complete_sets_still_pass_with_probe_note():
    res = degree(parse_spec("map s^12; s^11 + 10000*s"), seed=0, certify=False, confirm=False)
    assert res.degree == 12 and res.trace_test_passed and not res.partial
    assert "farther out would not show" in res.reason        # what the test cannot see is said


def test_homogeneous_values():
    rng = np.random.default_rng(0)
    Z = np.ones((2, 1), dtype=complex)
    T = np.array([[0.7 + 0.2j], [-1.1 + 0.4j]])
    assert not _homogeneous(NetworkValues(parse_spec("map s^3; s^2"), Z, rng).values, T)
    assert _homogeneous(NetworkValues(parse_spec("map s^3; 5*s^3"), Z, rng).values, T)


def test_no_probe_on_a_cone_at_its_own_scale():
    # linear 2-1-2: homogeneous values, c0 typical: the probes do not run (no cost on ordinary networks)
    ws = witness_setup(parse_spec("linear 2-1-2"), dim=3, seed=0)
    steps, scale = probe_steps(ws, ws.theta0[None, :], ws.tracked_params(ws.p0))
    assert steps == [] and scale == 1.0


def test_cli_says_the_trace_test_failed(capsys, monkeypatch):
    # map s^20; 1000000*s^19, seed 1, its two coordinates unweighted: every attempt finds 19 of the 20 points (the
    # 20th at |s| about 3e6); the line must say that the count is a lower bound because the trace test failed (not
    # "stopped early")
    import algnet.analyses.witness_system as wsys
    from algnet.cli import main

    monkeypatch.setattr(wsys, "SPREAD_COORDINATES", float("inf"))

    assert main(["degree", "map s^20; 1000000*s^19", "--seed", "1", "--no-certify", "--no-confirm"]) != 0
    first = capsys.readouterr().out.splitlines()[0]
    assert "degree >= " in first and "trace test failed" in first and "lower bound" in first


def test_disagreeing_hilbert_cross_check_is_said(monkeypatch):
    # the cross-check's degree below the count: neither is confirmed, and the reason says so (the base dropped the
    # disagreement silently); the cusp s -> (s^3, s^2) has degree 3, a stand-in Hilbert says 2
    from types import SimpleNamespace

    import algnet.analyses.degree_monodromy as dm

    monkeypatch.setattr(dm, "_hilbert_fallback", lambda *a, **k: SimpleNamespace(degree=2, up_to=6))
    res = degree(parse_spec("map s^3; s^2"), method="monodromy", seed=0, certify=False)
    assert res.degree == 3 and not res.confirmation
    assert "DISAGREES with the Hilbert polynomial's degree 2" in res.reason


def test_weighted_coordinates_find_the_far_points():
    # the same two maps with their coordinates weighted (the default, witness_system._coordinate_weights): the
    # slices see the small coordinate, and the count is the truth (20 and 10, module doc and below)
    res = degree(parse_spec("map s^20; 1000000*s^19"), method="monodromy", seed=1, certify=False, confirm=False)
    assert res.degree == 20 and res.trace_test_passed
    res = degree(parse_spec("map s^10; 10000000000*s^9 + s"), method="monodromy", seed=0, certify=False)
    assert res.degree == 10 and res.method == "monodromy"


def test_a_larger_hilbert_degree_makes_the_count_a_lower_bound(monkeypatch):
    import algnet.analyses.witness_system as wsys

    monkeypatch.setattr(wsys, "SPREAD_COORDINATES", float("inf"))      # unweighted: the far point is missed
    # s -> (s^10, 1e10 s^9 + s): a line meets the curve where a degree-10 polynomial in s vanishes and the map is
    # one-to-one, so the degree is 10 (Macaulay2: degree eliminate({s}, ideal(x - s^10, y - (10^10 s^9 + s))) = 10).
    # The tenth witness point sits at |s| ~ 1e10 (image ~ 1e100), past the trace test's probes: the trace test
    # passes with 9 points, the Hilbert polynomial's cross-check says 10, and the answer must not be 9
    res = degree(parse_spec("map s^10; 10000000000*s^9 + s"), method="monodromy", seed=0, certify=False)
    assert res.degree == 10 and res.method == "hilbert"
    assert "9 is a lower bound" in res.reason
