"""The bound D' counts the first-order moves of the whole model found as one linear system (model_moves): moves that
cross layers, which the families found node by node missed: a PReLU's slope move whose linear remainder a residual
sum carries to the output layer, and a Linear layer read by a convolution without an activation between.

Independent truths: hand counts of the reduced form of each function; torch's own Jacobian rank in the parameters
(``torch.func.jacrev``, float64 SVD at points spread over many scales), which D' bounds and here meets; every new
tangent, mapped to torch's parameter order, is annihilated by torch's Jacobian.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.relu.model_params import parameter_blocks  # noqa: E402
from algnet.relu.symmetries import symmetry_bound  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import spread_inputs, torch_jacobian_rank  # noqa: E402

torch.set_num_threads(1)


class PReLUResidual(nn.Module):
    """out(x + l2(prelu(l1 x))): F = sum_k u_k (1 - s_k) relu(z_k) + (o + sum_k u_k s_k w_k) . x + const with
    u = o^T L2: 3 units of 3 numbers each after their rescaling, 2 linear coefficients, 1 constant: FD = 12 of D = 23
    (the node-by-node families gave D' = 15)."""

    def __init__(self, width=3):
        super().__init__()
        self.l1, self.a, self.l2, self.out = nn.Linear(2, width), nn.PReLU(width), nn.Linear(width, 2), nn.Linear(2, 1)

    def forward(self, x):
        return self.out(x + self.l2(self.a(self.l1(x))))


class LinearConv(nn.Module):
    """Linear(2, 3), unsqueeze, Conv1d(1, 1, 2), ReLU, Linear(2, 1): the two conv positions are two affine maps of x
    (6 numbers, any: the Linear before is free), then two units read by the output: FD = 6 + 3 - 2 = 7 of D = 15
    (the node-by-node families gave D' = 10)."""

    def __init__(self):
        super().__init__()
        self.l, self.c, self.o = nn.Linear(2, 3), nn.Conv1d(1, 1, 2), nn.Linear(2, 1)

    def forward(self, x):
        return self.o(torch.relu(self.c(self.l(x).unsqueeze(1))).flatten(1))


class SharedSlopeResidual(nn.Module):
    """h = inp(x); out(h + prelu(l h)) with one shared PReLU slope (the node-by-node families gave D' = 23)."""

    def __init__(self):
        super().__init__()
        self.inp, self.a, self.l, self.out = nn.Linear(2, 3), nn.PReLU(), nn.Linear(3, 3), nn.Linear(3, 1)

    def forward(self, x):
        h = self.inp(x)
        return self.out(h + self.a(self.l(h)))


class LinearConvChannels(nn.Module):
    """Linear(2, 4), unsqueeze, Conv1d(1, 2, 2), ReLU, Linear(6, 1) (the node-by-node families gave D' = 22)."""

    def __init__(self):
        super().__init__()
        self.l, self.c, self.o = nn.Linear(2, 4), nn.Conv1d(1, 2, 2), nn.Linear(6, 1)

    def forward(self, x):
        return self.o(torch.relu(self.c(self.l(x).unsqueeze(1))).flatten(1))


def _net(cls, seed):
    torch.manual_seed(seed)
    net = cls().double()
    for mod in net.modules():
        if isinstance(mod, nn.PReLU):
            with torch.no_grad():
                mod.weight.uniform_(-0.5, 0.8)
    return net


@pytest.mark.parametrize("cls, D, fd", [(PReLUResidual, 23, 12), (LinearConv, 15, 7)])
@pytest.mark.parametrize("seed", [0, 1])
def test_bound_meets_the_count_by_hand_and_torch(cls, D, fd, seed):
    net = _net(cls, seed)
    m = from_torch_model(net)
    assert m.n_params == D
    assert symmetry_bound(m) == fd == torch_jacobian_rank(net, spread_inputs(1500, 2, seed))


@pytest.mark.parametrize("cls, rank", [(SharedSlopeResidual, 12), (LinearConvChannels, 19)])
def test_bound_meets_torch_rank(cls, rank):
    net = _net(cls, 0)
    assert symmetry_bound(from_torch_model(net)) == rank == torch_jacobian_rank(net, spread_inputs(1500, 2, 0))


def _torch_order(m, net):
    """algnet's parameter index -> torch's (named_parameters, flattened), by the parameter blocks' names."""
    start, off = {}, 0
    for name, p in net.named_parameters():
        start[name] = off
        off += p.numel()
    perm = []
    for b in parameter_blocks(m):
        perm += list(range(start[b.key], start[b.key] + b.size))
    return perm, off


class SlopeOne(PReLUResidual):
    """A trained slope at exactly 1 (y = z there): its move ds min(z, 0) is no linear form, so it is no move."""

    def __init__(self):
        super().__init__()
        with torch.no_grad():
            self.a.weight[0] = 1.0


@pytest.mark.parametrize("cls", [PReLUResidual, LinearConv, SharedSlopeResidual, LinearConvChannels, SlopeOne])
def test_every_move_is_in_the_kernel_of_torch_jacobian(cls):
    from torch.func import functional_call, jacrev

    from algnet.relu.model_moves import move_generators

    net = _net(cls, 2)
    if cls is SlopeOne:
        with torch.no_grad():
            net.a.weight[0] = 1.0
    m = from_torch_model(net)
    gens = move_generators(m)
    perm, P = _torch_order(m, net)
    params = {k: v.detach() for k, v in net.named_parameters()}
    X = torch.tensor(spread_inputs(300, 2, 3))
    J = jacrev(lambda p: functional_call(net, p, (X,)).reshape(-1))(params)
    J = torch.cat([J[k].reshape(J[k].shape[0], -1) for k in params], dim=1).numpy()
    G = np.zeros((P, len(gens)))
    for j, g in enumerate(gens):
        top = max(abs(v) for v in g.values())                  # exact integers of any size: scaled to 1 first
        for i, v in g.items():
            G[perm[i], j] = float(v / top)
    assert gens and np.abs(J @ G).max() < 1e-9 * np.abs(J).max()
    assert m.n_params - np.linalg.matrix_rank(G) == symmetry_bound(m)
