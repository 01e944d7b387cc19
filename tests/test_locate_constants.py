"""Critical points on the stratum of constant functions (networks with output biases).

By hand (Trager-Kohn-Bruna): for linear 3-1-3 bias with the Frobenius loss, M = {x -> A x + b : rank A <= 1} and
the weight origin (A = 0, b = the target's constant part) is a critical point of the loss whose image is a constant
function; M = (cone over the rank-one matrices) x C^3 is singular at every constant function (its span, all affine
maps, has dimension 12 > dim M = 8). The point must be located on that stratum, not on the top one."""

import numpy as np

from algnet.analyses.critical import critical_points
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.locate import StratumLocator


def test_best_constant_is_located_on_the_constant_functions():
    r = critical_points("linear 3-1-3 bias", loss="frobenius", seed=0)
    assert r.critical_points == 4                                   # 3 Eckart-Young images + the best constant
    origin = [p for p in r.points if np.max(np.abs(np.asarray(p.theta)[:-3])) < 1e-9]
    assert len(origin) == 1
    assert origin[0].stratum == "constant functions (weights 0) (singular)"
    others = [p for p in r.points if p is not origin[0] and p.stratum is not None]
    assert all(p.stratum != origin[0].stratum for p in others)


def test_locator_constants_and_generic_points():
    net, L, _ = network_and_loss("linear 2-1-2 bias")
    loc = StratumLocator(net, L)
    image = lambda th: np.asarray(L.T) @ np.asarray(net.evaluate(th, L.Z), dtype=complex).reshape(-1)
    bias = np.array(loc.result.vertex.point, dtype=float)           # 1 at the output biases
    assert loc.locate(image(bias * 2.5)) == "constant functions (weights 0) (singular)"
    theta = np.random.default_rng(3).normal(size=net.n_params)
    assert loc.locate(image(theta)) == "widths 2-1-2 (smooth)"
