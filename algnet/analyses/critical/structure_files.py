"""Where the store of solved structures keeps its files, and how one is written: the directory (``critical``
under a given root, ``$ALGNET_CACHE_DIR`` or the user cache directory) and a new file written exclusively under a
temporary name, for :mod:`.structure_store` to rename into place (a reader never sees half a record).

Examples
--------
>>> import os, tempfile
>>> d = store_dir(tempfile.mkdtemp())
>>> tmp = written_temporary(d, b"record")
>>> open(tmp, "rb").read(), oct(os.stat(tmp).st_mode & 0o777)
(b'record', '0o600')
"""

from __future__ import annotations

import itertools
import os
import sys
import time as _time
from pathlib import Path

__all__ = ["CACHE_ENV", "cache_dir", "store_dir", "written_temporary", "remove_abandoned"]

#: the environment variable naming the root of algnet's caches (the store is its ``critical`` subdirectory)
CACHE_ENV = "ALGNET_CACHE_DIR"


def cache_dir(root=None) -> Path:
    """The store's directory (module doc): ``critical`` under ``root`` if given, else under
    ``$ALGNET_CACHE_DIR``, else under the user cache directory; not created here.

    Examples
    --------
    >>> str(cache_dir("/tmp/somewhere"))
    '/tmp/somewhere/critical'
    """
    return store_dir(root)[0]


def store_dir(root=None) -> tuple:
    """``(cache_dir(root), str of it)``, remembered per root and environment (the Path operations take 35-80 us of
    each read and write); the user cache directory's variables are looked up only without a root.

    Examples
    --------
    >>> store_dir("/tmp/somewhere")
    (PosixPath('/tmp/somewhere/critical'), '/tmp/somewhere/critical')
    """
    env = os.environ
    base = root or env.get(CACHE_ENV)
    key = (base,) if base else (None, sys.platform, env.get("LOCALAPPDATA"), env.get("XDG_CACHE_HOME"), env.get("HOME"))
    got = _DIRS.get(key)
    if got is None:
        d = _cache_dir(base)
        if len(_DIRS) > 64:
            _DIRS.clear()
        got = _DIRS[key] = (d, str(d))
    return got


_DIRS: dict = {}


def _cache_dir(root) -> Path:
    if root:
        return Path(root).expanduser() / "critical"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "algnet" / "critical"



def written_temporary(d: tuple, data: bytes) -> str:
    """A new file in the directory ``d`` (:func:`store_dir`'s pair; made when missing) holding ``data``: its name.
    Created exclusively (never an existing file or a link) and readable by the owner only, as ``tempfile.mkstemp``
    does; its name the process id and a counter (a name left by a killed process of the same id: the next number).
    The directory is made once per process (again when it was removed since).

    Examples
    --------
    >>> import os, tempfile
    >>> tmp = written_temporary(store_dir(tempfile.mkdtemp()), b"abc")
    >>> os.path.basename(tmp).startswith(f".tmp-{os.getpid()}-"), open(tmp, "rb").read()
    (True, b'abc')
    """
    if d[1] not in _MADE:
        os.makedirs(d[1], exist_ok=True)
        _MADE.add(d[1])
    for attempt in range(100):
        tmp = f"{d[1]}{os.sep}.tmp-{os.getpid()}-{next(_NAMES)}.struct"
        try:
            fd = os.open(tmp, _CREATE, 0o600)
        except FileExistsError:
            continue
        except FileNotFoundError:       # the directory was removed since this process made it
            if attempt:
                raise
            os.makedirs(d[1], exist_ok=True)
            continue
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        except BaseException:
            os.unlink(tmp)
            raise
        finally:
            os.close(fd)
        return tmp
    raise FileExistsError(tmp)


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_MADE: set = set()
_NAMES = itertools.count()



def remove_abandoned(d: Path, age: float = 3600.0) -> None:
    """Remove temporary files of writes that never finished (a process killed between writing and renaming) older
    than ``age`` seconds.

    Examples
    --------
    >>> import os, tempfile
    >>> from pathlib import Path
    >>> d = Path(tempfile.mkdtemp())
    >>> old = d / ".tmp-1-0.struct"
    >>> _ = old.write_bytes(b"")
    >>> os.utime(old, (0, 0))
    >>> remove_abandoned(d), old.exists()
    (None, False)
    """
    now = _time.time()
    try:
        for p in d.glob(".tmp-*.struct"):
            if now - p.stat().st_mtime > age:
                p.unlink()
    except OSError:
        pass
