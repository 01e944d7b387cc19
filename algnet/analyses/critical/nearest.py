"""The nearest point of the real neuromanifold M_R = mu(R^n) to a real target.

When the distance from u to M_R attains its minimum at y* = mu(theta*), theta* is a real point where
L = |mu - u|^2 is least over R^n, hence a real critical point of L. :class:`NearestPointSolver` collects
every candidate: the critical points of the distance on the smooth part of M (monodromy once on a random
complex slice of the fibers, then one parameter homotopy per target), on every subnetwork stratum (the same
on the stratum's parametrization), the critical points of L where d mu drops rank (boundary and singular
points of M_R, :mod:`~algnet.analyses.critical.rankdrop`), and mu(0). The nearest point is the candidate of
least distance whose image real weights reach (:class:`~.realfiber.RealFiberSearch`): a candidate without a
real preimage (a real critical point of the distance on the Zariski closure that M_R does not contain) is
excluded. The minimum need not be attained: when M_R is not closed (the image of (a, b) -> (a, a b) misses
the line a = 0 except the origin) the infimum can be approached only as theta runs off to infinity. The least
candidate is then no local minimum of L over real weights (a minimizer's real preimages all are): such a target
has no nearest point (reason :data:`UNATTAINED`). That test is local: a least candidate that is a local minimum
of L while a lower infimum is approached far from it would not be detected.

Examples
--------
>>> from algnet.architectures.polymap import parametrization
>>> from algnet.analyses.critical.loss import network_and_loss
>>> net, L, rng = network_and_loss(parametrization(["a^2", "b^2"]))   # the closed quadrant
>>> label, dist, y, theta = NearestPointSolver(net, L, rng).nearest([[2.0, -1.0]])[0]
>>> label, round(dist, 9), [round(float(v), 9) + 0.0 for v in y]      # on the axis, not at (2, -1)
('boundary (rank drop)', 1.0, [2.0, 0.0])
"""

from __future__ import annotations

import numpy as np

from algnet.errors import NotApplicableError
from algnet.analyses.critical.nearest_slices import _solved
from algnet.homotopy.tracker import whole

__all__ = ["NearestPointSolver", "TOP", "BOUNDARY", "UNATTAINED"]

TOP = "smooth (top stratum)"
#: Label of a nearest point that is the image of a real critical point of L where d mu drops rank.
BOUNDARY = "boundary (rank drop)"
#: Reason of a target whose distance to M_R has an infimum that no point attains (M_R not closed there).
UNATTAINED = "no nearest point: the infimum of the distance is not attained"


def balanced(full, theta, iterations: int = 30):
    """A complex point of the fiber of mu through ``theta`` of smaller norm: steps against the component of theta
    along the fiber (the kernel of d mu), each followed by Gauss-Newton (minimum-norm steps) back onto the fiber
    (the complex counterpart of :func:`~.realfiber._balance`); ``full`` is a family on all parameters.

    Examples
    --------
    >>> from algnet.analyses.critical.system import example_family
    >>> from algnet.analyses.critical.realfiber import full_family
    >>> fam = example_family("linear 2-1-2")
    >>> full = full_family(fam.net, fam.loss, np.random.default_rng(0))
    >>> th = np.array([10.0, 10.0j, 0.1, -0.1j])                 # (a, b) (c, d): least norm 2 at (1, i), (1, -i)
    >>> b = balanced(full, th)
    >>> bool(np.allclose(full.image(b[None, :]), full.image(th[None, :]))), round(float(np.linalg.norm(b)), 6)
    (True, 2.0)
    """
    th = np.asarray(theta, dtype=np.complex128).copy()
    y = full.image(th[None, :])[0]
    tol = 1e-10 * (1.0 + float(np.max(np.abs(y))))
    for _ in range(iterations):
        _, J = full.first_order(th[None, :])
        _, sv, vh = np.linalg.svd(J[0])
        r = int(np.sum(sv > 1e-9 * max(sv[0], 1e-300))) if sv.size else 0
        K = vh[r:].conj().T
        g = K @ (K.conj().T @ th)
        if np.linalg.norm(g) <= 1e-6 * (1 + np.linalg.norm(th)):
            break
        nxt = None
        for s in (0.5, 0.1):
            c = th - s * g
            for _ in range(20):
                Y, Jc = full.first_order(c[None, :])
                step = np.linalg.lstsq(Jc[0], Y[0] - y, rcond=1e-12)[0]
                c = c - step
                if not np.all(np.isfinite(c)) or np.linalg.norm(step) <= 1e-14 * (1 + np.linalg.norm(c)):
                    break
            if np.all(np.isfinite(c)) and np.max(np.abs(full.image(c[None, :])[0] - y)) <= tol \
                    and np.linalg.norm(c) < np.linalg.norm(th):
                nxt = c
                break
        if nxt is None:
            break
        th = nxt
    return th


