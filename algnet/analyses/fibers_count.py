"""The fiber count of :func:`algnet.analyses.fibers.identifiability`, step by step.

:class:`_Count` holds one call's count: the route (``method="auto"`` picks a Groebner count when small, else
monodromy or Newton by deg M), the count of that route under one budget, the points per orbit of a torus, and the
summary in its ``reason``. The helpers beside it cap the Groebner attempt (:func:`_auto_cap`), estimate and cap
the build of its fiber equations (:func:`_check_equations`, :func:`_capped_equations`) and divide a count of
slice points into orbits (:func:`_orbits`).

Examples
--------
>>> _orbits(6, None, True, 3)[0]
2
"""

from __future__ import annotations

import time

from algnet.analyses.fibers_equations import equations_cost, equations_estimate, fiber_equations, gauge_coordinates
from algnet.analyses.fibers_groebner import (GROEBNER_AUTO_CPU, GROEBNER_AUTO_ESTIMATE, capped_groebner_count,
                                             groebner_estimate)
from algnet.analyses.fibers_homotopy import homotopy_fiber_count
from algnet.analyses.fibers_modular import _modular_check
from algnet.analyses.fibers_newton import _newton_count
from algnet.analyses.fibers_route import ROUTE_PILOT_CPU, _check_homotopy_size, homotopy_route, newton_without_pilot
from algnet.analyses.fibers_torus import torus_gauge
from algnet.errors import TooLargeError


class _Count:
    """The fiber count of one :func:`~algnet.analyses.fibers.identifiability` call, step by step: the route ("auto"
    picks it), then the Groebner, monodromy or Newton count, then the orbits of a torus and the summary in
    ``reason``."""

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
        self.rule_complete = False      # monodromy complete by its stopping rule only, its check not finished

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
                      else "numerically complete (monodromy stopping rule; the check mod p not finished)"
                      if self.rule_complete and not self.partial
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
        newton = newton_without_pilot(self.net, self.d.dimension)
        if newton is not None:      # settled without a pilot: no compiled kernel runs, none to check
            self.method = "newton"
            self.reason += f"; route: Newton (deg M: {newton})"
            return None
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
            # the search ended by its own stopping rule and only the check of its count was cut (by the budget or
            # its own cap): the count stands, complete by that rule (numerical), when the trace test did not fail
            # -- with one image point it says nothing either way; a failed test, or a Ctrl-C, leaves a bound
            unfinished = self.modular is None and ("did not finish" in note or "no time left" in note)
            self.rule_complete = (unfinished and hc.images == 1 and hc.consistent and bool(hc.trace_test_passed))
            self.partial = stopped and not self.rule_complete
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
