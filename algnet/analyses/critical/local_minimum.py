"""Whether a real point is a local minimum of the loss L = l(mu(theta)) over real weights.

At a minimizer of the distance from a target u to the real neuromanifold, every real preimage theta is a minimum of
L; a least critical point that is no local minimum shows that the minimum is not attained there
(:mod:`~algnet.analyses.critical.nearest`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["descends"]


def descends(full, loss, theta, u, dist, rng, probes: int = 4) -> bool:
    """Whether L = loss(mu(theta) - u) takes values below ``dist`` (its value at the real point ``theta``) at real
    weights next to ``theta``: theta is then no local minimum of L, so mu(theta) is not the nearest point of M
    (at a minimizer of the distance every real preimage is a minimum of L). The Hessian of L (central
    differences of its gradient 2 J^T Q (mu - u)) has a negative eigenvalue, or, when it is only semidefinite
    with a kernel that is not the fiber's (ker d mu), a local descent from points next to theta along that
    kernel ends lower.

    Why: the image of (s, t) -> (s^2, s t) is {x > 0} and the origin; for a target with u1 < 0 the distance has
    infimum u1^2, approached as s -> 0, t = u2 / s, and never attained. The least candidate was mu(0), a saddle of
    L (Hessian [[-4 u1, -2 u2], [-2 u2, 0]], determinant -4 u2^2 < 0), and was called the nearest point.

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.realfiber import full_family
    >>> net, L, rng = network_and_loss(parametrization(["s^2", "s*t"]))
    >>> full = full_family(net, L, rng)
    >>> descends(full, L, np.zeros(2), np.array([-1.0, 0.5]), 1.25, rng)     # mu(0) is a saddle of L
    True
    >>> descends(full, L, np.array([1.0, 0.5]), np.array([1.0, 0.5]), 0.0, rng)  # u = mu(1, 1/2): the minimum 0
    False
    """
    th = np.asarray(theta, dtype=float).reshape(-1)
    n = th.shape[0]
    uc = np.asarray(u, dtype=np.complex128)
    Q = np.asarray(loss.Q, dtype=float)

    def grads(T):
        Y, J = full.first_order(np.asarray(T, dtype=np.complex128))
        return 2 * np.einsum("kij,il,kl->kj", J.real, Q, (Y - uc[None, :]).real), J.real

    def value(t):
        y = full.image(np.asarray(t, dtype=np.complex128)[None, :])[0].real
        return float(loss.value(y[None, :], u)[0])

    h = 1e-4 * (1.0 + float(np.max(np.abs(th))))
    E = np.eye(n) * h
    G, _ = grads(np.concatenate([th[None, :] + E, th[None, :] - E]))
    H = (G[:n] - G[n:]).T / (2 * h)
    H = (H + H.T) / 2
    lam, V = np.linalg.eigh(H)
    tol = 1e-6 * (1.0 + float(np.max(np.abs(lam))))
    if lam[0] < -tol:
        return True
    # semidefinite: the kernel of H beyond the fiber's directions (L is constant along the fiber)
    _, J = grads(th[None, :])
    _, sv, vh = np.linalg.svd(J[0])
    r = int(np.sum(sv > 1e-9 * max(float(sv[0]), 1e-300))) if sv.size else 0
    K = V[:, np.abs(lam) <= tol]
    F = vh[r:].T                                          # the fiber's tangent directions
    if F.shape[1]:
        K = K - F @ (F.T @ K)
    K = K[:, np.linalg.norm(K, axis=0) > 1e-3] if K.shape[1] else K
    if not K.shape[1]:
        return False
    from scipy.optimize import minimize

    lower = dist - 1e-9 * (1.0 + dist)
    for _ in range(probes):
        v = K @ rng.normal(size=K.shape[1])
        start = th + 1e-2 * (1.0 + float(np.max(np.abs(th)))) * v / np.linalg.norm(v)
        res = minimize(value, start, jac=lambda t: grads(t[None, :])[0][0], method="BFGS", options={"maxiter": 200})
        if res.fun < lower:
            return True
    return False
