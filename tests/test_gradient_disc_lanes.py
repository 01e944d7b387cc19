"""The disc enclosures of the gradient system (critical/intervals.py: one run of the network's program for every
sample and polydisc, the Cauchy circles of every column at once) against ball arithmetic at points of the polydiscs,
and the Krawczyk test on them against the generic ED degree."""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.small import small_slice
from algnet.analyses.critical.system import example_family, gradient_family
from algnet.analyses.singular.derived import SlicedNetwork
from algnet.core.numbers import acb, ball_precision
from algnet.homotopy.certify import certify


def _family(case):
    if case == "sliced":       # a network on a subspace of its parent's parameters (theta = E u): the parent's program
        net = SlicedNetwork.from_constraints(parse_spec("linear 2-2-2"), zero=(1,), ties=((0, 4),), label="tied")
        net, L, rng = network_and_loss(net, "generic")
        return gradient_family(net, L, rng)
    if case == "mixed circles":     # circles of 3, 2 and 4 points (any size above the degree is exact): two sizes
        fam = example_family("linear 2-1-2", "generic")
        fam._M = np.array([3, 2, 4])
        return fam
    return example_family(case, "generic")


def _ball(z):
    return acb(float(z.real), float(z.imag))


def _inside(disc_m, disc_r, ball):
    """The ball lies in the disc {|z - disc_m| <= disc_r} (its midpoint's distance plus both parts' radii)."""
    d = abs(complex(float(ball.real.mid()), float(ball.imag.mid())) - disc_m)
    return d * (1 + 1e-15) + float(ball.real.rad()) + float(ball.imag.rad()) <= disc_r


@pytest.mark.parametrize("case", ["linear 2-1-2", "conv k=2,2 r=2", "dense 2-1-1 r=3", "sliced", "mixed circles"])
def test_disc_enclosures_contain_the_ball_values_at_points_of_the_polydiscs(case):
    """G, G' and the images over polydiscs of different centres and radii (several samples and outputs: the lanes of
    the one program run must come back to their own polydisc and sample) contain the 128-bit ball values at a point
    of each polydisc, computed by the family's ball route (its own program run per point, Cauchy sums in acb)."""
    fam = _family(case)
    rng = np.random.default_rng(7)
    k, n = 4, fam.n_vars
    X = rng.normal(size=(k, n)) + 1j * rng.normal(size=(k, n))
    rad = np.array([1e-9, 1e-6, 1e-4, 0.0])
    G, H = fam.evaluate_interval(X, rad, fam.loss.u)
    ym, yr = fam.image_interval(X, rad)
    for i in range(k):
        # a point of the polydisc, not its centre: its coordinates at 0.7 of the radius in a random direction
        x = X[i] + 0.7 * rad[i] * np.exp(2j * np.pi * rng.random(n))
        with ball_precision(128):
            Gb, Hb = fam.evaluate_ball([_ball(z) for z in x], [_ball(z) for z in fam.loss.u])
            yb = fam.image_ball([_ball(z) for z in x])
        assert all(_inside(G.m[i, a], np.broadcast_to(G.r, G.m.shape)[i, a], Gb[a]) for a in range(n))
        Hr = np.broadcast_to(H.r, H.m.shape)
        assert all(_inside(H.m[i, a, b], Hr[i, a, b], Hb[a, b]) for a in range(n) for b in range(n))
        assert all(_inside(ym[i, a], yr[i, a], yb[a]) for a in range(fam.n_params))
    # and the discs are not vacuous: the Jacobian's radii over the point polydisc are tiny
    assert np.all(np.broadcast_to(H.r, H.m.shape)[3] < 1e-9 * (1 + np.abs(H.m[3])))


def test_krawczyk_on_the_disc_enclosures_agrees_with_the_ball_route_and_refuses_a_perturbed_point():
    """linear 2-1-2 (two samples, two outputs each), generic metric, the critical points on a random slice: the
    batched test on these enclosures certifies exactly the points that the ball route (acb, one point at a time, its
    own program run per point) certifies, with the same distinct images; a point moved by 1e-3 is not certified."""
    fam = example_family("linear 2-1-2", "generic")
    sol, p0 = small_slice(fam, np.random.default_rng(0))
    X = np.concatenate([sol.solutions, sol.solutions[:1] + 1e-3])
    fast = certify(fam, X, p0, key_ball=fam.image_ball, key_interval=fam.image_interval)
    slow = certify(fam, X, p0, key_ball=fam.image_ball, batched=False)
    k = sol.solutions.shape[0]
    assert k > 0 and fast.batched == fast.certified == fast.distinct == slow.certified == slow.distinct == k
    assert np.array_equal(fast.mask, slow.mask) and not fast.mask[-1]
