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

__all__ = ["int_str", "str_int", "short_int", "abbreviate", "quote", "MESSAGE_CHARS"]

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
