"""Resource guards: the dimension estimate against the measured peak memory and time.

:func:`algnet.analyses.dimension.estimate_dimension` predicts the peak memory
(BYTES_PER_ENTRY bytes per sketch entry) and the time (rows x N x rank /
ELIMINATION_RATE) of the heavy step of ``dimension``; the guard refuses a
network when the estimate exceeds the machine. This benchmark runs a ladder
of sizes, each in a fresh subprocess (peak resident set size above the
process after imports and a warm-up), and prints estimate / measured. The
guard promises a factor of 3 either way. A refusal is measured too: it must
come in seconds.

Measured (2 cores shared with other jobs, load 4-10, OPENBLAS_NUM_THREADS=2; peak RSS of a fresh
subprocess above its post-warm-up baseline), after the blocked elimination (float64 sketch eliminated
in place, products and column moves in blocks of 2^22 entries):

    ==========================  ===========  =========  =========  ======  ======  ==========
    spec                        sketch       est. MiB   meas. MiB  ratio   sec     time ratio
    ==========================  ===========  =========  =========  ======  ======  ==========
    dense 13-13-13 r=2          340x338      5          5          1.07    0.21    1.99
    dense 18-18-18 r=2          650x648      19         14         1.33    1.65    0.45
    dense 26-26-26 r=2          1354x1352    84         61         1.38    7.86    0.30
    dense 36-36-36 r=2          2594x2592    158        135        1.17    14.9    0.59
    dense 50-50-50 r=2          5002x5000    297        323        0.92    42.3    0.89
    dense 64-64-64 r=2          8194x8192    619        656        0.94    111     1.10
    ==========================  ===========  =========  =========  ======  ======  ==========

Before (int64 sketch + float64 copy + full-size product temporaries + a copied L factor) the same
5002 x 5000 case peaked at 579 MiB (24 bytes per entry; the model said 32). Now the peak is 8 bytes
per entry plus ~100 MiB of blocks, so ``dense 100-100-100-100 r=2`` (30002 x 30000) needs an
estimated 6.8 GiB: it runs on a machine with ~10 GiB free (extrapolated from the ladder: about
1.5 h of elimination on this loaded machine, n^3 scaling) and is refused in ~2 s, with the estimate,
under ``ALGNET_MEMORY_LIMIT=4G``; ``dense 200-...-200 r=9`` (298 GiB) is refused in ~2 s anywhere.
The memory estimate is within 0.9-1.4x of the measured peak on the ladder; time within 0.3-2x
(timings on a loaded machine are noisy).

Larger sizes (``--large``; measured this session, the machine's load 2-10 while they ran, so the time
ratios are loose; the dimension's ELIMINATION_RATE is calibrated on a loaded machine and errs high):

    ==========================  ===========  =========  =========  ======  ======  ==========
    spec                        sketch       est. MiB   meas. MiB  ratio   sec     time ratio
    ==========================  ===========  =========  =========  ======  ======  ==========
    dense 72-72-72 r=2          10370x10368  927        1036       0.89    46.5    4.71
    dense 80-80-80 r=2          12802x12800  1357       1398       0.97    165     2.26
    dense 86-86-86 r=2          14794x14792  1776       1843       0.96    310     1.75
    ==========================  ===========  =========  =========  ======  ======  ==========

The memory model holds to 1.5 x 10^4 parameters (0.89-0.97); the time estimate errs high by 1.75-4.7x
(more at low load), i.e. ``dense 100-100-100-100 r=2`` would take less than its estimated hour.

Hilbert/implicit set-up (the samplers and the grading detection that both analyses run first,
:func:`algnet.analyses.hilbert.engine.estimate_setup`, CPU seconds; most of it is the conversion of
residue matrices to flint and back, 80 bytes and ~5.5e-7 CPU s per entry). Measured at load ~11 on 2
cores (load factor 5.5: the wall clock was 6-8x the CPU time):

    ==========================  ======  =========  =========  ======  =========  =========  ======
    spec                        coords  est. MiB   meas. MiB  ratio   est. CPU   meas. CPU  ratio
    ==========================  ======  =========  =========  ======  =========  =========  ======
    dense 9-9-9 r=2             405     22         29         0.76    1.79       1.38       1.30
    dense 12-12-12 r=2          936     121        172        0.70    10.5       7.70       1.36
    dense 14-14-14 r=2          1470    303        434        0.70    28.0       23.2       1.21
    ==========================  ======  =========  =========  ======  =========  =========  ======

Before this session the memory model used Nc x Nc weight conditions (0.42-0.50 of the measured
peak; the stacked conditions have up to Nc + codim rows). The guard compares the CPU estimate times
:func:`algnet.guards.load_factor` with the time budget.

Usage: ``python bench/bench_guards.py [--quick] [--large] [--setup] [--phases [--large | --large-only]]`` (or
through bench/run.py); ``--setup``: only the set-up ladder and the refusals.
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
    if "--phases" in sys.argv:
        phases(LARGE if "--large-only" in sys.argv else LADDER + (LARGE if "--large" in sys.argv else []))
        sys.exit(0)
    for r in main(quick="--quick" in sys.argv, large="--large" in sys.argv, setup_only="--setup" in sys.argv):
        print(f"{r['case']:48s} {r['algnet_s']:8.2f} s  {r['note']}")
