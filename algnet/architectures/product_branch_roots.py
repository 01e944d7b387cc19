"""The roots of unity of a Product one of whose branches carries its units through Residual blocks
(:class:`ProductBranchRoots`): the branch's stream moved by the roots of
:class:`~algnet.architectures.junction_maps.StreamRoots`, its factor taken back by the other branch (homogeneous,
or a chain that moves a multiple of itself, e.g. an odd one), and the other branch's own roots.
"""

from __future__ import annotations

from math import factorial, prod

from algnet.architectures.junction_maps import StreamRoots, chain_cycle, in_mix, out_mix
from algnet.architectures.junction_parts import (affine_unit, as_activation, bearing, biased_out, block_ends,
                                                 branch_end, exact_number, merge_parts, root_of_unity, unit_swaps)
from algnet.architectures.layers.combinators import Residual

__all__ = ["ProductBranchRoots", "branch_passage"]


def _other_end(items):
    """``(O, q, cycle)`` of a Product branch ending in a unit-bearing layer O and coordinatewise activations: q
    their degree when homogeneous (cycle (0, 0, q, 0)); else q None and the cycle (v, m, j, k0) of
    :func:`chain_cycle`, tau(v + zeta s) = zeta^j (tau(v + s) - k0) + k0 for zeta^m = 1 (an odd chain: (0, 2, 1,
    0), a multiple of itself; an even one keeps its own sign), when O can move its unit about v (a bias when v !=
    0); (None, None, None) otherwise.

    Examples
    --------
    >>> from algnet.architectures.layers import Linear, Polynomial, Power
    >>> _other_end([Linear(2, 1), Power(2)])[1:], _other_end([Linear(2, 1), Polynomial(0, 1, 0, 1)])[1:]
    ((2, (0, 0, 2, 0)), (None, (Fraction(0, 1), 2, 1, Fraction(0, 1))))
    >>> _other_end([Linear(2, 1), Polynomial(1, 1, 0, 1)])[1:]         # 1 + t + t^3 = 1 + odd: k0 = 1
    (None, (Fraction(0, 1), 2, 1, Fraction(1, 1)))
    """
    O, q = branch_end(items) if items else (None, None)
    if O is None or q is not None:
        return O, q, (None if O is None else (0, 0, q, 0))
    k = next(n for n in range(len(items) - 1, -1, -1) if items[n] is O)
    acts = [a for a in (as_activation(it) for it in items[k + 1:]) if not a.identity]
    cyc = chain_cycle(acts)
    if cyc is None or (cyc[0] and not biased_out(O)):
        return None, None, None
    return O, None, cyc


def branch_passage(items):
    """``(L, acts, through)`` of a Product branch whose last unit-bearing layer L is followed by activations and
    at least one Residual block its units pass (:func:`~algnet.architectures.junction_parts.block_ends`): the
    activations (as :func:`~algnet.architectures.junction_parts.as_activation`; ``through``'s positions index them)
    and the blocks as (block, activations before it); None otherwise.

    Examples
    --------
    >>> from algnet.architectures.layers import Linear, Polynomial, Residual
    >>> L, acts, through = branch_passage([Linear(2, 1), Polynomial(0, 1, 0, 1), Residual([Linear(1, 1)])])
    >>> L, len(acts), [n for _, n in through]
    (Linear(2, 1), 1, [1])
    """
    n = len(items) - 1
    while n >= 0 and not bearing(items[n]):
        n -= 1
    if n < 0:
        return None
    L, acts, through = items[n], [], []
    for it in items[n + 1:]:
        act = as_activation(it)
        if act is not None:
            acts.append(act)
        elif isinstance(it, Residual) and block_ends(it, L.units_out) is not None:
            through.append((it, len(acts)))
        else:
            return None
    return (L, acts, through) if through else None


