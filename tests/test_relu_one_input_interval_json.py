"""The JSON of a 1-input partition names its domain as the interval it is.

A network with one input is partitioned on the standard slice (the input line times an unused second
coordinate); the text already said 'interval [a, b]' / 'whole line', but the JSON still said "domain": "box"
with four numbers (the unused coordinate's [0, 1] or [-1, 1] among them). Truth by hand: relu 1-2-1 with hidden
neurons x and x - 1 breaks the line at 0 and 1.
"""

import json

from algnet import parse_spec
from algnet.cli import main
from algnet.relu.regions import linear_regions
from algnet.relu.regions_float import linear_regions_float

NET, THETA = "relu 1-2-1", [1, 1, 0, -1, 1, 1, 0]     # W1 = (1, 1)^T, b1 = (0, -1), W2 = (1, 1), b2 = 0


def test_interval_json_by_hand():
    d = linear_regions(parse_spec(NET), THETA, box=(-2, 2)).as_dict()
    # [-2, 0], [0, 1], [1, 2]
    assert d["regions"] == 3 and d["bounded"] == 3
    assert d["domain"] == "interval" and d["box"] == ["-2", "2"]


def test_whole_line_json_by_hand():
    d = linear_regions(parse_spec(NET), THETA, plane=True).as_dict()
    # (-inf, 0], [0, 1], [1, inf): one bounded interval
    assert (d["regions"], d["bounded"], d["unbounded"]) == (3, 1, 2)
    assert d["domain"] == "line" and d["box"] is None


def test_float_engine_json_names_the_interval():
    d = linear_regions_float(parse_spec(NET), THETA, box=(-2, 2, 0, 1)).as_dict()
    assert d["regions"] == 3 and d["domain"] == "interval" and d["box"] == ["-2", "2"]


def test_two_inputs_keep_the_box():
    d = linear_regions(parse_spec("relu 2-2-1"), [1, 0, 0, 1, 0, 0, 1, 1, 0], box=(-1, 1, -1, 1)).as_dict()
    # the two axes cut the square into four quadrants
    assert d["regions"] == 4 and d["domain"] == "box" and d["box"] == ["-1", "1", "-1", "1"]


def test_cli_json_of_a_one_input_network(capsys):
    assert main(["regions", "relu 1-3-1", "--json", "--box=-2,2"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["domain"] == "interval" and d["box"] == ["-2", "2"]
    assert "interval [-2, 2]" in d["proves"] and "strips" not in d["proves"]      # it is an interval, not strips
