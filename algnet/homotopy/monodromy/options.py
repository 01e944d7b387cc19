"""Options and results of monodromy solving and of the trace test.

Examples
--------
>>> MonodromyOptions().graph_nodes, MonodromyOptions(max_loops=3).max_loops
(1, 3)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from algnet.homotopy.tracker import TrackerOptions

__all__ = ["MonodromyOptions", "MonodromyResult", "TraceTestResult"]


@dataclass(frozen=True)
class MonodromyOptions:
    """Options of :class:`MonodromySolver` and :func:`monodromy_solve` (frozen; defaults in parentheses).

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
        values span many orders of magnitude). An endpoint whose condition
        number makes its key less accurate than that is compared with its own,
        larger tolerance (:func:`~algnet.homotopy.monodromy.graph.key_slack`:
        above condition number 2.8e6).
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
        points tracked to p0 before the first round (32; more starts find
        more witness points in the first generation of paths: linear 3-1-3
        0.057 s with 16, 0.043 s with 32 (numpy tracker), means over 5
        seeds. Six degree benchmarks of degree 6 to 81 (linear 3-1-3, conv
        k=3,3, linear 4-2-4, dense 3-2-2, conv k=2,2,2, dense 3-2-3; seeds
        0-2), compiled tracker: 16.2 paths per witness point with 8, 18.9
        with 32, but 8 lost on every case of degree <= 20 and won by one
        seed of dense 3-2-3 (941 paths against 3,000): within the spread
        between seeds).
    restart_random : bool
        With a sampler, track another ``random_starts`` sampled points to p0
        each time the graph grows, as long as the previous batch found a new
        solution there (True). Random starts land very unevenly: 800 of
        them reached 66 of the 81 witness points of dense 3-2-3 r=2 and
        none of the last five that monodromy found, so once a batch finds
        nothing they stop (six degree benchmarks, seeds 0-3: 16.4 paths per
        witness point without restarts, 18.6 restarting at every growth).
    restart_scale : float
        Each growth of the graph also tracks this many sampled starts per
        solution known at p0 (0.0; 0.5 gave 17.6 paths per witness point
        against 18.6 on the six benchmarks of ``random_starts``, within the
        spread between seeds, 1.0 gave 19.6).
    adaptive_starts : bool
        With a sampler: when the graph is saturated, the next round is a
        batch of ``max(random_starts, start_batch * known)`` random starts
        instead of a new loop as long as starts find new points and found
        more per path (with the paths that spread them over the graph) than
        the last loop (False). Meant for large degrees, where a loop costs
        about two paths per known point (conv k=2,2,2,2 r=2: 1,047 of 1,536
        points after the starting graph, 312 more for the next 7,900 paths
        of loops). Not a gain where measured: six degree benchmarks, seeds
        0-3, 13.1 paths per witness point against 13.2 without; conv k=2,3,2
        r=2 (degree 192), seeds 0/1: 14.3/23.9 against 15.5/21.8. Random
        starts land mostly on the points already found.
    start_batch : float
        See ``adaptive_starts`` (0.25).
    start_chunk : int
        With a sampler: how a batch of random starts after the first one (``restart_random``,
        ``adaptive_starts``) is sent (0: all at once, the default). Good–Turing's estimate of the share of
        starts that would land on a point no start has hit yet is the points hit by exactly one start over
        all starts that ended on a point (:meth:`~algnet.homotopy.monodromy.MonodromySolver.unseen_share`).
        While it is at least :data:`~algnet.homotopy.monodromy.solver.START_WHOLE_SHARE` (0.3) the batch goes
        whole; below, ``start_chunk`` at a time, the next chunk only while the share is at least
        ``start_unseen``. Starts rarely reach the points the loops still miss, so most restarts of a nearly
        complete witness set land on known points (measured on the degree benchmarks,
        :data:`~algnet.analyses.degree_monodromy.DEGREE_START_CHUNK`).
    start_unseen : float
        See ``start_chunk`` (0.2).
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
    growth : {"node", "edge", "mixed", "found"}
        How a saturated graph grows by one generator: "node" adds a random
        node joined to ``new_node_edges`` random nodes ("node"; "edge" joins
        two existing nodes, cheaper per generator but the cycles among few
        fixed nodes generate too small a group: 13 of 20 seeds complete on
        the family above; "mixed" alternates the two: 26.6 paths per witness
        point against 18.6 for "node" on the six benchmarks of
        ``random_starts``; "found" joins two existing nodes when the round that
        just ended found at least ``edge_after`` new points at p0, else adds a
        node: the degree route's choice, measured at
        :func:`~algnet.analyses.degree_monodromy.degree_options`).
    edge_after : int
        See ``growth`` (4).
    new_node_edges : int
        Edges of a new node (2: one generator per node; 3 and 4 were no
        better on the degree benchmarks).
    trace_tolerance : float
        Relative trace residual below which the trace test passes (1e-6). Loose for large witness
        sets: leaving one point out shrinks the residual about like 1 / (number of points), and on
        dense 2-2-2-1 r=3 (seed 1) 69 of 70 points gave 6.5e-7; the degree route uses 1e-9
        (:data:`algnet.analyses.degree_monodromy.TRACE_TOLERANCE`, with the measurements).
    tracker : TrackerOptions
        Options of every path tracked.
    expected : int or None
        The number of solutions expected at p0 when one is known (a
        theorem's value, an upper bound) (None). It is the total of the
        progress bar (with an ETA), and with ``stop_at_expected`` a stopping
        hint: once that many solutions are known at p0 only the trace edges
        are finished and the trace test decides; if it fails, the search
        goes on as if nothing were expected. It is never returned as a count.
    stop_at_expected : bool
        Use ``expected`` as the stopping hint above (True).
    nodes : {"random", "line", "mixed"}
        Where random nodes are drawn ("random"): anywhere (every free
        parameter a complex normal); "line": on the complex line p0 + z w
        through p0 (w: the trace direction, else random), at |z| about
        ``line_radius`` for the starting graph and log-uniform in
        [radius/10, 10 radius] when the graph grows (loops in one generic
        line generate the whole monodromy group, Zariski); "mixed": the
        starting nodes and every other new node on the line. A triangle
        p0 -> p0 + a w -> p0 + b w -> p0 with |a| = |b| = 10 moved 90% of
        the 81 witness points of dense 3-2-3 r=2 against 70% for a triangle
        through two random nodes (5 loops each), yet over dense 3-2-3,
        linear 6-2-4 and conv k=2,2,2 (seeds 0-3) the paths per witness
        point were 18.5 ("random"), 18.9 ("mixed") and 46 ("line": points
        that only far-away loops move wait for many growths).
    line_radius : float
        See ``nodes`` (10.0).
    trace_first : bool
        With a trace test: the starting graph's random nodes (``graph_nodes``) join only when the graph of
        p0 and the two trace points is saturated and the test has not passed there (False). When the random
        starts found every point, the two trace edges (2 paths per point) finish the run and the random
        node's three edges (3 more per point) are never tracked; otherwise the same starting graph is built
        one round later. The degree route sets it (:func:`~algnet.analyses.degree_monodromy.degree_options`,
        measured there).
    detours : int
        A transport along an edge that fails (its segment passes too close to a branch point: the
        step size underflows) is tracked again this many times around the trouble, through a random
        point off the segment near its middle (2); its endpoint is a solution at the destination,
        added without a correspondence. Without detours a failed transport on a trace edge leaves the
        trace points one short and costs a new trace pair, two paths per known point (conv
        k=2,2,2,2 r=2, seed 0: one failed path at 1,047 points, 2,094 paths).
    overlap : bool
        Process the endpoints of a return of the tracker while its next kernel call advances the paths
        still under way, on a worker thread (False): the solver's Python (keys, lookups, the graph, new
        transports) then keeps no core idle. The transports sent meanwhile join after that call, so the
        schedule (and the path counts) differ from the serial one, for any number of threads the same
        (the results do not depend on timing). A ``run_out`` return processes its first call's endpoints
        beside the later calls; a return that leaves no path under way is processed in two halves, the
        first half's transports tracked beside the second (:data:`~algnet.homotopy.monodromy.solver.SPLIT_SHARE`).
        Same degrees as the serial schedule on the degree benchmark's cases, at about 3% more CPU
        (bench/bench_degree.py, bench/bench_tracker.py).
    run_out : bool
        When a return of the tracker before every path under way has ended could send nothing, the tracker is
        called again until they have ended and the endpoints of all those calls are processed together: one
        return to the solver (keys, lookups, the graph) instead of several, the same kernel calls (True). Such
        a call: every path under way is a transport toward a node whose edges all carry paths toward it (a new
        node's first transports, the trace edges at the start), so its endpoints wait there until those paths
        have ended (:meth:`~algnet.homotopy.monodromy.graph.MonodromyGraph.returns_idle`). Measured with the
        degree route (``bench_degree``'s options): the same degrees and trace verdicts, nearly the same paths,
        10-22% fewer returns to the solver on the larger cases and the same kernel calls. One kernel call run to
        its end instead (as below ``TrackerOptions.stop_all_below``) tracks the last paths at the cost of full
        blocks (about 1.2x the kernels' work on linear 6-2-4).

    Examples
    --------
    >>> opt = MonodromyOptions(expected=4, max_loops=20)
    >>> opt.expected, opt.max_loops, opt.trace_tolerance
    (4, 20, 1e-06)
    >>> MonodromyOptions(growth="edge").growth
    'edge'
    """

    max_loops: int = 200
    max_loops_no_progress: int = 8
    graph_nodes: int = 1
    growth: str = "node"
    random_starts: int = 32
    restart_random: bool = True
    adaptive_starts: bool = False
    start_batch: float = 0.25
    start_chunk: int = 0
    start_unseen: float = 0.2
    refill: float = 0.5
    eager_below: int = 64
    new_node_edges: int = 2
    edge_after: int = 4
    dedup_tolerance: float = 1e-8
    parameter_scale: float | None = None
    loop_scale: float = 10.0
    trace_tolerance: float = 1e-6
    tracker: TrackerOptions = field(default_factory=TrackerOptions)
    restart_scale: float = 0.0
    expected: int | None = None
    stop_at_expected: bool = True
    nodes: str = "random"
    line_radius: float = 10.0
    detours: int = 2
    trace_first: bool = False
    overlap: bool = False
    run_out: bool = True


@dataclass(frozen=True)
class TraceTestResult:
    """Trace test outcome: ``residual`` = |T(1) - 2T(0) + T(-1)| / sum |t_i|.

    ``passed``: every path succeeded, ``residual`` is below ``tolerance`` and |T(1) - 2T(0) + T(-1)| is explained by
    the points' own accuracy (:func:`~algnet.homotopy.monodromy.trace.accuracy_explains`): the traces are affine as
    far as the points can tell -- numerical evidence of a complete set, not a proof. What it cannot see: a missing
    point whose whole share of the traces is within the other points' own errors (x^2 - (1e7 + 1) x = p: the root
    1e7 alone along a line of step 1e6, where the missing root's second difference, 2e-9, is the rounding unit of
    the root 1e7; a longer line shows it), and, with a functional given as one number a point, a coordinate whose
    trace is within a much larger coordinate's errors (the default random form is held coordinate by coordinate).

    Examples
    --------
    The two roots of x^2 = p sum to 0 for every p: the trace is linear, the test passes on 2 x 2 paths.

    >>> import numpy as np
    >>> from algnet.homotopy.monodromy import example_family, trace_test
    >>> fam = example_family("square").family
    >>> r = trace_test(fam, np.array([[2.0], [-2.0]]), np.array([4.0]), seed=0)
    >>> r.passed, r.paths, r.failed_paths, r.residual < r.tolerance
    (True, 4, 0, True)
    """

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

    Examples
    --------
    Stopping at the Bezout number 4 of a generic member; every solution found solves it:

    >>> import numpy as np
    >>> from algnet.homotopy.monodromy import example_family, monodromy_solve
    >>> fam, x0, p0, count = example_family("bezout 2,2")    # x^2 + y = a, y^2 + x = b: 4 solutions
    >>> res = monodromy_solve(fam, x0, p0, seed=1, options=MonodromyOptions(expected=4))
    >>> len(res.solutions), res.seed, bool(np.abs(fam.evaluate(res.solutions, np.tile(p0, (4, 1)))[0]).max() < 1e-10)
    (4, 1, True)
    >>> res.paths_per_solution == res.paths / 4
    True
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

    @property
    def paths_per_solution(self) -> float:
        """Paths tracked per solution found (the cost measure reported by the benchmarks)."""
        return self.paths / max(len(self.solutions), 1)
