"""Reading ``MODEL.pt`` files: a saved module, a TorchScript archive of a sequence of layers, or a state dict.

See :func:`load_torch_model`. The model is then imported exactly by
:func:`algnet.relu.torch_import.from_torch_model`.
"""

from __future__ import annotations

import contextlib
import os

import numpy as np

from algnet.errors import NotApplicableError, ParameterError
from algnet.relu.model import Affine, PLModel
from algnet.relu.torch_import import _torch, from_torch_model

__all__ = ["load_torch_model", "unprune_state_dict"]


def load_torch_model(path, input_shape=None, builder=None, frozen="parameters", relu_mlp=False) -> PLModel:
    """The PL model of a file ``MODEL.pt``.

    Three kinds of file are read:

    * a whole module saved with ``torch.save(model, path)`` (unpickled: its
      class must be importable; only load files you trust);
    * a TorchScript archive (``torch.jit.save``) of a sequence of supported
      layers (``nn.Sequential``): it is rebuilt layer by layer;
    * a state dict (``torch.save(model.state_dict(), path)``), given ``builder`` -- a callable or a
      ``"package.module:function"`` string returning the ``nn.Module`` it belongs to. A state dict holds weights,
      not the forward pass: the same Linear weights are those of a ReLU MLP, of a residual or two-branch model, of
      a Tanh MLP. Without a builder it is read only when ``relu_mlp=True`` declares it a plain MLP (keys
      ``<k>.weight``, ``<k>.bias`` of Linear layers run in layer order with ReLU between them and nothing after
      the last), else refused (NotApplicableError); refused even so when its keys contradict the declaration (two
      consecutive children of an ``nn.Sequential``: nothing runs between them) or when square layers leave the
      order unknown.

    ``frozen`` is that of :func:`~algnet.relu.torch_import.from_torch_model`: ``"parameters"`` (tensors with
    ``requires_grad=False`` counted as parameters, the default) or ``"fixed"`` (they are constants). A plain state
    dict records no ``requires_grad``: ``"fixed"`` is refused there (save the whole module, or give a builder that
    freezes them).

    Examples
    --------
    >>> import torch, torch.nn as nn, tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "m.pt")
    >>> torch.save(nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1)).state_dict(), p)
    >>> load_torch_model(p, relu_mlp=True).spec
    'relu 2-4-1'
    >>> load_torch_model(p)
    Traceback (most recent call last):
    ...
    algnet.errors.NotApplicableError: ... holds a state dict (weights only): ...
      hint: ...
    """
    from algnet.relu.torch_fixed import _check_frozen

    frozen = _check_frozen(frozen)
    torch = _torch()
    import os

    if not os.path.isfile(str(path)):
        raise ParameterError(f"no model file {path}", hint="give the path of a file written by torch.save or torch.jit.save")
    if os.path.getsize(path) == 0:
        raise ParameterError(f"{path} is empty", hint="save the model again")
    obj = None
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            obj = torch.jit.load(str(path), map_location="cpu")
    except Exception:  # not a TorchScript archive
        obj = None
    if obj is not None:
        _refuse_declaration(relu_mlp, path, "a TorchScript archive")
        moded = [name for name, c in obj.named_children() if c.training
                 and getattr(c, "original_name", "") in ("BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "Dropout")]
        m = from_torch_model(_rebuild_script(obj, torch, input_shape), input_shape, frozen=frozen)
        if moded:     # as a whole module saved in training mode (_read_in_eval_mode): said, not silent
            m.notes = m.notes + (f"{path} was saved in training mode: read in eval mode (BatchNorm with its running "
                                 f"statistics, Dropout as the identity; layers {', '.join(moded[:4])})",)
        return m
    try:
        obj = torch.load(str(path), map_location="cpu", weights_only=True)
    except Exception:
        try:
            with cwd_importable():     # the class of a whole model, from a module next to the training script
                obj = torch.load(str(path), map_location="cpu", weights_only=False)
        except Exception as e:
            if _is_export_archive(path):
                raise ParameterError(f"{path} is a torch.export archive (torch.export.save, .pt2): a graph of aten "
                                     "operators, which algnet does not read",
                                     hint="save the module itself: torch.save(model.state_dict(), 'model.pt') (or "
                                          "torch.save(model, ...)) and give that file") from None
            if isinstance(e, (AttributeError, ModuleNotFoundError)) and ("Can't get attribute" in str(e)
                                                                         or isinstance(e, ModuleNotFoundError)):
                raise ParameterError(f"{path} is a whole model pickled with its class, which cannot be imported "
                                     f"here ({str(e)[:160]})", hint="make the class importable (PYTHONPATH; not "
                                     "defined in the training script's __main__), or save the state dict and give "
                                     "--builder module:function that builds the model") from None
            raise ParameterError(f"cannot read {path} with torch: {type(e).__name__}: {str(e)[:200]}",
                                 hint="a file written by torch.save(model) / torch.save(state_dict) / torch.jit.save "
                                      "(is it truncated or corrupt?)") from None
    if isinstance(obj, torch.nn.Module):
        _refuse_declaration(relu_mlp, path, "a whole module")
        return _read_in_eval_mode(obj, input_shape, path, frozen)
    if isinstance(obj, dict):
        obj, note = _checkpoint_state_dict(obj, path)
        masks = {k[: -len("_mask")]: v for k, v in obj.items() if k.endswith("_mask") and k[: -len("_mask")] + "_orig"
                 in obj}                                    # pruned entries: fixed at 0, no parameters
        raw, obj = obj, unprune_state_dict(obj)
        if builder is not None:
            if relu_mlp:
                raise ParameterError("relu_mlp (--relu-mlp) and a builder (--builder) both say what the state dict's "
                                     "model is", hint="give one: the builder's model is read as it is")
            m = from_torch_model(_builder_model(builder, raw, masks, path).eval(), input_shape, frozen=frozen)
            m.notes = m.notes + ((note,) if note else ())
            return m
        if frozen == "fixed":
            raise ParameterError(f"{path} holds a state dict, which does not record which tensors were frozen "
                                 "(requires_grad): frozen='fixed' cannot be applied",
                                 hint="save the whole module (torch.save(model)), or give --builder "
                                      "package.module:function building the model with its frozen tensors "
                                      "(requires_grad=False); or frozen='parameters'")
        try:
            arrays = {k: v.detach().cpu().double().numpy() for k, v in obj.items()}
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
        _tie_state_dict(m, obj, arrays, layers)
        if masks:
            _fix_pruned(m, masks, [k[: -len("weight")] for k in _mlp_layers(arrays)[2]])
        return m
    raise ParameterError(f"{path} holds a {type(obj).__name__}, not a model or a state dict",
                         hint="save with torch.save(model) or torch.save(model.state_dict())")


def _checkpoint_state_dict(obj, path):
    """(state dict, note): the model's state dict of a training checkpoint (a dict holding it beside the epoch, the
    optimizer's state, ...: ``{'epoch': 3, 'model_state_dict': ..., 'optimizer_state_dict': ...}``, Lightning's
    ``{'state_dict': ...}``), said in the note; a state dict itself is returned as it is (note None)."""
    nested = [k for k, v in obj.items() if isinstance(v, dict) and v and all(hasattr(t, "shape") for t in v.values())]
    if not nested or all(hasattr(v, "shape") for v in obj.values()):
        return obj, None
    if len(nested) > 1:
        raise ParameterError(f"{path} holds a dict with several state dicts ({', '.join(map(repr, nested[:6]))}; a "
                             "training checkpoint?): which one is the model's is unknown",
                             hint=f"save the model's alone: torch.save(checkpoint[{nested[0]!r}], 'model.pt')")
    others = [k for k in obj if k != nested[0]]
    beside = f" (beside {', '.join(map(repr, others[:4]))}{', ...' if len(others) > 4 else ''})" if others else ""
    return obj[nested[0]], f"{path} is a checkpoint: the model's state dict read from its key {nested[0]!r}{beside}"


#: Prefixes that wrappers put before every key of a state dict (DataParallel / DistributedDataParallel, torch.compile,
#: a Lightning module's ``self.model``).
_WRAPPER_PREFIXES = ("module.", "_orig_mod.", "model.")


def _strip_wrappers(sd, prefixes=_WRAPPER_PREFIXES) -> dict:
    """The state dict without the prefix that every key shares, when it is a wrapper's (repeatedly: module._orig_mod.)."""
    while sd:
        p = next((p for p in prefixes if all(k.startswith(p) for k in sd)), None)
        if p is None:
            break
        sd = {k[len(p):]: v for k, v in sd.items()}
    return sd


def _builder_model(builder, raw, masks, path):
    """The builder's model with the state dict loaded (its layers pruned as saved: pruned entries fixed at 0); keys
    saved through a wrapper (``module.`` of DataParallel, ``_orig_mod.`` of torch.compile, ``model.``) are read
    without its prefix when the model does not take them as they are."""
    errors = []
    for sd, mk in ((raw, masks), (_strip_wrappers(raw), _strip_wrappers(masks))):
        if errors and sd.keys() == raw.keys():
            break
        model = _call_builder(builder)
        try:
            _prune_like(model, mk)
            model.load_state_dict(sd)
            return model
        except Exception as e:
            errors.append(e)
    raise ParameterError(f"the builder's model does not accept the state dict in {path}: {str(errors[0])[:300]}",
                         hint="the builder must build the architecture the weights were saved from")


STATE_DICT_NOTE = ("read as declared (relu_mlp, --relu-mlp): a state dict stores no forward pass, and its Linear "
                   "layers are taken as run one after the other (in the order their shapes chain) with ReLU between "
                   "them and nothing after the last; for a model that is not (skip connections, branches, LeakyReLU, "
                   "Tanh, a final Sigmoid, ...) these results are not its own: save the whole model with "
                   "torch.save(model), or give --builder")

_SAVE_HINT = ("save the whole model (torch.save(model)), or give builder=package.module:function making the model "
              "the state dict belongs to")


def _refuse_declaration(relu_mlp, path, kind) -> None:
    """relu_mlp declares a state dict's forward pass: a file holding a module has its own, read from it."""
    if relu_mlp:
        raise ParameterError(f"relu_mlp (--relu-mlp) declares the forward pass of a state dict, but {path} holds "
                             f"{kind}, whose forward pass is read from the file",
                             hint="drop relu_mlp (--relu-mlp)")


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
    algnet.errors.ParameterError: m.pt holds a state dict that is not a plain MLP: its Linear weights a 3x2, b 3x2 do not chain in any order (layer b takes 2 inputs, not the 3 outputs of a): branches, skip connections?
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
    algnet.errors.NotApplicableError: m.pt: the Linear layers 0 and 1 are consecutive children of the saved nn.Sequential: nothing runs between them, so there is no ReLU between them as relu_mlp (--relu-mlp) declares
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


def _retie(pairs):
    """Rebuilt modules: ``pairs`` of (module, parameter name, source tensor); a source sharing memory with an
    earlier one gets the earlier module's Parameter (the archive's tied weights stay tied)."""
    seen = {}
    for mod, name, t in pairs:
        key = _memory_key(t)
        if key in seen:
            setattr(mod, name, seen[key])
        else:
            seen[key] = getattr(mod, name)


def _is_export_archive(path) -> bool:
    """Whether ``path`` is a zip archive written by ``torch.export.save`` (it holds ``<name>/archive_format`` and
    ``<name>/models/...``; torch.load cannot read it and said "failed locating file data.pkl ... corrupted").

    Examples
    --------
    >>> import os, tempfile, zipfile
    >>> p = os.path.join(tempfile.mkdtemp(), "m.pt2")
    >>> with zipfile.ZipFile(p, "w") as z:
    ...     z.writestr("m/archive_format", "pt2"); z.writestr("m/models/model.json", "{}")
    >>> _is_export_archive(p), _is_export_archive(__file__)
    (True, False)
    """
    import zipfile

    try:
        with zipfile.ZipFile(str(path)) as z:
            names = z.namelist()
    except (OSError, zipfile.BadZipFile):
        return False
    return any(n.endswith("/archive_format") for n in names) and any("/models/" in n for n in names)


def _mlp_layers(arrays) -> tuple:
    """((W, b) per layer, names of the layers without bias, their weight keys in order) of a plain MLP's state dict.

    The ``<k>.weight`` keys are taken in the dict's order (the modules' registration order) when their shapes
    chain, else in the order of the numbers in their names (sorting by those numbers alone put ``out`` before
    ``fc1``), else in the one order in which the shapes chain; a layer without ``<k>.bias`` (bias=False) gets None (no bias parameters). Any other key (BatchNorm
    statistics, ...) means it is not a plain MLP (ParameterError). When the shapes chain in several orders (square
    layers) and the names are not an ``nn.Sequential``'s, the forward order is unknown: NotApplicableError (fc2
    registered before fc1 and run after it was read in the saved order without a word).

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


def _prune_like(model, masks):
    """Prune the ``model``'s tensors ``<module>.<name>`` that the state dict saved pruned (``masks``: their masks),
    with those masks (``torch.nn.utils.prune.custom_from_mask``): loaded, the pruned entries stay 0 and are fixed."""
    from torch.nn.utils import prune

    for key, mask in masks.items():
        mod, _, name = key.rpartition(".")
        target = model.get_submodule(mod)
        prune.custom_from_mask(target, name, mask)


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


@contextlib.contextmanager
def cwd_importable():
    """Modules of the current directory importable meanwhile, after the installed ones (as ``python -m`` finds
    them; the ``algnet`` console script does not: a builder in ./mymodels.py was 'No module named mymodels').

    Examples
    --------
    >>> import os, sys
    >>> with cwd_importable():
    ...     any(p in ("", os.getcwd()) for p in sys.path)
    True
    """
    import sys

    cwd = os.getcwd()
    added = cwd not in sys.path and "" not in sys.path
    if added:
        sys.path.append(cwd)
    try:
        yield
    finally:
        if added and cwd in sys.path:
            sys.path.remove(cwd)


def _call_builder(builder):
    if callable(builder):
        return builder()
    import importlib

    mod, _, fn = str(builder).partition(":")
    if not fn:
        raise ParameterError(f"builder {builder!r} is not 'package.module:function'", hint="e.g. mymodels:make_cnn")
    try:
        with cwd_importable():
            make = getattr(importlib.import_module(mod), fn)
    except (ImportError, AttributeError) as e:
        raise ParameterError(f"cannot import the builder {builder!r}: {e}", hint="is the module in the current directory or on PYTHONPATH?") from None
    try:
        model = make()
    except Exception as e:   # user code: a builder needing arguments raised a TypeError traceback
        raise ParameterError(f"the builder {builder!r} failed: {type(e).__name__}: {str(e)[:200]}",
                             hint="a function called with no arguments that returns the nn.Module") from None
    torch = _torch()
    if not isinstance(model, torch.nn.Module):
        raise ParameterError(f"the builder {builder!r} returned a {type(model).__name__}, not an nn.Module",
                             hint="a function called with no arguments that returns the nn.Module")
    return model


def _rebuild_layer(name, c, sd, nn):
    """A fresh module of the scripted layer ``c`` with every attribute that changes what it computes (a scripted
    Conv1d with padding_mode='reflect' or an AvgPool2d with count_include_pad=False had been rebuilt with the
    defaults: a different function, imported without a word)."""
    t = getattr(c, "original_name", type(c).__name__)
    if t in ("Linear", "Conv1d", "Conv2d", "Conv3d"):
        W = sd["weight"]
        if t == "Linear":
            return nn.Linear(W.shape[1], W.shape[0], bias="bias" in sd)
        pad = c.padding if isinstance(c.padding, str) else tuple(c.padding)
        return getattr(nn, t)(
            int(W.shape[1] * c.groups), W.shape[0], tuple(W.shape[2:]), stride=tuple(c.stride), padding=pad,
            dilation=tuple(c.dilation), groups=c.groups, bias="bias" in sd, padding_mode=c.padding_mode)
    if t in ("ReLU", "Identity", "Dropout"):
        return {"ReLU": nn.ReLU, "Identity": nn.Identity, "Dropout": nn.Dropout}[t]()
    if t == "Flatten":
        return nn.Flatten(c.start_dim, c.end_dim)
    if t == "LeakyReLU":
        return nn.LeakyReLU(c.negative_slope)
    if t in ("Hardtanh", "ReLU6"):
        return nn.ReLU6() if t == "ReLU6" else nn.Hardtanh(c.min_val, c.max_val)
    if t == "PReLU":
        return nn.PReLU(sd["weight"].numel())
    if t in ("BatchNorm1d", "BatchNorm2d", "BatchNorm3d"):
        return getattr(nn, t)(c.num_features, eps=c.eps, affine=c.affine, track_running_stats=c.track_running_stats)
    if t in ("MaxPool1d", "MaxPool2d", "MaxPool3d"):
        return getattr(nn, t)(c.kernel_size, c.stride, c.padding, c.dilation, c.return_indices, c.ceil_mode)
    if t == "AvgPool1d":
        return nn.AvgPool1d(c.kernel_size, c.stride, c.padding, c.ceil_mode, c.count_include_pad)
    if t in ("AvgPool2d", "AvgPool3d"):
        return getattr(nn, t)(c.kernel_size, c.stride, c.padding, c.ceil_mode, c.count_include_pad, c.divisor_override)
    raise NotApplicableError(f"TorchScript layer {name!r} ({t}) cannot be rebuilt",
                             hint="save the nn.Module itself (torch.save(model)) or its state dict and a builder")


def _rebuild_script(sm, torch, input_shape=None):
    """An nn.Sequential with the layers and weights of a scripted nn.Sequential, checked against the archive at
    random inputs (of ``input_shape``, default: a first Linear layer's inputs)."""
    nn = torch.nn
    layers, pairs = [], []
    kids = list(sm.named_children())
    top = getattr(sm, "original_name", type(sm).__name__)
    if top != "Sequential":
        # only a Sequential's forward is its children in order: a scripted or traced module with fc1 -> relu ->
        # fc2 -> relu -> out (torch.relu calls, no ReLU modules) was rebuilt as three Linear layers, a linear map
        raise NotApplicableError(f"a TorchScript archive of a {top}: only an nn.Sequential can be rebuilt from its "
                                 "layers (the forward code of other modules is not read)",
                                 hint="save the nn.Module itself (torch.save(model)), or its state dict with "
                                      "--builder package.module:function")
    if not kids:
        raise NotApplicableError("a TorchScript archive of a single layer or custom code",
                                 hint="save the nn.Module itself (torch.save(model)) or its state dict and a builder")
    for name, c in kids:
        sd = {k: v for k, v in c.state_dict().items()}
        try:
            m = _rebuild_layer(name, c, sd, nn)
        except AttributeError as e:       # a traced archive keeps no settings: was an AttributeError traceback
            t = getattr(c, "original_name", type(c).__name__)
            raise NotApplicableError(f"layer {name!r} ({t}) of the TorchScript archive cannot be rebuilt: the "
                                     f"archive does not keep its settings ({str(e).split(' attribute ')[-1]}; an archive of "
                                     "torch.jit.trace keeps none)", hint="save the nn.Module itself (torch.save(model)), "
                                     "or torch.jit.script it, or save its state dict and give --builder "
                                     "package.module:function") from None
        if sd:
            m.load_state_dict(sd)
            frozen = {k for k, q in c.named_parameters() if not q.requires_grad}
            for k, q in m.named_parameters():        # requires_grad as archived (frozen='fixed' reads it)
                q.requires_grad_(k not in frozen)
            pairs += [(m, k, v) for k, v in sd.items() if "." not in k and isinstance(getattr(m, k, None),
                                                                                    nn.Parameter)]
        layers.append(m)
    _retie(pairs)
    rebuilt = nn.Sequential(*layers).eval()
    first = layers[0]
    shape = tuple(input_shape) if input_shape is not None else (first.in_features,) if isinstance(first, nn.Linear) \
        else None
    if shape is not None:    # the rebuilt layers must compute what the archive computes
        x = torch.randn((4,) + tuple(int(s) for s in shape), generator=torch.Generator().manual_seed(0))
        try:
            with torch.no_grad():
                want = sm.eval()(x.to(next(iter(sm.parameters())).dtype)).double()
        except Exception as e:     # the archive's own forward refuses inputs of that shape
            raise ParameterError(f"the TorchScript archive does not accept inputs of shape {shape}: "
                                 f"{type(e).__name__}: {str(e).strip().splitlines()[-1][:160]}",
                                 hint="give the shape of one input without the batch dimension (--input-shape)") \
                from None
        with torch.no_grad():
            got = rebuilt.double()(x.double())
        if want.shape != got.shape or not torch.allclose(want, got, rtol=1e-4, atol=1e-5):
            raise NotApplicableError("the layers of this TorchScript archive, run in order, do not compute what the "
                                     "archive computes", hint="save the nn.Module itself (torch.save(model)), or its "
                                                              "state dict with --builder package.module:function")
    return rebuilt


def _read_in_eval_mode(obj, input_shape, path, frozen="parameters"):
    """The model of a whole module read from ``path``, in eval mode; a module saved in training mode whose function
    depends on the mode (BatchNorm: the current batch's statistics in training, the running ones in eval; Dropout:
    random in training) says in ``model.notes`` that it was read in eval mode (the library's
    :func:`~algnet.relu.torch_import.from_torch_model` refuses a BatchNorm in training mode instead: there the user
    can call ``model.eval()``; a file cannot be changed by the user here without saving it again)."""
    torch = _torch()
    moded = (torch.nn.modules.batchnorm._BatchNorm, torch.nn.Dropout)
    trained = [name or type(m).__name__ for name, m in obj.named_modules() if m.training and isinstance(m, moded)]
    m = from_torch_model(obj.eval(), input_shape, frozen=frozen)
    if trained:
        m.notes = m.notes + (f"{path} was saved in training mode: read in eval mode (BatchNorm with its running "
                             f"statistics, Dropout as the identity; modules {', '.join(trained[:4])}"
                             f"{', ...' if len(trained) > 4 else ''})",)
    return m

