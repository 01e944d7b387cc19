"""Boxes of the region enumeration far beyond the float64 range or scale: exact boxes give the counts of the
theory (Zaslavsky: three lines in general position cut the plane into 1 + 3 + 3 = 7 regions), the float64
engine refuses a box it cannot represent (it counted 8 regions, more than three lines can make), and the
messages write huge coordinates in a few characters, not with their 300 digits."""

import math

import pytest

from algnet import parse_spec
from algnet.cli import main
from algnet.errors import ParameterError
from algnet.relu.regions import linear_regions, parse_box
from algnet.relu.regions_float import linear_regions_float

ZASLAVSKY_3_LINES = sum(math.comb(3, j) for j in range(3))     # 7 regions: 3 lines in general position in R^2


def _net():
    net = parse_spec("relu 2-3-1")
    theta = net.random_params(seed=0)
    whole = linear_regions(net, theta, plane=True)
    assert whole.count == ZASLAVSKY_3_LINES        # the three lines of seed 0 are in general position
    return net, theta


@pytest.mark.parametrize("exponent", [300, 400])
def test_an_exact_box_beyond_the_float_range_holds_every_region(exponent):
    net, theta = _net()
    big = 10**exponent
    part = linear_regions(net, theta, box=(-big, big, -big, big))
    assert part.count == ZASLAVSKY_3_LINES
    assert "~1e+" + str(exponent) in part.domain_text() and len(part.domain_text()) < 80


def test_the_cli_box_beyond_the_float_range_is_no_traceback(capsys):
    assert main(["regions", "relu 2-3-1", "--seed", "0", "--box=-1e400,1e400,-1e400,1e400"]) == 0
    out = capsys.readouterr().out
    assert f" {ZASLAVSKY_3_LINES} regions" in out and "~1e+400" in out and "0" * 50 not in out


def test_the_float_engine_refuses_a_box_it_cannot_represent():
    net, theta = _net()
    with pytest.raises(ParameterError, match="float64 engine's range"):
        linear_regions_float(net, theta, box=(-10**308, 10**308, -10**308, 10**308))
    assert linear_regions_float(net, theta, box=(-10**6, 10**6, -10**6, 10**6)).count == ZASLAVSKY_3_LINES


def test_a_reversed_huge_box_is_named_in_a_few_characters():
    with pytest.raises(ParameterError) as e:
        parse_box(f"{10**300},-{10**300},-1,1")
    assert "~1e+300, ~-1e+300, -1, 1" in e.value.message and len(e.value.message) < 120
