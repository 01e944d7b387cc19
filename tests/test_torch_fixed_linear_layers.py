"""Torch layers that are fixed affine maps of their input (interpolations, average pools whose divisor varies,
padding with a constant), adaptive max pools with unequal windows and the permutations of PixelShuffle,
PixelUnshuffle and ChannelShuffle are imported (they were refused).

Independent truth: torch's own forward at many random inputs (the imported model's exact and float64 outputs), and
the rank of torch's own Jacobian in the parameters (``torch.func.jacrev``) against algnet's batch functional
dimension; for the fixed maps also the hand values of a few weights (bilinear upsampling by 2 weighs the two nearest
inputs 3/4 and 1/4, a constant pad adds its value).
"""

from fractions import Fraction

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn
F = torch.nn.functional

from algnet.relu.model_fd import model_batch_fd  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import torch_jacobian_rank  # noqa: E402

torch.set_num_threads(1)


class _Fn(nn.Module):
    """conv, relu, the layer f, then a Linear reading its flattened output."""

    def __init__(self, f, pre, n_out):
        super().__init__()
        self.f, self.pre, self.head = f, pre, nn.Linear(n_out, 2)

    def forward(self, x):
        return self.head(self.f(torch.relu(self.pre(x))).flatten(1))


def _c2():
    return nn.Conv2d(2, 3, 3, padding=1)


def _c1():
    return nn.Conv1d(2, 3, 3, padding=1)


_CASES = {
    "bilinear x2": (nn.Upsample(scale_factor=2, mode="bilinear"), _c2, (2, 4, 4), 3 * 64),
    "bilinear align_corners to 7x5": (nn.Upsample(size=(7, 5), mode="bilinear", align_corners=True), _c2,
                                      (2, 4, 4), 3 * 35),
    "bicubic x1.5": (lambda x: F.interpolate(x, scale_factor=1.5, mode="bicubic"), _c2, (2, 4, 4), 3 * 36),
    "area to 3x3": (lambda x: F.interpolate(x, size=(3, 3), mode="area"), _c2, (2, 5, 5), 3 * 9),
    "linear 1-d x2": (nn.Upsample(scale_factor=2, mode="linear"), _c1, (2, 5), 3 * 10),
    "nearest x1.5": (nn.Upsample(scale_factor=1.5), _c2, (2, 4, 4), 3 * 36),
    "adaptive avg 5 -> 3": (nn.AdaptiveAvgPool2d(3), _c2, (2, 5, 5), 3 * 9),
    "adaptive avg 1-d 7 -> 3": (lambda x: F.adaptive_avg_pool1d(x, 3), _c1, (2, 7), 3 * 3),
    "adaptive max 5 -> 3": (nn.AdaptiveMaxPool2d(3), _c2, (2, 5, 5), 3 * 9),
    "adaptive max 1-d 7 -> 4": (nn.AdaptiveMaxPool1d(4), _c1, (2, 7), 3 * 4),
    "avg ceil_mode": (nn.AvgPool2d(2, ceil_mode=True), _c2, (2, 5, 5), 3 * 9),
    "avg padded, count_include_pad=False": (nn.AvgPool2d(3, 2, 1, ceil_mode=True, count_include_pad=False), _c2,
                                            (2, 5, 5), 3 * 9),
    "avg 1-d ceil_mode": (lambda x: F.avg_pool1d(x, 3, 2, ceil_mode=True), _c1, (2, 6), 3 * 3),
    "constant pad 0.5": (nn.ConstantPad2d(1, 0.5), _c2, (2, 4, 4), 3 * 36),
    "F.pad value -0.25": (lambda x: F.pad(x, (1, 2, 0, 1), value=-0.25), _c2, (2, 4, 4), 3 * 35),
    "pixel shuffle": (nn.PixelShuffle(1), _c2, (2, 4, 4), 3 * 16),
    "channel shuffle": (nn.ChannelShuffle(3), _c2, (2, 4, 4), 3 * 16),
}


