"""The batch Jacobian of a piecewise-linear model in its parameters, by forward-mode differentiation.

On the activation region of each input (patterns decided exactly, :func:`_exact_patterns`) the model is polynomial
in its parameters; :func:`_jacobian` pushes the tangent of each block of parameters (an affine node's weights and
biases, a PReLU's slopes) through the model, in float64, modulo a prime p or over QQ (Fractions). Split from
:mod:`algnet.relu.model_fd` (which computes the rank and what it proves) by concern; its names are re-exported
there.

Examples
--------
>>> from algnet.relu.model import PLModel, fractions_array
>>> m = PLModel.from_layers([([[1, -1]], [0]), ([[2]], ["1/2"])])      # 2 relu(x - y) + 1/2
>>> Z = fractions_array([[3, 1], [0, 2]])
>>> pats, bad, ties = _exact_patterns(m, Z)
>>> [[str(v) for v in row] for row in _jacobian(m, Z, pats, "qq").tolist()]     # w1, w2, b (hidden); v, c
[['6', '2', '2', '2', '1'], ['0', '0', '0', '0', '1']]
"""

from __future__ import annotations

import numpy as np

from algnet.relu.model import Activation, Affine, Combine, MaxPool

__all__ = ["trainable_nodes", "tangent_entries", "chunk_rows", "CHUNK_BYTES", "EXACT_ENTRY_BYTES"]


def trainable_nodes(model) -> list:
    """Indices of the affine nodes whose weights are parameters (not average pools, nor BatchNorms without
    affine parameters).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> trainable_nodes(PLModel.from_layers([([[1]], [0]), ([[1]], [0])]))
    [1, 3]
    """
    return [i for i, n in enumerate(model.nodes) if isinstance(n.op, Affine) and n.op.trainable]



#: Bytes of the forward-mode tangents (and of the exact forward pass) of one chunk of inputs: the inputs are taken in
#: chunks this large (:func:`chunk_rows`), so the memory of a batch Jacobian is its own size plus about twice this
#: (the tangents and the temporaries of one node's step), not the tangents of every input at once (relu 2-40-1 at
#: 4,000 inputs: tracemalloc peak 448 MiB at once, 127 MiB in chunks of 64 MiB, 35 MiB in chunks of 8 MB).
CHUNK_BYTES = 32 * 2**20
#: Bytes per entry of the exact forward pass of the patterns (Python integers and Fractions in object arrays).
EXACT_ENTRY_BYTES = 100


def tangent_entries(model) -> int:
    """Entries of the forward-mode tangents held for one input: the largest over the parameter blocks of (the block's
    parameters) x (the coordinates of the nodes from its node on; each node's tangent is kept until the output).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> tangent_entries(PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])]))   # 6 x (2 + 2 + 1)
    30
    """
    sizes = [int(n.size) for n in model.nodes]
    blocks = [(model.nodes[k].op.n_params(), k) for k in trainable_nodes(model)]
    blocks += [(model.nodes[a].op.n_params(), a) for a in model.activation_nodes() if model.nodes[a].op.n_params()]
    return max((P * sum(sizes[k:]) for P, k in blocks), default=0)


