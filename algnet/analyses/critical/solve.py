"""Critical points of L = l o mu by monodromy in the target, and their classification.

1. The gradient system on a gauge slice (:mod:`.system`) is a family in the
   target u. Any slice point phi is critical for the targets
   u = y(phi) - Q^-1 z with z normal to M at y(phi): random start pairs are
   free. Graph monodromy (:func:`algnet.homotopy.monodromy_solve`) in u,
   from those starts, at a generic complex target u0, collects the critical
   points of the component of the critical incidence that the starts lie on
   (the critical points with a submersive parametrization, which include
   every pure one). The trace test along a line u0 + s v, on a random linear
   function of the images mu(theta), checks completeness: M is a cone for
   networks without biases, so the critical points scale with u at infinity
   and their trace is affine in s exactly when the set is complete.
2. The points are tracked from u0 to the real target (a parameter homotopy),
   refined, and certified by Krawczyk's test in ball arithmetic (unique
   solution in a box; real when the box is conjugation-invariant; pairwise
   disjoint image balls prove distinct points of M).
3. Spurious critical points (where d mu drops rank, never reached from a
   submersive start) are searched on every subnetwork stratum of
   :func:`algnet.analyses.singular.stratum_networks`: the critical points of
   l on the stratum's image (the same monodromy) are lifted to the parent and
   kept when the parent's gradient vanishes there; the nullity of the Hessian
   (modulo the symmetry tangents) gives the dimension of the critical set.

Examples
--------
>>> r = critical_points("linear 2-1-2", loss="frobenius", seed=0)
>>> r.function_space_points, r.pure, r.trace_test_passed
(3, 2, True)
"""

from __future__ import annotations

import secrets
import time

import numpy as np

from algnet.analyses.critical.loss import make_loss
from algnet.analyses.critical.results import CriticalPoint, CriticalResult
from algnet.analyses.critical.system import gradient_family
from algnet.errors import NotApplicableError, ParameterError

__all__ = ["critical_points", "solve_slice"]


def _as_network(net):
    from algnet.analyses.degree import _as_network as conv

    return conv(net)


def _sampler(n):
    def sample(rng, k):
        return (rng.normal(size=(k, n)) + 1j * rng.normal(size=(k, n))) / np.sqrt(2)

    return sample


def default_options():
    """Monodromy options used here: paths capped at 1000 steps and norm 1e6.

    A critical orbit whose pinned coordinate passes near zero has its slice
    representative near infinity; such paths crawl (on dense 2-1-1 r=3, seed 11,
    7 paths ran to the default 5000 steps: 83 s of 85 s). They are given up at
    1000 steps (reported under ``path_failures``); monodromy reaches their
    endpoints along other loops and the trace test still decides completeness.
    200 steps was too few: on conv k=3,2 r=2 (seed 0) paths failed on four trace
    lines in a row and the run stopped at 69 of 79 points (trace test not passed);
    with 1000 it completes (trace test passed, 135 s on a loaded machine).
    """
    from algnet.homotopy.monodromy import MonodromyOptions
    from algnet.homotopy.tracker import TrackerOptions

    return MonodromyOptions(max_loops_no_progress=3, tracker=TrackerOptions(max_steps=1000, divergence_norm=1e6))


def solve_slice(fam, rng, show_progress=False, options=None):
    """Monodromy on the gradient family at a generic complex target.

    Returns ``(MonodromyResult, p0, trace)`` (trace: the last trace test or None).
    """
    from algnet.homotopy.monodromy import MonodromyOptions, monodromy_solve, trace_test

    n = fam.n_vars
    opt = options or default_options()
    phi0 = _sampler(n)(rng, 1)[0]
    p0 = fam.start_parameters(phi0[None, :])[0]
    scale = float(np.sqrt(np.mean(np.abs(p0) ** 2))) or 1.0
    m = fam.n_params
    vc = (rng.normal(size=m) + 1j * rng.normal(size=m)) * scale
    wt = rng.normal(size=m) + 1j * rng.normal(size=m)

    def functional(X):
        return fam.image(X) @ wt

    res = monodromy_solve(fam, phi0, p0, seed=int(rng.integers(2**31)), options=opt, trace_direction=vc,
                          trace_functional=functional, parameter_scale=np.full(m, scale), sampler=_sampler(n),
                          show_progress=show_progress)
    tr = res.trace
    if tr is None and res.solutions.shape[0] and not res.partial:
        tr = trace_test(fam, res.solutions, p0, direction=vc, functional=functional,
                        seed=int(rng.integers(2**31)), options=opt)
    return res, p0, tr


