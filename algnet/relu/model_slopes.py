"""Symmetries of the trained slopes of a PReLU: moves of its slopes and of the weights reading it that change the
model only by a linear function the next biases take back.

A PReLU with slope s is prelu(z) = (1 - s) relu(z) + s z. For a unit read with weight v, the move
(dv, ds) = (v e, (1 - s) e) keeps the coefficient v (1 - s) of relu(z) and adds v e z to the reader's output:
a linear function of the PReLU's input z = P h + p (P, p the affine node before the PReLU, h its input). When
the moves e (one per slope parameter) satisfy R diag(e) P = 0 for every trainable affine node R reading the PReLU
(directly or through reshapes), what is left is the constant R diag(e) p, which R's bias takes back (the same
for every position of an output channel, or 0 without a bias): the model's function does not change, so the
tangent is in the kernel of every batch Jacobian. With more PReLU units than inputs of P (a Linear layer widening
R^2 to 3 channels before a PReLU(3)) such moves always exist.

:func:`slope_generators` finds them all for each PReLU, as the kernel of that linear system over the rationals;
a PReLU whose system would pass :data:`SLOPE_WORK` is left out (D' stays an upper bound, only less tight).

Examples
--------
Linear(2, 3), PReLU(3), Linear(3, 1): the three slopes' moves e with (v_k e_k) in the kernel of P^T (one line):

>>> from algnet.relu.model import PLModel, Activation, fractions_array
>>> m = PLModel.from_layers([([[1, 0], [0, 1], [1, 1]], [0, 0, 1]), ([[1, 1, 1]], [0])])
>>> m.nodes[2].op = Activation(fractions_array(["1/4"] * 3), "prelu", slope_index=np.arange(3))
>>> [{i: str(v) for i, v in g.items()} for g in slope_generators(m)]   # v: 9-11, c: 12, slopes: 13-15
[{9: '1', 10: '1', 11: '-1', 12: '1', 13: '3/4', 14: '3/4', 15: '-3/4'}]
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm

import numpy as np

from algnet.relu.model_ops import Affine, Gather

__all__ = ["slope_generators", "slope_work", "SLOPE_WORK"]

#: Largest work of one PReLU's system (multiply-adds of its exact products and kernel): about a CPU second; and
#: largest number of entries of the dense matrices it builds. Past either the PReLU's moves are left out.
SLOPE_WORK = 50_000_000
SLOPE_DENSE = 2_000_000
#: Work per CPU second, bytes per entry of the dense matrices (exact integers in lists).
SLOPE_WORK_PER_SECOND = 5.0e7
SLOPE_BYTES_PER_ENTRY = 60


def _den(op) -> int:
    """The common denominator of an affine op's weights and bias."""
    d = 1
    for v in list(op.W.ravel().tolist()) + list(op.b.ravel().tolist()):
        d = lcm(d, Fraction(v).denominator)
    return d


def _dense(op, n_in):
    """The (n_out x n_in) integer matrix d W and the integer vector d b of an affine op, and d = :func:`_den`."""
    d = _den(op)
    G, Og, K = op.W.shape
    L = op.idx.shape[1]
    M = [[0] * n_in for _ in range(op.n_out)]
    for g in range(G):
        for o in range(Og):
            c = g * Og + o
            for k in range(K):
                w = op.W[g, o, k]
                if w == 0:
                    continue
                w = int(Fraction(w) * d)
                for l in range(L):
                    q = int(op.idx[g, l, k])
                    if q < n_in:
                        M[c * L + l][q] += w
    b = [int(Fraction(v) * d) for v in op.bias_vector(op.b).tolist()]
    return M, b, d


