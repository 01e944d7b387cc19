"""ReLU networks: a bad input is named as an input, and float64 overflow is refused (no warning, no inf answer)."""

import warnings

import pytest

from algnet.architectures.relu import ReluNetwork
from algnet.core.backends import Complex
from algnet.errors import NumericalError, ParameterError
from algnet.relu import batch_functional_dimension


def test_a_nonfinite_input_is_called_an_input_not_a_weight():
    net = ReluNetwork((2, 2, 1))
    theta = [1] * net.n_params
    for call in (lambda: net.forward_exact(theta, [[0, float("nan")]]),
                 lambda: net.jacobian(theta, [[1, 2], [float("inf"), 0]]),
                 lambda: net.evaluate(theta, [[0, float("nan")]], backend=Complex())):
        with pytest.raises(ParameterError) as e:
            call()
        assert "input" in str(e.value) and "weight" not in str(e.value).split("hint")[0]


def test_float_jacobian_overflow_is_refused_without_a_warning():
    # relu 1-2-2-1 with every weight 1e200 at x = 1e200: the second layer's pre-activation is 2 * 1e200 * 1e200 ...
    # = 2e400 > 1.8e308 (hand arithmetic): float64 cannot hold it, so no float answer exists
    net = ReluNetwork((1, 2, 2, 1))
    big = [1e200] * net.n_params
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for call in (lambda: net.jacobian(big, [[1e200]], backend=Complex()),
                     lambda: net.evaluate(big, [[1e200]], backend=Complex()),
                     lambda: net.jacobian([1] * net.n_params, [[10 ** 400]], backend=Complex())):
            with pytest.raises(NumericalError) as e:
                call()
            assert "float64" in str(e.value) and "exact" in e.value.hint
        # the exact rank is unaffected and says the float comparison was not made. All weights positive and x > 0:
        # every unit is active at every point, F = a x + c on one region, so the rank is dim{affine maps R -> R} = 2
        b = batch_functional_dimension(net, big, [[1e200], [2e200], [3e200], [3], [4], [5], [6]], float_check=True)
        assert b.certified and b.float_rank is None and "overflows" in b.float_note
        assert b.rank == 2


def test_moderate_weights_still_give_the_float_jacobian():
    net = ReluNetwork((1, 1, 1))
    J = net.jacobian([1, 0, 3, 0], [[2]], backend=Complex())      # d/dW1 = 3*2, d/db1 = 3, d/dW2 = 2, d/db2 = 1
    assert [complex(v).real for v in J.ravel()] == [6, 3, 2, 1]



def test_model_fd_float_overflow_keeps_the_exact_rank():
    from algnet.relu.model import PLModel
    from algnet.relu.model_fd import model_batch_fd

    # every weight and input positive: all units active at all 8 points, F is affine on R^2 there, so the rank is
    # dim{affine maps R^2 -> R} = 3 (hand); the float64 Jacobian overflows (1e200 * 1e200)
    m = PLModel.from_layers([([[1e200, 1], [1, 1e200]], [0, 0]), ([[1e200, 1e200]], [0])])
    Z = [[1e200, 1], [2e200, 3], [5, 1e200], [1, 2], [3, 1], [2, 2], [7, 1], [1, 9]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for route in ("modular", "auto"):
            r = model_batch_fd(m, Z, float_check=True, route=route)
            assert r.rank == 3 and r.certified and r.float_rank is None
            assert "overflows" in r.as_dict()["float64_note"]
