"""The block kernels' tape passes with explicit 8-lane vectors (:mod:`algnet.homotopy.vectors`).

For blocks of a multiple of :data:`~algnet.homotopy.vectors.WIDTH` lanes, :mod:`algnet.homotopy.blocks` runs
these instead of its loops: the same operations per lane in the same order (the loops there use explicit
fused multiply-adds, no contraction), so the same numbers bit for bit; the lane loops run on zmm registers
without the runtime alias checks and remainder loops of the auto-vectorized loops.
"""

from __future__ import annotations

from algnet.homotopy.kernel_cache import kernel_njit
from algnet.homotopy.kernels import decode
from algnet.homotopy.vectors import WIDTH, vadd, vfma, vload, vmul, vneg, vsplat, vstore, vsub

__all__: list = []

_V = dict(error_model="numpy", boundscheck=False)


@kernel_njit(**_V)
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
