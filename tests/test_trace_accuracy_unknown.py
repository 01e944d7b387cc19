"""One accuracy rule for every trace test: an unknown error is no evidence, and large terms do not hide a small one.

Truths by hand: (1) a residual of 1 between terms of size about 1 is not explained by a point whose error is not
known (its Newton step overflows), whereas the base let an infinite error explain any residual; (2) the curvature
trace test's second derivatives 1e6 and -1e6 + 1e-3, each known to 1e-12, sum to 1e-3: relative to their sum of
moduli that is 5e-10 (below the tolerance 1e-6), yet 1e-3 is nine orders above what their errors explain: a missing
branch's share, not rounding.
"""

import numpy as np

from algnet.homotopy.monodromy.examples import example_family
from algnet.homotopy.monodromy.trace import accuracy_explains, newton_error


def test_unknown_error_explains_nothing():
    fam = example_family("square").family                       # x^2 = p
    Y, p = np.array([[1e200]]), np.array([4.0])                  # the Newton step overflows: the error is not known
    assert np.isinf(newton_error(fam, Y, p, lambda Z: Z[:, 0])[0])
    assert not accuracy_explains(1.0, 2.0, fam, [(Y, p)], lambda Z: Z[:, 0])
    assert not accuracy_explains(np.array([1.0, 0.0]), np.array([2.0, 2.0]), None, [], None,
                                 extra=np.array([np.inf, 0.0]))
    # rounding alone still explains a residual at the rounding of the sums (no error needed)
    assert accuracy_explains(1e-15, 2.0, fam, [(Y, p)], lambda Z: Z[:, 0])


def test_known_errors_explain_their_residual():
    fam = example_family("square").family
    Y, p = np.array([[2.0 + 1e-9]]), np.array([4.0])            # Newton error about 1e-9
    assert accuracy_explains(1e-7, 10.0, fam, [(Y, p)], lambda Z: Z[:, 0])
    assert not accuracy_explains(1e-3, 10.0, fam, [(Y, p)], lambda Z: Z[:, 0])


def test_curvature_trace_test_large_terms_do_not_hide_a_small_one(monkeypatch):
    from algnet.analyses.critical import trace_curvature as tc

    d2 = np.array([[1e6, 1.0], [-1e6 + 1e-3, -1.0]], dtype=complex)

    def fake(fam, H, X, p0, v, errors=False):
        return (d2, np.full(d2.shape, 1e-12)) if errors else d2
    monkeypatch.setattr(tc, "image_second_derivatives", fake)
    r = tc.curvature_trace_test(None, None, np.zeros((2, 3)), None, None, None)
    assert r.residual < r.tolerance and not r.passed
    d2[1, 0] = -1e6                                              # the complete set: the sum vanishes
    assert tc.curvature_trace_test(None, None, np.zeros((2, 3)), None, None, None).passed
