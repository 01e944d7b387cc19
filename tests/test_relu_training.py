"""Training callbacks: reproducible from a seed, stored in SQLite, plotted by the CLI."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
torch.set_num_threads(1)          # tiny models: threads only contend on a shared machine

from algnet.cli import main  # noqa: E402
from algnet.errors import ParameterError  # noqa: E402
from algnet.relu.data import digits, small_cnn, small_mlp, two_moons  # noqa: E402
from algnet.relu.training import TrainingRecorder, load_training, record_model, train_classifier  # noqa: E402


def _run(db, seed):
    X, y = two_moons(80, seed=1)
    rec = TrainingRecorder(db, train_points=X[:40], test_points=X[40:], fd_points=X[:20], radius=0.25,
                           steps=[0, 10, 30], seed=seed, run=f"seed{seed}")
    train_classifier(small_mlp((2, 6, 5, 2), seed=seed), X, y, steps=30, seed=seed, recorder=rec, X_test=X[40:],
                     y_test=y[40:])
    rec.close()
    return [{k: v for k, v in r.items() if k != "seconds"} for r in rec.records]


def test_records_are_reproducible_and_stored(tmp_path):
    db = str(tmp_path / "t.sqlite")
    a, b = _run(db, 3), _run(str(tmp_path / "u.sqlite"), 3)
    assert a == b
    assert [r["step"] for r in a] == [0, 10, 30]
    r = a[-1]
    assert r["fd_exact"] and r["fd"] <= r["fd_bound"] == 2 * 6 + 6 + 6 * 5 + 5 + 5 * 2 + 2 - 11
    assert r["hidden_symmetries"] in (False, None) and (r["hidden_symmetries"] is False) == (r["fd"] == r["fd_bound"])
    assert 0 <= r["dead"] <= r["stable"] <= 1 and "loss" in r and "test_accuracy" in r
    stored = load_training(db)
    assert [s["step"] for s in stored] == [0, 10, 30] and stored[0]["run"] == "seed3"
    out = tmp_path / "curves.png"
    assert main(["plot-training", db, "--out", str(out)]) == 0 and out.stat().st_size > 1000


def test_dead_neurons_counted_against_construction():
    m = torch.nn.Sequential(torch.nn.Linear(1, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    with torch.no_grad():
        m[0].weight.copy_(torch.tensor([[1.0], [1.0], [0.0]]))
        m[0].bias.copy_(torch.tensor([0.0, -10.0, -1.0]))     # neuron 2: dead on [-1, 1]; neuron 3: constant -1, dead
    X = np.linspace(-1, 1, 9).reshape(-1, 1)
    r = record_model(m, train_points=X, radius=0.1)
    assert r["dead"] == pytest.approx(2 / 3) and r["stable"] == pytest.approx(2 / 3) and r["neurons"] == 3


def test_cnn_on_digits_records_fd_and_local_complexity():
    X, y = digits(60, seed=0)
    rec = TrainingRecorder(train_points=X[:30], test_points=X[30:], fd_points=X[:12], radius=0.1, steps=[0, 5],
                           seed=0, input_shape=(1, 8, 8))
    train_classifier(small_cnn(2), X, y, steps=5, seed=0, recorder=rec)
    r = rec.records[-1]
    assert r["fd"] is not None and r["fd"] <= r["fd_parameters"] == 266 and r["fd_float"] is not None
    assert set(r["lc_train_per_layer"]) == {"1", "2", "4", "5"}    # two ReLUs and two max-pools


def test_bad_recorder_arguments(tmp_path):
    with pytest.raises(ParameterError):
        TrainingRecorder(str(tmp_path / "missing" / "x.sqlite"), train_points=[[0, 0]])
    with pytest.raises(ParameterError):
        TrainingRecorder(train_points=[[0, 0]], every=0)
    bad = tmp_path / "not.sqlite"
    bad.write_bytes(b"garbage" * 100)
    with pytest.raises(ParameterError):
        load_training(str(bad))
    assert main(["plot-training", str(tmp_path / "none.sqlite")]) == 2
