"""The ED degree of a smooth rational curve given by a map, as a second method for :func:`~.ed.ed_degree`.

A polynomial map (``map f_1; ...; f_n``) in two parameters (s, t) whose polynomials are forms of one degree e >= 1
parametrizes the affine cone over the curve C = phi(P^1) in P^{n-1}, phi = (f_1 : ... : f_n); the ED degree of the
cone is that of C. When C is smooth of degree d and genus g, the Chern-class formula (Draisma, Horobet, Ottaviani,
Sturmfels, Thomas, *The Euclidean distance degree of an algebraic variety*, FoCM 2016, Thm. 5.8) gives its generic
ED degree d + (2g - 2 + 2d) = 3d + 2g - 2 (the rational normal curve of degree d: 3d - 2), and its ED degree for
the standard (Frobenius) inner product too when C meets the isotropic quadric Q = {x_1^2 + ... + x_n^2 = 0}
transversally. The formula is claimed only when every hypothesis is PROVED, by exact computation over QQ:

* phi is an injective immersion of P^1 with no base point: the forms
  D_ij(p, q) = (f_i(p) f_j(q) - f_j(p) f_i(q)) / (p_1 q_2 - p_2 q_1) have no common zero on P^1 x P^1 (a reduced
  Groebner basis {1} in each of the four affine charts, over QQ; sympy; of three random combinations of them first,
  :func:`_injective_immersion`). Off the diagonal a common zero is a pair of points
  with one image, on it a point where phi's differential vanishes or a base point; so phi is then an isomorphism
  onto C: C is smooth, of genus 0, and of degree e (a base-point-free map of degree one).
* metric "frobenius": C meets Q in 2e distinct points (the form f_1^2 + ... + f_n^2 is square-free, a root at
  infinity included): the intersection is transversal since C and Q are smooth there and phi is an embedding.
* metric "generic": a random positive-definite metric is transversal to C (DHOST 2016, Thm. 5.8: the generic ED
  degree); no condition.

Otherwise the source says which hypothesis fails or was not proved, and no value is claimed (a curve with a node
or a cusp has a smaller ED degree than the smooth-curve formula). Maps of more than :data:`CURVE_DEGREE` or
:data:`CURVE_OUTPUTS` are not examined (the hypotheses stay unproved, and the source says so).

Examples
--------
>>> from algnet import parse_spec
>>> curve_formula(parse_spec("map s^3; s^2*t; s*t^2; t^3"), "generic")[0]        # the twisted cubic: 3 d - 2
7
>>> curve_formula(parse_spec("map s^2*t - t^3; s^3 - s*t^2; t^3"), "generic")[0] is None      # a nodal cubic
True
>>> curve_formula(parse_spec("linear 2-1-2"), "generic") is None        # not a map of P^1
True
"""

from __future__ import annotations

__all__ = ["curve_formula", "curve_bound", "proved_later", "form_degree", "product_degrees", "CURVE_DEGREE",
           "CURVE_OUTPUTS"]

#: Largest degree e of the forms, and number n of them, for which the hypotheses are decided (Groebner bases over
#: QQ, sympy: dense random forms of degree 4 in 5 forms 2-6 s on a loaded machine, of degree 5 in 6 forms 17-20 s,
#: of degree 8 in 10 forms 6 minutes: beyond these the formula is not claimed, and the source says so)
CURVE_DEGREE = 4
CURVE_OUTPUTS = 5

_SOURCE = "Chern-class formula for a smooth curve of degree d and genus g, 3d + 2g - 2 (DHOST 2016, Thm. 5.8)"


