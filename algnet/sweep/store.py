"""The SQLite store of a sweep: one row per task, a checksum per row, checkpointed WAL.

Rows are written only by the coordinating process, each in its own
transaction, so a sweep killed at any moment leaves complete rows only.
The store runs in WAL mode; committed rows live in the ``-wal`` file until a
checkpoint copies them into the main file. The store is checkpointed when it
is opened (so a resumed sweep first folds in what a killed one left),
every few seconds while a sweep runs, and when it is closed: after a sweep
has ended (even by Ctrl-C), the ``.sqlite`` file alone is a complete copy.
While a sweep runs, copy a store with ``sqlite3 FILE ".backup COPY"`` (or
copy the ``-wal`` file with it).

Each row carries a SHA-256 checksum of its key, status and result; a row
whose content was altered is refused on load (:class:`StoreError`) and
recomputed by the next run of the same sweep.

Examples
--------
>>> import tempfile, os
>>> st = Store(os.path.join(tempfile.mkdtemp(), "s.sqlite"))
>>> st.insert(("dimension", "linear 2-1-2", 0, "{}", "ok", '{"dimension": 3}', 0.01))
True
>>> st.rows()[0]["dimension"]
3
>>> st.close()
>>> Store("/no/such/dir/s.sqlite")
Traceback (most recent call last):
...
algnet.sweep.store.StoreError: cannot create the sweep store /no/such/dir/s.sqlite: the directory /no/such/dir does
not exist
  hint: create it (mkdir -p /no/such/dir) or give another --db
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import time
from datetime import datetime, timezone

from algnet.errors import ParameterError

__all__ = ["Store", "StoreError", "row_checksum"]

_COLUMNS = ("analysis", "spec", "seed", "options", "status", "result", "seconds", "host", "finished", "checksum")
_SCHEMA = """CREATE TABLE IF NOT EXISTS results (
    analysis TEXT NOT NULL, spec TEXT NOT NULL, seed INTEGER NOT NULL, options TEXT NOT NULL,
    status TEXT NOT NULL, result TEXT NOT NULL, seconds REAL, host TEXT, finished TEXT, checksum TEXT,
    PRIMARY KEY (analysis, spec, seed, options))"""
_CHECKPOINT_EVERY = 5.0   # seconds between passive checkpoints while a sweep runs


class StoreError(ParameterError):
    """The sweep store cannot be used (missing directory, not a file, not SQLite, altered rows).

    Examples
    --------
    >>> import os, tempfile
    >>> Store(os.path.join(tempfile.mkdtemp(), "no", "such", "dir", "s.sqlite"))
    Traceback (most recent call last):
    ...
    algnet.sweep.store.StoreError: ...
    """


def row_checksum(analysis, spec, seed, options, status, result) -> str:
    """SHA-256 (hex) of a row's key, status and result.

    Examples
    --------
    >>> c = row_checksum("dimension", "linear 2-1-2", 0, "{}", "ok", "{}")
    >>> len(c), c == row_checksum("dimension", "linear 2-1-2", 0, "{}", "ok", '{"x": 1}')
    (64, False)
    """
    text = "\x1f".join((str(analysis), str(spec), str(int(seed)), str(options), str(status), str(result)))
    return hashlib.sha256(text.encode()).hexdigest()


def _check_path(db: str, create: bool) -> None:
    d = os.path.dirname(os.path.abspath(db))
    if os.path.isdir(db):
        raise StoreError(f"the sweep store {db} is a directory", hint="give a file name, e.g. --db sweep.sqlite")
    if not os.path.exists(db):
        if not create:
            raise StoreError(f"no sweep store at {db}", hint="run algnet sweep ... --db FILE first")
        if not os.path.isdir(d):
            raise StoreError(f"cannot create the sweep store {db}: the directory {d} does not exist",
                             hint=f"create it (mkdir -p {d}) or give another --db")
        if not os.access(d, os.W_OK):
            raise StoreError(f"cannot create the sweep store {db}: the directory {d} is not writable",
                             hint="give another --db")
        return
    with open(db, "rb") as fh:
        head = fh.read(16)
    if head and head != b"SQLite format 3\x00":
        raise StoreError(f"{db} is not an SQLite file (it starts with {head[:8]!r})",
                         hint="give a new file name or an existing sweep store with --db")


class Store:
    """An open sweep store (creates the file and table when missing).

    Parameters
    ----------
    db : str or path
    create : bool
        Create a missing file (sweeps); reading commands pass False.

    Examples
    --------
    A row goes in once: the second insert of the same key is ignored.

    >>> import os, tempfile
    >>> from algnet.sweep.tasks import run_task
    >>> row = run_task("dimension", "linear 2-1-2", 0, "{}")
    >>> with Store(os.path.join(tempfile.mkdtemp(), "s.sqlite")) as st:
    ...     first, again = st.insert(row), st.insert(row)
    ...     good, bad = st.keys()
    ...     stored = st.rows()
    >>> first, again, sorted(good), bad
    (True, False, [('dimension', 'linear 2-1-2', 0, '{}')], [])
    >>> stored[0]["dimension"]                    # 2x2 matrices of rank <= 1: the hypersurface det = 0
    3
    """

    def __init__(self, db, create: bool = True):
        self.db = str(db)
        _check_path(self.db, create)
        try:
            self.con = sqlite3.connect(self.db, timeout=60, isolation_level=None)
            self.con.execute("PRAGMA journal_mode=WAL")
            self.con.execute("PRAGMA synchronous=NORMAL")   # WAL: durable against a killed process
            self.con.execute(_SCHEMA)
            cols = [r[1] for r in self.con.execute("PRAGMA table_info(results)")]
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.db} cannot be used as a sweep store: {e}",
                             hint="give a new file name or an existing sweep store with --db") from None
        missing = [c for c in _COLUMNS if c not in cols]
        if missing == ["checksum"]:       # a store written before checksums: add them once
            self._add_checksums()
        elif missing:
            raise StoreError(f"{self.db} has a table 'results' that is not a sweep store (no column {missing[0]!r})",
                             hint="give a new file name with --db")
        self._last_checkpoint = time.monotonic()
        self.checkpoint()

    def _add_checksums(self):
        self.con.execute("ALTER TABLE results ADD COLUMN checksum TEXT")
        rows = list(self.con.execute("SELECT analysis, spec, seed, options, status, result FROM results"))
        self.con.execute("BEGIN IMMEDIATE")
        for r in rows:
            self.con.execute("UPDATE results SET checksum=? WHERE analysis=? AND spec=? AND seed=? AND options=?",
                             (row_checksum(*r), *r[:4]))
        self.con.execute("COMMIT")

    # -------------------------------------------------------------- writing
    def insert(self, row) -> bool:
        """Store ``(analysis, spec, seed, options, status, result, seconds)``; False when the key was stored."""
        analysis, spec, seed, opts, status, result, seconds = row
        self.con.execute("BEGIN IMMEDIATE")
        try:
            cur = self.con.execute(
                "INSERT OR IGNORE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (analysis, spec, seed, opts, status, result, seconds, socket.gethostname(),
                 datetime.now(timezone.utc).isoformat(timespec="seconds"),
                 row_checksum(analysis, spec, seed, opts, status, result)))
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        if time.monotonic() - self._last_checkpoint > _CHECKPOINT_EVERY:
            self.checkpoint(mode="PASSIVE")
        return cur.rowcount == 1

    def delete(self, keys) -> None:
        """Delete the rows with these (analysis, spec, seed, options) keys."""
        self.con.execute("BEGIN IMMEDIATE")
        self.con.executemany("DELETE FROM results WHERE analysis=? AND spec=? AND seed=? AND options=?", list(keys))
        self.con.execute("COMMIT")

    def checkpoint(self, mode: str = "TRUNCATE") -> None:
        """Copy the WAL into the main file (``TRUNCATE`` also empties the WAL)."""
        try:
            self.con.execute(f"PRAGMA wal_checkpoint({mode})")
        except sqlite3.OperationalError:   # another connection is busy: the next checkpoint catches up
            pass
        self._last_checkpoint = time.monotonic()

    def close(self) -> None:
        """Checkpoint and close."""
        if self.con is not None:
            self.checkpoint()
            self.con.close()
            self.con = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -------------------------------------------------------------- reading
    def keys(self) -> tuple[set, list]:
        """(keys of the intact rows, keys of the rows whose checksum does not match)."""
        good, bad = set(), []
        for r in self.con.execute("SELECT analysis, spec, seed, options, status, result, checksum FROM results"):
            key = tuple(r[:4])
            (good.add(key) if r[6] == row_checksum(*r[:6]) else bad.append(key))
        return good, bad

    def raw(self, analysis: str | None = None, status: str | None = None, keys=None) -> list[tuple]:
        """Rows as tuples (analysis, spec, seed, options, status, result, seconds), checksums checked."""
        q = "SELECT analysis, spec, seed, options, status, result, seconds, checksum FROM results"
        cond, args = [], []
        if analysis:
            cond.append("analysis = ?")
            args.append(analysis)
        if status:
            cond.append("status = ?")
            args.append(status)
        if cond:
            q += " WHERE " + " AND ".join(cond)
        out, bad = [], []
        for r in self.con.execute(q + " ORDER BY analysis, spec, seed, options", args):
            if r[7] != row_checksum(*r[:6]):
                bad.append(r[:4])
            elif keys is None or tuple(r[:4]) in keys:
                out.append(tuple(r[:7]))
        if bad:
            a, s, sd, _ = bad[0]
            raise StoreError(f"{len(bad)} row(s) of {self.db} do not match their checksum (altered after they were "
                             f"written), e.g. {a} {s!r} seed {sd}",
                             hint="run the same algnet sweep command again: rows that fail their checksum are "
                                  "recomputed")
        return out

    def rows(self, analysis: str | None = None, status: str | None = "ok", keys=None) -> list[dict]:
        """Rows as dicts: the result fields plus analysis, spec, seed, options, status, seconds."""
        out = []
        for a, sp, sd, op, st, res, sec in self.raw(analysis, status, keys):
            d = json.loads(res)
            d.update(analysis=a, spec=sp, seed=sd, options=json.loads(op), status=st, seconds=sec)
            out.append(d)
        return out
