"""bench/_tracker_steps.py: the step recorder counts what the tracker reports, and the greedy oracle reaches t = 1."""

import importlib.util
from pathlib import Path

import numpy as np


def _bench():
    path = Path(__file__).resolve().parent.parent / "bench" / "_tracker_steps.py"
    spec = importlib.util.spec_from_file_location("bench_tracker_steps_t", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _system(N):
    from _tracker_common import paths_and_target, slicing_family

    fam, _ = slicing_family("linear 3-1-3")
    return (fam,) + paths_and_target(fam, N)


def test_recorder_counts_the_steps_the_tracker_reports():
    from algnet.homotopy import tracker as T

    bench = _bench()
    before = (T._correct, T._step_tolerance)
    fam, X, P0, P1 = _system(12)
    res, rec = bench.record_steps(fam, X, P0, P1)
    assert (T._correct, T._step_tolerance) == before          # the wrappers are removed
    assert res.count("success") == 12
    ok = np.array([r[2] for r in rec.rows])
    assert ok.sum() == res.steps.sum() and (~ok).sum() == res.rejected.sum()
    h = bench.histogram(rec)
    assert sum(h[f"accepted {k} it"] for k in (1, 2, 3)) == res.steps.sum()
    assert sum(h[f"rejected {k} it"] for k in (1, 2, 3)) == res.rejected.sum()
    # a path's first step has no target; every later accepted step after an accepted one has one
    assert sum(h["ratio accepted"]) <= res.steps.sum() - 12


def test_oracle_reaches_the_end_of_a_path():
    bench = _bench()
    fam, X, P0, P1 = _system(1)
    steps, tries, off, reached = bench.oracle_path(fam, P0[0], P1[0], X[0])
    assert reached and 1 <= steps < tries


def test_light_fourth_stage_variant_tracks_to_the_same_endpoints():
    from algnet.homotopy import tracker as T

    bench = _bench()
    fam, X, P0, P1 = _system(12)
    ref, _ = bench.record_steps(fam, X, P0, P1)
    orig = T._rk4
    with bench.predictor(bench.light_k4(2)):
        assert T._rk4 is not orig
        res, _ = bench.record_steps(fam, X, P0, P1)
    assert T._rk4 is orig
    assert res.status == ref.status and np.max(np.abs(res.x - ref.x)) < 1e-8
    # two factorizations a step instead of three: fewer full evaluations, more light ones
    assert res.evaluations - res.light_evaluations < ref.evaluations - ref.light_evaluations
    assert res.light_evaluations > ref.light_evaluations
