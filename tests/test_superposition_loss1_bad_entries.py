"""The 1-sparse loss analysis refuses entries that are no finite numbers with the reason (a nan weight was reported
as an undecidable ReLU piece with the advice to shrink a box, a nested W ended in a TypeError traceback, a string
that is no number in a ValueError)."""

import numpy as np
import pytest

from algnet.cli import main
from algnet.errors import AlgnetError, ParameterError
from algnet.superposition.loss1 import loss1, loss1_analysis


@pytest.mark.parametrize("W,b", [([[1.0, float("nan")]], [0.0, 0.0]), ([[1.0, 0.5]], [0.0, float("inf")])])
def test_inf_or_nan_is_refused_as_such(W, b):
    for f in (loss1, loss1_analysis):
        with pytest.raises(ParameterError, match="inf or nan"):
            f(W, b)


def test_a_nested_matrix_is_refused():
    with pytest.raises(ParameterError, match="numbers"):
        loss1(np.ones((1, 2, 2)), [0.0, 0.0])


def test_a_string_that_is_no_number_is_refused():
    with pytest.raises(AlgnetError, match="not a rational number"):
        loss1([[1, "x"]], [0, 0])


def test_the_command_line_names_the_nan(tmp_path, capsys):
    f = tmp_path / "w.npz"
    np.savez(f, W=np.array([[1.0, np.nan]]), b=np.zeros(2))
    assert main(["superposition", "loss1", "--weights", str(f)]) == 2
    err = capsys.readouterr().err
    assert "inf or nan" in err and "Traceback" not in err


def test_finite_floats_still_work():
    # two features on one line, x' = ReLU(x): each reaches the other fully, interference 2 * 1/3 (by hand)
    assert loss1([[1.0, 1.0]], [0.0, 0.0]) == pytest.approx(2 / 3)
