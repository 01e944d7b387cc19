"""Exact ordered fields for the loss analysis: QQ (flint ``fmpq``) and Q(√d).

The 1-sparse loss (:mod:`~algnet.superposition.loss1`) is a piecewise
rational function of the weights; to decide stationarity and the signature of
its Hessian exactly we need a field with exact arithmetic *and* an exact sign.
Rational configurations use flint's ``fmpq``. Regular polygons are not
rational (cos 72° = (√5 − 1)/4), but their Gram matrices live in a real
quadratic field Q(√d), where the sign of a + b√d is decided exactly by
comparing a² with d b². :class:`QuadraticNumber` implements that field; the
loss code is written once, against ``+ − * /`` and comparisons, and runs
over ``fmpq``, :class:`QuadraticNumber` or ``float`` (the numerical route).

The linear algebra here (:func:`inertia`, :func:`nullspace`) works over any
such field: inertia by symmetric Gaussian elimination (Sylvester's law of
inertia: congruent matrices have the same numbers of positive, zero and
negative eigenvalues).

Examples
--------
>>> r5 = QuadraticNumber(0, 1, 5)                  # √5
>>> c = (r5 - 1) / 4                               # cos 72°
>>> 4 * c * c + 2 * c - 1                          # its minimal polynomial
0
>>> c > 0, float(c)
(True, 0.30901699437494745)
>>> inertia([[2, 1], [1, 2]]), inertia([[0, 1], [1, 0]])
((2, 0, 0), (1, 0, 1))
"""

from __future__ import annotations

import math
from fractions import Fraction

from algnet.core.numbers import fmpq, fmpz
from algnet.errors import DomainError, ParameterError

__all__ = ["QuadraticNumber", "to_fmpq", "inertia", "nullspace", "exact_polygon_gram", "polygon_coordinates"]


def to_fmpq(x) -> fmpq:
    """An exact rational from an int, Fraction, fmpz/fmpq, decimal string or float (its exact binary value).

    Examples
    --------
    >>> to_fmpq("3/4"), to_fmpq(0.5), to_fmpq(Fraction(-2, 6))
    (3/4, 1/2, -1/3)
    """
    if isinstance(x, fmpq):
        return x
    if isinstance(x, bool):
        raise DomainError(f"{x!r} is not a number", hint="pass ints, fractions or floats")
    if isinstance(x, (int, fmpz)) or type(x).__name__.startswith("int"):
        return fmpq(int(x))
    if isinstance(x, Fraction):
        return fmpq(x.numerator, x.denominator)
    if isinstance(x, str):
        f = Fraction(x)
        return fmpq(f.numerator, f.denominator)
    try:
        xf = float(x)
    except (TypeError, ValueError):
        raise DomainError(f"{x!r} is not a rational number", hint="pass ints, fractions or floats") from None
    if not math.isfinite(xf):
        raise DomainError(f"{x!r} is not finite", hint="check the weights for inf/nan")
    p, q = xf.as_integer_ratio()
    return fmpq(p, q)


