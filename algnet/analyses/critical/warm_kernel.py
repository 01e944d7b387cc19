"""The warm count of a stored structure (:func:`.warm_call.warm_call`) in one compiled call, where it decides every
point: :func:`warm_pass` tracks the E paths (the kernel calls of :func:`algnet.homotopy.few_paths.track_few`:
:func:`~algnet.homotopy.path_threads.advance_nogil`, then the endpoint pass
:func:`~algnet.homotopy.endpoint_finish.finish_rows`), evaluates the structure's recorded tape at the endpoints
(:func:`~algnet.homotopy.kernels.tape_eval_batch`, the tape's output transform applied in the kernel), runs the first
pass of the batched Krawczyk test with its count of image discs apart
(:func:`~.disc_kernel.krawczyk_pass`) and the slice rank rule (:func:`~.rank_kernel.slice_ranks`). Those are the
calls the general route makes, on the same arrays, without the Python and the objects between them (the tracker's
result, the family view, the layers of certify): about 0.3 ms of a first warm count.

Anything the call does not finish -- a path still under way after the tracker's round budget, an endpoint that is
not a success, a singular Jacobian, a point not certified, images not counted apart, a rank drop -- is a status
other than 0, and the caller takes the general route from the start (the same results as without this module).

The example is :func:`fused_count`'s (a warm count of linear 2-1-2: its 6 points certified, the generic ED degree
of 2 x 2 rank-1 matrices).
"""

from __future__ import annotations

import time

import numpy as np

from algnet.analyses.critical.disc_kernel import krawczyk_pass
from algnet.analyses.critical.rank_kernel import slice_ranks
import algnet.homotopy.endpoint_finish as endpoint_finish
from algnet.homotopy.endpoint_finish import abs_like_numpy, finish_rows
from algnet.homotopy.kernel_cache import kernel_njit
from algnet.homotopy.kernels import tape_eval_batch
from algnet.homotopy.path_threads import advance_nogil
from algnet.interrupts import safe_ctrl_c

__all__ = ["fused_count"]

#: the rank rule's relative threshold (:func:`~.warm_views.slice_rank_ok`'s default)
_RANK_REL = 1e-7


@kernel_njit(error_model="numpy")
def warm_pass(tape, X, P0, P1, h0, opt, rounds, iters, level, singular, ctol, Tr, exact, Pq, u, pairs, c0, N, dim):
    """The tracking, endpoint pass, first Krawczyk pass and rank rule of a warm count (module doc) of the k rows X
    (written: the endpoints) from the tape's parameter rows P0 to P1: ``tape`` and ``exact`` the argument tuples of
    the recorded tape (:attr:`~algnet.homotopy.tape.Tape.args`) and of the exact one (the certification's enclosures),
    ``Tr`` the recorded tape's output transform (0 x 0: none). Returns ``(status, apart, Im, radii, ok)``: status 0
    when every path ended a success, every point passed the test with its image discs apart (``apart`` of them,
    ``Im`` the images at the centres, ``radii`` the boxes') and d mu has full rank ``dim`` along the slice at each;
    1 a path under way after ``rounds``, 2 an endpoint not a success, 3 a size not finite or a singular Jacobian,
    4 a point not certified or images not apart, 5 a rank drop (the rest then unset).

    (An example: :func:`fused_count`'s, which calls it.)
    """
    k, n = X.shape
    T = np.zeros(k)
    h = np.full(k, h0)
    steps = np.zeros(k, np.int64)
    rej = np.zeros(k, np.int64)
    V = np.zeros((k, n), np.complex128)
    vok = np.zeros(k, np.bool_)
    code = np.zeros(k, np.int8)
    cond = np.full(k, np.nan)
    resid = np.full(k, np.nan)
    act = np.arange(k)
    radii = np.zeros(k)
    ok = np.zeros(k, np.bool_)
    Im = np.zeros((k, 1), np.complex128)
    cd, di, di2, dc, lo, hi, values, outs = tape
    advance_nogil(act, cd, di, di2, dc, lo, hi, values, outs, n, X, T, h, code, steps, rej, V, vok, P0, P1, opt,
                  rounds, k)
    for i in range(k):
        if code[i] == 0:
            return 1, -1, Im, radii, ok
    fin = np.empty(k, np.int8)
    finish_rows(act, cd, di, di2, dc, lo, hi, values, outs, n, X, P1, iters, 1e-12, Tr, level, singular, ctol,
                code, cond, resid, fin)
    for i in range(k):
        if fin[i] != 0:
            return 2, -1, Im, radii, ok
    F, J = _centre_values(tape, X, P1, Tr)
    scale = np.empty(k)
    for p in range(k):          # 1 + max_j |X_pj| with numpy's moduli (krawczyk_batch's sizes)
        m = 0.0
        for j in range(n):
            a = abs_like_numpy(X[p, j])
            if not a <= m:
                m = a
        scale[p] = 1.0 + m
    ecd, edi, edi2, edc, elo, ehi, evalues, eouts = exact
    status, Y, guess, live, rad, ym, yr, step, okp, cb, Imp, Ir, IJ, apart = krawczyk_pass(
        ecd, edi, edi2, edc, elo, ehi, evalues, eouts, n, X, F, J, False, 0.0, Pq, u, scale, pairs)
    if status != 0:
        return 3, -1, Im, radii, ok
    for p in range(k):
        if not okp[p]:
            return 4, -1, Im, radii, ok
    if apart != k:
        return 4, -1, Im, radii, ok
    rk = np.zeros(k, np.bool_)
    slice_ranks(np.ascontiguousarray(IJ), X, c0, N, _RANK_REL, dim, rk)
    for p in range(k):
        if not rk[p]:
            return 5, -1, Im, radii, ok
    return 0, apart, np.ascontiguousarray(Imp), np.ascontiguousarray(rad), np.ascontiguousarray(okp)


