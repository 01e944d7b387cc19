"""Positive-dimensional critical sets: their local dimension, by two methods.

At a special target (a Frobenius target with repeated singular values, say)
the critical points of L form sets of positive dimension modulo the fibers.
On a slice transversal to the fibers (:mod:`.system`), the critical set is
{G(phi; u) = 0}, and at a point phi of it:

1. the *Hessian corank*: the nullity of the Jacobian H of G (the Hessian of L
   along the slice) bounds the local dimension from above (the tangent cone
   lies in its kernel);
2. *sampling*: points at distance eps along random kernel directions are
   moved onto {G = 0} by Gauss-Newton with that distance pinned
   (:func:`pinned_project`); the dimension is that of the critical *images*
   near the point (:func:`image_dimension`): the rank of the map from the
   displacements to the image displacements, against the scale of mu at that
   distance. Modulo the fibers is thereby modulo the whole fiber, also where it
   is special (d mu drops rank, theta = 0: the critical points in the fiber over
   the image do not count), and an isolated point finds no sample (rank 0).

The result states both; ``dimension`` is the sampled one, ``confirmed`` says
whether the two agree (where d mu drops rank the corank also counts fiber
directions).

Examples
--------
>>> from algnet.analyses.critical.loss import network_and_loss
>>> from algnet.analyses.critical.system import gradient_family
>>> net, L, rng = network_and_loss("linear 2-1-2", target=[1, 0, 0, 1])     # rank-one approximations of I
>>> fam = gradient_family(net, L, rng)
>>> x = project(fam, rng.normal(size=3) + 0j, L.u)[0]    # a point of the conic {x x^T : x^T x = 1}
>>> critical_set_dimension(fam, x, L.u)[:3]
(1, 1, True)
"""

from __future__ import annotations

import numpy as np

__all__ = ["project", "critical_set_dimension", "kernel_set_dimension", "image_dimension", "pinned_project",
           "image_pinned_project", "hessian_corank", "hessian_floor", "residuals", "IMAGE_DIMENSION_NOTE"]


def project(fam, x, u, iterations: int = 60, tol: float = 1e-12):
    """Gauss-Newton on G(.; u) = 0 from x (minimum-norm steps): (point, converged).

    Examples
    --------
    The rank-one critical matrices for the target I are the projections x x^T with x^T x = 1 (Y Y = Y,
    trace 1):

    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import gradient_family
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[1.0, 0.0, 0.0, 1.0])
    >>> fam = gradient_family(net, L, rng)
    >>> z, ok = project(fam, rng.normal(size=3) + 0j, L.u)
    >>> Y = fam.image(z[None, :])[0].reshape(2, 2)
    >>> ok, bool(np.allclose(Y @ Y, Y)), bool(np.isclose(np.trace(Y), 1))
    (True, True, True)
    """
    x = np.asarray(x, dtype=np.complex128).copy()
    for _ in range(iterations):
        G, H = fam.evaluate(x[None, :], u)
        step = np.linalg.lstsq(H[0], G[0], rcond=1e-10)[0]
        x = x - step
        if not np.all(np.isfinite(x)):
            return x, False
        if np.linalg.norm(step) <= tol * (1 + np.linalg.norm(x)):
            break
    return x, bool(_residual(fam, x, u) <= 1e-8)


