"""The block kernels' tape passes with explicit 8-lane vectors (:mod:`algnet.homotopy.vectors`).

For blocks of a multiple of :data:`~algnet.homotopy.vectors.WIDTH` lanes, :mod:`algnet.homotopy.blocks` runs
these instead of its loops: the same operations per lane in the same order (the loops there use explicit
fused multiply-adds, no contraction), so the same numbers bit for bit; the lane loops run on zmm registers
without the runtime alias checks and remainder loops of the auto-vectorized loops. Measurements: see
:mod:`algnet.homotopy.blocks`. Blocks of 64 lanes (``TrackerOptions(block=64)``) give endpoints that differ from
blocks of 32 by up to 5e-13. Compile time: about +5 s of CPU on the first ``track`` call with an empty cache
(about 100 s in all; the loop versions are still compiled for the other widths).
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.kernel_cache import kernel_njit
from algnet.homotopy.kernels import decode
from algnet.homotopy.vectors import WIDTH, vadd, vfma, vload, vmul, vneg, vsplat, vstore, vsub

__all__: list = []

_V = dict(error_model="numpy", boundscheck=False)


@kernel_njit(**_V, _nrt=False)
def _light_split_v(code, didx, didx2, cre, cim, rr, ri, lr, li, B):
    """:func:`algnet.homotopy.blocks._light_split` for B a multiple of WIDTH."""
    for k in range(code.shape[0]):
        op, a, b, c = decode(code, k)
        if op == 2:
            for q in range(0, B, WIDTH):
                ar = vload(rr, (a, q))
                ai = vload(ri, (a, q))
                br = vload(rr, (b, q))
                bi = vload(ri, (b, q))
                dar = vload(lr, (a, q))
                dai = vload(li, (a, q))
                dbr = vload(lr, (b, q))
                dbi = vload(li, (b, q))
                vstore(lr, (c, q), vfma(vneg(bi), dai, vfma(br, dar, vfma(vneg(ai), dbi, vmul(ar, dbr)))))
                vstore(li, (c, q), vfma(bi, dar, vfma(br, dai, vfma(ai, dbr, vmul(ar, dbi)))))
                vstore(rr, (c, q), vfma(vneg(ai), bi, vmul(ar, br)))
                vstore(ri, (c, q), vfma(ai, br, vmul(ar, bi)))
        elif op == 3:
            for q in range(0, B, WIDTH):
                # the terms accumulated in registers: the same sums, stored once
                sr = vsplat(0.0)
                si = vsplat(0.0)
                er = vsplat(0.0)
                ei = vsplat(0.0)
                for t in range(a, b):
                    r = didx[t]
                    xr = vsplat(cre[t])
                    xi = vsplat(cim[t])
                    nxi = vsplat(-cim[t])
                    r2 = didx2[t]
                    ar = vload(rr, (r, q))
                    ai = vload(ri, (r, q))
                    dar = vload(lr, (r, q))
                    dai = vload(li, (r, q))
                    if r2 < 0:
                        sr, si = vfma(nxi, ai, vfma(xr, ar, sr)), vfma(xi, ar, vfma(xr, ai, si))
                        er, ei = vfma(nxi, dai, vfma(xr, dar, er)), vfma(xi, dar, vfma(xr, dai, ei))
                    else:
                        br = vload(rr, (r2, q))
                        bi = vload(ri, (r2, q))
                        dbr = vload(lr, (r2, q))
                        dbi = vload(li, (r2, q))
                        ur = vfma(xr, ar, vneg(vmul(xi, ai)))
                        ui = vfma(xr, ai, vmul(xi, ar))
                        vr = vfma(xr, br, vneg(vmul(xi, bi)))
                        vi = vfma(xr, bi, vmul(xi, br))
                        nui = vneg(ui)
                        sr, si = vfma(nui, bi, vfma(ur, br, sr)), vfma(ui, br, vfma(ur, bi, si))
                        er, ei = (vfma(vneg(vi), dai, vfma(vr, dar, vfma(nui, dbi, vfma(ur, dbr, er)))),
                                  vfma(vi, dar, vfma(vr, dai, vfma(ui, dbr, vfma(ur, dbi, ei)))))
                vstore(rr, (c, q), sr)
                vstore(ri, (c, q), si)
                vstore(lr, (c, q), er)
                vstore(li, (c, q), ei)
        elif op == 0:
            for q in range(0, B, WIDTH):
                vstore(rr, (c, q), vadd(vload(rr, (a, q)), vload(rr, (b, q))))
                vstore(ri, (c, q), vadd(vload(ri, (a, q)), vload(ri, (b, q))))
                vstore(lr, (c, q), vadd(vload(lr, (a, q)), vload(lr, (b, q))))
                vstore(li, (c, q), vadd(vload(li, (a, q)), vload(li, (b, q))))
        else:
            for q in range(0, B, WIDTH):
                vstore(rr, (c, q), vsub(vload(rr, (a, q)), vload(rr, (b, q))))
                vstore(ri, (c, q), vsub(vload(ri, (a, q)), vload(ri, (b, q))))
                vstore(lr, (c, q), vsub(vload(lr, (a, q)), vload(lr, (b, q))))
                vstore(li, (c, q), vsub(vload(li, (a, q)), vload(li, (b, q))))


@kernel_njit(inline="always", **_V)
def _add_scaled_lanes_v(dr, di, c, s, l0, l1, xr, xi, rr, ri, o, B):
    """:func:`algnet.homotopy.blocks._add_scaled_lanes` for B a multiple of WIDTH (co * value of o per lane
    computed once per WIDTH lanes: the same operations)."""
    vxr = vsplat(xr)
    vxi = vsplat(xi)
    for l in range(l0, l1):
        for q in range(0, B, WIDTH):
            orr = vload(rr, (o, q))
            ori = vload(ri, (o, q))
            ur = vfma(vxr, orr, vneg(vmul(vxi, ori)))
            ui = vfma(vxr, ori, vmul(vxi, orr))
            sr = vload(dr, (s, l, q))
            si = vload(di, (s, l, q))
            cr = vload(dr, (c, l, q))
            ci = vload(di, (c, l, q))
            vstore(dr, (c, l, q), vfma(vneg(ui), si, vfma(ur, sr, cr)))
            vstore(di, (c, l, q), vfma(ui, sr, vfma(ur, si, ci)))


@kernel_njit(**_V, _nrt=False)
def _tape_split_v(code, didx, didx2, cre, cim, lo, hi, rr, ri, dr, di, n, B, dest, F, J, Ht):
    """:func:`algnet.homotopy.blocks._tape_split` for B a multiple of WIDTH; a DOT register c with
    ``dest[c] = i >= 0`` (an output no instruction reads) is written straight into F[:, i], J[:, i] and
    Ht[:, i] by :func:`_dot_out_v` (not into its registers)."""
    for k in range(code.shape[0]):
        op, a, b, c = decode(code, k)
        l0 = lo[c]
        l1 = hi[c]
        if op == 2:
            for l in range(l0, l1):
                for q in range(0, B, WIDTH):
                    ar = vload(rr, (a, q))
                    ai = vload(ri, (a, q))
                    br = vload(rr, (b, q))
                    bi = vload(ri, (b, q))
                    dar = vload(dr, (a, l, q))
                    dai = vload(di, (a, l, q))
                    dbr = vload(dr, (b, l, q))
                    dbi = vload(di, (b, l, q))
                    vstore(dr, (c, l, q), vfma(vneg(bi), dai, vfma(br, dar, vfma(vneg(ai), dbi, vmul(ar, dbr)))))
                    vstore(di, (c, l, q), vfma(bi, dar, vfma(br, dai, vfma(ai, dbr, vmul(ar, dbi)))))
            for q in range(0, B, WIDTH):
                ar = vload(rr, (a, q))
                ai = vload(ri, (a, q))
                br = vload(rr, (b, q))
                bi = vload(ri, (b, q))
                vstore(rr, (c, q), vfma(vneg(ai), bi, vmul(ar, br)))
                vstore(ri, (c, q), vfma(ai, br, vmul(ar, bi)))
        elif op == 3 and dest[c] >= 0:
            _dot_out_v(a, b, didx, didx2, cre, cim, lo, hi, rr, ri, dr, di, n, B, dest[c], F, J, Ht)
        elif op == 3:
            zero = vsplat(0.0)
            for l in range(l0, l1):
                for q in range(0, B, WIDTH):
                    vstore(dr, (c, l, q), zero)
                    vstore(di, (c, l, q), zero)
            for q in range(0, B, WIDTH):
                vstore(rr, (c, q), zero)
                vstore(ri, (c, q), zero)
            for t in range(a, b):
                r = didx[t]
                sxr = cre[t]
                sxi = cim[t]
                xr = vsplat(sxr)
                xi = vsplat(sxi)
                nxi = vsplat(-sxi)
                r2 = didx2[t]
                if r2 >= 0 and r2 < n and r >= n:
                    r, r2 = r2, r                # an unknown first (co a b = co b a)
                if r2 < 0 and r < n:
                    for q in range(0, B, WIDTH):
                        ar = vload(rr, (r, q))
                        ai = vload(ri, (r, q))
                        cr = vload(rr, (c, q))
                        ci = vload(ri, (c, q))
                        vstore(rr, (c, q), vfma(nxi, ai, vfma(xr, ar, cr)))
                        vstore(ri, (c, q), vfma(xi, ar, vfma(xr, ai, ci)))
                        vstore(dr, (c, r, q), vadd(vload(dr, (c, r, q)), xr))
                        vstore(di, (c, r, q), vadd(vload(di, (c, r, q)), xi))
                elif r2 < 0:
                    for q in range(0, B, WIDTH):
                        ar = vload(rr, (r, q))
                        ai = vload(ri, (r, q))
                        cr = vload(rr, (c, q))
                        ci = vload(ri, (c, q))
                        vstore(rr, (c, q), vfma(nxi, ai, vfma(xr, ar, cr)))
                        vstore(ri, (c, q), vfma(xi, ar, vfma(xr, ai, ci)))
                    for l in range(lo[r], hi[r]):
                        for q in range(0, B, WIDTH):
                            sr = vload(dr, (r, l, q))
                            si = vload(di, (r, l, q))
                            cr = vload(dr, (c, l, q))
                            ci = vload(di, (c, l, q))
                            vstore(dr, (c, l, q), vfma(nxi, si, vfma(xr, sr, cr)))
                            vstore(di, (c, l, q), vfma(xi, sr, vfma(xr, si, ci)))
                elif r < n and r2 < n and r != r2:
                    for q in range(0, B, WIDTH):
                        ar = vload(rr, (r, q))
                        ai = vload(ri, (r, q))
                        br = vload(rr, (r2, q))
                        bi = vload(ri, (r2, q))
                        ur = vfma(xr, ar, vneg(vmul(xi, ai)))
                        ui = vfma(xr, ai, vmul(xi, ar))
                        vr = vfma(xr, br, vneg(vmul(xi, bi)))
                        vi = vfma(xr, bi, vmul(xi, br))
                        er = vload(dr, (c, r, q))
                        ei = vload(di, (c, r, q))
                        gr = vload(dr, (c, r2, q))
                        gi = vload(di, (c, r2, q))
                        cr = vload(rr, (c, q))
                        ci = vload(ri, (c, q))
                        vstore(dr, (c, r, q), vadd(er, vr))
                        vstore(di, (c, r, q), vadd(ei, vi))
                        vstore(dr, (c, r2, q), vadd(gr, ur))
                        vstore(di, (c, r2, q), vadd(gi, ui))
                        vstore(rr, (c, q), vfma(vneg(ui), bi, vfma(ur, br, cr)))
                        vstore(ri, (c, q), vfma(ui, br, vfma(ur, bi, ci)))
                elif r < n and r2 >= n:
                    for q in range(0, B, WIDTH):
                        br = vload(rr, (r2, q))
                        bi = vload(ri, (r2, q))
                        ar = vload(rr, (r, q))
                        ai = vload(ri, (r, q))
                        er = vload(dr, (c, r, q))
                        ei = vload(di, (c, r, q))
                        cr = vload(rr, (c, q))
                        ci = vload(ri, (c, q))
                        vr = vfma(xr, br, vneg(vmul(xi, bi)))
                        vi = vfma(xr, bi, vmul(xi, br))
                        vstore(dr, (c, r, q), vadd(er, vr))
                        vstore(di, (c, r, q), vadd(ei, vi))
                        vstore(rr, (c, q), vfma(vneg(vi), ai, vfma(vr, ar, cr)))
                        vstore(ri, (c, q), vfma(vi, ar, vfma(vr, ai, ci)))
                    _add_scaled_lanes_v(dr, di, c, r2, lo[r2], hi[r2], sxr, sxi, rr, ri, r, B)
                else:
                    _add_scaled_lanes_v(dr, di, c, r, lo[r], hi[r], sxr, sxi, rr, ri, r2, B)
                    _add_scaled_lanes_v(dr, di, c, r2, lo[r2], hi[r2], sxr, sxi, rr, ri, r, B)
                    for q in range(0, B, WIDTH):
                        ar = vload(rr, (r, q))
                        ai = vload(ri, (r, q))
                        br = vload(rr, (r2, q))
                        bi = vload(ri, (r2, q))
                        cr = vload(rr, (c, q))
                        ci = vload(ri, (c, q))
                        ur = vfma(xr, ar, vneg(vmul(xi, ai)))
                        ui = vfma(xr, ai, vmul(xi, ar))
                        vstore(rr, (c, q), vfma(vneg(ui), bi, vfma(ur, br, cr)))
                        vstore(ri, (c, q), vfma(ui, br, vfma(ur, bi, ci)))
        elif op == 0:
            for l in range(l0, l1):
                for q in range(0, B, WIDTH):
                    vstore(dr, (c, l, q), vadd(vload(dr, (a, l, q)), vload(dr, (b, l, q))))
                    vstore(di, (c, l, q), vadd(vload(di, (a, l, q)), vload(di, (b, l, q))))
            for q in range(0, B, WIDTH):
                vstore(rr, (c, q), vadd(vload(rr, (a, q)), vload(rr, (b, q))))
                vstore(ri, (c, q), vadd(vload(ri, (a, q)), vload(ri, (b, q))))
        else:
            for l in range(l0, l1):
                for q in range(0, B, WIDTH):
                    vstore(dr, (c, l, q), vsub(vload(dr, (a, l, q)), vload(dr, (b, l, q))))
                    vstore(di, (c, l, q), vsub(vload(di, (a, l, q)), vload(di, (b, l, q))))
            for q in range(0, B, WIDTH):
                vstore(rr, (c, q), vsub(vload(rr, (a, q)), vload(rr, (b, q))))
                vstore(ri, (c, q), vsub(vload(ri, (a, q)), vload(ri, (b, q))))

@kernel_njit(inline="always", **_V)
def _out_add_scaled_v(J, Ht, i, dr, di, s, l0, l1, xr, xi, rr, ri, o, n, B):
    """:func:`_add_scaled_lanes_v` into output i: lanes below n in J[:, i], lane n in Ht[:, i]."""
    vxr = vsplat(xr)
    vxi = vsplat(xi)
    for l in range(l0, l1):
        for q in range(0, B, WIDTH):
            orr = vload(rr, (o, q))
            ori = vload(ri, (o, q))
            ur = vfma(vxr, orr, vneg(vmul(vxi, ori)))
            ui = vfma(vxr, ori, vmul(vxi, orr))
            sr = vload(dr, (s, l, q))
            si = vload(di, (s, l, q))
            if l < n:
                cr = vload(J, (0, i, l, q))
                ci = vload(J, (1, i, l, q))
                vstore(J, (0, i, l, q), vfma(vneg(ui), si, vfma(ur, sr, cr)))
                vstore(J, (1, i, l, q), vfma(ui, sr, vfma(ur, si, ci)))
            else:
                cr = vload(Ht, (0, i, q))
                ci = vload(Ht, (1, i, q))
                vstore(Ht, (0, i, q), vfma(vneg(ui), si, vfma(ur, sr, cr)))
                vstore(Ht, (1, i, q), vfma(ui, sr, vfma(ur, si, ci)))


@kernel_njit(**_V, _nrt=False)
def _dot_out_v(a, b, didx, didx2, cre, cim, lo, hi, rr, ri, dr, di, n, B, i, F, J, Ht):
    """The DOT of terms a..b of :func:`_tape_split_v` written straight into output i: its value into
    F[:, i], its lanes below n into J[:, i], its lane n (the parameter direction) into Ht[:, i], every lane
    zeroed first; the same operations in the same order as the DOT into its register and a copy (bit for
    bit)."""
    zero = vsplat(0.0)
    for l in range(n):
        for q in range(0, B, WIDTH):
            vstore(J, (0, i, l, q), zero)
            vstore(J, (1, i, l, q), zero)
    for q in range(0, B, WIDTH):
        vstore(Ht, (0, i, q), zero)
        vstore(Ht, (1, i, q), zero)
        vstore(F, (0, i, q), zero)
        vstore(F, (1, i, q), zero)
    for t in range(a, b):
        r = didx[t]
        sxr = cre[t]
        sxi = cim[t]
        xr = vsplat(sxr)
        xi = vsplat(sxi)
        nxi = vsplat(-sxi)
        r2 = didx2[t]
        if r2 >= 0 and r2 < n and r >= n:
            r, r2 = r2, r                # an unknown first (co a b = co b a)
        if r2 < 0 and r < n:
            for q in range(0, B, WIDTH):
                ar = vload(rr, (r, q))
                ai = vload(ri, (r, q))
                cr = vload(F, (0, i, q))
                ci = vload(F, (1, i, q))
                vstore(F, (0, i, q), vfma(nxi, ai, vfma(xr, ar, cr)))
                vstore(F, (1, i, q), vfma(xi, ar, vfma(xr, ai, ci)))
                vstore(J, (0, i, r, q), vadd(vload(J, (0, i, r, q)), xr))
                vstore(J, (1, i, r, q), vadd(vload(J, (1, i, r, q)), xi))
        elif r2 < 0:
            for q in range(0, B, WIDTH):
                ar = vload(rr, (r, q))
                ai = vload(ri, (r, q))
                cr = vload(F, (0, i, q))
                ci = vload(F, (1, i, q))
                vstore(F, (0, i, q), vfma(nxi, ai, vfma(xr, ar, cr)))
                vstore(F, (1, i, q), vfma(xi, ar, vfma(xr, ai, ci)))
            for l in range(lo[r], hi[r]):
                for q in range(0, B, WIDTH):
                    sr = vload(dr, (r, l, q))
                    si = vload(di, (r, l, q))
                    if l < n:
                        cr = vload(J, (0, i, l, q))
                        ci = vload(J, (1, i, l, q))
                        vstore(J, (0, i, l, q), vfma(nxi, si, vfma(xr, sr, cr)))
                        vstore(J, (1, i, l, q), vfma(xi, sr, vfma(xr, si, ci)))
                    else:
                        cr = vload(Ht, (0, i, q))
                        ci = vload(Ht, (1, i, q))
                        vstore(Ht, (0, i, q), vfma(nxi, si, vfma(xr, sr, cr)))
                        vstore(Ht, (1, i, q), vfma(xi, sr, vfma(xr, si, ci)))
        elif r < n and r2 < n and r != r2:
            for q in range(0, B, WIDTH):
                ar = vload(rr, (r, q))
                ai = vload(ri, (r, q))
                br = vload(rr, (r2, q))
                bi = vload(ri, (r2, q))
                ur = vfma(xr, ar, vneg(vmul(xi, ai)))
                ui = vfma(xr, ai, vmul(xi, ar))
                vr = vfma(xr, br, vneg(vmul(xi, bi)))
                vi = vfma(xr, bi, vmul(xi, br))
                er = vload(J, (0, i, r, q))
                ei = vload(J, (1, i, r, q))
                gr = vload(J, (0, i, r2, q))
                gi = vload(J, (1, i, r2, q))
                cr = vload(F, (0, i, q))
                ci = vload(F, (1, i, q))
                vstore(J, (0, i, r, q), vadd(er, vr))
                vstore(J, (1, i, r, q), vadd(ei, vi))
                vstore(J, (0, i, r2, q), vadd(gr, ur))
                vstore(J, (1, i, r2, q), vadd(gi, ui))
                vstore(F, (0, i, q), vfma(vneg(ui), bi, vfma(ur, br, cr)))
                vstore(F, (1, i, q), vfma(ui, br, vfma(ur, bi, ci)))
        elif r < n and r2 >= n:
            for q in range(0, B, WIDTH):
                br = vload(rr, (r2, q))
                bi = vload(ri, (r2, q))
                ar = vload(rr, (r, q))
                ai = vload(ri, (r, q))
                er = vload(J, (0, i, r, q))
                ei = vload(J, (1, i, r, q))
                cr = vload(F, (0, i, q))
                ci = vload(F, (1, i, q))
                vr = vfma(xr, br, vneg(vmul(xi, bi)))
                vi = vfma(xr, bi, vmul(xi, br))
                vstore(J, (0, i, r, q), vadd(er, vr))
                vstore(J, (1, i, r, q), vadd(ei, vi))
                vstore(F, (0, i, q), vfma(vneg(vi), ai, vfma(vr, ar, cr)))
                vstore(F, (1, i, q), vfma(vi, ar, vfma(vr, ai, ci)))
            _out_add_scaled_v(J, Ht, i, dr, di, r2, lo[r2], hi[r2], sxr, sxi, rr, ri, r, n, B)
        else:
            _out_add_scaled_v(J, Ht, i, dr, di, r, lo[r], hi[r], sxr, sxi, rr, ri, r2, n, B)
            _out_add_scaled_v(J, Ht, i, dr, di, r2, lo[r2], hi[r2], sxr, sxi, rr, ri, r, n, B)
            for q in range(0, B, WIDTH):
                ar = vload(rr, (r, q))
                ai = vload(ri, (r, q))
                br = vload(rr, (r2, q))
                bi = vload(ri, (r2, q))
                cr = vload(F, (0, i, q))
                ci = vload(F, (1, i, q))
                ur = vfma(xr, ar, vneg(vmul(xi, ai)))
                ui = vfma(xr, ai, vmul(xi, ar))
                vstore(F, (0, i, q), vfma(vneg(ui), bi, vfma(ur, br, cr)))
                vstore(F, (1, i, q), vfma(ui, br, vfma(ur, bi, ci)))


@kernel_njit(**_V, _nrt=False)
def _copy_outputs_v(rr, ri, dr, di, outs, n, F, J, Ht, B, dest):
    """F, J, Ht from the output registers' values and lanes (lanes 0..n-1: J, lane n: Ht), WIDTH lanes a
    load and a store (a copy: the same numbers), for the outputs the tape did not write directly
    (``dest[outs[i]] != i``)."""
    for i in range(outs.shape[0]):
        o = outs[i]
        if dest[o] == i:
            continue
        for q in range(0, B, WIDTH):
            vstore(F, (0, i, q), vload(rr, (o, q)))
            vstore(F, (1, i, q), vload(ri, (o, q)))
            vstore(Ht, (0, i, q), vload(dr, (o, n, q)))
            vstore(Ht, (1, i, q), vload(di, (o, n, q)))
        for j in range(n):
            for q in range(0, B, WIDTH):
                vstore(J, (0, i, j, q), vload(dr, (o, j, q)))
                vstore(J, (1, i, j, q), vload(di, (o, j, q)))


@kernel_njit
def _direct_outputs(code, didx, didx2, outs, nr):
    """dest[c] = i where register c = outs[i] is a DOT's result that no instruction reads and no other output
    repeats (the tape can write it straight into F, J, H_t), else -1.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(2, 0)
    >>> x, y = b.x
    >>> t = b.finish([x * x + 2 * (x * y) + 3 * y, x * y - y])
    >>> d = _direct_outputs(t.code, t.dot_idx, t.dot_idx2, t.outputs, len(t.values))
    >>> [int(d[o]) for o in t.outputs]
    [0, 1]
    """
    dest = np.full(nr, -1, np.int64)
    read = np.zeros(nr, np.bool_)
    dot = np.zeros(nr, np.bool_)
    for k in range(code.shape[0]):
        op, a, b, c = decode(code, k)
        if op == 3:
            dot[c] = True
            for t in range(a, b):
                read[didx[t]] = True
                if didx2[t] >= 0:
                    read[didx2[t]] = True
        else:
            read[a] = True
            read[b] = True
    seen = np.zeros(nr, np.int64)
    for i in range(outs.shape[0]):
        seen[outs[i]] += 1
    for i in range(outs.shape[0]):
        o = outs[i]
        if dot[o] and not read[o] and seen[o] == 1:
            dest[o] = i
    return dest
