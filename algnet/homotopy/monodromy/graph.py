"""The monodromy graph: parameter nodes with their solution sets, and edges that remember correspondences.

Nodes are parameter values, each holding the solutions known over it
(identified by keys up to a tolerance, :class:`SolutionSet`); an edge is a
straight parameter homotopy between two nodes, tracked in both directions,
that records which point of one side goes to which point of the other
(:class:`Edge`). A point is tracked along an edge only while the edge does
not know where it goes, so an edge costs at most one path per point. The
graph has ``E - V + 1`` independent cycles (its *generators*, the monodromy
loops it provides).

Examples
--------
>>> import numpy as np
>>> g = MonodromyGraph(n=1, tolerance=1e-8, u=np.ones(1, dtype=complex))
>>> a = g.add_node(np.array([1.0 + 0j])); b = g.add_node(np.array([2.0 + 0j]))
>>> g.join(a, b), g.generators()
(0, 0)
>>> g.nodes[a].find_or_add(np.array([1.0 + 0j]), np.array([1.0 + 0j]))
(0, True)
>>> g.edges[0].saturated(g.nodes), g.pending()
(False, [(0, 0, 0, 1)])
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.monodromy.graph_arrays import GraphArrays

__all__ = ["SolutionSet", "Edge", "MonodromyGraph", "random_parameters", "key_slack", "key_slacks",
           "KEY_ERROR_FACTOR"]


class SolutionSet:
    """A parameter value with its known solutions, identified by keys up to a tolerance.

    Keys are kept sorted by the real part of a fixed projection u with
    sum |u_j| = 1, so |Re u.(k - k')| <= max |k - k'|: a lookup compares only
    the keys whose projection lies within the tolerance. A point may carry a
    ``slack``: the relative error of its key expected from its conditioning
    (:func:`key_slack`); two keys are the same when they differ by at most
    ``max(tol, slack of either) * (1 + |key|)``.

    The set is a view of one node of a :class:`~algnet.homotopy.monodromy.graph_arrays.GraphArrays` (``arrays``,
    ``index``: the graph's, or its own when not given), whose compiled lookup
    (:func:`~algnet.homotopy.monodromy.graph_kernels.find_or_add`) the solver also runs on a whole return of the
    path tracker at once.

    Examples
    --------
    >>> import numpy as np
    >>> S = SolutionSet(np.zeros(1), 1, 1e-8, np.ones(1, dtype=complex))
    >>> S.find_or_add(np.array([1j]), np.array([1j])), S.find_or_add(np.array([1j]), np.array([1j + 1e-12]))
    ((0, True), (0, False))

    A key 1e-6 away is another point, unless one of the two is ill-conditioned enough for that error:

    >>> S.find_or_add(np.array([1j]), np.array([1j + 1e-6]))
    (1, True)
    >>> S.find_or_add(np.array([1j]), np.array([1j - 1e-6]), slack=1e-5)     # within 1e-5 * 2 of point 0
    (0, False)
    """

    def __init__(self, p, n, tol, u, arrays: GraphArrays | None = None, index: int | None = None):
        self.p = p
        self.tol = tol
        self.u = u
        if arrays is None:
            arrays = GraphArrays(n, np.asarray(u).shape[0], tol, nodes=1)
            index = arrays.add_node()
        self.arrays, self.index = arrays, index

    def find_or_add(self, x, k, slack: float = 0.0):
        """Index of the point with key k (added if new) and whether it is new (-1: non-finite key).

        ``slack``: this key's own relative tolerance (its expected error), used when larger than ``tol``.
        """
        if not np.all(np.isfinite(k)):
            return -1, False
        return self.insert(x, k, slack, 1 + float(np.max(np.abs(k))), float((k @ self.u).real))

    def insert(self, x, k, slack, size, pr):
        """:meth:`find_or_add` for a finite key whose ``size`` (1 + max |k|) and projection ``pr``
        (Re u.k) the caller computed."""
        return self.arrays.insert(self.index, x, k, slack, size=size, pr=pr)

    @property
    def count(self) -> int:
        """Points known."""
        return int(self.arrays.count[self.index])

    @property
    def X(self):
        """The points (rows; room for more after the first :attr:`count`)."""
        return self.arrays.X[self.index]

    @property
    def K(self):
        """The keys (rows; room for more after the first :attr:`count`)."""
        return self.arrays.K[self.index]

    @property
    def own(self) -> list:
        """Each point's own tolerance (at least ``tol``)."""
        return self.arrays.own[self.index, :self.count].tolist()

    @property
    def max_slack(self) -> float:
        """The largest own tolerance (``tol`` while there is none larger)."""
        return float(self.arrays.max_slack[self.index])

    @property
    def proj(self) -> list:
        """The projections Re u.k of the keys, sorted."""
        return self.arrays.proj[self.index, :self.count].tolist()

    @property
    def order(self) -> list:
        """The point of each sorted projection."""
        return self.arrays.order[self.index, :self.count].tolist()

    @property
    def slack(self):
        """Each point's own tolerance (at least ``tol``), as an array."""
        return self.arrays.own[self.index, :self.count].copy()

    @property
    def sols(self):
        return self.X[:self.count]

    @property
    def keys(self):
        return self.K[:self.count]


class Edge:
    """A straight parameter homotopy between nodes a and b and the correspondence found on it.

    ``done[s][i]``: point i of the node on side s is matched or was tracked;
    ``match[s][i]``: its partner on the other side (-1 while unknown);
    ``inflight[s]``: paths from side s under way (see :meth:`MonodromyGraph.pending`). These are views of one edge
    of a :class:`~algnet.homotopy.monodromy.graph_arrays.GraphArrays` (``arrays``, ``index``: the graph's, or the
    edge's own when not given).

    Examples
    --------
    Point 0 of node 0 sent and tracked to point 0 of node 1: both are matched, the edge is a bijection.

    >>> import numpy as np
    >>> g = MonodromyGraph(1, 1e-8, np.ones(1, dtype=complex))
    >>> a, b = g.add_node(np.zeros(1)), g.add_node(np.ones(1))
    >>> for node in g.nodes:
    ...     _ = node.find_or_add(np.array([1j]), np.array([1j]))
    >>> e = g.edges[g.join(a, b)]
    >>> e.sync(g.nodes); e.bijective(g.nodes)
    False
    >>> g.pending()                           # (edge, side, point, destination node), now in flight
    [(0, 0, 0, 1)]
    >>> e.record(0, 0, 0, g.nodes)
    >>> [m.tolist() for m in e.match], e.bijective(g.nodes)
    ([[0], [0]], True)
    """

    def __init__(self, a, b, arrays: GraphArrays | None = None, index: int | None = None):
        self.ends = (a, b)
        if arrays is None:
            arrays = GraphArrays(1, 1, 0.0, nodes=1, edges=1)
            index = arrays.add_edge(a, b)
        self.arrays, self.index = arrays, index

    @property
    def done(self):
        """Per side: whether each point seen is matched or was sent (views)."""
        A, e = self.arrays, self.index
        return A.done[e, 0, :A.length[e, 0]], A.done[e, 1, :A.length[e, 1]]

    @property
    def match(self):
        """Per side: each point's partner on the other side, -1 while unknown (views)."""
        A, e = self.arrays, self.index
        return A.match[e, 0, :A.length[e, 0]], A.match[e, 1, :A.length[e, 1]]

    @property
    def inflight(self):
        """Paths under way from each side (a view)."""
        return self.arrays.inflight[self.index]

    @property
    def first(self):
        """Per side: every point below this index is done (``done`` only turns True; a view)."""
        return self.arrays.first[self.index]

    def unsent(self, side) -> list:
        """Indices of the points of side ``side`` that are neither matched nor sent (call :meth:`sync` first);
        the scan starts after the leading run of done points, which only grows."""
        A, e = self.arrays, self.index
        p, n = int(A.first[e, side]), int(A.length[e, side])
        free = np.flatnonzero(~A.done[e, side, p:n])
        A.first[e, side] = p + (int(free[0]) if free.size else n - p)
        return (free + p).tolist()

    def lost(self, side):
        """A path from side ``side`` ended without an endpoint (failed)."""
        self.arrays.inflight[self.index, side] -= 1

    def sync(self, nodes, sides=(0, 1)):
        """Extend the sides ``sides`` to the points their nodes hold now (new points: not done, unmatched)."""
        A, e = self.arrays, self.index
        for s in sides:
            c = nodes[self.ends[s]].count
            if c > A.length[e, s]:
                if c > A.points:         # an edge's own arrays (a graph's grow with its nodes)
                    A.grow_points(c)
                A.length[e, s] = c

    def record(self, side, i, j, nodes):
        """Point i of side ``side`` was tracked to point j of the other side."""
        A, e, o = self.arrays, self.index, 1 - side
        A.inflight[e, side] -= 1
        A.match[e, side, i] = j
        if j >= A.length[e, o]:          # a point new since the last sync: that side only
            self.sync(nodes, (o,))
        if A.match[e, o, j] < 0:
            A.match[e, o, j] = i
        A.done[e, o, j] = True

    def saturated(self, nodes) -> bool:
        """Every point of both sides matched or sent (the sides first extended to the points their nodes hold)."""
        A, (a, b) = self.arrays, self.ends
        if nodes[a].arrays is A and nodes[b].arrays is A:      # a graph's edge: one compiled call
            return bool(A.saturated(self.index))
        self.sync(nodes)
        d0, d1 = self.done
        return bool(d0.all() and d1.all())

    def bijective(self, nodes) -> bool:
        """Saturated, and the matches pair every point of one side with one of the other."""
        if not self.saturated(nodes):
            return False
        ka, kb = (nodes[e].count for e in self.ends)
        m0, m1 = self.match
        return ka == kb and bool(m0.min(initial=0) >= 0) and np.unique(m0).size == ka \
            and bool(m1.min(initial=0) >= 0)


class MonodromyGraph:
    """Nodes (:class:`SolutionSet`) and edges (:class:`Edge`) of a monodromy solve.

    ``excluded`` holds node pairs that must not be joined (p0 + v and p0 - v,
    whose segment passes through p0).

    Examples
    --------
    Three nodes joined pairwise: 3 edges, 3 - 3 + 1 = 1 independent loop; with one point per node
    every edge has one transport to send (from the side with more unsent points).

    >>> import numpy as np
    >>> g = MonodromyGraph(1, 1e-8, np.ones(1, dtype=complex))
    >>> for p in range(3):
    ...     i = g.add_node(np.array([p], dtype=complex))
    ...     _ = g.nodes[i].find_or_add(np.array([p + 0j]), np.array([p + 0j]))
    >>> g.join_all(); len(g.edges), g.generators(), g.free_pairs()
    (3, 1, [])
    >>> len(g.pending())
    3
    """

    def __init__(self, n, tolerance, u):
        self.n = n
        self.tolerance = tolerance
        self.u = u
        self.nodes: list[SolutionSet] = []
        self.edges: list[Edge] = []
        self.joined: set = set()
        self.excluded: set = set()
        self.arrays = GraphArrays(n, np.asarray(u).shape[0], tolerance)
        self._P = None          # the nodes' parameters (rows; room for more)

    def add_node(self, p) -> int:
        i = self.arrays.add_node()
        self.nodes.append(SolutionSet(p, self.n, self.tolerance, self.u, self.arrays, i))
        p = np.asarray(p, dtype=np.complex128).reshape(-1)
        if self._P is None or i == self._P.shape[0]:
            P = np.empty((max(4, 2 * i), p.shape[0]), dtype=np.complex128)
            if self._P is not None:
                P[:i] = self._P[:i]
            self._P = P
        self._P[i] = p
        return i

    def join(self, a, b) -> int:
        self.edges.append(Edge(a, b, self.arrays, self.arrays.add_edge(a, b)))
        self.joined.add((min(a, b), max(a, b)))
        return len(self.edges) - 1

    def exclude(self, a, b):
        self.excluded.add((min(a, b), max(a, b)))

    def generators(self) -> int:
        """Independent cycles E - V + 1 (monodromy loops)."""
        return len(self.edges) - len(self.nodes) + 1

    def free_pairs(self):
        """Node pairs neither joined nor excluded."""
        return [(a, b) for a in range(len(self.nodes)) for b in range(a + 1, len(self.nodes))
                if (a, b) not in self.joined and (a, b) not in self.excluded]

    def join_all(self):
        """Join every free pair (the starting graph)."""
        for a, b in self.free_pairs():
            self.join(a, b)

    def returns_idle(self, active: int) -> bool:
        """Whether a return of the tracker before all ``active`` paths under way have ended could send nothing:
        every path under way is a transport along an edge (``Edge.inflight``: no random start, no detour), and
        every edge of every node they go to carries paths toward that node, so each endpoint that arrives there
        waits (:meth:`pending` sends an edge one way at a time) until those paths have ended.

        A new node's first transports (from both its neighbours) and the two trace edges of the start are such
        calls: the solver runs them to their end in one call
        (:meth:`~algnet.homotopy.monodromy.scheduler.Scheduler.step`) instead of returning at three quarters
        and tracking the last quarter alone.

        Examples
        --------
        Node 2 joined to nodes 0 and 1, one point sent from each: both edges carry paths toward node 2.

        >>> import numpy as np
        >>> g = MonodromyGraph(1, 1e-8, np.ones(1, dtype=complex))
        >>> for p in range(3):
        ...     _ = g.add_node(np.array([p], dtype=complex))
        >>> for i in (0, 1):
        ...     _ = g.nodes[i].find_or_add(np.array([1j]), np.array([1j]))
        >>> g.join(0, 2), g.join(1, 2), len(g.pending())
        (0, 1, 2)
        >>> g.returns_idle(2), g.returns_idle(3)        # 3 under way: one is not a transport of the graph
        (True, False)
        >>> _ = g.join(0, 1); g.returns_idle(2)          # nodes 0 and 1 joined: still nothing goes back from 2
        True
        """
        return self.arrays.returns_idle(active)

    def pending(self, edges=None):
        """Transports no edge knows yet, marked as sent: (edge, side, point, destination node).

        ``edges``: only these edge indices (default: all). An edge sends in one
        direction at a time: a side's points wait while paths from the other
        side are under way (one of them may end at the partner of a waiting
        point, which is then matched without a path of its own); with nothing
        under way, the side with more unsent points goes first. Sending both
        ways at once tracked 17-20% of all paths twice (linear 6-2-4, conv
        k=2,2,2 r=2, dense 3-2-3 r=2, seeds 0-1: a path whose endpoint's
        own path, the other way, was already under way).
        """
        J = self.arrays.pending(edges)
        return list(zip(*J.T.tolist())) if J.shape[0] else []

    def transports(self, edges=None):
        """:meth:`pending` as arrays: (jobs, start points, start parameters, target parameters), ``jobs`` the
        integer rows (edge, side, point, destination node); the last three are None when there is nothing to send.

        Examples
        --------
        >>> import numpy as np
        >>> g = MonodromyGraph(1, 1e-8, np.ones(1, dtype=complex))
        >>> a, b = g.add_node(np.array([1.0])), g.add_node(np.array([2.0]))
        >>> _ = g.nodes[a].find_or_add(np.array([3j]), np.array([3j])); _ = g.join(a, b)
        >>> J, Y, P0, P1 = g.transports()
        >>> J.tolist(), Y.tolist(), P0.real.tolist(), P1.real.tolist()
        ([[0, 0, 0, 1]], [[3j]], [[1.0]], [[2.0]])
        """
        A = self.arrays
        J = A.pending(edges)
        if not J.shape[0]:
            return J, None, None, None
        src = A.ends[J[:, 0], J[:, 1]]
        return J, A.X[src, J[:, 2]], self._P[src], self._P[J[:, 3]]


#: :func:`key_slack`: relative error of a key per unit of (condition number x unit roundoff). A point solved
#: to a relative error of about cond * u has its key (the network's values, a polynomial of degree D in the
#: point: up to 15 for conv k=2,2,2,2 r=2) off by about D * cond * u; 32 covers D <= 16 with a factor 2. The
#: slack exceeds the default tolerance 1e-8 only above cond 2.8e6: well-conditioned points are compared as
#: before, while the endpoints the tracker still accepts up to cond 1e10 get up to 3.6e-5.
KEY_ERROR_FACTOR = 32.0


def key_slack(cond):
    """Relative key tolerance of points with these condition numbers: ``KEY_ERROR_FACTOR * cond * 2^-53``
    (nan or inf: 0, no slack).

    Examples
    --------
    >>> import numpy as np
    >>> key_slack(np.array([1.0, 1e10, np.nan])).round(8).tolist()
    [0.0, 3.553e-05, 0.0]
    """
    c = np.asarray(cond, dtype=float)
    return np.where(np.isfinite(c), KEY_ERROR_FACTOR * np.abs(c) * 2.0 ** -53, 0.0)


def key_slacks(cond) -> list:
    """:func:`key_slack` of a list of condition numbers as a list of Python floats, without numpy: the same values
    bit for bit (the endpoint loop of a degree run reads one per endpoint; numpy's four calls cost more than the
    list for the 5-60 endpoints of a return).

    Examples
    --------
    >>> c = [1.0, 1e10, float("nan"), float("inf")]
    >>> key_slacks(c) == key_slack(np.array(c)).tolist()
    True
    """
    f = KEY_ERROR_FACTOR
    return [f * abs(c) * 2.0 ** -53 if c - c == 0 else 0.0 for c in cond]


def random_parameters(rng, p0, scale, free):
    """p0 with the ``free`` coordinates replaced by complex normals of size ``scale``.

    Examples
    --------
    >>> import numpy as np
    >>> p = random_parameters(np.random.default_rng(0), np.array([5.0, 7.0], complex), 1.0, [1])
    >>> complex(p[0]), bool(p[1] != 7)
    ((5+0j), True)
    """
    m = p0.shape[0]
    p = p0.copy()
    z = (rng.normal(size=m) + 1j * rng.normal(size=m)) * scale / np.sqrt(2)
    p[free] = z[free]
    return p
