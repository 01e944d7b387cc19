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

==========================  ================  =============  ============  ======
system                      paths/wall s      paths/CPU s    critical      x 1
                            1 -> 2 threads    1 / 2 threads  path, paths/s thread
==========================  ================  =============  ============  ======
linear 3-1-3 (n = 6)        11,074 -> 9,646   15,829/14,669  26,251        1.66
conv k=2,3 r=2 (n = 5)      14,174 -> 9,393   13,593/12,696  22,755        1.67
conv k=3,3 r=2 (n = 6)      6,883 -> 5,546    11,071/10,584  18,283        1.65
linear 4-2-4 (n = 16)       708 -> 794        1,731/1,709    3,184         1.84
dense 3-2-2 r=2 (n = 10)    1,883 -> 1,794    3,226/3,239    5,999         1.86
conv k=2,2,2 r=2 (n = 6)    3,118 -> 3,065    4,616/4,583    8,398         1.82
dense 3-2-3 r=2 (n = 12)    1,401 -> 1,862    2,238/2,145    4,051         1.81
linear 6-2-4 (n = 20)       1,179 -> 1,356    1,203/1,171    2,198         1.83
==========================  ================  =============  ============  ======

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
0.94-1.07x (monodromy's calls are small: mostly path by path). ``/tmp/ab.py``
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

Both cores and the 10^4 target (measured 2026-12-02, session 7; one run of
this file, 256 paths per system, load 6.6-8.1 on the 2 cores; CPU is process
CPU time; "one thread" is the default kernel, blocks of 32):

==========================  ==========  ============  =============  ===========
system                      paths/CPU s paths/wall s  paths/wall s   evaluations
                            one thread  one thread    two threads    per thread
==========================  ==========  ============  =============  ===========
linear 3-1-3 (n = 6)        12,903      4,526         5,698          55% / 45%
conv k=2,3 r=2 (n = 5)      7,478       3,644         3,780          54% / 46%
conv k=3,3 r=2 (n = 6)      6,081       2,802         2,192          54% / 46%
linear 4-2-4 (n = 16)       1,576       607           665            57% / 43%
dense 3-2-2 r=2 (n = 10)    3,004       460           667            55% / 45%
conv k=2,2,2 r=2 (n = 6)    1,803       615           645            54% / 46%
dense 3-2-3 r=2 (n = 12)    1,855       611           677            51% / 49%
linear 6-2-4 (n = 20)       1,019       343           409            54% / 46%
==========================  ==========  ============  =============  ===========

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
paths converges in a radius of about 0.07-0.2 in t, |x_(k+1)| / |x_k| ~ 5-15:
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
where |x_(k+1)| / |x_k| ~ 1000: accepted on a far solution, then diverged).
Where more would have to come from: a sweep at the light pass's cost (the
sweep's lane loops are not vectorized as well), the kept factorization kept
across kernel calls (each call now starts every path with one full
evaluation: at most 6-10 of the 24-47 full evaluations a path, the rest being
one a step and one a rejected step), and a step size from
the series itself (Timme's trust region) rather than from the corrector.

Run with ``python bench/run.py --only tracker [--quick]`` or
``python bench/bench_tracker.py [--quick]``; the predictor rows (below) with
``python bench/bench_tracker.py --predictors [--quick]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

CASES = ["linear 3-1-3", "conv k=2,3 s=1,1 r=2", "conv k=3,3 s=1,1 r=2", "linear 4-2-4", "dense 3-2-2 r=2",
         "conv k=2,2,2 s=1,1,1 r=2", "dense 3-2-3 r=2", "linear 6-2-4"]
QUICK = ["conv k=2,2,2 s=1,1,1 r=2", "dense 3-2-3 r=2"]
N_PATHS = 256
N_NUMPY = 48
N_THREADS = 1024


def slicing_family(spec, seed=0, pin=True):
    """The family the monodromy degree route tracks, and dim M: the witness system (coordinate gauge slice)
    :func:`algnet.analyses.degree_pilot.witness_setup` builds, with its slices solved by substitution
    (``WitnessSetup.tracked``, a PinnedFamily in n - e unknowns; ``pin=False``: the full system)."""
    from algnet import parse_spec
    from algnet.analyses.network_input import network_dimension
    from algnet.analyses.degree_pilot import witness_setup

    net = parse_spec(spec)
    dim = network_dimension(net, seed)
    return witness_setup(net, dim, seed=seed, coordinate_slice=True, pin=pin).tracked, dim


def paths_and_target(fam, N, seed=1):
    """N random start pairs (X, P0) of ``fam`` and one random target P1 (rows equal). The start points are
    drawn in the family's full coordinates (``full_vars``; a pinned family keeps its free unknowns), so
    the pinned and the full family get the same paths."""
    rng = np.random.default_rng(seed)
    n, m = getattr(fam, "full_vars", fam.n_vars), fam.n_params
    X = (rng.normal(size=(N, n)) + 1j * rng.normal(size=(N, n))) / np.sqrt(2)
    if hasattr(fam, "start_pairs"):
        X, P0 = fam.start_pairs(X)
    else:
        P0 = fam.start_parameters(X)
    p1 = P0[0] + (rng.normal(size=m) + 1j * rng.normal(size=m)) * np.sqrt(np.mean(np.abs(P0[0]) ** 2))
    return X, P0, np.ascontiguousarray(np.broadcast_to(p1, P0.shape))


def _timed_track(H, X, opt):
    from algnet.homotopy.tracker import track

    w, c = time.perf_counter(), time.process_time()
    res = track(H, X, opt)
    return res, time.perf_counter() - w, time.process_time() - c


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


def main(quick: bool = False, cases=None) -> list[dict]:
    rows = []
    for spec in cases or (QUICK if quick else CASES):
        rows += run_case(spec, N=64 if quick else N_PATHS, n_numpy=16 if quick else N_NUMPY, monodromy=not quick)
        rows.append(threads_rows(spec, N=128 if quick else N_THREADS, repeats=2 if quick else 3))
        rows.append(endpoint_row(spec, N=128 if quick else N_THREADS, repeats=2 if quick else 3))
    return rows


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    rows = [r for spec in (QUICK if quick else CASES) for r in run_predictors(spec, N=64 if quick else N_PATHS)] \
        if "--predictors" in sys.argv else main(quick=quick)
    for r in rows:
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.2f}"
        print(f"{r['case']:<42} {r['algnet_s']:.3g} s  ratio {ratio:>6}  {r['note']}")
