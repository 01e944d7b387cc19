"""The exact slope of the trace (full_trace.image_trace_slope) taken in two coordinate systems agrees: x'(0) by the
implicit function theorem on the gradient family in the slice's affine coordinates, and on the multihomogeneous
homotopy in its chart coordinates mapped back by trace_curvature.chart_velocity (what the small route's one-sided
trace test uses for its start slopes). Two different systems and Jacobians, one curve of critical points: the slopes
must be equal up to rounding."""

import numpy as np
import pytest

from algnet.analyses.critical.full_trace import image_trace_slope
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.multihom import layered_family, layered_plan
from algnet.analyses.critical.small import remembered_dimension, small_slice
from algnet.analyses.critical.trace_curvature import chart_velocity


@pytest.mark.parametrize("spec", ["linear 2-1-2", "dense 2-1-1 r=3", "conv k=2,2 r=2"])
@pytest.mark.parametrize("seed", [0, 1])
def test_slope_on_the_homotopy_charts_equals_the_slope_on_the_slice(spec, seed):
    net, L, rng = network_and_loss(spec, "generic", seed=seed)
    dim = remembered_dimension(net, 0)
    fam = layered_family(net, L, rng, dim, layered_plan(net, dim))
    sol, p0 = small_slice(fam, rng, "multihomogeneous")
    H, X = sol.homotopy, sol.solutions
    assert X.shape[0] > 0
    m = fam.n_params
    v = rng.normal(size=m) + 1j * rng.normal(size=m)
    wt = rng.normal(size=m) + 1j * rng.normal(size=m)
    on_slice = image_trace_slope(fam, X, p0, v, wt)
    Y = H.homogeneous(X)
    on_charts = image_trace_slope(fam, X, H.parameters(0.0, 1.0, p0), np.concatenate([[0.0, 0.0], v]), wt,
                                  system=H, at=Y, to_slice=lambda Yd: chart_velocity(H, Y, X, Yd))
    assert np.all(np.isfinite(on_slice))
    assert np.max(np.abs(on_slice - on_charts)) <= 1e-8 * np.max(np.abs(on_slice))
