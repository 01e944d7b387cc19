"""A configuration where the 1-sparse loss is exactly 0 is a global minimum of it (L_1 and L_0 are sums of squares
with positive weights), which the second-order test alone left "inconclusive" for the regular triangle and square.

Truth: hand computation. The unit triangle (cosines -1/2) and square (cosines 0, -1) with bias 0 reconstruct every
1-sparse input exactly (x'_i = ReLU(x) = x) and their interference ReLU(cos * x) is 0 on [0, 1]: L_1 = 0."""

import pytest

from algnet.errors import ParameterError
from algnet.superposition.loss1 import loss1_analysis, polygon_analysis


@pytest.mark.parametrize("N", [3, 4])
def test_a_zero_loss_polygon_is_a_global_minimum(N):
    r = polygon_analysis(N)
    assert r.value == 0 and r.verdict.startswith("global minimum") and r.evidence.certified
    assert "global minimum" in r.evidence.proves


def test_the_antipodal_pair_keeps_its_stronger_verdict():
    assert loss1_analysis([[1, -1]], [0, 0]).verdict == "strict local minimum"      # value 0 and strict


def test_no_global_claim_without_a_zero_value_or_with_a_negative_l0_weight():
    with pytest.raises(ParameterError):            # F = L_1 - L_0: no sparsity S has lambda = S / (1 - S) < 0
        polygon_analysis(4, l0_weight=-1)
    r = loss1_analysis([[0, 1]], [0, 0])          # feature 0 lost: L_1 = 1/3
    assert r.value != 0 and not r.verdict.startswith("global")


def test_floats_prove_no_global_minimum():
    r = loss1_analysis([[1.0, -1.0, 0.0], [0.0, 0.0, 1.0]], [0.0, 0.0, 0.0], exact=False)
    assert not r.evidence.certified and not r.verdict.startswith("global")


@pytest.mark.parametrize("N", [3, 4])
def test_the_polygon_certificate_at_a_kink_names_the_exact_route(N):
    # the family's optimum is the zero-loss polygon (norm^2 1, bias 0): every interference term sits on a ReLU kink,
    # so the ball certificate cannot decide its pieces; the refusal names the exact analysis, which proves it
    from algnet.errors import NumericalError
    from algnet.superposition.certify import certify_polygon_minimum

    with pytest.raises(NumericalError) as e:
        certify_polygon_minimum(N)
    assert f"--polygon {N} --radius2 1 --bias=0" in e.value.hint
    assert polygon_analysis(N, radius2=1, bias=0).verdict.startswith("global minimum")
