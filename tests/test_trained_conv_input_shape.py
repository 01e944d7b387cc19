"""A convolutional model given to the library with its data: the input shape is that of one data point.

Truth: for a one-input model the cross-polytope around x is [x - r, x + r]; a neuron counts when its pre-activation
(a torch forward hook) has opposite strict signs at the two ends.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.errors import ParameterError  # noqa: E402
from algnet.relu import local_complexity  # noqa: E402
from algnet.relu.training import record_model  # noqa: E402


def test_local_complexity_of_a_conv_model_takes_the_data_shape():
    """local_complexity(cnn, X) with X of shape (B, C, L) raised 'the input shape of this model is needed' although
    X holds it (the CLI reads it from --data)."""
    torch.manual_seed(1)
    net = nn.Sequential(nn.Conv1d(1, 5, 1), nn.ReLU(), nn.Flatten(), nn.Linear(5, 4), nn.ReLU(),
                        nn.Linear(4, 1)).double().eval()
    X, r = np.linspace(-3, 3, 31).reshape(-1, 1, 1), 0.4
    pre = []
    hooks = [m.register_forward_hook(lambda m, i, o: pre.append(i[0].reshape(i[0].shape[0], -1).numpy()))
             for m in net if isinstance(m, nn.ReLU)]
    with torch.no_grad():
        net(torch.tensor(X - r))
        net(torch.tensor(X + r))
    for h in hooks:
        h.remove()
    lo, hi = pre[:2], pre[2:]
    want = sum((((a > 0) & (b < 0)) | ((a < 0) & (b > 0))).sum(axis=1) for a, b in zip(lo, hi))
    lc = local_complexity(net, X, radius=r, seed=0)
    assert lc.total.tolist() == want.tolist() and want.any()
    assert record_model(net, train_points=X, radius=r)["lc_train"] == pytest.approx(want.mean())


def test_a_linear_first_model_keeps_its_own_shape():
    """Only a convolution-first model reads the data's shape; a Linear-first one flattens each point as before."""
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(6, 3), nn.ReLU(), nn.Linear(3, 1)).eval()
    X = np.random.default_rng(0).normal(size=(5, 2, 3))
    assert local_complexity(net, X, radius=0.1, seed=0).total.shape == (5,)
    cnn = nn.Sequential(nn.Conv2d(1, 2, 2), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 2 * 2, 1)).eval()
    with pytest.raises(ParameterError, match="input shape"):
        local_complexity(cnn, X.reshape(5, 6), radius=0.1, seed=0)          # flat points: the shape is unknown
