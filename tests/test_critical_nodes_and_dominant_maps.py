"""Critical points and ED degrees on cases decided by hand.

* The nodal cubic t -> (t^2 - 1, t^3 - t) passes through the origin twice (t = 1 and t = -1) with the
  independent tangents (2, 2) and (-2, 2): the origin is a node, a singular point of M. For the target
  u = (1, -1), (mu(1) - u) . mu'(1) = (-1, 1) . (2, 2) = 0, so t = 1 is a critical point of the loss where
  d mu has full rank but mu(t) is NOT a smooth point of M: by THEOREMS section 8's definition it is not pure.
  analyses/critical/classify.py labels it pure: `pure = rank == dim or ...` takes full rank of
  d mu at theta for smoothness of M at mu(theta). Marked xfail(strict=True) until that is fixed.
* A dominant map has M = the whole coefficient space, whose ED degree is 1 for every metric (the critical
  point is u itself); `ed_degree` counts 1, and (since a fix) its second method is the linear-space theorem
  (analyses/critical/ed.py `_linear_space`); it said "second method: none".
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


def test_full_rank_critical_point_at_a_node_is_not_pure():
    res = critical_points(_nodal_cubic(), loss="frobenius", target=np.array([1.0, -1.0]), seed=0)
    assert not _node_point(res).pure


DOMINANT = [("dense 2-2-1 r=2", "frobenius"), ("dense 2-2-1 r=2", "generic")]


@pytest.mark.parametrize("spec, metric", DOMINANT)
def test_dominant_map_counts_ed_degree_one(spec, metric):
    # dense 2-2-1 r=2: a x1^2 + b x1 x2 + c x2^2 = sum of two squares of linear forms: every binary quadric
    # (3 coefficients, 2 x 2 + 2 - 2 = 4 parameters up to rescaling): M is all of C^3, ED degree 1
    assert ed_degree(spec, metric=metric, seed=0).ed_degree == 1


@pytest.mark.parametrize("spec, metric", DOMINANT)
def test_dominant_map_has_the_second_method(spec, metric):
    r = ed_degree(spec, metric=metric, seed=0)
    assert r.formula == 1 and r.agrees is True


# Generic ED degrees of determinantal varieties: for a generic Q the ED degree of X equals that of its dual
# (DHOST 2016, Thm. 5.2 with Q^-1 generic too), and the dual of the m x n matrices of rank <= r is rank <=
# min(m, n) - r; for r = min(m, n) - 1 that is the Segre variety P^(m-1) x P^(n-1), whose generic ED degree
# the Chern-class formula gives (3 x 3: 39, 3 x 4: 83).
DUAL = [("linear 3-2-3", (2, 2)), ("linear 3-2-4", (2, 3))]


@pytest.mark.parametrize("spec, segre", DUAL)
def test_generic_ed_degree_of_rank_min_minus_one_is_the_dual_segre_count(spec, segre):
    from algnet.analyses.critical.chern import segre_veronese_ged

    r = ed_degree(spec, metric="generic", seed=0)
    assert r.ed_degree == segre_veronese_ged(segre, (1, 1)) and r.critical.complete      # 39, 83


@pytest.mark.parametrize("spec, segre", DUAL)
def test_generic_ed_degree_by_duality_is_the_second_method(spec, segre):
    r = ed_degree(spec, metric="generic", seed=0)
    assert r.formula is not None and r.agrees is True
