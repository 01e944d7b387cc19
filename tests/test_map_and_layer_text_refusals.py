"""Texts that read as something else than what was written: a polynomial map's text and the layer language.

Each case below was either read silently as another map or network (the answers were then those of the wrong
input) or ended in a traceback; each must now be refused with a SpecError naming what is wrong, or read as
written (checked against values computed by hand).
"""

import pytest

from algnet import parse_spec, parametrization
from algnet.architectures.polymap import load_map
from algnet.cli import main
from algnet.errors import SpecError


@pytest.mark.parametrize("text, why", [
    ("s^2;s*t", "';'"),                 # was s^2: the second polynomial dropped
    ("s^2;", "';'"),
    ("a=1", "'='"),                     # was the constant 1
    ("params=s,t,u", "'='"),            # was an AttributeError traceback
    ("s if t else u", "if"),            # was s
    ("s, t", "tuple"),                  # traceback
    ("[s]", "list"),                    # traceback
    ("'s'", "not a number"),            # traceback
    ("True", "not a number"),           # traceback
    ("s.t", "attribute"),
    ("s % t", "Mod"),
    ("s^2 # + t", "'#'"),               # was s^2: the rest of the text dropped as a comment
])
def test_a_text_that_is_not_one_polynomial_is_refused(text, why):
    with pytest.raises(SpecError, match="is not one polynomial") as e:
        parametrization([text, "s + t"])
    assert why in str(e.value)


def test_a_comment_inside_a_map_spec_is_refused():
    # 'map s^2 # s*t; t' was the map (s^2, t): the '# s*t' dropped without a word
    with pytest.raises(SpecError, match="'#'"):
        parse_spec("map s^2 # s*t; t")


def test_a_map_file_with_two_polynomials_on_a_line_is_refused(tmp_path):
    path = tmp_path / "m.txt"
    path.write_text("s^2;s*t\nt^2\n")          # was read as the map (s^2, t^2), 2 coordinates instead of 3
    with pytest.raises(SpecError, match="line 1"):
        load_map(path)


def test_a_map_file_with_an_option_line_is_a_clear_error_on_the_command_line(tmp_path, capsys):
    path = tmp_path / "m.txt"
    path.write_text("s^2\ns*t\nt^2\nparams=s,t,u\n")     # was an AttributeError traceback (exit 1)
    assert main(["dim", "--map", str(path)]) == 2
    err = capsys.readouterr().err
    assert "line 4" in err and "'='" in err and "Traceback" not in err


def test_a_constant_exponent_is_its_value():
    # s^2^2 = s^(2^2) = s^4 (right-associative, as in Python and sympy) and (s + t)^(4/2) = (s + t)^2 were
    # refused as "not a polynomial"; by hand at (s, t) = (3, 5): 3^4 = 81, (3 + 5)^2 = 64
    net = parametrization(["s^2^2", "(s + t)^(4/2)"])
    assert net.evaluate([3, 5], [[0]]).tolist() == [[81, 64]]
    assert net.spec == "map s^4; s^2 + 2*s*t + t^2 params=s,t"
    assert parse_spec("map s^2^2; t").evaluate([2, 7], [[0]]).tolist() == [[16, 7]]


@pytest.mark.parametrize("polys", [None, {"a": "s"}, {"s", "t"}, 3.5])
def test_polynomials_not_given_as_a_list_are_refused(polys):
    # None was a TypeError traceback; a dict was read as the list of its keys
    with pytest.raises(SpecError):
        parametrization(polys)


@pytest.mark.parametrize("name", ["1x", "a b", "", "t;u", "t=1"])
def test_a_parameter_name_that_is_not_a_variable_name_is_refused(name):
    # params=['s', ''] printed 'map s params=s,', which parses back to a map with 1 parameter, not 2
    with pytest.raises(SpecError, match="not a variable name"):
        parametrization(["s"], params=["s", name])