class ProductBranchRoots:
    """A Product one of whose branches ends in a layer L whose units pass Residual blocks (and activations), the
    other branch in a layer O followed by homogeneous activations of degree q (none: q = 1): unit i of L moved by
    the roots of unity of :class:`StreamRoots` multiplies the branch's factor by alpha, and O's unit i times a q-th
    root of 1 / alpha takes it back (q choices: O's own q-th roots of unity keep the other factor, (beta o.x)^q =
    (o.x)^q, a symmetry of their own unless a layer after the product rescales O's units with them).
    (Blocks that are not homogeneous stop the Product's rescalings, :mod:`algnet.architectures.product_junction`.)

    Examples
    --------
    >>> from algnet import parse_spec       # (a.x + sigma(F a.x)) (b.x), sigma odd: (a, b) -> (-a, -b)
    >>> net = parse_spec("layers Product([Linear(2, 1), Residual([Linear(1, 1), Polynomial(0, 1, 0, 1)])], "
    ...                  "Linear(2, 1))")
    >>> net.finite_symmetry_order()
    2
    >>> net = parse_spec("layers Product([Linear(2, 1), Residual([Linear(1, 1), Polynomial(0, 1, 0, 1)])], "
    ...                  "[Linear(2, 1), Power(2)])")      # (a, b) -> (-a, +-i b), and b -> -b alone
    >>> net.finite_symmetry_order()
    4
    """

    weighted_pivots = False

    @classmethod
    def make(cls, P, C=None, acts=()):
        """The roots of the Product P, or None; ``C``: the layer after it (``acts``: the activations between),
        whose reading of the product's units also lets them be permuted (in both branches, through the blocks) and,
        after homogeneous activations of degree r, rescaled: O's unit by t, C's column by t^-(q r)."""
        from math import gcd

        for items, others in ((P.left, P.right), (P.right, P.left)):
            got = branch_passage(items)
            O, q, cyc = _other_end(others)
            if got is None or O is None or O.units_out != got[0].units_out:
                continue
            reads = C is not None and C.in_params is not None and bool(C.param_shapes()) and (
                C.units_in == O.units_out)
            # C reading the product's units as they are (O not homogeneous) takes any factor of a unit back: the
            # stream's roots (a multiple of the branch's factor, no shift) and all of O's, zeta^m = 1 (k0 = 0)
            direct = reads and q is None and all(a.identity for a in acts)
            roots = StreamRoots.make(got[0], got[1], got[2], [C], got[0].units_out) if direct else None
            if roots is not None and roots.M > 1 and roots.c:
                roots, direct = None, False     # the branch's factor moved with a shift: not a multiple
            if not direct:  # O takes 1 / alpha back when its activations move a multiple of themselves (k0 = 0)
                roots = StreamRoots.make(got[0], got[1], got[2], [], got[0].units_out, scale=None if cyc[3] else O,
                                         scale_degree=q if q is not None else cyc[:3])
            degs = [a.scale_degree for a in acts if not a.identity]
            r = prod(degs) if reads and None not in degs and q is not None else None
            # O's own roots keep its factor (zeta^j = 1, zeta^m = 1), or C takes zeta^j back; with C's rescalings
            # they are rescalings
            back = direct and cyc[1] > 1 and not cyc[3]
            own = 1 if r is not None else cyc[1] if back else (gcd(cyc[1], cyc[2]) if cyc[1] else cyc[2])
            if roots is None and own == 1:
                continue
            out = cls(P, roots, got[2], O, C if reads else None, got[0], q, own)
            out.r, out.center, out.back = r, cyc[0], cyc[2] if back else 0
            return out
        return None

    def __init__(self, P, roots, through=(), O=None, C=None, L=None, q: int = 1, own: int = 1):
        self.P, self.A, self.roots = P, P, roots
        self.L = L if L is not None else roots.A
        self.units = self.L.units_out
        self.through, self.O, self.C, self.r, self.q, self.own = list(through), O, C, None, q, own
        self.center, self.back = 0, 0       # O's center; C takes back zeta^back of O's roots (0: O keeps them)

    def description(self) -> str:
        return "" if self.r is None else (f"rescaling of each unit of {self.P!r} in {self.O!r}, taken back by "
                                          f"{self.C!r}")

    def tangents(self, prm, B) -> list:
        if self.r is None:
            return []
        return [merge_parts(out_mix(self.O, prm, B, i, i), in_mix(self.C, prm, B, i, i, self.r * self.q), B)
                for i in range(self.units)]

    def finite_order(self) -> int:
        per = (self.roots.order() if self.roots is not None else 1) * self.own
        return per ** self.units * (factorial(self.units) if self.C is not None else 1)

    def finite_description(self) -> str:
        perms = f"permutations of the units of {self.P!r}; " if self.C is not None and self.units > 1 else ""
        parts = [self.roots.description(f" in {self.P!r}")] if self.roots is not None else []
        if self.own > 1:
            how = (f"{self.C!r} taking its factor back" if self.back % self.own else
                   "the activations after it keep it")
            about = f" about {exact_number(self.center)}" if self.center else ""
            parts.append(f"each unit of {self.O!r} moved{about} by a root of unity of order {self.own} ({how})")
        return perms + "; ".join(parts)

    def finite_actions(self) -> list:
        gens = self.roots.actions(self.units) if self.roots is not None else []
        if self.own > 1:
            gens += [lambda prm, i=i: self._own(prm, i) for i in range(self.units)]
        if self.C is None:
            return gens
        blocks = [block_ends(R, self.units)[:2] for R, _ in self.through]
        return gens + unit_swaps(self.units, (self.L, self.O), blocks, self.C)

    def _own(self, prm, i):
        """O's unit i moved about its center by a root of unity zeta of order ``own``; C takes zeta^back back."""
        from algnet.architectures.activation_symmetry import take_back

        out = affine_unit(dict(prm), self.O, i, root_of_unity(1, self.own), self.center)
        return take_back(out, self.C, i, root_of_unity(self.back, self.own)) if self.back % self.own else out

    def removable(self) -> bool:
        return False

    def removal(self, net):
        return None
