"""Degree by homotopy continuation: algnet against NumericalImplicitization, PHCpack and Bertini 2.

For each network the same kind of slicing system is written out: the
values f_theta(z_k) at random complex points, combined by a random matrix
R into dim M equations R v(theta) = c through a random point, plus the
fiber slice (theta_S = const on the gauge coordinates algnet chooses).
The references solve that system from scratch, except Macaulay2's
NumericalImplicitization, which is given the map itself:

* NumericalImplicitization (Chen–Kileel; Macaulay2 package, run where ``M2``
  is installed): ``numericalImageDegree(F, ideal 0)`` on the coefficient map
  F (the coefficients of the network's outputs as polynomials in the
  parameters, over ``CC``), monodromy and trace test on its own slices;
  timed inside M2 (``elapsedTiming``), fixed ``setRandomSeed``;

* PHCpack (Debian package ``phcpack``, ``phc -b``: blackbox solver,
  polyhedral homotopy);
* Bertini 2 through its Python bindings, PyPI package ``bertini2`` (4.x,
  ``pip install bertini2``; it provides ``import bertini``): a
  multihomogeneous start system on the layers of the network (one
  ``variable_group`` per weight matrix or filter), Cauchy endgame, double
  precision, one thread, fixed seed, its records store switched off
  (``bertini.recording(False)``: on by default it writes ./bertini_output and
  recalls paths from it on a re-run, which would fake the timing). The
  older PyPI package ``bertini`` (2.0.0, the same ``import bertini``: do not
  install both) only has total-degree start systems
  (``ZeroDimCauchyDoublePrecisionTotalDegree``), is about five times slower
  a path (linear 4-2-3, 1024 total-degree paths: 390 s of CPU, against 81 s
  for bertini2 on the same paths and 10-20 s on its 210 2-homogeneous ones)
  and cannot hand its solution metadata to Python (no finite/infinite
  split); the bench still runs it, total degree, if it is the one installed. ``BERTINI_PYTHON=/path/to/python`` runs
  Bertini with another interpreter (a separate virtualenv), so it need not
  be in algnet's.

algnet runs ``degree(spec, method="monodromy", certify=False, fiber=False,
confirm=False)`` (``ALGNET_OPTIONS``: monodromy and trace test only, like
NumericalImplicitization: no certification, no fiber count, no cross-check by
the Hilbert polynomial; ``stop_at_expected=False``: like the references it is
not told the theorem's count, which ``degree`` otherwise uses as a stopping
hint; ``force=True``: the time guard's upper estimate refuses dense 3-2-3
under load), in process after warm-up calls (imports and
first-call set-up, as Bertini's timing starts after its parse; PHCpack's includes
its process start), timed as the median over ``ALGNET_SEEDS``. algnet and
NumericalImplicitization run interleaved, seed by seed (``setRandomSeed`` the
same seed in M2), so the load of a shared machine hits both alike; the
ratio is the ratio of the two medians. Both are also timed in CPU seconds
(``time.process_time`` around ``degree``; ``cpuTime()`` inside M2):
``cpu_ratio``, the ratio of the CPU medians, is the figure that survives a
loaded machine (at load 13 on 2 cores a plain M2 loop took 14.7 s of wall
clock for 1.1 s of CPU, far more inflation than algnet's). The references need the system expanded
into monomials (python-flint, not timed); algnet evaluates the network's
straight-line program. Each reference is skipped when not installed and is
given ``REF_TIMEOUT`` seconds; Bertini is not started when its start system
has more than ``BERTINI_MAX_PATHS`` paths (the note gives the total-degree
and multihomogeneous Bezout counts). A reference counts the solutions of
the slicing system: degree times the points where the gauge slice meets a
fiber (1 in the linear cases here, 2 for conv k=3,3 and 4 for the 3-layer
conv cases).

``ratio`` = reference seconds / algnet seconds (> 1: algnet faster).

Measurements and what they decided, by date: ``bench/HISTORY.md``, section ``bench/bench_degree.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

# the references' runners (NumericalImplicitization, PHCpack, Bertini 2) and the systems written out for them
from _degree_refs import (BERTINI_MAX_PATHS, REF_TIMEOUT, bertini_has_mhom, bertini_input,  # noqa: E402,F401
                          bertini_python, bertini_solve, bezout_counts, coefficient_map, run_bertini, run_ni,
                          run_ni_timed, run_phc, slicing_system, variable_groups)

# algnet's time is the median over these seeds (the number of paths monodromy needs varies with the seed)
ALGNET_SEEDS = (0, 1, 2)

QUICK = ["linear 3-1-3", "linear 4-2-3", "dense 2-2-1 r=7"]
# the eight cases of issue 16 (NumericalImplicitization's timings there), then the older ones
ISSUE16 = ["linear 3-1-3", "conv k=2,3 s=1,1 r=2", "conv k=3,3 s=1,1 r=2", "linear 4-2-4", "dense 3-2-2 r=2",
           "conv k=2,2,2 s=1,1,1 r=2", "dense 3-2-3 r=2", "linear 6-2-4"]
FULL = ISSUE16 + ["linear 4-2-3", "dense 2-2-1 r=7", "conv k=2,3,2 s=1,1,1 r=2"]


# like with like against NumericalImplicitization (no fiber count, no certification, no cross-check by the Hilbert
# polynomial, not told the theorem's count). force=True stays: without a theorem the time guard of degree()
# estimates from a Bezout bound (dense 3-2-3 r=2: 3,360 points x 20 paths) times a pilot run's seconds per path,
# and under load that is about 1 h, which it refuses (measured 2026-12-02, load 4-5); NI has no such guard
ALGNET_OPTIONS = dict(method="monodromy", fiber=False, certify=False, confirm=False, force=True)


USAGE = """python bench/bench_degree.py [--quick] [--ni] [--table] [CASE ...]
    algnet against NumericalImplicitization (interleaved, seeds ALGNET_SEEDS), then PHCpack and Bertini 2
    (unless --ni), on CASE... (spec strings; default: the eleven of FULL, --quick: QUICK); JSON rows, or
    --table: one line per referee with wall and CPU seconds and ratios.
