"""algnet's exact and float64 region engines side by side with SplineCAM (CPU), on the same weights.

SplineCAM (Humayun, Balestriero, Balakrishnan, Baraniuk, CVPR 2023; github.com/AhmedImtiazPrio/splinecam) is
a GPU code. The referee runs it on CPU in its own Python environment, given by two variables:

* ``ALGNET_SPLINECAM_PYTHON``: a python with torch, graph-tool, python-igraph, networkx and tqdm (e.g. a
  virtual environment of Debian's python3 with ``--system-site-packages`` for ``python3-graph-tool``, with
  ``pip install torch==2.13.0 python-igraph tqdm``; or any python plus a ``.pth`` file naming
  ``/usr/lib/python3/dist-packages``);
* ``ALGNET_SPLINECAM_PATH``: a checkout of SplineCAM's repository (the directory holding ``splinecam/``).

The runner below (a script run by that python) adapts SplineCAM to the CPU by monkeypatching, never by
editing SplineCAM: TorchScript is disabled (``PYTORCH_JIT=0``), ``.cuda()`` returns the object itself and
``.to('cuda')`` goes to the CPU; ``torchvision`` (imported by SplineCAM's model zoo, unused here) is stubbed
when missing. Nothing of SplineCAM is copied into algnet.

Cases: Kaiming-normal float weights (PyTorch-default biases, seed 0) on a box of the 2-D input plane, and a
degenerate construction (concurrent lines: 7 first-layer lines and 5 second-layer bent lines all through one
point). Columns: algnet exact (filtered engine), algnet float64, SplineCAM;
``ratio`` = SplineCAM seconds / algnet exact seconds. Without the variables the SplineCAM columns stay empty.
SplineCAM gets ``$ALGNET_SPLINECAM_TIMEOUT`` seconds per case (default 600; 120 with ``--quick``).

Run: ``python bench/bench_relu_splinecam.py [--quick]`` or ``python bench/run.py --only relu_splinecam``.
Timings depend on the load of the machine (shared, 2 cores).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _relu_common import MLP_FROM_STATE_DICT, exact_and_float, torch_mlp  # noqa: E402  (bench/ on the path)

_RUNNER = MLP_FROM_STATE_DICT + r"""
import json, os, sys, time, types
os.environ["PYTORCH_JIT"] = "0"
import torch

def _cpu(dev):
    if isinstance(dev, str) and dev.startswith("cuda"):
        return "cpu"
    if isinstance(dev, torch.device) and dev.type == "cuda":
        return torch.device("cpu")
    return dev

def _patched(orig):
    def to(self, *a, **k):
        a = tuple(_cpu(x) for x in a)
        if "device" in k:
            k["device"] = _cpu(k["device"])
        return orig(self, *a, **k)
    return to

torch.Tensor.to = _patched(torch.Tensor.to)
torch.nn.Module.to = _patched(torch.nn.Module.to)
torch.Tensor.cuda = lambda self, *a, **k: self
torch.nn.Module.cuda = lambda self, *a, **k: self
try:
    import torchvision  # noqa: F401
except ImportError:
    tv = types.ModuleType("torchvision")
    tv.models = types.ModuleType("torchvision.models")
    sys.modules["torchvision"], sys.modules["torchvision.models"] = tv, tv.models
sys.path.insert(0, sys.argv[1])
import splinecam as sc

