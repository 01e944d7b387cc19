"""Coordinatewise activations: ``Power(r)``, ``Polynomial(c0, ..., cD)``,
``ReLU()``, ``LeakyReLU(a)``.

``scale_degree`` says which rescalings commute with the activation
(sigma(s t) = s^d sigma(t)): d = r for t^r, d = 1 for the (leaky) ReLU
(s > 0), none for a general polynomial. Every activation commutes with
permutations of the units.

Examples
--------
>>> Polynomial(0, 0, 1)            # the monomial t^2 is Power(2)
Power(2)
>>> Polynomial(1, 0, "1/2")
Polynomial(1, 0, 1/2)
"""

from __future__ import annotations

from fractions import Fraction

from algnet.architectures.layers.base import Layer, as_int
from algnet.errors import SpecError

__all__ = ["Power", "Polynomial", "ReLU", "LeakyReLU", "activation_spec", "check_exponent", "MAX_EXPONENT"]

#: Largest activation exponent r of t^r accepted. The evaluation lists the r + 1 coefficients of t^r on every
#: pass (measured: ``algnet dim "dense 2-2-1 r=1000000"`` 12 CPU s against 2 s at r = 10^5, and r = 10^9 asked
#: for 8 GB), and no analysis but the dimension is feasible at such degrees (the network's degree is r^(L-1)).
MAX_EXPONENT = 10**5
#: Bytes per listed coefficient of an activation (the tuple slot, the backend's constant and the check's copy).
COEFFICIENT_BYTES = 48


def check_exponent(r: int, where: str) -> int:
    """``r`` when it is at most :data:`MAX_EXPONENT`; TooLargeError otherwise, with the size of listing the
    coefficients of t^r and the largest exponent accepted (``where`` names the layer or spec).

    Examples
    --------
    >>> check_exponent(3, "Power(3)")
    3
    >>> check_exponent(10**9, "dense 2-2-1 r=1000000000")
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: dense 2-2-1 r=1000000000: the activation t^1000000000 lists its 1000000001
    coefficients (about 44.7 GiB, on every evaluation); exponents up to 100000 are accepted
      hint: a smaller exponent r (the network's degree is r^(L-1): already r = 1000 with two hidden layers gives
      degree 10^6)
    """
    from algnet.errors import TooLargeError
    from algnet.guards import format_bytes

    if r > MAX_EXPONENT:
        need = COEFFICIENT_BYTES * (r + 1)
        raise TooLargeError(f"{where}: the activation t^{r} lists its {r + 1} coefficients (about "
                            f"{format_bytes(need)}, on every evaluation); exponents up to {MAX_EXPONENT} are accepted",
                            hint="a smaller exponent r (the network's degree is r^(L-1): already r = 1000 with two "
                                 "hidden layers gives degree 10^6)", exponent=r, memory_bytes=need,
                            limit=MAX_EXPONENT)
    return r


class Power(Layer):
    """t -> t^r coordinatewise (r >= 1; r = 1 is the identity).

    Examples
    --------
    >>> from algnet.architectures.layers import Linear, Sequential
    >>> Sequential(Linear(1, 1), Power(3)).evaluate([2], [[3]]).tolist()     # (2 * 3)^3
    [[216]]
    """

    elementwise = True
    facts_from_arguments = True

    def __init__(self, r: int):
        self.r = check_exponent(as_int(r, "r", "Power"), f"Power({r})")
        self.scale_degree = self.r
        self.identity = self.r == 1
        self.coeffs = tuple([0] * self.r + [1])

    def __repr__(self):
        return f"Power({self.r})"

    @staticmethod
    def facts_from(in_shape, r):
        return tuple(in_shape), [], r, True, False

    def degree_map(self, degree, homogeneous):
        facts = self.facts_from((), self.r)
        return degree * facts[2], homogeneous and facts[3]

    def forward(self, P, h, names):
        if self.r == 1:
            return h
        return P.act(h, self.coeffs)


