"""Path-batched compiled stepping: the tape, the LU solves and the step of B paths at once.

:func:`algnet.homotopy.kernels.advance` takes the steps of one path after
another, and its tape interpreter pays the decoding of every instruction
and every short loop over a register's derivative lanes once per path. Here
the paths of a round are grouped in blocks of B (32) and every array has the
paths innermost, with real and imaginary parts apart (``x_re[j, q]``,
``dreg_re[r, l, q]``): each instruction is decoded once for B paths and
its inner loops run over the B paths in SIMD registers. The LU solves
(partial pivoting, pivots chosen per path) are batched the same way.

On the tracker's systems the tape with its Jacobian takes 1.6-3.2x less CPU per path than one path at a time
(complex128 arrays with the paths innermost, without splitting real and imaginary parts: only 1.5x).

The step is :func:`algnet.homotopy.kernels._step`, path for path (the same
RK4 predictor with the reused velocity, Newton corrector with the
contraction test and rate acceptance, step-size rule and statuses), so the
paths are the same up to rounding; within a block, a stage is evaluated
for the block when one of its paths needs it (a path that needs no third
Newton iteration waits for the others). Rounds and the stopping rule are
those of :func:`~algnet.homotopy.kernels.advance`. The corrector's full iterations after the first, which
15-17% of a block's paths need, run on those paths only, packed into a narrow block
(:mod:`algnet.homotopy.packed_lanes`: 1.11-1.19x the paths per CPU second at n >= 10, the same steps bit for
bit). The series (Taylor, Pade) and Hermite extrapolation predictors that could replace RK4 here gave
0.45-0.95x the paths per CPU second; their record is in ``bench/_tracker_predictors.py``.

Compile time (numba, fresh cache ``NUMBA_CACHE_DIR=$(mktemp -d)``, process CPU): about 25-30 s for the batched
kernel, with the helpers called once or a few times per round inlined at numba's level (``_velocities``,
``_light_solves``, ``_chunk_round``, ``_add_scaled_lanes``: ``inline="always"``; the same steps and speed).
numba's compile events (``numba.core.event``) show where it goes: each njit level (advance_batched >
_chunk_round > _round > _velocities > _evaluate > _tape_split) links its callees' code and optimizes and emits
it again, so every level costs 10-30% of the total; a level less is what saves. LLVM (llvmlite calls) takes
over half of it, and ``NUMBA_OPT=1`` changes it by under 5%. Inlining the small helpers as well (``decode``,
``_maxabs``, ``_finite``, the LU wrappers) makes it worse, so they stay calls.

Tried for fewer evaluations a path, not adopted: (1) stage reuse, the corrector's first iteration a
simplified (light) one with the fourth RK4 stage's factorization (its point x + h k3 is O(h^3) from the
prediction) instead of a full evaluation at the prediction (numpy prototype, 256 paths of the eight systems of
``bench/bench_tracker.py``): the second Newton update then measures the frozen Jacobian's lag (omega |x_s - x_4|,
tens of times Newton's contraction at accepted steps), not the prediction's, so the contraction step control
(``TrackerOptions.target_contraction``) shrank the steps: 1.6-1.9x the steps, light evaluations 2.5-3.0x, full ones
+3% to +20%; with that control off, full evaluations -14% to +1% but light ones 2.2-2.7x and 1.25-1.45x the steps,
a loss at every measured cost of a light evaluation (0.2-0.7 of a full one). (2) The uninlined tape
a loss at every measured cost of a light evaluation (0.2-0.7 of a full one). (2) The uninlined tape
(``record(..., inline=False)``) for the light passes: 1-2% of a path's CPU, less than a second tape in the
kernels is worth.
is worth. The start of a path (its first step and retries): see ``TrackerOptions.initial_step``.

Where the time goes (an instrumented copy of :func:`_round` with thread-CPU timers, ``track`` of the 1,024
paths of ``bench/bench_tracker.py``, one thread): the factorizations (three a step on full blocks, about 28% of
the kernel on linear 6-2-4), the tape and its light pass, the packed iterations, and the endpoint work and
Python outside the kernel (about 17% of a path). The lane loops (predictor combinations; corrector tests and
updates; step control and statuses) take 8-12% of the kernel: their max moduli without ``hypot``, each lane's
loops unstrided, the start velocity's norm not taken every round. The error model (``error_model="numpy"``
here, in :mod:`~algnet.homotopy.kernels`, :mod:`~algnet.homotopy.packed_lanes`) is neutral for speed and kept
for its inf/nan instead of ZeroDivisionError. Blocks of 64 (``TrackerOptions(block=64)``) gave no uniform gain
and are not the default; the corrector's per-lane tests with their max moduli taken for all lanes at once were
within the noise for 40 more lines.

The corrector's third iteration of a path whose first update was large (a full second one) is a simplified
one with the first iteration's factorization (still in J: the later full iterations use J2 or a packed block),
in all three engines (``kernels._step``, ``tracker._correct``). Such paths took about 3 full second iterations
a path and 2 full third ones (70% of them needed the third, in narrow packed blocks at 2-4x a lane's cost of a
whole block). With the simplified third iteration, on 1,024 paths of each of the eight bench systems: the same
statuses, steps within 0.1% (one or two paths in a thousand take one step more or fewer), endpoints within
5e-11 (the largest on ill-conditioned endpoints), full evaluations 0.6-2.4 a path fewer and as many more light
ones, about 1.05x less CPU a path.
"""


