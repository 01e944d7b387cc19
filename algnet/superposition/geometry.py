"""Feature geometry of a weight matrix W (columns = feature directions).

Two features *interfere* when their directions are not orthogonal. The
graph of interfering pairs splits the represented features into connected
components; features in different components are orthogonal, so their
spans are orthogonal subspaces and the configuration is the orthogonal
direct sum (the *tegum product*) of the components. This is the finest such
splitting: a set of vectors whose non-orthogonality graph is connected
cannot be split into two mutually orthogonal non-empty parts.

For rational W (ints, Fractions, flint fmpq) the Gram matrix and the ranks
are computed exactly over QQ and the decomposition is certified; for float
W (trained weights) pairs count as orthogonal when |cos| <= ``tol`` and
features with norm below ``norm_tol`` times the largest norm count as not
represented.

Examples
--------
>>> W = np.array([[1, -1, 0, 0, 0], [0, 0, 1, 1, -2], [0, 0, 1, -1, 0]])
>>> d = direct_sum_decomposition(W)
>>> d.summands, d.dimensions, d.certified
(((0, 1), (2, 3, 4)), (1, 2), True)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import networkx as nx
import numpy as np

from algnet.core.numbers import fmpq, fmpq_mat, fmpz
from algnet.errors import ParameterError

__all__ = [
    "as_weight_matrix",
    "is_exact",
    "feature_norms",
    "gram_matrix",
    "cosine_matrix",
    "feature_dimensionality",
    "interference_graph",
    "DirectSumDecomposition",
    "direct_sum_decomposition",
    "numerical_rank",
]

_EXACT_TYPES = (int, np.integer, Fraction, fmpz, fmpq)


def is_exact(W) -> bool:
    """True when every entry of W is an exact rational (int, Fraction, fmpz, fmpq).

    Examples
    --------
    >>> is_exact([[1, Fraction(1, 2)]]), is_exact([[1.0, 2.0]])
    (True, False)
    """
    A = np.asarray(W, dtype=object) if not isinstance(W, np.ndarray) else W
    if A.dtype != object:
        return bool(np.issubdtype(A.dtype, np.integer))
    return all(isinstance(x, _EXACT_TYPES) and not isinstance(x, bool) for x in A.ravel().tolist())


def _to_fraction(x) -> Fraction:
    if isinstance(x, Fraction):
        return x
    if isinstance(x, fmpq):
        return Fraction(int(x.p), int(x.q))
    return Fraction(int(x))


def as_weight_matrix(W, exact: bool | None = None) -> np.ndarray:
    """Validate W (m x n, columns = features) as floats or as exact Fractions.

    Parameters
    ----------
    W : array_like
        The weight matrix; a 1-D input is one hidden dimension (1 x n).
    exact : bool, optional
        None: exact iff every entry is rational; True: require rational
        entries (object array of Fractions); False: float64.

    Examples
    --------
    >>> as_weight_matrix([[1, 2]], exact=True)
    array([[Fraction(1, 1), Fraction(2, 1)]], dtype=object)
    """
    if hasattr(W, "W") and not isinstance(W, np.ndarray):  # a ToyModel
        W = W.W
    try:
        A = np.array(W, dtype=object)
    except Exception:
        raise ParameterError("W is not a matrix", hint="pass an (m, n) array; columns are features") from None
    if A.ndim == 1:
        A = A.reshape(1, -1)
    if A.ndim != 2 or A.size == 0:
        raise ParameterError(f"W must be a non-empty (m, n) matrix, got shape {A.shape}",
                             hint="columns of W are the feature directions")
    ex = is_exact(A)
    if exact is None:
        exact = ex
    if exact:
        if not ex:
            raise ParameterError("exact computation needs rational entries",
                                 hint="use ints or fractions.Fraction, or exact=False for floats")
        return np.vectorize(_to_fraction, otypes=[object])(A)
    try:
        F = A.astype(float)
    except (TypeError, ValueError):
        raise ParameterError("W has non-numeric entries", hint="pass numbers") from None
    if not np.isfinite(F).all():
        raise ParameterError("W contains inf or nan", hint="check the training run")
    return F


def numerical_rank(A, rtol: float = 1e-6) -> int:
    """Number of singular values above ``rtol`` times the largest (0 for a zero matrix).

    Examples
    --------
    >>> numerical_rank(np.array([[1.0, 2.0], [2.0, 4.0 + 1e-12]]))
    1
    """
    A = np.asarray(A, dtype=float)
    if A.size == 0:
        return 0
    s = np.linalg.svd(A, compute_uv=False)
    if s[0] == 0:
        return 0
    return int((s > rtol * s[0]).sum())


def _exact_rank(A) -> int:
    if A.size == 0:
        return 0
    M = fmpq_mat(A.shape[0], A.shape[1], [fmpq(x.numerator, x.denominator) for x in A.ravel()])
    return int(M.rank())


def gram_matrix(W, exact: bool | None = None) -> np.ndarray:
    """The Gram matrix WᵀW: entry (i, j) is w_i · w_j (exact Fractions for rational W).

    Examples
    --------
    >>> gram_matrix([[1, 1], [0, 1]])
    array([[Fraction(1, 1), Fraction(1, 1)],
           [Fraction(1, 1), Fraction(2, 1)]], dtype=object)
    """
    A = as_weight_matrix(W, exact)
    return A.T.dot(A)


def feature_norms(W) -> np.ndarray:
    """Euclidean norms ‖w_i‖ of the columns (floats).

    Examples
    --------
    >>> feature_norms([[3, 0], [4, 1]])
    array([5., 1.])
    """
    A = as_weight_matrix(W, exact=False)
    return np.linalg.norm(A, axis=0)


def cosine_matrix(W) -> np.ndarray:
    """cos of the angle between every two feature directions (0 where a norm is 0).

    Examples
    --------
    >>> np.round(cosine_matrix([[1, -1, 0], [0, 0, 2]]), 3)
    array([[ 1., -1.,  0.],
           [-1.,  1.,  0.],
           [ 0.,  0.,  1.]])
    """
    A = as_weight_matrix(W, exact=False)
    nr = np.linalg.norm(A, axis=0)
    safe = np.where(nr > 0, nr, 1.0)
    U = A / safe
    C = U.T @ U
    C[:, nr == 0] = 0.0
    C[nr == 0, :] = 0.0
    return C


def feature_dimensionality(W) -> np.ndarray:
    """Fraction of a dimension each feature uses: D_i = ‖w_i‖² / Σ_j (ŵ_i · w_j)².

    For a configuration of N equal-norm vectors forming a tight frame of
    R^d (a regular polygon, a tetrahedron, an antipodal pair, ...) every
    D_i equals d/N; for a direct sum, D_i is that of the summand of i.
    Unrepresented (zero) features get 0.

    Source: Elhage et al. 2022, section "Feature dimensionality".

    Examples
    --------
    >>> feature_dimensionality([[1, -1, 0], [0, 0, 1]])
    array([0.5, 0.5, 1. ])
    """
    A = as_weight_matrix(W, exact=False)
    nr = np.linalg.norm(A, axis=0)
    G = A.T @ A
    out = np.zeros(A.shape[1])
    for i in range(A.shape[1]):
        if nr[i] > 0:
            out[i] = nr[i] ** 2 / (np.sum(G[i] ** 2) / nr[i] ** 2)
    return out


def _represented(A, norm_tol, exact):
    if exact:
        sq = [sum(x * x for x in A[:, i]) for i in range(A.shape[1])]
        return [i for i, s in enumerate(sq) if s != 0]
    nr = np.linalg.norm(A, axis=0)
    if nr.max() == 0:
        return []
    return [i for i in range(A.shape[1]) if nr[i] > norm_tol * nr.max()]


def interference_graph(W, tol: float = 0.1, norm_tol: float = 0.1, exact: bool | None = None) -> nx.Graph:
    """Graph on the represented features with an edge for every non-orthogonal pair.

    Parameters
    ----------
    W : array_like
        (m, n) weights, columns = features.
    tol : float
        Float W: i ~ j when |cos(w_i, w_j)| > tol. Ignored for exact W
        (edge iff w_i · w_j ≠ 0).
    norm_tol : float
        Float W: features with ‖w_i‖ <= norm_tol · max_j ‖w_j‖ are not
        represented and are left out of the graph. Exact W: zero columns.
    exact : bool, optional
        Force exact (rational) or float arithmetic; default: exact iff rational.

    Returns
    -------
    networkx.Graph
        Nodes are feature indices; edge attribute ``cos`` (float) and, for
        exact W, ``dot`` (Fraction).

    Examples
    --------
    >>> g = interference_graph([[1, -1, 0], [0, 0, 1]])
    >>> sorted(g.edges), g.edges[0, 1]["cos"]
    ([(0, 1)], -1.0)
    """
    A = as_weight_matrix(W, exact)
    exact = A.dtype == object
    if not (0 <= tol < 1) or not (0 <= norm_tol < 1):
        raise ParameterError(f"tolerances must lie in [0, 1), got tol={tol}, norm_tol={norm_tol}",
                             hint="e.g. tol=0.1")
    rep = _represented(A, norm_tol, exact)
    C = cosine_matrix(A.astype(float))
    g = nx.Graph()
    g.add_nodes_from(rep)
    if exact:
        G = A.T.dot(A)
    for a, i in enumerate(rep):
        for j in rep[a + 1:]:
            if exact:
                if G[i, j] != 0:
                    g.add_edge(i, j, cos=float(C[i, j]), dot=G[i, j])
            elif abs(C[i, j]) > tol:
                g.add_edge(i, j, cos=float(C[i, j]))
    return g


#: Entries of the cosine matrix computed at once by :func:`direct_sum_decomposition` (blocks of rows): its
#: memory stays a few tens of MB whatever the number of features, plus the edges found.
COSINE_BLOCK_ENTRIES = 2**22


def _unit_columns(F: np.ndarray, idx: np.ndarray) -> np.ndarray:
    U = F[:, idx]
    nr = np.linalg.norm(U, axis=0)
    return U / np.where(nr > 0, nr, 1.0)


def _cosine_blocks(U: np.ndarray):
    """(start, |cos| block) of rows of the absolute cosine matrix of the unit columns ``U``, a block at a time."""
    n = U.shape[1]
    rows = max(1, COSINE_BLOCK_ENTRIES // max(n, 1))
    for lo in range(0, n, rows):
        yield lo, np.abs(U[:, lo:lo + rows].T @ U)


def _float_components(F: np.ndarray, rep: list, tol: float) -> list:
    """The connected components (sorted tuples, ordered by their smallest index) of the graph on the features
    ``rep`` with an edge where |cos| > ``tol``: :func:`interference_graph`'s components, found from the edges by
    blocks of rows of the cosine matrix (a graph object of n^2 / 2 edges took minutes and gigabytes for n = 8000)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if not rep:
        return []
    idx = np.asarray(rep, dtype=np.int64)
    k = len(idx)
    heads, tails = [], []
    for lo, block in _cosine_blocks(_unit_columns(F, idx)):
        i, j = np.nonzero(block > tol)
        keep = j > i + lo                       # each pair once
        heads.append((i[keep] + lo).astype(np.int32))
        tails.append(j[keep].astype(np.int32))
    a, b = np.concatenate(heads), np.concatenate(tails)
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(k, k)).tocsr()
    _, lab = connected_components(graph, directed=False)
    groups: dict = {}
    for i, c in zip(idx.tolist(), lab.tolist()):
        groups.setdefault(c, []).append(i)
    return sorted((tuple(g) for g in groups.values()), key=lambda c: c[0])


