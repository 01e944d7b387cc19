"""The imported model checked against the torch model's own forward pass at random inputs.

Examples
--------
>>> import torch.nn as nn
>>> from algnet.relu.torch_import import from_torch_model
>>> from_torch_model(nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))).spec      # checked on import
'relu 2-3-1'
"""

from __future__ import annotations

import numpy as np

from algnet.errors import NotApplicableError
from algnet.relu.torch_ops import _HINT

__all__: list = []


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
    >>> from algnet.relu.torch_import import from_torch_model
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
