"""Spurious critical points: critical points of L on the rank-drop strata of the parametrization.

Monodromy from random starts only reaches critical points where d mu has
full rank. The rank drops on the subnetwork strata (a neuron removed, a
filter tap zero, a weight matrix of lower rank; :func:`algnet.analyses.singular.stratum_networks`)
and at the origin of parameter space. On each stratum S (a smaller
parametrization of a subvariety of M) the critical points of l on mu(S) are
found by the same monodromy; each is lifted to the parent's parameters and
kept when the parent's gradient vanishes there (Trager-Kohn-Bruna: for
linear networks every critical point of L arises this way). A kept point
is spurious unless its image is a smooth point of M critical for l on M
(then it is pure although d mu drops rank: :mod:`.purity`). The local
dimension of the critical set at a kept point is measured by Gauss-Newton
projections onto {grad L = 0} from small displacements along the kernel
of the Hessian (modulo the symmetry tangents): 0 for an isolated point,
otherwise the rank of the displacements that stay on the critical set.

A polynomial map declares its strata from the minors of d mu: the linear subspaces where it drops rank (x = 0
and y = 0 for (x^2, y^2); s = +-t for (s^2 + t^2, s t)), each searched as the map restricted there
(:func:`~algnet.architectures.polymap_strata.rank_drop_cover`). The strata need not cover the whole rank-drop
locus of d mu (a root coincidence of a convolution chain that is no stratum; a map dropping rank on a circle):
:func:`strata_cover_rank_drop` says where coverage is proved, and a
total-degree homotopy at the target (:func:`_witness`) adds the isolated rank-drop critical points no stratum
gave. Where coverage is not proved or the witness found more, the search is reported incomplete (the spurious
and total counts are lower bounds, with the reason). Where a piece of the locus is finite (a cusp of a curve at
t = 1; t = +-sqrt(2) where both entries of d mu vanish), its points are found exactly
(:mod:`~algnet.architectures.polymap_points`) and L's gradient is tested at each (:func:`_search_points`): they
close the cover like the subspaces. A curve or surface of rank drop (a circle) leaves the counts lower bounds.

Examples
--------
>>> from algnet.analyses.critical.loss import network_and_loss
>>> net, L, rng = network_and_loss("linear 2-1-2")
>>> pts = spurious_points(net, L, 3, rng)
>>> [(p.source, p.rank, p.dimension, p.kind) for p in pts]
[('origin', 0, 0, 'saddle')]
"""

from __future__ import annotations

import numpy as np

from algnet.analyses.critical.results import CriticalPoint
from algnet.analyses.critical.spurious_cover import (_candidate_strata, _search_points, _search_strata,
                                                     _strided_conv_chain, strata_cover_rank_drop)
from algnet.analyses.critical.system import GradientFamily

__all__ = ["spurious_points", "origin_on_larger_set", "local_dimension", "seen_image", "seen_point",
           "strata_cover_rank_drop", "WITNESS_PATHS"]

#: re-exported from :mod:`.spurious_cover` (callers import them from here)
_COVER = (_candidate_strata, _strided_conv_chain)

#: Most paths of the witness homotopy of the spurious search (:func:`_witness`; above it the witness is skipped)
WITNESS_PATHS = 1024


def _orth_complement(S, n, tol=1e-8):
    """Orthonormal basis (n x k) of the complement of the row space of S."""
    if S is None or S.shape[0] == 0:
        return np.eye(n, dtype=np.complex128)
    _, s, vh = np.linalg.svd(S)
    r = int(np.sum(s > tol * max(1.0, s[0])))
    return vh[r:].conj().T


def _sym_tangents(net, theta):
    from algnet.core.backends import Complex

    try:
        T = np.asarray(net.symmetry_tangents(np.asarray(theta, dtype=np.complex128), backend=Complex()),
                       dtype=np.complex128)
        return T.reshape(-1, net.n_params)
    except Exception:
        return np.zeros((0, net.n_params), dtype=np.complex128)


