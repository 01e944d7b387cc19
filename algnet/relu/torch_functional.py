"""The torch importer's translations of tensors read directly in forward and of sign masks.

* ``F.linear(x, self.w, self.b)`` with tensors of the module (``nn.Parameter``: parameters, the same as an
  ``nn.Linear``'s; buffers and plain tensors: constants, no parameters), and ``x @ self.w`` (torch.matmul,
  torch.mm, .matmul; w of shape (in, out): F.linear(x, w.T)), ``+ self.b`` right after it its bias.
* A buffer or plain tensor c added, subtracted, multiplied or divided (x / c) entrywise, broadcast as torch does (an
  input normalisation ``(x - self.mean) / self.std``, per channel): a fixed affine node, no parameters. Any other
  use of a module tensor (a Parameter as a factor, c / x) is refused.
* ``torch.where(h > 0, h, 0)`` and ``torch.where(h > 0, a h, b h)`` (comparisons ``>``, ``>=``, ``<``, ``<=`` of h
  with 0 on either side; branches h, a number times h, -h, 0 or torch.zeros_like(h)): the activation that is a h
  for h > 0 and b h for h < 0 (ReLU, leaky ReLU, abs, ...), continuous at 0 whatever the comparison.
  ``h * (h > 0)`` (the mask, also ``.float()``) is ReLU too. A comparison with another number (a jump there), other
  tensors in the branches or a mask used otherwise are refused with the reason.

Examples
--------
>>> import torch
>>> from torch import nn
>>> from algnet.relu.torch_import import from_torch_model
>>> class Net(nn.Module):
...     def __init__(self):
...         super().__init__()
...         self.w, self.o = nn.Parameter(torch.tensor([[1.0, -1.0], [2.0, 1.0]])), nn.Linear(2, 1)
...     def forward(self, x):
...         h = torch.nn.functional.linear(x, self.w)
...         return self.o(torch.where(h > 0, h, 0.25 * h))
>>> m = from_torch_model(Net())
>>> m.n_params, [n.op.slopes[0] for n in m.nodes if type(n.op).__name__ == "Activation"]
(7, [Fraction(1, 4)])
"""

from __future__ import annotations

import operator
from fractions import Fraction

from algnet.errors import NotApplicableError
from algnet.relu.model import Combine

_COMPARE = {operator.gt: ">", operator.ge: ">=", operator.lt: "<", operator.le: "<="}
_FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">="}
_HINT_WHERE = ("torch.where(h > 0, h, 0) (ReLU), torch.where(h > 0, h, s * h) (leaky ReLU), or the layers "
               "(nn.ReLU, nn.LeakyReLU, ...)")


class _Attr:
    """A tensor of the module read in forward (get_attr): its name, the tensor, and whether it is a parameter."""

    def __init__(self, name, tensor, parameter):
        self.name, self.tensor, self.parameter = name, tensor, parameter

    def __repr__(self):
        return f"<tensor {self.name}>"


class _Sign:
    """The mask [x op t] of a comparison of the model's node x with the number t (op: '>', '>=', '<', '<=')."""

    def __init__(self, x, op, t):
        self.x, self.op, self.t = x, op, t

    def __repr__(self):
        return f"<mask x {self.op} {self.t}>"


def _compare_ops():
    import torch

    out = dict(_COMPARE)
    out.update({torch.gt: ">", torch.ge: ">=", torch.lt: "<", torch.le: "<=", torch.greater: ">",
                torch.greater_equal: ">=", torch.less: "<", torch.less_equal: "<="})
    return out


