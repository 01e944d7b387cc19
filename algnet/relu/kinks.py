"""Is theta -> F_theta(z) differentiable at an input z where a hidden pre-activation is exactly zero?

At such a "kinked" neuron k (pre-activation a_k(theta, z) = 0) the map is
piecewise polynomial and its directional derivative in a parameter direction
d is obtained by the chain rule for directional derivatives (Shapiro, "On
concepts of directional differentiability", JOTA 66, 1990): a neuron with
a_k > 0 passes its tangent, one with a_k < 0 gives 0, and a kinked one gives
relu(da_k). So the tangent of the output is

    dF = J d + sum_k c_k relu(da_k),

where J is the Jacobian computed with relu'(0) = 0 (kinked neurons treated
as inactive) and c_k is the sensitivity dF/dx_k of the output to the neuron's
value, computed by back-propagation with the same convention. In a ReLU
network with biases da_k contains the neuron's own bias db_k with
coefficient 1, and db_k enters dF only through relu(da_k). Take the kinked
neuron latest in the network among those with c_k != 0: dF restricted to
the db_k line is c_k relu(db_k + g) + const, not linear. Hence

* every c_k = 0: the directional derivative is linear (J d), and F, being
  locally Lipschitz, is (Frechet) differentiable at theta with Jacobian J:
  the neuron is unused at z (a pruned neuron with zero outgoing weights, or
  one whose outputs reach only inactive neurons) and its columns vanish;
* some c_k != 0: F is not differentiable at theta, at this z.

The sensitivities are computed exactly (integer back-propagation through
the integer-scaled weights; only their vanishing matters), for the kinked
inputs only. Cost (CPU seconds, best of 3): relu 4-100-100-1 with 4 pruned units, batch FD at 600 inputs, all
of them kinked: 2.13 s against 2.11 s for the same network unpruned (no kink); harmful_kinks alone 0.06 s: the
check costs an unpruned network nothing measurable.

Note: Grigsby-Lindsey-Meyerhoff-Wu (arXiv:2209.04036) ask the batch points to
be *parametrically smooth* (F smooth on a neighbourhood of theta). A kinked
neuron fails that even when unused; here the rank of the derivative **at**
theta is computed there (the rank of the Jacobian of the parameter-to-function
map), which for an unused neuron is the rank of the network without it.

Examples
--------
relu 2-3-1 whose third neuron is pruned (zero weights, bias and outgoing weight): its pre-activation is 0 at
every input, yet F is differentiable. With outgoing weight 1 it is not:

>>> from algnet import parse_spec
>>> net = parse_spec("relu 2-3-1")
>>> pruned = [2, 0, -1, 1, 0, 0, 1, -1, 0, -2, 1, 0, 2]       # W1, b1, W2, b2
>>> harmful_kinks(net, pruned, [[1, 1]])
{}
>>> harmful_kinks(net, pruned[:-2] + [1, 2], [[1, 1]])
{0: [(1, 2)]}
"""

from __future__ import annotations

import numpy as np

__all__ = ["harmful_kinks", "smooth_forward", "undefined_fd_error", "used_coordinates", "pruned_bound",
           "zero_parameter_columns", "nonsmooth_rows"]


def harmful_kinks(net, theta, Z, forward=None) -> dict:
    """{sample: [(layer, neuron), ...]}: the inputs at which theta -> F_theta(z) is **not** differentiable and the
    kinked neurons (pre-activation exactly 0) that make it so (output sensitivity != 0); layers count from 1.

    Inputs whose kinked neurons are all unused (sensitivity 0) are absent: F is differentiable there, with the
    Jacobian of relu'(0) = 0 (see the module doc).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 1-2-1")
    >>> harmful_kinks(net, [1, -1, 0, 1, 1, 1, 0], [[0], [1], [2]])   # kinks at x = 0 and x = 1 (weights 1)
    {0: [(1, 0)], 1: [(1, 1)]}
    >>> harmful_kinks(net, [1, -1, 0, 1, 1, 0, 0], [[0], [1]])        # neuron 2 has outgoing weight 0
    {0: [(1, 0)]}
    """
    from algnet.architectures.relu import exact_matmul

    fp = forward if forward is not None else net.forward_exact(theta, Z)
    bad = list(fp.nonsmooth)
    if not bad:
        return {}
    L = net.integer_layers(theta)
    nout = net.widths[-1]
    B = len(bad)
    # G[:, b * nout + o]: sensitivity of output o of sample bad[b] to the neurons of the current layer
    G = np.tile(np.asarray(L[-1][0], dtype=object).T, (1, B))
    out = {}
    for l in range(net.depth - 1, 0, -1):
        P = fp.patterns[l - 1][bad]                                      # (B, n_l) signs
        zero = np.repeat(P.T == 0, nout, axis=1)                         # (n_l, B * nout)
        nz = np.array([[v != 0 for v in row] for row in G.tolist()], dtype=bool).reshape(G.shape)
        hit = (zero & nz).reshape(G.shape[0], B, nout).any(axis=2)       # (n_l, B)
        for b, k in zip(*np.nonzero(hit.T)):
            out.setdefault(bad[b], []).append((l, int(k)))
        if l > 1:
            G = G * np.repeat(P.T > 0, nout, axis=1)
            G = exact_matmul(np.asarray(L[l - 1][0], dtype=object).T, G.astype(object))
    return {s: sorted(v) for s, v in sorted(out.items())}


