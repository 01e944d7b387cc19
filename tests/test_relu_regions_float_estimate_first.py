"""The float64 region engine estimates its regions, memory and CPU time before any work and refuses a run that
would not fit (with the estimate and a cheaper route), and its final check of the regions works in chunks of a
fixed size instead of holding every region's values at once."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from algnet import parse_spec
from algnet.errors import TooLargeError
from algnet.relu import float_check
from algnet.relu.model import PLModel
from algnet.relu.regions import linear_regions
from algnet.relu.regions_float import linear_regions_float
from algnet.relu.slices import Slice


def test_refused_above_the_memory_limit_before_any_work(monkeypatch):
    # relu 2-300-1 on [-1, 1]^2: its 300 lines cut the box into about 16,000 regions (the exact count, below),
    # about 10 KB each while the engine runs: far above a 50 MB limit
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "50M")
    net = parse_spec("relu 2-300-1")
    theta = net.random_params(seed=0)
    with pytest.raises(TooLargeError) as err:
        linear_regions_float(net, theta)
    msg = str(err.value)
    assert "float64 enumeration" in msg and "memory" in msg and "regions" in msg
    assert "time limit" in err.value.hint or "smaller box" in err.value.hint
    # the regions estimated: Zaslavsky's count of the first layer's lines in the box, a lower bound of the count;
    # the exact engine's count (second method) is at least it up to rounding
    exact = linear_regions_float(net, theta, force=True).lower_bound       # proved lower bound of the count
    assert 0.5 * exact < err.value.info["regions_estimate"] < 2 * exact


def test_refused_above_the_cpu_budget_unless_a_time_limit_stops_it():
    # relu 2-3000-1: about 1.4 million regions from its first layer alone, hours of CPU and hundreds of GB
    net = parse_spec("relu 2-3000-1")
    theta = net.random_params(seed=0)
    with pytest.raises(TooLargeError, match="float64 enumeration"):
        linear_regions_float(net, theta, time_limit=2.0)        # a time limit does not lift the memory refusal


def test_above_max_regions_refused():
    net = parse_spec("relu 2-60-1")
    theta = net.random_params(seed=0)
    exact = linear_regions(net, theta, box=(-1, 1, -1, 1)).count        # the truth: about 1,000 regions
    assert exact > 200
    with pytest.raises(TooLargeError, match="max_regions=100"):
        linear_regions_float(net, theta, max_regions=100)
    assert linear_regions_float(net, theta).count == exact


def test_the_check_holds_a_fixed_chunk_not_every_region(monkeypatch):
    # 3000 small squares checked against relu 2-1000-1: all at once the check holds 3000 x 1000 values of each of
    # its arrays (about 200 MB); in chunks of 1 MiB, a few MB
    monkeypatch.setattr(float_check, "CHECK_CHUNK_BYTES", 2**20, raising=False)
    net = parse_spec("relu 2-1000-1")
    theta = net.random_params(seed=1)
    c = np.linspace(-0.9, 0.9, 3000)
    squares = [np.array([[x - 1e-4, x - 1e-4], [x + 1e-4, x - 1e-4], [x + 1e-4, x + 1e-4], [x - 1e-4, x + 1e-4]])
               for x in c]
    tracemalloc.start()
    try:
        float_check.check_mlp_regions(net, theta, Slice.standard(2), (-1, 1, -1, 1), squares, ["0" * 1000] * 3000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 60 * 2**20


def test_chunked_check_proves_the_exact_count(monkeypatch):
    # a chunk of a few points: the proved lower bound is still the exact engine's count (the truth)
    monkeypatch.setattr(float_check, "CHECK_CHUNK_BYTES", 4000, raising=False)
    net = parse_spec("relu 2-6-5-1")
    theta = net.random_params(seed=2)
    box = (-2, 2, -2, 2)
    exact = linear_regions(net, theta, box=box).count
    assert len(float_check.check_chunks(exact, [6, 5])) > 3
    fl = linear_regions_float(net, theta, box=box)
    assert fl.count == exact and fl.lower_bound == exact
    from algnet.relu.model_regions_float import model_regions_float

    m = PLModel.from_relu_network(net, theta)
    fm = model_regions_float(m, box=box)
    assert fm.count == exact and fm.lower_bound == exact


def test_cli_float_refuses_a_random_network_before_building_its_weights(monkeypatch, capsys):
    # relu 784-2000-2000-10 has 5.6 million weights: built exactly (minutes, a GB) before the float engine's
    # estimate refused; the first layer's random integers are enough to refuse it
    from algnet.architectures.relu import ReluNetwork
    from algnet.cli import main

    def no_weights(*args, **kwargs):
        raise AssertionError("the exact weights were built before the estimate")

    monkeypatch.setattr(ReluNetwork, "random_params", no_weights)
    code = main(["regions", "relu 784-2000-2000-10", "--float", "--seed", "0"])
    err = capsys.readouterr().err
    assert code == 2 and "float64 enumeration" in err and "regions" in err


def test_float_engine_shows_progress_with_a_total(capsys):
    net = parse_spec("relu 2-20-20-1")
    theta = net.random_params(seed=0)
    part = linear_regions_float(net, theta, show_progress=True)
    err = capsys.readouterr().err
    # the bar counts the parts of the first layer's regions, out of a known total, and the regions found
    assert "parts of the first layer's regions finished" in err and "/" in err
    assert f"regions={part.count}" in err
