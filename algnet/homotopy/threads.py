"""Running GIL-free kernel calls on several threads at once (the compiled tracker's threads).

:func:`share_jobs` runs a list of independent jobs on a few threads, the calling thread and persistent
worker threads, each thread pulling the next job from a shared counter until none is left (dynamic work
sharing: a thread that finishes early takes the next job instead of waiting); :func:`run_parallel` runs
a few callables at once, job k on thread k. The compiled kernels the jobs call release the GIL
(``nogil=True``), so they run on separate cores. The compiled tracker's kernel calls
(:mod:`algnet.homotopy.path_groups`) and its endpoint work use them; which thread runs a job never
changes what it computes, so the results do not depend on the number of threads.

The worker threads are created once and wait on a queue between calls: a thread's start and join cost
179 us wall and 83 us CPU, a hand-over through a queue 11 us (1,000 of each, 2026-12-03, load 4), and the
compiled tracker makes 10-20 threaded calls per ``track`` of 1,024 paths and about 100 per degree
computation. After ``fork`` the child starts new workers (the parent's do not exist there).

Examples
--------
>>> run_parallel([lambda: 1, lambda: 2, lambda: 3])
[1, 2, 3]
>>> share_jobs([lambda k=k: k * k for k in range(5)], 2)
[0, 1, 4, 9, 16]
"""

from __future__ import annotations

import itertools
import os
import queue
import signal
import threading
import time
from contextlib import contextmanager

__all__ = ["run_parallel", "share_jobs", "split_rows"]


