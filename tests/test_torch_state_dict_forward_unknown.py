"""A state dict holds weights, not the forward pass: the Linear weights of a residual model, of a Tanh or LeakyReLU
MLP, of two Linear layers with nothing between them are those of some ReLU MLP, and they were read as one (another
model's functional dimension and regions, with only a note). Now a state dict is read as a ReLU MLP only when the
user declares it one (relu_mlp=True, --relu-mlp), and refused otherwise or when its keys contradict the declaration.
Truth: torch's own forward pass and the rank of torch's Jacobian in the parameters (autograd, float64 SVD), and the
regions of a one-input residual model found by hand in exact Fractions."""

import json
from fractions import Fraction

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from torch_helpers import torch_jacobian_rank  # noqa: E402

from algnet.cli import main  # noqa: E402
from algnet.errors import NotApplicableError, ParameterError  # noqa: E402
from algnet.relu import from_torch_model, functional_dimension, linear_regions, load_torch_model  # noqa: E402
from algnet.relu.model_fd import model_batch_fd  # noqa: E402


class _Residual(nn.Module):
    def __init__(self, n_in=2):
        super().__init__()
        self.fc1, self.fc2, self.out = nn.Linear(n_in, 4), nn.Linear(4, 4), nn.Linear(4, 1)

    def forward(self, x):
        h = torch.relu(self.fc1(x))
        return self.out(h + torch.relu(self.fc2(h)))


def _save(net, path):
    torch.save(net.state_dict(), path)
    return str(path)


def _mlp_reading(net, x):
    """What reading the state dict as a ReLU MLP computes: its Linear layers in order, ReLU between them."""
    lin = [m for m in net.modules() if isinstance(m, nn.Linear)]
    h = torch.from_numpy(x)
    for k, m in enumerate(lin):
        h = m.double()(h)
        h = torch.relu(h) if k < len(lin) - 1 else h
    return h.detach().numpy()


@pytest.mark.parametrize("kind", ["residual", "tanh", "leaky"])
def test_a_state_dict_is_not_read_as_a_relu_mlp_unless_declared(tmp_path, kind):
    torch.manual_seed(0)
    net = {"residual": _Residual(),
           "tanh": nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1)),
           "leaky": nn.Sequential(nn.Linear(2, 4), nn.LeakyReLU(0.2), nn.Linear(4, 4), nn.LeakyReLU(0.2),
                                  nn.Linear(4, 1))}[kind].double().eval()
    x = np.random.default_rng(0).normal(size=(30, 2))
    # the ReLU-MLP reading of these weights is another function than the model's
    assert not np.allclose(_mlp_reading(net, x), net(torch.from_numpy(x)).detach().numpy())
    path = _save(net, tmp_path / "sd.pt")
    with pytest.raises(NotApplicableError, match="holds a state dict") as e:
        load_torch_model(path)
    assert "relu_mlp=True" in e.value.hint and "builder" in e.value.hint and "torch.save(model)" in e.value.hint
    # declared, it is the ReLU MLP of those weights (what the user said), and says what it rests on
    m = load_torch_model(path, relu_mlp=True)
    assert np.allclose(m.forward(x), _mlp_reading(net, x), atol=1e-12)
    assert any("read as declared" in n for n in m.notes)


def test_residual_model_from_its_module_and_from_its_builder(tmp_path):
    """The routes the refusal names give the model's own answers: torch's forward, torch's Jacobian rank (28 at
    spread inputs: a proved lower bound of the functional dimension); the ReLU-MLP reading of the same weights
    claimed functional dimension 24 < 28, exact, for this model's state dict."""
    torch.manual_seed(3)
    net = _Residual().double().eval()
    path = _save(net, tmp_path / "sd.pt")
    Z = np.random.default_rng(0).normal(size=(200, 2)) * 5
    truth = torch_jacobian_rank(net, Z)
    assert truth == 28
    for m in (from_torch_model(net), load_torch_model(path, builder=lambda: _Residual().double())):
        assert np.allclose(m.forward(Z), net(torch.from_numpy(Z)).detach().numpy(), atol=1e-12)
        assert model_batch_fd(m, Z).rank == truth
    assert functional_dimension(from_torch_model(net)).functional_dimension == truth
    assert functional_dimension(load_torch_model(path, relu_mlp=True)).functional_dimension < truth


