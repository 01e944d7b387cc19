"""Monomials: enumeration in a fixed order, indexing and evaluation.

The function space of a polynomial network has as coordinates the
coefficients of its outputs in the monomials listed here (graded reverse
lexicographic order inside each degree, degrees ascending).

Examples
--------
>>> monomials(2, 2)
[(2, 0), (1, 1), (0, 2)]
>>> count_monomials(3, 2)
6
>>> monomial_name((2, 0, 1))
'x0^2*x2'
"""

from __future__ import annotations

from functools import lru_cache
from math import comb

import numpy as np

__all__ = ["monomials", "monomials_up_to", "count_monomials", "monomial_name", "evaluate_monomials",
           "check_monomial_list"]


def count_monomials(nvars: int, degree: int) -> int:
    """Number of monomials of exactly this degree: binom(n + d - 1, d).

    Examples
    --------
    >>> count_monomials(3, 2), count_monomials(2, 3)      # x^2, y^2, z^2, xy, xz, yz; x^3, x^2 y, x y^2, y^3
    (6, 4)
    """
    if degree < 0:
        return 0
    return comb(nvars + degree - 1, degree)


@lru_cache(maxsize=256)
def _monos(nvars: int, degree: int) -> tuple[tuple[int, ...], ...]:
    """Exponent vectors of this degree, lexicographically decreasing (iterative: no recursion depth
    limit on the number of variables). Successor of a: the last k < n - 1 with a[k] > 0 gives
    a[k] - 1, then a[k + 1] = 1 + sum(a[k + 1:]) and zeros."""
    if nvars == 0:
        return ((),) if degree == 0 else ()
    check_monomial_list(nvars, count_monomials(nvars, degree))
    a = [degree] + [0] * (nvars - 1)
    out = [tuple(a)]
    nz = [0] if degree and nvars > 1 else []     # positions < n - 1 with a[pos] > 0, increasing
    while nz:
        k = nz.pop()
        tail = a[nvars - 1] if k + 1 == nvars - 1 else sum(a[k + 1:])
        a[k] -= 1
        if a[k]:
            nz.append(k)
        for j in range(k + 1, nvars):
            if a[j]:
                a[j] = 0
        a[k + 1] = tail + 1
        if k + 1 < nvars - 1:
            nz.append(k + 1)
        out.append(tuple(a))
    return tuple(out)


#: Python bytes per listed monomial: the tuple header and one pointer per variable (small ints are shared).
_TUPLE_BYTES = 64


def check_monomial_list(nvars: int, count: int) -> None:
    """Refuse (TooLargeError) a list of ``count`` monomials in ``nvars`` variables that cannot fit in memory
    (before it is made: a caller about to list a network's output monomials checks here first).

    Examples
    --------
    >>> check_monomial_list(3, 10)          # fits: nothing happens
    >>> from algnet.errors import TooLargeError
    >>> try:
    ...     check_monomial_list(100, 10**15)
    ... except TooLargeError:
    ...     print("refused")
    refused
    """
    from algnet.guards import check_resources

    check_resources(f"listing {count} monomials in {nvars} variables",
                    memory=count * (_TUPLE_BYTES + 8 * nvars), count=count, forceable=False,
                    hint="a network with fewer inputs or a lower degree (the coefficient space is that large)")


def monomials(nvars: int, degree: int) -> list[tuple[int, ...]]:
    """Exponent vectors of the monomials of exactly ``degree`` in ``nvars`` variables
    (lexicographically decreasing).

    Raises TooLargeError when the list cannot fit in memory.

    Examples
    --------
    >>> monomials(3, 1)
    [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    >>> monomials(3, 2)
    [(2, 0, 0), (1, 1, 0), (1, 0, 1), (0, 2, 0), (0, 1, 1), (0, 0, 2)]
    >>> len(monomials(2000, 1)), monomials(2000, 1)[-1][-1]     # no recursion per variable
    (2000, 1)
    """
    return list(_monos(nvars, degree))


def monomials_up_to(nvars: int, degree: int) -> list[tuple[int, ...]]:
    """All monomials of degree <= ``degree``, degrees ascending.

    Examples
    --------
    >>> monomials_up_to(1, 2)
    [(0,), (1,), (2,)]
    """
    check_monomial_list(nvars, sum(count_monomials(nvars, d) for d in range(degree + 1)))
    out = []
    for d in range(degree + 1):
        out.extend(_monos(nvars, d))
    return out


def monomial_name(exps, names=None) -> str:
    """Readable name of a monomial, ``1`` for the constant.

    Examples
    --------
    >>> monomial_name((0, 0)), monomial_name((1, 2), names=["a", "b"])
    ('1', 'a*b^2')
    """
    parts = []
    for i, e in enumerate(exps):
        if e == 0:
            continue
        v = names[i] if names is not None else f"x{i}"
        parts.append(v if e == 1 else f"{v}^{e}")
    return "*".join(parts) if parts else "1"


def evaluate_monomials(points, monos, backend) -> np.ndarray:
    """Matrix of monomial values: rows = points, columns = monomials.

    Examples
    --------
    >>> from algnet.core.backends import ModP
    >>> evaluate_monomials([[2, 3]], monomials(2, 2), ModP(101)).tolist()
    [[4, 6, 9]]
    """
    X = backend.asarray(points)
    E = np.asarray(monos, dtype=np.int64)
    if E.size == 0:
        return backend.zeros((X.shape[0], 0))
    maxd = int(E.max()) if E.size else 0
    powers = [backend.ones_like(X)]
    for _ in range(maxd):
        powers.append(backend.mul(powers[-1], X))
    out = None
    for v in range(E.shape[1]):
        col = np.stack([powers[e][:, v] for e in range(maxd + 1)], axis=1)[:, E[:, v]]
        out = col if out is None else backend.mul(out, col)
    if out is None:
        return backend.asarray(np.ones((X.shape[0], E.shape[0]), dtype=np.int64))
    return out
