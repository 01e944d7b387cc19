"""Hostile values and shapes: floats near 1.8e308, integers of thousands of digits, NaN inputs, 1-D data files,
layer specs with huge numbers or stray characters, and a polynomial map whose evaluation program dominates the
dimension's time. Each answer is checked against a hand computation or a second method."""

from __future__ import annotations

import json
import time
import warnings
from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.cli import main
from algnet.core.matrix import Matrix
from algnet.errors import NumericalError, ParameterError, SpecError, TooLargeError

BIG = "1" * 5000                      # (10^5000 - 1) / 9: past Python's 4300-digit limit on integer text
BIG_INT = (10**5000 - 1) // 9


# ----------------------------------------------------------------------------- numerical rank near the float limit
def test_numerical_rank_of_entries_near_the_largest_float():
    # rows (1, 1), (1, 1), (1, -1) times 1e308: rank 2 by hand (the first and the last rows are independent)
    A = np.array([[1.0, 1.0], [1.0, 1.0], [1.0, -1.0]]) * 1e308
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # the overflow warning of the SVD's threshold is gone too
        rank, tol = Matrix(A, "RR").numerical_rank()
    assert rank == 2 and np.isfinite(tol) and 0 < tol < 1e308 * 1e-10
    # and the same matrix scaled down to ordinary sizes has the same rank and the threshold scaled alike
    rank1, tol1 = Matrix(A / 1e308, "RR").numerical_rank()
    assert rank1 == 2 and abs(tol / 1e308 - tol1) <= 1e-3 * tol1


def test_numerical_rank_of_rationals_beyond_the_float_range():
    # by hand: diag(10^400, 10^400) has rank 2; (1, 2; 3, 6) times 10^400 has rank 1
    assert Matrix([[10**400, 0], [0, 10**400]], "QQ").numerical_rank()[0] == 2
    assert Matrix([[10**400, 2 * 10**400], [3 * 10**400, 6 * 10**400]], "QQ").numerical_rank()[0] == 1
    assert Matrix([[Fraction(1, 10**400), 0], [0, Fraction(1, 10**400)]], "QQ").numerical_rank()[0] == 2


