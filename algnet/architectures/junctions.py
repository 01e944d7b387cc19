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
permutations: (N g)^q = M g^q for all g needs N monomial; a block ending in
other activations passes the permutations only (and the translations). After activations of degree e the stream
sees the unit's scale alpha as alpha^e and the block's row scale beta must meet beta^q = alpha^e: a group with
gcd(e, q) components (:mod:`algnet.architectures.junction_components`), the others finite symmetries. A
biased block x + (W x + c)^2 right after a biased A also lets its input's
shift c -> c + delta through, traded against A (the square's cross term is
linear). A block x + W x is (1 + W) x: GL acts on each side of it,
(1 + W) -> M (1 + W) N^-1. The units of a Product's branch pass its blocks the
same way, and two equal branches are exchanged whole where a unit's weights
cannot move alone. Between two linear layers a polynomial activation that is
not homogeneous but symmetric about a point v (sigma(2 v - t) = +-sigma(t) +
k) adds the reflection of each unit's input about v.

The layer taking the units back in may also be a Product whose two branches both start with a layer reading them
(both take M^-1: W -> M W, each branch's first layer B -> B M^-1), or, at the end of the sequence, a last block
x + W x: (1 + W) -> (1 + W) M^-1, i.e. W -> (1 + W) M^-1 - 1 (activations after it act on its output alone).
At the end of the network, the outputs of the last unit-bearing layer (or of 1 + W) followed by a polynomial
activation keep its roots of unity (t^2: a sign; :mod:`algnet.architectures.activation_symmetry`), and between two
layers any polynomial chain of activations gives each unit the roots that the next layer can take back. A Product
of two chains of activations (e.g.
``Product(Power(1), Power(1))``, t -> t^2) is a coordinatewise activation between A and C, at the end of a
block and at the end of a branch.

A unit moved by a root of unity zeta before polynomial activations and Residual blocks (x + sigma(F x) with sigma
odd: the sign of a unit passes it) keeps the function when every block's first layer takes the move back, its last
layer follows it and the layers reading the units take the result back
(:class:`~algnet.architectures.junction_maps.StreamRoots`; at the end of the network only the moves the output
keeps, :class:`StreamEnd`).

The tangent maps on a layer's parameters are in :mod:`algnet.architectures.junction_maps`, the junction of a
Product in :mod:`algnet.architectures.product_junction`.

Examples
--------
>>> from algnet.architectures.layers import Linear, Power, Product, Residual, Sequential
>>> net = Sequential(Product(Linear(2, 2), Linear(2, 2)), Linear(2, 1))
>>> net.symmetry_tangents(net.random_params(seed=0), p=101).shape    # 2 units x (balance, through)
(4, 10)
>>> net = Sequential(Linear(2, 2), Residual([Linear(2, 3), Power(2), Linear(3, 2)]), Linear(2, 2))
>>> net.symmetry_tangents(net.random_params(seed=0), p=101).shape    # GL(2) through the block + 3 rescalings
(7, 20)
>>> net = Sequential(Linear(2, 2), Product(Linear(2, 1), [Linear(2, 1), Power(2)]))
>>> net.symmetry_tangents(net.random_params(seed=0), p=101).shape    # GL(2) into both branches + 1 rescaling
(5, 8)
"""

from __future__ import annotations

from math import factorial, lcm, prod

import numpy as np

from algnet.architectures.activation_symmetry import (OutputEnd, UnitRoots, affine_unit, number as _num, reflection,
                                                      shifted_power, shifted_rows, take_back)
from algnet.architectures.junction_ends import SquareCrossEnd, StreamEnd, _block_cross_rows, _square_after
from algnet.architectures.junction_components import block_constraints, kernel_actions, rescaling_components
from algnet.architectures.junction_maps import (_MAX_ADJUGATE, StreamRoots, _adjugate, _after,
                                                _as_activation, _bearing, _block_ends, _merge, _scaled, _swap_units,
                                                in_mix, out_mix, unit_widths)
from algnet.architectures.layers.base import unit_slice
from algnet.architectures.layers.combinators import Product
from algnet.architectures.layers.groupconv import GroupConv
from algnet.architectures.layers.linear import Linear
from algnet.architectures.product_branch_roots import ProductBranchRoots
from algnet.architectures.product_junction import _ProductJunction

__all__ = ["out_mix", "in_mix", "find_junctions", "unit_widths"]


def find_junctions(seq, output: bool = False) -> list:
    """The junctions of a sequence of layers (see the module docstring), in order; linear in the length of the
    sequence (each run of activations is scanned once, the unit widths are one tuple shared by the junctions).
    With ``output`` (the network's own sequence), a last unit-bearing layer followed by activations only adds the
    roots of unity its outputs keep (:class:`~algnet.architectures.activation_symmetry.OutputEnd`).

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
            if pj is None or (pj.dL is None and pj.bl) or (pj.dR is None and pj.br):   # a branch through blocks
                pj = ProductBranchRoots.make(A, C, acts) or pj      # that is not homogeneous: no rescalings there
            if pj is not None:
                out.append(pj)
            continue
        if not _bearing(A):
            continue
        k += 1
        acts, through, C = _after(seq, i, A)    # activations and residual blocks are never unit-bearing: each run
        readers, end = [C], None                # is scanned once
        if C is None and not through:
            oe = OutputEnd.make(A, acts) if output else None
            if oe is not None:
                out.append(oe)
            continue
        last = _final_linear_block(through[-1], acts, through, A.units_out) if C is None and through else False
        if C is None and through and not last:
            roots = StreamRoots.make(A, acts, through, [], A.units_out) if output else None
            if roots is not None:
                out.append(StreamEnd(roots, A.units_out))
            F = _square_after(A, acts, through) if output else None
            if F is not None:                   # the square's cross term needs no layer after the block
                out.append(SquareCrossEnd(A, F))
            continue
        if last:
            n = through[-1][1]                  # the activations after the block act on its output alone
            C, end, through, tail, acts = through[-1][0], through[-1][0].block[0], through[:-1], acts[n:], acts[:n]
            readers = [end]
            if len(C.block) > 1 and any(not a.identity for a in tail):
                continue                        # a product of layers before activations: not handled
            oe = OutputEnd.make(end, tail, shifted=True) if output else None
            if oe is not None:
                out.append(oe)
        elif isinstance(C, Product):
            readers = _branch_readers(C, A.units_out)
        if A.units_out < 1 or readers is None or any(
                R is None or R.in_params is None or not R.param_shapes() or A.units_out != R.units_in
                for R in readers):
            continue
        out.append(_Junction(A, acts, C, ws, k, through, readers, end))
    return out


def _final_linear_block(t, acts=(), through=(), units=0) -> bool:
    """Whether the block x + W x of ``t`` = (Residual, activations before it) is a single linear layer W: the last
    of the sequence (activations may follow it: they act on its output), it takes the units' maps back in (1 + W)
    (as a next layer: (1 + W) -> (1 + W) M^-1). Also a block of linear layers W = W_k ... W_1 without biases whose
    widths are all at least ``units`` (W is then any matrix) when GL reaches it (no activation before it, in
    ``acts``, nor at the end of another block in ``through``): (1 + W) -> (1 + W) M^-1 through W_1
    (:meth:`_Junction._end_rows`)."""
    block = t[0].block
    if len(block) == 1:
        return isinstance(block[0], Linear)
    return (all(isinstance(lay, Linear) and not lay.bias for lay in block) and min(lay.d_out for lay in block) >= units
            and not any(not a.identity for a in acts[:t[1]]) and not any(_block_ends(u[0], units)[3] for u in through)
            and units <= _MAX_ADJUGATE)


def _branch_readers(P, units):
    """The first layers of the two branches of the Product P when both read the units (then both take the units'
    maps back in, as one next layer would), else None."""
    firsts = [items[0] if items and _bearing(items[0]) else None for items in (P.left, P.right)]
    if any(f is None or f.units_in != units for f in firsts):
        return None
    return firsts


class _Junction:
    """Two unit-bearing layers with only coordinatewise activations and residual blocks the units pass through
    between them."""

    def __init__(self, A, acts, C, widths, k, through=(), readers=None, end=None):
        self.A, self.C = A, C
        # the layers taking the units' maps back in: C, or the first layers of a Product's two branches, or the
        # linear layer W of a last block x + W x (``end``: its (1 + W) moves, not W alone)
        self.readers, self.end = list(readers) if readers is not None else [C], end
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
        if any(t[4] is None for t in self.through):
            self.r = None               # ... a homogeneous one: else the permutations only
        # the rescalings' weights exceed 1 on the stream after A (s^q before a block ending in x^q): the gauge
        # slice's points per orbit are counted (algnet.analyses.fibers_torus)
        self.weighted_pivots = self.r is not None and not self.gl and any(t[4] > 1 for t in self.through)
        # the rescalings beta_b^q_b = alpha^e_b through the blocks may have several components: the blocks' kernels
        # (L's row times a q-th root of unity) reach the others (algnet.architectures.junction_components)
        self.comps, self.kernels = 1, []
        if self.weighted_pivots:
            ends = [(t[1], t[4]) for t in self.through]
            self.comps = rescaling_components(block_constraints(0, len(ends) + 1, ends))
            self.kernels = [(t[3], t[4]) for t in self.through if t[4] > 1] if self.comps > 1 else []
        # a polynomial activation symmetric about v: each unit's input reflected (A's row and bias), its output
        # eps sigma + k taken back by the layers reading it (their column times eps, a bias)
        self.reflect = None if through or self.end is not None or not self.acts else UnitRoots.make(
            self.acts, A, self.readers, C)
        self.block_reflect = self._block_reflection()
        # a power moved off the origin, (t - v)^j + k0: each unit's input rescaled about v (A's row and bias), the
        # output's factor s^j and its constant taken back by C
        self.shifted = self._shifted_power()
        if self.shifted is not None:
            self.reflect = None         # its roots (s^j = 1) are rescalings
        # the units' roots of unity through the blocks (the reflections of block_reflect among them)
        self.stream = None if not through or self.end is not None or self.gl or self.r is not None else (
            StreamRoots.make(A, acts, through, self.readers, self.units))
        if self.stream is not None:
            self.block_reflect = None

    def _via(self) -> str:
        return "".join(f" through {t[0]!r}" for t in self.through)

    def description(self) -> str:
        u = self.A.unit_name
        splits = "".join(f"; GL({self.units}) of the {u}s after {t[0]!r}" for t in self.through if self._split(t))
        if self.gl:
            return f"GL({self.units}) of the {u}s between {self.A!r} and {self.C!r}{self._via()}{splits}"
        if self.r is not None:
            cross = "" if self._square_block() is None else (
                f"; shifts of the square's input in {self.through[0][0]!r} traded against {self.A!r}")
            return f"rescaling of each {u} after {self.A!r} (t, t^-{self.r}){self._via()}{splits}{cross}"
        if self.shifted is not None:
            v = self.shifted[0]
            return (f"rescaling of each {u}'s input " + (f"about {_num(v)} " if v else "") + f"after {self.A!r} "
                    f"((t - v)^{self.shifted[1]} + k: its factor and constant taken back by {self.C!r})")
        if self._shift_starts() and not splits:     # a block ending in activations that are not homogeneous
            return f"translations of the {u}s after {self.A!r}{self._via()}"
        return splits[2:]

    def _split(self, t) -> bool:
        """Whether the stream's GL after the block f = W of ``t`` acts on its own: (1 + W) -> M (1 + W), every
        later block and C moving with M (none of them ends in an activation)."""
        k = self.through.index(t)
        return t[6] and not any(u[5] for u in self.through[k + 1:])

    def _out_mix(self, prm, B, a, b) -> dict:
        return out_mix(self.A, prm, B, a, b)

    def _in_mix(self, prm, B, a, b, scale=None) -> dict:
        out = {}
        for R in self.readers:
            out = _merge(out, in_mix(R, prm, B, a, b, scale), B)
        if self.end is not None and len(self.C.block) == 1:       # (1 + W) E_ab: the identity's part
            gw = self.end._names["W"]
            d = B.zeros(np.shape(prm[gw]))
            d[a, b] = B.const(-(1 if scale is None else scale))
            out = _merge(out, {gw: d}, B)
        return out

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

    def _shift_starts(self) -> list:
        """(layer whose bias translates the units, index of the block it ends) for each translation of the units
        that the biases after it absorb (:meth:`_shifts`)."""
        starts = [(self.A, -1)] if self.linear else []      # (activations after A: its bias does not translate)
        starts += [(t[0].block[0], k) for k, t in enumerate(self.through) if self._split(t)]
        return [(S, k) for S, k in starts if S.bias_param and all(L.affine_in and L.bias_param for L in
                                                                  [t[2] for t in self.through[k + 1:]] + self.readers)]

    def _shifts(self, prm, B) -> list[dict]:
        """Translations of the units (x -> x + t e_a after A, or after a block f = W with a bias) absorbed by the
        biases after them."""
        rows = []
        for S, k in self._shift_starts():
            firsts = [t[2] for t in self.through[k + 1:]]
            for a in range(self.units):
                gb = S._names[S.bias_param]
                db = B.zeros(np.shape(prm[gb]))
                db[a] = B.const(1)
                row = {gb: db}
                for L in firsts + self.readers:
                    row = _merge(row, {L._names[L.bias_param]: B.neg(prm[L._names["W"]][:, a])}, B)
                if self.end is not None:    # (1 + W) e_a: the identity's part
                    ge = self.end._names[self.end.bias_param]
                    de = B.zeros(np.shape(prm[ge]))
                    de[a] = B.const(-1)
                    row = _merge(row, {ge: de}, B)
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
            rows = self._end_rows(rows, prm, B)
        elif self.r is not None:
            Q = lcm(*(t[4] for t in self.through)) if self.through else 1      # integer weights throughout
            for i in range(self.units):
                out = self._out_mix(prm, B, i, i)
                moved = _merge(out if Q == 1 else _scaled(out, B, Q), self._blocks_mix(prm, B, i, i, Q), B)
                rows.append(_merge(moved, self._in_mix(prm, B, i, i, self.r * Q), B))
        elif self.shifted is not None:
            rows = shifted_rows(self.A, self.C, prm, B, self.units, *self.shifted)
        return rows + self._shifts(prm, B) + self._split_rows(prm, B) + self._cross_rows(prm, B)

    def _end_rows(self, rows, prm, B) -> list[dict]:
        """GL rows through a last block of several linear layers, W = Q W_1 (Q = W_k ... W_2): W_1 -> W_1 M^-1 gives
        W -> W M^-1, and the identity's part (1 + W) E_ab, -E_ab, is W_1's -K E_ab with K = Q^T adj(Q Q^T) (Q K =
        det(Q Q^T) 1): each row times det(Q Q^T), a multiple of the tangent wherever Q has full rank."""
        if self.end is None or len(self.C.block) == 1:
            return rows
        Q = None
        for lay in self.C.block[1:]:
            W = prm[lay._names["W"]]
            Q = W if Q is None else B.matmul(W, Q)
        K, det = _adjugate(B.matmul(Q, np.transpose(Q)), B)
        K = B.matmul(np.transpose(Q), K)
        g1 = self.end._names["W"]
        out = []
        for k, row in enumerate(rows):
            a, b = divmod(k, self.units)
            row = {g: B.mul(v, det) for g, v in row.items()}
            d = B.zeros(np.shape(prm[g1]))
            d[:, b] = B.neg(K[:, a])
            out.append(_merge(row, {g1: d}, B))
        return out

    def _square_block(self):
        """The block x + (W x + c)^2 right after A (affine, with a bias) when there is one, else None: its square's
        cross term 2 c * (W h) is linear in A's input (:meth:`_cross_rows`)."""
        if not self.linear:
            return None
        return _square_after(self.A, [], [(t[0], 0) for t in self.through])

    def _cross_rows(self, prm, B) -> list[dict]:
        F = self._square_block()
        return [] if F is None else _block_cross_rows(self.A, F, self.units, prm, B)

    def finite_order(self) -> int:
        n = factorial(self.units) if not self.gl else 1
        if self.group:
            n *= self.A.group.order
        return n * (self.reflect.order(self.units) if self.reflect is not None else 1) * (
            2 ** self.units if self.block_reflect is not None else 1) * (
            self.stream.order() ** self.units if self.stream is not None else 1) * self.comps ** self.units

    def finite_description(self) -> str:
        parts = []
        if not self.gl and self.units > 1:
            parts.append(f"permutations of the {self.A.unit_name}s after {self.A!r}{self._via()}")
        if self.group:
            parts.append(f"translations of {self.A.group!r} between {self.A!r} and {self.C!r}")
        if self.reflect is not None:
            parts.append(self.reflect.description(self.A, self.acts))
        if self.block_reflect is not None:
            F, v, eps = self.block_reflect[:3]
            sign = "" if eps > 0 else f"with the sign of the {self.A.unit_name} after {self.A!r}, "
            parts.append(f"the reflection of each output of {F!r} about {v} in {self.through[0][0]!r} ({sign}"
                         f"the activation is symmetric about {v})")
        if self.stream is not None:
            parts.append(self.stream.description(self._via()))
        if self.comps > 1:
            parts.append(f"the {self.comps} components of each {self.A.unit_name}'s rescalings after {self.A!r}"
                         f"{self._via()} (" + ", ".join(f"{L!r}'s row times a root of unity of order {q}"
                                                        for L, q in self.kernels) + ": the activations keep it)")
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
        if self.reflect is not None:
            gens += [self.reflect.action(self.A, self.readers, i) for i in range(self.units)]
        if self.block_reflect is not None:
            gens += [self._reflect_in_block(i) for i in range(self.units)]
        if self.stream is not None:
            gens += self.stream.actions(self.units)
        return gens + kernel_actions(self.kernels, self.units)

    def _shifted_power(self):
        """``(v, j, k0)`` of :func:`~algnet.architectures.activation_symmetry.shifted_power` when A and C carry its
        rescalings: A with a bias along its units when v != 0, C linear with a bias when k0 != 0, nothing between
        them but the activations; else None."""
        if self.r is not None or self.through or self.end is not None or not self.acts or self.readers != [self.C]:
            return None
        sp = shifted_power(self.acts)
        if sp is None or not isinstance(self.C, Linear) or (sp[2] and not self.C.bias_param) or (
                sp[0] and self.A.bias_param not in [name for name, _ in self.A.out_params]):
            return None
        return sp

    def _block_reflection(self):
        """``(F, v, eps, k)`` for the one block x + sigma(F x) the units pass (F linear, sigma a polynomial chain
        symmetric about v: :func:`~algnet.architectures.activation_symmetry.reflection`) when reflecting F's output i
        about v is a symmetry: eps = 1 (sigma(2 v - t) = sigma(t)) on its own; eps = -1 with the stream's unit i
        negated (A's row, F's column, C's column; C's bias takes k back). F needs a bias when v != 0. Else None."""
        if len(self.through) != 1 or not self.linear:
            return None
        R, _, F, L, _, _, _ = self.through[0]
        rest = R.block[1:]          # activations only (a chain, Products of chains)
        if not (F is L and isinstance(F, Linear) and rest and all(_as_activation(it) is not None for it in rest)):
            return None
        ref = reflection(rest)
        if ref is None or (ref[0] and not F.bias_param):
            return None
        if ref[1] < 0 and not (isinstance(self.A, Linear) and isinstance(self.C, Linear) and (
                not ref[2] or self.C.bias_param)):
            return None
        return (F,) + ref

    def _reflect_in_block(self, i):
        """F's output i reflected about v (:func:`~algnet.architectures.activation_symmetry.affine_unit`, as
        between two layers); for eps = -1 with the stream's unit i negated: A's row, F's column, and C taking back
        -h + k (:func:`~algnet.architectures.activation_symmetry.take_back`)."""
        F, v, eps, k = self.block_reflect

        def act(prm):
            out = affine_unit(dict(prm), F, i, -1, v)
            if eps > 0:
                return out
            affine_unit(out, self.A, i, -1)
            take_back(out, F, i, -1)
            return take_back(out, self.C, i, -1, k)

        return act

    def _swap(self, i):
        def act(prm):
            out = dict(prm)
            _swap_units(out, self.A, self.A.out_params, i)
            for t in self.through:
                _swap_units(out, t[3], t[3].out_params, i)
                _swap_units(out, t[2], t[2].in_params, i)
            for R in self.readers:
                _swap_units(out, R, R.in_params, i)
            if self.end is not None:        # (1 + W) P - 1 = W P + P - 1
                gw = self.end._names["W"]
                w = np.array(out[gw], copy=True)
                for a, b, d in ((i, i, -1), (i + 1, i + 1, -1), (i, i + 1, 1), (i + 1, i, 1)):
                    w[a, b] = w[a, b] + d
                out[gw] = w
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
        return not self.through and self.readers == [self.C] and (u == "neuron" or (u == "channel" and self.units >= 2))

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
