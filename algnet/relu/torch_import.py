"""Trained PyTorch models as exact piecewise-linear models (:class:`~algnet.relu.model.PLModel`).

The model is traced with ``torch.fx`` (so any ``nn.Module`` whose forward is
a fixed composition works, not only ``nn.Sequential``) and every operation
is translated into an exact one:

=========================================  ==========================================================
PyTorch                                    algnet
=========================================  ==========================================================
Linear, Conv1d, Conv2d (stride, padding,   :class:`~algnet.relu.model.Affine` (exact weights)
'same', dilation, groups; zero padding)
AvgPool1d/2d, AdaptiveAvgPool (divisible)  Affine with weights 1/k (or 1/divisor_override)
x.mean over all spatial axes               Affine with weights 1/(H W)
BatchNorm1d/2d (eval)                      folded into the preceding Linear/Conv when it is its only
                                           reader, else a per-channel Affine
ReLU, LeakyReLU, PReLU, abs, clamp(min=0)  :class:`~algnet.relu.model.Activation`
Hardtanh, ReLU6, clamp(min, max)           lo + relu(x - lo) - relu(x - hi) (fixed shifts, two ReLU nodes)
MaxPool1d/2d                               :class:`~algnet.relu.model.MaxPool`
+, -, scalar * and /, cat, flatten, view,  Combine / Gather
reshape, permute, transpose
Identity, Dropout, F.dropout (eval)        nothing
=========================================  ==========================================================

The parameters (of the functional dimension, :mod:`algnet.relu.model_params`) are the model's
``nn.Parameter`` tensors: a PReLU's slopes are parameters, and a tensor used more than once (a module
applied twice, one Parameter held by two modules) is one parameter; ``model.notes`` names the shared ones.

Floats become the exact rationals they represent. The one step that is
not exact is BatchNorm's 1/sqrt(running_var + eps) when it is irrational:
it is rounded once to float64 and the model says so in ``model.notes``.
Anything else (GELU, sigmoid, softmax, LayerNorm, attention, ...) raises
:class:`~algnet.errors.NotApplicableError` naming the module and the reason.
This module walks the traced graph; each layer's arithmetic (exact weights, convolution and pooling windows,
BatchNorm folding) is written by :mod:`algnet.relu.torch_layers`.

Examples
--------
>>> import torch.nn as nn
>>> net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
>>> m = from_torch_model(net)
>>> m.spec, m.n_params
('relu 2-3-1', 13)
>>> from_torch_model(nn.Sequential(nn.Linear(2, 3), nn.GELU()))
Traceback (most recent call last):
...
algnet.errors.NotApplicableError: module '1' (GELU) is not supported: GELU is smooth and not piecewise linear, so the network has no linear regions
  hint: ...
"""

from __future__ import annotations

import operator
from fractions import Fraction

import numpy as np

from algnet.errors import NotApplicableError, ParameterError
from algnet.relu.model import Combine, Gather, Node, PLModel
from algnet.relu.torch_layers import _Layers, _pair, _spatial, _tensor_fracs

__all__ = ["from_torch_model"]

_SMOOTH = {"GELU", "Sigmoid", "Tanh", "SiLU", "ELU", "SELU", "CELU", "Softplus", "Mish", "Softsign", "LogSigmoid",
           "Hardswish", "Tanhshrink"}
_WHY = {"Softmax": "softmax is not piecewise linear (remove it: it does not change the argmax)",
        "LogSoftmax": "log-softmax is not piecewise linear (remove it: it does not change the argmax)",
        "LayerNorm": "LayerNorm divides by the standard deviation of its input: not piecewise linear",
        "GroupNorm": "GroupNorm divides by the standard deviation of its input: not piecewise linear",
        "MultiheadAttention": "attention multiplies inputs together: not piecewise linear"}
_HINT = ("supported: Linear, Conv1d/2d, AvgPool, MaxPool, BatchNorm (eval), Flatten, ReLU, LeakyReLU, PReLU, "
         "Hardtanh, ReLU6, clamp, abs, +, cat")


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


