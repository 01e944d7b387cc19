"""Small piecewise-linear models shared by the ReLU time-guard tests."""

import numpy as np

from algnet.relu.model import PLModel


def deep_relu_model(n0, h, seed=0, hidden=2):
    """ReLU n0-h-...-h-1 (``hidden`` layers) with random rational weights, the later hidden layers without bias
    (the forward-mode route)."""
    rng = np.random.default_rng(seed)

    def r(*shape):
        return [[f"{int(v)}/64" for v in row] for row in rng.integers(-64, 65, shape)]

    m = PLModel.from_layers([(r(h, n0), r(1, h)[0])] + [(r(h, h), [0] * h)] * (hidden - 1) + [(r(1, h), [0])])
    for j in range(1, hidden):
        m.nodes[2 * j + 1].op.has_bias = False
    return m
