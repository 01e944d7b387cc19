"""Shared by the tests of imported torch models: torch's own answer to compare algnet's with."""

import numpy as np


def torch_jacobian_rank(net, Z, trainable_only=False):
    """Rank of torch's Jacobian of the outputs at the inputs Z in the parameters (autograd, float64 SVD); with
    ``trainable_only`` in those with ``requires_grad`` only (the others held at their values)."""
    import torch
    from torch.func import functional_call, jacrev

    params = {k: v.detach() for k, v in net.named_parameters() if v.requires_grad or not trainable_only}
    J = jacrev(lambda p: functional_call(net, p, (torch.tensor(Z),)).reshape(-1))(params)
    J = torch.cat([J[k].reshape(J[k].shape[0], -1) for k in params], dim=1).numpy()
    s = np.linalg.svd(J, compute_uv=False)
    return int((s > s[0] * max(J.shape) * 1e-12).sum())


def bn_group_pool_model(seed):
    """A small conv model with a BatchNorm of random statistics, a grouped convolution and an overlapping padded
    max-pool, on 1 x 4 x 4 inputs (eval mode), drawn from ``seed``: a hard case for float region engines."""
    import torch
    from torch import nn

    torch.set_num_threads(1)
    torch.manual_seed(seed)
    m = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(),
                      nn.Conv2d(4, 4, 3, padding=1, groups=2), nn.ReLU(), nn.MaxPool2d(3, 2, 1), nn.Flatten(),
                      nn.Linear(16, 2))
    with torch.no_grad():
        bn = m[1]
        bn.running_mean.uniform_(-0.5, 0.5)
        bn.running_var.uniform_(0.5, 2)
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.uniform_(-0.3, 0.3)
    return m.eval()


def spread_inputs(n, dim, seed):
    """n points of R^dim on rays of random directions, radii from 1 to 300 (every region of a small net met)."""
    X = np.random.default_rng(seed).normal(size=(n, dim))
    return X * np.geomspace(1, 300, n)[:, None]
