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

from operator import itemgetter

import numpy as np

__all__ = ["reduce_output_blocks", "compact_terms"]

DOT = 3


def _costed_pivot_columns(C, cost, tol: float = 0.1):
    """Columns of C (g x s, g <= s) chosen by Gaussian elimination with threshold pivoting by cost: at each step,
    among the columns whose largest remaining modulus is at least ``tol`` times the largest of all, the one of the
    highest ``cost`` (of equal costs, the largest modulus), its entry of largest modulus the pivot; None when
    C's rank is below g. Multipliers are at most 1 in modulus (a pivot is its column's largest remaining entry), and
    a pivot is at least ``tol`` times the largest remaining entry of C.

    Examples
    --------
    >>> import numpy as np
    >>> C = np.array([[1.0, 5.0, 2.0], [3.0, 1.0, 4.0]])
    >>> _costed_pivot_columns(C, [0, 0, 0]), _costed_pivot_columns(C, [2, 0, 1])   # costs equal: the largest
    ([1, 2], [0, 2])
    >>> _costed_pivot_columns(C, [0, 0, 1], tol=0.5), _costed_pivot_columns(C, [0, 0, 1], tol=0.9)  # |4| < 0.9 |5|
    ([2, 1], [1, 2])
    """
    A = np.array(C, dtype=np.complex128)
    g, s = A.shape
    # the costs as ranks 0, 1, ...: rank + modulus / largest (in (0, 1]) orders by cost, then by modulus
    rank = np.unique(np.asarray(cost, dtype=float), return_inverse=True)[1].reshape(-1).astype(float)
    free = np.ones(s)
    piv = []
    for k in range(g):
        mod = np.abs(A[k:])
        colmax = mod.max(axis=0)
        colmax *= free                          # taken columns: 0, never a candidate (the largest is > 0)
        best = colmax.max()
        if best <= 0:
            return None
        j = int(np.argmax(np.where(colmax >= tol * best, rank + colmax / best, -1.0)))
        i = k + int(np.argmax(mod[:, j]))
        if i != k:
            A[[k, i]] = A[[i, k]]
        A[k + 1:] -= np.outer(A[k + 1:, j] / A[k, j], A[k])
        piv.append(j)
        free[j] = 0.0
    return piv


def _key_costs(b, keys) -> list:
    """The cost of each term key (r1, r2) of a block in the inlining cost model
    (:func:`algnet.homotopy.tape_inline._term_cost`): a linear term on a DOT register the cheaper of the term
    and that register's own terms (what inlining would leave), else the term's.

    Examples
    --------
    x0 alone: 1.6 + 1 + 0.67 x 1.4 = 3.54; the product x0 x1: 2.2 + 1.5 x 2 + 0.67 x 1.3 = 6.07; r = x0 x3 +
    x1 x2 on lanes 0..4: 1.6 + 4 + 0.94 = 6.54, below its own two products (12.14).

    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(4, 0)
    >>> r = b.materialize(b.x[0] * b.x[3] + b.x[1] * b.x[2])
    >>> b._fuse_products([r])
    >>> [round(c, 2) for c in _key_costs(b, [(r, -1), (0, -1), (0, 1)])]
    [6.54, 3.54, 6.07]
    """
    from algnet.homotopy.tape_inline import INLINE_COST, _term_cost

    own = {c: (a, c2) for op, a, c2, c in b.code if op == DOT}
    lo, hi, idx, idx2 = b.lo, b.hi, b.dot_idx, b.dot_idx2
    out = []
    k = INLINE_COST
    for r1, r2 in keys:
        cost = _term_cost(lo, hi, r1, r2, k)
        if r2 < 0 and r1 in own:
            a, c2 = own[r1]
            if -1 in idx2[a:c2]:
                total = sum(_term_cost(lo, hi, s1, s2, k) for s1, s2 in zip(idx[a:c2], idx2[a:c2]))
            else:                   # products only (a network's coefficient): _term_cost's arithmetic, inlined
                prod, lane, light = k["prod"], k["prod_lane"], k["light"] * k["prod_light"]
                total = sum(prod + lane * (hi[s1] - lo[s1] + hi[s2] - lo[s2]) + light
                            for s1, s2 in zip(idx[a:c2], idx2[a:c2]))
            cost = min(cost, total)
        out.append(cost)
    return out


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