def local_dimension(full: GradientFamily, theta, u, eps: float = 1e-3):
    """(dimension, Hessian) of the critical set {grad L = 0} at theta, modulo the fibers of mu: the dimension of
    the set of critical images near mu(theta) (:func:`~.posdim.image_dimension`).

    ``full`` is a GradientFamily of the parent with no pinned coordinates. Modulo the symmetry tangents alone the
    answer depended on the seed where they vanish (theta = 0 of dense 3-1-1-1 r=2, generic loss: 0 or 1; by hand
    0, every critical point near 0 lies in the fiber over 0).

    Examples
    --------
    theta = (a, b, c, d) gives the matrix (c, d)^T (a, b). For the target I the rank-one critical matrices
    are the projections x x^T, x^T x = 1: a curve (dimension 1); for diag(3, 1) the point 3 e1 e1^T is isolated:

    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[1.0, 0.0, 0.0, 1.0])
    >>> local_dimension(GradientFamily(net, L, (), [], rng), np.array([1.0, 0, 1, 0]), L.u)[0]
    1
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[3.0, 0.0, 0.0, 1.0])
    >>> local_dimension(GradientFamily(net, L, (), [], rng), np.array([1.0, 0, 3, 0]), L.u)[0]
    0
    """
    from algnet.analyses.critical.posdim import image_dimension

    theta = np.asarray(theta, dtype=np.complex128)
    _, H = full.evaluate(theta[None, :], u)
    return image_dimension(full, theta, u, eps)[0], H[0]


def seen_image(y, images) -> bool:
    """Whether the image y is one of ``images`` (max-norm distance at most 1e-6 (1 + |y|_max)): the one test by
    which the spurious search and the solve's merge of its points count an image once.

    Examples
    --------
    >>> import numpy as np
    >>> seen_image(np.array([1.0, 2.0]), [np.array([1.0, 2.0 + 1e-9])]), seen_image(np.array([1.0, 2.1]), [])
    (True, False)
    """
    s = 1e-6 * (1 + np.max(np.abs(y)))
    return any(np.max(np.abs(y - z)) <= s for z in images)


def seen_point(full, y, theta, seen, rank=None) -> bool:
    """Whether the critical point (image y, parameters theta) is one of ``seen`` ((image, theta, rank or None)
    triples) modulo the symmetries (:func:`~.symmetry_class.same_class`): points of one image on distinct orbits
    count apart (conv k=2,2,2 r=1: the six points (0, b, c), (a, 0, c), (a, b, 0) with image 0 besides the origin)
    when isolated modulo the symmetries (:func:`~.symmetry_class.isolated_modulo_symmetry`). Linear 1-1-1-1 (a b c):
    (3, 0, 0) is on the orbit of (1, 0, 0), (0, 1, 0) is not:

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("linear 1-1-1-1")
    >>> full, z = GradientFamily(net, L, (), [], rng), np.zeros(1)
    >>> seen = [(z, np.array([1.0, 0, 0]), None)]
    >>> seen_point(full, z, np.array([3.0, 0, 0]), seen), seen_point(full, z, np.array([0, 1.0, 0]), seen)
    (True, False)
    """
    from algnet.analyses.critical.symmetry_class import same_class

    alike = [(z, th, r) for z, th, r in seen if seen_image(y, [z])]
    if not alike:
        return False
    if any(same_class(full, z, th, y, theta, r, rank) for z, th, r in alike):
        return True
    # another orbit over a recorded image: a point of its own when isolated modulo the symmetries (the Hessian's
    # kernel is the symmetry tangents alone); else a point of a family of orbits (a = b = 0, any c, for a (x) b (x) c),
    # which stays merged with the image's point (a positive-dimensional set modulo symmetry is not counted here)
    from algnet.analyses.critical.symmetry_class import isolated_modulo_symmetry

    return not isolated_modulo_symmetry(full, theta)


