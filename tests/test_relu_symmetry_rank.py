"""The exact rank of the rescaling tangents by structure (algnet.relu.sparse_rank) against a second method: the
rank over QQ of the dense matrix by flint (algnet.core.matrix.Matrix), on random sparse matrices and on the
tangents of many models (MLPs, convolutions with pooling, tied weights, pruned units and zero weights)."""

from fractions import Fraction

import numpy as np
import pytest

from algnet.core.matrix import Matrix
from algnet.errors import TooLargeError
from algnet.relu.kinks import zero_parameter_columns
from algnet.relu.model import PLModel
from algnet.relu.model_params import tied_columns
from algnet.relu.sparse_rank import sparse_rank
from algnet.relu.symmetries import _offsets, check_symmetry_bound, rescaling_generators, symmetry_bound


def dense_rank(rows, n_cols) -> int:
    if not rows:
        return 0
    return Matrix([[r.get(j, 0) for j in range(n_cols)] for r in rows], "QQ").rank()


def dense_bound(model, zero_columns=False) -> int:
    """D' by dense linear algebra over QQ (the definition, independent of the structure)."""
    gens = [g for g in rescaling_generators(model) if g]
    if model.shared:
        cols, _ = tied_columns(model)
        P = len(cols)
        first, pairs = {}, []
        for j, c in enumerate(cols.tolist()):
            if c in first:
                pairs.append((first[c], j))
            else:
                first[c] = j
        r = dense_rank(gens, P)
        diff = [{k: g.get(a, 0) - g.get(b, 0) for k, (a, b) in enumerate(pairs)} for g in gens]
        return model.n_params - (r - (dense_rank(diff, len(pairs)) if pairs else 0))
    zero = zero_parameter_columns(model, _offsets(model)) if zero_columns else set()
    gens = [h for h in ({i: v for i, v in g.items() if i not in zero} for g in gens) if h]
    P = model.n_params
    return model.n_params - len(zero) - dense_rank(gens, P)


@pytest.mark.parametrize("seed", range(40))
def test_random_sparse_matrices_against_flint(seed):
    rng = np.random.default_rng(seed)
    n_rows, n_cols = int(rng.integers(1, 12)), int(rng.integers(1, 25))
    vals = [1, -1, 2, -3, Fraction(1, 2), Fraction(-5, 7)]
    cols = []
    for _ in range(n_cols):
        k = int(rng.choice([0, 1, 2, 2, 2, 3, 4]))
        rows = rng.choice(n_rows, size=min(k, n_rows), replace=False)
        pm = seed % 3 == 0                                # +-1 columns (tangent-like) or general values
        cols.append({int(r): (int(rng.choice([1, -1])) if pm else vals[int(rng.integers(len(vals)))])
                     for r in rows})
    dense = [{j: c[r] for j, c in enumerate(cols) if r in c} for r in range(n_rows)]
    assert sparse_rank(cols) == dense_rank(dense, n_cols)


def test_gain_cycle_by_hand():
    """Rows u, v, w; columns (1, -1, 0), (0, 1, -1), (1, 0, c): rank 2 exactly when c = -1 (balanced cycle)."""
    for c, want in ((-1, 2), (1, 3), (Fraction(-1, 2), 3)):
        assert sparse_rank([{0: 1, 1: -1}, {1: 1, 2: -1}, {0: 1, 2: c}]) == want


def _rational(rng, shape, zero_frac=0.0):
    a = rng.integers(-40, 41, shape).astype(object)
    a = np.vectorize(lambda v: Fraction(int(v), 16))(a)
    if zero_frac:
        a[rng.random(shape) < zero_frac] = Fraction(0)
    return a.tolist()


