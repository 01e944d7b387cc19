"""Rank and column rank profile modulo a word-size prime at BLAS speed.

Gaussian elimination modulo p whose heavy work is float64 matrix products
(BLAS ``dgemm`` through ``numpy.matmul``) that are **exact**: operands are
integers of known size and every dot product stays below 2^52, so no
rounding ever happens; results are reduced modulo p after each product.

Algorithm
---------
Column-recursive LU with row pivoting (Toledo 1997; the rank-profile
revealing variant of Jeannerod, Pernet and Storjohann 2013): split the
columns in halves, eliminate the left half recursively, apply its row
exchanges to all columns, solve ``L11 U12 = A12`` (recursive triangular
solve whose leaves multiply by the inverse of a <= 64 x 64 unit triangle),
form the Schur complement ``A22 - L21 U12`` by one exact product, and
recurse on the right half. Leaves (<= 32 columns) are eliminated column by
column in vectorised numpy int64 with delayed reduction. A column becomes a
pivot exactly when its Schur complement column is nonzero, i.e. when it is
not in the span of the columns before it, so the pivots are the
**lexicographically first column rank profile** -- the pivot columns of the
reduced row echelon form.

Exactness bound (asserted in the code)
--------------------------------------
Residues are kept *loosely centred*: ``|x| <= H = p//2 + 2``. A float
``x`` with ``|x| <= 2^52`` is reduced by ``x - rint(x * fl(1/p)) * p``:
the quotient estimate is within ``1/2 + 2/p`` of ``x/p``, so the result is
an integer of absolute value ``<= p/2 + 2`` and every step is exact. A
product of a ``m x k`` and a ``k x n`` operand with entries bounded by
``Ha`` and ``Hb`` is exact when ``k * Ha * Hb <= 2^52`` (BLAS forms sums of
subsets of the k products, each partial sum is an integer bounded by the
total). When ``k * H^2`` is too large for useful ``k`` (p > ~2^22) the right
operand is split into balanced base-2^s digits, ``B = 2^s B1 + B0`` with
``|B0| <= 2^(s-1)``, ``|B1| <= H/2^s + 1/2``, and ``C - A B`` is formed as
``reduce(C - 2^s reduce(A B1) - A B0)``; the inner dimension is cut into
chunks of at most ``kmax`` (see :func:`product_plan`): for the default
primes just below 2^28, s = 14 and kmax = 4094. Primes are limited to
p < 2^28 (:data:`BLAS_MAX_PRIME`), which also keeps the int64 leaves exact
(a leaf of w <= 32 columns applies < w delayed rank-one updates of size
< p^2 before reducing: w p^2 + p < 2^63). A self-check at first use
multiplies operands at the extreme of the bound and compares with exact
integers, so a BLAS that does not compute exact integer sums is caught.

Which method wins
-----------------
Measured on this machine (2 cores, AMD EPYC, OpenBLAS 0.3.31, python-flint
0.9), random square matrices modulo p = 2^28 - 57, CPU seconds (best of 5,
``OPENBLAS_NUM_THREADS=1``; the machine was shared, so wall clock was
noisy). flint's time includes the numpy -> ``nmod_mat`` conversion
(~0.5-1 us per entry), which dominates it from n ~ 300 on:

    ====  =================  =================  ===========
    n     flint rank+conv    flint rref+conv    this module
    ====  =================  =================  ===========
    50    0.0014             0.0014             0.0023
    100   0.0058             0.0058             0.0054
    150   0.0119             0.0114             0.0092
    200   0.0240             0.0239             0.0145
    300   0.054              0.055              0.026
    400   0.100              0.103              0.044
    600   0.258              0.253              0.092
    800   0.459              0.470              0.159
    2000  1.70 (rank only)   1.68 (rref only)   1.3-1.55 (1.06 for p < 2^21)
    4800  --                 --                 13.4 (7.0 for p < 2^21)
    ====  =================  =================  ===========

A real Jacobian sketch (``dense 57-57-57-57 r=2``, 9749 x 9747, rank 9633,
p = 2^28 - 57, two OpenBLAS threads, CPU seconds of the process): flint
conversion 70 + rref 154; this module 119 (62 for a 9749 x 9747 matrix
modulo p = 2^21 - 9, which is why ``dimension`` uses primes below 2^21 for
large sketches). The work above n ~ 1000 is dominated by ``dgemm`` (two
products per update for p > ~2^22, one below), so the time is 2-3x that
of a float64 LU of the same size; ``bench/bench_fastla.py`` has wall-clock
rows at n = 1000-10000.

Threads: on a busy machine (load 4-8 on 2 cores while these numbers were
taken) two OpenBLAS threads spin and wait for each other; the same 1000 x
1000 rank took 1.8-3.7 s wall with two threads and 0.5 s with
``OPENBLAS_NUM_THREADS=1``. With two threads on that busy machine this
module was slower than flint in wall clock up to n = 800, so
:func:`rank_mod_p_auto` uses flint below :data:`AUTO_THRESHOLD` = 200 rows
or columns (the single-thread crossover is ~100-150) and this module above.

Examples
--------
>>> import numpy as np
>>> A = np.array([[1, 2, 3, 4], [2, 4, 6, 8], [0, 1, 1, 0]])
>>> rank_profile_blas(A, 101)
(2, (0, 1))
>>> rank_blas(A, 101)
2
>>> rank_mod_p_auto(A, 101, pivots=True)
(2, (0, 1))
"""

