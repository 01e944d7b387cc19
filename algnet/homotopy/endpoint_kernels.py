"""Compiled endpoint work: Newton refinement at t = 1 and the endpoint checks (numba).

The compiled tracker (:mod:`algnet.homotopy.compiled`) refines and classifies the endpoints of stopped
paths with :func:`endpoint_rows`: per endpoint, the Newton refinement (the tape evaluator and LU of
:mod:`algnet.homotopy.kernels`), the system's values and Jacobian as given (the tape's output transform
applied), and one LU of the row-scaled Jacobian, which gives the Newton update and the 1-norm condition
number (not the singular value decomposition: numpy's ``cond`` on a few rows per call would be 14% of a degree
computation's profile on conv k=2,2,2; this is 4%).
The kernel releases the GIL, so the tracker splits many endpoints over threads.

The condition number is ``|A|_1 |A^-1|_1`` with ``|A^-1|_1`` either exact (the n columns of the
inverse, n solves) or estimated (Hager's estimator with Higham's refinements, as in
LAPACK's ``zlacon``: N. J. Higham, "FORTRAN codes for estimating the one-norm of a real or complex
matrix", ACM TOMS 14 (1988) 381-396, Algorithm 4.1; W. W. Hager, SIAM J. Sci. Stat. Comput. 5 (1984)
311-316): 3-11 solves with A or its conjugate transpose, a lower bound (every value it takes is
``|A^-1 v|_1 / |v|_1``), in practice almost always exact. See :func:`inverse_norm1_estimate` for the
measurement that decides which one the tracker uses.

Where an endpoint's time goes (``endpoint_rows`` on linear 6-2-4's tracked endpoints, n = 16, the output
transform T a dense 16 x 16 matrix): the tape, the transform T J and T F, the row scaling and 1-norm, the LU and
solve, the condition estimate, each a few us a row. The transform runs on the real and imaginary parts apart
(:func:`_split_transform`: the same products and sums in the same order, the loop over the columns in SIMD
registers; complex loops get no SIMD), the row maxima by squared moduli with ``hypot`` only near the largest
(:func:`_row_max_abs`; ``abs`` of a complex number is ``hypot``, about 20-26 ns a call), the quotients by the row
scales written as numba's complex division computes them: the same numbers bit for bit
(``tests/test_endpoint_split.py``). Nearly every endpoint needs one evaluation (the first update is below the
refinement's tolerance), so :func:`_refine_checked` solves every update with the checks' factorization of the
row-scaled ``T J`` (A^-1 (T F / rs) = J^-1 F) instead of a second LU of J: one LU and one solve less a row (an
applied update differs from refine's in rounding only). The scaling's column sums accumulate row by row
(:func:`_scale_rows`, bit for bit). Not adopted: the LU on the parts apart (slower at rows of at most 15
entries), the scaling in place (numba's runtime alias check then takes the scalar loop), and the estimate's
1-norms by ``sqrt(a^2 + b^2)`` (condition numbers within 4.4e-16 instead of bit for bit).
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.kernel_cache import kernel_njit
from algnet.homotopy.kernels import _finite, _maxabs, _run_tape, _scratch
from algnet.homotopy.path_lu import _lu_apply, _lu_factor, _lu_solve2

__all__ = ["refine", "endpoint_checks_rows", "endpoint_rows", "classify_rows", "inverse_norm1_estimate"]


@kernel_njit(_nrt=False)
def _refine_row(code, didx, didx2, dcoef, lo, hi, reg, dreg, outs, n, x, p, DP, iterations, tol, F, J, Ht, A,
                dx, piv):
    """Newton at t = 1 from x (updated in place; see :func:`refine`); F, J: values and Jacobian at the
    returned x. Returns the evaluations."""
    ev = 0
    for k in range(iterations + 1):
        _run_tape(code, didx, didx2, dcoef, lo, hi, reg, dreg, outs, n, x, p, DP, F, J, Ht)
        ev += 1
        if k == iterations:
            break
        for a in range(n):
            dx[a] = -F[a]
            for b in range(n):
                A[a, b] = J[a, b]
        ok = _lu_solve2(A, dx, dx, False, piv) and _finite(dx)
        if not ok or _maxabs(dx) <= tol * (1.0 + _maxabs(x)):
            break
        for j in range(n):
            x[j] += dx[j]
    return ev


@kernel_njit
def refine(idx, code, didx, didx2, dcoef, lo, hi, values, outs, n, X, P1, iterations, tol, Xe, hv, Hx):
    """Newton refinement at t = 1 of the paths ``idx`` (tracker._refine, path by path): a row stops at
    the first update below tol (1 + |x|) (not applied), at a non-finite update, or after ``iterations``
    updates and one more evaluation. Writes Xe, hv (values) and Hx (Jacobian) at the returned
    points; returns the evaluations.

    Examples
    --------
    x^2 = p at p = 4 from x = 2.1: Newton converges to 2 (at most 3 updates and 4 evaluations):

    >>> import numpy as np
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(1, 1)
    >>> t = b.finish([b.x[0] * b.x[0] - b.p[0]])
    >>> Xe, hv, Hx = np.empty((1, 1), complex), np.empty((1, 1), complex), np.empty((1, 1, 1), complex)
    >>> ev = refine(np.array([0]), *t.args, 1, np.array([[2.1 + 0j]]), np.array([[4.0 + 0j]]), 3, 1e-12, Xe, hv, Hx)
    >>> bool(ev <= 4), bool(abs(Xe[0, 0] - 2) < 1e-12)
    (True, True)
    """
    m = P1.shape[1]
    reg, dreg = _scratch(values, n)
    DP = np.zeros(m, np.complex128)
    Ht = np.empty(n, np.complex128)
    A = np.empty((n, n), np.complex128)
    dx = np.empty(n, np.complex128)
    piv = np.empty(n, np.int64)
    ev = 0
    for q in range(idx.shape[0]):
        i = idx[q]
        for j in range(n):
            Xe[q, j] = X[i, j]
        ev += _refine_row(code, didx, didx2, dcoef, lo, hi, reg, dreg, outs, n, Xe[q], P1[i], DP, iterations, tol,
                          hv[q], Hx[q], Ht, A, dx, piv)
    return ev


@kernel_njit(_nrt=False)
def _lu_apply_h(A, piv, b):
    """Solve with the conjugate transpose of the matrix factorized by :func:`_lu_factor`, in place:
    P A = L U, so A^H = U^H L^H P."""
    n = A.shape[0]
    for i in range(n):                  # U^H w = b (forward)
        s = b[i]
        for j in range(i):
            s -= A[j, i].conjugate() * b[j]
        b[i] = s / A[i, i].conjugate()
    for i in range(n - 1, -1, -1):      # L^H v = w (backward, unit diagonal)
        s = b[i]
        for j in range(i + 1, n):
            s -= A[j, i].conjugate() * b[j]
        b[i] = s
    for k in range(n - 1, -1, -1):      # y = P^T v
        p = piv[k]
        if p != k:
            t = b[k]
            b[k] = b[p]
            b[p] = t


@kernel_njit(_nrt=False)
def _norm1(x):
    s = 0.0
    for i in range(x.shape[0]):
        s += abs(x[i])
    return s


@kernel_njit(_nrt=False)
def _argmax_abs(x):
    j = 0
    best = -1.0
    for i in range(x.shape[0]):
        a = abs(x[i])
        if a > best:
            best = a
            j = i
    return j


@kernel_njit(_nrt=False)
def _complex_sign(x):
    for i in range(x.shape[0]):
        a = abs(x[i])
        x[i] = x[i] / a if a > 0 else 1.0


@kernel_njit(_nrt=False)
def inverse_norm1_estimate(A, piv, x):
    """A lower bound of ``|A^-1|_1``, usually equal to it, from the factorization of :func:`_lu_factor`
    (A, piv; x: work vector of length n): Hager's estimator with Higham's refinements (LAPACK's
    ``zlacon``, see the module doc): at most 5 steps of (solve with A, solve with A^H) from the
    vector of 1/n, each moving to the unit vector where the gradient is largest, and the alternating
    test vector ``(-1)^i (1 + i / (n - 1))``; the largest value seen.

    ``bench/bench_tracker.py``'s endpoint section measures the estimate against the exact inverse norm (per
    endpoint, refinement and the Jacobian's transform included).

    Examples
    --------
    A lower bound: on this 3x3 matrix (column sums of the inverse 0.5, 1.5, 0.25) a tie in the first
    gradient sends the estimator to the first column, and the alternating vector gives 13/18; on a
    near-singular one (the case that matters for the singular/success split) it is exact:

    >>> import numpy as np
    >>> from algnet.homotopy.kernels import _lu_factor
    >>> def both(A):
    ...     exact = np.abs(np.linalg.inv(A)).sum(axis=0).max()
    ...     piv = np.empty(len(A), np.int64)
    ...     _lu_factor(A, piv)
    ...     return float(exact), float(inverse_norm1_estimate(A, piv, np.empty(len(A), complex)))
    >>> [round(v, 6) for v in both(np.array([[2, 1, 0], [0, 1, 0], [0, 0, 4]], dtype=complex))]
    [1.5, 0.722222]
    >>> e, est = both(np.array([[1, 2, 0], [1, 2 + 1e-9, 0], [0, 1, 3]], dtype=complex))
    >>> e > 1e9, abs(est - e) <= 1e-9 * e
    (True, True)
    """
    n = A.shape[0]
    for i in range(n):
        x[i] = 1.0 / n
    _lu_apply(A, piv, x)
    est = _norm1(x)
    if n == 1 or not np.isfinite(est):
        return est
    _complex_sign(x)
    _lu_apply_h(A, piv, x)
    j = _argmax_abs(x)
    for it in range(4):
        for i in range(n):
            x[i] = 0.0
        x[j] = 1.0
        _lu_apply(A, piv, x)
        new = _norm1(x)
        if not new > est:
            break
        est = new
        _complex_sign(x)
        _lu_apply_h(A, piv, x)
        last = j
        j = _argmax_abs(x)
        if abs(x[last]) == abs(x[j]):
            break
    for i in range(n):
        x[i] = (1.0 + i / (n - 1)) * (1.0 if i % 2 == 0 else -1.0)
    _lu_apply(A, piv, x)
    alt = 2.0 * _norm1(x) / (3.0 * n)
    return alt if alt > est else est


@kernel_njit(_nrt=False)
def _scaled_newton(F, A, b, piv, rs):
    """Factor the row-scaled Jacobian A (row scales rs) in place and solve for the Newton update of the scaled
    F: b = A^-1 (F / rs) (= J^-1 F of the unscaled system; the update is -b). Returns (factorized, dn): dn the
    max modulus of b, inf where not finite or A singular."""
    n = F.shape[0]
    if not _lu_factor(A, piv):
        return False, np.inf
    for i in range(n):
        b[i] = F[i] / rs[i]
    _lu_apply(A, piv, b)
    d = _maxabs(b)
    return True, (d if np.isfinite(d) else np.inf)


@kernel_njit(_nrt=False)
def _condition(A, piv, b, na, exact_from):
    """kappa = na |A^-1|_1 from the factorization (A, piv) (b: work vector): estimated
    (:func:`inverse_norm1_estimate`), exact where the estimate exceeds ``exact_from`` (0: always exact)."""
    n = A.shape[0]
    kp = na * inverse_norm1_estimate(A, piv, b) if exact_from > 0 else np.inf
    if not kp <= exact_from:
        ni = 0.0
        for j in range(n):          # column j of the inverse
            for i in range(n):
                b[i] = 1.0 if i == j else 0.0
            _lu_apply(A, piv, b)
            ni = max(ni, _norm1(b))
        kp = na * ni
    return kp if np.isfinite(kp) else np.inf


@kernel_njit(_nrt=False)
def _condition_and_newton(F, A, b, piv, rs, na, exact_from):
    """The common end of :func:`_check_row` and :func:`_check_split`: with A the row-scaled Jacobian (scales
    rs, 1-norm na), factor it, the Newton step's max modulus dn of the scaled F, and kappa (estimated, exact
    where the estimate exceeds ``exact_from``)."""
    ok, dn = _scaled_newton(F, A, b, piv, rs)
    if not ok:
        return np.inf, np.inf
    return _condition(A, piv, b, na, exact_from), dn


@kernel_njit(_nrt=False)
def _check_row(J, F, A, b, piv, rs, exact_from):
    """(kappa, dn) of one endpoint (see :func:`endpoint_checks_rows`); A, b, piv, rs: work arrays. kappa is
    estimated (:func:`inverse_norm1_estimate`) and computed exactly only where the estimate exceeds
    ``exact_from`` (0: always exact)."""
    n = F.shape[0]
    na = 0.0
    for i in range(n):
        s = 0.0
        for j in range(n):
            s = max(s, abs(J[i, j]))
        rs[i] = s if s > 0 else 1.0
    for j in range(n):
        c = 0.0
        for i in range(n):
            A[i, j] = J[i, j] / rs[i]
            c += np.sqrt(A[i, j].real * A[i, j].real + A[i, j].imag * A[i, j].imag)
        if not np.isfinite(c):
            c = _column_sum_hypot(A, j)
        na = max(na, c)
    return _condition_and_newton(F, A, b, piv, rs, na, exact_from)


@kernel_njit(_nrt=False)
def _column_sum_hypot(A, j):
    """sum_i |A[i, j]| with ``hypot``: the column sums of :func:`_check_row` and :func:`_scale_rows` where the
    squared moduli's sum is not finite (an inf or nan entry: hypot(inf, nan) is inf, the square root nan)."""
    c = 0.0
    for i in range(A.shape[0]):
        c += abs(A[i, j])
    return c


