"""Upper bounds on a critical-point count no theorem gives, and the cap of a run they do not bound.

Where :func:`~.estimate.critical_estimate` knows only a lower bound on the number of critical images (one point, or
the degree of M for the generic metric), its time model is a lower bound too: it cannot show that the run fits the
budget. :func:`upper_points` gives an upper bound on the count (the generic ED degree for a special metric when a
theorem gives it; else the Bezout number of the gradient system on the slice), and :func:`default_cap` the wall
seconds at which a run whose upper estimate is above :data:`~algnet.guards.DEFAULT_BUDGET` stops when the caller
gave neither a time limit nor ``force`` (the refusal stays sound: no run goes past the budget unasked).

Examples
--------
>>> from algnet import parse_spec
>>> upper_points(parse_spec("linear 2-1-2"), "bombieri", 3, 2)[0]        # P^1 x P^1: 6
6
"""

from __future__ import annotations

import math

from algnet.errors import AlgnetError
from algnet.guards import DEFAULT_BUDGET

__all__ = ["upper_points", "default_cap", "cap_reason", "MAX_UPPER_BITS"]

#: an upper bound of more bits is not built (3^(10^8) takes minutes to compute and says no more than "unbounded")
MAX_UPPER_BITS = 100_000


def upper_points(net, kind, dim, D):
    """(an upper bound on the critical images, its source) where the count itself is not known: the generic ED
    degree for a special metric (Frobenius, Bombieri-Weyl, a metric given) when a theorem gives it, else the Bezout
    number of the slice's gradient system (module doc).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> upper_points(parse_spec("linear 3-1-2"), "bombieri", 4, 2)      # the Segre P^2 x P^1: 10 (DHOST)
    (10, 'the generic ED degree by a theorem (no metric has more)')
    >>> upper_points(parse_spec("dense 3-2-3 r=2"), "generic", 10, 3)[0] == 5 ** 10
    True
    >>> upper_points(parse_spec("dense 3-2-3 r=2"), "generic", 10**8, 3)      # 5^(10^8): not built
    (None, 'the Bezout number (2D - 1)^dim M = 5^100000000 (not written out)')
    """
    if kind in ("frobenius", "bombieri", "metric"):
        from algnet.analyses.critical.ed import ed_formula

        try:
            value, _ = ed_formula(net, "generic")
        except AlgnetError:     # no closed form that applies (estimate's module doc: which)
            value = None
        if value is not None:
            return int(value), "the generic ED degree by a theorem (no metric has more)"
        from algnet.analyses.critical.curve_ed import curve_bound

        bound = curve_bound(net)        # a map of P^1 by forms of degree e: 3e - 2 for every metric here
        if bound is not None:
            return bound[0], f"a theorem: {bound[1]}"
    if int(dim) * math.log2(max(int(2 * D - 1), 2)) > MAX_UPPER_BITS:    # not built: too many digits to be useful
        return None, f"the Bezout number (2D - 1)^dim M = {int(2 * D - 1)}^{int(dim)} (not written out)"
    return (int(2 * D - 1) ** int(dim),
            "the Bezout number (2D - 1)^dim M of the gradient system on the slice")


def default_cap(est, time_limit=None, force: bool = False):
    """Wall seconds at which a guarded run stops without a time limit (None: no cap): the default budget at the
    current load when the estimate ``est`` is a lower bound whose upper bound is above the budget (module doc).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.critical.estimate import critical_estimate
    >>> default_cap(critical_estimate(parse_spec("linear 2-1-2"), "frobenius")) is None        # Eckart-Young
    True
    >>> default_cap(critical_estimate(parse_spec("dense 3-2-3 r=2"), "frobenius")) >= DEFAULT_BUDGET
    True
    >>> default_cap(critical_estimate(parse_spec("dense 3-2-3 r=2"), "frobenius"), force=True) is None
    True
    """
    from algnet.guards import load_factor

    if time_limit is not None or force or est is None or not est.lower_bound or est.cpu_seconds_upper is None \
            or est.cpu_seconds_upper <= DEFAULT_BUDGET:
        return None
    return DEFAULT_BUDGET * load_factor()


def cap_reason(est, capped) -> str:
    """The partial reason of a run stopped at :func:`default_cap` (``capped`` wall seconds).

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> cap_reason(NS(points=1, points_upper=5 ** 10), 600.0).split(";")[1]
    ' no theorem bounds the count: at least 1, at most 9765625 critical points)'
    """
    from algnet.analyses.critical.estimate import _count
    from algnet.guards import format_seconds

    return (f"default budget reached ({format_seconds(capped)}; no theorem bounds the count: at least "
            f"{_count(est.points)}, at most {_count(est.points_upper)} critical points); time_limit= or force=True "
            "runs longer")

