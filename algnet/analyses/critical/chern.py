"""Closed forms for Euclidean distance degrees (the second method beside the homotopy count).

* :func:`eckart_young` -- the Frobenius ED degree of the m x n matrices of
  rank <= r is binom(min(m, n), r) (Eckart-Young; Draisma-Horobet-Ottaviani-
  Sturmfels-Thomas 2016, Example 2.3).
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

from math import comb

from algnet.errors import ParameterError

__all__ = ["eckart_young", "segre_veronese_ged", "chern_integrals", "segre_veronese_of"]


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


def _mul(a: dict, b: dict, dims) -> dict:
    """Product in Z[H_1..H_k]/(H_j^{n_j+1}) (polynomials as {exponent tuple: coefficient})."""
    out: dict = {}
    for ea, ca in a.items():
        for eb, cb in b.items():
            e = tuple(x + y for x, y in zip(ea, eb))
            if any(x > d for x, d in zip(e, dims)):
                continue
            out[e] = out.get(e, 0) + ca * cb
    return {e: c for e, c in out.items() if c}


def _power(a: dict, k: int, dims) -> dict:
    out = {tuple(0 for _ in dims): 1}
    for _ in range(k):
        out = _mul(out, a, dims)
    return out


def chern_integrals(dims, degrees) -> list[int]:
    """int_X c_i(TX) h^{m-i} for i = 0..m, X = prod P^{dims[j]} embedded by O(degrees).

    Examples
    --------
    >>> chern_integrals([1], [3])          # int h = 3, int c_1 = 2
    [3, 2]
    >>> chern_integrals([1, 1], [1, 1])    # P1 x P1 in P3: degree 2, c_1 h = 4, c_2 = 4
    [2, 4, 4]
    """
    dims = tuple(int(d) for d in dims)
    degrees = tuple(int(a) for a in degrees)
    if len(dims) != len(degrees) or not dims or min(dims) < 0 or min(degrees) < 1:
        raise ParameterError("one positive degree per projective factor",
                             hint="e.g. chern_integrals([1, 1], [2, 1]) for P1 x P1 embedded by O(2, 1)")
    k, m = len(dims), sum(dims)
    unit = [tuple(1 if i == j else 0 for i in range(k)) for j in range(k)]
    # total Chern class prod_j (1 + H_j)^{n_j + 1}, graded by total degree
    total = {tuple(0 for _ in dims): 1}
    for j in range(k):
        one_plus = {tuple(0 for _ in dims): 1, unit[j]: 1}
        total = _mul(total, _power(one_plus, dims[j] + 1, dims), dims)
    h = {unit[j]: degrees[j] for j in range(k)}
    top = dims
    out = []
    for i in range(m + 1):
        ci = {e: c for e, c in total.items() if sum(e) == i}
        out.append(_mul(ci, _power(h, m - i, dims), dims).get(top, 0))
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
    return sum((-1) ** i * (2 ** (m + 1 - i) - 1) * ints[i] for i in range(m + 1))


def segre_veronese_of(net):
    """(dims, degrees, source) when the neuromanifold of ``net`` is known to be the
    (affine cone over a) Segre-Veronese variety, or a linear image of one whose
    generic ED count equals its generic ED degree (THEOREMS section 8); else None.

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
    fam = getattr(net, "family", "")
    if fam == "conv" and not getattr(net, "bias", False):
        ks, L, r = list(net.kernel_sizes), len(net.kernel_sizes), net.r
        if r == 1 and any(s == 1 for s in net.strides):
            return None
        return (tuple(k - 1 for k in ks), tuple(r ** (L - 1 - j) for j in range(L)),
                "Segre-Veronese variety of the filters (Shahverdi-Marchetti-Kohn, arXiv:2410.00722; "
                "Kohn-Montufar-Shahverdi-Trager, arXiv:2304.05752)")
    if fam == "linear" and not getattr(net, "bias", False):
        w = list(net.widths)
        if min(w[1:-1], default=2) == 1 and len(w) >= 3 and min(w[0], w[-1]) >= 1:
            return ((w[0] - 1, w[-1] - 1), (1, 1), "Segre variety of rank-one matrices")
    if fam == "dense" and not getattr(net, "bias", False) and getattr(net, "act", None) is None:
        w = list(net.widths)
        if len(w) == 3 and w[1] == 1 and w[2] == 1 and net.r >= 1:
            return ((w[0] - 1,), (net.r,), "Veronese variety (powers of linear forms)")
    return None
