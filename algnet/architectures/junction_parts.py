"""Small helpers shared by the junction modules (:mod:`algnet.architectures.junction_maps`,
:mod:`algnet.architectures.product_branch_roots`): which layers bear units, the coordinatewise activations a unit
passes through (an activation, or a Product of two chains of them), the ends of a Residual block or a Product branch,
and the maps a symmetry applies to one unit's parameters (a swap of two units, an affine change of one unit)."""

from __future__ import annotations

import numpy as np

from algnet.architectures.layers.base import unit_slice
from algnet.architectures.layers.combinators import Product

__all__ = ["affine_unit", "as_activation", "bearing", "biased_out", "block_ends", "branch_end", "chain_degree",
           "exact_number", "merge_parts", "root_of_unity", "swap_units", "unit_swaps", "ProductActivation"]


def bearing(lay) -> bool:
    """Whether ``lay`` bears units (it has output units and parameters).

    Examples
    --------
    >>> from algnet.architectures.layers import Linear, Power
    >>> bearing(Linear(2, 3)), bearing(Power(2))
    (True, False)
    """
    return lay.out_params is not None and bool(lay.param_shapes())


def swap_units(out, lay, params, i) -> None:
    """Swap units ``i`` and ``i + 1`` of ``lay`` in the parameter arrays ``out`` (by global name), along the
    ``(local name, axis)`` pairs ``params`` (in place).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.architectures.layers import Linear
    >>> lay = Linear(1, 2)
    >>> lay._names = {"W": "W"}
    >>> out = {"W": np.array([[1], [2]])}
    >>> swap_units(out, lay, [("W", 0)], 0)
    >>> out["W"].ravel().tolist()
    [2, 1]
    """
    for local, axis in params:
        g = lay._names[local]
        v = np.array(out[g], copy=True)
        src = np.array(out[g], copy=True)
        v[unit_slice(v, axis, i)] = src[unit_slice(src, axis, i + 1)]
        v[unit_slice(v, axis, i + 1)] = src[unit_slice(src, axis, i)]
        out[g] = v


def unit_swaps(units: int, outs, blocks, C) -> list:
    """The exchanges of units ``i`` and ``i + 1`` (``i < units - 1``) as actions on a parameter dict (by global
    name, a new dict each): the output units of each layer of ``outs``, the units passing each Residual block of
    ``blocks`` (``(first layer, last layer)`` pairs: the first one's inputs, the last one's outputs) and the input
    units of ``C``, the layer reading them all.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.architectures.layers import Linear
    >>> L, C = Linear(1, 2, bias=True), Linear(2, 1)
    >>> L._names, C._names = {"W": "W1", "b": "b1"}, {"W": "W2"}
    >>> (swap,) = unit_swaps(2, [L], [], C)
    >>> prm = {"W1": np.array([[1], [2]]), "b1": np.array([3, 4]), "W2": np.array([[5, 6]])}
    >>> [v.ravel().tolist() for v in swap(prm).values()]          # unit 0 and unit 1 trade places
    [[2, 1], [4, 3], [6, 5]]
    """
    def swap(prm, i):
        out = dict(prm)
        for lay in outs:
            swap_units(out, lay, lay.out_params, i)
        for first, last in blocks:
            swap_units(out, last, last.out_params, i)
            swap_units(out, first, first.in_params, i)
        swap_units(out, C, C.in_params, i)
        return out
    return [lambda prm, i=i: swap(prm, i) for i in range(units - 1)]


def block_ends(lay, units):
    """(first layer, last unit-bearing layer, q, ends in an activation) of a Residual ``lay`` (x + f(x)) the units
    (``units`` of them) pass through, else None. Its block starts with a layer reading the units and ends with a layer
    L making them, possibly followed by coordinatewise activations, homogeneous of total degree q (None: not
    homogeneous): f(M x) = M f(x) for every M once the first layer absorbs M^-1 and L the M; after activations of
    degree q only for M = diag(s^q) (L takes diag(s)) and the permutations, since (N g)^q = M g^q for all g needs N
    monomial; after other activations for the permutations only (sigma(P g) = P sigma(g) coordinatewise).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("layers Linear(2, 2), Residual([Linear(2, 2), Power(3)]), Linear(2, 1)")
    >>> block_ends(net.sequence[1], 2)[2:]
    (3, True)
    """
    first = lay.block[0]
    if not (first.in_params is not None and bearing(first) and first.units_in == units):
        return None
    last, q = branch_end(lay.block)
    if last is None or last.units_out != units:
        return None
    k = next(n for n, it in enumerate(lay.block) if it is last)
    return first, last, q, any(not a.identity for a in lay.block[k + 1:])


