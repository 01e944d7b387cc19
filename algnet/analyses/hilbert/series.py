"""The Hilbert series Q(t)/(1-t)^k and the Hilbert polynomial fitted to H(0..D)."""

from __future__ import annotations

from fractions import Fraction
from math import comb

__all__ = ["hilbert_numerator", "hilbert_polynomial_from_values"]


def hilbert_numerator(values, k: int) -> list[int]:
    """Coefficients of Q(t) = (1-t)^k * sum_e H(e) t^e, truncated to the computed degrees.

    Examples
    --------
    >>> hilbert_numerator([1, 3, 6, 10, 15], 3)    # polynomial ring in 3 variables
    [1, 0, 0, 0, 0]
    """
    vals = list(values)
    return [sum((-1) ** j * comb(k, j) * vals[i - j] for j in range(min(i, k) + 1)) for i in range(len(vals))]


def _poly_mul(a, b):
    out = [Fraction(0)] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] += x * y
    return out


def _binomial_poly(shift: int, k: int):
    """Coefficients (constant first) of e -> binom(e + shift, k) as a polynomial in e."""
    poly = [Fraction(1)]
    for j in range(1, k + 1):
        poly = _poly_mul(poly, [Fraction(shift - k + j, j), Fraction(1, j)])
    return poly


def hilbert_polynomial_from_values(values, min_evidence: int = 2, max_k: int = 400):
    """Fit the Hilbert series Q(t)/(1-t)^k to H(0..D) (heuristic, see module notes).

    Returns ``(k, Q, polynomial, trailing)`` for the smallest k whose numerator
    has at least ``min_evidence`` vanishing coefficients at the end of the
    computed range and Q(1) > 0, or None. ``polynomial`` lists the rational
    coefficients of the Hilbert polynomial in e (constant first);
    ``trailing`` counts the vanishing coefficients (the evidence).

    Examples
    --------
    Segre P^2 x P^2 (3x3 matrices of rank <= 1): H(e) = binom(e+2, 2)^2.

    >>> k, Q, P, ev = hilbert_polynomial_from_values([1, 9, 36, 100, 225])
    >>> k, Q, [str(c) for c in P], ev       # ((e+1)(e+2)/2)^2
    (5, [1, 4, 1], ['1', '3', '13/4', '3/2', '1/4'], 2)
    """
    vals = list(values)
    D = len(vals) - 1
    for k in range(0, max_k + 1):
        Q = hilbert_numerator(vals, k)
        nz = [i for i, q in enumerate(Q) if q != 0]
        if not nz:
            return None
        s = nz[-1]
        trailing = D - s
        if trailing >= min_evidence and sum(Q) > 0:
            Q = Q[:s + 1]
            if k == 0:
                return k, Q, [Fraction(0)], trailing
            poly = [Fraction(0)] * k
            for i, q in enumerate(Q):
                for j, c in enumerate(_binomial_poly(k - 1 - i, k - 1)):
                    poly[j] += q * c
            while len(poly) > 1 and poly[-1] == 0:
                poly.pop()
            return k, Q, poly, trailing
    return None
