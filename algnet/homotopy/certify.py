"""Certification of approximate solutions with the Krawczyk test (ball arithmetic).

For an approximate solution x~ of a square system F, a box
X = x~ + [-rho, rho]^{2n} (real and imaginary parts), and a floating
approximate inverse Y of F'(x~), the Krawczyk operator

    K(X) = x~ - Y F(x~) + (I - Y F'(X)) (X - x~)

is evaluated in complex ball arithmetic (python-flint ``acb``/``acb_mat``,
rigorous enclosures). If K(X) lies in the interior of X then X contains
exactly one solution of F and F' is invertible on X (Krawczyk 1969; Moore
1977; Rump, *Verification methods*, Acta Numerica 2010, Thm. 8.1 for the
complex case). Boxes that are pairwise disjoint then certify distinct
solutions. If F has real coefficients and a box is certified around a real
center, the box is invariant under conjugation, so its unique solution is
real: this certifies real solutions.

Examples
--------
>>> import numpy as np
>>> from algnet.homotopy.systems import PolynomialSystem
>>> S = PolynomialSystem.from_terms([{(2, 0): 1, (0, 0): -2}, {(0, 2): 1, (0, 0): -3}])
>>> X = np.array([[1.41421356, 1.7320508], [-1.41421356, 1.7320508 + 1e-9j]])
>>> c = certify(S, X)
>>> c.certified, c.distinct, c.real
(2, 2, 2)
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from algnet.core.numbers import acb, acb_mat, arb, ball_precision
from algnet.errors import ParameterError
from algnet.homotopy.systems import System

__all__ = ["CertificationResult", "certify", "krawczyk"]


@dataclass(frozen=True, eq=False)
class CertificationResult:
    """Per-point Krawczyk certificates and the counts they prove.

    ``certified`` (count of points with a unique solution in their box),
    ``distinct`` (certified boxes pairwise disjoint, and if ``key_ball`` was
    given: certified *images* pairwise disjoint), ``real`` (certified real),
    ``mask`` / ``real_mask`` per point, ``centers`` and ``radii`` of the
    boxes, ``method``.
    """

    certified: int
    distinct: int
    real: int
    mask: np.ndarray
    real_mask: np.ndarray
    centers: np.ndarray
    radii: np.ndarray
    method: str
    seconds: float

    def __repr__(self):
        return (f"CertificationResult(points={len(self.mask)}, certified={self.certified}, "
                f"distinct={self.distinct}, real={self.real}, method={self.method!r})")


def _ball(z, rad):
    return acb(arb(float(z.real), rad), arb(float(z.imag), rad))


def _point(z):
    return acb(float(z.real), float(z.imag))


def krawczyk(system: System, x, p=None, radius: float | None = None, real: bool = False):
    """One Krawczyk test; returns (success, radius used, refined center).

    The center is first refined by three floating Newton steps and two
    Newton steps at 128-bit precision; a point whose refinement moves by more
    than 1e-6 (relative) is not certified (it did not approximate that root).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> S = PolynomialSystem.from_terms([{(2,): 1, (0,): -2}])
    >>> krawczyk(S, np.array([1.41421356]))[0]
    True
    """
    x = np.asarray(x, dtype=np.complex128).copy()
    x0 = x.copy()
    n = x.shape[0]
    P = None if p is None else np.asarray(p, dtype=np.complex128)[None, :]
    for _ in range(3):
        F, J = system.evaluate(x[None, :], P)
        try:
            x = x - np.linalg.solve(J[0], F[0])
        except np.linalg.LinAlgError:
            return False, 0.0, x
    if real:
        x = x.real.astype(np.complex128)
    F, J = system.evaluate(x[None, :], P)
    try:
        Yf = np.linalg.inv(J[0])
    except np.linalg.LinAlgError:
        return False, 0.0, x
    scale = 1.0 + float(np.max(np.abs(x)))
    pb = None if p is None else [_point(q) for q in np.asarray(p, dtype=np.complex128)]
    Y = acb_mat(n, n)
    for i in range(n):
        for j in range(n):
            Y[i, j] = _point(Yf[i, j])
    # the center is refined beyond double precision (ill-conditioned points)
    with ball_precision(128):
        xc = [_point(z) for z in x]
        for _ in range(2 if not real else 0):
            Fx, _ = system.evaluate_ball(xc, pb)
            Fm = acb_mat(n, 1)
            for i in range(n):
                Fm[i, 0] = Fx[i]
            step_vec = Y * Fm
            xc = [(xc[i] - step_vec[i, 0]).mid() for i in range(n)]
        Fx, _ = system.evaluate_ball(xc, pb)
        Fm = acb_mat(n, 1)
        for i in range(n):
            Fm[i, 0] = Fx[i]
        YF = Y * Fm
        step = max(float(abs(YF[i, 0]).upper()) for i in range(n))
        radii = [radius] if radius is not None else [max(16 * step, 1e-25 * scale) * f
                                                      for f in (1.0, 1e3, 1e6, 1e9, 1e12)]
        for rho in radii:
            if not np.isfinite(rho) or rho > 1e-2 * scale:
                continue
            r = arb(rho)
            Xb = [acb(arb(z.real, r), arb(z.imag, r)) for z in xc]
            _, JX = system.evaluate_ball(Xb, pb)
            D = acb_mat(n, 1)
            for j in range(n):
                D[j, 0] = acb(arb(0, r), arb(0, r))
            K = (acb_mat(n, n, [1 if i == j else 0 for i in range(n) for j in range(n)]) - Y * JX) * D
            ok = True
            for i in range(n):
                d = K[i, 0] - YF[i, 0]
                if not (d.real.abs_upper() < r and d.imag.abs_upper() < r):
                    ok = False
                    break
            if ok:
                xf = np.array([complex(float(z.real.mid()), float(z.imag.mid())) for z in xc])
                if np.max(np.abs(xf - x0)) > 1e-6 * scale:
                    return False, 0.0, x  # the root found is not the one the point approximated
                # the float center is within 1e-16 |x| of the ball center: widen accordingly
                return True, rho + 2e-16 * scale, xf
    return False, 0.0, x


def certify(system: System, X, p=None, key_ball=None, show_progress: bool = False) -> CertificationResult:
    """Certify approximate solutions X (k, n) of F(.; p) with the Krawczyk test.

    Parameters
    ----------
    system : System
        Must implement ``evaluate_ball``.
    X : array (k, n)
    p : array (m,), optional
        The parameter value (for families).
    key_ball : callable, optional
        Maps a list of ``acb`` balls (a certified box) to a list of ``acb``
        (e.g. the image of the box in function space); distinctness is then
        certified for these images.
    show_progress : bool

    Returns
    -------
    CertificationResult
    """
    if not system.has_ball:
        raise ParameterError(f"{type(system).__name__} cannot be evaluated in ball arithmetic",
                             hint="implement evaluate_ball(x, p) to certify")
    t0 = time.perf_counter()
    X = np.asarray(X, dtype=np.complex128)
    if X.ndim == 1:
        X = X[None, :]
    k, n = X.shape
    mask = np.zeros(k, dtype=bool)
    rmask = np.zeros(k, dtype=bool)
    centers = X.copy()
    radii = np.zeros(k)
    it = range(k)
    if show_progress:
        from tqdm.auto import tqdm

        it = tqdm(it, desc="certify", unit="point", leave=False)
    for i in it:
        ok, rho, c = krawczyk(system, X[i], p)
        mask[i], radii[i], centers[i] = ok, rho, c
        if ok and system.real and np.max(np.abs(c.imag)) <= 1e-6 * (1 + np.max(np.abs(c))):
            okr, rhor, cr = krawczyk(system, c, p, real=True)
            if okr:
                rmask[i], radii[i], centers[i] = True, rhor, cr
    # distinctness: disjoint boxes (or disjoint image balls)
    idx = np.nonzero(mask)[0]
    if key_ball is not None and idx.size:
        mids, rads = [], []
        for i in idx:
            vals = key_ball([_ball(z, radii[i]) for z in centers[i]])
            mids.append([complex(float(v.real.mid()), float(v.imag.mid())) for v in vals])
            rads.append([float(v.real.rad()) + float(v.imag.rad()) for v in vals])
        M, R = np.array(mids), np.array(rads)
    else:
        M = centers[idx]
        R = np.repeat(2 * radii[idx, None], n, axis=1)
    distinct = 0
    if idx.size:
        # a point is distinct when its ball is disjoint from every other certified ball
        sep = np.ones(idx.size, dtype=bool)
        for a in range(idx.size):
            d = np.abs(M - M[a])  # (k, q)
            apart = np.any(d > 1.01 * (R + R[a]) + 1e-300, axis=1)
            apart[a] = True
            sep[a] = bool(np.all(apart))
        distinct = int(sep.sum())
    return CertificationResult(int(mask.sum()), distinct, int(rmask.sum()), mask, rmask, centers, radii,
                               "Krawczyk test in acb ball arithmetic", time.perf_counter() - t0)
