"""Path-batched compiled stepping: the tape, the LU solves and the step of B paths at once.

:func:`algnet.homotopy.kernels.advance` takes the steps of one path after
another, and its tape interpreter pays the decoding of every instruction
and every short loop over a register's derivative lanes once per path. Here
the paths of a round are grouped in blocks of B (32) and every array has the
paths innermost, with real and imaginary parts apart (``x_re[j, q]``,
``dreg_re[r, l, q]``): each instruction is decoded once for B paths and
its inner loops run over the B paths in SIMD registers. The LU solves
(partial pivoting, pivots chosen per path) are batched the same way.

Measured (process CPU time per evaluation of the tape with its Jacobian,
2-core machine at load 11-17, 2026-12-02): conv k=2,2,2 r=2 slicing system
6.0 us per path one by one, 2.5 us batched by 32; dense 3-2-3 r=2 4.0 ->
1.24 us; linear 6-2-4 9.8 -> 4.1 us (complex128 arrays with the paths
innermost, without splitting real and imaginary parts: only 1.5x).

The step is :func:`algnet.homotopy.kernels._step`, path for path (the same
RK4 predictor with the reused velocity, Newton corrector with the
contraction test and rate acceptance, step-size rule and statuses), so the
paths are the same up to rounding; within a block, a stage is evaluated
for the block when one of its paths needs it (a path that needs no third
Newton iteration waits for the others). Rounds and the stopping rule are
those of :func:`~algnet.homotopy.kernels.advance`.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

__all__ = ["advance_batched", "advance_batched_parallel", "BLOCK"]

BLOCK = 32


@njit(cache=True)
def _tape_split(code, didx, didx2, cre, cim, lo, hi, rr, ri, dr, di, B):
    for k in range(code.shape[0]):
        op = code[k, 0]
        a = code[k, 1]
        b = code[k, 2]
        c = code[k, 3]
        l0 = lo[c]
        l1 = hi[c]
        if op == 2:
            for l in range(l0, l1):
                for q in range(B):
                    ar = rr[a, q]
                    ai = ri[a, q]
                    br = rr[b, q]
                    bi = ri[b, q]
                    dr[c, l, q] = (ar * dr[b, l, q] - ai * di[b, l, q]) + (br * dr[a, l, q] - bi * di[a, l, q])
                    di[c, l, q] = (ar * di[b, l, q] + ai * dr[b, l, q]) + (br * di[a, l, q] + bi * dr[a, l, q])
            for q in range(B):
                ar = rr[a, q]
                ai = ri[a, q]
                br = rr[b, q]
                bi = ri[b, q]
                rr[c, q] = ar * br - ai * bi
                ri[c, q] = ar * bi + ai * br
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
                if r2 < 0:
                    for q in range(B):
                        rr[c, q] += xr * rr[r, q] - xi * ri[r, q]
                        ri[c, q] += xr * ri[r, q] + xi * rr[r, q]
                    for l in range(lo[r], hi[r]):
                        for q in range(B):
                            dr[c, l, q] += xr * dr[r, l, q] - xi * di[r, l, q]
                            di[c, l, q] += xr * di[r, l, q] + xi * dr[r, l, q]
                else:
                    for l in range(lo[r], hi[r]):
                        for q in range(B):
                            ur = xr * rr[r2, q] - xi * ri[r2, q]
                            ui = xr * ri[r2, q] + xi * rr[r2, q]
                            dr[c, l, q] += ur * dr[r, l, q] - ui * di[r, l, q]
                            di[c, l, q] += ur * di[r, l, q] + ui * dr[r, l, q]
                    for l in range(lo[r2], hi[r2]):
                        for q in range(B):
                            ur = xr * rr[r, q] - xi * ri[r, q]
                            ui = xr * ri[r, q] + xi * rr[r, q]
                            dr[c, l, q] += ur * dr[r2, l, q] - ui * di[r2, l, q]
                            di[c, l, q] += ur * di[r2, l, q] + ui * dr[r2, l, q]
                    for q in range(B):
                        ur = xr * rr[r, q] - xi * ri[r, q]
                        ui = xr * ri[r, q] + xi * rr[r, q]
                        rr[c, q] += ur * rr[r2, q] - ui * ri[r2, q]
                        ri[c, q] += ur * ri[r2, q] + ui * rr[r2, q]
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


@njit(cache=True)
def _evaluate(tp, S, x, tq, PP, F, J, Ht):
    """F, J, Ht (re/im on axis 0) of the block at points x (2, n, B) and times tq (B)."""
    code, didx, didx2, cre, cim, lo, hi, outs = tp
    rr, ri, dr, di = S
    n = x.shape[1]
    B = x.shape[2]
    m = PP.shape[1]
    for j in range(n):
        for q in range(B):
            rr[j, q] = x[0, j, q]
            ri[j, q] = x[1, j, q]
    for i in range(m):
        for q in range(B):
            s = tq[q]
            rr[n + i, q] = (1.0 - s) * PP[0, i, q] + s * PP[2, i, q]
            ri[n + i, q] = (1.0 - s) * PP[1, i, q] + s * PP[3, i, q]
            dr[n + i, n, q] = PP[2, i, q] - PP[0, i, q]
            di[n + i, n, q] = PP[3, i, q] - PP[1, i, q]
    _tape_split(code, didx, didx2, cre, cim, lo, hi, rr, ri, dr, di, B)
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


@njit(cache=True)
def _cdiv(a, b, c, d):
    """(a + bi) / (c + di), Smith's algorithm."""
    if abs(c) >= abs(d):
        if c == 0.0:
            return np.nan, np.nan
        r = d / c
        den = c + d * r
        return (a + b * r) / den, (b - a * r) / den
    r = c / d
    den = c * r + d
    return (a * r + b) / den, (b * r - a) / den


