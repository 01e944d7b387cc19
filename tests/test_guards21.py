"""Session 21's guards: one memory reading a guard, public limits of degree's automatic route, honest set-up
estimates, and bad input on every command giving an algnet error (never a traceback)."""

from __future__ import annotations

import os

import pytest

from algnet import guards
from algnet.errors import TooLargeError


def test_check_resources_reads_the_memory_once(monkeypatch):
    calls = []
    real = guards._snapshot

    def counting():
        calls.append(1)
        return real()

    monkeypatch.setattr(guards, "_snapshot", counting)
    guards.check_resources("a tiny step", memory=1000)
    assert len(calls) == 1
    with pytest.raises(TooLargeError):
        guards.check_resources("an impossible step", memory=2**70, hint="a smaller network")
    assert len(calls) == 2


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


def test_degree_auto_limits_are_the_public_constants():
    from algnet.analyses import degree

    # degree.py keeps private copies until it imports these (the lead's integration): they must agree
    assert (degree._AUTO_MAX_PARAMS, degree._AUTO_MAX_VALUES) == (guards.DEGREE_AUTO_MAX_PARAMS,
                                                                  guards.DEGREE_AUTO_MAX_VALUES)


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
    # 2.7 to 9 MiB measured (session 21: 1.45-1.63 x); before session 21 the estimate was 0.65-0.79 of the peak
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
