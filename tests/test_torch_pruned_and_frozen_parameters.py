"""Pruned and frozen weights of a trained torch model, and the parameters of its functional dimension.

Pruned weights (``torch.nn.utils.prune`` active) are fixed at 0: no parameters. Frozen tensors
(``requires_grad=False``) count as parameters by default (the architecture's functional dimension) and as constants
with ``frozen="fixed"``. Truth: the numerical rank of torch's own Jacobian (``torch.func.jacrev``) at the same
inputs, in the model's parameters (``weight_orig`` for a pruned layer: masked entries have zero columns), or in the
trainable ones only; and the hand count of the parameters.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn
prune = pytest.importorskip("torch.nn.utils.prune")

from algnet.errors import NotApplicableError, ParameterError  # noqa: E402
from algnet.relu.model_fd import model_batch_fd  # noqa: E402
from algnet.relu.symmetries import symmetry_bound  # noqa: E402
from algnet.relu.torch_import import from_torch_model  # noqa: E402
from torch_helpers import torch_jacobian_rank  # noqa: E402

torch.set_num_threads(1)


def _points(n, k, seed=0):
    return np.random.default_rng(seed).uniform(-2, 2, (k, n))


def _mlp(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(2, 5), nn.ReLU(), nn.Linear(5, 5), nn.ReLU(), nn.Linear(5, 1)).double()


def test_pruned_weights_are_no_parameters():
    net = _mlp()
    D = sum(p.numel() for p in net.parameters())                       # 56
    prune.l1_unstructured(net[2], "weight", amount=0.6)                 # 15 of the 25 weights fixed at 0
    prune.l1_unstructured(net[0], "weight", amount=0.3)                 # 3 of 10
    X = _points(2, 60)
    m = from_torch_model(net)
    assert m.n_params == D - 15 - 3
    assert any("18 pruned weights" in n for n in m.notes)
    b = model_batch_fd(m, X)
    assert b.rank == torch_jacobian_rank(net, X) <= symmetry_bound(m)
    for i in (0, 2):                    # made permanent: the zeros are plain weights again, torch counts them
        prune.remove(net[i], "weight")
    plain = from_torch_model(net)
    assert plain.n_params == D and model_batch_fd(plain, X).rank == torch_jacobian_rank(net, X) > b.rank


def test_pruned_conv_with_batchnorm_folded():
    torch.manual_seed(1)
    net = nn.Sequential(nn.Conv2d(1, 3, 2), nn.BatchNorm2d(3), nn.ReLU(), nn.Flatten(), nn.Linear(12, 1)).double()
    with torch.no_grad():
        net[1].running_mean.uniform_(-0.5, 0.5)
        net[1].running_var.fill_(0.25)                                  # 1/sqrt(0.25 + eps) rounded once: no matter
        net[1].weight.uniform_(0.5, 1.5)
    net.eval()
    prune.random_unstructured(net[0], "weight", amount=0.5)             # 6 of 12 conv weights
    X = _points(9, 40, seed=2)
    m = from_torch_model(net, input_shape=(1, 3, 3))
    assert "+" in m.nodes[1].name                                       # BatchNorm folded into the pruned conv
    # torch: 12 + 3 conv, 3 + 3 BatchNorm, 12 + 1 linear, 6 pruned; folded: W s (12) and b s + t (3) for 6 + 6
    assert m.n_params == 12 + 3 + 12 + 1 - 6
    assert model_batch_fd(m, X).rank == torch_jacobian_rank(net, X.reshape(-1, 1, 3, 3))


def test_frozen_tensors_both_readings():
    net = _mlp(seed=3)
    for p in net[0].parameters():
        p.requires_grad_(False)                                         # a frozen first layer (fine-tuning)
    X = _points(2, 60, seed=4)
    D, frozen_count = sum(p.numel() for p in net.parameters()), 15
    arch = from_torch_model(net)
    assert arch.n_params == D and any("counted as parameters" in n for n in arch.notes)
    assert model_batch_fd(arch, X).rank == torch_jacobian_rank(net, X)
    tuned = from_torch_model(net, frozen="fixed")
    assert tuned.n_params == D - frozen_count and any("constants" in n for n in tuned.notes)
    r = model_batch_fd(tuned, X).rank
    assert r == torch_jacobian_rank(net, X, trainable_only=True) <= symmetry_bound(tuned)
    # frozen inputs to the hidden units: rescaling those units moves frozen weights, so D' keeps them
    assert symmetry_bound(tuned) == D - frozen_count - 5
    with pytest.raises(ParameterError, match="frozen="):
        from_torch_model(net, frozen="yes")


def test_frozen_prelu_and_batchnorm_as_constants():
    torch.manual_seed(5)
    net = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.PReLU(4), nn.Linear(4, 1)).double()
    with torch.no_grad():
        net[1].running_var.fill_(4.0)
        net[1].weight.uniform_(0.5, 1.5)
        net[2].weight.uniform_(0.1, 0.3)
    net.eval()
    for p in list(net[1].parameters()) + list(net[2].parameters()):
        p.requires_grad_(False)
    X = _points(3, 50, seed=6)
    m = from_torch_model(net, frozen="fixed")
    assert m.n_params == 16 + 5
    assert model_batch_fd(m, X).rank == torch_jacobian_rank(net, X, trainable_only=True)
    net[1].bias.requires_grad_(True)
    with pytest.raises(NotApplicableError, match="one of weight, bias frozen"):
        from_torch_model(net, frozen="fixed")


def test_frozen_computed_weight_is_refused_as_constant():
    """A weight_norm layer's weight is computed from weight_g and weight_v: freezing one of them fixes no entry of
    the weight, so frozen='fixed' cannot say which directions remain; refused instead of counted silently."""
    net = nn.Sequential(nn.utils.weight_norm(nn.Linear(2, 3)), nn.ReLU(), nn.Linear(3, 1))
    net[0].weight_g.requires_grad_(False)
    with pytest.raises(NotApplicableError, match="computed"):
        from_torch_model(net, frozen="fixed")
    assert from_torch_model(net).n_params == 13            # the layer's weights and biases, as its function reads them


def test_pruned_state_dict_with_a_builder(tmp_path):
    """A state dict saved while pruning was active, read with the builder of its (non-MLP) model: the builder's
    layers are pruned with the saved masks, so the pruned entries stay fixed at 0 (rank: torch's, in weight_orig)."""
    from algnet.relu.torch_load import load_torch_model

    def make():
        return nn.Sequential(nn.Linear(2, 4), nn.LeakyReLU(0.1), nn.Linear(4, 1)).double()

    torch.manual_seed(7)
    net = make()
    prune.l1_unstructured(net[0], "weight", amount=0.5)
    torch.save(net.state_dict(), tmp_path / "sd.pt")
    m = load_torch_model(str(tmp_path / "sd.pt"), builder=make)
    X = _points(2, 50, seed=8)
    assert m.n_params == 17 - 4 and any("4 pruned weights" in n for n in m.notes)
    assert np.allclose(m.forward(X), net(torch.from_numpy(X)).detach().numpy(), atol=1e-12)
    assert model_batch_fd(m, X).rank == torch_jacobian_rank(net, X)
