"""Trained torch models imported as exact piecewise-linear models.

Independent truth: torch itself. With weights and inputs that are dyadic
rationals of few bits, torch's float64 arithmetic makes no rounding error,
so the exact model must agree with it *exactly*; at random float inputs the
float64 path agrees to rounding.
"""

from fractions import Fraction

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.errors import AlgnetError, NotApplicableError, ParameterError  # noqa: E402
from algnet.relu import PLModel, from_torch_model, load_torch_model  # noqa: E402


def _dyadic_(model, seed, bits=3, span=2):
    """Set every parameter/buffer to a random multiple of 2^-bits in [-span, span]."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, t in list(model.named_parameters()) + list(model.named_buffers()):
            if t.dtype.is_floating_point:
                v = torch.randint(-span * 2**bits, span * 2**bits + 1, t.shape, generator=g).double() / 2**bits
                if name.endswith("running_var"):
                    v = torch.full(t.shape, 4.0, dtype=torch.float64)   # sqrt(var + eps) = 2 when eps = 0
                t.copy_(v)
    return model


class Block(nn.Module):
    """Residual CNN block with every supported operation."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(2, 4, 3, padding=1, stride=1, dilation=1)
        self.bn = nn.BatchNorm2d(4, eps=0.0)
        self.c2 = nn.Conv2d(4, 4, 3, padding=2, dilation=2, groups=2)
        self.c3 = nn.Conv2d(2, 4, 1)
        self.act = nn.LeakyReLU(0.25)
        self.prelu = nn.PReLU(4)
        self.pool = nn.MaxPool2d(2)
        self.avg = nn.AvgPool2d(2)
        self.drop = nn.Dropout(0.5)
        self.fc = nn.Linear(8 * 3 * 3, 3)
        self.id = nn.Identity()

    def forward(self, x):
        h = self.act(self.bn(self.c1(x)))
        h = self.c2(h) + self.c3(x)            # residual add
        h = self.prelu(h)
        a = self.pool(h)
        b = torch.abs(self.avg(h))
        h = torch.cat([a, b], dim=1)           # (8, 3, 3)
        h = self.drop(self.id(h))
        return self.fc(h.view(h.size(0), -1))


def _block(seed=0):
    return _dyadic_(Block(), seed).double().eval()


def test_exact_model_equals_torch_exactly_on_dyadic_weights():
    model = _block(0)
    m = from_torch_model(model, input_shape=(2, 6, 6))
    # var + eps = 4: the square root is exact (no rounding note); the PReLU's slopes are parameters (no note)
    # BatchNorm folded into c1: its 8 parameters are c1's rescalings (the one note, saying so)
    assert m.n_params == sum(p.numel() for p in model.parameters()) - 8 and len(m.notes) == 1
    assert m.notes[0].startswith("bn: BatchNorm folded into the layer c1") and "(8 fewer" in m.notes[0]
    g = torch.Generator().manual_seed(1)
    X = torch.randint(-8, 9, (6, 2, 6, 6), generator=g).double() / 4
    want = model(X).detach().numpy()
    got = m.forward(X.numpy(), exact=True)
    assert got.shape == want.shape
    assert all(Fraction(float(w)) == v for w, v in zip(want.ravel(), got.ravel()))
    # the folded BatchNorm: the conv node absorbed it (no separate node)
    assert not any(n.op is not None and getattr(n.op, "kind", "") == "batchnorm" for n in m.nodes)


def test_float_path_matches_torch_at_random_float_inputs():
    torch.manual_seed(3)
    model = Block().eval()
    with torch.no_grad():
        model.bn.running_mean.uniform_(-1, 1)
        model.bn.running_var.uniform_(0.5, 2)
    m = from_torch_model(model, input_shape=(2, 6, 6))
    assert m.notes                                 # irrational square roots are rounded, and said so
    X = torch.randn(20, 2, 6, 6)
    want = model.double()(X.double()).detach().numpy()
    assert np.abs(m.forward(X.double().numpy()) - want).max() < 1e-10
    assert np.abs(m.forward(X.numpy()) - model.float()(X).detach().numpy()).max() < 1e-4


def test_batchnorm_folding_is_exact():
    """Folded conv+BN equals conv followed by the exact BN map, exactly (sqrt exact here)."""
    conv = nn.Conv2d(1, 2, 2)
    bn = nn.BatchNorm2d(2, eps=0.0)
    seq = _dyadic_(nn.Sequential(conv, bn), 5).eval()
    with torch.no_grad():
        bn.running_var.copy_(torch.tensor([0.5625, 4.0]))   # (3/4)^2 and 2^2
    folded = from_torch_model(seq, input_shape=(1, 3, 3))
    bare = from_torch_model(nn.Sequential(conv).eval(), input_shape=(1, 3, 3))
    assert len(folded.nodes) == len(bare.nodes)                    # folded: no extra node
    X = [[Fraction(i - 4, 3) for i in range(9)], [Fraction(1, 7)] * 9]
    y = bare.forward(X, exact=True).reshape(2, 2, 4)
    mean = [Fraction(float(v)) for v in bn.running_mean.detach()]
    gam = [Fraction(float(v)) for v in bn.weight.detach()]
    bet = [Fraction(float(v)) for v in bn.bias.detach()]
    sd = [Fraction(3, 4), Fraction(2)]
    want = np.array([[[(y[b, c, k] - mean[c]) / sd[c] * gam[c] + bet[c] for k in range(4)] for c in range(2)]
                     for b in range(2)], dtype=object)
    assert (folded.forward(X, exact=True).reshape(2, 2, 4) == want).all()