class _Functional:
    """Mixed into the importer's builder (:class:`~algnet.relu.torch_import._Builder`)."""

    def attr(self, nd):
        """A get_attr node: the tensor, marked (it is usable as F.linear's weight or bias only)."""
        t = self.gm
        for part in nd.target.split("."):
            t = getattr(t, part)
        import torch

        if not isinstance(t, torch.Tensor):
            raise NotApplicableError(f"the model reads {nd.target!r} ({type(t).__name__}) in forward",
                                     hint="tensors and layers only")
        return _Attr(nd.target, t, isinstance(t, torch.nn.Parameter))

    def attr_refused(self, a):
        """The refusal of a module tensor used other than as F.linear's weight or bias or a matmul's weight."""
        return NotApplicableError(f"the model reads the tensor {a.name!r} directly in forward other than as the "
                                  "weight or bias of F.linear or as w in x @ w (+ b)",
                                  hint="F.linear(x, self.weight, self.bias), x @ self.w + self.b, or layers "
                                  "(nn.Linear, nn.Conv2d, ...) for every weight")

    def functional(self, nd, f, args, kwargs):
        """F.linear with module tensors, comparisons with numbers, torch.where and masks; None for other functions."""
        import torch

        F = torch.nn.functional
        if f in (F.linear, torch._C._nn.linear):
            return self.f_linear(nd, args, kwargs)
        if f in (operator.matmul, torch.matmul, torch.mm) and len(args) == 2 and not kwargs and \
                _hashable(args[1]) and isinstance(self.env.get(args[1]), _Attr):
            return self.matmul(nd, args[0], self.env[args[1]])
        if f in (operator.add, torch.add) and len(args) == 2 and not kwargs:
            got = self.matmul_bias(nd, args)
            if got is not None:
                return got
        if any(f in g for g in _constant_ops()) and len(args) == 2:   # x - self.mean, x / self.std: constants
            got = self.constant_arith(nd, f, args, kwargs)
            if got is not None:
                return got
        if f is not torch.where:                        # a module tensor or a mask anywhere else: refused
            for a in list(args) + list(kwargs.values()):
                v = self.env.get(a) if _hashable(a) else None
                if isinstance(v, _Attr):
                    raise self.attr_refused(v)
                if isinstance(v, _Sign) and f not in (operator.mul, torch.mul):
                    raise NotApplicableError(f"{nd.name}: a comparison mask used in {getattr(f, '__name__', f)}",
                                             hint=_HINT_WHERE)
        ops = _compare_ops()
        if f in ops:
            return self.compare(nd, ops[f], args)
        if f is torch.where:
            return self.where(nd, args, kwargs)
        if f is torch.zeros_like and len(args) == 1 and not kwargs and self._tensor(args[0]):    # 0 h
            x = self.arg(args[0])
            return self.add(Combine((Fraction(0),)), [x], self.shape(x), nd.name)
        if f in (operator.mul, torch.mul) and len(args) == 2 and any(isinstance(self.env.get(a), _Sign)
                                                                     for a in args if _hashable(a)):
            return self.masked(nd, args)
        return None

    def f_linear(self, nd, args, kwargs):
        from algnet.relu.torch_ops import _get

        x = self.arg(args[0])
        w, b = _get(args, kwargs, 1, "weight", None), _get(args, kwargs, 2, "bias", None)
        w = self.env.get(w) if _hashable(w) else w
        b = self.env.get(b) if _hashable(b) and b is not None else b
        if not isinstance(w, _Attr) or not (b is None or isinstance(b, _Attr)):
            raise NotApplicableError(f"{nd.name}: F.linear with a weight or bias computed in forward",
                                     hint="F.linear(x, self.weight, self.bias) with tensors of the module")
        i = self.linear(x, w.tensor.detach(), None if b is None else b.tensor.detach(), nd.name)
        node = i if len(self.shape(x)) == 1 else self.nodes[i].inputs[0]          # token-wise: its transpose
        self._keys(node, *[None if t is None or not t.parameter else t.tensor for t in (w, b)])
        self.fix_attrs(node, w, b)
        return i

    def matmul(self, nd, a, w):
        """``x @ self.w`` (torch.matmul, torch.mm, .matmul) with a 2-D tensor of the module of shape (in, out): the
        affine node of weight w^T (F.linear(x, w.T)), whose parameter entries are w's (named ``w.T``: uses of w in
        this layout are tied with each other)."""
        if not self._tensor(a):
            raise NotApplicableError(f"{nd.name}: a module tensor times the input ({w.name} @ x); only x @ "
                                     f"self.{w.name} is read", hint="x @ self.w, or F.linear(x, self.w.T)")
        if w.tensor.dim() != 2:
            raise NotApplicableError(f"{nd.name}: x @ self.{w.name} with a {w.tensor.dim()}-D tensor (only a 2-D "
                                     "(in, out) weight is read)", hint="a 2-D weight, e.g. self.w of shape (in, 1)")
        x = self.arg(a)
        n_in = self.shape(x)[-1]
        if w.tensor.shape[0] != n_in:
            from algnet.errors import ParameterError

            raise ParameterError(f"{nd.name}: x @ self.{w.name} with x of {n_in} features and a weight of shape "
                                 f"{tuple(w.tensor.shape)}", hint="check the input shape")
        i = self.linear(x, w.tensor.detach().T, None, nd.name)
        node = i if len(self.shape(x)) == 1 else self.nodes[i].inputs[0]          # token-wise: its transpose
        self.keys[node] = (self.pname.get(id(w.tensor)) + ".T" if w.parameter else None, None)
        self.fix_attrs(node, w, None)
        self.matmuls[i] = (node, w)
        return i

    def matmul_bias(self, nd, args):
        """``x @ self.w + self.b``: the bias of the matmul's affine node (when the sum is the matmul's only reader
        and b is a 1-D tensor of the module with one entry per output); None for any other sum."""
        vals = [self.env.get(a) if _hashable(a) else None for a in args]
        k = next((t for t in (0, 1) if isinstance(vals[1 - t], _Attr) and isinstance(vals[t], int)), None)
        if k is None or vals[k] not in self.matmuls or len(args[k].users) != 1:
            return None
        i, b = vals[k], vals[1 - k]
        node, w = self.matmuls.pop(i)
        op = self.nodes[node].op
        if b.tensor.dim() != 1 or b.tensor.shape[0] != op.W.shape[1] or node not in self.nobias:
            return None
        from algnet.relu.torch_layers import _tensor_fracs

        op.b = _tensor_fracs(b.tensor.detach())
        del self.nobias[node]
        self.keys[node] = (self.keys[node][0], self.pname.get(id(b.tensor)) if b.parameter else None)
        self.fix_attrs(node, w, b)
        return i

    def constant_arith(self, nd, f, args, kwargs):
        """``x + c``, ``x - c``, ``c - x``, ``x * c``, ``c * x``, ``x / c`` with c a buffer or plain tensor of the
        module (not an ``nn.Parameter``), broadcast against x as torch does (e.g. an input normalisation
        ``(x - self.mean) / self.std``): a fixed affine node, no parameters. None when no argument is such a tensor
        and the other a node of the model (the caller refuses parameters and anything else)."""
        vals = [self.env.get(a) if _hashable(a) else None for a in args]
        k = next((t for t in (0, 1) if isinstance(vals[1 - t], _Attr) and not vals[1 - t].parameter
                  and isinstance(vals[t], int)), None)
        if k is None:
            return None
        import numpy as np

        from algnet.errors import ParameterError
        from algnet.relu.torch_layers import _tensor_fracs
        from algnet.relu.torch_ops import _number

        name, c, x = nd.name, vals[1 - k], vals[k]
        add_ops, sub_ops, _, div_ops = _constant_ops()
        div = f in div_ops
        if div and k == 1:
            raise NotApplicableError(f"{name}: dividing the module tensor {c.name!r} by the input is not piecewise "
                                     "linear", hint="only division by a constant tensor or a number is read")
        if kwargs.get("rounding_mode") is not None:
            raise NotApplicableError(f"{name}: division with rounding_mode={kwargs['rounding_mode']!r} is not "
                                     "piecewise linear", hint="plain division by a constant tensor")
        alpha = _number(kwargs.get("alpha", 1), name)
        shp = tuple(self.shape(x))
        t = c.tensor.detach()
        if t.dim() > len(shp) + 1:     # torch would put its extra leading axes before the batch axis
            raise NotApplicableError(f"{name}: the tensor {c.name!r} of shape {tuple(t.shape)} has more dimensions "
                                     f"than the input with its batch axis, (batch,) + {shp}: torch's result would "
                                     "move the batch axis away from the front",
                                     hint="a constant of one input's shape (or broadcastable to it)")
        try:
            out = tuple(np.broadcast_shapes((1,) + shp, tuple(t.shape)))
        except ValueError:
            out = None
        if out is None or out[0] != 1:  # an axis of size > 1 against the batch axis: no broadcast for every batch
            raise ParameterError(f"{name}: the tensor {c.name!r} of shape {tuple(t.shape)} does not broadcast "
                                 f"against the input of shape (batch,) + {shp}",
                                 hint="a constant of one input's shape (or broadcastable to it)")
        out = out[1:]
        if out != shp:
            x = self.broadcast(x, out, name)
        full = np.broadcast_to(_tensor_fracs(t), (1,) + out).reshape(out) if out else \
            np.broadcast_to(_tensor_fracs(t), (1,)).reshape(())
        sub = f in sub_ops
        if f in add_ops or sub:            # x + alpha c, x - alpha c, c + alpha x, c - alpha x
            if k == 0:
                scale, shift = Fraction(1), full * (-alpha if sub else alpha)
            else:
                scale, shift = -alpha if sub else alpha, full
            return self.elementwise(x, np.full(out, scale, dtype=object), shift, out, name)
        if div and any(v == 0 for v in full.ravel()):
            raise ParameterError(f"{name}: division by the tensor {c.name!r}, which has zero entries",
                                 hint="check the model's buffers")
        scale = np.vectorize(lambda v: 1 / v, otypes=[object])(full) if div else full
        return self.elementwise(x, scale, np.full(out, Fraction(0), dtype=object), out, name)

    def elementwise(self, x, scale, shift, shape, name):
        """The fixed affine node y = scale * x + shift (entrywise, arrays of the shape of x): one group per index
        of the leading axes along which scale or shift vary (a channel's normalisation: one group per channel)."""
        import numpy as np

        from algnet.relu.model import Affine, fractions_array

        n = int(np.prod(shape)) if shape else 1
        s, c = np.asarray(scale, dtype=object).reshape(shape), np.asarray(shift, dtype=object).reshape(shape)
        lead = 0                                  # the constant is the same along every axis from lead on
        for ax in range(len(shape)):
            if any(not (np.take(a, [0], axis=ax) == a).all() for a in (s, c)):
                lead = ax + 1
        G = int(np.prod(shape[:lead])) if lead else 1
        L = n // G
        idx = np.arange(n).reshape(G, L, 1)
        W = fractions_array(s.reshape(G, L)[:, :1].reshape(G, 1, 1))
        b = fractions_array(c.reshape(G, L)[:, 0])
        return self.add(Affine(idx, W, b, "fixed"), [x], tuple(shape), name)

    def fix_attrs(self, node, w, b):
        """The entries of F.linear's tensors that are no parameters: buffers and plain tensors, and frozen ones with
        frozen='fixed' (as :mod:`algnet.relu.torch_fixed` marks a layer's)."""
        import numpy as np

        fixed = np.concatenate([np.full(t.tensor.numel(), not t.parameter or (self.frozen == "fixed" and not
                                                                             t.tensor.requires_grad), dtype=bool)
                                for t in (w, b) if t is not None])
        self.nodes[node].op.fixed = fixed if fixed.any() else None

    def compare(self, nd, op, args):
        a, b = args[0], args[1]
        if self._tensor(a) and isinstance(b, (int, float)):
            return _Sign(self.arg(a), op, Fraction(b))
        if self._tensor(b) and isinstance(a, (int, float)):
            return _Sign(self.arg(b), _FLIP[op], Fraction(a))
        raise NotApplicableError(f"{nd.name}: a comparison of {a} with {b} (only a tensor with a number is read)",
                                 hint="compare a tensor with the number 0 in torch.where only: " + _HINT_WHERE)

    def _branch(self, v, x, name):
        """The coefficient c of a branch of torch.where that is c x (x itself, a number times x, -x, 0); None when
        it is anything else."""
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return Fraction(0) if v == 0 else None
        c = self.env.get(v) if _hashable(v) else None
        if isinstance(c, _Attr) and c.tensor.numel() == 1 and not c.parameter:      # torch.tensor(0.0)
            return Fraction(0) if float(c.tensor) == 0 else None
        if not self._tensor(v):
            return None
        i = self.env[v]
        if i == x:
            return Fraction(1)
        nd = self.nodes[i]
        if isinstance(nd.op, Combine) and nd.inputs == (x,):
            return Fraction(nd.op.coeffs[0])
        return None

    def where(self, nd, args, kwargs):
        from algnet.relu.torch_ops import _get

        name = nd.name
        cond, a, b = (_get(args, kwargs, k, n, None) for k, n in ((0, "condition"), (1, "input"), (2, "other")))
        s = self.env.get(cond) if _hashable(cond) else None
        if not isinstance(s, _Sign):
            raise NotApplicableError(f"{name}: torch.where with a condition that is not a comparison of a tensor "
                                     "with a number", hint=_HINT_WHERE)
        x = s.x
        ca, cb = self._branch(a, x, name), self._branch(b, x, name)
        if ca is None or cb is None:
            raise NotApplicableError(f"{name}: torch.where whose branches are not the compared tensor h times "
                                     "numbers (h, s * h, -h, 0)", hint=_HINT_WHERE)
        if s.t != 0 and ca != cb:
            raise NotApplicableError(f"{name}: torch.where(h {s.op} {s.t}, ...) jumps at h = {s.t}: not continuous, "
                                     "so not a piecewise-linear network", hint=_HINT_WHERE)
        pos, neg = (ca, cb) if s.op in (">", ">=") else (cb, ca)       # h > 0: the first branch
        return self.two_slopes(x, pos, neg, name)

    def two_slopes(self, x, pos, neg, name):
        """The node p x for x > 0, q x for x < 0: p times an activation of slope q / p, or (p = 0) -q relu(-x)."""
        shp = self.shape(x)
        if pos == neg:
            return x if pos == 1 else self.add(Combine((pos,)), [x], shp, name)
        if pos == 0:
            y = self.add(Combine((Fraction(-1),)), [x], shp, f"{name}:negate")
            y = self.activation(y, Fraction(0), f"{name}:relu", "relu")
            return self.add(Combine((-neg,)), [y], shp, name)
        slope = neg / pos
        kind = "relu" if slope == 0 else "abs" if slope == -1 else "leaky_relu"
        y = self.activation(x, slope, name if pos == 1 else f"{name}:activation", kind)
        return y if pos == 1 else self.add(Combine((pos,)), [y], shp, name)

    def masked(self, nd, args):
        """h * (h > 0) (or the mask first): the activation that is h where the mask holds, 0 elsewhere."""
        m, other = (args[0], args[1]) if isinstance(self.env.get(args[0]) if _hashable(args[0]) else None, _Sign) \
            else (args[1], args[0])
        s = self.env[m]
        c = self._branch(other, s.x, nd.name)
        if c is None or s.t != 0:
            raise NotApplicableError(f"{nd.name}: a tensor times a comparison mask other than h * (h > 0)",
                                     hint=_HINT_WHERE)
        return self.two_slopes(s.x, c, Fraction(0), nd.name) if s.op in (">", ">=") else \
            self.two_slopes(s.x, Fraction(0), c, nd.name)

    def mask_method(self, nd):
        """``.float()``, ``.to(...)``, ``.type_as(...)`` of a mask: the same mask (a number type); None otherwise."""
        v = self.env.get(nd.args[0]) if _hashable(nd.args[0]) else None
        if isinstance(v, _Sign) and nd.target in ("float", "double", "half", "to", "type_as", "type"):
            return v
        if isinstance(v, _Attr) and not v.parameter and nd.target in _CONSTANT_METHODS and len(nd.args) == 2:
            f = _constant_ops()[_CONSTANT_METHODS[nd.target]][0]              # self.mean.sub(x), from c - x
            got = self.constant_arith(nd, f, nd.args, nd.kwargs)
            if got is not None:
                return got
        if isinstance(v, (_Sign, _Attr)):
            if isinstance(v, _Attr):
                raise self.attr_refused(v)
            raise NotApplicableError(f"{nd.name}: .{nd.target}() of a comparison mask", hint=_HINT_WHERE)
        return None


_CONSTANT_METHODS = {"add": 0, "sub": 1, "mul": 2, "div": 3, "true_divide": 3}


def _constant_ops():
    import torch

    return ((operator.add, torch.add), (operator.sub, torch.sub), (operator.mul, torch.mul),
            (operator.truediv, torch.div, torch.true_divide))


def _hashable(a) -> bool:
    try:
        hash(a)
    except TypeError:
        return False
    return True
