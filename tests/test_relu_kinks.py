"""Functional dimension at pruned and dead neurons (trained networks have them).

Independent truths used here:

* Exact rational differences, with a forward pass written in this file: for a fixed activation pattern F is affine
  in each single parameter, so (F(theta + h e_i) - F(theta)) / h is the exact partial derivative when no
  pre-activation changes sign. At a neuron with pre-activation exactly 0 the two one-sided differences along its
  bias, F(theta + h e_b) - F(theta) and F(theta) - F(theta - h e_b), differ exactly when F has a kink there
  (not differentiable); they agree when the neuron's output does not reach F.
* Hand count (Grigsby-Lindsey-Meyerhoff-Wu, arXiv:2209.04036): a pruned neuron (zero incoming weights, bias and
  outgoing weights) contributes zero Jacobian columns and leaves the activation regions unchanged, so the
  functional dimension is that of the network without it.
* torch.func.jacrev (reverse-mode autograd, float64; relu'(0) = 0 as derived in algnet.relu.kinks) and numpy's SVD
  rank at the decisive points and at random points.
"""

from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.errors import NonSmoothPointError
from algnet.relu import batch_functional_dimension, functional_dimension
from algnet.relu.kinks import harmful_kinks

try:                                    # imported at collection: the first jacrev test does not pay the import
    import torch
except ImportError:  # pragma: no cover - torch is installed here and in CI
    torch = None
needs_torch = pytest.mark.skipif(torch is None, reason="torch is not installed")
SPECS = ["relu 2-3-1", "relu 2-4-1", "relu 2-3-3-1", "relu 1-3-3-1"]


# ------------------------------------------------------------------ independent helpers (no algnet inside)
def _blocks(widths):
    out, k = [], 0
    for a, b in zip(widths[:-1], widths[1:]):
        out.append((k, k + a * b, a, b))
        k += a * b + b
    return out


def _forward(widths, theta, z):
    x = [Fraction(v) for v in z]
    for l, (kW, kb, a, b) in enumerate(_blocks(widths)):
        y = [sum(Fraction(theta[kW + r * a + i]) * x[i] for i in range(a)) + Fraction(theta[kb + r]) for r in range(b)]
        x = y if l == len(widths) - 2 else [max(v, 0) for v in y]
    return x


def _pre(widths, theta, z):
    """All hidden pre-activations, exact."""
    x, out = [Fraction(v) for v in z], []
    for kW, kb, a, b in _blocks(widths)[:-1]:
        y = [sum(Fraction(theta[kW + r * a + i]) * x[i] for i in range(a)) + Fraction(theta[kb + r]) for r in range(b)]
        out.append(y)
        x = [max(v, 0) for v in y]
    return out


def _remove(widths, theta, layer, j):
    """The network without neuron j of hidden layer ``layer`` (its row, bias and outgoing column dropped)."""
    bl = _blocks(widths)
    th = list(theta)
    new = []
    for l, (kW, kb, a, b) in enumerate(bl, start=1):
        rows = [th[kW + r * a:kW + (r + 1) * a] for r in range(b)]
        bias = th[kb:kb + b]
        if l == layer:
            rows, bias = rows[:j] + rows[j + 1:], bias[:j] + bias[j + 1:]
        if l == layer + 1:
            rows = [r[:j] + r[j + 1:] for r in rows]
        new += [v for r in rows for v in r] + bias
    w = list(widths)
    w[layer] -= 1
    return w, new


def _case(spec, seed, keep_out):
    """Random rational theta with one hidden neuron pruned: zero incoming weights and bias (and zero outgoing
    weights unless keep_out)."""
    net = parse_spec(spec)
    rng = np.random.default_rng(seed)
    th = list(net.random_params(seed=seed))
    layer = int(rng.integers(1, net.depth))
    j = int(rng.integers(0, net.widths[layer]))
    kW, kb, a, b = _blocks(net.widths)[layer - 1]
    for i in range(a):
        th[kW + j * a + i] = Fraction(0)
    th[kb + j] = Fraction(0)
    if not keep_out:
        kW2, _, a2, b2 = _blocks(net.widths)[layer]
        for r in range(b2):
            th[kW2 + r * a2 + j] = Fraction(0)
    return net, th, layer, j


