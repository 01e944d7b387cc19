"""Exact linear regions: hyperplane arrangements, hand-built networks, consistency with the forward pass."""

from fractions import Fraction as Fr
from itertools import combinations
from math import prod

import numpy as np
import pytest

from algnet import parse_spec
from algnet.errors import ParameterError, TooLargeError
from algnet.relu.constructions import affine_network, arrangement_network, montufar_network
from algnet.relu.regions import Slice, linear_regions
from algnet.theorems.formulas import zaslavsky_regions


def _line_arrangement_regions(lines):
    """Regions of a line arrangement in R^2 by the classical count
    1 + n + sum over intersection points p of (m_p - 1) (m_p lines through p)."""
    pts = {}
    for i, j in combinations(range(len(lines)), 2):
        (a1, b1, c1), (a2, b2, c2) = lines[i], lines[j]
        det = a1 * b2 - a2 * b1
        if det == 0:
            continue
        p = (Fr(b1 * c2 - b2 * c1, det), Fr(c1 * a2 - c2 * a1, det))
        pts.setdefault(p, set()).update((i, j))
    return 1 + len(lines) + sum(len(s) - 1 for s in pts.values())


@pytest.mark.parametrize("n,seed", [(1, 0), (3, 1), (5, 2), (9, 3)])
def test_generic_one_hidden_layer_is_zaslavsky(n, seed):
    net = parse_spec(f"relu 2-{n}-1")
    theta = net.random_params(seed=seed)
    part = linear_regions(net, theta, plane=True)
    W, b = net.layers(theta)[0]
    lines = [(W[i, 0], W[i, 1], b[i]) for i in range(n)]
    assert part.count == _line_arrangement_regions(lines) == zaslavsky_regions(n, 2)
    assert part.n_bounded == (n - 1) * (n - 2) // 2          # bounded regions of a generic arrangement


def test_special_arrangement_concurrent_and_parallel():
    # three lines through the origin, two parallel lines, one more: counted by hand formula
    lines = [(1, 0, 0), (0, 1, 0), (1, 1, 0), (1, 1, -2), (1, -1, 3), (2, 1, -1)]
    net, theta = arrangement_network(lines, out=[1, -2, 3, 1, -1, 2])
    part = linear_regions(net, theta, plane=True)
    assert part.count == _line_arrangement_regions(lines)
    assert part.count < zaslavsky_regions(len(lines), 2)


def test_one_dimensional_input_strips():
    net = parse_spec("relu 1-4-1")
    theta = net.random_params(seed=0)
    assert linear_regions(net, theta, plane=True).count == 5


def test_network_affine_on_the_box():
    net, theta = affine_network([2, 5, 4, 2], seed=3)
    part = linear_regions(net, theta, box=(-1, 1, -1, 1))
    assert part.count == 1 and part.regions[0].pattern == "11111|1111"
    assert part.regions[0].area() == 4


@pytest.mark.parametrize("hidden", [[2, 2], [3, 2], [2, 2, 3]])
def test_montufar_construction_on_unit_interval(hidden):
    net, theta = montufar_network(hidden)
    part = linear_regions(net, theta, box=(0, 1, 0, 1))
    expected = prod(hidden[:-1]) * (hidden[-1] + 1)   # by construction: folds x breakpoints
    assert part.count == expected == part.linear_region_count()


def test_partition_agrees_with_forward_pass():
    net = parse_spec("relu 2-6-5-3")
    theta = net.random_params(seed=11)
    part = linear_regions(net, theta, box=(-2, 2, -2, 2))
    assert sum(r.area() for r in part.regions) == 16
    pats = {r.pattern for r in part.regions}
    assert len(pats) == part.count                     # convex cells have distinct patterns
    for r in part.regions:
        pts = r.interior_points(3)
        fp = net.forward_exact(theta, [list(p) for p in pts])
        assert all(s == r.pattern for s in fp.pattern_strings())
        M, t = r.affine_map()
        for p, out in zip(pts, fp.outputs):
            assert [M[k][0] * p[0] + M[k][1] * p[1] + t[k] for k in range(3)] == list(out)
    # grid of random points: each pattern seen is a region
    X = net.random_inputs(200, seed=1, bound=2**9, denominator=2**8)
    for s in net.forward_exact(theta, X).pattern_strings():
        if "z" not in s:
            assert s.replace("", "") in pats


