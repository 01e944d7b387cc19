"""Regions beyond 2-D: the region of a point in any dimension, certified complexes in dimension 3, zero-set meshes."""

from fractions import Fraction
from math import comb

import numpy as np
import pytest

from algnet import parse_spec
from algnet.errors import NonSmoothPointError
from algnet.relu.model import PLModel
from algnet.relu.polyhedral import polyhedral_complex, region_at, zero_set_mesh
from algnet.relu.regions import linear_regions


def test_zaslavsky_in_dimension_three():
    """5 generic planes in R^3 cut it into sum_{k<=3} C(5, k) = 26 regions; a huge box sees them all."""
    net = parse_spec("relu 3-5-1")
    cx = polyhedral_complex(net, theta=net.random_params(seed=1), box=(-10**4, 10**4))
    assert cx.count == sum(comb(5, k) for k in range(4)) and cx.certified
    assert cx.volume_covered == Fraction(2 * 10**4) ** 3


def test_two_dimensional_complex_equals_the_polygon_engine():
    net = parse_spec("relu 2-5-4-1")
    th = net.random_params(seed=2)
    cx = polyhedral_complex(net, theta=th, box=(-1, 1))
    part = linear_regions(net, th, box=(-1, 1, -1, 1))
    assert cx.certified and cx.count == part.count
    assert sorted(r.pattern for r in cx.regions) == sorted(r.pattern for r in part.regions)
    stats = cx.statistics()
    assert sum(s["volume"] for s in stats) == 4 and all(s["eccentricity"] >= 1 for s in stats)


def test_region_of_a_point_in_dimension_ten():
    net = parse_spec("relu 10-12-8-2")
    th = net.random_params(seed=3)
    m = PLModel.from_relu_network(net, th)
    rng = np.random.default_rng(0)
    x = [Fraction(int(v), 64) for v in rng.integers(-64, 64, 10)]
    R = region_at(m, x)
    _, pats = m.forward([x], exact=True, patterns=True)
    c, r = R.chebyshev()
    assert r > 0 and R.contains([Fraction(float(t)) for t in c], strict=True)
    M, t = R.affine_map()
    hits = 0
    for _ in range(60):                     # nearby points: inside the halfspaces <=> same pattern
        z = [v + Fraction(int(d), 4096) for v, d in zip(x, rng.integers(-600, 600, 10))]
        out, pz = m.forward([z], exact=True, patterns=True)
        same = all((a[0] == b[0]).all() for a, b in zip(pats, pz))
        assert R.contains(z) == same
        if same:
            hits += 1
            assert [sum(a * b for a, b in zip(row, z)) + tt for row, tt in zip(M, t)] == list(out[0])
    assert 0 < hits < 60
    with pytest.raises(NonSmoothPointError):
        region_at(PLModel.from_layers([([[1, 0]], [0]), ([[1]], [0])]), [0, 5])


def test_octahedron_zero_set_mesh_is_exact():
    W = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]]
    m = PLModel.from_layers([(W, [0] * 6), ([[1] * 6], ["-1/2"])])      # |x| + |y| + |z| - 1/2
    cx = polyhedral_complex(m, box=(-1, 1))
    assert cx.count == 8 and cx.certified
    V, T = zero_set_mesh(cx)
    assert len(T) == 8 and all(sum(abs(c) for c in v) == Fraction(1, 2) for v in V)
    assert len(V) == 6                       # the octahedron's vertices (+-1/2, 0, 0), ...


torch = pytest.importorskip("torch")


def test_region_at_of_a_cnn_with_max_pool():
    from algnet.relu import from_torch_model

    torch.manual_seed(0)
    cnn = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 2), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
                              torch.nn.Linear(2, 2)).eval()
    m = from_torch_model(cnn, input_shape=(1, 3, 3))
    x = [Fraction(int(v), 16) for v in np.random.default_rng(1).integers(-16, 16, 9)]
    R = region_at(m, x)
    assert R.contains(x, strict=True) and "|" in R.pattern
    M, t = R.affine_map()
    out = m.forward([x], exact=True)[0]
    assert [sum(a * b for a, b in zip(row, x)) + tt for row, tt in zip(M, t)] == list(out)


def test_region_vertices_of_a_second_box_are_its_own():
    """The quadrant x, y >= 0 (region '11' of relu(x) + relu(y)) meets [lo, hi]^2 in the square with corners
    in {0, hi}^2 (by hand); the vertices are cached on the region per box, so a second box gets its own square
    (the cache once ignored the box and returned the first one), and the box's exact value is the key."""
    from algnet.relu.polyhedral import region_vertices

    m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    R = region_at(m, [1, 1])
    square = lambda h: [(Fraction(0), Fraction(0)), (Fraction(0), Fraction(h)), (Fraction(h), Fraction(0)),
                        (Fraction(h), Fraction(h))]
    assert region_vertices(R, (-1, 1), 2) == square(1)
    assert region_vertices(R, (-2, 2), 2) == square(2)
    assert region_vertices(R, ("-1", "1"), 2) == square(1)
    assert region_vertices(R, (-1, "1/2"), 2) == square(Fraction(1, 2))
