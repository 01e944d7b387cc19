"""Exact vs float64 region enumeration on realistic float weights, with relucent as a referee where installed.

Weights: PyTorch ``nn.Linear`` layers with Kaiming-normal weights and PyTorch's default biases (seed 0),
imported exactly (every float32 is the rational it represents).

Cases (``--quick`` uses smaller widths):

* ``relu 2-128-128-1`` on [-10, 10]^2 and ``relu 2-64-64-64-1`` on [-1, 1]^2: algnet's exact path
  (float filter + exact integer arithmetic) against algnet's float64 path (same algorithm, rounded);
  ``ratio`` = reference_s / algnet_s with the float path as reference (> 1: the exact path is faster);
* the whole plane of a smaller network: algnet exact against ``relucent`` (PyPI; run in its own virtual
  environment, given by ``$ALGNET_RELUCENT_PYTHON``, a python executable with relucent and torch installed),
  capped at 120 s; region counts compared.

Run: ``python3 bench/bench_relu_exact.py [--quick]`` or ``python bench/run.py --only relu_exact``.
Timings depend on the load of the machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _relu_common import MLP_FROM_STATE_DICT, cnn28_slice, exact_and_float, torch_mlp  # noqa: E402  (bench/ on the path)


def _exact_vs_float(widths, R):
    net, ex, te, fl, tf = exact_and_float(torch_mlp(widths), R)
    return {"case": f"regions {net.spec} on [-{R},{R}]^2, Kaiming float weights (exact path)", "algnet_s": te,
            "reference": "algnet float64 path", "reference_s": tf, "ratio": tf / te,
            "note": f"exact {ex.count} regions ({ex.count / te * 60:.0f}/min); float64 {fl.count}"
                    + ("" if fl.count == ex.count else "  <-- float64 count differs")}


_RELUCENT = MLP_FROM_STATE_DICT + r"""
import json, sys, time, torch, relucent
net = mlp_from_state_dict(sys.argv[1], json.loads(sys.argv[2]))
t = time.perf_counter()
c = relucent.Complex(net)
c.bfs()
print(json.dumps({"regions": len(c), "seconds": time.perf_counter() - t}))
"""


def _relucent_row(widths):
    import torch

    from algnet.relu import from_torch
    from algnet.relu.regions import linear_regions

    model = torch_mlp(widths)
    net, theta = from_torch(model)
    t = time.perf_counter()
    part = linear_regions(net, theta, plane=True)
    ta = time.perf_counter() - t
    py = os.environ.get("ALGNET_RELUCENT_PYTHON")
    row = {"case": f"regions {net.spec} on the whole plane, Kaiming float weights (exact)", "algnet_s": ta,
           "reference": "relucent (bfs)", "reference_s": None, "ratio": None,
           "note": f"algnet exact {part.count} regions"}
    if not py or not os.path.exists(py):
        row["note"] += "; relucent not installed (set ALGNET_RELUCENT_PYTHON)"
        return row
    with tempfile.TemporaryDirectory() as d:
        sd = os.path.join(d, "m.pt")
        torch.save(model.state_dict(), sd)
        try:
            out = subprocess.run([py, "-c", _RELUCENT, sd, json.dumps(list(widths))], capture_output=True, text=True,
                                 timeout=120)
            res = json.loads(out.stdout.strip().splitlines()[-1])
            row.update(reference_s=res["seconds"], ratio=res["seconds"] / ta)
            row["note"] += f"; relucent {res['regions']} regions" + (
                "" if res["regions"] == part.count else "  <-- counts differ")
        except subprocess.TimeoutExpired:
            row["note"] += "; relucent did not finish in 120 s"
        except Exception as e:  # a broken referee is reported, not fatal
            row["note"] += f"; relucent failed: {type(e).__name__}: {str(e)[:80]}"
    return row


def _cnn28_row(quick):
    """Exact slice of a small CNN on 28x28 inputs through three upsampled digits (no reference: timing only)."""
    from algnet.relu import linear_regions

    m, sl, box, h = cnn28_slice(quick)
    t = time.perf_counter()
    part = linear_regions(m, slice=sl, box=box)
    dt = time.perf_counter() - t
    return {"case": f"exact slice of a CNN on 28x28 inputs (box [0,{h}]^2 through three digits)", "algnet_s": dt,
            "reference": "-", "reference_s": None, "ratio": None,
            "note": f"{part.count} exact regions ({part.count / dt * 60:.0f}/min), "
                    f"{len(part.decision_boundary().segments)} boundary segments"}


def main(quick: bool = False) -> list[dict]:
    """Rows with keys case, algnet_s, reference, reference_s, ratio (reference / algnet), note."""
    if quick:
        cases = [((2, 32, 32, 1), 10), ((2, 16, 16, 16, 1), 1)]
        small = (2, 8, 8, 1)
    else:
        cases = [((2, 128, 128, 1), 10), ((2, 64, 64, 64, 1), 1)]
        small = (2, 16, 16, 1)
    return [_exact_vs_float(w, R) for w, R in cases] + [_relucent_row(small), _cnn28_row(quick)]


if __name__ == "__main__":
    for r in main(quick="--quick" in sys.argv):
        print(json.dumps(r, default=str))
