"""Junctions: where the symmetries *between* layers come from.

A junction is a unit-bearing layer A (linear map, convolution, attention)
followed by coordinatewise activations and a unit-bearing layer C whose input
units are A's output units. Depending on the activations between them it
carries GL of the units (none), the rescaling of each unit (homogeneous
activations), the permutations of the units (any activation), the removal of
a unit (a degeneration) and, between two group convolutions, the group's
translations. A :class:`~algnet.architectures.layers.Product` of two
branches that end in unit-bearing layers (possibly followed by coordinatewise
activations) is a junction of its own: each unit can be scaled up in one
branch and down in the other (when both branches end in homogeneous
activations or none), and (through the layers after the product) up in a
branch and down in the next layer.

The units also pass through a :class:`~algnet.architectures.layers.Residual`
block x + f(x) between A and C whose block starts with a layer reading them
and ends with a layer making them (e.g. ``[Linear, Power(2), Linear]``): for
any M acting on the units, f(M x) = M f(x) once the block's first layer
absorbs M^-1 and its last one M, so x + f(x) is equivariant and the junction's
symmetries (GL, rescalings -- the block moves with the power of the unit scale
that the activations before it make --, permutations, and with biases on A, on
each block's first layer and on C the translations of the units) act through
it. A block ending in homogeneous activations of degree q, x + (W h)^q, passes
only the rescalings (the stream's unit by s^q, W's row by s) and the
permutations: (N g)^q = M g^q for all g needs N monomial. A block x + W x is
(1 + W) x: GL acts on each side of it, (1 + W) -> M (1 + W) N^-1. The units of
a Product's branch pass its blocks the same way, and two equal branches are
exchanged whole where a unit's weights cannot move alone.

Examples
--------
>>> from algnet.architectures.layers import Linear, Power, Product, Residual, Sequential
>>> net = Sequential(Product(Linear(2, 2), Linear(2, 2)), Linear(2, 1))
>>> net.symmetry_tangents(net.random_params(seed=0), p=101).shape    # 2 units x (balance, through)
(4, 10)
>>> net = Sequential(Linear(2, 2), Residual([Linear(2, 3), Power(2), Linear(3, 2)]), Linear(2, 2))
>>> net.symmetry_tangents(net.random_params(seed=0), p=101).shape    # GL(2) through the block + 3 rescalings
(7, 20)
"""

from __future__ import annotations

from math import factorial, lcm, prod

import numpy as np

from algnet.architectures.layers.base import unit_slice
from algnet.architectures.layers.combinators import Product, Residual
from algnet.architectures.layers.groupconv import GroupConv
from algnet.architectures.layers.linear import Linear

__all__ = ["out_mix", "in_mix", "find_junctions", "unit_widths"]


def _bearing(lay) -> bool:
    return lay.out_params is not None and bool(lay.param_shapes())


def out_mix(lay, prm, B, a, b) -> dict:
    """Tangent of output unit a of ``lay`` moving along unit b (E_ab on the output): {global name: array}.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.architectures.layers import Linear, Sequential
    >>> from algnet.core.backends import Exact
    >>> net = Sequential(Linear(2, 2), Linear(2, 1))
    >>> prm = net.unflatten(np.arange(1, 7))                # W1 = [[1, 2], [3, 4]], W2 = [[5, 6]]
    >>> out_mix(net.sequence[0], prm, Exact(), 0, 1)["W1"].tolist()     # E_01 W1
    [[3, 4], [0, 0]]
    """
    out = {}
    for local, axis in lay.out_params:
        g = lay._names[local]
        v = prm[g]
        d = B.zeros(np.shape(v))
        if axis is None:
            d[...] = v
        else:
            d[unit_slice(v, axis, a)] = v[unit_slice(v, axis, b)]
        out[g] = d
    return out