def form_degree(net, variables: int = 2):
    """The common degree e >= 1 of the polynomials of the map ``net`` when it is a map of ``variables`` parameters by
    forms of one positive degree (the cone over the image of P^{variables - 1}), else None. From the exponents only
    (no sympy).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> form_degree(parse_spec("map s^3; s^2*t; t^3")), form_degree(parse_spec("map s; s*t"))
    (3, None)
    >>> form_degree(parse_spec("map x^2; y^2; z^2"), 3)
    2
    """
    # (the class by its module and name: importing algnet.architectures.polymap here would run it inside every
    # estimate, a module no structure record's key hashes)
    cls = type(net)
    if (cls.__module__, cls.__name__) != ("algnet.architectures.polymap", "PolynomialMap") \
            or net.n_params != variables:
        return None
    degrees = {sum(k) for t in net.terms for k in t}
    if len(degrees) != 1 or 0 in degrees:
        return None
    return degrees.pop()


def product_degrees(net):
    """``(first, second, a, b)`` when ``net`` is a map of four parameters by forms of one bidegree (a, b), a, b >= 1, in
    the parameter pairs ``first`` and ``second`` (indices; the cone over the image of P^1 x P^1), else None. From the
    exponents only.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> product_degrees(parse_spec("map s*u; s*v; t*u; t*v params=s,t,u,v"))
    ((0, 1), (2, 3), 1, 1)
    >>> product_degrees(parse_spec("map s*u; t*v; s^2*t*v")) is None
    True
    """
    cls = type(net)
    if (cls.__module__, cls.__name__) != ("algnet.architectures.polymap", "PolynomialMap") or net.n_params != 4:
        return None
    monos = {k for t in net.terms for k in t}
    for first, second in (((0, 1), (2, 3)), ((0, 2), (1, 3)), ((0, 3), (1, 2))):
        degrees = {(k[first[0]] + k[first[1]], k[second[0]] + k[second[1]]) for k in monos}
        if len(degrees) == 1 and min(next(iter(degrees))) >= 1:
            a, b = degrees.pop()
            return first, second, a, b
    return None


def _forms(net):
    """The map's polynomials as sympy expressions in (s, t) and their common degree e, or None when ``net`` is not a
    map of two parameters by nonzero forms of one positive degree (not a cone over a projective curve)."""
    e = form_degree(net)
    return None if e is None else (net.sympy_polynomials(), e)


def proved_later(net, metric: str) -> bool:
    """Whether a closed form for ``net`` and ``metric`` needs an exact proof first (Groebner bases, 0.1 s to seconds
    and more): a map of P^1 (:func:`curve_formula`) or of P^2 (:mod:`.surface_ed`) by forms of one degree, or of
    P^1 x P^1 by forms of one bidegree, for the generic or the Frobenius metric. :func:`~.ed.ed_formula` runs that
    proof only when asked (``ed_degree`` asks, after its count); the size estimate reads :func:`curve_bound` instead.
    From the exponents only.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> proved_later(parse_spec("map s^2; s*t; t^2"), "generic"), proved_later(parse_spec("linear 2-1-2"), "generic")
    (True, False)
    """
    return metric in ("generic", "frobenius") and (form_degree(net, 2) is not None or form_degree(net, 3) is not None
                                                   or product_degrees(net) is not None)


def curve_bound(net):
    """``(3e - 2, why)`` for a map of P^1 by forms of degree e with rational coefficients, an upper bound on its ED
    degree for the generic, Frobenius and Bombieri-Weyl metrics whatever the map (a singular or a multiply covered
    image included), from the exponents alone (no proof runs: the size estimate's count); None for another network.

    Why: a critical point lambda phi(p) of the squared distance to u for a positive-definite Q has
    <Q (lambda phi(p) - u), d_s phi(p)> = <Q (lambda phi(p) - u), d_t phi(p)> = 0; eliminating lambda leaves
    F_u(p) = <Q u, d_s phi> <Q phi, d_t phi> - <Q u, d_t phi> <Q phi, d_s phi> = 0, a binary form of degree
    (e - 1) + (2e - 1) = 3e - 2. It is not zero for a generic u: else <Q phi, phi> = 0 identically (Euler), impossible
    for real forms that are not all zero. Where <Q phi(p), phi(p)> = 0 (finitely many p) the two conditions and Euler
    give <Q u, phi(p)> = 0, false for a generic u. So distinct critical points have distinct zeros of F_u: at most
    3e - 2 of them (an image that is a single point: one critical point).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> curve_bound(parse_spec("map s^2*t - t^3; s^3 - s*t^2; t^3"))[0]         # a nodal cubic (its count: 7)
    7
    >>> curve_bound(parse_spec("map x^2; y^2; z^2")) is None
    True
    """
    e = form_degree(net)
    if e is None:
        return None
    return 3 * e - 2, (f"at most 3e - 2 = {3 * e - 2} for a map of P^1 by forms of degree e = {e} (the critical "
                       f"points are among the zeros of a binary form of degree 3e - 2; the count when the map is "
                       f"an embedding)")