def _residual_regions_1d(net, a, b):
    """Activation regions of the one-input _Residual on [a, b], by hand in exact Fractions: fc1's zeros cut the
    interval; on each piece h = relu(fc1 x) is affine, so fc2's pre-activations are affine and their zeros are the
    remaining cuts; a region is a maximal run of pieces with one pattern of (fc1 > 0, fc2 > 0)."""
    def fr(t):
        return [[Fraction(float(v)) for v in r] for r in t.detach().double().reshape(t.shape[0], -1)]

    W1, b1, W2, b2 = fr(net.fc1.weight), fr(net.fc1.bias), fr(net.fc2.weight), fr(net.fc2.bias)

    def pre(x, ref):       # (fc1, fc2) pre-activations at x with fc1's pattern of the point ref
        z1 = [w[0] * x + c[0] for w, c in zip(W1, b1)]
        s1 = [w[0] * ref + c[0] > 0 for w, c in zip(W1, b1)]
        h = [v if s else 0 for v, s in zip(z1, s1)]
        return z1, [sum(w * v for w, v in zip(r, h)) + c[0] for r, c in zip(W2, b2)]

    cuts = {-c[0] / w[0] for w, c in zip(W1, b1) if w[0] != 0 and a < -c[0] / w[0] < b}
    pts = [Fraction(a), *sorted(cuts), Fraction(b)]
    out = []
    for lo, hi in zip(pts, pts[1:]):
        mid = (lo + hi) / 2
        z0, z1 = pre(lo, mid)[1], pre(hi, mid)[1]
        out += [lo + (hi - lo) * u / (u - v) for u, v in zip(z0, z1) if min(u, v) < 0 < max(u, v)]
    pts = [Fraction(a), *sorted(cuts | set(out)), Fraction(b)]
    pats = [tuple(t > 0 for z in pre((lo + hi) / 2, (lo + hi) / 2) for t in z) for lo, hi in zip(pts, pts[1:])]
    return sum(1 for i, p in enumerate(pats) if i == 0 or p != pats[i - 1])


def test_residual_regions_from_the_module_and_not_from_the_mlp_reading(tmp_path):
    torch.manual_seed(4)
    net = _Residual(n_in=1).double().eval()
    want = _residual_regions_1d(net, -3, 3)
    assert linear_regions(from_torch_model(net), box=(-3, 3)).count == want
    path = _save(net, tmp_path / "sd.pt")
    with pytest.raises(NotApplicableError):
        load_torch_model(path)
    assert linear_regions(load_torch_model(path, builder=lambda: _Residual(n_in=1).double()), box=(-3, 3)).count \
        == want


