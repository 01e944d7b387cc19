"""The built-in trainer on the models a user brings: float64 and float16 models, and labels that do not fit.

Truth: linearly separable labels (x > y), which a ReLU network learns exactly; torch's own forward pass.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from algnet.errors import ParameterError  # noqa: E402
from algnet.relu.training import TrainingRecorder, train_classifier  # noqa: E402


def _data():
    X = np.random.default_rng(0).uniform(-1, 1, (64, 2))
    return X, (X[:, 0] > X[:, 1]).astype(int)


@pytest.mark.parametrize("dtype", [torch.float64, torch.float16])
def test_models_in_other_float_types_train(dtype):
    """A float64 (or float16) model was fed float32 inputs: a torch RuntimeError traceback. Now it trains in its
    own type; the recorder imports it exactly (its forward agrees with torch's)."""
    X, y = _data()
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 2)).to(dtype)
    rec = TrainingRecorder(train_points=X[:8], fd_points=X[:8], steps=[0, 40])
    losses = train_classifier(model, X, y, steps=40, lr=0.05, seed=0, recorder=rec)
    assert losses[-1] < losses[0] / 3
    assert next(model.parameters()).dtype == dtype
    assert [r["step"] for r in rec.records] == [0, 40]
    if dtype == torch.float64:
        with torch.no_grad():
            acc = (model(torch.tensor(X)).argmax(1).numpy() == y).mean()
        assert acc == 1.0 and rec.records[-1]["accuracy"] == acc


def test_labels_that_the_outputs_cannot_fit():
    """A model with one output raised IndexError ('Target 1 is out of bounds') from cross_entropy."""
    X, y = _data()
    with pytest.raises(ParameterError, match="logits"):
        train_classifier(nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1)), X, y, steps=2)
    with pytest.raises(ParameterError, match="labels"):
        train_classifier(nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 2)), X, y[:10], steps=2)
    with pytest.raises(ParameterError, match="logits"):
        train_classifier(nn.Sequential(nn.Linear(2, 2)), X, y - 1, steps=2)      # labels -1..0
