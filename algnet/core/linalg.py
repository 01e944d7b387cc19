"""Matrices over GF(p) and QQ: rank, pivots, kernels, rref.

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

import flint
import numpy as np

from algnet.core.primes import check_prime
from algnet.errors import ParameterError

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


def _as_int_array(A) -> np.ndarray:
    A = np.asarray(A)
    if A.ndim != 2:
        raise ParameterError(f"expected a 2-D matrix, got shape {A.shape}", hint="pass a list of rows or a 2-D array")
    if A.dtype == object:
        return A
    if not np.issubdtype(A.dtype, np.integer):
        raise ParameterError(f"expected an integer matrix, got dtype {A.dtype}",
                             hint="floating-point ranks are unreliable; convert to integers or fractions")
    return A


def to_nmod_mat(A, p: int) -> flint.nmod_mat:
    """Convert an integer array to a flint ``nmod_mat`` modulo the prime ``p``.

    Examples
    --------
    >>> to_nmod_mat([[1, -1]], 7).tolist()
    [[1, 6]]
    """
    p = check_prime(p, max_prime=2**62)
    A = _as_int_array(A)
    m, n = A.shape
    if A.dtype != object:
        A = np.mod(A, p)
    else:
        A = np.vectorize(lambda x: int(x) % p, otypes=[object])(A) if A.size else A
    if m == 0 or n == 0:
        return flint.nmod_mat(m, n, p)
    return flint.nmod_mat(m, n, [int(x) for x in A.ravel().tolist()], p)


def from_nmod_mat(M: flint.nmod_mat) -> np.ndarray:
    """Convert an ``nmod_mat`` to an int64 array of residues in [0, p)."""
    m, n = M.nrows(), M.ncols()
    if m == 0 or n == 0:
        return np.zeros((m, n), dtype=np.int64)
    return np.array([[int(x) for x in row] for row in M.tolist()], dtype=np.int64)


def rank_mod_p(A, p: int) -> int:
    """Rank of an integer matrix modulo the prime ``p`` (a lower bound of its rank over QQ).

    Examples
    --------
    >>> rank_mod_p([[2, 0], [0, 3]], 3)
    1
    """
    M = to_nmod_mat(A, p)
    if M.nrows() == 0 or M.ncols() == 0:
        return 0
    return int(M.rank())


def rref_mod_p(A, p: int) -> tuple[np.ndarray, int]:
    """Reduced row echelon form modulo ``p`` and the rank.

    Examples
    --------
    >>> R, r = rref_mod_p([[2, 4], [1, 2]], 7); R.tolist(), r
    ([[1, 2], [0, 0]], 1)
    """
    M = to_nmod_mat(A, p)
    if M.nrows() == 0 or M.ncols() == 0:
        return from_nmod_mat(M), 0
    R, r = M.rref()
    return from_nmod_mat(R), int(r)


def _pivots(R: np.ndarray, r: int) -> tuple[int, ...]:
    piv = []
    for i in range(r):
        nz = np.flatnonzero(R[i])
        piv.append(int(nz[0]))
    return tuple(piv)


def pivot_columns_mod_p(A, p: int) -> tuple[int, ...]:
    """Indices of pivot columns (a maximal set of independent columns, mod p).

    Examples
    --------
    >>> pivot_columns_mod_p([[0, 1, 1], [0, 2, 2]], 5)
    (1,)
    """
    R, r = rref_mod_p(A, p)
    return _pivots(R, r)


def kernel_mod_p(A, p: int) -> np.ndarray:
    """A basis of the right kernel {x : A x = 0} modulo ``p``, as rows.

    The basis is in reduced form: each row has a 1 at a distinct free column
    and zeros at the other free columns.

    Examples
    --------
    >>> kernel_mod_p([[1, 1]], 5).tolist()
    [[4, 1]]
    """
    R, r = rref_mod_p(A, p)
    n = R.shape[1]
    piv = _pivots(R, r)
    free = [j for j in range(n) if j not in set(piv)]
    K = np.zeros((len(free), n), dtype=np.int64)
    for t, f in enumerate(free):
        K[t, f] = 1
        for i, pc in enumerate(piv):
            K[t, pc] = (-R[i, f]) % p
    return K


def to_fmpq_mat(A) -> flint.fmpq_mat:
    """Convert integers, Fractions or flint rationals to an ``fmpq_mat``."""
    A = np.asarray(A, dtype=object)
    if A.ndim != 2:
        raise ParameterError(f"expected a 2-D matrix, got shape {A.shape}", hint="pass a list of rows")
    m, n = A.shape
    vals = []
    for x in A.ravel().tolist():
        if isinstance(x, Fraction):
            vals.append(flint.fmpq(x.numerator, x.denominator))
        elif isinstance(x, (int, np.integer)):
            vals.append(flint.fmpq(int(x)))
        elif isinstance(x, (flint.fmpq, flint.fmpz)):
            vals.append(flint.fmpq(x))
        else:
            raise ParameterError(f"entry {x!r} is not an exact rational", hint="use ints or fractions.Fraction")
    return flint.fmpq_mat(m, n, vals)


def rank_qq(A) -> int:
    """Exact rank over QQ (fraction-free; meant for small matrices).

    Examples
    --------
    >>> from fractions import Fraction
    >>> rank_qq([[Fraction(1, 2), 1], [1, 2]])
    1
    """
    M = to_fmpq_mat(A)
    if M.nrows() == 0 or M.ncols() == 0:
        return 0
    return int(M.rank())


def kernel_qq(A) -> list[list[Fraction]]:
    """Basis of the right kernel over QQ (small matrices), as rows of Fractions.

    Examples
    --------
    >>> kernel_qq([[1, 1]])
    [[Fraction(-1, 1), Fraction(1, 1)]]
    """
    M = to_fmpq_mat(A)
    n = M.ncols()
    if M.nrows() == 0:
        return [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    R, r = M.rref()
    rows = [[Fraction(int(x.p), int(x.q)) for x in row] for row in R.tolist()]
    piv = []
    for i in range(int(r)):
        piv.append(next(j for j in range(n) if rows[i][j] != 0))
    free = [j for j in range(n) if j not in set(piv)]
    out = []
    for f in free:
        v = [Fraction(0)] * n
        v[f] = Fraction(1)
        for i, pc in enumerate(piv):
            v[pc] = -rows[i][f]
        out.append(v)
    return out
