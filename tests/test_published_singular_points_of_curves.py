"""is_singular on plane and space curves whose singular points are known by hand.

Truth: the cusp y0^3 = y1^2 (image of t -> (t^2, t^3)) is singular exactly at the origin (t = 0), since the
gradient (3 y0^2, -2 y1) of its irreducible equation vanishes only there; the nodal cubic y1^2 = y0^3 + y0^2
(image of t -> (t^2 - 1, t^3 - t)) is singular exactly at the origin (t = 1 and t = -1, two branches); the
monomial curve (t^3, t^4, t^5) is smooth away from the origin (t -> (t^3, t^4, t^5) is an injective immersion
for t != 0). Equations of too small a degree (the cusp with max_degree 2 has none) do not cut out the curve
and must not be read as a singularity.
"""

import pytest

from algnet.analyses.singular import is_singular
from algnet.architectures.polymap import parametrization


@pytest.mark.parametrize("polys, theta, singular", [
    (["t^2", "t^3"], [0], True),          # the cusp point
    (["t^2", "t^3"], [1], False),
    (["t^2 - 1", "t^3 - t"], [1], True),  # the node, first branch
    (["t^2 - 1", "t^3 - t"], [0], False),
])
def test_plane_cubic_singular_points_are_certified_by_their_irreducible_equation(polys, theta, singular):
    r = is_singular(parametrization(polys), theta=theta, seed=0, max_degree=3)
    assert r.singular is singular
    assert r.certified


@pytest.mark.parametrize("polys, theta, max_degree", [
    (["t^2", "t^3"], [1], 2),               # no equation of degree <= 2
    (["t^3", "t^4", "t^5"], [1], 2),        # one quadric y1^2 - y0 y2; the ideal needs cubics too
])
def test_equations_that_do_not_cut_out_the_curve_are_not_read_as_a_singularity(polys, theta, max_degree):
    r = is_singular(parametrization(polys), theta=theta, seed=0, max_degree=max_degree)
    assert r.singular is not True
    assert "do not cut out M" in r.proves


def test_cusp_without_its_equation_is_undecided_not_smooth():
    # the parametrization drops rank at t = 0 and the tangent limits agree: the equation-free tests cannot
    # tell a cusp from a smooth point, so without the cubic the verdict is undecided
    r = is_singular(parametrization(["t^2", "t^3"]), theta=[0], seed=0, max_degree=2)
    assert r.singular is None and r.status == "undecided" and not r.certified


@pytest.mark.parametrize("polys", [["t^2", "t^3"], ["s^2", "s*t", "t^2"]])
def test_the_origin_given_by_its_coordinates_is_found_and_singular(polys):
    # f = 0 is mu(0) for these maps (cusp point; vertex of the quadric cone y0 y2 = y1^2, gradient 0 there)
    net = parametrization(polys)
    r = is_singular(net, f=[0] * net.ambient_dimension, seed=0, max_degree=3)
    assert r.singular is True and r.certified
