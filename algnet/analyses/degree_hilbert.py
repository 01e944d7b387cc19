"""The Hilbert route of :func:`algnet.analyses.degree.degree` (``method="hilbert"``): the degree read off the
Hilbert polynomial of :mod:`algnet.analyses.hilbert`, held to the degree's time limit."""

from __future__ import annotations

from algnet.errors import NotApplicableError

__all__ = ["hilbert_route"]


def hilbert_route(net, seed, up_to: int, time_limit=None, given=None):
    """The Hilbert route: :func:`~algnet.analyses.hilbert.hilbert_function` until its polynomial is determined,
    held to ``time_limit`` seconds (it stops after the graded piece at which the limit passes, and its set-up is
    refused when estimated above it; ``given``: the degree's own limit, of which ``time_limit`` is what is left);
    NotApplicableError when it did not stabilise, saying where and why it
    stopped (no degree is claimed from a Hilbert function that has not become polynomial).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> hilbert_route(parse_spec("linear 3-1-3"), 0, 12).degree                 # the Segre cone P^2 x P^2
    6
    """
    try:
        from algnet.analyses.hilbert import hilbert_function
    except ImportError:
        raise NotApplicableError("the Hilbert-function route (algnet.analyses.hilbert) is not available",
                                 hint="use method='monodromy'") from None
    import inspect

    kw = {"until_stable": True} if "until_stable" in inspect.signature(hilbert_function).parameters else {}
    if time_limit is not None:
        kw["time_limit"] = time_limit
    # the default primes divide no constant of the network, and those at which the map's Jacobian loses rank are
    # skipped: modulo such a prime the map is another map, with another Hilbert function (map 268435399*s^2; s*t;
    # t^2 read as a plane, degree 1)
    res = hilbert_function(net, up_to=up_to, seed=seed, **kw)
    if not res.stabilized or res.degree is None:
        last = len(res.values) - 1
        stopped = getattr(res, "stopped", "")
        if getattr(res, "partial", False) and last < up_to and "time limit" in stopped:
            raise NotApplicableError(
                f"{net.spec}: the Hilbert function stopped at the time limit ({given or time_limit:g} s) with H = "
                f"{list(res.values)} up to degree {last} ({stopped}); it had not stabilised, so no degree is "
                f"claimed (hilbert_up_to={up_to} was not reached)",
                hint="a larger time_limit, or method='monodromy'")
        if getattr(res, "partial", False) and last < up_to:
            # stopped early (the next degree's graded pieces too large here, or interrupted): say where
            within = " or estimated above the time limit" if time_limit is not None else ""
            raise NotApplicableError(
                f"{net.spec}: the Hilbert function did not stabilise by degree {last}, where it stopped "
                f"(degree {last + 1} is too large to compute here{within}, or the run was interrupted; "
                f"hilbert_up_to={up_to} was not reached)",
                hint="use method='monodromy'")
        raise NotApplicableError(
            f"{net.spec}: the Hilbert function up to degree {up_to} did not stabilise",
            hint="raise hilbert_up_to, or use method='monodromy'")
    return res
