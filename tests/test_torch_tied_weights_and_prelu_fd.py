"""Trained torch models: tied weights and trained PReLU slopes as parameters of the functional dimension, and
``algnet fd --torch`` without ``--data``.

Truths: hand computations (stated in each test) and a second method, torch.func.jacrev's Jacobian with respect to
the model's actual (distinct) parameters, whose float64 numerical rank (singular values above
s_max * max(rows, columns) * 2^-52, numpy's default) is compared with algnet's rank mod p on the same inputs.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.relu.model_fd import model_batch_fd  # noqa: E402
from algnet.relu.symmetries import symmetry_bound  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402


def jacrev_rank(net, X) -> int:
    """Numerical rank of d(net(X))/d(parameters), parameters as torch counts them (shared ones once)."""
    X = torch.as_tensor(np.asarray(X, dtype=float))
    params = {k: v.detach() for k, v in net.named_parameters()}
    J = torch.func.jacrev(lambda p: torch.func.functional_call(net, p, (X,)).reshape(-1))(params)
    M = torch.cat([J[k].reshape(J[k].shape[0], -1) for k in params], 1)
    s = torch.linalg.svdvals(M)
    return int((s > s[0] * max(M.shape) * torch.finfo(torch.float64).eps).sum())


class _Abs(nn.Module):
    """f(x) = lin(relu(x)) + lin(relu(-x)) = w . |x| + 2 b (one Linear applied twice), or with two Linears."""

    def __init__(self, n=3, tied=True):
        super().__init__()
        self.lin = nn.Linear(n, 1)
        self.lin2 = self.lin if tied else nn.Linear(n, 1)

    def forward(self, x):
        return self.lin(torch.relu(x)) + self.lin2(torch.relu(-x))


from test_trained_model_state_dict_and_one_input import _Tied  # noqa: E402  (2-6-6-1, hidden Linear applied twice)

def _points(n, k, scale, seed=0):
    return np.random.default_rng(seed).uniform(-scale, scale, (k, n))


def test_tied_abs_by_hand():
    """By hand: w . |x| + 2 b is linear and injective in (w, b), so the tied FD is n + 1 = D; untied,
    w . relu(x) + w' . relu(-x) + (b + b') has FD 2n + 1 of D = 2n + 2 (only b + b' is seen)."""
    torch.manual_seed(0)
    n = 3
    X = _points(n, 20, 2)
    tied = from_torch_model(_Abs(n).double())
    r = model_batch_fd(tied, X)
    assert (tied.n_params, r.parameters, r.rank, r.bound, r.certified) == (n + 1, n + 1, n + 1, n + 1, True)
    assert any("shared weights: lin.weight, lin.bias used 2 times" in s for s in tied.notes)
    assert "lin.weight" in r.shared and r.as_dict()["shared_weights"] == r.shared
    assert not any("untied" in s for s in tied.notes)
    untied = from_torch_model(_Abs(n, tied=False).double())
    u = model_batch_fd(untied, X)
    assert (untied.n_params, u.rank) == (2 * n + 2, 2 * n + 1) and not untied.shared and u.shared is None
    assert jacrev_rank(_Abs(n).double(), X) == n + 1


@pytest.mark.parametrize("seed", [1, 3])
def test_tied_mlp_rank_equals_jacrev(seed):
    """D = torch's 67 parameters (was 109: b counted per use); D' = 67 - 6: by hand the rescaling of unit j of a,
    of b's first and of b's second use at once (b -> L b L^-1) is the only rescaling of the tied parameters."""
    torch.manual_seed(seed)
    net = _Tied().double().eval()
    m = from_torch_model(net)
    assert m.n_params == sum(p.numel() for p in net.parameters()) == 67
    assert symmetry_bound(m) == 61
    assert m.mlp_widths() is not None           # a Linear/ReLU chain, yet not the (untied) exact MLP route
    X = _points(2, 200, 20)
    r = model_batch_fd(m, X)
    assert r.parameters == 67 and r.rank <= 61
    assert r.rank == jacrev_rank(net, X) == r.float_rank
    if seed == 1:
        assert r.rank == 61 and r.certified      # reaches D': the tied model has no hidden symmetries here


def test_parameter_assigned_to_two_modules():
    """One Parameter held by two Linear layers (different biases): D counts it once; rank = jacrev's."""
    torch.manual_seed(2)
    net = nn.Sequential(nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 2)).double()
    net[2].weight = net[0].weight
    m = from_torch_model(net)
    assert m.n_params == sum(p.numel() for p in net.parameters()) == 9 + 3 + 3 + 6 + 2
    assert any("0.weight used 2 times" in s for s in m.notes)
    X = _points(3, 60, 10)
    r = model_batch_fd(m, X)
    assert r.rank == jacrev_rank(net, X) == r.float_rank