def chunk_rows(model) -> int:
    """Inputs per chunk of the batch Jacobian: the tangents (:func:`tangent_entries`, 8 bytes each) and the exact
    forward pass of a chunk within :data:`CHUNK_BYTES`.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> chunk_rows(PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])]))  # 32 MiB / (8 x 30 + 100 x 7)
    35696
    """
    per_input = 8 * tangent_entries(model) + EXACT_ENTRY_BYTES * sum(int(n.size) for n in model.nodes)
    return max(1, CHUNK_BYTES // max(1, per_input))


def _exact_patterns(model, Z):
    """Exact activation signs / argmaxes at Z; rows where an exactly-zero pre-activation may break differentiability
    (:func:`~algnet.relu.kinks.nonsmooth_rows`), or with a max tie, are flagged. The inputs are taken in chunks of
    :func:`chunk_rows` (the exact forward pass of a chunk at a time)."""
    c = chunk_rows(model)
    if len(Z) <= c:
        return _chunk_patterns(model, Z)
    parts = [_chunk_patterns(model, Z[s:s + c]) for s in range(0, len(Z), c)]
    pats = {i: np.concatenate([p[0][i] for p in parts]) for i in parts[0][0]}
    bad = np.concatenate([p[1] for p in parts])
    ties = {}
    for s, part in zip(range(0, len(Z), c), parts):
        for i, lst in part[2].items():
            ties.setdefault(i, []).extend((b + s, w, t) for b, w, t in lst)
    return pats, bad, ties


def _chunk_patterns(model, Z):
    """:func:`_exact_patterns` on one chunk of inputs."""
    _, pre = model.forward(Z, exact=True, preactivations=True)
    idx = [i for i, n in enumerate(model.nodes) if isinstance(n.op, (Activation, MaxPool))]
    pats, bad, ties = {}, np.zeros(len(Z), dtype=bool), {}
    from algnet.relu.kinks import nonsmooth_rows, used_coordinates

    used = used_coordinates(model)       # a zero pre-activation at an unused coordinate (pruned unit) is harmless
    kinked = np.zeros(len(Z), dtype=bool)
    for i, P in zip(idx, pre):
        op = model.nodes[i].op
        if isinstance(op, Activation):
            u = used[i]
            kinked |= np.array([any(v == 0 and ok for v, ok in zip(row, u)) for row in P.tolist()], dtype=bool)
            pats[i] = np.array([[v > 0 for v in row] for row in P.tolist()], dtype=bool).reshape(P.shape)
        else:
            am = []
            for b, row in enumerate(P.tolist()):
                a = []
                for w in op.windows:
                    vals = [row[t] for t in w]
                    mx = max(vals)
                    tied = [t for t in dict.fromkeys(w.tolist()) if row[t] == mx]
                    if len(tied) > 1:
                        ties.setdefault(i, []).append((b, len(a), tied))
                    a.append(vals.index(mx))
                am.append(a)
            pats[i] = np.array(am, dtype=np.int64).reshape(len(Z), -1)
    if kinked.any():                     # ... and so is one whose derivative vanishes (a bias-free unit at 0 inputs)
        rows = np.nonzero(kinked)[0]
        bad[rows] = nonsmooth_rows(model, Z[rows], {i: P[rows] for i, P in pats.items()}, used)
    return pats, bad, ties


def _nums(fracs, arith, p):
    """Exact numbers (Fractions) in the arithmetic: float64, residues mod p (int64) or the Fractions ("qq")."""
    fl = list(fracs)
    if arith == "float":
        return np.array([float(f) for f in fl], dtype=float)
    if arith == "qq":
        return np.array(fl, dtype=object)
    return np.array([(f.numerator % p) * pow(f.denominator % p, -1, p) % p for f in fl], dtype=np.int64)


def _red(Y, arith, p):
    return Y % p if arith == "modp" else Y


def _weights(op, arith, p):
    """(W, b) of an affine op in the arithmetic."""
    return (op.W, op.b) if arith == "qq" else op.arrays(arith, p)


def _linear(op, X, W, arith, p):
    """The linear part of an affine op on the rows of X; over QQ by object matmuls of the patches (small
    Jacobians only: the exact certificate of :func:`model_batch_fd`)."""
    if arith != "qq":
        return op.linear(X, W, p)
    Xp = np.concatenate([X, np.zeros((X.shape[0], 1), dtype=object)], axis=1)
    return np.concatenate([np.swapaxes(Xp[:, op.idx[g]] @ W[g].T, 1, 2) for g in range(op.idx.shape[0])],
                          axis=1).reshape(X.shape[0], -1)


def _apply(model, i, ins, pats, arith, p):
    """Node i on arrays with a leading tangent axis folded into the batch: values (B, n) or tangents (T, B, n)."""
    n = model.nodes[i]
    op = n.op
    lead = ins[0].shape[:-1]
    if isinstance(op, Affine):
        W, _ = _weights(op, arith, p)
        X = ins[0].reshape(-1, ins[0].shape[-1])
        return _linear(op, X, W, arith, p).reshape(*lead, -1)
    if isinstance(op, Activation):
        pos = pats[i]                                                    # (B, n)
        return _red(np.where(pos, ins[0], ins[0] * _nums(op.slopes.tolist(), arith, p)), arith, p)
    if isinstance(op, MaxPool):
        am = pats[i]                                                     # (B, n_out)
        sel = op.windows[np.arange(op.windows.shape[0])[None, :], am]    # (B, n_out)
        X = ins[0]
        return np.take_along_axis(X, np.broadcast_to(sel, X.shape[:-1] + (sel.shape[-1],)) if X.ndim == 2
                                  else np.broadcast_to(sel[None], X.shape[:-2] + sel.shape), axis=-1)
    if isinstance(op, Combine):
        out = None
        for c, x in zip(_nums(op.coeffs, arith, p).tolist(), ins):
            t = _red(x * c, arith, p)
            out = t if out is None else _red(out + t, arith, p)
        return out
    return np.concatenate(ins, axis=-1)[..., op.perm]


def _param_tangent(op, X, arith, p):
    """d(node output)/d(params of the affine op) at inputs X (B, n_in): shape (P, B, n_out)."""
    B = X.shape[0]
    G, L, K = op.idx.shape
    Og = op.W.shape[1]
    O = G * Og
    zero = np.zeros((B, 1), dtype=X.dtype)
    Xp = np.concatenate([X, zero], axis=1)
    PW = G * Og * K
    nb = O if op.has_bias else 0                                         # bias=False: no bias parameters
    T = np.zeros((PW + nb, B, O, L), dtype=X.dtype)
    for g in range(G):
        Pg = np.transpose(Xp[:, op.idx[g]], (2, 0, 1))                   # (K, B, L)
        for o in range(Og):
            s = (g * Og + o) * K
            T[s:s + K, :, g * Og + o, :] = Pg
    for c in range(nb):
        T[PW + c, :, c, :] = 1
    return T.reshape(PW + nb, B, O * L)


def _jacobian(model, Z, pats, arith, p=None, ties=None, broken=None):
    """The batch Jacobian (B * n_out, P) in float64, mod p or over QQ (``arith`` "float", "modp", "qq"), built in
    chunks of :func:`chunk_rows` inputs (the tangents of one chunk at a time).

    ``ties``: max-pool ties {node: [(sample, window, tied input positions)]}; a tie is harmless
    when the tied entries have the same derivative in every parameter block (then the
    maximum is differentiable there); samples with a harmful tie are added to ``broken``."""
    c = chunk_rows(model)
    if len(Z) <= c:
        return _chunk_jacobian(model, Z, pats, arith, p, ties, broken)
    parts = []
    for s in range(0, len(Z), c):
        e = min(len(Z), s + c)
        tc = {i: [(b - s, w, t) for b, w, t in lst if s <= b < e] for i, lst in (ties or {}).items()}
        bc = set() if broken is not None else None
        parts.append(_chunk_jacobian(model, Z[s:e], {i: P[s:e] for i, P in pats.items()}, arith, p, tc, bc))
        if bc:
            broken.update(b + s for b in bc)
    return np.concatenate(parts, axis=0)


def _chunk_jacobian(model, Z, pats, arith, p=None, ties=None, broken=None):
    """:func:`_jacobian` on one chunk of inputs (``pats``, ``ties`` and ``broken`` indexed within it)."""
    nodes = model.nodes
    vals = {0: _nums(Z.ravel().tolist(), arith, p).reshape(Z.shape)}
    for i, n in enumerate(nodes[1:], start=1):
        ins = [vals[j] for j in n.inputs]
        Y = _apply(model, i, ins, pats, arith, p)
        if isinstance(n.op, Affine):
            _, b = _weights(n.op, arith, p)
            Y = _red(Y + n.op.bias_vector(b), arith, p)
        vals[i] = Y
    blocks = []
    for k in trainable_nodes(model):
        blocks.append(_push(model, k, _param_tangent(nodes[k].op, vals[nodes[k].inputs[0]], arith, p), pats, arith,
                            p, ties, broken))
    for a in model.activation_nodes():          # trained slopes (PReLU): d/ds of s x is x where x <= 0
        op = nodes[a].op
        if op.n_params():
            X = vals[nodes[a].inputs[0]]
            T = np.zeros((op.n_params(),) + X.shape, dtype=X.dtype)
            for s in range(op.n_params()):
                T[s] = np.where(~pats[a] & (op.slope_index == s)[None, :], X, 0)
            blocks.append(_push(model, a, T, pats, arith, p, ties, broken))
    blocks = [B for B in blocks if B is not None]
    J = np.concatenate(blocks, axis=1) if blocks else np.zeros((len(Z) * model.output_size, 0))
    if model.shared:                            # tied weights: the columns of the uses of one parameter summed
        from algnet.relu.model_params import sum_tied_columns

        J = sum_tied_columns(J, model, p if arith == "modp" else None)
    return J


def _push(model, k, Tk, pats, arith, p, ties, broken):
    """Forward-mode: the tangent ``Tk`` (P_k, B, n_k) of node k pushed to the output; (B * n_out, P_k) or None."""
    nodes = model.nodes
    out = len(nodes) - 1
    T = {k: Tk}
    for i in range(k + 1, len(nodes)):
        n = nodes[i]
        if not any(j in T for j in n.inputs):
            continue
        ins = [T[j] if j in T else np.zeros(T[next(jj for jj in n.inputs if jj in T)].shape[:-1]
                                             + (nodes[j].size,), dtype=Tk.dtype) for j in n.inputs]
        if ties and i in ties and broken is not None:
            Tin = ins[0]
            for b, _, tied in ties[i]:
                ref = Tin[:, b, tied[0]]
                if any(not np.array_equal(Tin[:, b, t], ref) for t in tied[1:]):
                    broken.add(b)
        T[i] = _apply(model, i, ins, pats, arith, p)
    To = T.get(out)
    if To is None:
        return None
    return To.reshape(To.shape[0], -1).T                                  # (B * n_out, P_k)
