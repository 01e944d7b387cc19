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

Paths per witness point (the notes print them per seed). Measured with
``degree(spec, method="monodromy", certify=False)`` and its default options,
seeds 0/1/2, before and after the changes of issue 16's second round (the
theorem's count as a stopping hint where one applies, random restarts only
while they find something; the path counts do not depend on the machine's load):

=========================  ======  ================  ================  ================
case                       degree  before            after             one-way edges
=========================  ======  ================  ================  ================
conv k=3,3 r=2             24      12.0/12.0/15.9    11.3/11.8/15.2    9.7/9.7/12.9
linear 4-2-4               20      8.1/16.9/12.6     7.8/16.9/12.4     6.6/13.8/10.2
dense 3-2-2 r=2            15      13.1/27.9/13.6    13.1/23.9/13.6    11.3/19.4/11.3
conv k=2,2,2 r=2           48      10.5/13.9/21.0    10.5/13.1/20.0    8.3/10.3/16.3
dense 3-2-3 r=2            81      36.3/9.4/27.2     17.3/9.4/46.6     14.2/7.8/36.5
linear 6-2-4               105     20.5/15.0/14.9    22.0/14.7/14.8    17.9/11.9/12.2
conv k=2,3,2 r=2           192     20-31 (issue)     19.2/27.5 (0/1)   15.5/21.8 (0/1)
=========================  ======  ================  ================  ================

"one-way edges" (issue 16, third round): an edge of the graph sends in one
direction at a time (:meth:`algnet.homotopy.monodromy.graph.MonodromyGraph.pending`).
Sending both ways at once tracked 17-20% of all paths twice: a point and its
partner on the other side of an edge were both sent before either path had
ended. Mean over seeds 0-3 of the first six cases: 16.4 -> 13.2 paths per
witness point, the same degrees; the CPU time of a degree run fell 10-20%
(conv k=2,2,2, conv k=3,3, dense 3-2-3, interleaved runs of both versions,
loaded machine). Tried and not kept this round: a random-start batch instead
of a new loop while starts find more points per path than loops
(``MonodromyOptions.adaptive_starts``, off: 13.1 against 13.2, and 14.3/23.9
against 15.5/21.8 on conv k=2,3,2); the tracker's ``stop_batch`` 0.5 or 0.75
and ``refill`` 0.25 (differences within the noise of a loaded machine);
moving only the offsets c at random nodes, not the gauge offsets b (16.37
against 16.39: the loops act through c).

Second round ("after"): mean over the 18 runs of the first six: 16.7 before, 16.4 after: within the
spread between seeds. Where the paths go (dense 3-2-3 r=2, seed 0): the
starting graph (p0, the two trace points, one random node: 2 loops) finds 77
of the 81 points with 494 paths (6.1 per point); the last four cost 2,400
more. They are the points of largest norm (up to 11 times the median): 800
random starts tracked to p0 reached 66 of the 81 points and never one of
them, and a loop through two random nodes moves them with probability 0.2 to
0.8 where it moves 0.8 of the others. On conv k=2,2,2,2 r=2 (degree 1,536)
the starting graph found 1,047 points with 6,076 paths (5.8 per point); one
path had failed on a trace line, and the solver then spent 2,094 paths on a
second pair of trace points before growing (the trace test now only needs
the three sets to have one size once the trace edges are saturated). The
same run (seed 0, before that change) went on: 1,359 points at 14,000 paths
(3 loops), 1,457 at 19,256 (4 loops), at 30-40 paths per CPU-second of one
core (579 CPU-seconds so far, on a machine at load 15-18, where it got about
a seventh of a core); it had not finished when the session ended.
Tried and not kept (same cases, seeds 0-3): growing by edges between
existing nodes (19.6 per point against 16.4 without restarts; conv k=2,3,2: 36 against 23),
alternating edges and nodes (20.0), nodes on the complex line through p0
and the trace direction (18.9 alternating, 46 only there), three edges per
new node (20.4), two random nodes in the starting graph (conv k=2,3,2: 42.5
and 30.9 against 19.2 and 27.5).

Session 6 (conv k=3,2,2 r=2, degree 384, seeds 0/1/2, paths per witness point): default options
13.2/21.4/15.2; random nodes at 100 instead of 10 times the size of p0 23.2/19.3/15.1; two random
nodes in the starting graph 11.2/21.2/25.2; three edges per new node 20.3/23.2 (seed 2 not run): the
defaults stay. A loop through two random nodes moves 50-70% of the 48 points of conv k=2,2,2 r=2
(as many at 10, 100, 1,000 or 10,000 times the size of p0; 10-30% at 1 time) in a few long cycles
and many fixed points, far from a random permutation: the cost of a run is about the number of edges
of the final graph times the degree (each edge carries every point once), so every loop that finds
nothing costs two paths per known point. What was lost on conv k=2,2,2,2 r=2 (seed 0): a transport
that failed on a trace edge left the trace points one short, and the solver then spent a new pair of
trace points (2,094 paths at 1,047 points); endpoints the tracker called singular because of their
scaling were dropped the same way (dense 3-2-2-2 r=2: 160 of 7,539). Failed transports are now tracked
again around the trouble (``MonodromyOptions.detours``) and badly scaled endpoints kept
(``MonodromySolver.rescue``).

conv k=2,2,2,2 r=2 through ``degree(method="monodromy", seed=0)`` with those changes (the rescue's
limit then 1e10; numba's threads on both cores; load 6-9, this run got about a third of the machine):
starting graph 1,047 points at 5,270 paths (103 CPU-s; the one failed transport detoured, no second
trace pair), then 1,358 / 1,390 / 1,442 / 1,518 / 1,529 points after 3 / 4 / 5 / 6 / 7 loops at
9,579 / 12,644 / 16,038 / 19,934 / 23,141 paths (504 CPU-s, about 46 paths per CPU-s); the old run
was at 1,359 points after 12,300 paths. The eighth loop's node had many nearly singular endpoints
(failed paths 42 -> 128, singular 3 -> 66) and p0 then held 1,538 to 1,540 points, more than the
degree: duplicates of ill-conditioned points. The rescue's limit is now 1e6 (keys accurate inside
the dedup tolerance). Restarted with it (same seed, load 3-9): 1,047 / 1,358 / 1,390 / 1,496 /
1,529 / 1,532 / 1,535 points after 2-9 loops, then degree 1,536 at 32,495 paths and 10 loops in the
first attempt, trace test passed (residual 5.0e-14), all 1,536 points Krawczyk-certified with
distinct images, the theorem's count confirmed; 1,115 CPU-s for the whole ``degree`` call
(dimension, estimate, search, certification; 1,880 s of wall clock on the shared machine; peak
1.4 GB). Not reached: under 10 minutes on 2 cores (on an idle machine with both cores this is
about 9-10 minutes of CPU per core if the threads scale; not measured idle).

Certification (batched disc Krawczyk, ``algnet.analyses.witness_discs``): conv k=3,2,2 r=2, 384
witness points, 0.16 CPU-s (383 points in the batch, one by the ball route) against 8.7 CPU-s for the
ball route alone (same certified and distinct counts); conv k=2,2,2,2 r=2: values and Jacobians of
1,536 points over polydiscs in about 3 CPU-s (K = 495 sample inputs).

Session 7 (issue 16), where a degree run's CPU goes (``bench_degree``'s options, seeds 0-2, twice, after
warm-up; load 6-8): conv k=3,3 r=2 about 94 ms a run: tracking 59%, endpoint handling 24% (the tracker's
endpoint refinement 11%, the keys, i.e. the network's values at the K sample inputs, 5%, the duplicate
lookup 5%), sending transports 4%, the tape's recording 4%, the rest of the solver 4%, outside the solver
(dimension, witness set-up) 5%. conv k=2,2,2 r=2 about 390 ms: tracking 79%, endpoint handling 15%. The
duplicate lookup now takes each batch's key sizes and projections at once (``SolutionSet.insert``). The
starting graph of conv k=2,2,2,2 r=2 (seed 0; 1,047 points, 5,270 paths, 100.6 CPU-s): tracking 97.2 CPU-s,
everything else 3.4 (endpoints 1.6, keys 0.46, tape 0.42, lookup 0.29); the tracker saw a median of 116
paths under way per call (mean 113, at most 233): the one-way edges and the refill rule keep the rounds
small, and sending all transports at once (``refill=1.0``, no ``eager_below``) changes neither the paths nor
the evaluations (conv k=3,2,2 r=2, degree 384, seed 0: 5,087 paths, 374,236 against 374,850
evaluations; median 32 against 24.5 paths under way per call).

Shorter paths on cones (``algnet.analyses.degree_monodromy.CONE_LOOP_SCALE``): on a homogeneous network
the loops permute the witness points alike whatever the size of the random nodes (the same paths per seed
at 0.5, 1, 2, 3, 10 and 30 times the size of p0), while paths to nodes as large as p0 are shorter:
evaluations per path at 10 -> 1 (seeds 0-5 or 0-3): conv k=3,3 65.8 -> 59.8, conv k=2,2,2 83.1 -> 70.7,
linear 4-2-4 84.8 -> 80.1, dense 3-2-2 89.6 -> 80.4, dense 3-2-3 89.6 -> 82.8, linear 3-1-3 52.5 -> 50.2.
Scaling each random start so that its offsets c have the size of p0's gives the same paths again and
-0.7 to 4.4% evaluations (not kept). Where the paths go (seeds 0-2): random starts are 28-34% of the paths
of conv k=3,3 at 13-20 steps each (transports along edges 9-16, along the trace edges 7-10); the second
batch of random starts found the last point of conv k=3,3 in seeds 0 and 1.

Tried this session and not kept (paths per seed 0-5, loop_scale 1; default conv k=3,3
232/232/310/312/152/2,135, conv k=2,2,2 400/496/782/912/716/528, dense 3-2-3 1,149/631/2,954/825/1,147/631):
``adaptive_starts`` 184/232/216/248/152/2,131, 368/400/400/1,647/1,225/560, 2,569/955/1,018/1,149/889/631
(with ``start_batch`` 1.0 worse); random starts with log-normal coordinate scales (sigma 1: the far point of
conv k=3,3 seed 5, 57 times the others' norm, in 408 paths instead of 2,135, but 974/976 on conv k=2,2,2
seeds 3/5; sigma 0.5 and a half-and-half mixture: no better); a new node joined to p0 and one random
node, to the two trace nodes, or to the previous new node (means within the spread of the seeds, medians
of seeds 0-2 worse on conv k=2,2,2: 688, 528, 656 against 496).

