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

:func:`batched_ab` (``python bench/_tracker_degree_work.py --ab BASE_TREE ["spec;spec"] [seeds] [passes]``): the
batched kernel's calls of the degree runs, captured with this tree, replayed with this tree's and another tree's
``advance_batched`` in one process (the other tree's package copied under the name ``algnet_base``), the two
alternated call by call: process CPU per path of a call, and every call's results compared bit for bit.

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


def load_tree(tree):
    """``algnet_base.homotopy.batched`` of the source tree ``tree``: its ``algnet`` package copied to a temporary
    directory as ``algnet_base`` (imports renamed), so that both trees' kernels load in one process."""
    import re
    import shutil
    import tempfile

    d = tempfile.mkdtemp()
    shutil.copytree(os.path.join(tree, "algnet"), os.path.join(d, "algnet_base"),
                    ignore=shutil.ignore_patterns("__pycache__"))
    for root, _, files in os.walk(os.path.join(d, "algnet_base")):
        for f in files:
            if f.endswith(".py"):
                path = os.path.join(root, f)
                src = open(path).read()
                src = re.sub(r"\balgnet\.", "algnet_base.", src)
                src = src.replace("from algnet import", "from algnet_base import")
                open(path, "w").write(src)
    sys.path.insert(0, d)
    import importlib

    return importlib.import_module("algnet_base.homotopy.batched")


def batched_ab(spec, base_tree, seeds=(0, 1, 2, 3, 4), passes=15):
    """CPU microseconds per path of a call (the calls' paths summed) of ``advance_batched``, this tree's and
    ``base_tree``'s, on the calls of ``bench_degree.run_algnet(spec, seed)`` for the seeds: a dict with the lists
    ``new`` and ``base`` (one figure a pass), ``calls`` and ``paths``. Each call runs on copies of its arguments,
    both trees alternated call by call (order swapped every call); rounds, evaluations and every state array after
    the call must be equal bit for bit (AssertionError otherwise)."""
    import bench_degree as bd
    from algnet.homotopy import batched as new

    base = load_tree(base_tree)
    calls, orig = [], new.advance_batched

    def capture(*a):
        calls.append(tuple(x.copy() if isinstance(x, np.ndarray) else x for x in a[:25]))
        return orig(*a)

    new.advance_batched = capture
    try:
        for s in seeds:
            bd.run_algnet(spec, s)
    finally:
        new.advance_batched = orig
    mutable, works = (11, 12, 13, 14, 15, 16, 17, 18), {}

    def one(mod, c):
        a = list(c)
        for i in mutable:
            a[i] = c[i].copy()
        key = (mod.__name__, id(c[8]), c[24])
        if key not in works:
            works[key] = mod.batched_work(c[8], c[10], c[19].shape[1], c[24])
        t0 = time.process_time()
        r = mod.advance_batched(*a, None, True, True, works[key])
        return time.process_time() - t0, tuple(map(int, r)), [a[i] for i in mutable]

    paths = sum(len(c[0]) for c in calls)
    res = {"new": [], "base": [], "calls": len(calls), "paths": paths}
    for p in range(passes + 1):             # the first pass compiles / loads: not kept
        cpu = {"new": 0.0, "base": 0.0}
        for k, c in enumerate(calls):
            order = (("base", base), ("new", new)) if (p + k) % 2 == 0 else (("new", new), ("base", base))
            got = {}
            for name, mod in order:
                dt, *got[name] = one(mod, c)
                cpu[name] += dt
            assert got["new"][0] == got["base"][0]
            assert all(np.array_equal(x.view(np.uint8), y.view(np.uint8))
                       for x, y in zip(got["new"][1], got["base"][1]))
        if p:
            for name in cpu:
                res[name].append(1e6 * cpu[name] / paths)
    return res


def main(argv):
    from _ab_rates import DEGREE_CASES

    if argv and argv[0] == "--ab":
        specs = [s.strip() for s in argv[2].split(";")] if len(argv) > 2 else list(DEGREE_CASES)
        seeds = tuple(int(s) for s in argv[3].split(",")) if len(argv) > 3 else (0, 1, 2, 3, 4)
        passes = int(argv[4]) if len(argv) > 4 else 15
        for spec in specs:
            r = batched_ab(spec, argv[1], seeds, passes)
            b, n = r["base"], r["new"]
            print(f"{spec:22s} {r['calls']} calls, {r['paths']} paths: us a path base min {min(b):.2f} median "
                  f"{np.median(b):.2f}, this tree min {min(n):.2f} median {np.median(n):.2f} (median ratio "
                  f"{np.median(n) / np.median(b):.3f}); bit for bit", flush=True)
        return
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
