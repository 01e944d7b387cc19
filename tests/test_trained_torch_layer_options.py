"""Trained models whose layers use non-default options: every option either reaches the exact model or is refused.

Truths are independent of algnet: torch's own forward pass on random inputs, and, for the exact regions, torch's
output at interior points of every region against the region's exact affine map.
"""

from fractions import Fraction

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn
F = nn.functional

from torch_helpers import torch_jacobian_rank  # noqa: E402
from algnet.errors import NotApplicableError, ParameterError  # noqa: E402
from algnet.relu import load_torch_model  # noqa: E402
from algnet.relu.model_regions import model_regions  # noqa: E402
from algnet.relu.slices import Slice  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402


def _forward_gap(m, net, shape, n=40, seed=0):
    """Largest |algnet - torch| of the outputs at n random inputs (net in float64)."""
    X = np.random.default_rng(seed).normal(size=(n,) + tuple(shape))
    with torch.no_grad():
        want = net.double()(torch.tensor(X)).reshape(n, -1).numpy()
    return float(np.abs(m.forward(X.reshape(n, -1)) - want).max())


def _regions_agree_with_torch(m, net, seed=0):
    """Every region's exact affine map equals torch's output at three interior points of it (a random slice)."""
    rng = np.random.default_rng(seed)
    n0 = m.input_size
    vec = lambda: [Fraction(float(t)) for t in rng.normal(size=n0)]  # noqa: E731
    sl = Slice.from_origin(vec(), vec(), vec())
    part = model_regions(m, box=(-1, 1, -1, 1), slice=sl)
    assert part.count > 1
    net = net.double()
    for r in part.regions:
        M, t = r.affine_map()
        for u, v in r.interior_points(3):
            z = torch.tensor([float(c) for c in sl.point(u, v)], dtype=torch.float64).reshape((1,) + tuple(m.input_shape))
            with torch.no_grad():
                y = net(z).reshape(-1).numpy()
            pred = [float(M[k][0] * u + M[k][1] * v + t[k]) for k in range(len(t))]
            assert np.allclose(pred, y, rtol=0, atol=1e-9)
    return part.count


class _FunctionalAvgPool(nn.Module):
    def __init__(self, **kw):
        super().__init__()
        self.c, self.kw = nn.Conv2d(1, 2, 2), kw
        self.out = nn.Linear(2 * 3 * 3 if kw.get("padding") else 2, 1)

    def forward(self, x):
        return self.out(F.avg_pool2d(F.relu(self.c(x)), 2, 1, **self.kw).flatten(1))


def test_functional_avg_pool_reads_every_argument():
    """F.avg_pool2d(x, k, s, p, count_include_pad=False) was imported as count_include_pad=True and
    divisor_override=3 as the window size (outputs 0.1 off torch's). Now the divisor is read, and a divisor that
    changes from window to window (once refused) is read off torch's forward."""
    torch.manual_seed(2)
    net = _FunctionalAvgPool(divisor_override=3).eval()
    m = from_torch_model(net, input_shape=(1, 3, 3))
    assert _forward_gap(m, net, (1, 3, 3)) < 1e-12
    assert _regions_agree_with_torch(m, net) > 1
    net = _FunctionalAvgPool(padding=1, count_include_pad=False).double().eval()
    assert _forward_gap(from_torch_model(net, input_shape=(1, 3, 3)), net, (1, 3, 3)) < 1e-12


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@pytest.mark.parametrize("k,dil", [(3, 1), (2, 1), (4, 2), (2, 3)])
def test_conv1d_same_padding(k, dil):
    """padding='same' (the common CNN setting; uneven kernels pad one more zero after than before) was refused."""
    torch.manual_seed(k + dil)
    net = nn.Sequential(nn.Conv1d(1, 2, k, padding="same", dilation=dil), nn.ReLU(), nn.Flatten(),
                        nn.Linear(2 * 5, 1)).eval()
    m = from_torch_model(net, input_shape=(1, 5))
    assert _forward_gap(m, net, (1, 5)) < 1e-12
    assert _regions_agree_with_torch(m, net) > 1


