"""A bias-free layer followed by a BatchNorm without affine parameters: the folded bias is a constant.

Truth: torch's own parameter count, and the rank of torch's autograd Jacobian (in the parameters) of the outputs
at spread random inputs (a lower bound of the functional dimension, which here reaches it).
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from torch_helpers import torch_jacobian_rank  # noqa: E402
from algnet.relu.model_fd import model_batch_fd, model_functional_dimension  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402


class _Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.bn, self.out = nn.Linear(2, 2, bias=False), nn.BatchNorm1d(2, affine=False), nn.Linear(2, 1)

    def forward(self, x):
        return self.out(torch.relu(self.bn(self.a(x))) + x)


def _trained_stats(net):
    torch.manual_seed(0)
    with torch.no_grad():
        net.train()(torch.randn(64, 2) * 2 + 1)         # running statistics away from (0, 1)
    return net.double().eval()


def test_functional_dimension_never_exceeds_the_parameters():
    """BatchNorm was folded into the bias-free layer and the folded bias -mean s made a parameter: D = 9 and a
    certified functional dimension 9 for a model with 7 parameters."""
    torch.manual_seed(0)
    net = _trained_stats(_Residual())
    D = sum(p.numel() for p in net.parameters())
    fd = model_functional_dimension(from_torch_model(net))
    Z = np.concatenate([np.random.default_rng(2).normal(size=(400, 2)) * s for s in (0.3, 1, 3, 30)])
    assert fd.parameters == D == 7
    assert fd.certified and fd.functional_dimension == torch_jacobian_rank(net, Z)


@pytest.mark.parametrize("bias,affine", [(False, False), (True, False), (False, True)])
def test_parameter_count_and_batch_rank_match_torch(bias, affine):
    torch.manual_seed(1)
    net = _trained_stats(nn.Sequential(nn.Linear(2, 4, bias=bias), nn.BatchNorm1d(4, affine=affine), nn.ReLU(),
                                       nn.Linear(4, 1)))
    m = from_torch_model(net)
    Z = np.random.default_rng(0).normal(size=(80, 2)) * 2
    assert model_batch_fd(m, Z).rank == torch_jacobian_rank(net, Z)
    if not bias and not affine:
        assert m.n_params == sum(p.numel() for p in net.parameters()) == 13
    else:   # folded: (W s, b s + t) is a reparametrisation of the layer's and the BatchNorm's parameters
        assert m.n_params == 17


def test_a_batchnorm_channel_with_zero_scale():
    """gamma_c = 0 (a pruned channel; torchvision's zero_init_residual): folding made the folded row W s = 0 free
    parameters although row c of the layer no longer acts: a certified functional dimension 9 where torch's
    Jacobian has rank 8 at 1200 spread inputs (and the model has 19 parameters, not 13)."""
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 1))
    with torch.no_grad():
        net.train()(torch.randn(64, 2) * 2 + 1)
        net[1].weight[1], net[1].bias[1] = 0.0, 0.5          # channel 1: the constant relu(1/2)
    net = net.double().eval()
    m = from_torch_model(net)
    Z = np.concatenate([np.random.default_rng(2).normal(size=(300, 2)) * s for s in (0.3, 1, 3, 30)])
    fd = model_functional_dimension(m)
    assert m.n_params == sum(p.numel() for p in net.parameters()) == 19
    assert fd.certified and fd.functional_dimension == torch_jacobian_rank(net, Z) == 8
    assert model_batch_fd(m, Z).rank == 8


@pytest.mark.parametrize("act", [nn.ReLU(), nn.LeakyReLU(0.2)])
def test_public_entry_points_take_imported_models(act):
    """batch_functional_dimension(model, Z=...) of an imported model raised 'missing theta' / 'expected a spec
    string, got PLModel', and functional_dimension(torch_module) 'no parameters theta for Sequential(...)'."""
    from algnet.relu import batch_functional_dimension, functional_dimension

    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(2, 3), act, nn.Linear(3, 2)).double().eval()
    m = from_torch_model(net)
    Z = np.random.default_rng(0).normal(size=(20, 2))
    want = torch_jacobian_rank(net, Z)
    assert batch_functional_dimension(m, Z=Z).rank == batch_functional_dimension(net, None, Z).rank == want
    spread = np.concatenate([np.random.default_rng(2).normal(size=(300, 2)) * s for s in (0.3, 1, 3, 30)])
    assert functional_dimension(net).functional_dimension == functional_dimension(m).functional_dimension \
        == torch_jacobian_rank(net, spread)
