"""Hermite extrapolation predictors of the path-batched kernel: no evaluation, the path's own history.

``TrackerOptions.predictor = "hermite3"``, ``"hermite"`` (quintic) or ``"hermite7"``
replaces RK4 in :mod:`algnet.homotopy.batched` by the Hermite interpolant
through the current accepted point and the last 1, 2 or 3 accepted points
before it, each with its velocity dx/dt (the corrector's refined velocity,
which the kernel keeps anyway: ``TrackerOptions.reuse_velocity``),
evaluated at t + h: a polynomial of degree 2p - 1 through p points (p = 2,
3, 4), local error O(h^(2p)) (error of Hermite interpolation:
x^(2p)(xi) / (2p)! prod_k (t - t_k)^2, e.g. Stoer and Bulirsch,
*Introduction to Numerical Analysis*, section 2.1.5). Extrapolation from
the path's history is the classic secant/extrapolation predictor family
of PHCpack (Verschelde, ACM TOMS 25, 1999) and of Bertini's and
HomotopyContinuation.jl's older trackers; here in Newton's divided
differences with doubled nodes (:func:`hermite_weights`).

The prediction costs no evaluation: a step is the corrector's full
evaluation at the prediction and its light iterations, against RK4's three
more velocity evaluations (two full, one light). A path's first step, a
step without the history it needs (fewer accepted points since its start
or since a step of the path-by-path kernel, which keeps no history) and a
step whose history is not finite use RK4 (:data:`FULL_HISTORY_ONLY`). The
history is per path (arrays indexed by the path's index in the tracker,
:func:`history_arrays`, kept by the compiled tracker across kernel calls),
so it never depends on the block a path sits in. A rejected step keeps it;
the step control is the corrector's (``TrackerOptions.target_contraction``)
with the exponent 1 / (2p) of the prediction error
(:func:`algnet.homotopy.kernels.step_factor`). The path-by-path kernel
(fewer than 16 paths under way) and the numpy engine use RK4 whatever the
option says, as with the series predictors.

Measured (``bench/_tracker_predictors.py``, 2026-12-03, load 3.5-3.9, 1,024
paths of the eight systems of ``bench/bench_tracker.py``, one thread,
interleaved with RK4): the quintic ("hermite") takes 2.0-3.1x RK4's
steps, the cubic 2.7-4.1x, the septic 3-6% fewer than the quintic; a step
costs about half an RK4 step, so 0.45-0.79x the paths per CPU second: not
the default. What limits it is the extrapolation beyond the nodes, not
the order (the paths' radius of convergence in t is only a few of RK4's
steps); the same statuses and endpoints within 8e-10 of RK4's, no path
moved on the 1,800 close paths of tests/test_homotopy.py's segments.

Examples
--------
The cubic through (0, 1, 1) and (-1, e^-1, e^-1) predicts e^0.1 to about 4 (0.1)^2 (1.1)^2 e / 24 = 2e-3:

>>> import numpy as np
>>> w = np.empty(8); work = np.empty((8, 8))
>>> hermite_weights(np.array([0.0, -1.0]), 2, 0.1, w, work)
>>> x = w[0] * 1 + w[1] * 1 + w[2] * np.exp(-1) + w[3] * np.exp(-1)
>>> bool(abs(x - np.exp(0.1)) < 3e-3), bool(abs(x - np.exp(0.1)) > 1e-4)
(True, True)
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.kernel_cache import kernel_njit

__all__ = ["HISTORY", "FULL_HISTORY_ONLY", "HERMITE_CODES", "history_arrays", "hermite_weights", "hermite_points",
           "hermite_predict", "record_history"]

#: accepted points kept per path before the current one (the septic predictor's three)
HISTORY = 3

#: the predictor codes (``TrackerOptions.predictor``'s index in ``tracker_options.PREDICTORS``) of the Hermite
#: predictors and their points p (the current one included): code - HERMITE_CODES[0] + 2
HERMITE_CODES = (4, 5, 6)

#: a path with fewer accepted points behind it than its predictor needs predicts by RK4 (True) or by the Hermite
#: interpolant through the points it has (False). True: 3-5% fewer steps, the same evaluations (256 paths of linear
#: 3-1-3, dense 3-2-2 and linear 6-2-4, "hermite5" and "hermite7", 2026-12-03)
FULL_HISTORY_ONLY = True


def history_arrays(old, size: int, n: int, used: bool):
    """The per-path history of the Hermite predictors for ``size`` paths of ``n`` unknowns: ``XH`` (size,
    2 HISTORY, n) complex (x and dx/dt of the earlier accepted points, newest first) and ``TH`` (size,
    HISTORY + 1) (their t, NaN where there is none, and the path's step count when they were recorded:
    the history is valid only while the path's step count still says so). ``old``: the arrays of fewer
    paths (kept), or None; ``used`` False: empty arrays (the other predictors never read them).

    Examples
    --------
    >>> XH, TH = history_arrays(None, 3, 2, True)
    >>> XH.shape, TH.shape, bool(np.isnan(TH[:, :3]).all()), TH[:, 3].tolist()
    ((3, 6, 2), (3, 4), True, [-1.0, -1.0, -1.0])
    >>> XH2, TH2 = history_arrays((XH, TH), 5, 2, True)
    >>> XH2.shape, history_arrays(None, 5, 2, False)[0].shape
    ((5, 6, 2), (0, 6, 2))
    """
    rows = size if used else 0
    if old is not None and old[0].shape[0] >= rows and old[0].shape[2] == n:
        return old
    XH = np.zeros((rows, 2 * HISTORY, n), dtype=np.complex128)
    TH = np.full((rows, HISTORY + 1), np.nan)
    TH[:, HISTORY] = -1.0
    if old is not None and old[0].shape[2] == n:
        k = old[0].shape[0]
        XH[:k] = old[0]
        TH[:k] = old[1]
    return XH, TH


@kernel_njit
def hermite_weights(tz, p, s, w, work):
    """Weights of the Hermite interpolant through p points at times tz[0], tz[1], ... (distinct), with values
    and derivatives, at the time s: the interpolant is sum_k w[2k] x_k + w[2k + 1] x'_k. Newton's divided
    differences on the doubled nodes (tz[0], tz[0], tz[1], tz[1], ...) applied to each datum's unit vector;
    ``work`` (2p, 2p) at least.

    Examples
    --------
    A cubic through t = 0 and t = 1 reproduces x = t^3 (x(0) = 0, x'(0) = 0, x(1) = 1, x'(1) = 3) at t = 2:

    >>> import numpy as np
    >>> w, work = np.empty(4), np.empty((4, 4))
    >>> hermite_weights(np.array([0.0, 1.0]), 2, 2.0, w, work)
    >>> round(float(w[2] * 1 + w[3] * 3), 12)
    8.0
    """
    N = 2 * p
    D = work
    for r in range(N):                  # f[z_r] = x_(r // 2)
        for e in range(N):
            D[r, e] = 1.0 if e == 2 * (r // 2) else 0.0
    for k in range(1, N):
        for r in range(N - 1, k - 1, -1):
            if k == 1 and r % 2 == 1:   # f[z, z] = x'(z)
                for e in range(N):
                    D[r, e] = 1.0 if e == r else 0.0
            else:
                dz = tz[r // 2] - tz[(r - k) // 2]
                for e in range(N):
                    D[r, e] = (D[r, e] - D[r - 1, e]) / dz
    for e in range(N):
        acc = D[N - 1, e]
        for k in range(N - 2, -1, -1):
            acc = acc * (s - tz[k // 2]) + D[k, e]
        w[e] = acc


@kernel_njit
def hermite_points(i, q, T, st, TH, want):
    """Points (the current one included) the Hermite predictor of path i (lane q) can use, at most ``want``:
    1 (none behind it: RK4) where the history is stale (recorded at another step count) or not finite
    (and, with :data:`FULL_HISTORY_ONLY`, where there are fewer than ``want``).

    Examples
    --------
    One path (block of one lane) on x(t) = t^3 + i t, its point at t = 0.5 recorded as it moves on to t = 1:

    >>> import numpy as np
    >>> XH, TH = history_arrays(None, 1, 1, True)
    >>> X, V = np.array([[[0.125]], [[0.5]]]), np.array([[[0.75]], [[1.0]]])    # real, imaginary parts
    >>> T, st = np.array([0.5]), np.array([[0], [4], [0], [1]])      # status, steps, rejected, velocity valid
    >>> record_history(0, 0, X, V, T, st, XH, TH, 1)
    >>> T[0], st[1, 0] = 1.0, 5
    >>> hermite_points(0, 0, T, st, TH, 2), hermite_points(0, 0, T, st, TH, 3) == (1 if FULL_HISTORY_ONLY else 2)
    (2, True)
    >>> st[1, 0] = 6                                                   # a step taken elsewhere: stale
    >>> hermite_points(0, 0, T, st, TH, 2)
    1
    """
    if TH[i, HISTORY] != st[1, q] or st[3, q] == 0:
        return 1
    p = 1
    last = T[q]
    for k in range(want - 1):
        tk = TH[i, k]
        if not (np.isfinite(tk) and tk < last):
            break
        last = tk
        p += 1
    if FULL_HISTORY_ONLY and p < want:
        return 1
    return p


@kernel_njit
def hermite_predict(X, V, T, hh, pts, act, slotb, XH, TH, xs, tz, w, work):
    """xs[:, :, q] = the Hermite prediction at T[q] + hh[q] of the lanes with pts[q] >= 2 points (lane q's
    path is act[slotb[q]]); tz (HISTORY + 1), w (2 HISTORY + 2) and work (2 HISTORY + 2)^2 are scratch.

    Examples
    --------
    One path (block of one lane) on x(t) = t^3 + i t, its point at t = 0.5 recorded as it moves on to t = 1:

    >>> import numpy as np
    >>> XH, TH = history_arrays(None, 1, 1, True)
    >>> X, V = np.array([[[0.125]], [[0.5]]]), np.array([[[0.75]], [[1.0]]])    # real, imaginary parts
    >>> T, st = np.array([0.5]), np.array([[0], [4], [0], [1]])      # status, steps, rejected, velocity valid
    >>> record_history(0, 0, X, V, T, st, XH, TH, 1)
    >>> X[:, 0, 0], V[:, 0, 0], T[0] = (1.0, 1.0), (3.0, 1.0), 1.0      # now at t = 1
    >>> xs, lane = np.empty((2, 1, 1)), np.array([0])
    >>> hermite_predict(X, V, T, np.array([0.5]), np.array([2]), lane, lane, XH, TH, xs, np.empty(4), np.empty(8),
    ...                 np.empty((8, 8)))
    >>> xs[:, 0, 0].round(12).tolist()                                 # the cubic is exact: x(1.5)
    [3.375, 1.5]
    """
    n = X.shape[1]
    for q in range(X.shape[2]):
        p = pts[q]
        if p < 2:
            continue
        i = act[slotb[q]]
        tz[0] = 0.0
        for k in range(1, p):
            tz[k] = TH[i, k - 1] - T[q]
        hermite_weights(tz, p, hh[q], w, work)
        for j in range(n):              # x_0 + sum_k w_2k (x_k - x_0) + sum_k w_(2k+1) v_k: the x weights sum to 1
            re = X[0, j, q] + w[1] * V[0, j, q]
            im = X[1, j, q] + w[1] * V[1, j, q]
            for k in range(1, p):
                xk = XH[i, 2 * k - 2, j]
                vk = XH[i, 2 * k - 1, j]
                re += w[2 * k] * (xk.real - X[0, j, q]) + w[2 * k + 1] * vk.real
                im += w[2 * k] * (xk.imag - X[1, j, q]) + w[2 * k + 1] * vk.imag
            xs[0, j, q] = re
            xs[1, j, q] = im


@kernel_njit
def record_history(i, q, X, V, T, st, XH, TH, keep):
    """Before lane q's path i moves to its next accepted point: its current point (X, V, T of the lane) becomes
    the newest of its history, the older ones move back (up to ``keep`` points; dropped where the history is
    stale), and the history is stamped with the step count the path will have (st[1, q] + 1).

    Examples
    --------
    One path (block of one lane) on x(t) = t^3 + i t, its point at t = 0.5 recorded as it moves on to t = 1:

    >>> import numpy as np
    >>> XH, TH = history_arrays(None, 1, 1, True)
    >>> X, V = np.array([[[0.125]], [[0.5]]]), np.array([[[0.75]], [[1.0]]])    # real, imaginary parts
    >>> T, st = np.array([0.5]), np.array([[0], [4], [0], [1]])      # status, steps, rejected, velocity valid
    >>> record_history(0, 0, X, V, T, st, XH, TH, 1)
    >>> XH[0, :2, 0].tolist(), TH[0].tolist()
    ([(0.125+0.5j), (0.75+1j)], [0.5, nan, nan, 5.0])
    """
    n = X.shape[1]
    valid = TH[i, HISTORY] == st[1, q]
    for k in range(keep - 1, 0, -1):
        TH[i, k] = TH[i, k - 1] if valid else np.nan
        for j in range(n):
            XH[i, 2 * k, j] = XH[i, 2 * k - 2, j]
            XH[i, 2 * k + 1, j] = XH[i, 2 * k - 1, j]
    fin = st[3, q] != 0
    for j in range(n):
        XH[i, 0, j] = complex(X[0, j, q], X[1, j, q])
        XH[i, 1, j] = complex(V[0, j, q], V[1, j, q])
        fin = fin and np.isfinite(X[0, j, q]) and np.isfinite(X[1, j, q]) and np.isfinite(V[0, j, q]) \
            and np.isfinite(V[1, j, q])
    TH[i, 0] = T[q] if fin else np.nan
    TH[i, HISTORY] = st[1, q] + 1
