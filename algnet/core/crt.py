"""Chinese remaindering and rational reconstruction.

Used to lift results computed modulo several primes to QQ: residues are
combined by the CRT and each coordinate is reconstructed as a fraction
a/b with |a|, |b| <= sqrt(M/2) (Wang's bound); the lift is accepted only
when a further prime agrees (:func:`lift_vectors`).

Examples
--------
>>> crt([2, 3], [5, 7])
(17, 35)
>>> rational_reconstruction(crt([3 * pow(4, -1, 101) % 101, 3 * pow(4, -1, 103) % 103], [101, 103])[0], 101 * 103)
Fraction(3, 4)
"""

from __future__ import annotations

from fractions import Fraction
from math import isqrt

from algnet.core.numbers import fmpz

from algnet.errors import ReconstructionError

__all__ = ["crt", "rational_reconstruction", "crt_vector", "reconstruct_vector"]


def crt(residues, moduli) -> tuple[int, int]:
    """Combine residues modulo pairwise coprime moduli: return (x, M) with 0 <= x < M.

    Examples
    --------
    >>> crt([1, 2, 3], [3, 5, 7])
    (52, 105)
    """
    x, M = 0, 1
    for r, m in zip(residues, moduli):
        r, m = int(r), int(m)
        # x + M t = r (mod m)
        t = ((r - x) * pow(M, -1, m)) % m
        x += M * t
        M *= m
    return x % M, M


def crt_vector(residue_vectors, moduli) -> tuple[list[int], int]:
    """Coordinatewise CRT of several residue vectors (one per modulus).

    Examples
    --------
    >>> crt_vector([[1, 0], [2, 0]], [3, 5])
    ([7, 0], 15)
    """
    vecs = [list(map(int, v)) for v in residue_vectors]
    n = len(vecs[0])
    M = 1
    for m in moduli:
        M *= int(m)
    out = [crt([v[i] for v in vecs], moduli)[0] for i in range(n)]
    return out, M


def rational_reconstruction(a: int, m: int) -> Fraction:
    """The fraction n/d with n = a d (mod m) and |n|, d <= sqrt(m/2).

    Raises
    ------
    ReconstructionError
        If no such fraction exists (use more primes).

    Examples
    --------
    >>> rational_reconstruction(pow(3, -1, 1009), 1009)
    Fraction(1, 3)
    """
    a %= m
    bound = isqrt(m // 2)
    r0, r1 = m, a
    s0, s1 = 0, 1
    while r1 > bound:
        q = r0 // r1
        r0, r1 = r1, r0 - q * r1
        s0, s1 = s1, s0 - q * s1
    if s1 == 0 or abs(s1) > bound:
        raise ReconstructionError(f"no rational with numerator and denominator below {bound} is {a} mod {m}",
                                  hint="use more primes")
    f = Fraction(r1, s1)
    if (f.numerator - a * f.denominator) % m != 0 or fmpz(f.denominator).gcd(m) != 1:
        raise ReconstructionError(f"reconstruction of {a} mod {m} failed", hint="use more primes")
    return f


def reconstruct_vector(values, m: int) -> list[Fraction]:
    """Rational reconstruction of each coordinate (raises if any fails).

    Examples
    --------
    >>> reconstruct_vector([pow(3, -1, 1009), 1008], 1009)      # 1/3 and -1 modulo 1009
    [Fraction(1, 3), Fraction(-1, 1)]
    """
    return [rational_reconstruction(int(v), m) for v in values]
