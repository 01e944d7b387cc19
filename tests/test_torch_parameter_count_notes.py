"""An imported model counted fewer parameters than torch's ``sum(p.numel() for p in model.parameters())`` without a
word: a layer defined and never called, a BatchNorm folded into the Linear before it. The counts stay (neither
changes the model's function; the rank of torch's Jacobian in all of the model's parameters is algnet's batch
functional dimension), and a note says how many and why. Truth: torch's own parameter count and Jacobian rank."""

import re

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from torch_helpers import torch_jacobian_rank  # noqa: E402

from algnet.relu import from_torch_model  # noqa: E402
from algnet.relu.model_fd import model_batch_fd  # noqa: E402


class _Spare(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.spare, self.out = nn.Linear(2, 3), nn.Linear(3, 3), nn.Linear(3, 1)

    def forward(self, x):
        return self.out(torch.relu(self.fc1(x)))


def _bn_model(bias):
    m = nn.Sequential(nn.Linear(2, 4, bias=bias), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 1)).double()
    with torch.no_grad():
        m[1].running_mean.uniform_(-0.5, 0.5)
        m[1].running_var.fill_(0.25)
        m[1].weight.uniform_(0.5, 1.5)
        m[1].bias.uniform_(-0.3, 0.3)
    return m.eval()


@pytest.mark.parametrize("make", [lambda: _Spare().double(), lambda: _bn_model(True), lambda: _bn_model(False)])
def test_a_count_below_torch_s_is_said(make):
    torch.manual_seed(0)
    net = make()
    m = from_torch_model(net)
    gap = sum(p.numel() for p in net.parameters()) - m.n_params
    assert gap > 0
    said = [int(n) for note in m.notes for n in re.findall(r"\((\d+) (?:numbers|fewer)", note)]
    assert said == [gap]
    Z = np.random.default_rng(1).normal(size=(40, 2)) * 3
    assert model_batch_fd(m, Z).rank == torch_jacobian_rank(net, Z)


def test_no_note_when_every_parameter_is_counted():
    net = nn.Sequential(nn.Linear(2, 4), nn.BatchNorm1d(4, affine=False), nn.ReLU(), nn.Linear(4, 1)).eval()
    m = from_torch_model(net)
    assert m.n_params == sum(p.numel() for p in net.parameters())
    assert not any("fewer" in n or "does not call" in n for n in m.notes)
