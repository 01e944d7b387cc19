"""Audit (session 18): critical points and ED degrees on cases decided by hand.

* The nodal cubic t -> (t^2 - 1, t^3 - t) passes through the origin twice (t = 1 and t = -1) with the
  independent tangents (2, 2) and (-2, 2): the origin is a node, a singular point of M. For the target
  u = (1, -1), (mu(1) - u) . mu'(1) = (-1, 1) . (2, 2) = 0, so t = 1 is a critical point of the loss where
  d mu has full rank but mu(t) is NOT a smooth point of M: by THEOREMS section 8's definition it is not pure.
  analyses/critical/classify.py (first17's) labels it pure: `pure = rank == dim or ...` takes full rank of
  d mu at theta for smoothness of M at mu(theta). Marked xfail(strict=True) until that is fixed.
* A dominant map has M = the whole coefficient space, whose ED degree is 1 for every metric (the critical
  point is u itself); `ed_degree` counts 1 but reports "second method: none" (analyses/critical/ed.py's
  `_ed_formula` has no dominant case; first17's file). Marked xfail(strict=True).
"""

import numpy as np
import pytest

from algnet.analyses.critical.ed import ed_degree
from algnet.analyses.critical.solve import critical_points
from algnet.architectures.polymap import parametrization


def _nodal_cubic():
    return parametrization(["t^2 - 1", "t^3 - t"])


def _node_point(res):
    [p] = [p for p in res.points if abs(p.theta[0] - 1) < 1e-8]
    return p


def test_nodal_cubic_critical_point_at_the_node_exists():
    res = critical_points(_nodal_cubic(), loss="frobenius", target=np.array([1.0, -1.0]), seed=0)
    p = _node_point(res)
    assert np.allclose(p.image, [0, 0], atol=1e-10) and p.rank == 1 and p.real


@pytest.mark.xfail(strict=True, reason="classify.py: full rank of d mu is taken for smoothness of M at mu(theta); "
                                       "the node mu(1) = mu(-1) = 0 is singular (first17's file)")
def test_full_rank_critical_point_at_a_node_is_not_pure():
    res = critical_points(_nodal_cubic(), loss="frobenius", target=np.array([1.0, -1.0]), seed=0)
    assert not _node_point(res).pure


DOMINANT = [("dense 2-2-1 r=2", "frobenius"), ("dense 2-2-1 r=2", "generic")]


@pytest.mark.parametrize("spec, metric", DOMINANT)
def test_dominant_map_counts_ed_degree_one(spec, metric):
    # dense 2-2-1 r=2: a x1^2 + b x1 x2 + c x2^2 = sum of two squares of linear forms: every binary quadric
    # (3 coefficients, 2 x 2 + 2 - 2 = 4 parameters up to rescaling): M is all of C^3, ED degree 1
    assert ed_degree(spec, metric=metric, seed=0).ed_degree == 1


@pytest.mark.xfail(strict=True, reason="ed.py's _ed_formula has no dominant case: 'second method: none' "
                                       "(first17's file)")
@pytest.mark.parametrize("spec, metric", DOMINANT)
def test_dominant_map_has_the_second_method(spec, metric):
    r = ed_degree(spec, metric=metric, seed=0)
    assert r.formula == 1 and r.agrees is True
