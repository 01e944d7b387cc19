"""What passes a Residual block ending in an activation that is not homogeneous, against exact evaluation on
rational points and a hand count of the fiber.

Block x + s(W2 x) between W1 and W3, s(t) = t^2 + t^3 coordinatewise: for a permutation P of the stream's units,
W1 -> P W1, W2 -> P W2 P^-1, W3 -> W3 P^-1 gives P h + s(P W2 h) = P (h + s(W2 h)), the same function (and a
reflection of W2's outputs about a center of s, where W2 has a bias to move them: at the end). A rescaling
D = diag(t) would need s(N g) = D s(g) for all g: N = D from the cubes, N^2 = D from the squares, so t = 1. With
biases the stream's translations pass too: h + u + s(W2 (h + u) + b2 - W2 u) = (h + s(W2 h + b2)) + u.

Fiber by hand (2 inputs and outputs): f = W3 W1 x + W3 (G x)^2 + W3 (G x)^3, G = W2 W1. The cubic part
sum_i w_i (g_i.x)^3 (w_i, g_i: the columns of W3, rows of G) gives the pair {(w_i, g_i)} up to g_i -> t g_i,
w_i -> w_i / t^3 and the order; the quadratic part sum_i w_i (g_i.x)^2 then scales by 1 / t: t = 1. W1 = W3^-1
(W3 W1) and W2 = G W1^-1 follow: the generic fiber is the 2 orders of the units.
"""

from fractions import Fraction

import numpy as np

from algnet import parse_spec
from algnet.analyses.fibers import identifiability
from algnet.core.backends import Exact
from exact_points import rational_point

PLAIN = "layers Linear(2, 2), Residual([Linear(2, 2), Polynomial(0, 0, 1, 1)]), Linear(2, 2)"
BIASED = ("layers Linear(2, 2, bias=True), Residual([Linear(2, 2, bias=True), Polynomial(0, 0, 1, 1)]), "
          "Linear(2, 2, bias=True)")


def _f(net, P, X):
    return net.evaluate(net.flatten(P), X, backend=Exact()).tolist()


def test_a_permutation_of_the_stream_keeps_the_function_a_rescaling_does_not():
    net = parse_spec(PLAIN)
    P, X = rational_point(net, 0)
    S = np.array([[0, 1], [1, 0]], dtype=object)
    Q = {"W1": S.dot(P["W1"]), "W2": S.dot(P["W2"]).dot(S), "W3": P["W3"].dot(S)}
    assert _f(net, Q, X) == _f(net, P, X)
    D, Di = np.diag([Fraction(2), Fraction(1)]), np.diag([Fraction(1, 2), Fraction(1)])
    for N in (D, D.dot(D)):         # N = D (the cube's) or N = D^2 (the square's): neither keeps f
        R = {"W1": D.dot(P["W1"]), "W2": N.dot(P["W2"]).dot(Di), "W3": P["W3"].dot(Di)}
        assert _f(net, R, X) != _f(net, P, X)


def test_the_permutation_is_declared():
    net = parse_spec(PLAIN)
    assert net.finite_symmetry_order() == 2
    assert "through Residual" in net.finite_symmetry_description()
    P, X = rational_point(net, 1)
    (swap,) = net.finite_actions()
    theta = net.flatten(P)
    moved = swap(np.array([theta], dtype=object))[0]
    assert list(moved) != list(theta)
    assert net.evaluate(moved, X, backend=Exact()).tolist() == net.evaluate(theta, X, backend=Exact()).tolist()


def test_the_translations_pass_with_biases():
    net = parse_spec(BIASED)
    P, X = rational_point(net, 2)
    u = np.array([Fraction(3, 2), Fraction(-2)], dtype=object)
    Q = dict(P, b1=P["b1"] + u, b2=P["b2"] - P["W2"].dot(u), b3=P["b3"] - P["W3"].dot(u))
    assert _f(net, Q, X) == _f(net, P, X)
    T = net.symmetry_tangents(net.flatten(P), backend=Exact())
    J = net.jacobian(net.flatten(P), X, backend=Exact())
    assert T.shape[0] == 2 and not np.any(J.dot(np.asarray(T, dtype=object).T) != 0)
    # t^2 + t^3 is a cubic, odd about its inflection point -1/3: with the block's bias (and W3's for the constant)
    # each stream unit's sign passes too (test_a_block_activation_symmetric_about_a_point): 2 x 2^2
    assert "translations" in net.symmetry_description and net.finite_symmetry_order() == 8


def test_the_fiber_is_the_two_orders():
    r = identifiability(PLAIN, seed=0)
    assert (r.fiber_dimension, r.symmetry_dimension, r.fiber_count, r.finite_symmetry_order) == (0, 0, 2, 2)


EVEN = "layers Linear(2, 2), Residual([Linear(2, 2, bias=True), Polynomial(0, 1, 1)]), Linear(2, 2)"
ODD = "layers Linear(2, 2), Residual([Linear(2, 2, bias=True), Polynomial(1, 1, 3, 1)]), Linear(2, 2, bias=True)"


def _same(net, a, b, X):
    return net.evaluate(np.array(a, dtype=object), X, backend=Exact()).tolist() == \
        net.evaluate(np.array(b, dtype=object), X, backend=Exact()).tolist()


def test_a_block_activation_symmetric_about_a_point():
    # t + t^2 = (t + 1/2)^2 - 1/4: p_0 = (W2 h)_0 + c_0 -> -1 - p_0 (W2's row 0 negated, c_0 -> -1 - c_0) keeps the
    # block; theta = (W1, W2, c, W3)
    net = parse_spec(EVEN)
    _, X = rational_point(net, 3)
    th = [3, -2, 5, 1, -4, 7, 2, -3, 1, 6, -5, 2, 4, -1]
    assert _same(net, th, [3, -2, 5, 1, 4, -7, 2, -3, -2, 6, -5, 2, 4, -1], X)
    assert not _same(net, th, [3, -2, 5, 1, 4, -7, 2, -3, 1, 6, -5, 2, 4, -1], X)    # c_0 kept: not a symmetry
    # 1 + t + 3 t^2 + t^3 = (t + 1)^3 - 2 (t + 1) + 2 is odd about -1: sigma(-2 - p) = 4 - sigma(p). The stream's
    # unit 1 negated (W1's row 1, W2's column 1, W3's column w), W2's row 1 negated, c_1 -> -2 - c_1: the stream's
    # unit 1 becomes 4 - (h_1 + sigma_1), taken back by -w and b3 + 4 w; theta = (W1, W2, c, W3, b3)
    net = parse_spec(ODD)
    th = [3, -2, 5, 1, -4, 7, 2, -3, 1, 6, -5, 2, 4, -1, 3, 2]
    w = [2, -1]
    moved = [3, -2, -5, -1, -4, -7, -2, -3, 1, -8, -5, -2, 4, 1, 3 + 4 * w[0], 2 + 4 * w[1]]
    assert _same(net, th, moved, X)
    for spec, n in ((EVEN, 14), (ODD, 16)):
        net = parse_spec(spec)
        assert net.finite_symmetry_order() == 2 * 2 ** 2
        for g in net.finite_actions():
            im = g(np.array([th[:n]], dtype=object))[0]
            assert list(im) != th[:n] and _same(net, im, th[:n], X)
