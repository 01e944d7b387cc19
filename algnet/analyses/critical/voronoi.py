"""Voronoi cells of points of a neuromanifold, and where the nearest point of M lands.

The Voronoi cell of a point x of the real neuromanifold M is the set of
targets u whose nearest point of M is x. Near x it is x + the polar of the
tangent cone of M at x (first-order condition): at a smooth point the normal
space (dimension = codim M); at a crossing of smooth branches the
intersection of their normal spaces (often just x); at a cusp or a boundary
point of the semialgebraic set M it can be full-dimensional, so x is the
nearest point for a set of targets of positive measure (implicit bias of
training towards x).

**Nearest point.** For a real target u the nearest point of M is the real
critical point of the distance of least distance among *all* of them: the
critical points on the smooth part (monodromy, once, at a complex target,
then one parameter homotopy per target) and on every subnetwork stratum
(the same on the stratum's parametrization). A target for which any path
fails is dropped and counted (a lost critical point could be the nearest).

**Cell dimension at x = mu(theta).** (1) Monte Carlo: targets x + eps v with
v uniform on the sphere; if the nearest point is x for some of them the
cell is full-dimensional (the hit fraction is reported). (2) Otherwise the
cell lies in the orthogonal complement of the sum of the tangent spaces of
the branches of M through x (the fiber points of x: the critical points of
the distance to u = x at distance 0 with a full-rank Jacobian): its dimension
is the codimension of that sum. (3) With no such branch (a singular point),
:func:`_singular_cell`: at the vertex of a cone M the cell is the polar cone
of M (exactly), elsewhere it lies in the polar of the tangent cone; a point
whose cell neither argument decides is refused (NotApplicableError), never
answered None.

Examples
--------
>>> r = voronoi("linear 2-1-2", samples=20, seed=0)
>>> r.samples, sorted(r.probabilities)[:1]
(20, ['smooth (top stratum)'])
"""

from __future__ import annotations

import secrets
import time

import numpy as np

from algnet.analyses.critical.estimate import guarded
from algnet.analyses.critical.loss import make_loss
from algnet.analyses.critical.results import VoronoiResult
from algnet.errors import NotApplicableError, ParameterError

__all__ = ["voronoi", "NearestPointSolver", "wilson_interval"]

TOP = "smooth (top stratum)"


def wilson_interval(k: int, n: int, z: float = 1.96):
    """95% Wilson score interval for a binomial proportion k / n.

    Examples
    --------
    >>> [round(float(v), 3) for v in wilson_interval(0, 100)]
    [0.0, 0.037]
    """
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (max(0.0, mid - half), min(1.0, mid + half))


