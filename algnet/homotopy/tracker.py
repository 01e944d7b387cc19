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
moving the point. With both options off a step costs seven; on the
monodromy degree benchmarks (``algnet.analyses.degree``) the options and
the endpoint refinement save 23-26% of the evaluations, with the same
degrees from the same numbers of paths. An endpoint costs two more
(Newton refinement at t = 1; the last evaluation also gives the residual
and the condition number).

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
from dataclasses import dataclass, field

import numpy as np

from algnet.errors import ParameterError
from algnet.homotopy.homotopies import Homotopy

__all__ = ["TrackerOptions", "TrackResult", "track", "PathTracker", "make_tracker", "newton", "batched_solve"]

#: relative size of the Newton update at a refined endpoint above which the path is "failed", not "success"
#: (converged endpoints have updates near 1e-14; a stalled non-solution has updates of order one)
ENDPOINT_NEWTON_TOLERANCE = 1e-6

STATUSES = ("success", "singular", "diverged", "failed", "max_steps", "interrupted")


@dataclass(frozen=True)
class TrackerOptions:
    """Options of :func:`track` (frozen; defaults in parentheses).

    Attributes
    ----------
    initial_step : float
        First step in t (0.05; 0.15 is 3% cheaper on the degree benchmarks
        but made a path jump in the close-path test of tests/test_homotopy.py:
        the first step has no error estimate to go by).
    max_step : float
        Largest step in t (0.5).
    min_step : float
        Below this the path is given up (1e-12).
    step_growth : float
        Largest step factor after an accepted step (3.0; 5.0 saves under 1%
        and made a path jump in the close-path test).
    predictor_tolerance : float
        After an accepted step the next step is chosen so that the first
        Newton update (the RK4 prediction error, ~ h^5) would be about this
        relative size (1e-4; fewer evaluations than 1e-5 or 1e-6 on the
        degree benchmarks with the same results. Larger values save more
        (3e-4: 11%, 1e-3: 18% of the evaluations of the degree benchmarks)
        but paths jump on systems with close paths: 3e-4 and 1e-3 already
        did in a test of 60 random segments past near-branch points that
        1e-4 tracks exactly; the contraction test and the trace test are
        guards, not a licence).
    corrector_tolerance : float
        Newton stops when the update norm is below this times (1 + |x|) (1e-9).
    max_corrector_iterations : int
        Newton iterations per step (3).
    contraction : float
        Every Newton update after the first must be at most this times the
        first (0.2): a cheap test that the prediction lies in the quadratic
        basin, against path jumping. A step is never accepted on its first
        update alone unless that update is already below the corrector
        tolerance.
    max_steps : int
        Steps per path (5000).
    divergence_norm : float
        A path whose max-norm exceeds this is declared diverged (1e8).
    singular_condition : float
        Endpoint Jacobian condition number (rows equilibrated) above this
        counts as singular (1e10).
    endgame_start : float
        A path whose step collapses within this distance of t = 1 ends as
        ``singular`` rather than ``failed`` (1e-6).
    final_newton_iterations : int
        Newton refinements of the endpoint at t = 1, at most (3). A path
        stops refining at the first update below 1e-12 (1 + |x|), which is
        not applied: the residual and condition number are those of the
        returned point, and the refinement usually costs two evaluations.
    reuse_velocity : bool
        Take the first RK4 stage k1 = dx/dt at an accepted point from the
        last corrector evaluation instead of evaluating H again (True): the
        solve against H_x there gives the velocity with the same
        factorization, at an iterate within the last Newton update of the
        accepted point (below ``corrector_tolerance``, or with
        ``newton_rate_acceptance`` below sqrt(corrector_tolerance x first
        update), ~1e-6 relative), which is negligible for a predictor. A
        rejected step leaves the point and its cached velocity unchanged.
        Saves one of the four predictor evaluations of every step; False
        evaluates k1 afresh (the reference behaviour, for tests).
    newton_rate_acceptance : bool
        Also accept a corrector whose update d_k (k >= 2) satisfies
        d_k^2 / d_(k-1) <= ``corrector_tolerance`` (1 + |x|) (True): with
        contracting updates the next update would be about
        d_k (d_k / d_(k-1)) (a linear-rate bound, pessimistic for Newton's
        quadratic convergence), so the point is already that accurate and
        a third evaluation is not needed. The contraction test against
        path jumping is unchanged; False waits for an update below the
        tolerance.
    engine : {"auto", "compiled", "numpy"}
        "compiled": the steps run in numba (:mod:`algnet.homotopy.compiled`;
        parameter homotopies of families that implement ``trace``);
        "numpy": the batched numpy steps of this module; "auto" (default):
        compiled where it applies. Both take the same steps up to rounding.
    stop_batch : float
        Compiled engine: one call of ``PathTracker.step`` returns when at
        least this fraction of the active paths (at least one) has stopped
        (0.25; 0.0: at the first stop, as the numpy engine). Each path's
        steps are the same; only how often the caller (monodromy) sees
        stopped paths changes, and each time costs Python work (endpoint
        keys, graph updates, new transports): on six degree benchmarks (the
        ones of ``MonodromyOptions.random_starts``, seeds 0-2) 0.25 took 18%
        less CPU than 0.0 with the same paths per point (18.6 against
        18.9), 0.1 10% less.
    threads : int
        Compiled engine, batched kernel: threads sharing the blocks of each
        round (1, default: one thread; 0: numba's thread count when a round
        has at least about a millisecond of work; k >= 2: k threads whenever
        there are two blocks or more; only with numba's TBB threading layer,
        thread- and fork-safe). A path's steps do not depend on the thread
        count, so the results are the same. One thread is the default
        because on a machine without an idle core (load 10-17 on 2 cores)
        threads=0 took 0.7-1.1x the wall time of one thread
        (``bench/bench_tracker.py``); an idle multi-core machine is where
        the threads can pay.
    block : int
        Compiled engine: paths per block of the path-batched kernel
        (:mod:`algnet.homotopy.batched`: the tape and the LU solves of a
        block of paths run together; 1.3-2.2x less CPU than path by path on
        the degree benchmarks' systems, see ``bench/bench_tracker.py``).
        0 (default): blocks of 32 when at least 16 paths are under way,
        else path by path; 1: path by path
        (:func:`algnet.homotopy.kernels.advance`, one thread); k >= 2: blocks
        of k. The steps are the same up to rounding.
    """

    initial_step: float = 0.05
    max_step: float = 0.5
    min_step: float = 1e-12
    step_growth: float = 3.0
    predictor_tolerance: float = 1e-4
    corrector_tolerance: float = 1e-9
    max_corrector_iterations: int = 3
    contraction: float = 0.2
    max_steps: int = 5000
    divergence_norm: float = 1e8
    singular_condition: float = 1e10
    endgame_start: float = 1e-6
    final_newton_iterations: int = 3
    reuse_velocity: bool = True
    newton_rate_acceptance: bool = True
    engine: str = "auto"
    stop_batch: float = 0.25
    threads: int = 1
    block: int = 0


