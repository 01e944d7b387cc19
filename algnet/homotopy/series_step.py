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
light evaluations. Measured (``bench/bench_tracker.py``, series predictor
section; 2026-12-03, load 5.3-5.5, 256 paths per system): 40-60% fewer full
evaluations a path, but 1.0-1.8x the steps and a sweep costs about a tape pass
with its Jacobian lanes, so 0.62-0.82x the paths per CPU second of RK4 on all
eight systems (0.58-0.95x after main's faster block LU); RK4 stays the default. The same statuses and endpoints within
1.5e-10 of RK4 except one path of linear 6-2-4 that fails here as it fails
with a tight tracking.
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.kernel_cache import kernel_njit
from algnet.homotopy.blocks import _lu_apply
from algnet.homotopy.series_blocks import (SERIES_SLOTS, _load_params, _load_unknowns, _load_zero, _outputs,
                                           _series_split)

__all__ = ["taylor_state", "keep_factorization", "taylor_coefficients", "taylor_predict", "convergence_radius", "TRUST"]


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
    """Copy the factorizations (Jm, pv, okq) of the live paths into the kept ones (JK, PK, FL[2]).

    Examples
    --------
    >>> import numpy as np
    >>> JK, PK, FL, TC = taylor_state(1, 2, 2)
    >>> Jm, pv = np.ones((2, 2, 2, 2)), np.ones((2, 2), np.int64)
    >>> keep_factorization(Jm, pv, np.ones(2, np.bool_), np.array([True, False]), JK[0], PK[0], FL[0])
    >>> float(JK[0, :, :, :, 0].min()), float(JK[0, :, :, :, 1].max()), FL[0, 2].tolist()
    (1.0, 0.0, [True, False])
    """
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
    (the Jacobian 2 x = 2, factorized by the blocks' LU).

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
    >>> from algnet.homotopy.blocks import _lu_factor
    >>> JK, PK, ok = np.array([[[[2.0]]], [[[0.0]]]]), np.zeros((1, 1), np.int64), np.ones(1, np.bool_)
    >>> _lu_factor(JK, PK, ok.copy(), ok, np.zeros((4, 1)))
    >>> TC = np.zeros((6, 2, 1, 1))
    >>> taylor_coefficients(tp, sr, si, X, V, np.zeros(1), PP, ok, JK, PK, ok.copy(), TC, 3, np.zeros((2, 1, 1)))
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


#: the series predictors step at most this fraction of the estimated radius of convergence of the path's
#: series (:func:`convergence_radius`): beyond it the polynomial extrapolates wildly, and a corrector started
#: there can converge to another path (conv k=2,3 r=2, bench_tracker's paths 89, 91, 141, ...: |x_(k+1)| /
#: |x_k| ~ 1000 at t = 0, the first step of 0.05 was accepted on a far solution that then diverged). 1.0
#: instead (128 paths of linear 6-2-4, dense 3-2-3, conv k=2,2,2): 1-3% fewer steps, 5-15x the rejected ones
TRUST = 0.5


@kernel_njit
def convergence_radius(TC, V, K, q):
    """The smallest of (|x_k| / |x_K|)^(1 / (K - k)), k = 1..K-1 (max-norms): an estimate of the radius of
    convergence of path q's series (inf where x_K = 0).

    Examples
    --------
    x_k = 10^k (a pole at s = 0.1): 0.1.

    >>> import numpy as np
    >>> V = np.array([[[10.0]], [[0.0]]]); TC = np.zeros((6, 2, 1, 1)); TC[2:5, 0, 0, 0] = [1e2, 1e3, 1e4]
    >>> round(convergence_radius(TC, V, 4, 0), 12)
    0.1
    """
    n = V.shape[1]
    aK = 0.0
    for j in range(n):
        aK = max(aK, abs(_coef(TC, V, K, j, q)))
    if not aK > 0.0:
        return np.inf
    rho = np.inf
    for k in range(1, K):
        ak = 0.0
        for j in range(n):
            ak = max(ak, abs(_coef(TC, V, k, j, q)))
        rho = min(rho, (ak / aK) ** (1.0 / (K - k)))
    return rho


@kernel_njit
def _coef(TC, V, k, j, q):
    """x_k of coordinate j of path q (x_1: the velocity V)."""
    if k == 1:
        return complex(V[0, j, q], V[1, j, q])
    return complex(TC[k, 0, j, q], TC[k, 1, j, q])


@kernel_njit
def _tail(TC, V, K, j, q, h, kind):
    """(r, first): the approximant's terms from x_first on, divided by h^first (Taylor: first = K; Padé
    (K - 1, 1): x_(K-1) / (1 - l h), first = K - 1; Padé (K - 2, 2): the (1, 2) approximant of the
    series x_(K-3) + x_(K-2) s + x_(K-1) s^2 + x_K s^3, first = K - 3), falling back from (K - 2, 2) to
    (K - 1, 1) to Taylor where a denominator is degenerate or moves by 1/2 or more at h."""
    ck = _coef(TC, V, K, j, q)
    if kind == 2 and K >= 4:
        d0 = _coef(TC, V, K - 3, j, q)
        d1 = _coef(TC, V, K - 2, j, q)
        d2 = _coef(TC, V, K - 1, j, q)
        det = d1 * d1 - d0 * d2
        if abs(det) > 1e-8 * (abs(d1) ** 2 + abs(d0 * d2)):
            q1 = (d0 * ck - d1 * d2) / det
            q2 = (d2 * d2 - d1 * ck) / det
            z = q1 * h + q2 * h * h
            if np.isfinite(z.real) and np.isfinite(z.imag) and abs(q1 * h) + abs(q2 * h * h) < 0.5:
                return (d0 + (d1 + q1 * d0) * h) / (1.0 + z), K - 3
    if kind >= 1:
        c1 = _coef(TC, V, K - 1, j, q)
        if c1 != 0:
            z = ck / c1 * h
            if np.isfinite(z.real) and np.isfinite(z.imag) and abs(z) < 0.5:
                return c1 / (1.0 - z), K - 1
    return ck, K


@kernel_njit
def taylor_predict(X, V, TC, K, hh, mask, kind, xs):
    """xs = the Taylor polynomial (``kind`` 0) or, coordinate by coordinate, the Padé approximant of type
    (K - 1, 1) (1) or (K - 2, 2) (2, K >= 4) of the paths in mask at s = hh[q] (see :func:`_tail`), the
    step hh[q] first cut to :data:`TRUST` times the series' :func:`convergence_radius`.

    Examples
    --------
    x(s) = 1 / (1 - s) = 1 + s + s^2 + s^3 + ...: Padé (2, 1) from x0..x3 is exact, Taylor is not.

    >>> import numpy as np
    >>> X, V = np.array([[[1.0]], [[0.0]]]), np.array([[[1.0]], [[0.0]]])
    >>> TC = np.zeros((6, 2, 1, 1)); TC[2:4, 0] = 1.0
    >>> xs, m = np.zeros((2, 1, 1)), np.ones(1, np.bool_)
    >>> taylor_predict(X, V, TC, 3, np.array([0.25]), m, 1, xs); round(float(xs[0, 0, 0]), 12)
    1.333333333333
    >>> taylor_predict(X, V, TC, 3, np.array([0.25]), m, 0, xs); round(float(xs[0, 0, 0]), 12)
    1.328125

    sqrt(1 + s) = 1 + s/2 - s^2/8 + s^3/16 - 5 s^4/128 at s = 1/2: Padé (2, 2) within 3e-5, Taylor 6e-4.

    >>> V[0] = 0.5; TC[2:5, 0, 0, 0] = [-1 / 8, 1 / 16, -5 / 128]
    >>> taylor_predict(X, V, TC, 4, np.array([0.5]), m, 2, xs); p = float(xs[0, 0, 0])
    >>> taylor_predict(X, V, TC, 4, np.array([0.5]), m, 0, xs); t = float(xs[0, 0, 0])
    >>> bool(abs(p - 1.5 ** 0.5) < 1e-4 < abs(t - 1.5 ** 0.5))
    True
    """
    n = X.shape[1]
    for q in range(mask.shape[0]):
        if not mask[q]:
            continue
        hh[q] = min(hh[q], TRUST * convergence_radius(TC, V, K, q))
        h = hh[q]
        for j in range(n):
            acc, first = _tail(TC, V, K, j, q, h, kind)
            for k in range(first - 1, 0, -1):          # Horner over x_(first-1) .. x_1
                acc = acc * h + _coef(TC, V, k, j, q)
            acc = acc * h
            xs[0, j, q] = X[0, j, q] + acc.real
            xs[1, j, q] = X[1, j, q] + acc.imag
