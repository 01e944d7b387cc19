"""Predictor–corrector path tracking, many paths at once.

Every path x(t) of H(x(t), t) = 0 is followed from t = 0 to t = 1 by a
fourth-order Runge–Kutta predictor on dx/dt = -H_x^{-1} H_t and a Newton
corrector at the new t, with an adaptive step per path: a step is accepted
when Newton converges within ``max_corrector_iterations`` iterations with
contracting updates (after two or more: every later update at most
``contraction`` times the first), then the step grows by up to
``step_growth``; otherwise it is halved. All active paths advance
together: one batched evaluation (numpy) and one batched linear solve per
stage.

Cost. Every evaluation of H returns H, H_x and H_t at a batch of points;
``TrackResult.evaluations`` counts the points. A typical step costs five:
three RK4 stages (the first stage, the velocity at the accepted point, is
the one the corrector computed at its last iterate with the same
factorization, see ``reuse_velocity``) and two Newton iterations (the
second shows contraction, and convergence is read from the rate, see
``newton_rate_acceptance``); a rejected step costs the same without
moving the point. Two of the five are light (values and one directional
derivative, with a factorization already made: the third RK4 stage and
the second Newton iteration, see ``light_evaluations``), which the
compiled engine evaluates for a fraction of the cost of a full one. With
``reuse_velocity`` and ``newton_rate_acceptance`` off a step costs seven;
on the monodromy degree benchmarks (``algnet.analyses.degree``) those
options and the endpoint refinement save 23-26% of the evaluations, with
the same degrees from the same numbers of paths. An endpoint costs two
more (Newton refinement at t = 1; the last evaluation also gives the
residual and the condition number).

No path is dropped silently: each ends with a status

===============  =============================================================
``success``      reached t = 1 and the endpoint Newton-converged, Jacobian
                 condition number below ``singular_condition``
``singular``     reached (or got within ``endgame_start`` of) t = 1 but the
                 Jacobian is near-singular there (condition number estimate)
``diverged``     the norm exceeded ``divergence_norm`` (a path to infinity in
                 affine coordinates)
``failed``       the step size fell below ``min_step`` before the endgame zone,
                 or the refined endpoint is well conditioned but Newton has not
                 converged there (it is not a solution)
``max_steps``    more than ``max_steps`` steps
``interrupted``  Ctrl-C (the result is then marked ``partial``)
===============  =============================================================

Examples
--------
>>> import numpy as np
>>> from algnet.homotopy.systems import PolynomialSystem
>>> from algnet.homotopy.homotopies import StraightLineHomotopy
>>> F = PolynomialSystem.from_terms([{(2,): 1, (0,): -4}])
>>> G = PolynomialSystem.from_terms([{(2,): 1, (0,): -1}])
>>> res = track(StraightLineHomotopy(G, F, gamma=np.exp(0.7j)), np.array([[1.0], [-1.0]]))
>>> sorted(np.round(res.x[:, 0].real, 8).tolist()), res.status
([-2.0, 2.0], ('success', 'success'))
"""

from __future__ import annotations

import time

import numpy as np

from algnet.errors import ParameterError
from algnet.homotopy.homotopies import Homotopy
from algnet.homotopy.rows import GrowingRows, empty_rows
from algnet.homotopy.newton import (Counted, _Counted, _all, _any, _correct, _every, _maxabs, _nan_rows,
                                   _negated_pair, _norm, _refine, _solve_columns, _solve_quiet, _velocity,
                                   batched_solve, endpoint_checks, newton)
from algnet.homotopy.tracker_options import (ENDPOINT_NEWTON_TOLERANCE, FIRST_RETRY_FLOOR,  # noqa: F401
                                             FIRST_STEP_MOTION, LIGHT_NEWTON_LIMIT, SECOND_UPDATE_FLOOR, STATUSES,
                                             TrackerOptions, TrackResult)
from algnet.interrupts import ctrl_c_safe, safe_ctrl_c

