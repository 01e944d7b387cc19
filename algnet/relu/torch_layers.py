"""Exact translations of single PyTorch layers into piecewise-linear model nodes (:mod:`algnet.relu.model`).

The torch importer (:func:`~algnet.relu.torch_import.from_torch_model`) walks the traced graph; this module writes
each layer's arithmetic: weights as the exact rationals the floats represent, the patch indices of convolutions
and pooling windows (stride, padding, dilation, groups), BatchNorm folded into the layer before it or kept as a
per-channel affine map, and (Leaky/P)ReLU slopes. It also records which ``nn.Parameter`` each node's weights are
(one parameter used twice: tied weights).

Examples
--------
>>> idx, Ho, Wo = _conv_index(1, 3, 3, (2, 2), (1, 1), (0, 0), (1, 1), 1)   # 2x2 windows of a 3x3 image
>>> Ho, Wo, idx[0, 0].tolist()
(2, 2, [0, 1, 3, 4])
>>> _sqrt_fraction(Fraction(9, 4))
(Fraction(3, 2), True)
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from algnet.errors import NotApplicableError, ParameterError
from algnet.relu.model import Activation, Affine, Combine, Gather, MaxPool, Node, fractions_array

__all__: list = []


def _tensor_fracs(t) -> np.ndarray:
    if getattr(t, "is_meta", False):      # .cpu() of a meta tensor raised a bare NotImplementedError
        raise ParameterError("the model's weights are on the meta device (shapes only, no values)",
                             hint="load or initialise the weights first (e.g. model.to_empty(device='cpu') and "
                                  "load_state_dict, or torch.load with map_location='cpu')")
    a = t.detach().cpu().double().numpy()
    if not np.isfinite(a).all():
        raise ParameterError("a weight is NaN or infinite", hint="the model's weights must be finite")
    return fractions_array(a)


def _pair(v, n=2):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def _spatial(shape, nd):
    """(C, spatial sizes) of a (C, L), (C, H, W) or (C, D, H, W) input of a 1-, 2- or 3-d layer; a 1-d layer's
    input is read as (C, 1, L)."""
    if len(shape) != nd + 1:
        axes = {1: "C, L", 2: "C, H, W", 3: "C, D, H, W"}[nd]
        raise ParameterError(f"expected a ({axes}) input, got shape {shape}",
                             hint="give the input shape without the batch dimension (--input-shape "
                                  f"{axes.replace(', ', ',')})")     # said C,H,W for a Conv1d too
    return (shape[0],) + ((1,) + tuple(shape[1:]) if nd == 1 else tuple(shape[1:]))


def _window_index(C, dims, k, stride, pad, dil, groups, after=None):
    """Patch indices (groups, L, (C/g) prod(k)) into the flattened (C, *dims) input (index n_in reads a zero), and
    the output sizes; ``pad`` zeros before each spatial axis and ``after`` (default ``pad``) after it. The output
    positions are in C order, each patch ordered (input channel, kernel offsets in C order), as torch's weights."""
    after = pad if after is None else after
    out = tuple((d + p + a - dl * (kk - 1) - 1) // s + 1
                for d, kk, s, p, a, dl in zip(dims, k, stride, pad, after, dil))
    if any(o <= 0 for o in out):
        raise ParameterError(f"the kernel {tuple(k)} does not fit the input {'x'.join(map(str, dims))}",
                             hint="check the input shape")
    nd = len(dims)
    n_sp = int(np.prod(dims))
    flat = np.zeros(out + tuple(k), dtype=np.int64)           # (output position..., kernel offset...)
    valid = np.ones(out + tuple(k), dtype=bool)
    step = n_sp
    for a in range(nd):
        step //= dims[a]
        c = np.arange(out[a])[:, None] * stride[a] - pad[a] + np.arange(k[a])[None, :] * dil[a]
        shape = [1] * (2 * nd)
        shape[a], shape[nd + a] = out[a], k[a]
        c = c.reshape(shape)
        valid = valid & (c >= 0) & (c < dims[a])
        flat = flat + c * step
    Cg = C // groups
    L, K = int(np.prod(out)), int(np.prod(k))
    res = np.empty((groups, L, Cg * K), dtype=np.int64)
    for g in range(groups):
        chans = np.arange(g * Cg, (g + 1) * Cg).reshape((Cg,) + (1,) * (2 * nd))
        idx = np.where(valid[None], chans * n_sp + flat[None], C * n_sp)     # (Cg, out..., k...)
        res[g] = np.moveaxis(idx, 0, nd).reshape(L, Cg * K)
    return res, out


