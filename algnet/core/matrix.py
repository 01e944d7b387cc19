"""One matrix layer: ``Matrix(data, domain)`` with rank, rank profile, rref, nullspace and numerical rank.

Domains: ``GF(p)`` (residues, int64), ``QQ`` (exact rationals: ints,
Fractions, flint ``fmpq``) and floats (``"RR"``/``"CC"``: numerical rank by
the SVD only). Every analysis that needs a rank goes through this module,
so the choice of algorithm lives in one place and flint is imported here
rather than in each analysis.

Methods and where each wins
---------------------------
GF(p) rank and column rank profile (pivots):

* ``"flint"``: python-flint ``nmod_mat`` (``rank``, ``rref``), after a
  conversion of about 0.5-1 us per entry (through ``fmpz_mat``, about twice
  as fast as from a list);
* ``"fastla"``: :mod:`algnet.core.fastla`, exact float64 BLAS elimination
  (p < 2^28), which returns the same pivots (the lexicographically first
  column rank profile = the pivot columns of the rref).

``method="auto"`` uses fastla when ``min(rows, cols) >= FASTLA_THRESHOLD``
(200) and p < 2^28, flint otherwise. The threshold comes from the table in
:mod:`algnet.core.fastla` (random square matrices modulo 2^28 - 57, CPU
seconds, 2-core machine, OpenBLAS one thread): n = 100: flint 0.0058,
fastla 0.0054; n = 200: 0.0240 / 0.0145; n = 400: 0.100 / 0.044; n = 800:
0.459 / 0.159; n = 2000: 1.70 / 1.3-1.55. Below ~150 the two are within
noise; with two OpenBLAS threads on a loaded machine fastla lost in wall
clock up to n ~ 800, so the switch is at 200 (where single-thread fastla
is already 1.7x faster). The full reduced row echelon form and the
nullspace are always flint's (fastla computes the rank profile only).

QQ rank: ``"flint"`` exact elimination — integer matrices by ``fmpz_mat``
(fraction-free), others by ``fmpq_mat``; ``"multimodular"`` ranks modulo
primes (each a proved lower bound; equal to the rank unless the prime
divides every maximal nonzero minor), returned with the flag that it is a
lower bound — used by the analyses that certify by an upper bound instead.

Float rank: ``numerical_rank`` (SVD, numpy's threshold
``s_max * max(m, n) * eps`` unless ``tol`` is given) returns the rank and
the threshold used.

Examples
--------
>>> from algnet.core.domains import GF, QQ
>>> A = Matrix([[1, 2, 3], [2, 4, 6], [1, 0, 1]], GF(101))
>>> A.rank(), A.pivots(), A.nullspace().tolist()
(2, (0, 1), [[100, 100, 1]])
>>> Matrix([["1/2", 1], [1, 2]], QQ).rank()
1
>>> Matrix([[1.0, 1.0], [1.0, 1.0 + 1e-17]], "RR").numerical_rank()[0]
1
"""

from __future__ import annotations

from fractions import Fraction

import flint
import numpy as np

from algnet.core.backends import Exact, ModP
from algnet.core.primes import check_prime
from algnet.errors import NotApplicableError, NumericalError, ParameterError

__all__ = ["Matrix", "FASTLA_THRESHOLD", "METHODS", "gf_method", "to_nmod_mat", "from_nmod_mat", "to_fmpq_mat",
           "integer_matmul", "integer_det", "smith_diagonal", "integer_row_basis"]


