"""One-dimensional polynomial convolutional networks (single channel, no bias).

Layer l applies the valid convolution (C_w x)_i = sum_j w_j x_(s i + j)
with filter w_l of size k_l and stride s_l, then t -> t^r (all layers but
the last). A single output forces the input length
d_0 = s_1 (d_1 - 1) + k_1, ..., d_L = 1.

Known symmetries: rescaling consecutive filters, w_l -> t w_l,
w_(l+1) -> t^-r w_(l+1) (L - 1 dimensions).

Source: Shahverdi–Marchetti–Kohn, arXiv:2410.00722.

Examples
--------
>>> from algnet import parse_spec
>>> net = parse_spec("conv k=2,3 s=1,1 r=2")
>>> net.input_shape, net.n_params, net.degree
((4,), 5, 2)
>>> net.expected_dimension()[0]
4
"""

from __future__ import annotations

import numpy as np

from algnet.architectures.base import Network, Subnetwork, as_backend
from algnet.architectures.spec import parse_int, parse_int_list, register_family, require, split_options
from algnet.errors import SpecError
from algnet.theorems.formulas import conv_input_length

__all__ = ["ConvNetwork"]

_SRC = "Shahverdi-Marchetti-Kohn 2025 (arXiv:2410.00722), Thm. 2.4"


class ConvNetwork(Network):
    """Polynomial convolutional network.

    Parameters
    ----------
    kernel_sizes : sequence of int
        k_1, ..., k_L from the input side.
    strides : sequence of int, optional
        s_1, ..., s_L (default all 1).
    r : int
        Activation exponent (r = 1: linear convolutional network).

    Examples
    --------
    >>> ConvNetwork([2, 2], r=2).spec
    'conv k=2,2 s=1,1 r=2'
    """

    family = "conv"

    def __init__(self, kernel_sizes, strides=None, r: int = 2):
        ks = tuple(int(k) for k in kernel_sizes)
        ss = tuple(int(s) for s in strides) if strides is not None else (1,) * len(ks)
        if not ks or any(k < 1 for k in ks):
            raise SpecError(f"filter sizes {ks} must be positive", token=str(ks), hint="e.g. ConvNetwork([2, 3], r=2)")
        if len(ss) != len(ks) or any(s < 1 for s in ss):
            raise SpecError(f"strides {ss} must be positive, one per layer ({len(ks)})", token=str(ss),
                            hint="give s=S1,...,SL with as many entries as k=")
        if not isinstance(r, int) or r < 1:
            raise SpecError(f"activation exponent r={r} must be a positive integer", token=f"r={r}", hint="r >= 1")
        self.kernel_sizes, self.strides, self.r = ks, ss, r
        self.L = len(ks)
        self.param_shapes = tuple((f"w{l + 1}", (k,)) for l, k in enumerate(ks))
        self.input_shape = (conv_input_length(ks, ss),)
        self.output_shape = (1,)
        self.degree = r ** (self.L - 1)
        self.homogeneous = True
        self.spec = f"conv k={','.join(map(str, ks))} s={','.join(map(str, ss))} r={r}"
        self.symmetry_description = "rescaling of consecutive filters (t, t^-r)"

    def forward(self, P, x):
        h = x
        for l in range(self.L):
            h = P.conv(P.param(f"w{l + 1}"), h, self.strides[l])
            if l < self.L - 1 and self.r != 1:
                h = P.act(h, tuple([0] * self.r + [1]))
        return h  # shape (batch, 1): a single output

    def symmetry_tangents(self, theta, backend=None, p=None):
        B = as_backend(backend, p)
        prm = self.unflatten(theta)
        offsets = np.cumsum([0] + list(self.kernel_sizes))
        rows = []
        if self.r == 1:
            # linear convolutions: the scalings of the L filters with product 1
            for l in range(self.L - 1):
                row = B.zeros(self.n_params)
                row[offsets[l]:offsets[l + 1]] = B.asarray(prm[f"w{l + 1}"])
                row[offsets[l + 1]:offsets[l + 2]] = B.neg(B.asarray(prm[f"w{l + 2}"]))
                rows.append(row)
        else:
            for l in range(self.L - 1):
                row = B.zeros(self.n_params)
                row[offsets[l]:offsets[l + 1]] = B.asarray(prm[f"w{l + 1}"])
                nxt = B.asarray(prm[f"w{l + 2}"])
                scale = B.zeros(nxt.shape)
                scale[...] = B.const(self.r)
                row[offsets[l + 1]:offsets[l + 2]] = B.neg(B.mul(nxt, scale))
                rows.append(row)
        if not rows:
            return B.zeros((0, self.n_params))
        return np.stack(rows)

    def expected_dimension(self):
        if self.r < 2:
            return None
        return sum(self.kernel_sizes) - self.L + 1, _SRC

    def subnetworks(self):
        """A filter's first or last tap set to zero (the filter shortened), per layer."""
        out = []
        offsets = np.cumsum([0] + list(self.kernel_sizes))
        for l, k in enumerate(self.kernel_sizes):
            if k < 2:
                continue
            for which, idx in (("first", offsets[l]), ("last", offsets[l] + k - 1)):
                label = f"filter {l + 1}: {which} tap zero"
                out.append(Subnetwork(label, "filter tap zero", self.restrict([int(idx)], label)))
        return out


@register_family("conv")
def _parse_conv(tokens, spec):
    pos, opts, flags = split_options(tokens, spec, {"k", "s", "r"}, set())
    require(not pos, spec, " ".join(pos), "conv takes only k=, s=, r= options")
    require("k" in opts, spec, "(missing k=)", "conv needs k=K1,K2,... (filter sizes from the input side)")
    ks = parse_int_list(opts["k"], "k", spec)
    ss = parse_int_list(opts["s"], "s", spec) if "s" in opts else None
    if ss is not None:
        require(len(ss) == len(ks), spec, f"s={opts['s']}", f"give one stride per filter ({len(ks)})")
    require("r" in opts, spec, "(missing r=)", "conv needs r=R (activation exponent)")
    return ConvNetwork(ks, ss, parse_int(opts["r"], "r", spec))
