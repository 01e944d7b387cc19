"""The matrix layer: one suite run over every domain and backend, against independent truths."""

from fractions import Fraction

import numpy as np
import pytest

from algnet.core.domains import GF, QQ
from algnet.core.matrix import FASTLA_THRESHOLD, Matrix
from algnet.errors import NotApplicableError, ParameterError

P = 1_000_003          # a prime below 2^28 (both GF(p) backends)
BIG_P = 2**61 - 1      # above 2^28: flint only


def _low_rank(m, n, r, rng):
    """An integer matrix of rank r (product of random m x r and r x n integer matrices, generic)."""
    return rng.integers(-50, 50, size=(m, r)) @ rng.integers(-50, 50, size=(r, n))


GF_BACKENDS = [("flint", P), ("fastla", P), ("auto", P), ("flint", BIG_P), ("auto", BIG_P)]


@pytest.mark.parametrize("method,p", GF_BACKENDS)
@pytest.mark.parametrize("shape,r", [((7, 9), 4), ((12, 5), 5), ((1, 1), 0), ((30, 30), 17)])
def test_gf_rank_and_pivots_of_constructed_matrices(method, p, shape, r):
    rng = np.random.default_rng(r + shape[0])
    A = _low_rank(*shape, r, rng) if r else np.zeros(shape, dtype=np.int64)
    M = Matrix(A, GF(p) if p < 2**28 else p)
    if method == "fastla" and p >= 2**28:
        pytest.skip("fastla needs p < 2^28")
    rank, piv = M.rank_profile(method)
    assert rank == M.rank(method) == r                   # by construction (a generic product has rank r)
    assert len(piv) == r and list(piv) == sorted(piv)
    # the pivots are the first independent columns: each pivot column raises the rank of the prefix
    for j in range(A.shape[1]):
        before = Matrix(A[:, :j], p).rank("flint") if j else 0
        assert (Matrix(A[:, :j + 1], p).rank("flint") > before) == (j in piv)


@pytest.mark.parametrize("method", ["flint", "fastla", "auto"])
def test_gf_large_matrix_uses_fastla_and_agrees(method):
    rng = np.random.default_rng(0)
    n = FASTLA_THRESHOLD + 10
    A = _low_rank(n, n + 5, n - 7, rng)
    M = Matrix(A, GF(P))
    assert M.choose() == "fastla"
    assert M.rank_profile(method) == Matrix(A, GF(P)).rank_profile("flint")
    assert M.rank(method) == n - 7


@pytest.mark.parametrize("domain", [GF(101), 101, QQ, "QQ"])
def test_nullspace_and_rref_are_consistent(domain):
    rng = np.random.default_rng(5)
    A = _low_rank(6, 9, 4, rng)
    M = Matrix(A, domain)
    K = M.nullspace()
    R, r = M.rref()
    assert r == 4 and len(K) == 9 - 4
    if M.kind == "GF(p)":
        assert np.all((np.asarray(A) % 101) @ np.asarray(K).T % 101 == 0)
        assert np.all(Matrix(R, 101).rref()[0] == R)           # rref is idempotent
    else:
        for v in K:
            assert all(sum(Fraction(int(a)) * x for a, x in zip(row, v)) == 0 for row in A.tolist())


@pytest.mark.parametrize("method", ["flint", "multimodular", "auto"])
def test_qq_rank_with_fractions(method):
    A = [[Fraction(1, 2), Fraction(1, 3), 1], [1, Fraction(2, 3), 2], [0, 1, Fraction(5, 7)]]
    # row 2 = 2 * row 1: rank 2 (hand computation)
    assert Matrix(A, QQ).rank(method) == 2
    assert Matrix(A, QQ).pivots() == (0, 1)


def test_qq_reduction_and_bad_denominator():
    M = Matrix([[Fraction(1, 7), 1]], QQ)
    with pytest.raises(ZeroDivisionError):
        M.reduce(7)
    assert M.reduce(5).data.tolist() == [[3, 1]]                # 1/7 = 3 mod 5


@pytest.mark.parametrize("domain", ["RR", "CC", QQ])
def test_numerical_rank(domain):
    rng = np.random.default_rng(1)
    A = _low_rank(8, 6, 3, rng)
    if domain == "CC":
        A = A * (1 + 2j)
    assert Matrix(A, domain).numerical_rank()[0] == 3
    if domain in ("RR", "CC"):
        assert Matrix(A, domain).rank() == 3
        with pytest.raises(NotApplicableError):
            Matrix(A, domain).rref()
    with pytest.raises(NotApplicableError):
        Matrix(np.eye(2, dtype=np.int64), GF(101)).numerical_rank()


def test_bad_input():
    with pytest.raises(ParameterError):
        Matrix([1, 2], 7)
    with pytest.raises(ParameterError):
        Matrix([[1.5]], 7)
    with pytest.raises(ParameterError):
        Matrix([[1]], "ZZ/2")
    with pytest.raises(ParameterError):
        Matrix([[1]], 7).rank("gauss")


def test_empty_matrices():
    for dom in (7, QQ, "RR"):
        assert Matrix(np.zeros((0, 3), dtype=np.int64), dom).rank() == 0
    assert Matrix(np.zeros((0, 3), dtype=np.int64), 7).nullspace().shape == (3, 3)
