"""A tape evaluated by numpy, rows at once: the route for a handful of paths in a process that has not loaded numba.

The compiled kernels (:mod:`algnet.homotopy.kernels`) are cached on disk, but the first kernel call of a process
pays numba itself: ``import numba``, its typing and lowering registries (whose ``numba.np.arraymath`` imports
``scipy.linalg`` for its BLAS check) and each kernel's cached machine code: in a new process, about 0.2 s of CPU
for ``import numba``, 0.12 for ``scipy.linalg`` and 0.33 for the call with its first kernel loads, of which the
count's own work is a few ms.
(:mod:`algnet.analyses.critical.warm`, 6-14 paths) the same tape evaluated by numpy costs far less than that.

:func:`eval_rows` is :func:`algnet.homotopy.kernels.tape_eval_batch` in numpy: the same instructions (op codes
of :class:`~algnet.homotopy.tape.TapeBuilder`: 0 add, 1 subtract, 2 multiply, 3 DOT), the same tangent lanes
(``lo``/``hi`` per register), registers holding all rows at once; values agree with the kernel's up to
rounding (a DOT's terms are summed by numpy, not one after the other); with ``staged=True`` (the numpy
tracker's, a tape evaluated tens of times) the tape compiled once into products of linear forms (:func:`_stages`:
a few numpy calls per multiplicative stage, 2.4x fewer CPU us an evaluation on linear 2-1-2).
:class:`NumpyTapeHomotopy` is :class:`~algnet.homotopy.compiled_homotopy.CompiledParameterHomotopy` evaluated by it
(staged), for the numpy tracker
(:class:`~algnet.homotopy.tracker.PathTracker`, the same steps up to rounding: :mod:`algnet.homotopy.kernels`);
where every path has the same start and target parameters (a warm count's paths) the staged tape is folded along
that segment once (:class:`~algnet.homotopy.tape_segment.SegmentTape`: the parameters affine in t, no parameter
rows per evaluation, light evaluations on one tangent lane). Measured on the warm paths of the first count of a
stored structure (in-process CPU of the tracking, min of 100; the same steps, endpoints within 4e-14): linear 2-1-2
9.0 -> 4.6 ms, dense 2-1-1 r=3 3.3 -> 2.0, conv k=2,2 r=2 80 -> 47, with the tracker's quiet solves and
corrector by slices (:mod:`algnet.homotopy.tracker`).
:func:`compiled_loaded` says whether numba is imported in this process (then the compiled kernels cost no
start-up and are used).

Examples
--------
>>> import numpy as np
>>> from algnet.homotopy.tape import TapeBuilder
>>> b = TapeBuilder(1, 1)
>>> t = b.finish([b.x[0] * b.x[0] - b.p[0]])
>>> F, J, Ht = eval_rows(t, np.array([[1.0], [2.0], [3.0]], complex), np.ones((3, 1), complex),
...                      np.ones((3, 1), complex))
>>> F.real.ravel().tolist(), J.real.ravel().tolist(), Ht.real.ravel().tolist()
([0.0, 3.0, 8.0], [2.0, 4.0, 6.0], [-1.0, -1.0, -1.0])
"""

from __future__ import annotations

import functools
import sys
import threading

import numpy as np

from algnet.homotopy.compiled_homotopy import CompiledParameterHomotopy
from algnet.homotopy.homotopies import ParameterHomotopy, _times

__all__ = ["compiled_loaded", "eval_rows", "eval_tape", "NumpyTapeHomotopy", "track_numpy"]

