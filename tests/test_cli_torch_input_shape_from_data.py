"""A trained PyTorch CNN on the command line without ``--input-shape``: the shape of one input is read from the
points of ``--data`` (an array N x C x H x W), as a user with image data expects; without data that have it, the
error names the flag."""

import numpy as np
import pytest

from algnet.cli import main


@pytest.fixture(scope="module")
def cnn(tmp_path_factory):
    torch = pytest.importorskip("torch")
    d = tmp_path_factory.mktemp("ux17torch")
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.ReLU(), torch.nn.Flatten(), torch.nn.Linear(72, 3))
    torch.save(model, d / "cnn.pt")
    np.savez(d / "img.npz", X=np.random.default_rng(0).random((6, 1, 8, 8)))
    np.savez(d / "flat.npz", X=np.random.default_rng(0).random((6, 64)))
    return d


def test_input_shape_from_the_data(cnn, capsys):
    argv = ["fd", "--torch", str(cnn / "cnn.pt"), "--data", str(cnn / "img.npz"), "--json"]
    assert main(argv) == 0
    inferred = capsys.readouterr().out
    assert main(argv + ["--input-shape", "1,8,8"]) == 0
    given = capsys.readouterr().out
    assert "1x8x8" in inferred                   # the model was read with the shape of one image
    strip = lambda t: "\n".join(line for line in t.splitlines() if '"seconds"' not in line)
    assert strip(inferred) == strip(given)


@pytest.mark.parametrize("data", [None, "flat.npz"])
def test_without_image_data_the_flag_is_named(cnn, data, capsys):
    argv = ["fd", "--torch", str(cnn / "cnn.pt")] + (["--data", str(cnn / data)] if data else [])
    assert main(argv) == 2
    assert "--input-shape C,H,W" in capsys.readouterr().err
