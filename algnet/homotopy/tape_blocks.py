"""Row reduction of blocks of recorded outputs that share their terms (random slices), and term compaction.

Used by :meth:`algnet.homotopy.tape.TapeBuilder.finish`; the measurement behind the row
reduction is in :mod:`algnet.homotopy.kernels`.

Examples
--------
>>> from algnet.homotopy.tape import TapeBuilder
>>> b = TapeBuilder(2, 0)
>>> x, y = b.x
>>> t = b.finish([x * x + 2 * (x * y) + 3 * (y * y), 4 * (x * x) + 5 * (x * y) + 7 * (y * y)])
>>> t.transform is not None                   # two outputs over the same three products: reduced
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["reduce_output_blocks", "compact_terms"]

DOT = 3


def _x_dependent(b, r) -> bool:
    """Register r depends on the unknowns (has a tangent lane below n)."""
    return r >= 0 and b.hi[r] > b.lo[r] and b.lo[r] < b.n


def _pivot_columns(C):
    """Columns of C (g x s, g <= s) chosen by Gaussian elimination with complete pivoting."""
    A = np.array(C, dtype=np.complex128)
    g = A.shape[0]
    piv = []
    free = np.ones(A.shape[1], dtype=bool)
    for k in range(g):
        sub = np.where(free[None, :], np.abs(A[k:]), -1.0)
        i, j = np.unravel_index(int(np.argmax(sub)), sub.shape)
        i += k
        if sub[i - k, j] <= 0:
            return None
        A[[k, i]] = A[[i, k]]
        A[k + 1:] -= np.outer(A[k + 1:, j] / A[k, j], A[k])
        piv.append(int(j))
        free[j] = False
    return piv


# a block of outputs is row-reduced only when its pivot block is this well conditioned
_MAX_BLOCK_CONDITION = 1e8


def reduce_output_blocks(b, outs):
    """Row-reduce blocks of outputs that are linear combinations of one set of terms; returns T or None.

    A slicing system ``R v(x) - p`` (R a random g x s matrix, v the s values
    of a network at sample inputs) records g DOT outputs over the same s
    terms: g s term derivatives per evaluation. Replacing the block F by
    ``M F`` with ``M = C_piv^{-1}`` (C the g x s coefficients, C_piv the g
    columns of a complete-pivoting elimination) gives the form ``[I | R']``:
    every output keeps one pivot term with coefficient 1 and the s - g
    non-pivot terms, so the block costs g (s - g + 1) term derivatives
    (the parameter and constant terms, one lane at most, are mixed by M).
    The equations have the same solutions (M is invertible), Newton updates
    ``-J^{-1} F`` and velocities ``-J^{-1} H_t`` are unchanged (M cancels),
    so the tracker takes the same steps. The returned k x k matrix T (k
    outputs) maps the recorded outputs back: ``F = T F_recorded``,
    ``J = T J_recorded`` (None: nothing was changed).

    Examples
    --------
    Two equations over the same three products: recorded as [I | R'], restored by T.

    >>> import numpy as np
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(2, 0)
    >>> x, y = b.x
    >>> t = b.finish([x * x + 2 * (x * y) + 3 * (y * y), 4 * (x * x) + 5 * (x * y) + 7 * (y * y)])
    >>> t.transform.shape
    (2, 2)
    >>> F, J, _ = t.evaluate(np.array([1.0, 2.0]), np.zeros(0), np.zeros(0))
    >>> np.round(F.real, 12).tolist(), np.round(J.real, 12).tolist()
    ([17.0, 42.0], [[6.0, 14.0], [18.0, 33.0]])
    """
    k = len(outs)
    producer = {ins[3]: t for t, ins in enumerate(b.code) if ins[0] == DOT}
    used: set = set()
    for op, a, c2, c in b.code:
        if op == DOT:
            used.update(b.dot_idx[a:c2])
            used.update(r for r in b.dot_idx2[a:c2] if r >= 0)
        else:
            used.update((a, c2))
    seen: dict = {}
    for o in outs:
        seen[o] = seen.get(o, 0) + 1
    rows, groups = {}, {}
    for i, o in enumerate(outs):
        if seen[o] != 1 or o in used or o not in producer:
            continue
        _, a, c2, _ = b.code[producer[o]]
        heavy, cheap = {}, {}
        for t in range(a, c2):
            key = (b.dot_idx[t], b.dot_idx2[t])
            d = heavy if (_x_dependent(b, key[0]) or _x_dependent(b, key[1])) else cheap
            d[key] = d.get(key, 0j) + b.dot_coef[t]
        rows[i] = (heavy, cheap)
        groups.setdefault(tuple(sorted(heavy)), []).append(i)
    T = None
    for keys, grp in groups.items():
        g, s = len(grp), len(keys)
        if g < 2 or s <= g:
            continue
        C = np.array([[rows[i][0][key] for key in keys] for i in grp], dtype=np.complex128)
        piv = _pivot_columns(C)
        if piv is None or not np.linalg.cond(C[:, piv]) < _MAX_BLOCK_CONDITION:
            continue
        M = np.linalg.inv(C[:, piv])
        Cn = M @ C
        Cn[:, piv] = np.eye(g)
        for r_, i in enumerate(grp):
            cheap: dict = {}
            for q_, i2 in enumerate(grp):
                for key, c in rows[i2][1].items():
                    cheap[key] = cheap.get(key, 0j) + M[r_, q_] * c
            terms = [(key, Cn[r_, j]) for j, key in enumerate(keys) if Cn[r_, j] != 0]
            terms += [(key, c) for key, c in cheap.items() if c != 0]
            start = len(b.dot_idx)
            for (r1, r2), c in terms:
                b.dot_idx.append(r1)
                b.dot_idx2.append(r2)
                b.dot_coef.append(complex(c))
            o = outs[i]
            b.code[producer[o]] = (DOT, start, len(b.dot_idx), o)
            iv = [(b.lo[r], b.hi[r]) for (r1, r2), _ in terms for r in (r1, r2) if r >= 0 and b.hi[r] > b.lo[r]]
            b.lo[o] = min(v[0] for v in iv) if iv else 0
            b.hi[o] = max(v[1] for v in iv) if iv else 0
        if T is None:
            T = np.eye(k, dtype=np.complex128)
        T[np.ix_(grp, grp)] = C[:, piv]
    if T is not None:
        compact_terms(b)
    return T


def compact_terms(b):
    """Drop the DOT terms no instruction refers to (renumbering the ranges), in place on a builder.

    Examples
    --------
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(2, 0)
    >>> r = b.materialize(2 * b.x[0] + 3 * b.x[1])
    >>> b.dot_idx2 = [-1] * len(b.dot_idx)
    >>> b.code = []                                # the DOT dropped: its terms go too
    >>> compact_terms(b)
    >>> b.dot_idx, b.dot_coef
    ([], [])
    """
    idx, idx2, coef, code = [], [], [], []
    for op, a, c2, c in b.code:
        if op == DOT:
            start = len(idx)
            idx += b.dot_idx[a:c2]
            idx2 += b.dot_idx2[a:c2]
            coef += b.dot_coef[a:c2]
            a, c2 = start, len(idx)
        code.append((op, a, c2, c))
    b.dot_idx, b.dot_idx2, b.dot_coef, b.code = idx, idx2, coef, code
