"""The Groebner count of a gauge-fixed fiber: sympy's Groebner basis over QQ, its size estimate and its time cap.

The fiber equations come from :func:`algnet.analyses.fibers.fiber_equations`; the count is the number of
standard monomials of a zero-dimensional ideal (exact), None for a positive-dimensional one.

Examples
--------
>>> from algnet import parse_spec
>>> from algnet.analyses.fibers import fiber_equations
>>> ctx, eqs, free = fiber_equations(parse_spec("conv k=2,2 r=1"), [2, 3, 5, 7], (0,))
>>> groebner_estimate(eqs, len(free)), capped_groebner_count(ctx, eqs, free, 5.0)
(4, (2, False))
"""

from __future__ import annotations

__all__ = ["GROEBNER_AUTO_CPU", "GROEBNER_AUTO_ESTIMATE", "MODULAR_PRIME", "SECOND_PRIME", "SECOND_PRIME_BELOW",
           "groebner_estimate", "groebner_count",
           "modular_groebner_count", "capped_groebner_count"]


def groebner_count(ctx, eqs, free):
    """Points of the zero-dimensional ideal of ``eqs`` in the ``free`` unknowns (standard monomials of a
    grevlex Groebner basis over QQ), 0 when it is the unit ideal, None when it is not zero-dimensional.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.fibers import fiber_equations
    >>> groebner_count(*fiber_equations(parse_spec("linear 1-1-1"), [2, 3], (0,)))
    1
    """
    return _standard_monomials(eqs, free, None)


def _coefficient(c, prime):
    """The fmpq ``c`` as a sympy Rational, or as an integer mod ``prime`` (None when ``prime`` divides its
    denominator)."""
    import sympy

    if prime is None:
        return sympy.Rational(int(c.p), int(c.q))
    if int(c.q) % prime == 0:
        return None
    return sympy.Integer(int(c.p) * pow(int(c.q), -1, prime) % prime)


def _standard_monomials(eqs, free, prime):
    """Standard monomials of a grevlex Groebner basis of ``eqs`` over QQ (``prime`` None) or GF(prime): 0 for the
    unit ideal, None for an ideal that is not zero-dimensional (or a denominator that vanishes mod ``prime``)."""
    import sympy

    syms = sympy.symbols([f"t{i}" for i in free])
    polys = []
    for e in eqs:
        expr = 0
        for exps, c in e.to_dict().items():
            term = _coefficient(c, prime)
            if term is None:
                return None
            for s, a in zip(syms, exps):
                if a:
                    term *= s ** a
            expr += term
        polys.append(expr)
    if prime is None:
        G = sympy.groebner(polys, *syms, order="grevlex")
    else:
        G = sympy.groebner(polys, *syms, order="grevlex", modulus=prime)
    if list(G.exprs) == [1]:
        return 0
    if not G.is_zero_dimensional:
        return None
    from sympy.polys.orderings import grevlex

    # the order as an object: a name string fails on univariate polynomials (sympy reads .alias from it)
    lead = [sympy.Poly(g, *syms).monoms(order=grevlex)[0] for g in G.exprs]
    # count standard monomials (finitely many for a zero-dimensional ideal)
    count, stack, seen = 0, [tuple([0] * len(syms))], set()
    while stack:
        m = stack.pop()
        if m in seen:
            continue
        seen.add(m)
        if any(all(a >= b for a, b in zip(m, L)) for L in lead):
            continue
        count += 1
        for i in range(len(m)):
            stack.append(m[:i] + (m[i] + 1,) + m[i + 1:])
    return count


#: CPU seconds a Groebner count chosen by ``method="auto"`` may take before the count goes to monodromy (or
#: Newton). Measured: every auto Groebner count of tests/test_fibers.py and of the
#: published cases in tests/test_published_geo.py finishes in under 6 CPU s (gconv n=3 layers=2 r=2: 5.9 s;
#: linear and conv cases 0.01-0.5 s), while gconv n=4 layers=2 r=2 (7 unknowns) ran > 14 min, and its
#: monodromy count takes 1.3 s.
GROEBNER_AUTO_CPU = 12.0

