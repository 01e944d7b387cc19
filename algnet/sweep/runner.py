"""Running a sweep: tasks checked up front, computed in process, in local processes or on Dask.

Everything that can be wrong with a sweep is checked before the first task
runs: the analysis name, its options (by the registry), every spec, the seed
range and the total size, and the store. Workers only compute; the
coordinating process stores each row in its own transaction, so a killed
sweep leaves complete rows and the same command resumes it.

Local worker processes die with their parent (``PR_SET_PDEATHSIG`` where
the kernel offers it, and a watchdog thread that exits when the parent
changes), so a killed sweep leaves no orphans to stall the resumed one.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from dataclasses import dataclass, field

from algnet.errors import AlgnetError, NotApplicableError, ParameterError, TooLargeError
from algnet.guards import check_flag
from algnet.sweep.store import Store, _check_path
from algnet.sweep.tasks import MAX_TASKS, count_seeds, parse_seeds, resolve, run_task, run_tasks, task_key

__all__ = ["run_sweep", "SweepResult", "SchedulerError", "WorkerLostError", "plan_tasks"]


class SchedulerError(AlgnetError):
    """The Dask scheduler is malformed, unreachable, or was lost during the sweep.

    Examples
    --------
    >>> import os, tempfile
    >>> run_sweep("fd", ["relu 1-2-1"], [0], os.path.join(tempfile.mkdtemp(), "s.sqlite"), scheduler="bogus")
    Traceback (most recent call last):
    ...
    algnet.sweep.runner.SchedulerError: --scheduler 'bogus' is not a scheduler address...
    """


class WorkerLostError(AlgnetError):
    """A local worker process died (e.g. killed by the out-of-memory killer).

    Raised by :func:`run_sweep` with ``workers >= 2``; the rows stored before stay, and running the
    same sweep again computes only the rest.

    Examples
    --------
    >>> from algnet.errors import AlgnetError
    >>> issubclass(WorkerLostError, AlgnetError)
    True
    >>> print(WorkerLostError("a worker process died", hint="run the sweep again: it resumes"))
    a worker process died
      hint: run the sweep again: it resumes
    """


@dataclass(frozen=True)
class SweepResult:
    """What a call of :func:`run_sweep` did.

    ``done`` tasks were computed and stored now, ``skipped`` were already
    stored, ``recomputed`` had failed their checksum and were computed again, ``retried`` had failed in an earlier
    run and were computed again (a resumed sweep retries its failed tasks unless ``retry_failed=False``),
    ``errors`` counts the failed tasks of this sweep (stored with status
    'error', including those stored earlier), ``failures`` lists them
    (spec, seed, error, message, hint); ``partial`` when interrupted.

    Examples
    --------
    The degree of a ReLU network does not exist (not a polynomial map): that task fails, is stored
    with status 'error' and reported; the other one (2x2 matrices of rank <= 1, degree 2) succeeds.

    >>> import os, tempfile
    >>> db = os.path.join(tempfile.mkdtemp(), "s.sqlite")
    >>> r = run_sweep("degree", ["linear 2-1-2", "relu 1-2-1"], [0], db, show_progress=False)
    >>> r.total, r.done, r.errors, r.ok, r.failures[0]["spec"], r.failures[0]["error"]
    (2, 2, 1, False, 'relu 1-2-1', 'NotApplicableError')
    >>> from algnet.sweep import load_results
    >>> [x["degree"] for x in load_results(db)]
    [2]
    """

    analysis: str
    db: str
    total: int
    done: int
    skipped: int
    errors: int
    backend: str
    seconds: float
    partial: bool = False
    recomputed: int = 0
    failures: tuple = field(default=(), repr=False)
    retried: int = 0

    @property
    def ok(self) -> bool:
        """No failed task and not interrupted."""
        return not self.errors and not self.partial

    def __repr__(self):
        return (f"SweepResult({self.analysis!r}: {self.done} computed, {self.skipped} already stored, "
                f"{self.errors} failed, of {self.total} tasks; {self.backend}; {self.seconds:.1f} s"
                + (f"; {self.recomputed} altered rows recomputed" if self.recomputed else "")
                + (f"; {self.retried} failed in an earlier run, computed again" if self.retried else "")
                + (", interrupted (partial)" if self.partial else "") + f"; store {self.db})")


def plan_tasks(analysis: str, specs, seeds, options: dict | None = None, force: bool = False) -> list[tuple]:
    """The de-duplicated task keys of a sweep; every input is checked here, before anything runs.

    Examples
    --------
    >>> plan_tasks("dim", ["linear 2-1-2", "linear  2-1-2"], "0..1")
    [('dimension', 'linear 2-1-2', 0, '{}'), ('dimension', 'linear 2-1-2', 1, '{}')]
    """
    from algnet.architectures.spec import parse_spec

    a = resolve(analysis)
    opts = a.check_options(options or {})
    specs = list(specs)
    if not specs:
        raise ParameterError("no specs to sweep", hint='give --spec "dense 3-2-1 r=2" or --grid "dense {2..3}-1 r=2"')
    n_seeds = count_seeds(seeds)
    total = len(specs) * n_seeds
    from algnet.guards import check_flag

    force = check_flag(force)        # a string such as "no" is bad input, not a request
    if total > MAX_TASKS and not force:
        raise TooLargeError(f"the sweep has {len(specs)} specs x {n_seeds} seeds = {total} tasks (limit {MAX_TASKS}); "
                            f"its store would take about {total * 600 / 2**30:.1f} GiB", tasks=total,
                            hint="use fewer seeds or a narrower grid (or --force)")
    seeds = parse_seeds(seeds, limit=None if force else MAX_TASKS)
    canon = list(dict.fromkeys(parse_spec(s).spec for s in specs))
    _, _, _, oj = task_key(a.name, canon[0], 0, opts)
    return [(a.name, s, seed, oj) for s in canon for seed in seeds]


# ------------------------------------------------------------------ local processes
def _die_with_parent(parent: int) -> None:
    """In a worker: exit when the parent process goes away."""
    import signal

    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)

    def watch():
        while True:
            if os.getppid() != parent:
                os._exit(1)
            time.sleep(0.5)

    threading.Thread(target=watch, daemon=True, name="algnet-parent-watch").start()


def _chunks(todo, workers, cap: int = 4):
    """Tasks in chunks (one future each): at most ``cap`` tasks, at least 8 chunks per worker."""
    size = max(1, min(cap, len(todo) // (8 * workers)))
    return [todo[i:i + size] for i in range(0, len(todo), size)]


def _run_local(todo, workers, record) -> str:
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    workers = max(1, min(workers, len(todo)))
    ex = ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn"), initializer=_die_with_parent,
                             initargs=(os.getpid(),))
    pending = {ex.submit(run_tasks, c) for c in _chunks(todo, workers)}
    stop_now = False
    try:
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                for row in f.result():
                    record(row)
    except BrokenProcessPool:
        raise WorkerLostError("a worker process died during the sweep (killed, or out of memory); the rows "
                              "finished before are stored",
                              hint="run the same command again to resume, with fewer --workers if memory is "
                                   "short") from None
    except KeyboardInterrupt:
        stop_now = True     # the running chunks are abandoned (none of their rows is stored)
        raise
    finally:
        if stop_now:    # end the workers; the pool then fails the abandoned futures itself (none is cancelled here)
            for proc in list((getattr(ex, "_processes", None) or {}).values()):
                proc.terminate()
            # the pool's call queue may have its feeder thread blocked on a pipe that no (terminated) worker reads:
            # the exit of the process must not wait for it (seen in CI: the printed partial result, then a hang
            # at exit for > 30 s, once in many runs)
            queue = getattr(ex, "_call_queue", None)
            if queue is not None:
                queue.cancel_join_thread()
            ex.shutdown(wait=False)
        else:
            for f in pending:
                f.cancel()
            ex.shutdown(wait=True, cancel_futures=True)
    return f"{workers} local processes"


# ------------------------------------------------------------------ Dask
_ADDRESS = re.compile(r"^(?:(tcp|tls|ws|wss|ucx|inproc)://)?[A-Za-z0-9_.\-\[\]:]+:\d{1,5}$")


def check_scheduler(scheduler: str) -> str:
    """``'local'`` or a scheduler address ``[tcp://]HOST:PORT``; anything else raises SchedulerError.

    Examples
    --------
    >>> check_scheduler("tcp://127.0.0.1:8786")
    'tcp://127.0.0.1:8786'
    >>> check_scheduler("bogus")
    Traceback (most recent call last):
    ...
    algnet.sweep.runner.SchedulerError: --scheduler 'bogus' is not a scheduler address
      hint: give tcp://HOST:PORT (e.g. tcp://127.0.0.1:8786) or 'local' for an embedded cluster
    """
    s = str(scheduler).strip()
    if s == "local" or _ADDRESS.match(s):
        return s
    raise SchedulerError(f"--scheduler {scheduler!r} is not a scheduler address",
                         hint="give tcp://HOST:PORT (e.g. tcp://127.0.0.1:8786) or 'local' for an embedded cluster")


def _dask():
    try:
        from dask.distributed import Client, LocalCluster, wait
    except ImportError:
        raise NotApplicableError("Dask distributed is not installed",
                                 hint="pip install 'algnet[dask]', or run without --scheduler (local processes)") \
            from None
    return Client, LocalCluster, wait


def _run_dask(todo, scheduler, workers, record, connect_timeout: float = 10.0) -> str:
    Client, LocalCluster, wait = _dask()
    from distributed import TimeoutError as DaskTimeout

    with _quiet_dask_logs():
        return _run_dask_quietly(todo, scheduler, workers, record, connect_timeout, Client, LocalCluster, wait,
                                 DaskTimeout)


# Dask's own loggers print tracebacks to stderr when a scheduler or worker dies (e.g. distributed.batched);
# algnet reports those failures itself as SchedulerError / WorkerLostError, so they are kept off stderr.
_DASK_LOGGERS = ("distributed", "distributed.client", "distributed.batched", "distributed.comm",
                 "distributed.core", "distributed.worker", "distributed.nanny", "tornado", "asyncio")


@contextlib.contextmanager
def _quiet_dask_logs():
    import logging

    saved = {name: logging.getLogger(name).level for name in _DASK_LOGGERS}
    for name in _DASK_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def _run_dask_quietly(todo, scheduler, workers, record, connect_timeout, Client, LocalCluster, wait,
                      DaskTimeout) -> str:
    cluster = None
    if scheduler == "local":
        n = max(1, min(workers or 2, len(todo)))
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        client = Client(cluster)
        desc = f"Dask LocalCluster ({n} workers)"
    else:
        try:
            client = Client(scheduler, timeout=connect_timeout)
        except (OSError, TimeoutError, DaskTimeout) as e:
            raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler} within {connect_timeout:g} s "
                                 f"({type(e).__name__})",
                                 hint="start it (dask scheduler; dask worker ADDRESS) or check the address; "
                                      "without --scheduler the sweep runs in local processes") from None
        desc = f"Dask scheduler {scheduler}"
    try:
        _collect(client, todo, record, wait, DaskTimeout, scheduler)
    finally:
        try:
            client.close(timeout=5)
        except Exception:   # noqa: BLE001 - a lost scheduler cannot be closed cleanly
            pass
        if cluster is not None:
            cluster.close()
    return desc


def _lost(scheduler, why):
    return SchedulerError(f"the Dask scheduler {scheduler} was lost during the sweep ({why}); the rows finished "
                          "before are stored",
                          hint="restart the scheduler and run the same command again to resume")


def _collect(client, todo, record, wait, DaskTimeout, scheduler):
    from distributed import KilledWorker

    # Dask's per-future cost is higher than a local pool's: larger chunks
    chunks = _chunks(todo, max(1, len(client.scheduler_info().get("workers", {})) or 2), cap=16)
    pending = {client.submit(run_tasks, c, pure=False) for c in chunks}
    lost_since = None
    try:
        while pending:
            try:
                res = wait(pending, timeout=2, return_when="FIRST_COMPLETED")
                done, pending = set(res.done), set(res.not_done)
            except (DaskTimeout, TimeoutError):
                done = set()
            for f in done:
                for row in f.result():
                    record(row)
            if client.status not in ("running", "connecting", "newly-created"):
                lost_since = lost_since or time.monotonic()
            else:
                lost_since = None
            if lost_since is not None and time.monotonic() - lost_since > 10:
                raise _lost(scheduler, f"client status {client.status}")
    except KilledWorker as e:
        raise WorkerLostError(f"Dask workers died repeatedly while computing one chunk of tasks ({e}); the rows "
                              "finished before are stored",
                              hint="the tasks may need more memory than a worker has: run them with fewer "
                                   "workers per machine, then run the same command again") from None
    except AlgnetError:
        raise
    except Exception as e:   # noqa: BLE001 - comm errors, cancelled futures: the cluster is gone
        raise _lost(scheduler, type(e).__name__) from None
    finally:
        for f in pending:
            f.cancel()


# ------------------------------------------------------------------ the runner
def run_sweep(analysis: str, specs, seeds, db, options: dict | None = None, workers: int | None = 1,
              scheduler: str | None = None, show_progress: bool = True, force: bool = False,
              retry_failed: bool = True) -> SweepResult:
    """Run ``analysis`` over specs x seeds, appending to the SQLite store ``db``.

    Parameters
    ----------
    analysis : str
        A registered analysis or alias (``dimension``/``dim``, ``degree``, ...), or ``fd``, ``batch_fd``,
        ``regions``.
    specs : list of str
        Spec strings (see :func:`algnet.grid` to make them from a grid).
    seeds : str or iterable of int
        ``'0..99'`` (inclusive), ``'1,4'`` or ints.
    db : str or path
        SQLite store (created if missing; resumed if present).
    options : dict, optional
        Options of the analysis (checked before anything runs; part of the task key).
    workers : int
        Local processes (1: in process) or LocalCluster workers.
    scheduler : str, optional
        ``None`` (local), ``'local'`` (embedded Dask LocalCluster) or ``tcp://HOST:PORT``.
    show_progress : bool
        tqdm progress bar.
    force : bool
        Run sweeps larger than :data:`algnet.sweep.tasks.MAX_TASKS` tasks, or whose tasks still to run are
        estimated above the default budget (:func:`algnet.sweep.budget.check_sweep_time`: dimension, degree,
        singular, hilbert, fd, critical). A refused sweep leaves no new store file.
    retry_failed : bool
        Compute again the tasks of this sweep stored with status 'error' by an earlier run (a refusal for the
        memory available then, a crash fixed since, an interrupted worker); False keeps them as they are.

    Returns
    -------
    SweepResult

    Raises
    ------
    ParameterError
        Unknown analysis or option, bad seeds, no specs (before any task runs).
    StoreError, SchedulerError, WorkerLostError
        The store cannot be used; the scheduler is unreachable or lost; a worker died.

    Examples
    --------
    >>> import tempfile, os
    >>> db = os.path.join(tempfile.mkdtemp(), "s.sqlite")
    >>> run_sweep("dim", ["linear 2-1-2"], "0..1", db, show_progress=False).done
    2
    >>> run_sweep("dim", ["linear 2-1-2"], "0..2", db, show_progress=False).skipped
    2
    >>> run_sweep("degree", ["relu 1-2-1"], "0", db, show_progress=False).errors     # no degree: a failed task
    1
    >>> r = run_sweep("degree", ["relu 1-2-1"], "0", db, show_progress=False)        # resumed: tried again
    >>> r.retried, r.skipped, r.errors
    (1, 0, 1)
    """
    t0 = time.perf_counter()
    keys = plan_tasks(analysis, specs, seeds, options, force=force)
    if scheduler is not None:
        scheduler = check_scheduler(scheduler)
    if workers is not None and (isinstance(workers, bool) or int(workers) < 1):
        raise ParameterError(f"--workers {workers} must be a positive integer", hint="e.g. --workers 2")
    name = keys[0][0]
    check_flag(retry_failed, "retry_failed")
    fresh = not os.path.exists(str(db))
    if fresh:       # a new store: every task is to run, estimated before the file is made (a refusal leaves none)
        from algnet.sweep.budget import check_sweep_time

        _check_path(str(db), True)      # a bad place is named before the estimate runs
        check_sweep_time(name, keys, workers, force=force)
    store = Store(db)
    have, bad = store.keys()
    if bad:
        store.delete(bad)
        have -= set(bad)
    keyset = set(keys)
    failed = [tuple(r[:4]) for r in store.raw(status="error", analysis=name) if tuple(r[:4]) in keyset] \
        if retry_failed else []
    if failed:          # stored as failed by an earlier run: computed again (a deleted row is computed next time)
        store.delete(failed)
        have -= set(failed)
    todo = [k for k in keys if k not in have]
    skipped = len(keys) - len(todo)
    if todo and not fresh:      # the tasks still to run, estimated before any starts (sweep.budget): refused above it
        from algnet.sweep.budget import check_sweep_time

        try:
            check_sweep_time(name, todo, workers, force=force)
        except BaseException:
            store.close()
            raise
    done = 0
    partial = False
    bar = None
    if show_progress and todo:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(todo), desc=f"sweep {name}", unit="task")

    def record(row):
        nonlocal done
        if store.insert(row):
            done += 1
        if bar is not None:
            bar.update(1)

    backend = "in process"
    try:
        if not todo:
            pass
        elif scheduler is not None:       # the backend is named before it runs: an interrupted sweep said 'in process'
            backend = "Dask LocalCluster" if scheduler == "local" else f"Dask scheduler {scheduler}"
            backend = _run_dask(todo, scheduler, workers, record)
        elif workers is not None and workers > 1 and len(todo) > 1:
            backend = f"{min(workers, len(todo))} local processes"
            backend = _run_local(todo, workers, record)
        else:
            for k in todo:
                record(_run_in_process(k))
    except KeyboardInterrupt:
        partial = True
    finally:
        if bar is not None:
            bar.close()
        failures = tuple(_failure(r) for r in store.raw(status="error", analysis=name) if tuple(r[:4]) in keyset)
        store.close()
    return SweepResult(name, str(db), len(keys), done, skipped, len(failures), backend, time.perf_counter() - t0,
                       partial, len(bad), failures, len(failed))


def _run_in_process(key) -> tuple:
    """:func:`run_task` of one key in this process; a Ctrl-C that the analysis turned into a result of its own (the
    degree's Hilbert cross-check, an interrupted count) stops the sweep all the same, and that row is not stored (a
    resumed sweep computes it in full)."""
    from algnet.interrupts import seeing_interrupts

    with seeing_interrupts() as seen:
        row = run_task(*key)
    if seen.interrupted:
        raise KeyboardInterrupt
    return row


def _failure(raw) -> dict:
    import json

    res = json.loads(raw[5])
    return {"spec": raw[1], "seed": raw[2], "options": raw[3], "error": res.get("error"),
            "message": res.get("message"), "hint": res.get("hint")}
