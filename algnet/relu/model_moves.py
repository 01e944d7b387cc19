"""Symmetries of a piecewise-linear model from one linear system over the whole model (its first-order moves).

Every value of the model is a linear form in **atoms**: the constant 1, the input coordinates, and the outputs of
its activations and max-pools (each taken as a variable of its own). A tangent v of the parameters moves each value
to first order by a form too, linear in v, found node by node:

* an affine node ``W x + b``: ``dW x + W dx + db`` (``x``'s form is known, ``dW``, ``db`` are unknowns);
* sums, reshapes, fixed affine nodes: linear in the moves of their inputs;
* an activation y = sigma(z) (ReLU, leaky ReLU, abs, PReLU: positively homogeneous): the move of z must be
  ``a_i z_i`` (one unknown a_i per coordinate; then the kink stays and sigma(z + a z) = (1 + a) sigma(z)); y moves
  by ``a_i y_i``, and a trained slope s (PReLU) moved by ds adds ``ds (z - y) / (1 - s)`` (= ds min(z, 0));
* a max-pool: the moves of a window's entries must be ``a_w x_j + f`` with one a_w and one form f for the window
  (max(x_j + a x_j + f) = (1 + a) max x_j + f); the output moves by ``a_w y_w + f``;
* the output must not move at all.

Each condition holds as an identity of forms when the coefficient of every atom vanishes: linear equations in the
parameter moves and the auxiliary unknowns a. A solution moves no value of the model as a function of the input,
so its parameter part is in the kernel of every batch Jacobian: D minus the rank of these tangents (with the
others) stays an upper bound of the functional dimension. The rescalings, joint rescalings of branches, channel
mixings, the moves that cancel before the kinks and the PReLU slope moves are all solutions; so are their
combinations across layers, e.g. a slope move whose linear remainder a residual sum carries to the output layer,
or a convolution read by a Linear layer without an activation between (the composite is one affine map).

The system is solved exactly: unknowns that occur in one equation only are eliminated with it (repeatedly), the rest
by :func:`~algnet.relu.model_shifts._kernel`; models whose forms would pass :data:`MOVES_ENTRIES` entries, or whose
remaining system would pass :data:`MOVES_KERNEL_WORK`, are left out (D' stays an upper bound, only less tight).
Models with shared or fixed parameters, and plain ReLU MLPs with every bias, are left to the other families.

Examples
--------
Linear(1, 2) then Conv1d(1, 1, 2) without an activation between, ReLU, Linear(1, 1): the composite
x -> c0 (w0 x + b0) + c1 (w1 x + b1) + cb is one affine map of x (2 numbers) from 7 parameters, then one rescaling:
D = 9, FD = 2 + 2 - 1 = 3.

>>> from algnet.relu.model import PLModel, Node, Affine, Activation, fractions_array
>>> import numpy as np
>>> lin = Affine(np.arange(1).reshape(1, 1, 1), fractions_array([[[1], [2]]]), fractions_array([0, 1]))
>>> conv = Affine(np.arange(2).reshape(1, 1, 2), fractions_array([[[3, -1]]]), fractions_array([1]))
>>> out = Affine(np.arange(1).reshape(1, 1, 1), fractions_array([[[2]]]), fractions_array([0]))
>>> m = PLModel([Node(None, (), (1,), "x"), Node(lin, (0,), (2,), "lin"), Node(conv, (1,), (1,), "conv"),
...              Node(Activation(fractions_array([0])), (2,), (1,), "relu"), Node(out, (3,), (1,), "out")])
>>> from algnet.relu.sparse_rank import sparse_rank
>>> from algnet.relu.symmetries import generator_columns
>>> m.n_params - sparse_rank(generator_columns(move_generators(m)))
3
"""

from __future__ import annotations

from fractions import Fraction



from algnet.relu.model_ops import Activation, Affine, Combine, Gather, MaxPool

__all__ = ["move_generators", "move_work", "MOVES_ENTRIES"]

