"""Content hashes of source files remembered across processes by the files' (path, size, modification time).

The structure store's source hash (:func:`.structure_store.source_hash`) is a SHA-256 of the contents of the
modules that determine a stored structure (:func:`algnet.homotopy.kernel_cache.source_key`). Reading and hashing
those files would be most of a stored structure's load in a new process. Python's bytecode cache (a ``.pyc`` is
reused while its source's size and mtime are unchanged) and
the tapes' stamp (:mod:`.tape_stamp`) already trust a file's size and modification time; this module does the same
for the content hash: :func:`cached_source_key` stats every file (one ``os.stat`` each), and when the tuple of
(path, size, mtime in ns) was seen before, in any process, takes the content hash recorded for it in a small file
of the ``sources`` subdirectory of the store's directory; otherwise it hashes the contents and records the result
(atomically: a temporary file, then a rename; a directory that cannot be written only costs the hashing again).
Each edited state of the source set leaves one 16-byte file: :func:`.structure_prune.prune` removes those older
than its age, except the keys this process used (:func:`in_use`); a recorded hash read back is touched when older
than half that age, so a key in use keeps a recent modification time and is never removed while in use.

The gap, stated: an edit that keeps a file's size and its modification time (to the nanosecond the file system
records; e.g. a copy with ``cp -p`` of a same-sized different file, or an edit within the file system's timestamp
granularity followed by another of the same size) keeps the old hash, so a stored structure of the old code would
be loaded -- the same gap as Python's own bytecode cache, which would then also run the old code. What is loaded is
still checked as before (the tapes' identity with the program, the count's own certification: module doc of
:mod:`.structure_store`). Like the store, the recorded hashes guard against stale sources, not a forged cache
directory.

Examples
--------
>>> import os, tempfile
>>> from algnet.homotopy.kernel_cache import source_key
>>> d = tempfile.mkdtemp()
>>> f = os.path.join(d, "m.py")
>>> _ = open(f, "w").write("x = 1\\n")
>>> cached_source_key((f,), d) == source_key([f])
True
"""

from __future__ import annotations

import hashlib
import os
import time as _time
from pathlib import Path

from algnet.analyses.critical.structure_prune import PRUNE_AGE

__all__ = ["file_stats", "file_stat", "stat_key", "share_first_seen", "cached_source_key", "in_use", "SUBDIR"]

#: the subdirectory of the store's directory holding the recorded content hashes (one file per stat key)
SUBDIR = "sources"

#: the stat keys this process looked up or recorded in a store directory (never pruned by this process)
_IN_USE: set = set()


def file_stats(paths, root=None, first_seen: bool = False) -> list:
    """Per file of ``paths``, ``(size, modification time in ns)`` (relative to the directory ``root`` when given: None
    for an absolute path or one that leaves it), None when it cannot be stat'ed. ``first_seen``: as this process first
    saw it (remembered per ``root`` and path; a file edited later keeps its first answer: for modules, whose code a
    process runs is the code it imported). The one key on a file's state that :func:`stat_key` and the tapes' stamp
    (:mod:`.tape_stamp`) use.

    Examples
    --------
    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> _ = open(os.path.join(d, "m.py"), "w").write("x = 1\\n")
    >>> os.utime(os.path.join(d, "m.py"), ns=(0, 12345))
    >>> file_stats(["m.py", "gone.py", os.path.join("..", "m.py")], d)
    [(6, 12345), None, None]
    >>> file_stats(["m.py"], d, first_seen=True) == file_stats(["m.py"], d)
    True
    >>> os.utime(os.path.join(d, "m.py"), ns=(0, 99))          # touched: the first answer is kept
    >>> file_stats(["m.py"], d, first_seen=True), file_stats(["m.py"], d)
    ([(6, 12345)], [(6, 99)])
    """
    seen = _FIRST_SEEN.get(root) if first_seen else None
    if seen is not None:
        try:
            return [seen[path] for path in paths]      # every file seen before (a stamp's check, after the first)
        except KeyError:
            pass
    elif first_seen:
        seen = _FIRST_SEEN[root] = {}
    out = []
    for path in paths:
        got = seen.get(path) if first_seen else None
        if got is None:
            got = _stat_now(path, root)
            if first_seen and got is not None:
                seen[path] = got
        out.append(got)
    return out


def file_stat(path, root=None, first_seen: bool = False):
    """:func:`file_stats` of one file.

    Examples
    --------
    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> _ = open(os.path.join(d, "m.py"), "w").write("x = 1\\n")
    >>> file_stat("m.py", d)[0], file_stat(os.path.join(d, "m.py"))[0], file_stat("gone.py", d)
    (6, 6, None)
    """
    return file_stats((path,), root, first_seen)[0]


def _stat_now(path, root):
    if root is not None:
        if os.path.isabs(path) or ".." in path.replace("\\", "/").split("/"):
            return None
        path = os.path.join(root, path)
    try:
        st = os.stat(path)
    except OSError:
        return None
    return int(st.st_size), int(st.st_mtime_ns)