python bench/bench_degree.py --paths-table [--seeds=0-19] [CASE ...]
    algnet alone: degree, trace test, loops, paths, random starts, paths per point, CPU per case and seed.
Environment: BERTINI_PYTHON (an interpreter that imports bertini; also tried: this one, /tmp/bertini_venv),
BERTINI_MAX_PATHS (Bertini is not started above this many start paths; default 1000).
REF_TIMEOUT (bench/_degree_refs.py): seconds of wall clock each referee run is given."""


def run_algnet(spec, seed):
    """(seconds, DegreeResult) of one monodromy degree run of the bench's kind (``ALGNET_OPTIONS``)."""
    from algnet import parse_spec
    from algnet.analyses.degree import degree
    from algnet.analyses.degree_monodromy import degree_options

    blind = degree_options(parse_spec(spec), stop_at_expected=False)
    t0, c0 = time.perf_counter(), time.process_time()
    r = degree(spec, seed=seed, options=blind, **ALGNET_OPTIONS)
    run_algnet.cpu = time.process_time() - c0
    return time.perf_counter() - t0, r


def _median(values):
    return None if not values else float(np.median(values))


def compare(spec, with_ni: bool = True):
    """algnet and NumericalImplicitization interleaved, seed by seed (load hits both alike): a dict with the
    medians over ``ALGNET_SEEDS``, the runs, and the notes."""
    times, cpus, runs, ni_times, ni_cpus, ni_notes = [], [], [], [], [], []
    for seed in ALGNET_SEEDS:
        dt, r = run_algnet(spec, seed)
        times.append(dt)
        cpus.append(run_algnet.cpu)
        runs.append(r)
        if with_ni:
            nt, nc, msg = run_ni_timed(spec, seed)
            ni_notes.append(msg)
            if nt is not None:
                ni_times.append(nt)
                ni_cpus.append(nc)
    ta = _median(times)
    r = runs[0]
    ok = all(x.degree == r.degree and x.trace_test_passed for x in runs)
    per_point = [x.paths / max(x.degree, 1) for x in runs]
    rate = sum(x.paths for x in runs) / sum(times)
    note = (f"degree {r.degree}{'' if ok else ' (seeds DISAGREE or a trace test failed)'}, "
            f"median of seeds {list(ALGNET_SEEDS)}: {min(times):.3g}-{max(times):.3g} s, "
            f"{'/'.join(str(x.paths) for x in runs)} paths "
            f"({'/'.join(f'{v:.1f}' for v in per_point)} per witness point, {rate:.0f} paths/s), "
            f"trace residual <= {max(x.trace_test_residual for x in runs):.1e}")
    tn = _median(ni_times) if len(ni_times) == len(ALGNET_SEEDS) else None
    cn = _median(ni_cpus) if tn is not None and None not in ni_cpus else None
    return dict(algnet_s=ta, algnet_cpu_s=_median(cpus), runs=runs, note=note, ni_s=tn, ni_cpu_s=cn,
                ni_times=ni_times, ni_notes=ni_notes, paths_per_point=float(np.median(per_point)))


