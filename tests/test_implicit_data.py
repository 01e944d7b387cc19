"""data/equations/: regenerate a few tables and compare; every stored equation,
parsed back from its text, vanishes at an exact point of the network's neuromanifold."""

import importlib.util
import json
import re
from pathlib import Path

import numpy as np
import pytest

from algnet import parse_spec
from algnet.cli import main

DATA = Path(__file__).resolve().parent.parent / "data" / "equations"
FILES = sorted(DATA.glob("*.json"))


def _regen_module():
    spec = importlib.util.spec_from_file_location("regenerate", DATA / "regenerate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_case_has_a_file():
    mod = _regen_module()
    assert {mod.filename(s) for s, _ in mod.CASES} == {f.name for f in FILES}


@pytest.mark.parametrize("spec", ["linear 4-2-3", "dense 2-2-3 r=2", "conv k=2,2 r=2", "attention d=2 a=2 dout=1 t=2"])
def test_regenerated_tables_match(spec):
    mod = _regen_module()
    D = dict(mod.CASES)[spec]
    stored = json.loads((DATA / mod.filename(spec)).read_text())
    fresh = mod.compute(spec, D)
    for key in ("generators", "generator_degrees", "hilbert_function", "complete_up_to_degree", "primes", "seed"):
        assert fresh[key] == stored[key], key


def test_stored_command_reproduces_the_file(capsys):
    stored = json.loads((DATA / "dense_2-2-3_r2.json").read_text())
    args = re.findall(r"'[^']*'|\S+", stored["command"])[1:]
    assert main([a.strip("'") for a in args]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["generators"] == stored["generators"] and out["hilbert_function"] == stored["hilbert_function"]


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_stored_equations_vanish_on_the_network(path):
    d = json.loads(path.read_text())
    net = parse_spec(d["spec"])
    names = net.coordinate_names()
    assert d["coordinates"] == names
    theta = np.array([int(v) for v in np.random.default_rng(11).integers(-30, 31, net.n_params)], dtype=object)
    point = [c for out in net.coefficients(theta) for c in out]
    value = dict(zip(names, point))
    for text in d["generators"]:
        assert _evaluate(text, value) == 0, text


_FACTOR = re.compile(r"([A-Za-z]\w*\[[^\]]*\])(?:\^(\d+))?|(\d+)")


def _evaluate(text, value):
    """Evaluate an equation string (our own small parser: independent of the exporter)."""
    total = 0
    for sign, term in re.findall(r"(^-?|[+-] )(\S+)", text):
        t = -1 if "-" in sign else 1
        pos = 0
        while pos < len(term):
            m = _FACTOR.match(term, pos)
            assert m, term
            if m.group(1):
                t *= value[m.group(1)] ** int(m.group(2) or 1)
            else:
                t *= int(m.group(3))
            pos = m.end() + 1  # skip the '*'
        total += t
    return total


def test_parser_on_a_known_string():
    assert _evaluate("2*a[0,0]^2 - a[0,1]*c0[x0*x1] + 3", {"a[0,0]": 2, "a[0,1]": 5, "c0[x0*x1]": 7}) == 8 - 35 + 3
