"""Where one ``degree`` call of ``bench_degree``'s kind spends its time, phase by phase (issue 16).

``phases(spec, seeds, runs)`` times the pieces of :func:`algnet.analyses.degree.degree` (the monodromy route
with ``bench_degree.ALGNET_OPTIONS``) by wrapping them for the duration of the measurement: thread CPU
(``time.thread_time``, the calling thread: the kernels' second thread is not in it) and wall clock
(``time.perf_counter``) around every call, each phase's minimum over ``runs`` runs per seed, per seed in ms
(the mean over the seeds of those minima). A profiler would inflate the Python-heavy pieces about 3x
(measured 2026-12-05); this counts only the wrapped calls, a few us each. The phases: the checks and the route before the attempt
and the result after it, ``witness_setup``, the tape's recording (its trace, row reduction, inlining and lifted
parameters), the tracker's construction without the tape, the solver's set-up without the tracker, the kernel
calls (the main thread's share), the points' keys (``NetworkValues.values`` and ``FixedPinFamily.full``), the
rest of the solver's loop, and the attempt's tail (the witness points' coefficients).

Run ``python bench/_degree_phases.py ["spec;spec"] [runs]``; the findings are in ``bench/HISTORY.md``
(section ``bench/bench_degree.py``).

Examples
--------
>>> rows = phases("linear 2-1-2", seeds=(0,), runs=1)
>>> rows["whole degree call"][0] >= rows["tape record"][0] > 0
True
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
import time
from collections import defaultdict
from contextlib import contextmanager

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

__all__ = ["phases", "TIMED", "print_phases"]

#: (module, attribute path, label) of the calls timed.
TIMED = (
    ("algnet.analyses.degree", "degree", "degree"),
    ("algnet.analyses.degree_monodromy", "monodromy_attempt", "attempt"),
    ("algnet.analyses.witness_system", "witness_setup", "witness_setup"),
    ("algnet.homotopy.monodromy", "monodromy_solve", "solve"),
    ("algnet.homotopy.monodromy.solver", "MonodromySolver._start", "solver start"),
    ("algnet.homotopy.monodromy.scheduler", "Scheduler.__init__", "scheduler"),
    ("algnet.homotopy.compiled_homotopy", "record", "record"),
    ("algnet.homotopy.tape", "TapeBuilder.finish", "finish"),
    ("algnet.homotopy.tape", "reduce_output_blocks", "reduce"),
    ("algnet.homotopy.tape", "inline_wide_terms", "inline"),
    ("algnet.homotopy.tape", "lift_parameter_forms", "lift"),
    ("algnet.homotopy.compiled", "CompiledPathTracker._step", "kernel calls"),
    ("algnet.analyses.witness", "NetworkValues.values", "values"),
    ("algnet.homotopy.pinned", "FixedPinFamily.full", "full"),
)


@contextmanager
def _timing(acc):
    """The calls of :data:`TIMED` timed into ``acc`` (label -> [thread CPU, wall]) while the block runs."""
    undo = []
    for mod, path, label in TIMED:
        owner = importlib.import_module(mod)
        *parents, name = path.split(".")
        for p in parents:
            owner = getattr(owner, p)
        f = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)

        def timed(*a, _f=f, _label=label, **k):
            c, w = time.thread_time(), time.perf_counter()
            try:
                return _f(*a, **k)
            finally:
                r = acc[_label]
                r[0] += time.thread_time() - c
                r[1] += time.perf_counter() - w

        setattr(owner, name, functools.wraps(f)(timed))
        undo.append((owner, name, f))
    try:
        yield
    finally:
        for owner, name, f in reversed(undo):
            setattr(owner, name, f)


def _phase_rows(t):
    """Phase -> (CPU, wall) from the timed calls ``t`` (label -> (CPU, wall))."""
    def g(label, i):
        return t.get(label, (0.0, 0.0))[i]

    rows = {}
    for i in (0, 1):
        for name, v in (
                ("whole degree call", g("degree", i)),
                ("checks, route, result", g("degree", i) - g("attempt", i)),
                ("witness_setup", g("witness_setup", i)),
                ("tape record", g("record", i)),
                ("  trace", g("record", i) - g("finish", i)),
                ("  row reduction", g("reduce", i)),
                ("  inlining", g("inline", i)),
                ("  lifted parameters", g("lift", i)),
                ("tracker construction without the tape", g("scheduler", i) - g("record", i)),
                ("solver set-up without the tracker", g("solver start", i) - g("scheduler", i)),
                ("kernel calls (this thread)", g("kernel calls", i)),
                ("keys: NetworkValues.values", g("values", i)),
                ("keys: FixedPinFamily.full", g("full", i)),
                ("solver loop, the rest", g("solve", i) - g("kernel calls", i) - g("solver start", i)
                 - g("values", i) - g("full", i)),
                ("attempt tail (coefficients)", g("attempt", i) - g("solve", i) - g("witness_setup", i))):
            rows.setdefault(name, [0.0, 0.0])[i] = v
    return rows


def phases(spec: str, seeds=(0, 1, 2), runs: int = 5) -> dict:
    """Phase -> [CPU ms, wall ms] per seed of ``bench_degree.run_algnet(spec, seed)``: each timed call's minimum
    over ``runs`` runs of the seed (after one warm-up run), the phases formed from those minima, the mean over
    ``seeds``."""
    import bench_degree as bd

    bd.run_algnet(spec, seeds[0])
    best = {}
    for _ in range(runs):
        for seed in seeds:
            acc = defaultdict(lambda: [0.0, 0.0])
            with _timing(acc):
                bd.run_algnet(spec, seed)
            for label, (c, w) in acc.items():
                b = best.setdefault((seed, label), [c, w])
                b[0], b[1] = min(b[0], c), min(b[1], w)
    total = defaultdict(lambda: [0.0, 0.0])
    for seed in seeds:
        rows = _phase_rows({label: v for (s, label), v in best.items() if s == seed})
        for name, (c, w) in rows.items():
            total[name][0] += 1e3 * c / len(seeds)
            total[name][1] += 1e3 * w / len(seeds)
    return dict(total)


def print_phases(spec: str, seeds=(0, 1, 2), runs: int = 5) -> None:
    """Print :func:`phases` as a table (ms per seed, CPU / wall, the share of the CPU)."""
    rows = phases(spec, seeds, runs)
    whole = rows["whole degree call"][0]
    print(f"== {spec}: ms per seed (min over {runs} runs, seeds {list(seeds)}), thread CPU / wall, load "
          f"{os.getloadavg()[0]:.1f}")
    for name, (c, w) in rows.items():
        print(f"  {name:40s} {c:8.2f} / {w:8.2f}  ({100 * c / whole:4.1f}%)")


if __name__ == "__main__":
    specs = sys.argv[1] if len(sys.argv) > 1 else "linear 4-2-4;dense 3-2-2 r=2;linear 6-2-4"
    for s in specs.split(";"):
        print_phases(s.strip(), runs=int(sys.argv[2]) if len(sys.argv) > 2 else 5)
