"""A map's polynomial is one expression of variables, decimal integers, + - * /, ^ and parentheses.

Python's (and sympy's) reader took more: ``0x10*s`` was the map 16*s, ``0b11*s`` 3*s, ``1_000*s`` 1000*s,
``3!*s`` (sympy's factorial notation) 6*s, all without a word; a non-ASCII name (``σ*s``) ended in a flint
UnicodeEncodeError traceback; ``1.5*s`` was refused as "1.50000000000000 is not a polynomial with rational
coefficients" (1.5 is rational) and ``1/0`` as "not a polynomial". Each is now refused naming the number or
character, with the exact value it stands for; the readings kept are checked against values by hand.
"""

import pytest

from algnet import parametrization
from algnet.architectures.polymap import load_map
from algnet.cli import main
from algnet.errors import SpecError


@pytest.mark.parametrize("text, why", [
    ("0x10*s", "decimal digits (16)"),      # was 16*s
    ("0b11*s", "decimal digits (3)"),       # was 3*s
    ("0o17*s", "decimal digits (15)"),      # was 15*s
    ("1_000*s", "without '_' (1000)"),      # was 1000*s
    ("1.5*s", "exact (3/2)"),
    (".5*s", "exact (1/2)"),
    ("1e3*s", "exact (1000)"),
    ("2e-2*s", "exact (1/50)"),
    ("2j*s", "complex"),
    ("3!*s", "'!'"),                        # was 6*s
    ("s!", "'!'"),
    ("s $ t", "'$'"),
    ("σ*s", "U+03C3"),                      # traceback
    ("s − t", "U+2212"),                    # a minus sign that is not '-'
])
def test_a_number_or_character_outside_the_syntax_is_refused_by_name(text, why):
    with pytest.raises(SpecError, match="is not one polynomial") as e:
        parametrization([text, "t"])
    assert why in str(e.value)


def test_a_division_by_zero_says_so():
    for text in ("s/0", "0^-1*s", "s/(1 - 1)"):
        with pytest.raises(SpecError, match="divides by zero"):
            parametrization([text, "t"])


def test_integers_fractions_and_powers_still_read_as_written():
    # by hand at (s, t) = (2, 4): 10*2 = 20, 2/2 + 2^-2*4 = 2, (2 - 4)^2 = 4
    net = parametrization(["10*s", "s/2 + 2^-2*t", "(s - t)^2"])
    assert net.spec == "map 10*s; s/2 + t/4; s^2 - 2*s*t + t^2 params=s,t"
    assert net.evaluate([2, 4], [[0]]).tolist() == [[20, 2, 4]]


def test_a_map_file_line_with_a_hex_number_is_refused_on_the_command_line(tmp_path, capsys):
    path = tmp_path / "m.txt"
    path.write_text("s^2\n0x10*s*t\nt^2\n")        # was the map (s^2, 16*s*t, t^2)
    assert main(["dim", "--map", str(path)]) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "0x10" in err and "Traceback" not in err
    with pytest.raises(SpecError, match="line 2"):
        load_map(path)
