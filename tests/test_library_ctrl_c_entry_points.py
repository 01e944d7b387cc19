"""Ctrl-C in library use (a script, a Jupyter kernel: Python's own SIGINT handler) never crashes the interpreter.

A public entry point's kernel gets a Ctrl-C while its compiled code runs: ``batched._scratch`` (the work arrays
of the compiled tracker, a 16-tuple of arrays, made by a critical count and by a degree) is replaced by a kernel
that makes the same arrays and then sends SIGINT to its own process (libc's ``kill``), in the process's first
call of the entry point, or in a later one with the work arrays' pool emptied first (a run of new shapes).
Under Python's own handler the KeyboardInterrupt was raised inside numba's boxing of that tuple
(``algnet.interrupts.in_numba_boxing``): on 1946407 (2026-12-05, 2 runs each) the first call died of SIGSEGV
(exit -11: a tuple with a NULL item, numba's memo of the arrays' types missed), a later one ended in
"SystemError: CPUDispatcher(...) returned a result with an exception set" (exit 1). The entry points now run under
:class:`algnet.interrupts.safe_ctrl_c`: the interrupt is put off a moment, the call raises KeyboardInterrupt (or
returns its partial result), and Python's own handler is back afterwards. Each script runs in its own process.
"""

import os

import pytest
from ctrl_c_helpers import ROOT, assert_survived_the_ctrl_c, kill_script, run_script

pytestmark = pytest.mark.skipif(os.name != "posix", reason="libc kill, POSIX signals")

SCRIPT = kill_script(r"""
from algnet.homotopy import batched
from algnet.homotopy.work_pool import clear_pool
import algnet

scratch = batched._scratch
PID = os.getpid()

@numba.njit(cache=False)
def scratch_then_ctrl_c(values, n, B, b):
    out = scratch(values, n, B, b)
    kill(PID, 2)                      # the Ctrl-C arrives while the compiled code runs
    return out

def call():
    if sys.argv[1] == "critical":
        return algnet.critical_points("linear 2-2-2", seed=0)
    return algnet.degree("linear 3-2-3", method="monodromy", seed=0, certify=False)

if sys.argv[2] == "later":
    call()                            # kernels loaded, the arrays' types boxed once, work arrays pooled
    clear_pool()
batched._scratch = scratch_then_ctrl_c
""")


@pytest.mark.parametrize("entry, when", [("critical", "first"), ("degree", "later"),
                                         pytest.param("critical", "later", marks=pytest.mark.slow),
                                         pytest.param("degree", "first", marks=pytest.mark.slow)])
def test_ctrl_c_in_a_kernel_of_a_public_entry_point(entry, when):
    """``first``: the process's first call (its arrays' types never boxed before: 1946407 died of SIGSEGV,
    exit -11); ``later``: after a call (1946407: SystemError, exit 1). Slow: the two other combinations."""
    assert_survived_the_ctrl_c(run_script(SCRIPT, entry, when))


def test_a_handler_of_the_caller_is_kept():
    """``safe_ctrl_c`` replaces Python's own handler only: the caller's is in place inside the call."""
    import signal

    from algnet.interrupts import ctrl_c_safe

    def mine(signum, frame):
        raise KeyboardInterrupt

    seen = []
    previous = signal.signal(signal.SIGINT, mine)
    try:
        ctrl_c_safe(lambda: seen.append(signal.getsignal(signal.SIGINT)))()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert seen == [mine]


def test_python_handler_replaced_for_the_call_and_restored():
    import signal

    from algnet.analyses.shared import records_dimension
    from algnet.interrupts import sigint_count

    @records_dimension
    def entry():
        return signal.getsignal(signal.SIGINT)

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        inside = entry()
        n = sigint_count()
        with pytest.raises(KeyboardInterrupt):
            records_dimension(lambda: signal.raise_signal(signal.SIGINT))()
        assert sigint_count() == n + 1                   # counted, raised as Python's handler does
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, previous)
    assert inside is not signal.default_int_handler


