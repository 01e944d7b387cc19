"""Models that add, subtract, multiply or divide by a buffer (or a plain tensor) of the module in forward are imported
exactly: an input normalisation ``(x - self.mean) / self.std`` with registered buffers, per channel for images
(shapes (C, 1, 1) or (1, C, 1, 1)), ``self.c - h``, ``h * self.k``, ``torch.sub(h, self.k, alpha=2)``. They were
refused ("reads the tensor 'mean' directly in forward"). Buffers are constants: no parameters.

Independent truths: torch's own outputs at random points; torch's Jacobian rank in the parameters
(``torch.func.jacrev``); the count of regions of the whole plane of a one-hidden-layer network (Zaslavsky: 1 + n +
the sum over crossing points of (lines through it - 1)), its lines written by hand from the weights folded with the
normalisation; the parameter count ``sum(p.numel() for p in model.parameters())``.
"""

import itertools
from fractions import Fraction

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.errors import NotApplicableError, ParameterError  # noqa: E402
from algnet.relu.model_fd import model_batch_fd  # noqa: E402
from algnet.relu.model_regions import model_regions  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import torch_jacobian_rank  # noqa: E402

torch.set_num_threads(1)


class InputNorm(nn.Module):
    """(x - mean) / std with buffers, then Linear(2, h), ReLU, Linear(h, 1)."""

    def __init__(self, h=5):
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.5, -0.25], dtype=torch.float64))
        self.register_buffer("std", torch.tensor([0.3, 2.0], dtype=torch.float64))
        self.a, self.o = nn.Linear(2, h).double(), nn.Linear(h, 1).double()

    def forward(self, x):
        return self.o(torch.relu(self.a((x - self.mean) / self.std)))


class ImageNorm(nn.Module):
    """Per-channel normalisation with .sub / .div methods, buffers of shapes (1, 3, 1, 1) and (3, 1, 1)."""

    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.1, 0.4, -0.3], dtype=torch.float64).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor([0.2, 0.25, 0.5], dtype=torch.float64).view(3, 1, 1))
        self.c, self.o = nn.Conv2d(3, 2, 3).double(), nn.Linear(2 * 3 * 3, 2).double()

    def forward(self, x):
        return self.o(torch.relu(self.c(x.sub(self.mean).div(self.std))).flatten(1))


class Mixed(nn.Module):
    """A 0-d buffer on the left of a subtraction, a plain tensor attribute as a factor, torch.sub with alpha."""

    def __init__(self):
        super().__init__()
        self.register_buffer("c", torch.tensor(0.7, dtype=torch.float64))
        self.k = torch.tensor([1.0, -2.0, 3.0, 0.5], dtype=torch.float64)
        self.a, self.o = nn.Linear(2, 4).double(), nn.Linear(4, 1).double()

    def forward(self, x):
        h = self.c - self.a(x)
        h = self.k * torch.relu(h) + self.c
        return self.o(torch.sub(h, self.k, alpha=2))


def _outputs_agree(net, m, shape, n=40):
    X = np.random.default_rng(1).uniform(-2, 2, (n,) + shape)
    want = net(torch.tensor(X)).detach().numpy().reshape(n, -1)
    got = np.array(m.forward(X.reshape(n, -1), exact=True), dtype=float).reshape(n, -1)
    return np.allclose(got, want, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("make, shape", [(InputNorm, (2,)), (ImageNorm, (3, 5, 5)), (Mixed, (2,))])
def test_buffer_arithmetic_matches_torch(make, shape):
    torch.manual_seed(0)
    net = make().eval()
    m = from_torch_model(net, input_shape=shape)
    assert _outputs_agree(net, m, shape)
    assert m.n_params == sum(p.numel() for p in net.parameters())     # buffers are no parameters
    Z = np.random.default_rng(2).uniform(-2, 2, (12,) + shape)
    assert model_batch_fd(m, Z.reshape(12, -1)).rank == torch_jacobian_rank(net, Z)


def _zaslavsky(lines):
    """Regions of the plane cut by the distinct lines a x + b y + c = 0 (no line with a = b = 0)."""
    L = []
    for a, b, c in lines:
        k = a if a != 0 else b
        if (a / k, b / k, c / k) not in L:
            L.append((a / k, b / k, c / k))
    through = {}
    for i, j in itertools.combinations(range(len(L)), 2):
        (a1, b1, c1), (a2, b2, c2) = L[i], L[j]
        det = a1 * b2 - a2 * b1
        if det != 0:
            p = ((-c1 * b2 + c2 * b1) / det, (-a1 * c2 + a2 * c1) / det)
            through.setdefault(p, set()).update({i, j})
    return 1 + len(L) + sum(len(s) - 1 for s in through.values())


def test_input_normalisation_regions_zaslavsky():
    torch.manual_seed(3)
    net = InputNorm(h=6).eval()
    m = from_torch_model(net)
    W = [[Fraction(float(v)) for v in row] for row in net.a.weight.detach()]
    b = [Fraction(float(v)) for v in net.a.bias.detach()]
    mu = [Fraction(float(v)) for v in net.mean]
    sd = [Fraction(float(v)) for v in net.std]
    # the first layer's lines in x: sum_j W_ij (x_j - mu_j) / sd_j + b_i = 0
    lines = [(w[0] / sd[0], w[1] / sd[1], c - w[0] * mu[0] / sd[0] - w[1] * mu[1] / sd[1]) for w, c in zip(W, b)]
    assert model_regions(m, plane=True).count == _zaslavsky(lines)


class _Divides(nn.Module):
    def __init__(self, body):
        super().__init__()
        self.register_buffer("c", torch.tensor([1.0, 0.0], dtype=torch.float64))
        self.w = nn.Parameter(torch.tensor([1.0, 0.5], dtype=torch.float64))
        self.o = nn.Linear(2, 1).double()
        self.body = body

    def forward(self, x):
        if self.body == "zero":
            return self.o(x / self.c)
        if self.body == "reciprocal":
            return self.o((self.c + 1) / x)
        return self.o(torch.relu(x * self.w))                # a trained factor: not a constant


@pytest.mark.parametrize("body, error, match", [("zero", ParameterError, "zero entries"),
                                                ("reciprocal", NotApplicableError, "by the input is not piecewise"),
                                                ("parameter", NotApplicableError, "tensor 'w'")])
def test_buffer_arithmetic_refusals(body, error, match):
    with pytest.raises(error, match=match):
        from_torch_model(_Divides(body).eval())
