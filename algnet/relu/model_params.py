"""The parameters of a piecewise-linear model: which numbers the functional dimension differentiates by.

The functional dimension of a parametrised network is the rank of the Jacobian of theta -> (F_theta(z))_z with
respect to **all** parameters theta of the map (Grigsby-Lindsey-Meyerhoff-Wu, arXiv:2209.04036; the same
parameters as in Bui Thi Mai Phuong-Lampert's identifiability up to rescaling, ICLR 2020). For a model imported
from torch these are the distinct ``nn.Parameter`` tensors:

* the weights and biases of the affine nodes (Linear, Conv, BatchNorm's shift and scale);
* the slopes of a PReLU (trained, unlike a LeakyReLU's fixed negative slope);
* a tensor used by several nodes (a module applied more than once, or one Parameter assigned to two modules:
  tied weights) is **one** parameter: by the chain rule its Jacobian column is the sum of the columns of its
  uses, ``J_tied = J_untied S`` with S the 0/1 matrix sending each use's column to its parameter.

:func:`parameter_blocks` lists the columns of the untied Jacobian (the order of
:func:`~algnet.relu.model_fd.model_batch_fd`: affine nodes' weights then biases, in node order, then the trained
slopes) with the name of the parameter each block belongs to; :func:`tied_columns` gives S as an index map.

Examples
--------
f(x) = w . relu(x) + b + w . relu(-x) + b = w . |x| + 2 b: one Linear(2, 1) applied twice has D = 3, not 6:

>>> from algnet.relu.model import PLModel, Node, Affine, Activation, Combine, fractions_array
>>> import numpy as np
>>> lin = lambda: Affine(np.arange(2).reshape(1, 1, 2), fractions_array([[[1, 2]]]), fractions_array([3]),
...                      keys=("lin.weight", "lin.bias"))
>>> relu = lambda: Activation(fractions_array([0, 0]))
>>> m = PLModel([Node(None, (), (2,), "x"), Node(relu(), (0,), (2,), "relu"), Node(Combine((-1,)), (0,), (2,), "neg"),
...              Node(relu(), (2,), (2,), "relu_1"), Node(lin(), (1,), (1,), "lin"), Node(lin(), (3,), (1,), "lin_1"),
...              Node(Combine((1, 1)), (4, 5), (1,), "add")])
>>> [(b.node, b.part, b.size, b.key) for b in parameter_blocks(m)]
[(4, 'weight', 2, 'lin.weight'), (4, 'bias', 1, 'lin.bias'), (5, 'weight', 2, 'lin.weight'), (5, 'bias', 1, 'lin.bias')]
>>> cols, D = tied_columns(m)
>>> cols.tolist(), D, m.n_params
([0, 1, 2, 0, 1, 2], 3, 3)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["ParamBlock", "parameter_blocks", "tied_columns", "sum_tied_columns", "shared_parameters",
           "sharing_note", "tied_rescaling_rank", "fixed_entries"]


@dataclass(frozen=True)
class ParamBlock:
    """``size`` consecutive Jacobian columns of node ``node``: its ``part`` ('weight', 'bias' or 'slope'),
    belonging to the parameter named ``key`` (None: a parameter of this node alone).

    Examples
    --------
    >>> ParamBlock(1, "weight", 6, "fc.weight").size
    6
    """

    node: int
    part: str
    size: int
    key: str | None
    fixed: np.ndarray | None = None     # bool per column: True = the entry is no parameter (pruned, frozen)


def parameter_blocks(model) -> list:
    """The blocks of columns of the untied Jacobian, in order (see the module doc).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> [(b.node, b.part, b.size) for b in parameter_blocks(PLModel.from_layers([([[1, 2]], None), ([[3]], [0])]))]
    [(1, 'weight', 2), (3, 'weight', 1), (3, 'bias', 1)]
    """
    from algnet.relu.model_fd import trainable_nodes
    from algnet.relu.model_ops import Activation

    out = []
    for k in trainable_nodes(model):
        op = model.nodes[k].op
        keys = op.keys or (None, None)
        fixed = (None, None) if op.fixed is None else (op.fixed[:op.W.size], op.fixed[op.W.size:])
        out.append(ParamBlock(k, "weight", int(op.W.size), keys[0], fixed[0]))
        if op.has_bias:
            out.append(ParamBlock(k, "bias", int(op.b.size), keys[1], fixed[1]))
    for i, n in enumerate(model.nodes):
        if isinstance(n.op, Activation) and n.op.n_params():
            out.append(ParamBlock(i, "slope", n.op.n_params(), n.op.key))
    return out


def tied_columns(model) -> tuple:
    """``(cols, D)``: column j of the untied Jacobian belongs to parameter ``cols[j]`` of the D distinct ones.

    Blocks with the same name share one range of parameters (their sizes must agree: the same tensor). An entry
    that is fixed (``Affine.fixed``) at every use is no parameter: ``cols`` is -1 there and D does not count it.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1]], [0]), ([[2]], [0]), ([[3]], [0])])
    >>> for k in (1, 3):
    ...     m.nodes[k].op.keys = ("lin.weight", "lin.bias")        # the first two layers are one Linear
    >>> cols, D = tied_columns(m)
    >>> cols.tolist(), D
    ([0, 1, 0, 1, 2, 3], 4)
    """
    cols, first, D, free = [], {}, 0, []
    for b in parameter_blocks(model):
        if b.key is not None and b.key in first:
            start, size = first[b.key]
            if size != b.size:
                from algnet.errors import ParameterError

                raise ParameterError(f"parameter {b.key!r} has {size} entries at one use and {b.size} at another",
                                     hint="shared parameters must be the same tensor")
        else:
            start = D
            D += b.size
            if b.key is not None:
                first[b.key] = (start, b.size)
        cols.append(np.arange(start, start + b.size, dtype=np.int64))
        free.append(np.ones(b.size, dtype=bool) if b.fixed is None else ~np.asarray(b.fixed, dtype=bool))
    cols = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    if all(f.all() for f in free):
        return cols, D
    used = np.zeros(D, dtype=bool)
    used[cols[np.concatenate(free)]] = True            # a parameter free at one use (at least) is a parameter
    new = np.where(used, np.cumsum(used) - 1, -1)
    return new[cols], int(used.sum())


def fixed_entries(model) -> int:
    """The number of entries of the affine nodes that are no parameters (``Affine.fixed``: pruned, frozen).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0]], [0]), ([[2]], [0])])
    >>> m.nodes[1].op.fixed = np.array([False, True, False])      # the pruned weight 0 is fixed at 0
    >>> fixed_entries(m), tied_columns(m)[0].tolist(), m.n_params
    (1, [0, -1, 1, 2, 3], 4)
    """
    from algnet.relu.model_fd import trainable_nodes

    return sum(int(np.count_nonzero(model.nodes[k].op.fixed)) for k in trainable_nodes(model)
               if model.nodes[k].op.fixed is not None)


def shared_parameters(model) -> dict:
    """{parameter name: number of nodes using it} for the parameters used more than once.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> shared_parameters(PLModel.from_layers([([[1]], [0])]))
    {}
    """
    count = {}
    for b in parameter_blocks(model):
        if b.key is not None:
            count[b.key] = count.get(b.key, 0) + 1
    return {k: v for k, v in count.items() if v > 1}


def sum_tied_columns(J: np.ndarray, model, p: int | None = None) -> np.ndarray:
    """``J S``: the columns of the uses of a shared parameter summed (mod p when ``p`` is given), the columns of
    fixed entries dropped.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1]], [0]), ([[2]], [0])])
    >>> m.nodes[1].op.keys = m.nodes[3].op.keys = ("w", "b")
    >>> sum_tied_columns(np.array([[1, 2, 3, 4]]), m).tolist()
    [[4, 6]]
    """
    cols, D = tied_columns(model)
    if D == J.shape[1] and np.array_equal(cols, np.arange(D)):
        return J
    out = np.zeros((D, J.shape[0]), dtype=J.dtype)
    keep = cols >= 0                                    # fixed entries: no column
    np.add.at(out, cols[keep], J.T[keep])
    return out.T % p if p is not None else out.T


def sharing_note(model) -> str | None:
    """A sentence saying which parameters are shared and how they are counted (None when none is).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1]], [0]), ([[2]], [0])])
    >>> m.nodes[1].op.keys = m.nodes[3].op.keys = ("w", "b")
    >>> sharing_note(m)
    'shared weights: w, b used 2 times each; D counts each once (2 parameters, 4 with every use counted) and the Jacobian sums the columns of their uses (chain rule)'
    """
    sh = shared_parameters(model)
    if not sh:
        return None
    cols, D = tied_columns(model)
    times = sorted(set(sh.values()))
    what = ", ".join(sh) + (f" used {times[0]} times each" if len(times) == 1 else
                           " used " + ", ".join(f"{k} {v} times" for k, v in sh.items()))
    return (f"shared weights: {what}; D counts each once ({D} parameters, {len(cols)} with every use counted) and "
            "the Jacobian sums the columns of their uses (chain rule)")


def tied_rescaling_rank(gens, model) -> int:
    """The dimension of (span of the rescaling tangents ``gens``) meet (the tied parameter directions, image of S).

    ``gens``: dicts {untied column: value}. A direction of the tied parameters is a symmetry of the tied model
    when its image under S is one of the untied model; the rescalings that are constant on every shared
    parameter's uses, and zero on every fixed entry, are such directions. Its dimension is rank(G) - rank(G Q^T),
    Q the differences of the columns of the uses of one parameter and the columns of the fixed entries (exact, over
    QQ: :func:`~algnet.relu.sparse_rank.sparse_rank`).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1]], [0]), ([[2]], [0])])
    >>> tied_rescaling_rank([{0: 1, 1: 1, 2: -1}], m)          # untied: one rescaling
    1
    >>> m.nodes[1].op.keys = m.nodes[3].op.keys = ("w", "b")
    >>> tied_rescaling_rank([{0: 1, 1: 1, 2: -1}], m)          # tied: w -> l w, w -> w / l disagree
    0
    """
    from algnet.relu.sparse_rank import sparse_rank
    from algnet.relu.symmetries import generator_columns

    gens = [g for g in gens if g]
    if not gens:
        return 0
    cols, D = tied_columns(model)
    moved = sorted({i for g in gens for i in g})
    by_param = {i: c for i, c in zip(moved, generator_columns(gens)) if i < len(cols)}
    r = sparse_rank(by_param.values())
    first = {}
    diffs = []
    for j, c in enumerate(cols.tolist()):
        if c < 0:               # a fixed entry: the direction must not move it
            moved = {g: v for g, v in by_param.get(j, {}).items() if v}
            if moved:
                diffs.append(moved)
            continue
        if c not in first:
            first[c] = j
            continue
        a, b = by_param.get(first[c], {}), by_param.get(j, {})
        d = dict(a)
        for k, v in b.items():
            d[k] = d.get(k, 0) - v
        diffs.append(d)
    if not diffs:
        return r
    return r - sparse_rank(diffs)
