"""Peak memory of exact region enumerations against their estimate (:func:`algnet.relu.regions_estimate.
region_work_estimate`): each case in a fresh process, peak RSS (resource.getrusage) beyond the imports.

Cases: random weights (seed 0) of relu 784-8-8-10 to 784-256-256-10, 784-64-10, 784-64-64-64-10, 200-64-64-10 and
2-64-64-1 on [-1, 1]^2, relu 784-16-16-10, 2-16-16-1 and 2-32-32-1 on the whole plane (``--quick``: three cases).
Prints one JSON line per case: regions, estimated and used MiB, their ratio, CPU seconds.

Run: ``python bench/bench_relu_regions_memory.py [--quick]``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r'''
import json, resource, sys, time
from algnet import parse_spec
from algnet.relu.regions import linear_regions
from algnet.relu.regions_estimate import first_layer_rows, region_work_estimate
from algnet.relu.slices import Slice

spec, plane = sys.argv[1], sys.argv[2] == "plane"
box = None if plane else (-1, 1, -1, 1)
net = parse_spec(spec)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
theta = net.random_params(seed=0)
est = region_work_estimate(net, first_layer_rows(net, theta, Slice.standard(net.widths[0]), exact=plane), box, plane)
t = time.process_time()
part = linear_regions(net, theta, box=box, plane=plane, force=True)
cpu = time.process_time() - t
used = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - base
print(json.dumps({"case": f"{spec} on {'the plane' if plane else '[-1, 1]^2'}", "regions": part.count,
                  "estimated_mib": round(est["memory"] / 2**20, 1), "used_mib": round(used / 2**20, 1),
                  "used_over_estimate": round(used / est["memory"], 2), "cpu_s": round(cpu, 2)}))
'''

CASES = [("relu 784-8-8-10", "box"), ("relu 784-16-16-10", "box"), ("relu 784-32-32-10", "box"),
         ("relu 784-64-64-10", "box"), ("relu 784-128-128-10", "box"), ("relu 784-256-256-10", "box"),
         ("relu 784-64-10", "box"), ("relu 784-64-64-64-10", "box"), ("relu 200-64-64-10", "box"),
         ("relu 2-64-64-1", "box"), ("relu 784-16-16-10", "plane"), ("relu 2-16-16-1", "plane"),
         ("relu 2-32-32-1", "plane")]


def main(quick: bool = False) -> list[dict]:
    rows = []
    for spec, dom in (CASES[:2] + CASES[-1:] if quick else CASES):
        out = subprocess.run([sys.executable, "-c", CHILD, spec, dom], capture_output=True, text=True, check=True,
                             env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return rows


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