def residuals(fam, X, u, jscale: float = 0.0) -> np.ndarray:
    """|G(x; u)| relative to the size of its terms (|J| |Q (y - u)|), for the rows of X.

    With ``jscale`` > 0 the size of J is measured as the larger of its entries' moduli and ``jscale`` (where
    d mu vanishes, the residual would otherwise be 0 / 0).

    Examples
    --------
    A point of the critical curve (see :func:`project`) against a random point:

    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import gradient_family
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[1.0, 0.0, 0.0, 1.0])
    >>> fam = gradient_family(net, L, rng)
    >>> z = project(fam, rng.normal(size=3) + 0j, L.u)[0]
    >>> r = residuals(fam, np.array([z, z + 0.5]), L.u)
    >>> bool(r[0] < 1e-12), bool(r[1] > 1e-3)
    (True, True)
    """
    X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
    if X.shape[0] == 0:
        return np.zeros(0)
    y, Jf = fam.first_order(X)
    W = (y - np.asarray(u, dtype=np.complex128)) @ fam.Q
    G = np.einsum("nai,na->ni", Jf, W)
    den = np.maximum(np.max(np.abs(Jf), axis=(1, 2)), jscale) * (1 + np.max(np.abs(W), axis=1)) + 1e-300
    out = np.max(np.abs(G), axis=1) / den
    return np.where(np.all(np.isfinite(X), axis=1), out, np.inf)


def _residual(fam, x, u):
    return float(residuals(fam, x[None, :], u)[0])


def hessian_corank(H, rel: float = 1e-7, floor: float = 0.0) -> tuple[int, np.ndarray]:
    """(nullity, kernel basis (k x nullity)) of a square matrix, singular values below rel * the largest or below the
    absolute ``floor`` (:func:`hessian_floor`: the problem's scale, so that a Hessian of rounding alone, every entry
    about 1e-17 where it vanishes, is not read as a matrix of full rank by its own largest singular value).

    Examples
    --------
    >>> import numpy as np
    >>> n, K = hessian_corank(np.diag([1.0, 0.0, 2.0]))
    >>> n, np.abs(K).round(12).ravel().tolist()
    (1, [0.0, 1.0, 0.0])
    >>> hessian_corank(np.diag([3e-17, 1e-17]))[0], hessian_corank(np.diag([3e-17, 1e-17]), floor=1e-7)[0]
    (0, 2)
    """
    _, s, vh = np.linalg.svd(H)
    r = int(np.sum(s > max(rel * max(1e-300, s[0] if s.size else 1.0), float(floor))))
    return H.shape[0] - r, vh[r:].conj().T


def hessian_floor(fam, x, u, rel: float = 1e-7) -> float:
    """The absolute floor of :func:`hessian_corank` at the point x (parameters of ``fam``): ``rel`` times the scale of
    the two terms the Hessian of L = l o mu is made of, d mu^T Q d mu and the gradient 2 Q (mu - u) of l in function
    space against the second derivatives of mu: 2 |Q (mu(x) - u)| + |Q| |d mu(x)|^2 (max norms). Below it a singular
    value is rounding of those terms (dense 2-1-1 r=3 at (0, 0, w2): every derivative of mu up to the second is 0, so
    the Hessian is 0 by hand; computed, its entries are about 1e-16 against a loss gradient of size 1).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("dense 2-1-1 r=3", seed=1)
    >>> full = GradientFamily(net, L, (), [], rng)
    >>> x = np.array([0, 0, 0.7 - 0.3j])
    >>> H = full.evaluate(x[None, :], L.u)[1][0]
    >>> hessian_corank(H)[0], hessian_corank(H, floor=hessian_floor(full, x, L.u))[0]
    (0, 3)
    """
    x = np.atleast_2d(np.asarray(x, dtype=np.complex128))
    y, Jf = fam.first_order(x)
    Q = np.asarray(fam.Q)
    w = (y[0] - np.asarray(u, dtype=np.complex128)) @ Q
    q = float(np.max(np.abs(Q), initial=0.0))
    return rel * (2.0 * float(np.max(np.abs(w), initial=0.0)) + q * float(np.max(np.abs(Jf[0]), initial=0.0)) ** 2)


