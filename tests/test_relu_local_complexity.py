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
    assert counts.shape == (2,) and (counts >= 1).all()