from __future__ import annotations

import operator

import numpy as np

from algnet.core import fastla_kernels as _k
from algnet.core.fastla_kernels import (  # noqa: F401  (re-exported: the kernels' names are part of this module's API)
    EXACT_LIMIT,
    MIN_BLOCK,
    TRSM_BASE,
    WORK_ENTRIES,
    ProductPlan,
    _digits,
    _mul,
    _reduce,
    _selfcheck,
    _submul,
    _to_canonical_int,
    _to_centred_float,
    _trsm,
    _Workspace,
    product_plan,
)
from algnet.core.primes import MAX_PRIME, check_prime
from algnet.errors import ParameterError

#: The kernels' names that stay importable from here (tests and older callers use them).
_REEXPORTED = (EXACT_LIMIT, MIN_BLOCK, TRSM_BASE, _digits, _mul, _reduce)

__all__ = [
    "BLAS_MAX_PRIME",
    "AUTO_THRESHOLD",
    "ProductPlan",
    "product_plan",
    "rank_profile_blas",
    "rank_blas",
    "rank_mod_p_auto",
    "centred_buffer",
    "store_rows",
    "PartialRank",
    "WORK_ENTRIES",
]

#: Largest modulus (exclusive) accepted by the float64 routines.
BLAS_MAX_PRIME = MAX_PRIME  # 2^28
#: Leaves eliminate this many columns with int64 vector code.
LEAF_COLS = 32
#: flint -> BLAS switch at this min(rows, cols) (see the table above; used by algnet.core.matrix).
AUTO_THRESHOLD = 200



# ---------------------------------------------------------------- elimination

class PartialRank(KeyboardInterrupt):
    """Ctrl-C during :func:`rank_profile_blas`: ``pivots`` are columns already proved independent
    modulo p (so ``len(pivots)`` is a proved lower bound on the rank); ``columns`` were eliminated.

    Examples
    --------
    >>> import numpy as np
    >>> def ctrl_c(columns):                         # a progress callback interrupted by the user
    ...     raise KeyboardInterrupt
    >>> try:
    ...     rank_profile_blas(np.eye(100, dtype=np.int64), 101, progress=ctrl_c)
    ... except PartialRank as e:
    ...     print(e.columns, e.pivots[:3])
    32 (0, 1, 2)
    """

    def __init__(self, pivots: tuple, columns: int):
        super().__init__(f"interrupted after {columns} columns ({len(pivots)} pivots)")
        self.pivots = pivots
        self.columns = columns


