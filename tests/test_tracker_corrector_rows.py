"""The numpy tracker's batched Newton corrector (``tracker._correct``: live rows kept compact, counts and acceptance
written when a row stops) against a plain corrector written here one row at a time from the rules of the
tracker's documentation (full iterations; with ``light_evaluations`` the second one simplified when the first
update was small, the third always; acceptance on convergence or the contraction rate, rejection on a poor
contraction or a non-finite update; a non-finite prediction is not iterated). Rows that stop after 1, 2 and 3
iterations, rejected rows and non-finite predictions are mixed in one batch, so the compaction is exercised."""

import numpy as np
import pytest

from algnet.homotopy import tracker
from algnet.homotopy.homotopies import StraightLineHomotopy
from algnet.homotopy.newton import Counted
from algnet.homotopy.systems import PolynomialSystem
from algnet.homotopy.tracker_options import LIGHT_NEWTON_LIMIT, TrackerOptions


def _system():
    """H(x, t) on (x0, x1): x0^2 - 4 + x1 / 3 = 0, x1^3 - 8 + x0 / 5 = 0 against a start system (t = 0.7 below)."""
    F = PolynomialSystem.from_terms([{(2, 0): 1, (0, 0): -4, (0, 1): 1 / 3}, {(0, 3): 1, (0, 0): -8, (1, 0): 0.2}])
    G = PolynomialSystem.from_terms([{(2, 0): 1, (0, 0): -1}, {(0, 3): 1, (0, 0): -1}])
    return StraightLineHomotopy(G, F, gamma=np.exp(0.4j))


def _plain(H, x, xp, tn, opt):
    """The corrector one row at a time (module doc): (iterates, velocities, first, second, iterations, accepted)."""
    N, n = x.shape
    xc, vn = x.astype(complex).copy(), np.full((N, n), np.nan + 0j)
    first, second = np.full(N, np.nan), np.full(N, np.nan)
    iters, ok = np.zeros(N, dtype=int), np.zeros(N, dtype=bool)
    for i in range(N):
        if not np.all(np.isfinite(xp[i])):
            continue
        z, heavy, J0, v, prev = xp[i].copy(), True, None, None, np.nan
        conv = bad = False
        for it in range(opt.max_corrector_iterations):
            T, idx = tn[i:i + 1], np.array([i])
            if heavy:
                hv, Hx, Ht = H.evaluate(z[None], T, idx)
                if it == 0:
                    J0 = Hx[0]
                dx = np.linalg.solve(Hx[0], -hv[0])
                v = np.linalg.solve(Hx[0], -Ht[0])
            else:
                hv, r = H.evaluate_light(z[None], T, v[None], idx)
                dx = np.linalg.solve(J0, -hv[0])
                v = v + np.linalg.solve(J0, -r[0])
            fin = bool(np.all(np.isfinite(dx)))
            dn = float(np.max(np.abs(dx))) if fin else np.inf
            if fin:
                z = z + dx
            iters[i] += 1
            size = 1 + np.max(np.abs(z))
            scale = opt.corrector_tolerance * size
            done = dn <= scale
            if it == 0:
                first[i] = dn
                heavy = not (opt.light_evaluations and dn <= LIGHT_NEWTON_LIMIT * opt.predictor_tolerance * size)
                bad = not fin
            else:
                if it == 1:
                    second[i] = dn
                    heavy = heavy and not opt.light_evaluations
                bad = dn > opt.contraction * first[i] or not fin
                if opt.newton_rate_acceptance:
                    done = done or dn * dn <= scale * prev
            prev = dn
            conv = done and fin
            xc[i], vn[i] = z, v
            if conv or bad:
                break
        ok[i] = conv and not bad
    return xc, vn, first, second, iters, ok


@pytest.mark.parametrize("light", [False, True])
def test_batched_corrector_matches_the_plain_one_row_by_row(light):
    H = Counted(_system())
    opt = TrackerOptions(engine="numpy", light_evaluations=light)
    t = 0.7
    # roots of H(., 0.7) near the start point (1, 1) by many plain Newton steps
    z = np.array([1.0 + 0j, 1.0 + 0j])
    for _ in range(60):
        hv, Hx, _ = H.evaluate(z[None], np.array([t]), np.array([0]))
        z = z - np.linalg.solve(Hx[0], hv[0])
    rng = np.random.default_rng(5)
    offsets = [1e-13, 1e-9, 1e-7, 1e-5, 1e-4, 1e-3, 3e-3, 1e-2, 0.05, 0.3, 1.0, 3.0]
    rows = [z + s * (rng.normal(size=2) + 1j * rng.normal(size=2)) for s in offsets]
    xp = np.array(rows + [[np.nan, 1.0], [np.inf, 0.0]] + rows[3:6], dtype=complex)
    N = xp.shape[0]
    x = np.where(np.isfinite(xp), xp, 0.5) + 1e-3         # the points before the step (finite)
    tn = np.full(N, t)
    got = tracker._correct(H, x, xp, tn, np.arange(N), opt)
    want = _plain(H, x, xp, tn, opt)
    xc, vn, first, second, iters, ok = got
    assert np.array_equal(iters, want[4]) and np.array_equal(ok, want[5])
    # the batch mixes what the compaction must keep apart: stops after 1, 2 and 3 iterations, accepted and rejected
    # rows, rows never iterated
    assert {0, 1, 2, 3} <= set(iters.tolist()) and ok.any() and not ok.all()
    for a, b in ((xc, want[0]), (first, want[2]), (second, want[3])):
        assert np.allclose(a, b, rtol=1e-12, atol=1e-15, equal_nan=True)
    assert np.array_equal(xc[N - 5:N - 3], x[N - 5:N - 3])        # non-finite predictions: the points kept
    assert np.allclose(vn[ok], want[1][ok], rtol=1e-12, atol=1e-15)
