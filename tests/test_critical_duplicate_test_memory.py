"""Memory of the critical-point analyses: the duplicate tests of the trace test and the guard's estimate.

Before 2026-12-05 :func:`~algnet.analyses.critical.image_rows._repeated` and ``_distinct`` formed all k x k x m
differences of k endpoints at once: 2.1 GB resident in the generic count of linear 4-2-4 (about 2,700 endpoints),
whose guard estimated 1.2 MB. They now work a block of rows at a time.
"""

import tracemalloc

import numpy as np

from algnet.analyses.critical import image_rows as paths     # the bookkeeping of images (was in paths.py)


def _by_hand_repeated(X, mask, tol=1e-6):
    """The rule written out pair by pair: a row is repeated when it is within tol (relative to the earlier row's
    size) of an earlier row among the mask that is not itself repeated."""
    rep = [False] * X.shape[0]
    idx = [i for i in range(X.shape[0]) if mask[i]]
    for a, i in enumerate(idx):
        for j in idx[:a]:
            if not rep[j] and np.max(np.abs(X[i] - X[j])) <= tol * (1 + np.max(np.abs(X[j]))):
                rep[i] = True
                break
    return np.array(rep, dtype=bool)


def test_repeated_and_distinct_agree_with_the_pairwise_rule(monkeypatch):
    monkeypatch.setattr(paths, "CLOSE_BLOCK_BYTES", 500)      # many blocks of rows
    rng = np.random.default_rng(7)
    for _ in range(60):
        k, m = int(rng.integers(2, 25)), int(rng.integers(1, 5))
        base = rng.normal(size=(4, m)) + 1j * rng.normal(size=(4, m))
        X = base[rng.integers(0, 4, size=k)] + 1e-9 * rng.normal(size=(k, 1))
        mask = rng.random(k) < 0.8
        assert (paths._repeated(X, mask) == _by_hand_repeated(X, mask)).all()
        # distinct rows: every row not repeated among all rows
        assert paths._distinct(X) == int((~_by_hand_repeated(X, np.ones(k, bool))).sum())


def test_repeated_memory_does_not_grow_like_k_squared_m():
    rng = np.random.default_rng(0)
    k, m = 1500, 8            # all differences at once: 1500^2 x 8 complex = 288 MB (and 144 MB of their sizes)
    X = rng.normal(size=(k, m)) + 1j * rng.normal(size=(k, m))
    X[1::3] = X[::3][: X[1::3].shape[0]]                  # every third row repeats the one before it
    tracemalloc.start()
    try:
        rep = paths._repeated(X, np.ones(k, dtype=bool))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert rep.sum() == 500 and rep[1::3].all()
    assert peak < 3 * paths.CLOSE_BLOCK_BYTES + 4 * k * k, peak   # a block of differences and the k x k flags
