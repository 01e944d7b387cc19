"""The roots of unity a polynomial activation gives a unit (algnet.architectures.activation_symmetry), against
hand counts of the fiber and Macaulay2.

At the end of the network, where nothing takes a unit's output back: (W x)^2 determines each row of W up to its
sign (a quadratic form of rank 1 is +-(w.x)^2 only), (W x)^3 up to a cube root of unity; t + t^2 = (t + 1/2)^2 -
1/4 after a biased layer determines each row and bias up to the reflection (a, b) -> (-a, -1 - b). Fibers of
2 x 2 layers: 2^2, 3^2, 2^2 points, each one orbit of the group (Macaulay2, the fiber ideal over a random integer
point: degree 4, 9 and 4, dimension 0).

Between two linear layers a chain of activations is one polynomial: Product(t + t^3, t) = t^2 + t^4 is even, so
each unit's input sign is a symmetry (f = sum_i w_i sigma(a_i.x): the quartic part gives {(w_i, a_i)} up to
a_i -> s a_i, w_i -> w_i / s^4 and the order, the quadratic part then needs s^2 = 1: 2^2 signs x 2 orders = 8);
an odd activation t + t^3 between two convolutions negates a channel's filter, the next filter's taps on it
taking the sign back (Macaulay2: the fiber of Conv1d(1,2,2), t + t^3, Conv1d(2,1,2) on 3 inputs has degree 8,
dimension 0: 2 channel orders x 2^2 signs).

t + t^4 between two linear layers: (w t) + (w t)^4 = w (t + t^4) for w^3 = 1, the next layer's column divided by
w (f = sum_i c_i sigma(a_i.x): the quartic part gives (c_i, a_i) up to a_i -> s a_i, c_i -> c_i / s^4, the linear
part then needs s^3 = 1: 2 orders x 3^2 = 18; Macaulay2: the fiber of Linear(2,2), t + t^4, Linear(2,2) over a random
point has degree 18, dimension 0).

A last block x + W x followed by activations still takes the units' maps back in (1 + W) -> (1 + W) M^-1 (the
activations act on its output alone), and its output rows keep the roots of the activation: (B x)^2 with B =
(1 + W) A is (A, W) up to GL(2) and the 2^2 signs of B's rows (4 points on the slice A = A_0); ((1 + W) (A x)^2)^2
up to the rescalings of A's rows, their 2 orders and the 2^2 signs (8 points; Macaulay2: degree 4 and 8 on the
same slices, dimension 0). The base called the rescalings and GL hidden symmetries (known dimension 0).

A Product branch ending in sigma that is not homogeneous: f = sigma(u.x) (v.x) with sigma = t + t^3 has the
quadratic part q = (u.x)(v.x) and the quartic part (u.x)^2 q: u up to its sign, then v: 2 points, (u, v) -> (-u,
-v); t^2 + t^4 in the branch: (u.x)^2 from the quintic over the cubic part, u up to its sign alone: 2 points;
sigma(u.x) (v.x)^2: u up to its sign, then (v.x)^2 up to the sign sigma took: v or i v, 4 points (-u and +-i v);
sigma(u.x) sigma(v.x): q = (u.x)(v.x) up to u -> s u, v -> v / s and the order, the quartic part s^2 (u.x)^3 (v.x)
+ s^-2 (u.x)(v.x)^3 then s = +-1: 4 points (Macaulay2: degrees 2, 2, 4, 4, dimension 0).

An activation after a Product acts on its units p = (u.x)(v.x): sigma(p) = p^2 + p^4 gives p up to its sign (the
quartic part), then {u, v} up to u -> s u, v -> v / s and their order: 2 x 2 orbits of the rescalings, the sign
of p carried by u alone; t + t^3 before Linear(1, 2): p up to its sign again (C's column takes it back), 4
(Macaulay2: degree 4 and 4 on the slices, dimension 0).

A power moved off the origin between two biased layers, sigma = (t + 1)^2 or 1 + t^2: b -> b + 1 (or C's bias
absorbing the constant) turns the network into the one with t^2, whose fiber is the rescalings (t, t^-2) and the 2
orders (Macaulay2: 1 + t^2, the slice pinning each first-layer row's first weight has degree 2, dimension 0); the
base found no continuous symmetry (fiber dimension 2 > 0: "hidden") and 8 finite ones.

The fiber of (W x)^2 followed by a Product of two linear maps, (u.h)(v.h) with h = ((w_1.x)^2, (w_2.x)^2), is
12 points modulo the rescalings (Macaulay2: degree 12 on the gauge slice): a binary quartic is c_1 a^4 + c_2 a^2
b^2 + c_3 b^4 in exactly 3 ways (a, b up to scale and order: the roots of its resolvent cubic), each with 2
orders of (a, b) and 2 of the factors (u, v): the known group has order 4 and the fiber 3 orbits of it.
"""

