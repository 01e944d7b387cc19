"""Positive-dimensional critical sets: their local dimension, by two methods.

At a special target (a Frobenius target with repeated singular values, say)
the critical points of L form sets of positive dimension modulo the fibers.
On a slice transversal to the fibers (:mod:`.system`), the critical set is
{G(phi; u) = 0}, and at a point phi of it:

1. the *Hessian corank*: the nullity of the Jacobian H of G (the Hessian of L
   along the slice) bounds the local dimension from above (the tangent cone
   lies in its kernel);
2. *sampling*: points at distance eps along random kernel directions are
   projected back onto {G = 0} by Gauss-Newton (minimum-norm steps); the rank
   of the displacements of the projected points is the local dimension when
   the critical set is smooth there (an isolated but degenerate point
   projects every sample back onto itself: rank 0).

The result states both; ``dimension`` is the sampled one, ``confirmed`` says
whether the two agree.

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

__all__ = ["project", "critical_set_dimension", "hessian_corank", "residuals"]


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


def hessian_corank(H, rel: float = 1e-7) -> tuple[int, np.ndarray]:
    """(nullity, kernel basis (k x nullity)) of a square matrix, singular values below rel * the largest.

    Examples
    --------
    >>> import numpy as np
    >>> n, K = hessian_corank(np.diag([1.0, 0.0, 2.0]))
    >>> n, np.abs(K).round(12).ravel().tolist()
    (1, [0.0, 1.0, 0.0])
    """
    _, s, vh = np.linalg.svd(H)
    r = int(np.sum(s > rel * max(1e-300, s[0] if s.size else 1.0)))
    return H.shape[0] - r, vh[r:].conj().T


def critical_set_dimension(fam, x, u, eps: float = 1e-4, rng=None):
    """(sampled dimension, Hessian corank, confirmed, projected point) of {G(.; u) = 0} at x.

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
    rng = rng if rng is not None else np.random.default_rng(0)
    x = np.asarray(x, dtype=np.complex128)
    z, ok = project(fam, x, u)
    if ok:
        x = z
    _, H = fam.evaluate(x[None, :], u)
    corank, K = hessian_corank(H[0])
    if corank == 0:
        return 0, 0, True, x
    scale = eps * (1.0 + float(np.max(np.abs(x))))
    disps = []
    for _ in range(corank + 2):
        d = K @ (rng.normal(size=corank) + 1j * rng.normal(size=corank))
        z, ok = project(fam, x + scale * d / np.linalg.norm(d), u)
        if ok and np.linalg.norm(z - x) > 0.1 * scale:
            disps.append(z - x)
    dim = 0
    if disps:
        s = np.linalg.svd(np.array(disps), compute_uv=False)
        dim = int(np.sum(s > 0.05 * scale))
    return dim, corank, dim == corank, x


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
            k, K = hessian_corank(H[0])
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
