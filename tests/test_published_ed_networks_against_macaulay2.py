"""Frobenius ED degrees of small networks' neuromanifolds (coordinates: the coefficients of the outputs, the
unweighted Euclidean norm on them), against Macaulay2's saturated critical ideal of the implicit variety, with the
coordinates written out by hand here; and a Segre count against Friedland-Ottaviani. Skipped where M2 is not
installed.

* dense 3-1-1 r=2: c (a x + b y + d z)^2, the cone over the Veronese surface v_2(P^2) in the monomial coefficients
  (cross terms doubled). dense 3-2-1 r=2: sums of two such squares, the ternary quadrics of rank <= 2 (the
  determinant hypersurface); by ED duality (Draisma-Horobet-Ottaviani-Sturmfels-Thomas, Found. Comput. Math. 2016,
  Thm. 5.2) its ED degree equals the Veronese surface's in the same metric.
* dense 2-1-2 r=2: (c1 l^2, c2 l^2), P^1 x P^1 embedded by O(1, 2).
* conv k=2,2,3 s=2,2,1 r=1: non-overlapping windows, so the coefficients are the entries of the rank-one tensor
  w3 (x) w2 (x) w1 of format 3 x 2 x 2, whose Frobenius ED degree is Friedland-Ottaviani's count of singular
  vector tuples (Found. Comput. Math. 14 (2014), Thm. 1): 8.
"""

import shutil

import pytest

from algnet.analyses.critical import ed_degree
from test_polynomial_maps_against_macaulay2 import _m2_ed_degree
from test_published_secants_and_ed_counts import _friedland_ottaviani

needs_m2 = pytest.mark.skipif(shutil.which("M2") is None, reason="Macaulay2 not installed")

_V = ["c*a^2", "2*c*a*b", "2*c*a*d", "c*b^2", "2*c*b*d", "c*d^2"]          # c (a x + b y + d z)^2: x^2, xy, xz, ...
_SUM2 = ["e*a^2 + f*g^2", "2*(e*a*b + f*g*h)", "2*(e*a*d + f*g*k)", "e*b^2 + f*h^2", "2*(e*b*d + f*h*k)",
         "e*d^2 + f*k^2"]                                                   # e l1^2 + f l2^2


@needs_m2
@pytest.mark.parametrize("spec, polys, params", [
    pytest.param("dense 3-1-1 r=2", _V, ["a", "b", "c", "d"], marks=pytest.mark.slow),   # M2: about 70 s
    ("dense 3-2-1 r=2", _SUM2, ["a", "b", "d", "e", "f", "g", "h", "k"]),
    pytest.param("dense 2-1-2 r=2", ["c*a^2", "2*c*a*b", "c*b^2", "e*a^2", "2*e*a*b", "e*b^2"], ["a", "b", "c", "e"],
                 marks=pytest.mark.slow),                                                  # M2: about 70 s
])
def test_frobenius_ed_degree_of_network_against_macaulay2(spec, polys, params):
    r = ed_degree(spec, metric="frobenius", seed=0)
    assert not r.critical.partial
    assert r.ed_degree == _m2_ed_degree(polys, params, generic=False)


def test_veronese_surface_and_its_dual_share_the_ed_degree():
    """ED duality (DHOST Thm. 5.2): the Veronese surface and the rank <= 2 ternary quadrics, both in the coefficient
    coordinates, have the same Frobenius ED degree."""
    a = ed_degree("dense 3-1-1 r=2", metric="frobenius", seed=0)
    b = ed_degree("dense 3-2-1 r=2", metric="frobenius", seed=0)
    assert not a.critical.partial and not b.critical.partial and a.ed_degree == b.ed_degree


@pytest.mark.slow
def test_three_by_two_by_two_rank_one_tensors_friedland_ottaviani():
    r = ed_degree("conv k=2,2,3 s=2,2,1 r=1", metric="frobenius", seed=0)     # about 30 CPU s
    assert not r.critical.partial
    assert r.ed_degree == _friedland_ottaviani([2, 2, 3], [1, 1, 1]) == 8