def in_mix(lay, prm, B, a, b, scale=None) -> dict:
    """Compensation in ``lay`` of the input change x -> (1 + E_ab) x (times ``scale``).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.core.backends import Exact
    >>> net = parse_spec("linear 2-2-1")
    >>> A, C = net.sequence
    >>> prm = net.unflatten([1, 2, 3, 4, 5, 6])              # W1 = [[1, 2], [3, 4]], W2 = [[5, 6]]
    >>> dW1, dW2 = out_mix(A, prm, Exact(), 1, 0)["W1"], in_mix(C, prm, Exact(), 1, 0)["W2"]
    >>> dW2.tolist(), (prm["W2"] @ dW1 + dW2 @ prm["W1"]).tolist()   # -W2 E_10; W2 W1 does not move
    ([[-6, 0]], [[0, 0]])
    """
    out = {}
    for local, axis in lay.in_params:
        g = lay._names[local]
        v = prm[g]
        d = B.zeros(np.shape(v))
        src = v if axis is None else v[unit_slice(v, axis, a)]
        src = B.neg(src) if scale is None else B.neg(B.mul(src, B.const(scale)))
        if axis is None:
            d[...] = src
        else:
            d[unit_slice(v, axis, b)] = src
        out[g] = d
    return out


def _scaled(parts: dict, B, c) -> dict:
    return {k: B.mul(v, B.const(c)) for k, v in parts.items()}


def _swap_units(out, lay, params, i):
    for local, axis in params:
        g = lay._names[local]
        v = np.array(out[g], copy=True)
        src = np.array(out[g], copy=True)
        v[unit_slice(v, axis, i)] = src[unit_slice(src, axis, i + 1)]
        v[unit_slice(v, axis, i + 1)] = src[unit_slice(src, axis, i)]
        out[g] = v


def unit_widths(seq) -> list[int]:
    """The unit counts along a sequence of layers: the input units of the first unit-bearing layer, then
    the output units of each.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> unit_widths(parse_spec("dense 3-2-4-1 r=2").sequence)
    [3, 2, 4, 1]
    """
    ws = []
    for lay in seq:
        if lay.out_params is not None and lay.param_shapes():
            if not ws:
                ws.append(lay.units_in)
            ws.append(lay.units_out)
    return ws


def _block_ends(lay, units):
    """(first layer, last unit-bearing layer, q, ends in an activation) of a Residual ``lay`` (x + f(x)) the units
    (``units`` of them) pass through, else None. Its block starts with a layer reading the units and ends with a layer
    L making them, possibly followed by homogeneous activations of total degree q: f(M x) = M f(x) for every M once
    the first layer absorbs M^-1 and L the M; after activations only for M = diag(s^q) (L takes diag(s)) and the
    permutations, since (N g)^q = M g^q for all g needs N monomial."""
    first = lay.block[0]
    if not (first.in_params is not None and _bearing(first) and first.units_in == units):
        return None
    last, q = _branch_end(lay.block)
    if last is None or q is None or last.units_out != units:
        return None
    k = next(n for n, it in enumerate(lay.block) if it is last)
    return first, last, q, any(not a.identity for a in lay.block[k + 1:])


def _passes(lay, units) -> bool:
    """Whether the units pass through the Residual ``lay`` (:func:`_block_ends`)."""
    return _block_ends(lay, units) is not None


def _after(seq, i, A=None):
    """(activations, residual blocks passed through as (block, activations before it), next layer or None) after
    position i; blocks are passed through only by the units of a given layer ``A``."""
    j, acts, through = i + 1, [], []
    while j < len(seq):
        if seq[j].elementwise:
            acts.append(seq[j])
        elif A is not None and isinstance(seq[j], Residual) and _passes(seq[j], A.units_out):
            through.append((seq[j], len(acts)))
        else:
            break
        j += 1
    return acts, through, (seq[j] if j < len(seq) else None)


