"""The symmetries of a network with a Residual block x + f(x), against hand computation.

Inside the block: f keeps the symmetries that fix its input and output, here the rescaling and the permutations of
the hidden neurons of f = W3 (W2 x)^2: (s W2[i, :], s^-2 W3[:, i]) leaves f unchanged, tangent (W2[i, :],
-2 W3[:, i]); a permutation of the rows of W2 with the columns of W3 (3! = 6 of them).

Through the block: when f starts with a linear map W2 and ends with one W3, f(M x) = M f(x) once W2 -> W2 M^-1
and W3 -> M W3, so x + f(x) is equivariant and the GL of the stream's units acts from the linear map W1 before the
block to the one W4 after it: W1 -> M W1, W4 -> W4 M^-1. Tangent of M = 1 + t E_ab: (E W1, -W2 E, E W3, -W4 E).
For f = W3 (W2 x)^2 and width 2 the generic fiber has dimension 10 = 20 parameters - dim M (10, by hand below):
4 from GL(2) + 3 rescalings are known, 3 depend on the weights and stay hidden.
"""

from fractions import Fraction

import numpy as np

from algnet import parse_spec
from algnet.analyses.dimension import dimension
from algnet.core.backends import Exact

SPEC = "layers Linear(2, 2), Residual([Linear(2, 3), Power(2), Linear(3, 2)]), Linear(2, 2)"
BIASED = ("layers Linear(2, 2, bias=True), Residual([Linear(2, 3, bias=True), Power(2), Linear(3, 2, bias=True)]), "
          "Linear(2, 2, bias=True)")


def _zeros(P):
    return {k: np.zeros(np.shape(v), dtype=object) for k, v in P.items()}


def _rational_point(net, seed):
    rng = np.random.default_rng(seed)
    theta = [Fraction(int(a), int(b)) for a, b in zip(rng.integers(-9, 10, net.n_params),
                                                      rng.integers(1, 7, net.n_params))]
    X = [[Fraction(int(a), int(b)) for a, b in zip(rng.integers(-5, 6, 2), rng.integers(1, 4, 2))] for _ in range(6)]
    return net.unflatten(np.array(theta, dtype=object)), np.array(X, dtype=object)


def _rescalings(net, P):
    rows = []
    for i in range(3):
        t = _zeros(P)
        t["W2"][i, :] = P["W2"][i, :]              # the block's first layer: neuron i's row
        t["W3"][:, i] = -2 * P["W3"][:, i]         # the block's last layer: neuron i's column
        rows.append(net.flatten(t))
    return rows


def _gl_through(net, P):
    rows = []
    for a in range(2):
        for b in range(2):
            E = np.zeros((2, 2), dtype=object)
            E[a, b] = 1
            t = _zeros(P)
            t["W1"], t["W2"], t["W3"], t["W4"] = E.dot(P["W1"]), -P["W2"].dot(E), E.dot(P["W3"]), -P["W4"].dot(E)
            rows.append(net.flatten(t))
    return rows


def _exact_rank(rows) -> int:
    import sympy

    return sympy.Matrix([[Fraction(v) for v in r] for r in rows]).rank()


def _annihilates(net, P, X, rows):
    J = net.jacobian(net.flatten(P), X, backend=Exact())
    return not np.any(J.dot(np.array(rows, dtype=object).T) != 0)


def test_the_hidden_neurons_of_a_residual_block_keep_their_rescalings():
    net = parse_spec(SPEC)
    theta = net.random_params(seed=0)
    known = np.array(net.symmetry_tangents(theta), dtype=float)
    hand = np.array(_rescalings(net, net.unflatten(theta)), dtype=float)
    assert np.linalg.matrix_rank(np.vstack([known, hand])) == np.linalg.matrix_rank(known)


def test_the_hidden_neurons_of_a_residual_block_keep_their_permutations():
    net = parse_spec(SPEC)
    assert net.finite_symmetry_order() == 6
    theta = net.random_params(seed=0)
    X = net.random_inputs(5, seed=1)
    moved = np.array([g(np.array([theta]))[0] for g in net.finite_actions()])
    for t in moved:
        assert not np.array_equal(t, theta)
        assert np.array_equal(net.evaluate(t, X), net.evaluate(theta, X))


