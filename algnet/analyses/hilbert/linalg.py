"""flint glue for residue matrices: rref, rank and the kernel in reduced echelon form."""

from __future__ import annotations

import flint
import numpy as np


def _to_nmod(A: np.ndarray, p: int) -> flint.nmod_mat:
    m, n = A.shape
    if m == 0 or n == 0:
        return flint.nmod_mat(m, n, p)
    # building through fmpz_mat is ~2x faster than from a Python list directly
    return flint.nmod_mat(flint.fmpz_mat(m, n, np.asarray(A, dtype=np.int64).ravel().tolist()), p)


def _from_nmod(M: flint.nmod_mat) -> np.ndarray:
    m, n = M.nrows(), M.ncols()
    if m == 0 or n == 0:
        return np.zeros((m, n), dtype=np.int64)
    return np.fromiter(map(int, M.entries()), dtype=np.int64, count=m * n).reshape(m, n)


def _rref(A: np.ndarray, p: int):
    """(R[:rank], pivots) of an int64 residue matrix."""
    if A.shape[0] == 0 or A.shape[1] == 0:
        return np.zeros((0, A.shape[1]), dtype=np.int64), np.zeros(0, dtype=np.int64)
    R, r = _to_nmod(A, p).rref()
    r = int(r)
    if r == 0:
        return np.zeros((0, A.shape[1]), dtype=np.int64), np.zeros(0, dtype=np.int64)
    R = _from_nmod(R)[:r]
    piv = np.argmax(R != 0, axis=1)
    return R, piv


def _rank(A: np.ndarray, p: int) -> int:
    if A.shape[0] == 0 or A.shape[1] == 0:
        return 0
    return int(_to_nmod(A, p).rank())


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