@kernel_njit
def endpoint_checks_rows(Hx, hv, kappa, dn):
    """:func:`algnet.homotopy.newton.endpoint_checks` in numba, into kappa (1-norm condition number of
    the row-scaled Jacobian, exact) and dn (max-norm of the Newton update), inf where singular.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[[1, 0], [0, 1e-6]], [[1, 1], [1, 1]]], dtype=complex)
    >>> k, d = np.empty(2), np.empty(2)
    >>> endpoint_checks_rows(A, np.array([[1, 1e-6], [0, 0]], dtype=complex), k, d)
    >>> k.tolist(), d.tolist()
    ([1.0, inf], [1.0, inf])
    """
    N, n = hv.shape
    A = np.empty((n, n), np.complex128)
    b = np.empty(n, np.complex128)
    piv = np.empty(n, np.int64)
    rs = np.empty(n)
    for k in range(N):
        kappa[k], dn[k] = _check_row(Hx[k], hv[k], A, b, piv, rs, 0.0)


@kernel_njit(error_model="numpy", _nrt=False)
def _row_max_abs(Jr, Ji, i):
    """max_j |J[i, j]| of a row with its parts apart, as the loop ``s = max(s, abs(J[i, j]))`` from s = 0 of
    :func:`_check_row` gives it: squared moduli, ``hypot`` only within 1e-13 of the largest square (below that a
    modulus is below the largest's hypot after the rounding of both; :func:`algnet.homotopy.batched._maxabs`);
    -1.0 where a square is nan or the largest leaves [1e-290, 1e290], zero included (the caller then takes the
    loop)."""
    n = Jr.shape[1]
    m = 0.0
    for j in range(n):
        a = Jr[i, j] * Jr[i, j] + Ji[i, j] * Ji[i, j]
        if a > m:
            m = a
        elif a != a:
            return -1.0
    if not (m >= 1e-290 and m <= 1e290):         # a zero row, or squares that underflow (m = 0) or overflow
        return -1.0
    lo = m * (1.0 - 1e-13)
    s = 0.0
    for j in range(n):
        if Jr[i, j] * Jr[i, j] + Ji[i, j] * Ji[i, j] >= lo:
            s = max(s, np.hypot(Jr[i, j], Ji[i, j]))
    return s