def _jacrev_rank(widths, theta, Z):
    from torch.func import jacrev

    bl = _blocks(widths)

    def f(t, X):
        x = X
        for l, (kW, kb, a, b) in enumerate(bl):
            x = x @ t[kW:kb].reshape(b, a).T + t[kb:kb + b]
            if l < len(bl) - 1:
                x = torch.relu(x)
        return x.reshape(-1)

    t = torch.tensor([float(v) for v in theta], dtype=torch.float64)
    X = torch.tensor(np.array([[float(v) for v in z] for z in Z]), dtype=torch.float64)
    J = jacrev(f)(t, X).numpy()
    sv = np.linalg.svd(J, compute_uv=False)
    return int((sv > sv[0] * 1e-9).sum())


# ------------------------------------------------------------------ tests
@needs_torch
@pytest.mark.parametrize("spec", SPECS)
def test_pruned_neuron_fd_is_the_smaller_networks(spec):
    """FD used to be refused at every pruned neuron (32 of 32 here). Now it is computed, equals the FD of the
    network without the neuron (hand count) and the torch.func.jacrev rank at the decisive points plus random
    points (which could only raise it)."""
    for seed in range(8):
        net, th, layer, j = _case(spec, seed, keep_out=False)
        fd = functional_dimension(net, th)
        w, small = _remove(net.widths, th, layer, j)
        assert fd.certified
        assert fd.functional_dimension == functional_dimension(parse_spec("relu " + "-".join(map(str, w))),
                                                               small).functional_dimension
        from algnet.relu.regions import linear_regions
        from algnet.relu.functional import decisive_set

        Z = decisive_set(linear_regions(net, th, plane=True), net.widths[0])
        Z += [list(r) for r in np.random.default_rng(seed).normal(size=(200, net.widths[0])) * 3]
        assert _jacrev_rank(net.widths, th, Z) == fd.functional_dimension


@pytest.mark.parametrize("spec", SPECS + ["relu 2-3-3-2", "relu 3-2-3-3"])
def test_kinks_are_classified_like_exact_one_sided_differences(spec):
    """harmful_kinks (sensitivity of F to the zero neuron) against exact one-sided differences along the bias:
    kink iff F(theta + h e_b) - F(theta) != F(theta) - F(theta - h e_b). Cases: pruned with outgoing weights
    (a kink at every input) and fully pruned (never)."""
    h = Fraction(1, 2**40)
    for seed in range(4):
        for keep_out in (True, False):
            net, th, layer, j = _case(spec, seed, keep_out)
            kb = _blocks(net.widths)[layer - 1][1] + j
            Z = [[Fraction(int(v), 64) for v in row]
                 for row in np.random.default_rng(seed).integers(-128, 129, size=(6, net.widths[0]))]
            hk = harmful_kinks(net, th, Z)
            for s, z in enumerate(Z):
                if _pre(net.widths, th, z)[layer - 1][j] != 0:
                    continue
                up = [a - b for a, b in zip(_forward(net.widths, [*th[:kb], th[kb] + h, *th[kb + 1:]], z),
                                            _forward(net.widths, th, z))]
                down = [a - b for a, b in zip(_forward(net.widths, th, z),
                                              _forward(net.widths, [*th[:kb], th[kb] - h, *th[kb + 1:]], z))]
                assert ((layer, j) in hk.get(s, [])) == (up != down)
                if not keep_out:
                    assert s not in hk and up == down == [0] * net.widths[-1]


