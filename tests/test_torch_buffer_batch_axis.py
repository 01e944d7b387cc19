"""A module tensor broadcast against the input must leave the batch axis in front, as torch's own result does.

Input (B, 2) minus a buffer of shape (1, 1, 2): torch's x - c has shape (1, B, 2) (the buffer's extra leading axis
comes first), so a later ``.sum(1)`` sums over the batch. Reading it as (B, 1, 2) gave another function (``.sum(1)``
of shape (B, 1) where torch's is (1, 1)): such a buffer is refused. A buffer of shape (2, 1) against an input (B, 2)
meets the batch axis with a size 2: torch broadcasts it for no batch size but 1 and 2, and the refusal says so.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.errors import AlgnetError  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402


class _Shifted(nn.Module):
    def __init__(self, shape, reduce):
        super().__init__()
        self.register_buffer("c", torch.tensor([0.5, -2.0], dtype=torch.float64).reshape(shape))
        self.a, self.o = nn.Linear(2, 3).double(), nn.Linear(3, 1).double()
        self.reduce = reduce

    def forward(self, x):
        return self.reduce(self.o(torch.relu(self.a(x - self.c))))


@pytest.mark.parametrize("reduce", [lambda y: y.sum(1), lambda y: y.flatten(1), lambda y: y[0]])
def test_buffer_that_would_move_the_batch_axis_is_refused(reduce):
    torch.manual_seed(0)
    net = _Shifted((1, 1, 2), reduce).eval()
    x = torch.randn(5, 2, dtype=torch.float64)
    with torch.no_grad():
        assert (net.c - x).shape == (1, 5, 2)        # torch: the batch axis is no longer the first
    with pytest.raises(AlgnetError, match="batch axis"):
        from_torch_model(net)


def test_buffer_against_the_batch_axis_does_not_broadcast():
    torch.manual_seed(0)
    net = _Shifted((2, 1), lambda y: y).eval()
    with pytest.raises(RuntimeError):              # torch itself: a batch of 5 does not broadcast against (2, 1)
        net(torch.randn(5, 2, dtype=torch.float64))
    with pytest.raises(AlgnetError, match="does not broadcast against the input"):
        from_torch_model(net, input_shape=(2,))


def test_buffer_of_the_input_shape_with_a_unit_batch_axis_still_reads():
    torch.manual_seed(0)
    net = _Shifted((1, 2), lambda y: y).eval()
    m = from_torch_model(net)
    x = torch.randn(4, 2, dtype=torch.float64)
    with torch.no_grad():
        ref = net(x).numpy().ravel()
    got = [float(v) for v in np.asarray(m.forward(x.numpy(), exact=True), dtype=object).ravel()]
    assert max(abs(a - b) for a, b in zip(got, ref)) < 1e-12