widths = json.loads(sys.argv[3])
R = float(sys.argv[4])
net = mlp_from_state_dict(sys.argv[2], widths).eval().type(torch.float64)
domain = torch.tensor([[-R, -R], [R, -R], [R, R], [-R, R], [-R, -R]], dtype=torch.float64)
T = sc.utils.get_proj_mat(domain)
NN = sc.wrappers.model_wrapper(net, input_shape=(widths[0],), T=T, dtype=torch.float64, device="cpu")
t = time.perf_counter()
out_cyc, endpoints, Abw = sc.compute.get_partitions_with_db(domain, T, NN)
print("ALGNET-RESULT " + json.dumps({"regions": len(out_cyc), "seconds": time.perf_counter() - t}))
"""


def _concurrent_mlp():
    """7 lines through p = (1/4, -1/2) (dyadic coefficients, exact in float32); 5 second-layer neurons with zero
    biases bend along lines through p too: every region of [-1, 1]^2 is a sector at p (the exact count is checked
    against algnet's unfiltered exact engine in tests/test_relu_regions.py)."""
    import numpy as np
    import torch

    rng = np.random.default_rng(5)
    ab = np.round(rng.standard_normal((7, 2)) * 64) / 64
    c = -0.25 * ab[:, 0] + 0.5 * ab[:, 1]
    W2 = rng.standard_normal((5, 7)).astype(np.float32)
    net = torch_mlp((2, 7, 5, 1))
    with torch.no_grad():
        net[0].weight.copy_(torch.tensor(ab, dtype=torch.float32))
        net[0].bias.copy_(torch.tensor(c, dtype=torch.float32))
        net[2].weight.copy_(torch.tensor(W2))
        net[2].bias.zero_()
        net[4].weight.fill_(1.0)
        net[4].bias.zero_()
    return net


def _splinecam(model, widths, R, timeout):
    import torch

    py, path = os.environ.get("ALGNET_SPLINECAM_PYTHON"), os.environ.get("ALGNET_SPLINECAM_PATH")
    if not py or not path or not os.path.exists(py) or not os.path.isdir(os.path.join(path, "splinecam")):
        return None, "SplineCAM not set up (ALGNET_SPLINECAM_PYTHON, ALGNET_SPLINECAM_PATH)"
    with tempfile.TemporaryDirectory() as d:
        sd = os.path.join(d, "m.pt")
        torch.save(model.state_dict(), sd)
        try:
            out = subprocess.run([py, "-c", _RUNNER, path, sd, json.dumps(list(widths)), str(R)], capture_output=True,
                                 text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None, f"SplineCAM did not finish in {timeout} s"
    for line in reversed(out.stdout.splitlines()):
        if line.startswith("ALGNET-RESULT "):
            return json.loads(line[len("ALGNET-RESULT "):]), ""
    return None, "SplineCAM failed: " + (out.stderr.strip().splitlines() or ["?"])[-1][:120]


def _row(name, model, widths, R, timeout, truth=None):
    net, ex, te, fl, tf = exact_and_float(model, R)
    sc, why = _splinecam(model, widths, R, timeout)
    note = f"algnet exact {ex.count} regions; algnet float64 {fl.count} in {tf:.2f} s"
    if truth is not None:
        note += f"; known count {truth}"
    if sc is not None:
        note += f"; SplineCAM {sc['regions']} regions" + ("" if sc["regions"] == ex.count else "  <-- differs")
    else:
        note += "; " + why
    return {"case": f"regions {net.spec} on [-{R},{R}]^2 ({name})", "algnet_s": te,
            "reference": "SplineCAM (CPU)", "reference_s": None if sc is None else sc["seconds"],
            "ratio": None if sc is None else sc["seconds"] / te, "note": note,
            "counts": {"exact": ex.count, "float64": fl.count, "splinecam": None if sc is None else sc["regions"]}}


def main(quick: bool = False) -> list[dict]:
    """Rows with keys case, algnet_s, reference, reference_s, ratio (SplineCAM / algnet exact), note."""
    timeout = int(os.environ.get("ALGNET_SPLINECAM_TIMEOUT", 120 if quick else 600))
    cases = [((2, 16, 16, 1), 2)] if quick else [((2, 64, 64, 64, 1), 1), ((2, 128, 128, 1), 10)]
    rows = [_row("Kaiming float weights", torch_mlp(w), w, R, timeout) for w, R in cases]
    rows.append(_row("concurrent lines", _concurrent_mlp(), (2, 7, 5, 1), 1, timeout))
    return rows


if __name__ == "__main__":
    for r in main(quick="--quick" in sys.argv):
        print(json.dumps(r, default=str))
