"""The ED degree of a smooth surface given by a map of P^2, as a second method for :func:`~.ed.ed_degree`.

A polynomial map (``map f_1; ...; f_n``) in three parameters (x, y, z) whose polynomials are forms of one degree
d >= 1 parametrizes the affine cone over the surface X = phi(P^2) in P^{n-1}, phi = (f_1 : ... : f_n); the ED degree
of the cone is that of X. When phi is an embedding (an injective immersion without base points), X is isomorphic to
P^2 with hyperplane class h = d H and total Chern class c(X) = (1 + H)^3, so that deg c_0 = d^2, deg c_1 = 3d,
deg c_2 = 3, and the Chern-class formula (Draisma, Horobet, Ottaviani, Sturmfels, Thomas, *The Euclidean distance
degree of an algebraic variety*, FoCM 2016, Thm. 5.8) gives

    sum_{i=0}^{2} (-1)^i (2^{3-i} - 1) deg c_i(X) = 7 d^2 - 9 d + 3

(the Veronese surface, d = 2: 13; computed here in the Chow ring of P^2, :func:`~.chern.segre_veronese_ged`) for
the generic metric, and for the standard (Frobenius) one when X meets the isotropic quadric
Q = {x_1^2 + ... + x_n^2 = 0} transversally (Q cap X a smooth curve; Aluffi-Harris 2018, Sec. 1). Each hypothesis
is PROVED by exact computation over QQ, or no value is claimed:

* phi is an embedding: when the forms span all forms of degree d (exact rank), phi is the Veronese embedding v_d
  followed by an injective linear map, an embedding. Otherwise, Groebner bases over QQ (sympy) show that

  - the forms have no common zero on P^2 (no base point),
  - the 3 x 3 minors of the n x 3 Jacobian matrix have no common zero on P^2 (with Euler's relation: the
    differential of phi is injective at every point, an immersion),
  - no two distinct points p, q have proportional images: the 2 x 2 minors f_i(p) f_j(q) - f_j(p) f_i(q) are
    divided by t where q = p + t w runs along the line through p in the direction w (so that p = q is excluded),
    in affine pieces that cover every pair; the quotients have no common zero.

  Each test is a reduced Groebner basis {1} of all the generators in each piece, so each decides either way.
* metric "frobenius": the curve {f_1^2 + ... + f_n^2 = 0} of P^2 (Q cap X, pulled back by the isomorphism phi) is
  smooth: the three partial derivatives of the sum of squares have no common zero (Groebner bases over QQ).
* metric "generic": a random positive-definite metric is transversal to X (DHOST 2016, Thm. 5.8); no condition.

A map with a base point, a double point or a pinch point, or a Frobenius metric tangent to X, gets no value: its ED
degree can differ (the Veronese surface in the coordinates (x^2, y^2, z^2, xy, xy, xz, xz, yz, yz), whose sum of
squares is (x^2 + y^2 + z^2)^2, has Frobenius ED degree 3, the eigenvectors of a symmetric 3 x 3 matrix, not 13).
Maps of more than :data:`SURFACE_OUTPUTS` forms or of degree above :data:`SURFACE_DEGREE` are not examined unless
the forms span all forms of their degree; the Frobenius metric's transversality up to degree
:data:`FROBENIUS_DEGREE`.

A map of four parameters by forms of one bidegree (a, b) in two pairs of them (``map s*u; s*v; t*u; t*v``) is the
cone over the image of P^1 x P^1 (:func:`product_formula`): the formula of P^1 x P^1 embedded by O(a, b),
14ab - 6(a + b) + 4, is claimed when the forms span all forms of that bidegree (the Segre-Veronese embedding followed
by an injective linear map; exact rank), for the Frobenius metric when the curve where the sum of their squares
vanishes is smooth (exact); other maps of P^1 x P^1 are not decided.

Examples
--------
>>> from algnet import parse_spec
>>> surface_formula(parse_spec("map x^2; y^2; z^2; x*y; x*z; y*z"), "generic")[0]       # the Veronese surface
13
>>> surface_formula(parse_spec("map x^2; y^2; z^2"), "generic")[0] is None              # a 4 : 1 cover of P^2
True
"""

from __future__ import annotations

import math
from fractions import Fraction

__all__ = ["surface_formula", "product_formula", "SURFACE_DEGREE", "SURFACE_OUTPUTS", "FROBENIUS_DEGREE"]

