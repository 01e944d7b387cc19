"""Landing probabilities of ``voronoi`` and their confidence intervals, against second methods.

The cusp y^2 = x^3, parametrized by t -> (t^2, t^3): for a target u = (a, b),
|mu(t) - u|^2 - |mu(0) - u|^2 = t^2 (t^4 + t^2 - 2 b t - 2 a), so the cusp is the nearest point exactly when
2 a <= m(b) = min_t (t^4 + t^2 - 2 b t) (the minimum is at the one real root of 4 t^3 + 2 t = 2 b). For
a, b ~ N(0, 1) independent, P(cusp) = integral phi(b) Phi(m(b) / 2) db = 0.3888 (quadrature below).
The interval stated in the documentation is the 95% Wilson score interval: the p with
(p_hat - p)^2 <= z^2 p (1 - p) / n, here the roots of that quadratic, computed independently.
"""

from math import erf, sqrt

import numpy as np
import pytest

from algnet.analyses.critical.voronoi import NearestPointSolver, voronoi, wilson_interval
from algnet.architectures.polymap import parametrization

CUSP = ["t^2", "t^3"]


def _m(b):
    """m(b) = min_t t^4 + t^2 - 2 b t (vectorized): Newton on 4 t^3 + 2 t - 2 b (increasing in t)."""
    b = np.asarray(b, dtype=float)
    t = np.cbrt(b / 2)
    for _ in range(60):
        t = t - (4 * t ** 3 + 2 * t - 2 * b) / (12 * t * t + 2)
    return t ** 4 + t * t - 2 * b * t


def _cusp_probability():
    B = np.linspace(-9.0, 9.0, 18001)
    Phi = np.array([0.5 * (1 + erf(x / 2 / sqrt(2))) for x in _m(B)])
    f = np.exp(-B * B / 2) / sqrt(2 * np.pi) * Phi
    return float(np.sum((f[1:] + f[:-1]) / 2) * (B[1] - B[0]))


def _wilson_by_roots(k, n, z=1.96):
    ph = k / n
    # (1 + z^2/n) p^2 - (2 ph + z^2/n) p + ph^2 = 0
    lo, hi = sorted(np.roots([1 + z * z / n, -(2 * ph + z * z / n), ph * ph]).real)
    return lo, hi


def test_the_quadrature_truth():
    p = _cusp_probability()
    assert abs(p - 0.3888) < 5e-4
    rng = np.random.default_rng(0)                   # and a plain Monte Carlo of the same criterion 2a <= m(b)
    U = rng.normal(size=(4000, 2))
    mc = np.mean(2 * U[:, 0] <= _m(U[:, 1]))
    assert abs(mc - p) < 4 * sqrt(p * (1 - p) / 4000)


@pytest.mark.parametrize("k, n", [(0, 10), (3, 10), (27, 64), (64, 64), (61, 160)])
def test_wilson_interval_is_the_score_interval(k, n):
    assert np.allclose(wilson_interval(k, n), _wilson_by_roots(k, n), atol=1e-12)


def test_cusp_landing_probability_interval_contains_the_truth():
    r = voronoi(parametrization(CUSP), samples=96, seed=11)
    kept = r.samples - r.dropped
    assert kept >= 90
    k = r.counts.get("origin", 0)
    assert sum(r.counts.values()) == kept
    assert np.allclose(r.intervals["origin"], _wilson_by_roots(k, kept), atol=1e-12)
    lo, hi = r.intervals["origin"]
    assert lo <= _cusp_probability() <= hi
    assert abs(r.probabilities["origin"] - k / kept) < 1e-15


def test_cusp_landings_target_by_target():
    """The solver's verdict per target against the criterion 2 a <= m(b) (hand-derived, module doc)."""
    from algnet.analyses.critical.loss import make_loss

    net = parametrization(CUSP)
    rng = np.random.default_rng(4)
    s = NearestPointSolver(net, make_loss(net, "frobenius", rng=rng), rng)
    U = rng.normal(size=(48, 2))
    got = s.nearest(U)
    for (a, b), r in zip(U, got):
        assert r is not None
        at_cusp = bool(np.max(np.abs(r[2])) < 1e-9)
        assert at_cusp == (2 * a <= _m(b)), (a, b, r[:3])
        assert (r[0] == "origin") == at_cusp


def test_nodal_cubic_node_is_never_the_nearest_point():
    """y^2 = x^2 (x + 1), t -> (t^2 - 1, t^3 - t), node at t = +-1: its Voronoi cell is the node alone (the
    normal lines of the two branches meet only there), so its landing probability is 0. Second method: the
    distance by direct minimisation over a fine grid of the real curve (then golden-section refinement)
    for 300 targets: the solver's nearest distance matches, and neither method lands on the node."""
    from algnet.analyses.critical.loss import make_loss

    net = parametrization(["t^2 - 1", "t^3 - t"])
    rng = np.random.default_rng(6)
    s = NearestPointSolver(net, make_loss(net, "frobenius", rng=rng), rng)
    U = rng.normal(size=(300, 2))
    got = s.nearest(U)
    ts = np.linspace(-4.0, 4.0, 16001)
    X, Y = ts * ts - 1, ts ** 3 - ts
    for u, r in zip(U, got):
        assert r is not None
        d2 = (X - u[0]) ** 2 + (Y - u[1]) ** 2
        i = int(np.argmin(d2))
        lo, hi = ts[max(i - 1, 0)], ts[min(i + 1, len(ts) - 1)]
        f = lambda t: (t * t - 1 - u[0]) ** 2 + (t ** 3 - t - u[1]) ** 2
        for _ in range(80):
            m1, m2 = lo + 0.382 * (hi - lo), lo + 0.618 * (hi - lo)
            lo, hi = (lo, m2) if f(m1) < f(m2) else (m1, hi)
        t_best = 0.5 * (lo + hi)
        assert abs(r[1] - f(t_best)) <= 1e-7 * (1 + f(t_best))
        assert abs(abs(t_best) - 1) > 1e-4                                  # brute force: not the node
        assert np.max(np.abs(r[2])) > 1e-6                                  # solver: not the node