def kernel_set_dimension(fam, x, u, K, eps: float = 1e-3, samples: int = 2, rng=None, T=None, blocks=()) -> int:
    """The local dimension at the critical point x of the set {G(.; u) = 0} in the coordinates of ``fam`` (no quotient):
    critical points pinned at distance s = eps (1 + |x|) along random combinations of the columns of K
    (:func:`pinned_project`; K a basis of the Hessian's kernel, which holds the set's tangent cone; ``samples`` more
    directions than its columns), the rank of their displacements (singular values above s / 20). Where the Hessian
    vanishes altogether (K the identity) the samples alone decide. ``T`` (rows: the symmetry tangents at x): the
    kernel directions orthogonal to them are tried too, since a pinned projection along a general direction can meet
    its distance by sliding along the orbit and miss a branch of the set off it; so are the kernel directions
    restricted to each of ``blocks`` (groups of parameter indices: a neuron's weights), which reach a branch along
    one block where a representative far out on its orbit makes the kernel mix in directions that are none of the
    set's (dense 2-3-1 r=2 at a = 0, l_1 = 0, |l_2|, |l_3| ~ 20: the Hessian's singular values 9e5 ... 3e-3).
    Probabilistic and local: a branch no projection reaches is missed; where branches meet, their displacements can
    span more than the largest one.

    Examples
    --------
    y = w2 (w1 . x)^3 (dense 2-1-1 r=3): on w1 = 0 every derivative of mu up to the second vanishes, so the Hessian
    of L is 0 there; the critical set near (0, 0, w2) is the line w1 = 0 (by hand: near it grad L = 0 needs
    <(w1 . x)^2 x_j, Q (mu - u)> = 0 for j = 1, 2, two quadrics in w1 with no common root but 0):

    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("dense 2-1-1 r=3", seed=1)
    >>> kernel_set_dimension(GradientFamily(net, L, (), [], rng), np.array([0, 0, 0.7 - 0.3j]), L.u, np.eye(3))
    1
    """
    rng = rng if rng is not None else np.random.default_rng(0)
    x = np.asarray(x, dtype=np.complex128)
    K = np.asarray(K, dtype=np.complex128)
    if K.shape[1] == 0:
        return 0
    bases = [K]
    if T is not None and np.asarray(T).size:
        T = np.asarray(T, dtype=np.complex128)
        _, sv, vh = np.linalg.svd(T)
        B = vh[:int(np.sum(sv > 1e-8 * max(1.0, float(sv[0]))))].conj().T        # the orbit's tangent space
        Kp = K - B @ (B.conj().T @ K)
        _, sk, vk = np.linalg.svd(Kp.conj().T @ Kp)
        keep = sk > 1e-12 * max(1.0, float(sk[0]))
        if np.any(keep):
            bases.append(Kp @ vk[keep].conj().T)
    for b in blocks:
        Kb = np.zeros_like(K)
        Kb[b] = K[b]
        if np.linalg.norm(Kb) > 1e-8 * np.linalg.norm(K):
            bases.append(Kb)
    s = eps * (1.0 + float(np.max(np.abs(x))))
    P = []
    for basis in bases:
        for _ in range(min(basis.shape[1], int(np.linalg.matrix_rank(basis))) + samples):
            d = basis @ (rng.normal(size=basis.shape[1]) + 1j * rng.normal(size=basis.shape[1]))
            z = pinned_project(fam, x, s * d / np.linalg.norm(d), u)
            if z is not None:
                P.append(z - x)
    return int(np.sum(np.linalg.svd(np.array(P), compute_uv=False) > 0.05 * s)) if P else 0


def critical_set_dimension(fam, x, u, eps: float = 1e-4, rng=None):
    """(local dimension modulo the fibers, Hessian corank, confirmed, projected point) of {G(.; u) = 0} at x.

    The dimension is that of the set of critical *images* near mu(x) (:func:`image_dimension`): on a slice
    transversal to the fibers it is the rank of the displacements of nearby critical points, and where the
    slice meets a special fiber (d mu drops rank) the critical points there that share the image are not
    counted. ``confirmed``: whether it equals the corank of the Hessian along the slice (an upper bound at
    points where d mu has full rank).

    Examples
    --------
    The critical set for the target I is a curve (the projections x x^T, x^T x = 1):

    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import gradient_family
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[1.0, 0.0, 0.0, 1.0])
    >>> fam = gradient_family(net, L, rng)
    >>> critical_set_dimension(fam, rng.normal(size=3) + 0j, L.u)[:3]
    (1, 1, True)
    """
    x = np.asarray(x, dtype=np.complex128)
    z, ok = project(fam, x, u)
    if ok:
        x = z
    dim, corank = image_dimension(fam, x, u, eps, rng)
    return dim, corank, dim == corank, x