def test_plane_equals_big_box():
    net = parse_spec("relu 2-5-4-1")
    theta = net.random_params(seed=4)
    plane = linear_regions(net, theta, plane=True)
    V = plane.distinct_vertices()
    R = max(max(abs(Fr(x, w)), abs(Fr(y, w))) for x, y, w in V) * 2 + 1
    box = linear_regions(net, theta, box=(-R, R, -R, R))
    assert box.count == plane.count
    assert sorted(r.pattern for r in box.regions) == sorted(r.pattern for r in plane.regions)
    assert plane.n_bounded == sum(1 for r in box.regions if not any(
        v[2] != 0 and (abs(Fr(v[0], v[2])) == R or abs(Fr(v[1], v[2])) == R) for v in r.verts))


def test_adjacency_graph_of_arrangement():
    # 2 perpendicular lines: 4 quadrants in a cycle
    net, theta = arrangement_network([(1, 0, 0), (0, 1, 0)])
    G = linear_regions(net, theta, plane=True).adjacency_graph()
    assert G.number_of_nodes() == 4 and G.number_of_edges() == 4
    assert all(d == 2 for _, d in G.degree())


def test_decision_boundary_by_hand():
    # F = ReLU(x) + ReLU(y) - 1: zero set is the segment (1,0)-(0,1) with rays x = 1 (down) and y = 1 (left)
    net = parse_spec("relu 2-2-1")
    theta = [1, 0, 0, 1, 0, 0, 1, 1, -1]
    db = linear_regions(net, theta, plane=True).decision_boundary()
    assert len(db.polylines) == 1
    line = db.polylines[0]
    if line[0][0] != "inf" or line[0][1] != (-1, 0):
        line = line[::-1]
    assert line == [("inf", (-1, 0)), (0, 1), (1, 0), ("inf", (0, -1))]


def test_argmax_boundary_two_classes():
    # outputs (x, y): classes separated by the diagonal x = y inside the box
    net = parse_spec("relu 2-2-2")
    theta = [1, 0, 0, 1, 5, 5, 1, 0, 0, 1, 0, 0]     # hidden neurons always active on the box
    db = linear_regions(net, theta, box=(-1, 1, -1, 1)).decision_boundary()
    assert db.kind == "argmax boundary"
    pts = {p for (a, b), _ in db.segments for p in (a, b)}
    assert pts == {(Fr(-1), Fr(-1)), (Fr(1), Fr(1))}


def test_slice_of_three_dimensional_input():
    net = parse_spec("relu 3-4-1")
    theta = net.random_params(seed=0)
    sl = Slice.from_dict({"origin": [0, 0, "1/2"], "directions": [[1, 0, 0], [0, 1, 1]]}, 3)
    part = linear_regions(net, theta, plane=True, slice=sl)
    assert part.count == zaslavsky_regions(4, 2)      # generic lines in the slice
    for r in part.regions[:5]:
        u, v = r.interior_points(1)[0]
        assert net.activation_patterns(theta, [list(sl.point(u, v))]) == [r.pattern]
    with pytest.raises(ParameterError):
        Slice.from_dict({"origin": [0, 0, 0], "directions": [[1, 0, 0], [2, 0, 0]]}, 3)


