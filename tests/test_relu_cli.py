"""The ``algnet fd`` and ``algnet regions`` commands."""

import json

from algnet.cli import main
from algnet.theorems.formulas import relu_dimension_bound, relu_parameter_count, zaslavsky_regions


def test_fd_json(capsys):
    assert main(["fd", "relu 2-3-1", "--seed", "0", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    for k in ("functional_dimension", "batch_functional_dimension", "parameters", "bound", "exact"):
        assert k in d
    assert d["parameters"] == relu_parameter_count([2, 3, 1]) and d["bound"] == relu_dimension_bound([2, 3, 1])
    assert d["functional_dimension"] <= d["bound"] and d["exact"] is True


def test_fd_weights_file_and_text(tmp_path, capsys):
    w = {"W1": [[1], [1]], "b1": [0, 1], "W2": [[1, "1/2"]], "b2": [0]}
    path = tmp_path / "w.json"
    path.write_text(json.dumps(w))
    assert main(["fd", "relu 1-2-1", "--weights", str(path), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["functional_dimension"] == 5            # two distinct kinks: D' = 5 by hand
    assert main(["fd", "relu 1-2-1", "--weights", str(path)]) == 0
    assert "functional dimension = 5" in capsys.readouterr().out
    assert main(["fd", "relu 2-2-1", "--weights", str(path)]) == 2   # spec mismatch: clean error


def test_regions_json_and_plot(tmp_path, capsys):
    png = tmp_path / "r.png"
    assert main(["regions", "relu 2-4-1", "--seed", "3", "--plane", "--json", "--plot", str(png)]) == 0
    d = json.loads(capsys.readouterr().out)
    for k in ("regions", "bounded", "vertices", "exact"):
        assert k in d
    assert d["regions"] == zaslavsky_regions(4, 2) and d["exact"] is True and png.exists()
    assert main(["regions", "relu 2-4-1", "--box=-1,1,-1/2,1/2"]) == 0
    assert "regions" in capsys.readouterr().out
    assert main(["regions", "relu 2-4-1", "--box", "1,2,3"]) == 2


def test_regions_slice_file(tmp_path, capsys):
    s = tmp_path / "s.json"
    s.write_text(json.dumps({"origin": [0, 0, 0], "directions": [[1, 0, 0], [0, 0, 1]]}))
    assert main(["regions", "relu 3-5-1", "--slice", str(s), "--plane", "--json", "--list"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["regions"] == len(d["region_list"]) == zaslavsky_regions(5, 2)
