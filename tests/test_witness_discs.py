"""Batched disc certification of the degree's witness sets, against the ball route and exact arithmetic."""

from fractions import Fraction

import numpy as np

from algnet import parse_spec
from algnet.analyses.degree_monodromy import degree_options
from algnet.analyses.degree_pilot import witness_setup
from algnet.analyses.shared import dimension_result
from algnet.analyses.witness_discs import WitnessDiscFamily
from algnet.homotopy.certify import certify
from algnet.homotopy.monodromy import MonodromySolver
from algnet.theorems.formulas import conv_degree


def _witness_set(spec, seed=0):
    net = parse_spec(spec)
    dim = int(dimension_result(net, seed=seed).dimension)
    ws = witness_setup(net, dim, seed=seed)
    res = MonodromySolver(ws.family, degree_options(), key=ws.values.values, parameter_scale=ws.parameter_scale,
                          sampler=ws.sampler).solve(ws.theta0, ws.p0, seed=ws.solver_seed,
                                                    trace_direction=ws.trace_direction,
                                                    trace_functional=ws.trace_functional)
    return net, ws, res.solutions


def test_batched_certification_agrees_with_the_ball_route_and_the_theorem():
    """conv k=2,2,2 r=2 has degree 48 (Shahverdi-Marchetti-Kohn, Thm. 2.8): the disc route certifies every
    witness point and their distinct images in one batch, the acb route (one point at a time) agrees."""
    truth = conv_degree([2, 2, 2], 2)
    net, ws, X = _witness_set("conv k=2,2,2 r=2")
    assert len(X) == truth
    fam = WitnessDiscFamily.of(ws.family)
    fast = certify(fam, X, ws.p0, key_ball=ws.family.image_ball, key_interval=fam.image_interval)
    slow = certify(ws.family, X, ws.p0, key_ball=ws.family.image_ball, batched=False)
    assert fast.batched == fast.certified == fast.distinct == truth
    assert slow.certified == slow.distinct == truth and np.array_equal(fast.mask, slow.mask)


def test_a_point_off_the_witness_set_is_not_certified():
    net, ws, X = _witness_set("conv k=2,2 r=2")
    fam = WitnessDiscFamily.of(ws.family)
    bad = X[:1] + 1e-3                                    # not a solution: the test must not pass
    c = certify(fam, np.concatenate([X, bad]), ws.p0, key_interval=fam.image_interval, key_ball=ws.family.image_ball)
    assert not c.mask[-1] and c.certified == len(X) == conv_degree([2, 2], 2)


def test_disc_values_contain_the_exact_values():
    """The network's values at the sample inputs over a polydisc contain the exact rational value at a
    rational point of it (Python fractions, independent of floats)."""
    net, ws, X = _witness_set("dense 2-1-1 r=3")
    fam = WitnessDiscFamily.of(ws.family)
    rng = np.random.default_rng(3)
    theta = np.round(rng.normal(size=net.n_params) * 8) / 8 + 1j * np.round(rng.normal(size=net.n_params) * 8) / 8
    m, r = fam.image_interval(theta[None, :] + 1e-7, np.array([2e-7]))
    Z = np.asarray(ws.values.Z).reshape(ws.values.K, -1)
    th = [complex(t) for t in theta]
    def exact(z):
        return Fraction(z.real), Fraction(z.imag)

    def mul(p, q):
        return p[0] * q[0] - p[1] * q[1], p[0] * q[1] + p[1] * q[0]

    a = [exact(t) for t in th]
    for k in range(ws.values.K):
        # dense 2-1-1 r=3: f(x) = w2 (w1 . x)^3 with theta = (w1_1, w1_2, w2)
        x = [exact(complex(z)) for z in Z[k]]
        p1, p2 = mul(a[0], x[0]), mul(a[1], x[1])
        lin = (p1[0] + p2[0], p1[1] + p2[1])
        val = mul(a[2], mul(lin, mul(lin, lin)))
        mr, mi = Fraction(m[0, k].real), Fraction(m[0, k].imag)
        assert (val[0] - mr) ** 2 + (val[1] - mi) ** 2 <= Fraction(float(r[0, k])) ** 2
