"""Exact 2-D slices of piecewise-linear models (CNNs, max-pools, residuals) against independent truth."""

from fractions import Fraction
from math import comb

import numpy as np
import pytest

from algnet.errors import ParameterError
from algnet.relu import PLModel, Slice, linear_regions
from algnet.relu.model_regions import model_regions
from relu_model_helpers import max_of_affine


def test_max_of_k_affine_maps_has_k_cells_meeting_at_the_centre():
    # a_i = <(cos, sin)(2 pi i / k), (x, y)> with rational points on the circle: every a_i is the max in a sector
    pts = [(Fraction(3, 5), Fraction(4, 5)), (Fraction(-4, 5), Fraction(3, 5)), (Fraction(-3, 5), Fraction(-4, 5)),
           (Fraction(4, 5), Fraction(-3, 5)), (Fraction(1), Fraction(0))]
    m = max_of_affine([(a, b, 0) for a, b in pts])
    part = linear_regions(m, plane=True)
    assert part.count == 5 and part.n_bounded == 0
    assert sorted(r.pattern for r in part.regions) == ["0", "1", "2", "3", "4"]
    for r in part.regions:                                   # the affine map is the selected a_i
        i = int(r.pattern)
        M, t = r.affine_map()
        assert M[0] == pts[i] and t[0] == 0
    # two equal maps: ties go to the first, the duplicate never gets a cell
    assert linear_regions(max_of_affine([(1, 0, 0), (1, 0, 0), (0, 1, 0)]), plane=True).count == 2


@pytest.mark.parametrize("n", [3, 5])
def test_one_hidden_layer_zaslavsky_through_the_model_engine(n):
    """n generic lines: 1 + n + C(n, 2) regions of the plane (Zaslavsky), bounded ones C(n-1, 2)."""
    rng = np.random.default_rng(n)
    W = [[Fraction(int(a), 7), Fraction(int(b), 5)] for a, b in rng.integers(-9, 10, (n, 2))]
    W = [w if any(w) else [Fraction(1), Fraction(2)] for w in W]
    b = [Fraction(int(c), 3) for c in rng.integers(-9, 10, n)]
    m = PLModel.from_layers([(W, b), ([[1] * n], [0])])
    part = model_regions(m, plane=True)                      # the node-wise engine of PL models
    assert part.count == 1 + n + comb(n, 2)
    assert part.n_bounded == comb(n - 1, 2)
    # the layerwise MLP engine agrees (a second implementation)
    net, theta = m.to_relu_network()
    assert linear_regions(net, theta, plane=True).count == part.count
    assert sorted(r.pattern for r in linear_regions(m, plane=True).regions) == sorted(r.pattern for r in part.regions)


torch = pytest.importorskip("torch")
nn = torch.nn


def _cnn(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Conv2d(1, 3, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(3, 4, 3, padding=1),
                         nn.ReLU(), nn.AvgPool2d(2), nn.Flatten(), nn.Linear(16, 10)).eval()


def _digits(k=3):
    from sklearn.datasets import load_digits

    return load_digits().data[:k] / 16


def test_cnn_slice_regions_agree_with_the_forward_pass():
    from algnet.relu import from_torch_model

    m = from_torch_model(_cnn(), input_shape=(1, 8, 8))
    X = _digits(3)
    sl = Slice.through_points(*X)
    box = (Fraction(-1, 4), Fraction(5, 4), Fraction(-1, 4), Fraction(5, 4))
    part = linear_regions(m, slice=sl, box=box)
    assert part.count > 10
    # the regions tile the box
    assert sum(r.area() for r in part.regions) == (box[1] - box[0]) * (box[3] - box[2])
    # at random rational points: the containing region's map is the exact network value, its pattern the forward's
    rng = np.random.default_rng(1)
    checked = 0
    for _ in range(15):
        u = Fraction(int(rng.integers(-250, 1250)), 1000)
        v = Fraction(int(rng.integers(-250, 1250)), 1000)
        r = part.regions[part.locate(u, v)]
        z = sl.point(u, v)
        out, pats = m.forward([z], exact=True, patterns=True)
        M, t = r.affine_map()
        assert [M[k][0] * u + M[k][1] * v + t[k] for k in range(10)] == list(out[0])
        if r.contains(u, v, strict=True):                 # interior point: the patterns must agree
            want = "|".join("".join(str(int(a)) for a in p[0]) for p in pats)
            assert r.pattern == want
            checked += 1
    assert checked >= 10
    # the exact decision boundary separates regions of different argmax classes
    db = part.decision_boundary()
    assert db.kind == "argmax boundary" and all(i < j for _, (i, j) in db.segments)


def test_cnn_affine_on_a_box_has_one_region_with_the_composed_map():
    from algnet.relu import from_torch_model

    c = nn.Sequential(nn.Conv2d(1, 2, 2), nn.ReLU(), nn.Flatten(), nn.Linear(8, 1)).eval()
    with torch.no_grad():
        c[0].weight.copy_(torch.tensor([[[[0.5, -0.25], [0.125, 1.0]]], [[[1.0, 1.0], [-0.5, 0.0]]]]))
        c[0].bias.copy_(torch.tensor([8.0, 8.0]))                 # every pre-activation > 0 on [-1, 1]^9
        c[2 + 1].weight.copy_(torch.arange(8.0).reshape(1, 8) / 4)
        c[3].bias.fill_(0.5)
    m = from_torch_model(c, input_shape=(1, 3, 3))
    part = linear_regions(m, box=(-1, 1, -1, 1))
    assert part.count == 1
    # the map of the one region: compose by hand at three points (the model is affine there)
    r = part.regions[0]
    M, t = r.affine_map()
    for u, v in [(0, 0), (1, 0), (0, 1)]:
        val = c(torch.tensor([float(x) for x in Slice.standard(9).point(u, v)]).reshape(1, 1, 3, 3)).item()
        assert float(M[0][0] * u + M[0][1] * v + t[0]) == pytest.approx(val, abs=1e-12)


def test_bad_slices_and_boxes_raise_parameter_errors():
    m = PLModel.from_layers([([[1, 0, 0], [0, 1, 1]], [0, 0]), ([[1, 1]], [0])])
    for bad in ({"origin": [0, 0]}, {"origin": [0, 0, 0], "directions": [[1, 0, 0]]},
                {"origin": [0, 0, "x"], "directions": [[1, 0, 0], [0, 1, 0]]},
                {"origin": [0, 0, 0], "directions": [[1, 0, 0], [2, 0, 0]]}, {"points": [[0, 0, 0]] * 4}, {"points": [[0, 0, 0], [0, 0, 0]]}, [1, 2], "s"):
        with pytest.raises(ParameterError):
            linear_regions(m, slice=bad)
    for box in ((1, 0, 0, 1), (0, 1, 0), ("a", 1, 0, 1), (0, float("nan"), 0, 1)):
        with pytest.raises(ParameterError) as e:
            linear_regions(m, box=box)
        assert "Fraction(" not in str(e.value)


def test_slices_through_one_or_two_points():
    m = PLModel.from_layers([([[1, 0, 0], [0, 1, 1]], [0, 0]), ([[1, 1]], [0])])
    one = Slice.through_points([1, 2, 3], seed=1)
    two = Slice.through_points([1, 2, 3], [0, 0, 1], seed=1)
    for sl in (one, two):
        d1, d2 = ([float(t) for t in d] for d in sl.directions)
        assert abs(np.dot(d1, d2)) < 1e-12                    # orthogonal directions
        part = linear_regions(m, slice=sl, box=(-2, 2, -2, 2))
        assert part.count >= 1 and len(sl.marks) in (1, 2)
    assert two.point(1, 0) == (0, 0, 1) and one.point(0, 0) == (1, 2, 3)


class _Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 2, 3, padding=1)
        self.c2 = nn.Conv2d(2, 1, 3, padding=1)
        self.head = nn.Linear(16, 3)      # 1 x 4 x 4 after the 2 x 2 max-pool

    def forward(self, x):
        y = torch.relu(self.c1(x))
        z = torch.relu(self.c2(y) + x)
        return self.head(torch.nn.functional.max_pool2d(z, 2).flatten(1))


