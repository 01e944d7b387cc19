"""A biased block ending in a square at the network's end, h + (W h + c)^2 with h = A x + b: the square's cross
term 2 c * (W h) is linear in x, so shifting c is traded against A and b as when a layer reads the block (tests/
test_residual_square_cross_term.py); no later layer is needed. Against Macaulay2 on the coefficient map written
by hand: the Jacobian's rank (12 - 10 = 2 fiber dimensions, the two shifts) and the gauge-fixed fiber (A's first
column pinned: 4 points, the signs of the two squares' inputs, W's row and c's entry negated)."""

from fractions import Fraction

import numpy as np

from algnet import parse_spec
from algnet.analyses.dimension import dimension
from algnet.core.backends import Exact
from m2_helpers import m2_values, needs_m2

SPEC = "layers Linear(2, 2, bias=True), Residual([Linear(2, 2, bias=True), Power(2)])"
TH = [3, -2, 5, 1, -4, 7, 2, -3, 1, 6, -5, 2]      # W1, b1, W2, b2 (row-major)


def test_the_shifts_are_declared_and_fill_the_fiber():
    net = parse_spec(SPEC)
    th = np.array([Fraction(v) for v in TH], dtype=object)
    X = np.array([[Fraction(a), Fraction(b, 3)] for a, b in ((1, 4), (-3, 5), (2, -1), (4, 7))], dtype=object)
    T = np.asarray(net.symmetry_tangents(th, backend=Exact()), dtype=object)
    J = net.jacobian(th, X, backend=Exact())
    assert T.shape[0] == 2 and not np.any(J.dot(T.T) != 0)
    d = dimension(SPEC, seed=0)
    assert (d.dimension, d.fiber_dimension, d.symmetry_dimension) == (10, 2, 2)
    assert net.finite_symmetry_order() == 4


@needs_m2
def test_rank_and_fiber_against_macaulay2():
    params = "a11,a12,a21,a22,b1,b2,w11,w12,w21,w22,c1,c2"
    pt = ", ".join(f"{p} => {v}" for p, v in zip(params.split(","), TH))
    src = "\n".join([
        f"R = QQ[x1,x2,{params}];",
        "h1 = a11*x1 + a12*x2 + b1; h2 = a21*x1 + a22*x2 + b2;",
        "p1 = w11*h1 + w12*h2 + c1; p2 = w21*h1 + w22*h2 + c2;",
        "f = {h1 + p1^2, h2 + p2^2};",
        "co = flatten apply(f, g -> flatten entries last coefficients(g, Variables => {x1, x2}));",
        f"pt = {{{pt}}};",
        "J = sub(jacobian ideal co, pt);",
        'print("rank " | toString rank J^{2..13});',
        f"T = ZZ/32003[{params}];",
        "I = ideal apply(co, c -> sub(c - sub(c, pt), T)) + ideal(a11 - 3, a21 - 5);",
        'print("count " | toString dim I | " " | toString degree I);', "exit 0"])
    res = m2_values(src, "count")
    rank = int(res["rank"].split()[0])
    dim, deg = (int(v) for v in res["count"].split()[:2])
    net = parse_spec(SPEC)
    assert 12 - rank == 2 == dimension(SPEC, seed=0).symmetry_dimension
    assert (dim, deg) == (0, 4) == (0, net.finite_symmetry_order())