def _solve_at_target(fam, rng, u, show_progress=False, options=None):
    """Monodromy at a generic complex target, then a parameter homotopy to the target u.

    Returns ``(X, paths, loops, failures, trace, partial)``: the successful endpoints at u.
    """
    from algnet.homotopy.monodromy import track_parameters

    res, p0, tr = solve_slice(fam, rng, show_progress=show_progress, options=options)
    paths, loops = res.paths, res.loops
    failures = dict(res.path_failures)
    X = res.solutions
    if X.shape[0]:
        X, k, lost = _to_target(fam, X, p0, u, rng)
        paths += k
        if lost:
            failures["to target: lost"] = lost
    return X, paths, loops, failures, tr, res.partial


def _to_target(fam, X, p0, u, rng, attempts: int = 3):
    """Track X from p0 to u (paths capped at 400 steps); a failed path is tracked again from p0
    through a random complex target (another route; default tracker, up to 5000 steps).
    Returns (endpoints, paths, lost). On dense 2-1-1 r=3 (seed 0) one path crawled for 5000 steps
    on the straight segment (20 s) and took a few hundred through a random intermediate target."""
    from algnet.homotopy.monodromy import track_parameters
    from algnet.homotopy.tracker import TrackerOptions

    tk = track_parameters(fam, X, p0, u, TrackerOptions(max_steps=400))
    paths = X.shape[0]
    out = [tk.x[tk.success]]
    todo = X[~tk.success]
    scale = float(np.sqrt(np.mean(np.abs(p0) ** 2))) or 1.0
    for _ in range(attempts):
        if not todo.shape[0]:
            break
        pm = p0 + scale * (rng.normal(size=p0.shape) + 1j * rng.normal(size=p0.shape))
        a = track_parameters(fam, todo, p0, pm)
        b = track_parameters(fam, a.x, pm, u)
        paths += 2 * todo.shape[0]
        ok = a.success & b.success
        out.append(b.x[ok])
        todo = todo[~ok]
    return np.concatenate(out), paths, int(todo.shape[0])


def _rank(J, rel=1e-7):
    s = np.linalg.svd(J, compute_uv=False)
    if s.size == 0 or s[0] == 0:
        return 0
    return int(np.sum(s > rel * s[0]))


def _signature(H, rel=1e-11):
    """((positive, negative, zero), kind) of a real symmetric matrix.

    The inertia is that of D H D with D = diag(|H_ii|^-1/2) (Sylvester's law: a congruence
    keeps it), which removes the bad scaling of a gauge representative far out on its orbit
    before small eigenvalues are called zero. The Hessians here are accurate to about 1e-12
    relative (exact Cauchy formulas, rounding only; checked against finite differences), so
    eigenvalues below 1e-11 of the largest are called zero.
    """
    H = 0.5 * (H + H.T)
    d = np.sqrt(np.abs(np.diag(H)))
    d = np.where(d > 1e-150 * (1 + np.max(d, initial=0.0)), 1.0 / np.where(d > 0, d, 1.0), 1.0)
    ev = np.linalg.eigvalsh(H * d[:, None] * d[None, :])
    tol = rel * max(1e-300, float(np.max(np.abs(ev))) if ev.size else 1.0)
    pos, neg = int(np.sum(ev > tol)), int(np.sum(ev < -tol))
    zero = len(ev) - pos - neg
    if zero:
        kind = "degenerate"
    elif neg == 0:
        kind = "minimum"
    elif pos == 0:
        kind = "maximum"
    else:
        kind = "saddle"
    return (pos, neg, zero), kind


def classify_points(fam, X, u, dim, cert=None, source="monodromy", stratum="smooth (top stratum)"):
    """CriticalPoint records for slice points X at the real target u."""
    from algnet.core.backends import Complex

    out = []
    if X.shape[0] == 0:
        return out
    _, H = fam.evaluate(X, u)
    y = fam.image(X)
    Th = fam.theta(X)
    Jfull = fam.net.jacobian  # full-rank test uses every parameter
    for i in range(X.shape[0]):
        J = np.asarray(Jfull(Th[i], fam.loss.Z, backend=Complex()), dtype=np.complex128)
        rank = _rank(fam.T @ J)
        scale = 1.0 + float(np.max(np.abs(Th[i])))
        if cert is not None and cert.mask[i]:
            real = bool(cert.real_mask[i]) or bool(np.max(np.abs(Th[i].imag)) <= 1e-8 * scale)
        else:
            real = bool(np.max(np.abs(Th[i].imag)) <= 1e-8 * scale)
        loss = sig = None
        kind = "complex"
        if real:
            loss = float(fam.loss.value(y[i].real[None, :], u)[0])
            sig, kind = _signature(H[i].real)
        pure = rank == dim
        out.append(CriticalPoint(tuple(complex(t) for t in Th[i]), tuple(complex(t) for t in y[i]), rank, pure,
                                 real, bool(cert is not None and cert.mask[i]), loss, sig, kind,
                                 stratum if pure else f"{stratum} [rank {rank} < {dim}]", 0, source))
    return out


