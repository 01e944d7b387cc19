"""Guards: one memory reading a guard, public limits of degree's automatic route, honest set-up
estimates, and bad input on every command giving an algnet error (never a traceback)."""

from __future__ import annotations

import os

import pytest

from algnet import guards
from algnet.errors import TooLargeError


def test_check_resources_reads_the_memory_once(monkeypatch):
    calls = []
    real = guards._read_snapshot

    def counting():
        calls.append(1)
        return real()

    monkeypatch.setattr(guards, "_read_snapshot", counting)
    monkeypatch.setitem(guards._LAST, "snap", None)
    guards.check_resources("a tiny step", memory=1000)
    assert len(calls) == 1
    monkeypatch.setitem(guards._LAST, "snap", None)
    with pytest.raises(TooLargeError):
        guards.check_resources("an impossible step", memory=2**70, hint="a smaller network")
    assert len(calls) == 2
    monkeypatch.setitem(guards._LAST, "at", -1e9)              # an old reading is not reused
    guards.check_resources("a tiny step", memory=1000)
    assert len(calls) == 3


def test_limits_come_from_one_snapshot(monkeypatch):
    snap = {"meminfo": {"MemAvailable": 10 * 2**30, "MemTotal": 16 * 2**30, "SwapTotal": 2**30}, "cgroup": None}
    monkeypatch.setattr(guards, "_snapshot", lambda: snap)
    monkeypatch.delenv("ALGNET_MEMORY_LIMIT", raising=False)
    assert guards.available_memory() == 10 * 2**30
    assert guards.machine_memory() == 17 * 2**30
    assert guards.memory_limit() == int(0.7 * 10 * 2**30)
    snap["cgroup"] = 4 * 2**30          # a cgroup bounds all three
    assert guards.available_memory() == guards.machine_memory() == 4 * 2**30
    with pytest.raises(TooLargeError, match="more than this machine has"):
        guards.check_resources("a step", memory=5 * 2**30, force=True)


def test_degree_routes_name_only_checked_routes():
    from algnet import parse_spec
    from algnet.analyses.hilbert.engine import estimate_setup
    from algnet.analyses.routes_estimate import degree_routes, hilbert_route
    from algnet.cli import cli_syntax

    small, big = parse_spec("dense 2-2-2 r=3"), parse_spec("dense 30-30-30 r=2")
    assert "method='hilbert'" in hilbert_route(small)
    assert estimate_setup(big)["memory"] > 2**30 and hilbert_route(big) is None
    hint = degree_routes(small, seconds=900.0)
    assert "method='hilbert'" in hint and hint.endswith("force=True runs monodromy anyway")
    assert "--method hilbert" in cli_syntax(hint) and "--force" in cli_syntax(hint)
    given = degree_routes(big, seconds=1e9, time_limit=60.0)        # a year: no time limit offered, nor force
    assert "hilbert" not in given and "time_limit" not in given and "force" not in given


_PEAK_CHILD = r"""
import json, sys
from algnet import parse_spec
from algnet.analyses.hilbert.engine import GradedEngine, estimate_setup

def status(key):
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) * 1024 for line in fh if line.startswith(key + ":"))

GradedEngine(parse_spec("dense 3-3-3 r=2"), seed=0)                # warm-up: imports
net = parse_spec(sys.argv[1])
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")                                                    # the peak (VmHWM) restarts from here
base = status("VmRSS")
GradedEngine(net, seed=0)                                            # the set-up: samplers and grading
peak = status("VmHWM") - base
print(json.dumps({"estimate": estimate_setup(net)["memory"], "peak": peak}))
"""


@pytest.mark.skipif(not os.access("/proc/self/clear_refs", os.W_OK), reason="needs Linux's /proc/self/clear_refs")
def test_hilbert_setup_estimate_bounds_the_measured_peak():
    # estimate >= measured peak (resident set above the warmed-up process), and within 4x of it: three families,
    # 2.5 to 9 MiB measured (2026-12-05: 1.33-1.42 x); before that the estimate was 0.65-0.79 of the peak
    import json
    import subprocess
    import sys

    specs = ["dense 6-6-6 r=2", "conv k=3,3,3 r=2", "linear 12-6-12"]
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    procs = [subprocess.Popen([sys.executable, "-c", _PEAK_CHILD, s], stdout=subprocess.PIPE, text=True, env=env)
             for s in specs]
    for spec, proc in zip(specs, procs):
        out, _ = proc.communicate(timeout=300)
        got = json.loads(out.strip().splitlines()[-1])
        assert got["peak"] > 0, spec
        assert got["peak"] <= got["estimate"] <= 4 * got["peak"], (spec, got)


