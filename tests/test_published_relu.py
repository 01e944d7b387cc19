"""ReLU analyses checked against published results and second methods written here, as a user meets them.

Independent truths used below (each test names its own):

* Zaslavsky (1975), *Facing up to arrangements*: n generic hyperplanes of R^d cut it into sum_{j<=d} C(n, j)
  regions, C(n - 1, d) of them bounded; central / parallel / repeated lines are counted by hand.
* Activation regions of a deep ReLU network are convex polyhedra (on a fixed pattern s every pre-activation is
  affine, so {x : pattern(x) = s} is cut out by linear inequalities; Hanin-Rolnick, ICML 2019, Sec. 2): their number
  is the number of patterns whose polyhedron has an interior point, decided here by one linear programme per pattern
  (scipy's HiGHS, maximal slack), a method sharing nothing with algnet's polygon splitting.
* Montufar, Pascanu, Cho, Bengio, *On the number of linear regions of deep neural networks* (NeurIPS 2014), Thm. 4
  and Sec. 3: hidden widths n_i >= n_0 fold each input coordinate floor(n_i / n_0) times, and the last hidden layer's
  generic arrangement then appears in every folded cell: prod_{i<L} floor(n_i / n_0)^{n_0} sum_{j<=n_0} C(n_L, j)
  regions. The weights are written out in this file.
* Functional dimension (Grigsby-Lindsey-Meyerhoff-Wu, arXiv:2209.04036, Def. 3.2 and Thm. 7.1: D' = D - hidden
  neurons bounds it): compared with the rank of a central-difference Jacobian of theta -> (F_theta(z))_z computed
  here in float64 at many random inputs, and with hand values (a dead neuron removes its n_0 + 2 parameters).
* Toy models of superposition (Elhage et al. 2022, arXiv:2209.10652, Sec. 3-4): n = 5 features in m = 2 dimensions
  at high sparsity form a pentagon (dimensionality 2/5 per feature); n = 2 in m = 1 an antipodal pair (1/2).
"""

import itertools
import json
from fractions import Fraction
from math import comb

import numpy as np
import pytest

from algnet import parse_spec
from algnet.cli import main
from algnet.errors import NotApplicableError, ParameterError
from algnet.relu import functional_dimension, linear_regions
from algnet.relu.polyhedral import polyhedral_complex


# ------------------------------------------------------------------ independent helpers (no algnet inside)
def _layers(widths, theta):
    th = [Fraction(t) for t in theta]
    out, k = [], 0
    for a, b in zip(widths[:-1], widths[1:]):
        W = [th[k + i * a:k + (i + 1) * a] for i in range(b)]
        k += a * b
        out.append((W, th[k:k + b]))
        k += b
    assert k == len(th)
    return out


def _lp_pattern_count(widths, theta, box=None):
    """Number of activation patterns whose region (inside ``box`` = [(lo, hi)] * n0, or all of R^n0) has an
    interior point: maximise t subject to s_i * z_i(x) >= t with the affine maps of pattern s."""
    from scipy.optimize import linprog

    n0 = widths[0]
    L = [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in _layers(widths, theta)][:-1]
    N = sum(W.shape[0] for W, _ in L)
    count = 0
    for s in itertools.product((0, 1), repeat=N):
        A, rhs, M, m, k = [], [], np.eye(n0), np.zeros(n0), 0
        for W, c in L:
            Z, z = W @ M, W @ m + c
            for i in range(W.shape[0]):
                sg = 1.0 if s[k + i] else -1.0
                A.append(list(-sg * Z[i]) + [1.0])
                rhs.append(sg * z[i])
            D = np.diag([float(s[k + i]) for i in range(W.shape[0])])
            M, m, k = D @ Z, D @ z, k + W.shape[0]
        bounds = [(box[j] if box else (None, None)) for j in range(n0)] + [(None, 1.0)]
        r = linprog([0.0] * n0 + [-1.0], A_ub=np.array(A), b_ub=np.array(rhs), bounds=bounds, method="highs")
        count += r.status == 0 and -r.fun > 1e-9
    return count


def _forward(widths, th, X):
    H, k, L = X.T, 0, len(widths) - 1
    for l, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
        W = th[k:k + a * b].reshape(b, a)
        k += a * b
        H = W @ H + th[k:k + b][:, None]
        k += b
        if l < L - 1:
            H = np.maximum(H, 0)
    return H.T.ravel()


def _numeric_fd(widths, theta, seed=0, h=1e-6):
    """Rank of a central-difference Jacobian at 12,000 Gaussian inputs of scales 0.3 to 30 (float64, rtol 1e-7)."""
    rng = np.random.default_rng(seed)
    X = np.concatenate([rng.normal(size=(3000, widths[0])) * s for s in (0.3, 1, 3, 30)])
    th = np.array([float(t) for t in theta])
    cols = []
    for i in range(len(th)):
        e = np.zeros_like(th)
        e[i] = h
        cols.append((_forward(widths, th + e, X) - _forward(widths, th - e, X)) / (2 * h))
    sv = np.linalg.svd(np.array(cols).T, compute_uv=False)
    return int((sv > sv[0] * 1e-7).sum())


