"""Batch functional dimension refuses work that cannot fit, before doing any of it."""

import os
import subprocess
import sys
import time

import pytest

from algnet import parse_spec
from algnet.errors import TooLargeError
from algnet.guards import machine_memory
from algnet.relu.functional import batch_functional_dimension, estimate_batch_fd
from algnet.relu.model import PLModel
from algnet.relu.model_fd import estimate_model_fd, model_batch_fd


def test_estimate_counts_the_jacobian():
    # hand count: 2 * 13 = 26 inputs of relu 2-3-1, Jacobian 26 x 13 int64, forward 26 x (2 + 2 * 3) exact entries
    e = estimate_batch_fd(26, (2, 3, 1), 13, 1)
    assert e["rows"] == 26 and e["columns"] == 13
    assert e["memory"] == 26 * 13 * 8 + 26 * 8 * 100
    assert estimate_batch_fd(26, (2, 3, 1), 13, 1, float_check=True)["memory"] == e["memory"] + 26 * 13 * 8


def test_wide_network_refused_in_seconds():
    net = parse_spec("relu 2-100000-1")
    t0 = time.process_time()    # CPU time: the machine's load does not stretch it
    with pytest.raises(TooLargeError) as ei:
        batch_functional_dimension(net, [0] * net.n_params)
    assert time.process_time() - t0 < 5
    assert ei.value.info["rows"] == 2 * net.n_params
    # force is offered unless the estimate is more than the machine has in all (it is: 2.3 TiB)
    assert ("force" in ei.value.hint) != (ei.value.memory_bytes > machine_memory())


def test_huge_batch_refused_and_small_limit_respected(monkeypatch):
    with pytest.raises(TooLargeError):
        batch_functional_dimension("relu 2-3-1", [1] * 13, batch=10**9)
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "1K")                # a 26 x 13 Jacobian does not fit in 1 KiB
    with pytest.raises(TooLargeError):
        batch_functional_dimension("relu 2-3-1", [1] * 13, seed=0)
    r = batch_functional_dimension("relu 2-3-1", [1, 2, -1, 1, 0, 1, 0, 0, 1, 1, -1, 1, 0], seed=0, force=True)
    assert r.rank <= 10


def test_time_limit():
    with pytest.raises(TooLargeError):
        batch_functional_dimension("relu 3-60-60-1", [0] * 3961, time_limit=0.5)


def test_model_fd_refused(monkeypatch):
    m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    assert estimate_model_fd(m, 10**9)["memory"] > 10**11     # a 10^9 x 9 float64 Jacobian is 72 GB
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "1K")
    Z = [[1, 2], [2, 1], [-1, 3], [3, -1]]
    with pytest.raises(TooLargeError):
        model_batch_fd(m, Z, route="modular")
    assert model_batch_fd(m, Z, route="modular", force=True).rank >= 1


def test_cli_refuses_quickly():
    t0 = os.times()             # the child's CPU time: the machine's load does not stretch it
    p = subprocess.run([sys.executable, "-m", "algnet", "fd", "relu 2-3-1", "--batch", "1000000000"],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode != 0 and "memory" in p.stderr and "Traceback" not in p.stderr
    assert "--batch" in p.stderr or "batch" in p.stderr
    t1 = os.times()
    assert (t1.children_user + t1.children_system) - (t0.children_user + t0.children_system) < 30


def test_long_batch_refused_by_the_default_budget_before_any_work():
    """relu 3-120-120-1: a 30242 x 15121 Jacobian whose rank (rows x columns x D' operations) is estimated at more
    than the default budget of CPU seconds: refused in well under a second, the estimate and a cheaper batch in the
    message; force lifts the budget, an explicit time limit holds under force (the rank cannot stop midway)."""
    from algnet.guards import DEFAULT_BUDGET, check_fd

    net = parse_spec("relu 3-120-120-1")
    t0 = time.process_time()
    with pytest.raises(TooLargeError) as ei:
        batch_functional_dimension(net, [0] * net.n_params)
    assert time.process_time() - t0 < 1
    e = ei.value
    assert e.seconds > DEFAULT_BUDGET and "of CPU" in e.message and "force=True" in e.hint
    assert f"batch={-(-net.dimension_bound // 1)}" in e.hint          # ceil(D' / n_out) inputs, n_out = 1
    assert check_fd(net, force=True)["rows"] == 2 * net.n_params       # forced: the budget is lifted
    with pytest.raises(TooLargeError) as ei:
        check_fd(net, force=True, time_limit=60)
    assert "time_limit=" in ei.value.hint and "force=True runs" not in ei.value.hint


@pytest.mark.slow
def test_time_estimate_is_near_the_measured_cpu_time():
    """The estimate's CPU seconds against the CPU seconds a run takes (the measurement is the independent truth):
    within a factor 3 either way, on a narrow-deep and a wide-shallow network."""
    import resource

    from algnet.guards import estimate_fd

    batch_functional_dimension("relu 2-3-1", parse_spec("relu 2-3-1").random_params(seed=0), seed=0)  # imports
    for spec in ("relu 2-400-1", "relu 20-60-5"):
        net = parse_spec(spec)
        theta = net.random_params(seed=1)
        t0 = resource.getrusage(resource.RUSAGE_SELF)
        batch_functional_dimension(net, theta, seed=2, on_nonsmooth="drop", float_check=False)
        t1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu = t1.ru_utime + t1.ru_stime - t0.ru_utime - t0.ru_stime
        est = estimate_fd(net)["seconds"]
        assert cpu / 3 <= est <= 3 * cpu, (spec, est, cpu)


def test_cli_refuses_a_long_batch_with_its_flags():
    p = subprocess.run([sys.executable, "-m", "algnet", "fd", "relu 3-120-120-1"], capture_output=True, text=True,
                       timeout=60)
    assert p.returncode != 0 and "Traceback" not in p.stderr
    assert "min of CPU" in p.stderr and "--force" in p.stderr and "--batch 14881" in p.stderr
    p = subprocess.run([sys.executable, "-m", "algnet", "fd", "relu 3-120-120-1", "--force", "--time-limit", "60"],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode != 0 and "--time-limit" in p.stderr and "Traceback" not in p.stderr


_PEAK = """
import resource, sys
import numpy as np
from algnet import parse_spec
from algnet.relu.functional import batch_functional_dimension
net = parse_spec(sys.argv[1])
theta = net.random_params(seed=0)
np.ones(10) @ np.ones(10)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
batch_functional_dimension(net, theta, seed=0, force=True, on_nonsmooth="drop")
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)
"""


@pytest.mark.slow
@pytest.mark.parametrize("spec", ["relu 2-400-1", "relu 5-30-30-30-1"])
def test_batch_fd_memory_estimate_is_above_the_measured_peak_and_within_twice_it(spec):
    """The peak RSS of the run beyond the imports and weights (resource.getrusage, in a new process) is at most the
    estimate, and the estimate at most twice it."""
    from algnet.guards import estimate_fd

    out = subprocess.run([sys.executable, "-c", _PEAK, spec], capture_output=True, text=True, check=True).stdout
    peak = int(out.split()[-1])
    est = estimate_fd(parse_spec(spec))["memory"]
    assert peak <= est <= 2 * peak, (peak, est)