#: the numpy route takes at most this many paths (a loaded structure's warm count tracks E of them: 6, 7, 14 on
#: the bench's three smallest cases); more, and numba's start-up is worth paying
MAX_PATHS = 16
#: ... of a tape of at most this many instructions (one numpy call or a few per instruction and evaluation)
MAX_INSTRUCTIONS = 400
#: a stage's operand forms by one dense matrix product up to this many complex multiply-adds (forms x atoms read x
#: lanes x rows), and real ones (real coefficients, the complex rows viewed as real pairs), else term by term:
#: OpenBLAS threads larger products, and on a loaded machine a complex (20 x 50) @ (50 x 70) took 526 us of CPU
#: against 6.2 as a real (20 x 50) @ (50 x 140), and (42 x 54) @ (54 x 140) real 84 against 35 term by term;
#: below the thresholds one product is the cheaper
DENSE_WORK = 40000
REAL_WORK = 180000


def compiled_loaded() -> bool:
    """Whether numba is imported in this process (its start-up paid: the compiled kernels are then the cheaper
    route whatever the size).

    Examples
    --------
    >>> import numba
    >>> compiled_loaded()
    True
    """
    return "numba" in sys.modules


def _program(tape):
    """The tape's instructions as Python tuples, once per tape: (op, a, b, c, l0, l1) and for a DOT its terms
    (index arrays and coefficients, linear and product terms apart)."""
    prog = getattr(tape, "_numpy_program", None)
    if prog is not None:
        return prog
    code, didx, didx2, dcoef, lo, hi = (tape.code, tape.dot_idx, tape.dot_idx2, tape.dot_coef, tape.lo, tape.hi)
    prog = []
    for op, a, b, c in code.tolist():
        if op == 3:
            r, r2, co = didx[a:b], didx2[a:b], dcoef[a:b]
            lin, prod = r2 < 0, r2 >= 0
            extra = (r[lin], np.ascontiguousarray(co[lin]), r[prod], r2[prod], np.ascontiguousarray(co[prod]))
        else:
            extra = None
        prog.append((op, a, b, c, int(lo[c]), int(hi[c]), extra))
    tape._numpy_program = prog
    return prog


def _distinct_sorted(a) -> np.ndarray:
    """The distinct entries of the 1-d array ``a``, sorted: ``np.unique`` without its import of ``numpy.ma`` (numpy
    2.4's ``unique`` imports it at its first call: 8-13 ms of CPU in a bare process, once per process, in the very
    first count of a process that loads its structure from the store; see bench/HISTORY.md, bench_critical.py).

    Examples
    --------
    >>> _distinct_sorted(np.array([3, 1, 3, 2, 1])).tolist(), _distinct_sorted(np.zeros(0, dtype=np.int64)).size
    ([1, 2, 3], 0)
    """
    s = np.sort(np.asarray(a).reshape(-1))
    return s[np.concatenate([[True], s[1:] != s[:-1]])] if s.size else s