def test_batch_fd_keeps_inputs_at_unused_zero_neurons_and_drops_real_kinks():
    """relu 2-3-1, third neuron pruned: every input has a zero pre-activation. Fully pruned, the inputs are kept
    (listed as unused_zero_neurons) and the rank is that of relu 2-2-1 at the same inputs; with outgoing weight 2,
    theta -> F(z) is not differentiable at any input: refused with the neuron named, or all dropped."""
    net = parse_spec("relu 2-3-1")
    th = [2, 0, -1, 1, 0, 0, 1, -1, 0, -2, 1, 0, 2]
    Z = [[1, 1], [2, 0], [-1, 3], [3, 3], [-2, -2], [1, -3], [0, 2], [2, 5]]
    b = batch_functional_dimension(net, th, Z)
    small = batch_functional_dimension(parse_spec("relu 2-2-1"), [2, 0, -1, 1, 1, -1, -2, 1, 2], Z)
    assert b.dropped == () and b.unused_zero_neurons == tuple(range(8)) and b.rank == small.rank
    bad = th[:-2] + [2, 2]
    with pytest.raises(NonSmoothPointError, match="neuron 3 of hidden layer 1"):
        batch_functional_dimension(net, bad, Z)
    assert batch_functional_dimension(net, bad, Z, on_nonsmooth="drop").dropped == tuple(range(8))
    with pytest.raises(NonSmoothPointError) as e:
        functional_dimension(net, bad)
    assert "neuron 3 of hidden layer 1" in str(e.value) and "bias" in e.value.hint


@needs_torch
def test_dead_second_layer_neuron_behind_dead_inputs():
    """A layer-2 neuron with zero bias whose inputs are all inactive on a region has pre-activation 0 there;
    its output weight is 0 here, so F is differentiable. F = relu(x) + 1 = v relu(a relu(w x + b) + c) + d: the
    Jacobian columns, as functions of x, span relu(x), 1[x > 0] and 1: FD 3 (hand)."""
    net = parse_spec("relu 1-2-2-1")
    # layer 1: relu(x), relu(-1) (dead); layer 2: relu(h1 + 1) and relu(0 h1 + 0 h2 + 0) (pruned); out = y1 + 0 y2
    th = [1, 0, 0, -1, 1, 0, 0, 0, 1, 0, 1, 0, 0]
    fd = functional_dimension(net, th)
    assert fd.certified and fd.functional_dimension == 3 == _jacrev_rank(net.widths, th, [[-2], [-1], [1], [2], [3]])


