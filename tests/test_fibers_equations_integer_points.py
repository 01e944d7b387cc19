"""The fiber's equations are built over the integers: a point with a non-integer entry is refused, never truncated
(truncating 1/2 to 0 gave the supports and the gauge of another point: linear 1-1-1-1 at (1/2, 3, 5) had the
support bound (0, 0, 0), at (2, 3, 5) it is (6, 1, 2), and the gauge (1, 2) instead of (0, 1))."""

from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.fibers_equations import fiber_equations, gauge_coordinates, support_pairs
from algnet.errors import ParameterError

NET = "linear 1-1-1-1"


@pytest.mark.parametrize("call", [support_pairs, fiber_equations])
def test_non_integer_points_are_refused(call):
    with pytest.raises(ParameterError, match="not an integer"):
        call(parse_spec(NET), [Fraction(1, 2), 3, 5], (0,))


def test_gauge_of_a_non_integer_point_is_refused():
    with pytest.raises(ParameterError, match="not an integer"):
        gauge_coordinates(parse_spec(NET), [0.5, 3, 5])


def test_integer_points_in_any_integer_type_agree():
    # the rescalings of a 1-1-1-1 chain: (a, b, c) -> (s a, t b / s, c / t); at a point with no zero the pivots
    # of the 2 x 3 tangent matrix are the first two parameters, the gauge fixes them (hand: rref of
    # [[a, -b, 0], [0, b, -c]])
    net = parse_spec(NET)
    assert gauge_coordinates(net, [2, 3, 5]) == (0, 1)
    assert gauge_coordinates(net, np.array([2, 3, 5])) == (0, 1)
    assert gauge_coordinates(net, [2.0, Fraction(3), 5]) == (0, 1)
    assert support_pairs(net, np.array([2, 3, 5]), (0,)) == support_pairs(net, [2, 3, 5], (0,))
