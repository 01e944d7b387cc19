"""The compiled lookup and edge records of a whole return (GraphArrays.insert_return) against keys built by hand:
distinct random keys and near-copies of them, whose identities, new flags and correspondences are known by
construction."""

import numpy as np

from algnet.homotopy.monodromy.graph_arrays import GraphArrays


def _keys(rng, n, q):
    return rng.normal(size=(n, q)) + 1j * rng.normal(size=(n, q))


def _numbers(K, u):
    """(1 + max |k|, Re u.k) of each key, as the solver computes them before the lookup."""
    return np.abs(K).max(axis=1), (K @ u).real


def test_a_return_of_copies_finds_each_key_once_per_node():
    rng = np.random.default_rng(7)
    q, base = 3, _keys(rng, 60, 3)
    u = rng.normal(size=q) + 1j * rng.normal(size=q)
    u /= np.abs(u).sum()
    dest = rng.integers(0, 3, size=60)                   # each distinct key goes to one of three nodes
    order = rng.permutation(120)                         # every key twice: itself and a copy 1e-13 away
    which = order % 60
    K = base[which] + (order >= 60)[:, None] * 1e-13
    A = GraphArrays(n=q, q=q, tol=1e-8, points=2)        # room for 2 points: the arrays must grow
    for _ in range(3):
        A.add_node()
    jobs = np.zeros((120, 5), dtype=np.int64)
    jobs[:, 0] = -1                                      # random starts: looked up, no edge to record
    jobs[:, 3] = dest[which]
    top, proj = _numbers(K, u)
    jj, new, handled, trace, left = A.insert_return(np.arange(120), np.ones(120, bool), K, K, top, proj,
                                                    np.zeros(120), jobs)
    assert handled.tolist() == [0] * 120 and left == 120 and trace == 0    # starts are left to Python
    for b in range(3):
        assert A.count[b] == np.count_nonzero(dest == b)
    first = {}
    for j, w in enumerate(which.tolist()):
        if w in first:                                   # the second of the pair: the first one's point
            assert new[j] == 0 and jj[j] == jj[first[w]]
        else:
            first[w] = j
            assert new[j] == 1 and np.array_equal(A.K[dest[w], jj[j]], K[j])
    for b in range(3):
        c = A.count[b]
        assert np.all(np.diff(A.proj[b, :c]) >= 0) and sorted(A.order[b, :c].tolist()) == list(range(c))


def test_transports_along_an_edge_record_their_correspondence():
    rng = np.random.default_rng(3)
    q = 2
    pts = _keys(rng, 5, q)
    A = GraphArrays(n=q, q=q, tol=1e-8)
    a, b = A.add_node(), A.add_node()
    e = A.add_edge(a, b)
    A.length[e] = 5, 0
    A.inflight[e, 0] = 5
    # points 0..4 of node a tracked to node b: 0 and 3 end at the same point (a broken correspondence), the rest
    # at distinct ones; a failed path (4) is left to Python
    ends = pts[[0, 1, 2, 0, 4]]
    K = ends[:4]
    jobs = np.array([[e, 0, i, b, 0] for i in range(5)])
    okm = np.array([True, True, True, True, False])
    top, proj = _numbers(K, np.ones(q) / q)
    jj, new, handled, trace, left = A.insert_return(np.arange(5), okm, K, K, top, proj, np.zeros(4), jobs, (e, 7))
    assert jj.tolist() == [0, 1, 2, 0, -1] and new.tolist() == [1, 1, 1, 0, 0]
    assert handled.tolist() == [1, 1, 1, 1, 0] and left == 1 and trace == 4
    assert A.match[e, 0, :4].tolist() == [0, 1, 2, 0]    # each source point's partner
    assert A.match[e, 1, :3].tolist() == [0, 1, 2]       # the first path to reach a point is its partner
    assert A.done[e, 1, :3].all() and A.length[e, 1] == 3 and A.inflight[e].tolist() == [1, 0]