@pytest.mark.parametrize("kind", ["cnn", "residual"])
def test_float_engine_beside_the_exact_one(kind):
    from algnet.relu import from_torch_model
    from algnet.relu.model_regions_float import model_regions_float

    torch.manual_seed(3)
    model = _cnn() if kind == "cnn" else _Residual().eval()
    m = from_torch_model(model, input_shape=(1, 8, 8))
    sl = Slice.through_points(*_digits(3))
    box = ("-1/4", "5/4", "-1/4", "5/4")
    ex = linear_regions(m, slice=sl, box=box)
    fl = model_regions_float(m, slice=sl, box=box)
    assert ex.exact and not fl.exact and fl.evidence.certified is False and fl.as_dict()["exact"] is False
    # generic float weights: the float64 engine finds the same regions (patterns), and its output maps agree
    assert fl.count == ex.count > 5
    assert sorted(fl.patterns) == sorted(r.pattern for r in ex.regions)
    by_pattern = {r.pattern: r for r in ex.regions}
    for pat, Y in list(zip(fl.patterns, fl.outputs))[:10]:
        M, t = by_pattern[pat].affine_map()
        exact = np.array([[float(M[k][0]) for k in range(len(t))], [float(M[k][1]) for k in range(len(t))],
                          [float(x) for x in t]])
        assert np.allclose(Y, exact, rtol=1e-9, atol=1e-9)
    assert abs(sum(_shoelace(P) for P in fl.polygons) - 1.5 ** 2) < 1e-9


def _shoelace(P):
    P = np.asarray(P)
    return 0.5 * abs(np.dot(P[:, 0], np.roll(P[:, 1], -1)) - np.dot(P[:, 1], np.roll(P[:, 0], -1)))


def test_interrupted_model_slice_keeps_the_finished_regions(monkeypatch):
    """Ctrl-C (KeyboardInterrupt) in the middle: the regions finished so far, each one exactly a region of the
    full partition, marked partial; the count is a lower bound."""
    from algnet.relu import from_torch_model
    from algnet.relu import model_regions as mr

    m = from_torch_model(_cnn(), input_shape=(1, 8, 8))
    sl = Slice.through_points(*_digits(3))
    box = ("-1/4", "5/4", "-1/4", "5/4")
    full = model_regions(m, slice=sl, box=box)
    real, calls = mr._node_step, {"n": 0}

    def step(*a):
        calls["n"] += 1
        if calls["n"] == 60:
            raise KeyboardInterrupt
        return real(*a)

    monkeypatch.setattr(mr, "_node_step", step)
    part = model_regions(m, slice=sl, box=box)
    assert part.partial and 0 < part.count < full.count
    assert part.evidence.partial and not part.evidence.certified and "at least" in part.evidence.proves
    assert part.as_dict()["partial"] is True
    whole = {(r.pattern, frozenset(r.vertices)) for r in full.regions}
    assert all((r.pattern, frozenset(r.vertices)) in whole for r in part.regions)
