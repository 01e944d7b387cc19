"""Local complexity against its closed form for one hidden layer, and exact vs float64."""

import numpy as np
import pytest

from algnet.errors import ParameterError
from algnet.relu.local_complexity import _directions, local_complexity, local_region_count
from algnet.relu.model import PLModel


def test_one_hidden_layer_closed_form():
    """Neuron j crosses conv{x +- r d_i} iff |w_j.x + b_j| < r max_i |w_j.d_i| (support function of the cross-polytope)."""
    rng = np.random.default_rng(0)
    n0, n1, B, k, r = 5, 40, 60, 3, 0.4
    W, b = rng.standard_normal((n1, n0)), rng.standard_normal(n1)
    m = PLModel.from_layers([(W, b), (np.ones((1, n1)), [0])])
    X = rng.standard_normal((B, n0))
    lc = local_complexity(m, X, radius=r, directions=k, seed=7)
    D = _directions(B, n0, k, np.random.default_rng(7))            # the same directions (same seed)
    c = X @ W.T + b                                                 # (B, n1)
    s = r * np.abs(np.einsum("jn,bnk->bjk", W, D)).max(axis=2)      # (B, n1)
    want = (np.abs(c) < s).sum(axis=1)
    assert (lc.total == want).all() and want.max() > 0 and want.min() < n1
    assert lc.seed == 7 and lc.as_dict()["seed"] == 7 and lc.as_dict()["certified"] is False


def test_exact_and_float_agree_and_deeper_layers_counted():
    from algnet import parse_spec

    net = parse_spec("relu 3-6-5-1")
    th = net.random_params(seed=3)
    X = np.random.default_rng(1).uniform(-1, 1, (6, 3))
    f = local_complexity(net, X, radius=0.3, theta=th, seed=2)
    e = local_complexity(net, X, radius=0.3, theta=th, seed=2, exact=True)
    assert e.exact and e.evidence.certified
    for name in f.per_layer:
        assert (f.per_layer[name] == e.per_layer[name]).all()
    assert set(f.per_layer) == {"relu1", "relu2"}
    assert (f.total <= 11).all()
    # reproducible with the seed, different directions with another seed in general
    assert (local_complexity(net, X, radius=0.3, theta=th, seed=2).total == f.total).all()


def test_bad_arguments():
    m = PLModel.from_layers([([[1, 0]], [0]), ([[1]], [0])])
    for bad in (0, -1, float("nan"), "x"):
        with pytest.raises(ParameterError):
            local_complexity(m, [[0, 0]], radius=bad)
    with pytest.raises(ParameterError):
        local_complexity(m, [[0, 0, 0]], radius=1)
    with pytest.raises(ParameterError):
        local_complexity(m, [[0, 0]], radius=1, directions=3)


torch = pytest.importorskip("torch")


def test_cnn_batch_and_exact_local_region_count():
    from algnet.relu import from_torch_model

    nn = torch.nn
    torch.manual_seed(0)
    cnn = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32, 3)).eval()
    X = np.random.default_rng(0).uniform(0, 1, (200, 64))
    lc = local_complexity(cnn, X, radius=0.05, seed=0, input_shape=(1, 8, 8))
    assert lc.total.shape == (200,) and set(lc.layer_sizes.values()) == {128, 32}
    # a radius large enough that every neighbourhood is cut counts more neurons
    assert local_complexity(cnn, X, radius=2.0, seed=0, input_shape=(1, 8, 8)).mean > lc.mean
    m = from_torch_model(cnn, input_shape=(1, 8, 8))
    counts = local_region_count(m, X[:2], radius=0.05, seed=0)
    assert counts.counts.shape == (2,) and (counts.counts >= 1).all() and not counts.partial


class _ResBlock(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        self.a = torch.nn.Conv2d(c, c, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(c)
        self.b = torch.nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x):
        return torch.relu(x + self.b(torch.relu(self.bn(self.a(x)))))


def test_torch_batched_path_equals_the_numpy_path_and_exact_signs():
    """The torch float path (all cross-polytope vertices in one batched forward) against the numpy float path
    and against exact arithmetic, on a residual CNN with BatchNorm, max- and average pooling."""
    nn = torch.nn
    torch.manual_seed(1)
    model = nn.Sequential(nn.Conv2d(1, 3, 3, padding=1, stride=2), _ResBlock(3), nn.MaxPool2d(2), nn.ReLU(),
                          nn.AvgPool2d(2), nn.Flatten(), nn.Linear(3, 4), nn.LeakyReLU(0.25), nn.Linear(4, 2)).eval()
    with torch.no_grad():
        model[1].bn.running_mean.uniform_(-0.1, 0.1)
        model[1].bn.running_var.fill_(4.0)                    # 1/sqrt(4 + eps) is not exact: a float64 note
    X = np.random.default_rng(2).uniform(0, 1, (30, 64))
    a = local_complexity(model, X, radius=0.2, seed=5, input_shape=(1, 8, 8), directions=4, backend="torch")
    b = local_complexity(model, X, radius=0.2, seed=5, input_shape=(1, 8, 8), directions=4, backend="numpy")
    assert set(a.per_layer) == set(b.per_layer) and len(a.per_layer) == 5
    for name in a.per_layer:
        assert (a.per_layer[name] == b.per_layer[name]).all(), name
    assert a.total.max() > 0
    e = local_complexity(model, X[:3], radius=0.2, seed=5, input_shape=(1, 8, 8), directions=4, exact=True)
    assert (e.total == a.total[:3]).all()
    # the torch forward is the model's own float64 forward
    from algnet.relu import from_torch_model
    from algnet.relu.model_torch import TorchModel

    m = from_torch_model(model, input_shape=(1, 8, 8))
    assert np.allclose(TorchModel(m).forward(X), m.forward(X), rtol=1e-12, atol=1e-12)
    with pytest.raises(ParameterError):
        local_complexity(model, X, radius=0.2, input_shape=(1, 8, 8), backend="cuda")