#: (direct, tol, condition) of the pivot choice by cost (:func:`_pivots_by_cost`); None: complete pivoting always
PIVOT_BY_COST = (1e3, 0.1, 1e4)


def _pivots_by_cost(C, cost, direct: float = 1e3, tol: float = 0.1, condition: float = 1e4):
    """Pivot columns of C (g x s) on its costliest columns where that is well conditioned, else None: the g
    costliest columns (of equal costs, the larger moduli) when their block's condition number is at most
    ``direct``, else threshold pivoting by cost (:func:`_costed_pivot_columns` with ``tol``) when its
    block's is at most ``condition`` (:func:`_pivots_and_inverse` without the inverse).

    Examples
    --------
    >>> import numpy as np
    >>> C = np.array([[1.0, 5.0, 2.0], [3.0, 1.0, 4.0]])
    >>> _pivots_by_cost(C, [2, 0, 1])                       # columns 0 and 2: condition 14.9
    [0, 2]
    >>> _pivots_by_cost(np.array([[1.0, 1.0, 1.0], [1.0, 1.0 + 1e-6, 0.0]]), [2, 1, 0])  # 0, 1 nearly dependent
    [0, 2]
    >>> print(_pivots_by_cost(np.array([[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]), [2, 1, 0]))   # rank 1
    None
    """
    return _pivots_and_inverse(C, cost, direct, tol, condition)[0]


def _pivots_and_inverse(C, cost, direct: float = 1e3, tol: float = 0.1, condition: float = 1e4):
    """(:func:`_pivots_by_cost`'s pivots, the inverse of C's pivot block ``np.linalg.inv(C[:, piv])``, or None
    when there are no pivots): each condition decided by :func:`_condition_at_most`, which computes that inverse.

    Examples
    --------
    >>> import numpy as np
    >>> C = np.array([[1.0, 5.0, 2.0], [3.0, 1.0, 4.0]])
    >>> piv, M = _pivots_and_inverse(C, [2, 0, 1])
    >>> piv, bool((M == np.linalg.inv(C[:, piv])).all())
    ([0, 2], True)
    """
    cost = np.asarray(cost, dtype=float)
    g = C.shape[0]
    piv = np.lexsort((-np.abs(C).max(axis=0), -cost))[:g].tolist()
    ok, M = _condition_at_most(C[:, piv], direct)
    if ok:
        return piv, M
    piv = _costed_pivot_columns(C, cost, tol)
    if piv is None:
        return None, None
    ok, M = _condition_at_most(C[:, piv], condition)
    return (piv, M) if ok else (None, None)


def _condition_at_most(A, limit: float):
    """(whether :func:`_condition` ``(A) <= limit``, ``np.linalg.inv(A)`` or None if singular): the Frobenius
    norms bound the 2-norm condition number from above, ``||A||_F ||A^-1||_F >= cond(A)`` (each factor bounds
    its 2-norm; for g >= 2 the bound exceeds cond(A) by a relative 1/(2 cond(A)^2) at least, far above the
    rounding of either), so where the bound is at most ``limit`` the SVD is not needed and the decision is the
    same; else the SVD decides. The inverse is the one the row reduction takes next. On the pivot blocks of
    ``bench_degree.ISSUE16``'s witness systems the bound decides 156 of 160 choices (the other 4 by the SVD),
    at 1.3-2.0x the condition number in the median, and the row reduction takes about 15% less CPU.

    Examples
    --------
    >>> import numpy as np
    >>> _condition_at_most(np.array([[2.0, 0.0], [0.0, 1.0]]), 3.0)[0]     # bound 2.5 >= condition 2
    True
    >>> _condition_at_most(np.array([[3.0, 0.0], [0.0, 1.0]]), 3.0)[0]     # bound 3.33 > 3: the SVD says 3
    True
    >>> _condition_at_most(np.array([[1.0, 2.0], [2.0, 4.0]]), 1e8)
    (False, None)
    """
    try:
        Ai = np.linalg.inv(A)
    except np.linalg.LinAlgError:
        return False, None
    if np.vdot(A, A).real * np.vdot(Ai, Ai).real <= limit * limit:
        return True, Ai
    return bool(_condition(A) <= limit), Ai


