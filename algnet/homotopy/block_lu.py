"""Per-path LU of a block of paths (the paths innermost, real and imaginary parts apart): J is (2, n, n, B).

Used by the path-batched kernel (:mod:`algnet.homotopy.batched`, :mod:`algnet.homotopy.packed_lanes`)
after :func:`algnet.homotopy.blocks._evaluate` has written the Jacobians of a block into J.

The LU (:func:`_lu_factor`, :func:`_lu_apply`): LINPACK's order (row swaps on the columns k..n-1 only, applied
to the right-hand side interleaved with the forward elimination; Dongarra et al., LINPACK Users' Guide,
dgefa/dgesl), pivot search and row swaps with the lanes innermost, one reciprocal of the pivot per column (kept
on the diagonal: the back substitution multiplies), the updates written as fused multiply-adds
(``fastmath={"contract"}``: no reassociation, inf and nan propagate; a zero pivot clears ``ok``), no bounds
checks: 1.5-1.9x less CPU than whole-row swaps with Smith's division per element. Monodromy keeps a median of
10-14 paths under way, below the 16 that select the batched kernel, so most of a degree run's steps take the
path-by-path kernel of :mod:`algnet.homotopy.kernels` and its own LU.

The elimination's lane loop reads the multipliers and the four entries into locals before its two stores (they
would be read again after the first store, which might alias: 8 loads a vector iteration instead of 6; the same
numbers bit for bit). Why the contraction here keeps the block-width invariance (the tape's did not, see
:mod:`algnet.homotopy.blocks`): each update ``a - x y + z w`` adds one product at a time, so there is one way
to fuse it, and the multiplier ``a c - b d`` has no shared operands for LLVM's combiner to decide on
differently in the vector and the scalar loop (``tests/test_endpoint_conditions.py`` compares blocks of 32
and 16 bit for bit; explicit :func:`algnet.homotopy.fused.fma` calls would make it certain).

Explicit 8-lane vectors (:mod:`algnet.homotopy.vectors`: ``<8 x double>`` loads and stores, ``llvm.fma.v8f64``,
zmm registers) for blocks of a multiple of 8 lanes (:func:`_lu_factor_v`, :func:`_lu_apply_v`; other widths,
e.g. the packed blocks of 2 and 4 lanes, keep the loops): the pivot search as a lane-wise compare and select,
Smith's reciprocal with both branches computed and each lane's chosen, the elimination and the solves with the
fused multiply-adds LLVM made of the loops' contracted expressions (read off ``inspect_asm``: the multiplier
``a c - b d`` is ``fma(a, c, -(b d))``, ``a d + b c`` is ``fma(b, c, a d)``), so every lane's numbers are
those of the loops bit for bit (``tests/test_vector_lanes.py``: blocks of 8-64 lanes against blocks of 1 and 7,
with zero pivots, nan, inf and tiny entries): 1.14-1.32x less CPU on blocks of 32, 2-3.3x on the packed blocks
of 8. The solve's row exchange at step k needs no scatter: b[k] is gathered from the lanes' pivot rows and the
old b[k] kept in registers, selected (``veq`` of the int64 pivot vector and i) in the update of row i for the
lane whose pivot row is i (the same operations on the same numbers). The factorization's swap is done lane by
lane in scalar code, skipping the lanes whose pivot is on the diagonal (:func:`_swap_rows`), which beat a
gather and a scatter per 8 lanes and column on an AMD EPYC. Two right-hand sides are solved in one pass over J
(:func:`_lu_apply2_v`): a solve's loads of J are its cost. Tried, not adopted: the lanes in chunks of 8 inside
each elimination step or the whole factorization chunk by chunk (a working set in L1), row swaps as lane-masked
blends, the left-looking form, numba's ``noalias`` flag, each 8-lane chunk copied into a contiguous block:
none faster.
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.kernel_cache import kernel_njit
from algnet.homotopy.vectors import (WIDTH, vabs, vadd, vdiv, veq, vfma, vgather, vge, vgt, vload, vmul, vneg,
                                     vselect, vsplat, vstore, vsub)

__all__: list = []


# LU per path, the paths of a block innermost (see the module doc for the measurements behind this form):
# LINPACK's order (dgefa/dgesl: row swaps on the columns k..n-1 only, applied to b interleaved with the
# forward elimination), pivot search and row swaps lane by lane in the inner loop, one reciprocal of the
# pivot per column kept on the diagonal, updates written as fused multiply-adds (contract only: inf and nan
# propagate as without it; no reassociation).
_LU = dict(fastmath={"contract"}, error_model="numpy", boundscheck=False)


@kernel_njit(**_LU, _nrt=False)
def _recip(c, d):
    """1 / (c + di) by Smith's algorithm (one division); nan where c = d = 0."""
    if abs(c) >= abs(d):
        if c == 0.0:
            return np.nan, np.nan
        r = d / c
        den = 1.0 / (c + d * r)
        return den, -r * den
    r = c / d
    den = 1.0 / (c * r + d)
    return r * den, -den


