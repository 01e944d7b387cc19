"""Real parameter points behind real critical images.

A critical point of L = l o mu is found on a random complex slice of the
fibers, so its parameters theta are complex even when its image y = mu(theta)
is real. A real image need not be reached by real weights at all (with the
activation x^2 the coefficient of a one-neuron network is w2 w1^2: a real target
below 0 has a real image and no real preimage when w2 is fixed, or the map
t -> t^2 never reaches a negative number), so for each real critical image the
real fiber {theta in R^n : mu(theta) = y} is searched (:class:`RealFiberSearch`):

1. Gauss-Newton with minimum-norm steps from the complex preimage towards the
   real space (unknowns Re theta, Im theta; equations mu(theta) = y and
   Im theta = 0), from its real part, and from a few random real points
   (equations mu(theta) = y over real theta): a local search; success is a
   real point, failure proves nothing.
2. The fiber on real slices by homotopy: the square system
   (R mu(theta) + tau S theta - c, A theta - b) with R, S, A, b real (A theta = b pins the
   coordinates moved by the known symmetries, then a random real slice) is
   solved once by monodromy at a generic complex (c, b) and tau = 1, completeness by the
   trace test in a random linear functional of theta (:class:`_SliceFiber` says why not of the
   image, and why tau S theta), and tracked to (R y, b, 0): its real endpoints with image y are
   real fiber points. With finite fibers (no slice) every complex preimage of
   y is found this way: when none is real the fiber has no real point (status
   ``False``; numerical: the trace test and the tracked paths). With
   positive-dimensional fibers a real slice can miss the real fiber, so
   failure is reported as unknown (``None``) with the reason.

A real point found is certified (:func:`certify_real_point`): on the real
slice theta_r + N phi through it, N a real basis of the row space of d mu
(transversal to the fiber), Krawczyk's test in ball arithmetic on the gradient
of L along the slice proves a unique real solution in a conjugation-invariant
box, i.e. a real parameter point theta* where grad L = 0; the Hessian of L
along that slice at theta* is the Hessian modulo the fiber directions there,
and its signature is the type of the critical point.

Examples
--------
>>> from algnet.architectures.polymap import parametrization
>>> from algnet.analyses.critical.loss import network_and_loss
>>> net, L, rng = network_and_loss(parametrization(["t^2"]), target=[-2.0])
>>> s = RealFiberSearch(net, L, 1, rng)
>>> s.search([4.0]).status, s.search([-2.0]).status        # t = +-2; t^2 = -2 has no real root
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from algnet.analyses.critical.system import GradientFamily
from algnet.homotopy.systems import System
from algnet.homotopy.tracker import whole

__all__ = ["RealFiberSearch", "RealSearch", "certify_real_point", "FiberFamily", "towards_real", "runs_to_infinity"]

#: Relative size of Im theta below which a parameter vector is called real.
REAL_TOL = 1e-8
#: Relative residual |mu(theta) - y| accepted for a fiber point.
FIBER_TOL = 1e-9
#: CPU seconds for the monodromy solve (and trace test) of one real slice of the fibers (:class:`_SliceFiber`), done
#: once per search. Stopped there, the points found are still tracked to each fiber (a real one found is a real
#: point, checked by Newton), and a search that finds none says "unknown" with the budget. Measured: on layers
#: Linear(2,2), Power(2), Linear(2,2), Power(3), Linear(2,1) (fibers of dimension 4 in 10 parameters) the two slices
#: took about 1600 wall s of a 1800-s run on a shared machine (about 270 CPU s) before the third real image was
#: classified, for searches that can end "unknown" only (positive-dimensional fibers).
SLICE_FIBER_CPU_SECONDS = 30.0


@dataclass(frozen=True)
class RealSearch:
    """Outcome of a real-fiber search: ``status`` True (a real point ``theta`` found), False (proved
    none, numerically) or None (unknown); ``note`` says how or why.

    Examples
    --------
    >>> RealSearch(None, None, "unknown: the fiber is positive-dimensional").status is None
    True
    """

    status: bool | None
    theta: np.ndarray | None
    note: str


def full_family(net, loss, rng) -> GradientFamily:
    """The gradient family of ``net`` on all of its parameters (no slice: theta = phi)."""
    return GradientFamily(net, loss, (), [], rng)


def _rel(y):
    return 1.0 + float(np.max(np.abs(y))) if np.size(y) else 1.0


def _real_newton(full, y, theta, iterations: int = 50):
    """Gauss-Newton (minimum-norm steps) on mu(theta) = y over real theta; the point or None."""
    th = np.asarray(theta, dtype=float).copy()
    for _ in range(iterations):
        Y, J = full.first_order(th[None, :].astype(np.complex128))
        step = np.linalg.lstsq(J[0].real, (Y[0] - y).real, rcond=1e-12)[0]
        th = th - step
        if not np.all(np.isfinite(th)) or np.max(np.abs(th)) > 1e8:
            return None
        if np.linalg.norm(step) <= 1e-14 * (1 + np.linalg.norm(th)):
            break
    Y = full.image(th[None, :].astype(np.complex128))[0]
    return th if np.max(np.abs(Y - y)) <= FIBER_TOL * _rel(y) else None


def _balance(full, y, theta, iterations: int = 40):
    """A real fiber point of small norm near ``theta``: steps against the component of theta along the
    fiber (the kernel of d mu), each followed by Gauss-Newton back onto the fiber. A representative far
    out on a symmetry orbit (a rescaled neuron) has a badly scaled Hessian; the balanced one does not."""
    th = np.asarray(theta, dtype=float)
    for _ in range(iterations):
        _, J = full.first_order(th[None, :].astype(np.complex128))
        _, sv, vh = np.linalg.svd(J[0].real)
        r = int(np.sum(sv > 1e-9 * max(sv[0], 1e-300))) if sv.size else 0
        K = vh[r:].T
        g = K @ (K.T @ th)
        if np.linalg.norm(g) <= 1e-6 * (1 + np.linalg.norm(th)):
            break
        nxt = None
        for s in (0.5, 0.1):
            nxt = _real_newton(full, y, th - s * g)
            if nxt is not None and np.linalg.norm(nxt) < np.linalg.norm(th):
                break
            nxt = None
        if nxt is None:
            break
        th = nxt
    return th


def towards_real(full, y, theta, iterations: int = 60):
    """A real preimage of ``y`` near the complex preimage ``theta``, or None.

    Gauss-Newton on mu(theta) = y and Im theta = 0 (real unknowns Re theta, Im theta) from ``theta``, then
    real Newton from the real part; None when the iteration diverges, stays non-real, or misses ``y``.
    ``full``: the gradient family on all parameters (:func:`full_family`); ``y``: a point in its loss
    coordinates.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.architectures.polymap import parametrization
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss(parametrization(["t^2"]))
    >>> full = full_family(net, L, rng)
    >>> y = full.image(np.array([[2.0 + 0j]]))[0]                 # the image of t = 2
    >>> th = towards_real(full, y, np.array([1.9 + 0.2j]))
    >>> round(abs(float(th[0])), 6)
    2.0
    >>> towards_real(full, -y, np.array([0.1 + 1.9j])) is None   # -4 = t^2 has no real preimage
    True
    """
    x = np.asarray(theta, dtype=np.complex128).copy()
    n = x.shape[0]
    eye = np.eye(n)
    for _ in range(iterations):
        Y, J = full.first_order(x[None, :])
        r = Y[0] - y
        J = J[0]
        A = np.block([[J.real, -J.imag], [J.imag, J.real], [np.zeros((n, n)), eye]])
        b = np.concatenate([r.real, r.imag, x.imag])
        step = np.linalg.lstsq(A, b, rcond=1e-12)[0]
        x = x - (step[:n] + 1j * step[n:])
        if not np.all(np.isfinite(x)) or np.max(np.abs(x)) > 1e8:
            return None
        if np.linalg.norm(step) <= 1e-14 * (1 + np.linalg.norm(x)):
            break
    if np.max(np.abs(x.imag)) > 1e-6 * (1 + np.max(np.abs(x))):
        return None
    return _real_newton(full, y, x.real)


class FiberFamily(System):
    """F(theta; c, b) = (R y(theta) - c, A theta - b): the fiber of M over a real slice, square in theta.

    R (dim x m) and A ((n - dim) x n) are real; y = mu(theta) in loss coordinates (through the
    gradient family ``full``, which evaluates the straight-line program). With ``S`` (real, dim x n) the
    first block is R y(theta) + tau S theta - c and tau is one more parameter (last): tau = 0 is the
    fiber, tau = 1 a system without the symmetries of mu (its trace test cannot be fooled by a subset
    closed under theta -> -theta, say; see :class:`_SliceFiber`).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("linear 1-1-1")                     # y = w2 w1
    >>> fam = FiberFamily(full_family(net, L, rng), [[1.0]], [[1.0, 0.0]])  # (w2 w1 - c, w1 - b)
    >>> fam.evaluate(np.array([[2.0, 3.0]]), [6.0, 2.0])[0].real.tolist()   # (2, 3) solves c = 6, b = 2
    [[0.0, 0.0]]
    """

    def __init__(self, full, R, A, S=None):
        self.full = full
        self.R = np.asarray(R, dtype=float)
        self.A = np.asarray(A, dtype=float).reshape(-1, full.n_vars)
        self.S = None if S is None else np.asarray(S, dtype=float).reshape(self.R.shape[0], full.n_vars)
        self.n_vars = full.n_vars
        self.n_params = self.R.shape[0] + self.A.shape[0] + (self.S is not None)
        self.real = True

    def _tau(self, P, k):
        """tau per row (k,) from the parameters (1 when P is None: the generic member)."""
        if P is None:
            return np.ones(k, dtype=np.complex128)
        return np.broadcast_to(np.asarray(P, dtype=np.complex128), (k, self.n_params))[:, -1]

    def evaluate(self, X, P=None):
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        Y, J = self.full.first_order(X)
        k, d = X.shape[0], self.R.shape[0]
        F1, J1 = Y @ self.R.T, np.matmul(self.R, J)
        if self.S is not None:
            tau = self._tau(P, k)
            F1 = F1 + tau[:, None] * (X @ self.S.T)
            J1 = J1 + tau[:, None, None] * self.S[None]
        F = np.concatenate([F1, X @ self.A.T], axis=1)
        Jx = np.concatenate([J1, np.broadcast_to(self.A, (k,) + self.A.shape)], axis=1)
        if P is not None:
            Pm = np.broadcast_to(np.asarray(P, dtype=np.complex128), (k, self.n_params))
            F = F - Pm[:, :d + self.A.shape[0]]
        return F, Jx

    def residuals(self, X, P):
        """max |F(x; P)| relative to 1 + max |P| for the rows of X (inf for non-finite rows)."""
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        out = np.full(X.shape[0], np.inf)
        fin = np.all(np.isfinite(X), axis=1)
        if fin.any():
            F = self.evaluate(X[fin], P)[0]
            out[fin] = np.max(np.abs(F), axis=1) / (1.0 + float(np.max(np.abs(np.asarray(P)))))
        return out

    def param_derivative(self, X, P, dP):
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        k, e = X.shape[0], self.R.shape[0] + self.A.shape[0]
        dP = np.broadcast_to(np.asarray(dP, dtype=np.complex128), (k, self.n_params))
        out = -np.array(dP[:, :e])
        if self.S is not None:
            out[:, :self.R.shape[0]] += dP[:, -1:] * (X @ self.S.T)
        return out

    def start_parameters(self, X):
        """Parameters (c, b[, tau = 1]) at which the rows of X solve F."""
        F = self.evaluate(X)[0]
        if self.S is None:
            return F
        return np.concatenate([F, np.ones((F.shape[0], 1), dtype=np.complex128)], axis=1)


#: Samples t = 1 - 10^-k, k = 1 .. ENDGAME_DECADES, of :func:`runs_to_infinity`, and the least growth rate w (per
#: decade of 1 - t) of its last three steps. A path to infinity has |x(t)| ~ c (1 - t)^-w with w = a / b >= 1 / b
#: (b its winding number): w = 1 for each diverging path of the real fibers of (s^2, s t) (the fiber of (x, y),
#: x < 0, has its 2 points; the third path of the generic member (3 points) runs off). A path to a finite point has
#: a norm that settles: steps of its log tend to 0.
ENDGAME_DECADES, ENDGAME_RATE = 6, 0.2


def runs_to_infinity(fam, X, p0, p1) -> np.ndarray:
    """Per start in ``X`` (solutions of ``fam`` at ``p0``): whether its path along the segment to ``p1`` runs off to
    infinity, by its endgame. The path is sampled at t = 1 - 10^-k (k = 1 .. :data:`ENDGAME_DECADES`, the same
    segment, tracked piece by piece); it diverges when a piece ends "diverged" (the tracker's own rule, the norm
    above its bound) or when the norm grows as a steady power of 1 / (1 - t): each of the last three decades adds
    at least :data:`ENDGAME_RATE` to log10 |x|, within 0.1 of each other, and |x| ends 1000 times its size at the
    start. A path whose end is finite (settles) or that fails on the way is not called diverged.

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("linear 1-1-1")                     # y = w2 w1
    >>> fam = FiberFamily(full_family(net, L, rng), [[1.0]], [[1.0, 0.0]])  # (w2 w1 - c, w1 - b)
    >>> x, p0 = np.array([[2.0, 3.0]]), np.array([6.0, 2.0])
    >>> runs_to_infinity(fam, x, p0, [6.0, 0.0]).tolist()                 # w1 -> 0: w2 = 6 / w1 runs off
    [True]
    >>> runs_to_infinity(fam, x, p0, [0.0, 2.0]).tolist()                 # c -> 0: the path ends at (2, 0)
    [False]
    """
    from algnet.homotopy.monodromy import track_parameters

    X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
    p0, p1 = np.asarray(p0, dtype=np.complex128), np.asarray(p1, dtype=np.complex128)
    out = np.zeros(X.shape[0], dtype=bool)
    for i, x in enumerate(X):
        x, prev, logs = x[None, :], p0, [float(np.log10(1.0 + np.max(np.abs(x))))]
        for k in range(1, ENDGAME_DECADES + 1):
            p = p0 + (1.0 - 10.0 ** -k) * (p1 - p0)
            tk = whole(track_parameters(fam, x, prev, p))
            if tk.status[0] == "diverged":
                out[i] = True
                break
            if tk.status[0] not in ("success", "singular") or not np.all(np.isfinite(tk.x)):
                break
            x, prev = tk.x, p
            logs.append(float(np.log10(1.0 + np.max(np.abs(x)))))
        else:
            w = np.diff(logs[-4:])
            out[i] = bool(w.min() >= ENDGAME_RATE and np.ptp(w) <= 0.1 and logs[-1] - logs[0] >= 3.0)
    return out


def _finite_rows(X):
    """X with its non-finite rows set to inf (the key of a fiber point is the point itself)."""
    X = np.array(X, dtype=np.complex128)
    X[~np.all(np.isfinite(X), axis=1)] = np.inf
    return X


class _SliceFiber:
    """All solutions of :class:`FiberFamily` at a generic complex (c0, b0, tau = 1), once; the fiber of
    any y on the real slice A theta = b by one parameter homotopy (to tau = 0; paths of solutions the fiber
    does not have diverge).

    Completeness is the trace test (:meth:`trace_test`) on the line c0 + s v (c moves, b and tau fixed)
    with a random linear functional of the coordinates theta, for the member tau = 1. Two traps are
    avoided: a functional of the image y = mu(theta) proves nothing when M fills its ambient space (all
    points of a fiber have the same image, so any subset passes), and at tau = 0 a subset closed under a
    linear symmetry of mu (theta -> -theta, a swap of neurons) has a trace that is linear in s too (its
    theta-sum is 0), and so does a whole component of a reducible fiber; the term tau S theta (S random)
    breaks both. If points still escape to infinity along the line the test fails: the search then says
    "unknown", never "none".
    """

    def __init__(self, full, dim, A, b, rng, label, budget: float | None = None):
        from algnet.homotopy.monodromy import MonodromyOptions, monodromy_solve
        from algnet.time_caps import time_cap

        self.label, self.b = label, np.asarray(b, dtype=float)
        m, n = full.n_params, full.n_vars
        S = rng.normal(size=(dim, n)) / np.sqrt(n)
        self.fam = FiberFamily(full, rng.normal(size=(dim, m)) / np.sqrt(m), A, S)
        th0 = (rng.normal(size=n) + 1j * rng.normal(size=n)) / np.sqrt(2)
        self.p0 = self.fam.start_parameters(th0[None, :])[0]
        self.w = rng.normal(size=n) + 1j * rng.normal(size=n)      # the trace functional theta -> w . theta
        self.v = np.zeros(self.p0.shape[0], dtype=np.complex128)           # the trace line moves c only
        scale = np.sqrt(np.mean(np.abs(self.p0) ** 2)) or 1.0
        self.v[:dim] = (rng.normal(size=dim) + 1j * rng.normal(size=dim)) * scale
        self._rng = rng
        self.full = full
        self.X = th0[None, :]
        self.stopped = False
        opt = MonodromyOptions(max_loops=40, max_loops_no_progress=5)   # capped: an unfinished search is "unknown"
        seed = int(rng.integers(2**31))
        tr = None
        # under a CPU budget (:data:`SLICE_FIBER_CPU_SECONDS`): stopped, the points found so far are kept (tracked
        # to each fiber they can still meet real points) and the solve is not complete (the search says "unknown")
        cap = None if budget is None or not np.isfinite(budget) else float(budget)
        with time_cap(cap, cpu=True) as capped:
            try:
                res = monodromy_solve(self.fam, th0, self.p0, seed=seed, options=opt, trace_direction=self.v,
                                      trace_functional=lambda Y: Y @ self.w)
                self.X = res.solutions
                if self.X.shape[0] and not res.partial and not capped.expired:
                    tr = self.trace_test()
            except KeyboardInterrupt:
                if not capped.expired:
                    raise
        self.stopped = bool(capped.expired)
        self.complete = bool(tr is not None and tr.passed and not self.stopped)

    def trace_test(self, X=None):
        """The full-size trace test (:func:`~.paths.full_trace_test`, the critical-point solver's rule) of
        the points ``X`` (default: all found) at p0, functional theta -> w . theta (class doc)."""
        from algnet.analyses.critical.paths import full_trace_test

        X = self.X if X is None else X
        return full_trace_test(self.fam, X, self.p0, self.v, lambda Y: Y @ self.w, self._rng,
                               residual=self.fam.residuals, key=_finite_rows)[0]

    def fiber(self, y):
        """(points of the fiber of y on the slice (k, n), every path succeeded: ended on a solution, or, from
        the member without symmetries (tau = 1) to the fiber (tau = 0), diverged to infinity)."""
        from algnet.homotopy.monodromy import track_parameters

        tau = [[0.0]] if self.fam.S is not None else []
        p1 = np.concatenate([self.fam.R @ y, self.b] + tau).astype(np.complex128)
        tk = whole(track_parameters(self.fam, self.X, self.p0, p1))
        ok = tk.success & np.all(np.isfinite(tk.x), axis=1)
        X = tk.x[ok]
        if self.fam.S is not None:       # tau -> 0: the fiber has fewer points than the generic member
            ok = ok | (np.asarray(tk.status) == "diverged")
            if not ok.all():             # a path to infinity can end "singular" or "failed" at t = 1: its endgame
                ok[~ok] = runs_to_infinity(self.fam, self.X[~ok], self.p0, p1)
        if X.shape[0]:
            Y = self.full.image(X)
            X = X[np.max(np.abs(Y - y[None, :]), axis=1) <= 1e-7 * _rel(y)]
        return X, bool(ok.all())


class RealFiberSearch:
    """Search of real points in the fibers of real points of M (module doc).

    Parameters
    ----------
    net : Network
    loss : Loss
    dim : int
        dim M (the fibers have dimension n_params - dim).
    rng : numpy Generator
    starts : int
        Random real starts of the local search.
    budget : float, optional
        CPU seconds for the solve of each real slice of the fibers (default :data:`SLICE_FIBER_CPU_SECONDS`);
        ``float("inf")`` for no budget.

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("linear 1-1-1", target=[-3.0])      # y = w2 w1: every real y
    >>> r = RealFiberSearch(net, L, 1, rng).search([-3.0])
    >>> r.status, round(float(r.theta[0] * r.theta[1]), 9), round(abs(float(r.theta[0] / r.theta[1])), 6)
    (True, -3.0, 1.0)
    """

    def __init__(self, net, loss, dim, rng, starts: int = 3, budget: float | None = None):
        self.net, self.loss, self.dim = net, loss, int(dim)
        self.budget = SLICE_FIBER_CPU_SECONDS if budget is None else budget
        self.rng = rng
        self.full = full_family(net, loss, rng)
        self.e = net.n_params - self.dim
        self.starts = starts
        self._slices = None

    def slices(self):
        """The real slices of the fibers, solved once each (all of them: :meth:`_slice` builds them one at a time)."""
        return [self._slice(k) for k in range(len(self._specs()))]

    def slices_left(self) -> int:
        """Real slices of the fibers a search may still have to solve (each once per run, up to :attr:`budget` CPU
        seconds), at most: before the first search that needs them none is drawn (drawing them here would move the
        generator), and a network without finite fibers has one or two (a pinned one when the gauge allows it).

        Examples
        --------
        >>> from algnet.analyses.critical.loss import network_and_loss
        >>> net, L, rng = network_and_loss("linear 2-1-2")
        >>> RealFiberSearch(net, L, 3, rng).slices_left()       # pinned symmetry coordinates, a random real slice
        2
        """
        if self._slices is None:
            return 1 if self.e == 0 else 2
        return len(self._slices) - len(self._built)

    def _specs(self):
        """(A, b, label, generator) of each real slice: pinned symmetry coordinates, then random (drawn once)."""
        if self._slices is None:
            n, e, rng = self.net.n_params, self.e, self.rng
            out = []
            if e == 0:
                out.append((np.zeros((0, n)), np.zeros(0), "no slice"))
            else:
                from algnet.analyses.critical.system import gauge_slice

                pins = gauge_slice(self.net, self.dim, rng)[0]
                if len(pins) == e:
                    b = rng.normal(size=e)
                    out.append((np.eye(n)[list(pins)], np.where(np.abs(b) < 0.5, np.sign(b) * 0.5 + b, b),
                                "pinned symmetry coordinates"))
                out.append((rng.normal(size=(e, n)), rng.normal(size=e), "a random real affine slice"))
            # each slice's own generator, drawn now: a slice built later draws the same numbers
            self._slices = [(A, b, label, np.random.default_rng(int(rng.integers(2**63)))) for A, b, label in out]
            self._built = {}
        return self._slices

    def _slice(self, k):
        """The k-th real slice (:meth:`_specs`) solved (:class:`_SliceFiber`), built at its first use: a search that
        meets a real point on the first slice never pays for the second."""
        specs = self._specs()
        if k not in self._built:
            A, b, label, rng = specs[k]
            self._built[k] = _SliceFiber(self.full, self.dim, A, b, rng, label, budget=self.budget)
        return self._built[k]

    def search(self, y, hint=None) -> RealSearch:
        """A real parameter point with image ``y`` (real, loss coordinates; ``hint``: a complex preimage),
        balanced (of small norm on its fiber, :func:`_balance`)."""
        r = self._search(y, hint)
        if r.status:
            y = np.asarray(y, dtype=np.complex128).real.astype(np.complex128)
            return RealSearch(True, _balance(self.full, y, r.theta), r.note)
        return r

    def _search(self, y, hint=None) -> RealSearch:
        y = np.asarray(y, dtype=np.complex128).real.astype(np.complex128)
        from algnet.analyses.critical.finite_fiber import finite_fiber_decision

        decided = finite_fiber_decision(self, y, hint)     # finite fibers: the orbit of the hint may be all of it
        if decided is not None:
            return decided
        scale = 1.0
        # finite fibers (e = 0): the homotopy below finds every complex preimage; the local searches only
        # shortcut a preimage that is already real (a non-real one is an isolated point: no path to R^n)
        if hint is not None:
            hint = np.asarray(hint, dtype=np.complex128)
            scale = float(np.sqrt(np.mean(np.abs(hint) ** 2))) or 1.0
            real_hint = np.max(np.abs(hint.imag)) <= 1e-6 * _rel(hint)
            th = towards_real(self.full, y, hint) if self.e or real_hint else None
            if th is None and (self.e or real_hint):
                th = _real_newton(self.full, y, hint.real)
            if th is not None:
                return RealSearch(True, th, "Gauss-Newton from the complex preimage")
        for _ in range(self.starts if self.e else 0):
            th = _real_newton(self.full, y, scale * self.rng.normal(size=self.net.n_params))
            if th is not None:
                return RealSearch(True, th, "Gauss-Newton from a random real point")
        complete, stopped = True, []
        for k in range(len(self._specs())):
            sl = self._slice(k)
            X, ok = sl.fiber(y)
            complete &= ok and sl.complete
            if sl.stopped:
                stopped.append(sl.label)
            for x in X:
                if np.max(np.abs(x.imag)) <= 1e-6 * _rel(x):
                    th = _real_newton(self.full, y, x.real)
                    if th is not None:
                        return RealSearch(True, th, f"homotopy on the fiber over {sl.label}")
        if self.e == 0 and complete:
            return RealSearch(False, None, "every complex preimage found (finite fiber, trace test passed, every "
                                           "path tracked) and none is real (numerical)")
        why = ("the fiber is positive-dimensional and none of its real slices met a real point" if self.e else
               "the fiber solve is not complete (trace test or a path failed)")
        if stopped:
            why += (f" (the fiber solve on {' and '.join(stopped)} was stopped at its budget of "
                    f"{self.budget:g} CPU s; the fiber points it had found were tracked)")
        return RealSearch(None, None, f"unknown: {why}")


def certify_real_point(net, loss, theta, u, rng, certify: bool = True):
    """(certified, theta*, Hessian modulo the fiber (dim x dim, real) or None, note) at a real point theta
    near a critical point of L (module doc); uncertified when d mu drops rank there or ``certify`` is False.

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("linear 1-1-1", target=[4.0])        # f = w2 w1 x, l = (w2 w1 - 4)^2
    >>> ok, th, H, _ = certify_real_point(net, L, [2.0, 2.0], L.u, rng)
    >>> ok, round(float(th[0] * th[1]), 12), H.shape
    (True, 4.0, (1, 1))
    """
    theta = np.asarray(theta, dtype=float)
    full = full_family(net, loss, rng)
    _, J = full.first_order(theta[None, :].astype(np.complex128))
    dim, N = _transversal(full, J[0].real, theta)
    if dim == 0:
        return False, theta, None, "d mu vanishes at the real point: not certified"
    fam = GradientFamily(net, loss, (), (), rng, N=N, c0=theta)
    fam.real = all(np.isrealobj(np.asarray(a)) for a in (loss.Z, loss.T, loss.Q)) and np.isrealobj(np.asarray(u))
    x = np.zeros((1, dim), dtype=np.complex128)
    ok, note = False, "not certified (certification off)"
    if certify:
        from algnet.analyses.critical.refine import certify_points as _certify

        c = _certify(fam, x, np.asarray(u, dtype=np.complex128))
        ok = bool(c.real_mask[0])
        if ok:
            x = c.centers[:1]
        note = ("Krawczyk: a unique real critical point of L in a real box on a real slice transversal to the fiber"
                if ok else "Krawczyk test failed on the real slice (a degenerate critical point?)")
    th = (fam.theta(x)[0]).real
    H = fam.evaluate(x, np.asarray(u, dtype=np.complex128))[1][0].real
    return ok, th, H, note


def _transversal(full, J, theta):
    """``(rank of d mu, a real basis (n x rank) of a complement of its kernel)`` at the real point ``theta`` (J = d mu
    there), the rank by the rule of :func:`~.paths._jacobian_ranks`: singular values above 1e-7 of the largest, or
    the same in the coordinates log theta (:func:`~.paths.log_ranks`, blind to how far out on a layer-rescaling orbit
    the point lies), whichever is larger. With the second, the basis is D times the row space of J D (D = diag
    |theta|), a complement of ker J = D ker(J D). At W1 = (t, 0), W2 = (3 / t, 0) of linear 2-1-2 (mu = 3 e1 e1^T,
    rank 3 for every t) the relative rule alone says rank 2 from t = 1e4 on (singular values 3e-4 ... 1e4 / 3), and
    the point would be typed from its image as a rank-drop point."""
    from algnet.analyses.critical.classify import _rank
    from algnet.analyses.critical.paths import log_ranks

    r_rel = _rank(J)
    r_log = int(log_ranks(full, J[None].astype(np.complex128), theta[None, :])[0][0])
    if r_log <= r_rel:
        return r_rel, np.linalg.svd(J)[2][:r_rel].T          # real basis of the row space: transversal to the fiber
    D = np.abs(theta)
    D = np.maximum(D, 1e-300 + 1e-30 * D.max())
    return r_log, D[:, None] * np.linalg.svd(J * D[None, :])[2][:r_log].T

