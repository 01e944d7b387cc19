"""The 1-sparse loss L_1 in closed form: value, gradient, Hessian, stationarity, minima.

Truths used: numerical quadrature of the model itself on one-hot inputs x e_i
(value), central finite differences (gradient and Hessian), hand computations
(a pair on a line, the antipodal pair, a triangle with positive biases, the
all-unrepresented critical point W = 0, b = 1/(2n)), invariance under exact
rational rotations, and an angle-parametrised pentagon energy evaluated
independently in floats (the Thomson regime of J. Pfeifle's talk "Toy models of superposition", 2022).
"""

from fractions import Fraction

import flint

F = flint.fmpq
import numpy as np
import pytest

from algnet.errors import ParameterError
from algnet.superposition import ToyModel, cayley_rotation
from algnet.superposition import pieces
from algnet.superposition.exact import QuadraticNumber, exact_polygon_gram, inertia, nullspace
from algnet.superposition.fullloss import full_loss_analysis
from algnet.superposition.loss1 import loss0, loss1, loss1_analysis, loss1_derivatives, polygon_analysis


def _quadrature_l1(W, b, I=None, K=20001):
    """L_1 by the midpoint rule on the model's outputs for inputs x e_i (independent of the closed form)."""
    W, b = np.asarray(W, float), np.asarray(b, float)
    n = W.shape[1]
    I = np.ones(n) if I is None else np.asarray(I, float)
    model = ToyModel(W, b)
    xs = (np.arange(K) + 0.5) / K
    total = 0.0
    for i in range(n):
        X = np.zeros((K, n))
        X[:, i] = xs
        R = model.forward(X) - X
        total += float(np.mean((R * R) @ I))
    return total


@pytest.mark.parametrize("a,b", [(1.3, 0.2), (0.0, 0.0), (-0.7, 0.4), (0.9, -0.3), (-0.5, -0.1), (2.0, -1.5),
                                 (0.0, 0.3), (0.4, 0.0)])
def test_pieces_match_quadrature_and_finite_differences(a, b):
    xs = (np.arange(200001) + 0.5) / 200001
    for fun, integrand in ((pieces.g, lambda a, b: np.maximum(a * xs + b, 0) ** 2),
                           (pieces.k, lambda a, b: xs * np.maximum(a * xs + b, 0)),
                           (pieces.h, lambda a, b: (xs - np.maximum(a * xs + b, 0)) ** 2)):
        val, d1, d2 = fun(a, b)
        assert val == pytest.approx(integrand(a, b).mean(), abs=1e-8)
        if d1 is None:
            continue
        e = 1e-6
        num = [(fun(a + e, b)[0] - fun(a - e, b)[0]) / (2 * e), (fun(a, b + e)[0] - fun(a, b - e)[0]) / (2 * e)]
        assert np.allclose(d1, num, atol=1e-6)
        if d2 is None:
            continue
        e = 1e-6   # across a piece boundary the error is O(e * third derivative)
        daa = (fun(a + e, b)[1][0] - fun(a - e, b)[1][0]) / (2 * e)
        dab = (fun(a, b + e)[1][0] - fun(a, b - e)[1][0]) / (2 * e)
        dbb = (fun(a, b + e)[1][1] - fun(a, b - e)[1][1]) / (2 * e)
        assert np.allclose(d2, [daa, dab, dbb], atol=1e-5)


@pytest.mark.parametrize("seed", range(4))
def test_value_matches_quadrature_of_the_model(seed):
    rng = np.random.default_rng(seed)
    m, n = 2 + seed % 2, 4 + seed
    W = [[Fraction(int(x), 8) for x in row] for row in rng.integers(-10, 11, (m, n))]
    b = [Fraction(int(x), 8) for x in rng.integers(-4, 3, n)]
    I = [Fraction(int(x), 4) for x in rng.integers(1, 5, n)]
    exact = loss1(W, b, I)
    assert isinstance(exact, flint.fmpq)
    assert float(exact) == pytest.approx(_quadrature_l1(np.array(W, float), np.array(b, float), I), abs=1e-7)


