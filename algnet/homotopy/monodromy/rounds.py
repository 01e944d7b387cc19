"""The rounds of the monodromy solver: its starting graph, and at each saturation a stop, a loop or random starts.

:class:`GraphRounds` is the part of :class:`~algnet.homotopy.monodromy.solver.MonodromySolver` that decides
what the next round is once nothing is under way and nothing is left to send: stop (the trace test, the
loop budget, ``max_loops_no_progress``), send a batch of random starts to p0 (``MonodromyOptions.adaptive_starts``:
while they find more points per path than the last loop did), or add a generator -- an edge between two nodes not
yet joined or a new random node (:mod:`~algnet.homotopy.monodromy.growth`). It also draws the random nodes (on the
line p0 + z w or anywhere, ``MonodromyOptions.nodes``) and sends the random starts whole or a chunk at a time
(``MonodromyOptions.start_chunk``, by Good-Turing's share of unseen points).

Examples
--------
>>> from algnet.homotopy.monodromy import MonodromyOptions, MonodromySolver, example_family
>>> fam, x0, p0, count = example_family("bezout 2,2")   # x^2 + y = a, y^2 + x = b: 4 solutions
>>> solver = MonodromySolver(fam, MonodromyOptions(expected=4))
>>> isinstance(solver, GraphRounds), len(solver.solve(x0, p0, seed=1).solutions)
(True, 4)
>>> solver.graph.generators() >= 0, solver.unseen_share()      # no random starts: every point unseen
(True, 1.0)
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.monodromy.graph import random_parameters
from algnet.homotopy.monodromy.growth import next_edge
from algnet.homotopy.pinned import point_vars

__all__ = ["GraphRounds", "START_WHOLE_SHARE"]

#: With ``MonodromyOptions.start_chunk``: a batch of restarts goes whole while Good–Turing's share of starts
#: expected to land on a point no start has hit (:meth:`GraphRounds.unseen_share`) is at least this. Many
#: points unseen (linear 6-2-4, degree 105, after its first 32 starts): chunks would find as much and only
#: lengthen the round (chunks at every share: the same paths, 6-10% more CPU, the last chunk of a round tracked
#: nearly alone); measured with the degree route (:data:`~algnet.analyses.degree_monodromy.DEGREE_START_CHUNK`).
START_WHOLE_SHARE = 0.3


class GraphRounds:
    """The rounds of :class:`~algnet.homotopy.monodromy.solver.MonodromySolver` (a mixin: it reads the solver's
    ``opt``, ``graph``, ``scheduler``, ``stats``, ``rng``, ``p0``, ``sampler``, its start pairs and its trace test).

    Examples
    --------
    >>> from algnet.homotopy.monodromy import MonodromySolver, example_family
    >>> fam, x0, p0, count = example_family("bezout 3,2")
    >>> solver = MonodromySolver(fam)
    >>> res = solver.solve(x0, p0, seed=1, target_count=count)
    >>> len(res.solutions), solver.graph.generators() >= 0
    (6, True)
    """

    def random_starts(self, k, whole: bool = False):
        """Draw k sampled start pairs and send them to p0: all at once (``whole``, without
        ``MonodromyOptions.start_chunk``, or while :meth:`unseen_share` is at least :data:`START_WHOLE_SHARE`),
        else a chunk at a time (:meth:`_next_chunk`)."""
        if self.sampler is None or k <= 0:
            return
        n = point_vars(self.family)
        Z, P = self._start_pairs(np.asarray(self.sampler(self.rng, k), dtype=np.complex128).reshape(-1, n))
        self.batch_new = 0
        self._queue = (Z, P)
        self._chunk_sent = False
        self._next_chunk(whole or self.opt.start_chunk <= 0 or self.unseen_share() >= START_WHOLE_SHARE)

    def _next_chunk(self, whole: bool = False):
        """Send the next ``start_chunk`` drawn starts (all that are left if ``whole``), or drop them when the
        share of starts expected to land on a point no start has hit (:meth:`unseen_share`) is below
        ``start_unseen``. The start pairs are drawn all at once, so the random nodes drawn later are the same
        whether or not every chunk is sent."""
        Z, P = self._queue
        if self._chunk_sent and self.unseen_share() < self.opt.start_unseen:
            self._queue = None
            return
        c = Z.shape[0] if whole else self.opt.start_chunk
        Zc, Pc = Z[:c], P[:c]
        self._queue = (Z[c:], P[c:]) if Z.shape[0] > c else None
        self._chunk_sent = True
        self._chunk_left = Zc.shape[0]
        p0 = self.p0
        self.stats.start_paths += Zc.shape[0]
        self.scheduler.submit(Zc, Pc, np.repeat(p0[None, :], Zc.shape[0], axis=0),
                              np.repeat(np.array([[-1, 0, -1, 0]]), Zc.shape[0], axis=0))

    def unseen_share(self) -> float:
        """Good–Turing's estimate of the share of random starts that would land on a point not yet hit by one:
        the points hit exactly once over the starts that ended on a point (1.0 before any)."""
        n = sum(self._hits.values())
        return 1.0 if n == 0 else sum(1 for v in self._hits.values() if v == 1) / n

    def add_generator(self):
        """Join two nodes not yet joined, or add a random node joined to ``new_node_edges`` others
        (``MonodromyOptions.growth``: :func:`~algnet.homotopy.monodromy.growth.next_edge`)."""
        g, rng = self.graph, self.rng
        self._grown += 1
        pair = next_edge(g.free_pairs(), self.opt.growth, self._grown, self._found, self.opt.edge_after, rng,
                         self._edge_rng)
        if pair is not None:
            g.join(*pair)
            return
        c = g.add_node(self._new_parameters())
        for a in rng.choice(c, size=min(self.opt.new_node_edges, c), replace=False):
            g.join(int(a), c)

    def _new_parameters(self, turn=None):
        """A random node: on the line p0 + z w (``nodes``; ``turn``: its angle in turns) or anywhere."""
        opt, rng = self.opt, self.rng
        self._drawn += 1
        on_line = opt.nodes == "line" or (opt.nodes == "mixed" and (turn is not None or self._drawn % 2 == 0))
        if not on_line:
            return random_parameters(rng, self.p0, self.scale, self.free)
        if self.line is None:
            if self.use_trace:
                self.line = np.asarray(self.trace_direction, dtype=np.complex128).reshape(-1)
            else:
                self.line = random_parameters(rng, np.zeros_like(self.p0), self.scale / opt.loop_scale, self.free)
            self.turn0 = rng.random()
        phi = (self.turn0 + turn + 0.25 * rng.random()) if turn is not None else rng.random()
        radius = opt.line_radius if turn is not None else opt.line_radius * 10 ** rng.uniform(-1, 1)
        z = radius * rng.uniform(0.7, 1.3) * np.exp(2j * np.pi * phi)
        return self.p0 + z * self.line

    def _initial_graph(self):
        """The trace pair and ``graph_nodes`` random nodes, all joined; with ``trace_first`` the random nodes
        (drawn now, so the generator's sequence is the same) join at the first saturation
        (:meth:`_complete_graph`)."""
        opt = self.opt
        if self.use_trace:
            self.add_trace_pair(np.asarray(self.trace_direction, dtype=np.complex128).reshape(-1))
        nodes = [self._new_parameters(j / max(opt.graph_nodes, 1)) for j in range(opt.graph_nodes)]
        self._deferred = nodes if self.use_trace and opt.trace_first else []
        if not self._deferred:
            for p in nodes:
                self.graph.add_node(p)
            self.graph.join_all()

    def _complete_graph(self) -> bool:
        """Add the starting graph's deferred random nodes, joined to every node (whether any were deferred)."""
        if not self._deferred:
            return False
        for p in self._deferred:
            self.graph.add_node(p)
        self._deferred = []
        self.graph.join_all()
        return True

    def _saturated(self, state):
        """Nothing under way and nothing to send: decide to stop (a reason) or grow (None)."""
        opt, g = self.opt, self.graph
        if opt.max_loops == 0:
            return "max loops"
        if self._complete_graph():      # the trace edges alone did not pass: the starting graph as usual
            return None
        if self.use_trace and self.evaluate_trace() is None:
            # a failed path on a trace edge: the bijection is broken; use a new direction
            if self.trace_pairs >= 4:
                return "trace test could not be evaluated (failed paths on 4 trace lines)"
            v = np.asarray(self.trace_direction, dtype=np.complex128).reshape(-1)
            self.add_trace_pair(v * np.exp(2j * np.pi * self.rng.random()) * (0.5 + 0.5 * self.rng.random()))
            return None
        if not self.use_trace:
            state["stall"] = state["stall"] + 1 if g.nodes[0].count == state["at_saturation"] else 0
            state["at_saturation"] = g.nodes[0].count
            if state["stall"] >= opt.max_loops_no_progress:
                return f"no new solutions in {opt.max_loops_no_progress} loops"
        self._close_round()
        if self._starts_pay():
            self.random_starts(max(opt.random_starts, int(opt.start_batch * g.nodes[0].count)))
            self._round = ("starts", self.stats.paths, g.nodes[0].count)
            return None
        if g.generators() >= opt.max_loops:
            return "max loops"
        self.add_generator()
        if opt.restart_random and self.batch_new > 0:   # random starts that still find something
            self.random_starts(opt.random_starts + int(opt.restart_scale * self.graph.nodes[0].count))
        self._round = ("loop", self.stats.paths, g.nodes[0].count)
        return None

    def _close_round(self):
        """The yield of the round that ended at this saturation: new points at p0 per path (the
        paths that spread them over the graph included), kept per kind of round."""
        if self._round is not None:
            kind, paths, known = self._round
            self._found = self.graph.nodes[0].count - known
            self._yield[kind] = self._found / max(self.stats.paths - paths, 1)
            self._round = None

    def _starts_pay(self) -> bool:
        """Whether the next round is a batch of random starts instead of a new loop
        (``MonodromyOptions.adaptive_starts``): the last batch found new points at p0, and
        random starts have not yet found fewer points per path than the last loop."""
        if not (self.opt.adaptive_starts and self.sampler is not None and self.batch_new > 0):
            return False
        ys = self._yield.get("starts")
        return ys is None or ys > self._yield.get("loop", 0.0)
