"""Voronoi cells of hand-computed curves, and landing probabilities against Eckart-Young."""

import pytest

from algnet.analyses.critical.voronoi import voronoi, wilson_interval
from algnet.architectures.polymap import parametrization
from algnet.errors import ParameterError


def test_cusp_cell_is_two_dimensional():
    # y^2 = x^3 at the cusp: M near 0 lies in the half-plane x >= 0 and is tangent to the x-axis, so every
    # target (a, b) with a < 0 close to 0 has the cusp as its nearest point: an open set
    r = voronoi(parametrization(["t^2", "t^3"]), point=[0], samples=0, seed=3)
    assert r.point_dimension == 2


def test_smooth_point_of_a_plane_curve_is_a_segment():
    r = voronoi(parametrization(["t^2", "t^3"]), point=[1], samples=0, seed=3)
    assert r.point_dimension == 1 and r.codimension == 1


def test_node_of_the_nodal_cubic_is_a_point():
    # y^2 = x^2 (x + 1) at t = +-1: two smooth branches cross transversally at 0; a target near the node is
    # closer to one of the branches than to the node (its projection on the branch's tangent), so the
    # cell is the node alone
    r = voronoi(parametrization(["t^2 - 1", "t^3 - t"]), point=[1], samples=0, seed=3)
    assert r.point_dimension == 0


def test_rank_one_matrices_smooth_point():
    # 2x2 matrices of rank <= 1: a quadric cone in R^4, codimension 1 at its smooth points
    r = voronoi("linear 2-1-2", point=[1.0, 2.0, -1.0, 0.5], samples=0, seed=2)
    assert r.point_dimension == 1


def test_eckart_young_never_lands_on_the_origin():
    # the nearest matrix of rank <= 1 to a nonzero target is its truncated SVD (Eckart-Young): never 0
    r = voronoi("linear 2-1-2", samples=24, seed=5)
    assert "origin" not in r.counts
    assert r.samples == 24 and sum(r.counts.values()) + r.dropped == 24
    lo, hi = r.intervals["smooth (top stratum)"]
    assert lo <= r.probabilities["smooth (top stratum)"] == 1.0 <= hi + 1e-12


def test_wilson_interval_hand_values():
    # p = 0.25, n = 20, z = 1.96: center (0.25 + 0.096) / 1.192, half-width 1.96 sqrt(0.009375 + 0.0024) / 1.192
    lo, hi = wilson_interval(5, 20)
    assert abs(lo - 0.1119) < 1e-3 and abs(hi - 0.4687) < 1e-3


def test_bad_input():
    with pytest.raises(ParameterError):
        voronoi("linear 2-1-2", point=[1.0, 2.0], samples=0, seed=0)
    with pytest.raises(ParameterError, match="stratum"):
        voronoi("linear 2-1-2", stratum="nonsense", samples=0, seed=0)
