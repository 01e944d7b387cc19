"""model_functional_dimension takes the slice as a dict, as every other slice argument does (it crashed with an
AttributeError after the whole enumeration). Truth: the same slice given as a Slice, and torch's own Jacobian rank
at many inputs (the slice's FD is certified when it reaches D', so it is the functional dimension)."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from algnet.relu.model_fd import model_functional_dimension  # noqa: E402
from algnet.relu.regions import Slice  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import torch_jacobian_rank  # noqa: E402


def test_dict_slice_is_read():
    torch.manual_seed(0)
    nn = torch.nn
    net = nn.Sequential(nn.Conv1d(1, 2, 2), nn.ReLU(), nn.MaxPool1d(2), nn.Flatten(), nn.Linear(2, 1)).double()
    m = from_torch_model(net, input_shape=(1, 3))
    d = {"origin": [0, 0, 0], "directions": [[1, 0, 0], [0, 1, 0]]}
    r = model_functional_dimension(m, slice=d)
    s = model_functional_dimension(m, slice=Slice.coerce(d, 3))
    assert (r.functional_dimension, r.certified, r.regions) == (s.functional_dimension, s.certified, s.regions)
    X = np.random.default_rng(0).normal(size=(200, 1, 3)) * 2
    assert r.certified and r.functional_dimension == torch_jacobian_rank(net, X)