def test_gl_of_the_stream_through_the_block_is_in_the_jacobian_kernel_and_known():
    net = parse_spec(SPEC)
    P, X = _rational_point(net, 3)
    hand = _gl_through(net, P) + _rescalings(net, P)
    assert _annihilates(net, P, X, hand)                        # exact arithmetic on a rational point
    known = [list(r) for r in net.symmetry_tangents(net.flatten(P), backend=Exact())]
    assert _exact_rank(hand) == 7 == _exact_rank(known) == _exact_rank(known + hand)


def test_a_finite_gl_element_through_the_block_keeps_the_function_exactly():
    net = parse_spec(SPEC)
    P, X = _rational_point(net, 4)
    M = np.array([[Fraction(2), Fraction(1, 3)], [Fraction(-1), Fraction(5, 2)]], dtype=object)
    Mi = np.array([[M[1, 1], -M[0, 1]], [-M[1, 0], M[0, 0]]], dtype=object) / (M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0])
    Q = {"W1": M.dot(P["W1"]), "W2": P["W2"].dot(Mi), "W3": M.dot(P["W3"]), "W4": P["W4"].dot(Mi)}
    assert np.array_equal(net.evaluate(net.flatten(Q), X), net.evaluate(net.flatten(P), X))


def test_known_dimension_goes_to_seven_and_the_hidden_count_to_three():
    # dim M by hand: f = L x + (q1, q2) with L = W4 W1 any 2 x 2 matrix (4) and (q1, q2) = W4 W3 (W2 W1 x)^2 any pair
    # of binary quadratic forms (6: two generic ones are sums c_k1 l_1^2 + c_k2 l_2^2 of two common squares), chosen
    # independently (W1 = 1, W4 = L, then W3 = L^-1 (c_ki)): 10 of 20 parameters, the fiber 10 = 7 known + 3
    res = dimension(SPEC, seed=0)
    assert (res.parameters, res.dimension) == (20, 10)
    assert res.symmetry_dimension == 7                         # 4 (GL(2) through the block) + 3 rescalings
    assert res.fiber_dimension - res.symmetry_dimension == 3
    assert "through Residual" in parse_spec(SPEC).symmetry_description


def test_biases_keep_the_gl_and_add_the_translations_of_the_stream():
    # x -> x + t e_a after the first layer: the block's first bias absorbs -t W2[:, a], the last layer's -t W4[:, a]
    net = parse_spec(BIASED)
    P, X = _rational_point(net, 5)
    hand = []
    for a in range(2):
        for b in range(2):
            E = np.zeros((2, 2), dtype=object)
            E[a, b] = 1
            t = _zeros(P)
            t["W1"], t["b1"] = E.dot(P["W1"]), E.dot(P["b1"])
            t["W2"], t["W3"], t["b3"], t["W4"] = -P["W2"].dot(E), E.dot(P["W3"]), E.dot(P["b3"]), -P["W4"].dot(E)
            hand.append(net.flatten(t))
        t = _zeros(P)
        t["b1"][a], t["b2"], t["b4"] = 1, -P["W2"][:, a], -P["W4"][:, a]
        hand.append(net.flatten(t))
    assert _annihilates(net, P, X, hand)
    known = [list(r) for r in net.symmetry_tangents(net.flatten(P), backend=Exact())]
    assert _exact_rank(hand) == 6 and _exact_rank(known) == 9 == _exact_rank(known + hand)    # + 3 rescalings


def test_without_the_block_bias_the_translations_are_not_declared():
    net = parse_spec("layers Linear(2, 2, bias=True), Residual([Linear(2, 3), Power(2), Linear(3, 2)]), "
                     "Linear(2, 2, bias=True)")
    assert net.symmetry_tangents(net.random_params(seed=0), p=101).shape[0] == 4 + 3