__all__ = ["TrackerOptions", "TrackResult", "track", "whole", "PathTracker", "make_tracker", "newton", "batched_solve"]

# re-exported names of earlier versions
_REEXPORTED = (Counted, _Counted, _norm, _solve_columns, ENDPOINT_NEWTON_TOLERANCE, STATUSES, LIGHT_NEWTON_LIMIT,
               _nan_rows, _negated_pair)       # (the corrector's helpers: algnet.homotopy.newton)


def whole(res):
    """``res`` (a track's result) when it is complete; a KeyboardInterrupt when a Ctrl-C cut it short.

    The tracker keeps a Ctrl-C to itself: it stops, marks the unfinished paths "interrupted" and returns a
    result with ``partial=True``. A caller that read those paths as failed ones would track them again by its
    retry routes and return a complete-looking answer; passing the result through ``whole`` raises the
    interrupt on instead, so the analysis stops and the command line prints what was finished as a bound.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> whole(SimpleNamespace(partial=False, status=("success",))).status
    ('success',)
    >>> try:
    ...     whole(SimpleNamespace(partial=True))
    ... except KeyboardInterrupt:
    ...     print("interrupted")
    interrupted
    """
    if getattr(res, "partial", False):
        raise KeyboardInterrupt
    return res


@ctrl_c_safe
def track(H: Homotopy, X0, options: TrackerOptions | None = None, show_progress: bool = False,
          desc: str = "paths") -> TrackResult:
    """Track the paths of ``H`` starting at the rows of ``X0`` (t = 0) to t = 1.

    Parameters
    ----------
    H : Homotopy
        Implements ``evaluate(X, T, idx)``.
    X0 : array (N, n)
        Start solutions of H(., 0).
    options : TrackerOptions, optional
    show_progress : bool
        tqdm bar over finished paths.

    Returns
    -------
    TrackResult
        Ctrl-C returns the paths as they are, unfinished ones ``interrupted``
        and the result ``partial``. Floating-point overflow of diverging
        paths is not reported as numpy warnings; such paths end ``diverged``
        (or ``failed``).

    Examples
    --------
    From the cube roots of 1 to those of 8 (modulus 2, the three of them distinct):

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> from algnet.homotopy.homotopies import StraightLineHomotopy
    >>> G = PolynomialSystem.from_terms([{(3,): 1, (0,): -1}])
    >>> F = PolynomialSystem.from_terms([{(3,): 1, (0,): -8}])
    >>> X0 = np.exp(2j * np.pi * np.arange(3) / 3)[:, None]
    >>> r = track(StraightLineHomotopy(G, F, gamma=np.exp(1j)), X0)
    >>> r.status, bool(np.allclose(r.x ** 3, 8)), len({round(z.imag, 6) for z in r.x[:, 0]})
    (('success', 'success', 'success'), True, 3)
    """
    # (no np.errstate here: the steps and the endpoint work that compute in numpy set their own)
    return _track(H, X0, options or TrackerOptions(), show_progress, desc)


def _track(H, X0, opt, show_progress, desc):
    t_start = time.perf_counter()
    X = np.asarray(X0, dtype=np.complex128)         # copied into the tracker's rows by add
    if X.ndim == 1:
        X = X[None, :]
    P = make_tracker(H, X.shape[1], opt)
    every = P.add(X)            # the paths' numbers: all of them
    bar = None
    if show_progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=X.shape[0], desc=desc, unit="path", leave=False)
    partial = False
    try:
        while P.active:
            stopped = P.step()
            if bar is not None:
                bar.update(int(stopped.size))
    except KeyboardInterrupt:
        partial = True
        P.interrupt()
    finally:
        if bar is not None:
            bar.close()
    P.finish(every)
    return P.result(time.perf_counter() - t_start, partial, copy=False)      # the tracker ends here: no copies


