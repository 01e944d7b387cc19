"""Worker processes for the region enumeration: death detected, Ctrl-C clean, count capped.

A worker that dies (for instance killed by the out-of-memory killer) closes
its pipe early; the parent sees it at once and raises
:class:`WorkerDiedError` instead of hanging. Workers ignore SIGINT, so
Ctrl-C reaches only the parent, which terminates the workers and either
re-raises ``KeyboardInterrupt`` (:func:`run_chunks`) or returns the chunks
that had arrived (:func:`run_chunks_partial`), without worker tracebacks
(and without helper threads that could stall the interpreter's exit). The
number of processes is capped by the number of chunks of work and the
number of CPUs.

Examples
--------
>>> run_chunks(abs, [-1, 2, -3], workers=8)
[1, 2, 3]
"""

from __future__ import annotations

import os
import signal
from contextlib import contextmanager

from algnet.errors import AlgnetError

__all__ = ["run_chunks", "run_chunks_partial", "finish_chunks", "size_limit", "refuse_beyond", "WorkerDiedError",
           "effective_workers", "StopEnumeration", "MemoryWatch", "memory_watch", "active_watch", "MEMORY_RESERVE_BYTES"]

#: Bytes kept free beyond the next part of an enumeration (:class:`MemoryWatch`): the result's objects built
#: after the enumeration, the interpreter's own growth.
MEMORY_RESERVE_BYTES = 64 * 2**20


class WorkerDiedError(AlgnetError):
    """A worker process died before finishing its part of the work.

    Examples
    --------
    Raised by :func:`run_chunks` with what was finished (``info['finished']``) and what to do:

    >>> e = WorkerDiedError("a worker process died (3 of 4 chunks finished; exit codes [-9])",
    ...                     hint="use fewer --workers", finished=3)
    >>> isinstance(e, AlgnetError), e.hint, e.info["finished"]
    (True, 'use fewer --workers', 3)
    """


class StopEnumeration(Exception):
    """Raised by an ``on_result`` callback of :func:`finish_chunks` to stop the work and keep the chunks finished
    so far (returned as after Ctrl-C, ``interrupted`` True).

    Examples
    --------
    >>> def stop_after_two(result, seen=[]):
    ...     seen.append(result)
    ...     if len(seen) == 2:
    ...         raise StopEnumeration("enough")
    >>> finish_chunks(sum, [1, 2, 3, 4, 5, 6], workers=1, on_result=stop_after_two, per_worker=3)
    ([5, 7], 1, True)
    """


