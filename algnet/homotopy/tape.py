"""Straight-line programs recorded as flat instruction tapes, for compiled evaluation.

A system that implements ``trace(x, p)`` (lists of :class:`Tracer` for the
unknowns and the parameters, ordinary ``+ - *`` and constants inside)
is recorded once into a :class:`Tape`: registers (the unknowns, the
parameters, the constants, the intermediate values) and instructions
``c = a + b``, ``c = a - b``, ``c = a * b`` on them. Constant operands are
folded while recording (``0 * x``, ``1 * x``, ``x + 0``, products of
constants), so a network evaluated on constant sample inputs records only
the arithmetic that depends on the unknowns. :mod:`algnet.homotopy.kernels`
evaluates a tape and its derivatives in compiled code (forward mode: one
tangent lane per unknown and one for a direction in parameter space); every
register records the interval of lanes it can depend on, so the tangent
work of a layer is proportional to the parameters it depends on.

Examples
--------
>>> import numpy as np
>>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
>>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2, 0): 1, (0, 1): 3}, {(1, 1): 1}]))
>>> tape = record(fam)
>>> tape.n_vars, tape.n_params, tape.size
(2, 2, 6)
>>> F, J, Ht = tape.evaluate(np.array([1.0, 2.0]), np.array([0.5, 0.0]), np.array([1.0, 0.0]))
>>> F.real.tolist(), J.real.tolist(), Ht.real.tolist()
([6.5, 2.0], [[2.0, 3.0], [2.0, 1.0]], [-1.0, 0.0])
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.core.backends import Exact
from algnet.errors import NotApplicableError

__all__ = ["Tracer", "TapeBuilder", "Tape", "TracerBackend", "record", "traceable"]

ADD, SUB, MUL = 0, 1, 2


def _number(c):
    if isinstance(c, Fraction):
        return complex(c.numerator / c.denominator)
    return complex(c)


class Tracer:
    """A value of a program being recorded: a constant (``const``) or a register (``reg``)."""

    __slots__ = ("b", "reg", "const")

    def __init__(self, b, reg=-1, const=None):
        self.b = b
        self.reg = reg
        self.const = const

    def _op(self, other, op, swap=False):
        if not isinstance(other, Tracer):
            if isinstance(other, np.ndarray):
                return NotImplemented
            other = Tracer(self.b, const=_number(other))
        x, y = (other, self) if swap else (self, other)
        return self.b.op(op, x, y)

    def __add__(self, o):
        return self._op(o, ADD)

    def __radd__(self, o):
        return self._op(o, ADD, True)

    def __sub__(self, o):
        return self._op(o, SUB)

    def __rsub__(self, o):
        return self._op(o, SUB, True)

    def __mul__(self, o):
        return self._op(o, MUL)

    def __rmul__(self, o):
        return self._op(o, MUL, True)

    def __neg__(self):
        return self.b.op(SUB, Tracer(self.b, const=0j), self)

    def __pos__(self):
        return self

    def __pow__(self, r):
        r = int(r)
        if r < 0:
            raise NotApplicableError("negative power in a polynomial program", hint="polynomials only")
        out = Tracer(self.b, const=1 + 0j)
        base = self
        while r:
            if r & 1:
                out = out * base
            r >>= 1
            if r:
                base = base * base
        return out

    def __repr__(self):
        return f"Tracer(const={self.const})" if self.reg < 0 else f"Tracer(r{self.reg})"


class TapeBuilder:
    """Records instructions; registers 0..n-1 are the unknowns, n..n+m-1 the parameters."""

    def __init__(self, n_vars: int, n_params: int):
        self.n, self.m = int(n_vars), int(n_params)
        L = self.n + 1
        self.values: list = [0j] * (self.n + self.m)          # initial register contents (constants)
        self.lo: list = [j for j in range(self.n)] + [self.n] * self.m
        self.hi: list = [j + 1 for j in range(self.n)] + [L] * self.m
        self.code: list = []
        self._consts: dict = {}
        self.x = [Tracer(self, reg=j) for j in range(self.n)]
        self.p = [Tracer(self, reg=self.n + i) for i in range(self.m)]

    def _reg_of(self, t: Tracer) -> int:
        if t.reg >= 0:
            return t.reg
        c = t.const
        r = self._consts.get(c)
        if r is None:
            r = len(self.values)
            self.values.append(c)
            self.lo.append(0)
            self.hi.append(0)
            self._consts[c] = r
        return r

    def op(self, op, x: Tracer, y: Tracer) -> Tracer:
        if x.reg < 0 and y.reg < 0:
            a, b = x.const, y.const
            return Tracer(self, const=a + b if op == ADD else a - b if op == SUB else a * b)
        if op == MUL:
            for u, v in ((x, y), (y, x)):
                if u.reg < 0 and u.const == 0:
                    return Tracer(self, const=0j)
                if u.reg < 0 and u.const == 1:
                    return v
        elif y.reg < 0 and y.const == 0:
            return x
        elif op == ADD and x.reg < 0 and x.const == 0:
            return y
        a, b = self._reg_of(x), self._reg_of(y)
        c = len(self.values)
        self.values.append(0j)
        la, lb = (self.lo[a], self.hi[a]), (self.lo[b], self.hi[b])
        spans = [s for s in (la, lb) if s[1] > s[0]]
        self.lo.append(min(s[0] for s in spans) if spans else 0)
        self.hi.append(max(s[1] for s in spans) if spans else 0)
        self.code.append((op, a, b, c))
        return Tracer(self, reg=c)

    def finish(self, outputs) -> "Tape":
        outs = []
        for o in outputs:
            if not isinstance(o, Tracer):
                o = Tracer(self, const=_number(o))
            outs.append(self._reg_of(o))
        return Tape(self, outs)


class Tape:
    """A recorded program: ``code`` (k, 4) int64 rows (op, a, b, c), register initial ``values``,
    tangent lane intervals ``lo``/``hi`` per register, ``outputs`` (register per equation)."""

    def __init__(self, b: TapeBuilder, outputs):
        self.n_vars, self.n_params = b.n, b.m
        self.code = np.array(b.code, dtype=np.int64).reshape(-1, 4)
        self.values = np.array(b.values, dtype=np.complex128)
        self.lo = np.array(b.lo, dtype=np.int64)
        self.hi = np.array(b.hi, dtype=np.int64)
        self.outputs = np.array(outputs, dtype=np.int64)

    @property
    def size(self) -> int:
        """Instructions."""
        return self.code.shape[0]

    def evaluate(self, x, p, dp):
        """Values F, Jacobian dF/dx and dF/dp . dp at one point (compiled kernel)."""
        from algnet.homotopy.kernels import tape_eval_one

        n = self.n_vars
        F = np.empty(len(self.outputs), dtype=np.complex128)
        J = np.empty((len(self.outputs), n), dtype=np.complex128)
        Ht = np.empty(len(self.outputs), dtype=np.complex128)
        tape_eval_one(self.code, self.lo, self.hi, self.values, self.outputs, n,
                      np.asarray(x, dtype=np.complex128), np.asarray(p, dtype=np.complex128),
                      np.asarray(dp, dtype=np.complex128), F, J, Ht)
        return F, J, Ht


class TracerBackend(Exact):
    """Object-array arithmetic of a network's program on :class:`Tracer` values (``+ - *`` record)."""

    name = "tracer"

    def __init__(self, builder: TapeBuilder):
        self.builder = builder

    def __repr__(self):
        return "TracerBackend()"

    def __eq__(self, other):
        return self is other

    def __hash__(self):
        return id(self)

    def const(self, c):
        return Tracer(self.builder, const=_number(super().const(c)))


