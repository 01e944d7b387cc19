"""The numpy tracker's tape folded along a parameter segment (algnet.homotopy.tape_segment) and its quiet solves.
Truths: the compiled tape kernel (another implementation of the same instructions, fed the parameters
(1 - t) q0 + t q1 and their direction row by row, the output transform applied), derivatives by hand, and the
compiled tracker's steps and endpoints on the same paths."""

import numpy as np
import pytest

from algnet.analyses.critical.system import example_family
from algnet.analyses.critical.warm import MetricGradient
from algnet.homotopy.compiled_homotopy import family_tape
from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.kernels import tape_eval_batch
from algnet.homotopy.newton import _solve_quiet
from algnet.homotopy.tape_numpy import NumpyTapeHomotopy
from algnet.homotopy.tape_segment import SegmentTape


def _kernel(t, X, T, q0, q1):
    """H, H_x, H_t by the compiled kernel at the rows X, times T on the segment q0 -> q1 (tape registers)."""
    N, n, k = X.shape[0], t.n_vars, len(t.outputs)
    P = (1 - T)[:, None] * q0[None, :] + T[:, None] * q1[None, :]
    DP = np.repeat((q1 - q0)[None, :], N, axis=0)
    F, J, Ht = np.empty((N, k), complex), np.empty((N, k, n), complex), np.empty((N, k), complex)
    tape_eval_batch(*t.args, n, np.ascontiguousarray(X), np.ascontiguousarray(P), np.ascontiguousarray(DP), F, J, Ht)
    return t.restore(F, J, Ht)


@pytest.mark.parametrize("spec", ["linear 2-1-2", "dense 2-1-1 r=3", "conv k=2,2 r=2"])
def test_segment_tape_agrees_with_the_compiled_kernel(spec):
    """Every route of a stage's product (real forms, complex forms, the stacked real halves above DENSE_WORK, the
    gathered columns and operand rows): 1, 5 and 16 rows (conv k=2,2 r=2 at 16 rows takes the stacked route)."""
    t = family_tape(MetricGradient(example_family(spec, "generic")), map_parameters=True)
    rng = np.random.default_rng(11)
    m = t.n_params
    p0, p1 = (rng.normal(size=m) + 1j * rng.normal(size=m) for _ in range(2))
    q0, q1 = t.map_parameters(p0), t.map_parameters(p1)
    seg = SegmentTape(t, q0, q1)
    for N in (1, 5, 16):
        X = rng.normal(size=(N, t.n_vars)) + 1j * rng.normal(size=(N, t.n_vars))
        T = rng.uniform(size=N)
        W = rng.normal(size=(N, t.n_vars)) + 1j * rng.normal(size=(N, t.n_vars))
        F, J, Ht = _kernel(t, X, T, q0, q1)
        scale = 1 + np.max(np.abs(J))
        for a, b in zip((F, J, Ht), seg.evaluate(X, T)):
            assert b.shape == a.shape
            assert np.max(np.abs(a - b)) <= 1e-12 * scale
        h, d = seg.evaluate_light(X, T, W)
        assert np.max(np.abs(h - F)) <= 1e-12 * scale
        assert np.max(np.abs(d - (np.einsum("kij,kj->ki", J, W) + Ht))) <= 1e-12 * scale * (1 + np.max(np.abs(W)))
        # the same again (the work arrays of N rows kept): the same numbers
        assert np.array_equal(seg.evaluate(X, T)[1], seg.evaluate(X, T)[1])


