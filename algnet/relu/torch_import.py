"""Trained PyTorch models as exact piecewise-linear models (:class:`~algnet.relu.model.PLModel`).

The model is traced with ``torch.fx`` (so any ``nn.Module`` whose forward is
a fixed composition works, not only ``nn.Sequential``) and every operation
is translated into an exact one:

==========================================  ==================================================================
PyTorch                                     algnet
==========================================  ==================================================================
Linear, Conv1d/2d/3d (stride, padding,      :class:`~algnet.relu.model.Affine` (exact weights); a padding_mode
'same', dilation, groups, padding_mode),    other than zeros: a Gather of the padded input first; a transposed
ConvTranspose1d/2d/3d                       one: a fixed Affine spreading the input with zeros, then a convolution
AvgPool1d/2d/3d, AdaptiveAvgPool            Affine with weights 1/k (or 1/divisor_override)
(divisible)
x.mean over all spatial axes                Affine with weights 1/(H W)
BatchNorm1d/2d/3d (eval)                    folded into the preceding Linear/Conv when it is its only
                                            reader, else a per-channel Affine
ReLU, LeakyReLU, PReLU, abs, clamp(min=0),  :class:`~algnet.relu.model.Activation`
RReLU (eval: the mean slope)
Hardtanh, ReLU6, clamp(min, max),           lo + relu(x - lo) - relu(x - hi) (fixed shifts, two ReLU nodes);
Threshold(t, t), Softshrink                 Softshrink: x - clamp(x, -l, l)
MaxPool1d/2d/3d (ceil_mode too),            :class:`~algnet.relu.model.MaxPool` (unequal windows: each padded
AdaptiveMaxPool                             by repeating one of its inputs)
ZeroPad, ConstantPad, ReflectionPad,        a fixed Affine reading zeros (no parameters; another constant added
ReplicationPad, CircularPad, F.pad          by a fixed map), or a Gather of the input's own coordinates
Upsample, F.interpolate (nearest, integer   Gather (every coordinate repeated)
scale), Unflatten
Upsample, F.interpolate (linear, bilinear,  a fixed map read off torch's forward on unit inputs
bicubic, trilinear, area, fractional        (:mod:`algnet.relu.torch_linear`); also AvgPool with ceil_mode or
scales), AdaptiveAvgPool (unequal windows)  count_include_pad=False and padding
PixelShuffle, PixelUnshuffle,               Gather (the permutation read off torch's forward)
ChannelShuffle
+, -, scalar * and /, cat, flatten, view,   Combine / Gather
reshape, permute, transpose, slicing,
chunk, split
torch.maximum / minimum of two tensors      y + relu(x - y) / x - relu(x - y)
torch.where(h > 0, a h, b h), h * (h > 0)   an Activation of slope b / a times a (comparisons of h with 0;
                                            :mod:`algnet.relu.torch_functional`)
F.linear(x, self.w, self.b)                 Affine; the module's Parameters are parameters, buffers constants
Linear on (T, d) tensors (token-wise)       Affine over the T positions (one weight), then a transpose
Identity, Dropout, F.dropout (eval)         nothing
==========================================  ==================================================================

The parameters (of the functional dimension, :mod:`algnet.relu.model_params`) are the model's
``nn.Parameter`` tensors: a PReLU's slopes are parameters, and a tensor used more than once (a module
applied twice, one Parameter held by two modules) is one parameter; ``model.notes`` names the shared ones.
Operations whose result does not reach the output (a branch computed and not used) are left out: their kinks
are none of the model's, their parameters do not change its function (``model.notes`` says so).

Floats become the exact rationals they represent. The one step that is
not exact is BatchNorm's 1/sqrt(running_var + eps) when it is irrational:
it is rounded once to float64 and the model says so in ``model.notes``; so are the weights of an
interpolation or a pool read off torch's forward when they are not what a short binary fraction gives (1/3, say:
torch's float64 value is kept).
Anything else (GELU, sigmoid, softmax, LayerNorm, attention, ...) raises
:class:`~algnet.errors.NotApplicableError` naming the module and the reason.
This module walks the traced graph; each layer's arithmetic (exact weights, convolution and pooling windows,
BatchNorm folding) is written by :mod:`algnet.relu.torch_layers`, the functions and methods of the forward pass
by :mod:`algnet.relu.torch_ops`, and :mod:`algnet.relu.torch_check` compares the result with torch's forward.

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

from fractions import Fraction

import numpy as np

from algnet.errors import NotApplicableError, ParameterError
from algnet.relu.model import Affine, Gather, Node, PLModel
from algnet.relu.torch_check import _check_against_torch
from algnet.relu.torch_fixed import (_check_frozen, _frozen_note, _layer_masks, _pruned_note, _set_fixed,
                                     _weight_norm_note)
from algnet.relu.torch_layers import _tensor_fracs
from algnet.relu.torch_ops import _HINT, _Ops, _fx_node, _number, _torch

__all__ = ["from_torch_model"]

_SMOOTH = {"GELU", "Sigmoid", "Tanh", "SiLU", "ELU", "SELU", "CELU", "Softplus", "Mish", "Softsign", "LogSigmoid",
           "Hardswish", "Tanhshrink"}
_ND = {"1d": 1, "2d": 2, "3d": 3}
_WHY = {"Softmax": "softmax is not piecewise linear (remove it: it does not change the argmax)",
        "LogSoftmax": "log-softmax is not piecewise linear (remove it: it does not change the argmax)",
        "LayerNorm": "LayerNorm divides by the standard deviation of its input: not piecewise linear",
        "GroupNorm": "GroupNorm divides by the standard deviation of its input: not piecewise linear",
        **{f"InstanceNorm{d}": f"InstanceNorm{d} divides by the standard deviation of each input's own channel: "
           "not piecewise linear" for d in ("1d", "2d", "3d")},
        "LPPool1d": "LPPool raises to a power p and takes the p-th root: not piecewise linear",
        "LPPool2d": "LPPool raises to a power p and takes the p-th root: not piecewise linear",
        "MultiheadAttention": "attention multiplies inputs together: not piecewise linear",
        "Hardshrink": "Hardshrink jumps at +-lambda: not continuous (Softshrink is translated)"}


class _Builder(_Ops):
    """The model's fx graph walked node by node; each node's arithmetic is written by :class:`_Ops` and
    :class:`~algnet.relu.torch_layers._Layers`."""

    def __init__(self, gm, input_shape, frozen="parameters"):
        self.gm = gm
        self.frozen = frozen
        self.mods = dict(gm.named_modules())
        self.nodes = [Node(None, (), tuple(input_shape), "input")]
        self.env = {}
        self.notes = []
        self.nobias = {}   # node -> layer name of Linear/Conv layers with bias=False (no BatchNorm folded in)
        self.matmuls = {}  # node of x @ self.w -> (its affine node, w): a bias added right after is its bias
        self.keys = {}     # node -> names of its (weight, bias) parameters (equal names: one shared parameter)
        self.pname = {id(p): n for n, p in gm.named_parameters()}      # a shared Parameter: its first name
        self.uses = {}     # id(parameter) -> number of calls of modules holding it (> 1: tied weights)
        own = dict(gm.named_parameters())
        for nd in gm.graph.nodes:
            if nd.op == "call_module":
                for p in self.mods[nd.target].parameters(recurse=False):
                    self.uses[id(p)] = self.uses.get(id(p), 0) + 1
            elif nd.op == "get_attr" and nd.target in own:          # F.linear(x, self.w): a use per reader
                self.uses[id(own[nd.target])] = self.uses.get(id(own[nd.target]), 0) + len(nd.users)
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
                if not isinstance(out, int):
                    raise NotApplicableError(f"the model returns {out!r}", hint="return one output tensor")
            elif nd.op == "call_module":
                self.env[nd] = self.module(nd)
            elif nd.op == "call_function":
                self.env[nd] = self.function(nd, nd.target, nd.args, nd.kwargs)
            elif nd.op == "call_method":
                self.env[nd] = self.method(nd)
            elif nd.op == "get_attr":                  # usable as F.linear's weight or bias only
                self.env[nd] = self.attr(nd)
        if out != len(self.nodes) - 1:
            self.add(Gather(np.arange(self.nodes[out].size)), [out], self.shape(out), "output")
        return self.unreached_dropped()

    def unreached_dropped(self):
        """The nodes without those that do not reach the output (a branch computed and not used, a branch of
        torch.where read as one node): their kinks are no kinks of the model, their parameters none of its. The
        indices in ``nobias`` and ``keys`` follow; a note names what was left out."""
        need, todo = {0}, [len(self.nodes) - 1]
        while todo:
            i = todo.pop()
            if i not in need:
                need.add(i)
                todo += list(self.nodes[i].inputs)
        if len(need) == len(self.nodes):
            return self.nodes
        new = {i: k for k, i in enumerate(sorted(need))}
        gone = [n for i, n in enumerate(self.nodes) if i not in need]
        params = sum(n.op.n_params() for n in gone if hasattr(n.op, "n_params") and
                     (not isinstance(n.op, Affine) or n.op.trainable))
        named = [n.name for n in gone if hasattr(n.op, "n_params") and n.op.n_params() and
                 (not isinstance(n.op, Affine) or n.op.trainable)]
        if named:
            self.notes.append(f"{', '.join(named[:6])}{', ...' if len(named) > 6 else ''}: computed in forward but "
                              f"not used by the output, left out ({params} parameters that do not change the model's "
                              "function)")
        self.nobias = {new[i]: v for i, v in self.nobias.items() if i in need}
        self.keys = {new[i]: v for i, v in self.keys.items() if i in need}
        self.nodes = [Node(n.op, tuple(new[j] for j in n.inputs), n.shape, n.name)
                      for i, n in enumerate(self.nodes) if i in need]
        return self.nodes

    def fix(self, i, m):
        """Node i (of the Linear / Conv module m) with its pruned (and, frozen='fixed', frozen) entries marked."""
        k = i if isinstance(self.nodes[i].op, Affine) else self.nodes[i].inputs[0]     # token-wise: its transpose
        _set_fixed(self.nodes[k].op, *_layer_masks(m, self.frozen))
        return i

    def conv_transpose_module(self, x, m, name, t):
        """A ConvTranspose layer (:meth:`~algnet.relu.torch_layers._Layers.conv_transpose`), its pruned / frozen
        entries marked in the convolution's order; a weight shared with another layer is refused (its entries are
        permuted here)."""
        if m.padding_mode != "zeros" or self._shared(m.weight):
            raise NotApplicableError(f"{name} ({t}): a padding_mode other than zeros, or a weight shared with "
                                     "another layer", hint="an unshared ConvTranspose with zero padding", module=name)
        w = _current(m, "weight", name)
        i, perm = self.conv_transpose(x, w, _current(m, "bias", name), m.stride, m.padding, m.output_padding,
                                      m.dilation, m.groups, _ND[t[-2:]], name)
        wm, bm = _layer_masks(m, self.frozen)
        _set_fixed(self.nodes[i].op, None if wm is None else wm.ravel()[perm.ravel()], bm)
        self.keys[i] = (None, self.keys.get(i, (None, None))[1])
        return i

    def arg(self, a):
        from algnet.relu.torch_functional import _Attr, _Sign

        if a in self.env and isinstance(self.env[a], int):
            return self.env[a]
        if a in self.env and isinstance(self.env[a], _Attr):
            raise self.attr_refused(self.env[a])
        if a in self.env and isinstance(self.env[a], _Sign):
            raise NotApplicableError(f"{a} (a comparison mask) used as a tensor", hint="torch.where(h > 0, h, 0) or "
                                     "h * (h > 0) only (a ReLU); comparisons are not piecewise linear")
        if a in self.env:
            raise NotApplicableError(f"{a!r} ({self.env[a]!r}) used as a tensor", hint=_HINT)
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
            return self.fix(self.linear(x, _current(m, "weight", name), _current(m, "bias", name), name), m)
        if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Conv3d)):
            nd_ = _ND[type(m).__name__[-2:]]
            return self.fix(self.conv(x, _current(m, "weight", name), _current(m, "bias", name), m.stride, m.padding,
                                      m.dilation, m.groups, nd_, name, padding_mode=m.padding_mode), m)
        if isinstance(m, (nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d)):
            return self.conv_transpose_module(x, m, name, t)
        if isinstance(m, (nn.AvgPool1d, nn.AvgPool2d, nn.AvgPool3d)):
            nd_ = _ND[t[-2:]]
            return self.avgpool(x, m.kernel_size, m.stride, m.padding, nd_, name, m.ceil_mode, m.count_include_pad,
                                getattr(m, "divisor_override", None))
        if isinstance(m, (nn.AdaptiveAvgPool1d, nn.AdaptiveAvgPool2d, nn.AdaptiveAvgPool3d)):
            return self.adaptive(x, m.output_size, _ND[t[-2:]], name, t)
        if isinstance(m, (nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d)):
            nd_ = _ND[t[-2:]]
            return self.maxpool(x, m.kernel_size, m.stride, m.padding, m.dilation, nd_, name, m.ceil_mode,
                                m.return_indices)
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)):
            return self.batchnorm(x, m, name, nd.args[0])
        if isinstance(m, nn.ReLU):
            return self.activation(x, Fraction(0), name, "relu")
        if isinstance(m, nn.Hardtanh):       # also ReLU6
            return self.clamp_range(x, _number(m.min_val, name), _number(m.max_val, name), name)
        if isinstance(m, nn.LeakyReLU):
            return self.activation(x, Fraction(float(m.negative_slope)), name, "leaky_relu")
        if isinstance(m, nn.PReLU) and self.frozen == "fixed" and not m.weight.requires_grad:
            return self.activation(x, _tensor_fracs(m.weight), name, "leaky_relu")      # fixed slopes
        if isinstance(m, nn.PReLU):      # its slopes are trained: parameters of the map (model_params)
            i = self.activation(x, _tensor_fracs(m.weight), name, "prelu")
            n, C, k = self.nodes[i].size, self.shape(x)[0], m.weight.numel()
            op = self.nodes[i].op
            op.slope_index = np.zeros(n, dtype=np.int64) if k == 1 else np.repeat(np.arange(C), n // C)
            op.key = self.pname.get(id(m.weight))
            return i
        if isinstance(m, nn.Flatten):
            return self.flatten(x, m.start_dim, m.end_dim, name)
        if isinstance(m, nn.Unflatten):
            dim = m.dim % (len(self.shape(x)) + 1)
            if dim == 0:
                raise NotApplicableError(f"{name}: unflattening the batch dimension", hint="dims >= 1")
            shp = list(self.shape(x))
            return self.reshape(x, shp[:dim - 1] + list(m.unflattened_size) + shp[dim:], name)
        if t.startswith(("ZeroPad", "ConstantPad", "ReflectionPad", "ReplicationPad", "CircularPad")):
            mode = {"Ze": "constant", "Co": "constant", "Re": "reflect", "Rp": "replicate", "Ci": "circular"}[
                "Rp" if t.startswith("Replication") else t[:2]]
            return self.pad(x, m.padding, mode, getattr(m, "value", 0), name)
        if isinstance(m, nn.Upsample):
            return self.upsample(x, m.size, m.scale_factor, m.mode, name, m.align_corners, m.recompute_scale_factor)
        if isinstance(m, (nn.PixelShuffle, nn.PixelUnshuffle, nn.ChannelShuffle)):
            return self.permuted(x, m, name)
        if isinstance(m, (nn.AdaptiveMaxPool1d, nn.AdaptiveMaxPool2d, nn.AdaptiveMaxPool3d)):
            if m.return_indices:
                raise NotApplicableError(f"{name}: max pooling with return_indices", hint="use the defaults")
            return self.adaptive_max(x, m.output_size, _ND[t[-2:]], name, t)
        if isinstance(m, nn.RReLU):           # eval: the mean slope; training: random slopes, read as in eval
            if m.training:
                self.notes.append(f"{name}: RReLU is in training mode (random slopes); imported as in eval mode")
            return self.activation(x, Fraction((m.lower + m.upper) / 2), name, "leaky_relu")
        if isinstance(m, nn.Hardsigmoid):
            return self.hardsigmoid(x, name)
        if isinstance(m, nn.Softshrink):
            return self.softshrink(x, _number(m.lambd, name), name)
        if isinstance(m, nn.Threshold):
            return self.threshold(x, m.threshold, m.value, name)
        why = (f"{t} is smooth and not piecewise linear, so the network has no linear regions" if t in _SMOOTH
               else _WHY.get(t, f"{t} has no exact piecewise-linear translation in algnet"))
        raise NotApplicableError(f"module {name!r} ({t}) is not supported: {why}", hint=_HINT, module=name)


def _first_reader_width(model):
    """The number of input features, from the traced graph: the widths with which the layers that read the input
    (directly or through element-wise steps: activations, dropout, sums, negations) take it, a Linear layer's
    ``in_features``, an F.linear's weight columns, a matmul with a module tensor's rows. None when no reader gives a
    width or the model does not trace (the trace below reports it).

    Raises
    ------
    ParameterError
        When two readers take the input with different widths (no input fits both).

    Examples
    --------
    >>> import torch.nn as nn
    >>> _first_reader_width(nn.Sequential(nn.ReLU(), nn.Linear(3, 2)))
    3
    """
    import torch

    try:
        gm = torch.fx.symbolic_trace(model)
    except Exception:           # tracing runs user code: the trace in from_torch_model reports the failure
        return None
    ph = [nd for nd in gm.graph.nodes if nd.op == "placeholder"]
    if len(ph) != 1:
        return None
    widths, todo, seen = {}, [ph[0]], set()
    while todo:
        x = todo.pop()
        for nd in x.users:
            if nd in seen:
                continue
            seen.add(nd)
            w = _reader_width(gm, nd, x)
            if isinstance(w, int):
                widths.setdefault(w, nd.name)
            elif w == "same":
                todo.append(nd)
    if len(widths) > 1:
        names = ", ".join(f"{n!r} with {w}" for w, n in sorted(widths.items()))
        raise ParameterError(f"the layers that read the input take it with different numbers of features ({names}):"
                             " no input fits them all", hint="check the model's forward (a layer reading the wrong "
                             "tensor?); the model fails in torch too")
    return next(iter(widths), None)


#: Steps that keep the number of features of what they read (followed to the layers that give the input width).
_SAME_MODULES = ("ReLU", "LeakyReLU", "PReLU", "ReLU6", "Hardtanh", "Dropout", "Identity")
_SAME_METHODS = ("relu", "abs", "neg", "clamp", "clip", "add", "sub", "mul", "contiguous")


def _reader_width(gm, nd, x):
    """The width with which node ``nd`` reads ``x`` (an int), "same" when it keeps x's features (element-wise), or
    None."""
    import operator

    import torch

    F = torch.nn.functional

    def tensor(a):
        if getattr(a, "op", None) != "get_attr":
            return None
        w = gm
        for part in a.target.split("."):
            w = getattr(w, part)
        return w if isinstance(w, torch.Tensor) and w.dim() == 2 else None

    if nd.op == "call_module":
        m = gm.get_submodule(nd.target)
        if isinstance(m, torch.nn.Linear):
            return m.in_features
        return "same" if type(m).__name__ in _SAME_MODULES else None
    f, args = nd.target, nd.args
    if nd.op == "call_function":
        if f in (F.linear, torch._C._nn.linear) and len(args) > 1 and args[0] is x and tensor(args[1]) is not None:
            return int(tensor(args[1]).shape[-1])
        if f in (operator.matmul, torch.matmul, torch.mm) and len(args) == 2 and args[0] is x and \
                tensor(args[1]) is not None:
            return int(tensor(args[1]).shape[0])
        same = (F.relu, torch.relu, F.leaky_relu, F.relu6, F.hardtanh, F.dropout, torch.abs, operator.abs, torch.neg,
                operator.neg, torch.clamp, operator.add, torch.add, operator.sub, torch.sub, operator.mul, torch.mul)
        return "same" if f in same else None
    if nd.op == "call_method":
        if f in ("matmul", "mm", "__matmul__") and len(args) == 2 and args[0] is x and tensor(args[1]) is not None:
            return int(tensor(args[1]).shape[0])
        return "same" if f in _SAME_METHODS else None
    return None


def _uncalled_note(model, gm):
    """A note naming the Parameters of ``model`` that its traced forward pass ``gm`` never reads (a layer defined
    and not used): they do not change the model's function and are not counted, so ``parameters`` is below
    ``sum(p.numel() for p in model.parameters())`` (said, not silent); None when every Parameter is read.

    Examples
    --------
    >>> import torch, torch.nn as nn
    >>> class Net(nn.Module):
    ...     def __init__(self):
    ...         super().__init__(); self.fc, self.spare = nn.Linear(2, 1), nn.Linear(3, 3)
    ...     def forward(self, x):
    ...         return self.fc(x)
    >>> net = Net()
    >>> _uncalled_note(net, torch.fx.symbolic_trace(net))
    "spare.weight, spare.bias: parameters of modules the forward pass does not call (12 numbers): ..."
    """
    used = set()
    for nd in gm.graph.nodes:
        if nd.op == "call_module":
            used |= {id(p) for p in gm.get_submodule(nd.target).parameters()}
        elif nd.op == "get_attr":
            used |= {id(p) for n, p in gm.named_parameters() if n == nd.target or n.startswith(nd.target + ".")}
    idle = [(n, p) for n, p in model.named_parameters() if id(p) not in used]
    if not idle:
        return None
    names = ", ".join(n for n, _ in idle[:6]) + (", ..." if len(idle) > 6 else "")
    return (f"{names}: parameters of modules the forward pass does not call ({sum(p.numel() for _, p in idle)} "
            "numbers): they do not change the model's function and are not counted")


def _check_parametrization(m, attr, name):
    """Refuse a tensor computed by a ``torch.nn.utils.parametrize`` parametrization other than weight_norm: the
    model's parameters are then the parametrization's (an orthogonal 3 x 3 weight has 3 degrees of freedom, not 9),
    and reading the computed weight's entries as the parameters gave torch's Jacobian rank 10 as 13. weight_norm's
    (g, v) -> g v / |v| reaches every weight with nonzero rows and is a submersion there: the same functions and
    functional dimension as the weight's entries, which are counted."""
    from torch.nn.utils import parametrize

    if not parametrize.is_parametrized(m, attr):
        return
    kinds = [type(p).__name__ for p in m.parametrizations[attr]]
    if all(k == "_WeightNorm" for k in kinds):
        return
    raise NotApplicableError(f"module {name!r}: its {attr} is computed by the parametrization {', '.join(kinds)} "
                             "(torch.nn.utils.parametrize), whose parameters are not the entries of the "
                             f"{attr}: counted as free entries, the functional dimension would be another model's",
                             hint=f"torch.nn.utils.parametrize.remove_parametrizations(model.{name}, '{attr}') "
                                  f"imports the current {attr} as a free parameter (then the answers are for free "
                                  "weights)", module=name)


