"""The ReLU commands estimate a SPEC's exact weights from its widths before building any (relu 3000-3000-3000-1's
18,009,001 Fractions took minutes and about 3 GB before ``local-complexity`` estimated anything), and a run allowed
with a long estimate -- forced, or within the default budget -- is announced on stderr before it starts."""

from __future__ import annotations

import logging
import time
import tracemalloc

import numpy as np
import pytest

from algnet.architectures.relu import ReluNetwork
from algnet.cli import main
from algnet.guards import DEFAULT_BUDGET, check_resources


@pytest.fixture
def no_weights_built(monkeypatch):
    """Building any exact random weight fails the test at once (instead of taking minutes)."""
    def built(self, *a, **k):
        raise AssertionError(f"{self.spec}: exact weights built before the estimate")
    monkeypatch.setattr(ReluNetwork, "random_params", built)


def test_local_complexity_refuses_a_huge_spec_before_building_its_weights(tmp_path, monkeypatch, capsys,
                                                                            no_weights_built):
    # 18,009,001 weights (3000*3000 + 3000, twice, + 3000 + 1) at 180 bytes each: about 3 GB, above a 1 GB limit
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "1G")
    np.savez(tmp_path / "x.npz", X=np.zeros((2, 3000)))
    tracemalloc.start()
    t0 = time.process_time()    # CPU time: the machine's load does not stretch it
    try:
        code = main(["local-complexity", "relu 3000-3000-3000-1", "--seed", "1", "--data", str(tmp_path / "x.npz"),
                     "--radius", "0.1"])
        elapsed = time.process_time() - t0
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    err = capsys.readouterr().err
    assert code == 2
    assert "18,009,001 weights" in err and "GiB of memory" in err and "--force" in err
    assert peak < 64 * 2**20, peak            # nothing of the network's size was allocated (the points: 48 KB)
    assert elapsed < 20, elapsed              # (well under a second when the machine is idle)


def test_fd_refuses_huge_weights_that_its_own_estimate_lets_through(monkeypatch, capsys, no_weights_built):
    # the batch of one input passes its check; the 9,015,001 weights (1.5 GiB) do not fit in 1 GiB
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "1G")
    assert main(["fd", "relu 2-3000-3000-1", "--seed", "1", "--batch", "1"]) == 2
    err = capsys.readouterr().err
    assert "9,015,001 weights in exact rationals" in err and "--force" in err, err


def test_the_estimate_counts_the_weights_of_the_spec():
    # n0 n1 + n1 + n1 n2 + n2 + n2 + 1 for relu n0-n1-n2-1 (weights and biases), counted by hand
    from algnet.architectures.spec import parse_spec
    from algnet.cli._relu_common import check_exact_weights

    est = check_exact_weights(parse_spec("relu 4-5-6-1"))
    assert est["weights"] == 4 * 5 + 5 + 5 * 6 + 6 + 6 + 1


def _notices(caplog, **kwargs):
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="algnet"):
        check_resources("a step", memory=1.0, **kwargs)
    return [r.getMessage() for r in caplog.records if "starting a long computation" in r.getMessage()]


def test_forced_and_default_budget_runs_are_announced_with_their_estimate(caplog):
    NOTICE_SECONDS = 10.0       # algnet.guards.NOTICE_SECONDS
    # within the default budget: allowed, and announced with the estimate and how to stop it
    (line,) = _notices(caplog, seconds=5 * NOTICE_SECONDS, time_limit=DEFAULT_BUDGET)
    assert "a step" in line and "50.0 s" in line and "Ctrl-C" in line
    # forced above the budget: allowed, and announced as such
    (line,) = _notices(caplog, seconds=10 * DEFAULT_BUDGET, time_limit=DEFAULT_BUDGET, force=True)
    assert "1.7 h" in line and "forced above the budget" in line
    # short, or stopping at the caller's own time limit: not announced
    assert _notices(caplog, seconds=NOTICE_SECONDS / 2, time_limit=DEFAULT_BUDGET) == []
    assert _notices(caplog, seconds=5 * NOTICE_SECONDS, time_limit=60.0, run_time_limit=60.0, force=True) == []


def test_reading_many_polynomials_is_announced(caplog):
    # 3000 polynomials take some 18-28 s to read (sympy's parser: 6-9 ms each, measured): announced before the
    # wait; ten are not
    from algnet.architectures.polymap import _announce_reading

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="algnet"):
        _announce_reading(["s^2*t + 1"] * 10)
        assert caplog.records == []
        _announce_reading(["s^2*t + 1"] * 3000)
    (line,) = [r.getMessage() for r in caplog.records]
    assert "reading 3000 polynomials" in line and "Ctrl-C" in line
