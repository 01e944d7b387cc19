"""Classification of critical points: rank, realness, Hessian signature, positive-dimensional sets, strata.

``classify_points`` turns slice points at the target into :class:`~.results.CriticalPoint`
records: the rank of d mu and pure or spurious (:mod:`.purity`), realness of the image, the loss value and the type
(for pure real points the Hessian of l on M in a real basis of the tangent space,
:func:`real_tangent_hessian`), the local dimension of the critical set where the Hessian is
singular (:mod:`.posdim`); ``merge_components`` reports each positive-dimensional set once;
``locate_points`` puts real and spurious points on the strata of ``algnet singular``
(:mod:`.locate`).

Examples
--------
>>> import numpy as np
>>> _signature(np.diag([2.0, -1.0, 3.0]))
((2, 1, 0), 'saddle')
"""

from __future__ import annotations

import numpy as np

from algnet.analyses.critical.results import CriticalPoint

__all__ = ["classify_points", "merge_components", "locate_points", "real_tangent_hessian", "ill_conditioned",
           "zero_of_nonnegative_loss",
           "ILL_CONDITION"]

#: Condition number of the Hessian along the slice above which an uncertified isolated critical point is
#: called ill-conditioned: where :func:`~.posdim.hessian_corank` (singular values below 1e-7 of the
#: largest) no longer sees full rank. Such points sit near a positive-dimensional critical set of a
#: nearby target (two nearly equal singular values of a linear network's target): float64 tracking ends
#: anywhere along the nearly critical curve (linear 2-1-2, target diag(1, 1 + 2^-36), seeds 0-3: condition
#: numbers 2e11-1.5e13, complex images far from both Eckart-Young points), so their images are not
#: reliable.
ILL_CONDITION = 1e7

#: Relative least singular value of the Hessian along the slice below which a point's local dimension is
#: computed (:func:`~.posdim.critical_set_dimension`, after a Gauss-Newton projection onto the critical set).
POSDIM_TRIGGER = 1e-4
#: Largest relative move of that projection for the point to count as on the critical set (see _on_critical_set).
POSDIM_MOVE = 1e-5


def ill_conditioned(fam, X, u, certified=None, isolated=None, limit: float = ILL_CONDITION) -> np.ndarray:
    """Mask of the rows of X (slice points at the target u) whose Hessian along the slice has a condition
    number above ``limit``, among those not ``certified`` and ``isolated`` (masks; all rows when None) and where
    d mu has full rank along the slice (elsewhere the slice Hessian is singular by construction).

    Examples
    --------
    >>> from algnet.analyses.critical.refine import ill_conditioned_example
    >>> fam, x = ill_conditioned_example(2.0 ** -30)         # condition number about 2e10
    >>> ill_conditioned(fam, x, fam.loss.u).tolist(), ill_conditioned(fam, x, fam.loss.u, certified=[True]).tolist()
    ([True], [False])
    """
    X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
    out = np.zeros(X.shape[0], dtype=bool)
    if not X.shape[0]:
        return out
    with np.errstate(all="ignore"):
        _, H = fam.evaluate(X, u)
        cond = np.linalg.cond(H)
    out = ~np.isfinite(cond) | (cond > limit)
    if out.any():
        # where d mu drops rank along the slice, the slice meets the fiber over the image in a positive-dimensional
        # set, and the slice Hessian is singular by construction (at a zero of the loss H = J^T Q J): no sign of an
        # ill-conditioned target (linear 2-1-2 at the target 0: the paths end on {a = 0} and on {c = 0, a^T a = 0},
        # cond 3e16 and 9e8, which a condition test alone would flag "ill-conditioned"); those points are judged by
        # the rank drop
        from algnet.analyses.critical.paths import _jacobian_ranks

        idx = np.nonzero(out)[0]
        r_slice = _jacobian_ranks(fam, fam.theta(X[idx]))[1]
        out[idx] = np.asarray(r_slice) == fam.first_order(X[idx[:1]])[1].shape[2]
    if certified is not None:
        out &= ~np.asarray(certified, dtype=bool)
    if isolated is not None:
        out &= np.asarray(isolated, dtype=bool)
    return out


