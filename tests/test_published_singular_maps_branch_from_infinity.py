"""Singular points of the image of a polynomial map that neither a rank drop nor two preimages explain: a branch of
the closure through an image point coming from parameters tending to infinity.

By hand: mu(u, v) = (u, u v, v - u v^3) is injective (u and u v give u, and v where u != 0; at u = 0 the third
coordinate is v) and its Jacobian [[1, 0], [v, u], [-v^3, 1 - 3 u v^2]] has the minors u and 1 - 3 u v^2, never
both zero: no rank drop, no double point. Eliminating v = y / x gives the closure F = x^2 z - x y + y^3 = 0, with
partials 2 x z - y, 3 y^2 - x, x^2: singular exactly on the line x = y = 0, whose points (0, 0, c) = mu(0, c) are
image points (the second sheet: v -> infinity with u v^2 -> 1, where v (1 - u v^2) tends to c). Before, algnet
answered "none ... smooth" and called the search complete.
"""

import shutil
import subprocess

import pytest
import sympy

from algnet.analyses.singular import map_singular_points
from algnet.architectures.polymap import parametrization

x, y, z, u, v = sympy.symbols("x y z u v")
HAND_F = x**2 * z - x * y + y**3


def test_the_hand_equation_vanishes_on_the_map_and_is_singular_on_the_z_axis():
    assert sympy.expand(HAND_F.subs({x: u, y: u * v, z: v - u * v**3})) == 0
    grad = [sympy.diff(HAND_F, w) for w in (x, y, z)]
    assert sympy.solve([HAND_F] + grad, [x, y, z], dict=True) == [{x: 0, y: 0}]


def test_branch_from_infinity_is_listed_as_singular():
    res = map_singular_points(parametrization(["u", "u*v", "v - u*v^3"]), seed=0)
    (c,) = res.candidates
    assert c.source == "branch from infinity" and c.dimension == 1
    assert c.status == "singular" and c.certified and c.real
    px, py, pz = (sympy.sympify(w) for w in c.point)
    assert px == 0 and py == 0                                   # on the hand locus x = y = 0
    assert sympy.sympify(c.theta[0]) == 0 and sympy.sympify(c.theta[1]) == pz     # its preimage (0, c)
    assert c.rank == 2                                           # full rank there: no rank drop explains it
    assert res.complete and res.singular == (c,)


@pytest.mark.parametrize("seed", [1, 2])
def test_other_seeds_sample_other_points_of_the_line(seed):
    (c,) = map_singular_points(parametrization(["u", "u*v", "v - u*v^3"]), seed=seed).candidates
    assert c.point[:2] == ("0", "0") and c.status == "singular"


def test_classical_loci_gain_no_spurious_component():
    # the cross-cap's and the swallowtail's singular loci are their rank-drop and double-point loci (hand: the
    # module doc of algnet.theorems.checks.singular): the closure adds nothing
    for polys in (["u", "v^2", "u*v"], ["u", "-4*v^3 - 2*u*v", "3*v^4 + u*v^2"]):
        res = map_singular_points(parametrization(polys), seed=0)
        assert res.complete and {c.source for c in res.candidates} == {"rank drop", "branches meet"}
    res = map_singular_points(parametrization(["u", "v", "u^2 + v^2"]), seed=0)     # a graph: smooth
    assert res.complete and not res.candidates and "closure" in res.table()


def test_a_dominant_map_needs_no_closure_check():
    # (u w, v w, (u^2 + v^2) w) is dominant (w = (x^2 + y^2) / z): M is dense in C^3, every point smooth
    res = map_singular_points(parametrization(["u*w", "v*w", "u^2*w + v^2*w"]), seed=0)
    assert res.dimension == 3 and res.complete and not res.singular
    assert not any("infinity" in n for n in res.notes)


def test_without_a_generator_of_the_ideal_the_search_is_not_complete():
    # (y z, z, y, 1 + y^2 + z^2) has an image of codimension 2: no single generator, no check of the closure
    res = map_singular_points(parametrization(["y*z", "z", "y", "1 + y^2 + z^2"]), seed=0)
    assert not res.complete and any("from parameters tending to infinity: not examined" in n for n in res.notes)


@pytest.mark.skipif(shutil.which("Singular") is None, reason="Singular not installed")
def test_singular_agrees_on_the_implicit_equation_and_its_singular_locus():
    script = """LIB "primdec.lib"; ring r = 0, (u,v,x,y,z), dp;
ideal J = eliminate(ideal(x - u, y - u*v, z - v + u*v^3), u*v); J;
ring s = 0, (x,y,z), dp; ideal F = imap(r, J); list L = minAssGTZ(F + jacob(F[1]));
"components:"; size(L); std(L[1]); quit;"""
    out = subprocess.run(["nice", "-n", "19", "Singular", "-q"], input=script, capture_output=True, text=True,
                         timeout=60).stdout
    assert "J[1]=y3+x2z-xy" in out.replace(" ", "")
    after = out.split("components:")[1].split()
    assert after[0] == "1" and sorted(after[1:]) == ["_[1]=y", "_[2]=x"]       # one component: x = y = 0
