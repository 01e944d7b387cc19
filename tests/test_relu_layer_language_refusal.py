"""A ReLU network written in the layer language is a ReLU network: the refusal of `regions` / `fd` must not say it
is not one, and must name the forms they read ('relu A-B-...', a torch model)."""

import pytest

from algnet.cli import main

SPEC = "layers Linear(2,3), ReLU(), Linear(3,1)"


@pytest.mark.parametrize("command", ["regions", "fd"])
def test_layer_language_relu_refusal_names_the_forms_read(command, capsys):
    assert main([command, SPEC, "--seed", "0"]) != 0
    err = capsys.readouterr().err
    assert "not a ReLU network" not in err
    assert "relu 2-3-1" in err and "--torch" in err
