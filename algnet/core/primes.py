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

from algnet.core.numbers import fmpz

from algnet.errors import ModulusError

__all__ = ["MAX_PRIME", "MAX_PRIME_COUNT", "MIN_PRIME", "check_prime", "check_primes", "default_primes", "is_prime"]

MAX_PRIME = 2**28
#: Smallest prime an analysis accepts from the user: below it the Schwartz–Zippel bound
#: (a nonzero polynomial of degree D vanishes at a random point of GF(p)^n with probability
#: <= D/p) says nothing useful, and a wrong rank or dimension becomes likely (--primes 2 gave
#: dimension 1 instead of 5 on dense 3-2-1 r=2).
MIN_PRIME = 2**16
_HINT = "use algnet.core.primes.default_primes() or a prime below 2^28"
#: Most primes :func:`default_primes` lists (about half a second of primality tests; a count near the 14.6
#: million primes below 2^28 would test every number below 2^28 for minutes)
MAX_PRIME_COUNT = 100_000


def is_prime(n: int) -> bool:
    """Deterministic primality of a Python int (flint's fmpz test).

    Examples
    --------
    >>> is_prime(2**28 - 57)
    True
    """
    if not isinstance(n, int) or n < 2:
        return False
    return bool(fmpz(n).is_prime())


def check_prime(p, max_prime: int = MAX_PRIME) -> int:
    """Return ``p`` as an int if it is a prime in [2, max_prime), else raise.

    Raises
    ------
    ModulusError
        On zero, negative, composite, non-integer or too large moduli.

    Examples
    --------
    >>> check_prime(101)
    101
    >>> check_prime(2**28 + 3)
    Traceback (most recent call last):
    ...
    algnet.errors.ModulusError: ...
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


def check_primes(primes, minimum: int = MIN_PRIME, max_prime: int = MAX_PRIME):
    """Validate a user's list of primes for a randomised analysis (None passes through).

    Raises
    ------
    ModulusError
        On an empty list, a non-list, a composite, a repeated prime (it is not an
        independent trial) or a prime below ``minimum`` (too small to bound the
        probability of a wrong answer).

    Examples
    --------
    >>> check_primes([268435399, 268435367])
    [268435399, 268435367]
    >>> check_primes([3])
    Traceback (most recent call last):
    ...
    algnet.errors.ModulusError: prime 3 is too small to bound the probability of a wrong answer (minimum 65536)
      hint: omit primes to use the default ones (below 2^28), or give primes between 2^16 and 2^28
    """
    if primes is None:
        return None
    if isinstance(primes, (str, bytes, bool, int)) or not hasattr(primes, "__iter__"):
        raise ModulusError(f"primes={primes!r} must be a list of primes", hint="e.g. primes=[268435399, 268435367]")
    out = [check_prime(p, max_prime) for p in primes]
    if not out:
        raise ModulusError("the list of primes is empty",
                           hint="omit primes to use the default ones, or give at least one prime")
    if len(set(out)) != len(out):
        raise ModulusError(f"primes {out} repeat a prime (a repeated prime is not an independent trial)",
                           hint="give distinct primes")
    small = [p for p in out if p < minimum]
    if small:
        raise ModulusError(f"prime {small[0]} is too small to bound the probability of a wrong answer "
                           f"(minimum {minimum})",
                           hint="omit primes to use the default ones (below 2^28), or give primes between 2^16 and "
                                "2^28")
    return out


@lru_cache(maxsize=None)
def _primes_below(bound: int, count: int) -> tuple[int, ...]:
    out = []
    n = bound - 1
    while len(out) < count and n >= 2:
        if is_prime(n):
            out.append(n)
        n -= 1
    if len(out) < count:
        raise ModulusError(f"there are only {len(out)} primes below {bound}, not {count}",
                           hint="ask for fewer primes, or a larger bound")
    return tuple(out)


def default_primes(count: int = 4, bound: int = MAX_PRIME) -> tuple[int, ...]:
    """The ``count`` largest primes below ``bound`` (default 2^28); at most :data:`MAX_PRIME_COUNT` of them.

    Examples
    --------
    >>> default_primes(2)
    (268435399, 268435367)
    >>> default_primes(10**8)
    Traceback (most recent call last):
    ...
    algnet.errors.ModulusError: 100000000 primes asked for: at most 100000 are listed
      hint: ask for fewer primes (a few dozen lift coefficients of hundreds of digits)
    >>> default_primes(5, bound=8)
    Traceback (most recent call last):
    ...
    algnet.errors.ModulusError: there are only 4 primes below 8, not 5
      hint: ask for fewer primes, or a larger bound
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ModulusError(f"count={count!r}: need a positive integer number of primes", hint="count >= 1")
    if count > MAX_PRIME_COUNT:
        raise ModulusError(f"{count} primes asked for: at most {MAX_PRIME_COUNT} are listed",
                           hint="ask for fewer primes (a few dozen lift coefficients of hundreds of digits)")
    return _primes_below(int(bound), count)
