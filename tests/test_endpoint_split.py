"""The endpoint checks on the Jacobian's real and imaginary parts apart (endpoint_kernels._split_transform,
_scale_rows, _check_split) give the numbers of the complex loops they replace bit for bit: the output transform
T J and T F, the row scaling, the 1-norm, the condition number (estimated and exact) and the Newton update."""

import numpy as np
import pytest

from algnet.homotopy.endpoint_kernels import _check_row, _check_split, _split_transform, endpoint_rows, refine


def _loop_transform(T, F, J):
    """T F and T J by the complex loops of the endpoint kernel before (Python's complex arithmetic: the same
    products (ac - bd) + (ad + bc)i and sums as numba's)."""
    n = F.shape[0]
    hv = np.empty(n, complex)
    TJ = np.empty((n, n), complex)
    for a in range(n):
        s = 0j
        for c in range(n):
            s += complex(T[a, c]) * complex(F[c])
        hv[a] = s
        row = [0j] * n
        for c in range(n):
            t = complex(T[a, c])
            if t != 0:
                for b in range(n):
                    row[b] += t * complex(J[c, b])
        TJ[a] = row
    return hv, TJ


def _random_jacobians(rng, n, count):
    """Jacobians with zero and negative-zero entries, rows of very different scales, tiny and huge rows (the
    squared moduli outside [1e-290, 1e290]: the loop's route), zero rows, singular ones, inf and nan."""
    out = []
    for k in range(count):
        J = (rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))) * 10.0 ** rng.uniform(-3, 3, size=(n, 1))
        J[rng.random((n, n)) < 0.15] = 0.0
        J[rng.random((n, n)) < 0.05] = complex(-0.0, -0.0)
        kind = k % 8
        if kind == 1:
            J[0] *= 1e-160
        elif kind == 2:
            J[n // 2] *= 1e160
        elif kind == 3:
            J[-1] = 0.0
        elif kind == 4 and n > 1:
            J[1] = 2.0 * J[0]
        elif kind == 5:
            J[0, -1] = complex(np.inf, 1.0)
        elif kind == 6:
            J[-1, 0] = complex(np.nan, 0.0)
        elif kind == 7:
            J[0, 0] = J[0, 1] if n > 1 else J[0, 0]         # equal moduli in a row (a tie for the row maximum)
        out.append(J)
    return out


def _same(a, b):
    return a == b or (np.isnan(a) and np.isnan(b))


@pytest.mark.parametrize("n", [1, 2, 5, 8, 16])
def test_split_checks_equal_the_complex_loops(n):
    rng = np.random.default_rng(n)
    T = rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))
    T[rng.random((n, n)) < 0.3] = 0.0
    A, b, piv, rs = np.empty((n, n), complex), np.empty(n, complex), np.empty(n, np.int64), np.empty(n)
    Jr, Ji, hv = np.empty((n, n)), np.empty((n, n)), np.empty(n, complex)
    checked = 0
    for J in _random_jacobians(rng, n, 48):
        F = rng.normal(size=n) + 1j * rng.normal(size=n)
        for Tk in (T, np.zeros((0, 0), complex)):
            hv0, TJ0 = _loop_transform(Tk, F, J) if Tk.shape[0] else (F.copy(), J.copy())
            _split_transform(Tk, F, J, hv, Jr, Ji)
            assert np.array_equal(hv.view(float), hv0.view(float), equal_nan=True)
            assert np.array_equal(Jr, TJ0.real, equal_nan=True) and np.array_equal(Ji, TJ0.imag, equal_nan=True)
            assert np.array_equal(np.signbit(Jr), np.signbit(TJ0.real))
            for exact_from in (1e6, 0.0):
                k0, d0 = _check_row(TJ0, hv0, A, b, piv, rs, exact_from)
                k1, d1 = _check_split(Jr, Ji, hv0, A, b, piv, rs, exact_from)
                assert _same(k0, k1) and _same(d0, d1), (k0, k1, d0, d1)
                checked += np.isfinite(k0)
    assert checked > 60           # of 192: the finite cases are not a few


