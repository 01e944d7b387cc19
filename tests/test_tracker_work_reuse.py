"""The batched kernel's work arrays reused from call to call (algnet.homotopy.batched.batched_work), and the
endpoint checks' column sums by square roots of squared moduli (algnet.homotopy.endpoint_kernels)."""

import numpy as np
import pytest

from algnet.homotopy.batched import advance_batched, batched_work
from algnet.homotopy.compiled import CompiledPathTracker
from algnet.homotopy.endpoint_kernels import _column_sum_hypot, _scale_rows
from algnet.homotopy.tracker import TrackerOptions, track


def _run(tr, work_for, rounds=3):
    """Track every path of tr with advance_batched calls of ``rounds`` rounds (blocks of 32), the work arrays
    of each call from work_for(); returns the state arrays."""
    code, didx, didx2, _, lo, hi, values, outs = tr.CH.tape.args
    P0, P1 = tr.CH.parameters(tr.size)
    calls = 0
    while (tr.code == 0).any():
        act = np.flatnonzero(tr.code == 0)
        advance_batched(act, code, didx, didx2, tr._cre, tr._cim, lo, hi, values, outs, tr.n, tr.X, tr.T, tr.h,
                        tr.code, tr.steps, tr.rejected, tr.V, tr.vok, P0, P1, tr._opt, rounds, 1, 32, None, True,
                        True, work_for(P0.shape[1]))
        calls += 1
    return calls, tr.X.copy(), tr.T.copy(), tr.h.copy(), tr.code.copy(), tr.steps.copy(), tr.rejected.copy(), \
        tr.V.copy(), tr.vok.copy()


@pytest.mark.parametrize("name", ["katsura4", "cyclic5", "dense 3-2-2 r=2", "linear 3-2-3"])
def test_reused_work_arrays_give_the_fresh_ones_results_bit_for_bit(name):
    from test_endpoint_conditions import _system     # tests/ is on the path under pytest

    fam, H, X = _system(name, N=80)
    opt = TrackerOptions(engine="compiled", threads=1)
    values = CompiledPathTracker(H, fam.n_vars, opt).CH.tape.args[6]
    fresh = CompiledPathTracker(H, fam.n_vars, opt)
    fresh.add(X)
    a = _run(fresh, lambda m: batched_work(values, fam.n_vars, m, 32))
    # one set of work arrays, left by a tracking of other paths (the same system), then kept for every call
    other = CompiledPathTracker(H, fam.n_vars, opt)
    other.add(X[::-1].copy())
    kept = {}
    _run(other, lambda m: kept.setdefault("w", batched_work(values, fam.n_vars, m, 32)))
    reused = CompiledPathTracker(H, fam.n_vars, opt)
    reused.add(X)
    b = _run(reused, lambda m: kept["w"])
    assert a[0] >= 3                                 # several calls, each after another's work
    for u, v in zip(a[1:], b[1:]):
        assert np.array_equal(u, v, equal_nan=True)
    assert (a[4] == 1).sum() >= 40                   # most paths reached t = 1


def test_the_tracker_keeps_one_set_per_thread_and_block():
    from test_endpoint_conditions import _system

    fam, H, X = _system("katsura4", N=64)
    tr = CompiledPathTracker(H, fam.n_vars, TrackerOptions(engine="compiled", threads=1))
    tr.add(X)
    while tr.active:
        tr.step()
    # 64 paths, then fewer: blocks of 32, then of 16 (16-31 paths under way), and a group of part of a block in a
    # narrower one (path_groups.group_widths), all on the calling thread; the sets live in the pool
    # (algnet.homotopy.work_pool), keyed by thread, registers, unknowns, parameters and block
    import threading

    from algnet.homotopy import work_pool

    nr, m = tr.CH.tape.args[6].shape[0], tr.CH.parameters(1)[0].shape[1]
    mine = sorted(k for k in work_pool._POOL if k[0] == threading.get_ident() and k[1:4] == (nr, tr.n, m))
    widths = [k[4] for k in mine]
    assert {16, 32} <= set(widths) <= {2, 4, 8, 16, 32} and len(widths) == len(set(widths))


def test_column_sums_against_numpy():
    # the 1-norm of the row-scaled Jacobian (squared moduli, one square root each) against numpy's |.| (hypot)
    rng = np.random.default_rng(0)
    for n in (1, 3, 8, 16, 20):
        for scale in (1.0, 1e-150, 1e150):
            J = (rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))) * scale
            J[rng.random((n, n)) < 0.2] = 0.0
            A, rs = np.empty((n, n), complex), np.empty(n)
            na = _scale_rows(np.ascontiguousarray(J.real), np.ascontiguousarray(J.imag), A, rs)
            s = np.max(np.abs(J), axis=1)
            ref = np.max(np.sum(np.abs(J / np.where(s > 0, s, 1.0)[:, None]), axis=0))
            assert abs(na - ref) <= 1e-14 * ref


def test_column_sums_with_inf_and_nan_as_hypot():
    # the squares' sum of a column with (inf, nan + inf i) is nan; the fallback to hypot gives inf, as before
    A = np.array([[np.inf + 0j, 1.0], [complex(np.nan, np.inf), 2.0]])
    assert _column_sum_hypot(A, 0) == np.inf and _column_sum_hypot(A, 1) == 3.0


@pytest.mark.parametrize("name", ["katsura4", "cyclic5", "dense 3-2-2 r=2", "linear 3-2-3"])
def test_condition_numbers_and_statuses_as_with_hypot(name):
    # at the tracked endpoints: the checks with the new column sums against the same checks with the 1-norm of
    # the row-scaled Jacobian summed by numpy's |.| (hypot, the former column sums): condition numbers within
    # 1e-12 relative, the same singular decisions (kappa > 1e10), the same Newton updates
    from test_endpoint_conditions import _system

    from algnet.homotopy.endpoint_kernels import _condition_and_newton

    fam, H, X = _system(name)
    r = track(H, X, TrackerOptions(engine="compiled", threads=1))
    hv, Hx, _ = H.evaluate(r.x, np.ones(len(X)), np.arange(len(X)))
    n = fam.n_vars
    b, piv, rs = np.empty(n, complex), np.empty(n, np.int64), np.empty(n)
    finite = 0
    for i in range(len(X)):
        for exact_from in (1e6, 0.0):
            A = np.empty((n, n), complex)
            na = _scale_rows(np.ascontiguousarray(Hx[i].real), np.ascontiguousarray(Hx[i].imag), A, rs)
            na_hypot = np.max(np.sum(np.abs(A), axis=0))
            assert abs(na - na_hypot) <= 1e-14 * na_hypot
            k1, d1 = _condition_and_newton(hv[i].copy(), A.copy(), b, piv, rs, na, exact_from)
            k0, d0 = _condition_and_newton(hv[i].copy(), A.copy(), b, piv, rs, na_hypot, exact_from)
            assert d1 == d0 and (k1 > 1e10) == (k0 > 1e10)
            assert abs(k1 - k0) <= 1e-12 * k0 or k1 == k0
            finite += np.isfinite(k0)
    assert finite >= 80
