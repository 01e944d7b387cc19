"""A model file saved in training mode: the command line says how it was read.

Truth: nn.BatchNorm1d in training mode normalises by the statistics of the current batch (torch documentation
of BatchNorm1d), so the model's function is not a per-input function; the library refuses such a model
(``from_torch_model``: 'BatchNorm is in training mode', hint model.eval()). A file of the same model read by
the command line is switched to eval mode (running statistics): a different function than the saved object
computes in training mode, which the output must say. The same model saved in eval mode gets no such note.
"""

import pytest

from algnet.cli import main

torch = pytest.importorskip("torch")


def _saved(tmp_path, train: bool):
    nn = torch.nn
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 1)).train(train)
    path = tmp_path / f"bn_{'train' if train else 'eval'}.pt"
    torch.save(model, path)
    return path


@pytest.mark.parametrize("train", [True, False])
def test_batchnorm_model_saved_in_training_mode_is_noted(tmp_path, capsys, train):
    code = main(["fd", "--torch", str(_saved(tmp_path, train)), "--points-seed", "0", "--batch", "20"])
    out = capsys.readouterr()
    assert code == 0
    assert ("saved in training mode" in out.out) == train