class NearestPointSolver:
    """All complex critical points of the distance, once; then the nearest real point for any target.

    Every piece (the top stratum, each subnetwork stratum) is solved on a random complex slice of
    its fibers with the completeness check of :func:`~.solve.solve_slice` (the trace test): no real
    target is special for such a slice, so no critical point is lost on a chart that degenerates at
    the target. For a target, the candidates are the tracked critical points with a real image; the
    nearest point of the real neuromanifold (the image of real weights) is the candidate of least
    distance that real weights reach (:class:`~.realfiber.RealFiberSearch`; candidates proved
    unreachable are skipped). A target is dropped, with its reason, when a path failed (a lost
    critical point could be the nearest) or when the search is inconclusive for a candidate nearer
    than every reachable one.

    Parameters
    ----------
    net : Network
    loss : Loss
        Its Q is the metric (identity: Euclidean distance in the function-space coordinates).
    rng : numpy Generator
    strata : bool
        Include the subnetwork strata (points of M on lower strata).

    Examples
    --------
    The nearest rank-one matrix to diag(3, 1) is 3 e1 e1^T, at squared distance 1 (Eckart-Young):

    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("linear 2-1-2")
    >>> NearestPointSolver(net, L, rng).nearest([[3.0, 0.0, 0.0, 1.0]])[0][:2]
    ('smooth (top stratum)', 1.0)
    """

    def __init__(self, net, loss, rng, strata: bool = True, show_progress: bool = False):
        from algnet.analyses.critical.realfiber import RealFiberSearch
        from algnet.analyses.critical.solve import solve_slice
        from algnet.analyses.critical.special import special_metric_rescue
        from algnet.analyses.critical.system import gradient_family
        from algnet.analyses.network_input import network_dimension

        self.net, self.loss, self.rng = net, loss, rng
        self.dim = network_dimension(net, int(rng.integers(2**31)))
        if self.dim == 0:
            raise NotApplicableError(f"{net.spec}: the neuromanifold is a point", hint="nothing to compare")
        self.pieces = []     # (label, family, start points at p0, p0, real-fiber search, embedding)
        # paths capped at 300 steps: a target whose critical point crawls is dropped and counted
        from algnet.homotopy.tracker import TrackerOptions

        self.tracker = TrackerOptions(max_steps=300, divergence_norm=1e6)
        self.complete = True
        fam = gradient_family(net, loss, rng, self.dim)
        # a special metric (Frobenius on a Segre variety, ...): points at infinity fail its trace test (.special)
        res, p0, tr = special_metric_rescue(fam, rng, *solve_slice(fam, rng, show_progress=show_progress))
        self.complete &= bool(tr is not None and tr.passed)
        self.pieces.append((TOP, fam, res.solutions, p0,
                            RealFiberSearch(net, loss, self.dim, rng), None))
        self.origin = np.zeros(net.n_params)
        from algnet.core.backends import Complex

        v0 = np.asarray(net.evaluate(self.origin, loss.Z, backend=Complex()), dtype=np.complex128).reshape(-1)
        self.origin_image = (loss.T @ v0).real
        if strata:
            from algnet.analyses.critical.spurious import _candidate_strata

            for name, S in _candidate_strata(net):
                if S.n_params == 0:
                    continue
                dS = network_dimension(S, int(rng.integers(2**31)))
                if dS == 0 or dS >= self.dim:
                    continue
                famS = gradient_family(S, loss, rng, dS)
                resS, p0S, trS = special_metric_rescue(famS, rng, *solve_slice(famS, rng))
                self.complete &= bool(trS is not None and trS.passed)
                XS = resS.solutions
                if XS.shape[0]:
                    self.pieces.append((name, famS, XS, p0S, RealFiberSearch(S, loss, dS, rng), S))
        self.reasons: list = []
        self._second: dict = {}

    def _candidates(self, U):
        """Per target: the tracked critical points with a real image, (distance, label, y, theta, piece),
        and whether every path succeeded."""
        from algnet.analyses.critical.posdim import residuals
        from algnet.homotopy.homotopies import ParameterHomotopy
        from algnet.homotopy.tracker import track

        k = U.shape[0]
        cands = [[] for _ in range(k)]
        failed = np.zeros(k, dtype=bool)
        for idx, (label, fam, X, p0, _, _) in enumerate(self.pieces):
            d = X.shape[0]
            if d == 0:
                continue
            P0 = np.broadcast_to(p0, (k * d, p0.shape[0]))
            P1 = np.repeat(U, d, axis=0).astype(np.complex128)
            tr = track(ParameterHomotopy(fam, P0, P1), np.tile(X, (k, 1)), self.tracker)
            # an endpoint called a success must solve the gradient system at its target
            ok = (tr.success & (residuals(fam, tr.x, P1) <= 1e-6)).reshape(k, d)
            Xt = tr.x.reshape(k, d, -1)
            for i in range(k):
                Z = Xt[i][ok[i]]
                famZ = fam
                if not ok[i].all():
                    Z = self._retrack(fam, X, p0, U[i], Xt[i], ok[i])
                    if Z is None:
                        famZ, Z = self._on_second_slice(idx, U[i])
                    if Z is None:
                        failed[i] = True
                        continue
                if not Z.shape[0]:
                    continue
                for y, th in zip(famZ.image(Z), famZ.theta(Z)):
                    if np.max(np.abs(y.imag)) > 1e-8 * (1 + np.max(np.abs(y))):
                        continue
                    dist = float(self.loss.value(y.real[None, :], U[i])[0])
                    cands[i].append((dist, label, y.real, th, idx))
        return cands, failed

    def _on_second_slice(self, idx, u):
        """(family, endpoints at u) on a second random complex slice of piece ``idx`` (solved once, when a
        path of the first one fails for good: a representative of a critical point that crawls on one slice
        does not on an independent one), or (None, None) when it fails too or finds another number of points."""
        from algnet.analyses.critical.solve import solve_slice
        from algnet.analyses.critical.system import gradient_family
        from algnet.homotopy.monodromy import track_parameters

        if idx not in self._second:
            _, fam, X, _, _, _ = self.pieces[idx]
            fam2 = gradient_family(fam.net, self.loss, self.rng, fam.n_vars)
            res, p0, tr = solve_slice(fam2, self.rng)
            X2 = res.solutions
            self._second[idx] = (fam2, X2, p0) if tr is not None and tr.passed and X2.shape[0] == X.shape[0] \
                else None
        if self._second[idx] is None:
            return None, None
        fam2, X2, p0 = self._second[idx]
        tk = track_parameters(fam2, X2, p0, np.asarray(u, dtype=np.complex128), self.tracker)
        from algnet.analyses.critical.posdim import residuals

        ok = tk.success & (residuals(fam2, tk.x, u) <= 1e-6)
        Z = tk.x if ok.all() else self._retrack(fam2, X2, p0, u, tk.x, ok)
        return (fam2, Z) if Z is not None else (None, None)

    def _retrack(self, fam, X, p0, u, Xt, ok):
        """All endpoints at the target u after some paths failed, or None. The failed paths are tracked
        again with the default step budget (a path can crawl past the 300 steps of the first pass), then,
        if one still fails, the route of :func:`~.solve._to_target` (random complex detours). Endpoints must
        solve the gradient system and have distinct images (no path jumped); an endpoint the tracker calls
        singular is kept when it does (an ill-conditioned representative: conv k=2,2 r=2, seed 0, has one
        with |theta| ~ 70 and a Hessian of condition 1e12 on the slice, residual 2e-12, image not real)."""
        from algnet.analyses.critical.posdim import residuals
        from algnet.analyses.critical.solve import _distinct, _to_target
        from algnet.homotopy.monodromy import track_parameters
        from algnet.homotopy.tracker import TrackerOptions

        u = np.asarray(u, dtype=np.complex128)
        d = X.shape[0]
        tk = track_parameters(fam, X[~ok], p0, u, TrackerOptions())
        if np.all(residuals(fam, tk.x, u) <= 1e-6):
            Z = np.concatenate([Xt[ok], tk.x])
            if _distinct(fam.image(Z)) == d:
                return Z
        Z, _, lost = _to_target(fam, X, p0, u, self.rng)
        return None if lost or Z.shape[0] < d else Z

    def nearest(self, U, tol: float = 1e-9):
        """For real targets U (k, m): (label, distance, point y, real theta) per target, or None when the
        target is dropped (``self.reasons[i]`` says why: a path failed, or real parameters unknown)."""
        U = np.atleast_2d(np.asarray(U, dtype=float))
        k = U.shape[0]
        cands, failed = self._candidates(U)
        floor = 1e-13 * (1 + np.sum(U * U, axis=1))     # rounding level of a squared distance
        out, self.reasons = [], []
        y0 = self.origin_image
        for i in range(k):
            if failed[i]:
                out.append(None)
                self.reasons.append("a path failed")
                continue
            # mu(0) is a point of M reached by real weights (the zero parameters): a candidate like the others
            # (a spurious critical point of rank 0 whenever every output has degree >= 2 in the parameters)
            c = sorted(cands[i] + [(float(self.loss.value(y0[None, :], U[i])[0]), "origin", y0, self.origin, -1)],
                       key=lambda t: t[0])
            best, why = None, None
            for dist, label, y, th, idx in c:
                if best is not None:
                    eps = tol * abs(best[1]) + floor[i]
                    if dist > best[1] + eps:
                        break
                    # a tie at the same point: it lies on the lower stratum
                    if best[0] == TOP and label not in (TOP, "origin") and np.max(np.abs(y - best[2])) <= 1e-6 * (
                            1 + np.max(np.abs(y))):
                        best = (label, best[1], best[2], best[3])
                    continue
                if idx < 0:
                    best = (label, dist, y, th)
                    continue
                _, _, _, _, search, S = self.pieces[idx]
                r = search.search(y, hint=th)
                if r.status is False:
                    continue
                if r.status is None:
                    why = "real parameters unknown for a nearer critical point (" + r.note + ")"
                    break
                best = (label, dist, y, r.theta if S is None else np.asarray(S.embed(r.theta), dtype=float))
            if why is not None or best is None:
                out.append(None)
                self.reasons.append(why or "no candidate")
            else:
                out.append(best)
                self.reasons.append(None)
        return out


