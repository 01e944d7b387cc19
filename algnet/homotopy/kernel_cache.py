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
of older sources (5-9 MB each) are removed when a new one is made, except
the :data:`KEEP` most recently used and any used within the last hour
(another process may still run an older source).

A kernel's first dispatch for new argument types (numba's set-up of its
compilation chain, the argument types, the load of the cached machine code:
once a process) runs with Python's automatic cyclic garbage collection paused
(:func:`kernel_njit`; :func:`gc_paused` around the imports of numba's
extension API in :mod:`algnet.homotopy.vectors`), a compilation from source
(a cache miss) with the collector on. Those loads create tens of thousands of live objects, and the
collections they triggered walked live objects, not garbage: the first degree run of a process
(``bench_degree.run_algnet("linear 4-2-4", 0)``, warm kernel cache) makes 30 collections instead of 226, about
40 ms instead of 90 ms of wall, the same results. Most of those 40 ms are the two collections after the pauses,
which walk the loaded objects once. A first critical count is unchanged (its run is already paused, see
:data:`algnet.analyses.critical.estimate.NO_GC_SECONDS`). Never ``gc.freeze()``: a library must not exempt its
caller's objects.
"""

from __future__ import annotations

import gc
import hashlib
import os
import threading
from contextlib import contextmanager
from pathlib import Path

__all__ = ["KERNEL_SOURCES", "KEEP", "source_key", "cache_dir", "prune", "kernel_njit", "gc_paused", "guard_cache_file"]

#: cache directories of older sources kept besides the current one (see :func:`prune`)
KEEP = 3

#: the modules compiled into the tracker kernels and the warm count's (their paths relative to this package; the
#: analyses' kernels compiled into :mod:`algnet.analyses.critical.warm_kernel`); the key covers all of them
KERNEL_SOURCES = ("kernels.py", "blocks.py", "batched.py", "endpoint_kernels.py", "tracker_options.py",
                  "kernel_cache.py", "packed_lanes.py", "block_lu.py", "fused.py", "vectors.py", "blocks_vec.py",
                  "path_lu.py", "disc_rules.py", "path_threads.py", "endpoint_finish.py",
                  "../analyses/critical/disc_kernel.py", "../analyses/critical/rank_kernel.py")

_HERE = Path(__file__).resolve().parent
_KEY: str | None = None
_DIR: str | None = None
_STAMP: tuple = ()


class gc_paused:
    """Python's automatic cyclic garbage collection paused inside the block when ``on`` (and enabled on entry:
    a collector the caller switched off stays off), resumed after it, also on an exception or Ctrl-C.

    For bounded work only (a cached kernel's loading, a small guarded count): the cycles made inside are
    collected by the first collection after it. Never ``gc.freeze()``: that would exempt the caller's objects.
    (A class, not a generator: entered twice by every guarded count, which runs mostly cold.)

    Examples
    --------
    >>> import gc
    >>> with gc_paused():
    ...     paused = not gc.isenabled()
    >>> paused, gc.isenabled()
    (True, True)
    >>> with gc_paused(False):
    ...     gc.isenabled()
    True
    """

    __slots__ = ("on", "pause")

    def __init__(self, on: bool = True):
        self.on = on
        self.pause = False

    def __enter__(self):
        self.pause = pause = bool(self.on) and gc.isenabled()
        if pause:
            gc.disable()
        return None

    def __exit__(self, *exc):
        if self.pause:
            self.pause = False
            gc.enable()
            _collect_young(gc)
        return False


#: objects allocated in the youngest generation after a pause above which :func:`_collect_young` collects the two
#: young generations at once (the collector's own threshold is 700)
YOUNG_AFTER_PAUSE = 20_000


def _collect_young(gc):
    """After a pause of the collector: when it is on and the pause left many objects in the youngest generation
    (numba's import and its first cached kernel load make about 100,000, scipy's among them), collect generations
    0 and 1 together, once, here. Left to the automatic collector, those objects are walked twice -- a generation-0
    collection at the next allocations, then a generation-1 collection 34-43 ms long inside whichever later call it
    falls (in a process that makes a first critical count and then 12 first counts of other structures, the
    collections inside those counts take 52-76 ms without this, about 1 ms with it). Only the young generations:
    the caller's older objects are not walked, and nothing is exempted from later collections (no
    ``gc.freeze()``)."""
    if gc.isenabled() and not _STATE["paused"] and gc.get_count()[0] > YOUNG_AFTER_PAUSE:
        gc.collect(1)


#: first dispatches in progress under a pause of :func:`_first_dispatch_paused`, numba compilations in progress
#: (changed under ``_STATE["lock"]``: a wrong count could leave the collector off)
_STATE = {"paused": 0, "compiling": 0, "listener": None, "lock": threading.Lock()}


def _compiles_collected():
    """Register (once) a listener of numba's compilations: a compilation from source (a cache miss: tens of
    seconds, its garbage is freed by the collector) runs with the collector on although inside a pause."""
    if _STATE["listener"] is not None:
        return
    import gc

    from numba.core import event

    class Compiling(event.Listener):
        def on_start(self, ev):
            with _STATE["lock"]:
                _STATE["compiling"] += 1
                if _STATE["paused"] and _STATE["compiling"] == 1:
                    gc.enable()

        def on_end(self, ev):
            with _STATE["lock"]:
                _STATE["compiling"] -= 1
                if _STATE["paused"] and _STATE["compiling"] == 0:
                    gc.disable()

    _STATE["listener"] = Compiling()
    event.register("numba:compile", _STATE["listener"])


def _first_dispatch_paused(dispatcher):
    """``dispatcher`` (a numba dispatcher) with its first dispatch for a new argument type (numba's
    ``_compile_for_args``: its compilation chain's set-up, the argument types, the load of the cached
    kernel) under a pause of the collector as :func:`gc_paused`'s (none if it is off: switched off by the
    caller, or paused by another thread's first dispatch); later calls of compiled types do not reach it."""
    inner = getattr(dispatcher, "_compile_for_args", None)
    if inner is None:              # another numba's internals: dispatches as they are
        return dispatcher
    _compiles_collected()

    def compile_for_args(*args, **kwargs):
        import gc

        with _STATE["lock"]:
            pause = gc.isenabled()
            if pause:
                _STATE["paused"] += 1
                gc.disable()
        try:
            return inner(*args, **kwargs)
        finally:
            if pause:
                with _STATE["lock"]:
                    _STATE["paused"] -= 1
                    gc.enable()
                _collect_young(gc)

    dispatcher._compile_for_args = compile_for_args
    return dispatcher


