"""A trace test vouches for no count on an empty set or on a run cut short (Ctrl-C, the time limit): never "passed"
in the result's fields, its JSON or its printed text."""

import json

import numpy as np
import pytest

from algnet.analyses.critical import critical_points, solve
from algnet.analyses.critical.results import CriticalResult
from algnet.homotopy.monodromy.examples import example_family
from algnet.homotopy.monodromy.trace import trace_test


def _result(**kw):
    base = dict(spec="linear 2-1-2", loss="generic", critical_points=0, function_space_points=0, pure=0, spurious=0,
                real=0, minima=0, saddles=0, maxima=0, degenerate=0, positive_dimensional=(), certified=0,
                certified_distinct=0, certified_real=0, method="monodromy", completeness="trace test passed",
                trace_test_residual=1e-14, trace_test_passed=True, paths=10, loops=2, path_failures={}, dimension=4,
                gauge="", seed=0, seconds=1.0, partial=False)
    base.update(kw)
    return CriticalResult(**base)


def _says_passed(r):
    """The fields, the JSON and the printed completeness line: does any read as a passed trace test?"""
    d = r.as_dict()
    line = r.summary().split("completeness: ")[-1]
    return bool(r.trace_test_passed or r.trace_test_outcome or d["trace_test_passed"] or d["trace_test_outcome"]
                or not line.startswith("no trace test") or not d["completeness"].startswith("no trace test")
                or "passed" in d["trace_test"].split(":")[0])


def test_empty_set_fails_the_trace_test():
    # x^2 = p has two roots: no root at all is not its solution set, whatever the residual of an empty sum
    fam = example_family("square").family
    assert not trace_test(fam, np.zeros((0, 1)), np.array([4.0 + 1j]), seed=0).passed
    assert trace_test(fam, np.array([[2.0], [-2.0]]), np.array([4.0]), seed=0).passed


@pytest.mark.parametrize("kw", [dict(), dict(partial=True, partial_reason="time limit reached"),
                                dict(critical_points=3, generic_pure_images=3, partial=True,
                                     partial_reason="time limit reached"),
                                dict(critical_points=3, generic_pure_images=3, partial=True)])
def test_no_pass_behind_an_empty_or_cut_short_count(kw):
    r = _result(**kw)
    assert r.trace_test_passed is None and r.trace_test_outcome is None and r.complete is not True
    assert not _says_passed(r)
    assert r.completeness.startswith("no trace test stands behind this count")
    assert r.as_dict()["trace_test_passed"] is None and not r.trace_test.startswith("this count: passed")


def test_a_complete_count_still_passes():
    r = _result(critical_points=6, generic_pure_images=6, function_space_points=6, pure=6)
    assert r.trace_test_passed is True and r.complete is True and r.completeness == "trace test passed"


def test_run_cut_short_after_the_trace_test(monkeypatch):
    # the time limit (an interrupt) hits after the generic solve passed its trace test: no point at the target;
    # the generic target's points are reported as a lower bound (the generic ED degree 6 of 2 x 2 rank-1
    # matrices), and nothing reads as a trace test standing behind that count
    def stop(*a, **k):
        raise KeyboardInterrupt
    monkeypatch.setattr(solve, "_classify_at_target", stop)
    r = critical_points("linear 2-1-2", loss="generic", seed=0, method="monodromy", spurious=False, strata=False)
    assert r.partial and r.critical_points == 6
    assert r.trace_test_passed is None and r.trace_test_outcome is None
    d = r.as_dict()
    assert not d["trace_test_passed"] and not d["trace_test_outcome"]
    for text in (d["completeness"], r.summary().split("completeness: ")[-1]):
        assert text.startswith("stopped before the classification") and "no trace test stands behind" in text
