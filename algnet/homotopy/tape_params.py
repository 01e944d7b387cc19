"""One parameter term per output: the parameters of a tape re-expressed as q = Q p (opt-in).

A slicing system ``R v(x) - p`` recorded in row-reduced form
(:func:`algnet.homotopy.tape_blocks.reduce_output_blocks`) mixes every
parameter into every output of a block: output i reads ``sum_k M_ik p_k``,
m terms of one lane each (linear 6-2-4: 256 of the 552 terms of its tape
after :mod:`algnet.homotopy.tape_inline`, in the light evaluation as in the
full one). When the parameters enter only the outputs, linearly, and the
k x m matrix Q of their coefficients is square and well conditioned, output i
is ``(non-parameter terms)_i + q_i`` with ``q = Q p``: one term. The tape then
reads q where it read p: whoever loads its parameter registers must load
``Q p`` (and ``Q dp`` as the direction), which :meth:`Tape.evaluate
<algnet.homotopy.tape.Tape.evaluate>` does and the compiled tracker would do
once per call on its (N, m) start and target parameters. Off by default
(``record(..., collapse_parameters=True)``): callers that load raw
parameters into the kernels must not get such a tape.

Measured (2026-12-03, 11:35 UTC, load 3.3-4.1; the compiled tracker on the
1,024 paths of ``bench/bench_tracker.py``, one thread, the start and target
parameters mapped by Q outside the tracker, interleaved with the same tape
without the collapse, best of 3): paths per CPU second 1.13x on linear
6-2-4 (552 -> 312 terms), 1.08x dense 3-2-3 (260 -> 170), 1.06x linear
4-2-4 (262 -> 130), 1.03x conv k=2,2,2 r=2 (107 -> 95); the same statuses,
evaluation counts within 4 of 110,928-154,978, endpoints within 1e-11.

Examples
--------
Two outputs ``x0 x1 - (p0 + 2 p1)`` and ``x0 - (3 p0 - p1)``: one parameter term each after the collapse.

>>> import numpy as np
>>> from algnet.homotopy.tape import TapeBuilder
>>> b = TapeBuilder(2, 2)
>>> (x0, x1), (p0, p1) = b.x, b.p
>>> t = b.finish([x0 * x1 - (p0 + 2 * p1), x0 - (3 * p0 - p1)], collapse_parameters=True)
>>> t.param_transform.real.tolist()
[[-1.0, -2.0], [-3.0, 1.0]]
>>> x, p, dp = np.array([2.0, 5.0]), np.array([1.0, 1.0]), np.array([1.0, 0.0])
>>> [a.real.tolist() for a in t.evaluate(x, p, dp)]       # F = (10 - 3, 2 - 2), J, dF/dp . dp
[[7.0, 0.0], [[5.0, 2.0], [1.0, 0.0]], [-1.0, -3.0]]
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.tape_blocks import compact_terms

__all__ = ["collapse_parameters"]

DOT = 3
# the collapse is applied only when Q is this well conditioned
_MAX_CONDITION = 1e8


def collapse_parameters(b, outs):
    """Replace the parameter terms of each output by one term reading parameter register ``n + i`` (output
    i), in place on a builder; returns Q (k x m, the parameters to load are ``Q p``) or None when the tape
    does not have that form (a parameter read other than as a linear term of an output, k != m, two outputs
    in one register, Q singular or ill conditioned): then nothing is changed.

    Examples
    --------
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(1, 1)
    >>> outs = [b.materialize(b.x[0] * b.x[0] - 2 * b.p[0])]
    >>> b._fuse_products(outs)                              # as TapeBuilder.finish does first
    >>> collapse_parameters(b, outs).tolist()
    [[(-2+0j)]]
    >>> b2 = TapeBuilder(1, 1)
    >>> outs = [b2.materialize(b2.x[0] * b2.p[0])]          # a parameter times an unknown: not collapsed
    >>> b2._fuse_products(outs)
    >>> collapse_parameters(b2, outs) is None
    True
    """
    n, m, k = b.n, b.m, len(outs)
    if m == 0 or k != m or len(set(outs)) != k:
        return None
    row = {o: i for i, o in enumerate(outs)}
    is_param = range(n, n + m).__contains__
    Q = np.zeros((k, m), dtype=np.complex128)
    where = {}
    for j, (op, a, c2, c) in enumerate(b.code):
        if op != DOT:
            if is_param(a) or is_param(c2):
                return None
            continue
        for t in range(a, c2):
            r, r2 = b.dot_idx[t], b.dot_idx2[t]
            if not (is_param(r) or is_param(r2)):
                continue
            if r2 >= 0 or c not in row:
                return None
            Q[row[c], r - n] += b.dot_coef[t]
        if c in row:
            where[c] = j
    if len(where) != k or not np.linalg.cond(Q) < _MAX_CONDITION:
        return None
    for o, j in where.items():
        op, a, c2, c = b.code[j]
        keep = [t for t in range(a, c2) if not is_param(b.dot_idx[t])]
        start = len(b.dot_idx)
        for t in keep:
            b.dot_idx.append(b.dot_idx[t])
            b.dot_idx2.append(b.dot_idx2[t])
            b.dot_coef.append(b.dot_coef[t])
        b.dot_idx.append(n + row[o])
        b.dot_idx2.append(-1)
        b.dot_coef.append(1 + 0j)
        b.code[j] = (DOT, start, len(b.dot_idx), c)
    compact_terms(b)
    return Q
