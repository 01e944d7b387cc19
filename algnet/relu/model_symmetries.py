"""Symmetries of a piecewise-linear model beyond the rescaling of one unit, for the bound D'.

:func:`~algnet.relu.symmetries.rescaling_generators` rescales one affine node's channel at a time and gives up
where two paths meet. Two more families of exact symmetries of imported models are found here; each tangent is
in the kernel of every Jacobian of the outputs in the parameters, so D - (their rank together with the
rescalings) stays an upper bound of the functional dimension:

* **Branch rescalings**: ``torch.maximum(a(x), b(x))`` is ``b + relu(a - b)``: scaling channel c of both
  affine nodes a and b by l > 0 scales the maximum's channel c by l (every step between is positively
  homogeneous and combines only channel c with channel c), and the weights reading it are divided by l. The
  nodes scaled together are found by growing the set from one affine node: an affine node met as another input
  of a sum (:class:`~algnet.relu.model.Combine`) joins it.
* **Channel mixings**: an affine node k read without an activation between (reshapes and permutations only)
  by dense trainable nodes only, one B (a token-wise Linear followed by a Linear on the flattened tokens) or
  several (a linear layer feeding the two branches of a maximum): y -> (I + e E_ij) y on k's channels (row i of
  k's weights and bias plus e times row j; i != j in one group) and each B's weights reading channel j at each
  position minus e times those reading channel i there. With the rescalings (the diagonal) these are the whole GL
  action on the channels.

Examples
--------
>>> from algnet.relu.model import PLModel, Node, Affine, Activation, Combine, fractions_array
>>> import numpy as np
>>> def affine(w, b):
...     return Affine(np.arange(2).reshape(1, 1, 2), fractions_array([w]), fractions_array(b))
>>> nodes = [Node(None, (), (2,), "input"), Node(affine([[1, 2]], [0]), (0,), (1,), "a"),
...          Node(affine([[3, 1]], [1]), (0,), (1,), "b"), Node(Combine((1, -1)), (1, 2), (1,), "diff"),
...          Node(Activation(fractions_array([0])), (3,), (1,), "relu"),
...          Node(Combine((1, 1)), (2, 4), (1,), "max"),
...          Node(Affine(np.arange(1).reshape(1, 1, 1), fractions_array([[[5]]]), fractions_array([0])), (5,), (1,),
...               "out")]
>>> m = PLModel(nodes)             # 5 max(x + 2y, 3x + y + 1) + 0: one scaling of a and b together
>>> from algnet.relu.symmetries import rescaling_generators, symmetry_bound
>>> [sorted(g) for g in branch_generators(m)], symmetry_bound(m)    # and a constant added to both: D' = 8 - 2
([[0, 1, 3, 4, 5, 6]], 6)
"""

from __future__ import annotations

import numpy as np

from algnet.relu.model_ops import Activation, Affine, Combine, Gather, MaxPool

__all__ = ["branch_generators", "branch_work", "mixing_entries", "mixing_generators"]

#: Largest number of entries of the channel-mixing tangents of one node (about a CPU second of the exact rank).
MIXING_ENTRIES = 100_000
#: Largest work (coordinates and weight columns followed, :func:`branch_work`) of the joint rescalings; past it
#: the rest are left out (the bound stays an upper bound, only less tight). BRANCH_WORK_PER_SECOND: its rate.
BRANCH_WORK = 20_000_000
BRANCH_WORK_PER_SECOND = 5.0e6


def _context(model):
    """(parameter offsets of the trainable nodes, consumers of each node, parameter vector); ``context`` of the
    generators, when the caller has them."""
    from algnet.relu.symmetries import _consumers, _offsets, parameter_vector

    return _offsets(model), _consumers(model), parameter_vector(model)


def _labels(op):
    O, L = op.W.shape[0] * op.W.shape[1], op.idx.shape[1]
    return np.arange(O * L) // L


