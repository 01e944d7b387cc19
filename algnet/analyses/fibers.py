"""Fibers of the parametrization and identifiability.

The generic fiber mu^{-1}(f) of theta -> f_theta has dimension
N - dim M. The known symmetry group of the architecture (hidden-neuron
rescalings, GL(d_l) in linear networks, filter rescalings, GL(a) on (Q, K)
and GL(d) between attention layers) acts on it; its orbits have the
dimension s of the symmetry tangents. The architecture is **identifiable up
to dimension** when N - dim M = s: the continuous part of the generic fiber
is the symmetry orbit. The finite part is the number of orbits in a generic
fiber, counted here after fixing the continuous symmetries by a normal form:

* gauge: the coordinates G = pivot columns of the symmetry tangents at a
  random integer point theta_0 are pinned to their values; for the families
  here every pivot coordinate is moved linearly and freely by the group
  (first row of a rescaled neuron, an a x a block of Q, a block of W_l), so
  each orbit meets the slice in one point; a torus with other weights (a polynomial map's: x*y^2 has the
  weights (-2, 1); a Product's unit scaled by s in a branch ending in a square) has its pins chosen and its
  points per orbit counted by :func:`~algnet.analyses.fibers_torus.torus_gauge`, and the count is divided by them;
* the gauge-fixed fiber equations coefficients(mu(theta)) = coefficients(mu(theta_0))
  are solved

  - ``method="groebner"``: exactly (sympy Groebner basis over QQ of the
    coefficient equations; the count is the number of standard monomials,
    which equals the number of points since the generic fiber is reduced by
    generic smoothness in characteristic 0 -- probabilistic only in the choice
    of theta_0);
  - ``method="homotopy"``: monodromy on the witness system (a lower bound, numerically complete by a trace
    test when the slice meets M in several points; over one image point settled by a Groebner basis over a prime
    field, :func:`algnet.analyses.fibers_groebner.modular_groebner_count`, :mod:`algnet.analyses.fibers_modular`);
  - ``method="newton"``: Gauss-Newton from random complex starts, each
    solution snapped to rationals and verified exactly: a proved lower bound.

The count is compared with the order of the known finite symmetry group
(``net.finite_symmetry_order()``, e.g. the permutations of hidden neurons).

Examples
--------
>>> from algnet import parse_spec
>>> r = identifiability(parse_spec("dense 2-2-2 r=2"), seed=0)
>>> r.fiber_dimension, r.symmetry_dimension, r.fiber_count, r.finite_symmetry_order
(2, 2, 2, 2)
"""

from __future__ import annotations

import time

import numpy as np

from algnet.analyses.fibers_count import _Count
from algnet.analyses.fibers_equations import fiber_equations, gauge_coordinates
from algnet.analyses.fibers_homotopy import HomotopyFiberCount, homotopy_fiber_count
from algnet.analyses.fibers_result import IdentifiabilityResult
from algnet.analyses.shared import check_seed, dimension_result, records_dimension
from algnet.architectures.spec import parse_spec
from algnet.errors import NotApplicableError, ParameterError

__all__ = ["IdentifiabilityResult", "identifiability", "gauge_coordinates", "fiber_equations",
           "homotopy_fiber_count", "HomotopyFiberCount"]


#: CPU seconds of a fiber count when the caller gives no ``max_seconds`` (:mod:`algnet.guards`: default budgets
#: are CPU seconds, the same on an idle and on a loaded machine; a limit the caller gives is wall clock). The
#: compilation of the monodromy kernels (an uncapped warm-up, ``HomotopyFiberCount.warm_up_seconds``) is not counted.
DEFAULT_COUNT_CPU = 30.0


