"""The common zeros of polynomials over QQ when they are finitely many: exact, with their number proved.

A piece of a polynomial map's rank-drop locus that is not a union of linear subspaces (:mod:`.polymap_strata`)
may still be finite: a cusp of a curve at t = 1, the points t = +-sqrt(2) where both entries of d mu vanish.
:func:`finite_zeros` decides it from a Groebner basis over QQ (sympy; the ideal is zero-dimensional) and
returns the points exactly, as algebraic numbers: the roots of a univariate polynomial as sympy ``CRootOf``
(radicals when sympy simplifies them), several variables from the lex basis in shape position (a_i x_i = g_i(x_n),
h(x_n) = 0) or else sympy's triangular solve. Their number is
checked against the number of distinct zeros, the dimension of Q[x] / sqrt(I), with sqrt(I) = I + (the
square-free parts of the univariate eliminants) (Seidenberg's lemma, characteristic 0): a solve that misses
a point is reported, never taken as the whole locus.

Examples
--------
>>> import sympy
>>> t = sympy.Symbol("t")
>>> finite_zeros([2 * (t - 1), 3 * (t - 1)**2], [t]).points          # a cusp at t = 1
((1,),)
>>> finite_zeros([t**2 - 2], [t]).points
((-sqrt(2),), (sqrt(2),))
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

__all__ = ["FiniteZeros", "finite_zeros", "vanishes_numerically", "DIGITS", "NONZERO"]


@dataclass(frozen=True)
class FiniteZeros:
    """The outcome of :func:`finite_zeros`.

    Attributes
    ----------
    points : tuple of tuple or None
        The distinct common zeros, each a tuple of exact sympy numbers (one per variable); None when the zero
        set is not finite or its points were not all found.
    count : int or None
        The number of distinct common zeros (None when infinite).
    note : str
        Why not, when ``points`` is None.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> finite_zeros([x**2 + y**2 - 1], [x, y]).note
    'the zero set is not finite (a curve or larger)'
    """

    points: object
    count: object
    note: str


def _count(G, xs) -> tuple:
    """(number, radical): the number of distinct zeros of the zero-dimensional ideal of the Groebner basis G (the
    standard monomials of its radical, module doc) and a Groebner basis of the radical."""
    import sympy
    from sympy.polys.orderings import grevlex

    extra = []
    for i, x in enumerate(xs):
        order = list(xs[:i]) + list(xs[i + 1:]) + [x]
        E = sympy.groebner(list(G.exprs), *order, order="lex")
        uni = [e for e in E.exprs if e.free_symbols <= {x}]
        f = sympy.Poly(uni[0], x)
        extra.append(sympy.quo(f, sympy.gcd(f, f.diff(x))).as_expr())
    R = sympy.groebner(list(G.exprs) + extra, *xs, order="grevlex")
    leads = [sympy.Poly(e, *xs).monoms(order=grevlex)[0] for e in R.exprs]
    bounds = [sympy.Poly(e, x).degree() for e, x in zip(extra, xs)]
    return sum(1 for m in itertools.product(*(range(b) for b in bounds))
               if not any(all(a >= b for a, b in zip(m, lead)) for lead in leads)), list(R.exprs)


def _solve(G, xs) -> list:
    """The zeros of the zero-dimensional lex Groebner basis G, exact (sympy), as a list of tuples."""
    import sympy

    last = xs[-1]
    E = list(G.exprs)
    lead = [sympy.Poly(e, x).coeff_monomial(x) for e, x in zip(E, xs[:-1])]
    shape = len(E) == len(xs) and E[-1].free_symbols <= {last} and all(
        a.is_number and a != 0 and sympy.expand(e - a * x).free_symbols <= {last} for e, x, a in zip(E, xs, lead))
    if shape:               # a_i x_i = g_i(x_last), h(x_last) = 0: the roots of h, exact (CRootOf), give every point
        f = sympy.Poly(E[-1], last)
        f = sympy.quo(f, sympy.gcd(f, f.diff(last)))
        return [tuple(sympy.expand((a * x - e) / a).subs(last, r) for e, x, a in zip(E, xs, lead)) + (r,)
                for r in f.all_roots()]
    return [tuple(s) for s in sympy.solve_poly_system(E, *xs) or []]


#: digits of :func:`vanishes_numerically`'s evaluations
DIGITS = 60
#: :func:`vanishes_numerically`: a value above this times its largest term (at least 1) is not zero
NONZERO = 1e-30


def vanishes_numerically(F, at) -> bool:
    """False when a polynomial of ``F`` (one sympy polynomial or a list; also expressions with radicals of the
    unknowns) at the algebraic point ``at`` (a dict:
    symbol -> exact number, e.g. radicals or ``CRootOf``) is far from zero numerically: above :data:`NONZERO` times
    the largest absolute value of its terms there (at least 1), at :data:`DIGITS` digits. True otherwise, and when
    symbols other than those of ``at`` remain (nothing to check). A check of an exact solve, not a proof: the
    coordinates are evaluated once each (a ``CRootOf`` by the one root of its polynomial, at more digits, in its
    isolating interval), then each polynomial term by term in mpmath.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> r = sympy.CRootOf(x**5 - x - 1, 1)
    >>> vanishes_numerically([x**5 - x - 1, y - x**2], {x: r, y: r**2}), vanishes_numerically(x - y, {x: r, y: 1})
    (True, False)
    >>> c = sympy.cbrt(5)
    >>> vanishes_numerically(x**3 - y, {x: c, y: 5}), vanishes_numerically(x**3 - y, {x: -c, y: 5})
    (True, False)
    """
    import mpmath
    import sympy

    F = [sympy.sympify(f) for f in (F if isinstance(F, (list, tuple)) else [F])]
    xs = sorted(set().union(*(f.free_symbols for f in F)), key=str)
    vals = [sympy.sympify(at[x]) if x in at else None for x in xs]
    if any(v is None or v.free_symbols for v in vals):
        return True                 # not a polynomial in the point's unknowns alone: nothing to check
    with mpmath.workdps(DIGITS):
        v = [_value(c) for c in vals]
        for f in F:
            terms = _terms(f, xs, v)
            size = max([mpmath.mpf(1)] + [abs(t) for t in terms])
            if abs(mpmath.fsum(terms)) > NONZERO * size:
                return False
    return True


def _terms(f, xs, v) -> list:
    """The values of the terms of ``f`` at the point ``v`` (mpmath numbers of the variables ``xs``) at the working
    precision: a polynomial's monomials in mpmath, else (a radical or a quotient of the variables) the expanded
    terms evaluated by sympy with the point's values (a ``CRootOf`` among the coefficients as well)."""
    import mpmath
    import sympy

    digits = mpmath.mp.dps
    try:
        poly = sympy.Poly(f, *xs) if xs else None
    except sympy.PolynomialError:
        at = {x: sympy.Float(mpmath.nstr(mpmath.re(a), digits + 5), digits) + sympy.I * sympy.Float(
            mpmath.nstr(mpmath.im(a), digits + 5), digits) for x, a in zip(xs, v)}
        f = f.xreplace({r: _root_value(r, digits) for r in f.atoms(sympy.CRootOf)})     # (before: its polynomial's
        return [mpmath.mpmathify(sympy.N(t.xreplace(at), digits))                     # variable may be one of xs)
                for t in sympy.Add.make_args(sympy.expand(f))]
    out = []
    for m, c in (poly.terms() if poly is not None else [((), f)]):
        t = mpmath.mpmathify(sympy.N(c, digits))
        for a, e in zip(v, m):
            if e:
                t *= a ** e
        out.append(t)
    return out