def test_workers_give_the_same_partition():
    net = parse_spec("relu 2-12-12-1")
    theta = net.random_params(seed=2)
    a = linear_regions(net, theta, box=(-2, 2, -2, 2))
    b = linear_regions(net, theta, box=(-2, 2, -2, 2), workers=2)
    assert sorted(r.pattern for r in a.regions) == sorted(r.pattern for r in b.regions)


def test_refusal_and_bad_input():
    net = parse_spec("relu 2-8-8-1")
    with pytest.raises(TooLargeError):
        linear_regions(net, net.random_params(seed=0), box=(-5, 5, -5, 5), max_regions=10)
    with pytest.raises(ParameterError):
        linear_regions(net, net.random_params(seed=0), box=(1, -1, 0, 1))


def test_plot(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    net = parse_spec("relu 2-4-2")
    ax = linear_regions(net, net.random_params(seed=0), plane=True).plot()
    assert ax.get_xlabel() == "x0"
    ax.figure.savefig(tmp_path / "r.png")
    assert (tmp_path / "r.png").stat().st_size > 1000


def test_float32_weights_deep_network_big_integers():
    # float32 weights converted exactly: large common denominators push the layer maps
    # beyond int64, exercising the Python-integer path of the enumeration
    from algnet.relu.weights import network_from_layers

    rng = np.random.default_rng(0)
    ws = [2, 5, 5, 5, 5, 5, 1]
    layers = [(rng.standard_normal((ws[i + 1], ws[i])).astype(np.float32),
               rng.standard_normal(ws[i + 1]).astype(np.float32)) for i in range(len(ws) - 1)]
    net, theta = network_from_layers(layers)
    part = linear_regions(net, theta, box=(-3, 3, -3, 3))
    assert sum(r.area() for r in part.regions) == 36
    for r in part.regions:
        pts = r.interior_points(2)
        assert all(s == r.pattern for s in net.forward_exact(theta, [list(p) for p in pts]).pattern_strings())


# ------------------------------------------------------------ filtered engine (float filter, exact fallback)
def _exact_data(part):
    return sorted((r.pattern, frozenset(r.vertices), r.out_num) for r in part.regions)


def _float_net(ws, seed, scale_bias=1.0):
    from algnet.relu.weights import network_from_layers

    rng = np.random.default_rng(seed)
    layers = [(rng.standard_normal((ws[i + 1], ws[i])).astype(np.float32),
               (scale_bias * rng.standard_normal(ws[i + 1])).astype(np.float32)) for i in range(len(ws) - 1)]
    return network_from_layers(layers)


def _exact_sign_evaluations(part):
    import re

    return int(re.search(r"\((\d+) exact sign evaluations\)", part.method).group(1))


@pytest.mark.parametrize("ws,seed", [((2, 16, 16, 1), 0), ((2, 6, 6, 6, 6, 2), 1)])
def test_filtered_equals_unfiltered_on_float_weights(ws, seed):
    net, theta = _float_net(ws, seed)
    box = (-3, 3, -3, 3)
    a = linear_regions(net, theta, box=box)
    b = linear_regions(net, theta, box=box, filtered=False)
    assert "proved error bounds" in a.method and "proved error bounds" not in b.method
    assert a.count == b.count and _exact_data(a) == _exact_data(b)
    assert sum(r.area() for r in a.regions) == 36


def test_filtered_concurrent_lines_exactly():
    # layer 1: 7 lines through p = (1/4, -1/2) with float coefficients; every layer-1 neuron vanishes
    # at p, so the layer-2 neurons (zero biases) bend along lines through p as well
    from algnet.relu.weights import network_from_layers

    rng = np.random.default_rng(5)
    n = 7
    ab = np.round(rng.standard_normal((n, 2)) * 64) / 64
    c = -0.25 * ab[:, 0] + 0.5 * ab[:, 1]
    W2 = rng.standard_normal((5, n)).astype(np.float32).astype(float)
    layers = [(ab, c), (W2, np.zeros(5)), (np.ones((1, 5)), np.zeros(1))]
    net, theta = network_from_layers(layers)
    one = network_from_layers(layers[:1] + [(np.ones((1, n)), np.zeros(1))])
    box = (-1, 1, -1, 1)
    p1 = linear_regions(*one, box=box)
    assert p1.count == 2 * n                     # n concurrent lines: 2n sectors around p
    a = linear_regions(net, theta, box=box)
    b = linear_regions(net, theta, box=box, filtered=False)
    assert _exact_data(a) == _exact_data(b)
    assert _exact_sign_evaluations(a) > 0        # the filter could not decide at p: exact arithmetic did
    p = (Fr(1, 4), Fr(-1, 2))
    assert all(p in set(r.vertices) for r in a.regions)     # every region has p as a vertex
    for r in a.regions:
        u, v = r.interior_points(1)[0]
        assert net.forward_exact(theta, [[u, v]]).pattern_strings() == [r.pattern]


def test_filtered_offsets_at_the_rounding_level():
    # lines x = 0, x = 1e-15, y = 0, y = -1e-15, x + y = 1e-15, x - y = 3e-15: all crossings within 1e-14
    # of the origin, inside the box, so the box holds exactly the regions of the plane arrangement
    from algnet.architectures.relu import to_fraction
    from algnet.relu.weights import network_from_layers

    e = 1e-15
    lines = [(1.0, 0.0, 0.0), (1.0, 0.0, -e), (0.0, 1.0, 0.0), (0.0, 1.0, e), (1.0, 1.0, -e), (1.0, -1.0, -3 * e)]
    W = np.array([l[:2] for l in lines])
    b = np.array([l[2] for l in lines])
    net, theta = network_from_layers([(W, b), (np.ones((1, len(lines))), np.zeros(1))])
    truth = _line_arrangement_regions([tuple(to_fraction(x) for x in l) for l in lines])
    a = linear_regions(net, theta, box=(-1, 1, -1, 1))
    assert a.count == truth == linear_regions(net, theta, box=(-1, 1, -1, 1), filtered=False).count
    assert _exact_sign_evaluations(a) > 0
    # the same arrangement deeper: a second layer of the identity keeps every line
    net2, theta2 = network_from_layers([(W, b), (np.eye(len(lines)), np.zeros(len(lines))),
                                        (np.ones((1, len(lines))), np.zeros(1))])
    a2 = linear_regions(net2, theta2, box=(-1, 1, -1, 1))
    assert a2.count == truth
    assert _exact_data(a2) == _exact_data(linear_regions(net2, theta2, box=(-1, 1, -1, 1), filtered=False))


def test_interrupted_mlp_box_keeps_the_finished_regions(monkeypatch):
    from algnet.relu import filtered

    net, theta = _float_net((2, 8, 8, 1), 4)
    full = linear_regions(net, theta, box=(-3, 3, -3, 3))
    real, calls = filtered.run_filtered, {"n": 0}

    def run(*a, **k):
        calls["n"] += 1
        if calls["n"] == 6:                    # the first hidden layer, then four regions of it: Ctrl-C
            raise KeyboardInterrupt
        return real(*a, **k)

    monkeypatch.setattr(filtered, "run_filtered", run)
    part = linear_regions(net, theta, box=(-3, 3, -3, 3))
    assert part.partial and 0 < part.count < full.count and not part.evidence.certified
    whole = {(r.pattern, frozenset(r.vertices)) for r in full.regions}
    assert all((r.pattern, frozenset(r.vertices)) in whole for r in part.regions)
    assert sum(r.area() for r in part.regions) < 36


@pytest.mark.parametrize("seed", [0, 1])
def test_first_layer_estimate_against_the_exact_count(seed):
    """One hidden layer: the exact partition of the box has 1 + m + (crossings inside) regions (lines in general
    position); with few lines the guard counts every crossing, so its estimate equals the exact enumeration."""
    from algnet import parse_spec
    from algnet.relu.regions import Slice, _Layers, first_layer_region_estimate, linear_regions, parse_box

    net = parse_spec("relu 2-40-1")
    theta = net.random_params(seed=seed)
    exact = linear_regions(net, theta, box=(-1, 1, -1, 1)).count
    est = first_layer_region_estimate(_Layers(net, net.rational_params(theta), Slice.coerce(None, 2)),
                                      parse_box((-1, 1, -1, 1)))
    assert est["estimate"] == exact, (est, exact)


def test_huge_first_layer_refused_at_once():
    import time

    from algnet import parse_spec
    from algnet.errors import TooLargeError
    from algnet.relu.regions import linear_regions

    net = parse_spec("relu 2-20000-1")
    theta = net.random_params(seed=0)
    t = time.process_time()     # CPU time: the machine's load does not stretch it
    with pytest.raises(TooLargeError, match="first hidden layer"):
        linear_regions(net, theta, box=(-1, 1, -1, 1))
    assert time.process_time() - t < 30


@pytest.mark.parametrize("spec,seed,theta", [
    ("relu 2-8-8-3", 1, None), ("relu 2-6-5-4", 2, None), ("relu 2-16-16-1", 3, None),
    ("relu 2-2-1", 0, [1, 0, 0, 1, 0, 0, 1, 1, -1]),         # relu(x) + relu(y) = 1
    ("relu 2-2-1", 0, [1, 0, 0, 1, 0, 0, 1, 1, 0]),          # zero on the whole quadrant x, y <= 0
    ("relu 2-2-2", 0, [1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0]),  # argmax ties on a quadrant
])
def test_decision_boundary_loads_exact_data_only_where_it_may_run(spec, seed, theta):
    """The float bounds recorded by the filtered engine skip the regions the boundary cannot meet; the
    boundary is the same as from the exact data of every region (unfiltered engine)."""
    net = parse_spec(spec)
    theta = net.random_params(seed=seed) if theta is None else theta
    fast = linear_regions(net, theta, box=(-3, 3, -3, 3))
    db = fast.decision_boundary()
    ref = linear_regions(net, theta, box=(-3, 3, -3, 3), filtered=False).decision_boundary()
    assert sorted(map(str, db.segments)) == sorted(map(str, ref.segments)) and db.kind == ref.kind


def test_decision_boundary_of_a_large_partition_skips_most_regions():
    net, theta = _float_net((2, 32, 32, 1), 5)
    part = linear_regions(net, theta, box=(-4, 4, -4, 4))
    db = part.decision_boundary()
    loaded = sum(r._src is None for r in part.regions)
    assert db.segments and loaded <= 4 * len(db.segments) < part.count


@pytest.mark.parametrize("lines, vertex", [([(1, 1, -4), (1, -1, 0), (1, 0, -2)], (2, 2)),   # concurrent at (2, 2)
                                           ([(1, 0, 0), (0, 1, 0)], (0, 0))])             # the two axes
def test_default_view_of_a_plane_partition_with_one_vertex(lines, vertex):
    """Lines through one point cut the plane into cones from it: the window is not a dot (it once was
    about 1e-9 wide) but a square of half-width 1 around the vertex, and every cone shows in it."""
    from algnet.relu.plotting import default_view

    part = linear_regions(*arrangement_network(lines), plane=True)
    assert part.count == 2 * len(lines)                                    # 2n cones (hand count)
    x0, x1, y0, y1 = default_view(part)
    assert (x0, x1, y0, y1) == (vertex[0] - 1, vertex[0] + 1, vertex[1] - 1, vertex[1] + 1)
    grid = np.linspace(0.05, 0.95, 19)
    seen = {part.locate(Fr(x0 + (x1 - x0) * a), Fr(y0 + (y1 - y0) * b)) for a in grid for b in grid}
    assert seen - {-1} == set(range(part.count))
