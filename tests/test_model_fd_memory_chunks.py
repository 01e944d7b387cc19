"""The batch Jacobian of a model by forward-mode tangents is built a chunk of inputs at a time: its memory is the
Jacobian's own plus one chunk's tangents, and the estimate that refuses work says so.

Independent truths: the peak memory measured by tracemalloc while the rank is computed; torch's own Jacobian rank at
the same inputs (the chunked Jacobian is the same matrix); the Jacobian built in one piece (the same entries).
"""

import tracemalloc

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

import algnet.relu.model_jacobian as mj  # noqa: E402
from algnet.relu.model import fractions_array  # noqa: E402
from algnet.relu.model_estimates import estimate_model_fd  # noqa: E402
from algnet.relu.model_fd import model_batch_fd  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import torch_jacobian_rank  # noqa: E402

torch.set_num_threads(1)


def _net():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(2, 40), nn.ReLU(), nn.Linear(40, 1)).double()


def test_memory_of_the_batch_rank_is_the_jacobian_and_one_chunk(monkeypatch):
    """relu 2-40-1 (161 parameters) at 300 inputs: the Jacobian is 0.4 MB in float64; the tangents of all inputs
    at once were 45 MiB (estimated 25 MiB). In chunks of 2 MB the measured peak stays below 8 MiB, the estimate
    is within a factor 2 of it, and the rank is torch's."""
    monkeypatch.setattr(mj, "CHUNK_BYTES", 2_000_000, raising=False)
    net = _net()
    m = from_torch_model(net)
    X = np.random.default_rng(0).normal(size=(300, 2)).round(3)
    est = estimate_model_fd(m, len(X), float_check=False)["memory"]
    tracemalloc.start()
    try:
        r = model_batch_fd(m, X, route="modular", exact="never", float_check=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20
    assert 0.6 * peak <= est <= 2 * peak
    assert r.rank == torch_jacobian_rank(net, X)


def test_a_chunked_jacobian_is_the_jacobian_in_one_piece(monkeypatch):
    """A max-pool model (ties possible at integer inputs) and a PReLU: the Jacobian mod p in chunks of one or two
    inputs equals the one built at once, entry by entry; so do the patterns and the flagged ties."""
    torch.manual_seed(1)
    net = nn.Sequential(nn.Conv1d(1, 2, 2, padding=1), nn.PReLU(2), nn.MaxPool1d(2), nn.Flatten(),
                        nn.Linear(2, 1)).double()
    m = from_torch_model(net, input_shape=(1, 2))
    Z = fractions_array(np.array([[1, 1], [0, 0], [2, -1], [-1, 3], [0, 0], [3, 3], [1, -2]], dtype=object))
    pats, bad, ties = mj._exact_patterns(m, Z)
    J = mj._jacobian(m, Z, pats, "modp", 1000003)
    monkeypatch.setattr(mj, "chunk_rows", lambda model: 2, raising=False)
    pats2, bad2, ties2 = mj._exact_patterns(m, Z)
    assert all(np.array_equal(pats[i], pats2[i]) for i in pats) and np.array_equal(bad, bad2) and ties == ties2
    b1, b2 = set(), set()
    J1 = mj._jacobian(m, Z, pats, "modp", 1000003, ties, b1)
    monkeypatch.setattr(mj, "chunk_rows", lambda model: 1, raising=False)
    J2 = mj._jacobian(m, Z, pats, "modp", 1000003, ties, b2)
    assert np.array_equal(J, J1) and np.array_equal(J, J2) and b1 == b2
