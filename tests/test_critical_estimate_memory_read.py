"""The size check of a critical count reads the machine's memory only where its estimate could be refused: a count's
set-up (numba, scipy, the kernels: SETUP_MEMORY) is planned until a count has run with numba in the process, then
SETUP_AGAIN_MEMORY; an estimate within SMALL_MEMORY is not compared with the memory limit (no /proc/meminfo read),
a larger one is, and is refused above it. And a cap of no seconds is one shared cap that arms nothing."""

from __future__ import annotations

import pytest

from algnet import guards, parse_spec
from algnet.analyses.critical import estimate
from algnet.errors import TooLargeError


@pytest.fixture
def limit_reads(monkeypatch):
    """The calls of guards.memory_limit (a limit of 1 GiB, not the machine's)."""
    calls = []

    def limit():
        calls.append(1)
        return 2**30

    monkeypatch.setattr(guards, "memory_limit", limit)
    monkeypatch.delenv("ALGNET_MEMORY_LIMIT", raising=False)
    return calls


def test_a_small_count_after_the_set_up_reads_no_memory(monkeypatch, limit_reads):
    monkeypatch.setattr(estimate, "_SET_UP", [True])
    est = estimate.check_critical(parse_spec("linear 2-1-2"), "generic", classify=False)
    # by hand: m = 4 coefficients, P = 4 parameters, dim M = 3: 16 * 4 * 4 * (3 + 64) * 4 bytes of Jacobians, and
    # K = 4 / 2 = 2 sample inputs: 8 (4 * 2^2 + 4^2) bytes of the coefficient map, beside the set-up
    assert est.memory == 16 * 4 * 4 * 67 * 4 + 8 * (4 * 4 + 16) + estimate.SETUP_AGAIN_MEMORY
    assert est.memory <= estimate.SMALL_MEMORY
    assert limit_reads == []


def test_a_count_before_the_set_up_plans_it_and_reads_the_limit(monkeypatch, limit_reads):
    monkeypatch.setattr(estimate, "_SET_UP", [])
    est = estimate.check_critical(parse_spec("linear 2-1-2"), "generic", classify=False)
    assert est.memory > estimate.SETUP_MEMORY > estimate.SMALL_MEMORY
    assert limit_reads == [1]
    monkeypatch.setattr(guards, "memory_limit", lambda: estimate.SETUP_MEMORY // 2)     # a machine short of memory
    with pytest.raises(TooLargeError, match="memory"):
        estimate.check_critical(parse_spec("linear 2-1-2"), "generic", classify=False)


def test_a_large_count_after_the_set_up_is_still_checked(monkeypatch, limit_reads):
    monkeypatch.setattr(estimate, "_SET_UP", [True])
    # linear 8-4-8: m = 64, P = 64, dim M = 48: 16 * 64 * 64 * 112 * 4 bytes (29 MiB) of Jacobians alone
    est = estimate.critical_estimate(parse_spec("linear 8-4-8"), "generic", classify=False)
    assert est.memory > 16 * 64 * 64 * 112 * 4 + estimate.SETUP_AGAIN_MEMORY > estimate.SMALL_MEMORY
    assert estimate._above_memory_limit(est.memory) is False and limit_reads == [1]      # 44 MiB < 1 GiB
    monkeypatch.setattr(guards, "memory_limit", lambda: limit_reads.append(1) or 2**25)
    assert estimate._above_memory_limit(est.memory) is True and limit_reads == [1, 1]    # above 32 MiB
    # the classification's set-up is planned in full whatever ran before
    monkeypatch.setattr(guards, "memory_limit", lambda: limit_reads.append(1) or 2**30)
    est = estimate.check_critical(parse_spec("linear 2-1-2"), "generic", classify=True)
    assert est.memory > estimate.CLASSIFY_SETUP_MEMORY and limit_reads == [1, 1, 1]


def test_an_environment_limit_is_always_read(monkeypatch, limit_reads):
    monkeypatch.setattr(estimate, "_SET_UP", [True])
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "1K")
    monkeypatch.setattr(guards, "memory_limit", lambda: limit_reads.append(1) or 1024)
    with pytest.raises(TooLargeError):
        estimate.check_critical(parse_spec("linear 2-1-2"), "generic", classify=False)
    assert limit_reads          # (read again by the refusal's message)


def test_a_count_records_its_set_up(monkeypatch):
    import sys

    from algnet.analyses.critical import ed_degree

    monkeypatch.setattr(estimate, "_SET_UP", [])
    ed_degree("dense 2-1-1 r=2", metric="generic", seed=0)
    assert estimate._SET_UP == ([True] if "numba" in sys.modules else [])
    if "numba" in sys.modules:
        est = estimate.critical_estimate(parse_spec("dense 2-1-1 r=2"), "generic", classify=False)
        assert est.memory < estimate.SMALL_MEMORY


def test_no_cap_is_one_shared_cap_that_arms_nothing():
    import signal

    from algnet.errors import ParameterError
    from algnet.time_caps import armed_caps, time_cap

    before = signal.getsignal(signal.SIGALRM)
    with time_cap(None, repeat=2.0, counted=True) as cap:
        assert armed_caps() == [] and signal.getsignal(signal.SIGALRM) is before
    assert cap is time_cap(None) and not cap.expired and not cap.armed and cap.fired == 0
    with pytest.raises(ParameterError):
        time_cap(None, repeat=-1.0)
    with time_cap(30) as real:           # a cap of seconds is its own
        assert armed_caps() == [real] and real is not cap
    assert armed_caps() == []
