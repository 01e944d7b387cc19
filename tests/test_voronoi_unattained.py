"""The nearest point exists only where the distance attains its infimum.

The image of (s, t) -> (s^2, s t) is {x > 0} and the origin (s = 0 gives (0, 0) only). A target u with u1 > 0 is a
point of M (distance 0). For u1 < 0 the distance has infimum u1^2 (approached as s -> 0+, t = u2 / s), attained by
no point of M: the origin, at distance |u|^2 > u1^2 when u2 != 0, is a saddle of L = |mu - u|^2 (Hessian at 0:
[[-4 u1, -2 u2], [-2 u2, 0]], determinant -4 u2^2 < 0). Such a target has no nearest point; mu(0) is never one.
"""

import numpy as np
import pytest

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.nearest import TOP, UNATTAINED, NearestPointSolver
from algnet.analyses.critical.voronoi import voronoi
from algnet.architectures.polymap import parametrization


def _map():
    return parametrization(["s^2", "s*t"])


def test_no_nearest_point_where_the_infimum_is_not_attained():
    net, L, rng = network_and_loss(_map())
    S = NearestPointSolver(net, L, rng)
    U = np.array([[-0.736, -0.163], [-1.0, 0.5], [0.5, 1.0], [-0.3, -1.2], [2.0, -1.0], [-1.5, 0.2], [-0.5, 0.6],
                  [-2.0, -0.7]])
    out = S.nearest(U)
    for u, r, why in zip(U, out, S.reasons):
        if u[0] > 0:                       # u is mu(sqrt(u1), u2 / sqrt(u1)): distance 0 on the smooth part
            assert r is not None and r[0] == TOP and r[1] <= 1e-12
            assert np.allclose([r[3][0] ** 2, r[3][0] * r[3][1]], u)
        else:                              # never the origin (a saddle of L), never any point
            assert r is None and why == UNATTAINED, (u, r, why)   # (the base said "real parameters unknown" too)
    assert UNATTAINED in S.reasons         # (the base named mu(0) the nearest point of (-0.736, -0.163))


def test_the_saddle_is_seen_by_the_hessian():
    net, L, rng = network_and_loss(_map())
    S = NearestPointSolver(net, L, rng, strata=False)
    for u in ([-1.0, 0.5], [-0.3, -2.0], [-2.0, 0.01]):
        assert S._descends(np.zeros(2), np.array(u), float(np.dot(u, u)))
    # a minimum of L (a point of M and its own target; the quadrant's vertex for a target in -quadrant)
    assert not S._descends(np.array([1.0, 2.0]), np.array([1.0, 2.0]), 0.0)
    netq, Lq, rngq = network_and_loss(parametrization(["a^2", "b^2"]))
    Sq = NearestPointSolver(netq, Lq, rngq)
    assert not Sq._descends(np.zeros(2), np.array([-1.0, -2.0]), 5.0)


def test_voronoi_never_names_the_origin_of_a_non_closed_image():
    r = voronoi(_map(), samples=24, seed=0)
    assert "origin" not in r.counts                  # P(origin) = 0
    assert set(r.counts) <= {TOP}
    assert all(d <= 1e-9 for _, d in r.nearest)      # every target with a nearest point is a point of M
    n_un = r.dropped_reasons.get(UNATTAINED, 0)
    assert n_un >= 1 and r.no_nearest_point == n_un and not r.partial     # decided: no gap (the base: partial)
    # about half of the Gaussian targets have u1 < 0 and no nearest point, and none other is dropped
    assert 4 <= r.dropped <= 20 and r.counts.get(TOP, 0) + r.dropped == 24
    assert r.dropped_reasons == {UNATTAINED: r.dropped}, r.dropped_reasons


def test_bad_target_scale_and_probes_are_refused():
    from algnet.errors import ParameterError

    for bad in (float("nan"), float("inf"), 0, -1.0, "x", True):
        with pytest.raises(ParameterError, match="target_scale"):
            voronoi("linear 2-1-2", samples=1, seed=0, target_scale=bad)
    for bad in (0, -3, 2.5, "4"):
        with pytest.raises(ParameterError, match="probes"):
            voronoi("linear 2-1-2", samples=0, point=[1, 2, 3, 4], probes=bad, seed=0)


@pytest.mark.slow
def test_the_origin_of_a_non_closed_image_has_no_full_dimensional_cell():
    # the cell of mu(0) is {0}: a target (0, u2) has infimum 0 (at (s^2, u2), s -> 0) and is no point of M
    from algnet.errors import NotApplicableError

    try:
        dim = voronoi(_map(), point=[0.0, 0.0], samples=0, seed=0).point_dimension
    except NotApplicableError as e:   # refused as undecided, with bounds that contain 0, is honest; 2 (the base) is not
        assert "between 0 and" in str(e)
        return
    assert dim == 0
