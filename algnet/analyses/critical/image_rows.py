"""Bookkeeping of critical images: the images of slice points, rows repeated among them, and the number of distinct
rows, a block of rows at a time (never all k x k x m differences at once).

Examples
--------
>>> import numpy as np
>>> Y = np.array([[1.0, 2.0], [1.0 + 1e-9, 2.0], [0.0, 1.0]])
>>> _distinct(Y), _repeated(Y, np.ones(3, dtype=bool)).tolist()
(2, [False, True, False])
"""

from __future__ import annotations

import numpy as np

__all__ = ["CLOSE_BLOCK_BYTES"]


def _img(fam, X):
    """Images of slice points (finite rows only; others inf)."""
    Y = np.full((X.shape[0], fam.n_params), np.inf, dtype=np.complex128)
    fin = np.all(np.isfinite(X), axis=1)
    if fin.any():
        Y[fin] = fam.image(X[fin])
    return Y


def _repeated(X, mask, tol=1e-6):
    """Rows (among ``mask``) equal to an earlier row: two paths that ended on the same image
    (a path jumped, possibly to another point of the same fiber); the later ones are tracked again
    along another route."""
    rep = np.zeros(X.shape[0], dtype=bool)
    idx = np.nonzero(mask)[0]
    if idx.size < 2:
        return rep
    Y = X[idx]
    for start, close in _close_blocks(Y, tol):          # row i close to the earlier row j, a block of rows at a time
        for a_ in range(max(start, 1), start + close.shape[0]):
            earlier = np.nonzero(close[a_ - start, :a_] & ~rep[idx[:a_]])[0]
            if earlier.size:
                rep[idx[a_]] = True
    return rep


#: Bytes of the (rows, k, m) differences :func:`_close_blocks` forms at a time. Forming all k x k x m at once took
#: 2.1 GB of resident memory in the trace test of linear 4-2-4's generic count (k about 2,700 endpoints, m = 16,
#: complex; VmHWM above the warmed-up process, against the guard's estimate of 1.2 MB).
CLOSE_BLOCK_BYTES = 16 * 2**20


def _close_blocks(Y, tol):
    """``(start, close)`` for blocks of rows of ``Y`` (k x m): ``close[i - start, j]`` is True when row i is within
    the relative sup-distance ``tol`` of row j (relative to row j's size), as one k x k matrix would say it, but
    never more than :data:`CLOSE_BLOCK_BYTES` of differences at a time.

    Examples
    --------
    >>> Y = np.array([[1.0, 0.0], [1.0 + 1e-9, 0.0], [0.0, 1.0]])
    >>> [(s, c.astype(int).tolist()) for s, c in _close_blocks(Y, 1e-6)]
    [(0, [[1, 1, 0], [1, 1, 0], [0, 0, 1]])]
    """
    k, m = Y.shape[0], max(Y.shape[1], 1)
    scale = tol * (1 + np.max(np.abs(Y), axis=1))[None, :] if Y.shape[1] else np.full((1, k), tol)
    rows = max(1, int(CLOSE_BLOCK_BYTES // (Y.itemsize * k * m)))
    for start in range(0, k, rows):
        D = np.max(np.abs(Y[start:start + rows, None, :] - Y[None, :, :]), axis=2, initial=0.0)
        yield start, D <= scale


def _distinct(images, tol=1e-6):
    """Number of distinct rows up to a relative tolerance."""
    Y = images if isinstance(images, np.ndarray) else np.asarray([np.asarray(y) for y in images])
    if Y.shape[0] == 0:
        return 0
    Y = Y.reshape(Y.shape[0], -1)
    reps: list = []
    for start, close in _close_blocks(Y, tol):      # row i within tolerance of rep j
        for i in range(start, start + close.shape[0]):
            if not any(close[i - start, j] for j in reps):
                reps.append(i)
    return len(reps)