def split_rows(k: int, parts: int, unit: int = 1) -> list:
    """Cut ``range(k)`` into at most ``parts`` contiguous (start, stop) pieces of whole units of ``unit`` rows,
    as even as units allow.

    Examples
    --------
    >>> split_rows(10, 2), split_rows(10, 2, 4), split_rows(3, 4)
    ([(0, 5), (5, 10)], [(0, 8), (8, 10)], [(0, 1), (1, 2), (2, 3)])
    """
    units = -(-k // unit)
    parts = max(1, min(parts, units))
    cuts = [min(k, unit * ((units * j + parts - 1) // parts)) for j in range(parts + 1)]
    return [(a, b) for a, b in zip(cuts[:-1], cuts[1:]) if a < b]


class _Worker:
    """A daemon thread running the tasks put into its inbox, one after another (None ends it)."""

    def __init__(self):
        self.inbox = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._loop, daemon=True, name="algnet-kernel-worker")
        self.thread.start()

    def _loop(self):
        while True:
            task = self.inbox.get()
            if task is None:
                return
            try:
                task()
            except BaseException:       # pragma: no cover - the task keeps its own errors; the worker lives on
                pass


_FREE: list = []           # idle workers of this process
_done_flag = threading.Event   # a worker's "my part of this call is over" (tests put in one that interrupts)
_PID = [os.getpid()]
_POOL_LOCK = threading.Lock()


def _reset_after_fork():       # the parent's worker threads do not exist in a forked child
    _FREE.clear()
    _PID[0] = os.getpid()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)


def _take(k: int) -> list:
    """k idle workers (new ones where too few are idle)."""
    with _POOL_LOCK:
        if _PID[0] != os.getpid():
            _reset_after_fork()
        got = [_FREE.pop() for _ in range(min(k, len(_FREE)))]
    return got + [_Worker() for _ in range(k - len(got))]


def _give_back(workers: list):
    with _POOL_LOCK:
        if _PID[0] == os.getpid():
            _FREE.extend(workers)


_HELD = tuple(getattr(signal, n) for n in ("SIGINT", "SIGALRM", "SIGPROF", "SIGVTALRM") if hasattr(signal, n))


@contextmanager
def _signals_held():
    """Ctrl-C and the timer signals (time caps) held back in this thread while the block runs, delivered at its
    end (POSIX; elsewhere, and outside the main thread where Python runs no handlers, nothing is held)."""
    hold = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD) if hold else None
    try:
        yield
    finally:
        if hold:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


def share_jobs(jobs, threads: int, cpu=None, owner=None, pull: bool = True) -> list:
    """Call every job (no arguments) once, on ``threads`` threads (the calling one and ``threads - 1``
    persistent workers), and return their results in job order. ``pull``: each thread takes the next
    job not yet taken until none is left (the default); False: job k runs on thread k (``threads`` is
    then the number of jobs). The calling thread waits for the jobs under way even on Ctrl-C (they may
    write into shared arrays), takes no new ones, then raises KeyboardInterrupt; after an exception in
    a job no new job starts, and the first exception in job order is raised in the calling thread.
    ``cpu``: a list of two floats, to which the CPU seconds of all threads in this call (each measured
    in its own thread) and the critical path of this call on idle cores are added: the jobs' CPU
    seconds dealt out in job order, each to the thread free first, as the threads pull them on idle
    cores (the load does not distort it: under load a worker may not run at all, and the calling
    thread then takes its jobs), plus the calling thread's own time outside its jobs. ``owner``: a list that receives, for each job,
    the number of the thread that ran it (0: the calling thread).

    Examples
    --------
    >>> import numpy as np
    >>> a = np.zeros(6)
    >>> def fill(i):
    ...     a[2 * i:2 * i + 2] = i + 1
    ...     return i
    >>> cpu, who = [0.0, 0.0], []
    >>> share_jobs([lambda i=i: fill(i) for i in range(3)], 2, cpu, who), a.tolist()
    ([0, 1, 2], [1.0, 1.0, 2.0, 2.0, 3.0, 3.0])
    >>> cpu[0] >= cpu[1] >= 0, len(who), set(who) <= {0, 1}
    (True, 3, True)
    >>> share_jobs([lambda: 1, lambda: 1 / 0], 2)
    Traceback (most recent call last):
    ...
    ZeroDivisionError: division by zero
    """
    jobs = list(jobs)
    n = len(jobs)
    threads = max(1, min(int(threads), n)) if pull else max(1, n)
    out = [None] * n
    errors = [None] * n
    who = [0] * n
    seconds = [0.0] * threads
    spent = [0.0] * n                  # each job's CPU seconds
    stop = [False]
    counter = itertools.count()        # next() on it is atomic under the GIL

    def work(w):
        c = time.thread_time()
        try:
            for k in (iter(lambda: next(counter), None) if pull else (w,)):
                if k >= n or (pull and stop[0]):
                    break
                who[k] = w
                t0 = time.thread_time()
                try:
                    out[k] = jobs[k]()
                except KeyboardInterrupt:
                    if w == 0:             # Ctrl-C reaches the calling thread only
                        raise
                    errors[k] = KeyboardInterrupt()
                    stop[0] = True
                except BaseException as e:     # raised in the calling thread below, as one thread would raise it
                    errors[k] = e
                    stop[0] = True
                finally:
                    spent[k] = time.thread_time() - t0
        finally:
            seconds[w] = time.thread_time() - c

    if n == 0:
        return []
    workers = _take(threads - 1) if threads > 1 else []
    # one flag per worker, set when its part is over: a Ctrl-C (or a time cap's signal) in the calling thread can
    # land between a queue's get() and the count of what it got, which would lose a worker's report and wait for
    # ever (a hang seen in CI, 2026-12-03); a flag is read again after any interruption
    finished = [_done_flag() for _ in workers]

    def task(w):
        def run():
            try:
                work(w)
            finally:
                finished[w - 1].set()
        return run

    interrupted = False
    try:
        if workers:                  # (one thread: nothing to hand over, no signal to hold back)
            with _signals_held():    # every worker gets its part, or none: a flag nobody will set would be waited for
                for i, wk in enumerate(workers):
                    wk.inbox.put(task(i + 1))
        work(0)
    except KeyboardInterrupt:
        interrupted = True
        stop[0] = True
    for flag in finished:        # the other jobs write into the same arrays: wait for them even on Ctrl-C
        while not flag.is_set():
            try:
                flag.wait(0.05)
            except KeyboardInterrupt:
                interrupted = True
                stop[0] = True
    _give_back(workers)
    if cpu is not None:
        cpu[0] += sum(seconds)
        cpu[1] += _idle_makespan(spent, threads, pull) + max(0.0, seconds[0] - sum(
            s for s, w in zip(spent, who) if w == 0))
    if owner is not None:
        owner[:] = who
    if interrupted:
        raise KeyboardInterrupt
    for e in errors:
        if e is not None:
            raise e
    return out


def _idle_makespan(spent, threads, pull):
    """The wall time of jobs taking ``spent`` CPU seconds each on ``threads`` idle cores: each in turn to the
    thread free first (``pull``), or job k on thread k."""
    if not pull:
        return max(spent, default=0.0)
    free = [0.0] * threads
    for s in spent:
        i = free.index(min(free))
        free[i] += s
    return max(free)


def run_parallel(jobs, cpu=None) -> list:
    """Call every job (no arguments) at once, ``jobs[0]`` in the calling thread, job k in worker thread k;
    returns their results in order (:func:`share_jobs` with ``pull=False``: the same waiting on Ctrl-C,
    errors and ``cpu``).

    Examples
    --------
    >>> import numpy as np
    >>> a = np.zeros(4)
    >>> def fill(i):
    ...     a[2 * i:2 * i + 2] = i + 1
    ...     return i
    >>> cpu = [0.0, 0.0]
    >>> run_parallel([lambda: fill(0), lambda: fill(1)], cpu), a.tolist(), cpu[0] >= cpu[1] >= 0
    ([0, 1], [1.0, 1.0, 2.0, 2.0], True)
    >>> run_parallel([lambda: 1, lambda: 1 / 0])
    Traceback (most recent call last):
    ...
    ZeroDivisionError: division by zero
    """
    return share_jobs(jobs, len(jobs), cpu, pull=False)