conv k=2,2,2,2 r=2 end to end, ``degree(spec, method="monodromy", seed=0)`` (defaults: theorem as stopping
hint, numba's threads from degree 1,000, certification), session 7 after merging the session's kernels
(2026-12-02 15:05, ``nice -n 2``, load 6-10, 6 engineers sharing 2 cores): degree 1,536, trace residual
2.4e-14, all 1,536 points Krawczyk-certified with distinct images, the theorem confirmed; 126 CPU-s and
232 s of wall clock (3.9 min), peak 1.36 GB; tracking 89.0 CPU-s, endpoint handling 12.7 (the tracker's
refinement 3.0), the rest of the solver 4.2, outside the solver (dimension, set-up, certification) 20.6.
Paths 72,359 over 23 loops (47 per point; 160 random starts, 11 failed paths detoured, 8 endpoints
rescued): 1,047 points after the starting graph (5,267 paths), 1,535 after 12 loops (38,539 paths), and
the last point only in the 23rd loop: 47% of the paths went to it. The same run on the code before the
merge (killed at 1,471 points) had followed the same counts to 16,322 paths (1,390 points at 12,619
against 12,618), then 16,322 paths in 21.4 min of wall clock at load 7-14. Seed 1 (same command, load
7-9): 1,536, certified, theorem confirmed, 53,879 paths over 17 loops, 70.4 CPU-s, 144 s wall (1,526 points
after 5 loops and 16,899 paths; the last ten took 37,000 paths). The last few points cost about half of
the paths at this size: loops through random nodes rarely move them (see above), and random starts
stop once a batch finds nothing. Seed 0 again after the second merge, without instrumentation
(``/usr/bin/time -v``, ``nice -n 2``, load 3.4-4.4, 15:29): the same 72,359 paths and certified 1,536,
128.4 CPU-s (user 126.7, system 2.5), 140 s of wall clock (2:21 with the imports), 91% of one core (the
threads add nothing here: the rounds stay small, see above), peak 1.36 GB.

``python bench/bench_degree.py --ni``, the eight cases of issue 16, session 7 after the merge (2026-12-02
15:05-15:17, load 6-10, seeds 0-2 interleaved with NumericalImplicitization; CPU medians):

=========================  ==========  =========  =========  ====================
case                       algnet CPU  NI CPU     CPU ratio  paths per point
=========================  ==========  =========  =========  ====================
linear 3-1-3               0.013       0.160      12.3x      10.3/10.3/10.3
conv k=2,3 r=2             0.011       0.141      12.5x      10.3/10.3/10.3
conv k=3,3 r=2             0.059       1.88       32.0x      9.7/9.7/12.9
linear 4-2-4               0.115       4.50       39.0x      6.6/13.8/10.2
dense 3-2-2 r=2            0.076       1.32       17.3x      11.3/19.4/11.3
conv k=2,2,2 r=2           0.101       1.98       19.6x      8.3/10.3/16.3
dense 3-2-3 r=2            0.288       9.88       34.3x      14.2/7.8/36.5
linear 6-2-4               0.816       21.4       26.2x      17.9/11.9/12.2
=========================  ==========  =========  =========  ====================

Macaulay2's CPU seconds grow with the load more than algnet's (conv k=3,3: 0.75-0.89 CPU-s at load about
3, 1.40-1.88 at 6-12), so these ratios flatter algnet; against the lowest NumericalImplicitization CPU
seen at load about 3 (session 6 table and this session's first run) conv k=3,3 is 0.753/0.059 = 12.8x and
conv k=2,2,2 2.85/0.101 = 28x. The same bench before the merge (this branch's solver, session 6 kernels;
load 8-12): conv k=3,3 0.074 against 0.753 (10.2x), conv k=2,2,2 0.331 against 2.87 (8.7x); after it, at
load 7: conv k=2,3 10.7x, conv k=3,3 34.0x (0.041), conv k=2,2,2 34.3x (0.101). The degree-6 cases are
the closest to the 10x line: there 32 of their 62 paths are random starts (16 starts: 46 paths and 13-19%
fewer evaluations on 5 of 6 seeds, CPU within the noise; not changed). Rerun after the second merge of
the session (15:28, load 4-5, the four smallest-ratio cases): linear 3-1-3 0.012 against 0.209 CPU-s
(17.3x), conv k=2,3 0.009 against 0.137 (14.6x), conv k=3,3 0.035 against 0.629 (18.1x), conv k=2,2,2
0.069 against 2.109 (30.4x); wall ratios 24.7x, 16.2x, 25.0x, 31.0x.

On the nearly idle machine after the session's last merge (main a839d5a, 15:42-15:44, load 1-2.4, no other
job; one run, seeds 0-2 interleaved; medians): algnet / NumericalImplicitization wall seconds, then CPU:

=========================  =================  =========  =================  =========  ===============
case                       wall (s)           ratio      CPU (s)            ratio      paths per point
=========================  =================  =========  =================  =========  ===============
linear 3-1-3               0.012 / 0.251      20.4x      0.010 / 0.151      15.1x      10.3
conv k=2,3 r=2             0.013 / 0.219      17.0x      0.013 / 0.196      15.4x      10.3
conv k=3,3 r=2             0.058 / 1.035      17.9x      0.055 / 0.810      14.7x      9.7
linear 4-2-4               0.134 / 3.602      26.9x      0.133 / 2.534      19.0x      10.2
dense 3-2-2 r=2            0.061 / 1.747      28.7x      0.059 / 1.253      21.3x      11.3
conv k=2,2,2 r=2           0.106 / 2.629      24.7x      0.106 / 2.106      19.9x      10.3
dense 3-2-3 r=2            0.264 / 8.605      32.6x      0.263 / 6.372      24.2x      14.2
linear 6-2-4               0.697 / 17.960     25.8x      0.697 / 17.909     25.7x      12.2
=========================  =================  =========  =================  =========  ===============

Session 8 (2026-12-03 09:37-09:41, a new machine of the same kind, about 1.3x slower than session 7's on
both sides; load 1-1.8, this run only; ``--ni --table``, seeds 0-2, medians): algnet / NumericalImplicitization
CPU seconds: linear 3-1-3 0.013 / 0.176 (13.8x), conv k=2,3 0.012 / 0.151 (12.5x), conv k=3,3 0.049 / 0.699
(14.3x), linear 4-2-4 0.125 / 2.185 (17.5x), dense 3-2-2 0.059 / 1.234 (21.0x), conv k=2,2,2 0.105 / 2.364
(22.4x), dense 3-2-3 0.356 / 7.514 (21.1x), linear 6-2-4 0.956 / 23.299 (24.4x); paths per point as above.
Beyond the eight: linear 4-2-3 21.4x, dense 2-2-1 r=7 8.8x (7.1 paths per point), conv k=2,3,2 9.4x CPU
(16.8x wall: a second thread took part).

Degree 1,536 in the same quiet window (15:39-15:42, load 1-2, the command of the paragraph above without
``nice``): 1,536, trace test passed (residual 2.4e-14), all 1,536 points certified with distinct images,
the theorem confirmed; 72,359 paths over 23 loops; 183.5 CPU-s and 186.8 s of wall clock (3 min 8 s, 98%
of one core; the kernels' on-disk cache was new after the merge, so numba's compile, about 35 CPU-s, is in
it), peak 1.56 GB.

Session 11 (2026-12-03, issue 16's small cases: the fixed costs of a degree run). Where a run of conv
k=2,3 r=2 went at the session's start (main 4eec57a, about 14 ms of CPU a run at load 3-4, by wrapping the
functions): tracking 6 ms (62 paths), the endpoints (refinement, keys, lookup) 3.9 ms over 5.7 returns of
the tracker, the tape's recording 2.3 ms (0.9 of it ``choose_route``'s scratch recordings), the witness
set-up 2.3 ms (0.9 the evaluator's check against the per-path route), the dimension 1.7 ms. Changed: the
recording route and the evaluator's check decided once per architecture (they read sizes and code paths,
not the random numbers); the start point's values reused for p0, start parameters by values only, the
trace test summed from the solver's keys (``trace_weights``) and the witness function from the returned
keys; ``MonodromyOptions.trace_first`` (the starting graph's random node joins only when p0 and the trace
points are saturated without a passing test: 60-62 -> 44 paths on the degree-6 cases when the 32 random
starts find every point, the same paths on every seed of the larger ones); the tracker returning at 3/4 of
the paths stopped (``DEGREE_STOP_BATCH``); the keys' projections by einsum and the slice coordinates by the
economy SVD (a threaded BLAS call under load: conv k=2,3,2 r=2 witness set-up 40 -> 1 ms, endpoint
processing 276 -> 161 ms a run). The same degrees and trace tests on every case and seed; paths per point
as in the table below. CPU per run, this branch (with main's merges of 18:03) against main 4eec57a in
alternate processes (two rounds, seeds 0-2 three times each, median; load 3.9-5.4): linear 3-1-3 18.5 ->
10.6 ms (1.74x), conv k=2,3 20.1 -> 11.8 (1.71x), conv k=3,3 87 -> 50 (1.74x), linear 4-2-4 137 -> 113
(1.21x), dense 3-2-2 88 -> 67 (1.31x), conv k=2,2,2 179 -> 114 (1.57x), dense 3-2-3 470 -> 407 (1.16x),
linear 6-2-4 916 -> 867 (1.06x), linear 4-2-3 32 -> 23 (1.41x), dense 2-2-1 r=7 61 -> 61 (1.00x; 10th
percentile 47 -> 38), conv k=2,3,2 1,433 -> 851 (1.68x). Before merging main (this branch's changes alone,
load 4.7-5.0): linear 3-1-3, conv k=2,3 and conv k=3,3 1.46x, 1.45x, 1.44x.

``python bench/bench_degree.py --ni --table`` at the end of session 11 (this branch, 18:19-18:29, load 3.2-4.9,
other sessions' jobs running: wall clocks inflated 2-3x, read the CPU columns; seeds 0-2 interleaved with
NumericalImplicitization, medians; re-measured idle):

=========================  =================  =========  ==================  =========  ===============
case                       wall (s)           ratio      CPU (s)             ratio      paths per point
=========================  =================  =========  ==================  =========  ===============
linear 3-1-3               0.038 / 0.414      10.8x      0.011 / 0.174       15.8x      7.3
conv k=2,3 r=2             0.019 / 0.388      20.6x      0.011 / 0.174       15.5x      7.3
conv k=3,3 r=2             0.156 / 4.740      30.3x      0.052 / 1.046       19.9x      9.7
linear 4-2-4               0.301 / 16.62      55.3x      0.111 / 3.773       34.0x      10.2
dense 3-2-2 r=2            0.239 / 10.41      43.5x      0.077 / 2.321       30.2x      11.3
conv k=2,2,2 r=2           0.361 / 9.433      26.1x      0.149 / 3.233       21.7x      10.3
dense 3-2-3 r=2            1.103 / 22.92      20.8x      0.552 / 9.370       17.0x      14.2
linear 6-2-4               1.217 / 65.19      53.6x      0.821 / 26.82       32.7x      12.2
linear 4-2-3               0.057 / 2.663      47.1x      0.029 / 0.875       30.7x      7.3
dense 2-2-1 r=7            0.144 / 2.532      17.6x      0.069 / 0.826       12.0x      7.1
conv k=2,3,2 r=2           1.535 / 42.50      27.7x      0.973 / 20.07       20.6x      15.5
=========================  =================  =========  ==================  =========  ===============

Not reached here: 15x on dense 2-2-1 r=7 by CPU (12.0x; its CPU per run did not change measurably). Macaulay2's CPU seconds
grow with the load (above), so idle ratios of the smallest cases may be lower than these.

Session 15 (issue 16, paths per witness point). ``python bench/bench_degree.py --paths-table --seeds=0-19`` prints,
per case and seed, the degree, the trace test, loops, paths, the random starts among them, paths per point and the
CPU seconds of the ``degree`` call, then the medians per case. Where the paths go (main ececf5a, the eight cases,
seeds 0-19): the graph part of a run costs exactly (edges of the final graph) x degree paths (linear 6-2-4 seed 0:
21 edges x 105 = 2,205 of its 2,269 paths, the other 64 random starts), so no transport is tracked twice, and a
run stops right after its last point (a median of 6 paths after it: the new point's trace edges). What is left
to cut is the number of loops a run needs (two paths per known point each) and the random starts. The restarts
(another batch of 32 starts at each growth while the last batch found something) landed mostly on known points:
once Good-Turing's estimate of the share of starts landing on a point no start has hit is below 0.3
(:data:`algnet.homotopy.monodromy.solver.START_WHOLE_SHARE`) they go 8 at a time, the next chunk only while the
share is at least 0.2 (:data:`algnet.analyses.degree_monodromy.DEGREE_START_CHUNK`, with the path counts over
seeds 0-19). This branch against main ececf5a, interleaved case by case in fresh processes (three samples of
seeds 0-19 each, 17:45-17:55 UTC, load 3.5-7.3; CPU of the ``degree`` call, best of the three per seed, then the
median over seeds 0-2 / 0-19; paths per point do not depend on the load):

================  ==============================  ================================
case              paths per point 0-2 / 0-19      CPU ms 0-2 / 0-19
================  ==============================  ================================
linear 3-1-3      7.33 / 7.33 -> 7.33 / 7.33      17.1 / 15.2 -> 16.7 / 16.1
conv k=2,3 r=2    7.33 / 7.33 -> 7.33 / 7.33      16.3 / 14.9 -> 15.2 / 14.9
conv k=3,3 r=2    6.33 / 9.67 -> 6.33 / 9.00      45.8 / 62.7 -> 39.3 / 55.8
linear 4-2-4      10.20 / 10.20 -> 9.00 / 9.00    105.9 / 95.4 -> 103.3 / 90.3
dense 3-2-2 r=2   15.27 / 11.27 -> 13.67 / 9.67   102.9 / 69.6 -> 76.9 / 55.9
conv k=2,2,2 r=2  15.00 / 14.66 -> 14.50 / 14.41  151.4 / 150.6 -> 139.6 / 138.0
dense 3-2-3 r=2   10.19 / 11.99 -> 10.19 / 11.84  265.3 / 342.6 -> 294.7 / 331.8
linear 6-2-4      21.61 / 12.76 -> 21.61 / 12.76  1053.1 / 669.9 -> 1050.3 / 684.4
================  ==============================  ================================

The same degrees (6, 6, 24, 20, 15, 48, 81, 105) and passing trace tests on all 480 runs of each tree. Where the paths are the same (the degree-6 cases, linear
6-2-4 on every seed, dense 3-2-3 on seeds 0-2) the CPU differences are within the spread of one tree's three
samples of a seed (dense 3-2-3 seed 1: 265 / 342 / 318 ms on main). Linear 6-2-4's seeds 0 and 1 still take 10
loops (21.6 paths per point): their last points wait for many loops, which the restarts do not change.

Tried and not kept (path counts, seeds 0-19, with the restarts in chunks at every share): growing by an edge between two nodes
(one path per known point per loop instead of two): dense 3-2-3 median 11.84 -> 9.09 paths per point, linear 6-2-4
mean 15.4 -> 12.7 (seeds 0-2 21.6 -> 12.6), but conv k=2,2,2 median 13.58 -> 17.59: its last points wait for many
edge loops (seed 0: 11 edges from 46 to 48 points); an edge after a node and after an edge that found a point
(conv k=2,2,2 15.25, main 14.66; dense 3-2-3 9.09, linear 6-2-4 12.61), an edge only after a round that found a
point (conv k=2,2,2 14.84; conv k=2,3 seed 4 352 paths against 106), the kind chosen by each kind's estimated
chance per path (17.50 on conv k=2,2,2), three edges per new node (conv k=2,2,2 15.33, linear 6-2-4 14.76).

Session 16 (issue 16, which generator to add). The degree route grows by ``growth="found"``
(:func:`algnet.analyses.degree_monodromy.degree_options`, with the path counts of the variants tried): an edge
between two nodes after a round that found at least 4 new points at p0, else a new node; the edges come from a
generator of their own, so a run where no round finds 4 points is ``growth="node"``'s exactly (linear 3-1-3 and
conv k=2,3 and dense 3-2-2 r=2 on all 20 seeds). Measured rounds (``growth="found"`` with an edge after 2 points,
seeds 0-19): after rounds that found 3 points, conv k=2,2,2's edges found a point 0 times in 5, linear 6-2-4's 3
times in 6; a round that finds several points means several are missing, and then a loop of either kind finds
some, the edge at half the price. The share of points a loop moves (its permutation of the known points, from
the edges' correspondences) did not tell the kinds apart (0.3-0.9 for both, on both cases). This branch against
main bc3bb27, ``--paths-table``, interleaved case by case in fresh processes (20:20-20:41 UTC, load 6.3-8.7;
CPU of the ``degree`` call, best of 3 runs per seed (4 in the second series), then the median over seeds 0-2; the cases with the same
paths on both trees differ by up to 15% either way, which is the noise of this load):

================  ==============================  =====================  ==================
case              paths per point 0-2 / 0-19      CPU ms 0-2             paths 0-2
================  ==============================  =====================  ==================
linear 3-1-3      7.33 / 7.33 -> the same         33 -> 27               the same
conv k=2,3 r=2    7.33 / 7.33 -> the same         24 / 40 -> 38 / 36     the same
conv k=3,3 r=2    6.33 / 9.00 -> 6.33 / 9.00      92 -> 75               the same
linear 4-2-4      9.00 / 9.00 -> 9.00 / 9.00      184 -> 175             the same
dense 3-2-2 r=2   13.67 / 9.67 -> 13.67 / 9.67    172 / 169 -> 189 / 152 the same
conv k=2,2,2 r=2  14.50 / 14.41 -> 14.50 / 14.50  314 / 284 -> 360 / 278 696/696/504 -> 704/696/504
dense 3-2-3 r=2   10.19 / 11.84 -> 9.09 / 11.49   522 -> 479             2089/825/631 -> 2089/736/631
linear 6-2-4      21.61 / 11.91 -> 13.61 / 11.61  1924 -> 1287           2269/2274/1429 -> 1009/2274/1429
================  ==============================  =====================  ==================

(two figures: two interleaved series, base first and then this branch first.) Means over seeds 0-19: conv
k=3,3 10.56 -> 10.61, linear 4-2-4 10.32 -> 10.37, conv k=2,2,2 15.97 -> 16.50, dense 3-2-3 13.76 -> 13.24,
linear 6-2-4 15.19 -> 14.46. The same degrees (6, 6, 24, 20, 15, 48, 81, 105) and passing trace tests on every
run. An edge after rounds that found 2 or 3 points lost the median of seeds 0-2 on conv k=2,2,2 (14.67).

Session 17 (issue 16, paths per second inside ``degree``). Where a degree run's CPU went on main 4fd3564 (the
tracking kernels timed in their threads, two rounds of seeds 0-2 in one process, 23:41 UTC, load 8-10): the
kernels held 20% and 17% on the degree-6 cases, 35% conv k=3,3, 58% linear 4-2-4, 41% dense 3-2-2, 39% conv
k=2,2,2, 68% dense 3-2-3, 78% linear 6-2-4; outside them 0.9-1.7 ms of CPU per return of the tracker to the solver
(most of it per endpoint: lookup, graph, the next transports) at 5-61 returns a run. Changed, on the solver's side
only (the kernels untouched): the endpoint loop on plain Python values and a one-candidate lookup
(``SolutionSet.insert``); start points and node parameters gathered by numpy indexing (``Scheduler.send_graph``);
the tape's parameters of appended rows mapped without comparing the old rows (``ParameterHomotopy.extend``);
saturated edges skipped by ``MonodromyGraph.pending``; no signal mask in ``share_jobs`` without workers -- all
with the same degrees, paths and trace residuals bit for bit; and ``TrackerOptions.stop_all_below`` = 16 for the
degree route (:data:`algnet.analyses.degree_monodromy.DEGREE_STOP_ALL_BELOW`, with its 20-seed check): under 16
paths under way a tracker call runs them to their end (returns a run: conv k=2,2,2 49 -> 35, linear 6-2-4 61 ->
46, dense 3-2-3 53 -> 41). Now the kernels hold 25/21/41/61/52/50/73/83% of the CPU (same order of cases), and
outside them 108/111/62/84/85/47/35/35 us a path (157/153/85/101/147/79/46/48 before).

``run_algnet`` of this tree against main 4fd3564 in fresh processes alternated (4fd3564, this, ... three pairs,
each process the eight cases x seeds 0-2 x 3 runs after a warm-up; the best of the 9 runs per seed, summed over
the seeds; 23:37-23:40 UTC, load 6.9-8.9; one thread: at this load ``auto_threads`` gives the degree runs one):

================  ======  ==================  =====  =====================
case              paths   CPU ms 0-2          ratio  paths per CPU second
================  ======  ==================  =====  ============================
linear 3-1-3      150     23.6 -> 22.6        0.96   6,356 -> 6,637
conv k=2,3 r=2    150     24.2 -> 22.6        0.93   6,198 -> 6,637
conv k=3,3 r=2    560     69.0 -> 61.8        0.90   8,116 -> 9,061
linear 4-2-4      540     130.3 -> 119.5      0.92   4,144 -> 4,519
dense 3-2-2 r=2   615     126.1 -> 104.3      0.83   4,877 -> 5,896
conv k=2,2,2 r=2  1,904   213.0 -> 175.7      0.82   8,939 -> 10,837
dense 3-2-3 r=2   3,456   502.8 -> 460.1      0.92   6,874 -> 7,511
linear 6-2-4      4,712   1,030.6 -> 967.2    0.94   4,572 -> 4,872 (4,711 paths)
================  ======  ==================  =====  ============================

A second series the same way (23:53-23:55 UTC, load 5.1-5.8): ratios 0.99, 0.95, 0.91, 0.94, 0.89, 0.87, 0.95,
0.94 (same order), paths per CPU second 7,212 -> 7,246, 6,849 -> 7,177, 8,889 -> 9,790, 4,448 -> 4,737, 5,442 ->
6,113, 9,932 -> 11,374, 7,300 -> 7,711, 4,780 -> 5,113.

The rate inside ``degree`` is now, per CPU second of one thread, 4,500-11,400 paths on the five largest cases,
against the tracker alone (``/tmp/ab.py``, ``threads_rows``, 1,024 paths from a start system, 23:45, load 7.7):
linear 4-2-4 9,898, dense 3-2-2 12,545, conv k=2,2,2 26,005, dense 3-2-3 9,048, linear 6-2-4 5,806: 0.46, 0.47,
0.42, 0.83 and 0.84 of it (0.42, 0.39, 0.34, 0.76, 0.79 before). Paths per second on two cores are not measured
(no idle core this session); the critical path of the threaded calls with ``threads=2`` forced (process CPU less
the threaded work plus each threaded call's slowest thread: the wall time two idle cores would take, a
projection; one process a tree, best of 2 per seed, 23:42-23:45, load 8-10) gives 5,309 (linear 4-2-4), 6,934
(dense 3-2-2), 12,576 (conv k=2,2,2), 10,165 (dense 3-2-3) and 7,140 (linear 6-2-4) paths per second, against
5,380, 6,218, 11,162, 9,751 and 6,712 for 4fd3564. Still short of 10^4 on linear 4-2-4, dense 3-2-2 and linear
6-2-4: there the kernels' calls are small (a median of tens of paths) and each return still costs about 1 ms of
Python, most of it per endpoint (lookup and graph bookkeeping, about 10 us a path on conv k=2,2,2).

Session 17 (issue 16, target (b): faster than PHCpack and Bertini 2 on every case they complete). Bertini 2:
``python3 -m venv /tmp/bertini_venv && /tmp/bertini_venv/bin/pip install bertini2==4.0.0`` installs a binary
wheel (cp311, manylinux_2_34, 36 MB; numpy and tqdm beside it); nothing is compiled, and algnet's venv does not
hold it (``bertini_python`` finds it there). The referees are now timed in CPU seconds too: PHCpack's process
(``getrusage(RUSAGE_CHILDREN)``, with its start-up: 5 ms on a one-line system), Bertini's ``process_time`` around
its solve (after the parse); a referee stopped at ``REF_TIMEOUT`` (120 s of wall clock) gives a lower bound, the
CPU it had spent. algnet: the median over seeds 0-2 of the ``degree`` call's CPU (``ALGNET_OPTIONS``, not told the
theorem's count). ``BERTINI_MAX_PATHS=2000 python bench/bench_degree.py --table`` on the eight cases, main 4fd3564
with this branch's bench changes, 2026-12-04 23:08-23:40 UTC, load 7-13 (nine concurrent jobs on 2 cores;
the wall clocks are inflated 3-10x and a 120 s timeout leaves a referee 15-40 CPU-s, so read the CPU columns). The
referees solve the slicing system once (seed 0): degree x fiber points solutions, the count they found in the last
column. Then the referees that were stopped, alone with 600 s of wall clock (23:40-00:05, load 5-9):

