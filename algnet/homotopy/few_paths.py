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

__all__ = ["track_few", "applies", "kernel_arrays"]


def _applies(opt, k: int) -> bool:
    """Whether ``k`` paths with the options ``opt`` are tracked by the compiled tracker as :func:`track_few` does:
    path by path on one thread, every kernel call running its paths to their ends."""
    from algnet.homotopy.compiled import _BATCH_MIN_ACTIVE

    return (0 < k < _BATCH_MIN_ACTIVE and opt.engine != "numpy" and int(opt.block) == 0 and int(opt.threads) == 1
            and (k < opt.stop_all_below or opt.stop_batch >= 1.0))


def applies(opt, k: int) -> bool:
    """Whether ``k`` paths with the tracker options ``opt`` are tracked path by path on one thread, each kernel call
    running its paths to their ends (the paths :func:`track_few` tracks, and a caller running the same kernel calls
    itself: :mod:`algnet.analyses.critical.warm_kernel`).

    Examples
    --------
    >>> from algnet.homotopy.tracker import TrackerOptions
    >>> one = TrackerOptions(threads=1, stop_batch=1.0)
    >>> applies(one, 6), applies(one, 16), applies(TrackerOptions(threads=2, stop_batch=1.0), 6)
    (True, False, False)
    """
    return _applies(opt, k)


def kernel_arrays(tape, opt):
    """The arrays the tracking and endpoint kernels read besides the tape's: the options ``opt`` as the kernels take
    them and the tape's output transform (0 x 0 when it has none), each made once per options object or tape.

    Examples
    --------
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.compiled_homotopy import family_tape
    >>> from algnet.homotopy.tracker import TrackerOptions
    >>> tape = family_tape(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), map_parameters=True)
    >>> o, T = kernel_arrays(tape, TrackerOptions())
    >>> o.ndim, T.shape
    (1, (0, 0))
    """
    from algnet.homotopy.compiled import _option_array, _tape_transform

    return _option_array(opt), _tape_transform(tape)


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
    from algnet.homotopy.compiled_homotopy import compiled_available, family_tape

    if not compiled_available():
        return None
    t_start = time.perf_counter()
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
    return _tracked(tape, X, p0, p1, options, t_start)


def _tracked(tape, X, p0, p1, opt, t_start):
    """The kernel calls of :func:`track_few` on the rows X (written in place)."""
    from algnet.homotopy.compiled import (_CODE_NAMES, ESTIMATE_FROM_N, EXACT_CONDITION_FROM, _option_array,
                                          _tape_transform, rounds_per_call)
    from algnet.homotopy.compiled_endpoints import _FINAL_NAMES
    from algnet.homotopy.endpoint_finish import finish_rows
    from algnet.homotopy.path_threads import advance_nogil

    k, n = X.shape
    T = np.zeros(k)
    h = np.full(k, opt.initial_step, dtype=np.float64)
    steps = np.zeros(k, dtype=np.int64)
    rejected = np.zeros(k, dtype=np.int64)
    V = np.zeros((k, n), dtype=np.complex128)
    vok = np.zeros(k, dtype=bool)
    cond = np.full(k, np.nan)
    resid = np.full(k, np.nan)
    code = np.zeros(k, dtype=np.int8)
    status = ["tracking"] * k
    P0 = _rows(tape, p0, k)
    P1 = _rows(tape, p1, k)
    targs, oarr = tape.args, _option_array(opt)
    evaluations = light = 0
    partial = False
    bound = tape.seconds_bound()
    try:
        with safe_ctrl_c():
            while True:
                act = (code == 0).nonzero()[0]
                na = act.size
                if na == 0:
                    break
                rounds = rounds_per_call(bound, na, tape.seconds_per_evaluation)      # the compiled tracker's
                stop = na if na < opt.stop_all_below else max(1, int(opt.stop_batch * na))
                out = advance_nogil(act, *targs, n, X, T, h, code, steps, rejected, V, vok, P0, P1, oarr, rounds, stop)
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
    fin = np.empty(k, dtype=np.int8)
    with safe_ctrl_c():
        ev, _ = finish_rows(np.arange(k), *targs, n, X, P1, int(opt.final_newton_iterations), 1e-12,
                            _tape_transform(tape), level, float(opt.singular_condition), ENDPOINT_NEWTON_TOLERANCE,
                            code, cond, resid, fin)
    evaluations += int(ev)
    for i, o in enumerate(fin.tolist()):
        if o >= 0:
            status[i] = _FINAL_NAMES[o]
    return TrackResult(X, T, tuple(status), steps, rejected, cond, resid, time.perf_counter() - t_start, partial, opt,
                       evaluations, light)


def _rows(tape, p, k: int) -> np.ndarray:
    """The tape's parameter registers of ``p`` in ``k`` rows (contiguous, writable: the kernels' one signature)."""
    q = tape.map_parameters(p)
    rows = np.empty((k, q.size), dtype=np.complex128)
    rows[...] = q
    return rows