def smooth_forward(net, theta, fp):
    """(forward pass with ``nonsmooth`` = only the inputs where F is not differentiable, {sample: kinks} of those).

    The Jacobian code uses relu'(0) = 0, which is the derivative at the inputs kept (see the module doc).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 2-3-1")
    >>> theta = [2, 0, -1, 1, 0, 0, 1, -1, 0, -2, 1, 0, 2]
    >>> fp = net.forward_exact(theta, [[1, 1], [2, 0]])
    >>> fp.nonsmooth, smooth_forward(net, theta, fp)[0].nonsmooth
    ((0, 1), ())
    """
    from algnet.architectures.relu import ForwardPass

    if not fp.nonsmooth:
        return fp, {}
    hk = harmful_kinks(net, theta, None, forward=fp)
    return ForwardPass(fp.outputs, fp.patterns, tuple(sorted(hk))), hk


def undefined_fd_error(net, theta, Z, samples):
    """The error for a decisive point at which F is not differentiable in theta: some neuron's pre-activation
    vanishes on a whole region while its output reaches F (:mod:`algnet.relu.kinks`), so no point of that region
    has a Jacobian.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> e = undefined_fd_error(parse_spec("relu 1-1-1"), [0, 0, 1, 0], [[1]], (0,))   # F = relu(0 x + 0)
    >>> "neuron 1 of hidden layer 1" in str(e), "bias" in e.hint
    (True, True)
    """
    from algnet.errors import NonSmoothPointError

    s0 = samples[0] if samples else 0
    kinks = harmful_kinks(net, theta, [Z[s0]]).get(0, [(0, -1)])
    l0, k0 = kinks[0]
    z = "(" + ", ".join(str(v) for v in Z[s0]) + ")"
    return NonSmoothPointError(
        f"{net.spec}: the functional dimension is not defined at this theta: at the region point z = {z} (and on "
        f"its whole region) neuron {k0 + 1} of hidden layer {l0} has pre-activation exactly 0 while its output "
        "reaches F, so theta -> F_theta(z) is not differentiable there", samples=tuple(samples),
        hint="perturb that neuron's bias (any nonzero value), or prune it completely (zero its outgoing weights "
             "too: an unused neuron is handled, its Jacobian columns vanish)")


def used_coordinates(model) -> dict:
    """{activation node: bool array}: whether each coordinate can reach the output of a PL model through nonzero
    weights (structurally, at every input). An unused coordinate (e.g. a pruned unit or channel whose outgoing
    weights are all 0) has output sensitivity 0, so a zero pre-activation there leaves F differentiable (module
    doc); the models of :func:`~algnet.relu.model_fd.model_batch_fd` keep such inputs.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 0]], None), ([[1, 0]], [0])])    # unit 2: no weights in or out
    >>> used_coordinates(m)
    {2: array([ True, False])}
    """
    used = _used_masks(model)
    return {i: used.get(i, np.zeros(model.nodes[i].size, dtype=bool)) for i in model.activation_nodes()}


