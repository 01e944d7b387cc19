"""The compiled kernel of :mod:`.disc_tape`: midpoint-radius disc evaluation of an exact tape (:func:`disc_eval`).

A module of its own so that numba is imported only when a disc enclosure is computed: :mod:`.disc_tape`'s
tapes, records and checks are used without it (a loaded structure's first count in a process that has not
imported numba, :mod:`algnet.homotopy.tape_numpy`). The rounding rules are those of :mod:`.disc_tape`'s module doc.

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

import numba
import numpy as np

__all__ = ["disc_eval"]

_njit = numba.njit(cache=True, fastmath=False)

_U = 2.0 ** -53
_ETA = 2.0 ** -996
_UP = 1.0 + 32 * _U


@_njit
def _mul(am, ar, bm, br):
    m = am * bm
    a1 = abs(am)
    a2 = abs(bm)
    return m, (a1 * (br + 3 * _U * a2) + ar * (a2 + br)) * _UP + _ETA


@_njit
def _mul_k(am, a1, ar, bm, br):
    """:func:`_mul` with |am| = a1 given (computed once per register value, used by all its lanes)."""
    m = am * bm
    a2 = abs(bm)
    return m, (a1 * (br + 3 * _U * a2) + ar * (a2 + br)) * _UP + _ETA


@_njit
def _scale(c, am, ar):
    m = c * am
    return m, (abs(c) * ar + 3 * _U * abs(m)) * _UP + _ETA


@_njit
def _add(am, ar, bm, br):
    m = am + bm
    return m, (ar + br + 2 * _U * abs(m)) * _UP + _ETA


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
    npar = P.shape[0]
    for i in range(Xm.shape[0]):
        nl = n if need[i] else 0
        for k in range(nreg):
            m[k] = values[k]
            r[k] = 0.0
        dm[:, :] = 0
        dr[:, :] = 0
        for j in range(n):
            m[j] = Xm[i, j]
            r[j] = Xr[i]
            if nl:
                dm[j, j] = 1.0
        for j in range(npar):
            m[n + j] = P[j]
        for k in range(code.shape[0]):
            op = code[k, 0]
            a = code[k, 1]
            b = code[k, 2]
            c = code[k, 3]
            l0 = lo[c]
            l1 = min(hi[c], nl)
            if op == 2:
                m[c], r[c] = _mul(m[a], r[a], m[b], r[b])
                aa = abs(m[a])
                ab = abs(m[b])
                for l in range(l0, l1):
                    x1, y1 = _mul_k(m[a], aa, r[a], dm[b, l], dr[b, l])
                    x2, y2 = _mul_k(m[b], ab, r[b], dm[a, l], dr[a, l])
                    dm[c, l], dr[c, l] = _add(x1, y1, x2, y2)
            elif op == 3:
                am = 0j
                ar = 0.0
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
                        else:
                            tm, tr = _scale(co, m[q], r[q])
                        am, ar = _add(am, ar, tm, tr)
                        for l in range(lo[q], min(hi[q], nl)):
                            if one:
                                sm, sr = dm[q, l], dr[q, l]
                            else:
                                sm, sr = _scale(co, dm[q, l], dr[q, l])
                            dm[c, l], dr[c, l] = _add(dm[c, l], dr[c, l], sm, sr)
                    else:
                        pm, pr = _mul(m[q], r[q], m[q2], r[q2])
                        if one:
                            tm, tr = pm, pr
                            cbm, cbr = m[q2], r[q2]          # d(co a b) = (co b) da + (co a) db
                            cam, car = m[q], r[q]
                        else:
                            tm, tr = _scale(co, pm, pr)
                            cbm, cbr = _scale(co, m[q2], r[q2])
                            cam, car = _scale(co, m[q], r[q])
                        am, ar = _add(am, ar, tm, tr)
                        cba = abs(cbm)
                        caa = abs(cam)
                        for l in range(lo[q], min(hi[q], nl)):
                            sm, sr = _mul_k(cbm, cba, cbr, dm[q, l], dr[q, l])
                            dm[c, l], dr[c, l] = _add(dm[c, l], dr[c, l], sm, sr)
                        for l in range(lo[q2], min(hi[q2], nl)):
                            sm, sr = _mul_k(cam, caa, car, dm[q2, l], dr[q2, l])
                            dm[c, l], dr[c, l] = _add(dm[c, l], dr[c, l], sm, sr)
                m[c] = am
                r[c] = ar
            elif op == 0:
                m[c], r[c] = _add(m[a], r[a], m[b], r[b])
                for l in range(l0, l1):
                    dm[c, l], dr[c, l] = _add(dm[a, l], dr[a, l], dm[b, l], dr[b, l])
            else:
                m[c], r[c] = _add(m[a], r[a], -m[b], r[b])
                for l in range(l0, l1):
                    dm[c, l], dr[c, l] = _add(dm[a, l], dr[a, l], -dm[b, l], dr[b, l])
        for o in range(outs.shape[0]):
            q = outs[o]
            Fm[i, o] = m[q]
            Fr[i, o] = r[q]
            for j in range(nl):
                Jm[i, o, j] = dm[q, j]
                Jr[i, o, j] = dr[q, j]
