"""Plücker coordinates of k-planes and the Grassmann–Plücker relations (exact with flint for rational bases).

The Plücker vector of the span of k independent columns is the vector of
their k x k minors: unique up to a nonzero scalar (a change of basis
multiplies it by the determinant) and satisfying the quadratic
Grassmann–Plücker relations.

Examples
--------
>>> pluecker_coordinates([[1, 0], [1, 1], [0, 1]]).values
(1, 1, 1)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from algnet.core.matrix import to_fmpq_mat
from algnet.core.numbers import fmpq_mat
from algnet.errors import ParameterError
from algnet.superposition.geometry import as_weight_matrix

__all__ = ["PlueckerVector", "pluecker_coordinates", "pluecker_relations"]


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
        F = to_fmpq_mat(M)
        rows = [[F[i, j] for j in range(k)] for i in range(m)]
        vals = tuple(_exact_out(fmpq_mat(k, k, [x for i in I for x in rows[i]]).det()) for I in idx)
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

