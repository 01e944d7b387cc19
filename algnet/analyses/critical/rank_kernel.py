"""The compiled check of a warm call's certified endpoints (:mod:`.warm_call`): the slice rank rule of
:func:`~.warm_views.slice_rank_ok` (:func:`slice_ranks`, singular values by one-sided Jacobi). A module of its own
(numba imported with it, as :mod:`.disc_kernel`, whose Krawczyk pass it follows).

Examples
--------
>>> import numpy as np
>>> out = np.empty(1, dtype=np.bool_)
>>> slice_ranks(np.eye(4, 3, dtype=complex)[None], np.zeros((1, 3), complex), np.zeros(3, complex),
...             np.eye(3, dtype=complex), 1e-7, 3, out)
>>> out.tolist()
[True]
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy import disc_rules as _rules
from algnet.homotopy.kernel_cache import kernel_njit

__all__ = ["slice_ranks"]

# cached in the kernels' directory, keyed on the source of the rules they compile (algnet.homotopy.kernel_cache)
_njit = kernel_njit(fastmath=False)
_rank_floor = _njit(_rules.rank_floor)
_rank_kept = _njit(_rules.rank_kept)


@_njit
def _singular_values(A, sv):
    """The singular values of A (m, n; overwritten) into sv (n), largest first: one-sided Jacobi (Hestenes; Demmel
    and Veselic, SIAM J. Matrix Anal. Appl. 13 (1992)): plane rotations of column pairs until every pair is orthogonal
    to 2^-52 of the product of their norms, then the column norms; each singular value to a few units of rounding
    of the largest, as LAPACK's (a few us for the 4 x 3 .. 9 x 3 slice Jacobians, where LAPACK's gesdd with its
    workspace query took that per matrix)."""
    m, n = A.shape
    for _ in range(60):
        rotated = False
        for i in range(n - 1):
            for j in range(i + 1, n):
                a = 0.0
                b = 0.0
                g = 0j
                for r in range(m):
                    x = A[r, i]
                    y = A[r, j]
                    a += x.real * x.real + x.imag * x.imag
                    b += y.real * y.real + y.imag * y.imag
                    g += x.conjugate() * y
                ag = abs(g)
                if not ag > 2.0 ** -52 * np.sqrt(a * b):
                    continue
                rotated = True
                zeta = (b - a) / (2 * ag)
                t = (1.0 if zeta >= 0 else -1.0) / (abs(zeta) + np.sqrt(1 + zeta * zeta))
                c = 1 / np.sqrt(1 + t * t)
                s = c * t
                e = g.conjugate() / ag         # x^H (e y) = |g|, real: a real rotation of (x, e y)
                for r in range(m):
                    x = A[r, i]
                    y = e * A[r, j]
                    A[r, i] = c * x - s * y
                    A[r, j] = s * x + c * y
        if not rotated:
            break
    for j in range(n):
        q = 0.0
        for r in range(m):
            q += A[r, j].real * A[r, j].real + A[r, j].imag * A[r, j].imag
        sv[j] = np.sqrt(q)
    sv[:] = np.sort(sv)[::-1]


@_njit
def slice_ranks(J, X, c0, N, rel, dim, out):
    """``out[p]``: the slice Jacobian J[p] (m, n) of the images at the slice point X[p] has numerical rank ``dim``
    (the rule of :func:`~.warm_views.slice_rank_ok`: :func:`algnet.homotopy.disc_rules.rank_kept` and
    :func:`~algnet.homotopy.disc_rules.rank_floor` at theta = c0 + N X[p]), the singular values by
    :func:`_singular_values`.

    Examples
    --------
    >>> import numpy as np
    >>> J = np.array([np.eye(4, 3), np.diag([1.0, 1.0, 0.0])[[0, 1, 2, 2]]], dtype=complex)
    >>> out = np.empty(2, dtype=np.bool_)
    >>> slice_ranks(J, np.zeros((2, 3), complex), np.zeros(3, complex), np.eye(3, dtype=complex), 1e-7, 3, out)
    >>> out.tolist()
    [True, False]
    """
    for p in range(J.shape[0]):
        big = 0.0
        for i in range(N.shape[0]):
            th = c0[i]
            for j in range(N.shape[1]):
                th += N[i, j] * X[p, j]
            big = max(big, abs(th))
        floor = _rank_floor(big)
        sv = np.empty(J.shape[2])
        _singular_values(J[p].copy(), sv)
        rank = 0
        if sv[0] > floor:
            for s in sv:
                if _rank_kept(s, sv[0], rel):
                    rank += 1
        out[p] = rank == dim