def _used_masks(model) -> dict:
    """{node: bool mask of its coordinates with a nonzero-weight path to the output} (see used_coordinates)."""
    from algnet.relu.model import Activation, Affine, Combine, Gather, MaxPool

    nodes = model.nodes
    used = {len(nodes) - 1: np.ones(nodes[-1].size, dtype=bool)}
    for j in range(len(nodes) - 1, 0, -1):
        n = nodes[j]
        out = used.get(j)
        if out is None or not out.any():
            continue
        op = n.op
        if isinstance(op, Affine):
            G, L, K = op.idx.shape
            Og = op.W.shape[1]
            m = np.zeros(nodes[n.inputs[0]].size + 1, dtype=bool)
            o = out.reshape(G, Og, L)
            nz = np.array([[[w != 0 for w in row] for row in Wg] for Wg in op.W.tolist()], dtype=bool)  # (G, Og, K)
            for g in range(G):
                reach = (nz[g][:, None, :] & o[g][:, :, None]).any(axis=0)                            # (L, K)
                np.logical_or.at(m, op.idx[g][reach], True)
            parts = [(n.inputs[0], m[:-1])]
        elif isinstance(op, (Activation,)):
            parts = [(n.inputs[0], out)]
        elif isinstance(op, MaxPool):
            m = np.zeros(nodes[n.inputs[0]].size, dtype=bool)
            np.logical_or.at(m, op.windows[out].ravel(), True)
            parts = [(n.inputs[0], m)]
        elif isinstance(op, Combine):
            parts = [(i, out & (c != 0)) for i, c in zip(n.inputs, op.coeffs)]
        elif isinstance(op, Gather):
            cat = np.zeros(sum(nodes[i].size for i in n.inputs), dtype=bool)
            np.logical_or.at(cat, op.perm[out], True)
            offs = np.cumsum([0] + [nodes[i].size for i in n.inputs])
            parts = [(i, cat[a:b]) for i, a, b in zip(n.inputs, offs, offs[1:])]
        else:
            parts = [(i, np.ones(nodes[i].size, dtype=bool)) for i in n.inputs]
        for i, m in parts:
            used[i] = used[i] | m if i in used else m.copy()
    return used


def _zero_masks(model) -> dict:
    """{node: bool mask of its coordinates that are 0 at every input} (structurally: zero weights from nonzero
    coordinates and zero or no bias; activations, max-pools, sums and gathers of such coordinates)."""
    from algnet.relu.model import Activation, Affine, Combine, MaxPool

    nodes = model.nodes
    zero = {0: np.zeros(nodes[0].size, dtype=bool)}
    for j, n in enumerate(nodes[1:], start=1):
        op, z = n.op, [zero[i] for i in n.inputs]
        if isinstance(op, Affine):
            G, L, K = op.idx.shape
            zin = np.append(z[0], True)                                    # index n_in reads a padding zero
            nzW = np.array([[[w != 0 for w in row] for row in Wg] for Wg in op.W.tolist()], dtype=bool)
            nzb = np.array([v != 0 for v in op.b.ravel().tolist()], dtype=bool) & op.has_bias
            out = np.zeros((G, op.W.shape[1], L), dtype=bool)
            for g in range(G):
                live = ~zin[op.idx[g]]                                     # (L, K)
                out[g] = ~((nzW[g][:, None, :] & live[None, :, :]).any(axis=2))
            zero[j] = (out.reshape(G * op.W.shape[1], L) & ~nzb[:, None]).reshape(-1)
        elif isinstance(op, Activation):
            zero[j] = z[0].copy()
        elif isinstance(op, MaxPool):
            zero[j] = z[0][op.windows].all(axis=1)
        elif isinstance(op, Combine):
            zero[j] = np.logical_and.reduce([zz | (c == 0) for zz, c in zip(z, op.coeffs)])
        else:
            zero[j] = np.concatenate(z)[op.perm]
    return zero


def zero_parameter_columns(model, offsets) -> set:
    """Indices of trainable parameters whose batch Jacobian column (relu'(0) = 0) vanishes at every input: the
    incoming weights and bias of an output channel that is unused at all its positions, and weights that read only
    coordinates that are 0 at every input (:func:`used_coordinates`, structurally). ``offsets``: {affine node:
    index of its first parameter}, parameters ordered as in :func:`~algnet.relu.model_fd.model_batch_fd`.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 2], [0, 0]], None), ([[3, 0]], [0])])      # unit 2 pruned, no biases
    >>> sorted(zero_parameter_columns(m, {1: 0, 3: 4}))                         # its 2 weights in, 1 out
    [2, 3, 5]
    """
    used, zero = _used_masks(model), _zero_masks(model)
    out = set()
    for k, off in offsets.items():
        n = model.nodes[k]
        op = n.op
        G, L, K = op.idx.shape
        Og = op.W.shape[1]
        u = used.get(k, np.zeros(n.size, dtype=bool)).reshape(G, Og, L).any(axis=2)     # channel used somewhere
        zin = np.append(zero[n.inputs[0]], True)
        reads_zero = zin[op.idx].all(axis=1)                                            # (G, K) over positions
        for g in range(G):
            for o in range(Og):
                base = off + (g * Og + o) * K
                for kk in range(K):
                    if not u[g, o] or reads_zero[g, kk]:
                        out.add(base + kk)
                if op.has_bias and not u[g, o]:
                    out.add(off + G * Og * K + g * Og + o)
    return out