def _generic_lines(W, b):
    """No two lines parallel, no three through one point (exact)."""
    n = len(b)
    for i, j in itertools.combinations(range(n), 2):
        if W[i][0] * W[j][1] - W[i][1] * W[j][0] == 0:
            return False
    for i, j, k in itertools.combinations(range(n), 3):
        M = [[W[r][0], W[r][1], b[r]] for r in (i, j, k)]
        det = (M[0][0] * (M[1][1] * M[2][2] - M[1][2] * M[2][1]) - M[0][1] * (M[1][0] * M[2][2] - M[1][2] * M[2][0])
               + M[0][2] * (M[1][0] * M[2][1] - M[1][1] * M[2][0]))
        if det == 0:
            return False
    return True


# ------------------------------------------------------------------ regions: one hidden layer (Zaslavsky)
@pytest.mark.parametrize("n1", [3, 5, 8])
def test_one_hidden_layer_plane_matches_zaslavsky(n1):
    """n generic lines: 1 + n + C(n, 2) regions of the plane, C(n - 1, 2) bounded (Zaslavsky)."""
    net = parse_spec(f"relu 2-{n1}-1")
    for seed in range(3):
        theta = net.random_params(seed=seed)
        (W, b), _ = _layers(net.widths, theta)
        assert _generic_lines(W, b)
        part = linear_regions(net, theta, plane=True)
        assert part.count == sum(comb(n1, j) for j in range(3))
        assert part.n_bounded == comb(n1 - 1, 2)


def test_one_hidden_layer_in_3d_matches_zaslavsky():
    """Six generic planes of R^3: 1 + 6 + 15 + 20 = 42 regions; a box holding every vertex meets every region
    (with n >= d generic normals every region is pointed, so it has a vertex)."""
    net = parse_spec("relu 3-6-1")
    theta = net.random_params(seed=3)
    (W, b), _ = _layers(net.widths, theta)
    Wf, bf = np.array(W, dtype=float), np.array(b, dtype=float)
    R = max(np.abs(np.linalg.solve(Wf[list(c)], -bf[list(c)])).max() for c in itertools.combinations(range(6), 3))
    cx = polyhedral_complex(net, theta=theta, box=(-int(R) - 2, int(R) + 2))
    assert cx.certified and cx.count == sum(comb(6, j) for j in range(4))


@pytest.mark.parametrize("name, hidden, plane, box", [
    # (W1 rows, b1): lines w.x + c = 0; counts by hand
    ("three lines through the origin (central): 2n", ([(1, 0), (0, 1), (1, 1)], [0, 0, 0]), 6, 6),
    ("three parallel lines x = 0, -1, -2: n + 1; in [-1,1]^2 only x = 0 cuts", ([(1, 0), (1, 0), (1, 0)], [0, 1, 2]),
     4, 2),
    ("dead neuron (w = 0, c < 0): no hyperplane", ([(1, 0), (0, 1), (0, 0)], [0, 0, -1]), 4, 4),
    ("constant active neuron (w = 0, c > 0)", ([(1, 0), (0, 1), (0, 0)], [0, 0, 1]), 4, 4),
    ("a line repeated", ([(1, 0), (0, 1), (2, 0)], [0, 0, 0]), 4, 4),
    ("a line repeated with the opposite orientation", ([(1, 0), (0, 1), (-1, 0)], [0, 0, 0]), 4, 4),
    ("x + y = 5 misses the box [-1,1]^2", ([(1, 0), (0, 1), (1, 1)], [0, 0, -5]), 7, 4),
])
def test_non_generic_arrangements_by_hand(name, hidden, plane, box):
    W, c = hidden
    theta = [x for row in W for x in row] + list(c) + [1, 1, 1, 0]
    net = parse_spec("relu 2-3-1")
    assert linear_regions(net, theta, plane=True).count == plane, name
    assert linear_regions(net, theta, box=(-1, 1, -1, 1)).count == box, name


def test_one_dimensional_input_breakpoints_by_hand():
    """Breakpoints of relu(x), relu(x - 1), relu(2 - x) (and a dead neuron) at 0, 1, 2: four intervals of the line,
    two of them bounded; on [-1/2, 3/2] only 0 and 1 lie inside (three intervals)."""
    net = parse_spec("relu 1-4-1")
    theta = [1, 1, -1, 0] + [0, -1, 2, -1] + [1, 1, 1, 1] + [0]
    part = linear_regions(net, theta, plane=True)
    assert (part.count, part.n_bounded) == (4, 2)
    assert linear_regions(net, theta, box=("-1/2", "3/2", -1, 1)).count == 3


# ------------------------------------------------------------------ regions: deep networks, second method
@pytest.mark.parametrize("spec", ["relu 2-4-4-1", "relu 2-3-2-3-1", "relu 2-4-2-2", "relu 1-3-2-3-1"])
def test_deep_network_regions_match_lp_feasible_patterns(spec):
    net = parse_spec(spec)
    n0 = net.widths[0]
    for seed in range(2):
        theta = net.random_params(seed=seed)
        assert linear_regions(net, theta, plane=True).count == _lp_pattern_count(net.widths, theta)
        box = linear_regions(net, theta, box=(-1, 1, -1, 1)).count
        assert box == _lp_pattern_count(net.widths, theta, [(-1, 1)] * n0)


def test_three_input_deep_network_complex_matches_lp():
    net = parse_spec("relu 3-4-3-1")
    for seed in range(2):
        theta = net.random_params(seed=seed)
        cx = polyhedral_complex(net, theta=theta, box=(-1, 1))
        assert cx.certified and cx.count == _lp_pattern_count(net.widths, theta, [(-1, 1)] * 3)


