"""The vertices of a plane partition (``RegionPartition.distinct_vertices``) against hand counts and against the
exact polyhedral route (:func:`algnet.relu.polyhedral.region_vertices`)."""

from __future__ import annotations

from fractions import Fraction as Fr

from algnet import parse_spec
from algnet.relu.constructions import arrangement_network
from algnet.relu.polyhedral import polyhedral_complex, region_vertices
from algnet.relu.regions import linear_regions

# y = 0, x = 0, x + y = 1, x - 2y + 1 = 0: no two parallel, no three through one point; their six crossings
# (0, 0), (1, 0), (-1, 0), (0, 1), (0, 1/2), (1/3, 2/3) lie inside [-2, 2]^2, and each line leaves the box at two
# points of its sides, none a corner: (+-2, 0), (0, +-2), (-1, 2), (2, -1), (-2, -1/2), (2, 3/2)
LINES = [(0, 1, 0), (1, 0, 0), (1, 1, -1), (1, -2, 1)]
CROSSINGS = {(0, 0), (1, 0), (-1, 0), (0, 1), (0, Fr(1, 2)), (Fr(1, 3), Fr(2, 3))}
EXITS = {(-2, 0), (2, 0), (0, -2), (0, 2), (-1, 2), (2, -1), (-2, Fr(-1, 2)), (2, Fr(3, 2))}
CORNERS = {(-2, -2), (-2, 2), (2, -2), (2, 2)}


def _points(part):
    return {(Fr(x, w), Fr(y, w)) for x, y, w in part.distinct_vertices()}


def test_lines_in_general_position_whole_plane_has_only_the_crossings():
    net, theta = arrangement_network(LINES)
    part = linear_regions(net, theta, plane=True)
    assert part.count == 1 + 4 + 6                     # Zaslavsky: 1 + n + C(n, 2)
    assert _points(part) == CROSSINGS and part.n_vertices == 6
    assert part.as_dict()["vertices"] == 6


def test_lines_in_general_position_in_a_box_add_the_exits_and_corners():
    net, theta = arrangement_network(LINES)
    part = linear_regions(net, theta, box=(-2, 2, -2, 2))
    assert _points(part) == CROSSINGS | EXITS | CORNERS and part.n_vertices == 6 + 8 + 4


def test_lines_without_crossings_have_no_vertex_on_the_plane():
    # one line, or two parallel ones: no crossing (the regions' outlines keep a point on each line, no vertex)
    for lines in ([(1, 0, -5)], [(1, 0, -5), (1, 0, -7)], [(1, 2, -30)]):
        part = linear_regions(*arrangement_network(lines), plane=True)
        assert part.count == len(lines) + 1 and part.n_vertices == 0, lines


def test_three_random_neurons_on_the_whole_plane():
    # relu 2-3-1 (seed 0): three lines, 7 = 1 + 3 + 3 regions (general position), hence C(3, 2) = 3 crossings;
    # the region representation also holds a point on an unbounded edge, which is no vertex
    net = parse_spec("relu 2-3-1")
    part = linear_regions(net, net.random_params(seed=0), plane=True)
    assert part.count == 7 and part.n_vertices == 3


def test_vertices_agree_with_the_polyhedral_route_and_the_plane_with_a_big_box():
    net = parse_spec("relu 2-5-4-1")
    theta = net.random_params(seed=4)
    box = linear_regions(net, theta, box=(-1, 1, -1, 1))
    cx = polyhedral_complex(net, theta=theta, box=(-1, 1))
    assert cx.certified and cx.count == box.count
    assert _points(box) == {tuple(v) for R in cx.regions for v in region_vertices(R, (-1, 1), 2)}
    # the whole plane's vertices are those of a box holding them all, except the box's own boundary points
    plane = linear_regions(net, theta, plane=True)
    R = max(max(abs(x), abs(y)) for x, y in _points(plane)) * 2 + 1
    big = _points(linear_regions(net, theta, box=(-R, R, -R, R)))
    assert _points(plane) == {p for p in big if max(abs(p[0]), abs(p[1])) < R}


def test_regions_cli_counts_vertices_and_refuses_them_with_the_float_engine(capsys):
    import json

    from algnet.cli import main

    # the three crossings of relu 2-3-1 (seed 0) on the whole plane, as above
    assert main(["regions", "relu 2-3-1", "--seed", "0", "--plane", "--vertices", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["regions"] == 7 and doc["vertices"] == 3
    assert main(["regions", "relu 2-3-1", "--seed", "0", "--plane", "--vertices"]) == 0
    assert "; 3 distinct vertices;" in capsys.readouterr().out
    # the float64 engine has no exact vertices: asking for them is refused, not silently dropped
    assert main(["regions", "relu 2-3-1", "--seed", "0", "--float", "--vertices"]) == 2
    err = capsys.readouterr().err
    assert "--vertices" in err and "drop --float" in err and "Traceback" not in err
    assert main(["regions", "relu 2-3-1", "--seed", "0", "--float", "--json"]) == 0
    assert "vertices" not in json.loads(capsys.readouterr().out)
