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

The benchmark is split by concern (session 10): the systems, the paths and
the timing helper in ``bench/_tracker_common.py``; the ``threads`` and
``endpoint condition estimate`` rows, with the history of the threads
(sessions 7 and 8), in ``bench/_tracker_threads.py``; the series and Hermite
predictors (removed in session 12), their record in ``bench/_tracker_predictors.py``; the
throughput against the 10^4 target, the step control and the light
evaluations here. Since session 10 the systems are those the degree route
tracks: the witness system with its coordinate slices solved by substitution
(n - e unknowns; sessions 10-11 :class:`algnet.homotopy.pinned.PinnedFamily`, the
slice values b among the parameters; since session 12
:class:`algnet.homotopy.pinned.FixedPinFamily`, b fixed and only the dim offsets c
moving); the rows and tables before session 10 are of the full system (n unknowns,
the ``n =`` in them).

The 10^4 target on an idle machine, session 8 (2026-12-03 09:25 UTC, load
0.9-1.2, i.e. only this run; a new machine of the same kind, slower than
session 7's: compare within the table). 1,024 paths of each system, tracked
with ``track(H, X, TrackerOptions(engine="compiled", threads=k))``, best of
3, the code at this session's start (cf781b6) and at its end, one after the
other; paths per wall second, one thread -> two threads:

==========================  =================  =================
system                      session start      session end
==========================  =================  =================
linear 3-1-3                13,384 -> 17,864   14,425 -> 24,673
conv k=2,3 r=2              11,499 -> 14,765   13,125 -> 22,146
conv k=3,3 r=2              9,906 -> 16,346    11,206 -> 14,820
linear 4-2-4                1,476 -> 2,173     1,636 -> 2,645
dense 3-2-2 r=2             2,471 -> 3,193     3,336 -> 5,816
conv k=2,2,2 r=2            3,175 -> 6,472     4,474 -> 7,827
dense 3-2-3 r=2             1,361 -> 2,572     2,193 -> 3,945
linear 6-2-4                834 -> 1,617       1,214 -> 2,144
==========================  =================  =================

So 10^4 paths per second on the two cores holds on linear 3-1-3, conv k=2,3
and conv k=3,3 (the last 14,820 and 17,625 in two runs), and not on the other
five (2,144-7,827). The gains of this session: the block LU (1.5-1.9x less
CPU per path for the LU), the endpoint work in one GIL-free kernel split
over the threads, and two threads from 12 paths under way.

Session 9 (2026-12-03, lanes): the corrector's later full iterations packed
into narrow blocks and the tracking paths compacted between rounds
(:mod:`algnet.homotopy.packed_lanes`, whose docstring has the accounting of
where a path's time goes). A/B of those alone, in one process
(``advance_batched(..., pack, compact)`` off/on, interleaved, 1,024 paths, one
thread, best of 3, after merging the tape's inlining and the path groups,
load 5.6-6.6): paths per CPU second 1.04-1.05x on the three small systems,
1.11x linear 4-2-4, 1.06x dense 3-2-2, 1.08x conv k=2,2,2, 1.19x dense 3-2-3,
1.10x linear 6-2-4 (packing alone 1.01-1.15x), statuses and endpoints the same
bit for bit. Whole degrees (``bench_degree.py``'s algnet runs, seeds 0-2, off/on
interleaved, load 6.5-6.6): the same degrees and path counts, median CPU
0.94-1.07x (monodromy's calls are small: mostly path by path). ``threads_rows``
runs (1,024 paths, ``track(H, X, TrackerOptions(engine="compiled",
threads=k))``, best of 3) of the session's start (e8243bd) and the merged tree
(5156888 + this), one after the other in a quiet minute (12:07-12:08 UTC, load
falling 4.0 -> 3.4, wall = CPU on one thread), paths per wall second:

==========================  ================  =================
system                      session start,    merged tree,
                            1 thread          1 -> 2 threads
==========================  ================  =================
linear 3-1-3                15,439            15,885 -> 27,240
conv k=2,3 r=2              13,419            13,951 -> 24,731
conv k=3,3 r=2              10,957            12,085 -> 20,891
linear 4-2-4                1,702             2,138 -> 3,855
dense 3-2-2 r=2             3,337             3,671 -> 6,785
conv k=2,2,2 r=2            4,502             5,279 -> 9,456
dense 3-2-3 r=2             2,249             2,600 -> 4,391
linear 6-2-4                1,112             1,529 -> 2,835
==========================  ================  =================

(the session start's two-thread walls in the same minute, 0.9-1.8x its one
thread, were taken while another job ran: not comparable.) 10^4 paths per
second on two cores: the three small systems; conv k=2,2,2 9,456; the other
four 2,835-6,785. The one-thread gains from the start are mostly the tape's
inlining (another branch) with the packing above.

End of session 9, idle (12:36-12:38 UTC, load 0.9-1.2: only this run; the
final main and the session's start, one after the other, the same script),
paths per wall second, one thread -> two threads:

==========================  =================  =================
system                      session start      session end
==========================  =================  =================
linear 3-1-3                15,103 -> 19,862   15,382 -> 27,513
conv k=2,3 r=2              13,693 -> 20,988   13,967 -> 20,045
conv k=3,3 r=2              10,110 -> 14,478   11,708 -> 20,268
linear 4-2-4                1,649 -> 2,991     2,023 -> 3,842
dense 3-2-2 r=2             3,183 -> 5,795     3,571 -> 6,783
conv k=2,2,2 r=2            4,567 -> 7,241     5,007 -> 9,475
dense 3-2-3 r=2             1,476 -> 2,696     2,565 -> 4,907
linear 6-2-4                1,057 -> 2,026     1,462 -> 2,768
==========================  =================  =================

A second run of the end (12:38, load 1.1-1.2) gave 1,484-15,044 on one thread
(within 8% of the first) and 1,746-23,874 on two (6-2-4 1,746: the two-thread
walls vary by up to 40% between runs even at load 1). 10^4 paths per second on
two cores: met on the three small systems; not on the other five (conv k=2,2,2
closest at 8,432-9,475). Left (the accounting in packed_lanes): full
evaluations at 91-93% of lanes live are 60-70% of the kernel; the coordinate
slices solved by substitution (``systems.PinnedFamily``, n -> n - e unknowns:
1.07-1.44x in a tracking prototype) are not yet used by the degree route (its
solver keys points without the node's parameters).

Session 10 (2026-12-03, pinned): the degree route tracks the witness system
with its coordinate slices solved by substitution (:func:`slicing_family`
returns that family now; the solver keys, sums and returns the full points).
The session's start (7f9b469, full system) against this branch, alternate
processes (start, branch, start, ...; three rounds), each
``_tracker_threads.threads_rows`` for one thread (1,024 paths, ``track(H, X,
TrackerOptions(engine="compiled", threads=1))``, best of 3 in the process;
13:59-14:02 UTC, load 2.4-3.0): paths per CPU second, median of the three
rounds (best in parentheses); the same paths (start points drawn in full
coordinates), the same statuses (1,024 successes), evaluations within 0.13%:

==========================  ========  ================  ================  =====
system                      n         session start     pinned            ratio
==========================  ========  ================  ================  =====
linear 3-1-3                6 -> 5    15,253 (15,287)   17,388 (17,725)   1.14
conv k=2,3 r=2              5 -> 4    13,354 (13,640)   12,952 (13,712)   0.97
conv k=3,3 r=2              6 -> 5    11,477 (11,850)   12,911 (13,148)   1.12
linear 4-2-4                16 -> 12  1,975 (2,105)     2,717 (2,826)     1.38
dense 3-2-2 r=2             10 -> 8   3,568 (3,582)     3,829 (3,884)     1.07
conv k=2,2,2 r=2            6 -> 4    4,595 (4,882)     5,304 (5,586)     1.15
dense 3-2-3 r=2             12 -> 10  2,486 (2,596)     2,738 (2,900)     1.10
linear 6-2-4                20 -> 16  1,452 (1,481)     1,947 (2,006)     1.34
==========================  ========  ================  ================  =====

After the 15:00 merge (main with the kernel changes of this session, 15:08
UTC, load 1.0-1.5), in one process: the full family (``slicing_family(spec,
pin=False)``) against the pinned one on the same 1,024 paths, interleaved
(full, pinned) x 3 for one thread then two, best of 3; paths per CPU second,
one thread: linear 3-1-3 14,928 -> 17,619 (1.18x), conv k=2,3 14,767 ->
16,490 (1.12x), conv k=3,3 12,669 -> 14,069 (1.11x), linear 4-2-4 2,171 ->
3,409 (1.57x), dense 3-2-2 3,840 -> 4,664 (1.21x), conv k=2,2,2 5,837 -> 6,725
(1.15x), dense 3-2-3 2,784 -> 3,490 (1.25x), linear 6-2-4 1,644 -> 2,257
(1.37x); the same statuses, endpoints within 2.9e-10 (conv k=2,2,2; the
others 1e-11), evaluations within 0.3%. (The two-thread walls of that run
equalled the one-thread ones on every system, 1.0x; ``threads_rows`` two
minutes later gave 1.6-2.0x again on linear 4-2-4 and conv k=2,2,2: another
job held a core during the first run.)

Whole degrees (``bench_degree.run_algnet``: monodromy and trace test, seeds
0-2, the same alternate processes, best of the three rounds per seed, load
3.1-3.6): the same degrees and paths (dense 3-2-3 seed 2: 2,946 against 2,960;
linear 6-2-4 seed 0: 1,877 against 1,880); median CPU seconds start -> pinned:
linear 4-2-4 0.118 -> 0.114 (1.04x), dense 3-2-2 0.065 -> 0.067 (0.97x), conv
k=2,2,2 0.123 -> 0.112 (1.10x), dense 3-2-3 0.385 -> 0.341 (1.13x), linear
6-2-4 0.958 -> 0.707 (1.36x). On the small routes the tracker is about half
of the CPU (dense 3-2-3, seeds 0-2 under cProfile: ``advance_batched`` 1.0 of
1.9 s; ``PinnedFamily.full`` 0.03 s). Degree 1,536 (conv k=2,2,2,2 r=2, seed 0,
one thread, the slow test's call without certification, start then branch,
load 4.5-5.3): 141.0 -> 131.7 s CPU (1.07x; 312 and 301 s wall), 72,345 and
72,349 paths, trace test passed both; with Krawczyk's certification (after
the fix of its all-pairs distinctness test, which asked for 17.4 GiB there)
145.0 s CPU, 396 s wall at load 6.6, all 1,536 points certified distinct.
Where its time goes (cProfile on CPU time, the branch, 141.5 s): the batched
kernel 109.8 s (78%, 1.5 ms a path against 0.3 ms on conv k=2,4,2 r=2),
``MonodromySolver.process`` 19.8 s in all, of which the keys (the network's
values at the 495 sample inputs of every endpoint) 6.2 s and the graph's
bookkeeping (``insert``, ``pending``, ``sync``, ``record``) 8.7 s: n 8 -> 5 saves little
where the tape's work is the values, not the unknowns.

A quiet moment came (15:23-15:25 UTC, load 1.4-2.2, i.e. up to one other
job; 1,024 paths, one thread against two interleaved, best of 4 each; the
same endpoints bit for bit). Paths per wall second, one thread -> two:

==========================  =================  ===============  =========
system                      paths/wall s       paths/CPU s 1/2  load
==========================  =================  ===============  =========
linear 3-1-3                19,174 -> 29,881   19,176 / 17,605  1.9
conv k=2,3 r=2              16,383 -> 25,617   16,384 / 14,702  1.9
conv k=3,3 r=2              14,300 -> 20,036   14,086 / 12,355  1.9
linear 4-2-4                2,407 -> 2,677     2,419 / 2,242    1.4
dense 3-2-2 r=2             4,815 -> 5,938     3,727 / 3,333    1.4
conv k=2,2,2 r=2            6,507 -> 6,694     6,938 / 7,214    1.7
dense 3-2-3 r=2             2,582 -> 2,816     2,535 / 2,760    1.7
linear 6-2-4                1,384 -> 2,157     1,357 / 1,326    2.1
==========================  =================  ===============  =========

So the 10^4 paths per second on 2 cores of issue 16 is met, measured, on
linear 3-1-3, conv k=2,3 and conv k=3,3 (20,000-30,000 per wall second
with two threads, 1.40-1.56x one thread), and not on the other five
(2,157-6,694). Two threads gave 1.03-1.56x the wall rate of one (the other
job took part of a core; 2x needs both cores free) and 0.88-1.09x the CPU
rate. The CPU rates here are 1.3-3.5x those at load 7 (the table above):
under load each CPU second does less work (caches and cores shared with
the other jobs), so CPU seconds measured under load understate the rate.
In monodromy (seed 0: conv k=3,3, conv k=2,2,2, dense 3-2-3, linear 6-2-4)
the tracker has a median of 10-14 paths under way per kernel call, more
than 32 (two blocks, the least for a second thread) in 16-25% of the calls
and more than 64 in 3-11%: the threads rarely engage there unless
monodromy keeps more paths under way.

Tried for fewer CPU seconds per path and not adopted (same endpoints, bit
for bit or within 6e-11; load 10-14, so only differences above about 15%
count): the stages of a block evaluated and factorized only for the paths
that need them, packed together (a block costs the same whatever the
number of its paths that need a stage): 0.90-1.13x standalone, 0.8-1.0x in
monodromy; blocks of 8 or 16 for 8-31 paths in monodromy: 0.90-1.10x;
the batched kernel from 4 paths instead of 16: 0.8-1.0x; ``step_growth``
2 instead of 3: 0.79-1.01x; ``max_corrector_iterations`` 2: 18-30% more
evaluations, 0.77-1.33x CPU; ``stop_batch`` 0.1: 0.86-1.02x; the LU
variants in :mod:`algnet.homotopy.kernels`. The endpoint work (refinement,
condition numbers, Python) is 5-13% of a path's CPU (12-13% on linear 4-2-4
and 6-2-4, of which the exact 1-norm condition number by the full inverse
is 5-6%: an estimator such as Hager's would save most of that, but it is a
lower bound, and the singular/success split and the callers that read the
condition numbers would need checking).

Step control from the corrector's contraction (``TrackerOptions.target_contraction``;
measured 2026-12-02, load 7-8, 256 paths per system, best of three
interleaved runs of process CPU, batched kernel, one thread): evaluations
per path (full + light) with the fixed tolerance -> adapted, and paths per
CPU second; the same statuses and endpoints within 6e-11 of each other
(tests/test_tracker_step_control.py checks the endpoints against a tight
tracking, predictor_tolerance 1e-8, on six named systems):

==========================  ===========  ==================  =============
system                      ev/path      paths/CPU s         all full (*)
==========================  ===========  ==================  =============
linear 3-1-3 (n = 6)        90 -> 78     13,906 -> 15,425    15,410
conv k=2,3 r=2 (n = 5)      133 -> 106   6,436 -> 7,542      7,807
conv k=3,3 r=2 (n = 6)      106 -> 87    4,955 -> 4,358      5,604
linear 4-2-4 (n = 16)       139 -> 118   1,314 -> 1,408      1,262
dense 3-2-2 r=2 (n = 10)    217 -> 164   2,658 -> 2,703      3,136
conv k=2,2,2 r=2 (n = 6)    147 -> 130   1,913 -> 2,062      2,225
dense 3-2-3 r=2 (n = 12)    189 -> 153   1,859 -> 2,275      1,861
linear 6-2-4 (n = 20)       121 -> 108   756 -> 805          679
==========================  ===========  ==================  =============

(*) adapted step control with ``light_evaluations=False``. 10-25% fewer
evaluations (deterministic); CPU 0.88-1.22x (median 1.08x): the adapted
steps are larger, so the corrector's first update more often exceeds the
limit of the light (simplified) Newton iterations and the remaining
evaluations are on average dearer; on the small systems (n <= 10) every
evaluation full is now as fast or faster, on n = 12-20 the light ones still
pay. Whole degree computations (``bench/bench_degree.py``'s algnet runs,
median CPU of seeds 0-2, load 7-9, before (this branch's start) -> after,
two runs each side by side): linear 3-1-3 0.013 -> 0.010-0.011 s, conv
k=2,3 0.016 -> 0.014-0.016, conv k=3,3 0.096 -> 0.078-0.081, linear 4-2-4
0.148 -> 0.116-0.124, dense 3-2-2 0.091 -> 0.060-0.068, conv k=2,2,2 0.468
-> 0.286-0.303, dense 3-2-3 0.602 -> 0.366-0.373, linear 6-2-4 1.323 ->
1.029-1.313; the same degrees and path counts (2955 against 2951 and 1281
against 1279 paths on one seed each). The 10^4 paths per CPU second target
is still met on linear 3-1-3 only.

The tables below are of the fixed step control.

Measured (2026-12-02, 2-core machine shared with other jobs at load 14-15,
so wall seconds are 5-20 times the CPU seconds and CPU seconds are
inflated too: compare the ratios within one run). 256 paths from random
starts, t = 0 to 1, single thread, batched kernel with light evaluations
(``TrackerOptions.light_evaluations``): paths per CPU second /
microseconds of CPU per evaluation (full and light together) / full +
light evaluations per path; in parentheses the same kernels with every
evaluation full (the step of earlier versions), in the same run, and its
evaluations per path; last column the ratio of CPU per path:

==========================  ================  =======  =============  =====
system                      paths/CPU s       us/eval  ev/path        ratio
==========================  ================  =======  =============  =====
linear 3-1-3 (n = 6)        12,200 (10,321)   0.91     57+33 (115)    1.18
conv k=2,3 r=2 (n = 5)      4,771 (5,138)     1.58     84+49 (138)    0.93
conv k=3,3 r=2 (n = 6)      3,860 (3,647)     2.45     67+39 (107)    1.06
linear 4-2-4 (n = 16)       1,517 (1,134)     4.76     88+51 (177)    1.34
dense 3-2-2 r=2 (n = 10)    1,898 (1,716)     2.43     135+82 (214)   1.11
conv k=2,2,2 r=2 (n = 6)    1,591 (1,616)     4.28     92+55 (136)    0.98
dense 3-2-3 r=2 (n = 12)    1,483 (1,196)     3.57     119+70 (189)   1.24
linear 6-2-4 (n = 20)       788 (720)         10.49    77+44 (147)    1.09
==========================  ================  =======  =============  =====

The same statuses, endpoints within 6.3e-11 with and without light
evaluations. An earlier run on the same machine at load 11-15, with the
systems drawn by the previous version of :func:`slicing_family` (same
construction, other random draws), gave 0.95-1.47x (1.46-1.47x on linear
4-2-4 and 6-2-4) and 10,463 and 9,917 paths per CPU second on linear
3-1-3 and conv k=2,3: the rates depend on the draw and the load, the
ratios less. The batched kernel is 1.3-2.1x the path-by-path one,
2.5-26x the numpy engine (CPU per path); both compiled kernels take the
numpy engine's steps. Threads (``threads=0``) gave 0.5-1.2x the wall time
of one thread at this load, so one thread is the default. The target of
10^4 paths per second is reached on linear 3-1-3 only; see
:mod:`algnet.homotopy.kernels` for where the time goes.

Whole degree computations (``degree(spec, method="monodromy", fiber=False,
certify=False)``, seeds 0-2, median process CPU; "before" is this branch
with the path-by-path kernel and without the row-reduced slices, so the
same monodromy code; same load): CPU of the whole route / of the tracking
kernel calls, before -> after:

==========================  ===================  ===================
case (degree)               whole route (s)      tracking (s)
==========================  ===================  ===================
linear 3-1-3 (6)            1.14x                1.63x
conv k=2,3 r=2 (6)          1.34x                2.09x
conv k=3,3 r=2 (24)         0.13 -> 0.09         0.09 -> 0.06
linear 4-2-4 (20)           0.24 -> 0.18         0.21 -> 0.15
dense 3-2-2 r=2 (15)        0.17 -> 0.11         0.10 -> 0.05
conv k=2,2,2 r=2 (48)       0.47 -> 0.37         0.39 -> 0.29
dense 3-2-3 r=2 (81)        1.99 -> 1.69         0.86 -> 0.42
linear 6-2-4 (105)          3.00 -> 1.60         2.80 -> 1.41
==========================  ===================  ===================

The same degrees; the same path counts except linear 6-2-4, where rounding
moved monodromy's choices by under 1% (2,306 / 1,558 / 1,557 paths against
2,310 / 1,543 / 1,552). dense 3-2-3's route also runs the Hilbert-function
cross-check (about 1 s here), not the tracker. These runs needed
``force=True`` on dense 3-2-3: the route's pilot estimate (wall time of
single paths x 10, :mod:`algnet.analyses.degree_estimate`) put it at 2.5 h on
this loaded machine and refused it.

Fewer full evaluations (moved here from :mod:`algnet.homotopy.kernels`;
measured 2026-12-02, load 11-15, 256 paths from
random starts per system, ``bench/bench_tracker.py``). A step used five
evaluations with the Jacobian: RK4 stages 2, 3, 4 and two Newton
iterations (2.1-2.35 a step). Per path: 15-35 steps, 0.3-3.9 rejected.
The *light* evaluation (:func:`algnet.homotopy.kernels._run_light`: values and one tangent lane,
H_x w + H_t, instead of n + 1 lanes) serves where a factorization already
exists (``TrackerOptions.light_evaluations``): the third stage, O(h^2)
from the second at the same t, is one refinement k3 = k2 - J2^{-1}
(J3 k2 + H_t3) with the second stage's LU (error O(h^4), RK4's order), and
Newton iterations after the first are simplified (the first iteration's
LU, the velocity refined along (v, 1)) when the first update is below
10 x predictor_tolerance (without that guard a path was accepted off its
curve after a first update of 5,000 and failed). The LU now keeps its
factorization (``kernels._lu_factor``, ``kernels._lu_apply``). Result: 53-122 full
and 30-71 light evaluations a path instead of 102-190 full; the same
statuses and endpoints within 3e-11 on the eight systems; CPU per path
0.95-1.47x better (1.46-1.47x on linear 4-2-4 and 6-2-4, where the LU and
the n + 1 lanes weigh most; 0.95x on conv k=2,2,2, which takes 2 more steps
a path). Tried and not adopted: the
corrector's first iteration also simplified, with the fourth stage's LU
(25% fewer full evaluations again, but 1.3-2x the light ones and more
rejected steps, and no guard left on the first update).

