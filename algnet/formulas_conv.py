"""Closed-form answers for polynomial convolutional networks from the literature, each with its source
(algnet.formulas_conv): dimension and degree (Shahverdi-Marchetti-Kohn 2025), and the lengths and strides of
single-output valid convolutions that the theorems' hypotheses are read from. Importable from
:mod:`algnet.formulas` as before.

Examples
--------
>>> conv_dimension([2, 2]), conv_degree([2, 2], 2)
(3, 4)
"""

from __future__ import annotations

from math import factorial

from algnet.errors import NotApplicableError

__all__ = ["conv_dimension", "conv_degree", "conv_input_length", "conv_effective_strides", "conv_output_lengths"]


def conv_input_length(kernel_sizes, strides=None) -> int:
    """Input length forced by single-output valid convolutions.

    d_(l-1) = s_l (d_l - 1) + k_l with d_L = 1 (layer 1 at the input).

    Examples
    --------
    >>> conv_input_length([2, 3])
    4
    >>> conv_input_length([2, 2], [2, 1])
    4
    """
    ks = list(kernel_sizes)
    ss = list(strides) if strides is not None else [1] * len(ks)
    d = 1
    for k, s in zip(reversed(ks), reversed(ss)):
        d = s * (d - 1) + k
    return d


def conv_output_lengths(kernel_sizes, strides=None) -> tuple:
    """Output lengths d_1, ..., d_L of single-output valid convolutions (d_L = 1, d_(l-1) = s_l (d_l - 1) + k_l).

    Examples
    --------
    >>> conv_output_lengths([2, 2], [2, 2])
    (2, 1)
    """
    ks = list(kernel_sizes)
    ss = list(strides) if strides is not None else [1] * len(ks)
    out, d = [], 1
    for k, s in zip(reversed(ks), reversed(ss)):
        out.append(d)
        d = s * (d - 1) + k
    return tuple(reversed(out))


def conv_effective_strides(kernel_sizes, strides=None) -> tuple:
    """The strides with those that do not change the map set to 1.

    A layer whose output has length 1 computes one entry, (C_w x)_0 = sum_j w_j x_j, whatever its
    stride: the last layer (single output) always, an earlier one when every later filter has size 1.
    Two specs with the same effective strides (and filters, activation) define the same map, so a
    theorem stated for stride 1 applies when the effective strides are all 1.

    Examples
    --------
    >>> conv_effective_strides([2, 3], [1, 2])      # one output: the last stride has no effect
    (1, 1)
    >>> conv_effective_strides([2, 2], [2, 2])
    (2, 1)
    >>> conv_effective_strides([2, 1], [3, 2])      # a size-1 last filter: layer 1 has one output too
    (1, 1)
    """
    ss = list(strides) if strides is not None else [1] * len(list(kernel_sizes))
    return tuple(1 if d == 1 else s for s, d in zip(ss, conv_output_lengths(kernel_sizes, ss)))


def conv_dimension(kernel_sizes) -> int:
    """|k| - L + 1 for polynomial convolutional networks, r > 1.

    Source: Shahverdi–Marchetti–Kohn (2025), arXiv:2410.00722, Thm. 2.4.

    Examples
    --------
    >>> conv_dimension([2, 2])
    3
    """
    ks = list(kernel_sizes)
    return sum(ks) - len(ks) + 1


def conv_degree(kernel_sizes, r: int) -> int:
    """(|k|-L)! prod_j r^((L-j)(k_j-1)) / (k_j-1)! (stride 1, r > 1).

    Source: Shahverdi–Marchetti–Kohn (2025), arXiv:2410.00722, Thm. 2.8.

    Examples
    --------
    >>> conv_degree([2, 2], 2), conv_degree([3, 3], 2)
    (4, 24)
    """
    if r <= 1:
        raise NotApplicableError("the convolutional degree formula needs r > 1",
                                 hint="for r = 1 the parametrization is not birational")
    ks = list(kernel_sizes)
    L = len(ks)
    num = factorial(sum(ks) - L)
    den = 1
    for j, k in enumerate(ks, start=1):
        num *= r ** ((L - j) * (k - 1))
        den *= factorial(k - 1)
    return num // den
