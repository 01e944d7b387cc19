"""`algnet hilbert`: the set-up's grading detection shows a progress bar with a total, and Ctrl-C there says where."""

from __future__ import annotations

import re

from _cli import ctrl_c_at

from algnet.cli import main


def test_progress_bar_of_the_grading_detection_has_a_total(capsys):
    # linear 3-1-3: the 3 x 3 matrices of rank <= 1, N = 9 coordinates
    assert main(["hilbert", "linear 3-1-3", "--up-to", "2", "--seed", "0", "--progress"]) == 0
    err = capsys.readouterr().err
    assert "grading detection" in err
    assert re.search(r"grading detection[^\n\r]*\d+/9\b", err), err[-800:]


def test_no_bar_without_progress_off_a_terminal(capsys):
    assert main(["hilbert", "linear 3-1-3", "--up-to", "2", "--seed", "0"]) == 0
    assert "grading detection" not in capsys.readouterr().err


def test_ctrl_c_in_the_grading_detection_says_where(monkeypatch, capsys, caplog):
    ctrl_c_at(monkeypatch, "algnet.analyses.hilbert.grading", "_rref", when="before")
    code = main(["hilbert", "linear 3-1-3", "--up-to", "2", "--seed", "0"])
    err = capsys.readouterr().err
    assert code == 130, err
    said = caplog.text      # the algnet logger's warning (stderr on the command line)
    assert "grading detection" in said and "of at most 9" in said and "--grading none" in said, said
    assert "Traceback" not in err
