import os
import shutil
import signal
import tempfile

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
# A run started in the background by a shell without job control inherits SIGINT ignored (bash sets SIG_IGN for
# `cmd &` there, and an ignored signal survives exec): Python then installs no KeyboardInterrupt handler, every
# Ctrl-C test sees its SIGINT vanish, and so do the CLI subprocesses (they inherit the ignore). Ctrl-C as a user
# has it, for this process and its children.
signal.signal(signal.SIGINT, signal.default_int_handler)
# the store of solved network structures (algnet.analyses.critical.structure_store) never writes to the user's
# cache from the test suite: a temporary directory for the session (../conftest.py: doctests, notebooks and CLI
# subprocesses inherit it), and one of its own for each test (a structure solve a test sabotages is never kept
# for another)


@pytest.fixture(autouse=True)
def _structure_cache_dir(monkeypatch):
    d = tempfile.mkdtemp(prefix="algnet-test-cache-")
    monkeypatch.setenv("ALGNET_CACHE_DIR", d)
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(autouse=True)
def _close_test_figures():
    """Figures a test draws itself (part.plot(), plot_* it inspects) are closed after it: in one process they pile
    up, and past 20 matplotlib warns (what the library and the CLI write is closed by them:
    tests/test_figures_closed.py)."""
    yield
    import sys

    plt = sys.modules.get("matplotlib.pyplot")       # no import when no test drew anything
    if plt is not None:
        plt.close("all")


@pytest.fixture
def structure_store_dir(tmp_path, monkeypatch):
    """The directory of the store of solved network structures for one test (empty; ``ALGNET_CACHE_DIR`` is
    its parent), the in-process memo of solved structures cleared before and after (as in a new process)."""
    from algnet.analyses.critical import warm

    monkeypatch.setenv("ALGNET_CACHE_DIR", str(tmp_path))
    warm.clear_cache()
    yield tmp_path / "critical"
    warm.clear_cache()


@pytest.fixture
def first_structure_seed_fails(monkeypatch):
    """The warm route's structure solve made to fail for the first structure seed (as if incomplete); returns the
    list of the seeds tried, in order."""
    from algnet.analyses.critical import warm

    real = warm._establish
    seeds = []

    def flaky(net, kind, dim, seed=warm.STRUCTURE_SEED, built=None, call=None):
        seeds.append(seed)
        return None if seed == warm.STRUCTURE_SEED else real(net, kind, dim, seed, built, call)

    monkeypatch.setattr(warm, "_establish", flaky)
    return seeds


@pytest.fixture
def random_point():
    """``random_point(net, inputs, seed, bound)``: the network (a spec is parsed), integer parameters
    drawn with ``seed`` and ``inputs`` integer inputs drawn with ``seed + 1``, entries bounded by ``bound``."""
    from algnet.architectures.spec import parse_spec

    def make(net, inputs: int, seed: int, bound: int):
        net = parse_spec(net)
        return net, net.random_params(seed=seed, bound=bound), net.random_inputs(inputs, seed=seed + 1, bound=bound)

    return make
