"""The radius of the local analyses is read exactly, from a number or from a string as typed on the command line.

relu 1-1-1 with the hyperplane x = c, where 1/10 < c < float(0.1) (the binary 0.1 is 0.1000000000000000055...): the
cross-polytope of radius 1/10 around 0 is the segment [-1/10, 1/10], which does not meet x = c (count 0, by hand);
so a radius written "1/10" or "0.1" must count 0 on the exact path, and the result must report the radius 1/10 it
used. The exact 2-D region counts of the lines x = 0 and y = 0 are 4 in any square centred at the origin and 1 in a
square of half-side 1/10 around (5, 5) (by hand), whatever the radius is written as.
"""

import json
from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.errors import ParameterError
from algnet.relu.local_complexity import local_complexity, local_region_count
from algnet.relu.model import PLModel

C = (Fraction(1, 10) + Fraction(0.1)) / 2


def _segment_model():
    return PLModel.from_relu_network(parse_spec("relu 1-1-1"), [1, -C, 1, 0])


@pytest.mark.parametrize("radius", ["1/10", "0.1", " 1/10 ", Fraction(1, 10)])
def test_exact_path_reads_the_radius_exactly_and_reports_it(radius):
    assert Fraction(1, 10) < C < Fraction(0.1)
    lc = local_complexity(_segment_model(), [[0]], radius=radius, seed=0, exact=True)
    assert lc.total.tolist() == [0]                         # [-1/10, 1/10] misses x = c
    assert lc.radius == Fraction(1, 10) and isinstance(lc.radius, Fraction)
    d = lc.as_dict()
    assert d["radius_exact"] == "1/10" and d["radius"] == 0.1
    json.dumps(d)                                           # still one JSON document


def test_float_radius_on_the_exact_path_is_its_binary_value():
    lc = local_complexity(_segment_model(), [[0]], radius=0.1, seed=0, exact=True)
    assert lc.total.tolist() == [1] and lc.radius == Fraction(0.1)


def test_float_path_accepts_a_fraction_string():
    m = PLModel.from_layers([([[1, 0], [0, 1]], [0, "-1/2"]), ([[1, 1]], [0])])
    a = local_complexity(m, [[0.1, 0.0], [0.0, 0.4]], radius="3/10", seed=0)
    b = local_complexity(m, [[0.1, 0.0], [0.0, 0.4]], radius=0.3, seed=0)
    assert a.total.tolist() == b.total.tolist() == [1, 2]   # by hand: x = 0 only; x = 0 and y = 1/2
    assert a.radius == 0.3


def test_region_counts_read_the_radius_exactly():
    m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    r = local_region_count(m, [[0, 0], [5, 5]], radius="1/10", seed=0)
    assert r.counts.tolist() == [4, 1] and r.radius == Fraction(1, 10)
    assert r.as_dict()["radius_exact"] == "1/10"


@pytest.mark.parametrize("bad", ["1/x", "1/0", "inf", "-1/10", "0", True])
def test_bad_radius_strings_are_refused_clearly(bad):
    m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    for f in (local_complexity, local_region_count):
        with pytest.raises(ParameterError, match="radius"):
            f(m, [[0, 0]], radius=bad, seed=0)


def test_cli_reads_a_fraction_radius_exactly(tmp_path, capsys):
    from algnet.cli import main

    np.savez(tmp_path / "pts.npz", X=np.random.default_rng(0).random((4, 2)))
    base = ["local-complexity", "relu 2-3-1", "--seed", "0", "--data", str(tmp_path / "pts.npz"), "--points-seed",
            "1", "--per-point", "--json"]
    docs = []
    for radius in ("1/10", "0.1"):
        assert main(base + ["--radius", radius, "--exact"]) == 0
        docs.append(json.loads(capsys.readouterr().out))
    assert docs[0]["radius_exact"] == docs[1]["radius_exact"] == "1/10"
    assert docs[0]["total"] == docs[1]["total"]
    assert main(base + ["--radius", "1/10"]) == 0              # the float path: the same counts as float 0.1's
    flt = json.loads(capsys.readouterr().out)
    assert flt["radius"] == 0.1 and "radius_exact" not in flt
    assert main(base + ["--radius", "1/x"]) == 2
    err = capsys.readouterr().err
    assert "--radius '1/x' is not a number" in err and "1/10" in err and "Traceback" not in err


def test_training_record_takes_a_fraction_radius():
    """record_model passes the radius on to local_complexity and records the radius it used (1/10 as a number)."""
    torch = pytest.importorskip("torch")
    from algnet.relu.training import record_model
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    rec = record_model(model, train_points=[[0.5, 0.5]], radius="1/10")
    assert rec["lc_radius"] == 0.1
