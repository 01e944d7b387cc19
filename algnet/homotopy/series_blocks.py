"""Truncated power series through the tape, for blocks of paths: the Taylor coefficients of H along a path.

For a path x(s) = x0 + x1 s + x2 s^2 + ... through (x0, t) and the
parameters of a parameter homotopy, p(t + s) = (1 - t - s) p0 + (t + s) p1
(affine in s), the tape is evaluated in truncated univariate power-series
arithmetic: every register holds its coefficients of s^0 .. s^K, a product
is the Cauchy product c_k = sum_i a_i b_(k-i), sums and DOT terms act
coefficient by coefficient (no Jacobian lanes). The k-th coefficient of
H(x0 + ... + x_(k-1) s^(k-1), t + s) gives the k-th Taylor coefficient of
the path by one back-solve, x_k = -H_x^{-1} [that coefficient] (the s^k
term of H_x x_k s^k is the only other contribution at order k, and H = 0
along the path): the predictor of Timme, "Mixed precision path tracking
for polynomial homotopy continuation", Adv. Comput. Math. 47 (2021), 75,
section 3, whose tracker takes x1, x2, x3 this way from one Jacobian per
step (:func:`algnet.homotopy.series_step.taylor_coefficients`).

A sweep computes the coefficients k0..k1 of every register given the
coefficients below k0 of all registers: the coefficient k of a product
costs k + 1 complex products, of a linear DOT term one. The arrays have
the paths innermost, real and imaginary parts apart, as in
:mod:`algnet.homotopy.blocks`: ``sr[r, k, q]``, ``si[r, k, q]``. CPU per path
and sweep (blocks of 32, load 2.3-3.5, 2026-12-03): linear 6-2-4 0.55 us for
the values alone (the light pass, values and a tangent lane, 0.72), 1.85 for
coefficients 0-2, 1.52 for 3-4; conv k=2,2,2 0.26, 0.87, 0.85; dense 3-2-3
0.32, 1.06, 1.09. Summing a DOT's product terms coefficient-major (the paths
innermost in the Cauchy product): 0.74-1.13x, within the noise; not adopted.

Examples
--------
F(x; p) = x^2 - p along x(s) = 1 + 2 s, p from 1 to 3 at t = 0 (p(s) = 1 + 2 s):
(1 + 2 s)^2 - (1 + 2 s) = 0 + 2 s + 4 s^2.

>>> import numpy as np
>>> from algnet.homotopy.tape import TapeBuilder
>>> b = TapeBuilder(1, 1)
>>> tape = b.finish([b.x[0] * b.x[0] - b.p[0]])
>>> X = np.array([[[1.0]], [[2.0]], [[0.0]]])           # coefficients (K + 1, paths, n)
>>> series_values(tape, X, np.array([1.0]), np.array([3.0]), 0.0)[:, 0, 0].real.tolist()
[0.0, 2.0, 4.0]
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.kernel_cache import kernel_njit
from algnet.homotopy.kernels import decode

__all__ = ["series_values", "SERIES_SLOTS"]

#: coefficients s^0 .. s^(SERIES_SLOTS - 1) held per register (Taylor predictors up to order 5)
SERIES_SLOTS = 6


@kernel_njit
def _series_split(code, didx, didx2, cre, cim, sr, si, k0, k1, B):
    """Coefficients k0..k1 of every instruction's register, in tape order (inputs and constants loaded)."""
    for ins in range(code.shape[0]):
        op, a, b, c = decode(code, ins)
        if op == 2:
            for k in range(k0, k1 + 1):
                for q in range(B):
                    sr[c, k, q] = 0.0
                    si[c, k, q] = 0.0
                for i in range(k + 1):
                    for q in range(B):
                        ar = sr[a, i, q]
                        ai = si[a, i, q]
                        br = sr[b, k - i, q]
                        bi = si[b, k - i, q]
                        sr[c, k, q] += ar * br - ai * bi
                        si[c, k, q] += ar * bi + ai * br
        elif op == 3:
            for k in range(k0, k1 + 1):
                for q in range(B):
                    sr[c, k, q] = 0.0
                    si[c, k, q] = 0.0
            for t in range(a, b):
                r = didx[t]
                xr = cre[t]
                xi = cim[t]
                r2 = didx2[t]
                if r2 < 0:
                    for k in range(k0, k1 + 1):
                        for q in range(B):
                            sr[c, k, q] += xr * sr[r, k, q] - xi * si[r, k, q]
                            si[c, k, q] += xr * si[r, k, q] + xi * sr[r, k, q]
                else:
                    for k in range(k0, k1 + 1):
                        for q in range(B):
                            ur = 0.0
                            ui = 0.0
                            for i in range(k + 1):
                                ar = sr[r, i, q]
                                ai = si[r, i, q]
                                br = sr[r2, k - i, q]
                                bi = si[r2, k - i, q]
                                ur += ar * br - ai * bi
                                ui += ar * bi + ai * br
                            sr[c, k, q] += xr * ur - xi * ui
                            si[c, k, q] += xr * ui + xi * ur
        elif op == 0:
            for k in range(k0, k1 + 1):
                for q in range(B):
                    sr[c, k, q] = sr[a, k, q] + sr[b, k, q]
                    si[c, k, q] = si[a, k, q] + si[b, k, q]
        else:
            for k in range(k0, k1 + 1):
                for q in range(B):
                    sr[c, k, q] = sr[a, k, q] - sr[b, k, q]
                    si[c, k, q] = si[a, k, q] - si[b, k, q]