@pytest.mark.filterwarnings("ignore:Using padding='same'")
def test_conv2d_same_and_valid_padding():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(2, 4, (2, 3), padding="same", dilation=(2, 1), groups=2), nn.ReLU(), nn.Flatten(),
                        nn.Linear(4 * 3 * 3, 2)).eval()
    m = from_torch_model(net, input_shape=(2, 3, 3))
    assert _forward_gap(m, net, (2, 3, 3)) < 1e-12
    valid = nn.Sequential(nn.Conv1d(1, 2, 3, padding="valid"), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 2, 1)).eval()
    assert _forward_gap(from_torch_model(valid, input_shape=(1, 4)), valid, (1, 4)) < 1e-12
    big = nn.Sequential(nn.Conv2d(1, 3, 4, padding="same"), nn.ReLU(), nn.Flatten(), nn.Linear(3 * 16 * 16, 1)).eval()
    # large enough for the float64 path to hand the convolution to torch's conv2d (with padding='same')
    assert _forward_gap(from_torch_model(big, input_shape=(1, 16, 16)), big, (1, 16, 16)) < 1e-12


def _scripted(tmp_path, net, name="m.pt"):
    p = tmp_path / name
    torch.jit.save(torch.jit.script(net.eval()), str(p))
    return str(p)


@pytest.mark.parametrize("layers,shape", [
    ([nn.Conv2d(1, 2, 2), nn.ReLU(), nn.MaxPool2d(2, 1, dilation=2), nn.Flatten(), nn.Linear(2 * 2 * 2, 1)],
     (1, 5, 5)),
    ([nn.Conv2d(1, 2, 2), nn.ReLU(), nn.AvgPool2d(2, 1, 0, divisor_override=3), nn.Flatten(), nn.Linear(8, 1)],
     (1, 4, 4)),
    ([nn.Conv1d(1, 2, 2, padding="same"), nn.ReLU(), nn.Flatten(), nn.Linear(6, 1)], (1, 3)),
    ([nn.Conv1d(1, 2, 2), nn.ReLU(), nn.MaxPool1d(2), nn.Flatten(), nn.Linear(4, 1)], (1, 5)),
    ([nn.Linear(2, 5), nn.PReLU(5, 0.3), nn.Linear(5, 1)], (2,)),
])
def test_torchscript_layers_rebuilt_with_their_options(tmp_path, layers, shape):
    """A scripted Sequential's layers were rebuilt with default options (a max-pool's dilation dropped, an average
    pool's divisor_override dropped: outputs 0.15 off), padding='same' raised a TypeError traceback, and PReLU and
    BatchNorm were not rebuilt. Now every option is carried over; the model computes what the archive computes."""
    torch.manual_seed(4)
    net = nn.Sequential(*layers)
    m = load_torch_model(_scripted(tmp_path, net), input_shape=shape)
    X = torch.randn((20,) + shape)
    with torch.no_grad():
        want = net.eval()(X).double().numpy().reshape(20, -1)
    assert np.abs(m.forward(X.double().numpy().reshape(20, -1)) - want).max() < 1e-5   # torch: float32


def test_torchscript_batchnorm_rebuilt(tmp_path):
    torch.manual_seed(5)
    net = nn.Sequential(nn.Linear(2, 5), nn.BatchNorm1d(5), nn.ReLU(), nn.Linear(5, 1))
    with torch.no_grad():
        net.train()(torch.randn(30, 2) * 2 + 1)         # running statistics away from (0, 1)
    m = load_torch_model(_scripted(tmp_path, net))
    X = torch.randn(20, 2)
    with torch.no_grad():
        want = net.eval()(X).double().numpy()
    assert np.abs(m.forward(X.double().numpy()) - want).max() < 1e-5


def test_torchscript_pool_options_are_read(tmp_path):
    """A scripted count_include_pad=False pool was rebuilt with the window size as divisor: outputs 0.17 off
    torch's, no word. It was then refused as the module itself was; now the module is imported (its divisors read
    off torch's forward) and the scripted one gives torch's outputs."""
    net = nn.Sequential(nn.AvgPool1d(2, 1, 1, count_include_pad=False), nn.ReLU(), nn.Flatten(), nn.LazyLinear(1))
    net(torch.randn(1, 1, 4))
    m = load_torch_model(_scripted(tmp_path, net), input_shape=(1, 4))
    X = torch.randn(9, 1, 4)
    with torch.no_grad():
        want = net.eval()(X).double().numpy()
    assert np.abs(m.forward(X.reshape(9, 4).double().numpy()) - want).max() < 1e-5


def test_torchscript_reflect_padded_convolution_is_rebuilt_with_its_padding(tmp_path):
    """A scripted reflect-padded convolution had been rebuilt with zero padding (outputs 0.26 off torch's); it is
    rebuilt with its padding_mode and imported exactly (torch's outputs)."""
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv1d(1, 2, 3, padding=1, padding_mode="reflect"), nn.ReLU(), nn.Flatten(),
                        nn.Linear(8, 1))
    m = load_torch_model(_scripted(tmp_path, net), input_shape=(1, 4))
    X = torch.randn(9, 1, 4)
    with torch.no_grad():
        want = net(X).double().numpy()
    assert np.abs(m.forward(X.reshape(9, 4).double().numpy()) - want).max() < 1e-5


