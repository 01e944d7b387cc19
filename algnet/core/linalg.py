"""Matrices over GF(p) and QQ: rank, pivots, kernels, rref (functions over :class:`algnet.core.matrix.Matrix`).

These functions are the former entry points, kept as one-line wrappers of
the matrix layer (:mod:`algnet.core.matrix`), where the methods and their
thresholds are chosen.

Ranks over QQ go through modular ranks: a rank modulo p of an integer
matrix is a proved lower bound of its rank over QQ, and equality holds
unless p divides every maximal nonzero minor. Fraction-free elimination of
large rank-deficient integer matrices (flint ``fmpz_mat.rank``) is far
slower (measured: ~30 s for 800x800 against ~0.2 s for a 1000x1000
``nmod_mat``), so it is used only for small matrices or when asked.

Examples
--------
>>> import numpy as np
>>> A = np.array([[1, 2, 3], [2, 4, 6], [1, 0, 1]])
>>> rank_mod_p(A, 101)
2
>>> pivot_columns_mod_p(A, 101)
(0, 1)
>>> K = kernel_mod_p(A, 101); K.shape
(1, 3)
>>> rank_qq(A)
2
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.core.matrix import Matrix, from_nmod_mat, to_fmpq_mat, to_nmod_mat
from algnet.core.primes import check_prime

__all__ = [
    "to_nmod_mat",
    "from_nmod_mat",
    "rank_mod_p",
    "rref_mod_p",
    "pivot_columns_mod_p",
    "kernel_mod_p",
    "rank_qq",
    "kernel_qq",
    "to_fmpq_mat",
]


def _gf(A, p) -> Matrix:
    return Matrix(A, check_prime(p, max_prime=2**62))


def rank_mod_p(A, p: int, method: str = "auto") -> int:
    """Rank of an integer matrix modulo the prime ``p`` (a lower bound of its rank over QQ).

    Examples
    --------
    >>> rank_mod_p([[2, 0], [0, 3]], 3)
    1
    """
    return _gf(A, p).rank(method)


def rref_mod_p(A, p: int) -> tuple[np.ndarray, int]:
    """Reduced row echelon form modulo ``p`` and the rank.

    Examples
    --------
    >>> R, r = rref_mod_p([[2, 4], [1, 2]], 7); R.tolist(), r
    ([[1, 2], [0, 0]], 1)
    """
    return _gf(A, p).rref()


def pivot_columns_mod_p(A, p: int, method: str = "auto") -> tuple[int, ...]:
    """Indices of pivot columns (a maximal set of independent columns, mod p).

    Examples
    --------
    >>> pivot_columns_mod_p([[0, 1, 1], [0, 2, 2]], 5)
    (1,)
    """
    return _gf(A, p).pivots(method)


def kernel_mod_p(A, p: int) -> np.ndarray:
    """A basis of the right kernel {x : A x = 0} modulo ``p``, as rows.

    The basis is in reduced form: each row has a 1 at a distinct free column
    and zeros at the other free columns.

    Examples
    --------
    >>> kernel_mod_p([[1, 1]], 5).tolist()
    [[4, 1]]
    """
    return _gf(A, p).nullspace()


def rank_qq(A) -> int:
    """Exact rank over QQ (flint; meant for small matrices).

    Examples
    --------
    >>> rank_qq([[Fraction(1, 2), 1], [1, 2]])
    1
    """
    return Matrix(A, "QQ").rank()


def kernel_qq(A) -> list[list[Fraction]]:
    """Basis of the right kernel over QQ (small matrices), as rows of Fractions.

    Examples
    --------
    >>> kernel_qq([[1, 1]])
    [[Fraction(-1, 1), Fraction(1, 1)]]
    """
    return Matrix(A, "QQ").nullspace()