def _record(full, theta, u, dim, source, dedup, real_search=None, set_dimension=None):
    """The CriticalPoint at theta (a parent parameter vector), or None when L is not critical there, d mu
    has full rank there (a pure point: the main solve counts it) or the point is already recorded modulo the
    symmetries (:func:`seen_point`). The
    point is pure when its image is nevertheless a smooth point of M critical on M
    (:func:`~.purity.judged_rank_drop`, with ``full.smooth_judge`` when set), else spurious.
    ``real_search``: (status, real theta or None, note) of the search of a real parameter point with this
    image (:mod:`.realfiber`). ``set_dimension``: the dimension modulo the symmetries of the critical set theta was
    found on, when known (:mod:`.zero_patterns`); positive, the point stands for that set (one entry of
    ``positive_dimensional``) and is kept beside the isolated points of its image."""
    from algnet.analyses.critical.classify import _is_real
    from algnet.analyses.critical.gl_sets import _SAME_SET, _gl_quotient_dimension, _real_on_gl_set, _same_gl_set
    from algnet.analyses.critical.paths import _jacobian_ranks
    from algnet.analyses.critical.symmetry_class import orbit_without_real_point, same_class

    L = full.loss
    y = full.image(theta[None, :])[0]
    if not _critical(full, theta, u):
        return None                                   # critical on the stratum only, not for L
    rank0 = int(_jacobian_ranks(full, theta[None, :])[0][0])     # the package's one rank rule (log theta too)
    if rank0 >= dim:
        return None             # full rank: a pure critical point, counted by the gradient system's own solve
    if (seen_point(full, y, theta, dedup, rank0) if not set_dimension else
            any(same_class(full, z, th, y, theta, r, rank0) for z, th, r in dedup)):
        return None
    dedup.append((y, theta, rank0))
    qdim = _gl_quotient_dimension(full, theta, u) if set_dimension is None else 0
    moved, ldim0 = False, None
    if not _is_real(y):
        ldim0 = local_dimension(full, theta, u)[0]
        if ldim0:
            theta, y, moved = _real_on_set(full, theta, y, u, dedup)
    real = _is_real(y)
    rp, rnote = (False, "the image is not real") if not real else (True, "the zero parameters") \
        if not np.any(theta) else (None, "no search")
    if real and (real_search is None or moved) and np.any(theta):
        real_search = _real_parameters(full, theta, y, moved, dim)
    if real and real_search is not None:
        rp, th_r, rnote = real_search
        if rp and not _critical(full, th_r.astype(np.complex128), u):
            th2 = _real_critical(full, th_r, u) if moved else None
            if th2 is not None and _same_value(full, th2, y, u):
                theta, y = th2.astype(np.complex128), full.image(th2[None, :].astype(np.complex128))[0].real + 0j
                dedup.append((y, theta, None))
                rnote += "; then Newton on grad L over real weights: a real critical point of the same loss"
            else:
                rp, rnote = None, rnote + "; but L is not critical at that real point of the parent"
        elif rp and not same_class(full, y, theta, full.image(th_r[None, :].astype(np.complex128))[0], th_r):
            from algnet.analyses.critical.symmetry_class import real_point_of_class

            if qdim and _same_gl_set(full, theta, th_r, u, qdim):
                theta = th_r.astype(np.complex128)
                rnote += f"; {_SAME_SET.format(qdim)}"
            else:
                rp, th_r, rnote = real_point_of_class(full, theta, u, rnote)
                if rp:
                    theta = th_r.astype(np.complex128)
        elif rp:
            theta = th_r.astype(np.complex128)
    if real and rp is None and qdim:
        z = _real_on_gl_set(full, theta, y, u, qdim)
        if z is not None:
            theta, rp = z, True
            rnote += ("; then Newton on grad L over real weights from the real part of the point: a real point of "
                      + _SAME_SET.format(qdim))
    if real and rp is None and not ldim0 and not set_dimension and orbit_without_real_point(full, theta):
        rp, rnote = False, rnote + "; no real point on its orbit (an invariant monomial of the rescalings is not real)"
    rank = int(_jacobian_ranks(full, theta[None, :])[0][0])
    if not any(th is theta for _, th, _ in dedup):
        dedup.append((y, theta, rank))    # the class of the point kept (real parameters: maybe another chart of it)
    if ldim0 is None:
        ldim, H = local_dimension(full, theta, u)
    else:   # measured above: at this theta, or (moved) where the solve found the set (one set: one dimension, merged)
        ldim, H = ldim0, full.evaluate(theta[None, :], u)[1][0]
    from algnet.analyses.critical.purity import judged_rank_drop

    pure, pnote = judged_rank_drop(full, theta, u, dim, getattr(full, "smooth_judge", None))
    loss = sig = None
    kind, forms = "complex", ()
    if real:
        loss = float(L.value(y.real[None, :], u)[0])
        if rp is False:
            kind = "no real parameters"
        elif rp is None:
            kind = "unknown (no real parameter point found)"
        else:   # on a positive-dimensional set too: eigenvalues of both signs decide a saddle, else degenerate
            sig, kind = _real_type(full, theta, H, u, loss)
            from algnet.analyses.critical.symmetry_class import other_real_forms

            forms = tuple((tuple(complex(t) for t in z), k, g) for z in other_real_forms(full, theta)
                          if _critical(full, z, u)
                          for g, k in [_real_type(full, z, full.evaluate(z[None, :], u)[1][0], u, loss)])
    where = f"{source} (rank {rank} < {dim}" + ("; image smooth and critical on M, numerical)" if pure else ")")
    idim = int(ldim)
    ldim = max(int(ldim), int(set_dimension or 0), qdim)
    return CriticalPoint(tuple(complex(t) for t in theta), tuple(complex(t) for t in y), rank, pure, real, False,
                         loss, sig, kind, where, int(ldim), source, rp, False, rnote, pnote, idim, forms)