def test_put_off_in_an_import_and_a_finalizer(tmp_path, monkeypatch):
    """Where raising would leave a module half imported or be lost in a finalizer, the handler puts it off."""
    import importlib
    import sys as _sys

    from algnet.interrupts import put_off_here

    (tmp_path / "ctrl_c_import_probe.py").write_text("import sys\nfrom algnet.interrupts import put_off_here\n"
                                                "SEEN = put_off_here(sys._getframe())\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    _sys.modules.pop("ctrl_c_import_probe", None)
    assert importlib.import_module("ctrl_c_import_probe").SEEN is True
    _sys.modules.pop("ctrl_c_import_probe", None)

    seen = []

    class Finalized:
        def __del__(self):
            seen.append(put_off_here(_sys._getframe()))

    Finalized()
    assert seen == [True]
    assert put_off_here(_sys._getframe()) is False


@pytest.mark.parametrize("limit", [60.0, None])
def test_ctrl_c_before_the_cap_is_armed_raises_keyboard_interrupt(monkeypatch, limit):
    """A Ctrl-C between the size check and the arming of the time cap (1946407: UnboundLocalError 'cap', seen
    once in 3 runs of 6 s of ``ed_degree`` under SIGINT every 0.5-3 ms) is a KeyboardInterrupt: with a time limit,
    raised where the cap is made; without one (no cap to arm), where the collector's pause is."""
    import algnet.guards
    from algnet.analyses.critical import guarded_run
    from algnet.analyses.critical.guarded_run import guarded

    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    @guarded("a count", classify=False)
    def count(net, loss="generic", force=False, time_limit=None):
        return "ran"

    if limit is None:
        monkeypatch.setattr(guarded_run, "gc_paused", ctrl_c)
    else:
        monkeypatch.setattr(algnet.guards, "time_cap", ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        count("linear 2-1-2", time_limit=limit)


@pytest.mark.slow
def test_jupyter_kernel_survives_a_ctrl_c_in_a_kernel():
    """The same Ctrl-C in a cell of a Jupyter kernel (ipykernel runs a cell under Python's own handler): 1946407's
    kernel died (2026-12-05: no reply, the kernel process gone); here the cell returns the partial count and the
    next cell runs. Slow: a kernel starts and loads algnet (seconds to a minute under load)."""
    import queue
    import time

    manager = pytest.importorskip("jupyter_client.manager")
    pytest.importorskip("ipykernel")
    cell = ("import sys\nsys.argv = ['cell', 'critical', 'first']\n"
            + SCRIPT.replace("assert signal.getsignal", "print('handler is Python\\'s', signal.getsignal")
            .replace("is signal.default_int_handler\nkill", "is signal.default_int_handler)\nkill", 1))
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    km, kc = manager.start_new_kernel(env=env, startup_timeout=300)
    try:
        out = []

        def run(code):
            msg_id = kc.execute(code)
            end = time.monotonic() + 600
            while time.monotonic() < end:
                assert km.is_alive(), ("the kernel died", out)
                try:
                    msg = kc.get_iopub_msg(timeout=0.5)
                except queue.Empty:
                    continue
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "stream":
                    out.extend(msg["content"]["text"].splitlines())
                if msg["msg_type"] == "error":
                    out.append("error " + msg["content"]["ename"])
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    return
            raise AssertionError(("no reply", out))

        run(cell)
        assert out[0] == "handler is Python's True", out
        assert out[1] in ("KeyboardInterrupt", "returned partial True"), out
        run("print(6 * 7)")
        assert out[-1] == "42", out
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_the_compiled_trackers_kernel_calls_run_under_safe_ctrl_c(monkeypatch):
    """The homotopy API's compiled tracking (monodromy_solve, the degree and critical routes) reaches numba's
    kernels through CompiledPathTracker.step: each call runs with a handler that puts a Ctrl-C in numba's boxing off,
    not Python's, and Python's handler is back afterwards."""
    import signal

    import numpy as np

    from algnet.homotopy.compiled import CompiledPathTracker
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.systems import OffsetFamily, PolynomialSystem

    seen = []
    inner = CompiledPathTracker._step

    def spy(self):
        seen.append(signal.getsignal(signal.SIGINT) is signal.default_int_handler)
        return inner(self)

    monkeypatch.setattr(CompiledPathTracker, "_step", spy)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        # x^3 = p from p = 1 to p = 8: the cube roots of 8
        tr = CompiledPathTracker(ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(3,): 1}])), [1.0],
                                                   [8.0]), 1)
        tr.add(np.exp(2j * np.pi * np.arange(3) / 3)[:, None])
        while tr.active:
            tr.finish(tr.step())
        assert np.allclose(np.abs(tr.X[:, 0]), 2.0)
        assert seen and not any(seen)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.mark.parametrize("block", ["safe_ctrl_c", "counting_sigint"])
def test_a_ctrl_c_put_off_near_the_end_of_a_call_is_taken_in_the_call(block):
    """A Ctrl-C put off in numba's boxing comes back from a timer thread (``interrupt_again``), which waits for the
    interpreter lock while a kernel holds it: a short call could end first, and the KeyboardInterrupt then landed in
    the caller's next line under Python's own handler (CI of c2c59930: ``degree`` returned, the interrupt was raised
    in the script's loop after it). The block now waits for it and ends in KeyboardInterrupt."""
    import signal

    from ctrl_c_helpers import fake_frames, keyboard_interrupt_within

    from algnet import interrupts

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            with getattr(interrupts, block)():
                handler = signal.getsignal(signal.SIGINT)
                handler(signal.SIGINT, fake_frames(("/site/numba/core/serialize.py", "_numba_unpickle")))
        assert not keyboard_interrupt_within(0.3)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, previous)
