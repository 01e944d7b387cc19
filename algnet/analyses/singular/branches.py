"""Two branches of the image of a polynomial map meeting at a point: when the map is generically injective, the
point is singular (:func:`two_branches`), whatever the tangent planes.

Examples
--------
>>> import sympy
>>> s, t = sympy.symbols("s t")
>>> two_branches(2, [0, 1], [0, -1], [s**2, t**2, s*t, s**3], [s, t])[:2]     # tangent branches, one image
('singular', True)
"""

from __future__ import annotations

__all__ = ["finite_birational_drop", "generically_injective", "image_dimension", "two_branches"]


def image_dimension(sol, sv, polys, vs) -> int:
    """Dimension of the image of a component ``sol`` of the pairs (its s part, in the symbols ``sv``) under the map
    ``polys`` in ``vs``, by the symbolic rank of its Jacobian.

    Examples
    --------
    >>> import sympy
    >>> s, t, a, b, c = sympy.symbols("s t a b c")
    >>> image_dimension({a: 0, b: c}, [a, b], [s**2, t**2, s*t, s**3], [s, t])    # the pairs over a line
    1
    """
    import sympy

    param = [sympy.sympify(sol.get(u, u)) for u in sv]
    free = sorted({f for e in param for f in e.free_symbols}, key=str)
    if not free:
        return 0
    image = [p.subs(dict(zip(vs, param)), simultaneous=True) for p in polys]
    return sympy.Matrix([[sympy.diff(e, f) for f in free] for e in image]).rank(simplify=True)


def two_branches(n, theta, other, polys, vs):
    """The verdict (status, certified, leaning, decided_by, proves) at a point where two branches of a generically
    injective map meet (no component of pairs over a dense subset of M, every pair system solved): singular when
    the map has full rank n at both preimages ``theta`` and ``other``, else None.

    Proof: mu is then a local isomorphism at both preimages s0 != t0 onto smooth n-dimensional germs A, B at the
    image point. If the point were smooth on M, its germ would be a smooth n-dimensional germ containing A and B,
    so A = B, and every s near s0 would have a partner t near t0 with mu(s) = mu(t): the pairs would fill an
    n-dimensional set whose image is open in M, a component over a dense subset of M, which the map has not. So the
    two germs differ, and a point where two distinct germs of M meet is singular. (Equal tangent planes do not
    matter: mu(s, t) = (s^2, t^2, s t, s^3) is singular along s = 0, where (0, t) and (0, -t) meet tangentially.)

    Examples
    --------
    >>> import sympy
    >>> s, t = sympy.symbols("s t")
    >>> polys = [s**2, t**2, s*t, s**3]
    >>> two_branches(2, (0, 1), (0, -1), polys, (s, t))[0]
    'singular'
    >>> two_branches(2, (0, 1), None, polys, (s, t)) is None
    True
    """
    import sympy

    J = sympy.Matrix([[sympy.diff(p, v) for v in vs] for p in polys])
    if not other or any(J.subs(dict(zip(vs, pt))).rank(simplify=True) != n for pt in (theta, other)):
        return None
    return ("singular", True, "", "two branches (pairs of preimages, the map generically injective)",
            f"the map has rank {n} at two preimages of the point, and the pairs with one image form no component "
            "over a dense subset of M: two distinct smooth branches of M meet there, so it is singular")