def _real_type(full, theta, H, u, loss):
    """(signature, kind) of the real critical point theta (Hessian H of L there) modulo the symmetry tangents."""
    from algnet.analyses.critical.classify import _signature, point_shift, zero_hessian_level, zero_of_nonnegative_loss

    net = full.net
    C = _orth_complement(_sym_tangents(net, theta), net.n_params)
    HC = (C.conj().T @ H @ C).real
    grad = full.evaluate(np.asarray(theta, dtype=np.complex128)[None, :], u)[0][0]
    sig, kind = _signature(HC, atol=zero_hessian_level(loss), shift=point_shift(grad, HC))
    if kind == "degenerate":         # a descent beyond the second order makes it a saddle (higher_order's module doc)
        from algnet.analyses.critical.higher_order import higher_order_saddle

        if higher_order_saddle(full, theta, u, C=C, signature=sig) is not None:
            kind = "saddle"
    if kind == "degenerate" and zero_of_nonnegative_loss(full.loss, loss, u):
        kind = "degenerate minimum"        # l >= 0 reached its value 0: a minimum, whatever the Hessian
    return sig, kind


def _real_on_set(full, theta, y, u, dedup):
    """(theta, image, moved): a point of the positive-dimensional critical set through theta with a real image
    (:func:`~.posdim.real_point`, a local search, as :func:`~.classify.classify_points` does for the full-rank
    points), or the inputs unchanged when none is found. The real image joins ``dedup``.

    Why: linear 3-2-3, Frobenius, target I: the rank-one projections x x^T (x real, |x| = 1) are spurious
    critical points (a set of dimension 5 in the parameters), but the stratum's solve reaches them at complex
    x with x^T x = 1 and they were reported "complex"."""
    from algnet.analyses.critical.classify import _is_real
    from algnet.analyses.critical.posdim import real_point

    z = real_point(full, theta, u)
    if z is None:
        return theta, y, False
    yz = full.image(z[None, :])[0]
    if not _is_real(yz) or not _critical(full, z, u):
        return theta, y, False
    dedup.append((yz, np.asarray(z, dtype=np.complex128), None))
    return np.asarray(z, dtype=np.complex128), yz, True


def _real_parameters(full, theta, y, moved, dim):
    """(status, real theta or None, note) for a real image y reached at the complex parameters theta:
    theta itself when real, else a real preimage near it (:func:`~.realfiber.towards_real`), else the search
    of :class:`~.realfiber.RealFiberSearch` (a generator drawn from ``full``'s slice: reproducible; one search kept on
    ``full``, so that its slice solves serve every point of the family)."""
    from algnet.analyses.critical.classify import _sub_rng
    from algnet.analyses.critical.realfiber import RealFiberSearch, towards_real

    how = "a point of the critical set with a real image (posdim.real_point)" if moved else "the parameters"
    th = np.asarray(theta, dtype=np.complex128)
    if np.max(np.abs(th.imag)) <= 1e-9 * (1 + np.max(np.abs(th))):
        return True, th.real.copy(), how + ": real parameters"
    r = towards_real(full, y, th)
    if r is None:
        # one search per family and dimension: its real slices of the fibers are solved once, not once a point
        search = getattr(full, "_real_fiber_search", None)
        if search is None or search.dim != dim:
            search = full._real_fiber_search = RealFiberSearch(full.net, full.loss, dim, _sub_rng(full))
        f = search.search(y, hint=th)
        return f.status, None if f.theta is None else np.asarray(f.theta, dtype=float), how + "; " + f.note
    return True, np.asarray(r, dtype=float), how + "; a real preimage (realfiber.towards_real)"