def _cell_dimension(solver, theta, rng, probes: int, eps: float):
    """(dimension, note, hit fraction) of the Voronoi cell of x = mu(theta)."""
    L = solver.loss
    th = np.asarray(theta, dtype=float).reshape(-1)
    from algnet.core.backends import Complex

    x = (L.T @ np.asarray(solver.net.evaluate(th, L.Z, backend=Complex()), dtype=np.complex128).reshape(-1)).real
    m = x.shape[0]
    scale = eps * (1 + np.max(np.abs(x)))
    V = rng.normal(size=(probes, m))
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    near = solver.nearest(x + scale * V)
    valid = [r for r in near if r is not None]
    hits = sum(1 for r in valid if np.max(np.abs(r[2] - x)) <= 1e-3 * scale)
    frac = hits / max(1, len(valid))
    if hits:
        return m, (f"full-dimensional: x is the nearest point for {hits} of {len(valid)} random targets at "
                   f"distance {scale:.1e}"), frac
    # branches through x: critical points of the distance to u = x at distance 0
    tangents = []
    label, famX, X, p0 = solver.pieces[0][:4]
    from algnet.homotopy.monodromy import track_parameters

    tk = track_parameters(famX, X, p0, x)
    for z, ok in zip(tk.x, tk.success):
        if not ok:
            continue
        y, J = famX.first_order(z[None, :])
        if np.max(np.abs(y[0] - x)) <= 1e-6 * (1 + np.max(np.abs(x))):
            s = np.linalg.svd(J[0], compute_uv=False)
            if s.size and np.sum(s > 1e-7 * s[0]) == solver.dim:
                tangents.append(J[0])
    if not tangents:
        dim, why = _singular_cell(solver, th, x, rng)
        return dim, why, frac
    span = np.concatenate(tangents, axis=1)
    s = np.linalg.svd(span, compute_uv=False)
    r = int(np.sum(s > 1e-7 * s[0]))
    return m - r, (f"{len(tangents)} branch point(s) of the fiber; the cell lies in the complement of the sum of "
                   f"their tangent spaces (dimension {r})"), frac


