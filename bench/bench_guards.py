"""Resource guards: the dimension estimate against the measured peak memory and time.

:func:`algnet.analyses.dimension.estimate_dimension` predicts the peak memory
(BYTES_PER_ENTRY bytes per sketch entry plus blocks), the CPU seconds
(:func:`algnet.analyses.dimension_estimate.cpu_seconds`: the evaluation at
EVALUATION_CPU_RATE entries per CPU second; the elimination's exact products,
2/3 m n r multiply-adds at the measured dgemm rate, PRODUCT_CPU_RATE, twice
for primes above 2^22; per-entry and per-column elimination costs) and the
wall clock (each part's CPU seconds times :func:`algnet.guards.load_factor`
for its threads: one for the evaluation, the BLAS threads for the
elimination) of the heavy step of ``dimension``; the guard refuses a network
when the estimate exceeds the machine or the time limit. This benchmark runs
a ladder of sizes, each in a fresh subprocess (peak resident set size above
the process after imports and a warm-up; CPU seconds of the process; the
1-minute load average at the start and the end), and prints estimate /
measured. The guard promises a factor of 3 either way. A refusal is measured
too: it must come in seconds. ``--phases`` times the evaluation and the
elimination apart (the calibration of the CPU constants).
``--pieces`` times the graded pieces of the Hilbert function and of implicitization against
:meth:`algnet.analyses.hilbert.engine.GradedEngine.estimate` (the default budget's calibration).

Measurements and what they decided, by date: ``bench/HISTORY.md``, section ``bench/bench_guards.py``.

Usage: ``python bench/bench_guards.py [--quick] [--large] [--setup] [--phases [--large | --large-only]]`` (or
through bench/run.py); ``--setup``: only the set-up ladder and the refusals.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = r"""
import json, os, resource, sys, time
from algnet.analyses.dimension import dimension, estimate_dimension
from algnet.guards import load_factor
from algnet import parse_spec
dimension("dense 3-3-3 r=2", seed=0)                      # warm-up: imports, BLAS self-check
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
spec = sys.argv[1]
est = estimate_dimension(parse_spec(spec))
load0 = os.getloadavg()[0]
t, c = time.perf_counter(), time.process_time()
res = dimension(spec, seed=0, certify=False)
sec, cpu = time.perf_counter() - t, time.process_time() - c
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - base
print(json.dumps({"spec": spec, "dimension": res.dimension, "est_memory": est["memory"], "memory": peak,
                  "est_seconds": est["seconds"], "est_cpu": est.get("cpu_seconds"), "seconds": sec, "cpu": cpu,
                  "load": [load0, os.getloadavg()[0]], "rows": est["rows"], "columns": est["columns"]}))
"""

#: ``--phases``: CPU and wall seconds of the two parts of the heavy step, measured apart (the sketch's
#: evaluation, the elimination), to calibrate EVALUATION_CPU_RATE and ELIMINATION_CPU_RATE
PHASE_CHILD = r"""
import json, os, sys, time
import numpy as np
from algnet import parse_spec
from algnet.analyses.dimension import dimension, jacobian_sketch, estimate_dimension
from algnet.core.fastla import rank_profile_blas
from algnet.core.matrix import gf_method
dimension("dense 3-3-3 r=2", seed=0)                      # warm-up: imports, BLAS self-check
net = parse_spec(sys.argv[1])
est = estimate_dimension(net)
rows, N = est["rows"], est["columns"]
from algnet.core.primes import default_primes
p = int(default_primes(1, bound=2**21)[0]) if min(rows, N) >= 2000 else int(default_primes(1)[0])
rng = np.random.default_rng(0)
theta = rng.integers(0, p, size=N, dtype=np.int64)
load0 = os.getloadavg()[0]
t, c = time.perf_counter(), time.process_time()
J = jacobian_sketch(net, theta, rows, p, rng, centred=est["route"] == "fastla")
ev = (time.process_time() - c, time.perf_counter() - t)
t, c = time.perf_counter(), time.process_time()
if est["route"] == "fastla":
    r, _ = rank_profile_blas(J, p, overwrite=True)
else:
    from algnet.core.fastla import rank_mod_p_auto
    r = rank_mod_p_auto(J, p)
el = (time.process_time() - c, time.perf_counter() - t)
print(json.dumps({"spec": sys.argv[1], "rows": rows, "columns": N, "rank": int(r), "route": est["route"],
                  "eval_cpu": ev[0], "eval_wall": ev[1], "elim_cpu": el[0], "elim_wall": el[1],
                  "load": [load0, os.getloadavg()[0]]}))