@kernel_njit(**_LU, _nrt=False)
def _pivot_search_v(J, piv, f, k, q):
    """Lanes q..q+WIDTH-1: the pivot row of column k (largest |re| + |im|, the first on ties) into piv[k],
    its modulus into f[0] (as the loop of :func:`_lu_factor`, lane for lane)."""
    n = J.shape[1]
    best = vadd(vabs(vload(J, (0, k, k, q))), vabs(vload(J, (1, k, k, q))))
    pk = vsplat(k)
    for i in range(k + 1, n):
        v = vadd(vabs(vload(J, (0, i, k, q))), vabs(vload(J, (1, i, k, q))))
        m = vgt(v, best)
        best = vselect(m, v, best)
        pk = vselect(m, vsplat(i), pk)
    vstore(f, (0, q), best)
    vstore(piv, (k, q), pk)


@kernel_njit(**_LU, _nrt=False)
def _eliminate_v(J, f, k, i, q):
    """Lanes q..q+WIDTH-1 of row i at step k: the multiplier (row i, column k) times the pivot's reciprocal
    (f[2], f[3]), then row i -= multiplier * row k on the columns k+1..n-1 (the operations of
    :func:`_lu_factor`'s loops, as the fused multiply-adds LLVM made of them there)."""
    n = J.shape[1]
    ar = vload(J, (0, i, k, q))
    ai = vload(J, (1, i, k, q))
    cr = vload(f, (2, q))
    ci = vload(f, (3, q))
    mr = vfma(ar, cr, vneg(vmul(ai, ci)))
    mi = vfma(ai, cr, vmul(ar, ci))
    vstore(J, (0, i, k, q), mr)
    vstore(J, (1, i, k, q), mi)
    nr = vneg(mr)
    ni = vneg(mi)
    for j in range(k + 1, n):
        ur = vload(J, (0, k, j, q))
        ui = vload(J, (1, k, j, q))
        xr = vload(J, (0, i, j, q))
        xi = vload(J, (1, i, j, q))
        vstore(J, (0, i, j, q), vfma(mi, ui, vfma(nr, ur, xr)))
        vstore(J, (1, i, j, q), vfma(ni, ur, vfma(nr, ui, xi)))


@kernel_njit(**_LU, _nrt=False)
def _recip_v(J, f, k, q):
    """Lanes q..q+WIDTH-1: :func:`_recip` of the pivot J[:, k, k] into f[2], f[3] and onto the diagonal (both
    of Smith's branches computed, the lane's chosen: the same operations per lane as :func:`_recip`)."""
    c = vload(J, (0, k, k, q))
    d = vload(J, (1, k, k, q))
    m = vge(vabs(c), vabs(d))
    num = vselect(m, d, c)
    dd = vselect(m, c, d)
    r = vdiv(num, dd)
    den = vdiv(vsplat(1.0), vfma(num, r, dd))
    z = veq(vselect(m, c, vsplat(1.0)), vsplat(0.0))
    nan = vsplat(np.nan)
    a = vselect(z, nan, vselect(m, den, vmul(r, den)))
    b = vselect(z, nan, vselect(m, vmul(vneg(r), den), vneg(den)))
    vstore(f, (2, q), a)
    vstore(f, (3, q), b)
    vstore(J, (0, k, k, q), a)
    vstore(J, (1, k, k, q), b)


@kernel_njit(**_LU, _nrt=False)
def _swap_rows(J, piv, k):
    """Every lane q whose pivot row piv[k, q] is not k: exchange the columns k..n-1 of rows k and piv[k, q]
    (scalar, lane by lane; on AMD EPYC 1.05-1.15x less CPU a factorization than a gather and a scatter per 8
    lanes and column, see the module doc)."""
    n = J.shape[1]
    for q in range(J.shape[3]):
        p = piv[k, q]
        if p != k:
            for h in range(2):
                for j in range(k, n):
                    a = J[h, k, j, q]
                    J[h, k, j, q] = J[h, p, j, q]
                    J[h, p, j, q] = a


