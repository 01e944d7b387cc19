"""Batched linear solves and Newton iterations of the numpy tracker (:mod:`algnet.homotopy.tracker`).

Every evaluation of a homotopy returns H, H_x and H_t at a batch of points.
A *light* evaluation (:meth:`Counted.evaluate_light`) asks only for H and one
directional derivative ``H_x w + H_t``; the compiled kernels compute it in
one pass over the values with a single tangent lane (see
:mod:`algnet.homotopy.kernels`), and so does a homotopy with an
``evaluate_light`` of its own (the numpy tracker's folded tape:
:mod:`algnet.homotopy.tape_segment`); for any other it is formed from a full
evaluation. Both engines take the same steps up to rounding. The tracker's Newton corrector
(:func:`_correct`: the iterations after each prediction, with its acceptance rules) is here too.

Examples
--------
>>> import numpy as np
>>> A = np.array([[[2.0, 0.0], [0.0, 4.0]]], dtype=complex)
>>> batched_solve(A, np.array([[2.0, 2.0]], dtype=complex)).real.tolist()
[[1.0, 0.5]]
"""

from __future__ import annotations

import math

import numpy as np

from algnet.homotopy.tracker_options import LIGHT_NEWTON_LIMIT

__all__ = ["batched_solve", "newton", "Counted", "endpoint_checks"]


def batched_solve(A, b):
    """Solve A[k] y[k] = b[k] for every k; singular systems give NaN rows.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[[1.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]]], dtype=complex)
    >>> y = batched_solve(A, np.ones((2, 2), dtype=complex))
    >>> bool(np.isnan(y[0]).all()), y[1].real.tolist()
    (True, [1.0, 0.5])
    """
    return _solve_columns(A, b[..., None])[..., 0]


def _solve_columns(A, B):
    """Solve A[k] Y[k] = B[k] for (N, n, m) right-hand sides (one factorization); singular rows give NaN."""
    if _GUFUNC is not None and A.dtype == np.complex128 and B.dtype == np.complex128 and A.ndim == 3 and B.ndim == 3:
        # numpy's own solver without np.linalg.solve's Python layer (its checks and the error state that turns a
        # singular matrix into LinAlgError: 3 of its 6 us a call at the numpy tracker's sizes); the solver writes NaN
        # where a matrix is singular, what the per-row fallback below gives
        with np.errstate(invalid="ignore"):
            return _GUFUNC(A, B, signature="DD->D")
    try:
        return np.linalg.solve(A, B)
    except np.linalg.LinAlgError:
        out = np.full(B.shape, np.nan + 0j, dtype=np.complex128)
        for k in range(A.shape[0]):
            try:
                out[k] = np.linalg.solve(A[k], B[k])
            except np.linalg.LinAlgError:
                pass
        return out


def _solve_quiet(A, B):
    """:func:`_solve_columns` for a caller under ``np.errstate(invalid="ignore")`` (the tracker's steps and endpoint
    work): numpy's solver called as it is (no error state of its own), NaN where a matrix is singular.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[[2.0, 0.0], [0.0, 4.0]], [[1.0, 1.0], [1.0, 1.0]]], dtype=complex)
    >>> with np.errstate(invalid="ignore"):
    ...     Y = _solve_quiet(A, np.ones((2, 2, 1), dtype=complex))
    >>> Y[0, :, 0].real.tolist(), bool(np.isnan(Y[1]).all())
    ([0.5, 0.25], True)
    """
    if _GUFUNC is not None and A.dtype == np.complex128 and B.dtype == np.complex128 and A.ndim == 3 and B.ndim == 3:
        return _GUFUNC(A, B, signature="DD->D")
    return _solve_columns(A, B)


def _quiet_solver():
    """numpy's batched LU solve ufunc (``numpy.linalg._umath_linalg.solve``), or None where this numpy has none."""
    try:
        from numpy.linalg import _umath_linalg

        return _umath_linalg.solve
    except (ImportError, AttributeError):       # pragma: no cover - another numpy layout
        return None


_GUFUNC = _quiet_solver()


def _norm(v):
    # (np.max by its ufunc's reduction: the same numbers without np.max's Python layer, a few microseconds a call)
    return np.maximum.reduce(np.abs(v), axis=-1)


