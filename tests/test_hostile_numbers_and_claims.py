"""Hostile input: integers of more digits than Python converts (4300), huge inputs quoted in messages, options that
were silently ignored, and records that claimed a partial result was certified.

The truths: the integers are written by hand (10^4400 + 7 has 4401 digits, the first '1', the last '7'); a partial
result is a bound, so it cannot be certified (the definition in algnet/evidence.py); 0.9996 is not 1.
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.cli import main
from algnet.errors import ParameterError, SpecError
from algnet.evidence import Evidence

HUGE = 10**4400 + 7          # 4401 digits: Python's str() refuses it (ValueError), so did the map's printing


def test_a_map_with_a_coefficient_of_4401_digits_parses_and_prints_exactly():
    net = parse_spec("map (10^4400+7)*s^2; s*t; t^2")
    first = net.spec[len("map "):].split(";")[0]
    digits = first.split("*")[0]
    assert len(digits) == 4401 and digits[0] == "1" and digits[-1] == "7" and set(digits[1:-1]) == {"0"}
    assert first.endswith("*s^2")
    assert parse_spec(net.spec).spec == net.spec        # the spec reads back to the same map


def test_a_literal_of_5000_digits_is_read_exactly():
    literal = "3" + "0" * 4999 + "1"                    # 3 * 10^5000 + 1: Python's parser refuses the literal
    net = parse_spec(f"map {literal}*s^2 - t; s*t")
    assert net.spec.startswith(f"map {literal}*s^2 - t;")
    assert parse_spec(net.spec).spec == net.spec


@pytest.mark.parametrize("spec", ["dense {n}-2-1 r=2", "dense 3-2-1 r={n}", "conv k={n} r=2",
                                  "gconv n={n} layers=1 r=2", "linear 2-{n}-2"])
def test_numbers_of_thousands_of_digits_in_a_spec_are_refused_clearly(spec):
    n = "1" + "0" * 5000
    with pytest.raises(SpecError) as e:
        parse_spec(spec.format(n=n))
    text = str(e.value)
    assert "5001 digits" in text and len(text) < 2000 + len(e.value.hint)     # the number is not quoted whole


def test_a_refused_long_polynomial_is_quoted_abbreviated():
    poly = " + ".join(f"{k}*s^{k}" for k in range(1, 3000)) + " # a comment"   # '#' is refused: the text is quoted
    with pytest.raises(SpecError) as e:
        parse_spec(f"map {poly}; t")
    text = str(e.value).split("\n")[0]
    assert "'#'" in text and "characters)" in text and len(text) < 1000 < len(poly)
    assert len(e.value.token) < 1000


@pytest.mark.parametrize("argv,needle", [
    (["--polygon", "5", "--certify", "--copies", "0"], "--copies 0"),
    (["--polygon", "5", "--certify", "--copies", "-1"], "--copies -1"),
    (["--polygon", "5", "--certify", "--extra-dims", "-2"], "--extra-dims -2"),
    (["--polygon", "5", "--copies", "2"], "need --polygon N --certify"),     # was ignored without --certify
])
def test_superposition_copies_out_of_range_are_refused(argv, needle, capsys):
    assert main(["superposition", "loss1"] + argv) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err


def test_evidence_cannot_be_certified_and_partial():
    with pytest.raises(ParameterError):
        Evidence(method="rank over Q", certified=True, proves="dim M = 3", partial=True)
    exact = Evidence(method="rank over Q", certified=True, proves="dim M = 3")
    cut = exact.with_(partial=True)
    assert (cut.certified, cut.partial, cut.probability_bound) == (False, True, None)
    both = Evidence.combine("Hilbert function", [exact], certified=True, proves="H(2) = 6", partial=True)
    assert (both.certified, both.partial) == (False, True)


def test_local_region_counts_cut_short_are_not_certified():
    from algnet.relu.local_complexity import LocalRegionCounts

    done = LocalRegionCounts(np.array([4, 1]), 1.0, 0, 2, 0.1)
    cut = LocalRegionCounts(np.array([4]), 1.0, 0, 2, 0.1, partial=True)
    assert done.evidence.certified and not cut.evidence.certified and cut.evidence.partial


@pytest.mark.parametrize("value,shown", [(0.9996, "0.9996"), (0.99999999, "0.99999999"), (4e-4, "0.0004"),
                                         (1.0, "1"), (0.0, "0"), (0.12345, "0.123")])
def test_display_never_rounds_to_an_exact_looking_one_or_zero(value, shown):
    from algnet.display import html_table

    assert f"<td>{shown}</td>" in html_table({"p": value})


def test_display_of_a_huge_integer():
    from algnet.display import html_table

    html = html_table({"n": HUGE})
    assert "(4401 digits)" in html and len(html) < 500


@pytest.mark.parametrize("spec,fix", [("conv k=3 r=2", "conv k=3"), ("conv k=3 s=2 r=3", "conv k=3 s=2"),
                                      ("conv k=3 act=0,1,1", "conv k=3"), ("gconv n=5 layers=1 r=3",
                                                                           "gconv n=5 layers=1")])
def test_an_activation_of_a_one_layer_network_is_refused(spec, fix):
    with pytest.raises(SpecError) as e:         # the activation acts between layers: one layer has none
        parse_spec(spec)
    assert "one layer has no activation" in str(e.value) and repr(fix) in str(e.value)


def test_one_layer_networks_are_linear_spaces():
    # one convolution with a filter of size k: every coefficient of the k x 1 map is one filter entry, dim k,
    # degree 1; one circular convolution over Z/n: the n x n circulants, dim n (by hand)
    from algnet.analyses.dimension import dimension

    net = parse_spec("conv k=3")
    assert net.spec == "conv k=3 s=1" and parse_spec(net.spec).spec == net.spec
    assert dimension(net, seed=0).dimension == 3 and net.expected_degree()[0] == 1
    g = parse_spec("gconv n=4 layers=1")
    assert g.spec == "gconv n=4 layers=1" and dimension(g, seed=0).dimension == 4


@pytest.mark.parametrize("section", ["conv", "conv-degree"])
def test_no_two_atlas_rows_describe_the_same_network(section):
    from pathlib import Path

    from algnet.sweep.atlas import read_section

    rows = read_section(str(Path(__file__).resolve().parent.parent / "data" / "atlas"), section)["rows"]
    seen = {}
    for r in rows:
        net = parse_spec(r["spec"])
        key = (tuple(net.input_shape), tuple(repr(layer) for layer in net.sequence))
        assert key not in seen, (r["spec"], seen.get(key))
        seen[key] = r["spec"]


@pytest.mark.parametrize("plane", [False, True])
def test_weights_near_1e307_count_the_same_regions_without_overflow_warnings(tmp_path, capsys, plane):
    # ReLU is positively homogeneous: multiplying the first layer's weights and bias by 1e307 (and dividing the
    # last layer's by it) leaves the function and its regions unchanged; the estimate's float products overflowed
    import re
    import warnings

    rng = np.random.default_rng(0)
    W1, b1, W2 = rng.integers(-8, 9, (6, 2)) / 8, rng.integers(-8, 9, 6) / 8, rng.integers(-8, 9, (1, 6)) / 8
    counts = []
    for c in (1.0, 1e307):
        f = tmp_path / f"w{c:g}.npz"
        np.savez(f, W1=W1 * c, b1=b1 * c, W2=W2 / c, b2=np.zeros(1))
        with warnings.catch_warnings():
            warnings.simplefilter("error")          # a RuntimeWarning (overflow) fails the test
            assert main(["regions", "relu 2-6-1", "--weights", str(f)] + (["--plane"] if plane else [])) == 0
        counts.append(re.search(r"(\d+) regions", capsys.readouterr().out).group(1))
    assert counts[0] == counts[1]


def test_the_box_estimate_is_the_same_for_lines_scaled_by_1e307():
    from algnet.relu.estimates import box_region_estimate

    P = np.array([[1.0, 0, 0], [0, 1.0, 0], [1.0, 1.0, 0.5], [1.0, -2.0, 0.25]])
    # by hand: the 4 lines x = 0, y = 0, x + y = -1/2, x - 2y = -1/4 meet the square, and their 6 crossings
    # (0, 0), (0, -1/2), (0, 1/8), (-1/2, 0), (-1/4, 0), (-5/12, -1/12) are inside: 1 + 4 + 6 regions
    truth = {"lines": 4, "crossings": 6.0, "estimate": 11}
    assert box_region_estimate(P, (-1, 1, -1, 1)) == truth == box_region_estimate(P * 1e307, (-1, 1, -1, 1))


def test_a_dead_toy_model_says_its_features_are_never_output(capsys):
    # lr = 5 drives every bias far below -|w_i|^2: the model outputs 0 on each feature's own input x_i e_i
    import json

    assert main(["superposition", "--n", "5", "--m", "2", "--steps", "300", "--lr", "5", "--seed", "0", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    W, b = np.array(out["W"]), np.array(out["b"])
    silent = [i for i in range(5) if np.maximum(W.T @ W @ np.eye(5)[i] + b, 0)[i] == 0]   # forward pass on e_i
    assert silent and out["dead"] == silent
    assert main(["superposition", "--n", "5", "--m", "2", "--steps", "300", "--lr", "5", "--seed", "0"]) == 0
    text = capsys.readouterr().out
    assert text.count("never output alone") == len(silent)


def test_a_map_with_thousands_of_distinct_exponents_announces_its_program_cost(caplog, monkeypatch):
    # s^i * t, i = 1..1000: 1001 distinct exponents, so every matrix of the evaluation program has 1001 blocks;
    # the notice threshold is lowered to this map's estimate (the same announcement a 5000-polynomial map gets)
    import logging

    import algnet.guards
    from algnet.architectures.polymap import PolynomialMap

    monkeypatch.setattr(algnet.guards, "NOTICE_SECONDS", 0.5)
    with caplog.at_level(logging.WARNING, logger="algnet"):
        net = PolynomialMap([{(i, 1): 1} for i in range(1, 1001)], ["s", "t"])
    said = [r.getMessage() for r in caplog.records if "distinct exponents" in r.getMessage()]
    assert said and "Jacobian sketch of 4 rows" in said[0] and "cheaper" in said[0]
    assert net.row_seconds * 4 > 0.5


def test_the_program_cost_estimate_is_within_a_factor_3_of_the_measured_time():
    # the second method: the CPU time of the dimension's sketch (4 rows) of s^i * t, i = 1..700
    import time

    from algnet.analyses.dimension import dimension
    from algnet.architectures.polymap import PolynomialMap

    net = PolynomialMap([{(i, 1): 1} for i in range(1, 701)], ["s", "t"])
    t0 = time.process_time()
    assert dimension(net, seed=0).dimension == 2          # (s^i t) has rank 2: s and t are independent
    spent = time.process_time() - t0
    assert spent / 3 < 4 * net.row_seconds < 3 * spent


def test_local_complexity_exact_is_estimated_before_the_weights_are_built(tmp_path, monkeypatch, capsys):
    # 5000 points, 16 directions, exact signs: about 700 CPU s by the exact estimate's constants, refused before
    # the exact weights and the model exist (they were built first, then the signs' cost was found)
    from algnet.relu.model import PLModel

    def never(*a, **k):
        raise AssertionError("the model was built before the estimate")

    monkeypatch.setattr(PLModel, "from_relu_network", classmethod(never))
    f = tmp_path / "pts.npz"
    np.savez(f, X=np.zeros((5000, 50)))
    assert main(["local-complexity", "relu 50-500-500-1", "--data", str(f), "--radius", "0.1", "--exact",
                 "--seed", "0"]) == 2
    err = capsys.readouterr().err
    assert "the exact local complexity at 5000 points" in err and "without --exact" in err


def test_the_exact_estimate_from_the_widths_is_the_models():
    import argparse

    from algnet.cli.local_complexity import _then
    from algnet.relu.model import PLModel
    from algnet.relu.model_estimates import exact_local_complexity_estimate

    net = parse_spec("relu 7-5-4-2")
    model = PLModel.from_relu_network(net, [1] * net.n_params)
    ours = _then(argparse.Namespace(spec=net.spec, exact=True, directions=3), np.zeros((11, 7)))["seconds"]
    assert ours == pytest.approx(exact_local_complexity_estimate(model, 11, 3)["cpu_seconds"])


def test_a_refusal_quotes_a_long_map_abbreviated(tmp_path, capsys):
    f = tmp_path / "long.txt"
    f.write_text(" + ".join(f"{i}*s^{i}*t^{i % 7}" for i in range(1, 400)) + "\ns*t\n")       # a spec of ~6000 chars
    assert main(["dim", "--map", str(f), "--time-limit", "0.0001"]) == 2
    err = capsys.readouterr().err
    assert "above the time limit" in err and "characters)" in err and len(err) < 1500


@pytest.mark.parametrize("W,exact,needle", [([[1e300, 1.0], [0.0, 1.0]], False, "overflows float64"),
                                           ([[1e300, 1.0], [0.0, 1.0]], True, "beyond float64"),
                                           (np.zeros((2, 0)), False, "no feature")])
def test_loss1_weights_near_1e300_or_without_features(tmp_path, capsys, W, exact, needle):
    f = tmp_path / "w.npz"
    W = np.array(W)
    np.savez(f, W=W, b=np.zeros(W.shape[1]))
    code = main(["superposition", "loss1", "--weights", str(f)] + (["--exact"] if exact else []))
    out = capsys.readouterr()
    assert needle in out.out + out.err and "Traceback" not in out.err
    assert code == (0 if exact else 2)      # exactly at the binary values the analysis runs to its verdict
    if exact:
        assert "verdict:" in out.out


def test_loss1_polish_out_of_range_is_refused(capsys):
    assert main(["superposition", "loss1", "--polygon", "5", "--polish", "-1", "--full-loss", "0.5"]) == 2
    assert main(["superposition", "loss1", "--polygon", "5", "--polish", "3"]) == 2
    assert "--polish" in capsys.readouterr().err


def test_sweep_export_to_a_missing_directory_and_no_compute_on_a_sweep_are_refused(tmp_path, capsys):
    db = str(tmp_path / "s.sqlite")
    assert main(["sweep", "dim", "--spec", "linear 2-1-2", "--seeds", "0..0", "--db", db, "--no-progress"]) == 0
    assert main(["sweep", "export", "--db", db, "--out", str(tmp_path / "no" / "x.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err
    # --no-compute is the atlas's option: a sweep given it ran (and stored) every task
    assert main(["sweep", "dim", "--spec", "linear 3-1-3", "--db", db, "--no-compute"]) == 2
    assert "--no-compute" in capsys.readouterr().err
    assert main(["sweep", "summary", "--db", db, "--json"]) == 0
    assert "linear 3-1-3" not in capsys.readouterr().out