@njit(cache=True)
def _lu_solve(J, b1, b2, two, live, ok, f):
    """Solve J[:, :, :, q] y = b1[:, :, q] (and b2) in place for the live paths q (partial pivoting per
    path, as kernels._lu_solve2: multipliers by the pivot's reciprocal); ok[q] False where a pivot is
    zero. J is overwritten; f is (4, B) work space."""
    n = J.shape[1]
    B = J.shape[3]
    for q in range(B):
        ok[q] = live[q]
    for k in range(n):
        for q in range(B):
            if not ok[q]:
                continue
            piv = k
            best = abs(J[0, k, k, q]) + abs(J[1, k, k, q])
            for i in range(k + 1, n):
                v = abs(J[0, i, k, q]) + abs(J[1, i, k, q])
                if v > best:
                    best = v
                    piv = i
            if best == 0.0:
                ok[q] = False
                continue
            if piv != k:
                for h in range(2):
                    for j in range(n):
                        tmp = J[h, k, j, q]
                        J[h, k, j, q] = J[h, piv, j, q]
                        J[h, piv, j, q] = tmp
                    tmp = b1[h, k, q]
                    b1[h, k, q] = b1[h, piv, q]
                    b1[h, piv, q] = tmp
                    if two:
                        tmp = b2[h, k, q]
                        b2[h, k, q] = b2[h, piv, q]
                        b2[h, piv, q] = tmp
        for q in range(B):
            if ok[q]:
                f[2, q], f[3, q] = _cdiv(1.0, 0.0, J[0, k, k, q], J[1, k, k, q])
            else:
                f[2, q] = 0.0
                f[3, q] = 0.0
        for i in range(k + 1, n):
            for q in range(B):
                ar = J[0, i, k, q]
                ai = J[1, i, k, q]
                f[0, q] = ar * f[2, q] - ai * f[3, q]
                f[1, q] = ar * f[3, q] + ai * f[2, q]
            for j in range(k + 1, n):
                for q in range(B):
                    J[0, i, j, q] -= f[0, q] * J[0, k, j, q] - f[1, q] * J[1, k, j, q]
                    J[1, i, j, q] -= f[0, q] * J[1, k, j, q] + f[1, q] * J[0, k, j, q]
            for q in range(B):
                b1[0, i, q] -= f[0, q] * b1[0, k, q] - f[1, q] * b1[1, k, q]
                b1[1, i, q] -= f[0, q] * b1[1, k, q] + f[1, q] * b1[0, k, q]
                if two:
                    b2[0, i, q] -= f[0, q] * b2[0, k, q] - f[1, q] * b2[1, k, q]
                    b2[1, i, q] -= f[0, q] * b2[1, k, q] + f[1, q] * b2[0, k, q]
    for i in range(n - 1, -1, -1):
        for q in range(B):
            if not ok[q]:
                continue
            s1r = b1[0, i, q]
            s1i = b1[1, i, q]
            s2r = b2[0, i, q] if two else 0.0
            s2i = b2[1, i, q] if two else 0.0
            for j in range(i + 1, n):
                ar = J[0, i, j, q]
                ai = J[1, i, j, q]
                s1r -= ar * b1[0, j, q] - ai * b1[1, j, q]
                s1i -= ar * b1[1, j, q] + ai * b1[0, j, q]
                if two:
                    s2r -= ar * b2[0, j, q] - ai * b2[1, j, q]
                    s2i -= ar * b2[1, j, q] + ai * b2[0, j, q]
            b1[0, i, q], b1[1, i, q] = _cdiv(s1r, s1i, J[0, i, i, q], J[1, i, i, q])
            if two:
                b2[0, i, q], b2[1, i, q] = _cdiv(s2r, s2i, J[0, i, i, q], J[1, i, i, q])


