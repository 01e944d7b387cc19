"""``Linear(d_in, d_out, bias=False)``: h -> W h (+ b).

Output units are the rows of W (and the entries of b), input units its
columns; on data with more axes (channels x positions, tokens) W acts on the
first axis.

Examples
--------
>>> from algnet.architectures.layers import Linear, Sequential
>>> net = Sequential(Linear(2, 3, bias=True))
>>> net.param_shapes
(('W1', (3, 2)), ('b1', (3,)))
>>> net.evaluate([1, 0, 0, 1, 1, 1, 5, 6, 7], [[1, 2]]).tolist()
[[6, 8, 10]]
"""

from __future__ import annotations

from algnet.architectures.layers.base import Layer, as_bool, as_int, layer_error

__all__ = ["Linear"]


class Linear(Layer):
    """Fully connected layer W (d_out x d_in), optionally with a bias b.

    Examples
    --------
    >>> Linear(3, 2, bias=True)
    Linear(3, 2, bias=True)
    """

    unit_name = "neuron"
    in_params = [("W", 1)]
    affine_in = True
    facts_from_arguments = True
    absorbs_scale = True

    def __init__(self, d_in: int, d_out: int, bias: bool = False):
        self.d_in = as_int(d_in, "d_in", "Linear")
        self.d_out = as_int(d_out, "d_out", "Linear")
        self.bias = as_bool(bias, "bias", "Linear")
        self.out_params = [("W", 0)] + ([("b", 0)] if self.bias else [])
        self.bias_param = "b" if self.bias else None

    def __repr__(self):
        return f"Linear({self.d_in}, {self.d_out}" + (", bias=True)" if self.bias else ")")

    # the layer's facts from its arguments (also read from a PlannedLayer, before any layer is made)
    @staticmethod
    def facts_from(in_shape, d_in, d_out, bias=False):
        shapes = [("W", (d_out, d_in)), ("b", (d_out,))] if bias else [("W", (d_out, d_in))]
        return (d_out,) + tuple(in_shape[1:]), shapes, 1, not bias, d_in == 1 and d_out == 1 and not bias

    @staticmethod
    def input_shape_from(d_in, d_out, bias=False):
        return (d_in,)

    def _facts(self):
        return self.facts_from(self.in_shape or (self.d_in,), self.d_in, self.d_out, self.bias)

    def is_scalar(self):
        return self._facts()[4]

    def natural_input_shape(self):
        return self.input_shape_from(self.d_in, self.d_out, self.bias)

    def bind(self, in_shape):
        if in_shape is None:
            in_shape = self.natural_input_shape()
        if not in_shape or in_shape[0] != self.d_in:
            raise layer_error(self, f"expects inputs of width {self.d_in}, gets shape {tuple(in_shape)}")
        self.in_shape = tuple(in_shape)
        self.out_shape = self._facts()[0]
        return self.out_shape

    def param_shapes(self):
        return self._facts()[1]

    def degree_map(self, degree, homogeneous):
        facts = self._facts()
        return degree * facts[2], homogeneous and facts[3]

    def forward(self, P, h, names):
        h = P.lin(P.param(names["W"]), h)
        if self.bias:
            h = P.bias(h, P.param(names["b"]))
        return h

    def degenerations(self):
        return []
