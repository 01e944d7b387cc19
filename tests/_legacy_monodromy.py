"""Reference copy of the monodromy_solve function before the solver-object refactor (commit d4b6c91),
kept only so that tests/test_monodromy_solver.py can check that the refactor gives the same results.

Monodromy solving on a graph of parameter values, and the trace test.

Monodromy (Duff–Hill–Jensen–Lee–Leykin–Sommars, *Solving polynomial
systems via homotopy continuation and monodromy*, IMA J. Numer. Anal. 2019,
arXiv:1609.08722): for a family F(x; p) with a known start pair (x0, p0),
known solutions are transported along paths in parameter space; a closed
path permutes the solutions over its base point, and for an irreducible
solution variety the monodromy group acts transitively, so every solution
is eventually reached.

This implementation follows the paper's *graph* formulation. The nodes are
parameter values (the base p0, the two trace-test points p0 ± v when a
trace test is set up, and random complex points); every node keeps its own
set of known solutions; every edge is a straight parameter homotopy that
is tracked in both directions and remembers the correspondence it has
established. A solution is tracked along an edge only if that edge does
not already know where it goes, so an edge costs at most one path per
solution (d paths for a degree-d problem) while every independent cycle of
the graph is a monodromy loop: a graph with V nodes and E edges generates
with E - V + 1 loops (the *generators*, reported as ``loops``). Compared
with loops p0 -> p1 -> p2 -> p0 through two fresh points each (3 paths per
solution and loop), an edge between two existing nodes adds a loop for one
path per solution. Transports are tracked together (below).

When the graph is saturated (every edge knows its whole correspondence)
the solution sets of all nodes are in bijection; then, or as soon as the
two trace edges p0 -> p0 ± v are saturated, the trace test is evaluated on
the sets at p0 and p0 ± v without tracking anything more. A run stops when
the trace test passes, when ``target_count`` solutions are known at p0, or
(without a trace test) after ``max_loops_no_progress`` new generators in a
row found nothing; otherwise a generator is added (an edge between two
nodes not yet joined, or a new random node joined to two others).

Solutions are identified through a ``key`` (default: the point itself),
e.g. the image of a point under a map whose fibers should count once.
Known symmetries (group actions) seed and complete orbits at p0.

The trace test (Sommese–Verschelde–Wampler, *Symmetric functions applied
to decomposing solution sets of polynomial systems*, SIAM J. Numer. Anal.
40, 2002; Leykin–Rodriguez–Sottile, *Trace test*, Arnold Math. J. 2018)
moves the parameters along a line p0 + s v and checks that the sum of a
linear function of the (keyed) points is affine-linear in s:
``T(1) - 2 T(0) + T(-1) = 0`` holds for a complete witness set and fails
(generically) for an incomplete one. The residual is reported relative to
the sum of the magnitudes.

All paths go through one :class:`~algnet.homotopy.tracker.PathTracker`:
a transport joins it as soon as its start point is known (see
``MonodromyOptions.refill``), so every step advances all the paths there
are instead of waiting for the slowest path of a round.

Examples
--------
>>> import numpy as np
>>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
>>> G = PolynomialSystem.from_terms([{(3, 0): 1, (0, 1): 1}, {(0, 2): 1, (1, 0): 1}])
>>> fam = OffsetFamily(G)                        # x^3 + y = a, y^2 + x = b: 6 solutions
>>> x0 = np.array([0.3 + 0.1j, -0.7 + 0.2j])
>>> p0 = fam.start_parameters(x0)[0]
>>> res = monodromy_solve(fam, x0, p0, seed=1, target_count=6)
>>> len(res.solutions), res.stop_reason
(6, 'target count reached')
>>> trace_test(fam, res.solutions, p0, seed=2).passed
True
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from algnet.errors import ParameterError
from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.systems import System
from algnet.homotopy.tracker import PathTracker, TrackerOptions, track

__all__ = ["MonodromyOptions", "MonodromyResult", "monodromy_solve", "TraceTestResult", "trace_test",
           "track_parameters"]


@dataclass(frozen=True)
class MonodromyOptions:
    """Options of :func:`monodromy_solve` (frozen; defaults in parentheses).

    Attributes
    ----------
    max_loops : int
        Upper bound on the number of generators (independent cycles) of the
        graph (200); 0: no tracking at all (only the group actions).
    max_loops_no_progress : int
        Without a trace test: stop after this many generators added in a
        row to a saturated graph found nothing new at p0 (8).
    graph_nodes : int
        Random nodes of the starting graph besides p0 and the trace points
        (1). All nodes of the starting graph are joined to each other
        (except p0 + v to p0 - v, whose segment passes through p0): with the
        two trace points that is 4 nodes, 5 edges, 2 generators (paths per
        witness point summed over five degree benchmarks, 3 seeds each:
        56 with 1 random node, 67 with 0, 73 with 2).
    dedup_tolerance : float
        Keys closer than this times (1 + |key|) (max-norm) are the same (1e-8;
        1e-6 merged distinct witness points of dense 2-2-1 r=7, whose
        values span many orders of magnitude).
    parameter_scale : float or None
        Scale of the random node parameters; None: ``loop_scale`` times the
        root-mean-square of p0 (None).
    loop_scale : float
        See ``parameter_scale`` (10.0; on the family x^3 + y = a, y^2 + x = b
        of degree 6, 20 of 20 seeds found all solutions at 10 and 17 of 20
        at 4; the degree computations of algnet.analyses.degree, which are
        cones, are insensitive to it).
    random_starts : int
        With a ``sampler`` (see :func:`monodromy_solve`): random start
        points tracked to p0 before the first round (32; small cases are
        latency-bound, and more starts find more witness points in the
        first generation of paths: linear 3-1-3 0.057 s with 16, 0.043 s
        with 32, dense 2-2-1 r=7 0.33 s and 0.24 s, means over 5 seeds;
        cases of degree 48 to 192 within noise; 32 tracks 20% more paths
        than 16 in total).
    restart_random : bool
        With a sampler, track another ``random_starts`` sampled points to p0
        each time the graph grows (True: 48 against 52 without).
    refill : float
        New transports are sent to the path tracker, which advances every
        path under way together, when the paths under way have dropped to
        this fraction of their number at the last sending, and whenever
        none are left (0.5; three seeds of five degree benchmarks: 15%
        less time than 0, i.e. rounds that wait for their slowest path;
        1.0, sending at once, tracks 6% more paths for the same time: an
        edge is then more often tracked both ways at once).
    eager_below : int
        While fewer paths than this are under way, transports are sent as
        soon as they exist (64): below that a step costs about the same
        whatever the number of paths (Python overhead), so waiting only
        adds latency.
    growth : {"node", "edge"}
        How a saturated graph grows by one generator: "node" adds a random
        node joined to ``new_node_edges`` random nodes ("node"; "edge" joins
        two existing nodes, cheaper per generator but the cycles among few
        fixed nodes generate too small a group: 13 of 20 seeds complete on
        the family above).
    new_node_edges : int
        Edges of a new node (2: one generator per node; 3 and 4 were no
        better on the degree benchmarks).
    trace_tolerance : float
        Relative trace residual below which the trace test passes (1e-6).
    tracker : TrackerOptions
        Options of every path tracked.
    """

    max_loops: int = 200
    max_loops_no_progress: int = 8
    graph_nodes: int = 1
    growth: str = "node"
    random_starts: int = 32
    restart_random: bool = True
    refill: float = 0.5
    eager_below: int = 64
    new_node_edges: int = 2
    dedup_tolerance: float = 1e-8
    parameter_scale: float | None = None
    loop_scale: float = 10.0
    trace_tolerance: float = 1e-6
    tracker: TrackerOptions = field(default_factory=TrackerOptions)


@dataclass(frozen=True)
class TraceTestResult:
    """Trace test outcome: ``residual`` = |T(1) - 2T(0) + T(-1)| / sum |t_i|."""

    residual: float
    passed: bool
    tolerance: float
    paths: int
    failed_paths: int
    seed: int | None

    def __repr__(self):
        return (f"TraceTestResult(passed={self.passed}, residual={self.residual:.2e}, "
                f"tolerance={self.tolerance:.0e}, paths={self.paths}, failed_paths={self.failed_paths})")


@dataclass(frozen=True, eq=False)
class MonodromyResult:
    """Solutions of F(.; p0) found by monodromy.

    ``solutions`` (k, n), ``keys`` (k, q), ``parameters`` p0, ``loops``
    (generators of the graph: E - V + 1), ``paths`` tracked, ``path_failures``
    by status (paths that did not succeed; they are reported, their endpoints
    unused), ``stop_reason``, ``trace`` (last trace test or None), ``seed``,
    ``seconds``, ``partial`` (Ctrl-C), ``history`` (one row per round:
    generators, solutions known at p0, new ones at p0, paths so far), ``nodes`` and
    ``edges`` of the final graph, ``rounds`` (times new paths were sent to the tracker).
    """

    solutions: np.ndarray
    keys: np.ndarray
    parameters: np.ndarray
    loops: int
    paths: int
    path_failures: dict
    stop_reason: str
    trace: TraceTestResult | None
    seed: int | None
    seconds: float
    partial: bool = False
    history: tuple = ()
    nodes: int = 1
    edges: int = 0
    rounds: int = 0

    def __repr__(self):
        return (f"MonodromyResult(solutions={len(self.solutions)}, loops={self.loops}, paths={self.paths}, "
                f"failures={self.path_failures}, stop={self.stop_reason!r}, trace={self.trace}, "
                f"seed={self.seed}, seconds={self.seconds:.2f}{', partial' if self.partial else ''})")


def track_parameters(family: System, X, p0, p1, options: TrackerOptions | None = None,
                     show_progress: bool = False):
    """Track solutions X of F(.; p0) to F(.; p1) along the segment (a parameter homotopy).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))   # x^2 = p
    >>> r = track_parameters(fam, np.array([[1.0]]), [1.0], [4.0 + 0.5j])
    >>> bool(abs(r.x[0, 0] ** 2 - (4 + 0.5j)) < 1e-10), r.status
    (True, ('success',))
    """
    return track(ParameterHomotopy(family, p0, p1), X, options, show_progress=show_progress, desc="parameter")


class _Node:
    """A parameter value with its known solutions, identified by keys up to a tolerance.

    Keys are kept sorted by the real part of a fixed projection u with
    sum |u_j| = 1, so |Re u.(k - k')| <= max |k - k'|: a lookup compares only
    the keys whose projection lies within the tolerance.
    """

    def __init__(self, p, n, tol, u):
        self.p = p
        self.tol = tol
        self.u = u
        self.X = np.empty((8, n), dtype=np.complex128)
        self.K = None
        self.count = 0
        self.proj = np.empty(0)
        self.order = np.empty(0, dtype=np.int64)

    def find_or_add(self, x, k):
        """Index of the point with key k (added if new) and whether it is new."""
        if not np.all(np.isfinite(k)):
            return -1, False
        if self.K is None:
            self.K = np.empty((8, k.shape[0]), dtype=np.complex128)
        scale = self.tol * (1 + np.max(np.abs(k)))
        pr = float((k @ self.u).real)
        lo = np.searchsorted(self.proj, pr - scale, side="left")
        hi = np.searchsorted(self.proj, pr + scale, side="right")
        if hi > lo:
            cand = self.order[lo:hi]
            d = np.max(np.abs(self.K[cand] - k), axis=1)
            j = int(np.argmin(d))
            if d[j] <= scale:
                return int(cand[j]), False
        i = self.count
        if i == self.X.shape[0]:
            self.X = np.concatenate([self.X, np.empty_like(self.X)])
            self.K = np.concatenate([self.K, np.empty_like(self.K)])
        self.X[i] = x
        self.K[i] = k
        self.count += 1
        pos = np.searchsorted(self.proj, pr)
        self.proj = np.insert(self.proj, pos, pr)
        self.order = np.insert(self.order, pos, i)
        return i, True

    @property
    def sols(self):
        return self.X[:self.count]

    @property
    def keys(self):
        return self.K[:self.count] if self.K is not None else np.empty((0, 0), dtype=np.complex128)


class _Edge:
    """A straight parameter homotopy between nodes a and b and the correspondence found on it.

    ``done[s][i]``: point i of the node on side s is matched or was tracked;
    ``match[s][i]``: its partner on the other side (-1 while unknown).
    """

    def __init__(self, a, b):
        self.ends = (a, b)
        self.done = ([], [])
        self.match = ([], [])

    def sync(self, nodes):
        for s in (0, 1):
            k = nodes[self.ends[s]].count
            extra = k - len(self.done[s])
            if extra > 0:
                self.done[s].extend([False] * extra)
                self.match[s].extend([-1] * extra)

    def saturated(self, nodes):
        self.sync(nodes)
        return all(self.done[0]) and all(self.done[1])

    def bijective(self, nodes):
        """Saturated, and the matches pair every point of one side with one of the other."""
        if not self.saturated(nodes):
            return False
        ka, kb = (nodes[e].count for e in self.ends)
        m = self.match[0]
        return ka == kb and min(m, default=0) >= 0 and len(set(m)) == ka and min(self.match[1], default=0) >= 0


def _random_params(rng, p0, scale, free):
    m = p0.shape[0]
    p = p0.copy()
    z = (rng.normal(size=m) + 1j * rng.normal(size=m)) * scale / np.sqrt(2)
    p[free] = z[free]
    return p


def monodromy_solve(family: System, x0, p0, seed=None, options: MonodromyOptions | None = None,
                    key: Callable | None = None, group_actions=(), target_count: int | None = None,
                    free_parameters=None, trace_direction=None, trace_functional: Callable | None = None,
                    parameter_scale=None, sampler: Callable | None = None,
                    show_progress: bool = False) -> MonodromyResult:
    """Solve F(.; p0) = 0 by monodromy from known solutions ``x0``.

    Parameters
    ----------
    family : System
        A family with ``n_params > 0`` and ``param_derivative``.
    x0 : array (n,) or (k, n)
        Known solutions of F(.; p0).
    p0 : array (m,)
    seed : int, optional
        Seeds the random nodes (stored in the result).
    options : MonodromyOptions, optional
    key : callable, optional
        X (N, n) -> (N, q) identifying solutions (default: X itself); two
        solutions with equal keys count once.
    group_actions : sequence of callables
        X (N, n) -> (N, n), known symmetries. When the family has
        ``start_parameters`` (an :class:`OffsetFamily`-like family), an
        acted point is moved back to p0 by a parameter homotopy; otherwise
        the action is assumed to map solutions to solutions.
    target_count : int, optional
        Stop when this many solutions are known at p0 (e.g. a known root count).
    free_parameters : index array, optional
        Parameters varied at the random nodes (default: all).
    trace_direction, trace_functional : optional
        Set both to stop by the trace test (see :func:`trace_test`): the
        points p0 ± v join the graph and the test is evaluated whenever
        their edges to p0 are saturated; if it fails the graph grows.
    parameter_scale : array (m,), optional
        Typical size of each parameter (random nodes draw p_j of size
        ``loop_scale * parameter_scale[j]``); use it when parameter blocks
        have very different sizes.
    sampler : callable, optional
        ``sampler(rng, k) -> X (k, n)``: random points, each of which solves
        the member of the family at its own parameters ``family.start_parameters(X)``
        (a family of the :class:`OffsetFamily` kind). ``options.random_starts``
        of them are tracked to p0 before the first round: one batch that
        lands on many different solutions at once (each path ends on some
        solution over p0), which the graph then completes.
    show_progress : bool

    Returns
    -------
    MonodromyResult
        Ctrl-C returns the solutions found so far, marked ``partial``.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(5,): 1}]))      # x^5 = p
    >>> x0 = np.array([1.1 + 0.2j]); p0 = fam.start_parameters(x0)[0]
    >>> r = monodromy_solve(fam, x0, p0, seed=0, trace_direction=np.array([0.5 + 1j]),
    ...                     trace_functional=lambda X: X[:, 0])
    >>> len(r.solutions), r.stop_reason, r.trace.passed
    (5, 'trace test passed', True)
    """
    opt = options or MonodromyOptions()
    t_start = time.perf_counter()
    rng = np.random.default_rng(seed)
    p0 = np.asarray(p0, dtype=np.complex128).reshape(-1)
    if p0.shape[0] != family.n_params or family.n_params == 0:
        raise ParameterError(f"p0 must have length n_params = {family.n_params} > 0",
                             hint="monodromy needs a family of systems with parameters")
    X = np.asarray(x0, dtype=np.complex128)
    if X.ndim == 1:
        X = X[None, :]
    if X.shape[1] != family.n_vars:
        raise ParameterError(f"start solutions must have {family.n_vars} coordinates, not {X.shape[1]}",
                             hint="x0 is (n,) or (k, n) with n = family.n_vars")
    if opt.growth not in ("node", "edge"):
        raise ParameterError(f"unknown growth {opt.growth!r}", hint="growth is 'node' or 'edge'")
    keyf = key if key is not None else (lambda Y: Y)
    free = np.arange(family.n_params) if free_parameters is None else np.asarray(free_parameters)
    if parameter_scale is not None:
        scale = opt.loop_scale * np.asarray(parameter_scale, dtype=float)
    else:
        scale = opt.parameter_scale or opt.loop_scale * float(np.sqrt(np.mean(np.abs(p0[free]) ** 2)) or 1.0)
    use_trace = trace_direction is not None and trace_functional is not None
    n = family.n_vars
    K0 = np.asarray(keyf(X), dtype=np.complex128)
    q = K0.shape[1]
    u = rng.normal(size=q) + 1j * rng.normal(size=q)
    u /= np.sum(np.abs(u))
    nodes: list[_Node] = []
    edges: list[_Edge] = []
    joined: set = set()
    excluded: set = set()   # pairs whose segment passes through p0 (p0 + v, p0 - v)
    paths = 0
    failures: dict = {}
    history = []
    rounds = 0

    def add_node(p):
        nodes.append(_Node(p, n, opt.dedup_tolerance, u))
        return len(nodes) - 1

    def join(a, b):
        edges.append(_Edge(a, b))
        joined.add((min(a, b), max(a, b)))
        return len(edges) - 1

    def note(status):
        for s in status:
            if s != "success":
                failures[s] = failures.get(s, 0) + 1

    def generators():
        return len(edges) - len(nodes) + 1

    add_node(p0)
    for i in range(X.shape[0]):
        nodes[0].find_or_add(X[i], K0[i])

    def apply_actions(first):
        """Close the points of p0 from index ``first`` on under the group actions."""
        nonlocal paths
        while first < nodes[0].count and group_actions:
            frontier = nodes[0].sols[first:].copy()
            first = nodes[0].count
            for g in group_actions:
                Z = np.asarray(g(frontier), dtype=np.complex128)
                if hasattr(family, "start_parameters"):
                    P = family.start_parameters(Z)
                    tr = track(ParameterHomotopy(family, P, p0), Z, opt.tracker)
                    paths += Z.shape[0]
                    note(tr.status)
                    Z = tr.x[tr.success]
                if Z.shape[0]:
                    KZ = np.asarray(keyf(Z), dtype=np.complex128)
                    for i in range(Z.shape[0]):
                        nodes[0].find_or_add(Z[i], KZ[i])

    trace_edges = None
    trace = None
    trace_paths = [0, 0]  # paths and failures on the current trace edges
    trace_pairs = 0

    def add_trace_pair(v):
        nonlocal trace_edges, trace_pairs
        a = add_node(p0 + v)
        b = add_node(p0 - v)
        excluded.add((min(a, b), max(a, b)))
        trace_edges = (join(0, a), join(0, b))
        trace_paths[0] = trace_paths[1] = 0
        trace_pairs += 1

    # every path goes through one PathTracker: a transport joins it as soon as its start point
    # exists, so each step advances all paths there are (no waiting for the slowest of a batch)
    H = ParameterHomotopy(family, np.empty((0, family.n_params)), np.empty((0, family.n_params)))
    PT = PathTracker(H, n, opt.tracker)
    meta: list = []   # per tracked path: (edge, side, source index, destination node); edge -1: a random start

    def submit(X_, P0_, P1_, jobs):
        nonlocal paths, rounds
        H.extend(P0_, P1_)
        PT.add(X_)
        meta.extend(jobs)
        paths += len(jobs)
        rounds += 1

    def random_starts(k):
        """Send k sampled start pairs to p0."""
        if sampler is None or k <= 0:
            return
        Z = np.asarray(sampler(rng, k), dtype=np.complex128).reshape(-1, n)
        submit(Z, family.start_parameters(Z), np.broadcast_to(p0, (Z.shape[0], p0.shape[0])),
               [(-1, 0, -1, 0)] * Z.shape[0])

    def schedule():
        """Send every transport that no edge knows yet; returns how many."""
        jobs = []
        for ei, e in enumerate(edges):
            e.sync(nodes)
            for s_ in (0, 1):
                d = e.done[s_]
                for i in range(len(d)):
                    if not d[i]:
                        d[i] = True
                        jobs.append((ei, s_, i, e.ends[1 - s_]))
        if jobs:
            src = [edges[ei].ends[s_] for ei, s_, _, _ in jobs]
            Y = np.stack([nodes[a].X[i] for a, (_, _, i, _) in zip(src, jobs)])
            submit(Y, np.stack([nodes[a].p for a in src]), np.stack([nodes[j[3]].p for j in jobs]), jobs)
        return len(jobs)

    def process(stopped):
        """Record the endpoints of stopped paths: new points, edge correspondences, failures."""
        PT.finish(stopped)
        st = PT.status[stopped]
        note(st)
        ok = st == "success"
        KY = np.full((stopped.size, q), np.nan + 0j)
        if ok.any():
            KY[ok] = np.asarray(keyf(PT.X[stopped[ok]]), dtype=np.complex128)
        before = nodes[0].count
        for j, k in enumerate(stopped):
            ei, s_, i, b = meta[k]
            on_trace = trace_edges is not None and ei in trace_edges
            trace_paths[0] += on_trace
            if not ok[j]:
                trace_paths[1] += on_trace
                continue
            jj, _ = nodes[b].find_or_add(PT.X[k], KY[j])
            if jj < 0 or ei < 0:
                continue
            e = edges[ei]
            e.match[s_][i] = jj
            e.sync(nodes)
            if e.match[1 - s_][jj] < 0:
                e.match[1 - s_][jj] = i
            e.done[1 - s_][jj] = True
        if nodes[0].count > before:
            apply_actions(before)
            history.append((generators(), nodes[0].count, nodes[0].count - before, paths))

    def add_generator():
        """Join two nodes not yet joined, or add a random node joined to two others."""
        free_pairs = [(a, b) for a in range(len(nodes)) for b in range(a + 1, len(nodes))
                      if (a, b) not in joined and (a, b) not in excluded]
        if free_pairs and opt.growth == "edge":
            a, b = free_pairs[int(rng.integers(len(free_pairs)))]
            join(a, b)
            return
        c = add_node(_random_params(rng, p0, scale, free))
        for a in rng.choice(c, size=min(opt.new_node_edges, c), replace=False):
            join(int(a), c)

    def evaluate_trace():
        ea, eb = (edges[i] for i in trace_edges)
        if not (ea.bijective(nodes) and eb.bijective(nodes)):
            return None
        fa, f0, fb = (trace_functional(nodes[i].sols) for i in (ea.ends[1], 0, eb.ends[1]))
        mags = float(np.sum(np.abs(fa)) + np.sum(np.abs(f0)) + np.sum(np.abs(fb)))
        res = abs(np.sum(fa) - 2 * np.sum(f0) + np.sum(fb)) / max(mags, 1e-300)
        return TraceTestResult(float(res), bool(res < opt.trace_tolerance), opt.trace_tolerance,
                               trace_paths[0], trace_paths[1], seed)

    reason = "max loops"
    partial = False
    bar = None
    if show_progress:
        from tqdm.auto import tqdm

        bar = tqdm(desc="monodromy", unit="path")
    try:
        apply_actions(0)
        if sampler is not None and not hasattr(family, "start_parameters"):
            raise ParameterError("a sampler needs a family with start_parameters (any point solves some member)",
                                 hint="use an OffsetFamily-like family, or no sampler")
        random_starts(opt.random_starts)
        if opt.max_loops > 0:
            if use_trace:
                add_trace_pair(np.asarray(trace_direction, dtype=np.complex128).reshape(-1))
            for _ in range(opt.graph_nodes):
                add_node(_random_params(rng, p0, scale, free))
            for a in range(len(nodes)):
                for b in range(a + 1, len(nodes)):
                    if (a, b) not in joined and (a, b) not in excluded:
                        join(a, b)
        stall = 0
        count_at_saturation = nodes[0].count
        changed = True
        in_flight = [PT.active]   # paths under way when transports were last sent
        while True:
            if changed:
                if target_count is not None and nodes[0].count >= target_count:
                    reason = "target count reached"
                    break
                if use_trace and trace_edges is not None:
                    tt = evaluate_trace()
                    if tt is not None:
                        trace = tt
                        if tt.passed:
                            reason = "trace test passed"
                            break
                changed = False
            sent = 0
            if PT.active == 0 and opt.max_loops > 0:
                sent = schedule()
                in_flight[0] = PT.active
            if PT.active == 0 and not sent:
                # nothing under way and nothing to send: the graph is saturated, every node
                # holds the same number of points
                if opt.max_loops == 0:
                    reason = "max loops"
                    break
                if use_trace and evaluate_trace() is None:
                    # a failed path on a trace edge: the bijection is broken; use a new direction
                    if trace_pairs >= 4:
                        reason = "trace test could not be evaluated (failed paths on 4 trace lines)"
                        break
                    v = np.asarray(trace_direction, dtype=np.complex128).reshape(-1)
                    add_trace_pair(v * np.exp(2j * np.pi * rng.random()) * (0.5 + 0.5 * rng.random()))
                    continue
                if not use_trace:
                    stall = stall + 1 if nodes[0].count == count_at_saturation else 0
                    count_at_saturation = nodes[0].count
                    if stall >= opt.max_loops_no_progress:
                        reason = f"no new solutions in {opt.max_loops_no_progress} loops"
                        break
                if generators() >= opt.max_loops:
                    reason = "max loops"
                    break
                add_generator()
                if opt.restart_random:
                    random_starts(opt.random_starts)
                continue
            stopped = PT.step()
            if stopped.size:
                process(stopped)
                if opt.max_loops > 0 and (PT.active <= opt.refill * in_flight[0] or PT.active < opt.eager_below):
                    schedule()
                    in_flight[0] = PT.active
                changed = True
                if bar is not None:
                    bar.update(int(stopped.size))
                    bar.set_postfix(solutions=nodes[0].count, loops=generators())
    except KeyboardInterrupt:
        partial = True
        reason = "interrupted"
    finally:
        if bar is not None:
            bar.close()
    return MonodromyResult(nodes[0].sols.copy(), nodes[0].keys.copy(), p0, max(generators(), 0) if edges else 0,
                           paths, failures, reason, trace, seed, time.perf_counter() - t_start, partial,
                           tuple(history), len(nodes), len(edges), rounds)


def trace_test(family: System, X, p0, direction=None, functional: Callable | None = None, seed=None,
               options: MonodromyOptions | None = None, step: float = 1.0) -> TraceTestResult:
    """The linear trace test for the solutions X of F(.; p0).

    Tracks X to p0 + step v and to p0 - step v and compares the traces of
    ``functional`` (X (N, n) -> (N,), must be linear in the coordinates in
    which the witness set lives; default: a random linear form of X).

    Parameters
    ----------
    family : System
    X : array (k, n)
    p0 : array (m,)
    direction : array (m,), optional
        The direction v (default: random complex, of the size of p0).
    functional : callable, optional
    seed : int, optional
    options : MonodromyOptions, optional
    step : float

    Returns
    -------
    TraceTestResult
        ``passed`` needs every path to succeed and the relative residual
        to be below ``options.trace_tolerance``.
    """
    opt = options or MonodromyOptions()
    rng = np.random.default_rng(seed)
    X = np.asarray(X, dtype=np.complex128)
    p0 = np.asarray(p0, dtype=np.complex128)
    m = p0.shape[0]
    scale = float(np.sqrt(np.mean(np.abs(p0) ** 2)) or 1.0)
    if direction is None:
        direction = (rng.normal(size=m) + 1j * rng.normal(size=m)) * scale
    v = np.asarray(direction, dtype=np.complex128)
    if functional is None:
        w = rng.normal(size=family.n_vars) + 1j * rng.normal(size=family.n_vars)

        def functional(Y):
            return Y @ w
    traces = []
    failed = 0
    mags = np.abs(functional(X))
    for s in (step, -step):
        tr = track(ParameterHomotopy(family, p0, p0 + s * v), X, opt.tracker)
        failed += int((~tr.success).sum())
        vals = functional(tr.x)
        traces.append(np.sum(vals))
        mags = mags + np.abs(vals)
    t0 = np.sum(functional(X))
    res = abs(traces[0] - 2 * t0 + traces[1]) / max(float(np.sum(mags)), 1e-300)
    passed = failed == 0 and res < opt.trace_tolerance
    return TraceTestResult(float(res), bool(passed), opt.trace_tolerance, 2 * X.shape[0], failed, seed)