#: Largest degree d of the forms, and number n of them, for which an embedding that is not the whole Veronese is
#: decided by Groebner bases (sympy over QQ; measured: 5 or 6 quadrics 1.5-2.5 CPU s, 6 random cubics unfinished
#: after 5 minutes; the whole Veronese needs none)
SURFACE_DEGREE = 2
SURFACE_OUTPUTS = 6
#: Largest degree d for which the Frobenius metric's transversality is decided (Groebner bases of three forms of
#: degree 2d - 1 in two variables: 0.07-0.2 CPU s for the monomials of degree 2-6)
FROBENIUS_DEGREE = 6

_SOURCE = "Chern-class formula for a smooth surface, sum_i (-1)^i (2^(3-i) - 1) deg c_i(X) (DHOST 2016, Thm. 5.8)"


def _unit_ideal(polys, xs) -> bool:
    """Whether the polynomials (sympy, over QQ) have no common zero in C^len(xs): a reduced Groebner basis {1}; with
    no variable, whether one of them is a nonzero constant."""
    import sympy

    polys = [sympy.expand(p) for p in polys]
    polys = [p for p in polys if p != 0]
    if not polys:
        return False
    if any(p.is_number for p in polys):
        return True
    if not xs:
        return False
    G = sympy.groebner(polys, *xs, order="grevlex", domain="QQ")
    return any(g.is_number and g != 0 for g in G.exprs)


def _empty(polys, xs) -> bool:
    """Whether the polynomials are proved to have no common zero in C^len(xs) (all of them: random combinations of
    fewer took minutes where the 10 minors of 5 quadrics took 0.2 s)."""
    return _unit_ideal(polys, xs)


def _points(v):
    """Affine pieces covering P^2: (point, its variables)."""
    a, b = v
    return [((1, a, b), (a, b)), ((0, 1, b), (b,)), ((0, 0, 1), ())]


def _spans_all_forms(net, d) -> bool:
    """Whether the forms span the space of all ternary forms of degree d (exact rank over QQ)."""
    from algnet.core.linalg import rank_qq

    monos = sorted({k for t in net.terms for k in t})
    if len(monos) < math.comb(d + 2, 2) or len(net.terms) < len(monos):
        return False
    return rank_qq([[Fraction(t.get(k, 0)) for k in monos] for t in net.terms]) == len(monos)


def _no_base_point_immersion(fs, X):
    """None when phi has no base point and is an immersion (exact), else which of the two fails."""
    import sympy

    J = sympy.Matrix([[sympy.diff(f, x) for x in X] for f in fs])
    minors = [J.extract(list(rows), [0, 1, 2]).det() for rows in _triples(len(fs))]
    a, b = sympy.symbols("a b", cls=sympy.Dummy)
    for point, xs in _points((a, b)):
        if not _empty([f.subs(dict(zip(X, point)), simultaneous=True) for f in fs], xs):
            return "the map has a base point (exact: the forms have a common zero on P^2)"
    for point, xs in _points((a, b)):
        if not _empty([m.subs(dict(zip(X, point)), simultaneous=True) for m in minors], xs):
            return ("the map is not an immersion (exact: the 3 x 3 minors of its Jacobian matrix have a common zero "
                    "on P^2)")
    return None


def _triples(n):
    import itertools

    return itertools.combinations(range(n), 3)


def _injective(fs, X) -> bool:
    """No two distinct points of P^2 have proportional images (module doc): pieces (p, q) with p in a chart, q = p + t w
    (w a normalized direction, the quotient by t) or q in a lower chart."""
    import sympy

    a, b, c, t = sympy.symbols("a b c t", cls=sympy.Dummy)

    def at(point):
        return [f.subs(dict(zip(X, point)), simultaneous=True) for f in fs]

    def minors(P, Q, divide):
        out = []
        for i in range(len(fs)):
            for j in range(i + 1, len(fs)):
                m = sympy.expand(P[i] * Q[j] - P[j] * Q[i])
                if divide:
                    m, r = sympy.div(m, t, *([t] + sorted(m.free_symbols - {t}, key=str)))
                    if r != 0:
                        return None
                out.append(m)
        return out

    pieces = [  # (p, q, divide by t, variables): p and q in the chart x = 1, q on x = 0, both on x = 0
        ((1, a, b), (1, a + t, b + t * c), True, (a, b, c, t)),
        ((1, a, b), (1, a, b + t), True, (a, b, t)),
        ((1, a, b), (0, 1, c), False, (a, b, c)),
        ((1, a, b), (0, 0, 1), False, (a, b)),
        ((0, 1, b), (0, 1, b + t), True, (b, t)),
        ((0, 1, b), (0, 0, 1), False, (b,)),
    ]
    for p, q, divide, xs in pieces:
        got = minors(at(p), at(q), divide)
        if got is None or not _empty(got, xs):
            return False
    return True