class _Builder(_Layers):
    """The model's fx graph walked node by node; each node's arithmetic is written by :class:`_Layers`."""

    def __init__(self, gm, input_shape):
        self.gm = gm
        self.mods = dict(gm.named_modules())
        self.nodes = [Node(None, (), tuple(input_shape), "input")]
        self.env = {}
        self.notes = []
        self.nobias = {}   # node -> layer name of Linear/Conv layers with bias=False (no BatchNorm folded in)
        self.keys = {}     # node -> names of its (weight, bias) parameters (equal names: one shared parameter)
        self.pname = {id(p): n for n, p in gm.named_parameters()}      # a shared Parameter: its first name
        self.uses = {}     # id(parameter) -> number of calls of modules holding it (> 1: tied weights)
        for nd in gm.graph.nodes:
            if nd.op == "call_module":
                for p in self.mods[nd.target].parameters(recurse=False):
                    self.uses[id(p)] = self.uses.get(id(p), 0) + 1
        self.name_uses = {n: self.uses.get(id(p), 0) for n, p in gm.named_parameters()}

    # -------------------------------------------------------------- graph
    def run(self):
        out = None
        for nd in self.gm.graph.nodes:
            if nd.op == "placeholder":
                if self.env and nd.args and not nd.users:     # an unused argument with a default (z=None)
                    continue
                if self.env:
                    raise NotApplicableError(f"the model takes several inputs ({nd.name})", hint="one input tensor")
                self.env[nd] = 0
            elif nd.op == "output":
                a = nd.args[0]
                if isinstance(a, dict) and len(a) == 1:
                    a = next(iter(a.values()))
                if isinstance(a, (tuple, list)) and len(a) == 1:
                    a = a[0]
                if not isinstance(a, _fx_node()) or a not in self.env:     # a dict raised a KeyError traceback
                    raise NotApplicableError(f"the model returns a {type(a).__name__}"
                                             + (" of several tensors" if isinstance(a, (tuple, list, dict)) else ""),
                                             hint="return one output tensor")
                out = self.env[a]
            elif nd.op == "call_module":
                self.env[nd] = self.module(nd)
            elif nd.op == "call_function":
                self.env[nd] = self.function(nd, nd.target, nd.args, nd.kwargs)
            elif nd.op == "call_method":
                self.env[nd] = self.method(nd)
            elif nd.op == "get_attr":
                raise NotApplicableError(f"the model reads the tensor {nd.target!r} directly in forward",
                                         hint="use layers (nn.Linear, nn.Conv2d, ...) for every weight")
        if out != len(self.nodes) - 1:
            self.add(Gather(np.arange(self.nodes[out].size)), [out], self.shape(out), "output")
        return self.nodes

    def arg(self, a):
        if a in self.env:
            return self.env[a]
        raise NotApplicableError(f"unexpected argument {a!r}", hint=_HINT)

    def module(self, nd):
        torch = _torch()
        nn = torch.nn
        m = self.mods[nd.target]
        name, t = nd.target, type(m).__name__
        x = self.arg(nd.args[0])
        if isinstance(m, (nn.Identity, nn.Dropout, nn.Dropout1d, nn.Dropout2d, nn.Dropout3d, nn.AlphaDropout)):
            if m.training and getattr(m, "p", 0) > 0:   # imported silently as the eval-mode identity
                self.notes.append(f"{name}: {t} is in training mode (random); imported as in eval mode (identity)")
            return x
        if isinstance(m, nn.Linear):
            return self.linear(x, _current(m, "weight", name), _current(m, "bias", name), name)
        if isinstance(m, (nn.Conv1d, nn.Conv2d)):
            if m.padding_mode != "zeros":
                raise NotApplicableError(f"module {name!r} ({t}): padding_mode={m.padding_mode!r} is not supported",
                                         hint="zero padding only")
            nd_ = 1 if isinstance(m, nn.Conv1d) else 2
            return self.conv(x, _current(m, "weight", name), _current(m, "bias", name), m.stride, m.padding,
                             m.dilation, m.groups, nd_, name)
        if isinstance(m, (nn.AvgPool1d, nn.AvgPool2d)):
            nd_ = 1 if isinstance(m, nn.AvgPool1d) else 2
            return self.avgpool(x, m.kernel_size, m.stride, m.padding, nd_, name, m.ceil_mode, m.count_include_pad,
                                getattr(m, "divisor_override", None))
        if isinstance(m, (nn.AdaptiveAvgPool1d, nn.AdaptiveAvgPool2d)):
            return self.adaptive(x, m.output_size, 1 if isinstance(m, nn.AdaptiveAvgPool1d) else 2, name, t)
        if isinstance(m, (nn.MaxPool1d, nn.MaxPool2d)):
            nd_ = 1 if isinstance(m, nn.MaxPool1d) else 2
            return self.maxpool(x, m.kernel_size, m.stride, m.padding, m.dilation, nd_, name, m.ceil_mode,
                                m.return_indices)
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            return self.batchnorm(x, m, name, nd.args[0])
        if isinstance(m, nn.ReLU):
            return self.activation(x, Fraction(0), name, "relu")
        if isinstance(m, nn.Hardtanh):       # also ReLU6
            return self.clamp_range(x, _number(m.min_val, name), _number(m.max_val, name), name)
        if isinstance(m, nn.LeakyReLU):
            return self.activation(x, Fraction(float(m.negative_slope)), name, "leaky_relu")
        if isinstance(m, nn.PReLU):      # its slopes are trained: parameters of the map (model_params)
            i = self.activation(x, _tensor_fracs(m.weight), name, "prelu")
            n, C, k = self.nodes[i].size, self.shape(x)[0], m.weight.numel()
            op = self.nodes[i].op
            op.slope_index = np.zeros(n, dtype=np.int64) if k == 1 else np.repeat(np.arange(C), n // C)
            op.key = self.pname.get(id(m.weight))
            return i
        if isinstance(m, nn.Flatten):
            return self.flatten(x, m.start_dim, m.end_dim, name)
        why = (f"{t} is smooth and not piecewise linear, so the network has no linear regions" if t in _SMOOTH
               else _WHY.get(t, f"{t} has no exact piecewise-linear translation in algnet"))
        raise NotApplicableError(f"module {name!r} ({t}) is not supported: {why}", hint=_HINT, module=name)

    def adaptive(self, x, output_size, nd, name, t):
        """Adaptive average pooling whose windows are all equal (the output size divides the input's)."""
        C, H, W = _spatial(self.shape(x), nd)
        o = _pair(output_size, nd)
        dims = (W,) if nd == 1 else (H, W)
        o = tuple(d if s is None else s for d, s in zip(dims, o))        # None: that size kept
        if any(d % s for d, s in zip(dims, o)):
            raise NotApplicableError(f"{name!r} ({t}): output size {o} does not divide {dims}",
                                     hint="adaptive pooling is translated when the windows are all equal")
        k = tuple(d // s for d, s in zip(dims, o))
        return self.avgpool(x, k, k, 0, nd, name)

    def mean(self, x, dims, keepdim, name, total=False):
        """x.mean(dims) (x.sum(dims) if ``total``) over all the spatial axes of a (C, L) or (C, H, W) tensor: a
        global average pool."""
        shp = self.shape(x)
        dims = (dims,) if isinstance(dims, int) else tuple(dims or ())
        full = len(shp) + 1
        if len(shp) not in (2, 3) or sorted(d % full for d in dims) != list(range(2, full)):
            raise NotApplicableError(f"{name}: mean over dims {dims} of a {shp} tensor is not supported",
                                     hint="the mean over all spatial axes (x.mean((2, 3)) of a (N, C, H, W) batch), "
                                          "or nn.AdaptiveAvgPool")
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
        if f in (F.max_pool1d, F.max_pool2d):
            nd_ = 1 if f is F.max_pool1d else 2
            k = _get(args, kwargs, 1, "kernel_size", None)
            return self.maxpool(self.arg(args[0]), k, _get(args, kwargs, 2, "stride", None),
                                _get(args, kwargs, 3, "padding", 0), _get(args, kwargs, 4, "dilation", 1), nd_, name,
                                _get(args, kwargs, 5, "ceil_mode", False),
                                _get(args, kwargs, 6, "return_indices", False))
        if f in (F.avg_pool1d, F.avg_pool2d):   # every argument read: count_include_pad=False was dropped silently
            nd_ = 1 if f is F.avg_pool1d else 2
            return self.avgpool(self.arg(args[0]), _get(args, kwargs, 1, "kernel_size", None),
                                _get(args, kwargs, 2, "stride", None), _get(args, kwargs, 3, "padding", 0), nd_, name,
                                _get(args, kwargs, 4, "ceil_mode", False),
                                _get(args, kwargs, 5, "count_include_pad", True),
                                _get(args, kwargs, 6, "divisor_override", None) if nd_ == 2 else None)
        if f in (F.adaptive_avg_pool1d, F.adaptive_avg_pool2d):
            return self.adaptive(self.arg(args[0]), _get(args, kwargs, 1, "output_size", None),
                                 1 if f is F.adaptive_avg_pool1d else 2, name, f.__name__)
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
        fname = getattr(f, "__name__", str(f))
        raise NotApplicableError(f"function {fname} (node {name}) is not supported", hint=_HINT, module=name)

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
            raise NotApplicableError(f"{name}: concatenation along the batch dimension", hint="concatenate along dim >= 1")
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
            return _BATCH
        x = self.arg(args[0])
        if m in ("view", "reshape"):
            shape = args[1] if len(args) == 2 and isinstance(args[1], (tuple, list)) else args[1:]
            shape = list(shape)
            if not shape or not (shape[0] is _BATCH or shape[0] == -1 or (self.env.get(shape[0]) is _BATCH)):
                raise NotApplicableError(f"{name}: reshape must keep the batch dimension first",
                                         hint="x.view(x.size(0), -1) or x.flatten(1)")
            rest = [(-1 if self.env.get(s) is _BATCH else s) for s in shape[1:]]
            return self.reshape(x, rest, name)
        if m == "flatten":
            return self.flatten(x, _get(args, nd.kwargs, 1, "start_dim", 0), _get(args, nd.kwargs, 2, "end_dim", -1), name)
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
        if m in ("add", "sub", "mul", "div"):
            f = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv}[m]
            return self.function(nd, f, args, nd.kwargs)
        raise NotApplicableError(f"method .{m}() (node {name}) is not supported", hint=_HINT, module=name)


class _BatchSize:
    def __repr__(self):
        return "<batch size>"


_BATCH = _BatchSize()


def _current(m, attr, name):
    """The tensor ``m.<attr>`` ('weight', 'bias') a Linear/Conv module computes with at its next forward.

    ``torch.nn.utils.weight_norm``, ``spectral_norm`` and ``prune`` (the hook-based ones) set ``m.weight`` in a
    forward pre-hook, from ``weight_g``/``weight_v``, ``weight_orig`` or ``weight_orig * weight_mask``, which
    torch.fx does not run: ``m.weight`` was the value of the last forward, stale after an optimizer step (outputs
    1.2 off torch's). Other pre-hooks on the layer are refused."""
    from torch.nn.utils.prune import BasePruningMethod
    from torch.nn.utils.spectral_norm import SpectralNorm
    from torch.nn.utils.weight_norm import WeightNorm

    t = getattr(m, attr)
    for hook in m._forward_pre_hooks.values():
        if isinstance(hook, WeightNorm):
            t = hook.compute_weight(m) if hook.name == attr else t
        elif isinstance(hook, SpectralNorm):
            t = hook.compute_weight(m, do_power_iteration=False) if hook.name == attr else t   # eval: stored u, v
        elif isinstance(hook, BasePruningMethod):
            t = hook.apply_mask(m) if hook._tensor_name == attr else t
        else:
            raise NotApplicableError(f"module {name!r} has a forward pre-hook ({type(hook).__name__}), which "
                                     "torch.fx does not run", hint="remove the hook (or use "
                                     "torch.nn.utils.parametrize, which torch.fx traces)", module=name)
    return t


def _number(v, name) -> Fraction:
    """The exact rational of a number in forward (a scalar factor); NaN or infinity is a ParameterError."""
    v = float(v)
    if v != v or v in (float("inf"), float("-inf")):
        raise ParameterError(f"{name}: the factor {v} is not finite", hint="check the model's forward")
    return Fraction(v)


def _get(args, kwargs, i, key, default):
    if len(args) > i:
        return args[i]
    return kwargs.get(key, default)


def from_torch_model(model, input_shape=None) -> PLModel:
    """The exact piecewise-linear model of a torch ``nn.Module`` (traced with ``torch.fx``).

    Parameters
    ----------
    model : torch.nn.Module
        In eval mode when it has BatchNorm or Dropout layers.
    input_shape : tuple, optional
        The shape of one input without the batch dimension, e.g. ``(1, 8, 8)``;
        default: the ``in_features`` of a first Linear layer.

    Returns
    -------
    PLModel

    Raises
    ------
    NotApplicableError
        For an operation that is not piecewise linear or not supported (the
        message names the module and the reason).

    Examples
    --------
    >>> import torch, torch.nn as nn
    >>> _ = torch.manual_seed(0)
    >>> cnn = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(2, 3)).eval()
    >>> m = from_torch_model(cnn, input_shape=(1, 4, 4))
    >>> x = torch.rand(5, 1, 4, 4)
    >>> bool(abs(m.forward(x.double().numpy()) - cnn(x).detach().double().numpy()).max() < 1e-5)
    True
    """
    torch = _torch()
    if not isinstance(model, torch.nn.Module):
        raise ParameterError(f"expected a torch.nn.Module, got {type(model).__name__}",
                             hint="pass the model object (see algnet.relu.load_torch_model for files)")
    while True:     # wrappers that torch.fx cannot trace ("missing the required forward", "Proxy ... iterated")
        if hasattr(model, "_orig_mod") and type(model).__name__ == "OptimizedModule":       # torch.compile
            model = model._orig_mod
        elif isinstance(model, (torch.nn.DataParallel, torch.nn.parallel.DistributedDataParallel)):
            model = model.module
        else:
            break
    if isinstance(model, torch.jit.ScriptModule):
        raise NotApplicableError("a TorchScript module cannot be traced with torch.fx",
                                 hint="load it with algnet.relu.load_torch_model (rebuilds sequential models), "
                                      "or save the nn.Module itself")
    if input_shape is None:
        first = next((m for m in model.modules() if isinstance(m, (torch.nn.Linear, torch.nn.Conv1d, torch.nn.Conv2d))),
                     None)
        if first is None:    # an LSTM, an Embedding, an empty Sequential: "the input shape is needed" misled
            raise ParameterError(f"{type(model).__name__} has no Linear or Conv layer: its input shape is unknown, "
                                 "and algnet imports feed-forward piecewise-linear networks only",
                                 hint=_HINT + "; give input_shape=(...) (CLI: --input-shape) for a model of those layers")
        if not isinstance(first, torch.nn.Linear):
            raise ParameterError("the input shape of this model is needed",
                                 hint="input_shape=(C, H, W) (CLI: --input-shape C,H,W)")
        input_shape = (first.in_features,)
    input_shape = tuple(int(s) for s in input_shape)
    if not input_shape or any(s <= 0 for s in input_shape):
        raise ParameterError(f"bad input shape {input_shape}", hint="positive sizes without the batch dimension")
    try:
        gm = torch.fx.symbolic_trace(model)
    except Exception as e:  # tracing runs user code; any failure is reported as ours
        raise NotApplicableError(f"torch.fx could not trace the model: {type(e).__name__}: {e}",
                                 hint="the forward pass must not branch on tensor values") from None
    b = _Builder(gm, input_shape)
    nodes = b.run()
    for i in b.nobias:
        # bias=False: the zero bias is no parameter (n_params = sum(p.numel() for p in model.parameters()) and no
        # Jacobian column; with them a bias-free relu 2-4-1 reported batch FD 13 = D' with biases, while D' = 8)
        nodes[i].op.has_bias = False
    for i, keys in b.keys.items():
        nodes[i].op.keys = keys
    m = PLModel(nodes, source=f"torch {type(model).__name__}", notes=b.notes)
    from algnet.relu.model_params import sharing_note

    note = sharing_note(m)
    if note:
        m.notes = m.notes + (note,)
    _check_against_torch(model, m, input_shape, torch)
    return m


def _check_against_torch(model, m, input_shape, torch):
    """The imported model must compute what the torch model computes: both run at 4 random inputs, else
    NotApplicableError. Every translation is exact, so a difference beyond the rounding of the torch model's float
    type means that the forward pass does something the graph does not show (a forward hook torch.fx does not run,
    ...), which must not reach an answer silently. Skipped where torch's forward is random (Dropout or BatchNorm
    in training mode; then ``m.notes`` says what was read) or mutates the model (spectral_norm in training mode),
    and where it fails on these inputs.

    Examples
    --------
    >>> import torch, torch.nn as nn
    >>> net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    >>> h = net[1].register_forward_hook(lambda mod, i, o: o * 2)      # changes the output; torch.fx ignores it
    >>> from_torch_model(net)
    Traceback (most recent call last):
    ...
    algnet.errors.NotApplicableError: the imported model does not compute what the torch model computes ...
    """
    nn = torch.nn
    random = (nn.Dropout, nn.Dropout1d, nn.Dropout2d, nn.Dropout3d, nn.AlphaDropout, nn.modules.batchnorm._BatchNorm)
    if any(mod.training and isinstance(mod, random) for mod in model.modules()) or \
            any("training mode" in n and "dropout" in n for n in m.notes):
        return
    if model.training and any(type(h).__name__ == "SpectralNorm" for mod in model.modules()
                              for h in mod._forward_pre_hooks.values()):
        return
    import copy

    try:                    # a float64 copy: the exact weights' outputs up to float64 rounding (also for float16)
        ref = copy.deepcopy(model).double()
    except Exception:       # a module that cannot be copied: itself, in its own float type
        ref = model
    p = next(ref.parameters(), None)
    dtype = p.dtype if p is not None and p.is_floating_point() else torch.float32
    x = torch.randn((4,) + tuple(input_shape), generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    try:
        with torch.no_grad():
            want = ref(x.to(dtype=dtype, device=p.device if p is not None else "cpu"))
        want = want[0] if isinstance(want, (tuple, list)) and len(want) == 1 else want
        want = want.detach().cpu().double().reshape(4, -1).numpy()
    except Exception:      # user code on inputs it may not expect: the check is skipped, never the import
        return
    got = m.forward(x.to(dtype).double().numpy().reshape(4, -1))
    eps = {torch.float64: 1e-8, torch.float32: 1e-4}.get(dtype, 2e-2)
    if want.shape != got.shape or not np.allclose(got, want, rtol=eps, atol=eps * (1 + np.abs(want).max())):
        gap = float(np.abs(got - want).max()) if want.shape == got.shape else float("nan")
        raise NotApplicableError(f"the imported model does not compute what the torch model computes (largest "
                                 f"difference {gap:.3g} at random inputs): its forward does something torch.fx does "
                                 "not trace (a forward hook?)",
                                 hint="remove forward hooks; write the model with the supported layers (" + _HINT + ")")