def integer_matmul(A, B) -> np.ndarray:
    """The exact product of two 2-D integer matrices (Python ints of any size, or int64) as an object array of
    Python ints, by flint's ``fmpz_mat``. It replaces numpy's product of object arrays, which is slower and
    crashed the process with a segmentation fault in about 1 of 10 ``algnet fd`` runs interrupted by Ctrl-C
    during the product.

    Examples
    --------
    >>> import numpy as np
    >>> P = integer_matmul(np.array([[2**70, 1]], dtype=object), np.array([[3], [-2]]))
    >>> P.dtype, P[0, 0] == 3 * 2**70 - 2
    (dtype('O'), True)
    """
    A, B = np.asarray(A), np.asarray(B)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ParameterError(f"integer_matmul: shapes {A.shape} and {B.shape} do not multiply",
                             hint="2-D matrices (m, k) and (k, n)")
    m, n = A.shape[0], B.shape[1]
    out = np.empty((m, n), dtype=object)
    if m == 0 or n == 0:
        return out
    if A.shape[1] == 0:
        out[...] = 0
        return out
    P = flint.fmpz_mat(m, A.shape[1], [int(v) for v in A.ravel().tolist()]) * \
        flint.fmpz_mat(B.shape[0], n, [int(v) for v in B.ravel().tolist()])
    out.ravel()[:] = [int(v) for v in P.entries()]
    return out


def integer_det(rows) -> int:
    """The exact determinant of a square integer matrix given as rows of Python ints (flint's ``fmpz_mat``).

    Examples
    --------
    >>> integer_det([[2, 1], [1, 3]]), integer_det([[2**70, 0], [0, 3]]) == 3 * 2**70
    (5, True)
    """
    rows = [[int(v) for v in r] for r in rows]
    if not rows:
        return 1
    if any(len(r) != len(rows) for r in rows):
        raise ParameterError(f"integer_det: a {len(rows)} x {len(rows[0])} matrix is not square",
                             hint="a square matrix of integers")
    return int(flint.fmpz_mat(rows).det())


def smith_diagonal(rows) -> list[int]:
    """The diagonal of the Smith normal form of an integer matrix given as rows of Python ints (its elementary
    divisors, then zeros; min(rows, columns) entries).

    Examples
    --------
    >>> smith_diagonal([[2, 4], [6, 8]])
    [2, 4]
    """
    rows = [[int(v) for v in r] for r in rows]
    if not rows or not rows[0]:
        return []
    S = flint.fmpz_mat(rows).snf()
    return [int(S[i, i]) for i in range(min(len(rows), len(rows[0])))]



def integer_row_basis(rows) -> list[list[int]]:
    """A basis of the lattice spanned by integer rows (Python ints): the nonzero rows of the Hermite normal form.

    Examples
    --------
    >>> integer_row_basis([[2, 0], [0, 2], [1, 1]])
    [[1, 1], [0, 2]]
    >>> integer_row_basis([[0, 0]])
    []
    """
    rows = [[int(v) for v in r] for r in rows]
    if not rows or not rows[0]:
        return []
    if any(len(r) != len(rows[0]) for r in rows):
        raise ParameterError("integer_row_basis: rows of different lengths", hint="rows of one length")
    H = flint.fmpz_mat(rows).hnf()
    basis = [[int(H[i, j]) for j in range(H.ncols())] for i in range(H.nrows())]
    return [r for r in basis if any(r)]

#: GF(p): fastla from this min(rows, cols) on (see the module doc for the timings behind it).
FASTLA_THRESHOLD = 200   # = algnet.core.fastla.AUTO_THRESHOLD
#: Method names per domain kind.
METHODS = {"GF(p)": ("auto", "flint", "fastla"), "QQ": ("auto", "flint", "multimodular"), "float": ("auto", "svd")}

_FLOAT_NAMES = ("RR", "CC", "float")


# ---------------------------------------------------------------- flint conversions (the only ones)
def to_nmod_mat(A, p: int) -> flint.nmod_mat:
    """An integer array (int64 or Python ints) modulo the prime p as a flint ``nmod_mat``.

    Examples
    --------
    >>> to_nmod_mat([[1, -1]], 7).tolist()
    [[1, 6]]
    """
    A = _int_matrix(A)
    m, n = A.shape
    if m == 0 or n == 0:
        return flint.nmod_mat(m, n, p)
    if A.dtype != object:
        # through fmpz_mat: about twice as fast as from a list of Python ints
        return flint.nmod_mat(flint.fmpz_mat(m, n, np.mod(A, p).ravel().tolist()), p)
    return flint.nmod_mat(m, n, [int(x) % p for x in A.ravel().tolist()], p)


