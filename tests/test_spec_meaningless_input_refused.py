"""Small inputs that were accepted silently: an activation for a dense network without a hidden layer (``dense 2-2
r=2`` is the linear map x -> W x: the r changed nothing), a number as a yes/no switch (``bias=1``), and numbers
with leading zeros in a polynomial map (``007*s`` got Python's "SyntaxError", ``00*s`` was read as 0)."""

from __future__ import annotations

import pytest

from algnet import parse_spec
from algnet.architectures.dense import DenseNetwork, LinearNetwork
from algnet.errors import SpecError


@pytest.mark.parametrize("spec", ["dense 2-2 r=2", "dense 3-1 r=5 bias", "dense 2-3 act=0,1,1"])
def test_an_activation_without_a_hidden_layer_is_refused(spec):
    with pytest.raises(SpecError, match="no hidden layer") as e:
        parse_spec(spec)
    assert "linear " + spec.split()[1] in e.value.hint


def test_one_linear_layer_is_still_a_linear_network():
    # x -> W x + b of a 3 x 2 matrix W: 6 + 3 parameters (by hand); a hidden layer makes r meaningful
    assert parse_spec("linear 2-3 bias").n_params == 9
    assert LinearNetwork((2, 3)).n_params == 6
    assert parse_spec("dense 2-2-3 r=2").degree == 2      # t^2 between two linear layers: degree 2 in the input


@pytest.mark.parametrize("bias", [1, 0, "yes"])
def test_a_bias_that_is_not_a_bool_is_refused(bias):
    with pytest.raises(SpecError, match="must be True or False"):
        DenseNetwork((2, 2, 1), r=2, bias=bias)
    with pytest.raises(SpecError, match="must be True or False"):
        LinearNetwork((2, 1), bias=bias)


@pytest.mark.parametrize("text, number", [("007*s", "007"), ("s + 01", "01"), ("s^02", "02"), ("00*s + t", "00")])
def test_a_number_with_leading_zeros_is_refused_in_algnets_words(text, number):
    with pytest.raises(SpecError) as e:
        parse_spec("map " + text)
    msg = str(e.value)
    assert f"the number '{number}'" in msg and "leading zeros" in msg and "SyntaxError" not in msg


def test_names_and_numbers_with_zeros_inside_are_read():
    # s10 is a variable, 10 and 0 are numbers: 10*s10 + 0*t is one polynomial in s10 (t: a parameter, unused)
    assert parse_spec("map 10*s10 + 0; s10^2").n_params == 1


def test_a_long_sum_is_read_term_by_term():
    # 1000 distinct monomials s^i t^j (i < 20, j < 50), each with coefficient i + j + 1 (by construction; the
    # constant term 1 - 7): Python's parser recursed once per '+', and sympy's "cannot parse" refused the polynomial
    # (3000 terms: a RecursionError traceback); the polynomial's value at s = 2, t = 3 against the sum computed here
    from fractions import Fraction

    text = " + ".join(f"{i + j + 1}*s^{i}*t^{j}" for i in range(20) for j in range(50))
    net = parse_spec(f"map {text} - 7; s")
    assert net.n_params == 2 and len(net.terms[0]) == 1000
    want = sum((i + j + 1) * 2**i * 3**j for i in range(20) for j in range(50)) - 7
    assert sum(Fraction(c) * 2**e[0] * 3**e[1] for e, c in net.terms[0].items()) == want


def test_a_map_whose_program_does_not_fit_is_refused_before_it_is_built(monkeypatch):
    # 3000 polynomials s^i * t (i = 1..3000): 3001 distinct exponents of 2 parameters make matrices of
    # 8 * (3001 * 6002 * 2 + 2 * 3000 * 6002) + 8 * 3000 * 3000 bytes = 648 MB (counted by hand), above 64 MiB
    from algnet.architectures.polymap import PolynomialMap
    from algnet.errors import TooLargeError

    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "64M")
    with pytest.raises(TooLargeError, match="3000 polynomials in 2 parameters") as e:
        PolynomialMap([{(i, 1): 1} for i in range(1, 3001)], ["s", "t"])
    assert e.value.memory_bytes == 8 * (3001 * 6002 * 2 + 2 * 3000 * 6002) + 8 * 3000 * 3000
