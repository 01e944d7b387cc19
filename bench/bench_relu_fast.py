"""Throughput of algnet's ReLU engines on float weights: exact regions per minute, filtered vs unfiltered exact,
float slices of a CNN, local complexity of a ResNet-sized model.

Cases (``--quick``: smaller sizes):

* exact regions per minute on the 2-D input plane of ``relu 2-256-256-1`` (Kaiming-normal float weights,
  PyTorch-default biases, seed 0) on [-1, 1]^2, with 2 worker processes and with 1; reference: the same
  partition by the unfiltered exact engine (every step in exact integers) on a smaller box;
* the exact slice of a CNN on 28x28 inputs (two conv + max-pool blocks) through three upsampled digits
  against algnet's float64 engine for general models on the same slice;
* local complexity (Humayun-Balestriero-Baraniuk) of 10^4 points of a small ResNet on 28x28 inputs
  (1.1e5 parameters: a stem and three residual blocks with BatchNorm at 14x14x16, 7x7x32, 4x4x64, 22 ReLU /
  residual nodes, ~7 MFLOP per forward pass), k = 16 directions
  (32 cross-polytope vertices per point, 3.2e5 forward passes), float path in torch, float32 and float64.

Wall-clock seconds are reported in ``algnet_s``; ``note`` adds the CPU seconds of this process (the machine
is shared: wall-clock time depends on the load, CPU time much less).

Run: ``python bench/bench_relu_fast.py [--quick]`` or ``python bench/run.py --only relu_fast``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _relu_common import clock, cnn28_slice, since, torch_mlp  # noqa: E402  (bench/ on the path)


def _regions_rows(quick):
    from algnet.relu import from_torch
    from algnet.relu.regions import linear_regions

    widths = (2, 64, 64, 1) if quick else (2, 256, 256, 1)
    net, theta = from_torch(torch_mlp(widths))
    rows = []
    for workers in (2, 1):
        t = clock()
        part = linear_regions(net, theta, box=(-1, 1, -1, 1), workers=workers)
        wall, cpu = since(t)
        rows.append({"case": f"exact regions {net.spec} on [-1,1]^2, float weights, {workers} worker(s)",
                     "algnet_s": wall, "reference": "-", "reference_s": None, "ratio": None,
                     "note": f"{part.count} exact regions: {part.count / wall * 60:,.0f} regions/min wall-clock; "
                             f"{cpu:.2f} s CPU in the main process; {part.method.split('(')[-1].rstrip(')')}"})
    R = "1/8" if not quick else "1/2"
    box = ("-" + R, R, "-" + R, R)
    t = clock()
    a = linear_regions(net, theta, box=box)
    ta, _ = since(t)
    t = clock()
    b = linear_regions(net, theta, box=box, filtered=False)
    tb, _ = since(t)
    same = sorted(r.pattern for r in a.regions) == sorted(r.pattern for r in b.regions)
    rows.append({"case": f"exact regions {net.spec} on [-{R},{R}]^2: filtered engine", "algnet_s": ta,
                 "reference": "algnet unfiltered exact engine", "reference_s": tb, "ratio": tb / ta,
                 "note": f"{a.count} regions both ({'same patterns' if same else 'PATTERNS DIFFER'})"})
    return rows


def _cnn28_row(quick):
    from algnet.relu import linear_regions
    from algnet.relu.model_regions_float import model_regions_float

    m, sl, box, h = cnn28_slice(quick)
    t = clock()
    ex = linear_regions(m, slice=sl, box=box)
    te, _ = since(t)
    t = clock()
    fl = model_regions_float(m, slice=sl, box=box)
    tf, _ = since(t)
    return {"case": f"slice of a CNN on 28x28 inputs (box [0,{h}]^2 through three digits): exact", "algnet_s": te,
            "reference": "algnet float64 engine for models", "reference_s": tf, "ratio": tf / te,
            "note": f"exact {ex.count} regions, float64 {fl.count}" + ("" if fl.count == ex.count else "  <-- differ")}


def _resnet():
    import torch

    nn = torch.nn

    class Block(nn.Module):
        def __init__(self, c):
            super().__init__()
            self.a, self.bn1 = nn.Conv2d(c, c, 3, padding=1, bias=False), nn.BatchNorm2d(c)
            self.b, self.bn2 = nn.Conv2d(c, c, 3, padding=1, bias=False), nn.BatchNorm2d(c)

        def forward(self, x):
            return torch.relu(x + self.bn2(self.b(torch.relu(self.bn1(self.a(x))))))

    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.BatchNorm2d(16), nn.ReLU(),     # 14x14
                         Block(16), nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),             # 7x7
                         Block(32), nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.ReLU(),             # 4x4
                         Block(64), nn.AvgPool2d(4), nn.Flatten(), nn.Linear(64, 10)).eval()


def _lc_rows(quick):
    import numpy as np

    from algnet.relu import from_torch_model
    from algnet.relu.local_complexity import local_complexity

    model = _resnet()
    n_params = sum(p.numel() for p in model.parameters())
    m = from_torch_model(model, input_shape=(1, 28, 28))
    N = 500 if quick else 10_000
    X = np.random.default_rng(0).uniform(0, 1, (N, 784))
    rows = []
    for dtype in ("float32", "float64"):
        n = N if dtype == "float32" else max(1, N // 10)
        t = clock()
        lc = local_complexity(m, X[:n], radius=0.01, directions=16, seed=0, dtype=dtype, batch_size=4096)
        wall, cpu = since(t)
        rows.append({"case": f"local complexity of {n} points, ResNet on 28x28 ({n_params} parameters), k=16, "
                             f"torch {dtype}", "algnet_s": wall, "reference": "-", "reference_s": None, "ratio": None,
                     "note": f"{n / wall * 60:,.0f} points/min wall-clock; {cpu:.1f} s CPU (all threads); "
                             f"mean {lc.mean:.2f} neurons"})
    return rows


def _shown(rows):
    for r in rows:                      # each row on stderr as soon as it is measured (long runs)
        print(json.dumps(r, default=str), file=sys.stderr, flush=True)
    return rows


def main(quick: bool = False) -> list[dict]:
    """Rows with keys case, algnet_s, reference, reference_s, ratio (reference / algnet), note."""
    return _shown(_regions_rows(quick)) + _shown([_cnn28_row(quick)]) + _shown(_lc_rows(quick))


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