class _TiedConv(nn.Module):
    """One Conv2d applied twice (a weight-shared / unrolled convolution), then a Linear."""

    def __init__(self):
        super().__init__()
        self.conv, self.fc = nn.Conv2d(2, 2, 3, padding=1), nn.Linear(2 * 4 * 4, 2)

    def forward(self, x):
        return self.fc(torch.relu(self.conv(torch.relu(self.conv(x)))).flatten(1))


def test_tied_convolution_rank_equals_jacrev():
    torch.manual_seed(7)
    net = _TiedConv().double()
    m = from_torch_model(net, input_shape=(2, 4, 4))
    assert m.n_params == sum(p.numel() for p in net.parameters()) == 38 + 66
    X = _points(32, 60, 2)
    r = model_batch_fd(m, X)
    assert r.rank == jacrev_rank(net, X.reshape(-1, 2, 4, 4)) == r.float_rank


def test_shared_layer_keeps_batchnorm_unfolded():
    """A BatchNorm after one use of a shared Linear is not folded into it (W s would no longer be the shared W):
    outputs equal torch's and the rank equals jacrev's (BatchNorm's gamma and beta are parameters too)."""
    torch.manual_seed(4)
    lin, bn = nn.Linear(3, 3), nn.BatchNorm1d(3)
    with torch.no_grad():
        bn.running_mean.uniform_(-1, 1)
        bn.running_var.uniform_(0.5, 2)
        bn.weight.uniform_(0.5, 2)
        bn.bias.uniform_(-1, 1)
    net = nn.Sequential(lin, bn, nn.ReLU(), lin, nn.ReLU(), nn.Linear(3, 1)).double().eval()
    m = from_torch_model(net)
    assert any(getattr(n.op, "kind", "") == "batchnorm" for n in m.nodes)
    X = _points(3, 80, 5)
    assert np.abs(m.forward(X) - net(torch.from_numpy(X)).detach().numpy()).max() < 1e-12
    r = model_batch_fd(m, X)
    assert m.n_params == sum(p.numel() for p in net.parameters())
    assert r.rank == jacrev_rank(net, X)


def test_batchnorm_without_affine_parameters_has_no_parameters():
    """BatchNorm1d(affine=False) after a ReLU (not folded) is a fixed map: D is torch's 9 + 4 (was 19: its scale
    and shift counted as 6 parameters), and the rank equals jacrev's."""
    torch.manual_seed(6)
    bn = nn.BatchNorm1d(3, affine=False)
    with torch.no_grad():
        bn.running_mean.uniform_(-1, 1)
        bn.running_var.uniform_(0.5, 2)
    net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), bn, nn.Linear(3, 1)).double().eval()
    m = from_torch_model(net)
    assert m.n_params == sum(p.numel() for p in net.parameters()) == 13
    X = _points(2, 40, 5)
    assert np.abs(m.forward(X) - net(torch.from_numpy(X)).detach().numpy()).max() < 1e-12
    assert model_batch_fd(m, X).rank == jacrev_rank(net, X)


def test_prelu_slope_is_a_parameter_by_hand():
    """f(x) = c prelu_a(w x + b) + d on R: two pieces fixed by the kink -b/w, both slopes c w and c a w and the
    value d there: FD = 4 = D - 1 (the rescaling of the unit); with a held fixed it would be 3."""
    net = nn.Sequential(nn.Linear(1, 1), nn.PReLU(1), nn.Linear(1, 1)).double()
    with torch.no_grad():
        net[0].weight.fill_(1.5), net[0].bias.fill_(-0.5), net[1].weight.fill_(0.25), net[2].weight.fill_(2.0)
    m = from_torch_model(net)
    assert m.n_params == 5 and symmetry_bound(m) == 4
    assert not any("fixed" in s for s in m.notes)
    X = [[-3], [-1], [1], [2], [5]]
    r = model_batch_fd(m, X)
    assert (r.rank, r.certified) == (4, True)
    assert jacrev_rank(net, X) == 4
    fixed = nn.Sequential(net[0], nn.LeakyReLU(0.25), net[2])      # the same map with the slope a fixed number
    f = from_torch_model(fixed)
    assert (f.n_params, symmetry_bound(f), model_batch_fd(f, X).rank) == (4, 3, 3)


def test_prelu_channels_rank_equals_jacrev():
    """PReLU(4) after a Linear and a shared-slope PReLU(1) after another: every slope is a column."""
    torch.manual_seed(5)
    net = nn.Sequential(nn.Linear(2, 4), nn.PReLU(4), nn.Linear(4, 3), nn.PReLU(1), nn.Linear(3, 1)).double()
    with torch.no_grad():
        net[1].weight.uniform_(-0.5, 0.5)
        net[3].weight.fill_(0.3)
    m = from_torch_model(net)
    assert m.n_params == sum(p.numel() for p in net.parameters()) == 12 + 4 + 15 + 1 + 4
    X = _points(2, 120, 10)
    r = model_batch_fd(m, X)
    assert r.rank == jacrev_rank(net, X) == r.float_rank
    assert r.rank <= symmetry_bound(m) == m.n_params - 7