#: Largest number of entries of the forms (values and moves) built for one model; past it no move is looked for.
MOVES_ENTRIES = 400_000
#: Largest work (equations x unknowns x the smaller) of the exact kernel of the equations left after the
#: eliminations and substitutions (about 0.1 CPU second); past it no move is looked for.
MOVES_KERNEL_WORK = 25_000_000
#: Entries of :func:`_entries_bound` per CPU second (the forms built, the eliminations and the back-substitutions:
#: relu 2-40-40-1 16,443 in 0.11 s, a conv model on 8 x 8 inputs 385,428 in 0.21 s), and bytes per entry (Fractions
#: in dicts) at the peak.
MOVES_ENTRIES_PER_SECOND = 1.5e5
MOVES_BYTES_PER_ENTRY = 400


def _entries_bound(model, offsets) -> int:
    """An upper estimate of the entries of the forms from the shapes: each affine coordinate reads K inputs whose
    forms (values and moves) have at most the atoms and unknowns of the node before the last activation."""
    width = {0: model.nodes[0].size + 1}              # atoms a value of each node may read, bounded
    total = 0
    for j, nd in enumerate(model.nodes[1:], start=1):
        op = nd.op
        if isinstance(op, (Activation, MaxPool)):
            width[j] = 3
        elif isinstance(op, Affine):
            K = op.W.shape[2]
            width[j] = min(K * width[nd.inputs[0]] + 1, 10**9)
        else:
            width[j] = sum(width[i] for i in nd.inputs)
        total += nd.size * width[j] * 3
        if total > 10 * MOVES_ENTRIES:
            break
    return total


def _left_out(model) -> bool:
    """Models whose moves are not looked for here: shared or fixed parameters (not one per entry), and plain ReLU MLPs
    with every bias (their known symmetries are the rescalings of the hidden neurons, D' = D - hidden neurons,
    found node by node)."""
    return model.shared or (model.mlp_widths() is not None and model.all_biases)


def move_work(model, offsets) -> dict:
    """The estimate of :func:`move_generators` from the shapes: {"seconds", "memory"} (bytes); 0 when the model
    is left out.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 2]], [3]), ([[4]], [5])])
    >>> m.nodes[1].op.has_bias = False                      # no longer a plain MLP with every bias
    >>> 0 < move_work(m, {1: 0, 3: 2})["seconds"] < 0.01
    True
    """
    if _left_out(model):
        return {"seconds": 0.0, "memory": 0}
    n = _entries_bound(model, offsets)
    if n > MOVES_ENTRIES:
        return {"seconds": 0.0, "memory": 0}
    from algnet.relu.model_shifts import SHIFT_BYTES_PER_ENTRY, SHIFT_DENSE, SHIFT_WORK_PER_SECOND

    rows = n // 3                                         # equations: at most a third of the entries
    return {"seconds": n / MOVES_ENTRIES_PER_SECOND + min(MOVES_KERNEL_WORK, rows ** 3) / SHIFT_WORK_PER_SECOND,
            "memory": n * MOVES_BYTES_PER_ENTRY + min(SHIFT_DENSE, rows * rows) * SHIFT_BYTES_PER_ENTRY}


class _System:
    """The forms of the values and moves of a model's nodes and the equations of its moves."""

    def __init__(self, model, offsets):
        self.model, self.offsets = model, offsets
        self.D = model.n_params
        self.n_aux = 0
        self.rows = []
        self.entries = 0
        self.n_atoms = 1 + model.nodes[0].size

    def aux(self) -> int:
        self.n_aux += 1
        return self.D + self.n_aux - 1

    def atom(self) -> int:
        self.n_atoms += 1
        return self.n_atoms - 1

    def equate(self, move, value=None, a=None):
        """Equations: the form ``move`` ({(atom, unknown): c}) minus unknown ``a`` times the form ``value``
        ({atom: c}) vanishes (every atom's coefficient)."""
        eq = {}
        for (t, u), c in move.items():
            eq.setdefault(t, {})[u] = eq.get(t, {}).get(u, 0) + c
        if a is not None:
            for t, c in value.items():
                eq.setdefault(t, {})[a] = eq.get(t, {}).get(a, 0) - c
        for row in eq.values():
            row = {u: c for u, c in row.items() if c != 0}
            if row:
                self.rows.append(row)

    def count(self, forms):
        self.entries += sum(len(f) for f in forms)
        if self.entries > MOVES_ENTRIES:
            raise _TooLarge


class _TooLarge(Exception):
    pass


def _add(acc, form, c):
    for k, v in form.items():
        acc[k] = acc.get(k, 0) + c * v


