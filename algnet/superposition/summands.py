"""What the two summand recoveries share: linked components, the plane of a cluster, summands from clusters.

:func:`~algnet.superposition.clustering.grassmannian_summands` clusters the
k-planes of feature subsets, :func:`~algnet.superposition.circumsphere.sphere_clustering`
their circumspheres; both link close points (:func:`linked_components`),
take the mean plane of a cluster and the features in it or orthogonal to it
(:func:`cluster_plane`), and assemble the summands from the clusters that
split the features (:func:`summands_from_clusters`).

Examples
--------
>>> import numpy as np
>>> U = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])       # three orthogonal features
>>> summands_from_clusters({}, U, [0, 1, 2], tol=0.1)                        # no cluster: three singletons
([(0,), (1,), (2,)], (1, 1, 1), ())
"""

from __future__ import annotations

import itertools

import numpy as np

__all__ = ["linked_components", "cluster_plane", "summands_from_clusters"]


def linked_components(X, eps2: float, chunk: int = 512) -> list:
    """Connected components of the graph 'squared distance <= eps2' on the rows of X.

    Breadth-first search with vectorised neighbour queries against the
    not yet visited rows, so no edge list is ever stored (a single plane
    spanned by thousands of subsets would give millions of edges).

    Examples
    --------
    >>> import numpy as np
    >>> linked_components(np.array([[0.0], [0.1], [0.2], [5.0]]), 0.01 + 1e-12)     # a chain and a loner
    [[0, 1, 2], [3]]
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


def cluster_plane(projectors, k: int, U, rep, tol: float):
    """The k-plane of a cluster (top k eigenvectors of its mean projector) and the features it holds.

    Parameters
    ----------
    projectors : array (N, m, m)
        Orthogonal projectors of the cluster's members.
    k : int
    U : array (m, n)
        Unit feature directions (columns), ``rep`` their feature indices.
    tol : float
        A feature lies in the plane when the sine of its angle to it is
        <= tol, is orthogonal to it when the cosine is <= tol.

    Returns
    -------
    projector : array (m, m)
    inside, orthogonal : tuple of int
        Feature indices (from ``rep``).

    Examples
    --------
    >>> import numpy as np
    >>> P = np.diag([1.0, 1.0, 0.0])[None]                # the plane z = 0
    >>> U = np.array([[1.0, 0.6, 0.0], [0.0, 0.8, 0.0], [0.0, 0.0, 1.0]])
    >>> C, inside, orth = cluster_plane(P, 2, U, [4, 5, 6], tol=0.1)
    >>> inside, orth
    ((4, 5), (6,))
    """
    w, V = np.linalg.eigh(np.asarray(projectors).mean(axis=0))
    C = V[:, -k:] @ V[:, -k:].T
    sin = np.linalg.norm(U - C @ U, axis=0)             # sine of the angle to the plane
    cos = np.linalg.norm(C @ U, axis=0)                 # cosine of the angle to the plane
    inside = tuple(rep[i] for i in range(len(rep)) if sin[i] <= tol)
    orth = tuple(rep[i] for i in range(len(rep)) if cos[i] <= tol)
    return C, inside, orth


def summands_from_clusters(candidates: dict, U, rep, tol: float):
    """Summands from the clusters that split the features, and the features left unresolved.

    ``candidates`` maps the features of each summand cluster to its plane
    dimension; the minimal ones (containing no other) are summands, and a
    feature outside them is a summand of its own when it is orthogonal
    (cosine <= ``tol``) to every other feature, else unresolved.

    Returns
    -------
    summands : list of tuple
        Sorted by first feature.
    dimensions : tuple of int
    unresolved : tuple of int

    Examples
    --------
    >>> import numpy as np
    >>> U = np.array([[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.6], [0.0, 0.0, 1.0, 0.8]])
    >>> summands_from_clusters({(0, 1, 2): 3, (1, 2): 2}, U, [0, 1, 2, 3], tol=0.1)
    ([(0,), (1, 2)], (1, 2), (3,))
    """
    minimal = [F for F in candidates if not any(set(G) < set(F) for G in candidates)]
    covered = set(itertools.chain.from_iterable(minimal))
    cos = np.abs(U.T @ U) if rep else np.zeros((0, 0))
    singles, unresolved = [], []
    for a, i in enumerate(rep):
        if i in covered:
            continue
        if all(cos[a, b] <= tol for b in range(len(rep)) if b != a):
            singles.append((i,))
        else:
            unresolved.append(i)
    summands = sorted([tuple(F) for F in minimal] + singles, key=lambda F: F[0])
    return summands, tuple(candidates.get(F, 1) for F in summands), tuple(unresolved)