def _rank(J, rel=1e-7):
    s = np.linalg.svd(J, compute_uv=False)
    if s.size == 0 or s[0] == 0:
        return 0
    return int(np.sum(s > rel * s[0]))


def _signature(H, rel=1e-11, atol: float = 0.0, shift: float = 0.0):
    """((positive, negative, zero), kind) of a real symmetric matrix: a saddle as soon as it has eigenvalues of
    both signs, degenerate when it has a zero eigenvalue and no two signs.

    The inertia is that of D H D with D = diag(|H_ii|^-1/2) (Sylvester's law: a congruence
    keeps it), which removes the bad scaling of a gauge representative far out on its orbit
    before small eigenvalues are called zero. The Hessians here are accurate to about 1e-12
    relative (exact Cauchy formulas, rounding only; checked against finite differences), so
    eigenvalues below 1e-11 of the largest are called zero.

    ``atol``: entries of H at most this are rounding (:func:`zero_hessian_level`). ``shift``: how far the
    eigenvalues of H can be from those at the critical point itself (:func:`point_shift`): eigenvalues of H within
    it are zero. Without it, linear 3-2-2-3 (Frobenius, seed 0): the Hessians of its spurious rank-one points modulo
    the symmetry tangents were called (4, 3, 2), (5, 2, 2) and (6, 1, 2), more positive and negative eigenvalues
    than the full Hessian has ((3, 2, 11), (4, 1, 11), (5, 0, 11); finite differences agree), which no restriction
    to a subspace can have (Cauchy interlacing). Relative to its own largest
    eigenvalue alone, a Hessian that vanishes (theta = 0 of dense 2-1-1 r=3, where mu has degree 4: every entry
    1e-17) had rounding noise of both signs, scaled up by D, and was called a saddle (1, 1, 1); finite differences
    and the hand computation give the zero matrix: degenerate.

    Examples
    --------
    >>> _signature(np.array([[1e-17, -2e-17], [-2e-17, -1e-17]]), atol=1e-12)
    ((0, 0, 2), 'degenerate')
    """
    H = 0.5 * (H + H.T)
    if H.size and float(np.max(np.abs(H))) <= atol:
        return (0, 0, H.shape[0]), "degenerate"
    d = np.sqrt(np.abs(np.diag(H)))
    d = np.where(d > 1e-150 * (1 + np.max(d, initial=0.0)), 1.0 / np.where(d > 0, d, 1.0), 1.0)
    ev = np.linalg.eigvalsh(H * d[:, None] * d[None, :])
    tol = rel * max(1e-300, float(np.max(np.abs(ev))) if ev.size else 1.0)
    live = np.abs(ev) > tol
    if shift > 0:
        # Ostrowski: the k-th smallest eigenvalue of D H D is the k-th of H times a positive factor, so the k-th of H
        # within ``shift`` of zero makes the k-th of D H D zero too
        live &= np.abs(np.linalg.eigvalsh(H)) > shift
    pos, neg = int(np.sum(live & (ev > 0))), int(np.sum(live & (ev < 0)))
    zero = len(ev) - pos - neg
    if pos and neg:       # the second-order test decides a saddle whatever the zero eigenvalues (a spurious point
        kind = "saddle"   # of linear 3-2-3 with inertia (2, 2, 5) was called degenerate: Kawaguchi 2016, a saddle)
    elif zero:
        kind = "degenerate"
    elif neg == 0:
        kind = "minimum"
    elif pos == 0:
        kind = "maximum"
    else:
        kind = "saddle"
    return (pos, neg, zero), kind


