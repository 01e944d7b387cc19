"""Recovery of direct-sum summands by clustering the planes of feature subsets.

Every well-conditioned k-subset of (normalised) features spans a k-plane,
represented by its orthogonal projector (:func:`~algnet.superposition.grassmann.projector`),
a basis-free point of G(k, m); planes within chordal distance ``eps`` are
linked, and clusters whose plane contains more than k features, with every
other feature orthogonal to it, are summands.

Examples
--------
>>> from algnet.superposition.polytopes import antipodal_pair, direct_sum, regular_polygon
>>> W = direct_sum(antipodal_pair(), regular_polygon(3))    # a line and a plane, orthogonal
>>> grassmannian_summands(W).summands
((0, 1), (2, 3, 4))
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from algnet.errors import ParameterError, TooLargeError
from algnet.superposition.geometry import as_weight_matrix
from algnet.superposition.summands import cluster_plane, linked_components, summands_from_clusters

__all__ = ["PlaneCluster", "GrassmannianClustering", "grassmannian_summands"]


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
    from algnet.guards import check_flag

    force = check_flag(force)        # a string such as "no" is bad input, not a request
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
        for comp in linked_components(X, 2.0 * eps * eps):
            if len(comp) < 2:
                continue
            C, feats, orth = cluster_plane(P[comp], k, U, rep, tol)
            spread = max(float(np.linalg.norm(P[c] - C)) / math.sqrt(2) for c in comp)
            summand = len(feats) > k and len(feats) + len(orth) == len(rep)
            clusters.append(PlaneCluster(k, len(comp), feats, orth, C, spread, summand))
    cands = {}
    for c in clusters:
        if c.is_summand and c.features not in cands:
            cands[c.features] = c.k
    summands, dims, unresolved = summands_from_clusters(cands, U, rep, tol)
    return GrassmannianClustering(
        summands=tuple(summands), dimensions=dims, unresolved=unresolved, unrepresented=unrep,
        clusters=tuple(clusters), kmax=int(kmax), eps=eps, tol=tol, norm_tol=norm_tol,
        n_planes=n_planes,
        method="single-linkage clustering of subset projectors by chordal distance")
