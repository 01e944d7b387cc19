"""Exact integer and rational helpers of the ReLU networks (:mod:`algnet.architectures.relu`, which re-exports
them): rationals from user input, and integer matrix products and arrays kept in int64 while no overflow is
possible, in Python integers otherwise.

Examples
--------
>>> exact_matmul(np.array([[3]]), np.array([[2**62]]))[0, 0] == 3 * 2**62      # past int64: Python integers
True
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.errors import ParameterError

__all__ = ["to_fraction", "exact_matmul", "integer_abs_max", "shrink_to_int64"]


def to_fraction(x) -> Fraction:
    """An exact rational from an int, Fraction, float (its exact binary value),
    numpy scalar, flint fmpq or a string like ``'3/4'``.

    Examples
    --------
    >>> to_fraction(0.5), to_fraction("-3/4"), to_fraction(np.float32(0.1))
    (Fraction(1, 2), Fraction(-3, 4), Fraction(13421773, 134217728))
    """
    if isinstance(x, Fraction):
        return x
    if isinstance(x, (bool, np.bool_)):
        return Fraction(int(x))
    if isinstance(x, (int, np.integer)):
        return Fraction(int(x))
    if isinstance(x, (float, np.floating)):
        f = float(x)
        if not np.isfinite(f):
            raise ParameterError(f"weight {x!r} is not finite", hint="weights must be finite numbers")
        return Fraction(f)
    if isinstance(x, str):
        try:
            return Fraction(x.strip())
        except (ValueError, ZeroDivisionError):
            raise ParameterError(f"{x!r} is not a rational number", hint="write integers, decimals or p/q") from None
    if hasattr(x, "p") and hasattr(x, "q"):  # flint fmpq
        return Fraction(int(x.p), int(x.q))
    raise ParameterError(f"{x!r} ({type(x).__name__}) is not an exact rational",
                         hint="use ints, floats, Fractions or 'p/q' strings")


def _fits(amax: int, bmax: int, inner: int) -> bool:
    return amax * bmax * max(inner, 1) < 2**62


def integer_abs_max(a: np.ndarray) -> int:
    """Largest absolute value of an integer array (int64 or Python ints); 0 when it is empty.

    Examples
    --------
    >>> integer_abs_max(np.array([3, -2**70, 5], dtype=object)) == 2**70
    True
    >>> integer_abs_max(np.zeros(0, dtype=np.int64))
    0
    """
    if a.size == 0:
        return 0
    if a.dtype == object:
        return max(abs(int(v)) for v in a.ravel().tolist())
    return int(np.abs(a).max())


def exact_matmul(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Exact integer product: int64 when no overflow is possible, Python ints otherwise.

    Examples
    --------
    >>> exact_matmul(np.array([[2**40]]), np.array([[2**40]]))[0, 0] == 2**80
    True
    """
    if A.dtype != object and B.dtype != object and _fits(integer_abs_max(A), integer_abs_max(B), A.shape[-1]):
        return A @ B
    if A.ndim == 2 and B.ndim == 2:
        from algnet.core.matrix import integer_matmul

        return integer_matmul(A, B)
    A = A.astype(object) if A.dtype != object else A
    B = B.astype(object) if B.dtype != object else B
    if A.shape[-1] == 0:
        return np.zeros(A.shape[:-1] + B.shape[-1:], dtype=object) * 0
    return A @ B


def shrink_to_int64(a: np.ndarray) -> np.ndarray:
    """An object array of Python ints as int64 when every entry is below 2^62 in absolute value, else ``a``.

    Examples
    --------
    >>> shrink_to_int64(np.array([1, -2], dtype=object)).dtype
    dtype('int64')
    >>> shrink_to_int64(np.array([1, 2**63], dtype=object)).dtype
    dtype('O')
    """
    if a.dtype == object and integer_abs_max(a) < 2**62:
        return a.astype(np.int64)
    return a
