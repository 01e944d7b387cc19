"""Exact random points shared by the tests of declared symmetries: parameters and inputs with small rational
entries, drawn from a seed."""

from fractions import Fraction

import numpy as np


def rational_point(net, seed):
    """``(parameters by name, X)``: the network's parameters as fractions a / b (|a| <= 9, 1 <= b <= 6) and 8
    inputs with entries a / b (|a| <= 5, 1 <= b <= 3), all from ``seed``."""
    rng = np.random.default_rng(seed)
    theta = [Fraction(int(a), int(b)) for a, b in zip(rng.integers(-9, 10, net.n_params),
                                                      rng.integers(1, 7, net.n_params))]
    X = [[Fraction(int(a), int(b)) for a, b in zip(rng.integers(-5, 6, net.n_inputs), rng.integers(1, 4, net.n_inputs))]
         for _ in range(8)]
    return net.unflatten(np.array(theta, dtype=object)), np.array(X, dtype=object)