@kernel_njit(**_LU, _nrt=False)
def _lu_factor_v(J, piv, live, ok, f):
    """:func:`_lu_factor` for blocks of a multiple of WIDTH lanes, every lane loop but the zero-pivot test and
    the row swaps as explicit vectors (the same operations per lane: the same numbers bit for bit)."""
    n = J.shape[1]
    B = J.shape[3]
    for q in range(B):
        ok[q] = live[q]
    for k in range(n):
        for q in range(0, B, WIDTH):
            _pivot_search_v(J, piv, f, k, q)
        for q in range(B):
            if f[0, q] == 0.0:
                ok[q] = False
        _swap_rows(J, piv, k)
        for q in range(0, B, WIDTH):
            _recip_v(J, f, k, q)
        for i in range(k + 1, n):
            for q in range(0, B, WIDTH):
                _eliminate_v(J, f, k, i, q)


@kernel_njit(**_LU, _nrt=False)
def _lu_factor(J, piv, live, ok, f):
    """LU with partial pivoting per path, in place (all paths; ok[q] = live[q] and no pivot zero): below
    the diagonal the multipliers, on it the reciprocals of the pivots 1 / U_kk, above it U; at step k the
    columns k..n-1 of rows k and piv[k, q] swapped (LINPACK's dgefa order). f is (4, B) work space."""
    n = J.shape[1]
    B = J.shape[3]
    if B % WIDTH == 0:
        _lu_factor_v(J, piv, live, ok, f)
        return
    for q in range(B):
        ok[q] = live[q]
    for k in range(n):
        for q in range(B):
            f[0, q] = abs(J[0, k, k, q]) + abs(J[1, k, k, q])
            piv[k, q] = k
        for i in range(k + 1, n):
            for q in range(B):
                v = abs(J[0, i, k, q]) + abs(J[1, i, k, q])
                if v > f[0, q]:
                    f[0, q] = v
                    piv[k, q] = i
        for q in range(B):
            if f[0, q] == 0.0:
                ok[q] = False
        for h in range(2):           # lanes innermost: the rows k of neighbouring paths share cache lines
            for j in range(k, n):
                for q in range(B):
                    p = piv[k, q]
                    a = J[h, k, j, q]
                    J[h, k, j, q] = J[h, p, j, q]
                    J[h, p, j, q] = a
        for q in range(B):
            a, b = _recip(J[0, k, k, q], J[1, k, k, q])
            f[2, q] = a
            f[3, q] = b
            J[0, k, k, q] = a
            J[1, k, k, q] = b
        for i in range(k + 1, n):
            for q in range(B):
                ar = J[0, i, k, q]
                ai = J[1, i, k, q]
                mr = ar * f[2, q] - ai * f[3, q]
                mi = ar * f[3, q] + ai * f[2, q]
                f[0, q] = mr
                f[1, q] = mi
                J[0, i, k, q] = mr
                J[1, i, k, q] = mi
            for j in range(k + 1, n):
                for q in range(B):
                    fr = f[0, q]
                    fi = f[1, q]
                    ar = J[0, i, j, q]
                    ai = J[1, i, j, q]
                    ur = J[0, k, j, q]
                    ui = J[1, k, j, q]
                    J[0, i, j, q] = ar - fr * ur + fi * ui
                    J[1, i, j, q] = ai - fr * ui - fi * ur


@kernel_njit(**_LU, _nrt=False)
def _lu_apply_v(J, piv, b, ok):
    """:func:`_lu_apply` for blocks of a multiple of WIDTH lanes, WIDTH lanes at a time (the same operations
    per lane, b of the lanes not ok written back unchanged). Step k's row exchange: b[k] gathered from the
    pivot rows, and the old b[k] kept in registers and selected, in the update loop, for the lane whose pivot
    row is i (instead of a scatter; the same numbers bit for bit, see the module doc)."""
    n = J.shape[1]
    B = J.shape[3]
    for q in range(0, B, WIDTH):
        m = vload(ok, (q,))
        for k in range(n):
            pk = vselect(m, vload(piv, (k, q)), vsplat(k))
            rows = vsub(pk, vsplat(k))
            okr = vload(b, (0, k, q))
            oki = vload(b, (1, k, q))
            bkr = vgather(b, (0, k, q), rows, B)
            bki = vgather(b, (1, k, q), rows, B)
            vstore(b, (0, k, q), bkr)
            vstore(b, (1, k, q), bki)
            for i in range(k + 1, n):
                s = veq(pk, vsplat(i))
                nfr = vneg(vload(J, (0, i, k, q)))
                fi = vload(J, (1, i, k, q))
                xr = vselect(s, okr, vload(b, (0, i, q)))
                xi = vselect(s, oki, vload(b, (1, i, q)))
                vstore(b, (0, i, q), vselect(m, vfma(fi, bki, vfma(nfr, bkr, xr)), xr))
                vstore(b, (1, i, q), vselect(m, vfma(vneg(fi), bkr, vfma(nfr, bki, xi)), xi))
        for i in range(n - 1, -1, -1):
            xr = vload(b, (0, i, q))
            xi = vload(b, (1, i, q))
            sr = xr
            si = xi
            for j in range(i + 1, n):
                nar = vneg(vload(J, (0, i, j, q)))
                ai = vload(J, (1, i, j, q))
                yr = vload(b, (0, j, q))
                yi = vload(b, (1, j, q))
                tr = vfma(ai, yi, vfma(nar, yr, sr))
                si = vfma(vneg(ai), yr, vfma(nar, yi, si))
                sr = tr
            dr = vload(J, (0, i, i, q))
            di = vload(J, (1, i, i, q))
            vstore(b, (0, i, q), vselect(m, vfma(sr, dr, vneg(vmul(si, di))), xr))
            vstore(b, (1, i, q), vselect(m, vfma(sr, di, vmul(si, dr)), xi))


