"""The monodromy solver: a graph of parameter nodes, a scheduler of transports, statistics.

Monodromy (Duff–Hill–Jensen–Lee–Leykin–Sommars, *Solving polynomial
systems via homotopy continuation and monodromy*, IMA J. Numer. Anal. 2019,
arXiv:1609.08722) in its graph formulation: the nodes are parameter values
(the base p0, the two trace-test points p0 ± v when a trace test is set
up, and random complex points), each with its own set of known solutions;
every edge is a straight parameter homotopy tracked in both directions
that remembers the correspondence it has established
(:mod:`~algnet.homotopy.monodromy.graph`). A solution is tracked along an
edge only if that edge does not already know where it goes, so an edge
costs at most one path per solution while every independent cycle is a
monodromy loop. All paths go through one path tracker
(:mod:`~algnet.homotopy.monodromy.scheduler`); what was spent and found is
kept in :class:`~algnet.homotopy.monodromy.stats.MonodromyStatistics`. The
tracker's returns whose endpoints would all wait at their nodes are joined
to the next ones (``MonodromyOptions.run_out``), and a generator added at a
saturation sends its transports in the same call as the restarts sent there.

When the graph is saturated the solution sets of all nodes are in
bijection; then, or as soon as the two trace edges p0 -> p0 ± v are
saturated, the trace test is evaluated on the sets at p0 and p0 ± v
without tracking anything more. A run stops when the trace test passes,
when ``target_count`` solutions are known at p0, or (without a trace test)
after ``max_loops_no_progress`` new generators in a row found nothing;
otherwise a generator is added (an edge between two nodes not yet joined,
or a new random node joined to two others) or a batch of random starts is sent
(:mod:`~algnet.homotopy.monodromy.rounds`).

The structure follows HomotopyContinuation.jl's ``MonodromySolver`` (a
solver object holding the options and the tracker, a loop/graph state,
and statistics); the code is algnet's own.

Examples
--------
>>> from algnet.homotopy.monodromy import example_family
>>> fam, x0, p0, count = example_family("bezout 3,2")   # x^3 + y = a, y^2 + x = b: 6 solutions
>>> solver = MonodromySolver(fam)
>>> res = solver.solve(x0, p0, seed=1, target_count=count)
>>> len(res.solutions), res.stop_reason, solver.stats.paths == res.paths
(6, 'target count reached', True)
"""

from __future__ import annotations

import time
from typing import Callable

import numpy as np

from algnet.errors import ParameterError
from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.monodromy.endpoints import RESCUE_CONDITION, EndpointHandling  # noqa: F401
from algnet.homotopy.monodromy.graph import MonodromyGraph
from algnet.homotopy.monodromy.growth import LazyGenerator
from algnet.homotopy.monodromy.options import MonodromyOptions, MonodromyResult, TraceTestResult
from algnet.homotopy.monodromy.rounds import START_WHOLE_SHARE, GraphRounds
from algnet.homotopy.monodromy.scheduler import Scheduler
from algnet.homotopy.monodromy.trace import accuracy_explains, column_traces
from algnet.homotopy.monodromy.stats import MonodromyStatistics
from algnet.homotopy.pinned import free_unknowns, full_points, point_vars, start_pairs
from algnet.homotopy.systems import System
from algnet.homotopy.tracker import track
from algnet.interrupts import ctrl_c_safe

__all__ = ["MonodromySolver", "RESCUE_CONDITION", "START_WHOLE_SHARE", "GROWTHS", "SPLIT_SHARE", "SPLIT_MIN"]

#: With ``MonodromyOptions.overlap``, a return of the tracker that leaves no path under way is processed in two parts
#: (this share of its endpoints first, when it has at least ``SPLIT_MIN``): the transports the first part sends
#: are tracked beside the processing of the second.
SPLIT_SHARE = 0.5
SPLIT_MIN = 8

#: The values of ``MonodromyOptions.growth``.
GROWTHS = ("node", "edge", "mixed", "found")


