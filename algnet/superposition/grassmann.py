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
J. Pfeifle, "Toy models of superposition", UB seminar 2022).

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

import math
from fractions import Fraction

import numpy as np

from algnet.core.matrix import to_fmpq_mat
from algnet.errors import ParameterError
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
# Plücker coordinates live in :mod:`algnet.superposition.pluecker`, the clustering of feature planes in
# :mod:`algnet.superposition.clustering`; their names are re-exported at the end of this module.


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
    R, r = to_fmpq_mat(A).rref()
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
        B = to_fmpq_mat(M[:, piv])
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


from algnet.superposition.clustering import GrassmannianClustering, PlaneCluster, grassmannian_summands  # noqa: E402
from algnet.superposition.pluecker import PlueckerVector, pluecker_coordinates, pluecker_relations  # noqa: E402