class QuadraticNumber:
    """An element a + b√d of the real quadratic field Q(√d) (d > 1 squarefree), a, b rational.

    Supports ``+ − * /``, comparisons (exact sign), ``float`` and mixing with
    ints and ``fmpq``; two different d raise :class:`~algnet.errors.DomainError`.

    Examples
    --------
    >>> x = QuadraticNumber(1, 1, 2)                   # 1 + √2
    >>> x * (QuadraticNumber(1, -1, 2))                # (1 + √2)(1 − √2)
    -1
    >>> 1 / x == x - 2
    True
    >>> QuadraticNumber(3, -2, 2) > 0                  # 3 > 2√2
    True
    """

    __slots__ = ("a", "b", "d")

    def __init__(self, a, b=0, d: int = 5):
        d = int(d)
        if d < 2 or any(d % (p * p) == 0 for p in range(2, math.isqrt(d) + 1)):
            raise ParameterError(f"d={d} is not a squarefree integer > 1", hint="e.g. d=5 for Q(sqrt 5)")
        self.a, self.b, self.d = to_fmpq(a), to_fmpq(b), d

    def _lift(self, y):
        if isinstance(y, QuadraticNumber):
            if y.d != self.d:
                raise DomainError(f"cannot mix Q(sqrt {self.d}) and Q(sqrt {y.d})", hint="convert first")
            return y
        if isinstance(y, float):
            raise DomainError("cannot mix an exact quadratic number with a float", hint="use fractions")
        return QuadraticNumber(to_fmpq(y), 0, self.d)

    def __add__(self, y):
        y = self._lift(y)
        return QuadraticNumber(self.a + y.a, self.b + y.b, self.d)

    __radd__ = __add__

    def __neg__(self):
        return QuadraticNumber(-self.a, -self.b, self.d)

    def __sub__(self, y):
        return self + (-self._lift(y))

    def __rsub__(self, y):
        return self._lift(y) - self

    def __mul__(self, y):
        y = self._lift(y)
        return QuadraticNumber(self.a * y.a + self.d * self.b * y.b, self.a * y.b + self.b * y.a, self.d)

    __rmul__ = __mul__

    def __truediv__(self, y):
        y = self._lift(y)
        nrm = y.a * y.a - y.d * y.b * y.b
        if nrm == 0:
            raise ZeroDivisionError("division by zero in Q(sqrt d)")
        return self * QuadraticNumber(y.a / nrm, -y.b / nrm, self.d)

    def __rtruediv__(self, y):
        return self._lift(y) / self

    def __pow__(self, k: int):
        out = QuadraticNumber(1, 0, self.d)
        for _ in range(int(k)):
            out = out * self
        return out

    def sign(self) -> int:
        """Exact sign of a + b√d."""
        sa, sb = _sgn(self.a), _sgn(self.b)
        if sb == 0 or sa == sb:
            return sa if sa != 0 else sb
        if sa == 0:
            return sb
        a2, db2 = self.a * self.a, self.d * self.b * self.b
        return sa if a2 > db2 else (sb if db2 > a2 else 0)

    def __eq__(self, y):
        try:
            return (self - self._lift(y)).sign() == 0
        except DomainError:
            return NotImplemented

    def __hash__(self):
        return hash((self.a, self.b, self.d)) if self.b != 0 else hash(self.a)

    def __lt__(self, y):
        return (self - self._lift(y)).sign() < 0

    def __le__(self, y):
        return (self - self._lift(y)).sign() <= 0

    def __gt__(self, y):
        return (self - self._lift(y)).sign() > 0

    def __ge__(self, y):
        return (self - self._lift(y)).sign() >= 0

    def __float__(self):
        return float(self.a) + float(self.b) * math.sqrt(self.d)

    def __repr__(self):
        if self.b == 0:
            return str(self.a)
        return f"({self.a} + {self.b}*sqrt({self.d}))" if self.a != 0 else f"({self.b}*sqrt({self.d}))"


def _sgn(q) -> int:
    return (q > 0) - (q < 0)


def _is_zero(x) -> bool:
    return x == 0


def inertia(H) -> tuple:
    """(positive, zero, negative) eigenvalue counts of a symmetric matrix over an exact ordered field.

    Symmetric Gaussian elimination (congruence transformations, which keep
    the inertia by Sylvester's law); entries may be ints, ``fmpq`` or
    :class:`QuadraticNumber`. Cost O(N³) field operations.

    Examples
    --------
    >>> inertia([[1, 2, 0], [2, 1, 0], [0, 0, 0]])      # eigenvalues 3, -1, 0
    (1, 1, 1)
    """
    A = [[x if isinstance(x, QuadraticNumber) else to_fmpq(x) for x in row] for row in H]
    N = len(A)
    if any(len(r) != N for r in A):
        raise ParameterError("inertia needs a square matrix", hint="pass an N x N symmetric matrix")
    if any(not _is_zero(A[i][j] - A[j][i]) for i in range(N) for j in range(i)):
        raise ParameterError("inertia needs a symmetric matrix", hint="symmetrise (H + H^T)/2 first")
    pos = neg = 0
    idx = list(range(N))
    while idx:
        p = next((i for i in idx if not _is_zero(A[i][i])), None)
        if p is None:
            pair = next(((i, j) for i in idx for j in idx if i < j and not _is_zero(A[i][j])), None)
            if pair is None:
                break  # the remaining block is zero
            i, j = pair  # row/column i += row/column j makes A[i][i] = 2 A[i][j] != 0
            for k in range(N):
                A[i][k] = A[i][k] + A[j][k]
            for k in range(N):
                A[k][i] = A[k][i] + A[k][j]
            p = i
        d = A[p][p]
        if d > 0:
            pos += 1
        else:
            neg += 1
        idx.remove(p)
        for i in idx:
            f = A[i][p] / d
            if _is_zero(f):
                continue
            for k in idx:
                A[i][k] = A[i][k] - f * A[p][k]
            A[i][p] = A[i][p] - f * d
        for i in idx:
            A[p][i] = A[p][i] * 0
    return pos, N - pos - neg, neg


