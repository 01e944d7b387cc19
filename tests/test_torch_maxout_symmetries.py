"""The bound D' of maxout networks (a Linear layer's outputs grouped, the maximum of each group taken by
``.view(...).max(dim)`` or a MaxPool1d over the features): the pieces of a maxout unit are rescaled together
(max(l a, l b) = l max(a, b)) and moved together by an affine function f (max(a + f, b + f) = max(a, b) + f) that
the next layer cancels (c f constant, its bias taking the constant). D' had been D (no symmetry found).

Independent truths: hand counts (sum_j c_j max(a_j1, a_j2) = sum_j c_j a_j2 + sum_j c_j relu(a_j1 - a_j2): an affine
part and one ReLU unit per maxout unit); torch's own Jacobian in the parameters (``torch.func.jacrev``, rank at points
spread over many scales), which D' bounds and here meets; every tangent annihilated by torch's Jacobian.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.relu.symmetries import rescaling_generators, symmetry_bound  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import spread_inputs, torch_jacobian_rank  # noqa: E402

torch.set_num_threads(1)


class _Maxout(nn.Module):
    """Linear(2, m k), the maximum of each of m groups of k, [a second maxout layer,] Linear(m, 1)."""

    def __init__(self, m, k, deep=False):
        super().__init__()
        self.m, self.k = m, k
        self.a, self.o = nn.Linear(2, m * k), nn.Linear(m, 1)
        self.b = nn.Linear(m, m * k) if deep else None

    def forward(self, x):
        h = self.a(x).view(-1, self.m, self.k).max(dim=2).values
        if self.b is not None:
            h = self.b(h).view(-1, self.m, self.k).max(dim=2).values
        return self.o(h)


class _PoolMaxout(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.p, self.o = nn.Linear(2, 6), nn.MaxPool1d(2), nn.Linear(3, 1)

    def forward(self, x):
        return self.o(self.p(self.a(x).unsqueeze(1)).flatten(1))


@pytest.mark.parametrize("make, D, bound", [
    # m units of k pieces on R^2, then Linear(m, 1): D = 3 m k + m + 1. Symmetries: m joint rescalings, and the moves
    # f_j (affine on R^2: 3 each) with sum_j c_j (linear part of f_j) = 0 (2 conditions), the constants taken by the
    # output's bias: D' = D - m - (3 m - 2). m = 3, k = 2: 22 - 3 - 7 = 12 (= the reduced form: an affine part, 3,
    # and one ReLU unit of 3 parameters per maxout unit, 9); m = 2, k = 3: 21 - 2 - 4 = 15.
    (lambda: _Maxout(3, 2), 22, 12),
    (lambda: _Maxout(2, 3), 21, 15),
    (_PoolMaxout, 22, 12),
    (lambda: _Maxout(3, 2, deep=True), 46, 28),                  # two maxout layers: torch's rank only
])
def test_maxout_bound_meets_torch_rank(make, D, bound):
    torch.manual_seed(0)
    net = make().double()
    m = from_torch_model(net)
    assert m.n_params == D == sum(p.numel() for p in net.parameters())
    assert symmetry_bound(m) == bound == torch_jacobian_rank(net, spread_inputs(600, 2, 0))


def test_the_maxout_symmetries_are_in_the_kernel_of_torch_jacobian():
    """The parameters of _Maxout are in the same order in torch and algnet (a.weight, a.bias, o.weight, o.bias)."""
    from torch.func import functional_call, jacrev

    torch.manual_seed(1)
    net = _Maxout(3, 2).double()
    gens = rescaling_generators(from_torch_model(net))
    params = {k: v.detach() for k, v in net.named_parameters()}
    X = torch.tensor(spread_inputs(300, 2, 2))
    J = jacrev(lambda p: functional_call(net, p, (X,)).reshape(-1))(params)
    J = torch.cat([J[k].reshape(J[k].shape[0], -1) for k in params], dim=1).numpy()
    G = np.zeros((J.shape[1], len(gens)))
    for j, g in enumerate(gens):
        for i, v in g.items():
            G[i, j] = float(v)
    assert np.abs(J @ G).max() < 1e-9 * np.abs(J).max() * np.abs(G).max()
    assert np.linalg.matrix_rank(G) == 22 - 12
