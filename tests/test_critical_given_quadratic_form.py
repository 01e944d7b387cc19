"""critical_points with a user-given quadratic form Q on the function space (``loss=Q``) and with regression data
whose samples repeat."""

import numpy as np
import pytest

from algnet.analyses.critical import critical_points
from algnet.errors import ParameterError


def test_singular_form_is_refused_with_a_clear_error():
    """Q = B B^T of rank 2 on linear 2-1-2 (rank <= 1 matrices, c = (c11, c12, c21, c22)): the Lagrange system
    Q (c - u) = lambda (c22, -c21, -c12, c11), det c = 0, saturated by c = 0, has a 1-dimensional solution set of
    degree 2 for u = (1, -2, 3, 1) (Macaulay2: dim 1 after eliminating lambda), so there is no finite count; a
    numpy LinAlgError escaped from the start targets. A singular form is refused like data that do not determine
    the coefficients."""
    B = np.array([[1.0, 2.0], [0.0, 1.0], [2.0, -1.0], [1.0, 0.0]])
    with pytest.raises(ParameterError, match="singular"):
        critical_points("linear 2-1-2", loss=B @ B.T, target=[1.0, -2.0, 3.0, 1.0], seed=0)
    with pytest.raises(ParameterError, match="singular"):
        critical_points("linear 2-1-2", loss=np.zeros((4, 4)), seed=0)


@pytest.mark.parametrize("Q", [np.arange(16.0).reshape(4, 4), np.diag([1.0, -1.0, 1.0, 1.0]), np.eye(3)])
def test_non_symmetric_indefinite_or_misshaped_form_is_refused(Q):
    with pytest.raises(ParameterError, match="symmetric positive"):
        critical_points("linear 2-1-2", loss=Q, seed=0)


def test_definite_form_counts_against_macaulay2():
    """Q = B B^T + I for B of rank 3 (definite, not the identity): the Lagrange system above, saturated by c = 0,
    has degree 6 (Macaulay2, u = (1, -2, 3, 1)), the generic ED degree of the cone over P^1 x P^1; the zero matrix
    is the one spurious point."""
    B = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [2.0, -1.0, 1.0], [1.0, 0.0, -2.0]])
    r = critical_points("linear 2-1-2", loss=B @ B.T + np.eye(4), target=[1.0, -2.0, 3.0, 1.0], seed=0)
    assert (r.pure, r.spurious, r.partial) == (6, 1, False)


def test_dense_with_bias_counts_against_macaulay2_for_a_generic_form_and_for_data():
    """dense 2-1-1 r=2 bias: f = a (w . x + b1)^2 + b2, whose coefficients (1, x0, x1, x0^2, x0 x1, x1^2) satisfy
    c01^2 = 4 c00 c11, c1 c01 = 2 c0 c11, 2 c1 c00 = c0 c01 (Macaulay2: ker of the map). Its ED ideal for a random
    integer positive definite Q and target (the 3 x 3 minors of (Q (c - u) | Jacobian^T), saturated by the singular
    locus) has degree 10 (Macaulay2): 10 pure points for a generic form, and for 9 generic samples."""
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(9, 2)), rng.normal(size=(9, 1))
    for loss in ("generic", (X, Y)):
        r = critical_points("dense 2-1-1 r=2 bias", loss=loss, seed=0)
        assert (r.pure, r.partial) == (10, False)


def test_a_target_given_with_data_is_refused():
    """With regression data the target is Y: a target passed beside it was dropped without a word (the count and
    every value were those of the data alone)."""
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, -1.0]])
    Y = np.array([[1.0, 0.0], [2.0, 1.0], [0.5, 0.5], [1.0, 3.0]])
    with pytest.raises(ParameterError, match="target"):
        critical_points("linear 2-1-2", loss=(X, Y), target=[1.0, -2.0, 3.0, 1.0], seed=0)
