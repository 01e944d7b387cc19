"""Scalar arithmetics for evaluating straight-line programs on numpy arrays.

One interface, three arithmetics (the caller picks exactness, the code
does not fork):

============  ==========================  =====================================
backend       array type                  used for
============  ==========================  =====================================
``ModP(p)``   int64 residues in [0, p)    Jacobian ranks, sampling for interpolation
``Complex()`` complex128                  homotopy continuation
``Exact()``   object arrays (int,         exact values over QQ, flint polynomials
              Fraction, fmpq, fmpz_mpoly)
============  ==========================  =====================================

Examples
--------
>>> import numpy as np
>>> B = ModP(7)
>>> B.matmul(B.asarray([[3, 4]]), B.asarray([[5], [6]])).tolist()
[[4]]
>>> B.const("1/2")
4
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.core.primes import check_prime
from algnet.errors import ParameterError

__all__ = ["Backend", "ModP", "Complex", "Exact", "RationalConstant", "FlintExact", "Ball", "TermBound", "DegreeBound"]


class Backend:
    """Arithmetic on numpy arrays: ``asarray``, ``const``, ``add``, ``sub``,
    ``mul``, ``neg``, ``matmul`` (numpy broadcasting rules), ``zeros``,
    ``sum`` (over axes), ``pow`` (non-negative integer exponent).

    Examples
    --------
    >>> import numpy as np
    >>> [(B.name, isinstance(B, Backend)) for B in (Exact(), ModP(7), Complex())]
    [('exact', True), ('GF(p)', True), ('complex128', True)]
    """

    name = "abstract"

    def add(self, a, b):
        return self.red(a + b)

    def sub(self, a, b):
        return self.red(a - b)

    def neg(self, a):
        return self.red(-a)

    def mul(self, a, b):
        return self.red(a * b)

    def matmul(self, a, b):
        return self.red(np.matmul(a, b))

    def sum(self, a, axis):
        return self.red(np.sum(a, axis=axis))

    def red(self, a):
        return a

    def pow(self, a, r: int):
        if r < 0:
            raise ParameterError("negative exponent in a polynomial program", hint="use exponents >= 0")
        result = None
        base = a
        while r:
            if r & 1:
                result = base if result is None else self.mul(result, base)
            r >>= 1
            if r:
                base = self.mul(base, base)
        if result is None:
            return self.ones_like(a)
        return result

    def ones_like(self, a):
        return np.ones_like(a)

    def zeros(self, shape):
        raise NotImplementedError

    def __eq__(self, other):
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self):
        return hash((type(self).__name__, tuple(sorted(self.__dict__.items()))))


class ModP(Backend):
    """Residues modulo a prime p < 2^28 in int64 arrays.

    Sums inside ``matmul`` are split into chunks so no int64 overflows.

    Examples
    --------
    >>> import numpy as np
    >>> B = ModP(7)
    >>> B.mul(np.array([3, 4]), np.array([5, 6])).tolist(), B.matmul(np.array([[3, 4]]), np.array([[5], [6]])).tolist()
    ([1, 3], [[4]])
    """

    name = "GF(p)"

    def __init__(self, p: int):
        self.p = check_prime(p)
        self._chunk = max(1, (2**63 - 1) // ((self.p - 1) ** 2 + 1) - 1) if self.p > 2 else 10**9

    def __repr__(self):
        return f"ModP({self.p})"

    def asarray(self, a):
        a = np.asarray(a)
        if a.dtype == object:
            return np.array([self.const(x) for x in a.ravel()], dtype=np.int64).reshape(a.shape)
        if not np.issubdtype(a.dtype, np.integer):
            raise ParameterError(f"GF({self.p}) arithmetic needs integers, got {a.dtype}",
                                 hint="pass integer or Fraction entries")
        return np.mod(a.astype(np.int64, copy=False), self.p)

    def const(self, c) -> int:
        """A rational constant (int, Fraction, 'n/d' string) as a residue."""
        c = Fraction(c)
        den = c.denominator % self.p
        if den == 0:
            raise ParameterError(f"denominator of {c} vanishes modulo {self.p}", hint="use another prime")
        return (c.numerator % self.p) * pow(den, -1, self.p) % self.p

    def red(self, a):
        return np.mod(a, self.p)

    def mul(self, a, b):
        return np.mod(np.multiply(a, b), self.p)

    def matmul(self, a, b):
        a = np.asarray(a)
        b = np.asarray(b)
        n = a.shape[-1]
        if n <= self._chunk:
            return np.mod(np.matmul(a, b), self.p)
        out = None
        for s in range(0, n, self._chunk):
            part = np.mod(np.matmul(a[..., s:s + self._chunk], b[..., s:s + self._chunk, :]), self.p)
            out = part if out is None else np.mod(out + part, self.p)
        return out

    def sum(self, a, axis):
        # residues are < 2^28, so sums of up to 2^35 of them fit in int64
        return np.mod(np.sum(a, axis=axis), self.p)

    def zeros(self, shape):
        return np.zeros(shape, dtype=np.int64)

    def random(self, shape, rng):
        """Uniform residues."""
        return rng.integers(0, self.p, size=shape, dtype=np.int64)


class Complex(Backend):
    """complex128 arithmetic (homotopy continuation).

    Examples
    --------
    >>> import numpy as np
    >>> Complex().matmul(np.array([[1j]]), np.array([[1j]])).tolist()
    [[(-1+0j)]]
    """

    name = "complex128"

    def __repr__(self):
        return "Complex()"

    def asarray(self, a):
        a = np.asarray(a)
        if a.dtype == object:
            return np.array([complex(x) for x in a.ravel()], dtype=np.complex128).reshape(a.shape)
        return a.astype(np.complex128, copy=False)

    def const(self, c):
        if isinstance(c, str):
            c = Fraction(c)
        return complex(c)

    def mul(self, a, b):
        return a * b

    def pow(self, a, r):
        return np.power(a, r)

    def zeros(self, shape):
        return np.zeros(shape, dtype=np.complex128)


class Exact(Backend):
    """Exact arithmetic on numpy object arrays (ints, Fractions, flint
    ``fmpq`` or polynomials).

    Examples
    --------
    >>> from fractions import Fraction
    >>> B = Exact()
    >>> B.mul(B.asarray([Fraction(1, 2), 3]), B.asarray([4, Fraction(1, 3)])).tolist()
    [Fraction(2, 1), Fraction(1, 1)]
    """

    name = "exact"

    def __repr__(self):
        return "Exact()"

    def asarray(self, a):
        a = np.asarray(a, dtype=object)
        return a

    def const(self, c):
        if isinstance(c, str):
            c = Fraction(c)
        if isinstance(c, Fraction) and c.denominator == 1:
            return int(c.numerator)
        if type(c) is Fraction:
            return RationalConstant(c)
        return c

    def zeros(self, shape):
        z = np.empty(shape, dtype=object)
        z.fill(0)
        return z

    def ones_like(self, a):
        o = np.empty(np.shape(a), dtype=object)
        o.fill(1)
        return o

    def matmul(self, a, b):
        a = np.asarray(a, dtype=object)
        b = np.asarray(b, dtype=object)
        if a.shape[-1] == 0:
            shape = np.broadcast_shapes(a.shape[:-2], b.shape[:-2]) + (a.shape[-2], b.shape[-1])
            return self.zeros(shape)
        return np.matmul(a, b)

    def sum(self, a, axis):
        a = np.asarray(a, dtype=object)
        axes = (axis,) if isinstance(axis, int) else tuple(axis)
        if any(a.shape[ax] == 0 for ax in axes):
            shape = tuple(s for i, s in enumerate(a.shape) if i not in {x % a.ndim for x in axes})
            return self.zeros(shape)
        return np.sum(a, axis=axis)


class RationalConstant(Fraction):
    """A rational constant of a program (an activation coefficient) that combines
    with Python numbers as a :class:`~fractions.Fraction` and with flint numbers
    and polynomials as an ``fmpq`` (flint declines Fractions): the conversion
    happens at the boundary, so the same :class:`Exact` program runs on
    rationals and on flint polynomials.

    Examples
    --------
    >>> from algnet.core.numbers import fmpq_mpoly_ctx
    >>> (x,) = fmpq_mpoly_ctx.get(("x",), "degrevlex").gens()
    >>> c = RationalConstant(1, 3)
    >>> str(x * c + c), c * 3          # prints as the Fraction it is
    ('1/3*x + 1/3', Fraction(1, 1))

    Arithmetic with Python numbers stays a RationalConstant, so a number derived from one (a product with a
    gradient's integer seed, a sum) still meets flint numbers as an ``fmpq``: the exact and ball Jacobians of
    ``map x/2; y^2/3 + x`` raised TypeError (Fraction times fmpq_mpoly / acb) when it became a plain Fraction.

    >>> from algnet.core.numbers import acb
    >>> str((-(c * 3) / 2 + 1) * acb(2))
    '1.00000000000000'
    """

    __slots__ = ()

    def __repr__(self):
        return f"Fraction({self.numerator}, {self.denominator})"

    @staticmethod
    def _keep(r):
        return RationalConstant(r) if type(r) is Fraction else r

    def _flint(self, other):
        mod = type(other).__module__ or ""
        if mod.startswith("flint"):
            from algnet.core.numbers import fmpq

            return fmpq(self.numerator, self.denominator)
        return None

    def __add__(self, other):
        q = self._flint(other)
        return q + other if q is not None else self._keep(Fraction.__add__(self, other))

    def __radd__(self, other):
        q = self._flint(other)
        return other + q if q is not None else self._keep(Fraction.__radd__(self, other))

    def __sub__(self, other):
        q = self._flint(other)
        return q - other if q is not None else self._keep(Fraction.__sub__(self, other))

    def __rsub__(self, other):
        q = self._flint(other)
        return other - q if q is not None else self._keep(Fraction.__rsub__(self, other))

    def __mul__(self, other):
        q = self._flint(other)
        return q * other if q is not None else self._keep(Fraction.__mul__(self, other))

    def __rmul__(self, other):
        q = self._flint(other)
        return other * q if q is not None else self._keep(Fraction.__rmul__(self, other))

    def __truediv__(self, other):
        q = self._flint(other)
        return q / other if q is not None else self._keep(Fraction.__truediv__(self, other))

    def __rtruediv__(self, other):
        q = self._flint(other)
        return other / q if q is not None else self._keep(Fraction.__rtruediv__(self, other))

    def __neg__(self):
        return RationalConstant(-self.numerator, self.denominator)

    def __pos__(self):
        return self

    def __pow__(self, other, modulo=None):
        return self._keep(Fraction.__pow__(self, other) if modulo is None else Fraction.__pow__(self, other, modulo))


class FlintExact(Exact):
    """Exact operations on object arrays of python-flint numbers or polynomials
    (``fmpz_poly``, ``fmpq_poly``, ``fmpq``): rational constants become ``fmpq``,
    since flint types do not combine with :class:`fractions.Fraction`.

    Examples
    --------
    >>> from algnet.core.numbers import fmpq_poly
    >>> x = fmpq_poly([0, 1])
    >>> x * FlintExact().const("1/2") + FlintExact().const(3)
    1/2*x + 3
    """

    name = "flint-exact"

    def __repr__(self):
        return "FlintExact()"

    def const(self, c):
        c = super().const(c)
        if isinstance(c, Fraction):
            from algnet.core.numbers import fmpq

            return fmpq(c.numerator, c.denominator)
        return c


class Ball(Exact):
    """Exact operations on object arrays of python-flint balls (``acb``): rational
    constants (activation coefficients) become balls that contain them, since
    ``acb`` does not combine with :class:`fractions.Fraction`.

    Examples
    --------
    >>> from algnet.core.numbers import acb
    >>> x = Ball().asarray([acb(2)])
    >>> y = x * Ball().const("1/2") + Ball().const(1)
    >>> y[0]
    2.00000000000000
    """

    name = "ball"

    def __repr__(self):
        return "Ball()"

    def const(self, c):
        c = super().const(c)
        if isinstance(c, Fraction):
            from algnet.core.numbers import acb, arb, fmpq

            return acb(arb(fmpq(c.numerator, c.denominator)))
        return c


class TermBound(Backend):
    """Upper bounds on the number of terms of each intermediate polynomial
    when parameters and inputs are symbols (float arrays of counts).

    Used to estimate the size of an explicit expansion before doing it:
    a sum has at most a + b terms, a product at most a * b, an r-th power
    of a t-term polynomial at most binom(t + r - 1, r).

    Examples
    --------
    >>> import numpy as np
    >>> TermBound().pow(np.array([3.0]), 2).tolist()
    [6.0]
    """

    name = "term-bound"

    def __repr__(self):
        return "TermBound()"

    def asarray(self, a):
        return np.ones(np.shape(a), dtype=np.float64)

    def const(self, c):
        return 1.0

    def sub(self, a, b):
        return a + b

    def neg(self, a):
        return a

    def pow(self, a, r):
        return np.vectorize(lambda t: float(_binom(t, r)))(a) if np.ndim(a) else float(_binom(a, r))

    def zeros(self, shape):
        return np.zeros(shape, dtype=np.float64)


def _binom(t: float, r: int) -> float:
    from math import comb

    t = int(min(t, 1e12))
    return float(comb(t + r - 1, r)) if t > 0 else (1.0 if r == 0 else 0.0)


class DegreeBound(Backend):
    """Upper bounds on the total degree in the *parameters* of each
    intermediate value (parameters have degree 1, inputs and constants 0).

    Examples
    --------
    >>> import numpy as np
    >>> DegreeBound().pow(np.array([2.0]), 3).tolist()
    [6.0]
    """

    name = "degree-bound"

    def __repr__(self):
        return "DegreeBound()"

    def asarray(self, a):
        return np.zeros(np.shape(a), dtype=np.float64)

    def const(self, c):
        return 0.0

    def add(self, a, b):
        return np.maximum(a, b)

    def sub(self, a, b):
        return np.maximum(a, b)

    def neg(self, a):
        return a

    def mul(self, a, b):
        return np.add(a, b)

    #: Largest temporary (elements) of one chunk of :meth:`matmul`.
    CHUNK = 1 << 22

    def matmul(self, a, b):
        """max_j (a_ij + b_jk), in memory of the order of the output: an operand that is one value everywhere
        (a stride-0 view, as ``np.broadcast_to`` makes) is not expanded, and the sum over j is taken in chunks.

        >>> a = np.broadcast_to(np.float64(1.0), (3000, 3000))
        >>> DegreeBound().matmul(a, np.array([[0.0], [2.0]] * 1500)).ravel()[:2].tolist()
        [3.0, 3.0]
        """
        a = np.asarray(a, dtype=np.float64)
        b = np.asarray(b, dtype=np.float64)
        if a.ndim < 2 or b.ndim < 2 or a.shape[-1] == 0:
            return np.max(a[..., :, :, None] + b[..., None, :, :], axis=-2)
        shape = np.broadcast_shapes(a.shape[:-2], b.shape[:-2]) + (a.shape[-2], b.shape[-1])
        if _uniform(a):
            return np.ascontiguousarray(np.broadcast_to(a.flat[0] + np.max(b, axis=-2, keepdims=True), shape))
        if _uniform(b):
            return np.ascontiguousarray(np.broadcast_to(np.max(a, axis=-1, keepdims=True) + b.flat[0], shape))
        n = a.shape[-1]
        step = max(1, self.CHUNK // max(1, int(np.prod(shape))))
        out = None
        for s in range(0, n, step):
            part = np.max(a[..., :, s:s + step, None] + b[..., None, s:s + step, :], axis=-2)
            out = part if out is None else np.maximum(out, part)
        return out

    def sum(self, a, axis):
        return np.max(a, axis=axis)

    def pow(self, a, r):
        return np.asarray(a, dtype=np.float64) * r

    def ones_like(self, a):
        return np.zeros(np.shape(a), dtype=np.float64)

    def zeros(self, shape):
        return np.zeros(shape, dtype=np.float64)


def _uniform(a) -> bool:
    """True when ``a`` is a nonempty stride-0 view: one value everywhere, known without reading it."""
    return a.size > 0 and all(st == 0 for st in a.strides)