#: How :func:`image_dimension` decides, named in the results' method notes.
IMAGE_DIMENSION_NOTE = ("local dimensions of critical sets modulo the symmetries: on a zero pattern of rescaled "
                        "parameters counted by the slice that meets the set in isolated points; elsewhere the "
                        "dimension of the critical images near the point, from critical points found at a pinned "
                        "distance along kernel directions of the Hessian (the rank of their displacements, then of "
                        "the map to the image displacements against mu's scale at that distance; probabilistic, "
                        "random directions from a fixed generator)")


def image_dimension(fam, x, u, eps: float = 1e-4, rng=None, samples: int = 2) -> tuple[int, int]:
    """(dimension of the set of critical images near mu(x), corank of the Hessian at x), x a critical point.

    The dimension of a critical set modulo the fibers of mu is that of its image. For kernel directions d of the
    Hessian (``corank + samples`` of them, complex, from ``rng``; a fixed generator when None) the point
    x + s d, s = eps (1 + |x|), is moved onto {G = 0} by Gauss-Newton with its distance to x along d pinned
    (:func:`pinned_project`: it cannot fall back onto x, and finds nothing where x is isolated). The displacements
    z - x of the points found span r dimensions (singular values above 0.05 s; below, their curvature); the
    dimension is the rank of the linear map from that span to the image displacements mu(z) - mu(x): singular
    values above sqrt(eps) / 3 times raw / s, raw the largest |mu(x + s w) - mu(x)| (w: the kernel directions and
    as many random ones). First-order slopes are O(1), those along the fibers O(eps) (curvature) or rounding.
    The scale raw / s follows the order to which mu vanishes at x (at theta = 0 of a network without biases
    the images at distance s are O(s^depth)), so critical points in the fiber over mu(x) (image displacement 0 up
    to rounding) do not count. Where the critical set is a union of branches through x (a cone) the displacements
    of several branches can span more than one branch's dimension (an upper bound). A branch of moving images that
    no such sample reaches is looked for by *image-pinned* samples (:func:`image_pinned_project`: a critical point
    at the same distance s along d whose image moves by raw / 10 along a random linear form, so no point of the fiber
    over mu(x) qualifies); the dimension there, measured at the point found as above, bounds the dimension at x
    from below (a set is at least as large at x as on a branch through x). Linear 2-1-2 at the target 0, theta = 0:
    the parameter-pinned samples all land on {a = 0} or {c = 0} (fiber over 0), the image-pinned ones on the
    isotropic products c a^T (a^T a = c^T c = 0), complex lines of critical images through 0: dimension 1 (by
    hand). A branch neither kind of sample reaches is still missed (a local search).

    dense 3-1-1-1 r=2, generic loss (y = w3 w2^2 (a . x)^4): near theta = 0 the critical points are {w2 = 0},
    {a = 0} and {w3 = 0, <(a . x)^4, Q u> = 0}, all in the fiber over 0: dimension 0 (the parameter displacements
    modulo the symmetry tangents, which vanish at 0, said 0 or 1 by the seed; points of the gauge slice on
    {w2 = 0} were called 0-, 1- or 2-dimensional by the seed).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[1.0, 0.0, 0.0, 1.0])
    >>> full = GradientFamily(net, L, (), [], rng)            # theta = (a, c): y = c a^T
    >>> image_dimension(full, np.array([1.0, 0, 1, 0]), L.u)   # on the curve x x^T (and its fiber: corank 2)
    (1, 2)
    >>> image_dimension(full, np.zeros(4), L.u)                # the origin: isolated
    (0, 0)
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[0.0, 0.0, 0.0, 0.0])
    >>> image_dimension(GradientFamily(net, L, (), [], rng), np.zeros(4), L.u)   # isotropic c a^T: lines
    (1, 4)
    """
    rng = rng if rng is not None else np.random.default_rng(0)
    x = np.asarray(x, dtype=np.complex128)
    s = eps * (1.0 + float(np.max(np.abs(x))))
    return _displacement_rank(fam, x, u, s, eps, rng, samples)