def paths_rows(cases=None, seeds=ALGNET_SEEDS) -> list[dict]:
    """Per case and seed, algnet alone (``ALGNET_OPTIONS``): degree, trace test, loops, paths, paths per witness
    point, random starts among the paths, CPU seconds of the ``degree`` call; ``--paths-table`` prints them with
    the medians per case. Path counts do not depend on the machine's load; CPU seconds do (write the load down)."""
    from algnet.homotopy.monodromy import solver as _solver

    runs = []
    original = _solver.MonodromySolver.solve

    def solve(self, *a, **k):           # the solver's own statistics (random starts) of the search
        res = original(self, *a, **k)
        runs.append(self.stats)
        return res
    _solver.MonodromySolver.solve = solve
    try:
        run_algnet("linear 2-1-2", 0)
        rows = []
        for spec in cases or ISSUE16:
            for seed in seeds:
                runs.clear()
                _, r = run_algnet(spec, seed)
                rows.append(dict(case=spec, seed=seed, degree=r.degree, trace_passed=bool(r.trace_test_passed),
                                 loops=r.loops, paths=r.paths, paths_per_point=r.paths / max(r.degree, 1),
                                 start_paths=runs[-1].start_paths if runs else None, cpu_s=run_algnet.cpu))
    finally:
        _solver.MonodromySolver.solve = original
    return rows


def print_paths_table(rows):
    """The rows of :func:`paths_rows`, then per case the medians of paths per point and CPU seconds."""
    print(f"{'case':28s} {'seed':>4s} {'degree':>6s} {'trace':>5s} {'loops':>5s} {'paths':>6s} {'starts':>6s} "
          f"{'per point':>9s} {'CPU s':>7s}")
    for r in rows:
        print(f"{r['case']:28s} {r['seed']:4d} {r['degree']:6d} {str(r['trace_passed']):>5s} {r['loops']:5d} "
              f"{r['paths']:6d} {r['start_paths']:6d} {r['paths_per_point']:9.2f} {r['cpu_s']:7.3f}")
    for spec in dict.fromkeys(r["case"] for r in rows):
        rs = [r for r in rows if r["case"] == spec]
        print(f"{spec:28s} median over {len(rs)} seeds: {_median([r['paths_per_point'] for r in rs]):.2f} paths per "
              f"point, {_median([r['cpu_s'] for r in rs]):.3f} CPU s; degrees {sorted({r['degree'] for r in rs})}, "
              f"trace test passed {sum(r['trace_passed'] for r in rs)}/{len(rs)}")


