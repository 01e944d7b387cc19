"""The bound D' of imported models with maxima of branches counts the moves added to every branch alike that the
next layer's bias takes back: torch.maximum(a, b) + f = torch.maximum(a + f, b + f), and c f is a constant when f's
weights lie in the kernel of c.

Independent truth: torch's own Jacobian in the parameters (``torch.func.jacrev``, rank by SVD at many inputs) --
D' is an upper bound of its rank, and on these models it meets it; every new tangent is checked to be in the
kernel of torch's Jacobian (a symmetry); for the maximum of three branches the count is also done by hand.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn
F = torch.nn.functional

from algnet.errors import TooLargeError  # noqa: E402
from algnet.relu.symmetries import check_symmetry_bound, symmetry_bound  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import torch_jacobian_rank  # noqa: E402

torch.set_num_threads(1)


class _Max3(nn.Module):
    """o(max(a, b, c)): three branches R^3 -> R^4, two outputs."""

    def __init__(self):
        super().__init__()
        self.a, self.b, self.c, self.o = nn.Linear(3, 4), nn.Linear(3, 4), nn.Linear(3, 4), nn.Linear(4, 2)

    def forward(self, x):
        return self.o(torch.maximum(torch.maximum(self.a(x), self.b(x)), self.c(x)))


class _Min(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.b, self.o = nn.Linear(2, 3), nn.Linear(2, 3), nn.Linear(3, 2)

    def forward(self, x):
        return self.o(torch.minimum(self.a(x), self.b(x)))


class _ConvMax(nn.Module):
    """Two 2 x 2 convolutions, their maximum, a Linear on the flattened maps."""

    def __init__(self):
        super().__init__()
        self.a, self.b, self.o = nn.Conv2d(1, 2, 2), nn.Conv2d(1, 2, 2), nn.Linear(8, 1)

    def forward(self, x):
        return self.o(torch.maximum(self.a(x), self.b(x)).flatten(1))


class _MaxAvg(nn.Module):
    """The maximum of two 1-d convolutions, an average pool, a Linear (the joint rescalings pass the pool)."""

    def __init__(self):
        super().__init__()
        self.a, self.b, self.o = nn.Conv1d(1, 2, 2), nn.Conv1d(1, 2, 2), nn.Linear(4, 2)

    def forward(self, x):
        return self.o(F.avg_pool1d(torch.maximum(self.a(x), self.b(x)), 2).flatten(1))


class _MaxTwoLinear(nn.Module):
    """o2(o1(max(a, b))): the moves pass o1 (its weights held, its bias moving) and vanish at o2."""

    def __init__(self):
        super().__init__()
        self.a, self.b, self.o1, self.o2 = nn.Linear(2, 3), nn.Linear(2, 3), nn.Linear(3, 3), nn.Linear(3, 1)

    def forward(self, x):
        return self.o2(self.o1(torch.maximum(self.a(x), self.b(x))))


class _NarrowMax(nn.Module):
    """A linear layer R^3 -> R^2 read by both branches: its channels mix (both branches compensate) and its bias
    moves into theirs."""

    def __init__(self):
        super().__init__()
        self.i, self.a, self.b, self.o = nn.Linear(3, 2), nn.Linear(2, 3), nn.Linear(2, 3), nn.Linear(3, 1)

    def forward(self, x):
        h = self.i(x)
        return self.o(torch.maximum(self.a(h), self.b(h)))


class _TwoHeads(nn.Module):
    """A linear layer read by two ReLU heads (no maximum)."""

    def __init__(self):
        super().__init__()
        self.i, self.a, self.b = nn.Linear(3, 2), nn.Linear(2, 3), nn.Linear(2, 3)
        self.o1, self.o2 = nn.Linear(3, 1), nn.Linear(3, 1)

    def forward(self, x):
        h = self.i(x)
        return torch.cat([self.o1(torch.relu(self.a(h))), self.o2(torch.relu(self.b(h)))], 1)


def _rank(net, shape, seed, n=120):
    X = np.random.default_rng(seed).normal(size=(n,) + shape) * 3
    return torch_jacobian_rank(net, X)


@pytest.mark.parametrize("cls, shape, seed", [(_Max3, (3,), 1), (_Min, (2,), 0), (_ConvMax, (1, 3, 3), 0),
                                              (_MaxAvg, (1, 5), 0), (_MaxAvg, (1, 5), 1), (_MaxTwoLinear, (2,), 0),
                                              (_NarrowMax, (3,), 0), (_TwoHeads, (3,), 0)])
def test_bound_meets_torch_rank(cls, shape, seed):
    """D' (an upper bound) equals the rank of torch's Jacobian: the functional dimension, certified. On the base
    the bounds were 54, 23, 27, 22, 22, 19, 25, 26 (the moves, the joint rescalings through the pool, the mixings
    and bias moves of a layer read by two, not counted)."""
    torch.manual_seed(seed)
    net = cls().double()
    m = from_torch_model(net, input_shape=shape)
    assert symmetry_bound(m) == _rank(net, shape, seed)


def test_maximum_of_three_branches_by_hand():
    """D = 3 x 16 + 10 = 58. Symmetries: the 4 joint rescalings of channel k of a, b, c (o's column k divided);
    the moves f = (W, beta) added to a, b and c with o W = 0 (4 - 2 = 2 columns free for each of the 3 inputs: 6)
    and any beta (4, o beta taken back by o's bias): 10. D' = 58 - 14 = 44."""
    torch.manual_seed(1)
    net = _Max3().double()
    assert symmetry_bound(from_torch_model(net)) == 44


def test_the_moves_are_in_the_kernel_of_torch_jacobian():
    """Every tangent of the moves, in torch's parameter order (weights row-major then bias, layer by layer), is
    annihilated by torch's Jacobian at random inputs."""
    from torch.func import functional_call, jacrev

    from algnet.relu.model_shifts import absorbed_generators

    torch.manual_seed(0)
    net = _Max3().double()
    m = from_torch_model(net)
    gens = absorbed_generators(m)
    assert len(gens) == 10                                 # 6 weight moves and 4 bias moves (the hand count above)
    params = {k: v.detach() for k, v in net.named_parameters()}
    X = torch.tensor(np.random.default_rng(3).normal(size=(40, 3)) * 3)
    J = jacrev(lambda p: functional_call(net, p, (X,)).reshape(-1))(params)
    J = torch.cat([J[k].reshape(J[k].shape[0], -1) for k in params], dim=1).numpy()
    G = np.zeros((J.shape[1], len(gens)))
    for j, g in enumerate(gens):
        for i, v in g.items():
            G[i, j] = float(v)
    assert np.abs(J @ G).max() < 1e-9 * np.abs(J).max() * np.abs(G).max()


def test_estimate_counts_the_moves_and_refuses_past_a_time_limit():
    """The moves of 50 channels of two branches of R^10 (1103 unknowns) take about a CPU second: the estimate
    says so (on the base it was 0.02 s: the rescalings' entries only) and a smaller time limit is refused
    before any work."""

    class Wide(nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b, self.o = nn.Linear(10, 50), nn.Linear(10, 50), nn.Linear(50, 3)

        def forward(self, x):
            return self.o(torch.maximum(self.a(x), self.b(x)))
    torch.manual_seed(0)
    m = from_torch_model(Wide().double())
    assert check_symmetry_bound(m)["seconds"] > 0.5
    with pytest.raises(TooLargeError):
        symmetry_bound(m, time_limit=0.3)


class _MaxReadByLinearReLU(nn.Module):
    """o2(relu(o1(max(a(x), b(x))))), a, b: R^2 -> R^3, o1: R^3 -> R^3."""

    def __init__(self):
        super().__init__()
        self.a, self.b, self.o1, self.o2 = nn.Linear(2, 3), nn.Linear(2, 3), nn.Linear(3, 3), nn.Linear(3, 1)

    def forward(self, x):
        return self.o2(torch.relu(self.o1(torch.maximum(self.a(x), self.b(x)))))


def test_max_read_by_a_linear_then_relu_bound_is_attained():
    """D' = 25 is an upper bound, not the functional dimension at every theta. By hand: max(a, b) = b + relu(a - b),
    so o1's input is W relu(d(x)) + M x + const with d = a - b (3 ReLU units on R^2: 9), W = o1's weights (9), M
    = W B (6, free), the constant (3); then 3 ReLU units and o2 (4): 31 numbers, minus the 3 + 3 rescalings: 25.
    At seed 3 the functional dimension (decisive set, exact) and torch's Jacobian rank at points spread far reach
    it; 200 points near 0 give 19 only (regions missed: a batch rank is a lower bound)."""
    from algnet.relu.model_fd import model_functional_dimension

    torch.manual_seed(3)
    net = _MaxReadByLinearReLU().double()
    m = from_torch_model(net)
    fd = model_functional_dimension(m)
    assert symmetry_bound(m) == 25 == fd.functional_dimension and fd.certified
    X = np.random.default_rng(0).normal(size=(600, 2)) * np.geomspace(1, 300, 600)[:, None]
    assert torch_jacobian_rank(net, X) == 25
