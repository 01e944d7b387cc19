"""Hilbert functions of polynomial maps against closed forms.

Truth (Hartshorne, Algebraic Geometry, I.7; Eisenbud, Commutative Algebra, 1.9): the cubic Veronese surface
v_3(P^2) has H(e) = dim of degree-3e forms in 3 variables = C(3e + 2, 2) and degree 9; the rational normal
curve of degree d has H(e) = d e + 1 and degree d; an affine plane curve of degree d (the nodal cubic, the cusp)
has affine Hilbert function dim QQ[y]_{<= e} / I_{<= e} = C(e + 2, 2) - C(e - d + 2, 2) = d e - d(d - 3)/2 for
e >= d - 1, so 3e for a cubic.
"""

from itertools import combinations_with_replacement
from math import comb

import pytest

from algnet.analyses.hilbert import hilbert_function
from algnet.architectures.polymap import parametrization


def test_cubic_veronese_surface():
    polys = ["*".join(c) for c in combinations_with_replacement("xyz", 3)]
    h = hilbert_function(parametrization(polys), up_to=5, seed=0)
    assert h.values == tuple(comb(3 * e + 2, 2) for e in range(6))
    assert h.dimension == 3 and h.degree == 9


@pytest.mark.parametrize("d", [3, 4, 5])
def test_rational_normal_curve_cones(d):
    polys = [f"s^{d - i}*t^{i}" for i in range(d + 1)]
    h = hilbert_function(parametrization(polys), up_to=5, seed=0)
    assert h.values == tuple(d * e + 1 for e in range(6))
    assert h.dimension == 2 and h.degree == d                # the affine cone over the curve


@pytest.mark.parametrize("polys", [["t^2", "t^3"], ["t^2 - 1", "t^3 - t"]])
def test_affine_plane_cubics(polys):
    h = hilbert_function(parametrization(polys), up_to=6, seed=0)
    assert h.values == tuple(comb(e + 2, 2) - (comb(e - 1, 2) if e >= 3 else 0) for e in range(7))
    assert h.dimension == 1 and h.degree == 3
