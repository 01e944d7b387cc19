"""The small route's one-sided trace test on the multihomogeneous homotopy (small.homotopy_trace_test): the slopes at
s = 0 are exact (the homotopy's tangent and the image's Jacobian), checked against the finite-difference slope of
paths.trace_slope; the test passes on the complete set and fails when any one point is dropped."""

import numpy as np
import pytest

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.multihom import layered_family, layered_plan
from algnet.analyses.critical.paths import tangent, trace_slope
from algnet.analyses.critical.small import homotopy_trace_test, remembered_dimension, small_slice


def _case(spec, seed):
    net, L, rng = network_and_loss(spec, "generic", seed=seed)
    dim = remembered_dimension(net, seed)
    fam = layered_family(net, L, rng, dim, layered_plan(net, dim))
    sol, p0 = small_slice(fam, rng, "multihomogeneous")
    m = fam.n_params
    scale = float(np.sqrt(np.mean(np.abs(p0) ** 2)))
    v = (rng.normal(size=m) + 1j * rng.normal(size=m)) * scale
    wt = rng.normal(size=m) + 1j * rng.normal(size=m)
    return fam, sol.homotopy, sol.solutions, p0, v, wt


CASES = [("linear 2-1-2", 6), ("dense 2-1-1 r=3", 7)]


@pytest.mark.parametrize("spec, count", CASES)
@pytest.mark.parametrize("seed", [0, 1])
def test_passes_complete_and_fails_with_any_point_dropped(spec, count, seed):
    fam, H, X, p0, v, wt = _case(spec, seed)
    assert X.shape[0] == count
    tr = homotopy_trace_test(fam, H, X, p0, v, wt, np.random.default_rng(seed))
    assert tr.passed and tr.residual < 1e-10 and tr.paths == count
    for i in range(count):
        tr = homotopy_trace_test(fam, H, np.delete(X, i, axis=0), p0, v, wt, np.random.default_rng(seed))
        assert not tr.passed, (i, tr.residual)


@pytest.mark.parametrize("spec, count", CASES)
def test_exact_slope_agrees_with_finite_differences(spec, count):
    # second method: the directional derivative of the trace functional along the slice's own tangent (the gradient
    # family's parameter homotopy, not the multihomogeneous one) by extrapolated central differences
    fam, H, X, p0, v, wt = _case(spec, 3)
    f = lambda Y: fam.image(Y) @ wt                                           # noqa: E731
    d_fd = trace_slope(fam, X, p0, v, f)
    Zh, ph = H.homogeneous(X), H.parameters(0.0, 1.0, p0)
    vh = np.concatenate([[0.0, 0.0], v])
    Zd = tangent(H, Zh, ph, vh)
    # the multihomogeneous tangent mapped to the slice (x = z_k / z_k0 per group) equals the slice's own tangent
    Xd = tangent(fam, X, p0, v)
    back = H.affine(Zh + 1e-7 * Zd) - H.affine(Zh - 1e-7 * Zd)
    assert np.allclose(back / 2e-7, Xd, rtol=1e-5, atol=1e-6 * np.abs(Xd).max())
    # the whole one-sided residual: with the exact slopes it is at rounding level; the finite-difference slopes
    # of the same points agree with them to their own accuracy
    y, Jf = fam.first_order(X)
    d_exact = np.matmul(Jf, Xd[:, :, None])[:, :, 0] @ wt
    assert np.allclose(d_exact, d_fd, rtol=1e-7, atol=1e-9 * np.abs(d_fd).max())
    assert np.allclose(y @ wt, f(X), rtol=1e-12, atol=0)


def test_start_values_from_the_rank_test_or_one_program_run():
    # the images and Jacobians at the points come from the rank test of the same points (small._filtered); without
    # them, from fam.first_order: the same verdict, residuals at rounding level both ways
    fam, H, X, p0, v, wt = _case("dense 2-1-1 r=3", 4)
    assert all(row.tobytes() in fam._last_first_order for row in X)
    calls = []
    first_order = fam.first_order
    fam.first_order = lambda Y: calls.append(Y.shape[0]) or first_order(Y)
    a = homotopy_trace_test(fam, H, X, p0, v, wt, np.random.default_rng(4))
    assert len(calls) == 1          # the endpoints' residual check only
    fam._last_first_order = {}
    b = homotopy_trace_test(fam, H, X, p0, v, wt, np.random.default_rng(4))
    assert len(calls) == 3          # and the start points
    assert a.passed and b.passed and a.residual < 1e-10 and b.residual < 1e-10
