"""The finite symmetries of a polynomial map theta -> mu(theta): exact, from its exponents and coefficients.

Two kinds are found, and together they act on the generic fibers modulo the torus already declared (the
rescalings theta_j -> t^(w_j) theta_j with w orthogonal to every exponent):

* diagonal: theta_j -> zeta_j theta_j fixes mu iff zeta^a = 1 for every exponent vector a of a term with a
  nonzero coefficient. These zeta form the group Hom(Z^n / L, C^*), L the lattice of the exponents; the torus
  is its identity component and the quotient is the torsion of Z^n / L, of order the product of the
  elementary divisors of L above 1. Its generators are read from a Smith decomposition U A V = S of a basis
  A of L: column i of V over s_i (s_i > 1) is the phase vector of the i-th generator.
* permutations sigma of the parameters with mu(zeta_0 theta_sigma(0), ..., zeta_(n-1) theta_sigma(n-1)) = mu(theta)
  exactly for some scalars zeta (none needed: a plain permutation; x^2 - y^2, x*y keeps (x, y) -> (-i y, i x))
  (searched for n <= :data:`MAX_PERMUTED` parameters): zeta^k is the ratio of the coefficients on every exponent k,
  solved by a Smith decomposition. They normalise the diagonal group. A permutation that
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

import functools
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
        Generators of the permutations that act on the torus orbits (sigma: theta -> zeta * theta[sigma]).
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
    #: theta_j -> exp(2 pi i phase_j) theta_sigma(j) for each generator of ``permutations`` (zeros: none)
    permutation_phases: tuple = ()

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
        phases = self.permutation_phases or tuple(None for _ in self.permutations)
        return [_diagonal_action(ph) for ph in self.phases] + [
            _permutation_action(p, ph) for p, ph in zip(self.permutations, phases)]

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
    return FiniteSymmetries(divisors, phases, tuple(p for p, _ in perms), order, True, tuple(ph for _, ph in perms))


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
    """(generators as (sigma, phase vector or None), |P| / |P_0|) of the permutations preserving the map, with
    roots of unity where they need them (module doc)."""
    want = [dict(t) for t in terms]
    exps = {k for t in terms for k in t}
    keep, kernel = [], 0
    for sig in itertools.permutations(range(n)):
        phase = _phase(terms, want, sig, n)
        if phase is False:
            continue
        if phase is None and all(_moved(k, sig) == k for k in exps):
            kernel += 1
        else:
            keep.append((sig, phase))
    order = (len(keep) + kernel) // kernel
    gens, group = [], {tuple(range(n))}
    for sig, phase in keep:
        if sig not in group:
            gens.append((sig, phase))
            group = _closure([g for g, _ in gens])
    return tuple(gens), order


def _phase(terms, want, sig, n):
    """None when theta -> theta[sig] keeps the map; else the scalars z with theta_j -> z_j theta_sig(j) keeping it:
    a phase vector phi (z_j = exp(2 pi i phi_j), Fractions) when roots of unity do, complex z_j otherwise
    (x^2 - 2 y^2, x*y: (x, y) -> (sqrt(2) i y, -i x / sqrt(2))); False when no scalars do. Every output's moved
    terms must have the same exponents; the ratios r_k of the coefficients must be z^k for every exponent k,
    solved by a Smith decomposition U A V = S of the exponents A (the rows of U A past its rank need prod r^U = 1).

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> t = parametrization(["x^2 - y^2", "x*y"]).terms
    >>> _phase(t, [dict(u) for u in t], (1, 0), 2)               # (x, y) -> (-i y, i x)
    (Fraction(3, 4), Fraction(1, 4))
    >>> t = parametrization(["x^2 - 2*y^2", "x*y"]).terms
    >>> [complex(round(z.real, 6), round(z.imag, 6)) for z in _phase(t, [dict(u) for u in t], (1, 0), 2)]
    [-1.414214j, 0.707107j]
    """
    q = {}
    for t, w in zip(terms, want):
        moved = {_moved(k, sig): (k, c) for k, c in t.items()}
        if moved.keys() != w.keys():
            return False
        for m, (k, c) in moved.items():
            r = Fraction(w[m]) / Fraction(c)
            if q.setdefault(k, r) != r:
                return False
    if all(r == 1 for r in q.values()):
        return None
    if any(not any(k) for k, r in q.items() if r != 1):
        return False            # a constant term changed
    rows = tuple(k for k in q if any(k))
    steps, U, V = _smith(rows)
    R = [math.prod((q[rows[j]] ** u for j, u in U[i] if q[rows[j]] != 1), start=Fraction(1))
         for i in range(len(rows))]
    if any(not d and r != 1 for d, r in zip(steps, R)):
        return False
    if all(abs(r) == 1 for r in R):           # roots of unity: exact phases
        psi = [Fraction(0)] * n
        for i, (d, r) in enumerate(zip(steps, R)):
            if d:
                psi[i] = Fraction(1 if r == -1 else 0, 2 * d)
        return tuple(sum(V[j][i] * psi[i] for i in range(n)) % 1 for j in range(n))
    w = [complex(float(r)) ** (1 / d) if d else 1 for d, r in zip(steps, R)][:n] + [1] * max(0, n - len(R))
    return tuple(complex(math.prod((w[i] ** V[j][i] for i in range(n)), start=1)) for j in range(n))


@functools.lru_cache(maxsize=64)
def _smith(rows: tuple) -> tuple:
    """(the diagonal steps padded with 0 to len(rows), U as rows of (column, nonzero entry), V as lists of ints)
    of the Smith decomposition
    U A V = S of the exponent rows A: the same for every permutation of one map, so decomposed once (sympy's
    decomposition took 20-30 ms a permutation).

    Examples
    --------
    >>> _smith(((2, 0), (1, 1)))[0]
    [1, 2]
    """
    from sympy import Matrix, ZZ
    from sympy.matrices.normalforms import smith_normal_decomp

    S, U, V = smith_normal_decomp(Matrix(rows), domain=ZZ)
    steps = [int(S[i, i]) if i < min(S.shape) else 0 for i in range(len(rows))]
    return (steps, [[(j, int(U[i, j])) for j in range(U.shape[1]) if U[i, j]] for i in range(U.shape[0])],
            [[int(V[i, j]) for j in range(V.shape[1])] for i in range(V.shape[0])])


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


def _permutation_action(sig, phase=None):
    idx = list(sig)
    if phase is None or isinstance(phase[0], Fraction):
        turn = None if phase is None else _diagonal_action(phase)
    else:
        mult = np.array(phase, dtype=np.complex128)

        def turn(T):
            return np.asarray(T).astype(np.complex128) * mult

    def act(T):
        out = np.asarray(T)[:, idx]
        return out if turn is None else turn(out)

    return act
