"""The small routes' completeness checks without tracked trace-test paths (algnet.analyses.critical.trace_curvature,
algnet.analyses.critical.small.every_path_counted).

Truth: the Chern-class values of the generic ED degrees (Segre-Veronese varieties: linear 2-1-2 6, conv k=2,2 r=2 14,
dense 2-1-1 r=3 7), computed independently of any homotopy; the images' second derivatives against second differences
of points followed by the path tracker (a second method); the tracked one-sided trace test on the points the path
count declared complete.
"""

import numpy as np
import pytest

from algnet.analyses.critical.chern import segre_veronese_ged
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.multihom import layered_family, layered_plan
from algnet.analyses.critical.small import homotopy_trace_test, remembered_dimension, small_slice
from algnet.analyses.critical.trace_curvature import curvature_trace_test, image_second_derivatives
from algnet.homotopy.monodromy import track_parameters

CASES = [("linear 2-1-2", 0, segre_veronese_ged([1, 1], [1, 1])),       # 6
         ("linear 2-1-2", 3, segre_veronese_ged([1, 1], [1, 1])),
         ("conv k=2,2 r=2", 1, segre_veronese_ged([1, 1], [2, 1]))]     # 14


def _solved(spec, seed):
    net, L, rng = network_and_loss(spec, "generic", seed=seed)
    dim = remembered_dimension(net, seed)
    fam = layered_family(net, L, rng, dim, layered_plan(net, dim))
    sol, p0 = small_slice(fam, rng, "multihomogeneous")
    m = fam.n_params
    v = (rng.normal(size=m) + 1j * rng.normal(size=m)) * np.sqrt(np.mean(np.abs(p0) ** 2))
    wt = rng.normal(size=m) + 1j * rng.normal(size=m)
    return fam, sol, p0, v, wt


@pytest.mark.parametrize("spec, seed, truth", CASES)
def test_second_derivatives_are_those_of_the_tracked_points(spec, seed, truth):
    fam, sol, p0, v, _ = _solved(spec, seed)
    X, H = sol.solutions, sol.homotopy
    assert X.shape[0] == truth
    D2 = image_second_derivatives(fam, H, X, p0, v)
    # second method: each point followed by the tracker to p0 +- e v, the images' second differences (error O(e^2))
    e = 1e-3
    P = H.parameters(0.0, 1.0, p0)
    V = np.concatenate([[0.0, 0.0], v])
    ends = [track_parameters(H, H.homogeneous(X), P, P + s * e * V) for s in (1.0, -1.0)]
    assert all(r.status.count("success") == X.shape[0] for r in ends)
    c0 = fam.image(X)
    cp, cm = (fam.image(H.affine(r.x)) for r in ends)
    quotient = (cp - 2 * c0 + cm) / e ** 2
    assert np.allclose(D2, quotient, rtol=1e-3, atol=1e-4 * np.abs(D2).max())
    # the complete set's trace: the second derivatives sum to zero (its trace is affine in s)
    assert np.linalg.norm(D2.sum(axis=0)) < 1e-6 * np.linalg.norm(D2, axis=1).sum()


@pytest.mark.parametrize("spec, seed, truth", CASES)
def test_curvature_trace_test_passes_the_complete_set_and_fails_each_missing_point(spec, seed, truth):
    fam, sol, p0, v, wt = _solved(spec, seed)
    X, H = sol.solutions, sol.homotopy
    assert X.shape[0] == truth
    full = curvature_trace_test(fam, H, X, p0, v, wt)
    assert full.passed and full.paths == 0
    for i in range(X.shape[0]):
        tr = curvature_trace_test(fam, H, np.delete(X, i, axis=0), p0, v, wt)
        assert not tr.passed and tr.residual > 1e-5, (i, tr.residual)
    assert not curvature_trace_test(fam, H, X[2:], p0, v, wt).passed


def test_every_path_counted_where_each_tracked_path_ends_at_its_own_point():
    truth = segre_veronese_ged([1], [3])          # dense 2-1-1 r=3: 7, one tracked path per orbit of cube roots of 1
    for seed in range(3):
        fam, sol, p0, v, wt = _solved("dense 2-1-1 r=3", seed)
        assert sol.solutions.shape[0] == truth == sol.tracked and sol.complete
        assert sol.trace is None and "no trace test: each of the 7 tracked paths" in fam.completeness_note
        # the tracked one-sided trace test confirms the set the path count declared complete
        assert homotopy_trace_test(fam, sol.homotopy, sol.solutions, p0, v, wt, np.random.default_rng(seed)).passed


def test_excluded_endpoints_keep_the_trace_test(monkeypatch):
    from algnet.analyses.critical import small

    # the stop at the proven bound (6 = the generic ED degree of P1 x P1) switched off: the path-count rule alone
    monkeypatch.setattr(small, "bound_reached", lambda fam, sol, images=None: None)
    fam, sol, *_ = _solved("linear 2-1-2", 0)     # 9 paths: 6 critical points, 3 at the base point (excluded)
    assert sol.tracked == 9 and sol.excluded and sol.solutions.shape[0] == 6
    assert sol.trace is not None and sol.trace.passed and "no trace test" not in fam.completeness_note


def test_a_warm_count_says_which_check_its_structure_rests_on():
    from algnet.analyses.critical import ed_degree, warm
    from algnet.analyses.critical.structure_store import caching

    with caching(False):
        warm.clear_cache()
        dense = [ed_degree("dense 2-1-1 r=3", metric="generic", seed=s) for s in (0, 1)]   # first count, then warm
        linear = [ed_degree("conv k=2,2 r=2", metric="generic", seed=s) for s in (0, 1)]   # a trace test
    assert [r.ed_degree for r in dense] == [segre_veronese_ged([1], [3])] * 2
    assert [r.ed_degree for r in linear] == [segre_veronese_ged([1, 1], [2, 1])] * 2
    first, again = (r.critical for r in dense)
    assert first.trace_test_passed is None and first.trace_test_outcome is None and first.complete
    assert again.route == "parameter homotopy" and again.complete and again.trace_test_outcome is None
    assert again.trace_test.startswith("not run: the structure-level solve was complete by its path count")
    first, again = (r.critical for r in linear)
    assert first.trace_test_passed is True and again.route == "parameter homotopy"
    assert again.trace_test_outcome is True and again.trace_test.startswith("not rerun")
