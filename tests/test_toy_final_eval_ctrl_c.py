"""Ctrl-C after the last training step of the toy model (and of the two-layer model), during its final
evaluation (fresh samples, the loss) or the trajectory: the trained weights are kept, marked partial, in Python
and on the command line (was: the KeyboardInterrupt left the training function and the training was lost)."""

import json

import numpy as np
import pytest
from _cli import sigint

from algnet.cli import main
from algnet.superposition import train_toy_model
from algnet.superposition.toy import ToyModel


@pytest.fixture
def ctrl_c_in_final_loss(monkeypatch):
    """A real SIGINT (Python's default handler) when the final evaluation computes the loss."""
    real = ToyModel.loss
    fired = []

    def loss(self, X, importance=None):
        fired.append(True)
        sigint()
        return real(self, X, importance)

    monkeypatch.setattr(ToyModel, "loss", loss)
    return fired


def _train(**kw):
    try:
        return train_toy_model(5, 2, sparsity=0.9, steps=60, batch_size=64, seed=3, **kw)
    except KeyboardInterrupt:       # (pytest would stop the whole run on it)
        pytest.fail("the Ctrl-C left train_toy_model: the training was lost")


def test_a_ctrl_c_in_the_final_evaluation_keeps_the_trained_weights(ctrl_c_in_final_loss):
    r = _train(record=20)
    assert ctrl_c_in_final_loss and r.partial and r.steps_done == 60
    assert np.isnan(r.final_loss) and r.trajectory is None


def test_the_kept_weights_are_the_trained_ones(monkeypatch):
    full = train_toy_model(5, 2, sparsity=0.9, steps=60, batch_size=64, seed=3)
    real = ToyModel.loss
    monkeypatch.setattr(ToyModel, "loss", lambda self, X, importance=None: (sigint(), real(self, X, importance))[1])
    cut = _train()
    assert not full.partial and cut.partial
    assert np.array_equal(cut.model.W, full.model.W) and np.array_equal(cut.model.b, full.model.b)


def test_the_command_line_prints_the_trained_weights_and_exits_130(ctrl_c_in_final_loss, capsys):
    code = main(["superposition", "--n", "5", "--m", "2", "--steps", "60", "--batch", "64", "--seed", "3",
                 "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 130 and ctrl_c_in_final_loss
    assert out["partial"] is True and out["steps_done"] == 60 and out["final_loss"] is None
    assert np.array(out["W"]).shape == (2, 5)


def test_the_two_layer_model_keeps_its_weights_too(monkeypatch):
    import algnet.superposition.two_layer as T

    full = T.train_two_layer(4, 2, 1, sparsity=0.6, steps=30, seed=0)
    real, calls = T.two_layer_grads, []

    def grads(*args):
        calls.append(True)
        if len(calls) == 31:            # 30 training steps, then the final evaluation
            sigint()
        return real(*args)

    monkeypatch.setattr(T, "two_layer_grads", grads)
    try:
        cut = T.train_two_layer(4, 2, 1, sparsity=0.6, steps=30, seed=0)
    except KeyboardInterrupt:
        pytest.fail("the Ctrl-C left train_two_layer: the training was lost")
    assert cut.partial and cut.steps_done == 30 and np.isnan(cut.final_loss)
    assert np.array_equal(cut.W1, full.W1) and np.array_equal(cut.W2, full.W2)
    assert cut.as_dict()["final_loss"] is None and full.as_dict()["final_loss"] == full.final_loss