@kernel_njit(error_model="numpy")
def _centre_values(tape, X, P1, Tr):
    """The float values F (k, q) and Jacobians J (k, q, n) of the system at the rows X: the recorded tape's outputs
    at the parameter rows P1, times its output transform ``Tr`` (0 x 0: none; ``restore`` of the tape, numpy's
    ``F @ T.T`` and ``T @ J``, as a loop here).

    Only the Krawczyk test's preconditioner Y (an approximate inverse of J) and its guessed radii (from the Newton
    step Y F) are made from these values: the test is valid for any Y and any radius (every enclosure it decides on
    is the exact tape's, :func:`~.disc_kernel.disc_eval_pair`, with the rounding rules of
    :mod:`algnet.homotopy.disc_rules`), so a sum here rounding otherwise than numpy's matmul changes no proof: at
    most a radius in its last bits, never what the test may conclude from the radius it guessed."""
    cd, di, di2, dc, lo, hi, values, outs = tape
    k, n = X.shape
    q = outs.shape[0]
    F = np.empty((k, q), np.complex128)
    J = np.empty((k, q, n), np.complex128)
    Ht = np.empty((k, q), np.complex128)
    tape_eval_batch(cd, di, di2, dc, lo, hi, values, outs, n, X, P1, np.zeros(P1.shape, np.complex128), F, J, Ht)
    if Tr.shape[0] == 0:
        return F, J
    F2 = np.empty((k, q), np.complex128)
    J2 = np.empty((k, q, n), np.complex128)
    for p in range(k):
        for i in range(q):
            s = 0j
            for m in range(q):
                s += F[p, m] * Tr[i, m]
            F2[p, i] = s
            for j in range(n):
                s = 0j
                for m in range(q):
                    s += Tr[i, m] * J[p, m, j]
                J2[p, i, j] = s
    return F2, J2


def _rows(q, k):
    rows = np.empty((k, q.size), dtype=np.complex128)
    rows[...] = q
    return rows


def _python_helpers() -> tuple:
    """The Python helpers :func:`fused_count` calls, imported by its first call (one tuple, then a dict lookup per
    call). Not module-level imports: what this module imports at module level is compiled into :func:`warm_pass`,
    and the kernel cache's key hashes exactly those modules (tests/test_tracker_cache.py)."""
    got = _LATE.get("helpers")
    if got is None:
        from algnet.analyses.critical.loss import Loss
        from algnet.analyses.critical.warm_call import _answer, _exact_enclosure
        from algnet.analyses.critical.warm_paths import WarmSolution, _options
        from algnet.analyses.critical.warm_views import structure_copy
        import algnet.homotopy.compiled as compiled
        from algnet.homotopy.certify import SMALL_PAIRS, CertificationResult, certify_method
        from algnet.homotopy.compiled_homotopy import family_tape
        from algnet.homotopy.few_paths import applies, kernel_arrays
        from algnet.homotopy.tracker_options import ENDPOINT_NEWTON_TOLERANCE

        got = _LATE["helpers"] = (Loss, _answer, _exact_enclosure, WarmSolution, _options, structure_copy, compiled,
                                  SMALL_PAIRS, CertificationResult, certify_method, family_tape, applies,
                                  kernel_arrays, ENDPOINT_NEWTON_TOLERANCE)
    return got


