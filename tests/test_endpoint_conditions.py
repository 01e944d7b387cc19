"""The compiled endpoint work: the 1-norm condition estimate against the exact inverse, and the fused,
threaded endpoint kernel against the path-by-path refinement and checks of earlier versions."""

import numpy as np
import pytest

from algnet.homotopy.endpoint_kernels import (_lu_apply_h, endpoint_checks_rows, endpoint_rows,
                                              inverse_norm1_estimate, refine)
from algnet.homotopy.kernels import _lu_factor


def _factor(A):
    B = np.array(A, dtype=np.complex128)
    piv = np.empty(B.shape[0], np.int64)
    assert _lu_factor(B, piv)
    return B, piv


def test_conjugate_transpose_solve_against_numpy():
    rng = np.random.default_rng(0)
    for n in (1, 2, 5, 17):
        A = rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))
        b = rng.normal(size=n) + 1j * rng.normal(size=n)
        B, piv = _factor(A)
        y = b.copy()
        _lu_apply_h(B, piv, y)
        assert np.allclose(A.conj().T @ y, b, atol=1e-12 * np.abs(b).max())


def test_estimate_is_a_lower_bound_and_exact_near_singularity():
    # |A^-1|_1 by the exact inverse (numpy) against the estimator: never above it (every value it takes is
    # |A^-1 v|_1 / |v|_1), and on matrices with one tiny singular value (the endpoints the singular/success
    # split decides) equal to it: the inverse is then nearly rank one and the first gradient step finds
    # its largest column
    rng = np.random.default_rng(1)
    ratios, near = [], []
    for n in (2, 3, 6, 12, 20):
        for k in range(200):
            A = rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))
            tiny = k % 2 == 1
            if tiny:
                U, s, Vh = np.linalg.svd(A)
                s[-1] *= 10.0 ** -rng.uniform(8, 13)
                A = (U * s) @ Vh
            exact = np.abs(np.linalg.inv(A)).sum(axis=0).max()
            B, piv = _factor(A)
            r = inverse_norm1_estimate(B, piv, np.empty(n, complex)) / exact
            (near if tiny else ratios).append(r)
    ratios, near = np.array(ratios), np.array(near)
    assert ratios.max() <= 1 + 1e-9 and ratios.min() > 0.3 and np.median(ratios) > 0.99
    # near-singular: both sides carry rounding errors of relative size about kappa * 2^-53 (up to 1e-3 here)
    assert np.all(np.abs(near - 1) < 0.05)


def _system(name, N=96, seed=3):
    from algnet.homotopy.homotopies import ParameterHomotopy
    from test_tracker_compiled import NAMED      # tests/ is on the path under pytest

    fam = NAMED[name]()
    rng = np.random.default_rng(seed)
    n, m = fam.n_vars, fam.n_params
    X = (rng.normal(size=(N, n)) + 1j * rng.normal(size=(N, n))) / np.sqrt(2)
    P0 = fam.start_parameters(X)
    p1 = P0[0] + (rng.normal(size=m) + 1j * rng.normal(size=m)) * np.sqrt(np.mean(np.abs(P0[0]) ** 2))
    return fam, ParameterHomotopy(fam, P0, np.broadcast_to(p1, P0.shape).copy()), X