def point_shift(grad, H) -> float:
    """How far the eigenvalues of the Hessian ``H`` taken at a point with gradient ``grad`` can be from those at the
    critical point it approximates: 100 sqrt(|grad| |H|) (max norms). Where the critical point is degenerate, Newton
    leaves a distance delta ~ sqrt(|grad| / |H|) along the kernel, and the kernel's eigenvalues move by about
    |H| delta; at a spurious rank-one point of linear 3-2-2-3 (|grad| 2e-15 to 5e-14) they were +-1e-6, and a
    relative tolerance of 1e-11 called them a pair of signs (finite differences: zero).

    Examples
    --------
    >>> round(point_shift(np.array([1e-14]), np.array([[4.0]])), 12)
    2e-05
    """
    g, h = float(np.max(np.abs(grad), initial=0.0)), float(np.max(np.abs(H), initial=0.0))
    return 100.0 * float(np.sqrt(g * h))


def zero_hessian_level(loss_value) -> float:
    """The size below which every entry of a Hessian of L at a point of loss ``loss_value`` is rounding: 1e-12 (1 +
    |l|) (the Hessians are accurate to about 1e-12 relative to the loss's terms; :func:`_signature`).

    Examples
    --------
    >>> zero_hessian_level(1.0)
    2e-12
    """
    return 1e-12 * (1.0 + abs(float(loss_value)))


def real_tangent_hessian(H, Jf, rel=1e-7):
    """The Hessian of l restricted to M at a real smooth critical image, in a real basis of T_y M.

    ``H`` (k x k) is the Hessian of L along a slice through a preimage theta (complex in general)
    and ``Jf`` (m x k) the Jacobian of the image along the slice, of rank k (a slice transversal to
    the fiber; rank = dim M). At a critical point w = Q (y - u) annihilates T_y M, so
    H(a, a) = (J a)^T Q (J a) + w^T d^2 y(a, a) depends only on the tangent vector t = J a: it is the
    intrinsic Hessian of l on M. T_y M is conjugation invariant (M and y real), so it has a real
    orthonormal basis R (m x k); with J A = R the matrix A^T H A is that Hessian in a real basis:
    real symmetric, its inertia is the signature of L modulo the fiber directions at any real
    preimage (Sylvester). Returns (matrix, relative imaginary part).

    Examples
    --------
    >>> import numpy as np
    >>> Jf = np.array([[1j], [0.0]]); H = np.array([[-2.0 + 0j]])      # t = J a = i a: H(t, t) = 2
    >>> M, err = real_tangent_hessian(H, Jf)
    >>> M.round(12).tolist(), err < 1e-12
    ([[2.0]], True)
    """
    k = Jf.shape[1]
    U, sv, _ = np.linalg.svd(np.concatenate([Jf.real, Jf.imag], axis=1), full_matrices=False)
    R = U[:, :k]
    A = np.linalg.lstsq(Jf, R.astype(np.complex128), rcond=None)[0]
    Hr = A.T @ H @ A
    Hr = 0.5 * (Hr + Hr.T)
    err = float(np.max(np.abs(Hr.imag)) / max(1e-300, float(np.max(np.abs(Hr)))))
    return Hr.real, err


def _is_real(y, rel=1e-8):
    y = np.asarray(y)
    return bool(np.max(np.abs(y.imag)) <= rel * (1 + np.max(np.abs(y))))


def _sub_rng(fam):
    """A generator drawn from the slice of ``fam`` (itself drawn from the run's seed): reproducible."""
    import zlib

    return np.random.default_rng(zlib.crc32(np.ascontiguousarray(fam.c0).tobytes() + fam.N.tobytes()))


