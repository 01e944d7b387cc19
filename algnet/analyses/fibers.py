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

from algnet.analyses.shared import check_seed, dimension_result, records_dimension
from algnet.architectures.spec import parse_spec
from algnet.errors import NotApplicableError, ParameterError, TooLargeError
from algnet.analyses.fibers_groebner import (GROEBNER_AUTO_CPU, GROEBNER_AUTO_ESTIMATE, capped_groebner_count,
                                             groebner_estimate)
from algnet.analyses.fibers_homotopy import (ROUTE_PILOT_CPU, HomotopyFiberCount, _check_homotopy_size,
                                             homotopy_fiber_count, homotopy_route)
from algnet.analyses.fibers_modular import _modular_check
from algnet.analyses.fibers_torus import torus_gauge
from algnet.analyses.fibers_newton import _newton_count
from algnet.analyses.fibers_equations import equations_cost, equations_estimate, fiber_equations, gauge_coordinates
from algnet.analyses.fibers_result import IdentifiabilityResult

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
        (:func:`algnet.analyses.fibers_homotopy.homotopy_route`), else Newton).
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
        included (stopped by them, or left no time: partial). None: the default budget of
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
        modular_primes=run.primes, points_per_orbit=run.per_orbit, numerical_orbits=run.numerical_orbits)


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


