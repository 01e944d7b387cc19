"""A few paths of a parameter homotopy tracked to their ends by the compiled path-by-path kernel, with no tracker
object: :func:`track_few`, the route of :func:`~algnet.homotopy.monodromy.track_parameters` where it applies.

Below 16 paths (``_BATCH_MIN_ACTIVE`` of :mod:`.compiled`) on one thread, with every call running the paths to their
ends (``stop_batch`` 1, or ``stop_all_below`` above the paths), the compiled tracker
(:class:`~algnet.homotopy.compiled.CompiledPathTracker` under :func:`~algnet.homotopy.tracker.track`) makes one
kernel call of :func:`~algnet.homotopy.path_threads.advance_nogil` per ``_ROUNDS_PER_CALL`` rounds and then one of
:func:`~algnet.homotopy.endpoint_finish.finish_rows`; its homotopy, tracker and endpoint objects (about 60 Python
calls and 30 arrays around the two kernels) change nothing in them. :func:`track_few` makes the same kernel calls
with the same arguments -- the per-path arrays as the tracker fills them, the tape's parameters of p0 and p1 in one
row per path, the options' array, the rounds per call -- so the endpoints, statuses, condition numbers, residuals and
evaluations are the tracker's, bit for bit (``tests/test_few_paths.py`` compares them).

Examples
--------
>>> import numpy as np
>>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
>>> from algnet.homotopy.tracker import TrackerOptions
>>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))        # x^2 = p
>>> r = track_few(fam, np.array([[1.0], [-1.0]]), [1.0], [4.0 + 1j], TrackerOptions(threads=1, stop_batch=1.0))
>>> r.status, bool(np.allclose(r.x[:, 0] ** 2, 4 + 1j))
(('success', 'success'), True)
"""

from __future__ import annotations

import time

import numpy as np

from algnet.homotopy.tracker_options import ENDPOINT_NEWTON_TOLERANCE, TrackResult
from algnet.interrupts import safe_ctrl_c

__all__ = ["track_few", "few_paths_run", "FewPaths"]


def _applies(opt, k: int) -> bool:
    """Whether ``k`` paths with the options ``opt`` are tracked by the compiled tracker as :func:`track_few` does:
    path by path on one thread, every kernel call running its paths to their ends."""
    from algnet.homotopy.compiled import _BATCH_MIN_ACTIVE

    return (0 < k < _BATCH_MIN_ACTIVE and opt.engine != "numpy" and int(opt.block) == 0 and int(opt.threads) == 1
            and (k < opt.stop_all_below or opt.stop_batch >= 1.0))


def track_few(family, X0, p0, p1, options):
    """The :class:`~algnet.homotopy.tracker.TrackResult` of the paths from the rows of ``X0`` (solutions at the
    parameters ``p0``) to ``p1`` of a traceable ``family``, as :func:`~algnet.homotopy.tracker.track` of its
    parameter homotopy gives it with the compiled engine (module doc), or None where this route does not apply
    (numba not installed, 16 paths or more, other threads, blocks or stops, per-path parameters, a family that
    cannot be recorded, a numpy whose moduli the endpoint kernel does not reproduce): the caller tracks them.
    Ctrl-C ends the paths under way ``interrupted`` and the result ``partial``, as the tracker's.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.tracker import TrackerOptions
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(3,): 1}]))        # x^3 = p
    >>> one = TrackerOptions(threads=1, stop_batch=1.0)
    >>> r = track_few(fam, np.array([[1.0]]), [1.0], [8.0], one)
    >>> r.status, round(float(r.x[0, 0].real), 12), track_few(fam, np.ones((16, 1)), [1.0], [8.0], one)
    (('success',), 2.0, None)
    """
    t_start = time.perf_counter()
    got = few_paths_run(family, X0, p0, p1, options)
    return None if got is None else got.result(t_start)


def few_paths_run(family, X0, p0, p1, options):
    """The kernel calls of :func:`track_few` as a :class:`FewPaths` (its arrays, before any status strings or
    :class:`~algnet.homotopy.tracker_options.TrackResult` are made), or None where that route does not apply.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.tracker import TrackerOptions
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))        # x^2 = p
    >>> run = few_paths_run(fam, np.array([[1.0], [-1.0]]), [1.0], [9.0], TrackerOptions(threads=1, stop_batch=1.0))
    >>> run.every_success(), run.X[:, 0].real.round(12).tolist(), run.P1.shape
    (True, [3.0, -3.0], (2, 1))
    """
    from algnet.homotopy.compiled_homotopy import compiled_available, family_tape

    if not compiled_available():
        return None
    X = np.array(X0, dtype=np.complex128)           # the tracker's own rows (a copy)
    if X.ndim == 1:
        X = X[None, :]
    k = X.shape[0]
    if X.ndim != 2 or not _applies(options, k):
        return None
    from algnet.homotopy.endpoint_finish import numpy_abs_matches
    from algnet.homotopy.tape import traceable

    p0 = np.asarray(p0, dtype=np.complex128)
    p1 = np.asarray(p1, dtype=np.complex128)
    n_params = family.n_params
    if (p0.ndim != 1 or p1.ndim != 1 or p0.shape[0] != n_params or p1.shape[0] != n_params
            or not traceable(family) or not numpy_abs_matches()):
        return None
    try:
        tape = family_tape(family, map_parameters=True)
    except Exception:       # a trace the recorder cannot follow: the tracker's numpy route (as make_tracker's auto)
        return None
    n = X.shape[1]
    if n != int(family.n_vars) or tape.n_vars != n:
        return None
    return FewPaths(tape, X, p0, p1, options)


