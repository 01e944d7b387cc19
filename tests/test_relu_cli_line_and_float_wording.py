"""regions of a one-input network: a plane box is refused, the decision boundary is counted in points; --float says
what its rounding margin measures."""

import json

from algnet.cli import main


def _weights(tmp_path):
    # F(x) = relu(x) - relu(x - 1) - 1/2: -1/2 for x <= 0, x - 1/2 on [0, 1], 1/2 for x >= 1 (hand): three pieces
    # on [-3, 3] and exactly one zero, the point x = 1/2
    p = tmp_path / "w.json"
    p.write_text(json.dumps({"W1": [[1], [1]], "b1": [0, -1], "W2": [[1, -1]], "b2": ["-1/2"]}))
    return str(p)


def test_one_input_network_refuses_a_plane_box(tmp_path, capsys):
    for box in ("--box=-3,3,0,1", "--box=-3,3,0,7"):
        assert main(["regions", "relu 1-2-1", "--weights", _weights(tmp_path), box]) == 2
        err = capsys.readouterr().err
        assert "one input" in err and "--box=A,B" in err and "Traceback" not in err


def test_decision_boundary_on_a_line_is_points(tmp_path, capsys):
    w = _weights(tmp_path)
    assert main(["regions", "relu 1-2-1", "--weights", w, "--box=-3,3", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["regions"] == 3 and d["decision_boundary"]["points"] == 1 and "segments" not in d["decision_boundary"]
    assert main(["regions", "relu 1-2-1", "--weights", w, "--box=-3,3"]) == 0
    out = capsys.readouterr().out
    assert "1 exact point of the line" in out and "segments" not in out


def test_float_margin_is_said_in_words(capsys):
    assert main(["regions", "relu 2-5-5-1", "--float", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "times its float64 rounding error" in out and "rounding margin" not in out


def test_library_refuses_a_second_range_for_one_input():
    import pytest

    from algnet.errors import ParameterError
    from algnet.relu.regions import linear_regions
    from algnet.architectures.relu import ReluNetwork

    net, theta = ReluNetwork((1, 2, 1)), [1, 1, 0, -1, 1, -1, "-1/2"]     # the network of _weights: 3 pieces
    assert linear_regions(net, theta, box=(-3, 3)).count == 3
    with pytest.raises(ParameterError) as e:
        linear_regions(net, theta, box=(-3, 3, 0, 7))
    assert "one input" in str(e.value)