class _Count:
    """The fiber count of one :func:`identifiability` call, step by step: the route ("auto" picks it), then the
    Groebner, monodromy or Newton count, then the orbits of a torus and the summary in ``reason``."""

    def __init__(self, net, d, theta0, seed, rng, method, force, max_seconds, budget, show_progress, starts,
                 max_unknowns):
        self.net, self.d, self.theta0, self.seed, self.rng = net, d, theta0, seed, rng
        self.method, self.auto, self.force, self.max_seconds = method, method == "auto", force, max_seconds
        self.show_progress, self.starts, self.max_unknowns = show_progress, starts, max_unknowns
        self.budget, self.cpu, self.budget_text = budget      # count_budget(max_seconds, force)
        # one budget for the whole count (route, pilot, attempts, count, check mod p), on its own clock; a CPU
        # budget leaves out the kernels' compilation (``excluded``: the warm-ups' CPU seconds)
        self.clock = time.process_time if self.cpu else time.perf_counter
        self.started, self.excluded = self.clock(), 0.0
        self.gauge, self.per_orbit = ((), 1)
        if d.symmetry_dimension:
            self.gauge, self.per_orbit = torus_gauge(net, theta0, gauge_coordinates(net, theta0))
        self.count, self.cmethod, self.cert, self.pts, self.partial = None, "none", False, (), False
        self.tpassed = self.ncert = self.modular = None
        self.primes, self.reason = (), ""
        self.numerical_orbits = False   # a complete count of slice points divided by numerical points per orbit
        self.slice_exact = False
        self.loop_orbits = False        # points per orbit from loops of the pinned values (may miss a join)

    def left(self):
        """Seconds of the budget left (on its clock), or None with no budget."""
        if self.budget is None:
            return None
        return self.budget - (self.clock() - self.started - self.excluded)

    def _stop(self, phase: str) -> None:
        """The budget ran out while ``phase`` ran, before any count: no count, partial, and the reason says so."""
        self.method, self.partial = "none", True
        self.cmethod = f"none: the {self.budget_text} cap was reached while {phase}"
        self.reason += f"; no count: the {self.budget_text} cap was reached while {phase}"

    def _compiles_in_time(self, what: str) -> bool:
        """Under a wall-clock limit: whether the monodromy kernels still to compile (a first run on this machine,
        which no cap can stop midway) fit the time left (:func:`~algnet.analyses.critical.guarded_run.check_compile`;
        ``force`` announces them instead); raises TooLargeError when ``what`` is the count asked for explicitly."""
        if self.cpu or self.budget is None:     # a CPU budget does not count the compilation (an uncapped warm-up)
            return True
        from algnet.analyses.critical.guarded_run import check_compile
        from algnet.analyses.degree import _degree_kernels

        try:
            check_compile(self.net.spec, what, max(self.left(), 0.0), _degree_kernels(), force=self.force)
        except TooLargeError as e:
            if not self.auto and self.method == "homotopy" and what.startswith("the fiber count"):
                raise
            self.reason += f"; {what} skipped: {e.args[0].split(': ', 1)[-1]}"
            return False
        return True

    def count_fiber(self, fin) -> None:
        """Run the count of the route chosen and append its summary (against ``fin``, the known finite
        symmetries) to ``reason``."""
        system, small = self._choose()
        if self.method == "groebner":
            self._groebner(system, small)
        if self.method == "homotopy":
            self._homotopy()
        elif self.method == "newton":
            self._newton()
        self._per_orbit()
        if self.count is not None and fin is not None:
            status = ("exact over mu(theta_0), a random point" if self.cert
                      else f"at most: {self._slice_source()} slice points over points per orbit from loops"
                      if self.numerical_orbits
                      else "numerically complete (trace test)" if self.tpassed and not self.partial
                      else "exact mod p" if self.modular == self.count else "lower bound")
            self.reason += (f"; the gauge-fixed generic fiber has {self.count} point(s) ({status}" + (
                "; points of the gauge slice, not orbits: one orbit may meet the slice several times, so the number "
                "of orbits is not known" if not self.per_orbit else "") + f"), the known finite symmetries {fin}")

    def _route(self):
        """monodromy or Newton, by deg M (a theorem, the Bezout bound, or a short pilot of at most half the budget
        left, under the budget too): sets ``method``."""
        from algnet.guards import time_cap

        left = self.left()
        if left is not None and left <= 0:
            return self._stop("choosing between monodromy and Newton")
        if not self._compiles_in_time("the choice of monodromy"):
            self.method = "newton"
            self.reason += "; route: Newton"
            return None
        # the pilot's search and its fresh loops take at most its seconds each; a wall-clock limit caps it as a
        # whole (its compilation checked above); a CPU budget leaves its warm-up (the compilation) out, as ever
        pilot = ROUTE_PILOT_CPU if left is None else min(ROUTE_PILOT_CPU, left / 2)
        timing = {}
        with time_cap(None if self.cpu else left) as cap:
            try:
                ok, why = homotopy_route(self.net, self.d.dimension, self.seed, show_progress=self.show_progress,
                                         pilot_seconds=pilot, timing=timing)
            except KeyboardInterrupt:
                if not cap.expired:
                    raise
                return self._stop("estimating deg M to choose between monodromy and Newton")
        if self.cpu:
            self.excluded += timing.get("warm_up_cpu", 0.0)
        self.method = "homotopy" if ok else "newton"
        self.reason += f"; route: {'monodromy' if ok else 'Newton'} (deg M: {why})"
        return None

    def _choose(self):
        """``(system, small)``: "auto" picks its route (a Groebner count when small, its equations built under
        its own cap, and its estimate low); ``system`` is the equations built (or None), ``small`` whether the
        Groebner count is within the limits without ``force``."""
        net = self.net
        unknowns = net.n_params - len(self.gauge)
        small = unknowns <= self.max_unknowns and net.parameter_degree() <= 8
        system = None       # (ctx, equations, free)
        if self.auto and small:  # sympy's Groebner bases were measured to stall beyond these sizes (minutes)
            # under the attempt's cap (one symbolic evaluation: dense 5-1-1 r=6, degree 7, 5 unknowns, 2 ms)
            cap, ccpu, ctext = _auto_cap(self.left(), self.cpu, self.budget_text)
            system, self.auto_left = _capped_equations(net, self.theta0, self.gauge, cap, ccpu)
            if system is None:
                small = False
                self.reason += f"; no Groebner count: its fiber equations were not built in {ctext}"
            elif (est := groebner_estimate(system[1], len(system[2]))) > GROEBNER_AUTO_ESTIMATE:
                small = False
                self.reason += (f"; no Groebner count: its estimate {est} (Bezout number of the {len(system[2])} "
                                f"lowest-degree fiber equations) is above {GROEBNER_AUTO_ESTIMATE}")
        if self.auto:
            if small:
                self.method = "groebner"
            else:
                self._route()
        if self.method == "groebner" and not small and not self.force:
            raise TooLargeError(f"{unknowns} unknowns of degree {net.parameter_degree()} for a Groebner basis "
                                f"(limit {self.max_unknowns} unknowns, degree 8)",
                                unknowns=unknowns, hint="method='newton' (a lower bound), or force=True")
        return system, small

    def _groebner(self, system, small) -> None:
        """The Groebner count over QQ under its cap (auto: its own, GROEBNER_AUTO_CPU seconds, then monodromy
        or Newton when it stalls)."""
        if self.auto:
            _, ccpu, ctext = _auto_cap(self.budget, self.cpu, self.budget_text)
            cap = self.auto_left    # what the build of the equations left of the attempt's cap
        else:
            cap, ccpu, ctext = self.left(), self.cpu, self.budget_text
        if system is None:  # under the cap too: a forced count of degree 27 spent minutes building them
            # estimated first: one flint product of such a build can outlast any cap by minutes
            _check_equations(self.net, self.gauge, cap, ctext, self.max_seconds is not None, self.theta0)
            system, cap = _capped_equations(self.net, self.theta0, self.gauge, cap, ccpu)
        count, stalled = (None, True) if system is None else capped_groebner_count(*system, cap, cpu=ccpu)
        self.count, self.cert = count, count is not None
        self.cmethod = "groebner basis over QQ (sympy) of the gauge-fixed fiber equations"
        if count is not None and self.per_orbit == 0:
            self._slice_classes()
        if stalled and self.auto:   # a small system can still stall sympy
            self.reason += f"; the Groebner basis did not finish in {ctext}"
            self._route()
        elif stalled:
            self.partial = True
            self.cmethod = f"groebner basis over QQ (sympy): not finished in {ctext} (no count)"
            self.reason += (f"; the Groebner basis did not finish in {ctext} (no count: raise --max-seconds, "
                            "or --method homotopy)")

    def _slice_classes(self) -> None:
        """The points per orbit of an exact count of slice points whose torus gauge does not know them: the fiber
        points found again by monodromy and grouped by loops of the pinned values (the fiber's components, one orbit
        of the connected symmetries each), when that finds the same number of points in classes of one size. Loops
        can miss a join (never make a false one, up to path jumping), so a class may be part of an orbit: the count
        of orbits is an upper bound (numerical), equal to the known finite symmetries only when they explain the
        fiber. Skipped (the count stays one of slice points) when deg M is too large for monodromy, or the classes
        do not settle."""
        from algnet.analyses.network_input import finite_actions

        left = self.left()
        if (left is not None and left <= 0) or not self._compiles_in_time("the points per orbit by monodromy"):
            return
        try:
            _check_homotopy_size(self.net, self.d.dimension, self.seed)
            hc = homotopy_fiber_count(self.net, self.theta0, self.gauge, self.d.dimension, self.seed,
                                      max_seconds=left, cpu=self.cpu, group_actions=finite_actions(self.net)[0],
                                      components=True)
        except TooLargeError:
            return
        self.excluded += hc.warm_up_seconds
        sizes = hc.slice_classes
        if hc.partial or hc.count != self.count or not sizes or len(set(sizes)) != 1:
            return
        self.per_orbit, self.cert, self.numerical_orbits, self.slice_exact = sizes[0], False, True, True
        self.loop_orbits = True
        self.cmethod += (f"; monodromy finds the same {hc.count} slice points, joined by loops of the pinned values "
                         f"in {len(sizes)} class(es) of {sizes[0]}, each within one component of the fiber (one orbit "
                         "of the connected symmetries; numerical: a loop that misses a join splits a component, so "
                         "the orbit count is an upper bound)")

    def _homotopy(self) -> None:
        """The monodromy count, and a count mod p when its trace test cannot show it complete."""
        if not self.force and not self.auto:   # auto chose monodromy by its own (sharper) estimate of deg M
            _check_homotopy_size(self.net, self.d.dimension, self.seed)
        from algnet.analyses.network_input import finite_actions

        budget, cpu = self.left(), self.cpu
        budget = None if budget is None else max(budget, 1e-9)  # none left: the search's floor, theta_c (a bound)
        if not self._compiles_in_time("the fiber count by monodromy"):  # asked for explicitly: refused (raises)
            self.method = "newton"
            self.reason += "; count: Newton instead"
            return self._newton()
        hc = homotopy_fiber_count(self.net, self.theta0, self.gauge, self.d.dimension, self.seed,
                                  max_seconds=budget, cpu=cpu, show_progress=self.show_progress,
                                  group_actions=finite_actions(self.net)[0], components=self.per_orbit == 0)
        self.excluded += hc.warm_up_seconds
        self.count, self.cmethod, self.cert, self.partial = hc.count, hc.describe(), False, hc.partial
        sizes = hc.slice_classes
        if self.per_orbit == 0 and sizes and len(set(sizes)) == 1:     # one orbit's points in the slice, numerically
            self.per_orbit, self.numerical_orbits, self.loop_orbits = sizes[0], True, True
            self.cmethod += (f"; loops of the pinned values join the {hc.count} fiber points in {len(sizes)} "
                             f"class(es) of {sizes[0]}, each within one component of the fiber (one orbit of the "
                             "connected symmetries; numerical: a loop that misses a join splits a component, so the "
                             "orbit count is an upper bound)")
        self.tpassed, self.ncert = hc.complete, hc.certified
        if not hc.complete and not self.partial:     # one image point, or a failed trace test: count mod p too
            left = self.left()
            self.count, self.modular, self.primes, note, stopped = _modular_check(
                self.net, self.theta0, self.gauge, hc.count, self.ncert, left, cpu, self.show_progress)
            self.cmethod += note + (f" (stopped by the {self.budget_text} cap)" if stopped else "")
            self.partial = stopped       # the cap stopped the count: a bound, as when it stops the search
        return None

    def _newton(self) -> None:
        """Gauss-Newton from random starts: a proved lower bound (solutions verified exactly)."""
        left = self.left()      # none left: theta_0's own point still counts (a lower bound, partial)
        found, self.partial = _newton_count(self.net, self.theta0, self.gauge, self.starts, self.rng,
                                            None if left is None else max(left, 1e-9),
                                            cpu=self.cpu, show_progress=self.show_progress)
        self.count = len(found)
        self.pts = tuple(e for _, e in found if e is not None)
        self.cmethod = (f"theta_0 and Gauss-Newton from its images under the known finite symmetries and up to "
                        f"{self.starts} random starts on the gauge-fixed fiber "
                        f"({len(self.pts)} of {self.count} solutions verified exactly over QQ)"
                        + (f"; stopped by the {self.budget_text} cap or Ctrl-C" if self.partial else ""))
        self.cert = False
        return None

    def _slice_source(self) -> str:
        """How the slice points of an orbit count from loops were counted (complete in each case)."""
        if self.slice_exact:
            return "exact (Groebner basis over QQ)"
        if self.modular is not None and self.modular == self.count:
            return f"exact mod p (p in {list(self.primes)})"
        return "numerically complete (trace test)"

    def _per_orbit(self) -> None:
        """Divide the count of slice points by the points per orbit of a torus (or say it is not an orbit count)."""
        if self.count is not None and self.per_orbit > 1:
            # an upper bound on the orbits when the slice's points are all counted (exact, exact mod p, or
            # complete by the trace test)
            self.numerical_orbits = self.numerical_orbits and self.count % self.per_orbit == 0 and (
                self.slice_exact or self.modular == self.count or bool(self.tpassed and not self.partial))
            self.count, self.modular, self.cert, note = _orbits(self.count, self.modular, self.cert, self.per_orbit,
                                                                loops=self.loop_orbits)
            self.cmethod += note
        elif self.count is not None and self.per_orbit == 0:
            self.cmethod += ("; points of the gauge slice, which may meet one orbit of the known symmetries several "
                             "times (a torus of weight above 1 beside symmetries that are not diagonal): not an orbit "
                             "count")


