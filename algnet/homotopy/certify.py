"""Certification of a whole set of approximate solutions: Krawczyk certificates and the distinct points they prove.

Each point is certified by the Krawczyk test (:mod:`algnet.homotopy.krawczyk`: all at once in disc arithmetic by
:func:`~algnet.homotopy.krawczyk.krawczyk_batch` when the system has ``evaluate_interval``, the points it cannot
decide -- ill-conditioned ones that need more than 53 bits -- one by one in ball arithmetic by
:func:`~algnet.homotopy.krawczyk.krawczyk`). Boxes that are pairwise disjoint then certify distinct
solutions, and images that are pairwise disjoint (``key_ball`` / ``key_interval``) distinct images
(:func:`distinct_count`). :func:`krawczyk`, :func:`krawczyk_batch` and :func:`complex_ball` are also importable
from here.

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

from algnet.errors import ParameterError
from algnet.homotopy.disc_rules import apart as disjoint
from algnet.homotopy.krawczyk import complex_ball, krawczyk, krawczyk_batch
from algnet.homotopy.systems import System
from algnet.interrupts import ctrl_c_safe

__all__ = ["CertificationResult", "certify", "certify_method", "distinct_count", "krawczyk", "krawczyk_batch",
           "complex_ball"]

#: Largest number of (point, point, key coordinate) entries compared at once by the distinctness test of
#: :func:`certify` (about 160 MB of complex differences).
PAIR_BLOCK = 10_000_000

#: Up to this many (point, point, key coordinate) entries the distinctness test compares every pair on every
#: coordinate in one step (the same test; fewer numpy calls than a first coordinate and then the pairs it leaves,
#: for a warm count's 6-14 points)
SMALL_PAIRS = 4096


@dataclass(frozen=True, eq=False)
class CertificationResult:
    """Per-point Krawczyk certificates and the counts they prove.

    ``certified`` (count of points with a unique solution in their box),
    ``distinct`` (certified boxes pairwise disjoint, and if ``key_ball`` was
    given: certified *images* pairwise disjoint), ``real`` (certified real),
    ``mask`` / ``real_mask`` per point, ``centers`` and ``radii`` of the
    boxes, ``method``, ``batched`` (points certified by the batched test).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> c = certify(PolynomialSystem.from_terms([{(2,): 1, (0,): -2}]), np.array([[1.41421356], [5.0]]))
    >>> c.mask.tolist(), c.certified, c.real
    ([True, False], 1, 1)
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
    batched: int = 0


    def __repr__(self):
        return (f"CertificationResult(points={len(self.mask)}, certified={self.certified}, "
                f"distinct={self.distinct}, real={self.real}, batched={self.batched}, method={self.method!r})")


