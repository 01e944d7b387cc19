"""The type of a real critical point beyond the second order: where the Hessian modulo the symmetries is degenerate.

The second-order test decides a saddle when the Hessian has eigenvalues of both signs and a strict minimum or maximum
when it is definite; with zero eigenvalues and one sign (or none) it cannot decide. Then L is followed along the
kernel directions of the Hessian (modulo the symmetry tangents): where L(theta + t d) - L(theta) changes like c t^k,
k >= 3 (the same order read from three step lengths t, t/2, t/4, and the change well above rounding), the sign of c
shows a direction of descent (c < 0) or of ascent (c > 0). A descent proves that theta is no local minimum, an ascent
that it is no local maximum; with one of each (a positive or negative eigenvalue of the Hessian counts as one) the
point is a saddle. Nothing found proves nothing: the point stays degenerate.

dense 2-1-1 r=3 (y = w2 (w1 . x)^3) on the orbit w1 = 0, w2 != 0: by hand every derivative of mu up to the second
vanishes there, so the Hessian of L is 0, and along w1 = t d, L(t) = L(0) - 2 t^3 w2 <(d . x)^3, Q u> + O(t^6): a cubic
term of both signs (t and -t), a saddle, which the second-order test called degenerate.

Examples
--------
>>> import numpy as np
>>> from algnet.analyses.critical.loss import network_and_loss
>>> from algnet.analyses.critical.system import GradientFamily
>>> net, L, rng = network_and_loss("dense 2-1-1 r=3", seed=1)
>>> full = GradientFamily(net, L, (), [], rng)
>>> higher_order_saddle(full, np.array([0.0, 0.0, -0.11]), L.u).startswith("a saddle beyond the second order")
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["higher_order_saddle", "kernel_changes"]

#: Step lengths along a kernel direction, relative to 1 + |theta| (the largest first; the first whose changes show a
#: clean order decides)
STEPS = (1e-1, 1e-2, 1e-3)


def _loss(fam, theta, u) -> float:
    y = fam.image(np.asarray(theta, dtype=np.complex128)[None, :])[0]
    return float(fam.loss.value(y.real[None, :], u)[0])


def kernel_changes(fam, theta, u, d, steps=STEPS):
    """(sign, order, change, step) of L along the line theta + t d (theta and d real) on the side t > 0: the first
    step length s of ``steps`` (times 1 + |theta|) at which the changes L(theta + t d) - L(theta) at t = s, s/2, s/4
    have one sign, the ratios of consecutive changes both within 2^(k +- 0.25) for one integer k >= 3 (a term of
    order k dominates, not the gradient's rounding nor a small quadratic term) and the smallest change above 1e4
    times the rounding of L; None when no step length shows such an order.

    Examples
    --------
    y = w2 (w1 . x)^3 at w1 = 0: a cubic change, of opposite signs on the two sides of the line:

    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("dense 2-1-1 r=3", seed=1)
    >>> full = GradientFamily(net, L, (), [], rng)
    >>> th, d = np.array([0.0, 0.0, -0.11]), np.array([1.0, 0.3, 0.0])
    >>> a, b = kernel_changes(full, th, L.u, d), kernel_changes(full, th, L.u, -d)
    >>> a[1], b[1], a[0] == -b[0]
    (3, 3, True)
    """
    theta = np.asarray(theta, dtype=float)
    d = np.asarray(d, dtype=float)
    d = d / np.linalg.norm(d)
    L0 = _loss(fam, theta, u)
    noise = 1e4 * np.finfo(float).eps * (1.0 + abs(L0))
    for s in steps:
        t = s * (1.0 + float(np.max(np.abs(theta))))
        f = np.array([_loss(fam, theta + t * 2.0 ** -j * d, u) - L0 for j in range(3)])
        if not np.all(np.isfinite(f)) or np.min(np.abs(f)) <= noise or len(set(np.sign(f))) != 1:
            continue
        k1, k2 = np.log2(f[0] / f[1]), np.log2(f[1] / f[2])
        k = int(round(0.5 * (k1 + k2)))
        if k >= 3 and abs(k1 - k) <= 0.25 and abs(k2 - k) <= 0.25:
            return int(np.sign(f[0])), k, float(f[0]), float(t)
    return None


def higher_order_saddle(fam, theta, u, C=None, signature=None, atol: float = 0.0, extra: int = 4, rng=None):
    """A note with the evidence when the real critical point theta (parameters of ``fam``) is a saddle by the test
    beyond the second order (module doc), else None. ``C``: an orthonormal basis (columns) of the complement of the
    symmetry tangents (default all directions); ``signature``: (positive, negative, zero) of the Hessian there, as
    the second-order test counted it (default: counted here, eigenvalues within ``atol``, 1e-7 of the largest or
    :func:`~.posdim.hessian_floor` are zero). The directions tried: the kernel's basis and ``extra`` random
    combinations (``rng``; a fixed generator when None), each on both sides.

    Examples
    --------
    A degenerate minimum stays undecided: linear 2-1-2 (y = c a^T) at the Frobenius target I has its minima on the
    curve a = c = (cos s, sin s) (Eckart-Young with a double singular value), where L only grows or stays level:

    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[1.0, 0, 0, 1])
    >>> higher_order_saddle(GradientFamily(net, L, (), [], rng), np.array([1.0, 0, 1, 0]), L.u) is None
    True
    """
    rng = rng if rng is not None else np.random.default_rng(0)
    theta = np.asarray(theta, dtype=np.complex128).real
    n = theta.shape[0]
    C = np.eye(n) if C is None else np.asarray(C)
    if np.iscomplexobj(C):      # a complex basis of a real subspace (the symmetry tangents' complement at real theta)
        P, sv, _ = np.linalg.svd(np.hstack([C.real, C.imag]), full_matrices=False)
        C = P[:, :int(np.sum(sv > 1e-8 * max(1.0, float(sv[0]) if sv.size else 1.0)))]
    H = fam.evaluate(theta.astype(np.complex128)[None, :], u)[1][0]
    HC = C.T @ (0.5 * (H + H.T)).real @ C
    ev, V = np.linalg.eigh(HC)
    order = np.argsort(np.abs(ev))
    if signature is None:
        from algnet.analyses.critical.posdim import hessian_floor

        tol = max(atol, 1e-7 * float(np.max(np.abs(ev), initial=0.0)), hessian_floor(fam, theta, u))
        zero = int(np.sum(np.abs(ev) <= tol))
        pos, neg = int(np.sum(ev > tol)), int(np.sum(ev < -tol))
    else:
        pos, neg, zero = (int(k) for k in signature)
    if not zero:
        return None
    K = C @ V[:, order[:zero]]
    dirs = [K[:, i] for i in range(zero)] + [K @ rng.normal(size=zero) for _ in range(extra)]
    down = up = None
    for d in dirs:
        for side in (1.0, -1.0):
            got = kernel_changes(fam, theta, u, side * d)
            if got is None:
                continue
            if got[0] < 0 and down is None:
                down = got
            if got[0] > 0 and up is None:
                up = got
        if (down or neg) and (up or pos):
            break
    if not ((down or neg) and (up or pos)) or not (down or up):
        return None
    parts = []
    for name, g in (("descent", down), ("ascent", up)):
        if g is not None:
            parts.append(f"{name} along a kernel direction of the Hessian: L changes by {g[2]:.3g} at distance "
                         f"{g[1 + 2]:.3g}, as t^{g[1]}")
    if down is None:
        parts.append(f"descent along {neg} negative eigenvalue(s) of the Hessian")
    if up is None:
        parts.append(f"ascent along {pos} positive eigenvalue(s) of the Hessian")
    return "a saddle beyond the second order (" + "; ".join(parts) + ")"
