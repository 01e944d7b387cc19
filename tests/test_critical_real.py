"""Real critical images and the real weights behind them (``real_parameters``).

Truth is hand-derived in each test: which real points of the image are reached by real parameters,
the critical points of L in one or two variables, and their Hessians.
"""

import numpy as np
import pytest

from algnet.analyses.critical import critical_points
from algnet.analyses.critical.loss import make_loss
from algnet.analyses.critical.realfiber import RealFiberSearch
from algnet.architectures.polymap import parametrization


def _pure(r):
    (p,) = [p for p in r.points if p.pure]
    return p


@pytest.mark.parametrize("u, reached", [(-2.0, False), (2.0, True)])
def test_a_square_reaches_no_negative_coefficient(u, reached):
    """mu(t) = t^2, l(c) = (c - u)^2: L(t) = (t^2 - u)^2 has L' = 4 t (t^2 - u), so the critical points are
    t = 0 (mu' = 0: spurious, image 0) and t^2 = u (pure, image u). The image u is real either way; real
    weights reach it only for u >= 0 (t = +-sqrt(u), a minimum of L with L'' = 8u > 0)."""
    r = critical_points(parametrization(["t^2"]), loss="frobenius", target=[u], seed=1)
    assert r.real == 2 and r.trace_test_passed and not r.partial
    p = _pure(r)
    assert p.real and abs(p.image[0] - u) < 1e-9
    assert p.real_parameters is reached
    assert r.real_parameters == 1 + reached and r.real_parameters_unknown == 0
    if reached:
        assert p.real_certified and p.kind == "minimum" and p.signature == (1, 0, 0)
        assert abs(abs(p.theta[0]) - np.sqrt(u)) < 1e-9 and p.theta[0].imag == 0
    else:
        assert p.kind == "no real parameters" and p.signature is None
        assert "none is real" in p.real_note
    assert r.minima == 1               # u > 0: t = +-sqrt(u); u < 0: t = 0, the only real critical point
    (o,) = [p for p in r.points if not p.pure]
    # at t = 0: L'' = -4u: a maximum for u > 0, a minimum for u < 0 (reached by t = 0)
    assert o.real_parameters is True and o.kind == ("maximum" if u > 0 else "minimum")


@pytest.mark.parametrize("seed", [0, 1])
def test_a_sum_of_squares_and_its_product(seed):
    """mu(s, t) = (s^2 + t^2, s t) (finite fibers: (s, t), (t, s) and their negatives). Real weights reach
    (p, q) exactly when p >= 2 |q| (p - 2|q| = (|s| - |t|)^2). With the Frobenius loss the map is onto C^2,
    so the one pure critical image is u itself: reached by real weights for u = (3, 1), not for (1, 3)."""
    net = parametrization(["s^2 + t^2", "s*t"])
    no = critical_points(net, loss="frobenius", target=[1.0, 3.0], seed=seed)
    yes = critical_points(net, loss="frobenius", target=[3.0, 1.0], seed=seed)
    p, q = _pure(no), _pure(yes)
    assert np.allclose(p.image, [1, 3], atol=1e-9) and p.real and p.real_parameters is False
    assert np.allclose(q.image, [3, 1], atol=1e-9) and q.real_parameters is True and q.real_certified
    s, t = np.real(q.theta)
    assert abs(s * s + t * t - 3) < 1e-9 and abs(s * t - 1) < 1e-9          # a real preimage, checked by hand
    assert q.kind == "minimum" and q.loss < 1e-20                              # l = 0: the global minimum
    # the origin (rank 0, spurious): the Hessian of L at 0 is 4 [[-u1, -u2/2], [-u2/2, -u1]] (hand), with
    # eigenvalues -4 u1 +- 2 u2: a saddle for u = (1, 3), a maximum for u = (3, 1)
    kinds = {tuple(np.round(np.real(x.image), 6)): x.kind for x in no.points}
    assert kinds[(0.0, 0.0)] == "saddle"
    # d mu = [[2s, 2t], [t, s]] drops rank on s = +-t, images lambda (2, +-1) (the boundary p = 2|q|), not a
    # stratum of the lattice (found by the spurious search's rank-drop homotopy; before that search, 1 and 2
    # real parameter points were reported as complete). By hand: on each line the nearest point lambda = <u, v> / 5,
    # and L is critical there in (s, t) (J^T (y - u) = 0). u = (1, 3): (2, 1) at s = t = +-1, loss 5, the global
    # minimum over real weights (u lies outside the real image; the transverse direction moves y along (2, -1),
    # <y - u, (2, -1)> = 4 > 0); (-2/5, 1/5) needs s^2 = -1/5 (no real weights). u = (3, 1): (14/5, 7/5) and
    # (2, -1), real, saddles (transverse <y - u, (2, -+1)> = -8/5, -4 < 0). det d mu = 2 (s - t)(s + t): the two
    # lines are the map's strata (linear factors of the minors) and cover the rank drop, so the count is closed.
    assert no.real_parameters == 2 and yes.real_parameters == 4
    assert not no.partial and not yes.partial and no.critical_points == yes.critical_points == 4
    [m] = [x for x in no.points if np.allclose(x.image, [2, 1], atol=1e-9)]
    assert m.kind == "minimum" and m.loss == pytest.approx(5.0) and not m.pure
    [c] = [x for x in no.points if np.allclose(x.image, [-0.4, 0.2], atol=1e-9)]
    assert c.real_parameters is not True and c.kind not in ("minimum", "saddle", "maximum")
    ykinds = {tuple(np.round(np.real(x.image), 6)): x.kind for x in yes.points if not x.pure}
    assert ykinds == {(0.0, 0.0): "maximum", (2.8, 1.4): "saddle", (2.0, -1.0): "saddle"}


