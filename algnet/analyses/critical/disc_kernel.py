"""The compiled kernel of :mod:`.disc_tape`: midpoint-radius disc evaluation of an exact tape (:func:`disc_eval`).

A module of its own so that numba is imported only when a disc enclosure is computed: :mod:`.disc_tape`'s
tapes, records and checks are used without it (a loaded structure's first count in a process that has not
imported numba, :mod:`algnet.homotopy.tape_numpy`). The tape is interpreted in one place, :func:`_sweep` (one
point's registers, a second radius array where asked), by the rounding rules of :mod:`.disc_tape`'s module doc,
each radius formula the one of :mod:`algnet.homotopy.disc_rules` (compiled here from that module, the same functions
numpy evaluates on arrays).
:func:`krawczyk_pass` is the batched Krawczyk test's first pass on such enclosures in one call (the inverses, the
guessed radii, :func:`disc_eval_pair`'s discs at the centres and over the polydiscs, the inclusion test); it stays in
this module with the disc kernels it calls (numba's disk cache of a function is keyed on its own source file only).

Examples
--------
>>> import numpy as np
>>> from algnet.analyses.critical.system import example_family
>>> from algnet.analyses.critical.disc_tape import exact_tape
>>> E = exact_tape(example_family("linear 2-1-2", "generic"))
>>> Fm, Fr, Jm, Jr = E._run(np.zeros((1, 3), complex), 0.0, None)
>>> bool(np.all(Fr >= 0)), Jm.shape
(True, (1, 7, 3))
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy import disc_rules as _rules
from algnet.homotopy.kernel_cache import kernel_njit

__all__ = ["disc_eval", "disc_eval_pair", "krawczyk_pass", "count_apart"]

# cached in the kernels' directory, keyed on the source of the rules they compile (algnet.homotopy.kernel_cache)
_njit = kernel_njit(fastmath=False)

_TINY = 2.0 ** -960        # below it x^2 + y^2 may lose relative accuracy to underflow: hypot instead
_INF = np.inf


@_njit
def _abs(z):
    """|z| to within three roundings: fl(sqrt(fl(fl(x^2) + fl(y^2)))) >= (1 - u)^3 |z| where x^2 + y^2 lies in
    (2^-960, inf) (the larger square is then normal; the smaller one's underflow error, at most 2^-1075, is below
    2^-114 of the sum), else ``abs`` (libm's hypot, overflow- and underflow-safe; nan stays nan). A quarter of
    hypot's cost; the three roundings are counted in the radius formulas' allowance (:mod:`.disc_tape`)."""
    x = z.real
    y = z.imag
    s = x * x + y * y
    if s > _TINY and s < _INF:
        return np.sqrt(s)
    return abs(z)


# the radius rules of :mod:`algnet.homotopy.disc_rules`, compiled for scalars
_r_mul = _njit(_rules.product_radius)       # (a1, ar, a2, br): |m1| = a1, |m2| = a2
_r_add = _njit(_rules.sum_radius)           # (a, ar, br): a = |fl(m1 + m2)|
_r_scale_abs = _njit(_rules.scale_radius)   # (|c|, ar, a): a = |fl(c m)|
_r_inner = _njit(_rules.inner_radius)
_row_bound = _njit(_rules.row_bound)
_k_radius = _njit(_rules.inclusion_radius)
_k_mid = _njit(_rules.inclusion_mid)
_inside = _njit(_rules.inside)
_box_fits = _njit(_rules.box_fits)
_apart = _njit(_rules.apart)


@_njit
def _r_scale(c, a, ar):
    """The radius of c times a disc from the modulus a of the computed product."""
    return _r_scale_abs(abs(c), ar, a)


@_njit
def _mul_k(am, a1, ar, bm, br):
    """The product disc with |am| = a1 given (computed once per register value, used by all its lanes)."""
    m = am * bm
    a2 = _abs(bm)
    return m, _r_mul(a1, ar, a2, br)


@_njit
def _mul_kk(am, a1, ar, bm, a2, br):
    """The product disc with both |am| = a1 and |bm| = a2 given."""
    return am * bm, _r_mul(a1, ar, a2, br)


@_njit
def _scale(c, am, ar):
    m = c * am
    return m, _r_scale_abs(abs(c), ar, _abs(m))


@_njit
def _add(am, ar, bm, br):
    m = am + bm
    return m, _r_add(_abs(m), ar, br)


@_njit
def _start(values, P, x, n, rad, nl, m, r, r0, dm, dr):
    """One point's registers before the tape: the constants, the n variables x (radius ``rad``, the unit Jacobian
    lanes when ``nl``), the parameters P; every radius (r, and r0 unless None) and lane 0 elsewhere."""
    for q in range(values.shape[0]):
        m[q] = values[q]
        r[q] = 0.0
        if r0 is not None:
            r0[q] = 0.0
    dm[:, :] = 0
    dr[:, :] = 0
    for j in range(n):
        m[j] = x[j]
        r[j] = rad
        if nl:
            dm[j, j] = 1.0
    for j in range(P.shape[0]):
        m[n + j] = P[j]


@_njit
def _sweep(code, didx, didx2, dcoef, lo, hi, nl, m, r, r0, dm, dr):
    """Run the tape on one point's registers: the midpoints m, their radii r and, unless r0 is None, second radii r0
    from the same midpoints and moduli (each midpoint and modulus computed once, each radius by the same operations
    as a run of its own; r0 None: numba compiles the sweep without them); the Jacobian lanes dm, dr below ``nl`` (the
    lanes of register c: lo[c] .. hi[c])."""
    tr0 = 0.0
    pr0 = 0.0
    for k in range(code.shape[0]):
        op = code[k, 0]
        a = code[k, 1]
        b = code[k, 2]
        c = code[k, 3]
        l0 = lo[c]
        l1 = min(hi[c], nl)
        if op == 2:
            aa = _abs(m[a])
            ab = _abs(m[b])
            if r0 is not None:
                r0[c] = _r_mul(aa, r0[a], ab, r0[b])
            m[c], r[c] = _mul_kk(m[a], aa, r[a], m[b], ab, r[b])
            for l in range(l0, l1):
                x1, y1 = _mul_k(m[a], aa, r[a], dm[b, l], dr[b, l])
                x2, y2 = _mul_k(m[b], ab, r[b], dm[a, l], dr[a, l])
                dm[c, l], dr[c, l] = _add(x1, y1, x2, y2)
        elif op == 3:
            am = 0j
            ar = 0.0
            ar0 = 0.0
            for l in range(l0, l1):
                dm[c, l] = 0
                dr[c, l] = 0.0
            for t in range(a, b):
                q = didx[t]
                co = dcoef[t]
                q2 = didx2[t]
                one = co == 1.0            # a coefficient 1: the product by it is exact (no rounding)
                if q2 < 0:
                    if one:
                        tm, tr = m[q], r[q]
                        if r0 is not None:
                            tr0 = r0[q]
                    else:
                        tm = co * m[q]
                        ta = _abs(tm)
                        tr = _r_scale(co, ta, r[q])
                        if r0 is not None:
                            tr0 = _r_scale(co, ta, r0[q])
                    for l in range(lo[q], min(hi[q], nl)):
                        if one:
                            sm, sr = dm[q, l], dr[q, l]
                        else:
                            sm, sr = _scale(co, dm[q, l], dr[q, l])
                        dm[c, l], dr[c, l] = _add(dm[c, l], dr[c, l], sm, sr)
                else:
                    qa = _abs(m[q])
                    qb = _abs(m[q2])
                    pm, pr = _mul_kk(m[q], qa, r[q], m[q2], qb, r[q2])
                    if r0 is not None:
                        pr0 = _r_mul(qa, r0[q], qb, r0[q2])
                    if one:
                        tm, tr, tr0 = pm, pr, pr0
                        cbm, cbr = m[q2], r[q2]          # d(co a b) = (co b) da + (co a) db
                        cam, car = m[q], r[q]
                        cba = qb
                        caa = qa
                    else:
                        tm = co * pm
                        ta = _abs(tm)
                        tr = _r_scale(co, ta, pr)
                        if r0 is not None:
                            tr0 = _r_scale(co, ta, pr0)
                        cbm, cbr, cba, cam, car, caa = 0j, 0.0, 0.0, 0j, 0.0, 0.0
                        if nl:           # (the lanes' factors: none without lanes)
                            cbm, cbr = _scale(co, m[q2], r[q2])
                            cam, car = _scale(co, m[q], r[q])
                            cba = _abs(cbm)
                            caa = _abs(cam)
                    for l in range(lo[q], min(hi[q], nl)):
                        sm, sr = _mul_k(cbm, cba, cbr, dm[q, l], dr[q, l])
                        dm[c, l], dr[c, l] = _add(dm[c, l], dr[c, l], sm, sr)
                    for l in range(lo[q2], min(hi[q2], nl)):
                        sm, sr = _mul_k(cam, caa, car, dm[q2, l], dr[q2, l])
                        dm[c, l], dr[c, l] = _add(dm[c, l], dr[c, l], sm, sr)
                # the term (tm, tr, tr0) added to the sum (the lanes above touch other numbers: same results)
                am = am + tm
                sa = _abs(am)
                ar = _r_add(sa, ar, tr)
                if r0 is not None:
                    ar0 = _r_add(sa, ar0, tr0)
            m[c] = am
            r[c] = ar
            if r0 is not None:
                r0[c] = ar0
        else:                              # 0: a + b, 1: a - b
            bm = m[b] if op == 0 else -m[b]
            mc = m[a] + bm
            sa = _abs(mc)
            rc = _r_add(sa, r[a], r[b])
            if r0 is not None:
                r0[c] = _r_add(sa, r0[a], r0[b])
            m[c], r[c] = mc, rc
            for l in range(l0, l1):
                dm[c, l], dr[c, l] = _add(dm[a, l], dr[a, l], dm[b, l] if op == 0 else -dm[b, l], dr[b, l])


@_njit
def disc_eval(code, didx, didx2, dcoef, lo, hi, values, outs, n, Xm, Xr, P, need, Fm, Fr, Jm, Jr):
    """Discs (Fm, Fr) of the outputs and (Jm, Jr) of their Jacobian over the polydiscs |x - Xm[i]| <= Xr[i]
    (coordinatewise), the parameters P (exact points) and the tape's constants (exact), for every row i; the
    Jacobian only for the rows with ``need[i]`` (the others: no lanes, Jm and Jr left as they are).

    Examples
    --------
    The discs at one point (radius 0: only rounding) contain the gradient the family evaluates in floats:

    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2", "generic")
    >>> from algnet.analyses.critical.disc_tape import exact_tape
    >>> E = exact_tape(fam)
    >>> t, S = E.tape, E.system
    >>> X, k = np.array([[0.3, -0.2, 0.5]], complex), len(t.outputs)
    >>> Fm, Fr = np.empty((1, k), complex), np.empty((1, k))
    >>> Jm, Jr = np.empty((1, k, 3), complex), np.empty((1, k, 3))
    >>> disc_eval(t.code, t.dot_idx, t.dot_idx2, t.dot_coef, t.lo, t.hi, t.values, t.outputs, 3, X, np.zeros(1),
    ...           S.parameters(fam.Q, fam.loss.u), np.array([True]), Fm, Fr, Jm, Jr)
    >>> G, H = fam.evaluate(X, fam.loss.u)
    >>> bool(np.all(np.abs(Fm[0, :3] - G[0]) <= Fr[0, :3] + 1e-12))
    True
    >>> bool(np.all(np.abs(Jm[0, :3] - H[0]) <= Jr[0, :3] + 1e-12))
    True
    """
    nreg = values.shape[0]
    m = np.empty(nreg, dtype=np.complex128)
    r = np.empty(nreg, dtype=np.float64)
    dm = np.zeros((nreg, n), dtype=np.complex128)
    dr = np.zeros((nreg, n), dtype=np.float64)
    for i in range(Xm.shape[0]):
        nl = n if need[i] else 0
        _start(values, P, Xm[i], n, Xr[i], nl, m, r, None, dm, dr)
        _sweep(code, didx, didx2, dcoef, lo, hi, nl, m, r, None, dm, dr)
        for o in range(outs.shape[0]):
            q = outs[o]
            Fm[i, o] = m[q]
            Fr[i, o] = r[q]
            for j in range(nl):
                Jm[i, o, j] = dm[q, j]
                Jr[i, o, j] = dr[q, j]


@_njit
def disc_eval_pair(code, didx, didx2, dcoef, lo, hi, values, outs, n, X, rad, P, Fm, Fr, Jm, Jr):
    """:func:`disc_eval` on the 2k rows (X, radius 0, no Jacobian) and (X, radii ``rad``, with the Jacobian) in one
    sweep per point: the midpoints do not depend on the radii, so each midpoint, and each modulus of one, is computed
    once and both radii from it (:func:`_sweep` with its second radius array, each radius by the operations of
    :func:`disc_eval`'s own run: the same numbers, bit for bit). Rows 0..k-1
    of Fm, Fr get the centres' discs, rows k..2k-1 of Fm, Fr, Jm, Jr the polydiscs'.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> from algnet.analyses.critical.disc_tape import exact_tape
    >>> fam = example_family("linear 2-1-2", "generic")
    >>> E = exact_tape(fam)
    >>> t, S = E.tape, E.system
    >>> X, k = np.array([[0.3, -0.2, 0.5]], complex), len(t.outputs)
    >>> out = [np.empty((2, k), complex), np.empty((2, k)), np.empty((2, k, 3), complex), np.empty((2, k, 3))]
    >>> disc_eval_pair(t.code, t.dot_idx, t.dot_idx2, t.dot_coef, t.lo, t.hi, t.values, t.outputs, 3, X,
    ...                np.array([1e-9]), S.parameters(fam.Q, fam.loss.u), *out)
    >>> two = [np.empty((2, k), complex), np.empty((2, k)), np.empty((2, k, 3), complex), np.empty((2, k, 3))]
    >>> disc_eval(t.code, t.dot_idx, t.dot_idx2, t.dot_coef, t.lo, t.hi, t.values, t.outputs, 3,
    ...           np.concatenate([X, X]), np.array([0.0, 1e-9]), S.parameters(fam.Q, fam.loss.u),
    ...           np.array([False, True]), *two)
    >>> all(np.array_equal(a, b) for a, b in zip(out[:2], two[:2]))
    True
    >>> np.array_equal(out[2][1], two[2][1]) and np.array_equal(out[3][1], two[3][1])
    True
    """
    nreg = values.shape[0]
    k = X.shape[0]
    m = np.empty(nreg, dtype=np.complex128)
    r = np.empty(nreg, dtype=np.float64)
    r0 = np.zeros(nreg, dtype=np.float64)
    dm = np.zeros((nreg, n), dtype=np.complex128)
    dr = np.zeros((nreg, n), dtype=np.float64)
    for i in range(k):
        _start(values, P, X[i], n, rad[i], n, m, r, r0, dm, dr)
        _sweep(code, didx, didx2, dcoef, lo, hi, n, m, r, r0, dm, dr)
        for o in range(outs.shape[0]):
            q = outs[o]
            Fm[i, o] = m[q]
            Fr[i, o] = r0[q]
            Fm[k + i, o] = m[q]
            Fr[k + i, o] = r[q]
            for j in range(n):
                Jm[k + i, o, j] = dm[q, j]
                Jr[k + i, o, j] = dr[q, j]


@_njit
def _point_matvec(Y, p, gm, gr, n, out_m, out_r):
    """Row p of :func:`algnet.homotopy.discs.point_matmul` (Y[p] times the disc vector (gm, gr)), in loops: the
    midpoints sum_j Y_ij gm_j, the radii sum_j |Y_ij| gr_j + 2 (n + 3) u sum_j |Y_ij| |gm_j|, raised by the factor
    1 + (2n + 32) u and 2^-996 (:func:`algnet.homotopy.disc_rules.inner_radius`, any summation order; a modulus is
    :func:`_abs`'s three roundings, within that rule's allowance of n + 16)."""
    for i in range(n):
        sm = 0j
        a = 0.0
        b = 0.0
        for j in range(n):
            y = Y[p, i, j]
            ay = _abs(y)
            sm += y * gm[j]
            a += ay * gr[j]
            b += ay * _abs(gm[j])
        out_m[i] = sm
        out_r[i] = _r_inner(a, b, n)


@_njit
def _inverse(A, Y):
    """Y = A^-1 (n, n) by Gauss-Jordan elimination with partial pivoting (the largest |re| + |im| in the column, as
    LAPACK's); False (Y unfinished) at an exactly zero pivot, where LAPACK reports a singular matrix."""
    n = A.shape[0]
    M = A.copy()
    for i in range(n):
        for j in range(n):
            Y[i, j] = 1.0 if i == j else 0.0
    for c in range(n):
        piv = c
        best = abs(M[c, c].real) + abs(M[c, c].imag)
        for r in range(c + 1, n):
            v = abs(M[r, c].real) + abs(M[r, c].imag)
            if v > best:
                best = v
                piv = r
        if best == 0:
            return False
        if piv != c:
            for j in range(n):
                M[c, j], M[piv, j] = M[piv, j], M[c, j]
                Y[c, j], Y[piv, j] = Y[piv, j], Y[c, j]
        q = 1.0 / M[c, c]
        for j in range(n):
            M[c, j] *= q
            Y[c, j] *= q
        for r in range(n):
            f = M[r, c]
            if r != c and f != 0:
                for j in range(n):
                    M[r, j] -= f * M[c, j]
                    Y[r, j] -= f * Y[c, j]
    return True


@_njit
def count_apart(M, R):
    """The rows of discs (M, R) (k, q) apart from every other row in some coordinate (the rule
    :func:`algnet.homotopy.disc_rules.apart`; the small-pairs test of :func:`algnet.homotopy.certify.distinct_count`).

    Examples
    --------
    >>> import numpy as np
    >>> M = np.array([[0.0], [1.0], [1.0 + 1e-9j]], dtype=complex)
    >>> int(count_apart(M, np.full((3, 1), 1e-3)))
    1
    """
    k, q = M.shape
    count = 0
    for i in range(k):
        alone = True
        for j in range(k):
            if j == i:
                continue
            apart = False
            for c in range(q):
                if _apart(abs(M[i, c] - M[j, c]), R[i, c], R[j, c]):
                    apart = True
                    break
            if not apart:
                alone = False
                break
        if alone:
            count += 1
    return count


@_njit
def krawczyk_pass(code, didx, didx2, dcoef, lo, hi, values, outs, n, X, F, Jf, fixed, radius, Pq, u, scale, pairs):
    """The first pass of the batched Krawczyk test (:func:`algnet.homotopy.certify.krawczyk_batch`) in one call, for
    k points X of sizes ``scale`` = 1 + max_j |X_j| (numpy's, a nan where a coordinate is not finite), from the
    float values F (k, n) and Jacobians Jf (k, n, n) at X: the approximate inverses Y[p] of Jf[p] (:func:`_inverse`;
    any Y keeps the test valid), the Newton steps d = Y F and the guessed radii (``radius`` where ``fixed``, else
    max(64 max_i |d_i|, 1e-8 scale), 0 where not finite); :func:`disc_eval_pair`'s discs of G at the k centres
    (radius 0) and of G' over the polydiscs of the guessed radii (the parameters: ``Pq`` and then the target ``u``);
    then per point p, with Y[p] (exact entries): the discs of Y G(x~) (``ym``, ``yr``; ``step`` = max_i |ym_i| +
    yr_i), the row sums of |I - Y G'(X)| (the contraction bound, ``contraction``, inf where not finite) and ``ok``
    where K(X) - x~ = -Y G(x~) + (I - Y G'(X)) (X - x~) lies in the open polydisc, by the rules of
    :mod:`algnet.homotopy.disc_rules` (the inner products' radii, the rows' bounds, the inclusion; those numpy's
    pass evaluates on arrays), ``live`` False where the step is not finite; ``radii``: the guessed radius where
    ``ok``, else 0. Moduli in radii by :func:`_abs` (its three roundings within the allowances of those rules); |Y
    G(x~)|'s midpoint in the inclusion by hypot, one rounding, as the rule assumes. ``apart``: when every point
    passed and k^2 times the number of images is at most ``pairs``, :func:`count_apart` of the image discs over the
    polydiscs (the distinctness test of the certified points with their images as keys), else -1.

    Returns ``(status, Y, guess, live, radii, ym, yr, step, ok, contraction, Im, Ir, IJ, apart)`` (Im, Ir:
    the image discs over the polydiscs, IJ their Jacobian's midpoints, :func:`disc_eval`'s outputs after the first
    n); ``status`` 1 (the rest unset) when a size is not finite, 2 when a Jacobian is singular, else 0.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> from algnet.analyses.critical.disc_tape import exact_tape
    >>> fam = example_family("linear 2-1-2", "generic")
    >>> E = exact_tape(fam)
    >>> X = np.random.default_rng(0).normal(size=(2, 3)) + 0j             # not critical points
    >>> F, J = fam.evaluate(X, fam.loss.u)
    >>> out = E.krawczyk_pass(X, F, J, None, fam.loss.u, 1 + np.abs(X).max(axis=1))
    >>> bool(np.allclose(out[0] @ J, np.eye(3))), out[7].tolist(), bool(np.all(out[1] > 0))
    (True, [False, False], True)
    """
    k = X.shape[0]
    L = 2 * k
    K = outs.shape[0]
    Y = np.empty((k, n, n), dtype=np.complex128)
    guess = np.empty(k)
    live = np.ones(k, dtype=np.bool_)
    radii = np.zeros(k)
    Fm = np.empty((L, K), dtype=np.complex128)
    Fr = np.empty((L, K))
    Jm = np.empty((L, K, n), dtype=np.complex128)
    Jr = np.empty((L, K, n))
    ym = np.empty((k, n), dtype=np.complex128)
    yr = np.empty((k, n))
    step = np.empty(k)
    ok = np.zeros(k, dtype=np.bool_)
    contraction = np.empty(k)
    Im, Ir, IJ = Fm[k:, n:], Fr[k:, n:], Jm[k:, n:, :]
    for p in range(k):
        if not np.isfinite(scale[p]):
            return 1, Y, guess, live, radii, ym, yr, step, ok, contraction, Im, Ir, IJ, -1
    for p in range(k):
        if not _inverse(Jf[p], Y[p]):
            return 2, Y, guess, live, radii, ym, yr, step, ok, contraction, Im, Ir, IJ, -1
    for p in range(k):
        dmax = 0.0
        nan = False
        for i in range(n):
            s = 0j
            for j in range(n):
                s += Y[p, i, j] * F[p, j]
            v = abs(s)
            nan |= v != v
            dmax = max(dmax, v)
        g = radius if fixed else (np.nan if nan else max(64 * dmax, 1e-8 * scale[p]))
        guess[p] = g if np.isfinite(g) else 0.0
    disc_eval_pair(code, didx, didx2, dcoef, lo, hi, values, outs, n, X, guess, np.concatenate((Pq, u)), Fm, Fr, Jm, Jr)
    every = True
    for p in range(k):
        _point_matvec(Y, p, Fm[p, :n], Fr[p, :n], n, ym[p], yr[p])
        s = 0.0
        for i in range(n):
            v = _abs(ym[p, i]) + yr[p, i]
            s = v if v > s or not np.isfinite(v) else s
            if not np.isfinite(s):
                break
        if not np.isfinite(s):
            s = np.inf
            live[p] = False
        step[p] = s
        rho = guess[p]
        inside = True
        c = 0.0
        for i in range(n):
            row = 0.0
            for l in range(n):          # (I - Y G'(X))_il: Y[p] times column l of the Jacobian discs
                sm = 0j
                a = 0.0
                b = 0.0
                for j in range(n):
                    y = Y[p, i, j]
                    ay = _abs(y)
                    h = Jm[k + p, j, l]
                    sm += y * h
                    a += ay * Jr[k + p, j, l]
                    b += ay * _abs(h)
                im = (1.0 if i == l else 0.0) - sm
                row += _row_bound(_abs(im), _r_inner(a, b, n))
            # |ym| by hypot (one rounding, as numpy's), the rule's assumption
            if not _inside(_k_mid(abs(ym[p, i])), _k_radius(row, rho, yr[p, i], n), rho):
                inside = False
            c = max(c, row) if np.isfinite(row) else np.inf
        contraction[p] = c
        ok[p] = inside and live[p] and _box_fits(rho, scale[p])
        if ok[p]:
            radii[p] = rho
        else:
            every = False
    apart = count_apart(Im, Ir) if every and k * k * (K - n) <= pairs else -1
    return 0, Y, guess, live, radii, ym, yr, step, ok, contraction, Im, Ir, IJ, apart
