"""A spurious verdict never calls a singular image a smooth point of M.

linear 2-1-1-2: M is the cone of 2 x 2 matrices of rank <= 1 (xw = yz), whose vertex 0 is its only singular point
(by hand: the gradient (w, -z, -y, x) vanishes only there). The critical set {b = 0} maps to 0; along the branches
through such a point M has one limit tangent plane (the cone's plane along the ray c a^T), so the branch test
alone must not claim smoothness (it said "mu(theta) is a smooth point of M but not critical").
"""

import numpy as np

from algnet.analyses.critical import critical_points


def test_points_over_the_vertex_are_not_called_smooth():
    r = critical_points("linear 2-1-1-2", loss="frobenius", seed=0)
    over_vertex = [p for p in r.points if np.allclose(np.asarray(p.image, dtype=complex), 0)]
    assert over_vertex and all(not p.pure for p in over_vertex)
    assert all("smooth point" not in p.purity_note for p in over_vertex)
