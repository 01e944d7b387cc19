"""Command line: algnet superposition [thomson | loss1], structured data, trajectories, path checks."""

import json

import numpy as np
import pytest

from algnet.cli import main
from algnet.superposition.dynamics import load_trajectory


def test_thomson_json(capsys):
    assert main(["superposition", "thomson", "--n", "6", "--m", "3", "--starts", "2", "--seed", "0", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["energy"] == pytest.approx(12 / np.sqrt(2) + 1.5, abs=1e-8) and out["seed"] == 0
    assert out["certified"] is False and len(out["points"]) == 3
    assert main(["superposition", "thomson", "--n", "4", "--m", "3", "--tammes", "--starts", "1", "--seed", "0"]) == 0
    assert "109.47" in capsys.readouterr().out


def test_loss1_polygon_and_weights(tmp_path, capsys):
    assert main(["superposition", "loss1", "--polygon", "5", "--thomson-regime", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)["loss1"]
    assert out["stationary"] and out["inertia"] == [4, 1, 0] and out["certified"] is True
    assert out["verdict"] == "strict local minimum" and out["field"] == "Q(sqrt 5)"
    f = tmp_path / "w.npz"
    np.savez(f, W=np.array([[1, -1]]), b=np.array([0, 0]))
    assert main(["superposition", "loss1", "--weights", str(f), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)["loss1"]
    assert out["field"] == "QQ" and out["inertia"] == [4, 0, 0] and out["value"] == "0"
    assert main(["superposition", "loss1", "--polygon", "5", "--certify", "--copies", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["certificate"]["verdict"] == "strict local minimum"
    assert out["direct_sum_certificate"]["verdict"] == "not a local minimum"
    g = tmp_path / "trained.npz"
    assert main(["superposition", "--n", "5", "--m", "2", "--steps", "300", "--save", str(g)]) == 0
    capsys.readouterr()
    assert main(["superposition", "loss1", "--weights", str(g), "--full-loss", "0.9", "--seed", "1"]) == 0
    text = capsys.readouterr().out
    assert "over float" in text and "Monte Carlo" in text and "seed 1" in text


def test_structured_training_with_trajectory(tmp_path, capsys):
    t = tmp_path / "t.npz"
    assert main(["superposition", "--n", "6", "--m", "3", "--correlated", "3,3", "--steps", "300",
                 "--trajectory", str(t), "--record", "100", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["correlated"] == [3, 3] and out["trajectory"] == str(t)
    traj = load_trajectory(t)
    assert traj.steps.tolist() == [0, 100, 200, 300] and traj.group_labels.tolist() == [0, 0, 0, 1, 1, 1]
    assert np.allclose(traj.W[-1], np.array(out["W"]))


@pytest.mark.parametrize("argv,needle", [
    (["superposition", "--plot", "/missing/dir/x.png"], "--plot FILE in an existing"),
    (["superposition", "--plot", "x.xyz"], "unknown file type"),
    (["superposition", "--trajectory", "x.txt"], "--trajectory FILE"),
    (["superposition", "--correlated", "3,x"], "--correlated 3,3"),
    (["superposition", "--n", "4", "--m", "2", "--correlated", "3,3"], "raise --n"),
    (["superposition", "--anticorrelated", "4", "--sparsity", "0.5"], "--sparsity"),
    (["superposition", "loss1", "--weights", "/missing.npz"], "--weights FILE.npz"),
    (["superposition", "loss1", "--polygon", "7"], "N in 2, 3, 4, 5, 6, 8, 10, 12"),
    (["superposition", "loss1", "--polygon", "5", "--bias", "x"], "--bias"),
    (["superposition", "thomson", "--n", "1"], "--n"),
])
def test_bad_input_gives_hints_before_computing(argv, needle, capsys):
    assert main(argv) == 2
    assert needle in capsys.readouterr().err


def test_code_comparison_from_the_cli(capsys):
    assert main(["superposition", "--n", "5", "--m", "2", "--code", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    cmp = out["code_comparison"]
    assert cmp["code_energy"] == pytest.approx(10 / 3 * np.cos(2 * np.pi / 5) ** 2, abs=1e-9)
    assert cmp["max_angle_degrees"] < 5 and cmp["certified"] is False
