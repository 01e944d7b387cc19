"""paths_ratio: ln(2N) / ln(N / (N - k)) (the exponential discovery model of degree_pilot's module doc), in floating
point for every share k / N: a tiny share gave N / (N - k) == 1.0 and a ZeroDivisionError (hints20: `algnet degree
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