def count_budget(max_seconds, force: bool = False):
    """``(seconds, cpu, text)`` of a fiber count: the caller's ``max_seconds`` in wall-clock seconds, else
    :data:`DEFAULT_COUNT_CPU` CPU seconds, lifted by ``force`` (:mod:`algnet.guards`'s convention).

    Examples
    --------
    >>> count_budget(None), count_budget(5.0), count_budget(None, force=True)
    ((30.0, True, '30 CPU s (default budget)'), (5.0, False, '5 s (wall clock)'), (None, False, 'no cap (force)'))
    """
    from algnet.guards import check_flag

    force = check_flag(force)       # a string such as "no" is bad input, not a request to lift the budget
    if max_seconds is not None:
        return float(max_seconds), False, f"{max_seconds:g} s (wall clock)"
    if force:
        return None, False, "no cap (force)"
    return DEFAULT_COUNT_CPU, True, f"{DEFAULT_COUNT_CPU:g} CPU s (default budget)"


STARTS, MAX_UNKNOWNS = 40, 9    #: the Newton count's random starts, the largest Groebner count without force
_USED_BY = {"starts": ("newton",), "max_unknowns": ("groebner",)}
_ROUTE = dict(groebner="a Groebner count", homotopy="a monodromy count", newton="a Newton count", none="no count")


def _check_counts(starts, max_unknowns, max_seconds, method: str = "auto"):
    """ParameterError for a non-positive or non-integer ``starts``, a negative or non-integer ``max_unknowns``,
    or ``max_seconds`` that is not None or a positive finite number, and for ``starts``, ``max_unknowns`` or
    ``max_seconds`` given with a method that never uses it (``method="auto"`` decides later: its result says
    what went unused); returns ``max_seconds``.

    Examples
    --------
    >>> _check_counts(10, None, None, "newton") is None
    True
    >>> _check_counts(10, None, None, "homotopy")
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: option starts=10 is not used with method 'homotopy' (a monodromy count): ...
    """
    import numbers

    from algnet.guards import check_time_limit

    for name, v, low in (("starts", starts, 1), ("max_unknowns", max_unknowns, 0)):
        if v is None:
            continue
        if method not in ("auto", *_USED_BY[name]):
            other = _USED_BY[name][0]
            raise ParameterError(f"option {name}={v!r} is not used with method {method!r} ({_ROUTE[method]}): it "
                                 f"sets {_ROUTE[other].replace('a ', 'the ', 1)}'s "
                                 + ("random starts" if name == "starts" else "size limit"),
                                 hint=f"drop {name}=, or method='{other}' (or method='auto', which may choose it)")
        if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < low:
            raise ParameterError(f"{name}={v!r} must be an integer >= {low}",
                                 hint="e.g. starts=40" if name == "starts" else "e.g. max_unknowns=9")
    if max_seconds is not None and method == "none":
        raise ParameterError(f"option max_seconds={max_seconds!r} is not used with method 'none' (no count)",
                             hint="drop max_seconds=, or method='auto'")
    return check_time_limit(max_seconds, "max_seconds")


