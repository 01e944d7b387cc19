"""A Hilbert function run under a time limit stops there (marked partial): it must not announce the estimate of
the whole run as "starting a long computation" (the degree route's cross-check, capped at a few seconds, printed
"4.4 min of CPU" for the pieces up to degree 6 of 'layers Linear(3,2), Power(2), Linear(2,1),
Residual([Linear(1,1), Power(2)])'). Without a time limit the same estimate is announced (the user sees it before
the wait). The estimate is made large here by hand so that a small network shows the rule quickly."""

import logging

import pytest

from algnet import parse_spec
from algnet.analyses.hilbert import hilbert_function
from algnet.analyses.hilbert.engine import GradedEngine

SPEC = "linear 3-1-2"          # not dominant: the graded pieces' ranks are computed, with their size checks


@pytest.fixture
def long_estimate(monkeypatch):
    real = GradedEngine.estimate

    def estimate(self, max_degree, first=0, per_piece=0.0):
        est = dict(real(self, max_degree, first, per_piece))
        est["seconds"] = 1e4          # far above the announcement threshold
        return est
    monkeypatch.setattr(GradedEngine, "estimate", estimate)


def _notices(caplog):
    return [r.getMessage() for r in caplog.records if "starting a long computation" in r.getMessage()]


def test_a_run_stopped_by_its_time_limit_announces_no_long_computation(caplog, long_estimate):
    caplog.set_level(logging.WARNING)
    hilbert_function(parse_spec(SPEC), up_to=4, seed=0, until_stable=True, time_limit=600)
    assert _notices(caplog) == []


def test_the_same_estimate_without_a_time_limit_is_announced(caplog, long_estimate):
    caplog.set_level(logging.WARNING)
    hilbert_function(parse_spec(SPEC), up_to=4, seed=0, until_stable=True)
    assert _notices(caplog)
