"""Shared by the tests of imported torch models: torch's own answer to compare algnet's with."""

import numpy as np


def torch_jacobian_rank(net, Z):
    """Rank of torch's Jacobian of the outputs at the inputs Z in the parameters (autograd, float64 SVD)."""
    import torch
    from torch.func import functional_call, jacrev

    params = {k: v.detach() for k, v in net.named_parameters()}
    J = jacrev(lambda p: functional_call(net, p, (torch.tensor(Z),)).reshape(-1))(params)
    J = torch.cat([J[k].reshape(J[k].shape[0], -1) for k in params], dim=1).numpy()
    s = np.linalg.svd(J, compute_uv=False)
    return int((s > s[0] * max(J.shape) * 1e-12).sum())
