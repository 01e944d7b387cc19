"""Explicit 8-lane vectors (algnet.homotopy.vectors) and the block LU's vector path against scalar references.

Independent truths: each vector lane is the scalar IEEE operation on that lane (numpy's / the fused
multiply-add of algnet.homotopy.fused), bit for bit; the LU of a block of a multiple of 8 lanes (vector path)
gives every lane the numbers of the same matrix factorized in a block of 1 or 7 lanes (the scalar loop), bit
for bit, including zero pivots (ok False), nan and inf entries; and the solve reproduces numpy's solution.
"""

from __future__ import annotations

import numpy as np
import pytest
from numba import njit

from algnet.homotopy.block_lu import _lu_apply, _lu_factor, _lu_solve
from algnet.homotopy.fused import fma
from algnet.homotopy.vectors import (vabs, vadd, vdiv, veq, vfma, vgather, vge, vgt, vload, vmul, vneg, vscatter,
                                     vselect, vsplat, vstore, vsub)


def _specials(rng, size):
    x = rng.normal(size=size) * 10.0 ** rng.integers(-300, 300, size=size)
    pick = rng.integers(0, 12, size=size)
    x[pick == 0] = np.nan
    x[pick == 1] = np.inf
    x[pick == 2] = -np.inf
    x[pick == 3] = 0.0
    x[pick == 4] = -0.0
    return x


@njit
def _vector_ops(a, b, c, out):
    for q in range(0, a.shape[0], 8):
        x = vload(a, (q,))
        y = vload(b, (q,))
        z = vload(c, (q,))
        vstore(out, (0, q), vfma(x, y, z))
        vstore(out, (1, q), vadd(x, y))
        vstore(out, (2, q), vsub(x, y))
        vstore(out, (3, q), vmul(x, y))
        vstore(out, (4, q), vdiv(x, y))
        vstore(out, (5, q), vneg(x))
        vstore(out, (6, q), vabs(x))
        vstore(out, (7, q), vselect(vgt(x, y), vsplat(1.0), vsplat(0.0)))
        vstore(out, (8, q), vselect(vge(x, y), vsplat(1.0), vsplat(0.0)))
        vstore(out, (9, q), vselect(veq(x, y), vsplat(1.0), vsplat(0.0)))


@njit
def _scalar_ops(a, b, c, out):
    for q in range(a.shape[0]):
        x, y, z = a[q], b[q], c[q]
        out[0, q] = fma(x, y, z)
        out[1, q] = x + y
        out[2, q] = x - y
        out[3, q] = x * y
        out[4, q] = x / y if y != 0.0 else (np.copysign(np.inf, x) * np.copysign(1.0, y) if x == x and x != 0.0
                                            else np.nan)
        out[5, q] = -x
        out[6, q] = abs(x)
        out[7, q] = 1.0 if x > y else 0.0
        out[8, q] = 1.0 if x >= y else 0.0
        out[9, q] = 1.0 if x == y else 0.0


def test_vector_ops_are_the_scalar_ops_lane_by_lane():
    rng = np.random.default_rng(0)
    N = 8 * 4000
    a, b, c = _specials(rng, N), _specials(rng, N), _specials(rng, N)
    b[:8] = a[:8]                                  # equal operands for ==, >=
    v, s = np.empty((10, N)), np.empty((10, N))
    _vector_ops(a, b, c, v)
    _scalar_ops(a, b, c, s)
    with np.errstate(all="ignore"):
        s[4] = a / b                               # numpy's IEEE quotient (also at b = 0)
    for k in range(10):
        np.testing.assert_array_equal(v[k], s[k], err_msg=f"operation {k}")
        same_sign = np.signbit(v[k]) == np.signbit(s[k])
        assert same_sign[~np.isnan(s[k])].all(), k           # -0.0 kept


def test_gather_scatter_exchange_rows_per_lane():
    @njit
    def swap(A, rows_of):
        rows = vload(rows_of, (0,))
        for j in range(A.shape[1]):
            a = vload(A, (0, j, 0))
            vstore(A, (0, j, 0), vgather(A, (0, j, 0), rows, A.shape[1] * A.shape[2]))
            vscatter(A, (0, j, 0), rows, A.shape[1] * A.shape[2], a)

    rng = np.random.default_rng(1)
    A = rng.normal(size=(4, 3, 8))
    p = rng.integers(0, 4, size=8)
    want = A.copy()
    for q in range(8):
        want[[0, p[q]], :, q] = want[[p[q], 0], :, q]
    swap(A, p.astype(np.int64))
    np.testing.assert_array_equal(A, want)


def _random_block(rng, n, B):
    J = rng.normal(size=(2, n, n, B))
    J[:, :, :, 1] = 0.0                                    # a zero matrix: zero pivot at once
    J[:, :, min(2, n - 1), 2] = 0.0                        # a zero column: a zero pivot
    J[0, min(1, n - 1), min(1, n - 1), 3] = np.nan         # nan and inf entries
    J[1, 0, min(2, n - 1), 4] = np.inf
    J[:, :, :, 5] *= 1e-300                                # tiny
    J[:, 0, :, 6] = J[:, min(1, n - 1), :, 6]              # singular (n > 1): equal rows
    return J


def _factor_and_solve(J, live, b):
    n, B = J.shape[1], J.shape[3]
    J = J.copy()
    b1, b2 = b.copy(), b[:, ::-1].copy()
    ok = np.zeros(B, np.bool_)
    piv = np.zeros((n, B), np.int64)
    _lu_solve(J, b1, b2, True, live, ok, np.empty((4, B)), piv)
    return J, piv, ok, b1, b2


@pytest.mark.parametrize("n", [1, 2, 5, 8, 12, 16])
@pytest.mark.parametrize("B", [8, 16, 32, 64])
def test_vector_lu_equals_scalar_lu_lane_by_lane(n, B):
    rng = np.random.default_rng(n * 100 + B)
    J = _random_block(rng, n, B)
    b = rng.normal(size=(2, n, B))
    live = np.ones(B, np.bool_)
    live[B - 1] = False
    with np.errstate(all="ignore"):
        got = _factor_and_solve(J, live, b)
        for lo, hi in [(0, 7), (7, 8)] + [(q, q + 1) for q in range(8, B)]:   # blocks of 7 and 1: scalar loop
            want = _factor_and_solve(np.ascontiguousarray(J[..., lo:hi]), live[lo:hi].copy(),
                                     np.ascontiguousarray(b[..., lo:hi]))
            for g, w in zip(got, want):
                np.testing.assert_array_equal(g[..., lo:hi], w)
    ok = got[2]
    assert not ok[1] and not ok[2] and not ok[B - 1] and ok[0]


def test_vector_lu_solves():
    rng = np.random.default_rng(5)
    n, B = 12, 32
    A = rng.normal(size=(B, n, n)) + 1j * rng.normal(size=(B, n, n))
    y = rng.normal(size=(B, n)) + 1j * rng.normal(size=(B, n))
    J = np.ascontiguousarray(np.stack([A.real, A.imag]).transpose(0, 2, 3, 1))
    b = np.ascontiguousarray(np.stack([y.real.T, y.imag.T]))
    ok = np.zeros(B, np.bool_)
    piv = np.zeros((n, B), np.int64)
    _lu_factor(J, piv, np.ones(B, np.bool_), ok, np.empty((4, B)))
    _lu_apply(J, piv, b, ok)
    x = b[0].T + 1j * b[1].T
    assert ok.all()
    np.testing.assert_allclose(x, np.linalg.solve(A, y[..., None])[..., 0], rtol=1e-9, atol=1e-12)