from __future__ import annotations

import numpy as np

from algnet.homotopy.kernel_cache import kernel_njit
from algnet.homotopy.blocks import (_block_tape, _evaluate, _evaluate_light, _finite_q, _lu_apply2, _lu_solve,
                                    _maxabs_q, _nan_where_singular)
from algnet.homotopy.packed_lanes import _compact, _narrow_set, _packed_newton
from algnet.homotopy.block_lu import _aligned, _aligned_int
from algnet.homotopy.kernels import step_factor
from algnet.homotopy.tracker_options import FIRST_STEP_MOTION
from algnet.interrupts import ctrl_c_safe


__all__ = ["advance_batched", "batched_work", "BLOCK"]

BLOCK = 32


@kernel_njit(inline="always", error_model="numpy")
def _velocities(tp, S, W, x, tq, PP, mask, out, Jm, piv, okq):
    """out[:, :, q] = -H_x^{-1} H_t at (x, tq) for the paths in mask (NaN where singular), H_x left
    factorized in Jm (pivots piv, okq); returns the number of paths evaluated."""
    F, Ht, f = W[0], W[2], W[4]
    cnt = _count(mask)
    if cnt == 0:
        return 0
    _evaluate(tp, S, x, tq, PP, F, Jm, Ht)
    _negated(out, Ht, mask)
    _lu_solve(Jm, out, out, False, mask, okq, f, piv)
    _nan_where_singular(out, mask, okq)
    return cnt


@kernel_njit(error_model="numpy", _nrt=False)
def _maxabs(v, q):
    """The largest modulus of v[:, :, q]: :func:`algnet.homotopy.blocks._maxabs_q` (its value bit for bit),
    with ``hypot`` only where the squared modulus is within 1e-13 of the largest (a modulus below that is
    below the largest's hypot after the rounding of both: squares err by under 4e-16, hypot by under an ulp);
    non-finite entries, and squares outside [1e-290, 1e290], go to ``_maxabs_q``. 11 against 77 ns at n = 16."""
    m = 0.0
    for j in range(v.shape[1]):
        a = v[0, j, q] * v[0, j, q] + v[1, j, q] * v[1, j, q]
        if a > m:
            m = a
        elif a != a:                # nan
            return _maxabs_q(v, q)
    if not (m >= 1e-290 and m <= 1e290):
        return _maxabs_q(v, q)
    lo = m * (1.0 - 1e-13)
    s = 0.0
    for j in range(v.shape[1]):
        if v[0, j, q] * v[0, j, q] + v[1, j, q] * v[1, j, q] >= lo:
            s = max(s, np.hypot(v[0, j, q], v[1, j, q]))
    return s


@kernel_njit(error_model="numpy", _nrt=False)
def _count(mask):
    c = 0
    for q in range(mask.shape[0]):
        if mask[q]:
            c += 1
    return c


