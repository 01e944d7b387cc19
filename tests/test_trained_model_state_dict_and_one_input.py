"""Trained models: what a state dict and a one-input model say.

Truths are independent of algnet: torch's own forward pass and activation patterns on a fine grid, the exact
breakpoints of a one-input network computed by hand in Fractions, and the line-arrangement count
1 + #lines + #crossings for one hidden layer on a box.
"""

import itertools
from fractions import Fraction

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.errors import NotApplicableError  # noqa: E402
from algnet.relu import linear_regions, load_torch_model  # noqa: E402
from algnet.relu.model_regions import model_regions  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from algnet.relu.torch_load import STATE_DICT_NOTE  # noqa: E402


def _grid_patterns(model, box, n=801):
    """Distinct activation patterns of a torch MLP on an n x n grid (offset so no point is a breakpoint by symmetry)."""
    xs = np.linspace(box[0], box[1], n) + 1e-7
    ys = np.linspace(box[2], box[3], n) + 2e-7
    X = torch.tensor(np.stack(np.meshgrid(xs, ys), -1).reshape(-1, 2))
    pats = []
    hooks = [m.register_forward_hook(lambda m, i, o: pats.append((i[0] > 0).numpy()))
             for m in model.modules() if isinstance(m, (nn.ReLU, nn.LeakyReLU))]
    with torch.no_grad():
        model.double()(X)
    for h in hooks:
        h.remove()
    return len({r.tobytes() for r in np.packbits(np.concatenate(pats, 1), axis=1)})


def _leaky_net():
    torch.manual_seed(3)
    return nn.Sequential(nn.Linear(2, 6), nn.LeakyReLU(0.1), nn.Linear(6, 6), nn.LeakyReLU(0.2), nn.Linear(6, 2)).eval()


def test_state_dict_of_a_leaky_mlp_says_it_assumed_relu(tmp_path):
    """A LeakyReLU MLP's state dict has the same keys as a ReLU MLP's: it was read as ReLU with no word (a different
    partition). Now it is refused unless declared a ReLU MLP, and the declared import says what it rests on; the
    whole model is read exactly (grid patterns agree)."""
    net = _leaky_net()
    torch.save(net.state_dict(), tmp_path / "sd.pt")
    torch.save(net, tmp_path / "whole.pt")
    with pytest.raises(NotApplicableError, match="state dict"):
        load_torch_model(str(tmp_path / "sd.pt"))
    sd = load_torch_model(str(tmp_path / "sd.pt"), relu_mlp=True)
    assert sd.notes == (STATE_DICT_NOTE,) and "ReLU" in STATE_DICT_NOTE and "builder" in STATE_DICT_NOTE
    whole = load_torch_model(str(tmp_path / "whole.pt"))
    assert not whole.notes
    x = np.random.default_rng(0).uniform(-1, 1, (20, 2))
    assert np.allclose(whole.forward(x), net.double()(torch.from_numpy(x)).detach().numpy(), atol=1e-12)
    assert linear_regions(whole, box=(-1, 1, -1, 1)).count == _grid_patterns(net, (-1, 1, -1, 1))


def test_state_dict_note_in_the_cli(tmp_path, capsys):
    from algnet.cli import main

    torch.save(_leaky_net().state_dict(), tmp_path / "sd.pt")
    assert main(["regions", "--torch", str(tmp_path / "sd.pt")]) == 2
    assert "--relu-mlp" in capsys.readouterr().err
    main(["regions", "--torch", str(tmp_path / "sd.pt"), "--relu-mlp"])
    assert "a state dict stores no forward pass" in capsys.readouterr().out


