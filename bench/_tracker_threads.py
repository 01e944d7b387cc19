"""Threads and endpoint work of the tracker benchmark (rows ``threads`` and ``endpoint condition estimate``
of ``bench_tracker.py``; moved here from its docstring and code, session 10, with their history).

Session 17 (2026-12-04/05, 22:46-00:10 UTC, AMD EPYC with AVX-512, load 2.4-14). Four changes to the step's
LU and packed iterations, each the same operations on the same numbers (the 1,024 endpoints, statuses, steps and
rejections of the eight systems equal to 4fd3564's bit for bit, checked after each): (1) the solves' row
exchange without the scatter (:mod:`algnet.homotopy.block_lu`, ``_lu_apply_v``: one solve 1.2-1.6x less CPU);
(2) no packed block of 4 lanes (:mod:`algnet.homotopy.packed_lanes`: 3-4 paths of a later corrector iteration
in the 8-lane vector block, 1.3-1.7x less CPU a packed call); (3) the factorization's row swaps lane by lane in
scalar code, skipping the lanes whose pivot is on the diagonal, instead of a gather and a scatter per 8 lanes
and column (``_swap_rows``: 1.04-1.23x less CPU a factorization); (4) two right-hand sides solved in one pass
over J (``_lu_apply2_v``: the corrector's full iterations and the light solves; 1.32-1.35x less CPU than two
passes). Measured: this file's ``threads_rows`` (``_ab_rates.py --threads``), 4fd3564 and this tree (091f2e7) alternated
in fresh processes, three pairs, best of 3 each, load 2.4-2.8, 00:05 UTC; paths per CPU second on one thread,
the critical path on two threads (paths per second on two idle cores), and the wall time on two threads:

==========================  ================================  ================================  =====================
system (n)                  paths per CPU s, one thread,      critical path, paths/s, two       median, wall paths/s,
                            4fd3564 -> this (pairs; medians)  threads, 4fd3564 -> this          two threads
==========================  ================================  ================================  =====================
linear 4-2-4 (12)           10,046/10,087/10,088 ->           18,138/17,742/18,520 ->           17,717 -> 20,497
                            11,218/11,388/11,461: 1.13x       20,720/20,595/20,635: 1.14x
dense 3-2-3 r=2 (10)        9,238/9,224/9,327 ->              16,924/16,619/17,507 ->           15,676 -> 18,484
                            10,326/10,149/10,218: 1.11x       18,736/18,435/19,075: 1.11x
linear 6-2-4 (16)           6,039/6,014/6,041 ->              11,085/11,024/11,216 ->           10,501 -> 12,263
                            6,654/6,579/6,677: 1.10x          11,962/12,356/12,501: 1.11x
==========================  ================================  ================================  =====================

(Earlier runs, load 5.9-6.4 with (1)-(3): 1.06-1.08x one thread; load 7.7-9.6 with (1)-(2): 1.05-1.09x.) linear
6-2-4's margin over 10^4 paths per second on two cores is then 20-25% here (critical path and wall at load 2.5).
The five smaller systems (``track``'s CPU a path, same pairs): dense 3-2-2 78-80 -> 69-72 us,
conv k=2,2,2 35.5-37.5 -> 34.1-35.0; linear 3-1-3, conv k=2,3 and conv k=3,3 took either about 1x or about 1.8x
their best CPU in a process, in every tree alike (4fd3564 too: conv k=2,3 17.2-32.9 us), so their pairs say
nothing either way. Tried, not adopted (same harnesses, bit for bit each): the factorization's swap with the old
row k kept and selected in the elimination instead of the scatter 0.95-1.0x, the pivot row formed by selects
0.87-0.94x; the solves' exchange as scalar swaps 0.77-0.86x against (1). Where the rejected steps come from
(numpy engine, 256 paths, ``tracker._correct`` wrapped): linear 6-2-4 1.66 a path, of which 0.26 before a
path's first accepted step; the others have first updates of 0.06 relative (median; accepted steps 2e-5) at
steps a median 1.19x the last accepted one, 52% failing the contraction test and 48% not converged in three
iterations, and 78% of their retries (half the step) are accepted (dense 3-2-3 alike): a surprise of the path,
not an overgrown step; a cheaper retry rule would touch only the rejections that follow a rejection (19% of
them). Not changed.

Session 16 (2026-12-04, 19:45-20:36 UTC, load 5.3-8.7 all session: seven jobs on the 2 cores). Where the CPU of
a path goes, linear 6-2-4 (n = 16, 96 registers; 1,024 paths, one thread): 16.5 accepted and 1.9 rejected steps a
path (10% of the steps, each costing a whole predictor and corrector), 60.8 full and 36.1 light evaluations (the
other two systems: linear 4-2-4 18.8 / 1.1 / 64.4 / 39.2, dense 3-2-3 22.1 / 1.2 / 75.2 / 46.2); 66 calls of
``advance_batched`` a track (8 groups a kernel call), each with a fixed cost of 137 us at load 6.6 (its work
arrays made and initialized afresh: registers and derivative lanes 65 us, the packed narrow blocks about 70;
405-442 us at load 7) -- about 9 us a path, more under load; the endpoint work 34-60 us a path, of which the
1-norm's 256 ``hypot`` calls about 7. Two changes, both without touching a step: (1) the compiled tracker keeps
the batched kernel's work arrays per thread and block size (``batched.batched_work``, ``work=``) instead of a
call making them (bit for bit: a call reuses them from block to block already; ``tests/test_tracker_work_reuse.py``
against fresh arrays on four systems; the eight bench systems' 1,024 endpoints equal to main's bc3bb27 bit for
bit); (2) the endpoint 1-norm's column sums by ``sqrt(a^2 + b^2)`` (``hypot`` where that is not finite): the
condition numbers of the 1,024 endpoints within 5.3e-16 relative of bc3bb27's on linear 6-2-4, linear 4-2-4,
dense 3-2-3, conv k=2,2,2 (90-93% bit for bit), the same singular decisions. Measured, bc3bb27 and this tree
alternated in fresh processes: a group call (128 paths, no rounds) 405-442 -> 58-93 us on linear 6-2-4, 130-169
-> 55-94 dense 3-2-3, 111-190 -> 77-100 linear 4-2-4, 99-107 -> 46-72 conv k=2,2,2, 83-149 -> 53-101 dense
3-2-2, 44-94 -> 56-78 on the three small systems (the work arrays' dispatch, about 15 us, eats their small
allocation: no gain there); ``finish()`` 60-72 -> 45-56 us an endpoint on linear 6-2-4, 38-40 -> 24-30 linear
4-2-4, 33-35 -> 29-31 dense 3-2-3. Whole tracks (``threads_rows``, two runs of two pairs,
median of 4 each, load 6.5-8.7): CPU us a path on one thread, bc3bb27 -> this: linear 6-2-4 701 -> 653, linear
4-2-4 376 -> 393, dense 3-2-3 395 -> 396, dense 3-2-2 317 -> 275, conv k=2,2,2 146 -> 135, linear 3-1-3 85 -> 84,
conv k=2,3 62 -> 71, conv k=3,3 111 -> 100: at this load +-15% between repetitions, so only linear 6-2-4's 7%
(10% in five more pairs of the three largest systems: medians 738 -> 664, dense 3-2-3 440 -> 436, linear 4-2-4
423 -> 418) stands out of the noise; the expected gain from the parts is 3-5% on the three largest systems. The
gap to 10^4 paths a second (1.6-2x) is the step itself: three LU factorizations a step, the packed second
iterations, and the rejected steps.

Session 15 (2026-12-04, 17:30-17:33 UTC, load 10.6-11.1 on the 2 cores all session: no idle moment). Two changes:
the endpoint checks on the Jacobian's parts apart (:mod:`algnet.homotopy.endpoint_kernels`, the same numbers bit
for bit) and a simplified third corrector iteration after a full second one (:mod:`algnet.homotopy.batched`; the
same statuses, steps within 0.1%, endpoints within 5.2e-11). ``track`` of the 1,024 paths of ``threads_rows``,
main's ececf5a and this tree alternated (ececf5a, this, ... in fresh processes), two pairs, best of 3 each: CPU us
a path on one thread, and the critical path's paths per second on two threads (process CPU with each threaded
call counted by its slowest thread: the wall time on two idle cores; at this load it understates an idle
machine's by about 1.5x: linear 6-2-4 gave about 8,500 paths per wall second on two idle cores at session 14's
end against 5,500 here). Wall times at this load measure the machine, not the code, and are not given:

==========================  ======================  ======================  ====================
system (n)                  CPU us a path, 1 thread critical path, paths/s  full / light evals a
                            ececf5a -> this         2 threads, ececf5a ->   path, ececf5a ->
                            (two pairs)             this (two pairs)        this
==========================  ======================  ======================  ====================
linear 3-1-3 (5)            48.9/48.2 -> 46.6/46.5  34,699/27,895 ->        40.2/22.8 -> 39.4/23.7
                                                    33,951/35,481
conv k=2,3 r=2 (4)          34.9/34.2 -> 32.8/32.5  47,120/41,327 ->        34.5/19.5 -> 33.9/20.2
                                                    51,998/48,359
conv k=3,3 r=2 (5)          54.8/54.5 -> 51.6/51.5  29,479/26,354 ->        39.0/20.2 -> 37.5/21.8
                                                    34,122/32,609
linear 4-2-4 (12)           205.5/201.1 ->          8,776/7,430 ->          66.3/37.3 -> 64.4/39.2
                            191.2/187.5             9,591/9,508
dense 3-2-2 r=2 (8)         153.1/153.1 ->          11,676/10,898 ->        83.3/48.9 -> 81.5/50.7
                            148.0/148.4             11,917/12,247
conv k=2,2,2 r=2 (4)        75.8/76.6 -> 73.0/74.8  21,750/23,164 ->        48.8/28.2 -> 47.7/29.2
                                                    22,389/23,441
dense 3-2-3 r=2 (10)        226.7/226.8 ->          8,244/8,251 ->          77.3/44.0 -> 75.2/46.2
                            212.6/227.9             8,648/8,661
linear 6-2-4 (16)           337.1/342.7 ->          5,507/5,498 ->          63.2/33.8 -> 60.8/36.1
                            317.1/322.2             5,741/5,721
==========================  ======================  ======================  ====================

1.02-1.07x CPU per path (dense 3-2-3's second pair 1.0x, noise), critical path 1.02-1.29x; the endpoint work
(``finish``) 43.6 -> 35.7 us a path on linear 6-2-4, 23.2 -> 19.1 on linear 4-2-4, 18.7 -> 16.7 on dense 3-2-3.
With the idle factor above, linear 6-2-4 would be near 9,000 paths per second on two idle cores: still short of
10^4 (a projection, not a measurement). Per call of ``track`` (linear 6-2-4, two threads, load 8): the first
kernel call (1,024 paths, 11 rounds) holds 47% of the CPU at 1.99x on the critical path, the calls above 400 paths
1.9-2.0x, those of 9-313 paths 1.25-1.85x, the endpoint work 1.92x; in all 1.89-1.90x: the threads' structure is
not what is short, the CPU per path is.

Where the second thread lost, and what changed (session 8, 2026-12-03;
per-thread CPU from ``time.thread_time`` in each thread; load 4-7 all
session, no quiet moment):

* The wall numbers are the machine's: with one other job running, our two
  threads shared about one core (conv k=2,2,2, first kernel call of 1,024
  paths at load 1.7: 86 ms CPU per thread in 264 ms wall, where one thread
  did 180 ms in 180 ms; the kernel releases the GIL: a Python loop ran at
  full speed beside it). The kernel's autogroup scheduling shares the CPU
  between sessions, so a second thread gains wall time only on an idle
  core (hence ``auto_threads``). Below, the critical path measures the
  structure instead.
* Structure, ``track()`` of 1,024 paths, before this session: critical
  path 1.64-1.78x one thread's CPU (load 2-3.5). Losses: serial Python between kernel
  calls, 10-14% of the critical path, mostly the endpoint work at the end
  (refinement, the numpy output transform, the exact condition numbers:
  0.13 of 1.33 s CPU on linear 6-2-4, cProfile); the groups' imbalance in
  each call (each group stops at its share of the call's stops) 3-7% of
  the threaded CPU; thread start and join 50 us CPU, 120-220 us wall a
  call (10-14 calls); two threads' CPU per path 0-10% above one thread's.
* Now the endpoint work is one GIL-free kernel per endpoint
  (:func:`algnet.homotopy.endpoint_kernels.endpoint_rows`: refinement,
  transform, checks), split over the threads, with the condition number
  estimated from n >= 10 (table below): 1-2% of the critical path.
  In monodromy (seed 0, one thread) the kernel CPU by paths under way at a
  call: below 16 (path by path) 6-28%, 16-31 4-27%, 32-63 25-60%, 64 and
  more 0-56%; 16-31 paths now run as two blocks of 16 on two threads where
  two are allowed (``CompiledPathTracker._split_block``, since replaced by :mod:`algnet.homotopy.path_groups`: critical path
  1.20-1.51x that of one block of 32, 24 paths, 40 sets); threaded kernel
  calls in degree(linear 6-2-4) 71 -> 97 of about 300, critical path of
  the whole run 1.29 s against 1.59 s of CPU on one thread (load 4.7).
* Below 16 paths (path by path) the paths are split over two threads as
  well where two are allowed (:mod:`algnet.homotopy.path_threads`, a
  GIL-free wrapper of ``kernels.advance``): 12 paths tracked to the end,
  40 sets, critical path 1.33-1.40x one thread (n <= 6) and 1.67-1.79x
  (n >= 10), bit for bit (load 4.8-5.4).
* Whole degree computations (``degree(spec, method="monodromy",
  fiber=False, certify=False)``, seed 0, best of 2 interleaved, load
  6.6-7.0; the default ``threads=0`` deciding as on an idle machine,
  ``other_load`` set to 0) gain little: critical path against one thread's
  CPU 0.87x (conv k=2,3, 16 ms in all), 0.98-1.08x (linear 3-1-3, conv
  k=3,3, conv k=2,2,2, dense 3-2-3), 1.13x (dense 3-2-2), 1.17x (linear
  6-2-4), 1.28x (linear 4-2-4); the same degrees and paths (130 against 131
  on linear 4-2-4). The calls are small (a median of 5-16 paths under way)
  and Python between them (the solver's bookkeeping, dense 3-2-3's Hilbert
  cross-check) stays on one thread.
* Tried, not adopted: blocks resized (a multiple of 4 paths) so that their
  number is a multiple of the threads (3 blocks of 32 split 2:1): critical
  path of track(1,024 paths) 0.83-1.21x, 0.97-1.01x on six of eight (load
  3.5-4.1); active paths ordered by progress t with the blocks
  dealt in turn to the groups (balanced t in each group): imbalance 3-9%
  against 2-8%, one thread's CPU unchanged (load 4-7); blocks of 8 on two
  threads for 8-15 paths against the path-by-path kernel on one: critical
  path 0.76-1.15x.
* Same endpoints: every batched block size rounds alike, bit for bit (2,
  5, 8, 16, 32); since the batched LU's fused multiply-adds (blocks.py,
  this session) the path-by-path kernel differs from it by up to 1.8e-12,
  and two threads change when a path crosses to it (below 16 paths), so
  the default-block runs on one and two threads agree in statuses and to
  1e-13-1e-12, not bit for bit (with a fixed ``block`` they are bit for
  bit; tests/test_tracker_compiled.py, tests/test_endpoint_conditions.py).

``threads_rows`` (08:35 UTC, load 4.0-4.8; 1,024 paths, 1 and 2 threads
interleaved, best of 3 each; the same statuses):

==========================  ================  =============  ==============  ======
system                      paths/wall s      paths/CPU s    critical        x 1
                            1 -> 2 threads    1 / 2 threads  path, paths/s   thread
==========================  ================  =============  ==============  ======
linear 3-1-3 (n = 6)        11,074 -> 9,646   15,829/14,669  26,251          1.66
conv k=2,3 r=2 (n = 5)      14,174 -> 9,393   13,593/12,696  22,755          1.67
conv k=3,3 r=2 (n = 6)      6,883 -> 5,546    11,071/10,584  18,283          1.65
linear 4-2-4 (n = 16)       708 -> 794        1,731/1,709    3,184           1.84
dense 3-2-2 r=2 (n = 10)    1,883 -> 1,794    3,226/3,239    5,999           1.86
conv k=2,2,2 r=2 (n = 6)    3,118 -> 3,065    4,616/4,583    8,398           1.82
dense 3-2-3 r=2 (n = 12)    1,401 -> 1,862    2,238/2,145    4,051           1.81
linear 6-2-4 (n = 20)       1,179 -> 1,356    1,203/1,171    2,198           1.83
==========================  ================  =============  ==============  ======

A second run (08:55, load 3.9-4.2) gave critical paths of 1.41-1.55x on the
three small systems (n <= 6: two threads' CPU per path 14-16% above one
thread's there), 1.52-1.96x on the others, and walls of 0.72-1.06x: the
critical path is a CPU measurement under load too, good to about 15%.

On two idle cores at these CPU rates (load 4-5, which understate an idle
machine's by 1.3-3.5x, see below) 10^4 paths per second holds on linear
3-1-3, conv k=2,3 and conv k=3,3; conv k=2,2,2 is at 8,398. With session
7's idle one-thread rate of conv k=2,2,2 (6,938 per CPU second) and
the 1.82x critical path it would be about 12,600 (a projection, not a
measurement); dense 3-2-2 about 6,800. The wall columns show the load, not
the threads (0.66-1.33x).

``endpoint_row`` (same run): ``finish()`` of 1,024 endpoints, estimated
condition numbers (Hager-Higham, exact above 1e6) against exact ones,
CPU, best of 3; statuses and points equal on all eight; the estimate
serves from n = 10 (below, both columns are the exact route, 0.95-1.03x):

==========================  ======  ================  ==================
system                      n       estimate / exact  est./exact (range,
                                    (ms CPU)          share exact)
==========================  ======  ================  ==================
linear 4-2-4                16      23.5 / 31.3       0.507-1, 88%
dense 3-2-2 r=2             10      11.5 / 13.9       1, 100%
dense 3-2-3 r=2             12      19.4 / 22.5       0.709-1, 73%
linear 6-2-4                20      47.6 / 63.1       0.505-1, 78%
==========================  ======  ================  ==================

(One kernel per endpoint instead of refinement, a numpy transform and
exact checks apart: 61-104 -> 25-47 ms on linear 4-2-4 and 6-2-4, load
5.) Monodromy degrees (seeds 0 and 1, one thread) with the estimate and
with exact condition numbers: the same degrees, paths and path failures
on linear 4-2-4, dense 3-2-2, dense 3-2-3 and linear 6-2-4 (the systems
with n >= 10).

Both cores and the 10^4 target (measured 2026-12-02, session 7; one run of
this file, 256 paths per system, load 6.6-8.1 on the 2 cores; CPU is process
CPU time; "one thread" is the default kernel, blocks of 32):

==========================  ===========  ============  =============  ===========
system                      paths/CPU s  paths/wall s  paths/wall s   evaluations
                            one thread   one thread    two threads    per thread
==========================  ===========  ============  =============  ===========
linear 3-1-3 (n = 6)        12,903       4,526         5,698          55% / 45%
conv k=2,3 r=2 (n = 5)      7,478        3,644         3,780          54% / 46%
conv k=3,3 r=2 (n = 6)      6,081        2,802         2,192          54% / 46%
linear 4-2-4 (n = 16)       1,576        607           665            57% / 43%
dense 3-2-2 r=2 (n = 10)    3,004        460           667            55% / 45%
conv k=2,2,2 r=2 (n = 6)    1,803        615           645            54% / 46%
dense 3-2-3 r=2 (n = 12)    1,855        611           677            51% / 49%
linear 6-2-4 (n = 20)       1,019        343           409            54% / 46%
==========================  ===========  ============  =============  ===========

Two threads (then ``batched.advance_threads``, now :mod:`algnet.homotopy.path_groups`) split the
work about evenly (the evaluations each thread did; whole blocks, so the
thread with the last, partly filled block does less), with the same
endpoints bit for bit. They gave 0.78-1.45x the wall time of one thread
here, not 2x: this machine's kernel shares the CPU between sessions
(autogroup), not threads, so a second thread gains wall time only where a
core is idle; and at load 12 (512 paths, interleaved, best of 4) two
threads cost 7-25% more CPU per path. Hence ``threads=0`` (the default)
takes a second thread only where other jobs leave a core idle
(:func:`algnet.homotopy.tracker_options.auto_threads`). numba's own
threads (``parallel=True``, TBB layer), which this replaces, did no work
on the second core at all (per-thread CPU from /proc/self/task: 0.45 s
against 0.00 s). 10^4 paths per second on 2 cores needs 5,000 per CPU
second with both cores busy: linear 3-1-3, conv k=2,3 and conv k=3,3 have
that rate per CPU second; the other five, at 1,000-3,000, do not.
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
