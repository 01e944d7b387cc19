"""The second method of ``ed-degree`` for a map of P^2 onto a surface: the Chern-class formula
sum_i (-1)^i (2^(3-i) - 1) deg c_i(X) = 7 d^2 - 9 d + 3 of P^2 embedded by forms of degree d (DHOST 2016, Thm. 5.8),
claimed only when the map is proved an embedding, and for the Frobenius metric only when the surface meets the
isotropic quadric transversally.

Truths: the Veronese surface's 13 and v_3(P^2)'s 39 (7 d^2 - 9 d + 3 by hand: 28 - 18 + 3, 63 - 27 + 3; the homotopy
count, a second method, in each test); the Veronese surface in the monomial coordinates (x^2, y^2, z^2, xy, xz, yz)
with the Frobenius metric 13, and in the coordinates (x^2, y^2, z^2, xy, xy, xz, xz, yz, yz), which are isometric to
the Bombieri-Weyl ones (sum of squares (x^2 + y^2 + z^2)^2, tangent to the isotropic quadric), 3 = the eigenvectors
of a symmetric 3 x 3 matrix (Friedland-Ottaviani): both computed once by Macaulay2 (the critical ideal of the
distance from a random integer target to the implicit cone, saturated by the origin, ``degree``). A generic
projection of the Veronese surface to P^4 (its secant variety is a hypersurface, so the projection from a point off
it is an isomorphism) has the same Chern classes: 13.
"""

import pytest

from algnet import parse_spec
from algnet.analyses.critical import ed_degree


def surface_formula(net, metric):
    from algnet.analyses.critical.surface_ed import surface_formula as formula      # (new: the base has none)

    return formula(net, metric)


VERONESE = "map x^2; y^2; z^2; x*y; x*z; y*z"
ISOTROPIC = "map x^2; y^2; z^2; x*y; x*y; x*z; x*z; y*z; y*z"
PROJECTED = "map x^2 + 3*y*z - z^2; y^2 - 2*x*z; z^2 + x*y; x*z + y*z - 2*x^2; x*y + y^2 + 3*z^2"
CUBIC = "map x^3; y^3; z^3; x^2*y; x^2*z; y^2*x; y^2*z; z^2*x; z^2*y; x*y*z"
BASE_POINT = "map x^2; x*y; y^2; x*z; y*z"            # the projection from v_2(0 : 0 : 1), a point of the surface
ROMAN = "map y*z; x*z; x*y; x^2 + y^2 + z^2"          # Steiner's Roman surface: double lines, pinch points
COVER = "map x^2; y^2; z^2"                           # 4 : 1 onto P^2


@pytest.mark.parametrize("spec, metric, truth", [(VERONESE, "generic", 13), (VERONESE, "frobenius", 13),
                                                 (PROJECTED, "generic", 13), (PROJECTED, "frobenius", 13),
                                                 (CUBIC, "generic", 39)])
def test_embedded_planes_are_cross_checked(spec, metric, truth):
    res = ed_degree(spec, metric=metric, seed=1)
    assert res.ed_degree == truth and res.formula == truth and res.agrees
    assert "embedding" in res.formula_source and "7 d^2 - 9 d + 3" in res.formula_source


def test_the_projection_is_proved_by_groebner_bases_the_veronese_by_its_span():
    assert "Groebner" in surface_formula(parse_spec(PROJECTED), "generic")[1]
    assert "span all 6 forms of degree 2" in surface_formula(parse_spec(VERONESE), "generic")[1]


def test_a_surface_tangent_to_the_isotropic_quadric_claims_nothing_for_frobenius():
    res = ed_degree(ISOTROPIC, metric="frobenius", seed=2)
    assert res.ed_degree == 3 and res.formula is None              # Macaulay2 and Friedland-Ottaviani: 3, not 13
    assert "isotropic quadric" in res.formula_source and "not claimed" in res.formula_source
    assert surface_formula(parse_spec(ISOTROPIC), "generic")[0] == 13      # the generic metric: claimed


