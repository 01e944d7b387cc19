"""``--map FILE`` on every analysis sub-command: the twisted cubic, against its classical invariants."""

import importlib.util
import json

import pytest

from algnet.cli import main

pytestmark = pytest.mark.skipif(importlib.util.find_spec("algnet.architectures.polymap") is None,
                                reason="polynomial maps not available")


@pytest.fixture()
def cubic(tmp_path):
    # (s, t) -> (s^3, s^2 t, s t^2, t^3): the affine cone over the twisted cubic, dimension 2, degree 3,
    # cut out by the three 2x2 minors of [[a0, a1, a2], [a1, a2, a3]]
    path = tmp_path / "cubic.txt"
    path.write_text("s^3\ns^2*t   # a comment\ns*t^2\n\nt^3\n")
    return str(path)


def _json(capsys, argv, code=0):
    assert main(argv) == code
    return json.loads(capsys.readouterr().out)


def test_dim_map(capsys, cubic):
    d = _json(capsys, ["dim", "--map", cubic, "--json", "--seed", "0"])
    assert d["dimension"] == 2 and d["ambient"] == 4 and d["parameters"] == 2


def test_degree_map(capsys, cubic):
    d = _json(capsys, ["degree", "--map", cubic, "--json", "--seed", "0"])
    assert d["degree"] == 3 and d["dimension"] == 2


def test_implicit_map(capsys, cubic):
    d = _json(capsys, ["implicit", "--map", cubic, "--max-degree", "2", "--format", "json", "--seed", "0"])
    assert d["generator_degrees"] == [2, 2, 2] and d["cuts_out"] is True
    assert "--map" in d["command"]


def test_hilbert_map(capsys, cubic):
    d = _json(capsys, ["hilbert", "--map", cubic, "--up-to", "4", "--json", "--seed", "0"])
    # coordinate ring of the twisted cubic: H(e) = 3e + 1 (the Veronese embedding of P^1 by cubics)
    assert d["values"] == [1, 4, 7, 10, 13] and d["degree"] == 3 and d["dimension"] == 2


def test_singular_map(capsys, cubic):
    d = _json(capsys, ["singular", "--map", cubic, "--json", "--seed", "0"])
    assert d["dimension"] == 2


def test_fibers_map(capsys, cubic):
    d = _json(capsys, ["fibers", "--map", cubic, "--json", "--seed", "0"])
    # (s, t) and (w s, w t) with w^3 = 1 have the same image: finite fibers, no continuous symmetry
    assert d["fiber_dimension"] == 0 and d["symmetry_dimension"] == 0


def test_map_file_errors_name_the_line(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("s^2\ns*(t\n")
    assert main(["dim", "--map", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "Traceback" not in err
    assert main(["dim", "--map", str(tmp_path / "missing.txt")]) == 2