class _Eliminator:
    """State of one column-recursive elimination on the float64 matrix W."""

    def __init__(self, W: np.ndarray, plan: ProductPlan, progress=None):
        self.W = W
        self.plan = plan
        self.p = plan.p
        self.m = W.shape[0]
        self.ws = _Workspace()
        self.progress = progress
        self.found: list = []     # pivots proved so far (a leaf appends each as soon as it is proved)
        self.columns = 0

    def run(self) -> list:
        return self._rec(0, self.W.shape[1], 0)

    def _rec(self, c0: int, c1: int, r0: int) -> list:
        """Eliminate columns c0..c1-1 on rows r0..; return the pivot columns.

        On return the L columns of the k pivots are stored compactly in
        ``W[r0:, c0:c0 + k]`` (the other columns of the range are no longer
        needed for the rank), so L is always a view: no copy of it is made.
        """
        if r0 >= self.m or c1 <= c0:
            self._done(max(c1 - c0, 0))
            return []
        if c1 - c0 <= LEAF_COLS:
            return self._leaf(c0, c1, r0)
        half = (c1 - c0) // 2
        cm = c0 + max(LEAF_COLS, (half // LEAF_COLS) * LEAF_COLS)
        P1 = self._rec(c0, cm, r0)
        r1 = len(P1)
        W = self.W
        if r1:
            Lfull = W[r0:, c0:c0 + r1]
            U12 = W[r0:r0 + r1, cm:c1]
            _trsm(Lfull[:r1], U12, self.plan, self.ws)
            if r0 + r1 < self.m:
                # Schur complement: only the rows below the new pivots change
                _submul(W[r0 + r1:, cm:c1], Lfull[r1:], U12, self.plan, self.ws)
        P2 = self._rec(cm, c1, r0 + r1)
        if P2 and c0 + r1 < cm:
            self._move_columns(cm, c0 + r1, len(P2), r0)
        return P1 + P2

    def _move_columns(self, src: int, dst: int, k: int, r0: int) -> None:
        """W[r0:, dst:dst+k] <- W[r0:, src:src+k] (dst < src) in row blocks (bounded temporaries)."""
        rb = max(_k.MIN_BLOCK, _k.WORK_ENTRIES // k)
        for i in range(r0, self.m, rb):
            blk = self.ws.get(0, (min(rb, self.m - i), k))
            blk[...] = self.W[i:i + rb, src:src + k]
            self.W[i:i + rb, dst:dst + k] = blk

    def _leaf(self, c0: int, c1: int, r0: int) -> list:
        """Eliminate columns c0..c1-1 on rows r0.. (already fully updated)."""
        p, W = self.p, self.W
        Bt = np.ascontiguousarray(_to_canonical_int(W[r0:, c0:c1], p).T)  # w x M, rows = columns
        w, M = Bt.shape
        # delayed reduction: an entry receives < w rank-one updates of size < p^2
        assert w * (p - 1) ** 2 + p < 2**63
        perm = np.arange(M)
        pivots = []
        rr = 0
        for c in range(w):
            if rr == M:
                break
            col = np.remainder(Bt[c], p, out=Bt[c])
            if col[rr] != 0:
                i = rr
            else:
                nz = np.flatnonzero(col[rr:])
                if nz.size == 0:
                    continue
                i = rr + int(nz[0])
                Bt[:, [rr, i]] = Bt[:, [i, rr]]
                perm[[rr, i]] = perm[[i, rr]]
            inv = pow(int(col[rr]), -1, p)
            ell = np.remainder(col[rr + 1:] * inv, p)
            col[rr + 1:] = ell
            if c + 1 < w and rr + 1 < M:
                u = np.remainder(Bt[c + 1:, rr], p)
                Bt[c + 1:, rr] = u
                Bt[c + 1:, rr + 1:] -= u[:, None] * ell[None, :]
            pivots.append(c0 + c)
            self.found.append(c0 + c)
            rr += 1
        np.remainder(Bt, p, out=Bt)
        moved = np.flatnonzero(perm != np.arange(M))
        if moved.size:
            W[r0 + moved, :] = W[r0 + perm[moved], :]
        # the pivots' L columns first (compact storage, see _rec); the other columns are spent
        local = [c - c0 for c in pivots]
        W[r0:, c0:c0 + len(local)] = _to_centred_float(Bt[local].T, p)
        self._done(c1 - c0)
        return pivots

    def _done(self, columns: int) -> None:
        self.columns += columns
        if self.progress is not None:
            self.progress(columns)


def _prepare(A, p):
    p = check_prime(p, max_prime=BLAS_MAX_PRIME)
    product_plan(p)
    A = np.asarray(A)
    if A.ndim != 2:
        raise ParameterError(f"expected a 2-D matrix, got shape {A.shape}", hint="pass a list of rows or a 2-D array")
    if A.dtype == object:
        try:
            vals = [operator.index(x) % p for x in A.ravel().tolist()]
        except TypeError:
            raise ParameterError("expected integer entries (int, numpy or flint integers)",
                                 hint="reduce fractions modulo p first or use algnet.core.linalg") from None
        A = np.array(vals, dtype=np.int64).reshape(A.shape)
    elif A.dtype.kind == "u":
        A = np.remainder(A, np.uint64(p)).astype(np.int64)
    elif not np.issubdtype(A.dtype, np.integer):
        raise ParameterError(f"expected an integer matrix, got dtype {A.dtype}",
                             hint="floating-point ranks are unreliable; convert to integers")
    else:
        A = A.astype(np.int64, copy=False)
        if A.size and (A.min() < 0 or A.max() >= p):
            A = np.remainder(A, p)
    return A, p


def rank_profile_blas(A, p: int, overwrite: bool = False, progress=None) -> tuple[int, tuple[int, ...]]:
    """Rank modulo ``p`` and the column rank profile, by exact float64 BLAS elimination.

    Parameters
    ----------
    A : array_like of int, shape (m, n)
        Integer matrix (reduced modulo ``p`` first); or, with ``overwrite``,
        a C-contiguous float64 array of centred residues (see
        :func:`centred_buffer`), eliminated in place.
    p : int
        A prime below 2^28 (:data:`BLAS_MAX_PRIME`).
    overwrite : bool
        Eliminate a float64 ``A`` in place (its content is destroyed): the
        peak memory is then ``A`` plus a few blocks of :data:`WORK_ENTRIES`
        entries, instead of about two copies of the matrix.
    progress : callable, optional
        Called with the number of columns finished after each leaf (they sum to n).

    Returns
    -------
    rank : int
    pivots : tuple of int
        The lexicographically first column rank profile: column j is listed
        iff it is not in the span of columns 0..j-1 modulo p (the pivot
        columns of the reduced row echelon form). ``len(pivots) == rank``.

    Raises
    ------
    ModulusError
        If ``p`` is not a prime below 2^28.
    ParameterError
        On a non-integer or non-2-D input.
    PartialRank
        On Ctrl-C (a KeyboardInterrupt): carries the pivots already proved.

    Notes
    -----
    O(m n r) operations, almost all in float64 matrix products; memory: one
    float64 copy of the matrix (none with ``overwrite``) and a few blocks of
    temporaries (the L factor is a view, the products are blocked). See the
    module docstring for the exactness argument and the measured speed.

    Examples
    --------
    >>> rank_profile_blas([[0, 0, 1], [0, 0, 2]], 3)
    (1, (2,))
    >>> rank_profile_blas([[1, 1], [1, 1]], 2)
    (1, (0,))
    >>> W = centred_buffer(2, 3)
    >>> store_rows(W, 0, [[0, 0, 1], [0, 0, 2]], 3)
    >>> rank_profile_blas(W, 3, overwrite=True)
    (1, (2,))
    """
    if overwrite and isinstance(A, np.ndarray) and A.dtype == np.float64:
        p = check_prime(p, max_prime=BLAS_MAX_PRIME)
        W = _check_centred(A, p)
    else:
        A, p = _prepare(A, p)
        W = None
    m, n = (W if W is not None else A).shape
    if m == 0 or n == 0:
        return 0, ()
    plan = product_plan(p)
    _selfcheck(p)
    if W is None:
        W = _to_centred_float(A, p)
    elim = _Eliminator(W, plan, progress)
    try:
        piv = elim.run()
    except KeyboardInterrupt:
        raise PartialRank(tuple(int(j) for j in sorted(elim.found)), elim.columns) from None
    return len(piv), tuple(int(j) for j in piv)


def centred_buffer(m: int, n: int) -> np.ndarray:
    """An uninitialised C-contiguous float64 ``m x n`` matrix to fill with :func:`store_rows`.

    Examples
    --------
    >>> centred_buffer(2, 3).shape
    (2, 3)
    """
    return np.empty((m, n), dtype=np.float64)


def store_rows(W: np.ndarray, i: int, rows, p: int) -> None:
    """Write integer ``rows`` (any integers) into ``W[i:i + len(rows)]`` as centred residues modulo ``p``.

    Examples
    --------
    >>> W = centred_buffer(1, 3)
    >>> store_rows(W, 0, [[1, 6, -1]], 7)
    >>> W.tolist()
    [[1.0, -1.0, -1.0]]
    """
    R = np.remainder(np.asarray(rows, dtype=np.int64), p)
    W[i:i + R.shape[0]] = _to_centred_float(R, p)


def _check_centred(W: np.ndarray, p: int) -> np.ndarray:
    """``W`` itself, after checking (in row blocks) that it is 2-D, C-contiguous, integral and centred."""
    if W.ndim != 2 or not W.flags.c_contiguous:
        raise ParameterError(f"overwrite=True needs a C-contiguous 2-D float64 matrix, got shape {W.shape}",
                             hint="build it with algnet.core.fastla.centred_buffer and store_rows")
    H = p // 2 + 2
    rb = max(1, _k.WORK_ENTRIES // max(W.shape[1], 1))
    for i in range(0, W.shape[0], rb):
        blk = W[i:i + rb]
        if blk.size and (not np.all(np.isfinite(blk)) or np.abs(blk).max() > H or np.any(np.rint(blk) != blk)):
            raise ParameterError("overwrite=True needs centred integer residues (|x| <= p/2 + 2)",
                                 hint="fill the matrix with algnet.core.fastla.store_rows")
    return W


def rank_blas(A, p: int) -> int:
    """Rank modulo ``p`` by exact float64 BLAS elimination (see :func:`rank_profile_blas`).

    Examples
    --------
    >>> rank_blas([[1, 2], [3, 4]], 2)
    1
    """
    return rank_profile_blas(A, p)[0]


def rank_mod_p_auto(A, p: int, pivots: bool = False):
    """Rank (and optionally the column rank profile) modulo ``p``, by the faster method for the size.

    The choice is :class:`algnet.core.matrix.Matrix`'s ``method="auto"``:
    flint ``nmod_mat`` when ``min(rows, cols) < AUTO_THRESHOLD`` or
    ``p >= 2^28``, else :func:`rank_profile_blas`. Both return the same
    pivots (the pivot columns of the rref).

    Parameters
    ----------
    A : array_like of int, shape (m, n)
    p : int
        A prime (below 2^62 for flint, 2^28 for the BLAS route).
    pivots : bool
        Also return the pivot columns.

    Returns
    -------
    int, or (int, tuple of int) when ``pivots``

    Examples
    --------
    >>> rank_mod_p_auto([[1, 2], [2, 4]], 7)
    1
    >>> rank_mod_p_auto([[0, 3], [0, 1]], 7, pivots=True)
    (1, (1,))
    """
    from algnet.core.matrix import Matrix

    M = Matrix(A, check_prime(p, max_prime=2**62))
    return M.rank_profile() if pivots else M.rank()
