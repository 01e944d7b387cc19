"""Convolutions with padding_mode 'reflect', 'replicate' or 'circular' (1-, 2- and 3-d, with strides, dilations,
groups and padding='same') are imported exactly: the input padded with copies of its own coordinates, then the
convolution without padding.

Independent truth: torch's own forward pass at random inputs (other than the import's own check) and the rank of
torch's Jacobian in the parameters.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.errors import ParameterError  # noqa: E402
from algnet.relu.model_fd import model_batch_fd  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import torch_jacobian_rank  # noqa: E402

torch.set_num_threads(1)

_CONV = {1: nn.Conv1d, 2: nn.Conv2d, 3: nn.Conv3d}
_SHAPE = {1: (2, 7), 2: (2, 5, 4), 3: (2, 3, 4, 3)}


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("nd", [1, 2, 3])
@pytest.mark.parametrize("opts", [dict(padding=1), dict(padding=2, stride=2, dilation=1, groups=2),
                                  dict(padding="same", dilation=2)])
def test_padded_convolutions_compute_what_torch_computes(mode, nd, opts):
    torch.manual_seed(nd)
    k = 2 if opts["padding"] == "same" else 3
    conv = _CONV[nd](2, 4, k, padding_mode=mode, **opts)
    net = nn.Sequential(conv, nn.ReLU(), nn.Flatten()).double()
    shape = _SHAPE[nd]
    m = from_torch_model(net, input_shape=shape)
    X = torch.randn((12,) + shape, dtype=torch.float64, generator=torch.Generator().manual_seed(3))
    want = net(X).detach().numpy()
    assert np.allclose(m.forward(X.reshape(12, -1).numpy()), want, atol=1e-12)
    assert np.allclose(m.forward(X.reshape(12, -1).numpy(), exact=True).astype(float), want, atol=1e-12)
    assert m.n_params == sum(p.numel() for p in net.parameters())


def test_padded_model_rank_is_torch_s():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(1, 3, 3, padding=1, padding_mode="reflect"), nn.ReLU(),
                        nn.Conv2d(3, 2, 3, padding=1, padding_mode="circular"), nn.ReLU(), nn.Flatten(),
                        nn.Linear(32, 2)).double()
    m = from_torch_model(net, input_shape=(1, 4, 4))
    Z = np.random.default_rng(1).normal(size=(40, 1, 4, 4))
    assert model_batch_fd(m, Z.reshape(40, -1)).rank == torch_jacobian_rank(net, Z)


def test_reflect_padding_as_large_as_the_axis_is_a_clear_error():
    net = nn.Sequential(nn.Conv1d(1, 1, 3, padding=3, padding_mode="reflect"))
    with pytest.raises(ParameterError, match="too large for padding_mode='reflect'"):
        from_torch_model(net, input_shape=(1, 3))