def _defining(cls, name):
    for k in cls.__mro__:
        if name in k.__dict__:
            return k
    return None


def traceable(system) -> bool:
    """Whether ``system`` can be recorded: it implements ``trace(x, p)``, in its own class or in a
    subclass of the class that defines its ``evaluate`` (a subclass that overrides ``evaluate``
    without ``trace`` is evaluated as it says, by the numpy route).

    Examples
    --------
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> G = PolynomialSystem.from_terms([{(2,): 1}])
    >>> class Logged(OffsetFamily):
    ...     def evaluate(self, X, P=None):
    ...         return super().evaluate(X, P)
    >>> traceable(OffsetFamily(G)), traceable(Logged(G))
    (True, False)
    """
    if not callable(getattr(system, "trace", None)) or not bool(getattr(system, "traceable", True)):
        return False
    ce, ct = _defining(type(system), "evaluate"), _defining(type(system), "trace")
    return ce is None or issubclass(ct, ce)


def record(system) -> "Tape":
    """The tape of ``system`` (x, p) -> F(x; p); NotApplicableError if it cannot be traced."""
    if not traceable(system):
        raise NotApplicableError(f"{type(system).__name__} has no trace(x, p)",
                                 hint="implement trace() to use the compiled tracker, or use engine='numpy'")
    b = TapeBuilder(system.n_vars, getattr(system, "n_params", 0))
    out = system.trace(b.x, b.p)
    return b.finish(list(out))