"""

SETUP_CHILD = r"""
import json, os, resource, sys, time
from algnet import parse_spec
from algnet.analyses.hilbert.engine import GradedEngine, estimate_setup
from algnet.guards import load_factor
GradedEngine(parse_spec("dense 3-3-3 r=2"), seed=0)                 # warm-up: imports
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
net = parse_spec(sys.argv[1])
est = estimate_setup(net)
lf = load_factor(1)
t, c = time.perf_counter(), time.process_time()
GradedEngine(net, seed=0)        # the set-up shared by hilbert_function and implicitize: samplers and grading
sec, cpu = time.perf_counter() - t, time.process_time() - c
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - base
print(json.dumps({"spec": sys.argv[1], "est_memory": est["memory"], "memory": peak, "est_seconds": est["seconds"],
                  "seconds": sec, "cpu": cpu, "load_factor": lf, "coordinates": est["coordinates"]}))
"""

SETUP_LADDER = ["dense 6-6-6 r=2", "dense 9-9-9 r=2", "dense 12-12-12 r=2", "dense 14-14-14 r=2"]

LADDER = ["dense 13-13-13 r=2", "dense 18-18-18 r=2", "dense 26-26-26 r=2", "dense 36-36-36 r=2",
          "dense 50-50-50 r=2", "dense 64-64-64 r=2"]
#: ``--large``: a few minutes each (10^4 to 1.5 x 10^4 parameters)
LARGE = ["dense 72-72-72 r=2", "dense 80-80-80 r=2", "dense 86-86-86 r=2"]


def _run(spec, child=CHILD):
    out = subprocess.run([sys.executable, "-c", child, spec], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "2", "PATH": "/usr/bin:/bin"},
                         timeout=1800)
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _refusal(spec):
    # under a 4 GiB limit: the 30000-parameter sketch (6.7 GiB) would run on a machine with 10 GiB free
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "algnet", "dim", spec], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "ALGNET_MEMORY_LIMIT": "4G"},
                         timeout=120)
    return out.returncode, time.perf_counter() - t, out.stderr.strip().splitlines()[0] if out.stderr else ""


#: ``--pieces``: the graded pieces' CPU time against :meth:`algnet.analyses.hilbert.engine.GradedEngine.estimate`
#: (spec, degree, analysis); the fit of PIECE_SECONDS, PIECE_ENTRY_SECONDS, PIECE_RREF_RATE and
#: IMPLICIT_PIECE_SECONDS (2026-12-04, load 11-15): Hilbert 0.95-1.06 on the first five, dense 3-3-1 r=3 up to
#: 10 1.21 (103.8 s estimated, 86.0 s measured); implicitization 0.77-1.39 on the last four.
PIECES_LADDER = [("linear 4-2-4", 6, "hilbert"), ("linear 4-2-4", 7, "hilbert"), ("dense 3-3-1 r=3", 8, "hilbert"),
                 ("dense 3-3-1 r=3", 9, "hilbert"), ("dense 3-3-3 r=2", 6, "hilbert"),
                 ("linear 4-2-4", 6, "implicit"), ("dense 3-3-1 r=3", 7, "implicit"),
                 ("dense 3-3-1 r=3", 8, "implicit"), ("dense 3-3-3 r=2", 5, "implicit")]

PIECES_CHILD = r"""
import json, sys, time
from algnet import parse_spec
from algnet.analyses.hilbert import hilbert_function
from algnet.analyses.hilbert.engine import IMPLICIT_PIECE_SECONDS, PIECE_SECONDS, GradedEngine
from algnet.analyses.implicit import implicitize
spec, e, which = sys.argv[1], int(sys.argv[2]), sys.argv[3]
net = parse_spec(spec)
run = ((lambda d: hilbert_function(net, up_to=d, seed=0, force=True)) if which == "hilbert" else
       (lambda d: implicitize(net, max_degree=d, seed=0, force=True, certify=False)))
