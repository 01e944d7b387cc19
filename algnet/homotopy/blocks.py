"""Blocks of paths: the tape with its derivatives, its light pass, and per-path LU, B paths at once.

The arrays have the paths innermost, real and imaginary parts apart
(``x[h, j, q]``: part h of unknown j of path q; registers ``rr[r, q]``,
derivatives ``dr[r, l, q]``): each tape instruction is decoded once for B
paths and its inner loops run over the B paths in SIMD registers. Used by
the path-batched stepping of :mod:`algnet.homotopy.batched`; the
arithmetic is that of :mod:`algnet.homotopy.kernels` (one path), so both
take the same steps up to rounding.

SIMD (``inspect_asm`` / ``inspect_llvm`` of the compiled specialisations; on a CPU with AVX2, FMA and
AVX-512 LLVM's tuning prefers 256-bit vectors): the lane loops of the tape (:func:`_tape_split`,
:func:`_light_split`, :func:`_add_scaled_lanes`) are vectorized, 4 doubles a ymm register, with a runtime alias
check before each lane loop.

The LU: :mod:`algnet.homotopy.block_lu`.

The tape (``_tape_split``, ``_light_split``): every update is written ``a + x y - z w`` (left to right); an
unknown's own lane is 1 and not read: a product of two unknowns ``co x_a x_b`` (about half the terms of the
tracker's tapes) adds ``co x_b`` to lane a, ``co x_a`` to lane b and the value in one pass instead of three,
``co x_a b`` adds lane a with the value. Every lane loop reads its operands into locals before its stores (a
store to ``dr[c]`` may alias ``dr[s]``, and LLVM would read the operands again after it). The complex updates
are explicit fused multiply-adds (:func:`algnet.homotopy.fused.fma`; contraction by LLVM was not used, see
``_TAPE``): blocks of 1-31 lanes give the lanes of a block of 32 bit for bit. For blocks of a multiple of 8
lanes the tape and the light pass run the explicit 8-lane vector versions of :mod:`algnet.homotopy.blocks_vec`
(zmm registers, no runtime alias checks or remainder loops; the same operations per lane, so the same numbers
bit for bit: blocks of 1..31 lanes against 32 in ``tests/test_blocks.py``), and the LU that of
:mod:`algnet.homotopy.block_lu`. An output DOT that no instruction reads is written straight into F[:, i],
J[:, i] (lanes below n) and H_t[:, i] (lane n) by :func:`algnet.homotopy.blocks_vec._dot_out_v` (every lane of
the row zeroed first, then the same operations in the same order as into its register: bit for bit), the other
outputs copied with 8-lane loads and stores: the copy of the outputs' lanes into J was a third of an
evaluation at n = 16-20. The work arrays start at 64-byte boundaries (``batched._scratch``): at 32 mod 64
(numba's allocator aligns to 32) every 8-double load and store touches two cache lines, and the evaluation
takes about twice the CPU.

Where the evaluation's time goes: the tape, the copy of its outputs, the LU factorization and its two solves;
at n = 12-16 the factorization is the largest piece. Each lane loop has a fixed cost (its alias check and
set-up, about 9 ns), so wider blocks cost less per path; the block width is :mod:`algnet.homotopy.batched`'s
choice (blocks of 64 gain a little on one thread but are fewer units for two threads). Tried and not adopted:
the outputs' DOTs accumulated through one routine taking its destination as arguments, each output copied
right after its DOT, the copy and the DOT's zeroing as one run of n B numbers, a linear term's value and its
lane in one loop, two consecutive linear terms on the same lane in one pass, the tape with the lanes outermost
per chunk of 8, and the LU's elimination two steps a pass (it is bound by its loads and stores, not by L2): none
faster. 512-bit vectors throughout (a process-wide ``NUMBA_CPU_FEATURES`` without ``prefer-256-bit``) help
whole tracking by a few percent at most: a setting for the user's environment, not for a library to make.
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.kernel_cache import kernel_njit
from algnet.homotopy.kernels import decode
from algnet.homotopy.fused import fma as _fma
from algnet.homotopy.block_lu import _lu_apply, _lu_apply2, _lu_factor, _lu_solve  # noqa: F401  (the batched kernel's)
from algnet.homotopy.blocks_vec import _copy_outputs_v, _direct_outputs, _light_split_v, _tape_split_v
from algnet.homotopy.vectors import WIDTH


__all__: list = []


# The tape's updates are written as a + x y - z w (left to right), without fastmath "contract": with it (two
# fused multiply-adds per update) a lane's rounding depended on the block width (LLVM fused the vector loop
# and the scalar loop of a narrow packed block differently: endpoints of blocks of 32 and of 16 differed by
# ~1e-13, tests/test_endpoint_conditions.py), for 2-6% more paths per CPU second (12% on conv k=2,2,2).
_TAPE = dict(error_model="numpy", boundscheck=False)


@kernel_njit(inline="always", **_TAPE)
def _add_scaled_lanes(dr, di, c, s, l0, l1, xr, xi, rr, ri, o, B):
    """Lanes l0..l1 of register c += (co * value of register o) * lanes of register s, co = xr + i xi."""
    for l in range(l0, l1):
        for q in range(B):
            orr = rr[o, q]
            ori = ri[o, q]
            sr = dr[s, l, q]
            si = di[s, l, q]
            cr = dr[c, l, q]
            ci = di[c, l, q]
            ur = _fma(xr, orr, -(xi * ori))
            ui = _fma(xr, ori, xi * orr)
            dr[c, l, q] = _fma(-ui, si, _fma(ur, sr, cr))
            di[c, l, q] = _fma(ui, sr, _fma(ur, si, ci))


@kernel_njit(**_TAPE, _nrt=False)
def _tape_split(code, didx, didx2, cre, cim, lo, hi, rr, ri, dr, di, n, B):
    """The tape on a block: values rr, ri and derivative lanes dr, di of every register; the registers
    below n are the unknowns, whose own lane is 1 (not read from dr)."""
    for k in range(code.shape[0]):
        op, a, b, c = decode(code, k)
        l0 = lo[c]
        l1 = hi[c]
        if op == 2:
            for l in range(l0, l1):
                for q in range(B):
                    ar = rr[a, q]
                    ai = ri[a, q]
                    br = rr[b, q]
                    bi = ri[b, q]
                    dar = dr[a, l, q]
                    dai = di[a, l, q]
                    dbr = dr[b, l, q]
                    dbi = di[b, l, q]
                    dr[c, l, q] = _fma(-bi, dai, _fma(br, dar, _fma(-ai, dbi, ar * dbr)))
                    di[c, l, q] = _fma(bi, dar, _fma(br, dai, _fma(ai, dbr, ar * dbi)))
            for q in range(B):
                ar = rr[a, q]
                ai = ri[a, q]
                br = rr[b, q]
                bi = ri[b, q]
                rr[c, q] = _fma(-ai, bi, ar * br)
                ri[c, q] = _fma(ai, br, ar * bi)
        elif op == 3:
            for l in range(l0, l1):
                for q in range(B):
                    dr[c, l, q] = 0.0
                    di[c, l, q] = 0.0
            for q in range(B):
                rr[c, q] = 0.0
                ri[c, q] = 0.0
            for t in range(a, b):
                r = didx[t]
                xr = cre[t]
                xi = cim[t]
                r2 = didx2[t]
                if r2 >= 0 and r2 < n and r >= n:
                    r, r2 = r2, r                # an unknown first (co a b = co b a)
                if r2 < 0 and r < n:
                    # co x_r: its lane r is co (an unknown's own lane is 1, its others 0)
                    for q in range(B):
                        ar = rr[r, q]
                        ai = ri[r, q]
                        cr = rr[c, q]
                        ci = ri[c, q]
                        rr[c, q] = _fma(-xi, ai, _fma(xr, ar, cr))
                        ri[c, q] = _fma(xi, ar, _fma(xr, ai, ci))
                        dr[c, r, q] = dr[c, r, q] + xr
                        di[c, r, q] = di[c, r, q] + xi
                elif r2 < 0:
                    for q in range(B):
                        ar = rr[r, q]
                        ai = ri[r, q]
                        cr = rr[c, q]
                        ci = ri[c, q]
                        rr[c, q] = _fma(-xi, ai, _fma(xr, ar, cr))
                        ri[c, q] = _fma(xi, ar, _fma(xr, ai, ci))
                    for l in range(lo[r], hi[r]):
                        for q in range(B):
                            sr = dr[r, l, q]
                            si = di[r, l, q]
                            cr = dr[c, l, q]
                            ci = di[c, l, q]
                            dr[c, l, q] = _fma(-xi, si, _fma(xr, sr, cr))
                            di[c, l, q] = _fma(xi, sr, _fma(xr, si, ci))
                elif r < n and r2 < n and r != r2:
                    # co x_r x_r2: lane r gets co x_r2, lane r2 gets co x_r, in one pass
                    for q in range(B):
                        ar = rr[r, q]
                        ai = ri[r, q]
                        br = rr[r2, q]
                        bi = ri[r2, q]
                        ur = _fma(xr, ar, -(xi * ai))
                        ui = _fma(xr, ai, xi * ar)
                        vr = _fma(xr, br, -(xi * bi))
                        vi = _fma(xr, bi, xi * br)
                        er = dr[c, r, q]
                        ei = di[c, r, q]
                        gr = dr[c, r2, q]
                        gi = di[c, r2, q]
                        cr = rr[c, q]
                        ci = ri[c, q]
                        dr[c, r, q] = er + vr
                        di[c, r, q] = ei + vi
                        dr[c, r2, q] = gr + ur
                        di[c, r2, q] = gi + ui
                        rr[c, q] = _fma(-ui, bi, _fma(ur, br, cr))
                        ri[c, q] = _fma(ui, br, _fma(ur, bi, ci))
                elif r < n and r2 >= n:
                    # co x_r b: lane r gets co b (with the value), the lanes of b get (co x_r) db
                    for q in range(B):
                        br = rr[r2, q]
                        bi = ri[r2, q]
                        ar = rr[r, q]
                        ai = ri[r, q]
                        er = dr[c, r, q]
                        ei = di[c, r, q]
                        cr = rr[c, q]
                        ci = ri[c, q]
                        vr = _fma(xr, br, -(xi * bi))
                        vi = _fma(xr, bi, xi * br)
                        dr[c, r, q] = er + vr
                        di[c, r, q] = ei + vi
                        rr[c, q] = _fma(-vi, ai, _fma(vr, ar, cr))
                        ri[c, q] = _fma(vi, ar, _fma(vr, ai, ci))
                    _add_scaled_lanes(dr, di, c, r2, lo[r2], hi[r2], xr, xi, rr, ri, r, B)
                else:
                    # d(co a b) = (co b) da + (co a) db
                    _add_scaled_lanes(dr, di, c, r, lo[r], hi[r], xr, xi, rr, ri, r2, B)
                    _add_scaled_lanes(dr, di, c, r2, lo[r2], hi[r2], xr, xi, rr, ri, r, B)
                    for q in range(B):
                        ar = rr[r, q]
                        ai = ri[r, q]
                        br = rr[r2, q]
                        bi = ri[r2, q]
                        cr = rr[c, q]
                        ci = ri[c, q]
                        ur = _fma(xr, ar, -(xi * ai))
                        ui = _fma(xr, ai, xi * ar)
                        rr[c, q] = _fma(-ui, bi, _fma(ur, br, cr))
                        ri[c, q] = _fma(ui, br, _fma(ur, bi, ci))
        elif op == 0:
            for l in range(l0, l1):
                for q in range(B):
                    dr[c, l, q] = dr[a, l, q] + dr[b, l, q]
                    di[c, l, q] = di[a, l, q] + di[b, l, q]
            for q in range(B):
                rr[c, q] = rr[a, q] + rr[b, q]
                ri[c, q] = ri[a, q] + ri[b, q]
        else:
            for l in range(l0, l1):
                for q in range(B):
                    dr[c, l, q] = dr[a, l, q] - dr[b, l, q]
                    di[c, l, q] = di[a, l, q] - di[b, l, q]
            for q in range(B):
                rr[c, q] = rr[a, q] - rr[b, q]
                ri[c, q] = ri[a, q] - ri[b, q]


@kernel_njit(_nrt=False)
def _load_values(rr, ri, x, tq, PP):
    """Registers of the unknowns (x) and of the parameters (1 - t) p0 + t p1 at times tq, for a block."""
    n = x.shape[1]
    for j in range(n):
        for q in range(x.shape[2]):
            rr[j, q] = x[0, j, q]
            ri[j, q] = x[1, j, q]
    for i in range(PP.shape[1]):
        for q in range(x.shape[2]):
            s = tq[q]
            rr[n + i, q] = (1.0 - s) * PP[0, i, q] + s * PP[2, i, q]
            ri[n + i, q] = (1.0 - s) * PP[1, i, q] + s * PP[3, i, q]


@kernel_njit
def _block_tape(code, didx, didx2, cre, cim, lo, hi, outs, nr):
    """The tape as the block kernels take it (``tp``): its arrays, the DOT coefficients' real and imaginary parts
    apart, and the output map of :func:`algnet.homotopy.blocks_vec._direct_outputs` (nr registers), made once per
    tape so that an evaluation allocates nothing.

    Examples
    --------
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(1, 1)
    >>> t = b.finish([b.x[0] * b.x[0] - b.p[0]])
    >>> code, didx, didx2, co, lo, hi, values, outs = t.args
    >>> tp = _block_tape(code, didx, didx2, co.real.copy(), co.imag.copy(), lo, hi, outs, len(values))
    >>> len(tp), int(tp[8][outs[0]])          # the output is a DOT nothing reads: written into F, J, H_t
    (9, 0)
    """
    return (code, didx, didx2, cre, cim, lo, hi, outs, _direct_outputs(code, didx, didx2, outs, nr))


@kernel_njit(_nrt=False)
def _evaluate(tp, S, x, tq, PP, F, J, Ht):
    """F, J, Ht (re/im on axis 0) of the block at points x (2, n, B) and times tq (B); tp from
    :func:`_block_tape`."""
    code, didx, didx2, cre, cim, lo, hi, outs, dest = tp
    rr, ri, dr, di = S[0], S[1], S[2], S[3]
    n = x.shape[1]
    B = x.shape[2]
    _load_values(rr, ri, x, tq, PP)
    for i in range(PP.shape[1]):         # the direction lane of the parameters: p1 - p0
        for q in range(B):
            dr[n + i, n, q] = PP[2, i, q] - PP[0, i, q]
            di[n + i, n, q] = PP[3, i, q] - PP[1, i, q]
    if B % WIDTH == 0:
        _tape_split_v(code, didx, didx2, cre, cim, lo, hi, rr, ri, dr, di, n, B, dest, F, J, Ht)
        _copy_outputs_v(rr, ri, dr, di, outs, n, F, J, Ht, B, dest)
        return
    _tape_split(code, didx, didx2, cre, cim, lo, hi, rr, ri, dr, di, n, B)
    for i in range(outs.shape[0]):
        o = outs[i]
        for q in range(B):
            F[0, i, q] = rr[o, q]
            F[1, i, q] = ri[o, q]
            Ht[0, i, q] = dr[o, n, q]
            Ht[1, i, q] = di[o, n, q]
        for j in range(n):
            for q in range(B):
                J[0, i, j, q] = dr[o, j, q]
                J[1, i, j, q] = di[o, j, q]


@kernel_njit(**_TAPE, _nrt=False)
def _light_split(code, didx, didx2, cre, cim, rr, ri, lr, li, B):
    """Values and one tangent lane (lr, li) per register: kernels._run_light for a block."""
    for k in range(code.shape[0]):
        op, a, b, c = decode(code, k)
        if op == 2:
            for q in range(B):
                ar = rr[a, q]
                ai = ri[a, q]
                br = rr[b, q]
                bi = ri[b, q]
                dar = lr[a, q]
                dai = li[a, q]
                dbr = lr[b, q]
                dbi = li[b, q]
                lr[c, q] = _fma(-bi, dai, _fma(br, dar, _fma(-ai, dbi, ar * dbr)))
                li[c, q] = _fma(bi, dar, _fma(br, dai, _fma(ai, dbr, ar * dbi)))
                rr[c, q] = _fma(-ai, bi, ar * br)
                ri[c, q] = _fma(ai, br, ar * bi)
        elif op == 3:
            for q in range(B):
                rr[c, q] = 0.0
                ri[c, q] = 0.0
                lr[c, q] = 0.0
                li[c, q] = 0.0
            for t in range(a, b):
                r = didx[t]
                xr = cre[t]
                xi = cim[t]
                r2 = didx2[t]
                if r2 < 0:
                    for q in range(B):
                        ar = rr[r, q]
                        ai = ri[r, q]
                        dar = lr[r, q]
                        dai = li[r, q]
                        cr = rr[c, q]
                        ci = ri[c, q]
                        er = lr[c, q]
                        ei = li[c, q]
                        rr[c, q] = _fma(-xi, ai, _fma(xr, ar, cr))
                        ri[c, q] = _fma(xi, ar, _fma(xr, ai, ci))
                        lr[c, q] = _fma(-xi, dai, _fma(xr, dar, er))
                        li[c, q] = _fma(xi, dar, _fma(xr, dai, ei))
                else:
                    for q in range(B):
                        ar = rr[r, q]
                        ai = ri[r, q]
                        br = rr[r2, q]
                        bi = ri[r2, q]
                        dar = lr[r, q]
                        dai = li[r, q]
                        dbr = lr[r2, q]
                        dbi = li[r2, q]
                        cr = rr[c, q]
                        ci = ri[c, q]
                        er = lr[c, q]
                        ei = li[c, q]
                        ur = _fma(xr, ar, -(xi * ai))          # co * a
                        ui = _fma(xr, ai, xi * ar)
                        vr = _fma(xr, br, -(xi * bi))          # co * b
                        vi = _fma(xr, bi, xi * br)
                        rr[c, q] = _fma(-ui, bi, _fma(ur, br, cr))
                        ri[c, q] = _fma(ui, br, _fma(ur, bi, ci))
                        lr[c, q] = _fma(-vi, dai, _fma(vr, dar, _fma(-ui, dbi, _fma(ur, dbr, er))))
                        li[c, q] = _fma(vi, dar, _fma(vr, dai, _fma(ui, dbr, _fma(ur, dbi, ei))))
        elif op == 0:
            for q in range(B):
                rr[c, q] = rr[a, q] + rr[b, q]
                ri[c, q] = ri[a, q] + ri[b, q]
                lr[c, q] = lr[a, q] + lr[b, q]
                li[c, q] = li[a, q] + li[b, q]
        else:
            for q in range(B):
                rr[c, q] = rr[a, q] - rr[b, q]
                ri[c, q] = ri[a, q] - ri[b, q]
                lr[c, q] = lr[a, q] - lr[b, q]
                li[c, q] = li[a, q] - li[b, q]


@kernel_njit(_nrt=False)
def _evaluate_light(tp, S, x, w, tq, PP, F, G):
    """F and G = H_x w + H_t (re/im on axis 0) of the block at points x, directions w (2, n, B); tp from
    :func:`_block_tape`."""
    code, didx, didx2, cre, cim, lo, hi, outs, _ = tp
    rr, ri, lr, li = S[0], S[1], S[4], S[5]
    n = x.shape[1]
    B = x.shape[2]
    _load_values(rr, ri, x, tq, PP)
    for j in range(n + PP.shape[1]):     # the tangent: w on the unknowns, p1 - p0 on the parameters
        for q in range(B):
            if j < n:
                lr[j, q] = w[0, j, q]
                li[j, q] = w[1, j, q]
            else:
                lr[j, q] = PP[2, j - n, q] - PP[0, j - n, q]
                li[j, q] = PP[3, j - n, q] - PP[1, j - n, q]
    if B % WIDTH == 0:
        _light_split_v(code, didx, didx2, cre, cim, rr, ri, lr, li, B)
    else:
        _light_split(code, didx, didx2, cre, cim, rr, ri, lr, li, B)
    for i in range(outs.shape[0]):
        o = outs[i]
        for q in range(B):
            F[0, i, q] = rr[o, q]
            F[1, i, q] = ri[o, q]
            G[0, i, q] = lr[o, q]
            G[1, i, q] = li[o, q]


@kernel_njit(_nrt=False)
def _finite_q(v, q):
    for j in range(v.shape[1]):
        if not (np.isfinite(v[0, j, q]) and np.isfinite(v[1, j, q])):
            return False
    return True


@kernel_njit(_nrt=False)
def _maxabs_q(v, q):
    s = 0.0
    for j in range(v.shape[1]):
        a = np.hypot(v[0, j, q], v[1, j, q])
        if not a <= s:
            s = a
    return s


@kernel_njit(_nrt=False)
def _nan_where_singular(out, mask, okq):
    for q in range(mask.shape[0]):
        if mask[q] and not okq[q]:
            for j in range(out.shape[1]):
                out[0, j, q] = np.nan
                out[1, j, q] = np.nan