def _value(c):
    """The exact sympy number ``c`` as an mpmath number at the working precision, each ``CRootOf`` in it taken as
    :func:`_root_value` gives it (sympy's own evaluation of a quintic's complex root: 0.2-1 s)."""
    import mpmath
    import sympy

    digits = mpmath.mp.dps
    roots = c.atoms(sympy.CRootOf)
    if roots:
        c = c.xreplace({r: _root_value(r, digits) for r in roots})
    return mpmath.mpmathify(sympy.N(c, digits))


def _mp(q):
    """The rational ``q`` (an int, a sympy or a flint rational) as an mpmath number at the working precision."""
    import mpmath
    import sympy

    q = sympy.Rational(str(q))
    return mpmath.mpf(int(q.p)) / int(q.q)


def _root_value(r, digits):
    """The root ``r`` (a sympy ``CRootOf``) as a sympy number of ``digits`` + 10 digits: the one root of its
    polynomial (mpmath's, at more digits) inside its isolating interval or rectangle; sympy's own evaluation when
    not exactly one numerical root lies there."""
    import mpmath
    import sympy

    d = digits + 10
    with mpmath.workdps(d + 20):
        coeffs = [_mp(a) for a in r.poly.all_coeffs()]
        try:
            found = mpmath.polyroots(coeffs, maxsteps=400, extraprec=4 * d)
        except mpmath.libmp.NoConvergence:
            found = []
        try:
            i = r._get_interval()       # (sympy's isolating interval of the root, computed with it)
        except Exception:       # noqa: BLE001 -- no interval: sympy's own evaluation
            return sympy.N(r, d)
        box = [_mp(e) for e in ((i.a, i.b, 0, 0) if r.is_real else (i.ax, i.bx, i.ay, i.by))]
        inside = [z for z in found
                  if box[0] <= mpmath.re(z) <= box[1] and box[2] <= mpmath.im(z) <= box[3]]
        if len(inside) != 1:
            return sympy.N(r, d)
        z = mpmath.mpc(inside[0])
        return sympy.Float(mpmath.nstr(z.real, d + 5), d) + sympy.I * sympy.Float(mpmath.nstr(z.imag, d + 5), d)