@pytest.mark.parametrize("seed", range(3))
def test_exact_gradient_and_hessian_match_finite_differences(seed):
    rng = np.random.default_rng(10 + seed)
    m, n = 2, 4
    W = rng.integers(-8, 9, (m, n)) / 8
    b = rng.integers(-3, 2, n) / 8
    d = loss1_derivatives(W, b, exact=True)
    assert d["field"] == "QQ" and d["smooth"]
    theta = np.concatenate([W.T.ravel(), b])

    def f(t):
        return float(loss1(t[:m * n].reshape(n, m).T, t[m * n:], exact=False))

    def grad(t):
        return np.array(loss1_derivatives(t[:m * n].reshape(n, m).T, t[m * n:], exact=False)["gradient"], float)

    e = 1e-6
    num = [(f(theta + e * u) - f(theta - e * u)) / (2 * e) for u in np.eye(len(theta))]
    assert np.allclose([float(x) for x in d["gradient"]], num, atol=1e-6)
    e = 1e-5
    numH = np.array([(grad(theta + e * u) - grad(theta - e * u)) / (2 * e) for u in np.eye(len(theta))])
    assert np.allclose(np.array([[float(x) for x in r] for r in d["hessian"]]), numH, atol=1e-4)


def test_pair_on_a_line_by_hand():
    # x' = ReLU(x e_i) on both outputs: reconstruction exact, interference ∫ x² = 1/3 twice
    assert loss1([[1, 1]], [0, 0]) == F(2, 3)
    d = loss1_derivatives([[1, 1]], [0, 0])
    # dL/dw_0 = 2 * d/da (a²/3) * w_1 = 4/3 ; dL/db_j = d/db ∫ (a x + b)² at b = 0 = a = 1
    assert d["gradient"] == [F(4, 3), F(4, 3), 1, 1]
    assert loss1_analysis([[1, 1]], [0, 0]).verdict == "not a critical point"


def test_antipodal_pair_is_a_strict_minimum_by_hand():
    r = loss1_analysis([[1, -1]], [0, 0])
    assert r.field == "QQ" and r.value == 0 and r.stationary
    # h(c, b) = (1 - c)²/3 - (1 - c) b + b², c = w²: Hessian in (w, b) at (1, 0) is [[8/3, 2], [2, 2]], twice
    H = loss1_derivatives([[1, -1]], [0, 0])["hessian"]
    assert H[0][0] == F(8, 3) and H[0][2] == 2 and H[2][2] == 2 and H[0][1] == 0 and H[0][3] == 0
    assert r.inertia == (4, 0, 0) and r.symmetry_dimension == 0 and r.verdict == "strict local minimum"
    assert r.evidence.certified


def test_triangle_with_positive_bias_by_hand():
    # unit triangle, b = 1/4: each ordered pair a = -1/2 is active on [0, 1/2): ∫ (b - x/2)² = 1/96;
    # each feature: h(1, 1/4) = ∫ (1/4)² = 1/16.  L_1 = 6/96 + 3/16 = 1/4.
    r = polygon_analysis(3, bias=F(1, 4))
    assert r.field == "QQ" and r.value == F(1, 4)
    W = np.array([[1.0, -0.5, -0.5], [0.0, np.sqrt(3) / 2, -np.sqrt(3) / 2]])
    assert _quadrature_l1(W, [0.25] * 3) == pytest.approx(0.25, abs=1e-8)


def test_all_unrepresented_critical_point_is_a_saddle_by_hand():
    # W = 0, b = 1/(2n): dF/db = -1 + 2b + 2(n-1)b = 0. Hessian: b-block 2n I (n positive);
    # W-block 2(b - 2/3) on the diagonal and 2b off it: eigenvalues -1/3, -4/3 (m n negative).
    for m, n in ((1, 2), (2, 3)):
        r = loss1_analysis([[0] * n] * m, [F(1, 2 * n)] * n)
        assert r.stationary and r.inertia == (n, 0, m * n) and r.verdict == "not a local minimum"


