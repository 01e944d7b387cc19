"""Bad input to the ReLU helpers is refused with algnet's own errors (each case used to be accepted or crash)."""

import pytest

from algnet import parse_spec
from algnet.errors import ParameterError
from algnet.relu.catalog import relu_fd
from algnet.relu.data import spirals, two_moons
from algnet.relu.regions import linear_regions
from algnet.relu.spread import spread_inputs


@pytest.mark.parametrize("output", [0.5, "0", True])
def test_decision_boundary_output_index(output):
    # output=0.5 and '0' were read as output 0
    net = parse_spec("relu 2-3-2")
    part = linear_regions(net, net.random_params(seed=0), box=(-1, 1, -1, 1))
    with pytest.raises(ParameterError):
        part.decision_boundary(output)


def test_decision_boundary_by_hand_still():
    # ReLU(x) + ReLU(y) - 1 vanishes on x = 1 (y <= 0), x + y = 1 (the positive quadrant), y = 1 (x <= 0)
    part = linear_regions(parse_spec("relu 2-2-1"), [1, 0, 0, 1, 0, 0, 1, 1, -1], box=(-2, 2, -2, 2))
    line = part.decision_boundary(0).polylines[0]
    pts = [(int(x), int(y)) for x, y in line]
    assert pts in ([(-2, 1), (0, 1), (1, 0), (1, -2)], [(1, -2), (1, 0), (0, 1), (-2, 1)])


@pytest.mark.parametrize("scales", [[float("nan")], [2.5], "12", [True]])
def test_spread_scales(scales):
    # nan ended in a raw ValueError
    with pytest.raises(ParameterError):
        spread_inputs(parse_spec("relu 2-3-1"), 2, scales=scales)


@pytest.mark.parametrize("noise", [-1, float("nan"), "a"])
def test_data_noise(noise):
    # a negative noise was taken silently
    with pytest.raises(ParameterError):
        two_moons(10, noise=noise)
    with pytest.raises(ParameterError):
        spirals(10, noise=noise)


def test_catalog_with_a_spec_string():
    # called directly with a spec, the analysis ended in AttributeError ('str' object has no attribute 'spec');
    # relu 2-3-1 at generic weights: FD = 13 - 3 = 10 (the bound, attained with one hidden layer)
    assert relu_fd("relu 2-3-1", seed=0)["fd"] == 10
