"""Reading ``MODEL.pt`` files: a saved module, a TorchScript archive of a sequence of layers, or a state dict.

See :func:`load_torch_model`. The model is then imported exactly by
:func:`algnet.relu.torch_import.from_torch_model`.
"""

from __future__ import annotations

import contextlib
import os

from algnet.errors import NotApplicableError, ParameterError
from algnet.relu.model import PLModel
from algnet.relu.torch_import import _torch, from_torch_model
from algnet.relu.torch_state_dict import (STATE_DICT_NOTE, _memory_key, _strip_wrappers, read_mlp_state_dict,
                                          unprune_state_dict)

__all__ = ["load_torch_model", "unprune_state_dict", "STATE_DICT_NOTE"]


def load_torch_model(path, input_shape=None, builder=None, frozen="parameters", relu_mlp=False) -> PLModel:
    """The PL model of a file ``MODEL.pt``.

    Three kinds of file are read:

    * a whole module saved with ``torch.save(model, path)`` (unpickled: its
      class must be importable; only load files you trust), also as the one module of a dict
      (``torch.save({'model': model, 'epoch': 3}, path)``);
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
    held = [k for k, v in obj.items() if isinstance(v, torch.nn.Module)] if isinstance(obj, dict) else []
    if len(held) > 1:
        raise ParameterError(f"{path} holds a dict with several modules ({', '.join(map(repr, held[:6]))}): which "
                             "one is the model is unknown", hint=f"save the model alone: torch.save(d[{held[0]!r}], "
                                                                 "'model.pt')")
    if held:     # a checkpoint holding the whole module ({'model': model, 'epoch': 3}): was "not all tensors"
        _refuse_declaration(relu_mlp, path, "a whole module")
        m = _read_in_eval_mode(obj[held[0]], input_shape, path, frozen)
        m.notes = m.notes + (f"{path} is a dict: the model read from its key {held[0]!r}",)
        return m
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
        return read_mlp_state_dict(obj, path, relu_mlp, masks, note)
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


def _refuse_declaration(relu_mlp, path, kind) -> None:
    """relu_mlp declares a state dict's forward pass: a file holding a module has its own, read from it."""
    if relu_mlp:
        raise ParameterError(f"relu_mlp (--relu-mlp) declares the forward pass of a state dict, but {path} holds "
                             f"{kind}, whose forward pass is read from the file",
                             hint="drop relu_mlp (--relu-mlp)")


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


def _prune_like(model, masks):
    """Prune the ``model``'s tensors ``<module>.<name>`` that the state dict saved pruned (``masks``: their masks),
    with those masks (``torch.nn.utils.prune.custom_from_mask``): loaded, the pruned entries stay 0 and are fixed."""
    from torch.nn.utils import prune

    for key, mask in masks.items():
        mod, _, name = key.rpartition(".")
        target = model.get_submodule(mod)
        prune.custom_from_mask(target, name, mask)


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
                                     f"archive does not keep its settings ({str(e).split(' attribute ')[-1]}; an "
                                     "archive of torch.jit.trace keeps none)",
                                     hint="save the nn.Module itself (torch.save(model)), or torch.jit.script it, or "
                                          "save its state dict and give --builder package.module:function") from None
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

