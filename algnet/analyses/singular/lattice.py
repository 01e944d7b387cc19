"""The degeneration lattice of a network: which subnetworks (neurons removed, filters
shortened, attention rank lowered, weight matrices of lower rank) form its strata."""

from __future__ import annotations

from dataclasses import dataclass


from algnet.analyses.singular.derived import FactoredNetwork, SharedRootNetwork, SlicedNetwork, StridedFactorNetwork

__all__ = ["stratum_networks", "stratum_count"]


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


def _factor_specs(net, depth):
    """The lattice of the network's degeneration factors (derived from its layers:
    units removed at junctions, filter taps, attention ranks, layer patterns),
    with the extra strata a factor puts on top of a state (the rank-one tie)."""
    facs = net.degeneration_factors()
    root = tuple(f.root for f in facs)

    def children(c):
        out = []
        for t, f in enumerate(facs):
            out += [c[:t] + (s,) + c[t + 1:] for s in f.children(c[t])]
        return out

    def describe(c):
        return net.degeneration_name(c), net.degeneration_kind(c), tuple(net.degeneration_zeros(c))

    out = _lattice(root, children, describe, lambda c: sum(f.depth(s) for f, s in zip(facs, c)), depth)
    extra = []
    for sp in out:
        for t, f in enumerate(facs):
            for suffix, name, kind, ties in f.extras(sp.key[t]):
                extra.append(_StratumSpec(sp.key + (suffix,), sp.name + name, kind, sp.zero, ties, (sp.key,)))
    return out + extra


def _generic_specs(net, depth):
    subs = [s for s in net.subnetworks() if hasattr(s.network, "zero")]
    root = _StratumSpec((), "network", "network", (), (), ())
    seen = {(): root}
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
                    seen[nk] = _StratumSpec(nk, seen[nk].name, seen[nk].kind, seen[nk].zero, (),
                                            seen[nk].parents + (key,))
                    continue
                nm = "; ".join(subs[i].label for i in nk)
                seen[nk] = _StratumSpec(nk, nm, subs[nk[0]].kind, z, (), (key,))
                nxt.append(nk)
        frontier = nxt
    return list(seen.values())


def _specs(net, depth):
    return _factor_specs(net, depth) if hasattr(net, "degeneration_factors") else _generic_specs(net, depth)


def stratum_count(net, depth: int = 2) -> int:
    """``len(stratum_networks(net, depth))`` without building the networks (each holds an N x N parameter map:
    linear 60-60-60-60's nine took 8.4 GB and 97 s before the strata's size estimate refused them).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("conv k=2,2 r=2")
    >>> stratum_count(net, 2) == len(stratum_networks(net, 2))
    True
    """
    k = len(_specs(net, depth))
    if depth >= 1 and hasattr(net, "rank_degenerations"):
        k += len(net.rank_degenerations())
    if depth >= 1 and hasattr(net, "tie_degenerations"):
        k += len(net.tie_degenerations())
        k += len(net.root_degenerations()) if hasattr(net, "root_degenerations") else 0
    if depth >= 1 and hasattr(net, "stride_degenerations"):
        k += len(net.stride_degenerations())
    if depth >= 1 and hasattr(net, "split_degenerations"):
        k += len(net.split_degenerations())
    return k


def stratum_networks(net, depth: int = 2) -> list:
    """The structured degenerations of ``net`` as (spec, SlicedNetwork) pairs.

    Derived from the network's layers: units removed at every junction (by
    the permutation symmetry, which units does not matter), filters
    shortened (leading or trailing taps zero), attention rank lowered (last
    rows of Q and K zero) and, for a single output row, the rank-one network
    V = K[0]; each weight matrix next to an activation t^r, r >= 2, of rank
    one less (a :class:`FactoredNetwork`); two length-2 filters of a linear
    stride-one convolution chain equal, or two longer filters with a common
    root (a :class:`SharedRootNetwork`): a repeated root of the product,
    where its Jacobian drops rank. Networks without a degeneration
    lattice (ReLU, polynomial maps, derived networks): unions of the zero
    patterns of ``net.subnetworks()``. ``depth`` bounds the number of
    elementary degenerations.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> [s.name for s, _ in stratum_networks(parse_spec("conv k=2,2 r=2"), depth=1)]
    ['w1=(*,*) w2=(*,*)', 'w1=(0,*) w2=(*,*)', 'w1=(*,0) w2=(*,*)', 'w1=(*,*) w2=(0,*)', 'w1=(*,*) w2=(*,0)']
    """
    specs = _specs(net, depth)
    extra = []
    if depth >= 1 and hasattr(net, "rank_degenerations"):  # lower rank: not a zero pattern, W = U V
        root = specs[0].key
        for name, k in net.rank_degenerations():
            sp = _StratumSpec(("rank", int(name[1:]), k), f"rank {name} <= {k}", "layer rank dropped", (), (), (root,))
            extra.append((sp, FactoredNetwork(net, name, k, sp.name)))
    if depth >= 1 and hasattr(net, "tie_degenerations"):   # repeated roots of a linear convolution chain: ties
        root = specs[0].key
        for t, (name, ties) in enumerate(net.tie_degenerations()):
            specs.append(_StratumSpec(("ties", t), name, "repeated root", (), tuple(ties), (root,)))
        for t, (a, b) in enumerate(net.root_degenerations() if hasattr(net, "root_degenerations") else ()):
            sp = _StratumSpec(("root", t), f"{a}, {b} share a root", "repeated root", (), (), (root,))
            extra.append((sp, SharedRootNetwork(net, a, b, sp.name)))
    if depth >= 1 and hasattr(net, "stride_degenerations"):  # a factor that moves between strided filters
        root = specs[0].key
        for t, (name, a, spacing, b, receiver) in enumerate(net.stride_degenerations()):
            sp = _StratumSpec(("stride", t), name, "factor moves between filters" if b is None else "repeated root",
                              (), (), (root,))
            extra.append((sp, StridedFactorNetwork(net, a, spacing, b, sp.name, receiver)))
    if depth >= 1 and hasattr(net, "split_degenerations"):   # a factor in y^2 split across two filters of y
        from algnet.analyses.singular.split_factor import SplitFactorNetwork

        root = specs[0].key
        for t, (name, p, q, receiver) in enumerate(net.split_degenerations()):
            sp = _StratumSpec(("split", t), name, "factor moves between filters", (), (), (root,))
            extra.append((sp, SplitFactorNetwork(net, p, q, receiver, sp.name)))
    return [(s, SlicedNetwork.from_constraints(net, s.zero, s.ties, s.name)) for s in specs] + extra
