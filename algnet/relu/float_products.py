"""One-thread float64 products A @ H of the exact regions engine's float filter, H a hidden map with 3 columns.

The float filter (:class:`~algnet.relu.filtered.FloatLayers`) takes every region through each later layer with
products (m x n) @ (n x 3) (the map, its error bound). numpy hands them to OpenBLAS, which splits a product over
its threads once m x n x 3 passes a size (on the numpy build measured: one thread up to 921,600 entries, two from
1,075,200; OpenBLAS's documented default is 65536 x 4): on a machine shared by more jobs than cores the threads
wait for each other, and the CPU time of the product grows 10-20 times. So a larger product is done by numpy in
blocks of rows of at most :data:`ONE_THREAD_ENTRIES` entries each, every block in one thread (CPU per product,
2 cores under load 7: 1024 x 1024 @ 1024 x 3 numpy 7.0 ms, blocks 0.33 ms, a compiled one-thread loop 1.7 ms;
512 x 512 @ 512 x 3 numpy 0.069 ms, the loop 0.24 ms). Only a single row above that size (n x 3 entries more than
it) goes to the compiled loop (one thread, without importing numba before).

The order of the sums differs from BLAS's, so the last bits of N may differ; the filter's error bounds hold for
any order of summation (the gamma_n bound of a dot product of n terms), and every decision it cannot prove
goes to exact arithmetic, so the regions found are the same.

Examples
--------
>>> import numpy as np
>>> A, H = np.arange(6.0).reshape(2, 3), np.ones((3, 3))
>>> thin_product(A, H).tolist()
[[3.0, 3.0, 3.0], [12.0, 12.0, 12.0]]
>>> B = np.ones((1000, 300)); S = np.stack([np.eye(300)[:, :3], 2 * np.eye(300)[:, :3]])
>>> bool(np.array_equal(thin_product(B, S), B @ S))         # a stack of maps, in blocks of rows
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["row_blocks", "thin_product", "uses_compiled_loop", "ONE_THREAD_ENTRIES"]

#: m x n x k at or below which OpenBLAS ran a product in one thread on the numpy build measured (one thread up to
#: 921,600 entries): a product up to this size is numpy's @, a larger one numpy's @ on blocks of rows of this size.
ONE_THREAD_ENTRIES = 65536 * 12


def uses_compiled_loop(columns: int) -> bool:
    """Whether :func:`thin_product` multiplies a matrix of ``columns`` columns by a map n x 3 in the compiled
    one-thread loop (one row of the product is above :data:`ONE_THREAD_ENTRIES`) rather than numpy in blocks.

    Examples
    --------
    >>> uses_compiled_loop(512), uses_compiled_loop(300_000)
    (False, True)
    """
    return int(columns) * 3 > ONE_THREAD_ENTRIES


def thin_product(A: np.ndarray, H: np.ndarray) -> np.ndarray:
    """``A @ H`` for a float64 matrix A (m x n) and a map H (n x 3) or a stack of them (b x n x 3), in one thread
    (other shapes and types: numpy's ``@``).

    Examples
    --------
    >>> import numpy as np
    >>> thin_product(np.eye(2), np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).tolist()
    [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    """
    m, n = A.shape[-2:] if A.ndim == 2 else (0, 0)
    if m * n * H.shape[-1] <= ONE_THREAD_ENTRIES or H.ndim not in (2, 3) or H.shape[-1] != 3 \
            or A.dtype != np.float64 or H.dtype != np.float64:
        return A @ H
    if uses_compiled_loop(n):       # one row is above the size
        from algnet.relu.float_product_kernels import product2, product3

        return (product2 if H.ndim == 2 else product3)(np.ascontiguousarray(A), np.ascontiguousarray(H))
    return row_blocks(A, H, ONE_THREAD_ENTRIES)


def row_blocks(A: np.ndarray, B: np.ndarray, limit: int) -> np.ndarray:
    """``A @ B`` for A (m x n) and B (n x k) or a stack of them (b x n x k), numpy's ``@`` on blocks of rows of A of
    at most ``limit`` multiplications each (per map of the stack), so that OpenBLAS runs every block in one thread
    (at least one row per block). The products of :func:`thin_product` and of the float checks of
    :mod:`algnet.relu.float_check`.

    Examples
    --------
    >>> A, B = np.arange(12.0).reshape(4, 3), np.arange(6.0).reshape(3, 2)
    >>> bool(np.array_equal(row_blocks(A, B, 6), A @ B)), row_blocks(A, B, 6).shape      # blocks of one row
    (True, (4, 2))
    """
    m, n = A.shape
    k = B.shape[-1]
    rows = max(1, int(limit) // max(1, n * k))
    if m <= rows:
        return A @ B
    B = np.ascontiguousarray(B)
    out = np.empty(B.shape[:-2] + (m, k), dtype=np.result_type(A, B))
    for i in range(0, m, rows):
        np.matmul(A[i:i + rows], B, out=out[..., i:i + rows, :])
    return out