@kernel_njit(error_model="numpy", _nrt=False)
def _split_transform(T, F, J, hv, Jr, Ji):
    """hv = T F and (Jr, Ji) = the parts of T J (T empty: F and J as they are), with the products and sums of
    the complex loops ``s += T[a, c] * F[c]``, ``TJ[a, b] += T[a, c] * J[c, b]`` (zero entries of T skipped) in
    their order, so the same numbers bit for bit: numba multiplies complex numbers as (ac - bd) + (ad + bc)i; on
    the parts the loop over b runs in SIMD registers (n = 16: 9.7 -> 4 us a row, the copy of J's parts
    included)."""
    n = F.shape[0]
    if T.shape[0] == 0:
        for a in range(n):
            hv[a] = F[a]
            for b in range(n):
                Jr[a, b] = J[a, b].real
                Ji[a, b] = J[a, b].imag
        return
    for a in range(n):
        s = 0j
        for c in range(n):
            s += T[a, c] * F[c]
        hv[a] = s
        for b in range(n):
            Jr[a, b] = 0.0
            Ji[a, b] = 0.0
        for c in range(n):
            t = T[a, c]
            if t != 0:
                tr = t.real
                ti = t.imag
                for b in range(n):
                    u = J[c, b].real
                    v = J[c, b].imag
                    Jr[a, b] += tr * u - ti * v
                    Ji[a, b] += tr * v + ti * u


