"""Symmetries whose units are taken back in by a Product's two branches or by a last block x + W x, and a Product
of activations acting as the activation it is, against hand computation and Macaulay2.

1. ``Linear(2, 2), Product(Linear(2, 1), [Linear(2, 1), Power(2)])``: y -> (a^T W y) (b^T W y)^2. GL(2) of the
   hidden layer feeding both branches: W -> g W, a^T -> a^T g^-1, b^T -> b^T g^-1. With u = W^T a, v = W^T b the
   map is the binary cubic u v^2 (a double root: dimension 3), so the fiber has dimension 8 - 3 = 5: GL(2) and the
   rescaling (a / t^2, t b); given the cubic, u and v are fixed up to that rescaling and (W, a, b) up to GL(2): one
   orbit.
2. ``Linear(2, 1), Product(Linear(1, 1), Linear(1, 1))``: y -> b c (w.y)^2: multiples of a square (dimension 2) by
   4 parameters: fiber dimension 2 (w -> s w with b c -> b c / s^2, and b -> t b, c -> c / t), one orbit.
3. ``Linear(2, 2), Residual(Linear(2, 2))``: y -> (1 + W) A y. A -> g A, 1 + W -> (1 + W) g^-1: the 2 x 2 matrix
   (1 + W) A has 4 entries, fiber dimension 8 - 4 = 4, one orbit (A pinned fixes W).
4. ``Linear(2, 2), Product(Power(1), Power(1)), Linear(2, 2)`` is ``Linear(2, 2), Power(2), Linear(2, 2)``
   (dense 2-2-2 r=2): the rescaling of each hidden neuron (A's row by s, C's column by s^-2) and their
   permutations: fiber dimension 2 = 8 - 6 (the image: pairs of binary quadratics, 6 coefficients), two orbits.
"""

from fractions import Fraction

import numpy as np
import pytest

from algnet.analyses.fibers import identifiability
from algnet.architectures.layers import Linear, Power, Product, Residual, Sequential
from algnet.core.backends import Exact
from m2_helpers import m2_values, needs_m2

X = np.array([[Fraction(1, 2), Fraction(-3)], [Fraction(2), Fraction(5, 3)], [Fraction(-7, 4), Fraction(1)],
              [Fraction(3), Fraction(2, 5)]], dtype=object)


def _both_branches():
    return Sequential(Linear(2, 2), Product(Linear(2, 1), [Linear(2, 1), Power(2)]))


def _one_unit():
    return Sequential(Linear(2, 1), Product(Linear(1, 1), Linear(1, 1)))


def _last_block(bias=False):
    return Sequential(Linear(2, 2, bias=bias), Residual(Linear(2, 2, bias=bias)))


def _square_product():
    return Sequential(Linear(2, 2), Product(Power(1), Power(1)), Linear(2, 2))


def _point(net, seed):
    rng = np.random.default_rng(seed)
    nums = rng.integers(1, 10, net.n_params) * rng.choice([-1, 1], net.n_params)       # no zero entry
    vals = [Fraction(int(a), int(b)) for a, b in zip(nums, rng.integers(1, 5, net.n_params))]
    return net.unflatten(np.array(vals, dtype=object))


def _value(net, prm):
    return net.evaluate(net.flatten(prm), X, backend=Exact()).tolist()


def _named(net):
    """The global parameter names of the linear layers in order (A, then the readers)."""
    out = []
    for lay in net._all_layers():
        if isinstance(lay, Linear):
            out.append(lay._names["W"])
    return out


G = np.array([[Fraction(2), Fraction(-1)], [Fraction(3, 2), Fraction(5)]], dtype=object)
G_INV = np.array([[G[1, 1], -G[0, 1]], [-G[1, 0], G[0, 0]]], dtype=object) / (G[0, 0] * G[1, 1] - G[0, 1] * G[1, 0])