def pruned_bound(net, theta, forward=None) -> int:
    """An upper bound of the functional dimension of a ReLU network at theta that sees pruned and dead units:
    D minus the dimension of the span of the rescaling tangents and of the parameter directions whose Jacobian
    columns vanish at every input (all lie in the kernel of every batch Jacobian). Structurally zero columns:

    * the incoming weights and bias of a hidden unit that is **unused** (every path to the output has a zero
      weight or passes a dead unit: output sensitivity 0) or **dead** (zero weights from live units and bias
      <= 0: never active, relu'(0) = 0);
    * the outgoing weights of a dead unit (its output is 0 at every input).

    The rescaling tangent of a unit (+theta in, -theta out) is restricted to the other columns; restricted
    tangents of different units have disjoint supports, so the bound is D - (zero columns) - (nonzero restricted
    tangents). Without pruned or dead units it is D' = D - (hidden units) at theta with no zero unit.

    ``forward``: the exact forward pass of a batch Z. The bound is then one of the batch rank at Z only (not of the
    functional dimension): a unit active at no input of Z is dead there (trained networks have many such units).

    Examples
    --------
    relu 2-3-1 with its first neuron pruned (weights, bias, outgoing weight 0): 4 zero columns and 2 rescalings,
    13 - 6 = 7, the FD of relu 2-2-1 (D' = 9 - 2):

    >>> from algnet import parse_spec
    >>> pruned_bound(parse_spec("relu 2-3-1"), [0, 0, 2, 0, -1, 0, 0, 1, -1, 0, -2, 1, 2])
    7
    >>> pruned_bound(parse_spec("relu 2-3-1"), [1, 0, 2, 0, -1, 0, 0, 1, -1, 1, -2, 1, 2])     # D' = 13 - 3
    10
    >>> th = [1, 0, 0, 1, 1, 1, 0, 0, -1, 1, 1, 1, 0]        # relu(x), relu(y), relu(x + y - 1)
    >>> net = parse_spec("relu 2-3-1")
    >>> pruned_bound(net, th, net.forward_exact(th, [[1, 0], [0, 1], ["1/2", "1/4"]]))   # unit 3 never active
    7
    """
    from fractions import Fraction

    layers = [(np.asarray(W, dtype=object), np.asarray(b, dtype=object)) for W, b in net.layers(theta)]
    L = len(layers)
    dead = [np.zeros(net.widths[0], dtype=bool)]
    for l, (W, b) in enumerate(layers[:-1]):
        live = ~dead[-1]
        dead.append(np.array([b[k] <= 0 and all(W[k, j] == 0 for j in np.nonzero(live)[0])
                              for k in range(W.shape[0])], dtype=bool))
        if forward is not None and len(forward.patterns[l]):                # never active at the batch
            dead[-1] |= ~(np.asarray(forward.patterns[l]) > 0).any(axis=0)
    unused = [None] * L
    unused[L - 1] = np.zeros(net.widths[-1], dtype=bool)             # outputs are used
    for l in range(L - 1, 0, -1):                                      # hidden layer l reads into layers[l]
        W = layers[l][0]
        blocked = unused[l] | (dead[l + 1] if l + 1 < len(dead) else np.zeros(W.shape[0], dtype=bool))
        unused[l - 1] = np.array([all(W[j, k] == 0 or blocked[j] for j in range(W.shape[0]))
                                  for k in range(W.shape[1])], dtype=bool)
    zW = [np.zeros(W.shape, dtype=bool) for W, _ in layers]          # structurally zero Jacobian columns
    zb = [np.zeros(b.shape, dtype=bool) for _, b in layers]
    for l in range(1, L):                                              # hidden layer l: units of layers[l - 1]
        off = dead[l] | unused[l - 1]
        zW[l - 1][off, :] = True
        zb[l - 1][off] = True
        zW[l][:, dead[l]] = True
    zero_cols = sum(int(z.sum()) for z in zW + zb)
    gens = 0
    for l in range(1, L):
        (W, b), Wn = layers[l - 1], layers[l][0]
        for k in range(W.shape[0]):
            rest = [v for v, z in zip(list(W[k]) + [b[k]] + list(Wn[:, k]),
                                      list(zW[l - 1][k]) + [zb[l - 1][k]] + list(zW[l][:, k])) if not z]
            gens += any(Fraction(v) != 0 for v in rest)
    return int(net.n_params - zero_cols - gens)