def _real_critical(full, theta, u, iterations: int = 50):
    """A real critical point of L near the real parameter point theta (Newton with minimum-norm steps on
    grad L = 0 over real weights: the Hessian is singular along a critical set), or None."""
    th = np.asarray(theta, dtype=float).copy()
    for _ in range(iterations):
        G, H = full.evaluate(th[None, :].astype(np.complex128), u)[:2]
        step = np.linalg.lstsq(H[0].real, G[0].real, rcond=1e-10)[0]
        th = th - step
        if not np.all(np.isfinite(th)) or np.max(np.abs(th)) > 1e8:
            return None
        if np.linalg.norm(step) <= 1e-13 * (1 + np.linalg.norm(th)):
            break
    return th if _critical(full, th.astype(np.complex128), u) else None


def _same_value(full, theta, y, u) -> bool:
    """Whether the loss at the real parameters theta equals the loss at the image y (l is constant on a
    connected critical set: a Newton step that stayed on it)."""
    L = full.loss
    yt = full.image(np.asarray(theta, dtype=np.complex128)[None, :])[0]
    a, b = float(L.value(yt.real[None, :], u)[0]), float(L.value(np.asarray(y).real[None, :], u)[0])
    return bool(np.max(np.abs(yt.imag)) <= 1e-9 * (1 + np.max(np.abs(yt))) and abs(a - b) <= 1e-9 * (1 + abs(b)))


def _weight_origin(full, u, iterations: int = 4):
    """(theta, real search) at the origin of the weights: theta = 0 where L is critical there (no biases); else
    every parameter 0 but the output biases (:func:`~algnet.analyses.singular.constants.output_translations`,
    exact; without them those whose gradient at 0 is nonzero), which are set to the critical point of L along
    them (one Newton step when mu is affine in them, the Hessian by differences of the gradient). That is the
    stratum of the constant functions of ``algnet singular`` (Trager-Kohn-Bruna: the best constant
    function): linear 3-1-3 bias, Frobenius, has its 3 Eckart-Young images and this one (it was missed: theta
    = 0 is not critical there, and removing the only hidden neuron is no stratum). With an activation of
    nonzero constant term (dense 2-1-1 act=1,0,1 bias) the output weights have a nonzero gradient at 0 too,
    and moving them with the biases made the Newton system singular (no point): the output biases alone
    reach it. ``real search``: (True, theta, note) when theta is real, else None.

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("linear 2-1-1 bias", target=[3.0, 1.0, 2.0])   # 3 + x0 + 2 x1
    >>> theta, found = _weight_origin(GradientFamily(net, L, (), [], rng), L.u)
    >>> [float(round(t.real, 9)) for t in theta], found[0]      # W1, b1, W2 = 0 and the output bias b2 = 3
    ([0.0, 0.0, 0.0, 0.0, 3.0], True)
    """
    theta = np.zeros(full.net.n_params, dtype=np.complex128)
    if _critical(full, theta, u):
        return theta, None
    from algnet.analyses.singular.constants import output_translations

    G = full.evaluate(theta[None, :], u)[0][0]
    B = output_translations(full.net)     # exact: the stratum of the constant functions of `algnet singular`
    active = np.array(B) if B is not None else np.flatnonzero(np.abs(G) > 1e-12 * (1.0 + float(np.max(np.abs(G)))))
    for _ in range(iterations):
        h = 1e-6 * (1.0 + float(np.max(np.abs(theta))))
        H = np.empty((active.size, active.size), dtype=np.complex128)
        for c, j in enumerate(active):
            step = theta.copy()
            step[j] += h
            H[:, c] = (full.evaluate(step[None, :], u)[0][0][active] - G[active]) / h
        try:
            theta[active] -= np.linalg.solve(H, G[active])
        except np.linalg.LinAlgError:
            return np.zeros_like(theta), None
        G = full.evaluate(theta[None, :], u)[0][0]
        if _critical(full, theta, u):
            break
    real = bool(np.all(np.abs(theta.imag) <= 1e-12 * (1.0 + float(np.max(np.abs(theta))))))
    return theta, ((True, theta.real.copy(), "the zero weights and the best constant output") if real else None)