def _image(net, L, Th):
    """Images (loss coordinates) of the real parameter vectors Th (k, n)."""
    from algnet.core.backends import Complex

    return np.stack([(L.T @ np.asarray(net.evaluate(t, L.Z, backend=Complex()), dtype=np.complex128).reshape(-1)).real
                     for t in np.atleast_2d(Th)])


def _subspace_hull(D) -> bool:
    """Whether the conic hull of the rows of D is a linear subspace: some combination with every coefficient
    >= 1 sums to zero (a linear program; then -d_i is a positive combination of the others for every i).

    Examples
    --------
    >>> import numpy as np
    >>> _subspace_hull(np.array([[1.0, 0.0], [-1.0, 1.0], [0.0, -1.0]])), _subspace_hull(np.eye(2))
    (True, False)
    """
    from scipy.optimize import linprog

    k = D.shape[0]
    r = linprog(np.ones(k), A_eq=D.T, b_eq=np.zeros(D.shape[1]), bounds=[(1.0, None)] * k, method="highs")
    return bool(r.status == 0)


def _homogeneous(net, L, rng) -> bool:
    """Whether mu(t theta) = t^d mu(theta) for one integer d >= 1 at random real theta, t (then the real
    neuromanifold is a cone: closed under positive scaling)."""
    th = rng.normal(size=(3, net.n_params))
    t = 1.7
    y, yt = _image(net, L, th), _image(net, L, t * th)
    scale = np.max(np.abs(y))
    if scale == 0:
        return False
    for d in range(1, 16):
        if np.max(np.abs(yt - t ** d * y)) <= 1e-9 * t ** d * scale:
            return True
    return False


