"""Path-tracking throughput: tracked paths per second on the slicing systems of the degree benchmarks.

For each network of issue 16 the witness system of ``degree(method="monodromy")``
is built as that route builds it (values at random complex sample inputs,
a random slice R of dim M rows, the gauge coordinates fixed), random
points theta_i are made solutions by their own start parameters
p_i = F(theta_i), and ``N`` paths are tracked by the parameter homotopy
from p_i to one random target parameter (t = 0 to 1, endpoint refinement
included). Rows:

* ``compiled``: ``track(..., TrackerOptions(engine="compiled", threads=1))``
  (the path-batched kernel, blocks of 32), paths per second of process CPU
  time and of wall time, microseconds of CPU per evaluation (tape, Jacobian
  and LU solve), evaluations per path; the reference is the numpy engine
  (``engine="numpy"``) on the first ``N_NUMPY`` of the same paths, ``ratio``
  = numpy CPU seconds per path / compiled CPU seconds per path;
* ``batched / path by path``: the same paths with ``block=1`` (the
  path-by-path kernel), ratio of CPU seconds;
* ``threads`` (:func:`threads_rows`): 1,024 paths on two threads
  (``threads=2``: the paths of each call cut into two groups of whole
  blocks, one thread each) against one, interleaved, best of 3: paths per
  wall second, per CPU second and per *critical-path* second (the process
  CPU with each call split over threads counted by its slowest thread:
  the wall time on two idle cores, which the load does not distort), the
  evaluations each thread did;
* ``endpoint condition estimate`` (:func:`endpoint_row`): the endpoint work
  of 1,024 stopped paths with estimated condition numbers against exact
  ones (CPU, statuses);
* ``contraction / fixed step control``: the same paths with
  ``target_contraction=0`` (the fixed predictor tolerance of earlier
  versions), ratio of CPU seconds;
* ``monodromy``: ``degree(spec, method="monodromy", fiber=False,
  certify=False)`` once (seed 0), with its paths and paths per witness point.

The benchmark is split by concern: the systems, the paths and
the timing helper in ``bench/_tracker_common.py``; the ``threads`` and
``endpoint condition estimate`` rows, in ``bench/_tracker_threads.py``; the series and Hermite
predictors (removed on 2026-12-03), their record in ``bench/_tracker_predictors.py``; the
throughput against the 10^4 target, the step control and the light
evaluations here. Since 2026-12-03 the systems are those the degree route
tracks: the witness system with its coordinate slices solved by substitution
(n - e unknowns; first :class:`algnet.homotopy.pinned.PinnedFamily`, the
slice values b among the parameters; since 2026-12-03 20:48 UTC
:class:`algnet.homotopy.pinned.FixedPinFamily`, b fixed and only the dim offsets c
moving); the history's rows and tables before 2026-12-03 (midday) are of the full system (n unknowns,
the ``n =`` in them).

Measurements and what they decided, by date: ``bench/HISTORY.md``, section ``bench/bench_tracker.py``.

Run with ``python bench/run.py --only tracker [--quick]`` or
``python bench/bench_tracker.py [--quick]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from _tracker_common import (CASES, N_NUMPY, N_PATHS, N_THREADS, QUICK, _timed_track,  # noqa: E402,F401
                             paths_and_target, slicing_family)
from _tracker_threads import endpoint_row, threads_rows  # noqa: E402


def _per_path(res, N):
    """Evaluations (full, light), steps and rejected steps per path of a TrackResult."""
    return ((res.evaluations - res.light_evaluations) / N, res.light_evaluations / N, int(res.steps.sum()) / N,
            int(res.rejected.sum()) / N)


def run_case(spec, N=N_PATHS, n_numpy=N_NUMPY, monodromy=True):
    from algnet.analyses.degree import degree
    from algnet.homotopy.compiled_homotopy import family_tape
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.tracker import TrackerOptions

    fam, dim = slicing_family(spec)
    tape = family_tape(fam)
    X, P0, P1 = paths_and_target(fam, N)
    H = ParameterHomotopy(fam, P0, P1)
    for blk in (1, 0):   # warm-up (compilation is cached on disk; loading it is not timed)
        _timed_track(ParameterHomotopy(fam, P0[:16], P1[:16]), X[:16], TrackerOptions(engine="compiled", block=blk,
                                                                                        threads=1))
    one, w1, c1 = _timed_track(H, X, TrackerOptions(engine="compiled", threads=1, block=1))
    bat, wb, cb = _timed_track(H, X, TrackerOptions(engine="compiled", threads=1))
    old, wo, co = _timed_track(H, X, TrackerOptions(engine="compiled", threads=1, light_evaluations=False))
    fix, wf, cf = _timed_track(H, X, TrackerOptions(engine="compiled", threads=1, target_contraction=0.0))
    k = min(n_numpy, N)
    Hn = ParameterHomotopy(fam, P0[:k], P1[:k])
    ref, wn, cn = _timed_track(Hn, X[:k], TrackerOptions(engine="numpy"))
    same = ref.status == one.status[:k] and np.array_equal(ref.steps, one.steps[:k])
    full, light, steps, rej = _per_path(bat, N)
    full0, _, steps0, rej0 = _per_path(old, N)
    ok = bat.success & old.success
    dmax = float(np.max(np.abs(bat.x[ok] - old.x[ok]), initial=0.0))
    okf = bat.success & fix.success
    dfix = float(np.max(np.abs(bat.x[okf] - fix.x[okf]), initial=0.0))
    info = (f"n={fam.n_vars} tape {tape.size} instr, {tape.lane_work()} lanes; {N} paths, "
            f"{bat.count('success')} success; per path {full:.0f} full + {light:.0f} light evals, "
            f"{steps:.1f} steps, {rej:.2f} rejected")
    rows = [dict(case=f"{spec}: compiled", algnet_s=cb / N, reference="numpy engine", reference_s=cn / k,
                 ratio=(cn / k) / (cb / N),
                 note=f"batched blocks of 32: {N / cb:.0f} paths per CPU second ({N / wb:.0f} per wall second), "
                      f"{cb / bat.evaluations * 1e6:.2f} us CPU/eval; {info}; numpy engine steps "
                      f"{'equal' if same else 'DIFFER'} (CPU seconds per path)"),
            dict(case=f"{spec}: light / all full", algnet_s=cb / N, reference="compiled, light_evaluations=False",
                 reference_s=co / N, ratio=co / cb,
                 note=f"every evaluation full (the step of earlier versions): {N / co:.0f} paths per CPU second, "
                      f"{full0:.0f} evals, {steps0:.1f} steps, {rej0:.2f} rejected per path; statuses "
                      f"{'equal' if old.status == bat.status else 'DIFFER'}, endpoints within {dmax:.1e}"),
            dict(case=f"{spec}: contraction / fixed step control", algnet_s=cb / N,
                 reference="compiled, target_contraction=0", reference_s=cf / N, ratio=cf / cb,
                 note=f"fixed predictor tolerance (the step control of earlier versions): {N / cf:.0f} paths per CPU "
                      f"second, {fix.evaluations / N:.0f} against {bat.evaluations / N:.0f} evals, "
                      f"{int(fix.steps.sum()) / N:.1f} against {steps:.1f} steps per path; statuses "
                      f"{'equal' if fix.status == bat.status else 'DIFFER'}, endpoints within {dfix:.1e}"),
            dict(case=f"{spec}: batched / path by path", algnet_s=cb / N, reference="compiled, path by path",
                 reference_s=c1 / N, ratio=c1 / cb,
                 note=f"path by path {N / c1:.0f} paths per CPU second, {c1 / one.evaluations * 1e6:.2f} us CPU/eval; "
                      f"same steps: {bool(np.array_equal(bat.steps, one.steps) and bat.status == one.status)}")]
    if monodromy:
        w, c = time.perf_counter(), time.process_time()
        r = degree(spec, method="monodromy", seed=0, fiber=False, certify=False)
        dt, dc = time.perf_counter() - w, time.process_time() - c
        rows.append(dict(case=f"{spec}: monodromy", algnet_s=dc, reference="", reference_s=None, ratio=None,
                         note=f"degree {r.degree}, {r.paths} paths ({r.paths / max(r.degree, 1):.1f} per point), "
                              f"{r.paths / dc:.0f} paths per CPU second overall (includes the route's other steps; "
                              f"CPU seconds, wall {dt:.2f} s)"))
    return rows


def main(quick: bool = False, cases=None) -> list[dict]:
    rows = []
    for spec in cases or (QUICK if quick else CASES):
        rows += run_case(spec, N=64 if quick else N_PATHS, n_numpy=16 if quick else N_NUMPY, monodromy=not quick)
        rows.append(threads_rows(spec, N=128 if quick else N_THREADS, repeats=2 if quick else 3))
        rows.append(endpoint_row(spec, N=128 if quick else N_THREADS, repeats=2 if quick else 3))
    return rows


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    rows = main(quick=quick)
    for r in rows:
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.2f}"
        print(f"{r['case']:<42} {r['algnet_s']:.3g} s  ratio {ratio:>6}  {r['note']}")
