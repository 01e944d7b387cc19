"""The cross term of a biased Residual block ending in a square is a symmetry, against exact evaluation on
rational points, Macaulay2's rank of the Jacobian of the coefficient map, and hand counts of the fiber.

Stream h = A y + b (A, b: the layer before the block), block h + p^2 with p = W h + c_bias = G y + c (G = W A,
c = W b + c_bias). h + p^2 = A y + b + (G y)^2 + 2 c * (G y) + c^2: the cross term is linear in y, so moving c by
delta (a vector) and A by -2 diag(delta) G keeps it; the constant is kept by b -> b - 2 delta * c - delta^2, and G
by W -> W (1 - 2 diag(delta) W)^-1. Composing two shifts adds them: an action of the additive group C^2 (wherever
1 - 2 diag(delta) W is invertible) beside the torus and the translations: 2 + 2 + 2 = 6 = the fiber dimension
(18 parameters, dim M = 12 by hand: the quadratic part W3 (G x)^2 (6), the linear part (4), the constant (2)).
"""

from fractions import Fraction

import numpy as np

from algnet import parse_spec
from algnet.analyses.dimension import dimension
from algnet.analyses.fibers import identifiability
from algnet.core.backends import Exact
from exact_points import rational_point
from m2_helpers import m2_values, needs_m2

BIASED = "layers Linear(2, 2, bias=True), Residual([Linear(2, 2, bias=True), Power(2)]), Linear(2, 2, bias=True)"
PLAIN = "layers Linear(2, 2), Residual([Linear(2, 2), Power(2)]), Linear(2, 2)"
TH = [3, -2, 5, 1, -4, 7, 2, -3, 1, 6, -5, 2, 4, -1, 3, 2, -6, 5]     # W1, b1, W2, b2, W3, b3 (row-major)


def _f(net, P, X):
    return net.evaluate(net.flatten(P), X, backend=Exact()).tolist()


def _inv(M):
    return np.array([[M[1, 1], -M[0, 1]], [-M[1, 0], M[0, 0]]], dtype=object) / (M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0])


def test_a_finite_shift_of_the_cross_term_keeps_the_function():
    net = parse_spec(BIASED)
    P, X = rational_point(net, 0)
    d = np.array([Fraction(1, 3), Fraction(-2)], dtype=object)
    A, b, W, cb = P["W1"], P["b1"], P["W2"], P["b2"]
    G, c = W.dot(A), W.dot(b) + cb
    one = np.array([[Fraction(1), Fraction(0)], [Fraction(0), Fraction(1)]], dtype=object)
    A2 = A - 2 * np.diag(d).dot(G)
    b2 = b - 2 * d * c - d * d
    W2 = W.dot(_inv(one - 2 * np.diag(d).dot(W)))
    Q = dict(P, W1=A2, b1=b2, W2=W2, b2=c + d - W2.dot(b2))
    assert not np.array_equal(net.flatten(Q), net.flatten(P))
    assert _f(net, Q, X) == _f(net, P, X)
    R = dict(P, W1=A2)                    # A moved alone: not a symmetry
    assert _f(net, R, X) != _f(net, P, X)


def test_the_shifts_are_declared_tangents():
    # the hand tangent of the shift of c_a (d delta at 0) is in the span of the declared tangents, which have rank
    # 6 and keep the function
    net = parse_spec(BIASED)
    P, X = rational_point(net, 1)
    th = net.flatten(P)
    T = np.asarray(net.symmetry_tangents(th, backend=Exact()), dtype=object)
    J = net.jacobian(th, X, backend=Exact())
    assert not np.any(J.dot(T.T) != 0)
    import sympy

    A, b, W, cb = P["W1"], P["b1"], P["W2"], P["b2"]
    hand = []
    for a in range(2):
        t = {k: np.zeros(np.shape(v), dtype=object) for k, v in P.items()}
        t["W1"][a, :] = -2 * W.dot(A)[a, :]
        t["b1"][a] = -2 * (W.dot(b) + cb)[a]
        t["W2"] = 2 * np.outer(W[:, a], W[a, :])
        t["b2"] = 2 * W[:, a] * cb[a]
        t["b2"][a] += 1
        hand.append(list(net.flatten(t)))
    known = sympy.Matrix([[Fraction(v) for v in r] for r in T])
    both = sympy.Matrix([[Fraction(v) for v in r] for r in list(T) + hand])
    assert known.rank() == 6 == both.rank()
    res = dimension(BIASED, seed=0)
    assert (res.dimension, res.symmetry_dimension, res.fiber_dimension) == (12, 6, 6) and not res.hidden_symmetries


def test_without_biases_the_fiber_is_the_two_orders():
    # f = W3 W1 x + W3 (G x)^2: W3 and G up to the torus and the order of the units, then W1 = W3^-1 (W3 W1): 2
    # orbits. The torus has the weight 2 on W1's rows: pinning W1 would meet each orbit 4 times (t = +-1 per unit)
    r = identifiability(PLAIN, seed=0)
    assert (r.fiber_dimension, r.symmetry_dimension, r.fiber_count, r.finite_symmetry_order) == (2, 2, 2, 2)
    assert r.points_per_orbit == 1 and all(not 0 <= j < 4 for j in r.gauge)


def test_with_biases_each_orbit_meets_the_slice_four_times():
    # the slice pins W1 and b1; t = -1 of unit a's torus (row a of W2 and b2[a] negated: p_a -> -p_a, squared)
    # keeps them and the function: 4 points of one orbit in the slice (t_a = +-1), grouped by loops of the pinned
    # values (tests/test_fibers_slice_components.py); Macaulay2 counts 8 slice points: 2 orbits, the 2 orders
    net = parse_spec(BIASED)
    P, X = rational_point(net, 2)
    Q = {k: np.array(v, copy=True) for k, v in P.items()}
    Q["W2"][0, :] = -Q["W2"][0, :]
    Q["b2"][0] = -Q["b2"][0]
    assert _f(net, Q, X) == _f(net, P, X)
    r = identifiability(BIASED, seed=0)
    assert r.identifiable_up_to_dimension and r.fiber_dimension == 6
    assert r.points_per_orbit == 4 and "8 slice points" in r.count_method
    assert r.fiber_count == 2 == r.finite_symmetry_order


@needs_m2
def test_fiber_dimension_against_macaulay2():
    # the coefficient map written out by hand; 18 - rank of its Jacobian at TH (a smooth point of its fiber)
    src = "\n".join([
        "R = QQ[x1,x2,a11,a12,a21,a22,b1,b2,w11,w12,w21,w22,c1,c2,v11,v12,v21,v22,d1,d2];",
        "h1 = a11*x1 + a12*x2 + b1; h2 = a21*x1 + a22*x2 + b2;",
        "p1 = w11*h1 + w12*h2 + c1; p2 = w21*h1 + w22*h2 + c2;",
        "s1 = h1 + p1^2; s2 = h2 + p2^2;",
        "f = {v11*s1 + v12*s2 + d1, v21*s1 + v22*s2 + d2};",
        "co = flatten apply(f, g -> flatten entries (coefficients(g, Variables => {x1, x2}))_1);",
        "J = jacobian ideal co;",
        "pt = matrix{{0, 0} | {" + ", ".join(str(v) for v in TH) + "}};",
        'print("rank " | toString rank sub(J^{2..19}, pt));', "exit 0"])
    rank = int(m2_values(src, "rank", timeout=120)["rank"].split()[0])
    assert 18 - rank == 6 == dimension(BIASED, seed=0).symmetry_dimension
