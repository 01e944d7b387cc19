"""Closed forms for Euclidean distance degrees (the second method beside the homotopy count).

* :func:`eckart_young` -- the Frobenius ED degree of the m x n matrices of
  rank <= r is binom(min(m, n), r) (Eckart-Young; Draisma-Horobet-Ottaviani-
  Sturmfels-Thomas 2016, Example 2.3).
* :func:`eigenvector_count` -- the ED degree of a Segre-Veronese variety for the Bombieri-Weyl (for Segre:
  Frobenius) metric is the number of eigenvector tuples of a generic partially symmetric tensor
  (DHOST 2016, Sec. 8; Friedland-Ottaviani 2014, Thm. 12): the coefficient of prod_i t_i^{n_i - 1} in
  prod_i (T_i^{n_i} - t_i^{n_i}) / (T_i - t_i), T_i = (sum_j d_j t_j) - t_i. Veronese v_d(P^{n-1}):
  ((d-1)^n - 1) / (d - 2) (d binary forms); m x n rank-one matrices: min(m, n).
* :func:`segre_veronese_ged` -- the generic ED degree of a smooth projective
  variety X of dimension m transversal to the isotropic quadric is

      gED(X) = sum_{i=0}^{m} (-1)^i (2^{m+1-i} - 1) int_X c_i(TX) h^{m-i}

  (DHOST 2016, Thm. 5.8). For X = P^{n_1} x ... x P^{n_k} embedded by
  O(a_1, ..., a_k) the Chow ring is Z[H_1..H_k]/(H_j^{n_j+1}), the total
  Chern class of the tangent bundle is prod_j (1 + H_j)^{n_j+1} (Euler
  sequence), h = sum_j a_j H_j and int H_1^{n_1} ... H_k^{n_k} = 1. The
  integral is computed here in that ring (no formula for the final number
  is used).

Examples
--------
>>> segre_veronese_ged([1], [3])        # twisted cubic: 3d - 2
7
>>> segre_veronese_ged([1, 1], [1, 1])  # P1 x P1 (2x2 matrices of rank 1)
6
>>> segre_veronese_ged([2], [2])        # Veronese surface
13
>>> eckart_young(3, 3, 2)
3
"""

from __future__ import annotations

import itertools
import math
from math import comb

from algnet.errors import ParameterError

__all__ = ["eckart_young", "segre_veronese_ged", "chern_integrals", "segre_veronese_of", "eigenvector_count"]


def eckart_young(m: int, n: int, r: int) -> int:
    """Frobenius ED degree of the m x n matrices of rank <= r: binom(min(m, n), r).

    Examples
    --------
    >>> eckart_young(2, 2, 1), eckart_young(4, 3, 2)
    (2, 3)
    """
    if min(m, n, r) < 0:
        raise ParameterError("sizes and rank must be non-negative", hint="e.g. eckart_young(3, 3, 1)")
    return comb(min(m, n), min(r, min(m, n)))