class Counted:
    """Wraps a homotopy and counts path-evaluations (rows of X passed to ``evaluate``); ``light``
    counts the light ones among them.

    Examples
    --------
    x^2 = p along p = 4 + 5 t: H = x^2 - 4 - 5 t, and H_x w + H_t = 2 x w - 5.

    >>> import numpy as np
    >>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
    >>> from algnet.homotopy.homotopies import ParameterHomotopy
    >>> H = Counted(ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [4.0], [9.0]))
    >>> h, g = H.evaluate_light(np.array([[3.0 + 0j]]), np.array([0.0]), np.array([[1.0 + 0j]]))
    >>> h.real.tolist(), g.real.tolist(), H.rows, H.light
    ([[5.0]], [[1.0]], 1, 1)
    """

    def __init__(self, H):
        self.H = H
        self.rows = 0
        self.light = 0

    def evaluate(self, X, T, idx=None):
        self.rows += int(np.shape(X)[0])
        return self.H.evaluate(X, T, idx)

    def evaluate_light(self, X, T, W, idx=None):
        """H and the derivative along (W, 1) in (x, t): ``H_x W + H_t`` at the rows of X."""
        self.light += int(np.shape(X)[0])
        own = getattr(self.H, "evaluate_light", None)
        if own is not None:         # the homotopy's own (one tangent lane: algnet.homotopy.tape_numpy)
            self.rows += int(np.shape(X)[0])
            return own(X, T, W, idx)
        h, hx, ht = self.evaluate(X, T, idx)
        return h, np.einsum("kij,kj->ki", hx, W) + ht


_Counted = Counted      # the name of earlier versions


def _velocity(H, X, T, idx):
    """dx/dt = -H_x^-1 H_t at the rows of X (under the tracker's error state: :func:`_solve_quiet`)."""
    _, Hx, Ht = H.evaluate(X, T, idx)
    return -_solve_quiet(Hx, Ht[..., None])[..., 0]


def newton(H, X, T, idx=None, iterations: int = 3, tol: float = 1e-12):
    """Newton refinement of H(., T) = 0 at fixed times; returns (X, last update norm, H_x).

    Rows whose update fell below ``tol`` times (1 + |x|) are not evaluated
    again (``H_x`` is then the Jacobian of each row's last evaluation).

    Examples
    --------
    The root 2 of x^3 = 8 from 2.1:

    >>> import numpy as np
    >>> from algnet.homotopy import homotopies, systems
    >>> G = systems.PolynomialSystem.from_terms([{(3,): 1, (0,): -8}])
    >>> X, dn, _ = newton(homotopies.StraightLineHomotopy(G, G, 1.0), np.array([[2.1 + 0j]]), np.ones(1), iterations=6)
    >>> round(float(X[0, 0].real), 12), bool(dn[0] < 1e-12)
    (2.0, True)
    """
    X = X.copy()
    N = X.shape[0]
    dn = np.full(N, np.inf)
    Hx = None
    live = np.ones(N, dtype=bool)
    for _ in range(iterations):
        li = np.nonzero(live)[0]
        if li.size == 0:
            break
        h, hx, _ = H.evaluate(X[li], T[li], None if idx is None else np.asarray(idx)[li])
        if Hx is None:
            Hx = np.full((N,) + hx.shape[1:], np.nan + 0j, dtype=np.complex128)
        Hx[li] = hx
        dx = batched_solve(hx, -h)
        ok = np.all(np.isfinite(dx), axis=1)
        X[li[ok]] += dx[ok]
        dn[li] = np.where(ok, _norm(np.where(np.isfinite(dx), dx, 0)), np.inf)
        live[li] = ~(dn[li] <= tol * (1 + _norm(X[li])))
    return X, dn, Hx


def _refine(H, X, T, idx, iterations: int, tol: float = 1e-12):
    """Newton refinement of endpoints; returns (X, H, H_x) with H and H_x evaluated at the returned X.

    A row stops at the first evaluation whose Newton update is below ``tol``
    times (1 + |x|) (that update is not applied, so the returned point is the
    evaluated one, within the update of the root), at a non-finite update,
    or after ``iterations`` updates and one more evaluation: at most
    ``iterations + 1`` evaluations per row, usually two."""
    X = X.copy()
    N = X.shape[0]
    hv = Hx = None
    live = np.ones(N, dtype=bool)
    for k in range(iterations + 1):
        li = np.nonzero(live)[0]
        if li.size == 0:
            break
        h, hx, _ = H.evaluate(X[li], T[li], idx[li])
        if hv is None:
            hv = np.empty((N,) + h.shape[1:], dtype=np.complex128)
            Hx = np.empty((N,) + hx.shape[1:], dtype=np.complex128)
        hv[li], Hx[li] = h, hx
        if k == iterations:
            break
        dx = batched_solve(hx, -h)
        fin = np.logical_and.reduce(np.isfinite(dx), axis=1)
        small = fin & (_norm(np.where(fin[:, None], dx, 0)) <= tol * (1 + _norm(X[li])))
        step = fin & ~small
        X[li[step]] += dx[step]
        live[li[~step]] = False
    return X, hv, Hx