def _transversal_to_isotropic_quadric(fs, X) -> bool:
    """Whether the curve {f_1^2 + ... + f_n^2 = 0} of P^2 is smooth (its partial derivatives have no common zero)."""
    import sympy

    F = sympy.expand(sum(f * f for f in fs))
    if F == 0:
        return False
    grad = [sympy.diff(F, x) for x in X]
    a, b = sympy.symbols("a b", cls=sympy.Dummy)
    for point, xs in _points((a, b)):
        at = dict(zip(X, point))
        if not _unit_ideal([g.subs(at, simultaneous=True) for g in grad], xs):
            return False
    return True


def _embedding(net, fs, X, d):
    """(True, how) when phi is proved an embedding, (False, why) when a check failed, (None, why) when not examined."""
    if _spans_all_forms(net, d):
        return True, (f"the forms span all {math.comb(d + 2, 2)} forms of degree {d} (exact rank): phi is the "
                      f"Veronese embedding v_{d} followed by an injective linear map")
    if len(fs) < 3:
        return False, "fewer than 3 forms: the image is not a surface"
    if d > SURFACE_DEGREE or len(fs) > SURFACE_OUTPUTS:
        return None, (f"whether the map is an embedding was not decided ({len(fs)} forms of degree {d}, not all "
                      f"forms of degree {d}; decided up to {SURFACE_OUTPUTS} forms of degree {SURFACE_DEGREE})")
    failed = _no_base_point_immersion(fs, X)
    if failed:
        return False, failed
    if not _injective(fs, X):
        return False, "the map is not injective (exact: two points of P^2 have proportional images)"
    return True, ("exact, Groebner bases over QQ: no base point, the 3 x 3 minors of the Jacobian have no common "
                  "zero (an immersion), and no two points of P^2 have proportional images (injective)")


def surface_formula(net, metric: str):
    """``(value, source)`` of the Chern-class formula for the map ``net`` of P^2 (module doc), ``(None, why)`` when a
    hypothesis fails or is not proved, None when ``net`` is not a map of P^2 by forms of one degree or the metric is
    neither "generic" nor "frobenius".

    Examples
    --------
    >>> from algnet import parse_spec
    >>> surface_formula(parse_spec("map x^3; y^3; z^3; x^2*y; x^2*z; y^2*x; y^2*z; z^2*x; z^2*y; x*y*z"),
    ...                 "generic")[0]                                  # v_3(P^2): 7 * 9 - 9 * 3 + 3
    39
    >>> v, why = surface_formula(parse_spec("map x^2; y^2; z^2; x*y; x*y; x*z; x*z; y*z; y*z"), "frobenius")
    >>> v, "isotropic quadric" in why
    (None, True)
    """
    import sympy

    from algnet.analyses.critical.chern import segre_veronese_ged
    from algnet.analyses.critical.curve_ed import form_degree

    if metric not in ("generic", "frobenius"):
        return None
    d = form_degree(net, 3)
    if d is None:
        return None
    fs = net.sympy_polynomials()
    X = [sympy.Symbol(v) for v in net.params]
    proved, how = _embedding(net, fs, X, d)
    if not proved:
        return None, f"{_SOURCE} not claimed: {how}, so its image is not proved a smooth surface isomorphic to P^2"
    if metric == "frobenius" and d > FROBENIUS_DEGREE:
        return None, (f"{_SOURCE} not claimed for the Frobenius metric: whether the surface meets the isotropic "
                      f"quadric transversally was not decided for forms of degree {d} (decided up to "
                      f"{FROBENIUS_DEGREE}; metric='generic': claimed)")
    if metric == "frobenius" and not _transversal_to_isotropic_quadric(fs, X):
        return None, (f"{_SOURCE} not claimed for the Frobenius metric: the surface does not meet the isotropic "
                      f"quadric x_1^2 + ... + x_n^2 = 0 transversally (the curve where the sum of the squares of the "
                      f"forms vanishes is singular), where the ED degree can differ (metric='generic': claimed)")
    value = segre_veronese_ged([2], [d])
    where = ("for the generic metric (transversal to the surface: no condition)" if metric == "generic" else
             "for the Frobenius metric: the surface meets the isotropic quadric transversally (the curve where the "
             "sum of the squares of the forms vanishes is smooth, exact)")
    return value, (f"{_SOURCE}: the map of P^2 by forms of degree d = {d} is an embedding ({how}), so its image is "
                   f"P^2 with c(X) = (1 + H)^3 and h = {d} H: 7 d^2 - 9 d + 3 = {value}, {where}")