def _step_tolerance(first, second, xnorm, opt):
    """The predictor error to aim at in the next step (relative), from the first and second Newton
    updates (second NaN if none) at points of max-norm ``xnorm``: the tolerance at which the next
    corrector would contract by about ``opt.target_contraction`` (the contraction second / first
    scales with the prediction error), within ``opt.tolerance_range`` times ``predictor_tolerance``;
    ``predictor_tolerance`` without a second update or with the adaptation off. The compiled
    kernels' :func:`algnet.homotopy.kernels.step_factor` computes the same."""
    rel = first / (1 + xnorm)
    if not opt.target_contraction > 0:
        return np.full(np.shape(rel), opt.predictor_tolerance)
    # (ufuncs, not np.full / np.clip: their Python layers cost microseconds a call at these sizes, each step)
    known = (first > 0) & np.isfinite(second) & np.isfinite(rel)
    every = _all(known)             # (the usual case: the same numbers without the masks)
    s2 = np.maximum(second if every else np.where(known, second, 1.0), SECOND_UPDATE_FLOOR * (1 + xnorm))
    adapted = rel * opt.target_contraction * first / s2
    lo, hi = opt.tolerance_range
    adapted = np.minimum(np.maximum(adapted, lo * opt.predictor_tolerance), hi * opt.predictor_tolerance)
    return adapted if every else np.where(known, adapted, opt.predictor_tolerance)


def _rk4(H, x, t, hh, k1, idx, light):
    """The RK4 prediction at t + hh from x (velocity k1 at x); ``light``: the third stage from the
    second stage's factorization and a light evaluation (see ``TrackerOptions.light_evaluations``)."""
    h2, tm = (hh / 2)[:, None], t + hh / 2          # (each formed once: the same numbers)
    _, J2, Ht2 = H.evaluate(x + h2 * k1, tm, idx)
    k2 = -_solve_quiet(J2, Ht2[..., None])[..., 0]
    xs = x + h2 * k2
    if light:
        _, r = H.evaluate_light(xs, tm, k2, idx)
        k3 = k2 - _solve_quiet(J2, r[..., None])[..., 0]
    else:
        k3 = _velocity(H, xs, tm, idx)
    k4 = _velocity(H, x + hh[:, None] * k3, t + hh, idx)
    return x + (hh / 6)[:, None] * (k1 + 2 * k2 + 2 * k3 + k4)


#: the per-path arrays of no rows of a tracker class and number of variables (:meth:`PathTracker.__init__`)
_NO_ROWS: dict = {}


