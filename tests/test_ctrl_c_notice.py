"""The line the ``algnet`` process prints when a Ctrl-C arrives while numba compiles (algnet.cli._ctrl_c_notice):
the main thread is held in one long C call (as in an LLVM pass: the GIL released, no bytecode to run the Python
handler at), called from a function whose source file lies under an ``llvmlite`` folder, as llvmlite's ffi is."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_SCRIPT = r"""
import hashlib, os, sys, time
from algnet.cli._ctrl_c_notice import install
assert install(delay=0.2)
# a long C call that no signal cuts short, run from a file named like llvmlite's ffi
code = compile("def ffi_call(n):\n    return hashlib.pbkdf2_hmac('sha256', b'k', b's', n)\n",
               os.path.join(sys.argv[1], "llvmlite", "binding", "ffi.py"), "exec")
space = {"hashlib": hashlib}
exec(code, space)
n, t = 20000, time.process_time()
while time.process_time() - t < 0.05:      # calibrate: iterations for about 2 CPU seconds
    space["ffi_call"](n)
    n *= 2
n = int(n * 2 / max(time.process_time() - t, 1e-3))
try:
    print("ready", flush=True)
    space["ffi_call"](n)            # the call
    print("not interrupted", flush=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
"""


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")      # utime + stime


def test_a_ctrl_c_during_a_long_llvm_call_gets_a_line_at_once(tmp_path):
    _interrupt_and_check(_SCRIPT, tmp_path)


def _interrupt_and_check(script, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env, text=True)
    try:
        assert p.stdout.readline().strip() == "ready"
        start = _cpu_seconds(p.pid)
        while _cpu_seconds(p.pid) - start < 0.3:     # in the call (of 2 CPU seconds), whatever the load
            time.sleep(0.02)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=300)
    finally:
        if p.poll() is None:
            p.kill()
    # the line came while the call ran, and the Ctrl-C was taken when it returned
    assert out.strip() == "interrupted" and "numba is compiling a kernel" in err, (out, err)


def test_a_worker_compiling_while_the_main_thread_waits_gets_the_line_too(tmp_path):
    # share_jobs waits for a worker's job even after Ctrl-C (it writes into shared arrays): when that job is the
    # one compiling, the main thread's stack is in algnet's wait, and the line must come all the same
    call = 'share_jobs([lambda: None, lambda: space["ffi_call"](n)], 2, pull=False)'
    script = _SCRIPT.replace('space["ffi_call"](n)            # the call', call).replace(
        "import hashlib, os, sys, time",
        "import hashlib, os, sys, time\nfrom algnet.homotopy.threads import share_jobs")
    assert "share_jobs([" in script
    _interrupt_and_check(script, tmp_path)


def test_no_line_when_the_main_thread_takes_the_ctrl_c(tmp_path):
    code = ("import time; from algnet.cli._ctrl_c_notice import install; assert install(delay=0.2); "
            "\ntry:\n    print('ready', flush=True)\n    time.sleep(30)\nexcept KeyboardInterrupt:\n    time.sleep(1)\n"
            "    print('interrupted')")
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                         text=True)
    try:
        assert p.stdout.readline().strip() == "ready"
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=120)
    finally:
        if p.poll() is None:
            p.kill()
    assert out.strip() == "interrupted" and err == "", (out, err)


def test_the_command_line_handler_does_not_raise_inside_llvmlite_but_sends_the_ctrl_c_again(tmp_path):
    # a KeyboardInterrupt raised in a ctypes callback from LLVM (llvmlite's code) is printed with a traceback and
    # lost; the handler of the analyses sends the Ctrl-C again instead, counted once
    import threading

    from algnet import interrupts
    from algnet.cli import _common
    from algnet.guards import sigint_count

    space = {"handler": _common._on_sigint, "signal": signal, "sys": sys}
    exec(compile("def callback():\n    handler(signal.SIGINT, sys._getframe())\n",
                 os.path.join(str(tmp_path), "llvmlite", "binding", "executionengine.py"), "exec"), space)
    before, previous = sigint_count(), signal.signal(signal.SIGINT, _common._on_sigint)
    got = None
    try:
        space["callback"]()                 # as if the Ctrl-C landed in the callback: nothing raised there
        assert threading.current_thread() is threading.main_thread()
        t = time.monotonic()
        while time.monotonic() - t < 10:
            time.sleep(0.01)
    except KeyboardInterrupt:
        got = time.monotonic() - t
    finally:
        signal.signal(signal.SIGINT, previous)
        _common.clear_interrupted()
    assert got is not None and got < 5, got          # sent again, raised in Python code
    assert sigint_count() - before == 1 and interrupts._AGAIN["n"] == 0