def _levels(tape):
    """The tape's instructions in dependency levels, once per tape (None when a register is written twice): per
    level, the additions, subtractions and products as index arrays, and the DOTs as a coefficient matrix over the
    registers their linear terms read and a 0/1 matrix summing their product terms; with each group the lane mask of
    its targets (``lo``/``hi``). One level's instructions read only registers of earlier levels."""
    lv = getattr(tape, "_numpy_levels", False)
    if lv is not False:
        return lv
    code, didx, didx2, dcoef, lo, hi = (tape.code, tape.dot_idx, tape.dot_idx2, tape.dot_coef, tape.lo, tape.hi)
    nreg, width = tape.values.shape[0], int(tape.n_vars) + 1
    out = None
    if _distinct_sorted(code[:, 3]).size == code.shape[0]:
        # (Python lists, not numpy calls per instruction and term: once per tape, in a first count of a process)
        idx, idx2, coef = didx.tolist(), didx2.tolist(), dcoef.tolist()
        level = [0] * nreg
        by_level: list = [[]]
        for op, a, b, c in code.tolist():
            if op == 3:
                k = 0
                for t in range(a, b):
                    k = max(k, level[idx[t]], level[idx2[t]] if idx2[t] >= 0 else 0)
            else:
                k = max(level[a], level[b])
            level[c] = k = k + 1
            if k == len(by_level):
                by_level.append([])
            by_level[k].append((op, a, b, c))
        lanes = np.arange(width)
        out = []
        for here in by_level[1:]:
            groups = []
            for op in (0, 1, 2):
                g = [r for r in here if r[0] == op]
                if g:
                    c = np.array([r[3] for r in g])
                    mask = (lanes[None, :] >= lo[c][:, None]) & (lanes[None, :] < hi[c][:, None])
                    groups.append((op, c, np.array([r[1] for r in g]), np.array([r[2] for r in g]), mask[:, :, None]))
            g = [r for r in here if r[0] == 3]
            if g:
                c = np.array([r[3] for r in g])
                mask = (lanes[None, :] >= lo[c][:, None]) & (lanes[None, :] < hi[c][:, None])
                lin = [(i, t) for i, r in enumerate(g) for t in range(r[1], r[2]) if idx2[t] < 0]
                prod = [(i, t) for i, r in enumerate(g) for t in range(r[1], r[2]) if idx2[t] >= 0]
                used = _distinct_sorted(np.array([idx[t] for _, t in lin], dtype=np.int64))
                at = {u: j for j, u in enumerate(used.tolist())}
                rows = [[0j] * used.size for _ in g]
                for i, t in lin:            # summed in the terms' order, as C[i, j] += coefficient would
                    rows[i][at[idx[t]]] += coef[t]
                C = np.array(rows, dtype=np.complex128).reshape(len(g), used.size)
                S = np.zeros((len(g), len(prod)))
                for j, (i, _) in enumerate(prod):
                    S[i, j] = 1.0
                tp = np.array([t for _, t in prod], dtype=np.int64)
                groups.append((3, c, (used, C, didx[tp], didx2[tp], dcoef[tp][:, None], S), None, mask[:, :, None]))
            out.append(groups)
    tape._numpy_levels = out
    return out


