"""A map whose coefficients vanish modulo the first prime: the grading and the Jacobian rank are not read off that
prime alone.

By hand: the image of (x, y) -> (c x^2, y, c x y) with c = 268435399 (the first default prime) is the surface
y2^2 = c y0 y1^2 (y2^2 = c^2 x^2 y^2 = c y0 y1^2), which is not a cone (the point (c, 1, c) is on it, (2c, 2, 2c) is
not). Modulo c the map is (0, y, 0), a line through 0: a cone. Before, the cone test ran at that prime alone, the
total degree was taken as the grading, and `implicitize` printed "No equations found ... complete up to degree 3".
"""

import sympy

from algnet import parse_spec
from algnet.analyses.implicit import implicitize
from algnet.core.primes import default_primes

C = 268435399


def test_the_equation_of_the_surface_is_found_and_cuts_it_out():
    # the default primes now skip c (it divides a coefficient); the primes given by hand still start with it
    res = implicitize(parse_spec(f"map {C}*x^2; y; {C}*x*y"), max_degree=3, seed=0, primes=default_primes(8))
    # the case this test is about: the first prime given divides c; modulo it the Jacobian has rank 1 < 2, so it
    # is skipped (and the claims say so)
    assert C not in res.primes and f"Skipped the primes {C}" in res.claims
    ys = [sympy.Symbol(n) for n in res.coordinate_names]
    found = res.to_sympy()
    truth = ys[2] ** 2 - C * ys[0] * ys[1] ** 2   # the hand equation
    assert len(found) == 1
    assert sympy.simplify(found[0] / truth).is_number    # the same equation up to a constant
    assert res.cuts_out                            # rank 1 = 3 - 2 over QQ (it is 0 modulo c)
    assert "total degree" not in res.grading      # not a cone: the total degree is no grading of it
