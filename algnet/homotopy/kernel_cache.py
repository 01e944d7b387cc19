"""The on-disk cache of the compiled tracker kernels, keyed by the source of all of them.

numba's disk cache (``cache=True``) checks only the file that defines a
function: machine code cached for :mod:`algnet.homotopy.batched` keeps the
helpers of :mod:`algnet.homotopy.kernels` and :mod:`algnet.homotopy.blocks`
compiled into it, and the module constants it read (e.g.
``SECOND_UPDATE_FLOOR``), as they were when it was cached. An edit to one of
those alone left stale machine code in the other modules (hand-bumped
``KERNELS_REVISION`` constants guarded against it). Here every kernel is
decorated by :func:`kernel_njit`, which gives numba a cache directory named
after a hash of the source of all the kernel modules (:data:`KERNEL_SOURCES`,
:func:`source_key`): a change to any of them is a new directory, so nothing
cached for an older source is ever loaded. ``tests/test_tracker_cache.py``
checks that the list covers every module the kernels import from algnet and
that changing a helper's source changes the key.

The directory is ``algnet-kernels-<key>`` under numba's own cache directory
when ``NUMBA_CACHE_DIR`` is set, else under the ``__pycache__`` beside this
file, else under ``~/.cache/algnet`` (a read-only installation). Directories
of older sources are left in place (a few MB each).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

__all__ = ["KERNEL_SOURCES", "source_key", "cache_dir", "kernel_njit"]

#: the modules compiled into the tracker kernels (their names in this package); the key covers all of them
KERNEL_SOURCES = ("kernels.py", "blocks.py", "batched.py", "endpoint_kernels.py", "tracker_options.py",
                  "kernel_cache.py")

_HERE = Path(__file__).resolve().parent
_KEY: str | None = None
_DIR: str | None = None


def source_key(paths=None) -> str:
    """A 16-hex-digit hash of the kernel modules' source (of ``paths`` if given, in that order).

    Examples
    --------
    >>> k = source_key()
    >>> len(k), k == source_key()
    (16, True)
    """
    h = hashlib.sha256()
    for p in (paths if paths is not None else [_HERE / f for f in KERNEL_SOURCES]):
        p = Path(p)
        h.update(p.name.encode() + b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:16]


def _writable(d: Path) -> bool:
    try:
        d.mkdir(parents=True, exist_ok=True)
        probe = d / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
        return True
    except OSError:
        return False


def cache_dir() -> str:
    """The directory of the kernels' cached machine code for the current source (see the module doc).

    Examples
    --------
    >>> source_key() in cache_dir()
    True
    """
    global _KEY, _DIR
    key = source_key()
    if _DIR is None or key != _KEY:
        import numba

        name = f"algnet-kernels-{key}"
        bases = [Path(numba.config.CACHE_DIR)] if numba.config.CACHE_DIR else []
        bases += [_HERE / "__pycache__", Path.home() / ".cache" / "algnet"]
        _DIR = next((str(b / name) for b in bases if _writable(b / name)), str(bases[-1] / name))
        _KEY = key
    return _DIR


def kernel_njit(*args, **kwargs):
    """``numba.njit(cache=True, ...)`` with the cache in :func:`cache_dir` (a decorator, used like njit).

    Examples
    --------
    The kernels of :mod:`algnet.homotopy.kernels` are cached in the directory of the current source:

    >>> from algnet.homotopy.kernels import decode
    >>> source_key() in decode._cache._cache_path
    True
    """
    import numba

    kwargs["cache"] = True

    def wrap(f):
        old = numba.config.CACHE_DIR
        numba.config.CACHE_DIR = cache_dir()
        try:
            return numba.njit(**kwargs)(f)
        finally:
            numba.config.CACHE_DIR = old

    if len(args) == 1 and callable(args[0]):
        return wrap(args[0])
    return wrap