def reduce_output_blocks(b, outs):
    """Row-reduce blocks of outputs that are linear combinations of one set of terms; returns T or None.

    A slicing system ``R v(x) - p`` (R a random g x s matrix, v the s values
    of a network at sample inputs) records g DOT outputs over the same s
    terms: g s term derivatives per evaluation. Replacing the block F by
    ``M F`` with ``M = C_piv^{-1}`` (C the g x s coefficients, C_piv the g
    pivot columns, chosen as below) gives the form ``[I | R']``:
    every output keeps one pivot term with coefficient 1 and the s - g
    non-pivot terms, so the block costs g (s - g + 1) term derivatives
    (the parameter and constant terms, one lane at most, are mixed by M).
    The equations have the same solutions (M is invertible), Newton updates
    ``-J^{-1} F`` and velocities ``-J^{-1} H_t`` are unchanged (M cancels),
    so the tracker takes the same steps. The returned k x k matrix T (k
    outputs) maps the recorded outputs back: ``F = T F_recorded``,
    ``J = T J_recorded`` (None: nothing was changed).

    Which g columns are pivots does not change the system (any invertible pivot block does), but it
    changes the cost: a non-pivot term stays in all g rows, a pivot term in one. So the pivots are
    the costliest terms where that is numerically safe (:func:`_pivots_by_cost`, :data:`PIVOT_BY_COST`:
    the cost of a term after inlining, :func:`_key_costs`; the g costliest columns when their block's
    condition number is at most 1e3, else threshold pivoting by cost when at most 1e4, else complete
    pivoting). On the witness systems of the eight cases of ``bench_degree.ISSUE16`` (lanes of
    :meth:`~algnet.homotopy.tape.Tape.lane_work` summed, complete -> by cost): linear 3-1-3 996 -> 700, conv
    k=2,3 547 -> 483, conv k=3,3 1,706 -> 1,532, linear 4-2-4 2,155 -> 1,375, dense 3-2-2 r=2 2,356 -> 1,964,
    conv k=2,2,2 3,557 -> 3,424, dense 3-2-3 r=2 5,635 -> 4,679, linear 6-2-4 5,194 -> 3,415; the largest
    condition number of a pivot block by cost per case 24-874. Recording takes 5-10% less CPU (fewer terms to
    inline and lift; the threshold elimination alone costs about 0.15 ms), degree runs 0-10% less (the tape is a
    small part of an evaluation at these sizes, the LU of n = 10-16 unknowns the larger). The same degrees on
    seeds 0-19 of the eight cases, the same path counts on all but two runs (the monodromy search's path is
    changed by rounding).

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
        hget, cget = heavy.get, cheap.get
        for r1, r2, c in zip(idx[a:c2], idx2[a:c2], coef[a:c2]):
            if xdep[r1] or xdep[r2]:
                heavy[r1, r2] = hget((r1, r2), 0j) + c
            else:
                cheap[r1, r2] = cget((r1, r2), 0j) + c
        rows[i] = (heavy, cheap)
        groups.setdefault(tuple(sorted(heavy)), []).append(i)
    T = None
    for keys, grp in groups.items():
        g, s = len(grp), len(keys)
        if g < 2 or s <= g:
            continue
        C = np.array([itemgetter(*keys)(rows[i][0]) for i in grp], dtype=np.complex128)   # s > g >= 2 keys
        piv, M = (None, None) if PIVOT_BY_COST is None else _pivots_and_inverse(C, _key_costs(b, keys),
                                                                                  *PIVOT_BY_COST)
        if piv is None:
            piv = _pivot_columns(C)
            if piv is None or not _condition(C[:, piv]) < _MAX_BLOCK_CONDITION:
                continue
            M = np.linalg.inv(C[:, piv])
        Cp = C[:, piv]
        Ml, Cnl = M.tolist(), (M @ C).tolist()     # Python complex: the same products and sums as numpy's scalars
        for r_, row in enumerate(Cnl):              # the pivot columns exactly the identity
            for j, col in enumerate(piv):
                row[col] = 1 + 0j if j == r_ else 0j
        cheap_rows = [list(rows[i2][1].items()) for i2 in grp]
        for r_, i in enumerate(grp):
            cheap: dict = {}
            get = cheap.get
            for m_, items in zip(Ml[r_], cheap_rows):
                for key, c in items:
                    cheap[key] = get(key, 0j) + m_ * c
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
        if T is None and g == k:                # one block of all the outputs, in order: T is its pivot block
            T = Cp
            continue
        if T is None:
            T = np.eye(k, dtype=np.complex128)
        T[np.ix_(grp, grp)] = Cp
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
