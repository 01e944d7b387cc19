"""Sweep stores and processes: faults get algnet's errors, checksums, WAL checkpoints, no orphan workers."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from algnet.sweep import Store, StoreError, export, load_results, run_sweep

ROOT = Path(__file__).resolve().parent.parent
ENV = dict(os.environ, PYTHONPATH=str(ROOT))


def _cli(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "algnet", *args], env=ENV, capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.parametrize("case", ["missing dir", "directory", "not sqlite", "foreign table"])
def test_store_faults_get_algnet_errors(tmp_path, case):
    db = {"missing dir": tmp_path / "no" / "s.sqlite", "directory": tmp_path,
          "not sqlite": tmp_path / "x.sqlite", "foreign table": tmp_path / "f.sqlite"}[case]
    if case == "not sqlite":
        db.write_text("hello, I am a text file\n" * 10)
    if case == "foreign table":
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE results (a INTEGER)")
        con.commit()
        con.close()
    with pytest.raises(StoreError) as e:
        run_sweep("dim", ["linear 2-1-2"], "0", db, show_progress=False)
    assert e.value.hint
    r = _cli("sweep", "dim", "--spec", "linear 2-1-2", "--seeds", "0", "--db", str(db), "--no-progress")
    assert r.returncode == 2 and "algnet: error:" in r.stderr and "Traceback" not in r.stderr


def test_reading_a_missing_store_is_an_error(tmp_path):
    r = _cli("sweep", "summary", "--db", str(tmp_path / "none.sqlite"))
    assert r.returncode == 2 and "no sweep store" in r.stderr and not (tmp_path / "none.sqlite").exists()


@pytest.mark.parametrize("args, words", [
    (["--option", "bogus=1"], "no option 'bogus'"),
    (["--option", "margin=x"], "margin"),
    (["--scheduler", "bogus"], "not a scheduler address"),
    (["--seeds", "5..2"], "empty seed range"),
    (["--seeds", "0..999999999"], "2000000000 tasks"),
    (["--seeds", "-3"], "negative seed"),
    (["--seeds", "1,x"], "bad seeds"),
    (["--workers", "0"], "--workers"),
])
def test_bad_options_are_rejected_before_any_task_runs(tmp_path, args, words):
    db = tmp_path / "s.sqlite"
    r = _cli("sweep", "dim", "--spec", "linear 2-1-2", "linear 2-2-2", "--db", str(db), "--no-progress", *args)
    assert r.returncode == 2, r.stderr
    assert words in r.stderr and "Traceback" not in r.stderr
    assert not db.exists() or load_results(db, status=None) == []


def test_unreachable_scheduler(tmp_path):
    pytest.importorskip("distributed")
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()   # nothing listens there
    t0 = time.time()
    r = _cli("sweep", "dim", "--spec", "linear 2-1-2", "--seeds", "0", "--db", str(tmp_path / "s.sqlite"),
             "--no-progress", "--scheduler", f"tcp://127.0.0.1:{port}", timeout=90)
    assert r.returncode == 2 and "cannot reach the Dask scheduler" in r.stderr and "Traceback" not in r.stderr
    assert time.time() - t0 < 60


def test_altered_row_is_refused_on_load_and_recomputed(tmp_path):
    db = tmp_path / "c.sqlite"
    run_sweep("dim", ["linear 3-1-3"], "0..2", db, show_progress=False)
    con = sqlite3.connect(db)
    res = json.loads(con.execute("SELECT result FROM results WHERE seed = 1").fetchone()[0])
    res["dimension"] = 99
    con.execute("UPDATE results SET result = ? WHERE seed = 1", (json.dumps(res),))
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="checksum"):
        load_results(db)
    with pytest.raises(StoreError):
        export(db, "csv")
    r = run_sweep("dim", ["linear 3-1-3"], "0..2", db, show_progress=False)
    assert (r.recomputed, r.done, r.skipped) == (1, 1, 2)
    assert [x["dimension"] for x in load_results(db)] == [5, 5, 5]      # m + n - 1 for rank-one 3 x 3


def test_store_without_checksums_is_upgraded(tmp_path):
    db = tmp_path / "old.sqlite"
    con = sqlite3.connect(db)
    con.execute("""CREATE TABLE results (analysis TEXT NOT NULL, spec TEXT NOT NULL, seed INTEGER NOT NULL,
        options TEXT NOT NULL, status TEXT NOT NULL, result TEXT NOT NULL, seconds REAL, host TEXT, finished TEXT,
        PRIMARY KEY (analysis, spec, seed, options))""")
    con.execute("INSERT INTO results VALUES ('dimension', 'linear 2-1-2', 0, '{}', 'ok', '{\"dimension\": 3}', 0.1, "
                "'h', 't')")
    con.commit()
    con.close()
    assert [r["dimension"] for r in load_results(db)] == [3]
    assert run_sweep("dim", ["linear 2-1-2"], "0..1", db, show_progress=False).skipped == 1


def _children(pid):
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid and fields[0] != "Z":
                    out.append(int(d))
            except (OSError, IndexError):
                pass
    return out


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_killed_sweep_leaves_no_orphans_and_a_complete_store_file(tmp_path):
    db = str(tmp_path / "k.sqlite")
    cmd = [sys.executable, "-m", "algnet", "sweep", "fd", "--spec", "relu 2-3-3-1", "relu 2-4-1", "--seeds", "0..39",
           "--db", db, "--no-progress", "--workers", "2"]
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.time()
    rows = 0
    while time.time() - t0 < 90 and proc.poll() is None:
        try:
            con = sqlite3.connect(db, timeout=5)
            rows = con.execute("SELECT COUNT(*) FROM results").fetchone()[0]
            con.close()
        except sqlite3.OperationalError:
            rows = 0
        if rows >= 4:
            break
        time.sleep(0.1)
    workers = _children(proc.pid)
    assert rows >= 4 and workers, "the sweep should be running with worker processes"
    proc.send_signal(signal.SIGKILL)     # the parent only: the workers must follow it
    proc.wait()
    t1 = time.time()
    while any(_alive(w) for w in workers) and time.time() - t1 < 10:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "orphan workers survived their parent"
    # a resumed sweep checkpoints on open: afterwards the .sqlite file alone holds every row
    r = _cli("sweep", "fd", "--spec", "relu 2-3-3-1", "relu 2-4-1", "--seeds", "0..39", "--db", db, "--no-progress",
             "--json", timeout=300)
    assert r.returncode == 0, r.stderr
    copy = tmp_path / "copy.sqlite"
    shutil.copy(db, copy)
    con = sqlite3.connect(copy)
    assert con.execute("SELECT COUNT(*), COUNT(DISTINCT spec || seed) FROM results").fetchone() == (80, 80)
    con.close()


def test_store_file_alone_is_complete_after_a_sweep(tmp_path):
    db = tmp_path / "w.sqlite"
    run_sweep("dim", ["linear 2-1-2"], "0..3", db, show_progress=False)
    assert not os.path.exists(str(db) + "-wal") or os.path.getsize(str(db) + "-wal") == 0
    copy = tmp_path / "copy.sqlite"
    shutil.copy(db, copy)
    with Store(copy, create=False) as st:
        assert len(st.rows()) == 4


def test_ctrl_c_stops_local_workers_at_once(tmp_path):
    db = str(tmp_path / "i.sqlite")
    cmd = [sys.executable, "-m", "algnet", "sweep", "fd", "--spec", "relu 2-4-4-1", "relu 2-5-1", "--seeds", "0..199",
           "--db", db, "--no-progress", "--workers", "2"]
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    t0 = time.time()
    rows = 0
    while time.time() - t0 < 90 and proc.poll() is None and rows < 2:
        try:
            con = sqlite3.connect(db, timeout=5)
            rows = con.execute("SELECT COUNT(*) FROM results").fetchone()[0]
            con.close()
        except sqlite3.OperationalError:
            pass
        time.sleep(0.1)
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGINT)          # the parent only, as a kill -INT would
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    t1 = time.time()
    while any(_alive(w) for w in workers) and time.time() - t1 < 10:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)
    con = sqlite3.connect(db)
    n = con.execute("SELECT COUNT(*) FROM results").fetchone()[0]
    con.close()
    assert 2 <= n < 400
