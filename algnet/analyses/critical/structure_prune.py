"""Pruning of the structure store (:mod:`.structure_store`): entries this algnet never reads again.

A record's file name is a hash of its key, which holds the source hash of the modules that determine the family
and the points: after an edit the old file is never computed again, and stays (about 1-4 KB). :func:`prune`
removes such entries (and files of another layout or with an unreadable header) older than :data:`PRUNE_AGE`,
and the recorded content hashes of the sources (:mod:`.source_stat_key`, 16 bytes per edited state of the source
set) older than that, except those this process uses (:func:`prune_sources`);
:func:`prune_now` does so at most once per :data:`PRUNE_AGE` per directory (a marker file); the store calls it
after the first write of a process. Checking 200 current entries costs about 4.5 ms of CPU.

Examples
--------
>>> import tempfile
>>> prune(tempfile.mkdtemp())          # an empty directory: nothing to remove
0
"""

from __future__ import annotations

import json
import os
import time as _time
from pathlib import Path

__all__ = ["PRUNE_AGE", "prune", "prune_sources", "prune_now"]


#: :func:`prune` leaves files younger than this (seconds): another process's entry, written by another algnet
#: version sharing the directory, survives at least this long
PRUNE_AGE = 3600.0


def prune(root=None, age: float = PRUNE_AGE) -> int:
    """Remove the store's entries that this algnet never reads again, older than ``age`` seconds: another record
    layout, a source hash that no longer matches the sources of the family and of the network's class (edited since: the
    entry's file name is never computed again; about 4 KB each), or an unreadable header. An entry of a network
    class outside algnet (whose sources cannot be checked here) is kept. Called after the first write of a process
    to the directory; returns how many files were removed; never raises. Safe against other processes: a write in
    flight is a temporary file (another name pattern, see :func:`_remove_abandoned`) renamed into place complete,
    and a file removed while another process reads it stays readable to that process (POSIX; elsewhere the removal
    fails and the file stays). The recorded source hashes are pruned too (:func:`prune_sources`, counted).

    Examples
    --------
    >>> import os, tempfile
    >>> from algnet.analyses.critical.structure_store import entry_path, write
    >>> root = tempfile.mkdtemp()
    >>> old = {"structure": ["algnet.architectures.dense", "LinearNetwork", "linear 2-1-2", 4], "source": "0" * 16}
    >>> _ = write(old, {}, {}, root=root)
    >>> os.utime(entry_path(old, root), (1e9, 1e9))          # written long ago, by sources since edited
    >>> prune(root), entry_path(old, root).exists()
    (1, False)
    """
    import importlib

    from algnet.analyses.critical.structure_store import FORMAT, cache_dir, source_hash

    d, now, current = cache_dir(root), _time.time(), {}
    removed = prune_sources(root, age)
    try:
        files = [p for p in d.glob("*.struct") if not p.name.startswith(".")]
    except OSError:
        return removed
    for p in files:
        try:
            if now - p.stat().st_mtime <= age:
                continue
            key = _recorded_key(p)
        except OSError:
            continue
        if key is not None and key.get("format") == FORMAT:
            try:
                mod, name = key["structure"][0], key["structure"][1]
            except (KeyError, IndexError, TypeError):
                mod = name = None
            if not (isinstance(mod, str) and mod.split(".")[0] == "algnet"):
                continue          # not ours to judge (a network class outside algnet) or no structure: kept
            if (mod, name) not in current:
                try:
                    # (the sources' recorded content hashes read and written under ``root``: a prune writes nothing
                    # outside the directory it is given)
                    current[(mod, name)] = source_hash(getattr(importlib.import_module(mod), name), root=root)
                except Exception:        # the class is gone from algnet: the entry is never read again
                    current[(mod, name)] = None
            if key.get("source") == current[(mod, name)]:
                continue
        try:
            p.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def prune_sources(root=None, age: float = PRUNE_AGE) -> int:
    """Remove the recorded content hashes of the sources (the ``sources`` subdirectory, :mod:`.source_stat_key`)
    older than ``age`` seconds, except the stat keys this process uses (:func:`.source_stat_key.in_use`), and
    temporary files of writers killed more than ``age`` ago. A hash still in use elsewhere is touched when read
    back at half that age, so it stays; one removed anyway only costs hashing the sources again (about 1 ms).
    Returns how many files were removed; never raises.

    Examples
    --------
    >>> import os, tempfile
    >>> root = tempfile.mkdtemp()
    >>> d = Path(root) / "critical" / "sources"
    >>> d.mkdir(parents=True)
    >>> _ = (d / ("0" * 32)).write_text("0" * 16)
    >>> os.utime(d / ("0" * 32), (1e9, 1e9))                   # recorded long ago, for sources since edited
    >>> prune_sources(root), os.listdir(d)
    (1, [])
    """
    from algnet.analyses.critical.source_stat_key import SUBDIR, in_use
    from algnet.analyses.critical.structure_store import cache_dir

    now, keep, removed = _time.time(), in_use(), 0
    try:
        files = list((cache_dir(root) / SUBDIR).iterdir())
    except OSError:
        return 0
    for p in files:
        if p.name in keep:
            continue
        try:
            if now - p.stat().st_mtime > age:
                p.unlink()
                removed += 1
        except OSError:
            pass
    return removed


def prune_now(d: Path, root=None) -> None:
    """:func:`prune` unless the directory's marker file says it ran less than :data:`PRUNE_AGE` seconds ago.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> prune_now(d), (d / ".last-prune").exists()
    (None, True)
    """
    mark = d / ".last-prune"
    try:
        if mark.exists() and _time.time() - mark.stat().st_mtime < PRUNE_AGE:
            return
        mark.touch()
        os.utime(mark)
    except OSError:
        return
    prune(root)


def _recorded_key(path):
    """The key recorded in a record file's header (the file's start only), or None when it has none."""
    from algnet.analyses.critical.structure_store import MAGIC

    k = len(MAGIC)
    with open(path, "rb") as f:
        start = f.read(k + 8)
        if start[:k] != MAGIC or len(start) < k + 8:
            return None
        head = f.read(min(int.from_bytes(start[k:], "little"), 1 << 20))
    try:
        key = json.loads(json.loads(head)["meta"]["key"])
    except (ValueError, KeyError, TypeError):
        return None
    return key if isinstance(key, dict) else None
