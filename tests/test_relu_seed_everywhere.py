"""The same ReLU SPEC and --seed mean the same weights in `fd`, `regions` and `local-complexity`, and without
--seed each command draws one and records it in its JSON (before, regions and local-complexity used seed 0
while fd drew one; local-complexity's JSON had no weights' seed at all)."""

import json
import secrets

import numpy as np
import pytest

from algnet import parse_spec
from algnet.cli import main
from algnet.relu.functional import functional_dimension
from algnet.relu.local_complexity import local_complexity
from algnet.relu.regions import linear_regions

SPEC = "relu 2-3-1"


@pytest.fixture
def pts(tmp_path):
    path = tmp_path / "pts.npz"
    np.savez(path, X=np.random.default_rng(0).uniform(-1, 1, size=(6, 2)))
    return path


def _json(argv, capsys):
    assert main(argv + ["--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _three(pts, capsys, extra=()):
    fd = _json(["fd", SPEC, *extra], capsys)
    rg = _json(["regions", SPEC, "--plane", *extra], capsys)
    lc = _json(["local-complexity", SPEC, "--data", str(pts), "--radius", "0.3", "--points-seed", "5", *extra], capsys)
    return fd, rg, lc


def _check_weights_of_seed(seed, fd, rg, lc, pts):
    """Each command's answer is the one of net.random_params(seed), computed here by the library."""
    net = parse_spec(SPEC)
    theta = net.random_params(seed=seed)
    assert fd["functional_dimension"] == functional_dimension(net, theta).functional_dimension
    assert rg["regions"] == linear_regions(net, theta, plane=True).count
    want = local_complexity(net, np.load(pts)["X"], radius=0.3, theta=theta, seed=5)
    assert lc["mean"] == pytest.approx(want.mean) and lc["points_seed"] == 5


def test_a_given_seed_is_the_same_network_in_every_command(pts, capsys):
    fd, rg, lc = _three(pts, capsys, ("--seed", "7"))
    assert fd["seed"] == rg["seed"] == lc["seed"] == 7
    assert fd["weights"] == rg["weights"] == lc["weights"] == "random rational weights, seed 7"
    _check_weights_of_seed(7, fd, rg, lc, pts)


def test_without_a_seed_every_command_draws_one_the_same_way(pts, capsys, monkeypatch):
    monkeypatch.setattr(secrets, "randbits", lambda bits: 424242)       # the draw of algnet.cli._common.seed_from_args
    fd, rg, lc = _three(pts, capsys)
    assert fd["seed"] == rg["seed"] == lc["seed"] == 424242
    _check_weights_of_seed(424242, fd, rg, lc, pts)
