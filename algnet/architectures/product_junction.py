"""The junction of a :class:`~algnet.architectures.layers.Product` of two branches ending in unit-bearing layers
(:mod:`algnet.architectures.junctions` explains the symmetries): each unit scaled up in one branch and down in
the other, through the layers after the product, through the Residual blocks after a branch's last layer, and
two equal branches exchanged whole. A branch ending in a polynomial that is not homogeneous has the roots of unity
of :class:`~algnet.architectures.activation_symmetry.BranchRoots` instead of the rescalings.
"""

from __future__ import annotations

from math import factorial, gcd, lcm, prod

import numpy as np

from algnet.architectures.junction_components import block_constraints, kernel_actions, rescaling_components
from algnet.architectures.junction_maps import (_as_activation, _bearing, _block_ends, _chain_degree, _merge, _scaled,
                                                in_mix, out_mix)
from algnet.architectures.junction_parts import unit_swaps
from algnet.architectures.layers.base import unit_slice
from algnet.architectures.layers.combinators import Residual

__all__: list[str] = []


def _branch_chain(items):
    """(L, d, blocks): the last unit-bearing layer L of a Product branch, the degree d of the activations after it
    (None: one is not homogeneous) and the Residual blocks after it that its units pass through (:func:`_block_ends`)
    as (first layer, last unit-bearing layer, degree e of the activations before the block, q); (None, None, ())
    when another layer follows L or a block does not let the rescalings through."""
    n = len(items) - 1
    while n >= 0 and not _bearing(items[n]):
        if not (_as_activation(items[n]) is not None or isinstance(items[n], Residual)):
            return None, None, ()
        n -= 1
    if n < 0:
        return None, None, ()
    L, d, blocks = items[n], 1, []
    for it in items[n + 1:]:
        if isinstance(it, Residual):
            ends = _block_ends(it, L.units_out)
            if ends is None or d is None or ends[2] is None:
                return None, None, ()
            blocks.append((ends[0], ends[1], d, ends[2]))
        elif not it.identity:       # an activation (or a Product of them: :func:`_as_activation`)
            act = _as_activation(it)
            d = None if d is None or act.scale_degree is None else d * act.scale_degree
    return L, d, blocks


def _branch_roots(items, L, d, blocks, others, O, pj):
    """:class:`~algnet.architectures.activation_symmetry.BranchRoots` of a branch ending in L and activations that
    are not homogeneous (none when a block follows L); the other branch's last layer O takes the factor back when
    only identities follow it, else a next layer reading the product's units with no activation between."""
    if d is not None or blocks:
        return []
    from algnet.architectures.activation_symmetry import BranchRoots

    dO = _chain_degree([it for it in _after_layer(others, O) if not it.children()])
    plain = dO is not None and not any(it.children() for it in _after_layer(others, O))   # no block after O
    torus = pj.C is not None and pj.r is not None           # O up, the next layer down: O's roots are in it
    scale = O if plain and (dO == 1 or not torus) else None
    reader = pj.C if pj.C is not None and not pj.acts and scale is None else None
    roots = [BranchRoots.make(_after_layer(items, L), L, scale, reader, d=dO if scale is not None else 1)]
    if plain and dO > 1 and not torus:                      # the other branch's own roots: its unit times zeta^dO = 1
        from algnet.architectures.product_junction import _root_of_unity

        roots.append(BranchRoots(O, 0, dO, _root_of_unity(1, dO), 1, None, None))
        roots[-1].own = True
    return [r for r in roots if r is not None]


def _product_unit_roots(pj, P, L, R):
    """The roots of unity of the activations after the product (not homogeneous, about 0: the product has no bias)
    acting on its units: a branch's unit (only identities after its last layer, no block) times zeta, the next
    layer taking back alpha sigma + beta (:func:`~algnet.architectures.activation_symmetry.unit_roots`); at the
    end of the sequence only the roots keeping sigma. None when there are none."""
    from algnet.architectures.activation_symmetry import BranchRoots, _centered, chain_polynomial, unit_roots

    if not pj.acts or pj.r is not None or pj.bl or pj.br:
        return None
    side = next((lay for lay, items in ((L, P.left), (R, P.right))
                 if all(it.identity for it in _after_layer(items, lay))), None)
    c = chain_polynomial(pj.acts)
    if side is None or c is None or len(c) < 3:
        return None
    C, k0 = pj.C, _centered(c)[1][0]
    r = unit_roots(pj.acts, taken_back=True) if C is not None else None
    if r is None or (r[2] and k0 and not (getattr(C, "bias_param", None) and "W" in C._names)):
        r = unit_roots(pj.acts)
    if r is None or r[0]:
        return None
    v, m, j = r
    alpha = _root_of_unity(j, m)
    out = BranchRoots(side, 0, m, _root_of_unity(1, m), alpha, None, C if alpha != 1 else None)
    out.beta, out.unit_of = (1 - alpha) * k0 if alpha != 1 else 0, P
    return out