def _current(m, attr, name):
    """The tensor ``m.<attr>`` ('weight', 'bias') a Linear/Conv module computes with at its next forward.

    ``torch.nn.utils.weight_norm`` and ``prune`` (the hook-based ones) set ``m.weight`` in a forward pre-hook, from
    ``weight_g``/``weight_v`` or ``weight_orig * weight_mask``, which torch.fx does not run: ``m.weight`` was the
    value of the last forward, stale after an optimizer step (outputs 1.2 off torch's). Other pre-hooks on the layer
    are refused, spectral_norm's too (its weight is no free parameter: :func:`_check_parametrization`)."""
    from torch.nn.utils.prune import BasePruningMethod
    from torch.nn.utils.spectral_norm import SpectralNorm
    from torch.nn.utils.weight_norm import WeightNorm

    _check_parametrization(m, attr, name)
    t = getattr(m, attr)
    for hook in m._forward_pre_hooks.values():
        if isinstance(hook, WeightNorm):
            t = hook.compute_weight(m) if hook.name == attr else t
        elif isinstance(hook, SpectralNorm):     # W / sigma(W): not every weight (Linear(3, 1): rank 3, read as 4)
            raise NotApplicableError(f"module {name!r}: its {hook.name} is computed by spectral_norm (W / sigma(W), "
                                     "of largest singular value 1), whose parameters are not free entries of the "
                                     f"{hook.name}: counted as free entries, the functional dimension would be another "
                                     "model's", hint=f"torch.nn.utils.remove_spectral_norm(model.{name}) imports the "
                                     f"current {hook.name} as a free parameter (then the answers are for free "
                                     "weights)", module=name)
        elif isinstance(hook, BasePruningMethod):
            t = hook.apply_mask(m) if hook._tensor_name == attr else t
        else:
            raise NotApplicableError(f"module {name!r} has a forward pre-hook ({type(hook).__name__}), which "
                                     "torch.fx does not run", hint="remove the hook (or use "
                                     "torch.nn.utils.parametrize, which torch.fx traces)", module=name)
    return t


