"""Nearest points on the boundary of a semialgebraic neuromanifold M_R = mu(R^n), against hand computations.

The quadrant map mu(a, b) = (a^2, b^2) has the closed quadrant Q = [0, inf)^2 as real image, while its Zariski
closure is all of R^2. The nearest point of Q to u is (max(u1, 0), max(u2, 0)) (the distance splits into the two
coordinates, each minimized over [0, inf)), at squared distance min(u1, 0)^2 + min(u2, 0)^2. So a target in the open
first quadrant is its own nearest point (the smooth part), a target with exactly one negative coordinate lands on an
axis (the image of a = 0 or b = 0, where d mu = diag(2a, 2b) drops rank), and a target in the open third quadrant
lands on the vertex 0 = mu(0). For u ~ N(0, I) the two signs are independent fair coins: the landing probabilities
are exactly 1/4, 1/2, 1/4. The real critical point u of the distance to the closure R^2 is not a point of Q when a
coordinate is negative: the previous solver answered the origin there (its only other candidate).

Voronoi cells of Q: the cell of the vertex is {u <= 0} (the polar cone of Q: the closed third quadrant), of
dimension 2; the cell of an axis point (c, 0), c > 0, is {(c, s) : s <= 0}, a ray, of dimension 1; the cell of an
interior point is the point itself (dimension 0 = codim).
"""

from math import erf, sqrt

import numpy as np
import pytest

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.nearest import BOUNDARY, TOP, NearestPointSolver
from algnet.analyses.critical.voronoi import voronoi
from algnet.architectures.polymap import parametrization

QUADRANT = ["a^2", "b^2"]


def _quadrant_truth(u):
    """(label, squared distance, nearest point) by the hand computation of the module doc."""
    y = np.maximum(u, 0.0)
    neg = int(np.sum(u < 0))
    return (TOP, BOUNDARY, "origin")[neg], float(np.sum(np.minimum(u, 0.0) ** 2)), y


def test_quadrant_nearest_points_target_by_target():
    net, L, rng = network_and_loss(parametrization(QUADRANT), seed=3)
    s = NearestPointSolver(net, L, rng)
    U = np.random.default_rng(5).normal(size=(24, 2))
    got = s.nearest(U)
    assert s.reasons == [None] * 24
    for u, (label, dist, y, theta) in zip(U, got):
        want_label, want_dist, want_y = _quadrant_truth(u)
        assert label == want_label
        assert abs(dist - want_dist) <= 1e-9 * (1 + u @ u)
        assert np.allclose(y, want_y, atol=1e-9)
        assert np.isrealobj(theta) and np.allclose(theta ** 2, want_y, atol=1e-9)     # real weights reach y


def test_quadrant_landing_probabilities_are_a_quarter_a_half_a_quarter():
    r = voronoi(parametrization(QUADRANT), samples=200, seed=2)
    assert r.dropped == 0 and sum(r.counts.values()) == 200
    assert set(r.counts) <= {TOP, BOUNDARY, "origin"}
    for label, p in ((TOP, 0.25), (BOUNDARY, 0.5), ("origin", 0.25)):
        lo, hi = r.intervals[label]
        assert lo <= p <= hi, (label, r.counts)
    assert "rank drop" in r.method


@pytest.mark.parametrize("point, dim", [([0.0, 0.0], 2), ([0.0, -1.5], 1), ([1.0, 1.0], 0)])
def test_quadrant_cell_dimensions(point, dim):
    r = voronoi(parametrization(QUADRANT), point=point, samples=0, seed=4)
    assert r.point_dimension == dim


def _phi(x):
    return 0.5 * (1 + erf(x / sqrt(2)))


