"""Real points of torus orbits, the Hessian's corank where it vanishes, and saddles beyond the second order.

1. A complex point on the orbit of a real critical point under the rescalings has a real point on its orbit: the
   phases must solve A phi = -arg(theta) modulo pi, an integer system. dense 2-1-1 r=3 (weights 1, 1 on w1 and -3 on
   w2): taking the phases of theta^2 modulo 2 pi and solving by least squares missed that point for most rotations
   (20 of 32 on a grid), and the point was reported without real parameters. Truth: a real local minimum of L found
   by BFGS over the real weights, rotated by hand.
2. dense 2-1-1 r=3 at (0, 0, w2) and at 0: every derivative of mu up to the second vanishes (mu = w2 (w1 . x)^3), so
   the Hessian of L is 0 by hand; computed, its entries are rounding (1e-16), which a threshold relative to the
   largest singular value read as full rank (corank 0).
3. There L along w1 = t d is L(0) - 2 t^3 w2 <m(d), Q u> + O(t^6) (m(d): the coefficients of (d . x)^3): by hand a
   saddle wherever <m(d), Q u> != 0 for some d, which the second-order test called degenerate.
"""

import numpy as np
import pytest
from scipy.optimize import minimize

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.system import GradientFamily


def _family(spec, seed=1, **kw):
    net, L, rng = network_and_loss(spec, seed=seed, **kw)
    return net, L, GradientFamily(net, L, (), [], rng)


def _loss(full, L, th):
    return float(L.value(full.image(np.asarray(th, dtype=complex)[None, :])[0].real[None, :], L.u)[0])


def _real_minimum(full, L, n):
    runs = [minimize(lambda t: _loss(full, L, t), np.random.default_rng(k).normal(size=n), method="BFGS",
                     options=dict(gtol=1e-12)) for k in range(4)]
    return min(runs, key=lambda r: r.fun).x


@pytest.mark.parametrize("spec", ["dense 2-1-1 r=3", "dense 1-1-1 r=3"])
def test_rotated_real_critical_point_has_its_real_point_found(spec):
    from algnet.analyses.critical.symmetry_class import real_in_orbit, real_point_of_class

    net, L, full = _family(spec)
    th = _real_minimum(full, L, net.n_params)
    w = np.r_[np.ones(net.n_params - 1), -3.0]            # by hand: w1 -> t w1, w2 -> w2 / t^3
    for a in np.linspace(-3.1, 3.1, 32):
        z = th * np.exp(1j * a * w)
        r = real_in_orbit(w[None, :].astype(int), z)
        assert r is not None
        # the same orbit by hand: the ratios w1[i] / w1[0] and w2 w1[0]^3 are the invariants of the rescaling
        assert np.allclose(r[:-1] / r[0], th[:-1] / th[0], atol=1e-9)
        assert abs(r[-1] * r[0] ** 3 - th[-1] * th[0] ** 3) < 1e-9
        status, rt, _ = real_point_of_class(full, z, L.u, "")
        assert status is True and np.max(np.abs(np.imag(rt))) == 0
        assert abs(_loss(full, L, np.real(rt)) - _loss(full, L, th)) < 1e-9      # the same critical value


def test_real_in_orbit_mixed_weights_and_no_real_point():
    from algnet.analyses.critical.symmetry_class import real_in_orbit

    W = np.array([[1, 1, 0, 0, -2, 0], [0, 0, 1, 1, 0, -2]])     # two neurons of y = sum a_i (w_i . x)^2
    rng = np.random.default_rng(3)
    for _ in range(40):
        th = rng.normal(size=6)
        t = np.exp(1j * rng.uniform(-np.pi, np.pi, 2) + rng.uniform(-0.5, 0.5, 2))
        z = th * np.prod(t[:, None] ** W, axis=0)
        r = real_in_orbit(W, z)
        assert r is not None and np.allclose(r[1] / r[0], th[1] / th[0]) and np.allclose(r[3] / r[2], th[3] / th[2])
        assert np.isclose(r[4] * r[0] ** 2, th[4] * th[0] ** 2) and np.isclose(r[5] * r[2] ** 2, th[5] * th[2] ** 2)
    # w2 / w1 = i is an invariant that is not real: no real point on that orbit
    assert real_in_orbit(W, np.array([1.0, 1j, 1.0, 2.0, 0.5, 0.3])) is None


@pytest.mark.parametrize("theta", [[0.0, 0.0, 0.7 - 0.3j], [0.0, 0.0, -0.11], [0.0, 0.0, 0.0]])
def test_vanishing_hessian_has_full_corank(theta):
    from algnet.analyses.critical.posdim import hessian_corank, hessian_floor

    net, L, full = _family("dense 2-1-1 r=3")
    x = np.array(theta, dtype=complex)
    H = full.evaluate(x[None, :], L.u)[1][0]
    assert np.max(np.abs(H)) < 1e-12                              # rounding of the hand zero
    assert hessian_corank(H, floor=hessian_floor(full, x, L.u))[0] == 3