@dataclass(frozen=True, eq=False)
class TrackResult:
    """Endpoints of tracked paths with one status per path.

    ``x`` (N, n) endpoints (the last point for paths that did not finish),
    ``t`` the time reached, ``status`` one string per path (see module doc),
    ``steps`` accepted steps, ``rejected`` rejected steps, ``condition``
    Jacobian condition estimates at the endpoints, ``residual`` the norm of
    H at the endpoint, ``partial`` True if interrupted, ``evaluations`` the
    number of path-evaluations of the homotopy (each call of
    ``H.evaluate`` counts the number of points it was given; values,
    Jacobian and t-derivative together count once), endpoint refinement
    included.
    """

    x: np.ndarray
    t: np.ndarray
    status: tuple
    steps: np.ndarray
    rejected: np.ndarray
    condition: np.ndarray
    residual: np.ndarray
    seconds: float = 0.0
    partial: bool = False
    options: TrackerOptions = field(default_factory=TrackerOptions)
    evaluations: int = 0

    def count(self, status: str) -> int:
        return sum(1 for s in self.status if s == status)

    @property
    def success(self) -> np.ndarray:
        """Boolean mask of the successful paths."""
        return np.array([s == "success" for s in self.status], dtype=bool)

    def summary(self) -> dict:
        return {s: self.count(s) for s in STATUSES if self.count(s)}

    def __repr__(self):
        return (f"TrackResult(paths={len(self.status)}, {self.summary()}, steps={int(self.steps.sum())}, "
                f"evaluations={self.evaluations}, seconds={self.seconds:.3f}{', partial' if self.partial else ''})")


