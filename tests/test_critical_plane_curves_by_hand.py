"""Critical points and ED degrees of plane curves given by polynomial maps, by hand.

For a curve t -> (p_1(t), p_2(t)) and the Frobenius loss l(c) = |c - u|^2, L(t) = l(p(t)) and the critical
points are the roots of L'(t) = 2 sum_i (p_i(t) - u_i) p_i'(t); the second derivative at a real root gives its type.
A root where p'(t) = 0 is a rank drop (spurious); any other root is pure (d mu has full rank 1 there).
"""

import pytest

import algnet
from algnet.analyses.critical import critical_points, ed_degree


@pytest.mark.parametrize("polys, want", [(["t", "t^2"], 3), (["t", "t^3"], 5), (["t^2", "t^4"], 3),
                                         (["t^2+t", "t^3-1"], 5)])
@pytest.mark.parametrize("metric", ["frobenius", "generic"])
def test_ed_degree_of_plane_curves(polys, want, metric):
    """Parabola: L' = 2t + 4t(t^2 - u_2) - 2u_1 has degree 3; (t, t^3): degree 5; (t^2, t^4) is the half parabola
    reached twice (t and -t), ED degree 3 of its closure; (t^2 + t, t^3 - 1): degree 2 * 3 - 1 = 5 for any positive
    definite Q (the leading coefficient 3 Q_22 of t^5 does not vanish), and the parametrization is birational."""
    assert ed_degree(algnet.parametrization(polys), metric=metric, seed=0).ed_degree == want


def test_cusp_at_a_special_target():
    """(t^2, t^3), u = (1, 0): L'(t) = 2t(3t^4 + 2t^2 - 2); t = 0 is a rank drop (spurious, the cusp) and
    t^2 = (-1 +- sqrt 7)/3 gives 4 pure points with 4 distinct images, 2 of them real (t = +-0.7407, both minima
    with the same loss) and 2 complex; L(t) = 1 - 2t^2 + O(t^4) makes t = 0 a maximum."""
    r = critical_points(algnet.parametrization(["t^2", "t^3"]), loss="frobenius", target=[1, 0], seed=0)
    assert not r.partial
    assert (r.critical_points, r.function_space_points, r.pure, r.spurious) == (5, 5, 4, 1)
    assert (r.real, r.minima, r.maxima, r.saddles) == (3, 2, 1, 0)


@pytest.mark.parametrize("target, real, minima, maxima", [([0, 1], 3, 2, 1), ([0, -1], 1, 1, 0)])
def test_parabola_origin_is_pure_and_counted_once(target, real, minima, maxima):
    """(t, t^2), u = (0, 1): L'(t) = 2t(2t^2 - 1): t = 0 and t = +-1/sqrt 2, all pure (p'(t) = (1, 2t) != 0); the
    two outer ones are minima (L'' = 12t^2 - 2 = 4 > 0), t = 0 a maximum (L''(0) = -2). u = (0, -1): L'(t) =
    2t(2t^2 + 3): t = 0 (a minimum, L''(0) = 6) and t = +-i sqrt(3/2) (complex). No spurious point in either case.
    (algnet used to add theta = 0 once more from the spurious search, as "spurious" with rank 1 = dim M.)"""
    r = critical_points(algnet.parametrization(["t", "t^2"]), loss="frobenius", target=target, seed=0)
    assert (r.critical_points, r.function_space_points, r.pure, r.spurious) == (3, 3, 3, 0)
    assert (r.real, r.minima, r.maxima) == (real, minima, maxima)


def _groebner_critical_points(polys, target):
    """(number of complex critical points, sorted types of the real ones) of |p(u, v) - target|^2, from a
    lexicographic Groebner basis of its gradient (sympy): the roots of the last polynomial in u, each completed by
    the common roots in v, the type from the eigenvalues of the Hessian."""
    import numpy as np
    import sympy as sp

    u, v = sp.symbols("u v")
    L = sp.expand(sum((sp.sympify(p, locals={"u": u, "v": v}) - t) ** 2 for p, t in zip(polys, target)))
    g = [sp.expand(sp.diff(L, u)), sp.expand(sp.diff(L, v))]
    G = list(sp.groebner(g, v, u, order="lex"))
    last = next(p for p in G if p.free_symbols <= {u})
    q = next(p for p in G if p != last and sp.Poly(p, v).degree() >= 1)
    H, count, kinds = sp.hessian(L, (u, v)), 0, []
    for r in sp.Poly(last, u).nroots(n=30):
        for w in sp.Poly(q.subs(u, r), v).nroots(n=30):
            if all(abs(complex(pp.subs({u: r, v: w}))) < 1e-12 for pp in g):
                count += 1
                if abs(complex(r).imag) < 1e-12 and abs(complex(w).imag) < 1e-12:
                    e = np.linalg.eigvalsh(np.array(H.subs({u: sp.re(r), v: sp.re(w)}).evalf(), dtype=float))
                    kinds.append("minimum" if all(e > 0) else "maximum" if all(e < 0) else "saddle")
    return count, sorted(kinds)


@pytest.mark.parametrize("polys", [["u*v", "v", "u^2"], ["1 + u", "u*v", "v^2"]], ids=["umbrella", "translate"])
def test_surface_critical_points_against_groebner(polys):
    """Whitney umbrella and a translated cone, Frobenius loss at u = (3/10, -6/5, 7/10): both injective with full
    rank off a curve that meets no critical point, so every critical point is pure; 7 complex, and the real ones
    with their types, against a lexicographic Groebner basis of the gradient (1 minimum; 2 minima and a saddle)."""
    from fractions import Fraction

    target = [Fraction(3, 10), Fraction(-6, 5), Fraction(7, 10)]
    count, kinds = _groebner_critical_points(polys, target)
    r = critical_points(algnet.parametrization(polys, params=["u", "v"]), loss="frobenius",
                        target=[float(t) for t in target], seed=0)
    assert not r.partial and (r.critical_points, r.pure, r.spurious) == (count, count, 0)
    assert r.real == len(kinds)
    assert sorted(["minimum"] * r.minima + ["saddle"] * r.saddles + ["maximum"] * r.maxima) == kinds