def test_floor_keeps_the_rank_of_a_nondegenerate_minimum():
    """At a real minimum of dense 2-1-1 r=3 (weights generic) the Hessian in the three weights has the rescaling
    orbit as its only kernel (corank 1: the image is a smooth point of the 2-dimensional M, where L restricted to M
    has a nondegenerate minimum; finite differences of L agree)."""
    from algnet.analyses.critical.posdim import hessian_corank, hessian_floor

    net, L, full = _family("dense 2-1-1 r=3")
    th = _real_minimum(full, L, 3)
    H = full.evaluate(th.astype(complex)[None, :], L.u)[1][0]
    assert hessian_corank(H, floor=hessian_floor(full, th, L.u))[0] == 1
    h = 1e-3
    E = np.eye(3) * h
    f = lambda t: _loss(full, L, t)      # noqa: E731
    fd = np.array([[(f(th + E[i] + E[j]) - f(th + E[i] - E[j]) - f(th - E[i] + E[j]) + f(th - E[i] - E[j]))
                    / (4 * h * h) for j in range(3)] for i in range(3)])
    ev = np.sort(np.abs(np.linalg.eigvalsh(0.5 * (fd + fd.T))))
    assert ev[0] < 1e-4 * ev[-1] and ev[1] > 1e-3 * ev[-1]


@pytest.mark.parametrize("w2", [-0.11, 0.7])
def test_cubic_neuron_orbit_is_a_saddle(w2):
    from algnet.analyses.critical.higher_order import higher_order_saddle

    net, L, full = _family("dense 2-1-1 r=3")
    x = np.array([0.0, 0.0, w2])
    assert np.max(np.abs(full.evaluate(x.astype(complex)[None, :], L.u)[0])) < 1e-14     # critical (by hand)
    # the hand cubic: <m(d), Q u> for d = (1, s) is a cubic polynomial in s, not identically 0
    vals = [np.real(full.image(np.array([[1.0, s, 1.0]], dtype=complex))[0] @ np.asarray(L.Q) @ np.asarray(L.u))
            for s in (-1.0, 0.0, 0.5, 1.0)]
    assert max(abs(v) for v in vals) > 1e-3
    note = higher_order_saddle(full, x, L.u)
    assert note is not None and note.startswith("a saddle beyond the second order") and "t^3" in note


def test_origin_of_cubic_neuron_is_a_saddle_of_order_four():
    """L(t theta) = L(0) - 2 t^4 <mu(theta), Q u> + t^8 |mu(theta)|_Q^2 (mu homogeneous of degree 4)."""
    from algnet.analyses.critical.higher_order import higher_order_saddle

    net, L, full = _family("dense 2-1-1 r=3")
    note = higher_order_saddle(full, np.zeros(3), L.u)
    assert note is not None and "t^4" in note


def test_degenerate_minimum_is_not_called_a_saddle():
    """linear 2-1-2 at the Frobenius target I: min over rank-one matrices of |I - Y|^2 is 1, reached on the whole
    curve Y = x x^T, |x| = 1 (Eckart-Young with a double singular value): degenerate minima, no descent anywhere."""
    from algnet.analyses.critical.higher_order import higher_order_saddle

    net, L, full = _family("linear 2-1-2", seed=0, target=[1.0, 0, 0, 1])
    for s in (0.0, 0.4, 2.0):
        x = np.array([np.cos(s), np.sin(s), np.cos(s), np.sin(s)])
        assert abs(_loss(full, L, x) - 1.0) < 1e-12
        assert higher_order_saddle(full, x, L.u) is None


def test_spurious_type_of_the_cubic_orbit_with_the_higher_order_test():
    """What the spurious search's type says modulo the rescaling: signature (0, 0, 2), the second order cannot decide;
    the test beyond it (with the same complement of the symmetry tangents) makes it a saddle."""
    from algnet.analyses.critical.higher_order import higher_order_saddle
    from algnet.analyses.critical.spurious import _orth_complement, _real_type, _sym_tangents

    net, L, full = _family("dense 2-1-1 r=3")
    x = np.array([0.0, 0.0, -0.11], dtype=complex)
    H = full.evaluate(x[None, :], L.u)[1][0]
    sig, kind = _real_type(full, x, H, L.u, _loss(full, L, x.real))
    assert kind == "saddle" and tuple(sig) == (0, 0, 2)     # the second order cannot decide; beyond it: a saddle
    C = _orth_complement(_sym_tangents(net, x), net.n_params)
    assert higher_order_saddle(full, x, L.u, C=C, signature=sig) is not None


