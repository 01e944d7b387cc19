"""Padding layers and F.pad, nearest upsampling, adaptive max pooling, Unflatten, RReLU (eval), Softshrink and a
continuous Threshold are imported exactly; Hardshrink and a jumping Threshold are refused, naming why.

Independent truth: torch's own forward pass (at inputs other than the import's check, in float64 and in exact
arithmetic), the parameter count of the torch model and the rank of torch's Jacobian in the parameters.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn
F = nn.functional

from algnet.errors import NotApplicableError  # noqa: E402
from algnet.relu.model_fd import model_batch_fd  # noqa: E402
from algnet.relu.symmetries import symmetry_bound  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import torch_jacobian_rank  # noqa: E402

torch.set_num_threads(1)


class _Functional(nn.Module):
    """F.pad in each mode, F.interpolate, F.adaptive_max_pool2d, softshrink and threshold in one forward."""

    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(1, 2, 2)

    def forward(self, x):
        h = F.pad(x, (1, 0, 2, 1))                                       # zeros
        h = torch.relu(self.c(F.pad(h, (1, 1, 1, 1), mode="reflect")))
        h = F.pad(h, (0, 1, 1, 0), mode="replicate") + F.pad(h, (1, 0, 0, 1), mode="circular")
        h = F.interpolate(F.adaptive_max_pool2d(h, (4, 7)), scale_factor=2)
        return F.softshrink(h, 0.25).flatten(1) + F.threshold(h, 0.5, 0.5).flatten(1)


_MODELS = {
    "modules": (lambda: nn.Sequential(nn.ZeroPad2d((1, 0, 2, 1)), nn.Conv2d(1, 3, 3), nn.RReLU(0.1, 0.3),
                                      nn.ReflectionPad2d(1), nn.ReplicationPad2d((0, 1, 1, 0)), nn.CircularPad2d(1),
                                      nn.Conv2d(3, 2, 2), nn.ReLU(), nn.Upsample(scale_factor=2),
                                      nn.AdaptiveMaxPool2d((2, 7)), nn.Softshrink(0.1), nn.Flatten(),
                                      nn.Linear(28, 8), nn.Unflatten(1, (2, 4)), nn.ConstantPad1d(1, 0.0),
                                      nn.Threshold(0.2, 0.2), nn.Flatten(), nn.Linear(12, 2)), (1, 4, 4)),
    "functional": (_Functional, (1, 3, 4)),
    "volumes": (lambda: nn.Sequential(nn.ReplicationPad3d(1), nn.Conv3d(1, 2, 2), nn.ReLU(),
                                      nn.AdaptiveMaxPool3d((2, 1, 2)), nn.Upsample(size=(4, 2, 2)),
                                      nn.Flatten(), nn.Linear(32, 1)), (1, 3, 2, 3)),
}


@pytest.mark.parametrize("name", sorted(_MODELS))
def test_outputs_parameters_and_rank_are_torch_s(name):
    make, shape = _MODELS[name]
    torch.manual_seed(0)
    net = make().double().eval()
    m = from_torch_model(net, input_shape=shape)
    assert m.n_params == sum(p.numel() for p in net.parameters())
    X = torch.randn((15,) + shape, dtype=torch.float64, generator=torch.Generator().manual_seed(4))
    with torch.no_grad():
        want = net(X).numpy()
    flat = X.reshape(15, -1).numpy()
    assert np.allclose(m.forward(flat), want, atol=1e-12)
    assert np.allclose(m.forward(flat, exact=True).astype(float), want, atol=1e-12)
    Z = np.random.default_rng(2).normal(size=(30,) + shape)
    r = model_batch_fd(m, Z.reshape(30, -1)).rank
    assert r == torch_jacobian_rank(net, Z) <= symmetry_bound(m)


def test_discontinuous_and_unsupported_are_refused_naming_why():
    with pytest.raises(NotApplicableError, match="Hardshrink jumps"):
        from_torch_model(nn.Sequential(nn.Linear(2, 3), nn.Hardshrink(), nn.Linear(3, 1)))
    with pytest.raises(NotApplicableError, match="jumps at 0.1"):
        from_torch_model(nn.Sequential(nn.Linear(2, 3), nn.Threshold(0.1, 0.0), nn.Linear(3, 1)))
    with pytest.raises(NotApplicableError, match="LPPool raises to a power"):
        from_torch_model(nn.Sequential(nn.Conv2d(1, 1, 1), nn.LPPool2d(2, 2)), input_shape=(1, 2, 2))
    # bilinear upsampling, a constant pad and unequal adaptive windows had been refused here: they are imported
    # (tests/test_torch_fixed_linear_layers.py)


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_max_pooling_with_ceil_mode_is_torch_s(nd):
    """Windows past the end of an axis (ceil_mode=True), for every small kernel, stride, padding and dilation."""
    pool = {1: nn.MaxPool1d, 2: nn.MaxPool2d, 3: nn.MaxPool3d}[nd]
    count = 0
    for L in range(2, 7):
        for k, s, p, d in [(k, s, p, d) for k in (1, 2, 3) for s in (1, 2, 3) for p in range(k // 2 + 1)
                           for d in (1, 2)]:
            if d * (k - 1) + 1 > L + 2 * p:
                continue
            shape = (1,) + tuple(L + i for i in range(nd))
            net = nn.Sequential(pool(k, s, p, d, ceil_mode=True), nn.Flatten()).double()
            m = from_torch_model(net, input_shape=shape)
            X = torch.randn((4,) + shape, dtype=torch.float64, generator=torch.Generator().manual_seed(L))
            assert np.array_equal(m.forward(X.reshape(4, -1).numpy()), net(X).numpy())
            count += 1
    assert count > 100
