"""A Product whose one branch carries its unit through an odd block and whose other branch ends in a square: the
roots of unity of the pair, against a hand count, exact evaluation of the actions and Macaulay2's fiber count.

f = g(a.x) (b.x)^2 with g(u) = s + sigma(F s), s = sigma(u), sigma = t + t^3 (odd). a -> -a turns g into -g (sigma
is odd, the block x + sigma(F x) passes the sign), and b -> beta b multiplies the square by beta^2: the pairs
(eps, beta) with eps beta^2 = 1 keep f, 4 of them per unit: (1, +-1) and (-1, +-i). As in E1 of
tests/test_roots_through_residual_blocks.py the fiber also holds the three F with one value of F^3 / (1 + F) (no
symmetry): 12 points, 3 orbits of the 4 (Macaulay2: 12).
"""

from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.dimension import dimension
from algnet.core.backends import Exact
from m2_helpers import m2_count, needs_m2

ODD = "Polynomial(0, 1, 0, 1)"
SQUARE = f"layers Product([Linear(2, 1), {ODD}, Residual([Linear(1, 1), {ODD}])], [Linear(2, 1), Power(2)])"
# the same with two units read by a layer after the product: O's rescaling (t, t^-2 on C) is continuous, so the
# square's own sign is one of its points; the stream's sign and the 2 orders remain: 2^2 x 2
READ = (f"layers Product([Linear(2, 2), {ODD}, Residual([Linear(2, 2), {ODD}])], [Linear(2, 2), Power(2)]), "
        "Linear(2, 1)")
XQ = np.array([[Fraction(a), Fraction(b, 3)] for a, b in ((1, 4), (-3, 5), (2, -1), (4, 7), (0, 2), (-2, -3))],
              dtype=object)
X = np.asarray(XQ, dtype=complex)


def _keeps(net, g, th) -> bool:
    im = np.asarray(g(np.array([th], dtype=object))[0], dtype=complex)
    if np.allclose(im, th):
        return False
    a, b = net.evaluate(im, X), net.evaluate(np.asarray(th, dtype=complex), X)
    return float(np.max(np.abs(a - b))) <= 1e-10 * float(np.max(np.abs(b)))


@pytest.mark.parametrize("spec, order", [(SQUARE, 4), (READ, 8)])
def test_the_orders_by_hand_and_the_actions_keep_the_function(spec, order):
    net = parse_spec(spec)
    assert net.finite_symmetry_order() == order
    th = [3, -2, 5, 1, -4, 7, 2, -3, 1, 6, -5, 2, 4, -1, 3, 2, -2, 5, 1][:net.n_params]
    gens = net.finite_actions()
    assert gens and all(_keeps(net, g, th) for g in gens)


def test_the_read_product_has_its_rescaling_declared():
    # exact: the declared tangents (O's unit by t, C's column by t^-2) lie in the Jacobian's kernel, and with the
    # rest they explain the whole fiber dimension
    net = parse_spec(READ)
    th = np.array([Fraction(v) for v in [3, -2, 5, 1, -4, 7, 2, -3, 1, 6, -5, 2, 4, -1]], dtype=object)
    T = np.asarray(net.symmetry_tangents(th, backend=Exact()), dtype=object)
    J = net.jacobian(th, XQ, backend=Exact())
    assert T.shape[0] and not np.any(J.dot(T.T) != 0)
    d = dimension(READ, seed=0)
    assert d.fiber_dimension == d.symmetry_dimension == 2


@needs_m2
def test_the_fiber_is_three_orbits_against_macaulay2():
    src = "\n".join([
        "R = QQ[a1, a2, F, b1, b2, x1, x2];",
        "sig = t -> t + t^3; s = sig(a1*x1 + a2*x2);",
        "f = {(s + sig(F*s)) * (b1*x1 + b2*x2)^2};",
        "cs = flatten apply(f, g -> flatten entries last coefficients(g, Variables => {x1, x2}));",
        "pt = {a1 => 2, a2 => -3, F => 5, b1 => 7, b2 => -2};",
        "T = ZZ/32003[a1, a2, F, b1, b2];",
        "I = ideal apply(cs, c -> sub(c - sub(c, pt), T));",
        'print("count " | toString dim I | " " | toString degree I);', "exit 0"])
    dim, deg = m2_count(src)
    net = parse_spec(SQUARE)
    assert (dim, deg) == (0, 12) and deg % net.finite_symmetry_order() == 0 and deg // 4 == 3
