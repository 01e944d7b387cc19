"""The memory check inside the exact region enumeration: it stops with the exact regions finished so far."""

from __future__ import annotations

import pytest

import algnet.guards as guards
from algnet import parse_spec
from algnet.relu.regions import linear_regions


def _net():
    net = parse_spec("relu 2-12-12-1")
    return net, net.random_params(3)


@pytest.mark.parametrize("filtered", [True, False])
def test_little_memory_left_stops_with_an_exact_lower_bound(monkeypatch, filtered):
    net, theta = _net()
    full = linear_regions(net, theta, box=(-2, 2, -2, 2), filtered=filtered)
    assert not full.partial and full.count > 20
    calls = []

    def scarce():           # plenty for the first two parts, then nothing left
        calls.append(1)
        return 2**40 if len(calls) <= 2 else 0

    monkeypatch.setattr(guards, "available_memory", scarce)
    part = linear_regions(net, theta, box=(-2, 2, -2, 2), filtered=filtered)
    assert part.partial and "memory left" in part.stopped
    assert 0 < part.count < full.count
    # the regions kept are regions of the full partition (same pattern, same vertices)
    whole = {r.pattern: sorted(r.vertices) for r in full.regions}
    for r in part.regions:
        assert whole[r.pattern] == sorted(r.vertices)


def test_enough_memory_changes_nothing():
    net, theta = _net()
    a = linear_regions(net, theta, box=(-2, 2, -2, 2))
    assert not a.partial and a.stopped == ""


def test_an_allocation_refused_mid_enumeration_keeps_the_finished_parts(monkeypatch):
    import algnet.relu.filtered as filtered

    net, theta = _net()
    full = linear_regions(net, theta, box=(-2, 2, -2, 2))
    real, calls = filtered._below, []

    def failing(F, ctx, chunk):
        calls.append(1)
        if len(calls) > 3:
            raise MemoryError("Unable to allocate 1.00 GiB")
        return real(F, ctx, chunk)

    monkeypatch.setattr(filtered, "_below", failing)
    part = linear_regions(net, theta, box=(-2, 2, -2, 2))
    assert part.partial and "allocation failed" in part.stopped
    assert 0 < part.count < full.count
    whole = {r.pattern: sorted(r.vertices) for r in full.regions}
    assert all(whole[r.pattern] == sorted(r.vertices) for r in part.regions)
