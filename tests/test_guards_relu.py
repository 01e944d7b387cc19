"""Guards of the ReLU and superposition commands: big work is estimated and refused in seconds (with the estimate
and a cheaper route), forced or small work still runs, and Ctrl-C keeps what was finished.

The estimates are checked against independent truth: the region count of one hidden layer against the exact
partition (Zaslavsky: 1 + m + crossings for lines with no three through a point), the upper bound for deeper
networks against exact counts, and the chunked draws of local complexity against one draw for all points.
"""

import math
import time

import numpy as np
import pytest

from algnet import parse_spec
from algnet.cli import main
from algnet.errors import TooLargeError
from algnet.guards import machine_memory
from algnet.relu import estimates
from algnet.relu.regions import linear_regions


@pytest.mark.parametrize("spec", ["relu 2-7-1", "relu 2-12-2"])
def test_plane_estimate_of_one_hidden_layer_is_the_exact_count(spec):
    from algnet.relu.regions import _affine, _Layers
    from algnet.relu.slices import Slice

    net = parse_spec(spec)
    th = net.random_params(seed=3)
    L = _Layers(net, net.rational_params(th), Slice.coerce(None, 2))
    est = estimates.plane_region_estimate(tuple(net.widths), _affine(L, 0, L.H0))
    m = net.widths[1]
    assert est["lines"] == m and est["crossings"] == math.comb(m, 2)      # random weights: general position
    assert est["first_layer_regions"] == linear_regions(net, th, plane=True).count == est["upper_bound"]


def test_parallel_lines_do_not_cross():
    from algnet.relu.constructions import arrangement_network

    lines = [(1, 0, 0), (1, 0, -1), (2, 0, 3), (0, 1, 0), (1, 1, -5)]    # three parallel: 10 - 3 crossings
    est = estimates.plane_region_estimate((2, 5, 1), lines)
    assert (est["lines"], est["crossings"]) == (5, 7)
    assert est["first_layer_regions"] == linear_regions(*arrangement_network(lines), plane=True).count == 13


def test_upper_bound_holds_for_deeper_networks():
    for spec, seed in (("relu 2-4-4-1", 0), ("relu 2-5-3-1", 1)):
        net = parse_spec(spec)
        count = linear_regions(net, net.random_params(seed=seed), plane=True).count
        assert count <= estimates.region_upper_bound(net.widths[1:-1])


def test_whole_plane_of_a_wide_layer_is_refused_in_seconds():
    net = parse_spec("relu 2-2000-1")
    th = net.random_params(seed=0)
    t0 = time.process_time()
    with pytest.raises(TooLargeError) as e:
        linear_regions(net, th, plane=True)
    assert time.process_time() - t0 < 20
    assert "whole plane into about 2,00" in str(e.value)
    # force is offered unless the memory estimate (276 GiB) is more than the machine has in all
    assert ("force=True" in str(e.value)) != (e.value.memory_bytes > machine_memory())
    assert e.value.regions_estimate > 1_990_000 and e.value.cpu_seconds > estimates.DEFAULT_BUDGET
    with pytest.raises(TooLargeError, match="max_regions"):      # force lifts the budget, not max_regions
        linear_regions(net, th, plane=True, max_regions=10_000, force=True)


def test_budget_refuses_and_force_runs(monkeypatch):
    net = parse_spec("relu 2-30-1")
    th = net.random_params(seed=0)
    monkeypatch.setattr(estimates, "DEFAULT_BUDGET", 1e-6)
    for kw in ({"plane": True}, {"box": (-1, 1, -1, 1)}):
        with pytest.raises(TooLargeError, match="budget"):
            linear_regions(net, th, **kw)
    assert linear_regions(net, th, plane=True, force=True).count == 1 + 30 + math.comb(30, 2)


