"""Wide networks: quantities known from the specification come without arrays of the parameters' size.

Truth: the degree of the outputs of ``dense d0-d1-...-dL r`` in the parameters is 1 + r + r^2 + ... + r^(L-1)
(hand computation: each layer multiplies the previous degree by r and adds one for its own weights), and the
values of DegreeBound.matmul are checked against the definition max_j (a_ij + b_jk) on small arrays.
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.core.backends import DegreeBound


def _no_big_arrays(monkeypatch, limit=10**6):
    real_ones, real_zeros = np.ones, np.zeros

    def guard(real):
        def make(shape, *a, **k):
            if int(np.prod(shape)) > limit:
                raise AssertionError(f"array of shape {shape} built")
            return real(shape, *a, **k)
        return make
    monkeypatch.setattr(np, "ones", guard(real_ones))
    monkeypatch.setattr(np, "zeros", guard(real_zeros))


@pytest.mark.parametrize("spec, degree", [("dense 10000-10000-1 r=2", 1 + 2),
                                          ("dense 3000-3000-3000-1 r=3", 1 + 3 + 9),
                                          ("dense 3-2-2-1 r=2", 7)])
def test_parameter_degree_of_wide_networks_without_dense_arrays(monkeypatch, spec, degree):
    net = parse_spec(spec)
    _no_big_arrays(monkeypatch)
    assert net.parameter_degree() == degree


def test_degree_matmul_matches_its_definition():
    rng = np.random.default_rng(1)
    B = DegreeBound()
    for shape_a, shape_b in [((4, 7), (7, 3)), ((2, 5, 6), (6, 2)), ((3, 9), (2, 9, 4))]:
        a = rng.integers(0, 5, shape_a).astype(float)
        b = rng.integers(0, 5, shape_b).astype(float)
        want = np.max(a[..., :, :, None] + b[..., None, :, :], axis=-2)
        old = B.CHUNK
        try:
            B.CHUNK = 5                                 # many chunks
            assert np.array_equal(B.matmul(a, b), want)
        finally:
            B.CHUNK = old
        ua = np.broadcast_to(np.float64(2.0), shape_a)  # a constant operand, not expanded
        assert np.array_equal(B.matmul(ua, b), np.max(np.full(shape_a, 2.0)[..., :, :, None] + b[..., None, :, :],
                                                        axis=-2))
        ub = np.broadcast_to(np.float64(3.0), shape_b)
        assert np.array_equal(B.matmul(a, ub), np.max(a[..., :, :, None] + np.full(shape_b, 3.0)[..., None, :, :],
                                                        axis=-2))
