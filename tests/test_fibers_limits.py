"""Every limit the user gives a fiber count holds in every route: the pilot that "auto" runs to choose between
monodromy and Newton, and the compilation of the monodromy kernels, which no cap can stop midway (a wall-clock
limit that cannot cover it is refused before it starts, or makes "auto" take Newton's route)."""

import time

import pytest

import algnet.analyses.critical.guarded_run as guarded_run
import algnet.analyses.degree_pilot as degree_pilot
from algnet.analyses.fibers import identifiability
from algnet.errors import TooLargeError

#: deg M = 4, but its Bezout bound 19683 is above the monodromy limit: "auto" runs a pilot to estimate it
PILOTED = "dense 3-3-1 r=3"


#: wall seconds the stand-in pilot slept (it sleeps: the machine's load does not stretch its time)
SLEPT = []


def _slow_pilot(net, dim, seed=0, seconds=5.0, **kw):
    """The pilot on a machine loaded three times over: its CPU cap of ``seconds`` (search and fresh loops) is six
    times as much wall time; it finds nothing."""
    t = time.perf_counter()
    try:
        time.sleep(6 * seconds)
    finally:
        SLEPT.append(time.perf_counter() - t)
    return degree_pilot.PilotRun(0, 0, 6 * seconds, False, 0, 0, 0, 0, 0.0, 0.0)


def test_auto_pilot_holds_a_wall_limit(monkeypatch):
    monkeypatch.setattr(degree_pilot, "monodromy_pilot", _slow_pilot)
    monkeypatch.setattr(guarded_run, "compile_estimate", lambda kernels=None: (0.0, ()))    # kernels compiled
    SLEPT.clear()
    started = time.process_time()
    r = identifiability(PILOTED, seed=0, max_unknowns=0, max_seconds=1.0)      # max_unknowns=0: no Groebner try
    # the base ran the pilot's full 5 CPU s (30 s of wall here), then a Newton count of max_seconds: the pilot is
    # stopped at the 1-s wall cap (its sleep is cut short; 2 s of slack for the signal's delivery under load)
    assert len(SLEPT) == 1 and SLEPT[0] < 1.0 + 2.0, SLEPT
    assert time.process_time() - started < 15       # the rest is dim M and the set-up (CPU: no load stretches it)
    assert r.partial and r.fiber_count is None
    assert "1 s (wall clock) cap was reached while estimating deg M" in r.reason
    assert "no count" in r.evidence.proves


def test_auto_pilot_gets_part_of_the_limit(monkeypatch):
    asked = []

    def quick(net, dim, seed=0, seconds=5.0, **kw):
        asked.append(seconds)
        return degree_pilot.PilotRun(0, 0, 0.0, False, 0, 0, 0, 0, 0.0, 0.0)

    monkeypatch.setattr(degree_pilot, "monodromy_pilot", quick)
    monkeypatch.setattr(guarded_run, "compile_estimate", lambda kernels=None: (0.0, ()))
    r = identifiability(PILOTED, seed=0, max_unknowns=0, max_seconds=2.0)
    # search and fresh loops take the pilot's seconds each: together at most the 2 s the count had
    assert len(asked) == 1 and asked[0] <= 1.0
    assert "route: Newton" in r.reason and r.fiber_count is not None


def _cold(kernels=None):
    """numba's cache without the tracker's main kernel (a first run on this machine): 63 CPU s to compile."""
    return 63.4, ("advance_batched",)


def test_homotopy_under_a_wall_limit_refuses_a_cold_compilation(monkeypatch):
    monkeypatch.setattr(guarded_run, "compile_estimate", _cold)
    with pytest.raises(TooLargeError) as err:
        identifiability("dense 2-2-2 r=2", seed=0, method="homotopy", max_seconds=5)
    assert "not compiled" in str(err.value) and err.value.seconds > 5


def test_auto_takes_newton_when_the_kernels_cannot_compile_in_time(monkeypatch):
    monkeypatch.setattr(guarded_run, "compile_estimate", _cold)
    r = identifiability("dense 2-2-2 r=2", seed=0, max_unknowns=0, max_seconds=5)
    assert "route: Newton" in r.reason and "not compiled" in r.reason
    assert r.fiber_count is not None and r.fiber_count >= 1      # a Newton lower bound: theta_0's own point


def test_forced_homotopy_compiles_anyway(monkeypatch, caplog):
    import logging

    monkeypatch.setattr(guarded_run, "compile_estimate", _cold)
    with caplog.at_level(logging.WARNING, logger="algnet"):
        r = identifiability("dense 2-2-2 r=2", seed=0, method="homotopy", max_seconds=30, force=True)
    # dense 2-2-2 r=2 modulo rescalings: the 2! orders of the hidden neurons (a theorem of the published count)
    assert r.fiber_count == 2 and any("compiling numerical kernels" in m.getMessage() for m in caplog.records)