def batched_solve(A, b):
    """Solve A[k] y[k] = b[k] for every k; singular systems give NaN rows."""
    return _solve_columns(A, b[..., None])[..., 0]


def _solve_columns(A, B):
    """Solve A[k] Y[k] = B[k] for (N, n, m) right-hand sides (one factorization); singular rows give NaN."""
    try:
        return np.linalg.solve(A, B)
    except np.linalg.LinAlgError:
        out = np.full(B.shape, np.nan + 0j, dtype=np.complex128)
        for k in range(A.shape[0]):
            try:
                out[k] = np.linalg.solve(A[k], B[k])
            except np.linalg.LinAlgError:
                pass
        return out


def _norm(v):
    return np.max(np.abs(v), axis=-1)


class _Counted:
    """Wraps a homotopy and counts path-evaluations (rows of X passed to ``evaluate``)."""

    def __init__(self, H):
        self.H = H
        self.rows = 0

    def evaluate(self, X, T, idx=None):
        self.rows += int(np.shape(X)[0])
        return self.H.evaluate(X, T, idx)


def _velocity(H, X, T, idx):
    _, Hx, Ht = H.evaluate(X, T, idx)
    return -batched_solve(Hx, Ht)


def newton(H, X, T, idx=None, iterations: int = 3, tol: float = 1e-12):
    """Newton refinement of H(., T) = 0 at fixed times; returns (X, last update norm, H_x).

    Rows whose update fell below ``tol`` times (1 + |x|) are not evaluated
    again (``H_x`` is then the Jacobian of each row's last evaluation)."""
    X = X.copy()
    N = X.shape[0]
    dn = np.full(N, np.inf)
    Hx = None
    live = np.ones(N, dtype=bool)
    for _ in range(iterations):
        li = np.nonzero(live)[0]
        if li.size == 0:
            break
        h, hx, _ = H.evaluate(X[li], T[li], None if idx is None else np.asarray(idx)[li])
        if Hx is None:
            Hx = np.full((N,) + hx.shape[1:], np.nan + 0j, dtype=np.complex128)
        Hx[li] = hx
        dx = batched_solve(hx, -h)
        ok = np.all(np.isfinite(dx), axis=1)
        X[li[ok]] += dx[ok]
        dn[li] = np.where(ok, _norm(np.where(np.isfinite(dx), dx, 0)), np.inf)
        live[li] = ~(dn[li] <= tol * (1 + _norm(X[li])))
    return X, dn, Hx


