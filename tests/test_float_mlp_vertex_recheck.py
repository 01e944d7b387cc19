"""The MLP float engine's low-margin vertex decisions re-checked in exact rationals from the network's weights:
counts the exact engine confirms (a second, independent method) are proved, a wrong count stays flagged. Truth: the
exact engine's count, lines concurrent by construction, and exact lines computed by hand."""

from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.relu.float_check import MARGIN_THRESHOLD
from algnet.relu.float_margins import mlp_exact_lines, recheck_decisions
from algnet.relu.regions import linear_regions
from algnet.relu.slices import Slice
import algnet.relu.regions_float as regions_float


@pytest.fixture
def rechecks(monkeypatch):
    """The results of the exact re-checks run by the MLP engine: [(decisions re-checked, smallest margin left)]."""
    seen = []

    def spy(suspects, exact_lines):
        left = recheck_decisions(suspects, exact_lines)
        seen.append((len(suspects), left))
        return left

    monkeypatch.setattr(regions_float, "recheck_decisions", spy)
    return seen


def _concurrent(a, b):
    """relu 2-3-1 with the units x - a, y - b and x + y - (a + b): three lines through (a, b), never in float64 when
    a and b are not floats (the rounded third line passes the rounded vertex at the level of the rounding)."""
    return parse_spec("relu 2-3-1"), [1, 0, 0, 1, 1, 1, -a, -b, -(a + b), 1, 1, 1, 0]


@pytest.mark.parametrize("a, b, e", [(Fraction(1, 3), Fraction(1, 7), 0), (Fraction(1, 3), Fraction(1, 7), 13),
                                     (Fraction(1, 3), Fraction(1, 3), 0), (Fraction(1, 3), Fraction(1, 3), 13),
                                     (Fraction(10**12, 3), Fraction(10**12, 7), 13)])
def test_three_lines_through_one_point_are_proved(rechecks, a, b, e):
    net, theta = _concurrent(a, b)
    box = (-10**e, 10**e, -10**e, 10**e)
    fl = regions_float.linear_regions_float(net, theta, box=box)
    assert linear_regions(net, theta, box=box).count == 6 == fl.count == fl.lower_bound
    assert fl.verdict == "proved lower bound" and fl.margin >= MARGIN_THRESHOLD
    assert rechecks and rechecks[-1][0] > 0 and rechecks[-1][1] == np.inf          # decisions were re-checked


@pytest.mark.parametrize("e", [10, 12, 14])
def test_the_reported_network_on_boxes_from_1e10_is_proved(rechecks, e):
    """relu 2-5-4-1, seed 1: its second layer's lines are parallel to a first-layer line on the regions where only
    that unit is active, decided at the rounding level far along it; exact arithmetic confirms those decisions."""
    net = parse_spec("relu 2-5-4-1")
    theta = net.random_params(seed=1)
    box = (-10**e, 10**e, -10**e, 10**e)
    fl = regions_float.linear_regions_float(net, theta, box=box)
    ex = linear_regions(net, theta, box=box)
    assert fl.count == ex.count == fl.lower_bound and fl.verdict == "proved lower bound"
    assert sorted(fl.patterns) == sorted(r.pattern for r in ex.regions)
    assert rechecks and rechecks[-1][0] > 0 and rechecks[-1][1] == np.inf         # decisions were re-checked


def test_the_wrong_count_on_1e18_stays_flagged(rechecks):
    net = parse_spec("relu 2-5-4-1")
    theta = net.random_params(seed=1)
    box = (-10**18, 10**18, -10**18, 10**18)
    fl = regions_float.linear_regions_float(net, theta, box=box)
    exact = linear_regions(net, theta, box=box).count
    assert fl.lower_bound <= exact
    assert (fl.count == exact and fl.verdict == "proved lower bound") or fl.verdict == "possibly wrong"
    if fl.count != exact:                         # the decision that made it wrong is not confirmed: it is flagged
        assert fl.margin < MARGIN_THRESHOLD and rechecks and rechecks[-1][1] < MARGIN_THRESHOLD


@pytest.mark.parametrize("spec", ["relu 2-5-4-1", "relu 2-4-4-4-1", "relu 3-6-5-1"])
def test_a_proved_count_is_the_exact_one_on_huge_boxes(spec):
    net = parse_spec(spec)
    for seed in range(4):
        theta = net.random_params(seed=seed)
        for e in (10, 14, 18):
            box = (-10**e, 10**e, -10**e, 10**e)
            fl = regions_float.linear_regions_float(net, theta, box=box)
            ex = linear_regions(net, theta, box=box).count
            assert fl.lower_bound <= ex
            if fl.verdict == "proved lower bound":
                assert fl.count == ex, (seed, e)


def test_exact_lines_by_identity_on_the_piece_of_the_point():
    # hidden layer 1: x, y - x; layer 2: h1 + h2 - 1/2 = y - 1/2 where both are active, h1 - 1/2 = x - 1/2 where
    # only the first is
    layers = [([[1, 0], [-1, 1]], [0, 0]), ([[1, 1]], [Fraction(-1, 2)]), ([[1]], [0])]
    lines = mlp_exact_lines(layers, Slice.standard(2), (-2, 3, -1, 1))
    get = lines(2, (0.25, 0.75))                                        # x > 0, y > x: both active
    assert get((2, 0, -1)) == (0, 1, Fraction(-1, 2))
    assert get((1, 1, -1)) == (-1, 1, 0) and get((0, 1, -1)) == (1, 0, -3) and get((0, 0, -1)) == (0, 1, 1)
    assert lines(2, (0.75, 0.25))((2, 0, -1)) == (1, 0, Fraction(-1, 2))             # only the first active
    assert lines(2, (0.5, 0.5)) is None                                  # on the line y = x: no piece there
    # the re-check uses them: where x = 0 meets y = 1/2 ... the line y = x passes beside (0, 1/2), below it
    x, half = [1.0, 0.0, 0.0, (1, 0, -1)], [0.0, 1.0, -0.5, (2, 0, -1)]
    diag = [-1.0, 1.0, 0.0, (1, 1, -1)]
    assert recheck_decisions([(2, (0.25, 0.75), x, half, diag, 1.0, 7.0)], lines) == np.inf
    assert recheck_decisions([(2, (0.25, 0.75), x, half, diag, -1.0, 7.0)], lines) == 7.0


def test_more_than_128_decisions_are_re_checked(rechecks):
    """relu 2-5-5-5-5-1, seed 1, on +-1e14: some 200 signs decided at the rounding level, all confirmed exactly."""
    net = parse_spec("relu 2-5-5-5-5-1")
    theta = net.random_params(seed=1)
    box = (-10**14, 10**14, -10**14, 10**14)
    fl = regions_float.linear_regions_float(net, theta, box=box)
    assert rechecks and rechecks[-1][0] > 128 and rechecks[-1][1] == np.inf
    assert fl.count == linear_regions(net, theta, box=box).count == fl.lower_bound
    assert fl.verdict == "proved lower bound"
