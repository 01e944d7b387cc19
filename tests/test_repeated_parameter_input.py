"""Bad inputs a researcher types, found by trying them (API and CLI).

A parameter listed twice in ``params=`` reached sympy and escaped as its GeneratorsError traceback.
"""

import pytest

import algnet
from algnet.cli import main
from algnet.errors import SpecError


def test_repeated_parameter_is_a_spec_error():
    with pytest.raises(SpecError, match="listed more than once"):
        algnet.parametrization(["a*b"], params=["a", "a", "b"])


def test_repeated_parameter_on_the_command_line(capsys):
    assert main(["dim", "map a*b params=a,a,b"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("algnet: error: parameters a listed more than once") and "Traceback" not in err
