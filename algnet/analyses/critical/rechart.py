"""Paths to a real target that lose their chart: tracked on, from a rebalanced point, on fresh charts.

The cause (deep linear networks, Frobenius loss): the critical points are solved at a generic complex
target p0 whose critical images are much larger than the real target u's (linear 3-2-2-3, seed 0: |p0| = 203,
|u| = 3.2). Along p0 -> u a critical image shrinks about 60-fold, and its representative on the *affine* slice
theta = c0 + N phi cannot shrink with it evenly: it moves out along the fiber (W3 B^-1, B W2 A^-1, A W1) to
unbalanced factors (|theta| 9.8-15.8 where a balanced point of the same fiber has 6.0-6.2; d mu's smallest
singular value 1e-4 of its largest) and the tracker stalls (300-400 steps, t = 0.94-0.99). The image path itself
is well conditioned (the eigenvalues of A(t)^T A(t) stay apart: relative gap >= 0.06). A random complex detour
or another random chart through the *start* point meets the same shrinking (paths._to_target's detours and
charts._target_rescue lost the same points); a second slice solved afresh (special.to_real_target) often works
but costs a monodromy run (linear 4-2-2-5: 30 CPU s).

The remedy at the cause (:func:`rechart_track`): track on, and where the path stalls go back to a point before the
stall, move along the fiber to a point of least norm (:func:`~.nearest.balanced`), and go on from there on a fresh
random chart through that point (:func:`~.charts.chart_through`: phi = 0 is a critical point there, of the same
image), as often as needed; the critical image's path is the same on every chart. The endpoint at u is brought
back onto the first slice with its image held fixed (:func:`move_to_slice`: a homotopy of slices, :class:`SliceMove`),
so that it is checked, certified and classified with the others (the residual check of paths._to_target; the
Krawczyk test later). Measured in bench/_critical_losses.py.

Examples
--------
>>> import numpy as np
>>> from algnet.analyses.critical.system import example_family
>>> from algnet.analyses.critical.charts import chart_through
>>> fam = example_family("linear 2-1-2", "generic")
>>> g = chart_through(fam, fam.theta(np.ones((1, 3)))[0], np.random.default_rng(1))
>>> x = move_to_slice(fam, g, np.zeros(3), np.random.default_rng(2))     # g's phi = 0 moved onto fam's slice
>>> bool(np.allclose(fam.image(x[None, :]), fam.image(np.ones((1, 3)))))
True
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.systems import System
from algnet.homotopy.tracker import whole

__all__ = ["SliceMove", "slice_parameters", "move_to_slice", "conditioning", "rechart_track", "rechart_rescue", "HOPS"]

#: Charts a path may move to (:func:`rechart_track`). linear 3-2-2-3 (Frobenius, seeds 0-99): 1-5 were used;
#: linear 4-2-2-5 seed 2: 2-7 (with 6, two of its six paths were lost and a second slice was solved: 41 CPU s
#: against 5.7 with 12).
HOPS = 12

#: Fraction of the way to the stall at which a path leaves its chart; halved (up to 4 times) until the piece
#: before it tracks.
BACK = 0.8


class SliceMove(System):
    """F(phi; c, N) = R (y(c + N phi) - y0): the points of a slice theta = c + N phi over y0 (and over the other
    points of M on the linear space y0 + ker R), with the slice (c, vec N) as the parameters; ``fam`` gives the
    network, the loss coordinates and the parameter space (the slice of ``fam`` itself is not used).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2")
    >>> x = np.array([[0.3, -0.2, 0.5]]) + 0j
    >>> S = SliceMove(fam, fam.image(x)[0], np.random.default_rng(0).normal(size=(3, 4)) + 0j)
    >>> P = slice_parameters(fam)
    >>> bool(np.abs(S.evaluate(x, P)[0]).max() < 1e-12), S.n_params == 4 + 4 * 3
    (True, True)
    """

    def __init__(self, fam, y0, R):
        self.fam, self.y0, self.R = fam, np.asarray(y0, dtype=np.complex128), np.asarray(R, dtype=np.complex128)
        self.n, self.n_vars = fam.N.shape
        self.n_params = self.n + self.n * self.n_vars

    def _rows(self, X, P):
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        P = np.asarray(P, dtype=np.complex128)
        P = np.broadcast_to(P, (X.shape[0], self.n_params)) if P.ndim == 1 else P
        return X, P[:, : self.n], P[:, self.n:].reshape(X.shape[0], self.n, self.n_vars)

    def _jac(self, X, C, N):
        # the tracker asks for F, dF/dphi and dF/dp at the same points: one run of the network's program for both
        Th = C + np.einsum("pik,pk->pi", N, X)
        key = Th.tobytes()
        if getattr(self, "_last", (None,))[0] != key:
            V, J = self.fam._vj(Th)
            self._last = (key, V, np.matmul(self.R @ self.fam.T, J))
        return self._last[1], self._last[2]

    def evaluate(self, X, P=None):
        X, C, N = self._rows(X, P)
        V, RTJ = self._jac(X, C, N)
        return (V @ self.fam.T.T - self.y0[None, :]) @ self.R.T, np.matmul(RTJ, N)

    def param_derivative(self, X, P, dP):
        X, C, N = self._rows(X, P)
        _, dC, dN = self._rows(X, dP)
        _, RTJ = self._jac(X, C, N)
        return np.einsum("nai,ni->na", RTJ, dC + np.einsum("pik,pk->pi", dN, X))


def slice_parameters(fam) -> np.ndarray:
    """The slice of ``fam`` as parameters of :class:`SliceMove`: (c0, N flattened by rows).

    Examples
    --------
    >>> from algnet.analyses.critical.system import example_family
    >>> slice_parameters(example_family("linear 2-1-2")).shape
    (16,)
    """
    return np.concatenate([np.asarray(fam.c0, dtype=np.complex128), np.asarray(fam.N, dtype=np.complex128).ravel()])


def move_to_slice(fam, g, z, rng, tries: int = 4, score=None, good: float = 1e-9):
    """A point of ``fam``'s slice with the image of ``z`` (a point of ``g``'s slice; ``g`` a chart of the same
    network and loss, e.g. :func:`~.charts.chart_through`), or None: ``z`` tracked as the slice moves from ``g``'s
    to ``fam``'s (:class:`SliceMove`), along the segment first, then through random complex slices (``tries``
    routes in all), kept when its image is ``z``'s to 1e-8 (relative). Without ``score`` the first such point; with
    it (a function of a point, larger is better) the first of score >= ``good``, else the best: the slice meets a
    fiber in many points (linear 3-2-2-3: 30-33), some of them far out and ill conditioned (relative smallest
    singular value of the gradient's Jacobian 1e-11 to 1e-16 against 1e-4 to 1e-8 for most, and for the endpoints
    of paths tracked on the slice; seed 45 of bench/_critical_losses.py: a point then judged rank-deficient). The segment is the cheap route (linear
    3-2-2-3, seeds 0 and 45: 29-114 steps, 0.06-0.17 CPU s; through a random slice 0.5-1.4 s a move).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> from algnet.analyses.critical.charts import chart_through
    >>> fam = example_family("linear 2-1-2")
    >>> g = chart_through(fam, np.array([1.0, 2.0, 3.0, 4.0]), np.random.default_rng(1))
    >>> x = move_to_slice(fam, g, np.zeros(3), np.random.default_rng(0))
    >>> np.round(fam.image(x[None, :]).real, 8).tolist()          # the matrix (3, 4)^T (1, 2)
    [[3.0, 6.0, 4.0, 8.0]]
    """
    from algnet.homotopy.monodromy import track_parameters

    z = np.asarray(z, dtype=np.complex128)[None, :]
    y0 = g.image(z)[0]
    m, k = y0.shape[0], fam.n_vars
    S = SliceMove(fam, y0, (rng.normal(size=(k, m)) + 1j * rng.normal(size=(k, m))) / np.sqrt(2 * m))
    Pg, Pf = slice_parameters(g), slice_parameters(fam)
    scale = float(np.abs(Pf - Pg).mean())
    best, best_score = None, -np.inf
    for i in range(tries):
        legs = [Pg, Pf]
        if i:
            legs.insert(1, 0.5 * (Pg + Pf) + 0.5 * scale * (rng.normal(size=Pf.shape) + 1j * rng.normal(size=Pf.shape)))
        w = z
        for a, b in zip(legs, legs[1:]):
            tk = whole(track_parameters(S, w, a, b))
            if tk.status[0] != "success":
                break
            w = tk.x
        else:
            if np.all(np.isfinite(w)) and np.abs(fam.image(w)[0] - y0).max() <= 1e-8 * (1.0 + np.abs(y0).max()):
                sc = np.inf if score is None else float(score(w[0]))
                if sc > best_score:
                    best, best_score = w[0], sc
                if sc >= good:
                    break
    return best


def conditioning(fam, u):
    """A score for :func:`move_to_slice`: the least of the relative smallest singular values (the smallest over the
    largest) of the Jacobian of the gradient system G(.; u) and of d mu (all parameters; its dim M-th) at a point.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.paths import example_points
    >>> fam, X, u = example_points("linear 2-1-2")
    >>> 0 < conditioning(fam, u)(X[0]) <= 1
    True
    """
    dim = getattr(fam, "dimension", fam.n_vars)

    def rel(A, k):
        s = np.linalg.svd(A, compute_uv=False)
        return float(s[k - 1] / s[0]) if s[0] > 0 and len(s) >= k else 0.0

    def score(x):
        x = np.asarray(x, dtype=np.complex128)[None, :]
        _, J = fam._vj(fam.theta(x))
        return min(rel(fam.evaluate(x, u)[1][0], fam.n_vars), rel(fam.T @ J[0], dim))

    return score


def rechart_track(fam, x, p0, u, rng, hops: int = HOPS, tol: float = 1e-6, stall=None, carry: bool = True):
    """``(endpoint on fam's slice or None, paths)``: the critical point ``x`` of ``fam`` at p0 tracked to u along
    the segment, moving to a fresh chart through a rebalanced point of its fiber where it stalls (module doc),
    at most ``hops`` times; the endpoint brought back to ``fam``'s slice (:func:`move_to_slice`) must solve
    G(.; u) = 0 there (relative residual <= ``tol``). ``stall``: where the path already stopped on ``fam``'s
    chart (t in [0, 1], the caller's own tracking with at most 400 steps), not tracked again.

    ``carry=False``: the endpoint is not brought back: ``(parameter point of the network (all parameters) or None,
    paths)``, for a caller that needs the critical image and a parameter point only (the nearest point of
    :mod:`.nearest`). Bringing it back is most of the cost where images shrink far (linear 3-2-3, targets next to
    a rank-one matrix: every sampled stack of the Voronoi cell test was in :func:`move_to_slice`).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.paths import example_points
    >>> fam, X, p0 = example_points("linear 2-1-2", at_target=False)
    >>> x, paths = rechart_track(fam, X[0], p0, fam.loss.u, np.random.default_rng(0))
    >>> from algnet.analyses.critical.posdim import residuals
    >>> bool(residuals(fam, x[None, :], fam.loss.u)[0] < 1e-9), paths           # no stall: one path
    (True, 1)
    """
    from algnet.analyses.critical.charts import chart_through
    from algnet.analyses.critical.nearest import balanced
    from algnet.analyses.critical.posdim import residuals
    from algnet.analyses.critical.realfiber import full_family
    from algnet.homotopy.monodromy import track_parameters
    from algnet.homotopy.tracker import TrackerOptions

    opt = TrackerOptions(max_steps=400)
    h, z, t, paths, full = fam, np.asarray(x, dtype=np.complex128)[None, :], 0.0, 0, None
    for hop in range(hops + 1):
        if hop or stall is None:
            tk = whole(track_parameters(h, z, p0 + t * (u - p0), u, opt))
            paths += 1
            if tk.status[0] == "success" and residuals(h, tk.x, u)[0] <= tol:
                if not carry:
                    return h.theta(tk.x)[0], paths
                if h is fam:
                    return tk.x[0], paths
                w = move_to_slice(fam, h, tk.x[0], rng, score=conditioning(fam, u))
                paths += 2
                ok = w is not None and residuals(fam, w[None, :], u)[0] <= tol
                return (w if ok else None), paths
            stall = t + float(np.real(tk.t[0])) * (1.0 - t)
        if stall >= 1.0 - 1e-6:         # the endpoint itself is singular (not the chart): left to the caller
            return None, paths
        back = t + BACK * (stall - t)
        for _ in range(4):
            b = whole(track_parameters(h, z, p0 + t * (u - p0), p0 + back * (u - p0), opt))
            paths += 1
            if b.status[0] == "success":
                break
            back = t + 0.5 * (back - t)
        else:
            return None, paths
        if full is None:
            full = full_family(fam.net, fam.loss, rng)
        theta = balanced(full, h.theta(b.x)[0])
        h, z, t = chart_through(fam, theta, rng), np.zeros((1, fam.n_vars), dtype=np.complex128), back
    return None, paths


def rechart_rescue(fam, X, p0, u, rng, tol: float = 1e-6, stalls=None):
    """``(endpoints found, starts still lost, paths)``: :func:`rechart_track` for each start in X (critical
    points of ``fam`` at p0 whose paths to u were lost; ``stalls``: where each stopped on ``fam``'s chart, if
    known); only for a slice in the network's own parameters (a family on a subspace of its parent's, or a
    layered one, keeps its starts).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.paths import example_points
    >>> fam, X, p0 = example_points("linear 2-1-2", at_target=False)
    >>> Z, lost, paths = rechart_rescue(fam, X, p0, fam.loss.u, np.random.default_rng(0))
    >>> Z.shape[0], lost.shape[0]
    (2, 0)
    """
    empty = np.zeros((0, fam.n_vars), dtype=np.complex128)
    if getattr(fam, "_E", None) is not None or getattr(fam, "N", None) is None or fam.N.shape[0] != fam.net.n_params:
        return empty, X, 0
    found, keep, paths = [], np.ones(X.shape[0], dtype=bool), 0
    for i in range(X.shape[0]):
        z, k = rechart_track(fam, X[i], p0, u, rng, tol=tol, stall=None if stalls is None else float(stalls[i]))
        paths += k
        if z is not None:
            found.append(z)
            keep[i] = False
    return (np.array(found) if found else empty), X[keep], paths
