"""Reflections of the input of a polynomial activation that is not homogeneous, against exact evaluation on
rational points and hand counts of the fiber.

A polynomial sigma of degree D with sigma(2 v - t) = eps sigma(t) + k (eps = (-1)^D: every quadratic is symmetric
about its vertex, every cubic about its inflection point, t + t^3 about 0): between A (with a bias when v != 0)
and C (with a bias when k != 0), a unit's input t = a.x + b -> 2 v - t (a -> -a, b -> 2 v - b) makes its output
eps sigma + k, which C takes back (its column times eps, its bias minus eps k times the column).

Fiber by hand, f = W2 sigma(W1 x), sigma(t) = t + t^3, 2 inputs and outputs: the cubic part sum_i w_i (a_i.x)^3
(w_i, a_i: the columns of W2, the rows of W1) gives {(w_i, a_i)} up to a_i -> s a_i, w_i -> w_i / s^3 and their
order; the linear part sum_i w_i a_i^T then scales by 1 / s^2: s = +-1 for each unit. 2^2 signs x 2 orders = 8.
"""

from fractions import Fraction

import numpy as np

from algnet import parse_spec
from algnet.analyses.fibers import identifiability
from algnet.core.backends import Exact

ODD = "layers Linear(2, 2), Polynomial(0, 1, 0, 1), Linear(2, 2)"
QUADRATIC = "layers Linear(2, 2, bias=True), Polynomial(0, 1, 1), Linear(2, 2)"
CUBIC = "layers Linear(2, 2, bias=True), Polynomial(1, 1, 3, 1), Linear(2, 2, bias=True)"
X = np.array([[Fraction(a), Fraction(b, 2)] for a, b in ((1, 4), (-3, 5), (2, -1), (4, 7), (0, 2), (-2, -3))],
             dtype=object)


def _f(net, th):
    return net.evaluate(np.array(th, dtype=object), X, backend=Exact()).tolist()


def test_the_reflections_by_hand():
    # t + t^2 = (t + 1/2)^2 - 1/4: t -> -1 - t keeps it; unit 0: W1 row 0 and b1[0] -> -1 - b1[0]
    net = parse_spec(QUADRATIC)
    th = [3, -2, 5, 1, -4, 7, 2, -3, 1, 6]      # W1, b1, W2
    assert _f(net, [-3, 2, 5, 1, 3, 7, 2, -3, 1, 6]) == _f(net, th)
    assert _f(net, [-3, 2, 5, 1, 4, 7, 2, -3, 1, 6]) != _f(net, th)     # b1[0] negated only: not a symmetry
    # 1 + t + 3 t^2 + t^3 = (t + 1)^3 - 2 (t + 1) + 2: about -1, sigma(-2 - t) = 4 - sigma(t); unit 1: W1 row 1
    # negated, b1[1] -> -2 - b1[1], W2's column w negated: -w (4 - h) = w h - 4 w, so b2 -> b2 + 4 w
    net = parse_spec(CUBIC)
    th = [3, -2, 5, 1, -4, 7, 2, -3, 1, 6, -5, 2]          # W1, b1, W2, b2
    w = [-3, 6]
    moved = [3, -2, -5, -1, -4, -9, 2, 3, 1, -6, -5 + 4 * w[0], 2 + 4 * w[1]]
    assert _f(net, moved) == _f(net, th)


def test_the_reflections_are_declared():
    for spec in (ODD, QUADRATIC, CUBIC):
        net = parse_spec(spec)
        assert net.finite_symmetry_order() == 8 and "reflection" in net.finite_symmetry_description()
        th = [3, -2, 5, 1, -4, 7, 2, -3, 1, 6, -5, 2][:net.n_params]
        for g in net.finite_actions():
            im = g(np.array([th], dtype=object))[0]
            assert list(im) != th and _f(net, im) == _f(net, th)


def test_an_asymmetric_quartic_or_a_missing_bias_has_none():
    # 1 + t + t^2 + t^4 is symmetric about no point (its t^3 coefficient puts v at 0, where t is odd); t + t^2
    # needs A's bias to move its input's center
    for spec in ("layers Linear(2, 2, bias=True), Polynomial(1, 1, 1, 0, 1), Linear(2, 2)",
                 "layers Linear(2, 2), Polynomial(0, 1, 1), Linear(2, 2)"):
        assert parse_spec(spec).finite_symmetry_order() == 2


def test_the_fiber_is_the_signs_and_the_orders():
    r = identifiability(ODD, seed=0)
    assert (r.fiber_dimension, r.symmetry_dimension, r.fiber_count, r.finite_symmetry_order) == (0, 0, 8, 8)
    r = identifiability(QUADRATIC, seed=0)
    assert (r.fiber_dimension, r.symmetry_dimension, r.fiber_count, r.finite_symmetry_order) == (0, 0, 8, 8)
