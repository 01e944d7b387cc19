"""The memory check inside the float64 MLP region engine: it stops with the float regions finished so far, their
exact check a lower bound marked partial, instead of an out-of-memory error that loses every region."""

from __future__ import annotations

import numpy as np

import algnet.guards as guards
from algnet import parse_spec
from algnet.relu.regions import linear_regions
from algnet.relu.regions_float import float_region_bytes, linear_regions_float
from algnet.relu.workers import MEMORY_RESERVE_BYTES

BOX = (-2, 2, -2, 2)


def _net():
    net = parse_spec("relu 2-12-12-1")
    return net, net.random_params(3)


def _scarce_after(monkeypatch, good_calls, then=0):
    calls = []

    def scarce():           # plenty for the first checks, then ``then`` bytes left
        calls.append(1)
        return 2**40 if len(calls) <= good_calls else then
    monkeypatch.setattr(guards, "available_memory", scarce)
    return calls


def test_little_memory_left_stops_the_float_engine_with_its_finished_regions(monkeypatch):
    net, theta = _net()
    exact = linear_regions(net, theta, box=BOX)           # the exact partition: the truth for the regions kept
    whole = {r.pattern: r for r in exact.regions}
    calls = _scarce_after(monkeypatch, 2)
    part = linear_regions_float(net, theta, box=BOX)
    assert len(calls) == 3 and part.partial and "memory left" in part.stopped
    assert 0 < part.count < exact.count
    # every region kept is a region of the exact partition: its pattern, and its vertices (rounded)
    for P, pat in zip(part.polygons, part.patterns):
        r = whole[pat]
        assert np.allclose(sorted(map(tuple, np.asarray(P, dtype=float))),
                           sorted((float(x), float(y)) for x, y in r.vertices))
    # the exact check proves only what was kept
    assert part.lower_bound == part.count
    d = part.as_dict()
    assert d["partial"] and d["partial_reason"].startswith("stopped at the memory left")
    assert f"regions >= {part.count}" in d["proves"] and "stopped at the memory left" in d["proves"]


def test_the_memory_for_the_final_check_of_all_regions_is_kept(monkeypatch):
    """Room for each part alone, but not for the check of every region held: the work stops before it."""
    net, theta = _net()
    per_region, after = float_region_bytes(net.widths)
    left = MEMORY_RESERVE_BYTES + 2 * 4 * per_region + 20 * after        # about 20 regions' final work
    monkeypatch.setattr(guards, "available_memory", lambda: left)
    part = linear_regions_float(net, theta, box=BOX)
    assert part.partial and "the work on all regions after it" in part.stopped
    assert part.count <= 20 and part.lower_bound == part.count


def test_enough_memory_changes_nothing():
    net, theta = _net()
    a = linear_regions_float(net, theta, box=BOX)
    assert not a.partial and a.stopped == "" and a.count == linear_regions(net, theta, box=BOX).count
