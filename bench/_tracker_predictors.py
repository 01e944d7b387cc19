"""Series and Hermite predictors against RK4: tried, not adopted, removed (a record; no code runs here).

Sessions 10-11 measured them with ``run_predictors`` here (``python bench/bench_tracker.py --predictors``):
``TrackerOptions.predictor`` "taylor", "pade", "pade2" (``predictor_order`` K) and "hermite3", "hermite",
"hermite7" in the path-batched kernel (``algnet/homotopy/series_step.py``, ``series_blocks.py``,
``hermite_step.py``). All lost to RK4 (0.45-0.95x the paths per CPU second, below), and both were compiled into
the batched kernel whether used or not, so session 12 removed them with their tests
(``tests/test_series_predictor.py``, ``tests/test_hermite_predictor.py``); the code is in the history, at
commit 499fd38 (``git show 499fd38:algnet/homotopy/hermite_step.py`` etc.). Compile cost measured at the
removal: see "Removal" at the end.

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

Hermite extrapolation predictors (``TrackerOptions.predictor`` "hermite3",
"hermite" (quintic), "hermite7"; :mod:`algnet.homotopy.hermite_step`; session
11, 2026-12-03): no evaluation at all in the prediction, the Hermite
interpolant through the path's last 2, 3 or 4 accepted points and their
corrector-refined velocities, extrapolated to t + h (local error O(h^4),
O(h^6), O(h^8)), then the corrector as with RK4. Measured with
:data:`HERMITE_VARIANTS` (1,024 paths per system, ``track`` one thread,
process CPU, best of 3 interleaved in one process, 17:39-17:40 UTC, load
3.5-3.9; per system RK4's CPU us per path, steps and full + light
evaluations per path (endpoint refinement included), then for each
predictor the ratio of paths per CPU second to RK4's, steps, full + light):

==========================  ===================  ====================  ====================  ====================
system                      rk4: us, st, ev      hermite3              hermite (quintic)     hermite7
==========================  ===================  ====================  ====================  ====================
linear 3-1-3                57 12.9 45+26        0.45 48.8 60+48       0.49 37.3 51+37       0.50 35.3 52+35
conv k=2,3 r=2              68 20.9 67+41        0.53 58.3 69+58       0.56 45.2 57+46       0.54 43.3 58+45
conv k=3,3 r=2              80 14.4 51+28        0.51 45.4 57+45       0.55 36.3 52+36       0.50 35.1 54+36
linear 4-2-4                344 23.9 81+48       0.45 98.3 111+98      0.54 74.8 91+73       0.57 70.5 91+69
dense 3-2-2 r=2             237 28.2 93+55       0.61 88.0 100+87      0.51 67.5 84+66       0.48 63.8 84+63
conv k=2,2,2 r=2            167 26.9 88+54       0.64 71.9 82+72       0.72 55.2 70+56       0.73 52.7 71+54
dense 3-2-3 r=2             466 25.6 88+51       0.61 83.0 96+83       0.79 67.3 86+67       0.68 65.7 88+66
linear 6-2-4                607 18.7 68+38       0.55 74.3 87+75       0.58 58.5 77+58       0.59 56.5 80+57
==========================  ===================  ====================  ====================  ====================

After merging main with evalcost's kernels (18:16, load 4.4-4.5, rk4 against hermite only, same
protocol): linear 4-2-4 0.53x, dense 3-2-2 0.73x, dense 3-2-3 0.52x, linear 6-2-4 0.56x, the same counts.
So not adopted (0.45-0.79x; RK4 stays the default). A Hermite step costs
about half an RK4 step (linear 6-2-4: 17 against 30 us of CPU, 1.3 full
and 1.0 light evaluations against 3.4 full and 1.9 light), so it would
win with fewer than about twice RK4's steps; it takes 2.0-3.1x (quintic)
and 2.7-4.1x (cubic). The order is not what limits it: the weights
reproduce polynomials of degree 2p - 1 and the error falls as h^(2p)
(tests/test_hermite_predictor.py), but the path's radius of convergence
in t is about 0.07-0.2 (see the series predictors above) against RK4's
mean step of 0.035-0.08, and an extrapolation over h from nodes spaced
about h behind is only accurate for h well inside that radius (the error
of the quintic is x^(6) / 720 h^2 (2h)^2 (3h)^2 ~ 36 (h / R)^6), where RK4,
sampling the vector field at t + h/2 and t + h, keeps its accuracy: the
quintic takes only 19-24% fewer steps than the cubic, and the septic
3-6% fewer than the quintic. Measured inside RK4's
own steps (a shadow quintic prediction from the history at each accepted
RK4 step, 256 paths per system, not kept): the step the quintic could
take at RK4's error, (e_RK4 / e_Hermite)^(1/6) times RK4's, averaged
0.25-0.47 over the eight systems, and was at least the break-even 0.52 in
2-32% of the steps (linear 3-1-3 2%, linear 4-2-4 4%, linear 6-2-4 6%,
dense 3-2-3 8%, conv k=3,3 9%, conv k=2,3 12%, dense 3-2-2 22%, conv
k=2,2,2 32%), rarely by much: a per-step choice between the two would gain
little. Variants: RK4 until a path has all the points its predictor needs
(``hermite_step.FULL_HISTORY_ONLY``, kept) against the lower-order
interpolant through the points it has: 3-5% fewer steps, the same
evaluations. The same statuses as RK4 on all 8,192 paths and endpoints
within 2e-11 of RK4's (7.7e-10 on conv k=2,2,2); on the 1,800 close paths
(tests/test_homotopy.py's close-path segments, seeds 0-99, eps 1e-9 and
1e-6, blocks of 32) every predictor ends every path where the tight
tracking does (RK4 111.0 evaluations a path, hermite 84.5, hermite3 81.6,
hermite7 95.9: these n = 2 paths are smooth); degrees
(``degree(spec, method="monodromy", seed=0, fiber=False, certify=False)``
with ``predictor="hermite"`` in the route's tracker options): all eight
unchanged, the same path counts within 3 (linear 3-1-3 55 against 52).
Offline, along exact points of 48 paths of dense 3-2-2 (numpy, uniform steps h, relative local error
of the prediction at the next grid point, median / 90th percentile): h = 0.05: RK4 4.7e-5 / 1.0e-2, cubic
Hermite 1.2e-2 / 0.75, quintic 7.8e-3 / 3.2; h = 0.025: RK4 1.7e-6 / 5.5e-4, cubic 9.2e-4 / 8.9e-2, quintic
1.6e-4 / 0.22. A two-step variant with one velocity evaluation (the Hermite extrapolation to t + h, the
velocity there, then the degree-4 (degree-6 from three points) interpolant with that derivative; about 0.6 of
an RK4 step's cost): h = 0.05 8.7e-4 / 0.22 (8.5e-4 / 0.65), h = 0.025 3.0e-5 / 1.1e-2 (5.4e-6 / 2.9e-2);
with the velocity at t + h/2 worse (1.7e-3, 6.6e-5 medians): at RK4's error the three-point variant's steps
would be about 0.64x RK4's (median; its tails 50-100x RK4's), so no gain at 0.6 of the cost; not built.
The cubic Hermite predictor had been tried before in the path-by-path
kernel with a fixed predictor tolerance (:mod:`algnet.homotopy.kernels`,
item (5)): 2.5-4x the steps then, as now with the contraction step control.

Removal (session 12, 2026-12-03, 20:03-20:28 UTC, load 4.7-6.1, the full test suite running beside):
process CPU of the first ``track`` of 16 paths of x^2 = p (engine "compiled", one thread) in a fresh
process with a fresh numba cache (``NUMBA_CACHE_DIR=$(mktemp -d)``), main 499fd38 against the removal, one
run each in turn: path by path (``block=1``: the one-path and endpoint kernels) 17.8 / 17.2 s, then the
batched kernel (``block=2``) 80.4 / 82.6 s; the batched kernel first (with the endpoint kernels) 86.3 / 86.5 s.
So no compile time measurable at this load (+-15%): the predictors were separate njit functions, compiled
once each, not inlined into the batched kernel. The RK4 tracking is the same bit for bit (endpoints, steps,
rejections and evaluations of 256 paths of dense 3-2-2 and linear 3-1-3).
"""
