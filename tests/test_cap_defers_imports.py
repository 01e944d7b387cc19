"""A time cap's interrupt is put off while an import or numba's compiler runs (algnet.time_caps._cap_handler): raised
there it broke the process for good -- 22-23 of 25 capped fiber counts in one process ended in "AttributeError:
partially initialized module 'yaml'" (main df23770, load 10; 0 of 25 after), the cause of test_fibers' 0.01-s
capped count failing under load."""

import sys
import time
from types import SimpleNamespace

from algnet.time_caps import _in_import_or_compiler, time_cap


def test_a_cap_waits_for_an_import_to_finish(tmp_path, monkeypatch):
    (tmp_path / "slow_module_for_cap.py").write_text(
        "import time\nt0 = time.monotonic()\nwhile time.monotonic() - t0 < 0.3:\n    pass\nDONE = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "slow_module_for_cap", raising=False)
    reached = []
    with time_cap(0.05) as cap:          # due in the middle of the module's 0.3 s body
        try:
            import slow_module_for_cap  # noqa: F401
            reached.append("imported")
            time.sleep(5)
        except KeyboardInterrupt:
            pass
    assert cap.expired and reached == ["imported"] and sys.modules["slow_module_for_cap"].DONE
    del sys.modules["slow_module_for_cap"]


def _frames(*names):
    frame = None
    for name in names:             # outermost first
        frame = SimpleNamespace(f_code=SimpleNamespace(co_filename=name), f_back=frame)
    return frame


def test_the_frames_a_cap_waits_for():
    site = "/venv/lib/python3.11/site-packages"
    assert _in_import_or_compiler(_frames("/src/algnet/x.py", f"{site}/numba/core/dispatcher.py"))
    assert _in_import_or_compiler(_frames("<frozen importlib._bootstrap>", "/src/mod.py"))
    assert _in_import_or_compiler(_frames(f"{site}/llvmlite/binding/executionengine.py"))
    assert not _in_import_or_compiler(_frames("/src/algnet/homotopy/tracker.py", "/src/algnet/guards.py"))


def test_a_cap_never_interrupts_its_own_exit():
    # a repeating cap whose block spent longer than `repeat` handling the first interrupt fired again on entering
    # time_cap.__exit__ (seen in degree's refusal: 8-s CPU cap, repeat 0.5 s, ~1 GiB freed in the handler): the
    # KeyboardInterrupt reached the caller and __exit__ never disarmed the cap. The handler puts it off there.
    import math
    import signal

    import pytest

    from algnet.time_caps import _cap_handler

    in_exit = SimpleNamespace(f_code=time_cap.__exit__.__code__, f_back=None)
    with time_cap(30) as cap:
        cap.next = 0.0                      # due now
        _cap_handler(signal.SIGALRM, in_exit)       # put off: no KeyboardInterrupt, the cap not expired
        entered = cap.expired
        cap.next = math.inf
    assert not entered and not cap.expired
    # the same signal in the block's own code interrupts it
    elsewhere = SimpleNamespace(f_code=test_a_cap_never_interrupts_its_own_exit.__code__, f_back=None)
    with time_cap(30) as cap:
        cap.next = 0.0
        with pytest.raises(KeyboardInterrupt):
            _cap_handler(signal.SIGALRM, elsewhere)
    assert cap.expired


def test_a_late_signal_after_the_last_cap_left_does_not_rearm_the_timer():
    """A SIGALRM whose Python handler ran in the last cap's ``__exit__`` (after the timer was cleared) used to re-arm
    the timer for the deferral; ``__exit__`` then restored the default disposition and the late alarm ended the
    process ("Alarm clock", exit 142, seen in CI after a 0.3-s ``--time-limit``)."""
    import signal

    from algnet.time_caps import _CAPS, _cap_handler

    assert not _CAPS[False]
    exit_frame = SimpleNamespace(f_code=time_cap.__exit__.__code__, f_back=None)
    previous = signal.signal(signal.SIGALRM, signal.SIG_IGN)   # should the timer be re-armed: no harm done
    try:
        _cap_handler(signal.SIGALRM, exit_frame)
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
