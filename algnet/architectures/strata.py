"""Degeneration lattices derived from the layers (for singular strata).

A network lists its *degeneration factors*: independent elementary
degenerations with a small state each, such as "c neurons of hidden layer l
removed" (a junction), "a leading and b trailing taps of filter l zero" (a
1-D convolution), "attention rank of layer i lowered to a" (attention). A
stratum is a tuple of states, one per factor; its zero pattern is the union
of the factors' zero patterns, and its name is assembled by the network
(``widths 3-1-2``, ``w1=(0,*) w2=(*,*)``, ``attention ranks 2,1``). The
analyses walk this lattice without knowing which architecture produced it.

Examples
--------
>>> from algnet import parse_spec
>>> net = parse_spec("dense 3-2-2-1 r=2")
>>> [f.kind for f in net.degeneration_factors()]
['neurons removed', 'neurons removed']
>>> net.degeneration_name((1, 0))
'widths 3-1-2-1'
>>> net.degeneration_zeros((0, 1))       # W2 row 1 and W3 column 1
[8, 9, 11]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from algnet.architectures.layers.base import unit_slice

__all__ = ["DegenerationFactor", "junction_factor", "product_factors", "taps_factor", "rank_factor",
           "pattern_factor"]


@dataclass(frozen=True)
class DegenerationFactor:
    """One elementary degeneration of a network (see the module docstring).

    ``group`` says how the network names it: ``"units"`` (a width), ``"taps"``
    (a filter pattern), ``"rank"`` (an attention rank). ``extras(state)``
    lists further strata on top of a state: ``(key suffix, name suffix,
    kind, ties)`` with ties as (flat index, flat index it equals) pairs.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> f = parse_spec("dense 3-2-1 r=2").degeneration_factors()[0]
    >>> f.kind, f.group, f.root, f.children(f.root)
    ('neurons removed', 'units', 0, [1])
    """

    kind: str
    group: str
    root: object
    children: Callable
    zeros: Callable
    depth: Callable
    part: Callable
    extras: Callable = field(default=lambda state: [])


def junction_factor(net, junction) -> DegenerationFactor:
    """Units removed (the last ones, by the permutation symmetry) at a junction.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("dense 3-2-1 r=2")              # W1: 2 x 3 (entries 0..5), W2: 1 x 2 (6, 7)
    >>> f = junction_factor(net, net._junctions[0])
    >>> f.zeros(1), f.part(1)                             # neuron 2 removed: row 1 of W1, column 1 of W2
    ([3, 4, 5, 7], (1, 1))
    """
    A, C, units = junction.A, junction.C, junction.units
    masks = []
    for lay, params in ((A, A.out_params), (C, C.in_params)):
        for local, axis in params:
            g = lay._names[local]
            masks.append((g, axis))
    shapes = dict(net.param_shapes)

    def zeros(c):
        z = []
        for g, axis in masks:
            mask = np.zeros(shapes[g], dtype=bool)
            for i in range(units - c, units):
                mask[unit_slice(mask, axis, i)] = True
            z += (net._offsets[g] + np.flatnonzero(mask.reshape(-1))).tolist()
        return z

    return DegenerationFactor(
        kind=f"{A.unit_name}s removed", group="units", root=0,
        children=lambda c: [c + 1] if c + 1 <= units - 1 else [],
        zeros=zeros, depth=lambda c: c, part=lambda c: (junction.k, c))


def product_factors(net, pj) -> list[DegenerationFactor]:
    """Units of a Product removed (their weights zero in both branches), where that is exact
    (``unit_exact`` of the product junction): before a next layer, c of the last units (c < units, by the
    permutation symmetry; the next layer's columns zero too); as the network's output, each unit on/off
    (the output coordinates are not interchangeable; all of them off is the zero function).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("layers Product([Linear(2, 1), Power(2)], Linear(2, 1))")     # (a.x)^2 (b.x): a, b
    >>> [(f.zeros(1), f.part(1)) for f in product_factors(net, net._junctions[0])]
    [([0, 1, 2, 3], 'layer 1: output 1 zero')]
    >>> product_factors(net, net._junctions[0])[0].extras(0)[0][3]        # b = a: (a.x)^3
    ((2, 0), (3, 1))
    """
    if not pj.unit_exact():
        return []
    num = getattr(pj.P, "number", pj.P.position)

    def tie(i, present):
        ties = pj.unit_ties(net, i) if present else ()
        return [(f"tie{i}", f", layer {num}: unit {i + 1} equal in both branches", "product branches equal",
                 ties)] if ties else []

    if pj.C is not None:
        units = pj.units
        return [DegenerationFactor(
            kind="product units removed", group="other", root=0,
            children=lambda c: [c + 1] if c + 1 <= units - 1 else [],
            zeros=lambda c: pj.unit_zeros(net, range(units - c, units)), depth=lambda c: c,
            part=lambda c: f"layer {num}: {c} product unit{'s' if c > 1 else ''} removed" if c else "",
            extras=lambda c: tie(0, True))]      # unit 0 is never removed (c < units)
    out = []
    for i in range(pj.units):
        out.append(DegenerationFactor(
            kind="product output zero", group="other", root=0, children=lambda s: [1] if s == 0 else [],
            zeros=lambda s, i=i: pj.unit_zeros(net, [i]) if s else [], depth=lambda s: s,
            part=lambda s, i=i: f"layer {num}: output {i + 1} zero" if s else "",
            extras=lambda s, i=i: tie(i, s == 0)))
    return out


def taps_factor(net, lay) -> DegenerationFactor:
    """Leading (a) and trailing (b) taps of a 1-D filter set to zero, a + b <= k - 1.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("conv k=2,2 r=2")
    >>> f = taps_factor(net, net.sequence[0])
    >>> f.root, f.children(f.root), f.zeros((1, 0)), f.part((1, 0))
    ((0, 0), [(1, 0), (0, 1)], [0], 'w1=(0,*)')
    """
    k = lay.kernel[0]
    g = lay._names["w"]
    shape = dict(net.param_shapes)[g]
    start = net._offsets[g]

    def zeros(ab):
        a, b = ab
        taps = set(range(a)) | set(range(k - b, k))
        return [start + int(np.ravel_multi_index(i, shape)) for i in np.ndindex(*shape) if i[-1] in taps]

    def part(ab):
        a, b = ab
        return f"{g}=({','.join(['0'] * a + ['*'] * (k - a - b) + ['0'] * b)})"

    return DegenerationFactor(
        kind="filters shortened", group="taps", root=(0, 0),
        children=lambda ab: [(ab[0] + 1, ab[1]), (ab[0], ab[1] + 1)] if ab[0] + ab[1] + 1 <= k - 1 else [],
        zeros=zeros, depth=lambda ab: ab[0] + ab[1], part=part)


def rank_factor(net, lay, last: bool) -> DegenerationFactor:
    """The attention rank of a (single-head) attention layer lowered to r (rows r.. of Q and K zero).

    On the last layer with one output row, rank one also gives the tied
    stratum V = K[0] (the rank-one network).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("attention d=2 a=2 dout=1 t=2")      # Q, K: 2 x 2 (0..3, 4..7)
    >>> f = rank_factor(net, net.sequence[0], True)
    >>> f.root, f.children(f.root), f.zeros(1)                # rank 1: row 1 of Q and of K zero
    (2, [1], [2, 3, 6, 7])
    """
    a, d = lay.a, lay.d_in
    gQ, gK, gV = (lay._names[x] for x in ("Q", "K", "V"))

    def zeros(r):
        z = []
        for g in (gQ, gK):
            s = net._offsets[g]
            for row in range(r, a):
                z += [s + row * d + j for j in range(d)]
        return z

    def extras(r):
        if not (last and lay.d_out == 1 and r == 1):
            return []
        sK, sV = net._offsets[gK], net._offsets[gV]
        ties = tuple((sV + j, sK + j) for j in range(d))
        return [("V=K", f", {gV} = {gK}[0] (rank-one network)", "rank-one network", ties)]

    return DegenerationFactor(
        kind="attention rank dropped", group="rank", root=a,
        children=lambda r: [r - 1] if r - 1 >= 1 else [],
        zeros=zeros, depth=lambda r: a - r, part=lambda r: str(r), extras=extras)


def pattern_factor(net, lay, label: str, kind: str, zero) -> DegenerationFactor:
    """A layer's own zero pattern (``Layer.degenerations``) as an on/off factor.

    Examples
    --------
    >>> from algnet.architectures.layers import Linear, Power, Sequential
    >>> net = Sequential(Linear(2, 2, bias=True), Power(2), Linear(2, 1))    # b1 is entries 4, 5
    >>> f = pattern_factor(net, net.sequence[0], "no bias", "bias removed", [("b", 0), ("b", 1)])
    >>> f.children(0), f.zeros(1), f.part(1)
    ([1], [4, 5], 'layer 1: no bias')
    """
    idx = [net._offsets[lay._names[local]] + k for local, k in zero]
    num = getattr(lay, "number", lay.position)
    return DegenerationFactor(
        kind=kind, group="other", root=0, children=lambda s: [1] if s == 0 else [],
        zeros=lambda s: idx if s else [], depth=lambda s: s, part=lambda s: f"layer {num}: {label}" if s else "")