def _breakpoint_regions(net, a, b):
    """Activation regions of a Linear/ReLU torch MLP with one input on [a, b], by hand in exact Fractions: layer by
    layer, each piece's pre-activations are affine, so their zeros inside the piece are the new breakpoints."""
    lin = [m for m in net if isinstance(m, nn.Linear)]
    Ws = [[[Fraction(float(v)) for v in r] for r in m.weight.detach().double()] for m in lin]
    bs = [[Fraction(float(v)) for v in m.bias.detach().double()] for m in lin]

    def pre(x, k, ref):       # layer-k pre-activations at x with the activation pattern of ref
        h, hr = [x], [ref]
        for j in range(k + 1):
            z = [sum(w * v for w, v in zip(r, h)) + c for r, c in zip(Ws[j], bs[j])]
            zr = [sum(w * v for w, v in zip(r, hr)) + c for r, c in zip(Ws[j], bs[j])]
            if j == k:
                return z, zr
            h, hr = [v if t > 0 else 0 for v, t in zip(z, zr)], [max(t, 0) for t in zr]

    pieces = [(Fraction(a), Fraction(b))]
    for k in range(len(lin) - 1):
        new = []
        for lo, hi in pieces:
            mid = (lo + hi) / 2
            z0, z1 = pre(lo, k, mid)[0], pre(hi, k, mid)[0]
            cuts = sorted({lo + (hi - lo) * u / (u - v) for u, v in zip(z0, z1) if min(u, v) < 0 < max(u, v)})
            pts = [lo, *cuts, hi]
            new += list(zip(pts, pts[1:]))
        pieces = new
    pats = [tuple(tuple(t > 0 for t in pre((lo + hi) / 2, k, (lo + hi) / 2)[1]) for k in range(len(lin) - 1))
            for lo, hi in pieces]
    return sum(1 for i, p in enumerate(pats) if i == 0 or p != pats[i - 1])


def test_one_input_model_takes_an_interval():
    """model_regions refused box=(a, b) for a one-input model (linear_regions took it, README says so)."""
    torch.manual_seed(5)
    net = nn.Sequential(nn.Linear(1, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1)).eval()
    m = from_torch_model(net)
    for a, b in [(-1, 1), (-3, 2)]:
        want = _breakpoint_regions(net, a, b)
        assert model_regions(m, box=(a, b)).count == want == linear_regions(m, box=(a, b)).count


def test_one_hidden_layer_count_is_the_line_arrangement():
    """A trained-looking float32 2-20-1: regions on [-1,1]^2 = 1 + #lines meeting the box + #crossings inside
    (checked in exact Fractions; general position asserted)."""
    torch.manual_seed(8)
    net = nn.Sequential(nn.Linear(2, 20), nn.ReLU(), nn.Linear(20, 1)).eval()
    W = [[Fraction(float(v)) for v in r] for r in net[0].weight.detach()]
    c = [Fraction(float(v)) for v in net[0].bias.detach()]
    lines = sum(min(u * x + v * y + d for x in (-1, 1) for y in (-1, 1)) < 0
                < max(u * x + v * y + d for x in (-1, 1) for y in (-1, 1)) for (u, v), d in zip(W, c))
    crossings = []
    for i, j in itertools.combinations(range(20), 2):
        det = W[i][0] * W[j][1] - W[j][0] * W[i][1]
        assert det != 0
        x = (-c[i] * W[j][1] + c[j] * W[i][1]) / det
        y = (-W[i][0] * c[j] + W[j][0] * c[i]) / det
        if -1 < x < 1 and -1 < y < 1:
            crossings.append((x, y))
    assert len(set(crossings)) == len(crossings)
    assert linear_regions(from_torch_model(net), box=(-1, 1, -1, 1)).count == 1 + lines + len(crossings)


class _Clamped(nn.Module):
    """An MLP written with x.clamp(min=0) (or torch.clamp / clip / clamp_min), as much research code does."""

    def __init__(self, act):
        super().__init__()
        self.a, self.b, self.act = nn.Linear(2, 6), nn.Linear(6, 1), act

    def forward(self, x):
        return self.b(self.act(self.a(x)))


@pytest.mark.parametrize("act", [lambda h: h.clamp(min=0), lambda h: torch.clamp(h, 0), lambda h: torch.clip(h, min=0),
                                 lambda h: h.clamp_min(0)], ids=["method", "function", "clip", "clamp_min"])