def test_invariance_under_exact_rotation():
    W = np.array([[2, -1, 0, 1], [0, 1, -2, 1], [1, 0, 1, -1]], dtype=object)
    b = [F(-1, 4), 0, F(1, 8), F(-1, 2)]
    Q = cayley_rotation(3, seed=2)
    r0, r1 = loss1_analysis(W, b), loss1_analysis(Q.dot(W), b)
    assert r0.value == r1.value and r0.stationary == r1.stationary
    g0 = loss1_derivatives(W, b)["gradient"]
    g1 = loss1_derivatives(Q.dot(W), b)["gradient"]
    assert g0[-4:] == g1[-4:]   # bias gradient is invariant


def test_pentagon_in_the_thomson_regime_is_a_strict_minimum():
    r = polygon_analysis(5, unit_norm=True, fix_bias=True)
    assert r.field == "Q(sqrt 5)" and r.evidence.certified
    # value (1/3) Σ_{i≠j} ReLU(cos θ_ij)² = (10/3) cos² 72° = 5 (3 − √5) / 12
    assert r.value == QuadraticNumber(F(5, 4), F(-5, 12), 5)
    assert r.stationary and r.inertia == (4, 1, 0) and r.symmetry_dimension == 1
    assert r.verdict == "strict local minimum"

    def energy(t):  # independent float energy of angles on the unit circle
        c = np.cos(t[:, None] - t[None, :])
        np.fill_diagonal(c, -1)
        return (np.maximum(c, 0) ** 2).sum() / 3

    t0 = 2 * np.pi * np.arange(5) / 5
    assert energy(t0) == pytest.approx(float(r.value))
    e = 1e-6
    assert max(abs(energy(t0 + e * u) - energy(t0 - e * u)) / (2 * e) for u in np.eye(5)) < 1e-8
    rng = np.random.default_rng(0)
    for _ in range(50):
        d = rng.normal(size=5)
        d -= d.mean()                  # remove the rotation
        assert energy(t0 + 1e-3 * d / np.linalg.norm(d)) > energy(t0)


def test_pentagon_with_zero_bias_is_not_critical_in_the_full_parameters():
    r = polygon_analysis(5)        # b = 0: positive interference makes dF/db > 0
    assert r.field == "Q(sqrt 5)" and not r.stationary and r.verdict == "not a critical point"


def test_pentagon_optimum_of_l1_numerically():
    # Newton from the float pentagon, then the numerical route: a strict minimum modulo O(2)
    from algnet.superposition.polytopes import regular_polygon

    th = np.concatenate([(1.1 * regular_polygon(5)).T.ravel(), -0.2 * np.ones(5)])
    for _ in range(8):
        d = loss1_derivatives(th[:10].reshape(5, 2).T, th[10:], exact=False)
        th = th - np.linalg.lstsq(np.array(d["hessian"], float), np.array(d["gradient"], float), rcond=1e-10)[0]
    W = th[:10].reshape(5, 2).T
    r = loss1_analysis(W, th[10:])
    assert r.field == "float" and not r.evidence.certified
    assert r.stationary and r.verdict == "strict local minimum" and r.inertia == (14, 1, 0)
    assert np.allclose(np.linalg.norm(W, axis=0), np.linalg.norm(W[:, 0]))   # still a regular pentagon


def test_l0_and_degenerate_points():
    assert loss0([1, -2, "1/2"], importance=[1, 1, 4]) == 2
    # square on the unit circle, b = 0: orthogonal pairs with zero bias are not twice differentiable; L_1 = 0 there
    # (perfect reconstruction, no positive interference), the least value of a sum of squares: a global minimum
    r = polygon_analysis(4, unit_norm=True, fix_bias=True)
    assert r.dropped_terms and r.value == 0 and r.verdict.startswith("global minimum")
    # triangle on the unit circle, b = 0: L_1 = 0 on a neighbourhood (all cosines negative): not strict
    r = polygon_analysis(3, unit_norm=True, fix_bias=True)
    assert r.value == 0 and r.verdict.startswith("global minimum") and "degenerate" in r.verdict


