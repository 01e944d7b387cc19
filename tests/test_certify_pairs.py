"""certify's distinctness test compares all pairs of enclosures in blocks of rows (bounded memory), first on one
coordinate, or (few points) every pair on every coordinate at once: the count is the same whatever the block, the
path and the enclosures' sizes, checked against a pair-by-pair
count done here (a point is distinct when its enclosure is apart from every other one in some coordinate)."""

import importlib

import numpy as np
import pytest

C = importlib.import_module("algnet.homotopy.certify")     # the module (the package exports the function)


def _pairwise(M, R):
    k = len(M)
    return sum(all(np.any(np.abs(M[i] - M[j]) > 1.01 * (R[i] + R[j]) + 1e-300) for j in range(k) if j != i)
               for i in range(k))


@pytest.mark.parametrize("wide", [None, 0, 2])     # enclosures that overlap for all points in no / one coordinate
def test_distinct_count_in_blocks_is_the_pairwise_count(monkeypatch, wide):
    rng = np.random.default_rng(0)
    k, q = 23, 3
    M = rng.normal(size=(k, q)) + 1j * rng.normal(size=(k, q))
    M[5] = M[17] + 1e-9                     # two overlapping enclosures, and a third on top of one of them
    M[9] = M[17]
    M[3, :-1] = M[4, :-1]                   # apart in the last coordinate only: distinct
    R = np.full((k, q), 1e-6)
    if wide is not None:
        R[:, wide] = 1e3
    truth = _pairwise(M, R)
    assert truth == (k - 5 if wide == 2 else k - 3)      # 3 and 4 overlap when the last coordinate is wide
    ones = np.ones(k, dtype=bool)
    assert k * k * q <= C.SMALL_PAIRS            # so the default compares every pair on every coordinate at once
    counts = [C.distinct_count(M, np.full(k, 1e-6), ones, ones, None, lambda c, r: (c, R))]
    monkeypatch.setattr(C, "SMALL_PAIRS", 0)       # the blocks: one coordinate first, then the pairs it leaves
    for block in (1, q * k, 5 * q * k, 10_000_000):     # one row, one row, five rows, all rows at a time
        monkeypatch.setattr(C, "PAIR_BLOCK", block)
        counts.append(C.distinct_count(M, np.full(k, 1e-6), ones, ones, None, lambda c, r: (c, R)))
    assert counts == [truth] * 5
