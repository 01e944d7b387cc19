"""A first run (no compiled kernels cached) under a time limit: the compilation cannot be interrupted, so a limit
that cannot cover it is refused before it starts, with the estimate and the route (a run without a limit)."""

import os
import subprocess
import sys
import time

import pytest

SCRIPT = """
import time
from algnet.analyses.critical import critical_points
from algnet.errors import TooLargeError
t = time.process_time()
try:
    r = critical_points("linear 2-1-2", loss="frobenius", seed=0, time_limit=20)
    print("RAN", r.partial, r.critical_points)
except TooLargeError as e:
    print("REFUSED", round(time.process_time() - t, 1), e.seconds > 20, "|", e, "|", e.hint)
"""


def test_cold_kernel_cache_under_a_short_time_limit_is_refused_before_compiling(tmp_path):
    """With an empty numba cache (NUMBA_CACHE_DIR: a fresh directory) a count under a 20-s limit compiled for
    minutes regardless (measured: advance_batched alone 63 CPU s, 352 s of wall at load 10, interrupts put off
    while numba compiles), then answered 'time limit reached' with nothing found. Now it is refused at once
    (nothing compiled: the cache directory holds no machine code), the estimate above the limit."""
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "numba"), ALGNET_CACHE_DIR=str(tmp_path / "store"),
               PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    t0 = time.monotonic()
    try:
        out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("the run compiled past its time limit of 20 s (killed after 120 s)")
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("REFUSED"), out.stdout + out.stderr[-2000:]
    _, cpu, above, *_ = out.stdout.split()
    assert float(cpu) < 15 and above == "True"
    assert "cannot be stopped midway" in out.stdout and "once without a time limit" in out.stdout
    assert time.monotonic() - t0 < 120
    compiled = [f for _, _, fs in os.walk(tmp_path / "numba") for f in fs if f.endswith(".nbc")]
    assert compiled == []
