"""Operations a trained model's forward pass uses that the import had refused: a Linear on the last axis of a
(T, d) tensor (token-wise), slicing, chunk / split along channels, and torch.maximum / minimum of two branches.

Each is exact: the import itself compares the model with torch's forward pass at random inputs (and refuses on a
difference); here, in addition, algnet's batch functional dimension equals the numerical rank of torch's own
Jacobian (``torch.func.jacrev``) in the parameters at the same inputs, and the outputs agree at other inputs.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.errors import NotApplicableError  # noqa: E402
from algnet.relu.model_fd import model_batch_fd  # noqa: E402
from algnet.relu.symmetries import symmetry_bound  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import torch_jacobian_rank  # noqa: E402
from torch_models import TokenMLP  # noqa: E402

torch.set_num_threads(1)


class _Branches(nn.Module):
    """The maximum of two branches, chunks, a slice and a minimum."""

    def __init__(self):
        super().__init__()
        self.a, self.b, self.c = nn.Linear(3, 4), nn.Linear(3, 4), nn.Linear(2, 1)

    def forward(self, x):
        h = torch.maximum(self.a(x), self.b(x))
        p, q = h.chunk(2, dim=1)
        return self.c(torch.relu(p) + torch.minimum(q, h[:, 1:3]))


class _Channels(nn.Module):
    """A conv whose channels are split (x.split), one part max'ed with a slice of the other (x.max(y))."""

    def __init__(self):
        super().__init__()
        self.conv, self.out = nn.Conv1d(1, 4, 2), nn.Linear(6, 2)

    def forward(self, x):
        y = self.conv(x)
        u, v = torch.split(y, [2, 2], dim=1)
        return self.out(u.max(v[:, :, ::1]).relu()[..., 0:3].flatten(1))


@pytest.mark.parametrize("make, shape", [(TokenMLP, (5, 3)), (_Branches, (3,)), (_Channels, (1, 4))])
def test_rank_and_outputs_are_torch_s(make, shape):
    torch.manual_seed(0)
    net = make().double()
    m = from_torch_model(net, input_shape=shape)
    assert m.n_params == sum(p.numel() for p in net.parameters())
    X = np.random.default_rng(1).normal(size=(40,) + shape)
    r = model_batch_fd(m, X.reshape(40, -1)).rank
    assert r == torch_jacobian_rank(net, X) <= symmetry_bound(m)
    Y = np.random.default_rng(2).normal(size=(7,) + shape)
    assert np.allclose(m.forward(Y.reshape(7, -1)), net(torch.from_numpy(Y)).detach().numpy().reshape(7, -1),
                       atol=1e-12)


def test_token_wise_linear_is_one_weight_at_every_position():
    """By hand: a token-wise Linear(3, 4) on (5, 3) inputs has 16 parameters, whichever the number of tokens, and
    without a ReLU the whole map x -> W x_t + b is linear in (W, b): its rank is 16 once the tokens span R^3."""
    torch.manual_seed(3)
    lin = nn.Sequential(nn.Linear(3, 4)).double()
    m = from_torch_model(lin, input_shape=(5, 3))
    assert m.n_params == 16 and m.output_size == 20
    X = np.random.default_rng(3).normal(size=(2, 5 * 3))
    assert model_batch_fd(m, X).rank == 16


class _Bad(nn.Module):
    def __init__(self, how):
        super().__init__()
        self.lin, self.how = nn.Linear(4, 4), how

    def forward(self, x):
        y = self.lin(x)
        if self.how == "batch":
            return y[1:]
        if self.how == "tensor":
            return y[:, torch.tensor([0, 2])]
        return torch.cat(y.chunk(2, dim=0), 1)


@pytest.mark.parametrize("how, match", [("batch", "batch axis"), ("tensor", "not supported|directly in forward"),
                                        ("chunk0", "batch axis")])
def test_batch_axis_and_tensor_indices_are_refused(how, match):
    with pytest.raises(NotApplicableError, match=match):
        from_torch_model(_Bad(how))
