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
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from algnet.core.primes import MAX_PRIME, check_prime
from algnet.errors import ModulusError, NumericalError, ParameterError

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
#: Bound on every float64 integer that is formed (products, sums, inputs to reduction).
EXACT_LIMIT = 2**52
#: Leaves eliminate this many columns with int64 vector code.
LEAF_COLS = 32
#: Triangular solves multiply by explicit inverses of unit triangles of this size.
TRSM_BASE = 64
#: flint -> BLAS switch at this min(rows, cols) (see the table above; used by algnet.core.matrix).
AUTO_THRESHOLD = 200
#: Entries of one block of a product's temporaries (4 float64 buffers of 32 MiB): the elimination's
#: memory beyond the matrix itself is a few such blocks, whatever the matrix size.
WORK_ENTRIES = 2**22
#: Smallest row/column block of a product (keeps dgemm efficient on very wide matrices).
MIN_BLOCK = 256

_HINT = "use a prime below 2^28 (algnet.core.primes.default_primes()) for exact float64 elimination"


@dataclass(frozen=True)
class ProductPlan:
    """How exact products ``A @ B`` modulo ``p`` are formed in float64.

    Attributes
    ----------
    p : int
    H : int
        Bound on the absolute value of stored (loosely centred) residues, ``p//2 + 2``.
    split : int
        0 for plain products, else the digit size s of ``B = 2^s B1 + B0``.
    kmax : int
        Largest inner dimension of one product; longer ones are chunked.
    """

    p: int
    H: int
    split: int
    kmax: int


@lru_cache(maxsize=None)
def product_plan(p: int) -> ProductPlan:
    """The exact-product plan for the prime ``p`` (see the module docstring).

    Examples
    --------
    >>> product_plan(2**28 - 57)
    ProductPlan(p=268435399, H=134217701, split=14, kmax=4094)
    >>> product_plan(1048573).split     # p < 2^20: plain products, kmax >= 2^14
    0
    """
    H = p // 2 + 2
    # plain product: |C| + k H^2 <= 2^52
    k_plain = (EXACT_LIMIT - H) // (H * H)
    if k_plain >= 1024:
        return ProductPlan(p, H, 0, int(k_plain))
    best = None
    for s in range(1, 27):
        H1 = H // 2**s + 1  # >= floor(H/2^s + 1/2) = bound of |rint(B / 2^s)|
        k1 = EXACT_LIMIT // (H * H1)  # A @ B1
        k0 = (EXACT_LIMIT - H * (1 + 2**s)) // (H * 2 ** (s - 1))  # C - 2^s T - A @ B0
        k = min(k1, k0)
        if best is None or k > best[1]:
            best = (s, k)
    s, k = best
    if k < TRSM_BASE:
        raise ModulusError(f"modulus {p} is too large for exact float64 products", hint=_HINT)
    return ProductPlan(p, H, s, int(k))


# ---------------------------------------------------------------- float kernels

class _Workspace:
    """Four reusable float64 scratch buffers (avoids re-faulting fresh pages for every product);
    each holds at most about :data:`WORK_ENTRIES` entries (one block of a product)."""

    def __init__(self):
        self._bufs = [np.empty(0) for _ in range(4)]

    def get(self, i: int, shape) -> np.ndarray:
        size = int(np.prod(shape))
        if self._bufs[i].size < size:
            self._bufs[i] = np.empty(size)
        return self._bufs[i][:size].reshape(shape)


def _reduce(X: np.ndarray, p: int, tmp: np.ndarray) -> np.ndarray:
    """In place: X <- X - rint(X / p) p, so |X| <= p//2 + 2 (requires |X| <= 2^52)."""
    if X.size == 0:
        return X
    np.multiply(X, 1.0 / p, out=tmp)
    np.rint(tmp, out=tmp)
    np.multiply(tmp, float(p), out=tmp)
    np.subtract(X, tmp, out=X)
    return X


def _digits(B: np.ndarray, s: int, ws: "_Workspace | None" = None):
    """Balanced base-2^s digits: B = 2^s B1 + B0, |B0| <= 2^(s-1) (exact); in workspace buffers 2, 3."""
    scale = float(2**s)
    B1 = np.empty(B.shape) if ws is None else ws.get(2, B.shape)
    B0 = np.empty(B.shape) if ws is None else ws.get(3, B.shape)
    np.multiply(B, 1.0 / scale, out=B1)
    np.rint(B1, out=B1)
    np.multiply(B1, -scale, out=B0)
    B0 += B
    return B1, B0