def _montufar_2d(hidden_last):
    """Widths (2, 4, 4, n_L, 1): two folding layers (each folds x and y once: floor(4/2) = 2 pieces per
    coordinate), then n_L lines in general position whose every region meets the open unit square."""
    half = Fraction(1, 2)
    fold1 = ([[1, 0], [1, 0], [0, 1], [0, 1]], [0, -half, 0, -half])       # relu(x), relu(x - 1/2), same for y
    g = [[2, -4, 0, 0], [0, 0, 2, -4]]                                      # tent maps g_x, g_y of [0, 1] onto [0, 1]
    fold2 = ([g[0], g[0], g[1], g[1]], [0, -half, 0, -half])
    lines = [(1, 0, Fraction(-3, 10)), (0, 1, Fraction(-2, 5)), (1, 1, Fraction(-9, 10)),
             (1, -1, Fraction(1, 20)), (2, 1, Fraction(-7, 5))][:hidden_last]
    last = ([[a * g[0][j] + b * g[1][j] for j in range(4)] for a, b, _ in lines], [c for _, _, c in lines])
    out = ([[1] * hidden_last], [0])
    layers = [fold1, fold2, last, out]
    theta = []
    for W, b in layers:
        theta += [x for row in W for x in row] + list(b)
    return parse_spec(f"relu 2-4-4-{hidden_last}-1"), theta, lines


@pytest.mark.parametrize("n_last", [3, 4])
def test_montufar_construction_reaches_its_count(n_last):
    net, theta, lines = _montufar_2d(n_last)
    (W, b) = ([[a, bb] for a, bb, _ in lines], [c for _, _, c in lines])
    assert _generic_lines(W, b)
    expected = (4 // 2) ** 2 * (4 // 2) ** 2 * sum(comb(n_last, j) for j in range(3))
    assert linear_regions(net, theta, box=(0, 1, 0, 1)).count == expected


# ------------------------------------------------------------------ functional dimension
@pytest.mark.parametrize("spec, theta, by_hand", [
    ("relu 2-3-1", [1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0], 10),          # generic: D' = 13 - 3
    ("relu 2-3-1", [1, 0, 0, 1, 0, 0, 0, 0, -1, 1, 1, 1, 0], 7),          # neuron 3 dead: D' of relu 2-2-1
    ("relu 2-3-1", [1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0], 8),           # output weight 0: neuron 3 unseen, w2 seen
    ("relu 1-1-1", [2, 1, 3, 1], 3),                                      # a (w x + b)_+ + c = a w (x + b/w)_+ + c
    ("relu 1-1-1", [2, 1, 0, 1], 2),                                      # a = 0: only a and c move F
    ("relu 1-1-1", [0, -1, 3, 1], 1),                                     # dead neuron: F = c
    ("relu 1-1-1-1", [1, 0, -1, 1, 1, 0], 4),                             # two kinks, two flat ends: x1, x2, c, a b2
    ("relu 1-1-1-1", [1, 0, 1, -1, 1, 0], 3),                             # one kink only
])
def test_functional_dimension_against_finite_differences(spec, theta, by_hand):
    net = parse_spec(spec)
    fd = functional_dimension(net, theta)
    assert fd.certified
    assert fd.functional_dimension == _numeric_fd(net.widths, theta) == by_hand


# ------------------------------------------------------------------ trained torch models
torch = pytest.importorskip("torch")
nn = torch.nn


def _agree(model, m, n_in, seed=0):
    x = torch.from_numpy(np.random.default_rng(seed).normal(size=(16, n_in)))
    want = model.double()(x).detach().numpy()
    return np.allclose(m.forward(x.numpy()), want, atol=1e-9)


def test_torch_sequential_variants_are_the_same_function():
    from algnet.relu import from_torch_model

    torch.manual_seed(0)
    cases = [nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1)),
             nn.Sequential(nn.Flatten(), nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 2)),
             nn.Sequential(nn.Linear(2, 4), nn.LeakyReLU(0.1), nn.Linear(4, 1)),
             nn.Sequential(nn.Linear(2, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 1)).eval(),
             nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1)).double()]
    with torch.no_grad():
        cases[3][1].running_mean.uniform_(-1, 1)
        cases[3][1].running_var.uniform_(0.5, 2)
    for model in cases:
        m = from_torch_model(model)
        assert _agree(model, m, 2), model


def test_torch_refusals_say_what_to_do():
    from algnet.relu import from_torch_model

    with pytest.raises(ParameterError, match="training mode"):
        from_torch_model(nn.Sequential(nn.Linear(2, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 1)))
    with pytest.raises(NotApplicableError, match="supported"):
        from_torch_model(nn.Sequential(nn.Linear(2, 4), nn.Sigmoid(), nn.Linear(4, 1)))
    # regressions: a meta-device model raised a bare NotImplementedError ("Cannot copy out of meta tensor");
    # an LSTM or an empty Sequential was asked for its input shape, as if that were the problem
    with pytest.raises(ParameterError, match="meta device"):
        from_torch_model(nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1)).to("meta"))
    for model in (nn.LSTM(2, 3), nn.Sequential()):
        with pytest.raises(ParameterError, match="no Linear or Conv layer"):
            from_torch_model(model)


