"""Series and Hermite predictors against RK4: tried, not adopted, removed (a record; no code runs here).

Measured on 2026-12-03 with ``run_predictors`` here (``python bench/bench_tracker.py --predictors``):
``TrackerOptions.predictor`` "taylor", "pade", "pade2" (``predictor_order`` K) and "hermite3", "hermite",
"hermite7" in the path-batched kernel (``algnet/homotopy/series_step.py``, ``series_blocks.py``,
``hermite_step.py``). All lost to RK4 (0.45-0.95x the paths per CPU second, below), and both were compiled into
the batched kernel whether used or not, so they were removed (2026-12-03 20:48 UTC) with their tests
(``tests/test_series_predictor.py``, ``tests/test_hermite_predictor.py``); the code is in the history, at
commit 499fd38 (``git show 499fd38:algnet/homotopy/hermite_step.py`` etc.). Compile cost measured at the
removal: the last entry of the history.

Measurements and what they decided, by date: ``bench/HISTORY.md``, section ``bench/_tracker_predictors.py``.
"""