def _stages(tape):
    """The tape as products of linear forms, once per tape: every register a linear form over "atoms" (the constant
    1, the variables, the parameter registers, then the products the tape forms), the products grouped into stages
    by multiplicative depth. Returns (atoms, stages, (used, out)): per stage (f, k, (used, M, cols, coef, starts),
    iab), the stage's distinct operand forms are ``M @ atoms[used]`` (the same as terms: atoms ``cols`` times
    ``coef`` summed from each of ``starts``; ``used`` < f), and its k products, atoms f .. f + k - 1, are those forms
    taken at ``iab[:k]`` times those at ``iab[k:]``; ``out @ atoms[used]`` are the recorded outputs. Additions,
    subtractions, DOTs and products by a constant fold into the forms (a register written twice is read as it was
    when read), so an evaluation is a few numpy calls per stage, not per instruction or level (linear 2-1-2's
    MetricGradient tape: 39 instructions, 7 levels, 3 stages); the forms' coefficients are sums of products of the
    tape's (rounding differs from the kernel's in the last bits). A stage's real coefficients are kept real (M
    float64).

    Examples
    --------
    (x0 + 2 x1) (x0 - x1) + 3: one stage of one product of the forms x0 + 2 x1 and x0 - x1 (atoms 1, x0, x1, then
    the product), output 3 + the product.

    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(2, 0)
    >>> t = b.finish([(b.x[0] + 2 * b.x[1]) * (b.x[0] - b.x[1]) + 3])
    >>> atoms, stages, (used, out) = _stages(t)
    >>> atoms, [(f, k, used.tolist(), M.tolist(), iab.tolist()) for f, k, (used, M, *_), iab in stages]
    (4, [(3, 1, [1, 2], [[1.0, 2.0], [1.0, -1.0]], [0, 1])])
    >>> used.tolist(), out.real.tolist()
    ([0, 3], [[3.0, 1.0]])
    """
    st = getattr(tape, "_numpy_stages", None)
    if st is not None:
        return st
    code, didx, didx2, dcoef, values = tape.code, tape.dot_idx, tape.dot_idx2, tape.dot_coef, tape.values
    n, m = int(tape.n_vars), int(tape.param_registers)
    base = 1 + n + m
    # register -> its linear form {atom: coefficient} (Python dicts: a tape's forms have a few terms each) and the
    # form's depth (the most products on a chain to it)
    E = [{1 + r: 1.0} for r in range(n + m)] + [{0: v} if v else {} for v in values[n + m:].tolist()]
    Ed = [0] * len(E)
    depth = [0] * base
    prods = []                                                          # (u, v) of each product atom

    def product(u, du, v, dv):
        if not any(u.values()) or not any(v.values()):      # a zero factor (no terms, or terms that cancelled)
            return {}, 0
        if len(u) == 1 and 0 in u:
            return {a: u[0] * c for a, c in v.items()}, dv
        if len(v) == 1 and 0 in v:
            return {a: v[0] * c for a, c in u.items()}, du
        d = 1 + max(du, dv)
        depth.append(d)
        prods.append((u, v))
        return {len(depth) - 1: 1.0}, d

    def add(e, f, s):                   # e += s f, in place
        for a, c in f.items():
            e[a] = e.get(a, 0) + s * c

    for op, a, b, c in code.tolist():
        if op == 0 or op == 1:
            e = dict(E[a])
            add(e, E[b], 1.0 if op == 0 else -1.0)
            E[c], Ed[c] = e, max(Ed[a], Ed[b])
        elif op == 2:
            E[c], Ed[c] = product(E[a], Ed[a], E[b], Ed[b])
        else:
            e, d = {}, 0
            for r, r2, co in zip(didx[a:b].tolist(), didx2[a:b].tolist(), dcoef[a:b].tolist()):
                f, df = (E[r], Ed[r]) if r2 < 0 else product(E[r], Ed[r], E[r2], Ed[r2])
                add(e, f, co)
                d = max(d, df)
            E[c], Ed[c] = e, d
    # atoms renumbered: 1, variables, parameters, then the products by depth (a stage reads only earlier atoms)
    order = sorted(range(base, len(depth)), key=depth.__getitem__)
    new = list(range(base)) + [0] * len(prods)
    for i, a in enumerate(order):
        new[a] = base + i
    stages, f = [], base
    while f - base < len(order):
        d = depth[order[f - base]]
        here = [a for a in order[f - base:] if depth[a] == d]
        forms, pair = {}, []                        # the distinct operand forms of the stage, each read once
        for j in (0, 1):
            for a in here:
                row = tuple(sorted((new[t], c) for t, c in prods[a - base][j].items() if c))
                pair.append(forms.setdefault(row, len(forms)))
        cols = [t for row in forms for t, _ in row]
        used = _distinct_sorted(np.array(cols, dtype=np.int64))
        at = {t: j for j, t in enumerate(used.tolist())}
        M = np.zeros((len(forms), used.size), dtype=np.complex128)
        M[[i for i, row in enumerate(forms) for _ in row], [at[t] for t in cols]] = [c for row in forms for _, c in row]
        if not M.imag.any():            # real coefficients: a real product of the complex rows viewed as pairs
            M = np.ascontiguousarray(M.real)
        starts = np.cumsum([0] + [len(row) for row in forms][:-1])
        coef = np.array([c for row in forms for _, c in row], dtype=np.complex128)[:, None]
        k = len(here)
        stages.append((f, k, (used, M, np.array(cols, dtype=np.int64), coef, starts), np.array(pair)))
        f += k
    out = np.zeros((len(tape.outputs), f), dtype=np.complex128)
    for i, r in enumerate(tape.outputs.tolist()):
        for t, c in E[r].items():
            out[i, new[t]] = c
    used = np.flatnonzero(np.any(out != 0, axis=0))
    tape._numpy_stages = st = (f, stages, (used, np.ascontiguousarray(out[:, used])))
    return st