@pytest.mark.parametrize("make", [_both_branches, _one_unit])
def test_gl_into_both_branches_keeps_the_function(make):
    net = make()
    wa, wl, wr = _named(net)
    prm = _point(net, 0)
    g = G if prm[wa].shape[0] == 2 else np.array([[Fraction(7, 3)]], dtype=object)
    g_inv = G_INV if prm[wa].shape[0] == 2 else np.array([[Fraction(3, 7)]], dtype=object)
    moved = dict(prm)
    moved[wa] = g.dot(prm[wa])
    moved[wl], moved[wr] = prm[wl].dot(g_inv), prm[wr].dot(g_inv)
    assert _value(net, moved) == _value(net, prm)
    moved[wr] = prm[wr]                         # one branch alone: not a symmetry
    assert _value(net, moved) != _value(net, prm)


def test_gl_into_a_last_block_keeps_the_function():
    net = _last_block()
    wa, ww = _named(net)
    prm = _point(net, 1)
    moved = dict(prm)
    moved[wa] = G.dot(prm[wa])
    moved[ww] = (np.eye(2, dtype=int) + prm[ww]).dot(G_INV) - np.eye(2, dtype=int)
    assert _value(net, moved) == _value(net, prm)
    moved[ww] = prm[ww].dot(G_INV)             # W alone: not a symmetry (the block's identity does not move)
    assert _value(net, moved) != _value(net, prm)


def test_a_product_of_two_identities_is_the_square():
    net, square = _square_product(), Sequential(Linear(2, 2), Power(2), Linear(2, 2))
    prm = _point(net, 2)
    assert _value(net, prm) == net.evaluate(square.flatten({"W1": prm["W1"], "W2": prm["W2"]}), X,
                                            backend=Exact()).tolist()
    s = Fraction(-5, 3)
    moved = dict(prm)                          # neuron 0 rescaled: its row by s, its column by s^-2
    moved["W1"], moved["W2"] = prm["W1"].copy(), prm["W2"].copy()
    moved["W1"][0, :] = prm["W1"][0, :] * s
    moved["W2"][:, 0] = prm["W2"][:, 0] / s ** 2
    assert _value(net, moved) == _value(net, prm)


@pytest.mark.parametrize("make, dim, count", [(_both_branches, 5, 1), (_one_unit, 2, 1), (_last_block, 4, 1),
                                              (_square_product, 2, 2)])
def test_the_known_symmetries_are_the_fiber(make, dim, count):
    r = identifiability(make(), seed=0)
    assert r.fiber_dimension == dim == r.symmetry_dimension
    assert r.fiber_count == count == r.finite_symmetry_order


def test_a_last_block_with_biases_takes_the_translations_back():
    # y -> (1 + W)(A y + a) + w: affine maps R^2 -> R^2 (6 coefficients) by 12 parameters: GL(2) and the
    # translations a -> a + t, w -> w - (1 + W) t
    r = identifiability(_last_block(bias=True), seed=0)
    assert r.fiber_dimension == 6 == r.symmetry_dimension and r.fiber_count == 1


def test_a_last_block_after_a_square_keeps_rescalings_and_permutations():
    # y -> (1 + W)(A y)^2 is dense 2-2-2 r=2 with V = 1 + W: the same fibers
    net = Sequential(Linear(2, 2), Power(2), Residual(Linear(2, 2)))
    r = identifiability(net, seed=0)
    assert (r.fiber_dimension, r.symmetry_dimension, r.fiber_count, r.finite_symmetry_order) == (2, 2, 2, 2)
    (swap,) = net.finite_actions()
    th = net.flatten(_point(net, 3))
    assert net.evaluate(swap(np.array([th]))[0], X, backend=Exact()).tolist() == net.evaluate(
        th, X, backend=Exact()).tolist()


def _m2_fiber(polys, point, pins):
    """Macaulay2: the dimension of the fiber {coefficients in x, y of polys = those at point} off the coordinate
    hyperplanes, and its number of points once the variables ``pins`` are fixed."""
    names = [f"v{i}" for i in range(len(point))]
    src = "\n".join([
        f"R = QQ[x,y,{','.join(names)}];", f"F = {{{', '.join(polys)}}};", f"S = QQ[{','.join(names)}];",
        "phi = map(S, R, {0_S, 0_S} | gens S);",
        "co = flatten apply(F, f -> apply(flatten entries (coefficients(f, Variables => {x, y}))_1, e -> phi e));",
        "p0 = {" + ", ".join(f"S_{i} => {v}" for i, v in enumerate(point)) + "};",
        "I = saturate(ideal apply(co, e -> e - sub(e, p0)), product gens S);",
        'print("dim " | toString dim I);',
        f'print("pins " | toString degree(I + ideal({", ".join(f"S_{j} - ({point[j]})" for j in pins)})));',
        "exit 0"])
    res = m2_values(src, "dim", timeout=120)
    return int(res["dim"]), int(res["pins"])