@kernel_njit(error_model="numpy", _nrt=False)
def _negated(out, src, mask):
    """out[:, :, q] = -src[:, :, q] for the paths in mask (the lanes innermost)."""
    for h_ in range(2):
        for j in range(src.shape[1]):
            for q in range(mask.shape[0]):
                if mask[q]:
                    out[h_, j, q] = -src[h_, j, q]


@kernel_njit(inline="always", error_model="numpy")
def _light_solves(tp, S, W, x, w, tq, PP, mask, Jm, piv, okm, dx, v):
    """A light evaluation of the paths in mask at (x, tq) along (w, 1), solved with the factorization
    (Jm, piv, okm): dx = -Jm^{-1} F, v = w - Jm^{-1} (H_x w + H_t) (NaN where singular); returns the
    number of paths evaluated."""
    F, G, okq = W[0], W[5], W[3]
    for q in range(mask.shape[0]):
        okq[q] = mask[q] and okm[q]
    cnt = _count(mask)
    if cnt == 0:
        return 0
    _evaluate_light(tp, S, x, w, tq, PP, F, G)
    n = x.shape[1]
    _negated(dx, F, mask)
    _lu_apply2(Jm, piv, dx, G, okq)
    for h_ in range(2):
        for j in range(n):
            for q in range(mask.shape[0]):
                if mask[q]:
                    v[h_, j, q] = w[h_, j, q] - G[h_, j, q]
    _nan_where_singular(dx, mask, okq)
    _nan_where_singular(v, mask, okq)
    return cnt


@kernel_njit(inline="always", error_model="numpy")
def _predict(tp, S, W, K, X, V, PP, T, hh, tq, mask, light, ev):
    """The RK4 predictions of the paths in mask into xs = K[4] (kernels._predict); ev[0], ev[1] += full
    and light evaluations."""
    k1, k2, k3, k4, xs, xc, dx, vn = K
    J, okq, J2, piv, piv2, ok2 = W[1], W[3], W[6], W[7], W[8], W[9]
    n = X.shape[1]
    B = X.shape[2]
    for h_ in range(2):
        for j in range(n):
            for q in range(B):
                k1[h_, j, q] = V[h_, j, q]
                xs[h_, j, q] = X[h_, j, q] + (hh[q] / 2) * k1[h_, j, q]
    for q in range(B):
        tq[q] = T[q] + hh[q] / 2
    ev[0] += _velocities(tp, S, W, xs, tq, PP, mask, k2, J2, piv2, ok2)
    for h_ in range(2):
        for j in range(n):
            for q in range(B):
                xs[h_, j, q] = X[h_, j, q] + (hh[q] / 2) * k2[h_, j, q]
    if light:
        c = _light_solves(tp, S, W, xs, k2, tq, PP, mask, J2, piv2, ok2, dx, k3)
        ev[0] += c
        ev[1] += c
    else:
        ev[0] += _velocities(tp, S, W, xs, tq, PP, mask, k3, J, piv, okq)
    for h_ in range(2):
        for j in range(n):
            for q in range(B):
                xs[h_, j, q] = X[h_, j, q] + hh[q] * k3[h_, j, q]
    for q in range(B):
        tq[q] = T[q] + hh[q]
    ev[0] += _velocities(tp, S, W, xs, tq, PP, mask, k4, J, piv, okq)
    for h_ in range(2):
        for j in range(n):
            for q in range(B):
                xs[h_, j, q] = X[h_, j, q] + (hh[q] / 6) * (k1[h_, j, q] + 2 * k2[h_, j, q] + 2 * k3[h_, j, q]
                                                           + k4[h_, j, q])


