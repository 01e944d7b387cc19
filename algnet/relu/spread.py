"""Random inputs spread over boxes of growing radius: a better proved lower bound of the functional dimension
where the regions of the input space cannot be enumerated (input dimension >= 3).

The functional dimension of a ReLU network is the supremum of the batch rank over all finite input sets Z of
R^{n_0} (Grigsby-Lindsey-Meyerhoff-Wu, arXiv:2209.04036); the rank at any Z is a proved lower bound. Random
inputs in [-2, 2]^{n_0} reach only the regions that meet that box, while a region far from the origin (an
unbounded cone of the arrangement, a bent hyperplane's far side) adds its own directions. This module draws the
same number of inputs in each box of radius 2 * 8^k, k = 0 .. len(SCALES) - 1.

Measured: ``relu 3-3-2-1`` with ``--seed 0..4`` weights: the batch rank at 46 random
inputs of [-2, 2]^3 was 13, 11, 17, 6, 18 of D' = 18 (4,000 inputs in that box still 13 at seed 3); the spread
inputs reach 18 at every one of these seeds (an independent float64 rank at 400 inputs of [-20, 20]^3: 18).

Examples
--------
>>> from algnet import parse_spec
>>> net = parse_spec("relu 3-3-2-1")
>>> spread_inputs(net, 2, seed=0).shape
(10, 3)
>>> spread_functional_dimension(net, net.random_params(seed=3), seed=1).rank
18
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.errors import ParameterError

__all__ = ["SCALES", "spread_inputs", "spread_functional_dimension", "best_batch", "model_best_batch"]

SCALES = (1, 8, 64, 512, 4096)   # box radii 2 * scale: from the default box [-2, 2] out to [-8192, 8192]


def spread_inputs(net, count: int, seed=0, scales=SCALES) -> np.ndarray:
    """``count`` random rational inputs in each box [-2s, 2s]^{n_0}, s in ``scales`` (object array of Fractions,
    ``count * len(scales)`` rows; the first ``count`` are ``net.random_inputs(count, seed)``; ``net`` a ReLU
    network or a :class:`~algnet.relu.model.PLModel`, whose inputs are drawn flattened).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> Z = spread_inputs(parse_spec("relu 3-2-1"), 1, seed=0, scales=(1, 100))
    >>> Z.shape, max(abs(v) for v in Z[0]) <= 2
    ((2, 3), True)
    """
    if isinstance(count, bool) or int(count) != count or count < 1:
        raise ParameterError(f"count={count!r}", hint="a positive number of inputs per box")
    if (isinstance(scales, (str, bytes)) or not hasattr(scales, "__len__") or not scales
            or any(isinstance(s, (bool, np.bool_)) or not isinstance(s, (int, np.integer)) or s < 1 for s in scales)):
        raise ParameterError(f"scales={scales!r}", hint="positive integers (box radius 2 * scale)")
    base = net.random_inputs(int(count) * len(scales), seed=seed)
    out = np.empty(base.shape, dtype=object)
    for k, s in enumerate(scales):
        rows = slice(k * int(count), (k + 1) * int(count))
        out[rows] = [[Fraction(v) * int(s) for v in row] for row in base[rows]]
    return out


def spread_functional_dimension(net, theta, *, batch: int | None = None, seed=0, scales=SCALES,
                                exact: str = "auto", force: bool = False, time_limit=None):
    """The batch rank at :func:`spread_inputs` (``batch`` per box, default 2 ceil(D / n_out)): a proved lower
    bound of the functional dimension, equal to it when it reaches D'. Inputs on a bent hyperplane are dropped.
    ``force`` and ``time_limit`` (CPU seconds: refused when the estimate is longer) are those of
    :func:`~algnet.relu.functional.batch_functional_dimension`.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 3-2-1")
    >>> r = spread_functional_dimension(net, net.random_params(seed=0), seed=1)
    >>> r.rank <= r.bound == 9
    True
    """
    from math import ceil

    from algnet.architectures.spec import parse_spec
    from algnet.relu.functional import batch_functional_dimension

    net = parse_spec(net)
    k = batch if batch is not None else 2 * ceil(net.n_params / net.widths[-1])
    Z = spread_inputs(net, k, seed=seed, scales=scales)
    return batch_functional_dimension(net, theta, Z, on_nonsmooth="drop", exact=exact, float_check=False,
                                      force=force, time_limit=time_limit)


def best_batch(net, theta, *, batch: int | None = None, seed=0, exact: str = "auto") -> tuple:
    """``(result, scope)``: the batch rank at random inputs of [-2, 2]^{n_0}, or, when that stays below D' and
    the spread inputs do better, the rank at :func:`spread_inputs` (both proved lower bounds of the functional
    dimension; the sweep's ``fd`` rows for input dimension >= 3).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 3-3-2-1")
    >>> b, scope = best_batch(net, net.random_params(seed=3), seed=1)
    >>> b.rank, scope.startswith("random inputs spread")
    (18, True)
    """
    from algnet.architectures.spec import parse_spec
    from algnet.relu.functional import batch_functional_dimension

    net = parse_spec(net)
    b = batch_functional_dimension(net, theta, batch=batch, seed=seed, on_nonsmooth="drop", exact=exact,
                                   float_check=False)
    if b.rank < b.bound:
        s = spread_functional_dimension(net, theta, batch=batch, seed=seed, exact=exact)
        if s.rank > b.rank:
            return s, ("random inputs spread over boxes of radius 2 to 8192 (lower bound of the functional "
                       "dimension)")
    return b, "random inputs (lower bound of the functional dimension)"


def model_best_batch(model, *, batch: int | None = None, seed=1, force: bool = False, time_limit=None) -> tuple:
    """``(result, inputs)`` for a :class:`~algnet.relu.model.PLModel` without data: the batch functional dimension
    (:func:`~algnet.relu.model_fd.model_batch_fd`) at ``batch`` random inputs of [-2, 2]^n (grid 2^-9; default
    2 ceil(D / n_out)), and, when that stays below the bound D', at :func:`spread_inputs` (``batch`` per box) if
    the rank there is higher; ``inputs`` says which inputs (and seed) the result is from. Both are proved lower
    bounds of the functional dimension. The spread step is skipped, and said so, when its estimate is refused.
    ``force`` and ``time_limit`` (CPU seconds) are those of :func:`~algnet.relu.model_fd.model_batch_fd`.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])     # relu(x) + relu(y)
    >>> r, inputs = model_best_batch(m, seed=0)
    >>> r.rank, r.bound, inputs
    (7, 7, '18 random inputs of [-2, 2]^2 (grid 2^-9, seed 0)')
    """
    from math import ceil

    from algnet.errors import TooLargeError
    from algnet.relu.model_fd import model_batch_fd

    k = int(batch) if batch is not None else 2 * ceil(model.n_params / model.output_size)
    if k < 1:
        raise ParameterError(f"batch={batch!r}", hint="a positive number of inputs")
    n = model.input_size
    b = model_batch_fd(model, model.random_inputs(k, seed=seed), force=force, time_limit=time_limit)
    inputs = f"{k} random inputs of [-2, 2]^{n} (grid 2^-9, seed {seed})"
    if b.certified or b.bound is None or b.rank >= b.bound:
        return b, inputs
    try:
        s = model_batch_fd(model, spread_inputs(model, k, seed=seed), force=force, time_limit=time_limit)
    except TooLargeError as e:
        return b, inputs + f"; not tried at inputs spread over larger boxes: {e.message}"
    if s.rank > b.rank:
        return s, (f"{k * len(SCALES)} random inputs spread over boxes of radius 2 to {2 * SCALES[-1]} "
                   f"(grid step radius / 1024 in each box, seed {seed})")
    return b, inputs + f"; no higher at {k * len(SCALES)} inputs spread over boxes of radius 2 to {2 * SCALES[-1]}"