def _tangent_cone_directions(net, L, theta, x, rng, k: int):
    """Directions of the tangent cone of M at x = mu(theta) (rows, loss coordinates): d mu(theta) w for random w
    (exact: derivatives of curves through x, both signs), and the secants mu(theta + delta w) - x for w in the
    kernel of d mu(theta), which tend to the second derivative along w (accurate to O(delta) = 1e-4 relative).
    d mu by central differences (step 1e-6; error ~1e-10 relative for these polynomials)."""
    n = net.n_params
    h = 1e-6 * (1 + np.max(np.abs(theta)))
    E = np.eye(n) * h
    J = (_image(net, L, theta + E) - _image(net, L, theta - E)).T / (2 * h)       # (m, n)
    U, sv, Vt = np.linalg.svd(J)
    rank = int(np.sum(sv > 1e-7 * sv[0])) if sv.size and sv[0] > 0 else 0
    D1 = (J @ rng.normal(size=(n, k))).T
    K = Vt[rank:]                                    # kernel basis of d mu (rows)
    if not K.shape[0]:
        return D1
    delta = 1e-4 * (1 + np.max(np.abs(theta)))
    W = rng.normal(size=(k, K.shape[0])) @ K
    D2 = _image(net, L, theta + delta * W) - x
    return np.concatenate([D1, D2[np.linalg.norm(D2, axis=1) > 1e-13 * (1 + np.max(np.abs(x)))]])