def _on_critical_set(fam, x, H, u) -> bool:
    """Whether the local dimension of the critical set at the slice point x is to be computed: the Hessian H
    along the slice is singular (least singular value below 1e-7 of the largest), or nearly so (below
    :data:`POSDIM_TRIGGER`) and a Gauss-Newton projection onto the critical set moves x by less than
    :data:`POSDIM_MOVE` (relative) -- an endpoint on a positive-dimensional set is a singular endpoint, known
    to 1e-7 or so, whose Hessian can stay above the 1e-7 threshold (linear 2-1-2, Frobenius target I, seed 2:
    2.3e-7, counted as an isolated point; the projection moved it 8.5e-7). Near a tie (diag(1, 1 + 2^-36),
    numerically a curve) the isolated points' projections slide along the nearly critical curve (3.5e-4 to 0.57,
    seeds 0-1): they stay isolated, and the target is reported ill-conditioned. A point Krawczyk's test
    certified is an isolated regular zero and is not tested (the caller)."""
    from algnet.analyses.critical.posdim import project

    sv = np.linalg.svd(H, compute_uv=False)       # one decomposition for both thresholds (hessian_corank's rule)
    if sv.size == 0:
        return False
    least = sv[-1] / max(1e-300, sv[0])
    if least <= 1e-7:
        return True
    if least > POSDIM_TRIGGER:
        return False
    z, ok = project(fam, x, u)
    return bool(ok) and float(np.max(np.abs(z - x))) <= POSDIM_MOVE * max(1.0, float(np.max(np.abs(x))))


def classify_points(fam, X, u, dim, cert=None, source="monodromy", stratum="smooth (top stratum)", rng=None,
                    smoothness: bool = False, show_progress: bool = False, into: list | None = None):
    """CriticalPoint records for slice points X at the real target u.

    Pure or spurious: where d mu drops rank, the test of :mod:`.purity`; where it has full rank, the image is a
    smooth point of M when the target was drawn at random (``smoothness`` False: probability one,
    :data:`~.multiplicity.GENERIC_TARGET`), else (a target or data given) the multiplicity of M at the image
    decides (:mod:`.multiplicity`: a full-rank point at a node of M is not pure). ``purity_note`` says which.

    A point is real when its image mu(theta) is (the slice point itself is complex on a random
    slice). For each real image a real parameter point is searched (:mod:`.realfiber`); when one is
    found, ``theta`` is that point, certified by Krawczyk's test when ``cert`` is given (the
    certification ran), and the type is the signature of the Hessian of L there modulo the fiber
    (on a real slice transversal to it). Otherwise the type of a pure point is read off the Hessian
    of l on M at the image (:func:`real_tangent_hessian`), and an image that no real weights reach
    has the type "no real parameters"; when the search is inconclusive the type is "real parameters
    unknown" (the signature, if given, is that of l on M at the image). A point certified on its own chart
    (:func:`~.rebalance.chart_certify`: its slice representative far out on the layer rescaling orbit) is
    reported at that chart's certified centre (a parameter vector with the same image), not at the far-out one.

    ``show_progress``: a progress bar over the points (its total is the number of rows of X). ``into``: a list the
    records are appended to as each point is classified (the one returned), so that a caller stopped by Ctrl-C or a
    time limit keeps the points classified so far, in the order of the rows of X.

    Examples
    --------
    Rank-one approximations of diag(3, 1) (Eckart-Young: a minimum at squared distance 1, a saddle at 9):

    >>> from algnet.analyses.critical.paths import example_points
    >>> fam, X, u = example_points("linear 2-1-2", target=[3.0, 0.0, 0.0, 1.0])
    >>> sorted((p.kind, round(p.loss, 9), p.pure) for p in classify_points(fam, X, u, 3))
    [('minimum', 1.0, True), ('saddle', 9.0, True)]
    """
    out = [] if into is None else into
    if X.shape[0] == 0:
        return out
    bar = _bar(X.shape[0], show_progress)
    try:
        _classify_rows(fam, X, u, dim, cert, source, stratum, rng, smoothness, out, bar)
    finally:
        if bar is not None:
            bar.close()
    return out


