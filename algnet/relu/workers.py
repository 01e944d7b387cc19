"""Worker processes for the region enumeration: death detected, Ctrl-C clean, count capped.

A worker that dies (for instance killed by the out-of-memory killer) is
detected (``concurrent.futures`` marks the pool broken) and reported as
:class:`WorkerDiedError` instead of hanging; workers ignore SIGINT, so
Ctrl-C reaches only the parent, which stops the pool and re-raises
``KeyboardInterrupt`` without worker tracebacks; the number of processes is
capped by the number of chunks of work and the number of CPUs.

Examples
--------
>>> run_chunks(abs, [-1, 2, -3], workers=8)
[1, 2, 3]
"""

from __future__ import annotations

import os
import signal

from algnet.errors import AlgnetError

__all__ = ["run_chunks", "WorkerDiedError", "effective_workers"]


class WorkerDiedError(AlgnetError):
    """A worker process died before finishing its part of the work."""


def effective_workers(workers: int, tasks: int) -> int:
    """min(workers, tasks, CPUs), at least 1.

    Examples
    --------
    >>> effective_workers(64, 3) <= 3
    True
    """
    return max(1, min(int(workers), int(tasks), os.cpu_count() or 1))


def _ignore_sigint():
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_chunks(fn, chunks, workers: int):
    """[fn(c) for c in chunks], computed by up to ``workers`` forked processes (in order).

    In-process when one worker suffices. Raises WorkerDiedError when a worker dies.
    """
    chunks = list(chunks)
    n = effective_workers(workers, len(chunks))
    if n <= 1:
        return [fn(c) for c in chunks]
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ex = ProcessPoolExecutor(n, mp_context=mp.get_context("fork"), initializer=_ignore_sigint)
    try:
        futs = [ex.submit(fn, c) for c in chunks]
        out = [f.result() for f in futs]
    except BrokenProcessPool:
        done = sum(f.done() and not f.cancelled() and f.exception() is None for f in futs)
        _kill(ex)
        raise WorkerDiedError(f"a worker process died ({done} of {len(chunks)} chunks finished)",
                              hint="it was probably killed for lack of memory: use fewer --workers, a smaller box, "
                                   "or --workers 1", finished=done) from None
    except BaseException:
        _kill(ex)
        raise
    ex.shutdown(wait=True)
    return out


def _kill(ex):
    procs = list(getattr(ex, "_processes", {}).values())
    ex.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        try:
            p.terminate()
        except Exception:  # already gone
            pass
    for p in procs:
        p.join(timeout=5)