def test_functional_dimension_of_a_tied_model_is_not_the_untied_one():
    """functional_dimension(model) of a tied Linear/ReLU chain: the decisive set of its regions, the rank of the
    tied Jacobian there (the untied network's decisive-set FD would count b twice)."""
    from algnet.relu.functional import functional_dimension

    torch.manual_seed(1)
    net = _Tied().double().eval()
    m = from_torch_model(net)
    fd = functional_dimension(m)
    assert (fd.parameters, fd.bound, fd.functional_dimension, fd.certified) == (67, 61, 61, True)   # meets D'
    assert "shared weights counted once" in fd.scope
    X = _points(2, 200, 20)
    assert fd.functional_dimension >= model_batch_fd(m, X).rank


# ------------------------------------------------------------------ CLI: fd --torch without --data

def _save(tmp_path, net, name="m.pt"):
    path = tmp_path / name
    torch.save(net, path)
    return str(path)


def test_cli_fd_torch_without_data_samples_inputs(tmp_path, capsys):
    from algnet.cli import main

    torch.manual_seed(0)
    path = _save(tmp_path, nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)))
    assert main(["fd", "--torch", path, "--json", "--points-seed", "4"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["points_seed"] == 4 and "random inputs" in d["batch_inputs"] and "seed 4" in d["batch_inputs"]
    assert d["parameters"] == 13 and d["batch_functional_dimension"] <= d["bound"] == 10
    # R^2: the decisive set of the exact regions, as for a SPEC (the same weights through the SPEC route's code)
    assert d["batch_functional_dimension"] <= d["functional_dimension"] <= 10 and d["functional_dimension_exact"]
    assert "decisive set" in d["functional_dimension_scope"]
    assert main(["fd", "--torch", path]) == 0
    out = capsys.readouterr().out
    assert "random inputs" in out and "seed 1" in out


def test_cli_fd_torch_conv_without_shape_or_data_is_refused(tmp_path, capsys):
    from algnet.cli import main

    path = _save(tmp_path, nn.Sequential(nn.Conv2d(1, 2, 2), nn.ReLU(), nn.Flatten(), nn.Linear(8, 1)))
    assert main(["fd", "--torch", path]) != 0
    err = capsys.readouterr().err
    assert "--input-shape" in err and "--data" in err
    assert main(["fd", "--torch", path, "--input-shape", "1,3,3", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["parameters"] == 10 + 9 and "random inputs" in d["batch_inputs"]
    assert d["functional_dimension"] is None and "R^1 or R^2" in d["functional_dimension_scope"]


def test_cli_fd_tied_mlp_on_the_plane(tmp_path, capsys):
    """A tied 2-6-6-6-1 saved whole: the decisive-set FD of the tied parametrisation (61 = D' at seed 1, not the
    untied network's)."""
    from algnet.cli import main

    torch.manual_seed(1)
    path = _save(tmp_path, _Tied().eval())
    assert main(["fd", "--torch", path, "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert (d["parameters"], d["bound"], d["functional_dimension"], d["functional_dimension_exact"]) == (67, 61, 61,
                                                                                                         True)
    assert "b.weight" in d["shared_weights"]


@pytest.mark.filterwarnings("ignore:`torch.jit:DeprecationWarning")   # TorchScript files are still what users have
@pytest.mark.parametrize("how", ["module", "state_dict", "script"])
def test_saved_tied_model_stays_tied(tmp_path, how):
    """torch.save keeps one Parameter shared by two uses (a state dict's tensors share memory; a TorchScript
    archive's layers too): every file route imports one parameter (D = torch's 25, not 37 with a use each)."""
    from algnet.relu.torch_load import load_torch_model

    torch.manual_seed(0)
    lin = nn.Linear(3, 3)
    net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), lin, nn.ReLU(), lin, nn.ReLU(), nn.Linear(3, 1)).double().eval()
    path = tmp_path / "m.pt"
    if how == "module":
        torch.save(net, path)
    elif how == "state_dict":
        torch.save(net.state_dict(), path)
    else:
        torch.jit.save(torch.jit.script(net), path)
    m = load_torch_model(str(path), relu_mlp=how == "state_dict")
    assert m.n_params == sum(p.numel() for p in net.parameters()) == 25
    assert any("shared weights: 2.weight, 2.bias" in s for s in m.notes)
    X = _points(2, 40, 10)
    assert model_batch_fd(m, X).rank == jacrev_rank(net, X)
    untied = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 1))
    torch.save(untied.state_dict(), path)
    plain = load_torch_model(str(path), relu_mlp=True)          # untied tensors never share memory: nothing is tied
    assert plain.n_params == 25 and not plain.shared