def _higher_order_note(fam, theta, u, sig, rng):
    """The evidence that the real critical point theta, degenerate to the second order modulo the symmetries, is a
    saddle (:func:`~.higher_order.higher_order_saddle`), or None."""
    from algnet.analyses.critical.higher_order import higher_order_saddle
    from algnet.analyses.critical.spurious import _orth_complement, _sym_tangents
    from algnet.analyses.critical.system import GradientFamily

    C = _orth_complement(_sym_tangents(fam.net, theta), fam.net.n_params)
    return higher_order_saddle(GradientFamily(fam.net, fam.loss, (), [], rng), theta, u, C=C, signature=sig)


def _bar(total, show_progress):
    """A tqdm bar over ``total`` points (None without ``show_progress``)."""
    if not show_progress:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=int(total), desc="classify", unit="point", leave=False)


def _classify_rows(fam, X, u, dim, cert, source, stratum, rng, smoothness, out, bar):
    """The loop of :func:`classify_points`: one record appended to ``out`` per row of X, ``bar`` advanced."""
    from algnet.analyses.critical.paths import _jacobian_ranks

    rng = _sub_rng(fam) if rng is None else rng
    search = None
    _, H = fam.evaluate(X, u)
    y, Jf = fam.first_order(X)
    Th = fam.theta(X)
    from algnet.analyses.critical.rebalance import charted_of

    charted = charted_of(cert)
    for i, (theta, _, _) in charted.items():     # certified on its own chart: that certified centre
        Th[i] = theta
    from algnet.analyses.critical.multiplicity import SmoothnessJudge

    # the multiplicity of M at an image (a witness set built on the first question): for full-rank points where the
    # target is the user's, for rank-drop points that the branch test calls pure (:func:`~.purity.judged_rank_drop`)
    judge = SmoothnessJudge(fam, dim)
    from algnet.analyses.critical.posdim import critical_set_dimension, real_point

    for i in range(X.shape[0]):
        ldim = 0
        if not (cert is not None and bool(cert.mask[i])) and _on_critical_set(fam, X[i], H[i], u):
            ldim = critical_set_dimension(fam, X[i], u)[0]
            if ldim and not _is_real(y[i]):
                # a positive-dimensional set: represented by one of its real points when it has one
                z = real_point(fam, X[i], u)
                if z is not None:
                    Th[i] = fam.theta(z[None, :])[0]
                    y[i] = fam.image(z[None, :])[0]
        r_all, r_slice = _jacobian_ranks(fam, Th[i][None, :])
        rank, slice_full = int(r_all[0]), int(r_slice[0]) == Jf.shape[2]     # the one rank rule (log theta too)
        if i in charted and rank == dim:
            # the rank of d mu is the same on the whole rescaling orbit; a charted centre can sit at a scale where
            # the relative rule sees noise (linear 2-1-2, target 0, seed 1: a point of the fiber over 0 certified
            # on its chart at |theta| ~ 3e-8 read rank 3 there, 2 at its slice point): a drop at the slice point
            # (itself confirmed in log theta) decides
            rank = min(rank, int(_jacobian_ranks(fam, fam.theta(X[i:i + 1]))[0][0]))
        pure, pnote = _purity(fam, Th[i], y[i], u, rank, dim, judge, smoothness)
        real = _is_real(y[i])
        loss = sig = None
        kind = "complex"
        rp, rcert, rnote = False, False, "the image is not real"
        if real:
            loss = float(fam.loss.value(y[i].real[None, :], u)[0])
            if search is None:
                from algnet.analyses.critical.realfiber import RealFiberSearch

                search = RealFiberSearch(fam.net, fam.loss, dim, rng)
            if bar is not None:     # the search can solve real slices of the fibers (minutes on a loaded machine)
                bar.set_postfix_str(_search_note(search, sum(p.real for p in out) + 1), refresh=True)
            found = search.search(y[i], hint=Th[i])
            rp, rnote = found.status, found.note
            H_real = None
            if found.status:
                # no certificate on a positive-dimensional set (its Hessian is singular: Krawczyk cannot pass)
                rcert, th, H_real, cnote = _at_real_point(fam, found.theta, u, dim, rng, cert is not None and not ldim)
                Th[i] = th
                rnote += "; " + cnote
            if found.status is False:
                kind = "no real parameters"
            elif found.status is None:
                kind = "real parameters unknown"          # no parameter point to take the type at
                if pure and not ldim and slice_full:
                    sig = _signature(real_tangent_hessian(H[i], Jf[i])[0], atol=zero_hessian_level(loss))[0]  # l on M
            elif ldim:
                kind = "degenerate"
            elif H_real is not None:
                sig, kind = _signature(H_real, atol=zero_hessian_level(loss))
            elif pure and slice_full:
                sig, kind = _signature(real_tangent_hessian(H[i], Jf[i])[0], atol=zero_hessian_level(loss))
            elif _is_real(Th[i]):
                sig, kind = _signature(H[i].real, atol=zero_hessian_level(loss))
            else:
                kind = "degenerate"
            if kind == "degenerate" and found.status:
                note = _higher_order_note(fam, Th[i], u, sig, rng)
                if note:
                    kind, rnote = "saddle", rnote + "; " + note
            if kind == "degenerate" and found.status and zero_of_nonnegative_loss(fam.loss, loss, u):
                kind = "degenerate minimum"
        out.append(CriticalPoint(tuple(complex(t) for t in Th[i]), tuple(complex(t) for t in y[i]), rank, pure,
                                 real, bool(cert is not None and cert.mask[i]), loss, sig, kind,
                                 (stratum if pure else f"{stratum} [singular image]") if rank == dim
                                 else f"{stratum} [rank {rank} < {dim}]", int(ldim), source,
                                 rp, bool(rcert), rnote, pnote, int(ldim)))
        if bar is not None:
            bar.update(1)
            if real:
                bar.set_postfix(real=sum(p.real for p in out), refresh=False)


