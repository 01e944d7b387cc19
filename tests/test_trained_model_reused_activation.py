"""A model that calls one activation module several times (``self.relu = nn.ReLU()`` reused, as torchvision's
ResNets do): every call is a layer of its own in the local complexity.

Truth: for one input the cross-polytope of radius r around x is the interval [x - r, x + r], whose two ends are
its vertices; a neuron counts when its pre-activation (read by a torch forward hook on every call of the module)
has opposite strict signs at the two ends.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.relu import local_complexity  # noqa: E402
from algnet.relu.training import record_model  # noqa: E402


class _Reused(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.b, self.out, self.act = nn.Linear(1, 6), nn.Linear(6, 6), nn.Linear(6, 1), nn.ReLU()

    def forward(self, x):
        return self.out(self.act(self.b(self.act(self.a(x)))))


def _hooked_preactivations(net, X):
    pre = []
    h = net.act.register_forward_hook(lambda mod, i, o: pre.append(i[0].numpy().copy()))
    with torch.no_grad():
        net(torch.tensor(X))
    h.remove()
    return pre                                    # one array per call of the module


def test_local_complexity_counts_every_call_of_a_reused_relu():
    """The two calls had one name: the second call's counts overwrote the first's, and the total missed a layer."""
    torch.manual_seed(0)
    net = _Reused().double().eval()
    X, r = np.linspace(-2, 2, 41).reshape(-1, 1), 0.3
    lo, hi = _hooked_preactivations(net, X - r), _hooked_preactivations(net, X + r)
    want = [(((a > 0) & (b < 0)) | ((a < 0) & (b > 0))).sum(axis=1) for a, b in zip(lo, hi)]
    for exact in (False, True):
        lc = local_complexity(net, X, radius=r, seed=0, exact=exact)
        assert list(lc.per_layer) == ["act", "act#2"] and lc.layer_sizes == {"act": 6, "act#2": 6}
        assert [v.tolist() for v in lc.per_layer.values()] == [w.tolist() for w in want]
        assert lc.total.tolist() == (want[0] + want[1]).tolist()
        assert want[0].any() and want[1].any()        # both calls matter at these points
    rec = record_model(net, train_points=X, radius=r)
    assert sorted(rec["lc_train_per_layer"]) == ["act", "act#2"]
