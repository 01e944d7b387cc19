"""The compiled kernels' disk cache is keyed by the source of every kernel module (no stale machine code)."""

import ast
import shutil
from pathlib import Path

import pytest

from algnet.homotopy import kernel_cache
from algnet.homotopy.kernel_cache import KERNEL_SOURCES, cache_dir, source_key

HERE = Path(kernel_cache.__file__).resolve().parent


def _algnet_imports(path):
    """Modules of algnet.homotopy imported by a file (module level and inside functions)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("algnet."):
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("algnet."))
    return out


def _module(f):
    """The module name of an entry of KERNEL_SOURCES (a path relative to algnet/homotopy)."""
    return "algnet." + (HERE / f).resolve().relative_to(HERE.parent).with_suffix("").as_posix().replace("/", ".")


def _top_imports(path):
    """The algnet modules a file imports at module level (``from algnet.x import y``: algnet.x.y where that is a
    module, else algnet.x)."""
    out = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("algnet"):
            for a in node.names:
                sub = f"{node.module}.{a.name}"
                out.add(sub if _is_module(sub) else node.module)
    return out


def _is_module(name):
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def test_the_key_covers_every_module_compiled_into_the_warm_kernel():
    # the warm count's kernel (algnet.analyses.critical.warm_kernel) compiles in the tracking, endpoint, Krawczyk and
    # rank kernels: the modules it and they import at module level are hashed (numba's own check covers the file
    # that defines it); the imports inside its Python function run as Python, not compiled
    from algnet.analyses.critical import warm_kernel

    hashed = {_module(f) for f in KERNEL_SOURCES}
    assert {"algnet.analyses.critical.disc_kernel", "algnet.analyses.critical.rank_kernel"} <= hashed
    compiled = _top_imports(Path(warm_kernel.__file__)) - {"algnet.interrupts"}
    assert compiled <= hashed, compiled - hashed
    for m in compiled:
        callee = _top_imports(Path(importlib_module(m).__file__))
        assert callee <= hashed, (m, callee - hashed)
    path = Path(warm_kernel.warm_pass._cache._cache_path)
    assert path.is_relative_to(Path(cache_dir())) and source_key() in str(path)


def importlib_module(name):
    import importlib

    return importlib.import_module(name)


def test_the_key_covers_every_module_compiled_into_the_kernels():
    # every algnet module a kernel module imports (its helpers and constants are compiled in) is hashed
    hashed = {_module(f) for f in KERNEL_SOURCES}
    for f in ("kernels.py", "blocks.py", "batched.py", "endpoint_kernels.py"):
        src = (HERE / f).read_text()
        assert "@kernel_njit" in src and "@njit" not in src and "from numba" not in src
        compiled_imports = {m for m in _algnet_imports(HERE / f)
                            if m not in ("algnet.homotopy.systems", "algnet.homotopy.homotopies",
                                         "algnet.homotopy.tracker",     # docstring examples only
                                         "algnet.homotopy.threads",     # Python threads, nothing compiled
                                         "algnet.interrupts")}          # the Ctrl-C guard of Python callers
        assert compiled_imports <= hashed, (f, compiled_imports - hashed)


def test_changing_a_helper_changes_the_cache_key(tmp_path):
    # a copy of the kernel sources: editing a helper in kernels.py (compiled into batched.py and blocks.py)
    # or a constant in tracker_options.py gives another key, hence another cache directory
    for f in KERNEL_SOURCES:
        shutil.copy(HERE / f, tmp_path / Path(f).name)
    files = [tmp_path / Path(f).name for f in KERNEL_SOURCES]
    k0 = source_key(files)
    assert k0 == source_key()                       # the copy hashes like the package's files
    src = (tmp_path / "kernels.py").read_text()
    edited = src.replace("def decode(code, k):", "def decode(code, k):  # edited", 1)
    assert edited != src
    (tmp_path / "kernels.py").write_text(edited)
    k1 = source_key(files)
    (tmp_path / "kernels.py").write_text(src)
    assert source_key(files) == k0
    opts = (tmp_path / "tracker_options.py").read_text()
    (tmp_path / "tracker_options.py").write_text(opts.replace("SECOND_UPDATE_FLOOR = 1e-11", "SECOND_UPDATE_FLOOR = 2e-11"))
    k2 = source_key(files)
    assert len({k0, k1, k2}) == 3


@pytest.mark.parametrize("module, name", [("kernels", "advance"), ("blocks", "_evaluate"),
                                          ("batched", "advance_batched"), ("endpoint_kernels", "refine")])
def test_every_kernel_is_cached_under_the_current_key(module, name):
    import importlib

    f = getattr(importlib.import_module(f"algnet.homotopy.{module}"), name)
    path = Path(f._cache._cache_path)
    assert path.is_relative_to(Path(cache_dir())) and source_key() in str(path)


def test_the_kernels_cache_files_are_guarded():
    from algnet.homotopy.kernels import decode

    assert decode._cache._cache_file.load.__name__ == "locked_load"
    assert decode._cache._cache_file.save.__name__ == "locked_save"


def test_a_save_holds_the_cache_lock_against_other_savers_and_loaders(tmp_path):
    # numba's save writes the index, then the data: while it runs, no other save or load may enter (flock on
    # separate open files conflicts within one process as between processes)
    import fcntl
    import os
    import threading

    from numba.core.caching import IndexDataCacheFile

    entered, release = threading.Event(), threading.Event()

    class Slow(IndexDataCacheFile):
        def _save_data(self, name, data):
            entered.set()
            release.wait(60)
            super()._save_data(name, data)

    f = kernel_cache.guard_cache_file(Slow(str(tmp_path), "f", b"stamp"))
    t = threading.Thread(target=f.save, args=("k", (1,)))
    t.start()
    assert entered.wait(60)
    fd = os.open(tmp_path / ".lock", os.O_RDWR)
    try:
        for mode in (fcntl.LOCK_SH, fcntl.LOCK_EX):
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
        release.set()
        t.join(60)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)     # free again once the save is done
    finally:
        release.set()
        os.close(fd)
    assert f.load("k") == (1,)


def test_an_unreadable_data_file_is_a_miss(tmp_path):
    from numba.core.caching import IndexDataCacheFile

    f = kernel_cache.guard_cache_file(IndexDataCacheFile(str(tmp_path), "f", b"stamp"))
    f.save("k", (1,))
    data = f._data_path(f._load_index()["k"])
    Path(data).write_bytes(b"\x80\x05truncated")
    assert f.load("k") is None
    f.save("k", (2,))
    assert f.load("k") == (2,)


def test_kernels_compile_where_numba_lacks_the_reference_counting_option(monkeypatch):
    # the helpers ask numba for _nrt=False, a private option of numba's CPU target; a numba without it refuses it
    # (at the first call), so kernel_njit drops it there and the helper keeps numba's reference counting
    import numba
    import numpy as np

    from algnet.homotopy import kernel_cache

    real = numba.njit

    def njit_without_nrt(*args, **kwargs):
        if "_nrt" in kwargs:
            raise KeyError("Unrecognized options: {'_nrt'}")
        return real(*args, **kwargs)

    monkeypatch.setattr(numba, "njit", njit_without_nrt)
    monkeypatch.setattr(kernel_cache, "_knows_nrt_option", lambda: False)

    @kernel_cache.kernel_njit(_nrt=False)
    def plus_one(x):
        return x + 1.0

    assert plus_one(np.float64(1.5)) == 2.5