def _readers(model, a, offsets):
    """[(reader node, map of its input coordinates to the PReLU's, -1 for others)] when every path from node a
    reaches trainable affine nodes through reshapes (Gather) only; None otherwise."""
    cons = {}
    for j, nd in enumerate(model.nodes):
        for i in nd.inputs:
            cons.setdefault(i, []).append(j)
    last = len(model.nodes) - 1
    out, todo = [], [(a, np.arange(model.nodes[a].size))]
    while todo:
        i, src = todo.pop()
        if i == last or not cons.get(i):
            return None                                       # the PReLU (or its copy) is an output
        for j in cons[i]:
            nd = model.nodes[j]
            if nd.inputs.count(i) != 1:
                return None
            if j in offsets:
                out.append((j, src))
            elif isinstance(nd.op, Gather):
                cat = np.concatenate([src if k == i else np.full(model.nodes[k].size, -1) for k in nd.inputs])
                todo.append((j, cat[nd.op.perm]))
            else:
                return None
    return out


def _candidates(model, offsets):
    """(activation node, its affine input node, its readers) for each PReLU whose moves are looked for."""
    if model.shared:                    # tied weights or fixed entries: their parameters are not one per entry
        return []
    out = []
    for a in model.activation_nodes():
        op = model.nodes[a].op
        p = model.nodes[a].inputs[0]
        if not op.n_params() or not isinstance(model.nodes[p].op, Affine):
            continue
        readers = _readers(model, a, offsets)
        if readers:
            out.append((a, p, readers))
    return out


def _sizes(model, a, p, readers) -> tuple:
    """(work, dense entries) of one PReLU's system: the multiply-adds of R diag(e) [P | p] for every reader R and
    of the kernel (rows x slopes^2); the entries of the dense matrices of P and the readers."""
    n_a = model.nodes[p].size
    n_h = model.nodes[model.nodes[p].inputs[0]].size
    n_out = sum(model.nodes[r].size for r, _ in readers)
    T = model.nodes[a].op.n_params()
    return n_out * n_a * (n_h + 1) + n_out * (n_h + 1) * T * T, n_a * (n_h + 1) + n_out * n_a


def _within(work, dense) -> bool:
    return work <= SLOPE_WORK and dense <= SLOPE_DENSE


def slope_work(model, offsets) -> dict:
    """The estimate of :func:`slope_generators` from the shapes: {"seconds", "memory"} (bytes).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> slope_work(PLModel.from_layers([([[1, 2]], [3]), ([[4]], [5])]), {1: 0, 3: 3})      # no PReLU
    {'seconds': 0.0, 'memory': 0}
    """
    seconds, memory = 0.0, 0
    for a, p, readers in _candidates(model, offsets):
        work, dense = _sizes(model, a, p, readers)
        if _within(work, dense):
            seconds += work / SLOPE_WORK_PER_SECOND
            memory = max(memory, dense * SLOPE_BYTES_PER_ENTRY)
    return {"seconds": seconds, "memory": memory}


def _slope_offset(model, offsets, a) -> int:
    """The index of node a's first slope parameter (after every affine node's, then the slopes in node order)."""
    off = sum(model.nodes[k].op.n_params() for k in offsets)
    for i in model.activation_nodes():
        if i == a:
            return off
        off += model.nodes[i].op.n_params()
    raise ValueError(a)                                       # pragma: no cover - a is an activation node


def _reader_slopes(op, src, sidx):
    """For each (group, kernel position) of the reader's weights: the one slope parameter of the PReLU coordinates
    it reads at every position (-1: none of them), or None when it reads coordinates of several."""
    G, L, K = op.idx.shape
    n_in = len(src)
    out = np.full((G, K), -1)
    for g in range(G):
        for k in range(K):
            q = op.idx[g, :, k]
            s = {int(sidx[src[i]]) for i in q.tolist() if i < n_in and src[i] >= 0}
            if len(s) > 1:
                return None
            if s:
                out[g, k] = s.pop()
    return out