class PathTracker:
    """Paths of one homotopy advanced together; paths may be added while others are under way.

    :func:`track` is a PathTracker that is given all its paths at once. A
    caller that creates paths from the endpoints of others (monodromy)
    adds them as soon as they exist, so every step advances as many paths
    as there are, instead of waiting for the slowest path of a batch.
    Per-path data of the homotopy (e.g. the parameters of a
    :class:`~algnet.homotopy.homotopies.ParameterHomotopy`) are indexed by
    the path numbers that :meth:`add` returns.

    Examples
    --------
    Paths of x^2 = p from p = 1 to p = 9 (a parameter homotopy):

    >>> import numpy as np
    >>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
    >>> from algnet.homotopy.homotopies import ParameterHomotopy
    >>> H = ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [1.0], [9.0 + 1j])
    >>> P = PathTracker(H, 1)
    >>> P.add(np.array([[1.0]])).tolist()
    [0]
    >>> while P.active:
    ...     stopped = P.step()
    ...     if P.size == 1:
    ...         _ = P.add(np.array([[-1.0]]))      # a second path joins under way
    >>> P.finish(np.arange(P.size))
    >>> r = P.result()
    >>> bool(np.allclose(np.sort_complex(r.x[:, 0]) ** 2, 9 + 1j)), r.status
    (True, ('success', 'success'))
    """

    def __init__(self, H: Homotopy, n_vars: int, options: TrackerOptions | None = None):
        self.H = Counted(H)
        self.opt = options or TrackerOptions()
        self.n = int(n_vars)
        # per-path arrays (_fields): arrays of no rows (shared, nothing to write to) until the first add makes one of
        # its paths each, views of buffers with room for more paths from the second add on (algnet.homotopy.rows)
        self._rows = None
        self._active = 0
        self._added = False     # paths added since the last step (they may take their first step)
        self._field_list = fields = self._fields()        # fixed for the tracker's life (read by every add)
        key = (type(self), self.n)
        empty = _NO_ROWS.get(key)
        if empty is None:
            if len(_NO_ROWS) > 256:
                _NO_ROWS.clear()
            empty = _NO_ROWS[key] = {name: empty_rows(tail, dtype) for name, tail, dtype, _ in fields}
        self.__dict__.update(empty)

    def _fields(self):
        """(name, shape of a row, dtype, value of a new path: None for the start point) of the per-path arrays."""
        n = self.n
        return (("X", (n,), np.complex128, None), ("T", (), np.float64, 0.0),
                ("h", (), np.float64, self.opt.initial_step), ("status", (), object, "tracking"),
                ("steps", (), np.int64, 0), ("rejected", (), np.int64, 0), ("V", (n,), np.complex128, 0.0),
                ("vok", (), bool, False), ("cond", (), np.float64, np.nan), ("resid", (), np.float64, np.nan))

    @property
    def size(self) -> int:
        """Paths added so far."""
        return self.X.shape[0]

    @property
    def active(self) -> int:
        """Paths still being tracked."""
        return self._active

    def add(self, X0) -> np.ndarray:
        """Start paths at the rows of X0 (t = 0); returns their path numbers."""
        X0 = np.asarray(X0, dtype=np.complex128)       # copied into the tracker's buffer
        if X0.ndim == 1:
            X0 = X0[None, :]
        if X0.ndim != 2 or X0.shape[1] != self.n:
            raise ParameterError(f"start points must be rows of length {self.n}, got shape {X0.shape}",
                                 hint="PathTracker.add takes an (N, n_vars) array of start solutions")
        k = X0.shape[0]
        self._added = True
        rows = self._rows
        if rows is None:        # the first paths: one array each, just them (buffers with room at the next add)
            self._rows = ()
            d = self.__dict__
            for name, tail, dtype, fill in self._field_list:
                d[name] = np.array(X0, dtype=dtype) if fill is None else np.full((k,) + tail, fill, dtype=dtype)
            self._active += k
            return np.arange(k)
        first = self.size
        if not rows:
            rows = self._rows = {name: GrowingRows.holding(getattr(self, name)) for name, *_ in self._field_list}
        for name, _, _, fill in self._field_list:
            g = rows[name]
            setattr(self, name, g.append(X0) if fill is None else g.append_filled(k, fill))
        self._active += k
        return np.arange(first, first + k)

    def interrupt(self):
        """Mark the paths under way ``interrupted`` (Ctrl-C)."""
        self.status[self.status == "tracking"] = "interrupted"
        self._active = 0

    def step(self) -> np.ndarray:
        """One predictor-corrector step of every active path; returns the paths that stopped (under
        :class:`~algnet.interrupts.safe_ctrl_c`, as :meth:`finish`: the evaluations may be compiled kernels)."""
        with safe_ctrl_c(), np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            return self._step()

    def _step(self):
        opt, H = self.opt, self.H
        X, T, h, status, steps, rejected, V, vok = (self.X, self.T, self.h, self.status, self.steps,
                                                    self.rejected, self.V, self.vok)
        act = np.nonzero(status == "tracking")[0]
        if act.size == 0:
            self._active = 0
            return act
        t = T[act]
        hh = np.minimum(h[act], 1.0 - t)
        # RK4 predictor; k1 from the cache when valid
        stale = act[~vok[act]] if opt.reuse_velocity else act
        if stale.size:
            V[stale] = _velocity(H, X[stale], T[stale], stale)
            vok[stale] = _every(np.isfinite(V[stale]))
        # a path's first step: at most FIRST_STEP_MOTION (1 + |x|) / |dx/dt| (no error estimate yet); a path that took
        # no step yet was added since the last step (every path a step advances is stepped or rejected)
        fresh = (steps[act] == 0) & (rejected[act] == 0) if self._added else None
        self._added = False
        if fresh is not None and _any(fresh):
            vmax = _maxabs(V[act])
            new = fresh & (vmax > 0) & np.isfinite(vmax)
            if _any(new):
                h[act[new]] = np.minimum(h[act[new]], FIRST_STEP_MOTION * (1 + _maxabs(X[act[new]])) / vmax[new])
                hh = np.minimum(h[act], 1.0 - t)
        xa = X[act]             # (a copy: _rk4 and _correct read it before X is written)
        xp = _rk4(H, xa, t, hh, V[act], act, opt.light_evaluations)
        tn = t + hh
        tn = np.where(1.0 - tn < 1e-15, 1.0, tn)
        xc, vn, first, second, iters, ok = _correct(H, xa, xp, tn, act, opt)
        # accept
        every = _all(ok)
        acc, got = (act, slice(None)) if every else (act[ok], ok)      # (every step accepted: no masks)
        X[acc] = xc[got]
        T[acc] = tn[got]
        steps[acc] += 1
        if opt.reuse_velocity:
            # the velocity at the last Newton iterate serves as k1 of the next step (the
            # iterate is within the last update, <= corrector_tolerance relative, of X);
            # a rejected step leaves X and its cached velocity unchanged
            V[acc] = vn[got]
            vok[acc] = _every(np.isfinite(vn[got]))
        # step control: the first Newton update estimates the predictor error (~ h^5 for RK4)
        xn = _maxabs(xc)
        rel = first / (1 + xn)
        raw = 0.8 * (_step_tolerance(first, second, xn, opt) / np.maximum(rel, 1e-300)) ** 0.2
        fac = np.minimum(np.maximum(np.where(np.isfinite(raw), raw, opt.step_growth), 0.5), opt.step_growth)
        fac = np.where(iters <= 2, fac, np.minimum(fac, 1.0))
        h[acc] = np.minimum(hh[got] * fac[got], opt.max_step)
        if not every:
            rej = act[~ok]
            rejected[rej] += 1
            # before a path's first accepted step: the step its first update asks for (FIRST_RETRY_FLOOR)
            retry = np.where(np.isfinite(raw) & np.isfinite(rel), np.minimum(np.maximum(raw, FIRST_RETRY_FLOOR), 0.5),
                             0.5)[~ok]
            h[rej] *= np.where(steps[rej] == 0, retry, 0.5)
        # classify (every path of act was "tracking": the masks below, in this order, are the statuses it gets; the
        # object array is written only where a path stopped)
        Ta = T[act]
        reached = Ta >= 1.0
        xmax = xn if every else _maxabs(X[act])         # (every step accepted: X[act] is xc)
        ha, tries = h[act], steps[act] + rejected[act]
        # whether some path stops (the union of the statuses' conditions below, before they are told apart)
        if not _any(reached | (xmax > opt.divergence_norm) | (ha < opt.min_step) | (tries >= opt.max_steps)):
            self._active = int(act.size)
            return act[:0]
        div = (xmax > opt.divergence_norm) & ~reached
        going = ~(reached | div)
        small = (ha < opt.min_step) & going
        capped = (tries >= opt.max_steps) & going & ~small
        stop = ~going | small | capped
        status[act[reached]] = "reached"
        status[act[div]] = "diverged"
        near = 1.0 - Ta <= opt.endgame_start
        status[act[small & near]] = "near_end"
        # not np.setdiff1d: numpy 2.4's unique imports numpy.ma (50-60 ms of a process's first step)
        status[act[small & ~near]] = "failed"
        status[act[capped]] = "max_steps"
        stopped = act[stop]
        self._active = int(act.size - stopped.size)
        return stopped

    def _refine_endpoints(self, idx):
        """(refined X, H and H_x there) of the paths ``idx`` at t = 1 (see :func:`_refine`)."""
        return _refine(self.H, self.X[idx], np.ones(idx.size), idx, self.opt.final_newton_iterations)

    def finish(self, idx):
        """Refine the endpoints of the stopped paths ``idx`` at t = 1 and classify them by conditioning."""
        with safe_ctrl_c(), np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            idx = np.asarray(idx, dtype=np.int64)
            st = self.status[idx]
            near = st == "near_end"
            fin = (st == "reached") | near
            fin_idx = idx[fin]
            if not fin_idx.size:
                return
            Xe, hv, Hx = self._refine_endpoints(fin_idx)
            # row-equilibrated 1-norm condition number (invariant under rescaling the equations) and the
            # next Newton update, from one inverse per endpoint
            c, dn = self._endpoint_checks(Hx, hv)
            good = _every(np.isfinite(Xe))
            self.X[fin_idx[good]] = Xe[good]
            self.cond[fin_idx] = c
            self.resid[fin_idx] = _norm(hv)
            # a well-conditioned endpoint is a solution only if Newton has converged there: its next
            # update must be negligible (a path can stall at a point that is not a solution at all)
            unconverged = ~(dn <= ENDPOINT_NEWTON_TOLERANCE * (1 + _norm(Xe)))
            out = np.full(fin_idx.size, "success", dtype=object)
            out[unconverged | ~good] = "failed"
            out[(c > self.opt.singular_condition) | near[fin]] = "singular"
            self.status[fin_idx] = out

    def _endpoint_checks(self, Hx, hv):
        """(condition numbers, Newton update norms) at refined endpoints (see :func:`endpoint_checks`)."""
        return endpoint_checks(Hx, hv)

    def result(self, seconds: float = 0.0, partial: bool = False, copy: bool = True) -> TrackResult:
        """The paths as a :class:`TrackResult` (call :meth:`finish` on stopped paths first); ``copy=False``: its arrays
        are the tracker's own rows (for a tracker that is done: :func:`track`)."""
        if copy:
            return TrackResult(self.X.copy(), self.T.copy(), tuple(map(str, self.status.tolist())), self.steps.copy(),
                               self.rejected.copy(), self.cond.copy(), self.resid.copy(), seconds, partial, self.opt,
                               self.H.rows, self.H.light)
        return TrackResult(self.X, self.T, tuple(map(str, self.status.tolist())), self.steps, self.rejected, self.cond,
                           self.resid, seconds, partial, self.opt, self.H.rows, self.H.light)


