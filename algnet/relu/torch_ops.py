"""Tensor operations in a traced forward pass (``torch.fx`` functions and methods) as exact model nodes.

The graph walker of :func:`~algnet.relu.torch_import.from_torch_model` hands every ``call_function`` and
``call_method`` node to :class:`_Ops`: arithmetic with numbers (+, -, scalar * and /), ReLU-like functions, clamp,
cat, flatten, view/reshape, permute/transpose, (un)squeeze, mean/sum over the spatial axes, the functional
forms of the pooling layers, and slicing, chunk/split and the maximum of two tensors
(:mod:`algnet.relu.torch_slices`). The layers' own arithmetic is in :mod:`algnet.relu.torch_layers`.

Examples
--------
>>> _number(0.5, "x"), _get((1,), {"dim": 2}, 1, "dim", None)
(Fraction(1, 2), 2)
"""

from __future__ import annotations

import operator
from fractions import Fraction

import numpy as np

from algnet.errors import NotApplicableError, ParameterError
from algnet.relu.model import Affine, Combine, Gather, fractions_array
from algnet.relu.torch_functional import _Functional
from algnet.relu.torch_layers import _Layers, _pair, _spatial
from algnet.relu.torch_linear import _LinearMaps
from algnet.relu.torch_reduce import _Reductions
from algnet.relu.torch_slices import _Parts, _Slicing

__all__: list = []

_HINT = ("supported: Linear, Conv1d/2d/3d, ConvTranspose, AvgPool, MaxPool, BatchNorm (eval), Flatten, ReLU, "
         "LeakyReLU, PReLU, Hardtanh, ReLU6, clamp, abs, +, cat, slicing, chunk/split, torch.maximum/minimum, "
         "padding layers, Upsample (nearest), F.linear with the module's tensors, torch.where(h > 0, h, s * h)")


def _fx_node():
    """The class of a torch.fx graph node."""
    return _torch().fx.Node


def _torch():
    try:
        import torch
        import torch.fx  # noqa: F401
    except ImportError:  # pragma: no cover - torch is an optional extra
        raise NotApplicableError("PyTorch is not installed", hint="pip install 'algnet[torch]'") from None
    return torch


class _BatchSize:
    def __repr__(self):
        return "<batch size>"


_BATCH = _BatchSize()


def _number(v, name) -> Fraction:
    """The exact rational of a number in forward (a scalar factor); NaN or infinity is a ParameterError."""
    v = float(v)
    if v != v or v in (float("inf"), float("-inf")):
        raise ParameterError(f"{name}: the factor {v} is not finite", hint="check the model's forward")
    return Fraction(v)


_SMOOTH_FUNCTIONS = {"sigmoid", "tanh", "gelu", "silu", "elu", "selu", "celu", "softplus", "mish", "softsign",
                     "logsigmoid", "hardswish", "exp", "log", "sqrt", "rsqrt", "sin", "cos", "erf", "pow"}
_WHY_FUNCTIONS = {"softmax": "softmax is not piecewise linear (remove it: it does not change the argmax)",
                  "log_softmax": "log-softmax is not piecewise linear (remove it: it does not change the argmax)",
                  **{k: f"{k.replace('_', ' ')} divides by a standard deviation of its input: not piecewise linear"
                     for k in ("layer_norm", "group_norm", "instance_norm")},
                  "normalize": "normalize divides by the norm of its input: not piecewise linear"}


def _why_not(fname: str) -> str:
    """Why a torch function or method of this name is refused, for the message (empty when unknown).

    >>> _why_not("log_softmax"), _why_not("frobnicate")
    (': log-softmax is not piecewise linear (remove it: it does not change the argmax)', '')
    """
    key = fname.lstrip("_").removesuffix("_")
    if key in _SMOOTH_FUNCTIONS:
        return f": {key} is smooth and not piecewise linear, so the network has no linear regions"
    return f": {_WHY_FUNCTIONS[key]}" if key in _WHY_FUNCTIONS else ""