def test_rank_pattern_orbits_told_apart_by_an_inner_product():
    """linear 2-2-2-2-2 at the image 0: A = (e1 e1^T, e1 e2^T, e1 e1^T, e1 e2^T) and B = (e1 e1^T, e1 e2^T, e1 e2^T,
    e1 e2^T) are both critical (by hand: W_2 W_1 = 0 and W_4 W_3 = 0, so every W_(>i)^T G W_(<i)^T has a zero
    factor), have the same row space of W_1 and column space of W_4 and every other product from the input or to the
    output 0, but W_3 W_2 has rank 1 at A and 0 at B: two GL orbits, which the end spaces alone merged."""
    from algnet.analyses.critical.rank_patterns import _same_orbit
    from algnet.analyses.critical.spurious import _critical

    e1, e2 = np.array([1.0, 0]), np.array([0, 1.0])
    A = [np.outer(e1, e1), np.outer(e1, e2), np.outer(e1, e1), np.outer(e1, e2)]
    B = [np.outer(e1, e1), np.outer(e1, e2), np.outer(e1, e2), np.outer(e1, e2)]
    assert np.linalg.matrix_rank(A[2] @ A[1]) == 1 and not np.any(B[2] @ B[1])
    net, L, full = _family("linear 2-2-2-2-2", seed=0, target=[3.0, 0, 0, 1])
    for ch in (A, B):
        assert _critical(full, np.concatenate([W.ravel() for W in ch]).astype(complex), L.u)
    assert not _same_orbit(A, B)
    g = np.array([[0.0, 1], [-1, 0]])          # GL acting on the hidden layers: (W_1, ..., W_4) -> (g W_1, ...)
    gi = np.linalg.inv(g)
    assert _same_orbit(A, [g @ A[0], 2 * g @ A[1] @ gi, g @ A[2] @ gi / 2, A[3] @ gi])


@pytest.mark.slow
def test_spurious_points_of_two_cubic_neurons_all_decided():
    """dense 2-2-1 r=3, generic loss, seed 2 (about 4 minutes): one spurious class (a_1 = 0, w_1 small, complex
    representative) was 'unknown (no real parameter point found)' on the base: its orbit has a real point (every
    invariant monomial real), which the phases taken modulo 2 pi missed. Now every class with a real image is
    decided, and each real point reported is critical: the central differences of L over the real weights vanish."""
    from algnet.analyses.critical.spurious import spurious_points
    from algnet.analyses.network_input import network_dimension

    net, L, rng = network_and_loss("dense 2-2-1 r=3", loss="generic", seed=2)
    pts = spurious_points(net, L, network_dimension(net, 0), rng)
    full = GradientFamily(net, L, (), [], np.random.default_rng(0))
    assert pts and not [p for p in pts if p.real and p.real_parameters is None]
    h = 1e-5
    for p in pts:
        if p.real_parameters:
            th = np.asarray(p.theta)
            assert np.max(np.abs(th.imag)) == 0
            g = [(_loss(full, L, th.real + h * e) - _loss(full, L, th.real - h * e)) / (2 * h) for e in np.eye(6)]
            assert np.max(np.abs(g)) < 1e-6 * (1 + abs(p.loss))


def test_deep_linear_degenerate_spurious_point_is_a_saddle():
    """linear 3-2-2-3, Frobenius, U = diag(3, 2, 1), W_1 = e1 e1^T, W_2 = 3 e1 e1^T, W_3 = e1 e1^T: critical (every
    W_(>i)^T (W - U) W_(<i)^T has the factor e1^T (W - U) = 0 or (W - U) e1 = 0), loss 5. Its Hessian modulo the
    hidden layers' GL has no negative eigenvalue (the second order says degenerate), but adding t e2 e2^T to each
    W_i gives the image 3 e1 e1^T + t^3 e2 e2^T, so by hand L(t) = (2 - t^3)^2 + 1 = 5 - 4 t^3 + t^6: a saddle
    (Kawaguchi 2016: a critical point of a deep linear network that is not a global minimum is a saddle)."""
    from algnet.analyses.critical.higher_order import higher_order_saddle
    from algnet.analyses.critical.spurious import _critical, _orth_complement, _real_type, _sym_tangents

    net, L, full = _family("linear 3-2-2-3", seed=0, target=[3.0, 0, 0, 0, 2, 0, 0, 0, 1])
    e = [np.eye(k) for k in (2, 3)]
    W1, W2, W3 = np.outer(e[0][0], e[1][0]), 3 * np.outer(e[0][0], e[0][0]), np.outer(e[1][0], e[0][0])
    th = np.r_[W1.ravel(), W2.ravel(), W3.ravel()]
    assert _critical(full, th.astype(complex), L.u)
    D = np.r_[np.outer(e[0][1], e[1][1]).ravel(), np.outer(e[0][1], e[0][1]).ravel(),
              np.outer(e[1][1], e[0][1]).ravel()]
    for t in (-0.3, 0.1, 0.2):
        assert abs(_loss(full, L, th + t * D) - (5 - 4 * t ** 3 + t ** 6)) < 1e-12        # the hand curve
    H = full.evaluate(th.astype(complex)[None, :], L.u)[1][0]
    sig, kind = _real_type(full, th.astype(complex), H, L.u, 5.0)
    assert kind == "saddle" and sig[1] == 0         # no negative eigenvalue: a saddle beyond the second order
    C = _orth_complement(_sym_tangents(net, th.astype(complex)), net.n_params)
    assert higher_order_saddle(full, th, L.u, C=C, signature=sig) is not None
