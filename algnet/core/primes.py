"""Word-size primes, validated before flint ever sees them.

Some python-flint calls abort the whole process (SIGABRT) on a zero or
composite modulus, so every modulus passes through :func:`check_prime`
first. Vectorised arithmetic in numpy int64 needs products of two residues
to fit: algnet's default primes are below 2^28, so a*b < 2^56 and sums of
up to 128 such products fit in int64 before reduction.

Examples
--------
>>> check_prime(7)
7
>>> default_primes(2)[0] < 2**28
True
>>> check_prime(15)
Traceback (most recent call last):
...
algnet.errors.ModulusError: modulus 15 is not prime
  hint: use algnet.core.primes.default_primes() or a prime below 2^28
"""

from __future__ import annotations

from functools import lru_cache

import flint

from algnet.errors import ModulusError

__all__ = ["MAX_PRIME", "check_prime", "default_primes", "is_prime"]

MAX_PRIME = 2**28
_HINT = "use algnet.core.primes.default_primes() or a prime below 2^28"


def is_prime(n: int) -> bool:
    """Deterministic primality of a Python int (flint's fmpz test).

    Examples
    --------
    >>> is_prime(2**28 - 57)
    True
    """
    if not isinstance(n, int) or n < 2:
        return False
    return bool(flint.fmpz(n).is_prime())


def check_prime(p, max_prime: int = MAX_PRIME) -> int:
    """Return ``p`` as an int if it is a prime in [2, max_prime), else raise.

    Raises
    ------
    ModulusError
        On zero, negative, composite, non-integer or too large moduli.
    """
    try:
        ip = int(p)
    except (TypeError, ValueError):
        raise ModulusError(f"modulus {p!r} is not an integer", hint=_HINT) from None
    if ip != p:
        raise ModulusError(f"modulus {p!r} is not an integer", hint=_HINT)
    if ip < 2:
        raise ModulusError(f"modulus {ip} is not a prime >= 2", hint=_HINT)
    if ip >= max_prime:
        raise ModulusError(f"modulus {ip} is too large for word-size vectorised arithmetic (limit {max_prime})",
                           hint=_HINT)
    if not is_prime(ip):
        raise ModulusError(f"modulus {ip} is not prime", hint=_HINT)
    return ip


@lru_cache(maxsize=None)
def _primes_below(bound: int, count: int) -> tuple[int, ...]:
    out = []
    n = bound - 1
    while len(out) < count:
        if is_prime(n):
            out.append(n)
        n -= 1
    return tuple(out)


def default_primes(count: int = 4, bound: int = MAX_PRIME) -> tuple[int, ...]:
    """The ``count`` largest primes below ``bound`` (default 2^28).

    Examples
    --------
    >>> default_primes(2)
    (268435399, 268435367)
    """
    if count < 1:
        raise ModulusError("need at least one prime", hint="count >= 1")
    return _primes_below(bound, count)
