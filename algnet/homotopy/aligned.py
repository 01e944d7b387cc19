"""Work arrays whose data starts on a 64-byte boundary (one cache line, one zmm register of 8 doubles).

The block kernels read and write their lanes 8 doubles at a time (:mod:`algnet.homotopy.vectors`): a row of
a block's work array starts wherever the array starts plus a multiple of B doubles. numba's ``np.empty`` /
``np.zeros`` align to 32 bytes only, and the work arrays of :func:`algnet.homotopy.batched._scratch` started
32 bytes after a 64-byte boundary (every one, checked with ``ctypes.data % 64`` on the tracker's scratch,
n = 8, 10, 12, 16): every 64-byte load and store then touched two cache lines.

Measured 2026-12-04 (the tracker's own tapes, parameters mapped, blocks of 32; ``/tmp/evalcost/kb.py`` of
session 13: the kernels of this tree on the same arrays copied to 32 mod 64 and to 0 mod 64, the two in
alternate processes, two pairs, load 6.4-8.7), CPU us a path, 32 -> 0 mod 64: evaluation with the Jacobian
linear 6-2-4 0.64 -> 0.31-0.33, dense 3-2-3 0.48 -> 0.26, linear 4-2-4 0.35-0.37 -> 0.17; light pass 0.31-0.34
-> 0.25, 0.22-0.23 -> 0.16-0.17, 0.18 -> 0.14; LU and two solves 1.55-1.94 -> 1.11-1.12, 0.42-0.43 -> 0.35,
0.67-0.85 -> 0.47-0.51.

Examples
--------
>>> a = aligned_zeros((2, 3, 32))
>>> a.shape, a.ctypes.data % 64, float(a.sum()), a.flags.c_contiguous
((2, 3, 32), 0, 0.0, True)
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.kernel_cache import kernel_njit

__all__ = ["ALIGN", "aligned_empty", "aligned_zeros"]

#: bytes: a cache line and an 8-double vector
ALIGN = 64


@kernel_njit
def aligned_empty(shape):
    """An uninitialized C-contiguous float64 array of ``shape`` (a tuple of ints) whose data starts on an
    :data:`ALIGN`-byte boundary (compiled: callable from the kernels and from Python).

    Examples
    --------
    >>> a = aligned_empty((4, 8))
    >>> a.shape, a.ctypes.data % ALIGN
    ((4, 8), 0)
    """
    size = 1
    for s in shape:
        size *= s
    raw = np.empty(size + ALIGN // 8)
    k = ((-raw.ctypes.data) % ALIGN) // 8
    return raw[k:k + size].reshape(shape)


@kernel_njit
def aligned_zeros(shape):
    """:func:`aligned_empty` filled with zeros.

    Examples
    --------
    >>> a = aligned_zeros((3,))
    >>> a.tolist(), a.ctypes.data % ALIGN
    ([0.0, 0.0, 0.0], 0)
    """
    a = aligned_empty(shape)
    a[...] = 0.0
    return a