def _after_layer(branch, lay):
    """The items of a Product branch after its layer ``lay``."""
    return branch[next(n for n in range(len(branch) - 1, -1, -1) if branch[n] is lay) + 1:]


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


def _unit_weights(blocks) -> tuple[int, int]:
    """(w, g): the smallest integer weights on a branch unit's parameters (w on the last unit-bearing layer's row,
    w e_b / q_b and -w e_b on each block's: w = lcm of the q_b) and their gcd g."""
    w = lcm(*(b[3] for b in blocks)) if blocks else 1
    return w, gcd(w, *(w * b[2] // b[3] for b in blocks))


def _output_weight(d, blocks) -> int:
    """The weight e of a branch's unit under its own rescaling group (the weights of :func:`_unit_weights` divided
    by their gcd g): the branch's unit is scaled by the power e = w d / g."""
    w, g = _unit_weights(blocks)
    return w * d // g


def _bezout(a, b) -> tuple[int, int]:
    """(x, y) with a x + b y = gcd(a, b)."""
    if b == 0:
        return (1 if a >= 0 else -1), 0
    x, y = _bezout(b, a % b)
    return y, x - (a // b) * y


def _root_of_unity(k, m):
    """exp(2 pi i k / m): exactly 1, -1 (ints), 1j or -1j where 4 k / m is an integer."""
    k %= m
    if (4 * k) % m == 0:
        return (1, 1j, -1, -1j)[4 * k // m]
    return complex(np.exp(2j * np.pi * k / m))


class _ProductJunction:
    """A product of two branches, each ending in a unit-bearing layer (L, R: same units) and coordinatewise
    activations of degrees dL, dR (None: not homogeneous), optionally followed by activations and a
    unit-bearing layer C. Unit i scaled by s in L and t in R is scaled by s^dL t^dR in the product.

    Without C the rescalings of a unit that keep the network form a group with several components: with the
    branches' own groups (beta, delta) scaling the branches' unit by beta^eL and delta^eR (:func:`_output_weight`)
    and activations of degree r after the product, the group is {(beta^eL delta^eR)^r = 1}, the kernel of the
    character r (eL, eR): r gcd(eL, eR) components (s t = -1 in (s l)^2 (t m)^2 at the output: a sign flip in one
    branch), known finite symmetries (:meth:`components`) beside the connected torus of :meth:`tangents`."""

    #: the weights of the rescalings on a unit's coordinates may all exceed 1 (the gauge slice's points per orbit)
    weighted_pivots = True

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
        pj.roots = _branch_roots(P.left, L, dL, bl, P.right, R, pj) + _branch_roots(P.right, R, dR, br, P.left, L, pj)
        unit = _product_unit_roots(pj, P, L, R)
        pj.roots += [unit] if unit is not None else []
        if dL is None and dR is None and not (bl or br or pj.roots) and (C is None or acts):
            from algnet.architectures.activation_symmetry import BranchRoots

            joint = BranchRoots.pair((L, _after_layer(P.left, L)), (R, _after_layer(P.right, R)))
            pj.roots += [joint] if joint is not None else []
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
        self.roots = []             # the roots of unity of a branch ending in a polynomial that is not homogeneous

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

    def components(self) -> int:
        """The number of components of each unit's group of rescalings between the branches (class doc): 1 when a
        next layer C absorbs any scale of the unit or a branch's activations are not homogeneous."""
        if self.C is not None or self.dL is None or self.dR is None:
            return 1
        eL, eR = _output_weight(self.dL, self.bl), _output_weight(self.dR, self.br)
        return (self.r if self.r is not None else 1) * gcd(eL, eR)

    def all_components(self) -> int:
        """The components of each unit's whole group of rescalings when both branches are homogeneous: those of
        :meth:`components` and those the branches' blocks add, beta_b^q_b = s^e_b in each branch (a branch's block
        kernel: its last layer's row times a q-th root of unity; :mod:`algnet.architectures.junction_components`).
        Else :meth:`components`."""
        if self.dL is None or self.dR is None or not (self.bl or self.br):
            return self.components()
        nl, n = 1 + len(self.bl), 2 + len(self.bl) + len(self.br)
        rows = block_constraints(0, n, [(e, q) for _, _, e, q in self.bl])
        rows += block_constraints(nl, n, [(e, q) for _, _, e, q in self.br])
        if self.C is None:
            r = self.r if self.r is not None else 1
            rows.append([r * self.dL] + [0] * len(self.bl) + [r * self.dR] + [0] * len(self.br))
        return rescaling_components(rows)

    def _kernels(self) -> list:
        """(L, q) of the blocks' last layers whose roots reach the components :meth:`components` does not."""
        if self.all_components() == self.components():
            return []
        return [(Lb, q) for _, Lb, _, q in self.bl + self.br if q > 1]

    def finite_order(self) -> int:
        return (factorial(self.units) if self.C is not None else 1) * (2 ** self.units if self.swap else 1) * (
            2 if self.turn else 1) * self.all_components() ** self.units * prod(r.m for r in self.roots) ** self.units

    def finite_description(self) -> str:
        parts = [f"permutations of the units of {self.P!r}"] if self.C is not None and self.units > 1 else []
        if self.swap:
            parts.append(f"the exchange of a unit's weights between the two branches of {self.P!r}")
        if self.turn:
            parts.append(f"the exchange of the two branches of {self.P!r}")
        if self.components() > 1:
            parts.append(f"the {self.components()} components of each unit's rescalings between the branches of "
                         f"{self.P!r} (a root of unity scaling the unit in one branch)")
        if self._kernels():
            parts.append(f"the blocks of {self.P!r} bring each unit's rescalings to {self.all_components()} "
                         "components (" + ", ".join(f"{Lb!r}'s row times a root of unity of order {q}"
                                                    for Lb, q in self._kernels()) + ": the activations keep it)")
        parts += [r.description(self.P) for r in self.roots]
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
        if self.components() == 2:
            gens += [lambda prm, i=i: self._flip(prm, i) for i in range(self.units)]
        elif self.components() > 2:
            gens += [lambda prm, i=i: self._root(prm, i) for i in range(self.units)]
        gens += [r.action(i) for r in self.roots for i in range(self.units)]
        gens += kernel_actions(self._kernels(), self.units)
        if self.C is None:
            return gens
        blocks = [(F, Lb) for F, Lb, _, _ in self.bl + self.br]
        return gens + unit_swaps(self.units, (self.L, self.R), blocks, self.C)

    def _flip(self, prm, i):
        """Unit i's rescaling by beta = -1 in the branch whose weight e / gcd(eL, eR) is odd (the other's unit kept):
        (beta^eL delta^eR)^r = 1 as r gcd(eL, eR) is even, outside the torus beta^(eL/g) delta^(eR/g) = 1. The
        unit's parameters of odd weight in that branch change sign."""
        from algnet.core.backends import Exact

        eL, eR = _output_weight(self.dL, self.bl), _output_weight(self.dR, self.br)
        lay, blocks = (self.L, self.bl) if (eL // gcd(eL, eR)) % 2 else (self.R, self.br)
        w, g = _unit_weights(blocks)
        ones = {k: np.ones(np.shape(v), dtype=object) for k, v in prm.items()}
        out = dict(prm)
        for k, v in _moved(lay, blocks, ones, Exact(), i, w).items():
            odd = np.array([(int(x) // g) % 2 == 1 for x in np.ravel(v)]).reshape(np.shape(v))
            out[k] = np.where(odd, -np.asarray(prm[k]), np.asarray(prm[k]))
        return out

    def _root(self, prm, i):
        """Unit i's rescalings by beta = zeta^x in the left branch and delta = zeta^y in the right one, zeta =
        exp(2 pi i / m), m = r gcd(eL, eR) components: beta^(eL/g) delta^(eR/g) = zeta^(x eL/g + y eR/g) is a
        primitive m-th root of unity (x, y: 1, 0 or 0, 1 when eL/g or eR/g is prime to m, else Bezout's), so
        (beta^eL delta^eR)^r = 1 and the element generates the components. Each of the unit's parameters of
        weight k in a branch's own rescalings (:func:`_unit_weights`) is multiplied by that branch's root^k
        (complex: the components of odd order > 1 have no real point off the torus)."""
        from algnet.core.backends import Exact

        m = self.components()
        eL, eR = _output_weight(self.dL, self.bl), _output_weight(self.dR, self.br)
        gl, gr = eL // gcd(eL, eR), eR // gcd(eL, eR)
        if gcd(gl, m) == 1:
            x, y = 1, 0
        elif gcd(gr, m) == 1:
            x, y = 0, 1
        else:
            x, y = _bezout(gl, gr)
        out = dict(prm)
        for lay, blocks, k in ((self.L, self.bl, x), (self.R, self.br, y)):
            w, g = _unit_weights(blocks)
            ones = {key: np.ones(np.shape(v), dtype=object) for key, v in prm.items()}
            for key, v in _moved(lay, blocks, ones, Exact(), i, w).items():
                mult = np.array([_root_of_unity(k * (int(a) // g), m) for a in np.ravel(v)], dtype=object)
                out[key] = np.asarray(out[key]) * mult.reshape(np.shape(v))
        return out

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