def _critical(full, theta, u) -> bool:
    """grad L(theta) = 0 up to rounding (relative to the size of its terms)."""
    from algnet.core.backends import Complex

    net, L = full.net, full.loss
    y = full.image(theta[None, :])[0]
    G, _ = full.evaluate(theta[None, :], u)
    Jy = L.T @ np.asarray(net.jacobian(theta, L.Z, backend=Complex()), dtype=np.complex128)
    wscale = 1.0 + float(np.max(np.abs(y - u)))
    return bool(np.max(np.abs(G[0])) <= 1e-7 * wscale * (1.0 + float(np.max(np.abs(Jy)))))


def spurious_points(net, loss, dim, rng, show_progress=False, report=None):
    """Critical points of L whose parametrization drops rank (list of CriticalPoint; pure only when the image
    is a smooth point of M critical on M, :mod:`.purity`).

    Each stratum is solved on a random complex slice of its fibers, with the completeness check of
    :func:`~.solve.solve_slice` (trace test; points lost on the way to the target counted); a real
    image is then searched for a real parameter point of the stratum (:mod:`.realfiber`). ``report``
    (a dict, optional) receives per stratum ``{"trace_test_passed": ..., "lost": ...}``.

    Examples
    --------
    For a linear network the rank drops only at the origin (rank 0), a saddle of the loss (Trager-Kohn-Bruna):

    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[3.0, 0.0, 0.0, 1.0])
    >>> [(p.source, p.rank, p.kind, round(p.loss, 9)) for p in spurious_points(net, L, 3, rng)]
    [('origin', 0, 'saddle', 10.0)]
    """
    from algnet.analyses.critical.classify import _is_real
    from algnet.analyses.critical.realfiber import RealFiberSearch
    from algnet.analyses.critical.solve import _solve_at_target
    from algnet.analyses.critical.system import gradient_family
    from algnet.analyses.network_input import network_dimension

    import zlib

    from algnet.analyses.critical.purity import _SliceJudge

    u = loss.u
    full = GradientFamily(net, loss, (), [], rng)
    # the multiplicity of M at the image of a rank-drop point the branch test calls pure (:mod:`.purity`); its slice
    # drawn from the target, so the caller's generator is not advanced
    full.smooth_judge = _SliceJudge(net, loss, dim, zlib.crc32(np.ascontiguousarray(u).tobytes()) + 20)
    out: list = []
    dedup: list = []
    origin, found = _weight_origin(full, u)
    p = _record(full, origin, u, dim, "origin", dedup, found)
    if p is not None:
        out.append(p)
    from algnet.analyses.critical.merged_sets import equal_neuron_sets, unsolved_neuron_stratum, without_points_on_sets

    merged: list = []                         # (image, neurons) of the sets of equal neurons kept
    covered, why = strata_cover_rank_drop(net)
    if report is not None and not covered:
        report["rank-drop locus"] = {"trace_test_passed": True, "lost": 0, "uncovered": why}
    for name, S in _search_strata(net):
        if S.n_params == 0:
            continue
        dS = network_dimension(S, int(rng.integers(2**31)))
        if dS == 0 or dS >= dim:
            unsolved_neuron_stratum(full, name, dS, dim, report)
            continue
        famS = gradient_family(S, loss, rng, dS)
        X, _, _, failures, tr, _ = _solve_at_target(famS, rng, u, show_progress=show_progress)
        for _ in range(2):
            if not (failures.get("to target: lost", 0) and tr is not None and tr.passed):
                break
            # points lost on the way to the (real) target: again on another random slice, kept when it loses fewer
            # (linear 3-2-2-3, Frobenius, seeds 4, 18: a point of a stratum lost; see .special.to_real_target)
            fam2 = gradient_family(S, loss, rng, dS)
            X2, _, _, failures2, tr2, _ = _solve_at_target(fam2, rng, u, show_progress=show_progress)
            if tr2 is not None and tr2.passed and failures2.get("to target: lost", 0) < failures["to target: lost"]:
                famS, X, failures, tr = fam2, X2, failures2, tr2
        if report is not None:
            report[name] = {"trace_test_passed": None if tr is None else bool(tr.passed),
                            "lost": int(failures.get("to target: lost", 0))}
        search = None
        for x in X:
            thS = famS.theta(x[None, :])[0]
            found = None
            yS = famS.image(x[None, :])[0]
            if _is_real(yS):
                search = search or RealFiberSearch(S, loss, dS, rng)
                r = search.search(yS, hint=thS)
                found = (r.status, None if r.theta is None else np.asarray(S.embed(r.theta), dtype=float), r.note)
            theta = np.asarray(S.embed(thS), dtype=np.complex128)
            p = _record(full, theta, u, dim, name, dedup, found)
            if p is not None:
                out.append(p)
            equal_neuron_sets(full, u, dim, name, theta, merged, out)
    for name, theta in _search_points(net):      # isolated rank-drop points: L's gradient tested there
        p = _record(full, theta, u, dim, name, dedup, None)
        if p is not None:
            out.append(p)
    from algnet.analyses.critical.zero_patterns import zero_pattern_points

    # where the fiber decides (a one-point image)
    for name, theta, d in zero_pattern_points(full, u, rng, report, show_progress=show_progress):
        p = _record(full, theta, u, dim, name, dedup, None, set_dimension=d)
        if p is not None:
            out.append(p)
    from algnet.analyses.critical.rank_patterns import spurious_hook

    for name, theta, d in spurious_hook(full, u, rng, [z for z, _, _ in dedup], report):   # lower ranks, not zero
        p = _record(full, theta, u, dim, name, dedup, None, set_dimension=d)
        if p is not None:
            out.append(p)
    _witness(net, loss, dim, rng, full, dedup, out, report)
    out = without_points_on_sets(full, u, out)        # isolated points shown on a set of merged neurons: the set's
    return [p for p in out if not (p.source == "origin" and not p.dimension and origin_on_larger_set(full, p, out))]