def _distinct(images, tol=1e-6):
    """Number of distinct rows up to a relative tolerance."""
    reps = []
    for y in images:
        y = np.asarray(y)
        s = tol * (1 + np.max(np.abs(y)))
        if not any(np.max(np.abs(y - r)) <= s for r in reps):
            reps.append(y)
    return len(reps)


def critical_points(net, loss="generic", target=None, seed=None, certify: bool = True, spurious: bool = True,
                    show_progress: bool = False, options=None) -> CriticalResult:
    """All complex critical points of L = l o mu, modulo the known symmetries, classified.

    Parameters
    ----------
    net : Network or str
    loss : {"generic", "frobenius"}, tuple (X, Y) of data, or array Q
        See :mod:`algnet.analyses.critical.loss`.
    target : array, optional
        The target u in function-space coordinates (random normal from the
        seed when omitted; ignored for data).
    seed : int, optional
        Seeds every random choice (drawn and recorded when omitted).
    certify : bool
        Krawczyk certification of the isolated points (ball arithmetic).
    spurious : bool
        Also search the subnetwork strata for spurious critical points.
    show_progress : bool
    options : MonodromyOptions, optional

    Returns
    -------
    CriticalResult
        Ctrl-C returns the points found so far, ``partial`` (counts are lower bounds).

    Raises
    ------
    NotApplicableError
        Networks that are not polynomial maps, or with a zero-dimensional neuromanifold.
    ParameterError
        Bad loss, data or target.

    Examples
    --------
    >>> r = critical_points("linear 2-1-2", loss="generic", seed=1)
    >>> r.pure, r.certified_distinct >= r.pure
    (6, True)
    """
    from algnet.analyses.degree import _dimension

    t0 = time.perf_counter()
    net = _as_network(net)
    if not getattr(net, "polynomial", True):
        raise NotApplicableError(f"{net.spec}: not a polynomial network", hint="critical points need a polynomial map")
    seed = secrets.randbits(31) if seed is None else int(seed)
    rng = np.random.default_rng(seed)
    L = make_loss(net, loss, target, rng)
    dim = _dimension(net, seed)
    if dim == 0:
        raise NotApplicableError(f"{net.spec}: the neuromanifold is a point", hint="every parameter is critical")
    fam = gradient_family(net, L, rng, dim)
    partial = False
    failures: dict = {}
    paths = loops = 0
    tr = None
    points: list = []
    cert = None
    try:
        X, paths, loops, failures, tr, partial = _solve_at_target(fam, rng, L.u, show_progress, options)
        if certify and X.shape[0]:
            from algnet.homotopy.certify import certify as _certify

            cert = _certify(fam, X, L.u, key_ball=fam.image_ball, show_progress=show_progress)
            X = cert.centers
        points = classify_points(fam, X, L.u, dim, cert)
        if spurious and not partial:
            from algnet.analyses.critical.spurious import spurious_points

            points += spurious_points(net, L, dim, rng, show_progress=show_progress)
    except KeyboardInterrupt:
        partial = True
    iso = [p for p in points if p.dimension == 0]
    pos = [p for p in points if p.dimension > 0]
    real = [p for p in points if p.real]
    kinds = [p.kind for p in iso if p.real]
    completeness = ("trace test passed" if tr is not None and tr.passed else
                    "trace test NOT passed" if tr is not None else "no trace test")
    method = ("monodromy in the target on the gradient of the loss along a gauge slice "
              f"({fam.gauge_note}); Cauchy-formula Hessians from the straight-line program; "
              "Krawczyk certification" + ("; subnetwork strata searched for spurious points" if spurious else ""))
    return CriticalResult(
        spec=net.spec, loss=L.kind, critical_points=len(iso), function_space_points=_distinct([p.image for p in points]),
        pure=sum(p.pure for p in points), spurious=sum(not p.pure for p in points), real=len(real),
        minima=kinds.count("minimum"), saddles=kinds.count("saddle"), maxima=kinds.count("maximum"),
        degenerate=kinds.count("degenerate"), positive_dimensional=tuple(p.dimension for p in pos),
        certified=0 if cert is None else cert.certified, certified_distinct=0 if cert is None else cert.distinct,
        certified_real=0 if cert is None else cert.real, method=method, completeness=completeness,
        trace_test_residual=None if tr is None else tr.residual, trace_test_passed=None if tr is None else tr.passed,
        paths=int(paths), loops=int(loops), path_failures=failures, dimension=int(dim), gauge=fam.gauge_note,
        seed=seed, seconds=time.perf_counter() - t0, partial=partial, points=tuple(points), target=L.u)