def _get(args, kwargs, i, key, default):
    if len(args) > i:
        return args[i]
    return kwargs.get(key, default)



class _Ops(_Functional, _Reductions, _LinearMaps, _Slicing, _Layers):
    """Functions and methods of the traced forward pass; the graph walker (a subclass) sets ``env`` (fx node ->
    model node) and ``arg``."""

    def adaptive(self, x, output_size, nd, name, t):
        """Adaptive average pooling: equal windows (the output size divides the input's) an average pool, else
        the map read off torch's forward."""
        C, *dims = _spatial(self.shape(x), nd)
        o = _pair(output_size, nd)
        dims = tuple(dims[1:] if nd == 1 else dims)
        o = tuple(d if s is None else s for d, s in zip(dims, o))        # None: that size kept
        if any(d % s for d, s in zip(dims, o)):              # windows of unequal sizes: read off torch's forward
            F = _torch().nn.functional
            f = (F.adaptive_avg_pool1d, F.adaptive_avg_pool2d, F.adaptive_avg_pool3d)[nd - 1]
            return self.probed(x, lambda u: f(u, o if nd > 1 else o[0]), name, "adaptive average pooling")
        k = tuple(d // s for d, s in zip(dims, o))
        return self.avgpool(x, k, k, 0, nd, name)

    def pad(self, x, pads, mode, value, name):
        """F.pad and the padding modules: ``pads`` in torch's order ((before, after) of the last axis first); mode
        'constant' (an affine copy reading zeros, no parameters; another value: a fixed map adding it), 'reflect',
        'replicate' or 'circular' (a Gather of the input's own coordinates)."""
        shp = self.shape(x)
        pads = [int(p) for p in pads]
        if len(pads) % 2 or len(pads) // 2 > len(shp) or any(p < 0 for p in pads):
            raise NotApplicableError(f"{name}: padding {tuple(pads)} of a {shp} tensor is not supported",
                                     hint="nonnegative (before, after) pairs, the batch axis not padded", module=name)
        width = [(0, 0)] * len(shp)
        for i in range(len(pads) // 2):
            width[len(shp) - 1 - i] = (pads[2 * i], pads[2 * i + 1])
        if mode != "constant":
            if width[0] != (0, 0):
                raise NotApplicableError(f"{name}: {mode} padding of the channel axis", hint="pad spatial axes only")
            C, *dims = shp
            return self.pad_copy(x, C, dims, [w[0] for w in width[1:]], [w[1] for w in width[1:]], mode, 0, name)[0]
        if value not in (None, 0):
            return self.constant_pad(x, width, value, name)
        n = self.nodes[x].size
        idx = np.pad(np.arange(n).reshape(shp), width, constant_values=n)
        op = Affine(idx.reshape(1, -1, 1), fractions_array(np.ones((1, 1, 1), dtype=int)),
                    fractions_array(np.zeros(1, dtype=int)), "pad")
        return self.add(op, [x], idx.shape, name)

    def upsample(self, x, size, scale, mode, name, align_corners=None, recompute=None, antialias=False):
        """nn.Upsample / F.interpolate. Mode 'nearest' with an integer scale (or a size that is a multiple of the
        input's): every coordinate repeated, a Gather. Every other mode and scale (linear, bilinear, trilinear,
        bicubic, area, nearest-exact, fractional scales) is linear in the input: the map is read off torch's forward
        (:meth:`~algnet.relu.torch_linear._LinearMaps.probed`)."""
        shp = self.shape(x)
        dims = shp[1:]
        size0, scale0 = size, scale
        if size is not None:
            size = _pair(size, len(dims))
            scale = tuple(s // d if s % d == 0 else 0 for s, d in zip(size, dims))
        scale = _pair(scale, len(dims))
        if mode != "nearest" or any(float(f) != int(f) or f < 1 for f in scale):
            F = _torch().nn.functional
            return self.probed(x, lambda u: F.interpolate(u, size=size0, scale_factor=scale0, mode=mode,
                                                          align_corners=align_corners,
                                                          recompute_scale_factor=recompute, antialias=antialias),
                               name, f"interpolation ({mode})")
        idx = np.arange(int(np.prod(shp))).reshape(shp)
        for a, f in enumerate(scale):
            idx = np.repeat(idx, int(f), axis=a + 1)
        return self.add(Gather(idx.ravel()), [x], idx.shape, name)

    def adaptive_max(self, x, output_size, nd, name, t):
        """Adaptive max pooling: a MaxPool (windows of unequal sizes when the output size does not divide the
        input's)."""
        C, *dims = _spatial(self.shape(x), nd)
        dims = tuple(dims[1:] if nd == 1 else dims)
        o = tuple(d if s is None else s for d, s in zip(dims, _pair(output_size, nd)))
        if any(d % s for d, s in zip(dims, o)):
            return self.adaptive_windows(x, output_size, nd, name)
        k = tuple(d // s for d, s in zip(dims, o))
        return self.maxpool(x, k, k, 0, 1, nd, name)

    def softshrink(self, x, lam, name):
        """Softshrink: x - clamp(x, -lambda, lambda) (continuous: ReLUs and fixed shifts)."""
        if lam < 0:
            raise ParameterError(f"{name}: softshrink with lambda {lam} < 0", hint="lambda >= 0")
        if lam == 0:
            return x
        c = self.clamp_range(x, -lam, lam, f"{name}:clamp")
        return self.add(Combine((Fraction(1), Fraction(-1))), [x, c], self.shape(x), name)

    def threshold(self, x, th, value, name):
        """Threshold(th, v): x where x > th, else v; continuous (max(x, th)) only when v = th."""
        if _number(th, name) != _number(value, name):
            raise NotApplicableError(f"{name}: Threshold({th}, {value}) jumps at {th}: not continuous, so not "
                                     "piecewise linear in algnet's sense", hint="threshold = value (max(x, th))",
                                     module=name)
        return self.clamp_range(x, _number(th, name), None, name)

    def mean(self, x, dims, keepdim, name, total=False):
        """x.mean(dims) (x.sum(dims) if ``total``) over all the spatial axes of a (C, L), (C, H, W) or (C, D, H, W)
        tensor: a global average pool; over other axes (not the batch's) a fixed linear map."""
        shp = self.shape(x)
        dims = (dims,) if isinstance(dims, int) else tuple(dims or ())
        full = len(shp) + 1
        if len(shp) not in (2, 3, 4) or sorted(d % full for d in dims) != list(range(2, full)):
            return self.reduce_sum(x, dims, keepdim, name, mean=not total)     # other axes: a fixed linear map
        i = self.avgpool(x, shp[1:], shp[1:], 0, len(shp) - 1, name, divisor=1 if total else None)
        return i if keepdim else self.reshape(i, (shp[0],), name)

    def squeeze(self, x, dim, name, unsqueeze=False):
        """x.unsqueeze(dim) / x.squeeze(dim) (x.squeeze(): every axis of size 1 but the batch's): a reshape."""
        shp = list(self.shape(x))
        full = len(shp) + 1 + bool(unsqueeze)
        if dim is not None and not isinstance(dim, int):
            raise NotApplicableError(f"{name}: squeeze over dims {dim}", hint="one dim at a time")
        d = None if dim is None else dim % full
        if d == 0:
            raise NotApplicableError(f"{name}: (un)squeezing the batch dimension", hint="dims >= 1")
        if unsqueeze:
            shp.insert(d - 1, 1)
        elif d is None:
            shp = [s for s in shp if s != 1]
        elif shp[d - 1] == 1:
            del shp[d - 1]
        return self.reshape(x, tuple(shp), name)

    def flatten(self, x, start, end, name):
        shp = self.shape(x)
        full = (None,) + shp
        nd = len(full)
        start, end = start % nd, end % nd
        if start == 0:
            raise NotApplicableError(f"{name}: flattening the batch dimension", hint="flatten from dim 1")
        new = full[:start] + (int(np.prod(full[start:end + 1])),) + full[end + 1:]
        return self.reshape(x, new[1:], name)

    def function(self, nd, f, args, kwargs):
        torch = _torch()
        F = torch.nn.functional
        name = nd.name
        got = self.functional(nd, f, args, kwargs)              # F.linear with module tensors, torch.where, masks
        if got is not None:
            return got
        more = self.more_function(nd, f, args, kwargs)          # reductions, numbers added, broadcasting, ...
        if more is not None:
            return more
        if f in (operator.add, torch.add, operator.sub, torch.sub):
            a, b = args[0], args[1]
            alpha = kwargs.get("alpha", 1)
            if a in self.env and b in self.env:
                xa, xb = self.env[a], self.env[b]
                if self.shape(xa) != self.shape(xb):
                    raise NotApplicableError(f"{name}: adding tensors of shapes {self.shape(xa)} and {self.shape(xb)}",
                                             hint="broadcasting additions are not supported")
                sign = -1 if f in (operator.sub, torch.sub) else 1
                return self.add(Combine((Fraction(1), sign * _number(alpha, name))), [xa, xb], self.shape(xa), name)
            raise NotApplicableError(f"{name}: adding a constant in forward", hint="put constants in a layer's bias")
        if f in (operator.mul, torch.mul, operator.truediv, torch.div):
            a, b = args[0], args[1]
            div = f in (operator.truediv, torch.div)
            if kwargs.get("rounding_mode") is not None:
                raise NotApplicableError(f"{name}: division with rounding_mode={kwargs['rounding_mode']!r} is not "
                                         "piecewise linear", hint="only multiplication by a number is supported")
            if a in self.env and isinstance(b, (int, float)):
                c = _number(b, name)
                if div and c == 0:
                    raise ParameterError(f"{name}: division by zero", hint="check the model's forward")
                return self.add(Combine((1 / c if div else c,)), [self.env[a]], self.shape(self.env[a]), name)
            if b in self.env and isinstance(a, (int, float)) and not div:
                return self.add(Combine((_number(a, name),)), [self.env[b]], self.shape(self.env[b]), name)
            raise NotApplicableError(f"{name}: multiplying or dividing by a tensor is not piecewise linear",
                                     hint="only multiplication and division by a number are supported")
        if f in (operator.neg, torch.neg):
            x = self.arg(args[0])
            return self.add(Combine((Fraction(-1),)), [x], self.shape(x), name)
        if f in (F.relu, torch.relu):
            return self.activation(self.arg(args[0]), Fraction(0), name, "relu")
        if f is F.leaky_relu:
            s = args[1] if len(args) > 1 else kwargs.get("negative_slope", 0.01)
            return self.activation(self.arg(args[0]), Fraction(float(s)), name, "leaky_relu")
        if f in (torch.abs, operator.abs):
            return self.activation(self.arg(args[0]), Fraction(-1), name, "abs")
        if f in (F.hardtanh, F.relu6):
            lo, hi = (0, 6) if f is F.relu6 else (_get(args, kwargs, 1, "min_val", -1.0),
                                                  _get(args, kwargs, 2, "max_val", 1.0))
            return self.clamp_range(self.arg(args[0]), _number(lo, name), _number(hi, name), name)
        if f in (torch.clamp, torch.clip, torch.clamp_min):
            return self.clamp(self.arg(args[0]), args, kwargs, name, f is torch.clamp_min)
        if f is torch.flatten:
            return self.flatten(self.arg(args[0]), _get(args, kwargs, 1, "start_dim", 0),
                                _get(args, kwargs, 2, "end_dim", -1), name)
        if f is torch.cat:
            return self.cat([self.arg(t) for t in args[0]], _get(args, kwargs, 1, "dim", 0), name)
        if f in (F.max_pool1d, F.max_pool2d, F.max_pool3d):
            nd_ = (F.max_pool1d, F.max_pool2d, F.max_pool3d).index(f) + 1
            k = _get(args, kwargs, 1, "kernel_size", None)
            return self.maxpool(self.arg(args[0]), k, _get(args, kwargs, 2, "stride", None),
                                _get(args, kwargs, 3, "padding", 0), _get(args, kwargs, 4, "dilation", 1), nd_, name,
                                _get(args, kwargs, 5, "ceil_mode", False),
                                _get(args, kwargs, 6, "return_indices", False))
        if f in (F.avg_pool1d, F.avg_pool2d, F.avg_pool3d):   # every argument read (count_include_pad=False too)
            nd_ = (F.avg_pool1d, F.avg_pool2d, F.avg_pool3d).index(f) + 1
            return self.avgpool(self.arg(args[0]), _get(args, kwargs, 1, "kernel_size", None),
                                _get(args, kwargs, 2, "stride", None), _get(args, kwargs, 3, "padding", 0), nd_, name,
                                _get(args, kwargs, 4, "ceil_mode", False),
                                _get(args, kwargs, 5, "count_include_pad", True),
                                _get(args, kwargs, 6, "divisor_override", None) if nd_ > 1 else None)
        if f in (F.adaptive_avg_pool1d, F.adaptive_avg_pool2d, F.adaptive_avg_pool3d):
            return self.adaptive(self.arg(args[0]), _get(args, kwargs, 1, "output_size", None),
                                 (F.adaptive_avg_pool1d, F.adaptive_avg_pool2d, F.adaptive_avg_pool3d).index(f) + 1,
                                 name, f.__name__)
        if f is F.pad:
            return self.pad(self.arg(args[0]), _get(args, kwargs, 1, "pad", ()),
                            _get(args, kwargs, 2, "mode", "constant"), _get(args, kwargs, 3, "value", None), name)
        if f is F.interpolate:
            return self.upsample(self.arg(args[0]), self.value(_get(args, kwargs, 1, "size", None)),
                                 _get(args, kwargs, 2, "scale_factor", None), _get(args, kwargs, 3, "mode", "nearest"),
                                 name, _get(args, kwargs, 4, "align_corners", None),
                                 _get(args, kwargs, 5, "recompute_scale_factor", None),
                                 _get(args, kwargs, 6, "antialias", False))
        if f in (F.pixel_shuffle, F.pixel_unshuffle, torch.pixel_shuffle, torch.pixel_unshuffle, F.channel_shuffle,
                 torch.channel_shuffle):
            r = _get(args, kwargs, 1, "upscale_factor" if "pixel_shuffle" in f.__name__ else
                     "downscale_factor" if "unshuffle" in f.__name__ else "groups", None)
            return self.permuted(self.arg(args[0]), lambda u: f(u, r), name)
        if f in (F.adaptive_max_pool1d, F.adaptive_max_pool2d, F.adaptive_max_pool3d):
            if _get(args, kwargs, 2, "return_indices", False):
                raise NotApplicableError(f"{name}: max pooling with return_indices", hint="use the defaults")
            return self.adaptive_max(self.arg(args[0]), _get(args, kwargs, 1, "output_size", None),
                                     (F.adaptive_max_pool1d, F.adaptive_max_pool2d, F.adaptive_max_pool3d).index(f) + 1,
                                     name, f.__name__)
        if f is F.softshrink:
            return self.softshrink(self.arg(args[0]), _number(_get(args, kwargs, 1, "lambd", 0.5), name), name)
        if f is F.threshold:
            return self.threshold(self.arg(args[0]), _get(args, kwargs, 1, "threshold", None),
                                  _get(args, kwargs, 2, "value", None), name)
        if f is F.rrelu and not _get(args, kwargs, 3, "training", False):
            lo, hi = _get(args, kwargs, 1, "lower", 1 / 8), _get(args, kwargs, 2, "upper", 1 / 3)
            return self.activation(self.arg(args[0]), Fraction((lo + hi) / 2), name, "leaky_relu")
        if f in (torch.mean, torch.sum):
            return self.mean(self.arg(args[0]), _get(args, kwargs, 1, "dim", None),
                             _get(args, kwargs, 2, "keepdim", False), name, f is torch.sum)
        if f in (torch.squeeze, torch.unsqueeze):
            return self.squeeze(self.arg(args[0]), _get(args, kwargs, 1, "dim", None), name, f is torch.unsqueeze)
        if f in (F.dropout, F.dropout1d, F.dropout2d, F.dropout3d, F.alpha_dropout):
            x = self.arg(args[0])
            if _get(args, kwargs, 2, "training", True) and _get(args, kwargs, 1, "p", 0.5) > 0:
                self.notes.append(f"{name}: {f.__name__} in training mode (random); imported as in eval mode "
                                  "(identity)")
            return x
        if f is getattr and args[1] == "shape":
            return _BATCH
        if f is operator.getitem and args[0] in self.env and self.env[args[0]] is _BATCH:
            return _BATCH
        if f is operator.getitem and args[0] in self.env:
            v = self.env[args[0]]
            return v[args[1]] if isinstance(v, _Parts) else self.getitem(self.arg(args[0]), args[1], name)
        if f in (torch.chunk, torch.split):
            return self.split_call(self.arg(args[0]), args, kwargs, name, f is torch.chunk)
        if f in (torch.maximum, torch.minimum, torch.max, torch.min) and len(args) == 2 and args[1] in self.env:
            return self.maximum(self.arg(args[0]), self.arg(args[1]), name, f in (torch.minimum, torch.min))
        if f in (torch.max, torch.min) and "other" in kwargs and len(args) == 1:
            return self.maximum(self.arg(args[0]), self.arg(kwargs["other"]), name, f is torch.min)
        fname = getattr(f, "__name__", str(f))
        raise NotApplicableError(f"function {fname} (node {name}) is not supported{_why_not(fname)}", hint=_HINT,
                                 module=name)

    def split_call(self, x, args, kwargs, name, chunk):
        """x.chunk(chunks, dim=0) / x.split(split_size_or_sections, dim=0) (also the torch functions)."""
        n = _get(args, kwargs, 1, "chunks" if chunk else "split_size_or_sections", None)
        n = _get(args, kwargs, 1, "split_size", n)
        dim = _get(args, kwargs, 2, "dim", 0)
        ok = isinstance(n, int) or (not chunk and isinstance(n, (tuple, list)) and all(isinstance(v, int) for v in n))
        if not ok or not isinstance(dim, int) or (isinstance(n, int) and n <= 0):
            raise NotApplicableError(f"{name}: {'chunk' if chunk else 'split'}({n!r}, dim={dim!r})",
                                     hint="fixed integer sizes and dim")
        return self.split(x, dim, name, n if chunk else None, None if chunk else n)

    def clamp(self, x, args, kwargs, name, min_only=False):
        """x.clamp(min, max) (also torch.clamp, clip, clamp_min): ReLU for min=0, else ReLUs and fixed shifts."""
        lo = _get(args, kwargs, 1, "min", None)
        hi = None if min_only else _get(args, kwargs, 2, "max", None)
        for v in (lo, hi):
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
                raise NotApplicableError(f"{name}: clamp(min={lo}, max={hi}) with a tensor bound is not supported",
                                         hint="numbers as bounds", module=name)
        if lo is None and hi is None:
            raise ParameterError(f"{name}: clamp without bounds", hint="give min or max")
        lo, hi = (None if v is None else _number(v, name) for v in (lo, hi))
        if lo == 0 and hi is None:
            return self.activation(x, Fraction(0), name, "relu")
        return self.clamp_range(x, lo, hi, name)

    def cat(self, xs, dim, name):
        shapes = [self.shape(x) for x in xs]
        nd = len(shapes[0]) + 1
        d = dim % nd
        if d == 0:
            raise NotApplicableError(f"{name}: concatenation along the batch dimension",
                                     hint="concatenate along dim >= 1")
        blocks, off = [], 0
        for s in shapes:
            n = int(np.prod(s))
            blocks.append(np.arange(off, off + n).reshape(s))
            off += n
        try:
            perm = np.concatenate(blocks, axis=d - 1)
        except ValueError as e:
            raise ParameterError(f"{name}: cannot concatenate shapes {shapes}: {e}", hint="check the model") from None
        return self.add(Gather(perm.ravel()), xs, perm.shape, name)

    def method(self, nd):
        name, m, args = nd.name, nd.target, nd.args
        if m == "size" or m == "dim":
            return self.size_method(nd)
        got = self.mask_method(nd)                              # mask.float(); a module tensor's method refused
        if got is not None:
            return got
        x = self.arg(args[0])
        if m in ("view", "reshape"):
            shape = args[1] if len(args) == 2 and isinstance(args[1], (tuple, list)) else args[1:]
            shape = list(self.value(tuple(shape)))
            if shape and isinstance(shape[0], tuple):                # x.view(*x.shape[:2], -1) and the like
                shape = list(shape[0]) + shape[1:]
            if not shape or not (shape[0] is _BATCH or shape[0] == -1):
                raise NotApplicableError(f"{name}: reshape must keep the batch dimension first",
                                         hint="x.view(x.size(0), -1) or x.flatten(1)")
            rest = [-1 if s is _BATCH else s for s in shape[1:]]
            if any(not isinstance(s, int) for s in rest):
                raise NotApplicableError(f"{name}: reshape to {shape}", hint="sizes as numbers or read off shapes")
            return self.reshape(x, rest, name)
        if m == "flatten":
            return self.flatten(x, _get(args, nd.kwargs, 1, "start_dim", 0), _get(args, nd.kwargs, 2, "end_dim", -1),
                                name)
        if m in ("contiguous", "clone", "detach"):
            return x
        if m == "relu":
            return self.activation(x, Fraction(0), name, "relu")
        if m == "abs":
            return self.activation(x, Fraction(-1), name, "abs")
        if m in ("clamp", "clip", "clamp_min"):
            return self.clamp(x, args, nd.kwargs, name, m == "clamp_min")
        if m in ("permute", "transpose"):
            shp = self.shape(x)
            full = list(range(len(shp) + 1))
            if m == "permute":
                dims = list(args[1]) if len(args) == 2 and isinstance(args[1], (tuple, list)) else list(args[1:])
            else:
                i, j = args[1] % len(full), args[2] % len(full)
                dims = full.copy()
                dims[i], dims[j] = dims[j], dims[i]
            dims = [d % len(full) for d in dims]
            if dims[0] != 0:
                raise NotApplicableError(f"{name}: the batch dimension must stay first", hint="permute dims >= 1 only")
            perm = np.arange(int(np.prod(shp))).reshape(shp).transpose([d - 1 for d in dims[1:]])
            return self.add(Gather(perm.ravel()), [x], perm.shape, name)
        if m in ("mean", "sum"):
            return self.mean(x, _get(args, nd.kwargs, 1, "dim", None), _get(args, nd.kwargs, 2, "keepdim", False),
                             name, m == "sum")
        if m in ("squeeze", "unsqueeze"):
            return self.squeeze(x, _get(args, nd.kwargs, 1, "dim", None), name, m == "unsqueeze")
        if m in ("chunk", "split"):
            return self.split_call(x, args, nd.kwargs, name, m == "chunk")
        if m in ("maximum", "minimum", "max", "min") and len(args) == 2 and args[1] in self.env:
            return self.maximum(x, self.arg(args[1]), name, m in ("minimum", "min"))
        if m in ("add", "sub", "mul", "div", "matmul", "mm"):
            f = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv,
                 "matmul": operator.matmul, "mm": operator.matmul}[m]
            return self.function(nd, f, args, nd.kwargs)
        more = self.more_method(nd)
        if more is not None:
            return more
        raise NotApplicableError(f"method .{m}() (node {name}) is not supported{_why_not(m)}", hint=_HINT,
                                 module=name)
