"""Classical varieties given as maps: their ideals by hand (2x2 minors of Hankel and symmetric matrices, plane
monomial curves, a huge coefficient), compared with implicitize's as ideals (Groebner reduction both ways)."""

import pytest
import sympy

from algnet import parse_spec
from algnet.analyses.implicit import implicitize


def _minors2(rows):
    m = sympy.Matrix(rows)
    return [m.extract([0, 1], [i, j]).det() for i in range(m.cols) for j in range(i + 1, m.cols)]


def _sym_minors2(s):
    m = sympy.Matrix(s)
    out = []
    for r in [(0, 1), (0, 2), (1, 2)]:
        for c in [(0, 1), (0, 2), (1, 2)]:
            out.append(m.extract(list(r), list(c)).det())
    return [f for f in out if f != 0]


def _same_ideal(found, truth, gens):
    g1, g2 = sympy.groebner(found, *gens, order="grevlex"), sympy.groebner(truth, *gens, order="grevlex")
    return all(g2.reduce(f)[1] == 0 for f in found) and all(g1.reduce(f)[1] == 0 for f in truth)


CASES = {
    # rational normal quartic: the 2x2 minors of the 2x4 Hankel matrix
    "map s^4; s^3*t; s^2*t^2; s*t^3; t^4": (2, lambda y: _minors2([y[0:4], y[1:5]])),
    # Veronese surface: the 2x2 minors of the symmetric 3x3 matrix
    "map s^2; s*t; s*u; t^2; t*u; u^2": (2, lambda y: _sym_minors2([[y[0], y[1], y[2]], [y[1], y[3], y[4]],
                                                                     [y[2], y[4], y[5]]])),
    # plane monomial curves: one generator of degree 4, of degree 5
    "map t^3; t^4": (4, lambda y: [y[0] ** 4 - y[1] ** 3]),
    "map t^2; t^5": (5, lambda y: [y[1] ** 2 - y[0] ** 5]),
    # a 101-digit coefficient: y0 y2 = 10^100 (s t)^2
    "map " + "1" + "0" * 100 + "*s^2; s*t; t^2": (2, lambda y: [y[0] * y[2] - 10 ** 100 * y[1] ** 2]),
}


@pytest.mark.parametrize("spec", list(CASES))
def test_classical_ideal(spec):
    degree, truth = CASES[spec]
    res = implicitize(parse_spec(spec), max_degree=degree, seed=0, max_primes=40)
    ys = [sympy.Symbol(n) for n in res.coordinate_names]
    assert _same_ideal(res.to_sympy(), truth(ys), ys)
    assert res.cuts_out and res.complete_up_to_degree == degree
