"""The float engine's convolutions without torch's threads against torch's conv2d and numpy (second methods): the
same maps up to rounding, for convolutions (stride, padding, groups) below and above the size torch is used at;
the exact engine's float-filter products above the one-thread size against exact sums."""

import numpy as np
import pytest

from algnet.relu.model import PLModel
from algnet.relu.model_regions_float import one_thread_linear


def test_dense_layer():
    rng = np.random.default_rng(0)
    W = rng.integers(-9, 10, (300, 400))
    m = PLModel.from_layers([(W.tolist(), [0] * 300), ([[1] * 300], [0])])
    op = m.nodes[1].op
    Wf = op.arrays("float")[0]
    X = rng.standard_normal((3, 400))
    assert np.allclose(one_thread_linear(op, X, Wf), X @ W.T.astype(float), rtol=1e-12, atol=1e-9)


torch = pytest.importorskip("torch")
nn = torch.nn


@pytest.mark.parametrize("conv,shape", [
    (lambda: nn.Conv2d(2, 4, 3, padding=1), (2, 8, 8)),
    (lambda: nn.Conv2d(4, 6, 3, stride=2, groups=2), (4, 9, 9)),
    (lambda: nn.Conv1d(1, 3, 2, padding=1), (1, 6)),
    (lambda: nn.Conv2d(8, 64, 3, padding=1), (8, 20, 20)),         # above the size torch's conv2d ran
    (lambda: nn.Conv2d(8, 6, 3, padding=1, groups=2), (8, 32, 32)),
])
def test_convolutions_match_torch(conv, shape):
    from algnet.relu.torch_import import from_torch_model

    torch.manual_seed(0)
    net = nn.Sequential(conv(), nn.ReLU(), nn.Flatten()).double().eval()
    m = from_torch_model(net, input_shape=shape)
    op = m.nodes[1].op
    Wf = op.arrays("float")[0]
    X = np.random.default_rng(1).standard_normal((3, int(np.prod(shape))))
    want = net[0](torch.from_numpy(X).reshape(3, *shape)).detach().numpy().reshape(3, -1)
    want = want - net[0].bias.detach().numpy().repeat(want.shape[1] // net[0].out_channels)
    assert np.allclose(one_thread_linear(op, X, Wf), want, rtol=1e-10, atol=1e-10)
    assert np.allclose(one_thread_linear(op, X, Wf), op.linear(X, Wf), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("m, n, stack", [(1024, 1024, None), (700, 512, 3), (10, 300000, None)])
def test_products_above_the_one_thread_size(m, n, stack):
    """Blocks of rows (and, for a row above the size, the compiled loop) against a sum in exact rationals: every
    entry within the dot-product bound gamma_n sum |a_j h_j| (any order of summation)."""
    from fractions import Fraction

    from algnet.relu.float_products import ONE_THREAD_ENTRIES, thin_product

    assert m * n * 3 > ONE_THREAD_ENTRIES
    rng = np.random.default_rng(0)
    A = rng.normal(size=(m, n))
    H = rng.normal(size=(n, 3) if stack is None else (stack, n, 3))
    N = thin_product(A, H)
    assert N.shape == (A @ H).shape
    gamma = n * 2.0**-53 / (1 - n * 2.0**-53)
    bound = gamma * (np.abs(A) @ np.abs(H))
    for idx in [(0,) * N.ndim, tuple(s - 1 for s in N.shape), tuple(s // 2 for s in N.shape)]:
        h = H[idx[0]] if stack is not None else H
        i, k = idx[-2], idx[-1]
        exact = sum(Fraction(float(a)) * Fraction(float(b)) for a, b in zip(A[i], h[:, k]))
        assert abs(Fraction(float(N[idx])) - exact) <= Fraction(float(bound[idx]))
