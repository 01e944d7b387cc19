"""Four defects of the critical-point analyses, each against a theorem or a hand computation.

Each test asserts a theorem or a hand computation (cited), never a number algnet produced.
"""

from dataclasses import replace

import numpy as np
import pytest


def test_contradicted_ed_degree_is_partial_with_its_reason():
    """One rule for every count of the critical analyses (README, "partial"): a count that is not complete is a
    lower bound, ``partial`` True, and ``partial_reason`` says why. Eckart-Young gives 2 for linear 2-1-2; a
    second method that said 3 would contradict the count: the JSON must then not say ``partial: false`` beside
    ``complete: false`` (it did before the fix)."""
    from algnet.analyses.critical import ed_degree

    r = ed_degree("linear 2-1-2", seed=0, cache=False)
    assert (r.ed_degree, r.partial, r.complete) == (2, False, True)       # Eckart-Young: C(2, 1) = 2
    bad = replace(r, formula=3, agrees=False)
    d = bad.as_dict()
    assert bad.complete is False and bad.partial is True and bad.evidence.partial is True
    assert d["partial"] is True and d["complete"] is False
    assert "contradicts" in d["partial_reason"] and d["partial_reason"] == bad.contradiction
    from algnet.cli.critical import lower_bound_reason
    from algnet.cli.ed_degree import _text

    why = lower_bound_reason(bad, "stopped early")
    assert why == bad.contradiction and "ED degree >= 2 (the count 2 contradicts" in _text(bad, why)


def test_voronoi_partial_reason_when_interrupted_or_incomplete():
    """VoronoiResult follows the same rule: ``partial`` comes with ``partial_reason`` in its JSON."""
    from algnet.analyses.critical.results import VoronoiResult

    r = VoronoiResult("linear 2-1-2", None, None, 1, 4, 0, {"smooth (top stratum)": 4}, {"smooth (top stratum)": 1.0},
                      {}, 0, 0.1, True, "m", (), {}, "a trace test or the boundary search did not complete")
    assert r.as_dict()["partial_reason"].startswith("a trace test")
    assert "partial_reason" not in replace(r, partial=False, partial_reason=None).as_dict()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_linear_212_target_zero_global_minimum_is_a_degenerate_minimum(seed):
    """linear 2-1-2 (y = c a^T), Frobenius loss, target 0: L = (a^T a)(c^T c) >= 0 on real weights, 0 at
    theta = 0, where the Hessian of the quartic L vanishes: a global minimum that is degenerate (by hand). The
    generic target's 2 Eckart-Young points (C(2, 1)) end in the fiber over 0 ({a = 0} and {c = 0, a^T a = 0})
    as the target goes to 0: they merge into the positive-dimensional critical set, they are not lost; the count
    is then complete: no isolated point, one positive-dimensional set of critical images (the isotropic lines
    c a^T through 0, dimension 1)."""
    from algnet.analyses.critical import critical_points

    r = critical_points("linear 2-1-2", loss="frobenius", target=[0.0] * 4, seed=seed)
    assert not r.partial and r.lost == 0 and r.partial_reason is None
    assert r.critical_points == 0 and list(r.positive_dimensional) == [1]
    (p,) = [p for p in r.points if p.real]
    assert p.kind == "degenerate minimum" and p.loss == pytest.approx(0.0, abs=1e-12)
    assert "degenerate minimum" in r.summary()


def test_zero_of_nonnegative_loss_needs_a_semidefinite_form():
    """l(y) = (y - u)^T Q (y - u) is >= 0 only for Q positive semidefinite: with an indefinite Q a zero value is
    no minimum (l(u + t e_2) = -t^2 < 0 for Q = diag(1, -1))."""
    from algnet.analyses.critical.classify import zero_of_nonnegative_loss
    from algnet.analyses.critical.loss import Loss

    u = np.zeros(2)
    assert zero_of_nonnegative_loss(Loss("array", None, None, np.diag([1.0, 2.0]), u, "coefficients"), 0.0, u)
    assert not zero_of_nonnegative_loss(Loss("array", None, None, np.diag([1.0, -1.0]), u, "coefficients"), 0.0, u)


def _bombieri_nonic(seed):
    from algnet.analyses.critical import ed_degree

    return ed_degree("dense 2-1-1-1 r=3", metric="bombieri", seed=seed, cache=False)


def test_bombieri_binary_nonic_seed2_counts_nine():
    """dense 2-1-1-1 r=3 is the cone over v_9(P^1); with the Bombieri-Weyl metric its ED degree is the number of
    eigenvectors of a generic binary form of degree 9: 9 (Friedland-Ottaviani 2014; DHOST 2016, Cor. 8.7). Seed 2
    counted 8 before the fix: its generic target has a nearly isotropic eigenvector (image 1.4e7 times the target's
    size), whose path looked like one to infinity; other targets are now tried (special._over_targets)."""
    r = _bombieri_nonic(2)
    assert r.ed_degree == 9 and r.complete and not r.partial


@pytest.mark.slow      # ~15 s of CPU
@pytest.mark.parametrize("seed", [0, 1, 3, 4, 5])
def test_bombieri_binary_nonic_seeds(seed):
    """As above (Friedland-Ottaviani: 9), seeds 0-5."""
    r = _bombieri_nonic(seed)
    assert r.ed_degree == 9 and r.complete and not r.partial
