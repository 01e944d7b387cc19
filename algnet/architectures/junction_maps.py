"""The maps of a junction's symmetries on the parameters of its layers: which layers bear units, the tangent
parts that mix a layer's output (:func:`out_mix`) or input (:func:`in_mix`) units, the unit widths of a
sequence, and the residual blocks and activations the units pass through between two unit-bearing layers
(:mod:`algnet.architectures.junctions` finds the junctions, :mod:`algnet.architectures.product_junction` the
junction of a Product).
"""

from __future__ import annotations

import numpy as np

from algnet.architectures.layers.base import unit_slice
from algnet.architectures.layers.combinators import Product, Residual

__all__ = ["out_mix", "in_mix", "unit_widths"]


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
    L making them, possibly followed by coordinatewise activations, homogeneous of total degree q (None: not
    homogeneous): f(M x) = M f(x) for every M once the first layer absorbs M^-1 and L the M; after activations of
    degree q only for M = diag(s^q) (L takes diag(s)) and the permutations, since (N g)^q = M g^q for all g needs N
    monomial; after other activations for the permutations only (sigma(P g) = P sigma(g) coordinatewise)."""
    first = lay.block[0]
    if not (first.in_params is not None and _bearing(first) and first.units_in == units):
        return None
    last, q = _branch_end(lay.block)
    if last is None or last.units_out != units:
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
        act = _as_activation(seq[j])
        if act is not None:
            acts.append(act)
        elif A is not None and isinstance(seq[j], Residual) and _passes(seq[j], A.units_out):
            through.append((seq[j], len(acts)))
        else:
            break
        j += 1
    return acts, through, (seq[j] if j < len(seq) else None)


class _ProductActivation:
    """A :class:`~algnet.architectures.layers.Product` of two branches of coordinatewise activations (e.g.
    ``Product(Power(1), Power(1))``, the map t -> t^2) seen as the coordinatewise activation it is: homogeneous of
    degree dL + dR when both branches are (degrees dL, dR), else not homogeneous."""

    elementwise = True
    identity = False

    def __init__(self, P):
        self.P = P
        degs = [_chain_degree(items) for items in (P.left, P.right)]
        self.scale_degree = None if None in degs else sum(degs)

    def __repr__(self):
        return repr(self.P)


def _chain_degree(items):
    """The degree of a chain of coordinatewise activations (1 when empty or all identities; None: one is not
    homogeneous)."""
    d = 1
    for lay in items:
        if not lay.identity:
            d = None if d is None or lay.scale_degree is None else d * lay.scale_degree
    return d


def _as_activation(lay):
    """``lay`` when it acts coordinatewise: an activation, or a Product of two chains of activations (as
    :class:`_ProductActivation`); else None.

    Examples
    --------
    >>> from algnet.architectures.layers import Linear, Power, Product
    >>> _as_activation(Product(Power(1), Power(2))).scale_degree, _as_activation(Product(Linear(1, 1), Power(1)))
    (3, None)
    """
    if lay.elementwise:
        return lay
    if isinstance(lay, Product) and all(it.elementwise for it in lay.left + lay.right):
        return _ProductActivation(lay)
    return None


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
        act = _as_activation(lay)
        if act is None:
            return None, None
        if not act.identity:
            d = None if d is None or act.scale_degree is None else d * act.scale_degree
    return None, None