def find_junctions(seq) -> list:
    """The junctions of a sequence of layers (see the module docstring), in order; linear in the length of the
    sequence (each run of activations is scanned once, the unit widths are one tuple shared by the junctions).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> js = find_junctions(parse_spec("dense 3-2-4-1 r=2").sequence)     # the two hidden layers
    >>> [(repr(j.A), j.units) for j in js]
    [('Linear(3, 2)', 2), ('Linear(2, 4)', 4)]
    """
    out = []
    ws = tuple(unit_widths(seq))      # shared by every junction (a copy each made this quadratic in the length)
    k = 0
    for i, A in enumerate(seq):
        if isinstance(A, Product):
            acts, _, C = _after(seq, i)
            pj = _ProductJunction.make(A, acts, C)
            if pj is not None:
                out.append(pj)
            continue
        if not _bearing(A):
            continue
        k += 1
        acts, through, C = _after(seq, i, A)    # activations and residual blocks are never unit-bearing: each run
        if C is None or C.in_params is None or not C.param_shapes() or A.units_out != C.units_in \
                or A.units_out < 1:                 # is scanned once
            continue
        out.append(_Junction(A, acts, C, ws, k, through))
    return out


class _Junction:
    """Two unit-bearing layers with only coordinatewise activations and residual blocks the units pass through
    between them."""

    def __init__(self, A, acts, C, widths, k, through=()):
        self.A, self.C = A, C
        self.widths, self.k = tuple(widths), k  # unit widths of the sequence (shared); A's output is widths[k]
        self.acts = [a for a in acts if not a.identity]
        self.units = A.units_out
        degs = [a.scale_degree for a in self.acts]
        self.linear = not self.acts
        self.r = prod(degs) if self.acts and all(d is not None for d in degs) else None
        self.group = isinstance(A, GroupConv) and isinstance(C, GroupConv) and A.group == C.group and not through
        # each block with the power e of the unit scale it sees (the degrees of the activations before it), its
        # first and last unit-bearing layers, the degree q of the activations ending it, whether it has any, and
        # whether only identity activations follow it (then a block f = W alone splits the stream's GL in two)
        self.through = []
        for R, n in through:
            e = prod(a.scale_degree for a in acts[:n] if not a.identity) if self.r is not None else 1
            F, L, q, act = _block_ends(R, self.units)
            split = isinstance(R.block[0], Linear) and len(R.block) == 1 and all(a.identity for a in acts[n:])
            self.through.append((R, e, F, L, q, act, split))
        self.gl = self.linear and not any(t[5] for t in self.through)      # GL passes every block
        if self.linear and not self.gl:
            self.r = 1                  # a block ending in an activation lets the rescalings through only

    def _via(self) -> str:
        return "".join(f" through {t[0]!r}" for t in self.through)

    def description(self) -> str:
        u = self.A.unit_name
        splits = "".join(f"; GL({self.units}) of the {u}s after {t[0]!r}" for t in self.through if self._split(t))
        if self.gl:
            return f"GL({self.units}) of the {u}s between {self.A!r} and {self.C!r}{self._via()}{splits}"
        if self.r is not None:
            return f"rescaling of each {u} after {self.A!r} (t, t^-{self.r}){self._via()}{splits}"
        return splits[2:]

    def _split(self, t) -> bool:
        """Whether the stream's GL after the block f = W of ``t`` acts on its own: (1 + W) -> M (1 + W), every
        later block and C moving with M (none of them ends in an activation)."""
        k = self.through.index(t)
        return t[6] and not any(u[5] for u in self.through[k + 1:])

    def _out_mix(self, prm, B, a, b) -> dict:
        return out_mix(self.A, prm, B, a, b)

    def _in_mix(self, prm, B, a, b, scale=None) -> dict:
        return in_mix(self.C, prm, B, a, b, scale)

    def _blocks_mix(self, prm, B, a, b, w=1, start=0, powered=True) -> dict:
        """Each block f -> M f M^-1 (M = 1 + E_ab, or its power s^(w e) where activations of degree e came before
        the block; the block's last unit-bearing layer takes s^(w e / q) before activations of degree q)."""
        out = {}
        for R, e, F, L, q, _, _ in self.through[start:]:
            e = e if powered else 1
            last = out_mix(L, prm, B, a, b)
            out = _merge(_merge(out, last if w * e == q else _scaled(last, B, w * e // q), B),
                         in_mix(F, prm, B, a, b, None if w * e == 1 else w * e), B)
        return out

    def _shifts(self, prm, B) -> list[dict]:
        """Translations of the units (x -> x + t e_a after A, or after a block f = W with a bias) absorbed by the
        biases after them."""
        rows = []
        starts = [(self.A, -1)] if self.linear else []      # (activations after A: its bias does not translate)
        starts += [(t[0].block[0], k) for k, t in enumerate(self.through) if self._split(t)]
        for S, k in starts:
            firsts = [t[2] for t in self.through[k + 1:]]
            if not (S.bias_param and all(L.affine_in and L.bias_param for L in firsts + [self.C])):
                continue
            for a in range(self.units):
                gb = S._names[S.bias_param]
                db = B.zeros(np.shape(prm[gb]))
                db[a] = B.const(1)
                row = {gb: db}
                for L in firsts + [self.C]:
                    row = _merge(row, {L._names[L.bias_param]: B.neg(prm[L._names["W"]][:, a])}, B)
                rows.append(row)
        return rows

    def _split_rows(self, prm, B) -> list[dict]:
        """The stream's GL after each block f = W (see :meth:`_split`): (1 + W) -> (1 + E_ab)(1 + W)."""
        rows = []
        for k, t in enumerate(self.through):
            if not self._split(t):
                continue
            W = t[0].block[0]
            gw = W._names["W"]
            dw = B.zeros(np.shape(prm[gw]))
            for a in range(self.units):
                for b in range(self.units):
                    d = dict(out_mix(W, prm, B, a, b))
                    e = dw.copy()
                    e[a, b] = B.const(1)
                    d = _merge(d, {gw: e}, B)
                    d = _merge(d, self._blocks_mix(prm, B, a, b, 1, k + 1, False), B)
                    rows.append(_merge(d, self._in_mix(prm, B, a, b), B))
        return rows

    def tangents(self, prm, B) -> list[dict]:
        rows = []
        if self.gl:
            for a in range(self.units):
                for b in range(self.units):
                    moved = _merge(self._out_mix(prm, B, a, b), self._blocks_mix(prm, B, a, b), B)
                    rows.append(_merge(moved, self._in_mix(prm, B, a, b), B))
        elif self.r is not None:
            Q = lcm(*(t[4] for t in self.through)) if self.through else 1      # integer weights throughout
            for i in range(self.units):
                out = self._out_mix(prm, B, i, i)
                moved = _merge(out if Q == 1 else _scaled(out, B, Q), self._blocks_mix(prm, B, i, i, Q), B)
                rows.append(_merge(moved, self._in_mix(prm, B, i, i, self.r * Q), B))
        return rows + self._shifts(prm, B) + self._split_rows(prm, B)

    def finite_order(self) -> int:
        n = factorial(self.units) if not self.gl else 1
        if self.group:
            n *= self.A.group.order
        return n

    def finite_description(self) -> str:
        parts = []
        if not self.gl and self.units > 1:
            parts.append(f"permutations of the {self.A.unit_name}s after {self.A!r}{self._via()}")
        if self.group:
            parts.append(f"translations of {self.A.group!r} between {self.A!r} and {self.C!r}")
        return "; ".join(parts)

    def finite_actions(self) -> list:
        gens = []
        if not self.gl:
            for i in range(self.units - 1):
                gens.append(self._swap(i))
        if self.group:
            for a in range(self.A.group.order):
                if a != self.A.group.identity:
                    gens.append(self._translate(a))
        return gens

    def _swap(self, i):
        def act(prm):
            out = dict(prm)
            _swap_units(out, self.A, self.A.out_params, i)
            for t in self.through:
                _swap_units(out, t[3], t[3].out_params, i)
                _swap_units(out, t[2], t[2].in_params, i)
            _swap_units(out, self.C, self.C.in_params, i)
            return out

        return act

    def _translate(self, a):
        def act(prm):
            out = dict(prm)
            ga, gc = self.A._names["w"], self.C._names["w"]
            out[ga] = self.A.translate_out(out[ga], a)
            out[gc] = self.C.translate_in(out[gc], a)
            return out

        return act

    def removable(self) -> bool:
        u = self.A.unit_name
        return not self.through and (u == "neuron" or (u == "channel" and self.units >= 2))

    def removal(self, net):
        u = self.A.unit_name
        if not self.removable():
            return None
        i = self.units - 1  # by the permutation symmetry any unit will do
        zero = []
        shapes = dict(net.param_shapes)
        for lay, params in ((self.A, self.A.out_params), (self.C, self.C.in_params)):
            for local, axis in params:
                g = lay._names[local]
                shp = shapes[g]
                mask = np.zeros(shp, dtype=bool)
                mask[unit_slice(mask, axis, i)] = True
                zero += (net._offsets[g] + np.flatnonzero(mask.reshape(-1))).tolist()
        ws = list(self.widths)
        ws[self.k] -= 1
        num = getattr(self.A, "number", self.A.position)
        return (f"layer {num} {u} removed (widths {'-'.join(map(str, ws))})", f"{u} removed", zero)


def _merge(a: dict, b: dict, B) -> dict:
    out = dict(a)
    for k, v in b.items():
        out[k] = B.add(out[k], v) if k in out else v
    return out


def _branch_end(items):
    """The last unit-bearing layer of a Product branch and the degree of the coordinatewise activations after it
    (None: one is not homogeneous); (None, None) when a layer other than an activation follows it."""
    d = 1
    for lay in reversed(items):
        if _bearing(lay):
            return lay, d
        if not lay.elementwise:
            return None, None
        if not lay.identity:
            d = None if d is None or lay.scale_degree is None else d * lay.scale_degree
    return None, None


def _branch_chain(items):
    """(L, d, blocks): the last unit-bearing layer L of a Product branch, the degree d of the activations after it
    (None: one is not homogeneous) and the Residual blocks after it that its units pass through (:func:`_block_ends`)
    as (first layer, last unit-bearing layer, degree e of the activations before the block, q); (None, None, ())
    when another layer follows L or a block does not let the rescalings through."""
    n = len(items) - 1
    while n >= 0 and not _bearing(items[n]):
        if not (items[n].elementwise or isinstance(items[n], Residual)):
            return None, None, ()
        n -= 1
    if n < 0:
        return None, None, ()
    L, d, blocks = items[n], 1, []
    for it in items[n + 1:]:
        if isinstance(it, Residual):
            ends = _block_ends(it, L.units_out)
            if ends is None or d is None:
                return None, None, ()
            blocks.append((ends[0], ends[1], d, ends[2]))
        elif not it.identity:
            d = None if d is None or it.scale_degree is None else d * it.scale_degree
    return L, d, blocks


def _walk(items):
    for lay in items:
        yield lay
        for child in lay.children():
            yield from _walk(child)


def _moved(lay, blocks, prm, B, i, w) -> dict:
    """Unit i of ``lay`` scaled with weight w, each block after it moving with the power of the scale it sees."""
    out = _scaled(out_mix(lay, prm, B, i, i), B, w)
    for F, L, e, q in blocks:
        out = _merge(_merge(out, _scaled(out_mix(L, prm, B, i, i), B, w * e // q), B), in_mix(F, prm, B, i, i, w * e),
                     B)
    return out


def _exchangeable(P, L, R) -> bool:
    """Whether unit i's weights can move from one branch of the Product P to the other: equal branches whose only
    parameters are those of their unit-bearing layer (L, R), all of them along the units (then branch i computes
    the same function of its own unit's weights in both branches)."""
    if repr(P.left) != repr(P.right):
        return False
    for items, lay in ((P.left, L), (P.right, R)):
        if any(it.children() or (it is not lay and it.param_shapes()) for it in items):
            return False
        if {n for n, _ in lay.param_shapes()} != {n for n, ax in lay.out_params if ax is not None}:
            return False
    return True


class _ProductJunction:
    """A product of two branches, each ending in a unit-bearing layer (L, R: same units) and coordinatewise
    activations of degrees dL, dR (None: not homogeneous), optionally followed by activations and a
    unit-bearing layer C. Unit i scaled by s in L and t in R is scaled by s^dL t^dR in the product."""

    @classmethod
    def make(cls, P, acts, C):
        (L, dL, bl), (R, dR, br) = _branch_chain(P.left), _branch_chain(P.right)
        if L is None or R is None or L.units_out != R.units_out or L.units_out < 1:
            return None
        last = C is None            # nothing but activations after the product: its units are the output
        if C is not None and (C.in_params is None or not C.param_shapes() or C.units_in != L.units_out):
            C = None
        pj = cls(P, L, R, acts, C, dL, dR)
        pj.bl, pj.br = bl, br
        pj.K = lcm(*(b[3] for b in bl + br)) if bl or br else 1     # integer weights in the blocks
        pj.turn = repr(P.left) == repr(P.right) and not _exchangeable(P, L, R)     # the branches exchanged whole
        pj.last = last
        return pj

    def __init__(self, P, L, R, acts, C, dL=1, dR=1):
        self.P, self.L, self.R, self.C = P, L, R, C
        self.dL, self.dR = dL, dR
        self.A = P  # for numbering and descriptions
        self.units = L.units_out
        self.acts = [a for a in acts if not a.identity]
        degs = [a.scale_degree for a in self.acts]
        self.r = prod(degs) if all(d is not None for d in degs) else None
        self.k = 0
        self.last = False
        # one weight per unit under homogeneous activations: the exchange is a rescaling (a x, b x: s = b / a)
        per_unit = sum(prod(shape) for _, shape in L.param_shapes()) // self.units
        self.swap = _exchangeable(P, L, R) and (per_unit > 1 or dL is None)
        self.bl, self.br, self.K, self.turn = [], [], 1, False

    def description(self) -> str:
        return f"rescaling of each unit between the branches of {self.P!r}"

    def tangents(self, prm, B) -> list[dict]:
        rows = []
        dL, dR = self.dL, self.dR
        for i in range(self.units):
            K = self.K
            if dL is not None and dR is not None:     # s^dL on the left branch, s^-dL on the right
                rows.append(_merge(_moved(self.L, self.bl, prm, B, i, K * dR), _moved(self.R, self.br, prm, B, i,
                                                                                      -K * dL), B))
            if self.C is not None and self.r is not None:
                side, blocks, d = (self.L, self.bl, dL) if dL is not None else (self.R, self.br, dR)
                if d is not None:                     # up in a branch, down in the next layer
                    rows.append(_merge(_moved(side, blocks, prm, B, i, K), in_mix(self.C, prm, B, i, i,
                                                                                   d * self.r * K), B))
        return rows

    def finite_order(self) -> int:
        return (factorial(self.units) if self.C is not None else 1) * (2 ** self.units if self.swap else 1) * (
            2 if self.turn else 1)

    def finite_description(self) -> str:
        parts = [f"permutations of the units of {self.P!r}"] if self.C is not None and self.units > 1 else []
        if self.swap:
            parts.append(f"the exchange of a unit's weights between the two branches of {self.P!r}")
        if self.turn:
            parts.append(f"the exchange of the two branches of {self.P!r}")
        return "; ".join(parts)

    def finite_actions(self) -> list:
        gens = []
        for i in range(self.units if self.swap else 0):
            def exchange(prm, i=i):
                out = dict(prm)
                for local, axis in self.L.out_params:
                    gl, gr = self.L._names[local], self.R._names[local]
                    left, right = np.array(out[gl], copy=True), np.array(out[gr], copy=True)
                    sl = unit_slice(left, axis, i)
                    left[sl], right[sl] = out[gr][sl], out[gl][sl]
                    out[gl], out[gr] = left, right
                return out
            gens.append(exchange)
        if self.turn:
            gens.append(self._exchange_branches)
        if self.C is None:
            return gens
        for i in range(self.units - 1):
            def act(prm, i=i):
                out = dict(prm)
                for lay, blocks in ((self.L, self.bl), (self.R, self.br)):
                    _swap_units(out, lay, lay.out_params, i)
                    for F, Lb, _, _ in blocks:
                        _swap_units(out, Lb, Lb.out_params, i)
                        _swap_units(out, F, F.in_params, i)
                _swap_units(out, self.C, self.C.in_params, i)
                return out
            gens.append(act)
        return gens

    def _exchange_branches(self, prm):
        """Every parameter of the left branch exchanged with its twin in the right one (left(x) right(x) is
        symmetric)."""
        out = dict(prm)
        for a, b in zip(_walk(self.P.left), _walk(self.P.right)):
            for local in a._names:
                ga, gb = a._names[local], b._names[local]
                out[ga], out[gb] = prm[gb], prm[ga]
        return out

    def removable(self) -> bool:
        """Never as a junction's (:func:`~algnet.architectures.strata.junction_factor`): a Product's units are
        removed by :meth:`unit_zeros` (:func:`~algnet.architectures.strata.product_factors`)."""
        return False

    def unit_exact(self) -> bool:
        """Whether zeroing a unit's weights in both branches removes the unit exactly: each branch's activations
        vanish at zero (homogeneous), so the product unit is zero, and then either the next layer's column of the
        unit is zeroed too, or the unit is an output coordinate behind homogeneous activations (zero stays zero)."""
        homogeneous = all(d is not None and d >= 1 for d in (self.dL, self.dR)) and not (self.bl or self.br)
        return homogeneous and (self.C is not None or (self.last and self.r is not None))

    def unit_ties(self, net, i) -> tuple:
        """``((flat index in R, flat index in L), ...)``: unit i's weights equal in both branches, or () when that is
        not a stratum. Where a unit's two branch factors are proportional (l^dL m^dR with m = c l) the product's
        Jacobian drops rank; the unit's rescaling between the branches (s^dR, s^-dL) makes them equal over C. Needs
        the branches' only parameters to be their unit-bearing layers' along the units, laid out alike."""
        if not (self.unit_exact() and self.P.polynomial):     # (ReLU: a negative factor is not a rescaling)
            return ()
        for items, lay in ((self.P.left, self.L), (self.P.right, self.R)):
            if any(it.children() or (it is not lay and it.param_shapes()) for it in items):
                return ()
            if {n for n, _ in lay.param_shapes()} != {n for n, ax in lay.out_params if ax is not None}:
                return ()
        if self.L.param_shapes() != self.R.param_shapes():
            return ()
        shapes = dict(net.param_shapes)
        ties = []
        for local, axis in self.L.out_params:
            gl, gr = self.L._names[local], self.R._names[local]
            mask = np.zeros(shapes[gl], dtype=bool)
            mask[unit_slice(mask, axis, i)] = True
            flat = np.flatnonzero(mask.reshape(-1))
            ties += [(net._offsets[gr] + int(f), net._offsets[gl] + int(f)) for f in flat]
        return tuple(ties)

    def unit_zeros(self, net, units) -> list[int]:
        """Flat parameters fixed to zero when the given units of the product are removed: their weights in both
        branches, and their columns in the next layer."""
        shapes = dict(net.param_shapes)
        pairs = [(self.L, self.L.out_params), (self.R, self.R.out_params)]
        if self.C is not None:
            pairs.append((self.C, self.C.in_params))
        z = []
        for lay, params in pairs:
            for local, axis in params:
                g = lay._names[local]
                mask = np.zeros(shapes[g], dtype=bool)
                for i in units:
                    mask[unit_slice(mask, axis, i)] = True
                z += (net._offsets[g] + np.flatnonzero(mask.reshape(-1))).tolist()
        return sorted(z)

    def removal(self, net):
        if not self.unit_exact() or (self.C is not None and self.units < 2):    # as the lattice: one unit is kept
            return None
        num = getattr(self.P, "number", self.P.position)
        i = self.units - 1      # by the permutation symmetry before a next layer; the last output otherwise
        what = "unit removed" if self.C is not None else f"output {i + 1} zero"
        return (f"layer {num} product {what}", "product unit removed", self.unit_zeros(net, [i]))
