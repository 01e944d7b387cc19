"""A state dict read without the model it belongs to: as the Linear/ReLU MLP the user declares it to be.

A state dict holds weights, not the forward pass: :func:`read_mlp_state_dict` reads one as Linear layers run one
after the other with ReLU between them only when ``relu_mlp=True`` declares it so (refusing it otherwise, and when its
keys or shapes contradict the declaration); :func:`algnet.relu.torch_load.load_torch_model` calls it.
"""

from __future__ import annotations

import os

import numpy as np

from algnet.errors import NotApplicableError, ParameterError
from algnet.relu.model import Affine, PLModel

__all__ = ["read_mlp_state_dict", "unprune_state_dict", "STATE_DICT_NOTE"]


def read_mlp_state_dict(sd, path, relu_mlp=False, masks=None, note=None) -> PLModel:
    """The ReLU MLP of the state dict ``sd`` (tensors; pruned ones already unpruned, their ``masks`` given) read
    from ``path``, when ``relu_mlp`` declares it one; ``note`` (a checkpoint's) is added to the model's notes.

    Examples
    --------
    >>> import torch, torch.nn as nn
    >>> sd = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)).state_dict()
    >>> read_mlp_state_dict(sd, "m.pt", relu_mlp=True).spec
    'relu 2-3-1'
    """
    try:
        arrays = {k: v.detach().cpu().double().numpy() for k, v in sd.items()}
    except AttributeError:
        raise ParameterError(f"{path} holds a dict whose entries are not all tensors, not a state dict",
                             hint=_SAVE_HINT) from None
    try:
        layers, _, order = _mlp_layers(arrays)
    except ParameterError as e:
        raise ParameterError(f"{path} holds a state dict that is not a plain Linear/ReLU MLP: {e.message}",
                             hint=_SAVE_HINT) from None
    _check_mlp_shapes(arrays, order, path)
    _check_declared_mlp(relu_mlp, order, layers, path)
    m = PLModel.from_layers(layers, source=f"state dict {os.path.basename(str(path))}")
    m.notes = (STATE_DICT_NOTE,) + ((note,) if note else ())   # the declaration the model rests on
    _tie_state_dict(m, sd, arrays, layers)
    if masks:
        _fix_pruned(m, masks, [k[: -len("weight")] for k in order])
    return m


#: Prefixes that wrappers put before every key of a state dict (DataParallel / DistributedDataParallel, torch.compile,
#: a Lightning module's ``self.model``).
_WRAPPER_PREFIXES = ("module.", "_orig_mod.", "model.")


def _strip_wrappers(sd, prefixes=_WRAPPER_PREFIXES) -> dict:
    """The state dict without the prefix that every key shares, when it is one of the wrappers' ``prefixes``
    (repeatedly: module._orig_mod.)."""
    while sd:
        p = next((p for p in prefixes if all(k.startswith(p) for k in sd)), None)
        if p is None:
            break
        sd = {k[len(p):]: v for k, v in sd.items()}
    return sd


STATE_DICT_NOTE = ("read as declared (relu_mlp, --relu-mlp): a state dict stores no forward pass, and its Linear "
                   "layers are taken as run one after the other (in the order their shapes chain) with ReLU between "
                   "them and nothing after the last; for a model that is not (skip connections, branches, LeakyReLU, "
                   "Tanh, a final Sigmoid, ...) these results are not its own: save the whole model with "
                   "torch.save(model), or give --builder")

_SAVE_HINT = ("save the whole model (torch.save(model)), or give builder=package.module:function making the model "
              "the state dict belongs to")


