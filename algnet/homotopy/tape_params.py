"""Linear forms of the parameters lifted out of a tape: computed once per path, not in every evaluation.

A parameter homotopy evaluates its family at ``p(t) = (1 - t) p0 + t p1``, and a linear map Q
commutes with that interpolation: ``Q p(t) = (1 - t) Q p0 + t Q p1``, ``Q dp = Q p1 - Q p0``. So a
sum of parameter terms ``sum_k L_k p_k`` that a tape instruction evaluates (with its derivative
lane) at every evaluation can instead be read from a parameter register holding ``(L p)``, filled
from ``Q p0`` and ``Q p1`` computed once per tracking. :func:`lift_parameter_forms` rewrites a
builder so: every DOT with two or more linear terms on parameters gets one term on a new parameter
register (equal forms share one); the tape's parameters become ``p' = Q p`` (Q: the unit rows of
the original parameters still read elsewhere, then the lifted forms), and
:meth:`algnet.homotopy.tape.Tape.map_parameters` applies Q.

Where the forms come from: a witness system ``R v(theta) - c`` is recorded row-reduced
(:func:`algnet.homotopy.tape_blocks.reduce_output_blocks`: ``M (R v - c)``, M = C_piv^{-1} of a
block of g equations), which mixes the g offsets into every equation: g^2 parameter terms per
evaluation (linear 6-2-4: 256 of the tape's 544 terms, each with its parameter lane), where
``M c`` is a vector of g linear forms of the parameters: one term per equation after lifting.

Terms and lanes: see :func:`lift_parameter_forms`. The block kernel's evaluation with the Jacobian takes up to
1.5x less CPU per path with the lifted tape (the light evaluation up to 1.4x), whole tracking 1.02-1.43x (1,024
paths of ``bench/bench_tracker.py``, one thread), the same statuses, evaluation counts within 27 of
109,078-151,801, endpoints within 2.5e-14 (relative). The tape is then about a quarter of a path's CPU, the LU
and the step the rest. The degrees of the eight systems (``degree(spec, method="monodromy", seed=0,
fiber=False, certify=False)``) and their path counts are unchanged: 6, 6, 24, 20, 15, 48, 81, 105 (the
formulas' where one applies). Mapping p0 and p1 by one ``P @ Q.T`` let OpenBLAS run it on threads that spin
(17 ms of process CPU in a 0.25 s tracking, dense 3-2-2), hence :func:`apply_map` in blocks of rows. The
monodromy scheduler extends its homotopy by a few paths at a time, so the rows are mapped once per row
(``CompiledParameterHomotopy``) rather than all at every step (which took half of linear 6-2-4's degree);
monodromy runs most of its steps path by path, where the tape is a smaller share.

Examples
--------
Two outputs that each read both parameters: lifted, each reads one new parameter (a form of p).

>>> import numpy as np
>>> from algnet.homotopy.tape import TapeBuilder
>>> b = TapeBuilder(1, 2)
>>> x, (p, q) = b.x[0], b.p
>>> t = b.finish([x * x - 2 * p - q, x - p + 3 * q], reduce_outputs=False, map_parameters=True)
>>> t.param_map.real.tolist()
[[-2.0, -1.0], [-1.0, 3.0]]
>>> F, J, Ht = t.evaluate(np.array([2.0]), np.array([1.0, 1.0]), np.array([1.0, 0.0]))
>>> F.real.tolist(), J.real.tolist(), Ht.real.tolist()
([1.0, 4.0], [[4.0], [1.0]], [-2.0, -1.0])
"""

from __future__ import annotations

import numpy as np

__all__ = ["lift_parameter_forms", "apply_map"]

DOT = 3


#: rows of P per product in :func:`apply_map`: OpenBLAS runs larger products on threads that spin (a (N, 20) x
#: (20, 20) complex product, process CPU per call: N = 64 6 us, 128 11 us, 200 0.65 ms, 256 5.3 ms)
MAP_ROWS = 64


def apply_map(Q, P, QT=None):
    """``P Q^T`` for parameters P (..., m) and a map Q (m', m), in products of at most :data:`MAP_ROWS`
    rows (one BLAS thread each); ``QT``: Q^T as a C-contiguous complex array, if the caller keeps one.

    Examples
    --------
    >>> import numpy as np
    >>> apply_map(np.array([[1.0, 0.0], [2.0, 3.0]]), np.array([[1.0, 1.0], [0.0, 2.0]])).real.tolist()
    [[1.0, 5.0], [0.0, 6.0]]
    """
    P = np.asarray(P, dtype=np.complex128)
    if QT is None:
        QT = np.ascontiguousarray(np.asarray(Q, dtype=np.complex128).T)
    if P.ndim == 1 or (P.ndim == 2 and P.shape[0] <= MAP_ROWS):
        # one block: the loop's product (the same BLAS call on the same rows; one vector, the product of one row)
        return np.matmul(P, QT)
    flat = P.reshape(-1, P.shape[-1])
    out = np.empty((flat.shape[0], QT.shape[1]), dtype=np.complex128)
    for a in range(0, flat.shape[0], MAP_ROWS):
        np.matmul(flat[a:a + MAP_ROWS], QT, out=out[a:a + MAP_ROWS])
    return out.reshape(P.shape[:-1] + (QT.shape[1],))


