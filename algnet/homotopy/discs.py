"""Rigorous complex disc arithmetic in float64, vectorised over numpy arrays.

A :class:`Disc` holds a midpoint array ``m`` (complex128) and a radius array
``r`` (float64, >= 0, broadcastable to ``m``); it stands for the sets
{z : |z - m| <= r}, elementwise. Every operation returns a disc that contains
the exact result for every choice of points in its operands (midpoint-radius
arithmetic, Rump, *Fast and parallel interval arithmetic*, BIT 39 (1999);
Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., 2002).

The argument, under the assumption that float64 operations are IEEE-754 with
round-to-nearest (numpy's default), u = 2^-53:

* a sum: the computed midpoint differs from the exact sum of the midpoints by at
  most u/(1 - u) |fl(m1 + m2)| (each real part is rounded with relative error u);
  the radius is r1 + r2 plus 2u |fl(m1 + m2)|;
* a product: (m1 + d1)(m2 + d2) - m1 m2 = m1 d2 + d1 m2 + d1 d2, bounded by
  |m1| r2 + r1 |m2| + r1 r2; the computed complex product differs from m1 m2 by
  at most sqrt(5) u |m1| |m2| (Brent, Percival, Zimmermann, Math. Comp. 76 (2007);
  2u with a fused multiply-add), bounded here by 3u |m1| |m2|;
* a matrix product of length n (any summation order, BLAS or not): the computed
  complex inner product differs from the exact one by at most sqrt(2) gamma_(n+2)
  |a|^T |b| (Higham, section 3.6), bounded here by 2 (n + 3) u |a|^T |b|;
* every radius formula above is evaluated in floating point on non-negative
  numbers with at most n + 8 rounded operations on a path, each with relative
  error at most u, so the computed radius is at least (1 - u)^(n + 8) times the
  exact one; the radius formulas (:mod:`algnet.homotopy.disc_rules`, written once for
  numpy and the compiled kernels) multiply by 1 + (2n + 32) u, which exceeds
  (1 - u)^-(n + 16), and add 2^-996 (about 1.5e-300), more than the absolute
  error of any underflowing operation in the formula (each at most 2^-1075);
* overflow gives inf or nan; callers treat a disc with a non-finite midpoint or
  radius as undecided.

Constants: Python ints below 2^53 and floats are exact; a
:class:`fractions.Fraction` (an activation coefficient) is rounded to the
nearest float (Python's ``float(Fraction)`` rounds correctly) with radius
2u |value|.

Examples
--------
>>> import numpy as np
>>> a = Disc(np.array([1 / 3 + 0j]))
>>> b = a * 3 - 1                       # 3 fl(1/3) - 1 is not 0 in floats: the disc contains the exact value
>>> bool(abs(b.m[0]) <= b.r[0])
True
>>> from fractions import Fraction
>>> third = DiscBackend().const(Fraction(1, 3))
>>> d = third * 3 - 1                   # the disc of 1/3 contains 1/3: the result contains 0
>>> bool(abs(d.m) <= d.r)
True
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.core.backends import Exact
from algnet.homotopy.disc_rules import ETA, U, inner_radius, product_radius, scale_radius, sum_radius

__all__ = ["Disc", "DiscBackend", "disc_matmul", "point_matmul", "to_disc_arrays", "U"]

def _up(r, n: int = 0):
    """An upper bound of a radius computed in round-to-nearest (see the module's argument)."""
    return r * (1.0 + (2 * n + 32) * U) + ETA


def _const(c):
    """(midpoint, radius) of a number: exact for floats and small ints, rounded otherwise."""
    if isinstance(c, Fraction):
        v = float(c)
        return complex(v), 2 * U * abs(v) + (ETA if c != 0 else 0.0)
    if hasattr(c, "p") and hasattr(c, "q") and not isinstance(c, (complex, float, int)):   # flint fmpq / fmpz
        c = Fraction(int(c.p), int(c.q))
        if c.denominator == 1:
            c = int(c)
        return _const(c)
    if isinstance(c, int) and not isinstance(c, bool) and abs(c) > 2 ** 53:
        v = float(c)
        return complex(v), 2 * U * abs(v)
    return complex(c), 0.0


class Disc:
    """Discs {|z - m| <= r} elementwise; ``+ - *`` and integer powers with numbers and discs.

    Examples
    --------
    >>> import numpy as np
    >>> x = Disc(np.array([1j, 2.0]), np.array([0.0, 0.5]))
    >>> y = x * x
    >>> y.m.tolist(), bool(y.r[1] >= 2.25)   # (2 + d)^2 - 4 = 4 d + d^2, |d| <= 1/2
    ([(-1+0j), (4+0j)], True)
    """

    __slots__ = ("m", "r", "c")
    __array_ufunc__ = None          # numpy arrays defer to Disc's reflected operators

    def __init__(self, m, r=0.0):
        self.m = np.asarray(m, dtype=np.complex128)
        self.r = np.asarray(r, dtype=np.float64)
        # an exact scalar (a float constant): the cheaper formulas of a number apply
        self.c = complex(self.m) if self.m.ndim == 0 and self.r.ndim == 0 and self.r == 0 else None

    @staticmethod
    def coerce(x):
        """A disc of a number, or of a float array (exact entries)."""
        if isinstance(x, Disc):
            return x
        if isinstance(x, np.ndarray):
            return Disc(x)
        m, r = _const(x)
        return Disc(m, r)

    def __add__(self, o):
        if isinstance(o, Disc):
            if self.c is not None and o.c is None:
                return o.__add__(self)
            if o.c is not None and self.c is None:
                if o.c == 0:
                    return self
                m = self.m + o.c
                return _new(m, sum_radius(np.abs(m), self.r, 0.0))
        elif isinstance(o, np.ndarray):
            o = Disc(o)
        else:
            m0, r0 = _const(o)
            if m0 == 0 and r0 == 0:
                return self
            if r0 == 0 and self.c is None:
                m = self.m + m0
                return _new(m, sum_radius(np.abs(m), self.r, 0.0))
            o = Disc(m0, r0)
        m = self.m + o.m
        return _new(m, sum_radius(np.abs(m), self.r, o.r))

    __radd__ = __add__

    def __neg__(self):
        return _new(-self.m, self.r, self.c if self.c is None else -self.c)

    def __pos__(self):
        return self

    def __sub__(self, o):
        return self + (-o if isinstance(o, Disc) else -Disc.coerce(o))

    def __rsub__(self, o):
        return (-self) + o

    def __mul__(self, o):
        if isinstance(o, Disc):
            if self.c is not None and o.c is None:
                return o.__mul__(self)
            c = o.c if self.c is None else None
        elif isinstance(o, np.ndarray):
            o, c = Disc(o), None
        else:
            c, rc = _const(o)
            if rc != 0:
                o, c = Disc(c, rc), None
        if c is not None:                                    # an exact number
            if c == 1:
                return self
            if c == 0:
                return _new(np.zeros_like(self.m), np.zeros_like(self.r))
            m = self.m * c
            return _new(m, scale_radius(abs(c), self.r, np.abs(m)))
        a1, a2 = np.abs(self.m), np.abs(o.m)
        m = self.m * o.m
        return _new(m, product_radius(a1, self.r, a2, o.r))

    __rmul__ = __mul__

    def __pow__(self, k):
        k = int(k)
        if k < 0:
            raise ValueError("negative power of a disc")
        out, base = None, self
        while k:
            if k & 1:
                out = base if out is None else out * base
            k >>= 1
            if k:
                base = base * base
        return Disc(np.ones_like(self.m)) if out is None else out

    def __getitem__(self, idx):
        return Disc(self.m[idx], np.broadcast_to(self.r, self.m.shape)[idx])

    @property
    def shape(self):
        return self.m.shape

    def upper(self):
        """An upper bound of |z| over the disc (elementwise)."""
        return _up(np.abs(self.m) + self.r)

    def __repr__(self):
        return f"Disc(m={self.m!r}, r={self.r!r})"


def _new(m, r, c=None) -> Disc:
    """A disc from arrays already of the right types (no conversion)."""
    d = object.__new__(Disc)
    d.m, d.r, d.c = m, r, c
    return d


def point_matmul(A, D: Disc) -> Disc:
    """A @ D for a float matrix A (exact entries, shape (..., a, n)) and discs D (..., n, k).

    Examples
    --------
    >>> import numpy as np
    >>> D = point_matmul(np.array([[1.0, 1.0]]), Disc(np.array([[0.1], [0.2]]), np.array([[0.0], [0.5]])))
    >>> float(D.m[0, 0].real), bool(0.5 <= D.r[0, 0] < 0.5 + 1e-14)
    (0.30000000000000004, True)
    """
    A = np.asarray(A, dtype=np.complex128)
    n = A.shape[-1]
    m = np.matmul(A, D.m)
    absA = np.abs(A)
    return Disc(m, inner_radius(np.matmul(absA, np.broadcast_to(D.r, D.m.shape)), np.matmul(absA, np.abs(D.m)), n))


def disc_matmul(A: Disc, B: Disc) -> Disc:
    """A @ B for discs (shapes as numpy's matmul).

    Examples
    --------
    >>> import numpy as np
    >>> A = Disc(np.array([[1.0, 2.0]]), np.array([[0.1, 0.0]]))
    >>> C = disc_matmul(A, Disc(np.array([[3.0], [1.0]])))      # 1 * 3 + 2 * 1, radius 0.1 * 3
    >>> float(C.m[0, 0].real), bool(0.3 <= C.r[0, 0] < 0.3 + 1e-14)
    (5.0, True)
    """
    n = A.m.shape[-1]
    aa, ab = np.abs(A.m), np.abs(B.m)
    ra = np.broadcast_to(A.r, A.m.shape)
    rb = np.broadcast_to(B.r, B.m.shape)
    m = np.matmul(A.m, B.m)
    return Disc(m, inner_radius(np.matmul(aa, rb) + np.matmul(ra, ab) + np.matmul(ra, rb), np.matmul(aa, ab), n))


def to_disc_arrays(objs, length: int):
    """Midpoints and radii (length, *objs.shape) of an object array of discs and exact numbers
    (a number is a constant for every element of the batch).

    Examples
    --------
    >>> import numpy as np
    >>> objs = np.empty(2, dtype=object); objs[:] = [Disc(np.array([1.0, 2.0]), 0.5), 3]
    >>> M, R = to_disc_arrays(objs, 2)
    >>> M.real.tolist(), R.tolist()
    ([[1.0, 3.0], [2.0, 3.0]], [[0.5, 0.0], [0.5, 0.0]])
    """
    objs = np.asarray(objs, dtype=object)
    M = np.zeros((length,) + objs.shape, dtype=np.complex128)
    R = np.zeros((length,) + objs.shape, dtype=np.float64)
    for idx, v in np.ndenumerate(objs):
        if isinstance(v, Disc):
            M[(slice(None),) + idx] = v.m
            R[(slice(None),) + idx] = v.r
        else:
            m0, r0 = _const(v)
            M[(slice(None),) + idx] = m0
            R[(slice(None),) + idx] = r0
    return M, R


class DiscBackend(Exact):
    """Straight-line programs on object arrays of :class:`Disc` (each scalar of the program holds a
    whole batch of points): rational constants become discs that contain them.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> net = parse_spec("dense 1-1-1 r=2")
    >>> th = np.empty(2, dtype=object); th[:] = [Disc(np.array([1.0, 2.0])), Disc(np.array([3.0, 3.0]))]
    >>> X = np.empty((1, 1), dtype=object); X[0, 0] = Disc(np.array(2.0))
    >>> y = net.evaluate(th, X, backend=DiscBackend())[0, 0]      # w2 (w1 x)^2
    >>> y.m.real.tolist()
    [12.0, 48.0]
    """

    name = "disc"

    def __repr__(self):
        return "DiscBackend()"

    def const(self, c):
        c = super().const(c)
        if isinstance(c, Fraction):
            return Disc.coerce(Fraction(c))
        return c
