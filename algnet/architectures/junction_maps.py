"""The maps of a junction's symmetries on the parameters of its layers: which layers bear units, the tangent
parts that mix a layer's output (:func:`out_mix`) or input (:func:`in_mix`) units, the unit widths of a
sequence, and the residual blocks and activations the units pass through between two unit-bearing layers
(:mod:`algnet.architectures.junctions` finds the junctions, :mod:`algnet.architectures.product_junction` the
junction of a Product), and the roots of unity a unit carries through Residual blocks (:class:`StreamRoots`).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.architectures.junction_parts import (ProductActivation, affine_unit, as_activation, bearing, biased_out,
                                                 block_ends, branch_end, chain_degree, exact_number, merge_parts,
                                                 root_of_unity, swap_units)
from algnet.architectures.layers.base import unit_slice
from algnet.architectures.layers.combinators import Residual

# the former private names (imported by the other junction modules)
_bearing, _swap_units, _block_ends, _branch_end, _biased_out = bearing, swap_units, block_ends, branch_end, biased_out
_ProductActivation, _chain_degree, _as_activation, _merge = ProductActivation, chain_degree, as_activation, merge_parts
_root, _number, _affine = root_of_unity, exact_number, affine_unit

__all__ = ["out_mix", "in_mix", "unit_widths"]


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


def _passes(lay, units) -> bool:
    """Whether the units pass through the Residual ``lay`` (:func:`_block_ends`)."""
    return _block_ends(lay, units) is not None


def _after(seq, i, A=None):
    """(activations, residual blocks passed through as (block, activations before it), next layer or None) after
    position i; blocks are passed through only by the units of a given layer ``A``."""
    j, acts, through = i + 1, [], []
    while j < len(seq):
        act = _as_activation(seq[j])
        if act is not None:
            acts.append(act)
        elif A is not None and isinstance(seq[j], Residual) and _passes(seq[j], A.units_out):
            through.append((seq[j], len(acts)))
        else:
            break
        j += 1
    return acts, through, (seq[j] if j < len(seq) else None)


def chain_cycle(acts):
    """``(v, m, j, k0)`` of a polynomial chain of activations sigma of degree >= 2 about its center v (write
    sigma(v + s) = k0 + sum_d g_d s^d): sigma(v + zeta s) = zeta^j (sigma(v + s) - k0) + k0 for every m-th root of
    unity zeta, with j the lowest degree d >= 1 and m the gcd of the differences of the degrees (0: one degree, every
    zeta); None when the chain is not a polynomial of degree >= 2.

    Examples
    --------
    >>> from algnet.architectures.layers import Polynomial, Power
    >>> chain_cycle([Polynomial(0, 1, 0, 1)]), chain_cycle([Polynomial(0, 1, 0, 0, 1)])
    ((Fraction(0, 1), 2, 1, Fraction(0, 1)), (Fraction(0, 1), 3, 1, Fraction(0, 1)))
    >>> chain_cycle([Power(3)])                                     # one degree: every zeta
    (Fraction(0, 1), 0, 3, Fraction(0, 1))
    """
    from math import gcd

    from algnet.architectures.activation_symmetry import _centered, chain_polynomial

    c = chain_polynomial(acts)
    if c is None or len(c) < 3:
        return None
    v, g = _centered(c)
    degs = [d for d in range(1, len(g)) if g[d] != 0]
    m = 0
    for d in degs[1:]:
        m = gcd(m, d - degs[0])
    return v, m, degs[0], g[0]


def _biased_linear(lay) -> bool:
    from algnet.architectures.layers.linear import Linear

    return isinstance(lay, Linear) and bool(lay.bias_param)


class StreamRoots:
    """The roots of unity acting on each unit of a layer A whose units pass Residual blocks x + f(x) on their way
    to the layers reading them (``readers``; none at the end of the network), with polynomial chains of activations
    before, between and after the blocks.

    Unit i after A is moved about a center by zeta, a primitive M-th root of unity; the stream then carries
    x_i -> alpha x_i + (1 - alpha) c with alpha a power of zeta (:func:`chain_cycle`: a chain of activations turns
    a move about its center v by alpha into one by alpha^j about k0). A block x + f(x) passes it when f' = alpha f
    (+ a constant folded into c): its first layer F takes the move back (its column divided by alpha, its bias
    corrected: a linear F with a bias when c != 0), its last layer L's unit i is moved by zeta' about the center v'
    of the activations tau after it with tau(v' + zeta' s) = alpha (tau(v' + s) - k0') + k0' (none: L's row times
    alpha). The readers take alpha h + (1 - alpha) c back (a linear reader with a bias when c != 0). Every condition
    is zeta^a = 1 for some a: M is their gcd. Each block also keeps tau under L's unit moved by the roots with
    zeta'^j' = 1 (``kernels``: a group of order gcd(m', j'), j' for a single power), whatever the stream does.

    Examples
    --------
    >>> from algnet import parse_spec        # t + t^3 is odd: the hidden unit's sign passes x + sigma(F x)
    >>> net = parse_spec("layers Linear(2, 1), Polynomial(0, 1, 0, 1), Residual([Linear(1, 1), "
    ...                  "Polynomial(0, 1, 0, 1)]), Linear(1, 2)")
    >>> net.finite_symmetry_order()
    2
    """

    @classmethod
    def make(cls, A, acts, through, readers, units, scale=None, scale_degree: int = 1):
        """The roots, or None when there are none beyond the identity or the stream's moves are not finite (a
        continuous family); ``acts``: the activations after A (identities included, ``through``'s positions).
        ``scale``: instead of readers, a layer whose unit i is multiplied by a ``scale_degree``-th root of 1 / alpha
        at the end (the other branch of a Product whose factor is the stream, that layer followed by homogeneous
        activations of degree ``scale_degree``: it needs the stream's final move to be linear, c = 0); or, with
        ``scale_degree`` a triple (v, m, j) (activations tau with tau(v + zeta s) = zeta^j tau(v + s) for zeta^m = 1,
        m = 0: every zeta), that layer's unit moved about v by a zeta with zeta^j = 1 / alpha."""
        from math import gcd

        bounds = [n for _, n in through] + [len(acts)]
        pieces = [[a for a in acts[lo:hi] if not a.identity] for lo, hi in zip([0] + bounds[:-1], bounds)]
        first = pieces[0]
        if first:
            cyc = chain_cycle(first)
            if cyc is None or (cyc[0] and not _biased_out(A)):
                return None
            v0, G, e, c = cyc
        else:           # A's unit itself: about the next chain's center when A has a bias (else 0)
            nxt = next((chain_cycle(p) for p in pieces[1:] if p), None)
            v0 = nxt[0] if nxt is not None and _biased_out(A) else 0
            G, e, c = 0, 1, v0
        steps = []
        for (R, _), piece in zip(through, pieces[1:]):
            F, L, _, _ = _block_ends(R, units)
            k = next(n for n, it in enumerate(R.block) if it is L)
            tail = [a for a in R.block[k + 1:] if not a.identity]
            if c and not _biased_linear(F):
                G = gcd(G, e)               # F cannot take a shift back: alpha = 1
            cyc = chain_cycle(tail) if tail else None
            if tail and (cyc is None or (cyc[0] and not _biased_out(L))):
                G, cyc = gcd(G, e), None    # tau cannot follow: alpha = 1 (and no kernel)
            if cyc is not None and cyc[1]:
                G = gcd(G, e * (cyc[1] // gcd(cyc[1], cyc[2])))   # alpha among the zeta'^j', zeta'^m' = 1
            steps.append((F, L, cyc, e, c))
            c = c + (cyc[3] if cyc is not None else 0)
            if piece:
                pc = chain_cycle(piece)
                if pc is None:
                    G, e, c = gcd(G, e), e, 0
                    continue
                if c != pc[0]:
                    G = gcd(G, e)           # not a move about its center: alpha = 1
                G = gcd(G, e * pc[1]) if pc[1] else G
                e, c = e * pc[2], pc[3]
        if scale is not None:
            G = gcd(G, e) if c else G       # the other factor takes alpha back, not a shift
            sv, sm, sj = _scale_cycle(scale_degree)
            G = gcd(G, e * (sm // gcd(sm, sj))) if sm else G     # 1 / alpha among the zeta^j, zeta^m = 1
        elif not readers or (c and not (len(readers) == 1 and _biased_linear(readers[0]))):
            G = gcd(G, e)                   # the output keeps alpha = 1, or no reader takes a shift back
        if G == 0:
            return None                     # a continuous family (rescalings), not a finite group
        kernels = [(L, (gcd(cyc[1], cyc[2]) if cyc[1] else cyc[2]), cyc[0])
                   for _, L, cyc, _, _ in steps if cyc is not None]
        kernels = [k for k in kernels if k[1] > 1]
        if G == 1 and not kernels:
            return None
        return cls(A, v0, G, steps, e, c, list(readers), kernels, scale, scale_degree)

    def __init__(self, A, v0, M, steps, e, c, readers, kernels, scale=None, scale_degree: int = 1):
        self.A, self.v0, self.M, self.steps, self.e, self.c = A, v0, M, steps, e, c
        self.readers, self.kernels, self.scale, self.scale_degree = readers, kernels, scale, scale_degree

    def order(self) -> int:
        """The order of the group acting on one unit."""
        out = self.M
        for _, k, _ in self.kernels:
            out *= k
        return out

    def description(self, via: str) -> str:
        u = self.A.unit_name
        parts = []
        if self.M > 1:
            about = f" about {_number(self.v0)}" if self.v0 else ""
            back = (f"{self.scale!r} in the other factor taking it back" if self.scale is not None else
                    "the output keeps it" if not self.readers else
                    "turned into a multiple of itself by the activations and blocks it passes, taken back by the "
                    "layers reading it")
            parts.append(f"each {u} after {self.A!r} moved{about} by a root of unity of order {self.M}{via} ({back})")
        for L, k, v in self.kernels:
            about = f" about {_number(v)}" if v else ""
            parts.append(f"each output of {L!r} moved{about} by a root of unity of order {k} (the activations after "
                         "it keep it)")
        return "; ".join(parts)

    def actions(self, units) -> list:
        """Generators on parameter dicts: per unit, the stream's root (order M) and each block's kernel."""
        gens = []
        for i in range(units):
            if self.M > 1:
                gens.append(lambda prm, i=i: self._stream(prm, i))
            for L, k, v in self.kernels:
                gens.append(lambda prm, i=i, L=L, k=k, v=v: _affine(dict(prm), L, i, _root(1, k), v))
        return gens

    def _stream(self, prm, i):

        M = self.M
        out = _affine(dict(prm), self.A, i, _root(1, M), self.v0)
        for F, L, cyc, e, c in self.steps:
            alpha = _root(e, M)
            _take(out, F, i, alpha, (1 - alpha) * c)
            if cyc is None:
                _affine(out, L, i, alpha, 0)
                continue
            v, m, j, _ = cyc        # zeta' = exp(2 pi i x / N) with zeta'^j = alpha and zeta'^m = 1
            N = M * j * max(m, 1)
            x = next(x for x in range(N) if (Fraction(x * j, N) - Fraction(e, M)).denominator == 1
                     and (Fraction(x * m, N)).denominator == 1)
            _affine(out, L, i, _root(x, N), v)
        alpha = _root(self.e, M)
        if self.scale is not None:      # beta^j = 1 / alpha (and beta^m = 1) about the other factor's center v
            v, m, j = _scale_cycle(self.scale_degree)
            N = M * j * max(m, 1)
            x = next(x for x in range(N) if (Fraction(x * j, N) + Fraction(self.e, M)).denominator == 1
                     and (Fraction(x * m, N)).denominator == 1)
            if x:
                _affine(out, self.scale, i, _root(x, N), v)
        for R in self.readers:
            _take(out, R, i, alpha, (1 - alpha) * self.c)
        return out


def _scale_cycle(scale_degree):
    """(v, m, j) of the activations after the layer taking a Product's factor back: a degree q (homogeneous: (0, 0,
    q)) or the triple itself."""
    return (0, 0, scale_degree) if isinstance(scale_degree, int) else tuple(scale_degree)


#: Largest matrix whose adjugate :func:`_adjugate` computes (its cost grows as n^3 2^n).
_MAX_ADJUGATE = 8


def _adjugate(M, B):
    """``(adj(M), det(M))`` of a square matrix over the backend B without division (each entry a sum over the
    permutations, built row by row over the subsets of columns).

    Examples
    --------
    >>> from algnet.core.backends import Exact
    >>> adj, det = _adjugate(np.array([[1, 2], [3, 4]], dtype=object), Exact())
    >>> adj.tolist(), det
    ([[4, -2], [-3, 1]], -2)
    """
    M = np.asarray(M)
    n = M.shape[0]

    def det(rows, cols):
        f = {0: B.const(1)}
        for i in rows:
            g = {}
            for mask, val in f.items():
                for pos, j in enumerate(cols):
                    if mask >> pos & 1:
                        continue
                    above = bin(mask >> pos).count("1")       # chosen columns after j: inversions
                    term = B.mul(val, M[i, j])
                    term = B.neg(term) if above % 2 else term
                    key = mask | (1 << pos)
                    g[key] = term if key not in g else B.add(g[key], term)
            f = g
        return f[(1 << len(cols)) - 1]

    adj = B.zeros((n, n))
    for i in range(n):
        for j in range(n):
            c = det([r for r in range(n) if r != j], [k for k in range(n) if k != i]) if n > 1 else B.const(1)
            adj[i, j] = B.neg(c) if (i + j) % 2 else c
    return adj, det(list(range(n)), list(range(n)))


def _take(out, lay, i, alpha, beta):
    from algnet.architectures.activation_symmetry import take_back

    if alpha == 1:
        return out
    return take_back(out, lay, i, alpha, beta)
