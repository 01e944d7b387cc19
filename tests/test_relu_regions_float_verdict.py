"""The float64 region engines never present a wrong count as the answer: against the exact engine on boxes
from 1 to 1e20 (a proved lower bound that holds, a count possibly wrong that says so)."""

import json
from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.relu import PLModel
from algnet.relu.float_check import MARGIN_THRESHOLD, check_mlp_regions, check_model_regions
from algnet.relu.model_regions_float import model_regions_float
from algnet.relu.regions import linear_regions, linear_regions_float
from relu_model_helpers import max_of_affine

EXPONENTS = [0, 3, 8, 12, 14, 16, 20]


def _judge(fl, exact_count, e):
    """The float result against the exact count: its lower bound holds; a count not flagged is the exact one."""
    assert fl.lower_bound <= exact_count
    assert fl.verdict in ("proved lower bound", "possibly wrong")
    if fl.verdict == "proved lower bound":
        assert fl.count == exact_count == fl.lower_bound and fl.margin >= MARGIN_THRESHOLD
    else:
        assert "POSSIBLY WRONG" in fl.verdict_text() and "POSSIBLY WRONG" in fl.evidence.proves
    if e <= 3:                               # ordinary boxes: right, and said to be (the check is not a blanket)
        assert fl.verdict == "proved lower bound", (fl.count, exact_count, fl.margin)


@pytest.mark.parametrize("spec", ["relu 2-5-4-1", "relu 2-8-8-1", "relu 3-6-5-4-1"])
def test_mlp_float_count_right_or_flagged_on_boxes_up_to_1e20(spec):
    net = parse_spec(spec)
    for seed in range(3):
        theta = net.random_params(seed=seed)
        for e in EXPONENTS:
            box = (-10**e, 10**e, -10**e, 10**e)
            _judge(linear_regions_float(net, theta, box=box), linear_regions(net, theta, box=box).count, e)


@pytest.mark.parametrize("spec", ["relu 2-8-8-1", "relu 2-16-16-1"])
def test_mlp_float_count_is_the_exact_one_on_boxes_up_to_1e20(spec):
    """A new vertex is the intersection of the two lines that meet there, not a point interpolated along an edge
    of the size of the box: the count is the exact engine's, and not flagged, from 1 to 1e20."""
    net = parse_spec(spec)
    for seed in range(4):
        theta = net.random_params(seed=seed)
        for e in range(0, 21, 4):
            box = (-10**e, 10**e, -10**e, 10**e)
            ex = linear_regions(net, theta, box=box)
            fl = linear_regions_float(net, theta, box=box)
            assert fl.count == ex.count == fl.lower_bound, (seed, e)
            assert fl.verdict == "proved lower bound" and sorted(fl.patterns) == sorted(r.pattern for r in ex.regions)


def test_the_reported_case_is_right_on_1e16_and_flagged_on_1e20():
    """relu 2-5-4-1, seed 1: 30 exact regions on +-1e16 and on +-1e20 (float64 counted 31 and 50 there when vertices
    were interpolated along the box's edges). Its second layer's lines are parallel to a first-layer line on the
    regions where only that unit is active: their values at a vertex 1e20 away along it are decided at the rounding
    level of the lines' own coefficients (exact arithmetic confirms those decisions), and some regions' interior
    points are not confirmed there: the count says so."""
    net = parse_spec("relu 2-5-4-1")
    theta = net.random_params(seed=1)
    assert linear_regions_float(net, theta, box=(-10**16, 10**16, -10**16, 10**16)).count == 30
    b = 10**20
    fl = linear_regions_float(net, theta, box=(-b, b, -b, b))
    assert linear_regions(net, theta, box=(-b, b, -b, b)).count == 30
    assert fl.verdict == "possibly wrong" and fl.lower_bound <= 30
    assert fl.margin < MARGIN_THRESHOLD or fl.lower_bound < fl.count
    d = fl.as_dict()
    assert d["verdict"] == "possibly wrong" and d["lower_bound"] == fl.lower_bound and d["certified"] is False


def test_a_box_that_is_wide_in_one_direction_only():
    net = parse_spec("relu 2-6-6-1")
    theta = net.random_params(seed=4)
    for box in [(-10**18, 10**18, -1, 1), (-1, 1, 0, 10**17), (-3, 2, -1, 1)]:
        _judge(linear_regions_float(net, theta, box=box), linear_regions(net, theta, box=box).count,
               0 if max(abs(v) for v in box) < 10 else 20)