def _jacrev_rank_torch(model, X):
    """Rank (float64 SVD, rtol 1e-9) of torch.func.jacrev of the outputs at X in the model's own parameters."""
    from torch.func import functional_call, jacrev

    model = model.double()
    params = {k: v.detach() for k, v in model.named_parameters()}
    J = jacrev(lambda p: functional_call(model, p, (torch.from_numpy(X),)).reshape(-1))(params)
    M = np.concatenate([J[k].reshape(J[k].shape[0], -1).numpy() for k in params], axis=1)
    sv = np.linalg.svd(M, compute_uv=False)
    return int((sv > sv[0] * 1e-9).sum())


def test_bias_free_layers_have_no_bias_parameters():
    """f(x) = sum_i v_i relu(w_i . x) has 12 parameters and D' = 12 - 4 = 8 (4 rescalings); its 4 lines through
    0 cut the plane into 8 sectors with f linear on each, so two directions inside every sector give FD 8
    (= torch.func.jacrev's rank in the model's own parameters; the sectors are found here from the weights; 40
    random points hit 6 of them). The import counted the zero biases as parameters (D = 17, batch FD 13)."""
    from algnet.relu import from_torch_model
    from algnet.relu.model_fd import model_batch_fd

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 4, bias=False), nn.ReLU(), nn.Linear(4, 1, bias=False))
    m = from_torch_model(model)
    assert m.n_params == sum(p.numel() for p in model.parameters()) == 12
    W = model[0].weight.detach().double().numpy()
    cuts = np.sort(np.concatenate([np.arctan2(W[:, 1], W[:, 0]) + s * np.pi / 2 for s in (1, -1)]) % (2 * np.pi))
    ends = np.append(cuts, cuts[0] + 2 * np.pi)
    ang = [a + t * (b - a) for a, b in zip(ends, ends[1:]) for t in (1 / 3, 2 / 3)]
    X = np.array([[np.cos(t), np.sin(t)] for t in ang])
    r = model_batch_fd(m, X)
    assert (r.rank, r.parameters, r.bound) == (8, 12, 8) and r.certified and r.rank == _jacrev_rank_torch(model, X)
    X = np.random.default_rng(0).normal(size=(60, 2))
    mixed = nn.Sequential(nn.Linear(2, 3, bias=False), nn.ReLU(), nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 2))
    mm = from_torch_model(mixed)
    assert mm.n_params == sum(p.numel() for p in mixed.parameters()) == 6 + 12 + 8
    r = model_batch_fd(mm, X)
    assert r.parameters == mm.n_params and r.rank == _jacrev_rank_torch(mixed, X) <= r.bound == 26 - 6
    folded = from_torch_model(nn.Sequential(nn.Linear(2, 4, bias=False), nn.BatchNorm1d(4), nn.ReLU(),
                                            nn.Linear(4, 1)).eval())
    assert folded.n_params == 8 + 4 + 5      # BatchNorm's shift is that layer's bias (a parameter of the model)


@pytest.mark.slow
def test_model_trained_on_a_toy_dataset_regions_match_lp():
    """Two interleaved half-moons (made here), a 2-5-3-2 MLP trained 200 Adam steps: the exact regions of
    [-2, 3] x [-2, 2] equal the LP count of feasible patterns at the float32 weights (exact rationals)."""
    from algnet.relu import from_torch_model

    rng = np.random.default_rng(0)
    t = rng.uniform(0, np.pi, 200)
    X = np.concatenate([np.c_[np.cos(t), np.sin(t)], np.c_[1 - np.cos(t), 0.5 - np.sin(t)]])
    X += rng.normal(scale=0.1, size=X.shape)
    y = np.r_[np.zeros(200), np.ones(200)].astype(int)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 5), nn.ReLU(), nn.Linear(5, 3), nn.ReLU(), nn.Linear(3, 2))
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    Xt, yt = torch.tensor(X, dtype=torch.float32), torch.tensor(y)
    for _ in range(200):
        opt.zero_grad()
        nn.functional.cross_entropy(model(Xt), yt).backward()
        opt.step()
    m = from_torch_model(model)
    net, theta = m.to_relu_network()
    part = linear_regions(m, box=(-2, 3, -2, 2))
    assert part.count == _lp_pattern_count(net.widths, theta, [(-2, 3), (-2, 2)])


def test_plain_mlp_batch_fd_is_not_refused_by_the_conv_estimate(monkeypatch):
    """Regression: a plain MLP takes the exact route, guarded by its own estimate; the forward-mode tangent
    estimate (never built there) refused relu 2-300-300-1 at 50 inputs at "40.4 GiB" (it runs in 5 CPU s, 445 MB).
    Here relu 2-60-60-1 at 30 inputs: tangents 3660 x 30 x 60 x 16 B = 100.5 MiB > a 90 MiB limit; the exact
    route's estimate (the Jacobian 0.9 MB, its exact forward pass and the libraries its rank loads) is 79 MiB."""
    from algnet.relu.model import PLModel
    from algnet.relu.model_fd import model_batch_fd

    rng = np.random.default_rng(0)
    layers = [(rng.integers(-8, 9, (60, 2)) / 8, rng.integers(-8, 9, 60) / 8),
              (rng.integers(-8, 9, (60, 60)) / 8, rng.integers(-8, 9, 60) / 8),
              (rng.integers(-8, 9, (1, 60)) / 8, [0])]
    m = PLModel.from_layers(layers)
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "90M")
    r = model_batch_fd(m, rng.normal(size=(30, 2)), float_check=False)
    assert r.rank <= min(30, r.bound)


