"""Points of Grassmannians: projectors, chordal distance, Plücker coordinates.

A k-plane Π ⊂ R^m is a point of the Grassmannian G(k, m). Two unique
representatives are offered:

* the orthogonal projector P = A Aᵀ (A an orthonormal basis of Π), a point
  of the symmetric m x m matrices cut out by Pᵀ = P, P² = P, tr P = k. It
  does not depend on the basis and depends continuously on Π, so nearby
  planes have nearby projectors: the chordal distance ‖P − Q‖_F / √2
  (= sqrt(Σ sin² θ_i) over the principal angles θ_i) clusters planes.
  For a rational basis A of full column rank, P = A (AᵀA)⁻¹ Aᵀ is computed
  exactly over QQ.
* the Plücker vector (the k x k minors of a basis), unique up to a nonzero
  scalar and satisfying the quadratic Grassmann–Plücker relations; exact
  (flint fmpq) for rational bases.

The reduced-echelon representative (:func:`echelon_representative`) is
also unique in exact arithmetic, but its pivot columns jump under small
perturbations; it is kept for comparison (this is the failure described in
the seed talk, J. Pfeifle, "Toy models of superposition", UB seminar 2022).

Examples
--------
>>> A = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
>>> G = np.array([[2.0, 1.0], [-1.0, 3.0]])          # change of basis
>>> bool(np.allclose(projector(A), projector(A @ G)))
True
>>> pluecker_coordinates([[1, 0], [1, 1], [0, 1]]).values
(1, 1, 1)
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

import flint
import numpy as np

from algnet.errors import ParameterError, TooLargeError
from algnet.superposition.geometry import as_weight_matrix

__all__ = [
    "projector",
    "is_projector",
    "chordal_distance",
    "principal_angles",
    "echelon_representative",
    "PlueckerVector",
    "pluecker_coordinates",
    "pluecker_relations",
    "PlaneCluster",
    "GrassmannianClustering",
    "grassmannian_summands",
]


def _fmpq_mat(A):
    return flint.fmpq_mat(A.shape[0], A.shape[1], [flint.fmpq(x.numerator, x.denominator) for x in A.ravel()])


def _from_fmpq_mat(M) -> np.ndarray:
    out = np.empty((M.nrows(), M.ncols()), dtype=object)
    for i, row in enumerate(M.tolist()):
        for j, x in enumerate(row):
            out[i, j] = Fraction(int(x.p), int(x.q))
    return out


def _exact_pivots(A) -> list[int]:
    """Indices of a maximal set of linearly independent columns (exact)."""
    if A.shape[1] == 0:
        return []
    R, r = _fmpq_mat(A).rref()
    rows = R.tolist()
    piv = []
    for i in range(int(r)):
        piv.append(next(j for j, x in enumerate(rows[i]) if x != 0))
    return piv


def projector(A, k: int | None = None, exact: bool | None = None, rtol: float = 1e-8) -> np.ndarray:
    """Orthogonal projector onto the column span of A: the unique representative of the plane.

    Parameters
    ----------
    A : array_like
        (m, j) matrix whose columns span the plane (they need not be
        independent or orthonormal).
    k : int, optional
        Dimension of the plane. Float A: take the top-k left singular
        vectors (default: numerical rank, singular values above ``rtol``
        times the largest). Exact A: must equal the exact rank if given.
    exact : bool, optional
        Default: exact (object array of Fractions) iff A is rational.
    rtol : float
        Relative threshold of the numerical rank (float A, k not given).

    Returns
    -------
    numpy.ndarray
        (m, m) symmetric idempotent matrix of trace k.

    Notes
    -----
    Float: one SVD, O(m j min(m, j)); the result is a smooth function of A
    while the k-th singular value stays away from the (k+1)-st (Wedin's
    theorem bounds the change by ‖ΔA‖ / gap). Exact: P = B (BᵀB)⁻¹ Bᵀ with
    B the pivot columns of A, over QQ.

    Examples
    --------
    >>> projector([[1], [1]])
    array([[Fraction(1, 2), Fraction(1, 2)],
           [Fraction(1, 2), Fraction(1, 2)]], dtype=object)
    >>> np.round(projector(np.array([[3.0], [4.0]])), 2)
    array([[0.36, 0.48],
           [0.48, 0.64]])
    """
    M = as_weight_matrix(A, exact)
    m = M.shape[0]
    if M.dtype == object:
        piv = _exact_pivots(M)
        if k is not None and k != len(piv):
            raise ParameterError(f"the columns span a {len(piv)}-plane, not a {k}-plane",
                                 hint="omit k, or pass float input to take the best k-dim approximation")
        if not piv:
            return np.full((m, m), Fraction(0), dtype=object)
        B = _fmpq_mat(M[:, piv])
        P = B * (B.transpose() * B).inv() * B.transpose()
        return _from_fmpq_mat(P)
    U, s, _ = np.linalg.svd(M, full_matrices=False)
    if k is None:
        k = int((s > rtol * s[0]).sum()) if s.size and s[0] > 0 else 0
    if not isinstance(k, (int, np.integer)) or not 0 <= k <= len(s):
        raise ParameterError(f"k={k!r} must be an integer between 0 and {len(s)}",
                             hint="k is the dimension of the plane")
    Uk = U[:, :k]
    return Uk @ Uk.T


def is_projector(P, tol: float = 1e-9) -> bool:
    """Whether P is symmetric and idempotent (exactly for rational P, within ``tol`` for floats).

    Examples
    --------
    >>> is_projector(projector([[1, 2], [0, 1], [1, 1]]))
    True
    >>> is_projector(np.eye(2) * 2.0)
    False
    """
    M = as_weight_matrix(P)
    if M.shape[0] != M.shape[1]:
        return False
    if M.dtype == object:
        return bool((M == M.T).all() and (M.dot(M) == M).all())
    return bool(np.abs(M - M.T).max() <= tol and np.abs(M @ M - M).max() <= tol)


def chordal_distance(P, Q) -> float:
    """Chordal distance ‖P − Q‖_F / √2 between two planes given by their projectors.

    For planes of equal dimension it equals sqrt(Σ_i sin² θ_i) over the
    principal angles θ_i (see :func:`principal_angles`); it is 0 iff the
    planes coincide and at most sqrt(k).

    Parameters
    ----------
    P, Q : array_like
        (m, m) orthogonal projectors (from :func:`projector`).

    Examples
    --------
    >>> P = projector(np.array([[1.0], [0.0]])); Q = projector(np.array([[1.0], [1.0]]))
    >>> bool(abs(chordal_distance(P, Q) - np.sin(np.pi / 4)) < 1e-12)
    True
    """
    A = np.asarray(as_weight_matrix(P, exact=False))
    B = np.asarray(as_weight_matrix(Q, exact=False))
    if A.shape != B.shape or A.shape[0] != A.shape[1]:
        raise ParameterError(f"projectors must be square of the same size, got {A.shape} and {B.shape}",
                             hint="compute them with projector(A)")
    return float(np.linalg.norm(A - B) / math.sqrt(2.0))


def principal_angles(A, B) -> np.ndarray:
    """Principal angles (radians, increasing) between the column spans of A and B.

    Computed from the singular values of Q_Aᵀ Q_B with orthonormal bases
    Q_A, Q_B (Björck–Golub 1973); min(dim A, dim B) angles.

    Examples
    --------
    >>> np.round(np.degrees(principal_angles(np.eye(3)[:, :2], np.array([[1.0], [0], [1]]))), 6)
    array([45.])
    """
    def basis(X):
        X = np.asarray(as_weight_matrix(X, exact=False))
        U, s, _ = np.linalg.svd(X, full_matrices=False)
        r = int((s > 1e-10 * s[0]).sum()) if s.size and s[0] > 0 else 0
        return U[:, :r]

    Qa, Qb = basis(A), basis(B)
    if Qa.shape[0] != Qb.shape[0]:
        raise ParameterError("the two planes live in spaces of different dimension",
                             hint="pass two matrices with the same number of rows")
    s = np.linalg.svd(Qa.T @ Qb, compute_uv=False)
    return np.arccos(np.clip(s, -1.0, 1.0))


def echelon_representative(A, tol: float = 1e-12) -> np.ndarray:
    """Reduced row echelon form of Aᵀ (k x m): the textbook unique representative of the plane.

    A column becomes a pivot when its largest remaining entry exceeds
    ``tol``; tiny perturbations of a plane whose echelon form has zeros in
    pivot position change the pivot columns and make the representative
    jump (see the module docstring). Use :func:`projector` for clustering.

    Examples
    --------
    >>> echelon_representative(np.array([[2.0, 0.0], [0.0, 1.0], [2.0, 3.0]]))
    array([[1., 0., 1.],
           [0., 1., 3.]])
    """
    R = np.array(as_weight_matrix(A, exact=False).T, dtype=float)
    k, m = R.shape
    row = 0
    for col in range(m):
        if row == k:
            break
        piv = row + int(np.argmax(np.abs(R[row:, col])))
        if abs(R[piv, col]) <= tol:
            continue
        R[[row, piv]] = R[[piv, row]]
        R[row] /= R[row, col]
        for r in range(k):
            if r != row:
                R[r] -= R[r, col] * R[row]
        row += 1
    return R[:row]


@dataclass(frozen=True)
class PlueckerVector:
    """The Plücker coordinates of a k-plane in R^m (the k x k minors of a basis).

    Attributes
    ----------
    k, m : int
    indices : tuple of tuple of int
        Row subsets I ⊂ {0..m-1} of size k in lexicographic order.
    values : tuple
        p_I; exact (ints or Fractions) for rational input.
    exact : bool

    Examples
    --------
    >>> pv = pluecker_coordinates([[1, 0], [0, 1], [0, 0]])
    >>> pv.values, pv[(1, 0)]
    ((1, 0, 0), -1)
    """

    k: int
    m: int
    indices: tuple
    values: tuple
    exact: bool

    def __getitem__(self, seq) -> object:
        """p of any sequence of k row indices, extended as an alternating function."""
        seq = tuple(int(i) for i in seq)
        if len(seq) != self.k:
            raise ParameterError(f"need {self.k} indices, got {seq}", hint="p_I is indexed by k-subsets")
        if len(set(seq)) < len(seq):
            return 0 if self.exact else 0.0
        perm = sorted(range(len(seq)), key=lambda t: seq[t])
        sign = 1
        seen = [False] * len(perm)
        for i in range(len(perm)):  # sign of the sorting permutation via its cycles
            if not seen[i]:
                j, length = i, 0
                while not seen[j]:
                    seen[j] = True
                    j = perm[j]
                    length += 1
                if length % 2 == 0:
                    sign = -sign
        return sign * self.values[self._pos[tuple(sorted(seq))]]

    @property
    def _pos(self):
        return {I: t for t, I in enumerate(self.indices)}

    def as_array(self) -> np.ndarray:
        """The coordinates as a float array.

        Examples
        --------
        >>> pluecker_coordinates([[1], [2]]).as_array()
        array([1., 2.])
        """
        return np.array([float(v) for v in self.values])

    def normalized(self) -> np.ndarray:
        """Float unit vector with first nonzero coordinate positive: one point per plane.

        Examples
        --------
        >>> pluecker_coordinates([[-3], [-4]]).normalized()
        array([0.6, 0.8])
        """
        v = self.as_array()
        nz = np.flatnonzero(np.abs(v) > 0)
        if nz.size == 0:
            return v
        v = v / np.linalg.norm(v)
        return v if v[nz[0]] > 0 else -v

    def __repr__(self) -> str:
        shown = ", ".join(f"p{''.join(map(str, I))}={v}" for I, v in list(zip(self.indices, self.values))[:8])
        more = "" if len(self.values) <= 8 else f", ... ({len(self.values)} coordinates)"
        return f"PlueckerVector(G({self.k},{self.m}), {'exact' if self.exact else 'float'}: {shown}{more})"


def _exact_out(x):
    return int(x.p) if x.q == 1 else Fraction(int(x.p), int(x.q))


def pluecker_coordinates(A, exact: bool | None = None) -> PlueckerVector:
    """Plücker coordinates of the span of the k columns of A (an m x k basis).

    Parameters
    ----------
    A : array_like
        (m, k) matrix of rank k.
    exact : bool, optional
        Default: exact (flint ``fmpq_mat`` determinants) iff A is rational.

    Returns
    -------
    PlueckerVector
        p_I = det A[I, :] for the k-subsets I of rows, lexicographic.
        Another basis A G gives det(G) times the same vector.

    Examples
    --------
    >>> pv = pluecker_coordinates([[1, 0], [0, 1], [1, 1], [2, 3]])
    >>> pv.indices[:3], pv.values
    (((0, 1), (0, 2), (0, 3)), (1, 1, 3, -1, -2, 1))
    >>> pv[(3, 2)]
    -1
    """
    M = as_weight_matrix(A, exact)
    m, k = M.shape
    if k > m:
        raise ParameterError(f"{k} columns in R^{m} cannot be independent",
                             hint="pass an m x k basis with k <= m")
    idx = tuple(itertools.combinations(range(m), k))
    if M.dtype == object:
        F = _fmpq_mat(M)
        rows = [[F[i, j] for j in range(k)] for i in range(m)]
        vals = tuple(_exact_out(flint.fmpq_mat(k, k, [x for i in I for x in rows[i]]).det()) for I in idx)
        exact = True
    else:
        vals = tuple(float(np.linalg.det(M[list(I), :])) if k else 1.0 for I in idx)
        exact = False
    if all(v == 0 for v in vals) and exact:
        raise ParameterError("the columns are linearly dependent (all Plücker coordinates vanish)",
                             hint="pass a basis: k independent columns")
    return PlueckerVector(k, m, idx, vals, exact)


def pluecker_relations(pv: PlueckerVector, nontrivial_only: bool = True) -> list:
    """Values of the Grassmann–Plücker relations at ``pv`` (all zero iff pv is a k-plane).

    For I of size k−1 and J = (j_0 < ... < j_k) of size k+1:
    Σ_l (−1)^l p(I, j_l) p(J \\ j_l) = 0.

    Parameters
    ----------
    pv : PlueckerVector
        Coordinates to test (exact values give exact residuals).
    nontrivial_only : bool
        Skip the pairs (I, J) whose relation is identically zero
        (|J \\ I| < 3).

    Returns
    -------
    list of (I, J, value)

    Examples
    --------
    >>> pv = pluecker_coordinates([[1, 0], [0, 1], [1, 1], [2, 3]])
    >>> [v for _, _, v in pluecker_relations(pv)]
    [0, 0, 0, 0]
    >>> bad = PlueckerVector(2, 4, pv.indices, (1, 0, 0, 0, 0, 1), True)   # p01 p23 = 1
    >>> sorted({v for _, _, v in pluecker_relations(bad)})
    [-1, 1]
    """
    if not isinstance(pv, PlueckerVector):
        raise ParameterError("expected a PlueckerVector", hint="use pluecker_coordinates(A)")
    k, m = pv.k, pv.m
    out = []
    if k == 0 or k == m:
        return out
    for I in itertools.combinations(range(m), k - 1):
        for J in itertools.combinations(range(m), k + 1):
            if nontrivial_only and len(set(J) - set(I)) < 3:
                continue
            total = 0
            for l, j in enumerate(J):
                a = pv[I + (j,)]
                if a == 0:
                    continue
                total += (-1) ** l * a * pv[J[:l] + J[l + 1:]]
            out.append((I, J, total))
    return out


@dataclass(frozen=True, eq=False)
class PlaneCluster:
    """A cluster of k-planes spanned by k-subsets of features.

    Attributes
    ----------
    k : int
    size : int
        Number of k-subsets whose planes fell in the cluster.
    features : tuple of int
        Features lying in the cluster's plane (sin of angle <= tol).
    orthogonal : tuple of int
        Features orthogonal to the plane (|cos| to it <= tol).
    projector : numpy.ndarray
        Projector of the cluster centre (top-k eigenprojector of the mean).
    spread : float
        Largest chordal distance from a member to the centre.
    is_summand : bool
        Every represented feature lies in the plane or is orthogonal to it,
        and the plane holds more than k features.

    Examples
    --------
    >>> g = grassmannian_summands(np.array([[1.0, -1.0, 0.0], [0.0, 0.0, 1.0]]))
    >>> g.clusters[0].k, g.clusters[0].features, g.clusters[0].is_summand
    (1, (0, 1), True)
    """

    k: int
    size: int
    features: tuple
    orthogonal: tuple
    projector: np.ndarray
    spread: float
    is_summand: bool

    def __repr__(self) -> str:
        return (f"PlaneCluster(k={self.k}, subsets={self.size}, features={list(self.features)}, "
                f"spread={self.spread:.2g}, summand={self.is_summand})")


@dataclass(frozen=True, eq=False)
class GrassmannianClustering:
    """Direct-sum summands recovered by clustering the planes of feature subsets.

    Attributes
    ----------
    summands : tuple of tuple of int
        Minimal summand planes' features, then the features orthogonal to
        every other feature (one-feature summands), ordered by first index.
    dimensions : tuple of int
        Dimension of each summand's plane.
    unresolved : tuple of int
        Represented features in no summand found (their summand has
        dimension > kmax, or the tolerances are too tight).
    unrepresented : tuple of int
    clusters : tuple of PlaneCluster
        Every cluster with at least 2 subsets, for all k.
    kmax, eps, tol, norm_tol : parameters used
    n_planes : int
        Number of k-subsets whose planes were computed (dependent subsets are skipped).
    method : str

    Examples
    --------
    >>> g = grassmannian_summands(np.array([[1.0, -1.0, 0.0], [0.0, 0.0, 1.0]]))
    >>> g.summands, g.dimensions, g.n_planes
    (((0, 1), (2,)), (1, 1), 5)
    """

    summands: tuple
    dimensions: tuple
    unresolved: tuple
    unrepresented: tuple
    clusters: tuple
    kmax: int
    eps: float
    tol: float
    norm_tol: float
    n_planes: int
    method: str

    def __repr__(self) -> str:
        parts = " ⊕ ".join(f"{len(s)} in {d}d" for s, d in zip(self.summands, self.dimensions))
        return (f"GrassmannianClustering({parts or 'empty'}; summands={list(self.summands)}, "
                f"unresolved={list(self.unresolved)}, unrepresented={list(self.unrepresented)}; "
                f"{self.n_planes} planes for k<={self.kmax}, {len(self.clusters)} clusters, "
                f"eps={self.eps}, tol={self.tol}; {self.method})")


def _components(X, eps2, chunk=512):
    """Connected components of the graph 'squared distance <= eps2' on the rows of X.

    Breadth-first search with vectorised neighbour queries against the
    not yet visited rows, so no edge list is ever stored (a single plane
    spanned by thousands of subsets would give millions of edges).
    """
    N = X.shape[0]
    sq = np.einsum("ij,ij->i", X, X)
    unvisited = np.ones(N, dtype=bool)
    comps = []
    for start in range(N):
        if not unvisited[start]:
            continue
        unvisited[start] = False
        comp = [start]
        frontier = np.array([start])
        while frontier.size:
            rest = np.flatnonzero(unvisited)
            if rest.size == 0:
                break
            found = np.zeros(rest.size, dtype=bool)
            for a in range(0, frontier.size, chunk):
                f = frontier[a:a + chunk]
                D = sq[f, None] + sq[None, rest] - 2.0 * X[f] @ X[rest].T
                found |= (D <= eps2).any(axis=0)
            frontier = rest[found]
            unvisited[frontier] = False
            comp.extend(frontier.tolist())
        comps.append(sorted(comp))
    return comps


def grassmannian_summands(W, kmax: int | None = None, eps: float = 0.1, tol: float = 0.1,
                          norm_tol: float = 0.1, cond_tol: float = 0.05, max_planes: int = 20000,
                          force: bool = False, show_progress: bool = False) -> GrassmannianClustering:
    """Recover the direct-sum summands of a feature configuration from its k-planes.

    For k = 1..kmax, every k-subset S of the represented features whose
    normalised columns are well conditioned (smallest singular value >=
    ``cond_tol`` times the largest) spans a k-plane; its projector is a
    point of G(k, m). Projectors within chordal distance ``eps`` are linked
    and the connected components (single linkage, i.e. DBSCAN with
    min_samples = 2) with at least 2 subsets are the clusters. A cluster's
    plane is a *summand* when it holds more than k features and every
    other represented feature is orthogonal to it (this discards the
    "pyramid" planes spanned by a summand and a foreign feature). The
    minimal summand planes (containing no smaller one) are returned.

    Parameters
    ----------
    W : array_like or ToyModel
        (m, n) weights, columns = features (floats; rational input is
        converted to floats).
    kmax : int, optional
        Largest plane dimension tried (default min(m, 4)).
    eps : float
        Linking distance of projectors (chordal).
    tol : float
        A feature lies in a plane when sin(angle) <= tol and is orthogonal
        to it when cos(angle) <= tol.
    norm_tol : float
        Features with norm <= norm_tol times the largest are not represented.
    cond_tol : float
        Skip nearly dependent subsets (they span a smaller plane, found at
        a smaller k).
    max_planes : int
        Refuse (TooLargeError) when Σ_k C(n, k) exceeds this, unless ``force``.
    force : bool
    show_progress : bool
        tqdm bar over k.

    Returns
    -------
    GrassmannianClustering

    Raises
    ------
    TooLargeError
        Too many subsets; the estimate is in ``planes``.

    Notes
    -----
    Projectors are basis-free, so unlike reduced-echelon representatives
    they do not jump when a perturbation changes pivot positions. Cost:
    Σ_k C(n, k) batched SVDs plus a chunked O(N² m²) neighbour search per k.

    Examples
    --------
    >>> from algnet.superposition.polytopes import regular_polygon, direct_sum, perturb
    >>> W = perturb(direct_sum(regular_polygon(5), regular_polygon(3)), 1e-3, seed=0)
    >>> grassmannian_summands(W).summands
    ((0, 1, 2, 3, 4), (5, 6, 7))
    """
    A = np.asarray(as_weight_matrix(W, exact=False))
    m, n = A.shape
    if kmax is None:
        kmax = min(m, 4)
    if not isinstance(kmax, (int, np.integer)) or not 1 <= kmax <= m:
        raise ParameterError(f"kmax must be an integer in [1, {m}], got {kmax!r}", hint="planes live in R^m")
    for name, v in (("eps", eps), ("tol", tol), ("norm_tol", norm_tol), ("cond_tol", cond_tol)):
        if not 0 <= v < 1:
            raise ParameterError(f"{name} must lie in [0, 1), got {v}", hint="e.g. 0.1")
    nr = np.linalg.norm(A, axis=0)
    rep = [i for i in range(n) if nr.max() > 0 and nr[i] > norm_tol * nr.max()]
    unrep = tuple(i for i in range(n) if i not in set(rep))
    total = sum(math.comb(len(rep), k) for k in range(1, kmax + 1))
    if total > max_planes and not force:
        raise TooLargeError(f"{total} feature subsets (k <= {kmax}) exceed max_planes={max_planes}",
                            hint="lower kmax, use direct_sum_decomposition (graph components), or force=True",
                            planes=total)
    U = A[:, rep] / nr[rep] if rep else A[:, :0]
    clusters = []
    n_planes = 0
    ks = range(1, kmax + 1)
    if show_progress:
        from tqdm.auto import tqdm

        ks = tqdm(ks, desc="k-planes", unit="k")
    for k in ks:
        if len(rep) < k:
            break
        combos = np.array(list(itertools.combinations(range(len(rep)), k)), dtype=int)
        B = np.transpose(U[:, combos], (1, 0, 2))            # (N, m, k)
        Ub, s, _ = np.linalg.svd(B, full_matrices=False)
        good = s[:, -1] >= cond_tol * s[:, 0]
        combos, Ub = combos[good], Ub[good]
        n_planes += len(combos)
        if len(combos) < 2:
            continue
        P = Ub @ np.transpose(Ub, (0, 2, 1))                  # (N, m, m)
        X = P.reshape(len(P), -1)
        # ‖P − Q‖_F² = 2 (chordal distance)²
        for comp in _components(X, 2.0 * eps * eps):
            if len(comp) < 2:
                continue
            mean = P[comp].mean(axis=0)
            w, V = np.linalg.eigh(mean)
            C = V[:, -k:] @ V[:, -k:].T
            inside = np.linalg.norm(U - C @ U, axis=0)        # sin of angle to plane
            along = np.linalg.norm(C @ U, axis=0)             # cos of angle to plane
            feats = tuple(rep[i] for i in range(len(rep)) if inside[i] <= tol)
            orth = tuple(rep[i] for i in range(len(rep)) if along[i] <= tol)
            spread = max(float(np.linalg.norm(P[c] - C)) / math.sqrt(2) for c in comp)
            summand = len(feats) > k and len(feats) + len(orth) == len(rep)
            clusters.append(PlaneCluster(k, len(comp), feats, orth, C, spread, summand))
    cands = {}
    for c in clusters:
        if c.is_summand and c.features not in cands:
            cands[c.features] = c.k
    minimal = [F for F in cands if not any(set(G) < set(F) for G in cands)]
    covered = set(itertools.chain.from_iterable(minimal))
    C = np.abs(U.T @ U) if rep else np.zeros((0, 0))
    singles, unresolved = [], []
    for a, i in enumerate(rep):
        if i in covered:
            continue
        if all(C[a, b] <= tol for b in range(len(rep)) if b != a):
            singles.append((i,))
        else:
            unresolved.append(i)
    summands = sorted([tuple(F) for F in minimal] + singles, key=lambda F: F[0])
    dims = tuple(cands.get(F, 1) for F in summands)
    return GrassmannianClustering(
        summands=tuple(summands), dimensions=dims, unresolved=tuple(unresolved), unrepresented=unrep,
        clusters=tuple(clusters), kmax=int(kmax), eps=eps, tol=tol, norm_tol=norm_tol,
        n_planes=n_planes,
        method="single-linkage clustering of subset projectors by chordal distance")
