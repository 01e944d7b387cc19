"""``conv k=2,3,2 s=2,2,1 r=1``: algnet's "w2 has a factor in x^4" double-point stratum checked by hand.

The chain computes f = w1(x) w2(x^2) w3(x^4). At algnet's sample point of the stratum w2 = (b0, 0, b2) is
b0 + b2 y^2, a polynomial in z = x^4, so (w1, (c0, 0, c1), (b0, b2)) with w3 = (c0, c1) is a second preimage. The
Jacobians of the coefficients of f (by sympy, not algnet) at both preimages have rank 5 = dim M and together span 6
dimensions: the Zariski tangent space of the closure there is at least 6-dimensional, a singular point.
(Macaulay2's singular locus of this network did not finish in 25 minutes.)
"""

import sympy as sp

from algnet import parse_spec
from algnet.analyses.singular import strata

x = sp.Symbol("x")
P = sp.symbols("a0:2") + sp.symbols("b0:3") + sp.symbols("c0:2")
F = (P[0] + P[1] * x) * (P[2] + P[3] * x ** 2 + P[4] * x ** 4) * (P[5] + P[6] * x ** 4)
COEFFS = sp.Poly(sp.expand(F), x).all_coeffs()[::-1]
JAC = sp.Matrix(COEFFS).jacobian(P)


def _at(theta):
    sub = dict(zip(P, theta))
    return [sp.expand(c.subs(sub)) for c in COEFFS], JAC.subs(sub)


def test_factor_in_x4_is_a_double_point():
    res = strata(parse_spec("conv k=2,3,2 s=2,2,1 r=1"), depth=1, seed=0)
    (row,) = [s for s in res.strata if s.name.startswith("w2 has a factor in x^4")]
    assert row.status == "singular" and row.certified and row.nodal
    theta = [int(v) for v in row.point]
    a0, a1, b0, b1, b2, c0, c1 = theta
    assert b1 == 0 and b0 * b2 != 0 and c0 * c1 != 0      # w2 = b0 + b2 y^2: a factor in z = y^2 = x^4
    other = [a0, a1, c0, 0, c1, b0, b2]                   # the factors of w2 and w3 exchanged
    f1, J1 = _at(theta)
    f2, J2 = _at(other)
    assert f1 == f2
    generic = JAC.subs(dict(zip(P, [2, -3, 5, 7, -1, 4, 3]))).rank()
    assert generic == 5 == res.dimension
    assert J1.rank() == J2.rank() == 5
    assert J1.row_join(J2).rank() == 6