@kernel_njit(error_model="numpy")
def _scale_rows(Jr, Ji, A, rs):
    """rs = the rows' largest moduli (1 for a zero row), A = J / rs row by row, and the largest column sum of
    |A| (its 1-norm): the numbers of :func:`_check_row`'s loops bit for bit (complex / real as numba divides,
    CPython's algorithm with a zero imaginary part: (a + b 0) / r, (b - a 0) / r). The column sums accumulate
    row by row (the loop over a row's entries in SIMD registers; each sum in the order of the rows, so the
    same sums): about half the CPU of the column-by-column loop at n = 16."""
    n = Jr.shape[0]
    for i in range(n):
        s = _row_max_abs(Jr, Ji, i)
        if s < 0.0:
            s = 0.0
            for j in range(n):
                s = max(s, abs(complex(Jr[i, j], Ji[i, j])))
        rs[i] = s if s > 0 else 1.0
    cs = np.zeros(n)
    for i in range(n):              # row by row: each column's sum in the order of the rows, as before
        r = rs[i]
        for j in range(n):
            ar = (Jr[i, j] + Ji[i, j] * 0.0) / r
            ai = (Ji[i, j] - Jr[i, j] * 0.0) / r
            A[i, j] = complex(ar, ai)
            cs[j] += np.sqrt(ar * ar + ai * ai)
    na = 0.0
    for j in range(n):
        c = cs[j]
        if not np.isfinite(c):
            c = _column_sum_hypot(A, j)
        na = max(na, c)
    return na


