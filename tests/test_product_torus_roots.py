"""The components of a Product's rescaling group of order > 2 given as finite symmetries (roots of unity), against
hand counts of the fiber.

f = ((a.x)(b.x))^3 (two branches ending in cubes): f gives q = (a.x)(b.x) up to a cube root of unity w, and q
gives {a, b} up to (s a, b / s) and their order. The rescalings keeping f are {s^3 t^3 = 1}: s t = 1 (the torus)
and s t = w, w^2 (a -> w a, b kept), so the fiber holds 3 x 2 = 6 orbits of the torus: the torus orbit of (a, b)
is told by the matrix a b^T (a b^T = a' b'^T with nonzero vectors iff a' = s a, b' = b / s).
"""

import numpy as np

from algnet import parse_spec
from algnet.analyses.fibers import identifiability
from algnet.analyses.fibers_homotopy import symmetry_fiber_points
from algnet.analyses.fibers import gauge_coordinates

CUBES = "layers Product([Linear(2, 1), Power(3)], [Linear(2, 1), Power(3)])"
FOURTH = "layers Product([Linear(2, 1), Power(2)], [Linear(2, 1), Power(2)]), Power(2)"
X = np.array([[1, 2], [-3, 5], [2, -1], [4, 3], [0, 1], [5, -2], [1, 1], [-2, 7]], dtype=complex)
TH = [3, -1, 2, 5]


def _closure(net, th, limit=200):
    """The images of th under the group the declared finite actions generate (rounded to tell them apart)."""
    seen, frontier = {tuple(np.round(np.asarray(th, dtype=complex), 9))}, [np.asarray(th, dtype=complex)]
    while frontier and len(seen) < limit:
        nxt = []
        for v in frontier:
            for g in net.finite_actions():
                im = np.asarray(g(v[None, :]), dtype=complex)[0]
                if tuple(np.round(im, 9)) not in seen:
                    seen.add(tuple(np.round(im, 9)))
                    nxt.append(im)
        frontier = nxt
    return [np.array(k) for k in seen]


def _torus_orbits(points):
    return {tuple(np.round(np.outer(p[:2], p[2:]).ravel(), 6)) for p in points}


def _check(spec, n):
    net = parse_spec(spec)
    f0 = np.asarray(net.evaluate(np.array(TH, dtype=complex), X), dtype=complex)
    imgs = _closure(net, TH)
    for im in imgs:                 # every image is a symmetry of the function
        assert np.allclose(np.asarray(net.evaluate(im, X), dtype=complex), f0, rtol=1e-7, atol=1e-7 * abs(f0).max())
    assert len(_torus_orbits(imgs)) == n == net.finite_symmetry_order()


def test_a_cube_root_of_unity_is_a_declared_symmetry():
    # w a, b kept: ((w a.x)(b.x))^3 = f, not in the torus (a b^T moves); the exchange of a and b: 3 x 2 = 6
    _check(CUBES, 6)


def test_a_fourth_root_of_unity_after_the_product():
    # f = q^4: q up to i^k, 4 x 2 orders = 8 orbits (the sign flip alone reaches 4 of them)
    _check(FOURTH, 8)


def test_the_fiber_count_is_the_group():
    r = identifiability(CUBES, seed=0)
    assert (r.fiber_dimension, r.symmetry_dimension, r.fiber_count, r.finite_symmetry_order) == (1, 1, 6, 6)
    assert r.only_known_symmetries


def test_the_images_seed_a_slice_of_the_fiber():
    # the 6 images, carried into the gauge slice by a parameter homotopy: the 6 points of the gauge-fixed fiber
    net = parse_spec(CUBES)
    pts = symmetry_fiber_points(net, TH, gauge_coordinates(net, TH), 3, 0, net.finite_actions())
    assert pts.shape[0] == 6