@pytest.mark.parametrize("name", ["katsura4", "dense 3-2-2 r=2", "linear 3-2-3"])
def test_endpoint_rows_equal_the_separate_loops(name):
    # endpoint_rows against refine (the same refinement) + the complex-loop transform + _check_row of before,
    # on tracked endpoints: points, values, condition numbers and updates bit for bit
    from test_endpoint_conditions import _system

    from algnet.homotopy.compiled import EXACT_CONDITION_FROM, CompiledPathTracker
    from algnet.homotopy.tracker import TrackerOptions

    fam, H, X = _system(name, N=48)
    tr = CompiledPathTracker(H, fam.n_vars, TrackerOptions(engine="compiled", threads=1))
    tr.add(X)
    while tr.active:
        tr.step()
    idx = np.flatnonzero((tr.status == "reached") | (tr.status == "near_end"))
    t, n, k = tr.CH.tape, tr.n, idx.size
    _, P1 = tr.CH.parameters(tr.size)
    Xa, Fa, Ja = np.empty((k, n), complex), np.empty((k, n), complex), np.empty((k, n, n), complex)
    refine(idx, *t.args, n, tr.X, P1, 3, 1e-12, Xa, Fa, Ja)
    T = np.zeros((0, 0), complex) if t.transform is None else np.ascontiguousarray(t.transform, dtype=complex)
    Xb, hvb, kb, db = np.empty((k, n), complex), np.empty((k, n), complex), np.empty(k), np.empty(k)
    endpoint_rows(idx, *t.args, n, tr.X, P1, 3, 1e-12, T, EXACT_CONDITION_FROM, Xb, hvb, kb, db)
    A, b, piv, rs = np.empty((n, n), complex), np.empty(n, complex), np.empty(n, np.int64), np.empty(n)
    assert np.array_equal(Xa, Xb)
    for q in range(k):
        hv, TJ = _loop_transform(T, Fa[q], Ja[q]) if T.shape[0] else (Fa[q], Ja[q])
        kq, dq = _check_row(np.ascontiguousarray(TJ), np.ascontiguousarray(hv), A, b, piv, rs, EXACT_CONDITION_FROM)
        assert np.array_equal(hv, hvb[q]) and _same(kq, kb[q]) and _same(dq, db[q])
    assert k >= 20


@pytest.mark.parametrize("name", ["katsura4", "linear 3-2-3"])
def test_endpoint_rows_refine_with_the_checks_factorization(name):
    # endpoint_rows solves the refinement's updates with the LU of the row-scaled T J (the checks' factorization),
    # refine with the LU of J: from endpoints moved off by 1e-5 (several updates a row), the same evaluations a
    # row, points within 1e-12 relative, and the checks (values, condition numbers, update norms) those of the
    # complex loops at the returned points
    from test_endpoint_conditions import _system

    from algnet.homotopy.compiled import EXACT_CONDITION_FROM, CompiledPathTracker
    from algnet.homotopy.tracker import TrackerOptions

    fam, H, X = _system(name, N=32)
    tr = CompiledPathTracker(H, fam.n_vars, TrackerOptions(engine="compiled", threads=1))
    tr.add(X)
    while tr.active:
        tr.step()
    idx = np.flatnonzero(tr.status == "reached")
    t, n, k = tr.CH.tape, tr.n, idx.size
    rng = np.random.default_rng(5)
    Xoff = tr.X.copy()
    Xoff[idx] += 1e-5 * (rng.normal(size=(k, n)) + 1j * rng.normal(size=(k, n))) * (1 + np.abs(Xoff[idx]))
    _, P1 = tr.CH.parameters(tr.size)
    T = np.zeros((0, 0), complex) if t.transform is None else np.ascontiguousarray(t.transform, dtype=complex)
    A, b, piv, rs = np.empty((n, n), complex), np.empty(n, complex), np.empty(n, np.int64), np.empty(n)
    Xa, Fa, Ja = np.empty((1, n), complex), np.empty((1, n), complex), np.empty((1, n, n), complex)
    Xb, hvb, kb, db = np.empty((1, n), complex), np.empty((1, n), complex), np.empty(1), np.empty(1)
    updated = 0
    for i in idx:
        one = np.array([i])
        ea = refine(one, *t.args, n, Xoff, P1, 3, 1e-12, Xa, Fa, Ja)
        eb = endpoint_rows(one, *t.args, n, Xoff, P1, 3, 1e-12, T, EXACT_CONDITION_FROM, Xb, hvb, kb, db)
        assert ea == eb
        updated += ea >= 3
        assert np.max(np.abs(Xa - Xb) / (1 + np.abs(Xa))) <= 1e-12
        Fb, Jb = np.empty((1, n), complex), np.empty((1, n, n), complex)
        refine(np.array([0]), *t.args, n, Xb, P1[[i]], 0, 1e-12, np.empty((1, n), complex), Fb, Jb)
        hv, TJ = _loop_transform(T, Fb[0], Jb[0]) if T.shape[0] else (Fb[0], Jb[0])
        kq, dq = _check_row(np.ascontiguousarray(TJ), np.ascontiguousarray(hv), A, b, piv, rs, EXACT_CONDITION_FROM)
        assert np.array_equal(hv, hvb[0]) and _same(kq, kb[0]) and _same(dq, db[0])
        assert dq < 1e-10 * (1 + np.abs(Xb).max())
    assert updated >= 10 and k >= 10
