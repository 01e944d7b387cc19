"""Slice files with numbers beyond float64's range are read exactly; NaN/Infinity are refused in true words."""

import json
from fractions import Fraction

import pytest

from algnet.architectures.relu import ReluNetwork
from algnet.errors import ParameterError
from algnet.relu import linear_regions
from algnet.relu.slices import Slice


def test_a_slice_origin_of_1e400_is_read_exactly(tmp_path):
    p = tmp_path / "sl.json"
    p.write_text('{"origin": [0, 0, 1e400], "directions": [[1, 0, 0], [0, 1, 0]]}')
    sl = Slice.from_file(str(p), 3)
    assert sl.origin == (0, 0, Fraction(10) ** 400)
    # relu 3-1-1 with the neuron z1 + z3 - 10^400: on this slice (z3 = 10^400) its line is u = 0 (hand), which cuts
    # the box [-1, 1]^2 into exactly 2 regions; the cancellation 10^400 - 10^400 needs exact arithmetic
    net = ReluNetwork((3, 1, 1))
    theta = [1, 0, 1, -Fraction(10) ** 400, 1, 0]
    assert linear_regions(net, theta, slice=sl).count == 2


@pytest.mark.parametrize("text,word", [('[0, 0, NaN]', "nan"), ('[0, 0, -Infinity]', "-inf")])
def test_nan_and_infinity_literals_are_called_not_finite(tmp_path, text, word):
    p = tmp_path / "sl.json"
    p.write_text('{"origin": %s, "directions": [[1, 0, 0], [0, 1, 0]]}' % text)
    with pytest.raises(ParameterError) as e:
        Slice.from_file(str(p), 3)
    assert f"holds {word}, not a finite number" in str(e.value)


def test_regions_cli_on_a_far_slice_answers(tmp_path, capsys):
    from algnet.cli import main

    p = tmp_path / "sl.json"
    p.write_text(json.dumps({"origin": [0, 0, 0], "directions": [[1, 0, 0], [0, 1, 0]]}).replace("0]", "1e400]", 1))
    assert main(["regions", "relu 3-3-1", "--slice", str(p), "--seed", "1"]) == 0
    # every neuron's plane w.z + b = 0 with |w|, |b| small meets z3 = 10^400 only at |z1|, |z2| huge: 1 region
    assert "1 regions" in capsys.readouterr().out
