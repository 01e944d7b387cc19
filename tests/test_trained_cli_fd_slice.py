"""`algnet fd --torch MODEL.pt --slice FILE.json`: the functional dimension of a model with more than two inputs
from the exact regions of a 2-D slice (--slice had been ignored: 'regions enumerated on R^1 or R^2 only').

Truth: the rank of torch's autograd Jacobian (in the parameters) at many random points of the slice, spread from
its origin out to radius 30: a lower bound of what the slice's regions give, which the decisive set reaches; the
headline is the stronger batch rank at inputs of R^4 (torch's rank at spread inputs of R^4).
"""

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from torch_helpers import torch_jacobian_rank  # noqa: E402
from algnet.cli import main  # noqa: E402


def test_fd_on_a_slice_of_a_four_input_model(tmp_path, capsys):
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(4, 5), nn.LeakyReLU(0.125), nn.Linear(5, 3), nn.ReLU(), nn.Linear(3, 2)).eval()
    torch.save(net, tmp_path / "m.pt")
    o, d1, d2 = ([0.25, -0.5, 0.0, 0.5], [1.0, 0.0, 0.5, 0.0], [0.0, 1.0, 0.0, -0.5])
    (tmp_path / "s.json").write_text(json.dumps({"origin": o, "directions": [d1, d2]}))
    assert main(["fd", "--torch", str(tmp_path / "m.pt"), "--slice", str(tmp_path / "s.json"), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    uv = np.concatenate([np.random.default_rng(1).normal(size=(600, 2)) * s for s in (0.3, 1, 3, 30)])
    Z = np.array(o) + uv[:, :1] * np.array(d1) + uv[:, 1:] * np.array(d2)
    want = torch_jacobian_rank(net.double(), Z)
    # the slice's regions give torch's rank on the slice; the headline is the stronger proved bound, the batch rank
    # at inputs of R^4, which here meets D' (torch's rank at spread inputs of R^4 is the same)
    assert d["regions_functional_dimension"] == want < d["functional_dimension"]
    wide = np.random.default_rng(2).normal(size=(400, 4)) * 3
    assert d["functional_dimension"] == d["batch_functional_dimension"] == d["bound"] == torch_jacobian_rank(
        net.double(), wide)
    assert "batch rank" in d["functional_dimension_scope"]
