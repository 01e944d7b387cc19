"""A plain MLP's state dict stores no forward pass: its layers are read in the order the keys were saved. When
square layers let the shapes chain in several orders and the names are not an ``nn.Sequential``'s, that order is
not known, and the import refuses (naming ``--builder``) instead of computing another network's function."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.errors import NotApplicableError  # noqa: E402
from algnet.relu.torch_load import load_torch_model  # noqa: E402


class _OutOfOrder(nn.Module):
    """fc2 registered before fc1 and run after it: the saved keys' order is not the forward order."""

    def __init__(self):
        super().__init__()
        self.fc2 = nn.Linear(4, 4)
        self.fc1 = nn.Linear(4, 4)
        self.out = nn.Linear(4, 1)

    def forward(self, x):
        return self.out(torch.relu(self.fc2(torch.relu(self.fc1(x)))))


def _forward(net, x):
    return net.double()(torch.from_numpy(x)).detach().numpy()


def test_square_layers_of_unknown_order_are_refused(tmp_path):
    torch.manual_seed(0)
    net = _OutOfOrder().double()
    x = np.random.default_rng(0).normal(size=(20, 4))
    keys = [k for k in net.state_dict() if k.endswith("weight")]
    assert keys == ["fc2.weight", "fc1.weight", "out.weight"]           # the saved order is not forward's
    path = tmp_path / "sd.pt"
    torch.save(net.state_dict(), path)
    with pytest.raises(NotApplicableError, match="order of the layers fc2, fc1, out is not known") as e:
        load_torch_model(str(path), relu_mlp=True)
    assert "--builder" in e.value.hint and "torch.save(model)" in e.value.hint
    # the layers read in the saved order compute another function: the refusal prevents a wrong answer
    sd = {k: v.double().numpy() for k, v in net.state_dict().items()}
    saved = sd["out.weight"] @ np.maximum(sd["fc1.weight"] @ np.maximum(sd["fc2.weight"] @ x.T + sd["fc2.bias"][:, None],
                                                                        0) + sd["fc1.bias"][:, None], 0)
    assert not np.allclose(saved.T + sd["out.bias"], _forward(net, x))
    # the routes the hint names read it exactly (truth: torch's forward)
    m = load_torch_model(str(path), builder=_OutOfOrder)
    assert np.allclose(m.forward(x), _forward(net, x), atol=1e-12)
    torch.save(net, tmp_path / "whole.pt")
    assert np.allclose(load_torch_model(str(tmp_path / "whole.pt")).forward(x), _forward(net, x), atol=1e-12)


def test_a_sequential_or_shapes_of_one_order_are_read():
    """An nn.Sequential runs its children in the saved order; distinct shapes chain in one order only."""
    import tempfile
    from pathlib import Path

    d = Path(tempfile.mkdtemp())
    torch.manual_seed(1)
    seq = nn.Sequential(nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 1)).double()
    torch.save(seq.state_dict(), d / "seq.pt")
    x = np.random.default_rng(1).normal(size=(20, 3))
    assert np.allclose(load_torch_model(str(d / "seq.pt"), relu_mlp=True).forward(x), _forward(seq, x), atol=1e-12)

    class Named(nn.Module):
        def __init__(self):
            super().__init__()
            self.head = nn.Linear(5, 1)          # registered first, run last: the shapes say where it goes
            self.body = nn.Linear(3, 5)

        def forward(self, x):
            return self.head(torch.relu(self.body(x)))

    net = Named().double()
    torch.save(net.state_dict(), d / "named.pt")
    assert np.allclose(load_torch_model(str(d / "named.pt"), relu_mlp=True).forward(x), _forward(net, x), atol=1e-12)