Session 18 (2026-12-05 01:55-02:55 UTC, load 1.7-9). Where a degree run's CPU goes (``bench_degree``'s
run_algnet, seeds 0-2, the kernels wrapped with thread-CPU timers, load 4.6): linear 6-2-4 0.98 s, of which
``advance_batched`` 0.61, ``endpoint_rows`` 0.089 (18.9 us an endpoint, 4,703 endpoints in 182 calls of 26), the
path-by-path kernel 0.071, the rest Python; dense 3-2-3 0.45 s: 0.24 / 0.034 / 0.045. The endpoint work
(:mod:`algnet.homotopy.endpoint_kernels`, the figures there): 96-100% of the endpoints take one evaluation, whose
update was solved twice (the LU of J, then the LU of the row-scaled T J for the checks): now once, with the checks'
LU; and the scaling's column sums row by row. ``endpoint_rows`` on its own inputs captured from these tracks (1,024
endpoints a system, thread CPU us a row, best of 5, against df23770 in alternate processes, load 7.8-8.9): linear
6-2-4 16.2/15.6 -> 12.8/12.9, dense 3-2-3 8.1/7.9 -> 6.7/6.7, linear 4-2-4 8.3/8.1 -> 6.8/7.6, dense 3-2-2 5.4/5.3
-> 4.5/4.5, conv k=2,2,2 2.69/2.65 -> 2.41/2.39; points, values, condition numbers, updates, evaluations, and the
eight systems' 1,024 tracked endpoints, statuses, steps and rejections bit for bit. Whole tracks (1,024 paths, one
thread, thread CPU us a path, best of 5 in a process, df23770 and this alternated, three rounds, load 2.3-2.6):
linear 6-2-4 150.7/149.8/165.0 -> 143.1/150.2/150.2, dense 3-2-3 99.6/100.5/104.5 -> 94.2/97.6/96.2, linear 4-2-4
92.2/88.6/89.0 -> 86.4/92.1/85.3 (medians 1.00x, 1.04x, 1.03x; the parts predict 1.4-2.2% less: below this noise).
``threads_rows`` (three pairs, load 6.7-9.0), paths per CPU second of one thread, medians: linear 4-2-4 10,033 ->
10,684, dense 3-2-3 9,144 -> 9,527, linear 6-2-4 6,036 -> 6,123. Degree runs (``run_algnet``, seeds 0-19, the eight
systems, df23770 and this): the same degrees, path counts, loops, trace verdicts and trace residuals bit for bit;
paths per witness point, medians: 7.33, 7.33, 9.0, 9.0, 9.67, 14.5, 11.49, 11.61 (the issue's order). Inside the
degree runs (``_ab_rates.degree_rate``, seeds 0-2, best of 3-5, df23770 and this alternated, four pairs, load 1.7-1.9),
paths per CPU second: linear 6-2-4 5,125/5,299/5,471/5,117 -> 5,483/5,516/5,607/5,138 (pairs 1.00-1.07x, median 1.03x),
dense 3-2-3 7,822/8,387/8,566/7,793 -> 8,707/8,410/8,396/7,966 (0.98-1.11x), linear 4-2-4 4,768/5,240 ->
5,076/5,112 (two pairs, 540 paths).

Tried, not adopted (session 18). (1) The step control's knobs (1,024 paths, one thread, every option set in one
process interleaved, best of 3, load 4.6-4.8; us a path and steps / rejections a path, linear 6-2-4; dense 3-2-3
and linear 4-2-4 alike): defaults 152.6-154.4 us, 16.54 / 1.89; ``tolerance_range`` (0.1, 30) 1.004x, 16.40 / 1.93;
``predictor_tolerance`` 2e-4 1.004x, 16.45 / 2.11 (the adapted tolerance, not this, sets most steps);
``max_corrector_iterations`` 4 0.97x; ``contraction`` 0.3 1.016x; ``step_growth`` 4 and ``max_step`` 1.0: the same
steps; ``initial_step`` 0.02 / 0.1 / 0.2 0.97-0.99x; ``target_contraction`` 0.002 / 0.003 1.03 / 1.04x (15.68 /
2.12, 15.38 / 2.23: 5-7% fewer steps, 12-18% more rejections) but 0.999x / 0.974x on dense 3-2-3, 0.0005 0.93-0.97x.
No endpoint moved by more than 1e-12 relative, no status changed. The defaults stay. (2) The corrector's simplified
iterations after the first packed into a narrow block where at most half the block needs one (as
:mod:`algnet.homotopy.packed_lanes` does for the full ones; the same steps bit for bit): one call, linear 6-2-4,
1 / 2 / 4 / 8 / 16 live paths: full block 18.6 us each, packed 17.3 / 17.5 / 15.5 / 15.6 / 23.0; dense 3-2-3 10.6
against 11.5-11.9 (15.4 at 16): a light evaluation of a block of 32 costs little more than a narrow one, so the
tracks did not change beyond the noise (145.3 / 99.7 / 87.2 against 150.2 / 96.2 / 86.4 us a path, medians).