def _unit_ideal(polys, xs) -> bool:
    """Whether the polynomials (sympy, over QQ) generate the unit ideal of QQ[xs]: no common zero over C."""
    import sympy

    polys = [p for p in polys if p != 0]
    if not polys:
        return False
    G = sympy.groebner(polys, *xs, order="grevlex", domain="QQ")
    return any(g.is_number and g != 0 for g in G.exprs)


#: the seed of the random combinations of :func:`_injective_immersion`
_SEED = 20261207


def _injective_immersion(fs, names):
    """True when phi = (fs) : P^1 -> P^{n-1} is proved a base-point-free injective immersion (module doc), False
    when it is proved not to be one, None when neither was decided (:data:`EXACT_DEGREE`).

    First three combinations sum_ij c_ij D_ij = phi(p)^T C phi(q) / det(p, q) (C antisymmetric with small random
    integers): they lie in the ideal of the D_ij, so when they have no common zero (the unit ideal in each chart)
    neither have the D_ij (the D_ij span a linear system on the surface P^1 x P^1, three general members of which
    meet nowhere when it has no base point: this succeeds for almost every choice). Failing that (a singular curve,
    or an unlucky choice), the D_ij themselves, when the map is small (:data:`EXACT_DEGREE`), which decides either
    way."""
    import random

    import sympy

    s, t = (sympy.Symbol(n) for n in names)
    u, v = sympy.Dummy("u"), sympy.Dummy("v")       # (the second point's coordinates: no clash with a parameter)
    other = [f.subs({s: u, t: v}, simultaneous=True) for f in fs]
    det = s * v - t * u
    charts = [({t: 1, v: 1}, (s, u)), ({t: 1, u: 1}, (s, v)), ({s: 1, v: 1}, (t, u)), ({s: 1, u: 1}, (t, v))]

    def quotient(expr):
        q, r = sympy.div(sympy.expand(expr), det, s, t, u, v)
        return q if r == 0 else None        # (phi(p)^T C phi(p) = 0 for C antisymmetric: always divisible)

    def empty(polys):
        return all(_unit_ideal([sympy.expand(q.subs(at)) for q in polys], xs) for at, xs in charts)

    rng, n = random.Random(_SEED), len(fs)
    combos = []
    for _ in range(3):
        C = [[0] * n for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                C[i][j] = rng.randrange(1, 100)
                C[j][i] = -C[i][j]
        combos.append(quotient(sum(fs[i] * sum(C[i][j] * other[j] for j in range(n)) for i in range(n))))
    if all(c is not None for c in combos) and empty(combos):
        return True
    if n > EXACT_OUTPUTS or max(sympy.Poly(f, s, t).total_degree() for f in fs) > EXACT_DEGREE:
        return None
    D = [quotient(fs[i] * other[j] - fs[j] * other[i]) for i in range(n) for j in range(i + 1, n)]
    return empty(D)


#: the largest maps (degree of the forms, number of them) whose injective immersion is decided from all the D_ij
#: when three combinations did not prove it (a node or a cusp: the Groebner bases then show the common zero)
EXACT_DEGREE = CURVE_DEGREE
EXACT_OUTPUTS = CURVE_OUTPUTS


def _transversal_to_isotropic_quadric(fs, names, e: int) -> bool:
    """Whether the form f_1^2 + ... + f_n^2 of degree 2e is nonzero and square-free on P^1 (module doc)."""
    import sympy

    s, t = (sympy.Symbol(n) for n in names)
    g = sympy.Poly(sympy.expand(sum(f * f for f in fs)).subs(t, 1), s, domain="QQ")
    if g.is_zero or g.degree() < 2 * e - 1:      # identically zero, or a multiple root at infinity (t = 0)
        return False
    return sympy.gcd(g, g.diff(s)).degree() == 0


def curve_formula(net, metric: str):
    """``(value, source)`` of the smooth-curve formula for the ED degree of the map ``net`` (module doc), ``(None,
    why)`` when ``net`` is a map of P^1 for which a hypothesis fails or is not proved, None when it is not one
    (a network, another map) or the metric is neither "generic" nor "frobenius".

    Examples
    --------
    >>> from algnet import parse_spec
    >>> curve_formula(parse_spec("map s^2; s*t; t^2"), "generic")[0]       # a plane conic: 3 * 2 - 2
    4
    >>> v, why = curve_formula(parse_spec("map s^2 - t^2; 2*s*t; s^2 + t^2"), "frobenius")
    >>> v, "isotropic quadric" in why       # a conic tangent to x^2 + y^2 + z^2 = 0: not claimed
    (None, True)
    """
    if metric not in ("generic", "frobenius"):
        return None
    got = _forms(net)
    if got is None:
        return None
    fs, e = got
    if len(fs) > CURVE_OUTPUTS or e > CURVE_DEGREE:
        return None, (f"{_SOURCE} not claimed: whether the image of this map of P^1 is smooth was not decided "
                      f"({len(fs)} forms of degree {e}; decided up to {CURVE_OUTPUTS} forms of degree "
                      f"{CURVE_DEGREE})")
    names = tuple(net.params)
    proved = _injective_immersion(fs, names)
    if proved is None:
        return None, (f"{_SOURCE} not claimed: whether the map is an injective immersion of P^1 (its image smooth) "
                      f"was not decided (three random combinations of the forms below met; all of them are examined "
                      f"up to {EXACT_OUTPUTS} forms of degree {EXACT_DEGREE})")
    if not proved:
        return None, (f"{_SOURCE} not claimed: the map is not an injective immersion of P^1 (exact: the forms "
                      f"(f_i(p) f_j(q) - f_j(p) f_i(q)) / det(p, q) have a common zero, a double point, a cusp or a "
                      f"base point), so its image is not proved smooth")
    where = ("for the generic metric (transversal to the curve: no condition)" if metric == "generic" else
             "for the Frobenius metric: the curve meets the isotropic quadric x_1^2 + ... + x_n^2 = 0 transversally "
             f"(the sum of the squares of the forms is square-free of degree {2 * e}, exact)")
    if metric == "frobenius" and not _transversal_to_isotropic_quadric(fs, names, e):
        return None, (f"{_SOURCE} not claimed for the Frobenius metric: the curve does not meet the isotropic "
                      f"quadric x_1^2 + ... + x_n^2 = 0 transversally (the sum of the squares of the forms has a "
                      f"multiple root or vanishes), where the ED degree can be smaller (metric='generic': claimed)")
    return 3 * e - 2, (f"{_SOURCE}: the map is an injective immersion of P^1 (exact: the forms "
                       f"(f_i(p) f_j(q) - f_j(p) f_i(q)) / det(p, q) have no common zero on P^1 x P^1, Groebner "
                       f"bases over QQ in each chart), so its image is a smooth rational curve "
                       f"(g = 0) of degree "
                       f"d = {e}: 3 * {e} - 2 = {3 * e - 2}, {where}")
