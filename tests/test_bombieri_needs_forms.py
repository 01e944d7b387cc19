"""The Bombieri-Weyl metric weighs the coefficient of x^alpha of a form of degree D by 1 / multinomial(D; alpha):
a polynomial map has no inputs to form degrees in (its outputs are the coordinates themselves), so every weight
would be 1 and the 'bombieri' count would silently be the Frobenius one (the twisted cubic as a map gave 7, the
Frobenius ED degree 3d - 2, where the same curve as binary cubics has Bombieri ED degree d = 3,
Friedland-Ottaviani). It is refused, naming the cheaper routes."""

import subprocess
import sys

import pytest

from algnet import parse_spec
from algnet.analyses.critical.loss import bombieri_weights
from algnet.errors import ParameterError

CUBIC_MAP = "map s^3; s^2*t; s*t^2; t^3"


def test_a_map_has_no_bombieri_weights():
    with pytest.raises(ParameterError, match="Bombieri-Weyl metric needs outputs that are forms"):
        bombieri_weights(parse_spec(CUBIC_MAP))


def test_forms_keep_their_weights():
    # binary cubics: 1, 1/3, 1/3, 1 (multinomials 1, 3, 3, 1), by hand
    assert sorted(bombieri_weights(parse_spec("layers Linear(2,1), Power(3)")).tolist()) == [1 / 3, 1 / 3, 1, 1]


def test_the_command_line_refuses_it_cleanly():
    r = subprocess.run([sys.executable, "-m", "algnet", "ed-degree", "--metric", "bombieri", CUBIC_MAP],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    assert "--metric frobenius" in r.stderr
