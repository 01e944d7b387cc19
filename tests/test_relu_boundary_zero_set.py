"""The exact decision boundary where the output vanishes on whole regions, is negative on both sides of its zero
set, or where two classes meet along region edges: checked against hand computations and against a second route
(the argmax boundary of two outputs is the zero set of their difference; F and -F have the same zero set)."""

import json
import random
from fractions import Fraction as Fr

import pytest

from algnet.cli import main
from algnet.relu.model import PLModel
from algnet.relu.regions import linear_regions


def _line_pieces(db):
    """The boundary as a set: for each line (primitive a x + b y = c) the union of its pieces as maximal intervals.
    Works on finite points only (box domains) or maps an end at infinity to +-inf along the line."""
    groups = {}
    for (p, q), _ in db.segments:
        fin = [v for v in (p, q) if v[0] != "inf"]
        x0, y0 = fin[0]
        if len(fin) == 2:
            dx, dy = q[0] - p[0], q[1] - p[1]
        else:
            d = (p if p[0] == "inf" else q)[1]
            dx, dy = Fr(d[0]), Fr(d[1])
        a, b = dy, -dx
        s = a if a != 0 else b
        a, b = a / s, b / s
        key = (a, b, a * x0 + b * y0)

        def t(v):
            if v[0] == "inf":
                return float("inf") if (v[1][0] * b - v[1][1] * a) > 0 else float("-inf")
            return v[0] * b - v[1] * a
        lo, hi = sorted((t(p), t(q)))
        groups.setdefault(key, []).append((lo, hi))
    out = set()
    for key, iv in groups.items():
        iv.sort()
        cur = list(iv[0])
        for lo, hi in iv[1:]:
            if lo <= cur[1]:
                cur[1] = max(cur[1], hi)
            else:
                out.add((key, tuple(cur)))
                cur = [lo, hi]
        out.add((key, tuple(cur)))
    return out


def _segs(db):
    return sorted(sorted((str(p[0]), str(p[1])) if p[0] != "inf" else ("inf", str(p[1])) for p in seg)
                  for seg, _ in db.segments)


def _model(W1, b1, W2, b2):
    return PLModel.from_layers([(W1, b1), (W2, b2)])


def test_relu_and_minus_relu_have_the_line_as_boundary():
    """F = ReLU(x0) and -F = -ReLU(x0) both vanish on {x0 <= 0} (by hand): its edge x0 = 0 in [-1, 1]^2, and the
    output vanishes on the one region x0 < 0 (the base found the edge for F only)."""
    want = [[("0", "-1"), ("0", "1")]]
    for sign in (1, -1):
        db = linear_regions(_model([[1, 0]], [0], [[sign]], [0]), box=(-1, 1, -1, 1)).decision_boundary()
        assert _segs(db) == want
        assert db.zero_regions == 1
        assert db.kind == "boundary of the zero set of output 0"
        assert len(db.polylines) == 1


def test_minus_abs_vanishes_on_an_edge_between_two_negative_regions():
    """F = -ReLU(x0) - ReLU(-x0) = -|x0| < 0 off the line x0 = 0 (by hand): the line once, though both regions
    meet it (the base found nothing)."""
    db = linear_regions(_model([[1, 0], [-1, 0]], [0, 0], [[-1, -1]], [0]), box=(-1, 1, -1, 1)).decision_boundary()
    assert _segs(db) == [[("0", "-1"), ("0", "1")]]
    assert db.zero_regions == 0 and db.kind == "zero set of output 0"
    pos = linear_regions(_model([[1, 0], [-1, 0]], [0, 0], [[1, 1]], [0]), box=(-1, 1, -1, 1)).decision_boundary()
    assert _segs(pos) == _segs(db)                     # +|x0|: the same line, also once