def test_cli_fd_with_a_pruned_neuron(tmp_path, capsys):
    """`algnet fd --weights` of a relu 2-3-1 with a pruned first neuron: exact FD 7 (was: an error); with outgoing
    weight 1 the error names the neuron and says what to do (exit status 2)."""
    import json

    from algnet.cli import main

    w = {"spec": "relu 2-3-1", "W1": [[0, 0], [2, 0], [-1, 0]], "b1": [0, 1, -1], "W2": [[0, -2, 1]], "b2": [2]}
    (tmp_path / "pr.json").write_text(json.dumps(w))
    assert main(["fd", "relu 2-3-1", "--weights", str(tmp_path / "pr.json"), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["functional_dimension"] == 7 and d["exact"] and len(d["unused_zero_neuron_inputs"]) == d["batch_points"]
    w["W2"] = [[1, -2, 1]]
    (tmp_path / "bad.json").write_text(json.dumps(w))
    assert main(["fd", "relu 2-3-1", "--weights", str(tmp_path / "bad.json")]) == 2
    err = capsys.readouterr().err
    assert "neuron 1 of hidden layer 1" in err and "Traceback" not in err


def _torch_rank(model, X):
    from torch.func import functional_call, jacrev

    model = model.double()
    params = {k: v.detach() for k, v in model.named_parameters()}
    J = jacrev(lambda p: functional_call(model, p, (torch.from_numpy(X),)).reshape(-1))(params)
    M = np.concatenate([J[k].reshape(J[k].shape[0], -1).numpy() for k in params], axis=1)
    sv = np.linalg.svd(M, compute_uv=False)
    return int((sv > sv[0] * 1e-9).sum())


@needs_torch
def test_pl_models_keep_inputs_at_pruned_units():
    """Models off the exact MLP route (bias=False layers, convolutions): a pruned unit or channel (zero weights in
    and out, no or zero bias) has pre-activation 0 at every input; all inputs were dropped (batch FD 0). Now they
    are kept and the rank is torch.func.jacrev's at the same inputs, and the smaller model's."""
    from algnet.relu import from_torch_model
    from algnet.relu.model_fd import model_batch_fd

    nn = torch.nn
    torch.manual_seed(0)
    X = np.random.default_rng(0).normal(size=(60, 2))
    mlp = nn.Sequential(nn.Linear(2, 4, bias=False), nn.ReLU(), nn.Linear(4, 1, bias=False))
    small = nn.Sequential(nn.Linear(2, 3, bias=False), nn.ReLU(), nn.Linear(3, 1, bias=False))
    with torch.no_grad():
        mlp[0].weight[3] = 0
        mlp[2].weight[0, 3] = 0
        small[0].weight.copy_(mlp[0].weight[:3])
        small[2].weight.copy_(mlp[2].weight[:, :3])
    r = model_batch_fd(from_torch_model(mlp), X)
    rs = model_batch_fd(from_torch_model(small), X)
    assert r.dropped == () and r.n_points == 60
    assert r.rank == _torch_rank(mlp, X) == rs.rank
    # D' = 12 - 3 rescalings (the pruned unit's tangent is 0) decides hidden symmetries: not reached, and moving the
    # pruned unit's weights is a symmetry that is no rescaling. Certified by the bound without its 3 zero columns,
    # D' of the 3-unit model (9 - 3)
    assert (r.bound, rs.bound, r.hidden_symmetries) == (9, 6, None)
    assert r.certified and rs.certified and "zero columns" in r.method
    cnn = nn.Sequential(nn.Conv2d(1, 3, 2), nn.ReLU(), nn.Flatten(), nn.Linear(12, 1))
    with torch.no_grad():
        cnn[0].weight[1] = 0
        cnn[0].bias[1] = 0
        cnn[3].weight[0, 4:8] = 0                    # the 2 x 2 outputs of channel 1
    Xc = np.random.default_rng(1).normal(size=(30, 9))
    r = model_batch_fd(from_torch_model(cnn, input_shape=(1, 3, 3)), Xc)
    assert r.dropped == () and r.rank == _torch_rank(cnn, Xc.reshape(30, 1, 3, 3))
    assert r.certified and r.rank == 28 - (4 + 1 + 4) - 2   # channel 1: 4 weights, bias, 4 reading; 2 rescalings
    assert r.bound == 28 - 2 and r.hidden_symmetries is None
    with torch.no_grad():
        cnn[3].weight[0, 5] = 1                      # channel 1 reaches F again: not differentiable, dropped
    assert len(model_batch_fd(from_torch_model(cnn, input_shape=(1, 3, 3)), Xc).dropped) == 30


def test_region_at_and_polyhedral_complex_with_a_pruned_neuron():
    """A pruned neuron (zero weights and bias) has pre-activation 0 everywhere: region_at refused every point ("on
    the zero set of a neuron", move the point: impossible) and polyhedral_complex every box. Its zero set bends
    nothing, so the regions are those of the network without it (hand)."""
    from algnet.relu.model import PLModel
    from algnet.relu.polyhedral import polyhedral_complex, region_at

    m = PLModel.from_layers([([[2, 0], [-1, 1], [0, 0]], [1, -1, 0]), ([[-2, 1, 3]], [2])])
    small = PLModel.from_layers([([[2, 0], [-1, 1]], [1, -1]), ([[-2, 1]], [2])])
    for x in ([1, 1], [-3, 1], [0, 5]):
        a, b = region_at(m, x), region_at(small, x)
        assert a.halfspaces.tolist() == b.halfspaces.tolist() and a.affine_map() == b.affine_map()
    assert polyhedral_complex(m, box=(-2, 2)).count == polyhedral_complex(small, box=(-2, 2)).count == 4
    with pytest.raises(NonSmoothPointError):          # a live neuron's zero set is still a boundary
        region_at(m, ["-1/2", 0])


def test_pruned_units_lower_the_certifying_bound():
    """relu 3-12-1 with 3 units pruned: the rank mod p can never reach D' = 61 - 12 (the pruned units' columns
    vanish), so it was only a lower bound (without the exact rank over QQ). The bound seeing them is D' of
    relu 3-9-1 = 9 * 4 + 1 = 37 (hand count); reached at inputs next to every live hyperplane, it certifies."""
    from algnet.relu.kinks import pruned_bound

    net = parse_spec("relu 3-12-1")
    th = list(net.random_params(seed=4))
    for j in (0, 5, 11):
        th = _zero_unit(net.widths, th, 1, j)
    assert pruned_bound(net, th) == 37
    rng = np.random.default_rng(0)
    Z = []
    for k in set(range(12)) - {0, 5, 11}:                # 4 points on each side of every live hyperplane
        w, b = th[3 * k:3 * k + 3], th[36 + k]
        for _ in range(4):
            p = [Fraction(int(v), 64) for v in rng.integers(-128, 129, size=3)]
            t = (sum(x * y for x, y in zip(w, p)) + b) / sum(x * x for x in w)
            Z += [[a - (t + s) * c for a, c in zip(p, w)] for s in (Fraction(1, 4096), -Fraction(1, 4096))]
    b = batch_functional_dimension(net, th, Z, exact="never", on_nonsmooth="drop")
    assert b.certified and b.rank == 37 and "pruned" in b.method
    assert b.unused_zero_neurons and b.dropped == ()


def _zero_unit(widths, theta, layer, j):
    th = list(theta)
    bl = _blocks(widths)
    kW, kb, a, _ = bl[layer - 1]
    for i in range(a):
        th[kW + j * a + i] = Fraction(0)
    th[kb + j] = Fraction(0)
    kW2, _, a2, b2 = bl[layer]
    for r in range(b2):
        th[kW2 + r * a2 + j] = Fraction(0)
    return th


@needs_torch
def test_state_dict_saved_during_torch_pruning_loads(tmp_path):
    """torch.nn.utils.prune keeps <name>_orig and <name>_mask in the state dict until prune.remove: such a file was
    refused ("not a plain Linear/ReLU MLP"). Now weight = orig * mask; the model equals the pruned torch model, its
    pruned weights are fixed at 0 (no parameters), and its batch FD is torch.func.jacrev's rank of it in the
    parameters (weight_orig: zero columns at the pruned entries)."""
    import torch.nn.utils.prune as prune

    from algnet.relu.model_fd import model_batch_fd
    from algnet.relu.torch_load import load_torch_model

    nn = torch.nn
    torch.manual_seed(0)
    m = nn.Sequential(nn.Linear(2, 5), nn.ReLU(), nn.Linear(5, 1))
    prune.ln_structured(m[0], "weight", amount=0.4, n=2, dim=0)
    prune.l1_unstructured(m[2], "weight", amount=0.4)
    torch.save(m.state_dict(), tmp_path / "sd.pt")
    assert any(k.endswith("_mask") for k in m.state_dict())
    pm = load_torch_model(str(tmp_path / "sd.pt"), relu_mlp=True)
    X = np.random.default_rng(0).normal(size=(40, 2))
    assert np.allclose(pm.forward(X), m.double()(torch.from_numpy(X)).detach().numpy(), atol=1e-12)
    zeros = sum(int((b == 0).sum()) for k, b in m.named_buffers() if k.endswith("_mask"))
    assert pm.n_params == sum(p.numel() for p in m.parameters()) - zeros and zeros == 2 * 2 + 2
    assert model_batch_fd(pm, X).rank == _torch_rank(m, X)


def test_cli_fd_exact_beyond_two_inputs_with_pruned_units(tmp_path, capsys):
    """relu 3-4-1 with unit 1 pruned: no decisive set in R^3, so the headline was '>= 13' (a lower bound: the batch
    rank cannot reach D' = 21 - 4). It reaches the bound without the pruned unit's zero columns, D' of relu 3-3-1
    = 3 * 4 + 1 = 13 (hand count): now exact."""
    import json

    from algnet.cli import main

    w = {"spec": "relu 3-4-1", "W1": [[0, 0, 0], [1, -2, 1], [2, 1, -1], [-1, 1, 3]], "b1": [0, 1, "-1/2", "1/3"],
         "W2": [[0, 2, -1, 1]], "b2": [1]}
    (tmp_path / "w.json").write_text(json.dumps(w))
    assert main(["fd", "relu 3-4-1", "--weights", str(tmp_path / "w.json"), "--batch", "400", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["functional_dimension"] == 13 and d["exact"] and "zero columns" in d["functional_dimension_scope"]


@pytest.mark.parametrize("spec", ["relu 2-4-3-1", "relu 3-3-3-2", "relu 1-4-4-1"])
def test_pruned_bound_is_an_upper_bound_of_exact_ranks(spec):
    """kinks.pruned_bound against the exact rank over QQ at 3 D random inputs, for random prunings (units with zero
    weights and negative bias: dead; zero outgoing weights: unused; both and zero bias: pruned): never below the
    rank (it is an upper bound of every batch rank). (It is structural: units that no sample activates, though alive
    somewhere, are not seen, so it is often far above these heavily pruned ranks.)"""
    from algnet.relu.kinks import pruned_bound

    net = parse_spec(spec)
    for seed in range(6):
        rng = np.random.default_rng(seed)
        th = list(net.random_params(seed=seed))
        bl = _blocks(net.widths)
        for layer in range(1, net.depth):
            for j in range(net.widths[layer]):
                mode = rng.integers(0, 4)
                kW, kb, a, _ = bl[layer - 1]
                kW2, _, a2, b2 = bl[layer]
                if mode in (1, 3):                       # dead (1) or pruned (3): zero incoming weights
                    for i in range(a):
                        th[kW + j * a + i] = Fraction(0)
                    th[kb + j] = Fraction(-1, 2) if mode == 1 else Fraction(0)
                if mode in (2, 3):                       # unused (2) or pruned (3): zero outgoing weights
                    for r in range(b2):
                        th[kW2 + r * a2 + j] = Fraction(0)
        b = batch_functional_dimension(net, th, net.random_inputs(3 * net.n_params, seed=seed), exact="always",
                                       on_nonsmooth="drop")
        assert b.rank <= pruned_bound(net, th) <= net.dimension_bound


@needs_torch
def test_bias_free_cnn_on_blank_background_keeps_its_inputs():
    """A bias-free convolution on a blank patch of a digit has pre-activation w . 0 = 0, and its derivative in the
    parameters is 0 too (0 . dw), so F is differentiable there (relu(0) = 0 to first order). 17 of 40 digits were
    dropped as non-smooth (batch FD 23); now none are, and the rank is torch.func.jacrev's at the 40 digits."""
    from algnet.relu import from_torch_model
    from algnet.relu.data import digits
    from algnet.relu.model_fd import model_batch_fd

    nn = torch.nn
    torch.manual_seed(0)
    X = digits()[0][:40]
    cnn = nn.Sequential(nn.Conv2d(1, 2, 3, bias=False), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 6 * 6, 1))
    r = model_batch_fd(from_torch_model(cnn, input_shape=(1, 8, 8)), X.reshape(40, -1))
    assert r.dropped == () and r.parameters == sum(p.numel() for p in cnn.parameters())
    assert r.rank == _torch_rank(cnn, np.asarray(X, dtype=float)) == 40


def test_units_dead_at_the_data_lower_the_certifying_bound_of_the_batch_rank():
    """Trained networks have units that no data point activates. relu 3-12-1 with 4 units of bias -100 (alive
    elsewhere: their weights are not 0) and inputs next to the 8 other hyperplanes: the batch rank is 33 = D' of
    relu 3-8-1 = 8 * 4 + 1 (hand count), below D' = 61 - 12; it is certified by the bound without the dead units'
    20 columns (exact='never'; it was a lower bound only), and equals the exact rank over QQ."""
    net = parse_spec("relu 3-12-1")
    th = list(net.random_params(seed=2))
    dead = (1, 4, 8, 10)
    for k in dead:
        th[36 + k] = Fraction(-100)
    rng = np.random.default_rng(0)
    Z = []
    for k in set(range(12)) - set(dead):
        w, b = th[3 * k:3 * k + 3], th[36 + k]
        for _ in range(4):
            p = [Fraction(int(v), 64) for v in rng.integers(-128, 129, size=3)]
            t = (sum(x * y for x, y in zip(w, p)) + b) / sum(x * x for x in w)
            Z += [[a - (t + s) * c for a, c in zip(p, w)] for s in (Fraction(1, 4096), -Fraction(1, 4096))]
    b = batch_functional_dimension(net, th, Z, exact="never", on_nonsmooth="drop")
    assert b.certified and b.rank == 33 and "zero columns" in b.method
    assert batch_functional_dimension(net, th, Z, exact="always", on_nonsmooth="drop").rank == 33
