"""The inputs of the local analyses (:func:`algnet.relu.local_complexity.local_complexity`,
:func:`algnet.relu.local_regions.local_region_count`), checked before any work: the model (a PLModel, a torch module
or a ReLU spec with weights), the points (finite coordinates, the model's input size, float64's range), the radius
(exact: ``0.1`` or ``"1/10"`` typed as a string is 1/10; one the float path can resolve at the points), and the
random orthonormal directions.

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

from fractions import Fraction

import numpy as np

from algnet.errors import NumericalError, ParameterError

__all__ = ["as_model", "checked_radius", "checked_points", "RESOLUTION_ULPS"]

#: what a radius may be written as (the hint of a refused one)
_RADIUS_HINT = "a positive number: a decimal or a fraction p/q, e.g. 0.1 or 1/10 (--radius 0.1, --radius 1/10)"


def as_model(model, theta=None, input_shape=None, points=None):
    """A PLModel from a PLModel, a ReluNetwork (or spec) with theta, or a torch module.

    A torch module whose first layer is a convolution takes the shape of one of ``points`` (shape (B, C, L) or
    (B, C, H, W)) as its input shape when ``input_shape`` is not given (as the CLI does with ``--data``).

    Examples
    --------
    >>> m = as_model("relu 2-2-1", [1, 0, 0, 1, 0, 0, 1, 1, 0])          # relu(x) + relu(y)
    >>> m.spec, m.forward([[2, -3]], exact=True).tolist()
    ('relu 2-2-1', [[Fraction(2, 1)]])
    >>> as_model(m) is m
    True
    >>> as_model([1, 2])
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: cannot read a model from list
      hint: give a PLModel, a torch module, or a ReLU spec with theta=
    """
    from algnet.relu.model import PLModel

    if isinstance(model, PLModel):
        return model
    if theta is not None:
        from algnet.architectures.spec import parse_spec

        return PLModel.from_relu_network(parse_spec(model), theta)
    if type(model).__module__.startswith("torch") or hasattr(model, "named_modules"):
        from algnet.relu.torch_import import from_torch_model

        if input_shape is None and points is not None and np.ndim(points) > 2 and _conv_first(model):
            input_shape = np.shape(points)[1:]
        return from_torch_model(model, input_shape)
    raise ParameterError(f"cannot read a model from {type(model).__name__}",
                         hint="give a PLModel, a torch module, or a ReLU spec with theta=")


def _conv_first(model) -> bool:
    """Whether the first Linear/Conv layer of a torch module is a convolution (its input shape is not known)."""
    import torch

    nn = torch.nn
    first = next((m for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv1d, nn.Conv2d))), None)
    return first is not None and not isinstance(first, nn.Linear)


def _directions(B, n0, k, rng):
    """(B, n0, k): k orthonormal columns per point, from Gaussian draws (orthonormalised by two Cholesky-QR
    passes, batched; columns agree with a Householder QR up to sign, which leaves a cross-polytope unchanged)."""
    G = rng.standard_normal((B, n0, k))
    for _ in range(2):
        R = np.linalg.cholesky(np.swapaxes(G, 1, 2) @ G)          # (B, k, k) lower: G^T G = R R^T
        G = np.swapaxes(np.linalg.solve(R, np.swapaxes(G, 1, 2)), 1, 2)      # G R^-T
    return G


def checked_radius(radius, name: str = "radius") -> Fraction:
    """The radius as an exact positive rational, or ParameterError saying what to write.

    An int or a Fraction is itself; a float is its exact binary value; a string is read exactly, as typed on the
    command line (``"0.1"`` and ``"1/10"`` are both 1/10, not the binary value of the float 0.1). ``name`` is the
    radius' name in the message (``"--radius"`` for the command line).

    Examples
    --------
    >>> checked_radius("1/10"), checked_radius(" 0.1 "), checked_radius(0.5), checked_radius(2)
    (Fraction(1, 10), Fraction(1, 10), Fraction(1, 2), Fraction(2, 1))
    >>> checked_radius("1/x", "--radius")
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: --radius '1/x' is not a number
      hint: a positive number: a decimal or a fraction p/q, e.g. 0.1 or 1/10 (--radius 0.1, --radius 1/10)
    """
    from algnet.architectures.relu_exact import to_fraction

    if isinstance(radius, (bool, np.bool_)):
        raise ParameterError(f"{name} {radius!r} is not a number", hint=_RADIUS_HINT)
    try:
        finite = np.isfinite(float(radius))
    except (TypeError, ValueError):     # not a float: a fraction 'p/q' is read below
        finite = True
    except OverflowError:               # an int or a Fraction beyond float64
        finite = False
    if not finite:
        raise ParameterError(f"{name} {radius!r} must be positive and finite", hint=_RADIUS_HINT)
    try:
        exact = Fraction(radius.strip()) if isinstance(radius, str) else to_fraction(radius)
    except ParameterError:              # a Decimal, another rational type: its exact value
        try:
            exact = Fraction(radius)
        except (TypeError, ValueError):
            raise ParameterError(f"{name} {radius!r} is not a number", hint=_RADIUS_HINT) from None
    except (ValueError, ZeroDivisionError):
        raise ParameterError(f"{name} {radius!r} is not a number", hint=_RADIUS_HINT) from None
    if exact <= 0:
        raise ParameterError(f"{name} {radius!r} must be positive and finite", hint=_RADIUS_HINT)
    try:
        float(exact)
    except OverflowError:               # '10**400' written out as a string
        raise ParameterError(f"{name} {radius!r} must be positive and finite (float64's range: 1.8e308)",
                             hint=_RADIUS_HINT) from None
    return exact


def checked_points(m, X, radius, exact: bool, dtype: str = "float64"):
    """(radius as a float, the points as float64 rows) of the model ``m``; refused with what is wrong otherwise
    (the radius read by :func:`checked_radius`).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_relu_network(parse_spec("relu 1-1-1"), [1, 0, 1, 0])
    >>> checked_points(m, [[3]], 0.25, exact=True)[0], checked_points(m, [[3]], "1/4", exact=True)[0]
    (0.25, 0.25)
    """
    r = float(checked_radius(radius))
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
