"""The degeneration lattice of a network: which subnetworks (neurons removed, filters
shortened, attention rank lowered, weight matrices of lower rank) form its strata."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from algnet.analyses.singular.derived import FactoredNetwork, SlicedNetwork
from algnet.analyses.singular.primitives import _offsets

__all__ = ["stratum_networks"]


@dataclass(frozen=True)
class _StratumSpec:
    key: tuple
    name: str
    kind: str
    zero: tuple
    ties: tuple
    parents: tuple  # keys


def _lattice(root, children, describe, depth_of, depth):
    """Breadth-first walk of a degeneration lattice.

    ``children(c)`` lists the keys one elementary degeneration below ``c``;
    ``describe(c)`` gives (name, kind, zeros); ``depth_of(c)`` counts the
    degenerations in ``c``; keys deeper than ``depth`` are not expanded.
    Each key is listed once, with every parent that reaches it.
    """
    out, frontier, seen, parents = [], [root], set(), {root: []}
    while frontier:
        nxt = []
        for c in frontier:
            if c in seen:
                continue
            seen.add(c)
            name, kind, zeros = describe(c)
            out.append(_StratumSpec(c, name, kind, zeros, (), tuple(parents[c])))
            if depth_of(c) >= depth:
                continue
            for d in children(c):
                parents.setdefault(d, []).append(c)
                nxt.append(d)
        frontier = nxt
    return out


def _dense_specs(net, depth):
    off = _offsets(net)
    hidden = list(range(1, net.L))
    w = net.widths

    def zeros(c):
        z = []
        for l, cl in zip(hidden, c):
            for i in range(w[l] - cl, w[l]):
                s, (r, cc) = off[f"W{l}"]
                z += [s + i * cc + j for j in range(cc)]
                if net.bias:
                    z.append(off[f"b{l}"][0] + i)
                s, (r2, c2) = off[f"W{l + 1}"]
                z += [s + k * c2 + i for k in range(r2)]
        return tuple(sorted(set(z)))

    def name(c):
        ws = list(w)
        for l, cl in zip(hidden, c):
            ws[l] -= cl
        return "widths " + "-".join(map(str, ws))

    def children(c):
        return [c[:t] + (c[t] + 1,) + c[t + 1:] for t, l in enumerate(hidden) if c[t] + 1 <= w[l] - 1]

    def describe(c):
        return name(c), ("network" if not any(c) else "neurons removed"), zeros(c)

    return _lattice(tuple([0] * len(hidden)), children, describe, sum, depth)


def _conv_specs(net, depth):
    ks = net.kernel_sizes
    offs = np.cumsum([0] + list(ks))

    def zeros(c):
        z = []
        for l, (a, b) in enumerate(c):
            z += [int(offs[l]) + j for j in range(a)]
            z += [int(offs[l]) + j for j in range(ks[l] - b, ks[l])]
        return tuple(sorted(z))

    def name(c):
        parts = []
        for l, (a, b) in enumerate(c):
            taps = ["0"] * a + ["*"] * (ks[l] - a - b) + ["0"] * b
            parts.append(f"w{l + 1}=({','.join(taps)})")
        return " ".join(parts)

    root = tuple((0, 0) for _ in ks)

    def children(c):
        out = []
        for l, (a, b) in enumerate(c):
            if a + b + 1 <= ks[l] - 1:
                out += [c[:l] + (d_ab,) + c[l + 1:] for d_ab in ((a + 1, b), (a, b + 1))]
        return out

    def describe(c):
        return name(c), ("network" if c == root else "filters shortened"), zeros(c)

    return _lattice(root, children, describe, lambda c: sum(a + b for a, b in c), depth)


def _attention_specs(net, depth):
    off = _offsets(net)
    a, Lyr = net.a, net.layers

    def zeros(c):
        z = []
        for i, ai in enumerate(c, start=1):
            for nm in (f"Q{i}", f"K{i}"):
                s, (ra, cd) = off[nm]
                for row in range(ai, a):
                    z += [s + row * cd + j for j in range(cd)]
        return tuple(sorted(z))

    root = tuple([a] * Lyr)

    def children(c):
        return [c[:i] + (c[i] - 1,) + c[i + 1:] for i in range(Lyr) if c[i] - 1 >= 1]

    def describe(c):
        kind = "network" if c == root else "attention rank dropped"
        return "attention ranks " + ",".join(map(str, c)), kind, zeros(c)

    out = _lattice(root, children, describe, lambda c: sum(a - x for x in c), depth)
    # rank-one network of the last layer with a single output row: V_L = K_L[0] (tie)
    if net.dout == 1:
        extra = []
        for s in out:
            if s.key[-1] == 1:
                sK, (_, cd) = off[f"K{Lyr}"]
                sV, _ = off[f"V{Lyr}"]
                ties = tuple((sV + j, sK + j) for j in range(cd))
                key = s.key + ("V=K",)
                nm = s.name + f", V{Lyr} = K{Lyr}[0] (rank-one network)"
                extra.append(_StratumSpec(key, nm, "rank-one network", s.zero, ties, (s.key,)))
        out += extra
    return out


def _generic_specs(net, depth):
    subs = [s for s in net.subnetworks() if hasattr(s.network, "zero")]
    root = _StratumSpec((), "network", "network", (), (), ())
    out, seen = [root], {(): root}
    frontier = [()]
    for _ in range(depth):
        nxt = []
        for key in frontier:
            base = set(seen[key].zero)
            for t, s in enumerate(subs):
                if t in key:
                    continue
                nk = tuple(sorted(key + (t,)))
                z = tuple(sorted(base | set(s.network.zero)))
                if nk in seen:
                    seen[nk] = _StratumSpec(nk, seen[nk].name, seen[nk].kind, seen[nk].zero, (), seen[nk].parents + (key,))
                    continue
                nm = "; ".join(subs[i].label for i in nk)
                seen[nk] = _StratumSpec(nk, nm, subs[nk[0]].kind, z, (), (key,))
                nxt.append(nk)
        frontier = nxt
    return list(seen.values())


def stratum_networks(net, depth: int = 2) -> list:
    """The structured degenerations of ``net`` as (spec, SlicedNetwork) pairs.

    Dense and linear networks: hidden neurons removed (by the permutation
    symmetry, which neurons does not matter); for polynomial activations
    also each weight matrix of rank one less (a :class:`FactoredNetwork`).
    Convolutional networks:
    filters shortened (leading or trailing taps set to zero). Attention:
    attention rank lowered (last rows of Q and K zero) and, for a single
    output row, the rank-one network V = K[0]. Other families: unions of the
    zero patterns of ``net.subnetworks()``. ``depth`` bounds the number of
    elementary degenerations.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> [s.name for s, _ in stratum_networks(parse_spec("conv k=2,2 r=2"), depth=1)]
    ['w1=(*,*) w2=(*,*)', 'w1=(0,*) w2=(*,*)', 'w1=(*,0) w2=(*,*)', 'w1=(*,*) w2=(0,*)', 'w1=(*,*) w2=(*,0)']
    """
    from algnet.architectures.attention import AttentionNetwork
    from algnet.architectures.conv import ConvNetwork
    from algnet.architectures.dense import DenseNetwork

    extra = []
    if isinstance(net, DenseNetwork) and not net.bias and net.act is None:
        specs = _dense_specs(net, depth)
        if net.r >= 2 and depth >= 1:  # a weight matrix of lower rank (not a zero pattern: factorized W = U V)
            root = specs[0].key
            for l in range(1, net.L + 1):
                rows, cols = net.widths[l], net.widths[l - 1]
                k = min(rows, cols) - 1
                if k >= 1:
                    sp = _StratumSpec(("rank", l, k), f"rank W{l} <= {k}", "layer rank dropped", (), (), (root,))
                    extra.append((sp, FactoredNetwork(net, f"W{l}", k, sp.name)))
    elif isinstance(net, ConvNetwork):
        specs = _conv_specs(net, depth)
    elif isinstance(net, AttentionNetwork):
        specs = _attention_specs(net, depth)
    else:
        specs = _generic_specs(net, depth)
    return [(s, SlicedNetwork.from_constraints(net, s.zero, s.ties, s.name)) for s in specs] + extra
