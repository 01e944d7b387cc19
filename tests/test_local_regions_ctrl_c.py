"""Ctrl-C in :func:`algnet.relu.local_region_count` keeps the squares finished (exact counts, partial result), in
the library and in ``algnet local-complexity --regions``; before 2026-12-05 it raised and lost them all."""

import json

import numpy as np
import pytest
from _cli import sigint

import algnet.relu.model_regions as mr
from algnet.cli import main
from algnet.relu.local_complexity import local_region_count
from algnet.relu.model import PLModel


def _layers():
    rng = np.random.default_rng(3)
    return [(rng.integers(-3, 4, (5, 2)).tolist(), rng.integers(-2, 3, 5).tolist()),
            (rng.integers(-3, 4, (1, 5)).tolist(), [0])]


def _model():
    return PLModel.from_layers(_layers())


def _points():
    return np.random.default_rng(1).uniform(-2, 2, size=(6, 2))


def _cut_at(monkeypatch, square, inside):
    """Ctrl-C at the start of the ``square``-th call of model_regions (0-based): ``inside`` its depth-first walk
    (where model_regions keeps its finished regions and returns partial) or before it starts (a KeyboardInterrupt
    out of it)."""
    real_model_regions, real_depth_first = mr.model_regions, mr.depth_first
    calls = {"n": 0}

    def depth_first(root, n_nodes, step, *a, **k):
        def step_cut(i, *s):
            sigint()
            return step(i, *s)
        return real_depth_first(root, n_nodes, step_cut, *a, **k)

    def model_regions(*a, **k):
        calls["n"] += 1
        if calls["n"] - 1 != square:
            return real_model_regions(*a, **k)
        if not inside:
            sigint()
        monkeypatch.setattr(mr, "depth_first", depth_first)
        try:
            return real_model_regions(*a, **k)
        finally:
            monkeypatch.setattr(mr, "depth_first", real_depth_first)

    monkeypatch.setattr(mr, "model_regions", model_regions)


@pytest.mark.parametrize("inside", [False, True])
def test_ctrl_c_keeps_the_squares_finished(monkeypatch, inside):
    m, X = _model(), _points()
    whole = local_region_count(m, X, radius=1, seed=4)
    assert not whole.partial and whole.counts.size == 6 and whole.evidence.certified and (whole.counts >= 1).all()
    _cut_at(monkeypatch, 3, inside)
    cut = local_region_count(m, X, radius=1, seed=4)
    assert cut.partial and cut.evidence.partial and cut.points == 6 and cut.seed == 4
    assert cut.counts.tolist() == whole.counts[:3].tolist()     # the square under way is left out
    assert "first 3 of 6 points" in cut.evidence.proves and "PARTIAL" in repr(cut)


def test_ctrl_c_in_the_first_square_keeps_nothing_and_says_so(monkeypatch):
    _cut_at(monkeypatch, 0, True)
    cut = local_region_count(_model(), _points(), radius=1, seed=4)
    assert cut.partial and cut.counts.size == 0 and cut.mean == 0.0


def test_cli_prints_the_finished_squares_as_partial(tmp_path, monkeypatch, capsys):
    np.save(tmp_path / "p.npy", _points())
    w = tmp_path / "w.json"
    (W1, b1), (W2, b2) = _layers()
    w.write_text(json.dumps({"W1": W1, "b1": b1, "W2": W2, "b2": b2}))
    argv = ["local-complexity", "relu 2-5-1", "--weights", str(w), "--data", str(tmp_path / "p.npy"), "--radius",
            "1", "--points-seed", "4", "--regions", "--per-point"]
    assert main(argv + ["--json"]) == 0
    whole = json.loads(capsys.readouterr().out)
    _cut_at(monkeypatch, 2, True)
    assert main(argv + ["--json"]) == 130
    cut = json.loads(capsys.readouterr().out)
    assert cut["partial"] is True and cut["regions_2d"] == whole["regions_2d"][:2]
    assert cut["regions_2d_mean"] == float(np.mean(whole["regions_2d"][:2]))
    assert "2 of 6 squares" in cut["partial_reason"] and cut["mean"] == whole["mean"]
    _cut_at(monkeypatch, 2, False)
    assert main(argv) == 130
    text = capsys.readouterr().out
    assert text.startswith("PARTIAL (interrupted)") and "(2 of 6 squares)" in text and "first 2 points only" in text


def test_a_real_ctrl_c_in_the_region_counts_keeps_the_finished_squares(tmp_path):
    """``algnet local-complexity --regions`` in a subprocess, SIGINT once the squares' bar is past zero."""
    import re

    from test_sigint import check, interrupt

    np.save(tmp_path / "p.npy", np.random.default_rng(0).uniform(-1, 1, size=(400, 2)))
    code, out, err = interrupt(["local-complexity", "relu 2-60-60-1", "--seed", "0", "--data", str(tmp_path / "p.npy"),
                                "--radius", "3", "--regions", "--force", "--progress", "--per-point", "--json"],
                               wait_for=re.compile(rb"2-D regions:[^\r\n]*\| *[1-9][0-9]*/400"), delay=0.3,
                               timeout=300)
    check(code, out, err, ['"partial": true'])
    d = json.loads(out)
    done = len(d["regions_2d"])
    assert 0 < done < 400 and f"{done} of 400 squares" in d["partial_reason"] and d["points"] == 400
    assert min(d["regions_2d"]) >= 1 and d["regions_2d_mean"] == float(np.mean(d["regions_2d"]))


def test_cli_names_the_memory_when_it_stopped_the_counts(tmp_path, monkeypatch, capsys):
    """A memory stop of the region counts (``LocalRegionCounts.stopped``) is printed as such, not as a Ctrl-C."""
    import importlib

    lcm = importlib.import_module("algnet.relu.local_complexity")     # (algnet.relu's attribute is the function)
    real = lcm.local_region_count

    def short(model, X, **kw):
        r = real(model, X[:2], **kw)
        return lcm.LocalRegionCounts(r.counts, r.radius, r.seed, len(X), r.seconds, True,
                                     "the memory left (1.0 MiB; 9 regions held)")
    monkeypatch.setattr(lcm, "local_region_count", short)
    np.save(tmp_path / "p.npy", _points())
    w = tmp_path / "w.json"
    (W1, b1), (W2, b2) = _layers()
    w.write_text(json.dumps({"W1": W1, "b1": b1, "W2": W2, "b2": b2}))
    argv = ["local-complexity", "relu 2-5-1", "--weights", str(w), "--data", str(tmp_path / "p.npy"), "--radius",
            "1", "--points-seed", "4", "--regions"]
    main(argv + ["--json"])
    d = json.loads(capsys.readouterr().out)
    assert d["partial"] is True and d["partial_reason"].startswith("stopped by the memory left (1.0 MiB")
    main(argv)
    text = capsys.readouterr().out
    assert text.startswith("PARTIAL (stopped by the memory left") and "interrupted" not in text