def _auto_cap(budget, cpu, text: str):
    """``(seconds, cpu, text)``: the cap of a Groebner count chosen by ``method="auto"``,
    :data:`GROEBNER_AUTO_CPU` seconds on the budget's clock (CPU with no budget), or the budget (described by
    ``text``) when that is smaller.

    Examples
    --------
    >>> _auto_cap(None, False, "no cap"), _auto_cap(5.0, False, "5 s (wall clock)"), _auto_cap(30.0, False, "30 s")
    ((12.0, True, '12 CPU s'), (5.0, False, '5 s (wall clock)'), (12.0, False, '12 s'))
    """
    if budget is None or budget > GROEBNER_AUTO_CPU:
        cpu = cpu or budget is None
        return GROEBNER_AUTO_CPU, cpu, f"{GROEBNER_AUTO_CPU:g} {'CPU ' if cpu else ''}s"
    return budget, cpu, text


#: Seconds below which an estimated build of the fiber equations is never refused: the cap interrupts it between
#: its steps, so a short build overruns a tiny cap by less than this (the estimate is an upper one).
EQUATIONS_REFUSE_FLOOR = 1.0


def _check_equations(net, gauge, cap, cap_text: str, explicit: bool, theta0=None) -> float:
    """Refuse (TooLargeError) to build the fiber equations of a Groebner count at ``theta0`` when their estimate
    (:func:`~algnet.analyses.fibers_equations.equations_cost`: from the supports of the evaluation when they can be
    computed in a fraction of a second, else the looser
    :func:`~algnet.analyses.fibers_equations.equations_estimate`) is above ``cap`` seconds and
    :data:`EQUATIONS_REFUSE_FLOOR` (``cap`` described by
    ``cap_text``; ``explicit``: the caller's ``max_seconds``): a single step of the build cannot be stopped, so a
    cap would not hold. With no cap (forced), a long build is announced (a warning with the estimate). Returns the
    estimate in seconds.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> _check_equations(parse_spec("linear 1-1-1"), (0,), 5.0, "5 s", True, [2, 3])
    1.6e-05
    """
    from algnet.guards import announce, format_seconds

    if theta0 is None:
        terms, seconds = equations_estimate(net, gauge)
        how = "a bound on the output terms"
    else:
        terms, seconds, how = equations_cost(net, theta0, gauge)
    what = (f"building the fiber equations of {net.spec} (a symbolic expansion of parameter degree "
            f"{net.parameter_degree()}, up to {terms} terms; estimated from {how})")
    if cap is None:
        announce(what, seconds)
    elif seconds > max(cap, EQUATIONS_REFUSE_FLOOR):
        raise TooLargeError(f"{what} would take about {format_seconds(seconds)} (an upper estimate), above the "
                            f"{cap_text} cap: a single step of the build cannot be stopped, so no cap would hold",
                            seconds=seconds, terms=terms,
                            hint="method='homotopy' (monodromy, no symbolic equations), or " +
                                 ("a larger max_seconds" if explicit else "force=True (no time cap)"))
    return seconds


