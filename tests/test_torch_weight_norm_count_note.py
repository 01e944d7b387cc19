"""A weight_norm layer is imported by its weight's entries (w = g v / |v|), fewer numbers than torch's g and v: the
count stays (the same functions, the same functional dimension) and a note says how many fewer and why, as for a
BatchNorm folded into a layer. Truth: torch's own parameter count and the rank of torch's Jacobian in g and v.
"""

import re
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from torch_helpers import torch_jacobian_rank  # noqa: E402

from algnet.relu import from_torch_model  # noqa: E402
from algnet.relu.model_fd import model_batch_fd  # noqa: E402


def _normed(layer, how, dim):
    if how == "hook":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")             # torch deprecates the hook for the parametrization
            return nn.utils.weight_norm(layer, dim=dim)
    return nn.utils.parametrizations.weight_norm(layer, dim=dim)


def _said(m):
    return [int(n) for note in m.notes if "weight_norm" in note for n in re.findall(r"\((\d+) fewer", note)]


@pytest.mark.parametrize("how", ["hook", "parametrization"])
@pytest.mark.parametrize("dim", [0, None])
def test_linear_weight_norm_count_is_said(how, dim):
    torch.manual_seed(0)
    net = nn.Sequential(_normed(nn.Linear(2, 4), how, dim), nn.ReLU(), nn.Linear(4, 1)).double()
    m = from_torch_model(net)
    gap = sum(p.numel() for p in net.parameters()) - m.n_params
    assert gap == (4 if dim == 0 else 1)            # torch's g: one number a row, or one for the whole weight
    assert _said(m) == [gap]
    Z = np.random.default_rng(1).normal(size=(30, 2)) * 3
    assert model_batch_fd(m, Z).rank == torch_jacobian_rank(net, Z)


def test_conv_weight_norm_count_is_said():
    torch.manual_seed(0)
    net = nn.Sequential(_normed(nn.Conv1d(1, 3, 2), "parametrization", 0), nn.ReLU(), nn.Flatten(),
                        nn.Linear(9, 1)).double()
    m = from_torch_model(net, input_shape=(1, 4))
    gap = sum(p.numel() for p in net.parameters()) - m.n_params
    assert gap == 3 and _said(m) == [3]
    Z = np.random.default_rng(2).normal(size=(20, 1, 4)) * 3
    assert model_batch_fd(m, Z.reshape(20, -1)).rank == torch_jacobian_rank(net, Z)


def test_no_weight_norm_no_note():
    net = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1))
    assert not any("weight_norm" in n for n in from_torch_model(net).notes)