def test_exact_helpers():
    assert inertia([[0, 0], [0, 0]]) == (0, 2, 0)
    assert inertia([[F(1, 2), 3, 0], [3, F(1, 2), 1], [0, 1, 5]]) == (2, 0, 1)
    v = nullspace([[1, 2, 3], [2, 4, 6]])
    assert len(v) == 2
    G = exact_polygon_gram(8)
    assert all(abs(float(G[i][j]) - np.cos(2 * np.pi * (i - j) / 8)) < 1e-14 for i in range(8) for j in range(8))
    with pytest.raises(ParameterError):
        polygon_analysis(7)
    with pytest.raises(ParameterError):
        loss1_analysis([[1, 2]], [0, 0], unit_norm=True)
    with pytest.raises(ParameterError):
        loss1([[1, 2]], [0])


def test_float_weights_exactly_at_their_binary_values():
    W = np.array([[0.5, -0.5]])
    r = loss1_analysis(W, [0.0, 0.0], exact=True)
    # c = 1/4, b = 0: h = (1 - c)²/3 = 3/16 per feature; the interference a = -1/4 is inactive
    assert r.field == "QQ" and r.value == F(3, 8) == loss1([[Fraction(1, 2), Fraction(-1, 2)]], [0, 0])
    assert not r.stationary


def test_full_loss_gradient_and_value():
    from algnet.superposition import generate_data
    from algnet.superposition.polytopes import regular_polygon

    W, b = 1.1 * regular_polygon(5), -0.2 * np.ones(5)
    r = full_loss_analysis(W, b, sparsity=0.9, samples=20000, seed=3)
    assert r.seed == 3 and not r.evidence.certified
    X = generate_data(5, 200000, 0.9, seed=5)          # plain Monte Carlo of the model (spread ~2% over seeds)
    assert r.value == pytest.approx(ToyModel(W, b).loss(X), rel=0.05)
    assert len(r.hessian_eigenvalues) == 15
    # the gradient is that of the fixed-sample objective: directional finite differences (same seed)
    rng = np.random.default_rng(0)
    for _ in range(3):
        dW, db = rng.normal(size=W.shape), rng.normal(size=5)
        e = 1e-6
        up = full_loss_analysis(W + e * dW, b + e * db, sparsity=0.9, samples=20000, seed=3).value
        down = full_loss_analysis(W - e * dW, b - e * db, sparsity=0.9, samples=20000, seed=3).value
        assert (up - down) / (2 * e) == pytest.approx(r.gradient @ np.concatenate([dW.T.ravel(), db]), rel=1e-4)


def test_certified_pentagon_minimum_of_l1():
    from algnet.superposition.certify import certify_polygon_minimum

    c = certify_polygon_minimum(5)
    assert c.certified and c.verdict == "strict local minimum" and c.min_pivot > 0
    rho, beta = float(c.rho.mid()), float(c.beta.mid())
    assert c.rho.rad() < 1e-9 and c.beta.rad() < 1e-9
    t = 2 * np.pi * np.arange(5) / 5
    P = np.vstack([np.cos(t), np.sin(t)])

    def L(r2, be, dW=0.0, db=0.0):   # independent: quadrature of the model's outputs
        return _quadrature_l1(np.sqrt(r2) * P + dW, be * np.ones(5) + db, K=4001)

    L0 = L(rho, beta)
    assert L0 == pytest.approx(float(c.value.mid()), abs=1e-6)
    rng = np.random.default_rng(1)
    for _ in range(10):
        dW, db = rng.normal(size=(2, 5)), rng.normal(size=5)
        dW -= (np.sum(dW * (np.array([[0, -1], [1, 0]]) @ P)) / 5) * (np.array([[0, -1], [1, 0]]) @ P)  # no rotation
        s = 3e-3 / np.sqrt((dW ** 2).sum() + (db ** 2).sum())
        assert L(rho, beta, s * dW, s * db) > L0


def test_certify_refuses_undecidable_pieces():
    from algnet.errors import NumericalError
    from algnet.superposition.certify import certify_polygon_minimum

    with pytest.raises(NumericalError):       # the triangle's optimum sits on the kink b = 0
        certify_polygon_minimum(3)