from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.fibers import identifiability
from algnet.core.backends import Exact

X = np.array([[Fraction(a), Fraction(b, 2)] for a, b in ((1, 4), (-3, 5), (2, -1), (4, 7), (0, 2), (-2, -3))],
             dtype=object)
THETA = [3, -2, 5, 1, -4, 7, 2, -3, 1, 6, -5, 2]

SQUARE_END = "layers Linear(2, 2), Power(2)"
CUBE_END = "layers Linear(2, 2), Power(3)"
REFLECTED_END = "layers Linear(2, 2, bias=True), Polynomial(0, 1, 1)"
PRODUCT_SQUARE_END = "layers Linear(2, 2), Product(Power(1), Power(1))"
EVEN_PRODUCT = "layers Linear(2, 2), Product(Polynomial(0, 1, 0, 1), Power(1)), Linear(2, 1)"
ODD_CONV = "layers Conv1d(1, 2, 2), Polynomial(0, 1, 0, 1), Conv1d(2, 1, 2), input_shape=(3,)"
CUBE_ROOTS = "layers Linear(2, 2), Polynomial(0, 1, 0, 0, 1), Linear(2, 2)"
GL_LAST_BLOCK = "layers Linear(2, 2), Residual([Linear(2, 2)]), Power(2)"
SCALED_LAST_BLOCK = "layers Linear(2, 2), Power(2), Residual([Linear(2, 2)]), Power(2)"
ODD_BRANCH = "layers Product([Linear(2, 1), Polynomial(0, 1, 0, 1)], Linear(2, 1))"
EVEN_BRANCH = "layers Product([Linear(2, 1), Polynomial(0, 0, 1, 0, 1)], Linear(2, 1))"
ODD_SQUARE = "layers Product([Linear(2, 1), Polynomial(0, 1, 0, 1)], [Linear(2, 1), Power(2)])"
ODD_ODD = "layers Product([Linear(2, 1), Polynomial(0, 1, 0, 1)], [Linear(2, 1), Polynomial(0, 1, 0, 1)])"
EVEN_AFTER_PRODUCT = "layers Product(Linear(2, 1), Linear(2, 1)), Polynomial(0, 0, 1, 0, 1)"
ODD_AFTER_PRODUCT = "layers Product(Linear(2, 1), Linear(2, 1)), Polynomial(0, 1, 0, 1), Linear(1, 2)"
QUARTIC_PRODUCT = "layers Linear(2, 2), Power(2), Product(Linear(2, 1), Linear(2, 1))"


def _f(net, th, X=X):
    return net.evaluate(np.array(th, dtype=object), X, backend=Exact()).tolist()


@pytest.mark.parametrize("spec, order", [(SQUARE_END, 4), (CUBE_END, 9), (REFLECTED_END, 4), (PRODUCT_SQUARE_END, 4),
                                         (EVEN_PRODUCT, 8), (ODD_CONV, 8), (QUARTIC_PRODUCT, 4),
                                         (CUBE_ROOTS, 18), (GL_LAST_BLOCK, 4), (SCALED_LAST_BLOCK, 8),
                                         (ODD_BRANCH, 2), (EVEN_BRANCH, 2), (ODD_SQUARE, 4), (ODD_ODD, 4),
                                         (EVEN_AFTER_PRODUCT, 4), (ODD_AFTER_PRODUCT, 4)])
def test_the_orders_by_hand(spec, order):
    assert parse_spec(spec).finite_symmetry_order() == order


