"""Volumetric models (Conv3d, BatchNorm3d, MaxPool3d, AvgPool3d, AdaptiveAvgPool3d) are imported exactly.

Independent truth: torch's own forward pass (at random inputs, and at interior points of every exact region of a
2-d slice, where it must equal the region's affine map), torch's activation patterns on a fine grid of the slice
(their number is a lower bound of the number of regions) and the rank of torch's own Jacobian in the parameters.
"""

from fractions import Fraction

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.errors import NotApplicableError, ParameterError  # noqa: E402
from algnet.relu.model_fd import model_batch_fd  # noqa: E402
from algnet.relu.model_regions import model_regions  # noqa: E402
from algnet.relu.slices import Slice  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import torch_jacobian_rank  # noqa: E402

torch.set_num_threads(1)


class _Volume(nn.Module):
    """Strided, padded, grouped and dilated 3-d convolutions, BatchNorm3d, a padded MaxPool3d, AvgPool3d and an
    adaptive pool on 1 x 4 x 4 x 4 volumes."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv3d(1, 4, 3, padding=1, stride=(1, 2, 1))
        self.bn = nn.BatchNorm3d(4)
        self.c2 = nn.Conv3d(4, 4, 2, groups=2, dilation=(1, 2, 1), padding=1)
        self.pool, self.avg = nn.MaxPool3d(2, padding=1), nn.AvgPool3d((1, 2, 1))
        self.ad, self.out = nn.AdaptiveAvgPool3d((1, 1, None)), nn.Linear(12, 2)

    def forward(self, x):
        h = self.pool(torch.relu(self.c2(torch.relu(self.bn(self.c1(x))))))
        return self.out(self.ad(self.avg(h)).flatten(1))


def _trained_volume():
    torch.manual_seed(0)
    net = _Volume()
    X, y = torch.randn(32, 1, 4, 4, 4), torch.randint(0, 2, (32,))
    opt = torch.optim.Adam(net.parameters(), 1e-2)
    for _ in range(10):
        opt.zero_grad()
        nn.functional.cross_entropy(net(X), y).backward()
        opt.step()
    return net.eval().double()


def _patterns(net, X):
    """torch's activation pattern (ReLU signs, max-pool argmax) at the rows of X."""
    sig = []

    def relu_hook(mod, inp, out):
        sig.append((inp[0] > 0).reshape(len(X), -1).long())

    def pool_hook(mod, inp, out):
        _, i = nn.functional.max_pool3d(inp[0], mod.kernel_size, mod.stride, mod.padding, return_indices=True)
        sig.append(i.reshape(len(X), -1))
    hooks = [mod.register_forward_hook(relu_hook if isinstance(mod, nn.ReLU) else pool_hook)
             for mod in net.modules() if isinstance(mod, (nn.ReLU, nn.MaxPool3d))]
    with torch.no_grad():
        out = net(X)
    for h in hooks:
        h.remove()
    return torch.cat(sig, 1).numpy(), out.reshape(len(X), -1).numpy()


class _VolumeRelu(nn.Module):
    def __init__(self):
        super().__init__()
        self.c, self.act, self.pool = nn.Conv3d(1, 2, 2), nn.ReLU(), nn.MaxPool3d(3)
        self.out = nn.Linear(2, 2)

    def forward(self, x):
        return self.out(self.pool(self.act(self.c(x))).flatten(1))


def test_conv3d_model_outputs_are_torchs():
    net = _trained_volume()
    m = from_torch_model(net, input_shape=(1, 4, 4, 4))
    X = torch.randn(20, 1, 4, 4, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(5))
    want = net(X).detach().numpy()
    assert np.allclose(m.forward(X.reshape(20, -1).numpy()), want, atol=1e-10)
    exact = m.forward(X.reshape(20, -1).numpy(), exact=True).astype(float)
    assert np.allclose(exact, want, atol=1e-10)