================  ==========  =============================  =====================================  =========
case              algnet CPU  PHCpack CPU s (CPU ratio)      Bertini 2 CPU s (ratio; mhom paths)    solutions
================  ==========  =============================  =====================================  =========
linear 3-1-3      0.010       0.048 (4.7x)                   0.049 (4.9x; 10)                       6
conv k=2,3 r=2    0.010       0.056 (5.5x)                   0.173 (17.2x; 24)                      12
conv k=3,3 r=2    0.024       0.572 (23.9x)                  1.526 (63.6x; 80)                      48
linear 4-2-4      0.057       21.8 (384x)                    > 16.4 at 120 s; 49.6 at 600 s (870x)  20
dense 3-2-2 r=2   0.048       > 18.1 at 120 s; 35.8 (747x)   > 15.5 at 120 s; > 219 at 600 s       120
conv k=2,2,2 r=2  0.085       4.53 (53.2x)                   > 31.1 at 120 s; > 121 at 600 s        192
dense 3-2-3 r=2   0.141       > 34.1 at 120 s; > 132 at 600  not run (13,440 paths)                 -
linear 6-2-4      0.330       > 37.9 at 120 s; > 214 at 600  not run (11,440 paths)                 -
================  ==========  =============================  =====================================  =========

Target (b) is met on this machine: every run a referee completed took it 4.7x (PHCpack, linear 3-1-3) to 870x
(Bertini 2, linear 4-2-4) the CPU of algnet's median; where it was stopped, the CPU it had spent by then was
already 115x to over 4,500x algnet's (Bertini 2 on dense 3-2-2, 1,792 paths: > 219 CPU-s). The closest are the
degree-6 cases, where algnet's 10 ms is mostly fixed costs (dimension, tape, witness set-up; session 11) and both
referees track only 10-24 paths. All referee counts are degree x fiber points (6 x 1, 6 x 2, 24 x 2, 20 x 1,
15 x 8, 48 x 4), all nonsingular, no failed paths. The same run's NumericalImplicitization rows (CPU ratios 19.6x,
17.4x, 47.8x, 52.1x, 52.1x, 33.0x, 51.9x; linear 6-2-4 none: at this load a run needs minutes of wall clock, seed
0 alone 19.1 CPU-s and 398 s at load 5-7, 58x) are target (a)'s, measured idle.

Target (c) (the same session, 22:55-23:23 UTC, load 8-13): ``pytest -m slow tests/test_degree_four_layers.py``
passed (conv k=2,2,2,2 r=2, ``degree(method="monodromy", seed=0, certify=True, fiber=False)``: 1,536, trace test,
every point Krawczyk-certified with distinct images), 42.6 CPU-s for the whole pytest process (39.4 user, 3.2
system; 4:04 of wall clock at 17% of a core), peak 1.42 GB. The call alone, after a warm-up, twice: 55,561 paths, 21
loops, trace residual 4.7e-15, 1,536 certified and distinct, 36.3 and 34.1 CPU-s (245 s and 234 s of wall clock),
peak 1.44 GB; the second run not told the theorem's count (``stop_at_expected=False``, ``force=True``) tracked the
same 55,561 paths. ``algnet verify --slow --only "conv degree"``: its eight homotopy rows (the four-layer one among
them) and four Hilbert rows agree, the homotopy rows certified; 39.0 CPU-s, 3:11 of wall clock. Under 10 minutes on
2 cores: met with room (about 35 CPU-s; even at 17% of one core it took 4 minutes).