def test_an_unused_parameter_with_a_valid_name_still_counts():
    net = parametrization(["s"], params=["s", "t_2"])
    assert net.n_params == 2 and parse_spec(net.spec) == net


@pytest.mark.parametrize("spec, name", [
    ("layers Linear(2, 1, bias=True, bias=False)", "bias="),     # was Linear(2, 1): the last value kept
    ("layers Linear(2, 1), Power(r=2, r=3)", "r="),               # was Power(3)
    ("layers Linear(2, 1), input_shape=(2,), input_shape=(3,)", "input_shape="),
])
def test_a_keyword_given_twice_in_the_layer_language_is_refused(spec, name):
    with pytest.raises(SpecError, match="given twice") as e:
        parse_spec(spec)
    assert e.value.token == name


@pytest.mark.parametrize("value", ["'no'", "2", "None", "'False'"])
def test_a_bias_that_is_not_true_or_false_is_refused(value):
    # bias='no' and bias='False' were read as bias=True (8 parameters instead of 6)
    with pytest.raises(SpecError, match="must be True or False"):
        parse_spec(f"layers Linear(2, 2, bias={value}), Linear(2, 1)")


@pytest.mark.parametrize("value", ["1", "0"])
def test_a_bias_of_one_or_zero_is_refused(value):
    # a number is not a yes or no: bias=1 was read as True, bias=0 as False (a switch takes True or False)
    with pytest.raises(SpecError, match="must be True or False"):
        parse_spec(f"layers Linear(2, 2, bias={value}), Linear(2, 1)")


def test_a_bias_of_true_or_false_counts_its_parameters():
    # W1 (2 x 2) + b1 (2) + W2 (1 x 2) = 8 parameters with the bias, 6 without
    assert parse_spec("layers Linear(2, 2, bias=True), Linear(2, 1)").n_params == 8
    assert parse_spec("layers Linear(2, 2, bias=False), Linear(2, 1)").n_params == 6


@pytest.mark.parametrize("shape, message", [
    ("(2, 0)", "whole number >= 1"),        # was a network with 0 inputs; 'algnet dim' ended in a ValueError
    ("(-2,)", "whole number >= 1"),
    ("2", "not a tuple of sizes"),          # was a TypeError traceback
    ("'2'", "not a tuple of sizes"),        # was read as the shape ('2',)
])
def test_an_input_shape_that_is_not_positive_sizes_is_refused(shape, message):
    with pytest.raises(SpecError, match=message):
        parse_spec(f"layers Linear(2, 1), input_shape={shape}")


def test_a_zero_size_input_is_a_clear_error_on_the_command_line(capsys):
    assert main(["dim", "layers LightningAttention(2, 1, 1), input_shape=(2, 0)"]) == 2
    err = capsys.readouterr().err
    assert "input_shape=(2, 0)" in err and "Traceback" not in err


@pytest.mark.parametrize("spec", ["map s^2; s*t params=s, t", "map s^2; s*t params= s,t"])
def test_a_space_inside_the_parameter_list_of_a_map_spec(spec):
    # was "polynomial 2: cannot parse 's*t t'": the rest of the list glued to the last polynomial;
    # by hand at (s, t) = (2, 3): s^2 = 4, s t = 6
    assert parse_spec(spec).evaluate([2, 3], [[0]]).tolist() == [[4, 6]]


def test_a_polynomial_after_the_parameters_of_a_map_spec_is_refused():
    # was "polynomial 1: cannot parse 's^2 t^2'"
    with pytest.raises(SpecError, match="params= comes last"):
        parse_spec("map s^2 params=s; t^2")


@pytest.mark.parametrize("layer", ["Polynomial(True, 1)", "Polynomial(0, 1, False)", "LeakyReLU(False)"])
def test_a_truth_value_as_a_coefficient_is_refused(layer):
    # Polynomial(True, 1) was read as 1 + t and LeakyReLU(False) as the slope 0 (Power(True) was already refused)
    with pytest.raises(SpecError, match="rational"):
        parse_spec(f"layers Linear(2, 1), {layer}")