@kernel_njit(**_LU, _nrt=False)
def _lu_apply(J, piv, b, ok):
    """Solve in place with the factorization of :func:`_lu_factor` for the paths q with ok[q] (the others
    keep b)."""
    n = J.shape[1]
    B = J.shape[3]
    if B % WIDTH == 0:
        _lu_apply_v(J, piv, b, ok)
        return
    for k in range(n):
        for q in range(B):
            p = piv[k, q]
            if ok[q] and p != k:
                for h in range(2):
                    tmp = b[h, k, q]
                    b[h, k, q] = b[h, p, q]
                    b[h, p, q] = tmp
        for i in range(k + 1, n):
            for q in range(B):
                fr = J[0, i, k, q]
                fi = J[1, i, k, q]
                nr = b[0, i, q] - fr * b[0, k, q] + fi * b[1, k, q]
                ni = b[1, i, q] - fr * b[1, k, q] - fi * b[0, k, q]
                if ok[q]:
                    b[0, i, q] = nr
                    b[1, i, q] = ni
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, n):
            for q in range(B):
                ar = J[0, i, j, q]
                ai = J[1, i, j, q]
                nr = b[0, i, q] - ar * b[0, j, q] + ai * b[1, j, q]
                ni = b[1, i, q] - ar * b[1, j, q] - ai * b[0, j, q]
                if ok[q]:
                    b[0, i, q] = nr
                    b[1, i, q] = ni
        for q in range(B):
            dr = J[0, i, i, q]
            di = J[1, i, i, q]
            sr = b[0, i, q]
            si = b[1, i, q]
            if ok[q]:
                b[0, i, q] = sr * dr - si * di
                b[1, i, q] = sr * di + si * dr


