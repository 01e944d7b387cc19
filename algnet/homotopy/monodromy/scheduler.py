"""Sending transports to one path tracker and deciding when to send more.

Every path of a monodromy solve goes through one
:class:`~algnet.homotopy.tracker.PathTracker` over one growing
:class:`~algnet.homotopy.homotopies.ParameterHomotopy` (per-path parameters):
a transport joins as soon as its start point is known, so every step
advances all paths there are instead of waiting for the slowest path of a
round. The scheduler keeps, per tracked path, what it was for (``meta``:
edge, side, source point, destination node; edge -1 for a random start),
and the refill rule (``MonodromyOptions.refill``, ``eager_below``); a
return whose endpoints could send nothing is joined to the next ones
(:meth:`Scheduler.step`, ``MonodromyOptions.run_out``).

Examples
--------
>>> import numpy as np
>>> from algnet.homotopy.monodromy.examples import example_family
>>> from algnet.homotopy.tracker import TrackerOptions
>>> from algnet.homotopy.monodromy.stats import MonodromyStatistics
>>> fam = example_family("square").family
>>> sc = Scheduler(fam, TrackerOptions(), MonodromyStatistics())
>>> sc.submit(np.array([[1.0 + 0j]]), np.array([[1.0 + 0j]]), np.array([[4.0 + 0j]]), [(-1, 0, -1, 0)])
>>> while sc.tracker.active:
...     stopped = sc.tracker.step()
>>> sc.tracker.finish(stopped); complex(np.round(sc.tracker.X[0, 0], 8)), sc.stats.paths
((2+0j), 1)
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.tracker import make_tracker

__all__ = ["Scheduler"]


class Scheduler:
    """One path tracker for all transports of a solve, with the bookkeeping of what each path is for.

    Examples
    --------
    Two transports of x^2 = p from p = 1 to p = 4 (jobs are any labels): they end at +-2.

    >>> import numpy as np
    >>> from algnet.homotopy.monodromy.examples import example_family
    >>> from algnet.homotopy.tracker import TrackerOptions
    >>> from algnet.homotopy.monodromy import MonodromyStatistics
    >>> fam = example_family("square").family
    >>> sc = Scheduler(fam, TrackerOptions(), MonodromyStatistics())
    >>> sc.submit(np.array([[1.0], [-1.0]]), np.ones((2, 1)), 4 * np.ones((2, 1)), ["a", "b"])
    >>> sc.stats.paths, sc.wants_more()                 # under 64 paths under way: send more
    (2, True)
    >>> stopped = sc.step(run_out=True)                 # as many calls as it takes, one return
    >>> sc.tracker.finish(stopped); stopped.size, sc.tracker.active
    (2, 0)
    >>> sorted(round(float(z.real), 10) for z in sc.tracker.result().x[:, 0])
    [-2.0, 2.0]
    """

    def __init__(self, family, tracker_options, stats, refill: float = 0.5, eager_below: int = 64):
        m = family.n_params
        self.family = family
        self.H = ParameterHomotopy(family, np.empty((0, m)), np.empty((0, m)))
        self.tracker = make_tracker(self.H, family.n_vars, tracker_options)
        self.jobs = np.zeros((64, 5), dtype=np.int64)   # per path: edge, side, point, destination node, leg
        self.n_jobs = 0
        self.labels: dict = {}   # path -> its job when not four numbers (a detour's legs, other labels)
        self.stats = stats
        self.refill = refill
        self.eager_below = eager_below
        self.in_flight = 0   # paths under way when transports were last sent
        self.legs = 0        # first legs of detours under way (their end sends the second leg)
        self.deferred = None  # transports submitted while a kernel call runs beside the caller (begin_overlap)
        self.unprocessed = None  # paths of an interrupted run_out step whose calls ended (take_unprocessed)

    def submit(self, X, P0, P1, jobs):
        """Start paths at the rows of X from parameters P0 to P1; ``jobs`` says what each one is for. While a
        kernel call runs beside the caller (:meth:`begin_overlap`) the paths wait until :meth:`end_overlap`."""
        self.legs += sum(1 for j in jobs if len(j) > 4 and j[4] == 1) if len(jobs) == 1 else 0
        if self.deferred is not None:
            self.deferred.append((np.array(X, dtype=np.complex128), np.asarray(P0), np.asarray(P1),
                                  jobs.copy() if isinstance(jobs, np.ndarray) else list(jobs)))
            self.stats.note_sent(len(jobs))
            return
        self.H.extend(P0, P1)
        self.tracker.add(X)
        self._add_jobs(jobs)
        self.stats.note_sent(len(jobs))

    def _add_jobs(self, jobs):
        """Append the jobs of new paths: rows (edge, side, point, destination node) of an integer array, or a list
        of labels (tuples (edge, side, point, destination node[, leg, tries, midpoint]) or anything else).
        :attr:`jobs` holds their numbers (leg 0 for a transport or a random start, 1 or 2 for a detour's legs;
        zeros for other labels), :attr:`labels` the labels that are not four numbers."""
        n, m = self.n_jobs, len(jobs)
        if n + m > self.jobs.shape[0]:
            grown = np.zeros((max(2 * self.jobs.shape[0], n + m), 5), dtype=np.int64)
            grown[:n] = self.jobs[:n]
            self.jobs = grown
        self.n_jobs = n + m
        if isinstance(jobs, np.ndarray) or all(isinstance(j, tuple) and len(j) == 4 for j in jobs):
            if m:
                self.jobs[n:n + m, :4] = jobs
                self.jobs[n:n + m, 4] = 0
            return
        for t, j in enumerate(jobs):
            if isinstance(j, tuple) and len(j) >= 4:
                self.jobs[n + t] = j[:4] + (j[4] if len(j) > 4 else 0,)
            if not (isinstance(j, tuple) and len(j) == 4):
                self.labels[n + t] = j

    def job(self, k):
        """What path k is for: (edge, side, point, destination node), or its label as submitted.

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.homotopy.monodromy.examples import example_family
        >>> from algnet.homotopy.tracker import TrackerOptions
        >>> from algnet.homotopy.monodromy import MonodromyStatistics
        >>> sc = Scheduler(example_family("square").family, TrackerOptions(), MonodromyStatistics())
        >>> sc.submit(np.ones((2, 1)), np.ones((2, 1)), 4 * np.ones((2, 1)), np.array([[0, 1, 5, 2], [0, 1, 6, 2]]))
        >>> sc.submit(np.ones((1, 1)), np.ones((1, 1)), 4 * np.ones((1, 1)), ["a start"])
        >>> sc.job(1), sc.job(2), sc.meta
        ((0, 1, 6, 2), 'a start', [(0, 1, 5, 2), (0, 1, 6, 2), 'a start'])
        """
        j = self.labels.get(k)
        return j if j is not None else tuple(self.jobs[k, :4].tolist())

    @property
    def meta(self) -> list:
        """What each path is for (:meth:`job`), in the order of the tracker's paths."""
        return [self.job(k) for k in range(self.n_jobs)]

    def begin_overlap(self, to_end: bool = False):
        """Start the tracker's next kernel call (``to_end``: its calls until no path is under way) on a worker thread
        (:meth:`~algnet.homotopy.compiled_overlap.BesideCalls.step_begin`); transports submitted until
        :meth:`end_overlap` join after them."""
        self.tracker.step_begin(to_end)
        self.deferred = []

    def end_overlap(self):
        """Wait for the kernel call of :meth:`begin_overlap`, add the transports submitted meanwhile (in order),
        and return the paths that stopped in the call. After a Ctrl-C the paths that stopped in the calls that ended
        are kept for :meth:`take_unprocessed`."""
        try:
            stopped = self.tracker.step_end()
        except KeyboardInterrupt:
            self.keep_unprocessed(getattr(self.tracker, "beside_stopped", None))
            raise
        finally:
            waiting, self.deferred = self.deferred, None
            if waiting:
                X, P0, P1 = (np.concatenate([w[i] for w in waiting]) for i in range(3))
                self.H.extend(P0, P1)
                self.tracker.add(X)
                for w in waiting:
                    self._add_jobs(w[3])
        return stopped

    def send_graph(self, graph, edges=None) -> int:
        """Send every transport of the graph (or of these ``edges``) that no edge knows yet; returns how many.

        The start points and parameters come as arrays from
        :meth:`~algnet.homotopy.monodromy.graph.MonodromyGraph.transports` (three gathers, no Python step a
        path)."""
        J, Y, P0, P1 = graph.transports(edges)
        if J.shape[0]:
            self.submit(Y, P0, P1, J)
        return J.shape[0]

    def note_stopped(self, stopped):
        """Count the first legs of detours among the paths that stopped (before their endpoints are processed)."""
        if self.legs:
            self.legs -= int(np.count_nonzero(self.jobs[stopped, 4] == 1))

    def step(self, run_out: bool = False):
        """The paths that stopped in one call of the tracker, or with ``run_out`` in as many calls as it takes to
        end every path under way: for a call whose early return could send nothing
        (:meth:`~algnet.homotopy.monodromy.graph.MonodromyGraph.returns_idle`), the endpoints of all its calls
        go to the solver together (one return, the same kernel calls).

        Not one call run to its end: the batched kernel then tracks the last paths of a call at the cost of
        full blocks (about 1.2x the kernels' work on linear 6-2-4), while a new call regroups the paths
        left."""
        PT = self.tracker
        stopped = PT.step()
        if run_out and PT.active:
            parts = [stopped]
            try:
                while PT.active:
                    parts.append(PT.step())
            except KeyboardInterrupt:
                self.unprocessed = np.concatenate(parts)   # the calls that ended: the solver keeps their endpoints
                raise
            stopped = np.concatenate(parts)
        return stopped

    def keep_unprocessed(self, stopped):
        """Keep paths that stopped but whose endpoints were not processed (a Ctrl-C came first) for
        :meth:`take_unprocessed`.

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.homotopy.monodromy.examples import example_family
        >>> from algnet.homotopy.monodromy import MonodromyStatistics
        >>> from algnet.homotopy.tracker import TrackerOptions
        >>> sc = Scheduler(example_family("square").family, TrackerOptions(), MonodromyStatistics())
        >>> sc.keep_unprocessed(np.array([3])); sc.keep_unprocessed(np.array([1, 2]))
        >>> sc.take_unprocessed().tolist(), sc.take_unprocessed().size
        ([3, 1, 2], 0)
        """
        if stopped is not None and stopped.size:
            self.unprocessed = stopped if self.unprocessed is None else np.concatenate([self.unprocessed, stopped])

    def take_unprocessed(self):
        """The paths that stopped in the calls of an interrupted ``run_out`` step before the interrupted call
        (an empty array when there are none), handed over once.

        Examples
        --------
        >>> from algnet.homotopy.monodromy.examples import example_family
        >>> from algnet.homotopy.monodromy import MonodromyStatistics
        >>> from algnet.homotopy.tracker import TrackerOptions
        >>> sc = Scheduler(example_family("square").family, TrackerOptions(), MonodromyStatistics())
        >>> sc.take_unprocessed().size
        0
        """
        left, self.unprocessed = self.unprocessed, None
        return np.empty(0, dtype=np.int64) if left is None else left

    def mark_sent(self):
        self.in_flight = self.tracker.active + sum(len(w[3]) for w in self.deferred or ())

    def wants_more(self) -> bool:
        """The refill rule: few paths left under way compared with the last sending."""
        active = self.tracker.active
        return active <= self.refill * self.in_flight or active < self.eager_below