def _refine(H, X, T, idx, iterations: int, tol: float = 1e-12):
    """Newton refinement of endpoints; returns (X, H, H_x) with H and H_x evaluated at the returned X.

    A row stops at the first evaluation whose Newton update is below ``tol``
    times (1 + |x|) (that update is not applied, so the returned point is the
    evaluated one, within the update of the root), at a non-finite update,
    or after ``iterations`` updates and one more evaluation: at most
    ``iterations + 1`` evaluations per row, usually two."""
    X = X.copy()
    N = X.shape[0]
    hv = Hx = None
    live = np.ones(N, dtype=bool)
    for k in range(iterations + 1):
        li = np.nonzero(live)[0]
        if li.size == 0:
            break
        h, hx, _ = H.evaluate(X[li], T[li], idx[li])
        if hv is None:
            hv = np.empty((N,) + h.shape[1:], dtype=np.complex128)
            Hx = np.empty((N,) + hx.shape[1:], dtype=np.complex128)
        hv[li], Hx[li] = h, hx
        if k == iterations:
            break
        dx = batched_solve(hx, -h)
        fin = np.all(np.isfinite(dx), axis=1)
        small = fin & (_norm(np.where(fin[:, None], dx, 0)) <= tol * (1 + _norm(X[li])))
        step = fin & ~small
        X[li[step]] += dx[step]
        live[li[~step]] = False
    return X, hv, Hx


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
    """
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        return _track(H, X0, options or TrackerOptions(), show_progress, desc)


def _track(H, X0, opt, show_progress, desc):
    t_start = time.perf_counter()
    X = np.array(X0, dtype=np.complex128, copy=True)
    if X.ndim == 1:
        X = X[None, :]
    P = make_tracker(H, X.shape[1], opt)
    P.add(X)
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
    P.finish(np.arange(P.size))
    return P.result(time.perf_counter() - t_start, partial)


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
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> from algnet.homotopy.homotopies import StraightLineHomotopy
    >>> F = PolynomialSystem.from_terms([{(2,): 1, (0,): -4}])
    >>> G = PolynomialSystem.from_terms([{(2,): 1, (0,): -1}])
    >>> P = PathTracker(StraightLineHomotopy(G, F, gamma=np.exp(0.7j)), 1)
    >>> P.add(np.array([[1.0]])).tolist()
    [0]
    >>> while P.active:
    ...     stopped = P.step()
    ...     if P.size == 1:
    ...         _ = P.add(np.array([[-1.0]]))      # a second path joins under way
    >>> P.finish(np.arange(P.size))
    >>> r = P.result()
    >>> sorted(np.round(r.x[:, 0].real, 8).tolist()), r.status
    ([-2.0, 2.0], ('success', 'success'))
    """

    def __init__(self, H: Homotopy, n_vars: int, options: TrackerOptions | None = None):
        self.H = _Counted(H)
        self.opt = options or TrackerOptions()
        n = int(n_vars)
        self.n = n
        self.X = np.empty((0, n), dtype=np.complex128)
        self.T = np.empty(0)
        self.h = np.empty(0)
        self.status = np.empty(0, dtype=object)
        self.steps = np.empty(0, dtype=np.int64)
        self.rejected = np.empty(0, dtype=np.int64)
        # velocity dx/dt at (X, T) per path, valid where vok (see TrackerOptions.reuse_velocity)
        self.V = np.empty((0, n), dtype=np.complex128)
        self.vok = np.empty(0, dtype=bool)
        self.cond = np.empty(0)
        self.resid = np.empty(0)
        self._active = 0

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
        X0 = np.array(X0, dtype=np.complex128, copy=True)
        if X0.ndim == 1:
            X0 = X0[None, :]
        if X0.ndim != 2 or X0.shape[1] != self.n:
            raise ParameterError(f"start points must be rows of length {self.n}, got shape {X0.shape}",
                                 hint="PathTracker.add takes an (N, n_vars) array of start solutions")
        k = X0.shape[0]
        first = self.size
        self.X = np.concatenate([self.X, X0])
        self.T = np.concatenate([self.T, np.zeros(k)])
        self.h = np.concatenate([self.h, np.full(k, self.opt.initial_step)])
        self.status = np.concatenate([self.status, np.array(["tracking"] * k, dtype=object)])
        self.steps = np.concatenate([self.steps, np.zeros(k, dtype=np.int64)])
        self.rejected = np.concatenate([self.rejected, np.zeros(k, dtype=np.int64)])
        self.V = np.concatenate([self.V, np.zeros((k, self.n), dtype=np.complex128)])
        self.vok = np.concatenate([self.vok, np.zeros(k, dtype=bool)])
        self.cond = np.concatenate([self.cond, np.full(k, np.nan)])
        self.resid = np.concatenate([self.resid, np.full(k, np.nan)])
        self._active += k
        return np.arange(first, first + k)

    def interrupt(self):
        """Mark the paths under way ``interrupted`` (Ctrl-C)."""
        self.status[self.status == "tracking"] = "interrupted"
        self._active = 0

    def step(self) -> np.ndarray:
        """One predictor-corrector step of every active path; returns the paths that stopped."""
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            return self._step()

    def _step(self):
        opt, H = self.opt, self.H
        X, T, h, status, steps, rejected, V, vok = (self.X, self.T, self.h, self.status, self.steps,
                                                    self.rejected, self.V, self.vok)
        n = self.n
        act = np.nonzero(status == "tracking")[0]
        if act.size == 0:
            self._active = 0
            return act
        x, t = X[act], T[act]
        hh = np.minimum(h[act], 1.0 - t)
        # RK4 predictor; k1 from the cache when valid
        stale = act[~vok[act]] if opt.reuse_velocity else act
        if stale.size:
            V[stale] = _velocity(H, X[stale], T[stale], stale)
            vok[stale] = np.all(np.isfinite(V[stale]), axis=1)
        k1 = V[act]
        k2 = _velocity(H, x + (hh / 2)[:, None] * k1, t + hh / 2, act)
        k3 = _velocity(H, x + (hh / 2)[:, None] * k2, t + hh / 2, act)
        k4 = _velocity(H, x + hh[:, None] * k3, t + hh, act)
        xp = x + (hh / 6)[:, None] * (k1 + 2 * k2 + 2 * k3 + k4)
        tn = t + hh
        tn = np.where(1.0 - tn < 1e-15, 1.0, tn)
        # Newton corrector
        conv = np.zeros(act.size, dtype=bool)
        bad = ~np.all(np.isfinite(xp), axis=1)
        first = np.full(act.size, np.nan)
        prev = np.full(act.size, np.nan)
        iters = np.zeros(act.size, dtype=np.int64)
        vn = np.full((act.size, n), np.nan + 0j, dtype=np.complex128)
        xc = np.where(bad[:, None], x, xp)
        for it in range(opt.max_corrector_iterations):
            live = ~conv & ~bad
            if not live.any():
                break
            li = np.nonzero(live)[0]
            hv, Hx, Ht = H.evaluate(xc[li], tn[li], act[li])
            if opt.reuse_velocity:
                # one factorization gives the update and the velocity at this iterate
                Y = _solve_columns(Hx, -np.stack([hv, Ht], axis=2))
                dx = Y[:, :, 0]
                vn[li] = Y[:, :, 1]
            else:
                dx = batched_solve(Hx, -hv)
            fin = np.all(np.isfinite(dx), axis=1)
            dn = np.where(fin, _norm(np.where(np.isfinite(dx), dx, 0)), np.inf)
            xc[li] = xc[li] + np.where(fin[:, None], dx, 0)
            iters[li] += 1
            scale = opt.corrector_tolerance * (1 + _norm(xc[li]))
            done_now = dn <= scale
            if it == 0:
                first[li] = dn
            else:
                bad[li] |= dn > opt.contraction * first[li]
                if opt.newton_rate_acceptance:
                    # contracting: the next update would be about dn * (dn / prev)
                    done_now |= dn * dn <= scale * prev[li]
            prev[li] = dn
            bad[li] |= ~fin
            conv[li] |= done_now & fin
        ok = conv & ~bad
        # accept
        acc = act[ok]
        X[acc] = xc[ok]
        T[acc] = tn[ok]
        steps[acc] += 1
        if opt.reuse_velocity:
            # the velocity at the last Newton iterate serves as k1 of the next step (the
            # iterate is within the last update, <= corrector_tolerance relative, of X);
            # a rejected step leaves X and its cached velocity unchanged
            V[acc] = vn[ok]
            vok[acc] = np.all(np.isfinite(vn[ok]), axis=1)
        # step control: the first Newton update estimates the predictor error (~ h^5 for RK4)
        rel = first / (1 + _norm(xc))
        fac = 0.8 * (opt.predictor_tolerance / np.maximum(rel, 1e-300)) ** 0.2
        fac = np.clip(np.where(np.isfinite(fac), fac, opt.step_growth), 0.5, opt.step_growth)
        fac = np.where(iters <= 2, fac, np.minimum(fac, 1.0))
        h[act[ok]] = np.minimum(hh[ok] * fac[ok], opt.max_step)
        rej = act[~ok]
        rejected[rej] += 1
        h[rej] *= 0.5
        # classify
        nx = _norm(X[act])
        done = act[T[act] >= 1.0]
        status[done] = "reached"
        div = act[(nx > opt.divergence_norm) & (T[act] < 1.0)]
        status[div] = "diverged"
        small = act[(h[act] < opt.min_step) & (status[act] == "tracking")]
        near = small[1.0 - T[small] <= opt.endgame_start]
        status[near] = "near_end"
        status[np.setdiff1d(small, near)] = "failed"
        status[act[(steps[act] + rejected[act] >= opt.max_steps) & (status[act] == "tracking")]] = "max_steps"
        stopped = act[status[act] != "tracking"]
        self._active = int(act.size - stopped.size)
        return stopped

    def _refine_endpoints(self, idx):
        """(refined X, H and H_x there) of the paths ``idx`` at t = 1 (see :func:`_refine`)."""
        return _refine(self.H, self.X[idx], np.ones(idx.size), idx, self.opt.final_newton_iterations)

    def finish(self, idx):
        """Refine the endpoints of the stopped paths ``idx`` at t = 1 and classify them by conditioning."""
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            idx = np.asarray(idx, dtype=np.int64)
            fin_idx = idx[(self.status[idx] == "reached") | (self.status[idx] == "near_end")]
            if not fin_idx.size:
                return
            Xe, hv, Hx = self._refine_endpoints(fin_idx)
            # row-equilibrated condition number: invariant under rescaling the equations
            rs = np.max(np.abs(Hx), axis=2, keepdims=True)
            c = np.linalg.cond(Hx / np.where(rs > 0, rs, 1))
            c = np.where(np.isfinite(c), c, np.inf)
            good = np.all(np.isfinite(Xe), axis=1)
            self.X[fin_idx[good]] = Xe[good]
            self.cond[fin_idx] = c
            self.resid[fin_idx] = _norm(hv)
            sing = (c > self.opt.singular_condition) | (self.status[fin_idx] == "near_end")
            # a well-conditioned endpoint is a solution only if Newton has converged there: its next
            # update must be negligible (a path can stall at a point that is not a solution at all)
            unconverged = np.zeros(fin_idx.size, dtype=bool)
            ok = np.nonzero(~sing & good)[0]
            if ok.size:
                dx = np.linalg.solve(Hx[ok], hv[ok][..., None])[..., 0]
                unconverged[ok] = ~(_norm(dx) <= ENDPOINT_NEWTON_TOLERANCE * (1 + _norm(Xe[ok])))
            self.status[fin_idx] = np.where(sing, "singular", np.where(unconverged | ~good, "failed", "success"))

    def result(self, seconds: float = 0.0, partial: bool = False) -> TrackResult:
        """The paths as a :class:`TrackResult` (call :meth:`finish` on stopped paths first)."""
        return TrackResult(self.X.copy(), self.T.copy(), tuple(str(s) for s in self.status), self.steps.copy(),
                           self.rejected.copy(), self.cond.copy(), self.resid.copy(), seconds, partial, self.opt,
                           self.H.rows)


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
        from algnet.homotopy.compiled import can_compile, make_compiled_tracker

        if opt.engine == "compiled":
            return make_compiled_tracker(H, n_vars, opt)
        if can_compile(H):
            try:
                return make_compiled_tracker(H, n_vars, opt)
            except Exception:  # auto: a family whose trace() fails to record is tracked by numpy
                pass
    return PathTracker(H, n_vars, opt)
