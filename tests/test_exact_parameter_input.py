"""Exact coefficients from float parameters, and a constant activation named as written. Truth: hand expansions
(dense 2-1-1 act=0,1,1 is a (w.x) + a (w.x)^2)."""

from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.errors import ParameterError, SpecError


def test_floats_holding_integers_give_the_exact_coefficients():
    net = parse_spec("dense 2-1-1 act=0,1,1")
    w1, w2, a = 1, 2, 3          # a (w1 x1 + w2 x2) + a (w1 x1 + w2 x2)^2
    hand = sorted([a * w1, a * w2, a * w1 * w1, 2 * a * w1 * w2, a * w2 * w2])
    got = net.coefficients(np.array([1.0, 2.0, 3.0]))[0]
    assert sorted(c for c in got if c != 0) == hand
    assert got == net.coefficients([1, 2, 3])[0]


def test_a_float_with_a_fractional_part_is_refused_by_name():
    net = parse_spec("dense 2-1-1 act=0,1,1")
    with pytest.raises(ParameterError, match="parameter 0 is the float 0.5"):
        net.coefficients([0.5, 2, 3])
    assert Fraction(3, 2) in net.coefficients([Fraction(1, 2), 2, 3])[0]       # a w1 = 3/2


def test_a_constant_activation_is_named_as_written():
    with pytest.raises(SpecError, match=r"act=0,0,0 is constant"):
        parse_spec("dense 2-1-1 act=0,0,0")
