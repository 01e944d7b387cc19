"""``x @ self.w + self.b`` (torch.matmul, torch.mm, .matmul) with tensors of the module is the affine map
F.linear(x, w.T, b): imported exactly, its parameters the entries of w and b (shared when w is used twice in the same
layout), a tensor used in two layouts refused with the reason.

Independent truths: torch's own outputs; the number of entries of the module's parameters (D); torch's Jacobian rank
in the parameters (float64 SVD at points spread over many scales), which the batch rank mod p and D' meet; the same
network written with nn.Linear layers.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.errors import NotApplicableError  # noqa: E402
from algnet.relu.model_fd import model_batch_fd  # noqa: E402
from algnet.relu.symmetries import symmetry_bound  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import spread_inputs, torch_jacobian_rank  # noqa: E402

torch.set_num_threads(1)


class MatMul(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(2, 3))
        self.b = nn.Parameter(torch.randn(3))
        self.v = nn.Parameter(torch.randn(3, 1))

    def forward(self, x):
        return torch.relu(x @ self.w + self.b) @ self.v


class MethodsAndMm(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(2, 4))
        self.b = nn.Parameter(torch.randn(4))
        self.v = nn.Parameter(torch.randn(4, 1))
        self.c = nn.Parameter(torch.randn(1))

    def forward(self, x):
        return torch.mm(torch.relu(self.b + x.matmul(self.w)), self.v) + self.c


class Tied(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(2, 2))
        self.o = nn.Linear(2, 1)

    def forward(self, x):
        return self.o(torch.relu(torch.relu(x @ self.w) @ self.w))


@pytest.mark.parametrize("cls", [MatMul, MethodsAndMm, Tied])
def test_matmul_with_parameters_is_exact(cls):
    torch.manual_seed(3)
    net = cls().double()
    m = from_torch_model(net)
    X = spread_inputs(400, 2, 1)
    assert np.allclose(m.forward(X), net(torch.tensor(X)).detach().numpy())
    assert m.n_params == sum(p.numel() for p in net.parameters())
    truth = torch_jacobian_rank(net, X)
    assert model_batch_fd(m, X, route="modular").rank == truth
    if cls is not Tied:
        assert symmetry_bound(m) == truth


def test_the_same_network_as_linear_layers():
    """relu(x @ w + b) @ v is Linear(2, 3) with weight w^T, ReLU, Linear(3, 1) without bias: the same D and D'."""
    torch.manual_seed(3)
    net = MatMul().double()
    lin = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1, bias=False)).double()
    with torch.no_grad():
        lin[0].weight.copy_(net.w.T)
        lin[0].bias.copy_(net.b)
        lin[2].weight.copy_(net.v.T)
    a, b = from_torch_model(net), from_torch_model(lin)
    assert (a.n_params, symmetry_bound(a)) == (b.n_params, symmetry_bound(b)) == (12, 9)


def test_one_tensor_in_two_layouts_is_refused():
    class Two(nn.Module):
        def __init__(self):
            super().__init__()
            self.w = nn.Parameter(torch.randn(2, 2))

        def forward(self, x):
            return nn.functional.linear(torch.relu(x @ self.w), self.w).sum(1, keepdim=True)

    with pytest.raises(NotApplicableError, match="both as a Linear / F.linear weight and as w in x @ w"):
        from_torch_model(Two().double())
