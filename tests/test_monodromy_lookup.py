"""SolutionSet.insert_many (the batched lookup of a node's endpoints) against SolutionSet.insert one key at a time:
the same (index, new) pairs and the same set afterwards, on random keys with near-duplicates (inside and just
outside the tolerance), exact duplicates, keys with a large slack (ill-conditioned endpoints), keys whose
projections coincide, and batches that widen the set's largest slack."""

import numpy as np
import pytest

from algnet.homotopy.monodromy.graph import SolutionSet, key_slack


def _keys(rng, m, q, scale):
    return (rng.normal(size=(m, q)) + 1j * rng.normal(size=(m, q))) * scale


def _batch(rng, known, m, q, tol):
    """m keys: fresh ones, copies of known and of earlier batch keys moved by 0.1-10 tolerances, exact copies."""
    K = _keys(rng, m, q, 3.0)
    pool = list(known)
    for j in range(m):
        r = rng.random()
        if pool and r < 0.6:
            base = pool[rng.integers(len(pool))]
            size = 1 + np.max(np.abs(base))
            eps = tol * size * rng.choice([0.0, 0.1, 0.5, 0.99, 1.01, 2.0, 10.0])
            d = rng.normal(size=q) + 1j * rng.normal(size=q)
            K[j] = base + eps * d / np.max(np.abs(d))
        pool.append(K[j])
    return K


def _run(S, K, slack, batched):
    size = 1 + np.max(np.abs(K), axis=1)
    proj = np.einsum("ij,j->i", K, S.u).real
    X = K[:, :1].copy()
    if batched:
        return S.insert_many(X, K, slack, size, proj)
    return [S.insert(X[j], K[j], slack[j], size[j], proj[j]) for j in range(K.shape[0])]


def _same_sets(A, B):
    assert A.count == B.count and A.proj == B.proj and A.order == B.order and A.max_slack == B.max_slack
    assert np.array_equal(A.keys, B.keys) and np.array_equal(A.sols, B.sols)
    assert np.array_equal(A.slack[:A.count], B.slack[:B.count])


@pytest.mark.parametrize("seed", range(12))
def test_insert_many_is_insert_in_turn(seed):
    rng = np.random.default_rng(seed)
    q, tol = int(rng.integers(1, 6)), 1e-8
    u = rng.normal(size=q) + 1j * rng.normal(size=q)
    u /= np.sum(np.abs(u))
    if seed % 4 == 0:
        u = np.zeros(q, dtype=complex)      # every projection the same: every window holds every point
        u[0] = 1j                          # (Re of i k_0: nonzero, but keys on the real axis project to 0)
    A, B = SolutionSet(np.zeros(1), 1, tol, u), SolutionSet(np.zeros(1), 1, tol, u)
    known = []
    for _ in range(6):
        m = int(rng.integers(1, 40))
        K = _batch(rng, known, m, q, tol)
        if seed % 4 == 0:
            K = K.real + 0j
        # most endpoints well conditioned; some with the slack of condition numbers 1e7-1e12
        cond = np.where(rng.random(m) < 0.25, 10.0 ** rng.uniform(7, 12, size=m), 1.0)
        slack = key_slack(cond)
        ra = _run(A, K, slack, False)
        rb = _run(B, K, slack, True)
        assert ra == rb
        _same_sets(A, B)
        known.extend(K)
    assert A.count > 0


def test_insert_many_merges_within_a_batch_and_with_earlier_points():
    """A batch whose second key is within the tolerance of its first, and whose third is a known point."""
    S = SolutionSet(np.zeros(1), 1, 1e-8, np.ones(1, dtype=complex))
    S.find_or_add(np.array([5.0 + 0j]), np.array([5.0 + 0j]))
    K = np.array([[1.0 + 0j], [1.0 + 1e-12], [5.0 + 1e-12], [3.0 + 0j], [1.0 + 1e-6]])
    out = _run(S, K, np.zeros(5), True)
    assert out == [(1, True), (1, False), (0, False), (2, True), (3, True)]
    assert S.count == 4
