"""Symmetries of a piecewise-linear model that move affine nodes by functions which cancel before every kink.

Several affine nodes a, b, ... whose outputs meet in a sum without an activation between (the two branches of
``torch.maximum(a(x), b(x)) = b + relu(a - b)``) can be moved together by affine functions of their common
inputs: when the moves, carried through linear nodes (sums, reshapes, fixed affine nodes, and trainable ones
whose weights are held and whose biases may move too), cancel in everything that reaches an activation or the
output (a - b is unchanged when a and b move alike; the biases take constants back), the model's function is
unchanged, exactly and for every step size. For the maximum of two branches read by an output layer c, the moves
f added to both branches with c f constant are such symmetries: c max(a, b) + c_0 = c max(a + f, b + f) + (c_0 -
c f). A max-pool passes moves that are equal in each of its windows (max(a + f, b + f) = max(a, b) + f: the pieces
of a maxout unit, one affine node's outputs in a window) and requires that equality.

:func:`absorbed_generators` finds them all at once for each such set of affine nodes, as the kernel of a linear
system over the rationals whose unknowns are the moves of the nodes' parameters and of the biases met: the
coefficient of every input coordinate of the moved nodes (each read as a free variable) and the constant must
vanish at every coordinate reaching an activation, a max-pool or the output. Every kernel vector is a symmetry (the
Jacobian in the parameters annihilates it at every input), so D minus the rank of all known symmetries together
stays an upper bound of the functional dimension. Sets whose system would pass :data:`SHIFT_WORK` are left out
(the bound stays an upper bound, only less tight).

Examples
--------
>>> import numpy as np
>>> from algnet.relu.model import PLModel, Node, Affine, Activation, Combine, fractions_array
>>> lin = lambda w, b: Affine(np.arange(len(w[0])).reshape(1, 1, -1), fractions_array([w]), fractions_array(b))
>>> m = PLModel([Node(None, (), (1,), "input"), Node(lin([[1]], [0]), (0,), (1,), "a"),
...              Node(lin([[2]], [1]), (0,), (1,), "b"), Node(Combine((1, -1)), (1, 2), (1,), "a - b"),
...              Node(Activation(fractions_array([0])), (3,), (1,), "relu"),
...              Node(Combine((1, 1)), (2, 4), (1,), "max"), Node(lin([[3]], [0]), (5,), (1,), "out")])
>>> [{i: int(v) for i, v in g.items()} for g in absorbed_generators(m)]   # 3 max(x, 2x + 1): a, b's bias +1, out's -3
[{1: 1, 3: 1, 5: -3}]
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd, lcm

from algnet.relu.model_ops import Activation, Affine, Combine, Gather, MaxPool

__all__ = ["absorbed_generators", "absorbed_groups", "absorbed_work", "SHIFT_WORK"]

#: Largest work (equations x unknowns x the smaller of the two) of one set's exact kernel once the moves tied
#: together are substituted (about a CPU second), and largest (unknowns x equations) of a system built.
SHIFT_WORK = 300_000_000
SHIFT_ENTRIES = 5_000_000
#: Largest matrix (entries) of one exact kernel, about SHIFT_BYTES_PER_ENTRY bytes each at its peak.
SHIFT_DENSE = 1_000_000
SHIFT_BYTES_PER_ENTRY = 60
#: Work of the exact kernels per CPU second (fmpz_mat.nullspace), and (unknowns x equations) built per second.
SHIFT_WORK_PER_SECOND = 2.5e8
#: Largest number of entries of one set's symmetries (their exact rank with the others: about a CPU second).
SHIFT_GEN_ENTRIES = 200_000
SHIFT_BUILT_PER_SECOND = 2.0e6


def _linear_sources(model, j, offsets):
    """The trainable affine nodes reaching node j through sums, reshapes and fixed affine nodes only."""
    out, todo, seen = set(), [j], set()
    while todo:
        i = todo.pop()
        if i in seen:
            continue
        seen.add(i)
        op = model.nodes[i].op
        if i in offsets:
            out.add(i)
        elif isinstance(op, (Combine, Gather)) or (isinstance(op, Affine) and not op.trainable):
            todo += list(model.nodes[i].inputs)
    return out


def absorbed_groups(model, offsets) -> list:
    """The sets (sorted tuples) of at least two trainable affine nodes that meet in sums without an activation
    between (sets sharing a node joined: the branches of a maximum of maxima), and the single nodes read by
    trainable nodes without an activation between, in order of their first node.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> absorbed_groups(PLModel.from_layers([([[1, 2]], [3]), ([[4]], [5])]), {1: 0, 3: 3})      # no sum: none
    []
    """
    groups = []
    for j, nd in enumerate(model.nodes):
        if isinstance(nd.op, Combine):
            s = _linear_sources(model, j, offsets)
            for other in [g for g in groups if g & s]:      # nested sums (a maximum of maxima): one set
                groups.remove(other)
                s |= other
            if s:
                groups.append(s)
    groups = [g for g in groups if len(g) >= 2]
    seen = set().union(*groups) if groups else set()
    cons = {}
    for j, nd in enumerate(model.nodes):
        for i in nd.inputs:
            cons.setdefault(i, []).append(j)
    for k in offsets:         # one node read linearly by trainable nodes (a linear layer before two) or max-pools
        if k not in seen and _reaches_trainable(model, k, offsets, cons):
            groups.append({k})
    return sorted(tuple(sorted(g)) for g in groups)


def _reaches_trainable(model, k, offsets, cons) -> bool:
    """Whether node k reaches a trainable affine node or a max-pool (a maxout unit: moves equal in a window pass
    it) through sums, reshapes and fixed affine nodes only."""
    todo, seen = [k], {k}
    while todo:
        for j in cons.get(todo.pop(), ()):
            if j in offsets or isinstance(model.nodes[j].op, MaxPool):
                return True
            if j not in seen and isinstance(model.nodes[j].op, (Combine, Gather, Affine)):
                seen.add(j)
                todo.append(j)
    return False


def _sizes(model, S, offsets):
    """(unknowns, equations) bounds of the system of the set S from the shapes only: the nodes its moves reach
    through sums, reshapes and fixed affine nodes, and at most (input coordinates + 1) equations per coordinate
    where they must cancel (an activation's input, a reader's output, the output)."""
    n_unknowns = sum(model.nodes[s].op.n_params() for s in S)
    n_h = sum(model.nodes[i].size for i in {model.nodes[s].inputs[0] for s in S}) + 1
    cons = {}
    for j, nd in enumerate(model.nodes):
        for i in nd.inputs:
            cons.setdefault(i, []).append(j)
    reached, todo, conds, last = set(S), list(S), 0, len(model.nodes) - 1
    while todo:
        i = todo.pop()
        if i == last:
            conds += model.nodes[i].size
        for j in cons.get(i, ()):
            op = model.nodes[j].op
            if j in reached:
                continue
            reached.add(j)
            if isinstance(op, Affine) and op.trainable:
                n_unknowns += op.W.shape[0] * op.W.shape[1]
            if isinstance(op, (Combine, Gather, Affine)):
                todo.append(j)
            elif isinstance(op, MaxPool):                  # the windows' equalities, then the moves pass
                conds += model.nodes[i].size
                todo.append(j)
            else:
                conds += model.nodes[i].size
    return n_unknowns, conds * n_h


def _work(n, e) -> int:
    """The work of the exact kernel of e equations in n unknowns (above :data:`SHIFT_WORK` it is not solved)."""
    return n * e * min(n, e)


def _solved(n, e) -> bool:
    """Whether the system of at most e equations in n unknowns is built (:data:`SHIFT_ENTRIES`)."""
    return n * e <= SHIFT_ENTRIES


def absorbed_work(model, offsets) -> dict:
    """The estimate of :func:`absorbed_generators` from the shapes only: {"seconds", "memory"} (bytes), each set
    of nodes' system built (at most :data:`SHIFT_ENTRIES` unknowns x equations), its exact kernel (at most
    :data:`SHIFT_WORK`, :data:`SHIFT_DENSE`) and the rank of its basis (at most :data:`SHIFT_GEN_ENTRIES` entries).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> absorbed_work(PLModel.from_layers([([[1, 2]], [3]), ([[4]], [5])]), {1: 0, 3: 3})
    {'seconds': 0.0, 'memory': 0}
    """
    seconds, memory = 0.0, 0
    for S in absorbed_groups(model, offsets):
        n, e = _sizes(model, S, offsets)
        if _solved(n, e):
            seconds += n * e / SHIFT_BUILT_PER_SECOND + min(_work(n, e), SHIFT_WORK) / SHIFT_WORK_PER_SECOND + \
                min(n * n, SHIFT_GEN_ENTRIES) / 2.0e5                   # their exact rank (SYMMETRY_ENTRIES_PER_SECOND)
            memory = max(memory, min(n * e, SHIFT_DENSE) * SHIFT_BYTES_PER_ENTRY)
    return {"seconds": seconds, "memory": memory}


def _propagate(model, S):
    """Follow the moves of the nodes S through linear nodes (the trainable ones too: their weights held, their
    biases moved as well): returns the conditions, each {(member, output coordinate) or ("bias", node, channel):
    coefficient} a combination of the moves that must vanish at an activation's or a max-pool's input or at the
    output; None when the moves reach something this does not follow."""
    P = {s: [{(m, r): Fraction(1)} for r in range(model.nodes[s].size)] for m, s in enumerate(S)}
    conds, last = [], len(model.nodes) - 1
    for j in range(min(S) + 1, last + 1):
        if j in P:
            continue
        nd = model.nodes[j]
        ins = [P.get(i) for i in nd.inputs]
        if all(p is None for p in ins):
            continue
        op = nd.op
        if isinstance(op, Combine):
            rows = [{} for _ in range(nd.size)]
            for c, p in zip(op.coeffs, ins):
                for t, e in enumerate(p or ()):
                    row = rows[t]
                    for key, v in e.items():
                        row[key] = row.get(key, 0) + c * v
            new = [{k: v for k, v in row.items() if v != 0} for row in rows]
        elif isinstance(op, Gather):
            cat = []
            for i, p in zip(nd.inputs, ins):
                cat += p if p is not None else [{}] * model.nodes[i].size
            new = [cat[t] for t in op.perm.tolist()]
        elif isinstance(op, Affine):
            p = ins[0]
            G, Og, K = op.W.shape
            L, n_in = op.idx.shape[1], len(p)
            new = []
            for g in range(G):
                for o in range(Og):
                    for l in range(L):
                        row = {}
                        for k in range(K):
                            q, w = int(op.idx[g, l, k]), op.W[g, o, k]
                            if q < n_in and w != 0:
                                for key, v in p[q].items():
                                    row[key] = row.get(key, 0) + w * v
                        new.append({k: v for k, v in row.items() if v != 0})
            if op.trainable and op.has_bias:                  # a reader: its bias may take a constant back
                for t, e in enumerate(new):
                    if e:
                        e[("bias", j, t // L)] = Fraction(1)
        elif isinstance(op, MaxPool):                   # max(a + f, b + f) = max(a, b) + f: equal moves pass
            p = ins[0]
            new = []
            for w in op.windows.tolist():
                first = p[w[0]]
                for t in dict.fromkeys(w[1:]):
                    diff = dict(p[t])
                    for key, v in first.items():
                        diff[key] = diff.get(key, 0) - v
                    diff = {k: v for k, v in diff.items() if v != 0}
                    if diff:
                        conds.append(diff)
                new.append(dict(first))
        elif isinstance(op, Activation):
            conds += [e for p in ins if p is not None for e in p if e]
            continue
        else:
            return None
        if j == last:
            conds += [e for e in new if e]
        elif any(new):
            P[j] = new
    return conds


def _equations(model, S, conds, offsets):
    """The rows ({parameter index: coefficient}) of the system: per condition, the coefficient of every input
    coordinate of the moved nodes and the constant."""
    rows = []
    for e in conds:
        eq = {}
        for key, v in e.items():
            if len(key) == 3:                                 # ("bias", reader, channel): a constant
                col = offsets[key[1]] + model.nodes[key[1]].op.W.size + key[2]
                eq.setdefault("1", {})[col] = eq.get("1", {}).get(col, 0) + v
                continue
            m, r = key
            s = S[m]
            op = model.nodes[s].op
            G, Og, K = op.W.shape
            L = op.idx.shape[1]
            c, l = divmod(r, L)
            g = c // Og
            n_in = model.nodes[model.nodes[s].inputs[0]].size
            for k in range(K):
                q = int(op.idx[g, l, k])
                if q < n_in:
                    key = (model.nodes[s].inputs[0], q)
                    eq.setdefault(key, {})
                    col = offsets[s] + c * K + k
                    eq[key][col] = eq[key].get(col, 0) + v
            if op.has_bias:
                eq.setdefault("1", {})
                col = offsets[s] + G * Og * K + c
                eq["1"][col] = eq["1"].get(col, 0) + v
        rows += [{k: v for k, v in row.items() if v != 0} for row in eq.values()]
    return [r for r in rows if r]


def _substitute(rows):
    """Solve the equations of one term (x = 0) and of two terms (a x + b y = 0: moves tied together) by
    substitution: returns ({column: (root, ratio)}: column = ratio root, the other rows in the roots, the columns
    that are 0)."""
    parent = {}

    def find(x):
        r, path = Fraction(1), []
        while x in parent:
            path.append(x)
            y, f = parent[x]
            r, x = r * f, y
        acc = r                                         # compress: each on the path points to the root
        for p in path:
            y, f = parent[p]
            parent[p] = (x, acc)
            acc /= f
        return x, r

    zero = set()                         # a row of one term: that column is 0 (repeated while rows shrink)
    while True:
        rows = [r for r in ({c: v for c, v in row.items() if c not in zero} for row in rows) if r]
        ones = {next(iter(r)) for r in rows if len(r) == 1}
        if not ones:
            break
        zero |= ones
    rest = []
    for row in rows:
        if len(row) == 2:
            (i, a), (j, b) = row.items()
            (ri, fi), (rj, fj) = find(i), find(j)
            if ri != rj:
                parent[ri] = (rj, -Fraction(b) * fj / (Fraction(a) * fi))
                continue
        rest.append(row)
    out = []
    for row in rest:
        new = {}
        for c, v in row.items():
            r, f = find(c)
            new[r] = new.get(r, 0) + Fraction(v) * f
        new = {c: v for c, v in new.items() if v != 0}
        if new:
            out.append(new)
    return {c: find(c) for c in list(parent)}, out, zero


def _kernel(rows, cols, max_work=None) -> list | None:
    """A basis ({column: int}) of the rational kernel of the sparse rows over the columns ``cols``; None when the
    system left after the substitutions would pass ``max_work`` (default :data:`SHIFT_WORK`)."""
    from algnet.core.numbers import fmpz_mat

    tied, rows, zero = _substitute(rows)
    roots = sorted(({c for c in cols if c not in tied} | {r for r, _ in tied.values()}) - zero)
    if _work(len(roots), len(rows)) > (SHIFT_WORK if max_work is None else max_work) or \
            len(roots) * len(rows) > SHIFT_DENSE:
        return None
    pos = {c: i for i, c in enumerate(roots)}
    dense = []
    for row in rows:
        d = 1
        for v in row.values():
            d = lcm(d, Fraction(v).denominator)
        line = [0] * len(roots)
        for c, v in row.items():
            line[pos[c]] = int(Fraction(v) * d)
        dense.append(line)
    if not dense:
        dense = [[0] * len(roots)]
    K, nullity = fmpz_mat(dense).nullspace()
    members = {}
    for c, (r, f) in tied.items():
        members.setdefault(r, []).append((c, f))
    out = []
    for j in range(nullity):
        g = {}
        for i, r in enumerate(roots):
            v = Fraction(int(K[i, j]))
            if v:
                g[r] = v
                for c, f in members.get(r, ()):
                    g[c] = v * f
        if g:
            d = lcm(*(v.denominator for v in g.values()))
            g = {c: int(v * d) for c, v in g.items()}
            d = gcd(*g.values()) * (1 if g[min(g)] > 0 else -1)       # primitive, first entry positive
            out.append({c: g[c] // d for c in sorted(g)})
    return out


def absorbed_generators(model, context=None) -> list:
    """The symmetries of the module doc, sparse {parameter index: value} (a basis per set of nodes meeting in a
    sum), parameters indexed as in :func:`~algnet.relu.symmetries.rescaling_generators`; ``context``: (offsets,
    consumers, parameters) when the caller has them.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> absorbed_generators(PLModel.from_layers([([[1, 2]], [3]), ([[4]], [5])]))     # no sum: none
    []
    """
    if context is None:
        from algnet.relu.symmetries import _offsets

        offsets = _offsets(model)
    else:
        offsets = context[0]
    gens = []
    for S in absorbed_groups(model, offsets):
        n, e = _sizes(model, S, offsets)
        if not _solved(n, e):
            continue
        conds = _propagate(model, S)
        if conds is None:
            continue
        rows = _equations(model, S, conds, offsets)
        cols = sorted({c for s in S for c in range(offsets[s], offsets[s] + model.nodes[s].op.n_params())} |
                      {c for r in rows for c in r})
        basis = _kernel(rows, cols) or []
        if sum(len(g) for g in basis) <= SHIFT_GEN_ENTRIES:         # else left out: their exact rank too slow
            gens += basis
    return gens
