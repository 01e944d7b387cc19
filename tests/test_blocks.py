"""The per-path LU of the path-batched kernel (algnet.homotopy.blocks) against numpy.linalg.solve."""

import numpy as np
import pytest

from algnet.homotopy import blocks


def _block(M, b):
    """(B, n, n) complex matrices and (B, n) right-hand sides -> the kernel's layout (re/im first, paths last)."""
    J = np.ascontiguousarray(np.stack([M.real, M.imag]).transpose(0, 2, 3, 1))
    v = np.ascontiguousarray(np.stack([b.real, b.imag]).transpose(0, 2, 1))
    return J, v


def _solve(M, b1, b2, live):
    B, n = b1.shape
    J, v1 = _block(M, b1)
    _, v2 = _block(M, b2)
    ok = np.zeros(B, np.bool_)
    f = np.empty((4, B))
    piv = np.zeros((n, B), np.int64)
    blocks._lu_solve(J, v1, v2, True, live, ok, f, piv)
    return (v1[0] + 1j * v1[1]).T, (v2[0] + 1j * v2[1]).T, ok, (J, piv)


@pytest.mark.parametrize("n,B", [(1, 1), (2, 3), (5, 32), (12, 5), (20, 16)])
def test_lu_solves_like_numpy(n, B):
    rng = np.random.default_rng(n * 100 + B)
    M = rng.normal(size=(B, n, n)) + 1j * rng.normal(size=(B, n, n))
    b1 = rng.normal(size=(B, n)) + 1j * rng.normal(size=(B, n))
    b2 = rng.normal(size=(B, n)) + 1j * rng.normal(size=(B, n))
    live = np.ones(B, np.bool_)
    live[1::3] = False
    x1, x2, ok, (J, piv) = _solve(M, b1, b2, live)
    assert np.array_equal(ok, live)
    for q in np.flatnonzero(live):
        c = np.linalg.cond(M[q])
        assert np.abs(x1[q] - np.linalg.solve(M[q], b1[q])).max() <= 1e-13 * c * (1 + np.abs(x1[q]).max())
        assert np.abs(x2[q] - np.linalg.solve(M[q], b2[q])).max() <= 1e-13 * c * (1 + np.abs(x2[q]).max())
    # paths not live keep their right-hand sides (callers keep updates of converged paths there)
    assert np.array_equal(x1[~live], b1[~live]) and np.array_equal(x2[~live], b2[~live])
    # the factorization kept in J serves later right-hand sides (the simplified Newton iterations)
    b3 = rng.normal(size=(B, n)) + 1j * rng.normal(size=(B, n))
    _, v3 = _block(M, b3)
    blocks._lu_apply(J, piv, v3, ok)
    x3 = (v3[0] + 1j * v3[1]).T
    for q in np.flatnonzero(live):
        assert np.allclose(M[q] @ x3[q], b3[q], rtol=0, atol=1e-11 * np.linalg.cond(M[q]))


def test_singular_and_nonfinite_paths():
    """An exactly zero pivot clears ok (first column zero; two equal rows: the second pivot cancels to 0);
    a nan in the matrix keeps ok and gives a non-finite solution (the tracker's test); the other paths of
    the block are solved as alone."""
    rng = np.random.default_rng(7)
    n, B = 4, 6
    M = rng.normal(size=(B, n, n)) + 1j * rng.normal(size=(B, n, n))
    M[0, :, 0] = 0.0
    M[1] = np.array([[1, 2, 3, 4], [1, 2, 3, 4], [0, 1, 5, 2], [3, 0, 1, 1]], dtype=complex)
    M[2, 2, 1] = np.nan
    b = rng.normal(size=(B, n)) + 1j * rng.normal(size=(B, n))
    x, _, ok, _ = _solve(M, b, b.copy(), np.ones(B, np.bool_))
    assert ok.tolist() == [False, False, True, True, True, True]
    assert np.array_equal(x[:2], b[:2])
    assert not np.isfinite(x[2]).all()
    for q in range(3, B):
        assert np.allclose(x[q], np.linalg.solve(M[q], b[q]), rtol=1e-12, atol=1e-12)
