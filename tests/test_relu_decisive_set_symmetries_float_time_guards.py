"""The time guards of the decisive-set functional dimension, the hidden-symmetries check and the float64 batch
Jacobian of piecewise-linear models: refused before any work (the work functions fail if called) above the default
CPU budget or a time limit (force lifts the budget, not a limit given), and the CPU estimates checked against the
CPU time measured on small models (bias-free hidden layers, so the forward-mode route runs)."""

import importlib
import math
import re
import time

import numpy as np
import pytest

import algnet.relu.model_regions as model_regions_module
import algnet.relu.regions as regions_module
from algnet.cli import main
from algnet.errors import TooLargeError
from algnet.guards import DEFAULT_BUDGET
from algnet.relu import model_fd, training
from algnet.relu.functional import float_rank
from algnet.relu.model_estimates import estimate_model_fd, estimate_model_float_jacobian
from algnet.relu.symmetries import model_hidden_symmetries, symmetry_bound

from relu_model_helpers import deep_relu_model as _model

local_complexity_module = importlib.import_module("algnet.relu.local_complexity")   # (the package re-exports
#                                                                                      a function of that name)


def _no_work(*args, **kwargs):
    raise AssertionError("the work started: the refusal came after it")


@pytest.fixture
def no_work(monkeypatch):
    """Every costly step of the three routes fails if called."""
    for mod, name in ((model_fd, "_exact_patterns"), (model_regions_module, "model_regions"),
                      (regions_module, "linear_regions"), (model_fd, "model_batch_fd"),
                      (local_complexity_module, "local_complexity")):
        monkeypatch.setattr(mod, name, _no_work)


# relu 2-20-...-20-1, 30 hidden layers: the first layer's 20 lines cut the plane into 211 regions, so a decisive set
# has at least 633 points; the Jacobian there (633 x 11,681) is estimated above the default budget, small in memory
DEEP = dict(n0=2, h=20, hidden=30)


def test_decisive_set_refused_before_any_region_above_the_default_budget(no_work):
    m = _model(**DEEP)
    t = time.process_time()
    with pytest.raises(TooLargeError) as e:
        model_fd.model_functional_dimension(m)
    assert time.process_time() - t < 5
    msg = str(e.value)
    assert "decisive set of at least 633 points" in msg and "default budget" in msg and "force=True" in msg
    assert "model_batch_fd" in msg                      # the cheaper route: the batch rank at sampled inputs
    assert e.value.info["seconds"] > DEFAULT_BUDGET


def test_decisive_set_time_limit_holds_under_force_and_force_lifts_the_budget(no_work):
    m = _model(**DEEP)
    with pytest.raises(TooLargeError, match="above the time limit of 10.0 s"):
        model_fd.model_functional_dimension(m, force=True, time_limit=10)
    with pytest.raises(AssertionError, match="the work started"):     # forced: past the check, into the regions
        model_fd.model_functional_dimension(m, force=True)


def test_hidden_symmetries_refused_before_the_inputs_are_drawn(no_work):
    m = _model(2, 10, hidden=40)            # deep and narrow: a rank of 4,000 columns at 7,082 inputs, 0.7 GB
    with pytest.raises(TooLargeError) as e:
        model_hidden_symmetries(m, seed=0)
    assert "hidden symmetries at 7082 inputs" in str(e.value) and "default budget" in str(e.value)
    assert e.value.info["seconds"] > DEFAULT_BUDGET
    small = _model(2, 10)
    with pytest.raises(TooLargeError, match="above the time limit of 0.01 s"):
        model_hidden_symmetries(small, seed=0, force=True, time_limit=0.01)
    with pytest.raises(AssertionError, match="the work started"):
        model_hidden_symmetries(m, seed=0, force=True)


