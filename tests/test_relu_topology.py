"""Topology of the region complex and PL Morse critical points, against hand-computed truth."""

from fractions import Fraction

import pytest

from algnet import parse_spec
from algnet.errors import NotApplicableError
from algnet.relu.model import PLModel
from algnet.relu.polyhedral import polyhedral_complex
from algnet.relu.regions import linear_regions
from algnet.relu.topology import complex_topology, gf2_rank


def _l1_shell(n):
    """F(z) = | |z_1| + ... + |z_n| - 1 |: zero on the unit l1 sphere, 1 at the origin."""
    rows = []
    for i in range(n):
        e = [0] * n
        e[i] = 1
        rows += [e, [-v for v in e]]
    return PLModel.from_layers([(rows, [0] * (2 * n)), ([[1] * (2 * n), [-1] * (2 * n)], [-1, 1]), ([[1, 1]], [0])])


def _morse_checks(top):
    """Euler characteristic of every sublevel set = alternating Morse count below it; weak Morse inequalities."""
    for t in top.critical_values():
        b = top.sublevel_betti(t)
        m = top.morse_numbers_below(t)
        assert sum((-1) ** k * v for k, v in enumerate(b)) == sum((-1) ** k * v for k, v in enumerate(m))
        assert all(bk <= mk for bk, mk in zip(b, m))
        # strong Morse inequalities
        for k in range(len(b)):
            assert sum((-1) ** (k - j) * m[j] for j in range(k + 1)) >= sum((-1) ** (k - j) * b[j] for j in range(k + 1))
    assert top.sublevel_betti(max(top.complex.values)) == top.betti


def test_l1_norm_one_minimum_2d():
    m = PLModel.from_layers([([[1, 0], [-1, 0], [0, 1], [0, -1]], [0] * 4), ([[1, 1, 1, 1]], [0])])
    top = complex_topology(linear_regions(m, box=(-1, 1, -1, 1)))
    assert top.euler_characteristic == 1 and top.betti == (1, 0, 0)
    assert top.morse_numbers == (1, 0, 0)
    (p, v, k, mult), = top.critical
    assert p == (0, 0) and v == 0 and k == 0 and mult == 1
    assert top.sublevel_betti(-Fraction(1, 10)) == (0, 0, 0)       # empty
    for t in ("0", "1/2", "3/2", "2"):
        assert top.sublevel_betti(t) == (1, 0, 0)                    # a diamond clipped to the box: contractible
    assert top.superlevel_betti("1/2") == (1, 1, 0)                  # the box minus an open diamond: an annulus
    assert top.superlevel_betti("3/2") == (4, 0, 0)                  # four corner triangles
    _morse_checks(top)


def test_annulus_2d():
    top = complex_topology(linear_regions(_l1_shell(2), box=(-2, 2, -2, 2)))
    assert top.sublevel_betti("1/2") == (1, 1, 0)                    # 1/2 <= |x| + |y| <= 3/2: an annulus
    assert top.sublevel_betti(1) == (1, 0, 0)                        # |x| + |y| <= 2
    assert top.morse_numbers == (1, 1, 1)                            # the zero loop (min + saddle), the peak at 0
    peak = [c for c in top.critical if c[2] == 2]
    assert len(peak) == 1 and peak[0][0] == (0, 0) and peak[0][1] == 1
    assert top.ties                                                   # F = 0 on the whole loop
    small = complex_topology(linear_regions(_l1_shell(2), box=("-3/2", "3/2", "-3/2", "3/2")))
    assert small.superlevel_betti(1) == (5, 0, 0)                    # the origin and four corner triangles
    _morse_checks(top)


def test_shell_3d():
    cx = polyhedral_complex(_l1_shell(3), box=(-2, 2))
    assert cx.certified
    top = complex_topology(cx)
    assert top.betti == (1, 0, 0, 0) and top.euler_characteristic == 1
    assert top.sublevel_betti("1/2") == (1, 0, 1, 0)                 # a thick octahedral shell: a 2-sphere
    assert top.sublevel_betti(1) == (1, 0, 0, 0)
    # the origin, and the cube minus the open octahedron |x|+|y|+|z| < 2 (touching the faces at 6 points):
    # on each ray from 0 an interval between the two surfaces, so it retracts onto the cube's boundary sphere
    assert top.superlevel_betti(1) == (2, 0, 1, 0)
    assert top.morse_numbers == (1, 0, 1, 1)
    _morse_checks(top)


