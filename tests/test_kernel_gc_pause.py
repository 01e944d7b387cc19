"""A kernel's first dispatch (numba's ``_compile_for_args``: the load of its cached machine code) runs with Python's
cyclic garbage collection paused (kernel_cache._first_dispatch_paused), a compilation from source with it on; the
collector's state is restored after it (on, switched off by the caller, after an exception)."""

import gc

import numba
import pytest
from numba.core import event

from algnet.homotopy import kernel_cache
from algnet.homotopy.kernel_cache import _first_dispatch_paused, gc_paused


def _spied(f, raises=None):
    """A numba dispatcher of ``f`` (no disk cache) whose first dispatches record the collector's state on entry,
    wrapped as the kernels are."""
    d = numba.njit(f)
    seen = []
    real = d._compile_for_args

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        if raises is not None:
            raise raises
        return real(*args, **kwargs)

    d._compile_for_args = spy
    return _first_dispatch_paused(d), seen


class _Compiling(event.Listener):
    def __init__(self):
        self.seen = []

    def on_start(self, ev):
        self.seen.append(gc.isenabled())

    def on_end(self, ev):
        pass


def test_a_first_dispatch_pauses_and_a_compilation_from_source_collects():
    d, seen = _spied(lambda x: 2.0 * x + 1.0)
    listener = _Compiling()
    event.register("numba:compile", listener)      # after the module's listener: sees what it set
    try:
        assert gc.isenabled()
        assert d(1.5) == 4.0
        assert d(2.5) == 6.0                       # a compiled type: no dispatch through the wrapper
    finally:
        event.unregister("numba:compile", listener)
    assert seen == [False] and listener.seen[:1] == [True]
    assert gc.isenabled() and kernel_cache._STATE["paused"] == 0 and kernel_cache._STATE["compiling"] == 0


def test_a_collector_switched_off_by_the_caller_stays_off():
    d, seen = _spied(lambda x: x - 1)
    listener = _Compiling()
    event.register("numba:compile", listener)
    gc.disable()
    try:
        assert d(3) == 2
        assert seen == [False] and listener.seen[:1] == [False] and not gc.isenabled()
    finally:
        gc.enable()
        event.unregister("numba:compile", listener)


@pytest.mark.parametrize("exc", [KeyboardInterrupt, ValueError])
def test_the_collector_resumes_after_an_exception_in_a_first_dispatch(exc):
    d, seen = _spied(lambda x: x, raises=exc)
    with pytest.raises(exc):
        d(1.0)
    assert seen == [False] and gc.isenabled() and kernel_cache._STATE["paused"] == 0


def test_gc_paused_restores_the_state():
    with pytest.raises(KeyboardInterrupt):
        with gc_paused():
            assert not gc.isenabled()
            raise KeyboardInterrupt
    assert gc.isenabled()
    with gc_paused(False):
        assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_tracker_kernels_are_wrapped():
    from algnet.homotopy import batched, kernels

    disp = [v for m in (batched, kernels) for v in vars(m).values() if isinstance(v, numba.core.dispatcher.Dispatcher)]
    assert len(disp) >= 5
    assert all(d._compile_for_args.__name__ == "compile_for_args" for d in disp)
