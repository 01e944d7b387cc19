"""Implicitization when the first primes are bad for the map (c = 1 modulo both: c = p q + 1).

Modulo p and q the map (s + t, s + c t, ...) is (s + t, s + t, ...): its image there lies in the plane y0 = y1
and has a larger torus. Over QQ, with u = s + t, v = s + c t: s = (c u - v)/(c - 1), t = (v - u)/(c - 1), so
(by hand) s t = (c u - v)(v - u)/(c - 1)^2 and t^2 = (v - u)^2/(c - 1)^2. Before, the linear equation y0 - y1
found at p and q was lifted, failed the exact check, and was tried again at the same primes until
ReconstructionError; once past it, the torus found at p and q (not a torus of M) split the quadric apart and
"no equations, complete up to degree 3" was claimed.
"""

import sympy

from algnet import parse_spec
from algnet.analyses.implicit import implicitize
from algnet.core.primes import default_primes

P, Q = default_primes(2)
C = P * Q + 1


def _same_ideal(found, truth, gens):
    """Each generator of one ideal reduces to 0 modulo a Groebner basis of the other, both ways."""
    g1, g2 = sympy.groebner(found, *gens, order="grevlex"), sympy.groebner(truth, *gens, order="grevlex")
    return all(g2.reduce(f)[1] == 0 for f in found) and all(g1.reduce(f)[1] == 0 for f in truth)


def test_quadric_surface_when_the_first_two_primes_see_a_plane():
    res = implicitize(parse_spec(f"map s + t; s + {C}*t; s*t"), max_degree=3, seed=0)
    y0, y1, y2 = (sympy.Symbol(n) for n in res.coordinate_names)
    truth = (C * y0 - y1) * (y1 - y0) - (C - 1) ** 2 * y2       # (c - 1)^2 s t = (c u - v)(v - u)
    assert len(res.generators) == 1
    assert sympy.expand(res.to_sympy()[0] + truth) == 0 or sympy.expand(res.to_sympy()[0] - truth) == 0
    assert res.cuts_out and res.new_per_degree[1] == 0
    assert "failed its check over QQ" in res.claims            # the torus of the bad primes was caught


def test_graph_of_two_quadrics_when_the_first_two_primes_are_bad():
    res = implicitize(parse_spec(f"map s + t; s + {C}*t; s*t; t^2"), max_degree=3, seed=0)
    ys = [sympy.Symbol(n) for n in res.coordinate_names]
    y0, y1, y2, y3 = ys
    truth = [(C * y0 - y1) * (y1 - y0) - (C - 1) ** 2 * y2, (y1 - y0) ** 2 - (C - 1) ** 2 * y3]
    assert _same_ideal(res.to_sympy(), truth, ys)
    assert res.new_per_degree[1] == 0 and res.cuts_out


def test_a_coefficient_one_modulo_the_first_two_primes_is_reconstructed_from_others():
    # the kernel has the right size at every prime, but c is 1 modulo p and q: the equation lifted from them has
    # coefficient 1 (reconstructed at p, confirmed at q) and fails the exact check; before, the same primes were
    # tried again until ReconstructionError. Truth by hand: y2 = y0^2 + y1^2 + c y0 y1 (y0 = s, y1 = t).
    res = implicitize(parse_spec(f"map s; t; s^2 + t^2 + {C}*s*t"), max_degree=3, seed=0)
    y0, y1, y2 = (sympy.Symbol(n) for n in res.coordinate_names)
    truth = y0 ** 2 + y1 ** 2 + C * y0 * y1 - y2
    assert len(res.to_sympy()) == 1 and sympy.expand(res.to_sympy()[0] - truth) == 0


def test_a_cubic_with_coefficients_polynomial_in_c():
    # by hand: y3^2 = (s^3 + c t^3)^2 = y0^3 + 2 c y2^3 + c^2 y1^3 and y0 y1 = y2^2 (y0 = s^2, y1 = t^2, y2 = s t)
    res = implicitize(parse_spec(f"map s^2; t^2; s*t; s^3 + {C}*t^3"), max_degree=3, seed=0)
    ys = [sympy.Symbol(n) for n in res.coordinate_names]
    y0, y1, y2, y3 = ys
    truth = [y0 * y1 - y2 ** 2, y0 ** 3 + 2 * C * y2 ** 3 + C ** 2 * y1 ** 3 - y3 ** 2]
    assert _same_ideal(res.to_sympy(), truth, ys)
    assert res.generator_degrees == (2, 3)