@ctrl_c_safe
def make_tracker(H: Homotopy, n_vars: int, options: TrackerOptions | None = None) -> "PathTracker":
    """The path tracker for ``H``: compiled or numpy as ``options.engine`` says.

    Examples
    --------
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> from algnet.homotopy.homotopies import StraightLineHomotopy
    >>> F = PolynomialSystem.from_terms([{(2,): 1, (0,): -4}])
    >>> type(make_tracker(StraightLineHomotopy(F, F, 1.0), 1)).__name__
    'PathTracker'
    """
    opt = options or TrackerOptions()
    if opt.engine not in ("auto", "compiled", "numpy"):
        raise ParameterError(f"unknown engine {opt.engine!r}", hint="engine is 'auto', 'compiled' or 'numpy'")
    if opt.engine != "numpy":
        from algnet.homotopy.compiled import CompiledPathTracker, compile_homotopy, compiled_available, \
            make_compiled_tracker

        if opt.engine == "compiled":
            return make_compiled_tracker(H, n_vars, opt)
        if compiled_available():
            try:
                # not a parameter homotopy of a traceable family: NotApplicableError (checked once, in compile_homotopy)
                return CompiledPathTracker(H, n_vars, opt, compile_homotopy(H))
            except Exception:  # auto: a family whose trace() fails to record is tracked by numpy
                pass
    return PathTracker(H, n_vars, opt)
