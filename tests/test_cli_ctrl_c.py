"""Ctrl-C and the command line's own state: the interrupted flag belongs to one call of ``algnet.cli.main``."""

from _cli import ctrl_c_at

from algnet.cli import main
from algnet.cli._common import exit_status, interrupted


def test_the_interrupted_flag_ends_with_the_call_that_got_the_ctrl_c(monkeypatch, capsys):
    # a Ctrl-C instead of Krawczyk's certification: the degree is a lower bound, status 130
    ctrl_c_at(monkeypatch, "algnet.homotopy.certify", "certify", "instead")
    assert main(["degree", "linear 3-1-3", "--method", "monodromy", "--seed", "1"]) == 130
    assert "interrupted" in capsys.readouterr().out
    # after the call nothing is left over: no stale flag for the process, and the next call is a complete one
    assert not interrupted() and exit_status(False) == 0
    monkeypatch.undo()
    assert main(["dim", "linear 2-1-2", "--seed", "0"]) == 0
    assert not capsys.readouterr().out.startswith("PARTIAL")
