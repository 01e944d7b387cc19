"""Can the real image M_R = mu(R^n) fail to be closed? A sufficient test for closedness.

The nearest point of M_R to a target exists for every target exactly when M_R is closed; when it is not, the
least real critical value of the distance can lie above an infimum approached only as the weights run off to
infinity (the image of (s, t) -> (s^2, s t) contains (e^2, 1) = mu(e, 1/e) for every e but not the limit (0, 1)).
A local test at the least critical point cannot see this; this module decides when it cannot happen.

Proof of the test. Let the known continuous symmetries act linearly, theta -> X theta for X in a Lie algebra g of
n x n matrices (``net.symmetry_tangents``: the rows X_k theta), with g closed under transposition (hidden-neuron
rescalings and the GL actions of linear networks are). Then the group is real reductive and self-adjoint, and by
the real Kempf-Ness theorem (Richardson and Slodowy, *Minimum vectors for real reductive algebraic groups*, J.
London Math. Soc. 42 (1990)) the closure of every orbit contains an orbit through a *balanced* point, one with
theta . X_k theta = 0 for every k (a critical point of |theta|^2 on its orbit). mu is constant on orbits and
continuous, so M_R = mu(B) with B the closed cone of balanced real points. Write mu = mu_D + (terms of degree < D),
D the largest degree of mu in theta. If mu_D has no zero on B other than 0, then |mu_D| >= c > 0 on the unit sphere
of B and |mu(r v)| >= c r^D - C r^(D-1) there: mu is proper on B, and the image of a proper map is closed.

When mu_D has a real balanced zero v != 0, mu may still be closed (dense 2-1-1 with activation x + x^3 has mu_D = 0
along w = 0, where mu is constant 0; its image is nevertheless not closed, by another curve), so the answer is then
"may fail to be closed", never "not closed". The zero search is numerical: least squares on the unit sphere of B from
random starts; "closed" means no zero was found and the least value stayed far above the solver's accuracy, which
is evidence, not a proof, and the note says so.

Examples
--------
>>> from algnet.architectures.polymap import parametrization
>>> closedness(parametrization(["s^2", "s*t"])).closed          # (0, 1) is a limit of images, not an image
False
>>> closedness(parametrization(["t^2"])).closed                 # [0, oo)
True
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

__all__ = ["Closedness", "closedness", "closed_image_note", "top_form", "with_closedness"]

#: Points on the circle used to read off the top-degree part of mu (a degree of mu at or above it is not handled).
CIRCLE = 64
#: Least-squares value below which a unit balanced vector counts as a zero of the top-degree part.
ZERO_TOL = 1e-10
#: Least value above which no zero is reported ("closed", numerical).
CLEAR_TOL = 1e-4
#: Parameters above which the test is not run (the answer is then "not decided").
MAX_PARAMS = 60
#: CPU seconds of the zero search; stopped there without a zero, the answer is "not decided". Measured: linear
#: 4-3-4 (24 parameters, no zero, all 60 starts) 1.6 CPU s.
CPU_SECONDS = 10.0


@dataclass(frozen=True)
class Closedness:
    """``closed``: True (the real image is closed, by the test of the module doc), False (it may fail to be
    closed: ``direction`` is a real balanced direction along which the top-degree part of mu vanishes), None (not
    decided); ``note`` says which and why.

    Examples
    --------
    >>> Closedness(None, None, "not decided").closed is None
    True
    """

    closed: bool | None
    direction: np.ndarray | None
    note: str


def _family(net):
    from algnet.analyses.critical.loss import network_and_loss
    from algnet.analyses.critical.realfiber import full_family

    net, L, rng = network_and_loss(net)
    return full_family(net, L, rng)


def top_form(full, V, degree: int | None = None):
    """``(D, mu_D(V), d mu_D(V))`` for rows V (real or complex, (k, n)): the top-degree part of mu (in the coordinates
    of the family ``full``) read off the circle r = e^(2 pi i j / CIRCLE); D the largest degree found (or ``degree``).

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> full = _family(parametrization(["s^2 + s", "s*t"]))
    >>> D, F, _ = top_form(full, np.array([[2.0, 3.0]]))
    >>> D, np.round(F.real, 9).tolist()
    (2, [[4.0, 6.0]])
    """
    V = np.asarray(V, dtype=np.complex128)
    k, n = V.shape
    K = CIRCLE if degree is None else degree + 1            # degree + 1 points read a polynomial of that degree
    w = np.exp(2j * np.pi * np.arange(K) / K)
    P = (w[None, :, None] * V[:, None, :]).reshape(-1, n)
    Y, J = full.first_order(P)
    Y = Y.reshape(k, K, -1)
    C = np.fft.fft(Y, axis=1) / K                            # C[:, d] = coefficient of r^d
    if degree is None:
        size = np.max(np.abs(C), axis=(0, 2))
        nz = np.nonzero(size > 1e-9 * max(size.max(), 1e-300))[0]
        degree = int(nz.max()) if nz.size else 0
        if degree >= CIRCLE // 2:
            raise ValueError(f"degree of mu at least {degree}: not read off {CIRCLE} points")
    F = C[:, degree, :]
    # d/dV of (1/K) sum_j w_j^{-D} mu(w_j V) = (1/K) sum_j w_j^{1-D} J(w_j V)
    J = J.reshape(k, K, J.shape[-2], n)
    dF = np.einsum("j,kjmn->kmn", w ** (1 - degree), J) / K
    return degree, F, dF


def _lie_algebra(net, n, rng):
    """The matrices X_k with rows X_k theta = ``net.symmetry_tangents(theta)``, or None when the tangents are not
    linear in theta; and whether their span is closed under transposition."""
    T0 = np.asarray(net.symmetry_tangents(rng.normal(size=n)), dtype=float)
    if T0.shape[0] == 0:
        return np.zeros((0, n, n)), True
    X = np.stack([np.asarray(net.symmetry_tangents(e), dtype=float).reshape(T0.shape[0], n)
                  for e in np.eye(n)], axis=2)           # X[k, :, j] = (X_k e_j)
    for _ in range(2):                                    # linear in theta: X_k theta is what the network says
        th = rng.normal(size=n)
        if not np.allclose(np.asarray(net.symmetry_tangents(th), dtype=float), X @ th, atol=1e-9):
            return None, False
    A = X.reshape(X.shape[0], -1)
    r = np.linalg.matrix_rank(A, tol=1e-9)
    both = np.vstack([A, np.transpose(X, (0, 2, 1)).reshape(X.shape[0], -1)])
    return X, bool(np.linalg.matrix_rank(both, tol=1e-9) == r)


def closedness(net, seed: int = 0, starts: int = 60) -> Closedness:
    """Whether the real image of ``net`` is closed (module doc): True, False ("may fail to be closed") or None.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> closedness(parse_spec("linear 2-1-2")).closed        # rank <= 1 matrices: closed
    True
    """
    from scipy.optimize import least_squares

    n = net.n_params
    if n > MAX_PARAMS:
        return Closedness(None, None, f"not decided: {n} parameters (the test runs up to {MAX_PARAMS})")
    rng = np.random.default_rng(seed)
    X, selfadjoint = _lie_algebra(net, n, rng)
    if X is None or not selfadjoint:
        return Closedness(None, None, "not decided: the known continuous symmetries do not act as a self-adjoint "
                                      "linear group (the balanced points need not meet every orbit closure)")
    full = _family(net)
    try:
        D, F, _ = top_form(full, rng.normal(size=(8, n)))
    except ValueError as e:
        return Closedness(None, None, f"not decided: {e}")
    scale = float(np.sqrt(np.mean(np.abs(F) ** 2))) or 1.0

    def res(v):
        _, f, _ = top_form(full, v[None, :], D)
        return np.concatenate([f[0].real / scale, np.einsum("i,kij,j->k", v, X, v), [v @ v - 1.0]])

    def jac(v):
        _, _, df = top_form(full, v[None, :], D)
        m = np.einsum("kij,j->ki", X + np.transpose(X, (0, 2, 1)), v)
        return np.vstack([df[0].real / scale, m, 2 * v[None, :]])

    best, arg, t0, tried = np.inf, None, time.process_time(), 0
    for _ in range(starts):
        if time.process_time() - t0 > CPU_SECONDS:
            return Closedness(None, None, f"not decided: the zero search was stopped at its budget of {CPU_SECONDS:g} "
                                          f"CPU s after {tried} of {starts} starts")
        tried += 1
        v0 = rng.normal(size=n)
        sol = least_squares(res, v0 / np.linalg.norm(v0), jac=jac, xtol=1e-15, ftol=1e-15, gtol=1e-15)
        val = float(np.sum(sol.fun ** 2))
        if val < best:
            best, arg = val, sol.x / np.linalg.norm(sol.x)
        if best <= ZERO_TOL:
            break
    sym = f" and balanced under the {X.shape[0]} symmetry direction(s)" if X.shape[0] else ""
    if best <= ZERO_TOL:
        return Closedness(False, arg, "the real image may fail to be closed: along the real direction "
                          f"{np.round(arg, 4).tolist()} (unit{sym}) the top-degree part (degree {D}) of the "
                          "parametrization vanishes, so its values can stay bounded while the weights run off to "
                          "infinity, and the infimum of the distance to a target may be approached there without "
                          "being attained")
    if best >= CLEAR_TOL:
        return Closedness(True, None, f"the real image is closed: the parametrization is proper on the balanced "
                          f"weights (every orbit closure of the known symmetries meets them: real Kempf-Ness), since "
                          f"its top-degree part (degree {D}) has no real zero on their unit sphere (numerical: "
                          f"least squares from {starts} random starts, least value {best:.3g})")
    return Closedness(None, arg, f"not decided: the least value {best:.3g} of the top-degree part on the unit "
                      "sphere of balanced weights is neither clearly 0 nor clearly positive")


def closed_image_note(net, seed: int = 0) -> str | None:
    """None when the real image of ``net`` is closed (:func:`closedness`); else the reason why a nearest point may
    not exist for some targets (text for a result's note).

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> closed_image_note(parametrization(["t^2"])) is None
    True
    >>> closed_image_note(parametrization(["s^2", "s*t"])).split(":")[0]
    'the real image may fail to be closed'
    """
    c = closedness(net, seed)
    if c.closed:
        return None
    return (c.note + "; the least real critical point is the nearest point only when the distance is attained, "
            "which is not proved here")


def with_closedness(net, seed, method: str, partial: bool, why, kept: int):
    """``(method, partial, why)`` of a Voronoi estimate with the closedness of the real image taken into account:
    unchanged when it is closed or no target's nearest point lies at a positive distance (``kept`` = 0: the targets
    on M are their own nearest points whatever the closure; those proved to have none are decided); else the reason
    (:func:`closed_image_note`) appended to ``method`` and the result partial (the reason is ``why`` unless the
    result was partial already).

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> with_closedness(parametrization(["t^2"]), 0, "m", False, None, 5)
    ('m', False, None)
    >>> m, partial, why = with_closedness(parametrization(["s^2", "s*t"]), 0, "m", False, None, 5)
    >>> partial, why.split(":")[0]
    (True, 'the real image may fail to be closed')
    """
    if kept <= 0:
        return method, partial, why
    note = closed_image_note(net, 0 if seed is None else int(seed))
    if note is None:
        return method, partial, why
    return f"{method}; {note}", True, (why if partial and why else note)
