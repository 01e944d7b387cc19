"""Closed-form counts for ReLU networks from the literature, each with its source (algnet.formulas_relu).

Re-exported by :mod:`algnet.formulas`, which ``algnet verify`` compares with what the toolkit computes.

Examples
--------
>>> zaslavsky_regions(3, 2)
7
"""

from __future__ import annotations

from math import comb, floor, prod

__all__ = ["relu_parameter_count", "relu_dimension_bound", "zaslavsky_regions", "montufar_lower_bound"]


def relu_parameter_count(widths) -> int:
    """D = sum n_l (n_(l-1) + 1) for a ReLU network with biases.

    Examples
    --------
    >>> relu_parameter_count([2, 5, 3, 3])
    45
    """
    w = list(widths)
    return sum(w[i + 1] * (w[i] + 1) for i in range(len(w) - 1))


def relu_dimension_bound(widths) -> int:
    """D' = D - sum of hidden widths (Grigsby–Lindsey–Meyerhoff–Wu 2022,
    arXiv:2209.04036, Thm. 7.1).

    Examples
    --------
    >>> relu_dimension_bound([2, 5, 3, 3])
    37
    """
    w = list(widths)
    return relu_parameter_count(w) - sum(w[1:-1])


def zaslavsky_regions(n_hyperplanes: int, dim: int) -> int:
    """Regions of a generic arrangement: sum_{j<=dim} binom(n, j) (Zaslavsky 1975).

    Examples
    --------
    >>> zaslavsky_regions(3, 2)
    7
    """
    return sum(comb(n_hyperplanes, j) for j in range(dim + 1))


def montufar_lower_bound(widths) -> int:
    """(prod_{i<L} floor(n_i/n_0)^n_0) * sum_{j<=n_0} binom(n_L, j), with
    n_L the last hidden width (Montúfar–Pascanu–Cho–Bengio 2014, Thm. 4).

    ``widths`` are (n_0, n_1, ..., n_L) input and hidden widths (no output).

    Examples
    --------
    >>> montufar_lower_bound([1, 2, 2])
    6
    """
    w = list(widths)
    n0 = w[0]
    hidden = w[1:]
    factor = prod(floor(n / n0) ** n0 for n in hidden[:-1])
    return factor * zaslavsky_regions(hidden[-1], n0)
