"""The documented command-line contract (README: exit status 2 for a bad input, one message with a hint) for the
--time-limit of `algnet fd` and `algnet regions`, in the command line's words: the message named the library's
keyword (time_limit=-5.0, "or None for no limit") instead of the option."""

import pytest

from algnet.cli import main


@pytest.mark.parametrize("command", ["fd", "regions"])
@pytest.mark.parametrize("value", ["-5", "0", "nan", "inf", "1e400"])
def test_bad_time_limit_names_the_option(command, value, capsys):
    assert main([command, "relu 2-3-1", "--seed", "0", "--time-limit", value]) == 2
    err = capsys.readouterr().err
    assert "option --time-limit" in err and "time_limit=" not in err and "None" not in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 2       # the error and its hint


def test_a_good_time_limit_still_runs(capsys):
    assert main(["fd", "relu 2-3-1", "--seed", "0", "--time-limit", "30"]) == 0
    assert "functional dimension" in capsys.readouterr().out