@pytest.mark.parametrize("name", ["katsura4", "cyclic5", "dense 3-2-2 r=2", "conv k=2,3 r=2"])
def test_fused_endpoint_kernel_against_the_separate_steps(name):
    # endpoint_rows (refinement, the output transform, the checks; estimated condition numbers, exact above
    # 1e6) against refine + the numpy transform + endpoint_checks_rows (exact): the same points, residuals
    # and Newton updates; condition numbers never above the exact ones, equal above 1e6 (where the
    # monodromy key slack and the singular split read them)
    from algnet.homotopy.compiled import EXACT_CONDITION_FROM, CompiledPathTracker
    from algnet.homotopy.tracker import TrackerOptions

    fam, H, X = _system(name)
    tr = CompiledPathTracker(H, fam.n_vars, TrackerOptions(engine="compiled", threads=1))
    tr.add(X)
    while tr.active:
        tr.step()
    idx = np.flatnonzero((tr.status == "reached") | (tr.status == "near_end"))
    t, n = tr.CH.tape, tr.n
    _, P1 = tr.CH.parameters(tr.size)
    k = idx.size
    Xa, hva, Hxa = np.empty((k, n), complex), np.empty((k, n), complex), np.empty((k, n, n), complex)
    refine(idx, *t.args, n, tr.X, P1, 3, 1e-12, Xa, hva, Hxa)
    hva, Hxa, _ = t.restore(hva, Hxa)
    ka, da = np.empty(k), np.empty(k)
    endpoint_checks_rows(np.ascontiguousarray(Hxa), np.ascontiguousarray(hva), ka, da)
    T = np.zeros((0, 0), complex) if t.transform is None else np.ascontiguousarray(t.transform, dtype=complex)
    Xb, hvb, kb, db = np.empty((k, n), complex), np.empty((k, n), complex), np.empty(k), np.empty(k)
    endpoint_rows(idx, *t.args, n, tr.X, P1, 3, 1e-12, T, EXACT_CONDITION_FROM, Xb, hvb, kb, db)
    assert np.array_equal(Xa, Xb)
    assert np.allclose(hva, hvb, rtol=1e-12, atol=1e-14) and np.allclose(da, db, rtol=1e-9, atol=1e-15)
    fin = np.isfinite(ka)
    assert np.array_equal(fin, np.isfinite(kb))
    assert np.all(kb[fin] <= ka[fin] * (1 + 1e-9)) and np.all(kb[fin] >= 0.3 * ka[fin])
    big = fin & (ka > 2 * EXACT_CONDITION_FROM)
    assert np.allclose(kb[big], ka[big], rtol=1e-9)


def test_endpoint_work_on_two_threads_is_the_same():
    # the endpoint rows split over two threads (each its own rows): the same statuses, points, condition
    # numbers and residuals bit for bit as one thread. A fixed block size: every batched block size gives the
    # same rounding, but the path-by-path kernel (the default below 16 paths under way) differs from the
    # batched one in the last bits since the batched LU's fused multiply-adds, and two threads change when a
    # path crosses over
    from algnet.homotopy.tracker import TrackerOptions, track

    fam, H, X = _system("dense 3-2-2 r=2", N=160)
    a = track(H, X, TrackerOptions(engine="compiled", threads=1, block=16))
    b = track(H, X, TrackerOptions(engine="compiled", threads=2, block=16))
    assert a.status == b.status and np.array_equal(a.x, b.x)
    assert np.array_equal(a.condition, b.condition) and np.array_equal(a.residual, b.residual)
    assert a.evaluations == b.evaluations


def test_one_block_of_paths_is_halved_for_two_threads():
    # 24 paths (one block of 32) run as two blocks of 16, two groups that two threads share, on one thread as
    # well (the groups depend on the paths under way only, algnet.homotopy.path_groups): the same endpoints,
    # statuses and evaluations bit for bit, the path-by-path tail included
    from algnet.homotopy.compiled import CompiledPathTracker
    from algnet.homotopy.path_groups import group_bounds
    from algnet.homotopy.tracker import TrackerOptions, track

    fam, H, X = _system("dense 3-2-2 r=2", N=24)
    for threads in (1, 2):
        tr = CompiledPathTracker(H, fam.n_vars, TrackerOptions(engine="compiled", threads=threads))
        tr.add(X)
        assert tr._block(24) == 16 and tr._block(8) == 1 and tr._block(40) == 32
    assert group_bounds(24, 16) == [(0, 16), (16, 24)]
    tr.step()
    assert len(tr.thread_evaluations) in (1, 2) and sum(tr.thread_evaluations) > 0
    a = track(H, X, TrackerOptions(engine="compiled", threads=1))
    b = track(H, X, TrackerOptions(engine="compiled", threads=2))
    assert a.status == b.status and np.array_equal(a.x, b.x) and a.evaluations == b.evaluations
    assert np.array_equal(track(H, X, TrackerOptions(engine="compiled", threads=1, block=32)).x,
                          track(H, X, TrackerOptions(engine="compiled", threads=1, block=16)).x)
