"""The corrector's third iteration after a full second one (a large first update) is a simplified Newton step
with the first iteration's factorization: what it costs, where it converges, and the endpoints
against every iteration full (``light_evaluations=False``, the reference behaviour)."""

import numpy as np
import pytest

from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.newton import Counted
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
from algnet.homotopy.tracker import TrackerOptions, _correct, track


def _cubic():
    """x^3 - p: the root of p is its cube root, known in closed form."""
    return ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(3,): 1}])), [1.0], [8.0])


@pytest.mark.parametrize("off", [3e-3, 1e-2])
def test_third_iteration_is_simplified_and_converges(off):
    # a prediction off the root by `off` relative: the first update (about `off`) exceeds the light limit
    # (10 predictor tolerances, 1e-3), so the second iteration is full; the third is a light one (one light
    # evaluation, no third full one) and lands within the corrector tolerance of the cube root
    H = Counted(_cubic())
    opt = TrackerOptions(engine="numpy")
    t = np.array([0.5])
    root = 4.5 ** (1 / 3)                       # p(1/2) = 1 + (8 - 1) / 2
    x = np.array([[root]], dtype=complex)
    xp = x * (1 + off)
    xc, vn, first, second, iters, ok = _correct(H, x, xp, t, np.array([0]), opt)
    assert first[0] > 10 * opt.predictor_tolerance * (1 + abs(xc[0, 0]))
    assert int(iters[0]) == 3 and bool(ok[0])
    assert H.rows == 3 and H.light == 1         # two full evaluations and one light one
    assert abs(xc[0, 0] - root) <= opt.corrector_tolerance * (1 + root)
    # the velocity dx/dt = p'(t) / (3 x^2) at the accepted point (the next step's first RK4 stage): refined with
    # the first iteration's factorization, which lags by about 2 `off` relative, so its error is about 2 `off`
    # times that of the second iteration's velocity (off^2): 3.3e-6 at off = 1e-2, against predictor_tolerance 1e-4
    assert abs(vn[0, 0] - 7 / (3 * root ** 2)) <= 5 * off ** 3 * (7 / (3 * root ** 2))


@pytest.mark.parametrize("name", ["katsura4", "cyclic5", "dense 3-2-2 r=2", "linear 3-2-3"])
def test_endpoints_as_with_every_iteration_full(name):
    # the compiled engine (batched, 64 paths) and the numpy engine against every corrector iteration full:
    # the same statuses and the same endpoints (to their conditioning)
    from test_endpoint_conditions import _system

    fam, H, X = _system(name, N=64)
    ref = track(H, X, TrackerOptions(engine="numpy", light_evaluations=False))
    for opt in (TrackerOptions(engine="compiled", threads=1), TrackerOptions(engine="numpy")):
        r = track(H, X, opt)
        assert r.status == ref.status
        ok = ref.success
        assert ok.sum() >= 40
        err = np.max(np.abs(r.x[ok] - ref.x[ok]), axis=1) / (1 + np.max(np.abs(ref.x[ok]), axis=1))
        assert np.all(err <= 1e-8 + 1e-15 * ref.condition[ok])
