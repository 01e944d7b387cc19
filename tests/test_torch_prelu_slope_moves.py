"""The bound D' of models with trained PReLU slopes counts the moves of the slopes and of the reading weights that
change the function only by a constant: prelu_s(z) = (1 - s) relu(z) + s z, so moving (v, s) by (v e, (1 - s) e)
keeps v (1 - s) and adds v e z, which vanishes up to a constant when (v_k e_k) is orthogonal to the columns of the
layer before (always possible with more PReLU units than inputs of that layer).

Independent truths: hand counts of the reduced form sum_k u_k relu(w_k . x + b_k) + a . x + c; torch's own Jacobian
in the parameters (``torch.func.jacrev``, float64 SVD rank at points spread over many scales), which D' bounds
and here meets; every new tangent, in torch's parameter order, is annihilated by torch's Jacobian.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.relu.model_slopes import slope_generators  # noqa: E402
from algnet.relu.symmetries import check_symmetry_bound, symmetry_bound  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import spread_inputs, torch_jacobian_rank  # noqa: E402

torch.set_num_threads(1)


def _net(width, seed, out=1):
    torch.manual_seed(seed)
    net = nn.Sequential(nn.Linear(2, width), nn.PReLU(width), nn.Linear(width, out)).double()
    with torch.no_grad():
        net[1].weight.uniform_(-0.5, 0.8)
    return net


@pytest.mark.parametrize("width, seed", [(3, 0), (3, 1), (4, 0)])
def test_widening_linear_before_a_prelu_by_hand(width, seed):
    """Linear(2, n), PReLU(n), Linear(n, 1): F = sum_k v_k (1 - s_k) relu(z_k) + (sum_k v_k s_k w_k) . x + const,
    so FD <= 4 n - n (rescalings) + 2 + 1 = 3 n + 3 of D = 5 n + 1: 12 for n = 3 (was 13), 15 for n = 4 (was 17).
    torch's Jacobian rank reaches it."""
    net = _net(width, seed)
    m = from_torch_model(net)
    assert m.n_params == 5 * width + 1
    assert symmetry_bound(m) == 3 * width + 3 == torch_jacobian_rank(net, spread_inputs(1500, 2, seed))


def test_the_slope_moves_are_in_the_kernel_of_torch_jacobian():
    """algnet orders the parameters affine nodes first, then the slopes; torch orders them by module: 0.weight,
    0.bias, 1.weight (the slopes), 2.weight, 2.bias. Two moves for n = 4 (4 slopes, 2 conditions)."""
    from torch.func import functional_call, jacrev

    n = 4
    net = _net(n, 2)
    gens = slope_generators(from_torch_model(net))
    assert len(gens) == n - 2
    a = 3 * n                                              # first layer's weights and biases: same place
    perm = list(range(a)) + [a + n + i for i in range(n + 1)] + [a + i for i in range(n)]      # algnet -> torch
    params = {k: v.detach() for k, v in net.named_parameters()}
    X = torch.tensor(spread_inputs(200, 2, 5))
    J = jacrev(lambda p: functional_call(net, p, (X,)).reshape(-1))(params)
    J = torch.cat([J[k].reshape(J[k].shape[0], -1) for k in params], dim=1).numpy()
    G = np.zeros((J.shape[1], len(gens)))
    for j, g in enumerate(gens):
        for i, v in g.items():
            G[perm[i], j] = float(v)
    assert np.abs(J @ G).max() < 1e-9 * np.abs(J).max() * np.abs(G).max()
    assert np.linalg.matrix_rank(G) == len(gens)


def test_conv_prelu_read_through_a_flatten():
    """Conv1d(1, 3, 2, padding=1) on R^2, PReLU(3), Flatten, Linear(9, 1): the slope of channel c is shared by its
    3 positions, z_c = (w_c1 x_0 + b_c, w_c0 x_0 + w_c1 x_1 + b_c, w_c0 x_1 + b_c). A move e (one per channel)
    adds sum_c e_c sum_l v_cl z_cl: 2 conditions (the coefficients of x_0 and x_1) on 3 unknowns, the constant
    taken by the Linear's bias: one move. D = 22, 3 channel rescalings: D' = 18 (was 19), torch's rank."""
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv1d(1, 3, 2, padding=1), nn.PReLU(3), nn.Flatten(), nn.Linear(9, 1)).double()
    m = from_torch_model(net, input_shape=(1, 2))
    assert len(slope_generators(m)) == 1
    assert symmetry_bound(m) == 18 == torch_jacobian_rank(net, spread_inputs(600, 2, 0).reshape(-1, 1, 2))


def test_no_move_without_room_and_a_large_prelu_estimated_and_left_out():
    """Linear(2, 2), PReLU(2): the two columns of the first layer are independent, no move (D' = 11 - 2 = 9, the
    rank); a PReLU whose system is too large is left out (D' still an upper bound) and costs nothing in the
    estimate."""
    net = nn.Sequential(nn.Linear(2, 2), nn.PReLU(2), nn.Linear(2, 1)).double()
    m = from_torch_model(net)
    assert slope_generators(m) == [] and symmetry_bound(m) == 9 == torch_jacobian_rank(net, spread_inputs(500, 2, 1))
    big = nn.Sequential(nn.Linear(100, 300), nn.PReLU(300), nn.Linear(300, 50)).double()
    mb = from_torch_model(big)
    assert slope_generators(mb) == []
    assert check_symmetry_bound(mb)["seconds"] < 5