def test_the_check_drops_a_region_whose_pattern_is_wrong_or_repeated():
    net = parse_spec("relu 2-8-8-1")
    theta = net.random_params(seed=2)
    fl = linear_regions_float(net, theta, box=(-2, 2, -2, 2))
    ex = linear_regions(net, theta, box=(-2, 2, -2, 2))
    assert sorted(fl.patterns) == sorted(r.pattern for r in ex.regions)       # the patterns, exactly
    pats = list(fl.patterns)
    args = (net, theta, fl.slice, fl.box, fl.polygons)
    assert check_mlp_regions(*args, pats) == ex.count
    flip = pats[3].replace("1", "x").replace("0", "1").replace("x", "0")      # every unit of region 3 flipped
    assert check_mlp_regions(*args, pats[:3] + [flip] + pats[4:]) == ex.count - 1
    assert check_mlp_regions(*args, pats[:3] + [pats[4]] + pats[4:]) == ex.count - 1
    # a point on the boundary (the vertex of a region) proves nothing
    polys = list(fl.polygons)
    polys[0] = np.array([polys[0][0]] * 3)
    assert check_mlp_regions(net, theta, fl.slice, fl.box, polys, pats) == ex.count - 1
    # a point outside the box proves nothing either
    assert check_mlp_regions(net, theta, fl.slice, (-1, 1, -1, 1), fl.polygons, pats) < ex.count


def test_a_dead_unit_with_no_bias_is_checked_exactly_and_not_flagged():
    """relu 2-2-1-1 with the second layer's unit identically 0 where both first units are off (no bias): the
    float filter cannot decide 0 > 0, the exact fallback sees an identically zero pre-activation (not a boundary).
    Where only x is on, the unit's zero line is x = 0, an edge of the region: its values 0 on that edge are no
    decision, so both engines give the count as a proved lower bound (4, the quadrants) on small and huge boxes."""
    net = parse_spec("relu 2-2-1-1")
    theta = [1, 0, 0, 1, 0, 0, 1, 1, 0, 1, 0]          # x, y; then relu(x) + relu(y) (no bias); then the output
    m = PLModel.from_relu_network(net, theta)
    for box in [(-1, 1, -1, 1), (-1, 3, -2, 5), (-10**16, 10**16, -10**16, 10**16)]:
        ex = linear_regions(net, theta, box=box)
        for fl in (linear_regions_float(net, theta, box=box), model_regions_float(m, box=box)):
            assert fl.count == ex.count == 4 and fl.lower_bound == 4
            _judge(fl, ex.count, 0)


def test_a_rational_box_not_a_float():
    net = parse_spec("relu 2-5-4-1")
    theta = net.random_params(seed=0)
    box = (Fraction(-1, 3), Fraction(2, 3), Fraction(-1, 7), Fraction(5, 7))
    fl = linear_regions_float(net, theta, box=box)
    _judge(fl, linear_regions(net, theta, box=box).count, 0)


@pytest.mark.parametrize("spec", ["relu 2-5-4-1", "relu 2-8-8-1"])
def test_model_float_count_right_or_flagged_on_boxes_up_to_1e20(spec):
    net = parse_spec(spec)
    for seed in range(2):
        theta = net.random_params(seed=seed)
        m = PLModel.from_relu_network(net, theta)
        for e in [0, 3, 6, 10, 16, 20]:
            box = (-10**e, 10**e, -10**e, 10**e)
            _judge(model_regions_float(m, box=box), linear_regions(net, theta, box=box).count, e)


def test_model_float_count_is_the_exact_one_on_boxes_up_to_1e20():
    """The model engine cuts with the same polygons (and drops slivers thin against their vertices' scale, not the
    box's): a max of ReLU units and an MLP, counted as the exact engine counts them, not flagged."""
    net = parse_spec("relu 2-8-8-1")
    models = [(PLModel.from_relu_network(net, net.random_params(seed=s)), net.random_params(seed=s)) for s in (0, 3)]
    for m, theta in models:
        for e in range(0, 21, 5):
            box = (-10**e, 10**e, -10**e, 10**e)
            fl = model_regions_float(m, box=box)
            ex = linear_regions(net, theta, box=box).count
            assert fl.count == ex == fl.lower_bound and fl.verdict == "proved lower bound", e


