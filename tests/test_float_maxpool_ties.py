"""The model float engine's verdict on max-pools whose comparisons are no decision: the windows of ReLU outputs
reached through a reshape (the entries vanish together where their zero lines meet, and an inactive entry is an
exact zero), and a decided argmax compared along an edge of the piece that lies on the comparison's own line. Truth:
the exact engine's count (a second method), and the lines through the vertices by construction."""

import numpy as np
import pytest

from algnet.relu.float_check import MARGIN_THRESHOLD
from algnet.relu.model_regions import model_regions
from algnet.relu.model_regions_float import model_regions_float, relu_pools

torch = pytest.importorskip("torch")
nn = torch.nn

from torch_helpers import bn_group_pool_model  # noqa: E402
F = torch.nn.functional


class _ReluPool(nn.Module):
    """Linear(2, 4), ReLU, then a 1-D max-pool (3, stride 2) of the four outputs seen as one channel."""

    def __init__(self, padding):
        super().__init__()
        self.lin, self.padding = nn.Linear(2, 4), padding

    def forward(self, x):
        return F.max_pool1d(torch.relu(self.lin(x)).unsqueeze(1), 3, 2, padding=self.padding).flatten(1)


class _EdgePool(nn.Module):
    """max(leaky(x), 0): the argmax changes on the line x = 0, the zero line the leaky unit cut the box by."""

    def __init__(self):
        super().__init__()
        self.a, self.b = nn.Linear(2, 1), nn.Linear(1, 2)
        with torch.no_grad():
            self.a.weight.copy_(torch.tensor([[1.0, 0.0]]))
            self.b.weight.copy_(torch.tensor([[1.0], [0.0]]))
            self.a.bias.zero_()
            self.b.bias.zero_()

    def forward(self, x):
        return F.max_pool1d(self.b(F.leaky_relu(self.a(x), 0.5)).unsqueeze(1), 2).flatten(1)


def _import(module, shape):
    from algnet.relu import from_torch_model

    torch.set_num_threads(1)
    return from_torch_model(module.eval(), input_shape=shape)


@pytest.mark.parametrize("padding", [0, 1])
def test_relu_pool_behind_a_reshape_is_right_and_proved(padding):
    for seed in range(12):
        torch.manual_seed(seed)
        pm = _import(_ReluPool(padding), (2,))
        assert len(relu_pools(pm)) == 1                      # the pool is seen through the reshape
        part = model_regions_float(pm, box=(-1, 1, -1, 1))
        exact = model_regions(pm, box=(-1, 1, -1, 1)).count
        assert (part.count, part.lower_bound) == (exact, exact), seed
        assert part.verdict == "proved lower bound" and part.margin >= MARGIN_THRESHOLD, (seed, part.margin)


def test_decided_argmax_along_its_own_edge_is_no_decision():
    pm = _import(_EdgePool(), (2,))
    assert not relu_pools(pm)                                # leaky outputs: the plain comparisons
    part = model_regions_float(pm, box=(-1, 1, -1, 1))
    # two halves x < 0 (the constant 0 wins) and x > 0 (x wins); the vertices (0, +-1) lie on x = 0 by construction
    assert model_regions(pm, box=(-1, 1, -1, 1)).count == part.count == part.lower_bound == 2
    assert sorted(part.patterns) == ["0|1", "1|0"]
    assert part.verdict == "proved lower bound"


def test_margin_never_negative_and_a_wrong_count_stays_flagged():
    """BatchNorm, a grouped convolution and an overlapping padded max-pool: where the float count misses regions
    of the exact one, the verdict says so."""
    m = bn_group_pool_model(1)
    pm = _import(m, (1, 4, 4))
    part = model_regions_float(pm, box=(-1, 1, -1, 1))
    exact = model_regions(pm, box=(-1, 1, -1, 1)).count
    assert part.margin >= 0 and part.lower_bound <= exact
    assert part.count == exact or part.verdict == "possibly wrong"
    assert np.isfinite(part.margin) or part.count == exact


def test_windows_of_identical_constant_entries_are_ties_not_decisions():
    """Pixels fixed at 0 on the slice: the windows (2, 3) and (4, 5) hold the same constant map relu(0.5) twice,
    a tie the first entry wins on the whole box (no decision); window (0, 1) is cut by x = y."""
    m = nn.Sequential(nn.Conv1d(1, 1, 1), nn.ReLU(), nn.MaxPool1d(2), nn.Flatten(), nn.Linear(3, 1))
    with torch.no_grad():
        for layer in (m[0], m[4]):
            layer.weight.fill_(1.0)
            layer.bias.fill_(0.5)
    pm = _import(m, (1, 6))
    # x = y meets no corner of this box (on [-1, 1]^2 it runs through the corner (1, 1): a line through a vertex,
    # which float64 cannot tell from one passing beside it)
    box = (-1, 2, -1, 1)
    part = model_regions_float(pm, box=box)
    # relu(x + 1/2) and relu(y + 1/2): both zero, one of them zero (2 ways), both active on either side of x = y
    assert model_regions(pm, box=box).count == part.count == part.lower_bound == 5
    assert part.verdict == "proved lower bound"
    assert all(p.split("|")[1][1:] == "00" for p in part.patterns)   # the ties go to the first entry
