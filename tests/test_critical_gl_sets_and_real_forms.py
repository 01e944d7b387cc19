"""Spurious critical points on families of GL orbits, and real forms of one class (hand computations in each test).

linear 3-2-2-3, Frobenius, target U = diag(3, 2, 1), residual R = W3 W2 W1 - U. grad L = 2 ((W3 W2)^T R, W3^T R W1^T,
R (W2 W1)^T). At W1 = e1 e1^T, W2 = 3 e1 e1^T, W3 = [e1, w] the image is 3 e1 e1^T, R = -diag(0, 2, 1), R W1^T = 0 and
R^T W3 W2 = 0: critical for every w. The column space of W3 (a plane through e1) is a GL invariant, so these points
form a set of dimension (at least) 1 modulo the symmetries; for w = (0, 1, i) the plane is not real, so the point's
own orbit has no real point, but the set has real points (w real). Before, the point was reported isolated
(dimension 0) and, at such a complex point, "unknown (no real parameter point found)" (linear 3-2-2-3, seed 0).

dense 1-1-1 r=2, y = w2 w1^2, L = (w2 w1^2 - u)^2: the line w1 = 0 is critical, one orbit of the complex rescalings
(w1, w2) -> (t w1, w2 / t^2) but two of the real ones (w2 > 0, w2 < 0). Modulo the orbit direction (w2) the Hessian
is d^2 L / d w1^2 = -4 u w2: for u = 1 a maximum at w2 > 0 and a minimum at w2 < 0. Before, only one real form was
typed (minima 1, maxima 1 with the pure minimum; the minimum at w2 < 0 was not counted).
"""

import numpy as np

from algnet.analyses.critical import critical_points
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.spurious import _record
from algnet.analyses.critical.symmetry_class import linear_chain
from algnet.analyses.critical.system import GradientFamily

U = np.diag([3.0, 2.0, 1.0])


def _hand_gradient(W1, W2, W3):
    R = W3 @ W2 @ W1 - U
    return np.r_[((W3 @ W2).T @ R).ravel(), (W3.T @ R @ W1.T).ravel(), (R @ (W2 @ W1).T).ravel()]


def test_linear_3223_rank_one_point_on_a_set_with_real_points():
    net, L, rng = network_and_loss("linear 3-2-2-3", target=U.ravel().tolist(), loss="frobenius", seed=0)
    full = GradientFamily(net, L, (), [], rng)
    W1, W2 = np.outer([1.0, 0], [1.0, 0, 0]), 3 * np.outer([1.0, 0], [1.0, 0])
    W3 = np.array([[1.0, 0], [0, 1], [0, 1j]])
    assert np.max(np.abs(_hand_gradient(W1, W2, W3))) < 1e-12                    # critical, by hand
    theta = np.concatenate([W1.ravel(), W2.ravel(), W3.ravel()]).astype(complex)
    assert all(np.allclose(A, B) for A, B in zip(linear_chain(net, theta), (W1, W2, W3)))
    p = _record(full, theta, L.u, 8, "hand", [])
    assert p is not None and not p.pure and p.dimension == 1
    assert p.real_parameters is True and p.kind not in ("complex", "unknown (no real parameter point found)")
    V1, V2, V3 = linear_chain(net, np.asarray(p.theta))
    assert max(np.max(np.abs(V.imag)) for V in (V1, V2, V3)) < 1e-12
    V1, V2, V3 = V1.real, V2.real, V3.real
    assert np.max(np.abs(_hand_gradient(V1, V2, V3))) < 1e-8                     # a real critical point, by hand
    assert np.allclose(V3 @ V2 @ V1, 3 * np.outer([1.0, 0, 0], [1.0, 0, 0]), atol=1e-8)   # of the same image
    assert [np.linalg.matrix_rank(V, tol=1e-7) for V in (V1, V2, V3)] == [1, 1, 2]


def test_dense_111_square_line_has_two_real_forms_typed_apart():
    for u in (1.0, -1.0):
        r = critical_points("dense 1-1-1 r=2", target=[u], seed=0, loss="frobenius")
        (line,) = [p for p in r.points if not p.pure]
        forms = [(np.asarray(line.theta).real, line.kind)] + [(np.asarray(t).real, k) for t, k, _ in line.real_forms]
        assert len(forms) == 2 and abs(forms[0][0][0]) < 1e-12 and abs(forms[1][0][0]) < 1e-12
        assert forms[0][0][1] * forms[1][0][1] < 0                                  # w2 > 0 and w2 < 0
        for (w1, w2), kind in forms:
            assert kind == ("maximum" if -4 * u * w2 < 0 else "minimum")            # the hand Hessian -4 u w2
        # the pure minimum (w2 w1^2 = u) and the line's minimum; the line's maximum: one class, counted once in real
        assert (r.real, r.minima, r.maxima, r.saddles) == (2, 2, 1, 0)


def test_orbit_with_a_non_real_invariant_has_no_real_parameters():
    """dense 2-1-1 r=3, y = w2 (w1 . x)^3: on w2 = 0 the point (w1, 0) is critical iff the real cubic <(w1 . x)^3, Q u>
    vanishes (the gradient in w2), a cubic in the ratio w1[1] / w1[0], which the rescalings (t w1, w2 / t^3) keep. A
    root that is not real puts the point on an orbit with no real point (at a real point the ratio is real), although
    its image 0 is real: "no real parameters", not "unknown" (before: unknown, no real parameter point found)."""
    r = critical_points("dense 2-1-1 r=3", loss="frobenius", seed=1, strata=False)
    on_line = [p for p in r.points if not p.pure and abs(p.theta[2]) < 1e-12 and abs(p.theta[0]) > 1e-9]
    assert len(on_line) == 3                                    # the three roots of the cubic
    for p in on_line:
        ratio = p.theta[1] / p.theta[0]
        assert p.real_parameters is (abs(ratio.imag) < 1e-9 * abs(ratio))
    assert r.real_parameters_unknown == 0