def test_the_actions_keep_the_function():
    for spec in (SQUARE_END, REFLECTED_END, PRODUCT_SQUARE_END, EVEN_PRODUCT, GL_LAST_BLOCK, SCALED_LAST_BLOCK,
                 ODD_BRANCH, EVEN_BRANCH, ODD_ODD, EVEN_AFTER_PRODUCT, ODD_AFTER_PRODUCT):
        net = parse_spec(spec)
        th = THETA[:net.n_params]
        for g in net.finite_actions():
            im = g(np.array([th], dtype=object))[0]
            assert list(im) != th and _f(net, im) == _f(net, th)
    net = parse_spec(ODD_CONV)
    th = THETA[:net.n_params]
    Xc = np.array([[Fraction(a), Fraction(b, 3), Fraction(-c)] for a, b, c in ((1, 4, 2), (-3, 5, 1), (2, -1, 7),
                                                                              (4, 7, -2), (0, 2, 5), (-2, -3, 3))],
                  dtype=object)
    for g in net.finite_actions():
        im = g(np.array([th], dtype=object))[0]
        assert list(im) != th and _f(net, im, Xc) == _f(net, th, Xc)
    net = parse_spec(CUBE_END)         # a cube root of unity: complex, checked in floating point
    th = np.array(THETA[:4], dtype=float)
    Xf = np.array(X, dtype=float)
    for g in net.finite_actions():
        W = g(np.array([th]))[0].reshape(2, 2)
        assert np.iscomplexobj(W) and np.allclose((Xf @ W.T) ** 3, (Xf @ th.reshape(2, 2).T) ** 3)
    net = parse_spec(ODD_SQUARE)       # (-u, i v)
    th = np.array(THETA[:4], dtype=float)
    u0, v0 = Xf @ th[:2], Xf @ th[2:]
    for g in net.finite_actions():
        im = g(np.array([th]))[0]
        u, v = Xf @ im[:2], Xf @ im[2:]
        assert not np.allclose(im, th) and np.allclose((u + u ** 3) * v ** 2, (u0 + u0 ** 3) * v0 ** 2)
    net = parse_spec(CUBE_ROOTS)       # W1's row times w, W2's column divided by w
    th = np.array(THETA[:8], dtype=float)

    def f(t):
        W1, W2 = t[:4].reshape(2, 2), t[4:].reshape(2, 2)
        h = Xf @ W1.T
        return (h + h ** 4) @ W2.T

    for g in net.finite_actions()[1:]:
        im = g(np.array([th]))[0]
        assert np.iscomplexobj(im) and not np.allclose(im, th) and np.allclose(f(im), f(th))


@pytest.mark.parametrize("spec, count", [(SQUARE_END, 4), (CUBE_END, 9), (REFLECTED_END, 4)])
def test_the_fiber_at_the_end_is_one_orbit(spec, count):
    r = identifiability(spec, seed=0, method="groebner")
    assert (r.fiber_count, r.count_status, r.finite_symmetry_order, r.only_known_symmetries) == (
        count, "exact", count, True)


@pytest.mark.parametrize("spec, dim, count", [(ODD_BRANCH, 0, 2), (EVEN_BRANCH, 0, 2), (ODD_SQUARE, 0, 4),
                                             (ODD_ODD, 0, 4), (EVEN_AFTER_PRODUCT, 1, 4)])
def test_a_branch_that_is_not_homogeneous(spec, dim, count):
    r = identifiability(spec, seed=0, method="groebner")
    assert (r.fiber_dimension, r.fiber_count, r.count_status, r.finite_symmetry_order, r.only_known_symmetries) == (
        dim, count, "exact", count, True)


@pytest.mark.parametrize("spec, dims, count", [(GL_LAST_BLOCK, 4, 4), (SCALED_LAST_BLOCK, 2, 8)])
def test_a_last_block_before_activations(spec, dims, count):
    r = identifiability(spec, seed=0, method="groebner")
    assert (r.fiber_dimension, r.symmetry_dimension, r.fiber_count, r.count_status, r.finite_symmetry_order,
            r.only_known_symmetries) == (dims, dims, count, "exact", count, True)


