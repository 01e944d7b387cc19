"""algnet's exception hierarchy.

Every error algnet raises on bad input or refused work derives from
:class:`AlgnetError` and carries a ``hint``: what to do instead.

Examples
--------
>>> from algnet.errors import SpecError
>>> try:
...     raise SpecError("unknown family 'foo'", token="foo")
... except AlgnetError as e:
...     print(type(e).__name__, e.token)
SpecError foo
"""

from __future__ import annotations

__all__ = [
    "AlgnetError",
    "SpecError",
    "ParameterError",
    "DomainError",
    "ModulusError",
    "TooLargeError",
    "ReconstructionError",
    "NotApplicableError",
    "NumericalError",
    "NonSmoothPointError",
]


class AlgnetError(Exception):
    """Base class of every error raised by algnet.

    Parameters
    ----------
    message : str
        What was wrong.
    hint : str, optional
        What to do about it; appended to the message.
    **info
        Quantities behind the error (estimates, tokens), also set as attributes.

    Examples
    --------
    >>> e = AlgnetError("91 is not a prime", hint="pass a prime", modulus=91)
    >>> print(e)
    91 is not a prime
      hint: pass a prime
    >>> e.modulus, e.info
    (91, {'modulus': 91})
    """

    def __init__(self, message: str, *, hint: str | None = None, **info):
        message, hint = _shorten(message), None if hint is None else _shorten(hint)
        self.message = message
        self.hint = hint
        self.info = info
        for k, v in info.items():
            setattr(self, k, v)
        text = message if hint is None else f"{message}\n  hint: {hint}"
        super().__init__(text)


#: A part of a message (between ': ') longer than this is quoted abbreviated: a refusal of a map of 10^4 terms
#: quoted its whole spec (300,000 characters) before the estimate. Above the longest sentence algnet writes itself
#: (at 400, an estimate's own explanation of 411 characters lost the words the reader needed).
LONG_PART = 1200


def _shorten(text):
    """``text`` with every part (between ': ') longer than :data:`LONG_PART` characters abbreviated to its
    beginning and end with its length (the rest of the message, the reason and the estimate, stays whole).

    Examples
    --------
    >>> _shorten("map " + "s + " * 400 + "t: would take about 2 h")    # doctest: +ELLIPSIS
    'map s + s + ... s + s + t (1605 characters): would take about 2 h'
    """
    if not isinstance(text, str) or len(text) <= LONG_PART:
        return text
    from algnet.numtext import abbreviate

    return ": ".join(abbreviate(part) if len(part) > LONG_PART else part for part in text.split(": "))


class SpecError(AlgnetError, ValueError):
    """A network specification string or constructor argument is malformed.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> try:
    ...     parse_spec("dense 3-2-1 r=0")
    ... except SpecError as e:
    ...     print(e.token)
    r=0
    """


class ParameterError(AlgnetError, ValueError):
    """A parameter vector, weight array or input has the wrong shape or type.

    Examples
    --------
    >>> from algnet.analyses.dimension import local_rank
    >>> local_rank("linear 2-1-2", [1, 2])
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: linear 2-1-2: expected 4 parameters, got 2
      hint: pass a flat vector of net.n_params real numbers (ints, Fractions or floats) in the order of net.param_shapes
    """


class DomainError(AlgnetError, TypeError):
    """Elements of two different domains (e.g. GF(p) and GF(q)) were mixed, or a value is in none.

    Examples
    --------
    >>> from algnet.superposition.exact import to_fmpq
    >>> to_fmpq(True)
    Traceback (most recent call last):
    ...
    algnet.errors.DomainError: True is not a number
      hint: pass ints, fractions or floats
    """


class ModulusError(AlgnetError, ValueError):
    """A modulus is zero, negative, composite or too large for word-size arithmetic.

    Examples
    --------
    >>> from algnet.core.primes import check_prime
    >>> check_prime(91)                                  # 7 * 13
    Traceback (most recent call last):
    ...
    algnet.errors.ModulusError: modulus 91 is not prime
      hint: use algnet.core.primes.default_primes() or a prime below 2^28
    """


class TooLargeError(AlgnetError):
    """The requested work was estimated and refused as too large.

    The estimate is in ``info`` (e.g. ``monomials=...``) and the hint names a
    cheaper route or the ``force=True`` switch.

    Examples
    --------
    >>> from algnet.analyses.dimension import dimension
    >>> try:
    ...     dimension("dense 100-100-100-100 r=2", time_limit=1)      # refused in milliseconds
    ... except TooLargeError as e:
    ...     print(e.rows, e.columns, e.seconds > 1)
    30002 30000 True
    """


class ReconstructionError(AlgnetError, ArithmeticError):
    """Rational reconstruction or Chinese remaindering did not stabilise.

    Examples
    --------
    >>> from algnet.core.crt import rational_reconstruction
    >>> rational_reconstruction(4, 11)        # no n/d with |n|, d <= 2 and n = 4 d mod 11
    Traceback (most recent call last):
    ...
    algnet.errors.ReconstructionError: no rational with numerator and denominator below 2 is 4 mod 11
      hint: use more primes
    """


class NotApplicableError(AlgnetError):
    """The analysis or theorem does not apply to this network.

    Examples
    --------
    >>> from algnet.analyses.dimension import dimension
    >>> dimension("relu 2-3-1")
    Traceback (most recent call last):
    ...
    algnet.errors.NotApplicableError: relu 2-3-1 is not a polynomial network
      hint: use algnet.relu.functional_dimension for ReLU networks
    """


class NumericalError(AlgnetError, ArithmeticError):
    """A numerical computation failed (paths lost, no convergence, a certificate that does not hold).

    Examples
    --------
    >>> e = NumericalError("3 of 8 paths lost", hint="track again with another seed", lost=3)
    >>> isinstance(e, ArithmeticError), e.lost
    (True, 3)
    """


class NonSmoothPointError(AlgnetError, ValueError):
    """A ReLU network was evaluated where some pre-activation is exactly zero.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> try:
    ...     parse_spec("relu 1-1-1").jacobian([1, 0, 1, 0], [[0]])   # x = 0 is on the kink of relu(x)
    ... except NonSmoothPointError as e:
    ...     print(e.samples)
    (0,)
    """