def _max_cross_cosine(F: np.ndarray, rep: list, comps: list) -> float:
    """The largest |cos| between represented features of different summands (0 with one summand)."""
    if len(comps) < 2:
        return 0.0
    idx = np.asarray(rep, dtype=np.int64)
    label = np.empty(F.shape[1], dtype=np.int64)
    for k, c in enumerate(comps):
        label[list(c)] = k
    lab = label[idx]
    best = 0.0
    for lo, block in _cosine_blocks(_unit_columns(F, idx)):
        block[lab[lo:lo + block.shape[0], None] == lab[None, :]] = 0.0
        best = max(best, float(block.max()))
    return best


@dataclass(frozen=True)
class DirectSumDecomposition:
    """The configuration of feature vectors as an orthogonal direct sum.

    Attributes
    ----------
    summands : tuple of tuple of int
        Feature indices of each summand (connected components of the
        interference graph), ordered by smallest index.
    dimensions : tuple of int
        Dimension of the span of each summand.
    unrepresented : tuple of int
        Features with (numerically) zero norm.
    n, m : int
        Number of features and hidden dimension.
    exact, certified : bool
        Exact rational arithmetic; then the decomposition is proved.
    tol, norm_tol : float or None
        Tolerances used for float W.
    max_cross_cosine : float
        Largest |cos| between features of different summands (0 when exact).
    method : str

    Examples
    --------
    >>> d = direct_sum_decomposition(np.array([[1.0, 0.05], [0.0, 1.0]]))
    >>> d.summands, d.sizes, d.certified
    (((0,), (1,)), (1, 1), False)
    """

    summands: tuple
    dimensions: tuple
    unrepresented: tuple
    n: int
    m: int
    exact: bool
    certified: bool
    tol: float | None
    norm_tol: float | None
    max_cross_cosine: float
    method: str

    @property
    def sizes(self) -> tuple:
        """Number of features in each summand."""
        return tuple(len(s) for s in self.summands)

    def __repr__(self) -> str:
        parts = " ⊕ ".join(f"{len(s)} in {d}d" for s, d in zip(self.summands, self.dimensions))
        how = "exact over QQ, certified" if self.exact else (
            f"float, |cos|<={self.tol} counts as orthogonal (max cross |cos| {self.max_cross_cosine:.2g}), "
            f"norm_tol={self.norm_tol}")
        return (f"DirectSumDecomposition({parts or 'empty'}; summands={list(self.summands)}, "
                f"unrepresented={list(self.unrepresented)}, n={self.n}, m={self.m}; {how})")