def _capped_equations(net, theta0, gauge, cap, cpu):
    """``((ctx, equations, free), seconds left of cap)`` of :func:`fiber_equations` built within ``cap`` seconds
    (CPU seconds with ``cpu``; None: no cap), or ``(None, 0)`` when the cap stopped them (a Ctrl-C of the user
    propagates).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> (ctx, eqs, free), left = _capped_equations(parse_spec("linear 1-1-1"), [2, 3], (0,), None, True)
    >>> [str(e) for e in eqs], left
    (['2*t1 - 6'], None)
    """
    from algnet.guards import time_cap

    clock = time.process_time if cpu else time.perf_counter
    started = clock()
    with time_cap(cap, cpu=cpu) as guard:
        try:
            out = fiber_equations(net, theta0, gauge)
        except KeyboardInterrupt:
            if not guard.expired:
                raise
            return None, 0
    if cap is None:
        return out, None
    left = cap - (clock() - started)
    return (out, left) if left > 0 else (None, 0)      # the cap spent on the build: no time for the basis


def _orbits(count, modular, exact, per_orbit, loops=False):
    """``(orbits, modular orbits, exact, note)`` from a count of ``count`` points of the gauge slice, each orbit
    holding ``per_orbit`` of them (``loops``: at least ``per_orbit``, found by loops of the pinned values, so the
    orbits are at most the quotient): an exact count not divisible by ``per_orbit`` is kept as a lower bound.

    Examples
    --------
    >>> _orbits(4, None, True, 2)
    (2, None, True, '; 4 slice points, 2 per orbit of the torus: 2 orbit(s)')
    >>> _orbits(4, None, False, 2, loops=True)[3]
    '; 4 slice points, at least 2 per orbit (loops of the pinned values): at most 2 orbit(s)'
    """
    orbits = -(-count // per_orbit)
    note = (f"; {count} slice points, at least {per_orbit} per orbit (loops of the pinned values): at most {orbits} "
            "orbit(s)" if loops else f"; {count} slice points, {per_orbit} per orbit of the torus: {orbits} orbit(s)")
    if count % per_orbit:
        exact, modular = False, None
        note += " (not a multiple: a lower bound)"
    elif modular is not None:
        modular = modular // per_orbit if modular % per_orbit == 0 else None
    return orbits, modular, exact, note
