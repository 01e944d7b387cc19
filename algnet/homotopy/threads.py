"""Running GIL-free kernel calls on several threads at once (the compiled tracker's threads).

:func:`run_parallel` runs a few callables at once, the first in the calling thread; the compiled
kernels they call release the GIL (``nogil=True``), so they run on separate cores.
:func:`algnet.homotopy.batched.advance_threads` (the tracking rounds) and the compiled tracker's endpoint
work (:func:`algnet.homotopy.endpoint_kernels.endpoint_rows`) use it. Threads are created per call
(about 0.1 ms each), which keeps them fork-safe.

Examples
--------
>>> run_parallel([lambda: 1, lambda: 2, lambda: 3])
[1, 2, 3]
"""

from __future__ import annotations

import threading
import time

__all__ = ["run_parallel", "split_rows"]


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


def run_parallel(jobs, cpu=None) -> list:
    """Call every job (no arguments) at once, ``jobs[0]`` in the calling thread, the others in new threads;
    returns their results in order. The calling thread waits for all of them even on Ctrl-C (they may
    write into shared arrays), then raises KeyboardInterrupt; an exception in a job is raised in the
    calling thread (the first one, in job order). ``cpu``: a list of two floats, to which the CPU
    seconds of the jobs (each measured in its own thread) and the largest of them are added: the work,
    and the critical path of this call on idle cores (which the load does not distort).

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
    jobs = list(jobs)
    out = [None] * len(jobs)
    errors = [None] * len(jobs)
    seconds = [0.0] * len(jobs)

    def run(k):
        c = time.thread_time()
        try:
            out[k] = jobs[k]()
        except Exception as e:     # raised in the calling thread below, as one thread would raise it
            errors[k] = e
        finally:
            seconds[k] = time.thread_time() - c

    if len(jobs) == 1:
        return [jobs[0]()] if cpu is None else _timed(jobs[0], cpu)

    workers = [threading.Thread(target=run, args=(k,), daemon=True) for k in range(1, len(jobs))]
    for w in workers:
        w.start()
    interrupted = False
    try:
        run(0)
    except KeyboardInterrupt:
        interrupted = True
    for w in workers:         # the other jobs write into the same arrays: wait for them even on Ctrl-C
        while w.is_alive():
            try:
                w.join()
            except KeyboardInterrupt:
                interrupted = True
    if cpu is not None:
        cpu[0] += sum(seconds)
        cpu[1] += max(seconds)
    if interrupted:
        raise KeyboardInterrupt
    for e in errors:
        if e is not None:
            raise e
    return out


def _timed(job, cpu):
    c = time.thread_time()
    try:
        return [job()]
    finally:
        d = time.thread_time() - c
        cpu[0] += d
        cpu[1] += d