def test_conv1d_and_sequential_mlp():
    torch.manual_seed(0)
    c = nn.Sequential(nn.Conv1d(2, 3, 3, stride=2, padding=1), nn.ReLU(), nn.AvgPool1d(2), nn.Flatten(),
                      nn.Linear(6, 2)).eval()
    m = from_torch_model(c, input_shape=(2, 8))
    X = torch.randn(7, 2, 8)
    assert np.abs(m.forward(X.double().numpy()) - c.double()(X.double()).detach().numpy()).max() < 1e-10
    mlp = nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2))
    pm = from_torch_model(mlp)
    assert pm.spec == "relu 3-5-2" and pm.mlp_widths() == [3, 5, 2]
    net, theta = pm.to_relu_network()
    Z = [[Fraction(1, 3), Fraction(-2), Fraction(5, 7)]]
    assert (net.evaluate(theta, Z) == pm.forward(Z, exact=True)).all()


@pytest.mark.parametrize("layer, word", [(nn.GELU(), "GELU"), (nn.Sigmoid(), "Sigmoid"), (nn.Softmax(dim=1), "softmax"),
                                         (nn.LayerNorm(3), "LayerNorm")])
def test_unsupported_modules_raise_the_documented_error(layer, word):
    with pytest.raises(NotApplicableError) as e:
        from_torch_model(nn.Sequential(nn.Linear(2, 3), layer, nn.Linear(3, 1)))
    assert word in str(e.value) and "'1'" in str(e.value) and e.value.hint


def test_bad_inputs_raise_algnet_errors(tmp_path):
    with pytest.raises(ParameterError):
        from_torch_model(nn.Sequential(nn.Conv2d(1, 1, 2)))                # no input shape
    bn = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
    with pytest.raises(ParameterError, match="training mode"):
        from_torch_model(bn.train())
    lin = nn.Linear(2, 1)
    with torch.no_grad():
        lin.weight[0, 0] = float("inf")
    with pytest.raises(ParameterError, match="infinite"):
        from_torch_model(nn.Sequential(lin))
    for content in (b"", b"not a torch file at all", b"PK\x03\x04truncated"):
        p = tmp_path / "bad.pt"
        p.write_bytes(content)
        with pytest.raises(ParameterError):
            load_torch_model(p)
    with pytest.raises(ParameterError):
        load_torch_model(tmp_path / "missing.pt")


# writing a TorchScript file (users still have them) needs torch.jit.script/save, deprecated since torch 2.10
@pytest.mark.filterwarnings("ignore:`torch.jit:DeprecationWarning")
def test_loader_reads_module_script_and_state_dict(tmp_path):
    torch.manual_seed(2)
    cnn = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8, 3)).eval()
    X = torch.randn(4, 1, 6, 6)
    want = cnn(X).detach().double().numpy()
    p1, p2, p3 = tmp_path / "m.pt", tmp_path / "s.pt", tmp_path / "d.pt"
    torch.save(cnn, p1)
    torch.jit.save(torch.jit.script(cnn), p2)
    torch.save(cnn.state_dict(), p3)
    for m in (load_torch_model(p1, input_shape=(1, 6, 6)), load_torch_model(p2, input_shape=(1, 6, 6)),
              load_torch_model(p3, input_shape=(1, 6, 6), builder=lambda: nn.Sequential(
                  nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8, 3)))):
        assert np.abs(m.forward(X.double().numpy()) - want).max() < 1e-5
    with pytest.raises(ParameterError, match="builder"):
        load_torch_model(p3, input_shape=(1, 6, 6))


def test_errors_are_algnet_errors_for_odd_graphs():
    class Mul(nn.Module):
        def forward(self, x):
            return x * x

    with pytest.raises(AlgnetError, match="not piecewise linear"):
        from_torch_model(Mul(), input_shape=(2,))
    assert isinstance(PLModel.from_layers([([[1]], [0])]), PLModel)


def test_large_float_batches_use_the_same_numbers_in_every_route():
    """Large float64 batches go through torch's conv2d (and chunked patches): same as the numpy route."""
    model = _block(4)
    m = from_torch_model(model, input_shape=(2, 6, 6))
    X = np.random.default_rng(0).uniform(-1, 1, (3000, 72))
    fast = m.forward(X)
    for n in m.nodes:
        if n.op is not None and getattr(n.op, "conv", None) is not None:
            n.op.conv = None                      # force the numpy im2col route
    assert np.abs(m.forward(X) - fast).max() < 1e-10
    assert np.abs(fast - model(torch.tensor(X).reshape(-1, 2, 6, 6)).detach().numpy()).max() < 1e-10
