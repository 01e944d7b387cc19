"""Session 21's guards: one memory reading a guard, public limits of degree's automatic route, honest set-up
estimates, and bad input on every command giving an algnet error (never a traceback)."""

from __future__ import annotations

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
