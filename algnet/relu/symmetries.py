"""Known rescaling symmetries of a piecewise-linear model, and hidden symmetries of conv models.

A positively homogeneous activation sigma (ReLU, leaky ReLU, PReLU, abs:
sigma(l x) = l sigma(x) for l > 0) lets one multiply the incoming weights and
bias of a hidden unit by l > 0 and divide the weights that read it by l
without changing the function. For a convolution the weights of a channel are
shared by all its positions, so the unit is the **channel**: one rescaling per
hidden channel (per neuron for a Linear layer). :func:`rescaling_generators`
finds these from the graph of the model, without knowing its family: a unit
qualifies when its affine node feeds only the activation, and every path from
the activation reaches trainable affine nodes through channel-preserving
positively homogeneous steps only (max-pool windows and average pools within a
channel, reshapes and permutations, further activations), each downstream
weight reading one channel only; residual additions and outputs disqualify it.
Channels that one max-pool window takes the maximum of (the pieces of a maxout
unit) are one unit, rescaled together: max(l a, l b) = l max(a, b).

The generators (+1 on the unit's incoming parameters, -1 on the weights reading
it) lie in the kernel of every batch Jacobian and are linearly independent
(disjoint incoming parameters), so FD <= D' = D - (number of generators). For
an MLP D' is Grigsby-Lindsey-Meyerhoff-Wu's bound D - (hidden neurons).
:func:`model_hidden_symmetries` computes the batch functional dimension of a
model at random inputs: reaching D' **proves** that the parameters have no
hidden symmetries (symmetries beyond these rescalings); below D' it is
undecided (the batch rank is a lower bound of the functional dimension).

Examples
--------
>>> from algnet.relu.model import PLModel
>>> m = PLModel.from_layers([([[1, 2], [3, 4], [5, 6]], [0, 1, 2]), ([[1, 1, 1]], [0])])
>>> len(rescaling_generators(m)), m.n_params - len(rescaling_generators(m))       # D' = 13 - 3
(3, 10)
"""

from __future__ import annotations

import time
from math import ceil

import numpy as np

from algnet.errors import ParameterError
from algnet.relu.model import Activation, Affine, Gather, MaxPool

__all__ = ["rescaling_generators", "parameter_vector", "symmetry_bound", "check_symmetry_bound", "generator_columns",
           "model_hidden_symmetries"]

_OURS_MIXED = -1
_FOREIGN = -2       # a coordinate that does not depend on the activation followed (padding, a zero)
_OTHER = -3         # a coordinate of another input of a concatenation (Gather): a weight reading it and one of
                    # our channels (a concatenation along a spatial axis under a convolution) is not rescalable


def _read(labp, ent) -> int | None:
    """The one label of the coordinates ``ent`` (_FOREIGN when none is ours or another input's, _OTHER when only
    another input's), or None when they mix channels, or one of ours with another input's."""
    ls = set(labp[ent].tolist()) - {_FOREIGN}
    if not ls:
        return _FOREIGN
    if len(ls) > 1 or _OURS_MIXED in ls:
        return None
    return ls.pop()


def _offsets(model):
    from algnet.relu.model_fd import trainable_nodes

    off, out = 0, {}
    for k in trainable_nodes(model):
        out[k] = off
        off += model.nodes[k].op.n_params()
    return out


def _consumers(model):
    cons = {i: [] for i in range(len(model.nodes))}
    for j, n in enumerate(model.nodes):
        for i in n.inputs:
            cons[i].append(j)
    return cons


def _affine_reads(op):
    """(groups, out channels per group, kernel size, idx): weight (g, o, kk) reads inputs idx[g, :, kk]."""
    G, L, K = op.idx.shape
    return G, op.W.shape[1], K, op.idx


