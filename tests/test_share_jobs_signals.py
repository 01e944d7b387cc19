"""share_jobs under real signals: a KeyboardInterrupt raised by a signal handler at any bytecode of the calling
thread (Ctrl-C, a time cap's SIGALRM) never hangs the call, never leaves a signal blocked, and loses no worker's
report. Each case runs in a fresh process (a hang or a blocked mask must not reach the test run), which dumps
its stacks and exits when it hangs."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A time cap firing every 0.2 ms (SIGALRM, its handler raising KeyboardInterrupt in the main thread) around tens
# of thousands of share_jobs calls: interrupts land everywhere in share_jobs. Until 2026-12-04 this hung within
# 5 s in 3 runs of 3 (threading.Event's internal lock left held by an interrupt inside Event.wait).
_STORM = """
import faulthandler, os, sys, threading, time
from algnet.guards import time_cap
from algnet.homotopy.threads import share_jobs
faulthandler.dump_traceback_later(60, exit=True)        # a hang: stacks on stderr, exit 1
MAIN = threading.get_native_id()

def blocked():
    for line in open(f"/proc/self/task/{MAIN}/status"):
        if line.startswith("SigBlk"):
            return int(line.split()[1], 16)

done = [0] * 3
def job(k):
    def run():
        done[k] += 1
        return k
    return run

calls = interrupted = complete = 0
t_end = time.monotonic() + float(sys.argv[1])
while time.monotonic() < t_end:     # an interrupt outside share_jobs ends one storm: the next one starts
    try:
        with time_cap(0.0002, repeat=0.0002):
            while time.monotonic() < t_end:
                calls += 1
                try:
                    if share_jobs([job(0), job(1), job(2)], 3) == [0, 1, 2]:
                        complete += 1
                except KeyboardInterrupt:
                    interrupted += 1
    except KeyboardInterrupt:
        pass
print(calls, interrupted, complete, blocked(), threading.active_count(), min(done))
"""


def test_a_storm_of_interrupts_never_hangs_share_jobs_nor_leaves_a_signal_blocked(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.run([sys.executable, "-c", _STORM, "3"], capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr[-3000:]
    calls, interrupted, complete, blocked, threads, least = map(int, p.stdout.split())
    assert interrupted > 10 and complete > 10, p.stdout           # the storm did interrupt, and calls got through
    assert blocked == 0, hex(blocked)                              # no signal left blocked in the main thread
    # idle workers are reused; an interrupt in the few bytecodes between taking a worker and handing it its part
    # may leave one idle outside the pool (measured: 90 in 7,190 interrupts at this rate). The main thread and the
    # two workers of a 3-job call are there in any case (the bound was 2 + interrupted // 10: it failed in CI with
    # 3 threads after only 12 interrupts)
    assert threads <= 3 + interrupted // 10, (threads, interrupted)
    assert least >= complete                                       # every complete call ran each job


# The CPython behaviour that left SIGINT blocked until 2026-12-04: signal.pthread_sigmask runs the Python handlers
# of signals that arrived before it (PyErr_CheckSignals) after it set the mask, so its caller can get a
# KeyboardInterrupt with the signals already blocked. Simulated here: the mask is set, then KeyboardInterrupt.
_MASK = """
import faulthandler, signal, threading
faulthandler.dump_traceback_later(30, exit=True)
real = signal.pthread_sigmask
fired = []

def pthread_sigmask(how, mask):
    old = real(how, mask)
    if how == signal.SIG_BLOCK and signal.SIGINT in set(mask) and not fired:
        fired.append(True)
        raise KeyboardInterrupt                 # a Ctrl-C that arrived just before, handled inside the call
    return old

signal.pthread_sigmask = pthread_sigmask
from algnet.homotopy.threads import share_jobs
try:
    share_jobs([lambda: 1, lambda: 2], 2)
    print("complete", end=" ")
except KeyboardInterrupt:
    print("interrupted", end=" ")
print(sorted(int(s) for s in real(signal.SIG_BLOCK, [])), share_jobs([lambda: 1, lambda: 2], 2))
"""


def test_a_signal_handled_while_the_mask_changes_leaves_it_as_it_was():
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.run([sys.executable, "-c", _MASK], capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr[-3000:]
    assert p.stdout.split(" ", 1)[1].strip() == "[] [1, 2]", p.stdout