@contextmanager
def _cache_lock(directory, shared: bool):
    """An advisory lock (``flock``) on ``directory/.lock``, shared or exclusive, for the block; no lock where
    the file cannot be opened (a read-only cache, nothing is written there) or ``fcntl`` is missing."""
    try:
        import fcntl
    except ImportError:          # not POSIX
        yield
        return
    path = os.path.join(directory, ".lock")
    fd = None
    for flags in (os.O_RDWR | os.O_CREAT, os.O_RDONLY):
        try:
            if flags & os.O_CREAT:
                os.makedirs(directory, exist_ok=True)
            fd = os.open(path, flags, 0o644)
            break
        except OSError:
            pass
    if fd is None:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)             # releases the lock


def guard_cache_file(cache_file):
    """Make one numba cache file (an ``IndexDataCacheFile``: an index ``.nbi``, one ``.nbc`` per signature) safe
    for several processes of one tree, in place; returns it.

    numba writes each file atomically, but a save reads the index, picks the first free data slot, writes the
    index and then the data: two processes saving at once pick the same slot, and the later index drops the
    other's entry (that kernel is compiled again by the next process), or names data the other process wrote
    last; a load between a save's index and its data reads the slot's older data (two processes saving one key
    each into a fresh cache file at once lost an entry in 5 of 200 rounds; none with this guard). Here a save
    holds an exclusive lock on the cache directory's ``.lock`` and a load a shared one, and an entry that cannot
    be read (an index or data file that does not unpickle) is a miss, compiled again and saved over, never an
    error. Cost: about 16 us of CPU a load (a 100 kB entry), about 1.5 ms once a process for the ~90 kernels'
    first dispatches.

    Examples
    --------
    >>> import tempfile
    >>> from numba.core.caching import IndexDataCacheFile
    >>> f = guard_cache_file(IndexDataCacheFile(tempfile.mkdtemp(), "f", b"stamp"))
    >>> f.save("key", (1, 2)); f.load("key"), f.load("other")
    ((1, 2), None)
    >>> with open(f._index_path, "wb") as out:
    ...     _ = out.write(b"not a pickle")
    >>> f.load("key") is None                    # unreadable: a miss
    True
    >>> f.save("key", (3,)); f.load("key")
    (3,)
    """
    load, save, directory = cache_file.load, cache_file.save, cache_file._cache_path

    def locked_load(key):
        with _cache_lock(directory, shared=True):
            try:
                return load(key)
            except Exception:        # noqa: BLE001 - an unreadable cache entry is a miss (numba compiles)
                return None

    def locked_save(key, data):
        with _cache_lock(directory, shared=False):
            try:
                cache_file._load_index()
            except OSError:
                pass                 # numba's own save reports it
            except Exception:        # noqa: BLE001 - an unreadable index: start it afresh
                cache_file._save_index({})
            save(key, data)

    cache_file.load, cache_file.save = locked_load, locked_save
    return cache_file


