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
    assert main(["regions", "relu 3-5-1", "--seed", "0", "--slice", str(s), "--plane", "--json", "--list"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["regions"] == len(d["region_list"]) == zaslavsky_regions(5, 2)


def test_local_complexity_reads_npy_like_npz(tmp_path, capsys):
    """The same points from an .npy file and from an .npz file give the same result (same seeds)."""
    import numpy as np

    X = np.random.default_rng(0).uniform(-1, 1, size=(6, 2))
    np.save(tmp_path / "p.npy", X)
    np.savez(tmp_path / "p.npz", X=X)
    out = []
    for f in ("p.npy", "p.npz"):
        assert main(["local-complexity", "relu 2-4-1", "--seed", "0", "--data", str(tmp_path / f), "--radius", "0.3",
                     "--points-seed", "5", "--json"]) == 0
        r = json.loads(capsys.readouterr().out)
        r.pop("seconds", None)
        out.append(r)
    assert out[0]["points"] == 6
    assert out[0] == out[1]


def test_regions_vertices_only_when_asked(tmp_path, capsys):
    w = {"W1": [[1, 0], [0, 1]], "b1": [0, 0], "W2": [[1, 1]], "b2": [0]}     # the axes cut [-1, 1]^2 in four
    path = tmp_path / "axes.json"
    path.write_text(json.dumps(w))
    assert main(["regions", "relu 2-2-1", "--weights", str(path), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["regions"] == 4 and d["vertices"] is None
    assert main(["regions", "relu 2-2-1", "--weights", str(path), "--json", "--vertices"]) == 0
    assert json.loads(capsys.readouterr().out)["vertices"] == 9     # a 3 x 3 grid of points, by hand
    assert main(["regions", "relu 2-2-1", "--weights", str(path), "--vertices"]) == 0
    assert "9 distinct vertices" in capsys.readouterr().out
    assert main(["regions", "relu 2-2-1", "--weights", str(path)]) == 0
    assert "distinct vertices" not in capsys.readouterr().out


def test_readme_lists_every_json_key_of_the_relu_commands(tmp_path, capsys):
    """Every key the ReLU commands print with --json is named in the README's ReLU section (the section missed
    `notes`, `functional_dimension_scope`, `partial`, ...)."""
    from pathlib import Path

    import numpy as np

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme[readme.index("## ReLU networks"):readme.index("### Sweeps, grids, exports")]
    np.savez(tmp_path / "x.npz", X=np.random.default_rng(0).normal(size=(12, 2)))
    runs = [["fd", "relu 2-3-1", "--seed", "0", "--json"],
            ["regions", "relu 2-3-1", "--seed", "0", "--json"],
            ["local-complexity", "relu 2-3-1", "--seed", "0", "--data", str(tmp_path / "x.npz"), "--radius", "0.1",
             "--regions", "--json"]]
    try:
        import torch

        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.BatchNorm1d(3), torch.nn.ReLU(),
                                    torch.nn.Linear(3, 1)).eval()
        with torch.no_grad():
            model[1].running_var.fill_(0.5)           # an irrational 1/sqrt: the import notes its rounding
        torch.save(model, tmp_path / "m.pt")
        runs.append(["fd", "--torch", str(tmp_path / "m.pt"), "--data", str(tmp_path / "x.npz"), "--json"])
    except ImportError:  # pragma: no cover - torch is installed here and in CI
        pass
    for argv in runs:
        assert main(argv) == 0
        d = json.loads(capsys.readouterr().out)
        missing = [k for k in d if f"`{k}`" not in section]
        assert not missing, (argv[:2], missing)


def test_fd_batch_method_says_which_bound_the_batch_rank_meets(capsys):
    # relu 1-1-1-1 seed 0: the batch of 12 inputs meets a bound lowered by units inactive at all of them (1),
    # far below D' = 4 = 6 - 2 rescalings (by hand); the text said "rank mod p = D' without ...", read as D' = 1
    assert main(["fd", "relu 1-1-1-1", "--seed", "0", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["bound"] == 4 and d["batch_exact"]
    assert d["batch_functional_dimension"] < d["bound"]        # the case of the report (1 at seed 0)
    assert "rank mod p = D'" not in d["batch_method"]
    assert f"rank mod p = {d['batch_functional_dimension']} = this batch's upper bound" in d["batch_method"]
    assert "D' = 4" in d["batch_method"]
    assert main(["fd", "relu 1-1-1-1", "--seed", "0"]) == 0
    assert "D' = 4 lowered by" in capsys.readouterr().out
