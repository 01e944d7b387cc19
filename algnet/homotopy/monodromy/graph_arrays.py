"""The monodromy graph's state in growable arrays, shared by all its nodes and edges.

Every node's points, keys, sorted key projections (with the point each belongs to) and tolerances, and every edge's
correspondences (``done``, ``match``, how many points of each side it has seen, its paths under way) live in a few
arrays of :class:`GraphArrays`, so the compiled functions of :mod:`~algnet.homotopy.monodromy.graph_kernels` can
process a whole return of the path tracker in one call (the lookups of its endpoints at their nodes and the edges'
records) instead of a Python call or two an endpoint.
:class:`~algnet.homotopy.monodromy.graph.SolutionSet` and :class:`~algnet.homotopy.monodromy.graph.Edge` are views
of one node or edge of these arrays. The arrays grow by doubling (nodes, edges, points per node); entries of an
edge beyond the points it has seen keep their initial values (not done, unmatched).

Examples
--------
>>> import numpy as np
>>> A = GraphArrays(n=1, q=1, tol=1e-8)
>>> a, b = A.add_node(), A.add_node()
>>> e = A.add_edge(a, b)
>>> [A.insert(a, np.array([v + 0j]), np.array([v + 0j]), 0.0) for v in (3.0, 1.0, 3.0)]
[(0, True), (1, True), (0, False)]
>>> A.count[:2].tolist(), A.proj[a, :2].tolist(), A.order[a, :2].tolist()
([2, 0], [1.0, 3.0], [1, 0])
"""

from __future__ import annotations

import numpy as np

__all__ = ["GraphArrays"]


def _kernels():
    """:mod:`~algnet.homotopy.monodromy.graph_kernels`, imported at the first use (it compiles with numba, whose import
    a process pays only where it solves)."""
    from algnet.homotopy.monodromy import graph_kernels

    return graph_kernels


def _grown(a, axis, size, fill):
    """``a`` with dimension ``axis`` grown to ``size`` (new entries ``fill``, or uninitialised when None)."""
    shape = list(a.shape)
    shape[axis] = size
    out = np.empty(shape, dtype=a.dtype) if fill is None else np.full(shape, fill, dtype=a.dtype)
    out[tuple(slice(0, m) for m in a.shape)] = a
    return out


