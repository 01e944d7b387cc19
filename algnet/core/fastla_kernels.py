"""Exact float64 kernels of :mod:`algnet.core.fastla`: the product plan, blocked exact products
modulo p, conversions between residues and loosely centred floats, the triangular solve, the self-check.

See :mod:`algnet.core.fastla` for the exactness argument (every float64 integer formed stays below
2^52). Temporaries are blocked: no product allocates more than a few blocks of :data:`WORK_ENTRIES`.

Examples
--------
>>> import numpy as np
>>> plan = product_plan(101)
>>> A = np.array([[1.0, 2.0], [3.0, 4.0]])
>>> (_mul(A, A, plan, _Workspace()) % 101).tolist()
[[7.0, 10.0], [15.0, 22.0]]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from algnet.errors import ModulusError, NumericalError

#: Bound on every float64 integer that is formed (products, sums, inputs to reduction).
EXACT_LIMIT = 2**52
#: Triangular solves multiply by explicit inverses of unit triangles of this size.
TRSM_BASE = 64
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

    Examples
    --------
    >>> plan = product_plan(1048573)             # p < 2^20: no split, 16383 * H^2 + H <= 2^52
    >>> isinstance(plan, ProductPlan), plan.split, plan.kmax * plan.H ** 2 + plan.H <= 2**52
    (True, 0, True)
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