def nullspace(A) -> list:
    """A basis (list of vectors) of the right kernel {v : A v = 0} over an exact field.

    Examples
    --------
    >>> nullspace([[1, 1, 0], [0, 0, 1]])
    [[-1, 1, 0]]
    """
    R = [[x if isinstance(x, QuadraticNumber) else to_fmpq(x) for x in row] for row in A]
    ncols = len(R[0]) if R else 0
    pivots = []
    r = 0
    for c in range(ncols):
        p = next((i for i in range(r, len(R)) if not _is_zero(R[i][c])), None)
        if p is None:
            continue
        R[r], R[p] = R[p], R[r]
        inv = 1 / R[r][c]
        R[r] = [x * inv for x in R[r]]
        for i in range(len(R)):
            if i != r and not _is_zero(R[i][c]):
                f = R[i][c]
                R[i] = [x - f * y for x, y in zip(R[i], R[r])]
        pivots.append(c)
        r += 1
    basis = []
    for f in (c for c in range(ncols) if c not in pivots):
        v = [fmpq(0)] * ncols
        v[f] = fmpq(1)
        for row, c in zip(R, pivots):
            v[c] = -row[f]
        basis.append(v)
    return basis


#: cos(2π/N) in closed form: (rational part, coefficient of √d, d), for the N where it is in Q or Q(√d).
_COS = {1: (1, 0, None), 2: (-1, 0, None), 3: (Fraction(-1, 2), 0, None), 4: (0, 0, None),
        5: (Fraction(-1, 4), Fraction(1, 4), 5), 6: (Fraction(1, 2), 0, None),
        8: (0, Fraction(1, 2), 2), 10: (Fraction(1, 4), Fraction(1, 4), 5), 12: (0, Fraction(1, 2), 3)}


def _cos_generator(N):
    if N not in _COS:
        raise NotImplementedError  # pragma: no cover - guarded by the caller
    a, b, d = _COS[N]
    return to_fmpq(a) if d is None else QuadraticNumber(a, b, d)


def polygon_coordinates(N: int, radius2=1):
    """The regular N-gon exactly: coordinates of its vertices in the basis (w_0, w_1) and that basis' Gram matrix.

    The vertices w_k = r(cos 2πk/N, sin 2πk/N) satisfy w_{k+1} = 2cos(2π/N) w_k − w_{k−1},
    so their coordinates in the (non-orthonormal) basis (w_0, w_1) lie in
    Q(cos 2π/N); the inner product of the plane is the 2 x 2 Gram matrix
    Σ = r² [[1, c], [c, 1]]. Available for N in {2, 3, 4, 5, 6, 8, 10, 12}
    (cos 2π/N rational or in Q(√2), Q(√3), Q(√5)).

    Returns
    -------
    (coords, metric) : (list of 2 rows of N field elements, 2 x 2 list)

    Examples
    --------
    >>> X, S = polygon_coordinates(4)
    >>> X
    [[1, 0, -1, 0], [0, 1, 0, -1]]
    >>> S
    [[1, 0], [0, 1]]
    """
    if N not in _COS or N < 2:
        raise ParameterError(f"no exact coordinates for the regular {N}-gon",
                             hint="N in 2, 3, 4, 5, 6, 8, 10, 12 (cos 2pi/N in a quadratic field); "
                                  "use the numerical route otherwise")
    c = _cos_generator(N)
    r2 = to_fmpq(radius2)
    if not r2 > 0:
        raise ParameterError(f"the squared norm of the polygon's features must be positive, got {radius2}",
                             hint="e.g. radius2=1 (a zero norm is the configuration W = 0: pass it as weights)")
    one, zero = c * 0 + 1, c * 0
    if N == 2:
        return [[one, -one]], [[r2 * one]]
    cols = [(one, zero), (zero, one)]
    while len(cols) < N:
        (a1, b1), (a0, b0) = cols[-1], cols[-2]
        cols.append((2 * c * a1 - a0, 2 * c * b1 - b0))
    return [[x for x, _ in cols], [y for _, y in cols]], [[r2 * one, r2 * c], [r2 * c, r2 * one]]


def exact_polygon_gram(N: int, radius2=1) -> list:
    """The exact Gram matrix r² cos(2π(k − l)/N) of the regular N-gon (see :func:`polygon_coordinates`).

    Examples
    --------
    >>> G = exact_polygon_gram(5)
    >>> G[0][1], G[0][2]
    ((-1/4 + 1/4*sqrt(5)), (-1/4 + -1/4*sqrt(5)))
    """
    X, S = polygon_coordinates(N, radius2)
    m = len(S)
    return [[sum((X[p][i] * S[p][q] * X[q][j] for p in range(m) for q in range(m)), X[0][0] * 0)
             for j in range(N)] for i in range(N)]
