"""Upper bounds on a critical-point count no theorem gives, the cap of a run they do not bound, and dim M where the
family's count is only an upper bound.

Where :func:`~.estimate.critical_estimate` knows only a lower bound on the number of critical images (one point, or
the degree of M for the generic metric), its time model is a lower bound too: it cannot show that the run fits the
budget. :func:`upper_points` gives an upper bound on the count (the generic ED degree for a special metric when a
theorem gives it; else the Bezout number of the gradient system on the slice), and :func:`default_cap` the wall
seconds at which a run whose upper estimate is above :data:`~algnet.guards.DEFAULT_BUDGET` stops when the caller
gave neither a time limit nor ``force`` (the refusal stays sound: no run goes past the budget unasked).
:func:`shape_dimension` gives the estimate's dim M: a family's count where a theorem proves it, else (a dense
network's expected dimension, an upper bound) the certified ranks mod p of a small network, or the bound, saying so.

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

__all__ = ["upper_points", "default_cap", "cap_reason", "MAX_UPPER_BITS", "shape_dimension", "dimension_exact",
           "RANK_PARAMS", "RANK_COEFFICIENTS"]

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


#: Largest parameter count and coefficient count at which the estimate computes dim M by ranks mod p where the
#: family's count is only an upper bound (:func:`shape_dimension`): dense 8-8-8 r=2, 128 parameters and 288
#: coefficients, took 9-17 ms (the count computes the same rank, remembered, and needs it anyway); above, the
#: estimate keeps the bound and says so.
RANK_PARAMS = 128
RANK_COEFFICIENTS = 4096


def shape_dimension(net):
    """(dim M, source): the family's count where a theorem proves it (source "a theorem",
    :func:`dimension_exact`); where the count is only an upper bound (a dense network with a monomial activation of
    degree >= 2: Kileel-Trager-Bruna's expected dimension, which defective networks fall short of, e.g. quadrics
    of rank <= 2 in 3 variables, the hypersurface det = 0 of dimension 5 where the count says 6), the dimension
    this process already knows (a loaded structure's record, an earlier count), else the dimension analysis'
    ranks mod p when the network is small (:data:`RANK_PARAMS`, :data:`RANK_COEFFICIENTS`), certified when a
    rank meets a proved bound, else the bound, saying so; without a count, min(coefficients, parameters).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> shape_dimension(parse_spec("dense 3-2-1 r=2"))[0]       # rank <= 2 quadrics in 3 variables: 6 - 1
    5
    >>> shape_dimension(parse_spec("dense 2-1-1 r=3"))          # the cone over the twisted cubic
    (2, 'a theorem')
    """
    try:
        got = net.expected_dimension()
    except AlgnetError:    # a family whose theorem does not apply (NotApplicableError): the bound below
        got = None
    if got is None or got[0] is None:
        return min(int(net.ambient_dimension), int(net.n_params)), "at most min(coefficients, parameters)"
    value, source = int(got[0]), str(got[1])
    if _proved(net, value, source):
        return value, "a theorem"
    from algnet.analyses.critical.small import known_dimension, remember_dimension

    bound = f"the expected count {value} ({source}) is only an upper bound"
    known = known_dimension(net)        # (nothing computed)
    if known is not None:
        return int(known), f"computed before by ranks mod p ({bound})"
    if int(net.n_params) > RANK_PARAMS or int(net.ambient_dimension) > RANK_COEFFICIENTS:
        return value, f"at most: {bound} ('algnet dimension' computes it)"
    from algnet.analyses.shared import dimension_result

    try:
        res = dimension_result(net, seed=0)
    except AlgnetError:         # refused or not applicable: the bound
        return value, f"at most: {bound}"
    dim, ev = int(res.dimension), res.evidence
    if not ev.certified:
        return value, (f"at most: {bound}; ranks mod p found {dim}, a lower bound (probably dim M, error probability "
                       f"at most {ev.probability_bound:.2g})")
    remember_dimension(net, dim)        # (the count reads it there)
    return dim, f"certified by ranks mod p, seed 0 ({bound})"


def dimension_exact(source: str) -> bool:
    """Whether a :func:`shape_dimension` source (an estimate's ``dim_source``) says dim M exactly (a theorem, or
    the certified ranks mod p the count also uses), not an upper bound.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> [dimension_exact(shape_dimension(parse_spec(s))[1]) for s in ("linear 2-1-2", "dense 3-2-1 r=2",
    ...                                                                  "dense 40-40-1 r=2")]
    [True, True, False]
    """
    return source == "a theorem" or source.startswith(("certified", "computed before"))


def _proved(net, value: int, source: str) -> bool:
    """Whether the family's count ``value`` (from ``source``) is dim M by a theorem. Every family's count is
    proved under the hypotheses its ``expected_dimension`` checks (determinantal varieties, linear and polynomial
    convolutional networks, group convolutions, lightning attention) except the dense networks' Kileel-Trager-Bruna
    count, an upper bound (secant varieties can be defective: Alexander-Hirschowitz); that count is proved when the
    first hidden layer has width one (the cone over a Segre-Veronese variety, of dimension d_0 + d_L - 1).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> [_proved(n, *n.expected_dimension()) for n in map(parse_spec, ("dense 3-1-2 r=2", "dense 3-2-1 r=2"))]
    [True, False]
    """
    if "Kileel-Trager-Bruna" not in source:
        return True
    sv = getattr(net, "segre_veronese", None)
    sv = sv() if sv is not None else None
    return sv is not None and value == int(net.widths[0]) + int(net.widths[-1]) - 1