def origin_on_larger_set(full, origin, points) -> bool:
    """Whether the critical point ``origin`` (the source "origin" of :func:`spurious_points`) lies on a larger critical
    set, so that it is no isolated critical point (a point on a positive-dimensional component of the critical set is
    not isolated; the components are what is counted, modulo the symmetries). Decided by another critical point
    theta of ``points`` with the same image: when mu is homogeneous of some degree D in the parameters and the origin
    is theta = 0, every t theta is critical too (the gradient J(t theta)^T Q (mu(t theta) - u) is t^(D-1) J(theta)^T
    Q (mu(0) - u) = 0), a line of critical points through the origin (exact). Otherwise the segment from the origin
    to theta is tested at a few points (evidence, not a proof). A Macaulay2 decomposition of the critical ideal
    agrees (linear 2-1-1-2: the components are {b = 0, c^T U a = 0}, {a = c = 0} and the pure points; the origin,
    on the first two, is none).

    Examples
    --------
    L = (a b c - 2)^2 (linear 1-1-1-1): the axes are critical, so the origin is on them and not isolated; for linear
    2-1-2 the origin is the only critical point of image 0 (an isolated saddle, Trager-Kohn-Bruna):

    >>> from types import SimpleNamespace as P
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("linear 1-1-1-1", target=[2.0])
    >>> full, z = GradientFamily(net, L, (), [], rng), (0j,)
    >>> o = P(theta=(0j, 0j, 0j), image=z, source="origin")
    >>> origin_on_larger_set(full, o, [o, P(theta=(0j, 0j, 3 + 0j), image=z, source="zero pattern")])
    True
    >>> origin_on_larger_set(full, o, [o])
    False
    """
    from algnet.analyses.critical.total_degree import homogeneous_degree

    t0, y0 = np.asarray(origin.theta, dtype=np.complex128), np.asarray(origin.image, dtype=np.complex128)
    others = [np.asarray(p.theta, dtype=np.complex128) for p in points
              if p is not origin and seen_image(np.asarray(p.image, dtype=np.complex128), [y0])]
    others = [th for th in others if np.max(np.abs(th - t0)) > 1e-9 * (1 + np.max(np.abs(th)))]
    if not others:
        return False
    try:
        homogeneous = not np.any(t0) and homogeneous_degree(full.net) is not None
    except Exception:
        homogeneous = False
    if homogeneous:
        return True
    u = full.loss.u
    for th in others:
        seg = [t0 + t * (th - t0) for t in (0.5, 0.1, 1e-2, 1e-3)]
        if all(_critical(full, z, u) and seen_image(full.image(z[None, :])[0], [y0]) for z in seg):
            return True
    return False


