"""Critical points of the loss where the parametrization drops rank (boundary candidates of the real image).

For real weights the neuromanifold M_R = mu(R^n) is a semialgebraic set, in
general smaller than the real points of its Zariski closure: the quadrant map
(a, b) -> (a^2, b^2) reaches the closed quadrant only. When the minimum of the
distance from a target u to M_R is attained, at y* = mu(theta*), the real point
theta* minimizes L = |mu - u|^2 over R^n, so it is a real critical point of L:
J(theta*)^T Q (mu(theta*) - u) = 0. At a smooth point of M (J of full rank
dim M) that says y* is a critical point of the distance on M, which the
monodromy solve of :class:`~.voronoi.NearestPointSolver` finds; at a point
where J drops rank it says much less (for the quadrant, theta = (a, 0) is
critical as soon as a^2 = u_1, whatever u_2), and such points lie on other
components of the critical locus, which monodromy from one start point never
visits. On an axis of the quadrant they are the nearest points for every
target with one negative coordinate.

:func:`rank_drop_points` finds them once, at a generic complex target u0, on the
same random complex slice theta = c0 + N phi of the fibers: a total-degree
homotopy with the gamma trick (Sommese and Wampler, *The numerical solution
of systems of polynomials*, 2005, Thm. 8.4.1) from phi_i^d = 1,
d = 2 D - 1 >= the degree of the gradient (D the degree of mu in the
parameters), whose d^n paths end at every isolated non-singular solution of
the gradient system on the slice (with probability one in gamma): the
compiled projective one of :mod:`~.total_degree` when mu is homogeneous
(networks without biases), else an affine one (paths to infinity diverge).
Singular endpoints (positive-dimensional critical sets, e.g. the zero
parameters of a linear network) are excluded. The solutions
kept are those where L itself is critical (not only its restriction to the
slice) and d mu has rank < dim M; a parameter homotopy carries them to each
real target like every other candidate.

Examples
--------
>>> import numpy as np
>>> from algnet.architectures.polymap import parametrization
>>> from algnet.analyses.critical.loss import network_and_loss
>>> from algnet.analyses.critical.system import gradient_family
>>> net, L, rng = network_and_loss(parametrization(["a^2", "b^2"]))
>>> fam = gradient_family(net, L, rng, 2)
>>> u0 = rng.normal(size=2) + 1j * rng.normal(size=2)
>>> r = rank_drop_points(fam, u0, rng, 2)
>>> r.paths, r.complete, len(r.points)     # 3^2 paths: (+-sqrt u1, 0), (0, +-sqrt u2), (0, 0)
(9, True, 5)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from algnet.homotopy.systems import System
from algnet.homotopy.tracker import whole

__all__ = ["RankDropSolution", "rank_drop_points", "rank_drop_union", "boundary_residuals", "full_rank",
           "BOUNDARY_PATHS", "UNION_RUNS", "STOPPING_RULE"]

#: Most paths of the one total-degree homotopy (compiled route; the affine route, tracked in python at ~20-40 ms
#: a path, takes at most AFFINE_PATHS); a larger Bezout bound skips the search (and says so).
BOUNDARY_PATHS = 4096
AFFINE_PATHS = 256
#: Total-degree homotopies at most of :func:`rank_drop_union` at its target (each with its own gamma and chart); one
#: more at a second target checks the count (:func:`_cross_checked`).
UNION_RUNS = 4
#: What ``complete`` of :func:`rank_drop_union` rests on: a stopping rule, not a proof.
STOPPING_RULE = ("complete by a stopping rule, not proved: every path accounted for, no new point in the last run, "
                 "and the same count at a second generic target")
RULE_CAVEAT = "runs at both targets can lose the same number of ill-conditioned points"


class _Powers(System):
    """The start system phi_i^d - 1 (its d^n solutions: d-th roots of unity in every coordinate)."""

    def __init__(self, n: int, d: int):
        self.n_vars, self.d = n, d

    def evaluate(self, X, P=None):
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        J = np.zeros(X.shape + (X.shape[1],), dtype=np.complex128)
        idx = np.arange(X.shape[1])
        J[:, idx, idx] = self.d * X ** (self.d - 1)
        return X ** self.d - 1, J


class _AtTarget(System):
    """The gradient system of a family at one fixed target u0."""

    def __init__(self, fam, u0):
        self.fam, self.u0 = fam, np.asarray(u0, dtype=np.complex128)
        self.n_vars = fam.n_vars

    def evaluate(self, X, P=None):
        return self.fam.evaluate(np.atleast_2d(X), self.u0[None, :])


@dataclass(frozen=True)
class RankDropSolution:
    """Critical points of L with a rank drop of d mu, on a family's slice, at a complex target.

    ``points`` (k, n_vars) slice coordinates; ``paths`` tracked (0 when skipped); ``complete``: every path
    ended (at a solution, singular, or diverged) and no critical point of the top stratum was missed (of
    :func:`rank_drop_union`: its stopping rule held, which is evidence, not a proof: ``rule`` names it);
    ``note`` says how, or why not; ``jscale`` the size of d mu at a random point of the slice (the scale of
    :func:`boundary_residuals`); ``top_full`` per top-stratum point, whether d mu has full rank there (the others
    are rank-drop points, a total-degree route of the top solve can find them: they are in ``points``).

    Examples
    --------
    >>> RankDropSolution(np.zeros((0, 1)), 0, False, "skipped").complete
    False
    """

    points: np.ndarray
    paths: int
    complete: bool
    note: str
    jscale: float = 1.0
    top_full: np.ndarray | None = None
    rule: str = "every path of one total-degree homotopy accounted for"


def boundary_residuals(fam, X, u, jscale: float) -> np.ndarray:
    """|G(x; u)| relative to (max(|d mu|, jscale)) (1 + |Q (y - u)|) for the rows of X: the relative residual of
    :func:`~.posdim.residuals` with d mu measured against ``jscale`` (where d mu vanishes, |G| / |d mu| is 0 / 0).

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss(parametrization(["t^2", "t^3"]))
    >>> fam = GradientFamily(net, L, (), (), rng)           # no slice: phi = t
    >>> [float(r) for r in boundary_residuals(fam, np.array([[0.0], [1.0]]), np.array([1.0, 2.0]), 1.0)]
    [0.0, 0.5]

    At t = 1: y - u = (0, -1), d mu = (2, 3), G = -3, against max(3, 1) (1 + 1) = 6; at t = 0, G = 0.
    """
    from algnet.analyses.critical.posdim import residuals

    return residuals(fam, X, u, jscale)


def _refine(fam, X, u0, steps: int = 4):
    """A few Newton steps on the gradient system at u0 (endpoints sharpened before the rank test)."""
    for _ in range(steps):
        G, H = fam.evaluate(X, u0[None, :])
        try:
            X = X - np.linalg.solve(H, G[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            break
    return X


def _full_jacobian(fam, X):
    """(y, d mu in all parameters, loss coordinates) at slice points X."""
    V, J = fam._vj(fam.theta(X))
    return V @ fam.T.T, np.matmul(fam.T, J)


def rank_drop_points(fam, u0, rng, dim: int, top=None, max_paths: int = BOUNDARY_PATHS) -> RankDropSolution:
    """The isolated critical points of L on the slice of ``fam`` at the complex target ``u0`` where d mu has rank
    below ``dim`` (module doc). ``top``: the top-stratum solutions at u0; each must be among the endpoints, else
    the solve is called incomplete, and those with a rank drop where L is critical join ``points``. Skipped
    (``paths`` 0, incomplete) above ``max_paths`` paths.

    Examples
    --------
    The cusp t -> (t^2, t^3): L'(t) = 4 t (t^2 - u1) + 6 t^2 (t^3 - u2) vanishes at t = 0 for every target, where
    d mu = (2 t, 3 t^2) vanishes:

    >>> import numpy as np
    >>> from algnet.architectures.polymap import parametrization
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import gradient_family
    >>> net, L, rng = network_and_loss(parametrization(["t^2", "t^3"]))
    >>> fam = gradient_family(net, L, rng, 1)
    >>> r = rank_drop_points(fam, np.array([0.3 + 1j, -0.2 + 0.5j]), rng, 1)
    >>> len(r.points), bool(np.allclose(fam.theta(r.points), 0))
    (1, True)
    """
    from algnet.homotopy.solve import distinct_points

    n = fam.n_vars
    d = max(1, 2 * int(fam.net.parameter_degree()) - 1)
    paths = d ** n
    empty = np.zeros((0, n), dtype=np.complex128)
    top = empty if top is None else np.asarray(top, dtype=np.complex128).reshape(-1, n)
    jscale = _jacobian_scale(fam, rng)
    top_full = full_rank(fam, top, dim, jscale)
    u0 = np.asarray(u0, dtype=np.complex128)
    # rank-drop points of the top solve where L itself is critical (not only its restriction to the slice)
    moved = top[~top_full & _critical_for_l(fam, top, u0)]
    max_paths = max_paths if _homogeneous(fam) else min(max_paths, AFFINE_PATHS)
    if paths > max_paths:
        return RankDropSolution(moved, 0, False, f"boundary points not searched: the total-degree homotopy "
                                f"has {d}^{n} = {paths} paths (more than {max_paths})", jscale, top_full)
    X, failed, how = _all_isolated(fam, u0, rng, d)
    X = _refine(fam, X, u0) if X.shape[0] else empty
    X = X[np.all(np.isfinite(X), axis=1)]
    crit = _critical_for_l(fam, X, u0) & ~full_rank(fam, X, dim, jscale)
    pts = np.concatenate([X[crit], moved])
    pts = pts[distinct_points(pts)]
    # every top-stratum point is an isolated non-singular solution: it must be among the endpoints
    missed = sum(1 for x in top if not X.shape[0] or np.min(np.max(np.abs(X - x[None, :]), axis=1))
                 > 1e-6 * (1 + np.max(np.abs(x))))
    complete = not failed and missed == 0
    note = f"{how}: {pts.shape[0]} critical point(s) of L with a rank drop of d mu"
    if failed:
        note += f"; {failed} path(s) failed"
    if missed:
        note += f"; {missed} top-stratum critical point(s) not reached (incomplete)"
    return RankDropSolution(pts, paths, complete, note, jscale, top_full)


def rank_drop_union(fam, u0, rng, dim: int, top=None, runs: int = UNION_RUNS) -> RankDropSolution:
    """:func:`rank_drop_points` at ``u0`` repeated, each run with its own gamma and chart, until a run finds no point
    the runs before it had not (at most ``runs``): the union of their points, checked against one run at a second
    target (:func:`_cross_checked`). ``complete`` when the last run is (every path accounted for), added nothing, and
    the two targets' counts agree: :data:`STOPPING_RULE`, the stopping rule of a monodromy solve, for points that one
    homotopy can lose to ill-conditioning even when every path ends (a path ending at a singular point next to an
    ill-conditioned solution it should have reached). It is not a proof (the runs can lose the same number of
    points): the note and ``rule`` say so.

    Why: on dense 3-2-1 r=2 (Frobenius, seed 0) single runs at one complex target found 194, 196, 197 and 198
    rank-drop critical points (every path ended, or its failed paths ended by the endgame at singular points or at
    infinity): the voronoi solver kept 196, and its parameter homotopies to each target lost paths.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.architectures.polymap import parametrization
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import gradient_family
    >>> net, L, rng = network_and_loss(parametrization(["a^2", "b^2"]))
    >>> fam = gradient_family(net, L, rng, 2)
    >>> r = rank_drop_union(fam, np.array([0.3 + 1j, -0.2 + 0.5j]), rng, 2)
    >>> len(r.points), r.complete, r.paths   # (+-sqrt u1, 0), (0, +-sqrt u2), (0, 0); 3^2 paths 2 + 1 times
    (5, True, 27)
    >>> r.rule == STOPPING_RULE and STOPPING_RULE in r.note
    True
    """
    from algnet.homotopy.solve import distinct_points

    r = rank_drop_points(fam, u0, rng, dim, top=top)
    if not r.paths:
        return r
    pts, paths, k, new = r.points, r.paths, 1, r.points.shape[0]
    while k < runs:
        r = rank_drop_points(fam, u0, rng, dim, top=top)
        k, paths = k + 1, paths + r.paths
        both = np.concatenate([pts, r.points])
        keep = distinct_points(both)
        new = len(keep) - pts.shape[0]
        pts = both[keep]
        if r.complete and new == 0:
            break
    complete = bool(r.complete and new == 0)
    note = (f"{k} total-degree homotopies ({paths} paths, each with its own gamma), until one found no new point: "
            f"{pts.shape[0]} critical point(s) of L with a rank drop of d mu")
    if not complete:
        note += f" (incomplete: the last run {'added ' + str(new) + ' point(s)' if new else 'left a path failed'})"
    found = pts.shape[0]
    pts, more, why = _cross_checked(fam, u0, rng, dim, pts, r.jscale)
    paths += more
    if pts.shape[0] > found:
        note += f"; {pts.shape[0] - found} more tracked from a second generic target"
    if why:
        complete, note = False, note + f"; {why}"
    elif complete:
        note += f"; {STOPPING_RULE} ({RULE_CAVEAT})"
    else:
        note += "; the same count at a second generic target"
    return RankDropSolution(pts, paths, complete, note, r.jscale, r.top_full, STOPPING_RULE)


def _cross_checked(fam, u0, rng, dim: int, pts, jscale):
    """``(points, paths, why not complete or None)``: the points at ``u0`` against one total-degree homotopy at a
    second random complex target u1: an isolated non-singular solution count is the same at every generic target, so
    the points found at u1 are tracked to u0 (a parameter homotopy) and those not yet found join. Complete only when
    the two counts then agree (every point of u1 tracked to one of u0); otherwise ``why`` says the counts (the
    larger a lower bound).

    Why: at one complex target of dense 3-2-1 r=2 (Frobenius, seed 0) two runs agreed on 196 points; single runs at
    other targets found 196 to 198, and the points tracked from one of them brought 199 distinct ones (relative
    residual below 3e-13 after Newton, condition numbers up to 3e8): every run had lost some."""
    from algnet.homotopy.monodromy import track_parameters
    from algnet.homotopy.solve import distinct_points

    u0 = np.asarray(u0, dtype=np.complex128)
    u1 = (rng.normal(size=u0.shape) + 1j * rng.normal(size=u0.shape)) * (np.sqrt(np.mean(np.abs(u0) ** 2)) or 1.0)
    r1 = rank_drop_points(fam, u1, rng, dim)
    if r1.points.shape[0] < pts.shape[0] or not r1.complete:
        return pts, r1.paths, (f"not confirmed: {r1.points.shape[0]} points at a second generic target"
                               f"{'' if r1.complete else ' (a path failed there)'}, {pts.shape[0]} here (each run "
                               "can lose ill-conditioned points: the larger count is a lower bound)")
    tk = whole(track_parameters(fam, r1.points, u1, u0))
    ok = tk.success & (boundary_residuals(fam, tk.x, u0, jscale) <= 1e-6)
    X = _refine(fam, tk.x[ok], u0) if ok.any() else np.zeros((0, fam.n_vars), dtype=np.complex128)
    X = X[np.all(np.isfinite(X), axis=1)]
    if X.shape[0]:                                     # the rule of rank_drop_points
        X = X[_critical_for_l(fam, X, u0) & ~full_rank(fam, X, dim, jscale)]
    both = np.concatenate([pts, X])
    pts = both[distinct_points(both)]
    if pts.shape[0] != r1.points.shape[0] or not ok.all():
        return pts, r1.paths, (f"not confirmed: {r1.points.shape[0]} points at a second generic target, "
                               f"{pts.shape[0]} here with those tracked from there (each run can lose "
                               "ill-conditioned points: the larger count is a lower bound)")
    return pts, r1.paths, None


def _homogeneous(fam) -> bool:
    """Whether the compiled projective total-degree route applies (coefficients homogeneous in the parameters)."""
    from algnet.analyses.critical.total_degree import bezout_paths

    try:
        return bezout_paths(fam) is not None
    except Exception:           # a network the compiled route cannot record: the affine homotopy
        return False


def _all_isolated(fam, u0, rng, d: int):
    """(isolated non-singular solutions of the gradient system at u0, paths failed, how): the compiled
    projective total-degree homotopy of :mod:`~.total_degree` when the coefficients are homogeneous in the
    parameters, else an affine one from phi_i^d = 1 (python tracker; paths to infinity diverge)."""
    from algnet.homotopy.homotopies import StraightLineHomotopy, random_gamma
    from algnet.homotopy.tracker import TrackerOptions, track

    n = fam.n_vars
    if _homogeneous(fam):
        return _projective(fam, u0, rng)
    roots = np.exp(2j * np.pi * np.arange(d) / d)
    X0 = np.array(np.meshgrid(*([roots] * n), indexing="ij")).reshape(n, -1).T
    gamma = random_gamma(rng)
    tk = whole(track(StraightLineHomotopy(_Powers(n, d), _AtTarget(fam, u0), gamma), X0,
                     TrackerOptions(divergence_norm=1e8)))
    status = np.asarray(tk.status)
    ok = (status == "success") & np.all(np.isfinite(tk.x), axis=1)
    failed = int((~np.isin(status, ("success", "diverged", "singular"))).sum())
    return tk.x[ok], failed, f"affine total-degree homotopy with the gamma trick ({d ** n} paths, {d}^{n})"


class _Taped(System):
    """A family that can only be traced (``trace(x, p)``: :class:`~.total_degree.HomogenizedGradient`) evaluated
    point by point on its tape, with the interface of the python tracker (``evaluate``, ``param_derivative``): for
    the few paths :func:`_endgame` tracks again."""

    def __init__(self, system):
        from algnet.homotopy.tape import record

        self.tape, self.n_vars, self.n_params = record(system), system.n_vars, system.n_params

    def _rows(self, X, P, dP=None):
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        P = np.broadcast_to(np.asarray(P, dtype=np.complex128), (X.shape[0], self.n_params))
        dP = np.zeros_like(P) if dP is None else np.broadcast_to(np.asarray(dP, dtype=np.complex128), P.shape)
        return [self.tape.evaluate(x, p, d) for x, p, d in zip(X, P, dP)]

    def evaluate(self, X, P=None):
        rows = self._rows(X, P)
        return np.array([r[0] for r in rows]), np.array([r[1] for r in rows])

    def param_derivative(self, X, P, dP):
        return np.array([r[2] for r in self._rows(X, P, dP)])


def _endgame(H, X0, P0, P1):
    """Paths of the homotopy ``H`` (a traced family, parameters P0 -> P1) from ``X0`` tracked again to their ends by
    the Cauchy endgame (:func:`~algnet.homotopy.endgame.track_with_endgame`): (finite non-singular endpoints z,
    paths that still failed). An endpoint converged at a point where the Jacobian is singular (condition above
    1e10, the tracker's rule), with a winding number above 1, or at infinity (z0 = 0) is no isolated non-singular
    solution: such a path is accounted for, not failed."""
    from algnet.homotopy.endgame import track_with_endgame
    from algnet.homotopy.homotopies import ParameterHomotopy

    fam = _Taped(H)
    eg = track_with_endgame(ParameterHomotopy(fam, P0, P1), X0)
    keep, failed = [], 0
    for z, st, w in zip(eg.x, eg.status, eg.winding):
        if st != "converged" or not np.all(np.isfinite(z)):
            failed += 1
            continue
        if w != 1 or abs(z[0]) <= 1e-8 * np.max(np.abs(z)):
            continue
        J = fam.evaluate(z[None, :], P1)[1][0]
        if np.linalg.cond(J / np.maximum(np.max(np.abs(J), axis=1), 1e-300)[:, None]) < 1e10:
            keep.append(z)
    return np.array(keep, dtype=np.complex128).reshape(-1, X0.shape[1]), failed


def _projective(fam, u0, rng):
    """:func:`~.total_degree.total_degree_solve` at ``u0`` (the same homotopy and tracking), its failed paths tracked
    again by the Cauchy endgame (:func:`_endgame`): (solutions in slice coordinates, paths failed, how).

    Why: on dense 3-2-1 r=2 (Frobenius, seed 0) 6 of the 3125 paths of the shared search failed (step size
    collapsed within 1e-4 of t = 1): the endgame ends them all (at infinity, or at singular points, or at a
    non-singular one: at another gamma one of 8 was a rank-drop critical point the search had lost)."""
    from algnet.analyses.critical.total_degree import HomogenizedGradient, _check, _run, _split, _start_points
    from algnet.homotopy.solve import distinct_points

    _check(fam)
    n = fam.n_vars
    gamma = complex(np.exp(2j * np.pi * rng.random()))
    chart = (rng.normal(size=n + 1) + 1j * rng.normal(size=n + 1)) / np.sqrt(2 * (n + 1))
    H = HomogenizedGradient(fam, np.asarray(u0, dtype=np.complex128), chart)
    X0 = _start_points(n, H.d, chart)
    P0, P1 = np.array([gamma, 0.0]), np.array([0.0, 1.0])
    Xe, status, paths, partial, _ = _run(H, P0, P1, X0)
    if partial:      # a Ctrl-C in the solve: not a failed path
        raise KeyboardInterrupt
    bad = (status != "success") & (status != "singular")
    X, fin, _, _ = _split(Xe, status)
    failed = int(bad.sum())
    how = (f"one total-degree homotopy with the gamma trick ({X0.shape[0]} paths, Bezout's bound (2D - 1)^n = "
           f"{H.d}^{n}) on the homogenized gradient system")
    if failed:
        Z, failed = _endgame(H, X0[bad], P0, P1)
        Z = np.concatenate([Xe[fin], Z])
        if len(distinct_points(Z)) < Z.shape[0]:          # a path re-tracked onto another's endpoint: not trusted
            failed = max(failed, 1)
        X = Z[:, 1:] / Z[:, :1]
        how += f"; its {int(bad.sum())} failed path(s) tracked again by the Cauchy endgame"
    return X, failed, how


def _jacobian_scale(fam, rng) -> float:
    """The size of d mu at a random point of the slice (a vanishing d mu, rank 0, is small against it)."""
    x1 = rng.normal(size=(1, fam.n_vars)) + 0j
    return max(float(np.max(np.abs(_full_jacobian(fam, x1)[1]))), float(np.max(np.abs(fam.first_order(x1)[1]))))


def full_rank(fam, X, dim: int, jscale: float) -> np.ndarray:
    """Per row of X: whether d mu (all parameters) has rank ``dim`` there (singular values above 1e-7 times the
    larger of its norm and ``jscale``, or in the coordinates log theta: :func:`~.paths.log_ranks`, the rule of
    :func:`~.paths.ranks_and_images`; full where either says so).

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss(parametrization(["a^2", "b^2"]))
    >>> fam = GradientFamily(net, L, (), (), rng)            # no slice: phi = (a, b)
    >>> full_rank(fam, np.array([[1.0, 2.0], [1.0, 0.0], [0.0, 0.0]]), 2, 1.0).tolist()
    [True, False, False]
    """
    if not X.shape[0]:
        return np.zeros(0, dtype=bool)
    from algnet.analyses.critical.paths import log_ranks

    J = _full_jacobian(fam, X)[1]
    s = np.linalg.svd(J, compute_uv=False)
    tol = 1e-7 * np.maximum(s[:, 0], jscale)
    full = np.sum(s > tol[:, None], axis=1) >= dim
    if not full.all():   # a rank below dim decided again in the coordinates log theta (the layer rescaling's range)
        full[~full] = log_ranks(fam, J[~full], fam.theta(X[~full]))[0] >= dim
    return full


def _critical_for_l(fam, X, u0) -> np.ndarray:
    """Per row of X: whether G (the gradient on the slice) and J^T Q (y - u0) (the gradient of L in all
    parameters: L critical, not only its restriction to the slice) vanish, relative to their terms."""
    if not X.shape[0]:
        return np.zeros(0, dtype=bool)
    G = fam.evaluate(X, u0[None, :])[0]
    y, J = _full_jacobian(fam, X)
    W = (y - u0[None, :]) @ fam.Q
    grad = np.einsum("nai,na->ni", J, W)
    scale = (1.0 + np.max(np.abs(y - u0[None, :]), axis=1)) * (1 + np.max(np.abs(J), axis=(1, 2)))
    return (np.max(np.abs(G), axis=1) <= 1e-8 * scale) & (np.max(np.abs(grad), axis=1) <= 1e-7 * scale)
