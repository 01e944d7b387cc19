"""A second slice cut short keeps the first slice's points (algnet.analyses.critical.slice_solve._another_slice).

Seen (2026-12-05): `ed_degree("conv k=2,2,2 s=2,2,1 r=2", metric="bombieri", time_limit=...)` found 64 points on
a first slice whose trace test failed; the second slice, stopped by the time limit with no point, replaced them:
the answer came back as ED degree 0. Checked here with stand-ins for the two monodromy runs."""

from types import SimpleNamespace

import numpy as np

from algnet.analyses.critical import slice_solve
from algnet.homotopy.monodromy.options import MonodromyResult


def _res(k, partial, paths):
    return MonodromyResult(solutions=np.ones((k, 2), complex), keys=np.ones((k, 1), complex), parameters=np.ones(1),
                           loops=1, paths=paths, path_failures={}, stop_reason="test", trace=None, seed=0,
                           seconds=0.0, partial=partial)


def _run(monkeypatch, res2, tr2):
    fam2 = SimpleNamespace(trace_line="trace 2")
    monkeypatch.setattr(slice_solve, "gradient_family", lambda *a, **k: fam2)
    monkeypatch.setattr(slice_solve, "solve_slice", lambda *a, **k: (res2, "p02", tr2))
    fam1, res1, failed = SimpleNamespace(trace_line="trace 1"), _res(64, False, 500), SimpleNamespace(passed=False)
    return slice_solve._another_slice(None, None, None, 3, fam1, res1, "p01", failed, False, None), fam1, fam2


def test_an_interrupted_second_slice_with_fewer_points_keeps_the_first(monkeypatch):
    (fam, res, p0, tr), fam1, _ = _run(monkeypatch, _res(0, True, 40), None)
    assert fam is fam1 and p0 == "p01" and res.solutions.shape[0] == 64
    assert res.partial and res.paths == 540          # cut short: a lower bound, with the paths of both runs


def test_a_second_slice_whose_trace_test_passed_is_taken(monkeypatch):
    (fam, res, p0, tr), _, fam2 = _run(monkeypatch, _res(60, False, 300), SimpleNamespace(passed=True))
    assert fam is fam2 and p0 == "p02" and res.solutions.shape[0] == 60 and not res.partial and res.paths == 800


def test_an_interrupted_second_slice_with_more_points_is_taken(monkeypatch):
    (fam, res, p0, tr), _, fam2 = _run(monkeypatch, _res(70, True, 300), None)
    assert fam is fam2 and res.solutions.shape[0] == 70 and res.partial
