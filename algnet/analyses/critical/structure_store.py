"""The on-disk store of solved network structures (the warm route's generic solutions, :mod:`.warm`).

The warm route solves the gradient system of a network structure and loss kind once, on the slice drawn from a
structure seed, at generic parameters P* (the first count's own metric and complex target, or random complex
parameters of the seed), and keeps one point per critical image (E points). Like numba's
kernel cache, this module keeps that solve across processes: one small file per (network structure,
loss kind, structure seed, source hash) holding the E points, P*, the count, the paths, the route's
``how`` record (its completeness check), dim M, the layered cut and the family's arrays (slice, sample inputs,
coefficient map, the structure's metric and target), the seed, the date and the algnet version, and
``full_support`` when :func:`~.ed.ed_degree` had found no smaller coordinate space for the network's outputs (a
loading process then skips that exact expansion: :func:`~.ed.full_support_known`), ``formula`` (the closed form
of :func:`~.ed.ed_formula` for the structure and loss kind, taken by a loading process: :func:`~.ed.formula_known`),
and the network's parameter degree (``degree``: a loading process's size estimate takes it,
:func:`~.structure_load.recorded_degree`, and holds the recorded circle sizes to it; what makes those circles this
program's is the tapes' identity check). The
source hash (:func:`source_hash`, computed by :func:`algnet.homotopy.kernel_cache.source_key`) covers the
modules that determine the family and the points (:data:`STRUCTURE_SOURCES`) and the modules of the network's
class and its bases: after an edit to any of them a file is never found again (its name and its recorded key change;
a new process sees an edit by the files' sizes and modification times, :mod:`.source_stat_key`, which states the gap).

Nothing read here is used unchecked where it could make a count wrong: :mod:`.warm` builds the family from the
recorded arrays (multihomogeneous route; else draws it again from the structure seed), compares its fingerprint
with the recorded one, checks the shapes, P*'s metric (real symmetric, the identity for the Frobenius loss) and the
tapes (:mod:`.tape_store`). The stored points are re-certified at P* (Krawczyk, pairwise disjoint image
enclosures, full rank) with this process's program on the entry's first load, which then writes its tapes; a later
load whose tapes pass their checks (the exact tape's identity with this program at a random point, run once per
record and code: :mod:`.tape_stamp`) takes the points as start points only: each count certifies its own endpoints
whatever it started from, and a loaded structure whose first count fails is solved afresh and rewritten, like an
entry that fails a check (the re-certification would cost about 1.5 ms of a 10 ms first count).
Writes are atomic (a temporary file in the same directory, then :func:`os.replace`); a directory that cannot be
written leaves the solve in memory only, which the result says. What is taken from the record without a new proof
is E itself, i.e. that there are E generic critical images (the trace test that proved it ran when the record was
written; its residual is in the recorded ``how``), and dim M (certified by :func:`algnet.analyses.dimension.dimension`
when the structure was solved; a count's full-rank check at its points shows it is not larger). dim M is not part of
the key, so a solve is written only with the network's own dim M (:func:`remember`; a caller's other dim M is
refused before anything is solved, :func:`.warm.checked_dimension`), and a record whose dim M differs from the one
the caller passes or this process knows is never used, a recorded failure neither (:func:`stored`). The checks guard
against damage (the file's SHA-256, the key, the fingerprint, the tapes' checks, each count's Krawczyk test) and
stale sources, not against a record forged in the user's own cache directory (numba's kernel cache, which loads
machine code from it, is in the same position). A structure whose solve was not complete and certified is
recorded too (``count`` 0): a later process goes straight to the next structure seed. Entries this algnet never
reads again (another layout, sources edited since, an unreadable header; about 1-4 KB each) are removed by
:func:`prune`, at most once an hour, never a write in flight.

The first count in a fresh process (the call's CPU after numba was loaded by another structure) is a few ms on
the small structures (linear 2-1-2, dense 2-1-1 r=3): the first process that loads a structure writes its tapes
into the record and later processes use them after the checks of :mod:`.tape_store` (the exact and image tapes
checked against one numpy evaluation, which also stands for the batched program's own check,
:func:`.tape_store.restore`); no re-certification once the tapes are checked; dim M, the cut and the family's
arrays recorded, the image tape stored, the source hash once per process (breakdown in
bench/bench_critical.py).

The directory: ``$ALGNET_CACHE_DIR/critical`` when ``ALGNET_CACHE_DIR`` is set, else ``critical`` under the
user cache directory (``$XDG_CACHE_HOME/algnet``, else ``~/.cache/algnet``; ``%LOCALAPPDATA%\\algnet`` on
Windows, ``~/Library/Caches/algnet`` on macOS); never inside the package. :func:`caching` switches the store
off (the CLI's ``--no-cache``, ``ed_degree(..., cache=False)``): then nothing is read or written.

Examples
--------
>>> import tempfile
>>> import numpy as np
>>> root = tempfile.mkdtemp()          # instead of $ALGNET_CACHE_DIR
>>> key = {"structure": ["demo", "Net", "demo 1-1", 2], "kind": "generic", "dim": 1, "seed": 7}
>>> write(key, {"count": 1}, {"X": np.ones((1, 1), complex)}, root=root)
'written'
>>> rec, why = read(key, root=root)
>>> rec.meta["count"], rec.arrays["X"].shape, why
(1, (1, 1), 'found')
>>> read(dict(key, seed=8), root=root)[1]
'no entry'
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path

import numpy as np

# (imported with the store, not at a count's first source hash: a new process without bytecode compiles it)
import algnet.analyses.critical.tape_store as tape_store
from algnet.analyses.critical.source_stat_key import cached_source_key
from algnet.analyses.critical.structure_load import fingerprint, rebuild
from algnet.analyses.critical.structure_prune import PRUNE_AGE, prune, prune_now
from algnet.analyses.critical.structure_record import MAGIC, dump_record, load_record
from algnet.analyses.critical.structure_files import CACHE_ENV, cache_dir, remove_abandoned, written_temporary
from algnet.analyses.critical.structure_files import store_dir as _dir
from algnet.analyses.critical.structure_sources import SOLVE_SOURCES, STRUCTURE_SOURCES

__all__ = ["CACHE_ENV", "FORMAT", "STRUCTURE_SOURCES", "SOLVE_SOURCES", "cache_dir", "source_hash", "entry_path",
           "read", "write", "enabled", "caching", "Record", "stored_or_solved", "stored", "remember", "prune",
           "PRUNE_AGE", "MAGIC", "dump_record", "load_record", "rebuild", "fingerprint"]

#: the record layout; a file of another layout is ignored (and rewritten)
FORMAT = 1

_HERE = tape_store.CRITICAL_DIR         # (this module's directory, resolved once)
_PACKAGE = _HERE.parent.parent
#: the same two as strings, and the separator (the own sources' paths are joined as strings: a Path and its str per
#: file took 0.3 ms of a new process's first count)
_HERE_S, _PACKAGE_S, _SEP = str(_HERE), str(_PACKAGE), os.sep
_STATE = {"enabled": True}
_HASHES: dict = {}
_PRUNED: set = set()


def enabled() -> bool:
    """Whether the store is read and written (see :func:`caching`).

    Examples
    --------
    >>> enabled()
    True
    """
    return bool(_STATE["enabled"])


@contextmanager
def caching(on: bool = True):
    """Within the block the store is used (``on``) or neither read nor written (a structure is then solved in
    the process); the previous setting comes back after it.

    Examples
    --------
    >>> with caching(False):
    ...     enabled()
    False
    >>> enabled()
    True
    """
    old = _STATE["enabled"]
    _STATE["enabled"] = bool(on)
    try:
        yield
    finally:
        _STATE["enabled"] = old


def _class_sources(net) -> list:
    """The source files of the network's class (``net`` an instance or the class) and its bases inside algnet
    (they define its program)."""
    import inspect

    out = []
    for c in (net if isinstance(net, type) else type(net)).__mro__:
        if c.__module__.split(".")[0] != "algnet":
            continue
        # the module's own file (what inspect.getsourcefile finds for a class of a .py module, without its search:
        # 0.1 ms of a new process's first count)
        f = getattr(sys.modules.get(c.__module__), "__file__", None)
        if not (f and f.endswith(".py") and os.path.isfile(f)):
            try:
                f = inspect.getsourcefile(c)
            except (TypeError, OSError):
                continue
        if f and f not in out:
            out.append(f)
    return out


def source_hash(net=None, root=None) -> str:
    """A 16-hex-digit hash of :data:`STRUCTURE_SOURCES` and (given ``net``, an instance or a class) the modules of
    its class and bases, by :func:`algnet.homotopy.kernel_cache.source_key`; computed once per process and set of
    files. ``root``: the store whose directory (:func:`cache_dir`) holds the files' recorded content hashes, read
    and written there (:mod:`.source_stat_key`; default: the store's own). The code a process runs is the code it
    imported: a file edited later is not what runs, and a new process hashes the edited file (a file's content
    hash is recorded by its size and modification time in the store's directory and taken from there while they
    are unchanged: :mod:`.source_stat_key`, which states the gap; recomputing it in-process whenever a file's
    modification time changed would cost two ``stat`` calls per file and the class's source lookup on every call,
    0.3-0.5 ms of each first count). The store's own files are hashed once per process and a class's files once
    per class, the two hashes then combined: a process's second network class does not read the store's ~100 files
    again (0.05-0.1 ms of a first count).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> h = source_hash(parse_spec("linear 2-1-2"))
    >>> len(h), h == source_hash(parse_spec("linear 3-1-3")), h == source_hash()
    (16, True, False)
    """
    TAPE_SOURCES = tape_store.TAPE_SOURCES

    cls = None if net is None else (net if isinstance(net, type) else type(net))
    own = (STRUCTURE_SOURCES, SOLVE_SOURCES, TAPE_SOURCES)       # (module attributes a test may replace)
    if _CLASS_SOURCES.get("own", (None,))[0] != own:
        _CLASS_SOURCES.clear()
        # (the strings str(Path) gives: a separator between the parts, ``/`` in a relative path the system's)
        paths = (tuple(f"{_HERE_S}{_SEP}{f}" for f in STRUCTURE_SOURCES)
                 + tuple(f"{_PACKAGE_S}{_SEP}{f.replace('/', _SEP)}" for f in SOLVE_SOURCES)
                 + tuple(str(p) for p in TAPE_SOURCES))
        _CLASS_SOURCES["own"] = (own, _hashed(paths, root))
    base = _CLASS_SOURCES["own"][1]
    if cls is None:
        return base
    got = _CLASS_SOURCES.get(cls)      # the class's files and the combined hash, once per class
    if got is None:
        # and once per set of modules: a class whose bases' modules were hashed for another class (LinearNetwork
        # after DenseNetwork: the same four files) is not looked up again (the files' search takes 0.06 ms of a new
        # process's first count)
        mods = ("modules",) + tuple(dict.fromkeys(c.__module__ for c in cls.__mro__))
        got = _CLASS_SOURCES.get(mods)
        if got is None:
            got = _CLASS_SOURCES[mods] = _hashed(tuple(str(f) for f in _class_sources(cls)), root)
        got = _CLASS_SOURCES[cls] = hashlib.sha256(f"{base}:{got}".encode()).hexdigest()[:16]
    return got


def _hashed(paths: tuple, root=None) -> str:
    """:func:`algnet.homotopy.kernel_cache.source_key` of the files ``paths``, once per process and tuple of paths;
    across processes taken by the files' sizes and modification times from the directory of the store at ``root``
    (default: the store's own) while the store is on (:mod:`.source_stat_key`, whose doc states the gap: an edit
    that keeps a file's size and mtime)."""
    got = _HASHES.get(paths)
    if got is None:
        if len(_HASHES) > 64:
            _HASHES.clear()
        got = _HASHES[paths] = cached_source_key(paths, cache_dir(root) if enabled() else None)
    return got


_CLASS_SOURCES: dict = {}


def _key_text(key: dict) -> str:
    """The key's text: ``json.dumps`` of the key with the layout :data:`FORMAT`, sorted; a store key
    (:func:`_store_key`: strings and ints of these fields) is written directly, in the same text."""
    st = key.get("structure")
    if (len(key) == 4 and type(st) is list and len(st) == 4 and type(key.get("seed")) is int and type(st[3]) is int
            and type(key.get("kind")) is str and type(key.get("source")) is str and type(st[0]) is str
            and type(st[1]) is str and type(st[2]) is str and type(FORMAT) is int):
        q = _quoted
        return (f'{{"format": {FORMAT!r}, "kind": {q(key["kind"])}, "seed": {key["seed"]!r}, '
                f'"source": {q(key["source"])}, "structure": [{q(st[0])}, {q(st[1])}, {q(st[2])}, {st[3]!r}]}}')
    return json.dumps(dict(key, format=FORMAT), sort_keys=True, default=str)


_quoted = json.encoder.encode_basestring_ascii        # (json.dumps's own string encoder)

#: the characters of a spec that an entry's file name replaces by ``_`` (all but letters, digits and ``-=,.``)
_SLUG = re.compile(r"[^\w\-=,.]")


def entry_path(key: dict, root=None, text=None) -> Path:
    """The file of the record with ``key`` (a JSON-able dict: the structure, loss kind, dimension, seed and
    source hash): a readable prefix and a hash of the whole key.

    Examples
    --------
    >>> p = entry_path({"structure": ["m", "Linear", "linear 2-1-2", 4], "kind": "generic", "seed": 1}, "/tmp/x")
    >>> p.parent.name, p.name.startswith("linear_2-1-2-generic-"), p.suffix
    ('critical', True, '.struct')
    """
    return Path(_entry_file(key, root, _key_text(key) if text is None else text))


def _entry_file(key: dict, root, text: str) -> str:
    """:func:`entry_path` as a string, from the key's text."""
    spec = str(key.get("structure", ["", "", "structure"])[2])
    slug = _SLUG.sub("_", spec[:60])      # (every character not a letter, digit or one of -=,. becomes _)
    digest = hashlib.sha256(text.encode()).hexdigest()[:20]
    return f"{_dir(root)[1]}{os.sep}{slug}-{key.get('kind', '')}-{digest}.struct"


class Record:
    """A record read from the store: ``meta`` (the JSON-able fields written), ``arrays`` (name -> array) and
    ``digest`` (:func:`~.structure_record.arrays_digest` of the arrays as read, or None). (A plain class, not a
    dataclass: made at this module's import, which a new process's first count pays.)

    Examples
    --------
    >>> Record({"count": 2}, {}).meta["count"]
    2
    """

    __slots__ = ("meta", "arrays", "digest")

    def __init__(self, meta: dict, arrays: dict, digest: str | None = None):
        self.meta, self.arrays, self.digest = meta, arrays, digest

    def __repr__(self):
        return f"Record(meta={self.meta!r}, arrays={sorted(self.arrays)!r}, digest={self.digest!r})"


def read(key: dict, root=None):
    """``(record, why)``: the :class:`Record` stored under ``key`` and ``"found"``, or None and why not
    (``"no entry"``, ``"cache off"``, ``"unreadable file"``, ``"stale key"``); never raises.

    Examples
    --------
    >>> import tempfile
    >>> root = tempfile.mkdtemp()
    >>> k = {"structure": ["m", "N", "n 1", 1], "kind": "generic", "seed": 1}
    >>> _ = write(k, {"a": 1}, {}, root=root)
    >>> entry_path(k, root).write_bytes(b"not a record")
    12
    >>> read(k, root=root)
    (None, 'unreadable file')
    """
    if not enabled():
        return None, "cache off"
    text = _key_text(key)
    path = _entry_file(key, root, text)
    try:
        meta, arrays, digest = load_record(_read_bytes(path), digest=True)
    except FileNotFoundError:
        return None, "no entry"
    except Exception:      # a truncated or corrupt file, or not ours: ignored (and rewritten by the caller)
        return None, "unreadable file"
    if not isinstance(meta, dict) or meta.get("key") != text:
        return None, "stale key"
    return Record(meta, arrays, digest), "found"


def _read_bytes(path) -> bytes:
    """The file's bytes: one ``open``, ``fstat`` and ``read`` (no file object around the one read of the whole file)."""
    fd = os.open(path, _READ)
    try:
        size = os.fstat(fd).st_size
        data = os.read(fd, size)
        while len(data) < size:          # (a short read)
            more = os.read(fd, size - len(data))
            if not more:
                break
            data += more
        return data
    finally:
        os.close(fd)


_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def write(key: dict, meta: dict, arrays: dict, root=None) -> str:
    """Store ``meta`` (JSON-able) and ``arrays`` under ``key``, atomically (a temporary file, then a rename);
    ``"written"``, or why not (``"cache off"``, ``"not writable: ..."``); never raises.

    Examples
    --------
    >>> write({"structure": ["m", "N", "n 1", 1]}, {}, {}, root="/proc/no-such-dir").startswith("not writable")
    True
    """
    if not enabled():
        return "cache off"
    text = _key_text(key)
    path = _entry_file(key, root, text)
    d = _dir(root)
    tmp = None
    try:
        data = dump_record(dict(meta, key=text), arrays)
        tmp = written_temporary(d, data)
        os.replace(tmp, path)
        tmp = None
        if d[1] not in _PRUNED:      # once per process and directory, and at most once per PRUNE_AGE
            _PRUNED.add(d[1])         # (a header read per old file: 200 entries 4.5 ms)
            # temporary files of killed writers: looked for once per process and directory too (the directory's
            # listing takes 0.05 ms of every structure's first count)
            remove_abandoned(d[0])
            prune_now(d[0], root)
        return "written"
    except Exception as e:     # read-only or full disk, no permission: the solve stays in memory
        return f"not writable: {type(e).__name__}"
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _store_key(net, kind, seed) -> dict:
    """The key of a structure in the store: the structure (:func:`.warm._key`), the loss kind, the structure seed
    and the source hash of the modules that determine the family and the points. dim M is recorded in the entry
    (a loaded structure does not compute it again), not part of the key."""
    return {"structure": list(_late("warm")._key(net, kind)[:4]), "kind": kind, "seed": int(seed),
            "source": source_hash(net)}


def key_of(net, kind, seed):
    """The store's key of the structure (:func:`entry_path` names its file), or None when the store is off.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> sorted(key_of(parse_spec("linear 2-1-2"), "generic", 7))
    ['kind', 'seed', 'source', 'structure']
    >>> with caching(False):
    ...     key_of(parse_spec("linear 2-1-2"), "generic", 7) is None
    True
    """
    return _store_key(net, kind, seed) if enabled() else None


def _parameter_degree(net):
    """The network's parameter degree (:func:`~.estimate.remembered_parameter_degree`), or None (no network, or a
    family without a degree bound)."""
    if net is None:
        return None
    from algnet.analyses.critical.estimate import remembered_parameter_degree
    from algnet.errors import AlgnetError

    try:
        return int(remembered_parameter_degree(net))
    except AlgnetError:
        return None


def stored(net, kind, dim, seed: int):
    """``(state, warm_start, key, why)`` of the store's entry for ``net``, the loss kind and the structure
    seed: state "loaded" (the :class:`~.warm.WarmStart` rebuilt and checked, :func:`.structure_load.rebuild`),
    "failed" (a solve recorded as not complete and certified: the next seed) or "missing" (to be solved; ``why``
    says why an entry was not used); ``key`` is None when the store is off. ``dim``: dim M when known (an entry that
    recorded another is not used), None to take the entry's.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> with caching(False):
    ...     stored(parse_spec("linear 2-1-2"), "generic", 3, 5)
    ('missing', None, None, 'cache off')
    """
    key = key_of(net, kind, seed)
    why = "cache off"
    if key is not None:
        rec, why = read(key)
        if rec is not None:
            if dim is None:       # dim M as this process knows it (none computed here), else the record's
                from algnet.analyses.critical.small import known_dimension

                dim = known_dimension(net)
            if dim is not None and _recorded_dim(rec) != int(dim):
                # a record of a slice of another dimension (its count, or its failure, is not this structure's):
                # never used, solved again and rewritten
                return "missing", None, key, "the recorded dim M differs"
            if int(rec.meta.get("count", -1)) == 0:
                return "failed", None, key, why
            w, why = rebuild(net, kind, dim, seed, rec)
            if w is not None:
                meta = rec.meta
                if meta.get("full_support") is True:
                    _late("ed").full_support_known(net, True)
                if "formula" in meta:       # the closed form's value (this key's sources: :func:`.ed.formula_known`)
                    _late("ed").formula_known(net, kind, meta["formula"])
                if not w.tapes_loaded:        # recorded by this load: kept with the record for later processes
                    _add_tapes(key, rec, w)
                elif getattr(w, "tape_stamp", None) is not None:    # checked by this load: stamped for later ones
                    write(key, dict(rec.meta, checked=w.tape_stamp), rec.arrays)
                return "loaded", w, key, why
    return "missing", None, key, why


def _recorded_dim(rec):
    """The record's dim M (an int), or None when it holds none that is one."""
    d = rec.meta.get("dim")
    return d if type(d) is int else None


def _add_tapes(key, rec, w) -> None:
    """Rewrite the record ``rec`` under ``key`` with the tapes of the structure ``w`` (:mod:`.tape_store`)."""
    packed, restore = tape_store.packed, tape_store.restore
    got = packed(w.fam, w.family)
    if got is not None:
        meta = {k: v for k, v in rec.meta.items() if not k.startswith(("mg.", "ex.", "im.", "checked"))}
        arrays = {k: v for k, v in rec.arrays.items() if not k.startswith(("mg.", "ex.", "im."))}
        if "fam.M" in arrays:       # the circle sizes this process computed (:func:`.structure_load.rebuild`)
            arrays["fam.M"] = np.asarray(w.fam.M, dtype=np.int64)
        meta, arrays = {**meta, **got[0]}, {**arrays, **got[1]}
        # the tapes' identity check run here, on what is written, so that the next load takes them by the stamp
        # (:mod:`.tape_stamp`; the tapes are this process's recordings: they pass)
        stamp: dict = {}
        if restore(meta, arrays, w.fam, w.family, stamp=stamp) and "checked" in stamp:
            meta["checked"] = stamp["checked"]
        write(key, meta, arrays)


def remember(key, why, built, w, dim: int, seed: int) -> None:
    """Write the structure solved in this process (``w``, a :class:`~.warm.WarmStart`, or None: not complete and
    certified, recorded as ``count`` 0) under ``key`` (from :func:`stored`; None: the store is off) and say so in
    ``w.how``. ``built``: the family, route and generator it was drawn as (its fingerprint is recorded).

    Examples
    --------
    >>> remember(None, "cache off", None, None, 3, 5)       # the store off, nothing solved: nothing to do
    """
    import datetime

    import algnet
    from algnet.analyses.critical.small import known_dimension

    net = getattr(built[0], "net", None) if built is not None else None
    # dim M of the network (remembered, or the certified rank computed now, after a structure's solve, which costs
    # far more), or None without a network or for one on a subspace of another's parameters (no warm route)
    true = None if key is None else known_dimension(net, seed)
    if key is None:
        note = "not stored: the structure cache is off"
    elif true is not None and true != int(dim):
        # solved on a slice of another dimension than the network's: its count (or failure) is not the structure's,
        # and a record of it would be read by every later count (:func:`.warm.checked_dimension` refuses such a call)
        note = f"not stored: solved with dim M = {int(dim)}, but the network's is {true}"
    else:
        meta = {"count": 0 if w is None else w.count, "paths": 0 if w is None else w.paths,
                "how": "" if w is None else w.how, "route": built[1], "seed": int(seed), "dim": int(dim),
                "cut": [int(c) for c in getattr(built[0], "cut", ())],
                "fingerprint": fingerprint(built[0]), "algnet": algnet.__version__,
                "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
        from algnet.analyses.critical.ed import formula_field, full_support_known

        if getattr(built[0], "net", None) is not None and full_support_known(built[0].net):
            meta["full_support"] = True       # (:func:`.ed._on_support` gave no view: a loading process skips it)
        formula = formula_field(getattr(built[0], "net", None), key["kind"])
        if formula is not None:
            meta["formula"] = formula         # (a loading process takes it: :func:`.ed.formula_known`)
        degree = _parameter_degree(getattr(built[0], "net", None))
        if degree is not None:
            meta["degree"] = degree     # (the size estimate's: a loading process does not compute it again)
        arrays = {} if w is None else {"X": w.X, "P": w.P}
        if w is not None and built[1] == "multihomogeneous":      # the family's arrays: not drawn again when loaded
            from algnet.analyses.critical.warm import family_arrays

            arrays.update(family_arrays(built[0]))
        done = write(key, meta, arrays)
        note = ("written to the structure cache" if done == "written" else
                f"kept in memory only (the structure cache is {done})")
        if why not in ("no entry", "found"):
            note = f"the cached entry was ignored ({why}); {note}"
    if w is not None:
        w.how += f"; structure solved in this process, {note}"


def stored_or_solved(net, kind, dim: int, seed: int):
    """The :class:`~.warm.WarmStart` of ``net``, the loss kind and the structure seed: from the store when its
    entry is there and passes every check (:func:`.structure_load.rebuild`: the family built from the record and
    checked), else
    solved in this process at the structure's own random parameters (:func:`.warm._establish`)
    and written (:func:`remember`); None when the small route does not apply or the solve is not complete and
    certified (recorded, so that a later process goes straight to the next seed). Its ``how`` says which.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("dense 2-1-1 r=2")
    >>> with caching(False):
    ...     w = stored_or_solved(net, "generic", 2, 5)
    >>> w.count, w.source, w.how.endswith("not stored: the structure cache is off")
    (4, 'solved', True)
    """
    from algnet.analyses.critical.warm import _establish, _structure_family
    from algnet.guards import sigint_count

    if kind not in _late("warm").KINDS:         # (a loss kind without a warm route: nothing to solve or store)
        return None
    dim = _late("warm").checked_dimension(net, dim)       # another dim M: refused, never solved or stored
    state, w, key, why = stored(net, kind, dim, seed)
    if state != "missing":
        return w
    built = _structure_family(net, kind, dim, seed)
    if built is None:
        return None
    ctrl_c = sigint_count()
    w = _establish(net, kind, dim, seed, built)
    if w is None and (sigint_count() != ctrl_c or getattr(built[0], "establish_interrupted", False)):
        return None         # interrupted: nothing recorded (a later process solves this seed again)
    remember(key, why, built, w, dim, seed)
    return w


_rebuild = rebuild       # (the name :mod:`.warm` and older notes use)


def _late(name: str):
    """The module ``algnet.analyses.critical.<name>`` (:mod:`.warm`, :mod:`.ed`: they import this module; imported by
    the first call that needs them, an attribute read per call instead of an import statement)."""
    got = _LATE.get(name)
    if got is None:
        got = _LATE[name] = importlib.import_module(f"algnet.analyses.critical.{name}")
    return got


_LATE: dict = {}