t = time.process_time(); run(1); base = time.process_time() - t          # the set-up and degree 1
t = time.process_time(); run(e); cpu = time.process_time() - t
eng = GradedEngine(net, seed=0)
eng.set_linear(eng.linear_leading_vars(eng.primes[0]))
est = eng.estimate(e, 2, IMPLICIT_PIECE_SECONDS if which == "implicit" else PIECE_SECONDS)["seconds"]
print(json.dumps({"spec": spec, "degree": e, "analysis": which, "cpu": cpu - base, "est": est}))
"""


def pieces() -> list[dict]:
    """The graded pieces' CPU seconds (degrees 2..e: the run to e minus the run to 1, in one fresh process)
    against the estimate (``--pieces``)."""
    out = []
    for spec, e, which in PIECES_LADDER:
        proc = subprocess.run([sys.executable, "-c", PIECES_CHILD, spec, str(e), which], capture_output=True,
                              text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                              timeout=1800)
        if proc.returncode:
            raise RuntimeError(proc.stderr[-2000:])
        m = json.loads(proc.stdout.strip().splitlines()[-1])
        m["ratio"], m["load"] = m["est"] / max(m["cpu"], 1e-9), os.getloadavg()[0]
        print(json.dumps(m), flush=True)
        out.append(m)
    return out


def phases(specs) -> list[dict]:
    """CPU and wall seconds of the sketch's evaluation and of its elimination, apart (``--phases``)."""
    out = []
    for spec in specs:
        m = _run(spec, PHASE_CHILD)
        print(json.dumps(m), flush=True)
        out.append(m)
    return out


def main(quick: bool = False, large: bool = False, setup_only: bool = False) -> list[dict]:
    rows = []
    for spec in [] if setup_only else LADDER[:3] if quick else LADDER + (LARGE if large else []):
        m = _run(spec)
        rm = m["est_memory"] / max(m["memory"], 1)
        rt = m["est_seconds"] / max(m["seconds"], 1e-9)
        rc = m["est_cpu"] / max(m["cpu"], 1e-9)
        rows.append({"case": f"{spec} ({m['rows']}x{m['columns']})", "algnet_s": m["seconds"],
                     "reference": "estimate", "reference_s": m["est_seconds"], "ratio": rt,
                     "note": f"memory: estimated {m['est_memory'] / 2**20:.0f} MiB, measured "
                             f"{m['memory'] / 2**20:.0f} MiB (ratio {rm:.2f}); CPU: estimated {m['est_cpu']:.2f} s, "
                             f"measured {m['cpu']:.2f} s (ratio {rc:.2f}); wall: estimated {m['est_seconds']:.1f} s "
                             f"(CPU x load factor), measured {m['seconds']:.1f} s (ratio {rt:.2f}); load "
                             f"{m['load'][0]:.1f}-{m['load'][1]:.1f}"})
        print(json.dumps(m), flush=True)
    for spec in SETUP_LADDER[:2] if quick else SETUP_LADDER:
        m = _run(spec, SETUP_CHILD)
        rm = m["est_memory"] / max(m["memory"], 1)
        rc = m["est_seconds"] / max(m["cpu"], 1e-9)
        rw = m["est_seconds"] * m["load_factor"] / max(m["seconds"], 1e-9)
        rows.append({"case": f"hilbert/implicit set-up: {spec} ({m['coordinates']} coordinates)",
                     "algnet_s": m["seconds"], "reference": "estimate x load", "reference_s":
                     m["est_seconds"] * m["load_factor"], "ratio": rw,
                     "note": f"memory: estimated {m['est_memory'] / 2**20:.0f} MiB, measured "
                             f"{m['memory'] / 2**20:.0f} MiB (ratio {rm:.2f}); CPU: estimated "
                             f"{m['est_seconds']:.2f} s, "
                             f"measured {m['cpu']:.2f} s (ratio {rc:.2f}); wall clock: x load factor "
                             f"{m['load_factor']:.1f} (ratio {rw:.2f})"})
    for spec in ["dense 100-100-100-100 r=2", "dense 200-200-200-200-200-200 r=9"]:
        code, sec, line = _refusal(spec)
        rows.append({"case": f"refusal: {spec}", "algnet_s": sec, "reference": "", "reference_s": None,
                     "ratio": None, "note": f"exit {code}: {line[:110]}"})
    return rows


if __name__ == "__main__":
    if "--pieces" in sys.argv:
        pieces()
        sys.exit(0)
    if "--phases" in sys.argv:
        phases(LARGE if "--large-only" in sys.argv else LADDER + (LARGE if "--large" in sys.argv else []))
        sys.exit(0)
    for r in main(quick="--quick" in sys.argv, large="--large" in sys.argv, setup_only="--setup" in sys.argv):
        print(f"{r['case']:48s} {r['algnet_s']:8.2f} s  {r['note']}")
