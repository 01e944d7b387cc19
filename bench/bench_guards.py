"""Resource guards: the dimension estimate against the measured peak memory and time.

:func:`algnet.analyses.dimension.estimate_dimension` predicts the peak memory
(BYTES_PER_ENTRY bytes per sketch entry) and the time (rows x N x rank /
ELIMINATION_RATE) of the heavy step of ``dimension``; the guard refuses a
network when the estimate exceeds the machine. This benchmark runs a ladder
of sizes, each in a fresh subprocess (peak resident set size above the
process after imports and a warm-up), and prints estimate / measured. The
guard promises a factor of 3 either way. A refusal is measured too: it must
come in seconds.

Usage: ``python bench/bench_guards.py [--quick]`` (or through bench/run.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = r"""
import json, resource, sys, time
from algnet.analyses.dimension import dimension, estimate_dimension
from algnet import parse_spec
dimension("dense 3-3-3 r=2", seed=0)                      # warm-up: imports, BLAS self-check
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
spec = sys.argv[1]
est = estimate_dimension(parse_spec(spec))
t = time.perf_counter()
res = dimension(spec, seed=0, certify=False)
sec = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - base
print(json.dumps({"spec": spec, "dimension": res.dimension, "est_memory": est["memory"], "memory": peak,
                  "est_seconds": est["seconds"], "seconds": sec, "rows": est["rows"], "columns": est["columns"]}))
"""

LADDER = ["dense 13-13-13 r=2", "dense 18-18-18 r=2", "dense 26-26-26 r=2", "dense 36-36-36 r=2",
          "dense 50-50-50 r=2"]


def _run(spec):
    out = subprocess.run([sys.executable, "-c", CHILD, spec], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "2", "PATH": "/usr/bin:/bin"},
                         timeout=600)
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _refusal(spec):
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "algnet", "dim", spec], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=120)
    return out.returncode, time.perf_counter() - t, out.stderr.strip().splitlines()[0] if out.stderr else ""


def main(quick: bool = False) -> list[dict]:
    rows = []
    for spec in LADDER[:3] if quick else LADDER:
        m = _run(spec)
        rm = m["est_memory"] / max(m["memory"], 1)
        rt = m["est_seconds"] / max(m["seconds"], 1e-9)
        rows.append({"case": f"{spec} ({m['rows']}x{m['columns']})", "algnet_s": m["seconds"],
                     "reference": "estimate", "reference_s": m["est_seconds"], "ratio": rt,
                     "note": f"memory: estimated {m['est_memory'] / 2**20:.0f} MiB, measured "
                             f"{m['memory'] / 2**20:.0f} MiB (ratio {rm:.2f}); time ratio {rt:.2f}"})
    for spec in ["dense 100-100-100-100 r=2", "dense 200-200-200-200-200-200 r=9"]:
        code, sec, line = _refusal(spec)
        rows.append({"case": f"refusal: {spec}", "algnet_s": sec, "reference": "", "reference_s": None,
                     "ratio": None, "note": f"exit {code}: {line[:110]}"})
    return rows


if __name__ == "__main__":
    for r in main(quick="--quick" in sys.argv):
        print(f"{r['case']:48s} {r['algnet_s']:8.2f} s  {r['note']}")