_F = "{tmp}/"
#: bad input on every command that takes a network or a file (a fuzz run of 2026-12-05: 400 cases across the commands,
#: each gave exit status 2 and an "algnet" error with a hint, none a traceback; these are a sample)
BAD_CLI = [
    ["dim", "dense 3-0-2 r=2"], ["degree", "dense 3-2-2 r=-1"], ["hilbert", "dense 3-2-2 r=x"],
    ["implicit", "linear 3--2"],
    ["critical", "foo 3-2-2"], ["ed-degree", "conv k=0,2 r=2"], ["fibers", "relu 2-0-1"], ["singular", "linear 3-2-2-"],
    ["voronoi", "dense 3-2-2 r=2.5"], ["dim", "linear 99999999999999999999-2-2"], ["degree"],
    ["dim", "linear 2-1-2", "--seed", "abc"], ["degree", "linear 2-1-2", "--seed", "-5"],
    ["hilbert", "linear 2-1-2", "--seed", "1e400"], ["critical", "linear 2-1-2", "--time-limit", "-1"],
    ["implicit", "linear 2-1-2", "--time-limit", "nan"], ["singular", "linear 2-1-2", "--time-limit", "inf"],
    ["dim", "--map", _F + "map.txt"], ["degree", "--map", _F + "nope.txt"], ["fibers", "--map", _F + "empty.txt"],
    ["dim", "linear 2-1-2", "--map", _F + "map.txt"],
    ["hilbert", "linear 2-1-2", "--up-to", "-1"], ["hilbert", "linear 2-1-2", "--primes", "4"],
    ["hilbert", "linear 2-1-2", "--min-evidence", "0"], ["dim", "linear 2-1-2", "--margin", "-3"],
    ["implicit", "linear 2-1-2", "--max-degree", "-2"], ["degree", "linear 2-1-2", "--attempts", "0"],
    ["fibers", "linear 2-1-2", "--starts", "0"], ["singular", "linear 2-1-2", "--depth", "-1"],
    ["voronoi", "linear 2-1-2", "--samples", "-3"], ["voronoi", "linear 2-1-2", "--samples", "1000000000000"],
    ["critical", "linear 2-1-2", "--loss", "bogus"], ["ed-degree", "linear 2-1-2", "--metric", "bogus"],
    ["critical", "relu 2-3-1"],
    ["critical", "linear 2-1-1", "--data", _F + "nan.npz"], ["critical", "linear 2-1-1", "--data", _F + "inf.npz"],
    ["critical", "linear 2-1-1", "--data", _F + "text.npz"], ["fd", "relu 2-3-1", "--data", _F + "wrongkeys.npz"],
    ["fd", "relu 2-3-1", "--data", _F + "nan.npz"], ["regions", "relu 2-3-1", "--data", _F + "strs.npz"],
    ["local-complexity", "relu 2-3-1", "--data", _F + "empty.npz", "--radius", "0.1"],
    ["local-complexity", "relu 2-3-1", "--data", _F + "nan.npz", "--radius", "0.1"],
    ["fd", "relu 2-3-1", "--batch", "0"], ["fd", "relu 2-3-1", "--slice", _F + "bad.json"],
    ["fd", "relu 2-3-1", "--weights", _F + "text.npz"], ["regions", "relu 2-3-1", "--box", "1,0,0,1"],
    ["regions", "relu 2-3-1", "--box", "nan,1,0,1"], ["regions", "relu 2-3-1", "--workers", "0"],
    ["plot-training", _F + "db.sqlite"], ["sweep-plot", "--db", _F + "nope.sqlite"],
    ["sweep", "bogus", "--spec", "linear 2-1-2", "--db", _F + "s.db"],
    ["sweep", "dim", "--seeds", "5..1", "--spec", "linear 2-1-2", "--db", _F + "s.db"],
    ["sweep", "dim", "--option", "bogus", "--spec", "linear 2-1-2", "--db", _F + "s.db"],
    ["superposition", "--n", "0", "thomson"], ["superposition", "--sparsity", "2", "loss1"],
    ["superposition", "--lr", "nan", "loss1"], ["verify", "--only", "nonexistent"],
]