def test_conv3d_regions_of_a_slice_are_torchs_pieces_and_the_fd_is_torchs_rank():
    torch.manual_seed(1)
    net = _VolumeRelu().double().eval()
    m = from_torch_model(net, input_shape=(1, 4, 4, 4))
    rng = np.random.default_rng(1)
    o, d0, d1 = rng.normal(size=64) * 0.3, rng.normal(size=64), rng.normal(size=64)
    fr = lambda v: tuple(Fraction(float(a)) for a in v)      # noqa: E731
    part = model_regions(m, slice=Slice(fr(o), (fr(d0), fr(d1))), box=(-1, 1, -1, 1))
    seen = set()
    for r in part.regions:
        V = np.array([[float(a) for a in p] for p in r.vertices])
        c = V.mean(axis=0)
        pts = np.array([c] + [c + 0.9 * t * (v - c) for v in V for t in (0.5, 1.0)])
        P, out = _patterns(net, torch.tensor(o + pts[:, :1] * d0 + pts[:, 1:] * d1).reshape(-1, 1, 4, 4, 4))
        A, b = r.affine_map()
        pred = np.array([[float(A[k][0]) * u + float(A[k][1]) * v + float(b[k]) for k in range(2)] for u, v in pts])
        assert np.allclose(pred, out, atol=1e-9)                 # the region's affine map is torch's output
        assert (P == P[0]).all()                                 # one torch pattern per region
        seen.add(tuple(P[0]))
    assert len(seen) == part.count                               # and a different one in each
    g = np.linspace(-1, 1, 151)
    U, V = (a.ravel() for a in np.meshgrid(g, g))
    P, _ = _patterns(net, torch.tensor(o + U[:, None] * d0 + V[:, None] * d1).reshape(-1, 1, 4, 4, 4))
    assert part.count >= len({tuple(p) for p in P}) > 100        # brute force: a lower bound
    Z = rng.normal(size=(30, 1, 4, 4, 4))
    assert model_batch_fd(m, Z.reshape(30, -1)).rank == torch_jacobian_rank(net, Z)


def test_conv3d_same_padding_divisor_override_and_functional_pools():
    torch.manual_seed(2)
    net = nn.Sequential(nn.Conv3d(2, 2, (3, 2, 1), padding="same"), nn.LeakyReLU(),
                        nn.AvgPool3d(2, divisor_override=3), nn.Flatten(), nn.Linear(2, 1)).double().eval()
    m = from_torch_model(net, input_shape=(2, 2, 3, 2))
    X = torch.randn(10, 2, 2, 3, 2, dtype=torch.float64)
    assert np.allclose(m.forward(X.reshape(10, -1).numpy()), net(X).detach().numpy(), atol=1e-12)

    class Functional(nn.Module):
        def __init__(self):
            super().__init__()
            self.c = nn.Conv3d(1, 3, 2)

        def forward(self, x):
            h = nn.functional.max_pool3d(torch.relu(self.c(x)), 2)
            return nn.functional.avg_pool3d(h, 1).mean((2, 3, 4)) + nn.functional.adaptive_avg_pool3d(h, 1).flatten(1)
    f = Functional().double()
    m = from_torch_model(f, input_shape=(1, 3, 3, 3))
    X = torch.randn(10, 1, 3, 3, 3, dtype=torch.float64)
    assert np.allclose(m.forward(X.reshape(10, -1).numpy()), f(X).detach().numpy(), atol=1e-12)


def test_conv3d_bad_input_shape_is_refused_clearly():
    net = nn.Sequential(nn.Conv3d(1, 2, 2), nn.ReLU(), nn.Flatten(), nn.Linear(2, 1))
    with pytest.raises(ParameterError, match=r"\(C, D, H, W\)"):
        from_torch_model(net, input_shape=(1, 2, 2))
    with pytest.raises(ParameterError, match="input shape of this model is needed"):
        from_torch_model(net)
    with pytest.raises(NotApplicableError, match="Softmax"):
        from_torch_model(nn.Sequential(nn.Conv3d(1, 2, 2), nn.Softmax(1)), input_shape=(1, 2, 2, 2))


def test_conv3d_files_saved_every_way(tmp_path):
    """A whole module (in eval and in training mode), a TorchScript archive and a state dict with its builder: one
    model, torch's outputs."""
    from algnet.relu.torch_load import load_torch_model

    def build():
        return nn.Sequential(nn.Conv3d(1, 2, 2), nn.BatchNorm3d(2), nn.ReLU(), nn.MaxPool3d(2), nn.AvgPool3d(1),
                             nn.Flatten(), nn.Linear(2, 2))
    torch.manual_seed(6)
    net = build()
    X = torch.randn(16, 1, 3, 3, 3)
    opt = torch.optim.SGD(net.parameters(), 0.1)
    for _ in range(3):
        opt.zero_grad()
        net(X).pow(2).mean().backward()
        opt.step()
    torch.save(net, tmp_path / "train.pt")
    net.eval()
    torch.save(net, tmp_path / "whole.pt")
    torch.jit.save(torch.jit.script(net), tmp_path / "script.pt")
    torch.save(net.state_dict(), tmp_path / "sd.pt")
    Y = torch.randn(9, 1, 3, 3, 3, dtype=torch.float64)
    want = net.double()(Y).detach().numpy()
    for name, kw in [("train", {}), ("whole", {}), ("script", {}), ("sd", {"builder": build})]:
        m = load_torch_model(tmp_path / f"{name}.pt", input_shape=(1, 3, 3, 3), **kw)
        assert np.allclose(m.forward(Y.reshape(9, -1).numpy()), want, atol=1e-5), name
        assert ("training mode" in " ".join(m.notes)) == (name == "train")
