"""Where a SIGINT handler of algnet puts a Ctrl-C off instead of raising: one predicate for all of them
(``algnet.interrupts.put_off_here``), the command line's exception named (``compiler=False``).

The places and why (the predicate's documentation, each observed on 2026-12-04/05): numba's boxing of a kernel's
result (a NULL in the returned tuple, then SIGSEGV), llvmlite's code (a ctypes callback prints the interrupt and
loses it), an import (a module left half initialized), a finalizer (Python prints "Exception ignored" and loses
it); numba's compiler and its load of a cached kernel (state broken for the rest of the process) -- except for the
command line, whose process ends after the Ctrl-C and which takes a Ctrl-C during a first compilation when the LLVM
step under way returns (``algnet.cli._ctrl_c_notice``). On 71202fd the command line's handler had conditions of its
own (llvmlite's code and a finalizer in the innermost frame only, the finalizer's Ctrl-C dropped; numba's boxing; no
import): 5 of its 10 cases here fail there (numba's code called back from LLVM, an import, a finalizer, code under a
finalizer, the real frames), and the predicate had no ``compiler`` keyword.
"""

import os
import signal
import sys

import pytest
from ctrl_c_helpers import cli_handler, fake_frames, keyboard_interrupt_within  # noqa: F401 (a fixture)

from algnet import interrupts
from algnet.cli import _common
from algnet.interrupts import put_off_here, sigint_count

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")

SITE = "/venv/lib/python3.11/site-packages"


ALGNET = ("/src/algnet/homotopy/tracker.py", "track")
COMPILER = (f"{SITE}/numba/core/compiler.py", "compile_extra")
BOXING = (f"{SITE}/numba/core/serialize.py", "_numba_unpickle")
CALLBACK = (f"{SITE}/llvmlite/binding/executionengine.py", "_raw_object_cache_notify")
IMPORT = ("<frozen importlib._bootstrap>", "_load_unlocked")
FINALIZER = ("/venv/lib/python3.11/site-packages/tqdm/std.py", "__del__")

# (frames outermost first, put off by the library's handlers, put off by the command line's)
CASES = [
    ((ALGNET,), False, False),
    ((ALGNET, COMPILER), True, False),                      # the command line's exception: raised in the compiler
    ((ALGNET, COMPILER, BOXING), True, True),               # a kernel's result boxed
    ((ALGNET, BOXING, ("/src/algnet/x.py", "f")), True, True),   # not innermost: still inside the boxing
    ((ALGNET, COMPILER, CALLBACK), True, True),             # a ctypes callback from LLVM
    ((ALGNET, CALLBACK, COMPILER), True, True),             # numba's code called back from LLVM: inside the callback
    ((IMPORT, ALGNET), True, True),                         # an import under way (the module's own body)
    ((ALGNET, FINALIZER), True, True),
    ((FINALIZER, ALGNET), True, True),                      # code a finalizer calls
]


@pytest.mark.parametrize("frames, library, command_line", CASES)
def test_the_one_predicate(frames, library, command_line):
    frame = fake_frames(*frames)
    assert put_off_here(frame) is library
    assert put_off_here(frame, compiler=False) is command_line
    # the library's places are a superset: the time caps' walk (imports, numba's and llvmlite's code) among them
    assert not command_line or library
    assert not interrupts.in_import_or_compiler(frame) or library


@pytest.mark.parametrize("frames, library, command_line", CASES)
def test_the_command_line_handler_follows_the_predicate(frames, library, command_line, cli_handler):
    """Put off: nothing raised in the frame, the KeyboardInterrupt comes shortly after in ordinary code, counted
    once; not put off: raised at once (in numba's compiler too: the command line's exception)."""
    before = sigint_count()
    frame = fake_frames(*frames)
    if command_line:
        _common._on_sigint(signal.SIGINT, frame)
        assert keyboard_interrupt_within()
    else:
        with pytest.raises(KeyboardInterrupt):
            _common._on_sigint(signal.SIGINT, frame)
    assert sigint_count() - before == 1 and interrupts._AGAIN["n"] == 0
    assert _common.interrupted()


def test_a_real_finalizer_and_import_put_the_command_lines_ctrl_c_off(tmp_path, monkeypatch, cli_handler):
    """Real frames: code a finalizer calls and a module's body under import (the command line's handler raised in
    both before: it looked at the innermost frame only)."""
    seen = []

    def work():
        seen.append(put_off_here(sys._getframe(), compiler=False))

    class Finalized:
        def __del__(self):
            work()

    Finalized()
    (tmp_path / "ctrl_c_probe_module.py").write_text("import sys\nfrom algnet.interrupts import put_off_here\n"
                                                      "SEEN = put_off_here(sys._getframe(), compiler=False)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "ctrl_c_probe_module", raising=False)
    import ctrl_c_probe_module

    assert seen == [True] and ctrl_c_probe_module.SEEN is True
    work()
    assert seen == [True, False]
