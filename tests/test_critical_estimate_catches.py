"""The critical-point estimate falls back on "no theorem" only for algnet's own exceptions.

``estimate._points`` and ``estimate_bounds.upper_points`` read closed forms (``ed_formula``, ``expected_degree``,
``expected_dimension``) that say "does not apply" with NotApplicableError / TooLargeError; before 2026-12-05 both
caught every exception, so a bug inside a formula (a TypeError, say) was silently taken for "no theorem" and the
estimate went on with a lower bound.
"""

import pytest

from algnet import parse_spec
from algnet.analyses.critical import ed
from algnet.analyses.critical import estimate
from algnet.analyses.critical.estimate import check_critical, critical_estimate
from algnet.analyses.critical.estimate_bounds import upper_points
from algnet.errors import NotApplicableError, TooLargeError
from algnet.guards import format_bytes


@pytest.fixture
def fresh_memos(monkeypatch):
    # the estimate remembers shapes and formulas per structure: start empty so the patched formula is read
    monkeypatch.setattr(estimate, "_SHAPES", {})
    monkeypatch.setattr(ed, "_FORMULAS", {})


def _raising(exc):
    def formula(net, metric):
        raise exc
    return formula


@pytest.mark.parametrize("loss", ["frobenius", "generic", "bombieri"])
def test_a_programming_error_in_the_formula_is_not_swallowed_by_the_estimate(monkeypatch, fresh_memos, loss):
    monkeypatch.setattr(ed, "ed_formula", _raising(TypeError("a bug in a formula")))
    with pytest.raises(TypeError, match="a bug in a formula"):
        critical_estimate(parse_spec("linear 3-1-3"), loss)


def test_a_programming_error_in_the_formula_is_not_swallowed_by_the_upper_bound(monkeypatch, fresh_memos):
    monkeypatch.setattr(ed, "ed_formula", _raising(TypeError("a bug in a formula")))
    with pytest.raises(TypeError, match="a bug in a formula"):
        upper_points(parse_spec("linear 3-1-2"), "bombieri", 4, 2)


def test_a_programming_error_in_the_degree_theorem_is_not_swallowed(monkeypatch, fresh_memos):
    net = parse_spec("conv k=2,2 r=2")
    monkeypatch.setattr(ed, "ed_formula", lambda net, metric: (None, "no closed form"))
    monkeypatch.setattr(type(net), "expected_degree", lambda self: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        critical_estimate(net, "generic")


def test_a_formula_that_does_not_apply_still_gives_the_estimate(monkeypatch, fresh_memos):
    # dense 2-1-1 r=3 (c (a x + b y)^3, the cone over the twisted cubic, dim M = 2): no Frobenius count, its generic
    # ED degree 3 d - 2 = 7 bounds it (THEOREMS 8); without that formula, the Bezout number (2D - 1)^dim = 7^2 of the
    # gradient equations (outputs of degree D = 1 + 3 = 4 in the parameters)
    net = parse_spec("dense 2-1-1 r=3")
    assert critical_estimate(net, "frobenius").points_upper == 7
    estimate._SHAPES.clear()
    ed._FORMULAS.clear()
    monkeypatch.setattr(ed, "ed_formula", _raising(NotApplicableError("no theorem for this network")))
    est = critical_estimate(net, "frobenius")
    assert est.lower_bound and est.points == 1 and est.points_upper == 7 ** 2
    assert "Bezout" in est.upper_source
    assert upper_points(net, "frobenius", 2, 4)[0] == 7 ** 2


@pytest.mark.parametrize("spec, loss", [
    ("attention d=4,3,3,2 a=2,2,2 t=3", "bombieri"),    # the Bombieri-Weyl check's monomials: TooLargeError inside
    ("conv k=2,1,2 r=1", "generic"),                    # the conv degree formula needs r > 1: NotApplicableError
])
def test_unsupported_architectures_get_their_estimate(fresh_memos, spec, loss):
    est = critical_estimate(parse_spec(spec), loss, classify=False)
    assert est.lower_bound and est.points == 1 and est.points_source == "no theorem gives the count"
    assert est.points_upper is not None and est.points_upper >= est.points


def test_a_network_beyond_floats_is_refused_not_a_traceback():
    # dense 200^6 r=9: outputs of degree 9^5 in 200 inputs, a coefficient count of hundreds of thousands of digits;
    # the cost per path and the memory overflowed floats (OverflowError) before 2026-12-05
    with pytest.raises(TooLargeError, match="more than 1e300 s"):
        check_critical(parse_spec("dense 200-200-200-200-200-200 r=9"), "generic")
    assert format_bytes(2 ** 1100).endswith(" TiB") and "e+" in format_bytes(2 ** 1100)
