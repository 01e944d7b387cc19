"""Small feature configurations of the toy models and their recognition.

The paper observes features organised as antipodal pairs (1/2 dimension
per feature), triangles (2/3), pentagons (2/5), tetrahedra (3/4) and square
antiprisms (3/8), and their tegum products (orthogonal direct sums), e.g.
the triangular bipyramid = triangle ⊕ antipodal pair. This module builds
these configurations (columns = feature vectors), direct sums, exact
rational rotations and perturbations, and recognises a configuration from
its Gram matrix: a summand matches a reference when the two normalised
Gram matrices agree within ``tol`` after a simultaneous permutation
(checked as an isomorphism of complete graphs whose edges carry cosines).

Source: Elhage et al., *Toy models of superposition* (2022,
arXiv:2209.10652), section "The geometry of superposition".

Examples
--------
>>> r = recognize_configuration(direct_sum(regular_polygon(3), antipodal_pair()))
>>> r.summand_names, r.name
(('triangle', 'antipodal pair'), 'triangular bipyramid')
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from fractions import Fraction

import networkx as nx
import numpy as np

from algnet.errors import ParameterError
from algnet.superposition.geometry import (
    DirectSumDecomposition,
    as_weight_matrix,
    cosine_matrix,
    direct_sum_decomposition,
    numerical_rank,
)

__all__ = [
    "antipodal_pair",
    "regular_polygon",
    "tetrahedron",
    "octahedron",
    "square_antiprism",
    "rational_triangle",
    "direct_sum",
    "random_rotation",
    "cayley_rotation",
    "perturb",
    "identify_summand",
    "Recognition",
    "recognize_configuration",
    "POLYGON_NAMES",
    "TEGUM_NAMES",
]

POLYGON_NAMES = {3: "triangle", 4: "square", 5: "pentagon", 6: "hexagon", 7: "heptagon", 8: "octagon"}

#: names of tegum products (orthogonal direct sums) of named summands
TEGUM_NAMES = {
    ("antipodal pair", "antipodal pair"): "square",
    ("antipodal pair", "antipodal pair", "antipodal pair"): "octahedron",
    ("antipodal pair", "triangle"): "triangular bipyramid",
    ("antipodal pair", "square"): "octahedron",
    ("antipodal pair", "pentagon"): "pentagonal bipyramid",
    ("antipodal pair", "hexagon"): "hexagonal bipyramid",
}


def antipodal_pair(exact: bool = True) -> np.ndarray:
    """The digon: features e and −e in R^1 (1 x 2).

    Examples
    --------
    >>> antipodal_pair()
    array([[ 1, -1]])
    """
    return np.array([[1, -1]]) if exact else np.array([[1.0, -1.0]])


def regular_polygon(N: int, radius: float = 1.0, phase: float = 0.0) -> np.ndarray:
    """N unit vectors at angles phase + 2πj/N in R^2 (2 x N), times ``radius``.

    Examples
    --------
    >>> np.abs(np.round(regular_polygon(4), 6))
    array([[1., 0., 1., 0.],
           [0., 1., 0., 1.]])
    """
    if not isinstance(N, (int, np.integer)) or N < 2:
        raise ParameterError(f"a polygon needs N >= 2 vertices, got {N!r}", hint="e.g. N=5")
    t = phase + 2 * np.pi * np.arange(N) / N
    return radius * np.vstack([np.cos(t), np.sin(t)])


def rational_triangle() -> np.ndarray:
    """An exact equilateral triangle: (1,−1,0), (0,1,−1), (−1,0,1) in the plane x+y+z = 0 of R^3.

    Examples
    --------
    >>> rational_triangle().sum(axis=0)
    array([0, 0, 0])
    """
    return np.array([[1, 0, -1], [-1, 1, 0], [0, -1, 1]])


def tetrahedron() -> np.ndarray:
    """Regular tetrahedron with integer vertices (±1 coordinates), 3 x 4; cosines −1/3.

    Examples
    --------
    >>> tetrahedron().T @ tetrahedron()
    array([[ 3, -1, -1, -1],
           [-1,  3, -1, -1],
           [-1, -1,  3, -1],
           [-1, -1, -1,  3]])
    """
    return np.array([[1, 1, -1, -1], [1, -1, 1, -1], [1, -1, -1, 1]])


def octahedron() -> np.ndarray:
    """±e_1, ±e_2, ±e_3 (3 x 6): three orthogonal antipodal pairs.

    Examples
    --------
    >>> octahedron().shape
    (3, 6)
    """
    return np.array([[1, -1, 0, 0, 0, 0], [0, 0, 1, -1, 0, 0], [0, 0, 0, 0, 1, -1]])


def square_antiprism(height: float | None = None) -> np.ndarray:
    """Unit square antiprism (3 x 8): two squares at heights ±h, rotated by 45° against each other.

    Parameters
    ----------
    height : float, optional
        h in (0, 1); the squares have radius sqrt(1 − h²). Default
        h = 1/√3, the tight frame: Σ_i u_i u_iᵀ = (8/3) I, so every feature
        has dimensionality exactly 3/8, the value the paper reports (for
        equal norms, all D_i = d/N holds only for a tight frame). Trained
        toy models land near h² ≈ 0.27 (close to the equilateral antiprism,
        h² = (√2/4)/(1 + √2/4) ≈ 0.26), so recognition accepts the whole family.

    Examples
    --------
    >>> X = square_antiprism(); bool(np.allclose(X @ X.T, 8 / 3 * np.eye(3)))
    True
    """
    h = math.sqrt(1.0 / 3.0) if height is None else float(height)
    if not 0 < h < 1:
        raise ParameterError(f"height must lie in (0, 1), got {height}", hint="the vertices are unit vectors")
    r = math.sqrt(1.0 - h * h)
    t = np.pi / 2 * np.arange(4)
    top = np.vstack([r * np.cos(t), r * np.sin(t), np.full(4, h)])
    bot = np.vstack([r * np.cos(t + np.pi / 4), r * np.sin(t + np.pi / 4), np.full(4, -h)])
    return np.hstack([top, bot])


def direct_sum(*blocks) -> np.ndarray:
    """Block-diagonal direct sum of configurations (features of each block in its own coordinates).

    Exact when every block is rational (object array of Fractions).

    Examples
    --------
    >>> direct_sum(antipodal_pair(), [[1, 2]])
    array([[Fraction(1, 1), Fraction(-1, 1), Fraction(0, 1), Fraction(0, 1)],
           [Fraction(0, 1), Fraction(0, 1), Fraction(1, 1), Fraction(2, 1)]], dtype=object)
    """
    if not blocks:
        raise ParameterError("direct_sum needs at least one block", hint="e.g. direct_sum(regular_polygon(5))")
    mats = [as_weight_matrix(B) for B in blocks]
    exact = all(M.dtype == object for M in mats)
    mats = [as_weight_matrix(M, exact=exact) for M in mats]
    m = sum(M.shape[0] for M in mats)
    n = sum(M.shape[1] for M in mats)
    out = np.full((m, n), Fraction(0), dtype=object) if exact else np.zeros((m, n))
    r = c = 0
    for M in mats:
        out[r:r + M.shape[0], c:c + M.shape[1]] = M
        r += M.shape[0]
        c += M.shape[1]
    return out


def random_rotation(m: int, seed: int | None = None) -> np.ndarray:
    """Haar-random orthogonal m x m matrix (QR of a Gaussian matrix with sign fix).

    Examples
    --------
    >>> Q = random_rotation(4, seed=0); bool(np.allclose(Q.T @ Q, np.eye(4)))
    True
    """
    if not isinstance(m, (int, np.integer)) or m < 1:
        raise ParameterError(f"dimension must be a positive integer, got {m!r}", hint="e.g. m=3")
    rng = np.random.default_rng(seed)
    Q, R = np.linalg.qr(rng.normal(size=(m, m)))
    return Q * np.sign(np.diag(R))


def cayley_rotation(m: int, seed: int | None = None, height: int = 3) -> np.ndarray:
    """Exact rational orthogonal matrix Q = (I − K)(I + K)⁻¹ for a random integer skew K.

    Examples
    --------
    >>> Q = cayley_rotation(3, seed=1)
    >>> bool((Q.T.dot(Q) == np.eye(3, dtype=int)).all())
    True
    """
    from algnet.core.numbers import fmpq_mat

    if not isinstance(m, (int, np.integer)) or m < 1:
        raise ParameterError(f"dimension must be a positive integer, got {m!r}", hint="e.g. m=3")
    rng = np.random.default_rng(seed)
    K = np.zeros((m, m), dtype=int)
    iu = np.triu_indices(m, 1)
    K[iu] = rng.integers(-height, height + 1, size=len(iu[0]))
    K = K - K.T
    I = fmpq_mat(m, m, [int(i == j) for i in range(m) for j in range(m)])
    Km = fmpq_mat(m, m, [int(x) for x in K.ravel()])
    Q = (I - Km) * (I + Km).inv()  # I + K is invertible for real skew K
    return np.array([[Fraction(int(x.p), int(x.q)) for x in row] for row in Q.tolist()], dtype=object)


def perturb(W, scale: float, seed: int | None = None, rotate: bool = False) -> np.ndarray:
    """W plus i.i.d. Gaussian noise of standard deviation ``scale`` on every entry.

    Parameters
    ----------
    W : array_like
    scale : float
    seed : int, optional
    rotate : bool
        First apply a Haar-random rotation of R^m (same seed), so that the
        summands no longer sit in coordinate subspaces.

    Examples
    --------
    >>> P = perturb(regular_polygon(3), 1e-3, seed=0)
    >>> bool(np.abs(P - regular_polygon(3)).max() < 1e-2)
    True
    """
    A = np.asarray(as_weight_matrix(W, exact=False))
    if not scale >= 0:
        raise ParameterError(f"scale must be >= 0, got {scale}", hint="e.g. 1e-3")
    rng = np.random.default_rng(seed)
    if rotate:
        A = random_rotation(A.shape[0], seed=rng.integers(2**31)) @ A
    return A + scale * rng.normal(size=A.shape)


def _references(N: int, d: int):
    refs = []
    if d == 1 and N == 2:
        refs.append(("antipodal pair", antipodal_pair(exact=False)))
    if d == 2 and N >= 3:
        refs.append((POLYGON_NAMES.get(N, f"regular {N}-gon"), regular_polygon(N)))
    if d == 3 and N == 4:
        refs.append(("tetrahedron", tetrahedron().astype(float)))
    if d == 3 and N == 8:  # a one-parameter family: scan the height finely (cosines move by < tol/2)
        refs.extend(("square antiprism", square_antiprism(math.sqrt(h2))) for h2 in np.linspace(0.04, 0.76, 37))
    if d == 3 and N == 6:
        refs.append(("octahedron", octahedron().astype(float)))
    if d == 3 and N == 5:
        refs.append(("triangular bipyramid", direct_sum(regular_polygon(3), antipodal_pair(exact=False))))
    if d == 3 and N == 7:
        refs.append(("pentagonal bipyramid", direct_sum(regular_polygon(5), antipodal_pair(exact=False))))
    return refs


def _same_gram(C1, C2, tol) -> bool:
    """Whether two cosine matrices agree within tol after a simultaneous permutation."""
    n = C1.shape[0]
    if n != C2.shape[0]:
        return False
    iu = np.triu_indices(n, 1)
    if np.abs(np.sort(C1[iu]) - np.sort(C2[iu])).max(initial=0.0) > tol:
        return False
    g1, g2 = nx.complete_graph(n), nx.complete_graph(n)
    for i, j in zip(*iu):
        g1.edges[i, j]["c"] = C1[i, j]
        g2.edges[i, j]["c"] = C2[i, j]
    return nx.is_isomorphic(g1, g2, edge_match=lambda a, b: abs(a["c"] - b["c"]) <= tol)


def identify_summand(V, tol: float = 0.1) -> str | None:
    """Name of the configuration of the columns of V, or None if it matches no reference.

    The columns must have equal norms within the relative tolerance
    ``tol``; their cosine matrix is compared with the references of the
    same size and dimension (antipodal pair, regular N-gons, tetrahedron,
    octahedron, bipyramids, square antiprisms of any height). A single vector is
    "dedicated dimension".

    Examples
    --------
    >>> identify_summand(regular_polygon(5) * 1.1)
    'pentagon'
    >>> identify_summand(np.array([[1.0, 0.2], [0.0, 1.0]])) is None
    True
    """
    A = np.asarray(as_weight_matrix(V, exact=False))
    N = A.shape[1]
    nr = np.linalg.norm(A, axis=0)
    if nr.min() == 0:
        return None
    if N == 1:
        return "dedicated dimension"
    if nr.max() > (1 + tol) * nr.min():
        return None
    d = numerical_rank(A / nr, 0.1)
    C = cosine_matrix(A)
    for name, R in _references(N, d):
        if _same_gram(C, cosine_matrix(R), tol):
            return name
    return None


@dataclass(frozen=True)
class Recognition:
    """Names of the summands of a configuration and of their tegum product.

    Attributes
    ----------
    summand_names : tuple of str or None
        One per summand of ``decomposition`` (None: not a known configuration).
    name : str
        The whole configuration (a known tegum product, or the summand names
        joined by ⊕, "unrecognised" parts shown as "N in dd").
    decomposition : DirectSumDecomposition
    dimensionality : tuple of float
        dim/size of each summand (the paper's fraction of a dimension per feature).
    tol : float

    Examples
    --------
    >>> r = recognize_configuration(tetrahedron())
    >>> r.name, r.dimensionality
    ('tetrahedron', (0.75,))
    """

    summand_names: tuple
    name: str
    decomposition: DirectSumDecomposition
    dimensionality: tuple
    tol: float

    @property
    def formula(self) -> str:
        """The summands joined by ⊕, e.g. 'triangle ⊕ antipodal pair'."""
        dec = self.decomposition
        return " ⊕ ".join(nm or f"unrecognised {len(s)} in {d}d"
                          for nm, s, d in zip(self.summand_names, dec.summands, dec.dimensions)) or "0"

    def __repr__(self) -> str:
        return (f"Recognition({self.name!r}: summands {list(self.decomposition.summands)} = "
                f"{list(self.summand_names)}, dimensions/feature "
                f"{[round(x, 3) for x in self.dimensionality]}, tol={self.tol})")


def recognize_configuration(W, tol: float = 0.1, norm_tol: float = 0.1,
                            decomposition: DirectSumDecomposition | None = None) -> Recognition:
    """Decompose W into orthogonal summands and name each one and the whole.

    Parameters
    ----------
    W : array_like or ToyModel
        (m, n) weights, columns = features.
    tol : float
        Cosine tolerance for orthogonality and for matching the references.
    norm_tol : float
        Relative norm below which a feature is not represented.
    decomposition : DirectSumDecomposition, optional
        Use this decomposition (e.g. from exact arithmetic) instead of
        computing one.

    Returns
    -------
    Recognition

    Examples
    --------
    >>> recognize_configuration(regular_polygon(5)).name
    'pentagon'
    >>> recognize_configuration(octahedron()).name
    'octahedron'
    """
    A = as_weight_matrix(W)
    dec = decomposition or direct_sum_decomposition(A, tol=tol, norm_tol=norm_tol)
    F = np.asarray(A, dtype=float) if A.dtype != object else A.astype(float)
    names = tuple(identify_summand(F[:, list(s)], tol) for s in dec.summands)
    key = tuple(sorted(x for x in names if x is not None))
    if not names:
        name = "empty (no represented features)"
    elif len(names) == 1:
        name = names[0] or f"unrecognised {len(dec.summands[0])} in {dec.dimensions[0]}d"
    elif None not in names and key in TEGUM_NAMES:
        name = TEGUM_NAMES[key]
    else:
        name = None
    rec = Recognition(names, name or "", dec, tuple(d / len(s) for s, d in zip(dec.summands, dec.dimensions)), tol)
    return rec if name else dataclasses.replace(rec, name=rec.formula)