def test_torchscript_archive_given_a_wrong_input_shape(tmp_path):
    """The check run on a Linear-first archive fed it (4, in_features) inputs: an archive that takes (2, 3) inputs
    raised a TorchScript RuntimeError traceback. Now the given shape is used (the first Linear acts on each of the
    two rows: token-wise), and a shape the archive refuses is a ParameterError."""
    net = nn.Sequential(nn.Linear(3, 3), nn.ReLU(), nn.Flatten(), nn.Linear(6, 1)).double()
    p = _scripted(tmp_path, net)
    with pytest.raises(ParameterError, match="input shape|inputs of shape"):
        load_torch_model(p)
    m = load_torch_model(p, input_shape=(2, 3))
    x = np.random.default_rng(0).normal(size=(5, 2, 3))
    assert m.n_params == 12 + 7
    assert np.allclose(m.forward(x.reshape(5, 6)), net(torch.from_numpy(x)).detach().numpy(), atol=1e-12)


class _Head(nn.Module):
    """Conv -> ReLU -> ``pool`` (a global average in one of its spellings) -> Linear."""

    def __init__(self, pool, features=3):
        super().__init__()
        self.c, self.pool, self.out = nn.Conv2d(1, 3, 2), pool, nn.Linear(features, 1)

    def forward(self, x):
        return self.out(self.pool(F.relu(self.c(x))))


@pytest.mark.parametrize("pool,features", [
    (lambda h: torch.flatten(F.adaptive_avg_pool2d(h, (1, 1)), 1), 3),
    (lambda h: h.mean(dim=(2, 3)), 3),
    (lambda h: torch.mean(h, (-1, -2), keepdim=True).flatten(1), 3),
    (lambda h: F.adaptive_avg_pool2d(h, (None, 1)).flatten(1), 6),
    (lambda h: torch.div(F.dropout(h, 0.3, False), 4).flatten(1), 12),
    (lambda h: h.sum((2, 3)), 3),
    (lambda h: torch.sum(h, dim=(-2, -1), keepdim=True).squeeze(-1).squeeze(2), 3),
    (lambda h: h.mean((2, 3)).unsqueeze(1).unsqueeze(-1).flatten(1), 3),
    (lambda h: torch.unsqueeze(h.mean((2, 3)), 2).squeeze(), 3),
])
def test_global_average_spellings(pool, features):
    """F.adaptive_avg_pool2d, x.mean / x.sum over the spatial axes, squeeze / unsqueeze, torch.div and
    F.dropout(training=False) (ResNet-style heads) were refused as unsupported functions; AdaptiveAvgPool2d((None,
    1)) too."""
    torch.manual_seed(features)
    net = _Head(pool, features).eval()
    m = from_torch_model(net, input_shape=(1, 3, 3))
    assert _forward_gap(m, net, (1, 3, 3)) < 1e-12
    assert _regions_agree_with_torch(m, net) > 1


def test_scalar_factors_in_forward():
    """x / 0 and x * inf raised ZeroDivisionError / OverflowError tracebacks; a dropout in training mode is noted;
    floor division is refused; a mean over channels (once refused) is torch's, and one over the batch is refused."""
    torch.manual_seed(0)
    for c, err in ((0.0, "division by zero"), (float("inf"), "not finite")):
        with pytest.raises(ParameterError, match=err):
            from_torch_model(_Head(lambda h, c=c: (h / c).mean((2, 3))).eval(), input_shape=(1, 3, 3))
    m = from_torch_model(_Head(lambda h: F.dropout(h, 0.5).mean((2, 3))).eval(), input_shape=(1, 3, 3))
    assert any("dropout" in n and "training" in n for n in m.notes)
    with pytest.raises(NotApplicableError, match="rounding_mode"):
        from_torch_model(_Head(lambda h: torch.div(h, 2, rounding_mode="floor").mean((2, 3))).eval(), (1, 3, 3))
    net = _Head(lambda h: h.mean(1).flatten(1)[:, :3]).double().eval()
    assert _forward_gap(from_torch_model(net, input_shape=(1, 3, 3)), net, (1, 3, 3)) < 1e-12
    with pytest.raises(NotApplicableError, match="batch dimension"):
        from_torch_model(_Head(lambda h: h.mean(0).flatten(1)[:, :3]).eval(), input_shape=(1, 3, 3))


