"""Entries of a torch model's weights that are not parameters of its functional dimension.

* **Pruned** weights (``torch.nn.utils.prune`` active: ``weight = weight_orig * weight_mask``) are fixed at 0:
  training cannot move them, and torch's own Jacobian in ``weight_orig`` has a zero column for each. They are no
  parameters, always.
* **Frozen** tensors (``requires_grad=False``) are a choice of the user, read two ways: the functional dimension
  of the architecture (every weight a coordinate of the parameter space; the default, ``frozen="parameters"``,
  the same answer as for the model trained without freezing), or that of the functions fine-tuning can reach
  (``frozen="fixed"``: the frozen tensors are constants). Under the default the import says which tensors were
  frozen and how they were counted.

The masks are stored on the nodes (``Affine.fixed``); :mod:`algnet.relu.model_params` drops their columns.

Examples
--------
>>> import torch.nn as nn
>>> lin = nn.Linear(2, 3)
>>> _ = lin.bias.requires_grad_(False)
>>> [m.tolist() for m in _layer_masks(lin, "fixed")]
[[[False, False], [False, False], [False, False]], [True, True, True]]
"""

from __future__ import annotations

import numpy as np

from algnet.errors import ParameterError

__all__: list = []

_FROZEN = ("parameters", "fixed")


def _check_frozen(frozen):
    if frozen not in _FROZEN:
        raise ParameterError(f"frozen={frozen!r}", hint="'parameters' (frozen tensors counted as parameters, the "
                                                        "architecture's functional dimension) or 'fixed' (constants)")
    return frozen


def _source(m, attr):
    """The Parameter behind ``m.<attr>`` and the pruning mask applied to it (None: not pruned)."""
    from torch.nn.utils.prune import BasePruningMethod

    pruned = any(isinstance(h, BasePruningMethod) and h._tensor_name == attr for h in m._forward_pre_hooks.values())
    if pruned:
        return getattr(m, attr + "_orig"), getattr(m, attr + "_mask")
    return m._parameters.get(attr), None


def _mask(m, attr, frozen):
    """Bool array of the shape of ``m.<attr>``: True where the entry is no parameter (or None: all are)."""
    p, mask = _source(m, attr)
    if p is None:
        if frozen == "fixed" and attr == "weight" and any(not q.requires_grad for q in m.parameters()):
            from algnet.errors import NotApplicableError

            raise NotApplicableError(f"a frozen {type(m).__name__} whose weight is computed (weight_norm, "
                                     "spectral_norm, parametrize) with frozen='fixed'",
                                     hint="frozen='parameters', or freeze plain weights")
        return None
    out = np.zeros(tuple(p.shape), dtype=bool)
    if mask is not None:
        out |= mask.detach().cpu().numpy() == 0
    if frozen == "fixed" and not p.requires_grad:
        out[...] = True
    return out


def _layer_masks(m, frozen):
    """(weight mask, bias mask) of a Linear / Conv module (see :func:`_mask`)."""
    return _mask(m, "weight", frozen), _mask(m, "bias", frozen)


def _set_fixed(op, wmask, bmask):
    """Store the masks on the Affine node ``op`` (weights in ``W.ravel()`` order, then the bias if it has one)."""
    w = np.zeros(op.W.size, dtype=bool) if wmask is None else wmask.ravel()
    b = np.zeros(op.b.size if op.has_bias else 0, dtype=bool)
    if op.has_bias and bmask is not None:
        b = bmask.ravel()
    fixed = np.concatenate([w, b])
    op.fixed = fixed if fixed.any() else None


def _frozen_note(model, frozen):
    """The sentence saying which tensors are frozen and how they were counted (None: none is frozen)."""
    names = [n for n, p in model.named_parameters() if not p.requires_grad]
    if not names:
        return None
    shown = ", ".join(names[:6]) + (", ..." if len(names) > 6 else "")
    if frozen == "fixed":
        return f"frozen tensors ({shown}) are constants, not parameters (frozen='fixed')"
    return (f"frozen tensors ({shown}) counted as parameters (the architecture's functional dimension); "
            "frozen='fixed' counts the trainable ones only")


def _pruned_count(masks) -> int:
    """The number of zeros of the pruning masks."""
    return sum(int((mask == 0).sum()) for mask in masks)


def _pruned_note(model):
    """The sentence saying how many weights are pruned (None: none is)."""
    n, layers = 0, []
    for name, mod in model.named_modules():
        for attr in ("weight", "bias"):
            if attr + "_mask" in mod._buffers:
                k = _pruned_count([getattr(mod, attr + "_mask")])
                if k:
                    n += k
                    layers.append(name)
    if not n:
        return None
    return f"{n} pruned weights ({', '.join(dict.fromkeys(layers))}) are fixed at 0: not parameters"


def _weight_norm_note(model, gm):
    """The sentence saying that weight_norm layers are counted by their weights' entries, fewer than torch's count
    of their g and v (None: no layer the forward pass ``gm`` calls has one).

    ``w = g v / |v|`` (torch.nn.utils.weight_norm, or its parametrization) maps (g, v) onto every weight and is a
    submersion where v is nonzero (its fibres: the part of v that each entry of g scales -- a row of a Linear
    weight by default, the whole tensor with dim=None -- multiplied by a positive number): the same functions and
    the same functional dimension as the weight's entries, with one number fewer per entry of g.

    Examples
    --------
    >>> import torch, torch.nn as nn
    >>> net = nn.Sequential(nn.utils.parametrizations.weight_norm(nn.Linear(2, 4)), nn.ReLU(), nn.Linear(4, 1))
    >>> _weight_norm_note(net, torch.fx.symbolic_trace(net))        # g: one number a row of the 4 x 2 weight
    "0.weight: computed by weight_norm from g and v (w = g v / |v|), counted as its entries (4 fewer than ...
    """
    called = {nd.target for nd in gm.graph.nodes if nd.op == "call_module"}
    names, fewer = [], 0
    for name, mod in model.named_modules():
        if name not in called:
            continue
        for attr, sources in _weight_norm_sources(mod):
            names.append(f"{name}.{attr}")
            fewer += sum(p.numel() for p in sources) - getattr(mod, attr).numel()
    if not names:
        return None
    shown = ", ".join(names[:6]) + (", ..." if len(names) > 6 else "")
    return (f"{shown}: computed by weight_norm from g and v (w = g v / |v|), counted as its entries ({fewer} fewer "
            "than the model's g and v, one per entry of g: w does not change when the part of v that an entry of g "
            "scales is multiplied by a positive number; the same functions, the same functional dimension)")


def _weight_norm_sources(mod) -> list:
    """[(attr, the Parameters torch computes ``mod.<attr>`` from)] for each weight_norm of ``mod`` (hook or
    parametrization)."""
    from torch.nn.utils import parametrize
    from torch.nn.utils.weight_norm import WeightNorm

    out = [(h.name, [getattr(mod, h.name + "_g"), getattr(mod, h.name + "_v")])
           for h in mod._forward_pre_hooks.values() if isinstance(h, WeightNorm)]
    for attr in getattr(mod, "parametrizations", {}) or {}:
        plist = mod.parametrizations[attr]
        if parametrize.is_parametrized(mod, attr) and all(type(p).__name__ == "_WeightNorm" for p in plist):
            out.append((attr, list(plist.parameters())))
    return out