def test_segment_tape_against_hand_derivatives():
    """f = x0^2 p + x1 q - 1, (p, q) from (1, 2) to (3, 2i): at t, p = 1 + 2t, q = 2 + (2i - 2) t;
    H_x = (2 x0 p, q), H_t = x0^2 2 + x1 (2i - 2), and along (w, 1): H_x w + H_t."""
    from algnet.homotopy.tape import TapeBuilder

    b = TapeBuilder(2, 2)
    x0, x1 = b.x
    p, q = b.p
    tape = b.finish([x0 * x0 * p + x1 * q - 1])
    seg = SegmentTape(tape, tape.map_parameters(np.array([1.0, 2.0])), tape.map_parameters(np.array([3.0, 2j])))
    X = np.array([[1.0 + 1j, -2.0], [0.5, 3.0 - 1j]])
    T = np.array([0.25, 0.75])
    P, Q = 1 + 2 * T, 2 + (2j - 2) * T
    F = X[:, 0] ** 2 * P + X[:, 1] * Q - 1
    J = np.stack([2 * X[:, 0] * P, Q], axis=1)
    Ht = X[:, 0] ** 2 * 2 + X[:, 1] * (2j - 2)
    got = seg.evaluate(X, T)
    for a, c in zip((F[:, None], J[:, None, :], Ht[:, None]), got):
        assert np.max(np.abs(a - c)) <= 1e-14 * (1 + np.max(np.abs(a)))
    W = np.array([[1.0, 1j], [-2.0, 0.5]])
    h, d = seg.evaluate_light(X, T, W)
    assert np.max(np.abs(d[:, 0] - (J[:, 0] * W[:, 0] + J[:, 1] * W[:, 1] + Ht))) <= 1e-14 * 10


def test_per_path_parameters_are_not_folded():
    """A homotopy with a parameter row per path (monodromy's) is evaluated as before, from the rows (truth: the
    compiled kernel at each row's own parameters)."""
    fam = MetricGradient(example_family("linear 2-1-2", "generic"))
    rng = np.random.default_rng(3)
    N, m = 4, fam.n_params
    p0 = rng.normal(size=(N, m)) + 1j * rng.normal(size=(N, m))
    p1 = rng.normal(size=(N, m)) + 1j * rng.normal(size=(N, m))
    H = NumpyTapeHomotopy(ParameterHomotopy(fam, p0, p1))
    assert H._segment() is None
    X = rng.normal(size=(N, fam.n_vars)) + 0j
    T = rng.uniform(size=N)
    F, J, Ht = H.evaluate(X, T, np.arange(N))
    t = H.tape
    for i in range(N):
        a = _kernel(t, X[i:i + 1], T[i:i + 1], t.map_parameters(p0[i]), t.map_parameters(p1[i]))
        for u, v in zip(a, (F[i:i + 1], J[i:i + 1], Ht[i:i + 1])):
            assert np.max(np.abs(u - v)) <= 1e-12 * (1 + np.max(np.abs(u)))


def test_quiet_solve_gives_nan_rows_where_singular():
    """The solver as the tracker calls it: a singular matrix gives a NaN row and no warning, the others their
    solutions (truth: the inverse by hand)."""
    A = np.array([[[2.0, 1.0], [1.0, 1.0]], [[1.0, 2.0], [2.0, 4.0]]], dtype=complex)
    B = np.array([[[1.0], [0.0]], [[1.0], [1.0]]], dtype=complex)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(invalid="ignore"):
            Y = _solve_quiet(A, B)
    assert Y[0, :, 0].tolist() == [1.0, -1.0]          # [[2, 1], [1, 1]]^-1 = [[1, -1], [-1, 2]]
    assert np.isnan(Y[1]).all()


@pytest.mark.parametrize("spec, dim", [("linear 2-1-2", 3), ("dense 2-1-1 r=3", 2),
                                       pytest.param("conv k=2,2 r=2", 3, marks=pytest.mark.slow)])
def test_numpy_tracking_takes_the_compiled_trackers_steps(spec, dim):
    """The warm paths by the numpy tracker (the folded tape, the quiet solves, the corrector by slices) take the
    compiled tracker's steps, rejections and statuses, and end within rounding of its endpoints."""
    from algnet.analyses.critical.loss import network_and_loss
    from algnet.analyses.critical.warm import warm_start
    from algnet.analyses.critical.warm_paths import _call_target, _options
    from algnet.homotopy.monodromy import track_parameters
    from algnet.homotopy.tape_numpy import track_numpy

    for seed in (3, 4):
        net, L, rng = network_and_loss(spec, "generic", seed=seed)
        w = warm_start(net, "generic", dim)
        P1 = w.family.parameters(L.Q, _call_target(w, L, rng))
        a = track_parameters(w.family, w.X, w.P, P1, _options(w.count))
        b = track_numpy(w.family, w.X, w.P, P1, _options(w.count))
        assert a.status == b.status and all(s == "success" for s in b.status)
        assert np.array_equal(a.steps, b.steps) and np.array_equal(a.rejected, b.rejected)
        assert np.max(np.abs(a.x - b.x)) <= 1e-10 * (1 + np.max(np.abs(a.x)))
