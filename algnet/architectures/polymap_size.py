"""Size bounds of a polynomial written by the user, before sympy evaluates or expands it.

A ``map`` spec is parsed by sympy, which would evaluate numbers (``3^1000000000``), build dense polynomials
(``x^1000000000``) and expand products (``(x+y+z+w)^1000``: 1.7e8 terms) without a limit; it is expanded by
python-flint instead, from the unevaluated tree, after these bounds. The
expression is first read unevaluated, and :func:`expression_size` bounds, from its tree alone, the
degree, the number of terms of the expansion and the bits of the coefficients; :func:`check_expression_size`
refuses (TooLargeError, with the bounds) what exceeds :data:`MAX_DEGREE`, :data:`MAX_TERMS` or
:data:`MAX_BITS`.

The bounds: a sum has at most the sum of its parts' terms and the largest degree; a product the product of
the terms and the sum of the degrees; ``b^e`` at most binom(t - 1 + e, e) terms (monomials of degree e in the
t terms of b) and e times the degree; every count is also at most binom(n + D, n), the monomials of degree
<= D in the n variables. Coefficient bits: bits(b^e) <= e (bits(b) + log2 t) (the multinomial
coefficients sum to t^e).

Examples
--------
>>> import sympy
>>> x, y = sympy.symbols("x y")
>>> d, t, b = expression_size(sympy.Pow(x + y, 3, evaluate=False), 2)     # (x + y)^3: degree 3, 4 terms
>>> d, round(t)
(3, 4)
>>> check_expression_size(sympy.Pow(x, 10**9, evaluate=False), "polynomial 1", 1)
Traceback (most recent call last):
...
algnet.errors.TooLargeError: polynomial 1: degree 1000000000 above the limit of 100000 ...
"""

from __future__ import annotations

import math

from algnet.errors import TooLargeError

__all__ = ["expression_size", "check_expression_size", "MAX_DEGREE", "MAX_TERMS", "MAX_BITS"]

#: Largest degree of a polynomial of a map: each power theta_j^e is evaluated from the e + 1 coefficients of
#: t^e (the activation exponent's limit, :data:`algnet.architectures.layers.activations.MAX_EXPONENT`).
MAX_DEGREE = 10**5
#: Most terms of a polynomial's expansion. flint expands the expression's tree (``polymap_text._flint_terms``) and
#: ``polymap_text._poly_string`` prints sympy's string without sympy: CPU, against sympy's expansion and printing:
#: ``map (x+y+z+w)^30`` (5,456 terms) 0.40-0.42 s
#: against 4.0 s, ``map (x+y+z+w+v)^19; x*y`` (8,856 terms) 0.55 s against 7.0 s: about 0.06 ms per term, so the
#: limit is about the size of the spec string (10^4 terms: ~300,000 characters) more than the time.
MAX_TERMS = 10**4
#: Most bits of a coefficient (a 10^6-bit integer is 300000 digits).
MAX_BITS = 10**6
_HUGE = 10.0**300


def _log2_binom(n: float, k: float) -> float:
    """log2 binom(n, k) for real n >= k >= 0 (lgamma)."""
    if k <= 0 or n <= k:
        return 0.0
    return (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)) / math.log(2)


def _capped(log2_value: float) -> float:
    return _HUGE if log2_value > 996 else 2.0 ** log2_value


def expression_size(expr, nvars: int) -> tuple:
    """(degree, terms, bits): upper bounds on the total degree, the number of terms of the expansion and the
    bits of the coefficients of the (unevaluated) sympy expression ``expr`` in ``nvars`` variables. Parts that
    are not polynomial (functions, symbolic exponents) count as constants: the parser refuses them later.

    Examples
    --------
    >>> import sympy
    >>> x, y, z, w = sympy.symbols("x y z w")
    >>> d, t, b = expression_size(sympy.Pow(x + y + z + w, 1000, evaluate=False), 4)
    >>> d, round(t)                                   # binom(1003, 3) monomials of degree 1000 in 4 variables
    (1000, 167668501)
    """
    import sympy

    def walk(e):
        if e.is_Symbol:
            return 1, 1.0, 0.0
        if e.is_Integer or e.is_Rational:
            return 0, 1.0, float(max(abs(int(e.p)).bit_length(), int(e.q).bit_length()))
        if e.is_Number:
            return 0, 1.0, 64.0
        if isinstance(e, sympy.Add):
            parts = [walk(a) for a in e.args]
            return (max(p[0] for p in parts), min(_HUGE, sum(p[1] for p in parts)),
                    max(p[2] for p in parts) + math.log2(len(parts)))
        if isinstance(e, sympy.Mul):
            parts = [walk(a) for a in e.args]
            terms = 1.0
            for p in parts:
                terms = min(_HUGE, terms * p[1])
            return sum(p[0] for p in parts), terms, sum(p[2] for p in parts)
        if isinstance(e, sympy.Pow):
            base, ex = e.args
            if ex.free_symbols:
                return 0, 1.0, 0.0                 # not a polynomial: refused by the parser afterwards
            d_ex, _, bits_ex = walk(ex)
            if bits_ex > 64:                       # an exponent of more than 64 bits
                d, t, _ = walk(base)
                return _HUGE if d else 0, _HUGE if t > 1 else 1.0, _HUGE
            try:
                value = ex.doit() if not ex.is_Number else ex
                n = abs(int(value)) if value.is_Integer else None
            except (TypeError, ValueError, AttributeError):
                n = None
            if n is None:
                return 0, 1.0, 0.0                 # a fractional exponent: refused afterwards
            d, t, b = walk(base)
            terms = _capped(_log2_binom(t - 1 + n, n)) if t > 1 else 1.0
            return d * n, terms, n * (b + math.log2(max(t, 1.0)))
        parts = [walk(a) for a in getattr(e, "args", ())]
        if not parts:
            return 0, 1.0, 0.0
        return max(p[0] for p in parts), min(_HUGE, sum(p[1] for p in parts)), max(p[2] for p in parts)

    degree, terms, bits = walk(expr)
    if degree < _HUGE:
        # at most the monomials of degree <= D in the n variables: binom(n + D, n)
        terms = min(terms, _capped(_log2_binom(nvars + degree, nvars)))
    return degree, terms, bits


def check_expression_size(expr, where: str, nvars: int) -> None:
    """Refuse (TooLargeError naming ``where``, with the bounds of :func:`expression_size` and the limits) a
    polynomial whose degree, expansion or coefficients are above :data:`MAX_DEGREE`, :data:`MAX_TERMS` or
    :data:`MAX_BITS`.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> check_expression_size(x**2 + y, "polynomial 1", 2)           # small: passes
    """
    degree, terms, bits = expression_size(expr, nvars)
    problems = []
    if degree > MAX_DEGREE:
        problems.append(f"degree {degree:.3g} above the limit of {MAX_DEGREE}" if degree >= _HUGE
                        else f"degree {degree} above the limit of {MAX_DEGREE}")
    if terms > MAX_TERMS:
        problems.append(f"up to {terms:.3g} terms when expanded, above the limit of {MAX_TERMS}")
    if bits > MAX_BITS:
        problems.append(f"coefficients of up to {bits:.3g} bits, above the limit of {MAX_BITS}")
    if problems:
        raise TooLargeError(f"{where}: " + "; ".join(problems) + " (bounds read from the expression before "
                            "expanding it)", hint="a polynomial of lower degree or fewer terms (each map is "
                            "expanded into its terms)", degree=degree, terms=terms, bits=bits)