def _search_note(search, k: int) -> str:
    """What the progress bar says while the real weights behind the ``k``-th real image are searched: the search
    may solve real slices of the fibers (:class:`~.realfiber.RealFiberSearch`, each up to its CPU budget, once per
    run), which is the wait on networks with positive-dimensional fibers.

    Examples
    --------
    >>> class S:
    ...     budget, e = 30.0, 4
    ...     def slices_left(self):
    ...         return 2
    >>> note = _search_note(S(), 3)
    >>> note[:38], "at most 2 left, up to 30 CPU s each" in note
    ('real image 3: searching real weights (', True)
    """
    left = search.slices_left()
    if not left:
        return f"real image {k}: searching real weights (on the real slices of the fibers solved before)"
    return (f"real image {k}: searching real weights (a real slice of the fibers may be solved: at most {left} "
            f"left, up to {search.budget:g} CPU s each)")


def zero_of_nonnegative_loss(L, value, u, rel: float = 1e-12) -> bool:
    """Whether a critical value ``value`` of the loss ``L`` at the real target ``u`` is its global minimum 0: the
    form Q is positive semidefinite (l >= 0 at every real point) and |value| <= ``rel`` max(1, l(0)). Such a point
    is a minimum whatever its Hessian says (a degenerate minimum when the Hessian is singular: linear 2-1-2 at
    the target 0, theta = 0, where the Hessian vanishes).

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> _, L, _ = network_and_loss("linear 2-1-2", loss="frobenius", target=[0.0] * 4)
    >>> zero_of_nonnegative_loss(L, 0.0, L.u), zero_of_nonnegative_loss(L, 0.5, L.u)
    (True, False)
    """
    if value is None:
        return False
    Q = np.asarray(L.Q, dtype=float)
    ev = np.linalg.eigvalsh(0.5 * (Q + Q.T))
    if ev.size == 0 or ev.min() < -1e-12 * max(1e-300, float(np.abs(ev).max())):
        return False
    # complex() not float(): a real target held in a complex array gives values with imaginary part 0 (float()
    # warned and dropped it); a value with an imaginary part is not a zero
    l0 = complex(L.value(np.zeros((1, Q.shape[0])), u)[0])
    return abs(complex(value)) <= rel * max(1.0, abs(l0))