@pytest.fixture
def bad_files(tmp_path):
    import numpy as np

    np.savez(tmp_path / "nan.npz", X=np.array([[np.nan, 1.0], [0.0, 1.0]]), Y=np.array([[1.0], [2.0]]))
    np.savez(tmp_path / "inf.npz", X=np.array([[np.inf, 1.0], [0.0, 1.0]]), Y=np.array([[1.0], [2.0]]))
    np.savez(tmp_path / "wrongkeys.npz", foo=np.ones(3))
    np.savez(tmp_path / "empty.npz", X=np.ones((0, 2)), Y=np.ones((0, 1)))
    np.savez(tmp_path / "strs.npz", X=np.array([["a", "b"]]), Y=np.array([["c"]]))
    (tmp_path / "text.npz").write_text("hello world\n")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "map.txt").write_text("x^2 +* y\n")
    (tmp_path / "db.sqlite").write_text("not a database")
    return tmp_path


@pytest.mark.parametrize("argv", BAD_CLI, ids=lambda a: " ".join(a)[:60])
def test_bad_cli_input_gives_an_algnet_error(argv, bad_files, capsys):
    from algnet.cli import main

    argv = [a.replace("{tmp}", str(bad_files)) for a in argv]
    try:
        code = main(argv)
    except SystemExit as e:         # argparse's own refusals (a bad choice, a missing argument)
        code = e.code
    err = capsys.readouterr().err
    assert code == 2, (code, err[-500:])
    assert "Traceback" not in err and "error" in err, err[-500:]


_PIECES_CHILD = r"""
import json, sys
from algnet import parse_spec
from algnet.analyses.hilbert import hilbert_function
from algnet.analyses.hilbert.engine import GradedEngine

def status(key):
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) * 1024 for line in fh if line.startswith(key + ":"))

spec, e = sys.argv[1], int(sys.argv[2])
net = parse_spec(spec)
hilbert_function(net, up_to=1, seed=0, force=True)                 # warm-up and the set-up's own peak
eng = GradedEngine(net, seed=0)
eng.set_linear(eng.linear_leading_vars(eng.primes[0]))
listing = max(eng.level_bytes(d) for d in range(e + 1))           # before estimate() lists the levels
pieces = eng.estimate(e, 2)["memory"]
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")
base = status("VmRSS")
hilbert_function(net, up_to=e, seed=0, force=True)
print(json.dumps({"pieces": pieces, "listing": listing, "peak": status("VmHWM") - base}))
"""


@pytest.mark.skipif(not os.access("/proc/self/clear_refs", os.W_OK), reason="needs Linux's /proc/self/clear_refs")
def test_hilbert_pieces_checks_bound_the_measured_peak():
    # the graded pieces are checked twice (GradedEngine.estimate: the largest evaluation matrix; level_bytes: the
    # listing of a degree's monomials): the larger of the two is within a factor of the peak (seven runs
    # of linear 3-2-3, 4-2-4, dense 3-3-1 r=3, 3-3-3 r=2 up to degrees 4-8: 0.87-2.75 x, the 0.87 at 1.5 MiB)
    import json
    import subprocess
    import sys

    cases = [("linear 4-2-4", 5), ("dense 3-3-3 r=2", 5)]          # 1.14 and 1.51 x measured
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    procs = [subprocess.Popen([sys.executable, "-c", _PIECES_CHILD, s, str(e)], stdout=subprocess.PIPE, text=True,
                              env=env) for s, e in cases]
    for case, proc in zip(cases, procs):
        out, _ = proc.communicate(timeout=300)
        got = json.loads(out.strip().splitlines()[-1])
        bound = max(got["pieces"], got["listing"])
        # within 1.5x below and 4x above: in a clean CI install the peak of linear 4-2-4 to degree 5 was 9.52 MB
        # against checks of 2.40 / 8.19 MB (0.86x; 1.14x here): the larger check is not an upper bound on small
        # cases, it is within a factor of the peak (the guard refuses work far larger than that)
        assert got["peak"] <= 1.5 * bound and bound <= 4 * got["peak"], (case, got)
