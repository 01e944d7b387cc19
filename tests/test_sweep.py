"""Resumable sweeps: local backends agree, kill-and-resume loses and duplicates nothing, Dask agrees."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from algnet.errors import ParameterError
from algnet.sweep import fd_summary, load_results, parse_seeds, plot_sweep, run_sweep

ROOT = Path(__file__).resolve().parent.parent


def _strip(rows):
    return [_drop_times(r) for r in rows]


def test_in_process_equals_processes(tmp_path):
    specs = ["relu 2-3-1", "relu 1-2-2-1"]
    a = run_sweep("fd", specs, "0..3", tmp_path / "a.sqlite", show_progress=False)
    b = run_sweep("fd", specs, "0..3", tmp_path / "b.sqlite", workers=2, show_progress=False)
    assert a.done == b.done == 8
    assert _strip(load_results(tmp_path / "a.sqlite")) == _strip(load_results(tmp_path / "b.sqlite"))


def test_resume_and_options_are_part_of_the_key(tmp_path):
    db = tmp_path / "s.sqlite"
    assert run_sweep("batch_fd", ["relu 3-2-1"], "0..2", db, show_progress=False).done == 3
    r = run_sweep("batch_fd", ["relu 3-2-1"], "0..4", db, show_progress=False)
    assert (r.done, r.skipped) == (2, 3)
    r = run_sweep("batch_fd", ["relu 3-2-1"], "0..4", db, options={"batch": 3}, show_progress=False)
    assert r.done == 5
    assert len(load_results(db)) == 10


def test_errors_are_stored_not_raised(tmp_path):
    db = tmp_path / "e.sqlite"
    r = run_sweep("fd", ["dense 2-2-1 r=2"], "0..1", db, show_progress=False)
    assert r.errors == 2
    assert load_results(db) == []
    assert {row["error"] for row in load_results(db, status=None)} == {"NotApplicableError"}
    with pytest.raises(ParameterError):
        run_sweep("nonsense", ["relu 2-2-1"], "0", db, show_progress=False)


def test_fd_rows_are_correct_and_summarised(tmp_path):
    db = tmp_path / "f.sqlite"
    run_sweep("fd", ["relu 2-3-1"], "0..2", db, show_progress=False)
    rows = load_results(db)
    from algnet import parse_spec
    from algnet.relu import functional_dimension

    net = parse_spec("relu 2-3-1")
    for r in rows:   # recomputed independently of the store
        assert r["fd"] == functional_dimension(net, net.random_params(seed=r["seed"])).functional_dimension
    s = fd_summary(rows)[0]
    assert s["seeds"] == 3 and 0 <= s["fraction_attaining"] <= 1
    import matplotlib

    matplotlib.use("Agg")
    plot_sweep(rows, str(tmp_path / "p.png"))
    assert (tmp_path / "p.png").exists()


def test_parse_seeds():
    assert parse_seeds("3..5,9") == [3, 4, 5, 9]
    with pytest.raises(ParameterError):
        parse_seeds("a..b")


def _count(db):
    con = sqlite3.connect(db, timeout=30)
    try:
        return con.execute("SELECT COUNT(*), COUNT(DISTINCT analysis || spec || seed || options) FROM results").fetchone()
    except sqlite3.OperationalError:
        return (0, 0)
    finally:
        con.close()


_KILL_CASES = {
    "fd": (["relu 2-3-3-1", "relu 2-4-1"], 30),
    "dim": (["dense 4-4-4-2 r=3", "dense 3-4-4-1 r=2", "conv k=3,3,2 r=2"], 40),
    "implicit": (["linear 3-1-2", "dense 2-2-1 r=2"], 30),
}


@pytest.mark.parametrize("analysis, workers", [("fd", 1), ("dim", 1), ("implicit", 1),
                                               pytest.param("fd", 2, marks=pytest.mark.slow)])
def test_kill_and_resume_loses_and_duplicates_nothing(tmp_path, analysis, workers):
    db = str(tmp_path / "k.sqlite")
    specs, n_seeds = _KILL_CASES[analysis]
    total = len(specs) * n_seeds
    cmd = [sys.executable, "-m", "algnet", "sweep", analysis, "--spec", *specs, "--seeds", f"0..{n_seeds - 1}",
           "--db", db, "--no-progress", "--workers", str(workers)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.time()
    while _count(db)[0] < 4 and time.time() - t0 < 60 and proc.poll() is None:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    n_killed = _count(db)[0]
    assert 4 <= n_killed < total, "the sweep should have been killed mid-run"
    done = subprocess.run(cmd + ["--json"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _count(db) == (total, total)
    rep = json.loads(done.stdout)
    assert rep["skipped"] == n_killed and rep["computed"] == total - n_killed
    # the killed-then-resumed store equals an uninterrupted sweep
    ref = tmp_path / "ref.sqlite"
    run_sweep(analysis, specs, f"0..{n_seeds - 1}", ref, show_progress=False)
    assert _strip(load_results(db)) == _strip(load_results(ref))


def test_dimension_analysis_and_table(tmp_path, capsys):
    from algnet.cli import main

    db = str(tmp_path / "d.sqlite")
    assert main(["sweep", "dimension", "--spec", "linear 4-2-3", "--seeds", "0..1", "--db", db, "--no-progress"]) == 0
    rows = load_results(db)
    assert [r["dimension"] for r in rows] == [10, 10]     # determinantal: r(m + n - r) = 2(3 + 4 - 2)
    capsys.readouterr()
    assert main(["sweep-plot", "--db", db]) == 0
    assert "linear 4-2-3" in capsys.readouterr().out


# ------------------------------------------------------------------ registry, exits, export
_SMALL = {"fd": "relu 2-3-1", "batch_fd": "relu 3-2-1", "regions": "relu 2-3-1", "hidden_symmetries": "relu 2-3-1",
          "local_complexity": "relu 2-3-1", "critical": "linear 2-1-2", "ed_degree": "linear 2-1-2",
          "voronoi": "linear 2-1-2", "relu_topology": "relu 2-3-1"}
_OPTIONS = {"voronoi": {"samples": 4}}


def _drop_times(d):
    if isinstance(d, dict):
        return {k: _drop_times(v) for k, v in d.items() if k not in ("seconds",)}
    if isinstance(d, (list, tuple)):
        return [_drop_times(v) for v in d]
    return d


@pytest.mark.parametrize("name", sorted(__import__("algnet.sweep", fromlist=["x"]).known_analyses()))
def test_every_analysis_sweeps_and_exports(tmp_path, name):
    import csv
    import io

    from algnet.sweep import export

    spec = _SMALL.get(name, "dense 2-2-1 r=2")
    db = tmp_path / "a.sqlite"
    opts = _OPTIONS.get(name, {})
    r = run_sweep(name, [spec], "0..1", db, options=opts, show_progress=False)
    assert r.ok and r.done == 2, r.failures
    rows = load_results(db)
    assert [x["seed"] for x in rows] == [0, 1]
    for row in rows:
        assert "certified" in row or "certified" in row.get("evidence", {})
    from algnet.registry import analyses

    if name in analyses():       # the stored row is the registry's JSON of the same task (recomputed here)
        from algnet.registry import get_analysis

        res = get_analysis(name).run(spec, seed=1, **opts)
        want = _drop_times(res.as_dict())
        got = _drop_times({k: v for k, v in rows[1].items() if k not in ("analysis", "options", "status")})
        assert {k: got[k] for k in want} == _drop_times(json.loads(json.dumps(want, default=str)))
        assert got["evidence"]["seed"] == 1 and got["evidence"]["method"]
    table = list(csv.DictReader(io.StringIO(export(db, "csv"))))
    assert len(table) == 2 and {t["spec"] for t in table} == {spec}
    assert all(t["status"] == "ok" for t in table)


def test_failed_tasks_exit_nonzero_with_a_summary(tmp_path):
    db = str(tmp_path / "f.sqlite")
    cmd = [sys.executable, "-m", "algnet", "sweep", "fd", "--spec", "dense 2-2-1 r=2", "relu 2-2-1", "--seeds", "0..1",
           "--db", db, "--no-progress"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert "2 task(s) failed" in r.stderr and "dense 2-2-1 r=2 (seed 0,1): NotApplicableError" in r.stderr
    assert "hint: use 'relu ...' specs" in r.stderr and "Traceback" not in r.stderr
    again = subprocess.run(cmd + ["--json"], env=env, capture_output=True, text=True, timeout=120)
    rep = json.loads(again.stdout)   # a resumed sweep computes the failed tasks again, and reports them
    assert again.returncode == 1 and rep["computed"] == 2 and rep["retried"] == 2 and rep["errors"] == 2
    assert {f["error"] for f in rep["failures"]} == {"NotApplicableError"}
    kept = subprocess.run(cmd + ["--json", "--keep-failed"], env=env, capture_output=True, text=True, timeout=120)
    rep = json.loads(kept.stdout)    # --keep-failed: the stored failures are kept and still reported
    assert kept.returncode == 1 and rep["computed"] == 0 and rep["retried"] == 0 and rep["errors"] == 2


def test_unknown_analysis_and_empty_seeds_are_errors(tmp_path, capsys):
    from algnet.cli import main

    db = str(tmp_path / "u.sqlite")
    assert main(["sweep", "dimensoin", "--spec", "linear 2-1-2", "--db", db]) == 2
    assert "did you mean 'dimension'" in capsys.readouterr().err
    assert main(["sweep", "dim", "--spec", "linear 2-1-2", "--seeds", "5..2", "--db", db]) == 2
    assert "empty seed range" in capsys.readouterr().err


def test_export_formats(tmp_path, capsys):
    from algnet.cli import main

    db = str(tmp_path / "x.sqlite")
    assert main(["sweep", "dim", "--spec", "dense 3-2-1 r=2", "--seeds", "0..2", "--db", db, "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["sweep", "export", "--db", db, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3 and all(r["dimension"] == 5 for r in rows)   # ternary quadrics of rank <= 2: 6 - 1
    assert {"evidence.method", "evidence.certified", "evidence.seed"} <= set(rows[0])
    out = tmp_path / "x.csv"
    assert main(["sweep", "export", "--db", db, "--format", "csv", "--out", str(out)]) == 0
    assert out.read_text().count("\n") == 4
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        assert main(["sweep", "export", "--db", db, "--format", "parquet", "--out", str(tmp_path / "x.pq")]) == 2
        assert "pyarrow" in capsys.readouterr().err


def test_parquet_export_reads_back_as_the_json_export(tmp_path, capsys):
    pq = pytest.importorskip("pyarrow.parquet", reason="the parquet extra: pip install 'algnet[parquet]'")
    from algnet.cli import main

    db = str(tmp_path / "p.sqlite")
    assert main(["sweep", "dim", "--spec", "dense 3-2-1 r=2", "linear 4-2-3", "--seeds", "0..1", "--db", db,
                 "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["sweep", "export", "--db", db, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    out = tmp_path / "x.parquet"
    assert main(["sweep", "export", "--db", db, "--format", "parquet", "--out", str(out)]) == 0
    table = pq.read_table(str(out)).to_pylist()
    assert len(table) == len(rows) == 4
    key = lambda r: (r["spec"], r["seed"])      # noqa: E731
    for a, b in zip(sorted(table, key=key), sorted(rows, key=key)):
        for k in ("spec", "seed", "status", "dimension", "evidence.certified", "evidence.method", "evidence.seed"):
            assert a[k] == b[k], k
    assert sorted(r["dimension"] for r in table) == [5, 5, 10, 10]      # rank <= 2 ternary quadrics; 3x4 rank 2


def test_summary_defect_columns(tmp_path, capsys):
    from algnet.cli import main
    from algnet.sweep import summarize

    db = str(tmp_path / "s.sqlite")
    # sums of two squares of ternary forms (AH defective, defect 1) and a rank-2 determinantal variety (no defect)
    assert main(["sweep", "dim", "--spec", "dense 3-2-1 r=2", "linear 4-2-3", "--seeds", "0", "--db", db,
                 "--no-progress"]) == 0
    s = {t["spec"]: t for t in summarize(db)}
    assert s["dense 3-2-1 r=2"]["ktb"] == 6 and s["dense 3-2-1 r=2"]["defect_ktb"] == 1
    assert s["linear 4-2-3"]["expected"] == 10 and s["linear 4-2-3"]["defect"] == 0
    capsys.readouterr()
    assert main(["sweep", "summary", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "defect" in out and "ktb" in out and "dense 3-2-1 r=2" in out


def test_sweep_plot_writes_every_picture(tmp_path):
    from algnet.cli import main

    db = str(tmp_path / "p.sqlite")
    assert main(["sweep", "dim", "--grid", "dense {2,3}-2-1 r={2,3}", "--seeds", "0", "--db", db,
                 "--no-progress"]) == 0
    assert main(["sweep", "regions", "--spec", "relu 2-3-1", "--seeds", "0..1", "--db", db, "--no-progress"]) == 0
    assert main(["sweep-plot", "--db", db, "--analysis", "dimension"]) == 0
    assert (tmp_path / "p-dimension.png").stat().st_size > 1000
    assert main(["sweep-plot", "--db", db, "--analysis", "regions", "--out", str(tmp_path / "r.svg")]) == 0
    assert (tmp_path / "r.svg").stat().st_size > 1000
    assert main(["sweep-plot", "--db", db]) == 2            # two analyses: which one?
    assert main(["sweep-plot", "--db", db, "--analysis", "dim", "--out", str(tmp_path / "x.xyz")]) == 2


def test_regions_sweep_counts_without_vertices_unless_asked(tmp_path, monkeypatch):
    """The sweep's regions rows do not compute the exact vertices (the costly part) unless the option asks;
    with it, relu 2-1-1 at seed 0 (one line crossing two sides of [-1, 1]^2, by hand: 4 corners + 2
    crossings) has 6."""
    from algnet.relu.partition import RegionPartition

    real = RegionPartition.distinct_vertices

    def refuse(self):
        raise AssertionError("vertices computed")

    monkeypatch.setattr(RegionPartition, "distinct_vertices", refuse)
    db = str(tmp_path / "r.sqlite")
    assert run_sweep("regions", ["relu 2-1-1", "relu 2-3-1"], "0", db, show_progress=False).errors == 0
    rows = {r["spec"]: r for r in load_results(db)}
    assert rows["relu 2-1-1"]["regions"] == 2 and all(r["vertices"] is None for r in rows.values())
    monkeypatch.setattr(RegionPartition, "distinct_vertices", real)
    run_sweep("regions", ["relu 2-1-1"], "0", db, options={"vertices": True}, show_progress=False)
    got = [r for r in load_results(db) if r["spec"] == "relu 2-1-1" and r["vertices"] is not None]
    assert [r["vertices"] for r in got] == [6]


def test_degree_rows_by_a_theorem_keep_the_bound_of_their_dimension(tmp_path):
    """A degree by a closed form takes dim M from the theorem; the stored row carries it as the proved bound of
    its dimension, equal to r(m + n - r) by hand for m x n matrices of rank <= r and to the Jacobian rank (the
    dimension analysis, a second method)."""
    from algnet import dimension

    db = tmp_path / "d.sqlite"
    run_sweep("degree", ["linear 3-2-3", "linear 4-1-3"], "0", db, show_progress=False)
    rows = {r["spec"]: r for r in load_results(db)}
    for spec, (m, n, r) in {"linear 3-2-3": (3, 3, 2), "linear 4-1-3": (3, 4, 1)}.items():
        row = rows[spec]
        assert row["method"] == "formula", row
        assert row["dimension_upper_bound"] == row["dimension"] == r * (m + n - r)
        assert row["dimension_upper_bound"] == dimension(spec, seed=0).dimension
        assert "Bruns-Vetter" in row["dimension_upper_bound_source"]
