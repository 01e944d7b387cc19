"""A small guarded count runs with Python's cyclic garbage collection paused (estimate.gc_paused), and only a small
one: a large or lower-bound estimate keeps the collector on; the collector's state is restored after every run."""

import gc

import pytest

from algnet import parse_spec
from algnet.analyses.critical import ed_degree, solve
from algnet.analyses.critical.estimate import _small, critical_estimate


def _seen_inside(monkeypatch):
    seen = []
    real = solve._warm_route

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(solve, "_warm_route", spy)
    return seen


def test_a_small_count_pauses_the_collector_and_resumes_it(monkeypatch):
    seen = _seen_inside(monkeypatch)
    assert gc.isenabled()
    r = ed_degree("linear 2-1-2", metric="generic", seed=3)
    assert seen == [False] and gc.isenabled()
    assert r.ed_degree == 6 and r.critical.certified_distinct == 6 and not r.critical.partial


def test_a_collector_switched_off_by_the_caller_stays_off(monkeypatch):
    seen = _seen_inside(monkeypatch)
    gc.disable()
    try:
        assert ed_degree("dense 2-1-1 r=3", metric="generic", seed=1).ed_degree == 7
        assert seen == [False] and not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("spec, small", [("linear 2-1-2", True), ("conv k=2,2 r=2", True),
                                         ("linear 4-2-4", False),        # 640 paths estimated, 1.7 s
                                         ("conv k=2,2,2 r=2", False),    # 404 points
                                         ("dense 3-2-3 r=2", False)])    # the estimate is a lower bound (1 point)
def test_only_small_estimates_from_a_theorem_pause(spec, small):
    assert _small(critical_estimate(parse_spec(spec), "generic", classify=False)) is small
    assert _small(None) is False


# gc_paused itself (restored after an exception, a caller's off state kept): tests/test_kernel_gc_pause.py