class MonodromySolver(GraphRounds, EndpointHandling):
    """Solves members F(.; p0) of a family by monodromy (see the module doc).

    Parameters
    ----------
    family : System
        A family with ``n_params > 0`` and ``param_derivative``.
    options : MonodromyOptions, optional
    key, group_actions, free_parameters, parameter_scale, sampler
        As in :func:`~algnet.homotopy.monodromy.monodromy_solve`.

    Attributes
    ----------
    graph : MonodromyGraph
        Set by :meth:`solve`.
    scheduler : Scheduler
        Set by :meth:`solve`.
    stats : MonodromyStatistics
        Set by :meth:`solve`.

    Examples
    --------
    x^2 + y = a, y^2 + x = b has 4 solutions for generic (a, b) (Bezout's bound, reached):

    >>> from algnet.homotopy.monodromy import MonodromyOptions, example_family
    >>> fam, x0, p0, count = example_family("bezout 2,2")   # x^2 + y = a, y^2 + x = b: 4 solutions
    >>> solver = MonodromySolver(fam, MonodromyOptions(expected=4))
    >>> res = solver.solve(x0, p0, seed=1)
    >>> len(res.solutions), res.stop_reason, solver.stats.paths == res.paths
    (4, 'expected count 4 reached (no trace test)', True)
    """

    def __init__(self, family: System, options: MonodromyOptions | None = None, key: Callable | None = None,
                 group_actions=(), free_parameters=None, parameter_scale=None, sampler: Callable | None = None):
        self.family = family
        self.opt = options or MonodromyOptions()
        if self.opt.nodes not in ("random", "line", "mixed"):
            raise ParameterError(f"unknown nodes {self.opt.nodes!r}", hint="nodes is 'random', 'line' or 'mixed'")
        if self.opt.growth not in GROWTHS:
            raise ParameterError(f"unknown growth {self.opt.growth!r}",
                                 hint="growth is 'node', 'edge', 'mixed' or 'found'")
        if isinstance(self.opt.edge_after, bool) or not isinstance(self.opt.edge_after, (int, np.integer)) \
                or self.opt.edge_after < 1:
            raise ParameterError(f"edge_after={self.opt.edge_after!r} must be a positive integer",
                                 hint="the new points a round must find before the next generator is an edge")
        e = self.opt.expected
        if e is not None and (isinstance(e, bool) or not isinstance(e, (int, np.integer)) or e < 1):
            raise ParameterError(f"expected={e!r} must be a positive integer or None",
                                 hint="the number of solutions expected at p0 (a theorem's value), or None")
        self.keyf = key if key is not None else (lambda Y: Y)
        self.group_actions = tuple(group_actions)
        self.free = np.arange(family.n_params) if free_parameters is None else np.asarray(free_parameters)
        self.parameter_scale = parameter_scale
        self.sampler = sampler
        self.graph = self.scheduler = self.stats = None

    # ------------------------------------------------------------ set-up
    def _start(self, x0, p0, seed, trace_direction, trace_functional, trace_weights=None):
        fam, opt = self.family, self.opt
        self.rng = np.random.default_rng(seed)
        self.seed = seed
        p0 = np.asarray(p0, dtype=np.complex128).reshape(-1)
        if p0.shape[0] != fam.n_params or fam.n_params == 0:
            raise ParameterError(f"p0 must have length n_params = {fam.n_params} > 0",
                                 hint="monodromy needs a family of systems with parameters")
        X = np.asarray(x0, dtype=np.complex128)
        if X.ndim == 1:
            X = X[None, :]
        if X.shape[1] != fam.n_vars and X.shape[1] == point_vars(fam):
            X = free_unknowns(fam, X, p0)       # full points of a pinned family: its unknowns
        if X.shape[1] != fam.n_vars:
            raise ParameterError(f"start solutions must have {fam.n_vars} coordinates, not {X.shape[1]}",
                                 hint="x0 is (n,) or (k, n) with n = family.n_vars")
        self.p0 = p0
        if self.parameter_scale is not None:
            self.scale = opt.loop_scale * np.asarray(self.parameter_scale, dtype=float)
        else:
            self.scale = opt.parameter_scale or opt.loop_scale * float(
                np.sqrt(np.mean(np.abs(p0[self.free]) ** 2)) or 1.0)
        self.trace_weights = None if trace_weights is None else np.asarray(trace_weights, dtype=np.complex128)
        self.use_trace = trace_direction is not None and (trace_functional is not None
                                                          or self.trace_weights is not None)
        self.trace_direction = trace_direction
        self.trace_functional = trace_functional
        self._full_needs_p = getattr(fam, "full_needs_parameters", False)
        self._key_order = getattr(self.keyf, "points_order", "C")
        K0 = self._keys(X, p0)
        self.q = K0.shape[1]
        u = self.rng.normal(size=self.q) + 1j * self.rng.normal(size=self.q)
        u /= np.sum(np.abs(u))
        self.graph = MonodromyGraph(fam.n_vars, opt.dedup_tolerance, u)
        self.stats = MonodromyStatistics()
        self.graph.add_node(p0)
        for i in range(X.shape[0]):
            self.graph.nodes[0].find_or_add(X[i], K0[i])
        self.trace_edges = None
        self._trace_cache = {}
        self.batch_new = 0      # new solutions at p0 from the latest batch of random starts
        self._queue = None      # drawn start pairs not yet sent (``start_chunk``)
        self._chunk_left = 0    # paths of the latest chunk of starts under way
        self._chunk_sent = False  # whether a chunk of this batch was sent (the next one is decided on its hits)
        self._hits = {}         # point at p0 -> random starts that ended there (``start_chunk``)
        self._round = ("loop", 0, 0)   # (kind, paths, known at p0) when the current round began
        self._found = 0         # new points at p0 in the round that ended at the last saturation
        self._edge_rng = LazyGenerator([2, 0 if seed is None else int(seed)])  # edges of ``growth="found"``
        self._yield = {}        # new points at p0 per path of the last round of each kind
        self.line = None        # the direction of the line of nodes (``nodes="line"``, ``"mixed"``)
        self._drawn = 0
        self.trace_pairs = 0
        self._grown = 0
        self._deferred = []
        self.scheduler = Scheduler(fam, opt.tracker, self.stats, opt.refill, opt.eager_below)

    # ------------------------------------------------------------ pieces
    def _full(self, X, P):
        """The points solutions X at parameters P stand for (keys, trace functional, group actions and the
        result see these): X itself, or with a :class:`~algnet.homotopy.pinned.PinnedFamily` its pinned
        unknowns put back."""
        return full_points(self.family, X, P)

    def _keys(self, X, P):
        """The keys of solutions X at parameters P (rows; P is read only when the family needs it to put the
        points back, :attr:`~algnet.homotopy.pinned.PinnedFamily.full_needs_parameters`): the points built in the
        layout the key function asks for (its ``points_order`` attribute, "C" by default; the network's values
        read columns) -- the same numbers in either layout."""
        if P is not None and not self._full_needs_p:
            P = None
        return np.asarray(self.keyf(full_points(self.family, X, P, self._key_order)), dtype=np.complex128)

    def _reduce(self, T):
        return free_unknowns(self.family, T)

    def _start_pairs(self, T):
        """(unknowns, parameters) of full points T, each solving the member at its own parameters."""
        return start_pairs(self.family, T)

    def apply_actions(self, first):
        """Close the points of p0 from index ``first`` on under the group actions (images off the base member are
        tracked back to it; the endpoints kept and their key tolerances:
        :meth:`~algnet.homotopy.monodromy.endpoints.EndpointHandling.kept_images`)."""
        base = self.graph.nodes[0]
        while first < base.count and self.group_actions:
            frontier = self._full(base.sols[first:], self.p0).copy()
            first = base.count
            for g in self.group_actions:
                Z = np.asarray(g(frontier), dtype=np.complex128)
                if hasattr(self.family, "start_parameters"):
                    Z, P = self._start_pairs(Z)
                    tr = track(ParameterHomotopy(self.family, P, self.p0), Z, self.opt.tracker)
                    if tr.partial:      # Ctrl-C: raised on to solve(), which keeps what was found
                        raise KeyboardInterrupt
                    self.stats.paths += Z.shape[0]
                    self.stats.note_status(tr.status)
                    Z, slack = self.kept_images(tr)
                else:
                    Z = self._reduce(Z)
                    slack = np.zeros(Z.shape[0])
                if Z.shape[0]:
                    KZ = self._keys(Z, self.p0)
                    for i in range(Z.shape[0]):
                        base.find_or_add(Z[i], KZ[i], float(slack[i]))

    def add_trace_pair(self, v):
        """Nodes p0 ± v joined to p0 (never to each other: their segment passes through p0)."""
        g = self.graph
        a = g.add_node(self.p0 + v)
        b = g.add_node(self.p0 - v)
        g.exclude(a, b)
        self.trace_edges = (g.join(0, a), g.join(0, b))
        self.stats.reset_trace()
        self.trace_pairs += 1

    def evaluate_trace(self):
        """The trace test on the sets at p0 and p0 ± v, or None until both trace edges are saturated and
        the three sets have the same size. It passes as :func:`~algnet.homotopy.monodromy.trace.trace_test` does:
        a small relative residual explained by the points' own accuracy
        (:func:`~algnet.homotopy.monodromy.trace.accuracy_explains`); with ``trace_weights`` each key
        coordinate's trace by that coordinate's own errors too.

        The sets need not be transports of each other along the trace edges: three complete sets pass,
        incomplete ones fail generically whatever their correspondence. So a path that failed on a trace
        edge does not stop the test when its endpoint arrived along another edge (on conv k=2,2,2,2 r=2,
        seed 0, requiring bijective trace edges spent 2,094 paths on a second trace pair at 1,047 points).
        """
        g = self.graph
        ea, eb = (g.edges[i] for i in self.trace_edges)
        k = g.nodes[0].count
        # the counts first (three integers), the saturation (a pass over each edge's points) only when they agree
        if k == 0 or g.nodes[ea.ends[1]].count != k or g.nodes[eb.ends[1]].count != k \
                or not (ea.saturated(g.nodes) and eb.saturated(g.nodes)):
            return None
        nodes = (ea.ends[1], 0, eb.ends[1])
        (sa, ma), (s0, m0), (sb, mb) = (self._trace_sums(i) for i in nodes)
        d, total = abs(sa - 2 * s0 + sb), ma + m0 + mb
        res = float(d / max(total, 1e-300))  # as trace.trace_residual
        # as trace.trace_test: the residual explained by the points' own accuracy too (large points hide small ones)
        sets = [(g.nodes[i].sols, g.nodes[i].p) for i in nodes]
        passed = res < self.opt.trace_tolerance and accuracy_explains(d, total, self.family, sets,
                                                                     *self._trace_values())
        if passed and self.trace_weights is not None:   # each key coordinate's trace by its own errors too
            w = self.trace_weights
            passed = accuracy_explains(*column_traces([g.nodes[i].keys * w for i in nodes], (1, -2, 1)),
                                       self.family, sets, lambda K: K * w, self._keys)
        return TraceTestResult(res, bool(passed), self.opt.trace_tolerance,
                               self.stats.trace_paths, self.stats.trace_failures, self.seed)

    def _trace_values(self):
        """(functional, full): the trace functional's values are ``functional(full(X, P))`` at solutions X at P."""
        if self.trace_weights is not None:
            w = self.trace_weights
            return (lambda K: K @ w), self._keys
        return self.trace_functional, self._full

    def _trace_sums(self, node):
        """(sum of the trace functional, sum of its magnitudes) over the points of ``node``, kept up to date
        incrementally (points are only ever added): the test is evaluated after every batch of endpoints."""
        S = self.graph.nodes[node]
        done, s, m = self._trace_cache.get(node, (0, 0j, 0.0))
        if S.count > done:
            if self.trace_weights is not None:      # a linear functional of the keys the set already holds
                f = np.einsum("ij,j->i", S.keys[done:], self.trace_weights)
            else:
                f = np.asarray(self.trace_functional(self._full(S.sols[done:], S.p)))
            s, m = s + complex(np.add.reduce(f, axis=None)), m + float(np.add.reduce(abs(f), axis=None))  # np.sum
            self._trace_cache[node] = (S.count, s, m)
        return s, m

    # ------------------------------------------------------------ main loop
    def _send_edges(self):
        """The edges whose transports are sent: the trace edges only while finishing (see ``expected``)."""
        return self.trace_edges if self.finishing else None

    def _check_goal(self, known):
        """Enter the finishing phase (or stop, without a trace test) when the expected count is reached."""
        opt = self.opt
        if self.expect_stop and not self.finishing and known >= opt.expected:
            if not self.use_trace:
                return f"expected count {opt.expected} reached (no trace test)"
            self.finishing = True
        return None

    def _progress(self, show_progress, target_count):
        if not show_progress:
            return None
        from tqdm.auto import tqdm

        total = self.opt.expected if self.opt.expected is not None else target_count
        return tqdm(desc="monodromy", unit="point", total=total)

    def _update_progress(self, bar):
        if bar is not None:
            g = self.graph
            bar.update(g.nodes[0].count - bar.n)
            bar.set_postfix(paths=self.stats.paths, loops=max(g.generators(), 0), refresh=False)

    def _keep_unprocessed(self, sc):
        """After a Ctrl-C inside a ``run_out`` step: process the endpoints of the kernel calls that ended before
        the interrupted one (a second Ctrl-C here gives them up), so an interrupted solve keeps what was
        finished as without ``run_out``."""
        left = sc.take_unprocessed()
        if left.size:
            try:
                sc.note_stopped(left)
                self.process(left)
            except KeyboardInterrupt:
                pass

    def _process_return(self, stopped, to_end: bool = False):
        """Process the endpoints of paths that stopped and send new transports; with ``MonodromyOptions.overlap``
        beside the tracker's next kernel call (``to_end``: its calls until no path is under way), whose stopped
        paths are returned (else None). When no path is under way to overlap with, the first
        :data:`SPLIT_SHARE` of the endpoints (at least :data:`SPLIT_MIN` of them) is processed first and the
        transports it sends are tracked beside the processing of the rest."""
        opt, sc = self.opt, self.scheduler
        PT = sc.tracker
        beside = opt.overlap and hasattr(PT, "step_begin")
        if beside and to_end and PT.active > 0:
            # run_out: these endpoints could send nothing before the rest have ended; processed beside the rest's
            # calls, and the rest's endpoints right after them, before anything is sent (as one run_out return)
            rest = self._beside(lambda: self.process(stopped), True)
            if rest.size:
                sc.note_stopped(rest)
            self._process_part(rest)
            return None
        if beside and PT.active == 0 and opt.max_loops > 0 and stopped.size >= SPLIT_MIN:
            cut = int(SPLIT_SHARE * stopped.size)
            self._process_part(stopped[:cut])
            stopped = stopped[cut:]
        if beside and PT.active > 0:
            return self._beside(lambda: self._process_part(stopped))
        self._process_part(stopped)
        return None

    def _beside(self, work, to_end: bool = False):
        """``work()`` beside the tracker's next kernel call (or calls, ``to_end``); the paths that stopped in them.
        After a Ctrl-C in ``work`` the calls are waited for and their stopped paths kept for
        :meth:`_keep_unprocessed`."""
        sc = self.scheduler
        sc.begin_overlap(to_end)
        try:
            work()
        except KeyboardInterrupt:
            sc.keep_unprocessed(sc.end_overlap())
            raise
        except BaseException:
            sc.end_overlap()
            raise
        return sc.end_overlap()

    def _process_part(self, stopped):
        """:meth:`process` and the transports it lets the scheduler send."""
        sc = self.scheduler
        self.process(stopped)
        if self.opt.max_loops > 0 and sc.wants_more():
            sc.send_graph(self.graph, self._send_edges())
            sc.mark_sent()

    @ctrl_c_safe        # a public entry point (algnet.homotopy): a Ctrl-C cannot crash the interpreter
    def solve(self, x0, p0, seed=None, target_count: int | None = None, trace_direction=None,
              trace_functional: Callable | None = None, show_progress: bool = False,
              trace_weights=None) -> MonodromyResult:
        """Solutions of F(.; p0) from the known ones ``x0`` (see :func:`monodromy_solve`).

        The progress bar counts the solutions known at p0, out of
        ``options.expected`` (or ``target_count``) when given, with an ETA.
        """
        t_start = time.perf_counter()
        self._start(x0, p0, seed, trace_direction, trace_functional, trace_weights)
        opt, g, sc = self.opt, self.graph, self.scheduler
        PT = sc.tracker
        trace = None
        reason = "max loops"
        partial = False
        self.finishing = False
        self.expect_stop = opt.expected is not None and opt.stop_at_expected
        bar = self._progress(show_progress, target_count)
        try:
            self.apply_actions(0)
            if self.sampler is not None and not hasattr(self.family, "start_parameters"):
                raise ParameterError("a sampler needs a family with start_parameters (any point solves some member)",
                                     hint="use an OffsetFamily-like family, or no sampler")
            self.random_starts(opt.random_starts, whole=True)
            if opt.max_loops > 0:
                self._initial_graph()
            state = {"stall": 0, "at_saturation": g.nodes[0].count}
            changed = True
            pending = None      # the paths stopped in a kernel call run beside the last processing (``overlap``)
            sc.mark_sent()
            while True:
                if changed:
                    known = g.nodes[0].count
                    if target_count is not None and known >= target_count:
                        reason = "target count reached"
                        break
                    why = self._check_goal(known)
                    if why is not None:
                        reason = why
                        break
                    if self.use_trace and self.trace_edges is not None:
                        tt = self.evaluate_trace()
                        if tt is not None:
                            trace = tt
                            if tt.passed:
                                reason = "trace test passed"
                                break
                            if self.finishing:   # the expected count was wrong: search on without it
                                self.finishing = self.expect_stop = False
                    changed = False
                sent = 0
                if pending is None and PT.active == 0 and opt.max_loops > 0:
                    sent = sc.send_graph(g, self._send_edges())
                    sc.mark_sent()
                if pending is None and PT.active == 0 and not sent:
                    why = self._saturated(state)
                    if why is not None:
                        reason = why
                        break
                    if PT.active and opt.max_loops > 0:     # restarts sent: the new generator's edges join them
                        sc.send_graph(g, self._send_edges())
                        sc.mark_sent()
                    continue
                to_end = False
                if pending is None:
                    run_out = opt.run_out and not sc.legs and g.returns_idle(PT.active)
                    # with overlap, the calls after the first run beside the processing of its endpoints
                    to_end = run_out and opt.overlap and hasattr(PT, "step_begin")
                    stopped = sc.step(run_out and not to_end)
                else:
                    stopped, pending = pending, None
                if stopped.size:
                    sc.note_stopped(stopped)
                    pending = self._process_return(stopped, to_end)
                    changed = True
                    self._update_progress(bar)
        except KeyboardInterrupt:
            partial = True
            reason = "interrupted"
            self._keep_unprocessed(sc)
        finally:
            if bar is not None:
                self._update_progress(bar)
                bar.close()
        st = self.stats
        base = g.nodes[0]
        return MonodromyResult(self._full(base.sols, self.p0).copy(), base.keys.copy(), self.p0,
                               max(g.generators(), 0) if g.edges else 0, st.paths, st.failures, reason, trace,
                               seed, time.perf_counter() - t_start, partial, tuple(st.history), len(g.nodes),
                               len(g.edges), st.rounds)
