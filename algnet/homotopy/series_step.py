"""The Taylor and Padé predictors of the path-batched kernel: x_k by back-solves with one factorization.

``TrackerOptions.predictor = "taylor"`` or ``"pade"`` (order K =
``TrackerOptions.predictor_order``) replaces RK4 in the batched kernel
(:mod:`algnet.homotopy.batched`): at an accepted point (x0, t) the path's
Taylor coefficients are x1 = the velocity (kept from the corrector, refined
by its simplified iterations as for RK4) and, for k = 2..K,
x_k = -A^{-1} [s^k-coefficient of H(x0 + ... + x_(k-1) s^(k-1), t + s)]
(:mod:`algnet.homotopy.series_blocks`: values-only sweeps of the tape in
power-series arithmetic, no Jacobian lanes). A is the factorization of the
corrector's last full iteration of the step that reached x0 (H_x at a point
within the corrector's first update of x0, so the coefficients carry a
relative error of about that update, ~ the predictor tolerance, a
contribution to the prediction far below its truncation error); a path
with no such factorization (the first step of a kernel call, or
``reuse_velocity=False``) gets H_x at (x0, t) by one full evaluation, as in
Timme, "Mixed precision path tracking for polynomial homotopy continuation",
Adv. Comput. Math. 47 (2021), 75, section 3. The prediction at t + h is the
Taylor polynomial sum_k x_k h^k or, coordinate by coordinate, the Padé
approximant of type (K - 1, 1) (the last term x_(K-1) h^(K-1) / (1 - l h),
l = x_K / x_(K-1); Taylor where |l h| >= 1/2 or l is not finite): local
error O(h^(K+1)) either way, so the step control takes the exponent
1 / (K + 1) (RK4: 1/5). A rejected step keeps the coefficients (the point
is unchanged), so a retry costs only the corrector. The corrector, its
guards against path jumping and the statuses are those of RK4.

Per accepted step: one full evaluation (the corrector's first iteration),
its simplified iterations (light), and K - 1 series sweeps (coefficients
0..2, then k - 1 and k for k = 3..K), against RK4's three full and two
light evaluations. Measured in ``bench/bench_tracker.py`` (taylor section).
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.kernel_cache import kernel_njit
from algnet.homotopy.blocks import _lu_apply
from algnet.homotopy.series_blocks import (SERIES_SLOTS, _load_params, _load_unknowns, _load_zero, _outputs,
                                           _series_split)

__all__ = ["taylor_state", "keep_factorization", "taylor_coefficients", "taylor_predict"]


@kernel_njit
def taylor_state(nb, n, B):
    """Per block of a kernel call: the kept factorizations JK (nb, 2, n, n, B) with pivots PK (nb, n, B),
    flags FL (nb, 3, B) (factorization kept, coefficients valid at x, factorization non-singular) and the
    coefficients TC (nb, SERIES_SLOTS, 2, n, B) (x_k in TC[k], k >= 2).

    Examples
    --------
    >>> JK, PK, FL, TC = taylor_state(2, 3, 4)
    >>> JK.shape, PK.shape, FL.shape, bool(FL.any())
    ((2, 2, 3, 3, 4), (2, 3, 4), (2, 3, 4), False)
    """
    JK = np.zeros((nb, 2, n, n, B))
    PK = np.zeros((nb, n, B), np.int64)
    FL = np.zeros((nb, 3, B), np.bool_)
    TC = np.zeros((nb, SERIES_SLOTS, 2, n, B))
    return JK, PK, FL, TC


@kernel_njit
def keep_factorization(Jm, pv, okq, live, JK, PK, FL):
    """Copy the factorizations (Jm, pv, okq) of the live paths into the kept ones (JK, PK, FL[2])."""
    n = Jm.shape[1]
    for q in range(live.shape[0]):
        if not live[q]:
            continue
        for h in range(2):
            for i in range(n):
                for j in range(n):
                    JK[h, i, j, q] = Jm[h, i, j, q]
        for i in range(n):
            PK[i, q] = pv[i, q]
        FL[2, q] = okq[q]


@kernel_njit
def taylor_coefficients(tp, sr, si, X, V, T, PP, mask, JK, PK, okw, TC, K, rhs):
    """x_2 .. x_K of the paths in mask into TC[2..K] (NaN where the kept factorization is singular), by
    K - 1 series sweeps and back-solves with (JK, PK); okw[q] must say where it is usable. Returns the
    sweeps times the paths in mask.

    Examples
    --------
    x^2 = p from p = 1 to 4 at x = 1, t = 0: x(s) = sqrt(1 + 3 s) = 1 + 3/2 s - 9/8 s^2 + 27/16 s^3 + ...
    (the Jacobian 2 x = 2, factorized by hand: a 1 x 1 LU is itself).

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.tape import record
    >>> from algnet.homotopy.series_blocks import _series_scratch
    >>> t = record(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])))
    >>> tp = (t.code, t.dot_idx, t.dot_idx2, t.dot_coef.real.copy(), t.dot_coef.imag.copy(), t.lo, t.hi,
    ...       t.outputs)
    >>> sr, si = _series_scratch(t.values, 1, 6)
    >>> X, V = np.array([[[1.0]], [[0.0]]]), np.array([[[1.5]], [[0.0]]])
    >>> PP = np.array([[[1.0]], [[0.0]], [[4.0]], [[0.0]]])
    >>> JK, PK = np.array([[[[2.0]]], [[[0.0]]]]), np.zeros((1, 1), np.int64)
    >>> TC = np.zeros((6, 2, 1, 1))
    >>> taylor_coefficients(tp, sr, si, X, V, np.zeros(1), PP, np.ones(1, np.bool_), JK, PK, np.ones(1, np.bool_),
    ...                     TC, 3, np.zeros((2, 1, 1)))
    2
    >>> TC[2:4, 0, 0, 0].tolist()
    [-1.125, 1.6875]
    """
    code, didx, didx2, cre, cim, lo, hi, outs = tp
    n = X.shape[1]
    B = X.shape[2]
    cnt = 0
    for q in range(B):
        if mask[q]:
            cnt += 1
        okw[q] = okw[q] and mask[q]
    if cnt == 0:
        return 0
    _load_unknowns(sr, si, 0, X)
    _load_unknowns(sr, si, 1, V)
    _load_zero(sr, si, 2, n, B)
    _load_params(sr, si, n, T, PP)
    _series_split(code, didx, didx2, cre, cim, sr, si, 0, 2, B)
    for k in range(2, K + 1):
        if k > 2:
            _load_unknowns(sr, si, k - 1, TC[k - 1])
            _load_zero(sr, si, k, n, B)
            _series_split(code, didx, didx2, cre, cim, sr, si, k - 1, k, B)
        _outputs(sr, si, outs, k, rhs)
        for q in range(B):
            for j in range(n):
                rhs[0, j, q] = -rhs[0, j, q]
                rhs[1, j, q] = -rhs[1, j, q]
        _lu_apply(JK, PK, rhs, okw)
        for q in range(B):
            if mask[q]:
                for j in range(n):
                    for h in range(2):
                        TC[k, h, j, q] = rhs[h, j, q] if okw[q] else np.nan
    return cnt * (K - 1)


@kernel_njit
def taylor_predict(X, V, TC, K, hh, mask, pade, xs):
    """xs = the Taylor polynomial (or, ``pade``, the Padé approximant of type (K - 1, 1) coordinate by
    coordinate) of the paths in mask at s = hh[q] (see the module doc).

    Examples
    --------
    x(s) = 1 / (1 - s) = 1 + s + s^2 + s^3 + ...: Padé (2, 1) from x0..x3 is exact, Taylor is not.

    >>> import numpy as np
    >>> X, V = np.array([[[1.0]], [[0.0]]]), np.array([[[1.0]], [[0.0]]])
    >>> TC = np.zeros((6, 2, 1, 1)); TC[2:4, 0] = 1.0
    >>> xs, m = np.zeros((2, 1, 1)), np.ones(1, np.bool_)
    >>> taylor_predict(X, V, TC, 3, np.array([0.25]), m, True, xs); round(float(xs[0, 0, 0]), 12)
    1.333333333333
    >>> taylor_predict(X, V, TC, 3, np.array([0.25]), m, False, xs); round(float(xs[0, 0, 0]), 12)
    1.328125
    """
    n = X.shape[1]
    for q in range(mask.shape[0]):
        if not mask[q]:
            continue
        h = hh[q]
        for j in range(n):
            acc = complex(TC[K, 0, j, q], TC[K, 1, j, q])
            start = K - 1                          # x_K in acc; x_start .. x_2 by Horner, then x_1
            if pade:
                c1 = complex(TC[K - 1, 0, j, q], TC[K - 1, 1, j, q]) if K > 2 else complex(V[0, j, q], V[1, j, q])
                if c1 != 0:
                    z = acc / c1 * h
                    if np.isfinite(z.real) and np.isfinite(z.imag) and abs(z) < 0.5:
                        acc = c1 / (1.0 - z)       # x_(K-1) / (1 - l h): the last two terms
                        start = K - 2
            for k in range(start, 1, -1):
                acc = acc * h + complex(TC[k, 0, j, q], TC[k, 1, j, q])
            if start >= 1:
                acc = acc * h + complex(V[0, j, q], V[1, j, q])
            acc = acc * h
            xs[0, j, q] = X[0, j, q] + acc.real
            xs[1, j, q] = X[1, j, q] + acc.imag
