"""The Jacobian rank behind "cuts out M" is exact over QQ, and ``primes`` lists only primes the result used.

``map s + t; s + C*t; s*t`` with C - 1 the product of the three largest default primes: modulo each of them the
map is (s + t, s + t, s*t), whose image lies in the plane y0 = y1. Over QQ the image is the irreducible quadric
(by hand: y0 - y1 = (1 - C) t, so t and s are linear in y0, y1 and y2 = s*t is a quadric whose gradient has the
constant entry d/dy2 != 0), so the Jacobian of the equations has rank 1 = 3 - 2 at every point and M is cut out.
"""

from math import prod

import sympy as sp

from algnet import parse_spec
from algnet.analyses.implicit import implicitize
from algnet.core.primes import default_primes


def test_jacobian_rank_over_qq_when_the_first_primes_are_bad():
    bad = default_primes(3)
    C = prod(bad) + 1
    res = implicitize(parse_spec(f"map s + t; s + {C}*t; s*t"), max_degree=2, seed=0)
    (g,) = res.to_sympy()
    y0, y1, y2 = sp.symbols("y0 y1 y2")
    # second method: the quadric's y2-derivative is a nonzero constant, so its gradient never vanishes
    assert sp.diff(g, y2).is_number and sp.diff(g, y2) != 0
    # independent check that g is the equation of M: it vanishes on the parametrization
    s, t = sp.symbols("s t")
    assert sp.expand(g.subs({y0: s + t, y1: s + C * t, y2: s * t}, simultaneous=True)) == 0
    assert res.jacobian_rank == 1
    assert res.cuts_out is True
    assert "Not (yet) cut out" not in res.claims
    # modulo a prime dividing C - 1 the kernel is larger (y0 - y1); such a prime can still prove a graded piece
    # without equations (full rank modulo p is full rank over QQ), so it may be listed, but the equation is right
    assert res.primes
