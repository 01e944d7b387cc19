"""Bad losses and targets of the critical-point count are refused with ParameterError, never a numpy exception or a
silent cast: a ragged or text quadratic form Q or target escaped as ValueError, a complex Q or target lost its
imaginary part (the count then answered for a different loss), outputs Y of three dimensions were accepted, and a
loss tuple that is not a data pair (X, Y) crashed the size estimate with IndexError."""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical import critical_points
from algnet.analyses.critical.loss import make_loss
from algnet.errors import ParameterError

NET = "linear 2-1-2"        # 4 function-space coordinates


def _make(**kw):
    return make_loss(parse_spec(NET), rng=np.random.default_rng(0), **kw)


@pytest.mark.parametrize("Q, words", [
    ([[1.0, 0.0], [0.0]], "not an array of numbers"),
    ([["a"] * 4] * 4, "strings"),
    (np.eye(4) * (1 + 1j), "complex"),
])
def test_a_quadratic_form_of_the_wrong_type_is_refused(Q, words):
    with pytest.raises(ParameterError, match=words):
        _make(loss=Q)


@pytest.mark.parametrize("target, words", [
    ("abcd", "strings"),
    (np.array([1.0, 1j, 3.0, 4.0]), "complex"),
    ([[1.0, 2.0], [3.0]], "not an array of numbers"),
])
def test_a_target_of_the_wrong_type_is_refused(target, words):
    with pytest.raises(ParameterError, match=words):
        _make(loss="frobenius", target=target)


def test_outputs_of_three_dimensions_are_refused():
    with pytest.raises(ParameterError, match="do not fit"):
        _make(loss=(np.eye(2), np.ones((2, 2, 1))))


def test_a_loss_tuple_that_is_not_a_data_pair_is_refused_before_the_count():
    with pytest.raises(ParameterError, match="symmetric positive definite 4 x 4"):
        critical_points(NET, loss=(1.0, 2.0, 3.0), seed=0)


def test_the_checks_keep_good_input():
    """A real positive-definite Q and a real target given as a matrix (the end-to-end matrix of the linear network)
    pass unchanged."""
    Q = np.diag([1.0, 2.0, 3.0, 4.0])
    L = _make(loss=Q, target=[[1.0, 2.0], [3.0, 4.0]])
    assert np.array_equal(L.Q, Q) and L.u.tolist() == [1.0, 2.0, 3.0, 4.0]