def _displacement_rank(fam, x, u, s, eps, rng, samples, pinned: bool = True):
    """(dimension of the critical images near mu(x), corank of the Hessian at x): see :func:`image_dimension`."""
    _, H = fam.evaluate(x[None, :], u)
    corank, K = hessian_corank(H[0], floor=hessian_floor(fam, x, u))
    if corank == 0:
        return 0, 0
    y = fam.image(x[None, :])[0]
    raw, P, Y = 0.0, [], []
    for _ in range(corank + samples):
        d = K @ (rng.normal(size=corank) + 1j * rng.normal(size=corank))
        d = d / np.linalg.norm(d)
        e = rng.normal(size=x.shape[0]) + 1j * rng.normal(size=x.shape[0])      # any direction: mu's scale at s
        for w in (d, e / np.linalg.norm(e)):
            raw = max(raw, float(np.linalg.norm(fam.image((x + s * w)[None, :])[0] - y)))
        z = pinned_project(fam, x, s * d, u)
        if z is not None:
            P.append(z - x)
            Y.append(fam.image(z[None, :])[0] - y)
    if raw == 0.0:
        return 0, corank
    dim = _rank_of_displacements(P, Y, s, raw, eps) if P else 0
    if not pinned or dim >= corank:
        return dim, corank
    # branches of moving images that the samples above missed (they can all fall into the fiber over mu(x))
    for _ in range(samples):
        lam = rng.normal(size=y.shape[0]) + 1j * rng.normal(size=y.shape[0])
        d = K @ (rng.normal(size=corank) + 1j * rng.normal(size=corank))
        z = image_pinned_project(fam, x, s * d / np.linalg.norm(d), u, lam / np.linalg.norm(lam), raw / 10)
        if z is not None:
            dim = max(dim, _displacement_rank(fam, z, u, s / 10, eps, rng, samples, pinned=False)[0])
    return dim, corank


def _rank_of_displacements(P, Y, s, raw, eps) -> int:
    """The rank of the linear map from the span of the displacements P to the image displacements Y (see
    :func:`image_dimension`)."""
    # the span of the displacements (above 0.05 s: their second-order part is the set's curvature), then the rank
    # of the linear map from it to the image displacements, against mu's scale raw / s (fiber directions: rounding)
    sv, vh = np.linalg.svd(np.array(P), full_matrices=False)[1:]
    r = int(np.sum(sv > 0.05 * s))
    if r == 0:
        return 0
    C = np.array(P) @ vh[:r].conj().T
    M = np.linalg.lstsq(C, np.array(Y), rcond=None)[0]
    slopes = np.linalg.svd(M, compute_uv=False) / (raw / s)
    # first-order slopes are O(1) (0.04-1.2 seen), those of fiber directions O(eps) (curvature; 5e-5-1.7e-3 seen at
    # eps = 1e-3 on linear 3-2-3) or rounding: the threshold is about their geometric mean
    return int(np.sum(slopes > np.sqrt(eps) / 3))


