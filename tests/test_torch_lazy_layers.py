"""A model with lazy layers (nn.LazyLinear, nn.LazyConv2d): before its first forward pass the weights do not exist and
the import says so and what to do (it had been refused as "a forward pre-hook, which torch.fx does not run", with the
hint to remove the hook); after one forward pass it is imported exactly.

Truth: torch's own outputs at random points.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.errors import ParameterError  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402

torch.set_num_threads(1)


def _lazy():
    torch.manual_seed(0)
    return nn.Sequential(nn.LazyConv2d(2, 3), nn.ReLU(), nn.Flatten(), nn.LazyLinear(3), nn.ReLU(),
                         nn.Linear(3, 1)).eval()


def test_uninitialised_lazy_layer_is_refused_with_the_remedy():
    with pytest.raises(ParameterError, match="lazy layer whose weights are not initialised") as e:
        from_torch_model(_lazy(), input_shape=(1, 4, 4))
    assert "forward pass" in e.value.hint


def test_lazy_model_after_one_forward_pass_is_exact():
    net = _lazy()
    net(torch.zeros(1, 1, 4, 4))
    m = from_torch_model(net, input_shape=(1, 4, 4))
    X = np.random.default_rng(0).uniform(-1, 1, (20, 1, 4, 4))
    want = net(torch.tensor(X, dtype=torch.float32)).detach().double().numpy()
    got = np.array(m.forward(X.reshape(20, -1), exact=True), dtype=float).reshape(20, -1)
    assert np.allclose(got, want, atol=1e-5)
    assert m.n_params == sum(p.numel() for p in net.parameters())
