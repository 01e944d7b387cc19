"""D', the upper bound of the functional dimension from the known symmetries, for a BatchNorm kept after a ReLU
(not folded into a layer) and other layers that feed the next layer without an activation between.

Such a node's channel c can be rescaled by any l > 0 (the weights reading it divided by l), and its shift moved
into the next dense layer's bias. Truths: by hand (the network computes a smaller one: stated in each test), the
exact functional dimension from the regions (:func:`~algnet.relu.model_fd.model_functional_dimension`), and the
numerical rank of torch's own Jacobian at the same inputs, which D' must never be below.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.relu.model_fd import model_batch_fd, model_functional_dimension  # noqa: E402
from algnet.relu.symmetries import symmetry_bound  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import torch_jacobian_rank  # noqa: E402

torch.set_num_threads(1)


def _bn_after_relu(seed=0):
    torch.manual_seed(seed)
    net = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.BatchNorm1d(4), nn.Linear(4, 1)).double()
    with torch.no_grad():
        net[0].bias.uniform_(-1, 1)
        net[2].running_mean.uniform_(-0.5, 0.5)
        net[2].running_var.fill_(4.0)                           # 1/sqrt(4 + eps) rounded once: no matter here
        net[2].weight.uniform_(0.5, 1.5)
        net[2].bias.uniform_(-1, 1)
    return net.eval()


def test_batchnorm_after_relu_bound_is_the_smaller_network_s():
    """By hand: W2 (s * relu(W1 x + b1) + t) + b2 = (W2 diag s) relu(W1 x + b1) + (W2 t + b2) is a relu 2-4-1
    network, D = 12 + 4 + 1 = 17 and D' = 17 - 4 = 13; of the 25 parameters 4 + 4 + 4 directions (the hidden units'
    rescalings, the BatchNorm channels' rescalings, its shifts into b2) do not move it: D' = 25 - 12 = 13."""
    net = _bn_after_relu()
    m = from_torch_model(net)
    assert m.n_params == 25 and not any("+" in n.name for n in m.nodes)           # not folded
    assert symmetry_bound(m) == 13
    fd = model_functional_dimension(m)
    assert fd.functional_dimension == fd.bound == 13 and fd.certified
    g = np.linspace(-4, 4, 41)
    X = np.array([(a, b) for a in g for b in g])
    assert torch_jacobian_rank(net, X) == model_batch_fd(m, X).rank == 13


def test_bound_stays_above_torch_s_rank():
    """Soundness where the new directions apply: a BatchNorm2d after a ReLU then Flatten and Linear, and two
    Linear layers with no activation between (their product is the map: by hand FD 7 of D = 20, = D')."""
    torch.manual_seed(1)
    conv = nn.Sequential(nn.Conv2d(1, 2, 2), nn.ReLU(), nn.BatchNorm2d(2), nn.Flatten(), nn.Linear(8, 2)).double()
    with torch.no_grad():
        conv[2].running_var.fill_(0.25)
        conv[2].weight.uniform_(0.5, 1.5)
        conv[2].bias.uniform_(-1, 1)
    conv.eval()
    m = from_torch_model(conv, input_shape=(1, 3, 3))
    X = np.random.default_rng(2).normal(size=(80, 9))
    r = model_batch_fd(m, X).rank
    assert r == torch_jacobian_rank(conv, X.reshape(-1, 1, 3, 3)) <= symmetry_bound(m) < m.n_params - 2
    lin = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1)).double()
    m = from_torch_model(lin)
    X = np.random.default_rng(3).uniform(-3, 3, size=(200, 2))
    assert model_batch_fd(m, X).rank == torch_jacobian_rank(lin, X) == 7
    # 3 rescalings of the middle channels, their 3 shifts into the next bias, 2 rescalings after the ReLU, and the
    # mixings of the middle channels (the rest of GL(3)): D' meets the functional dimension 7
    assert symmetry_bound(m) == 7
