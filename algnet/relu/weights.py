"""ReLU network weights from files or from PyTorch, converted exactly to rationals.

Formats:

* ``.npz``: arrays ``W1, b1, W2, b2, ...`` (W_l of shape (n_l, n_(l-1))), or
  a PyTorch-style state dict saved with numpy (keys ``<k>.weight``,
  ``<k>.bias`` in layer order).
* ``.json``: ``{"W1": [[...]], "b1": [...], ...}`` or ``{"layers": [{"W": ..., "b": ...}, ...]}``;
  entries are numbers or strings ``"p/q"`` (an optional ``"spec"`` is checked).
* a PyTorch ``nn.Sequential`` of ``Linear`` and ``ReLU`` layers
  (:func:`from_torch`; torch is an optional extra): float32 values are
  converted to the exact rationals they represent.

Floats are always converted exactly (``Fraction(float)``), never rounded. Integers and ``"p/q"`` strings are read
exactly whatever their length (Python itself refuses integers of more than 4300 digits in text); a JSON number
with a decimal point is a float64, except one beyond float64's range (1.8e308), which is read exactly as written.

Examples
--------
>>> import json, tempfile, os
>>> d = {"W1": [[1, -1]], "b1": ["1/2"], "W2": [[2]], "b2": [0]}
>>> path = os.path.join(tempfile.mkdtemp(), "w.json")
>>> json.dump(d, open(path, "w"))
>>> net, theta = load_weights(path)
>>> net.spec, [str(t) for t in theta]
('relu 2-1-1', ['1', '-1', '1/2', '2', '0'])
"""

from __future__ import annotations

import json
import re

import numpy as np

from algnet.architectures.relu import ReluNetwork, to_fraction
from algnet.errors import NotApplicableError, ParameterError
from algnet.numtext import abbreviate, int_str, str_fraction, str_int

__all__ = ["load_weights", "from_torch", "network_from_layers", "save_weights"]


def network_from_layers(layers) -> tuple:
    """(ReluNetwork, theta) from a list of (W, b) pairs (nested lists or arrays).

    Examples
    --------
    >>> net, th = network_from_layers([([[1.5]], [0]), ([[1], [2]], [0, 0.25])])
    >>> net.spec, [str(t) for t in th]
    ('relu 1-1-2', ['3/2', '0', '1', '2', '0', '1/4'])
    """
    if not layers:
        raise ParameterError("no layers", hint="give at least one (W, b) pair")
    widths, theta = [], []
    for l, (W, b) in enumerate(layers, start=1):
        W = np.asarray(W, dtype=object)
        b = np.asarray(b, dtype=object).ravel()
        if W.ndim != 2:
            raise ParameterError(f"W{l} must be a matrix, got shape {W.shape}", hint="shape (n_l, n_(l-1))")
        if b.shape[0] != W.shape[0]:
            raise ParameterError(f"b{l} has {b.shape[0]} entries, W{l} has {W.shape[0]} rows", hint="one bias per neuron")
        if not widths:
            widths.append(W.shape[1])
        elif W.shape[1] != widths[-1]:
            raise ParameterError(f"W{l} has {W.shape[1]} columns, the previous layer has {widths[-1]} neurons",
                                 hint="shapes must chain: W_l is (n_l, n_(l-1))")
        widths.append(W.shape[0])
        theta += [_rational(x, f"W{l}") for x in W.ravel().tolist()] + [_rational(x, f"b{l}") for x in b.tolist()]
    net = ReluNetwork(widths)
    th = np.empty(len(theta), dtype=object)
    th[:] = theta
    return net, th


def _rational(x, where: str):
    """An exact rational weight; text (``'p/q'``, an integer or a decimal) of any length."""
    if isinstance(x, str):
        try:
            return str_fraction(x)
        except (ValueError, ZeroDivisionError) as e:
            raise ParameterError(f"{where}: the entry {abbreviate(repr(x))} is not a rational number ({e})",
                                 hint="write integers, decimals or p/q") from None
    return to_fraction(x)


def _json_float(text: str):
    """A JSON number with a decimal point or an exponent: its float64, or the exact rational when it is beyond
    float64's range (a float would be inf)."""
    f = float(text)
    if f in (float("inf"), float("-inf")):
        return str_fraction(text)
    return f