def test_clamp_at_zero_is_relu(act):
    """clamp(min=0) was refused ('function clamp is not supported'); it is ReLU exactly. Truth: torch's forward and
    the grid's activation patterns of the same net written with nn.ReLU."""
    torch.manual_seed(1)
    net = _Clamped(act).eval()
    relu = nn.Sequential(net.a, nn.ReLU(), net.b)
    m = from_torch_model(net)
    x = np.random.default_rng(1).uniform(-2, 2, (50, 2))
    assert np.allclose(m.forward(x), relu.double()(torch.from_numpy(x)).detach().numpy(), rtol=0, atol=1e-12)
    assert linear_regions(m, box=(-2, 2, -2, 2)).count == _grid_patterns(relu, (-2, 2, -2, 2))


@pytest.mark.parametrize("act", [lambda h: h.clamp(min=-1), lambda h: torch.clamp(h, 0, 1), lambda h: h.clamp(max=0)],
                         ids=["min-1", "min0max1", "max0"])
def test_other_clamps_are_translated(act):
    """Other bounds were refused; they are now lo + relu(x - lo) - relu(x - hi): torch's forward at random points."""
    torch.manual_seed(1)
    net = _Clamped(act).eval().double()
    m = from_torch_model(net)
    x = np.random.default_rng(1).uniform(-2, 2, (50, 2))
    assert np.allclose(m.forward(x), net(torch.from_numpy(x)).detach().numpy(), rtol=0, atol=1e-12)


def _float_rank(net, Z, tol=1e-9):
    """float64 rank (singular values above tol * the largest) of the Jacobian of theta -> (net(z))_z by autograd."""
    net = net.double()
    names = [k for k, _ in net.named_parameters()]
    Zt = torch.from_numpy(Z)

    def f(*ps):
        return torch.func.functional_call(net, dict(zip(names, ps)), (Zt,)).reshape(-1)

    J = torch.autograd.functional.jacobian(f, tuple(p.detach() for p in net.parameters()))
    s = np.linalg.svd(torch.cat([j.reshape(j.shape[0], -1) for j in J], 1).numpy(), compute_uv=False)
    return int((s > tol * s[0]).sum())


def test_functional_dimension_of_an_imported_mlp_with_extras():
    """from_torch refused Flatten / Identity / Dropout / nested Sequential ('expected nn.Linear, found Flatten') and
    functional_dimension(model) of an imported model raised a bare TypeError (theta missing). Truth: the float64
    Jacobian rank at 750 inputs spread over radii 1 to 100 (a numerical lower bound) and D' = D - #hidden units."""
    from algnet.relu import from_torch, functional_dimension

    torch.manual_seed(4)
    net = nn.Sequential(nn.Flatten(), nn.Sequential(nn.Linear(2, 4), nn.Identity(), nn.ReLU()), nn.Dropout(0.2),
                        nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1)).eval()
    plain = nn.Sequential(net[1][0], nn.ReLU(), net[3], nn.ReLU(), net[5])
    (a, ta), (b, tb) = from_torch(net), from_torch(plain)
    assert a.spec == b.spec == "relu 2-4-3-1" and list(ta) == list(tb)
    fd = functional_dimension(from_torch_model(net))
    Z = np.concatenate([np.random.default_rng(r).uniform(-r, r, (150, 2)) for r in (1, 3, 10, 30, 100)])
    assert _float_rank(plain, Z) <= fd.functional_dimension <= 31 - 7
    assert fd.functional_dimension == functional_dimension(a, ta).functional_dimension


def test_functional_dimension_refuses_what_it_cannot_do():
    from algnet import parse_spec
    from algnet.errors import NotApplicableError, ParameterError
    from algnet.relu import functional_dimension

    with pytest.raises(ParameterError, match="no parameters theta"):
        functional_dimension(parse_spec("relu 2-3-1"))
    # LeakyReLU and bias-free models on R^2 are served since 2026-12-05 (tests/test_torch_untied_model_fd.py); on R^3
    # the regions cannot be enumerated: refused, naming the batch rank (a lower bound)
    wide = nn.Sequential(nn.Linear(3, 4), nn.LeakyReLU(0.1), nn.Linear(4, 1)).eval()
    with pytest.raises(NotApplicableError, match="model_batch_fd"):
        functional_dimension(from_torch_model(wide))