def _check_mlp_shapes(arrays, order, path) -> None:
    """Refuse a state dict whose weights are not matrices that chain in ``order`` (each layer's inputs the outputs of
    the one before): no MLP has them (a PReLU's slopes, a convolution's kernels, two branches reading one input
    were "non-matrix weights (a convolution?)" or "layer 2: W has shape (3, 2), b (3,), input size 3").

    Examples
    --------
    >>> import numpy as np
    >>> _check_mlp_shapes({"a.weight": np.ones((3, 2)), "b.weight": np.ones((3, 2))}, ["a.weight", "b.weight"], "m.pt")
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: m.pt holds a state dict that is not a plain MLP: its Linear weights a 3x2, b 3x2
    do not chain in any order (layer b takes 2 inputs, not the 3 outputs of a): branches, skip connections?
      hint: ...
    """
    odd = next((k for k in order if np.ndim(arrays[k]) != 2), None)
    if odd is not None:
        raise ParameterError(f"{path} holds a state dict that is not a plain MLP: its tensor {odd!r} of shape "
                             f"{tuple(np.shape(arrays[odd]))} is no Linear weight (a PReLU's slopes, a convolution's "
                             "kernels, ...)", hint=_SAVE_HINT)
    bad = next(((a, b) for a, b in zip(order, order[1:]) if arrays[b].shape[1] != arrays[a].shape[0]), None)
    if bad is not None:
        a, b = (k[: -len(".weight")] if k.endswith(".weight") else k for k in bad)
        sizes = ", ".join(f"{k[: -len('.weight')] if k.endswith('.weight') else k} {arrays[k].shape[0]}x"
                          f"{arrays[k].shape[1]}" for k in order[:6])
        raise ParameterError(f"{path} holds a state dict that is not a plain MLP: its Linear weights {sizes}"
                             f"{', ...' if len(order) > 6 else ''} do not chain in any order (layer {b} takes "
                             f"{arrays[bad[1]].shape[1]} inputs, not the {arrays[bad[0]].shape[0]} outputs of {a}): "
                             "branches, skip connections?", hint=_SAVE_HINT)


def _check_declared_mlp(relu_mlp, order, layers, path) -> None:
    """Refuse reading a state dict as a ReLU MLP unless ``relu_mlp`` declares it one, and when its keys contradict
    the declaration: two consecutive children ``<i>.weight``, ``<i+1>.weight`` of an ``nn.Sequential`` have nothing
    between them (no ReLU: ``nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1))``, a linear map, was read as relu
    2-3-1).

    Examples
    --------
    >>> import numpy as np
    >>> L = [(np.ones((3, 2)), None), (np.ones((1, 3)), None)]
    >>> _check_declared_mlp(True, ["0.weight", "2.weight"], L, "m.pt")
    >>> _check_declared_mlp(True, ["0.weight", "1.weight"], L, "m.pt")
    Traceback (most recent call last):
    ...
    algnet.errors.NotApplicableError: m.pt: the Linear layers 0 and 1 are consecutive children of the saved
    nn.Sequential: nothing runs between them, so there is no ReLU between them as relu_mlp (--relu-mlp) declares
      hint: ...
    >>> _check_declared_mlp(True, ["layers.0.weight", "layers.1.weight"], L, "m.pt")     # a ModuleList, maybe
    """
    names = [k[: -len(".weight")] if k.endswith(".weight") else k for k in order]
    if not relu_mlp:
        sizes = [layers[0][0].shape[1]] + [W.shape[0] for W, _ in layers]
        raise NotApplicableError(
            f"{path} holds a state dict (weights only): it does not say what the forward pass does with its Linear "
            f"layers {', '.join(names[:6])}{', ...' if len(names) > 6 else ''} (sizes "
            f"{'-'.join(map(str, sizes))}): their order, the activation between them, skip connections or branches; "
            "read as a ReLU MLP, a residual, two-branch or Tanh model would get another model's answers",
            hint=_SAVE_HINT + "; or, when it is these Linear layers run in this order with ReLU between them and "
                              "nothing after the last, say so: relu_mlp=True")
    # only a top-level model's children (through a DataParallel / torch.compile wrapper): a model with children
    # 0, 1, ... is an nn.Sequential; "layers.0", "layers.1" may be a ModuleList with F.relu applied in forward
    top = list(_strip_wrappers({n: None for n in names}, ("module.", "_orig_mod.")))
    if _sequential_names([n + ".weight" for n in top]) and all("." not in n for n in top):
        for a, b in zip(names, names[1:]):
            if int(b.rpartition(".")[2]) == int(a.rpartition(".")[2]) + 1:
                raise NotApplicableError(f"{path}: the Linear layers {a} and {b} are consecutive children of the "
                                         "saved nn.Sequential: nothing runs between them, so there is no ReLU between "
                                         "them as relu_mlp (--relu-mlp) declares", hint=_SAVE_HINT)