def _conv_index(C, H, W, k, stride, pad, dil, groups, after=None):
    """Patch indices (groups, L, (C/g) kh kw) into the flattened (C, H, W) input (n_in = zero); ``pad`` zeros before
    each spatial axis and ``after`` (default ``pad``) after it."""
    idx, (Ho, Wo) = _window_index(C, (H, W), k, stride, pad, dil, groups, after)
    return idx, Ho, Wo


def _transposed(a, groups):
    """A ConvTranspose weight array (in, out / groups, *k) as the equal convolution's (out, in / groups, *k): the
    kernels flipped, input and output channels swapped within each group.

    Examples
    --------
    >>> _transposed(np.arange(4).reshape(2, 1, 2), 1).tolist()            # 2 inputs, 1 output, kernel 2
    [[[1, 0], [3, 2]]]
    """
    cin, og, *k = a.shape
    b = a.reshape((groups, cin // groups, og) + tuple(k))
    b = np.flip(b, axis=tuple(range(3, 3 + len(k)))).swapaxes(1, 2)
    return np.ascontiguousarray(b.reshape((groups * og, cin // groups) + tuple(k)))


def _sqrt_fraction(v: Fraction):
    """(sqrt(v), exact?) : exact when v is the square of a rational, else the float64 square root."""
    if v <= 0:
        raise ParameterError(f"BatchNorm variance + eps = {v} is not positive", hint="check the running statistics")
    a, b = math.isqrt(v.numerator), math.isqrt(v.denominator)
    if a * a == v.numerator and b * b == v.denominator:
        return Fraction(a, b), True
    return Fraction(math.sqrt(float(v))), False


class _Layers:
    """Layer translations onto ``self.nodes`` (a list of :class:`~algnet.relu.model.Node`); the importer's graph
    walker sets ``nodes``, ``notes``, ``nobias``, ``keys``, ``pname``, ``uses``, ``name_uses`` and ``frozen``."""

    def _keys(self, node, *params):
        self.keys[node] = tuple(None if p is None else self.pname.get(id(p)) for p in params)

    def _shared(self, *params):
        return any(p is not None and self.uses.get(id(p), 0) > 1 for p in params)

    def add(self, op, inputs, shape, name):
        self.nodes.append(Node(op, tuple(inputs), tuple(int(s) for s in shape), name))
        return len(self.nodes) - 1

    def shape(self, i):
        return self.nodes[i].shape

    # -------------------------------------------------------------- layers
    def conv(self, x, weight, bias, stride, pad, dil, groups, nd, name, kind="conv", padding_mode="zeros"):
        C, *dims = _spatial(self.shape(x), nd)
        k = (1, weight.shape[2]) if nd == 1 else tuple(weight.shape[2:])
        st, dl = _pair(stride, nd), _pair(dil, nd)
        if nd == 1:
            st, dl = (1,) + st, (1,) + dl
        after = None
        if isinstance(pad, str):
            if pad not in ("same", "valid"):
                raise NotApplicableError(f"{name}: padding={pad!r} is not supported",
                                         hint="integer padding, 'same' or 'valid'")
            # torch's 'same' (stride 1): dilation (k - 1) zeros in all, half before (rounded down), the rest after
            total = [d * (kk - 1) if pad == "same" else 0 for d, kk in zip(dl, k)]
            pd, after = tuple(t // 2 for t in total), tuple(t - t // 2 for t in total)
        else:
            pd = _pair(pad, nd)
            if nd == 1:
                pd = (0,) + pd
        if padding_mode != "zeros":       # a copy of the input padded with its own coordinates, then no padding
            x, dims = self.pad_copy(x, C, dims, pd, pd if after is None else after, padding_mode, nd, name)
            pd, after = (0,) * len(dims), None
        idx, out = _window_index(C, dims, k, st, pd, dl, groups, after)
        Wf = _tensor_fracs(weight)
        O = Wf.shape[0]
        Wg = Wf.reshape(groups, O // groups, -1)
        b = _tensor_fracs(bias) if bias is not None else fractions_array(np.zeros(O, dtype=int))
        shape = (O,) + (out[1:] if nd == 1 else out)
        meta = None if nd == 3 else {"in_shape": (C, *dims), "kernel": k, "stride": st, "dilation": dl,
                                     "padding": pd if after in (None, pd) else "same", "groups": groups}
        # (torch's conv2d pads 'same' as above; a 3-d convolution is computed from its patches, no conv meta)
        i = self.add(Affine(idx, Wg, b, kind, conv=meta), [x], shape, name)
        if bias is None:
            self.nobias[i] = name
        self._keys(i, weight, bias)
        return i

    def conv_transpose(self, x, weight, bias, stride, pad, out_pad, dil, groups, nd, name):
        """ConvTranspose1d/2d/3d: the input spread out with stride - 1 zeros between its entries and dilation (k - 1)
        - padding zeros on each side (output_padding more after; a negative count crops), then the convolution of
        stride 1 with the kernels flipped and their input and output channels swapped (each entry one of torch's
        weights). Returns the node and the permutation of torch's weight entries (``_transposed``)."""
        C, *dims = _spatial(self.shape(x), nd)
        k = (1, weight.shape[2]) if nd == 1 else tuple(weight.shape[2:])
        st, pd, op, dl = (_pair(v, nd) for v in (stride, pad, out_pad, dil))
        if nd == 1:
            st, pd, op, dl = (1,) + st, (0,) + pd, (0,) + op, (1,) + dl
        n = C * int(np.prod(dims))
        spread = [(L - 1) * s + 1 for L, s in zip(dims, st)]
        before = [d * (kk - 1) - p for kk, p, d in zip(k, pd, dl)]
        after = [b + o for b, o in zip(before, op)]
        grid = np.full((C,) + tuple(f + max(b, 0) + max(a, 0) for f, b, a in zip(spread, before, after)), n)
        grid[(slice(None),) + tuple(slice(max(b, 0), max(b, 0) + f, s) for f, b, s in zip(spread, before, st))] = \
            np.arange(n).reshape((C,) + tuple(dims))
        grid = grid[(slice(None),) + tuple(slice(max(-b, 0), g - max(-a, 0))
                                           for g, b, a in zip(grid.shape[1:], before, after))]
        if min(grid.shape) <= 0:
            raise ParameterError(f"{name}: the padding {tuple(pd)} leaves no output", hint="check the input shape")
        op_ = Affine(grid.reshape(1, -1, 1), fractions_array(np.ones((1, 1, 1), dtype=int)),
                     fractions_array(np.zeros(1, dtype=int)), "pad")
        i = self.add(op_, [x], (C,) + (grid.shape[2:] if nd == 1 else grid.shape[1:]), f"{name}:spread")
        perm = _transposed(np.arange(weight.numel()).reshape(tuple(weight.shape)), groups)
        w = weight.detach().reshape(-1)[perm.ravel()].reshape(perm.shape)
        return self.conv(i, w, bias, 1, 0, dil, groups, nd, name), perm

    def pad_copy(self, x, C, dims, before, after, mode, nd, name):
        """The (C, *dims) input padded with copies of its own coordinates (a convolution's padding_mode 'reflect',
        'replicate' or 'circular', as torch pads them): a Gather; returns its node and spatial sizes."""
        np_mode = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}.get(mode)
        if np_mode is None:
            raise NotApplicableError(f"{name}: padding_mode={mode!r} is not supported",
                                     hint="'zeros', 'reflect', 'replicate' or 'circular'", module=name)
        for d, b, a in zip(dims, before, after):
            if (mode == "reflect" and max(b, a) >= d) or (mode == "circular" and max(b, a) > d):
                raise ParameterError(f"{name}: padding {max(b, a)} is too large for padding_mode={mode!r} on an axis "
                                     f"of size {d}", hint="check the input shape")
        base = np.arange(C * int(np.prod(dims))).reshape((C,) + tuple(dims))
        perm = np.pad(base, [(0, 0)] + [(int(b), int(a)) for b, a in zip(before, after)], mode=np_mode)
        shape = (perm.shape[0],) + (perm.shape[2:] if nd == 1 else perm.shape[1:])
        return self.add(Gather(perm.ravel()), [x], shape, f"{name}:pad"), tuple(perm.shape[1:])

    def linear(self, x, weight, bias, name):
        n_in = self.nodes[x].size
        shp = self.shape(x)
        if len(shp) != 1:
            return self.token_linear(x, weight, bias, name)
        Wf = _tensor_fracs(weight)
        if Wf.shape[1] != n_in:
            raise ParameterError(f"{name}: Linear expects {Wf.shape[1]} inputs, gets {n_in}", hint="check the input shape")
        b = _tensor_fracs(bias) if bias is not None else fractions_array(np.zeros(Wf.shape[0], dtype=int))
        i = self.add(Affine(np.arange(n_in).reshape(1, 1, n_in), Wf.reshape(1, *Wf.shape), b, "linear"), [x],
                     (Wf.shape[0],), name)
        if bias is None:
            self.nobias[i] = name
        self._keys(i, weight, bias)
        return i

    def token_linear(self, x, weight, bias, name):
        """A Linear layer on the last axis of a (..., T, d) tensor (token-wise): one Affine over the positions (the
        same weights at each, as a convolution's) with output layout (o, positions), then the transpose to
        (..., o)."""
        shp = self.shape(x)
        d, T = shp[-1], int(np.prod(shp[:-1]))
        Wf = _tensor_fracs(weight)
        if Wf.shape[1] != d:
            raise ParameterError(f"{name}: Linear expects {Wf.shape[1]} features, gets a {shp} tensor",
                                 hint="check the input shape")
        o = Wf.shape[0]
        b = _tensor_fracs(bias) if bias is not None else fractions_array(np.zeros(o, dtype=int))
        idx = np.arange(T * d).reshape(1, T, d)
        i = self.add(Affine(idx, Wf.reshape(1, o, d), b, "linear"), [x], (o, T), name)
        if bias is None:
            self.nobias[i] = name
        self._keys(i, weight, bias)
        perm = np.arange(o * T).reshape(o, T).T          # (T, o): position-major, as torch lays it out
        return self.add(Gather(perm.ravel()), [i], tuple(shp[:-1]) + (o,), f"{name}:transpose")

    def avgpool(self, x, k, stride, pad, nd, name, ceil_mode=False, count_include_pad=True, divisor=None):
        """Average pooling: one weight 1/k per channel; with ceil_mode, or count_include_pad=False and padding,
        the divisors differ between windows: read off torch's forward (:mod:`algnet.relu.torch_linear`)."""
        if ceil_mode or (divisor is None and not count_include_pad and any(_pair(pad, nd))):
            import torch.nn.functional as F

            f = (F.avg_pool1d, F.avg_pool2d, F.avg_pool3d)[nd - 1]
            extra = () if nd == 1 else (divisor,)
            return self.probed(x, lambda t: f(t, k, stride if stride not in (None, []) else k, pad, ceil_mode,
                                              count_include_pad, *extra), name, "average pooling")
        C, *dims = _spatial(self.shape(x), nd)
        k = _pair(k, nd)
        stride = _pair(stride if stride not in (None, []) else k, nd)
        pad = _pair(pad, nd)
        if nd == 1:
            k, stride, pad = (1,) + k, (1,) + stride, (0,) + pad
        idx, out = _window_index(C, dims, k, stride, pad, (1,) * len(k), C)
        kk = int(np.prod(k))
        if divisor is not None and (isinstance(divisor, bool) or not isinstance(divisor, int) or divisor <= 0):
            raise ParameterError(f"{name}: divisor_override={divisor!r}", hint="a positive integer")
        Wg = fractions_array(np.full((C, 1, kk), Fraction(1, divisor or kk), dtype=object))   # divisor_override
        b = fractions_array(np.zeros(C, dtype=int))
        meta = None if nd == 3 else {"in_shape": (C, *dims), "kernel": k, "stride": stride, "padding": pad,
                                     "dilation": (1, 1), "groups": C}
        return self.add(Affine(idx, Wg, b, "avgpool", conv=meta), [x], (C,) + (out[1:] if nd == 1 else out), name)

    def maxpool(self, x, k, stride, pad, dil, nd, name, ceil_mode=False, return_indices=False):
        """Max pooling: each window's padded entries (torch's -inf) replaced by one of its inputs. With
        ``ceil_mode`` the last windows may pass the end of an axis (torch's rule: each starts inside the input or
        its left padding): the part past it is padding too."""
        if return_indices:
            raise NotApplicableError(f"{name}: max pooling with return_indices is not supported",
                                     hint="use the defaults")
        C, *dims = _spatial(self.shape(x), nd)
        k = _pair(k, nd)
        stride = _pair(stride if stride not in (None, []) else k, nd)
        pad, dil = _pair(pad, nd), _pair(dil, nd)
        if nd == 1:
            k, stride, pad, dil = (1,) + k, (1,) + stride, (0,) + pad, (1,) + dil
        after = pad
        if ceil_mode:
            after = []
            for L, kk, s, p, d in zip(dims, k, stride, pad, dil):
                span = L + 2 * p - d * (kk - 1) - 1
                o = -(-span // s) + 1
                o -= (o - 1) * s >= L + p
                after.append(p + max(0, (o - 1) * s - span))
        idx, out = _window_index(C, dims, k, stride, pad, dil, C, tuple(after))   # (C, L, kk), n_in = padding
        win = idx.reshape(C * int(np.prod(out)), -1)
        n_in = C * int(np.prod(dims))
        first = np.where(win < n_in, win, np.iinfo(np.int64).max).min(axis=1)
        if (first >= n_in).any():
            raise ParameterError(f"{name}: a max-pooling window holds no input", hint="check the padding")
        win = np.where(win < n_in, win, first[:, None])
        return self.add(MaxPool(win), [x], (C,) + (out[1:] if nd == 1 else out), name)

    def batchnorm(self, x, bn, name, fx_input):
        if bn.training:
            raise ParameterError(f"{name}: BatchNorm is in training mode", hint="call model.eval() before importing")
        if bn.running_mean is None:
            raise NotApplicableError(f"{name}: BatchNorm without running statistics", hint="track_running_stats=True")
        C = self.shape(x)[0]
        mean, var = _tensor_fracs(bn.running_mean), _tensor_fracs(bn.running_var)
        gamma = _tensor_fracs(bn.weight) if bn.weight is not None else fractions_array(np.ones(C, dtype=int))
        beta = _tensor_fracs(bn.bias) if bn.bias is not None else fractions_array(np.zeros(C, dtype=int))
        eps = Fraction(float(bn.eps))
        s = np.empty(C, dtype=object)
        rounded = False
        for c in range(C):
            r, exact = _sqrt_fraction(var[c] + eps)
            rounded |= not exact
            s[c] = gamma[c] / r
        t = beta - mean * s
        if rounded:
            self.notes.append(f"{name}: 1/sqrt(running_var + eps) rounded to float64 (irrational)")
        src = self.nodes[x]
        # folded only when neither the layer's nor the BatchNorm's parameters are shared: a folded node's weights
        # W s are no longer the layer's tensor W, so a shared W could not be tied to its other uses
        mine = self.keys.get(x, (None, None))
        shared = self._shared(bn.weight, bn.bias) or any(self.name_uses.get(k_, 0) > 1 for k_ in mine)
        # nor when neither has a bias parameter: the folded bias b s + t = -mean s would be a constant, and made a
        # parameter it raised D and the functional dimension (Linear(bias=False) + BatchNorm(affine=False): 17, 13
        # for a model with 13 parameters)
        fixed_shift = x in self.nobias and bn.bias is None
        # nor when a scale gamma_c is 0: (W, b, gamma, beta) -> (W s, b s + t) is a submersion only where every s_c
        # is nonzero; at gamma_c = 0 the layer's row c no longer acts, yet the folded row W s = 0 was free (a
        # functional dimension 9 where torch's Jacobian has rank 8)
        zero_scale = bn.weight is not None and any(g == 0 for g in gamma)
        # nor when an entry of the layer is fixed at a nonzero value or in its bias (frozen): W s moves with gamma;
        # pruned weights (fixed at 0) stay 0 in W s
        fixed = src.op.fixed if isinstance(src.op, Affine) else None
        kept = fixed is None or (not fixed[src.op.W.size:].any() and all(
            w == 0 for w in src.op.W.ravel()[fixed[:src.op.W.size]]))
        frozen_bn = self.frozen == "fixed" and any(p is not None and not p.requires_grad for p in (bn.weight, bn.bias))
        if isinstance(src.op, Affine) and len(fx_input.users) == 1 and src.op.kind in ("linear", "conv") \
                and not shared and not fixed_shift and not zero_scale and kept and not frozen_bn:
            G, Og, _ = src.op.W.shape
            ch = np.arange(G * Og).reshape(G, Og)
            W = src.op.W * s[ch][:, :, None]
            b = src.op.b * s + t
            src.op = Affine(src.op.idx, W, b, src.op.kind, conv=src.op.conv, fixed=fixed)
            fewer = sum(p.numel() for p in (bn.weight, bn.bias) if p is not None) - (C if x in self.nobias else 0)
            if fewer:       # parameters below sum(p.numel()): said, not silent
                self.notes.append(f"{name}: BatchNorm folded into the layer {src.name} before it: its scale and "
                                  "shift only rescale and shift that layer's outputs, so the parameters counted are "
                                  f"the folded layer's ({fewer} fewer than the model's; the same functions, the same "
                                  "functional dimension)")
            src.name += f"+{name}"
            self.nobias.pop(x, None)      # BatchNorm's shift is the layer's bias now
            self.keys.pop(x, None)        # W s, b s + t: the folded layer's own parameters
            return x
        L = self.nodes[x].size // C
        idx = (np.arange(C)[:, None] * L + np.arange(L)[None, :]).reshape(C, L, 1)
        kind = "batchnorm" if bn.weight is not None else "batchnorm_fixed"    # affine=False: no parameters
        if frozen_bn:
            if bn.weight.requires_grad or bn.bias is None or bn.bias.requires_grad:
                raise NotApplicableError(f"{name}: BatchNorm with one of weight, bias frozen and frozen='fixed'",
                                         hint="freeze both or neither, or frozen='parameters'", module=name)
            kind = "batchnorm_fixed"
        i = self.add(Affine(idx, s.reshape(C, 1, 1), t, kind), [x], self.shape(x), name)
        if kind == "batchnorm":           # (s, t) is an invertible linear image of (gamma, beta): tied alike
            self._keys(i, bn.weight, bn.bias)
        return i

    def activation(self, x, slope, name, kind):
        shp = self.shape(x)
        n = self.nodes[x].size
        if np.ndim(slope) == 0:
            slopes = np.full(n, slope, dtype=object)
        else:
            sl = np.asarray(slope, dtype=object).ravel()
            if sl.size == 1:
                slopes = np.full(n, sl[0], dtype=object)
            elif sl.size == shp[0]:
                slopes = np.repeat(sl, n // shp[0])
            else:
                raise ParameterError(f"{name}: {sl.size} PReLU slopes for {shp[0]} channels", hint="one or C slopes")
        return self.add(Activation(fractions_array(slopes), kind), [x], shp, name)

    def reshape(self, x, shape, name):
        n = self.nodes[x].size
        shape = list(shape)
        if -1 in shape:
            k = shape.index(-1)
            rest = int(np.prod([s for s in shape if s != -1])) if len(shape) > 1 else 1
            shape[k] = n // max(rest, 1)
        if int(np.prod(shape)) != n:
            raise ParameterError(f"{name}: cannot reshape {self.shape(x)} to {tuple(shape)}", hint="check the input shape")
        return self.add(Gather(np.arange(n)), [x], tuple(shape), name)

    def shift(self, x, c, name):
        """x + c coordinatewise (a fixed affine node, no parameters: it breaks the rescaling of the units before it)."""
        n = self.nodes[x].size
        op = Affine(np.arange(n).reshape(1, n, 1), fractions_array(np.ones((1, 1, 1), dtype=int)),
                    fractions_array([c]), "shift")
        return self.add(op, [x], self.shape(x), name)

    def clamp_range(self, x, lo, hi, name):
        """clamp(x, lo, hi) exactly, with ReLUs and fixed shifts: lo + relu(x - lo) - relu(x - hi) (either bound may
        be None). Its activation nodes are ``name:min`` (x > lo) and ``name:max`` (x > hi).

        Hardtanh, ReLU6 and clamp with other bounds than min=0 had been refused as having no exact translation."""
        if lo is not None and hi is not None and lo > hi:
            raise NotApplicableError(f"{name}: clamp with min {lo} > max {hi} (a constant)",
                                     hint="min <= max")
        if lo is not None and hi is not None and lo == hi:
            raise NotApplicableError(f"{name}: clamp with min = max = {lo} is a constant", hint="min < max")
        ups = []
        if lo is not None:
            y = self.activation(x if lo == 0 else self.shift(x, -lo, f"{name}:shift"), Fraction(0), f"{name}:min",
                                "clamp_min")
            ups.append(y)
        if hi is not None:
            ups.append(self.activation(self.shift(x, -hi, f"{name}:shift"), Fraction(0), f"{name}:max", "clamp_max"))
        if lo is None:                                   # x - relu(x - hi)
            return self.add(Combine((Fraction(1), Fraction(-1))), [x, ups[0]], self.shape(x), name)
        y = ups[0] if hi is None else self.add(Combine((Fraction(1), Fraction(-1))), ups, self.shape(x), name)
        return y if lo == 0 else self.shift(y, lo, name)