def _submul(C: np.ndarray, A: np.ndarray, B: np.ndarray, plan: ProductPlan, ws: _Workspace) -> None:
    """In place: C <- reduce(C - A @ B) for loosely centred C, A, B (exact).

    Blocked so that no temporary exceeds about :data:`WORK_ENTRIES` entries:
    columns of B in panels (when its digits are needed), the inner dimension
    in chunks of ``plan.kmax``, the rows of C in blocks.
    """
    m, k = A.shape
    n = B.shape[1]
    if m == 0 or n == 0 or k == 0:
        return
    p = plan.p
    cb = n if plan.split == 0 else min(n, max(MIN_BLOCK, WORK_ENTRIES // min(k, plan.kmax)))
    for j0 in range(0, n, cb):
        Cj = C[:, j0:j0 + cb]
        nb = Cj.shape[1]
        rb = max(MIN_BLOCK, WORK_ENTRIES // nb)
        for k0 in range(0, k, plan.kmax):
            Bk = B[k0:k0 + plan.kmax, j0:j0 + cb]
            if plan.split:
                B1, B0 = _digits(Bk, plan.split, ws)
            for i0 in range(0, m, rb):
                Ci = Cj[i0:i0 + rb]
                Ak = A[i0:i0 + rb, k0:k0 + plan.kmax]
                T = ws.get(0, Ci.shape)
                tmp = ws.get(1, Ci.shape)
                if plan.split == 0:
                    # |C - Ak Bk| <= H + kmax H^2 <= 2^52
                    np.matmul(Ak, Bk, out=T)
                    Ci -= T
                else:
                    np.matmul(Ak, B1, out=T)  # |.| <= kmax H (H // 2^s + 1) <= 2^52
                    _reduce(T, p, tmp)
                    T *= float(2**plan.split)
                    Ci -= T  # |C| <= H (1 + 2^s)
                    np.matmul(Ak, B0, out=T)
                    Ci -= T  # |C| <= H (1 + 2^s) + kmax H 2^(s-1) <= 2^52
                _reduce(Ci, p, tmp)


def _mul(A: np.ndarray, B: np.ndarray, plan: ProductPlan, ws: _Workspace) -> np.ndarray:
    """Exact A @ B modulo p, loosely centred (a new array)."""
    C = np.zeros((A.shape[0], B.shape[1]))
    _submul(C, A, B, plan, ws)
    np.negative(C, out=C)
    return C


def _to_centred_float(Aint: np.ndarray, p: int) -> np.ndarray:
    """int64 residues in [0, p) -> float64 in (-p/2, p/2]."""
    X = Aint.astype(np.float64)
    np.subtract(X, float(p), out=X, where=Aint > p // 2)
    return X


def _to_canonical_int(X: np.ndarray, p: int) -> np.ndarray:
    """Loosely centred floats -> int64 residues in [0, p)."""
    Y = X.astype(np.int64)
    if p // 2 + 2 > p:  # p = 2: |Y| <= H = 3 may need two corrections
        return np.remainder(Y, p, out=Y)
    # |Y| <= H <= p: one correction
    np.add(Y, p, out=Y, where=Y < 0)
    np.subtract(Y, p, out=Y, where=Y >= p)
    return Y


# ---------------------------------------------------------------- triangular solve

def _unit_lower_inverse(L: np.ndarray, p: int) -> np.ndarray:
    """Inverse of a small unit lower triangular int64 matrix (entries in [0, p))."""
    b = L.shape[0]
    assert b * (p - 1) ** 2 < 2**63
    Li = np.eye(b, dtype=np.int64)
    for i in range(1, b):
        Li[i, :i] = np.remainder(-(L[i, :i] @ Li[:i, :i]), p)
    return Li


def _trsm(L: np.ndarray, B: np.ndarray, plan: ProductPlan, ws: _Workspace) -> None:
    """In place: B <- X with L X = B modulo p (floats, loosely centred).

    L is unit lower triangular; only its strictly lower part is read.
    """
    r = L.shape[0]
    if r <= TRSM_BASE:
        Li = _unit_lower_inverse(_to_canonical_int(L, plan.p), plan.p)
        B[...] = _mul(_to_centred_float(Li, plan.p), B, plan, ws)
        return
    h = r // 2
    _trsm(L[:h, :h], B[:h], plan, ws)
    _submul(B[h:], L[h:, :h], B[:h], plan, ws)
    _trsm(L[h:, h:], B[h:], plan, ws)


# ---------------------------------------------------------------- elimination

class PartialRank(KeyboardInterrupt):
    """Ctrl-C during :func:`rank_profile_blas`: ``pivots`` are columns already proved independent
    modulo p (so ``len(pivots)`` is a proved lower bound on the rank); ``columns`` were eliminated."""

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
        rb = max(MIN_BLOCK, WORK_ENTRIES // k)
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


@lru_cache(maxsize=None)
def _selfcheck(p: int) -> bool:
    """Multiply operands at the extreme of the bound and compare with exact integers."""
    plan = product_plan(p)
    H, k = plan.H, min(plan.kmax, 8192)
    rng = np.random.default_rng(12345)
    signs = rng.choice([-1.0, 1.0], size=(3, k))
    A = np.vstack([np.full((1, k), float(H)), H * signs[:1], rng.integers(-H, H + 1, size=(1, k)).astype(float)])
    B = np.vstack([np.full((1, k), float(H)), H * signs[1:2], rng.integers(-H, H + 1, size=(1, k)).astype(float)]).T
    B = np.ascontiguousarray(B)
    got = _mul(A, B, plan, _Workspace())
    Ai = [[int(x) for x in row] for row in A.tolist()]
    Bi = [[int(x) for x in row] for row in B.T.tolist()]
    for i in range(3):
        for j in range(3):
            exact = sum(a * b for a, b in zip(Ai[i], Bi[j])) % p
            if int(got[i, j]) % p != exact:
                raise NumericalError("float64 matrix products are not exact on this BLAS",
                                     hint="use algnet.core.linalg.rank_mod_p (flint) instead", p=p)
    return True


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
    rb = max(1, WORK_ENTRIES // max(W.shape[1], 1))
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
