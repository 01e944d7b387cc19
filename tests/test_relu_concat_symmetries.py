"""Rescalings through a concatenation (torch.cat of two ReLU branches read by one layer): D' = D - (rescalings
counted) must bound the rank of the parameter-to-function Jacobian, checked against a brute-force rank of that
Jacobian by torch's autograd (float64 SVD) and by the exact modular rank (a proved lower bound) at many inputs."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.relu.model_fd import model_batch_fd  # noqa: E402
from algnet.relu.symmetries import rescaling_generators, symmetry_bound  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402


class LinearCat(nn.Module):
    """Two ReLU branches of 3 and 4 neurons concatenated, one Linear reading all 7."""

    def __init__(self):
        super().__init__()
        self.a, self.b, self.c = nn.Linear(2, 3), nn.Linear(2, 4), nn.Linear(7, 1)

    def forward(self, x):
        return self.c(torch.cat([torch.relu(self.a(x)), torch.relu(self.b(x))], dim=1))


class ConvCat(nn.Module):
    """Two conv branches (2 channels each) concatenated along the channels (dim 1) or the height (dim 2),
    then a ReLU conv and a Linear."""

    def __init__(self, dim):
        super().__init__()
        self.dim = dim
        self.a, self.b = nn.Conv2d(1, 2, 2), nn.Conv2d(1, 2, 2)
        self.c = nn.Conv2d(4 if dim == 1 else 2, 2 if dim == 1 else 1, 2)
        self.d = nn.Linear(2 if dim == 1 else 3, 1)

    def forward(self, x):
        h = torch.cat([torch.relu(self.a(x)), torch.relu(self.b(x))], dim=self.dim)
        return self.d(torch.flatten(torch.relu(self.c(h)), 1))


def _autograd_rank(net, X):
    """Rank of the Jacobian of theta -> (F_theta(x))_x by torch's autograd in float64 (SVD, relative 1e-9)."""
    net = net.double()
    params = list(net.parameters())
    rows = []
    for x in torch.tensor(X, dtype=torch.float64):
        g = torch.autograd.grad(net(x[None]).sum(), params)
        rows.append(torch.cat([t.reshape(-1) for t in g]).numpy())
    s = np.linalg.svd(np.array(rows), compute_uv=False)
    return int((s > s[0] * 1e-9).sum())


@pytest.mark.parametrize("make, shape, rescalings", [
    (LinearCat, (2,), 7),                  # one per hidden neuron, each read by its own weights of the Linear
    (lambda: ConvCat(1), (1, 3, 3), 6),    # one per channel of a, b (each read by its own kernel slices), c
    (lambda: ConvCat(2), (1, 3, 3), 3),    # by hand: channel i of a and of b are read by one kernel slice of c,
])                                         # so only a and b's channel i rescaled together (2), and c's channel
def test_concat_rescalings_bound_the_jacobian_rank(make, shape, rescalings):
    torch.manual_seed(0)
    net = make()
    model = from_torch_model(net, input_shape=shape)
    D = sum(p.numel() for p in net.parameters())
    bound = symmetry_bound(model)
    assert bound <= D - len(rescaling_generators(model)) and bound == D - rescalings    # the hand count
    X = np.random.default_rng(1).normal(scale=2.0, size=(300, *shape))
    exact = model_batch_fd(model, X, route="modular").rank      # a proved lower bound of the rank over QQ
    numeric = _autograd_rank(net, X)
    assert exact <= bound and numeric <= bound
    assert exact == numeric == D - rescalings                   # the hand count of the symmetries is reached
    # the joint rescalings of a channel of both branches are not single-unit generators, but moves of the whole
    # model (algnet.relu.model_moves): D' reaches the hand count in every case