def from_torch_model(model, input_shape=None, frozen="parameters") -> PLModel:
    """The exact piecewise-linear model of a torch ``nn.Module`` (traced with ``torch.fx``).

    Parameters
    ----------
    model : torch.nn.Module
        In eval mode when it has BatchNorm or Dropout layers.
    input_shape : tuple, optional
        The shape of one input without the batch dimension, e.g. ``(1, 8, 8)``;
        default: the ``in_features`` of the Linear layer (or the columns of F.linear's weight) that reads the
        input, else of a first Linear layer.
    frozen : {"parameters", "fixed"}
        How tensors with ``requires_grad=False`` count: as parameters (default: the functional dimension of the
        architecture, as if nothing were frozen) or as constants ("fixed": the functions that training the other
        tensors reaches). Pruned weights (``torch.nn.utils.prune``) are fixed at 0 and never parameters
        (:mod:`algnet.relu.torch_fixed`).

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
    if isinstance(model, dict) and model and all(isinstance(v, torch.Tensor) for v in model.values()):
        raise ParameterError("expected a torch.nn.Module, got a state dict: it holds weights, not the forward pass",
                             hint="build the model, call model.load_state_dict(state_dict) and pass the model")
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
    lazy = next((n for n, m in model.named_modules() if getattr(m, "has_uninitialized_params", lambda: False)()),
                None)
    if lazy is not None:    # an uninitialised LazyLinear / LazyConv was refused as "a forward pre-hook"
        raise ParameterError(f"module {lazy or type(model).__name__!r} is a lazy layer whose weights are not "
                             "initialised yet (their shapes are unknown)",
                             hint="run one forward pass, model(x), before importing the model (or load its trained "
                                  "weights)")
    if isinstance(model, torch.jit.ScriptModule):
        raise NotApplicableError("a TorchScript module cannot be traced with torch.fx",
                                 hint="load it with algnet.relu.load_torch_model (rebuilds sequential models), "
                                      "or save the nn.Module itself")
    if input_shape is None:                             # the width of the Linear layer that reads the input
        width = _first_reader_width(model)
        input_shape = None if width is None else (width,)
    if input_shape is None:
        nn = torch.nn
        first = next((m for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv1d, nn.Conv2d, nn.Conv3d))), None)
        if first is None:    # an LSTM, an Embedding, an empty Sequential: "the input shape is needed" misled
            raise ParameterError(f"{type(model).__name__} has no Linear or Conv layer: its input shape is unknown, "
                                 "and algnet imports feed-forward piecewise-linear networks only",
                                 hint=_HINT + "; give input_shape=(...) (CLI: --input-shape) for a model of those "
                                              "layers")
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
    b = _Builder(gm, input_shape, _check_frozen(frozen))
    nodes = b.run()
    for i in b.nobias:
        # bias=False: the zero bias is no parameter (n_params = sum(p.numel() for p in model.parameters()) and no
        # Jacobian column; with them a bias-free relu 2-4-1 reported batch FD 13 = D' with biases, while D' = 8)
        nodes[i].op.has_bias = False
    for i, keys in b.keys.items():
        nodes[i].op.keys = keys
    names = {k for keys in b.keys.values() for k in keys if k}
    both = sorted(k for k in names if k + ".T" in names)
    if both:            # one tensor read as F.linear's weight and as x @ w: its entries in two layouts
        raise NotApplicableError(f"the tensor {both[0]!r} is used both as a Linear / F.linear weight and as w in "
                                 "x @ w (transposed)", hint="one layout per shared weight (x @ w.T is F.linear(x, w))")
    m = PLModel(nodes, source=f"torch {type(model).__name__}", notes=b.notes)
    from algnet.relu.model_params import sharing_note

    for note in (sharing_note(m), _pruned_note(model), _frozen_note(model, frozen), _uncalled_note(model, gm),
                 _weight_norm_note(model, gm)):
        if note:
            m.notes = m.notes + (note,)
    _check_against_torch(model, m, input_shape, torch)
    return m
