"""Specs whose mere construction or first evaluation outgrows the machine: refused in seconds with one
message (never a traceback, never the machine's memory)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from algnet.architectures.layers.groupconv import cyclic
from algnet.errors import TooLargeError

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args):
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "algnet", *args], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    return out, time.perf_counter() - t


def test_cyclic_group_table_checked_against_the_memory_limit(monkeypatch):
    # the n x n table and two temporaries of int64: 24 n^2 bytes, by hand 24 * 10^10 = 223.5 GiB for n = 10^5
    with pytest.raises(TooLargeError) as e:
        cyclic(100_000)
    assert e.value.memory_bytes == 24 * 10**10 and "100000 x 100000 multiplication table" in str(e.value)
    assert e.value.hint.startswith("a smaller n") and "force" not in e.value.hint
    assert cyclic(5).table[2].tolist() == [2, 3, 4, 0, 1]          # Z/5: 2 + j mod 5
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "1K")
    with pytest.raises(TooLargeError):
        cyclic(8)                                                   # 24 * 64 = 1536 bytes > 1 KiB


def test_cli_gconv_and_an_unestimated_allocation_end_in_one_message():
    out, sec = _cli("dim", "gconv n=100000 layers=2 r=2")
    assert out.returncode == 2 and sec < 60 and "Traceback" not in out.stderr
    assert "multiplication table" in out.stderr and "GiB" in out.stderr and "a smaller n" in out.stderr
    # lightning attention over 10^5 tokens: two 10^5 x 10^5 arrays per head at a single input, by hand
    # 2 * 10^10 numbers (+ 10^6 for the input, outputs and projections) of 16 bytes = 298.0 GiB: refused by the
    # estimate when the network is built (it used to reach the system's allocator), one message, exit 2
    out, sec = _cli("dim", "attention d=2 a=2 t=100000")
    assert out.returncode == 2 and sec < 60 and "Traceback" not in out.stderr, out.stderr[-2000:]
    assert "one evaluation at a single input" in out.stderr and "298.0 GiB" in out.stderr
    assert "hint: a smaller network" in out.stderr
