"""What the monodromy solver does with the endpoints of stopped paths: points, correspondences, detours.

:class:`EndpointHandling` is the part of :class:`~algnet.homotopy.monodromy.solver.MonodromySolver` that
runs at every return of the path tracker (:meth:`~EndpointHandling.process`): the endpoints are refined
and classified (``finish``), the badly scaled ones the tracker called singular are rescued
(:meth:`~EndpointHandling.rescue`), their keys are computed in one call of the key function, and one compiled call
(:meth:`~algnet.homotopy.monodromy.graph_arrays.GraphArrays.insert_return`) looks every endpoint up among the points
of its destination and records the correspondences of the transports along edges; a failed transport is tracked
again around the branch point it met (``_detour_or_lose``). The symmetric images the solver tracks back to the base
parameters are rescued in the same way (:meth:`~EndpointHandling.kept_images`).

Examples
--------
>>> from algnet.homotopy.monodromy import MonodromySolver, example_family
>>> fam, x0, p0, count = example_family("bezout 2,2")
>>> solver = MonodromySolver(fam)
>>> isinstance(solver, EndpointHandling), len(solver.solve(x0, p0, seed=1, target_count=count).solutions)
(True, 4)
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.monodromy.graph import key_slack
from algnet.homotopy.tracker_rescue import RESCUE_CONDITION, rescue_scaled, rescue_singular  # the limit re-exported

__all__ = ["EndpointHandling", "RESCUE_CONDITION", "IMAGE_RESCUE_CONDITION"]

#: Largest condition number (rows and columns equilibrated) of a tracked symmetric image kept by
#: :meth:`EndpointHandling.kept_images`. A point refined by Newton's method at condition number c has a relative
#: error of about c x 2^-53 in the equilibrated scaling, and its key (values of degree up to 16 in it) about
#: 16 x c x 2^-53; the image is looked up with the tolerance :func:`~algnet.homotopy.monodromy.graph.key_slack`
#: (32 x c x 2^-53, twice that error) where that exceeds ``dedup_tolerance``, so a duplicate is not made at any c.
#: What bounds c is the other side: at 1e8 that tolerance is 3.6e-7 relative, far below the distance of the keys
#: of distinct points of a generic fiber; at the tracker's 1e10 (3.6e-5) two points that nearly meet could merge,
#: and the accuracy of Newton's converged point is only about 1e-6 there. Layers Linear(2,2), Power(2),
#: Linear(2,2), Power(3), Linear(2,1), seed 3: the images of 6 of 60 fiber points end at 1.8e6-4.3e6.
IMAGE_RESCUE_CONDITION = 1e8


def _key_rows(K, u, cond):
    """:func:`~algnet.homotopy.monodromy.key_rows.key_rows`, imported at the first call (it compiles with numba, whose
    import a process pays only where it tracks: ``import algnet`` and the command line stay without it); the
    import then replaces this function in the module."""
    global _key_rows
    from algnet.homotopy.monodromy.key_rows import key_rows

    _key_rows = key_rows
    return key_rows(K, u, cond)


class EndpointHandling:
    """The endpoint work of :class:`~algnet.homotopy.monodromy.solver.MonodromySolver` (a base class: it reads the
    solver's graph, scheduler, statistics, key function and options).

    Examples
    --------
    >>> from algnet.homotopy.monodromy import MonodromySolver, example_family
    >>> fam, x0, p0, count = example_family("bezout 3,2")
    >>> solver = MonodromySolver(fam)
    >>> res = solver.solve(x0, p0, seed=1, target_count=count)
    >>> solver.stats.rescued >= 0, len(res.solutions)
    (True, 6)
    """

    def process(self, stopped):
        """Record the endpoints of stopped paths: new points, edge correspondences, failures.

        The keys of the successful endpoints come from one call of the key function, their largest moduli,
        projections and condition numbers' slacks from one kernel call
        (:func:`~algnet.homotopy.monodromy.key_rows.key_rows`); one more kernel call
        (:meth:`~algnet.homotopy.monodromy.graph_arrays.GraphArrays.insert_return`) looks every endpoint up at its
        destination, in the order of ``stopped``, and records the transports along edges that succeeded (the usual
        endpoint). Python then visits only the others: failures (detours), random starts and detours' legs.
        """
        sc = self.scheduler
        PT, g, st_ = sc.tracker, self.graph, self.stats
        PT.finish(stopped)
        stl = PT.status[stopped].tolist()
        if "singular" in stl:
            self.rescue(stopped)
            stl = PT.status[stopped].tolist()
        st_.note_status(stl)
        # keys, sizes, projections and condition numbers of the successful endpoints only (row r of each for the
        # r-th of them)
        okl = [s == "success" for s in stl]
        n_ok = okl.count(True)
        okm = np.array(okl, dtype=bool)
        at = stopped if n_ok == len(okl) else stopped[okm]
        if n_ok:
            KY = self._keys(PT.X[at], sc.H.p1[at] if self._full_needs_p else None)
            top, proj, slack = _key_rows(KY, g.u, PT.cond[at])
        else:
            KY = np.empty((0, g.arrays.q), dtype=np.complex128)
            top = proj = slack = np.empty(0)
        before, te, legs = g.nodes[0].count, self.trace_edges, []
        jja, newa, handled, on_trace, n_left = g.arrays.insert_return(stopped, okm, PT.X, KY, top, proj, slack,
                                                                       sc.jobs, te)
        st_.trace_paths += on_trace
        edges = g.edges
        # the endpoints left (not a transport along an edge that succeeded), in order; their lookups are done
        left = np.flatnonzero(handled == 0).tolist() if n_left else ()
        for j in left:
            k = int(stopped[j])
            job = sc.job(k)
            ok = okl[j]
            ei, s_, i, b = job[:4]
            leg = job[4] if len(job) > 4 else 0
            if te is not None and ei in te and not leg:
                st_.trace_paths += 1
                if not ok:
                    st_.trace_failures += 1
            if ei < 0:
                self._chunk_left -= 1
            if leg == 1:                        # the first leg of a detour: go on to the destination
                if ok:
                    legs.append((k, job))
                else:
                    self._detour_or_lose(job, stl[j] == "diverged")
                continue
            if not ok:
                if ei >= 0:
                    self._detour_or_lose(job, stl[j] == "diverged")
                continue
            jj, new = int(jja[j]), bool(newa[j])
            if ei < 0:
                self.batch_new += new
                if jj >= 0:
                    self._hits[jj] = self._hits.get(jj, 0) + 1
                st_.start_new += new
                continue
            if leg:                              # a detour's endpoint: a point of b, no correspondence
                st_.detours_found += new
                edges[ei].lost(s_)
                continue
            if jj < 0:
                edges[ei].lost(s_)               # a non-finite key
                continue
            edges[ei].record(s_, i, jj, g.nodes)
        nodes = g.nodes
        for k, (ei, s_, i, b, _, tries, mid) in legs:
            sc.submit(PT.X[k][None, :], mid[None, :], nodes[b].p[None, :], [(ei, s_, i, b, 2, tries, mid)])
        if self._queue is not None and self._chunk_left == 0:
            self._next_chunk()
        if nodes[0].count > before:
            self.apply_actions(before)
            st_.note_new(g.generators(), nodes[0].count, nodes[0].count - before)

    def rescue(self, stopped):
        """Endpoints the tracker called ``singular`` that are only badly scaled become ``success``.

        The tracker's test equilibrates the rows of the Jacobian, not its columns; witness points of deep
        networks have coordinates of very different sizes (conv k=2,2,2,2 r=2 and dense 3-2-2-2 r=2, seed 0:
        160 of 7,539 endpoints of the starting graph), and dropping them left the trace points one short
        on every trace line (dense 3-2-2-2 r=2: four trace pairs, then no trace test at all). An endpoint
        is kept when two Newton steps at its target parameters converge (the last step below 1e-10 of
        its size) and its Jacobian with rows and columns equilibrated has a condition number below
        :data:`RESCUE_CONDITION` (:func:`~algnet.homotopy.tracker_rescue.rescue_scaled`); ``stats.rescued`` counts
        them.
        """
        PT = self.scheduler.tracker
        idx = stopped[PT.status[stopped] == "singular"]
        if not idx.size:
            return
        ok, X, cond = rescue_scaled(self.family, PT.X[idx], self.scheduler.H.p1[idx], RESCUE_CONDITION)
        PT.X[idx[ok]] = X[ok]
        PT.status[idx[ok]] = "success"
        PT.cond[idx[ok]] = cond[ok]
        self.stats.rescued += int(ok.sum())

    def kept_images(self, tr):
        """``(points, slacks)``: the endpoints of ``tr`` (symmetric images tracked back to the base parameters) that
        succeeded, and those the tracker called ``singular`` that are only badly scaled (the test of :meth:`rescue`
        with the limit :data:`IMAGE_RESCUE_CONDITION`, counted in ``stats.rescued``); with the key tolerance of each
        (:func:`~algnet.homotopy.monodromy.graph.key_slack` of its condition number), as :meth:`process` looks
        its endpoints up.

        Examples
        --------
        >>> import numpy as np
        >>> from types import SimpleNamespace
        >>> from algnet.homotopy.monodromy import MonodromySolver, example_family
        >>> fam, x0, p0, count = example_family("square")
        >>> solver = MonodromySolver(fam)
        >>> res = solver.solve(x0, p0, seed=1, target_count=count)      # base parameters p0 = 1: x^2 = 1
        >>> before = solver.stats.rescued
        >>> tr = SimpleNamespace(x=np.array([[1.0 + 0j], [-1.0 + 1e-9j], [1e3 + 0j]]), condition=np.ones(3),
        ...                      status=("success", "singular", "singular"), success=np.array([True, False, False]))
        >>> Z, slack = solver.kept_images(tr)         # the root -1 kept, 1000 (no root near) not
        >>> Z[:, 0].real.tolist(), solver.stats.rescued - before, bool(slack.max() < 1e-14)
        ([1.0, -1.0], 1, True)
        """
        X, ok, cond, rescued = rescue_singular(self.family, tr.x, tr.success, tr.status, self.p0,
                                               IMAGE_RESCUE_CONDITION, tr.condition)
        self.stats.rescued += rescued
        return X[ok], key_slack(cond[ok])

    def _detour_or_lose(self, job, diverged: bool = False):
        """A transport that failed (its segment passes too close to a branch point) is tracked again
        around it, through a random point off the segment near its middle (``MonodromyOptions.detours``
        tries); its endpoint is a point of the destination, added without a correspondence. Otherwise,
        and for a path that diverged (its endpoint is beyond the tracker's norm: a detour ends there
        too; dense 3-2-2-2 r=2, seed 0: 29 new points from 1,049 detours, 1,000 of them after
        divergence), the edge gives it up."""
        g, opt = self.graph, self.opt
        ei, s_, i, b = job[:4]
        tries = job[5] if len(job) > 4 else 0
        if tries >= opt.detours or diverged:
            g.edges[ei].lost(s_)
            return
        a = g.edges[ei].ends[s_]
        pa, pb = g.nodes[a].p, g.nodes[b].p
        z = self.rng.normal(size=pa.shape) + 1j * self.rng.normal(size=pa.shape)
        mid = 0.5 * (pa + pb) + 0.25 * np.linalg.norm(pb - pa) * z / np.linalg.norm(z)
        self.stats.detours += 1
        self.scheduler.submit(g.nodes[a].X[i][None, :], pa[None, :], mid[None, :], [(ei, s_, i, b, 1, tries + 1, mid)])

