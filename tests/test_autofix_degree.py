"""A stride that does not change the map is normalised before the theorem lookup (conv networks).

Truth: the convolutional degree formula of Shahverdi-Marchetti-Kohn (THEOREMS.md section 3, stated for stride 1)
against the exact Hilbert-function route, which knows no theorem.
"""

import pytest

from algnet import parse_spec
from algnet.analyses.degree import degree
from algnet.errors import NotApplicableError
from algnet.formulas import conv_degree, conv_effective_strides


def test_effective_strides_by_hand():
    # output lengths from the output side: d_2 = 1, d_1 = s_2 (d_2 - 1) + k_2
    assert conv_effective_strides([2, 3], [1, 2]) == (1, 1)       # d_2 = 1: s_2 ignored
    assert conv_effective_strides([2, 2], [2, 2]) == (2, 1)       # d_1 = 2: s_1 matters
    assert conv_effective_strides([2, 1], [3, 2]) == (1, 1)       # d_1 = 1 (k_2 = 1): s_1 ignored too
    assert conv_effective_strides([2, 2, 2], [1, 3, 5]) == (1, 3, 1)   # d_2 = 2: s_2 matters; d_3 = 1


def test_same_map_same_values():
    a, b = parse_spec("conv k=2,3 s=1,2 r=2"), parse_spec("conv k=2,3 s=1,1 r=2")
    assert a.input_shape == b.input_shape
    theta, x = [2, -3, 5, 7, -1], [[1, 4, -2, 3]]
    assert a.evaluate(theta, x).tolist() == b.evaluate(theta, x).tolist()


def test_last_stride_theorem_on_auto_agrees_with_hilbert():
    spec = "conv k=2,3 s=1,2 r=2"
    r = degree(spec, seed=0)
    assert r.method == "formula" and r.degree == conv_degree([2, 3], 2) == 6
    h = degree(spec, seed=0, method="hilbert")
    assert h.degree == 6


def test_effective_stride_still_refused():
    net = parse_spec("conv k=2,2 s=2,1 r=2")         # the first stride changes the map: no theorem
    with pytest.raises(NotApplicableError):
        net.expected_degree()
    assert degree("conv k=2,2 s=2,1 r=2", seed=0).method != "formula"


def test_segre_veronese_row_ignores_the_last_stride():
    # r = 1, all strides > 1 (THEOREMS.md 7): s=2,1 and s=2,2 are the same map (the last layer has one output)
    a, b = parse_spec("conv k=2,2 s=2,2 r=1"), parse_spec("conv k=2,2 s=2,1 r=1")
    assert a.input_shape == b.input_shape and a.segre_veronese() is not None
    assert b.segre_veronese()[:2] == a.segre_veronese()[:2]
    assert parse_spec("conv k=2,2 s=1,2 r=1").segre_veronese() is None      # stride 1 where it matters
