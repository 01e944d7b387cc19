"""Region enumeration under a time limit: the regions finished when the limit is reached are returned as a partial
result, labelled a lower bound (never as the answer). Truth: the full enumeration of the same network (each kept
region is exactly one of its regions, with the same vertices and pattern; the count is at most the full count).

The limit is made to expire at a known point without depending on the machine's speed: after some regions have
arrived the work spins until the CPU cap fires (the spin never ends by itself)."""

import json
import time

import numpy as np
import pytest
from ctrl_c_helpers import after_region_chunks, region_keys

from algnet import parse_spec
from algnet.cli import main
from algnet.errors import ParameterError
from algnet.relu.model import PLModel
from algnet.relu.regions import linear_regions

LIMIT = 1.0          # CPU seconds; the networks below are enumerated in well under this (a spin then reaches it)


def _spin():
    t = time.process_time()
    while time.process_time() - t < 600:       # ended by the cap's KeyboardInterrupt
        pass


def _spin_after_chunks(monkeypatch, k):
    after_region_chunks(monkeypatch, k, _spin)


def _check_partial(part, full, clock="of CPU"):
    assert part.partial and part.stopped == f"the time limit of 1 s {clock}"
    assert not part.evidence.certified and "at least" in part.evidence.proves and "time limit" in part.evidence.proves
    assert 0 < part.count < full.count
    assert region_keys(part) <= region_keys(full)
    d = part.as_dict(vertices=False)
    assert d["partial"] is True and d["certified"] is False and "time limit" in d["partial_reason"]


@pytest.mark.parametrize("where", [dict(box=(-4, 4, -4, 4)), dict(plane=True),
                                   dict(box=(-4, 4, -4, 4), filtered=False)])
def test_time_limited_mlp_regions_are_regions_of_the_full_partition(monkeypatch, where):
    net = parse_spec("relu 2-12-12-1")
    theta = net.random_params(seed=3)
    full = linear_regions(net, theta, **where)
    assert not full.partial and full.stopped == ""
    _spin_after_chunks(monkeypatch, 3)
    _check_partial(linear_regions(net, theta, time_limit=LIMIT, **where), full)


def test_worker_processes_stop_at_the_wall_clock_limit(monkeypatch):
    """With worker processes asked for, the limit is of the wall clock (their CPU is not this process's)."""
    net = parse_spec("relu 2-12-12-1")
    theta = net.random_params(seed=3)
    full = linear_regions(net, theta, plane=True)
    _spin_after_chunks(monkeypatch, 3)
    part = linear_regions(net, theta, plane=True, workers=2, time_limit=LIMIT)
    _check_partial(part, full, "(wall clock)")


def _small_model():
    """A PL model (a hidden layer without bias), 2 inputs, 10 + 8 hidden units, for the node-wise engines."""
    rng = np.random.default_rng(0)

    def r(*shape):
        return [[f"{int(v)}/8" for v in row] for row in rng.integers(-16, 17, shape)]

    m = PLModel.from_layers([(r(10, 2), r(1, 10)[0]), (r(8, 10), [0] * 8), (r(1, 8), [0])])
    m.nodes[3].op.has_bias = False
    return m


@pytest.mark.parametrize("engine", ["exact", "float"])
def test_time_limited_model_regions(monkeypatch, engine):
    from algnet.relu import model_regions, model_regions_float

    m = _small_model()
    mod, name = (model_regions, "_node_step") if engine == "exact" else (model_regions_float, "_step")
    run = model_regions.model_regions if engine == "exact" else model_regions_float.model_regions_float
    full = run(m, box=(-3, 3, -3, 3))
    real, calls = getattr(mod, name), [0]

    def step(*a):
        calls[0] += 1
        if calls[0] == 60:
            _spin()
        return real(*a)

    monkeypatch.setattr(mod, name, step)
    part = run(m, box=(-3, 3, -3, 3), time_limit=LIMIT)
    assert part.partial and part.stopped.startswith("the time limit of 1 s of CPU") and 0 < part.count < full.count
    if engine == "exact":
        _check_partial(part, full)
    else:                       # float64 polygons: the kept patterns are patterns of the full float partition
        assert set(part.patterns) <= set(full.patterns) and "time limit" in part.as_dict()["partial_reason"]


def test_a_generous_limit_gives_the_whole_answer():
    net = parse_spec("relu 2-6-6-1")
    theta = net.random_params(seed=1)
    full = linear_regions(net, theta, plane=True)
    timed = linear_regions(net, theta, plane=True, time_limit=600)
    assert not timed.partial and timed.stopped == "" and timed.evidence.certified
    assert region_keys(timed) == region_keys(full)


@pytest.mark.parametrize("bad", [0, -1, float("nan"), True])
def test_bad_time_limits_are_refused(bad):
    with pytest.raises(ParameterError):
        linear_regions(parse_spec("relu 2-2-1"), [1, 0, 0, 1, 0, 0, 1, 1, 0], time_limit=bad)


def test_cli_time_limit_partial_json_and_exit_status(monkeypatch, capsys):
    _spin_after_chunks(monkeypatch, 3)
    assert main(["regions", "relu 2-12-12-1", "--seed", "3", "--box=-4,4,-4,4", "--time-limit", "1",
                 "--json"]) == 3
    d = json.loads(capsys.readouterr().out)
    assert d["partial"] is True and d["certified"] is False and "time limit" in d["partial_reason"]
    assert "at least" in d["proves"]
    monkeypatch.undo()
    assert main(["regions", "relu 2-12-12-1", "--seed", "3", "--box=-4,4,-4,4", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["regions"] > d["regions"]


def test_cli_bad_time_limit(capsys):
    assert main(["regions", "relu 2-4-1", "--time-limit", "0"]) == 2
    assert "time-limit" in capsys.readouterr().err
