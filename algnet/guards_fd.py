"""The guards of a batch functional dimension (a ReLU network's or a piecewise-linear model's exact Jacobian rank
at a batch of inputs): its memory and time estimated from the widths before any weight is drawn, and the refusal,
with the estimate and a smaller batch, of one above the memory limit or the time (:mod:`algnet.guards` decides).
The names are read from :mod:`algnet.guards` as well.

Examples
--------
>>> from algnet import parse_spec
>>> check_fd(parse_spec("relu 2-5-1"), batch=8)["rows"]
8
"""

from __future__ import annotations

import math

from algnet import guards
from algnet.errors import ParameterError

__all__ = ["estimate_fd", "check_fd", "check_batch_fd", "batch_fd_message"]


def estimate_fd(net, batch: int | None = None) -> dict:
    """Estimated peak memory (bytes) and seconds of the batch functional dimension of a ReLU ``net``.

    ``batch`` random inputs (default ``2 ceil(D / n_out)``, as
    :func:`algnet.relu.batch_functional_dimension` draws them); the model is the ReLU
    package's own (:func:`algnet.relu.functional.estimate_batch_fd`: the exact forward
    pass, the Jacobian and its rank, at most D' = ``net.dimension_bound``), here computed
    from the widths before any weight is drawn; ``seconds`` are CPU seconds.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> est = estimate_fd(parse_spec("relu 2-100000-1"))
    >>> est["inputs"], est["rows"], est["columns"], est["memory"] > 2**40
    (800002, 800002, 400001, True)
    >>> estimate_fd(parse_spec("relu 2-5-1"))["memory"] < 100 * 10**6       # mostly the rank's libraries
    True
    """
    from algnet.relu.fd_estimate import RELU_FIXED_BYTES, relu_batch_fd_memory
    from algnet.relu.functional import estimate_batch_fd

    w = list(net.widths)
    D, nout = net.n_params, w[-1]
    K = int(batch) if batch is not None else 2 * math.ceil(D / nout)
    est = dict(estimate_batch_fd(K, tuple(w), D, nout, rank_bound=net.dimension_bound))
    est["memory"] = relu_batch_fd_memory(K, tuple(w), D, nout)        # the exact route's measured peak
    est["fixed_memory"] = RELU_FIXED_BYTES            # of which: the libraries the rank loads, whatever the size
    est["inputs"] = K
    return est


def check_fd(net, batch=None, force: bool = False, time_limit=None) -> dict:
    """Refuse (TooLargeError, with the estimate and a cheaper route) a batch functional dimension above the memory
    limit or the time: ``time_limit`` seconds when given, else :data:`algnet.guards.DEFAULT_BUDGET` CPU seconds.

    ``force`` lifts the memory limit and the default budget, not a ``time_limit`` given (the rank cannot stop
    midway), nor a memory estimate above everything the machine has (:func:`guards.check_resources`). ``batch`` must be
    None or a positive integer (ParameterError otherwise). Returns the estimate (:func:`estimate_fd`).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> check_fd(parse_spec("relu 2-5-1"), batch=8)["rows"]
    8
    >>> check_fd(parse_spec("relu 2-5-1"), batch=10**9)
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: relu 2-5-1: the batch functional dimension at 1000000000 inputs ...
    >>> check_fd(parse_spec("relu 3-120-120-1"))                # about half an hour of CPU
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: relu 3-120-120-1: the batch functional dimension at 30242 inputs ... take about ...
    """
    import numbers

    if batch is not None and (isinstance(batch, bool) or not isinstance(batch, numbers.Integral) or batch < 1):
        raise ParameterError(f"batch={batch!r} must be a positive integer", hint="e.g. batch=64, or None")
    time_limit = guards.check_time_limit(time_limit)
    est = estimate_fd(net, batch)
    check_batch_fd(f"{net.spec}: the batch functional dimension at {est['inputs']} inputs", est,
                   "after an exact forward pass", force=force, time_limit=time_limit,
                   hint=lambda: _smaller_fd_batch(net, est["inputs"]) + "a narrower network")
    return est      # a long run allowed is announced by the guard (guards.check_resources), forced or not


