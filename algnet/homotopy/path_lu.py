"""The LU of one path's Jacobian (complex, partial pivoting), for the path-by-path kernel of
:mod:`algnet.homotopy.kernels` and the endpoint kernels of :mod:`algnet.homotopy.endpoint_kernels`.

LAPACK's order (``zgetrf``/``zgetrs``: whole rows swapped, multipliers below the diagonal), the pivot chosen by
``|re| + |im|``, the pivots kept on the diagonal. Compiled without reference counting (``_nrt=False``, see
:mod:`algnet.homotopy.kernels`): these functions allocate nothing, and the counting of their array arguments at
every call cost more than a small solve. The LU of a block of paths is :mod:`algnet.homotopy.block_lu`.

Division by a pivot d (the reciprocal in the factorization, the quotient in the back substitution) is done in real
arithmetic, s conj(d) / |d|^2 with one real division (:func:`_quotient`, :func:`_reciprocal`), where |d|^2 lies in
[1e-290, 1e290]; outside that range (and for a zero, infinite or nan pivot) numba's complex division (Smith's
algorithm, three real divisions and a branch; :func:`algnet.homotopy.block_lu._cdiv`: nan for a zero pivot). Both
are within a few units in the last place of the exact quotient (``tests/test_path_lu.py`` checks against rational
arithmetic), not bit for bit alike. The real form costs 1.07-1.12x less CPU for a factorization and two solves of
random complex matrices at n = 6-20, about 5% less in the path-by-path kernel.

Two right-hand sides (the corrector's update and velocity, the light evaluation's two solves) are solved in one
pass (:func:`_lu_apply2`), bit for bit the two single solves: 1.4-1.55x less CPU than two :func:`_lu_apply` calls
at n = 6-20 (random complex matrices); in the path-by-path kernel within the noise: the solves are a small part
of the kernel's time.

Tried, not adopted (the same random-matrix harness): the back substitution by
columns (LAPACK ``ztrsv``'s order) 1.0x; ``fastmath={"contract"}`` no change; unsigned indices (no negative-index
fix-ups in the elimination's inner loop, which LLVM leaves scalar: four integer operations an entry) 0.98-1.1x.

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
def _quotient(s, d):
    """s / d as (s conj(d)) (1 / |d|^2) where |d|^2 is in [1e-290, 1e290]; else numba's complex division (nan for
    d = 0, see the module doc)."""
    dr = d.real
    di = d.imag
    m = dr * dr + di * di
    if m >= 1e-290 and m <= 1e290:
        r = 1.0 / m
        return complex((s.real * dr + s.imag * di) * r, (s.imag * dr - s.real * di) * r)
    return _cdiv(s, d)


@kernel_njit(**_BORROW)
def _reciprocal(d):
    """1 / d as conj(d) (1 / |d|^2) where |d|^2 is in [1e-290, 1e290]; else numba's complex division (nan for
    d = 0)."""
    dr = d.real
    di = d.imag
    m = dr * dr + di * di
    if m >= 1e-290 and m <= 1e290:
        r = 1.0 / m
        return complex(dr * r, -di * r)
    return _cdiv(complex(1.0, 0.0), d)


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
        inv = _reciprocal(A[k, k])
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
        b[i] = _quotient(s, A[i, i])


@kernel_njit(**_BORROW)
def _lu_apply2(A, piv, b, c):
    """:func:`_lu_apply` to two distinct right-hand sides b and c in one pass over the factorization: each entry
    of A loaded once for both, the two back substitutions' chains interleaved; every operation on b and on c as
    in :func:`_lu_apply`, so the results are its results bit for bit."""
    n = A.shape[0]
    for k in range(n):
        p = piv[k]
        if p != k:
            t = b[k]
            b[k] = b[p]
            b[p] = t
            t = c[k]
            c[k] = c[p]
            c[p] = t
    for k in range(n):
        bk = b[k]
        ck = c[k]
        for i in range(k + 1, n):
            a = A[i, k]
            b[i] -= a * bk
            c[i] -= a * ck
    for i in range(n - 1, -1, -1):
        s = b[i]
        u = c[i]
        for j in range(i + 1, n):
            a = A[i, j]
            s -= a * b[j]
            u -= a * c[j]
        d = A[i, i]
        b[i] = _quotient(s, d)
        c[i] = _quotient(u, d)


@kernel_njit(**_BORROW)
def _lu_solve2(A, b1, b2, two, piv):
    """Solve A y = b1 (and A z = b2 if ``two``; b1 and b2 then distinct arrays) in place; A is overwritten by its
    factorization (pivots in piv). Returns False when a pivot is zero (singular)."""
    if not _lu_factor(A, piv):
        return False
    if two:
        _lu_apply2(A, piv, b1, b2)
    else:
        _lu_apply(A, piv, b1)
    return True
