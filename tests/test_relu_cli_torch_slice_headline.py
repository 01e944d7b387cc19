"""fd --torch with a --slice: the headline is the strongest proved bound (the batch rank when it is larger)."""

import json

import pytest

from algnet.cli import main

torch = pytest.importorskip("torch")


def test_torch_slice_headline_takes_the_batch_rank_when_larger(tmp_path, capsys):
    # relu 3-3-1: D = 3*3 + 3 + 3 + 1 = 16 parameters, one scaling symmetry per hidden unit: D' = 16 - 3 = 13
    # (theorem: FD <= D'). Generic weights reach D'; a 2-D slice of R^3 only proves a smaller lower bound.
    torch.manual_seed(0)
    m = torch.nn.Sequential(torch.nn.Linear(3, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    torch.save(m, tmp_path / "m.pt")
    (tmp_path / "sl.json").write_text(json.dumps({"origin": [0, 0, 0], "directions": [[1, 0, 0], [0, 1, 0]]}))
    assert main(["fd", "--torch", str(tmp_path / "m.pt"), "--slice", str(tmp_path / "sl.json"), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["bound"] == 13 and d["batch_functional_dimension"] == 13 and d["certified"]
    assert d["functional_dimension"] == 13 and d["functional_dimension_exact"] is True
    assert "batch rank" in d["functional_dimension_scope"]
    assert d["regions_functional_dimension"] < 13      # the slice's own bound, kept and named
    assert main(["fd", "--torch", str(tmp_path / "m.pt"), "--slice", str(tmp_path / "sl.json")]) == 0
    out = capsys.readouterr().out
    assert "functional dimension = 13" in out and "a weaker bound" in out