def finite_birational_drop(n, theta, point, polys, vs):
    """The verdict (status, certified, leaning, decided_by, proves) at the image ``point`` of a rank drop ``theta`` of a
    generically injective map of n parameters onto an n-dimensional image: singular when the point is algebraic
    (rational, or with radicals: the basis is then over the field they generate) and its fiber is finite (an exact
    Groebner basis, zero-dimensional), else None.

    Proof: for a generic linear projection pi of the image onto C^n, the multiplicity of the point is the local
    degree of pi on the germ of the closure there, at least the sum over the fiber of the local degrees of pi o mu
    (mu is one-to-one on a dense set and finite near the fiber). At theta, pi o mu has rank < n, so its local degree
    is >= 2: the multiplicity is >= 2, and the point is singular. (A finite birational map onto a smooth germ is an
    isomorphism, by Zariski's main theorem; this is the same fact.)

    Examples
    --------
    >>> import sympy
    >>> s, t = sympy.symbols("s t")
    >>> finite_birational_drop(2, [0, 0], [0, 0, 0], [s**3 + t**2, s*t, t**3], [s, t])[:2]
    ('singular', True)
    >>> finite_birational_drop(2, [0, 0], [0, 0], [s, s*t], [s, t]) is None      # the fiber over 0 is the line s = 0
    True
    >>> r6 = sympy.sqrt(6)
    >>> finite_birational_drop(2, [0, -r6 / 3], [0, -2 * r6 / 9, sympy.Rational(2, 3)], [s**3, t**3 + s, s*t + t**2],
    ...                        [s, t])[0]
    'singular'

    """
    import sympy

    from algnet.analyses.singular.map_loci import _Budget, _within

    if len(vs) != n or not all(sympy.sympify(x).is_algebraic for x in point):
        return None
    fiber = [sympy.expand(p - sympy.sympify(x)) for p, x in zip(polys, point)]
    field = {} if all(sympy.sympify(x).is_Rational for x in point) else {"extension": True}    # QQ(radicals)
    basis, done = _within(_Budget(10.0), lambda: sympy.groebner(fiber, *vs, order="grevlex", **field))
    if not done or basis.exprs == [1] or not basis.is_zero_dimensional:
        return None
    return ("singular", True, "", "multiplicity at a rank drop of a generically injective map (exact)",
            f"the map is one-to-one on a dense set, its fiber over the point is finite (an exact Groebner basis) and "
            f"its Jacobian has rank < {n} at a preimage: the point has multiplicity >= 2 on the image (the local "
            "degree of a generic projection composed with the map is >= 2 there), so it is singular")


def generically_injective(polys, vs, budget=None) -> str:
    """Why the map ``polys`` in ``vs`` is one-to-one on a dense set (over C), or '' when it is not or not shown
    within the CPU seconds of ``budget`` (a ``_Budget`` of :mod:`.map_loci`, or None).

    Exact: with a generic point a (symbols, the field QQ(a)) the fiber mu(s) = mu(a) is solved over QQ(a) by a
    Groebner basis; its solutions over the algebraic closure are the generic fiber, whose number of points (with
    multiplicity) is the degree of the map onto its image, the dimension of QQ(a)[s] / (mu(s) - mu(a)). A basis
    s_i - a_i is one point: degree 1. Much cheaper than the pairs mu(s) = mu(t), s != t, solved in full (the
    map (s^3, t^3 + s, s t + t^2): 0.1 s against more than a minute).

    Examples
    --------
    >>> import sympy
    >>> s, t = sympy.symbols("s t")
    >>> bool(generically_injective([s**3, t**3 + s, s*t + t**2], [s, t]))
    True
    >>> generically_injective([s**2, t, s**2*t], [s, t])            # (s, t) and (-s, t): degree 2
    ''
    """
    import sympy

    from algnet.analyses.singular.map_loci import _within

    a = [sympy.Symbol(f"a_{v}") for v in vs]
    fiber = [sympy.expand(p - p.subs(dict(zip(vs, a)), simultaneous=True)) for p in polys]
    fiber = [f for f in fiber if f != 0]
    if not fiber:
        return ""
    basis, done = _within(budget, lambda: sympy.groebner(fiber, *vs, order="lex", domain=sympy.QQ.frac_field(*a)))
    if not done or {sympy.expand(e) for e in basis.exprs} != {v - x for v, x in zip(vs, a)}:
        return ""
    return ("the fiber of a generic point a, solved over QQ(a) (an exact Groebner basis), is the one point a: the "
            "map has degree 1 onto its image")
