"""The route of a fiber count: monodromy or Newton, by deg M (``method="auto"`` of :mod:`algnet.analyses.fibers`).

Monodromy tracks all deg M x k solutions of the witness system, so its size is judged from deg M: 1 when M fills
its space, a theorem's value, else the Bézout bound of :mod:`algnet.analyses.degree_estimate`, or, when that bound
is large, a short monodromy pilot (:func:`homotopy_route`). :func:`newton_without_pilot` tells when the route is
Newton's before any pilot or compiled kernel runs; :func:`_check_homotopy_size` refuses a monodromy count asked for
explicitly that is too large.

Examples
--------
>>> from algnet import parse_spec
>>> newton_without_pilot(parse_spec("dense 2-2-1 r=2"), 3) is None
True
"""

from __future__ import annotations

import math

import numpy as np

from algnet.errors import AlgnetError, TooLargeError

__all__ = ["homotopy_route", "newton_without_pilot", "HOMOTOPY_MAX_BOUND", "HOMOTOPY_FORCE_BOUND", "ROUTE_PILOT_CPU"]

#: Largest number of parameters of a network whose fiber ``method="auto"`` counts by monodromy.
HOMOTOPY_MAX_PARAMS = 60


#: Largest value of deg M (a theorem's, else a Bézout bound) for which ``method="auto"`` counts a fiber by
#: monodromy (all deg M x k solutions of the witness system are tracked) rather than by Newton's method.
HOMOTOPY_MAX_BOUND = 500

#: Largest value of deg M (a theorem's, else a Bézout bound) for which ``method="homotopy"`` runs unforced.
HOMOTOPY_FORCE_BOUND = 20_000


def _degree_value(net, dim, seed, pilot: bool = False, show_progress: bool = False, pilot_seconds=None,
                  timing=None):
    """(deg M or an upper bound on it, where it comes from): 1 when M fills its ambient space, a theorem's
    value when one applies, else the Bézout bound of :mod:`algnet.analyses.degree_estimate` -- or, with
    ``pilot`` and a Bézout bound above :data:`HOMOTOPY_MAX_BOUND`, what a short monodromy pilot of ``pilot_seconds``
    CPU seconds (default :data:`ROUTE_PILOT_CPU`) found (:func:`_piloted_degree`) when it found something."""
    from algnet.analyses.degree_estimate import bezout_bound

    known = _known_degree(net, dim)
    if known is not None:
        return known
    b = bezout_bound(net, dim, seed=seed)
    if pilot and b.value > HOMOTOPY_MAX_BOUND:
        piloted = _piloted_degree(net, dim, seed, show_progress, pilot_seconds, timing)
        if piloted is not None:
            return piloted[0], f"{piloted[1]} (the Bézout bound is {b.value})"
    return b.value, b.detail


def _known_degree(net, dim):
    """``(deg M, where it comes from)`` when it is known without an estimate: 1 when M fills its ambient space, a
    theorem's value when one applies; else None.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> _known_degree(parse_spec("dense 2-2-1 r=2"), 3)          # the binary quadratics: all of them
    (1, 'M is its whole ambient space')
    >>> _known_degree(parse_spec("linear 2-1-2"), 3)[0]          # 2x2 matrices of rank <= 1: the quadric det = 0
    2
    """
    if dim == net.ambient_dimension:
        return 1, "M is its whole ambient space"
    try:
        known = net.expected_degree() if hasattr(net, "expected_degree") else None
    except AlgnetError:
        known = None
    if known is not None:
        return int(known[0]), f"a theorem: {known[1]}"
    return None


def _check_homotopy_size(net, dim, seed):
    from algnet.analyses.degree_estimate import PATHS_PER_POINT

    d, why = _degree_value(net, dim, seed)
    if d > HOMOTOPY_FORCE_BOUND:
        raise TooLargeError(f"{net.spec}: the monodromy fiber count tracks every solution of the witness system; "
                            f"deg M alone may be {d} ({why}), about {PATHS_PER_POINT * d} paths per fiber point",
                            degree_bound=d, hint="method='newton' (a lower bound), or force=True")


#: CPU seconds of the pilot (:func:`algnet.analyses.degree_pilot.monodromy_pilot`) that ``method="auto"`` runs
#: when the Bézout bound on deg M is above :data:`HOMOTOPY_MAX_BOUND`: the bound can be thousands of times the
#: degree (dense 3-3-1 r=3: 19,683 against deg M = 4, found by the pilot in 40 paths).
ROUTE_PILOT_CPU = 5.0


