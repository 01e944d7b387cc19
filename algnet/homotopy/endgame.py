"""The Cauchy endgame: accurate endpoints of paths that end at singular solutions.

Near t = 1 a path x(t) of H(x, t) = 0 is a Puiseux series: there is a
positive integer c, the *winding number* (cycle number), such that
x(1 - s^c) is analytic in s near s = 0 (Morgan, Sommese, Wampler,
"Computing singular solutions to polynomial systems", Adv. Appl. Math. 13,
1992; Bates, Hauenstein, Sommese, Wampler, *Numerically solving polynomial
systems with Bertini*, SIAM 2013, ch. 3 and 10). Tracking on the circle
t = 1 - r e^{i phi} (complex t), the path closes up after exactly c turns,
and the Cauchy integral formula in s,

    x(1) = (1 / 2 pi i) \\oint x(s) / s ds,    |s| = r^{1/c},

evaluated by the trapezoid rule, is the mean of M c samples x_j equally
spaced in s (M per turn of t). For x(s) = sum a_k s^k the mean is
a_0 + a_{Mc} s^{Mc} + ..., so the error is about r^M: far smaller than the
~ r^{1/c}-sized error of plain tracking (Newton at a singular endpoint
converges linearly, to about the square root of the precision for c = 2).

:func:`cauchy_endgame` runs the loop at geometric radii r0, r0 q, r0 q^2,
... (moving between them along real t) until two successive estimates with
the same winding number agree to ``tolerance``; :func:`track_with_endgame`
first tracks the paths from t = 0 to the endgame zone t = 1 - r0 (Ctrl-C
raises ``KeyboardInterrupt`` out of them). Every
piece is an ordinary call of :func:`~algnet.homotopy.tracker.track` on a
reparametrised homotopy (:class:`~algnet.homotopy.homotopies.SegmentHomotopy`,
:class:`~algnet.homotopy.homotopies.CircleHomotopy`).

Examples
--------
(1 - t) gamma (x^2 - 1) + t x^2 = 0: both paths end at the double root
x = 0, together, as one cycle of winding number 2.

>>> import numpy as np
>>> from algnet.homotopy.systems import PolynomialSystem
>>> from algnet.homotopy.homotopies import StraightLineHomotopy
>>> F = PolynomialSystem.from_terms([{(2,): 1}])
>>> G = PolynomialSystem.from_terms([{(2,): 1, (0,): -1}])
>>> eg = track_with_endgame(StraightLineHomotopy(G, F, gamma=np.exp(0.5j)), [[1.0], [-1.0]])
>>> eg.winding.tolist(), eg.status, bool(np.max(np.abs(eg.x)) < 1e-10)
([2, 2], ('converged', 'converged'), True)
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import numpy as np

from algnet.errors import ParameterError
from algnet.homotopy.homotopies import CircleHomotopy, Homotopy, SegmentHomotopy
from algnet.homotopy.tracker import TrackerOptions, _norm, track, whole
from algnet.interrupts import ctrl_c_safe

__all__ = ["EndgameOptions", "EndgameResult", "cauchy_loop", "cauchy_endgame", "track_with_endgame"]

ENDGAME_STATUSES = ("converged", "not_converged", "no_closure", "failed")


@dataclass(frozen=True)
class EndgameOptions:
    """Options of the Cauchy endgame (frozen; defaults in parentheses).

    Attributes
    ----------
    start_radius : float
        The endgame zone starts at t = 1 - start_radius; the first loop has
        this radius (0.1, as in Bertini).
    radius_ratio : float
        Successive loop radii r0, r0 q, r0 q^2, ... (q = 0.5).
    min_radius : float
        No loop below this radius; a path not converged by then ends
        ``not_converged`` (1e-8).
    samples_per_loop : int
        M, samples per turn around t = 1 (equally spaced in angle): the
        trapezoid-rule error is about radius^M (8).
    max_winding : int
        At most this many turns per loop; a path that has not closed up by
        then gets no estimate at that radius (12).
    closed_tolerance : float
        A loop is closed when it returns to its start point within this
        relative max-norm distance, ``closed_tolerance * (1 + |x|)`` (1e-7;
        far above the Newton accuracy of the samples and far below the
        distance ~ radius^(1/c) between the branches of a cycle).
    tolerance : float
        Converged when two successive estimates (same winding number) differ
        by at most ``tolerance * (1 + |x|)`` in max-norm (1e-10).
    arc_initial_step : float
        First tracker step on each arc of a loop, as a fraction of the arc
        (0.5): it replaces ``TrackerOptions.initial_step`` there (and raises
        ``max_step`` to it if needed), whose default is tuned for whole paths
        and would cost every arc at least four steps.
    cluster_tolerance : float
        Endpoints closer than ``cluster_tolerance * (1 + |x|)`` are the same
        solution when paths are grouped into multiplicities by
        :func:`~algnet.homotopy.solve.total_degree_solve` (1e-6).

    Examples
    --------
    >>> EndgameOptions().samples_per_loop, EndgameOptions(start_radius=0.05).start_radius
    (8, 0.05)
    """

    start_radius: float = 0.1
    radius_ratio: float = 0.5
    min_radius: float = 1e-8
    samples_per_loop: int = 8
    max_winding: int = 12
    closed_tolerance: float = 1e-7
    tolerance: float = 1e-10
    arc_initial_step: float = 0.5
    cluster_tolerance: float = 1e-6

    def __post_init__(self):
        if not 0 < self.start_radius < 1:
            raise ParameterError("start_radius must lie in (0, 1)", hint="e.g. 0.1")
        if not 0 < self.radius_ratio < 1:
            raise ParameterError("radius_ratio must lie in (0, 1)", hint="e.g. 0.5")
        if not 0 < self.min_radius <= self.start_radius:
            raise ParameterError("min_radius must lie in (0, start_radius]", hint="e.g. 1e-8")
        if not 0 < self.arc_initial_step <= 1:
            raise ParameterError("arc_initial_step must lie in (0, 1]", hint="e.g. 0.5")
        if self.samples_per_loop < 2 or self.max_winding < 1:
            raise ParameterError("samples_per_loop >= 2 and max_winding >= 1 are needed",
                                 hint="e.g. samples_per_loop=8, max_winding=12")


@dataclass(frozen=True, eq=False)
class EndgameResult:
    """Per path: the endpoint estimate at t = 1 and how far to trust it.

    ``x`` (N, n) estimates of x(1) (the last loop's mean; NaN rows when the
    last loop did not close), ``accuracy`` (N,) max-norm difference between the last two
    estimates (an error estimate; inf with fewer than two), ``winding`` (N,)
    winding number of the last closed loop (0 if none), ``converged`` (N,)
    bool, ``status`` one of ``converged``, ``not_converged`` (radii
    exhausted), ``no_closure`` (the last loop did not close within
    ``max_winding`` turns or its tracking failed), ``failed`` (tracking to
    or between the loops failed); ``radius`` (N,) radius of the last loop,
    ``loops`` (N,) loops run, ``previous`` (N, n) the estimate before the
    last, ``paths`` (N,) names of the paths in the homotopy.

    Examples
    --------
    Both roots of x^2 - 1 go to the double root 0 of x^2: winding number 2 each.

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> from algnet.homotopy.homotopies import StraightLineHomotopy
    >>> F = PolynomialSystem.from_terms([{(2,): 1}])
    >>> G = PolynomialSystem.from_terms([{(2,): 1, (0,): -1}])
    >>> e = track_with_endgame(StraightLineHomotopy(G, F, gamma=1j), [[1.0], [-1.0]])
    >>> e.summary(), e.winding.tolist(), bool(np.abs(e.x).max() < 1e-10)
    ({'converged': 2}, [2, 2], True)
    """

    x: np.ndarray
    accuracy: np.ndarray
    winding: np.ndarray
    converged: np.ndarray
    status: tuple
    radius: np.ndarray
    loops: np.ndarray
    previous: np.ndarray
    paths: np.ndarray
    seconds: float = 0.0
    options: EndgameOptions = field(default_factory=EndgameOptions)

    def count(self, status: str) -> int:
        """Number of paths with this status.

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.homotopy.systems import PolynomialSystem
        >>> from algnet.homotopy.homotopies import StraightLineHomotopy
        >>> F = PolynomialSystem.from_terms([{(2,): 1}])
        >>> G = PolynomialSystem.from_terms([{(2,): 1, (0,): -1}])
        >>> track_with_endgame(StraightLineHomotopy(G, F, gamma=1j), [[1.0]]).count("converged")
        1
        """
        return sum(1 for s in self.status if s == status)

    def summary(self) -> dict:
        """Paths per status (only statuses that occur)."""
        return {s: self.count(s) for s in ENDGAME_STATUSES if self.count(s)}

    def __repr__(self):
        w = sorted(set(int(c) for c in self.winding if c))
        return (f"EndgameResult(paths={len(self.status)}, {self.summary()}, winding numbers {w}, "
                f"max accuracy {float(np.max(self.accuracy, initial=0.0)):.1e}, seconds={self.seconds:.3f})")


def _as_points(X):
    X = np.array(X, dtype=np.complex128, copy=True)
    if X.ndim == 1:
        X = X[None, :]
    return X


def _paths(paths, N):
    if paths is None:
        return np.arange(N, dtype=np.int64)
    p = np.asarray(paths, dtype=np.int64)
    if p.shape != (N,):
        raise ParameterError("paths must name one path per point", hint=f"an integer array of length {N}")
    return p


@ctrl_c_safe
def cauchy_loop(H: Homotopy, X, radius: float, options: EndgameOptions | None = None,
                tracker_options: TrackerOptions | None = None, paths=None):
    """One Cauchy loop: track around t = 1 - radius e^{i phi} until each path closes up.

    Parameters
    ----------
    H, X
        The homotopy (complex times) and the points of its paths at t = 1 - radius, as in
        :func:`cauchy_endgame`.
    radius : float
    options : EndgameOptions, optional
        ``samples_per_loop``, ``max_winding``, ``closed_tolerance``.
    tracker_options : TrackerOptions, optional
        For the arcs, with ``initial_step`` set to ``options.arc_initial_step``.
    paths : array (N,), optional
        Names of the paths in ``H`` (default 0..N-1).

    Returns
    -------
    (estimate, winding, closed)
        ``estimate`` (N, n) the mean of the M c samples (NaN where not
        closed), ``winding`` (N,) the number of turns c (0 where not
        closed), ``closed`` (N,) bool.

    Examples
    --------
    x^3 = 1 - t: the loop closes after 3 turns and the mean is x(1) = 0.

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> from algnet.homotopy.homotopies import StraightLineHomotopy
    >>> F = PolynomialSystem.from_terms([{(3,): 1}])
    >>> G = PolynomialSystem.from_terms([{(3,): 1, (0,): -1}])
    >>> H = StraightLineHomotopy(G, F, gamma=1.0)        # x^3 - (1 - t)
    >>> est, c, closed = cauchy_loop(H, [[0.1 ** (1 / 3)]], 0.1)
    >>> c.tolist(), closed.tolist(), bool(abs(est[0, 0]) < 1e-12)
    ([3], [True], True)
    """
    opt = options or EndgameOptions()
    X = _as_points(X)
    N = X.shape[0]
    names = _paths(paths, N)
    M = opt.samples_per_loop
    topt = tracker_options or TrackerOptions()
    topt = replace(topt, initial_step=opt.arc_initial_step, max_step=max(topt.max_step, opt.arc_initial_step))
    total = X.copy()
    cur = X.copy()
    winding = np.zeros(N, dtype=np.int64)
    open_ = np.ones(N, dtype=bool)
    ok = np.ones(N, dtype=bool)
    scale = 1 + _norm(X)
    for turn in range(1, opt.max_winding + 1):
        idx = np.nonzero(open_ & ok)[0]
        if idx.size == 0:
            break
        for m in range(M):
            a0, a1 = 2 * np.pi * m / M, 2 * np.pi * (m + 1) / M
            tr = whole(track(CircleHomotopy(H, radius, a0, a1, paths=names[idx]), cur[idx], topt))
            good = np.array([s == "success" for s in tr.status], dtype=bool)
            cur[idx] = tr.x
            ok[idx[~good]] = False
            idx = idx[good]
            if m < M - 1:
                total[idx] += cur[idx]
            if idx.size == 0:
                break
        if idx.size == 0:
            continue
        closed = _norm(cur[idx] - X[idx]) <= opt.closed_tolerance * scale[idx]
        winding[idx[closed]] = turn
        open_[idx[closed]] = False
        total[idx[~closed]] += cur[idx[~closed]]
    closed = ~open_ & ok
    est = np.full_like(X, np.nan)
    est[closed] = total[closed] / (M * winding[closed])[:, None]
    winding[~closed] = 0
    return est, winding, closed


def _move(H, X, t0, t1, names, tracker_options):
    """Track points from t0 to t1 along the segment; (X, ok)."""
    tr = whole(track(SegmentHomotopy(H, t0, t1, paths=names), X, tracker_options))
    return tr.x, np.array([s == "success" for s in tr.status], dtype=bool)


@ctrl_c_safe
def cauchy_endgame(H: Homotopy, X, options: EndgameOptions | None = None,
                   tracker_options: TrackerOptions | None = None, paths=None,
                   radius: float | None = None) -> EndgameResult:
    """The Cauchy endgame from points X on the paths at t = 1 - radius.

    Loops at radii r, r q, r q^2, ... (``EndgameOptions.radius_ratio`` q),
    moving between them along real t, until two successive estimates with
    the same winding number agree to ``tolerance`` (relative, max-norm).

    Parameters
    ----------
    H : Homotopy
        Accepts complex times.
    X : array (N, n)
        Points of the paths at t = 1 - radius.
    options : EndgameOptions, optional
    tracker_options : TrackerOptions, optional
        For every tracking call (segments and arcs).
    paths : array (N,), optional
        Names of the paths in ``H`` (default 0..N-1).
    radius : float, optional
        Defaults to ``options.start_radius``.

    Returns
    -------
    EndgameResult

    Examples
    --------
    (x - 1)^3 = 1 - t, from x(0.9) = 1 + 0.1^(1/3): winding number 3.

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> from algnet.homotopy.homotopies import StraightLineHomotopy
    >>> F = PolynomialSystem.from_terms([{(3,): 1, (2,): -3, (1,): 3, (0,): -1}])
    >>> G = PolynomialSystem.from_terms([{(3,): 1, (2,): -3, (1,): 3, (0,): -2}])
    >>> eg = cauchy_endgame(StraightLineHomotopy(G, F, gamma=1.0), [[1 + 0.1 ** (1 / 3)]])
    >>> eg.winding.tolist(), eg.status, bool(abs(eg.x[0, 0] - 1) < 1e-10)
    ([3], ('converged',), True)
    """
    opt = options or EndgameOptions()
    t_start = time.perf_counter()
    X = _as_points(X)
    N, n = X.shape
    names = _paths(paths, N)
    r = float(opt.start_radius if radius is None else radius)
    est = np.full((N, n), np.nan + 0j)
    prev = np.full((N, n), np.nan + 0j)
    acc = np.full(N, np.inf)
    winding = np.zeros(N, dtype=np.int64)
    last_r = np.full(N, np.nan)
    loops = np.zeros(N, dtype=np.int64)
    status = np.array(["not_converged"] * N, dtype=object)
    active = np.arange(N)
    cur = X.copy()
    while active.size and r >= opt.min_radius * (1 - 1e-12):
        e, c, closed = cauchy_loop(H, cur[active], r, opt, tracker_options, names[active])
        loops[active] += 1
        last_r[active] = r
        old, old_c = est[active], winding[active]
        have = closed & np.all(np.isfinite(old), axis=1) & (old_c == c)
        diff = np.where(have, _norm(np.where(have[:, None], e - old, 0)), np.inf)
        prev[active] = np.where(closed[:, None], old, prev[active])
        est[active] = np.where(closed[:, None], e, np.nan)
        winding[active] = np.where(closed, c, 0)
        acc[active] = np.where(closed, diff, np.inf)
        status[active] = np.where(closed, "not_converged", "no_closure")
        conv = have & (diff <= opt.tolerance * (1 + _norm(np.where(have[:, None], e, 0))))
        status[active[conv]] = "converged"
        active = active[~conv]
        r_next = r * opt.radius_ratio
        if not active.size or r_next < opt.min_radius * (1 - 1e-12):
            break
        cur[active], ok = _move(H, cur[active], 1 - r, 1 - r_next, names[active], tracker_options)
        status[active[~ok]] = "failed"
        active = active[ok]
        r = r_next
    return EndgameResult(est, acc, winding, status == "converged", tuple(str(s) for s in status),
                         last_r, loops, prev, names, time.perf_counter() - t_start, opt)


@ctrl_c_safe
def track_with_endgame(H: Homotopy, X0, options: EndgameOptions | None = None,
                       tracker_options: TrackerOptions | None = None, paths=None) -> EndgameResult:
    """Track paths from their start points at t = 0 into the endgame zone, then run the Cauchy endgame.

    The paths are tracked from t = 0 to t = 1 - ``start_radius`` by
    :func:`~algnet.homotopy.tracker.track` on
    ``SegmentHomotopy(H, 0, 1 - start_radius)``, then
    :func:`cauchy_endgame` takes over. Paths whose first leg fails end
    ``failed``.

    Parameters
    ----------
    H : Homotopy
        Accepts complex times.
    X0 : array (N, n)
        Start solutions of H(., 0).
    options : EndgameOptions, optional
    tracker_options : TrackerOptions, optional
    paths : array (N,), optional
        Names of the paths in ``H`` (default 0..N-1).

    Returns
    -------
    EndgameResult

    Examples
    --------
    (1 - t) gamma (x^2 - 1) + t (x - 1)^2: one path stays at x = 1, the other
    reaches it with winding number 1; both endpoints are exact to 1e-10.

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> from algnet.homotopy.homotopies import StraightLineHomotopy
    >>> F = PolynomialSystem.from_terms([{(2,): 1, (1,): -2, (0,): 1}])
    >>> G = PolynomialSystem.from_terms([{(2,): 1, (0,): -1}])
    >>> eg = track_with_endgame(StraightLineHomotopy(G, F, gamma=np.exp(2j)), [[1.0], [-1.0]])
    >>> eg.winding.tolist(), bool(np.max(np.abs(eg.x - 1)) < 1e-10)
    ([1, 1], True)
    """
    opt = options or EndgameOptions()
    t_start = time.perf_counter()
    X0 = _as_points(X0)
    N, n = X0.shape
    names = _paths(paths, N)
    Xr, ok = _move(H, X0, 0.0, 1 - opt.start_radius, names, tracker_options)
    est = np.full((N, n), np.nan + 0j)
    prev = np.full((N, n), np.nan + 0j)
    acc = np.full(N, np.inf)
    winding = np.zeros(N, dtype=np.int64)
    rad = np.full(N, np.nan)
    loops = np.zeros(N, dtype=np.int64)
    status = ["failed"] * N
    idx = np.nonzero(ok)[0]
    if idx.size:
        eg = cauchy_endgame(H, Xr[idx], opt, tracker_options, names[idx])
        est[idx], prev[idx], acc[idx], winding[idx] = eg.x, eg.previous, eg.accuracy, eg.winding
        rad[idx], loops[idx] = eg.radius, eg.loops
        for j, k in enumerate(idx):
            status[k] = eg.status[j]
    conv = np.array([s == "converged" for s in status], dtype=bool)
    return EndgameResult(est, acc, winding, conv, tuple(status), rad, loops, prev, names,
                         time.perf_counter() - t_start, opt)
