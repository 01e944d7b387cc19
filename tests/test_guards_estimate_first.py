"""Work that would blow up is estimated before it starts, and what is computed says how it is known.

- the exact regions of a random ReLU network are refused from the integers of its first layer, before any exact
  weight is built (relu 2-100000-1 built 400,001 Fractions first), and the estimate counts the later layers;
- the Jacobian sketch of a network with large convolution windows is evaluated in blocks sized by those windows
  (gconv n=400 layers=2 r=2 allocated 979 MiB of windows at once; its estimate was 12 GB);
- the degree's formula route takes dim M from the theorem, not from a Jacobian rank (checked against the rank);
- ``algnet fd`` says why the regions' functional dimension is missing, in the text and in the JSON;
- a composition of LightningAttention layers has the attention family's expected dimension (checked against a
  certified computed dimension).
"""

import json
import time

import numpy as np
import pytest

from algnet import parse_spec
from algnet.architectures.relu import ReluNetwork
from algnet.cli import main
from algnet.errors import TooLargeError


def _no_exact_weights(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("exact weights were built before the refusal")

    monkeypatch.setattr(ReluNetwork, "random_params", refuse)
    monkeypatch.setattr(ReluNetwork, "rational_params", refuse)


# ------------------------------------------------------------------ regions
def test_regions_of_a_wide_random_layer_are_refused_before_any_exact_weight(monkeypatch):
    from algnet.relu.regions_estimate import check_random_regions

    _no_exact_weights(monkeypatch)
    t0 = time.process_time()
    with pytest.raises(TooLargeError) as e:
        check_random_regions(parse_spec("relu 2-100000-1"), 0)
    assert time.process_time() - t0 < 5
    msg = str(e.value)
    # the estimate (about 1.65e9 regions: 83,411 lines meet the box) and the cheaper routes
    assert "cuts the box into about 1,6" in msg and "above max_regions=5,000,000" in msg
    assert "a smaller box" in msg and "--float" in msg
    assert e.value.regions_estimate > 10**9


def test_cli_refuses_the_wide_layer_before_drawing_its_weights(monkeypatch, capsys):
    _no_exact_weights(monkeypatch)
    assert main(["regions", "relu 2-100000-1", "--seed", "0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("algnet: error: relu 2-100000-1: the first hidden layer alone cuts the box into about")
    assert "Traceback" not in err and "a smaller box" in err
    # the whole plane too, and a wide input (the budget and the memory of the waiting regions)
    assert main(["regions", "relu 3000-3000-1", "--seed", "0"]) == 2
    err = capsys.readouterr().err
    assert "through the later layers" in err and "GiB of memory" in err and "a smaller box" in err
    # 10^10 parameters: only the first layer's integers are drawn (was: out of memory, no estimate)
    assert main(["regions", "relu 2-100000-100000-1", "--seed", "0"]) == 2
    err = capsys.readouterr().err
    assert "the first hidden layer alone cuts the box into about" in err and "out of memory" not in err


def test_the_random_precheck_reads_the_lines_the_exact_weights_have():
    """The integers of the random weights give the same first-layer lines as the exact weights (scaled by the
    common denominator): the estimate before and after building the weights agree."""
    from algnet.relu.regions_estimate import _integer_rows, first_layer_rows
    from algnet.relu.slices import Slice

    net = parse_spec("relu 2-7-3-1")
    sl = Slice.standard(2)
    exact = first_layer_rows(net, net.random_params(seed=5), sl, exact=True)
    m = net.random_numerators(5)
    ints = _integer_rows(m[:14].reshape(7, 2), m[14:21], sl)
    for r, s in zip(exact.tolist(), ints.tolist()):       # the same line: proportional rows
        assert np.linalg.matrix_rank(np.array([r, s], dtype=float)) <= 1


def test_the_later_layers_are_estimated_and_refused(monkeypatch):
    """A first layer of a few lines before a wide second layer: the first layer alone is cheap, the later layers'
    maps are not. With a budget between the two the enumeration is refused naming the later layers; forced, it
    runs, and the first layer's count is a lower bound on the exact count (Zaslavsky; later layers only refine)."""
    from algnet.relu import estimates
    from algnet.relu.regions import linear_regions
    from algnet.relu.regions_estimate import first_layer_rows, region_work_estimate
    from algnet.relu.slices import Slice

    net = parse_spec("relu 2-6-400-1")
    th = net.random_params(seed=1)
    est = region_work_estimate(net, first_layer_rows(net, th, Slice.standard(2)), (-1, 1, -1, 1), False)
    assert est["later_cpu_seconds"] > 0 and est["cpu_seconds"] > est["first_layer_cpu_seconds"]
    monkeypatch.setattr(estimates, "DEFAULT_BUDGET", (est["first_layer_cpu_seconds"] + est["cpu_seconds"]) / 2)
    with pytest.raises(TooLargeError) as e:
        linear_regions(net, th)
    assert "through the later layers" in str(e.value) and "a smaller box" in str(e.value)
    assert "force=True" in str(e.value)
    part = linear_regions(net, th, force=True)
    assert part.count >= est["estimate"]


# ------------------------------------------------------------------ dimension of large windows
def test_sketch_blocks_follow_the_evaluation_windows():
    from algnet.analyses.dimension_estimate import BLOCK_BYTES, estimate_dimension, sketch_block_rows

    net = parse_spec("gconv n=400 layers=2 r=2")        # 641,600 entries per sample, 800 parameters
    rows = sketch_block_rows(net)
    assert 24 * rows * net.evaluation_entries() <= BLOCK_BYTES and rows >= 1
    est = estimate_dimension(net)
    assert est["memory"] < 200 * 2**20          # was 12 GB: the 802 rows evaluated in one block
    assert est["cpu_seconds"] > 2               # the windows' work counted (measured 9.7 s; was estimated 0.3 s)


def test_blocked_sketch_is_the_one_block_sketch(monkeypatch):
    """The sketch in blocks of the windows' size is the same matrix as the sketch evaluated at once."""
    from algnet.analyses import dimension_estimate
    from algnet.analyses.dimension import jacobian_sketch

    net = parse_spec("gconv n=12 layers=2 r=2")
    p = 2**21 - 9
    theta = np.random.default_rng(2).integers(0, p, size=net.n_params)
    whole = jacobian_sketch(net, theta, 26, p, np.random.default_rng(3), block=26)
    monkeypatch.setattr(dimension_estimate, "BLOCK_BYTES", 24 * 3 * net.evaluation_entries())   # 3 rows a block
    assert dimension_estimate.sketch_block_rows(net) == 3
    blocked = jacobian_sketch(net, theta, 26, p, np.random.default_rng(3))
    assert np.array_equal(whole % p, blocked % p)


# ------------------------------------------------------------------ degree by a formula
@pytest.mark.parametrize("spec", ["linear 3-1-3", "linear 2-3-4", "conv k=2,3 r=2", "conv k=3,2,2 r=2"])
def test_formula_degree_takes_the_theorems_dimension(spec):
    from algnet.analyses.degree import degree
    from algnet.analyses.dimension import dimension

    r = degree(spec, method="formula", seed=0)
    computed = dimension(spec, seed=1)            # the Jacobian's rank, certified by its upper bound
    assert computed.certified and r.dimension == computed.dimension
    assert "by a theorem, not computed" in r.reason and r.evidence.certified


def test_formula_degree_of_a_large_linear_network_computes_no_rank(monkeypatch):
    from algnet.analyses import degree as degree_module
    from algnet.analyses import network_input

    def no_rank(*a, **k):
        raise AssertionError("a Jacobian rank was computed")

    monkeypatch.setattr(degree_module, "network_dimension", no_rank)
    monkeypatch.setattr(network_input, "network_dimension", no_rank)
    t0 = time.process_time()
    r = degree_module.degree("linear 60-60-60-60", seed=0)
    assert time.process_time() - t0 < 5
    # 60 x 60 matrices of rank <= 60: all of them (Bruns-Vetter: 60 (60 + 60 - 60) = 3600), degree 1
    assert (r.degree, r.dimension, r.ambient, r.method) == (1, 3600, 3600, "formula")
    assert r.fiber_dimension == 10800 - 3600


# ------------------------------------------------------------------ fd: why no regions
def test_fd_says_why_the_regions_functional_dimension_is_missing(capsys):
    assert main(["fd", "relu 3-3-1", "--seed", "3"]) == 0
    text = capsys.readouterr().out
    assert main(["fd", "relu 3-3-1", "--seed", "3", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["regions"] is None and "R^3" in d["regions_not_computed"]
    assert f"functional dimension from the regions: not computed ({d['regions_not_computed']})" in text
    assert main(["fd", "relu 2-3-1", "--seed", "3", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["regions"] is not None and d["regions_not_computed"] is None


# ------------------------------------------------------------------ attention as layers
@pytest.mark.parametrize("spec", [
    "layers LightningAttention(3, 2, 2), LightningAttention(2, 3, 2), input_shape=(3, 2)",
    "layers LightningAttention(2, 2, 2), LightningAttention(2, 2, 2), input_shape=(2, 2)",
    "layers LightningAttention(2, 1, 2), input_shape=(2, 3)",
])
def test_lightning_attention_layers_have_the_attention_count(spec):
    from algnet.analyses.dimension import dimension

    net = parse_spec(spec)
    expected = net.expected_dimension()
    computed = dimension(net, seed=0)
    assert computed.certified and expected is not None and expected[0] == computed.dimension
    assert "Henry-Marchetti-Kohn" in expected[1]


def test_attention_layers_outside_the_count_have_none():
    # several heads: the attention preset has one head a layer, its count does not apply
    assert parse_spec("layers LightningAttention(2, 2, 2, heads=2), input_shape=(2, 2)").expected_dimension() is None
    # a rank-one layer before a rank-two one: outside the count's hypotheses (its dimension is 8, the count says 9)
    assert parse_spec("layers LightningAttention(2, 2, 1), LightningAttention(2, 2, 2), input_shape=(2, 2)"
                      ).expected_dimension() is None
