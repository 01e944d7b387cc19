"""Shared set-up of the ReLU bench runners (``bench_relu_exact``, ``bench_relu_fast``, ``bench_relu_splinecam``).

* :func:`torch_mlp`: the weights every ReLU bench compares on (PyTorch ``nn.Linear`` layers, Kaiming-normal
  weights, PyTorch's default biases, seeded);
* :data:`MLP_FROM_STATE_DICT`: the same MLP rebuilt from a state dict, in the referees' own environments;
* :func:`exact_and_float`: algnet's exact and float64 layerwise engines on the same MLP and box;
* :func:`cnn28_slice`: the small CNN on 28x28 inputs and the 2-D slice through three upsampled digits;
* :func:`clock` / :func:`since`: wall-clock and CPU seconds of this process (the machine is shared: CPU time
  depends much less on the load).
"""

from __future__ import annotations

import time


def torch_mlp(widths, seed: int = 0):
    """nn.Sequential of Linear/ReLU with the given widths: Kaiming-normal weights, default biases, seed ``seed``."""
    import torch

    torch.manual_seed(seed)
    layers = []
    for i, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
        lin = torch.nn.Linear(a, b)
        torch.nn.init.kaiming_normal_(lin.weight)
        layers.append(lin)
        if i < len(widths) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


MLP_FROM_STATE_DICT = r'''
def mlp_from_state_dict(path, widths):
    """nn.Sequential of Linear/ReLU with these widths and the weights saved at path (torch imported here)."""
    import torch

    layers = []
    for i, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
        layers.append(torch.nn.Linear(a, b))
        if i < len(widths) - 2:
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers)
    net.load_state_dict(torch.load(path))
    return net
'''
"""Source of ``mlp_from_state_dict(path, widths)`` for the referee scripts that run in their own environments
(relucent, SplineCAM): they rebuild the bench MLP from its saved state dict."""


def exact_and_float(model, R):
    """(net, exact partition, its seconds, float64 partition, its seconds) of the MLP ``model`` on [-R, R]^2
    (weights imported exactly; both of algnet's layerwise engines, one after the other)."""
    from algnet.relu import from_torch
    from algnet.relu.regions import linear_regions, linear_regions_float

    net, theta = from_torch(model)
    box = (-R, R, -R, R)
    t = time.perf_counter()
    ex = linear_regions(net, theta, box=box)
    te = time.perf_counter() - t
    t = time.perf_counter()
    fl = linear_regions_float(net, theta, box=box)
    return net, ex, te, fl, time.perf_counter() - t


def cnn28_slice(quick: bool):
    """(PLModel, Slice, box, side): a CNN on 28x28 inputs (two conv + max-pool blocks, seed 0) and the slice
    through three digits of scikit-learn's set upsampled to 28x28; the box is [0, side]^2 (side 1/4 with
    ``quick``, else 1/2)."""
    import numpy as np
    import torch

    from algnet.relu import Slice, from_torch_model
    from algnet.relu.data import digits

    torch.manual_seed(0)
    nn = torch.nn
    cnn = nn.Sequential(nn.Conv2d(1, 4, 5, stride=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(4, 8, 3), nn.ReLU(),
                        nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32, 10)).eval()
    X, _ = digits()
    big = np.stack([np.kron(x[0], np.ones((4, 4)))[2:30, 2:30] for x in X[:3]])      # 32x32 -> 28x28
    m = from_torch_model(cnn, input_shape=(1, 28, 28))
    sl = Slice.through_points(*(b.ravel() for b in big))
    side = "1/4" if quick else "1/2"
    return m, sl, ("0", side, "0", side), side


def clock():
    """A start mark: (wall-clock, CPU) seconds."""
    return time.perf_counter(), time.process_time()


def since(t):
    """(wall-clock, CPU) seconds since the mark ``t`` of :func:`clock`."""
    return time.perf_counter() - t[0], time.process_time() - t[1]
