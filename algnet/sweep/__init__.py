"""Resumable sweeps of an analysis over architectures x seeds.

A task is (analysis, spec, seed, options); its result (the full JSON of the
result, with its evidence record) is appended to an SQLite store, one row
per task with that 4-tuple as primary key, each row committed in its own
transaction by the coordinating process (workers only compute). A sweep
killed at any moment leaves only complete rows; restarting it skips the
tasks already stored and computes the rest: nothing is lost and nothing is
duplicated. Every row carries a checksum, checked on load.

Every analysis of the registry (:mod:`algnet.registry`) can be swept, by its
name or an alias (``dim`` = ``dimension``), plus the ReLU sweeps ``fd``,
``batch_fd`` and ``regions``. Specs come from lists or grids
(:func:`algnet.grid`).

Backends: in process (``workers=1``), local processes (``workers=N``) and
Dask distributed (``scheduler="tcp://HOST:PORT"`` for a running cluster,
``scheduler="local"`` for an embedded LocalCluster; needs the extra
``algnet[dask]``). Results do not depend on the backend: every analysis is
a deterministic function of (spec, seed, options).

Modules: :mod:`~algnet.sweep.tasks` (names, seeds, keys, one task),
:mod:`~algnet.sweep.store` (the SQLite store), :mod:`~algnet.sweep.runner`
(backends), :mod:`~algnet.sweep.summary` (export, summaries),
:mod:`~algnet.sweep.plots` (pictures), :mod:`~algnet.sweep.legacy` (ReLU
adapters).

Examples
--------
>>> import tempfile, os
>>> db = os.path.join(tempfile.mkdtemp(), "s.sqlite")
>>> res = run_sweep("fd", ["relu 1-2-1"], range(3), db, show_progress=False)
>>> res.done, res.skipped
(3, 0)
>>> run_sweep("fd", ["relu 1-2-1"], range(4), db, show_progress=False).done   # resumes: only seed 3
1
>>> len(load_results(db))
4
"""

from algnet.sweep.plots import plot_defects, plot_fd, plot_rows, plot_sweep, plot_values
from algnet.sweep.runner import SchedulerError, SweepResult, WorkerLostError, plan_tasks, run_sweep
from algnet.sweep.store import Store, StoreError
from algnet.sweep.summary import export, fd_summary, flatten, load_results, summarize
from algnet.sweep.tasks import known_analyses, parse_seeds, resolve, run_task, task_key

__all__ = ["run_sweep", "SweepResult", "plan_tasks", "load_results", "export", "summarize", "flatten",
           "fd_summary", "plot_sweep", "plot_fd", "plot_defects", "plot_values", "plot_rows", "parse_seeds",
           "task_key", "run_task", "resolve", "known_analyses", "Store", "StoreError", "SchedulerError",
           "WorkerLostError"]