def test_float_jacobian_of_a_record_refused_before_any_work(no_work):
    m = _model(2, 10, hidden=40)
    Z = np.random.default_rng(1).standard_normal((20_000, 2))   # 20,000 x 4,021: the SVD alone ~ 400 s estimated
    with pytest.raises(TooLargeError) as e:
        training.record_model(m, train_points=Z[:4], fd_points=Z, exact_fd="never")
    assert "float64 batch Jacobian at 20000 inputs" in str(e.value) and "fd_points" in str(e.value)
    assert e.value.info["seconds"] > DEFAULT_BUDGET
    with pytest.raises(TooLargeError, match="above the time limit of 5.0 s"):
        training.record_model(m, train_points=Z[:4], fd_points=Z, exact_fd="never", force=True, time_limit=5)
    with pytest.raises(AssertionError, match="the work started"):
        training.record_model(m, train_points=Z[:4], fd_points=Z, exact_fd="never", force=True)


@pytest.mark.slow          # a timing (CPU seconds of one run): BLAS threads under load inflate it
def test_float_jacobian_cpu_estimate_within_a_factor_of_three():
    m = _model(2, 20)
    K = 2 * m.n_params
    Z = np.random.default_rng(1).standard_normal((K, 2))
    t = time.process_time()
    rank = float_rank(training._float_jacobian(m, Z))[0]
    cpu = time.process_time() - t
    est = estimate_model_float_jacobian(m, K)["seconds"]
    assert rank <= symmetry_bound(m)                    # a rank of the Jacobian is at most D'
    assert cpu / 3 <= est <= 3 * cpu, (cpu, est)


@pytest.mark.slow          # a timing (CPU seconds of one run): BLAS threads under load inflate it
def test_hidden_symmetries_cpu_within_a_factor_of_three_of_the_batch_rank_estimate():
    m = _model(2, 20)
    K = math.ceil(2 * symmetry_bound(m) / m.output_size)
    t = time.process_time()
    r = model_hidden_symmetries(m, seed=0)
    cpu = time.process_time() - t
    est = estimate_model_fd(m, K)["seconds"]
    assert r["points"] <= K and r["batch_fd"] <= r["bound"]
    assert cpu / 3 <= est <= 3 * cpu, (cpu, est)


@pytest.mark.slow
def test_decisive_set_check_is_a_lower_estimate_and_the_rank_there_within_a_factor_of_three():
    from algnet.relu.functional import decisive_set
    from algnet.relu.model_estimates import model_region_estimate
    from algnet.relu.model_regions import model_regions
    from algnet.relu.slices import Slice

    m = _model(2, 20)
    sl = Slice.standard(2)
    part = model_regions(m, plane=True, slice=sl)
    Z = decisive_set(part, 2)
    lower = 3 * model_region_estimate(m, slice=sl)["regions"]
    assert lower <= len(Z)               # the first layer's regions are among the regions (later layers refine)
    t = time.process_time()
    model_fd.model_batch_fd(m, Z, route="modular", on_nonsmooth="raise")
    cpu = time.process_time() - t
    at_used = estimate_model_fd(m, len(Z))["seconds"]
    assert estimate_model_fd(m, lower)["seconds"] <= at_used
    assert cpu / 3 <= at_used <= 3 * cpu, (cpu, at_used)


def test_the_command_line_states_the_decisive_set_refusal_with_its_time_limit(tmp_path, capsys):
    torch = pytest.importorskip("torch")
    nn = torch.nn
    torch.manual_seed(0)
    layers = [nn.Linear(2, 10), nn.ReLU()]
    for _ in range(19):                 # 10 lines of the first layer: a decisive set of at least 3 x 56 points
        layers += [nn.Linear(10, 10, bias=False), nn.ReLU()]
    layers.append(nn.Linear(10, 1))
    torch.save(nn.Sequential(*layers), tmp_path / "m.pt")
    assert main(["fd", "--torch", str(tmp_path / "m.pt"), "--batch", "4", "--time-limit", "1", "--json"]) == 0
    out = capsys.readouterr().out
    assert "decisive set of at least 168 points" in out
    # the regions get what the batch rank left of the run's one --time-limit, and the refusal says so
    left = re.search(r"above the time limit of ([0-9.e+-]+) s \(([0-9.e+-]+) s of the --time-limit 1 s were left "
                     r"after the batch rank\)", out)
    assert left and 0 < float(left.group(1)) <= 1.0 and 0 < float(left.group(2)) <= 1.0, out