def test_max_pool_cells_right_or_flagged():
    m = max_of_affine([(Fraction(3, 5), Fraction(4, 5), Fraction(1, 3)), (Fraction(-4, 5), Fraction(3, 5), 0),
                        (Fraction(-3, 5), Fraction(-4, 5), Fraction(-1, 9)), (1, 0, Fraction(1, 7)), (0, 1, 0)])
    for e in [0, 3, 10, 16, 20]:
        box = (-10**e, 10**e, -10**e, 10**e)
        ex = linear_regions(m, box=box).count
        _judge(model_regions_float(m, box=box), ex, e)
    fl = model_regions_float(m, box=(-1, 1, -1, 1))
    assert check_model_regions(m, fl.slice, fl.box, fl.polygons, list(fl.patterns), "0123456789") == fl.count
    wrong = ["4" if p != "4" else "0" for p in fl.patterns]
    assert check_model_regions(m, fl.slice, fl.box, fl.polygons, wrong, "0123456789") == 0


def test_max_pool_with_two_identical_entries_is_proved_not_flagged():
    """A window whose entries 0 and 2 are the same affine map: they tie everywhere, the first wins (no boundary);
    the check proves every region (its exact pass compares the entries' maps, not only their values), and a cut by
    that map again along its own edge on a large box invents no sliver. Against the exact engine's count."""
    row = (Fraction(3, 5), Fraction(4, 5), Fraction(1, 3))
    m = max_of_affine([row, (Fraction(-4, 5), Fraction(3, 5), 0), row, (1, 0, Fraction(1, 7))])
    for e in [0, 6, 12]:
        box = (-10**e, 10**e, -10**e, 10**e)
        fl = model_regions_float(m, box=box)
        ex = linear_regions(m, box=box)
        assert fl.count == ex.count == fl.lower_bound == 3 and fl.verdict == "proved lower bound", e
    wrong = ["2" if p == "0" else p for p in fl.patterns]                   # the second copy never wins
    assert check_model_regions(m, fl.slice, fl.box, fl.polygons, wrong, "0123456789") == 2


def test_cli_says_possibly_wrong_and_json_says_which(capsys):
    from algnet.cli import main

    assert main(["regions", "relu 2-5-4-1", "--seed", "1", "--box=-1e16,1e16,-1e16,1e16", "--float"]) == 0
    out = capsys.readouterr().out
    assert "NOT CERTIFIED, POSSIBLY WRONG" in out and "regions >= " in out and "without --float" in out
    assert main(["regions", "relu 2-5-4-1", "--seed", "1", "--box=-2,2,-2,2", "--float", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["verdict"] == "proved lower bound" and d["lower_bound"] == d["regions"] and d["certified"] is False
    assert d["rounding_margin"] >= MARGIN_THRESHOLD and d["proves"].startswith(f"regions >= {d['regions']}")


def test_lines_through_corners_of_the_box_are_no_rounding_level_decision():
    """The diagonal x = y through two corners of [-1, 1]^2 and x = 0: 4 regions; their values at those corners are
    exactly 0 (an exact line at an exact corner), not a sign decided at the rounding level. On [-1, 3] x [-1, 1]
    the diagonal meets no corner."""
    net = parse_spec("relu 2-2-1")
    theta = [1, -1, 0, 1, 0, 0, 1, 1, 0]
    for box in [(-1, 1, -1, 1), (-1, 3, -1, 1)]:
        ex = linear_regions(net, theta, box=box).count
        fl = linear_regions_float(net, theta, box=box)
        assert fl.count == ex == 4 and fl.verdict == "proved lower bound" and fl.margin >= MARGIN_THRESHOLD
    net = parse_spec("relu 2-5-4-1")           # seed 4: a first-layer line through the corner (-1, 1)
    theta = net.random_params(seed=4)
    W, b = next(iter(net.layers(theta)))
    assert -W[0][0] + W[0][1] + b[0] == 0
    fl = linear_regions_float(net, theta)
    assert fl.count == linear_regions(net, theta).count and fl.verdict == "proved lower bound"