@kernel_njit(error_model="numpy", _nrt=False)
def _round(tp, S, W, K, X, V, PP, tf, st, opt, mask, hh, tn, first, second, prev, iters, conv, bad, live, heavy,
           ev, NS, pack, xn):
    """One step of every tracking path of a block (kernels._step for each of them); ev[0], ev[1] +=
    evaluations, light ones among them.

    X, V (2, n, B); tf (3, B): t, h, spare; st (4, B): status, steps, rejected, vok; NS the packed blocks
    (blocks._narrow_set) of the corrector's full iterations after the first where at most half the paths need
    one."""
    F, J, Ht, okq, f, G, J2, piv, piv2, ok0 = W
    k1, k2, k3, k4, xs, xc, dx, vn = K
    max_step, min_step, ctol = opt[0], opt[1], opt[4]
    maxit, contraction, max_steps, divn, egs = int(opt[5]), opt[6], opt[7], opt[8], opt[9]
    reuse, rate_acc, light, limit = opt[10] != 0, opt[11] != 0, opt[12] != 0, opt[13] * opt[3]
    n = X.shape[1]
    B = X.shape[2]
    T = tf[0]
    h = tf[1]
    tq = tf[2]
    for q in range(B):
        act = st[0, q] == 0
        mask[q] = act and ((not reuse) or st[3, q] == 0)
        hh[q] = min(h[q], 1.0 - T[q]) if act else 0.0
    ev[0] += _velocities(tp, S, W, X, T, PP, mask, V, J, piv, okq)
    for q in range(B):
        if mask[q]:
            st[3, q] = 1 if _finite_q(V, q) else 0
        mask[q] = st[0, q] == 0
        if mask[q] and st[1, q] == 0 and st[2, q] == 0:       # a path's first step
            vmax = _maxabs(V, q)
            if vmax > 0 and np.isfinite(vmax):
                h[q] = min(h[q], FIRST_STEP_MOTION * (1.0 + _maxabs(X, q)) / vmax)
                hh[q] = min(h[q], 1.0 - T[q])
    _predict(tp, S, W, K, X, V, PP, T, hh, tq, mask, light, ev)
    for q in range(B):
        tn[q] = T[q] + hh[q]
        if 1.0 - tn[q] < 1e-15:
            tn[q] = 1.0
        conv[q] = False
        bad[q] = not _finite_q(xs, q)
        heavy[q] = True
        first[q] = np.nan
        second[q] = np.nan
        prev[q] = np.nan
        iters[q] = 0
    for h_ in range(2):
        for j in range(n):
            for q in range(B):
                vn[h_, j, q] = np.nan
                xc[h_, j, q] = X[h_, j, q] if bad[q] else xs[h_, j, q]
    for it in range(maxit):
        for q in range(B):
            live[q] = mask[q] and not conv[q] and not bad[q] and heavy[q]
        cnt = _count(live)
        if cnt > 0 and it > 0 and pack and 2 * cnt <= B:
            # few paths with a large first update: their full iteration packed into a narrow block
            _packed_newton(tp, NS, xc, tn, PP, live, cnt, dx, vn, okq)
            ev[0] += cnt
            for q in range(B):
                if live[q] and not okq[q]:
                    dx[0, 0, q] = np.nan
        elif cnt > 0:
            # the first iteration's factorization stays in J for the simplified iterations; later
            # full iterations (paths with a large first update) use J2, free after the predictor
            Jm, pv = (J, piv) if it == 0 else (J2, piv2)
            _evaluate(tp, S, xc, tn, PP, F, Jm, Ht)
            ev[0] += cnt
            _negated(dx, F, live)          # a converged path keeps its update and velocity
            _negated(vn, Ht, live)
            _lu_solve(Jm, dx, vn, True, live, okq, f, pv)
            for q in range(B):
                if live[q]:
                    if it == 0:
                        ok0[q] = okq[q]
                    if not okq[q]:
                        dx[0, 0, q] = np.nan
        # simplified Newton with the first iteration's factorization, the velocity refined along (vn, 1)
        for q in range(B):
            live[q] = mask[q] and not conv[q] and not bad[q] and not heavy[q]
        if _count(live) > 0:
            c = _light_solves(tp, S, W, xc, vn, tn, PP, live, J, piv, ok0, dx, xs)
            ev[0] += c
            ev[1] += c
            for h_ in range(2):
                for j in range(n):
                    for q in range(B):
                        if live[q]:
                            vn[h_, j, q] = xs[h_, j, q]
        for q in range(B):
            if not (mask[q] and not conv[q] and not bad[q]):
                continue
            fin = _finite_q(dx, q)
            dn = _maxabs(dx, q) if fin else np.inf
            for j in range(n):
                for h_ in range(2):
                    if fin:
                        xc[h_, j, q] += dx[h_, j, q]
                    else:
                        vn[h_, j, q] = np.nan
            iters[q] += 1
            xn[q] = _maxabs(xc, q)           # kept for the step control below
            scale = ctol * (1.0 + xn[q])
            done_now = dn <= scale
            if it == 0:
                first[q] = dn
                heavy[q] = not (light and dn <= limit * (1.0 + xn[q]))
            else:
                if it == 1:
                    second[q] = dn
                    if light:       # a full second iteration: the third is simplified (tracker_options)
                        heavy[q] = False
                if dn > contraction * first[q]:
                    bad[q] = True
                if rate_acc and dn * dn <= scale * prev[q]:
                    done_now = True
            prev[q] = dn
            if not fin:
                bad[q] = True
            if done_now and fin:
                conv[q] = True
    for q in range(B):
        if not mask[q]:
            continue
        ok = conv[q] and not bad[q]
        if ok:
            for j in range(n):
                for h_ in range(2):
                    X[h_, j, q] = xc[h_, j, q]
            T[q] = tn[q]
            st[1, q] += 1
            if reuse:
                for j in range(n):
                    for h_ in range(2):
                        V[h_, j, q] = vn[h_, j, q]
                st[3, q] = 1 if _finite_q(vn, q) else 0
        fresh = st[1, q] == 0
        xm = xn[q] if iters[q] > 0 else _maxabs(xc, q)        # xc is as the last iteration left it
        fac = step_factor(first[q], second[q], xm, iters[q], opt, (not ok) and fresh)
        if ok:
            h[q] = min(hh[q] * fac, max_step)
        else:
            st[2, q] += 1
            h[q] *= fac if fresh else 0.5
        if T[q] >= 1.0:
            st[0, q] = 1
        elif (xm if ok else _maxabs(X, q)) > divn:              # an accepted step: X = xc
            st[0, q] = 3
        elif h[q] < min_step:
            st[0, q] = 2 if 1.0 - T[q] <= egs else 4
        if st[0, q] == 0 and st[1, q] + st[2, q] >= max_steps:
            st[0, q] = 5