@kernel_njit
def _check_split(Jr, Ji, F, A, b, piv, rs, exact_from):
    """:func:`_check_row` of the Jacobian with its parts apart (Jr, Ji), the same numbers bit for bit; its row
    scaling by :func:`_scale_rows` (n = 16: the scaling 13.4 -> 7.6 us a row, the hypot of the column sums
    6.8 of it; the LU 3.1, the estimate 6.5)."""
    na = _scale_rows(Jr, Ji, A, rs)
    return _condition_and_newton(F, A, b, piv, rs, na, exact_from)


@kernel_njit(nogil=True)
def endpoint_rows(idx, code, didx, didx2, dcoef, lo, hi, values, outs, n, X, P1, iterations, tol, T, exact_from, Xe, hv,
                  kappa, dn):
    """The endpoint work of the paths ``idx`` in one pass, without the GIL: the refinement of :func:`refine`
    (into Xe; its updates solved with the checks' factorization, :func:`_refine_checked`), the values of the
    system as given (``T F``, T the tape's output transform; an empty T: the identity)
    into hv, and the checks of :func:`endpoint_checks_rows` on ``T J`` into kappa and dn (the condition
    number from :func:`inverse_norm1_estimate`, exact where that estimate exceeds ``exact_from``; 0:
    always exact). Returns the evaluations.

    Examples
    --------
    x^2 = p at p = 4 from x = 2.1 and from x = 0 (a singular Jacobian: kappa and dn infinite):

    >>> import numpy as np
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(1, 1)
    >>> t = b.finish([b.x[0] * b.x[0] - b.p[0]])
    >>> Xe, hv, k, d = np.empty((2, 1), complex), np.empty((2, 1), complex), np.empty(2), np.empty(2)
    >>> ev = endpoint_rows(np.array([0, 1]), *t.args, 1, np.array([[2.1 + 0j], [0j]]), np.full((2, 1), 4 + 0j),
    ...                    3, 1e-12, np.zeros((0, 0), complex), 1e6, Xe, hv, k, d)
    >>> bool(abs(Xe[0, 0] - 2) < 1e-12), k.tolist(), bool(d[0] < 1e-12), float(d[1])
    (True, [1.0, inf], True, inf)
    """
    m = P1.shape[1]
    reg, dreg = _scratch(values, n)
    DP = np.zeros(m, np.complex128)
    F = np.empty(n, np.complex128)
    J = np.empty((n, n), np.complex128)
    Ht = np.empty(n, np.complex128)
    A = np.empty((n, n), np.complex128)
    dx = np.empty(n, np.complex128)
    piv = np.empty(n, np.int64)
    rs = np.empty(n)
    Jr = np.empty((n, n))
    Ji = np.empty((n, n))
    ev = 0
    for q in range(idx.shape[0]):
        i = idx[q]
        x = Xe[q]
        for j in range(n):
            x[j] = X[i, j]
        ev += _refine_checked(code, didx, didx2, dcoef, lo, hi, reg, dreg, outs, n, x, P1[i], DP, iterations, tol,
                              T, exact_from, F, J, Ht, A, dx, piv, rs, Jr, Ji, hv[q], kappa[q:q + 1], dn[q:q + 1])
    return ev


