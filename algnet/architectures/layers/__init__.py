"""The layer language: networks composed of layers.

Every layer type lives in one module of this package (a new type is one new
file: a :class:`~algnet.architectures.layers.base.Layer` subclass), and
:class:`~algnet.architectures.sequential.Sequential` composes them, deriving
the parameters, the forward pass, the symmetries and the degenerations.

Examples
--------
>>> from algnet.architectures.layers import Linear, Power, Residual, Sequential
>>> net = Sequential(Linear(2, 2), Residual([Linear(2, 2), Power(2)]), Linear(2, 1))
>>> net.n_params, net.degree, net.homogeneous
(10, 2, False)
"""

from algnet.architectures.layers.activations import LeakyReLU, Polynomial, Power, ReLU
from algnet.architectures.layers.attention import LightningAttention
from algnet.architectures.layers.base import Layer
from algnet.architectures.layers.combinators import Product, Residual
from algnet.architectures.layers.conv import Conv1d, Conv2d
from algnet.architectures.layers.groupconv import Group, GroupConv, cyclic
from algnet.architectures.layers.linear import Linear
from algnet.architectures.sequential import Sequential  # noqa: E402  (after the layers it composes)

__all__ = ["Layer", "Linear", "Power", "Polynomial", "ReLU", "LeakyReLU", "Conv1d", "Conv2d", "Group", "GroupConv",
           "cyclic", "LightningAttention", "Residual", "Product", "Sequential"]