class GraphArrays:
    """Points of ``n`` coordinates with keys of ``q`` entries at each node, and the edges' correspondences.

    Parameters
    ----------
    n, q : int
        Coordinates of a point, entries of a key.
    tol : float
        The relative tolerance of key comparisons (a point's own tolerance is at least this).
    nodes, points, edges : int
        Initial capacities.

    Attributes
    ----------
    X, K : arrays (nodes, points, n) and (nodes, points, q)
        Points and keys, in the order they were added.
    proj, order : arrays (nodes, points)
        The projections Re u.k of each node's keys, sorted, and the point each belongs to.
    own : array (nodes, points)
        Each point's own tolerance.
    count, max_slack : arrays (nodes,)
        Points at each node, and the largest own tolerance there.
    done, match : arrays (edges, 2, points)
        Per edge and side: point matched or sent; its partner on the other side (-1 while unknown).
    length, first, inflight, ends : arrays (edges, 2)
        Per edge and side: points seen, leading run of done points, paths under way; the two nodes.

    Examples
    --------
    >>> import numpy as np
    >>> A = GraphArrays(n=2, q=1, tol=1e-8, points=1)
    >>> b = A.add_node()
    >>> for v in range(3):
    ...     _ = A.insert(b, np.array([v, 0j]), np.array([v + 0j]), 0.0)
    >>> A.X.shape[1] >= 3, A.X[b, :3, 0].real.tolist()
    (True, [0.0, 1.0, 2.0])
    """

    def __init__(self, n: int, q: int, tol: float, nodes: int = 4, points: int = 32, edges: int = 8):
        self.n, self.q, self.tol = n, q, float(tol)
        c = np.complex128
        self.X = np.empty((nodes, points, n), dtype=c)
        self.K = np.empty((nodes, points, q), dtype=c)
        self.proj = np.empty((nodes, points))
        self.order = np.empty((nodes, points), dtype=np.int64)
        self.own = np.empty((nodes, points))
        self.count = np.zeros(nodes, dtype=np.int64)
        self.max_slack = np.full(nodes, self.tol)
        self.done = np.zeros((edges, 2, points), dtype=bool)
        self.match = np.full((edges, 2, points), -1, dtype=np.int64)
        self.length = np.zeros((edges, 2), dtype=np.int64)
        self.first = np.zeros((edges, 2), dtype=np.int64)
        self.inflight = np.zeros((edges, 2), dtype=np.int64)
        self.ends = np.zeros((edges, 2), dtype=np.int64)
        self.n_nodes = 0
        self.n_edges = 0

    @property
    def points(self) -> int:
        """Room for points at each node."""
        return self.X.shape[1]

    def add_node(self) -> int:
        """A new node without points; its index."""
        i = self.n_nodes
        if i == self.X.shape[0]:
            m = 2 * i
            self.X, self.K, self.proj, self.order, self.own = (_grown(a, 0, m, None) for a in (
                self.X, self.K, self.proj, self.order, self.own))
            self.count = _grown(self.count, 0, m, 0)
            self.max_slack = _grown(self.max_slack, 0, m, self.tol)
        self.n_nodes = i + 1
        return i

    def add_edge(self, a: int, b: int) -> int:
        """A new edge between nodes a and b, knowing nothing; its index."""
        i = self.n_edges
        if i == self.done.shape[0]:
            m = 2 * i
            self.done = _grown(self.done, 0, m, False)
            self.match = _grown(self.match, 0, m, -1)
            self.length, self.first, self.inflight, self.ends = (_grown(a_, 0, m, 0) for a_ in (
                self.length, self.first, self.inflight, self.ends))
        self.ends[i] = a, b
        self.n_edges = i + 1
        return i

    def reserve(self, extra: int):
        """Room for ``extra`` more points at every node (the point capacity doubled as often as needed)."""
        self.grow_points(int(self.count[:self.n_nodes].max(initial=0)) + extra)

    def grow_points(self, need: int):
        """Room for ``need`` points at every node and on every edge's sides (doubling)."""
        m = self.points
        if need <= m:
            return
        while m < need:
            m *= 2
        self.X, self.K, self.proj, self.order, self.own = (_grown(a, 1, m, None) for a in (
            self.X, self.K, self.proj, self.order, self.own))
        self.done = _grown(self.done, 2, m, False)
        self.match = _grown(self.match, 2, m, -1)

    def insert(self, b: int, x, k, slack: float = 0.0, u=None, size: float | None = None, pr: float | None = None):
        """(index, new) of the point with the finite key k at node b, added with point x if new (the lookup of
        :meth:`~algnet.homotopy.monodromy.graph.SolutionSet.insert`): ``size`` (1 + max |k|) and ``pr`` (the
        projection Re u.k, u the all-ones vector by default) are computed when not given."""
        k = np.ascontiguousarray(k, dtype=np.complex128)
        if size is None:
            size = 1 + float(np.max(np.abs(k)))
        if pr is None:
            pr = float((k @ (np.ones(k.shape[0], dtype=np.complex128) if u is None else u)).real)
        self.reserve(1)
        c, new = _kernels().find_or_add(self.X, self.K, self.proj, self.order, self.own, self.count,
                                        self.max_slack, self.tol, b, np.ascontiguousarray(x, dtype=np.complex128),
                                        k, float(slack), float(size), float(pr))
        return int(c), bool(new)

    def insert_return(self, stopped, okm, PX, KY, top, proj, slack, jobs, trace_edges=None):
        """:func:`~algnet.homotopy.monodromy.graph_kernels.insert_return` on these arrays: (jj, new, handled,
        paths on the trace edges among the handled, endpoints not handled), the first three integer arrays.

        Examples
        --------
        Two transports from node 0 to node 1 along edge 0 (jobs: edge, side, point, destination, leg), ending at
        the same point: one new point at node 1, both recorded.

        >>> import numpy as np
        >>> A = GraphArrays(n=1, q=1, tol=1e-8)
        >>> a, b = A.add_node(), A.add_node(); e = A.add_edge(a, b)
        >>> A.inflight[e, 0] = 2
        >>> K = np.array([[5j], [5j]]); jobs = np.array([[0, 0, 0, 1, 0], [0, 0, 1, 1, 0]])
        >>> jj, new, handled, tr, left = A.insert_return(np.array([0, 1]), np.array([True, True]), K, K,
        ...                                              np.array([5.0, 5.0]), np.zeros(2), np.zeros(2), jobs)
        >>> jj.tolist(), new.tolist(), handled.tolist(), A.match[e, 0, :2].tolist(), A.inflight[e].tolist()
        ([0, 0], [1, 0], [1, 1], [0, 0], [0, 0])
        """
        m = stopped.shape[0]
        out = np.empty((3, m + 1), dtype=np.int64)
        t0, t1 = trace_edges if trace_edges is not None else (-1, -1)
        KY = np.ascontiguousarray(KY, dtype=np.complex128)
        call = _kernels().insert_return
        while True:
            need = call(stopped, okm, PX, KY, top, proj, slack, jobs, t0, t1, self.X, self.K, self.proj, self.order,
                        self.own, self.count, self.max_slack, self.tol, self.done, self.match, self.length,
                        self.inflight, self.ends, out)
            if not need:
                return out[0, :m], out[1, :m], out[2, :m], int(out[0, m]), int(out[1, m])
            self.grow_points(int(need))      # no node had room for its endpoints: nothing was changed

    def pending(self, edges=None):
        """Transports no edge knows yet (of ``edges``, indices; default all), marked as sent: rows (edge, side,
        point, destination node) of an integer array
        (:func:`~algnet.homotopy.monodromy.graph_kernels.pending_jobs`)."""
        idx = np.arange(self.n_edges, dtype=np.int64) if edges is None else np.asarray(edges, dtype=np.int64)
        return _kernels().pending_jobs(idx, self.count, self.done, self.length, self.first, self.inflight, self.ends)

    def saturated(self, e: int) -> bool:
        """:func:`~algnet.homotopy.monodromy.graph_kernels.edge_saturated` of edge e."""
        return _kernels().edge_saturated(e, self.count, self.done, self.length, self.first, self.ends)

    def returns_idle(self, active: int) -> bool:
        """:func:`~algnet.homotopy.monodromy.graph_kernels.returns_idle` on these arrays."""
        return bool(_kernels().returns_idle(self.n_edges, self.n_nodes, self.inflight, self.ends, int(active)))
