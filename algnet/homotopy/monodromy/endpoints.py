"""What the monodromy solver does with the endpoints of stopped paths: points, correspondences, detours.

:class:`EndpointHandling` is the part of :class:`~algnet.homotopy.monodromy.solver.MonodromySolver` that
runs at every return of the path tracker (:meth:`~EndpointHandling.process`): the endpoints are refined
and classified (``finish``), the badly scaled ones the tracker called singular are rescued
(:meth:`~EndpointHandling.rescue`), their keys are computed in one call of the key function, each endpoint is
looked up among the points of its destination (:meth:`~algnet.homotopy.monodromy.graph.SolutionSet.insert`),
and the edges record the correspondences; a failed transport is tracked again around the branch point it met
(``_detour_or_lose``).

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


__all__ = ["EndpointHandling", "RESCUE_CONDITION"]

#: Largest condition number (rows and columns equilibrated) of an endpoint kept by
#: :meth:`EndpointHandling.rescue`. Its key (the values at K sample inputs, of degree up to 16) is then
#: accurate to about 16 x 1e6 x 1.1e-16 < 2e-9 relative, inside ``dedup_tolerance`` (1e-8). With the
#: tracker's own limit 1e10 here, conv k=2,2,2,2 r=2 (seed 0) counted 1,540 points, four more than its
#: degree, once a new node had many nearly singular endpoints (whether the rescued endpoints or the
#: tracker's own ill-conditioned ones made the duplicates was not isolated). Every endpoint is now also
#: compared with a tolerance scaled by its condition number (:func:`~algnet.homotopy.monodromy.graph.key_slack`),
#: which at 1e6 is still the default 1e-8; the limit stays 1e6 (1e10 was not re-run with it).
RESCUE_CONDITION = 1e6


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

        The per-return work is a few numpy calls on all successful endpoints (keys, their largest moduli and
        projections) read back as Python lists; the loop over the endpoints then runs on plain Python values
        (the same numbers: a key's size ``1 + max |k|``, its slack from the condition number by
        :func:`~algnet.homotopy.monodromy.graph.key_slacks`), the usual endpoint (a successful transport along
        an edge) first. Measured with the other cuts of the same change (one-row key compares through a list,
        the solution sets' tolerances as lists, ``Edge.record`` without a full ``sync``, ``send_graph``'s slices;
        2026-12-05, ``bench/_degree_phases.py``, thread CPU of the solve less the kernel calls and keys, ms per
        seed, two pairs interleaved with the tree before, load 12-13): linear 4-2-4 7.39 / 6.51 -> 6.92 / 5.58,
        dense 3-2-2 r=2 7.40 / 7.68 -> 6.57 / 6.08, linear 6-2-4 49.1 / 49.3 -> 44.1 / 45.0; the same
        degrees, paths, loops, trace residuals and witness points (the eight cases of ``bench_degree.ISSUE16``,
        seeds 0-19)."""
        sc = self.scheduler
        PT, meta, g, st_ = sc.tracker, sc.meta, self.graph, self.stats
        PT.finish(stopped)
        stl = PT.status[stopped].tolist()
        if "singular" in stl:
            self.rescue(stopped)
            stl = PT.status[stopped].tolist()
        st_.note_status(stl)
        # keys, sizes, projections and condition numbers of the successful endpoints only (row r of each for the
        # r-th of them): the others are skipped below before any of these is read
        okl = [s == "success" for s in stl]
        n_ok = okl.count(True)
        at = stopped if n_ok == len(okl) else stopped[np.array(okl, dtype=bool)]
        if n_ok:
            KY = self._keys(PT.X[at], sc.H.p1[at] if self._full_needs_p else None)
            # each key's largest modulus, its projection and the slack of its endpoint's condition number (the
            # expected error of an ill-conditioned endpoint's key), in one kernel call (key_rows)
            topl, projl, slackl = (a.tolist() for a in _key_rows(KY, g.u, PT.cond[at]))
            # a key's largest modulus is finite exactly when its entries are, unless a modulus overflows
            finl = [t - t == 0 for t in topl]
            if not all(finl):
                finl = np.all(np.isfinite(KY), axis=1).tolist()
        before, te, legs = g.nodes[0].count, self.trace_edges, []
        nodes, edges = g.nodes, g.edges
        # the loop (once per endpoint) on plain Python values: the same numbers, less overhead than numpy scalars;
        # a job is (edge, side, point, destination) or, for a detour, those and (leg 1 or 2, tries, midpoint)
        X, r = PT.X, -1
        for j, k in enumerate(stopped.tolist()):
            job = meta[k]
            ok = okl[j]
            r += ok
            if len(job) == 4:
                ei, s_, i, b = job
                if ok and ei >= 0 and finl[r]:     # the usual endpoint: a transport along an edge that succeeded
                    if te is not None and ei in te:
                        st_.trace_paths += 1
                    jj, _ = nodes[b].insert(X[k], KY[r], slackl[r], 1 + topl[r], projl[r])
                    edges[ei].record(s_, i, jj, nodes)
                    continue
                leg = 0
            else:
                ei, s_, i, b, leg = job[:5]
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
            jj, new = nodes[b].insert(X[k], KY[r], slackl[r], 1 + topl[r], projl[r]) if finl[r] else (-1, False)
            if ei < 0:
                self.batch_new += new
                if jj >= 0:
                    self._hits[jj] = self._hits.get(jj, 0) + 1
                st_.start_new += new
                continue
            if leg:                              # a detour's endpoint: a point of b, no correspondence
                st_.detours_found += new
                edges[ei].inflight[s_] -= 1
                continue
            if jj < 0:
                edges[ei].inflight[s_] -= 1      # Edge.lost
                continue
            edges[ei].record(s_, i, jj, nodes)
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
        :data:`RESCUE_CONDITION`; ``stats.rescued`` counts them.
        """
        PT = self.scheduler.tracker
        idx = stopped[PT.status[stopped] == "singular"]
        if not idx.size:
            return
        X = PT.X[idx].copy()
        P = self.scheduler.H.p1[idx]
        with np.errstate(all="ignore"):
            try:
                for _ in range(2):
                    F, J = self.family.evaluate(X, P)
                    X = X - np.linalg.solve(J, F[..., None])[..., 0]
                F, J = self.family.evaluate(X, P)
                dx = np.linalg.solve(J, F[..., None])[..., 0]
            except np.linalg.LinAlgError:
                return
            A = np.abs(J)
            r = np.max(A, axis=2, keepdims=True)
            A = A / np.where(r > 0, r, 1)
            c = np.max(A, axis=1, keepdims=True)
            cond = np.linalg.cond(J / np.where(r > 0, r, 1) / np.where(c > 0, c, 1))
            size = 1 + np.max(np.abs(X), axis=1)
            ok = np.all(np.isfinite(X), axis=1) & np.isfinite(cond) & (cond <= RESCUE_CONDITION) \
                & (np.max(np.abs(dx), axis=1) <= 1e-10 * size)
        PT.X[idx[ok]] = X[ok] - dx[ok]
        PT.status[idx[ok]] = "success"
        PT.cond[idx[ok]] = cond[ok]
        self.stats.rescued += int(ok.sum())

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