def test_a_circle_fiber_is_unknown_not_absent():
    """mu(a, b) = a^2 + b^2: the fiber of a point is a conic (positive-dimensional). For the target -1 the real
    fiber is empty, but a real slice of a positive-dimensional fiber can miss real points that exist, so the
    search must not claim "none": it says unknown. For +1 the circle a^2 + b^2 = 1 is found."""
    net = parametrization(["a^2 + b^2"])
    rng = np.random.default_rng(0)
    L = make_loss(net, "frobenius", target=[-1.0], rng=rng)
    s = RealFiberSearch(net, L, 1, rng)
    neg, pos = s.search([-1.0]), s.search([1.0])
    assert neg.status is None and "unknown" in neg.note
    assert pos.status is True and abs(np.sum(pos.theta ** 2) - 1) < 1e-9
    r = critical_points(net, loss="frobenius", target=[-1.0], seed=0, spurious=False)
    assert r.real == 1 and r.real_parameters == 0 and r.real_parameters_unknown == 1
    (p,) = r.points
    assert p.kind == "real parameters unknown" and r.minima == 0      # no parameter point to take a type at
    assert "real parameters unknown: the fiber is positive-dimensional" in r.summary()


@pytest.mark.parametrize("seed", [0, 2])
def test_linear_network_every_real_image_has_real_weights(seed):
    """Every real matrix of rank <= 2 is W2 W1 with real factors (its SVD): for linear 3-2-3 and the Frobenius
    loss all 7 critical images are real (Trager-Kohn-Bruna: rank-k truncations of the SVD, k = 0, 1, 2) and
    each has a real parameter point, whose matrix product is the image (hand check of the factorization);
    the pure ones (rank 2) are certified by Krawczyk's test on a real box."""
    r = critical_points("linear 3-2-3", loss="frobenius", seed=seed)
    assert r.real == r.real_parameters == 7 and r.real_parameters_unknown == 0
    assert r.real_parameters_certified >= r.pure == 3
    for p in r.points:
        th = np.array(p.theta)
        assert np.max(np.abs(th.imag)) == 0
        W1, W2 = th.real[:6].reshape(2, 3), th.real[6:].reshape(3, 2)
        A = np.array(p.image).real.reshape(3, 3)
        assert np.allclose(W2 @ W1, A, atol=1e-8 * (1 + np.abs(A).max()))
    assert r.as_dict()["real_parameters"] == 7


def test_types_at_the_real_parameter_points_against_finite_differences():
    """The type of a pure real critical point is taken at its real parameter point: there the Hessian of L
    (central differences in all parameters, no slice) vanishes on the tangent space of the fiber (every point
    of the fiber of a smooth critical image is critical, so grad L = 0 along it) and has the signature of the
    point on the rest. dense 2-2-1 r=2: f = a (w1 . x)^2 + b (w2 . x)^2, six parameters, dim M = 3."""
    from algnet.analyses.critical.loss import make_loss
    from algnet.core.backends import Complex
    from algnet import parse_spec

    net = parse_spec("dense 2-2-1 r=2")
    res = critical_points(net, loss="generic", seed=5, spurious=False)
    L = make_loss(net, "generic", rng=np.random.default_rng(5))     # the run's loss (same seed, same draws)
    assert np.allclose(L.u, res.target)

    def Lval(t):
        y = L.T @ np.asarray(net.evaluate(t, L.Z, backend=Complex()), dtype=np.complex128).reshape(-1)
        return float(L.value(y.real[None, :])[0])

    pts = [p for p in res.points if p.pure and p.real and p.dimension == 0]
    assert pts and all(p.real_parameters and p.real_certified for p in pts)
    for p in pts:
        theta = np.real(p.theta)
        k, h = len(theta), 1e-4 * (1 + np.abs(theta).max())
        E = np.eye(k) * h
        H = np.array([[(Lval(theta + E[i] + E[j]) - Lval(theta + E[i] - E[j]) - Lval(theta - E[i] + E[j])
                        + Lval(theta - E[i] - E[j])) / (4 * h * h) for j in range(k)] for i in range(k)])
        ev = np.linalg.eigvalsh(0.5 * (H + H.T))
        tol = 1e-5 * np.abs(ev).max()
        assert int(np.sum(np.abs(ev) <= tol)) == k - res.dimension, ev
        assert (int(np.sum(ev > tol)), int(np.sum(ev < -tol))) == p.signature[:2], (ev, p.signature)