#: ``method="auto"`` does not start a Groebner count whose estimate (:func:`groebner_estimate`) is above this.
#: Measured (CPU s of sympy's groebner, 0.3 s of which is its import): estimates 4-144
#: (dense 2-2-2 r=2 36, dense 3-2-2 r=3 144, conv k=2,2,2 r=2 18, attention d=2 a=2 dout=1 t=2 32, linear
#: 3-2-3 4, conv k=3,3 r=1 16) 0.3 s; gconv n=3 layers=2 r=2 (243) 4.7 s; gconv n=4 layers=2 r=2 (2187) and
#: dense 3-3-1 r=3 (6912) not finished in 20 s (the first > 14 min): those go to monodromy at once.
GROEBNER_AUTO_ESTIMATE = 500

#: The prime of :func:`modular_groebner_count` (2^31 - 1).
MODULAR_PRIME = 2_147_483_647

#: A second prime (2^31 - 19) for the fiber count: the counts mod two primes agree unless one of them is unlucky.
SECOND_PRIME = 2_147_483_629

#: CPU seconds below which the basis mod :data:`MODULAR_PRIME` took for the count mod :data:`SECOND_PRIME` to run
#: too (a second basis costs about as much as the first).
SECOND_PRIME_BELOW = 1.0


def groebner_estimate(eqs, unknowns: int) -> int:
    """The product of the ``unknowns`` lowest total degrees of the fiber equations ``eqs``: the Bézout
    number of the easiest square subsystem, a bound on its isolated solutions, used as the size of the
    Groebner problem (:data:`GROEBNER_AUTO_ESTIMATE`).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.fibers import fiber_equations
    >>> ctx, eqs, free = fiber_equations(parse_spec("conv k=2,2 r=1"), [2, 3, 5, 7], (0,))
    >>> sorted(e.total_degree() for e in eqs), groebner_estimate(eqs, len(free))
    ([1, 2, 2], 4)
    """
    from math import prod

    return int(prod(sorted(e.total_degree() for e in eqs)[:unknowns]))


def modular_groebner_count(eqs, free, prime: int = MODULAR_PRIME):
    """Points of the zero-dimensional ideal of ``eqs`` over the algebraic closure of GF(``prime``), counted with
    multiplicity (standard monomials of a grevlex Groebner basis mod ``prime``; None when the ideal mod ``prime``
    is not zero-dimensional or ``prime`` divides a denominator).

    For all but finitely many primes this is the number over QQ (the reduction of a Groebner basis over QQ is one
    mod p once p divides none of its denominators and leading coefficients), so it is an exact count with a
    probabilistic caveat: the prime must not be one of the finitely many unlucky ones, which are not computed.
    Without coefficient growth it is much faster than the count over QQ (dense 2-4-1 r=7, 8 unknowns: 2.4 CPU s
    for the 24 points of Sylvester's theorem; over QQ it did not finish in minutes).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.fibers import fiber_equations
    >>> ctx, eqs, free = fiber_equations(parse_spec("conv k=2,2 r=1"), [2, 3, 5, 7], (0,))
    >>> modular_groebner_count(eqs, free), groebner_count(ctx, eqs, free)
    (2, 2)
    """
    return _standard_monomials(eqs, free, int(prime))


def capped_groebner_count(ctx, eqs, free, seconds, cpu: bool = True, prime: int | None = None):
    """``(count, stalled)``: :func:`groebner_count` (:func:`modular_groebner_count` mod ``prime`` when given)
    stopped after ``seconds`` (CPU seconds, or wall clock when not ``cpu``; None: no cap); a Ctrl-C of the user
    (not the cap) propagates.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.fibers import fiber_equations
    >>> ctx, eqs, free = fiber_equations(parse_spec("linear 1-1-1"), [2, 3], (0,))
    >>> capped_groebner_count(ctx, eqs, free, 5.0)
    (1, False)
    """
    from algnet.guards import time_cap

    with time_cap(seconds, cpu=cpu) as cap:
        try:
            if prime is None:
                return groebner_count(ctx, eqs, free), False
            return modular_groebner_count(eqs, free, prime), False
        except KeyboardInterrupt:
            if not cap.expired:
                raise
    return None, True