def check_batch_fd(subject: str, est: dict, method: str, *, force: bool = False, time_limit=None, hint="") -> None:
    """The decision of every batch functional dimension guard (:func:`check_fd`, and
    :func:`~algnet.relu.model_estimates.check_model_fd` for piecewise-linear models): refuse (TooLargeError) the
    estimate ``est`` (``memory`` bytes, ``seconds`` of CPU, ``rows`` x ``columns``) above the memory limit or the
    time: ``time_limit`` seconds when given (which ``force`` does not lift: the rank cannot stop midway), else
    :data:`algnet.guards.DEFAULT_BUDGET` (which ``force`` lifts, with the memory limit). The refusal reads
    :func:`batch_fd_message` (``subject``, ``method``) and offers ``hint`` (a string, or a callable returning it).

    Examples
    --------
    >>> est = {"rows": 8, "columns": 21, "memory": 2048, "seconds": 90.0}
    >>> check_batch_fd("relu 2-5-1: the batch functional dimension", est, "by hand", time_limit=100)
    >>> check_batch_fd("relu 2-5-1: the batch functional dimension", est, "by hand", time_limit=60, force=True)
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: relu 2-5-1: the batch functional dimension (a 8 x 21 Jacobian by hand; ... above ...
      hint: a larger time_limit= (force=True lifts the size limits, not a time limit given explicitly)
    """
    time_limit = guards.check_time_limit(time_limit)
    budget = guards.DEFAULT_BUDGET if time_limit is None else time_limit
    guards.check_resources(batch_fd_message(subject, est, method, budget if time_limit is None else None),
                    memory=est["memory"], seconds=est["seconds"], time_limit=budget, force=force,
                    stops_at_time_limit=time_limit is None, rows=est["rows"], columns=est["columns"], hint=hint)


def batch_fd_message(subject: str, est: dict, method: str, default_budget=None) -> str:
    """The sentence a refused batch functional dimension reports: ``subject``, then the Jacobian's shape (``est``'s
    ``rows`` and ``columns``) and how it is computed (``method``), the estimated ``memory`` and ``seconds``, and
    the default budget when one applies (``default_budget`` seconds, None when a time limit was given). A
    ``fixed_memory`` in ``est`` (bytes any size needs: the libraries the rank loads) is named apart.

    Examples
    --------
    >>> est = {"rows": 8, "columns": 21, "memory": 2048, "seconds": 90.0}
    >>> print(batch_fd_message("relu 2-5-1: ...", est, "after a forward pass", default_budget=60))
    relu 2-5-1: ... (a 8 x 21 Jacobian after a forward pass; estimated 2.0 KiB, 1.5 min of CPU against the default \
budget of 1.0 min of CPU)
    >>> print(batch_fd_message("relu 2-3-1: ...", dict(est, memory=80 * 10**6 + 4096, fixed_memory=80 * 10**6), "here"))
    relu 2-3-1: ... (a 8 x 21 Jacobian here; estimated 76.3 MiB, of which 76.3 MiB the libraries the rank loads, \
1.5 min of CPU)
    """
    fixed = est.get("fixed_memory")
    fixed = f", of which {guards.format_bytes(fixed)} the libraries the rank loads" if fixed else ""
    return (f"{subject} (a {est['rows']} x {est['columns']} Jacobian {method}; estimated "
            f"{guards.format_bytes(est['memory'])}{fixed}, {guards.format_seconds(est['seconds'])} of CPU"
            + ("" if default_budget is None
               else f" against the default budget of {guards.format_seconds(default_budget)} of CPU")
            + ")")


def _smaller_fd_batch(net, inputs: int) -> str:
    """The cheaper route of a refused batch functional dimension: the least batch that can reach D' (the rank is
    at most D', and each input gives n_out rows), with its estimate."""
    k = max(1, math.ceil(net.dimension_bound / net.widths[-1]))
    if k >= inputs:
        return "a smaller batch= (fewer rows; the rank may then stay below D'), or "
    small = estimate_fd(net, k)
    size, cpu = guards.format_bytes(small["memory"]), guards.format_seconds(small["seconds"])
    return (f"batch={k} (the rank is at most D' = {net.dimension_bound}, so ceil(D' / outputs) = {k} inputs can "
            f"reach it; about {size}, {cpu} of CPU), or ")
