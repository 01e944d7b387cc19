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
    """

    def __init__(self, message: str, *, hint: str | None = None, **info):
        self.message = message
        self.hint = hint
        self.info = info
        for k, v in info.items():
            setattr(self, k, v)
        text = message if hint is None else f"{message}\n  hint: {hint}"
        super().__init__(text)


class SpecError(AlgnetError, ValueError):
    """A network specification string or constructor argument is malformed."""


class ParameterError(AlgnetError, ValueError):
    """A parameter vector, weight array or input has the wrong shape or type."""


class DomainError(AlgnetError, TypeError):
    """Elements of two different domains (e.g. GF(p) and GF(q)) were mixed."""


class ModulusError(AlgnetError, ValueError):
    """A modulus is zero, negative, composite or too large for word-size arithmetic."""


class TooLargeError(AlgnetError):
    """The requested work was estimated and refused as too large.

    The estimate is in ``info`` (e.g. ``monomials=...``) and the hint names a
    cheaper route or the ``force=True`` switch.
    """


class ReconstructionError(AlgnetError, ArithmeticError):
    """Rational reconstruction or Chinese remaindering did not stabilise."""


class NotApplicableError(AlgnetError):
    """The analysis or theorem does not apply to this network."""


class NumericalError(AlgnetError, ArithmeticError):
    """A numerical computation failed (paths lost, no convergence)."""


class NonSmoothPointError(AlgnetError, ValueError):
    """A ReLU network was evaluated where some pre-activation is exactly zero."""
