"""Every target of the map (s, t) -> (s^2, s t) is classified: a point of M, or no nearest point.

Truth by hand. The image of (s^2, s t) is {x > 0} and the origin (s = 0 gives (0, 0) only); its closure is the
half-plane {x >= 0}. A target u with u1 > 0 is a point of M (s = sqrt(u1), t = u2 / s): its nearest point is
itself, at distance 0. For u1 < 0 the nearest point of the closure is (0, u2) on the line x = 0, which M does not
contain unless u2 = 0: the infimum u1^2 of the squared distance is approached at (s^2, u2) as s -> 0 and never
attained, so the target has no nearest point (never "unknown"). Its real fiber search must prove that the smooth
critical point y = u (the whole plane is the Zariski closure) has no real preimage: s^2 = u1 < 0. Its fiber is
two points; the real slice's generic member has three, and the third path runs off to infinity as tau -> 0. On
the base that path often ended "singular" (its endpoint refined to |x| ~ 1e26), the fiber solve counted as not
complete, and the target was dropped as "real parameters unknown".
"""

import numpy as np

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.nearest import TOP, UNATTAINED, NearestPointSolver
from algnet.architectures.polymap import parametrization


def _map():
    return parametrization(["s^2", "s*t"])


def test_every_gaussian_target_is_a_point_of_m_or_has_no_nearest_point():
    net, L, rng = network_and_loss(_map())
    S = NearestPointSolver(net, L, rng)
    U = np.random.default_rng(3).normal(size=(20, 2))
    out = S.nearest(U)
    assert (U[:, 0] < 0).sum() >= 8
    for u, r, why in zip(U, out, S.reasons):
        if u[0] > 0:
            assert r is not None and r[0] == TOP and r[1] <= 1e-12, (u, r, why)
        else:
            assert r is None and why == UNATTAINED, (u, r, why)


def test_the_real_fiber_of_a_point_off_m_is_proved_empty():
    from algnet.analyses.critical.realfiber import RealFiberSearch

    net, L, rng = network_and_loss(_map())
    s = RealFiberSearch(net, L, 2, rng)
    for u in np.random.default_rng(4).normal(size=(12, 2)):
        u[0] = -abs(u[0])                 # s^2 = u1 < 0: no real s
        r = s.search(u)
        assert r.status is False, (u, r.note)