def main(quick: bool = False, cases=None, only_ni: bool = False) -> list[dict]:
    """Rows of the table (see bench/run.py); ``cases`` overrides the list, ``only_ni`` skips PHCpack/Bertini."""
    rows = []
    # warm-up: imports and first-call set-up (also of the time guard's estimate: a case without a theorem), as
    # Bertini's timing starts after its parse
    run_algnet("linear 2-1-2", 0)
    run_algnet("dense 2-2-1 r=2", 0)
    for spec in cases or (QUICK if quick else FULL):
        c = compare(spec)
        ta, note = c["algnet_s"], c["note"]
        dt = c["ni_s"]
        msg = "; ".join(dict.fromkeys(c["ni_notes"]))
        if dt is not None:
            msg += f" (NumericalImplicitization {'/'.join(f'{t:.3g}' for t in c['ni_times'])} s, interleaved)"
        if dt is None and any("timed out" in m for m in c["ni_notes"]):
            msg += f" (ratio > {REF_TIMEOUT / ta:.1f})"
        rows.append({"case": spec, "algnet_s": round(ta, 3), "reference": "NumericalImplicitization (M2)",
                     "reference_s": None if dt is None else round(dt, 3),
                     "ratio": None if dt is None else round(dt / ta, 3),
                     "algnet_cpu_s": round(c["algnet_cpu_s"], 3),
                     "reference_cpu_s": None if c["ni_cpu_s"] is None else round(c["ni_cpu_s"], 3),
                     "cpu_ratio": None if c["ni_cpu_s"] is None else round(c["ni_cpu_s"] / c["algnet_cpu_s"], 3),
                     "paths_per_point": round(c["paths_per_point"], 1), "note": f"{note}; {msg}"})
        if only_ni:
            continue
        names, polys = slicing_system(spec, seed=0)
        groups = variable_groups(spec)
        total, mhom = bezout_counts(polys, groups)
        counts = f"Bezout counts: total degree {total}, {len(groups)}-homogeneous (layers) {mhom}"
        refs = [("PHCpack phc -b", run_phc), ("Bertini 2 (double, Cauchy endgame)", run_bertini)]
        for ref, fn in refs:
            if ref.startswith("Bertini"):
                paths = mhom if bertini_has_mhom() else total
                if bertini_python()[0] is not None and paths > BERTINI_MAX_PATHS:
                    rows.append({"case": spec, "algnet_s": round(ta, 3), "reference": ref, "reference_s": None,
                                 "ratio": None, "algnet_cpu_s": round(c["algnet_cpu_s"], 3),
                                 "reference_cpu_s": None, "cpu_ratio": None,
                                 "paths_per_point": round(c["paths_per_point"], 1),
                                 "note": f"{note}; {ref}: not run, {paths} paths (> BERTINI_MAX_PATHS = "
                                         f"{BERTINI_MAX_PATHS}) cannot finish in {REF_TIMEOUT} s; {counts}"})
                    continue
                dt, cpu, msg = fn(names, polys, groups)
            else:
                dt, cpu, msg = fn(names, polys)
            ca = c["algnet_cpu_s"]
            if dt is None and "timed out" in msg:      # lower bounds: what it had spent when it was stopped
                msg += f" (ratio > {REF_TIMEOUT / ta:.1f}" + (f", CPU ratio > {cpu / ca:.1f})" if cpu else ")")
            if ref.startswith("Bertini"):
                msg += f"; {counts}"
            rows.append({"case": spec, "algnet_s": round(ta, 3), "reference": ref,
                         "reference_s": None if dt is None else round(dt, 3),
                         "ratio": None if dt is None else round(dt / ta, 3), "algnet_cpu_s": round(ca, 3),
                         "reference_cpu_s": None if cpu is None else round(cpu, 3),
                         "cpu_ratio": None if dt is None or cpu is None else round(cpu / ca, 3),
                         "paths_per_point": round(c["paths_per_point"], 1), "note": f"{note}; {ref}: {msg}"})
    return rows


if __name__ == "__main__":
    import json

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--help" in sys.argv or "-h" in sys.argv:
        print(USAGE)
        sys.exit(0)
    if "--paths-table" in sys.argv:      # --seeds=0-19 (default: ALGNET_SEEDS)
        span = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--seeds=")), None)
        lo, _, hi = (span or "").partition("-")
        seeds = range(int(lo), int(hi or lo) + 1) if span else ALGNET_SEEDS
        print_paths_table(paths_rows(args or None, seeds))
        sys.exit(0)
    rows = main(quick="--quick" in sys.argv, cases=args or None, only_ni="--ni" in sys.argv)
    if "--table" in sys.argv:
        nan = float("nan")
        for r in rows:
            ref = r["reference"].split(" ")[0][:8]
            print(f"{r['case']:28s} {ref:8s} wall {r['algnet_s']:8.3f} / {r['reference_s'] or nan:8.3f} s  "
                  f"ratio {r['ratio'] or nan:6.1f}  CPU {r['algnet_cpu_s']:7.3f} / {r['reference_cpu_s'] or nan:7.3f} s"
                  f"  CPU ratio {r['cpu_ratio'] or nan:6.1f}  paths/point {r['paths_per_point']}")
            if not r["reference"].startswith("NumericalImplicitization"):
                print("    " + r["note"].split("; ", 1)[-1])
    else:
        print(json.dumps(rows, indent=1))
