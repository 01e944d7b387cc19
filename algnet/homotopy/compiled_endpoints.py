"""The endpoint work of the compiled tracker (:class:`~algnet.homotopy.compiled.CompiledPathTracker`): the
refinement of stopped paths' endpoints at t = 1 and their classification by conditioning, read from the kernels'
status codes, in one GIL-free kernel call (:func:`~algnet.homotopy.endpoint_finish.finish_rows`; where numpy's
complex moduli cannot be reproduced in it, :func:`~algnet.homotopy.endpoint_kernels.endpoint_rows` and the steps
below).

:meth:`CompiledEndpoints.finish` computes what :meth:`algnet.homotopy.tracker.PathTracker.finish` computes (the
same arithmetic in the same order: endpoints, condition numbers, residuals and statuses bit for bit), selecting
the paths to refine by their int8 codes (1 reached, 2 near the end) instead of comparisons of the object
array of status strings, and calling the kernel directly when the endpoints go to one thread (in parts of 8 only for
threads: each row's work is its own), then :func:`~algnet.homotopy.endpoint_kernels.classify_rows` (one call for
the dozen numpy calls on a few rows that set X, cond, resid and the status codes).
This takes a few ms of the caller's Python off a degree run of 100-125 ms CPU. The whole pass is one kernel
call, :func:`~algnet.homotopy.endpoint_finish.finish_rows` (the codes read and set, the refinement, numpy's
largest moduli and the classification, row by row, no numpy call around it): about 100-160 us a return on the
degree benchmark's small cases; degrees, paths, loops, trace residuals, witness points and every ``finish``'s
endpoints, condition numbers, residuals, statuses and codes bit for bit those of the numpy calls.

Examples
--------
The cube roots of p = 1 carried to those of p = 8 (x^3 - p = 0), refined and classified at the end:

>>> import numpy as np
>>> from algnet.homotopy.compiled import CompiledPathTracker
>>> from algnet.homotopy.homotopies import ParameterHomotopy
>>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
>>> cube = OffsetFamily(PolynomialSystem.from_terms([{(3,): 1}]))
>>> tr = CompiledPathTracker(ParameterHomotopy(cube, [1.0], [8.0]), 1)
>>> _ = tr.add(np.exp(2j * np.pi * np.arange(3) / 3)[:, None])
>>> stopped = tr.step()
>>> tr.status.tolist(), tr.code.tolist()
(['reached', 'reached', 'reached'], [1, 1, 1])
>>> tr.finish(stopped)
>>> tr.status.tolist(), tr.code.tolist(), np.round(np.abs(tr.X[:, 0]), 12).tolist()
(['success', 'success', 'success'], [-1, -1, -1], [2.0, 2.0, 2.0])
"""

from __future__ import annotations

import time

import numpy as np

from algnet.homotopy.newton import _norm
from algnet.homotopy.tracker_options import ENDPOINT_NEWTON_TOLERANCE
from algnet.interrupts import ctrl_c_safe

__all__ = ["CompiledEndpoints"]

# the endpoint work: parts of at least this many endpoints, at most _ENDPOINT_PARTS of them, pulled by the threads.
# 8, not 32: a degree run's tracker returns 5-60 endpoints at a time, which parts of 32 left on one thread
# (threads=2: the endpoint work's critical path on linear 6-2-4 about 20% shorter for a few % more CPU; parts of
# 16 halfway)
_ENDPOINT_ROWS = 8
_ENDPOINT_PARTS = 8
_NO_TRANSFORM = np.zeros((0, 0), dtype=np.complex128)
_FINAL_NAMES = ("success", "failed", "singular")
_FINAL = np.array(_FINAL_NAMES, dtype=object)
#: endpoints whose statuses are set one by one (more: by one fancy index of the status array)
_FEW = 16


