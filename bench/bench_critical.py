"""Critical points of a generic quadratic loss: algnet against Macaulay2 (Groebner bases).

Both sides count the critical points of L = (c(theta) - u)^T Q (c(theta) - u) on the
same gauge chart (the coordinates algnet pins by the known symmetries, here pinned
to 1) at which d mu has full rank:

* Macaulay2 (``M2``, where installed): the coefficient map c(theta) expanded by
  python-flint (not timed), Q = A A^T + I and u with small random integers; timed inside
  M2 (``cpuTime`` and ``elapsedTiming``): the critical ideal (the partial derivatives of
  L in the free coordinates), the ideal of the maximal minors of the Jacobian of c (the
  rank-drop locus), the saturation of the first by the second, and ``degree``; given
  ``REF_TIMEOUT`` seconds (a time-out is not repeated);
* algnet: ``ed_degree(spec, metric="generic", method=...)`` from the network spec, on each route -- the
  dimension, the loss, the gradient system, then (monodromy) monodromy in the target with its trace test, or
  (total degree) one total-degree homotopy with the gamma trick on a random slice, or (multihomogeneous) one
  linear-product homotopy on a slice cutting the layers separately (:mod:`algnet.analyses.critical.multihom`),
  each small route followed by a trace test on the points found; Krawczyk certification of every point (the
  count is the number of distinct images of the critical points with full rank, the same quantity); "count
  only" is ``certify=False``; after a warm-up call of each route (imports, numba's cached kernels).
  ``auto_route`` is the route ``method="auto"`` takes.

Each side: the fastest of ``REPEATS`` runs; ``auto_cpu_s_median_seeds``: the median CPU time of one certified
``ed_degree`` call (``method="auto"``) over seeds 0 .. ``SEEDS`` - 1 (one seed's slice and target can be lucky or
not; ``auto_median_cpu_ratio`` = Macaulay2 CPU / that median), ``auto_counts`` and ``auto_routes`` over those seeds;
``auto_cpu_s_median_seeds_best3`` the same median with each seed the best of ``REPEATS`` calls;
``auto_cold_cpu_s``: the first call of the structure (after ``warm.clear_cache()``, with the structure store off:
the structure-level solve of :mod:`algnet.analyses.critical.warm` and the call; numba's kernels already loaded).
The first count in a fresh process (:func:`fresh_columns`; a new Python process per run, ``import algnet`` not
timed, like Macaulay2's start-up; the CPU of the ``ed_degree`` call alone, best of ``REPEATS`` rounds run
interleaved cached / empty / first): ``auto_fresh_cached_cpu_s`` with the structure store
(:mod:`algnet.analyses.critical.structure_store`) holding the case (loaded; the count certifies its points) and
``auto_fresh_empty_cpu_s`` with an empty store (solved), both after untimed calls of another structure on every
route (numba imported, its cached kernels loaded); ``auto_fresh_first_cpu_s`` the very first call of the process,
store filled (what a command line pays after its imports: numba's import and kernel loading until session 16; since
session 17 a stored structure's count runs without numba, :mod:`algnet.homotopy.tape_numpy`);
``auto_fresh_first_bytecode_cpu_s`` the same with the modules' bytecode cached (an installed algnet's; these sessions'
environment sets ``PYTHONDONTWRITEBYTECODE``, so the other fresh columns compile the modules a call imports);
``auto_fresh_*_cpu_ratio`` = Macaulay2 CPU / those. The run's store is a temporary directory, filled by seed 1
(the timed calls are seed 0: a structure's first count is solved at its own parameters).
``<route>_cpu_ratio`` = Macaulay2 CPU seconds / algnet CPU seconds
(``time.process_time``) with certification, ``<route>_count_cpu_ratio`` without (routes: ``mono``, ``td``,
``mh``). ``--quick``: the first three cases; ``--skip-slow``: without conv k=2,2,2; ``--no-m2``: algnet only;
``--no-fresh``: without the fresh-process columns.

Session 22 (2026-12-05 13:48-15:35 UTC, eight concurrent jobs and CI on 2 cores, load 7-13; A/B against the
session's start 7b77a9c, interleaved, fresh processes). Where a warm call goes (``ed_degree`` of a structure this
process holds; inclusive thread CPU of wrappers, linear 2-1-2, 400 calls, load 8, 14:04 UTC, this tree after
(1)-(3)): 1.61 ms in all: the E paths 0.52 (the kernel 0.2-0.3, the compiled tracker's set-up, endpoint refinement
and classification the rest), the certification 0.57 (the batched Krawczyk test 0.45 -- the exact tape's disc
evaluation 0.21 of it, the MetricGradient tape's F and F' at the centres 0.04 --, the distinct-image test 0.07), the
slice rank and images 0.10, the shared-image test 0.03, outside the warm route 0.30 (``ed_degree`` and
``critical_points`` themselves, the estimate's check 0.06, the loss 0.03). What changed (all in the warm call's
certification and checks; the same arithmetic: certificates, radii and centres bit for bit on 10 warm calls each of
linear 2-1-2, dense 2-1-1 r=3, conv k=2,2 r=2, and tests/test_certify_batch.py's new check of non-finite and
singular rows passes on 7b77a9c too). (1) :func:`~algnet.homotopy.certify.krawczyk_batch` with fewer numpy calls
where every row is live (no index copies, the batched inverse of all rows, ``matmul`` for the Newton step instead of
``einsum``, ufunc reductions instead of ``np.all`` / ``np.sum`` / ``np.max``). (2)
:func:`~algnet.homotopy.certify.distinct_count`: every key from the batched enclosures at once (no per-point lists),
up to ``SMALL_PAIRS`` = 4,096 (point, point, coordinate) entries all pairs on all coordinates in one step (the same
count: tests/test_certify_pairs.py runs both paths), the separating coordinate of the block path by ufunc reductions
instead of ``np.std``'s Python. (3) :mod:`~algnet.analyses.critical.warm`: the call's parameter vector built once
(three times before), ``_distinct`` not run where ``_shared_images`` found no two images alike (the same tolerance:
it would count E), ``structure_copy`` without ``copy.copy``'s reduce protocol. (4) No retry pass of the batched test
where every point passed at the first radius (it found nothing to retry), the result arrays made only where the
batched test does not run, ufunc reductions for row maxima (also in the rank rule and the shared-image test). The
certification on the captured points of 10 warm calls (thread CPU, min of 7 rounds interleaved with 7b77a9c's module
in one process, load 6.8, 14:46 UTC, the final tree): linear 2-1-2 0.58 -> 0.44 ms, dense 2-1-1 r=3 0.58 -> 0.44,
conv k=2,2 r=2 1.53 -> 1.40. Warm ``ed_degree`` (thread CPU, median of 200 calls a process -- 20 rounds of seeds 0-9
-- and the median of the seeds' minima, processes of the two trees interleaved): the final tree, 3 processes a tree,
14:47-14:48 UTC, load 7.4-7.7: linear 2-1-2 1.61-1.97 -> 1.41-1.52 ms (minima 1.44-1.67 -> 1.29-1.30), dense 2-1-1
r=3 1.61-1.88 -> 1.48-1.74 (1.51-1.65 -> 1.37-1.44); after (1)-(3), 4 processes a tree, 14:24-14:26 UTC, load 12-13:
linear 2-1-2 1.86-2.16 -> 1.55-2.13 ms (minima 1.51-1.72 -> 1.32-1.67), dense 2-1-1 r=3 1.93-2.26 -> 1.60-2.05
(1.58-1.67 -> 1.41-1.55), conv k=2,2 r=2 5.66-6.37 -> 5.81-6.10 (5.46-6.06 -> 5.49-5.66); at load 7.5 (13:59 UTC, 3
processes) 1.64-1.73 -> 1.41-1.57 and 1.71 -> 1.45-1.69. Counts: every call 6, 7, 14; the 30 first counts of each
case (tests/test_critical_firstcount_seeds.py, slow) passed.

Not changed, measured. The store-loaded first count in a fresh process (linear 2-1-2, 7 processes, load 8.5-10.4,
14:01-14:03 UTC): 4.1-4.9 ms: the store 1.4-1.7 (the file 0.28-0.33 with ``load_record`` 0.16, the key 0.08, the
family 0.24-0.29 with ``layered_family`` 0.13, the tapes 0.71-0.94: unpacking 0.19-0.22 with the index checks 0.14,
the exact tape's identity check 0.41-0.47 with its numpy reference 0.27), the warm call 1.36-1.5, ``ed_degree``'s
support view of the outputs (``ed._on_support``, once per structure and process) 0.50-0.53, the spec and network
0.1, the rest of the estimate 0.3. ``fresh_columns`` A/B (reps 3, two rounds a tree, 14:12-14:19 UTC, load 10.6-12):
loaded 4.05 / 4.70 -> 4.32 / 4.30 (linear 2-1-2), 4.93 / 4.83 -> 4.44 / 4.71 (dense 2-1-1 r=3), within the noise.
The in-process cold count (store off, structure forgotten; linear 2-1-2, 5 processes, load 8-10, 14:05 UTC): 8.0-8.2
ms: the small route 5.9-6.0 (the multihomogeneous homotopy 3.9 with its tape recorded 0.87-0.92, the trace test 1.6
with its slope 0.25, the filter 0.36), the structure's family 0.58-0.91, the certification 0.73, the estimate 0.11.
Tried and not kept: the warm paths' first step 0.15 instead of 0.05 (kernel evaluations per call over seeds
1000-1099 of linear 2-1-2 278 -> 263, 5%; no detour, no fall-back either way), 0.3 with steps up to 1.0 (259): a few
percent of the kernel's 0.2-0.3 ms, not worth a looser first step.

``--quick`` with Macaulay2 (CPU seconds, ratio = Macaulay2 / algnet; 7b77a9c 14:48-14:50 UTC, load 6.3-7.6, this
tree 14:50-14:52 UTC, load 5.1-6.3; the very first call without cached bytecode, with it in brackets):

================  =======  ======  ==============  ===========  ===============  ===============  ================
case              tree     M2      warm (median;   in-process   fresh, store     fresh, empty     fresh, first
                                   best-of-3)      cold         (loaded)         store (solved)   call [bytecode]
================  =======  ======  ==============  ===========  ===============  ===============  ================
linear 2-1-2      7b77a9c  0.0184  0.0016; 0.0015  0.0076       0.0039 (4.7x)    0.0121 (1.52x)   0.082 (0.22x)
                                                                                                  [0.035 (0.53x)]
linear 2-1-2      this     0.0184  0.0015; 0.0013  0.0073       0.0041 (4.5x)    0.0132 (1.39x)   0.080 (0.23x)
                                                                                                  [0.035 (0.53x)]
dense 2-1-1 r=3   7b77a9c  0.0239  0.0018; 0.0016  0.0070       0.0038 (6.3x)    0.0106 (2.26x)   0.090 (0.27x)
                                                                                                  [0.043 (0.55x)]
dense 2-1-1 r=3   this     0.0249  0.0016; 0.0014  0.0062       0.0036 (6.9x)    0.0104 (2.39x)   0.095 (0.26x)
                                                                                                  [0.046 (0.54x)]
conv k=2,2 r=2    7b77a9c  0.369   0.0065; 0.0057  0.0206       0.0104 (35.5x)   0.0260 (14.19x)  0.104 (3.53x)
                                                                                                  [0.060 (6.13x)]
conv k=2,2 r=2    this     0.360   0.0057; 0.0054  0.0200       0.0103 (35.0x)   0.0276 (13.07x)  0.107 (3.36x)
                                                                                                  [0.062 (5.80x)]
================  =======  ======  ==============  ===========  ===============  ===============  ================

(every count the theorem's, every "fresh, store" run loaded, every "fresh, empty" run solved.) Two runs before
(after (1)-(3); 14:28-14:39 UTC, load 6-13) gave the warm median of linear 2-1-2 0.0022 / 0.0016 for 7b77a9c and
0.0020 / 0.0018 for this tree: a median of 10 single calls moves by more than this change between runs of one tree,
the firm figures are the interleaved medians of 200 calls above (about 15-25% less). Met: 10x Macaulay2 for the warm
median (12.6x and 15.2x here; 10.4x / 10.9x and 15.5x / 16.2x in the two runs before, at load 6-13). NOT met: the
store-loaded first count in a fresh process at 2.0 ms (4.5x / 6.9x here; its 4.1-4.9 ms are the store's 1.4-1.7, the
warm call's 1.4-1.5 and 1.2 of ``ed_degree``'s own first-call work, 0.5 of it the support view in
analyses/critical/ed.py); the in-process cold count (2.5x / 4.0x; its small route's homotopy and trace test, 5.9 of
8 ms, not changed). Seen on the way, not changed (analyses outside this benchmark's files): after a process's first
counts about 126,000 objects sit in the collector's generation 1 (imports made while
:func:`algnet.homotopy.kernel_cache.gc_paused` held the automatic collection), and the next generation-1 collection
takes 34-48 ms wherever it falls: inside a count (the in-process cold count 53-63 ms instead of 8 when it ran right
after the warm-up calls of the same structure; this benchmark's order runs the case's routes first).

Session 21 (2026-12-05 11:22-12:35 UTC, the second wave on 2 cores, load 10-16; CPU in fresh processes,
bytecode cached (``PYTHONPYCACHEPREFIX``), interleaved against 2745dea and against the integration commit 97b1459).
The very first call's numpy tracker (:mod:`algnet.homotopy.tape_numpy`, store filled, numba not imported): its tape
is now evaluated as products of linear forms (``eval_rows(staged=True)``,
:func:`~algnet.homotopy.tape_numpy._stages`: every register a linear form over the inputs and the products, the
products grouped by multiplicative depth; per stage one small matrix product -- real where the coefficients are,
below OpenBLAS's threading sizes -- or a gather for the operand forms, then one dual-number product for the value
and all tangent lanes; the work arrays kept per thread). CPU us an evaluation at the first call's rows (in one
process, best of 5 x 200, load 14): linear 2-1-2 116 -> 48 (39 instructions, 7 levels, 3 stages), dense 2-1-1 r=3
101 -> 57, conv k=2,2 r=2 186 -> 153; compiling the stages in a fresh process 0.57, 0.65, 1.26 ms (once per tape).
Two traps measured on the way (load 14): a complex ``@`` above about 65,000 multiply-adds is threaded by OpenBLAS
and took 0.5-16 ms instead of 6-35 us, and temporaries of a few hundred kB allocated per call cost page faults (0.47
-> 0.2 ms an evaluation of conv). Tapes evaluated once or twice (the stored tapes' checks) stay level by level
(cheaper than compiling stages: the exact tape of linear 2-1-2 0.9 against 1.6 ms). Tracking inside the first call
(process-time wrappers, linear 2-1-2 / conv k=2,2 r=2; 2745dea -> this): 16.4-17.0 (once 24.8) -> 11.6-12.3 /
44.4-50.1 -> 38.8-39.6 ms, the tape's evaluations 9.3-9.9 -> 4.8-5.0 / 29.2-31.9 -> 22.6-23.1 ms (62 / 143
evaluations: the steps are the same). Endpoints against the level-by-level evaluation on 16 warm calls (linear 2-1-2
and dense 2-1-1 r=3, seeds 0-7): same statuses and steps, max relative difference 8.6e-15. The first call (CPU ms,
min / median, 5 rounds each, 11:41-11:49 UTC, load 11-14): against 2745dea linear 2-1-2 38.0 / 40.1 -> 34.5 / 35.2,
dense 2-1-1 r=3 49.6 / 52.6 -> 44.6 / 47.1, conv k=2,2 r=2 71.4 / 72.2 -> 64.2 / 66.0; against 97b1459 36.1 / 41.3
-> 32.8 / 34.0, 47.5 / 49.0 -> 42.1 / 44.4, 67.4 / 70.8 -> 60.5 / 62.3 (every count 6, 7, 14, loaded, numba not
imported). Again with the final tree (4 rounds, 12:00 UTC, load 11.7-12.1), against 97b1459: 33.5 / 34.5 -> 30.0 /
31.2, 44.9 / 46.3 -> 40.3 / 41.6, 64.6 / 66.6 -> 58.0 / 59.5. Left in the tracker: about 7 ms of its 12 on linear
2-1-2 are the numpy tracker's own Python and small numpy calls (12 steps, 62 linear solves of 6 x 3 x 3) -- not
changed (the same tracker serves every numpy-engine homotopy). Endpoint keys of degree runs (issue 16) by the tape's
kernels: not done. ``bench/_degree_phases.py`` on this tree (4 runs, seeds 0-2, load 10): ``NetworkValues.values``
is 1.03 of 32.70 ms of the main thread's CPU on linear 4-2-4 (3.2%), 1.23 of 28.82 on dense 3-2-2 r=2 (4.3%), 4.11
of 284.93 on linear 6-2-4 (1.4%), less of the process's CPU (the kernels' second thread): a key at no cost at all
would gain at most 3.2%, 4.3%, 1.4% -- the 3% bar is out of reach on two of three cases and within the noise (+-15%)
on the third, while the values (keys, witness coefficients, trace residuals) would change in the last bits.

``--quick`` with Macaulay2 (CPU seconds, ratio = Macaulay2 / algnet; this tree 11:48-11:52 UTC, load 13.7-16.5;
2745dea 11:53-11:55 UTC, load 13.8-14.6; the very first call without cached bytecode, with it in brackets; 2745dea's
benchmark has no bytecode column):

================  =======  ======  ==============  ===========  ===============  ===============  ================
case              tree     M2      warm (median;   in-process   fresh, store     fresh, empty     fresh, first
                                   best-of-3)      cold         (loaded)         store (solved)   call [bytecode]
================  =======  ======  ==============  ===========  ===============  ===============  ================
linear 2-1-2      2745dea  0.0200  0.0021; 0.0016  0.0083       0.0043 (4.6x)    0.0123 (1.63x)   0.084 (0.24x)
linear 2-1-2      this     0.0203  0.0016; 0.0015  0.0087       0.0034 (6.0x)    0.0123 (1.65x)   0.083 (0.24x)
                                                                                                  [0.036 (0.57x)]
dense 2-1-1 r=3   2745dea  0.0248  0.0017; 0.0016  0.0070       0.0049 (5.0x)    0.0112 (2.20x)   0.096 (0.26x)
dense 2-1-1 r=3   this     0.0256  0.0018; 0.0016  0.0074       0.0041 (6.3x)    0.0129 (1.98x)   0.090 (0.28x)
                                                                                                  [0.045 (0.57x)]
conv k=2,2 r=2    2745dea  0.378   0.0057; 0.0054  0.0180       0.0106 (35.7x)   0.0277 (13.7x)   0.114 (3.3x)
conv k=2,2 r=2    this     0.396   0.0064; 0.0059  0.0207       0.0103 (38.4x)   0.0277 (14.3x)   0.105 (3.8x)
                                                                                                  [0.062 (6.4x)]
================  =======  ======  ==============  ===========  ===============  ===============  ================

(every count the theorem's, every "fresh, store" run loaded, every "fresh, empty" run solved; the first call with
bytecode cached 0.036 / 0.045 / 0.062 against 0.038 / 0.048 / 0.067 this morning.) NOT met: 10x Macaulay2
in a fresh process for the two tiny cases; the very first call with bytecode cached is still 0.57x (its tracking now
12 of 33-36 ms, the store load 12-14, certification 3).

Session 21 (2026-12-05 10:45-11:55 UTC, eight concurrent jobs and CI on 2 cores, load 8-16; A/B against
the session's start 2745dea, a new process per run, interleaved). Where the very first call of a process goes (store
filled, numba not imported; inclusive CPU ms of process-time wrappers, linear 2-1-2, bytecode cached, load 12, 10:57
UTC): 35-37 in all: the numpy tracker's E paths 15.5-16.6 (:mod:`algnet.homotopy.tape_numpy`: 12 steps, 61 tape
evaluations of 0.2-0.25 ms; the same call again in that process 17 ms, against 4 with numba's kernels), the store
load 12.4-13.7 (the family 8-10 of it: ``numpy.random``'s import 5 -- the call's own generator needs it anyway -- and
the multihomogeneous family's modules 2.4; the tapes restored and checked 2.6-2.9), the certification 3.0-3.2, the
spec and network 1.0, the store's source hash 0.9-1.2 (its files read once a process). ``import numba`` alone
137-157 ms of CPU: the numpy route stays. Without cached bytecode (these sessions' ``PYTHONDONTWRITEBYTECODE``) the
same call compiles about 26 modules: 80-90 ms (a cProfile: ``compile`` 0.10 s of 0.23 s). Where a loaded count goes
(numba loaded; the "fresh, store" column; load 12, 11:02 UTC): 4.1-4.9 in all: the store load 1.4-1.8 (the file 0.3,
the family 0.26, the tapes 0.75-1.0 with the exact tape's identity check 0.44-0.53), the estimate's plan 0.3-0.5 and
its shape 0.19, the warm call 1.8-2.1 (tracking 0.6-0.8, Krawczyk 0.74-0.88, the images' rank 0.14-0.19), the spec,
network and closed form 0.25.

What changed. (1) The size estimate of a count whose structure this process or its store knows
(:func:`algnet.analyses.critical.warm.known_structure`) is the warm route's: one parameter homotopy of its E stored
points ("parameter homotopy", E paths), not the small route's plan (layer degrees at a random point, the start
system's orbits; 0.3-0.5 ms of each loaded count). The estimate loads the entry (under a paused collector) and keeps
it for the count, which reads nothing again; a call with the store off (``ed_degree(cache=False)``) has its estimate
read nothing either. (2) This benchmark's fresh columns gain ``auto_fresh_first_bytecode_cpu_s``: the very first call
with the modules' bytecode cached (what an installed algnet pays). A/B (CPU ms of the call, min / median, 5 rounds,
bytecode cached for both trees, 10:57-11:01 UTC, load 8-14): store loaded linear 2-1-2 4.17 / 4.56 -> 3.63 / 4.05,
dense 2-1-1 r=3 4.31 / 4.60 -> 3.61 / 3.78; empty store 12.43 / 13.07 -> 11.54 / 11.79 and 12.07 / 12.31 -> 10.87 /
12.26 (not changed there: within the noise); the very first call 39.2 / 39.5 -> 38.0 / 39.8 and 52.7 / 55.5 -> 49.2 /
52.3 (within the noise); again with the final tree (4 rounds, 11:17-11:19 UTC, load 12.9-14.0): loaded 4.27 / 4.70 ->
3.58 / 4.44 and 4.31 / 4.82 -> 3.66 / 3.88, empty 11.94 / 12.66 -> 12.03 / 12.54 and 11.96 / 12.36 -> 11.07 / 12.12,
the very first call 37.9 / 39.0 -> 38.1 / 38.8 and 50.1 / 50.8 -> 49.9 / 51.2. Counts: 30 first counts of each case (tests/test_critical_firstcount_seeds.py, slow): every
one 6, 7, 14, complete, certified, the trace test passed.

``--quick`` with Macaulay2 (CPU seconds, ratio = Macaulay2 / algnet; this tree 11:11-11:14 UTC, load 14.7-15.4;
2745dea 11:14-11:16 UTC, load 14.4-15.3; "fresh, first call" without cached bytecode as in earlier sessions, with it
in brackets):

================  =======  ======  ==============  ===========  ===============  ===============  ================
case              tree     M2      warm (median;   in-process   fresh, store     fresh, empty     fresh, first
                                   best-of-3)      cold         (loaded)         store (solved)   call [bytecode]
================  =======  ======  ==============  ===========  ===============  ===============  ================
linear 2-1-2      2745dea  0.0224  0.0019; 0.0016  0.0099       0.0048 (4.7x)    0.0123 (1.82x)   0.082 (0.27x)
linear 2-1-2      this     0.0197  0.0019; 0.0017  0.0084       0.0034 (5.8x)    0.0123 (1.59x)   0.082 (0.24x)
                                                                                                  [0.038 (0.52x)]
dense 2-1-1 r=3   2745dea  0.0259  0.0020; 0.0020  0.0079       0.0046 (5.6x)    0.0120 (2.15x)   0.096 (0.27x)
dense 2-1-1 r=3   this     0.0243  0.0017; 0.0016  0.0065       0.0039 (6.2x)    0.0118 (2.06x)   0.091 (0.27x)
                                                                                                  [0.048 (0.51x)]
conv k=2,2 r=2    2745dea  0.395   0.0067; 0.0058  0.0204       0.0115 (34.2x)   0.0278 (14.2x)   0.120 (3.3x)
conv k=2,2 r=2    this     0.381   0.0061; 0.0056  0.0208       0.0098 (38.7x)   0.0271 (14.0x)   0.110 (3.5x)
                                                                                                  [0.067 (5.7x)]
================  =======  ======  ==============  ===========  ===============  ===============  ================

(every count the theorem's, every "fresh, store" run loaded, every "fresh, empty" run solved.) NOT met: 10x Macaulay2
for the two tiny cases in a fresh process: 5.8x / 6.2x loaded (10x needs 1.9-2.4 ms; left, each 0.3-0.9 ms: the
warm call's tracking and Krawczyk test in algnet/homotopy, the tapes' restore and identity check, the file), 1.6x /
2.1x empty, 0.5x as a process's very first call with bytecode cached (its largest item the numpy tracker's 16 ms in
algnet/homotopy/tape_numpy.py: 61 tape evaluations of 0.2-0.25 ms for 6 paths; numba's import instead costs 140 ms).

Session 20 (2026-12-05 07:20-08:40 UTC, seven concurrent jobs on 2 cores, load 5-11; A/B against the
session's start 719960f, a new process per run, interleaved). Where the empty-store first count goes (inclusive CPU ms
of process-time wrappers, linear 2-1-2, load 8-9, 07:30 UTC): 15-16.5 in all, of it the two tapes recorded (the
homotopy's and the exact disc tape) 3.3-3.7 -- their ``finish`` 1.6-1.9 --, the certification 3.2-3.5 with the exact
tape 2.0-2.4, dim M 1.0-1.2, the family and route 1.2-1.8, the homotopy 4.5-5.0, the trace test 2.3, the filter
0.6-0.75, the entry 0.5-0.6. The exact tape's ``finish`` took 0.2 ms in a loop and 1.1-1.5 ms every second time:
Python's cyclic garbage collector (``gc.callbacks``): after numba's and scipy's imports about 125,000 objects are
tracked and one generation-1 collection during the count took 1.1-1.9 ms (of 13-16) while traversing live objects --
the tracers of the tapes being recorded --, not garbage; a loaded count 0-0.16 ms. What changed. (1) A guarded run
estimated below ``NO_GC_SECONDS`` = 0.5 CPU s of paths, from a theorem's count (not a lower bound), runs with the
automatic collection paused and resumed after it (:func:`algnet.homotopy.kernel_cache.gc_paused`): one
generation-0 collection of 0.2-0.4 ms after the run instead (gc callbacks, empty store, 5 fresh processes, load 9); a
collector the caller switched off stays off. (2) The layered homotopy's target system uses the family's own sample
inputs and coefficient map (the coefficients do not depend on the samples), not a second map drawn and inverted per
network (0.2-0.3 ms). (3) The store: its own sources hashed once per process and a class's once per class (a second
network class read the store's 20 files again: 0.05-0.1 ms), ``cache_dir`` remembered per root and environment (35-80
us a read or write), abandoned temporaries looked for once per directory (0.05 ms a write); numba's ``find_spec`` once
per process (45 us a new family's enclosure). A/B (CPU ms of the call, min / median, 6 rounds, 719960f -> this,
07:48-07:58 UTC, load 8-10): empty store linear 2-1-2 14.78 / 15.19 -> 12.49 / 13.85, dense 2-1-1 r=3 13.88 / 14.63 ->
12.34 / 13.40; store loaded (unchanged within the noise) 3.66 / 4.20 -> 4.13 / 4.37 and 4.37 / 4.61 -> 4.31 / 4.62.
Counts: 30 first counts (empty store, every per-structure cache forgotten) of each of linear 2-1-2, dense 2-1-1 r=3
and conv k=2,2 r=2, seeds 0-29: every one 6, 7, 14, complete, all images certified, the trace test passed, solved
(tests/test_critical_firstcount_seeds.py, slow). Where a loaded count goes (process-time wrappers, linear 2-1-2, load
8): 4.2-4.7 in all, of it the warm call 1.7-2.1 (tracking 0.65, its kernel 0.29 and the tracker's set-up and Python
the rest; certification 0.7, the distinct-image test 0.15 of it; the rank check 0.15), the store 1.3-1.7 (the file
0.3; the family 0.2-0.5; the tapes 0.8-0.9: unpacking and index checks 0.2-0.3, the exact tape's identity check
0.45-0.5 with its numpy reference 0.3 and the kernel's first call 0.18), the estimate 0.22-0.29 (the parameter degree
0.12-0.18), the spec parsed 0.1; each of these within 0.1-0.3 ms of what a loop of the same call takes, so no single
cut there reaches 10x: left as it was. Tried and not kept: the dimension without pivots (0.03-0.1 ms in a loop), the
exact tape recorded without inlining (the same 0.8 ms), the family's object-array enclosures instead of recording the
exact tape (2.3 ms against 0.8 + 0.8).

``--quick`` with Macaulay2 (CPU seconds, ratio = Macaulay2 / algnet; 719960f 08:02-08:03 UTC, load 5.8-7.2; this
tree 08:03-08:04 UTC, load 5.0-6.5, and 07:59-08:01 UTC, load 6.3-7.9 in brackets):

================  =======  ======  ==============  ===========  ===============  ===============  =============
case              tree     M2      warm (median;   in-process   fresh, store     fresh, empty     fresh, first
                                   best-of-3)      cold         (loaded)         store (solved)   call
================  =======  ======  ==============  ===========  ===============  ===============  =============
linear 2-1-2      719960f  0.0204  0.0021; 0.0017  0.0082       0.0034 (6.0x)    0.0137 (1.49x)   0.083 (0.25x)
linear 2-1-2      this     0.0196  0.0017; 0.0014  0.0073       0.0035 (5.5x)    0.0116 (1.69x)   0.081 (0.24x)
                           [0.0210                              0.0042 (5.1x)    0.0147 (1.43x)]
dense 2-1-1 r=3   719960f  0.0233  0.0018; 0.0017  0.0067       0.0036 (6.5x)    0.0129 (1.80x)   0.091 (0.26x)
dense 2-1-1 r=3   this     0.0246  0.0020; 0.0015  0.0084       0.0035 (7.1x)    0.0106 (2.32x)   0.089 (0.28x)
                           [0.0271                              0.0041 (6.6x)    0.0123 (2.21x)]
conv k=2,2 r=2    719960f  0.371   0.0058; 0.0056  0.0196       0.0102 (36.5x)   0.0280 (13.2x)   0.114 (3.3x)
conv k=2,2 r=2    this     0.356   0.0059; 0.0056  0.0190       0.0091 (39.3x)   0.0238 (15.0x)   0.106 (3.4x)
                           [0.420                               0.0108 (39.0x)   0.0268 (15.7x)]
================  =======  ======  ==============  ===========  ===============  ===============  =============

(every count the theorem's, every "fresh, store" run loaded, every "fresh, empty" run solved.) NOT met: 10x
Macaulay2 for the first count of the two tiny cases in a fresh process: 5.1-7.1x loaded (10x needs 2.0-2.7 ms; the
loaded count's 3.5-4.2 ms are spread over a dozen items of 0.1-0.7 ms, the largest the homotopy engine's tracking
and Krawczyk test), 1.4-2.3x empty. Left: the tracker's set-up and Python around E paths and the batched Krawczyk
test (algnet/homotopy), the tracer's per-operation cost (two tapes, 0.8-1.1 ms each), dim M (analyses/dimension.py,
1 ms), the trace test's E paths; with the store, the exact tape's identity check and the tapes' unpacking.

Session 20, end (2026-12-05 09:39 UTC, idle, load 1.0; main 79b8415; ``--quick`` with Macaulay2, CPU s, ratio =
Macaulay2 / algnet): linear 2-1-2 M2 0.0180, warm median 0.0017 (10.6x), fresh with the store 0.0036 (5.0x), fresh
with an empty store 0.0118 (1.53x), fresh first call 0.0785 (0.23x); dense 2-1-1 r=3 M2 0.0224, 0.0016 (14.4x),
0.0042 (5.3x), 0.0099 (2.25x), 0.0887 (0.25x); conv k=2,2 r=2 M2 0.347, 0.0055 (63.6x), 0.0100 (34.7x), 0.0263
(13.2x), 0.1055 (3.3x). Counts 6, 7, 14. The first count of a structure (empty store) is still 1.5-2.3x Macaulay2
on the two tiny cases: NOT met.

Session 19 (2026-12-05 04:20-05:10 UTC, seven concurrent jobs on 2 cores, load 5-10; A/B against the
session's start 90e9934, a new process per run, interleaved). What changed. (1) A start system equivariant under the
gauge group a power activation leaves on the slice (:mod:`algnet.analyses.critical.equivariant`): the coefficients
are homogeneous of degree d in an uncut layer's weights, so the d-th roots of unity act on that layer and the
homogenized gradient system is equivariant; with each equation's factors in orbits {l(z0, zeta^m z)} and d - 1 forms
without z0, the homotopy is equivariant for every t and one path per orbit is tracked. Applied where that layer is
the only group with unknowns (the fixed point z = 0 then has multiplicity at least (d - 1)^n in every member, exactly
that at the start: the tracked orbits are all other roots on [0, 1); the trace test as before): dense 2-1-1 r=3 25 ->
7 paths (with the trace test 32 -> 14), dense 2-1-1 r=2 9 -> 4, dense 3-1-1 r=2 27 -> 13, r=3 125 -> 39. (2) The
layered plan is the cut of fewest *tracked* paths: dense 2-1-1 r=4 cut (1, 0) with 23 paths, a layer cut in part
(6 of 20 seeds incomplete in session 18) -> cut (0, 1), 49 paths of which 10 tracked, one per image. (3) ``auto``
compares the tracked paths with ``MULTIHOM_PATHS``: dense 3-1-1 r=4 (343 Bezout paths, 79 tracked) and dense 2-1-1
r=8 (225, 22) take the multihomogeneous route instead of monodromy; a first count with the store off (CPU ms, 4
seeds, load 3-5, 05:02 UTC) 315-401 -> 107-124 and 245-281 -> 62-74; 10 seeds each of dense 2-1-1 r=6, 7, 8, dense
3-1-1 r=4 and dense 4-1-1 r=2 as first counts: 16, 19, 22, 79, 40, every one complete and certified (90e9934 gave 21
for r=8 seed 2, claimed complete, its second method disagreeing: a point of the (1, 0) cut taken for rank-deficient).

Measured. Empty store, the first count in a fresh process (CPU ms, min / median, 5 rounds interleaved, 90e9934 ->
this): 04:53 UTC, load 6.0-7.2: dense 2-1-1 r=3 17.46 / 18.17 -> 12.40 / 12.93, linear 2-1-2 (not changed)
13.19 / 14.63 -> 14.05 / 14.85; 04:40 UTC, load 8-10: 16.56 / 19.24 -> 13.74 / 14.30; the final tree, 6 rounds,
05:05 UTC, load 2.5-3.7: dense 2-1-1 r=3 13.43 / 15.22 -> 10.41 / 10.65, linear 2-1-2 11.38 / 12.19 -> 10.74 / 11.54. The multihomogeneous route
called by name in one process (seeds 0-19, median CPU ms, load 9, 04:48 UTC): dense 2-1-1 r=4 20.0 -> 11.6 (complete
14 -> 20 of 20), r=5 55.5 -> 14.5 (19 -> 20 of 20), dense 4-1-1 r=2 46.0 -> 34.5 (121 -> 80 paths, 40 = the Chern
count of v_2(P^3)). Counts: first counts with the store off, 30 seeds each of dense 2-1-1 r=3, dense 3-1-1 r=2,
dense 2-1-1 r=2, linear 2-1-2 generic and Frobenius, conv k=2,2 r=2: every one the theorem's (7, 13, 4, 6, 2, 14),
complete and certified. Where the empty-store count goes now (inclusive CPU ms, min of 7 fresh processes, load 9-10,
04:44 UTC, linear 2-1-2 / dense 2-1-1 r=3): 14.9 / 15.1 in all (under this instrumentation): dim M 1.3 / 1.5 (of
``dimension``'s 0.7-0.8 in a loop the resource estimate 0.12, the symmetry rank 0.15-0.22, the sketch 0.14-0.2), the
plan 0.6 (layer degrees 0.3), the homotopy 4.6 / 4.1 (its tape about 1.0, the tracker's set-up 0.5-0.65 a track),
the filter 0.6 / 0.7, the trace test 2.1 / 2.0, certification 2.2 / 1.9 (the exact tape 1.1 / 1.05, Krawczyk 0.9),
writing the entry 0.6, choosing the route and the family 1.5. Not changed: linear 2-1-2's 3 singular paths end at a
base point of the homogenization, theta_1 = 0 and z_20 = 0 (pad = z_10 z_20 and y vanish there for every target,
metric and slice), a root of multiplicity 3; a start system sharing it would need that multiplicity in every member
of the homotopy, which the orders of vanishing (1, 1, 2) do not give (Euler's relation makes the third equation's
tangent cone degenerate there): not proved, not done.

``--quick`` with Macaulay2 (CPU seconds, ratio = Macaulay2 / algnet; 90e9934 04:56-04:58 UTC, load 5.9-6.4; this
tree 04:58-05:00 UTC, load 5.3-6.3):

================  =======  ======  ==============  ===========  ===============  ===============  =============
case              tree     M2      warm (median;   in-process   fresh, store     fresh, empty     fresh, first
                                   best-of-3)      cold         (loaded)         store (solved)   call
================  =======  ======  ==============  ===========  ===============  ===============  =============
linear 2-1-2      90e9934  0.0197  0.0021; 0.0023  0.0103       0.0043 (4.6x)    0.0139 (1.42x)   0.090 (0.22x)
linear 2-1-2      this     0.0228  0.0030; 0.0024  0.0101       0.0034 (6.8x)    0.0113 (2.01x)   0.075 (0.31x)
dense 2-1-1 r=3   90e9934  0.0264  0.0019; 0.0016  0.0110       0.0044 (5.9x)    0.0173 (1.52x)   0.096 (0.27x)
dense 2-1-1 r=3   this     0.0245  0.0018; 0.0016  0.0068       0.0035 (7.0x)    0.0118 (2.07x)   0.085 (0.29x)
conv k=2,2 r=2    90e9934  0.426   0.0059; 0.0058  0.0189       0.0123 (34.7x)   0.0312 (13.7x)   0.112 (3.8x)
conv k=2,2 r=2    this     0.415   0.0062; 0.0058  0.0197       0.0103 (40.4x)   0.0286 (14.5x)   0.109 (3.8x)
================  =======  ======  ==============  ===========  ===============  ===============  =============

(every count the theorem's, every "fresh, store" run loaded, every "fresh, empty" run solved; dense 2-1-1 r=3's
multihomogeneous route tracks 7 of its 25 Bezout paths, 14 with the trace test against 32. Only dense 2-1-1 r=3's
code path changed: the other rows' differences are the load, best of 3.) NOT met: 10x Macaulay2 for the first count
of the two tiny cases in a fresh process (2.0x / 2.1x here, 1.4x / 1.5x for 90e9934 in the same minutes). Left: the
fixed costs above (dim M, the two tapes, the tracker's set-up twice, the store), linear 2-1-2's base-point paths.

Session 18 (2026-12-05 01:55-02:45 UTC, seven concurrent jobs on 2 cores, load 5-10; A/B against the session's
start df23770, a new process per run, interleaved). Where the empty-store first count went at the start (CPU ms,
inclusive, a new process after another structure's counts, linear 2-1-2 / dense 2-1-1 r=3, load 5, 02:03 UTC): 14.1
/ 16.8 in all: dim M and the route's plan before the solve 2.7 / 2.8 (``network_dimension`` 0.9-1.2, the layered plan
1.0 with its layer degrees 0.5), the structure-level solve 9.9 / 12.7 -- the multihomogeneous homotopy 4.5 / 6.3 (its
tape recorded 0.9-1.2; 9 / 25 paths, the kernel 2.3 / 1.6, the tracker's Python the rest), the trace test 2.8 / 2.5
(its 2E paths 2.1 / 1.7), the certification 1.9 / 2.9 (the exact disc tape recorded 1.1 / 2.1, Krawczyk 0.6-0.7), the
rank and image filter 0.5 / 0.8 --, writing the entry 0.5, the rest about 1. The same count again in the process
with the structure forgotten: 9.2 / 13.3, so about 5 ms are a structure's first costs (dim M, the plan, the exact
tape, the start system 0.2, writing the entry) and the rest the solve itself. Of linear 2-1-2's 9 paths the 3 that
end singular take 29-36 steps and 15-20 rejections each, about half the kernel's work; a looser endgame for them
(``min_step`` 1e-5, ``endgame_start`` 1e-3) took 3-6% less CPU over 30 seeds of the three cases with the same counts,
but 1e-4 / 1e-2 sent 2 of 30 conv k=2,2 r=2 counts to monodromy: not adopted, so near the edge; ``stop_batch`` 1 for
the solve and the trace test: within the noise (as in session 9).

What changed. (1) The small routes' trace test is one-sided (:func:`algnet.analyses.critical.paths.full_trace_test`
with ``one_sided``): the E points are tracked to s = 1 only and the trace there is compared with its value and slope
at s = 0, the slope by the implicit function theorem at the points (the parameter homotopy's velocity, no path) and
an extrapolated central difference of the functional (:func:`~algnet.analyses.critical.paths.trace_slope`): the trace
of a complete set is affine in s (a parallel translate of the linear slice u = u0 + s v of the ED correspondence),
so trace(1) = trace(0) + trace'(0), and a missing point leaves f(x(1)) - f(x(0)) - f'(x(0)) of its own branch,
nonzero for a generic line as the two-sided second difference is. E paths instead of 2E. Margins (multihomogeneous
route, every point left out in turn, 10 / 10 / 6 / 2 seeds of linear 2-1-2 / dense 2-1-1 r=3 / conv k=2,2 r=2 / conv
k=2,3 r=2): 258 of 258 incomplete sets failed, the least residual 5.8e-5 (two-sided, df23770: 1.1e-4), every complete
set passed, the largest residual 5.2e-11 (two-sided 2.7e-12); tolerance 1e-6. In first counts (30 seeds each of the
three cases and of linear 2-1-2 Frobenius) the residuals were 1e-12 median, 2.7e-10 at most, every count the
theorem's and certified. The routes called by name (``ed_degree(..., method=...)``, seeds 0-19, 02:41 UTC): total
degree linear 2-1-2 generic 20 of 20 complete, dense 2-1-1 r=3 19 of 20, linear 2-1-2 Frobenius 19 of 20;
multihomogeneous dense 2-1-1 r=4 14 of 20 (the other six lower bounds 9 and 8, flagged incomplete), dense 3-1-1 r=2
10 of 10 (seeds 0-9): the same counts and the same incomplete seeds as df23770's two-sided test. (2) A network's layer degrees at one random point (the network evaluated once, then once a
layer, every candidate degree in one comparison: :func:`algnet.analyses.critical.total_degree.scaling_degrees`):
``layer_degrees`` 0.57-0.61 -> 0.34-0.38 ms of a structure's first count. (3) The very first call of a process with
a stored structure no longer imports ``numpy.ma`` (``np.unique`` in :mod:`algnet.homotopy.tape_numpy`'s level plan;
8-13 ms of CPU in a bare process) nor ``tempfile`` with shutil, bz2 and lzma (3-6 ms; imported only to write an
entry). A/B, a new process per run, interleaved (CPU ms of the call, min / median, df23770 -> this): empty store, 6
rounds, 02:31-02:35 UTC, load 10.0-10.5: linear 2-1-2 12.99 / 13.91 -> 12.25 / 13.09, dense 2-1-1 r=3 16.73 /
17.12 -> 15.42 / 15.78, conv k=2,2 r=2 32.85 / 36.54 -> 31.28 / 33.88; the very first call of a process, store filled
(its tapes stored), 5 rounds, 02:36-02:37 UTC, load 8.7-9.1: linear 2-1-2 87.6 / 93.1 -> 84.8 / 92.3, dense 2-1-1 r=3
111.7 / 117.2 -> 98.2 / 108.3 (noisy at this load); the same with the modules' bytecode cached (``PYTHONPYCACHEPREFIX``,
without ``PYTHONDONTWRITEBYTECODE``), 3 rounds, 02:41 UTC, load 4.3-4.6: 46.7 / 49.0 -> 36.9 / 37.4, 59.3 / 61.5 ->
48.2 / 49.6; store filled with numba loaded, unchanged (4.4-6.4 both).

Where a loaded count (store filled, numba loaded; the "fresh, store" column) goes now (linear 2-1-2, CPU ms, load 8,
02:22 UTC): 4.5-5.5 in all: the store 1.6-2.0 (the file 0.33-0.5; rebuilding 1.2-1.5, of it the exact tape's
identity check 0.5-0.7 -- its numpy reference with the Cauchy-formula Hessian 0.3-0.46 --, unpacking the tapes 0.2,
the family from its arrays 0.25-0.38), the warm call 1.9 (tracking 0.8, Krawczyk 0.8, images 0.15), the estimate 0.27,
the spec parsed 0.12-0.23, the rest about 0.6 (``ed_degree``'s result and closed form). What a faster ``tape.record``
would give: the empty-store count records two tapes, the homotopy's (0.9-1.2 ms) and the exact disc tape
(0.9-1.1; conv k=2,2 r=2 2.0), about 2 of its 13-16 ms: twice as fast a recorder would save about 1 ms (7%); a loaded
count records none.

``--quick`` with Macaulay2 (CPU seconds, ratio = Macaulay2 / algnet; df23770 02:28-02:30 UTC, load 7.4-8.9; this tree
02:37-02:39 UTC, load 6.2-8.8, Macaulay2 itself 11-16% faster there: compare the ratios):

================  =======  ======  ==============  ===========  ===============  ===============  =============
case              tree     M2      warm (median;   in-process   fresh, store     fresh, empty     fresh, first
                                   best-of-3)      cold         (loaded)         store (solved)   call
================  =======  ======  ==============  ===========  ===============  ===============  =============
linear 2-1-2      df23770  0.0218  0.0023; 0.0018  0.0107       0.0042 (5.2x)    0.0145 (1.50x)   0.088 (0.25x)
linear 2-1-2      this     0.0183  0.0017; 0.0016  0.0084       0.0034 (5.4x)    0.0121 (1.50x)   0.077 (0.24x)
dense 2-1-1 r=3   df23770  0.0249  0.0023; 0.0019  0.0134       0.0041 (6.1x)    0.0162 (1.53x)   0.096 (0.26x)
dense 2-1-1 r=3   this     0.0236  0.0016; 0.0015  0.0098       0.0040 (5.9x)    0.0153 (1.54x)   0.085 (0.28x)
conv k=2,2 r=2    df23770  0.410   0.0060; 0.0058  0.0231       0.0097 (42.0x)   0.0356 (11.5x)   0.121 (3.4x)
conv k=2,2 r=2    this     0.359   0.0057; 0.0052  0.0197       0.0099 (36.3x)   0.0286 (12.5x)   0.101 (3.6x)
================  =======  ======  ==============  ===========  ===============  ===============  =============

(every count the theorem's, every "fresh, store" run loaded, every "fresh, empty" run solved. A run of this tree
before change (3), 02:23-02:25 UTC, load 8.7-8.8: Macaulay2 0.0206 / 0.0285 / 0.454 s, fresh empty 0.0127 / 0.0160 /
0.0304 s (1.63x / 1.79x / 14.9x), in-process cold 0.0090 / 0.0115 / 0.0254.) The ratios of the empty store move with
Macaulay2's own time between runs as much as with this session's 5-9% (the A/B above is the measure).

NOT met: 10x Macaulay2 for the first count of the two tiny cases in a fresh process (the ratios above). Left, empty
store: dim M (analyses/dimension.py, 1 ms a structure), the tracker's Python around 9-25 paths and the two tapes'
recording; dense 2-1-1 r=3 tracks 25 paths for 7 images (the layered slice meets each orbit of the cube roots of unity
three times: a homotopy equivariant under them would track a third), linear 2-1-2 3 of 9 paths into singular
endpoints. Store filled: the exact tape's identity check (a check of J along one random direction against a
difference of the numpy gradient would replace the Cauchy-formula Hessian), the file, the warm call. Very first call:
algnet's own modules compiled from source in these sessions' environment (PYTHONDONTWRITEBYTECODE), numpy.random.

Session 17 (2026-12-04 22:46-00:40 UTC; eight concurrent jobs on 2 cores, load 7-13; a new machine, Macaulay2 19-29 ms on
the two tiny cases against 69-80 ms in session 16; A/B against the session's start 4fd3564). The very first count of
a process (a command line's) was numba's start-up: in a new process, linear 2-1-2 from the store (CPU s, 22:56 UTC,
load 9): ``import numba`` 0.19-0.23, ``scipy.linalg`` (numba's BLAS check when its registries load) 0.12-0.13, the
kernel modules 0.03, the call with its five first kernel loads (``disc_eval``, ``tape_eval_one``,
``advance_nogil``, ``endpoint_rows``, ``tape_eval_batch``) 0.33-0.35, of which the count's own work 3-5 ms (its
second call). What changed: a loaded structure's count in a process that has not imported numba runs without it
(:mod:`algnet.homotopy.tape_numpy`): its E <= 16 paths by the numpy tracker on the same MetricGradient tape evaluated
by numpy, rows at once and instructions level by level (``eval_rows``: agrees with ``tape_eval_batch`` to 1e-14;
the same steps, statuses and endpoints to 1e-14), the tapes' identity checks by the tape's float values (radius 0,
the same tolerances), Krawczyk's test with the family's own disc enclosures (:mod:`algnet.analyses.critical.intervals`,
rigorous as the compiled ones), also at a stored structure's first load; ``disc_eval``'s kernel in its own module
(numba imported at its first call); ``compiled_available`` finds numba without importing it; the numpy tracker's
step without ``np.setdiff1d`` (numpy 2.4's ``unique`` imports ``numpy.ma``, 50-60 ms); ``parse_spec`` imports only
the family's module (15 ms without cached bytecode, 3 with). A/B, a new process per run, interleaved, the very first
call, store filled (inclusive CPU ms of the call, min / median, 4fd3564 -> this; 4 rounds 23:40-23:42 UTC, load
6.6-8.3): linear 2-1-2 590 / 604 -> 81 / 84, dense 2-1-1 r=3 574 / 600 -> 103 / 105, conv k=2,2 r=2 587 / 632 -> 116
/ 124; the same with the modules' bytecode cached (``PYTHONPYCACHEPREFIX``, without ``PYTHONDONTWRITEBYTECODE``,
which these sessions' environment sets: every new process compiles algnet's sources, about 25 modules and 50 ms in
this call; an installed algnet has its bytecode), 4 rounds 23:42-23:44 UTC, load 8.0-8.3: 488 / 543 -> 38 / 43, 491
/ 502 -> 58 / 60, 500 / 549 -> 77 / 85; the count after numba was loaded (the "fresh, store" column) unchanged, 3.5 /
3.9 -> 3.0 / 3.5 and 3.6 / 3.9 -> 3.5 / 4.3. Seeds 0 and 3-11 of each case as very first calls (23:25 UTC, load 11,
before the level-wise evaluation): every count the theorem's (6, 7, 14), every one certified and loaded, numba never
imported. Where the first call's 40-60 ms (bytecode cached) go: the numpy tracker about 18 (14 steps, 75 evaluations
of 6 rows: the tape 40%, the rest the tracker's numpy calls), Krawczyk's test by object arrays of discs about 6-11,
the source hash of the store's key 5-12, algnet's modules imported in the call and ``numpy.random``. ``--quick`` with
Macaulay2 (times in CPU seconds, ratio = Macaulay2 / algnet; 4fd3564 23:30-23:34 UTC, load 10.7-13.2; this tree
23:38-23:40 UTC, load 6.6-8.0: compare the ratios, not the times):

================  =======  ======  ==============  ===========  ===============  ===============  =============
case              tree     M2      warm (median;   in-process   fresh, store     fresh, empty     fresh, first
                                   best-of-3)      cold         (loaded)         store (solved)   call
================  =======  ======  ==============  ===========  ===============  ===============  =============
linear 2-1-2      4fd3564  0.0216  0.0021; 0.0021  0.0100       0.0044 (5.0x)    0.0167 (1.29x)   0.654 (0.03x)
linear 2-1-2      this     0.0192  0.0018; 0.0015  0.0097       0.0037 (5.1x)    0.0145 (1.33x)   0.094 (0.20x)
dense 2-1-1 r=3   4fd3564  0.0307  0.0029; 0.0023  0.0155       0.0042 (7.4x)    0.0196 (1.57x)   0.664 (0.05x)
dense 2-1-1 r=3   this     0.0254  0.0018; 0.0017  0.0119       0.0041 (6.3x)    0.0171 (1.49x)   0.106 (0.24x)
conv k=2,2 r=2    4fd3564  0.452   0.0066; 0.0061  0.0308       0.0098 (46.1x)   0.0336 (13.45x)  0.637 (0.71x)
conv k=2,2 r=2    this     0.412   0.0056; 0.0059  0.0225       0.0098 (42.2x)   0.0312 (13.20x)  0.125 (3.30x)
================  =======  ======  ==============  ===========  ===============  ===============  =============

(every count the theorem's, every "fresh, store" run loaded, every "fresh, empty" run solved; warm medians 10.9x /
14.2x / 73x. The "fresh, store" column's 3.7-4.6 ms against session 16's 16-17 ms is the machine: both trees alike,
and Macaulay2 took 2.6-4x as long then.)

NOT met: 10x Macaulay2 for the first count of the two tiny cases in a fresh process. The very first call of a
process is now 6-7x cheaper on the two tiny cases (8-13x with the bytecode cached; conv k=2,2 r=2 5x, 6.5x) but
still 2-5x Macaulay2's 19-29 ms there (conv k=2,2 r=2 3.3x faster than Macaulay2 now, 0.7x before); with numba loaded a loaded
count takes 3.7-4.6 ms (5.0-7.8x over the runs; 10x needs 1.9-2.9 ms on this machine), an empty store 15-20 ms
(1.3-1.6x). Left: a numpy disc evaluation of the exact tape (the object-array enclosures), the numpy tracker's own
calls (now as much as the tape), the source hash per process; with numba loaded, the items of session 16 (the warm
call's Python, the record's 33 arrays, the exact tape's identity check); with an empty store, all of it.

Session 16 (2026-12-04 19:36-21:10 UTC; seven concurrent jobs on 2 cores, load 5-8, the machine about twice as slow as in
session 15: Macaulay2 took 69-80 ms on linear 2-1-2 against 35 then; A/B against the session's start bc3bb27).
Where the first count of a loaded structure went at the start (CPU ms, a new process each, inclusive times, linear
2-1-2, five runs, min / median, load 5-6, 19:47 UTC): 9.5 / 10.4 in all: the estimate 0.62 / 0.71 (of it reading
/proc/meminfo and the cgroup limit 0.26, the parameter degree 0.18-0.28, the closed form 0.12), loading 3.95 / 4.1
(the record 0.6 -- 33 arrays, 12 us each --, the family 1.0-1.2 of which the coordinate degrees about 0.3, the tapes
1.8: unpacking and index checks 0.5-0.8, the exact tape's identity check 1.0-1.3, its numpy reference 0.6-0.75 of
that), the warm call 4.0-4.3 (tracking 1.6-1.8, the Krawczyk test 1.3-1.6 with the distinct-image test 0.3).
What changed: the record read through one uint8 view of its bytes (no ``numpy.frombuffer`` per array: 290 -> 230 us
a record in a loop); a tape's index ranges all tested in two comparisons (100 -> 90 us a tape); no /proc/meminfo
and cgroup read for an estimate that plans below 1 MiB (``ALGNET_MEMORY_LIMIT`` still honoured; refusing would need
less than 1.5 MiB available); the layers a spec's method makes not deep-copied again (0.15 of a 0.25 ms build,
algnet/architectures/sequential.py); the circle sizes of a loaded structure's Cauchy-formula Hessians from its
record (the coordinate degrees not computed), taken only once its tapes pass their identity check -- the gradient
and image of this program at a random point equal the recorded tape's, so the recorded degree bounds bound this
program; a record with too small circles aliases the Hessian of the check's numpy reference, fails it and is computed
and rewritten (tests/test_critical_circles.py, dense 2-1-1 r=4). A/B, a new process per run, interleaved
(/tmp script, inclusive CPU ms, min / median, bc3bb27 -> this): linear 2-1-2, 8 rounds, 20:25-20:30 UTC, load
7.1-7.6: the count 13.5 / 18.1 -> 11.0 / 14.5, of it the estimate 0.87 / 1.17 -> 0.48 / 0.73, loading 4.9 / 7.0
-> 4.1 / 5.5 (the record 0.73 / 1.0 -> 0.57 / 0.81, the family 1.0 / 1.6 -> 0.58 / 0.85, the tapes 2.45 / 3.3 -> 2.4
/ 3.1), the warm call (unchanged) 6.1 / 7.6 -> 5.3 / 6.7; dense 2-1-1 r=3, 5 rounds, 20:30-20:34 UTC, load 7.1-7.3:
too noisy to read (the count 11.8 / 19.0 -> 15.6 / 18.2, the tapes' check, its code unchanged but the index test, 2.0 / 3.6 -> 3.5 / 4.3). In one
process, 40 loads each with the structure forgotten between them, three interleaved rounds (20:34-20:36 UTC, load
6.5-7.2, median CPU ms): the estimate 0.53-0.63 -> 0.18-0.21 on both cases; loading linear 2-1-2 5.8-6.8 -> 5.7-6.4,
dense 2-1-1 r=3 6.6-7.3 -> 5.4-6.6. Every count the theorem's (6, 7, 14 in every run; the tests: 6, 7, 14 and 10
loaded with their tapes, against the full multihomogeneous route). ``--quick`` with Macaulay2, the two trees one
after the other (bc3bb27 20:04-20:12 UTC, load 6.5-8.5; this 20:16-20:24, load 7.1-7.9):

================  =======  ======  ==============  ===========  ===============  ===============  =============
case              tree     M2      warm (median;   in-process   fresh, store     fresh, empty     fresh, first
                                   best-of-3)      cold         (loaded)         store (solved)   call (numba)
================  =======  ======  ==============  ===========  ===============  ===============  =============
linear 2-1-2      bc3bb27  0.0685  0.0092; 0.0088  0.0285       0.0173 (4.0x)    0.0504 (1.36x)   2.22 (0.03x)
linear 2-1-2      this     0.0796  0.0085; 0.0088  0.0425       0.0169 (4.7x)    0.0511 (1.56x)   2.26 (0.04x)
dense 2-1-1 r=3   bc3bb27  0.106   0.0099; 0.0062  0.0567       0.0172 (6.2x)    0.0690 (1.54x)   2.09 (0.05x)
dense 2-1-1 r=3   this     0.0879  0.0079; 0.0081  0.0488       0.0158 (5.6x)    0.0614 (1.43x)   2.12 (0.04x)
conv k=2,2 r=2    bc3bb27  1.017   0.0243; 0.0201  0.0974       0.0299 (34.0x)   0.1216 (8.37x)   2.19 (0.46x)
conv k=2,2 r=2    this     1.271   0.0221; 0.0223  0.0941       0.0357 (35.6x)   0.0994 (12.79x)  2.20 (0.58x)
================  =======  ======  ==============  ===========  ===============  ===============  =============

NOT met: 10x Macaulay2 for the first count of the two tiny cases in a fresh process (4.0-6.2x with the store filled,
1.4-1.6x empty; the loaded count's gains of this session, about 1 ms of 10-14 at this load, are within one run's
noise in the table). What is left with the store filled, in a new process (figures of 19:47 UTC above): the warm
call (tracking and its Python around one kernel call, algnet/homotopy; the batched Krawczyk test, numpy calls on
6 x 3 arrays, and its distinct-image test, algnet/homotopy/certify.py: a kernel for a handful of points would
be the next step, outside this brief's files), the exact tape's identity check (its numpy reference computes the
Hessian by the Cauchy formula; a structural check of the tape's tangent lanes would let it compare the gradient and
image only), the record's 33 arrays (one block per dtype would halve the read), and the estimate's parameter degree
(0.2-0.3 ms, computed before the store is read). Empty store: unchanged (the homotopy and its trace test, the exact
tape's recording by the tracer, dim M, the layered plan's transversality check).

Session 15 (2026-12-04 16:20-17:30 UTC; seven processes on 2 cores, load 10-15 throughout, so every figure here is
about 1.5x session 13's; A/B against the session's start ececf5a in the same runs). Where the first count of a loaded
structure went at the start (CPU ms, one fresh process, inclusive times, linear 2-1-2, load 8, 16:29 UTC): 8.8-9.1 in
all: the size estimate 0.7, loading 3.6-3.9 (the file 0.45; the family 1.1-1.4, of it the batched program's check
against the per-path route 0.6-0.75 and the coordinate degrees 0.2; the tapes 1.7-1.8: unpacking and index checks
0.45, the exact tape's identity check 0.9 -- a one-point Cauchy-formula evaluation 0.5 --, the image tape's check
0.2-0.3), the warm call 3.2-3.5 (tracking 1.2-1.4, the Krawczyk test 1.3-1.4), the rest 0.5. What changed: the
exact and image tapes are checked at one random point against one numpy evaluation; the batched program's own check
(:class:`algnet.analyses.witness.NetworkValues`) is deferred to its first use and, for a loaded structure, confirmed by
the exact tape's identity check instead (the tape was recorded from the network's program by the tracer, another
route; a failed tape check leaves the program check to run before the batched program is used); the Cauchy circles
of all slice directions evaluated as one array (bit-identical G and H, a one-point evaluation 0.48 -> 0.29 ms); the
estimate's shape part and the parameter degree remembered per structure, its refusal message built only when
refusing; the Chern-class integrals by the expansion of the two products (0.15-0.6 ms of a new process's first
count in the ring's dictionary products); the source hash's file list once per class; smaller items (the key text
once per read, the warm call's distinct-image count passed on). After (17:22 UTC, load 14): 7.7 / 8.2 in all
(linear 2-1-2 / dense 2-1-1 r=3), loading 2.7-3.1 (the file 0.45, the family 0.6-0.8, the tapes 1.3-1.6 of which the
identity check 0.8), the estimate 0.55-0.67, the warm call 3.3-3.8 (tracking 1.2-1.8, Krawczyk 1.3-1.6).
A/B of 5 interleaved rounds (/tmp script, a new process per run, 17:08-17:18 UTC, load 13.7-14.6, min / median CPU ms,
ececf5a -> this): store filled 8.50 / 8.65 -> 7.09 / 7.46 (linear 2-1-2), 9.15 / 9.30 -> 8.07 / 8.10 (dense 2-1-1
r=3); empty store 28.5 / 29.0 -> 28.1 / 28.6, 33.6 / 34.6 -> 32.3 / 33.7 (unchanged within the noise). Every count
the theorem's (6, 7; and tests/test_critical_firstcount.py: linear 2-1-2 generic 6 and Frobenius 2, dense 2-1-1 r=3
7, conv k=2,2 r=2 14, conv k=2,3 r=2 22, linear 3-1-3 39, each loaded with its tapes on two seeds and the same count
by the full multihomogeneous route; an in-process sweep at 17:34 UTC, each seed a count with an empty store, the entry's
first load and a load with its tapes, every per-process cache and the batched program's checks cleared between them:
seeds 0-29 of linear 2-1-2 generic and Frobenius and dense 2-1-1 r=3, 0-9 of conv k=2,2 r=2, 0-3 of conv k=2,3 r=2 and
linear 3-1-3, every count the theorem's and certified; 1 of 30 dense 2-1-1 r=3 and 1 of 4 conv k=2,3 r=2 first loads
were solved afresh by the small route, as in session 13). ``--quick`` with Macaulay2, the two trees one after the
other (ececf5a
17:18-17:24 UTC, load 12.2-14.6; this 17:24-17:28, load 10.5-12.2):

================  =======  ======  ==============  ===========  ===============  ===============  =============
case              tree     M2      warm (median;   in-process   fresh, store     fresh, empty     fresh, first
                                   best-of-3)      cold         (loaded)         store (solved)   call (numba)
================  =======  ======  ==============  ===========  ===============  ===============  =============
linear 2-1-2      ececf5a  0.0353  0.0038; 0.0039  0.0189       0.0088 (4.0x)    0.0284 (1.24x)   1.00 (0.04x)
linear 2-1-2      this     0.0349  0.0036; 0.0034  0.0183       0.0072 (4.9x)    0.0269 (1.30x)   0.99 (0.04x)
dense 2-1-1 r=3   ececf5a  0.0418  0.0042; 0.0037  0.0233       0.0094 (4.4x)    0.0338 (1.24x)   1.00 (0.04x)
dense 2-1-1 r=3   this     0.0435  0.0037; 0.0035  0.0230       0.0077 (5.6x)    0.0327 (1.33x)   0.99 (0.04x)
conv k=2,2 r=2    ececf5a  0.549   0.0105; 0.0102  0.044        0.0178 (31x)     0.0595 (9.2x)    1.01 (0.54x)
conv k=2,2 r=2    this     0.537   0.0105; 0.0101  0.045        0.0160 (34x)     0.0573 (9.4x)    1.01 (0.53x)
================  =======  ======  ==============  ===========  ===============  ===============  =============

NOT met: 10x Macaulay2 for the first count of the two tiny cases in a fresh process (4.9x / 5.6x with the store
filled at load 10-12, where Macaulay2 itself took 35-44 ms against 26-32 ms idle; 1.3x with an empty store). With
the store filled what is left is the warm call (about 3.3 ms at this load, 2 ms idle: the homotopy engine's tracking
and batched Krawczyk test) and about 3 ms of loading that every new process pays (the exact tape's identity check
0.8, of it the network's batched program 0.13 and the one-point Cauchy evaluation around it; unpacking and checking
three tapes 0.4; the file 0.45; the family 0.6, of it the coordinate degrees 0.2) and the estimate's 0.6 (reading
/proc/meminfo 0.09 of it). With an empty store the structure is solved (CPU ms of linear 2-1-2 at load 13, 16:48 UTC:
the homotopy and its trace test 16.6-17.0, the Krawczyk test 4.3 of which the exact disc tape's recording 2.5 -- the
tracer's Python --, dim M 1.7, the layered plan's transversality check 1.3-1.6, writing the entry 0.7), none of it
changed here; a trace test on E paths (the derivative at s = 0 from the implicit function theorem instead of the
second side) remains untried.

Session 13 (2026-12-03 22:45-00:30 UTC; eight engineers on 2 cores, load 3-8; A/B against the session's start
3183530 in the same runs, new processes alternating A, B). Where the first count of a structure in a fresh process
went at the start (CPU ms, one fresh process each, inclusive times of the functions named, load 6-7, 23:18 UTC;
linear 2-1-2 / dense 2-1-1 r=3). Store filled: 9.6 / 10.3 in all: loading the structure 5.7 / 5.6 (the family
drawn again from the seed 1.8 / 2.1, of it the layered plan chosen again 0.8 / 1.1; the tapes' checks 1.3 / 1.2,
the metric tape's 0.4 / 0.5 of it; re-certifying the stored points at P* 1.2 / 0.9 and their rank check 0.3; the
file 0.6 / 0.4; the source hash and key 0.3-0.5), dim M 1.1 / 1.5, the warm call 2.0 / 2.4 (tracking 0.9 / 1.2,
certification 0.7 / 0.9, the image tape recorded for the rank rule 0.3), the rest 0.4. Empty store (this session's
code, load 6, 23:20 UTC): 18.6 / 22.1 in all: the multihomogeneous homotopy 6.6 / 9.6 and its trace test 4.2 /
3.6 (the tracker 8.9 / 11.4 of the two, the homotopy's tape 1.2 / 1.4), the Krawczyk test 2.5 / 2.8 (its exact tape
1.4 / 1.7), the family and route 1.8 / 2.4, dim M 1.1 / 1.2, writing the entry 0.6 / 0.7, the rest about 1.5.

What changed (store filled): once an entry's tapes pass their checks (from its second load on; its first load
re-certifies the points with the process's program and writes the tapes) its points are start points only -- each
count certifies its own endpoints (Krawczyk, disjoint image enclosures, full rank) whatever it started from -- and a
loaded structure whose first count does not end with E certified images is solved afresh at that count's
parameters and its entry rewritten (:func:`algnet.analyses.critical.warm.warm_count`); the entry
records dim M (certified when it was solved; not computed again), the layered cut and the family's arrays (not
drawn again), and the image tape of the rank rule (checked against the numpy image); the metric tape is no longer
identity-checked on loading (it gives floats only; every enclosure comes from the checked exact tape, so a wrong
one can only make a count fail); the source hash is computed once per process. After (23:18 UTC, load 6.3-6.4):
5.4 / 7.0 in all, of it loading 2.2 / 3.1 (the family from its arrays 0.6 / 0.9, mostly GradientFamily's first
evaluation check; the exact tape's identity check 0.5 / 0.9; the file 0.5), the warm call 2.4 / 3.1, dim M 0.
Every count the theorem's (seeds 0-49 of linear 2-1-2 generic 6 and Frobenius 2 and dense 2-1-1 r=3 7, seeds 0-9
of conv k=2,2 r=2 14, conv k=2,3 r=2 22 and linear 3-1-3 39: each a first count with an empty store, then two counts
of other seeds loading the entry, the first re-certifying, the second with its tapes; 3 of the first loads -- dense
2-1-1 r=3 one of 50, conv k=2,3 r=2 two of 10 -- were answered by the small route, as with 3183530's code). ``--quick`` with Macaulay2, 23:19-23:22 UTC, load 5.8-8.5:

================  =======  =============  ==============  ===============  ===============  =============
case              M2       warm (median;  in-process cold fresh, store     fresh, empty     fresh, first
                           best-of-3)     (first count)   (loaded)         store (solved)   call (numba)
================  =======  =============  ==============  ===============  ===============  =============
linear 2-1-2      0.0261   0.0020; 0.0018 0.0117          0.0056 (4.7x)    0.0178 (1.47x)   0.66 (0.04x)
dense 2-1-1 r=3   0.0316   0.0021; 0.0020 0.0153          0.0053 (5.9x)    0.0218 (1.45x)   0.67 (0.05x)
conv k=2,2 r=2    0.46     0.0072; 0.0070 0.030           0.0126 (37x)     0.039 (11.7x)    0.65 (0.71x)
================  =======  =============  ==============  ===============  ===============  =============

(warm 12.9x / 14.7x / 64x.) Once more after the last change (the points re-certified on an entry's first load) and
merging main, 23:54-23:57 UTC, load 3.3-5.6: Macaulay2 0.0262 / 0.0333 / 0.50 s; fresh, store filled 0.0054 / 0.0054
/ 0.0123 s (4.9x / 6.2x / 41x), empty 0.0174 / 0.0204 / 0.0393 (1.51x / 1.64x / 12.8x), first call 0.65-0.69 s;
warm medians 2.1 / 2.1 / 7.6 ms (12.6x / 16.0x / 66x). A/B of 7 interleaved rounds (23:30-23:37 UTC, load 5.9-9.0,
min / median CPU ms, 3183530 -> this): store filled 8.02 / 8.35 -> 4.71 / 5.14, 8.94 / 9.38 -> 4.92 / 5.11, conv
k=2,2 r=2 17.23 / 18.21 -> 12.07 / 12.32; empty 16.6 / 17.1 -> 16.4 / 17.4, 20.0 / 20.5 -> 20.6 / 21.1, 38.2 /
39.7 -> 37.3 / 39.2 (unchanged). NOT met: 10x Macaulay2 for the first count of the two tiny cases in a fresh
process. With the store filled it is 4.7-6.2x (about 5 ms; 10x needs 2.6-3.3 ms): what is left is the
warm call itself (about 2 ms, the homotopy engine's tracking and Krawczyk test) and about 2.5 ms of loading that
every new process pays once (GradientFamily's evaluation check, the exact tape's identity check, the file, the
first evaluation of each program). With an empty store it is 1.45-1.64x: the structure must be solved (9 / 25
homotopy paths, the trace test's 2E paths, their two tapes, the Krawczyk test with its exact tape), 15-20 ms
of the homotopy engine's work for which no cheaper complete method was found here. Not tried: a trace test on E
paths (the trace at s = 1 against its value and derivative at s = 0, the derivative from the implicit function
theorem) instead of 2E, about 2 ms of the empty-store count.

Session 11 (2026-12-03 17:20-17:50 UTC; five engineers on 2 cores, load 3.4-5.3 throughout; A/B against the
session's start 4eec57a in the same runs, new processes alternating). Changes: a warm call tracks only the metric
(its complex target is P*'s, :func:`algnet.analyses.critical.warm_paths._call_target`), all its E < 16 paths in one
kernel call (``stop_batch=1``); a spec's network parsed once per process; a stored structure carries its
MetricGradient and exact disc tapes (written by the first process that loads it, checked by
:mod:`algnet.analyses.critical.tape_store` before use) and is rebuilt on its recorded route. Kernel evaluations per
warm call (seeds 100-159, no path failed; load-independent), median / mean, drawn complex target -> P*'s: linear
2-1-2 368 / 688 -> 252 / 260, dense 2-1-1 r=3 356 / 374 -> 205 / 227, conv k=2,2 r=2 1204 / 1633 -> 682 / 689.
Warm ``ed_degree`` medians of seeds 100-139 (CPU ms; three rounds 4eec57a -> this, 17:47 UTC, load 4.7-5.0): linear
2-1-2 4.61 / 3.48 / 4.58 -> 3.38 / 3.82 / 2.37, dense 2-1-1 r=3 4.52 / 3.42 / 4.49 -> 3.88 / 3.60 / 2.44, conv
k=2,2 r=2 14.0 / 14.9 / 15.1 -> 9.4 / 10.5 / 9.3; two rounds at load 4.3 (17:30): linear 2-1-2 2.99 / 3.10 -> 2.30
/ 2.43, dense 2-1-1 r=3 3.14 / 3.78 -> 2.36 / 2.44. First count in a fresh process (5 interleaved rounds, min /
median CPU ms, 17:48-17:50, load 3.7-4.3): store filled linear 2-1-2 12.5 / 13.6 -> 11.1 / 12.3, dense 2-1-1 r=3
11.5 / 16.1 -> 9.3 / 14.2; empty store unchanged (16.7 / 18.5 -> 17.1 / 17.6, 21.9 / 23.7 -> 23.4 / 24.2).
``--quick`` with Macaulay2, 17:44-17:46 UTC, load 4.3-5.3 (Macaulay2 itself 30-40% slower than idle):

================  =======  =============  ==============  ===============  ===============  =============
case              M2       warm (median;  in-process cold fresh, store     fresh, empty     fresh, first
                           best-of-3)     (first count)   (loaded)         store (solved)   call (numba)
================  =======  =============  ==============  ===============  ===============  =============
linear 2-1-2      0.0365   0.0038; 0.0036 0.022           0.0114 (3.2x)    0.0237 (1.54x)   0.82 (0.04x)
dense 2-1-1 r=3   0.049    0.0037; 0.0034 0.030           0.0112 (4.4x)    0.0267 (1.85x)   0.82 (0.06x)
conv k=2,2 r=2    0.65     0.0128; 0.0123 0.055           0.0214 (30x)     0.0525 (12.4x)   0.84 (0.78x)
================  =======  =============  ==============  ===============  ===============  =============

(warm 9.5x / 10.0x, 13.4x / 14.3x, 51x / 53x at that load.) After merging main (tapeshape's parameter-mapped
tapes: the Krawczyk centres now read the tracker's tape, one MetricGradient tape per structure, stored with its
parameter map; fresh process, store filled, 5 interleaved rounds against main 9bdada6, load 5.2-5.9, min / median
CPU ms: linear 2-1-2 14.8 / 17.1 -> 9.3 / 13.9, dense 2-1-1 r=3 12.2 / 15.8 -> 9.8 / 10.8), ``--quick`` again at
18:21-18:24 UTC, load 4.8-5.5: Macaulay2 0.027 / 0.032 / 0.53 s; warm median 2.6 / 2.5 / 7.3 ms (10.6x / 12.9x /
72x; best-of-3 median 2.1 / 2.3 / 7.8 ms, 13.1x / 14.1x / 68x); in-process cold 14 / 18 / 33 ms; fresh, store
filled 13.4 / 12.0 / 19.0 ms (2.0x / 2.7x / 28x); fresh, empty store 29.2 / 27.8 / 44.7 ms (0.94x / 1.15x /
11.8x); fresh first call 0.79-0.89 s. (The store's first timed round records and writes the tapes, the next two
load them.) Every count was the theorem's: these runs, and seeds
0-99 of linear 2-1-2 (generic 6, Frobenius 2), dense 2-1-1 r=3 (7) and conv k=2,2 r=2 (14), seeds 0-9 of conv
k=2,3 r=2 (22) and linear 3-1-3 (39), each by the warm route but its structure's first count (none fell back to
the full route). NOT met: a warm median of 1.5-2 ms is not shown at this load (2.2-2.4 ms at load 3.4-4.3, about
11-12x the idle Macaulay2's 0.026 s); what is left of a warm linear 2-1-2 call is the homotopy engine's (the
tracking kernel about 0.5 ms for ~250 evaluations, the tracker's and the batched Krawczyk test's Python about 1 ms,
the disc kernel 0.2 ms for 12 rows). The fresh columns stay far from 10x on the two tiny cases: of a loaded
structure's first count (linear 2-1-2, CPU ms, load 3.5) the family rebuilt from the seed 2.0-2.2, dim M 1.1-1.5,
the warm call 2.5, the Krawczyk re-certification at P* 1.0, the image check 0.6, the file and source hash 0.6.

Session 10 (2026-12-03). A structure's first count is now its structure-level solve, at the count's own metric and
target (:func:`algnet.analyses.critical.warm._first_count`): the small route's homotopy, trace test and Krawczyk
test answer the call, and its points become the structure's start points, so that count tracks no second
homotopy, records no MetricGradient tape and certifies once. A/B of the fresh columns against the session's start
(``/tmp`` script, a new process per run, A / B alternating, best of 5 rounds, 14:23-14:27 UTC, load 3.6-5.1; CPU
ms of the call): empty store 20.3 / 16.8 (linear 2-1-2), 28.5 / 22.1 (dense 2-1-1 r=3), 51.8 / 39.9 (conv k=2,2
r=2); store filled 9.8 / 8.9, 9.9 / 10.7, 21.8 / 22.5 (unchanged); very first call 635-706 / 671-683 (unchanged).
``--quick`` with Macaulay2, 14:31-14:33 UTC, load 5.0-5.4 (CPU seconds; ratio = Macaulay2 / algnet):

================  =======  =============  ==============  ===============  ===============  =============
case              M2       warm (median;  in-process cold fresh, store     fresh, empty     fresh, first
                           best-of-3)     (first count)   (loaded)         store (solved)   call (numba)
================  =======  =============  ==============  ===============  ===============  =============
linear 2-1-2      0.028    0.0040; 0.0027 0.0126          0.0107 (2.6x)    0.0189 (1.48x)   0.68 (0.04x)
dense 2-1-1 r=3   0.034    0.0032; 0.0023 0.0177          0.0117 (2.9x)    0.0226 (1.50x)   0.70 (0.05x)
conv k=2,2 r=2    0.49     0.0125; 0.0090 0.040           0.0227 (22x)     0.0416 (11.9x)   0.73 (0.68x)
================  =======  =============  ==============  ===============  ===============  =============

Every count was the theorem's (fresh runs, and seeds 0-19 of each case as first counts, warm calls and loaded
structures; conv k=2,3 r=2 and linear 3-1-3 seeds 0-5). So a single count in a fresh process now meets 10x Macaulay2
on conv k=2,2 r=2 with an empty store too (11.9x; the session start's 51.8 ms gives 9.5x), and NOT on the two tiny
cases (1.5x empty, 2.6-2.9x filled). Where the empty-store first count of linear 2-1-2 goes (CPU ms, load 5, every
per-structure cache cleared, 15 calls): the multihomogeneous homotopy 6.7 (its tape 1.4, 9 paths' kernel and the
tracker's Python), the trace test 4.0, the Krawczyk test 2.5 (the exact disc tape 1.5), the structure's family and
route 1.9, dim M 1.0, the file 0.7, the source hash 0.7, the rest 1.3; conv k=2,2 r=2 (70 at that load): homotopy
33, trace test 17, Krawczyk 10. All of it the homotopy engine's tape recording and tracking (not this module's to
change); what did not help: the small route's tracker path by path (``block=1``) and a Newton contraction target of
0.003 for the homotopy (the same CPU within the noise, 14:17-14:29 UTC). The very first call of a process is
numba's: ``import numba`` 0.16 s, ``scipy.linalg`` (numba's BLAS/LAPACK check when the first kernel is loaded;
scipy's ``array_api_compat`` imports ``numpy.f2py``, 67 ms, and ``numpy.testing``) 0.29 s, the first kernel loads;
algnet's own modules imported in the call about 0.09 s.

Session 9 (2026-12-03 11:07-11:10 UTC, ``--quick`` with Macaulay2, load average 5.4-6.2 on 2 cores (five
engineers); the three larger cases 11:11-11:14 UTC, load 5.6-5.7, ``fresh_columns`` alone, Macaulay2 from the
session 8 idle table). CPU seconds; fresh columns the best of 3 interleaved rounds; ratio = Macaulay2 / algnet:

================  =======  =============  ==============  ===============  ===============  =============
case              M2       warm (median)  in-process cold fresh, store     fresh, empty     fresh, first
                                                          (loaded)         store (solved)   call (numba)
================  =======  =============  ==============  ===============  ===============  =============
linear 2-1-2      0.027    0.0023 (11.9x) 0.019           0.0113 (2.4x)    0.026 (1.03x)    0.74 (0.04x)
dense 2-1-1 r=3   0.034    0.0025 (13.6x) 0.023           0.0122 (2.7x)    0.033 (1.01x)    0.72 (0.05x)
conv k=2,2 r=2    0.48     0.0101 (48x)   0.057           0.025 (19x)      0.067 (7.1x)     0.67 (0.72x)
linear 3-1-3      > 120    --             --              0.153            0.32             1.07
conv k=2,3 r=2    (36.2)   --             --              0.147 (246x)     0.255 (142x)     0.91 (40x)
conv k=3,2 r=2    > 120    --             --              0.261            0.76             1.04
================  =======  =============  ==============  ===============  ===============  =============

Two more runs of the fresh columns: 11:41-11:43 UTC (load 5.2-5.5; ``fresh_columns(QUICK)`` alone): store
15.9 / 12.6 / 25.3 ms, empty 28.4 / 35.1 / 101 ms, first call 0.94-1.00 s; after merging main (coldsolve's
cheaper certification, the tape changes), 11:55-11:58 UTC, ``--quick`` with Macaulay2 (0.031 / 0.037 / 0.52 s),
load 5.7-6.1: store 10.9 / 13.4 / 26.5 ms (2.8x / 2.7x / 19.5x), empty 27.7 / 28.8 / 56 ms (1.10x / 1.27x / 9.2x),
first call 0.74-0.79 s; warm median 4.0 / 3.9 / 11.3 ms at that load (7.7x / 9.3x / 46x; best-of-3 median 11.5x
/ 15.3x / 52x).

Every fresh run gave the theorem's count (6, 7, 14, 39, 22, 79); every run with the store filled loaded the
structure and re-certified it, every run with it empty solved it. So the store makes the first count in a fresh
process 2.2-2.9x cheaper (conv k=3,2 r=2 2.9x, the small cases 2.3-2.7x), and the first count of conv k=2,2 r=2
now meets 10x Macaulay2 in a new process (19x; 7.1x without the store); linear 2-1-2 and dense 2-1-1 r=3 do NOT
(2.4x / 2.7x): what a loaded structure still costs before the warm call's 2.3 ms (CPU ms, linear 2-1-2 / conv
k=2,2 r=2, in a process whose caches were cleared, load 4.5, 10:59 UTC): reading the file 0.57 / 0.64, the
family rebuilt from the seed 0.9 / 1.3 (of it GradientFamily's sample evaluations ``witness._per_path`` about a
third), recording the MetricGradient tape 1.0 / 2.3 and the exact disc tape 1.1 / 2.6 and the image tape 0.4 / 0.9
(a warm process recorded them once; any first call pays them), the Krawczyk re-certification 0.9 / 1.9, dim M
(``remembered_dimension``) about 1, first-call effects in a new process about 2. And a command line pays far more
before any of that: the very first call of a process is 0.67-1.07 s of CPU, of it ``import numba`` 0.22-0.31,
``scipy.linalg`` (imported by numba's BLAS check) 0.19-0.21, numba's target set-up and the first kernel load
(``tape_eval_batch``) 0.22, three more kernels 8-19 ms each, 35 algnet modules imported inside the call; the
structure store saves 15-500 ms of a 0.7-1.1 s first command.

Session 8 (2026-12-03, after merging main at 08:31 UTC; ``--quick`` with Macaulay2, three runs at 08:33, 08:33 and
08:35 UTC, load average 3.7-4.7 on 2 cores; CPU seconds; routes seed 0 best of 3 certified / count only; auto: the
median over seeds 0-9 of one certified call, and the cold first call of the structure):

================  ===============  ===============  =================  ============================  ============
case              M2 (3 runs)      multihomog.      auto median        auto / M2 (3 runs)            auto cold
================  ===============  ===============  =================  ============================  ============
linear 2-1-2      0.029 0.038 .028 0.013-0.021      0.0042 .0029 .0024  6.8x  13.3x 11.3x             0.021-0.031
dense 2-1-1 r=3   0.037 0.035 .033 0.018-0.020      0.0035 .0027 .0021  10.4x 13.0x 15.2x             0.023-0.036
conv k=2,2 r=2    0.55  0.51  0.46 0.049-0.052      0.012  .015  .010   45x   34x   46x               0.058-0.072
================  ===============  ===============  =================  ============================  ============

auto now takes the *warm route* (:mod:`algnet.analyses.critical.warm`, ``route`` "parameter homotopy"): the first
call of a network structure and loss kind solves the gradient system once at random complex parameters (the small
route: multihomogeneous homotopy, trace test, Krawczyk) and keeps one point per critical image; every call then
draws its own Q, u and complex target from its seed and tracks only those E points (6 / 7 / 14 paths, none to a
singular endpoint, no per-call tape, no per-call trace test), certifies them with compiled rigorous disc
enclosures (:mod:`algnet.analyses.critical.disc_tape`), and is complete when E certified distinct images are found
(no target has more nonsingular critical images than a generic one; else the full route answers). The 10x target
is met in two of the three runs on linear 2-1-2 (the 6.8x run: an auto median of 4.2 ms during a burst of load,
the same code measured 2.4-2.9 ms in the runs before and after) and in all three on dense 2-1-1 r=3 and conv
k=2,2 r=2. Over seeds 0-99 (08:29 UTC, load about 4.5): linear 2-1-2 generic 6 every time (warm 100/100, median
2.55 ms), dense 2-1-1 r=3 7 (100/100, 2.62 ms), conv k=2,2 r=2 14 (99/100, 11.6 ms; the other by the full route),
linear 2-1-2 Frobenius 2 (100/100, 1.9 ms), linear 3-1-3 generic 39 (100/100, 114 ms), conv k=2,3 r=2 22
(99/100, 86 ms); no count differed from Eckart-Young / the Chern-class value.

Eight more runs that session (08:41-09:23 UTC, load 0.7-7.0, merges of main between them; auto median / median of
each seed's best of 3): linear 2-1-2 2.3-3.5 / 2.1-3.4 ms against Macaulay2's 0.026-0.030 s (8.3-11.1x / 8.8-12.4x),
dense 2-1-1 r=3 2.1-2.6 / 1.9-2.9 ms (12.2-16.9x), conv k=2,2 r=2 9.3-14.6 ms (37-56x). The series predictors (batched
kernel only) took 8-13% fewer evaluations (Pade) but 1.6x the CPU of the path-by-path RK4 kernel for the warm
route's 6-14 paths, Taylor more of both: not used. Over the nine runs linear 2-1-2 was at 6.8-13.3x by the median
of seeds (at least 10x in four of nine): borderline there, met in every run on the other two cases.

Where a warm linear 2-1-2 call goes (CPU ms per call, 200 calls, load 4.5, 08:28 UTC; 3.0-3.4 ms in those runs):
tracking 1.5-1.7 (the kernel 1.2 for about 630 evaluations, 105 a path; the tracker's Python 0.45), certification
0.6-0.9 (the batched Krawczyk test 0.57: its disc kernel 0.18, the rest numpy), the rank rule and images 0.15, the
rest of ``critical_points`` / ``ed_degree`` about 0.3. Before the warm route (session 7's pipeline, same load):
12.6 ms. What did not help the warm paths (evaluations per call over 40 seeds): looser predictor tolerances
without the contraction target (908-1117 against 694), a contraction target of 0.01 (851), two corrector iterations
(806), the batched kernel with blocks of 4-16 paths (the same evaluations, 2-2.6x the CPU for 6-14 paths); a
contraction target of 0.003 saved 5-9% and is used. The structure seed matters (linear 2-1-2, evaluations per call
over 40 calls for structure seeds +0 .. +7: 630, 385, 456, 718, 512, 804, 712, 554), but choosing among 4 by 6 trial
targets did not carry over to other targets (the chosen one: 795 against 600 on seeds 100-139): not kept.
Tracking is now the floor: 2 ms would need fewer evaluations per
path (the Taylor predictor) or a cheaper kernel call.

Nearly idle, end of session 8 (2026-12-03 09:27-09:34 UTC, ``--skip-slow`` with Macaulay2, load 1-1.5, i.e.
this run only): Macaulay2 CPU, algnet ``method="auto"`` median over seeds 0-9 of one certified warm call (the
structure's generic solutions already found in the process), and the cold first call of a structure in the
process (which every ``algnet ed-degree`` command line is):

================  ========  ============================  ========================
case              M2        auto, warm (ratio)            auto, cold (ratio)
================  ========  ============================  ========================
linear 2-1-2      0.028     0.0024 (12.0x)                0.024 (1.2x)
dense 2-1-1 r=3   0.032     0.0020 (16.0x)                0.028 (1.2x)
conv k=2,2 r=2    0.47      0.0093 (50x)                  0.057 (8.3x)
conv k=2,3 r=2    36.2      0.078 (459x)                  0.25 (146x)
linear 3-1-3      > 120     0.12                          2.24
conv k=3,2 r=2    > 120     0.34                          0.76
================  ========  ============================  ========================

An earlier ``--quick`` run (09:26, load 0.9): 11.1x / 11.1x / 52x warm. So repeated counts on one architecture
meet 10x Macaulay2 on every case it finishes; a single count in a fresh process does not on the three smallest
cases (the structure solve, about 20-50 ms, is paid first; the per-call route of session 7 took 11 / 18 / 34 ms).

Session 7 (2026-12-02, 14:32 UTC, ``--quick`` with Macaulay2, load average 6.5-7.5 on 2 cores; CPU seconds, seed
0 best of 3 certified / count only, and the median over seeds 0-9 of one certified auto call):

================  ======  ===============  ===============  ===============  ==============  ===============
case              M2      monodromy        total degree     multihomog.      M2 / mh (cert)  auto median
================  ======  ===============  ===============  ===============  ==============  ===============
linear 2-1-2      0.021   0.021 / 0.018    0.017 / 0.015    0.011 / 0.0085   1.9x            0.013 (1.6x)
dense 2-1-1 r=3   0.023   0.024 / 0.017    0.034 / 0.029    0.022 / 0.018    1.0x            0.018 (1.2x)
conv k=2,2 r=2    0.47    0.041 / 0.032    0.104 / 0.092    0.034 / 0.027    13.9x           0.034 (13.9x)
================  ======  ===============  ===============  ===============  ==============  ===============

Later runs that session (15:07 UTC, load 6.8-7.2): 1.3x / 1.0x / 11.8x by the auto median. Where one certified call
went (multihomogeneous route, load 6.5): linear 2-1-2 14.1 ms (tracking 4.6, two tapes 1.9, certification 2.7, the
rest Python set-up), dense 2-1-1 r=3 16.3 ms (tracking 7.6).

Tried and not kept: the target u and the metric Q as parameters of one tape per network structure (recorded
once): the tape grows (conv k=2,2 r=2: 203 -> 293 values) and its evaluation costs more than the recording
saved (conv k=2,2 r=2 multihomogeneous solve 28-31 ms against 16.5-18 ms; its trace test on that tape 10.5
against 7.2 ms; linear 2-1-2 gained 0.7 ms). Looser end games (min step 1e-5 within 1e-3 of t = 1): 12% fewer
evaluations on linear 2-1-2, but dense 2-1-1 r=3 lost two finite endpoints in 1 of 12 seeds. Dropping the
trace test where every path ended (finite non-singular, at infinity, or singular) is not sound in floating
point: in about 1 seed of 100 a far-out critical point ends among the singular endpoints, with every path
accounted for (measured, 100 seeds each: linear 2-1-2 1 and dense 2-1-1 r=3 1 with the random draws before
this session, 1 and 0 with the start system drawn per structure as first tried, 0 and 0 now); the trace
test catches it and auto falls back to monodromy. 2 ms would need the tracking itself
under 1 ms (fewer evaluations per path, or a cheaper kernel call for 5 unknowns), tapes that are not recorded
per call without a slower evaluation, and the remaining Python set-up (about 4 ms) removed.

Session 6 (seed 0, generic metric; CPU seconds, best of 3; a shared 2-core machine at load
average 7.5-10, so indicative only; the first three rows in one run with Macaulay2, the others in a run
without it). Paths of the small routes: the homotopy's Bezout number, and in brackets all paths tracked
including the trace test:

================  =====  ======  ==============  ==========================  ==========================  =============
case              count  M2      monodromy       total degree                multihomogeneous            M2 / best
                                 cert. / count   paths, cert. / count        paths, cert. / count        (certified)
================  =====  ======  ==============  ==========================  ==========================  =============
linear 2-1-2      6      0.019   0.020 / 0.018   27 (49), 0.018 / 0.015      9 (21), 0.011 / 0.009       1.7x (mh)
dense 2-1-1 r=3   7      0.023   0.025 / 0.016   49 (73), 0.026 / 0.023      25 (39), 0.017 / 0.015      1.4x (mh)
conv k=2,2 r=2    14     0.39    0.051 / 0.036   125 (175), 0.13 / 0.11      19 (47), 0.036 / 0.033      10.9x (mh)
linear 3-1-3      39     --      0.147 / 0.126   243, 0.245 / 0.213          73 (151), 0.148 / 0.139     --
conv k=2,3 r=2    22     --      0.374 / 0.356   625, 1.25 / 1.30            27 (71), 0.090 / 0.073      --
conv k=3,2 r=2    79     --      0.81 / 0.70     625, 1.22 / 0.97            169 (327), 0.54 / 0.40      --
================  =====  ======  ==============  ==========================  ==========================  =============

"--": Macaulay2 did not finish in 120 s (last session; not rerun this session). ``method="auto"`` takes the
multihomogeneous route up to 200 paths (all six cases; on linear 3-1-3 it ties with monodromy), the
total-degree route up to 32, monodromy otherwise, when the small route would have more than 10 paths per
critical point a closed form predicts (session 7: linear 3-1-3 with the Frobenius metric, 73 paths for 3,
122 -> 25 ms), or when a small route ends incomplete (a failed path,
a failed trace test, a candidate that fails Krawczyk's test). The 10x target is met on conv k=2,2 r=2
(10.8-11.8x certified, 11.3-14.3x count only over three runs) and NOT on linear 2-1-2 (1.6-1.7x) or
dense 2-1-1 r=3 (0.9-1.4x), where Macaulay2 needs 0.02 s: there the compiled tracker's evaluations (about 1 us
per path and evaluation, 5-6 evaluations per step, 20-50 steps per path: 5 ms on linear 2-1-2), the
recording of the homotopy's tape per call (1-3 ms), the trace test (12-30 paths, 4 ms) and the
certification (3 ms) each cost about as much as a fifth of Macaulay2's whole Groebner computation.

conv k=2,2,2 r=2 (404 = the Chern-class value), seed 0: ``ed_degree`` found the 404 points by
monodromy, the trace test passed on the graph's full-size trace lines (residual 1e-13), and all 404
were certified, in 74 s of CPU, 11,262 paths (658 s of wall clock at load ~16). With the cut 1 + 1 + 0
its multihomogeneous Bezout number is 773; one run of that homotopy (before the trace test was added)
found 379-401 of the 404 images in four seeds (23 s CPU each; not used by auto: above the 200-path
threshold). The case runs without ``--skip-slow``, and as the slow test
``tests/test_critical_slice.py::test_conv_three_layers_404``.

Session 23 (2026-12-05 16:55-18:45 UTC, nine concurrent jobs and CI on 2 cores, load 8-11; A/B against the
session's start 1946407, processes of the two trees interleaved, thread or process CPU). (1) The small route's trace
test (:func:`algnet.analyses.critical.small.homotopy_trace_test`): the slopes at s = 0 are exact -- the
multihomogeneous homotopy's tangent at the points (one evaluation of its tape,
:func:`~algnet.analyses.critical.paths.tangent`) mapped to the slice (x_k = z_k / z_k0) and contracted with the
images' Jacobians along the slice -- instead of extrapolated central differences of the functional over 4k images;
those images and Jacobians are the rank test's of the same points (:func:`~algnet.analyses.critical.paths.remembered_ranks`
keeps them), so no program runs for the start points; the E paths to s = 1 go in one kernel call
(``stop_all_below`` 16: the same steps, one call instead of 4.7). The same rule (tolerance 1e-6) and paths; complete
sets' residuals 1e-10 - 1e-12 -> 1e-13 - 1e-15; a dropped point still fails it (tested: each
point of two seeds of linear 2-1-2 and dense 2-1-1 r=3 dropped in turn; the exact slopes equal the finite-difference
ones to 1e-7). Thread CPU of the trace test inside in-process cold counts (20 counts a process, 3 processes a tree,
17:39-17:42 UTC, load 8.3-9.3): linear 2-1-2 1.73-1.79 -> 1.41-1.47 ms, dense 2-1-1 r=3 1.52-1.62 -> 1.20-1.26, conv
k=2,2 r=2 4.05-4.34 -> 3.72-3.83; the cold count's median 8.13-8.22 -> 7.83-7.94, 7.05-7.53 -> 6.76-6.96, conv
18.8-20.5 both. Left in it (linear 2-1-2, 1.4 ms): the tracking 0.9 (the kernel 0.68 for about 60 steps of six
paths; the tracker's set-up and endpoint work), the endpoints' residual check 0.12 (one program run), the tangent
0.13. Tried, not kept: a shorter line (|v| halved or quartered: 40 and 28 steps a test instead of 61, 0.15-0.4 ms,
but the residual a dropped point leaves shrinks as s^2 -- its least value over 10 seeds of linear 2-1-2 2.6e-5 at s
= 1, 1.1e-5 at 0.5, 4e-6 at 0.25, against the tolerance 1e-6); a first step of 0.15 or a contraction target of 0.01
(7% fewer steps over 181 tests of the three cases, seeds 0-59; the same CPU within the noise and the same verdicts).
Counts: 100 in-process first counts (seeds 0-99) of each of the three cases on both trees: every one 6, 7, 14,
complete, all certified; the same one trace test failed on both (conv k=2,2 r=2 seed 32; linear 2-1-2 seed 122
too, a path failed on every detour; then the chart test and the next route, counts unchanged). (2) Outside the route in a cold count (dense 2-1-1 r=3,
7.2-7.4 ms): the structure's family 0.74 (its loss's coefficient map 0.26, the GradientFamily 0.25 with its circle
sizes 0.17), the certification 0.72, the estimate 0.22 -- loss.py, system.py, multihom.py, refine.py: not changed.
(3) The store-loaded count: a record now notes (``full_support``) that :func:`algnet.analyses.critical.ed._on_support`
gave no view of the network when ``ed_degree`` solved the structure, and a process that loads it skips the exact
expansion (0.32-0.45 ms; a wrong note could only cost time, the count is the same in either coordinates); the
expansion's term bound is computed once; ed.py joins the store's source hash (older records are solved once more).
``fresh_first_call`` A/B (6 rounds, 17:25-17:29 UTC, load 9.9-11), min / median CPU ms: store loaded linear 2-1-2
3.48 / 3.69 -> 3.04 / 3.28, dense 2-1-1 r=3 3.77 / 3.89 -> 3.33 / 3.40, conv k=2,2 r=2 10.02 / 10.61 -> 9.67 /
10.09; empty store (17:29-17:33, load 11) 11.60 / 12.18 -> 10.81 / 11.48, 10.45 / 11.32 -> 10.55 / 11.46, 27.37 /
27.72 -> 26.08 / 27.43. A loaded linear 2-1-2 count now (3.2-3.5 ms, process-time wrappers): the store 1.24-1.43
(the file 0.28, the key 0.08, the family 0.2-0.3, the tapes restored and checked 0.68-0.82 -- the exact tape's
identity check 0.38-0.46 with its numpy reference 0.23-0.28), the warm call 1.2-1.4, the rest (spec, the network's
lazy build, the estimate's shape, the closed form) about 0.6: a dozen pieces of 0.1-0.4 ms, most outside this
benchmark's files. (4) The collector: what the ~126,000 objects are. ``import numba`` makes 31,000 (279 modules:
numba 153, llvmlite 30, yaml 18); the first cached kernel load 66,000 (226 modules: numba's target registries --
``numba.core.cpu.load_additional_registries`` imports ``numba.np.arraymath``, whose ``_check_blas`` imports
``scipy.linalg.cython_blas`` whatever the kernels use: scipy 75 modules, numpy 40 (f2py, testing), unittest -- and
numba 72; 142 kernel dispatchers; 8,000 functions, 15,000 tuples, 6,600 weak references); algnet's own modules
12-42; no sympy, no algnet cache. They cannot be fewer from algnet's side. How often they are traversed can: made
under a pause, they all sit in generation 0; the first collection after it (generation 0, in the first count)
traverses them, 36-42 ms, and moves them to generation 1; the next generation-1 collection traverses them again,
33-41 ms, wherever it falls (a later count). Measured (fresh processes: the warm-up of every route of linear 2-1-2,
then 12 in-process cold counts of the three cases; 3 pairs interleaved, 17:18 UTC, load 8.3-8.6): collections in the
warm-up 42.9 / 46.4 / 39.7 ms and in the 12 counts 42.1 / 43.0 / 34.0 ms; with a generation-1 collection right at
the pause's end when more than 20,000 objects are young (a prototype: ``gc.collect(1)`` patched into the measuring
process's ``gc.enable``) 63.9 / 55.6 / 43.6 and 1.7 / 1.9 / 1.5 ms: the 12 counts' CPU 208 / 201 / 194 -> 159 / 163 /
154 ms, warm-up and counts together 879 / 876 / 847 -> 866 / 860 / 816 ms. Proposed for
algnet/homotopy/kernel_cache.py (the resume of ``gc_paused`` and of the first dispatches' pause): that collection --
of the young generations only, the automatic collector's own kind, not a freeze: the caller's old objects are not
traversed, and a collector the caller switched off stays off.

``--quick`` with Macaulay2 (CPU seconds, ratio = Macaulay2 / algnet; this tree 17:41-17:44 UTC, load 8.8-10.1,
1946407 17:44-17:46 UTC, load 8.9-9.8; one run each, so the in-process columns move within their noise):

================  =======  ======  ==============  ===========  ===============  ===============  ================
case              tree     M2      warm (median;   in-process   fresh, store     fresh, empty     fresh, first
                                   best-of-3)      cold         (loaded)         store (solved)   call [bytecode]
================  =======  ======  ==============  ===========  ===============  ===============  ================
linear 2-1-2      1946407  0.0185  0.0015; 0.0013  0.0075       0.0034 (5.4x)    0.0113 (1.64x)   0.085 (0.22x)
                                                                                                  [0.033 (0.56x)]
linear 2-1-2      this     0.0202  0.0018; 0.0015  0.0077       0.0030 (6.7x)    0.0108 (1.87x)   0.080 (0.25x)
                                                                                                  [0.033 (0.61x)]
dense 2-1-1 r=3   1946407  0.0238  0.0014; 0.0013  0.0059       0.0040 (6.0x)    0.0104 (2.28x)   0.091 (0.26x)
                                                                                                  [0.043 (0.56x)]
dense 2-1-1 r=3   this     0.0255  0.0018; 0.0015  0.0069       0.0033 (7.6x)    0.0104 (2.45x)   0.091 (0.28x)
                                                                                                  [0.043 (0.59x)]
conv k=2,2 r=2    1946407  0.345   0.0052; 0.0050  0.0181       0.0103 (33.4x)   0.0271 (12.7x)   0.108 (3.2x)
                                                                                                  [0.061 (5.6x)]
conv k=2,2 r=2    this     0.367   0.0056; 0.0055  0.0188       0.0097 (38.0x)   0.0260 (14.1x)   0.105 (3.5x)
                                                                                                  [0.061 (6.0x)]
================  =======  ======  ==============  ===========  ===============  ===============  ================

(every count the theorem's, every "fresh, store" run loaded, every "fresh, empty" run solved.) NOT met: 10x
Macaulay2 for the first count of the two tiny cases: in a fresh process with the store 6.7x / 7.6x (3.0-3.3 ms; 10x
needs 1.8-2.5), in-process cold 2.6x / 3.7x (the multihomogeneous homotopy, not changed here, and the trace test's
1.2-1.5 ms, of it 0.9 the tracking). The in-process cold column is the structure's first count with the collector's
generation-1 pass of numba's objects possibly inside it (item 4).
Session 23 (2026-12-05 16:55-18:45 UTC, nine concurrent jobs and CI on 2 cores, load 7.5-11.5; A/B against the
session's start 1946407, interleaved, a new process per round). The small route's homotopy of a first count
(:mod:`algnet.analyses.critical.multihom`). Where the in-process cold count went at the start (``auto_cold_cpu_s``'s
call: ``warm.clear_cache()``, store off; inclusive thread CPU of wrappers, linear 2-1-2, 40 counts, load 8): 8.0 ms,
of it the multihomogeneous solve 3.8 (the homotopy's tape recorded 0.9, the tracking kernel 1.5 of the 2.2 of both
tracks, 7-8 kernel calls with the tracker's Python between them), the trace test 1.8, the certification 0.7, the
structure's family 0.55, the rank and image filter 0.36. Of the solve's 9 paths the 3 that end at the base point
(theta_1 = 0, z_20 = 0) spend about 25 step attempts each below 1 - t = 1e-3 (their distance to it falls as
(1 - t)^(1/3)), about 30% of the solve's kernel; conv k=2,2 r=2 has 5 such paths of 19. What changed. (1) The
homotopy is tracked in coordinates of its charts (z_k = b_k + B_k w_k, B_k an orthonormal basis of the chart's
hyperplane by one Householder reflection: :func:`~algnet.analyses.critical.multihom_start.chart_bases`), n_k unknowns
a group and no chart equations: linear 2-1-2 5 -> 3 unknowns, the tape's lane work 410 -> 281, dense 2-1-1 r=3 4 -> 2
and 362 -> 208 (the same instructions and steps); the kernel 2.13 -> 1.68 ms a solve of linear 2-1-2, 1.26 -> 0.99
of dense 2-1-1 r=3 (cProfile, 60 solves). (2) The homotopy's trace makes its affine forms at once (the slice, the
padding and the start system's forms through the chart maps as one numpy product each; T v, T^T Q r and N^T g by a
dense product over the registers they read) and runs the network's recorded program once (its values, then the
reverse sweep): the trace 0.513 -> 0.388 ms (linear 2-1-2), 0.662 -> 0.495 (dense 2-1-1 r=3), 1.30 -> 0.92 (conv
k=2,2 r=2), p25 of 300, the same tapes. (3) The chart maps made once per start system (the start system and its
charts now in :mod:`algnet.analyses.critical.multihom_start`). (4) Below 16 paths the small routes' homotopy runs in
one kernel call (``stop_all_below``; endpoints bit for bit the same): ``multihomogeneous_solve`` 3.18-3.38 -> 3.01-3.15
ms (linear 2-1-2), 2.51 -> 2.36 (dense 2-1-1 r=3), 5.11 -> 4.84 (dense 3-1-1 r=2), load 11; conv k=2,2 r=2 (19
paths) keeps its returns (9.6-9.7 against 9.9-10.0 in one call). The in-process cold count (thread CPU, min / median
of 25 counts a process, 3 interleaved rounds, 17:30-17:32 UTC, load 10.3-11.0): linear 2-1-2 7.07-7.54 / 7.45-7.92
-> 6.08-6.62 / 6.42-7.21 ms, dense 2-1-1 r=3 5.94-6.37 / 6.33-6.94 -> 5.33-5.85 / 6.01-6.20, conv k=2,2 r=2
17.5-18.2 / 18.2-19.3 -> 14.4-15.4 / 15.0-16.1; after (linear 2-1-2, wrappers, load 10): 7.2 in all, the solve 3.2
(its tape 0.8: the trace 0.54, the tape's passes 0.24), the trace test 1.7, the certification 0.7, the family 0.54.
The first count in a fresh process with an empty store (this benchmark's sequence, ``gc.collect()`` after the warm-up
in both trees, CPU min / median of 4 rounds, 17:41-17:43 UTC, load 9.3-10): 11.75 / 12.34 -> 11.54 / 12.34 ms, 11.39 /
11.85 -> 10.60 / 12.34, 26.4 / 28.3 -> 23.9 / 26.0. Without that ``gc.collect()`` this tree's fresh first count pays
the generation-1 collection of the ~126,000 objects the imports left there (33-45 ms; session 22's note): after the
warm-up its generation-1 count is 11 instead of 10 (one more generation-0 collection in the warm-up's monodromy call:
one more module imported), so the collection falls inside the timed call (40-51 ms against 11-12) instead of after
it -- where it falls moves with any change of allocations, this column cannot be read without it. Counts: first
counts (store off, structure forgotten), seeds 0-99 of linear 2-1-2 generic (6) and Frobenius (2), dense 2-1-1 r=3
(7), conv k=2,2 r=2 (14), dense 2-1-1 r=2 (4), dense 3-1-1 r=2 (13), dense 2-1-1 r=4 (10), seeds 0-19 of conv k=2,3
r=2 (22) and linear 3-1-3 (39): every one the same count, complete, by the multihomogeneous first count, as
1946407's; tests/test_critical_firstcount_seeds.py passed. Tried and not kept (evaluations of 30 solves, load-free):
``min_step`` 1e-6 for the solve (-6% linear 2-1-2, -5% conv k=2,2 r=2, 0 dense 2-1-1 r=3; the same results), 1e-5
with ``endgame_start`` 1e-3 (-11%, but 1 of 30 conv k=2,2 r=2 solves lost a point), a contraction target of 0.003
(+12%, -10%, -7%), a predictor tolerance of 2e-4 (+1-6%), 2 corrector iterations (+15-33%), a first step of 0.15
(within 1%); the tape builder's sparse ``combine`` for the trace's products (0.513 -> 0.608 ms at these sizes); a
group with one unknown's start-system forms multiplied out over shared powers of it (44 -> 41 instructions on linear
2-1-2, 123 -> 110 on conv k=2,2 r=2, the lane work within 2%): the solve within the noise (min 2.37-2.46 against
2.38-2.47 ms multiplied out, 7.7-8.2 against 7.5-7.9, load 11).
NOT met: 10x Macaulay2 for the first count (the in-process cold count needs 1.8 / 2.5 ms): left, each 0.5-1.7 ms, the
trace test, the kernel (the base-point paths' endgame), the homotopy's tape (the tracer's Python and its passes), the
certification, the family.
2026-12-05, 21:18-23:15 UTC (load 8.9-14 on 2 cores; A/B against 71202fd, interleaved, a new process per round):
the in-process first count of a structure (``auto_cold_cpu_s``'s call) without the trace test's paths. Where
it went at the start (inclusive thread CPU of wrappers, linear 2-1-2, 100 counts, load 8): 5.2 ms, of it the tracking
kernel 2.3 (the solve's 9 paths about 1,200-1,470 evaluations, of them about 57% on the 3 paths to the base point;
the trace test's 6 paths 140-340), the trace test 0.95 (its kernel a fifth: the rest the tracker's set-up, the
residual and key programs, the start slopes), the homotopy's tape 0.53, the certification 0.46, the family 0.30.
What changed. (1) The trace test first at the target alone (:mod:`algnet.analyses.critical.trace_curvature`): the sum
of the critical images is affine along the target line, so the sum of their second derivatives at p0 vanishes for
the complete set and not (with probability one) where a point is missing; each point's second derivative from
Newton-corrected points at s = +-h, +-h/2 on the homotopy's tape and exact slopes (Richardson, h = 1e-3 relative),
no path; the tracked one-sided test where it does not pass. Over 200 first-count homotopies a case with each point
dropped in turn: the smallest residual of an incomplete set 5.1e-5 (linear 2-1-2) and 5.5e-5 (conv k=2,2 r=2)
against the tracked test's 1.8e-5 and 1.2e-5 (tolerance 1e-6 for both), none passed; the complete sets passed 199 of
200 and 197 of 197 (the 3 others had lost points: residuals 0.06-0.36). (2) No trace test where every tracked path
ended at a finite non-singular point of its own (:func:`~algnet.analyses.critical.small.every_path_counted`: no
endpoint excluded and as many distinct images as tracked paths; the non-singular solutions number at most the paths,
one orbit a path under a layer's roots of unity): the equivariant dense cases (dense 2-1-1 r=2/3/4, dense 3-1-1
r=2: 100 first counts each, 4/7/10/13, all certified, the rule in all); linear 2-1-2 and conv k=2,2 r=2 keep a trace
test (paths end at the base point). (3) The first count certifies the tracker's refined endpoints without a second
float Newton pass (``refine=False``; 100 seeds of each case all certified at once). (4) The circle sizes of a family
computed at their first use (a count certified by the disc tape with the store off never reads them). In-process
cold count (thread CPU, min / median of 40 counts a process, 3 interleaved rounds, 22:09-22:11 UTC, load 9-10.5):
linear 2-1-2 6.54-7.80 / 8.32-9.34 -> 5.52-7.34 / 6.67-8.73 ms, dense 2-1-1 r=3 5.38-7.53 / 6.69-9.30 -> 4.41-5.14 /
4.93-6.22, conv k=2,2 r=2 13.9-15.0 / 16.1-17.6 -> 13.1-13.5 / 14.7-15.9 (an earlier round, 21:45 UTC, load 12-13:
linear 2-1-2 6.04-6.29 / 7.20-7.79 -> 4.80-5.67 / 5.70-6.52, conv k=2,2 r=2 14.2-14.8 -> 10.6-11.6; dense 2-1-1 r=3
at 21:37, load 9.5-10: 4.89-6.40 -> 3.94-4.40). The first count in a fresh process with an empty store (this
benchmark's child with ``gc.collect()`` after the warm-up, 8 interleaved rounds, load 9-11): linear 2-1-2 min / median
10.50 / 13.23 -> 12.39 / 13.07 ms, dense 2-1-1 r=3 10.25 / 12.37 -> 10.45 / 12.00 (within the noise); 12 rounds of
linear 2-1-2 (22:24-22:26 UTC, load 7.4-10): 10.12 / 12.01 -> 9.82 / 10.77.
Counts: tests/test_critical_firstcount_seeds.py passed (30 first counts of each case). Tried and not kept: the solve's
``min_step`` 1e-6 and 1e-5 (100 seeds of linear 2-1-2: evaluations 1,470 -> 1,370 / 1,266 a solve, but seed 90 lost a
point, a trace-test failure and the full route); one Newton step instead of two in (1) (complete sets not passed 2 of
150 and 2 of 100 against 1 and 1). Not done: a tape recorded once per structure with Q as parameters (the first count
of a structure records it anyway; it would speed this in-process column only, with a slower evaluation).
NOT met: 10x Macaulay2 for the first count (1.8 / 2.5 ms): left (idle-scaled) the solve's kernel about 1.5 ms on
linear 2-1-2 (the base-point paths' endgame about half), the homotopy's tape 0.5, the certification 0.45, the family
0.3, the trace test's second derivatives 0.3-0.5, the rank filter 0.25.
2026-12-05 21:20-22:45 UTC (concurrent jobs on 2 cores, load 9-14; A/B against 71202fd, the main of that
evening: :func:`fresh_first_call`'s sequence, a new process per run, interleaved, the store filled by two untimed
runs of seeds 1 and 2, CPU of the timed call). The store-loaded first count in a fresh process. Where it went at the
start (linear 2-1-2, inclusive thread CPU of wrappers, 7 processes, 21:30 UTC, load 10): 3.8-4.0 ms: the store load
1.46-1.52 (the file 0.29-0.32, the key 0.08-0.11, the family 0.26-0.28, the tapes 0.68-0.72: their unpacking and
index checks 0.16, the exact tape's identity check 0.41-0.43 with its numpy reference 0.26-0.28), the estimate's
shape 0.17-0.18, the warm call 1.34-1.47 (tracking 0.59-0.65, certification 0.47-0.52), the rest of ``ed_degree``
0.5. What changed. (1) ``structure_store.py`` split by concern (604 -> 516 lines; a record's loading checks in
``structure_load.py``). (2) The tapes' index and identity checks run once per record and code
(:mod:`algnet.analyses.critical.tape_stamp`): the process that runs them writes a stamp into the record (a SHA-256
of the record's arrays and the checked tapes' fields, the Python and numpy versions, size and modification time of
the algnet modules whose code ran in the checks -- traced with ``sys.setprofile``, 21 for linear 2-1-2 -- and of the
modules their globals name); a load whose stamp holds takes the tapes without the checks (the same verdict on the
same bytes with the same code) and confirms the batched program as the check did; a tape changed even with the
record's checksum recomputed, an edited module or another numpy fails the stamp, the checks run and the stamp is
renewed (tests/test_critical_tape_stamp.py; the tampering tests of test_critical_tape_store.py pass unchanged). The
first load stamps the tapes it writes. (3) The arrays' digest from the record's bytes (``load_record(digest=True)``).
The tapes' restore 0.67-0.72 -> 0.13-0.21 ms (the stamp's test 0.04-0.07). Fresh A/B, min / median CPU ms: after
(2)-(3), 24 rounds, 22:14-22:24 UTC, load 9-11: linear 2-1-2 2.88 / 3.88 -> 2.25 / 3.29, dense 2-1-1 r=3 2.89 /
4.09 -> 3.20 / 3.72; after (2) without (3), 20 rounds, 22:02-22:12 UTC, load 10-12: 2.98 / 4.02 -> 2.87 / 3.73,
3.00 / 4.22 -> 3.04 / 4.00; the first version, 20 rounds, 21:49-21:58 UTC, load 12-14: 3.16 / 4.21 -> 2.91 / 3.92,
3.37 / 4.44 -> 3.45 / 4.33 (the minima move by +-0.3 ms between runs of one tree at this load; the medians fell 0.2-0.6
in every run). The checks skipped unconditionally (an experiment, not kept: no guarantee), 16 rounds: 3.28 / 4.24 ->
2.57 / 3.71 on linear 2-1-2 -- about what (2) gives. Per process the modules' stats are taken once (the code a
process runs is the code it imported), so here the warm-up's structure pays most of them; a command line's only count
pays all (about 0.1 ms). Counts: every run 6 and 7, every point certified, every timed run loaded.

``--quick`` with Macaulay2 (CPU seconds, ratio = Macaulay2 / algnet; 71202fd 22:25-22:27 UTC, this tree 22:27-22:29
UTC, load 9-11; fresh columns the best of 3 rounds):

================  =======  ======  ==============  ===========  ===============  ===============  ================
case              tree     M2      warm (median;   in-process   fresh, store     fresh, empty     fresh, first
                                   best-of-3)      cold         (loaded)         store (solved)   call [bytecode]
================  =======  ======  ==============  ===========  ===============  ===============  ================
linear 2-1-2      71202fd  0.0160  0.0019; 0.0012  0.0077       0.0027 (5.8x)    0.0102 (1.57x)   0.071 (0.23x)
                                                                                                  [0.029 (0.55x)]
linear 2-1-2      this     0.0171  0.0015; 0.0011  0.0061       0.0029 (5.8x)    0.0100 (1.71x)   0.080 (0.21x)
                                                                                                  [0.030 (0.57x)]
dense 2-1-1 r=3   71202fd  0.0201  0.0021; 0.0016  0.0075       0.0031 (6.5x)    0.0092 (2.18x)   0.082 (0.25x)
                                                                                                  [0.037 (0.54x)]
dense 2-1-1 r=3   this     0.0246  0.0021; 0.0014  0.0059       0.0034 (7.2x)    0.0096 (2.57x)   0.084 (0.29x)
                                                                                                  [0.036 (0.68x)]
conv k=2,2 r=2    71202fd  0.346   0.0044; 0.0046  0.0145       0.0097 (35.5x)   0.0218 (15.9x)   0.100 (3.47x)
                                                                                                  [0.053 (6.50x)]
conv k=2,2 r=2    this     0.448   0.0059; 0.0056  0.0185       0.0080 (56.0x)   0.0212 (21.1x)   0.097 (4.63x)
                                                                                                  [0.048 (9.36x)]
================  =======  ======  ==============  ===========  ===============  ===============  ================

(every count the theorem's, every "fresh, store" run loaded, every "fresh, empty" run solved. The fresh columns'
best of 3 rounds cannot resolve 0.3-0.6 ms at this load: the interleaved runs above are the measurement; the first
"fresh, store" round is the entry's first load, which records, checks and stamps the tapes.) NOT met: 10x Macaulay2
for the store-loaded first count of the two tiny cases: 2.25 / 3.20 ms (A/B minima) against Macaulay2's 16-17 / 20-25
ms, 7.1-7.6x / 6.3-7.7x. Left (linear 2-1-2, the final tree, 22:35 UTC, load 12, wrappers): the warm call 1.6 (its
tracking 0.7, certification 0.6), the store's file 0.36, the family 0.29 (``warm._structure_family``), the estimate's
shape 0.2 (the parameter degree 0.12), the network's lazy build 0.2, the key 0.1, the rest of ``ed_degree`` 0.4.

2026-12-05 22:55-23:25 UTC (load 1.5-3.5; A/B against 1839bd8, :func:`fresh_first_call`'s sequence, a new process per
run, interleaved, each tree's own store filled by untimed runs of seeds 1 and 2). The record now holds the network's
parameter degree (``degree``); a loaded structure's size estimate takes it (the estimate asks the route, which loads
the structure, before its shape) and the recorded circle sizes are held to it, so a loading process does not compute
it (per phase, linear 2-1-2, 8 interleaved runs each, thread CPU of wrappers: the degree 0.074 / 0.083 ms min /
median -> not run, the estimate's shape 0.144 / 0.155 -> 0.069 / 0.087). Fresh A/B, min / median CPU ms, 24 rounds,
23:18-23:22 UTC: linear 2-1-2 2.27 / 2.98 -> 2.08 / 2.64, dense 2-1-1 r=3 2.39 / 2.93 -> 2.29 / 2.89; an earlier
24-round run of the same change (with the next item) at 23:13-23:17 gave 2.33 / 3.48 -> 2.48 / 3.44 and 2.73 / 3.53
-> 2.61 / 3.40: 0.1 ms is below what these runs resolve. Tried, not kept: the record's arrays as views of one aligned
copy (``load_record`` 0.185 -> 0.199 ms median in a new process: no gain). Counts every run 6 and 7, every timed run
loaded (certified counts: tests/test_critical_recorded_degree.py). NOT met: 10x Macaulay2 (16-25 ms) needs
1.6-2.5 ms. Left (linear 2-1-2, per phase, load 2-3): the warm call 1.1-1.5 (with finer wrappers: tracking 0.7-1.0,
certification 0.8-1.0, the endpoints' purity and images, ``warm_views._pure_on_slice``, 0.2-0.4), the store's read 0.3-0.35 (``load_record``
0.18), the family 0.19-0.24 (``multihom.layered_family`` 0.18), the network's lazy build 0.2 (``n_params``: first
asked by ``warm._key`` / the estimate), the class's source files 0.06-0.14 (``structure_store._class_sources``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REF_TIMEOUT = 120
SEEDS = 10           # auto route: the median CPU time of one certified call over seeds 0 .. SEEDS - 1
REPEATS = 3          # each side: the fastest of 3 runs (CPU time), a loaded machine disturbs single runs
CASES = ["linear 2-1-2", "dense 2-1-1 r=3", "conv k=2,2 r=2", "linear 3-1-3", "conv k=2,3 r=2",
         "conv k=3,2 r=2", "conv k=2,2,2 r=2"]
QUICK = CASES[:3]
ALGNET_ONLY = {"conv k=2,2,2 r=2"}     # Macaulay2 did not finish conv k=3,2 in REF_TIMEOUT
TD_MAX_PATHS = 700                     # a small-system route is timed where its Bezout number is at most this
ROUTES = ("monodromy", "total degree", "multihomogeneous")
KEYS = {"monodromy": "mono", "total degree": "td", "multihomogeneous": "mh"}


def coefficient_polynomials(net, pinned=()):
    """The coefficients of the outputs as polynomials in the parameters (strings, M2 syntax),
    with the ``pinned`` parameters set to 1."""
    ctx, polys = net.expand()
    n = net.n_params
    names = [f"t{i}" for i in range(n)]
    out = []
    for f in polys:
        groups: dict = {}
        for exps, coeff in f.to_dict().items():
            groups.setdefault(tuple(exps[n:]), []).append((exps[:n], coeff))
        for key in sorted(groups):
            terms = []
            for e, c in groups[key]:
                mono = "*".join(f"{names[i]}^{k}" for i, k in enumerate(e) if k and i not in pinned)
                terms.append(f"({c})" + (f"*{mono}" if mono else ""))
            out.append(" + ".join(terms))
    return names, out


def m2_script(net, gauge, seed):
    rng = np.random.default_rng(seed)
    names, cs = coefficient_polynomials(net, set(gauge))
    m = len(cs)
    A = rng.integers(-3, 4, size=(m, m))
    Q = A @ A.T + np.eye(m, dtype=int)
    u = rng.integers(-5, 6, size=m)
    free = [names[i] for i in range(net.n_params) if i not in gauge]
    lines = [f"R = QQ[{', '.join(free)}];", "c = {" + ", ".join(cs) + "};"]
    lines.append(f"Q = matrix {{{', '.join('{' + ', '.join(map(str, r)) + '}' for r in Q)}}};")
    lines.append(f"u = matrix {{{', '.join('{' + str(x) + '}' for x in u)}}};")
    lines.append("v = transpose(matrix {c}) - u; L = (transpose(v) * Q * v)_(0,0);")
    # timed: the critical ideal and the rank-drop minors from the coefficients (algnet's side also starts
    # from the network), the saturation and the degree
    lines.append("c0 = cpuTime(); t = elapsedTiming (I = ideal jacobian ideal L; "
                 f"D = minors({len(free)}, jacobian matrix {{c}}); Isat = saturate(I, D); d = degree Isat); c1 = cpuTime();")
    lines.append('print("RESULT " | toString d | " " | toString(t#0) | " " | toString(dim Isat) | " " | toString(c1 - c0));')
    lines.append("exit 0;")
    return "\n".join(lines)


def run_m2(net, gauge, seed=0):
    if shutil.which("M2") is None:
        return None, None, "M2 not installed", None
    script = m2_script(net, gauge, seed)
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "crit.m2"
        f.write_text(script)
        try:
            p = subprocess.run(["M2", "--script", str(f)], capture_output=True, text=True, timeout=REF_TIMEOUT)
        except subprocess.TimeoutExpired:
            return None, None, f"Macaulay2 did not finish in {REF_TIMEOUT} s", None
    for line in p.stdout.splitlines():
        if line.startswith("RESULT"):
            _, deg, secs, dim, cpu = line.split()
            return int(deg), float(secs), f"dim {dim}", float(cpu)
    return None, None, "M2 failed: " + (p.stderr.strip().splitlines() or ["?"])[-1], None


def _timed(f, *args, **kw):
    """(result, wall seconds, CPU seconds) of one call."""
    t0, c0 = time.perf_counter(), time.process_time()
    out = f(*args, **kw)
    return out, time.perf_counter() - t0, time.process_time() - c0


# a fresh process: import algnet (not timed, like Macaulay2's start-up), the untimed warm-up calls (numba imports
# and loads its cached kernels), then the first count of the case, timed like Macaulay2's cpuTime
FRESH_WARM_UP = "dense 2-1-1 r=2"      # not a case: its own structure, every route once
_FRESH = """
import json, sys, time
from algnet.analyses.critical import ed_degree
spec, warm_up, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
if warm_up:
    for m in ("monodromy", "total degree", "multihomogeneous", "auto"):
        ed_degree(warm_up, metric="generic", seed=0, method=m)
