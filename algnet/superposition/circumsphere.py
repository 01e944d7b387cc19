"""Circumspheres of feature subsets and their clustering ("spheres are a better goal", J. Pfeifle 2022).

k + 1 affinely independent feature tips p_0, ..., p_k span a k-dimensional
affine subspace A and lie on exactly one (k−1)-sphere in A: its centre c ∈ A
solves 2 (p_i − p_0)·(c − p_0) = ‖p_i − p_0‖² (i = 1..k), its radius is
‖c − p_0‖. Independent formulas: the Cayley–Menger determinants,
R² = −det(D) / (2 det CM) with D the squared-distance matrix and CM = D
bordered by ones (:func:`cayley_menger_radius2`), and for k = m the classical
determinant: expanding the first row of
det[[‖x‖², x, 1], [‖p_i‖², p_i, 1]] = 0 gives a‖x‖² + b·x + e = 0, so
c = −b/(2a), R² = ‖c‖² − e/a (:func:`sphere_through`). Rational points give
exact results over QQ (flint).

The tips of a summand of a direct sum (equal norms r, spanning a linear
subspace V) lie on the great sphere of radius r in V, centred at the origin;
subsets mixing summands have affine spans missing the origin. So
:func:`sphere_clustering` represents each sphere by (projector of the
direction space of A, centre, radius), links spheres at distance ≤ eps,
and calls a cluster a summand when its centre is ≈ 0, its span holds more
than k features and every other feature is orthogonal to it — the same
rule as the projector clustering
(:func:`~algnet.superposition.clustering.grassmannian_summands`), which
:func:`compare_clusterings` runs on the same data.

Examples
--------
>>> s = circumsphere([[1, -1, 0], [0, 0, 1]])       # three points in the plane
>>> s.centre, s.radius2, s.dimension
((0, 0), 1, 2)
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from algnet.core.numbers import fmpq, fmpq_mat
from algnet.errors import ParameterError, TooLargeError
from algnet.evidence import Evidence
from algnet.superposition.clustering import grassmannian_summands
from algnet.superposition.geometry import as_weight_matrix
from algnet.superposition.summands import cluster_plane, linked_components, summands_from_clusters
from algnet.superposition.results import EvidenceResult

__all__ = ["Circumsphere", "circumsphere", "cayley_menger_radius2", "sphere_through", "SphereClustering",
           "sphere_clustering", "compare_clusterings"]


@dataclass(frozen=True, eq=False)
class Circumsphere:
    """The sphere through k + 1 points inside their affine span.

    Attributes
    ----------
    centre : tuple
        Coordinates in R^m (Fractions/ints when exact, floats otherwise).
    radius2 : number
        Squared radius.
    dimension : int
        k, the dimension of the affine span.
    projector : numpy.ndarray
        Orthogonal projector onto the direction space of the span (floats).
    exact : bool

    Examples
    --------
    >>> circumsphere([[0, 2], [0, 0]]).radius
    1.0
    """

    centre: tuple
    radius2: object
    dimension: int
    projector: np.ndarray
    exact: bool

    @property
    def radius(self) -> float:
        """The radius as a float."""
        return math.sqrt(float(self.radius2))


def _out(x):
    return int(x.p) if x.q == 1 else Fraction(int(x.p), int(x.q))


def circumsphere(P, exact: bool | None = None) -> Circumsphere:
    """Centre, radius² and span of the sphere through the columns of P (m x (k+1), affinely independent).

    Examples
    --------
    >>> s = circumsphere([[1, 0, 0], [0, 1, 0], [0, 0, 1]])   # tips of an orthonormal triple
    >>> s.centre, s.radius2
    ((Fraction(1, 3), Fraction(1, 3), Fraction(1, 3)), Fraction(2, 3))
    """
    A = as_weight_matrix(P, exact)
    m, kp1 = A.shape
    k = kp1 - 1
    if k < 1:
        raise ParameterError("a circumsphere needs at least 2 points", hint="pass an m x (k+1) matrix, k >= 1")
    ex = A.dtype == object
    E = A[:, 1:] - A[:, :1]                               # m x k edge vectors
    if ex:
        Em = fmpq_mat(m, k, [fmpq(x.numerator, x.denominator) for x in E.ravel()])
        G = Em.transpose() * Em
        rhs = fmpq_mat(k, 1, [G[i, i] / 2 for i in range(k)])
        if G.rank() < k:
            raise ParameterError("the points are affinely dependent", hint="choose affinely independent points")
        lam = G.solve(rhs)
        p0 = [fmpq(x.numerator, x.denominator) for x in A[:, 0]]
        c = [p0[r] + sum((Em[r, j] * lam[j, 0] for j in range(k)), fmpq(0)) for r in range(m)]
        r2 = sum(((c[r] - p0[r]) ** 2 for r in range(m)), fmpq(0))
        Ef = E.astype(float)
        centre, radius2 = tuple(_out(x) for x in c), _out(r2)
    else:
        Ef = E.astype(float)
        G = Ef.T @ Ef
        s = np.linalg.svd(Ef, compute_uv=False)
        if s[-1] <= 1e-12 * max(s[0], 1e-300):
            raise ParameterError("the points are affinely dependent", hint="choose affinely independent points")
        lam = np.linalg.solve(G, np.diag(G) / 2)
        c = A[:, 0] + Ef @ lam
        centre, radius2 = tuple(float(x) for x in c), float(((c - A[:, 0]) ** 2).sum())
    Q = np.linalg.qr(Ef)[0]
    return Circumsphere(centre, radius2, k, Q @ Q.T, ex)


def cayley_menger_radius2(P):
    """Circumradius² of the simplex on the columns of P from its squared distances only (Cayley–Menger).

    R² = −det(D) / (2 det CM), D the squared-distance matrix, CM = [[0, 1ᵀ], [1, D]]; exact for rational P.

    Examples
    --------
    >>> cayley_menger_radius2([[0, 2, 1], [0, 0, 1]])          # right isosceles triangle, hypotenuse 2
    1
    """
    A = as_weight_matrix(P, None)
    n = A.shape[1]
    if A.dtype == object:
        pts = [[fmpq(x.numerator, x.denominator) for x in A[:, i]] for i in range(n)]
        D = [[sum(((a - b) ** 2 for a, b in zip(pts[i], pts[j])), fmpq(0)) for j in range(n)]
             for i in range(n)]
        CM = [[fmpq(0)] + [fmpq(1)] * n] + [[fmpq(1)] + D[i] for i in range(n)]
        dD = fmpq_mat(n, n, [x for r in D for x in r]).det()
        dC = fmpq_mat(n + 1, n + 1, [x for r in CM for x in r]).det()
        if dC == 0:
            raise ParameterError("the points are affinely dependent", hint="choose affinely independent points")
        return _out(-dD / (2 * dC))
    D = ((A[:, :, None] - A[:, None, :]) ** 2).sum(axis=0)
    CM = np.ones((n + 1, n + 1))
    CM[0, 0] = 0
    CM[1:, 1:] = D
    return float(-np.linalg.det(D) / (2 * np.linalg.det(CM)))


def sphere_through(P):
    """The classical determinant formula for the sphere through m + 1 points of R^m: (centre, radius²), exact.

    Expanding the first row of det[[‖x‖², x_1..x_m, 1], [‖p_i‖², p_i, 1]] gives a‖x‖² + b·x + e;
    then c = −b / (2a) and R² = ‖c‖² − e/a.

    Examples
    --------
    >>> sphere_through([[1, 0, -1], [0, 1, 0]])        # circle through (1,0), (0,1), (-1,0)
    ((Fraction(0, 1), Fraction(0, 1)), Fraction(1, 1))
    """
    A = as_weight_matrix(P, True)
    m, n = A.shape
    if n != m + 1:
        raise ParameterError(f"the determinant formula needs m + 1 = {m + 1} points in R^{m}, got {n}",
                             hint="use circumsphere() for fewer points")
    rows = [[sum(x * x for x in A[:, i])] + list(A[:, i]) + [1] for i in range(n)]

    def minor(col):
        M = [[r[j] for j in range(m + 2) if j != col] for r in rows]
        return Fraction(*_frac(fmpq_mat(n, n, [fmpq(x.numerator, x.denominator) if isinstance(x, Fraction)
                                                     else fmpq(int(x)) for r in M for x in r]).det()))

    cof = [(-1) ** j * minor(j) for j in range(m + 2)]   # coefficients of ‖x‖², x_1..x_m, 1
    a, b, e = cof[0], cof[1:m + 1], cof[m + 1]
    if a == 0:
        raise ParameterError("the points lie on a hyperplane (no sphere through them)",
                             hint="choose affinely independent points")
    c = tuple(-bi / (2 * a) for bi in b)
    return c, sum(x * x for x in c) - e / a


def _frac(q):
    return int(q.p), int(q.q)


@dataclass(frozen=True, eq=False)
class SphereClustering(EvidenceResult):
    """Summands found by clustering circumspheres of feature-tip subsets.

    Attributes
    ----------
    summands : tuple of tuple of int
    dimensions : tuple of int
    unresolved, unrepresented : tuple of int
    clusters : tuple of dict
        Per cluster: k, size (subsets), centre norm, radius, features in its span, is_summand.
    n_spheres : int
    evidence : Evidence

    Examples
    --------
    >>> s = sphere_clustering(np.array([[1.0, -1.0, 0.0], [0.0, 0.0, 1.0]]))
    >>> s.summands, s.as_dict()["certified"]
    (((0, 1), (2,)), False)
    """

    summands: tuple
    dimensions: tuple
    unresolved: tuple
    unrepresented: tuple
    clusters: tuple
    n_spheres: int
    normalized: bool
    evidence: Evidence = field(repr=False)

    def _fields(self) -> dict:
        return {"summands": [list(s) for s in self.summands], "dimensions": list(self.dimensions),
                "unresolved": list(self.unresolved), "unrepresented": list(self.unrepresented),
                "n_spheres": self.n_spheres, "normalized": self.normalized,
                "clusters": [dict(c, features=list(c["features"])) for c in self.clusters]}

    def __repr__(self) -> str:
        return (f"SphereClustering(summands={list(self.summands)}, dims={list(self.dimensions)}, "
                f"unresolved={list(self.unresolved)}, {self.n_spheres} spheres, {len(self.clusters)} clusters)")


def sphere_clustering(W, kmax: int | None = None, eps: float = 0.1, tol: float = 0.1, norm_tol: float = 0.1,
                      normalize: bool = False, cond_tol: float = 0.05, max_spheres: int = 20000,
                      force: bool = False) -> SphereClustering:
    """Recover direct-sum summands by clustering the circumspheres of (k+1)-subsets of feature tips.

    Parameters
    ----------
    W : (m, n) array or ToyModel
    kmax : int, optional
        Largest affine dimension k (default min(m, 4)).
    eps : float
        Linking distance between spheres: sqrt(‖P − P'‖²/2 + ‖c − c'‖² + (R − R')²) / (mean norm).
    tol : float
        Centre ≈ 0 when ‖c‖ <= tol · (mean norm); feature in/orthogonal to a span as in the projector clustering.
    norm_tol : float
        Features with norm <= norm_tol · max are not represented.
    normalize : bool
        Put the tips on the unit sphere first (summands with unequal norms then still give great spheres).
    cond_tol : float
        Skip nearly affinely dependent subsets.
    max_spheres : int
        Refuse (TooLargeError) beyond this many subsets unless ``force``.

    Examples
    --------
    >>> from algnet.superposition.polytopes import regular_polygon, direct_sum, antipodal_pair, perturb
    >>> W = perturb(direct_sum(regular_polygon(5), regular_polygon(3), antipodal_pair()), 1e-3, seed=0)
    >>> sphere_clustering(W).summands
    ((0, 1, 2, 3, 4), (5, 6, 7), (8, 9))
    """
    t0 = time.perf_counter()
    A = np.asarray(as_weight_matrix(W, exact=False))
    m, n = A.shape
    kmax = min(m, 4) if kmax is None else kmax
    if not isinstance(kmax, (int, np.integer)) or not 1 <= kmax <= m:
        raise ParameterError(f"kmax must be an integer in [1, {m}], got {kmax!r}", hint="spheres live in R^m")
    nr = np.linalg.norm(A, axis=0)
    rep = [i for i in range(n) if nr.max() > 0 and nr[i] > norm_tol * nr.max()]
    unrep = tuple(i for i in range(n) if i not in set(rep))
    total = sum(math.comb(len(rep), k + 1) for k in range(1, kmax + 1))
    from algnet.guards import check_flag

    force = check_flag(force)        # a string such as "no" is bad input, not a request
    if total > max_spheres and not force:
        raise TooLargeError(f"{total} subsets of tips (k <= {kmax}) exceed max_spheres={max_spheres}",
                            hint="lower kmax or use force=True", spheres=total)
    U = A[:, rep] / (nr[rep] if normalize else 1.0)
    scale = float(np.linalg.norm(U, axis=0).mean()) if rep else 1.0
    Un = U / np.linalg.norm(U, axis=0) if rep else U
    clusters, n_spheres = [], 0
    for k in range(1, kmax + 1):
        if len(rep) < k + 1:
            break
        combos = np.array(list(itertools.combinations(range(len(rep)), k + 1)), dtype=int)
        E = U[:, combos[:, 1:]] - U[:, combos[:, :1]]            # (m, N, k)
        E = np.transpose(E, (1, 0, 2))                          # (N, m, k)
        Q, s, _ = np.linalg.svd(E, full_matrices=False)
        good = s[:, -1] >= cond_tol * s[:, 0]
        combos, E, Q = combos[good], E[good], Q[good]
        n_spheres += len(combos)
        if not len(combos):
            continue
        G = np.einsum("nmi,nmj->nij", E, E)
        lam = np.linalg.solve(G, np.einsum("nii->ni", G)[..., None] / 2)[..., 0]
        p0 = U[:, combos[:, 0]].T
        C = p0 + np.einsum("nmk,nk->nm", E, lam)
        R = np.linalg.norm(C - p0, axis=1)
        P = Q @ np.transpose(Q, (0, 2, 1))
        X = np.concatenate([P.reshape(len(P), -1) / math.sqrt(2), C / scale, (R / scale)[:, None]], axis=1)
        for comp in linked_components(X, eps * eps):
            cen = C[comp].mean(axis=0)
            _, feats, orth = cluster_plane(P[comp], k, Un, rep, tol)
            great = float(np.linalg.norm(cen)) <= tol * scale
            summand = great and len(feats) > k and len(feats) + len(orth) == len(rep)
            clusters.append({"k": k, "size": len(comp), "centre_norm": float(np.linalg.norm(cen)),
                             "radius": float(R[comp].mean()), "features": feats, "is_summand": summand})
    cands = {}
    for c in clusters:
        if c["is_summand"] and c["features"] not in cands:
            cands[c["features"]] = c["k"]
    summands, dims, unresolved = summands_from_clusters(cands, Un, rep, tol)
    ev = Evidence(method="single-linkage clustering of circumspheres (direction projector, centre, radius)",
                  certified=False, proves="nothing (a clustering with tolerances eps, tol)",
                  seconds=time.perf_counter() - t0)
    return SphereClustering(tuple(summands), dims, unresolved, unrep,
                            tuple(clusters), n_spheres, bool(normalize), ev)


def compare_clusterings(W, **kwargs) -> dict:
    """Run the circumsphere and the projector clustering on the same W; report both and whether they agree.

    Examples
    --------
    >>> from algnet.superposition.polytopes import regular_polygon, direct_sum, tetrahedron, perturb
    >>> compare_clusterings(perturb(direct_sum(regular_polygon(5), tetrahedron()), 1e-3, seed=1))["agree"]
    True
    """
    s = sphere_clustering(W, **kwargs)
    g = grassmannian_summands(W, **{k: v for k, v in kwargs.items() if k in ("kmax", "eps", "tol", "norm_tol")})
    return {"spheres": s.summands, "projectors": g.summands, "agree": s.summands == g.summands,
            "sphere_unresolved": s.unresolved, "projector_unresolved": g.unresolved,
            "n_spheres": s.n_spheres, "n_planes": g.n_planes}