_local = threading.local()


def _scratch(size: int) -> np.ndarray:
    """A complex work array of at least ``size`` entries, this thread's, kept between calls: an evaluation's
    registers and terms (a few hundred kB on conv k=2,2 r=2) allocated anew at every call cost page faults (glibc
    returns large blocks to the system): 0.47 -> 0.2 ms an evaluation there."""
    buf = getattr(_local, "buf", None)
    if buf is None or buf.size < size:
        buf = _local.buf = np.empty(max(size, 4096), dtype=np.complex128)
    return buf


@functools.lru_cache(maxsize=64)
def _inputs(n: int, base: int, N: int) -> np.ndarray:
    """The input atoms' constant part (atom 0 = 1, the variables' unit tangent lanes) for N rows (read only)."""
    S = np.zeros((base, n + 2, N), dtype=np.complex128)
    S[0, 0] = 1.0
    i = np.arange(1, n + 1)
    S[i, i] = 1.0
    S.flags.writeable = False
    return S


def eval_rows(tape, X, P, DP, staged: bool = False):
    """The recorded outputs of ``tape`` at the rows of X (N, n) with parameter registers P (N, m) and directions DP
    (N, m): F (N, k), J (N, k, n) and Ht = dF/dp . dp (N, k), as :func:`~algnet.homotopy.kernels.tape_eval_batch`
    writes them (apply :meth:`~algnet.homotopy.tape.Tape.restore` for the system's).

    ``staged``: the tape runs as products of linear forms, stage by stage (:func:`_stages`: compiled once per tape,
    0.3-1.5 ms; the numpy tracker's route, :class:`NumpyTapeHomotopy`), else level by level (:func:`_eval_levels`,
    for a tape evaluated a few times). Staged: per stage one matrix product or
    gather for the operand forms and one dual-number product for values and all tangent lanes together); a lane
    outside a register's ``lo``/``hi`` comes out 0 as the kernel leaves it (0 times a finite value; not so once a
    value overflows, where the kernel's lanes are not finite either). Staged against level by level
    (:func:`_levels`), CPU an evaluation at the rows of the numpy tracker's first call: linear 2-1-2's
    MetricGradient tape (39 instructions, 7 levels, 3 stages, 6 rows) 116 -> 48 us, dense 2-1-1 r=3 (42, 8, 4;
    7 rows) 101 -> 57, conv k=2,2 r=2 (123, 9, 5; 14 rows) 186 -> 153.

    Examples
    --------
    x0 x1 + 2 x0 at (2, 5): value 14, gradient (7, 2).

    >>> import numpy as np
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(2, 0)
    >>> t = b.finish([b.x[0] * b.x[1] + 2 * b.x[0]])
    >>> F, J, _ = eval_rows(t, np.array([[2.0, 5.0]], complex), np.zeros((1, 0), complex), np.zeros((1, 0), complex))
    >>> F.real.tolist(), J.real.tolist()
    ([[14.0]], [[[7.0, 2.0]]])
    >>> [a.real.tolist() for a in eval_rows(t, np.array([[2.0, 5.0]]), np.zeros((1, 0)), np.zeros((1, 0)), staged=True)]
    [[[14.0]], [[[7.0, 2.0]]], [[0.0]]]
    """
    X = np.asarray(X, dtype=np.complex128)
    if not staged:
        return _eval_levels(tape, X, P, DP)
    N, n = X.shape[0], int(tape.n_vars)
    atoms, stages, out = _stages(tape)
    L = n + 2                                   # lanes: the value, d/dx_0 .. d/dx_(n-1), d/dt
    big = max((st[2][2].size for st in stages), default=0)
    work = _scratch(atoms * L * N + big * L * N)
    S = work[:atoms * L * N].reshape(atoms, L, N)
    base, m = n + 1 + int(tape.param_registers), P.shape[1]
    S[:base] = _inputs(n, base, N)                      # the constant 1 and the variables' unit lanes
    S[1:n + 1, 0] = X.T
    S[n + 1:n + 1 + m, 0] = np.asarray(P, dtype=np.complex128).T
    S[n + 1:n + 1 + m, n + 1] = np.asarray(DP, dtype=np.complex128).T
    flat = S.reshape(atoms, L * N)
    with np.errstate(invalid="ignore", over="ignore"):
        for f, k, (used, M, cols, coef, starts), iab in stages:
            if M.dtype == np.float64 and 2 * M.size * L * N <= REAL_WORK:      # the stage's operand forms: one
                D = (M @ flat[used].view(np.float64)).view(np.complex128)       # small matrix product, real or
            elif M.size * L * N <= DENSE_WORK:                                 # complex,
                D = M @ flat[used]
            else:                                       # or their terms summed (no BLAS call big enough to thread)
                terms = work[atoms * L * N:(atoms + cols.size) * L * N].reshape(cols.size, L * N)
                np.take(flat, cols, axis=0, out=terms)
                terms *= coef
                D = terms if starts.size == cols.size else np.add.reduceat(terms, starts)
            uv = D.reshape(starts.size, L, N)[iab]
            u, v = uv[:k], uv[k:]
            prod = S[f:f + k]
            np.multiply(u[:, :1], v, out=prod)              # value u v, lanes u dv
            prod[:, 1:] += v[:, :1] * u[:, 1:]              # + v du
        used, out = out
        R = (out @ flat[used]).reshape(out.shape[0], L, N)
    return (np.ascontiguousarray(R[:, 0].T), np.ascontiguousarray(R[:, 1:n + 1].transpose(2, 0, 1)),
            np.ascontiguousarray(R[:, n + 1].T))


