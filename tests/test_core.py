"""Arithmetic core: primes, modular and exact linear algebra, CRT, pickling."""

import pickle
from fractions import Fraction

import flint
import numpy as np
import pytest
import sympy

from algnet.core import (
    ModP,
    check_prime,
    crt,
    default_primes,
    kernel_mod_p,
    kernel_qq,
    pivot_columns_mod_p,
    rank_mod_p,
    rank_qq,
    rational_reconstruction,
)
from algnet.core.crt import crt_vector, reconstruct_vector
from algnet.errors import ModulusError, ParameterError, ReconstructionError


def random_rank_matrix(m, n, r, seed):
    rng = np.random.default_rng(seed)
    return rng.integers(-9, 10, size=(m, r)) @ rng.integers(-9, 10, size=(r, n))


@pytest.mark.parametrize("m,n,r,seed", [(5, 7, 3, 0), (8, 4, 4, 1), (6, 6, 1, 2), (3, 9, 0, 3), (10, 10, 7, 4)])
def test_ranks_agree_with_sympy(m, n, r, seed):
    A = random_rank_matrix(m, n, r, seed)
    truth = sympy.Matrix(A.tolist()).rank()
    assert rank_qq(A) == truth
    for p in default_primes(2):
        assert rank_mod_p(A, p) == truth


def test_modular_rank_is_lower_bound_at_bad_prime():
    A = np.array([[3, 0], [0, 1]])
    assert rank_qq(A) == 2 and rank_mod_p(A, 3) == 1


def test_kernels_are_kernels():
    A = random_rank_matrix(4, 7, 2, 5)
    p = default_primes(1)[0]
    K = kernel_mod_p(A, p)
    assert K.shape == (5, 7)
    assert not np.any((A.astype(object) @ K.T.astype(object)) % p)
    Kq = kernel_qq(A)
    assert len(Kq) == 5
    for v in Kq:
        assert all(sum(Fraction(int(a)) * x for a, x in zip(row, v)) == 0 for row in A.tolist())


def test_pivots_are_independent_columns():
    A = random_rank_matrix(6, 8, 3, 9)
    piv = pivot_columns_mod_p(A, 101)
    assert len(piv) == 3
    assert sympy.Matrix(A[:, list(piv)].tolist()).rank() == 3


@pytest.mark.parametrize("bad", [0, 1, -7, 15, 2**31 - 1 + 0.5, "x", 2**61 - 1])
def test_bad_moduli_raise_algnet_error(bad):
    with pytest.raises(ModulusError):
        check_prime(bad)


def test_nmod_mat_never_sees_composite_modulus():
    with pytest.raises(ModulusError):
        rank_mod_p([[1, 2], [3, 4]], 12)


def test_float_matrix_rejected():
    with pytest.raises(ParameterError):
        rank_mod_p(np.array([[0.5, 1.0]]), 7)


def test_crt_and_reconstruction():
    x, M = crt([2, 3, 2], [3, 5, 7])
    assert x == 23 and M == 105
    primes = default_primes(3)
    target = Fraction(-12345, 678)
    res = [target.numerator * pow(target.denominator, -1, p) % p for p in primes]
    v, M = crt_vector([[r] for r in res], primes)
    assert reconstruct_vector(v, M) == [target]
    with pytest.raises(ReconstructionError):
        rational_reconstruction(5, 7)  # no small fraction fits: 5 = n/d mod 7 with |n|, d <= 1 fails


def test_modp_backend_arithmetic():
    B = ModP(101)
    assert B.const(Fraction(1, 2)) * 2 % 101 == 1
    A = B.asarray(np.arange(600).reshape(2, 300))
    C = B.asarray(np.arange(600).reshape(300, 2))
    exact = (np.arange(600).reshape(2, 300).astype(object) @ np.arange(600).reshape(300, 2).astype(object)) % 101
    assert (B.matmul(A, C) == exact.astype(np.int64)).all()


def test_large_prime_matmul_does_not_overflow():
    p = default_primes(1)[0]
    B = ModP(p)
    rng = np.random.default_rng(0)
    A = rng.integers(0, p, size=(3, 1000))
    C = rng.integers(0, p, size=(1000, 2))
    exact = (A.astype(object) @ C.astype(object)) % p
    assert (B.matmul(A, C) == exact.astype(np.int64)).all()


def test_flint_objects_pickle():
    M = flint.fmpq_mat(2, 2, [flint.fmpq(1, 2), 3, 4, 5])
    assert pickle.loads(pickle.dumps(M)) == M
    assert pickle.loads(pickle.dumps(flint.fmpz(2**100))) == 2**100
