"""The regions estimate reads first-layer weights beyond float64 without an OverflowError.

Truth: a neuron's line a.x + c = 0 is the same after scaling (a, c) by a positive number, so the rows of weights
(10^400, 0 | 0) and (1, 0 | 0) give the same line x0 = 0; the scaled rows are exact here.
"""

from fractions import Fraction

from algnet import parse_spec
from algnet.relu.regions_estimate import first_layer_rows
from algnet.relu.slices import Slice


def test_first_layer_rows_of_weights_beyond_float64():
    net = parse_spec("relu 2-3-1")
    theta = [10**400, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0]
    rows = first_layer_rows(net, theta, Slice.standard(2)).tolist()
    assert rows == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 1.0, 1.0]]
    theta[0] = Fraction(-(10**400), 3)      # a negative scale flips the row's sign only when it is the largest
    rows = first_layer_rows(net, theta, Slice.standard(2)).tolist()
    assert rows[0] == [-1.0, 0.0, 0.0]
