"""The command line's crash and Ctrl-C behaviour (subprocesses of ``python -m algnet``)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _start(*argv):
    return subprocess.Popen([sys.executable, "-m", "algnet", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=ENV, cwd=str(ROOT))


def _wait_for(p, marker: bytes, limit: float = 240.0) -> bytes:
    err, t0 = b"", time.time()
    os.set_blocking(p.stderr.fileno(), False)
    while time.time() - t0 < limit and p.poll() is None:
        err += p.stderr.read() or b""
        if marker in err:
            break
        time.sleep(0.2)
    return err


def test_a_crash_in_the_cli_leaves_a_stack():
    # a fatal signal (here sent from outside, as a crash in compiled code would raise it) prints the Python
    # stack of every thread on stderr (faulthandler), instead of dying with no output
    p = _start("critical", "conv k=2,2,2 r=2", "--seed", "0", "--progress", "--no-certify", "--no-spurious",
               "--no-strata")
    try:
        err = _wait_for(p, b"critical points")
        assert p.poll() is None, err[-500:]
        p.send_signal(signal.SIGSEGV)
        _, rest = p.communicate(timeout=120)
    finally:
        if p.poll() is None:
            p.kill()
    text = (err + rest).decode(errors="replace")
    assert p.returncode == -signal.SIGSEGV
    assert "Fatal Python error: Segmentation fault" in text and 'File "' in text, text[-1500:]


def test_ctrl_c_while_loading_is_one_line():
    # SIGINT before the package has finished loading: "algnet: interrupted", exit 130, no import traceback
    p = subprocess.Popen([sys.executable, "-c", "import sys; sys.argv[0] = '-m'; import os, signal; "
                          "import algnet; os.kill(os.getpid(), signal.SIGINT); import time; time.sleep(5)"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, cwd=str(ROOT))
    out, err = p.communicate(timeout=120)
    assert p.returncode == 130 and err.decode().strip() == "algnet: interrupted", (p.returncode, err[-800:])


def test_the_first_run_in_a_process_is_the_same_as_the_next():
    # same seed, same process: the trace residual agrees to the last bit, also on the first run (the image map's
    # route was once chosen by timing its first call, which timed numba's first load: 3.274e-14 against 3.285e-14)
    code = ("from algnet.analyses.critical import critical_points as c; "
            "print([repr(c('linear 2-1-2', seed=1).trace_test_residual) for _ in range(3)])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, cwd=str(ROOT),
                         timeout=300)
    values = eval(out.stdout.strip().splitlines()[-1])
    assert len(values) == 3 and len(set(values)) == 1, values
