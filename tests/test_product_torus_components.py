"""Fiber counts of Products whose rescaling group meets a gauge slice more than once or has several components,
against hand counts and Macaulay2 (the fiber of the same parametrization, written out by hand, at a random point).

A unit scaled by beta in its left branch and delta in its right one, the branches' units scaled by beta^eL and
delta^eR, is kept at the output when (beta^eL delta^eR)^r = 1 (r: the degree of the activations after the
product): the kernel of the character r (eL, eR), with r gcd(eL, eR) components. Only the connected one is a
torus of tangents; the others (a sign flip in one branch) are finite symmetries.
"""

import numpy as np

from algnet import parse_spec
from algnet.analyses.fibers import identifiability
from algnet.analyses.fibers_torus import torus_gauge
from algnet.core.backends import Exact
from m2_helpers import m2_values, needs_m2

SQUARES = "layers Product([Linear(2, 1), Power(2)], [Linear(2, 1), Power(2)])"
TWIN_SQUARE_BLOCKS = ("layers Product([Linear(1, 1), Residual([Linear(1, 1), Power(2)])], "
                      "[Linear(1, 1), Residual([Linear(1, 1), Power(2)])])")
X = [[1, 2], [-3, 5], [2, -1], [4, 3], [0, 1]]
X1 = [[1], [-2], [3], [5], [-4], [7]]


def _same(net, a, b, x):
    return net.evaluate(np.array(a, dtype=object), x, backend=Exact()).tolist() == \
        net.evaluate(np.array(b, dtype=object), x, backend=Exact()).tolist()


def _images(net, th):
    return [[int(v) for v in g(np.array([th], dtype=object))[0]] for g in net.finite_actions()]


def _m2_degrees(ring, poly, point, pins):
    """Macaulay2: the number of points (degree) of the fiber {coefficients in x of poly = those at point} off the
    coordinate hyperplanes, cut by each pin (variable index, value)."""
    n = len(point)
    src = "\n".join([
        f"R = QQ[x,{ring}];", f"f = {poly};", f"S = QQ[{ring}];",
        "phi = map(S, R, {0_S} | gens S);",
        "co = apply(flatten entries (coefficients(f, Variables => {x}))_1, e -> phi e);",
        "p0 = {" + ", ".join(f"S_{i} => {v}" for i, v in enumerate(point)) + "};",
        "I = saturate(ideal apply(co, e -> e - sub(e, p0)), product gens S);",
        'print("dim " | toString dim I);',
    ] + [f'print("pin{j} " | toString degree(I + ideal(S_{j} - ({v}))));' for j, v in pins] + ["exit 0"])
    res = m2_values(src, "dim", timeout=120)
    assert int(res["dim"]) == 1 and n == 4
    return {j: int(res[f"pin{j}"]) for j, _ in pins}


def test_squares_of_two_linear_forms_have_a_sign_component():
    # f = (a.x)^2 (b.x)^2 = q^2, q = (a.x)(b.x): f gives q up to its sign, q gives {a, b} up to (s a, b / s) and
    # their order. The rescalings keeping f are s^2 t^2 = 1: s t = 1 (the torus) and s t = -1, e.g. a -> -a, b
    # kept (s = -1 in the torus flips b too). Orbits of the torus in the fiber: 2 signs x 2 orders = 4, the known
    # group's components: the sign flip x the exchange of a and b = 4
    net = parse_spec(SQUARES)
    th = [3, -1, 2, 5]
    assert _same(net, th, [-3, 1, 2, 5], X) and _same(net, th, [2, 5, 3, -1], X)
    assert not _same(net, th, [6, -2, 2, 5], X)      # a scaled alone by 2: not a symmetry
    assert net.finite_symmetry_order() == 4
    assert "2 components" in net.finite_symmetry_description()
    assert [-3, 1, 2, 5] in _images(net, th)        # the sign flip is a declared generator
    r = identifiability(SQUARES, seed=0)
    assert (r.fiber_dimension, r.symmetry_dimension, r.fiber_count, r.finite_symmetry_order) == (1, 1, 4, 4)
    assert r.only_known_symmetries and r.points_per_orbit == 1


