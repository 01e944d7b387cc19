"""``algnet critical`` and ``algnet ed-degree``: JSON keys, data files, errors, Ctrl-C."""

import json

import numpy as np
from _cli import ctrl_c_at, sigint          # tests/_cli.py: the shared Ctrl-C injection

from algnet.cli import main

KEYS = {"spec", "loss", "critical_points", "function_space_points", "pure", "spurious", "real", "real_parameters",
        "real_parameters_unknown", "minima", "saddles",
        "positive_dimensional", "certified", "method", "seed", "partial"}


def test_critical_json(capsys):
    assert main(["critical", "linear 2-1-2", "--loss", "frobenius", "--seed", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert KEYS <= set(out)
    # Eckart-Young: 2 pure (rank 1); the origin is the spurious one (rank 0)
    assert out["pure"] == 2 and out["spurious"] == 1 and out["seed"] == 2 and out["partial"] is False


def test_ed_degree_text(capsys):
    assert main(["ed-degree", "linear 3-1-2", "--seed", "1"]) == 0
    text = capsys.readouterr().out
    assert "ED degree = 2" in text and "agrees" in text


def test_data_file(tmp_path, capsys):
    rng = np.random.default_rng(0)
    f = tmp_path / "d.npz"
    np.savez(f, X=rng.normal(size=(10, 2)), Y=rng.normal(size=(10, 1)))
    assert main(["critical", "dense 2-1-1 r=2", "--data", str(f), "--seed", "0", "--json", "--no-spurious"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["loss"] == "data" and out["pure"] == 4      # 3d - 2 for the conic (generic data)


def test_voronoi_cli(tmp_path, capsys):
    assert main(["voronoi", "linear 2-1-2", "--samples", "8", "--seed", "1", "--json",
                 "--plot", str(tmp_path / "v.png")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["samples"] == 8 and (tmp_path / "v.png").exists()
    assert main(["voronoi", "linear 2-1-2", "--samples", "8", "--plot", "/missing/dir/v.png"]) == 2


def test_bad_data_file(tmp_path, capsys):
    f = tmp_path / "bad.npz"
    np.savez(f, A=np.zeros(3))
    assert main(["critical", "linear 2-1-2", "--data", str(f)]) == 2
    assert "X and Y" in capsys.readouterr().err


def test_interrupt_prints_lower_bound(monkeypatch, capsys):
    # Ctrl-C while the points are certified: what was found is printed as a lower bound, exit 130
    ctrl_c_at(monkeypatch, "algnet.homotopy.certify", "certify", "instead")
    assert main(["critical", "linear 2-1-2", "--loss", "frobenius", "--seed", "0"]) == 130
    assert "(interrupted; lower bound)" in capsys.readouterr().out


def test_ed_degree_ctrl_c_while_the_answer_is_printed(monkeypatch, capsys):
    # Ctrl-C after the analysis returned, while the complete answer is printed: it is held back; the answer
    # is printed whole and the exit status is the answer's (0), never 130 beside a complete answer
    import builtins

    import algnet.cli.critical as cc

    calls = []

    def printing(*a, **k):
        if not calls:
            sigint()
        calls.append(a)
        builtins.print(*a, **k)

    monkeypatch.setattr(cc, "print", printing, raising=False)
    assert main(["ed-degree", "linear 3-1-2", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "ED degree = 2" in out and "agrees" in out and "seed 1" in out


def test_ed_degree_ctrl_c_after_the_count_before_the_answer(monkeypatch, capsys):
    # Ctrl-C while the second method (the closed form) is evaluated: no answer is printed, exit 130
    ctrl_c_at(monkeypatch, "algnet.analyses.critical.ed", "ed_formula", "instead")
    assert main(["ed-degree", "linear 3-1-2", "--seed", "1"]) == 130
    cap = capsys.readouterr()
    assert "ED degree" not in cap.out and "interrupted" in cap.err


def test_no_classify_counts_alone(_structure_cache_dir, capsys):
    # --no-classify is classify=False: the count at a generic complex target alone. Eckart-Young: a generic 2x2
    # matrix has 2 critical rank-1 approximations (its two singular values), the ED degree of the rank-1 2x2 matrices;
    # nothing is classified (no points listed; the spurious origin is not searched)
    import os

    assert main(["critical", "linear 2-1-2", "--loss", "frobenius", "--seed", "0", "--no-classify", "--no-cache",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["critical_points"] == 2 and out["points"] == [] and out["partial"] is False
    assert "generic complex target only" in out["method"]
    assert os.listdir(_structure_cache_dir) == []             # --no-cache: the store is neither read nor written
    assert main(["critical", "linear 2-1-2", "--loss", "frobenius", "--seed", "0", "--json"]) == 0
    full = json.loads(capsys.readouterr().out)
    assert full["spurious"] == 1 and len(full["points"]) == 3  # without the flag: classified, as before


def test_no_classify_in_help(capsys):
    import pytest

    with pytest.raises(SystemExit):
        main(["critical", "--help"])
    text = capsys.readouterr().out
    assert "--no-classify" in text and "--no-cache" in text
