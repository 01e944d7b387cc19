"""Fiber counts on the route ``method="auto"`` picks when the Bézout bound on deg M is far above deg M.

Independent truth: a general ternary cubic of Waring rank 3, x^3 + y^3 + z^3 after a change of coordinates,
has a unique decomposition into three cubes of linear forms (the Aronhold hypersurface sigma_3(v_3(P^2)) has
degree 4 and its general point is identifiable), so the gauge-fixed generic fiber of dense 3-3-1 r=3 is the
3! = 6 orders of the three hidden neurons (a Macaulay2 run by hand also counts 6 points).
"""

import math

import pytest

from algnet import parse_spec
from algnet.analyses.fibers import identifiability
from algnet.analyses.fibers_route import _degree_value, homotopy_route


def test_route_pilot_replaces_loose_bezout_bound():
    net = parse_spec("dense 3-3-1 r=3")
    bound, why = _degree_value(net, 9, 0)
    assert "Bézout" in why and bound > 500          # the bound alone would send the count to Newton
    ok, note = homotopy_route(net, 9, 0)
    assert ok and "pilot" in note and "deg M = 4" in note    # the Aronhold quartic: degree 4


def test_dense_331_cubic_fiber_complete_without_groebner():
    # max_unknowns=8 skips the Groebner attempt (9 unknowns): the route is the pilot's choice, monodromy
    r = identifiability("dense 3-3-1 r=3", seed=0, max_unknowns=8)
    assert r.fiber_count == math.factorial(3) == r.finite_symmetry_order
    assert r.count_status == "numerical" and r.trace_test_passed and not r.partial
    assert r.certified_points == 6
    assert "route: monodromy" in r.reason and "lower bound" not in r.reason


@pytest.mark.slow
def test_dense_331_cubic_fiber_on_auto():
    r = identifiability("dense 3-3-1 r=3", seed=0)
    assert r.fiber_count == 6 and r.count_status == "numerical"


def test_newton_seeded_by_the_hidden_neuron_permutations():
    # one random start only: the 3! orders of the hidden neurons, moved into the gauge slice, are the other points
    for seed in (0, 2):
        r = identifiability("dense 3-3-1 r=3", seed=seed, method="newton", starts=1)
        assert r.fiber_count == math.factorial(3) and r.count_status == "lower bound"
        assert "images under the known finite symmetries" in r.count_method
