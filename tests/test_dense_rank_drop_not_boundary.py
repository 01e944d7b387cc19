"""dense 2-2-2-1 r=2: the stratum "rank W2 <= 1" is not a boundary point of the real neuromanifold.

Notebook 04 once called it one; since 2026-12-04 ``strata`` reports it smooth (a rank drop of the
parametrization) with no boundary, which looked like a lost finding. A second method settles it: the outputs are
the binary quartics c1 q1^2 + c2 q2^2 with q_j = a_j X^2 + b_j Y^2, X, Y = W1 (x, y), i.e. the quartics that are even
(alpha X^4 + beta X^2 Y^2 + gamma Y^4) in some real basis. A real quartic with four distinct roots is even in the
eigenbasis of a real involution of P^1 that swaps its roots in pairs and has real fixed points; below such weights
are constructed for quartics near c q^2 (the stratum, q definite or indefinite) and checked by evaluating the
network: every one is reached, so these points are interior points of the real M, not boundary points.
"""

import numpy as np

from algnet import parse_spec
from algnet.analyses.singular import rank_drop_locus, strata

NET = parse_spec("dense 2-2-2-1 r=2")


def _value(f, x, y):
    return sum(f[k] * x ** (4 - k) * y ** k for k in range(5))


def _real_weights(f, t1=0.37):
    """Real weights theta with mu(theta) = f (coefficients of x^(4-k) y^k), built by hand, or None."""
    z = np.roots(f)
    for (a, b), (c, d) in [((0, 1), (2, 3)), ((0, 2), (1, 3)), ((0, 3), (1, 2))]:
        # the Moebius involution z -> (al z + be) / (ga z - al) swapping z_a <-> z_b and z_c <-> z_d
        w = np.cross([z[a] + z[b], 1, -z[a] * z[b]], [z[c] + z[d], 1, -z[c] * z[d]])
        w = w / w[np.argmax(np.abs(w))]
        if np.max(np.abs(w.imag)) > 1e-7 or w.real[0] ** 2 + w.real[1] * w.real[2] <= 0:
            continue            # not real, or its fixed points are not real
        al, be, ga = w.real
        P = np.real(np.linalg.eig(np.array([[al, be], [ga, -al]]))[1])         # (x, y) = P (X, Y)
        pts = np.array([[1, 0], [0, 1], [1, 1], [1, -1], [1, 2]], float)
        A = np.array([[X ** 4, X ** 3 * Y, X ** 2 * Y ** 2, X * Y ** 3, Y ** 4] for X, Y in pts])
        F = np.linalg.solve(A, np.array([_value(f, *(P @ p)) for p in pts]))     # f in the basis X, Y
        if abs(F[1]) + abs(F[3]) > 1e-6 * np.abs(F).max():
            continue
        # (alpha, beta, gamma) = c1 (1, 2 t1, t1^2) + c2 (1, 2 t2, t2^2): t2 is the second point of the conic on the
        # real line through (1, 2 t1, t1^2) and the target (a root of a quadratic whose other root is t1)
        det = [np.linalg.det([[F[0], F[2], F[4]], [1, 2 * t1, t1 ** 2], [1, 2 * s, s ** 2]]) for s in (-1, 0, 1)]
        r = np.roots(np.polyfit([-1.0, 0.0, 1.0], det, 2))
        t2 = float(np.real(r[np.argmax(np.abs(r - t1))]))
        coef = np.linalg.lstsq([[1, 1], [2 * t1, 2 * t2], [t1 ** 2, t2 ** 2]], [F[0], F[2], F[4]], rcond=None)[0]
        return np.concatenate([np.linalg.inv(P).ravel(), [1, t1, 1, t2], coef])
    return None


def test_quartics_near_the_rank_w2_stratum_are_reached_by_real_weights():
    rng = np.random.default_rng(0)
    xy = rng.normal(size=(10, 2))
    for a, b, c in [(1.0, 0.3, 2.0), (1.0, 0.3, -2.0), (-0.5, 1.2, 0.4)]:     # q definite, indefinite, indefinite
        q2 = np.convolve([a, b, c], [a, b, c])                                  # q^2: a point of the stratum
        for eps in (1e-2, 1e-3):
            for _ in range(30):
                f = 1.5 * q2 + eps * np.linalg.norm(q2) * rng.normal(size=5)
                theta = _real_weights(f)
                assert theta is not None, f
                got = np.asarray(NET.evaluate(theta, xy)[:, 0], dtype=float)
                want = np.array([_value(f, x, y) for x, y in xy])
                assert np.max(np.abs(got - want)) <= 1e-8 * np.max(np.abs(want)), f


def test_strata_reports_no_boundary_on_that_stratum():
    r = strata(NET, seed=0, starts=2)
    row = next(s for s in r.strata if s.name == "rank W2 <= 1")
    assert (row.dimension, row.boundary) == (3, False)      # c q^2: 3 = 1 + 3 - 1 (c, q up to scale)
    nature = {d["name"]: d["nature"] for d in rank_drop_locus(r)}
    assert nature["rank W2 <= 1"] == "smooth point through a degenerate parametrization"
