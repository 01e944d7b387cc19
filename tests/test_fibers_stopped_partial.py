"""A fiber count that the time budget stops is partial, with exit status 3 (documented contract: README "Exit
statuses", docs/howto.md "bound"): the monodromy search, or the Groebner check mod p after a failed trace test. A
check cut after a search that ended by its own stopping rule where the trace test says nothing (one image point)
leaves that count, numerical; a check stopped by its own cap while budget is left is no stop of the run. Truth: the
step is made to outlast the budget (a count that never returns by itself)."""

import time

import pytest

from algnet import parse_spec
from algnet.analyses import fibers_modular
from algnet.analyses.fibers import identifiability
from algnet.cli import main

CONV = parse_spec("conv k=2,2 r=1")        # 2 points over mu(theta_0) (Groebner mod p: tests/test_fibers_modular.py)


def _asleep(*args, **kwargs):
    time.sleep(60)      # interrupted by the wall-clock cap


def _busy(*args, **kwargs):
    while True:         # interrupted by the CPU cap
        pass


def test_no_budget_left_for_the_check_is_a_stop():
    count, modular, primes, note, stopped = fibers_modular._modular_check(CONV, [2, 3, 5, 7], (0,), 1, 1, 0.05, False)
    assert (count, modular, primes, stopped) == (1, None, (), True) and "no time left" in note


def test_the_check_stopped_by_the_budget_is_a_stop(monkeypatch):
    monkeypatch.setattr(fibers_modular, "_modular_counts", _asleep)
    count, modular, _, note, stopped = fibers_modular._modular_check(CONV, [2, 3, 5, 7], (0,), 1, 1, 0.3, False)
    assert (count, modular, stopped) == (1, None, True) and "did not finish in 0.3 s" in note


def test_the_check_stopped_by_its_own_cap_with_budget_left_is_no_stop(monkeypatch):
    monkeypatch.setattr(fibers_modular, "_modular_counts", _busy)
    monkeypatch.setattr(fibers_modular, "MODULAR_CHECK_CPU", 0.3)
    count, modular, _, note, stopped = fibers_modular._modular_check(CONV, [2, 3, 5, 7], (0,), 1, 1, 100.0, False)
    assert (count, modular, stopped) == (1, None, False) and "did not finish in 0.3 CPU s" in note
    _, _, _, _, stopped = fibers_modular._modular_check(CONV, [2, 3, 5, 7], (0,), 1, 1, None, False)
    assert stopped is False


@pytest.mark.parametrize("json_out", [False, True])
def test_a_homotopy_count_whose_check_the_budget_stops_is_numerical_exit_0(monkeypatch, capsys, json_out):
    # dense 2-2-2 r=2: one image point, so the trace test cannot show the count complete and the check mod p
    # follows; when the search ended by its stopping rule, a check cut by the budget leaves that count (numerical,
    # exit 0: tests/test_fibers_check_not_finished.py); a stop of the search itself (a slow machine) is partial
    monkeypatch.setattr(fibers_modular, "_modular_counts", _asleep)
    res = identifiability("dense 2-2-2 r=2", seed=0, method="homotopy", max_seconds=4)
    searched = "did not finish" in res.count_method
    assert res.partial is not searched and res.evidence.partial is not searched and not res.count_certified
    assert res.fiber_count >= 1 and res.count_status == ("numerical" if searched else "lower bound")
    argv = ["fibers", "dense 2-2-2 r=2", "--method", "homotopy", "--max-seconds", "4", "--seed", "0"]
    code = main(argv + (["--json"] if json_out else []))
    out = capsys.readouterr().out
    searched = "did not finish" in out
    assert code == (0 if searched else 3)
    assert (('"partial": true' in out) if json_out else out.startswith("PARTIAL (stopped early)")) is not searched