class MemoryWatch:
    """The memory check made inside a region enumeration as each part of it finishes: with ``total`` regions held
    and the largest part so far of ``largest`` regions, the next part is taken to need twice the largest part's
    regions at ``bytes_per_region`` each plus :data:`MEMORY_RESERVE_BYTES`, and every region held then (the
    ``total`` and that part) ``after_bytes`` more for the work done on all of them once the enumeration ends (e.g.
    a check of every region at once); when that is more than the memory
    left (:func:`algnet.guards.available_memory`: the machine's available memory, a cgroup limit, and the room
    under this process's own address-space limit), :meth:`check` records why in ``stopped`` and raises
    :class:`StopEnumeration`: the regions finished so far are kept, an exact lower bound marked partial.

    Examples
    --------
    >>> w = MemoryWatch(6000)
    >>> w.check(10, 10)                                     # 120 KB more: there is room
    >>> w.stopped
    ''
    >>> MemoryWatch(2**60).check(10, 10)
    Traceback (most recent call last):
    ...
    algnet.relu.workers.StopEnumeration: the memory left (...; 10 regions held, the next part needs about ...)
    >>> MemoryWatch(6000, after_bytes=2**50).check(10**6, 10)     # what all the regions will need afterwards
    Traceback (most recent call last):
    ...
    algnet.relu.workers.StopEnumeration: the memory left (...; 1,000,000 regions held, the next part and the work on ...
    """

    def __init__(self, bytes_per_region: float, reserve: int = MEMORY_RESERVE_BYTES, after_bytes: float = 0.0):
        self.bytes_per_region = float(bytes_per_region)
        self.after_bytes = float(after_bytes)
        self.reserve = int(reserve)
        self.largest = 0
        self.stopped = ""

    def check(self, total: int, added: int) -> None:
        """Stop (StopEnumeration) when the next part would not fit in the memory left; see the class."""
        from algnet.guards import available_memory, format_bytes

        self.largest = max(self.largest, int(added))
        need = (2 * self.largest * (self.bytes_per_region + self.after_bytes) + int(total) * self.after_bytes
                + self.reserve)
        left = available_memory()
        if need > left:
            after = " and the work on all regions after it" if self.after_bytes else ""
            self.stopped = (f"the memory left ({format_bytes(left)}; {int(total):,} regions held, the next part"
                            f"{after} needs about {format_bytes(need)})")
            raise StopEnumeration(self.stopped)

    def allocation_failed(self, finished: int, parts: int | None = None, unit: str = "parts") -> None:
        """Record that an allocation was refused (MemoryError) with ``finished`` parts (of ``parts``; ``unit``
        names them) done: the enumeration stops there, the finished parts kept.

        Examples
        --------
        >>> w = MemoryWatch(6000)
        >>> w.allocation_failed(3, 8)
        >>> w.stopped
        'the memory left (an allocation failed; 3 of 8 parts finished)'
        """
        of = f" of {parts}" if parts is not None else ""
        self.stopped = f"the memory left (an allocation failed; {int(finished):,}{of} {unit} finished)"


_WATCHES: list = []


def active_watch():
    """The :class:`MemoryWatch` of the innermost :func:`memory_watch` block around the caller, or None.

    Examples
    --------
    >>> active_watch() is None
    True
    >>> with memory_watch(6000) as w:
    ...     active_watch() is w
    True
    """
    return _WATCHES[-1] if _WATCHES else None


@contextmanager
def memory_watch(bytes_per_region: float, after_bytes: float = 0.0, reserve: int = MEMORY_RESERVE_BYTES):
    """A :class:`MemoryWatch` for the enumerations run inside the block: the callbacks of :func:`size_limit`
    made there check the memory left as each part finishes (in the parent process, which holds the results), as
    does :func:`algnet.relu.model_regions.depth_first`; ``after_bytes`` and ``reserve`` (e.g. the default reserve
    and the fixed chunk of a check made afterwards): see the class.

    Examples
    --------
    >>> with memory_watch(6000) as w:
    ...     finish_chunks(len, [[1], [2, 3]], workers=1, on_result=size_limit(None, abs), per_worker=2)[0]
    [1, 1]
    >>> w.stopped
    ''
    """
    w = MemoryWatch(bytes_per_region, reserve=reserve, after_bytes=after_bytes)
    _WATCHES.append(w)
    try:
        yield w
    finally:
        _WATCHES.remove(w)


def effective_workers(workers: int, tasks: int) -> int:
    """min(workers, tasks, CPUs), at least 1.

    Examples
    --------
    >>> effective_workers(64, 3) <= 3
    True
    """
    return max(1, min(int(workers), int(tasks), os.cpu_count() or 1))


@contextmanager
def _held_sigint():
    """Ctrl-C held back while worker processes start (raised as KeyboardInterrupt once they are all known):
    one landing inside a fork would leave a worker that nobody knows about, running on and holding the
    parent's stdout open. A forked child keeps the recording handler until it ignores SIGINT."""
    seen = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: seen.append(signum))
    except ValueError:               # not the main thread: Python delivers no SIGINT here anyway
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if seen:
        raise KeyboardInterrupt


