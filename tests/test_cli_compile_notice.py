"""The one-line notice when the command line compiles a kernel, and the `dimension` alias of `algnet dim`."""

import io

import numba

from algnet.cli import _compile_notice, main


def test_silent_off_a_terminal():
    assert _compile_notice.install(io.StringIO()) is False


def test_once_per_process_and_only_on_a_real_compile(monkeypatch):
    monkeypatch.setattr(_compile_notice, "_LISTENER", None)
    buf = io.StringIO()
    assert _compile_notice.install(buf, force=True)

    @numba.njit
    def twice(x):
        return 2 * x

    @numba.njit
    def thrice(x):
        return 3 * x

    assert buf.getvalue() == ""          # decorating compiles nothing
    assert twice(2) == 4 and thrice(2) == 6
    line = buf.getvalue()
    assert line.startswith(_compile_notice.NOTICE + " (up to about ") and line.count("\n") == 1 and "CPU s)" in line
    import numba.core.event as ev

    ev.unregister("numba:compile", _compile_notice._LISTENER)


def test_dimension_is_dim(capsys):
    assert main(["dimension", "linear 2-1-2", "--seed", "3"]) == 0
    a = capsys.readouterr().out
    assert main(["dim", "linear 2-1-2", "--seed", "3"]) == 0
    assert capsys.readouterr().out.split("seed")[0] == a.split("seed")[0] and "dimension" in a


def test_the_notice_estimate_is_the_guard_s():
    """The notice's CPU seconds are the guard's measured compilations (one measurement, two places)."""
    from algnet.analyses.critical.guarded_run import COMPILE_CPU

    assert abs(sum(COMPILE_CPU.values()) - _compile_notice.FIRST_COMPILE_CPU) <= 1.0
