"""The exact engine's float filter stacks the output maps of its regions in blocks bounded by bytes (numpy's
element-wise loops run without the interpreter lock, where a failed allocation ends the process), and its memory
watch counts the maps a region holds while it is cut."""

from __future__ import annotations

import tracemalloc

import numpy as np

from algnet import parse_spec
from algnet.relu import filtered, filtered_records
from algnet.relu.regions import linear_regions
from algnet.relu.slices import Slice


def _items(width: int, count: int):
    rng = np.random.default_rng(0)
    verts = [(0.1, 0.2, 1e-16, 0, 1), (0.3, 0.2, 1e-16, 1, 2), (0.2, 0.4, 1e-16, 2, 0)]
    edges = [(0,), (1,), (2,)]
    pats = [np.array([True, False])]
    return [(None, verts, edges, rng.normal(size=(width, 3)), np.abs(rng.normal(size=(width, 3))) * 1e-15, pats)
            for _ in range(count)]


def test_compact_stacks_a_bounded_block_of_wide_maps():
    net = parse_spec("relu 2-2-600-1")
    F = filtered.FloatLayers(net, net.rational_params(net.random_params(seed=0)), Slice.standard(2))
    items = _items(600, 2048)
    tracemalloc.start()
    try:
        out = filtered.compact(items, F)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # 2048 maps of 600 x 3 at once: about 30 MB a stack and several stacks (150 MB measured); a block: a few MB
    assert peak < 50 * 2**20
    # the records: the output map of each region, computed one region at a time (a second computation)
    assert len(out) == len(items)
    for it, rec in zip(items[::97], out[::97]):
        N, E = F.affine(F.depth - 1, it[3], it[4])
        assert np.array_equal(rec[3][1][:, :3], N)
        assert np.array_equal(rec[3][1][:, 3], E.max(axis=1))


def test_watch_counts_a_region_map():
    # a region of a 3000-wide layer waits with its float map and bound: 2 x 3 x 3000 float64 (144 KB)
    from algnet.relu.regions_estimate import waiting_region_bytes

    assert waiting_region_bytes((2, 3000, 1), plane=False) >= 2 * 3 * 3000 * 8


def test_exact_counts_unchanged_with_small_blocks(monkeypatch):
    # blocks of a single region: the exact engine's count equals the exact engine without the float filter
    monkeypatch.setattr(filtered_records, "COMPACT_BLOCK_BYTES", 1)
    net = parse_spec("relu 2-6-6-1")
    theta = net.random_params(seed=4)
    a = linear_regions(net, theta, box=(-2, 2, -2, 2))
    b = linear_regions(net, theta, box=(-2, 2, -2, 2), filtered=False)
    assert a.count == b.count and sorted(r.pattern for r in a.regions) == sorted(r.pattern for r in b.regions)
