"""Models written with ``F.linear(x, self.w, self.b)`` (module tensors read in forward), ``torch.where(h > 0, h, s h)``
and ``h * (h > 0)`` are imported exactly (they were refused: "reads the tensor 'w' directly", "function gt is not
supported"), and a branch computed but not used by the output is left out (its kinks had been counted as regions
and its parameters in D).

Independent truths: torch's own outputs at random points; the region count and the parameter count of the same
function written with nn.Linear / nn.ReLU / nn.LeakyReLU layers (the layers' import, tested elsewhere against
torch); torch's Jacobian rank in the parameters (``torch.func.jacrev``) for tied and buffer weights.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn
F = torch.nn.functional

from algnet.errors import NotApplicableError  # noqa: E402
from algnet.relu.model_fd import model_batch_fd  # noqa: E402
from algnet.relu.model_regions import model_regions  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import torch_jacobian_rank  # noqa: E402

torch.set_num_threads(1)


def _agrees(net, m, seed=0, n=300):
    """algnet's exact outputs equal torch's at random points (float64 rounding only)."""
    X = np.random.default_rng(seed).normal(size=(n, 2)) * 3
    want = net(torch.tensor(X)).detach().numpy().reshape(n, -1)
    got = np.array(m.forward(X, exact=True), dtype=float).reshape(n, -1)
    return np.allclose(got, want, rtol=1e-9, atol=1e-9)


def _layers(act):
    """Linear(2, 4), the activation, Linear(4, 1), drawn from seed 0."""
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(2, 4), act, nn.Linear(4, 1)).double()


class _FLinear(nn.Module):
    """The same function as _layers(nn.ReLU()) with F.linear and the module's own tensors."""

    def __init__(self, ref, bias=True):
        super().__init__()
        self.w = nn.Parameter(ref[0].weight.detach().clone())
        self.b = nn.Parameter(ref[0].bias.detach().clone()) if bias else None
        self.o = ref[2]

    def forward(self, x):
        return self.o(torch.relu(F.linear(x, self.w, self.b)))


def test_f_linear_with_parameters_is_the_linear_layer():
    ref = _layers(nn.ReLU())
    net = _FLinear(ref)
    m = from_torch_model(net)
    r = from_torch_model(ref)
    assert _agrees(net, m)
    assert m.n_params == sum(p.numel() for p in net.parameters()) == r.n_params == 17
    assert model_regions(m, plane=True).count == model_regions(r, plane=True).count
    X = np.random.default_rng(1).normal(size=(60, 2)) * 3
    assert model_batch_fd(m, X).rank == torch_jacobian_rank(net, X) == model_batch_fd(r, X).rank


def test_f_linear_twice_with_one_weight_is_tied_and_a_buffer_is_no_parameter():
    class Tied(nn.Module):
        def __init__(self):
            super().__init__()
            torch.manual_seed(3)
            self.w = nn.Parameter(torch.randn(2, 2, dtype=torch.float64))
            self.register_buffer("c", torch.randn(1, 2, dtype=torch.float64))

        def forward(self, x):
            return F.linear(torch.relu(F.linear(torch.relu(F.linear(x, self.w)), self.w)), self.c)

    net = Tied()
    m = from_torch_model(net)
    assert _agrees(net, m)
    assert m.n_params == 4                                  # w once; the buffer c is a constant
    X = np.random.default_rng(2).normal(size=(80, 2)) * 3
    assert model_batch_fd(m, X).rank == torch_jacobian_rank(net, X)


class _Where(nn.Module):
    def __init__(self, ref, kind):
        super().__init__()
        self.a, self.o, self.kind = ref[0], ref[2], kind

    def forward(self, x):
        h = self.a(x)
        k = self.kind
        if k == 0:
            y = torch.where(h > 0, h, 0)
        elif k == 1:
            y = torch.where(0 < h, h, 0.0)
        elif k == 2:
            y = torch.where(h <= 0, 0, h)
        elif k == 3:
            y = h * (h > 0).float()
        elif k == 4:
            y = torch.where(h > 0, h, 0.125 * h)
        elif k == 5:
            y = torch.where(h < 0, 0.125 * h, h)
        elif k == 6:
            y = torch.where(h > 0, h, torch.zeros_like(h))
        elif k == 7:
            y = torch.where(h > 0, h, torch.tensor(0.0))
        else:
            y = torch.where(h >= 0, h, -h)
        return self.o(y)


@pytest.mark.parametrize("kind, act", [(0, nn.ReLU()), (1, nn.ReLU()), (2, nn.ReLU()), (3, nn.ReLU()),
                                       (4, nn.LeakyReLU(0.125)), (5, nn.LeakyReLU(0.125)), (6, nn.ReLU()),
                                       (7, nn.ReLU()), (8, None)])
def test_where_as_an_activation(kind, act):
    ref = _layers(act if act is not None else nn.ReLU())
    net = _Where(ref, kind)
    m = from_torch_model(net)
    assert _agrees(net, m)
    assert m.n_params == 17 and len(m.activation_nodes()) == 1
    # the same regions as the layer's (|h|: the kinks of the four units, as ReLU's)
    assert model_regions(m, plane=True).count == model_regions(from_torch_model(ref), plane=True).count


@pytest.mark.parametrize("body, match", [
    (lambda s, h, x: torch.where(h > 1, h, 0), "jumps"),
    (lambda s, h, x: torch.where(h > 0, h, 1.0), "branches"),
    (lambda s, h, x: torch.where(h > 0, h, s.b(x)), "branches"),
    (lambda s, h, x: (h > 0).sum(1, keepdim=True) + h, "mask"),
    (lambda s, h, x: h @ s.w.t(), "F.linear"),
    (lambda s, h, x: F.linear(h, s.w * 2), "F.linear"),
    (lambda s, h, x: (s.w @ h.t()).t(), "F.linear"),          # the weight on the left (h @ s.w is read)
    (lambda s, h, x: h + (h > 0).float().sum(1, keepdim=True), "mask"),
    (lambda s, h, x: torch.where(h > h, h, 0), "comparison of"),
])
def test_what_cannot_be_read_exactly_is_refused_with_the_reason(body, match):
    class Bad(nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b, self.w = nn.Linear(2, 4), nn.Linear(2, 4), nn.Parameter(torch.randn(4, 4))

        def forward(self, x):
            return body(self, self.a(x), x)

    with pytest.raises(NotApplicableError, match=match):
        from_torch_model(Bad())


def test_a_branch_not_used_by_the_output_is_left_out():
    """relu(b(x)) computed and dropped: the function is o(relu(a(x))), 7 regions and 13 parameters as the model
    without the branch (were 29 regions and 25 parameters: b's 4 lines counted)."""
    ref = _layers(nn.ReLU())

    class Unused(nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b, self.o = ref[0], nn.Linear(2, 4).double(), ref[2]

        def forward(self, x):
            torch.relu(self.b(x))
            return self.o(torch.relu(self.a(x)))

    net = Unused()
    m, r = from_torch_model(net), from_torch_model(ref)
    assert _agrees(net, m)
    assert m.n_params == r.n_params and len(m.nodes) == len(r.nodes)
    assert model_regions(m, plane=True).count == model_regions(r, plane=True).count
    assert any("not used by the output" in n and "12 parameters" in n for n in m.notes)
