"""Transposed convolutions (ConvTranspose1d/2d/3d: stride, padding, output_padding, dilation, groups) are imported
exactly: the input spread out with zeros, then a convolution with torch's weights flipped and transposed.

Independent truth: torch's own forward pass at random inputs for every small configuration, and the rank of
torch's Jacobian in the parameters (a BatchNorm after, pruned entries, a frozen weight under frozen='fixed').
"""

import itertools

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.errors import NotApplicableError  # noqa: E402
from algnet.relu.model_fd import model_batch_fd  # noqa: E402
from algnet.relu.symmetries import symmetry_bound  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import torch_jacobian_rank  # noqa: E402

torch.set_num_threads(1)

_CT = {1: nn.ConvTranspose1d, 2: nn.ConvTranspose2d, 3: nn.ConvTranspose3d}


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_every_small_configuration_is_torch_s(nd):
    torch.manual_seed(nd)
    shape = {1: (2, 3), 2: (2, 3, 2), 3: (2, 2, 3, 2)}[nd]
    count = 0
    for k, s, p, op, d, g in itertools.product((1, 2, 3), (1, 2, 3), (0, 1, 2), (0, 1), (1, 2), (1, 2)):
        if op >= max(s, d) or (nd == 3 and (k, d) == (3, 2)):
            continue
        net = nn.Sequential(_CT[nd](2, 4, k, s, p, op, g, True, d), nn.ReLU(), nn.Flatten()).double()
        X = torch.randn((3,) + shape, dtype=torch.float64, generator=torch.Generator().manual_seed(count))
        try:
            with torch.no_grad():
                want = net(X).numpy()
        except RuntimeError:                    # torch: the padding leaves no output
            continue
        m = from_torch_model(net, input_shape=shape)
        assert m.n_params == sum(t.numel() for t in net.parameters())
        assert np.allclose(m.forward(X.reshape(3, -1).numpy()), want, atol=1e-12)
        count += 1
    assert count > 100


def _decoder():
    return nn.Sequential(nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1, output_padding=1), nn.BatchNorm2d(3),
                         nn.ReLU(), nn.ConvTranspose2d(3, 1, 2), nn.Flatten(), nn.Linear(25, 2)).double()


def test_decoder_rank_is_torch_s_with_batchnorm_pruned_and_frozen():
    torch.manual_seed(0)
    net = _decoder()
    with torch.no_grad():
        net[1].running_mean.uniform_(-0.3, 0.3)
        net[1].running_var.fill_(0.25)
    net.eval()
    Z = np.random.default_rng(1).normal(size=(40, 2, 2, 2))
    m0 = from_torch_model(net, input_shape=(2, 2, 2))
    r = model_batch_fd(m0, Z.reshape(40, -1)).rank
    assert r == torch_jacobian_rank(net, Z) <= symmetry_bound(m0)
    torch.nn.utils.prune.l1_unstructured(net[0], "weight", amount=0.4)
    m = from_torch_model(net, input_shape=(2, 2, 2))
    assert m.n_params == m0.n_params - 22                   # 40% of the 54 weights pruned: 22 are no parameters
    op = next(n.op for n in m.nodes if getattr(n.op, "fixed", None) is not None)
    assert op.fixed[:op.W.size].sum() == 22 and all(w == 0 for w in op.W.ravel()[op.fixed[:op.W.size]])
    assert model_batch_fd(m, Z.reshape(40, -1)).rank == torch_jacobian_rank(net, Z)
    torch.manual_seed(1)
    net = _decoder().eval()
    net[3].weight.requires_grad_(False)
    m = from_torch_model(net, input_shape=(2, 2, 2), frozen="fixed")
    assert m.n_params == m0.n_params - 12                   # the frozen 3 x 1 x 2 x 2 weight: constants
    assert model_batch_fd(m, Z.reshape(40, -1)).rank == torch_jacobian_rank(net, Z, trainable_only=True)


def test_a_shared_transposed_weight_is_refused():
    class Twice(nn.Module):
        def __init__(self):
            super().__init__()
            self.up = nn.ConvTranspose1d(1, 1, 2)

        def forward(self, x):
            return self.up(torch.relu(self.up(x)))
    with pytest.raises(NotApplicableError, match="shared"):
        from_torch_model(Twice(), input_shape=(1, 3))
