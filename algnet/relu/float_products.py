"""One-thread float64 products A @ H of the exact regions engine's float filter, H a hidden map with 3 columns.

The float filter (:class:`~algnet.relu.filtered.FloatLayers`) takes every region through each later layer with
products (m x n) @ (n x 3) (the map, its error bound). numpy hands them to OpenBLAS, which splits a product over
its threads once m x n x 3 exceeds 65536 x 4 (``GEMM_MULTITHREAD_THRESHOLD`` = 4 in OpenBLAS's interface/gemm.c):
on a machine shared by more jobs than cores the threads wait for each other. Measured (2 cores, load 5-9,
2026-12-06, 2000 products 512 x 512 @ 512 x 3, CPU per product): numpy with two OpenBLAS threads 0.52-0.60 ms,
with ``OPENBLAS_NUM_THREADS=1`` 0.14 ms, the compiled loop here 0.15-0.16 ms. Products up to that size stay
with numpy (one thread there anyway); larger ones run here, in one thread, without importing numba before.

The order of the sums differs from BLAS's, so the last bits of N may differ; the filter's error bounds hold for
any order of summation (the gamma_n bound of a dot product of n terms), and every decision it cannot prove
goes to exact arithmetic, so the regions found are the same.

Examples
--------
>>> import numpy as np
>>> A, H = np.arange(6.0).reshape(2, 3), np.ones((3, 3))
>>> thin_product(A, H).tolist()
[[3.0, 3.0, 3.0], [12.0, 12.0, 12.0]]
>>> B = np.ones((300, 300)); S = np.stack([np.eye(300)[:, :3], 2 * np.eye(300)[:, :3]])
>>> bool(np.array_equal(thin_product(B, S), B @ S))         # a stack of maps; above the one-thread size
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["thin_product", "ONE_THREAD_ENTRIES"]

#: m x n x k at or below which OpenBLAS runs a product in one thread (65536 x GEMM_MULTITHREAD_THRESHOLD, 4 by
#: default; OpenBLAS interface/gemm.c): numpy's @ is used there.
ONE_THREAD_ENTRIES = 65536 * 4


def thin_product(A: np.ndarray, H: np.ndarray) -> np.ndarray:
    """``A @ H`` for a float64 matrix A (m x n) and a map H (n x 3) or a stack of them (b x n x 3), in one thread
    (other shapes and types: numpy's ``@``).

    Examples
    --------
    >>> import numpy as np
    >>> thin_product(np.eye(2), np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).tolist()
    [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    """
    if A.shape[0] * A.shape[1] * H.shape[-1] <= ONE_THREAD_ENTRIES or H.ndim not in (2, 3) or H.shape[-1] != 3 \
            or A.dtype != np.float64 or H.dtype != np.float64:
        return A @ H
    from algnet.relu.float_product_kernels import product2, product3

    return (product2 if H.ndim == 2 else product3)(np.ascontiguousarray(A), np.ascontiguousarray(H))
