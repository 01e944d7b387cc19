"""Symmetries through a Residual block ending in an activation, and the larger group of a block x + W x, against
hand computation (exact arithmetic on rational points) and the Jacobian rank (``dimension``).

Block x + (W2 x)^q between W1 and W3 (stream h = W1 x, output W3 (h + (W2 h)^q)). For M acting on h (W1 -> M W1)
and W2 -> N W2 M^-1, the block gives M h + (N W2 h)^q; W3 -> W3 M^-1 keeps the function iff M^-1 (N g)^q = g^q for
all g, i.e. (N g)^q = M g^q: for q >= 2 that forces N monomial (a permutation times D = diag(t)) and M = D^q (with
the same permutation). So GL of the stream does not pass, its torus does: unit i scaled by t^q after W1, row i of
W2 by t and its column i by t^-q, column i of W3 by t^-q. Tangent (weight q on the stream): (q W1[i, :],
W2[i, :] - q W2[:, i], -q W3[:, i]).

Block x + W2 x = (1 + W2) x: f = W3 (1 + W2) W1 is a product of three matrices, so GL acts on both sides of the
block: W1 -> N W1, (1 + W2) -> M (1 + W2) N^-1, W3 -> W3 M^-1, a group of dimension 2 n^2 (not n^2).
"""

from fractions import Fraction

import numpy as np

from algnet import parse_spec
from algnet.analyses.dimension import dimension
from algnet.core.backends import Exact

SQUARE = "layers Linear(2, 2), Residual([Linear(2, 2), Power(2)]), Linear(2, 2)"
LINEAR = "layers Linear(2, 2), Residual(Linear(2, 2)), Linear(2, 2)"


def _rational_point(net, seed):
    rng = np.random.default_rng(seed)
    theta = [Fraction(int(a), int(b)) for a, b in zip(rng.integers(-9, 10, net.n_params),
                                                      rng.integers(1, 7, net.n_params))]
    X = [[Fraction(int(a), int(b)) for a, b in zip(rng.integers(-5, 6, 2), rng.integers(1, 4, 2))] for _ in range(8)]
    return net.unflatten(np.array(theta, dtype=object)), np.array(X, dtype=object)


def _zeros(P):
    return {k: np.zeros(np.shape(v), dtype=object) for k, v in P.items()}


def _exact_rank(rows) -> int:
    import sympy

    return sympy.Matrix([[Fraction(v) for v in r] for r in rows]).rank()


def _annihilates(net, P, X, rows):
    J = net.jacobian(net.flatten(P), X, backend=Exact())
    return not np.any(J.dot(np.array(rows, dtype=object).T) != 0)


def _torus(net, P, q):
    rows = []
    for i in range(2):
        t = _zeros(P)
        t["W1"][i, :] = q * P["W1"][i, :]
        t["W2"][i, :] += P["W2"][i, :]
        t["W2"][:, i] -= q * P["W2"][:, i]
        t["W3"][:, i] = -q * P["W3"][:, i]
        rows.append(net.flatten(t))
    return rows


def test_the_torus_of_the_stream_passes_a_block_ending_in_a_square():
    net = parse_spec(SQUARE)
    P, X = _rational_point(net, 0)
    hand = _torus(net, P, 2)
    assert _annihilates(net, P, X, hand)
    known = [list(r) for r in net.symmetry_tangents(net.flatten(P), backend=Exact())]
    assert _exact_rank(hand) == 2 == _exact_rank(known) == _exact_rank(known + hand)


def test_a_finite_torus_element_and_the_permutation_keep_the_function_exactly():
    net = parse_spec(SQUARE)
    P, X = _rational_point(net, 1)
    t = np.array([Fraction(3, 2), Fraction(-2, 5)], dtype=object)
    M = t * t
    Q = {"W1": (M * P["W1"].T).T, "W2": (t * (P["W2"] / M).T).T, "W3": P["W3"] / M}
    assert np.array_equal(net.evaluate(net.flatten(Q), X), net.evaluate(net.flatten(P), X))
    assert net.finite_symmetry_order() == 2
    (swap,) = net.finite_actions()
    theta = net.flatten(P)
    moved = swap(np.array([theta], dtype=object))[0]
    assert not np.array_equal(moved, theta)
    assert np.array_equal(net.evaluate(moved, X), net.evaluate(theta, X))


def test_no_hidden_symmetry_beyond_the_torus_for_a_square_and_a_cube():
    # x^2 case by hand: f = L x + W3 (G x)^2 with L = W3 W1 (any 2 x 2: 4) and G = W2 W1; W3 (G x)^2 is any pair of
    # binary quadratic forms (a generic pencil holds two squares: 6), chosen independently: dim 10 of 12, fiber 2
    res = dimension(SQUARE, seed=0)
    assert (res.parameters, res.dimension, res.symmetry_dimension, res.fiber_dimension) == (12, 10, 2, 2)
    assert not res.hidden_symmetries
    # h = (W1 x)^2 first: unit scale t^2 on the stream, the cube's layer takes t^(2/3) (weights 3, 2, -6, -6)
    res = dimension("layers Linear(2, 2), Power(2), Residual([Linear(2, 2), Power(3)]), Linear(2, 2)", seed=0)
    assert res.symmetry_dimension == 2 == res.fiber_dimension and not res.hidden_symmetries


