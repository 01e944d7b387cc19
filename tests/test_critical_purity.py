"""Pure vs spurious by the definition of THEOREMS.md section 8 / issue 12 (mu(theta) a smooth point of M, critical
for the loss on M), at targets where the image lies only on the rank-drop locus; hand-computed cases."""

import numpy as np
import pytest

from algnet.analyses.critical import critical_points
from algnet.analyses.critical.loss import make_loss
from algnet.analyses.critical.purity import rank_drop_is_pure
from algnet.analyses.critical.system import GradientFamily
from algnet.architectures.polymap import parametrization


def _verdict(exprs, target, theta, dim):
    net = parametrization(exprs)
    rng = np.random.default_rng(0)
    L = make_loss(net, "frobenius", target=target, rng=rng)
    return rank_drop_is_pure(GradientFamily(net, L, (), [], rng), np.array(theta, dtype=complex), L.u, dim)[0]


@pytest.mark.parametrize("exprs, target, theta, dim, pure", [
    # mu(t) = t^2, M = C: 0 is a smooth point; critical for (c - u)^2 on M only when u = 0
    (["t^2"], [0.0], [0], 1, True),
    (["t^2"], [1.0], [0], 1, False),
    # the cusp (t^2, t^3): 0 is singular (one tangent line, the x-axis, but not a graph over it); with u = (0, 1)
    # d l = -2 (0, 1) vanishes on the tangent line, so only the singularity makes it spurious
    (["t^2", "t^3"], [0.0, 1.0], [0], 1, False),
    # the smooth surface z = x y parametrized by (s, t^2, s t^2), folded along t = 0; at theta = (1, 0) the image
    # c = (1, 0, 0) has T_c M = span{(1, 0, 0), (0, 1, 1)}: u - c = (0, 1, -1) is normal (pure),
    # u - c = (0, 2, -1) is not (spurious)
    (["s", "t^2", "s*t^2"], [1.0, 1.0, -1.0], [1, 0], 2, True),
    (["s", "t^2", "s*t^2"], [1.0, 2.0, -1.0], [1, 0], 2, False),
    # 2 x 2 matrices of rank <= 1 at the origin: the vertex of the quadric cone, singular: spurious for any target
    (["a*c", "a*d", "b*c", "b*d"], [3.0, 0.0, 0.0, 1.0], [0, 0, 0, 0], 3, False),
])
def test_rank_drop_verdicts_by_hand(exprs, target, theta, dim, pure):
    assert _verdict(exprs, target, theta, dim) is pure


def test_t_squared_at_zero_is_a_pure_critical_point():
    # L(t) = t^4: t = 0 is the only critical point, d mu(0) = 0, and mu(0) = 0 = u is the minimum of l on M = C
    r = critical_points(parametrization(["t^2"]), loss="frobenius", target=[0.0], seed=0)
    assert (r.critical_points, r.pure, r.spurious) == (1, 1, 0)
    # at u = 1 the origin is the spurious maximum of (t^2 - 1)^2 (0 is not critical for (c - 1)^2), t = +-1 pure
    r = critical_points(parametrization(["t^2"]), loss="frobenius", target=[1.0], seed=0)
    assert (r.pure, r.spurious) == (1, 1)
    assert [p.kind for p in r.points if not p.pure] == ["maximum"]


def test_linear_network_origin_stays_spurious():
    # Trager-Kohn-Bruna / Eckart-Young for diag(3, 1): two pure rank-one points, the origin spurious
    r = critical_points("linear 2-1-2", loss="frobenius", target=[3.0, 0.0, 0.0, 1.0], seed=0)
    assert (r.pure, r.spurious) == (2, 1)