def chern_integrals(dims, degrees) -> list[int]:
    """int_X c_i(TX) h^{m-i} for i = 0..m, X = prod P^{dims[j]} embedded by O(degrees).

    Examples
    --------
    >>> chern_integrals([1], [3])          # int h = 3, int c_1 = 2
    [3, 2]
    >>> chern_integrals([1, 1], [1, 1])    # P1 x P1 in P3: degree 2, c_1 h = 4, c_2 = 4
    [2, 4, 4]
    """
    dims, degrees = tuple(map(int, dims)), tuple(map(int, degrees))
    if len(dims) != len(degrees) or not dims or min(dims) < 0 or min(degrees) < 1:
        raise ParameterError("one positive degree per projective factor",
                             hint="e.g. chern_integrals([1, 1], [2, 1]) for P1 x P1 embedded by O(2, 1)")
    m = sum(dims)
    # the monomials H^e of degree i in the ring: c(TX) = prod_j (1 + H_j)^{n_j + 1} has the coefficient
    # prod_j binom(n_j + 1, e_j) there (e_j <= n_j: H_j^{n_j + 1} = 0), and h^{m-i} = (sum_j a_j H_j)^{m-i} supplies
    # the complement prod_j H_j^{n_j - e_j} with the multinomial coefficient (m-i)! / prod_j (n_j - e_j)! times
    # prod_j a_j^{n_j - e_j}; int H_1^{n_1} ... H_k^{n_k} = 1. (The products expanded term by term, not by the
    # ring's multiplication with dictionaries of monomials: 0.15-0.2 ms of a new process's first count.)
    out = [0] * (m + 1)
    fact = [math.factorial(k) for k in range(m + 1)]
    # per factor j and exponent x = e_j: binom(n_j + 1, x), the factorial of n_j - x and a_j^(n_j - x), so that a
    # term is a few multiplications in a plain loop (no generator per product)
    tables = [[(x, comb(n + 1, x), fact[n - x], a ** (n - x)) for x in range(n + 1)] for n, a in zip(dims, degrees)]
    for terms in itertools.product(*tables):
        i, c, denominator, power = 0, 1, 1, 1
        for x, binomial, f, ap in terms:
            i += x
            c *= binomial
            denominator *= f
            power *= ap
        out[i] += c * (fact[m - i] // denominator) * power
    return out


def segre_veronese_ged(dims, degrees) -> int:
    """Generic ED degree of the Segre-Veronese variety prod P^{dims[j]} embedded by O(degrees).

    Examples
    --------
    >>> [segre_veronese_ged([1], [d]) for d in (1, 2, 3, 4)]   # rational normal curves
    [1, 4, 7, 10]
    """
    ints = chern_integrals(dims, degrees)
    m = len(ints) - 1
    total = 0
    for i, v in enumerate(ints):
        total += (-1) ** i * (2 ** (m + 1 - i) - 1) * v
    return total


def segre_veronese_of(net):
    """(dims, degrees, source) when the neuromanifold of ``net`` is known to be the
    (affine cone over a) Segre-Veronese variety, or a linear image of one whose
    generic ED count equals its generic ED degree (THEOREMS section 8); else None. The
    structure is declared by the network (:meth:`algnet.Network.segre_veronese`):

    * convolutional networks (r > 1, or r = 1 with all strides > 1): filters of
      sizes k_1..k_L give P^{k_1-1} x ... x P^{k_L-1} embedded by
      O(r^{L-1}, ..., r, 1) (Shahverdi-Marchetti-Kohn 2024; Kohn-Montufar-
      Shahverdi-Trager 2023);
    * linear networks n-1-m (one hidden neuron): the Segre variety
      P^{n-1} x P^{m-1} (rank-one matrices);
    * dense networks d-1-1 with activation t^r: the Veronese variety v_r(P^{d-1}).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> segre_veronese_of(parse_spec("conv k=2,2 r=2"))[:2]
    ((1, 1), (2, 1))
    """
    return net.segre_veronese()


def eigenvector_count(sizes, degrees) -> int:
    """Number of eigenvector tuples of a generic tensor in S^{d_1}(C^{n_1}) x ... x S^{d_k}(C^{n_k})
    (Friedland-Ottaviani 2014, Thm. 12), the Bombieri-Weyl ED degree of the Segre-Veronese variety (module doc):
    the coefficient of prod t_i^{n_i - 1} in prod_i sum_{j < n_i} T_i^j t_i^{n_i - 1 - j}, expanded here.

    Examples
    --------
    >>> [eigenvector_count([2], [d]) for d in (2, 3, 4)]        # binary forms: d
    [2, 3, 4]
    >>> eigenvector_count([3], [3]), eigenvector_count([3], [2])   # ((d-1)^n - 1)/(d - 2); symmetric 3 x 3: 3
    (7, 3)
    >>> eigenvector_count([2, 3], [1, 1]), eigenvector_count([2, 2, 2], [1, 1, 1])   # min(m, n); 2x2x2: 6
    (2, 6)
    """
    sizes, degrees = [int(n) for n in sizes], [int(d) for d in degrees]
    if len(sizes) != len(degrees) or not sizes or min(sizes) < 1 or min(degrees) < 1:
        raise ParameterError("one size >= 1 and one degree >= 1 per factor",
                             hint="e.g. eigenvector_count([2, 3], [1, 1]) for 2 x 3 matrices")
    k = len(sizes)

    def mul(a, b):
        out: dict = {}
        for ea, ca in a.items():
            for eb, cb in b.items():
                e = tuple(x + y for x, y in zip(ea, eb))
                if all(x <= n - 1 for x, n in zip(e, sizes)):
                    out[e] = out.get(e, 0) + ca * cb
        return out

    unit = [tuple(int(i == j) for i in range(k)) for j in range(k)]
    total = {tuple([0] * k): 1}
    for i in range(k):
        T = {unit[j]: degrees[j] - (i == j) for j in range(k) if degrees[j] - (i == j)}
        ti = {unit[i]: 1}
        factor: dict = {}
        for j in range(sizes[i]):
            term = {tuple([0] * k): 1}
            for _ in range(j):
                term = mul(term, T)
            for _ in range(sizes[i] - 1 - j):
                term = mul(term, ti)
            for e, c in term.items():
                factor[e] = factor.get(e, 0) + c
        total = mul(total, factor)
    return int(total.get(tuple(n - 1 for n in sizes), 0))
