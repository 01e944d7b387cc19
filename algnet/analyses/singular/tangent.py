"""Limits of tangent planes along curves into a point (exact, by a valuation
reduction over QQ[s]), and the even-curve test used by the boundary witness."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.analyses.singular.primitives import _q, sample_inputs
from algnet.core.backends import Exact
from algnet.core.linalg import kernel_qq
from algnet.errors import NumericalError

__all__ = ["limit_tangent_plane"]


def limit_tangent_plane(net, theta, direction, X=None, seed: int = 0):
    """Exact limit, as s -> 0, of the tangent plane d mu(R^N) at theta + s*direction.

    The Jacobian J(s) (values at unisolvent inputs) is a polynomial matrix in
    s; n columns independent for generic s are reduced over QQ[s] (replace a
    column by (sum c_i col_i)/s whenever the constant terms are dependent)
    until their constant terms are independent; those span the limit.

    Returns
    -------
    numpy object array of Fractions, shape (values, n): a basis of the limit plane.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 2-1-2")          # rank <= 1 matrices; rank 0 at the origin
    >>> L = limit_tangent_plane(net, [0, 0, 0, 0], [1, 2, 3, 4])
    >>> L.shape                                    # a 3-plane in the 4 values of f at 2 inputs x 2 outputs
    (4, 3)
    """
    from algnet.core.numbers import fmpq, fmpq_mat, fmpq_poly

    if X is None:
        X, _ = sample_inputs(net, seed)
    s = fmpq_poly([0, 1])
    th = _obj_array([_fq(t) + _fq(d) * s for t, d in zip(np.asarray(theta, dtype=object).ravel(),
                                                         np.asarray(direction, dtype=object).ravel())])
    J = np.asarray(net.jacobian(th, X, backend=Exact()), dtype=object)
    m, N = J.shape
    Jp = [[J[i, j] if isinstance(J[i, j], fmpq_poly) else fmpq_poly([J[i, j]]) for j in range(N)]
          for i in range(m)]
    # pivot columns at a random s0
    s0 = fmpq(7919, 104729)
    M0 = fmpq_mat(m, N, [Jp[i][j](s0) for i in range(m) for j in range(N)])
    R, r = M0.rref()
    piv, row = [], 0
    for j in range(N):
        if row < r and R[row, j] != 0:
            piv.append(j)
            row += 1
    cols = [[Jp[i][j] for i in range(m)] for j in piv]
    n = len(cols)
    for _ in range(200 * max(n, 1)):
        B0 = [[c[i][0] if c[i].degree() >= 0 else fmpq(0) for c in cols] for i in range(m)]
        K = kernel_qq(np.array([[Fraction(int(x.p), int(x.q)) for x in row] for row in B0], dtype=object)) if n else []
        if not K:
            return np.array([[Fraction(int(x.p), int(x.q)) for x in row] for row in B0], dtype=object).reshape(m, n)
        c = K[0]
        j = max(range(n), key=lambda t: (c[t] != 0, t))
        new = []
        for i in range(m):
            acc = fmpq_poly(0)
            for t in range(n):
                if c[t] != 0:
                    acc += cols[t][i] * fmpq(c[t].numerator, c[t].denominator)
            coeffs = acc.coeffs()
            new.append(fmpq_poly(coeffs[1:]) if len(coeffs) > 1 else fmpq_poly(0))
        cols[j] = new
    raise NumericalError("limit of tangent planes did not stabilise", hint="report this case")


def _obj_array(values):
    """1-D object array (numpy must not unpack polynomial entries)."""
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        out[i] = v
    return out


def _fq(t):
    from algnet.core.numbers import fmpq

    t = _q(t)
    if isinstance(t, Fraction):
        return fmpq(t.numerator, t.denominator)
    return fmpq(int(t))


def _even_curve(net, theta, e, X):
    """True if mu(theta + s e) is an even polynomial in s with a nonzero s^2 term."""
    from algnet.core.numbers import fmpq_poly

    s = fmpq_poly([0, 1])
    th = _obj_array([_fq(t) + _fq(d) * s for t, d in zip(theta, e)])
    vals = net.evaluate(th, X, backend=Exact()).ravel()
    nonzero2 = False
    for v in vals:
        if not isinstance(v, fmpq_poly):
            continue
        cs = v.coeffs()
        if any(cs[k] != 0 for k in range(1, len(cs), 2)):
            return False
        if len(cs) > 2 and cs[2] != 0:
            nonzero2 = True
    return nonzero2