def _guarded(dispatcher):
    """``dispatcher`` with its cache file guarded (:func:`guard_cache_file`); as it is if numba's internals
    differ."""
    cache_file = getattr(getattr(dispatcher, "_cache", None), "_cache_file", None)
    if cache_file is not None and all(hasattr(cache_file, a) for a in ("load", "save", "_cache_path",
                                                                       "_load_index", "_save_index")):
        guard_cache_file(cache_file)
    return dispatcher


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


def prune(base, current: str, keep: int = KEEP, min_age: float = 3600.0) -> list:
    """Remove the ``algnet-kernels-*`` directories in ``base`` other than ``current``, except the ``keep``
    most recently modified and those modified within ``min_age`` seconds; returns the removed names.

    Examples
    --------
    >>> import os, tempfile, time
    >>> d = tempfile.mkdtemp()
    >>> for i in range(6):
    ...     os.mkdir(os.path.join(d, f"algnet-kernels-{i}"))
    ...     os.utime(os.path.join(d, f"algnet-kernels-{i}"), (time.time() - 7200 + i, time.time() - 7200 + i))
    >>> prune(d, "algnet-kernels-5", keep=2)
    ['algnet-kernels-0', 'algnet-kernels-1', 'algnet-kernels-2']
    >>> sorted(os.listdir(d))
    ['algnet-kernels-3', 'algnet-kernels-4', 'algnet-kernels-5']
    """
    import shutil
    import time

    base = Path(base)
    try:
        old = [p for p in base.glob("algnet-kernels-*") if p.is_dir() and p.name != current]
        old.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return []
    removed = []
    now = time.time()
    for p in old[keep:]:
        try:
            if now - p.stat().st_mtime >= min_age:
                shutil.rmtree(p)
                removed.append(p.name)
        except OSError:
            pass
    return sorted(removed)


def cache_dir() -> str:
    """The directory of the kernels' cached machine code for the current source (see the module doc).

    Examples
    --------
    >>> source_key() in cache_dir()
    True
    """
    global _KEY, _DIR, _STAMP
    stamp = tuple((st.st_mtime_ns, st.st_size) for st in (os.stat(_HERE / f) for f in KERNEL_SOURCES))
    if _DIR is not None and stamp == _STAMP:      # the sources are as when the key was computed
        return _DIR
    _STAMP = stamp
    key = source_key()
    if _DIR is None or key != _KEY:
        import numba

        name = f"algnet-kernels-{key}"
        bases = [Path(numba.config.CACHE_DIR)] if numba.config.CACHE_DIR else []
        bases += [_HERE / "__pycache__", Path.home() / ".cache" / "algnet"]
        fresh = not any((b / name).is_dir() for b in bases)
        _DIR = next((str(b / name) for b in bases if _writable(b / name)), str(bases[-1] / name))
        _KEY = key
        if fresh:
            prune(Path(_DIR).parent, name)
    return _DIR


def _knows_nrt_option() -> bool:
    """Whether this numba takes ``_nrt`` (reference counting off for helpers that allocate nothing; an option of
    numba's CPU target since 0.4x, not part of its documented API): numba only refuses an unknown option at a
    kernel's first call, which would stop every tracker."""
    try:
        from numba.core.cpu import CPUTargetOptions
    except ImportError:
        return False
    return hasattr(CPUTargetOptions, "_nrt")


def kernel_njit(*args, **kwargs):
    """``numba.njit(cache=True, ...)`` with the cache in :func:`cache_dir` (a decorator, used like njit); a
    kernel's loading from the cache runs with the garbage collector paused (see the module doc).

    Examples
    --------
    The kernels of :mod:`algnet.homotopy.kernels` are cached in the directory of the current source:

    >>> from algnet.homotopy.kernels import decode
    >>> source_key() in decode._cache._cache_path
    True
    """
    import numba

    kwargs["cache"] = True
    if "_nrt" in kwargs and not _knows_nrt_option():
        del kwargs["_nrt"]          # a numba without the option: the helpers keep numba's reference counting

    def wrap(f):
        old = numba.config.CACHE_DIR
        numba.config.CACHE_DIR = cache_dir()
        try:
            return _first_dispatch_paused(_guarded(numba.njit(**kwargs)(f)))
        finally:
            numba.config.CACHE_DIR = old

    if len(args) == 1 and callable(args[0]):
        return wrap(args[0])
    return wrap
