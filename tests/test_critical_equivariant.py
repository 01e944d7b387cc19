"""The multihomogeneous start system equivariant under the roots of unity of a layer's degree (one path per orbit).

Truth: the group acts (z_k0, z_k) -> (z_k0, zeta z_k) and the homogenized gradient system is multiplied by
zeta^(d - 1) (checked here on the recorded homotopy, not assumed); the counts against the generic ED degrees of
the rational normal curve (3 d - 2) and the Veronese surface (13) and v_3(P^2) (39) by Chern classes
(:func:`segre_veronese_ged`, no homotopy; Draisma-Horobet-Ottaviani-Sturmfels-Thomas, FoCM 2016).
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical import ed_degree
from algnet.analyses.critical.chern import segre_veronese_ged
from algnet.analyses.critical.equivariant import acting_layer, tracked_paths
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.multihom import LayeredGradient, layered_family, layered_plan, start_system
from algnet.homotopy.tape import record


def _product(S, i, z):
    return np.prod([np.prod([f @ z[S.offsets[k]:S.offsets[k + 1]] for f in S.forms[i][k]])
                    for k in range(len(S.offsets) - 1)])


def test_the_start_points_are_one_per_free_orbit():
    net = parse_spec("dense 2-1-1 r=3")
    plan = layered_plan(net, 2)
    S = start_system(net, plan)
    assert acting_layer(plan) == (0, 3) and S.acting == (0, 3)
    assert (S.points.shape[0], S.orbit, S.fixed) == (7, 3, 4) and 7 * 3 + 4 == plan.paths == 25
    zeta = np.exp(2j * np.pi / 3)
    orbit = []
    for z in S.points:
        for j in range(3):
            w = z.copy()
            w[1:3] *= zeta ** j                         # the group on layer 0's weights, z_00 fixed
            assert all(abs(_product(S, i, w)) < 1e-10 for i in range(2))    # a root of the start system
            orbit.append(w[1:3] / w[0])                 # affine: the chart is not invariant, the point is
    orbit = np.array(orbit)
    gaps = np.abs(orbit[:, None, :] - orbit[None, :, :]).max(axis=2) + np.eye(21)
    assert gaps.min() > 1e-6                            # 21 distinct start roots: the orbits are free
    assert np.abs(orbit).max(axis=1).min() > 1e-6       # none at the fixed point z_0 = 0


def test_the_homotopy_is_equivariant():
    net, L, rng = network_and_loss("dense 2-1-1 r=3", "generic")
    plan = layered_plan(net, 2)
    H = LayeredGradient(layered_family(net, L, rng, 2, plan), plan, L.u)
    tape = record(H)
    zeta = np.exp(2j * np.pi / 3)
    z = np.array([0.7 - 0.2j, 0.3 + 0.5j, -0.4 + 0.1j, 1.1 + 0.3j])
    w = z.copy()
    w[1:3] *= zeta
    for a, b in [(0.6 + 0.8j, 0.0), (0.3 - 0.1j, 0.7), (0.0, 1.0)]:
        p = H.parameters(a, b, L.u)
        F = tape.evaluate(z, p, np.zeros(H.n_params))[0][:2]
        Fw = tape.evaluate(w, p, np.zeros(H.n_params))[0][:2]
        assert np.allclose(Fw, zeta ** 2 * F, rtol=1e-10, atol=1e-12) and np.abs(F).min() > 1e-6


@pytest.mark.parametrize("spec, dim, truth, paths", [
    ("dense 2-1-1 r=3", 2, segre_veronese_ged([1], [3]), 7),      # 25 paths without the group
    ("dense 2-1-1 r=2", 2, segre_veronese_ged([1], [2]), 4),      # 9
    ("dense 3-1-1 r=2", 3, segre_veronese_ged([2], [2]), 13),     # 27
    ("dense 2-1-1 r=4", 2, segre_veronese_ged([1], [4]), 10),     # 49 (the plan without the group: 23)
])
def test_counts_with_one_path_per_orbit(spec, dim, truth, paths):
    assert (truth, paths * acting_layer(layered_plan(parse_spec(spec), dim))[1]) in [(7, 21), (4, 8), (13, 26), (10, 40)]
    for seed in range(4):
        res = ed_degree(spec, metric="generic", seed=seed, method="multihomogeneous")
        assert res.ed_degree == truth == res.critical.certified_distinct and res.critical.complete
        order = acting_layer(layered_plan(parse_spec(spec), dim))[1]
        # the group named in words ("3th roots of unity" before)
        text = res.critical.completeness
        assert f"({paths} paths: one per orbit of the roots of unity of order {order} acting" in text
        # every tracked path ended at a point of its own (small.every_path_counted), or the trace test passed
        assert res.critical.trace_test_passed or "no trace test: each of the" in res.critical.completeness


def test_no_group_where_it_does_not_apply():
    """Degree one (linear), or another group with unknowns (the fixed points can be positive-dimensional): the
    plain linear-product start system, unchanged."""
    for spec, dim in [("linear 2-1-2", 3), ("conv k=2,2 r=2", 3), ("dense 2-1-2 r=2", 3)]:
        net = parse_spec(spec)
        plan = layered_plan(net, dim)
        S = start_system(net, plan)
        assert acting_layer(plan) is None and S.orbit == 1 and S.points.shape[0] == plan.paths


def test_the_plan_counts_tracked_paths():
    """The plan is chosen by the paths tracked: dense 2-1-1 r=4 cuts its last layer (49 paths, one per orbit of
    the 4th roots of unity: 10) rather than one of its first layer's two weights (23 paths, a layer cut in
    part: its far-out representatives made 6 of 20 seeds incomplete before)."""
    plan = layered_plan(parse_spec("dense 2-1-1 r=4"), 2)
    assert (plan.cut, plan.paths, tracked_paths(plan)) == ((0, 1), 49, 10) and (49 - 3 ** 2) // 4 == 10


def test_auto_takes_the_route_by_tracked_paths():
    """dense 3-1-1 r=4: 343 Bezout paths (above MULTIHOM_PATHS = 200: monodromy before, 958-1768 paths), 79 tracked,
    one per image of v_4(P^2) (Chern: 79)."""
    from algnet.analyses.critical.loss import network_and_loss
    from algnet.analyses.critical.small import choose_route, route_probe

    net, L, _ = network_and_loss("dense 3-1-1 r=4", "generic")
    plan = layered_plan(net, 3)
    assert (plan.paths, tracked_paths(plan)) == (343, 79) and choose_route(route_probe(net, L, 3)) == "multihomogeneous"
    res = ed_degree("dense 3-1-1 r=4", metric="generic", seed=1, method="multihomogeneous")
    assert res.ed_degree == segre_veronese_ged([2], [4]) == 79 == res.critical.certified_distinct
    assert res.critical.complete
    assert "(79 paths: one per orbit of the roots of unity of order 4" in res.critical.completeness