def test_gl_on_both_sides_of_a_linear_block():
    net = parse_spec(LINEAR)
    P, X = _rational_point(net, 2)
    hand = []
    for a in range(2):
        for b in range(2):
            E = np.zeros((2, 2), dtype=object)
            E[a, b] = 1
            t = _zeros(P)                          # N = 1 + E before the block
            t["W1"], t["W2"] = E.dot(P["W1"]), -(E + P["W2"].dot(E))
            hand.append(net.flatten(t))
            t = _zeros(P)                          # M = 1 + E after it
            t["W2"], t["W3"] = E + E.dot(P["W2"]), -P["W3"].dot(E)
            hand.append(net.flatten(t))
    assert _annihilates(net, P, X, hand)
    known = [list(r) for r in net.symmetry_tangents(net.flatten(P), backend=Exact())]
    assert _exact_rank(hand) == 8 == _exact_rank(known) == _exact_rank(known + hand)


def test_a_finite_element_of_both_gl_factors_keeps_the_function_exactly():
    net = parse_spec(LINEAR)
    P, X = _rational_point(net, 3)
    N = np.array([[Fraction(2), Fraction(1, 3)], [Fraction(-1), Fraction(5, 2)]], dtype=object)
    M = np.array([[Fraction(1), Fraction(4)], [Fraction(1, 2), Fraction(-3)]], dtype=object)

    def inv(A):
        return np.array([[A[1, 1], -A[0, 1]], [-A[1, 0], A[0, 0]]], dtype=object) / (A[0, 0] * A[1, 1] - A[0, 1] * A[1, 0])

    one = np.array([[Fraction(1), Fraction(0)], [Fraction(0), Fraction(1)]], dtype=object)
    Q = {"W1": N.dot(P["W1"]), "W2": M.dot(one + P["W2"]).dot(inv(N)) - one, "W3": P["W3"].dot(inv(M))}
    assert np.array_equal(net.evaluate(net.flatten(Q), X), net.evaluate(net.flatten(P), X))


def test_a_linear_block_leaves_no_hidden_symmetry():
    # f = W3 (1 + W2) W1: any 2 x 2 matrix, dim 4 of 12; fiber 8 = GL(2) x GL(2). With biases (+ 6 parameters) the
    # map is any affine map (dim 6 of 18): fiber 12 = 8 + 2 translations before the block + 2 after it
    res = dimension(LINEAR, seed=0)
    assert (res.dimension, res.symmetry_dimension, res.fiber_dimension) == (4, 8, 8) and not res.hidden_symmetries
    res = dimension("layers Linear(2, 2, bias=True), Residual(Linear(2, 2, bias=True)), Linear(2, 2, bias=True)",
                    seed=0)
    assert (res.dimension, res.symmetry_dimension, res.fiber_dimension) == (6, 12, 12) and not res.hidden_symmetries


def test_with_biases_the_cross_term_of_a_square_is_declared_a_cube_has_none():
    # x + (W2 x + b2)^q between biased W1 and W3: the torus (2) and the stream's translations (2: b1 by t e_a, b2 by
    # -t W2[:, a], b3 by -t W3[:, a]) are declared. For q = 2, with h = A x + b, G = W2 A, c = W2 b + b2, the map is
    # W3 (G x)^2 + W3 (A + 2 diag(c) G) x + W3 (b + c^2) + b3: (A, b, c, b3), 10 parameters, enter only through the
    # linear part (4) and the constant (2), so 4 directions keep f: the 2 translations and the 2 shifts of c traded
    # against A (the cross term 2 c_i (G x)_i of the square is linear in x), declared too: fiber 6 = 6.
    # dim by hand: the quadratic part W3 (G x)^2 (6, as without biases) + 4 + 2 = 12 of 18
    res = dimension("layers Linear(2, 2, bias=True), Residual([Linear(2, 2, bias=True), Power(2)]), "
                    "Linear(2, 2, bias=True)", seed=0)
    assert (res.dimension, res.symmetry_dimension, res.fiber_dimension) == (12, 6, 6) and not res.hidden_symmetries
    # q = 3: the cross terms 3 c_i g_i^2 are quadratic, no longer absorbed by the linear part: the fiber is the
    # declared group (Jacobian rank 14 = 18 - 4)
    res = dimension("layers Linear(2, 2, bias=True), Residual([Linear(2, 2, bias=True), Power(3)]), "
                    "Linear(2, 2, bias=True)", seed=0)
    assert (res.dimension, res.symmetry_dimension, res.fiber_dimension) == (14, 4, 4) and not res.hidden_symmetries
