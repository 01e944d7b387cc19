"""Ctrl-C on every long-running sub-command: exit status 130, no traceback, and either the finished part
printed as a bound ("lower bound", "partial", "PARTIAL") or a clear "interrupted" line.

Each case runs a command that takes well over 3 s, waits until it is past loading (its progress bar on
stderr, or ~1 s of its own CPU time after imports when it has no bar), sends SIGINT and checks what it
printed. (degree, implicit and regions are in test_cli_exits.py and test_relu_cli.py.) Not covered here, see the
report of this change: none (``fibers`` runs long with a large ``--max-seconds`` cap and many starts, or
with ``--method homotopy --force`` on ``dense 4-3-2 r=2``).
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_TICK = os.sysconf("SC_CLK_TCK")


def _env():
    # faulthandler: a crash on Ctrl-C (signal 11 seen once in CI) prints the Python stacks on stderr
    return dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
                PYTHONFAULTHANDLER="1")


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK      # utime + stime


_LOAD_CPU = {}


def _load_cpu(command: str) -> float:
    """CPU seconds of ``algnet COMMAND --help`` (imports of the command line), measured once."""
    if command not in _LOAD_CPU:
        before = os.times()
        subprocess.run([sys.executable, "-m", "algnet", command, "--help"], capture_output=True, env=_env(),
                       cwd=ROOT, timeout=120)
        after = os.times()
        _LOAD_CPU[command] = (after.children_user + after.children_system
                              - before.children_user - before.children_system)
    return _LOAD_CPU[command]


def interrupt(argv, wait_for: bytes | re.Pattern | None = None, delay: float = 1.0, timeout: float = 120, cwd=ROOT,
              cpu: float = 1.5):
    """Start ``algnet argv``; once it is working (``wait_for`` seen on stderr: bytes, or a compiled bytes
    pattern that must match, e.g. a progress bar past zero; or ``cpu`` seconds of its own CPU time past its
    imports: the same work on a loaded machine as on an idle one), wait ``delay`` seconds and send SIGINT.
    Returns (exit status, stdout, stderr)."""
    threshold = None if wait_for else _load_cpu(argv[0]) + cpu
    p = subprocess.Popen([sys.executable, "-m", "algnet", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=_env(), cwd=cwd)
    os.set_blocking(p.stderr.fileno(), False)
    seen, t0 = b"", time.time()
    while p.poll() is None and time.time() - t0 < timeout:
        try:
            seen += os.read(p.stderr.fileno(), 1 << 16)
        except BlockingIOError:
            pass
        if (wait_for and _shows(wait_for, seen)) or (threshold is not None and _cpu_seconds(p.pid) >= threshold):
            break
        time.sleep(0.05)
    assert p.poll() is None, f"finished before the interrupt: pick a longer case\n{seen.decode()[-1000:]}"
    time.sleep(delay)
    p.send_signal(signal.SIGINT)
    os.set_blocking(p.stderr.fileno(), True)
    out, err = p.communicate(timeout=timeout)
    return p.returncode, out.decode(), (seen + err).decode()


def _shows(wait_for, seen: bytes) -> bool:
    return wait_for in seen if isinstance(wait_for, bytes) else wait_for.search(seen) is not None


#: The elimination's progress bar once it has finished some columns (tqdm: "rank mod p (columns):  1%|...| 96/7200"):
#: the pivots found by then are a lower bound above zero, however loaded the machine.
_COLUMNS_DONE = re.compile(rb"rank mod p \(columns\):[^\r\n]*\| *[1-9][0-9]*/[0-9]+")

#: local-complexity's progress bar once a batch of points is finished (the CPU-time trigger it had was too early
#: at load 13: torch's threads spin while descheduled, so CPU seconds bought no finished batch).
_POINTS_DONE = re.compile(rb"local complexity:[^\r\n]*\| *[1-9][0-9]*/[0-9]+")

_BOUND = re.compile(r"lower bound|partial|PARTIAL|interrupted", re.IGNORECASE)


def check(code, out, err, partial_words=None):
    """Exit 130, no traceback, and a partial result marked as such on stdout or a clear interrupted line."""
    assert code == 130, (code, out[-1500:], err[-1500:])
    assert "Traceback" not in err and "Traceback" not in out, err[-3000:]
    if partial_words is None:
        assert _BOUND.search(out) or "interrupted" in err, (out[-1500:], err[-1500:])
    else:
        assert any(w in out for w in partial_words), out[-1500:]


def test_sigint_dim_prints_a_lower_bound():
    # a 7202 x 7200 sketch: tens of seconds of elimination; the pivots found are a proved lower bound. The
    # interrupt waits for columns done (the bar past zero): waiting for the bar alone, a loaded machine could
    # send Ctrl-C before the first pivot (a lower bound of 0)
    code, out, err = interrupt(["dim", "dense 60-60-60 r=2", "--progress", "--seed", "0"], _COLUMNS_DONE,
                               delay=0.2)
    check(code, out, err, ["(interrupted; lower bound)"])
    k = int(re.search(r"dimension >= (\d+)", out).group(1))
    assert 0 < k <= 7140                                    # 7200 - 60 (rescalings): the true dimension
    assert out.startswith("PARTIAL (interrupted)")


def test_sigint_dim_json_is_partial():
    code, out, err = interrupt(["dim", "dense 60-60-60 r=2", "--progress", "--seed", "0", "--json"],
                               _COLUMNS_DONE, delay=0.2)
    check(code, out, err, ['"partial": true'])
    d = json.loads(out)
    assert d["partial"] is True and d["certified"] is False and d["evidence"]["partial"] is True
    assert d["dimension"] == len(d["pivots"]) <= 3160


def test_sigint_hilbert():
    code, out, err = interrupt(["hilbert", "linear 4-2-4", "--up-to", "9", "--progress", "--seed", "0"])
    check(code, out, err)


def test_sigint_singular():
    code, out, err = interrupt(["singular", "linear 12-8-12", "--progress", "--seed", "0"])   # ~30 s of work
    check(code, out, err)


@pytest.mark.slow
def test_sigint_critical():
    code, out, err = interrupt(["critical", "linear 3-2-3", "--progress", "--seed", "0"])
    check(code, out, err)


def test_sigint_fd():
    code, out, err = interrupt(["fd", "relu 2-50-50-1", "--seed", "0"])
    check(code, out, err)


def test_sigint_superposition():
    code, out, err = interrupt(["superposition", "--n", "20", "--m", "5", "--steps", "200000", "--progress",
                                "--seed", "0", "--force"])      # estimated just above the default budget
    check(code, out, err)


@pytest.mark.slow
def test_sigint_sweep_keeps_the_finished_rows(tmp_path):
    db = tmp_path / "s.sqlite"
    code, out, err = interrupt(["sweep", "dim", "--grid", "dense {10..30}-{10..30}-2 r=2", "--seeds", "0..3",
                                "--db", str(db)])
    check(code, out, err)


@pytest.mark.slow
def test_sigint_verify_stops_the_table():
    # a row's analysis turns Ctrl-C into its own partial result; the table must stop all the same
    code, out, err = interrupt(["verify", "--progress"], delay=2.0)
    check(code, out, err)
    assert "PARTIAL (interrupted)" in err


@pytest.mark.slow
def test_sigint_voronoi_counts_only_the_targets_done():
    # a Ctrl-C inside a target's path tracking used to become "dropped" targets and the run went on
    code, out, err = interrupt(["voronoi", "linear 3-1-3", "--samples", "2000", "--progress", "--seed", "0"],
                               b"targets", delay=2.0)
    check(code, out, err, ["(interrupted: the counts cover the targets done)"])


@pytest.mark.slow
def test_sigint_ed_degree():
    # interrupted while the critical points are found: a lower bound (a Ctrl-C in the last moments, after the certification,
    # may leave the complete answer printed, with exit status 130)
    code, out, err = interrupt(["ed-degree", "linear 4-2-4", "--progress", "--seed", "0"], b"critical points",
                               delay=0.5)
    check(code, out, err, ["(interrupted; lower bound)"])


def test_sigint_local_complexity_keeps_the_finished_points(tmp_path):
    np = pytest.importorskip("numpy")
    np.savez(tmp_path / "pts.npz", X=np.random.default_rng(0).uniform(-1, 1, (2_000_000, 2)))
    code, out, err = interrupt(["local-complexity", "relu 2-300-300-300-1", "--seed", "0", "--data",
                                str(tmp_path / "pts.npz"), "--radius", "0.1", "--directions", "2", "--points-seed", "1",
                                "--json", "--progress", "--force"], wait_for=_POINTS_DONE, delay=0.5, timeout=600)
    check(code, out, err, ['"partial": true'])
    d = json.loads(out)
    assert 0 < d["points"] < d["points_given"] == 2_000_000 and d["certified"] is False


def test_sigint_fibers_newton_count_is_a_lower_bound():
    # 10^5 Newton starts under a 300 s cap: minutes of work; the points found are a lower bound
    argv = ["fibers", "dense 3-3-2 r=2", "--method", "newton", "--starts", "100000", "--max-seconds", "300",
            "--seed", "0"]
    code, out, err = interrupt(argv, delay=2.0)
    check(code, out, err, ["lower bound"])
    assert out.startswith("PARTIAL (interrupted)")
    code, out, err = interrupt(argv + ["--json"], delay=2.0)
    check(code, out, err, ['"partial": true'])
    d = json.loads(out)
    # theta_0 itself is a fiber point; the gauge-fixed fiber of dense 3-3-2 r=2 has 6 (3! orders of the hidden neurons)
    assert d["partial"] is True and d["count_status"] == "lower bound" and 1 <= d["fiber_count"] <= 6
    assert d["evidence"]["partial"] is True and d["count_certified"] is False


@pytest.mark.slow
def test_sigint_fibers_monodromy_count_is_a_lower_bound():
    code, out, err = interrupt(["fibers", "dense 4-3-2 r=2", "--method", "homotopy", "--force", "--max-seconds",
                                "300", "--seed", "0"], delay=2.0)
    check(code, out, err, ["lower bound"])
    assert out.startswith("PARTIAL (interrupted)") and "stopping rule: interrupted" in out
