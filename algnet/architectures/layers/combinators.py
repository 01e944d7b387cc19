"""Composite layers: ``Residual(block)`` (x + block(x)) and ``Product(left, right)``
(the elementwise product left(x) * right(x) of two branches).

A block or branch is a layer or a list of layers. Their parameters are
numbered with the rest of the network (depth first); the symmetries and
degenerations of each branch are derived inside the branch.

Examples
--------
>>> from algnet.architectures.layers import Linear, Power, Product, Residual, Sequential
>>> net = Sequential(Residual([Linear(2, 2), Power(2)]))
>>> net.evaluate([1, 0, 0, 1], [[2, 3]]).tolist()        # x + x^2
[[6, 12]]
>>> Sequential(Product(Linear(2, 1), Linear(2, 1))).degree
2
"""

from __future__ import annotations

from algnet.architectures.layers.base import Layer, layer_error
from algnet.errors import SpecError

__all__ = ["Residual", "Product"]


def _as_list(block, owner) -> list:
    items = list(block) if isinstance(block, (list, tuple)) else [block]
    if not items:
        raise SpecError(f"{owner}: empty block", token=owner, hint="give a layer or a list of layers")
    for it in items:
        if not isinstance(it, Layer):
            raise SpecError(f"{owner}: {it!r} is not a layer", token=repr(it),
                            hint="blocks are layers such as Linear(2, 2) or lists of layers")
    return items


def _bind_list(items, shape):
    for lay in items:
        shape = lay.bind(shape)
    return shape


def _degree_list(items, degree, hom):
    for lay in items:
        degree, hom = lay.degree_map(degree, hom)
    return degree, hom


def _forward_list(items, P, h):
    for lay in items:
        h = lay.forward(P, h, lay._names)
    return h


def _repr_block(items):
    return repr(items[0]) if len(items) == 1 else "[" + ", ".join(map(repr, items)) + "]"


class Residual(Layer):
    """x -> x + block(x) (the block must keep the shape).

    Examples
    --------
    >>> from algnet.architectures.layers import Linear, Sequential
    >>> Sequential(Residual([Linear(1, 1)])).evaluate([2], [[3]]).tolist()          # 3 + 2 * 3
    [[9]]
    """

    def __init__(self, block):
        self.block = _as_list(block, "Residual")
        self.polynomial = all(l.polynomial for l in self.block)

    def __repr__(self):
        return f"Residual({_repr_block(self.block)})"

    def children(self):
        return [self.block]

    def natural_input_shape(self):
        return self.block[0].natural_input_shape()

    def bind(self, in_shape):
        if in_shape is None:
            in_shape = self.natural_input_shape()
        if in_shape is None:
            raise layer_error(self, "cannot tell its input shape", "give the network input_shape=")
        out = _bind_list(self.block, tuple(in_shape))
        if tuple(out) != tuple(in_shape):
            raise layer_error(self, f"its block maps shape {tuple(in_shape)} to {tuple(out)}; x + block(x) needs "
                              "the same shape", "make the block's last width equal to its input width")
        self.in_shape = self.out_shape = tuple(in_shape)
        return self.out_shape

    def degree_map(self, degree, hom):
        d, h = _degree_list(self.block, degree, hom)
        return max(d, degree), hom and h and d == degree

    def forward(self, P, h, names):
        return P.add(h, _forward_list(self.block, P, h))


class Product(Layer):
    """x -> left(x) * right(x) coordinatewise (both branches must give the same shape).

    Examples
    --------
    >>> from algnet.architectures.layers import Linear, Sequential
    >>> Sequential(Product(Linear(1, 1), Linear(1, 1))).evaluate([2, 5], [[3]]).tolist()   # (2 * 3)(5 * 3)
    [[90]]
    """

    def __init__(self, left, right):
        self.left = _as_list(left, "Product")
        self.right = _as_list(right, "Product")
        self.polynomial = all(l.polynomial for l in self.left + self.right)

    def __repr__(self):
        return f"Product({_repr_block(self.left)}, {_repr_block(self.right)})"

    def children(self):
        return [self.left, self.right]

    def bind(self, in_shape):
        if in_shape is None:
            first = self.left[0].natural_input_shape() or self.right[0].natural_input_shape()
            if first is None:
                raise layer_error(self, "cannot tell its input shape", "give the network input_shape=")
            in_shape = first
        a = _bind_list(self.left, tuple(in_shape))
        b = _bind_list(self.right, tuple(in_shape))
        if tuple(a) != tuple(b):
            raise layer_error(self, f"its branches give shapes {tuple(a)} and {tuple(b)}; the product needs equal "
                              "shapes", "make both branches end with the same width")
        self.in_shape, self.out_shape = tuple(in_shape), tuple(a)
        return self.out_shape

    def natural_input_shape(self):
        return self.left[0].natural_input_shape() or self.right[0].natural_input_shape()

    def degree_map(self, degree, hom):
        d1, h1 = _degree_list(self.left, degree, hom)
        d2, h2 = _degree_list(self.right, degree, hom)
        return d1 + d2, h1 and h2

    def forward(self, P, h, names):
        return P.mul(_forward_list(self.left, P, h), _forward_list(self.right, P, h))

    def degeneration_factors(self, net, last: bool) -> list:
        """The layer's own zero patterns, and its units removed (:func:`~algnet.architectures.strata.product_factors`)
        where that is exact."""
        from algnet.architectures.strata import product_factors

        facs = super().degeneration_factors(net, last)
        for j in net._junctions:
            if getattr(j, "P", None) is self:
                facs += product_factors(net, j)
        return facs