# ------------------------------------------------------------------ command line
def test_fd_cli_uses_data_points_with_a_spec(tmp_path, capsys):
    """Regression: ``algnet fd SPEC --data FILE`` ignored the file (random inputs were used, and a file with the
    wrong number of coordinates went unnoticed). Points of one quadrant for relu(x) + relu(y): the batch FD there
    is that of one affine map a x + b y + c with a, b, c moved by (w, c1, v) of the two active neurons: 3 (hand)."""
    w = {"W1": [[1, 0], [0, 1]], "b1": [0, 0], "W2": [[1, 1]], "b2": [0]}
    wp = tmp_path / "w.json"
    wp.write_text(json.dumps(w))
    pts = tmp_path / "pts.npz"
    np.savez(pts, X=np.array([[1, 2], [2, 1], [3, 3], [1, 1.5]]))
    assert main(["fd", "relu 2-2-1", "--weights", str(wp), "--data", str(pts), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["batch_functional_dimension"] == 3 and d["batch_points"] == 4
    assert d["functional_dimension"] == 7           # whole plane: D' = 9 - 2
    bad = tmp_path / "x3.npz"
    np.savez(bad, X=np.ones((4, 3)))
    assert main(["fd", "relu 2-2-1", "--weights", str(wp), "--data", str(bad)]) == 2
    assert "3 coordinates" in capsys.readouterr().err


def test_cli_help_and_hints(tmp_path, capsys):
    """The --seed help of fd says what fd does (a drawn seed, printed); the box hint is valid CLI syntax
    (it read 'CLI: ----box -1,1,-1,1'); a 1-D partition counts bounded intervals, not strips."""
    with pytest.raises(SystemExit):
        main(["fd", "--help"])
    out = capsys.readouterr().out
    assert "default seed 0" not in out and "drawn at random" in out
    assert main(["regions", "relu 2-3-1", "--box", "1,2"]) == 2
    err = capsys.readouterr().err
    assert "----box" not in err and "--box=-1,1,-1,1" in err
    wp = tmp_path / "w.json"          # breakpoints 0, 1, 2: two rays and two bounded intervals
    wp.write_text(json.dumps({"W1": [[1], [1], [-1]], "b1": [0, -1, 2], "W2": [[1, 1, 1]], "b2": [0]}))
    assert main(["regions", "relu 1-3-1", "--plane", "--weights", str(wp), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["regions"] == 4 and d["bounded"] == 2 and d["unbounded"] == 2


# ------------------------------------------------------------------ superposition
@pytest.mark.parametrize("n, m, sparsity, cosines", [
    (2, 1, 0.9, [-1.0]),                                                     # antipodal pair
    (5, 2, 0.95, [np.cos(2 * np.pi / 5)] * 5 + [np.cos(4 * np.pi / 5)] * 5),  # regular pentagon
])
def test_superposition_published_configurations(n, m, sparsity, cosines):
    """The trained features form one summand: the regular polygon of Elhage et al. (Fig. 'pentagon'), with
    dimensionality m / n per feature; checked by the cosines of the normalised features computed here."""
    from algnet.superposition.geometry import direct_sum_decomposition, feature_dimensionality
    from algnet.superposition.toy import train_toy_model

    W = np.asarray(train_toy_model(n, m, sparsity=sparsity, steps=3000, seed=0).model.W, dtype=float)
    U = W / np.linalg.norm(W, axis=0)
    got = sorted((U.T @ U)[np.triu_indices(n, 1)])
    assert np.allclose(got, sorted(cosines), atol=0.05)
    assert direct_sum_decomposition(W).summands == (tuple(range(n)),)
    assert np.allclose(feature_dimensionality(W), m / n, atol=0.03)


# ------------------------------------------------------------------ sweeps
def test_sweep_summary_orders_numbers_numerically(tmp_path, capsys):
    """Regression: the summary sorted the values of a column as text (1010 before 348; here 10 before 3), and the
    text table printed every distinct value (a 1,000-character cell for 201 seeds)."""
    from algnet.sweep import run_sweep, summarize

    db = str(tmp_path / "s.sqlite")
    run_sweep("regions", ["relu 2-3-2-1"], list(range(12)), db, show_progress=False)
    vals = summarize(db)[0]["regions"]
    assert vals == sorted(vals) and len(vals) == len(set(vals))
    assert main(["sweep", "summary", "--db", db]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) < 120


def test_spec_with_an_option_relu_does_not_take():
    """'relu 2-3-1 r=2' ended in "allowed: " and nothing: relu takes no key=value option."""
    from algnet.errors import SpecError

    with pytest.raises(SpecError, match="allowed: none"):
        parse_spec("relu 2-3-1 r=2")


def test_local_complexity_by_hand():
    """Humayun-Balestriero-Baraniuk (arXiv:2402.15555): neurons whose pre-activation changes sign on the
    cross-polytope x +- r d_i. relu(x), relu(y), then g1 = relu(x) + relu(y) - 1, g2 = relu(x) - 10; r = 0.1 and
    any orthonormal d_1, d_2 of R^2 (for a unit u, max_i |d_i . u| >= 1/sqrt(2); for u = (1, 1)/sqrt(2) the change of
    x + y reaches 0.1): at (0.45, 0.5) only g1 changes sign (x + y - 1 = -0.05); at (5, 5) none; at (-3, 0.02)
    only relu(y) (0.07 > 0.02)."""
    from algnet.relu.local_complexity import local_complexity

    net = parse_spec("relu 2-2-2-1")
    theta = [1, 0, 0, 1, 0, 0, 1, 1, 1, 0, -1, -10, 1, 1, 0]
    for seed in range(3):
        for exact in (False, True):
            lc = local_complexity(net, [[0.45, 0.5], [5, 5], [-3, 0.02]], radius=0.1, theta=theta, seed=seed,
                                  exact=exact)
            assert lc.per_layer["relu1"].tolist() == [0, 0, 1] and lc.per_layer["relu2"].tolist() == [1, 0, 0]


class _NamedMLP(nn.Module):
    """fc1 -> relu -> fc2 -> relu -> out with functional ReLUs (no ReLU modules), as many users write it."""

    def __init__(self):
        super().__init__()
        self.fc1, self.fc2, self.out = nn.Linear(2, 5), nn.Linear(5, 3), nn.Linear(3, 1)

    def forward(self, x):
        return self.out(torch.relu(self.fc2(torch.relu(self.fc1(x)))))


# The subject is reading TorchScript archives (users still have them); torch 2.13 has no writer of that format
# that is not deprecated (torch.jit.script, .trace and .save all warn; torch.export writes a different format,
# .pt2), so the warnings of writing the two archives are expected here and only here.
@pytest.mark.filterwarnings("ignore:`torch.jit.(script|trace|trace_method|save)` is deprecated:DeprecationWarning")
def test_model_files_of_a_named_mlp(tmp_path):
    """Regressions of load_torch_model: a scripted or traced non-Sequential module was rebuilt from its child
    modules only (three Linear layers: a linear map, 1 region, silently); a state dict with keys fc1, fc2, out was
    read in the order of the numbers in the key names (out first: a shape error naming 'layer 2'); bias-free state
    dicts and training checkpoints were refused without saying why. Truth: torch's own forward pass."""
    from algnet.relu.torch_load import STATE_DICT_NOTE, load_torch_model

    torch.manual_seed(0)
    net = _NamedMLP()
    x = np.random.default_rng(0).normal(size=(8, 2))
    want = net.double()(torch.from_numpy(x)).detach().numpy()
    net = net.float()
    for kind, save in (("script", lambda p: torch.jit.save(torch.jit.script(net), p)),
                       ("trace", lambda p: torch.jit.save(torch.jit.trace(net, torch.randn(1, 2)), p))):
        with pytest.raises(NotApplicableError, match="only an nn.Sequential"):
            save(str(tmp_path / f"{kind}.pt"))
            load_torch_model(str(tmp_path / f"{kind}.pt"))
    torch.save(net.state_dict(), tmp_path / "sd.pt")
    m = load_torch_model(str(tmp_path / "sd.pt"), relu_mlp=True)
    assert m.spec == "relu 2-5-3-1" and np.allclose(m.forward(x), want, atol=1e-6)
    nb = nn.Sequential(nn.Linear(2, 4, bias=False), nn.ReLU(), nn.Linear(4, 1, bias=False))
    torch.save(nb.state_dict(), tmp_path / "nb.pt")
    m = load_torch_model(str(tmp_path / "nb.pt"), relu_mlp=True)
    assert np.allclose(m.forward(x), nb.double()(torch.from_numpy(x)).detach().numpy())
    assert m.n_params == sum(p.numel() for p in nb.parameters()) == 12 and m.notes == (STATE_DICT_NOTE,)
    # a training checkpoint is read (its model's state dict), saying which entry it used
    torch.save({"model_state_dict": nb.state_dict(), "epoch": 3}, tmp_path / "ckpt.pt")
    m = load_torch_model(str(tmp_path / "ckpt.pt"), relu_mlp=True)
    assert np.allclose(m.forward(x), nb.double()(torch.from_numpy(x)).detach().numpy())
    assert any("model_state_dict" in n for n in m.notes)


def test_regions_of_a_batchnorm_model_state_the_rounding(tmp_path, capsys):
    """BatchNorm's 1/sqrt(var + eps) is irrational here (var = 1/2): the partition is exact for the imported
    (rounded) model, and `algnet regions` said "exact rational arithmetic" without the note `fd` printed."""
    model = nn.Sequential(nn.Linear(2, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 1)).eval()
    with torch.no_grad():
        model[1].running_var.fill_(0.5)
    torch.save(model, tmp_path / "bn.pt")
    assert main(["regions", "--torch", str(tmp_path / "bn.pt"), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert any("rounded" in n for n in d["notes"])
    np.savez(tmp_path / "x.npz", X=np.random.default_rng(0).normal(size=(5, 2)))
    assert main(["fd", "--torch", str(tmp_path / "bn.pt"), "--data", str(tmp_path / "x.npz"), "--json"]) == 0
    assert any("rounded" in n for n in json.loads(capsys.readouterr().out)["notes"])


def test_dropout_in_training_mode_is_noted():
    """A model left in training mode computes a random function; the import is the eval-mode one and says so."""
    from algnet.relu import from_torch_model

    m = from_torch_model(nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Dropout(0.5), nn.Linear(4, 1)))
    assert any("training mode" in n for n in m.notes)
    assert not from_torch_model(nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Dropout(0.5), nn.Linear(4, 1)).eval()).notes


def test_fd_cli_names_where_a_lower_bound_comes_from(tmp_path, capsys):
    """relu 3-3-1 with a dead third neuron: FD = D'(relu 3-2-1) = 11 - 2 = 9 (hand). On the slice z = 0 only
    relu(x), relu(y) are seen (rank 7 = relu 2-2-1's D'); the 9 comes from the random batch, and the result said it
    came from the 2-D slice. The dead neuron's 5 columns vanish, so 9 is also the bound that sees them: exact."""
    w = tmp_path / "w.json"
    w.write_text(json.dumps({"W1": [[1, 0, 0], [0, 1, 0], [0, 0, 0]], "b1": [0, 0, -1], "W2": [[1, 1, 1]], "b2": [0]}))
    sl = tmp_path / "sl.json"
    sl.write_text(json.dumps({"points": [[0, 0, 0], [1, 0, 0], [0, 1, 0]]}))
    assert main(["fd", "relu 3-3-1", "--weights", str(w), "--slice", str(sl), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["functional_dimension"] == 9 and d["exact"] and "batch" in d["functional_dimension_scope"]
    assert "zero columns" in d["functional_dimension_scope"]


@pytest.mark.parametrize("n, energy", [
    (4, 6 / np.sqrt(8 / 3)),                                    # regular tetrahedron: 6 edges of length sqrt(8/3)
    (5, 6 / np.sqrt(2) + 3 / np.sqrt(3) + 1 / 2),               # triangular bipyramid (docstring)
    (12, 49.165253058),                                         # icosahedron (Wales et al., Cambridge Cluster DB)
])
def test_thomson_energies_of_known_configurations(n, energy):
    """Thomson problem on S^2: the minima for n = 4, 5, 12 are the tetrahedron, the triangular bipyramid
    (poles +-e3, equator triangle: 6 pole-equator pairs at sqrt(2), 3 equator pairs at sqrt(3), the poles at 2:
    6/sqrt(2) + 3/sqrt(3) + 1/2 = 6.474691495) and the icosahedron."""
    from algnet.superposition.spherical import thomson

    assert thomson(n, 3, starts=8, seed=0).energy == pytest.approx(energy, rel=1e-8)


def test_regions_data_without_through_is_refused(tmp_path, capsys):
    """`algnet regions SPEC --data FILE` read the points and used the default slice, silently."""
    pts = tmp_path / "p.npz"
    np.savez(pts, X=np.eye(2))
    assert main(["regions", "relu 2-3-1", "--data", str(pts)]) == 2
    assert "--through" in capsys.readouterr().err
    assert main(["regions", "relu 2-3-1", "--seed", "3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["seed"] == 3        # the weights' seed, as fd records it (was null)


def test_model_batch_fd_matches_torch_autograd_rank():
    """Second method: torch.func.jacrev of the model's outputs with respect to its parameters (float64) and an SVD
    rank, against algnet's exact-route/modular rank of a CNN with max-pool and an MLP with LeakyReLU."""
    from torch.func import functional_call, jacrev

    from algnet.relu import from_torch_model
    from algnet.relu.model_fd import model_batch_fd

    torch.manual_seed(0)
    for model, shape in ((nn.Sequential(nn.Conv2d(1, 3, 2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                                        nn.Linear(12, 1)), (1, 5, 5)),
                         (nn.Sequential(nn.Linear(3, 4), nn.LeakyReLU(0.2), nn.Linear(4, 3), nn.ReLU(),
                                        nn.Linear(3, 1)), (3,))):
        model = model.double().eval()
        X = torch.randn(40, *shape, dtype=torch.float64)
        params = {k: v.detach() for k, v in model.named_parameters()}
        J = jacrev(lambda p: functional_call(model, p, (X,)).reshape(-1))(params)
        J = torch.cat([j.reshape(j.shape[0], -1) for j in J.values()], 1).numpy()
        sv = np.linalg.svd(J, compute_uv=False)
        r = model_batch_fd(from_torch_model(model, input_shape=shape), X.reshape(40, -1).numpy())
        assert r.rank == int((sv > sv[0] * 1e-9).sum()) and not r.dropped


def test_from_torch_bfloat16_meta_and_bias_free():
    """algnet.relu.from_torch: a bfloat16 model raised numpy's TypeError (no bfloat16 dtype); a meta model a bare
    NotImplementedError; a bias-free layer was told to "use bias=True" (a trained model cannot)."""
    from algnet.relu import from_torch

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)).bfloat16()
    net, theta = from_torch(model)
    want = [float(v) for v in torch.cat([p.detach().double().ravel() for p in model.parameters()])]
    assert net.spec == "relu 2-3-1" and [float(t) for t in theta] == want      # bfloat16 values are exact in QQ
    with pytest.raises(ParameterError, match="meta"):
        from_torch(nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)).to("meta"))
    with pytest.raises(ParameterError) as e:
        from_torch(nn.Sequential(nn.Linear(2, 3, bias=False), nn.ReLU(), nn.Linear(3, 1)))
    assert "from_torch_model" in str(e.value.hint)


def test_training_record_float_rank_routes(monkeypatch):
    """record_model's float64-only rank (exact_fd='never', or large Jacobians): a plain MLP takes the rows x
    parameters route (relu 2-300-300-1 at 50 points asked for 10.1 GiB of forward-mode tangents, unguarded), other
    models are refused by the memory estimate instead of exhausting memory. Truth for relu(x) + relu(y) with three
    points in each quadrant: D' = 9 - 2 = 7 (one affine piece per quadrant, GLMW Lemma 3.10)."""
    from algnet.errors import TooLargeError
    from algnet.relu.model import PLModel
    from algnet.relu.training import record_model

    m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    Z = [[a * x, b * y] for a in (1, -1) for b in (1, -1) for x, y in ((1, 2), (2, 1), (3, 3))]
    rec = record_model(m, train_points=[[1, 1]], fd_points=Z, exact_fd="never")
    assert rec["fd_float"] == 7
    cnn = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 6 * 6, 1))
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "1M")
    with pytest.raises(TooLargeError, match="float64 batch Jacobian"):
        record_model(cnn, train_points=np.zeros((1, 64)), fd_points=np.ones((20, 64)), exact_fd="never",
                     input_shape=(1, 8, 8))


def test_fd_ctrl_c_in_the_enumeration_keeps_the_batch_rank_as_a_bound(monkeypatch, capsys):
    """A Ctrl-C during the region enumeration printed only "algnet: interrupted": the finished batch rank (a proved
    lower bound of the functional dimension) was lost. Now it is printed, labelled partial and not exact."""
    from _cli import ctrl_c_at

    ctrl_c_at(monkeypatch, "algnet.relu.regions", "_hidden_layers", "before")
    assert main(["fd", "relu 2-3-3-1", "--seed", "0", "--json"]) == 130
    cap = capsys.readouterr()
    d = json.loads(cap.out)
    assert d["partial"] is True and d["exact"] is False and "interrupted" in d["functional_dimension_scope"]
    assert d["functional_dimension"] == d["batch_functional_dimension"] <= d["bound"]
    assert cap.err.strip() == "algnet: interrupted"


def test_pruned_neuron_fd_is_computed():
    """A pruned neuron (zero weights, bias and outgoing weight) vanishes on every region, yet F is differentiable
    (|v relu(w.z + b)| = O(|dtheta|^2)) and the FD is the smaller network's: 7 for the two neurons left (a
    finite-difference rank, here). algnet refused it (28 of 96 random pruned/dead cases); now computed.
    With outgoing weight 1 F is not differentiable: refused, naming the neuron."""
    from algnet.errors import NonSmoothPointError

    theta = [0, 0, 2, 0, -1, 0, 0, 1, -1, 0, -2, 1, 2]
    fd = functional_dimension(parse_spec("relu 2-3-1"), theta)
    smaller = [2, 0, -1, 0, 1, -1, -2, 1, 2]
    assert functional_dimension(parse_spec("relu 2-2-1"), smaller).functional_dimension == 7
    assert fd.certified and fd.functional_dimension == 7
    assert _numeric_fd([2, 3, 1], theta) == _numeric_fd([2, 2, 1], smaller) == 7
    with pytest.raises(NonSmoothPointError) as e:
        functional_dimension(parse_spec("relu 2-3-1"), theta[:9] + [1] + theta[10:])
    assert "neuron 1 of hidden layer 1" in str(e.value) and "bias" in str(e.value.hint)


def test_sweep_summary_counts_certified_seeds(tmp_path, capsys):
    """'certified: no' hid that some seeds were certified (4 of 10 for hidden_symmetries of relu 2-3-1)."""
    from algnet.sweep import load_results, run_sweep, summarize

    db = str(tmp_path / "hs.sqlite")
    run_sweep("hidden_symmetries", ["relu 2-3-1"], list(range(10)), db, show_progress=False)
    k = sum(bool(r["evidence"]["certified"]) for r in load_results(db))
    assert summarize(db)[0]["certified_seeds"] == k
    assert main(["sweep", "summary", "--db", db]) == 0
    out = capsys.readouterr().out
    assert (f"{k} of 10" in out) if 0 < k < 10 else True


def test_a_failing_builder_is_an_algnet_error(tmp_path, capsys):
    """--builder math:sqrt (a function needing an argument) ended in a TypeError traceback."""
    torch.save(nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)).state_dict(), tmp_path / "sd.pt")
    assert main(["regions", "--torch", str(tmp_path / "sd.pt"), "--builder", "math:sqrt"]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert main(["regions", "--torch", str(tmp_path / "sd.pt"), "--builder", "collections:OrderedDict"]) == 2
    assert "not an nn.Module" in capsys.readouterr().err


def test_cli_fd_of_a_bias_free_torch_model_counts_its_parameters(tmp_path, capsys):
    """`algnet fd --torch` on a bias=False model: "parameters" is sum(p.numel()) (it was 17 for these 12)."""
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(2, 4, bias=False), nn.ReLU(), nn.Linear(4, 1, bias=False))
    torch.save(model, tmp_path / "nb.pt")
    np.savez(tmp_path / "x.npz", X=np.random.default_rng(1).normal(size=(30, 2)))
    assert main(["fd", "--torch", str(tmp_path / "nb.pt"), "--data", str(tmp_path / "x.npz"), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["parameters"] == sum(p.numel() for p in model.parameters()) == 12
    assert d["batch_functional_dimension"] <= d["bound"] == 8
