"""Singular points of curves parametrized many-to-one: t -> g(t^k) with g birational onto a plane curve C, so the
image is C and its singular points are C's (by hand: the nodal cubic g(u) = (u^2 - 1, u^3 - u), y^2 = x^2 (x + 1),
has its node at the origin from u = +-1 and is smooth at g(0) = (-1, 0); g(u) = (u^2, u^3 + u), y^2 = x (x + 1)^2,
has its node at (-1, 0) from u = +-i and is smooth at the origin). The pairs s != t with one image contain the curve
of pairs s^k = t^k over every image point, which is set aside unsolved; the node's pairs (s^k = 1, t^k = -1) are
isolated and found."""

import pytest

from algnet.analyses.singular import map_singular_points
from algnet.architectures.polymap import parametrization


@pytest.mark.parametrize("k", [2, 3])
def test_nodal_cubic_through_a_power(k):
    u = f"t^{k}"
    res = map_singular_points(parametrization([f"({u})^2 - 1", f"({u})^3 - {u}"]), seed=0)
    got = {(c.source, c.point, c.status) for c in res.candidates if c.certified}
    assert ("branches meet", ("0", "0"), "singular") in got
    assert ("rank drop", ("-1", "0"), "smooth") in got              # g(0): a smooth point reached with t^k's rank drop
    assert res.complete and len(res.singular) == 1
    assert any("many-to-one" in n for n in res.notes)


def test_node_from_non_real_branches_through_a_cube():
    res = map_singular_points(parametrization(["t^6", "t^9 + t^3"]), seed=0)
    assert {(c.source, c.point, c.status) for c in res.candidates} == {
        ("branches meet", ("-1", "0"), "singular"), ("rank drop", ("0", "0"), "smooth")}


@pytest.mark.parametrize("k", [16, 200])
def test_a_power_of_the_line_has_no_singular_point(k):
    res = map_singular_points(parametrization([f"t^{k}"]), seed=0)
    assert res.complete and not res.singular
    assert [(c.source, c.status) for c in res.candidates] == [("rank drop", "smooth")]
