"""Two hidden layers: gradients, reproducibility, and the features of each layer.

Truths used: central finite differences of the loss (both variants), the
gauge W1 -> A W1, W2 -> W2 A^-1 of the linear middle (the model depends on
W2 W1 only), and the one-layer observation (pentagon for n=5 in 2 dimensions)
for the composite features.
"""

import numpy as np
import pytest

from algnet.errors import ParameterError
from algnet.superposition.toy import sample_sparse
from algnet.superposition.two_layer import layer_decompositions, train_two_layer, two_layer_grads


@pytest.mark.parametrize("relu_middle", [False, True])
def test_gradients_match_finite_differences(relu_middle):
    rng = np.random.default_rng(0)
    n, m1, m2 = 5, 3, 2
    W1, W2, b = rng.normal(size=(m1, n)), rng.normal(size=(m2, m1)), rng.normal(size=n) * 0.1
    c = rng.normal(size=m1) * 0.1 if relu_middle else None
    X = sample_sparse(rng, np.full(n, 0.5), 64)
    I = rng.random(n) + 0.5
    extra = (c,) if relu_middle else ()
    _, *grads = two_layer_grads(W1, W2, b, X, I, *extra)
    params = [W1, W2, b] + list(extra)
    e = 1e-6
    for k, P in enumerate(params):
        for idx in np.ndindex(P.shape):
            plus = [p.copy() for p in params]
            minus = [p.copy() for p in params]
            plus[k][idx] += e
            minus[k][idx] -= e
            num = (two_layer_grads(*plus[:3], X, I, *plus[3:])[0] - two_layer_grads(*minus[:3], X, I, *minus[3:])[0])
            assert grads[k][idx] == pytest.approx(num / (2 * e), abs=1e-5)


def test_linear_middle_depends_on_the_composite_only():
    rng = np.random.default_rng(1)
    W1, W2, b = rng.normal(size=(3, 5)), rng.normal(size=(2, 3)), np.zeros(5)
    A = rng.normal(size=(3, 3))
    X = sample_sparse(rng, np.full(5, 0.7), 50)
    I = np.ones(5)
    l1 = two_layer_grads(W1, W2, b, X, I)[0]
    l2 = two_layer_grads(A @ W1, W2 @ np.linalg.inv(A), b, X, I)[0]
    assert l1 == pytest.approx(l2, rel=1e-10)


def test_two_layer_training_and_decompositions():
    r1 = train_two_layer(5, 3, 2, sparsity=0.9, steps=3000, seed=0)
    r2 = train_two_layer(5, 3, 2, sparsity=0.9, steps=3000, seed=0)
    assert (r1.W1 == r2.W1).all() and (r1.W2 == r2.W2).all() and r1.seed == 0
    d = layer_decompositions(r1)
    assert d["composite"].name == "pentagon"        # the one-layer model's answer for W2 W1
    assert r1.as_dict()["middle"] == "linear" and not r1.evidence.certified
    r = train_two_layer(5, 3, 2, sparsity=0.9, steps=300, seed=0, middle="relu")
    assert r.c.shape == (3,) and np.isfinite(r.final_loss)
    with pytest.raises(ParameterError, match="middle"):
        train_two_layer(5, 3, 2, middle="tanh")