# the maps written out by hand: v0..v3 = the first layer's 2 x 2 matrix (row-major), then the readers'
_A = ["(v0*x + v1*y)", "(v2*x + v3*y)"]
M2_CASES = [
    (["(v4*" + _A[0] + " + v5*" + _A[1] + ")*(v6*" + _A[0] + " + v7*" + _A[1] + ")^2"], [2, -1, 3, 5, 4, -3, 7, 2],
     (0, 1, 2, 3, 6), _both_branches, 5, 1),                                    # pins: A (GL), b (the rescaling)
    (["v2*v3*(v0*x + v1*y)^2"], [3, -2, 5, 7], (0, 2), _one_unit, 2, 1),      # pins: w[0], b
    (["(1 + v4)*" + _A[0] + " + v5*" + _A[1], "v6*" + _A[0] + " + (1 + v7)*" + _A[1]], [2, -1, 3, 5, 4, -3, 7, 2],
     (0, 1, 2, 3), _last_block, 4, 1),                                          # pins: A
    (["v4*" + _A[0] + "^2 + v5*" + _A[1] + "^2", "v6*" + _A[0] + "^2 + v7*" + _A[1] + "^2"],
     [2, -1, 3, 5, 4, -3, 7, 2], (0, 2), _square_product, 2, 2),               # pins: each neuron's first weight
]


@needs_m2
@pytest.mark.parametrize("polys, point, pins, make, dim, count", M2_CASES)
def test_fibers_against_macaulay2(polys, point, pins, make, dim, count):
    assert _m2_fiber(polys, point, pins) == (dim, count)
    r = identifiability(make(), seed=1)
    assert (r.fiber_dimension, r.fiber_count) == (dim, count)


@pytest.mark.parametrize("make", [_both_branches, _one_unit, _last_block, lambda: _last_block(bias=True),
                                  _square_product])
def test_the_known_tangents_keep_the_function_to_first_order(make):
    # every tangent row is in the kernel of the Jacobian of theta -> f_theta(X), exactly
    net = make()
    theta = net.flatten(_point(net, 4))
    J = net.jacobian(theta, X, backend=Exact())
    T = np.array(net.symmetry_tangents(theta, backend=Exact()), dtype=object)
    assert T.shape[0] > 0 and not np.any(np.asarray(J, dtype=object).dot(T.T) != 0)


def _with(act):
    return [Sequential(Linear(2, 2), Residual([Linear(2, 2), act()]), Linear(2, 2)),
            Sequential(Product([Linear(2, 2), act()], Linear(2, 2)), Linear(2, 1))]


@pytest.mark.parametrize("k", [0, 1])
def test_a_product_of_identities_ends_a_block_or_a_branch_as_the_square_does(k):
    # the same functions as with Power(2) (checked exactly), so the same fibers and the same known symmetries
    net, square = _with(lambda: Product(Power(1), Power(1)))[k], _with(lambda: Power(2))[k]
    theta = net.flatten(_point(net, 5))
    assert net.evaluate(theta, X, backend=Exact()).tolist() == square.evaluate(theta, X, backend=Exact()).tolist()
    method = "none" if k == 0 else "auto"       # (counting the block's fiber is slow)
    r, s = identifiability(net, seed=0, method=method), identifiability(square, seed=0, method=method)
    assert (r.symmetry_dimension, r.finite_symmetry_order) == (s.symmetry_dimension, s.finite_symmetry_order) == (
        (2, 2) if k == 0 else (4, 2))
    assert r.fiber_dimension == s.fiber_dimension and r.fiber_count == s.fiber_count
