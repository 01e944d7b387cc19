"""Sweep throughput: tasks per second of small dimension tasks, in process, on local processes and on Dask
(an embedded LocalCluster), side by side.

The tasks are the dimensions of the dense networks ``dense {2,3}-{1..3}-{1,2} r={2,3}`` over seeds, so each
task is small (milliseconds) and the numbers measure the sweep's own overhead (planning, pickling, the store's
transactions, the backend). The full run is 10^4 tasks per backend (the target: under 2 minutes on 2 cores);
``--quick`` uses 10^3. ``ratio`` is the backend's tasks/s over the in-process tasks/s.

The atlas row measures CPU seconds per task of the atlas's dense section on a random slice, with the section's
options against the dimension analysis's default, and extrapolates the whole section.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GRID = "dense {2,3}-{1..3}-{1,2} r={2,3}"


def _run(tasks: int, **backend) -> tuple[float, int]:
    from algnet.grids import grid
    from algnet.sweep import run_sweep

    specs = grid(GRID)
    seeds = f"0..{max(0, tasks // len(specs) - 1)}"
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        res = run_sweep("dimension", specs, seeds, os.path.join(d, "b.sqlite"), show_progress=False, **backend)
        dt = time.perf_counter() - t0
    assert res.ok, res.failures[:3]
    return dt, res.done


def _grid_parse() -> dict:
    """Expanding (and parsing) the atlas's dense grid, against building every network's layers as well."""
    from algnet.grids import grid
    from algnet.sweep.atlas import SECTIONS

    t0 = time.perf_counter()
    specs = grid(*SECTIONS["dense"].grids)
    lazy = time.perf_counter() - t0
    from algnet.architectures.spec import parse_spec

    sample = specs[::20]
    t0 = time.perf_counter()
    for s in sample:
        parse_spec(s).ensure_built()
    eager = (time.perf_counter() - t0) * len(specs) / len(sample)
    return {"case": f"expand and parse the dense atlas grid ({len(specs)} specs)", "algnet_s": lazy,
            "reference": "parsing with every network's layers built (extrapolated from 1/20)", "reference_s": eager,
            "ratio": eager / lazy, "note": f"{len(specs) / lazy:.0f} specs/s"}


def _atlas_slice(n: int) -> dict:
    """CPU seconds per task of the atlas's dense section on a random slice of ``n`` architectures (seed 0, in
    process), with the section's options (the proved bound of narrow layers and secant theorems first) against
    the default order (the searches first), and the whole section extrapolated on 2 cores."""
    import random

    from algnet.grids import grid
    from algnet.sweep.atlas import SECTIONS
    from algnet.sweep.tasks import run_task

    sec = SECTIONS["dense"]
    specs = grid(*sec.grids)
    sample = random.Random(0).sample(specs, n)
    cpu = {}
    for name, opts in (("atlas", dict(sec.options)), ("default", {})):
        oj = json.dumps(opts, sort_keys=True)
        t0 = time.process_time()
        for s in sample:
            run_task("dimension", s, 0, oj)
        cpu[name] = (time.process_time() - t0) / n
    whole = cpu["atlas"] * len(specs) / 2 / 60
    return {"case": f"atlas dense section, {n} random architectures of {len(specs)}, CPU s per task",
            "algnet_s": cpu["atlas"], "reference": "the same tasks, searched bounds first (dimension's default)",
            "reference_s": cpu["default"], "ratio": cpu["default"] / cpu["atlas"],
            "note": f"whole section extrapolated: {whole:.0f} min on 2 idle cores (CPU time / 2)"}


def main(quick: bool = False) -> list[dict]:
    tasks = 1000 if quick else 10_000
    backends = [("in process", {}), ("2 local processes", {"workers": 2})]
    try:
        import distributed  # noqa: F401

        backends.append(("Dask LocalCluster, 2 workers", {"scheduler": "local", "workers": 2}))
    except ImportError:
        pass
    rows, base = [_grid_parse(), _atlas_slice(100 if quick else 300)], None
    for name, kw in backends:
        dt, n = _run(tasks, **kw)
        rate = n / dt
        base = base or rate
        rows.append({"case": f"{n} dimension tasks, {name}", "algnet_s": dt, "reference": "in process",
                     "reference_s": None, "ratio": rate / base,
                     "note": f"{rate:.0f} tasks/s" + ("" if dt < 120 else " (above the 2-minute target)")})
    return rows


if __name__ == "__main__":
    import json

    quick = "--quick" in sys.argv
    for r in main(quick=quick):
        print(json.dumps(r))
