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

__all__ = ["FiniteZeros", "finite_zeros"]


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


def _vanish(F, xs, pts) -> bool:
    """Whether every polynomial of F is below 1e-20 (relative to its terms) at every point, each coordinate
    evaluated to 40 digits (a check of the solve: the points are exact)."""
    import mpmath
    import sympy

    with mpmath.workdps(40):
        fs = [sympy.lambdify(xs, f, "mpmath") for f in F]
        sizes = [sympy.lambdify(xs, sum(abs(c) * sympy.Mul(*(sympy.Abs(x)**e for x, e in zip(xs, m)))
                                        for m, c in sympy.Poly(f, *xs).terms()), "mpmath") for f in F]
        for p in pts:
            v = [mpmath.mpmathify(sympy.N(c, 40)) for c in p]
            if any(abs(f(*v)) > 1e-20 * (1 + g(*v)) for f, g in zip(fs, sizes)):
                return False
    return True


#: CPU seconds the exact test of one polynomial system may take (Groebner basis, solve, check); past them the zero
#: set is left undecided (a map of two variables and degree 4-5 took sympy over two minutes; five roots of a quintic
#: took about 4 s, most of it their 40-digit check)
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
    ok = _vanish(F, xs, pts)
    if len(pts) != n or not ok:
        return FiniteZeros(None, n, f"{n} points, {len(pts)} found exactly")
    return FiniteZeros(tuple(pts), n, f"{n} points")
