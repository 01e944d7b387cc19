"""Rescaling symmetries of conv models (one per hidden channel) and hidden symmetries, against hand derivations."""

from fractions import Fraction

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet import parse_spec  # noqa: E402
from algnet.relu.model import PLModel  # noqa: E402
from algnet.relu.model_fd import _exact_patterns, _jacobian, model_batch_fd  # noqa: E402
from algnet.relu.symmetries import (model_hidden_symmetries, parameter_vector, rescaling_generators,  # noqa: E402
                                    symmetry_bound)
from algnet.relu.torch_import import from_torch_model  # noqa: E402


def _set(conv, w, b):
    with torch.no_grad():
        conv.weight.copy_(torch.tensor(w, dtype=torch.float64).reshape(conv.weight.shape))
        conv.bias.copy_(torch.tensor(b, dtype=torch.float64))


def _one_channel():
    torch.manual_seed(0)
    m = nn.Sequential(nn.Conv1d(1, 1, 2), nn.ReLU(), nn.Flatten(), nn.Linear(3, 1)).double()
    _set(m[0], [1.0, -0.5], [0.25])
    _set(m[3], [1.0, -2.0, 0.5], [0.125])
    return from_torch_model(m, input_shape=(1, 4))


def _duplicated():
    m = nn.Sequential(nn.Conv1d(1, 2, 2), nn.ReLU(), nn.Flatten(), nn.Linear(6, 1)).double()
    _set(m[0], [1.0, -0.5, 1.0, -0.5], [0.25, 0.25])          # channel 1 = channel 0
    _set(m[3], [1.0, -2.0, 0.5, 0.75, 1.5, -1.0], [0.125])
    return from_torch_model(m, input_shape=(1, 4))


def test_one_channel_conv_reaches_the_bound():
    # D = 2 + 1 (kernel, bias) + 3 + 1 (linear) = 7; one hidden channel: one rescaling, D' = 6
    m = _one_channel()
    assert m.n_params == 7 and symmetry_bound(m) == 6
    r = model_hidden_symmetries(m, seed=0, batch_factor=4, scale=4)
    assert r["batch_fd"] == 6 and r["no_hidden_symmetries"] is True and r.evidence.certified


def test_duplicated_channel_is_a_hidden_symmetry():
    # D = 4 + 2 + 6 + 1 = 13, two channels: D' = 11. The channels coincide, so F depends on v_(0,l) + v_(1,l) only:
    # the 3 directions e_(v0,l) - e_(v1,l) are in every Jacobian's kernel, independent of the rescalings:
    # FD <= 13 - 2 - 3 = 8 < D'.
    m = _duplicated()
    assert symmetry_bound(m) == 11
    r = model_hidden_symmetries(m, seed=0, batch_factor=4, scale=4)
    assert r["batch_fd"] <= 8 and r["no_hidden_symmetries"] is None and not r.evidence.certified
    assert r["batch_fd"] == 8 and r["gap"] == 3            # and nothing else is lost at these weights


def test_generators_are_in_the_kernel_mod_p():
    torch.manual_seed(1)
    m = from_torch_model(nn.Sequential(nn.Conv2d(1, 3, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(3, 2, 2),
                                       nn.ReLU(), nn.Flatten(), nn.Linear(2, 2)), input_shape=(1, 4, 4))
    gens = rescaling_generators(m)
    assert len(gens) == 3 + 2                                   # one per hidden channel
    p = 1000003
    rng = np.random.default_rng(0)
    Z = np.empty((12, 16), dtype=object)
    Z[...] = [[Fraction(int(v), 64) for v in row] for row in rng.integers(-256, 257, size=(12, 16))]
    pats, bad, ties = _exact_patterns(m, Z)
    J = _jacobian(m, Z, pats, "modp", p, ties, set())
    theta = parameter_vector(m)
    for g in gens:
        v = np.zeros(J.shape[1], dtype=np.int64)
        for i, x in g.items():
            x = Fraction(x)
            v[i] = x.numerator % p * pow(x.denominator % p, -1, p) % p
        assert not ((J % p) @ v % p).any()
    assert len(theta) == J.shape[1]


def test_small_cnn_bound_and_mlp_agreement():
    from algnet.relu.data import small_cnn

    m = from_torch_model(small_cnn(2), input_shape=(1, 8, 8))
    assert symmetry_bound(m) == 266 - (2 + 4)                  # conv channels 2 and 4
    net = parse_spec("relu 3-4-5-2")
    pm = PLModel.from_layers([(W.tolist(), b.tolist()) for W, b in net.layers(net.random_params(seed=0))])
    assert symmetry_bound(pm) == net.dimension_bound           # D - hidden neurons (GLMW)
    r = model_batch_fd(pm, net.random_inputs(40, seed=1), route="modular")
    assert r.bound == net.dimension_bound


def test_residual_units_are_not_rescaled():
    class Res(nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b, self.c = nn.Linear(2, 3), nn.Linear(3, 3), nn.Linear(3, 1)

        def forward(self, x):
            h = torch.relu(self.a(x))                          # read by b and by the sum: not rescalable
            g = torch.relu(self.b(h))                          # read by c through the sum: not rescalable
            return self.c(torch.relu(g + h))                   # the sum's units have no own parameters

    torch.manual_seed(0)
    m = from_torch_model(Res(), input_shape=(2,))
    # no unit rescaled alone; but unit i of g and of h scale together through relu(g + h) (b's row and column i,
    # c's column i): three moves of the whole model, which torch's Jacobian annihilates
    assert rescaling_generators(m) == [] and symmetry_bound(m) == m.n_params - 3


def test_large_model_refused_before_drawing_inputs(monkeypatch):
    from algnet.errors import TooLargeError

    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "64K")
    with pytest.raises(TooLargeError):
        model_hidden_symmetries(_one_channel(), seed=0, batch_factor=1000)