def _singular_cell(solver, theta, x, rng, samples: int = 0):
    """(dimension, reasoning) of the Voronoi cell of a point x = mu(theta) of M through which no smooth branch
    passes and whose cell is not full-dimensional; NotApplicableError when neither argument below decides.

    Distances are in the metric Q = R^T R of the loss; in the coordinates R y they are Euclidean. A target u is in
    the cell iff 2 <u - x, y - x> <= |y - x|^2 for every y in M.

    * **Cone point** (x = 0 and mu homogeneous, so M is closed under positive scaling): with y -> s y, s -> 0,
      the cell is exactly the polar cone {u : <u, y> <= 0 for all y in M}. Random real points y_i of M whose
      conic hull is a linear subspace S (:func:`_subspace_hull`) and whose span is the span of M (random
      samples, more than m of them) make the polar cone the orthogonal complement of S: dimension m - dim S.
      Linear 2-1-2 at the origin: the rank-one 2 x 2 matrices span R^4 and M = -M, so the cell is {0}, as
      Eckart-Young says (the nearest rank-one matrix to U != 0 is its truncation, at distance sigma_2 < |U|).
    * **Other singular points**: near x the cell lies in x + the polar of the tangent cone of M at x (divide
      the inequality by |y - x| and let y -> x). The secant directions (y - x) / |y - x| from the branches
      of the fiber at theta are tangent-cone directions up to O(delta): if their conic hull is a subspace
      spanning all m coordinates, the polar is {0} and the cell is {x} (dimension 0, as x is in its own
      cell). Otherwise the directions give only an upper bound and the function refuses.

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("linear 2-1-2")
    >>> class _S: pass
    >>> s = _S(); s.net, s.loss = net, L
    >>> _singular_cell(s, np.zeros(4), np.zeros(4), rng)[0]
    0

    The quadrant (t^2, s^2) at its vertex: the conic hull of M is not a subspace, so neither argument decides (the
    Monte Carlo test of :func:`voronoi` does: the cell is the opposite quadrant, dimension 2):

    >>> from algnet.architectures.polymap import parametrization
    >>> s.net = parametrization(["t^2", "s^2"]); s.loss = network_and_loss(s.net)[1]
    >>> _singular_cell(s, np.zeros(2), np.zeros(2), rng)
    Traceback (most recent call last):
    ...
    algnet.errors.NotApplicableError: ...cannot decide the Voronoi cell dimension at this singular point of M (the conic hull of random points of the cone M is not a linear subspace)
      hint: ...
    """
    from algnet.errors import NotApplicableError

    net, L = solver.net, solver.loss
    m = x.shape[0]
    w, V = np.linalg.eigh(np.asarray(L.Q, dtype=float))
    R = np.sqrt(np.maximum(w, 0.0))[:, None] * V.T      # Q = R^T R
    k = samples or 4 * m + 8
    top = 1 + np.max(np.abs(x))
    if np.max(np.abs(x)) <= 1e-12 * top and _homogeneous(net, L, rng):
        D = _image(net, L, rng.normal(size=(k, net.n_params))) @ R.T
        D /= np.maximum(np.linalg.norm(D, axis=1, keepdims=True), 1e-300)
        if _subspace_hull(D):
            s = np.linalg.svd(D, compute_uv=False)
            r = int(np.sum(s > 1e-9 * s[0])) if s.size and s[0] > 0 else 0
            return m - r, (f"cone point: M is closed under positive scaling (mu homogeneous) and {k} random real "
                           f"points of M have a conic hull that is a linear subspace of dimension {r}, so the cell "
                           "(the polar cone of M) is its orthogonal complement")
        what = "the conic hull of random points of the cone M is not a linear subspace"
    else:
        D = _tangent_cone_directions(net, L, theta, x, rng, k) @ R.T
        D /= np.maximum(np.linalg.norm(D, axis=1, keepdims=True), 1e-300)
        s = np.linalg.svd(D, compute_uv=False) if D.shape[0] else np.zeros(0)
        r = int(np.sum(s > 1e-3 * s[0])) if s.size and s[0] > 0 else 0    # directions accurate to ~1e-4
        if r == m and _subspace_hull(D):
            return 0, (f"singular point: {D.shape[0]} tangent-cone directions of M at x (d mu's image and second-"
                       "order secants along its kernel, at the given parameters) have a conic hull that is all of "
                       "the space, so the polar of the tangent cone, which contains the cell minus x, is {0}")
        what = (f"the tangent-cone directions found at the given parameters span {r} of {m} coordinates"
                + ("" if r < m else " but their conic hull is not a subspace"))
    raise NotApplicableError(
        f"{net.spec}: cannot decide the Voronoi cell dimension at this singular point of M ({what})",
        hint="measure a smooth point (point=... with a full-rank Jacobian) or a stratum's generic point "
             "(stratum=...); at a singular point the Monte Carlo estimate of the landing probabilities "
             "(samples=N without point) still applies")


