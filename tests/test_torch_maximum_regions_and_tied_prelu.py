"""Regions of models with torch.maximum / minimum, chunks and slices, and a frozen PReLU applied twice.

Independent truth for the regions: torch's own forward pass. On each exact region of the plane box, torch's
outputs at interior points equal the region's affine map, and the pattern that decides torch's maxima and minima
(which argument is larger, read from torch's own branch outputs) is one per region and differs between regions;
on a fine grid the distinct patterns are a lower bound of the count. For the PReLU: the rank of torch's Jacobian
in the trainable parameters (frozen="fixed") or in all of them (frozen="parameters").
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.relu.model_fd import model_batch_fd  # noqa: E402
from algnet.relu.model_regions import model_regions  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import torch_jacobian_rank  # noqa: E402
from torch_models import MaxOfBranches  # noqa: E402

torch.set_num_threads(1)


class _Slices(nn.Module):
    """A chunk, a slice with a step, a ReLU and a minimum."""

    def __init__(self):
        super().__init__()
        self.a, self.c = nn.Linear(2, 6), nn.Linear(3, 2)

    def forward(self, x):
        h = self.a(x)
        p, q = h.chunk(2, 1)
        return self.c(torch.minimum(torch.relu(p), q) + h[:, ::2])

    def pattern(self, x):
        p, q = self.a(x).chunk(2, 1)
        return torch.cat([p > 0, torch.relu(p) > q], 1)


@pytest.mark.parametrize("make", [MaxOfBranches, _Slices])
def test_regions_are_torch_s_pieces(make):
    torch.manual_seed(0)
    net = make().double()
    m = from_torch_model(net)
    part = model_regions(m, box=(-2, 2, -2, 2))
    seen = set()
    with torch.no_grad():
        for r in part.regions:
            V = np.array([[float(a) for a in p] for p in r.vertices])
            c = V.mean(axis=0)
            pts = torch.tensor(np.array([c] + [c + t * (v - c) for v in V for t in (0.5, 0.95)]))
            A, b = r.affine_map()
            A, b = np.array(A, dtype=float), np.array(b, dtype=float)
            assert np.allclose(net(pts).numpy(), pts.numpy() @ A.T + b, atol=1e-9)
            P = net.pattern(pts).numpy()
            assert (P == P[0]).all()
            seen.add(tuple(P[0]))
        assert len(seen) == part.count
        g = np.linspace(-2, 2, 201)
        grid = torch.tensor(np.array([(u, v) for u in g for v in g]))
        assert part.count >= len({tuple(p) for p in net.pattern(grid).numpy()}) >= 5


class _TwicePReLU(nn.Module):
    def __init__(self, k):
        super().__init__()
        self.a, self.b, self.p, self.c = nn.Linear(2, 3), nn.Linear(3, 3), nn.PReLU(k), nn.Linear(3, 1)
        with torch.no_grad():
            self.p.weight.uniform_(0.1, 0.5)

    def forward(self, x):
        return self.c(self.p(self.b(self.p(self.a(x)))))


@pytest.mark.parametrize("k", [1, 3])
@pytest.mark.parametrize("frozen", ["fixed", "parameters"])
@pytest.mark.parametrize("freeze", [True, False])
def test_a_prelu_applied_twice_frozen_or_not(k, frozen, freeze):
    """D by hand: 9 + 12 + 4 weights and biases, plus the k slopes counted once unless frozen and 'fixed'."""
    torch.manual_seed(k)
    net = _TwicePReLU(k).double()
    net.p.weight.requires_grad_(not freeze)
    m = from_torch_model(net, frozen=frozen)
    assert m.n_params == 25 + (0 if freeze and frozen == "fixed" else k)
    Z = np.random.default_rng(1).normal(size=(60, 2)) * 3
    assert model_batch_fd(m, Z).rank == torch_jacobian_rank(net, Z, trainable_only=frozen == "fixed")