def _worker_main(fn, chunks, indices, conn):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for i in indices:
            conn.send((i, fn(chunks[i])))
    except MemoryError as e:    # the parent keeps the finished chunks (inside a memory watch)
        try:
            conn.send((_OUT_OF_MEMORY, f"MemoryError: {e}"))
        except Exception:
            pass
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
    and raises ``KeyboardInterrupt`` (see :func:`run_chunks_partial` to keep the finished chunks).

    Examples
    --------
    Results come back in the order of the chunks, whichever process computed them:

    >>> run_chunks(sum, [[1, 2], [3], [4, 5, 6], []], workers=2)
    [3, 3, 15, 0]
    """
    return _run(fn, chunks, workers, keep=False)[0]


def run_chunks_partial(fn, chunks, workers: int):
    """(results, interrupted): like :func:`run_chunks`, but Ctrl-C keeps the chunks already finished.

    After Ctrl-C (in the parent) the workers are terminated and ``results`` holds ``fn(c)`` for every
    chunk whose result had arrived and ``None`` for the others; ``interrupted`` is then True.

    Examples
    --------
    >>> run_chunks_partial(abs, [-1, 2], workers=1)
    ([1, 2], False)
    """
    return _run(fn, chunks, workers, keep=True)


def finish_chunks(fn, items, workers: int, on_result=None, per_worker: int = 128):
    """(results of the finished chunks, processes used, interrupted): ``fn`` on chunks of ``items``.

    The shared driver of the region engines below the first hidden layer: the items are dealt into up to
    ``per_worker`` interleaved chunks per process (small chunks: balanced work, and after Ctrl-C many
    finished ones; large enough that per-chunk costs stay small). With one worker they run in this process.
    ``on_result(result)`` is called in the parent as each result arrives (it may raise, e.g. to refuse a
    partition beyond a size limit). Ctrl-C returns the chunks finished so far.

    Examples
    --------
    >>> finish_chunks(sum, [1, 2, 3, 4], workers=1, per_worker=2)
    ([4, 6], 1, False)
    """
    items = list(items)
    n_chunks = min(len(items), max(1, int(workers)) * per_worker)
    chunks = [items[i::n_chunks] for i in range(n_chunks)]
    used = effective_workers(workers, len(chunks))
    out, interrupted = _run(fn, chunks, used, keep=True, on_result=on_result)
    return [r for r in out if r is not None], used, interrupted


def refuse_beyond(count: int, max_regions, after: str = "") -> None:
    """TooLargeError when ``count`` regions exceed ``max_regions`` (None: no limit); ``after`` says where.

    Examples
    --------
    >>> refuse_beyond(3, 5)
    >>> refuse_beyond(6, 5, " after hidden layer 1")
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: more than 5 regions after hidden layer 1
      hint: use a smaller box, or raise max_regions
    """
    if max_regions is not None and count > max_regions:
        from algnet.errors import TooLargeError

        raise TooLargeError(f"more than {max_regions} regions{after}", regions=count,
                            hint="use a smaller box, or raise max_regions")


def size_limit(max_regions, size):
    """A callback for :func:`~algnet.relu.workers.finish_chunks` refusing (TooLargeError) once the results
    hold more than ``max_regions`` regions in all (``size(result)`` regions each), and, inside
    :func:`memory_watch`, stopping (:class:`StopEnumeration`) when the memory left would not hold the next part;
    None for no limit and no watch.

    Examples
    --------
    >>> check = size_limit(3, len)
    >>> check([1, 2])
    >>> check([3, 4])
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: more than 3 regions
      hint: use a smaller box, or raise max_regions
    """
    watch = active_watch()
    if max_regions is None and watch is None:
        return None
    seen = [0]

    def check(result):
        added = size(result)
        seen[0] += added
        refuse_beyond(seen[0], max_regions)
        if watch is not None:
            watch.check(seen[0], added)
    return check


def _run(fn, chunks, workers, keep, on_result=None):
    chunks = list(chunks)
    n = effective_workers(workers, len(chunks))
    out = [None] * len(chunks)
    if n <= 1:
        try:
            for i, c in enumerate(chunks):
                out[i] = fn(c)
                if on_result is not None:
                    on_result(out[i])
        except (KeyboardInterrupt, StopEnumeration):
            if not keep:
                raise
            return out, True
        except MemoryError:         # an allocation refused mid-part (the watch's estimate was short): that part
            if not (keep and _WATCHES):      # is dropped, the finished ones kept, the watch says why
                raise
            _WATCHES[-1].allocation_failed(sum(1 for r in out if r is not None), len(chunks))
            return out, True
        return out, False
    try:
        _in_processes(fn, chunks, n, out, on_result)
    except _WorkerOutOfMemory as e:  # a worker's allocation refused, or a worker killed (SIGKILL: the OOM killer)
        if not (keep and _WATCHES):
            raise WorkerDiedError(f"a worker process ran out of memory ({e}; {e.finished} of {len(chunks)} chunks "
                                  "finished)", hint="use fewer --workers, a smaller box, or --workers 1",
                                  finished=e.finished) from None
        if e.killed:
            _WATCHES[-1].stopped = (f"the memory left (a worker process was killed, probably for lack of memory; "
                                    f"{e.finished} of {len(chunks)} parts finished)")
        else:
            _WATCHES[-1].allocation_failed(e.finished, len(chunks))
        return out, True
    except (KeyboardInterrupt, StopEnumeration):
        if not keep:
            raise
        return out, True
    return out, False


#: the chunk index a worker sends with the message of a MemoryError (other failures: -1)
_OUT_OF_MEMORY = -2


class _WorkerOutOfMemory(Exception):
    """A worker's allocation was refused (``killed`` False) or a worker was killed by SIGKILL, as the
    out-of-memory killer does (``killed`` True), with ``finished`` chunks received."""

    def __init__(self, message: str, finished: int, killed: bool = False):
        super().__init__(message)
        self.finished, self.killed = finished, killed


def _in_processes(fn, chunks, n, out, on_result=None):
    """Fill ``out[i] = fn(chunks[i])`` with n forked processes (results kept as they arrive)."""
    import multiprocessing as mp
    from multiprocessing.connection import wait

    ctx = mp.get_context("fork")
    procs, conns = [], []
    try:
        with _held_sigint():
            for k in range(n):
                r, w = ctx.Pipe(duplex=False)
                pr = ctx.Process(target=_worker_main, args=(fn, chunks, list(range(k, len(chunks), n)), w),
                                 daemon=True)
                pr.start()
                procs.append(pr)
                conns.append(r)
                w.close()
        got = 0
        live = list(conns)
        while live:
            for c in wait(live):
                try:
                    i, res = c.recv()
                except EOFError:          # the worker closed its pipe: finished, or died
                    live.remove(c)
                    continue
                if i == _OUT_OF_MEMORY:
                    raise _WorkerOutOfMemory(res, got)
                if i < 0:
                    raise WorkerDiedError(f"a worker failed: {res}", hint="run with --workers 1 to see the error")
                out[i] = res
                got += 1
                if on_result is not None:
                    on_result(res)
        if got < len(chunks):
            for pr in procs:
                pr.join(timeout=5)
            codes = sorted({pr.exitcode for pr in procs if pr.exitcode not in (0, None)})
            if -signal.SIGKILL in codes and _WATCHES:
                raise _WorkerOutOfMemory(f"exit codes {codes}", got, killed=True)
            raise WorkerDiedError(f"a worker process died ({got} of {len(chunks)} chunks finished; exit codes {codes})",
                                  hint="it was probably killed for lack of memory: use fewer --workers, a smaller "
                                       "box, or --workers 1", finished=got)
        for pr in procs:
            pr.join()
    finally:
        for pr in procs:
            if pr.is_alive():
                pr.terminate()
        for pr in procs:
            pr.join(timeout=5)
        for c in conns:
            c.close()
