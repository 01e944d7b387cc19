"""float64 weights with proved bounds on their rounding errors, for the filtered exact region engine.

The filtered engine (:mod:`algnet.relu.filtered`) computes every pre-activation map in float64 together with a
componentwise bound on its distance to the exact value: the standard bound gamma_n |A| |H| of an n-term dot product,
plus the propagated error of the previous layer and the rounding of weights that float64 cannot represent.

Examples
--------
>>> from fractions import Fraction
>>> _fl(3), _fl(Fraction(1, 2)), _fl(Fraction(1, 3))[1] > 0        # exact floats have no error; 1/3 has one
((3.0, 0.0), (0.5, 0.0), True)
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.relu.float_products import thin_product

__all__ = ["FloatLayers", "U"]

U = 2.0**-53
_TINY = 2.0**-1000       # absolute slack against underflow in the bounds


def _gamma(n: int) -> float:
    return n * U / (1 - n * U)


def _fl(x):
    """(float, error bound) of a rational or integer x."""
    try:
        f = float(x)
    except OverflowError:
        return float("nan"), float("inf")
    if isinstance(x, int):
        return f, 0.0 if abs(x) < 2**53 or int(f) == x else abs(f) * U
    return f, 0.0 if Fraction(f) == x else abs(f) * U + _TINY


class FloatLayers:
    """float64 weights of a ReLU network with bounds on their rounding errors, and the slice map.

    ``H0`` (n0 x 3) and ``EH0``: z(u, v) = H0 (u, v, 1) up to EH0 componentwise.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.relu.slices import Slice
    >>> net = parse_spec("relu 2-2-1")
    >>> F = FloatLayers(net, net.rational_params([1, 0, 0, 1, 0, 0, 1, 1, 0]), Slice.standard(2))
    >>> N, E = F.affine(0, F.H0, F.EH0)      # the hidden units' maps u and v, bounds at the rounding level
    >>> N.tolist(), bool((E < 1e-15).all())
    ([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], True)
    """

    def __init__(self, net, theta, sl):
        self.A, self.c, self.EA, self.Ec, self.absA, self.g = [], [], [], [], [], []
        for W, b in net.layers(theta):
            Wf = [[_fl(v) for v in row] for row in W]
            bf = [_fl(v) for v in b]
            A = np.array([[p[0] for p in row] for row in Wf], dtype=float).reshape(W.shape)
            EA = np.array([[p[1] for p in row] for row in Wf], dtype=float).reshape(W.shape)
            self.A.append(A)
            self.absA.append(np.abs(A))
            self.EA.append(EA if EA.any() else None)
            self.c.append(np.array([p[0] for p in bf], dtype=float))
            self.Ec.append(np.array([p[1] for p in bf], dtype=float))
            n = W.shape[1]
            self.g.append(_gamma(n + 2))
        n0 = net.widths[0]
        vals = [[_fl(sl.directions[0][i]), _fl(sl.directions[1][i]), _fl(sl.origin[i])] for i in range(n0)]
        self.H0 = np.array([[p[0] for p in row] for row in vals], dtype=float).reshape(n0, 3)
        self.EH0 = np.array([[p[1] for p in row] for row in vals], dtype=float).reshape(n0, 3)
        self.depth = len(self.A)

    def affine(self, l, H, EH):
        """(N, E): float pre-activations of layer l from the float hidden map H (error EH), and their bound.

        H may also be a stack (B, n, 3) of hidden maps (then N and E are (B, m, 3)).
        """
        A, absH = self.A[l], np.abs(H)
        N = thin_product(A, H)          # one thread (float_products: BLAS threads wait on a shared machine)
        N[..., 2] += self.c[l]
        g = self.g[l]
        E = thin_product(self.absA[l], EH + g * absH)
        E[..., 2] += g * np.abs(self.c[l]) + self.Ec[l]
        if self.EA[l] is not None:
            E += thin_product(self.EA[l], absH + EH)
        E *= 1 + 4 * g
        E += _TINY
        return N, E
