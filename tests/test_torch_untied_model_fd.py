"""``functional_dimension(model)`` of UNTIED models that are not Linear/ReLU MLPs with biases: convolutions, max
pooling, LeakyReLU / PReLU, layers without bias (2026-12-05; before, such a model raised NotApplicableError and
only the batch rank at given inputs was available). One code path with the tied models
(``model_fd.model_functional_dimension``: an untied model is a tied one whose parameters have one use each).

Truths: hand computations; the same MLP given as a Linear network (the MLP route, unchanged); torch.func.jacrev's
Jacobian with respect to the model's parameters at the same decisive set, its float64 numerical rank
(``test_torch_tied_weights_and_prelu_fd.jacrev_rank``).
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.errors import TooLargeError  # noqa: E402
from algnet.relu.functional import decisive_set, functional_dimension  # noqa: E402
from algnet.relu.model_fd import model_batch_fd, model_functional_dimension  # noqa: E402
from algnet.relu.model_regions import model_regions  # noqa: E402
from algnet.relu.slices import Slice  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from test_torch_tied_weights_and_prelu_fd import jacrev_rank  # noqa: E402


def _set(module, weight, bias):
    with torch.no_grad():
        module.weight.copy_(torch.tensor(weight, dtype=module.weight.dtype))
        if bias is not None:
            module.bias.fill_(bias)


def test_conv_with_one_dead_unit_by_hand():
    # Conv1d(1, 1, 2, padding=1) on (x0, x1), weights (w0, w1) = (0, 1), bias b = -1/2: y0 = x0 + b, y1 = x1 + b
    # (w0 x0 = 0) and y2 = w0 x1 + b = -1/2 < 0: unit 2 is dead everywhere; then Linear(3, 1), u = (1, 2, 3), c.
    # By hand, with A_i = [y_i > 0], the columns are w0: u1 x0 A1, w1: u0 x0 A0 + u1 x1 A1, b: u0 A0 + u1 A1,
    # u0: y0 A0, u1: y1 A1, u2: 0, c: 1 -- in the independent functions x0 A1, x0 A0, x1 A1, A0, A1, 1 a matrix of
    # rank 2 + 3 (the channel's rescaling is the one relation among w1, b, u0, u1): FD = 5 = D' - 1 (D = 7, D' = 6)
    net = nn.Sequential(nn.Conv1d(1, 1, 2, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(3, 1)).double().eval()
    _set(net[0], [[[0.0, 1.0]]], -0.5)
    _set(net[3], [[1.0, 2.0, 3.0]], 0.25)
    m = from_torch_model(net, input_shape=(1, 2))
    assert not m.shared and m.mlp_widths() is None and m.n_params == 7
    fd = functional_dimension(m)
    assert (fd.functional_dimension, fd.parameters, fd.bound, fd.regions) == (5, 7, 6, 4)
    assert fd.certified and "over QQ" in fd.batch.method          # below D': the exact rank over QQ certifies
    assert "decisive set" in fd.scope and "shared" not in fd.scope
    assert fd.batch.n_points == 12 and fd.evidence.seed is None          # 3 points in each quadrant, nothing drawn
    Z = decisive_set(model_regions(m, plane=True), 2)
    assert jacrev_rank(net, np.array(Z, dtype=float).reshape(-1, 1, 2)) == 5
    mod = model_batch_fd(m, Z, exact="never")                      # mod p alone: the same rank, a lower bound
    assert (mod.rank, mod.certified) == (5, False) and "mod p" in mod.method


@pytest.mark.parametrize("pool", [nn.AvgPool1d(1), nn.MaxPool1d(1)])
def test_mlp_given_as_a_non_mlp_module_agrees_with_the_mlp_route(pool):
    # Conv1d(1, 4, 2) on (1, 2) is Linear(2, 4), a pool of width 1 the identity: the model route (its own regions,
    # its own Jacobian) and the MLP route of the same network agree
    torch.manual_seed(1)
    lin = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1)).double().eval()
    conv = nn.Sequential(nn.Conv1d(1, 4, 2), nn.ReLU(), pool, nn.Flatten(), nn.Identity(), nn.Linear(4, 3),
                         nn.ReLU(), nn.Linear(3, 1)).double().eval()
    with torch.no_grad():
        conv[0].weight.copy_(lin[0].weight[:, None, :]), conv[0].bias.copy_(lin[0].bias)
        for a, b in ((5, 2), (7, 4)):
            conv[a].weight.copy_(lin[b].weight), conv[a].bias.copy_(lin[b].bias)
    mc, ml = from_torch_model(conv, input_shape=(1, 2)), from_torch_model(lin)
    assert mc.mlp_widths() is None and ml.mlp_widths() == [2, 4, 3, 1]
    a, b = functional_dimension(mc), functional_dimension(ml)
    assert a.batch.method.startswith("forward-mode") and not b.batch.method.startswith("forward-mode")
    assert (a.functional_dimension, a.parameters, a.bound) == (b.functional_dimension, b.parameters, b.bound)
    assert a.regions == b.regions and a.certified and b.certified      # 23 < D' = 24: both by exact ranks over QQ


class _PReLUNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.act, self.b = nn.Linear(2, 3), nn.PReLU(3), nn.Linear(3, 1)

    def forward(self, x):
        return self.b(self.act(self.a(x)))


def _cnn():
    return nn.Sequential(nn.Conv1d(1, 2, 2, padding=1), nn.ReLU(), nn.MaxPool1d(2), nn.Flatten(), nn.Linear(2, 1))


def _leaky():
    return nn.Sequential(nn.Linear(2, 4), nn.LeakyReLU(0.1), nn.Linear(4, 3), nn.LeakyReLU(0.2), nn.Linear(3, 2))


def _nobias():
    return nn.Sequential(nn.Linear(2, 4, bias=False), nn.ReLU(), nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1))


@pytest.mark.parametrize("make, shape, seed", [(_cnn, (1, 2), 0), (_cnn, (1, 2), 3), (_PReLUNet, (2,), 0),
                                               (_leaky, (2,), 2), (_nobias, (2,), 1)])
def test_untied_model_fd_equals_jacrev_at_its_decisive_set(make, shape, seed):
    torch.manual_seed(seed)
    net = make().double().eval()
    if isinstance(net, _PReLUNet):
        with torch.no_grad():
            net.act.weight.copy_(torch.tensor([0.3, -0.2, 0.5], dtype=torch.float64))
    m = from_torch_model(net, input_shape=shape)
    assert not m.shared and not (m.mlp_widths() is not None and m.all_biases)
    assert m.n_params == sum(p.numel() for p in net.parameters())
    fd = functional_dimension(m)
    part = model_regions(m, plane=True, slice=Slice.standard(2))
    Z = decisive_set(part, 2)
    Zf = np.array(Z, dtype=float).reshape((-1,) + shape)
    assert fd.regions == part.count and fd.batch.n_points == len(Z) == 3 * part.count
    assert fd.functional_dimension == model_batch_fd(m, Z).rank == jacrev_rank(net, Zf)
    assert fd.functional_dimension <= fd.bound <= m.n_params
    # certified: at D', or below it by the exact rank over QQ of the same (small) Jacobian
    assert fd.certified and (fd.functional_dimension == fd.bound or "over QQ" in fd.batch.method)
    # the functional dimension is the largest batch rank: random inputs reach at most it
    X = np.random.default_rng(seed).uniform(-20, 20, (400, 2))
    assert jacrev_rank(net, X.reshape((-1,) + shape)) <= fd.functional_dimension


def test_cnn_whose_units_random_inputs_never_wake():
    # Conv1d(1, 1, 1) on (x0, x1): y_i = x_i / 100 - 1/2 > 0 only for x_i > 50, so at 400 inputs of [-20, 20]^2 both
    # units are off and only the output bias moves F (rank 1); the decisive set (3 points in each of the 4 regions)
    # reaches D' = 5 - 1 = 4 (by hand: u0 relu(y0) + u1 relu(y1) + c, the channel's rescaling the one relation)
    net = nn.Sequential(nn.Conv1d(1, 1, 1), nn.ReLU(), nn.Flatten(), nn.Linear(2, 1)).double().eval()
    _set(net[0], [[[0.01]]], -0.5)
    _set(net[3], [[0.7, -1.3]], 0.1)
    m = from_torch_model(net, input_shape=(1, 2))
    fd = functional_dimension(m)
    assert (fd.functional_dimension, fd.bound, fd.certified, fd.regions) == (4, 4, True, 4)
    X = np.random.default_rng(0).uniform(-20, 20, (400, 2))
    assert jacrev_rank(net, X.reshape(-1, 1, 2)) == 1 == model_batch_fd(m, X).rank


def test_too_many_regions_refused_before_the_work_with_the_batch_route():
    # 3,000 channels on R^2: about 4.5 million regions of the first layer alone; refused from the estimate
    net = nn.Sequential(nn.Conv1d(1, 3000, 2), nn.ReLU(), nn.Flatten(), nn.Linear(3000, 1)).eval()
    m = from_torch_model(net, input_shape=(1, 2))
    with pytest.raises(TooLargeError) as e:
        model_functional_dimension(m, max_regions=10**9)
    assert "regions" in e.value.message and "model_batch_fd" in str(e.value) and "lower bound" in str(e.value)


def test_beyond_max_regions_refused_by_the_enumeration_whatever_the_free_memory(monkeypatch):
    # a small model beyond max_regions: refused by the enumeration's own estimate, naming the same route. The
    # memory budget is given (256 MiB): the decisive set's Jacobian (n_0 + 1 points in each of at least 245
    # regions: about 18 MB) fits it, so the refusal is the regions' one on any machine (a Conv1d(1, 40) model here
    # was refused for memory first when less than about 11 GB was free)
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "256M")
    small = nn.Sequential(nn.Conv1d(1, 8, 2, padding=1), nn.ReLU(), nn.MaxPool1d(2), nn.Flatten(),
                          nn.Linear(8, 1)).eval()
    m = from_torch_model(small, input_shape=(1, 2))
    from algnet.relu.model_estimates import estimate_model_fd, model_region_estimate

    regions = model_region_estimate(m, slice=Slice.standard(2))["regions"]
    assert regions > 50 and estimate_model_fd(m, 3 * regions)["memory"] < 2**25
    with pytest.raises(TooLargeError, match="above max_regions=50") as e:
        model_functional_dimension(m, max_regions=50)
    assert "model_batch_fd" in str(e.value) and e.value.info.get("regions_estimate") == regions
    assert "memory" not in e.value.message


def test_cli_fd_of_a_saved_untied_cnn(tmp_path, capsys):
    """``algnet fd --torch`` without --data: an untied CNN on R^2 gets its decisive-set FD (was: "regions
    enumerated for Linear/ReLU MLPs with biases, or models with shared weights ... only"), the library's."""
    import json

    from algnet.cli import main

    torch.manual_seed(5)
    net = _cnn().eval()
    path = tmp_path / "cnn.pt"
    torch.save(net, path)
    assert main(["fd", "--torch", str(path), "--input-shape", "1,2", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    want = functional_dimension(from_torch_model(net, input_shape=(1, 2)))
    assert d["functional_dimension"] == want.functional_dimension and d["parameters"] == 6 + 3
    assert d["functional_dimension_exact"] == want.certified
    assert "decisive set" in d["functional_dimension_scope"] and d["shared_weights"] is None
    assert d["batch_functional_dimension"] <= d["functional_dimension"] <= d["bound"]


def test_cnn_on_r6_refused_without_a_slice_and_bounded_below_on_one():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv1d(1, 2, 3, padding=1), nn.ReLU(), nn.MaxPool1d(2), nn.Flatten(),
                        nn.Linear(6, 1)).double().eval()
    m = from_torch_model(net, input_shape=(1, 6))
    from algnet.errors import NotApplicableError

    with pytest.raises(NotApplicableError, match="R\\^6") as e:
        functional_dimension(m)
    assert "slice=" in str(e.value) and "model_batch_fd" in str(e.value)
    sl = Slice.standard(6)
    fd = functional_dimension(m, slice=sl)
    assert "2-D slice" in fd.scope and fd.certified == (fd.functional_dimension == fd.bound)
    Z = decisive_set(model_regions(m, plane=True, slice=sl), 6)
    assert fd.regions * 3 == len(Z) == fd.batch.n_points
    assert fd.functional_dimension == jacrev_rank(net, np.array(Z, dtype=float).reshape(-1, 1, 6))


def test_bias_free_mlp_beyond_max_regions_names_the_batch_route():
    # a bias-free Linear/ReLU chain takes the regions of its ReLU network (linear_regions): refused there, the
    # hint names the model's batch functional dimension too
    torch.manual_seed(2)
    net = nn.Sequential(nn.Linear(2, 30), nn.ReLU(), nn.Linear(30, 1, bias=False)).eval()
    with torch.no_grad():
        net[0].bias.copy_(torch.randn(30))
    m = from_torch_model(net)
    assert m.mlp_widths() is not None and not m.all_biases
    with pytest.raises(TooLargeError) as e:
        functional_dimension(m, max_regions=20)
    assert "model_batch_fd" in str(e.value)
