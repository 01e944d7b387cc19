"""Exact and numerical primitives shared by the singularity tests: sample inputs,
exact values and Jacobians over QQ, exact and numerical ranks."""

from __future__ import annotations

from fractions import Fraction
from math import prod

import numpy as np

from algnet.architectures.interpolation import unisolvent_points
from algnet.core.backends import Complex, Exact, ModP
from algnet.core.linalg import rank_qq


def _offsets(net):
    """Start index and shape of each named parameter array."""
    out, i = {}, 0
    for name, shape in net.param_shapes:
        out[name] = (i, tuple(shape))
        i += prod(shape)
    return out


def sample_inputs(net, seed):
    """Input points that determine a network's function: ``(X, Xn)``.

    ``X`` are integer points, unisolvent for the output monomials (the values at them determine
    the coefficients, for exact computations over QQ); ``Xn`` are standard normal points, four more
    than there are monomials (for numerical computations).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("dense 2-2-1 r=2")          # quadratic forms in 2 inputs: 3 monomials
    >>> X, Xn = sample_inputs(net, seed=0)
    >>> X.shape, Xn.shape
    ((3, 2), (7, 2))
    """
    monos = net.output_monomials()
    _, pts = unisolvent_points(net.n_inputs, monos, ModP(2**27 - 39), seed)
    X = pts.reshape((len(monos),) + tuple(net.input_shape))
    rng = np.random.default_rng(seed + 7)
    Xn = rng.standard_normal((len(monos) + 4,) + tuple(net.input_shape))
    return X, Xn


def exact_values(net, theta, X):
    """The network's outputs at inputs ``X`` over QQ, for parameters ``theta`` (ints, Fractions or floats,
    each read exactly).

    Examples
    --------
    >>> from fractions import Fraction
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 1-1-1")              # f(x) = b * a * x
    >>> exact_values(net, [Fraction(1, 2), 3], [[2]])[0] == 3
    True
    """
    th = np.array([_q(t) for t in np.asarray(theta, dtype=object).ravel()], dtype=object)
    return net.evaluate(th, X, backend=Exact()).ravel()


def _exact_jac(net, theta, X):
    th = np.array([_q(t) for t in np.asarray(theta, dtype=object).ravel()], dtype=object)
    return np.asarray(net.jacobian(th, X, backend=Exact()), dtype=object)


def _q(t):
    if isinstance(t, (int, np.integer)):
        return int(t)
    if isinstance(t, Fraction):
        return t if t.denominator != 1 else int(t.numerator)
    try:
        return Fraction(t)
    except (ValueError, OverflowError, TypeError):       # nan, inf, 'a', None: bad input, not a traceback
        from algnet.errors import ParameterError

        raise ParameterError(f"{t!r} is not a finite rational number",
                             hint="give parameters and coordinates as ints, Fractions or finite floats") from None


def _rank(A) -> int:
    A = np.asarray(A, dtype=object)
    if A.size == 0:
        return 0
    return rank_qq(A)


def _num_rank(A, tol=1e-7) -> int:
    if A.size == 0:
        return 0
    sv = np.linalg.svd(A, compute_uv=False)
    return int(np.sum(sv > tol * max(sv[0], 1e-300)))


def _clear_rank(A, gap=1e-4, tol=1e-9):
    """Numerical rank when the singular values show a clear gap, else None."""
    sv = np.linalg.svd(A, compute_uv=False)
    if sv.size == 0 or sv[0] == 0:
        return 0
    rel = sv / sv[0]
    r = int(np.sum(rel > tol))
    if r and rel[r - 1] < gap:
        return None
    return r


def _colspace(A, r):
    U, _, _ = np.linalg.svd(A, full_matrices=False)
    return U[:, :r]


# ------------------------------------------------------------- numerics
def _num_values(net, theta, Xn):
    return net.evaluate(np.asarray(theta, dtype=np.complex128), Xn, backend=Complex()).ravel()


def _num_jac(net, theta, Xn):
    return np.asarray(net.jacobian(np.asarray(theta, dtype=np.complex128), Xn, backend=Complex()))