def from_nmod_mat(M: flint.nmod_mat) -> np.ndarray:
    """An ``nmod_mat`` as an int64 array of residues in [0, p).

    Examples
    --------
    >>> from_nmod_mat(to_nmod_mat([[3, -1]], 5)).tolist()
    [[3, 4]]
    """
    m, n = M.nrows(), M.ncols()
    if m == 0 or n == 0:
        return np.zeros((m, n), dtype=np.int64)
    return np.fromiter(map(int, M.entries()), dtype=np.int64, count=m * n).reshape(m, n)


def _fmpq(x):
    if isinstance(x, Fraction):
        return flint.fmpq(x.numerator, x.denominator)
    if isinstance(x, (int, np.integer)):
        return flint.fmpq(int(x))
    if isinstance(x, (flint.fmpq, flint.fmpz)):
        return flint.fmpq(x)
    if isinstance(x, str):
        f = Fraction(x)
        return flint.fmpq(f.numerator, f.denominator)
    raise ParameterError(f"entry {x!r} is not an exact rational", hint="use ints, fractions.Fraction or 'p/q'")


def to_fmpq_mat(A) -> flint.fmpq_mat:
    """Integers, Fractions, 'p/q' strings or flint rationals as an ``fmpq_mat``.

    Examples
    --------
    >>> to_fmpq_mat([[1, "1/2"]]).tolist()
    [[1, 1/2]]
    """
    A = np.asarray(A, dtype=object)
    if A.ndim != 2:
        raise ParameterError(f"expected a 2-D matrix, got shape {A.shape}", hint="pass a list of rows")
    m, n = A.shape
    return flint.fmpq_mat(m, n, [_fmpq(x) for x in A.ravel().tolist()])


def _int_matrix(A) -> np.ndarray:
    A = np.asarray(A)
    if A.ndim != 2:
        raise ParameterError(f"expected a 2-D matrix, got shape {A.shape}", hint="pass a list of rows or a 2-D array")
    if A.dtype == object or np.issubdtype(A.dtype, np.integer):
        return A
    if A.dtype == bool:
        return A.astype(np.int64)
    raise ParameterError(f"expected an integer matrix, got dtype {A.dtype}",
                         hint="floating-point ranks are numerical: use Matrix(A, 'RR').numerical_rank()")


def _pivots_of_rref(R: np.ndarray, r: int) -> tuple[int, ...]:
    return tuple(int(np.flatnonzero(R[i])[0]) for i in range(r))


