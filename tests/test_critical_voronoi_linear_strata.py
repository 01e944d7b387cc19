"""The nearest point of a linear network's neuromanifold against Eckart-Young, with the boundary search replaced by
the strata (Trager-Kohn-Bruna): complete answers where the total-degree boundary search is above its cap."""

import numpy as np

from algnet import parse_spec
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.nearest import TOP, NearestPointSolver


def _truncation(U, k):
    A, s, Bt = np.linalg.svd(U)
    return (A[:, :k] * s[:k]) @ Bt[:k], float(np.sum(s[k:] ** 2))


def test_linear_3_2_3_nearest_points_are_the_eckart_young_truncations():
    """linear 3-2-3 (3 x 3 matrices of rank <= 2): the boundary search has 3^8 = 6561 paths, above its cap of 4096,
    so every sampling was incomplete. The strata cover the rank-drop locus, so the solver is complete; its nearest
    point to each target is the rank-2 truncation of the SVD at squared distance sigma_3^2 (Eckart-Young, numpy's
    SVD as the second method), including a target next to a rank-one matrix (sigma_2, sigma_3 ~ 1e-2)."""
    net, L, rng = network_and_loss("linear 3-2-3", "frobenius", seed=0)
    solver = NearestPointSolver(net, L, rng)
    assert solver.complete and solver.boundary.complete and solver.boundary.paths == 0
    g = np.random.default_rng(7)
    a, b = g.normal(size=3), g.normal(size=3)
    U = [g.normal(size=(3, 3)) for _ in range(3)]
    U.append(np.outer(a, b) + 1e-2 * g.normal(size=(3, 3)))      # next to a rank-one matrix
    out = solver.nearest(np.array([u.ravel() for u in U]))
    for u, r in zip(U, out):
        assert r is not None
        label, dist, y, theta = r
        Y, d = _truncation(u, 2)
        assert label == TOP
        assert abs(dist - d) <= 1e-8 * (1 + d)
        assert np.abs(y.reshape(3, 3) - Y).max() <= 1e-6 * (1 + np.abs(Y).max())
        W1, W2 = np.asarray(theta, dtype=float)[:6].reshape(2, 3), np.asarray(theta, dtype=float)[6:].reshape(3, 2)
        assert np.abs(W2 @ W1 - Y).max() <= 1e-6 * (1 + np.abs(Y).max())        # real weights reach it


def test_which_networks_skip_the_boundary_search():
    """Only linear networks without biases whose strata hold every lower rank are covered; a power activation has
    real boundary points no stratum gives ((w . x)^2 reaches only the squares of one sign times w2)."""
    from algnet.analyses.critical.boundary_estimate import boundary_search_estimate, strata_cover_boundary

    assert strata_cover_boundary(parse_spec("linear 3-2-2-3")) is not None
    assert strata_cover_boundary(parse_spec("linear 3-3-3")) is not None        # ranks 1 and 2 are strata
    assert strata_cover_boundary(parse_spec("dense 3-2-3 r=1")) is not None     # the same map
    assert strata_cover_boundary(parse_spec("dense 3-2-3 r=2")) is None
    assert strata_cover_boundary(parse_spec("linear 3-2-3 bias")) is None
    e = boundary_search_estimate(parse_spec("linear 3-2-3"), strata=False)    # without the strata: the search
    assert e.searched is False and e.total_degree == 3.0 ** 8


def test_an_incomplete_sampling_says_which_piece_and_why():
    """Without the strata the boundary search is needed and skipped (3^8 paths above the cap of 4096): the partial
    reason names it (it said only 'a trace test or the boundary search did not complete')."""
    from algnet.analyses.critical import voronoi

    r = voronoi("linear 3-2-3", samples=2, seed=0, strata=False)
    assert r.partial and "3^8 = 6561 paths" in r.partial_reason and "nearer point may be missing" in r.partial_reason
