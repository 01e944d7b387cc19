"""Recorded witness systems against independent evaluations, for both recording routes.

The tape of a degree route's witness system (values of the network at sample
inputs, combined by a random matrix R, plus slices) is recorded either by K
forward passes or through the network's coefficients in the input
(:mod:`algnet.analyses.witness_coefficients`). Both must give the values and
Jacobians of the same system: checked against the per-path evaluation of the
network (``net.evaluate`` / ``net.jacobian`` over complex floats, reverse
mode, no tape) at random complex points.
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.homotopy.tape import TapeBuilder, record

SPECS = [
    "linear 3-2-3",
    "linear 2-2-2 bias",
    "map s^2; s*t; t^2",
    "map s^2 + t; s*t*u; u^2 - s params=s,t,u",
    "dense 3-2-2 r=2",
    "dense 2-2-1 r=3",
    "dense 2-2-1 r=2 bias",
    "dense 2-3-1 act=0,1,1/2",
    "conv k=2,3 s=1,1 r=2",
    "conv k=2,2 s=2,1 r=2",
    "conv k=2,3 act=0,1,1",
    "gconv n=5 layers=2 r=2",
    "attention d=2 a=1 dout=1 t=2",
    "attention d=2 a=2 dout=1 t=2",
    "dense 3-3-5-1 r=2,3",
    "layers Linear(2, 2), Residual([Linear(2, 2), Power(2)]), Linear(2, 1)",
    "layers Linear(2, 2, bias=True), Power(2), Linear(2, 2), Power(3), Linear(2, 1)",
]


def _family(spec, seed=0, route="auto"):
    from algnet.analyses.degree_pilot import witness_setup
    from algnet.analyses.network_input import network_dimension

    net = parse_spec(spec) if isinstance(spec, str) else spec
    ws = witness_setup(net, network_dimension(net, seed), seed=seed, coordinate_slice=False)
    ws.family.values.trace_route = route
    return net, ws.family


def _reference(net, fam, x, p, dp):
    """F = (R v(x) - c, A x - b), its Jacobian and dF/dp . dp from the network's own complex evaluation."""
    from algnet.core.backends import Complex

    Z = fam.values.Z
    v = net.evaluate(x, Z, backend=Complex()).reshape(-1)
    Jv = net.jacobian(x, Z, backend=Complex())
    F = np.concatenate([fam.R @ v, fam.A @ x]) - p
    J = np.concatenate([fam.R @ Jv, fam.A])
    return F, J, -dp


@pytest.mark.parametrize("route", ["forward", "coefficients"])
@pytest.mark.parametrize("spec", SPECS)
def test_tape_of_each_route_evaluates_the_system(spec, route):
    net, fam = _family(spec, seed=1, route=route)
    tape = record(fam)
    assert fam.values.recorded_route == route
    rng = np.random.default_rng(5)
    n, m = fam.n_vars, fam.n_params
    for _ in range(3):
        x = (rng.normal(size=n) + 1j * rng.normal(size=n)) / np.sqrt(2)
        p = rng.normal(size=m) + 1j * rng.normal(size=m)
        dp = rng.normal(size=m) + 1j * rng.normal(size=m)
        F, J, Ht = tape.evaluate(x, p, dp)
        F0, J0, Ht0 = _reference(net, fam, x, p, dp)
        s = 1 + np.abs(F0).max() + np.abs(J0).max()
        assert np.abs(F - F0).max() < 1e-11 * s
        assert np.abs(J - J0).max() < 1e-11 * s
        assert np.abs(Ht - Ht0).max() < 1e-11 * s


@pytest.mark.parametrize("route", ["forward", "coefficients"])
def test_tape_of_a_restricted_network(route):
    # two weights fixed to zero (a subnetwork): the recording goes through the parent with zeros inserted
    net = parse_spec("dense 3-2-2 r=2").restrict([0, 7])
    net, fam = _family(net, seed=2, route=route)
    tape = record(fam)
    rng = np.random.default_rng(3)
    x = (rng.normal(size=fam.n_vars) + 1j * rng.normal(size=fam.n_vars)) / np.sqrt(2)
    p = rng.normal(size=fam.n_params) + 1j * rng.normal(size=fam.n_params)
    F, J, _ = tape.evaluate(x, p, p)
    F0, J0, _ = _reference(net, fam, x, p, p)
    s = 1 + np.abs(F0).max() + np.abs(J0).max()
    assert np.abs(F - F0).max() < 1e-11 * s and np.abs(J - J0).max() < 1e-11 * s


