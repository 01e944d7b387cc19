"""The nearest-point solver keeps critical points of its own system (before the fix the targets were all dropped)."""

from dataclasses import replace

import numpy as np
import pytest

import algnet.analyses.critical.special as special
from algnet.analyses.critical.nearest_slices import _rescued
from algnet.analyses.critical.posdim import residuals
from algnet.analyses.critical.solve import solve_slice
from algnet.analyses.critical.system import example_family


def test_rescued_keeps_first_run_when_rescue_returns_another_system(monkeypatch):
    """special_metric_solve returns the generic metric's run when its own trace test fails: points of another
    system at another p0. The solver must then keep its own run (whose points solve its system)."""
    fam = example_family("linear 2-1-2")
    rng = np.random.default_rng(0)
    first = solve_slice(fam, rng)
    X, p0 = first[0].solutions, first[1]
    assert np.max(residuals(fam, X, p0)) < 1e-8
    other_p0 = p0 + 1.0
    bad = (replace(first[0], solutions=X + 0.3), other_p0, first[2])
    monkeypatch.setattr(special, "special_metric_rescue", lambda fam, rng, *a, **k: bad)
    res, q0, _ = _rescued(fam, rng, first)
    assert res is first[0] and q0 is p0


def test_rescued_takes_rescue_whose_points_solve(monkeypatch):
    fam = example_family("linear 2-1-2")
    rng = np.random.default_rng(1)
    first = solve_slice(fam, rng)
    good = (replace(first[0]), first[1], first[2])      # a different object whose points solve the system
    monkeypatch.setattr(special, "special_metric_rescue", lambda fam, rng, *a, **k: good)
    assert _rescued(fam, rng, first)[0] is good[0]


def _nearest_fourth_power(net, L, u, starts=3000, seed=0):
    """Second method for dense 3-1-1-1 r=2 (y = W3 W2^2 (W1 . x)^4, M_R = {c l^4: c real, l real}): for a unit
    l the best c is a projection, so the squared distance is |u|^2 - <v, u>^2 / |v|^2 with v the image of
    (l, 1, 1); minimized over the sphere by a random grid and BFGS from the ten best grid points."""
    from scipy.optimize import minimize

    from algnet.core.backends import Complex

    Q = np.asarray(L.Q, dtype=float)

    def f(a):
        th = np.r_[a, 1.0, 1.0]
        v = (L.T @ np.asarray(net.evaluate(th, L.Z, backend=Complex()), dtype=np.complex128).reshape(-1)).real
        return float(u @ Q @ u - (v @ Q @ u) ** 2 / (v @ Q @ v))

    A = np.random.default_rng(seed).normal(size=(starts, 3))
    A /= np.linalg.norm(A, axis=1)[:, None]
    vals = np.array([f(a) for a in A])
    return min(minimize(f, A[i], method="BFGS", options={"gtol": 1e-10}).fun for i in np.argsort(vals)[:10])


@pytest.mark.slow
def test_dense_3111_frobenius_targets_kept_and_nearest_agrees():
    """Before the fix, voronoi on dense 3-1-1-1 r=2, Frobenius, seed 0 (strata=False, boundary=False) dropped 40 of 40
    targets (every start point was the generic metric's; then 5 of 78 paths a target failed on their slice).
    Now 3 Gaussian targets: none dropped, and each nearest distance is the minimum of the closed-form second
    method (the solver's candidates are exact critical points; the grid's minimum is an upper bound)."""
    from algnet.analyses.critical.loss import make_loss
    from algnet.analyses.critical.nearest import NearestPointSolver
    from algnet.analyses.network_input import as_network

    net = as_network("dense 3-1-1-1 r=2")
    rng = np.random.default_rng(0)
    L = make_loss(net, "frobenius", None, rng)
    s = NearestPointSolver(net, L, rng, strata=False, boundary=False)
    U = np.random.default_rng(5).normal(size=(3, L.m))
    out = s.nearest(U)
    assert s.reasons == [None, None, None]
    for u, (label, dist, y, theta) in zip(U, out):
        assert np.isrealobj(theta) or np.max(np.abs(np.imag(theta))) == 0
        want = _nearest_fourth_power(net, L, u)
        assert abs(dist - want) <= 1e-7 * (1 + want), (dist, want)


def test_top_endpoint_with_a_rank_drop_listed_by_the_boundary_piece_is_not_a_drop():
    """(a^2, b^2) with a generic metric Q, target u in the third quadrant: the top solve's path ends at the
    rank-drop point (a, b) = (0.77i, 0) with image (x, 0), x < 0, whose fiber (b = 0 double) cannot be solved;
    the rank-drop piece lists that point (non-real) by itself. The nearest point of the closed quadrant is then
    on the axis x = 0, where d/dy (u - (0, y))^T Q (u - (0, y)) = 0 gives y = u2 + Q12 u1 / Q22 (by hand)."""
    from algnet.analyses.critical.loss import make_loss
    from algnet.analyses.critical.voronoi import NearestPointSolver
    from algnet.architectures.polymap import parametrization

    net = parametrization(["a^2", "b^2"])
    rng = np.random.default_rng(5)
    L = make_loss(net, "generic", rng=rng)
    solver = NearestPointSolver(net, L, rng)
    u = np.array([-0.60661154, -0.07002845])
    Q = np.asarray(L.Q, dtype=float)
    y = u[1] + Q[0, 1] * u[0] / Q[1, 1]
    assert y > 0
    r = solver.nearest(u[None, :])[0]
    assert r is not None, solver.reasons
    assert r[0] == "boundary (rank drop)" and np.allclose(r[2], [0.0, y], atol=1e-8)
