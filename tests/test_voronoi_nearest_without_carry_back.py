"""The nearest point to a target next to a rank-one 3 x 3 matrix (linear 3-2-3, Frobenius): Eckart-Young, without
bringing each rescued endpoint back to the first slice.

Such targets have singular values (s1, ~eps, ~eps): two of the three rank-two critical images are about 1000 times
smaller than those of the generic start, their slice representatives run off, and each path was rescued on fresh
charts and then carried back to the slice (:func:`~algnet.analyses.critical.rechart.move_to_slice`): 517 of 588 s of
``algnet voronoi "linear 3-2-3" --stratum "widths 3-1-3"``. The nearest point needs the image and a parameter point
only; the carrying back is no longer done (here it would raise). The truth: the nearest matrix of rank <= 2 to U is
its truncation, at squared distance s3(U)^2.
"""

import numpy as np

from algnet.analyses.critical import rechart
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.nearest import TOP, NearestPointSolver


def test_targets_next_to_a_rank_one_matrix(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("an endpoint was carried back to the first slice")

    monkeypatch.setattr(rechart, "move_to_slice", refuse)
    net, L, rng = network_and_loss("linear 3-2-3", loss="frobenius", seed=0)
    solver = NearestPointSolver(net, L, rng, strata=False, boundary=False)
    g = np.random.default_rng(7)
    x = np.outer(g.normal(size=3), g.normal(size=3))
    U = np.array([(x + 1e-3 * g.normal(size=(3, 3))).ravel() for _ in range(2)])
    found = solver.nearest(U)
    for u, r in zip(U, found):
        assert r is not None and r[0] == TOP
        s = np.linalg.svd(u.reshape(3, 3), compute_uv=False)
        assert abs(r[1] - s[2] ** 2) <= 1e-9 * (1 + s[2] ** 2)
