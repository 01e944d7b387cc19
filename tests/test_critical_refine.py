"""Certification of an ill-conditioned but regular critical point (critical/refine.py).

Truth by hand (Eckart-Young): the critical points of the Frobenius distance from diag(1, 1 + g) to the 2x2
matrices of rank <= 1 are the rank-one truncations diag(1, 0) and diag(0, 1 + g) (and 0, where the
parametrization drops rank); for g > 0 they are regular, but the Hessian along the slice is nearly singular
(its condition number grows like 1/g: the two singular values almost coincide).
"""

import numpy as np
import pytest

from algnet.analyses.critical.refine import (HighPrecisionView, certify_points, ill_conditioned_example,
                                             refine_points)
from algnet.homotopy.certify import certify


@pytest.mark.parametrize("gap", [2.0 ** -30, 2.0 ** -40])
def test_the_plain_test_fails_and_the_refined_one_certifies(gap):
    fam, x = ill_conditioned_example(gap)
    assert np.allclose(fam.image(x), [[0, 0, 0, 1 + gap]], atol=1e-14)       # the nearest rank-one matrix
    kw = dict(key_ball=fam.image_ball, key_interval=fam.image_interval)
    before = certify(fam, x, fam.loss.u, **kw)
    assert before.certified == 0                        # both routes of the float-centred test give up
    after = certify_points(fam, x, fam.loss.u, **kw)
    assert after.certified == after.distinct == 1 and "256 bits" in after.method
    # the certified box is around the truncation diag(0, 1 + g), checked in exact terms: its image
    y = fam.image(after.centers)[0]
    assert np.max(np.abs(y - [0, 0, 0, 1 + gap])) < 1e-13
    assert after.radii[0] < 1e-10


def test_the_other_truncation_and_a_non_solution():
    """diag(1, 0) is critical too (a saddle of the distance on M): certified; a point that is not critical
    stays uncertified (the refinement moves it by more than 1e-6, or converges nowhere)."""
    gap = 2.0 ** -36
    fam, _ = ill_conditioned_example(gap)
    x = np.array([1.0, 1.0, 1.0], dtype=complex)
    for _ in range(40):
        Y, J = fam.first_order(x[None, :])
        x = x - np.linalg.lstsq(J[0], Y[0] - np.array([1.0, 0, 0, 0]), rcond=None)[0]
    c = certify_points(fam, np.vstack([x, x + 0.01]), fam.loss.u)
    assert c.mask.tolist() == [True, False]
    assert np.allclose(fam.image(c.centers[:1]), [[1, 0, 0, 0]], atol=1e-13)
    _, ok = refine_points(fam, (x + 0.01)[None, :], fam.loss.u)
    assert not ok[0]


def test_the_view_evaluates_one_point_more_accurately():
    """G at the float critical point: float64 gives rounding noise, 256 bits the exact value of G at that
    float point, which is tiny (the point is a rounding of the root) and agrees with the ball enclosure."""
    from algnet.core.numbers import acb, ball_precision

    fam, x = ill_conditioned_example(2.0 ** -40)
    G, _ = HighPrecisionView(fam).evaluate(x, fam.loss.u)
    with ball_precision(512):
        Gb, _ = fam.evaluate_ball([acb(z.real, z.imag) for z in x[0]], [acb(float(v)) for v in fam.loss.u])
    exact = np.array([complex(float(g.real.mid()), float(g.imag.mid())) for g in Gb])
    assert np.allclose(G[0], exact, rtol=1e-12, atol=1e-30)