def test_interval_1d():
    m = PLModel.from_layers([([[1], [-1]], [0, 0]), ([[1, 1]], [-1])])
    top = complex_topology(polyhedral_complex(m, box=(-2, 2)))
    assert top.f_vector == (3, 2) and top.morse_numbers == (1, 0)      # vertices -2, 0, 2
    assert top.superlevel_betti(0) == (2, 0) and top.sublevel_betti(-1) == (1, 0)


@pytest.mark.parametrize("spec,seed", [("relu 2-6-4-1", 0), ("relu 2-5-5-2", 3)])
def test_random_networks_2d(spec, seed):
    net = parse_spec(spec)
    part = linear_regions(net, net.random_params(seed=seed), box=(-2, 2, -2, 2))
    for out in range(net.widths[-1]):
        top = complex_topology(part, output=out)
        assert top.f_vector[2] == part.count
        _morse_checks(top)


def test_random_network_3d():
    net = parse_spec("relu 3-4-1")
    cx = polyhedral_complex(net, theta=net.random_params(seed=2), box=(-2, 2))
    top = complex_topology(cx)
    assert top.f_vector[3] == cx.count and top.euler_characteristic == 1
    _morse_checks(top)


def test_refusals_and_gf2():
    net = parse_spec("relu 2-3-1")
    with pytest.raises(NotApplicableError):
        complex_topology(linear_regions(net, net.random_params(seed=0), plane=True))
    assert gf2_rank([1, 1, 2]) == 2 and gf2_rank([]) == 0


def test_partial_partition_refused():
    """An interrupted enumeration covers part of the box: its topology is not the box's, so it is refused."""
    import dataclasses

    m = PLModel.from_layers([([[1, 0], [-1, 0], [0, 1], [0, -1]], [0] * 4), ([[1, 1, 1, 1]], [0])])
    part = linear_regions(m, box=(-1, 1, -1, 1))
    complex_topology(part)                                   # the whole box: fine
    cut = dataclasses.replace(part, regions=part.regions[:2], partial=True)
    with pytest.raises(NotApplicableError, match="partial"):
        complex_topology(cut)


def test_registered_analysis():
    from algnet.registry import get_analysis

    d = get_analysis("morse").run("relu 2-6-6-1", seed=4, box="-2,2,-2,2").as_dict()
    m = d["morse_numbers"]
    assert m[0] - m[1] + m[2] == 1 and d["certified"] and d["seed"] == 4
    assert d["sublevel_betti"][0] >= 1 or d["superlevel_betti"][0] >= 1    # one of them meets the box


def test_saddle_of_abs_x_minus_abs_y():
    # F = |x| - |y| on [-1, 1]^2: minima (0, +-1) on the boundary (F = -1), a saddle at the origin, no maximum
    # inside (the maxima (+-1, 0) lie on the boundary, where the sublevel sets only grow along it).
    m = PLModel.from_layers([([[1, 0], [-1, 0], [0, 1], [0, -1]], [0] * 4), ([[1, 1, -1, -1]], [0])])
    top = complex_topology(linear_regions(m, box=(-1, 1, -1, 1)))
    assert top.morse_numbers == (2, 1, 0) and not top.ties
    assert sorted((c[0], c[2]) for c in top.critical) == [((0, -1), 0), ((0, 0), 1), ((0, 1), 0)]
    assert top.sublevel_betti("-1/2") == (2, 0, 0)                   # two caps, top and bottom
    assert top.sublevel_betti(0) == (1, 0, 0)                        # |x| <= |y|: a bow tie joined at 0
    assert top.superlevel_betti("1/2") == (2, 0, 0) and top.superlevel_betti(0) == (1, 0, 0)
    _morse_checks(top)
