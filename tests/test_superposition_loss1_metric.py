"""The 1-sparse loss takes its hidden basis' Gram matrix (``metric``) and the regular polygons a squared norm; both
must describe real vectors. A metric that is no inner product (not symmetric, not positive definite) or a squared
norm <= 0 is bad input: refused, never analysed as if it were one (a negative squared norm was analysed silently,
zero ended in a StopIteration traceback).

Truth: a change of basis. For S = L^T L the loss of W in the metric S is the loss of L W in the standard metric
(hand computation: (L w_i) . (L w_j) = w_i^T S w_j)."""

import pytest

from algnet.cli import main
from algnet.errors import ParameterError
from algnet.superposition.loss1 import loss1, loss1_analysis, polygon_analysis

W = [[1, 0, -1], [0, 1, 1]]
B = [0, "-1/4", 0]
L = [[1, 1], [1, 0]]            # L^T L = [[2, 1], [1, 1]]
S = [[2, 1], [1, 1]]


def _times(L, W):
    return [[sum(L[p][q] * W[q][j] for q in range(len(W))) for j in range(len(W[0]))] for p in range(len(L))]


def test_a_metric_is_a_change_of_basis():
    assert loss1(W, B, metric=S) == loss1(_times(L, W), B)
    assert loss1_analysis(W, B, metric=S).value == loss1_analysis(_times(L, W), B).value


@pytest.mark.parametrize("metric", [[[1, 2], [2, 1]],          # indefinite (minor -3)
                                    [[0, 0], [0, 1]],          # singular
                                    [[-1, 0], [0, -1]],        # negative definite
                                    [[1, 1], [0, 1]]])         # not symmetric
def test_a_metric_that_is_no_inner_product_is_refused(metric):
    with pytest.raises(ParameterError, match="metric"):
        loss1(W, B, metric=metric)
    with pytest.raises(ParameterError, match="metric"):
        loss1_analysis(W, B, metric=metric)


def test_a_float_metric_that_is_no_inner_product_is_refused():
    with pytest.raises(ParameterError, match="positive definite"):
        loss1([[1.0, 0.5], [0.0, 1.0]], [0.0, 0.0], metric=[[1.0, 2.0], [2.0, 1.0]])


@pytest.mark.parametrize("radius2", [-1, 0, "-1/4"])
def test_a_polygon_needs_a_positive_squared_norm(radius2):
    with pytest.raises(ParameterError, match="squared norm"):
        polygon_analysis(5, radius2=radius2)


def test_the_command_line_refuses_a_zero_norm(capsys):
    assert main(["superposition", "loss1", "--polygon", "5", "--radius2", "0"]) == 2
    err = capsys.readouterr().err
    assert "squared norm" in err and "Traceback" not in err


def test_a_positive_squared_norm_still_works():
    # the unit 5-gon with bias 0: each feature reaches its two neighbours at cos 72 = (sqrt 5 - 1)/4, so
    # L_1 = 5 * 2 * cos^2(72) / 3 = 5/4 - 5 sqrt(5)/12 (hand computation); norm^2 4 scales the Gram matrix by 4
    import math

    c2 = ((math.sqrt(5) - 1) / 4) ** 2
    assert float(polygon_analysis(5).value) == pytest.approx(10 * c2 / 3, rel=1e-12)
    assert float(polygon_analysis(5, radius2=4).value) == pytest.approx(5 * (1 / 3 - 2 * 4 / 3 + 16 / 3)
                                                                        + 10 * 16 * c2 / 3, rel=1e-12)