class ProductActivation:
    """A :class:`~algnet.architectures.layers.Product` of two branches of coordinatewise activations (e.g.
    ``Product(Power(1), Power(1))``, the map t -> t^2) seen as the coordinatewise activation it is: homogeneous of
    degree dL + dR when both branches are (degrees dL, dR), else not homogeneous.

    Examples
    --------
    >>> from algnet.architectures.layers import Power, Product
    >>> ProductActivation(Product(Power(1), Power(1))).scale_degree
    2
    """

    elementwise = True
    identity = False

    def __init__(self, P):
        self.P = P
        degs = [chain_degree(items) for items in (P.left, P.right)]
        self.scale_degree = None if None in degs else sum(degs)

    def __repr__(self):
        return repr(self.P)


def chain_degree(items):
    """The degree of a chain of coordinatewise activations (1 when empty or all identities; None: one is not
    homogeneous).

    Examples
    --------
    >>> from algnet.architectures.layers import Power
    >>> chain_degree([Power(2), Power(3)]), chain_degree([])
    (6, 1)
    """
    d = 1
    for lay in items:
        if not lay.identity:
            d = None if d is None or lay.scale_degree is None else d * lay.scale_degree
    return d


def as_activation(lay):
    """``lay`` when it acts coordinatewise: an activation, or a Product of two chains of activations (as
    :class:`ProductActivation`); else None.

    Examples
    --------
    >>> from algnet.architectures.layers import Linear, Power, Product
    >>> as_activation(Product(Power(1), Power(2))).scale_degree, as_activation(Product(Linear(1, 1), Power(1)))
    (3, None)
    """
    if lay.elementwise:
        return lay
    if isinstance(lay, Product) and all(it.elementwise for it in lay.left + lay.right):
        return ProductActivation(lay)
    return None


def merge_parts(a: dict, b: dict, B) -> dict:
    """The tangent parts ``a`` and ``b`` (parameter name -> entry) added, in the arithmetic ``B``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> merge_parts({"W": 1}, {"W": 2, "b": 5}, SimpleNamespace(add=lambda x, y: x + y))
    {'W': 3, 'b': 5}
    """
    out = dict(a)
    for k, v in b.items():
        out[k] = B.add(out[k], v) if k in out else v
    return out


def branch_end(items):
    """The last unit-bearing layer of a Product branch and the degree of the coordinatewise activations after it
    (None: one is not homogeneous); (None, None) when a layer other than an activation follows it.

    Examples
    --------
    >>> from algnet.architectures.layers import Linear, Power
    >>> lay, q = branch_end([Linear(1, 2), Power(2), Power(3)])
    >>> q
    6
    """
    d = 1
    for lay in reversed(items):
        if bearing(lay):
            return lay, d
        act = as_activation(lay)
        if act is None:
            return None, None
        if not act.identity:
            d = None if d is None or act.scale_degree is None else d * act.scale_degree
    return None, None


def biased_out(lay) -> bool:
    """Whether ``lay`` has a bias along its output units (a unit's input can then be moved about a point).

    Examples
    --------
    >>> from algnet.architectures.layers import Linear
    >>> biased_out(Linear(1, 2, bias=True)), biased_out(Linear(1, 2))
    (True, False)
    """
    return lay.bias_param is not None and lay.bias_param in [name for name, _ in lay.out_params]


def root_of_unity(k, m):
    """The k-th power of a primitive m-th root of unity
    (:func:`~algnet.architectures.product_junction._root_of_unity`).

    Examples
    --------
    >>> root_of_unity(0, 3) == 1
    True
    """
    from algnet.architectures.product_junction import _root_of_unity

    return _root_of_unity(k, m)


def exact_number(q):
    """``q`` as the exact number the symmetry maps use (:func:`~algnet.architectures.activation_symmetry.number`).

    Examples
    --------
    >>> from fractions import Fraction
    >>> exact_number(Fraction(1, 2)) == Fraction(1, 2)
    True
    """
    from algnet.architectures.activation_symmetry import number

    return number(q)


def affine_unit(out, lay, i, zeta, v):
    """Unit ``i`` of ``lay`` changed by t -> zeta t + v in the parameters ``out``
    (:func:`~algnet.architectures.activation_symmetry.affine_unit`).

    Examples
    --------
    >>> callable(affine_unit)
    True
    """
    from algnet.architectures.activation_symmetry import affine_unit as change

    return change(out, lay, i, zeta, v)
