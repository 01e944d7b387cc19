"""The points and radius of :func:`algnet.relu.local_complexity.local_complexity`, checked before any work: finite
coordinates, the model's input size, float64's range, and a radius the float path can resolve at the points.

Examples
--------
>>> from algnet import parse_spec
>>> from algnet.relu.model import PLModel
>>> net = parse_spec("relu 2-1-1")
>>> m = PLModel.from_relu_network(net, [1, 0, 0, 1, 0])
>>> r, Xf = checked_points(m, [[1, 2]], 0.5, exact=False)
>>> r, Xf.tolist()
(0.5, [[1.0, 2.0]])
>>> checked_points(m, [[1e17, 0]], 0.1, exact=False)        # doctest: +ELLIPSIS
Traceback (most recent call last):
...
algnet.errors.NumericalError: radius 0.1 is below the float64 resolution at 1 of the points ...
  hint: ...
"""

from __future__ import annotations

import numpy as np

from algnet.errors import NumericalError, ParameterError

__all__ = ["checked_points", "RESOLUTION_ULPS"]


def checked_points(m, X, radius, exact: bool, dtype: str = "float64"):
    """(radius as a float, the points as float64 rows) of the model ``m``; refused with what is wrong otherwise.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_relu_network(parse_spec("relu 1-1-1"), [1, 0, 1, 0])
    >>> checked_points(m, [[3]], 0.25, exact=True)[0]
    0.25
    """
    try:
        r = float(radius)
    except (TypeError, ValueError):
        raise ParameterError(f"radius {radius!r} is not a number",
                             hint="a positive radius, e.g. --radius 0.1") from None
    if not np.isfinite(r) or r <= 0:
        raise ParameterError(f"radius {radius!r} must be positive and finite", hint="e.g. --radius 0.1")
    from algnet.relu.data import check_finite_points

    check_finite_points(X, "point", width=None)
    try:
        Xf = np.asarray(X, dtype=float).reshape(len(X), -1) if len(X) else np.zeros((0, m.input_size))
    except OverflowError:       # a rational coordinate beyond float64's range
        raise ParameterError("a point has a coordinate beyond float64's range (1.8e308)",
                             hint="rescale the points and the first layer together: the local complexity of "
                                  "W x + b at x, radius r, is that of (W / c) y + b at y = c x, radius c r") from None
    if Xf.shape[1] != m.input_size:
        raise ParameterError(f"points have {Xf.shape[1]} coordinates, the model takes {m.input_size}",
                             hint="one row per point, flattened")
    if not exact:
        _check_float_resolution(Xf, r, dtype)
    return r, Xf


#: The float path refuses a radius below this many units in the last place of a point's largest coordinate: the
#: vertices x +- r d would be rounded by more than 1/1024 of r (at 1e17 a radius 0.1 rounds to x itself).
RESOLUTION_ULPS = 1024


def _check_float_resolution(Xf, r: float, dtype: str) -> None:
    """Refuse a radius the float arithmetic cannot resolve at the points (it answered 0 without a word)."""
    if Xf.size == 0:
        return
    eps = float(np.finfo(np.float32 if dtype == "float32" else np.float64).eps)
    big = np.abs(Xf).max(axis=1)
    bad = np.flatnonzero(big * eps * RESOLUTION_ULPS > r)
    if bad.size:
        i = int(bad[0])
        raise NumericalError(f"radius {r:g} is below the {dtype} resolution at {bad.size} of the points (first: point "
                             f"{i}, a coordinate of size {big[i]:.3g}, where {dtype} numbers are "
                             f"{big[i] * eps:.3g} apart): the vertices x +- r d would be rounded by more than "
                             f"r / {RESOLUTION_ULPS}",
                             hint="exact=True (signs at the exact vertices), or move the points and the first "
                                  "layer's bias together so the points sit near 0")


def _float_overflow(m):
    return NumericalError(f"{m.spec}: a weight is beyond float64's range (1.8e308): the floating-point signs cannot "
                          "be computed", hint="exact=True decides the signs in exact arithmetic")