@records_dimension
def identifiability(net, seed=None, method: str = "auto", starts: int | None = None,
                    max_unknowns: int | None = None, force: bool = False, max_seconds: float | None = None,
                    show_progress: bool = False) -> IdentifiabilityResult:
    """Is the generic fiber of mu just the known symmetries? Count its finite part.

    Parameters
    ----------
    net : Network or str
    seed : int, optional
    method : {"auto", "groebner", "homotopy", "newton", "none"}
        How to count the gauge-fixed fiber ("auto": Groebner when there are at
        most ``max_unknowns`` unknowns and the parameter degree is at most 8
        -- measured: conv k=2,2,2 (degree 7, 4 unknowns) 1 s; two attention
        layers (degree 12, 8 unknowns) did not finish in minutes -- else
        monodromy when deg M is at most ``HOMOTOPY_MAX_BOUND`` by a theorem, the
        Bézout bound or, when that bound is larger, a short monodromy pilot
        (:func:`algnet.analyses.fibers_route.homotopy_route`), else Newton).
        "homotopy": monodromy with :mod:`algnet.homotopy` on the gauge-fixed
        witness system (all deg(M) x k solutions, then those over f; complete
        when the monodromy group is transitive, which loops cannot prove),
        seeded by the images of every solution under the known finite
        symmetries (permutations of hidden neurons, ...). When its trace test
        cannot show the count complete (one image point: M fills its space),
        a Groebner basis over GF(2^31 - 1) counts the fiber over theta_0
        (status "exact mod p": exact unless the prime is unlucky, not a proof).
    starts : int, optional
        Random starts of the Newton count (default ``STARTS``; stopped after ``max_seconds``, as
        is the monodromy search of "homotopy": its count is then partial).
    max_unknowns : int, optional
        Largest number of unknowns of a Groebner count run without ``force`` (default ``MAX_UNKNOWNS``).
        ``starts`` and ``max_unknowns`` given with a method that does not use them raise ParameterError; with
        "auto", the reason says when the route chosen did not use them.
    max_seconds : float or None
        Wall-clock seconds of the Newton, monodromy or Groebner count (its count is then partial;
        a Groebner count asked for explicitly has none), the check mod p after an incomplete monodromy count
        included (stopped by them, or left no time: partial; but after a search ended by its stopping rule over one
        image point, where the trace test says nothing, the count stands as numerical and says the check did not
        finish). None: the default budget of
        ``DEFAULT_COUNT_CPU`` CPU seconds (no cap with ``force``; :func:`count_budget`). "auto"
        starts a Groebner count only when its estimate (:func:`~algnet.analyses.fibers_groebner.groebner_estimate`)
        is at most
        ``GROEBNER_AUTO_ESTIMATE``, caps it at ``GROEBNER_AUTO_CPU`` CPU seconds as well, and then
        gives way to monodromy (or Newton). One budget covers the whole count, every step of every route (the
        Groebner attempt of "auto", its pilot estimating deg M -- at most half of what is left -- the count, the
        check mod p); when it runs out before any count the result says so (no count, partial). Under a wall-clock
        limit a first compilation of the monodromy kernels (which no cap can stop) is checked against it first:
        refused for "homotopy" (unless ``force``), Newton's route for "auto"; a CPU budget leaves it out.
    force : bool
        Run Groebner beyond ``max_unknowns``, monodromy beyond a Bézout
        bound of ``HOMOTOPY_FORCE_BOUND`` on deg M, and without the default time budget.
    show_progress : bool
        A progress bar of the count: the Newton starts (total ``starts``) or the monodromy search's points
        (no total: the count is what it finds); a Groebner count has none.

    Returns
    -------
    IdentifiabilityResult
        Ctrl-C during the Newton count keeps the points found, ``partial``.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> r = identifiability(parse_spec("attention d=2 a=2 dout=1 t=2"), seed=1)
    >>> r.identifiable_up_to_dimension, r.fiber_count, r.only_known_symmetries
    (True, 1, True)
    """
    t0 = time.perf_counter()
    net = parse_spec(net)
    if not getattr(net, "polynomial", True):
        raise NotApplicableError(f"{net.spec} is not a polynomial network",
                                 hint="fibers of ReLU networks are not handled here")
    if method not in ("auto", "groebner", "newton", "homotopy", "none"):
        raise NotApplicableError(f"unknown method {method!r}", hint="auto, groebner, homotopy, newton or none")
    seed = check_seed(seed, bits=20)
    max_seconds = _check_counts(starts, max_unknowns, max_seconds, method)
    given = {name: v for name, v in (("starts", starts), ("max_unknowns", max_unknowns)) if v is not None}
    budget = count_budget(max_seconds, force)       # checks force up front (a string such as "no" is bad input)
    from algnet.core.monomials import check_monomial_list

    # local_rank below lists the output monomials: a list above the memory is refused before dim M is computed
    # (dense 20-20-20-20-20-20 r=3 would spend 1.8 s CPU on dim M first, attention d=20,20,20 a=10,10 t=6 3 s)
    check_monomial_list(int(net.n_inputs), int(net.monomial_count()))
    d = dimension_result(net, seed=seed)
    rng = np.random.default_rng(seed)
    theta0 = _generic_point(net, d.dimension, rng, seed)
    run = _Count(net, d, theta0, seed, rng, method, force, max_seconds, budget, show_progress,
                 STARTS if starts is None else starts, MAX_UNKNOWNS if max_unknowns is None else max_unknowns)
    fin = net.finite_symmetry_order()
    ident = d.fiber_dimension == d.symmetry_dimension
    if not ident:
        run.reason = (f"the generic fiber has dimension {d.fiber_dimension} > {d.symmetry_dimension}, the dimension "
                      f"of the known symmetry orbits: {d.fiber_dimension - d.symmetry_dimension} fiber dimension(s) "
                      "that no declared symmetry explains (hidden continuous symmetries, or parameters with one image "
                      "that no group moves into each other -- e.g. fewer outputs than parameters; not identifiable "
                      "up to dimension; no fiber count modulo a group that is not known)")
    else:
        run.reason = (f"the generic fiber dimension N - dim M = {d.fiber_dimension} equals the dimension of the "
                      "known symmetry orbits" + ("" if d.certified else " (dim M probabilistic)"))
        run.count_fiber(fin)
    # max_unknowns decides auto's route whichever it is; starts serves the Newton count only
    unused = [f"{name}={v}" for name, v in given.items() if not ident or (name == "starts" and run.method != "newton")]
    if unused:      # given with "auto" (the others were refused up front), or with no count to run
        run.reason += f"; {' and '.join(unused)} not used ({_ROUTE[run.method] if ident else 'no count'} ran)"
    only = None
    if ident and run.count is not None and fin is not None and run.per_orbit:
        if run.numerical_orbits:     # at most run.count orbits, at least fin: equal only when they explain it
            only = True if run.count == fin else None
        elif run.loop_orbits:        # points per orbit from loops over an incomplete count: no bound either way
            only = None
        elif run.rule_complete:      # complete by the stopping rule (numerical): decided by the count
            only = run.count == fin
        else:
            only = (run.count == fin if run.cert or run.modular == run.count
                    else (False if run.count > fin else None))
    return IdentifiabilityResult(
        spec=net.spec, parameters=net.n_params, dimension=d.dimension, fiber_dimension=d.fiber_dimension,
        symmetry_dimension=d.symmetry_dimension, identifiable_up_to_dimension=ident,
        dimension_certified=d.certified, finite_symmetry_order=fin, fiber_count=run.count,
        count_method=run.cmethod, count_certified=run.cert, only_known_symmetries=only, gauge=tuple(run.gauge),
        points=run.pts, reason=run.reason, seed=int(seed), seconds=time.perf_counter() - t0, partial=run.partial,
        trace_test_passed=run.tpassed, certified_points=run.ncert, modular_count=run.modular,
        modular_primes=run.primes, points_per_orbit=run.per_orbit, numerical_orbits=run.numerical_orbits,
        rule_complete=run.rule_complete)


def _generic_point(net, dimension: int, rng, seed) -> list:
    """A random integer point theta_0 of full Jacobian rank ``dimension`` (small integers can be special: up to
    ten draws, the last one kept).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> len(_generic_point(parse_spec("linear 1-1-1"), 1, np.random.default_rng(0), 0))
    2
    """
    from algnet.analyses.dimension import local_rank

    for _ in range(10):
        theta0 = [int(v) * int(s) for v, s in zip(rng.integers(1, 30, size=net.n_params),
                                                   rng.choice([-1, 1], size=net.n_params))]
        if local_rank(net, theta0, seed=seed, certify=False).rank == dimension:
            break
    return theta0
