"""Critical points and ED degrees against theorems and second methods.

Truth comes from the literature (Eckart-Young, the Chern-class formula's
published values 3d - 2, 6, 13, Trager-Kohn-Bruna's description of the
critical points of linear networks) or from an independent computation
(finite-difference Hessians, a second seed).
"""

from math import comb

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical import critical_points, ed_degree
from algnet.analyses.critical.chern import chern_integrals, segre_veronese_ged
from algnet.errors import ParameterError


# ------------------------------------------------------------------ closed forms
@pytest.mark.parametrize("d", [1, 2, 3, 4, 5])
def test_chern_rational_normal_curve(d):
    assert segre_veronese_ged([1], [d]) == 3 * d - 2          # DHOST 2016, Example 5.12


def test_chern_published_values():
    assert segre_veronese_ged([1, 1], [1, 1]) == 6            # P1 x P1 (DHOST, Example 2.3 / 5.8)
    assert segre_veronese_ged([2], [2]) == 13                 # Veronese surface (DHOST, Example 5.12)
    # degree of the embedding (the top integral) against the multinomial count:
    # deg of P1 x P1 x P1 under O(4, 2, 1) is 3! * 4 * 2 * 1 = 48 (and equals the conv degree, THEOREMS 3)
    assert chern_integrals([1, 1, 1], [4, 2, 1])[0] == 48


# ------------------------------------------------------------------ ED degrees
@pytest.mark.parametrize("spec, m, n, r", [("linear 2-1-2", 2, 2, 1), ("linear 3-1-3", 3, 3, 1),
                                           pytest.param("linear 3-2-3", 3, 3, 2, marks=pytest.mark.slow),
                                           ("linear 3-1-2", 2, 3, 1)])
def test_eckart_young(spec, m, n, r):
    res = ed_degree(spec, metric="frobenius", seed=3)
    assert res.ed_degree == comb(min(m, n), r)
    assert res.critical.complete          # the trace test, or the total-degree homotopy's paths all ended
    assert res.critical.certified_distinct >= res.ed_degree


@pytest.mark.parametrize("d", [2, 3, pytest.param(4, marks=pytest.mark.slow)])
def test_generic_ed_rational_normal_curve(d):
    # f = w (a x0 + b x1)^d: the cone over the rational normal curve of degree d
    res = ed_degree(f"dense 2-1-1 r={d}", metric="generic", seed=d)
    assert res.ed_degree == 3 * d - 2


def test_generic_ed_p1xp1_and_veronese_surface():
    assert ed_degree("linear 2-1-2", metric="generic", seed=1).ed_degree == 6
    assert ed_degree("dense 3-1-1 r=2", metric="generic", seed=2).ed_degree == 13


def test_conv_count_equals_chern_class_value():
    # conv k=(2, 2), r = 2 factors through P1 x P1 embedded by O(2, 1) (THEOREMS 8)
    res = ed_degree("conv k=2,2 r=2", metric="generic", seed=0)
    assert res.ed_degree == segre_veronese_ged([1, 1], [2, 1])
    assert res.critical.critical_points >= res.ed_degree


def test_same_count_from_two_seeds():
    a = critical_points("dense 2-1-1 r=3", loss="generic", seed=11, spurious=False)
    b = critical_points("dense 2-1-1 r=3", loss="generic", seed=12, spurious=False)
    assert a.critical_points == b.critical_points == 7
    assert a.seed == 11 and b.seed == 12


# ------------------------------------------------------------ classification
def test_linear_pure_and_spurious_split_by_rank():
    # Trager-Kohn-Bruna: for the Frobenius loss the images of the critical points are the
    # critical points of l on every rank stratum (binom(3, k) of rank k), only rank r = 2 ones are pure,
    # and no spurious critical point is a local minimum
    res = critical_points("linear 3-2-3", loss="frobenius", seed=0)
    assert res.lost == 0 and res.trace_test_passed
    ranks = []
    for p in res.points:
        A = np.array(p.image).reshape(3, 3)      # coefficients of a linear map: its matrix (rows = outputs)
        k = np.linalg.matrix_rank(A, tol=1e-6 * (1 + np.abs(A).max()))
        ranks.append(k)
        assert p.pure == (k == 2)
        if not p.pure:
            assert p.kind != "minimum"
    assert sorted(ranks) == [0, 1, 1, 1, 2, 2, 2]
    # the stratum of each point comes from 'algnet singular' (widths 3-1-3: the rank <= 1 matrices, singular
    # points of the rank <= 2 determinantal variety); hand truth: the rank of the image matrix
    want = {0: "origin", 1: "widths 3-1-3 (singular)", 2: "widths 3-2-3 (smooth)"}
    assert [p.stratum for p in res.points] == [want[k] for k in ranks]
    assert res.pure == 3 and res.spurious == 4 and res.function_space_points == 7
    assert res.minima == 1                        # the global minimum (Eckart-Young truncation)