def test_keys_that_contradict_the_declaration_are_refused(tmp_path):
    """nn.Sequential(Linear, Linear): consecutive children, nothing between them, a linear map (torch's rank 3 =
    the affine maps R^2 -> R); read as relu 2-3-1 it had rank 9. Two branches reading the input do not chain."""
    torch.manual_seed(2)
    lin = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1)).double()
    Z = np.random.default_rng(3).normal(size=(20, 2))
    assert torch_jacobian_rank(lin, Z) == 3
    path = _save(lin, tmp_path / "lin.pt")
    with pytest.raises(NotApplicableError, match="consecutive children of the saved nn.Sequential"):
        load_torch_model(path, relu_mlp=True)

    class TwoBranch(nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b, self.out = nn.Linear(2, 3), nn.Linear(2, 3), nn.Linear(3, 1)

        def forward(self, x):
            return self.out(torch.relu(self.a(x)) + torch.relu(self.b(x)))

    path = _save(TwoBranch(), tmp_path / "two.pt")
    for kw in ({}, {"relu_mlp": True}):
        with pytest.raises(ParameterError, match="do not chain in any order"):
            load_torch_model(path, **kw)
    # a ModuleList's children are numbered too, and its forward applies F.relu itself: declared, it is read
    class Listed(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = nn.ModuleList([nn.Linear(2, 4), nn.Linear(4, 4), nn.Linear(4, 1)])

        def forward(self, x):
            for f in self.layers[:-1]:
                x = torch.relu(f(x))
            return self.layers[-1](x)

    net = Listed().double()
    m = load_torch_model(_save(net, tmp_path / "list.pt"), relu_mlp=True)
    assert np.allclose(m.forward(Z), net(torch.from_numpy(Z)).detach().numpy(), atol=1e-12)
    path = _save(nn.Sequential(nn.Linear(2, 3), nn.PReLU(), nn.Linear(3, 1)), tmp_path / "prelu.pt")
    with pytest.raises(ParameterError, match=r"'1\.weight' of shape \(1,\) is no Linear weight"):
        load_torch_model(path, relu_mlp=True)


def test_relu_mlp_flag_on_the_command_line(tmp_path, capsys):
    torch.manual_seed(3)
    net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    path = _save(net, tmp_path / "sd.pt")
    assert main(["fd", "--torch", path]) == 2
    err = capsys.readouterr().err
    assert "--relu-mlp" in err and "--builder" in err and "Traceback" not in err
    assert main(["fd", "--torch", path, "--relu-mlp", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    Z = np.random.default_rng(0).normal(size=(40, 2)) * 10
    assert d["functional_dimension"] == torch_jacobian_rank(net.double(), Z) == 10      # = D' = 13 - 3 (theorem: <=)
    assert any("read as declared" in n for n in d["notes"])
    torch.save(net, tmp_path / "whole.pt")
    for argv in (["fd", "--torch", str(tmp_path / "whole.pt"), "--relu-mlp"], ["regions", "relu 2-3-1", "--relu-mlp"],
                 ["fd", "--torch", path, "--relu-mlp", "--builder", "collections:OrderedDict"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "--relu-mlp" in err and "Traceback" not in err


@pytest.mark.filterwarnings("ignore:`torch.jit.(trace|trace_method|save)` is deprecated:DeprecationWarning")
def test_traced_archive_without_layer_settings_is_refused(tmp_path):
    """torch.jit.trace keeps no layer settings (a Conv1d's padding, a LeakyReLU's slope): rebuilding one ended in an
    AttributeError traceback. A traced Linear/ReLU Sequential still reads as torch computes it."""
    torch.manual_seed(5)
    for net, shape in ((nn.Sequential(nn.Conv1d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8, 1)), (1, 6)),
                       (nn.Sequential(nn.Linear(2, 4), nn.LeakyReLU(0.1), nn.Linear(4, 1)), (2,))):
        torch.jit.save(torch.jit.trace(net.eval(), torch.randn((1,) + shape)), tmp_path / "t.pt")
        with pytest.raises(NotApplicableError, match="does not keep its settings") as e:
            load_torch_model(tmp_path / "t.pt", input_shape=shape)
        assert "torch.save(model)" in e.value.hint
    net = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1)).eval()
    torch.jit.save(torch.jit.trace(net, torch.randn(1, 2)), tmp_path / "t.pt")
    x = np.random.default_rng(1).normal(size=(10, 2))
    want = net.double()(torch.from_numpy(x)).detach().numpy()
    assert np.allclose(load_torch_model(tmp_path / "t.pt").forward(x), want)


@pytest.mark.filterwarnings("ignore::FutureWarning")
def test_constrained_weights_are_refused_and_weight_norm_is_read():
    """A weight computed by spectral_norm (W / sigma(W)) or an orthogonal parametrization is no free weight: its
    entries read as parameters gave torch's Jacobian rank 3 as 4 (spectral-normed Linear(3, 1): a unit vector and a
    bias) and 10 as 13 (orthogonal 3 x 3 first layer). Refused, naming the route to free weights; weight_norm's
    (g, v) reach every weight with nonzero rows, so it is read (torch's rank)."""
    from torch.nn.utils import parametrizations

    torch.manual_seed(0)
    Z = np.random.default_rng(0).normal(size=(30, 3)) * 3
    legacy = nn.Sequential(nn.utils.spectral_norm(nn.Linear(3, 1).double())).eval()
    orth = nn.Sequential(parametrizations.orthogonal(nn.Linear(3, 3)), nn.ReLU(), nn.Linear(3, 1)).double().eval()
    assert (torch_jacobian_rank(legacy, Z), torch_jacobian_rank(orth, Z)) == (3, 10)
    for net, route in ((legacy, "remove_spectral_norm"), (orth, "remove_parametrizations")):
        with pytest.raises(NotApplicableError, match="not free entries|not the entries") as e:
            from_torch_model(net)
        assert route in e.value.hint
    torch.nn.utils.parametrize.remove_parametrizations(orth[0], "weight")      # free weights: the route named
    assert model_batch_fd(from_torch_model(orth), Z).rank == torch_jacobian_rank(orth, Z) == 13
    wn = nn.Sequential(parametrizations.weight_norm(nn.Linear(3, 4)), nn.ReLU(), nn.Linear(4, 1)).double().eval()
    assert model_batch_fd(from_torch_model(wn), Z).rank == torch_jacobian_rank(wn, Z)
