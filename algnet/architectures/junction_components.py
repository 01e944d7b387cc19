"""The components of a unit's group of rescalings through Residual blocks ending in powers.

A unit scaled by alpha enters a block x + f(x) whose last unit-bearing layer L is followed by activations
homogeneous of degree q; the stream there is scaled by alpha^e (e: the degree of the activations before the
block). The block passes the scale when L's row is scaled by beta with beta^q = alpha^e. The unit's rescalings
are then the group {(alpha, beta_1, ..., beta_k): beta_b^(q_b) = alpha^(e_b)} (with more such constraints where
a Product ties its branches), a diagonal group {t: t^m = 1 for the rows m of an integer matrix}; its number of
components is the product of the nonzero elementary divisors of the matrix (the torsion of Z^n / rows). Only
the connected component is a torus of tangents; the others are finite symmetries, and the block kernels
(alpha = 1, L's row times a q_b-th root of unity: the activations after L keep it) reach every one of them
(the connected torus moves alpha onto any value).

Examples
--------
>>> from algnet import parse_spec         # (beta F s)^2 = (F s)^2 with s = (a.x)^2 kept: beta^2 = alpha^2
>>> net = parse_spec("layers Linear(2, 1), Power(2), Residual([Linear(1, 1), Power(2)]), Linear(1, 2)")
>>> net.finite_symmetry_order()
2
"""

from __future__ import annotations

from math import prod

__all__ = ["rescaling_components", "block_constraints"]


def rescaling_components(rows) -> int:
    """The number of components of the diagonal group {t in (C*)^n: prod_j t_j^(m_j) = 1 for each integer row m}:
    the product of the nonzero elementary divisors of the rows (1 without rows).

    Examples
    --------
    >>> rescaling_components([[-2, 2]]), rescaling_components([[-1, 2, 0], [-1, 0, 2]])     # b^2 = a^2; b^2 = c^2
    (2, 2)
    >>> rescaling_components([[-1, 2]]), rescaling_components([])                             # b^2 = a: connected
    (1, 1)
    """
    from algnet.core.matrix import smith_diagonal

    rows = [list(r) for r in rows if any(r)]
    if not rows:
        return 1
    return prod(abs(d) for d in smith_diagonal(rows) if d)


def block_constraints(start: int, size: int, blocks) -> list[list[int]]:
    """Rows (over ``size`` exponents) of the constraints beta_b^(q_b) = alpha^(e_b) of ``blocks`` given as (e, q):
    alpha at column ``start``, beta_b at column ``start + 1 + b``.

    Examples
    --------
    >>> block_constraints(0, 3, [(1, 2), (2, 2)])
    [[-1, 2, 0], [-2, 0, 2]]
    """
    rows = []
    for b, (e, q) in enumerate(blocks):
        row = [0] * size
        row[start] = -e
        row[start + 1 + b] = q
        rows.append(row)
    return rows


def kernel_actions(layers, units) -> list:
    """Generators on parameter dicts: for each unit i and each (L, q) of ``layers`` with q > 1, L's output unit i
    times a primitive q-th root of unity (the activations of degree q after L keep it).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.architectures.layers import Linear, Sequential
    >>> net = Sequential(Linear(1, 2))
    >>> (g0, g1) = kernel_actions([(net.sequence[0], 2)], 2)
    >>> g1({"W1": np.array([[1], [2]], dtype=object)})["W1"].tolist()
    [[1], [-2]]
    """
    from algnet.architectures.activation_symmetry import affine_unit
    from algnet.architectures.product_junction import _root_of_unity

    return [lambda prm, i=i, L=L, q=q: affine_unit(dict(prm), L, i, _root_of_unity(1, q), 0)
            for i in range(units) for L, q in layers if q > 1]