def _spans_all_biforms(net, a, b) -> bool:
    """Whether the forms span all (a + 1)(b + 1) forms of bidegree (a, b) (exact rank over QQ)."""
    from algnet.core.linalg import rank_qq

    monos = sorted({k for t in net.terms for k in t})
    if len(monos) < (a + 1) * (b + 1) or len(net.terms) < len(monos):
        return False
    return rank_qq([[Fraction(t.get(k, 0)) for k in monos] for t in net.terms]) == len(monos)


def _product_curve_smooth(fs, P) -> bool:
    """Whether the curve {f_1^2 + ... + f_n^2 = 0} of P^1 x P^1 (coordinates P = (s, t, u, v)) is smooth: the four
    partial derivatives have no common zero in the four charts (Euler's relation in each factor puts the sum in their
    ideal)."""
    import sympy

    F = sympy.expand(sum(f * f for f in fs))
    if F == 0:
        return False
    grad = [sympy.diff(F, x) for x in P]
    g, h = sympy.symbols("g h", cls=sympy.Dummy)
    for left, lx in (((1, g), (g,)), ((0, 1), ())):
        for right, rx in (((1, h), (h,)), ((0, 1), ())):
            at = dict(zip(P, left + right))
            if not _unit_ideal([q.subs(at, simultaneous=True) for q in grad], lx + rx):
                return False
    return True


def product_formula(net, metric: str):
    """``(value, source)`` of the Chern-class formula for a map of P^1 x P^1 by forms of bidegree (a, b) that span all
    such forms (then the map is the Segre-Veronese embedding by O(a, b) followed by an injective linear map, an
    embedding; exact rank), for the Frobenius metric when the curve where the sum of the squares of the forms
    vanishes is smooth (transversal to the isotropic quadric, exact); ``(None, why)`` otherwise (other maps of
    P^1 x P^1 are not decided); None when ``net`` is not such a map or the metric is neither "generic" nor
    "frobenius". The value: :func:`~.chern.segre_veronese_ged` of P^1 x P^1 by O(a, b), 14ab - 6(a + b) + 4.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> product_formula(parse_spec("map s*u; s*v; t*u; t*v params=s,t,u,v"), "generic")[0]      # P^1 x P^1: 6
    6
    >>> v, why = product_formula(parse_spec("map s*u; s*v; t*u; t*v params=s,t,u,v"), "frobenius")
    >>> v, "isotropic quadric" in why         # 2 x 2 matrices of rank 1: Eckart-Young's 2, not 6
    (None, True)
    """
    import sympy

    from algnet.analyses.critical.chern import segre_veronese_ged
    from algnet.analyses.critical.curve_ed import product_degrees

    if metric not in ("generic", "frobenius"):
        return None
    got = product_degrees(net)
    if got is None:
        return None
    first, second, a, b = got
    src = (f"Chern-class formula for P^1 x P^1 embedded by O({a}, {b}) (DHOST 2016, Thm. 5.8; parameters "
           f"({', '.join(net.params[i] for i in first)}) and ({', '.join(net.params[i] for i in second)}))")
    if not _spans_all_biforms(net, a, b):
        return None, (f"{src} not claimed: whether the map is an embedding was not decided (it is decided when the "
                      f"forms span all {(a + 1) * (b + 1)} forms of bidegree ({a}, {b}))")
    fs = net.sympy_polynomials()
    P = [sympy.Symbol(net.params[i]) for i in first + second]
    if metric == "frobenius" and (max(a, b) > FROBENIUS_DEGREE or not _product_curve_smooth(fs, P)):
        return None, (f"{src} not claimed for the Frobenius metric: the surface is not proved to meet the isotropic "
                      f"quadric x_1^2 + ... + x_n^2 = 0 transversally (the curve where the sum of the squares of the "
                      f"forms vanishes is singular, or of bidegree above {2 * FROBENIUS_DEGREE}), where the ED degree "
                      f"can differ (metric='generic': claimed)")
    value = segre_veronese_ged([1, 1], [a, b])
    where = ("for the generic metric (transversal to the surface: no condition)" if metric == "generic" else
             "for the Frobenius metric: the curve where the sum of the squares of the forms vanishes is smooth "
             "(exact), so the surface meets the isotropic quadric transversally")
    return value, (f"{src}: the forms span all {(a + 1) * (b + 1)} forms of bidegree ({a}, {b}) (exact rank), so the "
                   f"map is the Segre-Veronese embedding followed by an injective linear map: {value}, {where}")