def test_whole_model_whose_class_is_gone(tmp_path, monkeypatch):
    """torch.save(model) of a class defined in the training script: loading elsewhere said 'is it truncated or
    corrupt?'. Now the message names the class problem and the state-dict + --builder route."""
    import sys
    import types

    from algnet.errors import ParameterError

    mod = types.ModuleType("relu21_training_script")
    monkeypatch.setitem(sys.modules, "relu21_training_script", mod)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(2, 1)

        def forward(self, x):
            return self.fc(x)

    Net.__module__, Net.__qualname__, mod.Net = "relu21_training_script", "Net", Net
    torch.save(Net(), tmp_path / "m.pt")
    monkeypatch.delitem(sys.modules, "relu21_training_script")
    with pytest.raises(ParameterError, match="pickled with its class") as e:
        load_torch_model(str(tmp_path / "m.pt"))
    assert "--builder" in e.value.hint and "corrupt" not in str(e.value) + e.value.hint


def test_builder_in_the_current_directory(tmp_path, monkeypatch):
    """The ``algnet`` console script has no current directory on sys.path: --builder mymodels:make with
    ./mymodels.py was 'No module named mymodels'. Truth: torch's forward of the LeakyReLU model it builds."""
    import sys

    (tmp_path / "relu21_mymodels.py").write_text(
        "import torch.nn as nn\n"
        "def make():\n"
        "    return nn.Sequential(nn.Linear(2, 6), nn.LeakyReLU(0.1), nn.Linear(6, 6), nn.LeakyReLU(0.2), "
        "nn.Linear(6, 2))\n")
    net = _leaky_net()
    torch.save(net.state_dict(), tmp_path / "sd.pt")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", str(tmp_path))])
    m = load_torch_model("sd.pt", builder="relu21_mymodels:make")
    assert str(tmp_path) not in sys.path and not m.notes
    x = np.random.default_rng(2).uniform(-1, 1, (20, 2))
    assert np.allclose(m.forward(x), net.double()(torch.from_numpy(x)).detach().numpy(), rtol=0, atol=1e-12)
    sys.modules.pop("relu21_mymodels", None)


class _Tied(nn.Module):
    """One Linear applied twice (weight tying), as in weight-shared / recurrent-unrolled research models."""

    def __init__(self, w=6):
        super().__init__()
        self.a, self.b, self.c, self.r = nn.Linear(2, w), nn.Linear(w, w), nn.Linear(w, 1), nn.ReLU()

    def forward(self, x):
        return self.c(self.r(self.b(self.r(self.b(self.r(self.a(x)))))))


def test_tied_weights_are_counted_once():
    """A module applied twice was imported with its weights counted once per use and no word: D = 109 for torch's
    67 parameters and a batch functional dimension of the untied model (82 where the tied model's float64 rank
    is 61). Outputs stay exact (truth: torch's forward); D is torch's count now and the import says the weights
    are shared (the tied ranks are checked against torch.func.jacrev in test_torch_tied_weights_and_prelu_fd)."""
    torch.manual_seed(1)
    net = _Tied().eval()
    m = from_torch_model(net)
    x = np.random.default_rng(0).uniform(-2, 2, (30, 2))
    assert np.allclose(m.forward(x), net.double()(torch.from_numpy(x)).detach().numpy(), rtol=0, atol=1e-12)
    assert m.n_params == sum(p.numel() for p in net.parameters())
    assert len(m.notes) == 1 and "shared weights: b.weight, b.bias used 2 times" in m.notes[0]
    plain = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    relu = nn.ReLU()
    reused = nn.Sequential(plain[0], relu, nn.Linear(3, 3), relu, plain[2]).eval()     # a ReLU reused: no weights
    assert not from_torch_model(reused).notes