def test_exact_analysis_refuses_huge_problems():
    from algnet.errors import TooLargeError

    n, m = 60, 5
    with pytest.raises(TooLargeError) as e:
        loss1_analysis([[0] * n] * m, [F(1, 2 * n)] * n)
    assert "exact=False" in str(e.value)
    r = loss1_analysis(np.zeros((m, n)), np.full(n, 1 / (2 * n)), exact=False)   # the numerical route
    assert r.field == "float" and r.inertia == (n, 0, m * n)


def test_full_loss_at_the_polished_trained_pentagon():
    # a trained pentagon is only near a critical point of the full loss; after polishing on the fixed
    # sample it is approximately critical with a Hessian positive apart from the rotation
    from algnet.superposition import train_toy_model

    t = train_toy_model(5, 2, sparsity=0.9, steps=3000, seed=0)
    r = full_loss_analysis(t.model.W, t.model.b, sparsity=0.9, samples=20000, seed=1, polish=4)
    assert r.gradient_norm < 1e-4 and r.verdict.startswith("approximately critical, Hessian positive")
    assert abs(r.hessian_eigenvalues[0]) < 1e-3 < r.hessian_eigenvalues[1]
    assert np.allclose(np.linalg.norm(r.W, axis=0), 1.1, atol=0.03)


def test_analysis_from_a_gram_matrix_only():
    from algnet.superposition.loss1 import gram_coordinates

    X, S = gram_coordinates(exact_polygon_gram(5))
    r = loss1_analysis(X, [0] * 5, metric=S, unit_norm=True, fix_bias=True)
    p = polygon_analysis(5, unit_norm=True, fix_bias=True)
    assert r.value == p.value and r.inertia == p.inertia and r.verdict == p.verdict
    W = np.array([[2, -1, 0, 1], [0, 1, -2, 1], [1, 0, 1, -1]], dtype=object)
    b = [F(-1, 4), 0, F(1, 8), F(-1, 2)]
    G = W.T.dot(W)
    X, S = gram_coordinates(G.tolist())
    a, c = loss1_analysis(W, b), loss1_analysis(X, b, metric=S)
    assert a.value == c.value and a.stationary == c.stationary
    with pytest.raises(ParameterError):
        gram_coordinates([[1, 2], [2, 1]])           # not positive semidefinite


def test_direct_sum_of_optimal_pentagons_is_a_saddle_of_l1():
    from algnet.superposition.certify import certify_polygon_sum

    c = certify_polygon_sum(5, copies=2)
    assert c.verdict == "not a local minimum" and c.evidence.certified and c.curvature < 0
    from algnet.superposition.certify import certify_polygon_minimum

    p = certify_polygon_minimum(5)
    r, be = np.sqrt(float(p.rho.mid())), float(p.beta.mid())
    t = 2 * np.pi * np.arange(5) / 5
    P = r * np.vstack([np.cos(t), np.sin(t)])
    W = np.zeros((4, 10))
    W[:2, :5], W[2:, 5:] = P, P
    b = np.full(10, be)
    # independent: quadrature of the model; the sum costs twice one pentagon, and the certified
    # direction lowers the loss
    L0 = _quadrature_l1(W, b, K=4001)
    assert L0 == pytest.approx(2 * float(p.value.mid()), abs=1e-6)
    v = c.direction
    dW, db = v[:40].reshape(10, 4).T, v[40:]
    for s in (1e-2, 2e-2):
        assert _quadrature_l1(W + s * dW, b + s * db, K=4001) < L0 - 0.05 * s * s


def test_hexagon_in_the_thomson_regime_by_hand():
    # 12 ordered neighbour pairs at 60 degrees: (1/3) * 12 * (1/2)^2 = 1; the pairs at 120 and 180 degrees are free
    r = polygon_analysis(6, unit_norm=True, fix_bias=True)
    assert r.field == "QQ" and r.value == 1 and r.stationary and r.verdict == "strict local minimum"
