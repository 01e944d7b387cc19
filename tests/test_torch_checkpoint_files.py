"""Files people save while training: a checkpoint dict (the model's state dict beside the epoch and the optimizer's
state, or Lightning's {'state_dict': ...}), and state dicts whose keys carry a wrapper's prefix (DataParallel's
``module.``, torch.compile's ``_orig_mod.``, a Lightning module's ``model.``). Each is read as the model it holds
(torch's outputs), and the notes say where the weights were read from; several state dicts in one file are refused
naming them.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.errors import ParameterError  # noqa: E402
from algnet.relu.torch_load import load_torch_model  # noqa: E402

torch.set_num_threads(1)


def _bn_mlp():
    return nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Dropout(0.2), nn.Linear(6, 3))


def _trained(net):
    torch.manual_seed(0)
    opt = torch.optim.Adam(net.parameters())
    X = torch.randn(32, 4)
    for _ in range(3):
        opt.zero_grad()
        net(X).pow(2).mean().backward()
        opt.step()
    return net.eval(), opt


def _same(m, net):
    X = torch.randn(20, 4, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        want = net(X).double().numpy()
    return np.abs(m.forward(X.double().numpy()) - want).max() < 1e-5


def test_training_checkpoints_are_read_as_their_model(tmp_path):
    torch.manual_seed(1)
    net, opt = _trained(_bn_mlp())
    torch.save({"epoch": 3, "model_state_dict": net.state_dict(), "optimizer_state_dict": opt.state_dict(),
                "loss": 0.1}, tmp_path / "ckpt.pt")
    m = load_torch_model(tmp_path / "ckpt.pt", builder=_bn_mlp)
    assert _same(m, net) and any("key 'model_state_dict'" in n and "'optimizer_state_dict'" in n for n in m.notes)
    torch.save({"state_dict": {"model." + k: v for k, v in net.state_dict().items()}}, tmp_path / "lightning.ckpt")
    m = load_torch_model(tmp_path / "lightning.ckpt", builder=_bn_mlp)
    assert _same(m, net) and any("key 'state_dict'" in n for n in m.notes)
    torch.manual_seed(2)
    mlp, _ = _trained(nn.Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 3)))
    torch.save({"epoch": 1, "model_state_dict": mlp.state_dict()}, tmp_path / "mlp.pt")   # no builder: plain MLP
    m = load_torch_model(tmp_path / "mlp.pt", relu_mlp=True)
    assert m.spec == "relu 4-5-3" and _same(m, mlp)


@pytest.mark.parametrize("prefix", ["module.", "_orig_mod.", "module._orig_mod."])
def test_wrapper_prefixes_are_read_through(tmp_path, prefix):
    torch.manual_seed(3)
    net, _ = _trained(_bn_mlp())
    torch.save({prefix + k: v for k, v in net.state_dict().items()}, tmp_path / "sd.pt")
    assert _same(load_torch_model(tmp_path / "sd.pt", builder=_bn_mlp), net)


def test_several_state_dicts_or_a_wrong_builder_are_refused(tmp_path):
    net, _ = _trained(_bn_mlp())
    torch.save({"model": net.state_dict(), "ema": net.state_dict(), "epoch": 2}, tmp_path / "two.pt")
    with pytest.raises(ParameterError, match="several state dicts \\('model', 'ema';"):
        load_torch_model(tmp_path / "two.pt", builder=_bn_mlp)
    torch.save({"module." + k: v for k, v in net.state_dict().items()}, tmp_path / "sd.pt")
    with pytest.raises(ParameterError, match="does not accept the state dict"):
        load_torch_model(tmp_path / "sd.pt", builder=lambda: nn.Sequential(nn.Linear(4, 3)))


def test_a_checkpoint_holding_the_whole_module_is_read_as_it(tmp_path):
    """torch.save({'model': model, 'epoch': 3}): the dict holds the module itself; it was refused as "a state dict
    that is not a plain Linear/ReLU MLP". Now the module is read (torch's outputs, torch's Jacobian rank) and the
    note names the key; two modules in one dict are refused naming them."""
    from torch_helpers import torch_jacobian_rank

    from algnet.relu.model_fd import model_batch_fd

    torch.manual_seed(4)
    net, _ = _trained(_bn_mlp())
    torch.save({"model": net, "epoch": 3}, tmp_path / "ckpt.pt")
    m = load_torch_model(tmp_path / "ckpt.pt")
    assert _same(m, net) and any("key 'model'" in n for n in m.notes)
    Z = np.random.default_rng(0).normal(size=(30, 4))
    assert model_batch_fd(m, Z).rank == torch_jacobian_rank(net.double(), Z)
    torch.save({"model": net, "ema": net}, tmp_path / "two.pt")
    with pytest.raises(ParameterError, match="several modules \\('model', 'ema'\\)"):
        load_torch_model(tmp_path / "two.pt")