def _system(model, a, p, readers):
    """The rows (lists of ints, one entry per slope parameter) of the PReLU's system, and per reader the constants
    (integer matrix: output coordinate x slope parameter) and the common denominator of those constants; None
    when a reader mixes slope parameters in one weight."""
    from algnet.core.numbers import fmpz_mat

    act = model.nodes[a].op
    T, sidx = act.n_params(), act.slope_index
    n_h = model.nodes[model.nodes[p].inputs[0]].size
    Pm, pb, _ = _dense(model.nodes[p].op, n_h)
    rows, consts = [], []
    for r, src in readers:
        op = model.nodes[r].op
        if _reader_slopes(op, src, sidx) is None:
            return None
        Rm, _, _ = _dense(op, len(src))
        n_out = len(Rm)
        blocks = []
        for t in range(T):                       # R diag(e) [P | p]: one (n_out x (n_h + 1)) block per slope
            cols = [i for i in range(len(src)) if src[i] >= 0 and sidx[src[i]] == t]
            if not cols:
                blocks.append(None)
                continue
            Rt = fmpz_mat([[row[i] for i in cols] for row in Rm])
            Pt = fmpz_mat([Pm[src[i]] + [pb[src[i]]] for i in cols])
            blocks.append(Rt * Pt)
        C = [[0 if B is None else int(B[o, n_h]) for B in blocks] for o in range(n_out)]
        for o in range(n_out):
            for q in range(n_h):
                rows.append([0 if B is None else int(B[o, q]) for B in blocks])
        L = op.idx.shape[1]
        for o in range(n_out):                   # constants: equal along a channel (its bias), or 0 without bias
            if not op.has_bias:
                rows.append(C[o])
            elif o % L:
                rows.append([x - y for x, y in zip(C[o], C[o - o % L])])
        consts.append(C)
    return [r for r in rows if any(r)], consts


def slope_generators(model, context=None) -> list:
    """The symmetries of the module doc, sparse {parameter index: value}, parameters indexed as in
    :func:`~algnet.relu.symmetries.rescaling_generators` (the slopes after every affine node's parameters);
    ``context``: (offsets, ...) when the caller has them.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> slope_generators(PLModel.from_layers([([[1, 2]], [3]), ([[4]], [5])]))     # no PReLU: none
    []
    """
    from algnet.core.numbers import fmpz_mat

    if context is None:
        from algnet.relu.symmetries import _offsets

        offsets = _offsets(model)
    else:
        offsets = context[0]
    gens = []
    for a, p, readers in _candidates(model, offsets):
        if not _within(*_sizes(model, a, p, readers)):
            continue
        sys_ = _system(model, a, p, readers)
        if sys_ is None:
            continue
        rows, consts = sys_
        act = model.nodes[a].op
        T, sidx = act.n_params(), act.slope_index
        if rows:
            K, nullity = fmpz_mat(rows).nullspace()
            basis = [[int(K[i, j]) for i in range(T)] for j in range(nullity)]
        else:
            basis = [[int(i == j) for i in range(T)] for j in range(T)]
        dp = _den(model.nodes[p].op)
        slope = {}
        for i, t in enumerate(sidx.tolist()):
            slope.setdefault(int(t), act.slopes.ravel()[i])
        s0 = _slope_offset(model, offsets, a)
        for e in basis:
            g = {s0 + t: Fraction(e[t]) * (1 - Fraction(slope[t])) for t in range(T) if e[t]}
            for (r, src), C in zip(readers, consts):
                op = model.nodes[r].op
                G, Og, K_ = op.W.shape
                L = op.idx.shape[1]
                rs = _reader_slopes(op, src, sidx)
                for gg in range(G):
                    for o in range(Og):
                        for k in range(K_):
                            t = rs[gg, k]
                            if t >= 0 and e[t] and op.W[gg, o, k] != 0:
                                g[offsets[r] + (gg * Og + o) * K_ + k] = op.W[gg, o, k] * e[t]
                if op.has_bias:
                    dr = _den(op)
                    for c in range(G * Og):
                        v = sum(C[c * L][t] * e[t] for t in range(T))
                        if v:
                            g[offsets[r] + op.W.size + c] = -Fraction(v, dr * dp)
            g = {i: v for i, v in g.items() if v != 0}
            if g:
                gens.append(dict(sorted(g.items())))
    return gens
