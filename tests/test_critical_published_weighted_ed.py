"""ED degrees on published cases beyond the verify rows, each against an independent count.

* Weighted Frobenius norms on determinantal varieties (Ottaviani-Spaenlehauer-Sturmfels, "Exact solutions in
  structured low-rank approximation", 2014): sum_ij lambda_ij (x_ij - u_ij)^2 on the m x n matrices of rank <= r.
  For generic weights the count is the generic ED degree (2 x 3, rank 1: that of P^1 x P^2, 10); for special weights
  it drops: the weights below give 35 on the 3 x 3 matrices of rank 1 and of rank <= 2 (the generic value is 39).
  Truth: Singular, the gradient of the weighted loss in a chart of the factorization A B (A with an identity block),
  saturated by the rank-drop ideal (the minors of B), vdim of a standard basis over Q.
* The rational normal curve in the network's own coordinates: dense 2-1-1 r=d is w (a x0 + b x1)^d, whose
  coefficients carry the binomials (the Frobenius norm on them weighs the Veronese coordinates by binom(d, i)^2,
  neither the standard nor the Bombieri-Weyl norm): 3 d - 2 all the same (Singular, d = 3, 4, 5: 7, 10, 13).
"""

import numpy as np
import pytest

from algnet.analyses.critical import critical_points, ed_degree

#: weights and targets of the Singular runs, row-major (rows = outputs, as the network's coefficients)
L6, U6 = [3.0, 1.0, 2.0, 5.0, 4.0, 7.0], [1.0, -2.0, 3.0, 1.0, 2.0, -1.0]
L9, U9 = [3.0, 1.0, 2.0, 5.0, 4.0, 7.0, 6.0, 2.0, 3.0], [1.0, -2.0, 3.0, 1.0, 2.0, -1.0, -3.0, 1.0, 2.0]


@pytest.mark.parametrize("spec, weights, target, want", [("linear 3-1-2", L6, U6, 10), ("linear 3-1-3", L9, U9, 35),
                                                         pytest.param("linear 3-2-3", L9, U9, 35,
                                                                      marks=pytest.mark.slow)])
def test_weighted_low_rank_approximation_against_singular(spec, weights, target, want):
    r = critical_points(spec, loss=np.diag(weights), target=target, seed=0)
    assert not r.partial, r.partial_reason
    assert r.pure == want and r.certified_distinct >= want


@pytest.mark.parametrize("d, want", [(3, 7), (4, 10)])
def test_rational_normal_curve_in_its_coefficients_against_singular(d, want):
    r = ed_degree(f"dense 2-1-1 r={d}", metric="frobenius", seed=0)
    assert r.ed_degree == want == 3 * d - 2 and r.critical.complete
