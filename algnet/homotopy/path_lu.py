"""The LU of one path's Jacobian (complex, partial pivoting), for the path-by-path kernel of
:mod:`algnet.homotopy.kernels` and the endpoint kernels of :mod:`algnet.homotopy.endpoint_kernels`.

LAPACK's order (``zgetrf``/``zgetrs``: whole rows swapped, multipliers below the diagonal), the pivot chosen by
``|re| + |im|``, the back substitution dividing by the pivots (:func:`algnet.homotopy.block_lu._cdiv`: nan for a
zero pivot). Compiled without reference counting (``_nrt=False``, see :mod:`algnet.homotopy.kernels`): these
functions allocate nothing, and the counting of their array arguments at every call cost more than a small
solve. The LU of a block of paths is :mod:`algnet.homotopy.block_lu`.

Examples
--------
>>> import numpy as np
>>> A = np.array([[1.0, 2.0], [3.0, 4.0]], complex)
>>> b = np.array([5.0, 6.0], complex)
>>> piv = np.empty(2, np.int64)
>>> bool(_lu_solve2(A, b, b, False, piv)), b.real.round(12).tolist()      # x + 2 y = 5, 3 x + 4 y = 6
(True, [-4.0, 4.5])
"""

from __future__ import annotations

from algnet.homotopy.kernel_cache import kernel_njit
from algnet.homotopy.block_lu import _cdiv

_BORROW = dict(error_model="numpy", _nrt=False)     # x / 0 = inf/nan; no reference counting (module doc)

__all__: list = []


@kernel_njit(**_BORROW)
def _lu_factor(A, piv):
    """LU with partial pivoting in place (multipliers below the diagonal, row k swapped with piv[k]);
    False when a pivot is zero (singular)."""
    n = A.shape[0]
    for k in range(n):
        p = k
        best = abs(A[k, k].real) + abs(A[k, k].imag)
        for i in range(k + 1, n):
            v = abs(A[i, k].real) + abs(A[i, k].imag)
            if v > best:
                best = v
                p = i
        piv[k] = p
        if best == 0.0:
            return False
        if p != k:
            for j in range(n):
                t = A[k, j]
                A[k, j] = A[p, j]
                A[p, j] = t
        inv = 1.0 / A[k, k]
        for i in range(k + 1, n):
            f = A[i, k] * inv
            A[i, k] = f
            if f != 0:
                for j in range(k + 1, n):
                    A[i, j] -= f * A[k, j]
    return True


@kernel_njit(**_BORROW)
def _lu_apply(A, piv, b):
    """Solve with the factorization of :func:`_lu_factor` in place."""
    n = A.shape[0]
    for k in range(n):          # the row swaps first (whole rows were swapped, multipliers included)
        p = piv[k]
        if p != k:
            t = b[k]
            b[k] = b[p]
            b[p] = t
    for k in range(n):
        for i in range(k + 1, n):
            b[i] -= A[i, k] * b[k]
    for i in range(n - 1, -1, -1):
        s = b[i]
        for j in range(i + 1, n):
            s -= A[i, j] * b[j]
        b[i] = _cdiv(s, A[i, i])


@kernel_njit(**_BORROW)
def _lu_solve2(A, b1, b2, two, piv):
    """Solve A y = b1 (and A z = b2 if ``two``) in place; A is overwritten by its factorization
    (pivots in piv). Returns False when a pivot is zero (singular)."""
    if not _lu_factor(A, piv):
        return False
    _lu_apply(A, piv, b1)
    if two:
        _lu_apply(A, piv, b2)
    return True