def test_auto_takes_the_coefficients_for_a_deep_narrow_convolution():
    # four layers of filters of size 2 on 5 inputs: K = 495 forward passes against one pass of polynomial
    # arithmetic whose weight sharing the recorder shares; the tape is many times shorter
    net, fam = _family("conv k=2,2,2,2 s=1,1,1,1 r=2", seed=0)
    tape = record(fam)
    assert fam.values.recorded_route == "coefficients"
    costs = fam.values.route_costs
    assert costs["coefficients"] < costs["forward"] / 5
    fam.values.trace_route = "forward"
    slow = record(fam)
    assert tape.lane_work() < slow.lane_work() / 3
    rng = np.random.default_rng(2)
    x = (rng.normal(size=fam.n_vars) + 1j * rng.normal(size=fam.n_vars)) / np.sqrt(2)
    p = rng.normal(size=fam.n_params) + 0j
    F0, J0, _ = _reference(net, fam, x, p, p)
    F, J, _ = tape.evaluate(x, p, p)
    s = 1 + np.abs(F0).max() + np.abs(J0).max()
    assert np.abs(F - F0).max() < 1e-11 * s and np.abs(J - J0).max() < 1e-11 * s


def test_unknown_route_is_a_parameter_error():
    from algnet.errors import ParameterError

    _, fam = _family("linear 2-1-2", route="bogus")
    with pytest.raises(ParameterError, match="trace_route"):
        record(fam)


def test_common_products_and_sums_are_recorded_once():
    b = TapeBuilder(3, 0)
    x, y, z = b.x
    s1 = 2 * x + 3 * y
    s2 = 3 * y + 2 * x            # the same affine form, terms in another order
    outs = [x * y, y * x, s1 * z, s2 * z]
    tape = b.finish(outs, reduce_outputs=False)
    # x y once, 2x + 3y once, (2x + 3y) z once: three instructions, not five
    assert tape.size == 3
    F, J, _ = tape.evaluate(np.array([1.0, 2.0, 3.0]), np.zeros(0), np.zeros(0))
    assert F.real.tolist() == [2.0, 2.0, 24.0, 24.0]
    assert J.real.tolist() == [[2.0, 1.0, 0.0], [2.0, 1.0, 0.0], [6.0, 9.0, 8.0], [6.0, 9.0, 8.0]]


def test_dead_instructions_are_dropped():
    b = TapeBuilder(2, 0)
    x, y = b.x
    _unused = (x + 2 * y) * (x - y)  # recorded, never an output
    tape = b.finish([x * x], reduce_outputs=False)
    assert tape.size == 1
    F, J, _ = tape.evaluate(np.array([3.0, 5.0]), np.zeros(0), np.zeros(0))
    assert F.real.tolist() == [9.0] and J.real.tolist() == [[6.0, 0.0]]


@pytest.mark.parametrize("route", ["forward", "coefficients"])
@pytest.mark.parametrize("spec", ["conv k=2,2,2 s=1,1,1 r=2", "linear 4-2-4"])
def test_degree_by_monodromy_is_the_theorems_with_either_route(spec, route, monkeypatch):
    # the convolutional degree formula (48) and the determinantal degree (20), against a complete witness set
    from algnet.analyses.degree import degree
    from algnet.analyses.witness import NetworkValues

    monkeypatch.setattr(NetworkValues, "trace_route", route)
    net = parse_spec(spec)
    r = degree(net, method="monodromy", seed=0, certify=False)
    assert r.degree == net.expected_degree()[0]
    assert r.trace_test_residual is not None and r.trace_test_residual < 1e-9
