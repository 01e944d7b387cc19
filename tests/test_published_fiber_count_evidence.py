"""A fiber count is exact over mu(theta_0) for one random theta_0; that theta_0 is generic is not proved, so the
claim about the generic fiber is not certified (as the modular count's is not).

Hand truth for ``dense 2-2-2 r=2``: f_j = c_j1 l_1^2 + c_j2 l_2^2; the pencil spanned by two generic binary quadrics
holds exactly two squares (its degenerate members, the roots of a quadratic det), so modulo the rescalings the
fiber is the 2 orders of (l_1, l_2). At a special point the count changes: for l_1 = l_2 the outputs are multiples of
one square and the fiber is not even finite."""

import sympy as sp

from algnet import parse_spec
from algnet.analyses.fibers import identifiability


def test_the_groebner_count_is_exact_at_theta0_but_not_certified_generic():
    r = identifiability(parse_spec("dense 2-2-2 r=2"), seed=0)
    assert r.fiber_count == 2 and r.count_status == "exact" and r.count_certified
    assert r.only_known_symmetries is True
    assert not r.evidence.certified and r.evidence.depends_on and r.evidence.depends_on[0].certified
    assert "over mu(theta_0)" in r.evidence.proves and "not proved" in r.evidence.proves
    assert "over mu(theta_0), a random point" in r.reason


def test_the_hand_count_of_squares_in_a_pencil():
    s, t, x, y = sp.symbols("s t x y")
    f1, f2 = 2 * x**2 + 3 * x * y - y**2, x**2 - 5 * x * y + 4 * y**2     # two binary quadrics
    q = s * f1 + t * f2
    disc = sp.expand(sp.Poly(q, x, y).coeff_monomial(x * y) ** 2
                     - 4 * sp.Poly(q, x, y).coeff_monomial(x**2) * sp.Poly(q, x, y).coeff_monomial(y**2))
    roots = sp.solve(disc.subs(t, 1), s)         # the squares of the pencil, up to scale
    assert len(roots) == 2 and len(set(roots)) == 2
    # a special point: both neurons equal, f = (c_1 + c_2) l^2 in both outputs: a positive-dimensional fiber
    net = parse_spec("dense 2-2-2 r=2")
    special = [1, 2, 1, 2, 1, 1, 1, 1]
    other = [1, 2, 1, 2, 3, -1, 2, 0]            # W2 changed along (c, -c): same outputs
    X = [[1, 0], [0, 1], [1, 1], [2, -1]]
    assert net.evaluate(special, X).tolist() == net.evaluate(other, X).tolist()