@njit(cache=True)
def _finite_q(v, q):
    for j in range(v.shape[1]):
        if not (np.isfinite(v[0, j, q]) and np.isfinite(v[1, j, q])):
            return False
    return True


@njit(cache=True)
def _maxabs_q(v, q):
    s = 0.0
    for j in range(v.shape[1]):
        a = np.hypot(v[0, j, q], v[1, j, q])
        if not a <= s:
            s = a
    return s


@njit(cache=True)
def _velocities(tp, S, W, x, tq, PP, mask, out):
    """out[:, :, q] = -H_x^{-1} H_t at (x, tq) for the paths in mask (NaN where singular); returns the
    number of paths evaluated."""
    F, J, Ht, okq, f = W
    cnt = 0
    for q in range(mask.shape[0]):
        if mask[q]:
            cnt += 1
    if cnt == 0:
        return 0
    _evaluate(tp, S, x, tq, PP, F, J, Ht)
    n = x.shape[1]
    for q in range(mask.shape[0]):
        if mask[q]:
            for j in range(n):
                out[0, j, q] = -Ht[0, j, q]
                out[1, j, q] = -Ht[1, j, q]
    _lu_solve(J, out, out, False, mask, okq, f)
    for q in range(mask.shape[0]):
        if mask[q] and not okq[q]:
            for j in range(n):
                out[0, j, q] = np.nan
                out[1, j, q] = np.nan
    return cnt


@njit(cache=True)
def _round(tp, S, W, K, X, V, PP, tf, st, opt, mask, hh, tn, first, prev, iters, conv, bad, live):
    """One step of every tracking path of a block (kernels._step for each of them); returns evaluations.

    X, V (2, n, B); tf (3, B): t, h, spare; st (4, B): status, steps, rejected, vok."""
    F, J, Ht, okq, f = W
    k1, k2, k3, k4, xs, xc, dx, vn = K
    max_step, min_step, growth, ptol, ctol = opt[0], opt[1], opt[2], opt[3], opt[4]
    maxit, contraction, max_steps, divn, egs = int(opt[5]), opt[6], opt[7], opt[8], opt[9]
    reuse, rate_acc = opt[10] != 0, opt[11] != 0
    n = X.shape[1]
    B = X.shape[2]
    ev = 0
    T = tf[0]
    h = tf[1]
    tq = tf[2]
    for q in range(B):
        act = st[0, q] == 0
        mask[q] = act and ((not reuse) or st[3, q] == 0)
        hh[q] = min(h[q], 1.0 - T[q]) if act else 0.0
    ev += _velocities(tp, S, W, X, T, PP, mask, V)
    for q in range(B):
        if mask[q]:
            st[3, q] = 1 if _finite_q(V, q) else 0
        mask[q] = st[0, q] == 0
    for q in range(B):
        for j in range(n):
            for h_ in range(2):
                k1[h_, j, q] = V[h_, j, q]
                xs[h_, j, q] = X[h_, j, q] + (hh[q] / 2) * k1[h_, j, q]
        tq[q] = T[q] + hh[q] / 2
    ev += _velocities(tp, S, W, xs, tq, PP, mask, k2)
    for q in range(B):
        for j in range(n):
            for h_ in range(2):
                xs[h_, j, q] = X[h_, j, q] + (hh[q] / 2) * k2[h_, j, q]
    ev += _velocities(tp, S, W, xs, tq, PP, mask, k3)
    for q in range(B):
        for j in range(n):
            for h_ in range(2):
                xs[h_, j, q] = X[h_, j, q] + hh[q] * k3[h_, j, q]
        tq[q] = T[q] + hh[q]
    ev += _velocities(tp, S, W, xs, tq, PP, mask, k4)
    for q in range(B):
        for j in range(n):
            for h_ in range(2):
                xs[h_, j, q] = X[h_, j, q] + (hh[q] / 6) * (k1[h_, j, q] + 2 * k2[h_, j, q] + 2 * k3[h_, j, q]
                                                           + k4[h_, j, q])
        tn[q] = T[q] + hh[q]
        if 1.0 - tn[q] < 1e-15:
            tn[q] = 1.0
        conv[q] = False
        bad[q] = not _finite_q(xs, q)
        first[q] = np.nan
        prev[q] = np.nan
        iters[q] = 0
        for j in range(n):
            for h_ in range(2):
                vn[h_, j, q] = np.nan
                xc[h_, j, q] = X[h_, j, q] if bad[q] else xs[h_, j, q]
    for it in range(maxit):
        cnt = 0
        for q in range(B):
            live[q] = mask[q] and not conv[q] and not bad[q]
            if live[q]:
                cnt += 1
        if cnt == 0:
            break
        _evaluate(tp, S, xc, tn, PP, F, J, Ht)
        ev += cnt
        for q in range(B):
            if not live[q]:          # a converged path keeps its update and velocity
                continue
            for j in range(n):
                for h_ in range(2):
                    dx[h_, j, q] = -F[h_, j, q]
                    if reuse:
                        vn[h_, j, q] = -Ht[h_, j, q]
        _lu_solve(J, dx, vn, reuse, live, okq, f)
        for q in range(B):
            if not live[q]:
                continue
            fin = okq[q] and _finite_q(dx, q)
            dn = _maxabs_q(dx, q) if fin else np.inf
            for j in range(n):
                for h_ in range(2):
                    if fin:
                        xc[h_, j, q] += dx[h_, j, q]
                    else:
                        vn[h_, j, q] = np.nan
            iters[q] += 1
            scale = ctol * (1.0 + _maxabs_q(xc, q))
            done_now = dn <= scale
            if it == 0:
                first[q] = dn
            else:
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
        rel = first[q] / (1.0 + _maxabs_q(xc, q))
        fac = 0.8 * (ptol / max(rel, 1e-300)) ** 0.2
        if not np.isfinite(fac):
            fac = growth
        fac = min(max(fac, 0.5), growth)
        if iters[q] > 2:
            fac = min(fac, 1.0)
        if ok:
            h[q] = min(hh[q] * fac, max_step)
        else:
            st[2, q] += 1
            h[q] *= 0.5
        if T[q] >= 1.0:
            st[0, q] = 1
        elif _maxabs_q(X, q) > divn:
            st[0, q] = 3
        elif h[q] < min_step:
            st[0, q] = 2 if 1.0 - T[q] <= egs else 4
        if st[0, q] == 0 and st[1, q] + st[2, q] >= max_steps:
            st[0, q] = 5
    return ev


