"""The finite symmetries of a polynomial map theta -> mu(theta): exact, from its exponents and coefficients.

Two kinds are found, and together they act on the generic fibers modulo the torus already declared (the
rescalings theta_j -> t^(w_j) theta_j with w orthogonal to every exponent):

* diagonal: theta_j -> zeta_j theta_j fixes mu iff zeta^a = 1 for every exponent vector a of a term with a
  nonzero coefficient. These zeta form the group Hom(Z^n / L, C^*), L the lattice of the exponents; the torus
  is its identity component and the quotient is the torsion of Z^n / L, of order the product of the
  elementary divisors of L above 1. Its generators are read from a Smith decomposition U A V = S of a basis
  A of L: column i of V over s_i (s_i > 1) is the phase vector of the i-th generator.
* permutations sigma of the parameters with mu(theta_sigma(0), ..., theta_sigma(n-1)) = mu(theta) exactly
  (searched for n <= :data:`MAX_PERMUTED` parameters). They normalise the diagonal group. A permutation that
  fixes every exponent vector moves each point within its torus orbit (x*y: the swap is (t, 1/t) with
  t = y/x), so it is not counted: the order is |torsion| * |P| / |P_0|, P_0 the permutations fixing every
  exponent vector (the kernel of the action on the torus orbits of the generic points).

Examples
--------
>>> from algnet.architectures.polymap import parametrization
>>> finite_symmetries(parametrization(["x^2", "y^2"]).terms, 2).order             # (x, y) -> (+-x, +-y)
4
>>> finite_symmetries(parametrization(["x + y", "x*y"]).terms, 2).order           # the swap
2
>>> finite_symmetries(parametrization(["x*y"]).terms, 2).order                    # the swap lies in the torus
1
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

__all__ = ["FiniteSymmetries", "finite_symmetries", "MAX_PERMUTED"]

#: Permutations of the parameters are searched only for at most this many parameters (6! = 720).
MAX_PERMUTED = 6


@dataclass(frozen=True)
class FiniteSymmetries:
    """The finite symmetries of a polynomial map (module doc).

    Attributes
    ----------
    divisors : tuple of int
        The elementary divisors above 1 of the exponent lattice (the diagonal group is their product of
        cyclic groups).
    phases : tuple of tuple of Fraction
        One generator per divisor: theta_j -> exp(2 pi i phase_j) theta_j.
    permutations : tuple of tuple of int
        Generators of the permutations that act on the torus orbits (sigma: theta -> theta[sigma]).
    permutation_order : int
        |P| / |P_0| (module doc); 1 when not searched.
    permutations_searched : bool
        False above :data:`MAX_PERMUTED` parameters.

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> g = finite_symmetries(parametrization(["x^2 + y^2", "x*y"]).terms, 2)    # the signs, the swap
    >>> g.divisors, g.permutations, g.order
    ((2,), ((1, 0),), 4)
    """

    divisors: tuple
    phases: tuple
    permutations: tuple
    permutation_order: int
    permutations_searched: bool

    @property
    def order(self) -> int:
        """Order of the group acting on the torus orbits of the generic fibers."""
        return math.prod(self.divisors) * self.permutation_order

    def actions(self) -> list:
        """The generators as maps on (k, n) arrays of parameter vectors.

        Examples
        --------
        >>> from algnet.architectures.polymap import parametrization
        >>> (flip,) = finite_symmetries(parametrization(["x^2", "x*y", "y^2"]).terms, 2).actions()
        >>> flip(np.array([[3, 5]])).tolist()
        [[-3, -5]]
        """
        return [_diagonal_action(ph) for ph in self.phases] + [_permutation_action(p) for p in self.permutations]

    def description(self) -> str:
        """One line naming the groups.

        Examples
        --------
        >>> from algnet.architectures.polymap import parametrization
        >>> finite_symmetries(parametrization(["x^2", "y^2"]).terms, 2).description()
        'roots of unity theta_j -> zeta_j theta_j fixing every monomial (Z/2 x Z/2)'
        """
        parts = []
        if self.divisors:
            parts.append("roots of unity theta_j -> zeta_j theta_j fixing every monomial ("
                         + " x ".join(f"Z/{d}" for d in self.divisors) + ")")
        if self.permutation_order > 1:
            parts.append(f"permutations of the parameters preserving the map (order {self.permutation_order} "
                         "on the torus orbits)")
        if not self.permutations_searched:
            parts.append(f"permutations of the parameters not searched (more than {MAX_PERMUTED} parameters)")
        return "; ".join(parts) or "none"


def finite_symmetries(terms, n: int) -> FiniteSymmetries:
    """The finite symmetries (module doc) of the map with these terms (one dict exponent tuple -> nonzero
    coefficient per output) in n parameters.

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> g = finite_symmetries(parametrization(["x^2", "y^2", "x*y"]).terms, 2)
    >>> g.divisors, g.phases, g.order
    ((2,), ((Fraction(1, 2), Fraction(1, 2)),), 2)
    """
    divisors, phases = _diagonal(terms, n)
    if n > MAX_PERMUTED:
        return FiniteSymmetries(divisors, phases, (), 1, False)
    perms, order = _permutations(terms, n)
    return FiniteSymmetries(divisors, phases, perms, order, True)


def _diagonal(terms, n):
    """(divisors above 1, phase vectors): the torsion of Z^n / L and its generators (module doc)."""
    from sympy import Matrix, ZZ
    from sympy.matrices.normalforms import smith_normal_decomp

    rows = sorted({k for t in terms for k in t if any(k)})
    if not rows:
        return (), ()
    from algnet.core.matrix import integer_row_basis

    basis = integer_row_basis(rows)        # a basis of L (at most n rows)
    S, _, V = smith_normal_decomp(Matrix(basis), domain=ZZ)
    divisors, phases = [], []
    for i in range(min(S.shape)):
        s = abs(int(S[i, i]))
        if s > 1:
            divisors.append(s)
            phases.append(tuple(Fraction(int(V[j, i]), s) % 1 for j in range(n)))
    return tuple(divisors), tuple(phases)


def _permutations(terms, n):
    """(generators, |P| / |P_0|) of the permutations preserving the map (module doc)."""
    want = [dict(t) for t in terms]
    exps = {k for t in terms for k in t}
    keep, kernel = [], 0
    for sig in itertools.permutations(range(n)):
        moved = [{_moved(k, sig): c for k, c in t.items()} for t in terms]
        if moved != want:
            continue
        if all(_moved(k, sig) == k for k in exps):
            kernel += 1
        else:
            keep.append(sig)
    order = (len(keep) + kernel) // kernel
    gens, group = [], {tuple(range(n))}
    for sig in keep:
        if sig not in group:
            gens.append(sig)
            group = _closure(gens)
    return tuple(gens), order


def _moved(k, sig):
    """The exponent of theta^k after theta -> theta[sig]: theta_sig(j)^(k_j)."""
    out = [0] * len(k)
    for j, e in enumerate(k):
        out[sig[j]] = e
    return tuple(out)


def _closure(gens):
    """The permutation group generated by ``gens`` (a breadth-first search: |group| * |gens| products)."""
    group = {tuple(range(len(gens[0])))}
    frontier = list(group)
    while frontier:
        nxt = []
        for a in frontier:
            for g in gens:
                c = tuple(a[i] for i in g)
                if c not in group:
                    group.add(c)
                    nxt.append(c)
        frontier = nxt
    return group


def _diagonal_action(phase):
    signs = all(f in (0, Fraction(1, 2)) for f in phase)
    if signs:
        mult = np.array([-1 if f else 1 for f in phase], dtype=np.int64)
    else:
        mult = np.exp(2j * np.pi * np.array([float(f) for f in phase]))

    def act(T):
        T = np.asarray(T)
        return T * mult if signs or np.iscomplexobj(T) else T.astype(np.complex128) * mult

    return act


def _permutation_action(sig):
    idx = list(sig)

    def act(T):
        return np.asarray(T)[:, idx]

    return act