@ctrl_c_safe
def certify(system: System, X, p=None, key_ball=None, show_progress: bool = False, key_interval=None,
            batched: bool = True, refine: bool = True) -> CertificationResult:
    """Certify approximate solutions X (k, n) of F(.; p) with the Krawczyk test.

    Parameters
    ----------
    system : System
        Must implement ``evaluate_ball``; with ``evaluate_interval`` too, the points are first
        certified all at once by :func:`krawczyk_batch` (float64 discs) and only the undecided ones
        one by one in ball arithmetic.
    X : array (k, n)
    p : array (m,), optional
        The parameter value (for families).
    key_ball : callable, optional
        Maps a list of ``acb`` balls (a certified box) to a list of ``acb``
        (e.g. the image of the box in function space); distinctness is then
        certified for these images.
    show_progress : bool
    key_interval : callable, optional
        The batched counterpart of ``key_ball``: ``(centers (k, n), radii (k,)) -> (midpoints, radii)``
        of discs containing the keys over the polydiscs (used for the points certified in batch).
    batched : bool
        False: the ball route for every point (the reference the batched test is checked against).
    refine : bool
        The batched test's floating Newton steps before the test (:func:`krawczyk_batch`); False for points
        already Newton-refined (a path tracker's endpoints): the test is the same, from those centres.

    Returns
    -------
    CertificationResult
        ``batched``: the number of points certified by the batched test.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> S = PolynomialSystem.from_terms([{(3,): 1, (0,): -2}])          # x^3 = 2
    >>> roots = 2 ** (1 / 3) * np.exp(2j * np.pi * np.arange(3) / 3)
    >>> certify(S, roots[:, None] * (1 + 1e-9)).distinct
    3
    """
    if not system.has_ball:
        raise ParameterError(f"{type(system).__name__} cannot be evaluated in ball arithmetic",
                             hint="implement evaluate_ball(x, p) to certify")
    t0 = time.perf_counter()
    X = np.asarray(X, dtype=np.complex128)
    if X.ndim == 1:
        X = X[None, :]
    k, n = X.shape
    rmask = np.zeros(k, dtype=bool)
    if batched and callable(getattr(system, "evaluate_interval", None)) and k:
        mask, radii, centers = krawczyk_batch(system, X, p, refine=refine)
        fast = mask.copy()
        if getattr(system, "real", False):
            near = mask & (np.max(np.abs(centers.imag), axis=1) <= 1e-6 * (1 + np.max(np.abs(centers), axis=1)))
            idx = np.nonzero(near)[0]
            if idx.size:
                okr, rr, cr = krawczyk_batch(system, centers[idx], p, refine=False, real=True)
                rmask[idx[okr]] = True
                radii[idx[okr]], centers[idx[okr]] = rr[okr], cr[okr]
    else:
        mask, fast, centers, radii = np.zeros(k, dtype=bool), np.zeros(k, dtype=bool), X.copy(), np.zeros(k)
    nc = int(np.count_nonzero(mask))
    if nc < k:             # the ball route for the points left
        rest = np.nonzero(~mask)[0]
        it = rest
        if show_progress:
            from tqdm.auto import tqdm

            it = tqdm(rest, desc="certify", unit="point", leave=False)
        for i in it:
            ok, rho, c = krawczyk(system, X[i], p)
            mask[i], radii[i], centers[i] = ok, rho, c
            if ok and system.real and np.max(np.abs(c.imag)) <= 1e-6 * (1 + np.max(np.abs(c))):
                okr, rhor, cr = krawczyk(system, c, p, real=True)
                if okr:
                    rmask[i], radii[i], centers[i] = True, rhor, cr
        nc = int(np.count_nonzero(mask))
    nb = int(np.count_nonzero(fast))
    # every point certified by the batched test, the keys the system's image discs: the count its compiled first pass
    # made of those very discs (None: not counted there)
    known = getattr(system, "apart_count", None) if nb == k and key_interval is not None else None
    distinct = (known(centers, radii) if known is not None and key_interval == getattr(system, "image_interval", None)
                else None)
    if distinct is None:
        distinct = distinct_count(centers, radii, mask, fast, key_ball, key_interval,
                                  getattr(system, "count_apart", None))
    return CertificationResult(nc, distinct, int(np.count_nonzero(rmask)), mask, rmask, centers, radii,
                               certify_method(nb, nc), time.perf_counter() - t0, nb)


def certify_method(nb: int, nc: int) -> str:
    """The ``method`` of a :class:`CertificationResult` of :func:`certify` with ``nb`` points certified by the
    batched test and ``nc`` in all.

    Examples
    --------
    >>> certify_method(6, 6)
    'Krawczyk test: 6 point(s) in batched float64 disc arithmetic with rigorous rounding bounds'
    """
    return ("Krawczyk test in acb ball arithmetic" if not nb else
            f"Krawczyk test: {nb} point(s) in batched float64 disc arithmetic with rigorous rounding bounds"
            + (f", {nc - nb} in acb ball arithmetic" if nc > nb else ""))


