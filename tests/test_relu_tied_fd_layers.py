"""``functional_dimension(model)`` of tied-weight models beyond Linear/ReLU chains: convolutions, max pooling and
PReLU (2026-12-05; before, such a model raised NotApplicableError and only the batch rank at given inputs was
available).

The regions are the model's own exact ones (activation patterns and max-pool argmax cells, ``model_regions``), the
decisive set n_0 + 1 points in each. Truths: a hand computation, and a second method at the same points --
torch.func.jacrev's Jacobian with respect to the model's distinct parameters (a shared one once), its float64
numerical rank (``test_torch_tied_weights_and_prelu_fd.jacrev_rank``).
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.relu.functional import decisive_set, functional_dimension  # noqa: E402
from algnet.relu.model_fd import model_batch_fd  # noqa: E402
from algnet.relu.model_regions import model_regions  # noqa: E402
from algnet.relu.slices import Slice  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from test_torch_tied_weights_and_prelu_fd import jacrev_rank  # noqa: E402


class _TiedConv(nn.Module):
    """Input (1, 2): one Conv1d(1, 1, 2, padding=1) applied twice (lengths 2 -> 3 -> 4), optionally max-pooled by
    2, then a Linear: D = 3 + 5 (or 3 + 3 pooled)."""

    def __init__(self, pool=False):
        super().__init__()
        self.conv = nn.Conv1d(1, 1, 2, padding=1)
        self.pool = nn.MaxPool1d(2) if pool else nn.Identity()
        self.fc = nn.Linear(2 if pool else 4, 1)

    def forward(self, x):
        return self.fc(self.pool(torch.relu(self.conv(torch.relu(self.conv(x))))).flatten(1))


class _TiedPReLU(nn.Module):
    """One Linear(2, 2) applied before and after a trained PReLU: D = 6 + 1 + 3."""

    def __init__(self):
        super().__init__()
        self.lin, self.act, self.out = nn.Linear(2, 2), nn.PReLU(1), nn.Linear(2, 1)

    def forward(self, x):
        return self.out(torch.relu(self.lin(self.act(self.lin(x)))))


def _decisive_points(m):
    Z = decisive_set(model_regions(m, plane=True, slice=Slice.standard(2)), 2)
    return Z, np.array([[float(v) for v in z] for z in Z])


def test_tied_convolution_whose_second_use_is_dead_by_hand():
    # conv weights (-0.75, -0.5), bias -0.25: its second use sees h = relu(...) >= 0, so w . h + b <= -0.25 < 0
    # everywhere: F is the Linear's bias alone and only that parameter moves it, FD = 1 (the bound D' = 8 is not met)
    net = _TiedConv().double().eval()
    with torch.no_grad():
        net.conv.weight.copy_(torch.tensor([[[-0.75, -0.5]]])), net.conv.bias.fill_(-0.25)
    m = from_torch_model(net, input_shape=(1, 2))
    assert m.shared and m.mlp_widths() is None and m.n_params == 8
    fd = functional_dimension(m)
    assert fd.functional_dimension == 1 and fd.parameters == 8 and "decisive set" in fd.scope
    assert "shared weights counted once" in fd.scope


@pytest.mark.parametrize("make, seed", [(lambda: _TiedConv(), 0), (lambda: _TiedConv(), 4),
                                        (lambda: _TiedConv(pool=True), 0), (lambda: _TiedPReLU(), 3)])
def test_tied_model_fd_equals_jacrev_at_its_decisive_set(make, seed):
    torch.manual_seed(seed)
    net = make().double().eval()
    if isinstance(net, _TiedPReLU):
        with torch.no_grad():
            net.act.weight.fill_(0.3)
    shape = (1, 2) if isinstance(net, _TiedConv) else (2,)
    m = from_torch_model(net, input_shape=shape)
    assert m.shared and m.mlp_widths() is None
    assert m.n_params == sum(p.numel() for p in net.parameters())
    fd = functional_dimension(m)
    Z, Zf = _decisive_points(m)
    assert fd.functional_dimension == model_batch_fd(m, Z).rank == jacrev_rank(net, Zf.reshape((-1,) + shape))
    assert fd.functional_dimension <= fd.bound <= m.n_params
    # certified: at D', or below it by the exact rank over QQ of the same (small) Jacobian
    assert fd.certified and (fd.functional_dimension == fd.bound or "over QQ" in fd.batch.method)
    # the functional dimension is the largest batch rank: random inputs reach at most it
    X = np.random.default_rng(seed).uniform(-20, 20, (400, 2))
    assert jacrev_rank(net, X.reshape((-1,) + shape)) <= fd.functional_dimension


def test_regions_the_random_inputs_miss():
    # conv weights (0.08, 0.08), bias -0.58: the second use is alive only far out (on x1 = x2 = t its pre-activations
    # are 0.08 (h_i + h_(i+1)) - 0.58 with h = (0.08 t - 0.58, 0.16 t - 0.58, 0.08 t - 0.58): positive for t > 35),
    # so 400 uniform inputs on [-20, 20]^2 miss those regions; the decisive set reaches D' = 8 there
    net = _TiedConv().double().eval()
    with torch.no_grad():
        net.conv.weight.copy_(torch.tensor([[[0.08, 0.08]]])), net.conv.bias.fill_(-0.58)
        net.fc.weight.copy_(torch.tensor([[-0.29, -0.49, -0.46, 0.49]])), net.fc.bias.fill_(0.41)
    m = from_torch_model(net, input_shape=(1, 2))
    fd = functional_dimension(m)
    assert (fd.functional_dimension, fd.bound, fd.certified) == (8, 8, True)
    X = np.random.default_rng(0).uniform(-20, 20, (400, 2))
    assert jacrev_rank(net, X.reshape(-1, 1, 2)) < 8
    _, Zf = _decisive_points(m)
    assert jacrev_rank(net, Zf.reshape(-1, 1, 2)) == 8


def test_cli_fd_of_a_saved_tied_convolution(tmp_path, capsys):
    """``algnet fd --torch`` without --data: the tied convolution on R^2 gets its decisive-set FD (was: "regions
    enumerated for Linear/ReLU MLPs ... only"), the same as the library's."""
    import json

    from algnet.cli import main

    torch.manual_seed(5)
    net = _TiedConv(pool=True).eval()
    path = tmp_path / "tied_conv.pt"
    torch.save(net, path)
    assert main(["fd", "--torch", str(path), "--input-shape", "1,2", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    want = functional_dimension(from_torch_model(net, input_shape=(1, 2)))
    assert d["functional_dimension"] == want.functional_dimension and d["parameters"] == 6
    assert "decisive set" in d["functional_dimension_scope"] and "conv.weight" in d["shared_weights"]
    assert d["batch_functional_dimension"] <= d["functional_dimension"] <= d["bound"]
