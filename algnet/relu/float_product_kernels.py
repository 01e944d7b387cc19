"""The compiled loops of :mod:`algnet.relu.float_products` (a module of their own: numba is imported only when a
product is large enough to need them; module-level functions, so that numba's disk cache keeps them).

Examples
--------
>>> product2(np.eye(2), np.arange(6.0).reshape(2, 3)).tolist()
[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.kernel_cache import kernel_njit

__all__ = ["product2", "product3"]


@kernel_njit(fastmath=False)
def rows3(A, H, out):
    """out = A @ H for H with 3 columns: one pass over each row of A, the three sums side by side."""
    m, n = A.shape
    for i in range(m):
        s0 = 0.0
        s1 = 0.0
        s2 = 0.0
        for j in range(n):
            a = A[i, j]
            s0 += a * H[j, 0]
            s1 += a * H[j, 1]
            s2 += a * H[j, 2]
        out[i, 0] = s0
        out[i, 1] = s1
        out[i, 2] = s2


@kernel_njit(fastmath=False)
def product2(A, H):
    """A @ H, A (m x n), H (n x 3), both C-contiguous float64.

    Examples
    --------
    >>> product2(np.ones((2, 2)), np.eye(2, 3)).tolist()
    [[1.0, 1.0, 0.0], [1.0, 1.0, 0.0]]
    """
    out = np.empty((A.shape[0], 3))
    rows3(A, H, out)
    return out


@kernel_njit(fastmath=False)
def product3(A, H):
    """A @ H[t] for each map of the stack H (b x n x 3).

    Examples
    --------
    >>> product3(np.eye(2), np.stack([np.eye(2, 3), 2 * np.eye(2, 3)]))[1].tolist()
    [[2.0, 0.0, 0.0], [0.0, 2.0, 0.0]]
    """
    out = np.empty((H.shape[0], A.shape[0], 3))
    for t in range(H.shape[0]):
        rows3(A, H[t], out[t])
    return out
