"""The one-dimensional integrals that make up the 1-sparse loss, piece by piece.

With one active feature x_i ~ U[0, 1] the toy model's loss is a sum of

* ``g(a, b) = ∫_0^1 ReLU(a x + b)² dx``      (interference of feature i on output j:
  a = w_i·w_j, b = b_j),
* ``h(c, b) = ∫_0^1 (x − ReLU(c x + b))² dx`` (reconstruction of feature i:
  c = ‖w_i‖², b = b_i), written ``h = 1/3 − 2k + g`` with
  ``k(c, b) = ∫_0^1 x ReLU(c x + b) dx``.

The line a x + b is positive on all of [0, 1], on none of it, on an upper
part (t, 1] (b < 0 < a + b, t = −b/a) or on a lower part [0, t)
(a + b < 0 < b). On each piece the integrals are rational functions:

=======  ==========================  ==================================
piece    g                           k
=======  ==========================  ==================================
full     a²/3 + a b + b²             a/3 + b/2
none     0                           0
upper    (a + b)³ / (3a)             a/3 + b/2 − b³/(6a²)
lower    −b³ / (3a)                  b³/(6a²)
=======  ==========================  ==================================

g and k are C² on R² minus the origin (the formulas of adjacent pieces agree
to second order on the common boundary; they differ at third order), so the
Hessian of the formula of any piece containing a point is the Hessian of the
function there. At the origin g is C¹ but not C² (it is 2-homogeneous, with
value and gradient 0) and k is not differentiable; :func:`piece` reports
``"origin"`` there.

Every function takes elements of one ordered field (float, flint ``fmpq``,
:class:`~algnet.superposition.exact.QuadraticNumber`) and returns
``(value, (d_a, d_b), (d_aa, d_ab, d_bb))``.

Examples
--------
>>> from algnet.core.numbers import fmpq
>>> g(fmpq(1), fmpq(0))[0], g(fmpq(2), fmpq(-1))[0], g(fmpq(-1), fmpq(1, 2))[0]
(1/3, 1/6, 1/24)
>>> h(fmpq(1), fmpq(0))[0]                       # perfect reconstruction x' = x
0
"""

from __future__ import annotations

__all__ = ["piece", "g", "k", "h"]


def piece(a, b) -> str:
    """Which piece of [0, 1] the line a x + b is positive on: full, none, upper, lower or origin.

    Boundary points go to ``full`` or ``none`` (the formulas agree to second order there).

    Examples
    --------
    >>> piece(1, 0), piece(-1, 0), piece(2, -1), piece(-2, 1), piece(0, 0)
    ('full', 'none', 'upper', 'lower', 'origin')
    """
    sb, ss = _sign(b), _sign(a + b)
    if sb == 0 and ss == 0:
        return "origin"
    if sb >= 0 and ss >= 0:
        return "full"
    if sb <= 0 and ss <= 0:
        return "none"
    return "upper" if sb < 0 else "lower"


def _sign(x) -> int:
    """Sign of a field element; for a ball (flint ``arb``) only when it is certain."""
    if x > 0:
        return 1
    if x < 0:
        return -1
    if x == 0:
        return 0
    from algnet.errors import NumericalError

    raise NumericalError(f"cannot decide the sign of {x}: the ReLU piece is not determined",
                         hint="shrink the box (more precision) or use exact arithmetic")


def g(a, b):
    """``∫_0^1 ReLU(a x + b)² dx`` with its gradient and Hessian in (a, b) on the piece of (a, b).

    At the origin: value and gradient 0, Hessian ``None`` (not twice differentiable).

    Examples
    --------
    >>> g(1.0, 1.0)[0]                 # ∫ (x + 1)² = 7/3
    2.333333333333333
    """
    p = piece(a, b)
    z = a * 0
    if p == "origin":
        return z, (z, z), None
    if p == "none":
        return z, (z, z), (z, z, z)
    if p == "full":
        return a * a / 3 + a * b + b * b, (2 * a / 3 + b, a + 2 * b), ((z + 2) / 3, z + 1, z + 2)
    if p == "upper":
        s = a + b
        val = s * s * s / (3 * a)
        ga = s * s / a - s * s * s / (3 * a * a)
        gb = s * s / a
        gaa = 2 * s / a - 2 * s * s / (a * a) + 2 * s * s * s / (3 * a * a * a)
        gab = 2 * s / a - s * s / (a * a)
        gbb = 2 * s / a
        return val, (ga, gb), (gaa, gab, gbb)
    # lower: b > 0 > a + b
    val = -b * b * b / (3 * a)
    return val, (b * b * b / (3 * a * a), -b * b / a), (-2 * b * b * b / (3 * a * a * a), b * b / (a * a), -2 * b / a)


def k(c, b):
    """``∫_0^1 x ReLU(c x + b) dx`` with its gradient and Hessian in (c, b) on the piece of (c, b).

    At the origin the function is not differentiable: value 0, gradient and Hessian ``None``.

    Examples
    --------
    >>> from algnet.core.numbers import fmpq
    >>> k(fmpq(1), fmpq(0))[0], k(fmpq(2), fmpq(-1))[0]
    (1/3, 5/24)
    """
    p = piece(c, b)
    z = c * 0
    if p == "origin":
        return z, None, None
    if p == "none":
        return z, (z, z), (z, z, z)
    if p == "full":
        return c / 3 + b / 2, ((z + 1) / 3, (z + 1) / 2), (z, z, z)
    b3, c2 = b * b * b, c * c
    if p == "upper":
        val = c / 3 + b / 2 - b3 / (6 * c2)
        return val, ((z + 1) / 3 + b3 / (3 * c2 * c), (z + 1) / 2 - b * b / (2 * c2)), \
            (-b3 / (c2 * c2), b * b / (c2 * c), -b / c2)
    # lower
    return b3 / (6 * c2), (-b3 / (3 * c2 * c), b * b / (2 * c2)), (b3 / (c2 * c2), -b * b / (c2 * c), b / c2)


def h(c, b):
    """``∫_0^1 (x − ReLU(c x + b))² dx = 1/3 − 2k + g`` with gradient and Hessian in (c, b).

    At the origin (c = b = 0: an unrepresented feature with bias 0) the
    gradient and Hessian are ``None``.

    Examples
    --------
    >>> from algnet.core.numbers import fmpq
    >>> h(fmpq(0), fmpq(1, 2))[0]            # x' = 1/2 constant: ∫ (x − 1/2)² = 1/12
    1/12
    """
    kv, kd, kh = k(c, b)
    gv, gd, gh = g(c, b)
    val = (c * 0 + 1) / 3 - 2 * kv + gv
    if kd is None:
        return val, None, None
    return val, tuple(y - 2 * x for x, y in zip(kd, gd)), tuple(y - 2 * x for x, y in zip(kh, gh))
