"""Smoothness of M at a point by its multiplicity (analyses/critical/multiplicity.py), on plane curves whose
singular points are known by hand, and the purity of full-rank critical points at a given target."""

import numpy as np
import pytest

from algnet.analyses.critical.multiplicity import judge, witness_set
from algnet.analyses.critical.solve import critical_points
from algnet.analyses.critical.system import example_family
from algnet.architectures.polymap import parametrization


def _ws(exprs, seed=0):
    fam = example_family(parametrization(exprs), target=[0.5, 0.25])
    return witness_set(fam, 1, np.random.default_rng(seed))


@pytest.mark.parametrize("seed", [0, 1])
def test_node_is_singular_by_its_two_tangents_and_a_smooth_point_is_not(seed):
    # t -> (t^2 - 1, t^3 - t): a cubic (3 points on a line, one preimage each); the origin is reached at t = +-1
    # with tangents (2, 2) and (-2, 2); (3, 6) = mu(2) is reached once, with d mu of rank 1
    ws = _ws(["t^2 - 1", "t^3 - t"], seed)
    assert ws.solutions.shape[0] == 3 and ws.fiber == 1 and ws.complete
    node, smooth = judge(ws, [0.0, 0.0]), judge(ws, [3.0, 6.0])
    assert node.smooth is False and node.preimages == 2 and "tangent" in node.note
    assert smooth.smooth is True and smooth.preimages == 1


def test_tacnode_is_singular_by_the_count_although_its_tangents_agree():
    # t -> (t^2 - 1, t (t^2 - 1)^2): a quintic; at t = +-1 both branches y = +-x^2 (1 + O(x)) have the tangent
    # (1, 0): the tangent test cannot see it, two preimages against one in a generic fiber can
    ws = _ws(["t^2 - 1", "t^5 - 2*t^3 + t"])
    assert ws.solutions.shape[0] == 5 and ws.fiber == 1
    tac = judge(ws, [0.0, 0.0])
    assert tac.smooth is False and tac.preimages == 2 and "more than the 1" in tac.note
    assert judge(ws, [3.0, 18.0]).smooth is True          # mu(2) = (3, 2 * 9)


def test_cusp_is_singular_by_its_multiplicity():
    # (t^2, t^3): a cubic; the line through the cusp meets it there twice: two paths end at t = 0
    ws = _ws(["t^2", "t^3"])
    cusp = judge(ws, [0.0, 0.0])
    assert cusp.smooth is False and cusp.preimages == 2


def test_two_to_one_parametrization_counts_its_fiber():
    # t -> (t^2, t^4 + t^2): a parabola-like conic y = x^2 + x met twice (t and -t): d = 2, the point (1, 2)
    # (t = +-1) is smooth although it has two preimages
    ws = _ws(["t^2", "t^4 + t^2"])
    assert ws.fiber == 2 and ws.solutions.shape[0] == 4
    assert judge(ws, [1.0, 2.0]).smooth is True


def test_given_target_purity_note_says_how_smoothness_was_decided():
    # Eckart-Young at diag(3, 1): both rank-one truncations are smooth points of the quadric cone
    r = critical_points("linear 2-1-2", loss="frobenius", target=[3.0, 0.0, 0.0, 1.0], seed=0)
    full = [p for p in r.points if p.rank == 3]
    assert len(full) == 2 and all(p.pure and p.purity_note.startswith("pure: d mu has full rank and the image is "
                                                                      "a smooth point") for p in full)
    assert r.pure == 2 and r.spurious == 1


def test_drawn_target_takes_smoothness_from_genericity():
    r = critical_points("linear 2-1-2", loss="frobenius", seed=0)
    full = [p for p in r.points if p.rank == 3]
    assert full and all(p.pure and "drawn at random" in p.purity_note for p in full)


def test_vertex_of_the_quadric_cone_has_multiplicity_two():
    # 2 x 2 matrices of rank <= 1 (xw = yz): the vertex is a double point; a line through it meets the cone only
    # there, so all deg M * d = 2 * 2 witness paths end on its fiber: N_y = 4 = e * d with e = 2
    ws = witness_set(example_family("linear 2-1-2"), 3, np.random.default_rng(3))
    v = judge(ws, np.zeros(4))
    assert ws.fiber == 2 and v.smooth is False and v.preimages == 4