class CompiledEndpoints:
    """The endpoint methods of :class:`~algnet.homotopy.compiled.CompiledPathTracker` (a base class: it reads
    the tracker's tape, per-path arrays, options, threads and the constants its ``__init__`` makes).

    Examples
    --------
    >>> from algnet.homotopy.compiled import CompiledPathTracker
    >>> issubclass(CompiledPathTracker, CompiledEndpoints)
    True
    """

    def _refine_endpoints(self, idx):
        """Refined endpoints and the system's values there; the condition numbers and Newton updates of
        the same pass are kept for :meth:`_endpoint_checks` (one GIL-free kernel,
        :func:`~algnet.homotopy.endpoint_kernels.endpoint_rows`, on the threads :meth:`_chunks` allows)."""
        from algnet.homotopy.endpoint_kernels import endpoint_rows

        k, n = idx.size, self.n
        idx = np.ascontiguousarray(idx, dtype=np.int64)
        Xe = np.empty((k, n), dtype=np.complex128)
        hv = np.empty((k, n), dtype=np.complex128)
        kappa, dn = np.empty(k), np.empty(k)
        _, P1 = self.CH.parameters(self.size)
        targs, X, T, level = self._targs, self.X, self._transform, self._level
        it = int(self.opt.final_newton_iterations)
        self._checks = (kappa, dn)
        nparts = min(_ENDPOINT_PARTS, max(1, k // _ENDPOINT_ROWS))
        # one thread while a kernel call runs beside it (step_begin): that call has the other core
        threads = 1 if nparts == 1 or self._inflight is not None else self._chunks(k, _ENDPOINT_ROWS)
        if threads == 1:
            # all rows in one call on this thread (each row's work is its own: parts matter only to threads), without
            # share_jobs' jobs and closures; the thread's CPU counted as work and critical path alike
            c = time.thread_time()
            try:
                self.H.rows += int(endpoint_rows(idx, *targs, n, X, P1, it, 1e-12, T, level, Xe, hv, kappa, dn))
            finally:
                dt = time.thread_time() - c
                self.thread_seconds[0] += dt
                self.thread_seconds[1] += dt
            return Xe, hv, None
        from algnet.homotopy.threads import share_jobs, split_rows

        def job(a, b):
            return lambda: endpoint_rows(idx[a:b], *targs, n, X, P1, it, 1e-12, T, level, Xe[a:b], hv[a:b],
                                         kappa[a:b], dn[a:b])

        parts = split_rows(k, nparts)
        self.H.rows += sum(int(e) for e in share_jobs([job(a, b) for a, b in parts], threads, self.thread_seconds))
        return Xe, hv, None

    def _endpoint_checks(self, Hx, hv):
        kappa, dn = self._checks
        self._checks = None
        return kappa, dn

    @ctrl_c_safe        # its kernel's result is boxed in the caller's thread: a Ctrl-C there is put off
    def finish(self, idx):
        """:meth:`PathTracker.finish` read from the kernels' status codes (1 reached, 2 near the end) instead of
        the status strings: the same endpoints, values and statuses. A finished path's code becomes -1 (as that
        of a path finished while under way), so a second call leaves it alone, as the strings do. One kernel call
        (:func:`~algnet.homotopy.endpoint_finish.finish_rows`) where numpy's complex moduli can be computed in it
        (:func:`~algnet.homotopy.endpoint_finish.numpy_abs_matches`), else the refinement, numpy's moduli and the
        classification apart (:meth:`_classify`)."""
        from algnet.homotopy.endpoint_finish import numpy_abs_matches

        idx = np.asarray(idx, dtype=np.int64)
        if not idx.size:
            return
        if numpy_abs_matches():
            self._finish_rows(idx)
            return
        code = self.code[idx]
        done = code <= 2                    # codes 1 and 2 (reached, near the end), 0 (under way) and -1 (finished)
        fin = done & (code >= 1)
        fin_idx = idx[fin]
        if fin_idx.size:
            with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
                self._classify(fin_idx, code[fin] == 2)
        # statuses after refinement (success/singular) are final; keep the code non-zero
        self.code[idx[done]] = -1

    def _finish_rows(self, idx):
        """:meth:`finish` in :func:`~algnet.homotopy.endpoint_finish.finish_rows`: one call on this thread, or parts
        of the rows on the threads :meth:`_chunks` allows (each row's work is its own); the statuses of the paths
        it classified set from its codes."""
        from algnet.homotopy.endpoint_finish import finish_rows

        k = idx.size
        out = np.empty(k, dtype=np.int8)
        _, P1 = self.CH.parameters(self.size)
        targs, n, X, T, level = self._targs, self.n, self.X, self._transform, self._level
        it, tol, sing, ctol = int(self.opt.final_newton_iterations), 1e-12, float(self.opt.singular_condition), \
            ENDPOINT_NEWTON_TOLERANCE
        pcode, cond, resid = self.code, self.cond, self.resid
        nparts = min(_ENDPOINT_PARTS, max(1, k // _ENDPOINT_ROWS))
        # one thread while a kernel call runs beside it (step_begin): that call has the other core
        threads = 1 if nparts == 1 or self._inflight is not None else self._chunks(k, _ENDPOINT_ROWS)
        if threads == 1:
            c = time.thread_time()
            try:
                ev, done = finish_rows(idx, *targs, n, X, P1, it, tol, T, level, sing, ctol, pcode, cond, resid, out)
            finally:
                dt = time.thread_time() - c
                self.thread_seconds[0] += dt
                self.thread_seconds[1] += dt
        else:
            ev, done = _finish_parts(finish_rows, idx, (targs, n, X, P1, it, tol, T, level, sing, ctol, pcode, cond,
                                                        resid), out, nparts, threads, self.thread_seconds)
        self.H.rows += int(ev)
        if done and k <= _FEW:      # a few paths: no object-array fancy indexing
            status, names = self.status, _FINAL_NAMES
            for i, o in zip(idx.tolist(), out.tolist()):
                if o >= 0:
                    status[i] = names[o]
        elif done == k:
            self.status[idx] = _FINAL[out]
        elif done:
            sel = out >= 0
            self.status[idx[sel]] = _FINAL[out[sel]]

    def _classify(self, fin_idx, near):
        """Refine the endpoints of paths ``fin_idx`` that reached t = 1 (``near``: stopped near it) and set their
        statuses: :meth:`PathTracker.finish`'s arithmetic, in the same order
        (:func:`~algnet.homotopy.endpoint_kernels.classify_rows`)."""
        from algnet.homotopy.endpoint_kernels import classify_rows

        Xe, hv, _ = self._refine_endpoints(fin_idx)
        c, dn = self._endpoint_checks(None, hv)
        k = np.empty(fin_idx.size, dtype=np.int8)
        classify_rows(fin_idx, near, Xe, _norm(Xe), _norm(hv), c, dn, self.X, self.cond, self.resid,
                      float(self.opt.singular_condition), ENDPOINT_NEWTON_TOLERANCE, k)
        self.status[fin_idx] = _FINAL[k]


def _finish_parts(finish_rows, idx, args, out, nparts, threads, seconds):
    """``finish_rows`` of the rows ``idx`` in ``nparts`` parts on ``threads`` threads (``args``: its arguments after
    the rows, the tape's as one tuple, up to ``out``, whose parts each call fills): (evaluations, rows classified).
    Apart from :meth:`CompiledEndpoints._finish_rows`, whose one-thread call then makes no closure cells."""
    from algnet.homotopy.threads import share_jobs, split_rows

    targs, rest = args[0], args[1:]

    def job(a, b):
        return lambda: finish_rows(idx[a:b], *targs, *rest, out[a:b])

    parts = share_jobs([job(a, b) for a, b in split_rows(idx.size, nparts)], threads, seconds)
    return sum(int(e) for e, _ in parts), sum(int(d) for _, d in parts)