def test_a_block_ending_in_a_chain_of_activations():
    # x + sigma(F x) with sigma = t + t^3 followed by an identity, or t^3 then t + t^3 (t^3 + t^9): odd, so F's
    # output i negated with the stream's unit i (A's row, F's column, C's column) keeps the function (as with
    # sigma alone: 2 orders x 2^2 signs); t^3 + t^9 also keeps F's output i times a cube root of unity w
    # ((w y)^3 + (w y)^9 = y^3 + y^9): 2 orders x (2 x 3)^2
    for spec, order in (
            ("layers Linear(2, 2), Residual([Linear(2, 2), Polynomial(0, 1, 0, 1), Power(1)]), Linear(2, 2)", 8),
            ("layers Linear(2, 2), Residual([Linear(2, 2), Power(3), Polynomial(0, 1, 0, 1)]), Linear(2, 2)", 72)):
        net = parse_spec(spec)
        assert net.finite_symmetry_order() == order
        th = THETA[:net.n_params]
        for g in net.finite_actions():
            im = g(np.array([th], dtype=object))[0]
            assert list(im) != th and _close(net, im, th)


def _close(net, im, th):
    """f at ``im`` equals f at ``th``: exactly when ``im`` is rational, else to 1e-10 relative (complex roots of
    unity of order 3 are floats)."""
    if not any(isinstance(v, complex) for v in im):
        return _f(net, im) == _f(net, th)
    Xc = np.array(X, dtype=complex)
    a = net.evaluate(np.array(im, dtype=complex), Xc)
    b = net.evaluate(np.array(th, dtype=complex), Xc)
    return float(np.max(np.abs(a - b))) <= 1e-10 * float(np.max(np.abs(b)))


@pytest.mark.parametrize("act", ["Polynomial(1, 2, 1)", "Polynomial(1, 0, 1)"])
def test_a_shifted_power_has_the_rescalings_of_the_power(act):
    spec = f"layers Linear(2, 2, bias=True), {act}, Linear(2, 2, bias=True)"
    square = identifiability("layers Linear(2, 2, bias=True), Power(2), Linear(2, 2, bias=True)", seed=0,
                             method="none")
    r = identifiability(spec, seed=0, method="none")
    assert (r.fiber_dimension, r.symmetry_dimension, r.finite_symmetry_order, r.identifiable_up_to_dimension) == (
        square.fiber_dimension, square.symmetry_dimension, square.finite_symmetry_order, True) == (2, 2, 2, True)
    net = parse_spec(spec)                     # each tangent keeps the function to first order
    th = np.array(THETA, dtype=object)
    f0 = np.array(_f(net, th), dtype=object)
    for row in net.symmetry_tangents(th, backend=Exact()):
        eps = Fraction(1, 10 ** 12)
        d = (np.array(_f(net, th + eps * np.array(row, dtype=object)), dtype=object) - f0) / eps
        assert max(abs(x) for x in d.ravel()) < Fraction(1, 10 ** 4)


def test_a_linear_end_or_an_odd_end_has_none():
    # t + t^3 at the end: t -> -t changes its sign and nothing takes it back; a linear end keeps only 1
    assert parse_spec("layers Linear(2, 2), Polynomial(0, 1, 0, 1)").finite_symmetry_order() == 1
    assert parse_spec("layers Linear(2, 2), Power(2), Linear(2, 2)").finite_symmetry_order() == 2
    # t + t^2 needs the bias to move the input's center
    assert parse_spec("layers Linear(2, 2), Polynomial(0, 1, 1)").finite_symmetry_order() == 1


def test_the_output_signs_beside_a_junction():
    # (W2 (W1 x)^2)^2: the 2 orders of the hidden neurons (their rescalings are continuous) x the 2^2 output signs
    net = parse_spec("layers Linear(2, 2), Power(2), Linear(2, 2), Power(2)")
    assert net.finite_symmetry_order() == 8


@pytest.mark.slow
def test_the_quartic_product_has_three_orbits():
    # 12 points = 3 ways of writing the binary quartic x 2 orders x 2 factors; 4 known: 3 orbits (module doc)
    r = identifiability(QUARTIC_PRODUCT, seed=0, method="groebner", force=True)
    assert (r.fiber_dimension, r.symmetry_dimension, r.points_per_orbit) == (3, 3, 1)
    assert (r.fiber_count, r.count_status, r.finite_symmetry_order, r.only_known_symmetries) == (12, "exact", 4, False)