def test_a_folded_line_lands_on_its_end_point():
    """mu(t) = (s, s) with s = t^2 + 2 t = (t + 1)^2 - 1: the real image is the ray {s (1, 1) : s >= -1} of the line
    y1 = y2, whose real points with s < -1 are not reached. The nearest point of the ray to u is max(p, -1) (1, 1),
    p = (u1 + u2) / 2 (projection on the line, then clamped to the ray); it is the end point (-1, -1), the image of
    t = -1 where mu' = 0, exactly when p < -1: for u ~ N(0, I), p ~ N(0, 1/2) and P = Phi(-sqrt 2) = 0.0786.
    The target (-3, -2) has p = -2.5: nearest point (-1, -1) at squared distance 4 + 1 = 5 (the origin, the
    previous answer, is at 13)."""
    net, L, rng = network_and_loss(parametrization(["t^2 + 2*t", "t^2 + 2*t"]), seed=0)
    s = NearestPointSolver(net, L, rng)
    label, dist, y, theta = s.nearest([[-3.0, -2.0]])[0]
    assert label == BOUNDARY and abs(dist - 5.0) <= 1e-9 and np.allclose(y, [-1.0, -1.0], atol=1e-9)
    assert abs(theta[0] + 1.0) <= 1e-6
    U = np.random.default_rng(1).normal(size=(16, 2)) * 1.5
    for u, (label, dist, y, theta) in zip(U, s.nearest(U)):
        p = max(0.5 * (u[0] + u[1]), -1.0)
        assert np.allclose(y, [p, p], atol=1e-8) and abs(dist - np.sum((u - p) ** 2)) <= 1e-8
        assert label == (BOUNDARY if p == -1.0 else TOP)
    r = voronoi(net, samples=300, seed=3)
    lo, hi = r.intervals.get(BOUNDARY, (0.0, 1.0))
    assert r.dropped == 0 and lo <= _phi(-sqrt(2)) <= hi


def test_a_parabola_arc_against_a_brute_force_search():
    """mu(t) = (s, s^2), s = t^2 + 2 t >= -1: the arc of the parabola y2 = y1^2 over [-1, inf). The nearest point
    to u minimizes (s - u1)^2 + (s^2 - u2)^2 over s >= -1: against a dense grid refined by golden-section search
    (a second method). Targets to the left of the arc land on its end point (-1, 1) (label boundary). The target
    (1, 2) is avoided: its critical point s = -1 of the distance to the whole parabola (a root of
    2 s^3 - 3 s - 1) sits at the fold t = -1, a singular endpoint (a measure-zero target, dropped and counted)."""
    net, L, rng = network_and_loss(parametrization(["t^2 + 2*t", "(t^2 + 2*t)^2"]), seed=0)
    s = NearestPointSolver(net, L, rng)
    U = np.array([[-2.5, 0.5], [-2.0, 2.0], [-3.0, 1.0], [0.5, 0.1], [1.0, 2.3], [-0.5, -1.0]])

    def d(v, u):
        return (v - u[0]) ** 2 + (v * v - u[1]) ** 2

    for u, (label, dist, y, theta) in zip(U, s.nearest(U)):
        grid = np.linspace(-1.0, 4.0, 50001)
        i = int(np.argmin(d(grid, u)))
        a, b = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
        for _ in range(80):
            m1, m2 = a + 0.382 * (b - a), a + 0.618 * (b - a)
            a, b = (a, m2) if d(m1, u) < d(m2, u) else (m1, b)
        best = min(d(0.5 * (a + b), u), d(-1.0, u))
        assert abs(dist - best) <= 1e-8
        assert (label == BOUNDARY) == bool(abs(y[0] + 1.0) <= 1e-9)
        assert abs(theta[0] ** 2 + 2 * theta[0] - y[0]) <= 1e-8                   # real weights reach y


def test_linear_network_has_no_isolated_rank_drop_critical_point():
    """linear 2-1-2, mu(a, b) = b a^T: d mu has rank 3 = dim M unless a = 0 or b = 0; at a = 0, grad_a L =
    -2 U^T b vanishes only at b = 0 (U invertible), so the only critical point with a rank drop is theta = 0,
    on a positive-dimensional fiber (not an isolated point of a random slice). The nearest points (Eckart-Young)
    are unchanged: tests/test_critical_voronoi.py. (The search runs without the strata; with them it is not
    needed: tests/test_critical_voronoi_linear_strata.py.)"""
    net, L, rng = network_and_loss("linear 2-1-2", seed=1)
    s = NearestPointSolver(net, L, rng, strata=False)
    # homotopies of 27 paths each: two that agree, and one at a second target with the same count
    assert s.boundary.points.shape[0] == 0 and s.boundary.complete and s.boundary.paths == 3 * 27


def test_boundary_search_above_its_path_cap_is_reported():
    from algnet.analyses.critical.rankdrop import rank_drop_points
    from algnet.analyses.critical.system import gradient_family

    net, L, rng = network_and_loss(parametrization(QUADRANT), seed=0)
    fam = gradient_family(net, L, rng, 2)
    r = rank_drop_points(fam, np.array([0.5 + 1j, -1.0 + 0.3j]), rng, 2, max_paths=8)
    assert r.paths == 0 and not r.complete and "not searched" in r.note and "9 paths" in r.note
