"""Resumable sweeps of an analysis over architectures x seeds.

A task is (analysis, spec, seed, options); its result (a JSON object) is
appended to an SQLite file, one row per task with that 4-tuple as primary
key, each row committed in its own transaction by the coordinating process
(workers only compute). A sweep killed at any moment therefore leaves only
complete rows; restarting it skips the tasks already stored and computes
the rest: nothing is lost and nothing is duplicated.

Backends: local processes (default; ``workers=1`` runs in process) and Dask
distributed (``scheduler="tcp://HOST:PORT"`` to use a running cluster, or
``scheduler="local"`` for an embedded LocalCluster; needs the optional extra
``algnet[dask]``). Results do not depend on the backend: every analysis is a
deterministic function of (spec, seed, options).

Analyses are registered by name with :func:`register_analysis`; built in:

* ``fd``: ReLU functional dimension (decisive set when n_0 <= 2, otherwise
  batch functional dimension at 2 ceil(D / n_out) random inputs), with D, D',
  whether D' is attained and whether the value is exact;
* ``batch_fd``: the batch functional dimension only;
* ``regions``: exact region count of a ReLU network on a box (``box`` option,
  default [-1, 1]^2) or the plane;
* ``dimension``: :func:`algnet.analyses.dimension.dimension` (dense, conv,
  attention, ... networks).

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

from __future__ import annotations

import json
import socket
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from algnet.errors import AlgnetError, NotApplicableError, ParameterError

__all__ = ["register_analysis", "analyses", "run_sweep", "SweepResult", "load_results", "parse_seeds",
           "fd_summary", "plot_sweep", "task_key", "run_task"]

_ANALYSES: dict = {}


def register_analysis(name: str):
    """Decorator: register ``fn(spec: str, seed: int, **options) -> dict`` under ``name``.

    The function must be deterministic in (spec, seed, options) and return
    a JSON-serialisable dict.

    Examples
    --------
    >>> "fd" in analyses() and "dimension" in analyses()
    True
    """

    def deco(fn):
        _ANALYSES[name] = fn
        return fn

    return deco


def analyses() -> dict:
    """The registered analyses by name."""
    return dict(_ANALYSES)


def _relu(spec):
    from algnet.architectures.relu import ReluNetwork
    from algnet.architectures.spec import parse_spec

    net = parse_spec(spec)
    if not isinstance(net, ReluNetwork):
        raise NotApplicableError(f"{net.spec}: this analysis is for ReLU networks", hint="use 'relu ...' specs")
    return net


def _arch(net) -> dict:
    hidden = list(net.widths[1:-1])
    return {"widths": list(net.widths), "depth": len(hidden), "width": max(hidden) if hidden else 0,
            "parameters": net.n_params, "bound": net.dimension_bound}


@register_analysis("fd")
def _fd(spec, seed, batch=None, max_regions=20000):
    from algnet.errors import TooLargeError
    from algnet.relu.functional import batch_functional_dimension, functional_dimension

    net = _relu(spec)
    theta = net.random_params(seed=seed)
    out = _arch(net)
    fd = None
    if net.widths[0] <= 2:
        try:
            fd = functional_dimension(net, theta, max_regions=max_regions, float_check=False)
        except TooLargeError:
            fd = None
    if fd is not None:
        out.update(fd=fd.functional_dimension, exact=fd.certified, scope="decisive set", regions=fd.regions,
                   method=fd.batch.method)
    else:
        b = batch_functional_dimension(net, theta, batch=batch, seed=seed, on_nonsmooth="drop", float_check=False)
        out.update(fd=b.rank, exact=b.certified and b.rank == b.bound,
                   scope="random inputs (lower bound of the functional dimension)", regions=None, method=b.method)
    out["attains_bound"] = out["fd"] == out["bound"]
    out["gap"] = out["bound"] - out["fd"]
    return out


@register_analysis("batch_fd")
def _batch_fd(spec, seed, batch=None):
    from algnet.relu.functional import batch_functional_dimension

    net = _relu(spec)
    b = batch_functional_dimension(net, net.random_params(seed=seed), batch=batch, seed=seed,
                                   on_nonsmooth="drop", float_check=False)
    out = _arch(net)
    out.update(fd=b.rank, exact=b.certified, method=b.method, points=b.n_points, gap=b.gap,
               attains_bound=b.rank == b.bound)
    return out


@register_analysis("regions")
def _regions(spec, seed, box=None, plane=False):
    from algnet.relu.regions import linear_regions

    net = _relu(spec)
    part = linear_regions(net, net.random_params(seed=seed), box=None if plane else (box or (-1, 1, -1, 1)),
                          plane=plane)
    out = _arch(net)
    out.update(regions=part.count, bounded=part.n_bounded, vertices=part.n_vertices, exact=True)
    return out


@register_analysis("dimension")
def _dimension(spec, seed, **options):
    from algnet.analyses.dimension import dimension

    r = dimension(spec, seed=seed, **options)
    out = {}
    for k in ("spec", "dimension", "ambient", "parameters", "expected", "fiber_dimension", "symmetry_dimension",
              "upper_bound", "defect", "certified", "reason", "method", "probability_bound"):
        v = getattr(r, k, None)
        out[k] = v if isinstance(v, (int, float, str, bool)) or v is None else str(v)
    return out


# ------------------------------------------------------------------ tasks
def task_key(analysis: str, spec: str, seed: int, options: dict) -> tuple:
    """Canonical (analysis, spec, seed, options-json) key.

    Examples
    --------
    >>> task_key("fd", "relu  2-3-1", 4, {"b": 1, "a": 2})
    ('fd', 'relu 2-3-1', 4, '{"a": 2, "b": 1}')
    """
    from algnet.architectures.spec import parse_spec

    return (analysis, parse_spec(spec).spec, int(seed), json.dumps(options or {}, sort_keys=True))


def run_task(analysis: str, spec: str, seed: int, options_json: str) -> tuple:
    """Compute one task (in a worker): (key..., status, result-json, seconds)."""
    t0 = time.perf_counter()
    fn = _ANALYSES[analysis]
    try:
        res = fn(spec, seed, **json.loads(options_json))
        status = "ok"
    except AlgnetError as e:
        res = {"error": type(e).__name__, "message": e.message}
        status = "error"
    return (analysis, spec, seed, options_json, status, json.dumps(res, sort_keys=True), time.perf_counter() - t0)


_SCHEMA = """CREATE TABLE IF NOT EXISTS results (
    analysis TEXT NOT NULL, spec TEXT NOT NULL, seed INTEGER NOT NULL, options TEXT NOT NULL,
    status TEXT NOT NULL, result TEXT NOT NULL, seconds REAL, host TEXT, finished TEXT,
    PRIMARY KEY (analysis, spec, seed, options))"""


def _connect(db: str) -> sqlite3.Connection:
    con = sqlite3.connect(db, timeout=60, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute(_SCHEMA)
    return con


def _store(con, row) -> bool:
    analysis, spec, seed, opts, status, result, seconds = row
    con.execute("BEGIN IMMEDIATE")
    try:
        cur = con.execute("INSERT OR IGNORE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (analysis, spec, seed, opts, status, result, seconds, socket.gethostname(),
                           datetime.now(timezone.utc).isoformat(timespec="seconds")))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return cur.rowcount == 1


def parse_seeds(text) -> list[int]:
    """``'0..9'`` (inclusive), ``'1,4,7'``, ``'5'`` or a range/list of ints.

    Examples
    --------
    >>> parse_seeds("0..3"), parse_seeds("2,5")
    ([0, 1, 2, 3], [2, 5])
    """
    if not isinstance(text, str):
        return [int(s) for s in text]
    out = []
    for part in text.split(","):
        part = part.strip()
        try:
            if ".." in part:
                a, b = part.split("..")
                out += list(range(int(a), int(b) + 1))
            elif part:
                out.append(int(part))
        except ValueError:
            raise ParameterError(f"bad seeds {text!r}", hint="e.g. 0..99 (inclusive) or 1,2,5") from None
    return out


@dataclass(frozen=True)
class SweepResult:
    """What a call of :func:`run_sweep` did: ``done`` tasks computed and stored
    now, ``skipped`` already in the store, ``errors`` stored with status
    'error', ``partial`` when interrupted."""

    analysis: str
    db: str
    total: int
    done: int
    skipped: int
    errors: int
    backend: str
    seconds: float
    partial: bool = False

    def __repr__(self):
        return (f"SweepResult({self.analysis!r}: {self.done} computed, {self.skipped} already stored, "
                f"{self.errors} errors, of {self.total} tasks; {self.backend}; {self.seconds:.1f} s"
                + (", interrupted (partial)" if self.partial else "") + f"; store {self.db})")


def _stored_keys(con) -> set:
    return {tuple(r) for r in con.execute("SELECT analysis, spec, seed, options FROM results")}


def run_sweep(analysis: str, specs, seeds, db: str, options: dict | None = None, workers: int | None = 1,
              scheduler: str | None = None, show_progress: bool = True) -> SweepResult:
    """Run ``analysis`` over specs x seeds, appending to the SQLite file ``db``.

    Parameters
    ----------
    analysis : registered name (see :func:`analyses`)
    specs : list of spec strings
    seeds : iterable of ints, or a string like ``'0..99'``
    db : path of the SQLite store (created if missing)
    options : keyword options of the analysis (part of the task key)
    workers : local processes (1: in process) or Dask LocalCluster workers
    scheduler : None (local processes), ``'local'`` (embedded Dask
        LocalCluster) or a Dask scheduler address ``tcp://HOST:PORT``
    show_progress : tqdm progress bar

    Returns
    -------
    SweepResult
    """
    if analysis not in _ANALYSES:
        raise ParameterError(f"unknown analysis {analysis!r}", hint="known: " + ", ".join(sorted(_ANALYSES)))
    t0 = time.perf_counter()
    seeds = parse_seeds(seeds)
    keys = []
    for s in specs:
        for seed in seeds:
            keys.append(task_key(analysis, s, seed, options or {}))
    keys = list(dict.fromkeys(keys))
    con = _connect(db)
    have = _stored_keys(con)
    todo = [k for k in keys if k not in have]
    skipped = len(keys) - len(todo)
    done = errors = 0
    partial = False
    bar = None
    if show_progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(todo), desc=f"sweep {analysis}", unit="task")

    def record(row):
        nonlocal done, errors
        if _store(con, row):
            done += 1
            errors += row[4] == "error"
        if bar is not None:
            bar.update(1)

    backend = "in process"
    try:
        if not todo:
            pass
        elif scheduler is not None:
            backend = _run_dask(todo, scheduler, workers, record)
        elif workers is not None and workers > 1:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor, as_completed

            backend = f"{workers} local processes"
            with ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn")) as ex:
                futs = [ex.submit(run_task, *k) for k in todo]
                try:
                    for f in as_completed(futs):
                        record(f.result())
                except KeyboardInterrupt:
                    for f in futs:
                        f.cancel()
                    raise
        else:
            for k in todo:
                record(run_task(*k))
    except KeyboardInterrupt:
        partial = True
    finally:
        if bar is not None:
            bar.close()
        con.close()
    return SweepResult(analysis, str(db), len(keys), done, skipped, errors, backend, time.perf_counter() - t0, partial)


def _run_dask(todo, scheduler, workers, record) -> str:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise NotApplicableError("Dask distributed is not installed",
                                 hint="pip install 'algnet[dask]', or run without --scheduler (local processes)") from None
    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        desc = f"Dask LocalCluster ({workers or 2} workers)"
    else:
        client = Client(scheduler)
        desc = f"Dask scheduler {scheduler}"
    try:
        futs = [client.submit(run_task, *k, pure=False) for k in todo]
        for f in as_completed(futs):
            record(f.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return desc


# ------------------------------------------------------------------ reading and plotting
def load_results(db: str, analysis: str | None = None, status: str | None = "ok") -> list[dict]:
    """Stored rows as dicts (the result fields plus analysis, spec, seed, options, status, seconds).

    Examples
    --------
    >>> import tempfile, os
    >>> db = os.path.join(tempfile.mkdtemp(), "s.sqlite")
    >>> _ = run_sweep("regions", ["relu 2-3-1"], "0..1", db, show_progress=False)
    >>> [r["regions"] <= 7 for r in load_results(db)]
    [True, True]
    """
    import os

    if not os.path.exists(db):
        raise ParameterError(f"no sweep store at {db}", hint="run algnet sweep first")
    con = _connect(db)
    try:
        q = "SELECT analysis, spec, seed, options, status, result, seconds FROM results"
        cond, args = [], []
        if analysis:
            cond.append("analysis = ?")
            args.append(analysis)
        if status:
            cond.append("status = ?")
            args.append(status)
        if cond:
            q += " WHERE " + " AND ".join(cond)
        rows = []
        for a, sp, sd, op, st, res, sec in con.execute(q + " ORDER BY analysis, spec, seed", args):
            d = json.loads(res)
            d.update(analysis=a, spec=sp, seed=sd, options=json.loads(op), status=st, seconds=sec)
            rows.append(d)
        return rows
    finally:
        con.close()


def fd_summary(rows) -> list[dict]:
    """Per architecture: number of seeds, fraction attaining D', gap histogram.

    Examples
    --------
    >>> fd_summary([{"spec": "relu 1-2-1", "fd": 5, "bound": 5, "depth": 1, "width": 2},
    ...             {"spec": "relu 1-2-1", "fd": 4, "bound": 5, "depth": 1, "width": 2}])[0]["fraction_attaining"]
    0.5
    """
    from collections import Counter, defaultdict

    by = defaultdict(list)
    for r in rows:
        if "fd" in r and "bound" in r:
            by[r["spec"]].append(r)
    out = []
    for spec, rs in sorted(by.items()):
        gaps = Counter(r["bound"] - r["fd"] for r in rs)
        out.append({"spec": spec, "depth": rs[0].get("depth"), "width": rs[0].get("width"), "bound": rs[0]["bound"],
                    "seeds": len(rs), "fraction_attaining": sum(r["fd"] == r["bound"] for r in rs) / len(rs),
                    "exact": sum(bool(r.get("exact")) for r in rs), "gap_histogram": dict(sorted(gaps.items()))})
    return out


def plot_sweep(rows, path: str | None = None):
    """Two panels for functional-dimension sweeps: the histogram of the gap
    D' - FD per architecture, and the fraction of seeds attaining D' against
    the hidden width, one line per depth. Returns the figure (saved if ``path``)."""
    import matplotlib.pyplot as plt

    summ = fd_summary(rows)
    if not summ:
        raise ParameterError("no functional-dimension rows to plot", hint="run algnet sweep fd first")
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4))
    maxgap = max(max(s["gap_histogram"]) for s in summ)
    bins = range(0, maxgap + 2)
    for s in summ:
        gaps = [g for g, c in s["gap_histogram"].items() for _ in range(c)]
        a1.hist(gaps, bins=bins, alpha=0.5, label=s["spec"], align="left")
    a1.set_xlabel("gap D' - functional dimension")
    a1.set_ylabel("number of seeds")
    a1.set_title("functional dimension of random networks")
    a1.legend(fontsize=7)
    from collections import defaultdict

    lines = defaultdict(list)
    for s in summ:
        lines[s["depth"]].append((s["width"], s["fraction_attaining"]))
    for depth, pts in sorted(lines.items()):
        pts.sort()
        a2.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=f"depth {depth}")
    a2.set_xlabel("hidden width (max)")
    a2.set_ylabel("fraction attaining D'")
    a2.set_ylim(-0.05, 1.05)
    a2.set_title("fraction of seeds with FD = D'")
    a2.legend(fontsize=8)
    fig.tight_layout()
    if path:
        fig.savefig(path, dpi=130)
    return fig