def _eval_levels(tape, X, P, DP):
    """:func:`eval_rows` level by level (:func:`_levels`: all of a level's products in one numpy expression, its
    DOTs as matrix products; every tangent lane computed and those outside a register's ``lo``/``hi`` set to 0, as
    the kernel leaves them): no compilation beyond the levels, the cheaper for a tape evaluated once or twice (the
    stored tapes' checks: the exact tape of linear 2-1-2 0.9 ms with its levels against 1.6 with its stages)."""
    X = np.asarray(X, dtype=np.complex128)
    P = np.asarray(P, dtype=np.complex128)
    N, n = X.shape[0], int(tape.n_vars)
    values = tape.values
    reg = np.empty((values.shape[0], N), dtype=np.complex128)
    reg[:] = values[:, None]
    reg[:n] = X.T
    reg[n:n + P.shape[1]] = P.T
    dreg = np.zeros((values.shape[0], n + 1, N), dtype=np.complex128)     # (register, lane, row)
    dreg[np.arange(n), np.arange(n)] = 1.0
    dreg[n:n + P.shape[1], n] = np.asarray(DP, dtype=np.complex128).T
    levels = _levels(tape)
    if levels is None:
        _sequential(tape, reg, dreg, N)
    else:
        with np.errstate(invalid="ignore", over="ignore"):
            for groups in levels:
                for op, c, a, b, mask in groups:
                    if op == 2:
                        ra, rb = reg[a], reg[b]
                        reg[c] = ra * rb
                        d = ra[:, None, :] * dreg[b] + rb[:, None, :] * dreg[a]
                    elif op == 3:
                        used, C, q, q2, cq, S = a
                        reg[c] = C @ reg[used]
                        d = (C @ dreg[used].reshape(used.size, (n + 1) * N)).reshape(c.size, n + 1, N)
                        if q.size:
                            va, vb = cq * reg[q], reg[q2]
                            reg[c] += S @ (va * vb)
                            t = (cq * vb)[:, None, :] * dreg[q] + va[:, None, :] * dreg[q2]
                            d += (S @ t.reshape(q.size, (n + 1) * N)).reshape(c.size, n + 1, N)
                    elif op == 0:
                        reg[c] = reg[a] + reg[b]
                        d = dreg[a] + dreg[b]
                    else:
                        reg[c] = reg[a] - reg[b]
                        d = dreg[a] - dreg[b]
                    dreg[c] = np.where(mask, d, 0)
    outs = tape.outputs
    return (np.ascontiguousarray(reg[outs].T), np.ascontiguousarray(dreg[outs, :n].transpose(2, 0, 1)),
            np.ascontiguousarray(dreg[outs, n].T))