def _spread(model, sources, offsets):
    """Follow the channel labels of the affine nodes ``sources`` (scaled together) in topological order.

    Returns ({channel: [parameter indices of the weights reading it]}, None) when the scaling is a symmetry,
    (None, k) when a sum also reads the affine node k (to be scaled with them), (None, None) otherwise."""
    from algnet.relu.symmetries import _FOREIGN, _OTHER, _affine_reads, _fixed_labels, _read

    lab = {s: _labels(model.nodes[s].op) for s in sources}
    out, last = {}, len(model.nodes) - 1
    for j in range(min(sources) + 1, last + 1):
        nd = model.nodes[j]
        if not any(i in lab for i in nd.inputs):
            continue
        if j in sources:
            return None, None                              # a source reads another: not one scaling
        op = nd.op
        if isinstance(op, Affine) and j in offsets:       # a trainable reader: its weights are divided
            G, Og, K, idx = _affine_reads(op)
            x = lab[nd.inputs[0]]
            labp = np.concatenate([x, [_FOREIGN]])
            for g in range(G):
                for kk in range(K):
                    c = _read(labp, np.minimum(idx[g, :, kk], x.shape[0]))
                    if c is None:
                        return None, None
                    if c >= 0:
                        out.setdefault(c, []).extend(offsets[j] + (g * Og + o) * K + kk for o in range(Og))
            continue
        if j == last:
            return None, None                              # the output itself reads a scaled coordinate
        if isinstance(op, Activation):
            new = lab[nd.inputs[0]]
        elif isinstance(op, MaxPool):
            new = np.array([_read(lab[nd.inputs[0]], w) for w in op.windows], dtype=object)
            if any(v is None for v in new):
                return None, None
            new = new.astype(int)
        elif isinstance(op, Gather):
            new = np.concatenate([lab[i] if i in lab else np.full(model.nodes[i].size, _OTHER)
                                  for i in nd.inputs])[op.perm]
        elif isinstance(op, Combine):
            missing = [i for i in nd.inputs if i not in lab]
            if missing:
                k = missing[0]
                ok = k in offsets and not any(i in lab for i in model.nodes[k].inputs)
                return None, (k if ok else None)
            new = lab[nd.inputs[0]]
            if any(not np.array_equal(lab[i], new) for i in nd.inputs):
                return None, None                          # channel c summed with another channel
        elif isinstance(op, Affine):                      # a fixed linear node within channels (average pool)
            new = _fixed_labels(op, lab[nd.inputs[0]])
            if new is None:
                return None, None                          # a shift, or channels mixed
        else:
            return None, None
        lab[j] = new
    return out, None


def _suffix_work(model, offsets) -> list:
    """For each node k, the work of one :func:`_spread` from k: the sizes of the nodes after it and the weights of
    the trainable nodes among them (each weight column read once)."""
    out, acc = [0] * (len(model.nodes) + 1), 0
    for j in range(len(model.nodes) - 1, -1, -1):
        out[j] = acc
        nd = model.nodes[j]
        acc += nd.size + (nd.op.W.shape[0] * nd.op.W.shape[2] if j in offsets else 0)
    return out


def branch_work(model, offsets) -> int:
    """An upper bound of the work of :func:`branch_generators` (at most :data:`BRANCH_WORK`), from the shapes: a
    spread from every trainable node, grown at most once per trainable node that a sum reads.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> branch_work(PLModel.from_layers([([[1, 2]], [3]), ([[4]], [5])]), {1: 0, 3: 3})     # no sum
    0
    """
    if not any(isinstance(n.op, Combine) for n in model.nodes):
        return 0
    summed = {i for n in model.nodes if isinstance(n.op, Combine) for i in n.inputs if i in offsets}
    after = _suffix_work(model, offsets)
    return min(BRANCH_WORK, sum(after[k] for k in offsets) * (1 + len(summed)))


def branch_generators(model, context=None) -> list:
    """Tangents of the rescalings of a channel of several affine nodes at once (the branches of a maximum),
    sparse {parameter index: value} as :func:`~algnet.relu.symmetries.rescaling_generators` (which finds those of
    one node); ``context``: see :func:`_context`.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> branch_generators(PLModel.from_layers([([[1, 2]], [3]), ([[4]], [5])]))     # no sum: none
    []
    """
    if not any(isinstance(n.op, Combine) for n in model.nodes):
        return []
    offsets, _, theta = context or _context(model)
    gens, done = [], set()
    after, work = _suffix_work(model, offsets), 0
    for k in offsets:
        if any(k in s for s in done):
            continue
        S, reads = {k}, None
        for _ in range(len(model.nodes)):
            work += after[min(S)]
            if work > BRANCH_WORK:
                return gens                                # capped: the generators found so far
            reads, more = _spread(model, S, offsets)
            if more is None:
                break
            S.add(more)
        if reads is None or len(S) < 2 or frozenset(S) in done:
            continue
        done.add(frozenset(S))
        O = max(model.nodes[s].op.W.shape[0] * model.nodes[s].op.W.shape[1] for s in S)
        for c in range(O):
            g = {}
            for s in S:
                op = model.nodes[s].op
                G, Og, K = op.W.shape
                if c < G * Og:
                    g.update({offsets[s] + c * K + t: theta[offsets[s] + c * K + t] for t in range(K)})
                    if op.has_bias:
                        g[offsets[s] + G * Og * K + c] = theta[offsets[s] + G * Og * K + c]
            for i in reads.get(c, ()):
                g[i] = -theta[i]
            g = {i: v for i, v in g.items() if v != 0}
            if g:
                gens.append(g)
    return gens