Session 19 (2026-12-05 04:20-05:10 UTC): cheaper steps, not bit for bit. Counts (evaluations, steps) are
deterministic; numpy engine (the compiled engines take its steps up to rounding), tools in
``bench/_tracker_steps.py``. A step is k2 (full: tape with Jacobian, LU, a solve), k3 (light, k2's LU), k4 (full),
the corrector's first iteration (full, LU, two solves) and its simplified second (light): 3 LUs, one per full
evaluation. (1) Where the steps go, the monodromy transports of seed 0 (``python bench/_tracker_steps.py``): linear
6-2-4 1,008 paths, 10.01 steps + 1.48 rejected a path; accepted in 1/2/3 iterations 456/8,099/1,535, rejected after
2/3 911/581; the first update over the error the step was sized for: accepted median 0.065, rejected median 453
(877 of the 1,099 with a target above 100); theta = second / first below 1e-4 in 6,118 of the 10,090 accepted
(target 1e-3). dense 3-2-3 2,089 paths, 10.60 + 0.81; 576/18,533/3,028 and 856/843; medians 0.10 and 241. A
rejection is a cliff (the step crossed the radius of convergence), not a step slightly too long: capping the steps
at 0.7-0.9 of the last rejected one (growing 1.1-1.3x a step) cut rejections 1-10% and added 1-30% steps; PI control
(Gustafsson, exponents 0.14/0.08, 0.12/0.06) 6-12% more steps. (2) The greedy oracle (largest step on a 1.2x grid
that the tracker's own predictor and corrector accept and that lands within 1e-8 of a tight tracking): 4.62 steps a
path against 10.12 + 0.62 on 8 of those linear 6-2-4 paths; random paths of the bench systems, 6 each: dense 3-2-3
7.50 against 18.00 + 0.83, linear 6-2-4 6.50 against 14.83 + 2.00 (the attempts it saw accepted off the reference
were all 1e-8 to 1e-7 off: the corrector's tolerance, not jumps). So 2.2-2.4x the steps the corrector would take in
hindsight: the step control cannot see the cliff before it. (3) Fewer factorizations a step, 256 random paths of
linear 6-2-4 / dense 3-2-3 / linear 4-2-4, full + light evaluations and steps + rejections a path (all statuses the
same, endpoints within 5e-9 / 1e-11 / 5e-11 of RK4's):

============================================  ======================  =======================  =======================
step                                          linear 6-2-4            dense 3-2-3              linear 4-2-4
============================================  ======================  =======================  =======================
RK4 (k2, k4, corrector: 3 LUs)                55.1+32.7 14.96+1.66    82.8+51.4 24.66+1.29     66.9+41.2 19.57+1.13
k4 light, k2's LU, from 2 k3 - k1, 1 refin.   53.9+73.5 23.60+0.82    75.3+104.8 34.16+0.84    72.8+99.5 33.30+0.32
the same, 2 refinements (``light_k4(2)``)     43.3+75.7 17.72+1.35    62.5+113.9 27.35+1.29    54.5+97.1 23.85+0.74
quadratic guess (last step's v), 1 refin.     59.8+78.5 25.38+1.20    85.4+116.9 38.38+1.05    78.5+105.2 35.14+0.63
the same, 2 refinements                       42.8+74.3 17.37+1.33    62.1+112.8 27.11+1.28    53.2+94.4 23.22+0.66
that guess as k4 (Simpson, 2 LUs)             87.6+81.3 39.52+0.83    130.4+123.6 60.92+0.77   123.4+114.6 57.43+0.49
corrector's 1st iteration, k4's LU (a)        54.1+75.7 17.83+6.07    69.9+102.7 27.39+4.77    64.6+96.3 22.71+6.69
============================================  ======================  =======================  =======================

(a) simplified, its contraction with the frozen Jacobian's lag taken out (theta (first / 2) / (d + first / 2), d =
|x + h k3 - prediction|, O(h^3) but 10-100x the first update). Costs in the batched kernel (``bench_tape.py
--kernels --tracker``, load 9.1, us a path): tape with Jacobian / light tape / LU with two solves: linear 6-2-4
0.47/0.30/1.10, dense 3-2-3 0.41/0.16/0.44, linear 4-2-4 0.27/0.16/0.54, so a full stage costs 2.8-3.4 light ones;
at those costs the best rows (2 refinements) are 0.91-1.03x RK4's kernel work before their 10-22% more steps' lane
work (on linear 6-2-4's and dense 3-2-3's monodromy transports ``light_k4(2)``: 30.7 + 51.2 and 29.8 + 50.1 against
39.2 + 22.0 and 38.5 + 22.2, steps +13% and +12%, 0.98x and 1.01x). A refinement against a Jacobian h/2 away
contracts by about omega h / 2, which here is not small: one refinement loses RK4's order, two cost what the LU
saved. (4) Step control from the radius of convergence, free: R ~ h |v1 - k1| / (2 |v1 - 2 k3 + k1|) from the
velocities at t, t + h/2 (k3) and t + h (the corrector's), the next step's factor the geometric mean of the
contraction control's and R / h (``TrackerOptions.radius_step``, commit 0d232dc, reverted by the next): numpy
prototype, 256 paths, 51.8 + 29.1 / 69.7 + 40.6 / 60.4 + 34.9 (steps -15 to -25%, rejections +42 to +67%);
close-path segments of tests/test_homotopy.py (seeds 0-199, eps 1e-9 and 1e-6, 3,600 paths): the same 4 paths off a
tight tracking as the default, 5% fewer evaluations (R / h alone at 0.7: 8 off). But compiled, 1,024 paths of each
of the eight systems, one thread, 05:01 UTC, load 3.1-5.1, us of CPU a path default -> it: 23.5 -> 23.8, 16.9 ->
16.9, 25.7 -> 26.2, 89.3 -> 90.1, 72.6 -> 67.5, 35.3 -> 32.5, 100.6 -> 95.1, 153.1 -> 149.4 (0.98-1.09x; rejected
steps +35 to +110% eat most of the 6-16% fewer full evaluations), and path 982 of dense 3-2-2 ended at another
path's endpoint (14 from a tight tracking's, which the default matches to 5e-14), path 743 of conv k=2,3 failed (4
steps, 36 rejections). Not adopted.

Decision: the default step stays (RK4, three LUs, the contraction control); nothing above passes the bar of issue 16
(same endpoints, no jumps) with a gain beyond the noise. What is left is the 2.2-2.4x of (2), which needs the
distance to the nearest singularity before stepping, robust enough not to jump (the estimate in (4) was not).

Session 20 (2026-12-05 07:22-07:53 UTC, load 7-11): a Taylor / Pade step with one LU, Timme's scheme
(Adv. Comput. Math. 2021; the method of HomotopyContinuation.jl): per step the coefficients x_1 .. x_4 of the path at
the current point from ONE factorization of H_x, order k from the tape in truncated power series with x_k = 0 and a
solve (:mod:`algnet.homotopy.taylor`, numpy; exact against sqrt(1 + t)'s binomial series, the velocity and the
s^5 residual, ``tests/test_taylor_series.py``), the Pade (2, 1) prediction, the step min(beta x the Pade pole
distance, (tol (1 + |x|) / |x_4 + b x_3|)^(1/4), 2 x the last step), then the tracker's own corrector
(``tracker._correct``, the same acceptance as RK4). Prototype ``bench/_tracker_steps.py`` ``taylor_track`` /
``compare_taylor`` (``--taylor``) on the monodromy transports of seed 0 (every path; the numpy engine's counts are
deterministic). Per path: full + light evaluations of the corrector and the endpoint refinement (RK4: all its
evaluations), the Taylor step's own Jacobians with LU ("own": one an attempt, or "lagged": the coefficients from the
factorization of the corrector's first iteration at the last prediction, so own only at a path's first step), 4
series sweeps an attempt, steps + rejections, and "work": kernel us a path modelled from session 19's costs (tape
with Jacobian / light tape / LU with two solves, above; an own Jacobian as a full evaluation; a light evaluation and
a sweep each a light tape + 0.1 LU for its solve; a sweep at one light tape is optimistic: session 11's compiled
sweeps cost 2.1-2.5, and at 2.2 the work below rises by 10-22 us):

======================= =========================== ================ ========== ==== ============== ========== ====
system (paths)          RK4: ev, steps,             Taylor tol 1e-3, steps      work lagged: ev,    steps      work
                        work                        beta 2: ev, own                  own
======================= =========================== ================ ========== ==== ============== ========== ====
linear 6-2-4 (1,008)    39.2+22.0, 10.01+1.48, 70.6 22.5+17.7, 15.3  14.92+0.34 91.6 24.7+17.8, 1.0 15.01+0.47 73.0
dense 3-2-3 r=2 (2,089) 38.5+22.2, 10.60+0.81, 37.3 19.4+15.9, 13.1  12.45+0.61 41.5 21.3+15.0, 1.0 12.42+0.48 32.6
linear 4-2-4 (180)      46.7+27.5, 12.78+1.23, 43.7 25.2+21.7, 17.6  17.13+0.51 54.4 29.6+20.3, 1.0 17.35+0.74 44.6
======================= =========================== ================ ========== ==== ============== ========== ====

So at best (lagged, cheap sweeps) 1.04x RK4's kernel work on linear 6-2-4, 0.87x on dense 3-2-3, 1.02x on linear
4-2-4, and on conv k=2,2,2 (704 paths; costs full 1.97 / light 1.36 us, ``kernels.py``'s figures) 16.6+11.4 + 1.1
own + 39.4 sweeps, 9.41+0.45 steps against 32.1+18.6, 8.95+0.50: 104 against 88.5 (1.17x). The >= 20% less that a
kernel needed holds nowhere, so no numba kernel was written (the default is unchanged). For 0.8x the sweeps would
have to cost under 0.1 (linear 6-2-4: nearly free) and 0.66 (dense 3-2-3) light tapes, less than the pass that reads
each instruction once with one tangent lane. Other settings (steps + rejections, work own / lagged): linear 6-2-4
tol 3e-4 beta 2 19.72 + 0.11, 106.9 / 79.2 (the corrector then 1 full + 1 light an attempt); tol 1e-2 beta 1 lagged
12.52 + 2.30, 76.2; dense 3-2-3 3e-4: 47.8 / 34.9, 1e-2 lagged 35.0; linear 4-2-4 3e-4: 63.7 / 47.4, 1e-2 lagged
46.7 (path 131 failed where RK4 succeeded). Earlier runs (own LU): beta 4 at tol 1e-3 as beta 2 (14.79 + 0.37: the
pole hardly binds at beta >= 2, the error term does); beta 0.5 at tol 1e-2 20.91 + 0.25 steps; the corrector's
second iteration simplified up to 1e-2 instead of 1e-3 (``light_tol`` 1e-3): 6-8 rejections a path (the simplified
iteration fails the contraction test). Why: (1) the one-point series needs 1.2-1.5x RK4's steps for the same
prediction error on the linear networks (14.9 against 10.0 at tol 1e-3 on linear 6-2-4: RK4 samples the path at t +
h/2 and t + h, the series only at t; session 11's finding), about RK4's on the conv and small systems; (2) the four
sweeps an attempt eat the two LUs saved: RK4's attempt is 3 full + 2 light, the Taylor one 1-1.5 full + 1 light + 4
sweeps. Counts on the other four (tol 1e-3, beta 2, own LU; RK4 in parentheses): linear 3-1-3 (44 paths) 11.52 +
0.07 steps (9.21 + 1.11); conv k=2,3 (62) 8.68 + 0.81 (8.08 + 1.19); conv k=3,3 (152) 10.45 + 0.30 (8.73 + 0.61);
dense 3-2-2 (205) 16.29 + 0.99 (14.71 + 1.34). Endpoints: every path that RK4 and the prototype both finished agrees
within 1.8e-12 (relative): no jump in any run (the eight systems' 4,444 paths, 3-18 settings each); the only lost
paths, 699 of linear 6-2-4 (own LU) and 131 of linear 4-2-4, at tol 1e-2. Not adopted; what is left on this route is
the distance to the nearest singularity that (2) of session 19 asks for, and a one-point series does not give it
cheaply enough.

Session 21 (2026-12-05 10:46-11:30 UTC, load 8-16 all session: every figure is CPU or a two-core
projection). Where a degree run's wall goes (``bench_degree``'s ``run_algnet``, threads forced to 2, process CPU
around each tracker step and each ``process``, the kernels' work and critical path from ``thread_seconds``; the
projection on two idle cores = CPU - kernel work + kernel critical path; best of 3; main 2745dea, load 8-10). linear
4-2-4 seed 0 (180 paths, 12 kernel returns, 11 processings): 25.0 ms = fixed costs before the first step and after
the last 4.1 (dimension, tape, set-up, trace result) + the 12 calls' critical path 12.6 (their work 21.4: 1.70x on
two threads) + Python inside the calls 2.0 (``_prepare``, ``_conclude``, the thread hand-overs: 165 us a call) +
``process`` 3.5 of Python and 1.2 of endpoint kernel (critical path; work 1.8) + other Python between the calls 1.6
(``send_graph``, trace test, saturations). Alike (fixed / calls' critical path (work) / Python in the calls /
``process``'s Python / endpoint critical path (work) / other Python, ms): dense 3-2-2 r=2 seed 0 (205 paths, 16
calls) 28.2 = 4.2 / 12.4 (19.2) / 3.0 / 5.2 / 1.1 (1.5) / 2.3; linear 6-2-4 seed 0 (1,009 paths, 36 calls) 123.4 =
5.2 / 84.2 (140.2) / 6.1 / 13.8 / 8.9 (15.6) / 5.1. The first call (32 random starts, 3.3 ms of work) and the
calls after a return that left no path under way cannot overlap anything. At this CPU (35 ms) linear 4-2-4 seed 0
perfectly parallel would take 4.1 + 31 / 2 = 19.6 ms: the brief's +27% (19.7 ms) is that bound, so overlap alone
cannot reach it.

``MonodromyOptions.overlap`` (session 18; off by default) with three changes (:mod:`algnet.homotopy.compiled_overlap`):
(1) while kernel calls run beside the caller, Python's thread switch interval is 0.1 ms instead of 5 ms: a worker
needs the GIL to wake and to call the kernel, and one running Python code lets it go only after the interval (a
worker's start while the caller ran 3 ms of pure Python, 40 trials, load 14, minimum: 4.44 ms at 5 ms, 0.21 ms at
0.1 ms); in degree runs the solver's processing releases the GIL early anyway (the endpoint kernel is nogil), so the
windows' start delay did not resolve at load 13 (median 0.48 ms at 5 ms, 0.82 at 0.1 ms, noise); (2) a run_out return
(:meth:`~algnet.homotopy.monodromy.scheduler.Scheduler.step`) processes its first call's endpoints beside the later
calls (``step_begin(to_end=True)``), then the rest before anything is sent, as the serial return; (3) a return that
leaves no path under way is processed in two halves, the first half's transports tracked beside the second
(``solver.SPLIT_SHARE``). 160 degree runs (``ISSUE16``, seeds 0-19) with overlap against 2745dea: the same degrees
and trace verdicts; the same paths on 157 (conv k=2,2,2 seed 7 511 -> 512, dense 3-2-3 seed 1 728 -> 736, linear
6-2-4 seed 17 3,952 -> 4,373: the one-call lag of the transports sent beside a call); (2) and (3) changed no path
count (with (3) off the same three). Projection, seeds 0-2 summed, 2745dea (overlap off) and this tree (overlap on)
in alternate processes, two pairs (11:06-11:08 UTC, load 13-16), ms and CPU ms: linear 4-2-4 74.0 / 73.4 -> 75.1 /
78.1 (CPU 98 -> 113-116), dense 3-2-2 r=2 73.9 / 73.8 -> 71.8 / 76.7, conv k=2,2,2 r=2 131.9 / 129.3 -> 128.0 /
134.3, dense 3-2-3 r=2 281.2 / 288.1 -> 275.5 / 273.5, linear 6-2-4 561.3 / 551.2 -> 520.8 / 526.9 (+6%). In one
process, variants interleaved (best of 4-5 per seed, load 13-16): linear 4-2-4 off 72.3 / 78.1 -> on 70.9 / 73.7 ms,
dense 3-2-2 68.6 / 73.7 -> 66.4 / 72.0; the switch interval changed neither projection nor CPU. CPU: best-of figures
of separate processes said 5-15% more with overlap, but in one process (off and on alternated, 6 rounds of seeds 0-2,
means, load 14) linear 4-2-4 took 37.5 -> 38.5 ms a run (+3%: hand-overs and wake-ups), the kernels' work 23.6 ->
23.9, the main thread's CPU 28.6 -> 22.9 (its share of the kernel calls goes to the workers). The projected gain
(0-11% on the small cases, +2-6% on dense 3-2-3 and linear 6-2-4) is within this load's noise; it stays off by
default. Whether it pays on idle cores needs the idle A/B
(``_ab_rates.degree_rate`` of both settings; turning it on for the degree route is one key in ``degree_options``).

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
    from algnet.homotopy.compiled import family_tape
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