@kernel_njit(error_model="numpy")
def _state_in(active, n, X, T, h, status, steps, rejected, V, vok, P0, P1, B):
    """The active paths' state in blocks of B (paths innermost, parts apart; padding lanes status 9), and
    each lane's path (its index in active; -1: padding)."""
    na = active.shape[0]
    m = P0.shape[1]
    nb = (na + B - 1) // B
    XS = np.zeros((nb, 2, n, B))
    VS = np.zeros((nb, 2, n, B))
    PS = np.zeros((nb, 4, m, B))
    TF = np.zeros((nb, 3, B))
    ST = np.zeros((nb, 4, B), np.int64)
    slot = np.full((nb, B), -1, np.int64)
    for c in range(nb):
        for q in range(B):
            k = c * B + q
            if k >= na:
                ST[c, 0, q] = 9
                TF[c, 0, q] = 1.0
                continue
            i = active[k]
            slot[c, q] = k
            for j in range(n):
                XS[c, 0, j, q] = X[i, j].real
                XS[c, 1, j, q] = X[i, j].imag
                VS[c, 0, j, q] = V[i, j].real
                VS[c, 1, j, q] = V[i, j].imag
            for j in range(m):
                PS[c, 0, j, q] = P0[i, j].real
                PS[c, 1, j, q] = P0[i, j].imag
                PS[c, 2, j, q] = P1[i, j].real
                PS[c, 3, j, q] = P1[i, j].imag
            TF[c, 0, q] = T[i]
            TF[c, 1, q] = h[i]
            ST[c, 0, q] = status[i]
            ST[c, 1, q] = steps[i]
            ST[c, 2, q] = rejected[i]
            ST[c, 3, q] = 1 if vok[i] else 0
    return XS, VS, PS, TF, ST, slot


