"""Exact tests on algebraic numbers written with radicals (the solutions sympy gives for the loci of
:func:`~algnet.analyses.singular.map_singular_points`).

``sympy.simplify`` does not always reduce a zero written with nested radicals to 0 (the nodes of the quintic
(t^3 - t, t^5 + 2 t^2) have coordinates in sqrt(22 - 66 sqrt(5)), sqrt(110 - 330 sqrt(5)), ...); read as nonzero, a
vanishing equation stops the Jacobian criterion and a zero partial derivative can raise the rank. Here a number is
zero when its minimal polynomial over QQ is x (exact); a number that evaluates far from zero at 60 digits is
nonzero without it. Two sampled points are one when they agree to 40 digits.
"""

from __future__ import annotations

import itertools

from algnet.architectures.polymap_points import DIGITS, NONZERO, vanishes_numerically   # (one numerical test)

__all__ = ["is_zero", "minors_vanish", "same_point", "sample_component", "vanishes_numerically"]

def _size(expr) -> float:
    import sympy

    terms = sympy.Add.make_args(sympy.expand(expr))
    return max([1.0] + [abs(complex(sympy.N(t, DIGITS))) for t in terms])


def is_zero(expr) -> bool:
    """Whether the algebraic number ``expr`` (rationals, radicals, I) is zero, exactly: 0 after simplification,
    nonzero when it evaluates far from 0, else zero iff its minimal polynomial over QQ is x.

    Examples
    --------
    >>> import sympy
    >>> a = sympy.sqrt(22 - 66 * sympy.sqrt(5)) * sympy.sqrt(110 - 330 * sympy.sqrt(5))
    >>> is_zero(a - sympy.sqrt(5) * (22 - 66 * sympy.sqrt(5))), is_zero(a + 1)
    (True, False)
    """
    import sympy

    expr = sympy.sympify(expr)
    if expr == 0 or sympy.simplify(expr) == 0:
        return True
    if expr.is_Rational:
        return False
    if abs(complex(sympy.N(expr, DIGITS))) > NONZERO * _size(expr):
        return False
    return sympy.minimal_polynomial(expr, sympy.Dummy("x")).is_Symbol


def minors_vanish(J, c: int) -> bool:
    """Whether every c x c minor of the matrix ``J`` of algebraic numbers is zero (its rank is below c), exactly
    (:func:`is_zero`); a minor far from zero numerically answers False at once.

    Examples
    --------
    >>> import sympy
    >>> r = sympy.sqrt(2 + sympy.sqrt(3))
    >>> minors_vanish(sympy.Matrix([[r, 1], [2 * r, 2]]), 2), minors_vanish(sympy.Matrix([[r, 1], [r, 2]]), 2)
    (True, False)
    """
    import sympy

    if c == 0:
        return False
    minors = [J.extract(list(rows), list(cols)).det() for rows in itertools.combinations(range(J.rows), c)
              for cols in itertools.combinations(range(J.cols), c)]
    if any(abs(complex(sympy.N(m, DIGITS))) > NONZERO * _size(m) for m in minors):
        return False
    return all(is_zero(m) for m in minors)


def same_point(p, q, digits: int = 40) -> bool:
    """Whether two points with algebraic coordinates (strings or sympy numbers) agree to ``digits`` digits
    (the candidates' sample points written with different radicals).

    Examples
    --------
    >>> same_point(["sqrt(2)*sqrt(3)", "1"], ["sqrt(6)", "1"]), same_point(["sqrt(2)"], ["1.4142"])
    (True, False)
    """
    import sympy

    if len(p) != len(q):
        return False
    for a, b in zip(p, q):
        d = complex(sympy.N(sympy.sympify(a) - sympy.sympify(b), digits + 10))
        if abs(d) > 10.0 ** -digits * max(1.0, abs(complex(sympy.N(sympy.sympify(a), digits)))):
            return False
    return True


def sample_component(sol, free, sv, tv, system, rng, tries: int = 8):
    """(values of the free symbols, theta, other) at small nonzero integers where the component ``sol`` (a dict
    of the unknowns ``sv`` + ``tv``) is finite and solves ``system``, or a string saying why there is none.
    sympy's solutions with radicals can pair the branches of different roots wrongly (the swallowtail's pairs
    with one image came with cube roots of which none is a pair): each equation is evaluated at the sample
    (:func:`vanishes_numerically`), and a component whose samples do not solve it is no solution.

    Examples
    --------
    >>> import numpy as np, sympy
    >>> x, y = sympy.symbols("x y")
    >>> rng = np.random.default_rng(0)
    >>> values, theta, other = sample_component({x: sympy.cbrt(y)}, [y], [x, y], [], [x**3 - y], rng)
    >>> theta[0] ** 3 == theta[1]
    True
    >>> sample_component({x: -sympy.cbrt(y)}, [y], [x, y], [], [x**3 - y], rng)
    'returned by the solver does not solve its equations at sampled points'
    """
    import sympy

    finite = False
    for _ in range(tries):
        values = {f: sympy.Integer(int(rng.integers(1, 6)) * int(rng.choice([-1, 1]))) for f in free}
        theta = [sympy.radsimp(sympy.expand(sympy.sympify(sol.get(u, u)).subs(values))) for u in sv]
        other = [sympy.radsimp(sympy.expand(sympy.sympify(sol.get(u, u)).subs(values))) for u in tv]
        if not all(x.is_finite for x in theta + other):
            continue
        finite = True
        at = dict(zip(list(sv) + list(tv), theta + other))
        if all(vanishes_numerically(e, at) for e in system):
            return values, theta, other
    return "returned by the solver does not solve its equations at sampled points" if finite else \
        "had no finite sample point"
