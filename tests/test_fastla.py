"""algnet.core.fastla: exact float64-BLAS ranks and column rank profiles modulo p.

Truth: flint ``nmod_mat`` (rank and rref pivot columns), exact Python-int
products, and invariants (left multiplication by an invertible matrix keeps
the column rank profile; rank(A) = rank(A^T)).
"""

from __future__ import annotations

import flint
import numpy as np
import pytest

from algnet.core import fastla
from algnet.core.fastla import (
    BLAS_MAX_PRIME,
    ProductPlan,
    product_plan,
    rank_blas,
    rank_mod_p_auto,
    rank_profile_blas,
)
from algnet.core.primes import default_primes
from algnet.errors import ModulusError, ParameterError

P_MAX = default_primes(1)[0]          # largest prime below 2^28 (two-digit split products)
PRIMES = [2, 3, 101, 65521, 2**20 - 3, 16777213, P_MAX]


def flint_reference(A: np.ndarray, p: int):
    m, n = A.shape
    if m == 0 or n == 0:
        return 0, ()
    M = flint.nmod_mat(m, n, [int(x) % p for x in A.ravel().tolist()], p)
    R, r = M.rref()
    piv = []
    for row in R.tolist()[: int(r)]:
        piv.append(next(j for j, x in enumerate(row) if int(x) != 0))
    return int(r), tuple(piv)


def random_rank(m, n, r, p, rng) -> np.ndarray:
    """A random m x n matrix of rank <= r modulo p (product computed by flint)."""
    if min(m, n, r) == 0:
        return np.zeros((m, n), dtype=np.int64)
    X = flint.nmod_mat(m, r, [int(x) for x in rng.integers(0, p, size=m * r)], p)
    Y = flint.nmod_mat(r, n, [int(x) for x in rng.integers(0, p, size=r * n)], p)
    return np.array([[int(x) for x in row] for row in (X * Y).tolist()], dtype=np.int64)


@pytest.mark.parametrize("p", PRIMES)
@pytest.mark.parametrize("shape", [(40, 40, 17), (70, 300, 50), (300, 90, 90), (150, 120, 0)])
def test_random_rank_against_flint(p, shape):
    m, n, r = shape
    rng = np.random.default_rng(m * 1000 + n + p % 997)
    A = random_rank(m, n, r, p, rng)
    assert rank_profile_blas(A, p) == flint_reference(A, p)


@pytest.mark.parametrize("p", [2, 16777213, P_MAX])
def test_deep_recursion_against_flint(p):
    """200 pivots: recursive triangular solves (base 64) and several recursion levels."""
    rng = np.random.default_rng(p % 991)
    A = random_rank(280, 280, 200, p, rng)
    assert rank_profile_blas(A, p) == flint_reference(A, p)


@pytest.mark.parametrize("p", [2, 3, P_MAX])
def test_structured_against_flint(p):
    rng = np.random.default_rng(p % 1000)
    A = random_rank(120, 150, 100, p, rng)
    cases = []
    B = A.copy(); B[:, ::3] = 0; cases.append(B)                       # zero columns
    B = A.copy(); B[40:80] = B[:40]; cases.append(B)                    # repeated rows
    B = np.zeros((90, 130), dtype=np.int64); B[57, 101] = 1; cases.append(B)  # a single nonzero
    cases.append(np.zeros((70, 80), dtype=np.int64))                    # all zero
    cases.append(A[:1])                                                 # 1 x N
    cases.append(A[:, :1])                                              # N x 1
    cases.append(np.zeros((1, 1), dtype=np.int64))
    B = A.copy(); B[:, 60:] = (B[:, :90] * 2) % p; cases.append(B)      # dependent tail
    B = np.zeros((100, 100), dtype=np.int64); B[np.arange(99), np.arange(1, 100)] = 1; cases.append(B)  # shift
    B = A.copy(); B[:, :70] = 0; cases.append(B)                         # pivots start late
    for B in cases:
        assert rank_profile_blas(B, p) == flint_reference(B, p), B.shape


@pytest.mark.parametrize("shape", [(0, 0), (0, 5), (5, 0)])
def test_empty(shape):
    A = np.zeros(shape, dtype=np.int64)
    assert rank_profile_blas(A, 7) == (0, ())
    assert rank_mod_p_auto(A, 7) == 0
    assert rank_mod_p_auto(A, 7, pivots=True) == (0, ())


@pytest.mark.parametrize("p", [3, P_MAX])
def test_invariants(p):
    """Invertible row operations keep the column rank profile; rank(A) = rank(A^T)."""
    rng = np.random.default_rng(5)
    A = random_rank(200, 230, 150, p, rng)
    A[:, 10:40] = 0
    r, piv = rank_profile_blas(A, p)
    # invertible G = (unit lower) x (upper with nonzero diagonal) x (row permutation)
    Lo = np.tril(rng.integers(0, p, size=(200, 200)), -1) + np.eye(200, dtype=np.int64)
    Up = np.triu(rng.integers(0, p, size=(200, 200)), 1) + np.diag(rng.integers(1, p, size=200))
    Pm = np.eye(200, dtype=np.int64)[rng.permutation(200)]
    G = (flint.nmod_mat(200, 200, [int(x) for x in Lo.ravel()], p)
         * flint.nmod_mat(200, 200, [int(x) for x in Up.ravel()], p)
         * flint.nmod_mat(200, 200, [int(x) for x in Pm.ravel()], p))
    assert G.rank() == 200
    GA = G * flint.nmod_mat(200, 230, [int(x) for x in A.ravel()], p)
    GA = np.array([[int(x) for x in row] for row in GA.tolist()], dtype=np.int64)
    assert rank_profile_blas(GA, p) == (r, piv)
    assert rank_blas(A.T, p) == r == 150


