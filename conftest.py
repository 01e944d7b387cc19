"""pytest, every run (tests/ and the doctests of algnet/, also run alone): the store of solved network structures
(algnet.analyses.critical.structure_store) is a temporary directory, never the user's cache; tests/conftest.py
gives each test one of its own."""

import atexit
import os
import shutil
import tempfile

import pytest

os.environ["ALGNET_CACHE_DIR"] = tempfile.mkdtemp(prefix="algnet-test-cache-")
atexit.register(shutil.rmtree, os.environ["ALGNET_CACHE_DIR"], True)


@pytest.fixture(scope="session", autouse=True)
def _kernels_compiled():
    """The numerical kernels compiled once, before the first test, when numba's disk cache lacks them (a clean
    clone): a run under a time limit is refused while the kernels it needs are not compiled (a compilation cannot
    be interrupted: algnet.analyses.critical.guarded_run.check_compile), so without this a test's time limit
    would depend on whether an earlier test happened to compile them. Tests of that refusal use a cache directory
    of their own (NUMBA_CACHE_DIR)."""
    from algnet.analyses.critical.guarded_run import compile_estimate

    if compile_estimate()[1]:
        from algnet.analyses.critical import critical_points

        critical_points("linear 2-1-2", loss="frobenius", seed=0)
    yield
