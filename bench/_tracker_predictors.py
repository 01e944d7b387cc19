"""Series predictors against RK4 (``python bench/bench_tracker.py --predictors``; moved here from
``bench_tracker.py``, session 10, with its history).

Series predictors (``TrackerOptions.predictor``, :mod:`algnet.homotopy.series_step`;
:func:`run_predictors`; measured 2026-12-03 08:18-08:20 UTC, load 5.3-5.5, 256
paths per system, process CPU, best of three interleaved runs, one thread,
blocks of 32). Per system: RK4's paths per CPU second, its full + light
evaluations per path and its steps per path; for each series predictor the
ratio of paths per CPU second to RK4's (above 1: faster), its full + light
+ series sweeps per path and its steps per path (kernel counts, endpoint
refinement not included):

==========================  ===================  ========================  ========================  ========================
system                      rk4: /CPU s, ev, st  pade 4                    pade2 4                   pade2 5
==========================  ===================  ========================  ========================  ========================
linear 3-1-3                11,767 48+27 13.6    0.65 27+19+62 20.8        0.65 27+19+61 20.4        0.63 24+17+75 18.9
conv k=2,3 r=2              11,158 66+37 18.9    0.73 28+20+64 21.6        0.70 28+20+63 21.2        0.74 24+19+77 19.6
conv k=3,3 r=2              8,729 54+30 15.3     0.69 28+20+63 21.3        0.66 28+20+62 20.9        0.62 26+18+78 19.9
linear 4-2-4                1,538 74+41 20.5     0.67 42+32+102 34.3       0.64 42+32+102 34.3       0.69 36+27+118 29.9
dense 3-2-2 r=2             2,555 103+57 29.0    0.81 44+32+103 34.6       0.80 43+32+100 33.8       0.76 39+29+122 30.9
conv k=2,2,2 r=2            4,675 80+46 23.0     0.82 34+26+78 26.3        0.80 33+25+75 25.3        0.77 30+23+93 23.7
dense 3-2-3 r=2             1,854 98+53 25.8     0.70 47+36+112 37.7       0.72 47+36+111 37.3       0.67 43+33+136 34.4
linear 6-2-4                881 69+37 18.4       0.71 44+32+100 33.5*      0.69 43+32+101 33.7*      0.70 38+29+120 30.1*
==========================  ===================  ========================  ========================  ========================

After merging main's faster block LU (08:54-08:58, load 3.9-4.4, same paths):
0.58-0.95x (pade 4 0.62-0.92x, pade2 4 0.59-0.95x, pade2 5 0.58-0.84x; conv
k=2,2,2 the closest), the same counts, the same statuses and endpoints within
8e-11 of RK4 except path 190 of linear 6-2-4 under pade 4. Degrees
(``degree(spec, method="monodromy", seed=0, fiber=False, certify=False)`` with
``predictor="pade2", predictor_order=5`` in the route's tracker options, one
run each): all eight unchanged, the same path counts except linear 4-2-4 (201
against 131) and linear 6-2-4 (1,874 against 1,872), 1.0-2.1x the CPU of RK4
(monodromy keeps fewer than 16 paths under way in most kernel calls, which
then run path by path with RK4 whatever the option says).

On a nearly idle machine after the second merge (09:19, load 0.8-0.9, the
same paths): RK4 1,149-13,544 paths per CPU second, the series predictors
0.58-0.81x (pade 4 0.62-0.80x, pade2 4 0.60-0.81x, pade2 5 0.58-0.77x), the
same statuses and endpoints within 8e-11 except path 190 of linear 6-2-4
under pade 4.

So not adopted: RK4 stays the default. The series predictors take 40-60% fewer
full evaluations a path, but 1.0-1.8x the steps (the one-point series of these
paths converges in a radius of about 0.07-0.2 in t, ``|x_(k+1)| / |x_k| ~ 5-15``:
with exact coefficients, on five paths of linear 6-2-4 at t = 0.3 and h =
0.02-0.1, RK4's prediction, which samples the path at t + h/2 and t + h, was
4-550x closer than the Taylor polynomial of order 4, and between 13x closer
and 18x farther than Padé (3, 2); but a one-point series is good only well
inside its radius of convergence, about 0.07 there against RK4's mean step of
0.055: cutting steps at the whole radius instead of half of it
(``series_step.TRUST``) gave 1-3% fewer steps and 5-15x the rejected ones),
and a series sweep
costs about a full evaluation's tape pass (micro-benchmark, blocks of 32, load
5: linear 6-2-4 1.5-1.8 us a sweep against 3.1 us for the tape with its
Jacobian and 0.72 us for a light pass; conv k=2,2,2 0.87-0.91 against 0.88 and
0.35), so the K - 1 sweeps a step eat what the two saved factorizations
gave. Same statuses and endpoints within 1.5e-10 of RK4's except (*) path 190
of linear 6-2-4, which fails with every series predictor as it does with a
tight numpy tracking (tolerance 1e-10, steps <= 0.005), where RK4 reports
success. Before the step was cut to half the series' radius of convergence
(``series_step.TRUST``), conv k=2,3 lost 9 of 256 paths (first steps of 0.05
where ``|x_(k+1)| / |x_k| ~ 1000``: accepted on a far solution, then diverged).
Where more would have to come from: a sweep at the light pass's cost (the
sweep's lane loops are not vectorized as well), the kept factorization kept
across kernel calls (each call now starts every path with one full
evaluation: at most 6-10 of the 24-47 full evaluations a path, the rest being
one a step and one a rejected step), and a step size from
the series itself (Timme's trust region) rather than from the corrector.
"""

