"""The fiber equations read off one symbolic evaluation of the network are the coefficient equations that
interpolation at the output monomials' unisolvent points gives (a second method: the network's values at m points
and the exact inverse of the m x m matrix of the monomials there), equation for equation; and they are cheap enough
that a Groebner count settles dense 5-1-1 r=6 exactly within the default budget."""

import time

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.fibers import gauge_coordinates, identifiability
from algnet.analyses.fibers_equations import _interpolated_equations, fiber_equations

SPECS = ["linear 3-2-3", "dense 2-2-2 r=2", "dense 2-2-2 r=2 bias", "dense 3-1-1 r=4", "conv k=2,2,2 r=2",
         "attention d=2 a=2 dout=1 t=2", "gconv n=3 layers=2 r=2", "dense 2-2-2 act=1,0,1", "map x/2; y/3; x*y",
         "layers Linear(2, 2, bias=True), Residual([Linear(2, 2, bias=True), Power(2)]), Linear(2, 2, bias=True)"]


def _point(net, seed):
    rng = np.random.default_rng(seed)
    return [int(v) * int(s) for v, s in zip(rng.integers(1, 30, size=net.n_params),
                                            rng.choice([-1, 1], size=net.n_params))]


@pytest.mark.parametrize("spec", SPECS)
def test_equations_equal_the_interpolated_ones(spec):
    net = parse_spec(spec)
    theta = _point(net, 1)
    gauge = gauge_coordinates(net, theta)
    ctx, eqs, free = fiber_equations(net, theta, gauge)
    ctx2, eqs2, free2 = _interpolated_equations(net, theta, gauge)
    assert free == free2 and len(eqs) == len(eqs2) > 0
    assert [str(e) for e in eqs] == [str(e) for e in eqs2]


def test_the_build_is_one_expansion_not_an_inverse():
    # dense 5-1-1 r=6: 210 output monomials; interpolation inverted a 210 x 210 rational matrix (52 CPU s)
    net = parse_spec("dense 5-1-1 r=6")
    theta = _point(net, 0)
    started = time.process_time()
    ctx, eqs, free = fiber_equations(net, theta, gauge_coordinates(net, theta))
    assert time.process_time() - started < 2.0
    # v (a.x)^6 = sum over |k| = 6 of v 6!/k! a^k x^k: one equation a monomial
    assert len(eqs) == 210 and len(free) == 5


def test_dense_5_1_1_r6_is_counted_exactly():
    # f = v (a.x)^6: the coefficients give a up to a sixth root of unity and v (a 6-th root of unity is the
    # rescaling a -> t a, v -> v t^-6 at t^6 = 1): one orbit of the rescalings, by hand. The base ran out of its
    # budget building the equations and gave a Newton lower bound
    r = identifiability("dense 5-1-1 r=6", seed=0)
    assert (r.fiber_count, r.count_status, r.finite_symmetry_order) == (1, "exact", 1)
    assert r.only_known_symmetries
