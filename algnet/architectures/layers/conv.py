"""Convolutions: ``Conv1d`` and ``Conv2d`` (channels, filter sizes, strides,
padding ``valid`` or ``circular``).

Data layout: a single-channel signal has no channel axis ((n,) or (h, w));
with several channels the channel axis comes first ((c, n) or (c, h, w)).
A filter with one input and one output channel has the kernel's shape
(``(k,)`` or ``(kh, kw)``); otherwise (c_out, c_in, *kernel). The units of a
convolution are its channels (one unit: the whole signal when single-channel).

Examples
--------
>>> from algnet.architectures.layers import Conv1d, Power, Sequential
>>> net = Sequential(Conv1d(1, 1, 2), Power(2), Conv1d(1, 1, 3), input_shape=(4,))
>>> net.param_shapes, net.output_shape
((('w1', (2,)), ('w2', (3,))), (1,))
>>> net2 = Sequential(Conv1d(1, 2, 3, padding="circular"), input_shape=(5,))
>>> net2.output_shape
(2, 5)
"""

from __future__ import annotations

import numpy as np

from algnet.architectures.layers.base import Layer, as_int, layer_error
from algnet.errors import SpecError

__all__ = ["Conv1d", "Conv2d", "conv_index"]


def conv_index(n: tuple, k: tuple, s: tuple, circular: bool) -> tuple[np.ndarray, tuple]:
    """(index (K, M) into the flattened input, output spatial shape) of a convolution.

    Examples
    --------
    >>> idx, m = conv_index((4,), (2,), (1,), False)
    >>> idx.tolist(), m
    ([[0, 1, 2], [1, 2, 3]], (3,))
    """
    import math

    from algnet.guards import check_resources, format_bytes

    if circular:
        m = tuple(-(-ni // si) for ni, si in zip(n, s))
    else:
        m = tuple((ni - ki) // si + 1 for ni, ki, si in zip(n, k, s))
    if any(x < 1 for x in m):
        return np.zeros((math.prod(k), 0), dtype=np.int64), m      # the caller says why (filter too long)
    taps, windows = math.prod(k), math.prod(m)
    # the table and its temporaries (one position array per axis): refused before numpy is asked for them
    need = 8 * taps * windows * (2 * len(k) + 1)
    if need >= 2**26:               # 64 MiB: below, no reading of /proc/meminfo per layer
        check_resources(f"a convolution with filter {k} over an input of shape {n}: its {taps} x {windows} index "
                        f"table ({format_bytes(need)})", memory=need, forceable=False,
                        hint="a shorter filter or input, or a larger stride")
    K = np.indices(k).reshape(len(k), -1)            # filter taps, in np.ndindex order (row-major)
    M = np.indices(m).reshape(len(m), -1)            # output windows
    pos = np.asarray(s, dtype=np.int64).reshape(-1, 1, 1) * M[:, None, :] + K[:, :, None]
    if circular:
        pos %= np.asarray(n, dtype=np.int64).reshape(-1, 1, 1)
    idx = np.ravel_multi_index(tuple(pos), n).astype(np.int64)
    return idx, m


class _Conv(Layer):
    dims = 1
    unit_name = "channel"
    absorbs_scale = True

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding="valid"):
        name = type(self).__name__
        self.c_in = as_int(in_channels, "in_channels", name)
        self.c_out = as_int(out_channels, "out_channels", name)
        self.kernel = self._tuple(kernel_size, "kernel_size")
        self.stride = self._tuple(stride, "stride")
        if padding not in ("valid", "circular"):
            raise SpecError(f"{name}: padding={padding!r} must be 'valid' or 'circular'", token=str(padding),
                            hint="padding='valid' (no padding) or 'circular' (wrap around)")
        self.padding = padding
        single = self.c_in == 1 and self.c_out == 1
        self.out_params = [("w", None if single else 0)]
        self.in_params = [("w", None if single else 1)]

    def _tuple(self, v, what):
        name = type(self).__name__
        vs = tuple(v) if isinstance(v, (tuple, list)) else (v,) * self.dims
        if len(vs) != self.dims:
            raise SpecError(f"{name}: {what}={v} needs {self.dims} entries", token=str(v), hint=f"e.g. {what}=2")
        return tuple(as_int(x, what, name) for x in vs)

    def __repr__(self):
        k = self.kernel[0] if self.dims == 1 else self.kernel
        s = self.stride[0] if self.dims == 1 else self.stride
        out = f"{type(self).__name__}({self.c_in}, {self.c_out}, {k}"
        if any(x != 1 for x in self.stride):
            out += f", stride={s}"
        if self.padding != "valid":
            out += f", padding={self.padding!r}"
        return out + ")"

    @property
    def units_in(self) -> int:
        return self.c_in

    @property
    def units_out(self) -> int:
        return self.c_out

    @property
    def single(self) -> bool:
        return self.c_in == 1 and self.c_out == 1

    def bind(self, in_shape):
        if in_shape is None:
            raise layer_error(self, "cannot tell the length of its input", "give the network input_shape=")
        in_shape = tuple(in_shape)
        if len(in_shape) == self.dims and self.c_in == 1:
            spatial, chan_axis = in_shape, False
        elif len(in_shape) == self.dims + 1 and in_shape[0] == self.c_in:
            spatial, chan_axis = in_shape[1:], True
        else:
            raise layer_error(self, f"expects {self.c_in} channel(s) of {self.dims}-d signals, gets shape {in_shape}")
        idx, m = conv_index(spatial, self.kernel, self.stride, self.padding == "circular")
        if any(x < 1 for x in m) or any(k > n for k, n in zip(self.kernel, spatial)) and self.padding == "valid":
            raise layer_error(self, f"its filter {self.kernel} is longer than its input {spatial}",
                              "make the input longer or the filter shorter")
        self._index, self._m = idx, m
        self.in_shape = in_shape
        self._layout = chan_axis
        self.out_shape = m if (self.c_out == 1 and not chan_axis) else (self.c_out,) + m
        if self.c_out == 1 and chan_axis and self.c_in == 1:
            self.out_shape = (1,) + m
        return self.out_shape

    def is_scalar(self):
        """A single channel, a filter of size one and as many outputs as inputs: y = w x."""
        return (self.single and all(k == 1 for k in self.kernel)
                and tuple(self.in_shape or ()) == tuple(self.out_shape or (None,)))

    def param_shapes(self):
        return [("w", self.kernel if self.single else (self.c_out, self.c_in) + self.kernel)]

    def work_entries(self):
        """The output and the input's windows (c_in x taps x windows), with their gradient in the reverse pass."""
        taps, windows = self._index.shape
        return super().work_entries() + 2 * self.c_in * taps * windows

    def forward(self, P, h, names):
        w = P.param(names["w"])
        if self.dims == 1 and self.single and not self._layout and self.padding == "valid":
            return P.conv(w, h, self.stride[0])  # the fast single-channel path
        return P.gather_conv(w, h, self._index, self.c_in, self.c_out, self.out_shape)

    def degeneration_factors(self, net, last):
        if self.dims != 1:
            return super().degeneration_factors(net, last)
        from algnet.architectures.strata import taps_factor

        return [taps_factor(net, self)]

    def degenerations(self):
        """Leading / trailing filter taps set to zero (the filter shortened), per axis."""
        out = []
        shape = self.param_shapes()[0][1]
        for ax in range(self.dims):
            k = self.kernel[ax]
            if k < 2:
                continue
            for which, pos in (("first", 0), ("last", k - 1)):
                taps = [int(np.ravel_multi_index(i, shape)) for i in np.ndindex(*shape)
                        if i[len(shape) - self.dims + ax] == pos]
                axis = "" if self.dims == 1 else f" (axis {ax})"
                out.append((f"{which} tap zero{axis}", "filter tap zero", [("w", t) for t in taps]))
        return out


class Conv1d(_Conv):
    """1-D convolution ``Conv1d(in_channels, out_channels, kernel_size, stride=1, padding='valid')``:
    y[o, i] = sum_(c, j) w[o, c, j] x[c, s i + j] (indices mod n when circular).

    Examples
    --------
    >>> from algnet.architectures.layers import Sequential
    >>> net = Sequential(Conv1d(1, 1, 2), input_shape=(1, 3))
    >>> net.evaluate([1, 2], [[[1, 10, 100]]]).tolist()             # (1 + 2 * 10, 10 + 2 * 100)
    [[21, 210]]
    """

    dims = 1


class Conv2d(_Conv):
    """2-D convolution ``Conv2d(in_channels, out_channels, (kh, kw), stride=(sh, sw), padding='valid')``.

    Examples
    --------
    >>> from algnet.architectures.layers import Sequential
    >>> net = Sequential(Conv2d(1, 1, (2, 2)), input_shape=(1, 2, 3))
    >>> net.evaluate([1, 2, 3, 4], [[[[1, 10, 100], [1000, 10000, 100000]]]]).tolist()
    [[43021, 430210]]
    """

    dims = 2
