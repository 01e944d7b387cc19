"""A target whose paths of the rank-drop piece fail is solved at the target itself, not dropped.

The quadrant map (a, b) -> (a^2, b^2): d mu = diag(2a, 2b) drops rank where a b = 0, and L = (a^2 - u1)^2 +
(b^2 - u2)^2 is critical there at (+-sqrt(u1), 0), (0, +-sqrt(u2)) and (0, 0) (by hand: dL/da = 4 a (a^2 - u1)).
"""

import numpy as np

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.nearest import BOUNDARY, NearestPointSolver
from algnet.analyses.critical.voronoi import voronoi
from algnet.architectures.polymap import parametrization


def test_failed_rank_drop_paths_are_replaced_by_a_solve_at_the_target():
    net, L, rng = network_and_loss(parametrization(["a^2", "b^2"]))
    S = NearestPointSolver(net, L, rng)
    label, fam, X, p0, _, _ = [p for p in S.pieces if p[0] == BOUNDARY][0]
    u = np.array([4.0, 9.0])
    bad = X + 5.0                          # starts that are not solutions at p0: every path fails, every detour too
    ok = np.zeros(X.shape[0], dtype=bool)
    Z = S._retrack(fam, bad, p0, u, bad, ok, boundary=True)
    assert Z is not None                   # (the base gave None: the target was dropped, "a path failed")
    th = fam.theta(Z)
    want = {(2.0, 0.0), (-2.0, 0.0), (0.0, 3.0), (0.0, -3.0), (0.0, 0.0)}
    got = {(round(float(t[0].real), 8) + 0.0, round(float(t[1].real), 8) + 0.0) for t in th}
    assert got == want and np.allclose(th.imag, 0)


def test_cell_dimension_inside_the_span_of_m():
    # (a b, 0, a^2): the middle coordinate vanishes on M, a surface in a plane of R^3. At the smooth point mu(1, 1)
    # the cell is the normal line in R^3 (dimension 1 = codim M), only the point itself inside the plane.
    net = parametrization(["a*b", "0*a", "a^2"])
    r = voronoi(net, point=[1.0, 1.0], samples=0, seed=0)
    assert r.point_dimension == 1
    assert "M spans 2 of the 3 dimensions (y1 vanishes on M): in that span the cell has dimension 0" in r.method