def _piloted_degree(net, dim, seed, show_progress: bool = False, seconds=None, timing=None):
    """(deg M or an estimate of it, where it comes from) from a short monodromy pilot of ``seconds`` CPU seconds
    (default :data:`ROUTE_PILOT_CPU`; its search, and its fresh loops as much again), or None when the pilot
    neither finished nor gave an estimate inside its validity range; ``show_progress``: a bar of its CPU seconds
    against its cap; ``timing`` (a dict): gets ``warm_up_cpu``, the CPU seconds of the pilot's uncapped warm-up."""
    from algnet.analyses.degree_pilot import monodromy_pilot
    from algnet.analyses.fibers_progress import clock_bar

    seconds = ROUTE_PILOT_CPU if seconds is None else max(float(seconds), 0.01)
    with clock_bar("estimating deg M (monodromy pilot)", 2 * seconds, True, show_progress):
        p = monodromy_pilot(net, dim, seed=seed, seconds=seconds)
    if timing is not None:
        timing["warm_up_cpu"] = float(getattr(p, "warm_up_cpu", 0.0))
    if p.finished:
        return p.points, f"deg M = {p.points} by a {seconds:.3g} CPU-s monodromy pilot (trace test passed)"
    if p.reliable and p.interval[1] < float("inf"):
        return int(math.ceil(p.interval[1])), f"deg M <= {p.interval[1]:.0f} (95% interval of a pilot: {p.describe()})"
    return None


def homotopy_route(net, dim, seed, show_progress: bool = False, pilot_seconds=None, timing=None) -> tuple:
    """``(affordable, note)``: whether ``method="auto"`` counts the fiber by monodromy, and why.

    Monodromy when deg M (1 if M fills its space, a theorem's value, else the Bézout bound) is at most
    :data:`HOMOTOPY_MAX_BOUND`; when only the Bézout bound is known and it is larger, a monodromy pilot of
    :data:`ROUTE_PILOT_CPU` CPU seconds estimates deg M (the degree it finds when its trace test passes,
    else the upper end of its 95% interval when inside the estimator's validity range) and decides instead
    (``pilot_seconds``: its CPU seconds instead, the search's and the fresh loops' each; ``timing``, a dict: gets the
    pilot's uncapped warm-up CPU seconds, ``warm_up_cpu``).
    Networks of more than :data:`HOMOTOPY_MAX_PARAMS` parameters, or that the estimates cannot read, go to Newton's
    method (:func:`newton_without_pilot`).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> homotopy_route(parse_spec("dense 2-2-1 r=2"), 3, 0)[0]
    True
    """
    newton = newton_without_pilot(net, dim)
    if newton is not None:
        return False, newton
    try:
        d, why = _degree_value(net, dim, seed, pilot=True, show_progress=show_progress, pilot_seconds=pilot_seconds,
                               timing=timing)
    except (AlgnetError, ValueError, np.linalg.LinAlgError) as e:  # a network the estimates cannot read
        return False, f"no estimate of deg M ({e})"
    ok = d <= HOMOTOPY_MAX_BOUND
    return ok, f"{why}: {'at most' if ok else 'above'} {HOMOTOPY_MAX_BOUND}"


def newton_without_pilot(net, dim):
    """Why ``method="auto"`` counts the fiber by Newton's method when that is settled before any estimate that
    runs the compiled kernels (a monodromy pilot): more than :data:`HOMOTOPY_MAX_PARAMS` parameters, or a deg M known
    exactly (:func:`_known_degree`) above :data:`HOMOTOPY_MAX_BOUND`; None when the route needs more (the Bézout
    bound, a pilot) or is monodromy. A route settled here needs no check of the kernels' compilation, and no import
    of numba.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> newton_without_pilot(parse_spec("linear 8-8-1"), 15)
    '72 parameters (monodromy up to 60)'
    """
    if net.n_params > HOMOTOPY_MAX_PARAMS:
        return f"{net.n_params} parameters (monodromy up to {HOMOTOPY_MAX_PARAMS})"
    try:
        known = _known_degree(net, dim)
    except (AlgnetError, ValueError, np.linalg.LinAlgError):  # homotopy_route says so (no estimate of deg M)
        return None
    if known is not None and known[0] > HOMOTOPY_MAX_BOUND:
        return f"{known[1]}: above {HOMOTOPY_MAX_BOUND}"
    return None


def _homotopy_affordable(net, dim, seed) -> bool:
    return homotopy_route(net, dim, seed)[0]
