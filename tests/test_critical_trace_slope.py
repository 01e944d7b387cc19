"""The one-sided trace test of the small routes (paths.full_trace_test with one_sided, paths.trace_slope): E paths
to s = 1 against the trace's value and slope at s = 0, instead of 2E paths to s = +-1.

Against second methods: the slope against the difference quotient of points tracked to s = +-e (another route, the
tracker), a complete set passes and every set with one point left out fails, on both small routes."""

import numpy as np
import pytest

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.multihom import layered_family, layered_plan
from algnet.analyses.critical.paths import affine_residual, full_trace_test, trace_slope
from algnet.analyses.critical.small import homotopy_trace_test, small_slice
from algnet.analyses.critical.system import example_family
from algnet.homotopy.monodromy import track_parameters


@pytest.mark.parametrize("seed", [0, 1])
def test_slope_against_tracked_difference_quotient(seed):
    fam = example_family("linear 2-1-2", "generic", seed=seed)
    rng = np.random.default_rng(seed)
    sol, p0 = small_slice(fam, rng, "total degree")
    X = sol.solutions
    assert sol.complete and X.shape[0] >= 6                  # Eckart-Young: 6 critical images (and points of the slice)
    v = rng.normal(size=4) + 1j * rng.normal(size=4)
    w = rng.normal(size=4) + 1j * rng.normal(size=4)

    def f(Y):
        return fam.image(Y) @ w

    d = trace_slope(fam, X, p0, v, f)
    e = 1e-3
    ends = [track_parameters(fam, X, p0, p0 + s * e * v) for s in (1.0, -1.0)]
    assert all(all(st == "success" for st in r.status) for r in ends)
    quotient = (f(ends[0].x) - f(ends[1].x)) / (2 * e)         # the same points, followed by the tracker
    assert np.allclose(d, quotient, rtol=1e-4, atol=1e-6 * np.abs(d).max())


@pytest.mark.parametrize("seed", [0, 3])
def test_multihomogeneous_one_sided_detects_each_missing_point(seed, monkeypatch):
    from algnet.analyses.critical import small

    # the stop at the proven bound (6 = the generic ED degree of P1 x P1) switched off: the trace test runs
    monkeypatch.setattr(small, "bound_reached", lambda fam, sol, images=None: None)
    net, L, rng = network_and_loss("linear 2-1-2", "generic", seed=seed)
    fam = layered_family(net, L, rng, 3, layered_plan(net, 3))
    sol, p0 = small_slice(fam, rng, "multihomogeneous")
    X = sol.solutions
    assert X.shape[0] == 6 and sol.complete and sol.trace.passed
    assert sol.trace.paths in (0, 6)     # at p0 alone (the trace's second derivative), else one side: E paths, not 2E
    v = (rng.normal(size=4) + 1j * rng.normal(size=4)) * np.sqrt(np.mean(np.abs(p0) ** 2))
    wt = rng.normal(size=4) + 1j * rng.normal(size=4)
    full = homotopy_trace_test(fam, sol.homotopy, X, p0, v, wt, rng)
    assert full.passed and full.residual < 1e-9
    for i in range(X.shape[0]):
        tr = homotopy_trace_test(fam, sol.homotopy, np.delete(X, i, axis=0), p0, v, wt, rng)
        assert not tr.passed and tr.residual > 1e-4, (i, tr.residual)


def test_total_degree_one_sided_detects_each_missing_point():
    fam = example_family("dense 2-1-1 r=2", "generic", seed=2)
    rng = np.random.default_rng(2)
    sol, p0 = small_slice(fam, rng, "total degree")
    X = sol.solutions
    assert sol.complete and X.shape[0] >= 4                  # the conic's 3 d - 2 = 4 (and points of the slice)
    m = fam.n_params
    v = (rng.normal(size=m) + 1j * rng.normal(size=m)) * np.sqrt(np.mean(np.abs(p0) ** 2))
    w = rng.normal(size=m) + 1j * rng.normal(size=m)

    def f(Y):
        return fam.image(Y) @ w

    tr, _ = full_trace_test(fam, X, p0, v, f, rng, one_sided=True)
    assert tr.passed and tr.paths == X.shape[0]
    for i in range(X.shape[0]):
        tr, _ = full_trace_test(fam, np.delete(X, i, axis=0), p0, v, f, rng, one_sided=True)
        assert not tr.passed, i


def test_affine_residual_refuses_a_singular_slope():
    assert affine_residual(np.ones(2), np.ones(2), np.array([0.0, np.nan])) == float("inf")
    assert affine_residual(np.array([3.0]), np.array([1.0]), np.array([2.0])) == 0.0
