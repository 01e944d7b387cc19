"""Generic fibers of polynomial maps with a torus of symmetries, counted in orbits, against the structure theory of
monomial maps.

* A monomial map theta -> (theta^e_1, ..., theta^e_m) with exponent matrix E (rows e_i, rank n) is invariant
  under the diagonal group D = {t : t^e_i = 1 for all i}; its generic fiber is one coset of D, and the number of
  connected components of D -- the orbits of the identity component, the torus algnet reports as the known
  continuous symmetries -- is the order of the torsion of Z^N / (row lattice of E), the product of the nonzero
  invariant factors of E (Smith normal form; Sturmfels, *Groebner bases and convex polytopes*, ch. 4; Miller-
  Sturmfels, *Combinatorial commutative algebra*, ch. 7). By hand: x*y^2 = c is one orbit {(c/s^2, s)}; x^3*y^2 = c
  is one orbit {(a s^2, b s^-3)} for any one (a, b) with a^3 b^2 = c (the curve is irreducible: gcd(3, 2) = 1), and
  x^6*y^4 = c is two: x^3*y^2 = +-sqrt(c).
* Pinning a coordinate of weight w_j meets an orbit in |w_j| points (the roots of lambda^(w_j) = 1). The count of
  the gauge slice with the pivot pinned reported x*y^2 (weights (-2, 1), x pinned) as 2 orbits and "not only the
  known symmetries", and x^3*y^2 the same; it is now divided by the points per orbit
  (:func:`algnet.analyses.fibers_torus.torus_gauge`), whose value is checked by hand here too.
"""

import pytest
import sympy
from sympy.matrices.normalforms import smith_normal_form

from algnet.analyses.fibers import identifiability
from algnet.analyses.fibers_torus import torus_gauge
from algnet.architectures.polymap import parametrization


def components_of_the_diagonal_group(exponents):
    """Product of the nonzero invariant factors of the exponent matrix: the order of the torsion of Z^N / rows."""
    snf = smith_normal_form(sympy.Matrix(exponents), domain=sympy.ZZ)
    out = 1
    for i in range(min(snf.shape)):
        if snf[i, i] != 0:
            out *= abs(int(snf[i, i]))
    return out


@pytest.mark.parametrize("polys, exponents, orbits", [
    (["x*y^2"], [[1, 2]], 1),
    (["x^2*y"], [[2, 1]], 1),
    (["x^3*y^2"], [[3, 2]], 1),
    (["x^2*y^2"], [[2, 2]], 2),
    (["x^6*y^4"], [[6, 4]], 2),
    (["x*y*z^2"], [[1, 1, 2]], 1),
    (["x^2*y*z", "x*y^3*z"], [[2, 1, 1], [1, 3, 1]], 1),
    (["x^2*z^2", "y^2*z^2"], [[2, 0, 2], [0, 2, 2]], 4),
])
def test_monomial_map_fiber_counts_the_components_of_its_diagonal_group(polys, exponents, orbits):
    assert components_of_the_diagonal_group(exponents) == orbits       # the theory agrees with the hand counts
    r = identifiability(parametrization(polys), seed=0)
    assert r.identifiable_up_to_dimension and r.fiber_dimension == r.symmetry_dimension > 0
    assert r.count_status in ("exact", "exact mod p") and r.fiber_count == orbits
    # the map declares that finite group (the torsion of Z^n / exponents): it explains the whole fiber
    assert r.finite_symmetry_order == orbits and r.only_known_symmetries is True


def test_the_count_is_the_same_whichever_coordinate_is_pinned():
    # x^6*y^4 = c: x pinned leaves y^4 = c/x0^6 (4 points, 2 per orbit), y pinned x^6 = c/y0^4 (6 points, 3 per orbit)
    net = parametrization(["x^6*y^4"])
    assert torus_gauge(net, [3, 5], (0,)) == ((0,), 2)
    r = identifiability(net, seed=0)
    assert r.fiber_count == 2 and r.points_per_orbit == 2 and "4 slice points" in r.count_method


def test_points_per_orbit_by_hand():
    # weights (-2, 1): pin y (weight 1) for one point per orbit
    assert torus_gauge(parametrization(["x*y^2"]), [3, 5], (0,)) == ((1,), 1)
    # weights (2, -3): lambda^2 = 1 leaves lambda = -1, which moves y to -y: two points of one orbit
    assert torus_gauge(parametrization(["x^3*y^2"]), [3, 5], (0,)) == ((0,), 2)
    # weights spanned by (1, -1, 0), (2, 0, -1) (lattice w1 + w2 + 2 w3 = 0): pinning x, z has det 1
    assert torus_gauge(parametrization(["x*y*z^2"]), [3, 5, 7], (0, 1)) == ((0, 2), 1)


def test_a_non_monomial_map_through_a_monomial_counts_orbits():
    # (s, s^2 + s) with s = x*y^2: the fiber over a point is the fiber of s, one orbit of the torus
    r = identifiability(parametrization(["x*y^2", "x^2*y^4 + x*y^2"]), seed=0)
    assert r.fiber_count == 1 and r.only_known_symmetries is True


def test_modular_count_is_divided_too():
    r = identifiability(parametrization(["x^6*y^4"]), seed=0, method="homotopy")
    assert r.count_status == "exact mod p" and r.fiber_count == r.modular_count == 2


def test_networks_keep_one_point_per_orbit():
    r = identifiability("dense 2-2-2 r=2", seed=0)
    assert r.points_per_orbit == 1 and r.fiber_count == 2 == r.finite_symmetry_order
