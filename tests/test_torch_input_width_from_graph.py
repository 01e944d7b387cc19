"""The input width of an imported torch model comes from the layers that read the input in the traced graph (a
Linear's in_features, an F.linear's or a matmul's weight), not from the first Linear among the modules, which may
be a later layer; readers that disagree are refused with what is wrong.

Independent truth: torch itself (the model runs at the width found and algnet's outputs equal torch's; a model
whose readers disagree fails in torch at every width).
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.errors import ParameterError  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402


class TwoReaders(nn.Module):
    """The output layer is declared first; the input is read by a hidden layer and by a skip layer."""

    def __init__(self):
        super().__init__()
        self.out = nn.Linear(3, 1)
        self.a = nn.Linear(2, 3)
        self.skip = nn.Linear(2, 1)

    def forward(self, x):
        return self.out(torch.relu(self.a(x))) + self.skip(x)


class ReluFirst(nn.Module):
    def __init__(self):
        super().__init__()
        self.o = nn.Linear(4, 1)
        self.a = nn.Linear(2, 4)

    def forward(self, x):
        return self.o(torch.relu(self.a(torch.relu(x))))


class Disagree(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(2, 3)
        self.b = nn.Linear(3, 3)

    def forward(self, x):
        return self.a(x) + self.b(x)


@pytest.mark.parametrize("cls", [TwoReaders, ReluFirst])
def test_width_of_the_readers_of_the_input(cls):
    torch.manual_seed(0)
    net = cls().double()
    m = from_torch_model(net)
    X = np.random.default_rng(0).normal(size=(20, 2))
    assert m.input_size == 2
    assert np.allclose(m.forward(X), net(torch.tensor(X)).detach().numpy())


def test_readers_that_disagree_are_named():
    net = Disagree().double()
    for w in (2, 3):                                     # torch: no width works
        with pytest.raises(RuntimeError):
            net(torch.zeros(1, w, dtype=torch.float64))
    with pytest.raises(ParameterError, match="different numbers of features.*'a' with 2, 'b' with 3"):
        from_torch_model(net)