def _sequential(tape, reg, dreg, N):
    """The instructions one at a time (a tape that writes a register twice)."""
    for op, a, b, c, l0, l1, extra in _program(tape):
        if op == 2:
            ra, rb = reg[a], reg[b]
            reg[c] = ra * rb
            dreg[c, l0:l1] = ra * dreg[b, l0:l1] + rb * dreg[a, l0:l1]
        elif op == 3:
            r, co, q, q2, cq = extra
            width = l1 - l0
            acc = co @ reg[r]                       # sum_t co_t reg[r_t] (rows last: one matrix product)
            lanes = ((co @ dreg[r, l0:l1].reshape(r.size, width * N)).reshape(width, N) if r.size
                     else np.zeros((width, N), dtype=np.complex128))
            if q.size:
                va, vb = cq[:, None] * reg[q], reg[q2]
                acc = acc + (va * vb).sum(axis=0)
                lanes = lanes + ((cq[:, None] * vb)[:, None, :] * dreg[q, l0:l1]
                                 + va[:, None, :] * dreg[q2, l0:l1]).sum(axis=0)
            reg[c] = acc
            dreg[c, l0:l1] = lanes
        elif op == 0:
            reg[c] = reg[a] + reg[b]
            dreg[c, l0:l1] = dreg[a, l0:l1] + dreg[b, l0:l1]
        else:
            reg[c] = reg[a] - reg[b]
            dreg[c, l0:l1] = dreg[a, l0:l1] - dreg[b, l0:l1]


def eval_tape(tape, X, P, DP):
    """:func:`eval_rows` where numba is not imported in this process (:func:`compiled_loaded`), else the compiled
    kernel :func:`~algnet.homotopy.kernels.tape_eval_batch`: the recorded outputs F, J, Ht at the rows of X.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(1, 0)
    >>> t = b.finish([b.x[0] * b.x[0]])
    >>> F, J, _ = eval_tape(t, np.array([[3.0]], complex), np.zeros((1, 0), complex), np.zeros((1, 0), complex))
    >>> F.real.tolist(), J.real.tolist()
    ([[9.0]], [[[6.0]]])
    """
    if not compiled_loaded():
        return eval_rows(tape, X, P, DP)
    from algnet.homotopy.kernels import tape_eval_batch

    X = np.ascontiguousarray(X, dtype=np.complex128)
    N, n, k = X.shape[0], int(tape.n_vars), len(tape.outputs)
    F = np.empty((N, k), dtype=np.complex128)
    J = np.empty((N, k, n), dtype=np.complex128)
    Ht = np.empty((N, k), dtype=np.complex128)
    tape_eval_batch(*tape.args, n, X, np.ascontiguousarray(P, dtype=np.complex128),
                    np.ascontiguousarray(DP, dtype=np.complex128), F, J, Ht)
    return F, J, Ht


