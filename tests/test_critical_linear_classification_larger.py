"""The whole classification of larger linear networks (Frobenius loss) against the published truth.

Trager-Kohn-Bruna (ICLR 2020, arXiv:1910.01671): the critical images of L = |W_L ... W_1 - U|^2 are the truncations
of the SVD of U keeping a set S of singular values with |S| <= r (r the narrowest width), pure exactly when |S| = r.
Baldi-Hornik (1989): for two layers every critical point but the global minimum (S = the r largest) is a saddle.
Deeper, the origin has a zero Hessian (L's terms in the weights have degree 3 and 6 there). The Hessian signatures
are checked against central finite differences of L written with numpy (not algnet's evaluation) at the reported
real parameter points.
"""

from itertools import combinations

import numpy as np
import pytest

from algnet.analyses.critical import critical_points


def _loss(widths, U):
    sizes = [(b, a) for a, b in zip(widths, widths[1:])]

    def f(th):
        W, k = np.eye(widths[0]), 0
        for rows, cols in sizes:
            W = th[k:k + rows * cols].reshape(rows, cols) @ W
            k += rows * cols
        return float(np.sum((W - U) ** 2)), W

    return f


def _signs(f, th, h=1e-3):
    n = th.size
    E = np.eye(n) * h
    H = np.array([[(f(th + E[i] + E[j])[0] - f(th + E[i] - E[j])[0] - f(th - E[i] + E[j])[0]
                    + f(th - E[i] - E[j])[0]) / (4 * h * h) for j in range(n)] for i in range(n)])
    ev = np.linalg.eigvalsh((H + H.T) / 2)
    tol = 1e-5 * max(1.0, np.abs(ev).max())
    return int(np.sum(ev > tol)), int(np.sum(ev < -tol)), H


def _subset(Y, A, s, Bt):
    """The set S of singular values of U whose truncation is Y, or None."""
    for k in range(len(s) + 1):
        for S in combinations(range(len(s)), k):
            T = sum((s[i] * np.outer(A[:, i], Bt[i]) for i in S), np.zeros_like(Y))
            if np.abs(T - Y).max() <= 1e-7 * (1 + np.abs(Y).max()):
                return S
    return None


@pytest.mark.parametrize("widths, seed", [((4, 2, 4), 0), ((2, 2, 2, 2), 0)])
def test_linear_classification_against_svd_truncations_and_finite_differences(widths, seed):
    spec = "linear " + "-".join(map(str, widths))
    m, n, r = widths[-1], widths[0], min(widths)
    res = critical_points(spec, loss="frobenius", seed=seed)
    # two GL hidden layers: weight matrices of lower rank, not zero, are searched locally (Newton from random starts
    # per rank pattern, algnet.analyses.critical.rank_patterns), which proves nothing complete: lower bounds
    assert not res.partial if len(widths) == 3 else "rank patterns" in res.partial_reason, res.partial_reason
    U = np.asarray(res.target, dtype=float).reshape(m, n)
    A, s, Bt = np.linalg.svd(U, full_matrices=False)
    want = [S for k in range(r + 1) for S in combinations(range(min(m, n)), k)]
    # points are counted modulo the symmetries: one image can carry several GL orbits (linear 2-2-2-2: the image 0 at
    # (I, 0, 0), (0, I, 0), (0, 0, I), whose orbit closures hold the origin, so it is no isolated point; each rank-one
    # image at weight ranks (1, 2, 1), (2, 1, 1) and (1, 1, 2): Macaulay2's minimal primes of the critical ideal, in
    # tests/test_critical_rank_patterns.py): 1 + 3 + 2 * 3 = 10 points on the 4 images, and at image 0 the set of
    # ranks (1, 1, 1) (W3 W2 = W2 W1 = 0), of dimension 1 modulo GL, counted in `real` beside the points
    sets = (1,) if widths == (2, 2, 2, 2) else ()
    assert res.function_space_points == len(want) and tuple(res.positive_dimensional) == sets
    assert res.real == res.critical_points + len(sets)
    assert res.critical_points == (10 if widths == (2, 2, 2, 2) else len(want))
    f = _loss(widths, U)
    found = []
    for p in res.points:
        th = np.asarray(p.theta)
        assert np.abs(th.imag).max() == 0 and p.real_parameters       # every real rank <= r matrix has real weights
        value, W = f(th.real)
        S = _subset(np.asarray(p.image, dtype=complex).real.reshape(m, n), A, s, Bt)
        assert S is not None
        assert np.abs(W - sum((s[i] * np.outer(A[:, i], Bt[i]) for i in S), np.zeros((m, n)))).max() <= 1e-6
        found.append(S)
        assert p.pure == (len(S) == r)
        assert abs(p.loss - value) <= 1e-8 * (1 + value)
        pos, neg, H = _signs(f, th.real)
        assert (pos, neg) == tuple(p.signature[:2]), (S, p.signature, pos, neg)
        if S == tuple(range(r)):
            assert p.kind == "minimum"
        elif len(widths) == 3:
            assert p.kind == "saddle"                                   # Baldi-Hornik
        if not S and len(widths) > 3 and not np.any(th):
            assert np.abs(H).max() < 1e-4 and p.kind == "degenerate"     # the origin of a deep network
    assert sorted(set(found)) == sorted(want)
    assert res.minima == 1 and res.pure == len([S for S in want if len(S) == r])


@pytest.mark.slow
def test_two_local_minima_of_a_generic_metric_against_local_descents():
    """A generic positive-definite metric on the 3 x 3 matrices of rank <= 2 (linear 3-2-3, seed 1): unlike the
    Frobenius norm it has a second local minimum. The minima reported are the local minima BFGS reaches from 200
    random starts on L(W1, W2) written with numpy (second method: every converged descent ends at one of them, each
    of them is reached; their loss values agree)."""
    from scipy.optimize import minimize

    from algnet import parse_spec
    from algnet.analyses.critical.loss import make_loss

    net = parse_spec("linear 3-2-3")
    res = critical_points(net, loss="generic", seed=1)
    L = make_loss(net, "generic", rng=np.random.default_rng(1))       # the run's loss (same seed, same draws)
    assert np.allclose(L.u, res.target) and not res.partial
    Q, u, T = np.asarray(L.Q, dtype=float), np.asarray(L.u, dtype=float), np.asarray(L.T).real

    def f(th):
        c = T @ (th[6:].reshape(3, 2) @ th[:6].reshape(2, 3)).ravel() - u
        return float(c @ Q @ c)

    def grad(th):
        W1, W2 = th[:6].reshape(2, 3), th[6:].reshape(3, 2)
        G = (2 * T.T @ Q @ (T @ (W2 @ W1).ravel() - u)).reshape(3, 3)
        return np.concatenate([(W2.T @ G).ravel(), (G @ W1.T).ravel()])

    g = np.random.default_rng(0)
    ends = []
    for _ in range(200):
        r = minimize(f, g.normal(size=12) * g.uniform(0.3, 3.0), jac=grad, method="BFGS",
                     options=dict(gtol=1e-9, maxiter=20000))
        if np.linalg.norm(grad(r.x)) < 1e-7:          # converged (some descents crawl along the fibers)
            ends.append(r.fun)
    reported = sorted(p.loss for p in res.points if p.kind == "minimum")
    assert res.minima == len(reported) == 2 and len(ends) >= 100
    assert all(min(abs(e - v) for v in reported) <= 1e-5 * (1 + e) for e in ends)
    assert all(sum(abs(e - v) <= 1e-5 * (1 + e) for e in ends) >= 5 for v in reported)