@kernel_njit
def _refine_checked(code, didx, didx2, dcoef, lo, hi, reg, dreg, outs, n, x, p, DP, iterations, tol, T, exact_from,
                    F, J, Ht, A, b, piv, rs, Jr, Ji, hv, kappa, dn):
    """:func:`_refine_row` and :func:`_check_split` of one endpoint with one factorization an evaluation: the
    Newton update is solved with the LU of the row-scaled ``T J`` that the checks factor anyway (A^-1 (T F / rs)
    = J^-1 F), so the last evaluation's update -- below the tolerance and not applied, 96-100% of the endpoints
    the only one -- is the checks' dn, and its LU their condition number's. Writes hv (T F), kappa[0], dn[0] at
    the returned x; returns the evaluations."""
    ev = 0
    for k in range(iterations + 1):
        _run_tape(code, didx, didx2, dcoef, lo, hi, reg, dreg, outs, n, x, p, DP, F, J, Ht)
        ev += 1
        _split_transform(T, F, J, hv, Jr, Ji)
        na = _scale_rows(Jr, Ji, A, rs)
        ok, d = _scaled_newton(hv, A, b, piv, rs)
        if not ok:
            kappa[0], dn[0] = np.inf, np.inf
            return ev
        if k == iterations or not _finite(b) or d <= tol * (1.0 + _maxabs(x)):
            dn[0] = d
            kappa[0] = _condition(A, piv, b, na, exact_from)
            return ev
        for j in range(n):
            x[j] -= b[j]
    return ev


@kernel_njit(_nrt=False)
def classify_rows(idx, near, Xe, xn, rn, kappa, dn, X, cond, resid, singular, tol, out):
    """The classification of refined endpoints (:meth:`algnet.homotopy.tracker.PathTracker.finish`'s, the same
    numbers): for row q of path ``idx[q]``, X takes ``Xe[q]`` if its entries are finite, ``cond`` kappa, ``resid``
    ``rn[q]``, and ``out[q]`` is 0 (success), 1 (failed: not finite, or the Newton update ``dn`` above ``tol`` (1 +
    ``xn[q]``)) or 2 (singular: kappa above ``singular``, or the path stopped near the end, ``near``; the later rule
    wins). ``xn`` and ``rn`` are the rows' largest moduli of Xe and of the values, computed by the caller with
    numpy: numpy's vectorized complex ``abs`` differs from the scalar ``hypot`` here in the last bit (187.7554819178919
    against 187.75548191789187), which the convergence test would read. One call for the 10-15 numpy calls on a few
    rows it replaces (the tracker classifies at every return).

    Examples
    --------
    >>> import numpy as np
    >>> Xe = np.array([[2.0 + 0j], [np.nan + 0j], [1.0 + 0j]])
    >>> xn, rn = np.abs(Xe).max(axis=1), np.array([1e-15, 0.0, np.nan])
    >>> X, cond, resid, out = np.zeros((3, 1), complex), np.zeros(3), np.zeros(3), np.empty(3, np.int8)
    >>> classify_rows(np.arange(3), np.array([False, False, True]), Xe, xn, rn, np.array([1.0, 1.0, 1.0]),
    ...               np.array([0.0, 0.0, 0.0]), X, cond, resid, 1e10, 1e-8, out)
    >>> out.tolist(), X[:, 0].real.tolist(), resid.tolist()[:2], bool(np.isnan(resid[2]))
    ([0, 1, 2], [2.0, 0.0, 1.0], [1e-15, 0.0], True)
    """
    n = Xe.shape[1]
    for q in range(idx.shape[0]):
        i = idx[q]
        good = True
        for j in range(n):
            z = Xe[q, j]
            if not (np.isfinite(z.real) and np.isfinite(z.imag)):
                good = False
        if good:
            for j in range(n):
                X[i, j] = Xe[q, j]
        cond[i] = kappa[q]
        resid[i] = rn[q]
        k = 0
        if not good or not (dn[q] <= tol * (1 + xn[q])):
            k = 1
        if kappa[q] > singular or near[q]:
            k = 2
        out[q] = k
