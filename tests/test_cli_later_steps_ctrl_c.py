"""Ctrl-C in a step that runs after a command's main result is finished keeps that result (printed, marked
partial, exit 130): local-complexity's exact 2-D region counts, loss1's certificate and full loss, the regions'
decision boundary and picture. Before 2026-12-04 each of these lost the finished result ("algnet: interrupted")."""

import json

import numpy as np
from _cli import ctrl_c_at

from algnet.cli import main
from algnet.cli._common import interrupted


def test_local_complexity_keeps_its_counts_when_the_region_counts_are_cut(tmp_path, monkeypatch, capsys):
    np.save(tmp_path / "p.npy", np.random.default_rng(0).uniform(-1, 1, size=(6, 2)))
    argv = ["local-complexity", "relu 2-4-1", "--seed", "0", "--data", str(tmp_path / "p.npy"), "--radius", "0.3",
            "--points-seed", "5", "--json"]
    assert main(argv) == 0
    whole = json.loads(capsys.readouterr().out)
    ctrl_c_at(monkeypatch, "algnet.relu.local_complexity", "local_region_count", "instead")
    assert main(argv + ["--regions"]) == 130
    cut = json.loads(capsys.readouterr().out)
    assert cut["partial"] is True and cut["regions_2d_mean"] is None
    assert cut["mean"] == whole["mean"] and cut["points"] == whole["points"] == 6
    assert main(argv[:-1] + ["--regions"]) == 130
    text = capsys.readouterr().out
    assert text.startswith("PARTIAL (interrupted)") and "local complexity at 6 points" in text
    assert not interrupted()


def test_loss1_keeps_the_exact_loss_when_the_certificate_is_cut(monkeypatch, capsys):
    ctrl_c_at(monkeypatch, "algnet.superposition.certify", "certify_polygon_minimum", "instead")
    assert main(["superposition", "loss1", "--polygon", "5", "--certify", "--json"]) == 130
    out = json.loads(capsys.readouterr().out)
    assert out["partial"] is True and out["certificate"] is None and out["loss1"]["value"]
    assert main(["superposition", "loss1", "--polygon", "5", "--certify"]) == 130
    text = capsys.readouterr().out
    assert "not finished: the certificate" in text and "critical point" in text


def test_regions_keeps_the_partition_when_the_decision_boundary_is_cut(tmp_path, monkeypatch, capsys):
    w = {"W1": [[1, 0], [0, 1]], "b1": [0, 0], "W2": [[1, 1]], "b2": [0]}     # the axes cut [-1, 1]^2 in four
    path = tmp_path / "axes.json"
    path.write_text(json.dumps(w))
    argv = ["regions", "relu 2-2-1", "--weights", str(path), "--box=-1,1,-1,1"]
    assert main(argv + ["--json"]) == 0
    whole = json.loads(capsys.readouterr().out)
    assert whole["decision_boundary"]["segments"] > 0
    ctrl_c_at(monkeypatch, "algnet.relu.boundary", "decision_boundary", "instead")
    assert main(argv + ["--json"]) == 130
    cut = json.loads(capsys.readouterr().out)
    assert cut["decision_boundary"] is None and cut["regions"] == whole["regions"] == 4
    assert main(argv) == 130
    assert "decision boundary: not finished (interrupted)" in capsys.readouterr().out
