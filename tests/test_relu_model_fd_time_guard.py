"""The time guard of the batch functional dimension of piecewise-linear models: refused before any work above
the default CPU budget or a time limit, and the CPU estimate checked against the CPU time measured on small models
(bias-free hidden layers, so the forward-mode route runs, not the exact MLP route)."""

import math
import time

import pytest

from algnet.cli import main
from algnet.errors import TooLargeError
from algnet.guards import DEFAULT_BUDGET
from algnet.relu import model_fd
from algnet.relu.model_estimates import check_model_fd, estimate_model_fd

from relu_model_helpers import deep_relu_model as _model


def _no_work(*args, **kwargs):
    raise AssertionError("the exact forward pass started: the refusal came after work")


def test_refused_before_any_work_above_the_default_budget(monkeypatch):
    m = _model(2, 10, hidden=60)              # deep and narrow: long (rank of 6,000 columns), small in memory
    k = 2 * math.ceil(m.n_params / m.output_size)
    monkeypatch.setattr(model_fd, "_exact_patterns", _no_work)
    t = time.process_time()
    with pytest.raises(TooLargeError) as e:
        model_fd.model_batch_fd(m, m.random_inputs(k, seed=1))
    assert time.process_time() - t < 5
    msg = str(e.value)
    assert "default budget" in msg and "of CPU" in msg and f"at {k} inputs" in msg
    assert "batch=" in msg and "force=True" in msg                    # the cheaper route, and how to insist
    assert e.value.info["seconds"] > DEFAULT_BUDGET


def test_an_explicit_time_limit_holds_under_force(monkeypatch):
    m = _model(2, 20)
    monkeypatch.setattr(model_fd, "_exact_patterns", _no_work)
    with pytest.raises(TooLargeError, match="above the time limit of 0.1 s"):
        model_fd.model_batch_fd(m, m.random_inputs(400, seed=1), force=True, time_limit=0.1)
    assert check_model_fd(m, 400, force=True)["inputs"] == 400       # force lifts the default budget


def _measured(m):
    k = 2 * math.ceil(m.n_params / m.output_size)
    Z = m.random_inputs(k, seed=1)
    small = _model(2, 3)                 # the first call's one-time costs (imports, compiled kernels) not measured
    model_fd.model_batch_fd(small, small.random_inputs(4, seed=1))
    t = time.process_time()
    r = model_fd.model_batch_fd(m, Z)
    return time.process_time() - t, estimate_model_fd(m, k)["seconds"], r


@pytest.mark.slow          # a timing (CPU seconds of one run): a loaded machine inflates it several times
def test_cpu_estimate_within_a_factor_of_three_of_the_measured_cpu_on_a_small_model():
    cpu, est, r = _measured(_model(2, 15))
    assert "mod p" in r.method                      # the forward-mode route whose cost is estimated
    assert cpu / 3 <= est <= 3 * cpu, (cpu, est)


@pytest.mark.slow
@pytest.mark.parametrize("n0, h", [(2, 25), (3, 30)])
def test_cpu_estimate_within_a_factor_of_two_of_the_measured_cpu(n0, h):
    cpu, est, _ = _measured(_model(n0, h))
    assert cpu / 2 <= est <= 2 * cpu, (cpu, est)


def test_the_command_line_refuses_a_torch_model_with_the_estimate_and_the_options(tmp_path, capsys):
    torch = pytest.importorskip("torch")
    nn = torch.nn
    torch.manual_seed(0)
    layers = [nn.Linear(2, 10), nn.ReLU()]
    for _ in range(59):                                           # distinct layers (a repeated one would be tied)
        layers += [nn.Linear(10, 10, bias=False), nn.ReLU()]
    layers.append(nn.Linear(10, 1))
    torch.save(nn.Sequential(*layers), tmp_path / "m.pt")
    assert main(["fd", "--torch", str(tmp_path / "m.pt"), "--time-limit", "5"]) == 2
    err = capsys.readouterr().err
    assert "above the time limit of 5.0 s" in err and "--time-limit" in err and "Traceback" not in err
    assert main(["fd", "--torch", str(tmp_path / "m.pt")]) == 2
    err = capsys.readouterr().err
    assert "default budget" in err and "--force" in err and "--batch" in err
