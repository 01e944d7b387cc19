"""Threads and endpoint work of the tracker benchmark (rows ``threads`` and ``endpoint condition estimate``
of ``bench_tracker.py``; moved here from its docstring and code).

Measurements and what they decided, by date: ``bench/HISTORY.md``, section ``bench/_tracker_threads.py``.
"""

from __future__ import annotations

import time

import numpy as np

from _tracker_common import paths_and_target, slicing_family


def _threaded_track(H, X, opt):
    """track() with the work of each thread: (result, wall s, CPU s, evaluations per thread, load before,
    critical-path CPU s: the process CPU with each threaded call counted by its slowest thread)."""
    import os

    from algnet.homotopy.tracker import make_tracker

    load = os.getloadavg()[0]
    w, c = time.perf_counter(), time.process_time()
    P = make_tracker(H, X.shape[1], opt)
    P.add(X)
    while P.active:
        P.step()
    P.finish(np.arange(P.size))
    res = P.result(time.perf_counter() - w)
    cpu = time.process_time() - c
    work, crit = P.thread_seconds
    return res, time.perf_counter() - w, cpu, list(P.thread_evaluations), load, cpu - work + crit


def threads_rows(spec, N=1024, repeats=3):
    """One thread against two, interleaved (1, 2, 1, 2, ...), best of ``repeats`` each: paths per wall second,
    per CPU second, and per critical-path second (the process CPU with each call split over threads
    counted by its slowest thread: the wall time on two idle cores, which the load does not distort)."""
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.tracker import TrackerOptions

    fam, _ = slicing_family(spec)
    X, P0, P1 = paths_and_target(fam, N)
    H = ParameterHomotopy(fam, P0, P1)
    _threaded_track(ParameterHomotopy(fam, P0[:64], P1[:64]), X[:64], TrackerOptions(engine="compiled", threads=2))
    runs = {1: [], 2: []}
    for _ in range(repeats):
        for k in (1, 2):
            runs[k].append(_threaded_track(H, X, TrackerOptions(engine="compiled", threads=k)))
    one, two = runs[1], runs[2]
    ref = one[0][0]
    same = all(r[0].status == ref.status for r in one + two)
    ok = ref.success
    dmax = max(float(np.max(np.abs(r[0].x[ok] - ref.x[ok]), initial=0.0)) for r in one + two)
    w1, w2 = min(r[1] for r in one), min(r[1] for r in two)
    c1, c2 = min(r[2] for r in one), min(r[2] for r in two)
    k2 = min(r[5] for r in two)
    loads = [r[4] for r in one + two]
    per = min(two, key=lambda r: r[5])[3]
    return dict(case=f"{spec}: threads", algnet_s=w2 / N, reference="compiled, batched, 1 thread", reference_s=w1 / N,
                ratio=w1 / w2,
                note=f"paths per wall second {N / w1:.0f} -> {N / w2:.0f} (1 -> 2 threads), per CPU second "
                     f"{N / c1:.0f} / {N / c2:.0f}; on two idle cores (critical path) {N / k2:.0f} "
                     f"({c1 / k2:.2f}x one thread's CPU); evaluations per thread {per}; load "
                     f"{min(loads):.1f}-{max(loads):.1f}; {N} paths, best of {repeats} interleaved; statuses "
                     f"{'equal' if same else 'DIFFER'}, endpoints within {dmax:.1e} (wall seconds per path)")


def endpoint_row(spec, N=1024, repeats=3):
    """The endpoint work (PathTracker.finish on N stopped paths) with the estimated condition numbers (exact
    above :data:`algnet.homotopy.compiled.EXACT_CONDITION_FROM`) against exact ones, interleaved, best of
    ``repeats``, one thread (the estimate serves from :data:`algnet.homotopy.compiled.ESTIMATE_FROM_N` unknowns;
    below, both are exact): CPU seconds, and whether statuses and points agree."""
    from algnet.homotopy import compiled
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.tracker import TrackerOptions, make_tracker

    fam, _ = slicing_family(spec)
    X, P0, P1 = paths_and_target(fam, N)
    P = make_tracker(ParameterHomotopy(fam, P0, P1), X.shape[1], TrackerOptions(engine="compiled", threads=1))
    P.add(X)
    while P.active:
        P.step()
    X1, st, code = P.X.copy(), P.status.copy(), P.code.copy()
    default, out = compiled.EXACT_CONDITION_FROM, {}
    try:
        for _ in range(repeats):
            for name, level in (("exact", 0.0), ("estimate", default)):
                compiled.EXACT_CONDITION_FROM = level
                P.X[:], P.status[:], P.code[:] = X1, st, code
                c = time.process_time()
                P.finish(np.arange(P.size))
                c = time.process_time() - c
                if name not in out or c < out[name][0]:
                    out[name] = (c, P.status.copy(), P.cond.copy(), P.X.copy())
    finally:
        compiled.EXACT_CONDITION_FROM = default
    (ce, se, ke, xe), (cs, ss, ks, xs) = out["exact"], out["estimate"]
    fin = np.isfinite(ke)
    r = ks[fin] / ke[fin]
    return dict(case=f"{spec}: endpoint condition estimate", algnet_s=cs / N, reference="exact 1-norm condition",
                reference_s=ce / N, ratio=ce / cs,
                note=f"finish() of {N} endpoints {cs * 1e3:.1f} ms CPU against {ce * 1e3:.1f} ms exact "
                     f"(n = {fam.n_vars}); statuses {'equal' if np.array_equal(se, ss) else 'DIFFER'}, points "
                     f"{'equal' if np.array_equal(xe, xs) else 'DIFFER'}; estimate / exact "
                     f"{r.min():.3f}-{r.max():.3f}, "
                     f"exact on {np.mean(r == 1):.0%} (CPU seconds per endpoint)")