@kernel_njit(**_LU, _nrt=False)
def _lu_apply2_v(J, piv, b, c, ok):
    """:func:`_lu_apply_v` of two right-hand sides b and c in one pass over J (each entry of J loaded once for
    both; each right-hand side's operations those of :func:`_lu_apply_v`, bit for bit). One pass against two
    (the tracker's Jacobians, blocks of 32): 1.32-1.35x less CPU at n = 8-16."""
    n = J.shape[1]
    B = J.shape[3]
    for q in range(0, B, WIDTH):
        m = vload(ok, (q,))
        for k in range(n):
            pk = vselect(m, vload(piv, (k, q)), vsplat(k))
            rows = vsub(pk, vsplat(k))
            okr = vload(b, (0, k, q))
            oki = vload(b, (1, k, q))
            bkr = vgather(b, (0, k, q), rows, B)
            bki = vgather(b, (1, k, q), rows, B)
            vstore(b, (0, k, q), bkr)
            vstore(b, (1, k, q), bki)
            ocr = vload(c, (0, k, q))
            oci = vload(c, (1, k, q))
            ckr = vgather(c, (0, k, q), rows, B)
            cki = vgather(c, (1, k, q), rows, B)
            vstore(c, (0, k, q), ckr)
            vstore(c, (1, k, q), cki)
            for i in range(k + 1, n):
                s = veq(pk, vsplat(i))
                nfr = vneg(vload(J, (0, i, k, q)))
                fi = vload(J, (1, i, k, q))
                nfi = vneg(fi)
                xr = vselect(s, okr, vload(b, (0, i, q)))
                xi = vselect(s, oki, vload(b, (1, i, q)))
                vstore(b, (0, i, q), vselect(m, vfma(fi, bki, vfma(nfr, bkr, xr)), xr))
                vstore(b, (1, i, q), vselect(m, vfma(nfi, bkr, vfma(nfr, bki, xi)), xi))
                yr = vselect(s, ocr, vload(c, (0, i, q)))
                yi = vselect(s, oci, vload(c, (1, i, q)))
                vstore(c, (0, i, q), vselect(m, vfma(fi, cki, vfma(nfr, ckr, yr)), yr))
                vstore(c, (1, i, q), vselect(m, vfma(nfi, ckr, vfma(nfr, cki, yi)), yi))
        for i in range(n - 1, -1, -1):
            xr = vload(b, (0, i, q))
            xi = vload(b, (1, i, q))
            yr0 = vload(c, (0, i, q))
            yi0 = vload(c, (1, i, q))
            sr = xr
            si = xi
            tr_ = yr0
            ti = yi0
            for j in range(i + 1, n):
                nar = vneg(vload(J, (0, i, j, q)))
                ai = vload(J, (1, i, j, q))
                nai = vneg(ai)
                yr = vload(b, (0, j, q))
                yi = vload(b, (1, j, q))
                tr = vfma(ai, yi, vfma(nar, yr, sr))
                si = vfma(nai, yr, vfma(nar, yi, si))
                sr = tr
                zr = vload(c, (0, j, q))
                zi = vload(c, (1, j, q))
                ur = vfma(ai, zi, vfma(nar, zr, tr_))
                ti = vfma(nai, zr, vfma(nar, zi, ti))
                tr_ = ur
            dr = vload(J, (0, i, i, q))
            di = vload(J, (1, i, i, q))
            vstore(b, (0, i, q), vselect(m, vfma(sr, dr, vneg(vmul(si, di))), xr))
            vstore(b, (1, i, q), vselect(m, vfma(sr, di, vmul(si, dr)), xi))
            vstore(c, (0, i, q), vselect(m, vfma(tr_, dr, vneg(vmul(ti, di))), yr0))
            vstore(c, (1, i, q), vselect(m, vfma(tr_, di, vmul(ti, dr)), yi0))


@kernel_njit(**_LU, _nrt=False)
def _lu_apply2(J, piv, b1, b2, ok):
    """:func:`_lu_apply` of b1 and of b2 (in one pass over J for blocks of a multiple of WIDTH lanes)."""
    if J.shape[3] % WIDTH == 0:
        _lu_apply2_v(J, piv, b1, b2, ok)
        return
    _lu_apply(J, piv, b1, ok)
    _lu_apply(J, piv, b2, ok)


@kernel_njit(_nrt=False)
def _lu_solve(J, b1, b2, two, live, ok, f, piv):
    """Solve J[:, :, :, q] y = b1[:, :, q] (and b2) in place for the live paths q; J is left
    factorized (pivots piv); ok[q] False where a pivot is zero."""
    _lu_factor(J, piv, live, ok, f)
    if two:
        _lu_apply2(J, piv, b1, b2, ok)
    else:
        _lu_apply(J, piv, b1, ok)


@kernel_njit(**_LU)
def _aligned(size, fill):
    """``size`` float64 numbers set to ``fill``, the first at a 64-byte boundary (numba aligns its arrays to 32
    bytes): rows of a multiple of :data:`~algnet.homotopy.vectors.WIDTH` lanes then hold every 8-lane vector
    load and store of the LU and the tape in one cache line (none split across two)."""
    buf = np.empty(size + 8)
    off = ((64 - buf.ctypes.data % 64) % 64) // 8
    a = buf[off:off + size]
    a[:] = fill
    return a


@kernel_njit(**_LU)
def _aligned_int(size):
    """:func:`_aligned` for int64 zeros."""
    buf = np.zeros(size + 8, np.int64)
    off = ((64 - buf.ctypes.data % 64) % 64) // 8
    return buf[off:off + size]


@kernel_njit(error_model="numpy")       # not _LU: no contraction inside the complex division
def _cdiv(s, d):
    """s / d, nan where d = 0: a factorization that stopped at a zero pivot (``kernels._lu_factor`` False) has a
    zero on its diagonal, and the light solves of the step apply it without asking (the nan then fails the
    path; numba raises ZeroDivisionError for a complex division by zero whatever the error model)."""
    if d.real == 0.0 and d.imag == 0.0:
        return complex(np.nan, np.nan)
    return s / d
