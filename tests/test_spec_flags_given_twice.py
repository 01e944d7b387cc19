"""A flag written twice in a spec ("linear 2-1-2 bias bias") is refused like a key=value option given twice,
with the offending token named, through the library and as a command-line error (exit status 2, no traceback)."""

import pytest

from algnet import parse_spec
from algnet.cli import main
from algnet.errors import SpecError


@pytest.mark.parametrize("spec", ["linear 2-1-2 bias bias", "dense 3-2-1 r=2 bias BIAS"])
def test_repeated_flag_is_refused(spec):
    with pytest.raises(SpecError, match="flag 'bias' given twice"):
        parse_spec(spec)


def test_repeated_flag_on_the_command_line(capsys):
    assert main(["dim", "linear 2-1-2 bias bias", "--seed", "0"]) == 2
    err = capsys.readouterr().err
    assert "given twice" in err and "Traceback" not in err


def test_one_flag_still_parses():
    assert parse_spec("linear 2-1-2 bias").spec == "linear 2-1-2 bias"
