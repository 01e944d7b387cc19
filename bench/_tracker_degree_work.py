"""The tracker's work per path inside degree runs: steps, rejected steps, evaluations, and which kernel took them.

Wraps :meth:`algnet.homotopy.compiled.CompiledPathTracker._step` for the duration of ``bench_degree.run_algnet``
runs (the bench's monodromy degree runs) and sums, per kernel (the batched kernel of
:mod:`algnet.homotopy.batched` or the path-by-path one of :mod:`algnet.homotopy.kernels`, chosen per call by the
paths under way): calls, accepted and rejected steps, full and light evaluations (the kernels' own counts) and the
calls' process CPU seconds (``time.process_time``: the kernels' threads included). With the degree run's paths
this gives steps, rejected steps and evaluations per path, the numbers a change of the kernels' arithmetic or step
control must keep (or lower) and the share of each kernel in the tracking CPU.

Run ``python bench/_tracker_degree_work.py ["spec;spec"] [seeds]`` (default: the five cases of
``bench/_ab_rates.py``, seeds 0-2).

Examples
--------
>>> w = degree_work("linear 2-1-2", seeds=(0,))
>>> w["paths"] > 0 and w["batched"]["steps"] + w["single"]["steps"] > 0
True
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402

__all__ = ["degree_work", "counting"]

FIELDS = ("calls", "steps", "rejected", "full", "light", "cpu")


@contextmanager
def counting():
    """A dict {"batched": {...}, "single": {...}} of :data:`FIELDS` summed over the compiled tracker's kernel
    calls while the block runs."""
    from algnet.homotopy import compiled as C

    acc = {k: dict.fromkeys(FIELDS, 0) for k in ("batched", "single")}
    orig = C.CompiledPathTracker._step

    def step(self):
        act = np.flatnonzero(self.code == 0)
        kind = "batched" if act.size and self._block(act.size) > 1 else "single"
        s0, r0 = int(self.steps[act].sum()), int(self.rejected[act].sum())
        e0, l0 = self.H.rows, self.H.light
        c0 = time.process_time()
        out = orig(self)
        a = acc[kind]
        a["cpu"] += time.process_time() - c0
        a["calls"] += 1
        a["steps"] += int(self.steps[act].sum()) - s0
        a["rejected"] += int(self.rejected[act].sum()) - r0
        a["full"] += self.H.rows - e0 - (self.H.light - l0)
        a["light"] += self.H.light - l0
        return out

    C.CompiledPathTracker._step = step
    try:
        yield acc
    finally:
        C.CompiledPathTracker._step = orig


def degree_work(spec, seeds=(0, 1, 2)):
    """The counts of :func:`counting` over ``bench_degree.run_algnet(spec, seed)`` for the seeds (after one
    unmeasured run of the first seed), with ``paths`` (the runs' tracked paths) and ``degrees``."""
    import bench_degree as bd

    bd.run_algnet(spec, seeds[0])
    paths, degrees = 0, []
    with counting() as acc:
        for s in seeds:
            _, r = bd.run_algnet(spec, s)
            paths += r.paths
            degrees.append(r.degree)
    return {"spec": spec, "paths": paths, "degrees": degrees, **acc}


def main(argv):
    from _ab_rates import DEGREE_CASES

    specs = [s.strip() for s in argv[0].split(";")] if argv else list(DEGREE_CASES)
    seeds = tuple(int(s) for s in argv[1].split(",")) if len(argv) > 1 else (0, 1, 2)
    for spec in specs:
        w = degree_work(spec, seeds)
        p = w["paths"]
        print(f"{spec:22s} degrees {w['degrees']} paths {p}", flush=True)
        for k in ("batched", "single"):
            a = w[k]
            print(f"   {k:8s} calls {a['calls']:5d} steps/path {a['steps'] / p:6.2f} rejected/path "
                  f"{a['rejected'] / p:5.2f} full/path {a['full'] / p:6.1f} light/path {a['light'] / p:5.1f} "
                  f"cpu {a['cpu']:.3f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
