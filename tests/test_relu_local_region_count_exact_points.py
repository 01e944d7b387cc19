"""local_region_count centres its squares at the points as given (exact), not at their float64 roundings."""

from fractions import Fraction

import numpy as np
import pytest

from algnet.errors import ParameterError
from algnet.relu.local_complexity import local_region_count
from algnet.relu.model import PLModel

BIG = Fraction(10) ** 17


def _model():
    # one neuron, the line x1 = 10^17 + 1/20 (exact weights)
    return PLModel.from_layers([([[1, 0]], [-(BIG + Fraction(1, 20))]), ([[1]], [0])])


@pytest.mark.parametrize("x,regions", [
    (BIG, 2),                          # the line is 0.05 away, inside the disc of radius 0.1 in the square (hand)
    (BIG + Fraction(1, 5), 1),         # 0.15 away: outside the square's circumscribed disc (radius 0.1 sqrt 2)
    (BIG + 3, 1),                      # 2.95 away (float64 rounds 10^17 + 3 to 10^17: the line would be 0.05 away)
])
def test_square_centre_is_the_exact_point(x, regions):
    for X in ([[x, 0]], [[str(x), 0]]):
        assert local_region_count(_model(), X, radius=Fraction(1, 10), seed=0).counts.tolist() == [regions]


def test_integer_array_points_are_not_rounded():
    X = np.array([[10 ** 17 + 3, 0]])           # int64, exact; its float64 is 10^17
    assert local_region_count(_model(), X, radius=Fraction(1, 10), seed=0).counts.tolist() == [1]


def test_nonfinite_point_is_named_a_point():
    with pytest.raises(ParameterError) as e:
        local_region_count(_model(), [[float("nan"), 0]], radius=0.1, seed=0)
    assert "point 0" in str(e.value)