def test_two_hidden_layers_zero_set_with_area_by_hand(tmp_path, capsys):
    """relu 2-2-2-1: F = relu(relu(x) + relu(y) - 1) + relu(relu(x) - relu(y)) vanishes exactly on the half-strip
    x <= 0, y <= 1 and the triangle (0, 0), (1/2, 1/2), (0, 1) (by hand: F = 0 iff relu(x) + relu(y) <= 1 and
    relu(x) <= relu(y)). That set covers 3 activation regions (x < 0 with y < 0 or 0 < y < 1, and the triangle);
    its boundary is the ray y = 1, x <= 0, the segments (0, 1)-(1/2, 1/2)-(0, 0) and the ray x = 0, y <= 0."""
    w = {"W1": [[1, 0], [0, 1]], "b1": [0, 0], "W2": [[1, 1], [1, -1]], "b2": [-1, 0], "W3": [[1, 1]], "b3": [0]}
    part = linear_regions(PLModel.from_layers([(w["W1"], w["b1"]), (w["W2"], w["b2"]), (w["W3"], w["b3"])]),
                          plane=True)
    db = part.decision_boundary()
    assert db.zero_regions == 3
    assert _segs(db) == sorted([sorted([("0", "1"), ("inf", "(-1, 0)")]), sorted([("0", "1"), ("1/2", "1/2")]),
                                sorted([("0", "0"), ("1/2", "1/2")]), sorted([("0", "0"), ("inf", "(0, -1)")])])
    f = tmp_path / "w.json"
    f.write_text(json.dumps(w))
    assert main(["regions", "relu 2-2-2-1", "--weights", str(f), "--plane"]) == 0
    out = capsys.readouterr().out
    assert ("decision boundary (boundary of the zero set of output 0): 4 exact segments; "
            "the output vanishes identically on 3 whole regions") in out
    assert main(["regions", "relu 2-2-2-1", "--weights", str(f), "--plane", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)["decision_boundary"]
    assert d["kind"] == "boundary of the zero set of output 0" and d["zero_regions"] == 3 and d["segments"] == 4


def test_cli_minus_relu_finds_the_edge(tmp_path, capsys):
    f = tmp_path / "w7.json"
    f.write_text('{"W1": [[1,0]], "b1": [0], "W2": [[-1]], "b2": [0]}')
    assert main(["regions", "relu 2-1-1", "--weights", str(f)]) == 0
    assert "decision boundary (boundary of the zero set of output 0): 1 exact segments" in capsys.readouterr().out


def test_argmax_changes_across_a_region_edge():
    """Outputs relu(x) and relu(-x): class 0 wins for x > 0, class 1 for x < 0 (by hand), the boundary x = 0
    is an edge of both regions and cuts neither (the base found nothing)."""
    db = linear_regions(_model([[1, 0], [-1, 0]], [0, 0], [[1, 0], [0, 1]], [0, 0]),
                        box=(-1, 1, -1, 1)).decision_boundary()
    assert _segs(db) == [[("0", "-1"), ("0", "1")]]
    assert [c for _, c in db.segments] == [(0, 1)] and db.tie_regions == 0


def _random_layers(rng, n_out):
    W1 = [[rng.randint(-2, 2) for _ in range(2)] for _ in range(3)]
    b1 = [rng.randint(-1, 1) for _ in range(3)]
    W2 = [[rng.randint(-1, 1) for _ in range(3)] for _ in range(n_out)]
    b2 = [rng.choice([0, 0, 1, -1]) for _ in range(n_out)]
    return W1, b1, W2, b2


def test_f_and_minus_f_and_the_spec_route_agree():
    """The zero set of F is that of -F (so are their boundaries), and the network given as a spec with its
    parameters gives the same boundary as the same network as a model, with and without the float filter."""
    rng = random.Random(5)
    with_zero = 0
    for _ in range(12):
        W1, b1, W2, b2 = _random_layers(rng, 1)
        box = (-2, 2, -2, 2)
        db = linear_regions(_model(W1, b1, W2, b2), box=box).decision_boundary()
        neg = linear_regions(_model(W1, b1, [[-x for x in W2[0]]], [-b2[0]]), box=box).decision_boundary()
        assert _line_pieces(db) == _line_pieces(neg)
        assert db.zero_regions == neg.zero_regions
        with_zero += db.zero_regions > 0
        theta = [x for row in W1 for x in row] + b1 + W2[0] + b2
        spec = linear_regions("relu 2-3-1", theta, box=box, filtered=False).decision_boundary()
        assert _line_pieces(spec) == _line_pieces(db) and spec.zero_regions == db.zero_regions
        assert len({seg for seg, _ in db.segments}) == len(db.segments)          # no piece listed twice
    assert with_zero >= 2                     # the cases with a zero set of positive area were met


def test_argmax_of_two_outputs_is_the_zero_set_of_their_difference():
    """argmax(f0, f1) changes or ties exactly where f0 - f1 vanishes: the boundary of two outputs equals the
    zero-set boundary of the difference (the last layer replaced by its difference row), and whole tie regions
    are the regions where the difference vanishes identically."""
    rng = random.Random(11)
    ties = 0
    for _ in range(12):
        W1, b1, W2, b2 = _random_layers(rng, 2)
        box = (-2, 2, -2, 2)
        two = linear_regions(_model(W1, b1, W2, b2), box=box).decision_boundary()
        diff = linear_regions(_model(W1, b1, [[a - b for a, b in zip(*W2)]], [b2[0] - b2[1]]),
                              box=box).decision_boundary()
        assert _line_pieces(two) == _line_pieces(diff)
        assert two.tie_regions == diff.zero_regions
        ties += two.tie_regions > 0
    assert ties >= 2


def test_torch_model_gives_the_same_boundary():
    torch = pytest.importorskip("torch")
    from algnet.relu import from_torch_model

    net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    with torch.no_grad():
        net[0].weight.copy_(torch.tensor([[1.0, 0.0], [-1.0, 0.0]]))
        net[0].bias.zero_()
        net[2].weight.copy_(torch.tensor([[-1.0, -1.0]]))
        net[2].bias.zero_()
    db = linear_regions(from_torch_model(net), box=(-1, 1, -1, 1)).decision_boundary()
    assert _segs(db) == [[("0", "-1"), ("0", "1")]]


def test_one_input_minus_relu_and_minus_abs(tmp_path, capsys):
    """One input: -ReLU(x) vanishes on x <= 0 (boundary: the point 0, one interval where it vanishes) and
    -|x| vanishes at the point 0 only (by hand); the base reported no point for either."""
    f1, f2 = tmp_path / "a.json", tmp_path / "b.json"
    f1.write_text('{"W1": [[1]], "b1": [0], "W2": [[-1]], "b2": [0]}')
    f2.write_text('{"W1": [[1], [-1]], "b1": [0, 0], "W2": [[-1, -1]], "b2": [0]}')
    assert main(["regions", "relu 1-1-1", "--weights", str(f1), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)["decision_boundary"]
    assert (d["points"], d["zero_regions"], d["kind"]) == (1, 1, "boundary of the zero set of output 0")
    assert main(["regions", "relu 1-2-1", "--weights", str(f2)]) == 0
    assert "decision boundary (zero set of output 0): 1 exact point of the line\n" in capsys.readouterr().out


def test_cli_argmax_tie_on_a_whole_region(tmp_path, capsys):
    """Outputs relu(x), relu(y) on [-1, 1]^2 (by hand): they tie (both 0) on the negative quadrant, class 1 wins
    above the diagonal in the positive quadrant and above y = 0 left of it; the boundary of the tie set is the
    two edges of the quadrant and the diagonal."""
    f = tmp_path / "w.json"
    f.write_text('{"W1": [[1, 0], [0, 1]], "b1": [0, 0], "W2": [[1, 0], [0, 1]], "b2": [0, 0]}')
    assert main(["regions", "relu 2-2-2", "--weights", str(f)]) == 0
    assert ("decision boundary (boundary of the argmax tie set): 3 exact segments; the top outputs tie identically "
            "on 1 whole region\n") in capsys.readouterr().out
    db = linear_regions(_model([[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 1]], [0, 0]),
                        box=(-1, 1, -1, 1)).decision_boundary()
    assert _segs(db) == [[("-1", "0"), ("0", "0")], [("0", "-1"), ("0", "0")], [("0", "0"), ("1", "1")]]