def test_a_block_ending_in_an_activation_passes_only_the_rescalings_and_permutations():
    # (N g)^2 = M g^2 for all g needs N monomial: GL does not pass x + (W2 x)^2, its torus and permutations do
    # (tests/test_residual_activation_symmetries.py derives them)
    spec = "layers Linear(2, 2), Residual([Linear(2, 2), Power(2)]), Linear(2, 2)"
    net = parse_spec(spec)
    assert net.symmetry_tangents(net.random_params(seed=0), p=101).shape[0] == 2
    assert net.finite_symmetry_order() == 2
    res = dimension(spec, seed=0)
    assert res.symmetry_dimension == 2 == res.fiber_dimension


def test_a_block_at_the_end_of_the_network_keeps_the_old_group():
    net = parse_spec("layers Linear(2, 2), Residual([Linear(2, 3), Power(2), Linear(3, 2)])")
    assert net.symmetry_tangents(net.random_params(seed=0), p=101).shape[0] == 3    # the block's rescalings only
    assert net.finite_symmetry_order() == 6


def test_an_activation_before_the_block_lets_the_rescalings_and_permutations_through():
    # h = (W1 x)^2: scaling W1's row i by s scales h_i by s^2; the block moves with s^2 (W2[:, i] by s^-2,
    # W3[i, :] by s^2) and W4[:, i] takes s^-2: tangent (W1[i, :], -2 W2[:, i], 2 W3[i, :], -2 W4[:, i])
    net = parse_spec("layers Linear(2, 2), Power(2), Residual([Linear(2, 3), Power(2), Linear(3, 2)]), Linear(2, 2)")
    P, X = _rational_point(net, 6)
    hand = []
    for i in range(2):
        t = _zeros(P)
        t["W1"][i, :], t["W2"][:, i], t["W3"][i, :], t["W4"][:, i] = (P["W1"][i, :], -2 * P["W2"][:, i],
                                                                     2 * P["W3"][i, :], -2 * P["W4"][:, i])
        hand.append(net.flatten(t))
    hand += _rescalings(net, P)
    assert _annihilates(net, P, X, hand)
    known = [list(r) for r in net.symmetry_tangents(net.flatten(P), backend=Exact())]
    assert _exact_rank(hand) == 5 == _exact_rank(known) == _exact_rank(known + hand)
    assert net.finite_symmetry_order() == 2 * 6
    theta = net.flatten(P)
    for g in net.finite_actions():
        assert np.array_equal(net.evaluate(g(np.array([theta], dtype=object))[0], X), net.evaluate(theta, X))


def test_a_scalar_stream_through_the_block_is_identifiable_modulo_the_known_group():
    # f = c (a x + w3 (w2 a x)^2) = alpha x + beta x^2 with alpha = c a, beta = c a^2 w3 w2^2: dim M = 2 of 4
    # parameters; known: the scaling of the stream through the block (a m, w2 / m, w3 m, c / m) and the block's own
    # (w2 s, w3 s^-2). Gauge a = w2 = 1: c = alpha, w3 = beta / alpha, one point
    from algnet.analyses.fibers import identifiability

    r = identifiability("layers Linear(1, 1), Residual([Linear(1, 1), Power(2), Linear(1, 1)]), Linear(1, 1)",
                        seed=0)
    assert (r.fiber_dimension, r.symmetry_dimension) == (2, 2)
    assert r.identifiable_up_to_dimension and r.fiber_count == 1 and r.only_known_symmetries


def test_an_activation_after_the_block_lets_the_rescalings_through():
    # f = w4 . (h + W3 (W2 h)^2)^2, h = W1 x: scaling h_i by s (W1 row i, W2 column i by s^-1, W3 row i by s) scales
    # the block's output i by s, the square by s^2: W4[:, i] takes s^-2. Known 2 + 2 (the block's own), all inside
    # the generic fiber (orbits of symmetries lie in the fibers)
    res = dimension("layers Linear(2, 2), Residual([Linear(2, 2), Power(2), Linear(2, 2)]), Power(2), Linear(2, 1)",
                    seed=0)
    assert res.parameters == 14 and res.symmetry_dimension == 4 <= res.fiber_dimension
