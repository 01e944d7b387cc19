"""The functional dimension of a piecewise-linear model from a decisive set of its linear regions.

Split from :mod:`algnet.relu.model_fd` (the batch rank at given inputs) by concern; the names are re-exported there,
and the batch rank is called through that module (one code path).

Examples
--------
>>> from algnet.relu.model import PLModel
>>> fd = model_functional_dimension(PLModel.from_layers([([[1], [-1]], [0, 1]), ([[1, 1]], [0])]))
>>> fd.functional_dimension, fd.bound, fd.certified       # relu(x) + relu(1 - x): D' = 7 - 2 reached
(5, 5, True)
"""

from __future__ import annotations

import time

__all__ = ["model_functional_dimension", "tied_functional_dimension", "BATCH_ROUTE_HINT"]

BATCH_ROUTE_HINT = ("the batch functional dimension at sampled inputs, a proved lower bound of the functional "
                    "dimension: model_batch_fd(model, X) or model_best_batch(model) (CLI: algnet fd --torch MODEL "
                    "--data X.npz, or --batch N)")


def model_functional_dimension(model, *, slice=None, primes=None, max_regions: int = 200_000, workers: int = 1,
                               force: bool = False, exact: str = "auto", time_limit=None):
    """The functional dimension of a piecewise-linear model (any layers the torch importer translates, with or
    without shared weights), from a decisive set.

    The model's linear regions are enumerated exactly (1-D and 2-D inputs, or a 2-D ``slice``): for a Linear/ReLU
    chain as those of the untied network of its layers (the same function), for any other model (convolutions,
    pooling, BatchNorm, LeakyReLU / PReLU, layers without bias, ...) by :func:`~.model_regions.model_regions`
    (activation patterns and max-pool argmax cells). On each region F is affine in x, hence every Jacobian row
    there (also in a PReLU slope) is an affine combination of the rows at n_0 + 1 affinely independent points of
    it, also after the columns of a shared parameter's uses are summed (an untied model is the case where every
    parameter has one use). The rank of the Jacobian at those points (mod p: a proved lower bound) is the
    functional dimension when it meets D' (then ``certified``).

    Before the enumeration its cost (a lower estimate of the regions from the first nonlinear node,
    :func:`~algnet.relu.model_estimates.model_region_estimate`) and that of the Jacobian at the decisive set
    (n_0 + 1 points per estimated region, :func:`estimate_model_fd`) are checked; above the limits the work is
    refused (TooLargeError) with the estimate and the cheaper route, the batch functional dimension at sampled
    inputs (a lower bound), unless ``force``: the memory limit, and the CPU time of that Jacobian against
    ``time_limit`` CPU seconds when given (which ``force`` does not lift), else the default budget of
    :data:`~algnet.guards.DEFAULT_BUDGET`. ``time_limit`` also stops the enumeration after that many CPU seconds:
    the rank at the decisive set of the regions finished by then is a lower bound of the functional dimension
    (``partial`` True, ``stopped`` the reason, the scope and the evidence say so), exact only when it reaches D'.
    ``exact``: as in :func:`model_batch_fd` ('always' is 'auto' here).

    Examples
    --------
    One Linear(1, 1) applied twice, F = w relu(w relu(x) + b) + b with w = 2, b = 1/2: the constant w b + b for
    x < 0 and w^2 x + w b + b for x > 0, so by hand FD = 2 = D:

    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[2]], ["1/2"]), ([[2]], ["1/2"])])
    >>> m.nodes[1].op.keys = m.nodes[3].op.keys = ("w", "b")
    >>> fd = model_functional_dimension(m)
    >>> fd.functional_dimension, fd.parameters, fd.certified
    (2, 2, True)

    Untied and without a bias in the hidden layer, relu(x) - relu(-x) (= x): one region per half-line; the
    two hidden weights and the output weights move F only through the slopes on the two half-lines and the
    output bias, FD = 3 (D = 5, D' = 3):

    >>> m = PLModel.from_layers([([[1], [-1]], [0, 0]), ([[1, -1]], [0])])
    >>> m.nodes[1].op.has_bias = False
    >>> fd = model_functional_dimension(m)
    >>> fd.functional_dimension, fd.parameters, fd.certified, fd.regions
    (3, 5, True, 2)
    """
    from algnet.errors import NotApplicableError
    from algnet.relu.functional import FunctionalDimension, partial_decisive_set, partial_scope
    from algnet.relu.regions import Slice, linear_regions
    from algnet.relu.symmetries import symmetry_bound

    t0 = time.perf_counter()
    n0 = model.input_size
    if slice is None and n0 > 2:
        raise NotApplicableError(f"{model.spec}: the regions of R^{n0} cannot be enumerated here (only 1-D and "
                                 "2-D inputs)", hint="pass slice=Slice(...) (a lower bound from a 2-D slice), or "
                                 + BATCH_ROUTE_HINT)
    sl = Slice.coerce(slice, n0) if slice is not None else Slice.standard(n0)    # a dict slice had crashed below
    _check_decisive_set(model, sl, force, time_limit)
    if model.mlp_widths() is not None:
        from algnet.errors import TooLargeError

        net, theta = model.to_relu_network()      # the same function (so the same regions); untied parameters
        try:
            part = linear_regions(net, theta, plane=True, slice=sl, max_regions=max_regions, workers=workers,
                                  force=force, time_limit=time_limit)
        except TooLargeError as e:                # the same refusal, naming the model's cheaper route too
            raise TooLargeError(e.message, hint=(f"{e.hint}; or " if e.hint else "") + BATCH_ROUTE_HINT,
                                **e.info) from None
    else:
        from algnet.relu.model_regions import model_regions

        part = model_regions(model, plane=True, slice=sl, max_regions=max_regions, force=force,
                             hint=BATCH_ROUTE_HINT, time_limit=time_limit)
    Z = partial_decisive_set(model.spec, part, n0)
    from algnet.relu import model_fd

    b = model_fd.model_batch_fd(model, Z, primes=primes, route="modular", on_nonsmooth="raise", force=force,
                       exact="never" if exact == "never" else "auto", time_limit=time_limit)
    bound = symmetry_bound(model, force=force, time_limit=time_limit)
    whole = slice is None
    scope = ((f"whole input space R^{n0} (decisive set)" if n0 > 1 else "whole input line R (decisive set)")
             if whole else "2-D slice (lower bound of the functional dimension; exact when it reaches D')")
    from algnet.relu.model_params import fixed_entries, shared_parameters

    if shared_parameters(model):
        scope += "; shared weights counted once (the Jacobian columns of their uses summed)"
    if fixed_entries(model):
        scope += f"; {fixed_entries(model)} fixed entries (pruned or frozen) are no parameters"
    cert = b.certified if whole else b.certified and b.rank == bound    # a decisive set's rank is the FD
    scope, cert = partial_scope(part, scope, cert, b.certified and b.rank == bound)
    return FunctionalDimension(model.spec, b.rank, b.parameters, bound, cert, scope,
                               part.count, b, sl.describe(), time.perf_counter() - t0, part.partial, part.stopped)



#: The name of :func:`model_functional_dimension` when it served tied models only (kept importable; one code path).
tied_functional_dimension = model_functional_dimension


def _check_decisive_set(model, sl, force, time_limit=None):
    """Before any region is enumerated: the Jacobian at the decisive set (n_0 + 1 points per region of the lower
    estimate of :func:`~algnet.relu.model_estimates.model_region_estimate` on the whole slice plane) checked
    against the memory limit and the time (``time_limit``, else the default budget) by
    :func:`~algnet.relu.model_estimates.check_model_fd`; the enumeration checks its own estimate."""
    from algnet.relu.model_estimates import check_model_fd, model_region_estimate

    est = model_region_estimate(model, slice=sl)
    points = (min(model.input_size, 2) + 1) * est["regions"]
    check_model_fd(model, points, float_check=True, force=force, time_limit=time_limit, hint=BATCH_ROUTE_HINT,
                   what=f"{model.spec}: the Jacobian at a decisive set of at least {points:,} points (n_0 + 1 in "
                        f"each of at least {est['regions']:,} regions)")
