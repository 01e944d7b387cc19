"""Monodromy solving and the trace test.

Monodromy (Duff–Hill–Jensen–Lee–Leykin–Sommars, *Solving polynomial
systems via homotopy continuation and monodromy*, IMA J. Numer. Anal. 2019,
arXiv:1609.08722): for a family F(x; p) with a known start pair (x0, p0),
track the known solutions of F(.; p0) around loops p0 -> p1 -> p2 -> p0
through random complex parameter values; endpoints that are new solutions
are kept. For an irreducible solution variety the monodromy action is
transitive, so every solution is eventually reached.

The loops are kept: every solution is pushed once through every loop (all
pending pushes in one batch), so the known set becomes the orbit of the
group the loops generate at a cost of 3 paths per solution and loop. When
it is closed under the loops so far, the trace test is run (if set up) or a
new random loop is added; a run stops when the trace test passes, or after
``max_loops_no_progress`` new loops in a row found nothing.

Solutions are identified through a ``key`` (default: the point itself),
e.g. the image of a point under a map whose fibers should count once.
Known symmetries (group actions) seed and complete orbits.

The trace test (Sommese–Verschelde–Wampler, *Symmetric functions applied
to decomposing solution sets of polynomial systems*, SIAM J. Numer. Anal.
40, 2002; Leykin–Rodriguez–Sottile, *Trace test*, Arnold Math. J. 2018)
moves the parameters along a line p0 + s v and checks that the sum of a
linear function of the (keyed) points is affine-linear in s:
``T(1) - 2 T(0) + T(-1) = 0`` holds for a complete witness set and fails
(generically) for an incomplete one. The residual is reported relative to
the sum of the magnitudes.

Examples
--------
>>> import numpy as np
>>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
>>> G = PolynomialSystem.from_terms([{(3, 0): 1, (0, 1): 1}, {(0, 2): 1, (1, 0): 1}])
>>> fam = OffsetFamily(G)                        # x^3 + y = a, y^2 + x = b: 6 solutions
>>> x0 = np.array([0.3 + 0.1j, -0.7 + 0.2j])
>>> p0 = fam.start_parameters(x0)[0]
>>> res = monodromy_solve(fam, x0, p0, seed=1, target_count=6)
>>> len(res.solutions), res.stop_reason
(6, 'target count reached')
>>> trace_test(fam, res.solutions, p0, seed=2).passed
True
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from algnet.errors import ParameterError
from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.systems import System
from algnet.homotopy.tracker import TrackerOptions, track

__all__ = ["MonodromyOptions", "MonodromyResult", "monodromy_solve", "TraceTestResult", "trace_test",
           "track_parameters"]


@dataclass(frozen=True)
class MonodromyOptions:
    """Options of :func:`monodromy_solve` (frozen; defaults in parentheses).

    Attributes
    ----------
    max_loops : int
        Upper bound on the number of distinct loops (200).
    max_loops_no_progress : int
        Without a trace test: stop after this many consecutive new loops
        that found nothing new (8). With one, the trace test runs whenever
        the orbit is closed under two or more loops.
    dedup_tolerance : float
        Keys closer than this times (1 + |key|) (max-norm) are the same (1e-8;
        1e-6 merged distinct witness points of dense 2-2-1 r=7, whose
        values span many orders of magnitude).
    parameter_scale : float or None
        Scale of the random loop parameters; None: ``loop_scale`` times the
        root-mean-square of p0 (None).
    loop_scale : float
        See ``parameter_scale`` (4.0; larger loops enclose more branch
        points: on small test systems 4x found the solutions in about half
        the loops of 1x).
    trace_tolerance : float
        Relative trace residual below which the trace test passes (1e-6).
    tracker : TrackerOptions
        Options of every path tracked.
    """

    max_loops: int = 200
    max_loops_no_progress: int = 8
    dedup_tolerance: float = 1e-8
    parameter_scale: float | None = None
    loop_scale: float = 4.0
    trace_tolerance: float = 1e-6
    tracker: TrackerOptions = field(default_factory=TrackerOptions)


@dataclass(frozen=True)
class TraceTestResult:
    """Trace test outcome: ``residual`` = |T(1) - 2T(0) + T(-1)| / sum |t_i|."""

    residual: float
    passed: bool
    tolerance: float
    paths: int
    failed_paths: int
    seed: int | None

    def __repr__(self):
        return (f"TraceTestResult(passed={self.passed}, residual={self.residual:.2e}, "
                f"tolerance={self.tolerance:.0e}, paths={self.paths}, failed_paths={self.failed_paths})")


@dataclass(frozen=True, eq=False)
class MonodromyResult:
    """Solutions of F(.; p0) found by monodromy.

    ``solutions`` (k, n), ``keys`` (k, q), ``parameters`` p0, ``loops``,
    ``paths`` tracked, ``path_failures`` by status (paths that did not
    succeed on some leg; they are reported, their endpoints unused),
    ``stop_reason``, ``trace`` (last trace test or None), ``seed``,
    ``seconds``, ``partial`` (Ctrl-C).
    """

    solutions: np.ndarray
    keys: np.ndarray
    parameters: np.ndarray
    loops: int
    paths: int
    path_failures: dict
    stop_reason: str
    trace: TraceTestResult | None
    seed: int | None
    seconds: float
    partial: bool = False
    history: tuple = ()

    def __repr__(self):
        return (f"MonodromyResult(solutions={len(self.solutions)}, loops={self.loops}, paths={self.paths}, "
                f"failures={self.path_failures}, stop={self.stop_reason!r}, trace={self.trace}, "
                f"seed={self.seed}, seconds={self.seconds:.2f}{', partial' if self.partial else ''})")


def track_parameters(family: System, X, p0, p1, options: TrackerOptions | None = None,
                     show_progress: bool = False):
    """Track solutions X of F(.; p0) to F(.; p1) along the segment (a parameter homotopy).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))   # x^2 = p
    >>> r = track_parameters(fam, np.array([[1.0]]), [1.0], [4.0 + 0.5j])
    >>> bool(abs(r.x[0, 0] ** 2 - (4 + 0.5j)) < 1e-10), r.status
    (True, ('success',))
    """
    return track(ParameterHomotopy(family, p0, p1), X, options, show_progress=show_progress, desc="parameter")


class _KeyStore:
    def __init__(self, q, tol):
        self.K = np.empty((0, q), dtype=np.complex128)
        self.tol = tol

    def new_mask(self, keys):
        """Which rows of keys are new (also against each other); registers them."""
        out = np.zeros(keys.shape[0], dtype=bool)
        for i in range(keys.shape[0]):
            k = keys[i]
            if not np.all(np.isfinite(k)):
                continue
            scale = self.tol * (1 + np.max(np.abs(k)))
            if self.K.shape[0] and np.any(np.max(np.abs(self.K - k), axis=1) <= scale):
                continue
            out[i] = True
            self.K = np.vstack([self.K, k[None, :]])
        return out


def _random_params(rng, p0, scale, free):
    m = p0.shape[0]
    p = p0.copy()
    z = (rng.normal(size=m) + 1j * rng.normal(size=m)) * scale / np.sqrt(2)
    p[free] = z[free]
    return p


def monodromy_solve(family: System, x0, p0, seed=None, options: MonodromyOptions | None = None,
                    key: Callable | None = None, group_actions=(), target_count: int | None = None,
                    free_parameters=None, trace_direction=None, trace_functional: Callable | None = None,
                    parameter_scale=None, show_progress: bool = False) -> MonodromyResult:
    """Solve F(.; p0) = 0 by monodromy from known solutions ``x0``.

    Parameters
    ----------
    family : System
        A family with ``n_params > 0`` and ``param_derivative``.
    x0 : array (n,) or (k, n)
        Known solutions of F(.; p0).
    p0 : array (m,)
    seed : int, optional
        Seeds the loops (stored in the result).
    options : MonodromyOptions, optional
    key : callable, optional
        X (N, n) -> (N, q) identifying solutions (default: X itself); two
        solutions with equal keys count once.
    group_actions : sequence of callables
        X (N, n) -> (N, n), known symmetries. When the family has
        ``start_parameters`` (an :class:`OffsetFamily`-like family), an
        acted point is moved back to p0 by a parameter homotopy; otherwise
        the action is assumed to map solutions to solutions.
    target_count : int, optional
        Stop when this many solutions are known (e.g. a known root count).
    free_parameters : index array, optional
        Parameters varied by the loops (default: all).
    trace_direction, trace_functional : optional
        Set both to stop by the trace test (see :func:`trace_test`) when
        ``max_loops_no_progress`` loops found nothing new; if it fails the
        loops go on.
    parameter_scale : array (m,), optional
        Typical size of each parameter (loops draw p_j of size
        ``loop_scale * parameter_scale[j]``); use it when parameter blocks
        have very different sizes.
    show_progress : bool

    Returns
    -------
    MonodromyResult
        Ctrl-C returns the solutions found so far, marked ``partial``.
    """
    opt = options or MonodromyOptions()
    t_start = time.perf_counter()
    rng = np.random.default_rng(seed)
    p0 = np.asarray(p0, dtype=np.complex128).reshape(-1)
    if p0.shape[0] != family.n_params or family.n_params == 0:
        raise ParameterError(f"p0 must have length n_params = {family.n_params} > 0",
                             hint="monodromy needs a family of systems with parameters")
    X = np.asarray(x0, dtype=np.complex128)
    if X.ndim == 1:
        X = X[None, :]
    keyf = key if key is not None else (lambda Y: Y)
    free = np.arange(family.n_params) if free_parameters is None else np.asarray(free_parameters)
    if parameter_scale is not None:
        scale = opt.loop_scale * np.asarray(parameter_scale, dtype=float)
    else:
        scale = opt.parameter_scale or opt.loop_scale * float(np.sqrt(np.mean(np.abs(p0[free]) ** 2)) or 1.0)
    store = None
    sols = np.empty((0, family.n_vars), dtype=np.complex128)
    keys = None
    paths = 0
    failures: dict = {}
    history = []

    def note(tr):
        for s in tr.status:
            if s != "success":
                failures[s] = failures.get(s, 0) + 1

    def add(Y):
        nonlocal store, sols, keys
        if Y.shape[0] == 0:
            return 0
        K = np.asarray(keyf(Y), dtype=np.complex128)
        if store is None:
            store = _KeyStore(K.shape[1], opt.dedup_tolerance)
            keys = np.empty((0, K.shape[1]), dtype=np.complex128)
        m = store.new_mask(K)
        sols = np.vstack([sols, Y[m]])
        keys = np.vstack([keys, K[m]])
        return int(m.sum())

    def apply_actions(Y):
        nonlocal paths
        total = 0
        frontier = Y
        while frontier.shape[0] and group_actions:
            found = []
            for g in group_actions:
                Z = np.asarray(g(frontier), dtype=np.complex128)
                if hasattr(family, "start_parameters"):
                    P = family.start_parameters(Z)
                    tr = track(ParameterHomotopy(family, P, p0), Z, opt.tracker)
                    paths += Z.shape[0]
                    note(tr)
                    Z = tr.x[tr.success]
                before = sols.shape[0]
                total += add(Z)
                found.append(sols[before:])
            frontier = np.vstack(found) if found else frontier[:0]
        return total

    loop_params: list = []   # (p1, p2) of each loop p0 -> p1 -> p2 -> p0
    done: list = []          # solutions already pushed through each loop
    stall = 0
    found_since_closure = 0
    trace = None
    reason = "max loops"
    partial = False
    bar = None
    if show_progress:
        from tqdm.auto import tqdm

        bar = tqdm(desc="monodromy", unit="loop", total=opt.max_loops)

    def new_loop():
        loop_params.append((_random_params(rng, p0, scale, free), _random_params(rng, p0, scale, free)))
        done.append(0)
        if bar is not None:
            bar.update(1)

    try:
        add(X)
        apply_actions(sols.copy())
        while True:
            k = sols.shape[0]
            if target_count is not None and k >= target_count:
                reason = "target count reached"
                break
            pending = [j for j in range(len(loop_params)) if done[j] < k]
            if not pending:
                # the known solutions are closed under the loops so far
                if loop_params:
                    stall = stall + 1 if found_since_closure == 0 else 0
                    found_since_closure = 0
                    if trace_direction is not None and trace_functional is not None:
                        if stall >= 1 or len(loop_params) >= 2:
                            trace = trace_test(family, sols, p0, direction=trace_direction,
                                               functional=trace_functional, seed=int(rng.integers(2**31)),
                                               options=opt)
                            paths += trace.paths
                            if trace.passed:
                                reason = "trace test passed"
                                break
                    elif stall >= opt.max_loops_no_progress:
                        reason = f"no new solutions in {opt.max_loops_no_progress} loops"
                        break
                if len(loop_params) >= opt.max_loops:
                    reason = "max loops"
                    break
                new_loop()
                continue
            # push every solution not yet sent through each loop, all loops in one batch
            idx, P1, P2 = [], [], []
            for j in pending:
                idx.append(np.arange(done[j], k))
                P1.append(np.repeat(loop_params[j][0][None, :], k - done[j], axis=0))
                P2.append(np.repeat(loop_params[j][1][None, :], k - done[j], axis=0))
                done[j] = k
            idx = np.concatenate(idx)
            P1, P2 = np.concatenate(P1), np.concatenate(P2)
            P0 = np.broadcast_to(p0, P1.shape)
            Y = sols[idx].copy()
            alive = np.arange(Y.shape[0])
            for a, b in ((P0, P1), (P1, P2), (P2, P0)):
                tr = track(ParameterHomotopy(family, a[alive], b[alive]), Y[alive], opt.tracker)
                paths += alive.size
                note(tr)
                ok = tr.success
                Y[alive[ok]] = tr.x[ok]
                alive = alive[ok]
            new = add(Y[alive])
            if new:
                new += apply_actions(sols[-new:].copy())
            found_since_closure += new
            history.append((len(loop_params), sols.shape[0], new))
            if bar is not None:
                bar.set_postfix(solutions=sols.shape[0])
    except KeyboardInterrupt:
        partial = True
        reason = "interrupted"
    finally:
        if bar is not None:
            bar.close()
    if keys is None:
        keys = np.empty((0, 0), dtype=np.complex128)
    return MonodromyResult(sols, keys, p0, len(loop_params), paths, failures, reason, trace, seed,
                           time.perf_counter() - t_start, partial, tuple(history))


def trace_test(family: System, X, p0, direction=None, functional: Callable | None = None, seed=None,
               options: MonodromyOptions | None = None, step: float = 1.0) -> TraceTestResult:
    """The linear trace test for the solutions X of F(.; p0).

    Tracks X to p0 + step v and to p0 - step v and compares the traces of
    ``functional`` (X (N, n) -> (N,), must be linear in the coordinates in
    which the witness set lives; default: a random linear form of X).

    Parameters
    ----------
    family : System
    X : array (k, n)
    p0 : array (m,)
    direction : array (m,), optional
        The direction v (default: random complex, of the size of p0).
    functional : callable, optional
    seed : int, optional
    options : MonodromyOptions, optional
    step : float

    Returns
    -------
    TraceTestResult
        ``passed`` needs every path to succeed and the relative residual
        to be below ``options.trace_tolerance``.
    """
    opt = options or MonodromyOptions()
    rng = np.random.default_rng(seed)
    X = np.asarray(X, dtype=np.complex128)
    p0 = np.asarray(p0, dtype=np.complex128)
    m = p0.shape[0]
    scale = float(np.sqrt(np.mean(np.abs(p0) ** 2)) or 1.0)
    if direction is None:
        direction = (rng.normal(size=m) + 1j * rng.normal(size=m)) * scale
    v = np.asarray(direction, dtype=np.complex128)
    if functional is None:
        w = rng.normal(size=family.n_vars) + 1j * rng.normal(size=family.n_vars)

        def functional(Y):
            return Y @ w
    traces = []
    failed = 0
    mags = np.abs(functional(X))
    for s in (step, -step):
        tr = track(ParameterHomotopy(family, p0, p0 + s * v), X, opt.tracker)
        failed += int((~tr.success).sum())
        vals = functional(tr.x)
        traces.append(np.sum(vals))
        mags = mags + np.abs(vals)
    t0 = np.sum(functional(X))
    res = abs(traces[0] - 2 * t0 + traces[1]) / max(float(np.sum(mags)), 1e-300)
    passed = failed == 0 and res < opt.trace_tolerance
    return TraceTestResult(float(res), bool(passed), opt.trace_tolerance, 2 * X.shape[0], failed, seed)