def _propagate(model, a, labels, cons, offsets, merges=None):
    """Follow the channel labels of activation node a to the trainable affine nodes that read them.

    Returns {channel: [parameter indices of the weights reading it]}, or None when a unit cannot be rescaled.
    ``merges`` (a list): a max-pool window over several of our channels (a maxout unit) appends them (they are
    one unit, rescaled together) instead of giving up."""
    out = {}
    todo = [(j, a, labels) for j in cons[a]]
    if not todo:
        return None
    seen = set()
    while todo:
        j, src, lab = todo.pop()
        if j in seen:
            return None                                   # two of our paths meet (e.g. a residual): give up
        seen.add(j)
        nd = model.nodes[j]
        op = nd.op
        if isinstance(op, Affine) and j in offsets:
            G, Og, K, idx = _affine_reads(op)
            n_in = lab.shape[0]
            labp = np.concatenate([lab, [_FOREIGN]])
            for g in range(G):
                for kk in range(K):
                    c = _read(labp, np.minimum(idx[g, :, kk], n_in))
                    if c is None:
                        return None
                    if c < 0:
                        continue
                    for o in range(Og):
                        out.setdefault(c, []).append(offsets[j] + (g * Og + o) * K + kk)
            continue
        if j == len(model.nodes) - 1:
            return None                                   # the output itself reads the unit
        if isinstance(op, Activation):
            new = lab
        elif isinstance(op, MaxPool):
            new = np.array([_read(lab, w) for w in op.windows], dtype=object)
            for t in np.nonzero([v is None for v in new])[0] if merges is not None else ():
                ls = set(lab[op.windows[t]].tolist()) - {_FOREIGN}
                if min(ls) >= 0:                          # our channels only: max(l a, l b) = l max(a, b)
                    merges.append(sorted(ls))
                    new[t] = min(ls)
            if any(v is None for v in new):
                return None
            new = new.astype(int)
        elif isinstance(op, Gather):
            if sum(1 for i in nd.inputs if i == src) != 1:
                return None
            parts = [lab if i == src else np.full(model.nodes[i].size, _OTHER) for i in nd.inputs]
            new = np.concatenate(parts)[op.perm]
        elif isinstance(op, Affine):                      # a fixed average pool: bias 0, one channel per output
            new = _fixed_labels(op, lab)
            if new is None:
                return None
        else:                                             # Combine (residual sums) and anything else
            return None
        todo += [(c, j, new) for c in cons[j]]
    return out


def _units(model, k, labels, cons, offsets):
    """(unit of each channel, {unit: reading weights}) of node k's rescalings: each channel its own unit, except
    channels a max-pool window takes the maximum of (maxout), one unit together; (., None) when none can be
    rescaled."""
    unit = np.arange(int(labels.max()) + 1 if labels.size else 0)
    for _ in range(len(unit)):                       # merging can reveal more merges downstream: repeat
        merges = []
        out = _propagate(model, k, unit[labels], cons, offsets, merges)
        if not merges:
            return unit, out
        for ls in merges:                            # one unit: the smallest channel's label
            root = min(unit[ls].tolist())
            unit[np.isin(unit, unit[ls])] = root
    return unit, None


def _fixed_labels(op, lab):
    """The channel labels of the outputs of a fixed linear node (an average pool, bias 0) reading coordinates
    labelled ``lab``: each output reads one channel, or none (_FOREIGN); None when the bias is not 0 or an output
    mixes channels."""
    if any(v != 0 for v in op.b.ravel().tolist()):
        return None
    G, Og, K, idx = _affine_reads(op)
    L = idx.shape[1]
    labp = np.concatenate([lab, [_FOREIGN]])
    new = np.full(G * Og * L, _FOREIGN)
    for g in range(G):
        for o in range(Og):
            nz = [kk for kk in range(K) if op.W[g, o, kk] != 0]
            for l in range(L):
                c = _read(labp, np.minimum(idx[g, l, nz], lab.shape[0]))
                if c is None:
                    return None
                new[(g * Og + o) * L + l] = c
    return new


