"""Linear networks and strided linear convolutions, critical points and ED degrees.

* Trager-Kohn-Bruna (arXiv:1910.01671) with a generic quadratic loss on linear 3-2-3: the images of the critical
  points are the critical points of l on the strata of rank exactly 2, 1 and 0. The rank <= 2 matrices form the
  determinant hypersurface, projectively dual to the Segre P2 x P2 of rank-one matrices, and the generic ED
  degree is invariant under duality (DHOST 2016, Thm. 5.2): 39 pure points; the rank-one stratum gives the
  Segre's generic ED degree 39 (Chern-class formula) and the origin 1 spurious point: 79 in all, 40 spurious.
* Strided linear convolutions (Kohn-Montufar-Shahverdi-Trager, arXiv:2304.05752): with stride 2 and filters
  that do not overlap the function space is a Segre variety (k = 2,2,2 strides 2,2: rank-one 2x2x2 tensors,
  Frobenius ED degree 6 by Friedland-Ottaviani; k = 2,3: 2x3 rank one, Eckart-Young 2); with k = 3,2 stride
  2 the filters overlap (coefficient of x2 is v0 w2 + v1 w0), a projection of the Segre P2 x P1 with a
  singular surface, and the referee is Macaulay2's critical ideal of the image, saturated by its singular locus
  (written from the hand expansion below). With stride one the network fills its ambient space (ED degree 1).
"""

import shutil

import pytest
from test_polynomial_maps_against_macaulay2 import _m2_ed_degree    # the polynomial maps' Macaulay2 referee

from algnet.analyses.critical import critical_points, ed_degree


def test_linear_323_generic_loss_pure_and_spurious_counts():
    res = critical_points("linear 3-2-3", loss="generic", seed=0)
    assert (res.pure, res.spurious) == (39, 40)
    assert res.trace_test_passed and not res.partial


@pytest.mark.parametrize("spec, metric, want", [
    pytest.param("conv k=2,2,2 s=2,2,1 r=1", "frobenius", 6,        # Friedland-Ottaviani: 3! singular vector
                 marks=pytest.mark.slow),                           # triples; 25 s at load 10
    ("conv k=2,3 s=2,1 r=1", "frobenius", 2),          # Eckart-Young binom(2, 1)
    ("conv k=2,2 s=1,1 r=1", "generic", 1),            # stride one: products of two binary linear forms fill C^3
    ("conv k=3,2 s=1,1 r=1", "generic", 1),
])
def test_strided_linear_conv_ed_degree_by_hand(spec, metric, want):
    r = ed_degree(spec, metric=metric, seed=0)
    assert r.ed_degree == want and not r.partial


OVERLAPPING = [
    # conv k=3,2 s=2,1 r=1: input x0..x4, h_i = w0 x_{2i} + w1 x_{2i+1} + w2 x_{2i+2}, f = v0 h0 + v1 h1
    ("conv k=3,2 s=2,1 r=1", ["w0*v0", "w1*v0", "w2*v0 + w0*v1", "w1*v1", "w2*v1"], "frobenius", 10),
    ("conv k=3,2 s=2,1 r=1", ["w0*v0", "w1*v0", "w2*v0 + w0*v1", "w1*v1", "w2*v1"], "generic", 10),
    # conv k=2,2 r=2 (stride one): f = v0 (w0 x0 + w1 x1)^2 + v1 (w0 x1 + w1 x2)^2, the coefficients of x0^2,
    # x0 x1, x1^2, x1 x2, x2^2: a projection of the Segre-Veronese P1 x P1 by O(2, 1) (degree 4); the generic
    # ED degree of that Segre-Veronese (Chern classes) is also 14
    pytest.param("conv k=2,2 r=2", ["w0^2*v0", "2*w0*w1*v0", "w1^2*v0 + w0^2*v1", "2*w0*w1*v1", "w1^2*v1"],
                 "generic", 14, marks=pytest.mark.slow),          # 30 CPU s
]


@pytest.mark.skipif(shutil.which("M2") is None, reason="Macaulay2 not installed")
@pytest.mark.parametrize("spec, polys, metric, want", OVERLAPPING)
def test_overlapping_conv_ed_degree_against_macaulay2(spec, polys, metric, want):
    params = sorted({v for p in polys for v in ("w0", "w1", "w2", "v0", "v1") if v in p})
    got = _m2_ed_degree(polys, params, metric == "generic")
    r = ed_degree(spec, metric=metric, seed=0)
    assert r.ed_degree == got == want and not r.partial
