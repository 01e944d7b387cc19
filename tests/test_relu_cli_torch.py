"""Trained models on the command line, bad input corpus (algnet errors, no tracebacks), robust workers."""

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from algnet.cli import main


def _err(capsys, argv):
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2 and "algnet: error" in err and "hint:" in err and "Traceback" not in err, (argv, code, err)
    assert "Fraction(" not in err
    return err


def test_bad_weight_files_and_options(tmp_path, capsys):
    good = {"W1": [[1, 0], [0, 1]], "b1": [0, 0], "W2": [[1, 1]], "b2": [0]}
    cases = {
        "own_spec.json": {**good, "spec": "relu 2-3-1"},          # the file's own spec disagrees with its weights
        "inf.json": '{"W1": [[1e400, 0]], "b1": [0], "W2": [[1]], "b2": [0]}',   # overflows to infinity
        "ragged.json": {"W1": [[1, 0], [1]], "b1": [0, 0], "W2": [[1, 1]], "b2": [0]},
        "text.json": {"W1": [["x", 0]], "b1": [0], "W2": [[1]], "b2": [0]},
        "trunc.json": json.dumps(good)[:20],
        "empty.json": "",
    }
    for name, content in cases.items():
        p = tmp_path / name
        p.write_text(content if isinstance(content, str) else json.dumps(content))
        _err(capsys, ["fd", "relu 2-2-1", "--weights", str(p)])
    npz = tmp_path / "w.npz"
    np.savez(npz, W1=np.eye(2), b1=np.zeros(2), W2=np.ones((1, 2)), b2=np.zeros(1))
    (tmp_path / "cut.npz").write_bytes(npz.read_bytes()[:100])
    _err(capsys, ["regions", "relu 2-2-1", "--weights", str(tmp_path / "cut.npz")])
    _err(capsys, ["regions", "relu 2-5-1", "--weights", str(npz)])          # command line spec disagrees
    ok = tmp_path / "ok.json"
    ok.write_text(json.dumps({**good, "spec": "relu 2-2-1"}))
    assert main(["regions", "relu 2-2-1", "--weights", str(ok)]) == 0
    capsys.readouterr()
    for argv in (["regions", "relu 2-3-1", "--box=1,0,0,1"], ["regions", "relu 2-3-1", "--box=a,b,c,d"],
                 ["regions", "relu 2-3-1", "--plot", str(tmp_path / "missing" / "x.png")],
                 ["regions", "relu 2-3-1", "--plot", str(tmp_path / "x.xyz")],
                 ["regions", "relu 2-3-1", "--workers", "0"],
                 ["fd", "relu 2-3-1", "--batch", "0"], ["regions"]):
        _err(capsys, argv)
    for argv in (["fd", "relu 2-3-1", "--exact", "bogus"], ["fd", "relu 2-3-1", "--seed", "-1"]):
        with pytest.raises(SystemExit) as e:          # argparse's usage error: exit status 2, no traceback
            main(argv)
        assert e.value.code == 2


def test_exact_always_reaches_the_certified_rank(capsys):
    assert main(["fd", "relu 3-4-1", "--exact", "always", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["batch_exact"] is True and "exact rank over QQ" in d["batch_method"]
    assert d["functional_dimension"] >= d["batch_functional_dimension"]       # headline never below a proved bound


torch = pytest.importorskip("torch")
nn = torch.nn


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("models")
    torch.manual_seed(0)
    cnn = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32, 3))
    mlp = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 2))
    gelu = nn.Sequential(nn.Linear(4, 6), nn.GELU(), nn.Linear(6, 2))
    torch.save(cnn, d / "cnn.pt")
    torch.save(mlp.state_dict(), d / "mlp.pt")
    torch.save(gelu, d / "gelu.pt")
    rng = np.random.default_rng(0)
    np.savez(d / "img.npz", X=rng.integers(0, 16, (40, 64)) / 16)
    np.savez(d / "vec.npz", X=rng.uniform(-1, 1, (30, 4)))
    return d, cnn, mlp