Session 18 (issue 16: the fixed costs of a degree run). Measured without a profiler (``process_time``
around each piece of ``run_algnet``, 15 runs of seeds 0-2 after a warm-up, main df23770, 2026-12-05 01:59 UTC,
load 4.7-5.3): a linear 4-2-4 run of 39-42 ms CPU spent 1.2 ms in the dimension call, 1.0-1.1 ms in
``witness_setup`` and 2.6 ms recording the tape (6.7%, not the 26% of an earlier pyinstrument profile: sampling
every 0.2 ms inflates Python-heavy code about 3x); linear 6-2-4 4.8 ms of 319 ms (1.5%), linear 3-1-3 1.0-1.2 ms
of 7-10 ms. A cache of tapes by structure could save at most that and would not give the same tape (each seed's
sample inputs, slice and pinned values are folded into it), so the recording passes were made cheaper with the
same arithmetic in the same order (``tape_blocks``, ``tape_inline``, ``tape_params``, ``TapeBuilder._emit`` and
``_fuse_products``), pinned families no longer form the slice rows they drop (``NetworkWitnessFamily.trace_rows``)
and the pin check reads the slice matrix exactly (``pins_are_slices``) instead of evaluating the family. The
same tapes byte for byte (288 witness tapes: 12 cases x seeds 0-3 x fixed, moving and no pins, with and without
lifted parameters; 100 tapes recorded by ``critical_points`` on five cases x two seeds) and the same degrees,
paths, loops, trace residuals and witness points on the eight cases x seeds 0-2. Per seed (CPU ms, mean of 12
seeds, three interleaved pairs of processes, 02:22 UTC, load 8.7-9.1), ``witness_setup`` / first recording,
df23770 -> this: linear 3-1-3 0.85-1.04 / 1.04-1.16 -> 0.62-0.80 / 0.92-0.95, linear 4-2-4 1.24-1.33 / 2.44-2.93
-> 0.72-0.97 / 2.10-2.30, dense 3-2-3 1.16-1.44 / 2.69-3.39 -> 0.77-0.90 / 2.34-2.45, linear 6-2-4 1.32-1.54 /
4.89-5.60 -> 0.92-1.02 / 3.81-4.07. Whole degree runs (``run_algnet``, best of 7 runs per seed summed over seeds
0-2, fresh processes alternated with df23770, seven pairs for the first three cases and four for the others,
02:10-02:19 UTC, load 5.7-7.4; mean CPU ms): linear 3-1-3 22.8 -> 21.5 (0.94x), conv k=2,3 23.9 -> 22.4
(0.94x), linear 4-2-4 118.4 -> 114.1 (0.96x), dense 3-2-2 112.1 -> 106.0 (0.95x), conv k=2,2,2 185.9 -> 178.1
(0.96x), dense 3-2-3 457.0 -> 453.4 and linear 6-2-4 945.5 -> 941.0 (noise: there the fixed costs are 1-2%).
Larger tapes the same way (two pairs, 02:31 UTC, load 7): dense 3-3-5-1 r=2,3 (forward route) 1.9 / 11.7-12.0 ->
1.0 / 7.9-8.3, conv k=3,2,2 r=2 1.0 / 5.5-5.6 -> 0.9 / 5.1-5.2, linear 8-4-8 16-23 / 79-83 -> 5.5-5.7 / 66-70
(the pin check no longer evaluates the 64-weight network); another 48 tapes byte-identical (nine cases incl.
attention d=2,2,2 a=1,1 t=2, both recording routes). After this, on the eight cases (02:27, load 7): the dimension
call 1.0-1.4 ms, ``witness_setup`` 0.5-0.9 and recording 0.9-3.9 of runs of 7.4 (linear 3-1-3: 2.5 ms of fixed
costs, 32%) to 319 ms (linear 6-2-4, 2%).
Left: the dimension call (1.0-1.4 ms a run, recomputed for every seed: a certified dimension is the network's,
but reusing it across seeds would give a degree's ``depends_on`` the seed of an earlier call).

Session 18 (issue 16, paths per second inside ``degree``). The machine was loaded all session (load 5-10,
eight concurrent jobs on 2 cores): every figure is CPU time, thread CPU of the main thread, or a two-core
projection (process CPU less the kernels' threaded work plus each threaded call's slowest thread, ``threads=2``
forced: the wall time two idle cores would take), ``run_algnet``'s options, seeds 0-2, summed over the seeds.

Where a run goes (main-thread CPU by part, ``threads=1``, main df23770, 02:11-02:25 UTC, load 5-8, per seeds 0-2):
linear 6-2-4 (4,711 paths, 138 returns of the tracker to the solver) 954-1,047 ms: tracking kernels about 690,
endpoint refinement (``endpoint_rows``, 19 us an endpoint) 98-105, the solver's Python about 165 -- 1.2 ms a
return: the endpoint loop 36 (7.6 us an endpoint), lookups (``SolutionSet.insert``) 19-21 (4.2 us), the Python of
``tracker.finish`` 21, keys (``NetworkValues.values``, 147 calls) 15-18, ``send_graph`` 32-38 (``submit`` 19-22),
``parameters`` 11-13; the tape 14-16. linear 4-2-4 (540 paths, 42 returns) 136-148 ms: tracking about 75, solver's
Python about 30, tape 8.5-10, outside the solve 11; dense 3-2-2 r=2 (615 paths, 60 returns) 115-124 ms alike. The
kernels' calls with ``threads=2``, critical path / work by the paths in the call (linear 6-2-4): 128 or more 159 /
297 ms, 64-127 30 / 51, 32-63 112 / 195, 16-31 42 / 73, under 16 (path by path, run to their end) 49 / 72, endpoint
work 69 / 89. So on 2 cores a run is about 1/4 serial Python and 3/4 kernels used at 1.75x of one core.

Changed (the same degrees, paths and trace verdicts bit for bit on the five cases below, seeds 0-2; the solver's
tests): per-path arrays of the tracker, ``ParameterHomotopy.extend``'s rows and the tape's mapped parameter rows grow
in buffers with room (``algnet/homotopy/rows.py``; ``submit`` 19-22 -> 11-12 ms, ``send_graph`` 32-38 -> 24-25 ms
on linear 6-2-4); ``CompiledParameterHomotopy.parameters`` returns its last arrays while nothing was extended
(10.8-12.8 -> 8.4-8.7 ms); the endpoint work in parts of 8 endpoints (critical path 67-69 -> 53-55 ms); one-thread
``share_jobs`` calls run inline; ``Edge.record`` syncs only for a new point; the endpoint work of the solver moved
to ``monodromy/endpoints.py`` (solver.py 647 -> 525 lines). Two-core projection, this tree against df23770, three
pairs of fresh processes interleaved (02:26-02:28 UTC, load 7-8; mean of 3, ms, paths per second):

================  ======  ====================  =======================
case              paths   projection ms         paths / s (2-core proj.)
================  ======  ====================  =======================
linear 4-2-4      540     88.0 -> 87.7          6,136 -> 6,157
dense 3-2-2 r=2   615     89.2 -> 89.0          6,895 -> 6,910
conv k=2,2,2 r=2  1,904   145.1 -> 147.3        13,122 -> 12,926
dense 3-2-3 r=2   3,456   341.4 -> 320.6        10,123 -> 10,780
linear 6-2-4      4,711   612.1 -> 601.8        7,696 -> 7,828
================  ======  ====================  =======================

within the noise (run to run +-8% at this load); a second series the same way (02:43-02:45 UTC, load 5.0-5.5):
87.5 -> 87.2, 86.1 -> 87.2, 615.0 -> 597.4, 147.8 -> 146.6, 338.0 -> 308.6 ms (same order of cases): dense 3-2-3
and linear 6-2-4 3-9% less in both series, the others unchanged; ``bench/_ab_rates.degree_rate`` (default threads: one at this
load) the same within +-5% (load 9-10). ``threads=1`` main-thread CPU: linear 4-2-4 142-148 -> 131-132 ms,
dense 3-2-2 115-124 -> 121-123, linear 6-2-4 979-1,047 -> 959-964.

Tried and dropped: looking a node's endpoints up together (numpy ``searchsorted`` and one distance pass, exactly
``insert``'s answers; tested against it on random keys with near-duplicates and ill-conditioned slack): 38 ms
against 19 ms on linear 6-2-4 -- a node gets 5-30 endpoints a return, and a dozen numpy calls cost what ten lookups
do; the batched kernel in blocks of 8 for 8-15 paths (path by path now): their critical path 48 -> 57-60 ms.

``MonodromyOptions.overlap`` (off by default): the tracker's next kernel call runs on a worker thread while the
solver processes the last endpoints; transports sent meanwhile join after that call. 20 seeds of the five cases:
the same degrees, every trace test passed, the same paths on 99 of 100 (dense 3-2-3 seed 1: 736 -> 744), the same
median paths per point (9.00, 9.67, 11.61, 14.50, 11.49). Its projection (each overlapped window counted as
max(main thread, the call's critical path, half their CPU)), on and off alternated, three pairs, load 8-9: linear
4-2-4 98.3 -> 97.6 ms, dense 3-2-2 91.2 -> 96.5, conv k=2,2,2 153.9 -> 151.4, dense 3-2-3 339.7 -> 328.4, linear
6-2-4 619.1 -> 597.5, with 5-10% more CPU; again when the load fell (02:42-02:45 UTC, load 3.6-4.9, three pairs,
best of 3 per seed): linear 4-2-4 94.0/92.5/96.4 -> 96.4/87.5/86.9 ms (5,726 -> 5,982 paths per second projected),
linear 6-2-4 625.6/624.2/614.6 -> 576.3/556.7/574.4 (7,580 -> 8,278), dense 3-2-3 362.9/318.4/335.6 ->
332.7/323.0/298.9 (10,196 -> 10,886), CPU +4%, 0%, +5%; wall clock at that load (two threads, shared cores) 240/245/253
-> 271/219/136 ms, 1,959/2,134/1,615 -> 1,885/1,672/1,504 ms, 996/892/708 -> 1,055/738/634 ms. Half the returns
come from calls run to their end (under 16 paths), with nothing under way to overlap, and at the others the
quarter of the paths still under way (1-2 ms of kernel) runs beside 1-5 ms of processing. Returning earlier to
overlap more (``stop_batch`` 0.5 / 0.25, ``stop_all_below`` 0) adds returns: linear 4-2-4 5,600 -> 4,235 / 3,843
paths per second projected; with overlap, ``stop_all_below`` 0 or 8 instead of the route's 16 (two pairs, load
4.5-4.8): linear 4-2-4 98.1/109.0 and 88.6/99.4 against 82.0/88.8 ms, linear 6-2-4 656.0/611.0 and 625.0/600.2
against 561.8/566.0, dense 3-2-3 330.7/358.7 and 316.2/310.7 against 315.3/326.1. It stays off by default (other
monodromy users: critical points); for the degree route (``degree_options``, not this branch's file) it is worth
turning on after an idle measurement.

What 10^4 needs: linear 6-2-4's 4,711 paths in 0.47 s on two cores, while its kernels alone take about 0.76 CPU-s
(tracking about 145 us a path, refinement 19 us an endpoint) and the solver's Python 0.165 s: even hidden entirely,
the kernels would have to run at 1.6x of one core with no serial part. linear 4-2-4: 540 paths in 54 ms, while its
kernel work alone is about 70 ms and the fixed costs (tape, dimension, set-up) about 20 ms. The per-path kernel cost,
and fewer returns per path, are the levers; the solver's Python is a quarter of a run.

Session 19 (issue 16: a degree run's fixed costs and the solver's Python around the kernels). Measured
without a profiler (``time.thread_time`` around the solver's methods, the kernels' own thread CPU from
``CompiledPathTracker.thread_seconds``; seeds 0-2 three times, per run; main 90e9934, 2026-12-05 04:32 UTC, load
5-7; one thread at this load): linear 4-2-4 (180 paths, 14 returns of the tracker) 41 ms: kernels 24.0
(tracking and endpoint refinement), tape 2.3, endpoint processing 9.3 (``tracker.finish`` 4.3 with refinement
2.7, keys 1.4, lookups 0.9, edge records 0.3), ``send_graph`` 1.7, saturations 0.5, trace test 0.3, outside
the solve 2.6 (dimension 1.5, ``witness_setup`` 0.9); conv k=2,2,2 r=2 (635 paths, 35 returns) 64 ms: kernels
29.6, endpoint processing 21.2 (``finish`` 7.1 with refinement 4.1, keys 4.0, lookups 2.8, records 0.9),
``send_graph`` 4.1 (``pending`` 0.9, ``submit`` 1.5), the kernel calls' own Python about 5, tape 2.0, outside
4.3; linear 6-2-4 (1,570 paths, 46 returns) 332 ms: kernels 260, ``finish`` 36.8 (refinement 29.4), lookups
6.9, keys 5.4, ``send_graph`` 8.9, tape 4.1, records 2.6. The Python in the solve (its CPU less the kernels')
is 39-55% of a run's CPU on linear 3-1-3, linear 4-2-4, dense 3-2-2 and conv k=2,2,2 and 19-30% on dense 3-2-3
and linear 6-2-4, spread over a dozen pieces of 1-7 ms.

Changed: a certified dimension and the linear-space verdict (exact ranks over QQ) are kept per spec string
(:mod:`algnet.analyses.degree_reuse`) and reused by later ``degree`` calls on the same string in the process
(the result's ``depends_on`` holds the dimension evidence actually used, with its seed; ``reason`` says
"reused" when that seed was another call's); the endpoint processing computes keys, slacks, sizes and
projections for the successful endpoints only and reads the statuses as one list; ``send_graph`` copies the
start points and parameters one run of jobs (an edge's side) at a time instead of a dozen numpy gathers; the
trace test compares the three counts before the edges' saturation passes. Seeds 0-19 of the eight cases of
``ISSUE16``: degrees, paths, loops, trace verdicts and trace residuals identical to 90e9934 (160 runs).
Outside the solve (per run, two interleaved pairs, 04:48-04:50 UTC, load 7-9): linear 3-1-3 2.58 / 2.27 ->
1.59 / 1.36 ms, linear 4-2-4 2.79 / 3.06 -> 1.69 / 1.62, dense 3-2-2 4.66 / 3.72 -> 1.45 / 1.62, conv k=2,2,2
3.98 / 3.65 -> 2.05 / 1.91, linear 6-2-4 3.83 / 3.73 -> 2.55 / 2.25; the solver's own CPU for seeds 0-2 (five
runs, best; load 5, two pairs): ``send_graph`` without ``pending`` and ``submit`` 1.94 / 1.84 -> 0.51 / 0.40 ms
(linear 4-2-4), 5.69 / 5.58 -> 1.82 / 1.49 (conv k=2,2,2), 8.62 / 9.30 -> 3.48 / 3.04 (linear 6-2-4); the
endpoint processing's own (without finish, keys, lookups, records) 4.09 / 4.83 -> 3.31 / 3.71, 13.93 / 15.17 ->
11.68 / 10.93.
Whole degree runs (``run_algnet``; CPU ms of seeds 0-2, each seed's best of 5 runs, summed; fresh processes,
90e9934 and this tree alternated, two pairs, 04:51-04:53 UTC, load 5.9-6.8): linear 3-1-3 23.3 / 22.7 -> 21.1 /
18.2, conv k=3,3 r=2 60.4 / 60.9 -> 58.4 / 51.7, linear 4-2-4 109.5 / 122.6 -> 113.7 / 110.3, dense 3-2-2 r=2
96.4 / 113.2 -> 104.0 / 96.6, conv k=2,2,2 r=2 155.3 / 188.3 -> 176.3 / 168.7, dense 3-2-3 r=2 425.6 / 464.1 ->
445.9 / 466.3, linear 6-2-4 921.6 / 915.9 -> 923.4 / 980.6: the degree-6 and degree-24 cases 0.85-0.90x, the
others within this load's noise (+-10% run to run; the saving there is 1-3% of a run). An earlier series (load
9-10): 27.8 / 26.5 -> 21.0 / 20.5, 68.9 / 71.3 -> 60.2 / 60.6, 130.2 / 133.4 -> 116.7 / 114.5, 126.2 / 120.7 ->
119.4 / 101.9, then noise. ``bench/_ab_rates.degree_rate`` (paths per CPU second inside degree runs; two pairs, 04:53-04:54,
load 5.8-6.0; the wall clock at this load says nothing about two idle cores): linear 4-2-4 4,220 / 3,815 -> 4,915
/ 3,996, dense 3-2-2 5,190 / 4,186 -> 6,543 / 5,135, conv k=2,2,2 9,704 / 8,554 -> 11,278 / 10,154, dense 3-2-3
7,224 / 6,573 -> 7,424 / 7,647, linear 6-2-4 5,040 / 4,529 -> 4,866 / 5,094.
Two-core projection (``threads=2`` forced; process CPU less the kernels' threaded work plus each threaded call's
slowest thread, seeds 0-2 best of 3 each, summed; two pairs alternated, 04:56-04:58 UTC, load 5.9-7.0), paths per
second: linear 3-1-3 7,102 / 5,925 -> 8,149 / 6,781, linear 4-2-4 5,703 / 4,948 -> 5,926 / 5,553, dense 3-2-2
6,369 / 4,779 -> 6,118 / 7,334, conv k=2,2,2 9,993 / 10,386 -> 12,921 / 11,784, dense 3-2-3 10,000 / 10,164 ->
10,099 / 10,032, linear 6-2-4 7,390 / 7,451 -> 7,352 / 7,114. Still short of 10^4 on linear 4-2-4, dense 3-2-2 and
linear 6-2-4 (see session 18: there the kernels' work alone exceeds the budget).
Left: the keys (``NetworkValues.values``: 25-60 us a call of Python layer dispatch, 40 calls a run on conv
k=2,2,2), the kernel calls' and ``finish``'s own Python (about 150 us a return: ``compiled.py``/``tracker.py``),
the tape's recording (2-4 ms a run; a cache by structure needs the seed's Z, R and pins as tape inputs) and
``witness_setup`` (0.5-0.9 ms, a third of it ``kernel_coordinates``' SVD). Paths per witness point unchanged
(medians over seeds 0-19: 7.33, 7.33, 9.00, 9.00, 9.67, 14.50, 11.49, 11.61 on the eight cases of ``ISSUE16``).

Session 20 (gc20; issue 16: Python's cyclic garbage collector inside degree runs). Measured with ``gc.callbacks``
(wall and thread CPU of every collection, by generation; Python 3.11.7, thresholds (700, 10, 10); about 125,000
tracked objects once numba and scipy are loaded) on main 99ed4fc, 2026-12-05 08:52-08:55 UTC, load 2.8-3.5, two
series. A warm process (two runs of the case, then ``gc.collect()``), ``run_algnet`` seeds 0-19, the eight cases of
``ISSUE16`` in order: the collector's share of the runs' CPU 0.7 / 0.8% (linear 3-1-3: 6 generation-0 collections in
20 runs, 0.75 / 0.84 ms of 101 / 106 ms), 1.0 / 1.0, 0.4 / 0.4, 0.4 / 0.4 (linear 4-2-4: 11 generation-0 and 1
generation-1 collections, 2.3 / 2.6 ms of 653 / 652 ms), 0.4 / 0.5, 0.3 / 0.3, 0.1 / 0.2, 0.1 / 0.1 (linear 6-2-4:
22 + 1, 6.6 / 7.4 ms of 5,330 / 5,546 ms); a generation-1 collection 0.66-1.17 ms, one in 20 runs; no generation-2
collection. A run leaves 210-730 objects in reference cycles (``gc.collect()`` after a run with the collector off,
seeds 0-5: the same count for every seed, not growing with the paths: linear 4-2-4 465, linear 6-2-4 720), so a
pause would be safe for memory but has nothing to save: below the 2% of a small run that would justify one, degree
runs keep the collector on (critical counts pause it, ``gc_paused`` in ``analyses/critical/estimate.py``: two tapes
recorded, 1-2 ms of 13). The upper bound, with the collector off around each call (collections it puts off then run
after the call, outside the figure), alternated with it on in one process (ten pairs, the order swapped every pair;
CPU of seeds 0-19, median; 08:57 UTC, load 3.0-3.8): linear 3-1-3 111.6 ms on, 111.0 off (0.6%), conv k=2,3 r=2
109.1 / 107.8 (1.2%), linear 4-2-4 696.9 / 697.5 (-0.1%), dense 3-2-2 r=2 433.2 / 427.1 (1.4%). ``bench/_ab_rates.degree_rate`` in
fresh processes, on and off alternated (08:53-08:57 UTC, load 3.1-3.4, paths per CPU second, best of 3-5; six
pairs): linear 4-2-4 6,014 on, 6,076 off (means), dense 3-2-2 r=2 7,657 / 7,871, conv k=2,3 r=2 (five pairs) 9,277 /
10,424: differences of where the process ran, not of the collector. At this load a process that shares a core with
another job runs at half its CPU rate throughout (wall = 2.0 x CPU in some processes of either arm), and its CPU
seconds grow too (the two lowest "on" figures of conv k=2,3, 8,045 and 8,619, were such processes); the wall figures
say nothing and one process's CPU figure is +-15%. ``gc.freeze()`` is not used: it moves every object the process
tracks at the call, the user's as well, to a permanent generation that is never collected (a cycle of theirs made
unreachable later leaks until ``gc.unfreeze()``); a library cannot decide that for its caller, and its gain would be
in generation-2 collections, which warm degree runs do not make. Where the collector does cost: a process's first
degree run (the command line's only one). linear 4-2-4 seed 0 in a fresh process, 950 ms wall, 630 ms CPU: 198
generation-0, 18 generation-1 and 2 generation-2 collections, 80-125 ms wall (three processes, 08:53 UTC, load 3.2),
freeing about 1,200 objects: they walk what numba's kernel loading creates (in one process, 163 ms of collections:
118 ms under the first dispatch in ``homotopy/batched.py``'s ``batched_work``, 40 ms under ``homotopy/vectors.py``'s
import). With the collector off for that run: one collection after it, 36-61 ms. The place for such a pause is the
kernel loading in ``homotopy/`` (shared by every analysis), not ``degree``. The 0.5 s generation-2 collections
freeing 80,000-110,000 objects seen in a tree's first measurement are numba's compilation garbage (a new tree
compiles its cache), not a degree run's.
Session 20, end (2026-12-05 09:38 UTC, idle, load 0.8-1.0; ``bench/_ab_rates.degree_rate``: ``run_algnet``, seeds 0-2, best of
3, two interleaved pairs 719960f (the session's start) -> 79b8415 (the classify kernel, ``run_out``,
the work pool, the paused first dispatch)), paths per wall second: linear 4-2-4 7,000 / 7,075 -> 7,601 /
7,713, dense 3-2-2 r=2 8,632 / 8,495 -> 9,033 / 9,341, conv k=2,2,2 r=2 15,360 / 15,846 -> 16,725 / 16,480, dense
3-2-3 r=2 12,294 / 12,155 -> 12,766 / 13,351, linear 6-2-4 9,087 / 8,953 -> 8,368 / 9,113 (noise); per CPU second
5,307 / 5,347 -> 5,732 / 5,771, 7,042 / 6,941 -> 7,239 / 7,447, 12,188 / 12,514 -> 13,155 / 12,909, 8,620 / 8,562 ->
8,806 / 9,107, 5,741 / 5,723 -> 5,377 / 5,787. +6-9% on four cases; 10^4 per wall second still not reached on linear
4-2-4, dense 3-2-2 r=2 and linear 6-2-4.

Session 21 (issue 16: a degree run's costs outside the tracking, phase by phase). ``bench/_degree_phases.py``
(no profiler: thread CPU and wall around the named calls; each call's minimum over 6 runs per seed, then the mean over
seeds 0-2; two processes per tree, 2745dea and this branch alternated, 2026-12-05 10:58-11:00 UTC, load 10-14: the
wall column says nothing at this load, the CPU column is the main thread's). CPU ms per seed, 2745dea -> this branch:

========================================  =====================  =====================  =======================
phase                                     linear 4-2-4           dense 3-2-2 r=2        linear 6-2-4
========================================  =====================  =====================  =======================
whole ``degree`` call                     31.87 -> 31.45         27.96 -> 29.03         279.35 -> 276.77
checks, route, dimension reuse, result    0.34 -> 0.33           0.32 -> 0.38           0.36 -> 0.33
``witness_setup`` (kernel_coordinates)    0.64 (0.21) -> 0.64    0.55 (0.16) -> 0.57    0.73 (0.26) -> 0.68
tape recording                            1.89 -> 1.95           1.40 -> 1.47           3.25 -> 3.17
  trace / rows / inlining / lifted        .56/.54/.43/.17        .51/.37/.27/.12        .77/.82/.87/.29
tracker construction, solver set-up       0.12, 0.22             0.13, 0.21             0.13, 0.27
kernel calls (main thread)                21.27 -> 21.00         17.41 -> 17.65         223.04 -> 223.40
keys: ``NetworkValues.values`` (calls)    0.93 -> 0.91 (15)      1.16 -> 1.20 (19)      4.01 -> 3.68 (39)
keys: ``FixedPinFamily.full``             0.21 -> 0.16           0.24 -> 0.20           0.92 -> 0.69
the solver's loop, the rest               5.97 -> 5.86           6.29 -> 6.81           46.18 -> 43.97
attempt tail (the points' coefficients)   0.23 -> 0.20           0.20 -> 0.33           0.31 -> 0.34
========================================  =====================  =====================  =======================

Everything outside the kernels and the solver's loop is 4.6 ms (14% of the main thread's CPU) on linear 4-2-4, 4.2
(15%) on dense 3-2-2, 10.0 (3.6%) on linear 6-2-4: at zero cost, +17%, +18% and +4% paths per CPU second; the
27%/7% targets need the solver's loop (19-22%) and the kernels. The pieces have been cut by sessions 18-20 and are
spread thin: the tape (1.4-3.3 ms, 5-6%) and the keys (0.9-4.0 ms, 1.4-4%) are the only ones over 0.7 ms. Changed:
``PinnedFamily`` keeps its index lists as arrays too (numpy converted the lists at every call; a point's keys at
every return): ``full`` 0.21 -> 0.16, 0.24 -> 0.20, 0.92 -> 0.69 ms per seed; the same tapes (560 hashes, below)
and the same degrees, paths, loops, trace residuals, reasons and witness points (seven cases of ``ISSUE16``: seeds
0-4, dense 3-2-3 and linear 6-2-4 seeds 0-2; both trees). ``bench/_ab_rates.degree_rate`` alternated (three
pairs, 11:01-11:04, load 12-14, paths per CPU second): linear 4-2-4 5,686/5,508/5,437 -> 5,506/5,826/5,203, dense 3-2-2
6,798/7,095/7,196 -> 7,192/7,380/6,333, linear 6-2-4 5,521/5,552/5,592 -> 5,436/5,498/5,651: noise (the saving is
0.2%). Tried and dropped (same tapes, 560 hashes over 14 cases x seeds 0-3 x pin modes x lifted or not): the row
reduction's lane interval once per block and its term lists appended whole (record 1.60-1.71 -> 1.59-1.69 ms
isolated, no gain); ``BroadcastProgram`` without the adjoint's closures when not recording (a key 25.0-25.4 ->
24.6-24.9 us isolated). A key is numpy-bound (about 15 operations for 16 points on linear 4-2-4, 22-31 us isolated
for 1-64 points), 47-144 us inside a run whatever the number of points (cold caches after the kernels); a key from
the tape's kernels would be far cheaper but not bit for bit the same values (witness coefficients and trace
residuals in the last bits). A tape cache by structure would rarely hit across seeds: the pinned coordinates
(``kernel_coordinates`` at the seed's random start) differ -- 16, 8 and 20 distinct pinned sets over seeds 0-19.

Session 22 (issue 16: the fixed costs of a degree run; the row reduction's pivots chosen by cost). Measured again:
the pinned coordinates differ by seed (linear 4-2-4: 16 distinct sets over seeds 0-19, dense 3-2-2 r=2: 8, the most
common 9 times), and they shape the recorded tape (which weights are constants), so a tape cache by structure, with
the seed's numbers substituted afterwards, would hit in few runs of a sweep and was not built. witness_setup's parts
(thread CPU, 10th percentile of 180, linear 4-2-4 / dense 3-2-2 r=2, load 9): whole 0.40 / 0.32 ms, of which
``kernel_coordinates`` 0.14 / 0.08, the start point's values and Jacobian 0.08 / 0.07, ``NetworkValues`` 0.04,
``FixedPinFamily`` 0.03 / 0.02: nothing large. What paid instead is the tape's quality: the row reduction
(``algnet.homotopy.tape_blocks.reduce_output_blocks``) turns a block of g outputs over s common terms into ``[I |
R']``, where the s - g non-pivot terms stay in all g rows; complete pivoting chose the pivots by modulus only, now
they are the costliest terms (the inlining cost model) when that block's condition number is at most 1e3 (159 of
the 160 tapes of ``ISSUE16`` x seeds 0-19; one dense 3-2-3 tape by threshold pivoting by cost, none fell back to
complete pivoting). Lanes per tape 4-36% fewer (seeds 0-9 summed: linear 4-2-4 2,155 -> 1,375, linear 6-2-4 5,194
-> 3,415, dense 3-2-3 r=2 5,635 -> 4,679, dense 3-2-2 r=2 2,356 -> 1,964, conv k=2,2,2 3,557 -> 3,424), recording
0.08-0.28 ms cheaper (fewer terms to inline and lift: 1.72 -> 1.62, 1.31 -> 1.23, 3.04 -> 2.76 ms on linear 4-2-4,
dense 3-2-2, linear 6-2-4). Degree runs (``run_algnet``, seeds 0-2, both choices in one process interleaved, 7
rounds, process CPU, 2026-12-05 ~14:09 UTC, load 11-12), median ratio complete / by cost: linear 6-2-4 1.10,
linear 4-2-4 1.04, dense 3-2-3 r=2 1.04, dense 3-2-2 r=2 1.01, conv k=2,2,2 r=2 1.00 (an evaluation at n = 10-16
unknowns is mostly its LU, so fewer lanes pay less than their count). The same degrees on the eight cases x seeds
0-19; the same path counts on 158 of the 160 runs (linear 6-2-4 seeds 11 and 17: 1,327 -> 1,784 and 3,952 -> 3,949
paths). ``bench/_ab_rates.degree_rate`` against 7b77a9c in alternate processes (three pairs, 14:10-14:15 UTC, load 10.4-12.7):
paths per CPU second linear 4-2-4 5,169 / 5,240 / 4,630 -> 5,412 / 5,476 / 5,762, dense 3-2-2 r=2 6,710 / 7,085 /
6,955 -> 6,327 / 6,403 / 7,066, conv k=2,2,2 r=2 12,624 / 12,912 / 12,285 -> 11,257 / 11,171 / 12,958, dense 3-2-3
r=2 7,943 / 8,785 / 8,834 -> 8,458 / 8,739 / 8,940, linear 6-2-4 5,232 / 5,544 / 5,414 -> 5,978 / 5,395 / 5,909: at
this load only the in-process figures above separate the two (wall clock 554-2,227 paths per second in both
trees, nothing to read from it). Tried and not kept: a linear term on a DOT register costed as that register's own
terms (as if always inlined) instead of the cheaper of the two: fewer lanes on the dense cases (seeds 0-9, dense 3-2-3
r=2 4,679 -> 3,984) but more terms (1,844 -> 1,998), degree CPU in one process 0.99-1.03x (load 11-12): noise.
With ``PIVOT_BY_COST = None`` this branch records main's tapes byte for byte (288 tapes: the eight cases and
attention d=2 a=2 x seeds 0-3 x pin modes x family and tracked family x lifted or not). Also changed: the witness
system's trace takes the combined values' coefficients by one ``tolist`` instead of a numpy scalar per term (the same
tapes byte for byte; trace 0.381 -> 0.343 ms on linear 4-2-4, 0.566 -> 0.516 on linear 6-2-4). Three tests that
expected dense 3-3-3-1 r=2 refused at ``time_limit=1`` now use r=3: with this tape its seed-0 search takes 3,569
paths (0.86-0.90 CPU s) instead of 6,023 (1.31-1.39 s; another search by rounding), so the 1 CPU s pilot finishes
it and a finished pilot is never refused (the README's ``--time-limit 5`` example runs in both trees at this load).

Session 22 (issue 16: the monodromy solver's own Python between kernel calls). Where "the solver's loop, the rest"
goes (thread CPU of each function less its wrapped callees, ms per seed, seeds 0-2, min of 4-6 runs; 2026-12-05
13:50-14:30 UTC, load 8-13; wrappers add about 1 us a call): on linear 4-2-4 (12 returns, 180 endpoints a run) the
endpoint refinement ``CompiledEndpoints._refine_endpoints`` 1.9 (155 us a return), ``_prepare`` 0.8, ``_classify``
0.5, ``tracker.add`` 0.4, ``_conclude`` and ``finish`` 0.3 each -- 4.2 ms in the compiled tracker's files -- and
3.3-3.5 in ``homotopy/monodromy/``: ``process`` 1.3 (numpy glue per return, 40-50 us, and the loop, 2-3 us an
endpoint), ``SolutionSet.insert`` 0.6 and ``_add`` 0.3 (45% of lookups find their one candidate, 55% add a point;
never two candidates), ``pending`` and ``send_graph`` 0.27 each, ``Edge.record`` and ``sync`` 0.45, the trace test
0.3, set-up and random starts 0.4; linear 6-2-4 (36 returns, 1,570 endpoints): refinement 24 of 49, the
monodromy files about 22. Changed (the same arithmetic): the endpoint loop reads sizes, slacks
(``graph.key_slacks``, bit for bit ``key_slack``) and finiteness from Python lists, the usual endpoint first; one-row
key compares through ``tolist``; tolerances kept as a list, arrays from 32 rows; ``Edge.record`` extends only the
side a new point needs; ``send_graph`` copies a side's consecutive points as a slice; reductions without numpy's
Python wrappers; the edges' generator made at its first draw. ISSUE16 seeds 0-19: degrees, paths, loops, reasons,
trace residuals and witness parameters identical to 7b77a9c (160 runs; seeds 0-4 also the statistics, start hits
and every edge's correspondences). ``_degree_phases.py`` (two pairs interleaved with 7b77a9c, 14:25-14:27, load
12-13), "the rest": linear 4-2-4 7.39 / 6.51 -> 6.92 / 5.58, dense 3-2-2 r=2 7.40 / 7.68 -> 6.57 / 6.08, linear
6-2-4 49.1 / 49.3 -> 44.1 / 45.0; whole call 34.9 / 32.9 -> 34.6 / 31.6, 30.6 / 30.1 -> 29.3 / 28.2, 291 / 285 ->
279 / 284. Process CPU of seeds 0-2 (best of 5; three pairs, 14:29-14:32, load 11.6-12.8), paths per CPU second:
linear 4-2-4 5,283 / 5,256 / 5,329 -> 5,326 / 5,592 / 5,529, dense 3-2-2 r=2 6,749 / 6,729 / 7,044 -> 7,067 / 7,457 /
7,454, linear 6-2-4 5,550 / 5,344 / 5,663 -> 5,530 / 5,625 / 5,660 (+1-6%, within a few % of noise);
``bench/_ab_rates.degree_rate`` (best of 3, two pairs, 14:38-14:40, load 6.6-7.0): 5,824 / 5,743 -> 5,847 / 5,707, 7,333 / 7,466 ->
7,638 / 7,652, 5,734 / 5,500 -> 5,750 / 5,460. Wall rates at these loads say nothing. Not kept: a table of the nodes' parameters gathered once per ``send_graph`` (slower than the
per-side copies, 0.25 -> 0.33 ms). What is left in these files is numpy's per-call cost (about 15 calls a return)
and 2-3 us of Python an endpoint; a compiled endpoint loop would save at most about 1 ms of linear 4-2-4's 31 (the
graph's lists as arrays throughout). The larger piece of "the rest" is the endpoint refinement (about 15 us an
endpoint, 8% of linear 6-2-4's main-thread CPU).

Session 22 (issue 16: the kernel calls of degree runs, few paths a call, two threads). Each tracking call of
``run_algnet``'s runs, seeds 0-2, recorded by wrapping ``CompiledPathTracker._prepare`` (paths under way, block,
groups, threads; the call's work: CPU of all its threads, and critical path: its slowest thread on idle cores,
``share_jobs``' accounting), ``threads=2`` forced so that every call shows its two-thread structure; main 7b77a9c,
2026-12-05 14:37 UTC, load 7.1 (calls by paths under way: calls, paths in, work / critical path ms):

===============  ===========  ===============  =============  ==============  ===========  =============
case             1-7 (one     8-15 (path by    16-31 (two     32-63 (a block  64-127       128+
                 thread)      path, 2 groups)  blocks of 16)  and the rest)
===============  ===========  ===============  =============  ==============  ===========  =============
linear 4-2-4     13, 56,      11, 111,         6, 138,        9, 347,         --           --
                 6.5 / 6.5    12.9 / 8.1       12.2 / 6.9     32.0 / 18.1
dense 3-2-2 r=2  31, 131,     8, 86,           11, 278,       7, 235,         --           --
                 9.5 / 9.5    8.3 / 5.4        15.5 / 9.0     16.2 / 9.6
linear 6-2-4     20, 78,      32, 340,         26, 602,       37, 1,688,      6, 509,      13, 2,728,
                 15.5 / 15.5  53.7 / 33.0      60.2 / 35.0    176.9 / 103.0   53.3 / 31.9  294.5 / 157.4
===============  ===========  ===============  =============  ==============  ===========  =============

All calls: 63.6 / 39.5 ms (linear 4-2-4), 49.6 / 33.5 (dense 3-2-2 r=2), 654.1 / 375.7 (linear 6-2-4); the endpoint
work after them 6.3 / 4.3, 4.5 / 3.2, 72.6 / 40.9. Tracking CPU per path: 118 us (linear 4-2-4), 81 (dense 3-2-2),
139 (linear 6-2-4), against 88 and 146 us for the tracker alone on 1,024 paths, one thread (``/tmp/ab.py``'s idle
figures): linear 6-2-4's kernels are as efficient per path as full batches; linear 4-2-4 pays 1.3x for its small
calls. The second thread's idle time (twice the critical path less the work): 15.4 of 39.5 ms, 17.4 of 33.5, 97 of
376: the calls under 8 paths ran on one thread (as one group), a call of 33-63 paths was a block of 32 and a group
of the rest on 32 lanes (1-31 of them live: a lane costs the same live or not), 8-15 paths two fixed groups. The
two-core projection of a whole run (process CPU less the threads' work plus their critical paths): 79.5 ms (6,797
paths per second), 75.1 (8,184), 555.8 (8,476); the Python outside the kernels is 35, 38 and 138 ms of it.

Changed (``algnet/homotopy/path_groups.py``, ``compiled.py``, ``tracker_options.py``): (1) a group of part of a
block runs in the narrowest block that holds it (``group_widths``: 2, 4, ..., block / 2; the same groups, stops and
lane arithmetic, so the same paths bit for bit); (2) a path-by-path call that runs every path to its end (under
``stop_all_below`` paths) goes to two threads in groups of one path (any grouping steps each path alike), one group
on one thread; (3) ``threads=0`` judges such a call by 8 rounds of work (``TO_END_ROUNDS``), so that calls of 2-5
paths of these small systems get the second thread on idle cores; (4) on tapes of 3e-6 s an evaluation or more
(``NARROW_FROM``: linear 6-2-4 here) each group of a batched call goes on in a narrower block once its paths under
way fit in half of it (two kernel calls, the same rounds and stops: bit for bit), linear 6-2-4's calls 598 / 594
against 637 / 615 ms of work, 334 / 331 against 357 / 345 of critical path (load 8-9); smaller tapes lost up to 9%
(dense 3-2-2 r=2, conv k=2,2,2 r=2: an extra kernel call against little saved) or gained nothing (linear 4-2-4,
dense 3-2-3 r=2, conv k=3,2,2 r=2 at 2.7e-6 s). Items (1)-(3) at the same run and moment, this branch: 1-7 paths
7.1 / 4.1, 10.7 / 6.3, 16.1 / 9.5; 8-15 12.6 / 6.7, 8.9 / 4.7, 54.9 / 29.6; 32-63 27.8 / 17.0, 15.3 / 9.6, 155.9 /
94.4; all calls 59.2 / 34.6, 49.9 / 29.2, 613.7 / 344.7 ms; projection 79.1 ms (6,824 paths per second), 72.7
(8,461), 508.4 (9,266). Earlier pairs at load 7-12 (13:55-14:36 UTC, the same way; process CPU is +-15% a process at
that load): the tracking calls' critical path 38.4-39.5 -> 34.2-36.1 ms (linear 4-2-4), 32.5-35.7 -> 28.8-30.2
(dense 3-2-2), 376.9-423.6 -> 345.3-368.7 (linear 6-2-4); linear 6-2-4's projection 549-581 -> 509-531 ms (five and
six processes). With ``other_load`` taken as 0 (the threads an idle machine would get, default options, load 11-12):
1-7-path calls 6.5-7.0 -> 4.1-4.2 ms, 9.3-9.5 -> 6.1-6.6, 15.6-16.0 -> 9.5-9.7. ``bench/_ab_rates.degree_rate`` (two interleaved
pairs, 14:36-14:40 UTC, load 7.2-8.0, one thread at that load; wall clock meaningless) paths per CPU second:
linear 4-2-4 5,260 / 5,315 -> 5,390 / 5,691, dense 3-2-2 6,796 / 7,122 -> 6,864 / 6,883, conv k=2,2,2 12,571 /
13,184 -> 12,959 / 12,436, dense 3-2-3 8,600 / 8,592 -> 8,917 / 8,900, linear 6-2-4 5,628 / 5,679 -> 5,866 / 5,483.
The eight cases of ``ISSUE16``, seeds 0-19: the same degrees, paths, loops, trace residuals and witness points
(bytes) as 7b77a9c with ``threads`` 1, 2 and 0.

The whole branch, (1)-(4), against 7b77a9c (two interleaved pairs, 14:46-14:47 UTC, load 6.8-7.2, ``threads=2``
forced): two-core projection linear 4-2-4 83.5 / 74.6 -> 75.0 / 74.7 ms, dense 3-2-2 r=2 72.9 / 69.4 -> 70.8 / 66.4,
linear 6-2-4 543.1 / 552.0 -> 492.3 / 490.1 (8,674 / 8,535 -> 9,570 / 9,613 paths per second on two idle cores;
its process CPU 851 / 862 -> 781 / 778 ms); the tracking calls' critical path 41.3 / 37.5 -> 34.3 / 34.2, 33.2 / 32.5
-> 28.8 / 28.2, 374.9 / 378.2 -> 322.4 / 319.4 ms. ``bench/_ab_rates.degree_rate`` (one thread at that load, 14:47 UTC, two pairs),
paths per CPU second: linear 6-2-4 5,824 / 5,585 -> 6,095 / 6,003, dense 3-2-3 r=2 9,249 / 9,110 -> 9,013 / 8,602
(noise: 8,600 / 8,592 -> 8,917 / 8,900 in the pairs above), linear 4-2-4 5,487 / 5,217 -> 5,583 / 5,418. Idle wall
rates were not measurable (load 7-12 all session).

Tried and dropped: the endpoint work of a call's paths run in its threads right after each group's kernel (the
endpoints kept for ``finish``; the same endpoints bit for bit): the calls' critical path grew by what the endpoint
work lost (each group's own endpoints follow it on the critical path; the group that ends last is the slowest), plus
3% of CPU in Python per group; whole calls and endpoints 387-408 against 385-390 ms on linear 6-2-4, no gain on the
other two (also when done only in the calls run to their end). Endpoint parts of 4 or 2 rows instead of 8: the
endpoint work's critical path 40.7 / 41.4 -> 39.4-39.6 (4) and 38.6-40.2 ms (2) on linear 6-2-4, +3-10% CPU, no gain
on the small cases. What is left for 10^4 per wall second: the 35-138 ms of Python per three seeds outside the
kernels (solver, keys, tape) run serially with the kernels -- ``MonodromyOptions.overlap`` (session 18) is the
route; and calls of 33-63 paths, whose critical path is one block of 32 (their groups, fixed by the paths' number
for bit-for-bit results, cannot be cut into two halves without changing the paths that stop in the call).

Session 22, the whole session's change on an idle machine (2026-12-05 15:54-15:58 UTC, load 0.0-0.5; ``run_algnet``,
seeds 0-2; trees interleaved 7b77a9c -> 8329ce1; paths per wall second, best of 3): linear 4-2-4 7,473 / 6,330 ->
8,344 / 8,389, dense 3-2-2 r=2 8,744 / 7,710 -> 9,935 / 9,970, conv k=2,2,2 r=2 15,255 / 16,785 -> 17,591 / 17,677,
dense 3-2-3 r=2 12,839 / 13,388 -> 13,035 / 14,042, linear 6-2-4 8,828 / 8,924 -> 11,112 / 10,748 (paths per CPU
second 5,635 / 5,707 -> 7,023 / 6,782); best of 5, two more pairs: linear 4-2-4 8,143 / 8,048 -> 9,026 / 8,837,
dense 3-2-2 r=2 9,751 / 9,674 -> 10,337 / 10,380. The same paths (540, 615, 1,904, 3,448, 4,711). 10^4 paths per
wall second is reached on linear 6-2-4 and, best of 5, on dense 3-2-2 r=2; not on linear 4-2-4.

Session 23 (issue 16: the monodromy solver's Python and the keys between kernel calls; 2026-12-05 16:53-17:20 UTC,
load 7.5-9.6 throughout, one thread at that load; against 1946407). Where the solver's own Python goes (thread CPU
of each function less its wrapped callees, per run of linear 4-2-4, load 8.9; wrappers add about 1 us a call): the
compiled tracker's ``finish`` 2.9 ms (12 returns), ``process`` 1.3, ``NetworkValues.values`` 1.2 (15 calls),
``SolutionSet.insert`` 0.6 (180) and ``_add`` 0.2 (100), ``pending`` 0.3, ``send_graph``, ``submit``, the trace
test, the random starts and ``Edge.record`` 0.2 each; conv k=2,2,2 r=2 (634 endpoints): ``process`` 3.2, values 3.0
(35 calls), ``insert`` 2.0, ``record`` 0.75, ``_add`` 0.7, ``pending`` 0.7 of a run's 46 ms -- with the rest of the
solver about a quarter of the run (the wrappers' cost included), the largest share among the small cases. Inside
``process`` (per run of linear 4-2-4, thread CPU): the keys 0.96 ms, the points put back 0.19, the gathers 0.10, the
projections (``einsum``) 0.19, the sizes 0.11, the slacks 0.10, the endpoint loop 0.68-0.70 (3.8 us an endpoint with
its lookup and record). The keys cost twice as much right after a kernel call as warm: 868 against 515 us a run for
the same calls repeated at once, 550 us after a 4 MiB memory sweep, 757 after a 16 MiB one (in-run, linear 4-2-4,
load 8.7), but 1,243 us after a 0.5 ms sleep (load 10): at this load the cold start is mostly the other processes
run on the core meanwhile (caches, TLB, predictors), so the Python between kernel calls measured under load is
inflated about 1.5-2x against an idle machine (not measured idle). Changed (the same arithmetic): the keys' points
are built in the layout ``NetworkValues.values`` reads (its ``points_order``, Fortran: columns contiguous, no copy
into ``(n, N)``) and fixed pins' points without the parameters' gather (``full_needs_parameters``), in-run paired
(both computations at every return, the first of the pair alternated) 831 -> 811 us a run (linear 4-2-4), 1,143 ->
1,051 (dense 3-2-2 r=2); ``abs()`` (the array's slot for the same ufunc ``np.absolute``) instead of ``np.abs`` in
the one-candidate key compare (isolated 5.17 -> 4.16 us for 16 values), the keys' sizes and the trace sums;
``Edge.record`` extends the other side through ``Edge.sync`` (one logic). ISSUE16 seeds 0-19: degrees, paths, loops,
trace residuals and verdicts, reasons, failures, witness points and witness coefficients (bytes) identical to
1946407 (160 of 160 runs). Whole: in one process, main's ``process`` / ``insert`` / ``record`` / ``sync`` and
C-ordered keys against this branch's, alternated run by run (12 runs a seed and mode, ms per seed, median): the
solve less its kernel calls 8.32 -> 8.32 (linear 4-2-4), 8.70 -> 8.78 (dense 3-2-2 r=2), 16.44 -> 16.33 (conv
k=2,2,2 r=2); whole calls 28.52 -> 28.44, 26.79 -> 26.96, 45.86 -> 45.82: nothing measurable at this resolution
(0.1-0.2 ms). ``_degree_phases.py`` (three pairs interleaved, 5 runs a seed, load 7.6-8.2), keys + "the rest" ms per
seed: linear 4-2-4 6.82 / 6.48 / 6.33 -> 5.86 / 6.08 / 6.33, dense 3-2-2 r=2 7.57 / 6.87 / 6.89 -> 6.49 / 6.68 /
7.07, conv k=2,2,2 r=2 15.38 / 13.01 / 14.43 -> 14.16 / 14.32 / 15.21 (noise of the same size); ``bench/_ab_rates.degree_rate``
(three pairs, load 8.7-9.6) paths per CPU second: linear 4-2-4 5,904 / 6,080 / 6,341 -> 6,209 / 6,132 / 6,529, dense
3-2-2 r=2 7,570 / 7,469 / 7,941 -> 7,439 / 6,872 / 7,823, conv k=2,2,2 r=2 14,070 / 13,481 / 14,081 -> 13,905 /
13,569 / 14,547 (noise). Looked at and not done: (1) a compiled lookup: numpy's complex ``absolute`` (its SIMD loop)
differs from ``hypot`` (numba's ``abs``, Python's ``abs(complex)``, ``np.hypot``) in the last bit of 35% of entries,
so a compiled compare needs a margin and numpy's answer near the threshold; with the edges' records left in Python
it would save about 1.6 us an endpoint less a call per node and return -- 0.1 ms a run of linear 4-2-4, about 0.5 of
conv k=2,2,2 r=2 (estimate); (2) a node's lone-candidate compares in one numpy pass (the batch's own new points can
change the windows of its later endpoints; session 18's batched lookup was slower); (3) ``lin`` as one broadcast
product and one ``np.add.reduce`` over the taps instead of a product and a sum a tap: not bit for bit (1 of 300
random shapes differed in the last bit), so not the same keys; (4) the projections by a compiled loop: bit for bit
the same as ``einsum`` (2,000 random batches) but the sizes must stay numpy's ``absolute``, and the gain is a few us
a return. The garbage collector is not a factor (linear 4-2-4 runs with it off: the same CPU, 2-4 generation-0
collections in nine runs). What is left in these files is Python at 1-4 us an endpoint and 50-150 us a return,
spread over a dozen functions of at most 0.6 ms a run each; the larger serial pieces are the compiled tracker's
``finish`` (2.9 ms a run) and the cold start of every Python piece after a kernel call.
Session 23 (issue 16: the compiled tracker's endpoint pass; the calls of 33-63 paths). Where ``finish`` went
(``run_algnet`` seeds 0-2, thread CPU, best of 7, main 1946407, 2026-12-05 17:00 UTC, load 9.8): linear 4-2-4, 36
returns and 538 endpoints, 216 us a return, of which ``endpoint_rows`` 135 (9.0 us an endpoint), ``classify_rows``
5 and about 75 of Python (the selection by codes 23, the refinement's set-up 18, numpy's moduli of the points and
values and the statuses 35); dense 3-2-2 r=2 (48 returns, 615 endpoints) 156 us, 78 in the kernel. An endpoint
(``endpoint_rows``' parts on its captured inputs, us, load 7.8): linear 4-2-4 (n = 12, estimated condition) tape
0.9, transform T 0.85, row scaling 1.1, LU and update 1.5, condition number 3.1 of 7.5; dense 3-2-2 (n = 8,
exact) 0.9, 0.3, 0.4, 0.8, 2.6 of 5.0; linear 6-2-4 (n = 16) 1.7, 1.7, 1.3, 2.9, 4.4 of 12.1. 96-100% of the
endpoints already take one evaluation, so "fewer refinement steps" has nothing left; the condition number (35-50%)
and the rest are the arithmetic the statuses and the key slacks read, kept bit for bit. Changed: the whole pass in
one GIL-free kernel call (``algnet.homotopy.endpoint_finish.finish_rows``: the codes read and set, the refinement,
the largest moduli, the classification, row by row; parts of 8 rows on the threads as before). numpy's complex
``abs`` is not ``hypot`` (numpy 2's SIMD loop: ``larger * sqrt(fma(r, r, 1))``; 4.9 of 22 million values differ from
``hypot``), so the kernel computes that formula (none of the 22 million differ) and a process whose numpy does
otherwise keeps the numpy route (checked once a process). ``finish`` thread CPU per seed (two pairs interleaved with
1946407, 17:04-17:06 UTC, load 8.7-9.9): linear 4-2-4 2.46 / 2.78 -> 1.89 / 2.09 ms, dense 3-2-2 r=2 2.21 / 2.37 ->
1.61 / 1.62 ms (17:15, load 7.8-8.7: 2.52 / 2.46 -> 2.01 / 1.96 and 2.21 / 2.37 -> 1.64 / 1.73).
``_degree_phases.py`` (two pairs, 17:20-17:22, load 9-11; CPU ms per seed): "the solver's loop, the rest" (which
holds ``finish``) 5.76 / 5.95 -> 5.61 / 5.19 (linear 4-2-4), 6.24 / 6.08 -> 5.65 / 5.57 (dense 3-2-2 r=2), the whole
call 29.45 / 29.71 -> 29.06 / 28.87 and 27.76 / 27.38 -> 26.62 / 27.10. ``bench/_ab_rates.degree_rate`` (two pairs, 17:19-17:21,
load 8.4-9.4, paths per CPU second): linear 4-2-4 6,432 / 5,750 -> 6,223 / 6,440, dense 3-2-2 r=2 7,781 / 8,267 ->
8,063 / 7,714, conv k=2,2,2 r=2 14,556 / 14,610 -> 14,732 / 14,698, dense 3-2-3 r=2 9,587 / 10,093 -> 10,193 /
9,942, linear 6-2-4 6,772 / 7,300 -> 7,360 / 7,209: the 2% is inside this load's noise; wall figures meaningless
(load 8-11 all session). ``ISSUE16`` seeds 0-19 (default threads) and seeds 0-4 with every call forced to two
threads: degrees, paths, loops, trace residuals, witness points and every ``finish``'s endpoints, condition numbers,
residuals, statuses and codes bit for bit against 1946407 (200 runs; numpy warnings raised as errors: none).
The calls of 33-63 paths (a group of one block of 32 and a group of the rest): their groups and stop shares fix
which paths stop, so only a split of the 32-path group into lanes run in lockstep on two threads (a barrier every
round inside the kernel) keeps the paths; and a block of 16 costs 0.83 of a block of 32 on linear 4-2-4
(``compiled._block``'s measurement: two blocks of 16 on two threads 1.20x faster than one of 32), so its two halves
plus the group of the rest would not finish sooner on that case (0.67 on the other systems: at most 8% of those
calls). Not attempted. The Python of a kernel call (medians of 195 calls, linear 4-2-4, load 11.7, wall us):
``_prepare`` 60 (the new rows' parameters mapped, ``CompiledParameterHomotopy.parameters``, 32; the paths under way
10; groups 10; ``_chunks`` 7.5), ``_conclude`` 20, the call's own 10: ``np.flatnonzero`` replaced by ``nonzero`` and
the groups memoized per tracker gave 1.40 / 1.29 -> 1.34 / 1.31 ms per seed of it (load 8): not kept. Also tried
and not kept: a group's block width rounded up to a multiple of 8 lanes instead of the next power of two (the same
endpoints bit for bit: linear 4-2-4, dense 3-2-2 r=2, linear 6-2-4, seeds 0-3), the tracking calls' CPU per seed
(one thread, two pairs, 17:40 UTC, load 10.6-11) 17.23 / 17.55 -> 17.38 / 17.49 ms, 14.85 / 14.94 -> 14.91 / 14.99,
162.9 / 163.9 -> 164.0 / 165.9: no gain.
Session 23 (issue 16: a degree run's set-up before its first kernel call, 2026-12-05 16:55-17:45 UTC, load 8-11). A
cache of tapes keyed by (structure, pinned set) was measured, not built: the pinned coordinates over seeds 0-19 take
6, 4, 4, 16, 8, 6, 9 and 20 distinct sets on the eight cases of ``ISSUE16`` (a cache would hit 14, 16, 16, 4, 12, 14,
11 and 0 of the 20 runs), and even a hit must redo the recording's arithmetic with the seed's Z, R and b (to give the
same tape byte for byte); linear 4-2-4, the case short of 10^4 paths per wall second, would hit 4 runs in 20. A degree
run records each system once (with this bench's options one tape per seed; ``method="monodromy"`` with the other
defaults records the unpinned family too, another system). So the passes were made cheaper instead, with the same
arithmetic: isolated (thread CPU, min of 20-200 per seed, seeds 0-2, interleaved with 1946407, load 8-11), the row
reduction 328 -> 274 us (linear 4-2-4) and 527 -> 452 (linear 6-2-4): its pivot block's condition is decided by
||A||_F ||A^-1||_F, an upper bound, where that is at most the limit (156 of the 160 blocks of ``ISSUE16`` x seeds
0-19; the SVD decides the others), the inverse computed for it is the reduction's, T is the pivot block itself when
one block holds every output; the trace's monomial tables made once per distinct exponent list (the outputs of a layer
share theirs), trace 0.400 / 0.404 -> 0.380 / 0.373 ms (linear 4-2-4), 0.536 / 0.539 -> 0.493 / 0.488 (linear 6-2-4);
the lifted parameters 0.167 -> 0.153 ms; the inlining and the products' fusion a few percent. Whole recordings 1.47 /
1.47 -> 1.37 / 1.34 ms (linear 4-2-4), 1.12 / 1.12 -> 1.05 / 1.04 (dense 3-2-2 r=2), 1.34 / 1.35 -> 1.26 / 1.26 (conv
k=2,2,2 r=2), 2.37 / 2.34 -> 2.20 / 2.16 (linear 6-2-4): 6-9% of the recording, 0.1-0.2 ms of the 2.7-3.5 ms of
set-up; ``witness_setup`` unchanged (0.40-0.53 ms). Inside degree runs (``_degree_phases.py``, each tree its own copy,
four interleaved pairs, 17:36-17:41 UTC, load 8.5-9.6), ms per seed thread CPU: tape record 1.74 / 1.75 / 1.73 / 1.63
-> 1.60 / 1.66 / 1.56 / 1.63 (row reduction 0.45 / 0.45 / 0.45 / 0.43 -> 0.37 / 0.38 / 0.37 / 0.38; linear 4-2-4),
1.31 / 1.32 / 1.37 / 1.36 -> 1.26 / 1.30 / 1.33 / 1.28 (dense 3-2-2 r=2), 2.75 / 2.68 / 2.74 / 2.75 -> 2.64 / 2.65 /
2.64 / 2.68 (linear 6-2-4); the other set-up phases within their noise (0.02-0.08 ms). The same tapes byte for byte
(640 hashes: ``ISSUE16`` x seeds 0-19 x the tracked family with and without lifted parameters, the family, the tracked
family without reduction and inlining) and witness set-ups; the same degrees, paths and reasons (160 runs).
``bench/_ab_rates.degree_rate`` (two pairs, 17:30 UTC, load 10.4): paths per CPU second linear 4-2-4 6,485 / 6,412 -> 6,125 / 6,329,
dense 3-2-2 r=2 7,937 / 7,844 -> 8,151 / 7,932: noise (the saving is 0.1 ms of 27). Where the set-up still goes
(isolated, linear 4-2-4): ``witness_setup`` 0.42 ms (``kernel_coordinates`` 0.13, the start point's values and
Jacobian 0.07, ``NetworkValues`` 0.04, ``FixedPinFamily`` 0.02, random draws and arrays the rest); the trace 0.37 (the
network's object-array evaluation over ``InputPolynomial`` about 0.2, the combined values and their monomial tables
0.08, the coefficients' registers 0.05); row reduction 0.27 (numpy calls about a quarter); the inlining 0.33 (Python
dictionaries, already incremental); lifted parameters 0.15; the builder's own passes and the ``Tape`` arrays 0.15.
Tried and not kept: lane intervals by ``min``/``max`` over ``map`` or list comprehensions instead of the explicit
loops in the row reduction and ``_rewrite`` (5-20% slower on Python 3.11: a comprehension is a call, ``min(...,
default=)`` parses keywords); the combined values' columns gathered by one fancy index instead of a copy per register
(5 us). Halving the set-up needs the pieces outside the tape's passes: the trace's object arithmetic and
``kernel_coordinates`` (``analyses/witness_coefficients.py``, ``analyses/network_input.py``).

Session 23, end (2026-12-05 18:54-18:55 UTC, idle, load 0.0-0.3; ``bench/_ab_rates.degree_rate``'s logic:
``run_algnet``, seeds 0-2, best of 3; two interleaved pairs 1946407 -> the session's final tree), paths per wall
second: linear 4-2-4 8,319 / 8,801 -> 9,004 / 8,850, dense 3-2-2 r=2 10,164 / 10,385 -> 10,600 / 10,356, conv k=2,2,2
r=2 18,038 / 17,791 -> 18,320 / 17,896, dense 3-2-3 r=2 14,550 / 14,582 -> 14,625 / 14,643, linear 6-2-4 11,719 /
11,595 -> 11,722 / 11,905; per CPU second linear 4-2-4 6,134 / 6,431 -> 6,513 / 6,434. The same paths (540, 615,
1,904, 3,448, 4,711). So 10^4 paths per wall second holds on dense 3-2-2 r=2 (best of 3 now), conv k=2,2,2 r=2, dense
3-2-3 r=2 and linear 6-2-4, and not on linear 4-2-4 (8,850-9,004): the endpoint pass, keys and recording changes
above are each 1-3% of its run.
Issue 16, the serial Python of a degree run (2026-12-05 21:20-22:35 UTC, the new 2-core machine at load 9-12 all the
while: wall figures meaningless). Where linear 4-2-4's main thread goes (each function's own thread CPU, the calls it
makes apart; ``run_algnet``, seeds 0-2, least of 7 runs per seed, ms a seed): of about 26, the kernels 16.5 (batched
9.8, path by path 5.3, endpoint pass 1.4), Python outside the solver's files 3.7 (tape recording 1.3, the network's
values for the keys 0.8, ``witness_setup`` 0.55, ``degree`` 0.46, the tracker's ``add`` 0.31, ``finish`` 0.24), the
solver's and the compiled tracker's Python about 5 in some 40 functions, ``process`` the largest (1.0-1.5). Python right
after a kernel call runs cold: ``pooled_work`` took 0.75 us a call warm and 8.7 us inside the runs, the tracker's
``add`` 13.5 and 26, so what a return costs is about the number of numpy and Python steps it takes, not their
arithmetic. Changed (the same steps in fewer calls): a return's key sizes, projections and condition slacks in one
kernel call (``algnet.homotopy.monodromy.key_rows``: numpy's moduli by ``endpoint_finish.abs_like_numpy``, ``einsum``'s
order; bit for bit on 3,000 random batches) instead of eight numpy calls; the statuses of a call's stopped paths through
a list of names, not object-array fancy indexing; the batched kernel's pooled work set kept per (thread, block) and
looked up again only when another tape took it (``work_pool.pooled_kernel``); one thread's groups run without
``share_jobs``' closures (``path_groups._groups_alone``); the usable cores read with the load once a second
(``sched_getaffinity`` is 0.31 us on this machine, not 3.4: a cache inside ``usable_cores`` measured 0.41, so the call
is skipped instead); ``apply_map``'s single product without its loop. Own thread CPU a seed, 71202fd -> this change
(interleaved, load 9-11): linear 4-2-4 ``process`` 1.18 / 1.52 -> 0.79 / 0.82 (plus ``key_rows`` 0.08 against
``key_slacks`` 0.06), ``_prepare`` 0.44 -> 0.28, ``_conclude`` 0.33 -> 0.17, ``auto_threads`` 0.12 -> 0.05, the pool
lookups 0.11 -> 0, ``_step`` 0.37 -> 0.28, ``apply_map`` 0.22 -> 0.14; linear 6-2-4 ``_prepare`` 1.74 -> 1.21,
``_conclude`` 1.12 -> 0.81, ``auto_threads`` 0.58 -> 0.22, the pool lookups 1.30 -> 0, ``_step`` 4.84 -> 3.93. The
solver's Python over the other Python of the same process (a ratio from which the process's speed under load cancels;
interleaved pairs, 22:17-22:24 UTC): linear 4-2-4 1.74 / 1.72 / 1.91 / 1.86 -> 1.50 / 1.48 / 1.62 / 1.60, dense 3-2-2
r=2 2.16 / 1.99 -> 1.78 / 1.70, conv k=2,2,2 r=2 2.36 / 2.31 -> 2.15 / 2.16, dense 3-2-3 r=2 3.15 / 3.23 -> 2.56 / 2.59,
linear 6-2-4 3.90 / 3.75 -> 2.94 / 3.07: 8-21% less (about 1 ms a seed of linear 4-2-4's 26, 5-15 of linear 6-2-4's
230); the kernels' share unchanged. Whole runs (main-thread CPU of seeds 0-2, each seed's least of 3, 19 interleaved
pairs of processes, 22:09-22:30 UTC; least / median over the pairs, ms): linear 4-2-4 72.3 / 81.4 -> 71.0 / 80.2, dense
3-2-2 r=2 69.8 / 80.1 -> 70.3 / 80.7, conv k=2,2,2 r=2 119.0 / 135.5 -> 120.5 / 139.8, dense 3-2-3 r=2 283.8 / 319.9 ->
282.5 / 316.0, linear 6-2-4 519.5 / 558.3 -> 501.6 / 557.2: a process's speed moved by 10-20% with the load, and these
cannot show 3% either way (the changed calls are cheaper on every case: ``key_rows`` against the numpy route on each
case's own keys of seed 0, warm, us a return: 6.1 -> 2.7, 5.8 -> 2.4, 7.0 -> 4.1, 10.0 -> 5.1, 8.6 -> 4.4); paths per
main-thread CPU second from the least: 7,464 -> 7,609, 8,807 -> 8,753, 16,002 -> 15,800, 12,149 -> 12,205, 9,068 ->
9,392. ``ISSUE16`` seeds 0-19: degrees, paths, loops and every path's endpoint, condition number, residual and status
bit for bit against 71202fd (160 runs, numpy's errors raised; and seeds 0-4 with two threads allowed to every call, 40
runs). Tried and not kept: every per-path array appended in one pass (13.5 -> 12.2 us an addition, warm: not worth a
module); p0's and p1's rows mapped by one product (BLAS rounds a row differently with the number of rows: 1,968 of 2,400
stacked products differed in the last bit, which would change the endpoints); a pooled set's re-initialisation in one
kernel call instead of four (33 -> 35 us, warm).

The kernels' reference counting (2026-12-05 22:38-22:39 UTC, load 1.5-1.7; ``bench/_ab_rates.py``, REP=5,
main 71202fd and the branch alternated, three pairs). Inside these degree runs a path takes 9.7-12.3 steps and
0.5-1.4 rejected ones, 29-45 full and 18-27 light evaluations, and the path-by-path kernel (fewer than 16 paths under
way) holds 13-41% of the tracking kernels' CPU (``bench/_tracker_degree_work.py``). numba counted references to every
array argument of every compiled call, an atomic add and subtract per array: 36% of the path-by-path kernel's
perf samples. The helpers that allocate nothing are now compiled without it (``algnet.homotopy.kernels``' module
doc): that kernel 1.26-1.47x less CPU per path, bit for bit. Paths per CPU second, main -> branch (medians of three):
linear 4-2-4 8,100 -> 8,788 (runs 7,372/8,569/8,100 -> 8,788/8,992/8,775), dense 3-2-2 r=2 9,712 -> 10,623, conv
k=2,2,2 r=2 16,995 -> 19,934, dense 3-2-3 r=2 12,615 -> 13,882, linear 6-2-4 10,079 -> 10,459 (1.04-1.17x); per wall
second (wall = CPU at that load) linear 4-2-4 7,367/8,560/8,083 -> 8,785/8,991/8,731: still not 10^4. The same
degrees, paths and trace verdicts on ``ISSUE16`` x seeds 0-19 (160 runs), and tracked endpoints, statuses, steps and
evaluations bit for bit (512 paths of dense 3-2-2, linear 4-2-4, dense 3-2-3 of ``bench/bench_tracker.py``). Cold
compile (a fresh ``NUMBA_CACHE_DIR``, the first ``track`` of dense 3-2-2 compiling every kernel it uses): 88.3 ->
84.5 s of CPU.

The batched kernel without reference counting (2026-12-05 23:06-23:15 UTC, load 2.8-3.3). ``blocks._evaluate`` built
its output map (``blocks_vec._direct_outputs``: four arrays and a walk over the whole tape) at every block
evaluation, so it and ``batched._round`` above it counted references (``_round``'s compiled code: 304 increfs and 666
decrefs). The map is now made once per ``advance_batched`` call (``blocks._block_tape``: the tape's arrays with it,
``tp``), and ``_evaluate`` and ``_round`` are compiled without counting (0 and 0). The kernel's calls of these degree
runs (seeds 0-4), replayed with 1839bd8's and this ``advance_batched`` in one process, alternated call by call
(``bench/_tracker_degree_work.py --ab``, 15 passes), CPU us a path of a call, medians: linear 4-2-4 53.9 -> 50.8,
dense 3-2-2 r=2 48.6 -> 44.2, conv k=2,2,2 r=2 20.9 -> 19.0, dense 3-2-3 r=2 61.9 -> 58.9, linear 6-2-4 54.3 -> 52.3
(1.04-1.10x), every call's rounds, evaluations and state bit for bit; the evaluation alone (``bench_tape.py --kernels
--tracker``, linear 4-2-4) 0.20 -> 0.19 us a path. Whole runs (``bench/_ab_rates.py``, REP=5, 1839bd8 and this tree
in alternate processes, 12 pairs), paths per CPU second, medians (best): linear 4-2-4 7,746 -> 8,050 (8,351 ->
9,174), dense 3-2-2 r=2 9,188 -> 9,778, conv k=2,2,2 r=2 16,556 -> 17,098, dense 3-2-3 r=2 11,428 -> 11,805, linear
6-2-4 8,764 -> 9,093 (1.03-1.06x, within the run-to-run spread of 10-30% at that load, but in every case the same
way). ``ISSUE16`` seeds 0-19: degrees, paths and a hash of every compiled kernel call's state (endpoints, times,
steps, rejected steps, statuses, velocities, evaluation counts) identical to 1839bd8 (160 runs). Cold compile (a
fresh ``NUMBA_CACHE_DIR``, the first compiled ``track``, two alternated pairs): 65.8 / 73.1 -> 69.2 / 64.1 s CPU.
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
# and under load that is about 1 h, which it refuses (measured this session, load 4-5); NI has no such guard
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