def _affine(S, j, nd, V, T):
    """Value and move forms of an affine node (trainable: its weights and bias moved by their unknowns)."""
    op = nd.op
    Vin, Tin = V[nd.inputs[0]], T[nd.inputs[0]]
    n_in = len(Vin)
    G, Og, K = op.W.shape
    L = op.idx.shape[1]
    off = S.offsets.get(j)
    bias = op.bias_vector(op.b)
    Vout, Tout = [], []
    for g in range(G):
        for o in range(Og):
            c = g * Og + o
            for l in range(L):
                v, t = {0: Fraction(bias[c * L + l])} if bias[c * L + l] != 0 else {}, {}
                for kk in range(K):
                    q = int(op.idx[g, l, kk])
                    if q >= n_in:
                        continue
                    w = op.W[g, o, kk]
                    if w != 0:
                        _add(v, Vin[q], w)
                        _add(t, Tin[q], w)
                    if off is not None:
                        for a, x in Vin[q].items():
                            t[(a, off + c * K + kk)] = t.get((a, off + c * K + kk), 0) + x
                if off is not None and op.has_bias:
                    t[(0, off + G * Og * K + c)] = Fraction(1)
                Vout.append({k: x for k, x in v.items() if x != 0})
                Tout.append({k: x for k, x in t.items() if x != 0})
    return Vout, Tout


def _activation(S, a, nd, V, T):
    """An activation: the move of each input coordinate must be a_i times its value; the output (a new atom per
    coordinate) moves by a_i y_i plus the slope's move."""
    from algnet.relu.model_slopes import _slope_offset

    op = nd.op
    Vin, Tin = V[nd.inputs[0]], T[nd.inputs[0]]
    s0 = _slope_offset(S.model, S.offsets, a) if op.n_params() else None
    Vout, Tout = [], []
    for i in range(len(Vin)):
        u = S.aux()
        S.equate(Tin[i], Vin[i], u)
        y = S.atom()
        t = {(y, u): Fraction(1)}
        s = Fraction(op.slopes.ravel()[i])
        if s0 is not None:
            d = s0 + int(op.slope_index[i])
            if s == 1:                  # y = z: the slope's move min(z, 0) ds is no form in the atoms: held at 0
                S.rows.append({d: Fraction(1)})
            else:
                for q, x in Vin[i].items():
                    t[(q, d)] = t.get((q, d), 0) + x / (1 - s)
                t[(y, d)] = t.get((y, d), 0) - 1 / (1 - s)
        Vout.append({y: Fraction(1)})
        Tout.append({k: x for k, x in t.items() if x != 0})
    return Vout, Tout


def _maxpool(S, nd, V, T):
    """A max-pool: in each window the moves minus a_w times the values are one form f; the output moves by
    a_w y + f."""
    Vin, Tin = V[nd.inputs[0]], T[nd.inputs[0]]
    Vout, Tout = [], []
    for w in nd.op.windows.tolist():
        w = list(dict.fromkeys(w))
        u = S.aux()
        first = dict(Tin[w[0]])
        for q, x in Vin[w[0]].items():
            first[(q, u)] = first.get((q, u), 0) - x
        for j in w[1:]:
            diff = dict(Tin[j])
            _add(diff, first, -1)
            for q, x in Vin[j].items():
                diff[(q, u)] = diff.get((q, u), 0) - x
            S.equate(diff)
        y = S.atom()
        first[(y, u)] = Fraction(1)
        Vout.append({y: Fraction(1)})
        Tout.append({k: x for k, x in first.items() if x != 0})
    return Vout, Tout


