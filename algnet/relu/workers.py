"""Worker processes for the region enumeration: death detected, Ctrl-C clean, count capped.

A worker that dies (for instance killed by the out-of-memory killer) closes
its pipe early; the parent sees it at once and raises
:class:`WorkerDiedError` instead of hanging. Workers ignore SIGINT, so
Ctrl-C reaches only the parent, which terminates the workers and re-raises
``KeyboardInterrupt`` without worker tracebacks (and without helper threads
that could stall the interpreter's exit). The number of processes is capped
by the number of chunks of work and the number of CPUs.

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


def _worker_main(fn, chunks, indices, conn):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for i in indices:
            conn.send((i, fn(chunks[i])))
    except BaseException as e:  # reported to the parent, which raises it
        try:
            conn.send((-1, f"{type(e).__name__}: {e}"))
        except Exception:
            pass
    finally:
        conn.close()


def run_chunks(fn, chunks, workers: int):
    """[fn(c) for c in chunks], computed by up to ``workers`` forked processes (in order).

    In-process when one worker suffices. Each process takes every n-th chunk and sends its results
    through its own pipe; the parent waits on the pipes and on the processes themselves, so a process
    that exits early is seen at once (WorkerDiedError). No helper threads: Ctrl-C terminates the workers
    and the interpreter exits cleanly.
    """
    chunks = list(chunks)
    n = effective_workers(workers, len(chunks))
    if n <= 1:
        return [fn(c) for c in chunks]
    import multiprocessing as mp
    from multiprocessing.connection import wait

    ctx = mp.get_context("fork")
    procs, conns, owner = [], [], {}
    try:
        for k in range(n):
            r, w = ctx.Pipe(duplex=False)
            pr = ctx.Process(target=_worker_main, args=(fn, chunks, list(range(k, len(chunks), n)), w), daemon=True)
            pr.start()
            w.close()
            procs.append(pr)
            conns.append(r)
            owner[r] = pr
        out = [None] * len(chunks)
        got = 0
        live = list(conns)
        while live:
            for c in wait(live):
                try:
                    i, res = c.recv()
                except EOFError:          # the worker closed its pipe: finished, or died
                    live.remove(c)
                    continue
                if i < 0:
                    raise WorkerDiedError(f"a worker failed: {res}", hint="run with --workers 1 to see the error")
                out[i] = res
                got += 1
        if got < len(chunks):
            for pr in procs:
                pr.join(timeout=5)
            codes = sorted({pr.exitcode for pr in procs if pr.exitcode not in (0, None)})
            raise WorkerDiedError(f"a worker process died ({got} of {len(chunks)} chunks finished; exit codes {codes})",
                                  hint="it was probably killed for lack of memory: use fewer --workers, a smaller "
                                       "box, or --workers 1", finished=got)
        for pr in procs:
            pr.join()
        return out
    finally:
        for pr in procs:
            if pr.is_alive():
                pr.terminate()
        for pr in procs:
            pr.join(timeout=5)
        for c in conns:
            c.close()