def _witness(net, loss, dim, rng, full, dedup, out, report):
    """The isolated non-singular critical points of L with a rank drop of d mu at the target, by one total-degree
    homotopy on a random slice (:func:`~.rankdrop.rank_drop_points`, when it has at most :data:`WITNESS_PATHS`
    paths): an image no stratum gave is added (source "rank-drop homotopy") and
    makes the spurious search incomplete in ``report`` (the strata searched missed part of the rank-drop locus;
    points there that are singular solutions are still not searched). conv k=3,2 r=1 at (0.7, -0.3, 1.1, 0.4):
    81 paths, 0.8 CPU s, the 8 images of the strata; conv k=2,2,2 r=1: 625 paths, 1.0 CPU s,
    15 images (16 with the pure one: Macaulay2's count)."""
    from algnet.analyses.critical.rankdrop import rank_drop_points
    from algnet.analyses.critical.system import gradient_family

    u = loss.u
    try:
        fam = gradient_family(net, loss, rng, dim)
        r = rank_drop_points(fam, np.asarray(u, dtype=np.complex128), rng, dim, max_paths=WITNESS_PATHS)
    except KeyboardInterrupt:
        raise
    except Exception as exc:       # a network the homotopy cannot record: no witness (said in the report)
        r, why = None, f"the rank-drop homotopy did not run ({type(exc).__name__})"
    if r is None or not r.paths:
        if report is not None:
            report["rank-drop homotopy"] = {"trace_test_passed": True, "lost": 0, "skipped": why if r is None
                                            else r.note}
        return
    from algnet.analyses.critical.classify import _is_real
    from algnet.analyses.critical.realfiber import RealFiberSearch

    new_images = new_orbits = 0
    search = None
    for x in r.points:
        theta = np.asarray(fam.theta(x[None, :])[0], dtype=np.complex128)
        y = full.image(theta[None, :])[0]
        if seen_point(full, y, theta, dedup):
            continue                                            # a stratum's point already
        known = seen_image(y, [z for z, _, _ in dedup])
        found = None
        if _is_real(y):                                         # a real parameter point of the parent, searched
            search = search or RealFiberSearch(net, loss, dim, rng)
            f = search.search(y, hint=theta)
            found = (f.status, None if f.theta is None else np.asarray(f.theta, dtype=float), f.note)
        p = _record(full, theta, u, dim, "rank-drop homotopy", dedup, found)
        if p is not None:
            out.append(p)
            new_orbits, new_images = new_orbits + known, new_images + (not known)
    if report is None:
        return
    entry = {"trace_test_passed": True, "lost": 0}
    if new_images:
        entry["uncovered"] = (f"{new_images} critical image(s) with a rank drop of d mu found by a total-degree "
                              "homotopy lie on no searched stratum (added; others there may be missed)")
    if new_orbits:    # no stratum searches the fiber over an image it gave (a zero filter, image 0): the homotopy does
        entry["orbits"] = (f"{new_orbits} critical point(s) on other orbits over images the strata gave, found by "
                           "the total-degree homotopy (which finds every isolated non-singular one)")
    if len(entry) > 2:
        report["rank-drop homotopy"] = entry