def distinct_count(centers, radii, mask, fast, key_ball, key_interval, count_apart=None) -> int:
    """Certified points (``mask``) whose ball (or image ball, with a key: ``key_interval`` for the points marked
    ``fast``, else ``key_ball``) is disjoint from every other one. ``count_apart``: a compiled version of the
    small-pairs test (``(M, R) -> count``, the same comparisons: a system's, :mod:`algnet.analyses.critical.disc_tape`).

    Examples
    --------
    Three certified balls of radius 1e-3: the first apart from the others, the last two overlapping:

    >>> import numpy as np
    >>> C = np.array([[0.0], [1.0], [1.0 + 1e-9j]])
    >>> distinct_count(C, np.full(3, 1e-3), np.ones(3, bool), np.zeros(3, bool), None, None)
    1
    """
    every = bool(mask.all())
    idx = np.arange(mask.size) if every else np.nonzero(mask)[0]
    if not idx.size:
        return 0
    n = centers.shape[1]
    if key_ball is not None or key_interval is not None:
        use_fast = fast[idx] if key_interval is not None else np.zeros(idx.size, dtype=bool)
        if key_ball is None:
            use_fast[:] = True
        if use_fast.all():          # every key from the batched enclosures (a warm count's points)
            M, R = key_interval(centers, radii) if every else key_interval(centers[idx], radii[idx])
            M, R = np.asarray(M), np.asarray(R)
        else:
            M, R = [None] * idx.size, [None] * idx.size
            if use_fast.any():
                sel = idx[use_fast]
                mid, rad = key_interval(centers[sel], radii[sel])
                for a, j in enumerate(np.nonzero(use_fast)[0]):
                    M[j], R[j] = mid[a], rad[a]
            for j in np.nonzero(~use_fast)[0]:
                i = idx[j]
                vals = key_ball([complex_ball(z, radii[i]) for z in centers[i]])
                M[j] = np.array([complex(float(v.real.mid()), float(v.imag.mid())) for v in vals])
                R[j] = np.array([float(v.real.rad()) + float(v.imag.rad()) for v in vals])
            M, R = np.array(M), np.array(R)
    else:
        M = centers[idx]
        R = np.repeat(2 * radii[idx, None], n, axis=1)
    # a point is distinct when its ball is disjoint from every other certified ball, i.e. apart in some
    # coordinate. All pairs at once, in blocks of rows (k x k x q at once was 17.4 GiB for the 1,536 points
    # of conv k=2,2,2,2 r=2, q = 495): first on the coordinate that separates the points best, then all
    # coordinates of the pairs it does not separate (at most PAIR_BLOCK entries at a time).
    k, q = M.shape
    if k * k * q <= SMALL_PAIRS:      # few points (a warm count's): every pair on every coordinate at once
        if count_apart is not None:
            return count_apart(M, R)
        apart = np.logical_or.reduce(disjoint(np.abs(M[:, None, :] - M[None, :, :]), R[:, None, :], R[None, :, :]),
                                     axis=2)
        apart.reshape(-1)[::k + 1] = True         # the diagonal (np.fill_diagonal's, without its checks)
        return int(np.count_nonzero(np.logical_and.reduce(apart, axis=1)))
    # (any coordinate gives the same count: the pairs it leaves are compared on all of them; the spread by ufunc
    # reductions, not np.std's Python)
    dev = M - np.add.reduce(M, axis=0) / k
    spread = np.add.reduce(dev.real * dev.real + dev.imag * dev.imag, axis=0)
    j = int(np.argmax(np.sqrt(spread) / (np.add.reduce(R, axis=0) + 1e-300)))
    rows = max(1, PAIR_BLOCK // max(k * q, 1))
    distinct = 0
    for a in range(0, k, rows):
        b = min(a + rows, k)
        apart = disjoint(np.abs(M[a:b, None, j] - M[None, :, j]), R[a:b, None, j], R[None, :, j])
        apart[np.arange(b - a), np.arange(a, b)] = True
        I, J = np.nonzero(~apart)
        if I.size:
            apart[I, J] = np.any(disjoint(np.abs(M[a + I] - M[J]), R[a + I], R[J]), axis=1)
        distinct += int(np.count_nonzero(np.logical_and.reduce(apart, axis=1)))
    return distinct