@njit(cache=True)
def _state_in(active, n, X, T, h, status, steps, rejected, V, vok, P0, P1, B):
    """The active paths' state in blocks of B (paths innermost, parts apart; padding lanes status 9)."""
    na = active.shape[0]
    m = P0.shape[1]
    nb = (na + B - 1) // B
    XS = np.zeros((nb, 2, n, B))
    VS = np.zeros((nb, 2, n, B))
    PS = np.zeros((nb, 4, m, B))
    TF = np.zeros((nb, 3, B))
    ST = np.zeros((nb, 4, B), np.int64)
    for c in range(nb):
        for q in range(B):
            k = c * B + q
            if k >= na:
                ST[c, 0, q] = 9
                TF[c, 0, q] = 1.0
                continue
            i = active[k]
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
    return XS, VS, PS, TF, ST


@njit(cache=True)
def _state_out(active, n, X, T, h, status, steps, rejected, V, vok, B, XS, VS, TF, ST):
    na = active.shape[0]
    for k in range(na):
        c = k // B
        q = k % B
        i = active[k]
        for j in range(n):
            X[i, j] = complex(XS[c, 0, j, q], XS[c, 1, j, q])
            V[i, j] = complex(VS[c, 0, j, q], VS[c, 1, j, q])
        T[i] = TF[c, 0, q]
        h[i] = TF[c, 1, q]
        status[i] = ST[c, 0, q]
        steps[i] = ST[c, 1, q]
        rejected[i] = ST[c, 2, q]
        vok[i] = ST[c, 3, q] != 0