def _linear_readers(model, k, cons, offsets):
    """[(B, slots)]: the dense trainable nodes B that read node k through reshapes and permutations only (nothing
    else reads it), and for each of k's output coordinates the one input slot of B reading it (-1: none); None when
    something else reads k (or k is the output)."""
    if k == len(model.nodes) - 1:
        return None
    todo, out = [(k, np.arange(model.nodes[k].size))], []
    while todo:
        j, src = todo.pop()
        for c in cons[j]:
            nd = model.nodes[c]
            if isinstance(nd.op, Gather):
                if sum(1 for i in nd.inputs if i == j) != 1 or c == len(model.nodes) - 1:
                    return None
                todo.append((c, np.concatenate([src if i == j else np.full(model.nodes[i].size, -1)
                                                for i in nd.inputs])[nd.op.perm]))
                continue
            if c not in offsets or nd.op.idx.shape[:2] != (1, 1):
                return None
            reads = np.append(src, -1)[np.minimum(nd.op.idx[0, 0], src.shape[0])]
            slots = [-1] * model.nodes[k].size
            for t, q in enumerate(reads.tolist()):
                if q >= 0:
                    if slots[q] >= 0:
                        return None                        # a coordinate read twice
                    slots[q] = t
            out.append((c, slots))
    return out or None


def mixing_entries(model, context=None) -> int:
    """The entries of the tangents :func:`mixing_generators` builds (each node's at most :data:`MIXING_ENTRIES`),
    from the shapes.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> mixing_entries(PLModel.from_layers([([[1, 2]], [3]), ([[4]], [5])]))          # a ReLU between: none
    0
    """
    offsets, cons, _ = context or _context(model)
    total = 0
    for k in offsets:
        found = _linear_readers(model, k, cons, offsets)
        if found is not None:
            op = model.nodes[k].op
            G, Og, K = op.W.shape
            n = G * Og * (Og - 1) * (K + 1 + sum(model.nodes[b].op.W.shape[1] for b, _ in found) * op.idx.shape[1])
            total += n if n <= MIXING_ENTRIES else 0
    return total


def mixing_generators(model, context=None) -> list:
    """Tangents of the mixings of two channels of an affine node read linearly by dense nodes only (see the module
    doc), sparse {parameter index: value}; nodes whose tangents would pass :data:`MIXING_ENTRIES` entries are
    left out (the bound stays an upper bound, only less tight).

    Examples
    --------
    Two linear layers in a row, (x, y) -> W2 (W1 (x, y) + b1) + b2 with two hidden channels: the 2 x 2 mixings
    of the hidden channels that are not rescalings:

    >>> from algnet.relu.model import PLModel, Node, Affine, fractions_array
    >>> import numpy as np
    >>> lin = lambda w, b: Affine(np.arange(len(w[0])).reshape(1, 1, -1), fractions_array([w]), fractions_array(b))
    >>> m = PLModel([Node(None, (), (2,), "input"), Node(lin([[1, 2], [3, 4]], [1, 1]), (0,), (2,), "l1"),
    ...              Node(lin([[1, 1], [1, -1]], [0, 0]), (1,), (2,), "l2")])
    >>> [{i: int(v) for i, v in g.items()} for g in mixing_generators(m)]
    [{0: 3, 1: 4, 4: 1, 7: -1, 9: -1}, {2: 1, 3: 2, 5: 1, 6: -1, 8: 1}]
    """
    offsets, cons, theta = context or _context(model)
    gens = []
    for k in offsets:
        readers = _linear_readers(model, k, cons, offsets)
        if readers is None:
            continue
        op = model.nodes[k].op
        G, Og, K = op.W.shape
        L = op.idx.shape[1]
        if G * Og * (Og - 1) * (K + 1 + sum(model.nodes[b].op.W.shape[1] for b, _ in readers) * L) > MIXING_ENTRIES:
            continue
        for g in range(G):
            for i in range(g * Og, (g + 1) * Og):
                for j in range(g * Og, (g + 1) * Og):
                    if i != j:
                        t = _mixing(model, offsets, theta, k, readers, i, j)
                        if t:
                            gens.append(t)
    return gens


def _mixing(model, offsets, theta, k, readers, i, j):
    """The tangent of y_i -> y_i + e y_j on node k (every position) and each reader B's weights reading y_j minus e
    times those reading y_i; {} when a reader reads channel i at a position where it does not read channel j."""
    op = model.nodes[k].op
    K, L = op.W.shape[2], op.idx.shape[1]
    g = {offsets[k] + i * K + t: theta[offsets[k] + j * K + t] for t in range(K)}
    if op.has_bias:
        nW = op.W.size
        g[offsets[k] + nW + i] = theta[offsets[k] + nW + j]
    for b, slots in readers:
        nB, KB = model.nodes[b].op.W.shape[1:]
        for pos in range(L):
            si, sj = slots[i * L + pos], slots[j * L + pos]
            if si < 0:
                continue
            if sj < 0:
                return {}
            for o in range(nB):
                g[offsets[b] + o * KB + sj] = -theta[offsets[b] + o * KB + si]
    return {c: v for c, v in g.items() if v != 0}
