"""Published cases no issue lists, each against a hand computation (all agree).

* Trager-Kohn-Bruna (ICLR 2020, arXiv:1910.01671) with regression data whose second-moment matrix
  Sigma = X^T X is not the identity: ||W X^T - Y^T||^2 = ||W Sigma^(1/2) - U||^2 + const with
  U = Y^T X Sigma^(-1/2), and W -> W Sigma^(1/2) keeps the rank, so the critical images are Eckart-Young's
  truncations of U on every rank stratum (Baldi-Hornik 1989): for linear 3-2-3, C(3,2) + C(3,1) + C(3,0) = 7, three
  of them pure, one minimum, their losses read off the SVD of U.
* Width-one bottlenecks (Finkel-Rodriguez-Wu-Yahl, arXiv:2408.04569, prove the activation threshold only without
  them; Kileel-Trager-Bruna's expected dimension overcounts): behind a hidden layer of width one every output
  is c_i g^N with g the head network's single output, and (c, g) -> c g^N has exactly the scaling as its generic
  fiber, so dim = dim(head) + d_L - 1: dense 3-2-1-2-3 r=2 has dimension 5 + 3 - 1 = 7 (the head, ternary
  quadrics of rank <= 2, is the determinant hypersurface), not the expected 8.
* Friedland-Ottaviani (*The number of singular vector tuples and uniqueness of best rank-one approximation of
  tensors*, Found. Comput. Math. 2014, Thm. 12): a generic partially symmetric tensor in
  C^m x S^d(C^n) has as many eigenvector pairs as the coefficient of t1^(m-1) t2^(n-1) in
  prod_i (T_i^(n_i) - t_i^(n_i)) / (T_i - t_i), T_i = (sum_j d_j t_j) - t_i; that is the Bombieri-Weyl ED degree
  of {c (w . x)^d} = dense n-1-m r=d. Expanded here with sympy.
"""

import itertools

import numpy as np
import pytest
import sympy as sp

import algnet
from algnet.analyses.critical import critical_points, ed_degree


def test_linear_network_with_correlated_data_against_eckart_young():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(12, 3)) @ np.diag([1.0, 3.0, 0.5])      # Sigma = X^T X far from the identity
    Y = rng.normal(size=(12, 3))
    r = critical_points("linear 3-2-3", loss=(X, Y), seed=0)
    assert not r.partial
    assert (r.critical_points, r.function_space_points, r.pure, r.spurious) == (7, 7, 3, 4)
    assert (r.real, r.minima, r.saddles, r.maxima) == (7, 1, 6, 0)
    w, V = np.linalg.eigh(X.T @ X)
    Shi = V @ np.diag(w ** -0.5) @ V.T
    u, s, vt = np.linalg.svd(Y.T @ X @ Shi)
    want = {}
    for k in range(3):
        for S in itertools.combinations(range(3), k):
            W = sum((s[i] * np.outer(u[:, i], vt[i]) for i in S), np.zeros((3, 3))) @ Shi
            want[S] = float(np.sum((X @ W.T - Y) ** 2))
    got = sorted(p.loss for p in r.points)
    assert got == pytest.approx(sorted(want.values()), rel=1e-9)
    [best] = [p for p in r.points if p.kind == "minimum"]
    assert best.pure and best.loss == pytest.approx(want[(0, 1)], rel=1e-9)   # the two largest singular values


@pytest.mark.parametrize("spec, head_dim, want", [
    ("dense 2-1-2-1 r=2", 2, 2),          # head (w . x)^2: the cone over a conic, dimension 2
    ("dense 3-1-1-3 r=2", 3, 5),
    ("dense 3-2-1-2-3 r=2", 5, 7),        # head: ternary quadrics of rank <= 2 (Alexander-Hirschowitz defective)
    ("dense 2-2-1-2-2 r=3", 4, 5),        # head: sums of two binary cubes = all binary cubics
    ("dense 2-3-1-3-1 r=2", 3, 3),        # head: all binary quadrics; one output
])
def test_width_one_bottleneck_dimension_by_hand(spec, head_dim, want):
    d = algnet.dimension(spec, seed=0)
    d_out = int(spec.split()[1].split("-")[-1])
    assert want == head_dim + d_out - 1
    assert d.dimension == want and d.certified


def _fo_count(m, n, d):
    t1, t2 = sp.symbols("t1 t2")
    T1 = (1 * t1 + d * t2) - t1
    T2 = (1 * t1 + d * t2) - t2
    f = sp.cancel((T1 ** m - t1 ** m) / (T1 - t1)) * sp.cancel((T2 ** n - t2 ** n) / (T2 - t2))
    return int(sp.Poly(sp.expand(f), t1, t2).coeff_monomial(t1 ** (m - 1) * t2 ** (n - 1)))


@pytest.mark.parametrize("spec, m, n, d", [("dense 2-1-2 r=2", 2, 2, 2), ("dense 2-1-2 r=3", 2, 2, 3),
                                           ("dense 2-1-3 r=2", 3, 2, 2)])
def test_bombieri_ed_degree_of_partially_symmetric_rank_one(spec, m, n, d):
    want = _fo_count(m, n, d)
    assert want == {(2, 2, 2): 4, (2, 2, 3): 6, (3, 2, 2): 4}[(m, n, d)]     # expanded by hand as well
    r = ed_degree(spec, metric="bombieri", seed=0)
    assert r.ed_degree == want and not r.critical.partial