def _memory_key(t):
    """Tensors saved from one Parameter (tied weights) come back sharing memory: same storage, offset and view."""
    return (t.untyped_storage().data_ptr(), t.storage_offset(), tuple(t.shape), tuple(t.stride()))


def _tie_state_dict(m, sd, arrays, layers):
    """Name the parameters of a state dict's MLP by the first key holding the same memory, so that a weight tied
    in the saved model (``torch.save`` keeps the sharing) is one parameter of the imported one."""
    first, canon = {}, {}
    for k, t in sd.items():
        canon[k] = first.setdefault(_memory_key(t), k)
    if len(set(canon.values())) == len(canon):
        return
    name = {id(arrays[k]): canon[k] for k in arrays}
    affine = [n.op for n in m.nodes if isinstance(n.op, Affine)]
    for op, (W, b) in zip(affine, layers):
        op.keys = (name.get(id(W)), None if b is None else name.get(id(b)))
    from algnet.relu.model_params import sharing_note

    m.notes = m.notes + (sharing_note(m),)


def _mlp_layers(arrays) -> tuple:
    """((W, b) per layer, names of the layers without bias, their weight keys in order) of a plain MLP's state dict.

    The ``<k>.weight`` keys are taken in the dict's order (the modules' registration order) when their shapes
    chain, else in the order of the numbers in their names (sorting by those numbers alone put ``out`` before
    ``fc1``), else in the one order in which the shapes chain; a layer without ``<k>.bias`` (bias=False) gets None
    (no bias parameters). Any other key (BatchNorm statistics, ...) means it is not a plain MLP (ParameterError).
    When the shapes chain in several orders (square layers) and the names are not an ``nn.Sequential``'s, the
    forward order is unknown: NotApplicableError (fc2 registered before fc1 and run after it was read in the saved
    order without a word).

    Examples
    --------
    >>> import numpy as np
    >>> d = {"fc.weight": np.ones((3, 2)), "fc.bias": np.zeros(3), "out.weight": np.ones((1, 3))}
    >>> [(W.shape, None if b is None else b.tolist()) for W, b in _mlp_layers(d)[0]], _mlp_layers(d)[1:]
    ([((3, 2), [0.0, 0.0, 0.0]), ((1, 3), None)], (['out'], ['fc.weight', 'out.weight']))
    """
    import re

    wk = [k for k in arrays if k.endswith("weight")]
    extra = set(arrays) - set(wk) - {k[: -len("weight")] + "bias" for k in wk}
    if not wk or extra:
        raise ParameterError(f"keys {sorted(extra)[:4] or list(arrays)[:4]} are not Linear weights and biases",
                             hint="a plain MLP's state dict has only <k>.weight and <k>.bias")

    def chains(keys):
        return all(np.ndim(arrays[k]) == 2 for k in keys) and all(
            arrays[a].shape[0] == arrays[b].shape[1] for a, b in zip(keys, keys[1:]))

    numeric = sorted(wk, key=lambda k: [int(n) for n in re.findall(r"\d+", k)])
    order = next((o for o in (wk, numeric) if chains(o)), None)
    found = [] if any(np.ndim(arrays[k]) != 2 for k in wk) else _chain_orders([arrays[k].shape for k in wk])
    if order is None:           # the shapes chain in one order: that one (head registered before body)
        order = [wk[i] for i in found[0]] if len(found) == 1 else numeric
    if chains(order) and not _sequential_names(order) and len(found) > 1:
        raise NotApplicableError(f"the order of the layers {', '.join(k[:-len('.weight')] for k in order)} is not "
                                 "known: a state dict does not store the forward pass, and their shapes chain in "
                                 "more than one order (square layers)",
                                 hint="give --builder package.module:function (builder=) that makes the model, save "
                                      "the whole model (torch.save(model)), or save an nn.Sequential's state dict")
    layers, nobias = [], []
    for k in order:
        W, bk = arrays[k], k[: -len("weight")] + "bias"
        if bk not in arrays:
            nobias.append(k[: -len(".weight")] or k)
        layers.append((W, arrays[bk] if bk in arrays else None))
    return layers, nobias, order