@pytest.mark.parametrize("case", sorted(_CASES))
def test_import_matches_torch_forward_and_rank(case):
    layer, pre, shape, n = _CASES[case]
    torch.manual_seed(1)
    net = _Fn(layer, pre(), n).double().eval()
    m = from_torch_model(net, input_shape=shape)
    X = np.random.default_rng(2).normal(size=(60,) + shape)
    want = net(torch.tensor(X)).detach().numpy()
    assert np.abs(m.forward(X.reshape(60, -1)) - want).max() < 1e-12
    exact = m.forward(X[:3].reshape(3, -1).tolist(), exact=True)
    assert np.abs(exact.astype(float) - want[:3]).max() < 1e-12
    Z = X[:40].reshape(40, -1)
    assert model_batch_fd(m, Z).rank == torch_jacobian_rank(net, X[:40])


def test_pixel_shuffle_and_unshuffle_by_factor_two():
    """PixelShuffle(2) of 4 channels to 1 and PixelUnshuffle(2) back (torch's forward, a permutation)."""

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b, self.c = nn.Conv2d(1, 4, 3, padding=1), nn.Conv2d(1, 2, 3, padding=1), nn.Linear(16, 1)
            self.down = nn.PixelUnshuffle(4)

        def forward(self, x):
            y = F.pixel_shuffle(torch.relu(self.a(x)), 2)                # (1, 8, 8)
            return self.c(self.down(torch.relu(self.b(y))).flatten(1)[:, :16])
    torch.manual_seed(3)
    net = Net().double()
    m = from_torch_model(net, input_shape=(1, 4, 4))
    X = np.random.default_rng(4).normal(size=(30, 1, 4, 4))
    assert np.abs(m.forward(X.reshape(30, -1)) - net(torch.tensor(X)).detach().numpy()).max() < 1e-12


def test_hand_weights_of_bilinear_and_constant_pad():
    """1-d linear upsampling by 2 of (a, b) (align_corners=False) is (a, 3a/4 + b/4, a/4 + 3b/4, b); padding
    (a, b) with 1/2 on both sides is (1/2, a, b, 1/2)."""
    for layer, want in [(nn.Upsample(scale_factor=2, mode="linear"),
                         lambda a, b: [a, a * 3 / 4 + b / 4, a / 4 + b * 3 / 4, b]),
                        (nn.ConstantPad1d(1, 0.5), lambda a, b: [Fraction(1, 2), a, b, Fraction(1, 2)])]:
        m = from_torch_model(nn.Sequential(layer), input_shape=(1, 2))
        a, b = Fraction(3, 7), Fraction(-5, 3)
        assert m.forward([[a, b]], exact=True).tolist()[0] == want(a, b)


def test_weights_are_the_fractions_torch_means():
    """Adaptive average pooling of 5 inputs to 3 has windows [0, 2), [1, 4), [3, 5): by hand (a + b) / 2,
    (b + c + d) / 3, (d + e) / 2 exactly (torch computes 1/3 in floats; the model reads the fraction it means, as
    an average pool's 1/k), and no note; linear interpolation of 2 points to 3 with align_corners=True is (a,
    (a + b) / 2, b)."""
    m = from_torch_model(nn.Sequential(nn.AdaptiveAvgPool1d(3)), input_shape=(1, 5))
    a, b, c, d, e = (Fraction(v, 7) for v in (1, -2, 3, 5, -4))
    assert m.forward([[a, b, c, d, e]], exact=True).tolist()[0] == [(a + b) / 2, (b + c + d) / 3, (d + e) / 2]
    assert not m.notes
    m = from_torch_model(nn.Sequential(nn.Upsample(size=3, mode="linear", align_corners=True)), input_shape=(1, 2))
    assert m.forward([[a, b]], exact=True).tolist()[0] == [a, (a + b) / 2, b]


def test_layer_norm_and_instance_norm_still_refused_with_the_reason():
    from algnet.errors import NotApplicableError

    for layer, shape in [(nn.LayerNorm(4), (4,)), (nn.InstanceNorm2d(2), (2, 3, 3))]:
        with pytest.raises(NotApplicableError, match="standard deviation"):
            from_torch_model(nn.Sequential(layer, nn.ReLU()), input_shape=shape)