def rescaling_generators(model) -> list:
    """Tangent vectors of the positive rescalings of the hidden units (channels), sparse {parameter index: value}.

    The rescaling of unit c by l > 0 multiplies its incoming weights and bias by l and the weights reading it by
    1 / l; its derivative at l = 1 is (+theta on the incoming parameters, -theta on the reading weights). The
    other known symmetries follow: bias shifts into the next dense layer, joint rescalings and channel mixings
    (:mod:`~algnet.relu.model_symmetries`), the moves cancelled before the kinks
    (:mod:`~algnet.relu.model_shifts`) and the moves of trained PReLU slopes (:mod:`~algnet.relu.model_slopes`).

    Parameters are indexed as in :func:`~algnet.relu.model_fd.model_batch_fd` (trainable affine nodes in
    order, each: weights (groups, out channels, kernel) row-major, then biases).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 2]], [3]), ([[4]], [5])])                # F = 4 relu(x + 2y + 3) + 5
    >>> {i: int(v) for i, v in rescaling_generators(m)[0].items()}
    {0: 1, 1: 2, 2: 3, 3: -4}
    """
    offsets = _offsets(model)
    cons = _consumers(model)
    theta = parameter_vector(model)
    gens = []
    for k in offsets:          # from the unit's affine node: through activations, or straight to the next layer
        op = model.nodes[k].op
        G, Og, K = op.W.shape
        L = op.idx.shape[1]
        O = G * Og
        unit, outgoing = _units(model, k, np.arange(O * L) // L, cons, offsets)
        if outgoing is None:
            continue
        for c in sorted(set(unit.tolist())):
            idx = [offsets[k] + d * K + t for d in np.nonzero(unit == c)[0].tolist() for t in range(K)] + \
                ([offsets[k] + G * Og * K + d for d in np.nonzero(unit == c)[0].tolist()] if op.has_bias else [])
            g = {i: theta[i] for i in idx}
            for i in outgoing.get(c, ()):
                g[i] = -theta[i]
            g = {i: v for i, v in g.items() if v != 0}
            if g:
                gens.append(g)
    from algnet.relu.model_shifts import absorbed_generators
    from algnet.relu.model_slopes import slope_generators
    from algnet.relu.model_symmetries import branch_generators, mixing_generators

    ctx = (offsets, cons, theta)
    return gens + _shift_generators(model, offsets, cons, theta) + branch_generators(model, ctx) + \
        mixing_generators(model, ctx) + absorbed_generators(model, ctx) + slope_generators(model, ctx)


def _shift_generators(model, offsets, cons, theta) -> list:
    """Tangents of the bias shifts an affine node's channel can pass to the next dense layer: when the node k reaches
    a dense trainable node B with bias through reshapes and permutations only (no activation), adding e to k's bias
    of channel c adds e (sum of B's weights reading channel c) to B's output, which B's bias takes back. (A
    BatchNorm kept after a ReLU, then a Linear: its shift t_c and the Linear's bias.)

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 2]], [3]), ([[4]], [5])])        # 4 relu(x + 2y + 3) + 5: a ReLU between
    >>> _shift_generators(m, _offsets(m), _consumers(m), parameter_vector(m))
    []
    """
    out = []
    for k in offsets:
        op = model.nodes[k].op
        if not op.has_bias:
            continue
        G, Og, K = op.W.shape
        L = op.idx.shape[1]
        j, lab = k, np.arange(G * Og * L) // L
        while len(cons[j]) == 1 and isinstance(model.nodes[cons[j][0]].op, Gather):
            nd = model.nodes[cons[j][0]]
            if sum(1 for i in nd.inputs if i == j) != 1:
                break
            lab = np.concatenate([lab if i == j else np.full(model.nodes[i].size, _OTHER) for i in nd.inputs])
            lab, j = lab[nd.op.perm], cons[j][0]
        if len(cons[j]) != 1 or cons[j][0] not in offsets or j == len(model.nodes) - 1:
            continue
        b = cons[j][0]
        B = model.nodes[b].op
        if not B.has_bias or B.idx.shape[:2] != (1, 1):
            continue
        reads = np.append(lab, _FOREIGN)[np.minimum(B.idx[0, 0], lab.shape[0])]        # the channel of each input
        nB = B.W.shape[1]
        for c in range(G * Og):
            coef = [sum((B.W[0, o, kk] for kk in np.nonzero(reads == c)[0]), 0) for o in range(nB)]
            g = {offsets[k] + G * Og * K + c: 1}
            g.update({offsets[b] + B.W.size + o: -v for o, v in enumerate(coef) if v != 0})
            if len(g) > 1:
                out.append(g)
    return out


def parameter_vector(model) -> list:
    """The trainable parameters (exact) in the order of :func:`rescaling_generators` and ``model_batch_fd``.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> [str(v) for v in parameter_vector(PLModel.from_layers([([[1, 2]], [3]), ([["1/2"]], [5])]))]
    ['1', '2', '3', '1/2', '5']
    """
    out = []
    for k in _offsets(model):
        op = model.nodes[k].op
        out += list(op.W.ravel().tolist()) + (list(op.b.ravel().tolist()) if op.has_bias else [])
    return out


def symmetry_bound(model, zero_columns: bool = False, *, force: bool = False, time_limit=None) -> int:
    """D' = (trainable parameters) - (rank of the known symmetries' tangents, exact: the rescalings of
    :func:`rescaling_generators`, joint rescalings, mixings, the moves of :mod:`~algnet.relu.model_shifts` and of
    the PReLU slopes, and the first-order moves of the whole model found as one linear system,
    :mod:`~algnet.relu.model_moves`): an upper bound of the functional dimension.

    ``zero_columns=True`` also removes the parameter directions whose Jacobian columns vanish at every input
    (pruned / dead units, :func:`~algnet.relu.kinks.zero_parameter_columns`): a smaller upper bound that certifies
    ranks, but not the one that decides hidden symmetries (moving a pruned unit's weights is a symmetry that is no
    rescaling: reaching this bound proves nothing about hidden symmetries).

    With shared (tied) weights D counts each shared tensor once and only the rescalings that move every use of it
    alike are subtracted (:func:`~algnet.relu.model_params.tied_rescaling_rank`); ``zero_columns`` is not applied.

    The rank is exact over QQ and found from the structure of the tangents
    (:func:`~algnet.relu.sparse_rank.sparse_rank`: a gain graph, then a small elimination), in time about linear
    in their entries. Before it,
    :func:`check_symmetry_bound` refuses (TooLargeError) a model whose estimate is above the memory limit or the
    time (``time_limit`` CPU seconds, else the default budget) unless ``force``.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> symmetry_bound(PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])]))    # 9 - 2
    7
    >>> pruned = PLModel.from_layers([([[1, 0], [0, 0]], [0, 0]), ([[1, 0]], [0])])          # unit 2 pruned
    >>> symmetry_bound(pruned), symmetry_bound(pruned, zero_columns=True)                    # 9 - 1, 9 - 4 - 1
    (8, 4)
    """
    from algnet.relu.kinks import zero_parameter_columns
    from algnet.relu.sparse_rank import sparse_rank

    check_symmetry_bound(model, force=force, time_limit=time_limit)      # before the tangents are built
    gens = rescaling_generators(model)
    if model.shared:        # tied weights: only the rescalings that are directions of the tied parameters count
        from algnet.relu.model_params import tied_rescaling_rank

        return model.n_params - tied_rescaling_rank(gens, model)
    from algnet.relu.model_moves import move_generators

    gens += move_generators(model)          # the model's first-order moves as one linear system (small models)
    zero = zero_parameter_columns(model, _offsets(model)) if zero_columns else set()   # pruned / dead units
    gens = [g for g in ({i: v for i, v in g.items() if i not in zero} for g in gens) if g]
    return model.n_params - len(zero) - sparse_rank(generator_columns(gens))


def generator_columns(gens) -> list:
    """The columns ({generator: value}, one per parameter that some generator moves) of the matrix whose rows are
    the sparse generators ``gens`` ({parameter index: value}).

    Examples
    --------
    >>> generator_columns([{0: 1, 2: -1}, {2: 3}])
    [{0: 1}, {0: -1, 1: 3}]
    """
    cols = {}
    for r, g in enumerate(gens):
        for i, v in g.items():
            cols.setdefault(i, {})[r] = v
    return [cols[i] for i in sorted(cols)]


#: Entries of the rescaling tangents handled per CPU second by :func:`symmetry_bound` (generators and their
#: exact rank), and bytes per entry at its peak (see bench/HISTORY.md, bench_relu_symmetries.py).
SYMMETRY_ENTRIES_PER_SECOND = 2.0e5
SYMMETRY_BYTES_PER_ENTRY = 600


def check_symmetry_bound(model, *, force: bool = False, time_limit=None) -> dict:
    """Refuse (TooLargeError, with the estimate and the cheaper bound D) the rescaling tangents of ``model`` and
    their exact rank when the estimate exceeds the memory limit or the time: ``time_limit`` CPU seconds when given,
    else :data:`~algnet.guards.DEFAULT_BUDGET` (``force`` lifts the memory limit and the default budget, not a
    ``time_limit`` given). The estimate grows with the entries of the tangents, at most twice the parameters of
    the trainable affine nodes (each is an incoming parameter of at most one unit and read by few), counted from
    the shapes before any tangent is built; three times that with shared weights (the differences of the uses).
    The entries also count the channel mixings (:func:`~algnet.relu.model_symmetries.mixing_entries`); the seconds
    and memory also count the joint rescalings of nodes meeting in sums
    (:func:`~algnet.relu.model_symmetries.branch_work`) and the exact kernels of the moves that cancel before the
    kinks (:func:`~algnet.relu.model_shifts.absorbed_work`) and of the PReLU slopes' moves
    (:func:`~algnet.relu.model_slopes.slope_work`), each capped (past its cap a family is left out and
    the bound stays an upper bound). Returns the estimate.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 2], [3, 4], [5, 6]], [0, 1, 2]), ([[1, 1, 1]], [0])])
    >>> check_symmetry_bound(m)["entries"]                     # 2 x 13 parameters
    26
    >>> check_symmetry_bound(m, time_limit=1e-9)
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: relu 2-3-1: the exact rank of about 26 entries of the rescaling tangents ... above ...
      hint: the bound D = 13 (the trainable parameters) instead of D'; a larger time_limit=
    """
    from algnet.guards import DEFAULT_BUDGET, check_resources, check_time_limit

    from algnet.relu.model_moves import move_work
    from algnet.relu.model_shifts import absorbed_work
    from algnet.relu.model_slopes import slope_work
    from algnet.relu.model_symmetries import BRANCH_WORK_PER_SECOND, branch_work, mixing_entries

    time_limit = check_time_limit(time_limit)
    offsets = _offsets(model)
    n = 2 * sum(model.nodes[k].op.n_params() for k in offsets)
    if model.shared:
        n *= 3
    n += mixing_entries(model, (offsets, _consumers(model), None))
    moves, slopes, whole = absorbed_work(model, offsets), slope_work(model, offsets), move_work(model, offsets)
    est = {"entries": n, "memory": max(n * SYMMETRY_BYTES_PER_ENTRY, moves["memory"], slopes["memory"],
                                       whole["memory"]),
           "seconds": n / SYMMETRY_ENTRIES_PER_SECOND + branch_work(model, offsets) / BRANCH_WORK_PER_SECOND +
           moves["seconds"] + slopes["seconds"] + whole["seconds"]}
    budget = DEFAULT_BUDGET if time_limit is None else time_limit
    check_resources(f"{model.spec}: the exact rank of about {n:,} entries of the rescaling tangents (the bound D')",
                    memory=est["memory"], seconds=est["seconds"], time_limit=budget, force=force,
                    stops_at_time_limit=time_limit is None,
                    hint=f"the bound D = {model.n_params} (the trainable parameters) instead of D'")
    return est


def model_hidden_symmetries(model, *, seed=None, batch_factor: int = 2, scale: float = 1.0, primes=None,
                            force: bool = False, time_limit=None):
    """Whether the parameters of a PL model (e.g. a CNN) have hidden symmetries, from a batch functional dimension.

    |Z| = ceil(batch_factor D' / n_out) random inputs on the grid of step 2^-10 in [-scale, scale]^n (drawn from
    ``seed``); the rank modulo a prime (a proved lower bound of FD) is compared with D' (:func:`symmetry_bound`).

    Returns
    -------
    ReluResult
        ``no_hidden_symmetries`` True (proved: the batch rank reaches D') or None (undecided), ``batch_fd``,
        ``bound`` (D'), ``rescalings``, ``float64_rank``.

    Raises
    ------
    TooLargeError
        Before drawing the inputs, when the estimate of the batch rank
        (:func:`~algnet.relu.model_estimates.check_model_fd`) exceeds the memory limit or the time: ``time_limit``
        CPU seconds when given (``force=True`` does not lift it), else the default budget of
        :data:`~algnet.guards.DEFAULT_BUDGET` (``force=True`` runs anyway).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 2], [-3, 1], [2, -1]], [0, 1, -1]), ([[1, -1, 2]], [0])])
    >>> r = model_hidden_symmetries(m, seed=0)
    >>> r["batch_fd"], r["bound"], r["no_hidden_symmetries"]
    (10, 10, True)
    """
    from algnet.relu.catalog import ReluResult, _seed
    from algnet.relu.model_fd import model_batch_fd

    t0 = time.perf_counter()
    seed = _seed(seed)
    if int(batch_factor) < 1 or not scale > 0:
        raise ParameterError(f"batch_factor={batch_factor}, scale={scale}", hint="batch_factor >= 1 and scale > 0")
    gens = rescaling_generators(model)
    P = model.n_params
    Dp = symmetry_bound(model, force=force, time_limit=time_limit)
    K = ceil(int(batch_factor) * Dp / model.output_size)
    from algnet.relu.model_estimates import check_model_fd

    check_model_fd(model, K, force=force, time_limit=time_limit, what=f"{model.spec}: hidden symmetries at {K} "
                   f"inputs (batch_factor={int(batch_factor)} times D' = {Dp})",     # before drawing Z
                   hint="a smaller model" + (", or batch_factor=1" if int(batch_factor) > 1 else ""))
    rng = np.random.default_rng(seed)
    from fractions import Fraction

    m = rng.integers(-1024, 1025, size=(K, model.input_size))
    Z = np.empty(m.shape, dtype=object)
    Z[...] = [[Fraction(int(v), 1024) * Fraction(scale) for v in row] for row in m]
    r = model_batch_fd(model, Z, route="modular", primes=primes, force=force, time_limit=time_limit)
    proved = r.rank == Dp
    values = {"spec": model.spec, "parameters": P, "bound": Dp, "rescalings": len(gens), "batch_fd": r.rank,
              "points": r.n_points, "gap": Dp - r.rank, "float64_rank": r.float_rank,
              "no_hidden_symmetries": True if proved else None, "method": r.method}
    ev = r.evidence.with_(certified=proved, seed=seed, seconds=time.perf_counter() - t0,
                          proves="no hidden symmetries (the batch rank reaches D')" if proved
                          else f"functional dimension >= {r.rank} of D' = {Dp} (hidden symmetries not excluded)")
    return ReluResult(values, ev)
