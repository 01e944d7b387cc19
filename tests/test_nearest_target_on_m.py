"""A target that is itself a point of M is its own nearest point (distance 0), even where the critical points of
the distance collide there and paths fail.

Truth (Eckart-Young): for linear 3-2-3, M is the 3 x 3 matrices of rank <= 2 and the nearest point of M to a
matrix of rank <= 2 is that matrix; a rank-one matrix lies on the rank-one stratum (widths 3-1-3)."""

import numpy as np

from algnet import parse_spec
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.nearest import NearestPointSolver


def test_an_exact_rank_one_target_is_its_own_nearest_point():
    net, L, rng = network_and_loss(parse_spec("linear 3-2-3"))
    solver = NearestPointSolver(net, L, rng)
    targets = [np.outer([1.0, 2.0, 3.0], [1.0, -1.0, 2.0]).ravel(),
               np.outer([2.0, -1.0, 1.0], [3.0, 1.0, -2.0]).ravel()]
    out = solver.nearest(targets)
    for u, got, why in zip(targets, out, solver.reasons):
        assert why is None and got is not None, why
        label, dist, y, theta = got
        assert dist <= 1e-12 * (1 + u @ u)
        assert np.allclose(y, u, atol=1e-9 * (1 + np.abs(u).max()))
        assert "3-1-3" in label                                   # the rank-one stratum
