"""A bad value of a registered option (--time-limit of critical, degree, ed-degree, voronoi, ...) is reported in
the command line's words: the flag and the value given, what is wrong, the flag's help as the hint; no
``time_limit=`` or ``None`` of a Python call (the inner check's message and hint were printed as they were)."""

import pytest

from algnet.cli import main


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "0"])
def test_a_bad_time_limit_in_the_command_line_words(capsys, value):
    assert main(["critical", "linear 2-1-2", "--no-classify", "--seed", "0", "--time-limit", value]) == 2
    err = capsys.readouterr().err
    assert f"option --time-limit '{value}' is invalid: must be a positive finite number of seconds" in err
    assert "time_limit=" not in err and "None" not in err and err.count("hint:") == 1


def test_a_python_call_keeps_its_own_words():
    from algnet.analyses.critical import critical_points
    from algnet.errors import ParameterError

    with pytest.raises(ParameterError, match="time_limit=-1"):
        critical_points("linear 2-1-2", seed=0, classify=False, time_limit=-1)
