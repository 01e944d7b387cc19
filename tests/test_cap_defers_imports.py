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