def _from_mapping(d) -> list:
    if "layers" in d:
        return [(L["W"], L["b"]) for L in d["layers"]]
    keys = set(d.keys())
    if any(re.fullmatch(r"W\d+", k) for k in keys):
        out, l = [], 1
        while f"W{l}" in keys:
            if f"b{l}" not in keys:
                raise ParameterError(f"W{l} has no bias b{l}", hint="ReLU networks here have biases in every layer")
            out.append((d[f"W{l}"], d[f"b{l}"]))
            l += 1
        return out
    wk = [k for k in d.keys() if k.endswith("weight")]
    if wk:
        def order(k):
            nums = re.findall(r"\d+", k)
            return [int(n) for n in nums]

        wk.sort(key=order)
        out = []
        for k in wk:
            bk = k[: -len("weight")] + "bias"
            if bk not in d:
                raise ParameterError(f"{k} has no matching {bk}", hint="Linear layers must have biases")
            out.append((d[k], d[bk]))
        return out
    raise ParameterError(f"no weights found (keys: {sorted(keys)[:8]})",
                         hint="use keys W1, b1, W2, b2, ... or 'layers': [{'W':..., 'b':...}]")


def load_weights(path: str, spec=None) -> tuple:
    """(ReluNetwork, theta) from a ``.npz`` or ``.json`` file (see the module doc).

    If ``spec`` is given the widths must match it.

    Examples
    --------
    >>> import numpy as np, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "w.npz")
    >>> np.savez(path, W1=[[1.0, -1.0]], b1=[0.5], W2=[[2.0]], b2=[0.0])
    >>> net, theta = load_weights(path, spec="relu 2-1-1")
    >>> net.spec, [str(t) for t in theta]
    ('relu 2-1-1', ['1', '-1', '1/2', '2', '0'])
    >>> load_weights(path, spec="relu 2-3-1")
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: ... holds a relu 2-1-1 network, not relu 2-3-1
      hint: use the spec 'relu 2-1-1', or another weights file
    """
    import os

    if not os.path.isfile(str(path)):
        raise ParameterError(f"no weights file {path}", hint="a .npz or .json file (W1, b1, W2, b2, ...)")
    if os.path.getsize(str(path)) == 0:
        raise ParameterError(f"the weights file {path} is empty", hint="write the weights again")
    try:
        if str(path).endswith(".npz"):
            with np.load(path, allow_pickle=False) as z:
                d = {k: z[k] for k in z.files}
            if "spec" in d:
                d["spec"] = str(d["spec"])
        else:
            with open(path) as fh:
                d = json.load(fh, parse_int=str_int, parse_float=_json_float)
    except Exception as e:  # corrupt, truncated, not JSON / npz, pickled objects
        raise ParameterError(f"cannot read weights from {path}: {type(e).__name__}: {str(e)[:160]}",
                             hint="a .npz (np.savez) or .json file; is it truncated?") from None
    if not isinstance(d, dict):
        raise ParameterError(f"{path}: expected a JSON object", hint="keys W1, b1, ...")
    try:
        net, theta = network_from_layers(_from_mapping(d))
    except (ValueError, TypeError, OverflowError) as e:
        if isinstance(e, ParameterError):
            raise
        raise ParameterError(f"{path}: malformed weights: {str(e)[:160]}",
                             hint="matrices W_l of shape (n_l, n_(l-1)) and bias vectors b_l of numbers") from None
    from algnet.architectures.spec import parse_spec

    own = d.get("spec")
    if own is not None:
        if not isinstance(own, str):
            raise ParameterError(f"{path}: 'spec' must be a string", hint="e.g. \"spec\": \"relu 2-3-1\"")
        w = parse_spec(own)
        if getattr(w, "widths", None) != net.widths:
            raise ParameterError(f"{path} says it holds a {w.spec} network, but its weights are those of {net.spec}",
                                 hint="fix the file's 'spec' entry or its weights")
    if spec is not None:
        w = parse_spec(spec)
        if getattr(w, "widths", None) != net.widths:
            raise ParameterError(f"{path} holds a {net.spec} network, not {w.spec}",
                                 hint=f"use the spec '{net.spec}', or another weights file")
    return net, theta


def save_weights(path: str, net: ReluNetwork, theta) -> None:
    """Write theta to JSON (exact rationals as strings).

    Examples
    --------
    A round trip keeps every rational exactly:

    >>> import json, os, tempfile
    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 1-2-1")
    >>> path = os.path.join(tempfile.mkdtemp(), "w.json")
    >>> save_weights(path, net, ["1/3", -2, 0, "5/7", 1, 1, "-1/2"])
    >>> json.load(open(path))["W1"], [str(t) for t in load_weights(path)[1]]
    ([['1/3'], ['-2']], ['1/3', '-2', '0', '5/7', '1', '1', '-1/2'])
    """
    prm = net.unflatten(net.rational_params(theta))
    d = {"spec": net.spec}
    for name, _ in net.param_shapes:
        a = prm[name]
        d[name] = [[_text(x) for x in row] for row in a] if a.ndim == 2 else [_text(x) for x in a]
    with open(path, "w") as fh:
        json.dump(d, fh)


def _text(x) -> str:
    """'p/q' (or 'p') of an exact rational, with every digit however many (str() stops at 4300 digits)."""
    x = to_fraction(x)
    return int_str(x.numerator) + ("" if x.denominator == 1 else "/" + int_str(x.denominator))


