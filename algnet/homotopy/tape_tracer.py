"""The values a program is recorded on: :class:`Tracer` (an affine form over a tape's registers, whose
``+ - *`` record instructions) and :class:`TracerBackend` (a network's object-array arithmetic on them).

:class:`algnet.homotopy.tape.TapeBuilder` holds the registers and instructions; these classes only call it.
The names are importable from :mod:`algnet.homotopy.tape` too.

Examples
--------
>>> from algnet.homotopy.tape import TapeBuilder
>>> b = TapeBuilder(2, 0)
>>> y = b.x[0] * b.x[1] + 1                # one MUL instruction, the constant kept in the affine form
>>> len(b.code), y.const
(1, (1+0j))
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.core.backends import Exact
from algnet.errors import NotApplicableError

__all__ = ["Tracer", "TracerBackend", "power_by_squaring"]


def power_by_squaring(base, r: int, one):
    """``base ** r`` for an integer ``r >= 0`` by repeated squaring (about 2 log2 r products), from ``one``,
    the unit of ``base``'s ring: the products a tape records for a power.

    Examples
    --------
    >>> power_by_squaring(3, 5, 1), power_by_squaring(2.0, 0, 1.0)
    (243, 1.0)
    """
    out = one
    while r:
        if r & 1:
            out = out * base
        r >>= 1
        if r:
            base = base * base
    return out

_PLAIN = frozenset((int, float, complex, np.float64, np.complex128, np.int64))   # not Fractions: complex(c)


def _number(c):
    if type(c) in _PLAIN:        # before the Fraction test, an ABC check (about 0.5 us)
        return complex(c)
    if isinstance(c, Fraction):
        return complex(c.numerator / c.denominator)
    return complex(c)


class Tracer:
    """A value of a program being recorded: ``const + sum_r lin[r] * register r``.

    Affine combinations stay symbolic (``lin``, a dict register -> coefficient)
    until they are multiplied by another non-constant value or returned;
    then they become one ``DOT`` instruction (cached in ``reg``). So a dense
    layer with constant inputs, or a random linear combination of many
    values, costs one instruction per output instead of a multiply and an
    add per term.

    Examples
    --------
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(1, 0)
    >>> y = 3 * b.x[0] + 2                   # stays the affine form 2 + 3 x: no instruction yet
    >>> y.lin, y.const, y.is_const, len(b.code)
    ({0: (3+0j)}, (2+0j), False, 0)
    """

    __slots__ = ("b", "lin", "const", "reg")

    def __init__(self, b, lin=None, const=0j, reg=-1):
        self.b = b
        self.lin = lin or {}
        self.const = const
        self.reg = reg        # a register holding this value (-1: not materialised)

    @property
    def is_const(self):
        return not self.lin

    def _coerce(self, other):
        kind = type(other)     # the common kinds first: isinstance(c, Fraction) is an ABC check (~0.5 us)
        if kind is Tracer:
            return other
        if kind is float or kind is complex or kind is int:
            return Tracer(self.b, None, complex(other))
        if isinstance(other, Tracer):
            return other
        if isinstance(other, np.ndarray):
            return None
        try:
            c = _number(other)
        except (TypeError, ValueError):   # not a number (e.g. a polynomial with Tracer coefficients)
            return None
        return Tracer(self.b, const=c)

    def __add__(self, o):
        if type(o) is not Tracer:       # (a tracer: no coercion call, the common case of a recording)
            o = self._coerce(o)
            if o is None:
                return NotImplemented
        return self.b.add(self, o, 1)

    def __radd__(self, o):
        if type(o) is not Tracer:       # (a tracer: no coercion call, the common case of a recording)
            o = self._coerce(o)
            if o is None:
                return NotImplemented
        return self.b.add(o, self, 1)

    def __sub__(self, o):
        if type(o) is not Tracer:       # (a tracer: no coercion call, the common case of a recording)
            o = self._coerce(o)
            if o is None:
                return NotImplemented
        return self.b.add(self, o, -1)

    def __rsub__(self, o):
        o = self._coerce(o)
        return NotImplemented if o is None else self.b.add(o, self, -1)

    def __mul__(self, o):
        if type(o) is not Tracer:       # (a tracer: no coercion call, the common case of a recording)
            o = self._coerce(o)
            if o is None:
                return NotImplemented
        return self.b.mul(self, o)

    def __rmul__(self, o):
        if type(o) is not Tracer:       # (a tracer: no coercion call, the common case of a recording)
            o = self._coerce(o)
            if o is None:
                return NotImplemented
        return self.b.mul(o, self)

    def __neg__(self):
        return self.b.scale(self, -1)

    def __pos__(self):
        return self

    def __pow__(self, r):
        r = int(r)
        if r < 0:
            raise NotApplicableError("negative power in a polynomial program", hint="polynomials only")
        return power_by_squaring(self, r, Tracer(self.b, const=1 + 0j))

    def __repr__(self):
        return f"Tracer(const={self.const}, terms={len(self.lin)})"


class TracerBackend(Exact):
    """Object-array arithmetic of a network's program on :class:`Tracer` values (``+ - *`` record).

    Examples
    --------
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> be = TracerBackend(TapeBuilder(1, 0))
    >>> be.const(2), be.zeros((2,)).tolist()
    (Tracer(const=(2+0j), terms=0), [Tracer(const=0j, terms=0), Tracer(const=0j, terms=0)])
    """

    name = "tracer"

    def __init__(self, builder):
        self.builder = builder

    def __repr__(self):
        return "TracerBackend()"

    def __eq__(self, other):
        return self is other

    def __hash__(self):
        return id(self)

    def const(self, c):
        return Tracer(self.builder, const=_number(super().const(c)))

    def zeros(self, shape):
        z = np.empty(shape, dtype=object)
        z.fill(Tracer(self.builder, const=0j))
        return z
