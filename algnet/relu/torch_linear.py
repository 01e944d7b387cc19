"""Torch layers that are fixed affine maps of their input, imported exactly: interpolation (linear, bilinear,
trilinear, bicubic, area, fractional scales), average pools whose divisor varies (ceil_mode, count_include_pad=False
with padding, adaptive pools whose windows differ), padding with a constant, and the permutations of PixelShuffle,
PixelUnshuffle and ChannelShuffle; also adaptive max pools whose windows differ.

A map that acts alike on every channel is read off torch's own forward: applied (in float64) to the unit inputs of
one channel, its outputs are the weights torch uses; each becomes the fraction of small denominator whose float64
it is (1/3 for torch's 0.333..., the map torch means, as an average pool's 1/k), else the exact rational of the
float (said in the model's notes); the map is a fixed affine node of the model. Outputs with the same weights and
constant form one group of that node (:func:`_grouped`), so that the node stays small and fast. A permutation is
read off torch's forward on the coordinates' indices.

Examples
--------
>>> idx, W, b, perm = _grouped([[0, 1], [1, 2], [2, 3]], [[1, 1], [1, 1], [1, 2]], [0, 0, 5], 4)
>>> idx.shape, [[int(v) for v in w] for w in W[:, 0]], [int(v) for v in b], perm.tolist()   # (1, 1) twice, (1, 2)
((2, 2, 2), [[1, 1], [1, 2]], [0, 5], [0, 1, 2])
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.errors import NotApplicableError
from algnet.relu.model import Affine, Gather, MaxPool

__all__: list = []

#: Largest number of unit inputs probed at once (one channel's coordinates), and largest map read off (entries).
PROBE_CHUNK = 256
PROBE_ENTRIES = 400_000_000
#: Largest denominator of the fraction a probed weight is read as (when its float64 is that close).
SNAP_DENOMINATOR = 1 << 12


def _grouped(rows, weights, consts, n_in, copies=1, stride=0):
    """(idx, W, b, perm) of a fixed affine node computing output t = c Q + q (c < ``copies``, q < Q = len(rows)) as
    sum_k weights[q][k] x[rows[q][k] + c stride] + consts[q]: the outputs with equal (weights, constant) share a
    group (padded to the same length: index n_in reads a zero), ``perm`` puts the node's (group, position) layout
    back in the order of t. ``copies``: the channels a map acting alike on each is repeated over (``stride``: the
    size of one channel)."""
    K = max(1, max(len(r) for r in rows))
    Q = len(rows)
    groups = {}
    for q, (w, c) in enumerate(zip(weights, consts)):
        groups.setdefault((tuple(w) + (0,) * (K - len(w)), c), []).append(q)
    L = copies * max(len(v) for v in groups.values())
    G = len(groups)
    idx = np.full((G, L, K), n_in, dtype=np.int64)
    W = np.empty((G, 1, K), dtype=object)
    b = np.empty(G, dtype=object)
    where = np.empty(copies * Q, dtype=np.int64)
    shift = (np.arange(copies) * stride)[:, None, None]
    for g, ((w, c), members) in enumerate(groups.items()):
        W[g, 0, :] = [Fraction(v) for v in w]
        b[g] = Fraction(c)
        R = np.full((len(members), K), -1, dtype=np.int64)
        for pos, q in enumerate(members):
            R[pos, :len(rows[q])] = rows[q]
        block = np.where(R[None] >= 0, R[None] + shift, n_in).reshape(-1, K)     # (copy, member) order
        idx[g, :block.shape[0]] = block
        t = (np.arange(copies)[:, None] * Q + np.asarray(members)[None, :]).ravel()
        where[t] = g * L + np.arange(t.shape[0])
    return idx, W, b, where


def _snap(w: float) -> Fraction:
    """The fraction p/q (q <= :data:`SNAP_DENOMINATOR`) whose float64 is within 4 units in the last place of the
    weight w torch computed (1/3 for 0.333...: the map torch means, as average pools' 1/k), else w exactly.

    Examples
    --------
    >>> _snap(1 / 3), _snap(0.75), _snap(0.1234567891234) == Fraction(0.1234567891234)
    (Fraction(1, 3), Fraction(3, 4), True)
    """
    import math

    f = Fraction(w).limit_denominator(SNAP_DENOMINATOR)
    return f if abs(float(f) - w) <= 4 * math.ulp(w) else Fraction(w)


class _LinearMaps:
    """Mixed into the torch importer's builder (which gives ``add``, ``shape``, ``nodes`` and ``notes``)."""

    def fixed_map(self, x, rows, weights, consts, shape, name, copies=1, stride=0):
        """A fixed affine node (no parameters) computing the outputs of :func:`_grouped`, and the Gather putting
        them in order when the groups do not."""
        idx, W, b, where = _grouped(rows, weights, consts, self.nodes[x].size, copies, stride)
        n = idx.shape[0] * idx.shape[1]
        if where.shape[0] == n and (where == np.arange(n)).all():
            return self.add(Affine(idx, W, b, "fixed"), [x], tuple(shape), name)
        i = self.add(Affine(idx, W, b, "fixed"), [x], (n,), f"{name}:map")
        return self.add(Gather(where), [i], tuple(shape), name)

    def probed(self, x, fn, name, what):
        """The map ``fn`` (a torch function of (N, 1, *spatial) float64 tensors, acting alike on every channel and
        linear in its input) read off torch's forward on the unit inputs of one channel, as a fixed node."""
        import torch

        C, *dims = self.shape(x)
        P = int(np.prod(dims))
        with torch.no_grad():
            out0 = fn(torch.zeros((1, 1) + tuple(dims), dtype=torch.float64))
        out_dims = tuple(out0.shape[2:])
        Q = int(np.prod(out_dims))
        if P * Q > PROBE_ENTRIES:
            raise NotApplicableError(f"{name}: {what} of a {'x'.join(map(str, dims))} map to "
                                     f"{'x'.join(map(str, out_dims))}: its {P * Q:,} weights are too many to read",
                                     hint="a smaller input shape", module=name)
        if out0.abs().max().item() != 0:
            raise NotApplicableError(f"{name}: {what} is not linear in its input", hint="a linear layer", module=name)
        cols = [[] for _ in range(Q)]                      # per output position: (input position, weight)
        with torch.no_grad():
            step = max(1, min(PROBE_CHUNK, (1 << 22) // max(Q, 1)))     # at most 4M outputs at once
            for s in range(0, P, step):
                e = min(P, s + step)
                unit = torch.zeros((e - s, P), dtype=torch.float64)
                unit[torch.arange(e - s), torch.arange(s, e)] = 1
                y = fn(unit.reshape((e - s, 1) + tuple(dims))).reshape(e - s, Q).numpy()
                for p, q in zip(*np.nonzero(y)):
                    cols[q].append((s + int(p), float(y[p, q])))
        fracs = [[_snap(w) for _, w in col] for col in cols]             # one list per output position, shared
        if any(f.denominator > SNAP_DENOMINATOR for col in fracs for f in col):
            self.notes.append(f"{name}: some weights of {what} are the float64 values torch computes (read off its "
                              f"forward), no fraction of denominator up to {SNAP_DENOMINATOR} being that close")
        rows = [[p for p, _ in col] for col in cols]
        return self.fixed_map(x, rows, fracs, [0] * Q, (C,) + out_dims, name, copies=C, stride=P)

    def constant_pad(self, x, width, value, name):
        """Padding with a nonzero constant: a copy of the input and the constant around it (``width``: (before,
        after) per axis)."""
        shp = self.shape(x)
        n = self.nodes[x].size
        idx = np.pad(np.arange(n).reshape(shp), width, constant_values=n).ravel()
        c = Fraction(float(value))
        rows = [[int(i)] if i < n else [] for i in idx]
        weights = [[1] if i < n else [] for i in idx]
        consts = [0 if i < n else c for i in idx]
        out = tuple(s + a + b for s, (a, b) in zip(shp, width))
        return self.fixed_map(x, rows, weights, consts, out, name)

    def permuted(self, x, fn, name):
        """A permutation of the coordinates (PixelShuffle, PixelUnshuffle, ChannelShuffle) read off torch's forward
        on their indices."""
        import torch

        shp = self.shape(x)
        n = self.nodes[x].size
        with torch.no_grad():
            y = fn(torch.arange(n, dtype=torch.float64).reshape((1,) + tuple(shp)))
        perm = y.reshape(-1).numpy().astype(np.int64)
        if sorted(perm.tolist()) != list(range(n)):
            raise NotApplicableError(f"{name}: not a permutation of its input", hint="check the layer", module=name)
        return self.add(Gather(perm), [x], tuple(y.shape[1:]), name)

    def adaptive_windows(self, x, output_size, nd, name):
        """Adaptive max pooling with windows of unequal sizes (torch's: start floor(i n / o), end ceil((i + 1) n /
        o) on each axis), each window padded by repeating its first input."""
        from algnet.relu.torch_layers import _pair, _spatial

        C, *dims = _spatial(self.shape(x), nd)
        dims = tuple(dims[1:] if nd == 1 else dims)
        o = tuple(d if s is None else int(s) for d, s in zip(dims, _pair(output_size, nd)))
        axes = [[np.arange(i * d // s, -(-(i + 1) * d // s)) for i in range(s)] for d, s in zip(dims, o)]
        P = int(np.prod(dims))
        strides = [int(np.prod(dims[a + 1:])) for a in range(len(dims))]
        wins = []
        for c in range(C):
            for pos in np.ndindex(*o):
                grid = np.ix_(*[axes[a][pos[a]] for a in range(len(o))])
                flat = sum(g * st for g, st in zip(grid, strides))
                wins.append((c * P + np.asarray(flat)).ravel())
        k = max(len(w) for w in wins)
        win = np.array([np.concatenate([w, np.full(k - len(w), w[0])]) for w in wins], dtype=np.int64)
        return self.add(MaxPool(win), [x], (C,) + o, name)
