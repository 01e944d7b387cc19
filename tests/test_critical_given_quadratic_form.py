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
