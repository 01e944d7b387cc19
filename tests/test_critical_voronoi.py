"""Voronoi cells of hand-computed curves, and landing probabilities against Eckart-Young."""

import pytest

from algnet.analyses.critical.voronoi import voronoi, wilson_interval
from algnet.architectures.polymap import parametrization
from algnet.errors import ParameterError


def test_cusp_cell_is_two_dimensional():
    # y^2 = x^3 at the cusp: M near 0 lies in the half-plane x >= 0 and is tangent to the x-axis, so every
    # target (a, b) with a < 0 close to 0 has the cusp as its nearest point: an open set
    r = voronoi(parametrization(["t^2", "t^3"]), point=[0], samples=0, seed=3)
    assert r.point_dimension == 2


def test_smooth_point_of_a_plane_curve_is_a_segment():
    r = voronoi(parametrization(["t^2", "t^3"]), point=[1], samples=0, seed=3)
    assert r.point_dimension == 1 and r.codimension == 1


def test_node_of_the_nodal_cubic_is_a_point():
    # y^2 = x^2 (x + 1) at t = +-1: two smooth branches cross transversally at 0; a target near the node is
    # closer to one of the branches than to the node (its projection on the branch's tangent), so the
    # cell is the node alone
    r = voronoi(parametrization(["t^2 - 1", "t^3 - t"]), point=[1], samples=0, seed=3)
    assert r.point_dimension == 0


def test_rank_one_matrices_smooth_point():
    # 2x2 matrices of rank <= 1: a quadric cone in R^4, codimension 1 at its smooth points
    r = voronoi("linear 2-1-2", point=[1.0, 2.0, -1.0, 0.5], samples=0, seed=2)
    assert r.point_dimension == 1


def test_eckart_young_never_lands_on_the_origin():
    # the nearest matrix of rank <= 1 to a nonzero target is its truncated SVD (Eckart-Young): never 0
    r = voronoi("linear 2-1-2", samples=24, seed=5)
    assert "origin" not in r.counts
    assert r.samples == 24 and sum(r.counts.values()) + r.dropped == 24
    lo, hi = r.intervals["smooth (top stratum)"]
    assert lo <= r.probabilities["smooth (top stratum)"] == 1.0 <= hi + 1e-12


def test_wilson_interval_hand_values():
    # p = 0.25, n = 20, z = 1.96: center (0.25 + 0.096) / 1.192, half-width 1.96 sqrt(0.009375 + 0.0024) / 1.192
    lo, hi = wilson_interval(5, 20)
    assert abs(lo - 0.1119) < 1e-3 and abs(hi - 0.4687) < 1e-3


def test_bad_input():
    with pytest.raises(ParameterError):
        voronoi("linear 2-1-2", point=[1.0, 2.0], samples=0, seed=0)
    with pytest.raises(ParameterError, match="stratum"):
        voronoi("linear 2-1-2", stratum="nonsense", samples=0, seed=0)


def _solver(net, seed):
    import numpy as np

    from algnet.analyses.critical.loss import make_loss
    from algnet.analyses.critical.voronoi import NearestPointSolver
    from algnet.analyses.network_input import as_network

    rng = np.random.default_rng(seed)
    net = as_network(net)
    return NearestPointSolver(net, make_loss(net, "frobenius", rng=rng), rng), rng


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_nearest_point_is_the_eckart_young_truncation(seed):
    # 2 x 2 matrices of rank <= 1 (linear 2-1-2): the nearest one to U is its truncated SVD, at squared
    # distance sigma_2^2 (Eckart-Young); no target is dropped
    import numpy as np

    s, rng = _solver("linear 2-1-2", seed)
    U = rng.normal(size=(12, 4))
    got = s.nearest(U)
    assert all(r is not None for r in got) and s.reasons == [None] * 12
    for u, (label, dist, y, theta) in zip(U, got):
        A = u.reshape(2, 2)
        P, sv, Vt = np.linalg.svd(A)
        assert abs(dist - sv[1] ** 2) <= 1e-8 * (1 + sv[0] ** 2)
        assert np.allclose(y.reshape(2, 2), sv[0] * np.outer(P[:, 0], Vt[0]), atol=1e-8)
        assert np.isrealobj(theta) and np.allclose(np.outer(theta[2:], theta[:2]), y.reshape(2, 2), atol=1e-8)