class Polynomial(Layer):
    """t -> c0 + c1 t + ... + cD t^D coordinatewise (rational coefficients).

    A monomial with coefficient one becomes :class:`Power` (``Polynomial(0, 0, 1)``
    is ``Power(2)``).

    Examples
    --------
    >>> from algnet.architectures.layers import Linear, Sequential
    >>> Sequential(Linear(1, 1), Polynomial(1, 1, 1)).evaluate([2], [[1]]).tolist()   # 1 + 2 + 2^2
    [[7]]
    >>> Polynomial(0, 0, 1)
    Power(2)
    """

    elementwise = True

    def __new__(cls, *coeffs):
        if not coeffs:  # copy / unpickle: the state is restored afterwards
            return super().__new__(cls)
        cs = _coefficients(coeffs)
        nz = [k for k, c in enumerate(cs) if c != 0]
        if len(nz) == 1 and cs[nz[0]] == 1:
            return Power(nz[0])
        return super().__new__(cls)

    facts_from_arguments = True     # (the arguments: ``coeffs``, the coefficients without trailing zeros)

    def __init__(self, *coeffs):
        self.coeffs = _coefficients(coeffs)
        self.scale_degree = None

    def __repr__(self):
        return "Polynomial(" + ", ".join(str(c) for c in self.coeffs) + ")"

    @classmethod
    def made_from(cls, coeffs):
        return cls(*coeffs)

    @staticmethod
    def facts_from(in_shape, coeffs):
        # c t^k (one nonzero coefficient) keeps a homogeneous input homogeneous
        nonzero = 0
        for c in coeffs:
            if c != 0:
                nonzero += 1
        return tuple(in_shape), [], len(coeffs) - 1, nonzero == 1, False

    def degree_map(self, degree, homogeneous):
        facts = self.facts_from((), self.coeffs)
        return degree * facts[2], homogeneous and facts[3]

    def forward(self, P, h, names):
        return P.act(h, self.coeffs)


def activation_spec(r, act):
    """``(r, act)`` in canonical form for a preset: a polynomial that is a monomial t^r becomes ``(r, None)``,
    any other polynomial ``(None, coefficients)``; ``r`` must be a positive integer when ``act`` is None.

    Examples
    --------
    >>> activation_spec(2, None), activation_spec(5, (0, 0, 1)), activation_spec(2, (0, 1, 1))
    ((2, None), (2, None), (None, (Fraction(0, 1), Fraction(1, 1), Fraction(1, 1))))
    """
    if act is not None:
        a = Polynomial(*act)
        if isinstance(a, Power):
            return a.r, None
        return None, a.coeffs
    if isinstance(r, bool) or not isinstance(r, int) or r < 1:
        raise SpecError(f"activation exponent r={r} must be a positive integer", token=f"r={r}", hint="r >= 1")
    return check_exponent(r, f"r={r}"), None


def _coefficients(coeffs) -> tuple:
    if len(coeffs) == 1 and isinstance(coeffs[0], (list, tuple)):
        coeffs = tuple(coeffs[0])
    try:
        if any(isinstance(c, bool) for c in coeffs):     # Polynomial(True, 1) was read as 1 + t
            raise TypeError
        cs = [Fraction(c) for c in coeffs]
    except (ValueError, TypeError, ZeroDivisionError):
        raise SpecError(f"Polynomial{tuple(coeffs)}: coefficients must be rationals", token=str(coeffs),
                        hint="e.g. Polynomial(0, 1, '1/2') for t + t^2/2") from None
    while len(cs) > 1 and cs[-1] == 0:
        cs.pop()
    if len(cs) < 2:
        raise SpecError(f"Polynomial{tuple(coeffs)} is constant", token=str(coeffs), hint="give at least a linear term")
    return tuple(cs)


class ReLU(Layer):
    """max(t, 0) coordinatewise (piecewise linear: not a polynomial network; evaluated
    exactly over the rationals or over real floats, not modulo p).

    Examples
    --------
    >>> from algnet.architectures.layers import Linear, Sequential
    >>> net = Sequential(Linear(1, 2), ReLU())
    >>> net.evaluate([1, -1], [[3]]).tolist(), net.polynomial          # (max(3, 0), max(-3, 0))
    ([[3, 0]], False)
    """

    elementwise = True
    scale_degree = 1
    polynomial = False
    slope = Fraction(0)

    def __repr__(self):
        return "ReLU()"

    def forward(self, P, h, names):
        return P.pwlin(h, self.slope)


class LeakyReLU(ReLU):
    """t -> t (t >= 0), a t (t < 0) coordinatewise (a rational slope a != 1: usually 0 <= a < 1; a = -1 is |t|).

    Examples
    --------
    >>> from algnet.architectures.layers import Linear, Sequential
    >>> Sequential(Linear(1, 2), LeakyReLU("1/10")).evaluate([1, -1], [[3]]).tolist()
    [[3, Fraction(-3, 10)]]
    """

    def __init__(self, a="1/100"):
        try:
            if isinstance(a, bool):      # LeakyReLU(False) was read as slope 0
                raise TypeError
            self.slope = Fraction(a)
        except (ValueError, TypeError):
            raise SpecError(f"LeakyReLU({a!r}): the slope must be a rational", token=str(a),
                            hint="e.g. LeakyReLU('1/100')") from None
        if self.slope == 1:
            raise SpecError("LeakyReLU(1) is the identity", token="1", hint="give a slope a != 1")

    def __repr__(self):
        return f"LeakyReLU({self.slope})"




