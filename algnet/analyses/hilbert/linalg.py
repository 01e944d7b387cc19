"""Residue matrices through the matrix layer (:class:`algnet.core.matrix.Matrix`): rref, rank and the
kernel in reduced echelon form. Ranks of large matrices take the BLAS route (fastla) there."""

from __future__ import annotations

import numpy as np

from algnet.core.matrix import Matrix


def _rref(A: np.ndarray, p: int):
    """(R[:rank], pivots) of an int64 residue matrix."""
    if A.shape[0] == 0 or A.shape[1] == 0:
        return np.zeros((0, A.shape[1]), dtype=np.int64), np.zeros(0, dtype=np.int64)
    R, r = Matrix(A, p).rref()
    if r == 0:
        return np.zeros((0, A.shape[1]), dtype=np.int64), np.zeros(0, dtype=np.int64)
    R = R[:r]
    piv = np.argmax(R != 0, axis=1)
    return R, piv


def _rank(A: np.ndarray, p: int) -> int:
    return Matrix(A, p).rank()


def _kernel_rref(E: np.ndarray, p: int):
    """Right kernel of E in reduced row echelon form.

    Returns (free, K): K[t] has a 1 at column free[t], zeros at the other
    free columns, and its first nonzero entry at free[t] (so K is the rref of
    the kernel). Computed from one rref of E with its columns reversed.
    """
    n = E.shape[1]
    R, piv_rev = _rref(E[:, ::-1], p)
    piv = (n - 1 - piv_rev).astype(np.int64)
    is_piv = np.zeros(n, dtype=bool)
    is_piv[piv] = True
    free = np.flatnonzero(~is_piv)
    K = np.zeros((len(free), n), dtype=np.int64)
    if len(free):
        K[np.arange(len(free)), free] = 1
        if len(piv):
            K[:, piv] = np.mod(-R[:, n - 1 - free].T, p)
    return free, K
