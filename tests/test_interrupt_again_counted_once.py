"""One count of the Ctrl-C that a handler of algnet put off (``algnet.interrupts.interrupt_again``).

The command line's SIGINT handler and :func:`~algnet.interrupts.counting_sigint`'s both put a Ctrl-C off when it
lands where raising would lose it (llvmlite's callbacks, numba's boxing) and take it again 20 ms later. Until
2026-12-05 each kept its own count of the signals it had tripped again, so a Ctrl-C put off by one and taken by
the other was counted twice (:func:`~algnet.interrupts.sigint_count`). Now one count serves both.
"""

import os
import signal
import time

import pytest
from ctrl_c_helpers import cli_handler, frame_in, keyboard_interrupt_within  # noqa: F401 (a fixture)

from algnet import interrupts
from algnet.cli import _common
from algnet.interrupts import counting_sigint, sigint_count

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")


def test_put_off_by_the_command_line_taken_by_counting_sigint_is_counted_once(tmp_path, cli_handler):
    llvm = frame_in(tmp_path, ("llvmlite", "binding", "executionengine.py"), "callback")
    before = sigint_count()
    _common._on_sigint(signal.SIGINT, llvm)          # a Ctrl-C inside llvmlite: noted, put off, nothing raised
    with counting_sigint():                          # e.g. a loop over analyses entered meanwhile
        assert keyboard_interrupt_within()
    assert sigint_count() - before == 1 and interrupts._AGAIN["n"] == 0


def test_put_off_by_counting_sigint_taken_by_the_command_line_is_counted_once(tmp_path, cli_handler):
    boxing = frame_in(tmp_path, ("numba", "core", "serialize.py"), "_numba_unpickle")
    before = sigint_count()
    with counting_sigint():
        handler = signal.getsignal(signal.SIGINT)
        handler(signal.SIGINT, boxing)               # a Ctrl-C in numba's boxing: counted, put off, nothing raised
    assert keyboard_interrupt_within()            # taken by the command line's handler, raised there
    assert sigint_count() - before == 1 and interrupts._AGAIN["n"] == 0
    assert _common._INTERRUPTED["flag"]


def test_a_new_ctrl_c_after_a_stale_trip_is_counted():
    # a trip that landed under Python's own handler (nobody took it off the count) does not hide the next Ctrl-C
    # of an outermost counting_sigint
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)     # Python's own: counting_sigint outermost
    try:
        interrupts._AGAIN["n"] = 1
        before = sigint_count()
        with counting_sigint():
            with pytest.raises(KeyboardInterrupt):
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(1)
        assert sigint_count() - before == 1
    finally:
        signal.signal(signal.SIGINT, previous)
        interrupts.forget_sigints_again()