@kernel_njit(error_model="numpy", _nrt=False)
def _state_out(active, n, X, T, h, status, steps, rejected, V, vok, B, XS, VS, TF, ST, slot):
    for b in range(slot.shape[0] * B):
        c = b // B
        q = b % B
        if slot[c, q] < 0:
            continue
        i = active[slot[c, q]]
        for j in range(n):
            X[i, j] = complex(XS[c, 0, j, q], XS[c, 1, j, q])
            V[i, j] = complex(VS[c, 0, j, q], VS[c, 1, j, q])
        T[i] = TF[c, 0, q]
        h[i] = TF[c, 1, q]
        status[i] = ST[c, 0, q]
        steps[i] = ST[c, 1, q]
        rejected[i] = ST[c, 2, q]
        vok[i] = ST[c, 3, q] != 0


@kernel_njit(error_model="numpy")
def _scratch(values, n, B, chunks):
    """Work arrays of ``chunks`` workers (leading axis): registers, evaluation, stages, per-path flags."""
    nr = values.shape[0]
    RR = _aligned(chunks * nr * B, 0.0).reshape((chunks, nr, B))
    RI = _aligned(chunks * nr * B, 0.0).reshape((chunks, nr, B))
    for c in range(chunks):
        for r in range(nr):
            for q in range(B):
                RR[c, r, q] = values[r].real
                RI[c, r, q] = values[r].imag
    DR = _aligned(chunks * nr * (n + 1) * B, 0.0).reshape((chunks, nr, n + 1, B))
    DI = _aligned(chunks * nr * (n + 1) * B, 0.0).reshape((chunks, nr, n + 1, B))
    for c in range(chunks):
        for j in range(n):
            for q in range(B):
                DR[c, j, j, q] = 1.0
    LR = _aligned(chunks * nr * B, 0.0).reshape((chunks, nr, B))   # the tangent lane of light evaluations
    LI = _aligned(chunks * nr * B, 0.0).reshape((chunks, nr, B))   # (constants: 0)
    WF = _aligned(chunks * 2 * n * B, 0.0).reshape((chunks, 2, n, B))
    WJ = _aligned(chunks * 4 * n * n * B, 0.0).reshape((chunks, 2, 2, n, n, B))   # the Jacobian, the 2nd stage's
    WH = _aligned(chunks * 4 * n * B, 0.0).reshape((chunks, 2, 2, n, B))          # H_t, and G of light evaluations
    WO = np.zeros((chunks, 2, B), np.bool_)
    Wf = _aligned(chunks * 4 * B, 0.0).reshape((chunks, 4, B))
    PV = _aligned_int(chunks * 2 * n * B).reshape((chunks, 2, n, B))
    KK = _aligned(chunks * 16 * n * B, 0.0).reshape((chunks, 8, 2, n, B))
    MB = np.empty((chunks, 5, B), np.bool_)
    FB = _aligned(chunks * 6 * B, 0.0).reshape((chunks, 6, B))
    IB = np.empty((chunks, B), np.int64)
    return RR, RI, DR, DI, LR, LI, WF, WJ, WH, WO, Wf, PV, KK, MB, FB, IB


@kernel_njit(inline="always", error_model="numpy")
def _chunk_round(c, chunks, tp, SC, XS, VS, PS, TF, ST, opt, evs, stops, NS, pack):
    """One round of the blocks c, c + chunks, ... with worker c's work arrays."""
    RR, RI, DR, DI, LR, LI, WF, WJ, WH, WO, Wf, PV, KK, MB, FB, IB = SC
    S = (RR[c], RI[c], DR[c], DI[c], LR[c], LI[c])
    W = (WF[c], WJ[c, 0], WH[c, 0], WO[c, 0], Wf[c], WH[c, 1], WJ[c, 1], PV[c, 0], PV[c, 1], WO[c, 1])
    K = (KK[c, 0], KK[c, 1], KK[c, 2], KK[c, 3], KK[c, 4], KK[c, 5], KK[c, 6], KK[c, 7])
    B = XS.shape[3]
    for b in range(c, XS.shape[0], chunks):
        before = 0
        for q in range(B):
            if ST[b, 0, q] == 0:
                before += 1
        if before == 0:
            continue
        _round(tp, S, W, K, XS[b], VS[b], PS[b], TF[b], ST[b], opt, MB[c, 0], FB[c, 0], FB[c, 1], FB[c, 2],
               FB[c, 4], FB[c, 3], IB[c], MB[c, 1], MB[c, 2], MB[c, 3], MB[c, 4], evs[c], NS, pack, FB[c, 5])
        for q in range(B):
            if ST[b, 0, q] == 0:
                before -= 1
        stops[c] += before