from __future__ import annotations

import numpy as np

from _tracker_common import N_PATHS, _timed_track, paths_and_target, slicing_family


#: the series predictors compared with RK4 by :func:`run_predictors` (TrackerOptions.predictor, predictor_order)
PREDICTOR_VARIANTS = (("rk4", 4), ("pade", 4), ("pade2", 4), ("pade2", 5))


def _counted_track(H, X, opt):
    """track() with the batched kernel's evaluations split into (full, light, series sweeps); the kernel
    entry point is wrapped for the call (one thread, so every round goes through it)."""
    from algnet.homotopy import batched
    from algnet.homotopy.tracker import track

    counts = np.zeros(3, np.int64)
    orig = batched.advance_batched

    def counted(*args):
        return orig(*args, counts)

    batched.advance_batched = counted
    try:
        res = track(H, X, opt)
    finally:
        batched.advance_batched = orig
    return res, counts


def run_predictors(spec, N=N_PATHS, repeats=3, variants=PREDICTOR_VARIANTS):
    """The series predictors against RK4 on one system: paths per CPU second (best of ``repeats``
    interleaved runs, one thread, blocks of 32), evaluations per path split into full / light / series
    sweeps (kernel counts, endpoint refinement not included), steps and rejected steps per path, statuses
    and endpoints against RK4. Rows as :func:`run_case`'s; ratio = RK4 CPU / predictor CPU."""
    import os

    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.tracker import TrackerOptions

    fam, dim = slicing_family(spec)
    X, P0, P1 = paths_and_target(fam, N)
    H = ParameterHomotopy(fam, P0, P1)
    opts = {v: TrackerOptions(engine="compiled", threads=1, predictor=v[0], predictor_order=v[1]) for v in variants}
    for v in variants:   # warm-up (compilation is cached on disk; loading it is not timed)
        _timed_track(ParameterHomotopy(fam, P0[:32], P1[:32]), X[:32], opts[v])
    best = {v: np.inf for v in variants}
    res = {}
    load = os.getloadavg()[0]
    for _ in range(repeats):
        for v in variants:
            r, w, c = _timed_track(H, X, opts[v])
            best[v] = min(best[v], c)
            res[v] = r
    load = (load + os.getloadavg()[0]) / 2
    ref = res[variants[0]]
    rows = []
    for v in variants:
        r, cnt = _counted_track(H, X, opts[v])
        ok = ref.success & r.success
        d = float(np.max(np.abs(r.x[ok] - ref.x[ok]), initial=0.0))
        full, light, series = (cnt[0] - cnt[1]) / N, (cnt[1] - cnt[2]) / N, cnt[2] / N
        rows.append(dict(case=f"{spec}: predictor {v[0]} {v[1]}", algnet_s=best[v] / N, reference="rk4",
                         reference_s=best[variants[0]] / N, ratio=best[variants[0]] / best[v],
                         note=f"{N / best[v]:.0f} paths per CPU second (best of {repeats}, load {load:.1f}); per path "
                              f"{full:.0f} full + {light:.0f} light + {series:.0f} series, "
                              f"{int(r.steps.sum()) / N:.1f} steps, {int(r.rejected.sum()) / N:.2f} rejected; "
                              f"statuses {'equal' if r.status == ref.status else 'DIFFER'}, endpoints within {d:.1e}"))
    return rows
