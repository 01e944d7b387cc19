"""`algnet degree SPEC --time-limit T`: the pilots that estimate the monodromy run take at most T seconds each
(before, dense 3-2-3 r=2 with T = 0.5-1 s was refused after a 2-s pilot had finished the whole search)."""

import pytest

from algnet import parse_spec
from algnet.analyses import degree_estimate as E
from algnet.errors import TooLargeError


@pytest.mark.parametrize("limit", [0.5, 1.0])
def test_the_pilots_stay_within_a_small_time_limit(monkeypatch, limit):
    budgets = []
    real_pilot, real_path = E.monodromy_pilot, E._pilot

    def pilot(net, dim, seed=0, seconds=E.PILOT_SECONDS, **kw):
        budgets.append(("search", seconds))
        return real_pilot(net, dim, seed=seed, seconds=seconds, **kw)

    def path(net, dim, seed, paths=3, budget=5.0):
        budgets.append(("paths", budget))
        return real_path(net, dim, seed, paths=paths, budget=budget)

    monkeypatch.setattr(E, "monodromy_pilot", pilot)
    monkeypatch.setattr(E, "_pilot", path)
    try:        # allowed or refused by the load-dependent estimate; either way within the limit's pilots
        E.check_monodromy_estimate(parse_spec("dense 3-2-3 r=2"), 0, limit, "")
    except TooLargeError as e:
        assert "above the time limit" in e.message
    assert {kind for kind, _ in budgets} == {"search", "paths"}      # the Bezout worst case is too long: both ran
    assert all(b <= limit for _, b in budgets), budgets