#: CPU seconds the exact test of one polynomial system may take (Groebner basis, solve, check); past them the zero
#: set is left undecided (a map of two variables and degree 4-5 takes sympy over two minutes)
POINT_SECONDS = 10.0


def finite_zeros(F, xs, max_vars: int = 4, max_degree: int = 12, seconds: float = POINT_SECONDS) -> FiniteZeros:
    """The common zeros of the sympy polynomials ``F`` (rational coefficients) in the variables ``xs`` when
    finitely many, exactly (module doc); not tried above ``max_vars`` variables or ``max_degree``, and left
    undecided when the test takes more than ``seconds`` CPU seconds.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> z = finite_zeros([x**2 - 2, x * y - 1], [x, y])
    >>> z.points, z.count
    (((-sqrt(2), -sqrt(2)/2), (sqrt(2), sqrt(2)/2)), 2)
    >>> finite_zeros([x - 1, x - 2], [x, y]).points
    ()
    """
    from algnet.guards import time_cap

    with time_cap(seconds, cpu=True) as cap:
        try:
            return _finite_zeros(F, xs, max_vars, max_degree)
        except KeyboardInterrupt:
            if not cap.expired:
                raise
    return FiniteZeros(None, None, f"the exact test took more than {seconds:g} CPU s (not decided)")


def _finite_zeros(F, xs, max_vars: int, max_degree: int) -> FiniteZeros:
    import sympy

    F = [sympy.expand(f) for f in F if sympy.expand(f) != 0]
    if len(xs) > max_vars or any(sympy.Poly(f, *xs).total_degree() > max_degree for f in F):
        return FiniteZeros(None, None, f"too large for the exact test (more than {max_vars} variables or degree "
                                       f"above {max_degree})")
    if not F:
        return FiniteZeros(None, None, "the zero set is not finite (every polynomial vanishes)")
    G = sympy.groebner(F, *xs, order="lex")
    if list(G.exprs) == [1]:
        return FiniteZeros((), 0, "no common zero")
    if not G.is_zero_dimensional:
        return FiniteZeros(None, None, "the zero set is not finite (a curve or larger)")
    n, _ = _count(G, xs)
    try:
        pts = sorted(set(_solve(G, xs)), key=lambda p: tuple((complex(v).real, complex(v).imag) for v in p))
    except (NotImplementedError, sympy.PolynomialError) as e:
        return FiniteZeros(None, n, f"{n} points, not solved exactly ({type(e).__name__})")
    ok = all(vanishes_numerically(F, dict(zip(xs, p))) for p in pts)
    if len(pts) != n or not ok:
        return FiniteZeros(None, n, f"{n} points, {len(pts)} found exactly")
    return FiniteZeros(tuple(pts), n, f"{n} points")
