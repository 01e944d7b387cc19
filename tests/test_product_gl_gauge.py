"""Fiber counts of Products whose branches also carry GL between two linear layers, against hand counts and
Macaulay2 (the fiber of the same parametrization, written out by hand, at an integer point).

Left branch x -> a^T W x (GL(2) between W and a: W -> M W, a -> M^-T a), right branch x -> (b.x)^2: the product
f = (c.x)(b.x)^2 with c = W^T a is a binary cubic with a double root, which gives the line of b and then c: c and b
up to (c / t^2, t b). The fiber is one orbit of GL(2) x {t}. The torus has the weight 2 on a (and 0 on W) and -1 on
b: a slice pinning W and a coordinate of a meets each orbit twice (t = -1: b -> -b), pinning W and a coordinate of b
once.
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.fibers import gauge_coordinates, identifiability
from algnet.analyses.fibers_torus import torus_gauge
from algnet.core.backends import Exact
from m2_helpers import m2_values, needs_m2

GL_LEFT = "layers Product([Linear(2, 2), Linear(2, 1)], [Linear(2, 1), Power(2)])"
GL_BOTH = "layers Product([Linear(2, 2), Linear(2, 1)], [Linear(2, 2), Linear(2, 1), Power(2)])"
X = [[1, 2], [-3, 5], [2, -1], [4, 3], [0, 1], [5, -2]]


def _same(net, a, b):
    return net.evaluate(np.array(a, dtype=object), X, backend=Exact()).tolist() == \
        net.evaluate(np.array(b, dtype=object), X, backend=Exact()).tolist()


def test_the_sign_of_the_square_is_in_the_torus():
    # theta = (W, a, b) (W row-major): b -> -b is t = -1 of the torus (a -> t^2 a kept), the same function; a
    # scaled alone is not a symmetry
    net = parse_spec(GL_LEFT)
    th = [2, -1, 3, 5, 4, -3, 7, 2]
    assert _same(net, th, th[:6] + [-7, -2])
    assert not _same(net, th, th[:4] + [8, -6] + th[6:])
    assert net.finite_symmetry_order() == 1


def test_a_weight_2_pivot_beside_gl_is_not_kept():
    # the pivots of the tangents are W (4: GL) and a[0] (weight 2): two slice points per orbit. The pins of the
    # torus move to b, whose weight is -1
    net = parse_spec(GL_LEFT)
    th = [2, -1, 3, 5, 4, -3, 7, 2]
    assert gauge_coordinates(net, th) == (0, 1, 2, 3, 4)
    pins, per = torus_gauge(net, th, (0, 1, 2, 3, 4))
    assert pins[:4] == (0, 1, 2, 3) and pins[4] in (6, 7) and per == 1


@pytest.mark.parametrize("spec", [GL_LEFT, GL_BOTH])
def test_the_fiber_is_one_orbit(spec):
    # GL_BOTH: the right branch x -> (b^T V x)^2 adds GL(2) between V and b; its product is the same cubic
    r = identifiability(spec, seed=0)
    assert r.identifiable_up_to_dimension and r.fiber_count == 1 == r.finite_symmetry_order
    assert r.only_known_symmetries and r.points_per_orbit == 1


def _m2_degrees(poly, point, pin_sets):
    """Macaulay2: the dimension of the fiber {coefficients in x of poly = those at point} off the coordinate
    hyperplanes, and its number of points cut by each set of pinned variables."""
    names = [f"v{i}" for i in range(len(point))]
    src = "\n".join([
        f"R = QQ[x,{','.join(names)}];", f"f = {poly};", f"S = QQ[{','.join(names)}];",
        "phi = map(S, R, {0_S} | gens S);",
        "co = apply(flatten entries (coefficients(f, Variables => {x}))_1, e -> phi e);",
        "p0 = {" + ", ".join(f"S_{i} => {v}" for i, v in enumerate(point)) + "};",
        "I = saturate(ideal apply(co, e -> e - sub(e, p0)), product gens S);",
        'print("dim " | toString dim I);',
    ] + [f'print("pins{k} " | toString degree(I + ideal({", ".join(f"S_{j} - ({point[j]})" for j in pins)})));'
         for k, pins in enumerate(pin_sets)] + ["exit 0"])
    res = m2_values(src, "dim", timeout=120)
    return int(res["dim"]), [int(res[f"pins{k}"]) for k in range(len(pin_sets))]


@needs_m2
def test_slice_points_against_macaulay2():
    # x = (x, 1) dehomogenized; v0..v3 = W, v4, v5 = a, v6, v7 = b
    poly = "(v4*(v0*x + v1) + v5*(v2*x + v3))*(v6*x + v7)^2"
    th = [2, -1, 3, 5, 4, -3, 7, 2]
    dim, degs = _m2_degrees(poly, th, [(0, 1, 2, 3, 4), (0, 1, 2, 3, 6)])
    assert dim == 5 and degs == [2, 1]
    assert identifiability(GL_LEFT, seed=1).fiber_count == 1