class FewPaths:
    """The paths of :func:`track_few` tracked and refined at t = 1 by the kernels (the rows X written in place):
    ``X``, ``T``, ``steps``, ``rejected``, ``cond``, ``resid``, the ``tape`` and its parameter rows ``P1`` of the
    target, the endpoint kernel's outcomes ``fin``, ``partial`` (Ctrl-C), and :meth:`result` (the
    :class:`TrackResult`).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.compiled_homotopy import family_tape
    >>> from algnet.homotopy.tracker import TrackerOptions
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))        # x^2 = p
    >>> run = FewPaths(family_tape(fam, map_parameters=True), np.array([[2.0 + 0j]]), np.array([4.0 + 0j]),
    ...                np.array([1.0 + 0j]), TrackerOptions(threads=1, stop_batch=1.0))
    >>> run.result(0.0).status, round(float(run.X[0, 0].real), 12)
    (('success',), 1.0)
    """

    def __init__(self, tape, X, p0, p1, opt):
        from algnet.homotopy.compiled import (_CODE_NAMES, ESTIMATE_FROM_N, EXACT_CONDITION_FROM, _option_array,
                                              _tape_transform, rounds_per_call)
        from algnet.homotopy.endpoint_finish import finish_rows
        from algnet.homotopy.path_threads import advance_nogil

        k, n = X.shape
        self.X, self.opt, self.tape = X, opt, tape
        self.T = T = np.zeros(k)
        h = np.full(k, opt.initial_step, dtype=np.float64)
        self.steps = steps = np.zeros(k, dtype=np.int64)
        self.rejected = rejected = np.zeros(k, dtype=np.int64)
        V = np.zeros((k, n), dtype=np.complex128)
        vok = np.zeros(k, dtype=bool)
        self.cond = cond = np.full(k, np.nan)
        self.resid = resid = np.full(k, np.nan)
        code = np.zeros(k, dtype=np.int8)
        P0 = _rows(tape, p0, k)
        self.P1 = P1 = _rows(tape, p1, k)
        targs, oarr = tape.args, _option_array(opt)
        evaluations = light = 0
        partial = False
        self.status = status = ["tracking"] * k
        bound = tape.seconds_bound()
        try:
            with safe_ctrl_c():
                while True:
                    act = (code == 0).nonzero()[0]
                    na = act.size
                    if na == 0:
                        break
                    rounds = rounds_per_call(bound, na, tape.seconds_per_evaluation)     # the compiled tracker's
                    stop = na if na < opt.stop_all_below else max(1, int(opt.stop_batch * na))
                    out = advance_nogil(act, *targs, n, X, T, h, code, steps, rejected, V, vok, P0, P1, oarr, rounds,
                                        stop)
                    evaluations += int(out[1])
                    light += int(out[2])
                    for i, c in zip(act.tolist(), code[act].tolist()):
                        if c:
                            status[i] = _CODE_NAMES[c]
        except KeyboardInterrupt:       # the tracker's interrupt: paths under way are interrupted, never refined
            partial = True
            for i in range(k):
                if code[i] == 0 or status[i] == "tracking":
                    code[i] = -1
                    status[i] = "interrupted"
        level = EXACT_CONDITION_FROM if n >= ESTIMATE_FROM_N else 0.0
        self.fin = fin = np.empty(k, dtype=np.int8)
        with safe_ctrl_c():
            ev, _ = finish_rows(np.arange(k), *targs, n, X, P1, int(opt.final_newton_iterations), 1e-12,
                                _tape_transform(tape), level, float(opt.singular_condition), ENDPOINT_NEWTON_TOLERANCE,
                                code, cond, resid, fin)
        self.partial, self.evaluations, self.light = partial, evaluations + int(ev), light

    def every_success(self) -> bool:
        """Every path refined at t = 1 with the status ``success`` (and no Ctrl-C)."""
        return not self.partial and not np.logical_or.reduce(self.fin != 0, axis=None)

    def result(self, t_start: float):
        """The :class:`TrackResult` (``t_start``: the perf_counter at the start of the tracking)."""
        from algnet.homotopy.compiled_endpoints import _FINAL_NAMES

        status = self.status
        for i, o in enumerate(self.fin.tolist()):
            if o >= 0:
                status[i] = _FINAL_NAMES[o]
        return TrackResult(self.X, self.T, tuple(status), self.steps, self.rejected, self.cond, self.resid,
                           time.perf_counter() - t_start, self.partial, self.opt, self.evaluations, self.light)


def _rows(tape, p, k: int) -> np.ndarray:
    """The tape's parameter registers of ``p`` in ``k`` rows (contiguous, writable: the kernels' one signature)."""
    q = tape.map_parameters(p)
    rows = np.empty((k, q.size), dtype=np.complex128)
    rows[...] = q
    return rows
