"""The nodes of the rational plane quintic t -> (t^3 - t, t^5 + 2 t^2), with coordinates in nested radicals.

By hand: a plane quintic has arithmetic genus (5 - 1)(5 - 2)/2 = 6; the curve is rational, so its delta invariants
add up to 6. Its one point at infinity, (0 : 1 : 0), is reached by one branch, (s^2, s^5) in the chart y = 1
(t = 1/s), a (2, 5) cusp of delta (2 - 1)(5 - 1)/2 = 2. The affine curve has no rank drop (3 t^2 - 1 and
5 t^4 + 4 t never vanish together), so its singular points are double points of delta >= 1 adding up to 4:
exactly four affine singular points. Independently, each is a zero of F, F_x, F_y for the resultant
F = Res_t(t^3 - t - x, t^5 + 2 t^2 - y).

Two of the four were listed twice (the same point written with other radicals) and one was 'undecided'
(simplify did not reduce an implicit equation at it, sqrt(22 - 66 sqrt(5)) sqrt(110 - 330 sqrt(5)) terms, to 0);
zeros are now decided by minimal polynomials and points compared to 40 digits."""

import pytest
import sympy

from algnet.analyses.singular.algebraic import is_zero, minors_vanish, same_point

POLYS = ["t^3 - t", "t^5 + 2*t^2"]


def test_a_zero_in_nested_radicals_is_zero():
    a = sympy.sqrt(22 - 66 * sympy.sqrt(5))
    b = sympy.sqrt(110 - 330 * sympy.sqrt(5))
    z = a * b - sympy.sqrt(5) * (22 - 66 * sympy.sqrt(5))       # a^2 < 0: a b = i|a| i sqrt(5)|a| = sqrt(5) a^2
    assert is_zero(z) and not is_zero(z + sympy.Rational(1, 10**40))
    assert minors_vanish(sympy.Matrix([[z, 0], [1, z]]), 1) is False
    assert minors_vanish(sympy.Matrix([[z, z * a]]), 1)
    assert same_point([a * b], [sympy.sqrt(5) * (22 - 66 * sympy.sqrt(5))])


@pytest.mark.slow
def test_the_quintic_has_four_nodes():
    from algnet.analyses.singular import map_singular_points
    from algnet.architectures.polymap import parametrization

    res = map_singular_points(parametrization(POLYS), seed=0)
    assert res.complete and len(res.candidates) == 4
    assert all(c.status == "singular" and c.certified for c in res.candidates)
    t, x, y = sympy.symbols("t x y")
    F = sympy.resultant(t**3 - t - x, t**5 + 2 * t**2 - y, t)
    points = [[complex(sympy.N(sympy.sympify(v), 40)) for v in c.point] for c in res.candidates]
    for px, py in points:
        for G in (F, F.diff(x), F.diff(y)):
            assert abs(complex(G.subs({x: px, y: py}))) < 1e-6
    assert len({(round(p.real, 6), round(p.imag, 6), round(q.real, 6), round(q.imag, 6)) for p, q in points}) == 4