class _Clamps(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.out = nn.Linear(2, 4), nn.Linear(4, 1)

    def forward(self, x):
        h = self.a(x)
        return self.out(F.relu6(h * 8) + F.hardtanh(h, -0.3, 0.2) + h.clamp(max=0.1) + torch.clamp(h, -0.2)
                        + h.clamp(0.1, 0.4))


@pytest.mark.parametrize("make", [
    lambda: nn.Sequential(nn.Linear(2, 4), nn.ReLU6(), nn.Linear(4, 1)),
    lambda: nn.Sequential(nn.Linear(2, 4), nn.Hardtanh(-0.5, 0.25), nn.Linear(4, 2)),
    _Clamps,
])
def test_clamps_are_translated_exactly(make):
    """ReLU6, Hardtanh and clamp with bounds other than min=0 were refused ('no exact translation'). Now they are
    lo + relu(x - lo) - relu(x - hi): every region's map is torch's output, and the functional dimension from the
    decisive set equals the rank of torch's autograd Jacobian at 2000 random points. A clamp is not positively
    homogeneous, so its units have no rescaling symmetry: D' = D here."""
    from algnet.relu.model_fd import model_functional_dimension

    torch.manual_seed(0)
    net = make().double().eval()
    if isinstance(net[1] if isinstance(net, nn.Sequential) else None, nn.ReLU6):
        with torch.no_grad():
            net[0].weight.mul_(24)          # pre-activations well past 6 inside the box
    m = from_torch_model(net)
    assert _forward_gap(m, net, (2,)) < 1e-12
    assert _regions_agree_with_torch(m, net) > 1
    fd = model_functional_dimension(m)
    Z = np.concatenate([np.random.default_rng(2).normal(size=(500, 2)) * s for s in (0.3, 1, 3, 30)])
    assert fd.certified and fd.functional_dimension == torch_jacobian_rank(net, Z)
    assert fd.bound == m.n_params == sum(p.numel() for p in net.parameters())


def test_clamp_bounds_refused_or_read(tmp_path):
    net = nn.Sequential(nn.Linear(2, 3), nn.ReLU6(), nn.Linear(3, 1))
    m = load_torch_model(_scripted(tmp_path, net))
    X = torch.randn(20, 2) * 10
    with torch.no_grad():
        want = net.eval()(X).double().numpy()
    assert np.abs(m.forward(X.double().numpy()) - want).max() < 1e-4
    for bad in (lambda h: h.clamp(1, 0), lambda h: h.clamp(0.5, 0.5)):
        with pytest.raises(NotApplicableError, match="constant"):
            from_torch_model(_Head(bad).eval(), input_shape=(1, 3, 3))


def test_torchscript_archive_saved_in_training_mode_says_so(tmp_path):
    """A scripted Sequential saved in training mode (BatchNorm on batch statistics, random Dropout) was read in
    eval mode without a word (a whole module saved so says it in its notes)."""
    torch.manual_seed(5)
    net = nn.Sequential(nn.Linear(2, 5), nn.BatchNorm1d(5), nn.ReLU(), nn.Dropout(0.1), nn.Linear(5, 1))
    p = tmp_path / "train.pt"
    torch.jit.save(torch.jit.script(net.train()), str(p))
    m = load_torch_model(str(p))
    assert any("training mode" in n and "1, 3" in n for n in m.notes)
    assert not any("training mode" in n for n in load_torch_model(_scripted(tmp_path, net, "eval.pt")).notes)


def _stale(wrap, after):
    """A model whose first layer is wrapped by a hook-based reparametrisation, then changed as an optimizer step
    would change it (after the last forward, so the weight the hook last computed is stale)."""
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1))
    wrap(net)
    with torch.no_grad():
        net(torch.randn(3, 2))
        after(net)
    return net.eval()


@pytest.mark.filterwarnings("ignore::FutureWarning")
@pytest.mark.parametrize("wrap,after", [
    (lambda n: nn.utils.weight_norm(n[0]), lambda n: n[0].weight_g.mul_(3)),
    (lambda n: (nn.utils.prune.l1_unstructured(n[0], "weight", 0.3),
                nn.utils.prune.random_unstructured(n[0], "bias", 0.5)),
     lambda n: (n[0].weight_orig.mul_(3), n[0].bias_orig.add_(1))),
])
def test_hook_based_reparametrisations_read_the_current_weight(wrap, after):
    """weight_norm and prune set layer.weight in a forward pre-hook that torch.fx does not run: the weight of the
    last forward was read, outputs up to 2.3 off torch's after a training step (spectral_norm's weight is refused:
    test_torch_state_dict_forward_unknown)."""
    net = _stale(wrap, after).double()      # the hooks then compute the weight in float64, as the reference does
    m = from_torch_model(net)
    assert _forward_gap(m, net, (2,)) < 1e-12
    assert _regions_agree_with_torch(m, net) > 1


