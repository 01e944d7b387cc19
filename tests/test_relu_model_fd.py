"""Batch functional dimension of PL models: two routes agree; the Jacobian equals torch's autograd."""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.relu.model import PLModel
from algnet.relu.model_fd import _exact_patterns, _jacobian, model_batch_fd


@pytest.mark.parametrize("spec, seed", [("relu 2-3-2-1", 0), ("relu 3-4-2", 1)])
def test_modular_route_agrees_with_the_exact_mlp_route(spec, seed):
    net = parse_spec(spec)
    m = PLModel.from_relu_network(net, net.random_params(seed=seed))
    Z = net.random_inputs(12, seed=seed + 5)
    a = model_batch_fd(m, Z, route="modular")
    b = model_batch_fd(m, Z)                                   # exact QQ route of algnet.relu.functional
    assert b.certified and a.rank == b.rank and a.float_rank == b.rank
    assert a.bound == net.dimension_bound


torch = pytest.importorskip("torch")


def test_jacobian_equals_torch_autograd_on_a_cnn():
    from fractions import Fraction

    from algnet.relu import from_torch_model

    nn = torch.nn
    torch.manual_seed(0)
    cnn = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1, groups=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(2, 2, 1),
                        nn.LeakyReLU(0.5), nn.Flatten(), nn.Linear(8, 3)).double().eval()
    m = from_torch_model(cnn, input_shape=(1, 4, 4))
    Z = np.random.default_rng(0).uniform(-1, 1, (5, 16))
    Zr = np.array([[Fraction(float(v)) for v in row] for row in Z], dtype=object)
    pats, bad, ties = _exact_patterns(m, Zr)
    assert not bad.any()          # ties after ReLU (several zeros in a window) are harmless
    J = _jacobian(m, Zr, pats, "float")
    params = dict(cnn.named_parameters())

    def f(*ps):
        out = torch.func.functional_call(cnn, dict(zip(params, ps)), (torch.tensor(Z).reshape(5, 1, 4, 4),))
        return out.reshape(-1)

    jac = torch.autograd.functional.jacobian(f, tuple(params.values()))
    want = torch.cat([j.reshape(15, -1) for j in jac], dim=1).numpy()
    assert J.shape == want.shape and np.abs(J - want).max() < 1e-10


def test_benign_max_pool_ties_on_digit_images_are_kept():
    from algnet.relu import from_torch_model
    from sklearn.datasets import load_digits

    nn = torch.nn
    torch.manual_seed(1)
    cnn = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32, 3)).eval()
    m = from_torch_model(cnn, input_shape=(1, 8, 8))
    Z = load_digits().data[:30] / 16              # blank backgrounds: many exactly tied windows
    r = model_batch_fd(m, Z)
    assert r.n_points >= 20 and r.rank == r.float_rank and r.rank <= r.parameters
    assert r.as_dict()["certified"] in (True, False) and r.primes
