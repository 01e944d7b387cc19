"""More functions and methods of a traced forward pass, each exact: sums, means, maxima and minima over any axes
but the batch's (x.sum(1), x.amax((2, 3)), x.max(dim=1).values), a number added to or subtracted from a tensor
(input normalisation in forward: (x - 0.5) / 0.25), broadcasting additions ((C, H, W) + (C, 1, 1)), torch.stack,
flips and rolls, hardsigmoid, and dtype / device casts between float types (the model is exact: a cast changes
only torch's rounding); and the sizes read off shapes (b, c, h, w = x.shape; x.view(x.size(0), x.size(1), -1);
F.interpolate(x, size=skip.shape[2:])).

Examples
--------
>>> _reduced_rows((2, 3), (1,)).tolist()                  # the sum over the last axis of a 2 x 3 tensor
[[0, 1, 2], [3, 4, 5]]
"""

from __future__ import annotations

import operator
from fractions import Fraction

import numpy as np

from algnet.errors import NotApplicableError
from algnet.relu.model import Combine, Gather, MaxPool

__all__: list = []


def _reduced_rows(shape, axes) -> np.ndarray:
    """(outputs, reduced) indices into the flattened tensor of ``shape``: row t lists the coordinates summed (or
    maximised) into output t, the kept axes in order."""
    keep = [a for a in range(len(shape)) if a not in axes]
    idx = np.arange(int(np.prod(shape))).reshape(shape).transpose(keep + list(axes))
    r = int(np.prod([shape[a] for a in axes]))
    return idx.reshape(-1, r)


def _out_shape(shape, axes, keepdim):
    return tuple(1 if a in axes else s for a, s in enumerate(shape) if keepdim or a not in axes)