def from_torch(model) -> tuple:
    """(ReluNetwork, theta) from a torch ``nn.Sequential`` of ``Linear``/``ReLU``
    layers (Linear, ReLU, Linear, ..., Linear); float32 values converted exactly.

    Any other module whose exact import (:func:`~algnet.relu.torch_import.from_torch_model`) is such an MLP
    with biases and nothing rounded is read too (Flatten, Identity, Dropout in eval mode, nested Sequential,
    ``clamp(min=0)``); the rest is refused naming the first layer out of place, and so is a pruned layer
    (``torch.nn.utils.prune``: its pruned entries are no parameters, which a ReluNetwork cannot say; see
    :func:`~algnet.relu.torch_import.from_torch_model`).

    Examples
    --------
    The float32 nearest to 0.1 is 13421773 / 2^27, and that is the weight algnet reads:

    >>> import torch
    >>> model = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.ReLU(), torch.nn.Linear(1, 1))
    >>> with torch.no_grad():
    ...     _ = model[0].weight.copy_(torch.tensor([[0.1, -2.0]])); _ = model[0].bias.fill_(0.5)
    ...     _ = model[2].weight.fill_(3.0); _ = model[2].bias.fill_(0.0)
    >>> net, theta = from_torch(model)
    >>> net.spec, [str(t) for t in theta]
    ('relu 2-1-1', ['13421773/134217728', '-2', '1/2', '3', '0'])
    """
    try:
        import torch.nn as tnn
    except ImportError:  # pragma: no cover - torch is optional
        raise NotApplicableError("PyTorch is not installed", hint="pip install 'algnet[torch]'") from None
    try:
        return _plain_sequential(model, tnn)
    except ParameterError:
        found = _via_import(model)   # Flatten, Identity, Dropout (eval), nested Sequential, clamp(min=0), a module
        if found is None:
            raise
        return found


def _via_import(model):
    """(net, theta) when the exact import of ``model`` is a Linear/ReLU MLP with biases and nothing rounded, else None."""
    from algnet.errors import AlgnetError
    from algnet.relu.torch_import import from_torch_model

    try:
        m = from_torch_model(model)
    except AlgnetError:
        return None
    if m.notes or m.mlp_widths() is None or not m.all_biases:
        return None
    return m.to_relu_network()


def _plain_sequential(model, tnn) -> tuple:
    other = "; any other piecewise-linear model: algnet.relu.from_torch_model(model)"
    mods = list(model.children()) if isinstance(model, tnn.Sequential) else None
    if not mods:
        raise ParameterError("expected a non-empty nn.Sequential",
                             hint="nn.Sequential(nn.Linear, nn.ReLU, ..., nn.Linear)" + other)
    layers = []
    expect_linear = True
    for m in mods:
        if expect_linear:
            if not isinstance(m, tnn.Linear):
                raise ParameterError(f"expected nn.Linear, found {type(m).__name__}", hint="alternate Linear and ReLU" + other)
            if m.bias is None:   # a trained model cannot "use bias=True": say where bias-free layers are read
                raise ParameterError("a Linear layer has no bias: the spec 'relu ...' has biases in every layer",
                                     hint="algnet.relu.from_torch_model(model) reads bias-free layers (bias 0)")
            pruned = [a for a in ("weight", "bias") if hasattr(m, a + "_mask") and hasattr(m, a + "_orig")]
            if pruned:         # a dense network would count the pruned entries (fixed at 0) as parameters
                zeros = sum(int((getattr(m, a + "_mask") == 0).sum()) for a in pruned)
                raise ParameterError(f"layer {len(layers) + 1} is pruned (torch.nn.utils.prune: {zeros} entries of "
                                     f"its {' and '.join(pruned)} fixed at 0): a ReluNetwork 'relu ...' counts every "
                                     "entry as a parameter",
                                     hint="algnet.relu.from_torch_model(model) reads pruned entries as fixed zeros "
                                          "(not parameters); or torch.nn.utils.prune.remove(layer, 'weight') first "
                                          "to make them ordinary weights")
            if m.weight.is_meta:
                raise ParameterError("the model's weights are on the meta device (shapes only, no values)",
                                     hint="load or initialise the weights first")
            W = m.weight.detach().cpu().double().numpy()     # .double(): bfloat16 has no numpy type; exact anyway
            b = m.bias.detach().cpu().double().numpy()
            layers.append(([[float(x) for x in row] for row in W], [float(x) for x in b]))
        elif not isinstance(m, tnn.ReLU):
            raise ParameterError(f"expected nn.ReLU, found {type(m).__name__}", hint="alternate Linear and ReLU" + other)
        expect_linear = not expect_linear
    if expect_linear:
        raise ParameterError("the model ends with ReLU", hint="the last layer must be Linear (affine output)")
    return network_from_layers(layers)