class NearestPointSolver:
    """All complex critical points of the distance, once; then the nearest real point for any target.

    Every piece (the top stratum, each subnetwork stratum) is solved on a random complex slice of
    its fibers with the completeness check of :func:`~.solve.solve_slice` (the trace test): no real
    target is special for such a slice, so no critical point is lost on a chart that degenerates at
    the target. One more piece holds the critical points of L where d mu drops rank
    (:func:`~.rankdrop.rank_drop_points`, on the top piece's slice; label ``BOUNDARY``). For a target,
    the candidates are the tracked critical points with a real image; the nearest point of the real
    neuromanifold (the image of real weights) is the candidate of least distance that real weights
    reach (:class:`~.realfiber.RealFiberSearch`; candidates proved unreachable are skipped; a
    rank-drop point of a network with finite fibers counts when its own parameters are real). A target
    is dropped, with its reason, when a path failed (a lost critical point could be the nearest)
    unless the target itself is a point of M, or when the search is inconclusive for a candidate
    nearer than every reachable one. ``complete`` is False when a trace test failed or the rank-drop
    search was skipped or incomplete (``boundary``, a :class:`~.rankdrop.RankDropSolution`, says why); the
    rank-drop search counts as complete by its stopping rule (``boundary.rule``: several homotopies until
    one adds no point, and the same count at a second target), which is evidence, not a proof.

    Parameters
    ----------
    net : Network
    loss : Loss
        Its Q is the metric (identity: Euclidean distance in the function-space coordinates).
    rng : numpy Generator
    strata : bool
        Include the subnetwork strata (points of M on lower strata).
    show_progress : bool
    boundary : bool
        Include the critical points of L where d mu drops rank (boundary points of the real image).

    Examples
    --------
    The nearest rank-one matrix to diag(3, 1) is 3 e1 e1^T, at squared distance 1 (Eckart-Young):

    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("linear 2-1-2")
    >>> NearestPointSolver(net, L, rng).nearest([[3.0, 0.0, 0.0, 1.0]])[0][:2]
    ('smooth (top stratum)', 1.0)
    """

    def __init__(self, net, loss, rng, strata: bool = True, show_progress: bool = False, boundary: bool = True):
        from algnet.analyses.critical.realfiber import RealFiberSearch
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
        self.incomplete: list = []      # why not complete, one phrase a piece
        fam, res, p0, tr = _solved(net, loss, rng, self.dim, show_progress)
        self._passed(tr, "the smooth part")
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
                famS, resS, p0S, trS = _solved(S, loss, rng, dS)
                self._passed(trS, f"the stratum {name}")
                XS = resS.solutions
                if XS.shape[0]:
                    self.pieces.append((name, famS, XS, p0S, RealFiberSearch(S, loss, dS, rng), S))
        self.boundary = self._rank_drop_piece(fam, res.solutions, p0, boundary, strata)
        self.reasons: list = []
        self._second: dict = {}
        self.resolved = [0, 0]      # targets whose boundary piece was solved afresh (_rank_drop_at), and its paths

    def _rank_drop_piece(self, fam, X, p0, boundary: bool, strata: bool = True):
        """The critical points of L where d mu drops rank, at the generic target p0 (:mod:`.rankdrop`), as one
        more piece (on the top piece's slice, found with a child of the generator: the targets drawn later from
        ``self.rng`` are the same as without it); their :class:`~.rankdrop.RankDropSolution`. None are needed
        where the strata searched cover the real rank-drop locus (:func:`~.boundary_estimate.strata_cover_boundary`:
        linear networks, whose search had 3^8 paths at linear 3-2-3, above the cap, and left every sampling
        incomplete)."""
        from algnet.analyses.critical.boundary_estimate import strata_cover_boundary
        from algnet.analyses.critical.rankdrop import RankDropSolution, rank_drop_union

        none = np.zeros((0, fam.n_vars), dtype=np.complex128)
        if not boundary:
            self.complete = False
            self.incomplete.append("boundary points not searched (boundary=False)")
            return RankDropSolution(none, 0, False, "boundary points not searched (boundary=False)",
                                    rule="not searched")
        covered = strata_cover_boundary(self.net) if strata else None
        if covered is not None:
            return RankDropSolution(none, 0, True, covered,
                                    rule="the subnetwork strata searched cover the real rank-drop locus")
        # runs with their own gammas until one adds no point (one run can lose ill-conditioned points)
        r = rank_drop_union(fam, p0, self.rng.spawn(1)[0], self.dim, top=X)
        self.complete &= r.complete
        if not r.complete:
            self.incomplete.append(r.note)
        if not r.top_full.all():        # rank-drop points of the top solve (a total-degree route) move over
            self.pieces[0] = self.pieces[0][:2] + (X[r.top_full],) + self.pieces[0][3:]
        if r.points.shape[0]:
            self.pieces.append((BOUNDARY, fam, r.points, p0, self.pieces[0][4], None))
        return r

    def _passed(self, tr, piece: str) -> None:
        """Record the completeness check of one piece's monodromy solve (``tr``, its trace test or None)."""
        if tr is None or not tr.passed:
            self.complete = False
            self.incomplete.append(f"the trace test on {piece} " + ("was not run" if tr is None else "failed") +
                                   " (a critical point there may be missing)")

    def _real_parameters(self, label, search, y, theta):
        """A :class:`~.realfiber.RealSearch` for a candidate. A point of the rank-drop piece on a finite-fiber
        network (no slice: theta is the critical point itself) counts when theta is real and is skipped when
        it is not: the minimizer of L over R^n, when there is one, is a real critical point, and every
        isolated critical point with a rank drop is a candidate of its own (no other point of its fiber
        stands for it, unlike the top piece's one representative per image). Otherwise the real fiber of
        the image is searched."""
        from algnet.analyses.critical.realfiber import RealSearch

        if label == BOUNDARY and self.net.n_params == self.dim:
            th = np.asarray(theta, dtype=np.complex128)
            if np.max(np.abs(th.imag)) <= 1e-8 * (1 + np.max(np.abs(th))):
                return RealSearch(True, th.real.copy(), "a real critical point of L (rank drop)")
            return RealSearch(False, None, "a critical point of L with non-real parameters")
        return search.search(y, hint=theta)

    def _rank_drop_listed(self, y, theta, cands) -> bool:
        """Whether a top-piece endpoint ``theta`` (image ``y``) is a critical point of L where d mu drops rank, on a
        finite-fiber network, with ``y`` also among the rank-drop piece's candidates: that piece lists every
        critical point of L with a rank drop, each judged real or not by itself (:meth:`_real_parameters`), and a
        real full-rank point of the fiber would be an endpoint of its own. The fiber of such a ``y`` can be
        non-reduced and unsolvable: (a^2, b^2) at (x, 0), x < 0, has the double point b = 0."""
        if self.net.n_params != self.dim:
            return False
        near = 1e-6 * (1 + np.max(np.abs(y)))
        if not any(lab == BOUNDARY and np.max(np.abs(yy - y)) <= near for _, lab, yy, _, _ in cands):
            return False
        J = self._full(self.net).first_order(np.asarray(theta, dtype=np.complex128)[None, :])[1][0]
        s = np.linalg.svd(J, compute_uv=False)
        return bool(s.size and s[0] > 0 and np.sum(s > 1e-7 * s[0]) < self.dim)

    def _residuals(self, label, fam, X, P):
        """|G(x; u)| relative to its terms; for the rank-drop piece d mu is measured against its size at a
        random point (it can vanish there: the cusp of (t^2, t^3), the vertex of the quadrant)."""
        from algnet.analyses.critical.posdim import residuals
        from algnet.analyses.critical.rankdrop import boundary_residuals

        if label == BOUNDARY:
            return boundary_residuals(fam, X, P, self.boundary.jscale)
        return residuals(fam, X, P)

    def _candidates(self, U):
        """Per target: the tracked critical points with a real image, (distance, label, y, theta, piece),
        and whether every path succeeded."""
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
            tr = whole(track(ParameterHomotopy(fam, P0, P1), np.tile(X, (k, 1)), self.tracker))
            # an endpoint called a success must solve the gradient system at its target
            ok = (tr.success & (self._residuals(label, fam, tr.x, P1) <= 1e-6)).reshape(k, d)
            Xt = tr.x.reshape(k, d, -1)
            for i in range(k):
                Z = Xt[i][ok[i]]
                famZ = fam
                pts = None
                if not ok[i].all():
                    Z = self._retrack(fam, X, p0, U[i], Xt[i], ok[i], boundary=label == BOUNDARY)
                    if isinstance(Z, tuple):                 # images and parameter points (fresh charts)
                        pts, Z = Z, None
                    if Z is None and pts is None and label != BOUNDARY:   # the image path on other charts
                        pts = self._other_charts(fam, X, p0, U[i], Xt[i], ok[i])
                    if Z is None and pts is None and label != BOUNDARY:   # a second slice's monodromy
                        famZ, Z = self._on_second_slice(idx, U[i])
                        if isinstance(Z, tuple):
                            pts, Z = Z, None
                    if Z is None and pts is None:
                        failed[i] = True
                        continue
                if pts is None:
                    pts = (famZ.image(Z), famZ.theta(Z)) if Z.shape[0] else ((), ())
                for y, th in zip(*pts):
                    if np.max(np.abs(y.imag)) > 1e-8 * (1 + np.max(np.abs(y))):
                        continue
                    if label == BOUNDARY and np.max(np.abs(y.real - self.origin_image)) <= 1e-9 * (
                            1 + np.max(np.abs(y))):
                        continue                  # mu(0): the candidate "origin" (real weights reach it)
                    dist = float(self.loss.value(y.real[None, :], U[i])[0])
                    cands[i].append((dist, label, y.real, th, idx))
        return cands, failed

    def _other_charts(self, fam, X, p0, u, Xt, ok, charts: int = 3, legs: int = 4):
        """(images, parameter points) of all critical points at the real target u, or None when one is still lost
        or two images coincide (a path jumped). An endpoint the tracker did not call a success is kept when it
        solves the system (residual <= 1e-6: a badly scaled representative, "singular"); a path that ended
        elsewhere is tracked again along the same segment p0 -> u in ``2 legs`` pieces, each on a random slice
        through the balanced current point (:meth:`_along`).

        Why: the image path does not depend on the chart, while a slice representative runs off along the fiber.
        On dense 3-1-1-1 r=2, Frobenius, seed 0, 5 of 78 paths to each Gaussian target failed (2 "singular" at
        t = 1, residual 1e-11, |W1| ~ 50-100 and slice Hessian condition 1e14; 3 "failed" at t ~ 0.993), as
        they did on three other slices through their starts; :func:`~.paths._to_target` lost 3 of them too (and
        a detour through a random complex target permutes endpoints: with one, 4 of 78 images repeated). With
        the legs all 78 distinct images were found for 4 targets of 4 (was: every target dropped).
        Only images (and a parameter point, the hint of the real-fiber search) are needed here."""
        from algnet.analyses.critical.posdim import residuals

        u = np.asarray(u, dtype=np.complex128)
        solved = ok | (residuals(fam, Xt, u) <= 1e-6)
        full = self._full(fam.net)
        return self._collected(fam, X, u, Xt[solved], X[~solved],
                               lambda x: self._along(fam, full, fam.theta(x[None, :])[0], p0, u, 2 * legs, charts))

    def _collected(self, fam, X, u, found, lost, track):
        """(images, parameter points) of all critical points at u, or None: those of the endpoints ``found`` (points
        of ``fam``'s slice) and, for each start in ``lost``, the parameter point ``track(start)`` returns (None:
        lost for good), which must solve the gradient system of the full family at u (relative residual <= 1e-6);
        kept when every image is found and the images are distinct (no path jumped onto another): one of X's
        points each. The loop of the two rescues that follow a lost point on other charts (:meth:`_other_charts`,
        :meth:`_recharted`), each with its own tracker."""
        from algnet.analyses.critical.paths import _distinct
        from algnet.analyses.critical.posdim import residuals

        Y, TH = (list(fam.image(found)), list(fam.theta(found))) if found.shape[0] else ([], [])
        full = self._full(fam.net)
        for x in lost:
            theta = track(x)
            if theta is None or residuals(full, theta[None, :], u)[0] > 1e-6:
                return None
            Y.append(full.image(theta[None, :])[0])
            TH.append(theta)
        if _distinct(np.array(Y)) < X.shape[0]:
            return None
        return np.array(Y), np.array(TH)

    def _along(self, fam, full, theta, p0, u, legs: int, charts: int):
        """The parameter point at u of the critical point ``theta`` at p0, tracked along the straight segment (the
        route of every other path: a detour through another target can permute the endpoints) in ``legs`` pieces,
        each on a random slice through the balanced current point (up to ``charts`` slices a piece); or None."""
        from algnet.analyses.critical.charts import chart_through
        from algnet.analyses.critical.posdim import residuals
        from algnet.homotopy.monodromy import track_parameters

        stops = [p0 + (u - p0) * j / legs for j in range(legs + 1)]
        for j in range(legs):
            theta = balanced(full, theta)
            for _ in range(charts):
                g = chart_through(fam, theta, self.rng)
                tk = whole(track_parameters(g, np.zeros((1, g.n_vars), dtype=np.complex128), stops[j], stops[j + 1]))
                if tk.success[0] or (j == legs - 1 and residuals(g, tk.x, u)[0] <= 1e-6):
                    theta = g.theta(tk.x)[0]
                    break
            else:
                return None
        return theta if residuals(full, theta[None, :], u)[0] <= 1e-6 else None

    def _full(self, net):
        """The gradient family of ``net`` (the network or a stratum's) on all of its parameters (no slice), made
        once per network."""
        from algnet.analyses.critical.realfiber import full_family

        cache = self.__dict__.setdefault("_full_families", {})
        if id(net) not in cache:
            cache[id(net)] = (net, full_family(net, self.loss, self.rng.spawn(1)[0]))
        return cache[id(net)][1]

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
        tk = whole(track_parameters(fam2, X2, p0, np.asarray(u, dtype=np.complex128), self.tracker))
        from algnet.analyses.critical.posdim import residuals

        ok = tk.success & (residuals(fam2, tk.x, u) <= 1e-6)
        Z = tk.x if ok.all() else self._retrack(fam2, X2, p0, u, tk.x, ok)
        return (fam2, Z) if Z is not None else (None, None)

    def _retrack(self, fam, X, p0, u, Xt, ok, boundary: bool = False):
        """All endpoints at the target u after some paths failed, or None. The failed paths are tracked
        again with the default step budget (a path can crawl past the 300 steps of the first pass), then,
        if one still fails, the route of :func:`~.solve._to_target` (random complex detours). Endpoints must
        solve the gradient system and have distinct images (no path jumped); an endpoint the tracker calls
        singular is kept when it does (an ill-conditioned representative: conv k=2,2 r=2, seed 0, has one
        with |theta| ~ 70 and a Hessian of condition 1e12 on the slice, residual 2e-12, image not real)."""
        from algnet.analyses.critical.solve import _distinct, _to_target
        from algnet.homotopy.monodromy import track_parameters
        from algnet.homotopy.tracker import TrackerOptions

        u = np.asarray(u, dtype=np.complex128)
        d = X.shape[0]
        tk = whole(track_parameters(fam, X[~ok], p0, u, TrackerOptions()))
        solved = self._residuals(BOUNDARY if boundary else TOP, fam, tk.x, u) <= 1e-6
        if np.all(solved):
            Z = np.concatenate([Xt[ok], tk.x])
            # rank-drop points can share an image ((+-a, 0) for the quadrant): distinct as parameter points
            if _distinct(Z if boundary else fam.image(Z)) == d:
                return Z
        if boundary:
            Z = self._detour(fam, X, p0, u, Xt, ok)
            return Z if Z is not None else self._rank_drop_at(fam, u)
        pts = self._recharted(fam, X, p0, u, Xt, ok, tk.x, solved)
        if pts is not None:
            return pts
        Z, _, lost = _to_target(fam, X, p0, u, self.rng)
        return None if lost or Z.shape[0] < d else Z

    def _recharted(self, fam, X, p0, u, Xt, ok, Xr, solved):
        """(images, parameter points) of all critical points at u, or None: the endpoints found so far (``Xt[ok]``
        on the first pass, ``Xr[solved]`` retracked), and each start still lost tracked on fresh charts where it
        stalls (:func:`~.rechart.rechart_track`) without bringing its endpoint back to ``fam``'s slice: the nearest
        point needs the image and a parameter point only. Kept when every image is found and the images are
        distinct (no path jumped).

        Why: on linear 3-2-3 (Frobenius) the targets next to a rank-one matrix (the Voronoi cell test of the
        stratum widths 3-1-3) have critical images about 1000 times smaller than the generic start's; the slice
        representatives run off and every target went to :func:`~.paths._to_target`, whose rescue brought each
        endpoint back to the slice (:func:`~.rechart.move_to_slice`): 517 of 588 s of the run."""
        import zlib

        from algnet.analyses.critical.rechart import rechart_track

        if getattr(fam, "_E", None) is not None or getattr(fam, "N", None) is None or \
                fam.N.shape[0] != fam.net.n_params:
            return None          # (a family on a subspace of its parent's keeps its starts: rechart_rescue's rule)
        # each lost start with its own generator (from the start), as rechart_rescue's: the targets drawn later stay
        # as without it
        return self._collected(fam, X, u, np.concatenate([Xt[ok], Xr[solved]]), X[~ok][~solved],
                               lambda x: rechart_track(fam, x, p0, u, np.random.default_rng(zlib.crc32(x.tobytes())),
                                                       carry=False)[0])

    def _rank_drop_at(self, fam, u, attempts: int | None = None):
        """The critical points of L where d mu drops rank at the target u itself (:func:`~.rankdrop.rank_drop_points`,
        its own total-degree homotopy, another gamma each attempt), or None when no attempt tracked every path.

        Why: on dense 3-2-1 r=2 (Frobenius, seed 0) 6 to 14 of the 196 paths of that piece from its generic target
        failed for every Gaussian target, and the detours too: every target was dropped ("a path failed"). The
        total-degree homotopy at a target (3125 paths, about 3 CPU s) finds 198 points, every path tracked: the
        solve at the generic target had lost 2 with its 6 failed paths."""
        from algnet.analyses.critical.rankdrop import rank_drop_points

        from algnet.analyses.critical.boundary_estimate import RESOLVE_ATTEMPTS

        self.resolved[0] += 1
        for _ in range(RESOLVE_ATTEMPTS if attempts is None else attempts):
            r = rank_drop_points(fam, np.asarray(u, dtype=np.complex128), self.rng.spawn(1)[0], self.dim)
            self.resolved[1] += r.paths
            if r.complete:
                return r.points
        return None

    def _detour(self, fam, X, p0, u, Xt, ok, attempts: int = 3):
        """Endpoints at u of the rank-drop piece after failed paths, through random complex intermediate targets
        (the failed paths only; distinct as parameter points, since rank-drop points can share an image), or
        None."""
        from algnet.analyses.critical.solve import _distinct
        from algnet.homotopy.monodromy import track_parameters

        done, todo = Xt[ok], X[~ok]
        scale = float(np.sqrt(np.mean(np.abs(p0) ** 2))) or 1.0
        for _ in range(attempts):
            pm = p0 + scale * (self.rng.normal(size=p0.shape) + 1j * self.rng.normal(size=p0.shape))
            a = whole(track_parameters(fam, todo, p0, pm))
            b = whole(track_parameters(fam, a.x, pm, u))
            good = a.success & b.success & (self._residuals(BOUNDARY, fam, b.x, u) <= 1e-6)
            Z = np.concatenate([done, b.x[good]])
            if _distinct(Z) < Z.shape[0]:
                good[:] = False                   # a path jumped onto another: none of this round is trusted
            done, todo = np.concatenate([done, b.x[good]]), todo[~good]
            if not todo.shape[0]:
                return done
        return None

    def _target_on_m(self, u, floor, starts: int = 3):
        """``(label, 0-ish distance, u's image, real theta)`` when the real target ``u`` is itself a point of M_R
        (real weights found by Gauss-Newton on mu(theta) = u, squared distance at most ``floor``), else None. Its
        nearest point is then u itself, whatever paths failed (the critical points of the distance collide at
        such a target: a rank-one matrix for linear 3-2-3 is where the Eckart-Young points meet). The label is the
        lowest stratum whose weights reach u (as the ties of :meth:`nearest`), else the top one."""
        from algnet.analyses.critical.realfiber import _real_newton

        u = np.asarray(u, dtype=float)
        for label, _, _, _, search, S in sorted(self.pieces, key=lambda p: p[4].dim):
            if label == BOUNDARY:                   # the top piece's parametrization again
                continue
            scale, n = 1.0 + float(np.sqrt(np.mean(u * u))), search.net.n_params
            for _ in range(starts):
                th = _real_newton(search.full, u.astype(np.complex128), scale * self.rng.normal(size=n))
                if th is None:
                    continue
                y = search.full.image(th[None, :].astype(np.complex128))[0].real
                dist = float(self.loss.value(y[None, :], u)[0])
                if dist <= floor:
                    return (label, dist, y, th if S is None else np.asarray(S.embed(th), dtype=float))
        return None

    def nearest(self, U, tol: float = 1e-9):
        """For real targets U (k, m): (label, distance, point y, real theta) per target, or None when the
        target is dropped (``self.reasons[i]`` says why: a path failed and the target is not itself a point of M
        reached by real weights, or real parameters unknown)."""
        U = np.atleast_2d(np.asarray(U, dtype=float))
        k = U.shape[0]
        cands, failed = self._candidates(U)
        floor = 1e-13 * (1 + np.sum(U * U, axis=1))     # rounding level of a squared distance
        out, self.reasons = [], []
        y0 = self.origin_image
        for i in range(k):
            # mu(0) is a point of M reached by real weights (the zero parameters): a candidate like the others
            # (a spurious critical point of rank 0 whenever every output has degree >= 2 in the parameters)
            c = sorted(cands[i] + [(float(self.loss.value(y0[None, :], U[i])[0]), "origin", y0, self.origin, -1)],
                       key=lambda t: t[0])
            best, why = None, None
            for dist, label, y, th, idx in c:
                if failed[i] and dist > floor[i]:
                    break                         # only the target itself (distance 0) can still be answered
                if best is not None:
                    eps = tol * abs(best[1]) + floor[i]
                    if dist > best[1] + eps:
                        break
                    # a tie at the same point: it lies on the lower stratum
                    same = np.max(np.abs(y - best[2])) <= 1e-6 * (1 + np.max(np.abs(y)))
                    # (a rank-drop point that is also a subnetwork stratum's point takes the stratum's name)
                    if best[0] in (TOP, BOUNDARY) and label not in (TOP, "origin", BOUNDARY) and same:
                        best = (label, best[1], best[2], best[3])
                    continue
                if idx < 0:
                    best = (label, dist, y, th)
                    continue
                _, _, _, _, search, S = self.pieces[idx]
                r = self._real_parameters(label, search, y, th)
                if r.status is False:
                    continue
                if r.status is None and label == TOP and self._rank_drop_listed(y, th, c):
                    continue
                if r.status is None:
                    why = "real parameters unknown for a nearer critical point (" + r.note + ")"
                    break
                best = (label, dist, y, r.theta if S is None else np.asarray(S.embed(r.theta), dtype=float))
            if failed[i] and (best is None or best[1] > floor[i]):
                # a lost critical point could be nearer; none can be when the target itself is a point of M
                best = self._target_on_m(U[i], floor[i])
                out.append(best)
                self.reasons.append(None if best is not None else "a path failed")
            elif why is None and best is not None and best[0] in (TOP, BOUNDARY) and best[1] <= floor[i]:
                # the target is a point of M: it lies on the lowest stratum whose weights reach it
                on = self._target_on_m(U[i], floor[i])
                out.append(best if on is None or on[0] == TOP else (on[0],) + tuple(best[1:]))
                self.reasons.append(None)
            elif why is not None or best is None:
                out.append(None)
                self.reasons.append(why or "no candidate")
            elif self._descends(best[3], U[i], best[1]):
                # every real point of M nearer than mu(theta) is approached, none attained (a nearer critical point
                # would be a candidate): the distance has an infimum and no minimum
                out.append(None)
                self.reasons.append(UNATTAINED + ("" if self.complete else
                                                  ", or a critical point of the distance was missed (" +
                                                  "; ".join(self.incomplete) + ")"))
            else:
                out.append(best)
                self.reasons.append(None)
        return out

    def _descends(self, theta, u, dist) -> bool:
        """Whether L takes values below ``dist`` at real weights next to the real point ``theta`` (then mu(theta) is
        not the nearest point of M): :func:`~.local_minimum.descends`."""
        from algnet.analyses.critical.local_minimum import descends

        return descends(self._full(self.net), self.loss, theta, u, dist, self.rng.spawn(1)[0])