def _purity(fam, theta, y, u, rank, dim, judge, smoothness=True):
    """(pure, note) of a critical point: the rank drop's test (with the multiplicity where it says pure), or full rank
    and a smooth image (the multiplicity where ``smoothness``: a target or data given; classify_points)."""
    from algnet.analyses.critical.multiplicity import GENERIC_TARGET

    if rank != dim:
        return _rank_drop_pure(fam, theta, u, dim, judge)
    if judge is None or not smoothness:
        return True, GENERIC_TARGET
    verdict = judge(y)
    if verdict.smooth is False:
        return False, "not pure although d mu has full rank: the image is a singular point of M; " + verdict.note
    if verdict.smooth is None:
        return True, "pure by the rank of d mu alone (full rank); " + verdict.note
    return True, "pure: d mu has full rank and the image is a smooth point of M; " + verdict.note


def _rank_drop_pure(fam, theta, u, dim, judge=None) -> tuple:
    """(pure, note): a point where d mu drops rank is pure when its image is a smooth point of M critical on M
    (:func:`~.purity.judged_rank_drop`)."""
    from algnet.analyses.critical.purity import judged_rank_drop
    from algnet.analyses.critical.system import GradientFamily

    return judged_rank_drop(GradientFamily(fam.net, fam.loss, (), [], _sub_rng(fam)), theta, u, dim, judge)


def _at_real_point(fam, theta, u, dim, rng, certify):
    """(certified, theta, Hessian modulo the fiber or None, note) at a real parameter point; the Hessian
    only where d mu has full rank (a real slice transversal to the fiber exists)."""
    from algnet.analyses.critical.realfiber import certify_real_point

    ok, th, H, note = certify_real_point(fam.net, fam.loss, theta, u, rng, certify=certify)
    if H is None or H.shape[0] != dim:
        return False, np.asarray(theta, dtype=float), None, "d mu drops rank at the real point: type from the image"
    return ok, th, H, note


def _other_zero_pattern(p, q) -> bool:
    """Whether p and q are sets found on two different zero patterns (:mod:`.zero_patterns`), or two different kinds of
    set of merged or dead neurons (:func:`~.merged_sets.is_neuron_set`): distinct sets, whose generic points have
    different zero entries or different equal neurons, even with one value and dimension (conv k=2,2,2 s=2,2,1 r=1:
    a = b = 0, a = c = 0, b = c = 0, each a critical set of dimension 1 modulo the rescalings, all of value |U|^2;
    dense 2-2-1 act=0,1,1: over one image the set w1 = w2 and the set a2 = 0, Macaulay2's minimal primes)."""
    from algnet.analyses.critical.merged_sets import is_neuron_set
    from algnet.analyses.critical.zero_patterns import is_zero_pattern

    def labelled(x):
        return is_zero_pattern(x.source) or is_neuron_set(x.source)

    return labelled(p) and labelled(q) and p.source != q.source