#: the helpers imported by the first call (:func:`_python_helpers`)
_LATE: dict = {}


def fused_count(w, L, p0, target, dim):
    """The result ``(solution, p0, family, certification)`` of :func:`.warm_call.warm_call` (with ``certify``) from
    one call of :func:`warm_pass`, for the structure ``w``, the call's loss ``L``, complex target ``p0`` and the
    family's parameters ``target``; None where the call does not decide every point (the caller takes the general
    route from the start) or this route does not apply (start points other than the structure's count, 16 paths or
    more, a real family, no compiled enclosures,
    a numpy whose moduli the endpoint kernel does not reproduce). A Ctrl-C during the call: the interrupted result
    of the general route (no point claimed).

    Examples
    --------
    >>> import copy
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.warm import warm_start
    >>> from algnet.analyses.critical.warm_paths import _call_target
    >>> net, L, rng = network_and_loss("linear 2-1-2", "generic", seed=4)
    >>> w = warm_start(net, "generic", 3)
    >>> p0 = _call_target(w, L, rng)
    >>> sol, q0, fam, cert = fused_count(w, L, p0, w.family.parameters(L.Q, p0), 3)
    >>> sol.paths, sol.distinct, cert.certified, cert.distinct     # the generic ED degree of 2 x 2 rank-1 matrices
    (6, 6, 6, 6)
    >>> short = copy.copy(w)
    >>> short.X = w.X[1:]                    # 5 start points cannot prove a count of 6
    >>> fused_count(short, L, p0, w.family.parameters(L.Q, p0), 3) is None
    True
    """
    t0 = time.perf_counter()
    (Loss, _answer, _exact_enclosure, WarmSolution, _options, structure_copy, compiled, SMALL_PAIRS,
     CertificationResult, certify_method, family_tape, applies, kernel_arrays, ENDPOINT_NEWTON_TOLERANCE) = \
        _python_helpers()
    opt = _options(w.count)
    X = np.array(w.X, dtype=np.complex128)          # the tracker's own rows (a copy)
    if (X.ndim != 2 or X.shape[0] != w.count or not applies(opt, X.shape[0])
            or not endpoint_finish.numpy_abs_matches()):
        return None         # (E start points for a count of E: else no call of this route could claim the count)
    fam = structure_copy(w.fam, Loss(L.kind, w.fam.loss.Z, w.fam.loss.T, L.Q, L.u))
    E = _exact_enclosure(w.fam, L.Q)
    if E is None or getattr(fam, "real", False):      # (a real family: certify's second, real pass)
        return None
    tape = family_tape(w.family, map_parameters=True)
    k, n = X.shape
    if n != tape.n_vars or n != E.system.n_vars:
        return None
    c = np.ascontiguousarray
    P0 = _rows(tape.map_parameters(np.asarray(w.P, dtype=np.complex128)), k)
    P1 = _rows(tape.map_parameters(np.asarray(target, dtype=np.complex128)), k)
    et = E.tape
    oarr, Tr = kernel_arrays(tape, opt)
    try:
        with safe_ctrl_c():
            status, apart, images, radii, ok = warm_pass(
                tape.args, X, P0, P1, float(opt.initial_step), oarr,
                compiled.rounds_per_call(tape.seconds_bound(), k, tape.seconds_per_evaluation),
                int(opt.final_newton_iterations),
                compiled.EXACT_CONDITION_FROM if n >= compiled.ESTIMATE_FROM_N else 0.0,
                float(opt.singular_condition), ENDPOINT_NEWTON_TOLERANCE, Tr, et.args,
                E._metric_parameters(), c(p0, dtype=np.complex128).reshape(-1), SMALL_PAIRS,
                c(w.fam.c0, dtype=np.complex128), c(w.fam.N, dtype=np.complex128), int(dim))
    except KeyboardInterrupt:       # the tracker's interrupt (warm_call's partial result): no point is claimed
        sol = WarmSolution(X[:0], k, "interrupted")
        sol.partial, sol.complete = True, False
        return sol, p0, fam, None
    if status != 0:
        return None
    cert = CertificationResult(k, int(apart), 0, ok, np.zeros(k, dtype=bool), X, radii, certify_method(k, k),
                               time.perf_counter() - t0, k)
    return _answer(w, fam, X, k, images, cert, True), p0, fam, cert
