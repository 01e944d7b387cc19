"""Shared pieces of the Ctrl-C tests: frames that claim to be in numba's or llvmlite's code, the command line's
SIGINT handler installed for a test, a wait for a put-off KeyboardInterrupt, and scripts whose compiled function
sends SIGINT to its own process while it runs (as a user's Ctrl-C lands inside a kernel), run in a new process.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from algnet import interrupts
from algnet.cli import _common

ROOT = Path(__file__).resolve().parents[1]

#: the head of a script run by :func:`run_script`: Python's own SIGINT handler checked, libc's ``kill`` for
#: compiled code (``kill(pid, 2)`` inside an ``njit`` function: the Ctrl-C arrives while the compiled code runs)
KILL_SCRIPT_HEAD = r"""
import ctypes, os, signal, sys, time
import numba
assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
kill = ctypes.CDLL(None).kill
kill.argtypes = [ctypes.c_int, ctypes.c_int]
kill.restype = ctypes.c_int
"""

#: the tail: ``call()`` (defined by the script) run, a second of ordinary code after it (a Ctrl-C put off and not
#: taken inside would land there), and two lines saying how it ended and whether Python's handler is back
KILL_SCRIPT_TAIL = r"""
try:
    r = call()
    t0 = time.monotonic()
    while time.monotonic() < t0 + 1:
        pass
    print("returned partial", r.partial, flush=True)
except KeyboardInterrupt:
    print("KeyboardInterrupt", flush=True)
print("Python's handler back", signal.getsignal(signal.SIGINT) is signal.default_int_handler, flush=True)
"""


def kill_script(body: str) -> str:
    """A whole script: :data:`KILL_SCRIPT_HEAD`, ``body`` (which defines ``call()``), :data:`KILL_SCRIPT_TAIL`."""
    return KILL_SCRIPT_HEAD + body + KILL_SCRIPT_TAIL


def run_script(script: str, *args: str) -> subprocess.CompletedProcess:
    """``script`` in a new Python process with this tree's algnet first on the path."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env,
                          timeout=600)


def assert_survived_the_ctrl_c(p: subprocess.CompletedProcess):
    """The process ended normally; the call raised KeyboardInterrupt or returned a partial result; Python's own
    handler was back afterwards."""
    assert p.returncode == 0, (p.returncode, p.stdout, p.stderr[-2000:])
    lines = p.stdout.splitlines()
    assert lines[0] in ("KeyboardInterrupt", "returned partial True"), p.stdout
    assert lines[1] == "Python's handler back True", p.stdout


def fake_frames(*where):
    """A chain of frame-like objects, outermost first, each ``(file, function)``; returns the innermost."""
    frame = None
    for name, fn in where:
        frame = SimpleNamespace(f_code=SimpleNamespace(co_filename=name, co_name=fn), f_back=frame)
    return frame


def frame_in(tmp_path, relpath, name):
    """A real frame of a function called ``name`` whose code claims to be in ``relpath`` (as llvmlite's or
    numba's) under ``tmp_path``."""
    space = {"sys": sys}
    exec(compile(f"def {name}():\n    return sys._getframe()\n", os.path.join(str(tmp_path), *relpath), "exec"),
         space)
    return space[name]()


def keyboard_interrupt_within(seconds=10.0):
    """Whether a KeyboardInterrupt arrives in ordinary Python code within ``seconds``."""
    t = time.monotonic()
    try:
        while time.monotonic() - t < seconds:
            time.sleep(0.01)
    except KeyboardInterrupt:
        return True
    return False


@pytest.fixture
def cli_handler():
    """The command line's SIGINT handler installed for the test, the put-off count cleared; restored after."""
    previous = signal.signal(signal.SIGINT, _common._on_sigint)
    interrupts.forget_sigints_again()
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        _common.clear_interrupted()


def after_region_chunks(monkeypatch, k, action):
    """Make the region engines call ``action()`` in the parent once k chunks of regions have arrived (after each
    chunk's own size check), so an interruption lands at a known point of the enumeration."""
    from algnet.relu import workers

    real = workers.size_limit

    def limit(max_regions, size):
        check, seen = real(max_regions, size), [0]

        def on_result(result):
            if check is not None:
                check(result)
            seen[0] += 1
            if seen[0] == k:
                action()
        return on_result

    monkeypatch.setattr(workers, "size_limit", limit)


def region_keys(part):
    """The regions of a partition as (pattern, vertices) pairs: two partitions' regions compared as sets."""
    return {(r.pattern, frozenset(r.vertices)) for r in part.regions}