def merge_components(points, u_loss):
    """One record per positive-dimensional critical set: points of equal local dimension and equal
    critical value (l is constant on a connected set of critical points) are merged; two different
    sets with the same value and dimension would be merged too (the count of sets is then a lower
    bound), except sets found on different zero patterns (:func:`_other_zero_pattern`). Isolated points are kept: one
    that shares the image of a set is dropped only where it is shown on the set, by the search that has the loss
    (:func:`~.merged_sets.without_points_on_sets`), never for the shared image alone.

    Examples
    --------
    Three points of the one critical curve for the target I (the projections x x^T, x^T x = 1, all at
    squared distance 1; Gauss-Newton can also end at an isolated complex critical point: those of trace
    other than 1 are left out) become one record:

    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.posdim import project
    >>> from algnet.analyses.critical.system import gradient_family
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[1.0, 0.0, 0.0, 1.0])
    >>> fam = gradient_family(net, L, rng)
    >>> Z = [project(fam, rng.normal(size=3) + 0j, L.u)[0] for _ in range(8)]
    >>> X = np.array([z for z in Z if np.isclose(fam.image(z[None, :])[0][[0, 3]].sum(), 1)][:3])
    >>> pts = classify_points(fam, X, L.u, 3)
    >>> [p.dimension for p in pts], [p.dimension for p in merge_components(pts, lambda y: L.value(y[None, :])[0])]
    ([1, 1, 1], [1])
    """
    out, seen = [], []
    for p in points:
        if p.dimension == 0:
            out.append(p)
            continue
        v = complex(u_loss(np.array(p.image)))
        same = [k for k, (d, w, j) in enumerate(seen) if d == p.dimension and abs(v - w) <= 1e-7 * (1 + abs(w))
                and not _other_zero_pattern(p, out[j])]
        if same:
            k = seen[same[0]][2]
            if p.real and not out[k].real:          # represented by a real point when one was found
                out[k] = p
            continue
        seen.append((p.dimension, v, len(out)))
        out.append(p)
    return out


def locate_points(net, L, points, seed):
    """The stratum (from ``algnet singular``) of each real or spurious point: (points, note).

    Examples
    --------
    On 2 x 2 matrices of rank <= 1 the two Eckart-Young points of diag(3, 1) have rank one (smooth):

    >>> from algnet.analyses.critical.paths import example_points
    >>> fam, X, u = example_points("linear 2-1-2", target=[3.0, 0.0, 0.0, 1.0])
    >>> [p.stratum for p in locate_points(fam.net, fam.loss, classify_points(fam, X, u, 3), 0)[0]]
    ['widths 2-1-2 (smooth)', 'widths 2-1-2 (smooth)']
    """
    from dataclasses import replace

    from algnet.analyses.critical.locate import StratumLocator
    from algnet.errors import AlgnetError

    todo = [i for i, p in enumerate(points) if p.real or not p.pure]
    if not todo:
        return points, "strata: no real or spurious point to locate"
    try:
        loc = StratumLocator(net, L, seed=seed)
    except AlgnetError as e:
        return points, f"strata not located ({type(e).__name__}: {e})"
    out = list(points)
    for i in todo:
        out[i] = replace(out[i], stratum=loc.locate(np.array(points[i].image)))
    return out, ("real and spurious points located on the strata of 'algnet singular' (the stratum of least "
                 "dimension whose parametrization reaches the image; Gauss-Newton membership)")


def _certified_real_images(fam, cert):
    """Certified points whose certified image ball meets the real space in every coordinate."""
    from algnet.homotopy.certify import complex_ball

    from algnet.analyses.critical.rebalance import charted_of

    charted = charted_of(cert)     # certified on their own chart: that chart's image enclosure (not this chart's box)
    k = 0
    for i in np.nonzero(cert.mask)[0]:
        if not _is_real(fam.image(cert.centers[i][None, :])[0], 1e-6):
            continue
        if i in charted:
            mid, rad = charted[i][1], charted[i][2]
            k += bool(np.all(np.abs(np.asarray(mid).imag) <= np.asarray(rad)))
            continue
        vals = fam.image_ball([complex_ball(z, cert.radii[i]) for z in cert.centers[i]])
        k += all(abs(float(v.imag.mid())) <= float(v.imag.rad())
                 for v in vals)
    return k