def lift_parameter_forms(b, outs, min_terms: int = 2):
    """Replace the parameter terms of each DOT (at least ``min_terms`` of them) by one term on a new
    parameter register holding their linear form, in place on a builder (after
    :meth:`~algnet.homotopy.tape.TapeBuilder.finish`'s other passes); returns ``(Q, outs)``: the map
    (m' x m complex, the tape's parameters ``Q p``) and the output registers renumbered, or
    ``(None, outs)`` when no DOT qualifies (nothing changed).

    The registers are renumbered: unknowns, the m' parameters of Q, then the constants and the
    intermediate values in their order. Values are the same sums with the parameter part summed
    once per path (equal up to rounding).

    Tape terms and derivative lanes per full evaluation on ``bench/bench_tracker.py``'s witness systems
    (:meth:`~algnet.homotopy.tape.Tape.lane_work`, before -> after lifting):
    linear 6-2-4 544/832 -> 304/592, dense 3-2-3 268/652 -> 178/562, linear 4-2-4 264/384 ->
    132/252, dense 3-2-2 144/350 -> 88/294, conv k=2,2,2 125/587 -> 113/575, conv k=3,3
    81/228 -> 61/208, conv k=2,3 39/113 -> 27/101, linear 3-1-3 59/129 -> 39/109 (terms: DOT terms
    and other instructions). Kernels and whole tracking: see the module doc.

    Examples
    --------
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(1, 2)
    >>> x, (p, q) = b.x[0], b.p
    >>> outs = [b.materialize(x * x + p + q), b.materialize(x * p)]
    >>> b._fuse_products(outs)
    >>> Q, outs2 = lift_parameter_forms(b, outs)
    >>> Q.real.tolist()                           # p itself (read by x p), then the form p + q
    [[1.0, 0.0], [1.0, 1.0]]
    """
    n, m = b.n, b.m
    code, dot_idx, dot_idx2, dot_coef = b.code, b.dot_idx, b.dot_idx2, b.dot_coef
    new_terms = {}                    # DOT position in code -> its terms, form k as the register -(k + 2)
    forms: dict = {}                  # tuple of (param, coef) -> index of the form
    for pos, (op, a, c2, c) in enumerate(code):
        if op != DOT:
            continue
        par, rest = [], []                    # one pass: the parameter terms and the others, in order
        for t in zip(dot_idx[a:c2], dot_idx2[a:c2], dot_coef[a:c2]):
            if t[1] < 0 and n <= t[0] < n + m:
                par.append(t)
            else:
                rest.append(t)
        if len(par) < min_terms:
            continue
        acc: dict = {}
        for r, _, co in par:
            acc[r] = acc.get(r, 0j) + co
        key = tuple(sorted((r, complex(co)) for r, co in acc.items() if co != 0))
        if key:
            k = forms.setdefault(key, len(forms))
            rest.append((-(k + 2), -1, 1 + 0j))
        new_terms[pos] = rest
    if not new_terms:
        return None, outs
    # the original parameters still read anywhere
    used = set()
    for pos, (op, a, c2, c) in enumerate(code):
        if op == DOT:
            ts = new_terms.get(pos)
            if ts is not None:
                used.update(r for t in ts for r in t[:2] if n <= r < n + m)
            else:
                used.update(r for r in dot_idx[a:c2] if n <= r < n + m)
                used.update(r for r in dot_idx2[a:c2] if n <= r < n + m)
        else:
            used.update(r for r in (a, c2) if n <= r < n + m)
    used.update(r for r in outs if n <= r < n + m)
    kept = sorted(used)
    mp = len(kept) + len(forms)
    Q = np.zeros((mp, m), dtype=np.complex128)
    # new register numbers: unknowns, the kept parameters, the forms, then the rest (an unread parameter: None)
    renum = list(range(n)) + [None] * m + list(range(n + mp, n + mp + len(b.values) - n - m))
    for i, r in enumerate(kept):
        Q[i, r - n] = 1
        renum[r] = n + i
    for key, k in forms.items():
        for r, co in key:
            Q[len(kept) + k, r - n] = co
    form0 = n + len(kept) - 2                 # register -(k + 2) -> n + len(kept) + k

    idx, idx2, coef, new_code = [], [], [], []
    for pos, (op, a, c2, c) in enumerate(code):
        if op == DOT:
            ts = new_terms.get(pos)
            start = len(idx)
            if ts is None:
                idx += [renum[r] for r in dot_idx[a:c2]]
                idx2 += [renum[r] if r >= 0 else -1 for r in dot_idx2[a:c2]]
                coef += dot_coef[a:c2]
            else:
                idx += [renum[r1] if r1 >= 0 else form0 - r1 for r1, _, _ in ts]
                idx2 += [renum[r2] if r2 >= 0 else -1 for _, r2, _ in ts]
                coef += [co for _, _, co in ts]
            new_code.append((DOT, start, len(idx), renum[c]))
        else:
            new_code.append((op, renum[a], renum[c2], renum[c]))
    code = new_code
    rest = slice(n + m, len(b.values))
    b.values = b.values[:n] + [0j] * mp + b.values[rest]
    b.lo = b.lo[:n] + [n] * mp + b.lo[rest]
    b.hi = b.hi[:n] + [n + 1] * mp + b.hi[rest]
    b.dot_idx, b.dot_idx2, b.dot_coef, b.code = idx, idx2, coef, code
    b.m_tape = mp
    return Q, [renum[o] for o in outs]
