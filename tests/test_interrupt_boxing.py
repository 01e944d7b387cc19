"""A Ctrl-C that lands in numba's boxing of a compiled function's result (``algnet.interrupts.in_numba_boxing``).

A compiled function sends SIGINT to its own process (libc's ``kill`` through ctypes) and returns two arrays:
the SIGINT handler first runs in numba's ``_numba_unpickle`` while the first array is boxed. A handler that
raises there leaves a NULL in the returned tuple and no exception (reading it crashed CPython 3.11 with
SIGSEGV: the crash of ``algnet degree ... --method monodromy`` at Ctrl-C, 2026-12-05). The command line's
handler and :func:`~algnet.interrupts.counting_sigint`'s put the interrupt off there: the call returns its
two arrays whole and the KeyboardInterrupt comes right after, counted once. Each script runs in its own
process (a crash is an exit status, not a crashed test run), first and later calls of the kernel.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="libc kill, POSIX signals")

SCRIPT = r"""
import ctypes, os, signal, sys, time
import numba, numpy as np
from algnet.interrupts import in_numba_boxing, counting_sigint, sigint_count

kill = ctypes.CDLL(None).kill
kill.argtypes = [ctypes.c_int, ctypes.c_int]
kill.restype = ctypes.c_int

@numba.njit(cache=False)
def two(pid, sig):
    kill(pid, sig)                      # the Ctrl-C arrives while the compiled code runs
    return np.zeros(3), np.ones(4)

def run(label, calls):
    for i in range(calls):
        two(os.getpid(), 0)             # no signal: the first call compiles
    try:
        r = two(os.getpid(), signal.SIGINT)
        shapes = [a.shape for a in r]   # a NULL item: SIGSEGV here
        t0 = time.monotonic()
        while time.monotonic() < t0 + 10:
            pass
        print(label, "no KeyboardInterrupt", shapes, flush=True)
    except KeyboardInterrupt:
        print(label, "KeyboardInterrupt", flush=True)

seen = []
if sys.argv[1] == "cli":
    from algnet.cli import _common

    def handler(signum, frame):
        seen.append(in_numba_boxing(frame))
        return _common._on_sigint(signum, frame)

    signal.signal(signal.SIGINT, handler)
    run("first", 0)
    run("later", 1)
    from algnet import interrupts

    print("seen", seen, "flag", _common._INTERRUPTED["flag"], "resent", interrupts._AGAIN["n"], flush=True)
else:
    n = sigint_count()
    with counting_sigint():
        run("first", 0)
        run("later", 1)
    print("counted", sigint_count() - n, flush=True)
"""


def _run(mode):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, env=env,
                          timeout=300)


def test_cli_handler_puts_off_a_ctrl_c_in_numba_boxing():
    p = _run("cli")
    assert p.returncode == 0, (p.returncode, p.stdout, p.stderr[-2000:])
    lines = p.stdout.splitlines()
    assert lines[:2] == ["first KeyboardInterrupt", "later KeyboardInterrupt"], p.stdout
    # the handler did land in the boxing (the case this test is about), then outside it, twice
    assert lines[2] == "seen [True, False, True, False] flag True resent 0", p.stdout


def test_counting_sigint_puts_off_a_ctrl_c_in_numba_boxing():
    p = _run("counting")
    assert p.returncode == 0, (p.returncode, p.stdout, p.stderr[-2000:])
    assert p.stdout.splitlines() == ["first KeyboardInterrupt", "later KeyboardInterrupt", "counted 2"], p.stdout


STRESS = r"""
import os, signal, sys, threading, time
import numpy as np
import algnet.guards
from algnet.cli import _common
from algnet.homotopy.batched import _scratch

values = np.arange(40, dtype=np.complex128)
_scratch(values, 6, 32, 1)                 # compiled or loaded before the signals start
armed = [False]                            # the command line's handler, inside the try below only

def handler(signum, frame):
    if armed[0]:
        return _common._on_sigint(signum, frame)

go, stop = threading.Event(), threading.Event()

def pelt():
    go.wait()
    while not stop.is_set():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.001)

threading.Thread(target=pelt, daemon=True).start()
signal.signal(signal.SIGINT, handler)
go.set()
calls = kis = 0
end = time.monotonic() + float(sys.argv[1])
while time.monotonic() < end:
    try:
        armed[0] = True
        r = _scratch(values, 6, 32, 1)     # a 16-tuple of arrays
        s = 0
        for a in r:                        # a NULL item: SIGSEGV here
            s += a.shape[0]
        armed[0] = False
        calls += 1
    except KeyboardInterrupt:
        armed[0] = False
        kis += 1
stop.set()
time.sleep(0.1)
print(calls, kis, flush=True)
"""


@pytest.mark.slow
def test_ctrl_c_pelting_the_work_arrays_kernel():
    """The kernel of the crash (``batched._scratch``, the first 16 arrays of ``batched_work``) called in a loop
    under SIGINT every millisecond and the command line's handler: the loop ends with every call whole and
    some KeyboardInterrupts. (2026-12-05, 5 s, load 3.9: main as it was ended each of 3 runs with "SystemError:
    _numba_unpickle returned a result with an exception set", this tree ran 153,000-159,000 calls and
    105-113 KeyboardInterrupts.) Slow: the tracker kernels compile on a first run."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.run([sys.executable, "-c", STRESS, "3"], capture_output=True, text=True, env=env, timeout=900)
    assert p.returncode == 0, (p.returncode, p.stdout, p.stderr[-3000:])
    calls, kis = map(int, p.stdout.split())
    assert calls > 0 and kis > 0, p.stdout
