"""Resource guards: estimates first, refusals in seconds with the estimate, blocked evaluation."""

import math
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.dimension import dimension, estimate_dimension, jacobian_sketch
from algnet.errors import ParameterError, TooLargeError
from algnet.guards import available_memory, check_resources, check_time_limit, memory_limit

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args, env=None):
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "algnet", *args], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, timeout=120)
    return out, time.perf_counter() - t


@pytest.mark.parametrize("spec", ["dense 100-100-100-100 r=2", "dense 200-200-200-200-200-200 r=9"])
def test_too_large_dimension_refused_in_seconds(spec):
    out, sec = _cli("dim", spec)
    assert out.returncode == 2 and sec < 30
    assert "Traceback" not in out.stderr and "MemoryError" not in out.stderr
    assert "Jacobian sketch" in out.stderr and "GiB" in out.stderr and "--force" in out.stderr


def test_memory_limit_from_the_environment(monkeypatch):
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "1K")
    assert memory_limit() == 1024
    with pytest.raises(TooLargeError) as e:
        dimension("dense 4-4-4 r=2", seed=0)
    assert e.value.memory_bytes > 1024 and "force=True" in e.value.hint
    assert dimension("dense 4-4-4 r=2", seed=0, force=True).dimension == 28   # pyramidal: 16+16-4
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "lots")
    with pytest.raises(ParameterError):
        memory_limit()


def test_time_limit_refuses_before_computing():
    t = time.perf_counter()
    with pytest.raises(TooLargeError) as e:
        dimension("dense 40-40-40 r=2", seed=0, time_limit=0.01)
    assert time.perf_counter() - t < 5 and e.value.seconds > 0.01
    for bad in (math.nan, -1, 0, True, "x"):
        with pytest.raises(ParameterError):
            dimension("linear 2-1-2", seed=0, time_limit=bad)


def test_check_helpers():
    assert available_memory() > 2**20
    assert check_time_limit(None) is None and check_time_limit(3) == 3.0
    with pytest.raises(ParameterError):
        check_time_limit(math.inf)
    assert check_resources("x", memory=2**60, force=True) > 0


def test_blocked_sketch_equals_one_block():
    net = parse_spec("dense 3-3-2 r=2")
    theta = np.arange(net.n_params) + 5
    a = jacobian_sketch(net, theta, 17, 268435399, np.random.default_rng(4))
    b = jacobian_sketch(net, theta, 17, 268435399, np.random.default_rng(4), block=3)
    assert a.shape == (17, net.n_params) and np.array_equal(a % 268435399, b % 268435399)


def test_estimate_grows_with_the_sketch():
    small, big = (estimate_dimension(parse_spec(s)) for s in ("dense 5-5-5 r=2", "dense 20-20-20 r=2"))
    assert small["rows"] == small["columns"] + 2 == 52
    assert big["memory"] > 10 * small["memory"] and big["seconds"] > small["seconds"]