@guarded("Voronoi sampling")
def voronoi(net, point=None, stratum=None, samples: int = 100, seed=None, loss="frobenius", target_scale=1.0,
            probes: int = 40, strata: bool = True, show_progress: bool = False, force: bool = False,
            time_limit: float | None = None) -> VoronoiResult:
    """Voronoi cell dimension of a point of M, and where the nearest point of M to a random target lies.

    Parameters
    ----------
    net : Network or str
    point : array, optional
        Parameters theta (real, flat); the cell of mu(theta) is measured.
    stratum : str, optional
        Name of a subnetwork stratum: the cell of a random real point of it is measured.
    samples : int
        Random targets u ~ N(0, target_scale^2 I) in function-space coordinates.
    seed : int, optional
    loss : {"frobenius", "generic"} or array Q
        The metric of "nearest" (default: Euclidean in the coefficients).
    target_scale : float
    probes : int
        Targets near the point for the full-dimensionality test.
    strata : bool
        Include the subnetwork strata among the candidate nearest points.
    show_progress : bool
    force, time_limit
        As for :func:`~.solve.critical_points`: the size estimate (:mod:`~algnet.analyses.critical.estimate`; one parameter homotopy of
        every critical point per target) refuses above the memory or the time limit unless ``force``; the run is
        interrupted at ``time_limit`` (the targets done, partial).

    Returns
    -------
    VoronoiResult
        ``probabilities`` and 95% Wilson ``intervals`` per stratum label
        (``"smooth (top stratum)"``, a stratum name, or ``"origin"``),
        ``dropped`` targets; Ctrl-C returns the targets done, ``partial``.

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> cusp = parametrization(["t^2", "t^3"])
    >>> voronoi(cusp, point=[0], samples=0, seed=1).point_dimension     # the cusp: a 2-dimensional cell
    2
    """
    from algnet.analyses.network_input import as_network

    t0 = time.perf_counter()
    net = as_network(net)
    if samples < 0:
        raise ParameterError(f"samples={samples} must be >= 0", hint="--samples N")
    seed = secrets.randbits(31) if seed is None else int(seed)
    rng = np.random.default_rng(seed)
    L = make_loss(net, loss, None, rng)
    pdim = note = None
    if stratum is not None:
        from algnet.analyses.critical.spurious import _candidate_strata

        found = dict(_candidate_strata(net))
        if stratum not in found:
            raise ParameterError(f"no stratum named {stratum!r}", hint="known: " + "; ".join(sorted(found)))
        S = found[stratum]
        point = np.asarray(S.embed(rng.normal(size=S.n_params)), dtype=float)
    if point is not None:
        point = np.asarray(point, dtype=float).reshape(-1)
        if point.shape != (net.n_params,):
            raise ParameterError(f"point must have {net.n_params} parameters", hint="order: net.param_names()")
    solver = NearestPointSolver(net, L, rng, strata=strata, show_progress=show_progress)
    if point is not None:
        pdim, note, _ = _cell_dimension(solver, point, rng, probes, 1e-3)
    counts: dict = {}
    reasons: dict = {}
    dropped = done = 0
    partial = False
    nearest = []
    from algnet.guards import sigint_count

    ctrl_c = sigint_count()
    try:
        batch = 16
        it = range(0, samples, batch)
        if show_progress:
            from tqdm.auto import tqdm

            it = tqdm(it, total=(samples + batch - 1) // batch, desc="targets", unit="batch")
        for start in it:
            k = min(batch, samples - start)
            U = target_scale * rng.normal(size=(k, L.m))
            found = solver.nearest(U)
            if sigint_count() > ctrl_c:    # a path tracker turned Ctrl-C into failed paths: not a count
                raise KeyboardInterrupt
            for r, why in zip(found, solver.reasons):
                done += 1
                if r is None:
                    dropped += 1
                    reasons[why.split(" (")[0]] = reasons.get(why.split(" (")[0], 0) + 1
                    continue
                counts[r[0]] = counts.get(r[0], 0) + 1
                nearest.append((r[0], r[1]))
    except KeyboardInterrupt:
        partial = True
    kept = done - dropped
    probs = {k: v / kept for k, v in counts.items()} if kept else {}
    ints = {k: wilson_interval(v, kept) for k, v in counts.items()}
    method = ("nearest real point = real critical point of least distance among all, reached by real weights "
              "(monodromy once on random complex slices of the fibers, trace test; one parameter homotopy per target; "
              "subnetwork strata included; real parameter points searched behind the real images); Monte Carlo over "
              "Gaussian targets"
              + ("" if solver.complete else "; WARNING: a trace test did not pass (a critical point may be missing)"))
    if note:
        method += f"; cell of the point: {note}"
    return VoronoiResult(net.spec, pdim, stratum if stratum else (None if point is None else "given point"),
                         L.m - solver.dim, done, dropped, counts, probs, ints, seed, time.perf_counter() - t0,
                         partial, method, tuple(nearest), reasons)
