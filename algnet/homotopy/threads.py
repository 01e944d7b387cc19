"""Running GIL-free kernel calls on several threads at once (the compiled tracker's threads).

:func:`share_jobs` runs a list of independent jobs on a few threads, the calling thread and persistent
worker threads, each thread pulling the next job from a shared counter until none is left (dynamic work
sharing: a thread that finishes early takes the next job instead of waiting); :func:`run_parallel` runs
a few callables at once, job k on thread k. The compiled kernels the jobs call release the GIL
(``nogil=True``), so they run on separate cores. The compiled tracker's kernel calls
(:mod:`algnet.homotopy.path_groups`) and its endpoint work use them; which thread runs a job never
changes what it computes, so the results do not depend on the number of threads.

The worker threads are created once and wait on a queue between calls: a thread's start and join cost about
180 us wall and 80 us CPU, a hand-over through a queue about 11 us, and the compiled tracker makes 10-20
threaded calls per ``track`` of 1,024 paths and about 100 per degree computation. After ``fork`` the child
starts new workers (the parent's do not exist there).

Interrupts. A signal's Python handler (Ctrl-C, a time cap's SIGALRM/SIGPROF) runs in the main thread at the
next bytecode, so its KeyboardInterrupt can land between any two steps of the calling thread; the workers
never get one. :func:`share_jobs` is written to be right whichever step it lands on, instead of holding
signals back around its critical steps with ``pthread_sigmask``, which fails two ways:
``signal.pthread_sigmask`` itself runs the handlers of signals that arrived just before it, after it has set
the mask, so the KeyboardInterrupt leaves SIGINT and the timers blocked in the main thread for good (every later
Ctrl-C held; every subprocess born with them blocked, the mask being inherited through fork and exec); and a
signal delivered to another thread (tqdm's monitor, any thread not blocking it) runs its Python handler in the
main thread all the same. Nor does it wait on ``threading.Event``: an interrupt inside ``Event.wait`` can leave
the Event's Python-level lock held, and the worker's ``set()`` and the caller's next wait block on it for ever
(a time cap repeating every 0.2 ms around share_jobs hangs it within seconds;
``tests/test_share_jobs_signals.py``). Without Events and the mask the calls are also cheaper: a call of two
tiny jobs on two threads takes about 32 us CPU against 45 us with them.

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
import threading
import time

__all__ = ["run_parallel", "share_jobs", "split_rows", "BackgroundJob"]


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


_FREE: list = []           # idle workers of this process (list.pop and list.extend are atomic: no lock, see below)
_new_lock = threading.Lock     # a worker's "my part of this call is over", released by it (tests: one that interrupts)
_PID = [os.getpid()]


def _reset_after_fork():       # the parent's worker threads do not exist in a forked child
    _FREE.clear()
    _PID[0] = os.getpid()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)


def _take(k: int) -> list:
    """k idle workers (new ones where too few are idle). A KeyboardInterrupt between a pop and its append
    leaves one idle worker out of the pool (a daemon thread waiting on its inbox), never a lock held."""
    if _PID[0] != os.getpid():
        _reset_after_fork()
    got = []
    while len(got) < k:
        try:
            got.append(_FREE.pop())
        except IndexError:
            break
    return got + [_Worker() for _ in range(k - len(got))]


_MAX_IDLE = max(8, 2 * (os.cpu_count() or 1))     # idle workers kept; more are ended (None in the inbox)


def _give_back(workers: list):
    if _PID[0] == os.getpid():
        for wk in workers:
            if len(_FREE) < _MAX_IDLE:
                _FREE.append(wk)
            else:
                wk.inbox.put(None)


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
    thread then takes its jobs), plus the calling thread's own time outside its jobs. ``owner``: a list that
    receives, for each job, the number of the thread that ran it (0: the calling thread).

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
    if threads == 1 and n:
        return _inline(jobs, cpu, owner)
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
    # Written so that a KeyboardInterrupt raised at any bytecode of the calling thread (Ctrl-C, a time cap's
    # signal) neither loses a worker's report nor waits for a part no worker got (see the module's notes):
    # - claims[w] is set once, by dict.setdefault (one atomic step under the GIL, whose effect can be read again
    #   when the interrupt took its return value): "worker" when worker w begins its part, "caller" when the
    #   calling thread, after an interrupt, cancels a part not begun (given or not; a cancelled part is skipped);
    # - ended[w] is set by the worker when its part is over, then it releases done[w], the lock the calling
    #   thread waits on (a bare lock's acquire is one C call: interrupted, it did not acquire).
    workers, done, ended, claims = [], [], [], {}

    def task(w, worker):
        def run():
            if claims.setdefault(w, "worker") != "worker":
                return                  # cancelled after a Ctrl-C before it began (the caller gave it back)
            try:
                work(w)
            finally:
                ended[w - 1] = True
                _give_back([worker])    # by the worker itself (no interrupt of the calling thread can lose it),
                done[w - 1].release()   # before the caller may take workers again
        return run

    interrupted = False
    try:
        workers = _take(threads - 1) if threads > 1 else []
        ended = [False] * len(workers)
        done = [_new_lock() for _ in workers]
        for lock in done:
            lock.acquire()
        for i, wk in enumerate(workers):
            wk.inbox.put(task(i + 1, wk))
        work(0)
    except KeyboardInterrupt:
        interrupted = True
    for w in range(1, len(workers) + 1):     # the other jobs write into the same arrays: wait for them on Ctrl-C too
        while True:
            try:
                if interrupted:
                    stop[0] = True
                    claims.setdefault(w, "caller")
                    if claims[w] != "worker":       # cancelled: its worker will skip it
                        if claims[w] == "caller":
                            claims[w] = "given back"    # marked first: an interrupt may lose a worker, never
                            _give_back(workers[w - 1:w])    # put one in the pool twice
                        break
                if ended[w - 1]:
                    break
                done[w - 1].acquire(timeout=0.05)
            except KeyboardInterrupt:
                interrupted = True
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


def _inline(jobs, cpu, owner) -> list:
    """:func:`share_jobs` on the calling thread alone: the jobs in order, the first exception raised as it comes
    (no job after it starts), ``cpu`` the thread's seconds twice (work and critical path are the same). Without
    the workers' bookkeeping: 12-20 us less a call (the tracker makes 2-4 calls a return in a degree run; most
    on one thread)."""
    c = time.thread_time()
    try:
        return [job() for job in jobs]
    finally:
        if cpu is not None:
            dt = time.thread_time() - c
            cpu[0] += dt
            cpu[1] += dt
        if owner is not None:
            owner[:] = [0] * len(jobs)


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


class BackgroundJob:
    """One job (no arguments) run on a persistent worker thread while the calling thread goes on; :meth:`wait`
    returns its result (or raises its exception). ``wait`` waits for the job even on Ctrl-C (it may write into
    shared arrays), then raises KeyboardInterrupt. The monodromy solver runs the tracker's next kernel call so
    while it processes the endpoints of the last one (:meth:`algnet.homotopy.compiled.CompiledPathTracker.step_begin`).

    Examples
    --------
    >>> job = BackgroundJob(lambda: sum(range(10)))
    >>> job.wait(), job.wait()
    (45, 45)
    >>> BackgroundJob(lambda: 1 / 0).wait()
    Traceback (most recent call last):
    ...
    ZeroDivisionError: division by zero
    """

    def __init__(self, fn):
        self._fn = fn
        self._out = self._err = None
        self._ended = False
        self._done = _new_lock()
        self._done.acquire()
        self._worker = _take(1)[0]
        self._worker.inbox.put(self._run)

    def _run(self):
        try:
            self._out = self._fn()
        except BaseException as e:      # raised in the waiting thread
            self._err = e
        finally:
            self._ended = True
            _give_back([self._worker])
            self._done.release()

    def wait(self, on_interrupt=None):
        """The job's result (its exception raised here), once it has ended; a Ctrl-C meanwhile is raised after
        (``on_interrupt``, if given, is called at the first one: e.g. to tell the job to end early; its result is
        then :meth:`result_so_far`)."""
        interrupted = False
        while not self._ended:
            try:
                self._done.acquire(timeout=0.05)
            except KeyboardInterrupt:
                if not interrupted and on_interrupt is not None:
                    on_interrupt()
                interrupted = True
        if interrupted:
            raise KeyboardInterrupt
        if self._err is not None:
            raise self._err
        return self._out

    def result_so_far(self):
        """The job's result if it has ended without an exception, else None (after an interrupted :meth:`wait`).

        Examples
        --------
        >>> job = BackgroundJob(lambda: 7)
        >>> job.wait(), job.result_so_far()
        (7, 7)
        """
        return self._out if self._ended and self._err is None else None