def nonsmooth_rows(model, Z, pats, used=None) -> np.ndarray:
    """Rows of Z (exact, a PL model's inputs) where theta -> F_theta(z) may fail to be differentiable because of an
    activation: a pre-activation exactly 0 at a coordinate that reaches the output (:func:`used_coordinates`) and
    whose derivative in the parameters (relu'(0) = 0 upstream) is not identically 0.

    A zero pre-activation with a zero derivative is harmless: its directional derivative relu(0) vanishes (module
    doc; by induction over the nodes, as upstream kinks are harmless too). This is the common case of a bias-free
    convolution on a zero patch (an image's blank background): w . 0 = 0 with derivative 0 . dw = 0. Zero
    derivatives are decided structurally and exactly (exact node values; a sum of nonzero terms counts as nonzero,
    so a row may be flagged that is smooth, never the converse). ``pats``: the exact patterns of model_fd.

    Examples
    --------
    A bias-free unit at the input 0 (pre-activation 0, derivative 0) and one with a bias (derivative 1 in it):

    >>> from algnet.relu.model import PLModel, fractions_array
    >>> from algnet.relu.model_fd import _exact_patterns
    >>> Z = fractions_array([[0, 0], [1, 0]])
    >>> for b in (None, [0]):
    ...     m = PLModel.from_layers([([[1, 1]], b), ([[2]], [0])])
    ...     print(nonsmooth_rows(m, Z, _exact_patterns(m, Z)[0]).tolist())
    [False, False]
    [True, False]
    """
    from algnet.relu.model import Activation, Affine, Combine, MaxPool

    nodes = model.nodes
    used = used_coordinates(model) if used is None else used
    vals, _ = model._forward_int(Z)
    B = len(Z)
    bad = np.zeros(B, dtype=bool)
    tz = {0: np.ones((B, nodes[0].size), dtype=bool)}                 # tangent identically 0
    for i, n in enumerate(nodes[1:], start=1):
        op, ins = n.op, [tz[j] for j in n.inputs]
        if isinstance(op, Affine):
            G, L, K = op.idx.shape
            Og = op.W.shape[1]
            own = op.trainable
            xz = np.concatenate([np.array([[v == 0 for v in row] for row in vals[n.inputs[0]].tolist()],
                                          dtype=bool).reshape(B, -1), np.ones((B, 1), dtype=bool)], axis=1)
            tin = np.concatenate([ins[0], np.ones((B, 1), dtype=bool)], axis=1)
            out = np.zeros((B, G, Og, L), dtype=bool)
            for g in range(G):
                nzW = np.array([[w != 0 for w in row] for row in op.W[g].tolist()], dtype=np.int64)   # (Og, K)
                up = (~tin[:, op.idx[g]]).astype(np.int64) @ nzW.T                                 # (B, L, Og)
                ownz = xz[:, op.idx[g]].all(axis=2) if own else np.ones((B, L), dtype=bool)       # (B, L)
                out[:, g] = (ownz[:, None, :] & (up == 0).transpose(0, 2, 1)) & (not (own and op.has_bias))
            tz[i] = out.reshape(B, -1)
        elif isinstance(op, Activation):
            pre = vals[n.inputs[0]]
            kinked = np.array([[v == 0 for v in row] for row in pre.tolist()], dtype=bool).reshape(B, -1)
            bad |= (kinked & used[i][None, :] & ~ins[0]).any(axis=1)
            zero_slope = np.array([s == 0 for s in op.slopes.ravel().tolist()], dtype=bool)
            tz[i] = ins[0] | (~pats[i] & zero_slope[None, :])
        elif isinstance(op, MaxPool):
            sel = op.windows[np.arange(op.windows.shape[0])[None, :], pats[i]]                 # (B, n_out)
            tz[i] = np.take_along_axis(ins[0], sel, axis=1)
        elif isinstance(op, Combine):
            tz[i] = np.logical_and.reduce([t | (c == 0) for t, c in zip(ins, op.coeffs)])
        else:
            tz[i] = np.concatenate(ins, axis=1)[:, op.perm]
    return bad