def test_torch_models_on_the_command_line(files, capsys):
    from algnet.relu import from_torch_model, local_complexity

    d, cnn, mlp = files
    png = d / "slice.png"
    assert main(["regions", "--torch", str(d / "cnn.pt"), "--input-shape", "1,8,8", "--data", str(d / "img.npz"),
                 "--through", "0,1,2", "--plot", str(png), "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["regions"] > 1 and r["exact"] and r["box"] == ["-1/4", "5/4", "-1/4", "5/4"] and png.stat().st_size > 0
    assert r["decision_boundary"]["kind"] == "argmax boundary"
    assert main(["local-complexity", "--torch", str(d / "mlp.pt"), "--relu-mlp", "--data", str(d / "vec.npz"), "--radius", "0.3",
                 "--points-seed", "4", "--json"]) == 0
    lc = json.loads(capsys.readouterr().out)
    want = local_complexity(from_torch_model(mlp), np.load(d / "vec.npz")["X"], radius=0.3, seed=4)
    assert lc["mean"] == pytest.approx(want.mean) and lc["points_seed"] == 4 and lc["seed"] is None
    assert main(["fd", "--torch", str(d / "cnn.pt"), "--input-shape", "1,8,8", "--data", str(d / "img.npz"),
                 "--json"]) == 0
    f = json.loads(capsys.readouterr().out)
    assert 0 < f["batch_functional_dimension"] <= f["parameters"] == 20 + 99 and f["float64_rank"] is not None
    assert main(["fd", "--torch", str(d / "mlp.pt"), "--relu-mlp", "--data", str(d / "vec.npz")]) == 0
    assert "batch functional dimension" in capsys.readouterr().out


def test_torch_errors_on_the_command_line(files, capsys):
    d, _, _ = files
    err = _err(capsys, ["regions", "--torch", str(d / "gelu.pt")])
    assert "GELU" in err
    _err(capsys, ["regions", "--torch", str(d / "cnn.pt")])                          # no --input-shape
    _err(capsys, ["regions", "--torch", str(d / "cnn.pt"), "--input-shape", "1,x"])
    err = _err(capsys, ["fd", "--torch", str(d / "cnn.pt")])          # no --data, no --input-shape: shape unknown
    assert "--input-shape C,H,W" in err and "--data FILE.npz" in err   # (an MLP's comes from its first Linear)
    _err(capsys, ["fd", "--torch", str(d / "mlp.pt"), "--relu-mlp", "--data", str(d / "none.npz")])
    _err(capsys, ["local-complexity", "--torch", str(d / "mlp.pt"), "--relu-mlp", "--data", str(d / "vec.npz"), "--radius", "-1"])
    _err(capsys, ["regions", "--torch", str(d / "mlp.pt"), "--relu-mlp", "--data", str(d / "vec.npz"), "--through", "0,1,99"])


def _suicide(x):
    if x == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return x


def test_dead_worker_is_reported_not_a_hang():
    from algnet.relu.workers import WorkerDiedError, effective_workers, run_chunks

    t = time.time()
    with pytest.raises(WorkerDiedError) as e:
        run_chunks(_suicide, range(6), workers=2)
    assert time.time() - t < 60 and e.value.hint
    assert run_chunks(_suicide, [0, 1, 3], workers=2) == [0, 1, 3]
    assert effective_workers(100, 2) <= 2


def test_ctrl_c_on_a_model_slice_prints_the_finished_regions_marked_partial(files):
    """SIGINT during ``algnet regions --torch`` on a CNN slice far too large to finish: exit 130, the exact
    regions finished so far are reported as a partial result (a lower bound), no traceback."""
    d, _, _ = files
    env = dict(os.environ, PYTHONPATH=os.getcwd() + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.Popen([sys.executable, "-m", "algnet", "regions", "--torch", str(d / "cnn.pt"), "--input-shape",
                          "1,8,8", "--data", str(d / "img.npz"), "--through", "0,1,2", "--box=-500,500,-500,500",
                          "--json", "--progress"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    import re
    import threading

    seen = []
    reader = threading.Thread(target=lambda: seen.extend(iter(lambda: p.stderr.read(1), "")), daemon=True)
    reader.start()
    t0 = time.time()
    while time.time() - t0 < 180:             # wait for the progress bar to report finished regions (a loaded
        m = re.findall(r"(\d+)region \[", "".join(seen))   # machine can take long to import torch)
        if m and int(m[-1]) >= 3:
            break
        time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    out = p.stdout.read()
    p.wait(timeout=120)
    reader.join(timeout=10)
    err = "".join(seen)
    assert p.returncode == 130, err
    assert "Traceback" not in err
    r = json.loads(out)
    assert r["partial"] is True and r["certified"] is False and r["regions"] > 0 and "at least" in r["proves"]


def test_float_engine_on_the_command_line_says_it_is_not_exact(files, capsys):
    d, _, _ = files
    args = ["regions", "--torch", str(d / "cnn.pt"), "--input-shape", "1,8,8", "--data", str(d / "img.npz"),
            "--through", "0,1,2", "--json"]
    assert main(args) == 0
    ex = json.loads(capsys.readouterr().out)
    assert main(args + ["--float"]) == 0
    fl = json.loads(capsys.readouterr().out)
    assert fl["exact"] is False and fl["certified"] is False and "float64" in fl["method"]
    assert ex["exact"] is True and fl["regions"] == ex["regions"]          # generic weights: the same count
    _err(capsys, ["regions", "--torch", str(d / "cnn.pt"), "--input-shape", "1,8,8", "--float", "--plane"])
