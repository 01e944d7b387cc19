"""GL of the stream through a last block of several linear layers, x + W_k ... W_1 x = (1 + W) x: by hand f = (1 + W) A
x is any linear map (A is), so dim M = n m and the fiber has dimension N - n m: the GL of the stream (A -> M A,
(1 + W) -> (1 + W) M^-1, W any matrix when the block's widths are at least n) beside GL inside the block. Checked
against the exact Jacobian (the declared tangents lie in its kernel) and the hand dimension, and the fiber modulo
both is one point (pinning A fixes M, pinning W_1 the block's GL; W_2 is then (F A^-1 - 1) W_1^-1)."""

from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.dimension import dimension
from algnet.analyses.fibers import identifiability
from algnet.core.backends import Exact

CASES = [("layers Linear(2, 2), Residual([Linear(2, 2), Linear(2, 2)])", 4),
         ("layers Linear(2, 2), Residual([Linear(2, 3), Linear(3, 2)])", 4),
         ("layers Linear(2, 3), Residual([Linear(3, 3), Linear(3, 4), Linear(4, 3)])", 6)]


@pytest.mark.parametrize("spec, dim_m", CASES)
def test_declared_symmetries_fill_the_fiber(spec, dim_m):
    net = parse_spec(spec)
    rng = np.random.default_rng(0)
    th = np.array([Fraction(int(a), int(b)) for a, b in zip(rng.integers(-9, 10, net.n_params),
                                                            rng.integers(1, 5, net.n_params))], dtype=object)
    X = np.array([[Fraction(int(v)) for v in rng.integers(-5, 6, net.n_inputs)] for _ in range(3)], dtype=object)
    T = np.asarray(net.symmetry_tangents(th, backend=Exact()), dtype=object)
    J = net.jacobian(th, X, backend=Exact())
    assert not np.any(J.dot(T.T) != 0)
    d = dimension(spec, seed=0)
    assert d.dimension == dim_m
    assert d.fiber_dimension == d.symmetry_dimension == net.n_params - dim_m


def test_the_fiber_modulo_both_groups_is_one_point():
    r = identifiability(CASES[0][0], seed=0)
    assert r.identifiable_up_to_dimension and (r.fiber_count, r.count_status, r.points_per_orbit) == (1, "exact", 1)