def endpoint_checks(Hx, hv):
    """Condition numbers and Newton updates at endpoints: (kappa, |dx|) per row.

    ``kappa`` is the 1-norm condition number ``|A|_1 |A^-1|_1`` of the Jacobian with its rows scaled to
    max-norm 1 (invariant under rescaling the equations; within a factor n of the 2-norm condition
    number), inf where singular; ``|dx|`` the max-norm of the Newton update ``H_x^-1 H`` (inf where
    singular). One batched inverse gives both; no singular value decomposition. The compiled tracker
    computes the same numbers in :func:`algnet.homotopy.endpoint_kernels.endpoint_checks_rows`.

    Examples
    --------
    diag(1, 1e-6) has its rows scaled to the identity (condition 1; a badly scaled equation is not a
    singular point); [[1, 1], [1, 1 + 1e-8]] is near-singular:

    >>> import numpy as np
    >>> A = np.array([[[1, 0], [0, 1e-6]], [[1, 1], [1, 1 + 1e-8]]], dtype=complex)
    >>> k, d = endpoint_checks(A, np.array([[1, 1e-6], [0, 0]], dtype=complex))
    >>> float(k[0]), bool(k[1] > 1e8), d.tolist()
    (1.0, True, [1.0, 0.0])
    """
    Hx = np.asarray(Hx, dtype=np.complex128)
    hv = np.asarray(hv, dtype=np.complex128)
    # (np.max and np.sum by their ufuncs' reductions: the same numbers without the Python layers)
    rs = np.maximum.reduce(np.abs(Hx), axis=2, keepdims=True)
    rs = np.where(rs > 0, rs, 1.0)
    A = Hx / rs
    n = A.shape[-1]
    eye = np.empty(A.shape, dtype=np.complex128)
    eye[...] = np.eye(n, dtype=np.complex128)
    inv = _solve_columns(A, eye)
    norm_a = np.maximum.reduce(np.add.reduce(np.abs(A), axis=1), axis=1)
    norm_inv = np.maximum.reduce(np.add.reduce(np.abs(inv), axis=1), axis=1)
    kappa = norm_a * norm_inv
    kappa = np.where(np.isfinite(kappa), kappa, np.inf)
    dx = np.einsum("kij,kj->ki", inv, hv / rs[..., 0])
    dn = _norm(dx)
    return kappa, np.where(np.isfinite(dn), dn, np.inf)


def _maxabs(v):
    """The max-norm of each row (:func:`_norm`, by the ufunc's reduction: np.max's Python layer costs
    several microseconds a call, and a step takes about ten)."""
    return np.maximum.reduce(np.abs(v), axis=-1)


def _every(b):
    """Per row, whether every entry of the boolean array ``b`` is true (``np.all(b, axis=1)`` by the ufunc)."""
    return np.logical_and.reduce(b, axis=1)


#: whether every / some entry of a 1-d boolean array is true (the ufuncs' reductions: ndarray.all and .any are a
#: Python layer each)
_all = np.logical_and.reduce
_any = np.logical_or.reduce


def _negated_pair(a, b):
    """-[a, b] stacked on a last axis of 2 (``-np.stack([a, b], axis=2)``, without np.stack's Python layer)."""
    out = np.empty(a.shape + (2,), dtype=np.result_type(a, b))
    np.negative(a, out=out[..., 0])
    np.negative(b, out=out[..., 1])
    return out


