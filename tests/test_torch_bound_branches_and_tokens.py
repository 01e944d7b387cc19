"""The bound D' of imported models whose symmetries are not one unit's rescaling: the maximum of two branches
(both branches' channel c scale together), a residual block (the block's input channel and its last layer's
channel scale together) and a token-wise MLP (the last token-wise layer's channels mix freely before a Linear
on the flattened tokens).

Independent truth: each symmetry is checked as a symmetry (torch's outputs unchanged after a finite step along
it, by hand), the bound is computed by hand for each model, and it stays above the rank of torch's own Jacobian
(``torch.func.jacrev``), which it meets where the hand count says the bound is the functional dimension.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.relu.model_fd import model_batch_fd  # noqa: E402
from algnet.relu.symmetries import symmetry_bound  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import torch_jacobian_rank  # noqa: E402
from torch_models import MaxOfBranches, TokenMLP  # noqa: E402

torch.set_num_threads(1)


class _Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.inp, self.a, self.b, self.out = nn.Linear(3, 4), nn.Linear(4, 4), nn.Linear(4, 4), nn.Linear(4, 2)

    def forward(self, x):
        h = torch.relu(self.inp(x))
        return self.out(torch.relu(h + self.b(torch.relu(self.a(h)))))


def _same_function(net, shape, step):
    """torch's outputs before and after ``step(net)`` (in place, under no_grad) at random inputs."""
    X = torch.from_numpy(np.random.default_rng(7).normal(size=(50,) + shape))
    before = net(X).detach()
    with torch.no_grad():
        step(net)
    return torch.allclose(before, net(X).detach(), atol=1e-12)


def test_the_symmetries_are_symmetries_by_hand():
    torch.manual_seed(0)
    net = MaxOfBranches().double()

    def scale_max(n):                      # channel 1 of both branches times 3, its output weight divided by 3
        for lin in (n.a, n.b):
            lin.weight[1] *= 3
            lin.bias[1] *= 3
        n.c.weight[:, 1] /= 3
    assert _same_function(net, (2,), scale_max)
    res = _Residual().double()

    def scale_res(n):                      # channel 2 of the block's input and of its last layer, times 3
        n.inp.weight[2] *= 3
        n.inp.bias[2] *= 3
        n.a.weight[:, 2] /= 3
        n.b.weight[2] *= 3
        n.b.bias[2] *= 3
        n.out.weight[:, 2] /= 3
    assert _same_function(res, (3,), scale_res)
    tok = TokenMLP().double()

    def mix(n):                            # b's channel 0 += 2 channel 1; head's weights reading 1 -= 2 those of 0
        n.b.weight[0] += 2 * n.b.weight[1]
        n.b.bias[0] += 2 * n.b.bias[1]
        W = n.head.weight.view(1, 5, 2)
        W[:, :, 1] -= 2 * W[:, :, 0]
    assert _same_function(tok, (5, 3), mix)


def test_max_of_branches_bound_counts_the_joint_rescalings():
    """D = 9 + 9 + 4 = 22; the three joint rescalings and the 7 moves f added to both branches with c f constant
    (f's weights in the kernel of c: 2 x 2, f's biases: 3, taken back by c's bias) give D' = 12 (it had been 19, and
    D = 22 before the joint rescalings). By hand the functional dimension is 12 (c max(A, B) = c B + c relu(A - B):
    an affine function and three ReLU units of R^2, 3 + 3 x 3), torch's rank too."""
    torch.manual_seed(0)             # its three kink lines A_k = B_k cross the sample's disc
    net = MaxOfBranches().double()
    m = from_torch_model(net)
    assert symmetry_bound(m) == 12
    Z = np.random.default_rng(2).normal(size=(60, 2)) * 10
    assert model_batch_fd(m, Z).rank == torch_jacobian_rank(net, Z) == 12


def test_residual_block_bound_and_rank():
    """D = 16 + 20 + 20 + 10 = 66; rescalings: a's 4 channels (read by b), and inp's channel c with b's channel c
    (they meet in the sum): 4 more; D' = 58 (it had been 62), above torch's rank."""
    torch.manual_seed(2)
    net = _Residual().double()
    m = from_torch_model(net)
    assert symmetry_bound(m) == 58
    Z = np.random.default_rng(3).normal(size=(80, 3))
    assert model_batch_fd(m, Z).rank == torch_jacobian_rank(net, Z) <= 58


def test_token_wise_mlp_bound_is_the_functional_dimension():
    """D = 16 + 10 + 11 = 37; a's 4 rescalings, b's 2 x 2 channel mixings before the head (GL(2): 4) and b's 2
    bias shifts into the head's bias: D' = 27 (it had been 29), which torch's rank meets: the functional dimension is
    27, certified."""
    torch.manual_seed(0)
    net = TokenMLP().double()
    m = from_torch_model(net, input_shape=(5, 3))
    assert symmetry_bound(m) == 27
    X = np.random.default_rng(1).normal(size=(40, 5, 3))
    r = model_batch_fd(m, X.reshape(40, -1))
    assert r.rank == torch_jacobian_rank(net, X) == 27 and r.certified


def test_a_mixing_with_a_partial_reader_is_left_out():
    """A head reading only token 0 of b's channel 0 (a slice) but both channels at token 1: mixing channel 1 into 0
    would need a weight reading channel 1 at token 0, which does not exist; the bound stays above torch's rank."""

    class Partial(nn.Module):
        def __init__(self):
            super().__init__()
            self.b, self.head = nn.Linear(3, 2), nn.Linear(3, 1)

        def forward(self, x):
            y = self.b(x)                                   # (2 tokens, 2 channels)
            return self.head(torch.cat([y[:, 0, 0:1], y[:, 1]], 1))
    torch.manual_seed(4)
    net = Partial().double()
    m = from_torch_model(net, input_shape=(2, 3))
    X = np.random.default_rng(5).normal(size=(30, 2, 3))
    assert torch_jacobian_rank(net, X) == model_batch_fd(m, X.reshape(30, -1)).rank <= symmetry_bound(m)
