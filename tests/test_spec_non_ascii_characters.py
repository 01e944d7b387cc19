"""A spec with a Unicode dash, minus sign or fullwidth digit: the error names the character and its ASCII form."""

import pytest

from algnet import parse_spec
from algnet.errors import SpecError


@pytest.mark.parametrize("spec,code,fix", [("relu 2\u22123-1", "U+2212", "'-'"),       # minus sign
                                           ("relu 2\u20103-1", "U+2010", "'-'"),       # hyphen
                                           ("relu 2\u20133-1", "U+2013", "'-'"),       # en dash
                                           ("relu \uff12-3-1", "U+FF12", "'2'"),       # fullwidth digit two
                                           ("linear 4-2\u22123", "U+2212", "'-'")])
def test_non_ascii_character_is_named(spec, code, fix):
    with pytest.raises(SpecError) as e:
        parse_spec(spec)
    msg = str(e.value).split("hint")[0]
    assert code in msg and f"write {fix} instead" in msg


def test_cli_names_the_character(capsys):
    from algnet.cli import main

    assert main(["fd", "relu 2\u22123-1"]) == 2
    err = capsys.readouterr().err
    assert "U+2212 MINUS SIGN" in err and "Traceback" not in err