def _build(model, offsets):
    """The equations (rows {unknown: coefficient}) and the number of parameter unknowns; None when a node is of a
    kind not followed here."""
    S = _System(model, offsets)
    n0 = model.nodes[0].size
    V = {0: [{1 + q: Fraction(1)} for q in range(n0)]}
    T = {0: [{} for _ in range(n0)]}
    for j, nd in enumerate(model.nodes[1:], start=1):
        op = nd.op
        if isinstance(op, Affine):
            V[j], T[j] = _affine(S, j, nd, V, T)
        elif isinstance(op, Activation):
            V[j], T[j] = _activation(S, j, nd, V, T)
        elif isinstance(op, MaxPool):
            V[j], T[j] = _maxpool(S, nd, V, T)
        elif isinstance(op, Combine):
            vs, ts = [{} for _ in range(nd.size)], [{} for _ in range(nd.size)]
            for c, i in zip(op.coeffs, nd.inputs):
                for r in range(nd.size):
                    _add(vs[r], V[i][r], c)
                    _add(ts[r], T[i][r], c)
            V[j] = [{k: x for k, x in v.items() if x != 0} for v in vs]
            T[j] = [{k: x for k, x in t.items() if x != 0} for t in ts]
        elif isinstance(op, Gather):
            cv = [v for i in nd.inputs for v in V[i]]
            ct = [t for i in nd.inputs for t in T[i]]
            V[j], T[j] = [cv[q] for q in op.perm.tolist()], [ct[q] for q in op.perm.tolist()]
        else:
            return None
        S.count(V[j])
        S.count(T[j])
    for t in T[len(model.nodes) - 1]:
        S.equate(t)
    return S


def _eliminate(rows):
    """Remove, repeatedly, each unknown that occurs in one row only together with that row (the row fixes it from
    the others). Returns (the rows left, [(unknown, its row)] in the order removed)."""
    where = {}
    for r, row in enumerate(rows):
        for u in row:
            where.setdefault(u, set()).add(r)
    alive = set(range(len(rows)))
    order, todo = [], [u for u, rs in where.items() if len(rs) == 1]
    while todo:
        u = todo.pop()
        rs = where.get(u)
        if not rs or len(rs) != 1:
            continue
        r = rs.pop()
        alive.discard(r)
        order.append((u, rows[r]))
        for v in rows[r]:
            if v != u:
                where[v].discard(r)
                if len(where[v]) == 1:
                    todo.append(v)
    return [rows[r] for r in sorted(alive)], order


def move_generators(model, context=None) -> list:
    """The parameter parts of the solutions of the module doc's system, sparse {parameter index: value} (indexed
    as in :func:`~algnet.relu.symmetries.rescaling_generators`); [] when the model is left out (:func:`_left_out`,
    forms past :data:`MOVES_ENTRIES`, a remaining system past :data:`MOVES_KERNEL_WORK`).

    Examples
    --------
    F = 4 relu(x + 2y) + 5 (the hidden layer without a bias): the rescaling of the unit

    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 2]], [0]), ([[4]], [5])])
    >>> m.nodes[1].op.has_bias = False
    >>> [{i: str(v) for i, v in g.items()} for g in move_generators(m)]
    [{0: '1', 1: '2', 2: '-4'}]
    """
    from algnet.relu.model_shifts import _kernel

    if _left_out(model):
        return []
    if context is None:
        from algnet.relu.symmetries import _offsets

        offsets = _offsets(model)
    else:
        offsets = context[0]
    if _entries_bound(model, offsets) > MOVES_ENTRIES:
        return []
    try:
        S = _build(model, offsets)
    except _TooLarge:
        return []
    if S is None:
        return []
    rows, order = _eliminate(S.rows)
    done = {u for u, _ in order}
    used = {u for row in rows for u in row}
    cols = sorted(used)
    free = [u for u in range(S.D + S.n_aux) if u not in done and u not in used]
    basis = _kernel(rows, cols, MOVES_KERNEL_WORK) if rows else []
    if basis is None:
        return []
    basis = [{u: Fraction(v) for u, v in g.items()} for g in basis] + [{u: Fraction(1)} for u in free]
    pos = {u: k for k, (u, _) in enumerate(order)}
    readers = {}                                          # unknown -> the eliminated unknowns whose row holds it
    for u, row in order:
        for v in row:
            if v != u:
                readers.setdefault(v, []).append(u)
    out = []
    for g in basis:
        reach, todo = set(), list(g)                      # the eliminated unknowns that g's entries reach
        while todo:
            for u in readers.get(todo.pop(), ()):
                if u not in reach:
                    reach.add(u)
                    todo.append(u)
        for u in sorted(reach, key=pos.get, reverse=True):   # each from its row, the later eliminated first
            row = order[pos[u]][1]
            val = -sum((c * g.get(v, 0) for v, c in row.items() if v != u), Fraction(0)) / row[u]
            if val:
                g[u] = val
        p = {u: v for u, v in sorted(g.items()) if u < S.D and v != 0}
        if p:
            out.append(p)
    return out
