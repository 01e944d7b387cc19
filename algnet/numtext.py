"""Text of numbers and of long user input: exact digits of huge integers, short forms for messages.

Python refuses to convert an integer of more than 4300 decimal digits to text or back (``ValueError: Exceeds the
limit``, a guard against slow quadratic conversions); :func:`int_str` and :func:`str_int` do both exactly through
python-flint (fast), with no such limit. Messages never quote a huge input whole: :func:`short_int` gives the first
and last digits with the count, :func:`abbreviate` the first and last characters (or terms) of a long text.

Examples
--------
>>> n = 10**5000 + 7
>>> len(int_str(n)), str_int(int_str(n)) == n
(5001, True)
>>> short_int(n)
'1000000000...0000000007 (5001 digits)'
>>> abbreviate("s^2 + " * 100 + "t", 60)
's^2 + s^2 + s^2 + s^2 + s^2 ... + s^2 + s^2 + s^2 + s^2 + t (601 characters)'
"""

from __future__ import annotations

import re
from fractions import Fraction

__all__ = ["int_str", "str_int", "str_fraction", "short_int", "abbreviate", "quote", "MESSAGE_CHARS",
           "MAX_EXPONENT"]

#: Integers of fewer bits than this are converted by Python itself (well below its 4300-digit limit).
_PYTHON_BITS = 12000
#: Longest quotation of user input in a message (an error, a refusal, an estimate).
MESSAGE_CHARS = 200


def int_str(n: int) -> str:
    """The exact decimal digits of the integer ``n``, of any size.

    Examples
    --------
    >>> t = int_str(-(10**6000) - 42)
    >>> int_str(-12), t[:3], t[-3:], len(t)
    ('-12', '-10', '042', 6002)
    """
    n = int(n)
    if n.bit_length() < _PYTHON_BITS:
        return str(n)
    from algnet.core.numbers import fmpz

    return str(fmpz(n))


def str_int(text: str) -> int:
    """The integer written in decimal digits ``text`` (an optional sign), of any length.

    Examples
    --------
    >>> str_int("-" + "9" * 5000) == -(10**5000 - 1)
    True
    """
    text = text.strip()
    if len(text) < 3000:
        return int(text)
    body = text.lstrip("+-")
    if not body.isdigit() or len(text) - len(body) > 1:
        raise ValueError(f"not an integer: {abbreviate(text)}")
    from algnet.core.numbers import fmpz

    value = int(fmpz(body))
    return -value if text.startswith("-") else value


#: Largest power of ten :func:`str_fraction` writes out (1e100000 has 100,001 digits; 1e999999999 would need 400 MB).
MAX_EXPONENT = 100_000
_DECIMAL = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?")


def str_fraction(text: str) -> Fraction:
    """The exact rational written ``text``: an integer, ``p/q`` or a decimal (``-1.25``, ``3e-2``), of any length.

    Raises ValueError for anything else, ZeroDivisionError for ``p/0``, and ValueError for a power of ten beyond
    ``10^MAX_EXPONENT`` (its digits alone would fill the memory).

    Examples
    --------
    >>> str_fraction("-3/4"), str_fraction(" 1.25e-1 ")
    (Fraction(-3, 4), Fraction(1, 8))
    >>> x = str_fraction("1" * 5000 + "/3")
    >>> x * 3 == (10**5000 - 1) // 9
    True
    """
    text = text.strip()
    if "/" in text:
        num, _, den = text.partition("/")
        if not re.fullmatch(r"\s*[+-]?[0-9]+\s*", num) or not re.fullmatch(r"\s*[+-]?[0-9]+\s*", den):
            raise ValueError(f"not a rational p/q: {abbreviate(text)}")
        p, q = str_int(num), str_int(den)
        if q == 0:
            raise ZeroDivisionError(f"zero denominator in {abbreviate(text)}")
        return Fraction(p, q)
    m = _DECIMAL.fullmatch(text)
    if not m or not (m.group(2) or m.group(3)):
        raise ValueError(f"not a number: {abbreviate(text)}")
    sign, whole, frac, exp = m.group(1), m.group(2), m.group(3) or "", m.group(4) or "0"
    if len(exp.lstrip("+-0")) > 7:
        raise ValueError(f"the exponent of {abbreviate(text)} is beyond 10^{MAX_EXPONENT}")
    e = int(exp) - len(frac)
    if abs(e) > MAX_EXPONENT + len(frac):
        raise ValueError(f"the exponent of {abbreviate(text)} is beyond 10^{MAX_EXPONENT}")
    n = str_int((whole + frac).lstrip("0") or "0")
    v = Fraction(n * 10**e) if e >= 0 else Fraction(n, 10**-e)
    return -v if sign == "-" else v


def short_int(n: int, digits: int = 10) -> str:
    """``n`` in full when short, else its first and last ``digits`` digits and its number of digits.

    Examples
    --------
    >>> short_int(12345), short_int(-(10**6000) - 42)
    ('12345', '-1000000000...0000000042 (6001 digits)')
    """
    text = int_str(n)
    body = text.lstrip("-")
    if len(body) <= 2 * digits + 5:
        return text
    return f"{text[:len(text) - len(body)]}{body[:digits]}...{body[-digits:]} ({len(body)} digits)"


def abbreviate(text, limit: int = MESSAGE_CHARS) -> str:
    """``text`` (anything: ``str()`` of it, integers of any size included) in full when at most ``limit``
    characters, else its beginning and end around ``...`` with its length, cut at spaces where there are some.

    Examples
    --------
    >>> abbreviate("s*t + 1")
    's*t + 1'
    >>> abbreviate("x" * 1000, 20)
    'xxxxxxxxx ... xxxxxxxxx (1000 characters)'
    """
    if isinstance(text, int) and not isinstance(text, bool):
        return short_int(text)
    text = text if isinstance(text, str) else _str(text)
    if len(text) <= limit:
        return text
    half = max(limit // 2 - 1, 1)
    head, tail = text[:half], text[-half:]
    if " " in head[half // 2:]:
        head = head[:head.rindex(" ")]
    if " " in tail[:half // 2]:
        tail = tail[tail.index(" ") + 1:]
    return f"{head.rstrip()} ... {tail.lstrip()} ({len(text)} characters)"


def quote(text: str, limit: int = MESSAGE_CHARS) -> str:
    """``repr(text)`` when at most ``limit`` characters, else the quoted beginning and end with the length.

    Examples
    --------
    >>> quote("s^2; t")
    "'s^2; t'"
    >>> quote("s*" * 500 + "t", 40)
    "'s*s*s*s*s*s*s*s*s*s' ... 's*s*s*s*s*s*s*s*s*t' (1001 characters)"
    """
    if len(text) <= limit:
        return repr(text)
    half = max(limit // 2 - 1, 1)
    return f"{text[:half]!r} ... {text[-half:]!r} ({len(text)} characters)"


def _str(obj) -> str:
    # str() of an object holding an integer of more than 4300 digits (a sympy expression, a Fraction) raises
    # ValueError: its type is named instead
    try:
        return str(obj)
    except ValueError:
        return f"(a {type(obj).__name__} with a number of more than 4300 digits)"