@pytest.mark.parametrize("p", [2**20 - 3, P_MAX])
def test_chunked_products(monkeypatch, p):
    """Inner dimensions longer than kmax are cut into chunks (forced small here)."""
    plan = product_plan(p)
    small = ProductPlan(plan.p, plan.H, plan.split, 37)
    monkeypatch.setattr(fastla, "product_plan", lambda q: small)
    rng = np.random.default_rng(2)
    A = random_rank(260, 270, 230, p, rng)
    assert rank_profile_blas(A, p) == flint_reference(A, p)


@pytest.mark.parametrize("p", [2, 65521, 2**20 - 3, 16777213, P_MAX])
def test_products_exact_at_the_bound(p):
    """A k x kmax times kmax x n product of extreme residues equals the exact integer result mod p."""
    plan = product_plan(p)
    k = min(plan.kmax, 5000) + 3  # one chunk boundary crossed
    H = plan.H
    rng = np.random.default_rng(1)
    A = rng.choice([-H, H], size=(3, k)).astype(np.float64)
    A[0] = H
    B = rng.integers(-H, H + 1, size=(k, 2)).astype(np.float64)
    B[:, 0] = H
    got = fastla._mul(A, B, plan, fastla._Workspace())
    assert np.all(np.abs(got) <= H)
    Ai, Bi = A.astype(np.int64).tolist(), B.T.astype(np.int64).tolist()
    for i in range(3):
        for j in range(2):
            exact = sum(a * b for a, b in zip(Ai[i], Bi[j])) % p
            assert int(got[i, j]) % p == exact


def test_plans_document_the_bound():
    for p in PRIMES:
        plan = product_plan(p)
        H, s, k = plan.H, plan.split, plan.kmax
        assert H == p // 2 + 2
        if s == 0:
            assert H + k * H * H <= 2**52
        else:
            assert k * H * (H // 2**s + 1) <= 2**52
            assert H * (1 + 2**s) + k * H * 2 ** (s - 1) <= 2**52
    assert product_plan(P_MAX).split == 14 and product_plan(P_MAX).kmax >= 4000


def test_inputs_reduced_and_validated():
    A = np.array([[-1, 5], [3, 10**12]], dtype=np.int64)
    assert rank_profile_blas(A, 5) == flint_reference(A % 5, 5)
    Aobj = np.array([[10**30, 1], [2 * 10**30, 2]], dtype=object)
    assert rank_profile_blas(Aobj, 101) == flint_reference(np.mod(Aobj, 101).astype(np.int64), 101)
    U = np.array([[2**64 - 1, 0], [0, 1]], dtype=np.uint64)
    assert rank_profile_blas(U, 3) == (1, (1,))      # 2^64 - 1 = 0 mod 3
    from fractions import Fraction
    with pytest.raises(ParameterError):
        rank_profile_blas(np.array([[Fraction(1, 2)]], dtype=object), 7)
    with pytest.raises(ModulusError):
        rank_profile_blas(np.eye(3, dtype=np.int64), 15)
    with pytest.raises(ModulusError) as e:
        rank_profile_blas(np.eye(3, dtype=np.int64), 2**31 - 1)
    assert e.value.hint
    with pytest.raises(ParameterError):
        rank_profile_blas(np.eye(3), 7)
    with pytest.raises(ParameterError):
        rank_profile_blas(np.zeros((2, 2, 2), dtype=np.int64), 7)
    assert BLAS_MAX_PRIME == 2**28


@pytest.mark.parametrize("threshold", [1, 10**9])
def test_auto_both_routes(monkeypatch, threshold):
    monkeypatch.setattr(fastla, "AUTO_THRESHOLD", threshold)
    rng = np.random.default_rng(3)
    for p in (3, P_MAX):
        A = random_rank(90, 110, 60, p, rng)
        A[:, 5] = 0
        ref = flint_reference(A, p)
        assert rank_mod_p_auto(A, p) == ref[0]
        assert rank_mod_p_auto(A, p, pivots=True) == ref
    # primes above the BLAS bound go to flint
    big = 2**31 - 1
    A = np.array([[1, 2], [2, 4]])
    assert rank_mod_p_auto(A, big, pivots=True) == (1, (0,))


@pytest.mark.parametrize("p", [2, 3, 5, 2**20 - 3, P_MAX])
def test_reduction_and_conversion(p):
    """x - rint(x/p) p is exact, congruent to x and bounded by H, for |x| <= 2^52."""
    H = product_plan(p).H
    rng = np.random.default_rng(p % 101)
    x = np.concatenate([rng.integers(-(2**52), 2**52, size=2000, dtype=np.int64),
                        np.array([2**52, -(2**52), 2**52 - 1, 0, 1, -1], dtype=np.int64)])
    X = x.astype(np.float64)
    assert np.array_equal(X.astype(np.int64), x)
    R = fastla._reduce(X.copy(), p, np.empty_like(X))
    Ri = R.astype(np.int64)
    assert np.all(np.abs(Ri) <= H)
    assert all((int(a) - int(b)) % p == 0 for a, b in zip(x.tolist(), Ri.tolist()))
    y = np.unique(np.concatenate([np.arange(-H, -H + 50), np.arange(H - 50, H + 1), np.arange(-50, 51),
                                  rng.integers(-H, H + 1, size=500)]))
    y = y[np.abs(y) <= H]
    assert np.array_equal(fastla._to_canonical_int(y.astype(np.float64), p), np.mod(y, p))
