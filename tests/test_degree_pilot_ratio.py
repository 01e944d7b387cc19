"""paths_ratio: ln(2N) / ln(N / (N - k)) (the exponential discovery model of degree_pilot's module doc), in floating
point for every share k / N: a tiny share gave N / (N - k) == 1.0 and a ZeroDivisionError (`algnet degree
"dense 6-6-6 r=2" --method monodromy` ended in a traceback after 33 CPU s), an infinite total gave TAIL_FACTOR (nan
swallowed by max)."""

import math

import pytest

from algnet.analyses.degree_pilot import TAIL_FACTOR, paths_ratio


@pytest.mark.parametrize("k, N", [(5, 1e17), (3, 1e300), (1, 2e16), (118, 1141), (2, 3)])
def test_ratio_is_the_model_in_every_range(k, N):
    # by hand: ln(N / (N - k)) = sum_j (k / N)^j / j, summed exactly enough with fsum for these k / N
    x = k / N
    ln = math.fsum(x ** j / j for j in range(1, 200))
    assert paths_ratio(k, N) == pytest.approx(max(TAIL_FACTOR, math.log(2 * N) / ln), rel=1e-12)


def test_infinite_total_is_infinite():
    assert paths_ratio(3, math.inf) == math.inf


def test_witness_refusal_offers_the_formula_only_where_a_theorem_applies():
    """The refused witness system's hint: a theorem's degree for conv k=20,20,20 r=2 (the convolutional
    degree formula applies), not for an attention network (no theorem)."""
    from algnet import parse_spec
    from algnet.analyses.degree_estimate import check_witness_memory
    from algnet.errors import TooLargeError

    for spec, formula in (("conv k=20,20,20 r=2", True), ("attention d=4,3,3,2 a=2,2,2 t=3", False)):
        net = parse_spec(spec)
        with pytest.raises(TooLargeError) as e:
            check_witness_memory(net, min(net.n_params, net.ambient_dimension))
        assert ("method='formula'" in e.value.hint) is formula
        assert "algnet dim" in e.value.hint
