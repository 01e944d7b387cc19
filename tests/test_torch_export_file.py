"""A file written by torch.export.save (.pt2), which torch's deprecation notices for torch.jit point users to, is
named as such with a route that works; load_torch_model said "cannot read ... failed locating file data.pkl ...
(is it truncated or corrupt?)"."""

import pytest

from algnet.errors import ParameterError

torch = pytest.importorskip("torch")


def test_an_export_archive_is_named_with_the_route_that_works(tmp_path):
    from algnet.relu.torch_load import load_torch_model

    net = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    torch.export.save(torch.export.export(net, (torch.randn(1, 2),)), str(tmp_path / "m.pt2"))
    with pytest.raises(ParameterError, match="torch.export archive") as e:
        load_torch_model(str(tmp_path / "m.pt2"))
    assert "state_dict" in e.value.hint and "corrupt" not in str(e.value) + e.value.hint
    torch.save(net.state_dict(), tmp_path / "sd.pt")              # the route the hint names
    assert load_torch_model(str(tmp_path / "sd.pt"), relu_mlp=True).spec == "relu 2-3-1"