def test_fd_keeps_the_exact_rank_when_the_float64_jacobian_overflows(tmp_path, capsys):
    X = np.array([[1.7e308, -1.7e308], [1.5e308, 1.6e308], [-1.7e308, 1e308], [1, 2], [3, -1.0]])
    np.save(tmp_path / "x.npy", X)
    (tmp_path / "w.json").write_text(json.dumps({"W1": [[4, 4], [4, -4], [3, 1]], "b1": [1, 1, 1],
                                                 "W2": [[4, 4, 4]], "b2": [0]}))
    args = ["fd", "relu 2-3-1", "--data", str(tmp_path / "x.npy"), "--weights", str(tmp_path / "w.json")]
    assert main(args + ["--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    # the second method: the exact rank over QQ of the same Jacobian (flint), no modular shortcut
    from algnet.relu.functional import batch_functional_dimension
    from algnet.relu.weights import load_weights

    net, theta = load_weights(str(tmp_path / "w.json"))
    exact = batch_functional_dimension(net, theta, X, exact="always", float_check=False)
    assert d["batch_functional_dimension"] == exact.rank == 5
    assert d["float64_batch_rank"] is None and "overflows" in d["float64_batch_note"]


# ----------------------------------------------------------------------------- weights of thousands of digits
def test_weights_of_thousands_of_digits_are_read_exactly(tmp_path, capsys):
    from algnet.relu.weights import load_weights

    path = tmp_path / "w.json"
    path.write_text('{"W1": [[' + BIG + ', "' + BIG + '/3"]], "b1": ["-1.5"], "W2": [[1e400]], "b2": [0]}')
    net, theta = load_weights(str(path))
    assert list(theta) == [BIG_INT, Fraction(BIG_INT, 3), Fraction(-3, 2), 10**400, 0]
    # F(x) = c ReLU(a x1 + b x2 - 3/2) + d: on the active region 4 independent functions (c a, c b, c bias, d)
    # and nothing else, so the functional dimension is D - 1 = 4 (by hand)
    assert main(["fd", "relu 2-1-1", "--weights", str(path), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["functional_dimension"] == 4 and d["exact"] is True


def test_a_weight_that_is_no_number_is_named_in_algnet_words(tmp_path):
    from algnet.relu.weights import load_weights

    path = tmp_path / "w.json"
    path.write_text('{"W1": [["' + BIG + 'x"]], "b1": [0], "W2": [[1]], "b2": [0]}')
    with pytest.raises(ParameterError, match="W1: the entry .* is not a rational number") as e:
        load_weights(str(path))
    assert "set_int_max_str_digits" not in str(e.value)


# ----------------------------------------------------------------------------- non-finite inputs named as inputs
def test_a_nan_input_of_the_batch_functional_dimension_is_named_as_an_input():
    from algnet.relu.functional import batch_functional_dimension

    net = parse_spec("relu 2-3-1")
    with pytest.raises(ParameterError) as e:
        batch_functional_dimension(net, net.random_params(seed=1), [[0.5, 1.0], [1.0, float("nan")]])
    text = str(e.value)
    assert "input 1" in text and "nan" in text and "weight" not in text


def test_a_nan_point_of_the_local_complexity_is_refused():
    from algnet.relu.local_complexity import local_complexity

    net = parse_spec("relu 2-4-1")
    with pytest.raises(ParameterError, match="point 1 .* nan"):
        local_complexity(net, [[0, 0], [1, float("nan")]], radius=0.5, theta=net.random_params(seed=0), seed=1)


def test_local_complexity_float_path_refuses_weights_beyond_the_float_range_and_exact_answers():
    from algnet.relu.local_complexity import local_complexity

    net = parse_spec("relu 2-1-1")
    theta = [BIG_INT, 1, 1, 1, 0]
    X = [[0.5, 1.0], [-1.0, 2.0]]
    with pytest.raises(NumericalError, match="exact=True"):
        local_complexity(net, X, radius=0.1, theta=theta, seed=1)
    # by hand: the neuron's pre-activation h x1 + x2 + 1 (h > 10^4999) keeps its sign within 0.1 of both points
    lc = local_complexity(net, X, radius=0.1, theta=theta, seed=1, exact=True)
    assert lc.total.tolist() == [0, 0]


# ----------------------------------------------------------------------------- 1-D data files
@pytest.mark.parametrize("command", [["local-complexity", "--radius", "0.1"], ["fd"]])
def test_a_one_dimensional_data_array_is_refused_with_the_reshape_to_use(tmp_path, capsys, command):
    np.save(tmp_path / "x.npy", np.arange(6.0))
    assert main([command[0], "relu 2-3-1", "--seed", "1", "--data", str(tmp_path / "x.npy"), *command[1:]]) == 2
    err = capsys.readouterr().err
    assert "1-D array of 6 numbers" in err and "reshape(-1, 1)" in err and "Traceback" not in err


# ----------------------------------------------------------------------------- layer specs
def test_a_layer_spec_with_a_number_of_5000_digits_says_so():
    with pytest.raises(SpecError, match="a number of 5000 digits"):
        parse_spec("layers Linear(2, 1), Polynomial(0, 1, " + BIG + ")")


@pytest.mark.parametrize("body, said", [("Linear(2, 1) Power(2)", "a missing comma in 'Linear(2, 1) Power(2)'"),
                                        ("Linear(2, 1), Power(2", "unbalanced parentheses: 2 '(' and 1 ')'"),
                                        ("Linear(\uff12, 1)", "U+FF12, not ASCII"),
                                        ("Linear(2, 1); Power(2)", "at character 13 (';')")])
def test_a_layer_spec_that_does_not_parse_says_where(body, said):
    with pytest.raises(SpecError) as e:
        parse_spec("layers " + body)
    assert said in str(e.value)


# ----------------------------------------------------------------------------- a map's program cost in the estimate
def test_the_dimension_estimate_counts_the_map_program_and_a_time_limit_refuses_it():
    from algnet.analyses.dimension import dimension
    from algnet.analyses.dimension_estimate import estimate_dimension
    from algnet.architectures.polymap import PolynomialMap

    net = PolynomialMap([{(i, 1): 1} for i in range(1, 301)], ["s", "t"])      # s^i t: dimension 2 (by hand)
    t0 = time.process_time()
    assert dimension(net, seed=0).dimension == 2
    spent = time.process_time() - t0                      # the second method: the measured CPU time
    est = estimate_dimension(net)["cpu_seconds"]
    assert spent / 3 < est < 3 * spent
    with pytest.raises(TooLargeError, match="time limit") as e:
        dimension(net, seed=0, time_limit=est / 10)
    assert "distinct exponents" in str(e.value)


# ----------------------------------------------------------------------------- local complexity below float resolution
def test_exact_local_complexity_adds_the_radius_exactly_and_the_float_path_refuses_a_radius_it_cannot_resolve():
    from algnet.relu.local_complexity import local_complexity

    # one neuron x0 - (10^17 + 1/20): its hyperplane is 0.05 from the point (10^17, 0); of two orthonormal
    # directions in R^2 one has |d0| >= 1/sqrt(2) > 0.05 / 0.1, so a vertex x +- 0.1 d lies beyond it: 1 (by hand)
    net = parse_spec("relu 2-1-1")
    theta = [1, 0, -Fraction(10**17) - Fraction(1, 20), 1, 0]
    for point in ([10**17, 0], [1e17, 0.0]):
        assert local_complexity(net, [point], radius=0.1, theta=theta, seed=1, exact=True).total.tolist() == [1]
    with pytest.raises(NumericalError, match="resolution"):          # float64 numbers are 16 apart at 1e17
        local_complexity(net, [[1e17, 0.0]], radius=0.1, theta=theta, seed=1)
    # ordinary sizes still run on the float path, and agree with the exact path (hyperplane 0.05 from (0, 0))
    theta0 = [1, 0, -Fraction(1, 20), 1, 0]
    for exact in (False, True):
        lc = local_complexity(net, [[0, 0], [1, 1]], radius=0.1, theta=theta0, seed=1, exact=exact)
        assert lc.total.tolist() == [1, 0]


# ----------------------------------------------------------------------------- superposition loss1 weight files
@pytest.mark.parametrize("content, said", [(b"", "is empty"), (b"PK\x03\x04 cut short", "cannot be read as an .npz")])
def test_loss1_weights_that_are_no_npz_are_refused_in_words(tmp_path, capsys, content, said):
    path = tmp_path / "w.npz"
    path.write_bytes(content)
    assert main(["superposition", "loss1", "--weights", str(path)]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err


def test_weights_of_thousands_of_digits_round_trip_through_save_weights(tmp_path):
    from algnet.relu.weights import load_weights, save_weights

    net = parse_spec("relu 1-1-1")
    theta = [Fraction(BIG_INT, 7), -BIG_INT, Fraction(1, 3), 2]
    save_weights(str(tmp_path / "w.json"), net, theta)
    assert list(load_weights(str(tmp_path / "w.json"))[1]) == theta


def test_fd_of_weights_near_the_largest_float_is_the_exact_answer(tmp_path, capsys):
    # W1 = 1e308 everywhere, W2 = 0, all biases 0: F = b2 locally, and theta -> F has derivative ReLU(1e308 (x1 + x2))
    # in each of the three (equal) columns of W2, 1 in b2's and 0 elsewhere: rank 2 on the whole plane (by hand)
    np.savez(tmp_path / "huge.npz", W1=np.full((3, 2), 1e308), b1=np.zeros(3), W2=np.zeros((1, 3)), b2=np.zeros(1))
    assert main(["fd", "relu 2-3-1", "--weights", str(tmp_path / "huge.npz"), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["functional_dimension"] == 2 and d["exact"] is True
