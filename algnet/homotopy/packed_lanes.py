"""Packed lanes: a stage that few paths of a block need, run on those paths only, in a narrow block.

The batched kernel (:mod:`algnet.homotopy.batched`) evaluates a stage for the whole block of B = 32 paths
when one of its paths needs it. The RK4 stages and the corrector's first iteration run with 92-93% of the
lanes live, but the corrector's full iterations after the first (paths whose first update exceeds the
light-iteration limit: ``TrackerOptions.light_evaluations``) would run on whole blocks with 15-17% of the lanes
live: 42-44% of the full (tape + Jacobian + LU) evaluations and 22-30% of the kernel's CPU.

Here those paths are gathered into a narrow block of 2, 8 or 16 lanes
(the narrowest that holds them, where at most half the block needs the
iteration), evaluated and solved there, and scattered back. Each lane's
arithmetic is the same as in the whole block (every block width rounds
alike), so the steps and endpoints are the same bit for bit. CPU per block
call of the tape with its Jacobian and LU against the width B = 2, 4, 8, 16, 32
(random points): linear 6-2-4 63, 99, 127, 200, 250 us; dense 3-2-3 27, 26, 42, 58, 74 us; conv k=2,2,2 15,
20, 23, 28, 31 us. In the tracker (``advance_batched(..., pack=False)`` against the default, 1,024 paths, one
thread): 1.03-1.19x the paths per CPU second, the same statuses and endpoints bit for bit.

Between rounds, where the tracking paths of a call would fit in fewer blocks
than hold them (paths stop at different times: a call returns when a quarter
of its paths have stopped), :func:`_compact` moves them into the first lanes
(their state, and a lane-to-path map for the return), so that the blocks
behind are skipped: lanes live at the start of a round 91.6-93.4% -> 97.4-98.0%
and 5-6% fewer block rounds on the five systems of n >= 6 above (same
accounting). With compaction on, 0.91-1.11x the paths per CPU second (noise on a loaded machine: only the
deterministic count of block rounds is firm); the same statuses and endpoints bit for bit. Not with the series
predictors (their kept factorizations are per block). The compiled tracker cuts each call into groups of at most
four blocks at 1,024 paths (:mod:`algnet.homotopy.path_groups`), each returning at a quarter of its paths
stopped, i.e. at 32 stops, so a block is rarely freed before the call returns (lanes live at round start
90.9-93.3%): compaction pays only for groups of five blocks or more.

The accounting (one thread, 1,024 paths, ``track(..., threads=1)``; microseconds of CPU per path; "full" = tape
with Jacobian and LU of the full evaluations, the packed iterations included; "light" = light tape + its two
solves; "rest" = the lane loops of the step (predictor combinations, corrector tests, step control); "Py" =
Python between kernel calls and the endpoint work; "live" = lanes live at the start of a round; "NF"/"NL" =
lanes live in the corrector's later full / light iterations):

==================  ==========================  ====  ======  ===========
system (n)          kernel = tape + LU          live  NF /    rejected /
                    + light + rest; Py          %     NL %    steps
==================  ==========================  ====  ======  ===========
linear 6-2-4 (20)   722 = 260+224+118+90; 57    92.9  16/46   2.4 / 20.6
linear 4-2-4 (16)   554 = 183+168+89+94; 35     92.7  16/48   2.8 / 25.9
dense 3-2-3 (12)    416 = 161+87+72+79; 28      91.8  17/53   3.7 / 28.8
dense 3-2-2 (10)    290 = 102+59+48+70; 19      91.6  15/59   2.5 / 30.0
conv k=2,2,2 (6)    198 = 91+22+34+45; 13       93.4  15/61   3.0 / 29.2
==================  ==========================  ====  ======  ===========

(kernel also holds the state copies in and out, 1-14 us.) What is left: the full evaluations of the RK4 stages
and the corrector's first iteration at 91-93% of the lanes (tape and LU 60-70% of the kernel), the light passes
14-17%, the lane loops of the step 12-24%, Python and the endpoints 4-8%, and 2.4-3.7 rejected steps a path
(9-13% of the steps, each a whole predictor and corrector). Tried, not adopted: the step's lane loops with the
lanes innermost (contiguous, SIMD; the same values bit for bit): within the noise; a
maximum modulus by squared moduli with ``hypot`` only near the maximum (the
same value bit for bit on 20,000 random vectors with NaN, inf, tiny and huge
entries): 39 against 96 ns a call at n = 20, about 1% of a path, not worth the
code. On the narrow blocks: per lane they cost 2-4x a lane of B = 32 at n = 20
and 3-7.5x at n = 6-10 (the width table above: the per-instruction decoding and
alias checks of the tape's lane loops), so the gain is smallest on the small
systems; running those iterations for all blocks of a call together at full
width would need the round taken stage by stage across blocks (each block's
stage state kept: 0.4 MB a block at n = 20). Not tried for lack of time.
stage state kept: 0.4 MB a block at n = 20). Not tried.
No packed block of 4 lanes: a block of a multiple of 8 lanes runs the explicit 8-lane vector tape and LU
(:mod:`algnet.homotopy.blocks_vec`, :mod:`algnet.homotopy.block_lu`), widths 2 and 4 the scalar loops, and one
packed iteration (:func:`_packed_newton_w`) of 3-4 live paths costs 1.3-1.7x less in 8 lanes than in 4 (on an
AMD EPYC); 2 lanes stay for 1-2 paths (within 5% of 8, either way). Every width rounds alike, so the steps are
the same bit for bit.
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.kernel_cache import kernel_njit
from algnet.homotopy.blocks import _evaluate, _lu_solve
from algnet.homotopy.block_lu import _aligned, _aligned_int

__all__ = ["PACKED_WIDTHS"]

#: the widths of the packed blocks (lanes), each at most half the block (no 4: see the module doc)
PACKED_WIDTHS = (2, 8, 16)


@kernel_njit(error_model="numpy")
def _narrow(values, n, m, w):
    """The work arrays of a packed block of w lanes: registers (constants set, unknowns' derivative lanes the
    identity), point, times, parameters, F, J, Ht, the two right-hand sides, lane flags, LU work, lane map."""
    nr = values.shape[0]
    RR = _aligned(nr * w, 0.0).reshape((nr, w))       # 64-byte aligned: see block_lu._aligned
    RI = _aligned(nr * w, 0.0).reshape((nr, w))
    for r in range(nr):
        for q in range(w):
            RR[r, q] = values[r].real
            RI[r, q] = values[r].imag
    DR = _aligned(nr * (n + 1) * w, 0.0).reshape((nr, n + 1, w))
    DI = _aligned(nr * (n + 1) * w, 0.0).reshape((nr, n + 1, w))
    for j in range(n):
        for q in range(w):
            DR[j, j, q] = 1.0
    return ((RR, RI, DR, DI), _aligned(2 * n * w, 0.0).reshape((2, n, w)), np.empty(w), np.empty((4, m, w)),
            _aligned(2 * n * w, 0.0).reshape((2, n, w)), _aligned(2 * n * n * w, 0.0).reshape((2, n, n, w)),
            _aligned(2 * n * w, 0.0).reshape((2, n, w)), _aligned(2 * n * w, 0.0).reshape((2, n, w)),
            _aligned(2 * n * w, 0.0).reshape((2, n, w)), np.zeros(w, np.bool_), np.zeros(w, np.bool_),
            _aligned(4 * w, 0.0).reshape((4, w)), _aligned_int(n * w).reshape((n, w)), np.zeros(w, np.int64))


@kernel_njit(error_model="numpy")
def _narrow_set(values, n, m, B):
    """Packed blocks of :data:`PACKED_WIDTHS` lanes (at most B / 2 each) for blocks of B paths."""
    return (_narrow(values, n, m, max(1, min(PACKED_WIDTHS[0], B // 2))),
            _narrow(values, n, m, max(1, min(PACKED_WIDTHS[1], B // 2))),
            _narrow(values, n, m, max(1, min(PACKED_WIDTHS[2], B // 2))))


@kernel_njit(error_model="numpy", _nrt=False)
def _packed_newton_w(tp, NW, x, tq, PP, live, first, dx, dv, ok):
    """dx = -J^{-1} F, dv = -J^{-1} H_t at (x, tq) for the live paths first, first + 1, ... (in the order of
    live; as many as NW has lanes), gathered into the packed block NW (padding lanes: copies of the first
    path, not solved); ok[q] of those paths: no zero pivot; the other paths keep dx, dv and ok."""
    S, xw, tw, pw, Fw, Jw, Hw, dw, vw, lw, ow, fw, pvw, idx = NW
    w = tw.shape[0]
    n = x.shape[1]
    k = 0
    c = 0
    for q in range(live.shape[0]):
        if live[q]:
            if c >= first and k < w:
                idx[k] = q
                k += 1
            c += 1
    for r in range(w):
        q = idx[r] if r < k else idx[0]
        lw[r] = r < k
        tw[r] = tq[q]
        for j in range(n):
            xw[0, j, r] = x[0, j, q]
            xw[1, j, r] = x[1, j, q]
        for i in range(PP.shape[1]):
            for h in range(4):
                pw[h, i, r] = PP[h, i, q]
    _evaluate(tp, S, xw, tw, pw, Fw, Jw, Hw)
    for h in range(2):
        for j in range(n):
            for r in range(w):
                dw[h, j, r] = -Fw[h, j, r]
                vw[h, j, r] = -Hw[h, j, r]
    _lu_solve(Jw, dw, vw, True, lw, ow, fw, pvw)
    for r in range(k):
        q = idx[r]
        ok[q] = ow[r]
        for j in range(n):
            for h in range(2):
                dx[h, j, q] = dw[h, j, r]
                dv[h, j, q] = vw[h, j, r]


@kernel_njit(error_model="numpy", _nrt=False)
def _packed_newton(tp, NS, x, tq, PP, live, cnt, dx, dv, ok):
    """:func:`_packed_newton_w` on the narrowest packed block of NS (:func:`_narrow_set`) that holds the cnt
    paths in live.

    Examples
    --------
    x^2 - p at x = 3, p = 5 (t = 0, p1 = p0 + 1): the update dx = -F / F_x = -4/6 and dv = -H_t / F_x = 1/6,
    the same in a block of four paths of which two are live and packed into two lanes:

    >>> import numpy as np
    >>> from algnet.homotopy.blocks import _block_tape
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(1, 1)
    >>> t = b.finish([b.x[0] * b.x[0] - b.p[0]])
    >>> code, didx, didx2, co, lo, hi, values, outs = t.args
    >>> tp = _block_tape(code, didx, didx2, co.real.copy(), co.imag.copy(), lo, hi, outs, len(values))
    >>> x = np.zeros((2, 1, 4)); x[0] = 3.0
    >>> PP = np.zeros((4, 1, 4)); PP[0] = 5.0; PP[2] = 6.0
    >>> live = np.array([False, True, False, True])
    >>> dx, dv, ok = np.zeros((2, 1, 4)), np.zeros((2, 1, 4)), np.zeros(4, np.bool_)
    >>> _packed_newton(tp, _narrow_set(values, 1, 1, 4), x, np.zeros(4), PP, live, 2, dx, dv, ok)
    >>> dx[0, 0].round(6).tolist(), dv[0, 0].round(6).tolist(), ok.tolist()
    ([0.0, -0.666667, 0.0, -0.666667], [0.0, 0.166667, 0.0, 0.166667], [False, True, False, True])
    """
    N0, N1, N2 = NS
    for q in range(live.shape[0]):
        ok[q] = False
    if cnt <= N0[2].shape[0]:
        _packed_newton_w(tp, N0, x, tq, PP, live, 0, dx, dv, ok)
    elif cnt <= N1[2].shape[0]:
        _packed_newton_w(tp, N1, x, tq, PP, live, 0, dx, dv, ok)
    else:
        # blocks wider than twice the widest packed block (TrackerOptions.block > 32) may have more: in turns
        # (this wrote past the packed block's lane map before: heap corruption with blocks of 64)
        for first in range(0, cnt, N2[2].shape[0]):
            _packed_newton_w(tp, N2, x, tq, PP, live, first, dx, dv, ok)


@kernel_njit(error_model="numpy", _nrt=False)
def _swap_lanes(XS, VS, PS, TF, ST, slot, a, b):
    """Exchange the states of lanes a and b (flat indices block * B + lane) of the blocks."""
    B = ST.shape[2]
    ba, qa, bb, qb = a // B, a % B, b // B, b % B
    for h in range(XS.shape[1]):
        for j in range(XS.shape[2]):
            XS[ba, h, j, qa], XS[bb, h, j, qb] = XS[bb, h, j, qb], XS[ba, h, j, qa]
            VS[ba, h, j, qa], VS[bb, h, j, qb] = VS[bb, h, j, qb], VS[ba, h, j, qa]
    for h in range(PS.shape[1]):
        for i in range(PS.shape[2]):
            PS[ba, h, i, qa], PS[bb, h, i, qb] = PS[bb, h, i, qb], PS[ba, h, i, qa]
    for k in range(TF.shape[1]):
        TF[ba, k, qa], TF[bb, k, qb] = TF[bb, k, qb], TF[ba, k, qa]
    for k in range(ST.shape[1]):
        ST[ba, k, qa], ST[bb, k, qb] = ST[bb, k, qb], ST[ba, k, qa]
    slot[ba, qa], slot[bb, qb] = slot[bb, qb], slot[ba, qa]


@kernel_njit(error_model="numpy", _nrt=False)
def _compact(XS, VS, PS, TF, ST, slot):
    """Where the tracking paths (status 0) would fit in fewer blocks than hold them, move them to the first
    lanes, exchanging each with a stopped (or padding) lane nearer the front, so that the blocks behind are
    skipped; ``slot`` follows each path (its index among the call's paths, -1 for padding). A path's arithmetic
    does not depend on its lane, so its steps are the same bit for bit. Returns the lanes moved.

    Examples
    --------
    Two blocks of two lanes, one path tracking in each: the second moves into the first block.

    >>> import numpy as np
    >>> XS, VS = np.zeros((2, 2, 1, 2)), np.zeros((2, 2, 1, 2))
    >>> PS, TF = np.zeros((2, 4, 1, 2)), np.zeros((2, 3, 2))
    >>> ST = np.ones((2, 4, 2), np.int64); ST[0, 0, 0] = ST[1, 0, 1] = 0
    >>> XS[1, 0, 0, 1] = 7.0
    >>> slot = np.arange(4).reshape(2, 2)
    >>> _compact(XS, VS, PS, TF, ST, slot), ST[:, 0].tolist(), XS[0, 0, 0].tolist(), slot.tolist()
    (1, [[0, 0], [1, 1]], [0.0, 7.0], [[0, 3], [2, 1]])
    """
    nb, B = ST.shape[0], ST.shape[2]
    live = 0
    busy = 0
    for b in range(nb):
        c = 0
        for q in range(B):
            if ST[b, 0, q] == 0:
                c += 1
        live += c
        if c > 0:
            busy += 1
    if busy <= (live + B - 1) // B:
        return 0
    front = 0
    back = nb * B - 1
    moved = 0
    while True:
        while front < back and ST[front // B, 0, front % B] == 0:
            front += 1
        while back > front and ST[back // B, 0, back % B] != 0:
            back -= 1
        if front >= back:
            return moved
        _swap_lanes(XS, VS, PS, TF, ST, slot, front, back)
        moved += 1