def _brute_force(curve, u):
    """Least squared distance from u to the real points of a plane curve t -> (x(t), y(t)) (a grid, refined
    by golden-section search around the best grid points: a second method, no homotopy)."""
    import numpy as np

    def d(t):
        x, y = curve(t)
        return (x - u[0]) ** 2 + (y - u[1]) ** 2

    ts = np.linspace(-4, 4, 40001)
    vals = d(ts)
    best = np.inf
    for i in np.argsort(vals)[:20]:
        a, b = ts[max(i - 1, 0)], ts[min(i + 1, len(ts) - 1)]
        for _ in range(80):
            m1, m2 = a + 0.382 * (b - a), a + 0.618 * (b - a)
            a, b = (a, m2) if d(m1) < d(m2) else (m1, b)
        best = min(best, d(0.5 * (a + b)))
    return best


@pytest.mark.parametrize("polys, curve", [
    (["t^2 - 1", "t^3 - t"], lambda t: (t * t - 1, t ** 3 - t)),        # a node at t = +-1
    (["t^2", "t^3"], lambda t: (t * t, t ** 3)),                        # a cusp at t = 0
    (["t^2 + 1", "t^3 + t"], lambda t: (t * t + 1, t ** 3 + t)),        # an isolated real node at t = +-i
])
def test_nearest_real_point_against_a_brute_force_search(polys, curve):
    """The nearest point is the real critical point of least distance among all that real weights reach:
    against a dense search over real t. The curve y^2 = x^2 (x - 1) has an isolated real node at the origin
    (the image of t = +-i): real weights never reach it, so targets near it land on the branch x >= 1."""
    import numpy as np

    s, rng = _solver(parametrization(polys), 4)
    U = 0.3 * rng.normal(size=(10, 2))
    got = s.nearest(U)
    assert all(r is not None for r in got)
    for u, (label, dist, y, theta) in zip(U, got):
        assert abs(dist - _brute_force(curve, u)) <= 1e-7
        assert np.allclose(curve(float(theta[0])), y, atol=1e-8)          # a real parameter reaches y
        if polys[0] == "t^2 + 1":
            assert y[0] >= 1 - 1e-9                                       # never the isolated node


def test_dropped_targets_are_counted_with_their_reasons():
    r = voronoi("linear 2-1-2", samples=16, seed=7)
    assert r.dropped == sum(r.dropped_reasons.values())
    assert sum(r.counts.values()) + r.dropped == r.samples == 16
    assert r.as_dict()["dropped_reasons"] == r.dropped_reasons


def test_every_real_quadratic_form_is_its_own_nearest_point():
    """dense 2-2-1 r=2: f = a (w1 . x)^2 + b (w2 . x)^2 reaches every real binary quadratic form with real
    weights (diagonalize it: +-(l1)^2 +- (l2)^2), so the nearest point of M to a target is the target itself,
    at distance 0, on the top stratum (the rank <= 1 forms have measure zero). The pinned real charts of the
    previous release put 15 of 18 kept targets on the rank-one stratum here (a chart whose pinned weights have
    the wrong signs has no real point for an indefinite form) and dropped 14 of 32."""
    import numpy as np

    from algnet import parse_spec

    s, rng = _solver(parse_spec("dense 2-2-1 r=2"), 0)
    U = rng.normal(size=(12, 3))
    got = s.nearest(U)
    kept = [(u, r) for u, r in zip(U, got) if r is not None]
    assert len(kept) >= 10
    for u, (label, dist, y, theta) in kept:
        assert label == "smooth (top stratum)" and dist <= 1e-12 * (1 + u @ u) and np.allclose(y, u, atol=1e-8)
        W1, w2 = theta[:4].reshape(2, 2), theta[4:]
        Z = np.random.default_rng(1).normal(size=(5, 2))             # f at random inputs, by hand
        f = (Z @ W1.T) ** 2 @ w2
        c = u                                                         # coefficients of x0^2, x0 x1, x1^2
        assert np.allclose(f, c[0] * Z[:, 0] ** 2 + c[1] * Z[:, 0] * Z[:, 1] + c[2] * Z[:, 1] ** 2, atol=1e-8)