def _correct(H, x, xp, tn, idx, opt):
    """Newton corrector from the predictions xp at tn (x: the points before the step, kept where xp is
    not finite); returns (iterates, velocities there, first update norms, second update norms, iterations,
    accepted). (The velocities are those of each row's last evaluation: meaningful where accepted.)

    (Written for a few paths in numpy, where each numpy call's overhead is most of the cost. The rows still
    iterating are kept compact -- their iterates, times, numbers, first and previous updates as arrays of those
    rows only, taken again only in an iteration where some row stopped --, so an iteration where every row goes
    on writes no per-row bookkeeping; the updates of an iteration where every one is finite -- the usual case,
    known from the sum of their norms -- are applied without the masks that guard against the others; a row's
    iteration count and acceptance are written when it stops. The numbers are the same either way.)"""
    N, n = x.shape
    bad0 = ~_every(np.isfinite(xp))
    first = second = None
    iters = np.zeros(N, dtype=np.int64)
    ok = np.zeros(N, dtype=bool)
    light = opt.light_evaluations
    if _any(bad0):
        # rows whose prediction is not finite stay at x, are not iterated and are not accepted
        xc = np.where(bad0[:, None], x, xp)
        vn = np.empty((N, n), dtype=np.complex128)
        vn.fill(np.nan)
        li = np.nonzero(~bad0)[0]
        xl, tl, il = xc[li], tn[li], idx[li]
    else:
        xc = vn = li = None         # li None: every row, the compact arrays are the full ones
        xl, tl, il = xp, tn, idx
    firstl = prevl = heavyl = J0l = vnl = None
    done_iters = 0
    for it in range(opt.max_corrector_iterations):
        m = N if li is None else li.size
        if not m:
            break
        full = None if (it == 0 or heavyl is None) else heavyl        # None: every row takes a full iteration
        if full is not None and _all(full):
            full = None
        mixed = full is not None and _any(full)
        if full is None or mixed:
            xf, tf, jf = (xl, tl, il) if full is None else (xl[full], tl[full], il[full])
            hv, Hx, Ht = H.evaluate(xf, tf, jf)
            if it == 0 and light:       # the first iteration's Jacobian serves the simplified iterations
                J0l = np.array(Hx, dtype=np.complex128)
            # one factorization gives the update and the velocity at this iterate
            Y = _solve_quiet(Hx, _negated_pair(hv, Ht))
        if full is None:
            dx, vnl = Y[:, :, 0], Y[:, :, 1]
        else:
            # simplified Newton: the first iteration's Jacobian; the velocity refined along (vn, 1)
            lo = ~full
            v = vnl[lo]
            hs, r = H.evaluate_light(xl[lo], tl[lo], v, il[lo])
            Ys = _solve_quiet(J0l[lo], _negated_pair(hs, r))
            if mixed:
                dx = np.empty((m, n), dtype=np.complex128)
                vnew = np.empty((m, n), dtype=np.complex128)
                dx[full], vnew[full] = Y[:, :, 0], Y[:, :, 1]
                dx[lo], vnew[lo] = Ys[:, :, 0], v + Ys[:, :, 1]
                vnl = vnew
            else:
                dx, vnl = Ys[:, :, 0], v + Ys[:, :, 1]
        dn = _maxabs(dx)
        if math.isfinite(np.add.reduce(dn)):        # every update finite (a NaN or inf entry makes its norm so)
            fin = None
            xl = xl + dx
        else:
            fin = _every(np.isfinite(dx))
            dn = np.where(fin, _maxabs(np.where(np.isfinite(dx), dx, 0)), np.inf)
            xl = xl + np.where(fin[:, None], dx, 0)
        done_iters = it + 1
        if li is None:
            xc, vn = xl, vnl
        else:
            xc[li] = xl
            vn[li] = vnl
        size = 1 + _maxabs(xl)
        scale = opt.corrector_tolerance * size
        done = dn <= scale
        if it == 0:
            firstl = dn
            if li is None:
                first = dn
            else:
                first, second, _ = _nan_rows(N)
                first[li] = dn
            if light:
                heavyl = ~(dn <= LIGHT_NEWTON_LIMIT * opt.predictor_tolerance * size)
            bad = None if fin is None else ~fin
        else:
            if it == 1:
                if li is None:
                    second = dn
                else:
                    if second is None:
                        second = _nan_rows(N)[0]
                    second[li] = dn
                if light:
                    # after a full second iteration the third is simplified (TrackerOptions.light_evaluations)
                    heavyl = np.zeros(m, dtype=bool)
            bad = dn > opt.contraction * firstl
            if fin is not None:
                bad |= ~fin
            if opt.newton_rate_acceptance:
                # contracting: the next update would be about dn * (dn / prev)
                done |= dn * dn <= scale * prevl
        prevl = dn
        conv = done if fin is None else done & fin
        stop = conv if bad is None else conv | bad
        if not _any(stop):
            continue
        rows = np.arange(N) if li is None else li
        iters[rows[stop]] = done_iters
        ok[rows[conv if bad is None else conv & ~bad]] = True
        keep = ~stop
        li = rows[keep]             # (the compact arrays taken anew: xc, vn, first keep the full rows)
        xl, tl, il, firstl, prevl, vnl = xl[keep], tl[keep], il[keep], firstl[keep], prevl[keep], vnl[keep]
        if heavyl is not None:
            heavyl = heavyl[keep]
        if J0l is not None:
            J0l = J0l[keep]
    if xc is None:                  # (no iteration: max_corrector_iterations 0)
        xc, vn = xp.copy(), _nan_rows(N * n)[0].astype(np.complex128).reshape(N, n)
    if li is None:
        iters.fill(done_iters)
    elif li.size:
        iters[li] = done_iters
    if first is None:
        first, second, _ = _nan_rows(N)
    elif second is None:
        second = _nan_rows(N)[0]
    return xc, vn, first, second, iters, ok


def _nan_rows(N: int):
    """Three rows of N NaNs (first updates, second updates, previous updates of :func:`_correct`)."""
    out = np.empty((3, N))
    out.fill(np.nan)
    return out
