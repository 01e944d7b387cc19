"""Functions of a forward pass that were refused and are exact: sums, means, maxima and minima over any axes but
the batch's, a number added to or subtracted from a tensor (input normalisation), broadcasting additions,
torch.stack, flip, roll, hardsigmoid and casts between float types.

Independent truth: torch's own forward at many random inputs (float64, and the exact model's outputs), torch's own
Jacobian rank in the parameters (``torch.func.jacrev``) against algnet's batch rank, and by hand: hardsigmoid(x)
= min(max(x / 6 + 1/2, 0), 1), (x - 1/2) / (1/4) at x = 1 is 2.
"""

from fractions import Fraction

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn
F = torch.nn.functional

from algnet.errors import NotApplicableError  # noqa: E402
from algnet.relu.model_fd import model_batch_fd  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import torch_jacobian_rank  # noqa: E402

torch.set_num_threads(1)


class _Fn(nn.Module):
    def __init__(self, f):
        super().__init__()
        self.f, self.pre, self.head = f, nn.Conv2d(2, 3, 3, padding=1), nn.LazyLinear(2)

    def forward(self, x):
        return self.head(self.f(torch.relu(self.pre((x - 0.5) / 0.25))).flatten(1))


_CASES = {
    "sum over channels": lambda x: x.sum(dim=1),
    "mean over a row, keepdim": lambda x: torch.mean(x, 3, keepdim=True),
    "amax over space": lambda x: torch.amax(x, dim=(2, 3)),
    "amin over channels": lambda x: x.amin(1),
    "max(dim) values": lambda x: x.flatten(2).max(dim=2).values,
    "min(dim)[0]": lambda x: torch.min(x, 1)[0],
    "number minus tensor": lambda x: 1.0 - x,
    "tensor plus number, alpha": lambda x: torch.add(x, 2.0, alpha=-0.5),
    "broadcast add of a mean": lambda x: x + x.mean((2, 3), keepdim=True),
    "broadcast sub of a row": lambda x: x - x[:, :, :1, :],
    "stack": lambda x: torch.stack([x[:, 0], x[:, 2]], dim=2),
    "flip": lambda x: torch.flip(x, [3]),
    "roll": lambda x: x.roll(1, 2),
    "hardsigmoid": lambda x: F.hardsigmoid(x - 1),
    "cast to float64": lambda x: x.to(torch.float64).double(),
}


@pytest.mark.parametrize("case", sorted(_CASES))
def test_import_matches_torch_forward_and_rank(case):
    torch.manual_seed(5)
    net = _Fn(_CASES[case]).double()
    net(torch.zeros(1, 2, 4, 4, dtype=torch.float64))                 # the lazy head's size
    m = from_torch_model(net, input_shape=(2, 4, 4))
    X = np.random.default_rng(6).normal(size=(50, 2, 4, 4))
    want = net(torch.tensor(X)).detach().numpy()
    assert np.abs(m.forward(X.reshape(50, -1)) - want).max() < 1e-12
    assert np.abs(m.forward(X[:3].reshape(3, -1).tolist(), exact=True).astype(float) - want[:3]).max() < 1e-12
    assert model_batch_fd(m, X[:30].reshape(30, -1)).rank == torch_jacobian_rank(net, X[:30])


def test_by_hand():
    m = from_torch_model(nn.Sequential(nn.Hardsigmoid()), input_shape=(4,))
    xs = [Fraction(-4), Fraction(1), Fraction(3), Fraction(-3, 2)]
    assert m.forward([xs], exact=True).tolist()[0] == [min(max(x / 6 + Fraction(1, 2), 0), 1) for x in xs]

    class Norm(nn.Module):
        def forward(self, x):
            return (x - 0.5) / 0.25
    assert from_torch_model(Norm(), input_shape=(1,)).forward([[1]], exact=True).tolist() == [[2]]


def test_what_is_not_piecewise_linear_is_refused():
    class Batch(nn.Module):
        def forward(self, x):
            return x - x.sum(0, keepdim=True)

    class IntCast(nn.Module):
        def forward(self, x):
            return x.to(torch.int64).to(torch.float64)

    class Indices(nn.Module):
        def forward(self, x):
            return x.max(dim=1)[1].to(torch.float64)
    for net, what in [(Batch(), "batch dimension"), (IntCast(), "rounds"), (Indices(), "indices")]:
        with pytest.raises(NotApplicableError, match=what):
            from_torch_model(net, input_shape=(3,))


class _UpToSkip(nn.Module):
    """U-Net style: the coarse map upsampled to the size read off the skip's shape."""

    def __init__(self):
        super().__init__()
        self.a, self.d, self.o = nn.Conv2d(1, 2, 3, padding=1), nn.Conv2d(2, 2, 2, stride=2), nn.Linear(64, 1)

    def forward(self, x):
        h = torch.relu(self.a(x))
        u = F.interpolate(torch.relu(self.d(h)), size=h.shape[2:], mode="bilinear", align_corners=False)
        return self.o(torch.cat([h, u], 1).flatten(1))


class _Views(nn.Module):
    """Sizes read off shapes: x.view(x.size(0), x.size(1), -1), b, c, h, w = x.shape, products of sizes."""

    def __init__(self, how):
        super().__init__()
        self.a, self.o, self.how = nn.Conv2d(1, 2, 3, padding=1), nn.Linear(16, 1), how

    def forward(self, x):
        h = torch.relu(self.a(x))
        if self.how == "size":
            y = h.view(h.size(0), h.size(1), -1)
        elif self.how == "unpack":
            b, c, hh, ww = h.shape
            y = h.reshape(b, c, hh * ww)
        else:
            y = h.reshape(-1, h.size(1), h.size(2) * h.size(3))
        return self.o(y.mean(1))


@pytest.mark.parametrize("net", [_UpToSkip(), _Views("size"), _Views("unpack"), _Views("product")],
                         ids=["interpolate to a shape", "view by sizes", "unpacked shape", "product of sizes"])
def test_sizes_read_off_shapes(net):
    """These were refused ('cannot reshape (2, 4, 4) to (32, -1)': x.size(1) was read as the batch size;
    'multiplying by a tensor'; a TypeError traceback for F.interpolate(size=h.shape[2:]))."""
    torch.manual_seed(7)
    net = net.double()
    m = from_torch_model(net, input_shape=(1, 4, 4))
    X = np.random.default_rng(8).normal(size=(30, 1, 4, 4))
    assert np.abs(m.forward(X.reshape(30, -1)) - net(torch.tensor(X)).detach().numpy()).max() < 1e-12