@pytest.mark.parametrize("seed", range(12))
def test_mlp_bounds_against_flint(seed):
    rng = np.random.default_rng(seed)
    widths = [int(rng.integers(1, 4))] + [int(rng.integers(1, 6)) for _ in range(int(rng.integers(1, 5)))] + [
        int(rng.integers(1, 3))]
    zf = 0.3 if seed % 2 else 0.0                         # zero weights: pruned units, dead coordinates
    layers = [(_rational(rng, (b, a), zf), _rational(rng, (b,), zf)) for a, b in zip(widths, widths[1:])]
    m = PLModel.from_layers(layers)
    if seed % 3 == 0 and len(layers) > 2:
        m.nodes[3].op.has_bias = False
    for z in (False, True):
        assert symmetry_bound(m, zero_columns=z) == dense_bound(m, zero_columns=z)


torch = pytest.importorskip("torch")
nn = torch.nn


class _DeepTied(nn.Module):
    def __init__(self, w, depth):
        super().__init__()
        self.a, self.b, self.c, self.depth = nn.Linear(2, w), nn.Linear(w, w), nn.Linear(w, 1), depth

    def forward(self, x):
        h = torch.relu(self.a(x))
        for _ in range(self.depth):
            h = torch.relu(self.b(h))
        return self.c(h)


def _torch_models(seed):
    torch.manual_seed(seed)
    yield nn.Sequential(nn.Conv1d(1, 2, 2), nn.ReLU(), nn.Flatten(), nn.Linear(6, 1)), (1, 4)
    yield nn.Sequential(nn.Conv2d(1, 3, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(3, 2, 2), nn.ReLU(),
                        nn.Flatten(), nn.Linear(2 * 3 * 3, 2)), (1, 8, 8)
    yield nn.Sequential(nn.Conv1d(1, 2, 3, padding=1), nn.ReLU(), nn.AvgPool1d(2), nn.Flatten(), nn.Linear(6, 1)), \
        (1, 6)
    yield _DeepTied(3, 4), (2,)
    yield _DeepTied(2, 1), (2,)
    pruned = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1))
    with torch.no_grad():
        pruned[0].weight[1] = 0
        pruned[0].bias[1] = 0
        pruned[2].weight[:, 2] = 0
        pruned[4].weight[0, 0] = 0
    yield pruned, (2,)
    from test_relu_tied_fd_layers import _TiedConv, _TiedPReLU
    from test_trained_model_state_dict_and_one_input import _Tied

    yield _TiedConv(pool=False), (1, 2)
    yield _TiedConv(pool=True), (1, 2)
    yield _TiedPReLU(), (2,)
    yield _Tied(), (2,)
    yield nn.Sequential(nn.Linear(2, 5), nn.PReLU(5), nn.Linear(5, 4), nn.LeakyReLU(0.1), nn.Linear(4, 2)), (2,)


@pytest.mark.parametrize("seed", range(3))
def test_torch_models_against_flint(seed):
    from algnet.relu.torch_import import from_torch_model

    for net, shape in _torch_models(seed):
        m = from_torch_model(net.eval(), input_shape=shape)
        for z in ((False,) if m.shared else (False, True)):
            assert symmetry_bound(m, zero_columns=z) == dense_bound(m, zero_columns=z), (net, z)


def test_deep_tied_model_is_fast_and_agrees():
    """A 12-layer tied model: the dense rank is the reference; the structured one needs no dense matrix."""
    from algnet.relu.torch_import import from_torch_model

    torch.manual_seed(5)
    m = from_torch_model(_DeepTied(4, 10).eval())
    assert m.shared and symmetry_bound(m) == dense_bound(m)


def test_guard_refuses_with_the_estimate_and_the_cheaper_bound():
    m = PLModel.from_layers([([[1, 2], [3, 4]], [1, 1]), ([[1, 1]], [0])])
    with pytest.raises(TooLargeError) as e:
        symmetry_bound(m, time_limit=1e-9)
    assert "rescaling tangents" in e.value.message and "D = 9" in e.value.hint
    with pytest.raises(TooLargeError):                    # a time limit given holds under force
        check_symmetry_bound(m, force=True, time_limit=1e-9)
    assert symmetry_bound(m, force=True) == 7 == dense_bound(m)