def direct_sum_decomposition(W, tol: float = 0.1, norm_tol: float = 0.1,
                             exact: bool | None = None, rank_rtol: float = 0.1) -> DirectSumDecomposition:
    """Split the feature vectors into mutually orthogonal summands.

    Parameters
    ----------
    W : array_like or ToyModel
        (m, n) weights, columns = features.
    tol, norm_tol : float
        See :func:`interference_graph` (float W only).
    exact : bool, optional
        Default: exact iff every entry is rational.
    rank_rtol : float
        Float W: dimension of a summand = number of singular values of its
        normalised columns above ``rank_rtol`` times the largest.

    Returns
    -------
    DirectSumDecomposition

    Notes
    -----
    Cost O(n² m) for the Gram matrix plus one SVD per summand.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.array([[1, 0, -1], [-1, 1, 0], [0, -1, 1]])   # triangle in x+y+z=0
    >>> W = np.zeros((4, 5), dtype=int); W[:3, :3] = t; W[3, 3:] = [2, -2]
    >>> direct_sum_decomposition(W).dimensions
    (2, 1)
    """
    A = as_weight_matrix(W, exact)
    exact = A.dtype == object
    F = A.astype(float)
    if exact:
        g = interference_graph(A, tol=tol, norm_tol=norm_tol, exact=exact)
        comps = sorted((tuple(sorted(c)) for c in nx.connected_components(g)), key=lambda c: c[0])
        rep = sorted(g.nodes)
    else:
        if not (0 <= tol < 1) or not (0 <= norm_tol < 1):
            raise ParameterError(f"tolerances must lie in [0, 1), got tol={tol}, norm_tol={norm_tol}",
                                 hint="e.g. tol=0.1")
        rep = _represented(A, norm_tol, exact)
        comps = _float_components(F, rep, tol)
    dims = []
    for c in comps:
        if exact:
            dims.append(_exact_rank(A[:, list(c)]))
        else:
            U = F[:, list(c)] / np.linalg.norm(F[:, list(c)], axis=0)
            dims.append(numerical_rank(U, rank_rtol))
    rset = set(rep)
    unrep = tuple(i for i in range(A.shape[1]) if i not in rset)
    return DirectSumDecomposition(
        summands=tuple(comps), dimensions=tuple(dims), unrepresented=unrep, n=A.shape[1], m=A.shape[0],
        exact=exact, certified=exact, tol=None if exact else tol, norm_tol=None if exact else norm_tol,
        max_cross_cosine=_max_cross_cosine(F, rep, comps),
        method="connected components of the non-orthogonality graph"
               + (" (exact Gram matrix over QQ)" if exact else " (float cosines)"))
