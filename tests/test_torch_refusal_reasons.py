"""A model whose forward calls a function or method that is not piecewise linear (F.log_softmax at the end of the
PyTorch MNIST example, F.softmax, torch.sigmoid, x.tanh(), F.layer_norm) is refused with the reason, as the same
operation written as a module already was (it had said only "function log_softmax ... is not supported"). The
softmax and log-softmax refusals say how to get an importable model: leave them out, the argmax is the same.
"""

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn
F = torch.nn.functional

from algnet.errors import NotApplicableError  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402


class _Head(nn.Module):
    def __init__(self, tail):
        super().__init__()
        self.a, self.o, self.tail = nn.Linear(2, 4), nn.Linear(4, 3), tail

    def forward(self, x):
        return self.tail(self.o(torch.relu(self.a(x))))


@pytest.mark.parametrize("tail, match", [
    (lambda z: F.log_softmax(z, dim=1), "log-softmax is not piecewise linear .remove it: it does not change"),
    (lambda z: F.softmax(z, dim=-1), "softmax is not piecewise linear .remove it"),
    (lambda z: z.softmax(1), "softmax is not piecewise linear .remove it"),
    (torch.sigmoid, "sigmoid is smooth and not piecewise linear"),
    (lambda z: z.tanh(), "tanh is smooth and not piecewise linear"),
    (lambda z: F.layer_norm(z, (3,)), "layer norm divides by a standard deviation"),
])
def test_function_refusals_say_why(tail, match):
    with pytest.raises(NotApplicableError, match=match):
        from_torch_model(_Head(tail).eval())