def image_pinned_project(fam, x, step, u, lam, delta, iterations: int = 100):
    """A critical point z near x + step, at the same distance from x along step, with lam . (mu(z) - mu(x)) =
    delta, or None (Gauss-Newton, minimum-norm steps, the two linear conditions' rows scaled to the Hessian's
    size). None unless the gradient at the end is below 1e-8 times the gradient at x + step or its relative residual
    is below 1e-10, the image condition holds to 1e-6 |delta|, and z is within 10 times the step's length of x.

    Examples
    --------
    At theta = 0 of linear 2-1-2 with the target 0 (y = c a^T, L = (a^T a)(c^T c)) the critical points whose image
    moves are the isotropic ones:

    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[0.0, 0.0, 0.0, 0.0])
    >>> full = GradientFamily(net, L, (), [], rng)
    >>> z = image_pinned_project(full, np.zeros(4), 1e-4 * np.array([1, 1j, 1, -1j]) / 2, L.u,
    ...                          np.array([1.0, 1j, 0.5, 0.0]), 1e-8)
    >>> a, c = z[:2], z[2:]
    >>> bool(abs(a @ a) < 1e-14 and abs(c @ c) < 1e-14 and np.linalg.norm(z) < 1e-3)
    True
    """
    lam = np.asarray(lam, dtype=np.complex128)
    y0 = fam.image(np.asarray(x, dtype=np.complex128)[None, :])[0]

    def image_row(z, h):
        y, Jf = fam.first_order(z[None, :])
        row = lam @ Jf[0]
        s1 = h / max(float(np.max(np.abs(row))), 1e-300)
        with np.errstate(over="ignore", invalid="ignore"):
            r = s1 * (lam @ (y[0] - y0) - delta)
        if not np.isfinite(r):      # the image's functional is flat here: no usable row (the check below decides)
            return np.zeros_like(row), 0.0
        return s1 * row, r

    z = _pinned_newton(fam, x, step, u, iterations, 1e-8, image_row)
    if z is None or abs(lam @ (fam.image(z[None, :])[0] - y0) - delta) > 1e-6 * abs(delta):
        return None
    return z


def pinned_project(fam, x, step, u, iterations: int = 80, gain: float = 1e-8):
    """A critical point z near x + step at the same distance from x along step, or None.

    Gauss-Newton (minimum-norm steps) on G(z; u) = 0 together with the linear equation <step, z - x> = <step, step>,
    its row scaled to the Hessian's size. None when the gradient at the end is not below ``gain`` times the
    gradient at x + step and its relative residual (:func:`residuals`, 0 / 0 where d mu vanishes) is above 1e-10,
    or when z is more than 10 times the step's length from x (a local search).

    Examples
    --------
    On the critical curve of linear 2-1-2 at the target I (y = c a^T, a = c = (cos t, sin t)) a point at
    distance 1e-3 along the tangent is found again; along the scaling of the factorization too (the fiber):

    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[1.0, 0.0, 0.0, 1.0])
    >>> full = GradientFamily(net, L, (), [], rng)
    >>> x = np.array([1.0, 0, 1, 0], dtype=complex)
    >>> z = pinned_project(full, x, np.array([0, 1e-3, 0, 1e-3]), L.u)
    >>> bool(abs(z[1] - 1e-3) < 1e-6), pinned_project(full, x, np.array([1e-3, 0, 0, 0]), L.u) is not None
    (True, True)
    """
    return _pinned_newton(fam, x, step, u, iterations, gain)


