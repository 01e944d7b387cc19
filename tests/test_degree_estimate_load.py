"""The degree estimate turns the pilot's CPU seconds into wall clock with the single-thread load factor: monodromy
tracks on one thread."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from algnet.analyses.degree_estimate import BezoutBound, MonodromyEstimate


def test_the_pilot_estimate_uses_the_single_thread_load_factor(monkeypatch):
    import algnet.guards as g

    # 2 cores at load 6: one thread gets 2 / (6 + 1) of a core, 3.5 wall seconds per CPU second (hand count);
    # the load average alone would say 6 / 2 = 3
    monkeypatch.setattr(g.os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(g.os, "getloadavg", lambda: (6.0, 6.0, 6.0))
    pilot = SimpleNamespace(finished=True, paths=200, points=10, cpu_seconds=2.0, cpu_seconds_per_path=0.01)
    est = MonodromyEstimate(BezoutBound(32, "a bound"), paths=680, seconds_per_path=None, seconds=None)
    got = est.with_pilot(pilot)
    assert got.cpu_seconds == 2.0 and got.seconds == pytest.approx(2.0 * 3.5)
    assert got.seconds_per_path == pytest.approx(0.01 * 3.5)
    assert "single-thread load factor 3.5" in got.per_path_source
    # an unfinished pilot: the same factor on the extrapolated paths
    pilot = SimpleNamespace(finished=False, paths=200, points=10, cpu_seconds=2.0, cpu_seconds_per_path=0.01,
                            estimate=20.0, interval=(15.0, 30.0))
    got = est.with_pilot(pilot)
    assert got.seconds == pytest.approx(got.cpu_seconds * 3.5) and got.cpu_seconds == pytest.approx(got.paths * 0.01)