# ---------------------------------------------------------------- the matrix
class Matrix:
    """A matrix over a domain: ``GF(p)`` (or a prime), ``QQ`` (or "QQ"), or floats ("RR", "CC").

    Parameters
    ----------
    data : array_like, shape (m, n)
        GF(p): integers (reduced mod p); QQ: ints, Fractions, 'p/q' strings,
        flint rationals; floats: any numeric array.
    domain : ModP, int, Exact, or str

    Examples
    --------
    >>> from algnet.core.domains import GF
    >>> M = Matrix([[0, 3], [0, 1]], GF(7))
    >>> M.rank_profile(), M.rref()[0].tolist()
    ((1, (1,)), [[0, 1], [0, 0]])
    >>> Matrix([[2, 0], [0, 3]], 3).rank()
    1
    """

    def __init__(self, data, domain):
        self.kind, self.p = _domain(domain)
        if self.kind == "GF(p)":
            A = _int_matrix(data)
            if A.dtype == object:
                A = np.array([[int(x) % self.p for x in row] for row in A.tolist()], dtype=np.int64).reshape(A.shape)
            elif A.size and (A.min() < 0 or A.max() >= self.p):
                A = np.mod(A, self.p)
            self.data = A.astype(np.int64, copy=False)
        elif self.kind == "QQ":
            A = np.asarray(data, dtype=object)
            if A.ndim != 2:
                raise ParameterError(f"expected a 2-D matrix, got shape {A.shape}", hint="pass a list of rows")
            self.data = A
        else:
            A = np.asarray(data)
            if A.ndim != 2:
                raise ParameterError(f"expected a 2-D matrix, got shape {A.shape}", hint="pass a list of rows")
            self.data = A.astype(np.complex128 if np.iscomplexobj(A) else np.float64, copy=False)

    @property
    def shape(self):
        return self.data.shape

    def __repr__(self):
        dom = f"GF({self.p})" if self.kind == "GF(p)" else self.kind
        return f"Matrix({self.shape[0]}x{self.shape[1]} over {dom})"

    # ------------------------------------------------------------ method choice (the one place)
    def choose(self, method: str = "auto") -> str:
        """The method ``auto`` resolves to for this matrix (see the module doc).

        Examples
        --------
        >>> import numpy as np
        >>> Matrix(np.eye(300, dtype=np.int64), 101).choose(), Matrix([[1]], 101).choose()
        ('fastla', 'flint')
        """
        allowed = METHODS[self.kind]
        if method not in allowed:
            raise ParameterError(f"unknown method {method!r} over {self.kind}", hint=f"one of {', '.join(allowed)}")
        if method != "auto":
            return method
        if self.kind == "GF(p)":
            return gf_method(self.shape, self.p)
        return "flint" if self.kind == "QQ" else "svd"

    # ------------------------------------------------------------ rank
    def rank(self, method: str = "auto", primes=None) -> int:
        """The rank (GF(p), QQ exactly; floats: :meth:`numerical_rank`).

        ``method="multimodular"`` over QQ returns the largest rank modulo
        ``primes`` (default: two primes of :func:`algnet.core.primes.default_primes`),
        a proved lower bound (see the module doc).
        """
        m, n = self.shape
        if m == 0 or n == 0:
            return 0
        how = self.choose(method)
        if self.kind == "GF(p)":
            return self.rank_profile(how)[0] if how == "fastla" else int(to_nmod_mat(self.data, self.p).rank())
        if self.kind == "QQ":
            if how == "multimodular":
                return self._rank_multimodular(primes)
            ints = self._integer_rows()
            if ints is not None:
                return int(flint.fmpz_mat(m, n, ints).rank())
            return int(to_fmpq_mat(self.data).rank())
        return self.numerical_rank()[0]

    def _integer_rows(self):
        vals = self.data.ravel().tolist()
        if all(isinstance(x, (int, np.integer)) for x in vals):
            return [int(x) for x in vals]
        return None

    def _rank_multimodular(self, primes) -> int:
        from algnet.core.primes import default_primes

        best = 0
        for p in (primes or default_primes()[:2]):
            try:
                best = max(best, self.reduce(p).rank())
            except ZeroDivisionError:   # a denominator divisible by p: skip that prime
                continue
        return best

    def reduce(self, p: int) -> "Matrix":
        """The matrix modulo p (QQ entries with denominators prime to p).

        Examples
        --------
        >>> from fractions import Fraction
        >>> Matrix([[Fraction(1, 2), 1]], "QQ").reduce(7).data.tolist()
        [[4, 1]]
        """
        if self.kind != "QQ":
            raise NotApplicableError(f"reduce() maps QQ to GF(p), not {self.kind}", hint="build a Matrix over QQ")
        p = check_prime(p, max_prime=2**62)
        out = np.empty(self.shape, dtype=object)
        for idx, x in np.ndenumerate(self.data):
            q = _fmpq(x)
            num, den = int(q.p), int(q.q)
            if den % p == 0:
                raise ZeroDivisionError(f"denominator divisible by {p}")
            out[idx] = num * pow(den, -1, p) % p
        return Matrix(out, p)

    def rank_profile(self, method: str = "auto") -> tuple[int, tuple[int, ...]]:
        """(rank, pivot columns): the lexicographically first independent columns (rref pivots)."""
        m, n = self.shape
        if m == 0 or n == 0:
            return 0, ()
        if self.kind == "float":
            raise NotApplicableError("a float matrix has no exact rank profile", hint="use numerical_rank()")
        how = self.choose(method)
        if how == "fastla":
            from algnet.core.fastla import rank_profile_blas

            return rank_profile_blas(self.data, self.p)
        R, r = self.rref(method="flint" if how != "multimodular" else "flint")
        return r, _pivots_of_rref(R, r) if self.kind == "GF(p)" else tuple(
            next(j for j in range(n) if R[i][j] != 0) for i in range(r))

    def pivots(self, method: str = "auto") -> tuple[int, ...]:
        """Pivot columns (see :meth:`rank_profile`)."""
        return self.rank_profile(method)[1]

    def rref(self, method: str = "auto"):
        """(reduced row echelon form, rank): int64 residues over GF(p), lists of Fractions over QQ (flint)."""
        if method not in ("auto", "flint"):
            raise ParameterError("rref is computed by flint", hint="method='auto' or 'flint'")
        m, n = self.shape
        if self.kind == "GF(p)":
            M = to_nmod_mat(self.data, self.p)
            if m == 0 or n == 0:
                return from_nmod_mat(M), 0
            R, r = M.rref()
            return from_nmod_mat(R), int(r)
        if self.kind == "QQ":
            if m == 0 or n == 0:
                return [[Fraction(0)] * n for _ in range(m)], 0
            R, r = to_fmpq_mat(self.data).rref()
            return [[Fraction(int(x.p), int(x.q)) for x in row] for row in R.tolist()], int(r)
        raise NotApplicableError("no exact rref of a float matrix", hint="use numerical_rank() or an exact domain")

    def nullspace(self):
        """A basis of the right kernel {x : A x = 0}, as rows, in reduced form (a 1 at each free column,
        zeros at the other free columns): int64 residues over GF(p), lists of Fractions over QQ."""
        m, n = self.shape
        if self.kind == "float":
            raise NotApplicableError("no exact nullspace of a float matrix", hint="use an exact domain")
        if m == 0:
            if self.kind == "GF(p)":
                return np.eye(n, dtype=np.int64)
            return [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
        R, r = self.rref()
        if self.kind == "GF(p)":
            piv = _pivots_of_rref(R, r)
            free = [j for j in range(n) if j not in set(piv)]
            K = np.zeros((len(free), n), dtype=np.int64)
            for t, f in enumerate(free):
                K[t, f] = 1
                for i, pc in enumerate(piv):
                    K[t, pc] = (-R[i, f]) % self.p
            return K
        piv = [next(j for j in range(n) if R[i][j] != 0) for i in range(r)]
        free = [j for j in range(n) if j not in set(piv)]
        out = []
        for f in free:
            v = [Fraction(0)] * n
            v[f] = Fraction(1)
            for i, pc in enumerate(piv):
                v[pc] = -R[i][f]
            out.append(v)
        return out

    def numerical_rank(self, tol: float | None = None) -> tuple[int, float]:
        """(rank, threshold) by the SVD: singular values above ``tol`` (default ``s_max * max(m, n) * eps``).

        QQ entries are converted to floats first; residues modulo p have no numerical rank. The matrix is first
        multiplied by a power of 2 that brings its largest entry into [1/2, 1) (exact in binary floating point,
        and the rank with a threshold relative to ``s_max`` does not change): entries near float64's largest
        value (1.8e308), or rationals beyond it, would overflow inside the SVD and make the threshold inf, and
        tiny ones would lose their digits to underflow. The threshold is returned in the matrix's own units
        (inf only when that number itself is beyond float64's range).

        Examples
        --------
        >>> Matrix([[1e308, 1e308], [1e308, 1e308], [1e308, -1e308]], "RR").numerical_rank()[0]
        2
        >>> Matrix([[10**400, 10**400], [10**400, 10**400 + 1]], "QQ").numerical_rank()[0]   # 1 apart in 10^400
        1
        """
        A = self.data
        if self.kind == "GF(p)":
            raise NotApplicableError("residues modulo p have no numerical rank", hint="use rank() over GF(p)")
        shift = 0
        if self.kind == "QQ":
            A, shift = _scaled_floats_of_rationals(A.tolist(), self.shape)
        if A.size == 0:
            return 0, 0.0
        if not np.all(np.isfinite(A)):
            raise NumericalError("the float matrix has infinite or NaN entries (float64 overflow): no numerical rank",
                                 hint="use an exact rank (over GF(p) or QQ), or smaller numbers")
        A, e = _power_of_two_scaled(A)
        shift += e
        try:
            s = np.linalg.svd(A, compute_uv=False)
        except np.linalg.LinAlgError:
            raise NumericalError("the SVD did not converge: no numerical rank",
                                 hint="use an exact rank (over GF(p) or QQ)") from None
        if tol is None:
            tol = float(s.max() * max(A.shape) * np.finfo(float).eps) if s.size else 0.0
        else:
            tol = _ldexp(float(tol), -shift)
        return int((s > tol).sum()), _ldexp(float(tol), shift)


def _ldexp(x: float, e: int) -> float:
    """x * 2^e, inf (or 0) past float64's range instead of an OverflowError."""
    with np.errstate(over="ignore", under="ignore"):
        return float(np.ldexp(x, e))


def _power_of_two_scaled(A):
    """(A * 2^-e, e) with the largest |real or imaginary part| in [1/2, 1): exact in binary floating point."""
    big = float(max(np.abs(A.real).max(), np.abs(A.imag).max() if np.iscomplexobj(A) else 0.0))
    if big == 0.0:
        return A, 0
    e = int(np.frexp(big)[1])
    if e == 0:
        return A, 0
    with np.errstate(under="ignore"):
        if np.iscomplexobj(A):
            return np.ldexp(A.real, -e) + 1j * np.ldexp(A.imag, -e), e
        return np.ldexp(np.asarray(A, dtype=float), -e), e


def _pq(x) -> tuple[int, int]:
    if isinstance(x, (float, np.floating)):      # a float among exact entries: its exact binary value
        f = Fraction(float(x))
        return f.numerator, f.denominator
    q = _fmpq(x)
    return int(q.p), int(q.q)


def _scaled_floats_of_rationals(rows, shape):
    """(float64 array of the rationals times 2^-e, e), e chosen so that no entry overflows: entries beyond
    float64's range (1.8e308) divided by a power of 2 before the (correctly rounded) conversion."""
    pq = [[_pq(x) for x in row] for row in rows]
    e = max((p.bit_length() - q.bit_length() for row in pq for p, q in row if p), default=0)
    e = e if abs(e) > 900 else 0     # ordinary sizes are converted as they are
    with np.errstate(under="ignore"):
        vals = [[(p / (q << e) if e >= 0 else (p << -e) / q) for p, q in row] for row in pq]
    return np.array(vals, dtype=float).reshape(shape), e


def gf_method(shape, p: int) -> str:
    """The method ``auto`` takes for a GF(p) matrix of this shape: "fastla" or "flint" (see the module doc).

    Callers that build a large matrix themselves ask first, to build it in fastla's float64
    layout directly (:func:`algnet.core.fastla.centred_buffer`) instead of converting a copy.

    Examples
    --------
    >>> gf_method((300, 400), 101), gf_method((300, 400), 2**61 - 1), gf_method((10, 400), 101)
    ('fastla', 'flint', 'flint')
    """
    from algnet.core.fastla import BLAS_MAX_PRIME

    return "fastla" if min(shape) >= FASTLA_THRESHOLD and p < BLAS_MAX_PRIME else "flint"


def _domain(domain):
    if isinstance(domain, ModP):
        return "GF(p)", domain.p
    if isinstance(domain, (int, np.integer)) and not isinstance(domain, bool):
        return "GF(p)", check_prime(int(domain), max_prime=2**62)
    if isinstance(domain, Exact) or domain == "QQ":
        return "QQ", None
    if isinstance(domain, str) and domain in _FLOAT_NAMES:
        return "float", None
    raise ParameterError(f"unknown domain {domain!r}", hint="GF(p) (or a prime), QQ, or 'RR'/'CC' for floats")
