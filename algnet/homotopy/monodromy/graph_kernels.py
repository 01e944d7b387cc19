"""The monodromy graph's per-endpoint work compiled: key lookup and insertion, edge records, pending transports.

The arrays are those of :class:`~algnet.homotopy.monodromy.graph_arrays.GraphArrays` (every node's points, keys,
sorted key projections and tolerances; every edge's correspondences). :func:`insert_return` does, for a whole
return of the path tracker, what the solver's endpoint loop did one endpoint at a time in Python: each successful
endpoint with a finite key is looked up among the points of its destination (added when new), and a transport
along an edge records its correspondence; the other endpoints (failures, random starts, detours) are left to
Python with their lookups done. :func:`pending_jobs` lists the transports no edge knows yet, and
:func:`returns_idle` is the test of :meth:`~algnet.homotopy.monodromy.graph.MonodromyGraph.returns_idle`.

The lookup is :class:`~algnet.homotopy.monodromy.graph.SolutionSet`'s (the same numbers: complex moduli as numpy's
vectorized loop computes them, :func:`~algnet.homotopy.endpoint_finish.abs_like_numpy`; the same comparisons, the
first of equal distances), so the indices and sets are the same as one Python call an endpoint.

Examples
--------
>>> import numpy as np
>>> from algnet.homotopy.monodromy.graph_arrays import GraphArrays
>>> A = GraphArrays(1, 1, 1e-8)
>>> b = A.add_node()
>>> A.insert(b, np.array([2j]), np.array([2j]), 0.0)
(0, True)
>>> A.insert(b, np.array([2j]), np.array([2j + 1e-12]), 0.0)
(0, False)
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.endpoint_finish import abs_like_numpy
from algnet.homotopy.kernel_cache import kernel_njit

__all__ = ["find_or_add", "insert_return", "pending_jobs", "returns_idle", "edge_saturated"]


@kernel_njit(error_model="numpy")
def _left(a, lo, hi, x):
    """First index i in [lo, hi) with a[i] >= x (hi if none): ``bisect_left``."""
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@kernel_njit(error_model="numpy")
def _right(a, lo, hi, x):
    """First index i in [lo, hi) with a[i] > x (hi if none): ``bisect_right``."""
    while lo < hi:
        mid = (lo + hi) // 2
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


@kernel_njit(error_model="numpy")
def _distance(Kb, c, k):
    """max_j |Kb[c, j] - k[j]|."""
    m = 0.0
    for j in range(k.shape[0]):
        a = abs_like_numpy(Kb[c, j] - k[j])
        if a > m:
            m = a
    return m


@kernel_njit(error_model="numpy")
def find_or_add(X, K, proj, order, own, count, max_slack, tol, b, x, k, slack, size, pr):
    """(index, new) of the point of node b with key k (finite), added if new: the lookup of
    :meth:`~algnet.homotopy.monodromy.graph.SolutionSet.insert` on the node's arrays (``size`` = 1 + max |k|,
    ``pr`` = Re u.k). The arrays need room for one more point.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.monodromy.graph_arrays import GraphArrays
    >>> A = GraphArrays(1, 1, 1e-8); b = A.add_node()
    >>> def add(v):
    ...     k = np.array([v])
    ...     return find_or_add(A.X, A.K, A.proj, A.order, A.own, A.count, A.max_slack, A.tol, b, k, k, 0.0,
    ...                        1 + abs(v), v.real)
    >>> add(4 + 0j), add(2 + 0j), add(4 + 1e-12j), A.order[b, :2].tolist()
    ((0, True), (1, True), (0, False), [1, 0])
    """
    o = tol if not slack > tol else slack
    ms = max_slack[b]
    window = (o if o > ms else ms) * size
    n = count[b]
    pb = proj[b]
    lo = _left(pb, 0, n, pr - window)
    hi = _right(pb, lo, n, pr + window)
    if hi == lo + 1:                    # one candidate (the usual case)
        c = order[b, lo]
        s = own[b, c]
        if _distance(K[b], c, k) / (o if o > s else s) <= size:
            return c, False
    elif hi > lo:                        # the nearest of the candidates (the first of equal distances)
        best = -1
        dbest = 0.0
        for t in range(lo, hi):
            c = order[b, t]
            s = own[b, c]
            d = _distance(K[b], c, k) / (o if o > s else s)
            if best < 0 or d < dbest:
                best, dbest = c, d
        if dbest <= size:
            return best, False
    pos = lo if hi == lo else _left(pb, 0, n, pr)
    for t in range(n, pos, -1):          # the new projection's place in the sorted ones
        pb[t] = pb[t - 1]
        order[b, t] = order[b, t - 1]
    pb[pos] = pr
    order[b, pos] = n
    X[b, n, :] = x
    K[b, n, :] = k
    own[b, n] = o
    if o > ms:
        max_slack[b] = o
    count[b] = n + 1
    return n, True


@kernel_njit(error_model="numpy")
def _record(e, side, i, j, count, done, match, length, inflight, ends):
    """Point i of side ``side`` of edge e was tracked to point j of the other side (``Edge.record``)."""
    inflight[e, side] -= 1
    match[e, side, i] = j
    o = 1 - side
    if j >= length[e, o]:
        length[e, o] = count[ends[e, o]]
    if match[e, o, j] < 0:
        match[e, o, j] = i
    done[e, o, j] = True


@kernel_njit(error_model="numpy")
def insert_return(stopped, okm, PX, KY, top, proj_r, slack_r, jobs, te0, te1, X, K, proj, order, own, count,
                  max_slack, tol, done, match, length, inflight, ends, out):
    """The lookups and edge records of one return of the tracker, in the order of ``stopped`` (path indices):
    ``okm[j]`` whether path ``stopped[j]`` succeeded (its key the next row of KY, with ``top``, ``proj_r``,
    ``slack_r`` of :func:`~algnet.homotopy.monodromy.key_rows.key_rows`); ``jobs[k]`` = (edge, side, point,
    destination node, leg) of path k (leg 0: a transport, 1 or 2: a detour's legs; edge -1: a random start).
    Every successful endpoint with a finite key that is not a detour's first leg is looked up at its destination
    (``out[0, j]`` its index there, ``out[1, j]`` whether new; -1, 0 otherwise); a transport along an edge records
    its correspondence (``out[2, j]`` = 1: nothing left for Python). ``out[0, m]``: how many of those were on the
    trace edges te0, te1; ``out[1, m]``: the endpoints left for Python (m = ``stopped.size``).

    Returns 0, or, changing nothing, the point capacity needed when a node has no room for the endpoints going to
    it (the caller grows the arrays and calls again).

    Examples
    --------
    Through :meth:`~algnet.homotopy.monodromy.graph_arrays.GraphArrays.insert_return` (a graph's arrays): one
    transport from node b to node a along edge e, ending at a new point of a.

    >>> import numpy as np
    >>> from algnet.homotopy.monodromy.graph_arrays import GraphArrays
    >>> A = GraphArrays(1, 1, 1e-8); a, b = A.add_node(), A.add_node(); e = A.add_edge(a, b)
    >>> A.inflight[e, 1] = 1
    >>> K = np.array([[3j]]); jobs = np.array([[e, 1, 0, a, 0]])
    >>> jj, new, handled, trace, left = A.insert_return(np.array([0]), np.array([True]), K, K, np.array([3.0]),
    ...                                                 np.zeros(1), np.zeros(1), jobs)
    >>> jj.tolist(), new.tolist(), handled.tolist(), left, A.inflight[e].tolist(), int(A.count[a])
    ([0], [1], [1], 0, [0, 0], 1)
    """
    m = stopped.shape[0]
    incoming = np.zeros(count.shape[0], dtype=np.int64)
    need = 0
    for j in range(m):
        b = jobs[stopped[j], 3]
        incoming[b] += 1
        if count[b] + incoming[b] > need:
            need = count[b] + incoming[b]
    if need > X.shape[1]:
        return need
    r = -1
    trace = 0
    left = 0
    q = KY.shape[1]
    for j in range(m):
        out[0, j] = -1
        out[1, j] = 0
        out[2, j] = 0
        left += 1
        if not okm[j]:
            continue
        r += 1
        k = stopped[j]
        leg = jobs[k, 4]
        if leg == 1:
            continue
        fin = True
        for t in range(q):
            z = KY[r, t]
            if not (z.real - z.real == 0.0 and z.imag - z.imag == 0.0):
                fin = False
                break
        if not fin:
            continue
        c, nw = find_or_add(X, K, proj, order, own, count, max_slack, tol, jobs[k, 3], PX[k], KY[r], slack_r[r],
                            1.0 + top[r], proj_r[r])
        out[0, j] = c
        out[1, j] = nw
        e = jobs[k, 0]
        if leg == 0 and e >= 0:
            if e == te0 or e == te1:
                trace += 1
            _record(e, jobs[k, 1], jobs[k, 2], c, count, done, match, length, inflight, ends)
            out[2, j] = 1
            left -= 1
    out[0, m] = trace
    out[1, m] = left
    return 0


@kernel_njit(error_model="numpy")
def _first_unsent(done, length, first, e, s):
    """Advance edge e's side s past its leading run of done points; the first index not known to be done."""
    p = first[e, s]
    while p < length[e, s] and done[e, s, p]:
        p += 1
    first[e, s] = p
    return p


@kernel_njit(error_model="numpy")
def pending_jobs(edges, count, done, length, first, inflight, ends):
    """Transports no edge (of ``edges``, indices) knows yet, marked as sent: rows (edge, side, point, destination
    node), the rule of :meth:`~algnet.homotopy.monodromy.graph.MonodromyGraph.pending` (a side waits while paths
    from the other side are under way; with nothing under way, the side with more unsent points goes first).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.monodromy.graph_arrays import GraphArrays
    >>> A = GraphArrays(1, 1, 1e-8); a, b = A.add_node(), A.add_node(); e = A.add_edge(a, b)
    >>> for v in (1.0, 2.0):
    ...     _ = A.insert(a, np.array([v + 0j]), np.array([v + 0j]))
    >>> pending_jobs(np.array([e]), A.count, A.done, A.length, A.first, A.inflight, A.ends).tolist()
    [[0, 0, 0, 1], [0, 0, 1, 1]]
    >>> A.inflight[e].tolist(), pending_jobs(np.array([e]), A.count, A.done, A.length, A.first, A.inflight,
    ...                                      A.ends).shape[0]
    ([2, 0], 0)
    """
    room = 0
    for t in range(edges.shape[0]):
        e = edges[t]
        room += count[ends[e, 0]] + count[ends[e, 1]]
    out = np.empty((room, 4), dtype=np.int64)
    m = 0
    for t in range(edges.shape[0]):
        e = edges[t]
        a, b = ends[e, 0], ends[e, 1]
        if first[e, 0] == length[e, 0] and length[e, 0] == count[a] \
                and first[e, 1] == length[e, 1] and length[e, 1] == count[b]:
            continue                    # every point of both sides matched or sent, and no new point
        length[e, 0] = count[a]
        length[e, 1] = count[b]
        free0 = inflight[e, 1] == 0     # side 0 may send: nothing under way from side 1
        free1 = inflight[e, 0] == 0
        n0 = n1 = 0
        if free0:
            p = _first_unsent(done, length, first, e, 0)
            for i in range(p, length[e, 0]):
                n0 += not done[e, 0, i]
        if free1:
            p = _first_unsent(done, length, first, e, 1)
            for i in range(p, length[e, 1]):
                n1 += not done[e, 1, i]
        if free0 and free1:
            if n0 >= n1:
                free1 = False
            else:
                free0 = False
        for s in range(2):
            if not (free0 if s == 0 else free1):
                continue
            dest = ends[e, 1 - s]
            for i in range(first[e, s], length[e, s]):
                if not done[e, s, i]:
                    done[e, s, i] = True
                    inflight[e, s] += 1
                    out[m, 0] = e
                    out[m, 1] = s
                    out[m, 2] = i
                    out[m, 3] = dest
                    m += 1
    return out[:m]


@kernel_njit(error_model="numpy")
def returns_idle(n_edges, n_nodes, inflight, ends, active):
    """The test of :meth:`~algnet.homotopy.monodromy.graph.MonodromyGraph.returns_idle` on the edges' arrays.

    Examples
    --------
    Node 2 joined to nodes 0 and 1 only, one path toward it on each edge:

    >>> import numpy as np
    >>> inflight, ends = np.array([[1, 0], [1, 0]]), np.array([[0, 2], [1, 2]])
    >>> returns_idle(2, 3, inflight, ends, 2), returns_idle(2, 3, inflight, ends, 3)
    (True, False)
    """
    toward = np.zeros(n_nodes, dtype=np.int64)
    total = 0
    for e in range(n_edges):
        for s in range(2):
            if inflight[e, s]:
                total += inflight[e, s]
                toward[ends[e, 1 - s]] += 1
    if total == 0 or total != active:
        return False
    degree = np.zeros(n_nodes, dtype=np.int64)
    for e in range(n_edges):
        for s in range(2):
            degree[ends[e, s]] += 1
    for b in range(n_nodes):
        if toward[b] > 0 and toward[b] != degree[b]:
            return False
    return True


@kernel_njit(error_model="numpy")
def edge_saturated(e, count, done, length, first, ends):
    """Whether every point of both sides of edge e is matched or sent, the sides first extended to the points their
    nodes hold (:meth:`~algnet.homotopy.monodromy.graph.Edge.saturated` on a graph's arrays).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.monodromy.graph_arrays import GraphArrays
    >>> A = GraphArrays(1, 1, 1e-8); a, b = A.add_node(), A.add_node(); e = A.add_edge(a, b)
    >>> _ = A.insert(a, np.array([1j]), np.array([1j]))
    >>> edge_saturated(e, A.count, A.done, A.length, A.first, A.ends)
    False
    >>> A.done[e, 0, 0] = True
    >>> edge_saturated(e, A.count, A.done, A.length, A.first, A.ends)
    True
    """
    for s in range(2):
        c = count[ends[e, s]]
        if c > length[e, s]:
            length[e, s] = c
        if _first_unsent(done, length, first, e, s) < length[e, s]:
            return False
    return True