#: :func:`file_stats`'s first answers, per ``root`` and path
_FIRST_SEEN: dict = {}


def stat_key(paths) -> str:
    """A hex digest of the files' (path, size, modification time in ns) (:func:`file_stats`, as they are now), in
    order; a missing file counts with size and time -1 (its hash is then computed, and fails, as without this
    cache).

    Examples
    --------
    >>> import os, tempfile
    >>> f = os.path.join(tempfile.mkdtemp(), "m.py")
    >>> _ = open(f, "w").write("x = 1\\n")
    >>> a = stat_key([f])
    >>> os.utime(f, ns=(0, 12345))
    >>> len(a), a == stat_key([f])
    (32, False)
    """
    paths = [os.fspath(p) for p in paths]
    stats = file_stats(paths)
    _seen_now(paths, stats)
    parts = []
    for p, st in zip(paths, stats):
        size, mtime = st or (-1, -1)
        parts.append(f"{p}\0{size}\0{mtime}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def share_first_seen(root) -> None:
    """Have :func:`stat_key` note the files it stats inside the directory ``root`` as this process's first view of
    them (:func:`file_stats` with ``first_seen``, relative to ``root``) where it has none: a file's state is stat'ed
    once for the source hash and the tapes' stamp (:mod:`.tape_stamp`, which registers its root: 27 of its 38
    modules are among the source hash's; 0.08 ms of a new process's first count).

    Examples
    --------
    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> _ = open(os.path.join(d, "m.py"), "w").write("x = 1\\n")
    >>> share_first_seen(d)
    >>> _ = stat_key([os.path.join(d, "m.py")])
    >>> os.utime(os.path.join(d, "m.py"), ns=(0, 99))           # touched after the source hash saw it
    >>> file_stats(["m.py"], d, first_seen=True) == file_stats(["m.py"], d)
    False
    """
    _FIRST_SEEN.setdefault(root, {})


def _seen_now(paths, stats) -> None:
    """Note ``stats`` of ``paths`` (absolute) as first seen under each root registered by :func:`share_first_seen`
    (a path it already has keeps its first answer)."""
    for root, seen in _FIRST_SEEN.items():
        if root is None:
            continue
        prefix = root + os.sep
        n = len(prefix)
        for p, st in zip(paths, stats):
            if st is not None and p.startswith(prefix) and ".." not in p:
                seen.setdefault(p[n:], st)


def cached_source_key(paths, directory) -> str:
    """:func:`algnet.homotopy.kernel_cache.source_key` of ``paths``, taken from ``directory``/``sources`` when
    their :func:`stat_key` was recorded there, else computed and recorded (``directory`` None: always computed).

    Examples
    --------
    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> f = os.path.join(d, "m.py")
    >>> _ = open(f, "w").write("x = 1\\n")
    >>> a = cached_source_key((f,), d)
    >>> _ = open(f, "w").write("x = 22\\n")                 # a new size: hashed again
    >>> a == cached_source_key((f,), d), len(os.listdir(os.path.join(d, SUBDIR)))
    (False, 2)
    """
    if directory is None:
        return _content_key(paths)
    key = stat_key(paths)
    _IN_USE.add(key)
    rec = Path(directory) / SUBDIR / key
    try:
        with open(rec, "rb", buffering=0) as f:
            got = f.readall().decode("ascii")
            old = _time.time() - os.fstat(f.fileno()).st_mtime > PRUNE_AGE / 2
        if len(got) == 16 and all(c in "0123456789abcdef" for c in got):
            if old:                 # in use: kept recent, so a prune by age (module doc) leaves it
                _touch(rec)
            return got
    except (OSError, UnicodeDecodeError):
        pass
    got = _content_key(paths)
    _record(rec, got)
    return got


def in_use() -> frozenset:
    """The stat keys (:func:`stat_key`) this process looked up or recorded in a store directory by
    :func:`cached_source_key`: the sources it runs, whose recorded hashes a prune keeps.

    Examples
    --------
    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> f = os.path.join(d, "m.py")
    >>> _ = open(f, "w").write("x = 1\\n")
    >>> _ = cached_source_key((f,), d)
    >>> stat_key([f]) in in_use()
    True
    """
    return frozenset(_IN_USE)


def _touch(rec: Path) -> None:
    try:
        os.utime(rec)
    except OSError:
        pass


def _content_key(paths) -> str:
    from algnet.homotopy.kernel_cache import source_key

    return source_key([Path(p) for p in paths])


def _record(rec: Path, value: str) -> None:
    """Write ``value`` to ``rec`` atomically; nothing when the directory cannot be written."""
    tmp = rec.with_name(f".tmp-{os.getpid()}-{rec.name}")
    try:
        rec.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(value.encode("ascii"))
        os.replace(tmp, rec)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