@kernel_njit
def _series_scratch(values, B, slots):
    """Registers' coefficients for a block: the constants at s^0, zero elsewhere."""
    nr = values.shape[0]
    sr = np.zeros((nr, slots, B))
    si = np.zeros((nr, slots, B))
    for r in range(nr):
        for q in range(B):
            sr[r, 0, q] = values[r].real
            si[r, 0, q] = values[r].imag
    return sr, si


@kernel_njit
def _load_params(sr, si, n, tq, PP):
    """The parameters' coefficients at times tq: p(t) at s^0, p1 - p0 at s^1 (s^2 and above stay 0)."""
    for i in range(PP.shape[1]):
        for q in range(tq.shape[0]):
            s = tq[q]
            sr[n + i, 0, q] = (1.0 - s) * PP[0, i, q] + s * PP[2, i, q]
            si[n + i, 0, q] = (1.0 - s) * PP[1, i, q] + s * PP[3, i, q]
            sr[n + i, 1, q] = PP[2, i, q] - PP[0, i, q]
            si[n + i, 1, q] = PP[3, i, q] - PP[1, i, q]


@kernel_njit
def _load_unknowns(sr, si, k, xk):
    """Coefficient k of the unknowns from xk (2, n, B)."""
    for j in range(xk.shape[1]):
        for q in range(xk.shape[2]):
            sr[j, k, q] = xk[0, j, q]
            si[j, k, q] = xk[1, j, q]


@kernel_njit
def _load_zero(sr, si, k, n, B):
    for j in range(n):
        for q in range(B):
            sr[j, k, q] = 0.0
            si[j, k, q] = 0.0


@kernel_njit
def _outputs(sr, si, outs, k, out):
    """Coefficient k of the outputs into out (2, n_out, B)."""
    for i in range(outs.shape[0]):
        o = outs[i]
        for q in range(out.shape[2]):
            out[0, i, q] = sr[o, k, q]
            out[1, i, q] = si[o, k, q]


@kernel_njit
def _series_block(code, didx, didx2, cre, cim, values, outs, X, tq, PP, out):
    """All coefficients of the outputs of one block: X (K + 1, 2, n, B) -> out (K + 1, 2, n_out, B)."""
    K = X.shape[0] - 1
    n = X.shape[2]
    B = X.shape[3]
    sr, si = _series_scratch(values, B, max(K + 1, 2))
    for k in range(K + 1):
        _load_unknowns(sr, si, k, X[k])
    _load_params(sr, si, n, tq, PP)
    _series_split(code, didx, didx2, cre, cim, sr, si, 0, K, B)
    for k in range(K + 1):
        _outputs(sr, si, outs, k, out[k])


def series_values(tape, X, p0, p1, t):
    """Coefficients of s^0 .. s^K of F(x(s); (1 - t - s) p0 + (t + s) p1) for the paths
    x(s) = sum_k X[k] s^k: X (K + 1, N, n) complex, p0, p1 (m,) or (N, m), t a number or (N,);
    returns (K + 1, N, k) (the system's outputs, :meth:`~algnet.homotopy.tape.Tape.restore` applied).

    Examples
    --------
    F = x y - p along x = 1 + s, y = 2 - s, p constant 2: (1 + s)(2 - s) - 2 = s - s^2.

    >>> import numpy as np
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(2, 1)
    >>> x, y = b.x
    >>> tape = b.finish([x * y - b.p[0], x - 1])
    >>> X = np.array([[[1.0, 2.0]], [[1.0, -1.0]], [[0.0, 0.0]]])
    >>> series_values(tape, X, np.array([2.0]), np.array([2.0]), 0.5)[:, 0, 0].real.tolist()
    [0.0, 1.0, -1.0]
    """
    X = np.asarray(X, dtype=np.complex128)
    Kp, N, n = X.shape
    m = tape.n_params
    p0 = np.broadcast_to(np.asarray(p0, dtype=np.complex128), (N, m))
    p1 = np.broadcast_to(np.asarray(p1, dtype=np.complex128), (N, m))
    tq = np.ascontiguousarray(np.broadcast_to(np.asarray(t, dtype=np.float64), (N,)))
    Xs = np.ascontiguousarray(np.stack([X.real, X.imag], axis=1).transpose(0, 1, 3, 2))    # (K+1, 2, n, N)
    PP = np.ascontiguousarray(np.stack([p0.real, p0.imag, p1.real, p1.imag]).transpose(0, 2, 1))
    k_out = len(tape.outputs)
    out = np.empty((Kp, 2, k_out, N))
    _series_block(tape.code, tape.dot_idx, tape.dot_idx2, np.ascontiguousarray(tape.dot_coef.real),
                  np.ascontiguousarray(tape.dot_coef.imag), tape.values, tape.outputs, Xs, tq, PP, out)
    F = (out[:, 0] + 1j * out[:, 1]).transpose(0, 2, 1)             # (K+1, N, k)
    return tape.restore(F)[0]
