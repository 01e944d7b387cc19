"""The size estimate counts the zero-pattern search (its paths from the shape), and the search shows progress.

dense 2-2-1 r=2, by hand: blocks w1, w2 (2 entries each), a1, a2; the rescaling of neuron i scales w_i and a_i, so on
a pattern whose support S keeps parameters of o neurons the orbits have dimension o and the slices are m = 0, ..., |S|
- o, (2 D - 1)^m = 5^m paths each (D = 3; at most 256: m <= 3). One block zero: w1 or w2 (|S| = 4, o = 2): 1 + 5 + 25
= 31 each; a1 or a2 (|S| = 5, o = 2): 1 + 5 + 25 + 125 = 156 each. Two: w1 w2 (S = a1, a2: 1), w1 a1 and w2 a2 (|S| =
3, o = 1: 31), w1 a2 and w2 a1 (|S| = 3, o = 2: 6), a1 a2 (|S| = 4, o = 2: 31). Three: S = a_i (1), S = w_i (6). 14
patterns, 374 + 106 + 14 = 494 paths.
"""

import pytest

from algnet import parse_spec
from algnet.analyses.critical.estimate import critical_estimate
from algnet.analyses.critical.zero_pattern_cost import (ZERO_PATTERN_PATH_SECONDS, zero_pattern_plan,
                                                        zero_pattern_seconds)


def test_plan_of_dense221_by_hand():
    by_hand = 31 * 2 + 156 * 2 + 1 + 31 * 3 + 6 * 2 + 1 * 2 + 6 * 2
    assert zero_pattern_plan(parse_spec("dense 2-2-1 r=2")) == (14, by_hand)


@pytest.mark.parametrize("small, large", [("dense 2-2-1 r=2", "dense 2-3-1 r=2"),
                                          ("conv k=2,2 r=2", "conv k=2,2,2 r=2")])
def test_estimate_grows_with_the_patterns(small, large):
    a, b = parse_spec(small), parse_spec(large)
    assert zero_pattern_plan(b)[0] > zero_pattern_plan(a)[0]          # 2^blocks - 2 patterns
    assert zero_pattern_seconds(b) > zero_pattern_seconds(a) > 0
    for net in (a, b):
        # the classification's estimate holds the term (the count alone runs no spurious search)
        with_search = critical_estimate(net, "generic", classify=True).cpu_seconds
        assert with_search >= zero_pattern_seconds(net) >= ZERO_PATTERN_PATH_SECONDS * zero_pattern_plan(net)[1]


def test_no_search_no_term():
    """More than 8 blocks (dense 8-8-8 r=2: 16 neurons, two blocks each): the search does nothing, no term."""
    assert zero_pattern_plan(parse_spec("dense 8-8-8 r=2")) == (0, 0)


def test_search_shows_progress(capsys):
    from algnet.analyses.critical.loss import network_and_loss
    from algnet.analyses.critical.system import GradientFamily
    from algnet.analyses.critical.zero_patterns import zero_pattern_points

    net, L, rng = network_and_loss("conv k=2,2 r=2", loss="frobenius", seed=0)
    zero_pattern_points(GradientFamily(net, L, (), [], rng), L.u, rng, {}, show_progress=True)
    err = capsys.readouterr().err
    assert "zero patterns" in err and f"/{zero_pattern_plan(net)[1]}" in err
