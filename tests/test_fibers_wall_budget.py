"""A wall-clock ``max_seconds`` bounds every step of a monodromy fiber count, the Groebner check mod p after it
included: that check has its own cap in CPU seconds, which on a loaded machine lasts minutes of wall clock (a count
with max_seconds=20 took 114 s). A stand-in for the basis that waits without using CPU time (as a process does whose
share of a loaded machine is small) shows which clock stops it."""

import time

import algnet.analyses.fibers_modular as fm
from algnet import parse_spec


#: wall seconds the stand-in waited before it was stopped (it sleeps: the machine's load does not stretch that)
WAITED = []


def _waiting(*args, **kwargs):
    start = time.perf_counter()
    end = start + 20.0
    try:
        while time.perf_counter() < end:
            time.sleep(0.01)        # wall clock passes, CPU time does not
    finally:
        WAITED.append(time.perf_counter() - start)
    raise AssertionError("the wait was not stopped")


def test_a_wall_clock_budget_stops_the_check_mod_p(monkeypatch):
    monkeypatch.setattr(fm, "_modular_counts", _waiting)
    WAITED.clear()
    started = time.process_time()
    count, modular, primes, note, stopped = fm._modular_check(parse_spec("conv k=2,2 r=1"), [2, 3, 5, 7], (0,), 1, 1,
                                                              1.0, False)
    # the wait is cut at the 1-s budget (2 s of slack for the signal's delivery under load); the rest is cheap
    assert len(WAITED) == 1 and WAITED[0] < 1.0 + 2.0, WAITED
    assert time.process_time() - started < 5.0
    # stopped by the caller's budget: the monodromy count (1) is kept as a lower bound, and the text says why
    assert stopped and (count, modular, primes) == (1, None, ()) and "did not finish in 1 s" in note


def test_a_budget_above_the_own_cap_still_bounds_it(monkeypatch):
    # 2 s of wall clock left, more than nothing but less than the check's 12 CPU s would last here
    monkeypatch.setattr(fm, "_modular_counts", _waiting)
    monkeypatch.setattr(fm, "MODULAR_CHECK_CPU", 1.5)
    WAITED.clear()
    started = time.process_time()
    out = fm._modular_check(parse_spec("conv k=2,2 r=1"), [2, 3, 5, 7], (0,), 1, 1, 2.0, False)
    assert len(WAITED) == 1 and WAITED[0] < 2.0 + 2.0, WAITED      # cut at the 2-s budget, not the 20-s wait
    assert time.process_time() - started < 6.0 and out[4] and "did not finish in 2 s" in out[3]


def test_the_check_still_counts_within_its_budget():
    # conv k=2,2 r=1: f = (a0 x0 + a1 x1)(b0 x0 + b1 x1) up to the rescaling: the two orders of the factors, by hand
    count, modular, primes, note, stopped = fm._modular_check(parse_spec("conv k=2,2 r=1"), [2, 3, 5, 7], (0,), 1, 1,
                                                              30.0, False)
    assert (count, modular, stopped) == (2, 2, False)
