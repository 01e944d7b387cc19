"""Blocks of paths: the tape with its derivatives, its light pass, and per-path LU, B paths at once.

The arrays have the paths innermost, real and imaginary parts apart
(``x[h, j, q]``: part h of unknown j of path q; registers ``rr[r, q]``,
derivatives ``dr[r, l, q]``): each tape instruction is decoded once for B
paths and its inner loops run over the B paths in SIMD registers. Used by
the path-batched stepping of :mod:`algnet.homotopy.batched`; the
arithmetic is that of :mod:`algnet.homotopy.kernels` (one path), so both
take the same steps up to rounding.

SIMD, inspected (``inspect_asm`` / ``inspect_llvm`` of the compiled
specialisations, 2026-12-03; this CPU has AVX2, FMA and AVX-512, and LLVM's
tuning for it prefers 256-bit vectors): the lane loops of the tape
(:func:`_tape_split`, :func:`_light_split`, :func:`_add_scaled_lanes`) are
vectorized, 4 doubles a ymm register, with a runtime alias check before each
lane loop. The LU before this version (Smith's division per element,
LAPACK's order: whole rows swapped) had its elimination loop vectorized
the same way, without fused multiply-adds, but its pivot search, its row
swaps (each path's row, stride B) and its back substitution scalar; the row
swaps alone were 0.9 of 1.07 us a path outside the elimination at n = 20.

The LU: :mod:`algnet.homotopy.block_lu` (its measurements are there).

The tape (2026-12-03; ``_tape_split``, ``_light_split``): every
update is written ``a + x y - z w`` (left to right); an unknown's own lane is 1 and not
read: a product of two unknowns ``co x_a x_b`` (288 of the 552 terms of linear
6-2-4, 98 of 262 of linear 4-2-4) adds ``co x_b`` to lane a, ``co x_a`` to lane
b and the value in one pass (was three passes, each multiplying by the lane
read from memory), ``co x_a b`` adds lane a with the value. Measured on the
tracker's own tapes (``slicing_family`` of ``bench/bench_tracker.py``, blocks of
32, this and the previous blocks.py interleaved, median of 5, load 1.7-2.9),
CPU per path of the evaluation with the Jacobian, before -> after: linear 3-1-3
0.32 -> 0.32 us, conv k=2,3 0.20 -> 0.17, conv k=3,3 0.32 -> 0.31, linear 4-2-4
1.33 -> 1.02, dense 3-2-2 0.59 -> 0.54, conv k=2,2,2 0.66 -> 0.60, dense 3-2-3
1.05 -> 0.90, linear 6-2-4 1.93 -> 1.53 (1.0-1.3x); the light pass 1.08-1.19x
less (``bench_tape.py --kernels --ref``, load 2.5). Whole tracking (1,024 paths
per system, one thread, best of 3, two interleaved rounds, load 3.4-4.3): paths
per CPU second 1.03-1.11x (15,277 -> 16,036, 13,339 -> 14,376, 11,959 -> 12,678,
2,067 -> 2,290, 3,729 -> 3,985, 5,161 -> 5,459, 2,543 -> 2,644, 1,453 -> 1,500 in
the order of issue 16's table; a second run, three rounds, load 2.3-2.9:
0.99-1.09x, linear 6-2-4 1,517 -> 1,658), the same evaluation counts and statuses,
endpoints within 1.5e-13 relative. Compile time: the first ``track`` call with
an empty cache (all the kernels it uses) 78.7 -> 86.1 s CPU (load 6-7).

Where the evaluation's time goes (no hardware counters in this VM): the lane
loops are vectorized (4 doubles a ymm register) and run at about 5-6 cycles per
4 paths for 6 loads, 2 stores and 8 flops even with the data in L1 (a synthetic
loop); copying the outputs' lanes into J (n^2 B numbers, 205 kB a block at
n = 20) is a third of the evaluation at n = 16-20 (the evaluation without that
copy, not a valid variant, 1.5-2.0x faster; the copy alone 0.48 us a path at
n = 20, about 12 bytes a cycle: the block's J and the outputs' lanes live in
L2). Each lane loop also has a fixed cost (its runtime alias check and set-up,
about 9 ns): the same kernels per path with blocks of 8/16/32/64 paths, linear
6-2-4: evaluation 2.46/1.95/1.11/0.92 us, LU and two solves 6.9/4.9/3.2/2.9
(linear 4-2-4 1.41/1.11/0.90/0.83 and 4.1/2.8/2.5/1.9; load 2.3-2.8): the block
width is :mod:`algnet.homotopy.batched`'s choice. Tried and not adopted (same harness, interleaved, load 2.7-5.3): the
outputs' DOTs accumulated straight into F, J and H_t (one DOT routine taking
its destination as arguments; no copy) 0.76-0.99x: the writes to J remain and
the routine cost more than the copy; each output copied right after its DOT
(its lanes still in L1) 0.95-0.98x; the copy and the DOT's zeroing as one run
of n B numbers (reshaped views) 0.75-0.93x; a linear term's value and its one
lane in one loop 0.93-0.99x; two consecutive linear terms on the same one lane
(the parameters' terms, 260 of linear 6-2-4's 552) in one pass over the
destination, the same numbers bit for bit, 1.00-1.02x. The LU's elimination two steps a pass (step k's
multipliers and column k + 1 first, then k + 1's pivot and swap, the rows
below updated by both in one loop: the same numbers bit for bit, half the
passes over the trailing matrix) 0.89-1.05x (load 4.2-5.3): the elimination is
bound by its loads and stores, not by L2. 512-bit vectors (a process-wide
``NUMBA_CPU_FEATURES`` = the host's features and ``-prefer-256-bit``; LLVM then
emits zmm FMAs in the lane loops, checked with ``inspect_asm``): a synthetic lane
loop 1.25x, whole tracking 0.94-1.16x (median 1.07x, load 5.3-5.7, the same
statuses and evaluations): a setting for the user's environment, not for a
library to make.

2026-12-03 (the tracker's own tapes, ``slicing_family`` of ``bench/bench_tracker.py``, n = 8, 10,
12, 16: dense 3-2-2, dense 3-2-3, linear 4-2-4, linear 6-2-4; min of 7-11 interleaved rounds against the
previous version; load 3.1-5.2 on the 2 cores). Where a full evaluation's time goes at B = 32 (us a path):
tape 0.42-1.04, the copy of the outputs into F, J, H_t 0.05-0.36 (a fifth to a quarter at n = 16), LU
factorization 0.19-1.48 and its two solves 0.13-0.45: at n = 12-16 the factorization is the largest piece.
(1) Every lane loop reads its operands into locals before its stores (a store to ``dr[c]`` may alias
``dr[s]``: LLVM read the operands again after it; the LU's multipliers were read twice per update): the
same numbers bit for bit, LU factorization 1.06-1.34x (:mod:`algnet.homotopy.block_lu`). (2) The complex
updates of :func:`_tape_split` and :func:`_light_split` as explicit fused multiply-adds
(:func:`algnet.homotopy.fused.fma`; contraction had to be taken back, see ``_TAPE``): blocks of 1-31 lanes
give the lanes of a block of 32 bit for bit (4 tapes, values, Jacobians, H_t, light pass), values within
1.3e-15 relative of before, tracked endpoints within 8e-14 relative (3 systems, 1,024 paths), the same
evaluation counts; evaluation 1.00-1.15x and light pass 0.98-1.25x at B = 32, 1.04-1.08x and 1.19-1.25x at
B = 8 (the packed blocks). Whole tracking (1,024 paths, one thread, best of 5 runs a process, main's tree
and this one alternated, two pairs, load 1.1-1.3): CPU per path linear 4-2-4 284.5 -> 280.3 us, dense 3-2-3
279.5 -> 265.9, dense 3-2-2 194.7 -> 191.2, linear 6-2-4 417.4 -> 406.9: 1.01-1.05x (at load 4-5.5 the
same comparison was lost in the noise). Blocks of 64 (``TrackerOptions(block=64)``, possible since the
packed iterations take more paths than their widest block in turns, :mod:`algnet.homotopy.packed_lanes`),
against 32, the same tree, alternated, three pairs, load 1.4-1.9: best CPU per path linear 4-2-4 277.1 ->
254.4 us (1.09x), dense 3-2-3 271.8 -> 245.2 (1.11x), dense 3-2-2 190.9 -> 173.3 (1.10x), linear 6-2-4
427.4 -> 422.8 (1.01x; 0.89-0.99x in two pairs), endpoints bit for bit those of blocks of 32; one thread
only (fewer blocks are fewer units for two threads): the default is :mod:`algnet.homotopy.compiled`'s.
Tried, not adopted: the copy into J as one run of n B numbers per output (reshaped views) 0.98-1.03x.

2026-12-03: for blocks of a multiple of 8 lanes the tape and the light pass run the explicit
8-lane vector versions of :mod:`algnet.homotopy.blocks_vec` (zmm registers, no runtime alias checks or
remainder loops; the same operations per lane, so the same numbers bit for bit: blocks of 1..31 lanes against
32 in ``tests/test_blocks.py``), and the LU that of :mod:`algnet.homotopy.block_lu`. Kernels on the tracker's
tapes (``bench_tape.py --kernels --tracker``, against 499fd38, interleaved, median of 5, load 5.3-5.9), us a
path at B = 32, n = 8 / 10 / 12 / 16: evaluation with the Jacobian 0.51 -> 0.45, 0.77 -> 0.69, 0.82 -> 0.72,
1.34 -> 1.20 (1.11-1.14x); light pass 0.25 -> 0.16, 0.44 -> 0.25, 0.46 -> 0.36, 0.90 -> 0.47 (1.3-1.9x). The
tape with the lanes outermost per chunk of 8 (operands kept in registers across the derivative lanes, 256-byte
strides) lost: 0.76-0.99x. Whole tracking (1,024 paths of ``bench/bench_tracker.py`` per system, one thread,
best of 3 CPU per path, 499fd38 and this tree alternated, three pairs, load 5.8-7.3), best before -> best
after: linear 6-2-4 (n = 16) 409.3 -> 339.8 us (1.20x), linear 4-2-4 (12) 273.6 -> 227.7 (1.20x), dense 3-2-3
(10) 278.9 -> 217.5 (1.28x), dense 3-2-2 (8) 201.3 -> 165.2 (1.22x); the same evaluation counts, statuses and
endpoints bit for bit (one and two threads). Compile time (the first ``track`` call, fresh
``NUMBA_CACHE_DIR``, process CPU): see :mod:`algnet.homotopy.blocks_vec`.

2026-12-03/04 (the tracker's own tapes, parameters mapped, blocks of 32; a timing script:
3183530's kernels and these interleaved, median of 5). Where an evaluation went at 3183530 (us a path, load
2.4-5.2): linear 6-2-4 (n = 16) evaluation with the Jacobian 0.93 (the tape 0.23-0.39, the copy of the outputs'
values and lanes into F, J, H_t 0.14-0.33: the 16 x 17 lanes a path written by the tape and copied, 147 kB a
block, in L2), light pass 0.30, LU and two solves (:mod:`algnet.homotopy.block_lu`) 1.59; dense 3-2-3 (10) 0.62
/ 0.19 / 0.50; linear 4-2-4 (12) 0.48 / 0.19 / 0.66. Times the evaluations of a path (full / light: 63 / 34,
77 / 44, 67 / 37), the tape with its copy is 69 of 304 us a path (23%), 56 of 180 (31%), 39 of 173 (23%), the
LU at most 100, 38, 44 us; the rest is the stepping around them. (1) An output DOT that no instruction reads
is written straight into F[:, i], J[:, i] (lanes below n) and H_t[:, i] (lane n) by
:func:`algnet.homotopy.blocks_vec._dot_out_v` (every lane of the row zeroed first, then the same operations
in the same order as into its register: bit for bit; the endpoints, statuses and evaluation counts of the
1,024 paths of the eight systems of ``bench/bench_tracker.py`` on one and two threads equal 3183530's bit for
bit), the other outputs copied with 8-lane loads and stores: evaluation 0.93 -> 0.64 (1.45x), 0.62 -> 0.52
(1.19x), 0.48 -> 0.37 (1.31x), load 2.4-3.0. Whole tracking (1,024 paths, one thread, best of 7 CPU per path,
3183530 and this tree in alternate processes, three pairs, load 6.1-6.9): linear 6-2-4 291-325 -> 279-302
us, dense 3-2-3 204-208 -> 183-189, linear 4-2-4 179-180 -> 180-191, dense 3-2-2 135-142 -> 138-157: within
the noise at that load except dense 3-2-3 (1.09x). (2) Alignment: every work array of the batched kernel
started 32 bytes after a 64-byte boundary (numba's allocator aligns to 32), so every 8-double load and store
touched two cache lines; the same kernels on copies of the same arrays at 0 mod 64 (alternate processes, two
pairs, load 6.4-8.7), us a path, 32 -> 0 mod 64: evaluation 0.64 -> 0.32, 0.48 -> 0.26, 0.36 -> 0.17; light
pass 0.31-0.34 -> 0.25, 0.22-0.23 -> 0.16-0.17, 0.18 -> 0.14; LU and two solves 1.55-1.94 -> 1.11-1.12, 0.42 ->
0.35, 0.67-0.85 -> 0.47-0.51 (``batched._scratch`` allocates at 64-byte boundaries since lustep's 822ce46).
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
# ~1e-13, tests/test_endpoint_conditions.py), for 2-6% more paths per CPU second (12% on conv k=2,2,2):
# a timing script, 1,024 paths, one thread, two interleaved rounds, load 1.2-1.3, 2026-12-03 15:34 UTC.
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
