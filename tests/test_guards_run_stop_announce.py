"""A long run is announced (a warning with its estimate) only when it has no stop of its own: the caller's time
limit, given to the guard, or a time cap armed around it."""

from __future__ import annotations

import logging

from algnet.guards import ANNOUNCE_SECONDS, check_resources, time_cap


def _announced(caplog, **kwargs) -> bool:
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="algnet"):
        check_resources("a long step", seconds=10 * ANNOUNCE_SECONDS, **kwargs)
    return any("starting a long computation" in r.getMessage() for r in caplog.records)


def test_announced_without_a_stop(caplog):
    assert _announced(caplog)


def test_not_announced_with_the_runs_time_limit(caplog):
    assert not _announced(caplog, run_time_limit=60.0)


def test_not_announced_inside_an_armed_time_cap(caplog):
    # the implicitization runs its degrees inside a time cap of the caller's limit: the guard sees it
    with time_cap(3600.0):
        assert not _announced(caplog)
    assert _announced(caplog)