@njit(cache=True)
def _scratch(values, n, B, chunks):
    """Work arrays of ``chunks`` workers (leading axis): registers, evaluation, stages, per-path flags."""
    nr = values.shape[0]
    RR = np.empty((chunks, nr, B))
    RI = np.empty((chunks, nr, B))
    for c in range(chunks):
        for r in range(nr):
            for q in range(B):
                RR[c, r, q] = values[r].real
                RI[c, r, q] = values[r].imag
    DR = np.zeros((chunks, nr, n + 1, B))
    DI = np.zeros((chunks, nr, n + 1, B))
    for c in range(chunks):
        for j in range(n):
            for q in range(B):
                DR[c, j, j, q] = 1.0
    WF = np.empty((chunks, 2, n, B))
    WJ = np.empty((chunks, 2, n, n, B))
    WH = np.empty((chunks, 2, n, B))
    WO = np.empty((chunks, B), np.bool_)
    Wf = np.empty((chunks, 4, B))
    KK = np.empty((chunks, 8, 2, n, B))
    MB = np.empty((chunks, 4, B), np.bool_)
    FB = np.empty((chunks, 4, B))
    IB = np.empty((chunks, B), np.int64)
    return RR, RI, DR, DI, WF, WJ, WH, WO, Wf, KK, MB, FB, IB


@njit(cache=True)
def _chunk_round(c, chunks, tp, SC, XS, VS, PS, TF, ST, opt, evs, stops):
    """One round of the blocks c, c + chunks, ... with worker c's work arrays."""
    RR, RI, DR, DI, WF, WJ, WH, WO, Wf, KK, MB, FB, IB = SC
    S = (RR[c], RI[c], DR[c], DI[c])
    W = (WF[c], WJ[c], WH[c], WO[c], Wf[c])
    K = (KK[c, 0], KK[c, 1], KK[c, 2], KK[c, 3], KK[c, 4], KK[c, 5], KK[c, 6], KK[c, 7])
    B = XS.shape[3]
    for b in range(c, XS.shape[0], chunks):
        before = 0
        for q in range(B):
            if ST[b, 0, q] == 0:
                before += 1
        if before == 0:
            continue
        evs[c] += _round(tp, S, W, K, XS[b], VS[b], PS[b], TF[b], ST[b], opt, MB[c, 0], FB[c, 0], FB[c, 1],
                         FB[c, 2], FB[c, 3], IB[c], MB[c, 1], MB[c, 2], MB[c, 3])
        for q in range(B):
            if ST[b, 0, q] == 0:
                before -= 1
        stops[c] += before


@njit(cache=True)
def advance_batched(active, code, didx, didx2, cre, cim, lo, hi, values, outs, n, X, T, h, status, steps, rejected, V,
                    vok, P0, P1, opt, max_rounds, min_stopped, B):
    """:func:`algnet.homotopy.kernels.advance` (same arguments, the DOT coefficients split into real and
    imaginary parts, and the block size B) on blocks of B paths. Returns (rounds, evaluations)."""
    XS, VS, PS, TF, ST = _state_in(active, n, X, T, h, status, steps, rejected, V, vok, P0, P1, B)
    SC = _scratch(values, n, B, 1)
    tp = (code, didx, didx2, cre, cim, lo, hi, outs)
    evs = np.zeros(1, np.int64)
    stops = np.zeros(1, np.int64)
    rounds = 0
    for r in range(max_rounds):
        rounds += 1
        _chunk_round(0, 1, tp, SC, XS, VS, PS, TF, ST, opt, evs, stops)
        if stops[0] >= min_stopped:
            break
    _state_out(active, n, X, T, h, status, steps, rejected, V, vok, B, XS, VS, TF, ST)
    return rounds, evs[0]


@njit(cache=True, parallel=True)
def advance_batched_parallel(active, code, didx, didx2, cre, cim, lo, hi, values, outs, n, X, T, h, status, steps,
                             rejected, V, vok, P0, P1, opt, max_rounds, min_stopped, B, chunks):
    """:func:`advance_batched` with the blocks of a round split over ``chunks`` threads (block b on
    worker b mod chunks, each with its own work arrays): the same paths whatever the thread count."""
    XS, VS, PS, TF, ST = _state_in(active, n, X, T, h, status, steps, rejected, V, vok, P0, P1, B)
    SC = _scratch(values, n, B, chunks)
    tp = (code, didx, didx2, cre, cim, lo, hi, outs)
    evs = np.zeros(chunks, np.int64)
    stops = np.zeros(chunks, np.int64)
    rounds = 0
    for r in range(max_rounds):
        rounds += 1
        for c in prange(chunks):
            _chunk_round(c, chunks, tp, SC, XS, VS, PS, TF, ST, opt, evs, stops)
        if stops.sum() >= min_stopped:
            break
    _state_out(active, n, X, T, h, status, steps, rejected, V, vok, B, XS, VS, TF, ST)
    return rounds, evs.sum()