def test_twin_blocks_ending_in_a_square_count_orbits_not_slice_points():
    # left: a x + (b a x)^2 = a x (1 + alpha x), alpha = a b^2; right: c x (1 + beta x), beta = c d^2. f = a c x^2
    # (1 + alpha x)(1 + beta x) gives a c and {alpha, beta}. The torus (mu^2 a, b / mu, c / mu^2, mu d) has the
    # weights (2, -1, -2, 1): pinning a leaves mu = +-1, two points per orbit ((b, d) -> (-b, -d)); over an
    # order of {alpha, beta}, a pinned, b and d are fixed up to their signs: 4 points, 2 orbits; 2 orders: 4
    # orbits. The group keeping f: (a, b) -> (a / beta^2, beta b), (c, d) -> (c / delta^2, delta d), (beta
    # delta)^2 = 1: b -> -b alone is in its second component; with the exchange of the branches, order 4
    net = parse_spec(TWIN_SQUARE_BLOCKS)
    th = [3, -2, 5, 7]
    assert _same(net, th, [3, 2, 5, 7], X1) and _same(net, th, [5, 7, 3, -2], X1)
    assert not _same(net, th, [3, -2, 5 * 4, 7], X1)        # not every rescaling: the product sees a c
    assert torus_gauge(net, th, (0,)) == ((1,), 1)            # the pin of weight -1 (b): one point per orbit
    assert [3, 2, 5, 7] in _images(net, th) and [5, 7, 3, -2] in _images(net, th)
    assert net.finite_symmetry_order() == 4
    r = identifiability(TWIN_SQUARE_BLOCKS, seed=0)
    assert (r.fiber_dimension, r.symmetry_dimension, r.fiber_count, r.finite_symmetry_order) == (1, 1, 4, 4)
    assert r.only_known_symmetries


def test_twin_blocks_on_two_inputs():
    # f = q (1 + b^2 a.x)(1 + d^2 c.x), q = (a.x)(c.x): q (degree 2) gives {a, c} up to (mu^2 a, c / mu^2) and
    # order; the degree-3 part q (b^2 a.x + d^2 c.x) then gives b^2 and d^2: b, d up to their signs, (b, d) ->
    # (-b, -d) being mu = -1 of the torus: 2 orders x 2 = 4 orbits; known: b -> -b and the branches exchanged
    spec = TWIN_SQUARE_BLOCKS.replace("[Linear(1, 1), Res", "[Linear(2, 1), Res")
    r = identifiability(spec, seed=0)
    assert (r.fiber_dimension, r.symmetry_dimension, r.fiber_count, r.finite_symmetry_order) == (1, 1, 4, 4)
    assert r.only_known_symmetries


def test_coprime_degrees_or_a_next_layer_leave_one_component():
    # (a.x)^2 (b.x)^3: s^2 t^3 = 1 is the connected (u^3, u^-2); a next layer takes any scale of the unit
    for spec in ("layers Product([Linear(2, 1), Power(2)], [Linear(2, 1), Power(3)])",
                 "layers Product([Linear(2, 1), Power(2)], Linear(2, 1))",
                 "layers Product([Linear(2, 2), Power(2)], [Linear(2, 2), Power(2)]), Linear(2, 1)"):
        net = parse_spec(spec)
        assert "components" not in net.finite_symmetry_description()
    assert parse_spec("layers Product([Linear(2, 2), Power(2)], [Linear(2, 2), Power(2)]), Linear(2, 1)"
                      ).finite_symmetry_order() == 2 * 2 ** 2       # unit permutations, per-unit exchanges
    # the quintic (a.x)^2 (b.x)^3 has its double and triple roots: a, b up to (u^3 a, u^-2 b), one orbit; no
    # coordinate has weight +-1, a pin of weight -2 meets the orbit in 2 points (u = +-1)
    r = identifiability("layers Product([Linear(2, 1), Power(2)], [Linear(2, 1), Power(3)])", seed=0)
    assert (r.fiber_count, r.finite_symmetry_order, r.points_per_orbit) == (1, 1, 2) and r.only_known_symmetries


def test_a_square_after_the_product_doubles_the_components():
    # f = ((a.x)(b.x))^2: r = 2, eL = eR = 1: s t = +-1, the sign of q = (a.x)(b.x) and the order of {a, b}
    spec = "layers Product(Linear(2, 1), Linear(2, 1)), Power(2)"
    net = parse_spec(spec)
    assert _same(net, [3, -1, 2, 5], [-3, 1, 2, 5], X)
    r = identifiability(spec, seed=0)
    assert (r.fiber_count, r.finite_symmetry_order) == (4, 4) and r.only_known_symmetries


@needs_m2
def test_slice_points_per_orbit_against_macaulay2():
    # the twin blocks, written out: the slice a = a0 (weight 2) holds 8 points, b = b0 (weight -1) 4 = the orbits
    poly = "(a*x + a^2*b^2*x^2)*(c*x + c^2*d^2*x^2)"
    assert _m2_degrees("a,b,c,d", poly, [3, -2, 5, 7], [(0, 3), (1, -2)]) == {0: 8, 1: 4}
    r = identifiability(TWIN_SQUARE_BLOCKS, seed=1)
    assert r.fiber_count == 4
    # the squares, x = (x, 1) dehomogenized: pinning a1 (weight 1) meets each orbit once: 4 orbits
    poly = "(a*x + b)^2*(c*x + d)^2"
    assert _m2_degrees("a,b,c,d", poly, [3, -1, 2, 5], [(0, 3)]) == {0: 4}
    assert identifiability(SQUARES, seed=1).fiber_count == 4