def test_an_unknown_pre_hook_is_refused():
    net = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1))
    net[0].register_forward_pre_hook(lambda m, i: (i[0] * 2,))
    with pytest.raises(NotApplicableError, match="pre-hook"):
        from_torch_model(net.eval())


def test_a_forward_hook_that_changes_outputs_is_caught():
    """torch.fx does not run forward hooks: a hook doubling a ReLU's output was imported without it (outputs off
    torch's, no word). The import now runs the torch model beside itself at random inputs; a recording hook (it
    returns None) changes nothing and passes."""
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)).eval()
    seen = []
    h = net[1].register_forward_hook(lambda mod, i, o: seen.append(o.shape))
    assert _forward_gap(from_torch_model(net), net, (2,)) < 1e-12 and seen
    h.remove()
    net[1].register_forward_hook(lambda mod, i, o: o * 2)
    with pytest.raises(NotApplicableError, match="does not compute what the torch model computes"):
        from_torch_model(net)


def test_a_relu6_unit_is_one_neuron_of_dead_and_stable():
    """The upper kink of a ReLU6 had counted as a neuron of its own, 'dead' whenever 6 was never reached. Units by
    hand: pre-activations (-1, 1, 2) cross 0 (live, unstable); (9, 11, 12) stay above 6 (live, stable);
    (-19, -21, -22) stay below 0 (dead, stable)."""
    from algnet.relu.model_fd import dead_and_stable

    net = nn.Sequential(nn.Linear(1, 3), nn.ReLU6(), nn.Linear(3, 1))
    with torch.no_grad():
        net[0].weight.copy_(torch.tensor([[1.0], [1.0], [-1.0]]))
        net[0].bias.copy_(torch.tensor([0.0, 10.0, -20.0]))
    got = dead_and_stable(from_torch_model(net.eval()), [[-1.0], [1.0], [2.0]])
    assert got == {"dead": 1 / 3, "stable": 2 / 3, "neurons": 3}


def test_a_leaky_unit_below_its_kink_is_not_dead():
    """A LeakyReLU (or abs) unit that stays below its kink still computes a linear function with a gradient; it
    had been counted dead like a ReLU's."""
    from algnet.relu.model_fd import dead_and_stable

    for act, dead in ((nn.LeakyReLU(0.1), 0.0), (nn.ReLU(), 0.5)):
        net = nn.Sequential(nn.Linear(1, 2), act, nn.Linear(2, 1))
        with torch.no_grad():
            net[0].weight.copy_(torch.tensor([[1.0], [-1.0]]))
            net[0].bias.copy_(torch.tensor([0.0, -5.0]))
        assert dead_and_stable(from_torch_model(net.eval()), [[1.0], [2.0]]) == \
            {"dead": dead, "stable": 1.0, "neurons": 2}


class _Outputs(nn.Module):
    def __init__(self, kind):
        super().__init__()
        self.a, self.kind = nn.Linear(2, 3), kind

    def forward(self, x, mask=None):             # an unused argument with a default
        y = torch.relu(self.a(x))
        return {"logits": y} if self.kind == "dict" else (y, x) if self.kind == "pair" else (y,)


def test_outputs_in_containers_and_unused_default_arguments():
    """A model returning {'logits': y} raised a KeyError traceback; forward(x, mask=None) was refused as a model with
    several inputs. A pair of outputs is refused clearly."""
    torch.manual_seed(0)
    for kind in ("dict", "single"):
        net = _Outputs(kind).eval()
        m = from_torch_model(net)
        X = np.random.default_rng(0).normal(size=(10, 2))
        with torch.no_grad():
            y = net.double()(torch.tensor(X))
        y = y["logits"] if kind == "dict" else y[0]
        assert np.abs(m.forward(X) - y.numpy()).max() < 1e-12
    with pytest.raises(NotApplicableError, match="several tensors"):
        from_torch_model(_Outputs("pair").eval())


def test_wrapped_models_are_unwrapped():
    """torch.compile(model) and nn.DataParallel(model) were refused with torch.fx's own messages ('missing the
    required forward function', 'Proxy object cannot be iterated')."""
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1)).eval()
    for wrapped in (torch.compile(net), nn.DataParallel(net)):
        m = from_torch_model(wrapped)
        assert m.spec == "relu 2-4-1" and _forward_gap(m, net, (2,)) < 1e-12
