"""Symmetries of a Product whose branch ends in a Residual block, and the exchange of two equal deep branches,
against hand computation (exact arithmetic), the Jacobian rank (``dimension``) and the fiber count.

A branch L -> x + f(x) (f starting with a layer reading L's units, ending with one making them, maybe followed by
x^q): scaling L's unit i by s^q scales the block's input by s^q; its first layer's column i takes s^-q and its last
unit-bearing layer's row i takes s (then (s (W h))^q = s^q (W h)^q), so the branch's unit i is scaled by s^q and the
other branch or the next layer compensates, as for a branch ending in L itself.
"""

from fractions import Fraction

import numpy as np

from algnet import parse_spec
from algnet.analyses.dimension import dimension
from algnet.core.backends import Exact
from exact_points import rational_point

GL_BLOCK = "layers Product([Linear(2, 2), Residual([Linear(2, 2), Power(2), Linear(2, 2)])], Linear(2, 2)), Linear(2, 2)"
SQ_BLOCK = "layers Product([Linear(2, 2), Residual([Linear(2, 2), Power(2)])], [Linear(2, 2), Power(2)]), Linear(2, 2)"
TWINS = ("layers Product([Linear(1, 1), Residual([Linear(1, 1), Power(2), Linear(1, 1)])], [Linear(1, 1), "
         "Residual([Linear(1, 1), Power(2), Linear(1, 1)])]), Linear(1, 1)")


def _zeros(P):
    return {k: np.zeros(np.shape(v), dtype=object) for k, v in P.items()}


def _exact_rank(rows) -> int:
    import sympy

    return sympy.Matrix([[Fraction(v) for v in r] for r in rows]).rank()


def _check(net, P, X, hand, n):
    J = net.jacobian(net.flatten(P), X, backend=Exact())
    assert not np.any(J.dot(np.array(hand, dtype=object).T) != 0)        # hand tangents: the function does not move
    known = [list(r) for r in net.symmetry_tangents(net.flatten(P), backend=Exact())]
    assert _exact_rank(hand) == n == _exact_rank(known) == _exact_rank(known + hand)


def test_a_branch_ending_in_a_block_that_passes_gl():
    # W1 (left), block W2, W3 = W3 (W2 h)^2, W4 (right), W5 (next layer). Per unit i: the balance (W1 row i by s,
    # W2 column i by s^-1, W3 row i by s; W4 row i by s^-1), up in the left branch and down in W5 (column i by s^-1),
    # and the block's own rescalings (W2 row j by s, W3 column j by s^-2): 2 + 2 + 2 = 6
    net = parse_spec(GL_BLOCK)
    P, X = rational_point(net, 0)
    hand = []
    for i in range(2):
        for right, other in ((-1, "W4"), (-1, "W5")):
            t = _zeros(P)
            t["W1"][i, :], t["W2"][:, i], t["W3"][i, :] = P["W1"][i, :], -P["W2"][:, i], P["W3"][i, :]
            if other == "W4":
                t["W4"][i, :] = right * P["W4"][i, :]
            else:
                t["W5"][:, i] = right * P["W5"][:, i]
            hand.append(net.flatten(t))
        t = _zeros(P)
        t["W2"][i, :], t["W3"][:, i] = P["W2"][i, :], -2 * P["W3"][:, i]
        hand.append(net.flatten(t))
    _check(net, P, X, hand, 6)
    res = dimension(GL_BLOCK, seed=0)
    assert (res.parameters, res.symmetry_dimension, res.fiber_dimension) == (20, 6, 6) and not res.hidden_symmetries


def test_a_branch_ending_in_a_block_that_ends_in_a_square():
    # left unit i by s^4 (weight 4): the block's W2 row i by s^2, column i by s^-4, so the branch's unit by s^4;
    # the right branch (W3 x)^2 takes s^-4 (W3 row i weight -2). Up in the left, down in W4: weights 2, 1, -2, -2
    net = parse_spec(SQ_BLOCK)
    P, X = rational_point(net, 1)
    hand = []
    for i in range(2):
        for w, other in ((4, "W3"), (2, "W4")):
            t = _zeros(P)
            t["W1"][i, :] = w * P["W1"][i, :]
            t["W2"][i, :] += w // 2 * P["W2"][i, :]
            t["W2"][:, i] -= w * P["W2"][:, i]
            if other == "W3":
                t["W3"][i, :] = -2 * P["W3"][i, :]
            else:
                t["W4"][:, i] = -2 * P["W4"][:, i]
            hand.append(net.flatten(t))
    _check(net, P, X, hand, 4)
    res = dimension(SQ_BLOCK, seed=0)
    assert (res.parameters, res.symmetry_dimension, res.fiber_dimension) == (16, 4, 4) and not res.hidden_symmetries


def test_equal_deep_branches_exchanged_whole():
    net = parse_spec(TWINS)
    assert net.finite_symmetry_order() == 2
    P, X = rational_point(net, 2)
    theta = net.flatten(P)
    (turn,) = net.finite_actions()
    moved = turn(np.array([theta], dtype=object))[0]
    assert sorted(moved[:3]) == sorted(theta[3:6]) and not np.array_equal(moved, theta)
    assert np.array_equal(net.evaluate(moved, X), net.evaluate(theta, X))


def test_equal_deep_branches_fiber_count_is_the_exchange():
    # f = g a c x^2 (1 + alpha x)(1 + beta x), alpha = a e b^2 (left: a x + e (b a x)^2), beta likewise: the
    # coefficients give g a c and the pair {alpha, beta} (2 orders); the known group (the blocks' own rescalings
    # b s, e s^-2, the balance and the next layer's rescaling) moves (a, b, e, c, d, f, g) freely over each order:
    # fiber dimension 4 = 7 - 3, two points modulo the group, the exchange of the branches
    from algnet.analyses.fibers import identifiability

    r = identifiability(TWINS, seed=0)
    assert (r.fiber_dimension, r.symmetry_dimension, r.fiber_count, r.finite_symmetry_order) == (4, 4, 2, 2)
    assert r.only_known_symmetries
