"""Critical points on subspaces where the image is one point: found, counted modulo the rescalings, and sets of
positive dimension modulo the rescalings reported with that dimension (hand computations in each test).

linear 1-1-1-1, L = (a b c - 2)^2: grad L = 2 (a b c - 2) (b c, a c, a b) vanishes on a b c = 2 (one orbit of the
rescalings, pure) and where two of a, b, c are 0: the three axes, each one orbit besides the origin. Five classes.
Before, 2 (the pure one and the origin): the subspaces a = b = 0 etc. have the image 0 and were skipped.
"""

import numpy as np

from algnet.analyses.critical import critical_points
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.spurious import spurious_points
from algnet.analyses.critical.system import GradientFamily
from algnet.analyses.critical.zero_patterns import parameter_dimension


def _support(theta):
    return tuple(int(abs(t) > 1e-8) for t in theta)


def test_linear_1111_five_classes():
    r = critical_points("linear 1-1-1-1", target=[2.0], seed=0, loss="frobenius")
    assert (r.critical_points, r.pure, r.spurious, r.positive_dimensional) == (5, 1, 4, ())
    assert not r.partial
    spur = sorted(_support(p.theta) for p in r.points if not p.pure)
    assert spur == [(0, 0, 0), (0, 0, 1), (0, 1, 0), (1, 0, 0)]
    for p in r.points:
        a, b, c = np.asarray(p.theta).real
        assert np.max(np.abs(2 * (a * b * c - 2) * np.array([b * c, a * c, a * b]))) < 1e-9   # the hand gradient
    # on an axis L = 4 - 4 a b c + ...: indefinite in the two zero entries, a saddle (by hand)
    assert sorted(p.kind for p in r.points if not p.pure and any(p.theta)) == ["saddle"] * 3


def test_dense_111_square_the_line_w1_zero_is_one_class():
    """y = w2 w1^2 (dense 1-1-1 r=2): grad L = 2 (w2 w1^2 - u) (2 w1 w2, w1^2) vanishes on w1 = 0 for every w2 (one
    orbit of (w1, w2) -> (t w1, w2 / t^2) besides the origin); on w2 = 0 only at w1 = 0. Three classes (before 2)."""
    net, L, rng = network_and_loss("dense 1-1-1 r=2", target=[1.0], loss="frobenius", seed=0)
    pts = spurious_points(net, L, 1, rng)
    assert sorted(_support(p.theta) for p in pts) == [(0, 0), (0, 1)]
    assert all(p.dimension == 0 for p in pts)


def test_linear_2112_positive_dimensional_set_modulo_rescalings():
    """Y = b c a^T (a, c in C^2, b scalar), target U invertible. Every rank drop has Y = 0 (a, b or c zero), where
    grad L = (-b U^T c, -c^T U a, -b U a): b != 0 forces a = c = 0 (the orbit of (0, 1, 0)); b = 0 leaves
    c^T U a = 0, a quadric of dimension 3 in (a, c) on which the rescalings have orbits of dimension 2: one critical
    set of dimension 1 modulo them (by hand). So 2 pure points (Eckart-Young), the origin, (0, 1, 0), and the set."""
    U = np.array([[3.0, -2.0], [1.0, 5.0]])
    r = critical_points("linear 2-1-1-2", target=U.ravel(order="F").tolist(), seed=0, loss="frobenius")
    assert (r.critical_points, r.pure, r.spurious) == (4, 2, 3)
    assert list(r.positive_dimensional) == [1]
    (s,) = [p for p in r.points if p.dimension]
    net, L, rng = network_and_loss("linear 2-1-1-2", target=U.ravel(order="F").tolist(), seed=0, loss="frobenius")
    th = np.asarray(s.theta)
    assert abs(th[2]) < 1e-9 and np.max(np.abs(s.image)) < 1e-9
    # the set through it has dimension 3 in the parameters (the quadric), the rescalings' orbits 2: 1 modulo them
    assert parameter_dimension(GradientFamily(net, L, (), [], rng), th, L.u) == 3


def test_linear_121_no_new_classes():
    """y = c . a (linear 1-2-1, GL(2) symmetry): grad L = 2 (c . a - u) (c, a) vanishes on c . a = u and at the
    origin only: two classes, unchanged."""
    r = critical_points("linear 1-2-1", target=[2.0], seed=0, loss="frobenius")
    assert (r.critical_points, r.pure, r.spurious, r.positive_dimensional) == (2, 1, 1, ())