@pytest.mark.parametrize("spec, why", [(BASE_POINT, "base point"), (ROMAN, "not an immersion"),
                                       (COVER, "not an immersion")])
def test_maps_that_are_not_embeddings_get_no_value(spec, why):
    value, source = surface_formula(parse_spec(spec), "generic")
    assert value is None and why in source and "not claimed" in source


def test_a_base_point_is_not_taken_for_a_veronese_surface():
    """The image is the cubic scroll in P^4, P^2 blown up at a point embedded by 2H - E: by hand, deg = 4 - 1 = 3,
    c_1 h = (3H - E)(2H - E) = 5, c_2 = 4 (the Euler number), so its generic ED degree is 7 * 3 - 3 * 5 + 4 = 10, not
    the plane's 13."""
    res = ed_degree(BASE_POINT, metric="generic", seed=3)
    assert res.ed_degree == 10 and res.formula is None and "base point" in res.formula_source


def test_a_cover_of_the_plane_is_a_linear_space_not_a_veronese():
    res = ed_degree(COVER, metric="generic", seed=0)
    assert res.ed_degree == 1 and res.formula == 1 and "linear space" in res.formula_source


def test_two_points_with_one_image_are_found():
    import sympy

    from algnet.analyses.critical.surface_ed import _injective

    X = sympy.symbols("x y z")
    x, y, z = X
    assert not _injective([x ** 2, y ** 2, z ** 2], X)                           # (1 : 1 : 1) and (1 : -1 : 1)
    assert _injective([x ** 2, y ** 2, z ** 2, x * y, x * z, y * z], X)


def test_maps_of_p2_that_are_not_surfaces_of_forms_are_left_alone():
    assert surface_formula(parse_spec("map x; x*y; z^2"), "generic") is None             # not homogeneous
    assert surface_formula(parse_spec(VERONESE), "bombieri") is None
    assert surface_formula(parse_spec("linear 2-1-2"), "generic") is None


def test_beyond_the_decided_sizes_nothing_is_claimed():
    value, source = surface_formula(parse_spec("map x^3; y^3; z^3; x*y*z"), "generic")
    assert value is None and "not decided" in source


SEGRE = "map s*u; s*v; t*u; t*v params=s,t,u,v"
SEGRE_21 = "map s^2*u; s^2*v; s*t*u; s*t*v; t^2*u; t^2*v params=s,t,u,v"


MIXED_SEGRE = "map 2*s*u + s*v - t*v; s*u - 3*t*u + t*v; s*v + 2*t*u + 5*t*v; s*u + s*v + t*u params=s,t,u,v"


@pytest.mark.parametrize("spec, metric, truth", [(SEGRE, "generic", 6), (SEGRE_21, "generic", 14),
                                                 (MIXED_SEGRE, "frobenius", 6)])
def test_maps_of_p1_x_p1_are_cross_checked(spec, metric, truth):
    """P^1 x P^1 by O(a, b): 14ab - 6(a + b) + 4 by hand (6 and 14, THEOREMS section 8), and the homotopy count; the
    Frobenius metric where the sum of the squares is a smooth curve (exact)."""
    res = ed_degree(spec, metric=metric, seed=1)
    assert res.ed_degree == truth == res.formula and res.agrees and "P^1 x P^1" in res.formula_source


@pytest.mark.parametrize("spec, truth", [(SEGRE, 2)])
def test_the_segre_surface_with_the_frobenius_metric_is_not_given_the_generic_value(spec, truth):
    """The 2 x 2 matrices of rank 1 with the Frobenius metric: Eckart-Young's binom(2, 1) = 2, not 6 (the sum of
    squares (s^2 + t^2)(u^2 + v^2) is a singular curve: not transversal)."""
    res = ed_degree(spec, metric="frobenius", seed=1)
    assert res.ed_degree == truth and res.formula is None and "isotropic quadric" in res.formula_source
