"""Honest partial results on the command line: wording, JSON, exit status (SIGINT in a subprocess), seeds."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from algnet.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _env():
    return dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def interrupt(argv, wait_for: bytes, delay: float = 1.5, timeout: float = 90):
    """Start ``algnet argv``, wait until ``wait_for`` shows on stderr (a progress bar), then send SIGINT."""
    p = subprocess.Popen([sys.executable, "-m", "algnet", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=_env(), cwd=ROOT)
    os.set_blocking(p.stderr.fileno(), False)
    seen, t0 = b"", time.time()
    while wait_for not in seen and p.poll() is None and time.time() - t0 < timeout:
        try:
            seen += os.read(p.stderr.fileno(), 1 << 16)
        except BlockingIOError:
            time.sleep(0.05)
    assert p.poll() is None, "finished before the interrupt: pick a longer case"
    time.sleep(delay)
    p.send_signal(signal.SIGINT)
    os.set_blocking(p.stderr.fileno(), True)
    out, err = p.communicate(timeout=timeout)
    return p.returncode, out.decode(), (seen + err).decode()


def test_sigint_degree_prints_a_lower_bound_and_exits_130():
    # linear 6-3-6: rank <= 3 matrices 6x6, degree in the thousands; monodromy cannot finish in seconds
    code, out, err = interrupt(["degree", "linear 6-3-6", "--method", "monodromy", "--force",
                                "--progress", "--seed", "0", "--json"], b"monodromy")
    assert code == 130, err[-2000:]
    d = json.loads(out)
    assert d["partial"] is True and d["degree"] is None and d["partial_reason"] == "interrupted"
    assert d["degree_lower_bound"] >= 1 and d["evidence"]["partial"] is True
    assert "Traceback" not in err


def test_sigint_degree_text_wording():
    code, out, err = interrupt(["degree", "linear 6-3-6", "--method", "monodromy", "--force",
                                "--progress", "--seed", "1"], b"monodromy")
    assert code == 130
    first = out.splitlines()[0]
    assert "degree >= " in first and "(interrupted; lower bound)" in first
    assert "Traceback" not in err


def test_sigint_implicit_is_partial_and_exits_130():
    # linear 5-2-5 up to degree 5: about 10 s of graded pieces
    code, out, err = interrupt(["implicit", "linear 5-2-5", "-d", "5", "--force", "--progress", "--seed", "0",
                                "--format", "json"], b"implicitize pieces")
    assert code == 130, err[-2000:]
    d = json.loads(out)
    assert d["partial"] is True and d["partial_reason"] == "interrupted"
    assert d["complete_up_to_degree"] < 5 and d["evidence"]["partial"] is True
    assert "Traceback" not in err


def test_sigint_implicit_text_says_partial_first():
    code, out, err = interrupt(["implicit", "linear 5-2-5", "-d", "5", "--force", "--progress", "--seed", "0"],
                               b"implicitize pieces")
    assert code == 130
    assert out.startswith("PARTIAL (interrupted): the equations are complete only up to degree")


def test_time_limit_partial_is_a_non_zero_exit(capsys):
    code = main(["implicit", "linear 5-2-5", "-d", "5", "--time-limit", "0.3", "--seed", "0", "--format", "json"])
    d = json.loads(capsys.readouterr().out)
    assert code == 3 and d["partial"] is True and d["complete_up_to_degree"] < 5
    assert d["partial_reason"] == "time limit or size guard"


def _strip_times(x):
    if isinstance(x, dict):
        return {k: _strip_times(v) for k, v in x.items() if k != "seconds"}
    if isinstance(x, list):
        return [_strip_times(v) for v in x]
    return x


@pytest.mark.parametrize("argv", [["degree", "linear 2-1-2", "--json"],
                                  ["implicit", "linear 3-1-2", "-d", "2", "--format", "json"],
                                  ["singular", "linear 2-1-2", "--json"],
                                  ["fibers", "linear 2-1-2", "--json"],
                                  ["dim", "dense 2-2-1 r=2", "--json"],
                                  ["hilbert", "linear 3-1-3", "--up-to", "3", "--json"]])
def test_seed_drawn_recorded_and_reproducing(capsys, argv):
    assert main(argv) == 0
    first = json.loads(capsys.readouterr().out)
    seed = first["seed"]
    assert isinstance(seed, int) and first["evidence"]["seed"] == seed
    assert main(argv + ["--seed", str(seed)]) == 0
    again = json.loads(capsys.readouterr().out)
    assert _strip_times(again) == _strip_times(first)


@pytest.mark.parametrize("argv", [["degree", "linear 2-1-2", "--seed", "-1"],
                                  ["implicit", "linear 2-1-2", "--seed", "x"],
                                  ["dim"],
                                  ["dim", "linear 2-1-2", "--map", "poly.txt"]])
def test_cli_syntax_errors_exit_2_without_traceback(argv):
    proc = subprocess.run([sys.executable, "-m", "algnet", *argv], capture_output=True, text=True, env=_env(),
                          cwd=ROOT)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "usage:" in proc.stderr


def test_plot_path_checked_before_the_work(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "algnet", "singular", "linear 3-2-3", "--plot",
                           str(tmp_path / "missing" / "x.png")], capture_output=True, text=True, env=_env(), cwd=ROOT)
    assert proc.returncode == 2 and "does not exist" in proc.stderr and "Traceback" not in proc.stderr
    assert main(["singular", "linear 2-1-2", "--plot", str(tmp_path / "x.xyz")]) == 2


def test_verify_only_typo_is_an_error_with_suggestions(capsys):
    assert main(["verify", "--quick", "--only", "determinantl dimension"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'determinantal dimension r(m+n-r)'" in err


def test_strata_interrupted_keeps_the_finished_strata(monkeypatch, capsys):
    import algnet.analyses.singular.stratify as stratify

    calls = []
    original = stratify.analyze_point

    def interrupted_second_time(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return original(*args, **kwargs)

    monkeypatch.setattr(stratify, "analyze_point", interrupted_second_time)
    res = stratify.strata("linear 4-3-4", depth=2, seed=0)
    # widths 4-3-4 (generic point) and 4-2-4 finished; 4-1-4 was interrupted
    assert res.partial and [s.name for s in res.strata] == ["widths 4-3-4", "widths 4-2-4"]
    assert res.evidence.partial and not res.evidence.certified
    calls.clear()
    assert main(["singular", "linear 4-3-4", "--seed", "0"]) == 3
    assert capsys.readouterr().out.startswith("PARTIAL (stopped early): 2 strata finished")


def test_interrupt_during_the_symbolic_proof_keeps_the_equations(monkeypatch, capsys):
    import algnet.analyses.implicit.compute as compute

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(compute, "_certify", interrupted)
    res = compute.implicitize("linear 3-1-2", max_degree=2, seed=0)
    # the three 2x2 minors of a 2x3 matrix are found and verified; only the proof is missing
    assert res.generator_degrees == (2, 2, 2) and res.partial and not res.certified
    assert res.evidence.partial and "symbolic proof" in res.evidence.proves
    assert main(["implicit", "linear 3-1-2", "-d", "2", "--seed", "0"]) == 3
    assert "the symbolic proof that the equations vanish on M was not finished" in capsys.readouterr().out


def test_failed_trace_test_is_a_lower_bound(monkeypatch, capsys):
    import dataclasses

    import algnet.analyses.degree as degree_module
    from algnet.registry import get_analysis

    get_analysis("degree")  # the registry reads the function's defaults before it is replaced
    original = degree_module.degree

    def failing_trace_test(*args, **kwargs):
        return dataclasses.replace(original(*args, **kwargs), trace_test_passed=False)

    monkeypatch.setattr(degree_module, "degree", failing_trace_test)
    assert main(["degree", "linear 2-1-2", "--seed", "0"]) == 3
    first = capsys.readouterr().out.splitlines()[0]
    assert "degree >= 2 (trace test failed" in first and "lower bound" in first
    assert main(["degree", "linear 2-1-2", "--seed", "0", "--json"]) == 3
    d = json.loads(capsys.readouterr().out)
    assert d["degree"] is None and d["degree_lower_bound"] == 2 and d["partial"] is True


def test_fibers_newton_count_interrupted_is_partial(monkeypatch, capsys):
    import algnet.analyses.fibers as fibers
    import algnet.analyses.fibers_newton as fibers_newton

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fibers_newton, "_newton_starts", interrupted)
    res = fibers.identifiability("dense 2-2-2 r=2", seed=0, method="newton")
    # theta_0 itself is always in its fiber: the count is at least 1, and only a lower bound
    assert res.partial and res.fiber_count == 1 and not res.count_certified and res.evidence.partial
    assert main(["fibers", "dense 2-2-2 r=2", "--method", "newton", "--seed", "0"]) == 3
    assert capsys.readouterr().out.startswith("PARTIAL (stopped early)")


def test_fd_seed_drawn_recorded_and_reproducing(capsys):
    assert main(["fd", "relu 2-3-1", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert isinstance(first["seed"], int)
    assert main(["fd", "relu 2-3-1", "--json", "--seed", str(first["seed"])]) == 0
    assert _strip_times(json.loads(capsys.readouterr().out)) == _strip_times(first)