def test_cli_refuses_the_whole_plane_with_one_message(capsys):
    assert main(["regions", "relu 2-2000-1", "--plane"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert err.startswith("algnet: error: relu 2-2000-1: the first hidden layer alone cuts the whole plane")
    # --force offered unless its 276 GiB plan is more than the machine has in all (then it could not help)
    assert "--box=-1,1,-1,1" in err and ("--force" in err) != ("more than this machine has" in err)


def test_local_complexity_budget(monkeypatch, capsys):
    from algnet.relu.local_complexity import local_complexity

    net = parse_spec("relu 3-6-4-1")
    th = net.random_params(seed=0)
    X = np.random.default_rng(0).standard_normal((40, 3))
    monkeypatch.setattr(estimates, "DEFAULT_BUDGET", 1e-9)
    with pytest.raises(TooLargeError, match="local complexity at 40 points"):
        local_complexity(net, X, radius=0.3, theta=th, seed=1)
    assert local_complexity(net, X, radius=0.3, theta=th, seed=1, force=True).total.size == 40
    est = estimates.local_complexity_estimate([1000, 1000], 10**6, 16, 784)     # 10^6 MNIST-sized points
    with pytest.raises(TooLargeError, match="a sample of the points"):
        estimates.check_local_complexity("relu 784-1000-1000-10", est, budget=600)


def test_local_complexity_draws_by_batch_as_in_one_draw():
    from algnet.relu.local_complexity import local_complexity

    net = parse_spec("relu 4-8-8-1")
    th = net.random_params(seed=2)
    X = np.random.default_rng(1).standard_normal((50, 4))
    whole = local_complexity(net, X, radius=0.5, theta=th, seed=4, backend="numpy", batch_size=10**6)
    parts = local_complexity(net, X, radius=0.5, theta=th, seed=4, backend="numpy", batch_size=16)
    assert (whole.total == parts.total).all() and whole.total.any()


def test_interrupted_local_complexity_keeps_the_finished_points(monkeypatch):
    import importlib

    lcm = importlib.import_module("algnet.relu.local_complexity")    # the module (algnet.relu exports the function)
    net = parse_spec("relu 4-8-8-1")
    th = net.random_params(seed=2)
    X = np.random.default_rng(1).standard_normal((50, 4))
    full = lcm.local_complexity(net, X, radius=0.5, theta=th, seed=4, backend="numpy", batch_size=16)
    real, calls = lcm._directions, [0]

    def directions(*a):
        calls[0] += 1
        if calls[0] == 4:
            raise KeyboardInterrupt
        return real(*a)

    monkeypatch.setattr(lcm, "_directions", directions)
    part = lcm.local_complexity(net, X, radius=0.5, theta=th, seed=4, backend="numpy", batch_size=16)
    assert part.partial and part.total.size == 6           # three batches of 16 // (2 k) = 2 points
    assert (part.total == full.total[:6]).all()
    assert "partial" in part.evidence.proves and part.as_dict()["points"] == 6


def test_training_refused_in_seconds_and_forced_small_runs(monkeypatch, capsys):
    from algnet.superposition import estimates as sest
    from algnet.superposition.toy import train_toy_model

    t0 = time.process_time()
    assert main(["superposition", "--steps", "1000000000"]) == 2
    assert time.process_time() - t0 < 10
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err and "1000000000 steps" in err and "--force" in err
    monkeypatch.setattr(sest, "DEFAULT_BUDGET", 1e-9)
    with pytest.raises(TooLargeError, match="budget"):
        train_toy_model(3, 1, steps=5, seed=0)
    assert train_toy_model(3, 1, steps=5, seed=0, force=True).steps_done == 5


def test_thomson_memory_estimate_against_the_measured_peak():
    import tracemalloc

    from algnet.superposition import estimates as sest
    from algnet.superposition.spherical import _energy_grad, _project

    n, m = 400, 3
    X = _project(np.random.default_rng(0).normal(size=(m, n)))
    tracemalloc.start()
    _energy_grad(X, "coulomb", 1.0)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    est = sest.thomson_estimate(n, m, 1, 1)["memory"]
    assert peak / 2 <= est <= 2 * peak, (peak, est)


def test_thomson_refused_and_forced(monkeypatch):
    from algnet.superposition import estimates as sest
    from algnet.superposition.spherical import tammes, thomson

    t0 = time.process_time()
    with pytest.raises(TooLargeError, match="5000 points on S.2") as e:
        thomson(5000, 3, seed=0)
    assert time.process_time() - t0 < 5 and e.value.memory_bytes > 2**30
    monkeypatch.setattr(sest, "DEFAULT_BUDGET", 1e-9)
    with pytest.raises(TooLargeError, match="Tammes"):
        tammes(6, 3, starts=1, seed=0)
    assert round(thomson(4, 3, starts=2, seed=0, force=True).energy, 6) == 3.674235    # tetrahedron 6/sqrt(8/3)


def test_ctrl_c_after_training_prints_the_trained_weights(monkeypatch, capsys):
    import algnet.superposition as sp

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(sp, "recognize_configuration", interrupted)
    assert main(["superposition", "--n", "4", "--m", "2", "--steps", "50"]) == 130
    out, err = capsys.readouterr()
    assert "PARTIAL (interrupted after 50/50 steps of training" in out and "Traceback" not in err
    assert len([ln for ln in out.splitlines() if ln[:1].isdigit()]) == 4          # one row per feature


def test_an_error_caused_by_ctrl_c_is_an_interrupt(monkeypatch, capsys):
    """Ctrl-C during numba's first compilation surfaced as "RuntimeError: no compiled object yet" with a traceback:
    after a Ctrl-C (counted by the command line's handler) any exception of the work is the interrupt."""
    import algnet.cli.dim as dim
    from algnet.guards import note_sigint

    def compiling(args):
        note_sigint()                                   # what the command line's SIGINT handler does
        raise RuntimeError("no compiled object yet")

    monkeypatch.setattr(dim, "run", compiling)
    assert main(["dim", "linear 2-1-2"]) == 130
    err = capsys.readouterr().err
    assert err.startswith("algnet: interrupted (RuntimeError") and "Traceback" not in err

    def broken(args):
        raise RuntimeError("a real defect")

    monkeypatch.setattr(dim, "run", broken)
    with pytest.raises(RuntimeError, match="a real defect"):       # without a Ctrl-C: not hidden
        main(["dim", "linear 2-1-2"])
