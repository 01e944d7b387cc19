"""Trained models: ``--frozen parameters|fixed`` on the command line, and a pruned nn.Sequential in from_torch."""

from __future__ import annotations

import json

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.cli import main  # noqa: E402
from algnet.errors import ParameterError  # noqa: E402
from algnet.relu import from_torch, from_torch_model  # noqa: E402


def _frozen_first_layer():
    torch.manual_seed(0)
    m = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    for q in m[0].parameters():
        q.requires_grad_(False)
    return m


def _fd(capsys, argv):
    assert main(argv + ["--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("save", ["module", "script"])
def test_frozen_flag_counts_or_fixes_the_frozen_layer(tmp_path, capsys, save):
    m = _frozen_first_layer()
    path = tmp_path / "m.pt"
    torch.save(m, path) if save == "module" else torch.jit.save(torch.jit.script(m), path)
    fixed = _fd(capsys, ["fd", "--torch", str(path), "--frozen", "fixed"])
    # only the last layer moves: f = w . relu(A x + b) + c is linear in (w, c), with 3 independent features and 1
    assert fixed["parameters"] == 4 and fixed["functional_dimension"] == 4
    counted = _fd(capsys, ["fd", "--torch", str(path), "--frozen", "parameters"])
    default = _fd(capsys, ["fd", "--torch", str(path)])
    # relu 2-3-1: 13 parameters, one positive scaling per hidden neuron (13 - 3)
    assert counted["parameters"] == default["parameters"] == 13
    assert counted["functional_dimension"] == default["functional_dimension"] == 10


def test_frozen_fixed_on_a_state_dict_or_without_torch_is_refused(tmp_path, capsys):
    path = tmp_path / "sd.pt"
    torch.save(_frozen_first_layer().state_dict(), path)
    for argv in (["fd", "--torch", str(path), "--frozen", "fixed"], ["regions", "relu 2-3-1", "--frozen", "fixed"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "algnet: error" in err and "--frozen" in err and "Traceback" not in err


def test_from_torch_refuses_a_pruned_sequential():
    from torch.nn.utils import prune

    torch.manual_seed(1)
    m = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1))
    prune.l1_unstructured(m[0], "weight", amount=3)
    with pytest.raises(ParameterError, match="pruned") as e:
        from_torch(m)
    assert "from_torch_model" in e.value.hint
    # the exact import counts the 3 pruned weights as no parameters: 17 - 3
    assert from_torch_model(m).n_params == 14
    prune.remove(m[0], "weight")             # ordinary weights again: read densely, zeros included
    net, theta = from_torch(m)
    assert net.spec == "relu 2-4-1" and sum(1 for t in theta[:8] if t == 0) == 3
