"""An interrupted ``algnet fd`` never asks for a batch of 0 inputs: a Ctrl-C in the first hidden layer of the
region enumeration left no region, whose decisive set was empty, and the guards refused "batch=0" (exit 2)."""

import pytest
from _cli import ctrl_c_at

from algnet import parse_spec
from algnet.cli import main
from algnet.errors import ParameterError
from algnet.relu.functional import batch_functional_dimension, functional_dimension


def test_ctrl_c_in_the_first_layer_of_the_enumeration_is_an_interrupt_not_batch_0(monkeypatch, capsys):
    # relu 2-3-3-1 (two hidden layers: the layerwise engine, whose first layer returns no region on Ctrl-C)
    ctrl_c_at(monkeypatch, "algnet.relu.regions", "_hidden_layers", "before")
    assert main(["fd", "relu 2-3-3-1", "--seed", "0"]) == 130
    err = capsys.readouterr().err
    assert err.strip() == "algnet: interrupted" and "batch" not in err
    net = parse_spec("relu 2-3-3-1")
    with pytest.raises(KeyboardInterrupt):
        functional_dimension(net, net.random_params(seed=0))


def test_an_empty_input_set_is_named_as_such():
    with pytest.raises(ParameterError, match="no inputs given") as ei:
        batch_functional_dimension("relu 2-3-1", [1] * 13, [])
    assert "batch=0" not in str(ei.value)
    # one input, one output: one Jacobian row, nonzero (d F / d output bias = 1), so rank 1 (hand count)
    theta = [1, 2, -1, 1, 0, 1, 0, 0, 1, 1, -1, 1, 0]
    assert batch_functional_dimension("relu 2-3-1", theta, [["1/3", "2/7"]]).rank == 1


def test_a_model_with_no_data_points_is_refused_by_name():
    from algnet.relu.model import PLModel
    from algnet.relu.model_fd import model_batch_fd

    m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    for route in ("auto", "modular"):
        with pytest.raises(ParameterError, match="no inputs given"):
            model_batch_fd(m, [], route=route)
