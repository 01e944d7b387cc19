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


def _pivot_columns(C):
    """Columns of C (g x s, g <= s) chosen by Gaussian elimination with complete pivoting."""
    A = np.array(C, dtype=np.complex128)
    g = A.shape[0]
    piv = []
    s = A.shape[1]
    taken = np.zeros(s)               # -inf on the pivot columns taken: never the largest of a row's moduli
    for k in range(g):
        sub = np.abs(A[k:])
        sub += taken
        flat = int(np.argmax(sub))
        i, j = k + flat // s, flat % s
        if sub.flat[flat] <= 0:
            return None
        if i != k:
            row = A[k].copy()
            A[k] = A[i]
            A[i] = row
        A[k + 1:] -= np.outer(A[k + 1:, j] / A[k, j], A[k])
        piv.append(j)
        taken[j] = -np.inf
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
    code, idx, idx2, coef, lo, hi = b.code, b.dot_idx, b.dot_idx2, b.dot_coef, b.lo, b.hi
    producer, used = {}, set()
    for t, (op, a, c2, c) in enumerate(code):
        if op == DOT:
            producer[c] = t
            used.update(idx[a:c2])
            used.update(idx2[a:c2])          # -1 (a linear term) too: no output is register -1
        else:
            used.add(a)
            used.add(c2)
    # register -> depends on the unknowns (a tangent lane below n); the extra last entry answers for -1
    xdep = [h > l and l < b.n for l, h in zip(lo, hi)] + [False]
    seen: dict = {}
    for o in outs:
        seen[o] = seen.get(o, 0) + 1
    rows, groups = {}, {}
    for i, o in enumerate(outs):
        if seen[o] != 1 or o in used or o not in producer:
            continue
        _, a, c2, _ = code[producer[o]]
        heavy, cheap = {}, {}
        for key, c in zip(zip(idx[a:c2], idx2[a:c2]), coef[a:c2]):
            d = heavy if (xdep[key[0]] or xdep[key[1]]) else cheap
            d[key] = d.get(key, 0j) + c
        rows[i] = (heavy, cheap)
        groups.setdefault(tuple(sorted(heavy)), []).append(i)
    T = None
    for keys, grp in groups.items():
        g, s = len(grp), len(keys)
        if g < 2 or s <= g:
            continue
        C = np.array([[rows[i][0][key] for key in keys] for i in grp], dtype=np.complex128)
        piv = _pivot_columns(C)
        if piv is None or not _condition(C[:, piv]) < _MAX_BLOCK_CONDITION:
            continue
        M = np.linalg.inv(C[:, piv])
        Cn = M @ C
        Cn[:, piv] = np.eye(g)
        Ml, Cnl = M.tolist(), Cn.tolist()     # Python complex: the same products and sums as numpy's scalars
        for r_, i in enumerate(grp):
            cheap: dict = {}
            for m_, i2 in zip(Ml[r_], grp):
                for key, c in rows[i2][1].items():
                    cheap[key] = cheap.get(key, 0j) + m_ * c
            terms = [(key, c) for key, c in zip(keys, Cnl[r_]) if c != 0]
            terms += [(key, c) for key, c in cheap.items() if c != 0]
            start = len(idx)
            l0, h0 = None, 0
            for (r1, r2), c in terms:
                idx.append(r1)
                idx2.append(r2)
                coef.append(complex(c))
                for r in (r1, r2):
                    if r >= 0 and hi[r] > lo[r]:
                        if l0 is None or lo[r] < l0:
                            l0 = lo[r]
                        if hi[r] > h0:
                            h0 = hi[r]
            o = outs[i]
            code[producer[o]] = (DOT, start, len(idx), o)
            lo[o], hi[o] = (0, 0) if l0 is None else (l0, h0)
        if T is None:
            T = np.eye(k, dtype=np.complex128)
        T[np.ix_(grp, grp)] = C[:, piv]
    if T is not None:
        compact_terms(b)
    return T


def _condition(C):
    """The 2-norm condition number of a square matrix, as ``np.linalg.cond`` computes it (its singular values'
    ratio) without that function's checks."""
    sv = np.linalg.svd(C, compute_uv=False)
    return sv[0] / sv[-1] if sv[-1] > 0 else np.inf


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
