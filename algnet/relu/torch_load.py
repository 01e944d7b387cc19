"""Reading ``MODEL.pt`` files: a saved module, a TorchScript archive of a sequence of layers, or a state dict.

See :func:`load_torch_model`. The model is then imported exactly by
:func:`algnet.relu.torch_import.from_torch_model`.
"""

from __future__ import annotations

import numpy as np

from algnet.errors import NotApplicableError, ParameterError
from algnet.relu.model import PLModel
from algnet.relu.torch_import import _torch, from_torch_model

__all__ = ["load_torch_model"]


def load_torch_model(path, input_shape=None, builder=None) -> PLModel:
    """The PL model of a file ``MODEL.pt``.

    Three kinds of file are read:

    * a whole module saved with ``torch.save(model, path)`` (unpickled: its
      class must be importable; only load files you trust);
    * a TorchScript archive (``torch.jit.save``) of a sequence of supported
      layers (``nn.Sequential``): it is rebuilt layer by layer;
    * a state dict (``torch.save(model.state_dict(), path)``): either of a
      plain MLP (keys ``<k>.weight``, ``<k>.bias``, read in layer order with
      ReLU between) or of any model, given ``builder`` -- a callable or a
      ``"package.module:function"`` string returning an ``nn.Module`` with
      that state dict.

    Examples
    --------
    >>> import torch, torch.nn as nn, tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "m.pt")
    >>> torch.save(nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1)).state_dict(), p)
    >>> load_torch_model(p).spec
    'relu 2-4-1'
    """
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
        return from_torch_model(_rebuild_script(obj, torch), input_shape)
    try:
        obj = torch.load(str(path), map_location="cpu", weights_only=True)
    except Exception:
        try:
            obj = torch.load(str(path), map_location="cpu", weights_only=False)
        except Exception as e:
            raise ParameterError(f"cannot read {path} with torch: {type(e).__name__}: {str(e)[:200]}",
                                 hint="a file written by torch.save(model) / torch.save(state_dict) / torch.jit.save "
                                      "(is it truncated or corrupt?)") from None
    if isinstance(obj, torch.nn.Module):
        return from_torch_model(obj.eval(), input_shape)
    if isinstance(obj, dict):
        if builder is not None:
            model = _call_builder(builder)
            try:
                model.load_state_dict(obj)
            except Exception as e:
                raise ParameterError(f"the builder's model does not accept the state dict in {path}: {str(e)[:300]}",
                                     hint="the builder must build the architecture the weights were saved from") from None
            return from_torch_model(model.eval(), input_shape)
        from algnet.relu.weights import _from_mapping

        try:
            arrays = {k: v.detach().cpu().double().numpy() for k, v in obj.items()}
            layers = _from_mapping(arrays)
        except (AttributeError, ParameterError):
            raise ParameterError(f"{path} holds a state dict that is not a plain Linear/ReLU MLP",
                                 hint="give the builder that makes the model (--builder package.module:function)") from None
        if any(np.ndim(W) != 2 for W, _ in layers):
            raise ParameterError(f"{path}: a state dict with non-matrix weights (a convolution?)",
                                 hint="give the builder that makes the model (--builder package.module:function)")
        return PLModel.from_layers(layers, source=f"state dict {os.path.basename(str(path))}")
    raise ParameterError(f"{path} holds a {type(obj).__name__}, not a model or a state dict",
                         hint="save with torch.save(model) or torch.save(model.state_dict())")


def _call_builder(builder):
    if callable(builder):
        return builder()
    import importlib

    mod, _, fn = str(builder).partition(":")
    if not fn:
        raise ParameterError(f"builder {builder!r} is not 'package.module:function'", hint="e.g. mymodels:make_cnn")
    try:
        return getattr(importlib.import_module(mod), fn)()
    except (ImportError, AttributeError) as e:
        raise ParameterError(f"cannot import the builder {builder!r}: {e}", hint="is the module on PYTHONPATH?") from None


def _rebuild_script(sm, torch):
    """An nn.Sequential with the layers and weights of a scripted nn.Sequential."""
    nn = torch.nn
    layers = []
    kids = list(sm.named_children())
    if not kids:
        raise NotApplicableError("a TorchScript archive of a single layer or custom code",
                                 hint="save the nn.Module itself (torch.save(model)) or its state dict and a builder")
    for name, c in kids:
        t = getattr(c, "original_name", type(c).__name__)
        sd = {k: v for k, v in c.state_dict().items()}
        if t == "Linear":
            W = sd["weight"]
            m = nn.Linear(W.shape[1], W.shape[0], bias="bias" in sd)
        elif t in ("Conv1d", "Conv2d"):
            W = sd["weight"]
            cls = nn.Conv1d if t == "Conv1d" else nn.Conv2d
            m = cls(int(W.shape[1] * c.groups), W.shape[0], tuple(W.shape[2:]), stride=tuple(c.stride),
                    padding=tuple(c.padding), dilation=tuple(c.dilation), groups=c.groups, bias="bias" in sd)
        elif t in ("ReLU", "Identity", "Dropout", "Flatten"):
            m = {"ReLU": nn.ReLU, "Identity": nn.Identity, "Dropout": nn.Dropout, "Flatten": nn.Flatten}[t]()
            if t == "Flatten":
                m = nn.Flatten(c.start_dim, c.end_dim)
        elif t == "LeakyReLU":
            m = nn.LeakyReLU(c.negative_slope)
        elif t in ("MaxPool2d", "AvgPool2d"):
            m = (nn.MaxPool2d if t == "MaxPool2d" else nn.AvgPool2d)(c.kernel_size, c.stride, c.padding)
        else:
            raise NotApplicableError(f"TorchScript layer {name!r} ({t}) cannot be rebuilt",
                                     hint="save the nn.Module itself (torch.save(model)) or its state dict and a builder")
        if sd:
            m.load_state_dict(sd)
        layers.append(m)
    return nn.Sequential(*layers).eval()
