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


def max_of_affine(rows):
    """Model (x, y) -> max_i (a_i x + b_i y + c_i) built by hand: Affine then one max-pool window."""
    from algnet.relu.model import Affine, MaxPool, Node, fractions_array

    W = fractions_array([[r[0], r[1]] for r in rows])
    b = fractions_array([r[2] for r in rows])
    k = len(rows)
    nodes = [Node(None, (), (2,), "input"),
             Node(Affine(np.arange(2).reshape(1, 1, 2), W.reshape(1, k, 2), b), (0,), (k,), "affine"),
             Node(MaxPool(np.arange(k).reshape(1, k)), (1,), (1,), "max")]
    return PLModel(nodes, "hand-made")