def _fix_pruned(m, masks, prefixes):
    """The entries a state dict's pruning masks (``<layer>.weight_mask``) zero are fixed at 0 in the model ``m``
    read from it (layer ``prefixes[i]`` its i-th affine node): no parameters, as for the pruned module itself."""
    from algnet.relu.model_fd import trainable_nodes
    from algnet.relu.torch_fixed import _pruned_count, _set_fixed

    for k, pre in zip(trainable_nodes(m), prefixes):
        w, b = (masks.get(pre + t) for t in ("weight", "bias"))
        _set_fixed(m.nodes[k].op, None if w is None else w.cpu().numpy() == 0, None if b is None else
                   b.cpu().numpy() == 0)
    n = _pruned_count(masks.values())
    if n:
        m.notes = m.notes + (f"{n} pruned weights (the state dict's masks) are fixed at 0: not parameters",)


def _sequential_names(keys) -> bool:
    """Whether the weight keys are an ``nn.Sequential``'s children in order (``<parent>.<i>.weight`` with one parent
    and increasing i): a Sequential runs its children in that order, so the keys' order is the forward order.

    Examples
    --------
    >>> _sequential_names(["0.weight", "2.weight"]), _sequential_names(["fc1.weight", "fc2.weight"])
    (True, False)
    >>> _sequential_names(["net.2.weight", "net.0.weight"])
    False
    """
    split = [k[: -len(".weight")].rpartition(".") for k in keys]
    if any(not k.endswith(".weight") for k in keys) or any(not i.isdigit() for _, _, i in split):
        return False
    idx = [int(i) for _, _, i in split]
    return len({p for p, _, _ in split}) == 1 and all(a < b for a, b in zip(idx, idx[1:]))


def _chain_orders(shapes, cap: int = 2) -> list:
    """Orders (at most ``cap``; index lists) of the (out, in) matrix ``shapes`` in which each one's input size is
    the output size of the one before. Two or more: the shapes do not say which order the forward pass takes.

    Examples
    --------
    >>> _chain_orders([(1, 4), (4, 2)]), len(_chain_orders([(4, 2), (4, 4), (4, 4), (1, 4)]))
    ([[1, 0]], 2)
    >>> len(_chain_orders([(3, 2), (2, 3), (2, 2)]))        # 2 -> 3 -> 2 -> 2 or 2 -> 2 -> 3 -> 2
    2
    """
    n = len(shapes)
    if n > 12:                  # the count walks subsets of the layers
        return [list(range(n))] * cap
    ways = {(1 << i, i): (1, (i,)) for i in range(n)}       # (layers used, last) -> (count, one order)
    for _ in range(n - 1):
        nxt = {}
        for (mask, last), (c, path) in ways.items():
            for j in range(n):
                if not mask >> j & 1 and shapes[j][1] == shapes[last][0]:
                    c0, p0 = nxt.get((mask | 1 << j, j), (0, path + (j,)))
                    nxt[(mask | 1 << j, j)] = (min(cap, c0 + c), p0)
        ways = nxt
    out = []
    for c, path in ways.values():
        out += [list(path)] * c
    return out[:cap]


def unprune_state_dict(sd) -> dict:
    """A state dict saved while ``torch.nn.utils.prune`` was active (keys ``<name>_orig`` and ``<name>_mask``) with
    the pruned tensors ``<name> = <name>_orig * <name>_mask`` instead (exact: the mask is 0/1), as
    ``prune.remove`` would save it; other dicts unchanged.

    Examples
    --------
    >>> import numpy as np
    >>> sd = {"fc.weight_orig": np.array([[1.5, 2.0]]), "fc.weight_mask": np.array([[1.0, 0.0]]), "fc.bias": np.ones(1)}
    >>> {k: v.tolist() for k, v in unprune_state_dict(sd).items()}
    {'fc.weight': [[1.5, 0.0]], 'fc.bias': [1.0]}
    """
    pairs = {k[: -len("_orig")] for k in sd if k.endswith("_orig") and k[: -len("_orig")] + "_mask" in sd}
    if not pairs:
        return sd
    out = {}
    for k, v in sd.items():
        if k.endswith("_orig") and k[: -len("_orig")] in pairs:
            out[k[: -len("_orig")]] = v * sd[k[: -len("_orig")] + "_mask"]
        elif not (k.endswith("_mask") and k[: -len("_mask")] in pairs):
            out[k] = v
    return out
