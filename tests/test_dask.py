"""Dask for real: a `dask scheduler` and two `dask worker` processes on 127.0.0.1 started here (and the embedded
LocalCluster) give the same rows as the local path; a worker killed mid-sweep loses and duplicates nothing; a
scheduler that dies is reported as algnet's error and the sweep resumes afterwards."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("dask")
pytest.importorskip("distributed")

from algnet.sweep import load_results, run_sweep  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ENV = dict(os.environ, PYTHONPATH=str(ROOT), DASK_DISTRIBUTED__WORKER__DAEMON="False")
DASK = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
WORKER = [sys.executable, "-m", "distributed.cli.dask_worker"]


def _strip(rows):
    def drop(d):
        return {k: drop(v) for k, v in d.items() if k != "seconds"} if isinstance(d, dict) else d
    return [drop(r) for r in rows]


class Cluster:
    """A scheduler and workers as subprocesses (own sessions, killed at the end whatever happens)."""

    def __init__(self, tmp, n_workers=2):
        self.tmp, self.procs, self.workers = tmp, [], []
        self.file = tmp / "scheduler.json"
        self.scheduler = self._start(DASK + ["--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                             "--scheduler-file", str(self.file)], "scheduler")
        t0 = time.time()
        while not self.file.exists() and time.time() - t0 < 60:
            time.sleep(0.1)
        assert self.file.exists(), "the dask scheduler did not start"
        self.address = json.loads(self.file.read_text())["address"]
        for i in range(n_workers):
            self.add_worker(i)
        self.wait_for_workers(n_workers)

    def _start(self, cmd, name):
        log = open(self.tmp / f"{name}.log", "w")
        p = subprocess.Popen(cmd, env=ENV, stdout=log, stderr=log, start_new_session=True, cwd=self.tmp)
        self.procs.append(p)
        return p

    def add_worker(self, i):
        w = self._start(WORKER + [self.address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                                  "--name", f"w{i}", "--death-timeout", "30"], f"worker{i}")
        self.workers.append(w)
        return w

    def wait_for_workers(self, n, timeout=60):
        from distributed import Client

        with Client(self.address, timeout=30) as c:
            c.wait_for_workers(n, timeout=timeout)

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            p.wait(timeout=30)


@pytest.fixture
def cluster(tmp_path):
    c = Cluster(tmp_path)
    try:
        yield c
    finally:
        c.close()


SPECS = ["relu 2-3-1", "relu 2-2-2-1", "dense 3-2-1 r=2", "linear 4-2-3"]


def test_real_scheduler_and_workers_equal_local(tmp_path, cluster):
    a = run_sweep("fd", SPECS[:2], "0..3", tmp_path / "a.sqlite", show_progress=False)
    b = run_sweep("fd", SPECS[:2], "0..3", tmp_path / "b.sqlite", scheduler=cluster.address, show_progress=False)
    assert a.done == b.done == 8 and b.backend == f"Dask scheduler {cluster.address}"
    assert _strip(load_results(tmp_path / "a.sqlite")) == _strip(load_results(tmp_path / "b.sqlite"))
    c = run_sweep("dim", SPECS[2:], "0..2", tmp_path / "a.sqlite", show_progress=False)
    d = run_sweep("dim", SPECS[2:], "0..2", tmp_path / "b.sqlite", scheduler=cluster.address, show_progress=False)
    assert c.done == d.done == 6
    assert _strip(load_results(tmp_path / "a.sqlite", "dim")) == _strip(load_results(tmp_path / "b.sqlite", "dim"))


def test_local_cluster_equals_local(tmp_path):
    a = run_sweep("dim", SPECS[2:], "0..2", tmp_path / "a.sqlite", show_progress=False)
    b = run_sweep("dim", SPECS[2:], "0..2", tmp_path / "b.sqlite", scheduler="local", workers=2, show_progress=False)
    assert a.done == b.done == 6 and "LocalCluster" in b.backend
    assert _strip(load_results(tmp_path / "a.sqlite")) == _strip(load_results(tmp_path / "b.sqlite"))


def _count(db):
    try:
        con = sqlite3.connect(db, timeout=30)
        try:
            return con.execute("SELECT COUNT(*), COUNT(DISTINCT spec || '|' || seed) FROM results").fetchone()
        finally:
            con.close()
    except sqlite3.OperationalError:
        return (0, 0)


def _sweep_cmd(db, address, seeds="0..39"):
    return [sys.executable, "-m", "algnet", "sweep", "fd", "--spec", "relu 2-3-3-1", "relu 2-4-1", "--seeds", seeds,
            "--db", str(db), "--no-progress", "--json", "--scheduler", address]


def _wait_rows(db, proc, n, timeout=120):
    t0 = time.time()
    while _count(db)[0] < n and time.time() - t0 < timeout and proc.poll() is None:
        time.sleep(0.05)
    return _count(db)[0]


def test_worker_killed_mid_sweep_loses_and_duplicates_nothing(tmp_path, cluster):
    db = tmp_path / "k.sqlite"
    proc = subprocess.Popen(_sweep_cmd(db, cluster.address), env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        n = _wait_rows(db, proc, 6)
        assert proc.poll() is None and 6 <= n < 80, "the sweep should be under way"
        os.killpg(cluster.workers[0].pid, signal.SIGKILL)       # one worker dies with tasks in hand
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert _count(db) == (80, 80)
    ref = tmp_path / "ref.sqlite"
    run_sweep("fd", ["relu 2-3-3-1", "relu 2-4-1"], "0..39", ref, show_progress=False)
    assert _strip(load_results(db)) == _strip(load_results(ref))


def test_scheduler_dying_is_reported_and_the_sweep_resumes(tmp_path, cluster):
    db = tmp_path / "d.sqlite"
    proc = subprocess.Popen(_sweep_cmd(db, cluster.address, "0..59"), env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        n = _wait_rows(db, proc, 4)
        assert proc.poll() is None and n >= 4
        os.killpg(cluster.scheduler.pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 2, (out, err)
    assert "scheduler" in err and "lost" in err and "Traceback" not in err
    kept = _count(db)[0]
    assert kept >= n
    r = subprocess.run([sys.executable, "-m", "algnet", "sweep", "fd", "--spec", "relu 2-3-3-1", "relu 2-4-1",
                        "--seeds", "0..59", "--db", str(db), "--no-progress", "--json", "--workers", "2"],
                       env=ENV, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    assert rep["skipped"] == kept and rep["computed"] == 120 - kept and _count(db) == (120, 120)