def test_hessian_signature_against_finite_differences():
    """Signatures of the real points against finite differences of L in all parameters.

    conv k=(2, 2), r = 2: f = w2 * (w1 * x)^2, with the symmetry (w1, w2) -> (t w1, w2 / t^2). A
    slice point is theta_c = (t a, b / t^2) with (a, b) real when the image is real, so dividing
    w1 by the phase s of its first entry and multiplying w2 by s^2 gives a real preimage (hand
    computation). There, the finite-difference Hessian of L (4 x 4) has one zero eigenvalue (the
    orbit) and the signature of L modulo the orbit on the rest.
    """
    net = parse_spec("conv k=2,2 r=2")
    res = critical_points(net, loss="generic", seed=4, spurious=False)
    from algnet.analyses.critical.loss import make_loss

    rng = np.random.default_rng(4)
    L = make_loss(net, "generic", rng=rng)        # the same loss as the run (same seed, same draws)
    assert np.allclose(L.u, res.target)
    real = [p for p in res.points if p.real and p.dimension == 0]
    assert real and res.minima >= 1               # a real target: the global minimum is among them

    def Lval(t):
        return float(L.value((L.T @ net.evaluate(t, L.Z, backend=_complex()).reshape(-1)).real[None, :])[0])

    for p in real:
        th = np.array(p.theta)
        s = th[0] / abs(th[0])
        theta = np.concatenate([th[:2] / s, th[2:] * s * s])
        assert np.max(np.abs(theta.imag)) < 1e-8 * (1 + np.abs(theta).max())
        theta = theta.real
        y = L.T @ net.evaluate(theta, L.Z, backend=_complex()).reshape(-1)
        assert np.allclose(y, np.array(p.image), atol=1e-8 * (1 + np.abs(y).max()))
        h = 1e-4 * (1 + np.abs(theta).max())
        k = len(theta)
        H = np.zeros((k, k))
        for i in range(k):
            for j in range(k):
                ei, ej = np.eye(k)[i] * h, np.eye(k)[j] * h
                H[i, j] = (Lval(theta + ei + ej) - Lval(theta + ei - ej) - Lval(theta - ei + ej)
                           + Lval(theta - ei - ej)) / (4 * h * h)
        ev = np.linalg.eigvalsh(0.5 * (H + H.T))
        tol = 1e-4 * np.abs(ev).max()
        assert int(np.sum(np.abs(ev) <= tol)) == 1, ev
        assert (int(np.sum(ev > tol)), int(np.sum(ev < -tol))) == p.signature[:2], (ev, p.signature)


def _complex():
    from algnet.core.backends import Complex

    return Complex()


def test_regression_data_loss():
    # l = sum_i (f(x_i) - y_i)^2 with many generic data points is a generic quadratic form
    # on the coefficients: the count is again the generic ED degree (THEOREMS 8)
    rng = np.random.default_rng(7)
    X = rng.normal(size=(12, 2))
    Y = rng.normal(size=(12, 1))
    res = critical_points("dense 2-1-1 r=2", loss=(X, Y), seed=7, spurious=False)
    assert res.loss == "data" and res.pure == 4


def test_bad_input():
    with pytest.raises(ParameterError, match="unknown loss"):
        critical_points("linear 2-1-2", loss="l1", seed=0)
    with pytest.raises(ParameterError, match="target"):
        critical_points("linear 2-1-2", loss="frobenius", target=[1.0, 2.0], seed=0)
    with pytest.raises(ParameterError, match="metric"):
        ed_degree("linear 2-1-2", metric="hyperbolic")