@kernel_njit(nogil=True, error_model="numpy")
def advance_batched(active, code, didx, didx2, cre, cim, lo, hi, values, outs, n, X, T, h, status, steps, rejected, V,
                    vok, P0, P1, opt, max_rounds, min_stopped, B, counts=None, pack=True, compact=True, work=None):
    """:func:`algnet.homotopy.kernels.advance` (same arguments, the DOT coefficients split into real and imaginary
    parts, and the block size B) on blocks of B paths. Returns (rounds, evaluations, light evaluations among them);
    ``counts`` (optional int64 array of at least 2): += evaluations, light ones; ``pack`` False: the corrector's
    later full iterations on the whole block, not packed; ``compact`` False: the tracking paths not moved into fewer
    blocks as paths stop (both the same results; for measurements); ``work``: the work arrays of
    :func:`batched_work` for (B, pack), reused from an earlier call instead of made afresh (the same results bit for
    bit: a call already reuses them from block to block and round to round).

    Examples
    --------
    The compiled tracker calls it on blocks of paths (``block=2``); the endpoints are those of the numpy
    engine, here the square roots of 4 + i:

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.homotopies import ParameterHomotopy
    >>> from algnet.homotopy.tracker import track, TrackerOptions
    >>> H = ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [1.0], [4.0 + 1j])
    >>> X0 = np.array([[1.0], [-1.0]])
    >>> a = track(H, X0, TrackerOptions(engine="compiled", block=2))
    >>> b = track(H, X0, TrackerOptions(engine="numpy"))
    >>> bool(np.allclose(a.x, b.x, atol=1e-12)), bool(np.allclose(a.x ** 2, 4 + 1j))
    (True, True)
    """
    XS, VS, PS, TF, ST, slot = _state_in(active, n, X, T, h, status, steps, rejected, V, vok, P0, P1, B)
    if work is None:
        SC = _scratch(values, n, B, 1)
        NS = _narrow_set(values, n, P0.shape[1], B if pack else 2)
    else:
        SC, NS = work
    tp = _block_tape(code, didx, didx2, cre, cim, lo, hi, outs, values.shape[0])
    evs = np.zeros((1, 2), np.int64)
    stops = np.zeros(1, np.int64)
    rounds = 0
    for r in range(max_rounds):
        rounds += 1
        _chunk_round(0, 1, tp, SC, XS, VS, PS, TF, ST, opt, evs, stops, NS, pack)
        if stops[0] >= min_stopped:
            break
        if compact:
            _compact(XS, VS, PS, TF, ST, slot)
    _state_out(active, n, X, T, h, status, steps, rejected, V, vok, B, XS, VS, TF, ST, slot)
    if counts is not None:
        for i in range(2):
            counts[i] += evs[0, i]
    return rounds, evs[0, 0], evs[0, 1]


@ctrl_c_safe
def batched_work(values, n, m, B, pack=True):
    """The work arrays of one :func:`advance_batched` call on blocks of B paths (``work=``): registers,
    evaluation, stages, flags and the packed narrow blocks, for a tape with register values ``values``, n
    unknowns and m parameters. Made once and passed to every call of a thread, they save the call's
    allocation and initialization (about 120 of its 137 us of fixed cost at n = 16, 96 registers: 66
    calls a track of 1,024 paths on linear 6-2-4). One set serves one call at a time (one per thread).

    Examples
    --------
    >>> import numpy as np
    >>> w = batched_work(np.array([1.0 + 0j, 2.0 + 0j]), 1, 1, 4)
    >>> len(w), w[0][2].shape        # (block arrays, narrow blocks); the registers' derivative lanes
    (2, (1, 2, 2, 4))
    """
    return _scratch(values, n, B, 1), _narrow_set(values, n, m, B if pack else 2)
