"""Domain objects: ``GF(p)`` and ``QQ``.

``GF(p)`` returns the (cached, compared by identity) modular arithmetic for
the prime p, validated before flint ever sees it; ``QQ`` is exact rational
arithmetic. They are the backends of :mod:`algnet.core.backends`, so a
network evaluates over a domain directly. Converting between domains is
explicit: :func:`convert` maps exact rationals to GF(p) (raising when a
denominator vanishes mod p); residues never silently become rationals (use
rational reconstruction, :mod:`algnet.core.crt`).

Examples
--------
>>> F = GF(7)
>>> F is GF(7), F.p
(True, 7)
>>> convert([1, "1/2", -3], F).tolist()
[1, 4, 4]
>>> convert([1, 2], GF(5), source=GF(7))
Traceback (most recent call last):
...
algnet.errors.DomainError: cannot convert residues modulo 7 to GF(5)
  hint: lift to QQ first with algnet.core.crt.rational_reconstruction
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import numpy as np

from algnet.core.backends import Exact, ModP
from algnet.errors import DomainError

__all__ = ["GF", "QQ", "convert"]

QQ = Exact()


@lru_cache(maxsize=64)
def GF(p: int) -> ModP:
    """The prime field GF(p), p < 2^28 (cached: one object per prime).

    Examples
    --------
    >>> GF(101) is GF(101), GF(101).p
    (True, 101)
    """
    return ModP(p)


def convert(values, target, source=None):
    """Convert exact values (ints, Fractions, 'n/d' strings) to ``target``.

    Raises
    ------
    DomainError
        When ``source`` is another prime field: residues cannot be mapped
        between different primes without lifting to QQ.

    Examples
    --------
    >>> convert(["1/3", 2], GF(7)).tolist()          # 3 * 5 = 1 mod 7
    [5, 2]
    """
    if isinstance(source, ModP):
        if isinstance(target, ModP) and target.p == source.p:
            return np.asarray(values, dtype=np.int64) % target.p
        raise DomainError(f"cannot convert residues modulo {source.p} to {getattr(target, 'name', target)}"
                          .replace("GF(p)", f"GF({getattr(target, 'p', '?')})"),
                          hint="lift to QQ first with algnet.core.crt.rational_reconstruction")
    arr = np.asarray(values, dtype=object)
    if isinstance(target, ModP):
        return np.array([target.const(Fraction(v) if isinstance(v, str) else v) for v in arr.ravel()],
                        dtype=np.int64).reshape(arr.shape)
    return np.array([Fraction(v) if isinstance(v, str) else v for v in arr.ravel()], dtype=object).reshape(arr.shape)