class _Reductions:
    """Mixed into the torch importer's builder (``add``, ``shape``, ``nodes``, ``arg``, ``env``, and the layer
    methods)."""

    def _axes(self, x, dims, name):
        shp = self.shape(x)
        full = len(shp) + 1
        if dims is None or dims == ():
            dims = (0,)                                  # torch: every axis, the batch's too
        dims = (dims,) if isinstance(dims, int) else tuple(dims)
        ds = sorted({int(d) % full for d in dims})
        if 0 in ds:
            raise NotApplicableError(f"{name}: reducing over the batch dimension mixes the examples",
                                     hint="reduce over dims >= 1", module=name)
        return tuple(d - 1 for d in ds)

    def reduce_sum(self, x, dims, keepdim, name, mean=False):
        """x.sum(dims) / x.mean(dims) over any axes but the batch's: a fixed linear map."""
        shp = self.shape(x)
        axes = self._axes(x, dims, name)
        rows = _reduced_rows(shp, axes)
        w = Fraction(1, rows.shape[1]) if mean else Fraction(1)
        return self.fixed_map(x, rows.tolist(), [[w] * rows.shape[1]] * rows.shape[0], [0] * rows.shape[0],
                              _out_shape(shp, axes, keepdim), name)

    def reduce_max(self, x, dims, keepdim, name, minimum=False):
        """x.amax(dims) / x.amin(dims) / x.max(dim).values: a max-pool over the reduced coordinates (min(x) =
        -max(-x))."""
        shp = self.shape(x)
        axes = self._axes(x, dims, name)
        rows = _reduced_rows(shp, axes)
        out = _out_shape(shp, axes, keepdim)
        if minimum:
            x = self.add(Combine((Fraction(-1),)), [x], shp, f"{name}:neg")
        y = self.add(MaxPool(rows), [x], out, name if not minimum else f"{name}:max")
        return self.add(Combine((Fraction(-1),)), [y], out, name) if minimum else y

    def plus_number(self, x, c, name, negate=False):
        """c + x (c - x when ``negate``): a fixed shift."""
        if negate:
            x = self.add(Combine((Fraction(-1),)), [x], self.shape(x), f"{name}:neg")
        return x if c == 0 else self.shift(x, c, name)

    def broadcast(self, x, shape, name):
        """x repeated along its axes of size 1 to ``shape`` (equal ranks, or x with fewer leading axes): a Gather."""
        shp = self.shape(x)
        idx = np.arange(int(np.prod(shp))).reshape(shp)
        try:
            out = np.broadcast_to(idx, shape)
        except ValueError:
            raise NotApplicableError(f"{name}: shapes {shp} and {tuple(shape)} do not broadcast",
                                     hint="check the model", module=name) from None
        return self.add(Gather(np.ascontiguousarray(out).ravel()), [x], tuple(shape), f"{name}:broadcast")

    def stack(self, xs, dim, name):
        """torch.stack: each tensor unsqueezed at ``dim``, then concatenated."""
        full = len(self.shape(xs[0])) + 2
        d = dim % full
        return self.cat([self.squeeze(x, d, f"{name}:{i}", unsqueeze=True) for i, x in enumerate(xs)], d, name)

    def hardsigmoid(self, x, name):
        """hardsigmoid(x) = clamp(x / 6 + 1/2, 0, 1)."""
        y = self.add(Combine((Fraction(1, 6),)), [x], self.shape(x), f"{name}:scale")
        return self.clamp_range(self.shift(y, Fraction(1, 2), f"{name}:shift"), Fraction(0), Fraction(1), name)

    def _tensor(self, a, kind=int) -> bool:
        """Whether the fx argument ``a`` is a node of the model (not a size, a number or a part; ``kind``: or that
        kind of value)."""
        try:
            return isinstance(self.env.get(a), kind)
        except TypeError:                                  # unhashable (a list of arguments)
            return False

    def value(self, a):
        """The Python value of an fx argument that is a size: numbers from shapes as ints, shapes as tuples (the
        batch's size as the batch marker); other arguments as they are."""
        if isinstance(a, (tuple, list)):
            return type(a)(self.value(v) for v in a)
        try:
            v = self.env.get(a, a)
        except TypeError:
            return a
        if isinstance(v, _Size):
            return v.value
        if isinstance(v, _Dims):
            return tuple(e.value if isinstance(e, _Size) else e for e in v.entries)
        return a if isinstance(v, int) and not isinstance(a, int) else v

    def sizes(self, nd, f, args):
        """Shapes and sizes in forward (x.shape, x.size(d), their items and slices, sums and products of sizes);
        None for anything else."""
        from algnet.relu.torch_ops import _BATCH

        if f is getattr and args[1] == "shape" and self._tensor(args[0]):
            return _Dims((_BATCH,) + tuple(_Size(v) for v in self.shape(self.arg(args[0]))))
        if f is operator.getitem and self._tensor(args[0], _Dims):
            got = self.env[args[0]].entries[args[1]]
            return _Dims(got) if isinstance(got, tuple) else got
        if f in _SIZE_OPS and len(args) == 2 and any(self._tensor(a, _Size) for a in args):
            vals = [self.value(a) for a in args]
            if all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
                return _Size(_SIZE_OPS[f](*vals))
        return None

    def size_method(self, nd):
        """x.size(), x.size(d), x.dim()."""
        from algnet.relu.torch_ops import _BATCH

        x = self.arg(nd.args[0])
        shp = self.shape(x)
        if nd.target == "dim":
            return _Size(len(shp) + 1)
        d = nd.args[1] if len(nd.args) > 1 else nd.kwargs.get("dim")
        if d is None:
            return _Dims((_BATCH,) + tuple(_Size(v) for v in shp))
        d = int(d) % (len(shp) + 1)
        return _BATCH if d == 0 else _Size(shp[d - 1])

    def more_function(self, nd, f, args, kwargs):
        """The functions of the module doc; None when ``f`` is none of them."""
        import torch

        from algnet.relu.torch_ops import _get, _number

        F = torch.nn.functional
        name = nd.name
        got = self.sizes(nd, f, args)
        if got is not None:
            return got
        if f in (operator.add, torch.add, operator.sub, torch.sub):
            a, b = args[0], args[1]
            if not (self._tensor(a) or self._tensor(b)):
                return None                                # sizes (x.size(0) + 1) and the like
            sub = f in (operator.sub, torch.sub)
            alpha = _number(kwargs.get("alpha", 1), name)
            if self._tensor(a) and isinstance(b, (int, float)):
                return self.plus_number(self.arg(a), (-1 if sub else 1) * alpha * _number(b, name), name)
            if self._tensor(b) and isinstance(a, (int, float)):
                y = self.arg(b)
                if alpha != 1:
                    y = self.add(Combine((alpha,)), [y], self.shape(y), f"{name}:alpha")
                return self.plus_number(y, _number(a, name), name, negate=sub)
            if self._tensor(a) and self._tensor(b):              # broadcasting tensors
                xa, xb = self.arg(a), self.arg(b)
                sa, sb = self.shape(xa), self.shape(xb)
                try:
                    out = tuple(np.broadcast_shapes((1,) + tuple(sa), (1,) + tuple(sb))[1:])
                except ValueError:
                    return None
                xa = xa if tuple(sa) == out else self.broadcast(xa, out, f"{name}:a")
                xb = xb if tuple(sb) == out else self.broadcast(xb, out, f"{name}:b")
                return self.add(Combine((Fraction(1), (-1 if sub else 1) * alpha)), [xa, xb], out, name)
            return None
        if f in (torch.amax, torch.amin) and self._tensor(args[0]):
            return self.reduce_max(self.arg(args[0]), _get(args, kwargs, 1, "dim", ()),
                                   _get(args, kwargs, 2, "keepdim", False), name, f is torch.amin)
        if f in (torch.max, torch.min) and self._tensor(args[0]) and (len(args) > 1 and isinstance(args[1], int) or
                                                                      "dim" in kwargs):
            return _Values(self.reduce_max(self.arg(args[0]), _get(args, kwargs, 1, "dim", None),
                                           _get(args, kwargs, 2, "keepdim", False), name, f is torch.min))
        if f is torch.stack:
            return self.stack([self.arg(t) for t in args[0]], _get(args, kwargs, 1, "dim", 0), name)
        if f in (torch.flip, torch.roll, torch.fliplr, torch.flipud) and self._tensor(args[0]):
            rest, kw = args[1:], dict(kwargs)
            return self.permuted(self.arg(args[0]), lambda u: f(u, *rest, **kw), name)
        if f is F.hardsigmoid and self._tensor(args[0]):
            return self.hardsigmoid(self.arg(args[0]), name)
        if f is operator.getitem and self._tensor(args[0], _Values):
            if args[1] != 0:
                raise NotApplicableError(f"{name}: the indices of a maximum are not piecewise linear",
                                         hint="use the values (x.max(dim).values or [0])", module=name)
            return self.env[args[0]].node
        if f is getattr and self._tensor(args[0], _Values):
            if args[1] != "values":
                raise NotApplicableError(f"{name}: the indices of a maximum are not piecewise linear",
                                         hint="use the values (x.max(dim).values or [0])", module=name)
            return self.env[args[0]].node
        return None

    def more_method(self, nd):
        """The methods of the module doc; None when the method is none of them."""
        import torch

        from algnet.relu.torch_ops import _get

        m, args, kwargs = nd.target, nd.args, nd.kwargs
        if m in ("amax", "amin", "max", "min", "flip", "roll"):
            f = {"amax": torch.amax, "amin": torch.amin, "max": torch.max, "min": torch.min, "flip": torch.flip,
                 "roll": torch.roll}[m]
            return self.more_function(nd, f, args, kwargs)
        if m in ("to", "float", "double", "type", "half", "cpu", "cuda"):
            if m == "type" and _get(args, kwargs, 1, "dtype", None) is None:
                return None                                # x.type(): a string, not a tensor
            for v in list(args[1:]) + list(kwargs.values()):
                if (isinstance(v, torch.dtype) and not v.is_floating_point) or (
                        isinstance(v, str) and any(t in v for t in ("Int", "Long", "Short", "Byte", "Bool", "Char"))):
                    raise NotApplicableError(f"{nd.name}: a cast to {v} rounds: not piecewise linear",
                                             hint="cast to a float type only", module=nd.name)
            return self.arg(args[0])
        return None


class _Size:
    """A size read off a tensor's shape in forward (x.size(1), x.shape[2]; not the batch's): a number."""

    def __init__(self, value):
        self.value = int(value)

    def __repr__(self):
        return f"<size {self.value}>"


class _Dims:
    """A tensor's shape in forward (x.shape, x.size(), sliced): the batch's size then numbers."""

    def __init__(self, entries):
        self.entries = tuple(entries)

    def __repr__(self):
        return f"<shape {self.entries}>"


_SIZE_OPS = {operator.add: operator.add, operator.sub: operator.sub, operator.mul: operator.mul,
             operator.floordiv: operator.floordiv}


class _Values:
    """The (values, indices) pair of x.max(dim): only the values are read."""

    def __init__(self, node):
        self.node = node