class NumpyTapeHomotopy(CompiledParameterHomotopy):
    """:class:`~algnet.homotopy.compiled_homotopy.CompiledParameterHomotopy` (the family's tape, its parameters
    mapped once) evaluated by :func:`eval_rows` instead of the compiled kernel, for the numpy tracker.

    Examples
    --------
    x^2 - p from p = 1 to p = 4, at x = 3 and t = 1/2: H = 6.5, H_x = 6, H_t = -3, as the uncompiled homotopy gives:

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> H = ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [1.0], [4.0])
    >>> [a.real.ravel().tolist() for a in NumpyTapeHomotopy(H).evaluate(np.array([[3.0]]), np.array([0.5]))]
    [[6.5], [6.0], [-3.0]]
    """

    #: (p0, p1, the tape folded along them or None) of the last evaluation (:meth:`_segment`)
    _seg = None
    #: evaluated only under the caller's ``np.errstate(invalid="ignore", over="ignore")`` (:func:`track_numpy`: the
    #: tracker's steps and endpoint work set it), so the folded tape sets none of its own
    quiet = False

    def evaluate(self, X, T, idx=None):
        if type(T) is np.ndarray and T.dtype == np.float64:      # (the tracker's times: no conversions)
            seg = self._segment()
            if seg is not None:
                return seg.evaluate(X, T)
        X = np.ascontiguousarray(X, dtype=np.complex128)
        T = _times(T)
        if np.iscomplexobj(T):
            return self.base.evaluate(X, T, idx)
        seg = self._segment()
        if seg is not None:
            return seg.evaluate(X, T)
        P, DP = self._path_parameters(X.shape[0], T, idx)
        return self.tape.restore(*eval_rows(self.tape, X, P, DP, staged=True))

    def evaluate_light(self, X, T, W, idx=None):
        """H and the derivative along (W, 1) in (x, t), ``H_x W + H_t``, at the rows of X: one tangent lane where
        every path has the same parameters p0 and p1 (:class:`~algnet.homotopy.tape_segment.SegmentTape`), else
        from a full evaluation."""
        if not (type(T) is np.ndarray and T.dtype == np.float64):
            T = _times(T)
        seg = None if np.iscomplexobj(T) else self._segment()
        if seg is not None:
            return seg.evaluate_light(X, T, W)
        h, hx, ht = self.evaluate(X, T, idx)
        return h, np.einsum("kij,kj->ki", hx, W) + ht

    def _segment(self):
        """The tape folded along this homotopy's segment (:class:`~algnet.homotopy.tape_segment.SegmentTape`), made
        once, when p0 and p1 are shared by every path; else None."""
        H = self.base
        seg = self._seg
        if seg is not None and seg[0] is H.p0 and seg[1] is H.p1:
            return seg[2]
        folded = None
        if np.ndim(H.p0) == 1 and np.ndim(H.p1) == 1:
            from algnet.homotopy.tape_segment import SegmentTape

            t = self.tape
            folded = SegmentTape(t, t.map_parameters(H.p0), t.map_parameters(H.p1), quiet=self.quiet)
        self._seg = (H.p0, H.p1, folded)
        return folded


def track_numpy(family, X, p0, p1, options):
    """:func:`algnet.homotopy.monodromy.track_parameters` by the numpy tracker on :class:`NumpyTapeHomotopy` (the
    family's recorded tape; no numba), or None when the family's tape is not small enough for it
    (:data:`MAX_INSTRUCTIONS`) or the paths too many (:data:`MAX_PATHS`).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.tracker import TrackerOptions
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))      # x^2 = p
    >>> r = track_numpy(fam, np.array([[1.0], [-1.0]]), [1.0], [4.0 + 0.5j], TrackerOptions())
    >>> r.status, bool(np.allclose(r.x[:, 0] ** 2, 4 + 0.5j))
    (('success', 'success'), True)
    """
    from dataclasses import replace

    from algnet.homotopy.tracker import track

    X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
    if X.shape[0] > MAX_PATHS:
        return None
    H = NumpyTapeHomotopy(ParameterHomotopy(family, p0, p1))
    if H.tape.size > MAX_INSTRUCTIONS:
        return None
    H.quiet = True          # evaluated only by the tracker's steps and endpoint work, under their error state
    return track(H, X, replace(options, engine="numpy"))