def _pinned_newton(fam, x, step, u, iterations, gain, extra=None):
    """The Gauss-Newton of :func:`pinned_project` (and, with ``extra``, of :func:`image_pinned_project`): minimum-norm
    steps on G(z; u) = 0 and <step, z - x> = <step, step>, its row scaled to the Hessian's size; ``extra(z, h)``
    gives one more (row, right-hand side), h the Hessian's largest entry. z, or None when it left the finite
    numbers, ended more than 10 step lengths from x, or its gradient is neither below ``gain`` times the gradient at
    x + step nor of relative residual below 1e-10."""
    x = np.asarray(x, dtype=np.complex128)
    v = np.asarray(step, dtype=np.complex128)
    n2 = float(np.vdot(v, v).real)
    z = x + v
    g0 = None
    for _ in range(iterations):
        G, H = fam.evaluate(z[None, :], u)
        G, H = G[0], H[0]
        if g0 is None:
            g0 = float(np.max(np.abs(G)))
        h = max(float(np.max(np.abs(H))), 1e-300)
        sig = h / np.sqrt(n2)
        rows, rhs = [H], [G]
        if extra is not None:
            row, r = extra(z, h)
            rows.append(row[None, :])
            rhs.append([r])
        A = np.vstack(rows + [sig * v.conj()[None, :]])
        b = np.concatenate(rhs + [[sig * (np.vdot(v, z - x) - n2)]])
        dz = np.linalg.lstsq(A, b, rcond=1e-12)[0]
        z = z - dz
        if not np.all(np.isfinite(z)):
            return None
        if np.linalg.norm(dz) <= 1e-14 * (np.linalg.norm(z) + np.sqrt(n2)):
            break
    if np.linalg.norm(z - x) > 10 * np.sqrt(n2):
        return None
    G, _ = fam.evaluate(z[None, :], u)
    if np.max(np.abs(G[0])) <= gain * g0 or _residual(fam, z, u) <= 1e-10:
        return z
    return None


def real_point(fam, x, u, tries: int = 4, rng=None):
    """A point of the critical set through x whose image is real, or None (see :func:`_real_point`);
    after a failure, again from points of the set near x (x moved along the kernel of the
    Hessian and projected back).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import gradient_family
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[1, 0, 0, 1], seed=1)
    >>> fam = gradient_family(net, L, rng)
    >>> x = project(fam, rng.normal(size=3) + 1j * rng.normal(size=3), L.u)[0]
    >>> y = fam.image(real_point(fam, x, L.u)[None, :])[0]     # a real projection x x^T, |x| = 1
    >>> bool(np.allclose(y.imag, 0, atol=1e-9)), round(float(y[0].real + y[3].real), 9)
    (True, 1.0)
    """
    rng = rng if rng is not None else np.random.default_rng(0)
    x = np.asarray(x, dtype=np.complex128)
    for t in range(tries):
        start = x
        if t:
            _, H = fam.evaluate(x[None, :], u)
            k, K = hessian_corank(H[0], floor=hessian_floor(fam, x, u))
            if k == 0:
                return None
            d = K @ (rng.normal(size=k) + 1j * rng.normal(size=k))
            start, ok = project(fam, x + 0.3 * t * (1 + np.linalg.norm(x)) * d / np.linalg.norm(d), u)
            if not ok:
                continue
        z = _real_point(fam, start, u)
        if z is not None:
            return z
    return None


def _real_point(fam, x, u, iterations: int = 60):
    """Gauss-Newton in the real and imaginary parts of x on G(x; u) = 0 together with
    Im mu(x) = 0 (minimum-norm steps): along a positive-dimensional critical set it moves to a
    point with a real image when the set has one nearby (a local search: None is no proof that
    the set has no real point)."""
    x = np.asarray(x, dtype=np.complex128).copy()
    u = np.asarray(u, dtype=np.complex128)
    k = x.shape[0]
    for _ in range(iterations):
        G, H = fam.evaluate(x[None, :], u)
        y, Jf = fam.first_order(x[None, :])
        G, H, y, Jf = G[0], H[0], y[0], Jf[0]
        A = np.block([[H.real, -H.imag], [H.imag, H.real], [Jf.imag, Jf.real]])
        b = np.concatenate([G.real, G.imag, y.imag])
        step = np.linalg.lstsq(A, b, rcond=1e-10)[0]
        x = x - (step[:k] + 1j * step[k:])
        if not np.all(np.isfinite(x)):
            return None
        if np.linalg.norm(step) <= 1e-13 * (1 + np.linalg.norm(x)):
            break
    y = fam.image(x[None, :])[0]
    if np.max(np.abs(y.imag)) <= 1e-9 * (1 + np.max(np.abs(y))) and _residual(fam, x, u) <= 1e-8:
        return x
    return None
