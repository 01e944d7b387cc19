"""Per-region statistics against hand-computed polygons."""

import math
from fractions import Fraction

import numpy as np
import pytest

from algnet.relu.constructions import arrangement_network
from algnet.relu.regions import linear_regions
from algnet.relu.stats import chebyshev_disc, polygon_moments, region_statistics


def _by_centroid(st):
    return {tuple(round(float(v), 9) for v in c): i for i, c in enumerate(st.centroid)}


def test_right_triangles():
    # the diagonal x + y = 2 cuts [0, 2]^2 into two right isosceles triangles with legs 2
    net, th = arrangement_network([(1, 1, -2)])
    st = region_statistics(linear_regions(net, th, box=(0, 2, 0, 2)))
    assert st.count == 2 and st.area_exact == (2, 2)
    assert np.allclose(st.perimeter, 4 + 2 * math.sqrt(2))
    assert np.allclose(st.inradius, 2 - math.sqrt(2))               # (a + b - c) / 2 for a right triangle
    idx = _by_centroid(st)
    assert set(idx) == {(round(2 / 3, 9),) * 2, (round(4 / 3, 9),) * 2}
    # vertex covariance of a triangle: (1/12) sum (v - c)(v - c)^T = [[2/9, -1/9], [-1/9, 2/9]], eigenvalues 1/3, 1/9
    assert np.allclose(st.eccentricity, math.sqrt(1 - (1 / 9) / (1 / 3)))
    lo = idx[(round(2 / 3, 9),) * 2]
    r = 2 - math.sqrt(2)
    assert np.allclose(st.chebyshev_centre[lo], [r, r])             # incentre of (0,0), (2,0), (0,2)
    assert st.edges.tolist() == [3, 3]


def test_square_and_rectangle():
    net, th = arrangement_network([(1, 0, -1)])                      # x = 1 in [0, 3] x [0, 1]
    st = region_statistics(linear_regions(net, th, box=(0, 3, 0, 1)))
    sq, rect = (0, 1) if st.area[0] == 1 else (1, 0)
    assert st.area_exact[sq] == 1 and st.area_exact[rect] == 2
    assert st.perimeter[sq] == pytest.approx(4) and st.perimeter[rect] == pytest.approx(6)
    assert st.eccentricity[sq] == pytest.approx(0, abs=1e-12)
    assert st.eccentricity[rect] == pytest.approx(math.sqrt(3) / 2)   # mu20 = 4/12, mu02 = 1/12
    assert np.allclose(st.inradius, 0.5)
    assert st.chebyshev_centre[rect][1] == pytest.approx(0.5) and 1.5 <= st.chebyshev_centre[rect][0] <= 2.5


def test_whole_plane_unbounded_and_clipped():
    net, th = arrangement_network([(1, 0, 0), (-1, 0, 1)])            # a strip 0 < x < 1 between two half-planes
    part = linear_regions(net, th, plane=True)
    st = region_statistics(part)
    assert not st.bounded.any() and np.isinf(st.area).all()
    assert sorted(st.inradius.tolist()) == [0.5, math.inf, math.inf]
    clipped = region_statistics(part, box=(-1, 3, 0, 2))
    assert sum(clipped.area_exact) == 8 and sorted(clipped.area_exact) == [2, 2, 4]
    assert clipped.bounded.all()


def test_random_network_tiles_the_box():
    from algnet import parse_spec

    net = parse_spec("relu 2-6-5-1")
    part = linear_regions(net, net.random_params(seed=3), box=(-1, 1, -1, 1))
    st = region_statistics(part)
    assert sum(st.area_exact) == 4                                  # independent: the regions tile the box
    for R, r, c in zip(part.regions, st.inradius, st.chebyshev_centre):
        assert r > 0 and R.contains(Fraction(float(c[0])), Fraction(float(c[1])))
        assert r <= math.sqrt(float(R.area()) / math.pi) + 1e-12     # a disc of radius r fits inside
    d = st.as_dict()
    assert d["certified"] and len(d["area"]) == st.count


def test_moments_and_disc_helpers():
    A, c, _ = polygon_moments([(0, 0), (0, 1), (1, 1), (1, 0)])     # clockwise input
    assert A == 1 and c == (Fraction(1, 2), Fraction(1, 2))
    z, r = chebyshev_disc([(0, 1, 0), (0, -1, 4), (1, 0, 0), (-1, 0, 1)])
    assert r == pytest.approx(0.5) and z[0] == pytest.approx(0.5)