t0, c0 = time.perf_counter(), time.process_time()
r = ed_degree(spec, metric="generic", seed=seed)
c1, t1 = time.process_time(), time.perf_counter()
print(json.dumps({"cpu": c1 - c0, "wall": t1 - t0, "ed": r.ed_degree, "route": r.critical.route,
                  "loaded": "loaded from the cache" in r.critical.completeness}))
"""


def fresh_first_call(spec: str, cache_dir: str, warm_up: bool = True, seed: int = 0, pycache=None) -> dict:
    """The first ``ed_degree(spec, metric="generic", seed=seed)`` in a new Python process whose structure store is
    ``cache_dir`` (a dict: ``cpu``, ``wall`` seconds of the call alone, ``ed``, ``route``, ``loaded``: the
    structure came from the store); ``warm_up``: after the untimed calls of :data:`FRESH_WARM_UP` (numba and its
    kernels loaded), else the very first call of the process (what a command line pays after its imports).
    ``pycache``: a directory for the modules' bytecode (``PYTHONPYCACHEPREFIX``, ``PYTHONDONTWRITEBYTECODE``
    unset: compiled once, then read, as an installed package's), else the environment's setting (these sessions'
    sets ``PYTHONDONTWRITEBYTECODE``: every new process compiles the algnet modules it imports lazily)."""
    import json
    import os

    env = dict(os.environ, ALGNET_CACHE_DIR=str(cache_dir),
               PYTHONPATH=os.pathsep.join([str(Path(__file__).resolve().parent.parent)]
                                          + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    p = subprocess.run([sys.executable, "-c", _FRESH, spec, FRESH_WARM_UP if warm_up else "", str(seed)], env=env,
                       capture_output=True, text=True, timeout=600)
    if p.returncode:
        raise RuntimeError(f"fresh process for {spec!r} failed: {p.stderr[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def fresh_columns(specs, reps: int = REPEATS) -> dict:
    """Per spec, the least CPU over ``reps`` interleaved rounds (cached, empty, cached, empty, ...) of the first
    count in a fresh process (:func:`fresh_first_call`) with the structure store filled (``auto_fresh_cached_*``;
    filled once before, untimed) and with an empty one (``auto_fresh_empty_*``), and the very first call of a
    process with the store filled (``auto_fresh_first_cpu_s``: numba's import and kernel loading included; numba is
    not imported by a loaded structure's count since session 17) and the same with the modules' bytecode cached
    (``auto_fresh_first_bytecode_cpu_s``: :func:`fresh_first_call`'s ``pycache``, what an installed algnet pays)."""
    out = {}
    with tempfile.TemporaryDirectory() as filled, tempfile.TemporaryDirectory() as pycache:
        for spec in specs:
            # fills the store (untimed) with another seed: a structure's first count is solved at its own
            # parameters, which a timed call of the same seed would reach by a homotopy of length zero
            fresh_first_call(spec, filled, seed=1, pycache=pycache)     # (and compiles the bytecode)
        runs: dict = {spec: {"cached": [], "empty": [], "first": [], "first_bytecode": []} for spec in specs}
        for _ in range(reps):
            for spec in specs:
                runs[spec]["cached"].append(fresh_first_call(spec, filled))
                with tempfile.TemporaryDirectory() as empty:
                    runs[spec]["empty"].append(fresh_first_call(spec, empty))
                runs[spec]["first"].append(fresh_first_call(spec, filled, warm_up=False))
                runs[spec]["first_bytecode"].append(fresh_first_call(spec, filled, warm_up=False, pycache=pycache))
        for spec in specs:
            r = runs[spec]
            out[spec] = {
                "auto_fresh_cached_cpu_s": min(x["cpu"] for x in r["cached"]),
                "auto_fresh_cached_wall_s": min(x["wall"] for x in r["cached"]),
                "auto_fresh_empty_cpu_s": min(x["cpu"] for x in r["empty"]),
                "auto_fresh_empty_wall_s": min(x["wall"] for x in r["empty"]),
                "auto_fresh_first_cpu_s": min(x["cpu"] for x in r["first"]),
                "auto_fresh_first_bytecode_cpu_s": min(x["cpu"] for x in r["first_bytecode"]),
                "auto_fresh_loaded": [x["loaded"] for x in r["cached"]] + [x["loaded"] for x in r["empty"]],
                "auto_fresh_counts": sorted({x["ed"] for k in r for x in r[k]}),
            }
    return out


def _best(reps, *args, **kw):
    """(result, wall, CPU) of the run with the least CPU time among ``reps`` runs."""
    return min((_timed(*args, **kw) for _ in range(reps)), key=lambda t: t[2])


def main(quick: bool = False, skip_slow: bool = False, m2: bool = True, fresh: bool = True) -> list[dict]:
    import os

    # the structure store of this run: a temporary directory (the user's cache is neither read nor written)
    old = os.environ.get("ALGNET_CACHE_DIR")
    with tempfile.TemporaryDirectory() as d:
        os.environ["ALGNET_CACHE_DIR"] = d
        try:
            return _main(quick, skip_slow, m2, fresh)
        finally:
            if old is None:
                os.environ.pop("ALGNET_CACHE_DIR", None)
            else:
                os.environ["ALGNET_CACHE_DIR"] = old


def _main(quick, skip_slow, m2, fresh) -> list[dict]:
    from algnet import parse_spec
    from algnet.analyses.critical import ed_degree
    from algnet.analyses.critical.system import gradient_family
    from algnet.analyses.critical.loss import make_loss
    from algnet.analyses.critical.multihom import layered_plan
    from algnet.analyses.critical.equivariant import tracked_paths
    from algnet.analyses.critical.total_degree import bezout_paths

    from algnet.analyses.critical import warm
    from algnet.analyses.critical.structure_store import caching

    for method in ROUTES + ("auto",):   # warm-up (imports, first calls, numba's cached kernels)
        ed_degree("linear 2-1-2", metric="generic", seed=0, method=method)
    rows = []
    specs = QUICK if quick else [c for c in CASES if not (skip_slow and c in ALGNET_ONLY)]
    fresh_rows = fresh_columns([s for s in specs if s not in ALGNET_ONLY]) if fresh else {}
    for spec in specs:
        net = parse_spec(spec)
        reps = 1 if spec in ALGNET_ONLY else REPEATS
        rng = np.random.default_rng(0)
        fam = gradient_family(net, make_loss(net, "generic", rng=rng), rng)
        paths = bezout_paths(fam)
        plan = layered_plan(net, fam.n_vars)
        row = {"case": spec, "bezout_paths": paths, "multihomogeneous_paths": None if plan is None else plan.paths,
               # tracked: one per orbit where a layer's roots of unity act (algnet.analyses.critical.equivariant)
               "multihomogeneous_tracked": None if plan is None else tracked_paths(plan)}
        routes = (["monodromy"] + (["total degree"] if paths is not None and paths <= TD_MAX_PATHS else [])
                  + (["multihomogeneous"] if plan is not None and plan.paths <= TD_MAX_PATHS else []))
        for method in routes:
            r, a, acpu = _best(reps, ed_degree, net, metric="generic", seed=0, method=method)
            c = r.critical
            key = KEYS[method]
            row[f"{key}_cpu_s"], row[f"{key}_s"] = acpu, a
            row[f"{key}_count_cpu_s"] = None if spec in ALGNET_ONLY else _best(
                reps, ed_degree, net, metric="generic", seed=0, certify=False, method=method)[2]
            row[f"{key}_note"] = (f"{r.ed_degree} images (formula {r.formula}), {c.certified_distinct} certified, "
                                  f"{c.paths} paths, complete {c.complete}")
        # auto, cold: the first call of this structure (the structure-level solve of critical/warm.py, then the call)
        warm.clear_cache()
        with caching(False):        # solved in this process (not loaded from the structure store)
            r, _, row["auto_cold_cpu_s"] = _timed(ed_degree, net, metric="generic", seed=0)
        row.update(fresh_rows.get(spec, {}))
        row["auto_route"] = r.critical.route
        if spec not in ALGNET_ONLY:     # one seed's slice can be lucky or not: the median over SEEDS seeds, certified
            runs = [_timed(ed_degree, net, metric="generic", seed=s) for s in range(SEEDS)]
            per_seed = sorted(t[2] for t in runs)
            row["auto_cpu_s_median_seeds"] = per_seed[len(per_seed) // 2]
            row["auto_counts"] = sorted({t[0].ed_degree for t in runs})
            row["auto_routes"] = sorted({t[0].critical.route for t in runs})
            # the same, each seed the best of REPEATS calls (a burst of load during one ~3 ms call skews a median)
            best = sorted(_best(REPEATS, ed_degree, net, metric="generic", seed=s)[2] for s in range(SEEDS))
            row["auto_cpu_s_median_seeds_best3"] = best[len(best) // 2]
        if spec in ALGNET_ONLY or not m2:
            row["reference"] = "Macaulay2 not run"
            rows.append(row)
            continue
        gauge = gradient_family(net, make_loss(net, "generic", rng=rng), rng, slice="pinned").gauge
        runs = [run_m2(net, gauge)]
        if runs[0][3] is not None:     # finished: the fastest of REPEATS runs (a time-out is not repeated)
            runs += [run_m2(net, gauge) for _ in range(REPEATS - 1)]
        deg, secs, why, cpu = min(runs, key=lambda t: float("inf") if t[3] is None else t[3])
        row.update({"reference": "Macaulay2", "reference_s": secs, "reference_cpu_s": cpu,
                    "reference_note": f"M2 degree {deg} ({why})" if deg is not None else why})
        if cpu is not None and "auto_cpu_s_median_seeds" in row:
            row["auto_median_cpu_ratio"] = cpu / max(row["auto_cpu_s_median_seeds"], 1e-9)
            row["auto_median_best3_cpu_ratio"] = cpu / max(row["auto_cpu_s_median_seeds_best3"], 1e-9)
        for col in ("auto_fresh_cached_cpu_s", "auto_fresh_empty_cpu_s", "auto_fresh_first_cpu_s",
                    "auto_fresh_first_bytecode_cpu_s"):
            if cpu is not None and col in row:
                row[col.replace("_cpu_s", "_cpu_ratio")] = cpu / max(row[col], 1e-9)
        for key in KEYS.values():
            if cpu is not None and f"{key}_cpu_s" in row:
                row[f"{key}_cpu_ratio"] = cpu / max(row[f"{key}_cpu_s"], 1e-9)
                row[f"{key}_count_cpu_ratio"] = cpu / max(row[f"{key}_count_cpu_s"], 1e-9)
        rows.append(row)
    return rows


if __name__ == "__main__":
    import json

    print(json.dumps(main(quick="--quick" in sys.argv, skip_slow="--skip-slow" in sys.argv, m2="--no-m2" not in sys.argv,
                          fresh="--no-fresh" not in sys.argv),
                     indent=1, default=str))
