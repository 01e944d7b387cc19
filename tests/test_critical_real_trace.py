"""The completeness test of the real-fiber search (realfiber._SliceFiber) must detect a missing fiber point.

Truth by hand: mu(s, t) = (s^2 + t^2, s t) has the four preimages (s, t), (t, s), (-s, -t), (-t, -s) of a
generic point ((s + t)^2 = p + 2q, (s - t)^2 = p - 2q); conv k=2,2 r=1 multiplies two linear forms, so the
fiber of a quadratic is the two factorizations (which factor takes which root) times the scaling
(a, b) -> (l a, b / l): two irreducible curves. Both maps fill their ambient space (dim M = number of
coefficients), so every point of a fiber has the same image: the old functional (a linear form of the
image) is constant on fibers and passes for any subset; the new one must fail as soon as a point is dropped.
"""

import numpy as np
import pytest

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.paths import full_trace_test
from algnet.analyses.critical.realfiber import FiberFamily, RealFiberSearch, _finite_rows
from algnet.architectures.polymap import parametrization


def _old_rule_passes_without(sl, drop, rng):
    """The previous rule on the same slice: the fiber itself (tau = 0) over a generic complex c, trace of
    image(X) @ w along c. Returns (number of fiber points, passed with the point ``drop`` left out)."""
    from algnet.homotopy.monodromy import track_parameters

    old = FiberFamily(sl.full, sl.fam.R, sl.fam.A)
    c = (rng.normal(size=sl.fam.R.shape[0]) + 1j * rng.normal(size=sl.fam.R.shape[0]))
    p_old = np.concatenate([c, sl.b]).astype(complex)
    tk = track_parameters(sl.fam, sl.X, sl.p0, np.concatenate([p_old, [0.0]]))
    X = tk.x[tk.success]
    assert np.all(old.residuals(X, p_old) <= 1e-8)
    v = np.zeros(p_old.shape[0], dtype=complex)
    v[:c.shape[0]] = rng.normal(size=c.shape[0]) + 1j * rng.normal(size=c.shape[0])
    w = rng.normal(size=sl.full.n_params) + 1j * rng.normal(size=sl.full.n_params)
    tr = full_trace_test(old, np.delete(X, drop, axis=0), p_old, v, lambda Y: sl.full.image(Y) @ w, rng,
                         residual=old.residuals, key=_finite_rows)[0]
    return X.shape[0], tr.passed


@pytest.mark.parametrize("case, dim, fiber_size", [("conv k=2,2 r=1", 3, 4), ("squares", 2, 4)])
def test_a_fiber_with_a_point_dropped_fails_the_trace_test(case, dim, fiber_size):
    net = parametrization(["s^2 + t^2", "s*t"]) if case == "squares" else case
    net, L, rng = network_and_loss(net, "frobenius", seed=0)
    search = RealFiberSearch(net, L, dim, rng)
    slices = [sl for sl in search.slices() if sl.complete]
    assert slices                                       # at least one slice solved completely
    for sl in slices:
        n_fiber, old_passes = _old_rule_passes_without(sl, 0, rng)
        assert n_fiber == fiber_size or (case != "squares" and sl.label.startswith("pinned") and n_fiber == 2)
        assert old_passes                               # the old functional cannot see the missing point
        assert sl.trace_test().passed
        for i in range(sl.X.shape[0]):
            assert not sl.trace_test(np.delete(sl.X, i, axis=0)).passed


def test_a_symmetric_half_of_the_fiber_fails_too():
    """{(s, t), (-s, -t)}: half of the four preimages of mu(s, t) = (s^2 + t^2, s t), closed under theta -> -theta,
    so its theta-sum is 0 for every target: a trace test on the fiber itself passes it. The generic member
    tau = 1 has no such symmetry: the half must fail."""
    net, L, rng = network_and_loss(parametrization(["s^2 + t^2", "s*t"]), "frobenius", seed=1)
    (sl,) = RealFiberSearch(net, L, 2, rng).slices()
    assert sl.complete and sl.X.shape[0] == 4
    from algnet.homotopy.monodromy import track_parameters

    p1 = np.concatenate([sl.fam.R @ np.array([1.0, 0.3]), [0.0]]).astype(complex)
    Y = track_parameters(sl.fam, sl.X, sl.p0, p1).x                     # the fiber of (1, 0.3), with tau = 0
    assert np.allclose(np.sort_complex(Y[:, 0] ** 2 + Y[:, 1] ** 2), 1.0) and np.allclose(Y[:, 0] * Y[:, 1], 0.3)
    half = [0] + [j for j in range(1, 4) if np.allclose(Y[j], -Y[0], atol=1e-8)]
    assert len(half) == 2
    assert not sl.trace_test(sl.X[half]).passed
